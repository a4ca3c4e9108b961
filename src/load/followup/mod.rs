//! Reads a year's follow-up data (activity-status.csv and responses/*.csv)
//! into typed values, checked against the plan.
//!
//! Every row is checked and every problem reported with the cell it is in;
//! the data is handed on only when no file has an error, so that a report is
//! never built from part of what a region delivered.

mod checkable;
mod files;
mod regions;
mod responses;
mod status;
mod values;
mod year_before;

pub use self::checkable::{Checkable, Doubts};
use self::files::{FileRead, response_files, warn_about_stray_files, without_copies};
pub(crate) use self::regions::RegionNames;
pub use self::regions::{region_key, region_names, same_regions};
use self::responses::{ResponseReader, silent_regions};
use self::status::read_statuses;
use self::year_before::YearBefore;

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::load::ReadFile;
use crate::load::csv::{Column, Row, Table, parse_table, read_table, windows_1252_reading};
use crate::load::printable::{
    LOST_LETTER, LOST_LETTER_SAID, describe_unprintable, for_message, is_blank,
};
use crate::load::{data_folder, named_in, read_bytes};
use crate::model::{Id, MAX_TEXT_CHARS, Plan};

/// The secretariat's file of activity statuses, in the year folder.
pub const STATUS_FILE: &str = "activity-status.csv";

/// The folder of the regions' answers, in the year folder.
pub const RESPONSES_FOLDER: &str = "responses";

/// The columns of activity-status.csv.
pub const STATUS_COLUMNS: &[Column] = &[
    Column {
        key: "activity",
        aliases: &["aktivitet"],
        required: true,
        numbers: false,
    },
    Column {
        key: "status",
        aliases: &[],
        required: true,
        numbers: false,
    },
    Column {
        key: "comment",
        aliases: &["kommentar"],
        required: false,
        numbers: false,
    },
];

/// The columns of a responses/*.csv file.
pub const RESPONSE_COLUMNS: &[Column] = &[
    Column {
        key: "region",
        aliases: &[],
        required: true,
        numbers: false,
    },
    Column {
        key: "indicator",
        aliases: &["indikator"],
        required: true,
        numbers: false,
    },
    Column {
        key: "value",
        aliases: &["värde"],
        required: true,
        numbers: true,
    },
    Column {
        key: "comment",
        aliases: &["kommentar"],
        required: false,
        numbers: false,
    },
];

/// How far an activity of the action plan has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// `done`, `genomförd`.
    Done,
    /// `ongoing`, `pågår`.
    Ongoing,
    /// `not_started`, `ej påbörjad`.
    NotStarted,
    /// `postponed`, `framflyttad`.
    Postponed,
    /// `cancelled`, `inställd`.
    Cancelled,
}

impl ActivityStatus {
    /// Every status, in the order of the follow-up's counts.
    pub const ALL: [ActivityStatus; 5] = [
        ActivityStatus::Done,
        ActivityStatus::Ongoing,
        ActivityStatus::NotStarted,
        ActivityStatus::Postponed,
        ActivityStatus::Cancelled,
    ];

    /// Reads an English or Swedish status word, in any letter case; `_`, `-`
    /// and runs of spaces between words count as one space.
    pub fn parse(text: &str) -> Option<Self> {
        match normal_words(text).as_str() {
            "done" | "genomförd" => Some(Self::Done),
            "ongoing" | "pågår" => Some(Self::Ongoing),
            "not started" | "ej påbörjad" => Some(Self::NotStarted),
            "postponed" | "framflyttad" => Some(Self::Postponed),
            "cancelled" | "canceled" | "inställd" => Some(Self::Cancelled),
            _ => None,
        }
    }

    /// The English word, as serialised: `done`, `not_started`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Ongoing => "ongoing",
            Self::NotStarted => "not_started",
            Self::Postponed => "postponed",
            Self::Cancelled => "cancelled",
        }
    }

    /// The Swedish word: `genomförd`, `ej påbörjad`, ...
    pub fn swedish(self) -> &'static str {
        match self {
            Self::Done => "genomförd",
            Self::Ongoing => "pågår",
            Self::NotStarted => "ej påbörjad",
            Self::Postponed => "framflyttad",
            Self::Cancelled => "inställd",
        }
    }
}

/// The answer to a `yes_partly_no` indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YesPartlyNo {
    /// `yes`, `ja`.
    Yes,
    /// `partly`, `delvis`.
    Partly,
    /// `no`, `nej`.
    No,
}

impl YesPartlyNo {
    /// Every answer, in print order.
    pub const ALL: [YesPartlyNo; 3] = [YesPartlyNo::Yes, YesPartlyNo::Partly, YesPartlyNo::No];

    /// Reads an English or Swedish answer word, in any letter case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "yes" | "ja" => Some(Self::Yes),
            "partly" | "delvis" => Some(Self::Partly),
            "no" | "nej" => Some(Self::No),
            _ => None,
        }
    }

    /// The English word, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::Partly => "partly",
            Self::No => "no",
        }
    }
}

/// A region's answer to one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// The value of a `scale`, `percent` (0 to 100, without the `%`) or `number` indicator.
    Number(f64),
    /// The answer to a `yes_partly_no` indicator.
    Choice(YesPartlyNo),
}

/// One row of activity-status.csv.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusEntry {
    /// The activity's id in plan.yaml.
    pub activity: Id,
    /// How far it has come.
    pub status: ActivityStatus,
    /// The secretariat's comment, trimmed; `None` when empty.
    pub comment: Option<String>,
    /// The file the row is in.
    pub file: PathBuf,
    /// The line the row starts on.
    pub line: usize,
}

/// One row of a responses file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The region's id in plan.yaml (however the file named the region).
    pub region: Id,
    /// The indicator's id in plan.yaml.
    pub indicator: Id,
    /// The answer; `None` when the cell was empty, i.e. not answered.
    pub value: Option<Answer>,
    /// The region's comment, trimmed; `None` when empty.
    pub comment: Option<String>,
    /// The file the row is in.
    pub file: PathBuf,
    /// The line the row starts on.
    pub line: usize,
}

impl Response {
    /// Whether the row says anything: a value or a comment. A region whose
    /// rows have neither (a template sent back as it came) has delivered
    /// nothing.
    pub fn says_something(&self) -> bool {
        self.value.is_some() || self.comment.is_some()
    }
}

/// The follow-up data of a year, every reference checked against the plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FollowUp {
    /// The activity statuses, in file order.
    pub statuses: Vec<StatusEntry>,
    /// The answers of every file, files in name order, rows in file order.
    pub responses: Vec<Response>,
    /// Every CSV file read (activity-status.csv first), for the manifest.
    pub files: Vec<ReadFile>,
}

/// Reads and checks the follow-up CSV files of a year folder.
///
/// `None` when the year has no follow-up data at all (neither
/// activity-status.csv nor a responses/*.csv file), and also when any
/// diagnostic is an error: every problem of every file is in the diagnostics,
/// warnings included.
pub fn load_followup(year_folder: &Path, plan: &Plan) -> (Option<FollowUp>, Diagnostics) {
    check_followup(year_folder, plan, Checkable::ALL)
}

/// [`load_followup`], checking against the plan only the files `checkable`
/// names: for a plan with problems, whose lists the others refer to.
pub fn check_followup(
    year_folder: &Path,
    plan: &Plan,
    checkable: Checkable,
) -> (Option<FollowUp>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let status_path = named_in(year_folder, STATUS_FILE);
    // symlink_metadata, so that a broken link is read (and reported), not skipped.
    let has_status = fs::symlink_metadata(&status_path).is_ok();
    let response_paths = response_files(year_folder, &mut diagnostics);
    warn_about_stray_files(year_folder, &mut diagnostics);
    if !has_status && response_paths.is_empty() {
        return (None, diagnostics);
    }

    let status = has_status.then_some(status_path);
    let data = data_folder(year_folder, 1);
    // Each responses file is read once, for finding the copies and for
    // its rows.
    let responses: Vec<FileRead> = response_paths
        .into_iter()
        .map(|path| {
            let bytes = read_bytes(&path, data);
            (path, bytes)
        })
        .collect();
    let responses = without_copies(responses, &mut diagnostics);
    let read = |path: &Path, columns: &[Column]| match responses.iter().find(|(p, _)| p == path) {
        Some((_, Ok(bytes))) => parse_table(path, bytes, columns),
        Some((_, Err(unread))) => (None, Diagnostics::from(unread.clone())),
        None => read_table(path, data, columns),
    };
    let response_paths: Vec<PathBuf> = responses.iter().map(|(path, _)| path.clone()).collect();
    let year_before = YearBefore::of(year_folder);
    let (followup, found) =
        check_files(plan, checkable, &year_before, status, &response_paths, read);
    diagnostics.extend(found);
    if diagnostics.has_errors() {
        (None, diagnostics)
    } else {
        (followup, diagnostics)
    }
}

/// Whether a year folder has follow-up data: activity-status.csv or a
/// responses/*.csv file (read or not, they are there), or may have: where
/// the folder or its responses folder cannot be read, only reading it
/// tells, and that reports why it cannot.
pub fn has_followup_files(year_folder: &Path) -> bool {
    let status = fs::symlink_metadata(named_in(year_folder, STATUS_FILE));
    let mut problems = Diagnostics::new();
    let responses = response_files(year_folder, &mut problems);
    !matches!(status, Err(err) if err.kind() == std::io::ErrorKind::NotFound)
        || !responses.is_empty()
        || problems.has_errors()
}

/// Checks what of the follow-up files can be checked without a plan: that
/// each can be read and is CSV with the right columns. For a year whose
/// plan is broken, so that one run still reports every file's problems.
pub fn check_structure(year_folder: &Path) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let data = data_folder(year_folder, 1);
    let status_path = named_in(year_folder, STATUS_FILE);
    if fs::symlink_metadata(&status_path).is_ok() {
        diagnostics.extend(read_table(&status_path, data, STATUS_COLUMNS).1);
    }
    for path in response_files(year_folder, &mut diagnostics) {
        diagnostics.extend(read_table(&path, data, RESPONSE_COLUMNS).1);
    }
    warn_about_stray_files(year_folder, &mut diagnostics);
    diagnostics
}

/// [`load_followup`] on files already in memory: `status` is
/// activity-status.csv and `responses` the responses files, each with the
/// name it is reported under. For tests and fuzzing.
pub fn followup_from_bytes(
    plan: &Plan,
    status: Option<(&Path, &[u8])>,
    responses: &[(&Path, &[u8])],
) -> (Option<FollowUp>, Diagnostics) {
    let files: Vec<(&Path, &[u8])> = status
        .into_iter()
        .chain(responses.iter().copied())
        .collect();
    let read = |path: &Path, columns: &[Column]| {
        let bytes = files
            .iter()
            .find(|(p, _)| *p == path)
            .map_or(&[][..], |(_, b)| *b);
        parse_table(path, bytes, columns)
    };
    let paths: Vec<PathBuf> = responses.iter().map(|(p, _)| p.to_path_buf()).collect();
    let status = status.map(|(p, _)| p.to_path_buf());
    check_files(
        plan,
        Checkable::ALL,
        &YearBefore::none(),
        status,
        &paths,
        read,
    )
}

/// Reads each file with `read` and checks its rows against the plan;
/// `None` when any diagnostic is an error.
fn check_files(
    plan: &Plan,
    checkable: Checkable,
    year_before: &YearBefore,
    status: Option<PathBuf>,
    responses: &[PathBuf],
    read: impl Fn(&Path, &[Column]) -> (Option<Table>, Diagnostics),
) -> (Option<FollowUp>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut followup = FollowUp::default();
    if let Some(path) = status {
        let (table, found) = read(&path, STATUS_COLUMNS);
        diagnostics.extend(found);
        if let Some(table) = table {
            followup.statuses = read_statuses(
                &table,
                plan,
                &checkable.activities,
                year_before,
                &mut diagnostics,
            );
            followup.files.push(table.read_file());
        }
    }

    let mut reader = ResponseReader::new(plan, &checkable, year_before);
    for path in responses {
        let (table, found) = read(path, RESPONSE_COLUMNS);
        diagnostics.extend(found);
        if let Some(table) = table {
            followup
                .responses
                .extend(reader.read(&table, &mut diagnostics));
            followup.files.push(table.read_file());
        }
    }
    for error in reader.unknown_indicator_errors() {
        diagnostics.push(error);
    }
    for warning in reader.fraction_warnings() {
        diagnostics.push(warning);
    }
    // A row left out for its error may be the one that says something:
    // the warning waits until the errors are fixed.
    if !diagnostics.has_errors() {
        for warning in silent_regions(&followup.responses) {
            diagnostics.push(warning);
        }
    }

    if diagnostics.has_errors() {
        (None, diagnostics)
    } else {
        (Some(followup), diagnostics)
    }
}

/// "one of 'a1', 'a2', 'a3'" (at most 20 listed), "'a1'", or "none: plan.yaml has none".
fn one_of<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    const MAX: usize = 20;
    let ids: Vec<&str> = ids.collect();
    let listed: Vec<String> = ids.iter().take(MAX).map(|id| format!("'{id}'")).collect();
    let more = if ids.len() > MAX { ", …" } else { "" };
    match listed.as_slice() {
        [] => "an id, but plan.yaml has none".into(),
        [one] => one.clone(),
        _ => format!("one of {}{more}", listed.join(", ")),
    }
}

/// An error when the comment is longer than a report should print, or
/// holds a character the documents cannot print.
fn comment_problem(file: &Path, row: &Row) -> Option<Diagnostic> {
    let text = row.text("comment");
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Some(
            Diagnostic::error(
                file,
                Some(row.pos("comment")),
                format!(
                    "comment is {length} characters long, expected at most {MAX_TEXT_CHARS} \
                     (some 8 pages of the report)"
                ),
            )
            .with_hint("shorten the comment, or send the whole text to the secretariat apart"),
        );
    }
    if text.contains(LOST_LETTER) {
        let (what, hint) = LOST_LETTER_SAID;
        return Some(
            Diagnostic::error(
                file,
                Some(row.pos("comment")),
                format!("comment holds {what}"),
            )
            .with_hint(hint),
        );
    }
    let found = describe_unprintable(text)?;
    let diagnostic = Diagnostic::error(
        file,
        Some(row.pos("comment")),
        format!("comment holds {found}, which the documents' fonts cannot print"),
    );
    // Windows-1252 text whose bytes are UTF-8 too reads as such characters.
    Some(match windows_1252_reading(text) {
        Some(reading) if describe_unprintable(&reading).is_none() => diagnostic.with_hint(format!(
            "in Windows-1252 the comment reads '{}': if Excel saved the file so, save it as \
             'CSV UTF-8'",
            for_message(&reading)
        )),
        _ => diagnostic.with_hint("remove the character or replace it with one the fonts have"),
    })
}

/// The comment cell's text, `None` when it prints nothing (empty, or
/// only invisible marks: a zero-width space, a soft hyphen).
fn comment_of(row: &Row) -> Option<String> {
    Some(row.text("comment"))
        .filter(|text| !is_blank(text))
        .map(str::to_string)
}

/// Adds "did you mean" to a diagnostic when one of `known` is close to
/// `found`, unless the closest is `taken` (has a row of its own): then it
/// is no likely meaning, and no other is offered in its place, which would
/// file the row under an item that was not meant.
fn with_suggestion<'a>(
    diagnostic: Diagnostic,
    found: &str,
    known: impl IntoIterator<Item = &'a str>,
    taken: impl Fn(&str) -> bool,
) -> Diagnostic {
    match suggest(found, known).filter(|close| !taken(close)) {
        Some(close) => diagnostic.with_hint(format!("did you mean '{close}'?")),
        None => diagnostic,
    }
}

/// Composed, lower case, `_` and `-` as spaces, one space between words.
fn normal_words(text: &str) -> String {
    // Composed, as the words are written here: macOS and some PDFs write
    // å as a + U+030A.
    text.nfc()
        .collect::<String>()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::status::status_words;
    use super::*;

    const PLAN: &str = r#"
year: 2024
language: sv
status: draft
network: { name: Nätverket, short_name: HFS, parent: HPH }
regions:
  - { id: uppsala, name: Region Uppsala, code: "03" }
  - { id: skane, name: Region Skåne, code: "12" }
  - { id: vastra-gotaland, name: Västra Götalandsregionen, code: "14" }
  - { id: gavleborg, name: Region Gävleborg, code: "21" }
  - { id: jamtland-harjedalen, name: Region Jämtland Härjedalen, code: "23" }
organisation:
  secretariat: S
  coordinator: C
  committee: PU
  process_leaders: P
  theme_groups: [Tobak]
about: Om
mission: Idé
perspectives: [{ id: ledning, name: Ledning, description: D }]
vision: { statement: V, explanation: E }
situation: { intro: I }
strategies: { intro: I, items: [] }
focus_areas:
  intro: I
  items: [{ id: f1, perspective: ledning, title: T, follow_up: U }]
action_plan:
  intro: I
  activities:
    - { id: a1, focus_area: f1, text: T, responsible: R, timeline: T }
    - { id: a2, focus_area: f1, text: T, responsible: R, timeline: T }
    - { id: a3, focus_area: f1, text: T, responsible: R, timeline: T }
indicators:
  - { id: hph-1, section: S, text: Standard 1, kind: scale, min: 1, max: 10 }
  - { id: f1-data, focus_area: f1, text: T, kind: yes_partly_no }
  - { id: f2-moten, focus_area: f1, text: T, kind: percent }
  - { id: f3-workshops, focus_area: f1, text: T, kind: number, unit: st }
"#;

    fn plan() -> Plan {
        serde_yaml::from_str(PLAN).expect("the test plan")
    }

    /// A year folder with the given files (relative path, bytes).
    fn year(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        for (name, bytes) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("a folder");
            }
            fs::write(path, bytes).expect("written");
        }
        dir
    }

    /// Loads the year, with the diagnostics printed relative to the folder.
    fn load(dir: &tempfile::TempDir) -> (Option<FollowUp>, Vec<String>) {
        load_with(dir, &plan())
    }

    /// [`load`] against another plan.
    fn load_with(dir: &tempfile::TempDir, plan: &Plan) -> (Option<FollowUp>, Vec<String>) {
        let (followup, diagnostics) = load_followup(dir.path(), plan);
        let prefix = format!("{}/", dir.path().display());
        let messages = diagnostics
            .sorted()
            .iter()
            .map(|d| d.to_string().replace(&prefix, ""))
            .collect();
        (followup, messages)
    }

    /// Loads a year with one responses file and returns its errors.
    fn response_errors(csv: &str) -> Vec<String> {
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none(), "{messages:?}");
        messages
    }

    /// (region, indicator, value) of each response.
    fn answers(followup: &FollowUp) -> Vec<(&str, &str, Option<Answer>)> {
        followup
            .responses
            .iter()
            .map(|r| (r.region.as_str(), r.indicator.as_str(), r.value))
            .collect()
    }

    fn number(value: f64) -> Option<Answer> {
        Some(Answer::Number(value))
    }

    #[test]
    fn a_year_without_csv_has_no_followup() {
        let dir = year(&[("plan.yaml", b"year: 2024"), ("responses/notes.txt", b"x")]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            ["responses/notes.txt: warning: ignored: only the responses/*.csv files are read"]
        );
    }

    #[test]
    fn names_that_differ_in_letter_case_only_are_read_once_and_named() {
        // Windows would open one of them; which one is read is said.
        let status = b"activity,status\na1,done\n";
        let dir = year(&[
            ("plan.yaml", b"year: 2024"),
            ("Plan.yaml", b"year: 2025"),
            ("Activity-Status.csv", status),
            ("ACTIVITY-STATUS.csv", status),
        ]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "ACTIVITY-STATUS.csv: warning: ignored: more names than one differ from activity-status.csv in letter case only (keep one, named activity-status.csv)",
                "Activity-Status.csv: warning: ignored: more names than one differ from activity-status.csv in letter case only (keep one, named activity-status.csv)",
                "Plan.yaml: warning: ignored: plan.yaml is read, which differs in letter case only (keep one, named plan.yaml)",
            ]
        );
        // Neither status file is read: no follow-up data.
        assert!(followup.is_none());
        let dir = year(&[("Activity-Status.csv", status)]);
        let (followup, messages) = load(&dir);
        assert_eq!(messages, Vec::<String>::new());
        assert_eq!(followup.expect("read").statuses.len(), 1);
    }

    #[test]
    fn answers_saved_almost_where_or_as_they_belong_are_named() {
        // Each of these was read as no answer at all, without a word: every
        // region's report said it had not answered.
        let csv: &[u8] = b"region;indikator;v\xe4rde\r\nuppsala;hph-1;4\r\n";
        let dir = year(&[
            ("Responses/uppsala.csv", csv),
            ("svar/uppsala.csv", csv),
            ("activity-status.csv.txt", b"aktivitet;status\r\n"),
            ("responses/halland.csv.txt", csv),
            ("responses/skane.xlsx", b"PK"),
            ("responses/2024/orebro.csv", csv),
            // Windows's own files are no one's answers.
            ("responses/Thumbs.db", b"\x00"),
            ("responses/desktop.ini", b"[.ShellClassInfo]"),
        ]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            [
                "Responses: warning: ignored: responses is read, which differs in letter case only (keep one, named responses)",
                "activity-status.csv.txt: warning: ignored: the follow-up is read from activity-status.csv and responses/*.csv (did you mean 'activity-status.csv'?)",
                "responses/2024: warning: ignored: a folder; only the CSV files directly in responses/ are read (move its CSV files into responses/)",
                "responses/halland.csv.txt: warning: ignored: only the responses/*.csv files are read (rename it to 'halland.csv')",
                "responses/skane.xlsx: warning: ignored: only the responses/*.csv files are read (save it from Excel as 'CSV UTF-8' or 'CSV (semikolonavgränsad)')",
                "svar: warning: ignored: the regions' answers are read from responses/ (did you mean 'responses'?)",
            ]
        );
    }

    #[test]
    fn a_copy_kept_aside_is_not_told_to_take_the_name_of_the_file_beside_it() {
        let csv = "region;indikator;värde\r\nuppsala;hph-1;4\r\n".as_bytes();
        let dir = year(&[
            ("responses/uppsala.csv", csv),
            ("responses/uppsala.csv.bak", csv),
        ]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/uppsala.csv.bak: warning: ignored: only the responses/*.csv files are read ('uppsala.csv' beside it is the file read)",
            ]
        );
        assert_eq!(followup.expect("read").responses.len(), 1);
        // A folder of that name is no file that is read; a name whose lower
        // case is longer in bytes ('ẞ' is 'ß') is cut where its own '.csv'
        // is (it made the tool panic).
        let dir = year(&[
            ("responses/uppsala.csv.txt", csv),
            ("responses/uppsala.csv/svar.txt", csv),
            ("responses/ẞẞẞẞẞ.csv.txt", csv),
        ]);
        let (_, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/uppsala.csv: warning: ignored: a folder; only the CSV files directly in responses/ are read (move its CSV files into responses/)",
                "responses/uppsala.csv.txt: warning: ignored: only the responses/*.csv files are read (rename it to 'uppsala.csv')",
                "responses/ẞẞẞẞẞ.csv.txt: warning: ignored: only the responses/*.csv files are read (rename it to 'ẞẞẞẞẞ.csv')",
            ]
        );
    }

    #[test]
    fn a_csv_file_that_is_no_regular_file_is_an_error_not_a_wait() {
        // Reading a named pipe waits for a writer; a socket is the other
        // kind of special file a folder can hold, and std makes one.
        let dir = year(&[("responses/a.csv", b"region;indikator;v\xe4rde\r\n")]);
        let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("responses/b.csv"))
            .expect("a socket");
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            [
                "responses/a.csv:1: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default) (save it as 'CSV UTF-8' to be sure that every letter reads right)",
                "responses/b.csv: error: is not a regular file (a named pipe, socket or device), expected a file"
            ]
        );
    }

    #[test]
    fn reads_every_csv_form_in_name_order() {
        let dir = year(&[
            ("responses/b-skane.csv", b"Region;Indikator;V\xe4rde;Kommentar\r\nRegion Sk\xe5ne;hph-1;7,5;\"Bra; \"\"mycket\"\" bra\"\r\n"),
            ("responses/a-uppsala.csv", "\u{feff}region,indicator,value,comment\nuppsala,f2-moten,62 %,\n".as_bytes()),
            ("responses/c.CSV", b" REGION , INDICATOR , VALUE \n12,f3-workshops,1 234\n"),
            ("responses/readme.txt", b"not read"),
            ("responses/._c.csv", b"\x00\x01"),
        ]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/b-skane.csv:1: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default) (save it as 'CSV UTF-8' to be sure that every letter reads right)",
                "responses/readme.txt: warning: ignored: only the responses/*.csv files are read"
            ]
        );
        let followup = followup.expect("the follow-up");
        assert_eq!(
            answers(&followup),
            [
                ("uppsala", "f2-moten", number(62.0)),
                ("skane", "hph-1", number(7.5)),
                ("skane", "f3-workshops", number(1234.0))
            ]
        );
        assert_eq!(
            followup.responses[1].comment.as_deref(),
            Some("Bra; \"mycket\" bra")
        );
        let read: Vec<&Path> = followup.files.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(
            read,
            ["a-uppsala.csv", "b-skane.csv", "c.CSV"].map(|n| dir.path().join("responses").join(n))
        );
        assert_eq!(
            followup.responses[2].file,
            dir.path().join("responses/c.CSV")
        );
        assert_eq!(followup.responses[2].line, 2);
    }

    #[test]
    fn a_region_written_with_combining_marks_is_found() {
        // "Region Gävleborg" with its ä as a and U+0308.
        let csv = "region;indicator;value\nRegion Ga\u{308}vleborg;hph-1;4\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            answers(&followup.expect("the follow-up")),
            [("gavleborg", "hph-1", number(4.0))]
        );
    }

    #[test]
    fn every_problem_of_a_row_is_reported_not_only_its_first() {
        // Each fix used to bring the next problem of the same row to light.
        let csv = "region;indicator;value;comment\n\
                   xx;hph-1;44;\n\
                   uppsala;hph-1;44;a\u{7} 👍\n";
        let status = "activity;status;comment\na1;klar;x\u{7}\n";
        let dir = year(&[
            ("responses/r.csv", csv.as_bytes()),
            ("activity-status.csv", status.as_bytes()),
        ]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        let hint = "remove the character or replace it with one the fonts have";
        assert_eq!(
            messages,
            [
                format!("activity-status.csv:2:4: error: status 'klar' for activity 'a1' is not a status (expected {})", status_words()),
                format!("activity-status.csv:2:9: error: comment holds the control character U+0007, which the documents' fonts cannot print ({hint})"),
                "responses/r.csv:2:1: error: region 'xx' is not a region of plan.yaml (use a region's id, name or code from plan.yaml)".into(),
                "responses/r.csv:2:10: error: value '44' for indicator 'hph-1' is out of range (expected a number from 1 to 10)".into(),
                "responses/r.csv:3:15: error: value '44' for indicator 'hph-1' is out of range (expected a number from 1 to 10)".into(),
                format!("responses/r.csv:3:18: error: comment holds the control character U+0007 and the character '👍' (U+1F44D), which the documents' fonts cannot print ({hint})"),
            ]
        );
    }

    #[test]
    fn two_files_joined_into_one_and_invisible_characters_are_named() {
        // Two "CSV UTF-8" files joined: the second's byte-order mark and
        // header in the middle. A zero-width space after a value.
        let csv = "region;indicator;value\n\
                   uppsala;hph-1;4\n\
                   \u{feff}region;indicator;value\n\
                   \u{feff}skane;hph-1;5\u{200b}\n\
                   skane;f3-workshops;1\u{2009}234\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            [
                "responses/r.csv:3: error: the header line is repeated here (expected one header line, at the top) (were two files joined into one? remove this line)",
                "responses/r.csv:4:1: error: region '<U+FEFF>skane' is not a region of plan.yaml (did you mean 'Region Skåne'?)",
                "responses/r.csv:4:14: error: value '5<U+200B>' for indicator 'hph-1' is not a number (expected a number from 1 to 10)",
            ]
        );
        // The thin space between groups of digits, as typeset text has it,
        // reads like the others.
        let dir = year(&[(
            "responses/r.csv",
            "region;indicator;value\nskane;f3-workshops;1\u{2009}234\n".as_bytes(),
        )]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            answers(&followup.expect("the follow-up")),
            [("skane", "f3-workshops", number(1234.0))]
        );
    }

    #[test]
    fn headers_and_status_words_written_with_combining_marks_are_read() {
        // "värde" with its ä as a and U+0308, "pågår" with its å as a and
        // U+030A: each was "not a column" and "not a status".
        let csv = "region;indikator;va\u{308}rde\nuppsala;hph-1;4\n";
        let status = "aktivitet;status\na1;pa\u{30a}ga\u{30a}r\n";
        let dir = year(&[
            ("responses/r.csv", csv.as_bytes()),
            ("activity-status.csv", status.as_bytes()),
        ]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        let followup = followup.expect("the follow-up");
        assert_eq!(answers(&followup), [("uppsala", "hph-1", number(4.0))]);
        assert_eq!(followup.statuses[0].status, ActivityStatus::Ongoing);
    }

    #[test]
    fn regions_by_id_name_code_and_name_without_region() {
        let csv = "region;indicator;value\n\
                   skane;hph-1;1\n\
                   Region Uppsala;hph-1;2\n\
                   14;hph-1;3\n\
                   Gävleborg;hph-1;4\n\
                   västra götalandsregionen;f1-data;ja\n\
                   REGION SKÅNE;f1-data;Delvis\n\
                   SKANE;f2-moten;5\n\
                   3;f1-data;NO\n\
                   jämtland-härjedalen;hph-1;5\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        let choice = |c| Some(Answer::Choice(c));
        assert_eq!(
            answers(&followup.expect("the follow-up")),
            [
                ("skane", "hph-1", number(1.0)),
                ("uppsala", "hph-1", number(2.0)),
                ("vastra-gotaland", "hph-1", number(3.0)),
                ("gavleborg", "hph-1", number(4.0)),
                ("vastra-gotaland", "f1-data", choice(YesPartlyNo::Yes)),
                ("skane", "f1-data", choice(YesPartlyNo::Partly)),
                ("skane", "f2-moten", number(5.0)),
                ("uppsala", "f1-data", choice(YesPartlyNo::No)),
                ("jamtland-harjedalen", "hph-1", number(5.0)),
            ]
        );
    }

    #[test]
    fn values_in_every_number_form() {
        let csv = "region;indicator;value\n\
                   skane;f2-moten;45,5\n\
                   uppsala;f2-moten;45.5\n\
                   gavleborg;f2-moten;62%\n\
                   vastra-gotaland;f2-moten;62\u{a0}%\n\
                   skane;f3-workshops;1\u{a0}234,5\n\
                   uppsala;f3-workshops; 0 \n\
                   skane;hph-1;10\n\
                   uppsala;hph-1;1\n\
                   gavleborg;hph-1;\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        let values: Vec<Option<Answer>> = followup
            .expect("the follow-up")
            .responses
            .iter()
            .map(|r| r.value)
            .collect();
        assert_eq!(
            values,
            [45.5, 45.5, 62.0, 62.0, 1234.5, 0.0, 10.0, 1.0]
                .map(number)
                .into_iter()
                .chain([None])
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_value_with_more_decimals_than_the_reports_print_is_warned_of() {
        // 0,0004 prints as 0: the report would say the region answered 0.
        let csv = "region;indicator;value\n\
                   skane;f2-moten;33,3333\n\
                   uppsala;f3-workshops;0,0004\n\
                   gavleborg;f3-workshops;2,25\n\
                   vastra-gotaland;f3-workshops;8,0345\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (_, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/r.csv:2:16: warning: value '33,3333' has more decimals than the reports print (3 at most): they print it as 33,333\u{a0}%",
                "responses/r.csv:3:22: warning: value '0,0004' has more decimals than the reports print (3 at most): they print it as 0",
                "responses/r.csv:5:30: warning: value '8,0345' has more decimals than the reports print (3 at most): they print it as 8,035",
            ]
        );
    }

    #[test]
    fn a_file_saved_twice_is_read_once() {
        // Every row of the copy was an error, a second answer of its region.
        let csv = b"region;indicator;value\nskane;hph-1;7\nskane;f2-moten;45\n";
        let dir = year(&[
            ("responses/skane (1).csv", csv),
            ("responses/skane.csv", csv),
            (
                "responses/uppsala.csv",
                b"region;indicator;value\nuppsala;hph-1;5\n",
            ),
        ]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/skane (1).csv: warning: skipped: a copy of skane.csv, byte for byte, so read once (delete the copy)"
            ]
        );
        assert_eq!(followup.expect("read").responses.len(), 3);
        // Files that differ in a byte are both read, and their rows clash.
        let dir = year(&[
            (
                "responses/skane (1).csv",
                b"region;indicator;value\nskane;hph-1;8\n",
            ),
            (
                "responses/skane.csv",
                b"region;indicator;value\nskane;hph-1;7\n",
            ),
        ]);
        assert!(load(&dir).0.is_none());
    }

    #[test]
    fn a_comma_or_point_before_three_digits_may_be_one_between_thousands() {
        // An English year prints 12,500 for twelve thousand five hundred;
        // read with a decimal comma it is 12,5 (and 1.200 with a decimal
        // point 1,2). Said where the thousands too would be an answer: not
        // for a percentage or a scale to 10.
        let csv = "region,indicator,value\n\
                   skane,f3-workshops,\"12,500\"\n\
                   uppsala,f3-workshops,\"2,50\"\n\
                   gavleborg,f3-workshops,\"0,125\"\n\
                   skane,f2-moten,\"12,500 %\"\n\
                   skane,hph-1,\"1,000\"\n\
                   vastra-gotaland,f3-workshops,1.200\n\
                   gavleborg,f2-moten,1.250\n";
        let dir = year(&[("responses/a.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/a.csv:2:20: warning: value '12,500' is read as 12,5, with a decimal comma, but may mean 12 500, with a comma between thousands as English writes them (write 12 500 or 12500 for the thousands, or \"12,5\" (in double quotes) or 12.5 for the decimal)",
                "responses/a.csv:7:30: warning: value '1.200' is read as 1,2, with a decimal point, but may mean 1 200, with a point between thousands as German and Danish write them (write 1 200 or 1200 for the thousands, or \"1,2\" (in double quotes) or 1.2 for the decimal)",
            ]
        );
        assert_eq!(followup.expect("read").responses.len(), 7);
        // In a file separated by ';' the decimal needs no quotes. A
        // decimal with three digits and no zero at the end is written with
        // a fourth: 1,234 and 1.234 are both ambiguous.
        let csv = "region;indicator;value\nskane;f3-workshops;1.200\nuppsala;f3-workshops;1,234\n";
        let dir = year(&[("responses/a.csv", csv.as_bytes())]);
        assert_eq!(
            load(&dir).1,
            [
                "responses/a.csv:2:20: warning: value '1.200' is read as 1,2, with a decimal point, but may mean 1 200, with a point between thousands as German and Danish write them (write 1 200 or 1200 for the thousands, or 1,2 for the decimal)",
                "responses/a.csv:3:22: warning: value '1,234' is read as 1,234, with a decimal comma, but may mean 1 234, with a comma between thousands as English writes them (write 1 234 or 1234 for the thousands, or 1,2340 for the decimal)",
            ]
        );
        let csv = "region,indicator,value\nuppsala,f3-workshops,\"1,234\"\nskane,f3-workshops,\"1,2340\"\n";
        let dir = year(&[("responses/a.csv", csv.as_bytes())]);
        assert_eq!(
            load(&dir).1,
            [
                "responses/a.csv:2:22: warning: value '1,234' is read as 1,234, with a decimal comma, but may mean 1 234, with a comma between thousands as English writes them (write 1 234 or 1234 for the thousands, or \"1,2340\" (in double quotes) or 1.2340 for the decimal)",
            ]
        );
        // A whole number needs no quotes: "2" in them was no help.
        let csv = "region,indicator,value\nuppsala,f3-workshops,\"2,000\"\n";
        let dir = year(&[("responses/a.csv", csv.as_bytes())]);
        assert_eq!(
            load(&dir).1,
            [
                "responses/a.csv:2:22: warning: value '2,000' is read as 2, with a decimal comma, but may mean 2 000, with a comma between thousands as English writes them (write 2 000 or 2000 for the thousands, or 2 for the decimal)",
            ]
        );
        // Thousands parted by commas and a decimal point, or by points: a
        // hint to write the number otherwise, the number itself.
        let messages = response_errors(
            "region;indicator;value\n\
             skane;f3-workshops;1,234.5\n\
             uppsala;f3-workshops;1.234.567\n\
             gavleborg;f3-workshops;12.345,67\n\
             skane;hph-1;1,23.4\n",
        );
        let hint = "write it with one decimal mark and a space or nothing between thousands:";
        assert_eq!(
            messages,
            [
                format!(
                    "responses/r.csv:2:20: error: value '1,234.5' for indicator 'f3-workshops' is not a number (expected a number of at least 0) ({hint} 1 234,5 or 1234.5)"
                ),
                format!(
                    "responses/r.csv:3:22: error: value '1.234.567' for indicator 'f3-workshops' is not a number (expected a number of at least 0) ({hint} 1 234 567 or 1234567)"
                ),
                format!(
                    "responses/r.csv:4:24: error: value '12.345,67' for indicator 'f3-workshops' is not a number (expected a number of at least 0) ({hint} 12 345,67 or 12345.67)"
                ),
                // Groups not of three: the hint's example is its own.
                format!(
                    "responses/r.csv:5:13: error: value '1,23.4' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ({hint} 1 234,5 or 1234.5)"
                ),
            ]
        );
    }

    #[test]
    fn percentages_written_as_fractions_of_1_are_warned_about() {
        // Skåne's 0,45 and Uppsala's 0.9 are most likely 45 % and 90 %; a
        // value with '%', one over 1, or 0 and 1 alone are not fractions.
        let csv = "region;indicator;value\n\
                   skane;f2-moten;0,45\n\
                   uppsala;f2-moten;0.9\n\
                   gavleborg;f2-moten;0,5 %\n\
                   vastra-gotaland;f2-moten;0,5\n\
                   vastra-gotaland;f3-workshops;3\n";
        let dir = year(&[("responses/a.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/a.csv:2:16: warning: value '0,45' for indicator 'f2-moten' is read as 0,45 %, and every percentage of region 'skane' is at most 1 % (if they are fractions of 1, write them as percentages: 45 for 0,45)",
                "responses/a.csv:3:18: warning: value '0.9' for indicator 'f2-moten' is read as 0.9 %, and every percentage of region 'uppsala' is at most 1 % (if they are fractions of 1, write them as percentages: 90 for 0.9)",
                "responses/a.csv:5:26: warning: value '0,5' for indicator 'f2-moten' is read as 0,5 %, and every percentage of region 'vastra-gotaland' is at most 1 % (if they are fractions of 1, write them as percentages: 50 for 0,5)",
            ]
        );
        // Read as written: a warning, not a change.
        assert_eq!(followup.expect("read").responses.len(), 5);
        let whole = "region;indicator;value\nskane;f2-moten;0\nuppsala;f2-moten;1\n";
        let dir = year(&[("responses/a.csv", whole.as_bytes())]);
        assert!(!load(&dir).1.iter().any(|m| m.contains("fractions")));
        // A region's percentages over 1 % in another file, or written with
        // '%', show how it writes them.
        let dir = year(&[
            (
                "responses/a.csv",
                b"region;indicator;value\nskane;f2-moten;0,45\n",
            ),
            (
                "responses/b.csv",
                b"region;indicator;value\nskane;f2-moten-2;18\n",
            ),
            (
                "responses/c.csv",
                b"region;indicator;value\nuppsala;f2-moten;0,45\n",
            ),
            (
                "responses/d.csv",
                b"region;indicator;value\nuppsala;f2-moten-2;100 %\n",
            ),
            (
                "responses/e.csv",
                b"region;indicator;value\ngavleborg;f2-moten;0,000001\n",
            ),
        ]);
        let two: Plan = serde_yaml::from_str(&PLAN.replace(
            "  - { id: f2-moten, focus_area: f1, text: T, kind: percent }\n",
            "  - { id: f2-moten, focus_area: f1, text: T, kind: percent }\n  \
             - { id: f2-moten-2, focus_area: f1, text: T, kind: percent }\n",
        ))
        .expect("the test plan with a second percentage");
        assert_eq!(two.indicators.len(), plan().indicators.len() + 1);
        assert_eq!(
            load_with(&dir, &two).1,
            [
                "responses/e.csv:2:20: warning: value '0,000001' for indicator 'f2-moten' is read as 0,000001 %, and every percentage of region 'gavleborg' is at most 1 % (if they are fractions of 1, write them as percentages: 0,0001 for 0,000001)",
                "responses/e.csv:2:20: warning: value '0,000001' has more decimals than the reports print (3 at most): they print it as 0\u{a0}%",
            ]
        );
    }

    #[test]
    fn an_unquoted_decimal_comma_with_a_column_more_than_the_header_is_an_error() {
        // The comment's own field after the split: the line has a column
        // more than the other lines, and 7 is not read as the answer.
        let csv = "region,indicator,value,comment\n\
                   skane,f2-moten,7,5,\n\
                   uppsala,f2-moten,8,\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/r.csv:2:16: error: value '7' and comment '5' are one number, 7,5, split at its decimal comma: the line has more columns than the header and the other lines (write \"7,5\" in double quotes, or 7.5)",
            ]
        );
        assert!(followup.is_none());
        // Where every line has that column, the split is not sure.
        let csv = "region,indicator,value,comment\n\
                   skane,f2-moten,7,5,\n\
                   uppsala,f2-moten,8,,\n\
                   gavleborg,f2-moten,9,,\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/r.csv:2:16: warning: value '7' and comment '5' may be one number, 7,5, split at its decimal comma, since the file separates its fields with ',' (write \"7,5\" in double quotes, or 7.5)",
            ]
        );
        assert_eq!(followup.expect("read").responses.len(), 3);
    }

    #[test]
    fn an_unquoted_decimal_comma_between_commas_is_warned_about() {
        // 7,5 is split into the value 7 and the comment 5; a quoted one, a
        // file separated by ';', and a comment in words are not.
        let csv = "region,indicator,value,comment\n\
                   skane,f2-moten,7,5\n\
                   uppsala,f2-moten,\"7,5\",\n\
                   gavleborg,f2-moten,7,Bra\n\
                   skane,f3-workshops,1 234,5\n\
                   uppsala,f3-workshops,3,2024\n\
                   gavleborg,f3-workshops,62,5 %\n\
                   jamtland-harjedalen,f3-workshops,1,250\n\
                   jamtland-harjedalen,hph-1,1,250\n\
                   vastra-gotaland,f3-workshops,12345,678\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/r.csv:2:16: warning: value '7' and comment '5' may be one number, 7,5, split at its decimal comma, since the file separates its fields with ',' (write \"7,5\" in double quotes, or 7.5)",
                "responses/r.csv:5:20: warning: value '1 234' and comment '5' may be one number, 1 234,5, split at its decimal comma, since the file separates its fields with ',' (write \"1 234,5\" in double quotes, or 1 234.5)",
                "responses/r.csv:7:24: warning: value '62' and comment '5 %' may be one number, 62,5 %, split at its decimal comma, since the file separates its fields with ',' (write \"62,5 %\" in double quotes, or 62.5 %)",
                // Three digits may be thousands where 1 250 is an answer
                // (a number of workshops), not on a scale from 1 to 10.
                "responses/r.csv:8:34: warning: value '1' and comment '250' may be one number, 1,250, split at its decimal comma, since the file separates its fields with ',' (write 1 250 for the thousands, or \"1,250\" in double quotes for the decimal)",
                "responses/r.csv:9:27: warning: value '1' and comment '250' may be one number, 1,250, split at its decimal comma, since the file separates its fields with ',' (write \"1,250\" in double quotes, or 1.250)",
                // The thousands as the hint writes them: '12345 678' is none.
                "responses/r.csv:10:30: warning: value '12345' and comment '678' may be one number, 12345,678, split at its decimal comma, since the file separates its fields with ',' (write \"12345,678\" in double quotes, or 12345.678)",
            ]
        );
        assert_eq!(followup.expect("read").responses.len(), 9);
        let semicolons = "region;indicator;value;comment\nskane;f2-moten;7;5\n";
        let dir = year(&[("responses/r.csv", semicolons.as_bytes())]);
        assert_eq!(load(&dir).1, Vec::<String>::new());
    }

    #[test]
    fn a_region_whose_rows_say_nothing_is_warned_about_once_the_errors_are_fixed() {
        // Skåne's one filled-in row has an error: until it is fixed, no
        // warning says that Skåne's rows are blank.
        let csv = "region,indicator,value,comment\nskane,hph-1,elva,\nskane,f1-data,,\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let messages = load(&dir).1;
        assert!(messages[0].starts_with("responses/r.csv:2:13: error: value 'elva'"));
        assert!(
            !messages.iter().any(|m| m.contains("no row of")),
            "{messages:?}"
        );
        // A comment of invisible marks only prints nothing, and says
        // nothing.
        let csv = "region,indicator,value,comment\nuppsala,hph-1,,\u{200b}\u{ad}\u{fe0f}\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/r.csv:2: warning: no row of region 'uppsala' has a value or a comment: its report and the network's say that it delivered nothing (fill in the 'value' column (or 'värde'), and 'comment' where needed)"
            ]
        );
        assert_eq!(followup.expect("read").responses[0].comment, None);
    }

    #[test]
    fn a_line_that_ends_before_its_value_is_warned_about() {
        let csv = "region,indicator,value,comment\nskane,hph-1\nuppsala,hph-1,,\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/r.csv:2: warning: no row of region 'skane' has a value or a comment: its report and the network's say that it delivered nothing (fill in the 'value' column (or 'värde'), and 'comment' where needed)",
                "responses/r.csv:2: warning: the line ends before the column 'value', so it is read as not answered",
                // A region's rows that say nothing are warned about once,
                // at its first row, in whichever file.
                "responses/r.csv:3: warning: no row of region 'uppsala' has a value or a comment: its report and the network's say that it delivered nothing (fill in the 'value' column (or 'värde'), and 'comment' where needed)",
            ]
        );
        let followup = followup.expect("read");
        assert_eq!(
            answers(&followup),
            [("skane", "hph-1", None), ("uppsala", "hph-1", None)]
        );
    }

    #[test]
    fn a_number_too_large_to_print_exactly_is_an_error() {
        let csv = "region,indicator,value,comment\n\
                   skane,f3-workshops,99999999999999999999999,\n\
                   uppsala,f3-workshops,1 000 000 000 000,\n\
                   gavleborg,f3-workshops,999 999 999 999,\n\
                   vastra-gotaland,f3-workshops,\"999 999 999 999,9999\",\n\
                   jamtland-harjedalen,f3-workshops,\"999 999 999 999,999\",\n";
        assert_eq!(
            response_errors(csv),
            [
                "responses/r.csv:2:20: error: value '99999999999999999999999' for indicator 'f3-workshops' is too large (expected a number of at least 0, below 1 000 000 000 000)",
                "responses/r.csv:3:22: error: value '1 000 000 000 000' for indicator 'f3-workshops' is too large (expected a number of at least 0, below 1 000 000 000 000)",
                "responses/r.csv:5:30: error: value '999 999 999 999,9999' for indicator 'f3-workshops' is too large (expected a number of at least 0, below 1 000 000 000 000) (to 3 decimals, as the documents print it, it is 1 000 000 000 000)",
            ]
        );
    }

    #[test]
    fn each_bad_value_is_an_error_at_its_cell() {
        let csv = "region,indicator,value,comment\n\
                   skane,hph-1,11,\n\
                   skane,hph-1,,\n\
                   uppsala,hph-1,0,\n\
                   gavleborg,hph-1,sju,\n\
                   skane,f2-moten,101 %,\n\
                   uppsala,f2-moten,-1,\n\
                   skane,f3-workshops,-2,\n\
                   skane,f1-data,kanske,\n\
                   uppsala,f1-data,jaa,\n\
                   vastra-gotaland,hph-1,7 %,\n\
                   gavleborg,f3-workshops,1,2,3\n";
        assert_eq!(
            response_errors(csv),
            [
                "responses/r.csv:2:13: error: value '11' for indicator 'hph-1' is out of range (expected a number from 1 to 10)",
                "responses/r.csv:3:7: error: indicator 'hph-1' for region 'skane' already has a row on line 2 (expected at most one row per region and indicator)",
                "responses/r.csv:4:15: error: value '0' for indicator 'hph-1' is out of range (expected a number from 1 to 10)",
                "responses/r.csv:5:17: error: value 'sju' for indicator 'hph-1' is not a number (expected a number from 1 to 10)",
                "responses/r.csv:6:16: error: value '101 %' for indicator 'f2-moten' is out of range (expected a percentage from 0 to 100)",
                "responses/r.csv:7:18: error: value '-1' for indicator 'f2-moten' is out of range (expected a percentage from 0 to 100)",
                "responses/r.csv:8:20: error: value '-2' for indicator 'f3-workshops' is out of range (expected a number of at least 0)",
                "responses/r.csv:9:15: error: value 'kanske' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej)",
                "responses/r.csv:10:17: error: value 'jaa' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej)",
                "responses/r.csv:11:23: error: value '7 %' for indicator 'hph-1' has a '%' sign, which only a percent indicator takes (expected a number from 1 to 10)",
                "responses/r.csv:12:28: error: the line has 5 columns but the header has 4 (found '3' after the last column) (a text that contains ',' must be put in double quotes)",
            ]
        );
    }

    #[test]
    fn a_value_that_stands_for_no_answer_is_told_to_be_left_empty() {
        let csv = "region;indicator;value\n\
                   skane;hph-1;-\n\
                   uppsala;hph-1;Vet ej.\n\
                   gavleborg;hph-1;#VÄRDEFEL!\n\
                   skane;f1-data;#SAKNAS!\n\
                   uppsala;f1-data;N/A\n\
                   gavleborg;f1-data;kanske\n";
        let empty = "leave the value empty where the region has no answer: the reports then say \
                     that it is not answered";
        let yes_no =
            "is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej)";
        assert_eq!(
            response_errors(csv),
            [
                format!(
                    "responses/r.csv:2:13: error: value '-' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ({empty})"
                ),
                format!(
                    "responses/r.csv:3:15: error: value 'Vet ej.' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ({empty})"
                ),
                format!(
                    "responses/r.csv:4:17: error: value '#VÄRDEFEL!' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ('#VÄRDEFEL!' is the error of a spreadsheet formula: correct it in the workbook and save the file again, or {empty})"
                ),
                format!(
                    "responses/r.csv:5:15: error: value '#SAKNAS!' for indicator 'f1-data' {yes_no} ('#SAKNAS!' is the error of a spreadsheet formula: correct it in the workbook and save the file again, or {empty})"
                ),
                format!(
                    "responses/r.csv:6:17: error: value 'N/A' for indicator 'f1-data' {yes_no} ({empty})"
                ),
                format!(
                    "responses/r.csv:7:19: error: value 'kanske' for indicator 'f1-data' {yes_no}"
                ),
            ]
        );
    }

    #[test]
    fn a_value_with_its_unit_made_a_date_or_two_answers_says_what_to_write() {
        let csv = "region;indicator;value\n\
                   skane;f3-workshops;2 st\n\
                   uppsala;hph-1;2024-02-01\n\
                   gavleborg;hph-1;1-feb\n\
                   skane;f1-data;ja, delvis\n\
                   uppsala;f1-data;ej svar\n\
                   gavleborg;f3-workshops;-2 st\n\
                   gavleborg;f1-data;ja ja\n\
                   skane;hph-1;2024-13-45\n\
                   gavleborg;f2-moten;ej tillampligt\n\
                   jamtland-harjedalen;f1-data;Nä\n\
                   vastra-gotaland;f1-data;nei\n\
                   uppsala;f3-workshops;3 st.\n\
                   jamtland-harjedalen;hph-1;1/2/2024\n\
                   vastra-gotaland;hph-1;01.02.2024\n\
                   skane;f2-moten;1-feb-24\n\
                   uppsala;f2-moten;13/13/2024\n\
                   jamtland-harjedalen;f2-moten;1/2/3\n";
        let date = "Excel may have made the number a date: format the column as Number (or \
                    Text) in Excel, type the value again and save the file again";
        assert_eq!(
            response_errors(csv),
            [
                "responses/r.csv:2:20: error: value '2 st' for indicator 'f3-workshops' is not a number (expected a number of at least 0) (write the number without its unit 'st': the reports print it beside the number)".to_string(),
                format!("responses/r.csv:3:15: error: value '2024-02-01' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ({date})"),
                format!("responses/r.csv:4:17: error: value '1-feb' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ({date})"),
                "responses/r.csv:5:15: error: value 'ja, delvis' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej) (give one answer: the one that fits the region best)".to_string(),
                "responses/r.csv:6:17: error: value 'ej svar' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej) (leave the value empty where the region has no answer: the reports then say that it is not answered)".to_string(),
                // Without its unit still out of range; one answer twice is not
                // two answers; no date.
                "responses/r.csv:7:24: error: value '-2 st' for indicator 'f3-workshops' is not a number (expected a number of at least 0)".to_string(),
                "responses/r.csv:8:19: error: value 'ja ja' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej)".to_string(),
                "responses/r.csv:9:13: error: value '2024-13-45' for indicator 'hph-1' is not a number (expected a number from 1 to 10)".to_string(),
                "responses/r.csv:10:20: error: value 'ej tillampligt' for indicator 'f2-moten' is not a number (expected a percentage from 0 to 100) (leave the value empty where the region has no answer: the reports then say that it is not answered)".to_string(),
                // 'Nä' is a no, not an 'n/a'; an answer word is suggested only
                // as written otherwise (a near one may mean another answer).
                "responses/r.csv:11:29: error: value 'Nä' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej)".to_string(),
                "responses/r.csv:12:25: error: value 'nei' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej)".to_string(),
                "responses/r.csv:13:22: error: value '3 st.' for indicator 'f3-workshops' is not a number (expected a number of at least 0) (write the number without its unit 'st': the reports print it beside the number)".to_string(),
                // As English and German Excel show dates; no day 13 months
                // nor a year of one digit.
                format!("responses/r.csv:14:27: error: value '1/2/2024' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ({date})"),
                format!("responses/r.csv:15:23: error: value '01.02.2024' for indicator 'hph-1' is not a number (expected a number from 1 to 10) ({date})"),
                format!("responses/r.csv:16:16: error: value '1-feb-24' for indicator 'f2-moten' is not a number (expected a percentage from 0 to 100) ({date})"),
                "responses/r.csv:17:18: error: value '13/13/2024' for indicator 'f2-moten' is not a number (expected a percentage from 0 to 100)".to_string(),
                "responses/r.csv:18:30: error: value '1/2/3' for indicator 'f2-moten' is not a number (expected a percentage from 0 to 100)".to_string(),
            ]
        );
    }

    #[test]
    fn a_region_the_plan_has_not_is_one_error_per_file_naming_its_lines() {
        // A region left out of the plan names it on every row of its file.
        let mut csv = String::from("region;indicator;value\n");
        for line in [2, 3, 4, 5, 6, 7, 8, 9] {
            let region = match line {
                6 | 9 => "skane",
                // However written, the same region.
                4 => "Region Norrbotten",
                _ => "norrbotten",
            };
            csv.push_str(&format!("{region};hph-1;{}\n", line - 1));
        }
        assert_eq!(
            response_errors(&csv)
                .into_iter()
                .filter(|m| m.to_lowercase().contains("norrbotten"))
                .collect::<Vec<_>>(),
            [
                "responses/r.csv:2:1: error: region 'norrbotten' (also on lines 3 to 5, 7 and 8) is not a region of plan.yaml (use a region's id, name or code from plan.yaml)"
            ]
        );
        assert_eq!(super::responses::line_ranges(&[3]), "3");
        assert_eq!(super::responses::line_ranges(&[3, 4]), "3 and 4");
        assert_eq!(super::responses::line_ranges(&[3, 5, 6, 7]), "3 and 5 to 7");
        let every_other: Vec<usize> = (2..2002).step_by(2).collect();
        assert_eq!(
            super::responses::line_ranges(&every_other),
            "2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 990 more"
        );
    }

    #[test]
    fn unknown_regions_and_indicators_get_suggestions() {
        let csv = "region;indicator;value\n\
                   Gävleborgs län;hph-1;5\n\
                   Skåne län;hph-1;5\n\
                   Norrbotten;hph-1;5\n\
                   uppsala;hph1;5\n\
                   uppsala;;5\n\
                   ;hph-1;5\n";
        assert_eq!(
            response_errors(csv),
            [
                "responses/r.csv:2:1: error: region 'Gävleborgs län' is not a region of plan.yaml (did you mean 'Region Gävleborg'?)",
                "responses/r.csv:3:1: error: region 'Skåne län' is not a region of plan.yaml (did you mean 'Region Skåne'?)",
                "responses/r.csv:4:1: error: region 'Norrbotten' is not a region of plan.yaml (use a region's id, name or code from plan.yaml)",
                "responses/r.csv:5:9: error: indicator 'hph1' is not an indicator of plan.yaml (expected one of 'hph-1', 'f1-data', 'f2-moten', 'f3-workshops') (did you mean 'hph-1'?)",
                "responses/r.csv:6:9: error: indicator is empty (expected an indicator id from plan.yaml)",
                "responses/r.csv:7:1: error: region is empty (expected a region's id, name or code from plan.yaml) (write the region on every line: a merged cell, or a region written once above its rows, is saved in its first line only)",
            ]
        );
    }

    #[test]
    fn a_region_written_once_above_its_rows_and_a_sum_below_them_say_what_to_do() {
        // A sheet grouped by region in a merged cell saves the region in
        // the group's first line only; a sum or a note below the answers,
        // labelled or not, is no answer. One error each, not one per line
        // and column; a region named otherwise is still an answer's.
        let csv = "region;indicator;value\n\
                   skane;hph-1;5\n\
                   ;f1-data;ja\n\
                   ;f2-moten;45\n\
                   ;f3-workshops;4\n\
                   Summa;;54\n\
                   OBS! Preliminära siffror;;\n\
                   Ifylld av Anna Andersson, 2024-03-01;;\n\
                   ;;18\n\
                   Gävleborgs län;;6\n\
                   Södermanland;;7\n\
                   Delsumma;hph-1;54\n\
                   **Summa**;;54\n";
        let delete = "(a sum or a note below the answers: delete the line; an answer: write its \
                      region's id and its indicator's id)";
        assert_eq!(
            response_errors(csv),
            [
                "responses/r.csv:3:1: error: region is empty (also on lines 4 and 5) (expected a region's id, name or code from plan.yaml) (write the region on every line: a merged cell, or a region written once above its rows, is saved in its first line only)".to_string(),
                format!("responses/r.csv:6:1: error: the line is no answer: 'Summa' labels a sum or a note, not a region of plan.yaml {delete}"),
                format!("responses/r.csv:7:1: error: the line is no answer: 'OBS! Preliminära siffror' labels a sum or a note, not a region of plan.yaml {delete}"),
                format!("responses/r.csv:8:1: error: the line is no answer: 'Ifylld av Anna Andersson, 2024-03-01' labels a sum or a note, not a region of plan.yaml {delete}"),
                format!("responses/r.csv:9:1: error: the line is no answer: it names neither a region nor an indicator {delete}"),
                "responses/r.csv:10:1: error: region 'Gävleborgs län' is not a region of plan.yaml (did you mean 'Region Gävleborg'?)".to_string(),
                "responses/r.csv:10:16: error: indicator is empty (expected an indicator id from plan.yaml)".to_string(),
                "responses/r.csv:11:1: error: region 'Södermanland' is not a region of plan.yaml (use a region's id, name or code from plan.yaml)".to_string(),
                "responses/r.csv:11:14: error: indicator is empty (expected an indicator id from plan.yaml)".to_string(),
                format!("responses/r.csv:12:1: error: the line is no answer: 'Delsumma' labels a sum or a note, not a region of plan.yaml {delete}"),
                format!("responses/r.csv:13:1: error: the line is no answer: '**Summa**' labels a sum or a note, not a region of plan.yaml {delete}"),
            ]
        );
    }

    #[test]
    fn what_a_spreadsheet_saved_in_place_of_a_number_says_so() {
        let csv = "region;indicator;value\n\
                   skane;hph-1;=9/20\n\
                   uppsala;hph-1;Err:502\n\
                   gavleborg;hph-1;###\n\
                   skane;f1-data;=B2\n\
                   uppsala;f2-moten;=9/20\n\
                   gavleborg;f1-data;###\n";
        let not_a_number = "is not a number (expected a number from 1 to 10)";
        assert_eq!(
            response_errors(csv),
            [
                format!(
                    "responses/r.csv:2:13: error: value '=9/20' for indicator 'hph-1' {not_a_number} (the file holds the cell's formula, not its value: save it again with the values (in LibreOffice, without 'Save cell formulas instead of calculated values'))"
                ),
                format!(
                    "responses/r.csv:3:15: error: value 'Err:502' for indicator 'hph-1' {not_a_number} ('Err:502' is the error of a spreadsheet formula: correct it in the workbook and save the file again, or leave the value empty where the region has no answer: the reports then say that it is not answered)"
                ),
                format!(
                    "responses/r.csv:4:17: error: value '###' for indicator 'hph-1' {not_a_number} (a spreadsheet shows that where its column is too narrow for the number: widen the column and save the file again)"
                ),
                "responses/r.csv:5:15: error: value '=B2' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej) (the file holds the cell's formula, not its value: save it again with the values (in LibreOffice, without 'Save cell formulas instead of calculated values'))".to_string(),
                // Saved as its value, a percentage must not become 0,45.
                "responses/r.csv:6:18: error: value '=9/20' for indicator 'f2-moten' is not a number (expected a percentage from 0 to 100) (the file holds the cell's formula, not its value: save it again with the values, a percentage as 45 or 45 % (a fraction of 1, 0,45, reads as 0,45 %) (in LibreOffice, without 'Save cell formulas instead of calculated values'))".to_string(),
                // A spreadsheet shows ### for a number, not for a word.
                "responses/r.csv:7:19: error: value '###' for indicator 'f1-data' is not an answer (expected yes, partly or no, or in Swedish ja, delvis or nej)".to_string(),
            ]
        );
    }

    #[test]
    fn an_unknown_indicator_is_one_error_a_file_and_not_taken_for_one_answered() {
        // Both regions answered hph-1 on rows of their own: hph-2 is not
        // a typo of it (a guess would file the answer over theirs).
        let csv = "region;indicator;value\n\
                   uppsala;hph-2;5\n\
                   uppsala;hph-1;5\n\
                   skane;HPH-2;6\n\
                   skane;hph-1;6\n\
                   skane;f1-dta;ja\n";
        assert_eq!(
            response_errors(csv),
            [
                "responses/r.csv:2:9: error: indicator 'hph-2' (also on line 4) is not an indicator of plan.yaml (expected one of 'hph-1', 'f1-data', 'f2-moten', 'f3-workshops')",
                "responses/r.csv:6:7: error: indicator 'f1-dta' is not an indicator of plan.yaml (expected one of 'hph-1', 'f1-data', 'f2-moten', 'f3-workshops') (did you mean 'f1-data'?)",
            ]
        );
    }

    #[test]
    fn a_suggestion_taken_by_a_row_of_its_own_is_none_not_the_next_closest() {
        let diagnostic = || Diagnostic::error(Path::new("r.csv"), None, "unknown");
        let ids = ["f1-data", "f1-standards"];
        let hinted = |taken: &str| {
            with_suggestion(diagnostic(), "f1-dta", ids, |id| id == taken).to_string()
        };
        assert_eq!(
            hinted("none"),
            "r.csv: error: unknown (did you mean 'f1-data'?)"
        );
        assert_eq!(hinted("f1-data"), "r.csv: error: unknown");
    }

    #[test]
    fn an_indicator_given_by_its_text_is_told_its_id() {
        assert_eq!(
            response_errors("region;indicator;value\nskane;STANDARD  1;5\n"),
            [
                "responses/r.csv:2:7: error: indicator 'STANDARD  1' is not an indicator of plan.yaml (expected one of 'hph-1', 'f1-data', 'f2-moten', 'f3-workshops') (write its id: 'hph-1')",
            ]
        );
        // Not where the region answered it on a row of its own.
        assert_eq!(
            response_errors("region;indicator;value\nskane;hph-1;5\nskane;Standard 1;6\n"),
            [
                "responses/r.csv:3:7: error: indicator 'Standard 1' is not an indicator of plan.yaml (expected one of 'hph-1', 'f1-data', 'f2-moten', 'f3-workshops')",
            ]
        );
    }

    #[test]
    fn a_second_answer_in_another_file_names_the_first() {
        let dir = year(&[
            (
                "responses/a.csv",
                b"region,indicator,value\n\nuppsala,hph-2,3\nskane,hph-1,4\n",
            ),
            (
                "responses/b.csv",
                b"region;indikator;v\xe4rde\n12;hph-1;5\n",
            ),
        ]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            [
                "responses/a.csv:3:9: error: indicator 'hph-2' is not an indicator of plan.yaml (expected one of 'hph-1', 'f1-data', 'f2-moten', 'f3-workshops')",
                "responses/b.csv:1: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default) (save it as 'CSV UTF-8' to be sure that every letter reads right)",
                "responses/b.csv:2:4: error: indicator 'hph-1' for region 'skane' already has a row in responses/a.csv line 4 (expected at most one row per region and indicator)",
            ]
        );
    }

    #[test]
    fn duplicate_places_use_the_path_as_given() {
        let dir = year(&[
            (
                "2024/responses/a.csv",
                b"region,indicator,value\nskane,hph-1,4\n",
            ),
            (
                "2024/responses/b.csv",
                b"region,indicator,value\nskane,hph-1,5\n",
            ),
        ]);
        let relative = dir.path().join("2024/../2024");
        let (_, diagnostics) = load_followup(&relative, &plan());
        let error = diagnostics.sorted()[0].clone();
        assert_eq!(error.file, relative.join("responses/b.csv"));
        assert!(error.message.contains(&format!(
            "in {} line 2 ",
            relative.join("responses/a.csv").display()
        )));
    }

    #[test]
    fn comments_are_kept_exactly_but_trimmed() {
        let csv = "region,indicator,value,comment\n\
                   skane,hph-1,5,\"  #rubrik $x$ {{ y }} @z <b>\n\nrad två  \"\n\
                   uppsala,hph-1,6,   \n\
                   gavleborg,hph-1,7,\"a \"\"quote\"\"\"\n";
        let dir = year(&[("responses/r.csv", csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        let followup = followup.expect("the follow-up");
        let comments: Vec<Option<&str>> = followup
            .responses
            .iter()
            .map(|r| r.comment.as_deref())
            .collect();
        assert_eq!(
            comments,
            [
                Some("#rubrik $x$ {{ y }} @z <b>\n\nrad två"),
                None,
                Some("a \"quote\"")
            ]
        );
        assert_eq!(
            followup
                .responses
                .iter()
                .map(|r| r.line)
                .collect::<Vec<_>>(),
            [2, 5, 6]
        );
    }

    #[test]
    fn reads_activity_statuses_in_both_languages() {
        let csv = "Aktivitet;Status;Kommentar\n\
                   a1;Genomförd;Klart i februari.\n\
                   a2;  ej  påbörjad ;\n\
                   A3;not started;\n";
        let dir = year(&[(STATUS_FILE, csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        let followup = followup.expect("the follow-up");
        let statuses: Vec<(&str, ActivityStatus, Option<&str>, usize)> = followup
            .statuses
            .iter()
            .map(|s| (s.activity.as_str(), s.status, s.comment.as_deref(), s.line))
            .collect();
        assert_eq!(
            statuses,
            [
                ("a1", ActivityStatus::Done, Some("Klart i februari."), 2),
                ("a2", ActivityStatus::NotStarted, None, 3),
                ("a3", ActivityStatus::NotStarted, None, 4),
            ]
        );
        assert!(followup.responses.is_empty());
        let read: Vec<&Path> = followup.files.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(read, [dir.path().join(STATUS_FILE)]);
    }

    #[test]
    fn every_status_word_parses_and_serialises_in_snake_case() {
        let words = [
            ("done", ActivityStatus::Done),
            ("ONGOING", ActivityStatus::Ongoing),
            ("not_started", ActivityStatus::NotStarted),
            ("Not Started", ActivityStatus::NotStarted),
            ("postponed", ActivityStatus::Postponed),
            ("cancelled", ActivityStatus::Cancelled),
            ("genomförd", ActivityStatus::Done),
            ("PÅGÅR", ActivityStatus::Ongoing),
            ("Ej påbörjad", ActivityStatus::NotStarted),
            ("framflyttad", ActivityStatus::Postponed),
            (" Inställd ", ActivityStatus::Cancelled),
        ];
        for (word, status) in words {
            assert_eq!(ActivityStatus::parse(word), Some(status), "{word}");
        }
        assert_eq!(ActivityStatus::parse("klar"), None);
        assert_eq!(
            serde_json::to_string(&ActivityStatus::NotStarted)
                .ok()
                .as_deref(),
            Some("\"not_started\"")
        );
        assert_eq!(
            serde_json::to_string(&Answer::Choice(YesPartlyNo::Partly))
                .ok()
                .as_deref(),
            Some("\"partly\"")
        );
        assert_eq!(
            serde_json::to_string(&Answer::Number(7.5)).ok().as_deref(),
            Some("7.5")
        );
    }

    #[test]
    fn bad_status_rows_are_errors_at_their_cells() {
        let csv = "activity,status,comment\n\
                   a1,done,\n\
                   a9,done,\n\
                   a2,klar,\n\
                   a1,ongoing,\n\
                   a3,,a comment without a status\n\
                   ,done,\n\
                   a2,genomford,\n";
        let dir = year(&[(STATUS_FILE, csv.as_bytes())]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            [
                "activity-status.csv:3:1: error: activity 'a9' is not in the action plan of plan.yaml (expected one of 'a1', 'a2', 'a3')",
                "activity-status.csv:4:4: error: status 'klar' for activity 'a2' is not a status (expected done, ongoing, not_started, postponed, cancelled, or in Swedish genomförd, pågår, ej påbörjad, framflyttad, inställd)",
                "activity-status.csv:5:1: error: activity 'a1' already has a status on line 2 (expected at most one row per activity)",
                "activity-status.csv:6:4: error: status is empty for activity 'a3' (expected done, ongoing, not_started, postponed, cancelled, or in Swedish genomförd, pågår, ej påbörjad, framflyttad, inställd)",
                "activity-status.csv:7:1: error: activity is empty (expected an activity id from plan.yaml)",
                "activity-status.csv:8:1: error: activity 'a2' already has a status on line 4 (expected at most one row per activity)",
                // Every problem of a row, not only its first.
                "activity-status.csv:8:4: error: status 'genomford' for activity 'a2' is not a status (expected done, ongoing, not_started, postponed, cancelled, or in Swedish genomförd, pågår, ej påbörjad, framflyttad, inställd) (did you mean 'genomförd'?)",
            ]
        );
    }

    #[test]
    fn an_unknown_activity_is_not_taken_for_one_with_a_row() {
        let status = |csv: &str| {
            let dir = year(&[(STATUS_FILE, csv.as_bytes())]);
            load(&dir).1
        };
        let expected = "activity-status.csv:2:1: error: activity 'a1.' is not in the action \
                        plan of plan.yaml (expected one of 'a1', 'a2', 'a3')";
        assert_eq!(
            status("activity;status\na1.;pågår\n"),
            [format!("{expected} (did you mean 'a1'?)")]
        );
        // a1 has its row, below: no guess, and none other in its place.
        assert_eq!(
            status("activity;status\na1.;pågår\na1;genomförd\n"),
            [expected]
        );
    }

    #[test]
    fn a_status_negated_or_qualified_is_no_typo_of_the_status() {
        let hints = |status: &str| {
            let csv = format!("activity;status\na1;{status}\n");
            let dir = year(&[(STATUS_FILE, csv.as_bytes())]);
            let messages = load(&dir).1;
            assert_eq!(messages.len(), 1, "{status}: {messages:?}");
            messages[0]
                .split_once("(did you mean ")
                .map(|(_, hint)| hint.trim_end_matches([')', '?']).to_string())
        };
        for not_meant in [
            "ej genomförd",
            "pågår inte",
            "ogenomförd",
            "not cancelled",
            "genomförd delvis",
            "ej pågående",
            "genomförs",
            "undone",
            "pågått",
        ] {
            assert_eq!(hints(not_meant), None, "{not_meant}");
        }
        for (typo, meant) in [
            ("genomford", "'genomförd'"),
            ("ej paborjad", "'ej påbörjad'"),
            ("EJ-PABORJAD", "'ej påbörjad'"),
            ("notstarted", "'not_started'"),
            ("Genomförd.", "'genomförd'"),
            ("genomförd…", "'genomförd'"),
        ] {
            assert_eq!(hints(typo).as_deref(), Some(meant), "{typo}");
        }
    }

    #[test]
    fn a_misspelt_status_gets_a_suggestion() {
        let dir = year(&[(STATUS_FILE, b"activity,status\na1,genomford\n")]);
        let (_, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "activity-status.csv:2:4: error: status 'genomford' for activity 'a1' is not a status (expected done, ongoing, not_started, postponed, cancelled, or in Swedish genomförd, pågår, ej påbörjad, framflyttad, inställd) (did you mean 'genomförd'?)"
            ]
        );
    }

    #[test]
    fn a_blank_status_without_comment_is_not_reported() {
        let dir = year(&[(STATUS_FILE, b"activity;status;comment\na1;;\na2;done;\n")]);
        let (followup, messages) = load(&dir);
        assert!(messages.is_empty(), "{messages:?}");
        let followup = followup.expect("the follow-up");
        assert_eq!(
            followup
                .statuses
                .iter()
                .map(|s| s.activity.as_str())
                .collect::<Vec<_>>(),
            ["a2"]
        );
    }

    #[test]
    fn an_unknown_header_a_one_column_file_and_an_empty_file() {
        let dir = year(&[
            ("responses/a.csv", b"region;indikator;varde;kommentar\n"),
            (
                "responses/b.csv",
                b"region indicator value\nskane hph-1 5\n",
            ),
            ("responses/c.csv", b""),
            (STATUS_FILE, b"activity,state\n"),
        ]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            [
                "activity-status.csv:1:10: error: unknown column 'state' (expected activity, status, comment, or in Swedish aktivitet, status, kommentar) (did you mean 'status'?)",
                "responses/a.csv:1:18: error: unknown column 'varde' (expected region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar) (did you mean 'värde'?)",
                "responses/b.csv:1: error: the header line is a single column 'region indicator value' (expected the columns region, indicator, value, comment separated by ',' or ';')",
                "responses/c.csv:1: error: the file is empty (expected a header line: region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar)",
            ]
        );
    }

    #[test]
    fn responses_as_a_file_is_an_error() {
        let dir = year(&[("responses", b"region,indicator,value\n")]);
        let (followup, messages) = load(&dir);
        assert!(followup.is_none());
        assert_eq!(
            messages,
            [
                "responses: error: is a file, expected a folder of CSV files (one per region, or one for all regions)"
            ]
        );
    }

    #[test]
    fn stray_files_are_warned_about_and_lock_files_skipped() {
        let dir = year(&[
            ("activity_status.csv", b"activity,status\na1,done\n"),
            ("skane.csv", b"region,indicator,value\nskane,hph-1,5\n"),
            (
                "responses/uppsala.csv",
                b"region,indicator,value\nuppsala,hph-1,5\n",
            ),
            ("responses/~$uppsala.csv", b"\x0bjohan\x00\x00"),
            // macOS's on a USB stick, an editor's lock: said nothing of.
            ("responses/._uppsala.csv", b"\x00\x05\x16\x07"),
            ("responses/.#skane.csv", b"user@host.1234"),
            (
                "responses/.skane.csv",
                b"region,indicator,value\nskane,hph-1,5\n",
            ),
        ]);
        let (followup, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "activity_status.csv: warning: ignored: the follow-up is read from activity-status.csv and responses/*.csv (did you mean 'activity-status.csv'?)",
                "responses/.skane.csv: warning: skipped: a hidden file (its name begins with '.'), not read (take the '.' out of its name to have it read)",
                "responses/~$uppsala.csv: warning: skipped: this is Excel's lock file, not data (it disappears when the file is closed in Excel)",
                "skane.csv: warning: ignored: the follow-up is read from activity-status.csv and responses/*.csv (move a region's answers into responses/)",
            ]
        );
        assert_eq!(followup.map(|f| f.responses.len()), Some(1));
    }

    #[test]
    fn a_comment_longer_than_some_8_pages_is_an_error() {
        let long = "å".repeat(MAX_TEXT_CHARS + 1);
        let ok = "å".repeat(MAX_TEXT_CHARS);
        let dir = year(&[(
            "responses/r.csv",
            format!(
                "region,indicator,value,comment\nuppsala,hph-1,5,{long}\nuppsala,f1-data,ja,{ok}\n"
            )
            .as_bytes(),
        )]);
        let (_, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "responses/r.csv:2:17: error: comment is 20001 characters long, expected at most \
                 20000 (some 8 pages of the report) (shorten the comment, or send the whole text \
                 to the secretariat apart)"
            ]
        );
    }

    #[test]
    fn a_workbook_beside_plan_yaml_is_warned_about() {
        // Saved from Excel without "Save as CSV", the statuses read as
        // not reported for every activity, without a word.
        let dir = year(&[
            ("activity-status.xlsx", b"PK\x03\x04"),
            ("Svar Skåne.ods", b"PK\x03\x04"),
            ("logo.png", b"\x89PNG"),
        ]);
        let (_, messages) = load(&dir);
        assert_eq!(
            messages,
            [
                "Svar Skåne.ods: warning: ignored: the follow-up is read from activity-status.csv and responses/*.csv (save it from LibreOffice as 'Text CSV (.csv)' with the character set 'Unicode (UTF-8)', in responses/ if it holds a region's answers)",
                "activity-status.xlsx: warning: ignored: the follow-up is read from activity-status.csv and responses/*.csv (save it from Excel as 'CSV UTF-8' or 'CSV (semikolonavgränsad)', named activity-status.csv)",
            ]
        );
    }

    #[test]
    fn the_example_data_loads() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/2024");
        let (plan, diagnostics) = crate::load::plan::load_plan(&folder.join("plan.yaml"));
        let plan =
            plan.unwrap_or_else(|| panic!("data/2024/plan.yaml does not load:\n{diagnostics}"));
        let (followup, diagnostics) = load_followup(&folder, &plan.plan);
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        assert!(followup.is_some_and(|f| !f.responses.is_empty() && !f.statuses.is_empty()));
    }
}
