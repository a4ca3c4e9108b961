//! `hfs-report new-year YEAR`: next year's plan.yaml, started from the text
//! of an earlier year's.
//!
//! The file is edited as text, not read and written again through serde, so
//! that its comments, key order, quoting and line breaks stay as the
//! secretariat wrote them: only the `year:` and `status:` values change and
//! the `approved_on:` line goes, found by libyaml's positions (the parser
//! serde_yaml runs). The result is loaded and validated before
//! the new year folder appears, and it appears whole (staged in a hidden
//! folder, then renamed), so that a failed run leaves nothing behind.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::cli::NewYearArgs;
use crate::config::year_folders;
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::load::locate::{Locations, YamlPath};
use crate::load::plan::{PlanFile, load_plan, plans_under_other_names};
use crate::load::{
    BOM, PLAN_FILE, broken_link, data_folder, data_option, link_out_of, named_in, read_bytes,
};
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

/// Creates the new year folder, or explains why not without changing
/// anything; calls `waiting` once first if another new-year in the data
/// folder runs, which this one waits for.
pub fn run(args: NewYearArgs, waiting: impl FnOnce(&Path)) -> Result<NewYear, Error> {
    let data = &args.data;
    crate::config::require_data_folder(data)?;
    // Another new-year of the same year, run at the same time, makes it
    // first: this one then finds the year there.
    let _one_at_a_time = crate::lock::lock_folder(data, || waiting(data))?;
    let folder = data.join(args.year.to_string());
    // A year folder without a plan (the regions' answers filed early) gets
    // one; the year is started from another year than itself.
    let into_existing = std::fs::symlink_metadata(&folder).is_ok();
    let from_year = year_to_start_from(&args, &folder, into_existing)?;
    let from_folder = data.join(from_year.to_string());
    let from = named_in(&from_folder, PLAN_FILE);
    let (plan, edited, diagnostics) = edited_plan(&from, from_year, args.year)?;
    let staged = stage(data, &from_folder, &plan, &edited, args.year)?;
    let logo = put_in_place(staged, &folder, &from_folder, into_existing, args.year)?;
    let check_command = format!(
        "hfs-report check{} --year {}",
        data_option(&args.data),
        args.year
    );
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

/// The year whose plan the new year (into `folder`, which is there
/// already where `into_existing`) starts from: `--from`, else the latest
/// year folder; refused where the year has a plan, where the year to
/// start from has none, or comes after it.
fn year_to_start_from(
    args: &NewYearArgs,
    folder: &Path,
    into_existing: bool,
) -> Result<i32, Error> {
    let data = &args.data;
    let years =
        year_folders(data).map_err(|err| Error::io(data, "cannot read the data folder", &err))?;
    if into_existing && let Some(held) = holds_a_plan(folder, data) {
        // The data is not wrong: the command asks for a year that is there.
        return Err(Error::Usage(format!(
            "new-year {}: {} already exists{held} (new-year never overwrites a year's plan; \
             to start the year again, move the folder aside)",
            args.year,
            folder.display()
        )));
    }
    if args.from == Some(args.year) {
        return Err(Error::Usage(format!(
            "new-year {year} --from {year}: a year starts from another year's plan",
            year = args.year
        )));
    }
    let others: Vec<i32> = years.iter().copied().filter(|y| *y != args.year).collect();
    let from_year = source_year(data, &others, args.from)?;
    let from_folder = data.join(from_year.to_string());
    let from = named_in(&from_folder, PLAN_FILE);
    if args.from.is_none() && std::fs::symlink_metadata(&from).is_err() {
        // The latest year folder holds its plan under another name, or
        // more than one in other letter cases, which new-year would refuse
        // to start that year into.
        let held = plans_under_other_names(&from_folder);
        if !held.is_empty() {
            return Err(Error::Usage(format!(
                "new-year {year}: the latest year folder, {}, holds no plan.yaml but {} \
                 (expected the one to keep renamed to plan.yaml; then run new-year {year} again)",
                from_folder.display(),
                held.join(" and "),
                year = args.year,
            )));
        }
        // The latest year folder is one not started (its answers filed
        // early): start it first, or start this year from one before. Not
        // it first where this year comes before it: this year would then
        // come before the latest plan, and be refused.
        // (A year to start from is one that has a plan.)
        let latest_before = |year: i32| {
            others
                .iter()
                .copied()
                .filter(|y| *y < year && named_in(&data.join(y.to_string()), PLAN_FILE).is_file())
                .max()
        };
        let expected = if args.year < from_year {
            match latest_before(args.year) {
                Some(before) => format!("--from {before}"),
                None => format!("--from a year before {} that has a plan.yaml", args.year),
            }
        } else {
            let or_from = latest_before(from_year).map(|y| format!(", or --from {y}"));
            format!(
                "hfs-report new-year {from_year}{} first{}",
                data_option(data),
                or_from.unwrap_or_default()
            )
        };
        return Err(Error::Usage(format!(
            "new-year {year}: the latest year folder, {}, has no plan.yaml to start from \
             (expected {expected})",
            from_folder.display(),
            year = args.year,
        )));
    }
    if args.year < from_year {
        // A plan copied backwards would describe a year by a later one's text.
        // A year that is not there yet (one that is would be refused),
        // and that a year folder may be named (up to 9999).
        let later = (from_year + 1..=9999)
            .find(|next| !years.contains(next))
            .map_or_else(
                || "a later year".to_string(),
                |next| format!("a later year, such as {next}"),
            );
        return Err(Error::Usage(format!(
            "new-year {year}: {year} comes before {from_year}, the year it would start from \
             (expected {later}, or --from a year before {year})",
            year = args.year,
        )));
    }
    Ok(from_year)
}

/// The plan.yaml at `from` (of `from_year`), loaded and valid, and its
/// text edited for `year`; with the warnings about it.
fn edited_plan(
    from: &Path,
    from_year: i32,
    year: i32,
) -> Result<(PlanFile, String, Diagnostics), Error> {
    let (plan, mut diagnostics) = load_plan(from);
    if let Some(plan) = &plan {
        diagnostics.extend(validate_plan(plan, Some(from_year)).diagnostics);
    }
    let Some(plan) = plan.filter(|_| !diagnostics.has_errors()) else {
        return Err(Error::Data(diagnostics));
    };
    // The text that was checked is the text that is edited.
    let edited = edit_plan(&plan.text, &plan.locations, year).map_err(|refusal| {
        Error::Data(Diagnostics::from(Diagnostic::error(
            from,
            plan.locations.key(&YamlPath::root().key(refusal.key)),
            format!("cannot start {} from this file ({})", year, refusal.message),
        )))
    })?;
    Ok((plan, edited, diagnostics))
}

/// The new year's folder staged, complete and loading: a hidden folder
/// beside the year folders that holds the `edited` plan and the logo it
/// names, if any.
struct Staged {
    folder: tempfile::TempDir,
    /// The logo's name in the folder.
    logo: Option<PathBuf>,
}

/// Stages the new year's folder in the data folder: the `edited` text of
/// `plan` (read in `from_folder`) and its logo.
fn stage(
    data: &Path,
    from_folder: &Path,
    plan: &PlanFile,
    edited: &str,
    year: i32,
) -> Result<Staged, Error> {
    // Everything is staged in a hidden folder beside the year folders and
    // renamed into place only when it is complete and loads.
    remove_stale_staging(data);
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(data)
        .map_err(|err| {
            Error::io(
                data,
                "cannot make the new year's folder in the data folder",
                &err,
            )
        })?;
    let staged_plan = staging.path().join("plan.yaml");
    // Every byte as it was, the byte-order mark that Notepad writes too
    // (reading the text dropped it).
    let edited = if plan.bom {
        format!("{BOM}{edited}")
    } else {
        edited.to_string()
    };
    write_synced(&staged_plan, edited.as_bytes())
        .map_err(|err| Error::io(&staged_plan, "cannot write the new year's plan", &err))?;
    let logo = match &plan.plan.network.logo {
        Some(logo) => Some(copy_logo(from_folder, staging.path(), logo)?),
        None => None,
    };
    check_staged(&staged_plan, year, plan)?;
    Ok(Staged {
        folder: staging,
        logo,
    })
}

/// Puts the staged folder in place as the year's `folder`, as shared as
/// `from_folder`, or its files into `folder` where it is there already
/// (`into_existing`); the name of the logo copied, where one was.
fn put_in_place(
    staged: Staged,
    folder: &Path,
    from_folder: &Path,
    into_existing: bool,
    year: i32,
) -> Result<Option<PathBuf>, Error> {
    let Staged {
        folder: staging,
        mut logo,
    } = staged;
    // A temporary folder is private; the year folder is as shared as the one copied.
    let permissions = std::fs::metadata(from_folder)
        .map_err(|err| Error::io(from_folder, "cannot read the year folder", &err))?
        .permissions();
    if into_existing {
        crate::interrupt::check()?;
        if !move_into(staging.path(), folder, logo.as_deref())? {
            // As the one it starts from already: nothing to say of it.
            logo = None;
        }
    } else {
        std::fs::set_permissions(staging.path(), permissions).map_err(|err| {
            Error::io(
                staging.path(),
                "cannot set the new year's folder's permissions",
                &err,
            )
        })?;
        // Another new-year of the same year, run at the same time, was
        // first: the year is there, as if it had been from the start.
        let appeared = || {
            Error::Usage(format!(
                "new-year {}: {} appeared while new-year ran (another new-year?); nothing was \
                 changed",
                year,
                folder.display()
            ))
        };
        if std::fs::symlink_metadata(folder).is_ok() {
            return Err(appeared());
        }
        // Stopped before the year is in place, the staging folder goes with it.
        crate::interrupt::check()?;
        std::fs::rename(staging.path(), folder).map_err(|err| {
            if std::fs::symlink_metadata(folder).is_ok() {
                return appeared();
            }
            Error::io(folder, "cannot move the new year's folder into place", &err)
        })?;
        // Renamed away: nothing is left for the guard to remove.
        let _ = staging.keep();
    }
    Ok(logo)
}

/// What makes the year folder `folder`, which is there, no place for a
/// new plan: " and holds plan.yaml", " and is no folder"; `None` where it
/// is a folder without a plan.
fn holds_a_plan(folder: &Path, data: &Path) -> Option<String> {
    if let Some(link) = broken_link(folder) {
        return Some(format!(" as {link}"));
    }
    if !folder.is_dir() {
        return Some(" and is no folder".into());
    }
    if let Some(link) = link_out_of(folder, data) {
        return Some(format!(" and {link}, outside the data folder"));
    }
    // plan.yaml in any letter case (two such files are the plan and a
    // copy), or the plan saved under another name (`plan.yml`), which
    // a new plan.yaml would pass over without a word.
    let mut plans: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.to_lowercase() == PLAN_FILE)
        .collect();
    plans.sort();
    if !plans.is_empty() {
        return Some(format!(" and holds {}", plans.join(" and ")));
    }
    match plans_under_other_names(folder).as_slice() {
        [] => None,
        [name] => Some(format!(
            " and holds {name}, its plan under another name: rename it to plan.yaml"
        )),
        names => Some(format!(
            " and holds {}, its plan under other names: rename the one to keep to plan.yaml",
            names.join(" and ")
        )),
    }
}

/// Puts the staged plan (and `logo`, a path inside the year folder) into
/// the year folder `folder`, which has no plan: each file under its own
/// name, never over a file there, the logo first and the plan last (a year
/// folder with a plan is a year). A logo that is there as the one copied is
/// left as it is; another is refused before anything is written. Whether
/// the logo was written.
fn move_into(staging: &Path, folder: &Path, logo: Option<&Path>) -> Result<bool, Error> {
    let mut files: Vec<&Path> = logo.into_iter().collect();
    files.push(Path::new(PLAN_FILE));
    let mut placing = Vec::new();
    for relative in files {
        let (from, to) = (staging.join(relative), folder.join(relative));
        let bytes = crate::regular_file::read(&from)
            .map_err(|err| Error::io(&from, "cannot read the staged file", &err))?;
        // As the staged file was made (not a temporary file's owner-only
        // permissions).
        let permissions = std::fs::metadata(&from)
            .map_err(|err| Error::io(&from, "cannot read the staged file", &err))?
            .permissions();
        if std::fs::symlink_metadata(&to).is_err() {
            placing.push((to, bytes, permissions));
        } else if !crate::regular_file::read(&to).is_ok_and(|there| there == bytes) {
            // Another file, a folder, or a link to something else.
            return Err(Error::Usage(format!(
                "new-year: {} already holds another {} than the year it starts from; \
                 nothing was changed (move it aside, or remove it, and run new-year again)",
                folder.display(),
                relative.display()
            )));
        }
    }
    let mut placed: Vec<PathBuf> = Vec::new();
    for (to, _, _) in &placing {
        remove_stale_staging(to.parent().unwrap_or(folder));
    }
    for (to, bytes, permissions) in placing {
        if let Err(err) = place_new(&to, &bytes, permissions) {
            for done in placed {
                let _ = std::fs::remove_file(done);
            }
            return Err(err);
        }
        placed.push(to);
    }
    // (The plan is always written; the logo when it was not there.)
    Ok(placed.len() == 2)
}

/// Writes `bytes` to a new file `path` (its folder made if need be),
/// complete or not at all, and never over a file that is there.
fn place_new(path: &Path, bytes: &[u8], permissions: std::fs::Permissions) -> Result<(), Error> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|err| Error::io(parent, "cannot make the folder", &err))?;
    let mut temp = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .permissions(permissions)
        .tempfile_in(parent)
        .map_err(|err| Error::io(parent, "cannot make a temporary file in the folder", &err))?;
    std::io::Write::write_all(&mut temp, bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|err| Error::io(path, "cannot write the file", &err))?;
    temp.persist_noclobber(path)
        .map_err(|err| Error::io(path, "cannot put the file in place", &err.error))?;
    Ok(())
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
                "the data folder {} holds no year folder such as 2024/ to start from{}",
                data.display(),
                crate::config::year_folder_hint(data)
            ))
        }),
    }
}

/// The text of plan.yaml for `year`: the top-level `year:` and `status:`
/// values replaced (a comment after them kept), the `approved_on:` line
/// removed, every other byte as it was. The values are found where the
/// parser that reads the plan found them (`locations`, of `text`), so a
/// line of a quoted text that looks like `status: ...` is text, and stays.
pub fn edit_plan(text: &str, locations: &Locations, year: i32) -> Result<String, Refusal> {
    // The spans are cut out of the text; one that does not fall on its
    // characters would be a parser's mistake, refused rather than a panic.
    let checked = |bytes: Range<usize>| match text.get(bytes.clone()) {
        Some(_) => Ok(bytes),
        None => Err("the parser's positions do not fall on the file's characters".to_string()),
    };
    let key_bytes = |key: &str| locations.key_bytes(&YamlPath::root().key(key));
    let mut edits = Vec::new();
    for (key, value) in [("year", year.to_string()), ("status", "draft".to_string())] {
        let refusal = |message: String| Refusal { message, key };
        let key_start = key_bytes(key)
            .ok_or_else(|| refusal(format!("no top-level key '{key}:'")))?
            .start;
        let bytes = replaceable(text, locations, key, key_start)
            .and_then(checked)
            .map_err(refusal)?;
        // libyaml ends a quoted value at its quote, so `'approved'#x` is
        // followed by a comment; after a plain value, `#` would be text.
        let value = if text[bytes.end..].starts_with('#') {
            format!("{value} ")
        } else {
            value
        };
        edits.push((bytes, value));
    }
    if let Some(key) = key_bytes("approved_on") {
        let path = YamlPath::root().key("approved_on");
        let end = locations.scalar_bytes(&path).map_or(key.end, |v| v.end);
        let bytes = whole_lines(text, key.start..end)
            .and_then(checked)
            .map_err(|message| Refusal {
                message,
                key: "approved_on",
            })?;
        edits.push((bytes, String::new()));
    }
    edits.sort_by_key(|(bytes, _)| bytes.start);
    let mut edited = String::with_capacity(text.len());
    let mut done = 0;
    for (bytes, replacement) in edits {
        edited.push_str(&text[done..bytes.start]);
        edited.push_str(&replacement);
        done = bytes.end;
    }
    edited.push_str(&text[done..]);
    Ok(edited)
}

/// Why new-year cannot edit a plan in place, and the top-level key whose
/// value it could not replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is in the way, and what was expected.
    pub message: String,
    /// `year`, `status` or `approved_on`.
    pub key: &'static str,
}

/// The bytes of the top-level value of `key` (whose key starts at
/// `key_start`) that new-year may replace: a plain or quoted scalar without
/// anchor or tag (a block scalar runs over lines of its own, and an anchor
/// may be referred to elsewhere).
fn replaceable(
    text: &str,
    locations: &Locations,
    key: &str,
    key_start: usize,
) -> Result<Range<usize>, String> {
    let bytes = locations
        .scalar_bytes(&YamlPath::root().key(key))
        .ok_or_else(|| format!("expected a single value after '{key}:'"))?;
    let written = text.get(bytes.clone()).unwrap_or_default();
    if written.is_empty() || written.starts_with(['|', '>', '&', '!']) {
        let line = text
            .get(key_start..)
            .and_then(|rest| rest.lines().next())
            .unwrap_or_default();
        return Err(format!(
            "expected the value of '{key}:' written out after it, found '{}'",
            line.trim()
        ));
    }
    Ok(bytes)
}

/// The whole lines that `bytes` (a key and its value) stand on, line break
/// included: what removing them removes. Refused when the lines hold
/// something else too. A line ends as YAML's do, at `\n`, `\r\n` or a
/// lone `\r` (old Mac files, which check reads too).
fn whole_lines(text: &str, bytes: Range<usize>) -> Result<Range<usize>, String> {
    let refused = || "expected 'approved_on:' and its value on lines of their own".to_string();
    let before = text.get(..bytes.start).ok_or_else(refused)?;
    let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let rest = text.get(bytes.end..).ok_or_else(refused)?;
    let end_of_line = rest.find(['\n', '\r']).map_or(text.len(), |i| {
        let width = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        bytes.end + i + width
    });
    let after = text[bytes.end..end_of_line].trim_start();
    let alone =
        text[start..bytes.start].trim().is_empty() && (after.is_empty() || after.starts_with('#'));
    if !alone {
        return Err(refused());
    }
    Ok(start..end_of_line)
}

/// Copies the logo named in plan.yaml into the staged folder; returns its
/// path relative to the year folder.
fn copy_logo(from_folder: &Path, staging: &Path, logo: &str) -> Result<PathBuf, Error> {
    // The validator has made sure it is a plain relative path in the year folder.
    let relative = PathBuf::from(logo);
    let target = staging.join(&relative);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|err| Error::io(parent, "cannot make the folder", &err))?;
    }
    let source = from_folder.join(&relative);
    // Read as every input is: never from outside the data folder.
    let bytes = read_bytes(&source, data_folder(from_folder, 1))
        .map_err(|unread| Error::Data(Diagnostics::from(unread)))?;
    write_synced(&target, &bytes)
        .map_err(|err| Error::io(&target, "cannot write the logo", &err))?;
    Ok(relative)
}

/// Writes a new file of the staging folder and syncs it to disk before the
/// folder is renamed into place: after a power cut the year's plan.yaml is
/// whole or not there, never an empty file that new-year would then
/// refuse to replace.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.sync_all()
}

/// How new-year names its staging folder in the data folder.
const STAGING_PREFIX: &str = ".hfs-report-new-year-";

/// Removes what a new-year killed outright (SIGKILL, a power cut) left in
/// `folder`: a staging folder in the data folder, or a file staged in a
/// year folder that was there without a plan. Those a day old, since a
/// younger one may be another new-year's, under way. They hold a copy of a
/// plan or its logo, never the only one. Best effort.
fn remove_stale_staging(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let ours = entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX);
        // Not through a link: only what new-year made.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !ours || !crate::write::left_by_no_run(&meta) {
            continue;
        }
        let _ = if meta.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        };
    }
}

/// The staged plan loads, validates for the new year, and is the plan it
/// was copied from in all but its year, status and approval date: the
/// text edit did what it should, and nothing else. A last guard: whatever
/// the edit missed, no year folder appears whose plan says more or less
/// than the one it was copied from.
fn check_staged(staged: &Path, year: i32, from: &PlanFile) -> Result<(), Error> {
    check_edit(load_plan(staged), year, &from.plan).map_err(|what| {
        Error::Data(Diagnostics::from(Diagnostic::error(
            &from.path,
            None,
            format!("cannot start {year} from this file: {what}"),
        )))
    })
}

/// Whether `edited`, a plan.yaml made by [`edit_plan`] for `year` and then
/// loaded, passes check and is `from` in all but its year, status and
/// approval date; what is wrong when not.
pub fn check_edit(
    (edited, mut diagnostics): (Option<PlanFile>, Diagnostics),
    year: i32,
    from: &Plan,
) -> Result<(), String> {
    if let Some(edited) = &edited {
        diagnostics.extend(validate_plan(edited, Some(year)).diagnostics);
    }
    let edited = edited
        .filter(|_| !diagnostics.has_errors())
        .ok_or_else(|| {
            let found = diagnostics
                .sorted()
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            format!("the edited copy does not load ({found})")
        })?;
    let expected = Plan {
        year,
        status: Status::Draft,
        approved_on: None,
        ..from.clone()
    };
    match (
        serde_json::to_value(&edited.plan),
        serde_json::to_value(&expected),
    ) {
        (Ok(edited), Ok(expected)) if edited == expected => Ok(()),
        _ => Err(
            "the edited copy differs from it in more than the year, the status and the \
                  approval date"
                .to_string(),
        ),
    }
}

/// The 1-based numbers of the lines of the new plan that name the old
/// `year` as a word: texts that probably need updating. Lines end as
/// YAML's do (see [`whole_lines`]).
fn lines_naming(text: &str, year: i32) -> Vec<usize> {
    let year = year.to_string();
    text.replace("\r\n", "\n")
        .split(['\n', '\r'])
        .enumerate()
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

    /// `edit_plan` on a text, with the positions the plan loader records.
    fn edit(text: &str, year: i32) -> Result<String, String> {
        edit_plan(text, &Locations::of(text), year).map_err(|refusal| refusal.message)
    }

    #[test]
    fn only_the_year_status_and_approval_lines_change() {
        let text = "# Plan 2024\nyear: 2024   # the folder's name\r\nlanguage: sv\n\
                    status: approved\napproved_on: 2024-04-18 # årsmötet\nnetwork:\n  year: 2024\n";
        let edited = edit(text, 2025).unwrap();
        assert_eq!(
            edited,
            "# Plan 2024\nyear: 2025   # the folder's name\r\nlanguage: sv\n\
             status: draft\nnetwork:\n  year: 2024\n"
        );
    }

    #[test]
    fn values_are_found_wherever_yaml_allows_them() {
        let text = "year:\n  2024\nstatus:   approved\napproved_on:\n  2024-04-18\nabout: x\n";
        assert_eq!(
            edit(text, 2025).unwrap(),
            "year:\n  2025\nstatus:   draft\nabout: x\n"
        );
        let windows = "year: 2024\r\nstatus: approved\r\napproved_on: 2024-04-18\r\nabout: x\r\n";
        assert_eq!(
            edit(windows, 2025).unwrap(),
            "year: 2025\r\nstatus: draft\r\nabout: x\r\n"
        );
        // Old Mac line ends, a lone `\r`: check reads them, new-year too.
        let mac = "year: 2024\rstatus: approved\rapproved_on: 2024-04-18 # årsmötet\rabout: x\r";
        assert_eq!(
            edit(mac, 2025).unwrap(),
            "year: 2025\rstatus: draft\rabout: x\r"
        );
        let flow = "{year: 2024, status: draft}\n";
        assert_eq!(edit(flow, 2025).unwrap(), "{year: 2025, status: draft}\n");
    }

    #[test]
    fn a_line_of_a_quoted_text_that_looks_like_a_key_is_text() {
        let text = "year: 2024\nabout: \"Om\nstatus: text\napproved_on: 2024-04-18\"\n\
                    status: approved\napproved_on: 2024-04-18\n";
        assert_eq!(
            edit(text, 2025).unwrap(),
            "year: 2025\nabout: \"Om\nstatus: text\napproved_on: 2024-04-18\"\nstatus: draft\n"
        );
    }

    #[test]
    fn quoted_values_are_replaced_with_their_quotes_and_a_comment_stays_one() {
        let edited = edit("year: \"2024\"\nstatus: 'approved'#x\n", 2025).unwrap();
        assert_eq!(edited, "year: 2025\nstatus: draft #x\n");
        let plan: serde_yaml::Value = serde_yaml::from_str(&edited).unwrap();
        assert_eq!(plan["status"], "draft");
    }

    #[test]
    fn a_value_that_cannot_be_replaced_in_place_is_refused() {
        let refused = |text: &str| edit(text, 2025).unwrap_err();
        assert_eq!(refused("year: 2024\n"), "no top-level key 'status:'");
        assert_eq!(
            refused("year: &y 2024\nstatus: draft\n"),
            "expected the value of 'year:' written out after it, found 'year: &y 2024'"
        );
        assert_eq!(
            refused("year: 2024\nstatus: |\n  draft\n"),
            "expected the value of 'status:' written out after it, found 'status: |'"
        );
        assert_eq!(
            refused("{year: 2024, status: approved, approved_on: 2024-04-18}\n"),
            "expected 'approved_on:' and its value on lines of their own"
        );
    }

    #[test]
    fn a_copy_that_differs_in_more_than_the_three_values_is_refused() {
        let from_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/2024/plan.yaml");
        let (from, _) = load_plan(&from_path);
        let from = from.expect("the bundled plan loads");
        let dir = tempfile::tempdir().unwrap();
        let staged = dir.path().join("plan.yaml");
        let edited = edit_plan(&from.text, &from.locations, 2025).unwrap();
        std::fs::write(&staged, &edited).unwrap();
        assert!(check_staged(&staged, 2025, &from).is_ok());

        // As if the edit had also cut a quoted text short.
        let shortened = edited.replace(" för och med patienter", "");
        assert_ne!(shortened, edited);
        std::fs::write(&staged, &shortened).unwrap();
        let Err(Error::Data(diagnostics)) = check_staged(&staged, 2025, &from) else {
            panic!("the shortened copy was accepted");
        };
        assert!(
            diagnostics.sorted()[0].message.contains(
                "cannot start 2025 from this file: the edited copy differs from it in more \
                 than the year, the status and the approval date"
            ),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn lines_naming_the_old_year_are_found_as_words() {
        let text = "# Verksamhetsplan 2024\nyear: 2025\nid: a20245\ntext: Klart 2024.\n";
        assert_eq!(lines_naming(text, 2024), vec![1, 4]);
        for line_end in ["\r\n", "\r"] {
            assert_eq!(
                lines_naming(&text.replace('\n', line_end), 2024),
                vec![1, 4]
            );
        }
    }
}
