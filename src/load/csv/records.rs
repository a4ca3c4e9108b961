//! Splitting a CSV file's text into records of cells, each cell with the
//! line and column where it starts: the delimiter, quoting and line breaks
//! inside quotes as Excel and scripts write them.

use std::path::Path;

use super::{Cell, parse_decimal};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::load::printable::for_message;

/// The delimiter named by a first line `sep=;` or `sep=,` (which Excel writes
/// and honours), with the length in bytes of that line.
pub(super) fn sep_line(text: &str) -> Option<(u8, usize)> {
    let first = text.split('\n').next()?;
    match first.trim().to_lowercase().as_str() {
        "sep=;" => Some((b';', first.len())),
        "sep=," => Some((b',', first.len())),
        _ => None,
    }
}

/// The delimiter that is not `delimiter`.
pub(super) fn other_delimiter(delimiter: u8) -> u8 {
    if delimiter == b';' { b',' } else { b';' }
}

/// `;` or `,`, whichever the first line with content has more of outside
/// quotes (`;` on a tie, `,` when it has neither); `None` when no line has
/// content, i.e. the file is empty.
pub(super) fn detect_delimiter(text: &str) -> Option<u8> {
    let line = text.lines().find(|line| {
        line.chars()
            .any(|c| !c.is_whitespace() && c != ';' && c != ',')
    })?;
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    Some(if semicolons > 0 && semicolons >= commas {
        b';'
    } else {
        b','
    })
}

/// The records of a text as cells, read one at a time, leaving out records
/// whose fields are all empty (blank lines, and the `;;;` lines Excel
/// writes for empty rows). A record with text after a closing quote is
/// given as the csv crate reads it (the quotes dropped) with `misquoted`
/// set, and reading goes on: where it ends is clear. The reader leaves it
/// out, unless it is a header line repeated, which says how to read the
/// lines below it. Reading stops at a record the csv crate cannot split,
/// at a quote that is never closed, and at the first record (the header)
/// with a quote out of place. The problems are kept in `problems`.
pub(super) struct Records<'t> {
    /// The file, for the problem's message.
    path: &'t Path,
    /// The text being read.
    text: &'t str,
    /// `,` or `;`.
    delimiter: u8,
    /// The csv crate's records.
    reader: ::csv::StringRecordsIntoIter<&'t [u8]>,
    /// Where lines start, to locate cells.
    lines: LineIndex,
    /// The records left out, and why reading stopped early, if it did
    /// (a collection that lists at most 50 per file and counts the rest:
    /// a file of a million misquoted lines is read to its end).
    pub(super) problems: Diagnostics,
    /// Whether reading has stopped.
    stopped: bool,
    /// Whether a record has been yielded: the header, whose misquoting
    /// leaves no columns to read the others by.
    yielded: bool,
    /// Whether the record last given has text after a closing quote (its
    /// error is among `problems`).
    pub(super) misquoted: bool,
}

impl<'t> Records<'t> {
    /// Starts reading `text`.
    pub(super) fn new(path: &'t Path, text: &'t str, delimiter: u8) -> Self {
        let reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .into_records();
        Self {
            path,
            text,
            delimiter,
            reader,
            lines: LineIndex::new(text),
            problems: Diagnostics::default(),
            stopped: false,
            yielded: false,
            misquoted: false,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Vec<Cell>;

    fn next(&mut self) -> Option<Vec<Cell>> {
        if self.stopped {
            return None;
        }
        self.misquoted = false;
        loop {
            let record = match self.reader.next()? {
                Ok(record) => record,
                Err(err) => {
                    let pos = err
                        .position()
                        .map(|p| Pos::line(usize::try_from(p.line()).unwrap_or(1)));
                    self.problems.push(Diagnostic::error(
                        self.path,
                        pos,
                        format!("cannot read the CSV ({err})"),
                    ));
                    self.stopped = true;
                    return None;
                }
            };
            let text = self.text;
            let start = record
                .position()
                .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
            let scan = scan_record(text.as_bytes(), start, self.delimiter);
            // A quote never closed stops the reading: the rest of the file
            // is inside it. Text after a closing quote leaves the record
            // out: it ends at its line's end, and the records after it are
            // read as they are. (A line of nothing but blanks and empty
            // quotes, `""\u{a0};;`, is a blank line like any other.)
            let blank = record.iter().all(|field| field.trim().is_empty());
            let misquoted = match (scan.unclosed, &scan.after_quote) {
                (None, Some(_)) if blank => None,
                (Some(open), _) => Some((
                    open,
                    "a quoted field starts here but its closing '\"' is missing".to_string(),
                    "a '\"' inside a quoted field must be doubled: \"\"".to_string(),
                    true,
                )),
                (None, Some(after)) => {
                    let (opened, _) = self.lines.locate(text, after.field.start);
                    let (closed, _) = self.lines.locate(text, after.at);
                    // A quote left open on its line takes the lines below
                    // into its field, up to the next quote: the mistake is
                    // more likely where the field starts than where that
                    // quote is (a comment of two lines may be meant too).
                    Some(if opened < closed {
                        (
                            after.field.start,
                            format!(
                                "the quoted field that starts here ends on line {closed} with \
                                 text after its closing '\"' (expected '{}' or the end of the \
                                 line after it); lines {opened} to {closed} are left out",
                                char::from(self.delimiter)
                            ),
                            "if the field ends on this line, its closing '\"' is missing \
                             here; else put the whole field in quotes, and double each '\"' \
                             inside it"
                                .to_string(),
                            !self.yielded,
                        )
                    } else {
                        (
                            after.at,
                            format!(
                                "text after the closing '\"' of a quoted field (expected '{}' \
                                 or the end of the line after it)",
                                char::from(self.delimiter)
                            ),
                            after.hint(text),
                            !self.yielded,
                        )
                    })
                }
                (None, None) => None,
            };
            if let Some((at, message, hint, stops)) = misquoted {
                let (line, column) = self.lines.locate(text, at);
                let pos = Some(Pos::new(line, column));
                self.problems
                    .push(Diagnostic::error(self.path, pos, message).with_hint(hint));
                if stops {
                    self.stopped = true;
                    return None;
                }
                self.misquoted = true;
            }
            if blank {
                self.misquoted = false;
                continue;
            }
            let lines = &mut self.lines;
            let cells = record
                .iter()
                .enumerate()
                .map(|(i, text_of_field)| {
                    // Point at the text itself, past the spaces that trimming took off.
                    let field_start = scan.starts.get(i).copied().unwrap_or(start);
                    let blanks = text.as_bytes().get(field_start..).unwrap_or_default();
                    let offset = field_start
                        + blanks
                            .iter()
                            .take_while(|&&b| b == b' ' || b == b'\t')
                            .count();
                    let (line, column) = lines.locate(text, offset);
                    Cell {
                        text: text_of_field.trim().to_string(),
                        line,
                        column,
                        field: i + 1,
                        quoted: text.as_bytes().get(offset) == Some(&b'"'),
                    }
                })
                .collect();
            self.yielded = true;
            return Some(cells);
        }
    }
}

/// Where the fields of one record start, found as the csv crate splits them.
struct Scan {
    /// The byte offset of each field's first byte.
    starts: Vec<usize>,
    /// The offset of an opening quote that is never closed.
    unclosed: Option<usize>,
    /// Text after the closing quote of a quoted field, before its
    /// delimiter: `"citat" och mer`, `"4",5` in a file separated by `;`.
    /// The csv crate reads such a field with its quotes taken out.
    after_quote: Option<AfterQuote>,
}

/// What a quoted field with text after its closing quote, `written`, was
/// meant to say: where its quoted part doubles the quotes inside it, its
/// writer meant the outer ones as CSV's (`"Vi sa ""ja"" till" allt` is
/// `Vi sa "ja" till allt`); else they are the text's own (`"citat" och
/// mer` quotes a word).
fn meant_text(written: &str) -> String {
    let Some(rest) = written.strip_prefix('"') else {
        return written.to_string();
    };
    let mut quoted = String::new();
    let mut doubled = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (c, chars.peek()) {
            ('"', Some((_, '"'))) => {
                chars.next();
                quoted.push('"');
                doubled = true;
            }
            ('"', _) if doubled => return format!("{quoted}{}", &rest[at + 1..]),
            ('"', _) => return written.to_string(),
            _ => quoted.push(c),
        }
    }
    written.to_string()
}

/// A quoted field with text after its closing quote (see [`Scan`]).
struct AfterQuote {
    /// The offset of the text after the quote.
    at: usize,
    /// The bytes of the whole field, as written.
    field: std::ops::Range<usize>,
}

impl AfterQuote {
    /// How to write the field, shown with the user's own text: quoted
    /// whole, with each quote inside doubled; or, for a number whose
    /// decimal comma came after the quotes (`"4",5`), as the number.
    fn hint(&self, text: &str) -> String {
        const HOW: &str = "put the whole field in quotes, and double each '\"' inside it";
        let Some(written) = text.get(self.field.clone()) else {
            return HOW.to_string();
        };
        let number = written.replace('"', "");
        let number = number.trim();
        if !number.is_empty() && parse_decimal(number).is_some() {
            return format!(
                "write the number without quotes, {number}, or quote it whole: \"{number}\""
            );
        }
        let text = meant_text(written);
        if text.chars().count() <= 60 {
            format!("{HOW}: \"{}\"", for_message(&text.replace('"', "\"\"")))
        } else {
            HOW.to_string()
        }
    }
}

/// Scans the record at byte `start` (which may point at the line breaks of
/// blank lines before it): a field that starts with `"` runs to the next
/// `"` that is not doubled, then to the delimiter; any other field runs to
/// the delimiter or the end of the line.
fn scan_record(bytes: &[u8], start: usize, delimiter: u8) -> Scan {
    let mut i = start;
    while bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut scan = Scan {
        starts: Vec::new(),
        unclosed: None,
        after_quote: None,
    };
    loop {
        scan.starts.push(i);
        if bytes.get(i) == Some(&b'"') {
            let open = i;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => {
                        scan.unclosed = Some(open);
                        break;
                    }
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            let rest = bytes.get(i..).unwrap_or_default();
            let blanks = rest
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            let next = rest.get(blanks).copied();
            if scan.unclosed.is_none()
                && scan.after_quote.is_none()
                && next.is_some_and(|b| b != delimiter && b != b'\n')
            {
                scan.after_quote = Some(AfterQuote {
                    at: i + blanks,
                    field: open..open,
                });
            }
        }
        while let Some(&b) = bytes.get(i) {
            if b == delimiter || b == b'\n' {
                break;
            }
            i += 1;
        }
        if let Some(after) = scan.after_quote.as_mut().filter(|a| a.field.is_empty()) {
            // The field runs to its delimiter or the end of its line (a
            // carriage return before it is no part of it).
            let end = if bytes.get(i.wrapping_sub(1)) == Some(&b'\r') {
                i - 1
            } else {
                i
            };
            after.field.end = end.max(after.field.start);
        }
        if bytes.get(i) == Some(&delimiter) {
            i += 1;
        } else {
            return scan;
        }
    }
}

/// The byte offsets where lines start, to turn an offset into line and column.
struct LineIndex {
    /// The offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
    /// The line (from 0) of the last offset located: offsets mostly come
    /// in file order, so the next one is found by stepping on from there.
    cursor: usize,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Self { starts, cursor: 0 }
    }

    /// The 1-based line and character column of a byte offset.
    fn locate(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let at_or_after_cursor = self.starts.get(self.cursor).is_some_and(|&s| s <= offset);
        if !at_or_after_cursor {
            self.cursor = self
                .starts
                .partition_point(|&start| start <= offset)
                .saturating_sub(1);
        }
        while self
            .starts
            .get(self.cursor + 1)
            .is_some_and(|&s| s <= offset)
        {
            self.cursor += 1;
        }
        let line = self.cursor + 1;
        let start = self.starts.get(self.cursor).copied().unwrap_or(0);
        let column = text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_detected_from_the_header_outside_quotes() {
        assert_eq!(detect_delimiter("a,b,c\n"), Some(b','));
        assert_eq!(detect_delimiter("a;b;c\n"), Some(b';'));
        assert_eq!(detect_delimiter("\"a;b\",c\n"), Some(b','));
        assert_eq!(detect_delimiter("a;b,c\n"), Some(b';'));
        assert_eq!(detect_delimiter("abc\n"), Some(b','));
        assert_eq!(detect_delimiter(";;\n\n"), None);
    }

    #[test]
    fn a_blank_line_with_empty_quotes_is_a_blank_line() {
        let text = "region;indikator\n\"\"\u{a0};;\nskane;hph-1\n";
        let mut records = Records::new(Path::new("svar.csv"), text, b';');
        let read: Vec<Vec<Cell>> = records.by_ref().collect();
        assert_eq!(read.len(), 2);
        assert!(records.problems.is_empty(), "{}", records.problems);
    }

    #[test]
    fn misquoted_lines_are_left_out_and_counted_past_the_listed_ones() {
        let mut text = String::from("region;indikator;värde\n");
        for _ in 0..10_000 {
            text.push_str("skane;hph-1;\"4\",5\n");
        }
        text.push_str("skane;hph-2;7\n");
        let path = Path::new("svar.csv");
        let mut records = Records::new(path, &text, b';');
        let mut read = Vec::new();
        while let Some(cells) = records.next() {
            if !records.misquoted {
                read.push(cells);
            }
        }
        // The header and the last line; each line between is an error.
        assert_eq!(read.len(), 2);
        assert_eq!(read[1][1].text, "hph-2");
        assert_eq!(records.problems.error_count(), 10_000);
        // At most 50 are kept, the rest counted, and one line says so.
        assert_eq!(
            records.problems.sorted().len(),
            crate::diag::MAX_ERRORS_PER_FILE + 1
        );
    }
}
