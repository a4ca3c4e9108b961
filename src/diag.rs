//! One diagnostic type for every data problem: file, line, column, message, hint.
//!
//! Loaders and validators collect [`Diagnostic`]s into [`Diagnostics`]; only
//! `main` prints them, sorted by file and line, as
//! `FILE:LINE:COLUMN: error: MESSAGE` (plain) or with the offending source
//! line and a marker under it (on a terminal).

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, Config};

/// How serious a diagnostic is: errors decide the exit status, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data is wrong; nothing is built.
    Error,
    /// Worth telling, but the build goes on.
    Warning,
}

/// A position in a text file, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// The line, starting at 1.
    pub line: usize,
    /// The column in characters, starting at 1; `None` where only the line is known.
    pub column: Option<usize>,
}

impl Pos {
    /// A position with a known line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Self {
            line,
            column: Some(column),
        }
    }

    /// A position where only the line is known.
    pub fn line(line: usize) -> Self {
        Self { line, column: None }
    }

    /// The position of the byte `at` of `text`, which starts a character.
    /// A line ends at a line feed, or at a carriage return alone (a file
    /// saved with old Mac line ends), as YAML and editors read it.
    pub fn of_byte(text: &str, at: usize) -> Self {
        LineStarts::of(&text[..at]).pos(text, at)
    }
}

/// Where each line of a text starts, as [`Pos`] counts lines: after a line
/// feed, or a carriage return alone. For placing many bytes of one text
/// without counting its lines again for each.
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    /// The line starts of `text`.
    pub fn of(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Self(starts)
    }

    /// The position of the byte `at` of `text`, the text these are the
    /// line starts of (or its start up to `at`), `at` starting a character.
    pub fn pos(&self, text: &str, at: usize) -> Pos {
        let line = self.0.partition_point(|&start| start <= at).max(1);
        let start = self.0[line - 1];
        let column = text
            .get(start..at)
            .map_or(0, |before| before.chars().count());
        Pos::new(line, column + 1)
    }
}

/// `LINE` or `LINE:COLUMN`, as a message's place gives it after the file.
impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        Ok(())
    }
}

/// The lines of a file's text as [`Pos`] counts them, each with the byte it
/// starts at and without its line break: a line feed, a carriage return
/// and line feed, or a carriage return alone (old Mac line ends, which
/// YAML reads as line breaks too). As [`str::lines`], no empty line after
/// a last line break.
pub fn file_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let start = at;
        let end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| start + i);
        at = if text[end..].starts_with("\r\n") {
            end + 2
        } else {
            end + 1
        };
        Some((start, &text[start..end]))
    })
}

/// One problem found in the data, located where the user can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it (relative to where they ran the tool).
    pub file: PathBuf,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong: the key or column, the value found, what was expected.
    pub message: String,
    /// An optional suggestion, printed after the message.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(file: &Path, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a position in a file.
    pub fn warning(file: &Path, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pos, message)
        }
    }

    /// Adds a hint such as "did you mean 'responsible'?".
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key: file, then line and column, then message.
    fn sort_key(&self) -> (&Path, Option<Pos>, &str) {
        (&self.file, self.pos, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(pos) = self.pos {
            write!(f, ":{pos}")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// How many errors one file may list; the rest are counted, not listed, so
/// that a file with a million bad rows gives a readable report (and does
/// not hold a million messages in memory).
pub const MAX_ERRORS_PER_FILE: usize = 50;

/// All diagnostics of a run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Errors listed so far, per file.
    listed: BTreeMap<PathBuf, usize>,
    /// Errors found beyond [`MAX_ERRORS_PER_FILE`], per file.
    unlisted: BTreeMap<PathBuf, usize>,
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        let mut diagnostics = Self::new();
        diagnostics.push(diagnostic);
        diagnostics
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(diagnostics: I) -> Self {
        let mut collected = Self::new();
        for diagnostic in diagnostics {
            collected.push(diagnostic);
        }
        collected
    }
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic. A file keeps its first errors by line and
    /// column, whatever order they are found in (the header's before the
    /// rows', though the rows are read first); the others are counted.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        let file = diagnostic.is_error().then(|| diagnostic.file.clone());
        self.items.push(diagnostic);
        if let Some(file) = file {
            let listed = self.listed.entry(file.clone()).or_default();
            *listed += 1;
            // Twice the limit before trimming, so that a million errors
            // cost a trim every 50, not one each.
            if *listed >= 2 * MAX_ERRORS_PER_FILE {
                self.keep_the_first_errors_of(&file);
            }
        }
    }

    /// Keeps the file's first [`MAX_ERRORS_PER_FILE`] errors by line and
    /// column, and counts the others.
    fn keep_the_first_errors_of(&mut self, file: &Path) {
        let mut of_file: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].is_error() && self.items[i].file == file)
            .collect();
        if of_file.len() <= MAX_ERRORS_PER_FILE {
            return;
        }
        of_file.sort_by(|&a, &b| self.items[a].sort_key().cmp(&self.items[b].sort_key()));
        let mut dropped = vec![false; self.items.len()];
        for &i in &of_file[MAX_ERRORS_PER_FILE..] {
            dropped[i] = true;
        }
        let mut index = 0;
        self.items.retain(|_| {
            index += 1;
            !dropped[index - 1]
        });
        *self.unlisted.entry(file.to_path_buf()).or_default() +=
            of_file.len() - MAX_ERRORS_PER_FILE;
        self.listed.insert(file.to_path_buf(), MAX_ERRORS_PER_FILE);
    }

    /// Adds every diagnostic of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.items {
            self.push(diagnostic);
        }
        for (file, count) in other.unlisted {
            *self.unlisted.entry(file).or_default() += count;
        }
    }

    /// The number of errors, listed or not.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count() + self.unlisted.values().sum::<usize>()
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, line and column, duplicates removed;
    /// a file with errors beyond its limit ends with one that counts them.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.items.iter().collect();
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        all.dedup();
        // Each file's first errors, up to the limit (a file may hold up to
        // twice as many between trims); the others are counted.
        let mut unlisted: BTreeMap<&Path, usize> = self
            .unlisted
            .iter()
            .map(|(file, count)| (file.as_path(), *count))
            .collect();
        let mut listed: BTreeMap<&Path, usize> = BTreeMap::new();
        let mut items: Vec<&Diagnostic> = Vec::with_capacity(all.len());
        for diagnostic in all {
            if diagnostic.is_error() {
                let count = listed.entry(&diagnostic.file).or_default();
                *count += 1;
                if *count > MAX_ERRORS_PER_FILE {
                    *unlisted.entry(&diagnostic.file).or_default() += 1;
                    continue;
                }
            }
            items.push(diagnostic);
        }
        let mut sorted: Vec<Diagnostic> = Vec::with_capacity(items.len() + unlisted.len());
        for (i, diagnostic) in items.iter().enumerate() {
            sorted.push((*diagnostic).clone());
            let last_of_file = items
                .get(i + 1)
                .is_none_or(|next| next.file != diagnostic.file);
            if let Some(count) = unlisted
                .get(diagnostic.file.as_path())
                .filter(|_| last_of_file)
            {
                sorted.push(Diagnostic::error(
                    &diagnostic.file,
                    None,
                    format!(
                        "{count} more error{} in this file not listed (the first {MAX_ERRORS_PER_FILE} are above; fix them and run again)",
                        if *count == 1 { "" } else { "s" }
                    ),
                ));
            }
        }
        sorted
    }

    /// Takes the warnings out, leaving the errors.
    pub fn take_warnings(&mut self) -> Diagnostics {
        let (warnings, errors) = std::mem::take(&mut self.items)
            .into_iter()
            .partition(|d| !d.is_error());
        self.items = errors;
        Diagnostics {
            items: warnings,
            ..Diagnostics::default()
        }
    }

    /// Prints the diagnostics in the given style (see [`Style`]).
    pub fn emit(&self, out: &mut dyn WriteColor, style: Style) -> io::Result<()> {
        match style {
            Style::Plain => write!(out, "{self}"),
            Style::Rich => {
                let mut sources = Sources::default();
                for diagnostic in self.sorted() {
                    sources.emit(out, &diagnostic)?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.sorted() {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One line each, `FILE:LINE:COLUMN: error: MESSAGE (HINT)`: for logs,
    /// scripts and editors that jump to a position.
    Plain,
    /// As rustc and typst print on a terminal: the message, the file and
    /// position, the offending source line with a marker under the mistake,
    /// and the hint.
    Rich,
}

/// Files larger than this are not shown in rich diagnostics (reading them
/// again would cost more than the excerpt is worth); their messages stay plain.
const MAX_SHOWN_FILE: u64 = 16 * 1024 * 1024;

/// The source files of rich diagnostics, read once each, as text.
struct Sources {
    files: SimpleFiles<String, String>,
    ids: BTreeMap<PathBuf, Option<usize>>,
    /// How the values of each file shown end.
    cells: BTreeMap<PathBuf, Cells>,
}

impl Default for Sources {
    fn default() -> Self {
        Self {
            files: SimpleFiles::new(),
            ids: BTreeMap::new(),
            cells: BTreeMap::new(),
        }
    }
}

impl Sources {
    /// The id of a file's text, `None` when it cannot be shown.
    fn id(&mut self, path: &Path) -> Option<usize> {
        if let Some(id) = self.ids.get(path) {
            return *id;
        }
        let id = read_source(path).map(|(text, cells)| {
            self.cells.insert(path.to_path_buf(), cells);
            self.files.add(path.display().to_string(), text)
        });
        self.ids.insert(path.to_path_buf(), id);
        id
    }

    /// Prints one diagnostic with its source excerpt, or plainly without one.
    fn emit(&mut self, out: &mut dyn WriteColor, diagnostic: &Diagnostic) -> io::Result<()> {
        let severity = match diagnostic.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let mut report = Report::new(severity);
        let excerpt = diagnostic.pos.and_then(|pos| {
            let id = self.id(&diagnostic.file)?;
            let text = self.files.get(id).ok()?.source();
            let cells = *self.cells.get(&diagnostic.file)?;
            let range = marked_range(text, pos, cells)?;
            Some(Label::primary(id, range))
        });
        report = match excerpt {
            Some(label) => report
                .with_message(&diagnostic.message)
                .with_labels(vec![label]),
            None => {
                // No excerpt: the location leads the message, as in the plain form.
                let mut place = diagnostic.file.display().to_string();
                if let Some(pos) = diagnostic.pos {
                    place.push_str(&format!(":{}", pos.line));
                    if let Some(column) = pos.column {
                        place.push_str(&format!(":{column}"));
                    }
                }
                report.with_message(format!("{place}: {}", diagnostic.message))
            }
        };
        if let Some(hint) = &diagnostic.hint {
            report = report.with_notes(vec![format!("hint: {hint}")]);
        }
        term::emit(out, &Config::default(), &self.files, &report)
            .map_err(|err| io::Error::other(err.to_string()))?;
        Ok(())
    }
}

/// What a value in a file ends at: a YAML value or key, or a CSV cell at
/// its file's delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cells {
    Yaml,
    Csv(char),
}

/// A file's text as the loaders saw it, with every line break made `\n`
/// (a CSV file as its reader decodes it, line by line), and how its
/// values end.
fn read_source(path: &Path) -> Option<(String, Cells)> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SHOWN_FILE {
        return None;
    }
    let bytes = crate::regular_file::read(path).ok()?;
    if is_csv(path) {
        let (text, delimiter) = crate::load::csv::as_read(path, &bytes)?;
        return Some((text, Cells::Csv(delimiter)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if bytes.contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    Some((text.replace("\r\n", "\n").replace('\r', "\n"), Cells::Yaml))
}

/// Whether a file is read as CSV (its cells end at `,` and `;`).
fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// The bytes of `text` to mark for a position: the value or key that
/// starts there (a quoted field to its closing quote, a CSV cell to its
/// delimiter, a YAML key to its ':'), or the whole line when only the line
/// is known; `None` when the position is not in the text.
fn marked_range(text: &str, pos: Pos, cells: Cells) -> Option<Range<usize>> {
    let line_start = if pos.line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(pos.line - 2)?.0 + 1
    };
    let line = text.get(line_start..)?;
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let Some(column) = pos.column else {
        let start = line.len() - line.trim_start().len();
        let end = line.trim_end().len().max(start);
        return Some(line_start + start..line_start + end);
    };
    let start = match line.char_indices().nth(column.saturating_sub(1)) {
        Some((i, _)) => i,
        None if column.saturating_sub(1) == line.chars().count() => line.len(),
        None => return None,
    };
    let rest = &line[start..];
    let mut end = rest.len();
    let mut chars = rest.char_indices().peekable();
    if rest.starts_with(char::is_whitespace) {
        // Indentation (a tab, say): mark the white space itself.
        let end = rest
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        return Some(line_start + start..line_start + start + end);
    }
    if let Some((_, quote @ ('"' | '\''))) = chars.peek().copied() {
        chars.next();
        end = chars
            .find(|&(_, c)| c == quote)
            .map_or(rest.len(), |(i, c)| i + c.len_utf8());
    } else {
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let stop = match cells {
                Cells::Csv(delimiter) => c == delimiter,
                Cells::Yaml => {
                    (c == ':' && next.is_none_or(char::is_whitespace))
                        || (c.is_whitespace() && next == Some('#'))
                }
            };
            if stop {
                end = i;
                break;
            }
        }
    }
    let end = rest[..end].trim_end().len();
    // At least one character, so that the marker shows.
    let end = if end == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    };
    Some(line_start + start..line_start + start + end)
}

/// The text with Swedish letters as plain ones (å, ä → a, ö → o, é → e), as ids write them.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            other => other,
        })
        .collect()
}

/// A text as suggestions compare it: letters composed (a Mac may write
/// `ä` as `a` and U+0308), lower case, å, ä, ö as a, a, o.
fn plain(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    fold(&text.trim().nfc().collect::<String>().to_lowercase())
}

/// The marks a word or text may end in without meaning otherwise
/// (`Genomförd.`, an Excel autocorrected `…`, a question's `?`).
const END_MARKS: [char; 7] = ['.', '!', '?', '…', ':', ';', ','];

/// The id of the one item of `named` (each an id with its item's name,
/// title or text) that `found` names by that instead of its id: written
/// as a reader tells them apart (letter case, spaces, a letter's
/// composition, å, ä, ö, the kind of dash and a mark at the end aside),
/// or as its first two words or more ("Standard 1" of "Standard 1 –
/// Organisationens åtagande"). `None` where no item, or more than one, is.
pub(crate) fn named_by<'a>(
    found: &str,
    named: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let words = |text: &str| -> Vec<String> {
        plain(text)
            .replace(['–', '—'], "-")
            .trim_end_matches(END_MARKS)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let wanted = words(found);
    if wanted.is_empty() {
        return None;
    }
    let mut ids: Vec<&str> = named
        .into_iter()
        .filter(|(_, name)| {
            let name = words(name);
            name == wanted || (wanted.len() >= 2 && name.starts_with(&wanted))
        })
        .map(|(id, _)| id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    match ids.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The closest of `known` to `found`, when close enough to be a likely
/// typo, and closer than any other: where two are as close (`hph-6` to
/// `hph-1` and `hph-2`, `a31` to `a3` and `a13`) a guess would as likely
/// send the user to the wrong one. Letter case aside, and å, ä, ö as a,
/// a, o (`pagar` is `pågår` typed on another keyboard).
///
/// Close is a letter or two off (typed wrong, left out, added, two
/// swapped: one in a word of up to five letters, two in a longer one), or
/// a Jaro-Winkler score of 0.85, which takes a name with something added
/// at its end (`Värde (%)` for `värde`); typos score above 0.9, names
/// that only share letters about 0.8 (`standard 6` and `f1-standards`).
/// The closest is the fewest letters off, then the highest score; a tie
/// in letters among the close ones is no suggestion. One whose digits
/// differ is never close: another number names another item.
pub fn suggest<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    const CLOSE: f64 = 0.85;
    let found = plain(found);
    let known: Vec<&str> = known.into_iter().collect();
    let allowed = if found.chars().count() <= 5 { 1 } else { 2 };
    // An item of another number is another item, not a typo (`f2` is not
    // `f1`, `a31` not `a3`), and a name with a number added is another
    // (`Värde 2023`, last year's values, is not `värde`).
    let digits = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    let number = digits(&found);
    let mut close: Vec<(usize, f64, &str)> = known
        .iter()
        .filter(|candidate| digits(candidate) == number)
        .map(|&candidate| {
            let plain = plain(candidate);
            let off = strsim::osa_distance(&found, &plain);
            (off, strsim::jaro_winkler(&found, &plain), candidate)
        })
        .filter(|&(off, score, _)| off <= allowed || score >= CLOSE)
        .collect();
    close.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    close.dedup_by(|a, b| plain(a.2) == plain(b.2));
    let best = match close.as_slice() {
        [] => None,
        [(off, _, _), (next, _, _), ..] if off == next && *off <= allowed => None,
        [(_, _, best), ..] => Some(*best),
    };
    best.or_else(|| with_every_word(&found, &known))
        .or_else(|| by_number(&found, &known))
}

/// The one of `known` that `found` is, written otherwise: letter case,
/// å, ä, ö as a, a, o, spaces, '_' and '-', and a mark at the end aside
/// (`Genomförd.`; `pagar` for `pågår`,
/// `not started` for `not_started`). For words whose near neighbours
/// mean something else (a status, an answer): `genomförs` is no typo of
/// `genomförd`, nor `Nja` of `ja`, and taken for them the report would
/// say what was not answered.
pub(crate) fn same_word<'a>(
    found: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let bare = |text: &str| {
        plain(text)
            .trim_end_matches(END_MARKS)
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .collect::<String>()
    };
    let found = bare(found);
    let mut same: Vec<&str> = known
        .into_iter()
        .filter(|word| bare(word) == found)
        .collect();
    same.dedup();
    match same.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The one of `known` numbered `found` (`a1` for `1`, `hph-3` for `3`),
/// where `found` is a number: a list's items are often called by it.
fn by_number<'a>(found: &str, known: &[&'a str]) -> Option<&'a str> {
    if found.is_empty() || !found.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Only one that ends in the number and carries no other digit (`12`
    // is not `a1-2`, nor `2` `f2-moten`), and only where no other carries
    // the number too (`1` is not `hph-1` beside `f1-data`).
    let digits = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    let carrying: Vec<&&str> = known.iter().filter(|c| digits(c) == found).collect();
    match carrying.as_slice() {
        [one]
            if one
                .strip_suffix(found)
                .is_some_and(|rest| rest.ends_with(|c: char| !c.is_ascii_digit())) =>
        {
            Some(**one)
        }
        _ => None,
    }
}

/// The one of `known` that holds every word of `found`, in order, where
/// `found` has two words or more: a word left out (`yes_no` for
/// `yes_partly_no`) is no typo, but as plain a slip.
fn with_every_word<'a>(found: &str, known: &[&'a str]) -> Option<&'a str> {
    let words = |text: &str| -> Vec<String> {
        plain(text)
            .split(['_', '-', ' '])
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    };
    let wanted = words(found);
    if wanted.len() < 2 {
        return None;
    }
    let holds_all = |candidate: &&&str| {
        let mut have = words(candidate).into_iter();
        wanted.iter().all(|word| have.any(|w| w == *word))
    };
    match known
        .iter()
        .filter(holds_all)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [one] => Some(**one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_is_placed_on_its_line_whatever_ends_the_lines() {
        for text in [
            "a: 1\nbb: 2 # x\n",
            "a: 1\r\nbb: 2 # x\r\n",
            "a: 1\rbb: 2 # x\r",
        ] {
            assert_eq!(
                Pos::of_byte(text, text.find('#').unwrap()),
                Pos::new(2, 7),
                "{text:?}"
            );
        }
        assert_eq!(Pos::of_byte("å\r\rö", 4), Pos::new(3, 1));
    }

    #[test]
    fn prints_file_line_column_and_hint() {
        let d = Diagnostic::error(
            Path::new("data/2024/plan.yaml"),
            Some(Pos::new(12, 7)),
            "unknown key 'responsibe'",
        )
        .with_hint("did you mean 'responsible'?");
        assert_eq!(
            d.to_string(),
            "data/2024/plan.yaml:12:7: error: unknown key 'responsibe' (did you mean 'responsible'?)"
        );
    }

    #[test]
    fn a_file_lists_a_limited_number_of_errors_and_counts_the_rest() {
        let mut diagnostics = Diagnostics::new();
        for line in 1..=MAX_ERRORS_PER_FILE + 3 {
            diagnostics.push(Diagnostic::error(
                Path::new("a.csv"),
                Some(Pos::line(line)),
                "bad",
            ));
        }
        diagnostics.push(Diagnostic::error(Path::new("b.csv"), None, "bad"));
        assert_eq!(diagnostics.error_count(), MAX_ERRORS_PER_FILE + 4);
        let sorted = diagnostics.sorted();
        assert_eq!(sorted.len(), MAX_ERRORS_PER_FILE + 2);
        assert_eq!(
            sorted[MAX_ERRORS_PER_FILE].to_string(),
            "a.csv: error: 3 more errors in this file not listed (the first 50 are above; fix them and run again)"
        );
        assert_eq!(
            sorted[MAX_ERRORS_PER_FILE + 1].to_string(),
            "b.csv: error: bad"
        );
    }

    #[test]
    fn a_file_lists_its_first_errors_by_line_whatever_order_they_come_in() {
        // The rows' errors are found before the header's: the header's
        // ("the column 'Fritext' is not read") was counted, not listed.
        let mut diagnostics = Diagnostics::new();
        for line in (2..=1_000).rev() {
            diagnostics.push(Diagnostic::error(
                Path::new("a.csv"),
                Some(Pos::line(line)),
                "row",
            ));
        }
        diagnostics.push(Diagnostic::error(
            Path::new("a.csv"),
            Some(Pos::line(1)),
            "header",
        ));
        assert_eq!(diagnostics.error_count(), 1_000);
        let sorted = diagnostics.sorted();
        assert_eq!(sorted.len(), MAX_ERRORS_PER_FILE + 1);
        assert_eq!(sorted[0].to_string(), "a.csv:1: error: header");
        assert_eq!(
            sorted[MAX_ERRORS_PER_FILE - 1].to_string(),
            format!("a.csv:{MAX_ERRORS_PER_FILE}: error: row")
        );
        assert!(
            sorted[MAX_ERRORS_PER_FILE]
                .to_string()
                .starts_with("a.csv: error: 950 more errors in this file not listed")
        );
    }

    #[test]
    fn marks_the_value_key_or_cell_at_a_position() {
        let yaml = "year: 2024\n  responsibe: PU\nstatus: 'a: b' # x\n";
        let mark = |pos| marked_range(yaml, pos, Cells::Yaml).map(|r| &yaml[r]);
        assert_eq!(mark(Pos::new(1, 7)), Some("2024"));
        assert_eq!(mark(Pos::new(2, 3)), Some("responsibe"));
        assert_eq!(mark(Pos::new(3, 9)), Some("'a: b'"));
        assert_eq!(mark(Pos::line(2)), Some("responsibe: PU"));
        assert_eq!(mark(Pos::new(2, 1)), Some("  "));
        assert_eq!(mark(Pos::new(9, 1)), None);
        let csv = "region;värde\nRegion Skåne;7,5 %\n";
        let mark = |pos| marked_range(csv, pos, Cells::Csv(';')).map(|r| &csv[r]);
        assert_eq!(mark(Pos::new(2, 1)), Some("Region Skåne"));
        assert_eq!(mark(Pos::new(2, 14)), Some("7,5 %"));
        // A cell ends at its file's delimiter, not at a ';' in a comment.
        let csv = "region,value,comment\nskane,7,\"Möte; sedan\"\n";
        let mark = |pos| marked_range(csv, pos, Cells::Csv(',')).map(|r| &csv[r]);
        assert_eq!(mark(Pos::new(2, 1)), Some("skane"));
        assert_eq!(mark(Pos::new(2, 7)), Some("7"));
    }

    #[test]
    fn a_csv_file_in_an_old_code_page_is_shown_too() {
        // MS-DOS 850's ä (0x84), which the reader refuses: its line is
        // shown as Windows-1252 reads it, under the message that says so.
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        let path = dir.path().join("svar.csv");
        std::fs::write(&path, b"region;indikator;v\x84rde\nskane;hph-1;7\n").expect("written");
        let (text, cells) = read_source(&path).expect("shown");
        assert_eq!(cells, Cells::Csv(';'));
        assert_eq!(text.lines().nth(1), Some("skane;hph-1;7"));
    }

    #[test]
    fn a_csv_file_is_shown_as_its_reader_decodes_it() {
        // Each line in its own encoding: a line of Windows-1252 after one
        // of UTF-8 reads "åtta", not "Ã¥tta" on the UTF-8 line.
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        let path = dir.path().join("svar.csv");
        let mut bytes = "region;indicator;value\nskane;hph-1;åtta\n"
            .as_bytes()
            .to_vec();
        bytes.extend(b"gavleborg;hph-1;\xe5tta\n");
        std::fs::write(&path, bytes).expect("written");
        let (text, cells) = read_source(&path).expect("shown");
        assert_eq!(cells, Cells::Csv(';'));
        assert_eq!(text.lines().nth(1), Some("skane;hph-1;åtta"));
        assert_eq!(text.lines().nth(2), Some("gavleborg;hph-1;åtta"));
    }

    #[test]
    fn rich_diagnostics_show_the_line_and_a_marker() {
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        let path = dir.path().join("plan.yaml");
        std::fs::write(&path, "year: 2024\nstatus: godkänd\n").expect("written");
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error(&path, Some(Pos::new(2, 9)), "key 'status' is 'godkänd'")
                .with_hint("did you mean 'approved'?"),
        );
        diagnostics.push(Diagnostic::error(
            &path.with_extension("csv"),
            None,
            "is a folder",
        ));
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        diagnostics.emit(&mut out, Style::Rich).expect("printed");
        let text = String::from_utf8_lossy(&out.into_inner()).into_owned();
        let file = path.display();
        assert!(text.contains("error: key 'status' is 'godkänd'"), "{text}");
        assert!(text.contains(&format!("┌─ {file}:2:9")), "{text}");
        assert!(
            text.contains("2 │ status: godkänd\n  │         ^^^^^^^"),
            "{text}"
        );
        assert!(text.contains("= hint: did you mean 'approved'?"), "{text}");
        assert!(
            text.contains(&format!(
                "error: {}: is a folder",
                path.with_extension("csv").display()
            )),
            "{text}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_position_marks_a_range_inside_the_text(
            text in "[a-zå: ;,\"'\t\n#-]{0,40}",
            line in 0usize..8,
            column in proptest::option::of(0usize..20),
            cells in proptest::sample::select(vec![Cells::Yaml, Cells::Csv(','), Cells::Csv(';')]),
        ) {
            let pos = Pos { line, column };
            if let Some(range) = marked_range(&text, pos, cells) {
                proptest::prop_assert!(text.get(range).is_some());
            }
        }
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(
            suggest("responsibe", ["id", "responsible", "timeline"]),
            Some("responsible")
        );
        assert_eq!(suggest("colour", ["id", "responsible", "timeline"]), None);
    }

    #[test]
    fn suggests_nothing_where_two_are_as_close() {
        assert_eq!(suggest("hph-f", ["hph-1", "hph-2", "f1-data"]), None);
        assert_eq!(suggest("scaler", ["scale", "scales"]), None);
        assert_eq!(suggest("scalle", ["scale", "number"]), Some("scale"));
        // The same word twice (a column's English and Swedish names) is one.
        assert_eq!(
            suggest("regon", ["region", "indicator", "region"]),
            Some("region")
        );
    }

    #[test]
    fn suggests_the_one_name_that_holds_every_word_written() {
        let kinds = ["scale", "yes_partly_no", "percent", "number"];
        assert_eq!(suggest("yes_no", kinds), Some("yes_partly_no"));
        assert_eq!(suggest("no_partly", kinds), None);
        assert_eq!(suggest("f1-data", ["f1-data-a", "f1-data-b"]), None);
    }

    #[test]
    fn names_the_one_item_a_text_or_its_first_words_name() {
        let texts = [
            ("hph-1", "Standard 1 – Organisationens åtagande"),
            ("hph-2", "Standard 2 – Tillgång till tjänster"),
            ("f1-data", "Används data om befolkningens hälsa?"),
            ("a", "Styrning och ledning"),
            ("b", "Styrning och ledning"),
        ];
        assert_eq!(named_by("standard 1", texts), Some("hph-1"));
        assert_eq!(
            named_by("Standard 2 - Tillgång till tjänster", texts),
            Some("hph-2")
        );
        assert_eq!(named_by("Anvánds data", texts), None);
        assert_eq!(
            named_by("Används data om befolkningens halsa", texts),
            Some("f1-data")
        );
        // One word is no name's beginning; two items of one name are none.
        assert_eq!(named_by("Standard", texts), None);
        assert_eq!(named_by("styrning och ledning", texts), None);
    }

    #[test]
    fn suggests_the_item_a_number_names() {
        let ids = ["a1", "a2", "a11", "f2-data"];
        assert_eq!(suggest("1", ids), Some("a1"));
        assert_eq!(suggest("11", ids), Some("a11"));
        assert_eq!(suggest("3", ids), None);
        assert_eq!(suggest("1", ["hph-1", "f2-moten"]), Some("hph-1"));
        // Not where another carries the number too, nor one whose number
        // is its digits run together, or not at its end.
        assert_eq!(suggest("1", ["hph-1", "f1-data", "f2-moten"]), None);
        assert_eq!(suggest("12", ["a1-1", "a1-2"]), None);
        assert_eq!(suggest("2", ["hph-1", "f2-moten"]), None);
    }

    #[test]
    fn suggests_no_item_of_another_number() {
        assert_eq!(suggest("hph-6", ["hph-1", "f1-data"]), None);
        assert_eq!(suggest("f2", ["f1"]), None);
        assert_eq!(suggest("a31", ["a3", "a13", "a4"]), None);
        assert_eq!(suggest("hph1", ["hph-1", "hph-2"]), Some("hph-1"));
        // Digits added to a name that has none: another column.
        assert_eq!(
            suggest("Värde 2023", ["region", "värde", "kommentar"]),
            None
        );
    }

    #[test]
    fn suggests_swedish_words_typed_without_their_letters() {
        assert_eq!(
            suggest("pagar", ["done", "genomförd", "pågår", "ej påbörjad"]),
            Some("pågår")
        );
    }

    #[test]
    fn a_file_has_the_lines_a_position_counts() {
        for text in ["a\nbc\n\nd", "a\r\nbc\r\n\r\nd\r\n", "a\rbc\r\rd\r"] {
            let lines: Vec<(usize, &str)> = file_lines(text).collect();
            let texts: Vec<&str> = lines.iter().map(|&(_, line)| line).collect();
            assert_eq!(texts, ["a", "bc", "", "d"], "{text:?}");
            for (n, &(start, _)) in lines.iter().enumerate() {
                assert_eq!(Pos::of_byte(text, start), Pos::new(n + 1, 1), "{text:?}");
            }
        }
        assert_eq!(file_lines("").count(), 0);
    }
}
