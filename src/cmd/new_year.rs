//! `hfs-report new-year YEAR`: next year's plan.yaml, started from the text
//! of an earlier year's.
//!
//! The file is edited as text, not read and written again through serde, so
//! that its comments, key order, quoting and line breaks stay as the
//! secretariat wrote them: only the `year:` and `status:` lines change and
//! the `approved_on:` line goes. The result is loaded and validated before
//! the new year folder appears, and it appears whole (staged in a hidden
//! folder, then renamed), so that a failed run leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::cli::NewYearArgs;
use crate::config::year_folders;
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::load::plan::{PlanFile, load_plan};
use crate::model::{Plan, Status};
use crate::validate::validate_plan;

/// What `new-year` made.
#[derive(Debug)]
pub struct NewYear {
    /// The new year.
    pub year: i32,
    /// The year it was started from.
    pub from_year: i32,
    /// The new plan.yaml.
    pub plan: PathBuf,
    /// The plan.yaml it was copied from.
    pub from: PathBuf,
    /// The logo copied beside it, if the plan names one.
    pub logo: Option<PathBuf>,
    /// Lines of the new plan.yaml whose text still names the old year.
    pub old_year_lines: Vec<usize>,
    /// The command that checks the new year (with `--data` when not the default).
    pub check_command: String,
    /// Warnings about the plan it was copied from.
    pub warnings: Diagnostics,
}

/// Creates the new year folder, or explains why not without changing anything.
pub fn run(args: NewYearArgs) -> Result<NewYear, Error> {
    let data = &args.data;
    crate::config::require_data_folder(data)?;
    let years = year_folders(data).map_err(|err| Error::io(data, &err))?;
    let from_year = source_year(data, &years, args.from)?;
    let folder = data.join(args.year.to_string());
    if std::fs::symlink_metadata(&folder).is_ok() {
        return Err(Error::Data(Diagnostics::from(Diagnostic::error(
            &folder,
            None,
            "the folder already exists (new-year never overwrites a year; \
             remove the folder first to start it again)",
        ))));
    }
    if args.year < from_year {
        // A plan copied backwards would describe a year by a later one's text.
        return Err(Error::Usage(format!(
            "new-year {year}: {year} comes before {from_year}, the year it would start from \
             (expected a later year, such as {next}, or --from a year before {year})",
            year = args.year,
            next = from_year + 1,
        )));
    }

    let from_folder = data.join(from_year.to_string());
    let from = from_folder.join("plan.yaml");
    let (plan, mut diagnostics) = load_plan(&from);
    if let Some(plan) = &plan {
        diagnostics.extend(validate_plan(plan, Some(from_year)));
    }
    let Some(plan) = plan.filter(|_| !diagnostics.has_errors()) else {
        return Err(Error::Data(diagnostics));
    };
    // The text that was checked is the text that is edited.
    let edited = edit_plan(&plan.text, args.year).map_err(|message| {
        Error::Data(Diagnostics::from(Diagnostic::error(
            &from,
            None,
            format!("cannot start {} from this file ({message})", args.year),
        )))
    })?;

    // Everything is staged in a hidden folder beside the year folders and
    // renamed into place only when it is complete and loads.
    let staging = tempfile::Builder::new()
        .prefix(".hfs-report-new-year-")
        .tempdir_in(data)
        .map_err(|err| Error::io(data, &err))?;
    let staged_plan = staging.path().join("plan.yaml");
    std::fs::write(&staged_plan, &edited).map_err(|err| Error::io(&staged_plan, &err))?;
    let logo = match &plan.plan.network.logo {
        Some(logo) => Some(copy_logo(&from_folder, staging.path(), logo)?),
        None => None,
    };
    check_staged(&staged_plan, args.year, &plan)?;
    // A temporary folder is private; the year folder is as shared as the one copied.
    let permissions = std::fs::metadata(&from_folder)
        .map_err(|err| Error::io(&from_folder, &err))?
        .permissions();
    std::fs::set_permissions(staging.path(), permissions)
        .map_err(|err| Error::io(staging.path(), &err))?;
    if std::fs::symlink_metadata(&folder).is_ok() {
        return Err(Error::Io {
            path: folder,
            message: "the folder appeared while new-year ran; nothing was changed".into(),
        });
    }
    // Stopped before the year is in place, the staging folder goes with it.
    crate::interrupt::check()?;
    std::fs::rename(staging.path(), &folder).map_err(|err| Error::io(&folder, &err))?;
    // Renamed away: nothing is left for the guard to remove.
    let _ = staging.keep();

    let mut check_command = String::from("hfs-report check");
    if args.data != Path::new("data") {
        check_command.push_str(&format!(" --data {}", args.data.display()));
    }
    check_command.push_str(&format!(" --year {}", args.year));
    Ok(NewYear {
        year: args.year,
        from_year,
        plan: folder.join("plan.yaml"),
        from,
        logo: logo.map(|name| folder.join(name)),
        old_year_lines: lines_naming(&edited, from_year),
        check_command,
        warnings: diagnostics,
    })
}

/// The year to copy: the one asked for, or the latest year folder.
fn source_year(data: &Path, years: &[i32], from: Option<i32>) -> Result<i32, Error> {
    let listed = || {
        if years.is_empty() {
            "none".to_string()
        } else {
            years
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    match from {
        Some(year) if years.contains(&year) => Ok(year),
        Some(year) => Err(Error::Usage(format!(
            "--from {year}: there is no folder {} (years found: {})",
            data.join(year.to_string()).display(),
            listed()
        ))),
        None => years.last().copied().ok_or_else(|| {
            Error::Usage(format!(
                "the data folder {} holds no year folder such as 2024/ to start from",
                data.display()
            ))
        }),
    }
}

/// Why the text edit can go wrong: new-year finds the keys' lines by how
/// they look, and a quoted text over several lines can hold such a line.
const LOOKS_LIKE_A_KEY: &str = "is a line of a quoted text written like a key?";

/// The text of plan.yaml for `year`: the top-level `year:` and `status:`
/// values replaced (a comment after them kept), the `approved_on:` line
/// removed, every other byte as it was.
pub fn edit_plan(text: &str, year: i32) -> Result<String, String> {
    let mut edited = String::with_capacity(text.len());
    let (mut years, mut statuses) = (0, 0);
    for line in text.split_inclusive('\n') {
        if let Some(line) = replace_value(line, "year", &year.to_string()) {
            years += 1;
            edited.push_str(&line?);
        } else if let Some(line) = replace_value(line, "status", "draft") {
            statuses += 1;
            edited.push_str(&line?);
        } else if top_level_key(line) != Some("approved_on") {
            edited.push_str(line);
        }
    }
    match (years, statuses) {
        (1, 1) => Ok(edited),
        (0, _) => Err("no line 'year: ...' at the start of a line".into()),
        (_, 0) => Err("no line 'status: ...' at the start of a line".into()),
        _ => Err(format!(
            "more than one line starts with 'year:' or 'status:' ({LOOKS_LIKE_A_KEY})"
        )),
    }
}

/// The key of a top-level `key: value` line (not indented, not a comment).
fn top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let well_formed = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    well_formed.then_some(key)
}

/// `line` with the value of top-level `key` replaced, when it is that key's
/// line; an error when the value is not on the line itself.
fn replace_value(line: &str, key: &str, value: &str) -> Option<Result<String, String>> {
    if top_level_key(line) != Some(key) {
        return None;
    }
    let rest = &line[key.len() + 1..];
    let body = rest.trim_end_matches(['\n', '\r']);
    let ending = &rest[body.len()..];
    let start = body.len() - body.trim_start().len();
    // The value ends where a comment starts (` #`) or at the end of the line.
    let end = body
        .char_indices()
        .skip(start)
        .find(|&(i, c)| c == '#' && body[..i].ends_with([' ', '\t']))
        .map_or(body.len(), |(i, _)| i);
    let old = body[start..end].trim_end();
    if old.is_empty() || old.starts_with(['|', '>', '&', '!', '{', '[']) {
        return Some(Err(format!(
            "expected the value of '{key}:' on its own line, found '{}'",
            body.trim()
        )));
    }
    let separator = if start == 0 { " " } else { &body[..start] };
    let after = &body[start + old.len()..];
    Some(Ok(format!("{key}:{separator}{value}{after}{ending}")))
}

/// Copies the logo named in plan.yaml into the staged folder; returns its
/// path relative to the year folder.
fn copy_logo(from_folder: &Path, staging: &Path, logo: &str) -> Result<PathBuf, Error> {
    // The validator has made sure it is a plain relative path in the year folder.
    let relative = PathBuf::from(logo);
    let target = staging.join(&relative);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, &err))?;
    }
    let source = from_folder.join(&relative);
    std::fs::copy(&source, &target).map_err(|err| Error::io(&source, &err))?;
    Ok(relative)
}

/// The staged plan loads, validates for the new year, and is the plan it
/// was copied from in all but its year, status and approval date: the
/// text edit did what it should, and nothing else (a line of a quoted text
/// that runs over several lines may look like a key's line).
fn check_staged(staged: &Path, year: i32, from: &PlanFile) -> Result<(), Error> {
    let (plan, mut diagnostics) = load_plan(staged);
    if let Some(plan) = &plan {
        diagnostics.extend(validate_plan(plan, Some(year)));
    }
    let problem = |what: String| {
        Error::Data(Diagnostics::from(Diagnostic::error(
            &from.path,
            None,
            format!("cannot start {year} from this file: {what}"),
        )))
    };
    let plan = plan.filter(|_| !diagnostics.has_errors()).ok_or_else(|| {
        let found = diagnostics
            .sorted()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; ");
        problem(format!("the edited copy does not load ({found})"))
    })?;
    let expected = Plan {
        year,
        status: Status::Draft,
        approved_on: None,
        ..from.plan.clone()
    };
    match (
        serde_json::to_value(&plan.plan),
        serde_json::to_value(&expected),
    ) {
        (Ok(edited), Ok(expected)) if edited == expected => Ok(()),
        _ => Err(problem(format!(
            "the edited copy differs from it in more than the year, the status and the \
             approval date ({LOOKS_LIKE_A_KEY})"
        ))),
    }
}

/// The 1-based numbers of the lines that name `year` as a word, other than
/// the `year:` line itself: texts that probably need updating.
fn lines_naming(text: &str, year: i32) -> Vec<usize> {
    let year = year.to_string();
    text.lines()
        .enumerate()
        .filter(|(_, line)| top_level_key(line) != Some("year"))
        .filter(|(_, line)| {
            line.match_indices(&year).any(|(i, _)| {
                let before = line[..i].chars().next_back();
                let after = line[i + year.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_digit())
                    && !after.is_some_and(|c| c.is_ascii_digit())
            })
        })
        .map(|(index, _)| index + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_year_status_and_approval_lines_change() {
        let text = "# Plan 2024\nyear: 2024   # the folder's name\r\nlanguage: sv\n\
                    status: approved\napproved_on: 2024-04-18 # årsmötet\nnetwork:\n  year: 2024\n";
        let edited = edit_plan(text, 2025).unwrap();
        assert_eq!(
            edited,
            "# Plan 2024\nyear: 2025   # the folder's name\r\nlanguage: sv\n\
             status: draft\nnetwork:\n  year: 2024\n"
        );
    }

    #[test]
    fn a_value_not_on_its_line_is_refused() {
        assert!(edit_plan("year:\n  2024\nstatus: draft\n", 2025).is_err());
        assert!(edit_plan("year: 2024\n", 2025).is_err());
        assert!(edit_plan("year: 2024\nyear: 2024\nstatus: draft\n", 2025).is_err());
    }

    #[test]
    fn a_second_key_line_is_refused_with_its_likely_cause() {
        let text = "year: 2024\nstatus: draft\nabout: \"Om\nstatus: text\"\n";
        let message = edit_plan(text, 2025).unwrap_err();
        assert!(message.contains("(is a line of a quoted text written like a key?)"));
    }

    #[test]
    fn quoted_values_and_values_with_hashes_are_replaced_whole() {
        let edited = edit_plan("year: \"2024\"\nstatus: 'approved'#x\n", 2025).unwrap();
        assert_eq!(edited, "year: 2025\nstatus: draft\n");
    }

    #[test]
    fn lines_naming_the_old_year_are_found_as_words() {
        let text = "# Verksamhetsplan 2024\nyear: 2025\nid: a20245\ntext: Klart 2024.\n";
        assert_eq!(lines_naming(text, 2024), vec![1, 4]);
    }
}
