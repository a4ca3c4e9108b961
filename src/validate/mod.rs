//! Checks on the plan that types cannot make. Every problem is collected,
//! none stops the others: the year and the approval (`approval`), the
//! logo (`logo`), the lists' ids and references (`lists`), the
//! indicators (`indicators`) and the texts (`texts`; `fields` says
//! which they are, `written` where a part of one stands in the file).

mod approval;
mod fields;
mod indicators;
mod lists;
mod logo;
mod texts;
mod written;

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::followup::Checkable;
use crate::load::locate::{Step, YamlPath};
use crate::load::plan::{PlanFile, Repairs, TakenValue};

use fields::collect_texts;

pub use texts::{MAX_LIST_DEPTH, MAX_MARKDOWN_DEPTH, MAX_NAME};

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

/// Collects diagnostics for one plan file.
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

impl Checker<'_> {
    /// Reports an error at the value of `path`.
    fn error_at(&mut self, path: &YamlPath, message: impl Into<String>) {
        let pos = self.file.locations.value(path);
        self.report(path, Diagnostic::error(&self.file.path, pos, message));
    }

    /// Reports an error at the value of `path`, with a hint on how to fix it.
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

    /// Adds `diagnostic`, unless `path` lies in an item whose value the
    /// reader stood in for (the problem would be the stand-in's).
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::followup::Doubts;

    /// The minimal plan of the bad-input cases changed by `edit`, checked.
    fn validated_after(edit: impl Fn(String) -> String) -> PlanCheck {
        let plan = include_str!("../../tests/bad/plan.yaml").to_string();
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

    /// The messages of the minimal plan changed by `edit`, in order.
    pub(super) fn messages_after(edit: impl Fn(String) -> String) -> Vec<String> {
        validated_after(edit)
            .diagnostics
            .sorted()
            .iter()
            .map(ToString::to_string)
            .collect()
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
}
