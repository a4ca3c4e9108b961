//! The header line of a CSV file: which of the expected columns each field
//! names, and the one clear error where the first line is not a header.

use std::path::Path;

use super::records::{Records, other_delimiter};
use super::{Cell, Column};
use crate::diag::{Diagnostic, Diagnostics, Pos, suggest};
use crate::load::printable::{for_message, shown};

/// The message for a column of the person's own (`cell`, its header):
/// a warning that it is not read, or, while an optional column is missing
/// and it holds anything, an error, since it may be that column under
/// another name ("Regionens kommentar", "Fritext"), whose values a
/// warning alone would let go.
pub(super) fn unread_column(
    path: &Path,
    cell: &Cell,
    columns: &[Column],
    keys: &[Heading],
    holds_data: bool,
    expected: &str,
) -> Diagnostic {
    let message = format!("the column '{}' is not read", shown(&cell.text));
    let missing: Vec<String> = columns
        .iter()
        .filter(|c| !c.required && !keys.contains(&Heading::Column(c.key)))
        .map(|c| format!("'{}' (or '{}')", c.swedish(), c.key))
        .collect();
    if missing.is_empty() || !holds_data {
        return Diagnostic::warning(
            path,
            Some(cell.pos()),
            format!("{message} (the columns read are {expected})"),
        );
    }
    let missing = missing.join(" or ");
    Diagnostic::error(
        path,
        Some(cell.pos()),
        format!("{message}, and the file has no column {missing}"),
    )
    .with_hint(format!(
        "if it holds what {missing} holds, name it so; if not, delete it, or add an empty \
         column {missing}"
    ))
}

/// What a cell of the header line makes of its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Heading {
    /// One of the file's columns, by its key.
    Column(&'static str),
    /// A column of the person's own, read past.
    Unread,
    /// No name: a cell below it is an error.
    None,
}

/// Matches the header's names to `columns`: for each field, the key of its
/// column, or `None` for an unnamed (empty) header; `None` and errors when
/// a name is repeated, a required column is missing, or the line is a
/// title above the header. A name misspelt (close to a column's that the
/// header lacks) is an error, and its column is read as the one meant, so
/// that the rows' own mistakes show in the same run; two names close to
/// one column are read as neither.
pub(super) fn match_header(
    path: &Path,
    text: &str,
    header: &[Cell],
    columns: &[Column],
    delimiter: u8,
    expected: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Heading>> {
    let line = header.first().map_or(1, |cell| cell.line);
    let header_below = || header_line_below(path, text, delimiter, columns);
    let first_line = NotAHeader {
        path,
        line,
        found: listed(header),
        expected,
    };
    if let Some(problem) = shape_problem(&first_line, header, columns, delimiter, header_below) {
        diagnostics.push(problem);
        return None;
    }
    let Names {
        keys,
        mut problems,
        suggested,
        mut failed,
    } = names_read(path, header, columns, expected);
    for column in columns.iter().filter(|c| c.required) {
        if !keys.contains(&Heading::Column(column.key)) && !suggested.contains(&column.key) {
            problems.push(missing_column(&first_line, column));
            failed = true;
        }
    }
    // A misspelt name above a header further down is a title row.
    if !failed && (suggested.is_empty() || header_below().is_none()) {
        diagnostics.extend(problems);
        return Some(keys);
    }
    match header_below() {
        Some(below) => diagnostics.push(first_line.error(Some(below), columns, delimiter)),
        None => diagnostics.extend(problems),
    }
    None
}

/// The fields of a line that are not empty, quoted and listed for a
/// message.
fn listed(cells: &[Cell]) -> String {
    cells
        .iter()
        .filter(|cell| !cell.text.is_empty())
        .map(|cell| format!("'{}'", for_message(&cell.text)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every name a column of `columns` may have in a header.
fn all_names(columns: &[Column]) -> impl Iterator<Item = &'static str> + '_ {
    columns
        .iter()
        .flat_map(|c| std::iter::once(c.key).chain(c.aliases.iter().copied()))
}

/// The one error of a first line that is no header as a whole: a single
/// column, no field that is or resembles a column's name, or both
/// separators. `header_below` finds a line further down that is one.
fn shape_problem(
    first_line: &NotAHeader<'_>,
    header: &[Cell],
    columns: &[Column],
    delimiter: u8,
    header_below: impl Fn() -> Option<usize>,
) -> Option<Diagnostic> {
    let path = first_line.path;
    let english = columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", ");
    let separated = format!("expected the columns {english} separated by ',' or ';'");
    if let [only] = header
        && columns.len() > 1
    {
        if let Some(below) = header_below() {
            return Some(first_line.error(Some(below), columns, delimiter));
        }
        let diagnostic = Diagnostic::error(
            path,
            Some(Pos::line(first_line.line)),
            format!(
                "the header line is a single column '{}' ({separated})",
                for_message(&only.text)
            ),
        );
        return Some(if only.text.contains('\t') {
            diagnostic.with_hint("the file seems to be separated by tabs; in Excel, save it as 'CSV UTF-8' or 'CSV (semikolonavgränsad)'")
        } else {
            diagnostic
        });
    }
    // A first line none of whose fields is or resembles a column's name is
    // no header: one error that says so, not one per field and column.
    let like_a_name = |cell: &Cell| {
        columns.iter().any(|column| column.matches(&cell.text))
            || suggest(&cell.text, all_names(columns)).is_some()
    };
    if !header.iter().any(like_a_name) {
        return Some(first_line.error(header_below(), columns, delimiter));
    }
    // A header `region;indicator,value;comment` was written with both; in
    // quotes, the other one is a name's text ("Kommentar (frivillig, max
    // 500 tecken)", a column of the region's own).
    let other = char::from(other_delimiter(delimiter));
    let mixed = header
        .iter()
        .find(|cell| !cell.quoted && cell.text.contains(other))?;
    Some(Diagnostic::error(
        path,
        Some(mixed.pos()),
        format!(
            "the header line mixes ',' and ';' in '{}' ({separated}, one of them throughout)",
            shown(&mixed.text)
        ),
    ))
}

/// What the names of a header line make of its fields.
struct Names {
    /// What each field names.
    keys: Vec<Heading>,
    /// The header's problems, reported unless a later line is the header.
    problems: Diagnostics,
    /// Columns that an unknown name was suggested for: not reported
    /// missing as well.
    suggested: Vec<&'static str>,
    /// Whether a problem keeps the rows from being read by the header.
    failed: bool,
}

/// Reads each name of the header line as a column of `columns`, one of
/// the person's own, or a column's name misspelt.
fn names_read(path: &Path, header: &[Cell], columns: &[Column], expected: &str) -> Names {
    let mut problems = Diagnostics::new();
    let mut keys = Vec::new();
    let mut failed = false;
    let mut suggested: Vec<&'static str> = Vec::new();
    for cell in header {
        if cell.text.is_empty() {
            keys.push(Heading::None);
            continue;
        }
        match columns.iter().find(|column| column.matches(&cell.text)) {
            Some(column) => {
                if let Some(first) = header
                    .iter()
                    .take_while(|c| c.field < cell.field)
                    .find(|c| column.matches(&c.text))
                {
                    problems.push(
                        Diagnostic::error(
                            path,
                            Some(cell.pos()),
                            format!(
                                "the column '{}' appears twice (first as '{}' in column {})",
                                column.key, first.text, first.field
                            ),
                        )
                        .with_hint(UNREAD_ROWS),
                    );
                    failed = true;
                }
                keys.push(Heading::Column(column.key));
            }
            // A name close to a column's that the header lacks is that
            // column misspelt, whose values would be lost; any other is a
            // column of the person's own (the question's text beside its
            // id, "Regionnamn" beside "region"), left unread.
            None => match suggest(&cell.text, all_names(columns)).filter(|close| {
                let column = columns.iter().find(|c| c.matches(close));
                !column.is_some_and(|c| header.iter().any(|h| c.matches(&h.text)))
            }) {
                Some(close) => {
                    let meant = columns.iter().find(|c| c.matches(close));
                    suggested.extend(meant.map(|c| c.key));
                    // Read as the column meant, unless another name was
                    // taken for it already ('Värde 2023', 'Värde 2024').
                    let heading = meant.map(|c| Heading::Column(c.key));
                    let before = header
                        .iter()
                        .zip(&keys)
                        .find(|(_, key)| heading.as_ref() == Some(*key))
                        .map(|(cell, _)| cell);
                    let hint = match before {
                        None => format!("did you mean '{close}'?"),
                        Some(before) => format!(
                            "did you mean '{close}'? So may '{}' in column {}: name the one \
                             to read '{close}', and the rows are checked then",
                            shown(&before.text),
                            before.field
                        ),
                    };
                    problems.push(
                        Diagnostic::error(
                            path,
                            Some(cell.pos()),
                            format!(
                                "unknown column '{}' (expected {expected})",
                                shown(&cell.text)
                            ),
                        )
                        .with_hint(hint),
                    );
                    match heading {
                        Some(heading) if before.is_none() => keys.push(heading),
                        _ => {
                            keys.push(Heading::None);
                            failed = true;
                        }
                    }
                }
                None => keys.push(Heading::Unread),
            },
        }
    }
    Names {
        keys,
        problems,
        suggested,
        failed,
    }
}

/// The error for a required column the header line lacks.
fn missing_column(first_line: &NotAHeader<'_>, column: &Column) -> Diagnostic {
    let swedish = column.swedish();
    let name = if swedish == column.key {
        format!("'{}'", column.key)
    } else {
        format!("'{}' (or '{swedish}')", column.key)
    };
    Diagnostic::error(
        first_line.path,
        Some(Pos::line(first_line.line)),
        format!(
            "the header line has no column {name} (its columns are {})",
            first_line.found
        ),
    )
    .with_hint(UNREAD_ROWS)
}

/// What a header too wrong to read the rows by leaves unsaid.
const UNREAD_ROWS: &str = "the rows are checked once the header line is right";

/// Whether a record names every required column: a header line.
pub(super) fn names_every_column(cells: &[Cell], columns: &[Column]) -> bool {
    columns
        .iter()
        .filter(|c| c.required)
        .all(|c| cells.iter().any(|cell| c.matches(&cell.text)))
}

/// The line of the first record after the first that has every required
/// column: the header, below a title that people put in a spreadsheet.
fn header_line_below(path: &Path, text: &str, delimiter: u8, columns: &[Column]) -> Option<usize> {
    let has_every_column = |cells: &Vec<Cell>| names_every_column(cells, columns);
    // The first line's delimiter, or the other: a title line above the
    // header ("Uppföljning 2024") may have none, or a comma in a file
    // separated by ';'.
    [delimiter, other_delimiter(delimiter)]
        .into_iter()
        .find_map(|delimiter| {
            Records::new(path, text, delimiter)
                .skip(1)
                .find(has_every_column)
        })
        .and_then(|cells| cells.first().map(|cell| cell.line))
}

/// A first line that is not the header line of a file.
struct NotAHeader<'a> {
    path: &'a Path,
    line: usize,
    /// Its fields, listed for the message.
    found: String,
    /// The header that was expected, for the message.
    expected: &'a str,
}

impl NotAHeader<'_> {
    /// The one error for it: where the header is (`below`), or the line to
    /// add at the top.
    fn error(&self, below: Option<usize>, columns: &[Column], delimiter: u8) -> Diagnostic {
        let hint = match below {
            Some(below) => format!(
                "line {below} looks like the header line: remove the lines above it, and the \
                 rows are read by it"
            ),
            None => {
                let delimiter = char::from(delimiter).to_string();
                let line_of = |names: Vec<&str>| names.join(&delimiter);
                format!(
                    "add the line '{}' (or in Swedish '{}') at the top",
                    line_of(columns.iter().map(|c| c.key).collect()),
                    line_of(columns.iter().map(Column::swedish).collect()),
                )
            }
        };
        Diagnostic::error(
            self.path,
            Some(Pos::line(self.line)),
            format!(
                "the first line is not a header line (it holds {}; expected a header line: {})",
                self.found, self.expected
            ),
        )
        .with_hint(hint)
    }
}

/// The headers for messages: the English ones, then the Swedish ones where they differ.
pub(super) fn expected_columns(columns: &[Column]) -> String {
    let english = columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", ");
    let swedish = columns
        .iter()
        .map(Column::swedish)
        .collect::<Vec<_>>()
        .join(", ");
    if english == swedish {
        english
    } else {
        format!("{english}, or in Swedish {swedish}")
    }
}
