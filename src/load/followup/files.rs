//! Which files of a year folder are its follow-up data: the responses
//! folder's CSV files, and warnings for what looks like follow-up data but
//! is not read (a workbook, a file beside the folder).

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{RESPONSES_FOLDER, STATUS_FILE};
use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::load::{PLAN_FILE, broken_link, io_reason, named_in};

/// The `*.csv` files of the responses folder, sorted by name; none when
/// there is no such folder.
pub(super) fn response_files(year_folder: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let folder = named_in(year_folder, RESPONSES_FOLDER);
    match fs::metadata(&folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            diagnostics.push(Diagnostic::error(
                &folder,
                None,
                "is a file, expected a folder of CSV files (one per region, or one for all regions)",
            ));
            return Vec::new();
        }
        // A link to nothing is most likely a share that is not there: its
        // files must not read as no region having answered.
        Err(err)
            if err.kind() == std::io::ErrorKind::NotFound && broken_link(&folder).is_none() =>
        {
            return Vec::new();
        }
        Err(err) => {
            let reason = broken_link(&folder)
                .map_or_else(|| io_reason(&err), |link| format!("it is {link}"));
            diagnostics.push(Diagnostic::error(
                &folder,
                None,
                format!("cannot read the folder ({reason})"),
            ));
            return Vec::new();
        }
    }
    let entries = match fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(err) => {
            diagnostics.push(Diagnostic::error(
                &folder,
                None,
                format!("cannot read the folder ({})", io_reason(&err)),
            ));
            return Vec::new();
        }
    };
    let mut names: Vec<OsString> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(Diagnostic::error(
                    &folder,
                    None,
                    format!("cannot read the folder ({})", io_reason(&err)),
                ));
                continue;
            }
        };
        let name = entry.file_name();
        let text = name.to_string_lossy();
        // Dot files are hidden, e.g. the `._skane.csv` that macOS leaves on
        // USB sticks; Windows makes the other two in any folder it shows.
        let system = ["thumbs.db", "desktop.ini"].contains(&text.to_lowercase().as_str());
        let path = folder.join(&name);
        if text.starts_with('.') || system {
            // One a person named so is said: SPEC reads every *.csv here.
            // Not macOS's `._skane.csv` or an editor's lock `.#skane.csv`.
            let made_by_a_program = text.starts_with("._") || text.starts_with(".#");
            if !made_by_a_program && text.to_lowercase().ends_with(".csv") {
                diagnostics.push(
                    Diagnostic::warning(
                        &path,
                        None,
                        "skipped: a hidden file (its name begins with '.'), not read",
                    )
                    .with_hint("take the '.' out of its name to have it read"),
                );
            }
            continue;
        }
        if text.starts_with("~$") {
            diagnostics.push(
                Diagnostic::warning(&path, None, "skipped: this is Excel's lock file, not data")
                    .with_hint("it disappears when the file is closed in Excel"),
            );
            continue;
        }
        // Nothing the folder holds is left unread without a word: every
        // region would read as not answered.
        if path.is_dir() {
            diagnostics.push(
                Diagnostic::warning(
                    &path,
                    None,
                    format!(
                        "ignored: a folder; only the CSV files directly in {RESPONSES_FOLDER}/ \
                         are read"
                    ),
                )
                .with_hint(format!("move its CSV files into {RESPONSES_FOLDER}/")),
            );
            continue;
        }
        if !text.to_lowercase().ends_with(".csv") {
            diagnostics.push(not_csv(&path, &text));
            continue;
        }
        names.push(name);
    }
    names.sort();
    names.into_iter().map(|name| folder.join(name)).collect()
}

/// A warning for a file in the responses folder that is not CSV: a
/// workbook, or a CSV file saved with another ending (`.csv.txt`, as
/// Notepad does).
fn not_csv(path: &Path, name: &str) -> Diagnostic {
    let lower = name.to_lowercase();
    let diagnostic = Diagnostic::warning(
        path,
        None,
        format!("ignored: only the {RESPONSES_FOLDER}/*.csv files are read"),
    );
    if let Some(save_as_csv) = save_as_csv(&lower) {
        diagnostic.with_hint(save_as_csv)
    } else if let Some(at) = name
        .as_bytes()
        .windows(4)
        .position(|bytes| bytes.eq_ignore_ascii_case(b".csv"))
    {
        // (Found in the name itself, not in its lower case, whose letters
        // may be longer or shorter in bytes: 'ẞ' is 3, 'ß' 2.)
        let meant = &name[..at + ".csv".len()];
        // A copy kept aside (`.csv.bak`) beside the file: renaming it would
        // replace that file.
        if path.with_file_name(meant).is_file() {
            diagnostic.with_hint(format!("'{meant}' beside it is the file read"))
        } else {
            diagnostic.with_hint(format!("rename it to '{meant}'"))
        }
    } else {
        diagnostic
    }
}

/// How a spreadsheet program's own file (a workbook), which hfs-report
/// does not read, becomes a file it reads, told for the program that
/// makes it; `None` for another file. `lower` is the file's name in lower
/// case.
fn save_as_csv(lower: &str) -> Option<&'static str> {
    const EXCEL: &str = "save it from Excel as 'CSV UTF-8' or 'CSV (semikolonavgränsad)'";
    const LIBREOFFICE: &str =
        "save it from LibreOffice as 'Text CSV (.csv)' with the character set 'Unicode (UTF-8)'";
    [
        (".xlsx", EXCEL),
        (".xlsm", EXCEL),
        (".xlsb", EXCEL),
        (".xls", EXCEL),
        (".ods", LIBREOFFICE),
        (".fods", LIBREOFFICE),
        (
            ".numbers",
            "export it from Numbers as CSV with the text encoding 'Unicode (UTF-8)'",
        ),
    ]
    .into_iter()
    .find_map(|(ending, hint)| lower.ends_with(ending).then_some(hint))
}

/// Whether `path` is what the year's follow-up is read from at `read`:
/// the same entry (a link to nothing too, which reading reports), or the
/// same file or folder by another spelling on a file system that does not
/// tell case apart.
fn is_read_as(path: &Path, read: &Path) -> bool {
    path == read
        || match (fs::canonicalize(path), fs::canonicalize(read)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// Warns about what in the year folder itself looks like follow-up data
/// but is not read: a second plan.yaml, activity-status.csv or responses
/// named so but for letter case, a region's answers put beside plan.yaml, a misspelt
/// activity-status.csv (or one saved as `.csv.txt`), a responses folder
/// by another name.
pub(super) fn warn_about_stray_files(year_folder: &Path, diagnostics: &mut Diagnostics) {
    let file_name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let Ok(entries) = fs::read_dir(year_folder) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    let responses = named_in(year_folder, RESPONSES_FOLDER);
    for path in entries {
        let name = file_name(&path);
        let lower = name.to_lowercase();
        if lower.starts_with('.') || lower.starts_with("~$") {
            continue;
        }
        // 'Plan.yaml' beside 'plan.yaml', or two such with none in lower
        // case (see `named_in`).
        if let Some(expected) = [PLAN_FILE, STATUS_FILE, RESPONSES_FOLDER]
            .into_iter()
            .find(|expected| lower == *expected && name != *expected)
        {
            let read = named_in(year_folder, expected);
            if !is_read_as(&path, &read) {
                let message = if fs::symlink_metadata(&read).is_ok() {
                    format!(
                        "ignored: {} is read, which differs in letter case only",
                        file_name(&read)
                    )
                } else {
                    format!(
                        "ignored: more names than one differ from {expected} in letter case only"
                    )
                };
                diagnostics.push(
                    Diagnostic::warning(&path, None, message)
                        .with_hint(format!("keep one, named {expected}")),
                );
            }
            continue;
        }
        if path.is_dir() {
            let like_responses = suggest(&name, [RESPONSES_FOLDER]).is_some() || lower == "svar";
            if like_responses && name != RESPONSES_FOLDER && !is_read_as(&path, &responses) {
                diagnostics.push(
                    Diagnostic::warning(
                        &path,
                        None,
                        format!("ignored: the regions' answers are read from {RESPONSES_FOLDER}/"),
                    )
                    .with_hint(format!("did you mean '{RESPONSES_FOLDER}'?")),
                );
            }
            continue;
        }
        let status = named_in(year_folder, STATUS_FILE);
        let workbook = save_as_csv(&lower);
        if !(lower.contains(".csv") || workbook.is_some())
            || name == STATUS_FILE
            || is_read_as(&path, &status)
        {
            continue;
        }
        let diagnostic = Diagnostic::warning(
            &path,
            None,
            format!(
                "ignored: the follow-up is read from {STATUS_FILE} and {RESPONSES_FOLDER}/*.csv"
            ),
        );
        // A workbook's name without its ending, to compare with the file
        // it may stand for.
        let stem = if workbook.is_some() {
            name.rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem)
        } else {
            name.as_str()
        };
        let status_stem = STATUS_FILE.trim_end_matches(".csv");
        let like_status = suggest(stem, [STATUS_FILE, status_stem]).is_some();
        diagnostics.push(match (workbook, like_status) {
            (Some(save_as_csv), true) => {
                diagnostic.with_hint(format!("{save_as_csv}, named {STATUS_FILE}"))
            }
            (Some(save_as_csv), false) => diagnostic.with_hint(format!(
                "{save_as_csv}, in {RESPONSES_FOLDER}/ if it holds a region's answers"
            )),
            (None, true) => diagnostic.with_hint(format!("did you mean '{STATUS_FILE}'?")),
            (None, false) => {
                diagnostic.with_hint(format!("move a region's answers into {RESPONSES_FOLDER}/"))
            }
        });
    }
}

/// A responses file as read: its bytes, or the error that says why they
/// could not be had.
pub(super) type FileRead = (PathBuf, Result<Vec<u8>, Diagnostic>);

/// The files of `files` that are no copy, byte for byte, of another,
/// with a warning for each copy left out: `skane (1).csv` or `skane -
/// Kopia.csv`, which a second save from Excel or a file manager's copy
/// makes, would make every one of its rows an error, as a second answer
/// of its region. Of files alike, the one of the shortest name is read
/// (the copy's name is the original's and more). A file that could not be
/// read, or is empty, is kept: its reading reports it.
pub(super) fn without_copies(files: Vec<FileRead>, diagnostics: &mut Diagnostics) -> Vec<FileRead> {
    let name = |path: &Path| {
        path.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let paths: Vec<&Path> = files.iter().map(|(path, _)| path.as_path()).collect();
    let digests: Vec<Option<Vec<u8>>> = files
        .iter()
        .map(|(_, bytes)| {
            bytes
                .as_ref()
                .ok()
                .filter(|bytes| !bytes.is_empty())
                .map(|bytes| Sha256::digest(bytes).to_vec())
        })
        .collect();
    // The file read in place of each: the first of the shortest name among
    // those alike.
    let read_instead = |i: usize| -> Option<usize> {
        let digest = digests[i].as_ref()?;
        let key = |j: usize| (name(paths[j]).chars().count(), j);
        (0..paths.len())
            .filter(|&j| digests[j].as_ref() == Some(digest))
            .min_by_key(|&j| key(j))
            .filter(|&j| j != i)
    };
    // The name of the file each is a copy of, if it is one.
    let copies: Vec<Option<String>> = (0..files.len())
        .map(|i| read_instead(i).map(|original| name(paths[original])))
        .collect();
    let mut kept = Vec::with_capacity(files.len());
    for ((path, bytes), copy_of) in files.into_iter().zip(copies) {
        match copy_of {
            Some(original) => diagnostics.push(
                Diagnostic::warning(
                    &path,
                    None,
                    format!("skipped: a copy of {original}, byte for byte, so read once"),
                )
                .with_hint("delete the copy"),
            ),
            None => kept.push((path, bytes)),
        }
    }
    kept
}
