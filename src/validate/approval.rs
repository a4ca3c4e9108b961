//! The plan's year and its approval: the folder's year, and a date of the
//! annual meeting that approved it, given exactly when it is approved.

use std::path::Path;

use crate::diag::{Diagnostic, Pos};
use crate::load::locate::YamlPath;
use crate::model::{Date, Plan, Status};

use super::Checker;

impl Checker<'_> {
    /// The year is the folder's, and the approval is as the status says.
    pub(super) fn year_and_approval(&mut self, plan: &Plan, folder_year: Option<i32>) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
