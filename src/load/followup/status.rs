//! The rows of activity-status.csv: an activity and its status.

use std::collections::HashMap;

use super::checkable::{Doubts, Named};
use super::responses::line_ranges;
use super::year_before::YearBefore;
use super::{ActivityStatus, StatusEntry, comment_of, comment_problem, one_of, with_suggestion};
use crate::diag::{Diagnostic, Diagnostics, named_by, same_word};
use crate::load::csv::{Row, Table};
use crate::load::printable::shown;
use crate::model::{Activity, Id, Plan};
use crate::render::markdown::plain_text;

/// Checks the rows of activity-status.csv, naming the activities in
/// `doubts` only where they are sound; an activity of `year_before`'s
/// plan that this year's has not is said to be one.
pub(super) fn read_statuses(
    table: &Table,
    plan: &Plan,
    doubts: &Doubts,
    year_before: &YearBefore,
    diagnostics: &mut Diagnostics,
) -> Vec<StatusEntry> {
    let mut reader = StatusReader::new(table, plan, doubts, year_before);
    let statuses = table
        .rows
        .iter()
        .filter_map(|row| reader.row(row, diagnostics))
        .collect();
    reader.unknown_activity_errors(diagnostics);
    statuses
}

/// Checks the rows of one activity-status.csv, remembering which activity
/// has a row where, for a second row of one and for the "did you mean" of
/// an activity the plan has not.
struct StatusReader<'a> {
    table: &'a Table,
    activities: &'a [Activity],
    /// The activities (by index) by id.
    by_id: HashMap<&'a str, Vec<usize>>,
    doubts: &'a Doubts,
    year_before: &'a YearBefore,
    /// The line of each activity's first row.
    first_lines: HashMap<&'a Id, usize>,
    /// The activities the plan has not, with their errors: their "did you
    /// mean" waits until every row is read, since an activity that has a
    /// row of its own is not what another row meant.
    unknown: Vec<UnknownActivity<'a>>,
}

/// An activity the plan has not, as a row writes it.
struct UnknownActivity<'a> {
    found: &'a str,
    line: usize,
    error: Diagnostic,
}

impl<'a> StatusReader<'a> {
    /// A reader of `table`'s rows against the plan's activities.
    fn new(
        table: &'a Table,
        plan: &'a Plan,
        doubts: &'a Doubts,
        year_before: &'a YearBefore,
    ) -> Self {
        let activities = &plan.action_plan.activities;
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, activity) in activities.iter().enumerate() {
            by_id.entry(activity.id.as_str()).or_default().push(index);
        }
        Self {
            table,
            activities,
            by_id,
            doubts,
            year_before,
            first_lines: HashMap::new(),
            unknown: Vec::new(),
        }
    }

    /// An error at the cell of column `key` in `row`.
    fn error(&self, row: &Row, key: &str, message: String) -> Diagnostic {
        Diagnostic::error(&self.table.path, Some(row.pos(key)), message)
    }

    /// One row's status, if the row is sound. Every problem of the row is
    /// reported: its activity, its status and its comment are checked
    /// each whatever the others are.
    fn row(&mut self, row: &'a Row, diagnostics: &mut Diagnostics) -> Option<StatusEntry> {
        let activity = self.activity_of(row, diagnostics);
        let first_row =
            activity.is_none_or(|activity| self.first_row_of(activity, row, diagnostics));
        let comment = comment_of(row);
        let comment_problem = comment_problem(&self.table.path, row);
        let comment_sound = comment_problem.is_none();
        if let Some(problem) = comment_problem {
            diagnostics.push(problem);
        }
        // The status's message names the activity as it is written.
        let written = activity.map_or(row.text("activity"), |a| a.id.as_str());
        let status = self.status_of(row, written, comment.is_some(), diagnostics);
        let (Some(activity), Some(status), true, true) =
            (activity, status, first_row, comment_sound)
        else {
            return None;
        };
        Some(StatusEntry {
            activity: activity.id.clone(),
            status,
            comment,
            file: self.table.path.clone(),
            line: row.line,
        })
    }

    /// The activity a row names, if it is sound; an activity the plan has
    /// not is kept in `unknown` when the year before had none of its name.
    fn activity_of(&mut self, row: &'a Row, diagnostics: &mut Diagnostics) -> Option<&'a Activity> {
        let found = row.text("activity");
        let named = if found.is_empty() {
            diagnostics.push(self.error(
                row,
                "activity",
                "activity is empty (expected an activity id from plan.yaml)".into(),
            ));
            Named::InDoubt
        } else {
            let matches = self
                .by_id
                .get(found.to_lowercase().as_str())
                .map_or(&[][..], Vec::as_slice);
            self.doubts.resolve(self.activities, matches)
        };
        if let Named::Unknown = named {
            let message = format!(
                "activity '{}' is not in the action plan of plan.yaml",
                shown(found)
            );
            if let Some(said) = self.year_before.activity(found) {
                diagnostics.push(self.error(row, "activity", format!("{message}{said}")));
            } else {
                let expected = one_of(self.activities.iter().map(|a| a.id.as_str()));
                let error = self.error(row, "activity", format!("{message} (expected {expected})"));
                self.unknown.push(UnknownActivity {
                    found,
                    line: row.line,
                    error,
                });
            }
        }
        named.item()
    }

    /// Whether `row` is `activity`'s first row; a second is an error.
    fn first_row_of(
        &mut self,
        activity: &'a Activity,
        row: &Row,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        if let Some(first) = self.first_lines.get(&activity.id) {
            diagnostics.push(self.error(
                row,
                "activity",
                format!(
                    "activity '{}' already has a status on line {first} (expected at most one \
                     row per activity)",
                    activity.id
                ),
            ));
            return false;
        }
        self.first_lines.insert(&activity.id, row.line);
        true
    }

    /// The status a row gives; `written` is its activity as the message
    /// names it.
    fn status_of(
        &self,
        row: &Row,
        written: &str,
        has_comment: bool,
        diagnostics: &mut Diagnostics,
    ) -> Option<ActivityStatus> {
        let of_activity = if written.is_empty() {
            String::new()
        } else {
            format!(" for activity '{written}'")
        };
        let found = row.text("status");
        if found.is_empty() {
            // A template listing every activity, with the status left
            // blank, is "not reported".
            if has_comment {
                diagnostics.push(self.error(
                    row,
                    "status",
                    format!("status is empty{of_activity} (expected {})", status_words()),
                ));
            }
            return None;
        }
        if let Some(status) = ActivityStatus::parse(found) {
            return Some(status);
        }
        let error = self.error(
            row,
            "status",
            format!(
                "status '{}'{of_activity} is not a status (expected {})",
                shown(found),
                status_words()
            ),
        );
        let words = ActivityStatus::ALL
            .iter()
            .flat_map(|s| [s.as_str(), s.swedish()]);
        // Only the word written otherwise: a status like another in its
        // letters ('genomförs', 'ej genomförd', 'undone') is often another
        // status, and taken for it would report an activity done that was
        // not; the message lists them all.
        diagnostics.push(match same_word(found, words) {
            Some(word) => error.with_hint(format!("did you mean '{word}'?")),
            None => error,
        });
        None
    }

    /// The errors of the activities the plan has not, with what each row
    /// likely meant, once every row is read.
    fn unknown_activity_errors(self, diagnostics: &mut Diagnostics) {
        let activities = self.activities;
        // The activity a row gives by its text, as a sheet copied from the
        // plan (or its PDF) lists it; one with a row of its own is no guess.
        let has_row = |id: &str| {
            self.first_lines
                .keys()
                .any(|with_row| with_row.as_str() == id)
        };
        let plain: Vec<String> = activities.iter().map(|a| plain_text(&a.text.0)).collect();
        let texts = activities
            .iter()
            .zip(&plain)
            .flat_map(|(a, plain)| [(a.id.as_str(), a.text.0.as_str()), (a.id.as_str(), plain)]);
        let named: Vec<Option<&str>> = self
            .unknown
            .iter()
            .map(|unknown| named_by(unknown.found, texts.clone()).filter(|id| !has_row(id)))
            .collect();
        // Two rows of one activity would be told the same id: each is told
        // of all, once listed per activity (thousands of rows naming one
        // made each message thousands of numbers, and took seconds to
        // list).
        let mut rows_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (unknown, id) in self.unknown.iter().zip(&named) {
            if let Some(id) = id {
                rows_of.entry(id).or_default().push(unknown.line);
            }
        }
        let also: HashMap<&str, String> = rows_of
            .into_iter()
            .filter(|(_, lines)| lines.len() > 1)
            .map(|(id, lines)| {
                let listed = format!(
                    "; one row per activity: lines {} name it",
                    line_ranges(&lines)
                );
                (id, listed)
            })
            .collect();
        for (unknown, this) in self.unknown.into_iter().zip(&named) {
            let ids = activities.iter().map(|a| a.id.as_str());
            diagnostics.push(match *this {
                Some(id) => {
                    let also = also.get(id).map_or("", String::as_str);
                    unknown
                        .error
                        .with_hint(format!("write its id: '{id}'{also}"))
                }
                None => with_suggestion(unknown.error, unknown.found, ids, has_row),
            });
        }
    }
}

/// The allowed status words, for messages.
pub(super) fn status_words() -> String {
    let english: Vec<&str> = ActivityStatus::ALL.iter().map(|s| s.as_str()).collect();
    let swedish: Vec<&str> = ActivityStatus::ALL.iter().map(|s| s.swedish()).collect();
    format!(
        "{}, or in Swedish {}",
        english.join(", "),
        swedish.join(", ")
    )
}
