//! Checks on the plan that types cannot make: the year, ids, references,
//! dates and indicator definitions. Every problem is collected, none stops
//! the others.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, Diagnostics, Pos, file_lines, named_by, suggest};
use crate::load::followup::{Checkable, region_key, region_names};
use crate::load::locate::{Step, YamlPath};
use crate::load::plan::{PlanFile, Repairs, TakenValue};
use crate::load::printable::{
    LOST_LETTER, LOST_LETTER_SAID, describe_unprintable, first_unprintable, for_message, is_blank,
};
use crate::model::{
    Date, Id, IndicatorKind, Line, MAX_TEXT_CHARS, Markdown, NETWORK_REPORT_ID, NUMBER_LIMIT_TEXT,
    PRINTED_DECIMALS, Plan, Status, as_printed, beyond_number_limit, number_limit_hint,
};
use crate::render::escape::is_line_break;

/// Validates a loaded plan; `folder_year` is the year folder's name when it is a year.
pub fn validate_plan(file: &PlanFile, folder_year: Option<i32>) -> PlanCheck {
    validate_repaired(file, folder_year, &Repairs::default())
}

/// [`validate_plan`] for a plan read with `repairs`: what it finds inside
/// a list item that holds a stand-in value (or at a stand-in outside a
/// list), in the approval when the status, year or date is a stand-in,
/// and in every reference while an id of the perspectives or focus areas
/// is one (or either whole list), would be about the stand-in
/// rather than the file, and is left unsaid; the follow-up files are
/// sound to check against the plan only while no repair lies in the lists
/// they refer to ([`Checkable`]).
pub fn validate_repaired(
    file: &PlanFile,
    folder_year: Option<i32>,
    repairs: &Repairs,
) -> PlanCheck {
    let mut check = Checker {
        file,
        diagnostics: Diagnostics::new(),
        checkable: checkable_lists(file, repairs),
        repairs,
    };
    let plan = &file.plan;
    check.year_and_approval(plan, folder_year);
    check.logo(plan);
    check.regions(plan);
    check.lists_not_empty(plan);
    check.references(plan);
    check.line_fields(plan);
    check.markdown_fields(plan);
    check.comments_in_texts(plan);
    if let Ok(tree) = serde_json::to_value(plan) {
        let mut texts = Vec::new();
        collect_texts(&tree, YamlPath::root(), &mut texts);
        check.lengths(&texts);
        check.printable(&texts);
    }
    PlanCheck {
        diagnostics: check.diagnostics,
        checkable: check.checkable,
    }
}

/// What of the follow-up files can be checked against a plan read with
/// `repairs`: every list but those a stand-in value, an anchor's or tag's
/// emptied value or a value taken out lies in, or none where a whole list
/// may have been taken out; and whether a row naming no item may mean
/// one moved by the repairs (`misplaced`).
fn checkable_lists(file: &PlanFile, repairs: &Repairs) -> Checkable {
    let mut checkable = Checkable::ALL;
    for stand_in in &repairs.stand_ins {
        checkable.spoilt_by(stand_in);
    }
    // A value emptied by an anchor or tag ('code: &12') is a stand-in too.
    for marked in file.locations.dropped_marks() {
        checkable.spoilt_by(&marked.path);
    }
    // Where the file's shape is wrong, an item may have landed under
    // another key (an indicator appended to the activities) or lost a name
    // there ('code:' indented out of its region), and the plan reads
    // without it: a row naming no item may mean one. (A misspelt key read
    // as the one it resembles, a single value of the wrong word or type
    // (`language: EN`), a value taken out of a list item, which is that
    // item's, and a value taken by an anchor move nothing.)
    let moved = repairs
        .stand_ins
        .iter()
        .any(|stand_in| !repairs.words.contains(stand_in))
        || repairs.taken_out.iter().any(|key| {
            key.value == TakenValue::DroppedValue
                && !matches!(key.mapping.0.last(), Some(Step::Index(_)))
        });
    if moved {
        for doubts in [
            &mut checkable.regions,
            &mut checkable.indicators,
            &mut checkable.activities,
        ] {
            doubts.misplaced = true;
        }
    }
    // A list or mapping taken out may have been a whole list of the plan
    // ('indicators:' indented under 'action_plan:'), which then reads as
    // empty: no follow-up row can be checked against the plan's lists.
    // A single value taken out of a list item (a misspelt 'code' of a
    // region) may have been one of the item's names.
    if repairs
        .taken_out
        .iter()
        .any(|key| key.value == TakenValue::DroppedBlock)
    {
        checkable = Checkable::NONE;
    } else {
        for key in &repairs.taken_out {
            if let Some(Step::Index(_)) = key.mapping.0.last() {
                checkable.spoilt_by(&key.mapping);
            }
        }
    }
    checkable
}

/// What validating a plan found.
#[derive(Debug)]
pub struct PlanCheck {
    pub diagnostics: Diagnostics,
    /// Which follow-up files can be checked against the plan while other
    /// parts of it are wrong: those whose lists are free of problems.
    pub checkable: Checkable,
}

/// Every text in a serialised plan, with its path (mapping keys included,
/// at the path of the value they name).
fn collect_texts<'v>(
    value: &'v serde_json::Value,
    path: YamlPath,
    out: &mut Vec<(YamlPath, &'v str)>,
) {
    match value {
        serde_json::Value::String(text) => out.push((path, text)),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_texts(item, path.index(i), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let child = path.key(key);
                out.push((child.clone(), key));
                collect_texts(item, child, out);
            }
        }
        _ => {}
    }
}

/// The longest name printed where room is short (`short_names`): in the
/// running header, some three lines of its small type; in the organisation
/// chart, with every box's name as long, the chart still fits a page.
pub const MAX_NAME: usize = 200;

/// How deeply the Markdown of a prose field may nest lists inside lists.
/// Real plans nest two or three; Typst's parser gives up somewhere past 24,
/// so a limit well below that keeps a pasted oddity a data error with a
/// line number instead of a typesetting failure in generated code.
pub const MAX_LIST_DEPTH: usize = 12;

/// How deeply the Markdown of a prose field may nest lists, emphasis and
/// links altogether.
pub const MAX_MARKDOWN_DEPTH: usize = 32;

/// Every prose (Markdown) field of the plan, with its path.
fn prose_fields(plan: &Plan) -> Vec<(YamlPath, &Markdown)> {
    let root = YamlPath::root();
    let mut fields: Vec<(YamlPath, &Markdown)> = vec![
        (root.key("about"), &plan.about),
        (root.key("mission"), &plan.mission),
        (
            root.key("vision").key("explanation"),
            &plan.vision.explanation,
        ),
        (root.key("situation").key("intro"), &plan.situation.intro),
        (root.key("strategies").key("intro"), &plan.strategies.intro),
        (
            root.key("focus_areas").key("intro"),
            &plan.focus_areas.intro,
        ),
        (
            root.key("action_plan").key("intro"),
            &plan.action_plan.intro,
        ),
    ];
    for (i, p) in plan.perspectives.iter().enumerate() {
        fields.push((
            root.key("perspectives").index(i).key("description"),
            &p.description,
        ));
    }
    for (list, entries) in [
        ("opportunities", &plan.situation.opportunities),
        ("challenges", &plan.situation.challenges),
    ] {
        for (key, items) in entries {
            for (i, item) in items.iter().enumerate() {
                let path = root.key("situation").key(list).key(key.as_str()).index(i);
                fields.push((path, item));
            }
        }
    }
    for (i, s) in plan.strategies.items.iter().enumerate() {
        fields.push((
            root.key("strategies").key("items").index(i).key("text"),
            &s.text,
        ));
    }
    for (i, f) in plan.focus_areas.items.iter().enumerate() {
        let path = root
            .key("focus_areas")
            .key("items")
            .index(i)
            .key("follow_up");
        fields.push((path, &f.follow_up));
    }
    for (i, a) in plan.action_plan.activities.iter().enumerate() {
        let path = root
            .key("action_plan")
            .key("activities")
            .index(i)
            .key("text");
        fields.push((path, &a.text));
    }
    fields
}

/// Every one-line text field of the plan (names, titles, table cells), with its path.
fn line_fields(plan: &Plan) -> Vec<(YamlPath, &Line)> {
    let root = YamlPath::root();
    let network = root.key("network");
    let organisation = root.key("organisation");
    let mut fields: Vec<(YamlPath, &Line)> = vec![
        (network.key("name"), &plan.network.name),
        (network.key("short_name"), &plan.network.short_name),
        (network.key("parent"), &plan.network.parent),
        (
            organisation.key("secretariat"),
            &plan.organisation.secretariat,
        ),
        (
            organisation.key("coordinator"),
            &plan.organisation.coordinator,
        ),
        (organisation.key("committee"), &plan.organisation.committee),
        (
            organisation.key("process_leaders"),
            &plan.organisation.process_leaders,
        ),
        (root.key("vision").key("statement"), &plan.vision.statement),
    ];
    for (i, group) in plan.organisation.theme_groups.iter().enumerate() {
        fields.push((organisation.key("theme_groups").index(i), group));
    }
    for (i, region) in plan.regions.iter().enumerate() {
        fields.push((root.key("regions").index(i).key("name"), &region.name));
    }
    for (i, p) in plan.perspectives.iter().enumerate() {
        fields.push((root.key("perspectives").index(i).key("name"), &p.name));
    }
    for (i, s) in plan.strategies.items.iter().enumerate() {
        let path = root.key("strategies").key("items").index(i).key("title");
        fields.push((path, &s.title));
    }
    for (i, f) in plan.focus_areas.items.iter().enumerate() {
        let path = root.key("focus_areas").key("items").index(i).key("title");
        fields.push((path, &f.title));
    }
    for (i, a) in plan.action_plan.activities.iter().enumerate() {
        let at = root.key("action_plan").key("activities").index(i);
        fields.push((at.key("responsible"), &a.responsible));
        fields.push((at.key("timeline"), &a.timeline));
    }
    for (i, indicator) in plan.indicators.iter().enumerate() {
        let at = root.key("indicators").index(i);
        fields.push((at.key("text"), &indicator.text));
        if let Some(section) = &indicator.section {
            fields.push((at.key("section"), section));
        }
        if let Some(unit) = &indicator.unit {
            fields.push((at.key("unit"), unit));
        }
    }
    fields
}

/// The message for an `approved_on` that is not a date: a date in the wrong
/// order gets its ISO form as a hint; a date that is not in the calendar says so.
fn date_error(file: &Path, pos: Option<Pos>, text: &str) -> Diagnostic {
    let iso_shaped = {
        let parts: Vec<&str> = text.trim().split('-').collect();
        parts.len() == 3
            && parts
                .iter()
                .zip([4, 2, 2])
                .all(|(part, len)| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
    };
    if iso_shaped {
        return Diagnostic::error(
            file,
            pos,
            format!(
                "key 'approved_on' is '{text}', which is not a date in the calendar (check the month and the day)"
            ),
        );
    }
    let diagnostic = Diagnostic::error(
        file,
        pos,
        format!(
            "key 'approved_on' is '{text}', expected a date written YYYY-MM-DD (e.g. 2024-04-18)"
        ),
    );
    match reordered_date(text) {
        Some(date) => diagnostic.with_hint(format!("did you mean {date}?")),
        None => diagnostic,
    }
}

/// A date written day first (`18/4/2024`, `18.4.2024`, `18-04-2024`) or with
/// other separators (`2024/4/18`), as a valid date, when it is one.
fn reordered_date(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text.trim().split(['/', '.', '-', ' ']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if year.len() != 4 || month.is_empty() || month.len() > 2 || day.is_empty() || day.len() > 2 {
        return None;
    }
    Date::parse(&format!("{year}-{month:0>2}-{day:0>2}"))
}

/// A well-formed id made from one that is not: lower case, å ä → a, ö → o,
/// é → e, spaces and '_' → '-', anything else left out.
fn well_formed_id(id: &str) -> Option<String> {
    let mut out = String::new();
    for c in id.trim().to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' => out.push(c),
            'å' | 'ä' | 'á' | 'à' => out.push('a'),
            'ö' | 'ø' | 'ó' => out.push('o'),
            'é' | 'è' | 'ë' => out.push('e'),
            'ü' => out.push('u'),
            ' ' | '_' => out.push('-'),
            _ => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The names printed where room is short, with their paths and where that
/// is: the running header (the network's, each region's) and the boxes of
/// the organisation chart.
fn short_names(plan: &Plan) -> Vec<(YamlPath, &Line, &'static str)> {
    const HEADER: &str = "it is printed in the header of every page";
    const CHART: &str = "it is printed in the organisation chart";
    let root = YamlPath::root();
    let organisation = root.key("organisation");
    let chart = &plan.organisation;
    let mut names = vec![(root.key("network").key("name"), &plan.network.name, HEADER)];
    for (i, region) in plan.regions.iter().enumerate() {
        names.push((
            root.key("regions").index(i).key("name"),
            &region.name,
            HEADER,
        ));
    }
    for (key, name) in [
        ("committee", &chart.committee),
        ("secretariat", &chart.secretariat),
        ("coordinator", &chart.coordinator),
        ("process_leaders", &chart.process_leaders),
    ] {
        names.push((organisation.key(key), name, CHART));
    }
    for (i, group) in chart.theme_groups.iter().enumerate() {
        names.push((organisation.key("theme_groups").index(i), group, CHART));
    }
    names
}

/// How many characters a name has, for [`MAX_NAME`]: a letter and its
/// first combining mark count as one (macOS writes `ä` as `a` and U+0308),
/// each further mark as one more, so that a name of marks piled on a
/// letter is no shorter than it is in the PDF's strings.
fn name_length(name: &str) -> usize {
    crate::load::printable::clusters(name)
        .map(|letter| letter.chars().count().saturating_sub(1).max(1))
        .sum()
}

/// The path inside `folder` of a file named almost like `relative`: its
/// folders in another letter case (`Bilder/logo.png` for
/// `bilder/logo.png`), its name in another case or almost ('logo.svg' for
/// 'Logo.SVG' or 'logga.svg'), if there is one.
fn path_named_almost(folder: &Path, relative: &Path) -> Option<PathBuf> {
    let entries = |dir: &Path, folders: bool| -> Vec<String> {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir() == folders))
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect()
    };
    let same_letters = |names: &[String], wanted: &str| {
        names
            .iter()
            .find(|name| name.to_lowercase() == wanted.to_lowercase())
            .cloned()
    };
    let mut found = PathBuf::new();
    let parts: Vec<&str> = relative.iter().filter_map(|part| part.to_str()).collect();
    let (name, folders) = parts.split_last()?;
    for part in folders {
        let here = folder.join(&found);
        let part = if here.join(part).is_dir() {
            part.to_string()
        } else {
            same_letters(&entries(&here, true), part)?
        };
        found.push(part);
    }
    let files = entries(&folder.join(&found), false);
    let name = same_letters(&files, name)
        .or_else(|| suggest(name, files.iter().map(String::as_str)).map(str::to_string))?;
    found.push(name);
    Some(found)
}

/// Collects diagnostics for one plan file.
/// The lines of a text of plan.yaml as the file has them (see
/// [`Checker::written_lines`]).
struct WrittenLines<'a> {
    /// Where each line's text starts in the file, the text, and its indent.
    lines: Vec<(usize, &'a str, usize)>,
    /// Written after '|': its lines are kept.
    literal: bool,
    /// Written after '>': its lines are joined, but for those indented more.
    folded: bool,
}

struct Checker<'a> {
    file: &'a PlanFile,
    diagnostics: Diagnostics,
    /// The follow-up files whose lists hold no problem found so far.
    checkable: Checkable,
    /// Where the plan was read otherwise than written (see [`validate_repaired`]).
    repairs: &'a Repairs,
}

impl Checkable {
    /// Notes a problem or a repair at `path`, for the follow-up rows that
    /// name an item of the list it lies in (or of every list it lies
    /// around): the responses name regions (by id, name or code) and
    /// indicators (by id), the statuses activities (by id).
    fn spoilt_by(&mut self, path: &YamlPath) {
        let is = |step: &Step, key: &str| matches!(step, Step::Key(k) if k == key);
        match path.0.as_slice() {
            [] => *self = Checkable::NONE,
            [list, rest @ ..] if is(list, "regions") => match rest {
                // Every part of a region is a name a row may use.
                [Step::Index(i), ..] => self.regions.doubt(*i),
                _ => self.regions.whole = true,
            },
            [list, rest @ ..] if is(list, "indicators") => match rest {
                // A problem in an indicator's kind, range, unit or text
                // leaves its rows sure of their indicator, not of their
                // values.
                [Step::Index(i), key, ..] if !is(key, "id") => {
                    if !self.indicator_values.contains(i) {
                        self.indicator_values.push(*i);
                    }
                }
                [Step::Index(i), ..] => self.indicators.doubt(*i),
                _ => self.indicators.whole = true,
            },
            [plan] if is(plan, "action_plan") => self.activities.whole = true,
            [plan, list, rest @ ..] if is(plan, "action_plan") && is(list, "activities") => {
                match rest {
                    [Step::Index(i)] => self.activities.doubt(*i),
                    [Step::Index(i), key, ..] if is(key, "id") => self.activities.doubt(*i),
                    // The statuses name an activity by its id alone.
                    [Step::Index(_), ..] => {}
                    _ => self.activities.whole = true,
                }
            }
            _ => {}
        }
    }
}

/// Ids known in one list, with the index of their first occurrence.
type Known<'a> = HashMap<&'a str, usize>;

/// A list a reference may name an item of: its ids, and each item's id
/// with its name or title (which a reference may give by mistake).
type Referable<'k, 'a> = (&'k Known<'a>, &'k [(&'a str, &'a str)]);

impl<'a> Checker<'a> {
    /// The year is the folder's, and the approval is as the status says.
    fn year_and_approval(&mut self, plan: &Plan, folder_year: Option<i32>) {
        let root = YamlPath::root();
        if let Some(folder_year) = folder_year
            && plan.year != folder_year
        {
            self.error_at(
                &root.key("year"),
                format!(
                    "key 'year' is {}, but the folder is named {folder_year} (they must be equal)",
                    plan.year
                ),
            );
        }
        let approval = ["status", "year", "approved_on"].map(|key| root.key(key));
        if !self.repairs.stand_ins.iter().any(|p| approval.contains(p)) {
            // A year that is not the folder's is reported above, and may be any
            // number (i32::MIN): the approval date is measured against the
            // folder's, which is the year the plan is for.
            let year = folder_year.or(Some(plan.year).filter(|year| (1000..=9999).contains(year)));
            self.approval(plan, year);
        }
    }

    /// The regions: ids and codes and names unique, none named as the
    /// network's report, and their names told apart.
    fn regions(&mut self, plan: &Plan) {
        let root = YamlPath::root();
        self.unique_ids("regions", plan.regions.iter().map(|r| &r.id));
        for (i, region) in plan.regions.iter().enumerate() {
            if region.id.as_str() == NETWORK_REPORT_ID {
                // The two reports would be written to one file, and one lost.
                self.error_at(
                    &root.key("regions").index(i).key("id"),
                    format!(
                        "key 'regions[{i}].id' is '{NETWORK_REPORT_ID}', which names the network's own \
                         report (uppfoljning-{year}-{NETWORK_REPORT_ID}.pdf) (expected another id, such as \
                         the region's name)",
                        year = plan.year
                    ),
                );
            }
        }
        self.unique_values(
            "regions",
            "code",
            plan.regions.iter().map(|r| r.code.as_deref()),
        );
        self.unique_values(
            "regions",
            "name",
            plan.regions.iter().map(|r| Some(r.name.as_str())),
        );
        self.region_names_apart(plan);
    }

    /// The lists the documents print as sentences, tables and charts,
    /// which an empty one would leave standing over nothing ("Våra
    /// strategier är:", "organiserar 0 temagrupper"), are not empty.
    fn lists_not_empty(&mut self, plan: &Plan) {
        let root = YamlPath::root();
        let required = [
            (root.key("regions"), plan.regions.len(), "member region"),
            (
                root.key("perspectives"),
                plan.perspectives.len(),
                "perspective",
            ),
            (
                root.key("organisation").key("theme_groups"),
                plan.organisation.theme_groups.len(),
                "theme group",
            ),
            (
                root.key("strategies").key("items"),
                plan.strategies.items.len(),
                "strategy",
            ),
            (
                root.key("focus_areas").key("items"),
                plan.focus_areas.items.len(),
                "focus area",
            ),
        ];
        for (path, len, what) in required {
            if len == 0 {
                self.error_at(
                    &path,
                    format!("key '{path}' is empty (expected at least one {what})"),
                );
            }
        }
    }

    /// Every id is unique in its list, and every reference names an item
    /// of the list it refers to (or says which it meant by its name).
    fn references(&mut self, plan: &Plan) {
        let root = YamlPath::root();
        let perspectives = self.unique_ids("perspectives", plan.perspectives.iter().map(|p| &p.id));
        let focus_areas = self.unique_ids(
            "focus_areas.items",
            plan.focus_areas.items.iter().map(|f| &f.id),
        );
        self.unique_ids(
            "action_plan.activities",
            plan.action_plan.activities.iter().map(|a| &a.id),
        );
        self.unique_ids("indicators", plan.indicators.iter().map(|i| &i.id));

        // What a reference may give instead of an id: its item's name or title.
        let perspective_names: Vec<(&str, &str)> = plan
            .perspectives
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect();
        let focus_area_titles: Vec<(&str, &str)> = plan
            .focus_areas
            .items
            .iter()
            .map(|f| (f.id.as_str(), f.title.as_str()))
            .collect();
        let situation = root.key("situation");
        for (list, entries) in [
            ("opportunities", &plan.situation.opportunities),
            ("challenges", &plan.situation.challenges),
        ] {
            for key in entries.keys() {
                self.reference_key(
                    &situation.key(list).key(key.as_str()),
                    key,
                    "perspective",
                    (&perspectives, &perspective_names),
                );
            }
        }
        let items = root.key("focus_areas").key("items");
        for (i, area) in plan.focus_areas.items.iter().enumerate() {
            self.reference(
                &items.index(i).key("perspective"),
                &area.perspective,
                "perspective",
                (&perspectives, &perspective_names),
            );
        }
        let activities = root.key("action_plan").key("activities");
        for (i, activity) in plan.action_plan.activities.iter().enumerate() {
            self.reference(
                &activities.index(i).key("focus_area"),
                &activity.focus_area,
                "focus area",
                (&focus_areas, &focus_area_titles),
            );
        }
        self.indicators(plan, (&focus_areas, &focus_area_titles));
        self.focus_areas_in_use(plan, &focus_areas);
        self.situation_of_every_perspective(plan, &perspectives);
    }

    /// Reports an error at the value of `path`.
    fn error_at(&mut self, path: &YamlPath, message: impl Into<String>) {
        let pos = self.file.locations.value(path);
        self.report(path, Diagnostic::error(&self.file.path, pos, message));
    }

    fn error_at_with_hint(&mut self, path: &YamlPath, message: String, hint: &str) {
        let pos = self.file.locations.value(path);
        self.report(
            path,
            Diagnostic::error(&self.file.path, pos, message).with_hint(hint),
        );
    }

    /// Reports a warning at the value of `path`: the plan prints, but not
    /// as its writer meant, and the follow-up files are checked as usual.
    fn warning_at(&mut self, path: &YamlPath, message: String, hint: &str) {
        let pos = self.file.locations.value(path);
        let diagnostic = Diagnostic::warning(&self.file.path, pos, message).with_hint(hint);
        self.push_unless_about_a_stand_in(path, diagnostic);
    }

    /// Reports a warning at the key of `path`: about what its value lacks.
    fn warning_at_key(&mut self, path: &YamlPath, message: String, hint: &str) {
        let pos = self.file.locations.key(path);
        let diagnostic = Diagnostic::warning(&self.file.path, pos, message).with_hint(hint);
        self.push_unless_about_a_stand_in(path, diagnostic);
    }

    /// Adds a problem of the value at `path`, noting whether it lies in a
    /// list that the follow-up files refer to; not one about a stand-in.
    fn report(&mut self, path: &YamlPath, diagnostic: Diagnostic) {
        self.checkable.spoilt_by(path);
        self.push_unless_about_a_stand_in(path, diagnostic);
    }

    fn push_unless_about_a_stand_in(&mut self, path: &YamlPath, diagnostic: Diagnostic) {
        let about_a_stand_in = self.repairs.stand_ins.iter().any(|stand_in| {
            let scope = stand_in.item();
            path.is_within(&scope)
        });
        if !about_a_stand_in {
            self.diagnostics.push(diagnostic);
        }
    }

    /// Whether a stand-in lies in a list whose ids the plan refers to (the
    /// perspectives, the focus areas): an id stood in for, or a whole list,
    /// would make every reference to it look broken.
    fn referenced_ids_stood_in(&self) -> bool {
        let lists = [
            YamlPath::root().key("perspectives"),
            YamlPath::root().key("focus_areas"),
        ];
        self.repairs
            .stand_ins
            .iter()
            .any(|p| lists.iter().any(|list| p.is_within(list)))
    }

    /// The file the diagnostics name.
    fn path(&self) -> &Path {
        &self.file.path
    }

    /// `approved_on` present exactly when approved, and a real date; in
    /// `year` (the plan's, where it is known) or the one before.
    fn approval(&mut self, plan: &Plan, year: Option<i32>) {
        let path = YamlPath::root().key("approved_on");
        match (plan.status, plan.approved_on.as_deref()) {
            // The example in the plan's own year: one copied from another
            // year's plan would pass (a meeting may be in the autumn before).
            (Status::Approved, None) => self.error_at(
                &YamlPath::root().key("status"),
                format!(
                    "key 'status' is 'approved', but 'approved_on' is missing (expected the \
                     annual meeting's date, e.g. approved_on: {}-04-18)",
                    year.map_or("YYYY".to_string(), |year| year.to_string())
                ),
            ),
            (Status::Draft, Some(_)) => self.error_at(
                &path,
                "key 'approved_on' is given, but 'status' is 'draft' (remove approved_on, or set status: approved)",
            ),
            (Status::Approved, Some(text)) => match Date::parse(text) {
                None => {
                    let pos = self.file.locations.value(&path);
                    self.report(&path, date_error(self.path(), pos, text));
                }
                // The annual meeting approves a year's plan that year or
                // the autumn before; another year is a typing mistake
                // (2042 for 2024) that the cover would print.
                Some(date)
                    if let Some(year) = year
                        && !(year - 1..=year).contains(&date.year) =>
                {
                    self.error_at(
                    &path,
                    format!(
                        "key 'approved_on' is '{text}', a date in {}, expected a date in {} or {} (the meeting that approved the plan for {year})",
                        date.year,
                        year - 1,
                        year,
                    ),
                )
                }
                Some(_) => {}
            },
            _ => {}
        }
    }

    /// The logo is an svg or png inside the year folder.
    fn logo(&mut self, plan: &Plan) {
        let Some(logo) = &plan.network.logo else {
            return;
        };
        let path = YamlPath::root().key("network").key("logo");
        let relative = Path::new(logo);
        let escapes = relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)));
        if escapes {
            let message = format!(
                "key 'network.logo' is '{logo}', expected a file name inside the year folder"
            );
            // `./logo.svg` is inside it, but names it otherwise than the
            // documents and the manifest do.
            let plain: PathBuf = relative
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect();
            let only_here = relative.components().all(|c| {
                matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
            if only_here && !plain.as_os_str().is_empty() {
                let message = format!(
                    "key 'network.logo' is '{logo}', expected a path from the year folder, \
                     without './'"
                );
                let hint = format!("write '{}'", plain.display());
                self.error_at_with_hint(&path, message, &hint);
            } else {
                self.error_at(&path, message);
            }
            return;
        }
        let extension = relative
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        if !matches!(extension.as_deref(), Some("svg" | "png")) {
            self.error_at(
                &path,
                format!("key 'network.logo' is '{logo}', expected an .svg or .png file"),
            );
            return;
        }
        let folder = self.path().parent().unwrap_or(Path::new("."));
        // Something there that is not a file (a folder, a pipe, a link to
        // nothing) is named as what it is when the logo is read.
        if std::fs::symlink_metadata(folder.join(relative)).is_err() {
            let message = format!(
                "key 'network.logo' is '{logo}', but there is no such file in {}",
                folder.display()
            );
            // Windows writes 'bilder\logo.svg'; the path is read as on
            // every system, with '/'.
            let slashed = logo.replace('\\', "/");
            if slashed != logo.as_str() && folder.join(&slashed).is_file() {
                self.error_at_with_hint(&path, message, &format!("write '{slashed}', with '/'"));
            } else if logo.contains('\\') {
                self.error_at_with_hint(&path, message, "separate folders with '/', not '\\'");
            } else if let Some(near) = path_named_almost(folder, relative) {
                // 'Logo.SVG' for 'logo.svg': the file names of a server
                // tell letter cases apart, Windows' do not.
                let near = near.to_string_lossy().replace('\\', "/");
                self.error_at_with_hint(&path, message, &format!("did you mean '{near}'?"));
            } else {
                self.error_at(&path, message);
            }
        }
    }

    /// Ids of one list are well formed and unique; returns them with their index.
    fn unique_ids<'b>(&mut self, list: &str, ids: impl Iterator<Item = &'b Id>) -> Known<'b> {
        let list_path = list.split('.').fold(YamlPath::root(), |p, k| p.key(k));
        let mut known = Known::new();
        for (i, id) in ids.enumerate() {
            let path = list_path.index(i).key("id");
            if !id.is_well_formed() {
                let pos = self.file.locations.value(&path);
                let diagnostic = Diagnostic::error(
                    self.path(),
                    pos,
                    format!(
                        "key '{list}[{i}].id' is '{}', expected lower-case letters a-z, digits and '-' only",
                        for_message(id.as_str())
                    ),
                );
                let diagnostic = match well_formed_id(id.as_str()) {
                    Some(id) => diagnostic.with_hint(format!("for example '{id}'")),
                    None => diagnostic,
                };
                self.report(&path, diagnostic);
            } else if id.as_str().len() > Id::MAX_CHARS {
                self.error_at_with_hint(
                    &path,
                    format!(
                        "key '{list}[{i}].id' is {} characters long, expected at most {} (an id \
                         is part of file names, CSV cells and the network's table)",
                        id.as_str().len(),
                        Id::MAX_CHARS
                    ),
                    "shorten the id; the name or text beside it can be as long as it needs",
                );
            }
            if let Some(first) = known.get(id.as_str()) {
                let line = self
                    .file
                    .locations
                    .value(&list_path.index(*first).key("id"))
                    .map(|p| p.line);
                let first = line
                    .map(|l| format!(" (first used on line {l})"))
                    .unwrap_or_default();
                let id = for_message(id.as_str());
                self.error_at(&path, format!("duplicate id '{id}' in '{list}'{first}"));
            } else {
                known.insert(id.as_str(), i);
            }
        }
        known
    }

    /// Optional values of one field are unique across a list.
    fn unique_values<'b>(
        &mut self,
        list: &str,
        field: &str,
        values: impl Iterator<Item = Option<&'b str>>,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, value) in values.enumerate() {
            let Some(value) = value else { continue };
            if let Some(first) = seen.get(value) {
                let path = YamlPath::root().key(list).index(i).key(field);
                let first_path = YamlPath::root().key(list).index(*first).key(field);
                let first = match self.file.locations.value(&first_path) {
                    Some(pos) => format!("first used on line {}", pos.line),
                    None => format!("first used in {list}[{first}]"),
                };
                self.error_at(
                    &path,
                    format!(
                        "duplicate {field} '{}' in '{list}' ({first}; each must be unique)",
                        for_message(value)
                    ),
                );
            } else {
                seen.insert(value, i);
            }
        }
    }

    /// No two regions share a name a CSV file may use for them (an id, a
    /// name or a code, compared as a CSV cell is: see [`region_key`], and
    /// numbers as Excel reads them, "03" as 3), which would leave the rows
    /// naming it to whichever region came first. Equal values of one
    /// field are left to [`Checker::unique_ids`] and
    /// [`Checker::unique_values`].
    fn region_names_apart(&mut self, plan: &Plan) {
        let regions = YamlPath::root().key("regions");
        let mut seen: HashMap<String, (usize, &str, &str)> = HashMap::new();
        let mut exact: HashSet<(&str, &str)> = HashSet::new();
        for (i, region) in plan.regions.iter().enumerate() {
            for (field, value) in region_names(region) {
                let first_of_its_value = exact.insert((field, value));
                let key = region_key(value);
                let key = key.parse::<u32>().map_or(key, |n| n.to_string());
                if key.is_empty() {
                    continue;
                }
                let Some(&(j, first_field, first_value)) = seen.get(&key) else {
                    seen.insert(key, (i, field, value));
                    continue;
                };
                // (An equal value of one field is a duplicate, reported as such.)
                if j == i || !first_of_its_value {
                    continue;
                }
                let article = if field == "id" { "an" } else { "a" };
                let first_path = regions.index(j).key(first_field);
                let line = self
                    .file
                    .locations
                    .value(&first_path)
                    .map(|pos| format!(" on line {}", pos.line))
                    .unwrap_or_default();
                self.error_at_with_hint(
                    &regions.index(i).key(field),
                    format!(
                        "key 'regions[{i}].{field}' is '{}', which a CSV file cannot tell from \
                         the {first_field} '{}' of regions[{j}]{line} (expected {article} {field} \
                         of its own)",
                        for_message(value),
                        for_message(first_value),
                    ),
                    "a CSV file's region cells are read without regard to letter case, '-' \
                     or the word 'Region', and numbers as Excel reads them ('012' as 12)",
                );
            }
        }
    }

    /// A reference held in a value resolves.
    fn reference(&mut self, path: &YamlPath, id: &Id, what: &str, known: Referable<'_, '_>) {
        if !known.0.contains_key(id.as_str()) && !self.referenced_ids_stood_in() {
            let diagnostic = self.unknown(path, id, what, known);
            self.report(path, diagnostic);
        }
    }

    /// A reference used as a mapping key resolves (located at the key).
    fn reference_key(&mut self, path: &YamlPath, id: &Id, what: &str, known: Referable<'_, '_>) {
        if !known.0.contains_key(id.as_str()) && !self.referenced_ids_stood_in() {
            let mut diagnostic = self.unknown(path, id, what, known);
            diagnostic.pos = self.file.locations.key(path);
            self.report(path, diagnostic);
        }
    }

    /// The message for a reference to nothing, with a suggestion: the id
    /// of the item it names by its name or title, or the closest id.
    fn unknown(
        &self,
        path: &YamlPath,
        id: &Id,
        what: &str,
        (known, names): Referable<'_, '_>,
    ) -> Diagnostic {
        let mut ids: Vec<&str> = known.keys().copied().collect();
        ids.sort_unstable();
        let expected = if ids.is_empty() {
            format!("there is no {what} to refer to")
        } else {
            let listed: Vec<String> = ids.iter().map(|k| format!("'{k}'")).collect();
            format!("expected one of {}", listed.join(", "))
        };
        let key = path.to_string();
        let diagnostic = Diagnostic::error(
            self.path(),
            self.file.locations.value(path),
            format!(
                "key '{key}' refers to {what} '{}', which does not exist ({expected})",
                for_message(id.as_str())
            ),
        );
        if let Some(named) = named_by(id.as_str(), names.iter().copied()) {
            return diagnostic.with_hint(format!("write its id: '{named}'"));
        }
        match suggest(id.as_str(), ids.iter().copied()) {
            Some(close) => diagnostic.with_hint(format!("did you mean '{close}'?")),
            None => diagnostic,
        }
    }

    /// Every focus area has a title of its own and an activity in the
    /// action plan: the plan's table prints an area without one as a row
    /// of empty cells, and the network report two areas of one title under
    /// one heading twice. Warnings: a draft may not have its activities yet.
    fn focus_areas_in_use(&mut self, plan: &Plan, focus_areas: &Known<'_>) {
        let items = YamlPath::root().key("focus_areas").key("items");
        let activities = YamlPath::root().key("action_plan").key("activities");
        let mut titles: HashMap<String, usize> = HashMap::new();
        for (i, area) in plan.focus_areas.items.iter().enumerate() {
            let title = area.title.as_str();
            // As a reader tells titles apart: not by letter case, spaces,
            // a letter's composition (NFC or NFD 'ö') or soft hyphens.
            let key = title
                .nfc()
                .filter(|c| *c != '\u{ad}')
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            match titles.get(&key) {
                Some(&first) => {
                    let same = if plan.focus_areas.items[first].title.as_str() == title {
                        "as is the title"
                    } else {
                        "the title, as it reads,"
                    };
                    let line = self
                        .file
                        .locations
                        .value(&items.index(first).key("title"))
                        .map(|pos| format!(" on line {}", pos.line))
                        .unwrap_or_default();
                    self.warning_at(
                        &items.index(i).key("title"),
                        format!(
                            "key 'focus_areas.items[{i}].title' is '{}', {same} of \
                             focus_areas.items[{first}]{line} (expected a title of its own: the \
                             documents would show two focus areas of one name)",
                            for_message(title)
                        ),
                        "give each focus area its own title, or merge the two into one",
                    );
                }
                None => {
                    titles.insert(key, i);
                }
            }
        }
        // Where one of the activities names a focus area that does not
        // exist (or a stand-in), or a list was left out of the action plan
        // (the activities under another key), the area meant may be among
        // those that seem to have none; the error says so.
        let list_left_out = self.repairs.taken_out.iter().any(|key| {
            key.value == TakenValue::DroppedBlock
                && (key.mapping.is_within(&activities) || activities.is_within(&key.mapping))
        });
        let references_resolve = plan
            .action_plan
            .activities
            .iter()
            .all(|a| focus_areas.contains_key(a.focus_area.as_str()));
        if list_left_out || !references_resolve {
            return;
        }
        if plan.action_plan.activities.is_empty() {
            self.warning_at(
                &activities,
                "key 'action_plan.activities' is empty (expected at least one activity: the \
                 action plan's table would show every focus area with empty cells)"
                    .to_string(),
                "add the year's activities, each with 'focus_area:' naming its focus area",
            );
            return;
        }
        let in_use: HashSet<&str> = plan
            .action_plan
            .activities
            .iter()
            .map(|a| a.focus_area.as_str())
            .collect();
        for (i, area) in plan.focus_areas.items.iter().enumerate() {
            let id = area.id.as_str();
            if !in_use.contains(id) && focus_areas.get(id) == Some(&i) {
                let id = for_message(id);
                self.warning_at(
                    &items.index(i).key("id"),
                    format!(
                        "focus area '{id}' has no activity in 'action_plan.activities' \
                         (expected at least one: the action plan's table would show it with \
                         empty cells)"
                    ),
                    &format!(
                        "add an activity with 'focus_area: {id}', or leave the focus area out"
                    ),
                );
            }
        }
    }

    /// Warnings for a perspective without opportunities or challenges in
    /// `situation`: Nuläge leaves it out without a word, and a block
    /// deleted or indented under another key is content lost. None while
    /// a list names a perspective that does not exist (the one meant may
    /// be the one missing; the error says so) or the perspectives are in
    /// doubt.
    fn situation_of_every_perspective(&mut self, plan: &Plan, perspectives: &Known<'_>) {
        if self.referenced_ids_stood_in() {
            return;
        }
        let situation = YamlPath::root().key("situation");
        for (list, entries) in [
            ("opportunities", &plan.situation.opportunities),
            ("challenges", &plan.situation.challenges),
        ] {
            let path = situation.key(list);
            let dropped = self.repairs.taken_out.iter().any(|key| {
                key.value == TakenValue::DroppedBlock
                    && (key.mapping.is_within(&path) || path.is_within(&key.mapping))
            });
            if dropped
                || entries
                    .keys()
                    .any(|id| !perspectives.contains_key(id.as_str()))
            {
                continue;
            }
            if entries.is_empty() {
                // Left out, or `{}`: one warning, not one per perspective.
                self.warning_at_key(
                    &path,
                    format!(
                        "key 'situation.{list}' holds no list (expected one for each \
                         perspective: Nuläge would show no {list})"
                    ),
                    &format!(
                        "add the {list} under 'situation.{list}', a list for each perspective"
                    ),
                );
                continue;
            }
            for (i, perspective) in plan.perspectives.iter().enumerate() {
                let id = perspective.id.as_str();
                if perspectives.get(id) != Some(&i) {
                    continue;
                }
                let shown = for_message(id);
                match entries.get(&perspective.id) {
                    None => self.warning_at_key(
                        &path,
                        format!(
                            "key 'situation.{list}' has no list for perspective '{shown}' \
                             (expected one for each perspective: Nuläge would show the {list} \
                             of the others only)"
                        ),
                        &format!("add '{shown}:' with its {list} under 'situation.{list}'"),
                    ),
                    Some(items) if items.is_empty() => self.warning_at(
                        &path.key(id),
                        format!(
                            "key 'situation.{list}.{shown}' is empty (expected at least one \
                             item: Nuläge would leave the perspective out of its {list})"
                        ),
                        &format!("add the perspective's {list}"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }

    /// Every text of the plan holds only characters the documents can print.
    fn printable(&mut self, texts: &[(YamlPath, &str)]) {
        for (path, text) in texts {
            if text.contains(LOST_LETTER) {
                let (what, hint) = LOST_LETTER_SAID;
                let pos = self.char_position(path, LOST_LETTER);
                let message = format!("key '{path}' holds {what}");
                self.report(
                    path,
                    Diagnostic::error(self.path(), pos, message).with_hint(hint),
                );
                continue;
            }
            let (Some((_, c)), Some(found)) = (first_unprintable(text), describe_unprintable(text))
            else {
                continue;
            };
            let pos = self.char_position(path, c);
            self.report(
                path,
                Diagnostic::error(
                    self.path(),
                    pos,
                    format!("key '{path}' holds {found}, which the documents' fonts cannot print"),
                )
                .with_hint("remove the character or replace it with one the fonts have"),
            );
        }
    }

    /// No text is longer than [`MAX_TEXT_CHARS`].
    fn lengths(&mut self, texts: &[(YamlPath, &str)]) {
        let names: Vec<YamlPath> = short_names(&self.file.plan)
            .into_iter()
            .map(|(path, ..)| path)
            .collect();
        for (path, text) in texts {
            let length = text.chars().count();
            // A name has its own, shorter limit (`MAX_NAME`).
            if length > MAX_TEXT_CHARS && !names.contains(path) {
                self.error_at_with_hint(
                    path,
                    format!(
                        "key '{path}' is {length} characters long, expected at most \
                         {MAX_TEXT_CHARS} (some 8 pages)"
                    ),
                    "shorten the text; a longer one is a document of its own, which the plan can name",
                );
            }
        }
    }

    /// Where `c` first appears at or after the value at `path` (the value
    /// itself when it cannot be found, e.g. when written as an escape).
    fn char_position(&self, path: &YamlPath, c: char) -> Option<Pos> {
        let start = self.file.locations.value(path)?;
        let mut lines = file_lines(&self.file.text)
            .map(|(_, line)| line)
            .enumerate()
            .skip(start.line.saturating_sub(1));
        let (_, first) = lines.next()?;
        let skip = start.column.unwrap_or(1).saturating_sub(1);
        // A block value starts at its '|' or '>', whose line holds no
        // more of the value (only, perhaps, a comment).
        let block = matches!(first.chars().nth(skip), Some('|' | '>'));
        if !block && let Some(i) = first.chars().skip(skip).position(|x| x == c) {
            return Some(Pos::new(start.line, skip + i + 1));
        }
        // A block value goes on over the following lines.
        for (index, line) in lines.take(10_000) {
            if let Some(i) = line.chars().position(|x| x == c) {
                return Some(Pos::new(index + 1, i + 1));
            }
        }
        Some(start)
    }

    /// An empty text at `path`: the hint for a key's value, or for a list item's.
    fn empty_text(&mut self, path: &YamlPath, for_key: &str, for_item: &str) {
        let hint = if path.last_key().is_some() {
            for_key
        } else {
            for_item
        };
        self.error_at_with_hint(
            path,
            format!("key '{path}' is empty, expected a text"),
            hint,
        );
    }

    /// Every one-line field holds a text, on one line: a heading or a table
    /// of contents entry ends at a line break, and an empty heading is
    /// refused by the PDF/UA export.
    fn line_fields(&mut self, plan: &Plan) {
        for (path, line) in line_fields(plan) {
            if is_blank(line) {
                self.empty_text(
                    &path,
                    "write the value after the ':'",
                    "write the value after the '- '",
                );
            } else if line.contains(is_line_break) {
                self.error_at_with_hint(
                    &path,
                    format!("key '{path}' holds a line break, expected one line of text"),
                    "write the value on one line, or on indented lines without a '|' before \
                     them: YAML joins those with spaces",
                );
            }
        }
        // The running header has the room of the top margin: a name of some
        // five lines would reach past the page's top edge. The organisation
        // chart is kept on one page: what does not fit would be cut off.
        for (path, name, printed) in short_names(plan) {
            let length = name_length(name);
            if length > MAX_NAME {
                self.error_at_with_hint(
                    &path,
                    format!(
                        "key '{path}' is {length} characters long, expected at most {MAX_NAME} \
                         ({printed})"
                    ),
                    "shorten the name",
                );
            }
        }
    }

    /// No printed text is cut short by a comment: in a value written
    /// without quotes, YAML reads ` #` and what follows as a comment,
    /// which `#` written as part of the text ("vecka 12 # preliminärt")
    /// would leave out of the document without a word. A comment after
    /// another value (`status: draft # fastställs i april`) is fine.
    fn comments_in_texts(&mut self, plan: &Plan) {
        let paths = prose_fields(plan)
            .into_iter()
            .map(|(path, _)| path)
            .chain(line_fields(plan).into_iter().map(|(path, _)| path));
        for path in paths {
            let Some(pos) = self.file.locations.comment_after(&path, &self.file.text) else {
                continue;
            };
            self.report(
                &path,
                Diagnostic::error(
                    &self.file.path,
                    Some(pos),
                    format!(
                        "key '{path}' ends where a comment starts: YAML reads ' #' and what \
                         follows as a comment, which is not printed (expected the whole text \
                         as its value)"
                    ),
                )
                .with_hint(
                    "put the text in quotes to keep the '#' in it, or write the comment on a \
                     line of its own",
                ),
            );
        }
    }

    /// Every prose field holds a text (an empty one would leave a heading
    /// over nothing, or an empty cell or bullet), and nests its Markdown no
    /// deeper than Typst can follow.
    fn markdown_fields(&mut self, plan: &Plan) {
        for (path, text) in prose_fields(plan) {
            if is_blank(&text.0) {
                self.empty_text(
                    &path,
                    "write the text after the ':', or after '|' on the lines below",
                    "write the text after the '- ', or remove the empty item",
                );
                continue;
            }
            let (lists, all) = crate::render::markdown::depth(&text.0);
            if lists > MAX_LIST_DEPTH {
                self.error_at(
                    &path,
                    format!(
                        "key '{path}' has lists inside lists {lists} levels deep (at most {MAX_LIST_DEPTH})"
                    ),
                );
            } else if all > MAX_MARKDOWN_DEPTH {
                self.error_at(
                    &path,
                    format!("key '{path}' has lists, emphasis and links inside each other {all} levels deep (at most {MAX_MARKDOWN_DEPTH})"),
                );
            }
            if let Some((pos, bullet)) = self.pasted_bullet(&path, &text.0) {
                let diagnostic = Diagnostic::warning(
                    &self.file.path,
                    Some(pos),
                    format!(
                        "the line that starts with '{bullet}' is joined to the line above it \
                         into one paragraph, as every line of a text is (a list pasted from a \
                         word processor prints as one line)"
                    ),
                )
                .with_hint(
                    "for a list, write the text after '|' and start each item with '- ' in \
                     place of the bullet, after an empty line",
                );
                self.push_unless_about_a_stand_in(&path, diagnostic);
            }
            if let Some((address, link)) = crate::render::markdown::link_printed_as_written(&text.0)
            {
                let pos = self.written_at(&path, &text.0, link);
                let shown = for_message(&address);
                let diagnostic = Diagnostic::warning(
                    &self.file.path,
                    pos,
                    format!(
                        "the link to '{shown}' prints as written, brackets and all: a PDF's \
                         link cannot lead there"
                    ),
                );
                let rule = "a link's address starts with https://, http://, mailto: or www.";
                // Where it is a bare mail or web address, the address to
                // give; else (a scheme mistyped, a page's own anchor) the rule.
                let bare = !address.contains([':', '/', '#', ' ']) && !address.is_empty();
                let hint = match address.matches('@').count() {
                    1 if bare => format!("for a mail address, give mailto:{shown}: {rule}"),
                    0 if bare && address.contains('.') => {
                        format!("for a web page, give https://{shown}: {rule}")
                    }
                    _ => rule.to_string(),
                };
                self.push_unless_about_a_stand_in(&path, diagnostic.with_hint(hint));
            }
            if let Some(at) = crate::render::markdown::line_joined_to_an_item(&text.0) {
                let written = self.written_lines(&path);
                let pos = self.line_as_written(&path, &written, &text.0, at);
                let diagnostic = Diagnostic::warning(
                    &self.file.path,
                    pos,
                    "the line right below a list item, not indented under its text, \
                     continues that item (Markdown joins it to the item's last line)",
                )
                .with_hint(
                    "for a paragraph after the list, put an empty line above it; to keep it \
                     in the item, indent it as far as the item's text",
                );
                self.push_unless_about_a_stand_in(&path, diagnostic);
            }
        }
    }

    /// Where the text at `path` has a line written as an item of a list
    /// pasted from a word processor (`•`, see `pasted_list_marker`) that
    /// is joined to the line above it, so that the list prints as one
    /// paragraph, bullets inside it: by YAML, in a text written without
    /// '|' or '>' (the line right below another), or by Markdown (see
    /// `joined_list_item`). The line as written in the file, and its
    /// marker.
    fn pasted_bullet(&self, path: &YamlPath, text: &str) -> Option<(Pos, String)> {
        use crate::render::markdown::{joined_list_item, pasted_list_marker};
        let written = self.written_lines(path);
        let found = |at: usize| Pos::of_byte(&self.file.text, at);
        if !written.literal {
            let lines = &written.lines;
            let text_lines = &lines[usize::from(written.folded).min(lines.len())..];
            // The text's indentation (its least: `>2` may set it below
            // its first line's).
            let base = text_lines
                .iter()
                .filter(|(_, item, _)| !item.is_empty())
                .map(|l| l.2)
                .min();
            let joined_by_yaml = |indent: usize| !written.folded || Some(indent) == base;
            for pair in text_lines.windows(2) {
                let ((_, above, above_indent), (at, line, indent)) = (pair[0], pair[1]);
                let joined =
                    !above.is_empty() && joined_by_yaml(above_indent) && joined_by_yaml(indent);
                if let Some(marker) = pasted_list_marker(line).filter(|_| joined) {
                    return Some((found(at), marker));
                }
            }
        }
        let (marker, at) = joined_list_item(text)?;
        Some((self.line_as_written(path, &written, text, at)?, marker))
    }

    /// The lines of the text at `path` as the file has them, and how it is
    /// written: after '|' (kept line by line), '>' (joined, but for lines
    /// indented more) or neither (joined).
    fn written_lines(&self, path: &YamlPath) -> WrittenLines<'_> {
        let bytes = self.file.locations.scalar_bytes(path);
        let written = bytes.clone().and_then(|bytes| self.file.text.get(bytes));
        // A '|' text keeps its lines; a '>' text joins them, after its
        // first line (its '>', after any tag: `!!str >`), but for lines
        // indented more than its text; a text written without either
        // joins them all.
        let indicator = written
            .and_then(|w| file_lines(w).next())
            .map(|(_, header)| header)
            .and_then(|header| {
                header
                    .split_whitespace()
                    .find(|t| !t.starts_with(['!', '&']))
            })
            .and_then(|token| token.chars().next());
        // Where each line starts in the file, its text, and how far it is
        // indented.
        let mut lines = Vec::new();
        if let (Some(bytes), Some(written)) = (&bytes, written) {
            for (start, raw) in file_lines(written) {
                let item = raw.trim_start();
                let indent = raw.len() - item.len();
                lines.push((bytes.start + start + indent, item.trim_end(), indent));
            }
        }
        WrittenLines {
            lines,
            literal: indicator == Some('|'),
            folded: indicator == Some('>'),
        }
    }

    /// Where the line of `text` (the value at `path`) that starts at byte
    /// `at` stands in the file: under '|' the same line, after the '|';
    /// otherwise YAML joined lines, so it is no earlier. The value's own
    /// place where the line is not found.
    fn line_as_written(
        &self,
        path: &YamlPath,
        written: &WrittenLines<'_>,
        text: &str,
        at: usize,
    ) -> Option<Pos> {
        // (As the file's lines are kept: without their indentation.)
        let line = text[at..].lines().next().unwrap_or_default().trim();
        let index = text[..at].matches('\n').count();
        let lines = &written.lines;
        let written_at = if written.literal {
            lines
                .get(index + 1)
                .filter(|(_, raw, _)| raw.starts_with(line))
        } else {
            lines
                .iter()
                .skip((index + usize::from(written.folded)).max(1))
                .find(|(_, raw, _)| raw.starts_with(line))
        };
        written_at
            .map(|&(at, _, _)| Pos::of_byte(&self.file.text, at))
            .or(self.file.locations.value(path))
    }

    /// Where the part `range` of `text` (the value at `path`) stands in the
    /// file: the first of the text's lines as written that holds its first
    /// line; where none does (YAML joined it across lines, or wrote it
    /// with escapes), the start of its line (`line_as_written`).
    fn written_at(&self, path: &YamlPath, text: &str, range: Range<usize>) -> Option<Pos> {
        let written = self.written_lines(path);
        let part = text[range.clone()].lines().next().unwrap_or_default();
        let found = written
            .lines
            .iter()
            .find_map(|&(at, raw, _)| Some(at + raw.find(part)?))
            .filter(|_| !part.is_empty());
        match found {
            Some(at) => Some(Pos::of_byte(&self.file.text, at)),
            None => {
                let line = text[..range.start].rfind('\n').map_or(0, |end| end + 1);
                self.line_as_written(path, &written, text, line)
            }
        }
    }

    /// Each indicator belongs to exactly one group and has the fields its kind needs.
    fn indicators(&mut self, plan: &Plan, focus_areas: Referable<'_, '_>) {
        let list = YamlPath::root().key("indicators");
        for (i, indicator) in plan.indicators.iter().enumerate() {
            let at = list.index(i);
            let name = format!("indicators[{i}] ('{}')", indicator.id);
            match (&indicator.section, &indicator.focus_area) {
                (Some(_), Some(_)) => self.error_at(
                    &at.key("section"),
                    format!("{name} has both 'section' and 'focus_area' (expected exactly one of them)"),
                ),
                (None, None) => self.error_at(
                    &at.key("id"),
                    format!("{name} has neither 'section' nor 'focus_area' (expected exactly one of them)"),
                ),
                (None, Some(area)) => self.reference(&at.key("focus_area"), area, "focus area", focus_areas),
                (Some(_), None) => {}
            }
            for (key, end, example) in [("min", indicator.min, 1), ("max", indicator.max, 10)] {
                // YAML's `.nan`: no number, and no order with the other end.
                if end.is_some_and(f64::is_nan) {
                    self.error_at(
                        &at.key(key),
                        format!("{name}: '{key}' is not a number (expected a number, e.g. {key}: {example})"),
                    );
                    continue;
                }
                let Some(end) = end else {
                    continue;
                };
                if !beyond_number_limit(end) {
                    // A scale's ends are printed ("skala 1 till 10").
                    if as_printed(end) != end {
                        self.warning_at(
                            &at.key(key),
                            format!(
                                "{name}: '{key}' is {end}, which has more decimals than the \
                                 documents print ({PRINTED_DECIMALS} at most): they print it as {}",
                                crate::render::labels::number(end, plan.language)
                            ),
                            &format!("write it with {PRINTED_DECIMALS} decimals at most"),
                        );
                    }
                    continue;
                }
                // The limit holds for a number's size: a negative end is
                // too small.
                let message = if end < 0.0 {
                    format!(
                        "{name}: '{key}' is too small (expected a number above -{NUMBER_LIMIT_TEXT})"
                    )
                } else {
                    format!(
                        "{name}: '{key}' is too large (expected a number below {NUMBER_LIMIT_TEXT})"
                    )
                };
                match number_limit_hint(end) {
                    Some(hint) => self.error_at_with_hint(&at.key(key), message, &hint),
                    None => self.error_at(&at.key(key), message),
                }
            }
            let is_scale = indicator.kind == IndicatorKind::Scale;
            match (is_scale, indicator.min, indicator.max) {
                // An end that is no number, or beyond the limit (`.inf`), is
                // reported above.
                // As printed: a scale from 1 to 1.0004 would read "1 to 1".
                (true, Some(min), Some(max))
                    if as_printed(min) >= as_printed(max)
                        && !beyond_number_limit(min)
                        && !beyond_number_limit(max) =>
                {
                    let message = if min < max {
                        format!(
                            "{name}: 'max' ({max}) and 'min' ({min}) print alike, as {} (expected \
                             a 'max' greater than 'min' to {PRINTED_DECIMALS} decimals)",
                            crate::render::labels::number(max, plan.language)
                        )
                    } else {
                        format!("{name}: 'max' is {max}, expected a number greater than 'min' ({min})")
                    };
                    self.error_at(&at.key("max"), message)
                }
                (true, None, None) => self.error_at(
                    &at.key("kind"),
                    format!("{name} is a scale, but 'min' and 'max' are missing (expected the scale's lowest and highest values, e.g. min: 1 and max: 10)"),
                ),
                (true, None, _) => self.error_at(
                    &at.key("kind"),
                    format!("{name} is a scale, but 'min' is missing (expected the scale's lowest value, e.g. min: 1)"),
                ),
                (true, _, None) => self.error_at(
                    &at.key("kind"),
                    format!("{name} is a scale, but 'max' is missing (expected the scale's highest value, e.g. max: 10)"),
                ),
                (false, Some(min), _) => self.error_at_with_hint(
                    &at.key("min"),
                    format!("{name}: 'min' is {min}, but only kind 'scale' has a 'min'"),
                    "delete the line, or make the indicator kind: scale",
                ),
                (false, _, Some(max)) => self.error_at_with_hint(
                    &at.key("max"),
                    format!("{name}: 'max' is {max}, but only kind 'scale' has a 'max'"),
                    "delete the line, or make the indicator kind: scale",
                ),
                _ => {}
            }
            if let Some(unit) = &indicator.unit
                && indicator.kind != IndicatorKind::Number
            {
                // A percentage prints its '%' of itself.
                let hint = if indicator.kind == IndicatorKind::Percent {
                    "delete the line: a percentage is printed with '%'"
                } else {
                    "delete the line, or make the indicator kind: number"
                };
                self.error_at_with_hint(
                    &at.key("unit"),
                    format!(
                        "{name}: 'unit' is '{}', but only kind 'number' has a unit",
                        for_message(unit)
                    ),
                    hint,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::followup::Doubts;

    /// Every text of the bundled 2024 plan, by path.
    fn bundled_texts() -> (PlanFile, Vec<YamlPath>) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/2024/plan.yaml");
        let (file, diagnostics) = crate::load::plan::load_plan(&path);
        let file = file.unwrap_or_else(|| panic!("{diagnostics}"));
        let tree = serde_json::to_value(&file.plan).expect("a plan serialises");
        let mut paths = Vec::new();
        string_values(&tree, YamlPath::root(), &mut paths);
        (file, paths)
    }

    /// The path of every string value (not key) in `value`.
    fn string_values(value: &serde_json::Value, path: YamlPath, out: &mut Vec<YamlPath>) {
        match value {
            serde_json::Value::String(_) => out.push(path),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    string_values(item, path.index(i), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    string_values(item, path.key(key), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_printed_text_is_either_prose_or_one_line() {
        // A text field added to the model must be put in one of the two
        // lists, or its blank and multi-line values would go unchecked.
        let (file, paths) = bundled_texts();
        let prose: Vec<YamlPath> = prose_fields(&file.plan)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let lines: Vec<YamlPath> = line_fields(&file.plan)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        // Ids, references, words from a fixed list, the date, the logo's
        // file name and the county code are checked on their own.
        let not_text = [
            "id",
            "focus_area",
            "perspective",
            "language",
            "status",
            "kind",
            "approved_on",
            "logo",
            "code",
        ];
        let unclassified: Vec<String> = paths
            .iter()
            .filter(|p| !prose.contains(p) && !lines.contains(p))
            .filter(|p| !p.last_key().is_some_and(|k| not_text.contains(&k)))
            .map(ToString::to_string)
            .collect();
        assert_eq!(unclassified, Vec::<String>::new());
        assert!(prose.iter().all(|p| !lines.contains(p)));
        assert!(lines.len() > 40, "{}", lines.len());
    }

    #[test]
    fn a_folded_title_loses_its_final_line_break() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/plan.yaml"),
        )
        .expect("the minimal plan");
        let folded = text.replace(
            "    - title: Sprida kunskap\n",
            "    - title: >\n        Sprida\n        kunskap\n",
        );
        assert_ne!(folded, text, "the minimal plan has the title");
        let text = folded;
        let (file, diagnostics) = crate::load::plan::parse_plan(Path::new("plan.yaml"), &text);
        let file = file.unwrap_or_else(|| panic!("{diagnostics}"));
        assert_eq!(
            file.plan.strategies.items[0].title.as_str(),
            "Sprida kunskap"
        );
        assert!(validate_plan(&file, Some(2024)).diagnostics.is_empty());
    }

    #[test]
    fn a_date_day_first_gets_its_iso_form() {
        let message = |text| date_error(Path::new("p.yaml"), None, text).to_string();
        assert_eq!(
            message("18/4/2024"),
            "p.yaml: error: key 'approved_on' is '18/4/2024', expected a date written YYYY-MM-DD (e.g. 2024-04-18) (did you mean 2024-04-18?)"
        );
        assert!(message("18.04.2024").ends_with("(did you mean 2024-04-18?)"));
        assert!(message("2024/4/18").ends_with("(did you mean 2024-04-18?)"));
        assert!(message("i april").ends_with("(e.g. 2024-04-18)"));
        assert_eq!(
            message("2024-02-30"),
            "p.yaml: error: key 'approved_on' is '2024-02-30', which is not a date in the calendar (check the month and the day)"
        );
    }

    #[test]
    fn measures_how_deeply_markdown_nests() {
        assert_eq!(crate::render::markdown::depth("text"), (0, 0));
        assert_eq!(
            crate::render::markdown::depth("- a\n  - b\n    - *c*\n"),
            (3, 4)
        );
        let deep: String = (0..30)
            .map(|d| format!("{}- x\n", "  ".repeat(d)))
            .collect();
        assert_eq!(crate::render::markdown::depth(&deep).0, 30);
        assert_eq!(crate::render::markdown::depth(&"> ".repeat(100)), (0, 0));
        assert_eq!(crate::render::markdown::depth("> - *a*\n\n- *b*"), (1, 2));
    }

    #[test]
    fn an_id_gets_a_well_formed_example() {
        assert_eq!(well_formed_id("Gävleborg").as_deref(), Some("gavleborg"));
        assert_eq!(
            well_formed_id("Västra Götaland").as_deref(),
            Some("vastra-gotaland")
        );
        assert_eq!(well_formed_id("§§").as_deref(), None);
    }

    /// The minimal plan of the bad-input cases changed by `edit`, checked.
    fn validated_after(edit: impl Fn(String) -> String) -> PlanCheck {
        let plan = include_str!("../tests/bad/plan.yaml").to_string();
        let text = edit(plan.clone());
        assert_ne!(text, plan, "the edit changed nothing");
        let (read, diagnostics) =
            crate::load::plan::read_plan_bytes(Path::new("plan.yaml"), text.as_bytes());
        let (file, repairs) = match read {
            crate::load::plan::PlanRead::Read(file) => (file, Repairs::default()),
            crate::load::plan::PlanRead::Repaired { file, repairs } => (file, repairs),
            crate::load::plan::PlanRead::Unread => panic!("unread: {diagnostics}"),
        };
        validate_repaired(&file, Some(2024), &repairs)
    }

    /// What the follow-up rows may be checked against in the minimal plan
    /// of the bad-input cases changed by `edit`.
    fn checkable_after(edit: impl Fn(String) -> String) -> Checkable {
        validated_after(edit).checkable
    }

    #[test]
    fn a_text_longer_than_some_8_pages_is_an_error() {
        let messages = |length: usize| {
            let text = "hälsofrämjande ".repeat(length / 15 + 1);
            let text = &text[..text.char_indices().nth(length).unwrap().0];
            messages_after(|p| p.replace("text: Ta fram material.", &format!("text: {text}")))
        };
        assert_eq!(messages(MAX_TEXT_CHARS), Vec::<String>::new());
        assert_eq!(
            messages(MAX_TEXT_CHARS + 1),
            [
                "plan.yaml:66:13: error: key 'action_plan.activities[0].text' is 20001 characters \
              long, expected at most 20000 (some 8 pages) (shorten the text; a longer one is a \
              document of its own, which the plan can name)"
            ]
        );
    }

    #[test]
    fn a_name_is_counted_in_letters_with_their_marks() {
        // 150 letters `ä`, each written as `a` and U+0308: 300 characters,
        // but 150 as printed.
        let decomposed = "a\u{308}".repeat(150);
        let messages = |name: &str| {
            messages_after(|p| {
                p.replace(
                    "committee: Presidieutskottet (PU)",
                    &format!("committee: {name}"),
                )
            })
        };
        assert_eq!(messages(&decomposed), Vec::<String>::new());
        let too_long = messages(&"a\u{308}".repeat(201));
        assert_eq!(too_long.len(), 1, "{too_long:?}");
        assert!(
            too_long[0].contains("is 201 characters long, expected at most 200"),
            "{too_long:?}"
        );
        // Marks piled on a letter count each but the first: the PDF's
        // strings refuse a name of 17,000 of them.
        let piled = messages(&format!("N{}", "\u{301}".repeat(17_000)));
        assert_eq!(piled.len(), 1, "{piled:?}");
        assert!(
            piled[0].contains("is 17000 characters long, expected at most 200"),
            "{piled:?}"
        );
    }

    /// The messages of the minimal plan changed by `edit`, in order.
    fn messages_after(edit: impl Fn(String) -> String) -> Vec<String> {
        validated_after(edit)
            .diagnostics
            .sorted()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_list_pasted_from_a_word_processor_is_named_at_its_first_bullet() {
        let warning = |line: usize, column: usize| {
            format!(
                "plan.yaml:{line}:{column}: warning: the line that starts with '•' is joined to \
                 the line above it into one paragraph, as every line of a text is (a list pasted \
                 from a word processor prints as one line) (for a list, write the text after '|' \
                 and start each item with '- ' in place of the bullet, after an empty line)"
            )
        };
        // Under '|', written plain, and in a list's item; one per text.
        let edit = |p: String| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  Vi arbetar med:\n  •\ttobak\n  • alkohol",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: Vi ska\n    • driva",
            )
            .replace(
                "      - Tillgång till hälsodata",
                "      - Tillgång till\n        • hälsodata",
            )
        };
        let messages = messages_after(edit);
        assert_eq!(
            messages,
            [warning(28, 3), warning(31, 5), warning(47, 9)],
            "{messages:#?}"
        );
        // Whatever the file's line ends (old Mac ones found none).
        for breaks in ["\r\n", "\r"] {
            assert_eq!(messages_after(|p| edit(p).replace('\n', breaks)), messages);
        }
        // YAML joins the lines of a '>' text, and makes one empty line
        // between them a line break, which Markdown joins; a Word list's
        // numbers and letters, and a '-' that Markdown takes for no list.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: >\n  Vi arbetar med:\n\n  • tobak\n\n  • alkohol",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: |\n  Vi ska:\n  3.\tdriva",
            )
            .replace(
                "      - Tillgång till hälsodata",
                "      - |\n        Tillgång till\n        -\u{a0}hälsodata\n        a)\tdata",
            )
        });
        let starts = |marker: &str, line: usize, column: usize| {
            warning(line, column).replace("'•'", &format!("'{marker}'"))
        };
        assert_eq!(
            messages,
            [warning(29, 3), starts("3.", 34, 3), starts("-", 51, 9)],
            "{messages:#?}"
        );
        // The line joined, not an earlier one that starts alike; lines of
        // a '>' text indented more than it are kept as written, and a
        // tag before '|' keeps a '|' text's lines.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  • tobak och alkohol\n\n  Text\n  • tobak",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: >\n  Text\n\n      kod\n      • kod",
            )
            .replace(
                "  explanation: Ett hälsofrämjande perspektiv.",
                "  explanation: !!str |\n    ```\n    kod\n    • kod\n    ```",
            )
        });
        assert_eq!(messages, [warning(30, 3)], "{messages:#?}");
        // Under '>' as under '|'; and a '>2' text's lines at its set
        // indentation are joined, one more indented above them or not.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: >\n  • kod här\n  Text\n    • kod",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: >2\n     mer\n  Text\n  • tobak",
            )
        });
        assert_eq!(messages, [warning(29, 5), warning(33, 3)], "{messages:#?}");
        // A bullet that starts the text, or a paragraph after an empty
        // line, joins nothing; nor does one not followed by a space, nor
        // one below a heading or in code, which print as written, line by
        // line.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  • tobak\n\n  • alkohol\n  •narkotika\n\n  # Rubrik\n  • spel\n\n  ```\n  kod\n  • kod\n  ```",
            )
            .replace("mission: Vi ska driva utveckling.", "mission: • Vi ska")
        });
        assert!(messages.is_empty(), "{messages:#?}");
    }

    #[test]
    fn a_link_without_its_scheme_is_named_where_it_prints_as_written() {
        // '[vår webb](hfs.se)' printed so, brackets and all, without a word.
        let warning = |at: &str, address: &str, hint: &str| {
            format!(
                "plan.yaml:{at}: warning: the link to '{address}' prints as written, brackets \
                 and all: a PDF's link cannot lead there ({hint}a link's address starts with \
                 https://, http://, mailto: or www.)"
            )
        };
        // Named at the link, in a nested item or a text YAML joins too.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  Om oss.\n  - tobak\n    - se [webben](www.hfs.se) och [oss](hfs.se).",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: >\n  Mejla\n  [oss](info@hfs.se) i dag.",
            )
            .replace(
                "  explanation: Ett hälsofrämjande perspektiv.",
                "  explanation: Se [oss](htps://hfs.se).",
            )
        });
        assert_eq!(
            messages,
            [
                warning("29:35", "hfs.se", "for a web page, give https://hfs.se: "),
                warning(
                    "32:3",
                    "info@hfs.se",
                    "for a mail address, give mailto:info@hfs.se: "
                ),
                // A scheme mistyped: no address to give, only the rule.
                warning("41:19", "htps://hfs.se", ""),
            ],
            "{messages:#?}"
        );
    }

    #[test]
    fn a_line_right_below_a_list_item_is_named_as_continuing_it() {
        // "Efter listan." printed as part of the last item ("två Efter
        // listan."), '-' with a tab (a list to Markdown) as with a space.
        let warning = |line: usize| {
            format!(
                "plan.yaml:{line}:3: warning: the line right below a list item, not indented \
                 under its text, continues that item (Markdown joins it to the item's last \
                 line) (for a paragraph after the list, put an empty line above it; to keep it \
                 in the item, indent it as far as the item's text)"
            )
        };
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  Vi arbetar med:\n  - tobak\n  - alkohol\n  Efter listan.",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: |\n  Vi ska:\n  -\tdriva\n  *Efter* listan.",
            )
        });
        assert_eq!(messages, [warning(30), warning(34)], "{messages:#?}");
        // Below a nested item, less indented than its text (it printed
        // "cigaretter Efter.").
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  - tobak\n    - cigaretter\n    Efter.",
            )
        });
        assert_eq!(
            messages,
            [warning(29).replace("29:3:", "29:5:")],
            "{messages:#?}"
        );
        // Indented under the item's text, or after an empty line: none.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  - tobak\n    och alkohol\n\n  Efter listan.",
            )
        });
        assert!(messages.is_empty(), "{messages:#?}");
    }

    #[test]
    fn one_mistake_in_a_region_name_is_one_error() {
        let regions = "    name: Region Skåne\n    code: \"12\"\n  \
                       - id: nordost\n    name: Skåne\n  \
                       - id: sydost\n    name: Region Skåne\n";
        let messages =
            messages_after(|p| p.replace("    name: Region Skåne\n    code: \"12\"\n", regions));
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages[0].contains("'regions[2].name' is 'Skåne', which a CSV file cannot tell"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("duplicate name 'Region Skåne'"),
            "{}",
            messages[1]
        );

        let long = "Region ".to_string() + &"å".repeat(MAX_TEXT_CHARS);
        let messages =
            messages_after(|p| p.replace("name: Region Skåne", &format!("name: {long}")));
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(
            messages[0].contains("expected at most 200"),
            "{}",
            messages[0]
        );
    }

    #[test]
    fn a_problem_holds_back_only_the_rows_that_may_name_its_item() {
        let sound = checkable_after(|p| p.replace("hph-1", "hph-2"));
        assert_eq!(sound, Checkable::ALL);

        // A key taken out beside the lists holds back only the rows naming
        // no item: the file's shape is wrong, and an item may have moved.
        // A misspelt key read as the one it resembles holds back nothing.
        let misplaced = Doubts {
            misplaced: true,
            ..Doubts::NONE
        };
        let moved = Checkable {
            regions: misplaced.clone(),
            indicators: misplaced.clone(),
            indicator_values: Vec::new(),
            activities: misplaced.clone(),
        };
        let beside = checkable_after(|p| p.replace("  short_name: HFS", "  shortname: HFS"));
        assert_eq!(beside, Checkable::ALL);
        let at_the_top = checkable_after(|p| p.replace("language: sv", "language: sv\nlang: sv"));
        assert_eq!(at_the_top, moved);
        // A wrong value of a sound shape holds back nothing, nor does a
        // wrong word where a word goes: nothing can have moved.
        let year = checkable_after(|p| p.replace("year: 2024", "year: 2023"));
        assert_eq!(year, Checkable::ALL);
        for (written, wrong) in [
            ("language: sv", "language: EN"),
            ("language: sv", "language: sv-SE"),
            ("status: draft", "status: drafted"),
            ("year: 2024", "year: tjugo"),
        ] {
            let word = checkable_after(|p| p.replace(written, wrong));
            assert_eq!(word, Checkable::ALL, "{wrong}");
        }

        // A key misspelt in a region: its names.
        let region = checkable_after(|p| p.replace("    code: \"12\"", "    kod: \"12\""));
        assert_eq!(region.regions.names, [1]);
        assert!(!region.regions.whole);
        assert_eq!(region.indicators, Doubts::NONE);
        assert_eq!(region.activities, Doubts::NONE);

        // An indicator's kind: its values only; its id: the rows naming it.
        let kind = checkable_after(|p| p.replace("kind: yes_partly_no", "kind: ja_nej"));
        assert_eq!(kind.indicator_values, [1]);
        assert_eq!(kind.indicators, Doubts::NONE);
        let id = checkable_after(|p| p.replace("- id: f1-data", "- id: F1-data"));
        assert_eq!(id.indicators.names, [1]);
        assert!(id.indicator_values.is_empty());

        // An activity's focus area does not bear on its status; its id does.
        let focus = checkable_after(|p| {
            p.replace(
                "      focus_area: f1\n      text: Ta",
                "      focus_area: f9\n      text: Ta",
            )
        });
        assert_eq!(focus, Checkable::ALL);
        let activity = checkable_after(|p| p.replace("    - id: a1", "    - id: A1"));
        assert_eq!(activity.activities.names, [0]);
        assert_eq!(activity.regions, Doubts::NONE);

        // A block taken out may have been a whole list.
        let block = checkable_after(|p| {
            p.replace(
                "  intro: Handlingsplan.\n",
                "  intro: Handlingsplan.\n  extra:\n    - x\n",
            )
        });
        assert_eq!(block, Checkable::NONE);
        // So is a list that is not a list.
        let regions = checkable_after(|p| {
            let list = "  - id: gavleborg\n    name: Region Gävleborg\n    code: \"21\"\n  \
                        - id: skane\n    name: Region Skåne\n    code: \"12\"\n";
            p.replace(&format!("regions:\n{list}"), "regions: alla\n")
        });
        assert!(regions.regions.whole);
        assert_eq!(regions.indicators, Doubts::NONE);
        // But a missing value may have gone somewhere else.
        let missing = checkable_after(|p| p.replace("status: draft\n", ""));
        assert_eq!(missing, moved);
    }

    const SECOND_AREA: &str = "      follow_up: Följs upp.\n    \
        - id: f2\n      perspective: ledning\n      title: Styrning OCH ledning\n      \
        follow_up: Följs upp.\n";

    /// The minimal plan with its activities list replaced by `list`.
    fn with_activities(plan: &str, list: &str) -> String {
        let start = plan.find("  activities:\n").unwrap();
        let end = plan.find("\nindicators:").unwrap();
        format!("{}  activities: {list}\n{}", &plan[..start], &plan[end..])
    }

    #[test]
    fn a_focus_area_without_activities_or_of_a_title_used_before_is_warned_of() {
        let messages =
            messages_after(|p| p.replacen("      follow_up: Följs upp.\n", SECOND_AREA, 1));
        assert_eq!(
            messages,
            [
                "plan.yaml:60:11: warning: focus area 'f2' has no activity in \
                 'action_plan.activities' (expected at least one: the action plan's table would \
                 show it with empty cells) (add an activity with 'focus_area: f2', or leave the \
                 focus area out)",
                "plan.yaml:62:14: warning: key 'focus_areas.items[1].title' is 'Styrning OCH \
                 ledning', the title, as it reads, of focus_areas.items[0] on \
                 line 58 (expected a title of its own: the documents would show two focus areas \
                 of one name) (give each focus area its own title, or merge the two into one)",
            ]
        );
        // Nor by a letter's composition or a soft hyphen.
        let decomposed = "      follow_up: Följs upp.\n    - id: f2\n      perspective: ledning\n      \
                          title: Sty\u{ad}rning och ledning\n      follow_up: Följs upp.\n";
        let messages =
            messages_after(|p| p.replacen("      follow_up: Följs upp.\n", decomposed, 1));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("the title, as it reads, of")),
            "{messages:#?}"
        );
        // An empty list is one warning, not one per focus area.
        let messages = messages_after(|p| {
            with_activities(
                &p.replacen("      follow_up: Följs upp.\n", SECOND_AREA, 1),
                "[]",
            )
        });
        assert_eq!(
            messages
                .iter()
                .filter(|m| m.contains("activit"))
                .collect::<Vec<_>>(),
            [
                "plan.yaml:67:15: warning: key 'action_plan.activities' is empty (expected at \
                 least one activity: the action plan's table would show every focus area with \
                 empty cells) (add the year's activities, each with 'focus_area:' naming its \
                 focus area)"
            ]
        );
    }

    #[test]
    fn a_perspective_left_out_of_the_situation_is_warned_of() {
        // A second perspective the situation does not mention, and the
        // first's challenges emptied: Nuläge would drop them unsaid.
        let messages = messages_after(|p| {
            p.replacen(
                "    description: Helhetssyn.\n",
                "    description: Helhetssyn.\n  - id: patient\n    name: Patientperspektivet\n    \
                 description: Patienten.\n",
                1,
            )
            .replacen(
                "  challenges:\n    ledning:\n      - Brister i uppföljning\n",
                "  challenges:\n    ledning: []\n",
                1,
            )
        });
        assert_eq!(
            messages,
            [
                "plan.yaml:43:3: warning: key 'situation.opportunities' has no list for \
                 perspective 'patient' (expected one for each perspective: Nuläge would show the \
                 opportunities of the others only) (add 'patient:' with its opportunities under \
                 'situation.opportunities')",
                "plan.yaml:46:3: warning: key 'situation.challenges' has no list for \
                 perspective 'patient' (expected one for each perspective: Nuläge would show the \
                 challenges of the others only) (add 'patient:' with its challenges under \
                 'situation.challenges')",
                "plan.yaml:47:14: warning: key 'situation.challenges.ledning' is empty (expected \
                 at least one item: Nuläge would leave the perspective out of its challenges) \
                 (add the perspective's challenges)",
            ]
        );
        // The whole block left out: one warning, at the block above.
        let messages = messages_after(|p| {
            p.replacen(
                "  opportunities:\n    ledning:\n      - Tillgång till hälsodata\n",
                "",
                1,
            )
        });
        assert_eq!(
            messages,
            [
                "plan.yaml:38:1: warning: key 'situation.opportunities' holds no list (expected \
                 one for each perspective: Nuläge would show no opportunities) (add the \
                 opportunities under 'situation.opportunities', a list for each perspective)"
            ]
        );
        // A list of a misspelt perspective: its error is enough.
        let messages = messages_after(|p| {
            p.replacen(
                "  opportunities:\n    ledning:",
                "  opportunities:\n    ledningen:",
                1,
            )
        });
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(messages[0].contains("error: key 'situation.opportunities.ledningen'"));
    }

    #[test]
    fn an_activity_of_a_misspelt_focus_area_is_not_also_a_focus_area_without_one() {
        let messages = messages_after(|p| {
            p.replacen(
                "focus_area: f1\n      text: Ta",
                "focus_area: f11\n      text: Ta",
                1,
            )
        });
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(
            messages[0].contains("refers to focus area 'f11'"),
            "{messages:#?}"
        );
        // Nor where the activities are read otherwise than written
        // (reading reports the text where a list goes, and a key it does
        // not know).
        let messages = messages_after(|p| with_activities(&p, "se bilaga"));
        assert_eq!(messages, Vec::<String>::new());
        let messages =
            messages_after(|p| p.replacen("  activities:\n", "  activities: []\n  lista:\n", 1));
        assert_eq!(messages, Vec::<String>::new());
    }
}
