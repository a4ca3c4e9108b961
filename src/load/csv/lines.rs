//! The lines below a CSV file's header, read against it: a line that
//! repeats it, one with more columns, one written with the other separator,
//! and the row of a line that fits.

use std::path::Path;

use super::header::{Heading, names_every_column};
use super::records::other_delimiter;
use super::{Cell, Column, Row, split_at_decimal_comma, split_number_hint};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::load::printable::shown;

/// A file's header as matched to its columns.
pub(super) struct Header<'a> {
    /// The file.
    pub path: &'a Path,
    /// The columns the file may have.
    pub columns: &'a [Column],
    /// What each field of the header names.
    pub keys: &'a [Heading],
    /// The separator the header uses.
    pub delimiter: u8,
}

/// A line that repeats the header.
pub(super) struct Repeated {
    /// What is said of it.
    pub error: Diagnostic,
    /// Whether the lines below it are read: they are where it names the
    /// same columns in the same order.
    pub read_on: bool,
}

impl Header<'_> {
    /// The line the cells of a line start on.
    fn line(cells: &[Cell]) -> usize {
        cells.first().map_or(1, |cell| cell.line)
    }

    /// Whether a line repeats the header: two files joined into one (Excel
    /// saved each with its header, its columns perhaps in another order,
    /// or more of them). Where the columns differ, the rows below belong
    /// to the other header: they are not read against this one, which
    /// would find every one wrong.
    pub fn repeated(&self, cells: &[Cell]) -> Option<Repeated> {
        if !names_every_column(cells, self.columns) {
            return None;
        }
        let heading = |cell: &Cell| {
            self.columns
                .iter()
                .find(|c| c.matches(&cell.text))
                .map(|c| c.key)
        };
        // (Trailing empty columns, which Excel may add, do not count.)
        let used = cells
            .iter()
            .rposition(|cell| !cell.text.is_empty())
            .map_or(0, |last| last + 1);
        let named = self
            .keys
            .iter()
            .rposition(|key| *key != Heading::None)
            .map_or(0, |last| last + 1);
        let same = used == named
            && cells
                .iter()
                .zip(self.keys)
                .take(used)
                .all(|(cell, key)| match key {
                    Heading::Column(key) => heading(cell) == Some(*key),
                    Heading::Unread | Heading::None => heading(cell).is_none(),
                });
        let error = Diagnostic::error(
            self.path,
            Some(Pos::line(Self::line(cells))),
            "the header line is repeated here (expected one header line, at the top)",
        );
        Some(if same {
            Repeated {
                error: error.with_hint("were two files joined into one? remove this line"),
                read_on: true,
            }
        } else {
            Repeated {
                error: error.with_hint(
                    "were two files with other columns joined into one? save each as a file \
                     of its own; the lines below are not read",
                ),
                read_on: false,
            }
        })
    }

    /// The error of a line with more columns than the header that holds
    /// something past it.
    pub fn too_many_columns(&self, cells: &[Cell]) -> Option<Diagnostic> {
        let keys = self.keys;
        let extra = cells
            .iter()
            .skip(keys.len())
            .find(|cell| !cell.text.is_empty())?;
        let used = cells
            .iter()
            .rposition(|cell| !cell.text.is_empty())
            .map_or(0, |i| i + 1);
        let counts = format!(
            "the line has {used} columns but the header has {}",
            keys.len()
        );
        // A number in the last column split at its decimal comma (`45,5` in
        // a file of ',' without a comment column): said as such.
        let numbers = |key: &Heading| {
            matches!(key, Heading::Column(key)
                if self.columns.iter().any(|column| column.key == *key && column.numbers))
        };
        let last = cells.get(keys.len().saturating_sub(1)).filter(|last| {
            self.delimiter == b','
                && used == keys.len() + 1
                && keys.last().is_some_and(numbers)
                && split_at_decimal_comma(&last.text, &extra.text)
        });
        Some(match last {
            Some(last) => {
                let (whole, decimals) = (shown(&last.text), shown(&extra.text));
                Diagnostic::error(
                    self.path,
                    Some(last.pos()),
                    format!(
                        "'{whole}' and '{decimals}' after it are one number, \
                         {whole},{decimals}, split at its decimal comma: {counts}"
                    ),
                )
                // Which indicator the value answers is not known here: the
                // thousands are offered beside the decimal.
                .with_hint(split_number_hint(&whole, &decimals, true))
            }
            None => Diagnostic::error(
                self.path,
                Some(extra.pos()),
                format!(
                    "{counts} (found '{}' after the last column)",
                    shown(&extra.text)
                ),
            )
            .with_hint(format!(
                "a text that contains '{}' must be put in double quotes",
                char::from(self.delimiter)
            )),
        })
    }

    /// The error of a line written with the other separator: its first
    /// cell holds it, and (a comment perhaps holding the file's own
    /// separator) the line has fewer columns than the header.
    pub fn other_separator(&self, cells: &[Cell]) -> Option<Diagnostic> {
        let (keys, delimiter) = (self.keys, self.delimiter);
        let other = other_delimiter(delimiter);
        let other_separated = match cells {
            [only] => keys.len() > 1 && only.text.contains(char::from(other)),
            // A first column of the person's own (the question's text) or
            // the comment may hold it as text; an id or a value may not.
            [first, ..] => {
                cells.len() < keys.len()
                    && first.text.contains(char::from(other))
                    && matches!(keys.first(), Some(Heading::Column(key)) if *key != "comment")
            }
            [] => false,
        };
        let first = cells.first().filter(|_| other_separated)?;
        let found = match cells.len() {
            1 => "is a single column".to_string(),
            n => format!("has {n} columns"),
        };
        Some(Diagnostic::error(
            self.path,
            Some(first.pos()),
            format!(
                "the line {found} (expected columns separated by '{}', as in the header, but the line uses '{}')",
                char::from(delimiter),
                char::from(other)
            ),
        ))
    }

    /// The row of a line, its cells by column; `None`, with an error for
    /// each, where a cell holds something under no header. Whether a cell
    /// of a column of the person's own holds anything is marked in
    /// `unread_data`.
    pub fn row(
        &self,
        cells: Vec<Cell>,
        unread_data: &mut [bool],
        diagnostics: &mut Diagnostics,
    ) -> Option<Row> {
        let mut row = Row {
            line: Self::line(&cells),
            cells: Vec::new(),
            overflows: false,
            fields: cells.len(),
        };
        let mut unnamed = false;
        for (i, (cell, key)) in cells.into_iter().zip(self.keys.iter().copied()).enumerate() {
            match key {
                Heading::Column(key) => row.cells.push((key, cell)),
                Heading::Unread => unread_data[i] |= !cell.text.is_empty(),
                Heading::None if cell.text.is_empty() => {}
                Heading::None => {
                    diagnostics.push(Diagnostic::error(
                        self.path,
                        Some(cell.pos()),
                        format!(
                            "found '{}' in column {}, which has no header",
                            shown(&cell.text),
                            cell.field
                        ),
                    ));
                    unnamed = true;
                }
            }
        }
        (!unnamed).then_some(row)
    }
}
