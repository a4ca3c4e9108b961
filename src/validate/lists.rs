//! The plan's lists: regions, perspectives, focus areas, activities and
//! indicators; their ids unique, their references resolved, and none left
//! empty where the documents print it.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, named_by, suggest};
use crate::load::followup::{region_key, region_names};
use crate::load::locate::YamlPath;
use crate::load::plan::TakenValue;
use crate::load::printable::for_message;
use crate::model::{Id, NETWORK_REPORT_ID, Plan};

use super::Checker;

/// Ids known in one list, with the index of their first occurrence.
type Known<'a> = HashMap<&'a str, usize>;

/// A list a reference may name an item of: its ids, and each item's id
/// with its name or title (which a reference may give by mistake).
pub(super) type Referable<'k, 'a> = (&'k Known<'a>, &'k [(&'a str, &'a str)]);

impl Checker<'_> {
    /// The regions: ids and codes and names unique, none named as the
    /// network's report, and their names told apart.
    pub(super) fn regions(&mut self, plan: &Plan) {
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
    pub(super) fn lists_not_empty(&mut self, plan: &Plan) {
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
    pub(super) fn references(&mut self, plan: &Plan) {
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
        self.focus_area_titles_apart(plan);
        self.focus_areas_in_use(plan, &focus_areas);
        self.situation_of_every_perspective(plan, &perspectives);
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
    pub(super) fn reference(
        &mut self,
        path: &YamlPath,
        id: &Id,
        what: &str,
        known: Referable<'_, '_>,
    ) {
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

    /// Every focus area has a title of its own: the network report would
    /// print two areas of one title under one heading twice. A warning.
    fn focus_area_titles_apart(&mut self, plan: &Plan) {
        let items = YamlPath::root().key("focus_areas").key("items");
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
    }

    /// Every focus area has an activity in the action plan: the plan's
    /// table prints an area without one as a row of empty cells. Warnings:
    /// a draft may not have its activities yet.
    fn focus_areas_in_use(&mut self, plan: &Plan, focus_areas: &Known<'_>) {
        let items = YamlPath::root().key("focus_areas").key("items");
        let activities = YamlPath::root().key("action_plan").key("activities");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MAX_TEXT_CHARS;
    use crate::validate::tests::messages_after;

    #[test]
    fn an_id_gets_a_well_formed_example() {
        assert_eq!(well_formed_id("Gävleborg").as_deref(), Some("gavleborg"));
        assert_eq!(
            well_formed_id("Västra Götaland").as_deref(),
            Some("vastra-gotaland")
        );
        assert_eq!(well_formed_id("§§").as_deref(), None);
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
