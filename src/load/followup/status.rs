//! The rows of activity-status.csv: an activity and its status.

use std::collections::HashMap;

use super::checkable::{Doubts, Named};
use super::responses::line_ranges;
use super::year_before::YearBefore;
use super::{ActivityStatus, StatusEntry, comment_of, comment_problem, one_of, with_suggestion};
use crate::diag::{Diagnostic, Diagnostics, named_by, same_word};
use crate::load::csv::Table;
use crate::load::printable::shown;
use crate::model::{Id, Plan};
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
    let activities = &plan.action_plan.activities;
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, activity) in activities.iter().enumerate() {
        by_id.entry(activity.id.as_str()).or_default().push(index);
    }
    let mut first_lines: HashMap<&Id, usize> = HashMap::new();
    // Unknown activities, as written, with their errors: their "did you
    // mean" waits until every row is read, since an activity that has a
    // row of its own is not what another row meant.
    let mut unknown: Vec<(&str, usize, Diagnostic)> = Vec::new();
    let mut statuses = Vec::new();
    for row in &table.rows {
        let error = |key: &str, message: String| {
            Diagnostic::error(&table.path, Some(row.pos(key)), message)
        };
        // Every problem of the row is reported: its activity, its status
        // and its comment are checked each whatever the others are.
        let found = row.text("activity");
        let named = if found.is_empty() {
            diagnostics.push(error(
                "activity",
                "activity is empty (expected an activity id from plan.yaml)".into(),
            ));
            Named::InDoubt
        } else {
            let matches = by_id
                .get(found.to_lowercase().as_str())
                .map_or(&[][..], Vec::as_slice);
            doubts.resolve(activities, matches)
        };
        if let Named::Unknown = named
            && let Some(said) = year_before.activity(found)
        {
            diagnostics.push(error(
                "activity",
                format!(
                    "activity '{}' is not in the action plan of plan.yaml{said}",
                    shown(found)
                ),
            ));
        } else if let Named::Unknown = named {
            let diagnostic = error(
                "activity",
                format!(
                    "activity '{}' is not in the action plan of plan.yaml (expected {})",
                    shown(found),
                    one_of(activities.iter().map(|a| a.id.as_str()))
                ),
            );
            unknown.push((found, row.line, diagnostic));
        }
        let activity = named.item();
        let mut sound = true;
        if let Some(activity) = activity {
            if let Some(first) = first_lines.get(&activity.id) {
                diagnostics.push(error(
                    "activity",
                    format!(
                        "activity '{}' already has a status on line {first} (expected at most \
                         one row per activity)",
                        activity.id
                    ),
                ));
                sound = false;
            } else {
                first_lines.insert(&activity.id, row.line);
            }
        }
        // The status's message names the activity as it is written.
        let written = activity.map_or(found, |a| a.id.as_str());
        let of_activity = if written.is_empty() {
            String::new()
        } else {
            format!(" for activity '{written}'")
        };

        let comment = comment_of(row);
        if let Some(diagnostic) = comment_problem(&table.path, row) {
            diagnostics.push(diagnostic);
            sound = false;
        }
        let found = row.text("status");
        let status = if found.is_empty() {
            // A template listing every activity, with the status left
            // blank, is "not reported".
            if comment.is_some() {
                diagnostics.push(error(
                    "status",
                    format!("status is empty{of_activity} (expected {})", status_words()),
                ));
            }
            None
        } else if let Some(status) = ActivityStatus::parse(found) {
            Some(status)
        } else {
            let diagnostic = error(
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
            // letters ('genomförs', 'ej genomförd', 'undone') is often
            // another status, and taken for it would report an activity
            // done that was not; the message lists them all.
            diagnostics.push(match same_word(found, words) {
                Some(word) => diagnostic.with_hint(format!("did you mean '{word}'?")),
                None => diagnostic,
            });
            None
        };
        let (Some(activity), Some(status), true) = (activity, status, sound) else {
            continue;
        };
        statuses.push(StatusEntry {
            activity: activity.id.clone(),
            status,
            comment,
            file: table.path.clone(),
            line: row.line,
        });
    }
    // The activity a row gives by its text, as a sheet copied from the
    // plan (or its PDF) lists it; one with a row of its own is no guess.
    let has_row = |id: &str| first_lines.keys().any(|with_row| with_row.as_str() == id);
    let plain: Vec<String> = activities.iter().map(|a| plain_text(&a.text.0)).collect();
    let texts = activities
        .iter()
        .zip(&plain)
        .flat_map(|(a, plain)| [(a.id.as_str(), a.text.0.as_str()), (a.id.as_str(), plain)]);
    let named: Vec<Option<&str>> = unknown
        .iter()
        .map(|(found, _, _)| named_by(found, texts.clone()).filter(|id| !has_row(id)))
        .collect();
    // Two rows of one activity would be told the same id: each is told of
    // all, once listed per activity (thousands of rows naming one made
    // each message thousands of numbers, and took seconds to list).
    let mut rows_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for ((_, line, _), id) in unknown.iter().zip(&named) {
        if let Some(id) = id {
            rows_of.entry(id).or_default().push(*line);
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
    for ((found, _, diagnostic), this) in unknown.into_iter().zip(&named) {
        let ids = activities.iter().map(|a| a.id.as_str());
        diagnostics.push(match *this {
            Some(id) => {
                let also = also.get(id).map_or("", String::as_str);
                diagnostic.with_hint(format!("write its id: '{id}'{also}"))
            }
            None => with_suggestion(diagnostic, found, ids, has_row),
        });
    }
    statuses
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
