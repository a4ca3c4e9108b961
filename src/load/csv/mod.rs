//! Reads a CSV file the way Excel on Swedish Windows writes it, and the way scripts do.
//!
//! Excel's "CSV (semikolonavgränsad)" is Windows-1252 with `;` between fields,
//! its "CSV UTF-8" starts with a byte-order mark, and scripts write plain
//! UTF-8 with `,`: all of them are read here into rows of trimmed text. Every
//! cell keeps the line and column where it starts, so that the checks that
//! give the text its meaning can point at it.
//!
//! The `csv` crate splits the records; the positions of the fields are found
//! by a small scanner of our own, since the crate reports only where a record
//! starts (and, after blank lines, not even that exactly).

mod encoding;
mod header;
mod lines;
mod number;
mod old_code_page;
mod records;

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use self::encoding::decode;
pub use self::encoding::windows_1252_reading;
use self::header::{Heading, expected_columns, match_header, unread_column};
use self::lines::Header;
pub use self::number::{
    Decimal, parse_decimal, parse_number, split_at_decimal_comma, split_number_hint,
};
use self::records::{Records, detect_delimiter, sep_line};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::load::read_bytes;

/// A column a file may have: its English header (the key rows are read by)
/// and the other headers accepted for it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The English header, e.g. `value`; also the key for [`Row::get`].
    pub key: &'static str,
    /// The other accepted headers, the Swedish one first, e.g. `värde`.
    pub aliases: &'static [&'static str],
    /// Whether a file without this column is an error.
    pub required: bool,
    /// Whether its cells are numbers, which a file that separates its
    /// fields with ',' splits at an unquoted decimal comma.
    pub numbers: bool,
}

impl Column {
    /// Whether a header as written in a file names this column.
    fn matches(&self, header: &str) -> bool {
        // Composed: macOS and some PDFs write å as a + U+030A. A
        // byte-order mark where two files were joined is no part of it.
        let header: String = header
            .trim()
            .trim_start_matches('\u{feff}')
            .nfc()
            .collect::<String>()
            .to_lowercase();
        self.key == header
            || self
                .aliases
                .iter()
                .any(|alias| alias.to_lowercase() == header)
    }

    /// The Swedish header: the first alias, else the key itself.
    fn swedish(&self) -> &'static str {
        self.aliases.first().copied().unwrap_or(self.key)
    }
}

/// One field of a row: its trimmed text and where it starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text, unquoted and trimmed of surrounding white space.
    pub text: String,
    /// The line the field starts on, from 1 (a field after a quoted line break
    /// is on a later line than its row).
    pub line: usize,
    /// The column in characters where the field starts (its opening quote,
    /// when quoted), from 1.
    pub column: usize,
    /// The field's number in its row, from 1 (the spreadsheet's column).
    pub field: usize,
    /// Whether the field is written in quotes, where a delimiter is text.
    pub quoted: bool,
}

impl Cell {
    /// Where the field starts, for a diagnostic.
    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.column)
    }
}

/// One record of the file after the header, with its cells by column key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line the record starts on, from 1 (the header is usually line 1).
    pub line: usize,
    /// The cells present in the record, by column key.
    cells: Vec<(&'static str, Cell)>,
    /// Whether the record has more fields than the header and than most
    /// records, all empty past the header (one that holds anything is an
    /// error): a separator that other lines have not, such as one that
    /// splits a field in two. (Excel gives every line of a file as many.)
    pub overflows: bool,
    /// How many fields the record has.
    fields: usize,
}

impl Row {
    /// The cell of a column, `None` when the file has no such column or the
    /// record ends before it.
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, cell)| cell)
    }

    /// The trimmed text of a column, empty when the cell is missing.
    pub fn text(&self, key: &str) -> &str {
        self.get(key).map_or("", |cell| cell.text.as_str())
    }

    /// Where a column's cell starts, or the row's line when it is missing.
    pub fn pos(&self, key: &str) -> Pos {
        self.get(key).map_or(Pos::line(self.line), Cell::pos)
    }
}

/// A CSV file as read: its rows after the header, blank ones left out.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as the user named it.
    pub path: PathBuf,
    /// The character between fields: ',' or ';'.
    pub delimiter: char,
    /// The records after the header line, in file order.
    pub rows: Vec<Row>,
    /// The SHA-256 of the bytes read, for the manifest.
    pub sha256: String,
}

impl Table {
    /// The file as read, for the manifest.
    pub fn read_file(&self) -> crate::load::ReadFile {
        crate::load::ReadFile {
            path: self.path.clone(),
            sha256: self.sha256.clone(),
        }
    }
}

/// Reads a CSV file of the data folder `data` with the given columns; `None`
/// when it cannot be read or its header is wrong. Rows with a problem are
/// reported and left out.
pub fn read_table(path: &Path, data: &Path, columns: &[Column]) -> (Option<Table>, Diagnostics) {
    match read_bytes(path, data) {
        Ok(bytes) => parse_table(path, &bytes, columns),
        Err(diagnostic) => {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(diagnostic);
            (None, diagnostics)
        }
    }
}

/// Parses the bytes of a CSV file named `path` (see [`read_table`]).
pub fn parse_table(path: &Path, bytes: &[u8], columns: &[Column]) -> (Option<Table>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let table = decode(path, bytes, &mut diagnostics)
        .and_then(|text| parse_text(path, &text, columns, &mut diagnostics))
        .map(|table| Table {
            sha256: crate::manifest::sha256(bytes),
            ..table
        });
    (table, diagnostics)
}

/// Splits decoded text into a table, checking the header against `columns`.
fn parse_text(
    path: &Path,
    text: &str,
    columns: &[Column],
    diagnostics: &mut Diagnostics,
) -> Option<Table> {
    let expected = expected_columns(columns);
    let empty = || {
        Diagnostic::error(
            path,
            Some(Pos::line(1)),
            format!("the file is empty (expected a header line: {expected})"),
        )
    };
    let (delimiter, text) = match sep_line(text) {
        // Blanked rather than cut, so that line numbers stay those of the file.
        Some((delimiter, len)) => (
            Some(delimiter),
            format!("{}{}", " ".repeat(len), text.get(len..).unwrap_or_default()),
        ),
        None => (detect_delimiter(text), text.to_string()),
    };
    let Some(delimiter) = delimiter else {
        diagnostics.push(empty());
        return None;
    };
    // Records are split as they are read, so that a file of a million rows
    // is never held as cells twice, and a bad header stops the reading.
    let mut records = Records::new(path, &text, delimiter);
    let Some(header) = records.next() else {
        if records.problems.is_empty() {
            // Only quotes around nothing.
            diagnostics.push(empty());
        }
        diagnostics.extend(std::mem::take(&mut records.problems));
        return None;
    };
    let keys = match_header(
        path,
        &text,
        &header,
        columns,
        delimiter,
        &expected,
        diagnostics,
    )?;
    let against = Header {
        path,
        columns,
        keys: &keys,
        delimiter,
    };
    let mut rows = Vec::new();
    // Whether each column of the person's own holds anything.
    let mut unread_data = vec![false; keys.len()];
    while let Some(cells) = records.next() {
        // The lines left out before this one, in the file's order: the
        // first 50 errors of a file listed are its first 50 by line.
        diagnostics.extend(std::mem::take(&mut records.problems));
        if let Some(repeated) = against.repeated(&cells) {
            diagnostics.push(repeated.error);
            if repeated.read_on {
                continue;
            }
            break;
        }
        // A line with text after a closing quote has its error; what the
        // csv crate made of it is no answer to read.
        if records.misquoted {
            continue;
        }
        let misfit = against
            .too_many_columns(&cells)
            .or_else(|| against.other_separator(&cells));
        if let Some(error) = misfit {
            diagnostics.push(error);
            continue;
        }
        rows.extend(against.row(cells, &mut unread_data, diagnostics));
    }
    let usual = most_common(rows.iter().map(|row| row.fields));
    for row in &mut rows {
        row.overflows = row.fields > keys.len() && row.fields > usual;
    }
    diagnostics.extend(std::mem::take(&mut records.problems));
    for (i, (cell, _)) in header
        .iter()
        .zip(&keys)
        .enumerate()
        .filter(|(_, (_, key))| **key == Heading::Unread)
    {
        let holds_data = unread_data[i];
        diagnostics.push(unread_column(
            path, cell, columns, &keys, holds_data, &expected,
        ));
    }
    Some(Table {
        path: path.to_path_buf(),
        delimiter: char::from(delimiter),
        rows,
        // (Set by `parse_table`, which has the bytes.)
        sha256: String::new(),
    })
}

/// The number that occurs most often (the smallest of those that tie), 0
/// for none.
fn most_common(numbers: impl Iterator<Item = usize>) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    for n in numbers {
        *counts.entry(n).or_insert(0_usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(n, count)| (count, std::cmp::Reverse(n)))
        .map_or(0, |(n, _)| n)
}

/// A CSV file's text and delimiter as the reader takes them (each line in
/// its own encoding, the `sep=` line or the delimiter found), for showing
/// a line of it under a message; `None` when the bytes are not text. A
/// file in an old code page, which the reader refuses, is shown as
/// Windows-1252 (the message names the letters that read wrong).
pub(crate) fn as_read(path: &Path, bytes: &[u8]) -> Option<(String, char)> {
    let text = encoding::decode(path, bytes, &mut Diagnostics::default()).or_else(|| {
        let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
        (!utf16 && !bytes.contains(&0)).then(|| {
            let text = encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0;
            text.replace("\r\n", "\n").replace('\r', "\n")
        })
    })?;
    let delimiter = sep_line(&text)
        .map(|(delimiter, _)| delimiter)
        .or_else(|| detect_delimiter(&text))
        .unwrap_or(b',');
    Some((text, char::from(delimiter)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::printable::shown;

    // The columns of a responses file, the kind with a column of numbers.
    use crate::load::followup::RESPONSE_COLUMNS as COLUMNS;

    fn parse(bytes: &[u8]) -> (Option<Table>, Diagnostics) {
        parse_table(Path::new("data/2024/responses/x.csv"), bytes, COLUMNS)
    }

    fn messages(diagnostics: &Diagnostics) -> Vec<String> {
        diagnostics.sorted().iter().map(|d| d.to_string()).collect()
    }

    /// The table of a file that must parse without any diagnostic.
    fn clean(bytes: &[u8]) -> Table {
        let (table, diagnostics) = parse(bytes);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        table.expect("a table")
    }

    /// Each row as (line, region, indicator, value, comment).
    fn texts(table: &Table) -> Vec<(usize, &str, &str, &str, &str)> {
        table
            .rows
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.text("region"),
                    r.text("indicator"),
                    r.text("value"),
                    r.text("comment"),
                )
            })
            .collect()
    }

    #[test]
    fn warns_where_swedish_letters_were_saved_twice() {
        // UTF-8 opened in Excel as Windows-1252 and saved as 'CSV UTF-8':
        // each of å, ä, ö is now two characters. Read as written, with a
        // warning at the first such word and the lines of the others.
        let meant = "region,indicator,value,comment\n\
                     Region Skåne,hph-1,7,\"Bra, men svårt\"\n\
                     uppsala,hph-2,5,Klart\n\
                     Region Östergötland,hph-1,6,Ökad samverkan\n";
        let garbled = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(meant.as_bytes())
            .0
            .into_owned();
        let bytes = [b"\xEF\xBB\xBF".as_slice(), garbled.as_bytes()].concat();
        let (table, diagnostics) = parse(&bytes);
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2:8: warning: 'SkÃ¥ne' is most likely 'Skåne' garbled: the file was in UTF-8, was opened as Windows-1252 (as Excel opens one without a byte-order mark) and saved again; it is read as written (so are words on line 4) (correct the letters, or open the file as it was before in Excel through Data > From Text/CSV with file origin '65001: Unicode (UTF-8)' and save it as 'CSV UTF-8')"
            ]
        );
        assert_eq!(texts(&table.expect("a table"))[0].1, "Region SkÃ¥ne");
        // A word before a no-break space, one with Word's quotes and no
        // Swedish letter, and one saved three times over.
        for (meant, twice) in [
            ("Över\u{a0}50\u{a0}%", "Ã–verÂ\u{a0}50Â\u{a0}%"),
            ("”klart”", "â€\u{9d}klartâ€\u{9d}"),
            ("för", "fÃƒÂ¶r"),
            // No Swedish letter at all.
            ("François", "FranÃ§ois"),
            ("500\u{a0}€", "500Â\u{a0}â‚¬"),
        ] {
            let csv = format!("region,indicator,value,comment\nx,hph-1,1,Bra {twice}\n");
            let found = messages(&parse(csv.as_bytes()).1);
            let expected = format!(
                "x.csv:2:15: warning: '{}' is most likely '{meant}' garbled",
                shown(twice)
            );
            assert!(found[0].contains(&expected), "{found:?}");
        }
        // Text that is what it says, whatever its bytes would make in
        // another reading, is no such word: a capital Å and an ellipsis
        // are UTF-8's `Ņ`, with no Swedish letter.
        for text in [
            meant,
            "region,indicator,value,comment\nx,hph-1,1,PÅ… Ã «Å» MALMÖ– Ærø ØRESUND… TRÄ” Müller\n",
        ] {
            assert_eq!(messages(&parse(text.as_bytes()).1), Vec::<String>::new());
        }
    }

    #[test]
    fn reads_excels_swedish_csv_in_windows_1252() {
        let (table, diagnostics) = parse(b"Region;Indikator;V\xe4rde;Kommentar\r\nRegion Sk\xe5ne;hph-1;7,5;\"Bra; men \"\"sv\xe5rt\"\"\"\r\n");
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default) (save it as 'CSV UTF-8' to be sure that every letter reads right)"
            ]
        );
        let table = table.expect("a table");
        assert_eq!(
            texts(&table),
            [(2, "Region Skåne", "hph-1", "7,5", "Bra; men \"svårt\"")]
        );
        let value = table.rows[0].get("value").expect("a value");
        assert_eq!((value.line, value.column, value.field), (2, 20, 3));
    }

    #[test]
    fn reads_each_line_of_a_file_mixing_utf8_and_windows_1252_in_its_encoding() {
        // A UTF-8 file (line 2) to which a line from Excel was appended (line 3).
        let (table, diagnostics) = parse(
            b"region;indicator;value;comment\nskane;hph-1;8;Vi har genomf\xc3\xb6rt\nuppsala;hph-1;7;Sv\xe5rt\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:3: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default), except line 2 in UTF-8, which is read as UTF-8: the file mixes two encodings (save it as 'CSV UTF-8' to be sure that every letter reads right)"
            ]
        );
        let table = table.expect("a table");
        assert_eq!(table.rows[0].text("comment"), "Vi har genomfört");
        assert_eq!(table.rows[1].text("comment"), "Svårt");
        // The same with an old Mac's line breaks, CR alone.
        let (table, diagnostics) = parse(
            b"region;indicator;value;comment\rskane;hph-1;8;Vi har genomf\xc3\xb6rt\ruppsala;hph-1;7;Sv\xe5rt\r",
        );
        assert!(
            messages(&diagnostics)[0].starts_with("data/2024/responses/x.csv:3: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default), except line 2 in UTF-8"),
            "{diagnostics}"
        );
        let table = table.expect("a table");
        assert_eq!(table.rows[0].text("comment"), "Vi har genomfört");
        assert_eq!(table.rows[1].text("comment"), "Svårt");
    }

    #[test]
    fn a_utf8_line_with_what_windows_1252_lacks_is_read_as_utf8() {
        // Appended to a file from Excel: a line with an arrow, which
        // Windows-1252 has no byte for, and more Swedish letters in UTF-8
        // than in Windows-1252; a Polish name, which Windows-1252 would
        // read with a byte it has no character for.
        let bytes = [
            b"region;indicator;value;comment\nskane;hph-1;8;Sv\xe5rt\n".as_slice(),
            "uppsala;hph-1;7;Målet → uppfyllt\ngavleborg;hph-1;6;Łódź\n".as_bytes(),
            "halland;hph-1;5;Jiří Dvořák\nkalmar;hph-1;4;Gdańsk\n".as_bytes(),
            // Nothing Swedish, and nothing Windows-1252 has, but in pairs
            // only UTF-8 makes; a letter with its mark apart.
            "orebro;hph-1;3;Şahin, HbA1c ≤ 52, β\ndalarna;hph-1;2;– 50 % → 60 %\n".as_bytes(),
            "skane;hph-2;1;Malmo\u{308}\n".as_bytes(),
            // Windows-1252 capitals before '…', three times.
            b"blekinge;hph-1;1;UME\xc5\x85 PITE\xc5\x85 LULE\xc5\x85\n",
        ]
        .concat();
        let (table, diagnostics) = parse(&bytes);
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default), except lines 3, 4, 5 and 4 more in UTF-8, which are read as UTF-8: the file mixes two encodings (save it as 'CSV UTF-8' to be sure that every letter reads right)"
            ]
        );
        let comments: Vec<&str> = table
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .map(|r| r.text("comment"))
            .collect();
        assert_eq!(
            comments,
            [
                "Svårt",
                "Målet → uppfyllt",
                "Łódź",
                "Jiří Dvořák",
                "Gdańsk",
                "Şahin, HbA1c ≤ 52, β",
                "– 50 % → 60 %",
                "Malmo\u{308}",
                "UMEÅ… PITEÅ… LULEÅ…"
            ]
        );
    }

    #[test]
    fn a_windows_1252_file_that_happens_to_be_utf8_is_warned_about() {
        // Excel's Windows-1252, whose only letters beyond ASCII are
        // capitals before '…': valid UTF-8, read so ("UMEŅ", which
        // prints), with a warning that gives both readings.
        let (table, diagnostics) = parse(
            b"region;indicator;value;comment\nskane;hph-1;8;KLART I UME\xc5\x85\nuppsala;hph-1;7;Ok\ngavleborg;hph-1;6;P\xc5\xa0PLATS\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2: warning: the line reads 'skane;hph-1;8;KLART I UMEŅ' in UTF-8, as it is read, and 'skane;hph-1;8;KLART I UMEÅ…' in Windows-1252, in which Excel may have saved the file (so may line 4) (if the Windows-1252 reading is the one meant, save the file as 'CSV UTF-8')"
            ]
        );
        assert_eq!(
            table.expect("a table").rows[0].text("comment"),
            "KLART I UMEŅ"
        );
        // Where the file shows UTF-8 elsewhere, or the line has more.
        for text in [
            "region;indicator;value;comment\nskane;hph-1;8;Škoda\nuppsala;hph-1;7;Svårt\n",
            "region;indicator;value;comment\nskane;hph-1;8;Škoda → Åre\n",
            "region;indicator;value;comment\nskane;hph-1;8;Gdańsk\n",
        ] {
            assert_eq!(
                messages(&parse(text.as_bytes()).1),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_windows_1252_line_that_happens_to_be_utf8_is_read_as_windows_1252() {
        // Pure Windows-1252: one line has no letter outside ASCII before
        // a byte that UTF-8 would take for the rest of a character.
        let (table, diagnostics) = parse(
            b"region;indicator;value;comment\nskane;hph-1;8;MALM\xd6\x85\nuppsala;hph-1;7;P\xc5\xa0plats, CAF\xc9\x85\ngavleborg;hph-1;6;Sv\xe5rt\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2: warning: the file is not UTF-8; read as Windows-1252 (Excel's Swedish default) (save it as 'CSV UTF-8' to be sure that every letter reads right)"
            ]
        );
        let comments: Vec<&str> = table
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .map(|r| r.text("comment"))
            .collect();
        assert_eq!(comments, ["MALMÖ…", "PÅ\u{a0}plats, CAFÉ…", "Svårt"]);
    }

    #[test]
    fn reads_utf8_with_and_without_a_byte_order_mark() {
        let with_bom = clean("\u{feff}region,indicator,value\nskane,hph-1,8\n".as_bytes());
        assert_eq!(texts(&with_bom), [(2, "skane", "hph-1", "8", "")]);
        let without = clean("region;indicator;värde\nskane;hph-1;8".as_bytes());
        assert_eq!(texts(&without), [(2, "skane", "hph-1", "8", "")]);
    }

    #[test]
    fn matches_headers_in_any_case_with_spaces_in_either_language() {
        let table =
            clean("  REGION , Indikator,VÄRDE ,  kommentar  \ngavleborg,hph-2,5,ok\n".as_bytes());
        assert_eq!(texts(&table), [(2, "gavleborg", "hph-2", "5", "ok")]);
        let table = clean(b"Comment,Value,Indicator,Region\nno,5,hph-2,gavleborg\n");
        assert_eq!(texts(&table), [(2, "gavleborg", "hph-2", "5", "no")]);
    }

    #[test]
    fn skips_blank_lines_and_rows_of_delimiters() {
        let table = clean(b"\n\nregion;indicator;value;comment\n;;;\n\nskane;hph-1;8;\n  \n;;;\nhalland;hph-1;6;\n;;;\n");
        assert_eq!(
            texts(&table),
            [
                (6, "skane", "hph-1", "8", ""),
                (9, "halland", "hph-1", "6", "")
            ]
        );
    }

    #[test]
    fn keeps_quoted_delimiters_quotes_and_line_breaks() {
        let table = clean(
            b"region,indicator,value,comment\r\n\
              skane,hph-1,8,\"one, two\"\r\n\
              skane,hph-2,7,\"she said \"\"#hej\"\" $x$\"\r\n\
              skane,hph-3,6,\"line one\r\nline two\r\n\r\nline four\"\r\n\
              skane,hph-4,5,after\r\n",
        );
        assert_eq!(
            texts(&table),
            [
                (2, "skane", "hph-1", "8", "one, two"),
                (3, "skane", "hph-2", "7", "she said \"#hej\" $x$"),
                (4, "skane", "hph-3", "6", "line one\nline two\n\nline four"),
                (8, "skane", "hph-4", "5", "after"),
            ]
        );
    }

    #[test]
    fn locates_a_field_after_a_quoted_line_break_on_its_own_line() {
        let table = clean(b"region;comment;indicator;value\nskane;\"two\nlines\";hph-1;x\n");
        let row = &table.rows[0];
        assert_eq!(row.line, 2);
        assert_eq!(row.get("value").map(Cell::pos), Some(Pos::new(3, 14)));
        assert_eq!(row.pos("indicator"), Pos::new(3, 8));
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_kept() {
        let table = clean(b"region,indicator,value,comment\nskane,hph-1,8,a \"b\" c\n");
        assert_eq!(table.rows[0].text("comment"), "a \"b\" c");
    }

    #[test]
    fn missing_trailing_cells_are_absent() {
        let table = clean(b"region,indicator,value,comment\nskane,hph-1\n");
        let row = &table.rows[0];
        assert_eq!(row.get("value"), None);
        assert_eq!(row.text("value"), "");
        assert_eq!(row.pos("value"), Pos::line(2));
    }

    #[test]
    fn reports_an_unknown_header_with_a_suggestion() {
        let (table, diagnostics) =
            parse("region;indikator;vrde;kommentar\nskane;hph-1;8;\n".as_bytes());
        // Its column read as the one meant, so that the rows are checked
        // in the same run.
        let table = table.expect("the rows are read");
        assert_eq!(table.rows[0].text("value"), "8");
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1:18: error: unknown column 'vrde' (expected region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar) (did you mean 'värde'?)",
            ]
        );
    }

    #[test]
    fn misspelt_names_over_a_header_are_a_title_and_two_for_one_column_are_read_as_none() {
        let (table, diagnostics) = parse(
            "Regioner;Indikatorer;Värden\nregion;indicator;value\nuppsala;hph-1;5\n".as_bytes(),
        );
        assert!(table.is_none());
        let all = messages(&diagnostics);
        assert_eq!(all.len(), 1, "{all:#?}");
        assert!(
            all[0].starts_with("data/2024/responses/x.csv:1: error: the first line is not a header line")
                && all[0].ends_with("(line 2 looks like the header line: remove the lines above it, and the rows are read by it)"),
            "{all:#?}"
        );
        // Two misspellings of one column: neither is read as it.
        let (table, diagnostics) =
            parse("region;indicator;Vrde;Värd\nuppsala;hph-1;x;6\n".as_bytes());
        assert!(table.is_none());
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1:18: error: unknown column 'Vrde' (expected region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar) (did you mean 'värde'?)",
                "data/2024/responses/x.csv:1:23: error: unknown column 'Värd' (expected region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar) (did you mean 'värde'? So may 'Vrde' in column 3: name the one to read 'värde', and the rows are checked then)",
            ]
        );
        // A name with a year added is another column, last year's values.
        let (table, diagnostics) =
            parse("region;indicator;Värde 2023;Värde 2024\nuppsala;hph-1;x;6\n".as_bytes());
        assert!(table.is_none());
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1: error: the header line has no column 'value' (or 'värde') (its columns are 'region', 'indicator', 'Värde 2023', 'Värde 2024') (the rows are checked once the header line is right)",
            ]
        );
    }

    #[test]
    fn a_column_of_ones_own_is_read_past_with_a_warning() {
        // The question's text beside its id, or the region's name beside
        // its id: not read, and not in the way.
        let (table, diagnostics) = parse(
            "region;Regionnamn;indikator;Fråga;värde;kommentar\n\
             skane;Region Skåne;hph-1;Standard 1;8;Bra\n"
                .as_bytes(),
        );
        let table = table.expect("the file is read");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].text("value"), "8");
        assert_eq!(table.rows[0].text("comment"), "Bra");
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1:8: warning: the column 'Regionnamn' is not read (the columns read are region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar)",
                "data/2024/responses/x.csv:1:29: warning: the column 'Fråga' is not read (the columns read are region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar)",
            ]
        );
    }

    #[test]
    fn a_column_of_ones_own_may_be_the_comment_column_a_file_lacks() {
        // "Regionens kommentar" in place of "kommentar": its comments would
        // be lost with only a warning. An empty column ("Column1", as
        // Excel names one) holds nothing to lose.
        let (_, diagnostics) = parse(
            "region;indikator;värde;Regionens kommentar;Column1\n\
             skane;hph-1;8;Viktig kommentar;\n"
                .as_bytes(),
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1:24: error: the column 'Regionens kommentar' is not read, and the file has no column 'kommentar' (or 'comment') (if it holds what 'kommentar' (or 'comment') holds, name it so; if not, delete it, or add an empty column 'kommentar' (or 'comment'))",
                "data/2024/responses/x.csv:1:44: warning: the column 'Column1' is not read (the columns read are region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar)",
            ]
        );
        assert!(diagnostics.has_errors());
        // Two such files joined: the first line is still the header, and
        // the third its repetition, whatever the order of its columns and
        // whether it has more of them.
        let (_, diagnostics) = parse(
            "region;Regionnamn;indikator;värde\n\
             skane;Region Skåne;hph-1;8\n\
             indikator;region;värde;kommentar\n\
             hph-1;gavleborg;5;\n"
                .as_bytes(),
        );
        let all = messages(&diagnostics);
        assert_eq!(
            all[..2],
            [
                "data/2024/responses/x.csv:1:8: error: the column 'Regionnamn' is not read, and the file has no column 'kommentar' (or 'comment') (if it holds what 'kommentar' (or 'comment') holds, name it so; if not, delete it, or add an empty column 'kommentar' (or 'comment'))",
                "data/2024/responses/x.csv:3: error: the header line is repeated here (expected one header line, at the top) (were two files with other columns joined into one? save each as a file of its own; the lines below are not read)",
            ],
            "{all:#?}"
        );
        // A trailing delimiter does not make other columns.
        let (_, diagnostics) = parse(
            "region;indikator;värde;kommentar\n\
             skane;hph-1;5;a\n\
             region;indikator;värde;kommentar;\n\
             gavleborg;hph-1;7;b;\n"
                .as_bytes(),
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:3: error: the header line is repeated here (expected one header line, at the top) (were two files joined into one? remove this line)",
            ]
        );
        let (_, diagnostics) = parse(
            "region;indikator;värde\n\
             skane;hph-1;8\n\
             region;indikator;värde;kommentar\n\
             gavleborg;hph-1;5;Bra\n"
                .as_bytes(),
        );
        // The second file's rows are not read against the first's header
        // (each would have had 'too many columns').
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:3: error: the header line is repeated here (expected one header line, at the top) (were two files with other columns joined into one? save each as a file of its own; the lines below are not read)",
            ]
        );
    }

    #[test]
    fn a_joined_files_header_is_found_in_any_order_of_columns() {
        // The second file has no column of its own, and its columns in
        // another order: still a header line, not a row of 'region'.
        let (_, diagnostics) = parse(
            "region;Regionnamn;indikator;värde;kommentar\n\
             skane;Region Skåne;hph-1;8;Bra\n\
             indikator;region;värde;kommentar\n\
             hph-1;gavleborg;5;\n"
                .as_bytes(),
        );
        let all = messages(&diagnostics);
        assert!(
            all.iter().any(|m| m.starts_with(
                "data/2024/responses/x.csv:3: error: the header line is repeated here"
            )),
            "{all:#?}"
        );
    }

    #[test]
    fn reports_a_repeated_header() {
        let (table, diagnostics) = parse(b"region,indicator,value,Indikator\n");
        assert!(table.is_none());
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1:24: error: the column 'indicator' appears twice (first as 'indicator' in column 2) (the rows are checked once the header line is right)"
            ]
        );
    }

    #[test]
    fn a_one_column_file_names_the_expected_columns_and_delimiters() {
        let (table, diagnostics) = parse(b"region\tindicator\tvalue\nskane\thph-1\t8\n");
        assert!(table.is_none());
        let all = messages(&diagnostics);
        assert_eq!(all.len(), 1);
        assert!(
            all[0].starts_with(
                "data/2024/responses/x.csv:1: error: the header line is a single column 'region<U+0009>indicator<U+0009>value' (expected the columns region, indicator, value, comment separated by ',' or ';')"
            ),
            "{all:?}"
        );
        assert!(all[0].ends_with("seems to be separated by tabs; in Excel, save it as 'CSV UTF-8' or 'CSV (semikolonavgränsad)')"));
    }

    #[test]
    fn a_header_mixing_delimiters_is_one_clear_error() {
        let (table, diagnostics) =
            parse("region,indikator;värde;kommentar\nskane,hph-1;8;\n".as_bytes());
        assert!(table.is_none());
        let all = messages(&diagnostics);
        assert_eq!(all.len(), 1);
        assert!(all[0].starts_with("data/2024/responses/x.csv:1:1: error: the header line mixes ',' and ';' in 'region,indikator' (expected the columns region, indicator"), "{all:?}");
    }

    #[test]
    fn a_quoted_header_may_hold_the_other_delimiter() {
        // A column of the region's own, its name explained in brackets.
        let (table, diagnostics) = parse(
            "region;indikator;värde;kommentar;\"Fråga, som i mallen\"\nskane;hph-1;8;;x\n"
                .as_bytes(),
        );
        let all = messages(&diagnostics);
        assert_eq!(table.expect("read").rows.len(), 1, "{all:?}");
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(
            all[0].starts_with(
                "data/2024/responses/x.csv:1:34: warning: the column 'Fråga, som i mallen' is not read"
            ),
            "{all:?}"
        );
    }

    #[test]
    fn an_empty_file_asks_for_a_header() {
        for bytes in [
            &b""[..],
            b"\xEF\xBB\xBF",
            b"\r\n\r\n",
            b";;;\n;;;\n",
            b"  \n",
            b"\"\"\n",
        ] {
            let (table, diagnostics) = parse(bytes);
            assert!(table.is_none());
            assert_eq!(
                messages(&diagnostics),
                [
                    "data/2024/responses/x.csv:1: error: the file is empty (expected a header line: region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar)"
                ]
            );
        }
    }

    #[test]
    fn an_excel_sep_line_names_the_delimiter() {
        let table = clean(b"sep=;\r\nregion;indicator;value;comment\r\nskane;hph-1;8,5;a, b\r\n");
        assert_eq!(texts(&table), [(3, "skane", "hph-1", "8,5", "a, b")]);
        assert_eq!(table.rows[0].pos("value"), Pos::new(3, 13));
    }

    #[test]
    fn a_header_alone_gives_no_rows() {
        assert!(clean(b"region,indicator,value\n").rows.is_empty());
    }

    #[test]
    fn too_many_fields_is_an_error_at_the_line_and_other_rows_are_kept() {
        let (table, diagnostics) = parse(
            b"region,indicator,value,comment\nskane,hph-1,8,good, but slow\nskane,hph-2,7,\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2:21: error: the line has 5 columns but the header has 4 (found 'but slow' after the last column) (a text that contains ',' must be put in double quotes)"
            ]
        );
        assert_eq!(
            texts(&table.expect("a table")),
            [(3, "skane", "hph-2", "7", "")]
        );
    }

    #[test]
    fn a_last_number_split_at_its_decimal_comma_is_named() {
        // A file of ',' without a comment column: '45,5' unquoted is two
        // fields. Not so a text, nor a year after a number, nor a ';' file.
        let (_, diagnostics) = parse(
            b"region,indicator,value\nskane,hph-1,45,5\nskane,hph-2,1 234,50 %\n\
              skane,hph-3,8,good\nskane,hph-4,8,2024\nskane,hph-5,1,250\n\
              skane,hph-6,0,125\nskane,hph-7,1,250 %\nskane,hph-8,1 234,567\n\
              skane,hph-9,12345,678\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2:13: error: '45' and '5' after it are one number, 45,5, split at its decimal comma: the line has 4 columns but the header has 3 (write \"45,5\" in double quotes, or 45.5)",
                "data/2024/responses/x.csv:3:13: error: '1 234' and '50 %' after it are one number, 1 234,50 %, split at its decimal comma: the line has 4 columns but the header has 3 (write \"1 234,50 %\" in double quotes, or 1 234.50 %)",
                "data/2024/responses/x.csv:4:15: error: the line has 4 columns but the header has 3 (found 'good' after the last column) (a text that contains ',' must be put in double quotes)",
                "data/2024/responses/x.csv:5:15: error: the line has 4 columns but the header has 3 (found '2024' after the last column) (a text that contains ',' must be put in double quotes)",
                // Three digits after the comma may be thousands.
                "data/2024/responses/x.csv:6:13: error: '1' and '250' after it are one number, 1,250, split at its decimal comma: the line has 4 columns but the header has 3 (write 1 250 for the thousands, or \"1,250\" in double quotes for the decimal)",
                // Not so where it begins with 0, nor a percentage.
                "data/2024/responses/x.csv:7:13: error: '0' and '125' after it are one number, 0,125, split at its decimal comma: the line has 4 columns but the header has 3 (write \"0,125\" in double quotes, or 0.125)",
                "data/2024/responses/x.csv:8:13: error: '1' and '250 %' after it are one number, 1,250 %, split at its decimal comma: the line has 4 columns but the header has 3 (write \"1,250 %\" in double quotes, or 1.250 %)",
                // The thousands as the hint writes them: 1 234 567, not 12345 678.
                "data/2024/responses/x.csv:9:13: error: '1 234' and '567' after it are one number, 1 234,567, split at its decimal comma: the line has 4 columns but the header has 3 (write 1 234 567 for the thousands, or \"1 234,567\" in double quotes for the decimal)",
                "data/2024/responses/x.csv:10:13: error: '12345' and '678' after it are one number, 12345,678, split at its decimal comma: the line has 4 columns but the header has 3 (write \"12345,678\" in double quotes, or 12345.678)",
            ]
        );
    }

    #[test]
    fn empty_fields_after_the_last_column_are_ignored() {
        let table = clean(b"region;indicator;value;comment\nskane;hph-1;8;;;\n");
        assert_eq!(texts(&table), [(2, "skane", "hph-1", "8", "")]);
    }

    #[test]
    fn a_row_with_the_other_delimiter_is_named() {
        // Also where its comment holds the file's own separator, which
        // splits the line in two; a comment holding the other one is text.
        let (table, diagnostics) = parse(
            b"region,indicator,value,comment\n\
              skane;hph-1;8\n\
              skane;hph-2;6;Bra, men kan bli b\xc3\xa4ttre\n\
              skane,hph-3,7,Bra; men kan bli b\xc3\xa4ttre\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2:1: error: the line is a single column (expected columns separated by ',', as in the header, but the line uses ';')",
                "data/2024/responses/x.csv:3:1: error: the line has 2 columns (expected columns separated by ',', as in the header, but the line uses ';')",
            ]
        );
        assert_eq!(texts(&table.expect("read")).len(), 1);
        // A first column of one's own, not read, may hold it.
        let (table, diagnostics) = parse(
            "Fråga;region;indicator;value;comment\nStandard 1, åtagande;skane;hph-1;3\n".as_bytes(),
        );
        assert!(
            messages(&diagnostics).iter().all(|m| m.contains("warning")),
            "{diagnostics}"
        );
        assert_eq!(
            texts(&table.expect("read")),
            [(2, "skane", "hph-1", "3", "")]
        );
    }

    #[test]
    fn a_value_under_an_empty_header_is_an_error() {
        let (_, diagnostics) = parse(b"region;indicator;value;;\nskane;hph-1;8;;x\n");
        assert_eq!(
            messages(&diagnostics),
            ["data/2024/responses/x.csv:2:16: error: found 'x' in column 5, which has no header"]
        );
    }

    #[test]
    fn an_unclosed_quote_is_an_error_where_it_opens() {
        let (_, diagnostics) = parse(
            b"region,indicator,value,comment\nskane,hph-1,8,\"never closed\nskane,hph-2,7,\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2:15: error: a quoted field starts here but its closing '\"' is missing (a '\"' inside a quoted field must be doubled: \"\")"
            ]
        );
    }

    #[test]
    fn a_quote_left_open_is_an_error_where_it_opens_though_a_later_quote_closes_it() {
        // The quote of line 3 is closed by the first quote of line 5, which
        // text follows; lines 3 to 5 are one misquoted record, line 6 is read.
        let (table, diagnostics) = parse(
            b"region,indicator,value,comment\n\
              skane,hph-1,8,\n\
              skane,hph-2,7,\"Vi kallar det \"\"n\xc3\xa4ra v\xc3\xa5rd, men\n\
              skane,hph-3,6,\n\
              skane,f1-data,Delvis,\"Delvis, i budgeten.\"\n\
              skane,hph-4,5,\n",
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:3:15: error: the quoted field that starts here ends on line 5 with text after its closing '\"' (expected ',' or the end of the line after it); lines 3 to 5 are left out (if the field ends on this line, its closing '\"' is missing here; else put the whole field in quotes, and double each '\"' inside it)"
            ]
        );
        let lines: Vec<usize> = table.expect("read").rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 6]);
    }

    #[test]
    fn text_after_a_closing_quote_gets_a_hint_with_the_fields_own_text() {
        let hint = |line: &[u8]| {
            let text = [b"region;indicator;value;comment\n".as_slice(), line].concat();
            let (_, diagnostics) = parse(&text);
            let message = messages(&diagnostics).join("\n");
            message
                .rsplit_once(" (")
                .map(|(_, hint)| hint.trim_end_matches(')').to_string())
                .unwrap_or(message)
        };
        assert_eq!(
            hint(b"skane;hph-1;8;\"hej\" du\r\n"),
            "put the whole field in quotes, and double each '\"' inside it: \"\"\"hej\"\" du\""
        );
        // A decimal comma after the quotes, in a file separated by ';'.
        assert_eq!(
            hint(b"skane;f2-moten;\"4\",5;\n"),
            "write the number without quotes, 4,5, or quote it whole: \"4,5\""
        );
        // No number comes of taking the quotes out: the field is quoted.
        assert_eq!(
            hint(b"skane;f2-moten;\"4,5\",5;\n"),
            "put the whole field in quotes, and double each '\"' inside it: \"\"\"4,5\"\",5\""
        );
        // Quotes doubled inside: the outer ones were meant as CSV's.
        assert_eq!(
            hint(b"skane;hph-1;5;\"Vi sa \"\"ja\"\" till\" allt\n"),
            "put the whole field in quotes, and double each '\"' inside it: \"Vi sa \"\"ja\"\" till allt\""
        );
    }

    #[test]
    fn workbooks_and_utf16_are_refused() {
        let (table, diagnostics) = parse(b"PK\x03\x04\x14\x00\x06\x00");
        assert!(table.is_none());
        assert!(messages(&diagnostics)[0].contains("is it an Excel workbook?"));
        let (table, diagnostics) = parse(b"\xFF\xFEr\x00e\x00");
        assert!(table.is_none());
        assert!(messages(&diagnostics)[0].contains("UTF-16"));
        // One NUL in a text is named at its line.
        let mut text = b"region;indikator;v\xe4rde\n".to_vec();
        for region in ["skane", "uppsala", "gavleborg", "halland", "dalarna"] {
            text.extend_from_slice(format!("{region};hph-1;5\n").as_bytes());
        }
        text.extend_from_slice(b"skane;f1-data;ja\x00\n");
        let (table, diagnostics) = parse(&text);
        assert!(table.is_none());
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:7: error: the line holds a NUL character (a byte 0), which a CSV file has not (delete it, or save the file again from Excel as 'CSV UTF-8')"
            ]
        );
        // So is each in a short file, where one byte is more than 1 %.
        let (_, diagnostics) = parse(
            b"region;indikator;v\xe4rde\nskane;f1-data;ja\x00\nskane;hph-1;5\n\x00\x00skane;hph-2;\x005\nskane;hph-3;5\nskane;hph-4;5\n",
        );
        let nul = |line: usize| {
            format!(
                "data/2024/responses/x.csv:{line}: error: the line holds a NUL character (a byte 0), which a CSV file has not (delete it, or save the file again from Excel as 'CSV UTF-8')"
            )
        };
        assert_eq!(messages(&diagnostics), [nul(2), nul(4)]);
        // An old Excel workbook, and a file that is one part in twenty
        // control characters, are no text.
        for bytes in [
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00region;indikator;v\xe4rde\n"[..],
            b"\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03region;indikator;v\xe4rde\n",
            b"r\x00e\x00g\x00i\x00o\x00n\x00;\x00",
        ] {
            let (_, diagnostics) = parse(bytes);
            assert!(
                messages(&diagnostics)[0].contains("is it an Excel workbook?"),
                "{:?}",
                messages(&diagnostics)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn no_input_makes_the_reader_panic(bytes in proptest::collection::vec(
            proptest::sample::select(b"\"\";;,,\n\r \t\xe5\xc3region,indicator;value%".to_vec()),
            0..120,
        )) {
            let (table, diagnostics) = parse(&bytes);
            proptest::prop_assert!(table.is_some() || diagnostics.has_errors());
        }

    }

    #[test]
    fn reads_a_file_and_reports_a_missing_one() {
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "region,indicator,value\nskane,hph-1,8\n").expect("written");
        let (table, diagnostics) = read_table(&path, dir.path(), COLUMNS);
        assert!(diagnostics.is_empty());
        assert_eq!(table.map(|t| (t.path, t.rows.len())), Some((path, 1)));

        let (table, diagnostics) = read_table(&dir.path().join("missing.csv"), dir.path(), COLUMNS);
        assert!(table.is_none());
        assert!(
            messages(&diagnostics)[0]
                .ends_with("missing.csv: error: cannot read the file (it does not exist)")
        );
    }
}
