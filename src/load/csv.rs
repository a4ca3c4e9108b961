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

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, Diagnostics, Pos, suggest};
use crate::load::printable::{for_message, shown};
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
        .and_then(|text| parse_text(path, &text, columns, &mut diagnostics));
    (table, diagnostics)
}

/// The text of the file, with every line break made `\n`; `None` (and an
/// error) when the bytes are not text that Excel or a script would write.
fn decode(path: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Option<String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        diagnostics.push(
            Diagnostic::error(
                path,
                None,
                "the file is UTF-16 text (Excel's 'Unicode text'), expected CSV",
            )
            .with_hint("in Excel, save it as 'CSV UTF-8' or 'CSV (semikolonavgränsad)'"),
        );
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        diagnostics.push(
            Diagnostic::error(
                path,
                None,
                "the file is not text (is it an Excel workbook?), expected CSV",
            )
            .with_hint("in Excel, save it as 'CSV UTF-8' or 'CSV (semikolonavgränsad)'"),
        );
        return None;
    }
    // Scripts on Windows end lines with CR LF and old Mac files with CR alone;
    // one kind of line break keeps line numbers and comments the same
    // everywhere. (Neither encoding uses these bytes inside a character.)
    let bytes = one_kind_of_line_break(bytes);
    let bytes = bytes.as_slice();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(warning) = windows_twin_warning(path, text) {
                diagnostics.push(warning);
            }
            text.to_string()
        }
        Err(_) => {
            let Decoded {
                text,
                utf8_lines,
                first_1252_line,
            } = lines_in_either_encoding(bytes);
            let message = match utf8_lines.as_slice() {
                [] => {
                    "the file is not UTF-8; read as Windows-1252 (Excel's Swedish default)".into()
                }
                // Such a file was most likely UTF-8 until something else was
                // pasted or appended (or the other way round).
                lines => format!(
                    "the file is not UTF-8; read as Windows-1252 (Excel's Swedish default), \
                     except {} in UTF-8, which {} read as UTF-8: the file mixes two encodings",
                    line_list(lines),
                    if lines.len() == 1 { "is" } else { "are" },
                ),
            };
            diagnostics.push(
                Diagnostic::warning(path, Some(Pos::line(first_1252_line)), message)
                    .with_hint("save it as 'CSV UTF-8' to be sure that every letter reads right"),
            );
            text
        }
    };
    if let Some(warning) = saved_twice_warning(path, &text) {
        diagnostics.push(warning);
    }
    Some(text)
}

/// A warning for a file that is valid UTF-8 but may be Windows-1252 all the
/// same: Excel's file whose only letters beyond ASCII are Nordic capitals
/// before '…', '”' or a no-break space ("KLART I UMEÅ…" reads as "KLART I
/// UMEŅ" in UTF-8), a reading that prints and may pass unseen. It comes
/// only where nothing else in the file shows UTF-8 (a Swedish letter, or a
/// pair only UTF-8 makes), and where every character beyond ASCII of a
/// line is such a pair; the file is read as UTF-8, at the first such line,
/// with the others named.
fn windows_twin_warning(path: &Path, text: &str) -> Option<Diagnostic> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_ascii())
        .map(|(i, line)| (i + 1, line))
        .collect();
    let utf8_shown = |line: &str| shows_utf8(line, &windows_1252(line.as_bytes()));
    if lines.is_empty() || lines.iter().any(|(_, line)| utf8_shown(line)) {
        return None;
    }
    let mut twins = lines.into_iter().filter(|(_, line)| is_windows_twin(line));
    let (first, line) = twins.next()?;
    let more: Vec<usize> = twins.map(|(number, _)| number).collect();
    let also = also_on("so may", &more);
    Some(
        Diagnostic::warning(
            path,
            Some(Pos::line(first)),
            format!(
                "the line reads '{}' in UTF-8, as it is read, and '{}' in Windows-1252, in which \
                 Excel may have saved the file{also}",
                for_message(line),
                for_message(&windows_1252(line.as_bytes())),
            ),
        )
        .with_hint("if the Windows-1252 reading is the one meant, save the file as 'CSV UTF-8'"),
    )
}

/// Whether every character beyond ASCII of a UTF-8 line is what a Nordic
/// capital and the punctuation or space after it make in Windows-1252
/// (`Å…` is `Ņ`), none after a small letter (see [`windows_twin_warning`]).
fn is_windows_twin(line: &str) -> bool {
    let mut previous = ' ';
    line.chars().all(|c| {
        let mut utf8 = [0; 4];
        let twin = match c.encode_utf8(&mut utf8).as_bytes() {
            [_] => true,
            [lead, next] => {
                let pair = windows_1252(&[*lead, *next]);
                let mut pair = pair.chars();
                matches!(pair.next(), Some('Ä' | 'Å' | 'Ö' | 'É' | 'Ü' | 'Æ' | 'Ø'))
                    && pair
                        .next()
                        .is_some_and(|after| AFTER_A_CAPITAL.contains(after))
                    && !previous.is_lowercase()
            }
            _ => false,
        };
        previous = c;
        twin
    })
}

/// A warning where words of the text read as Swedish letters in UTF-8 taken
/// for Windows-1252 (`SkÃ¥ne` for `Skåne`): a file in UTF-8 without a
/// byte-order mark, opened in Excel, which took it for Windows-1252, then
/// saved again. The text is read as it is, at the first such word, with
/// the other lines that have one.
fn saved_twice_warning(path: &Path, text: &str) -> Option<Diagnostic> {
    let mut found = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_ascii())
        .filter_map(|(i, line)| first_saved_twice(line).map(|word| (i + 1, word)));
    let (line, (column, word, meant)) = found.next()?;
    let more: Vec<usize> = found.map(|(line, _)| line).collect();
    let also = also_on("so are words on", &more);
    Some(
        Diagnostic::warning(
            path,
            Some(Pos {
                line,
                column: Some(column),
            }),
            format!(
                "'{}' is most likely '{}' garbled: the file was in UTF-8, was opened as \
                 Windows-1252 (as Excel opens one without a byte-order mark) and saved again; \
                 it is read as written{also}",
                for_message(word),
                for_message(&meant),
            ),
        )
        .with_hint(
            "correct the letters, or open the file as it was before in Excel through Data > \
             From Text/CSV with file origin '65001: Unicode (UTF-8)' and save it as 'CSV UTF-8'",
        ),
    )
}

/// The first word of `line` that reads as text saved twice (see
/// [`saved_twice_warning`]), with its column (in characters, from 1) and
/// what it was. Words are parted by ASCII white space and the file's
/// marks, not by a no-break space: saved twice, one (`50 %`) leaves an
/// `Â` at the end of the word before it.
fn first_saved_twice(line: &str) -> Option<(usize, &str, String)> {
    let separator = |c: char| c.is_ascii_whitespace() || matches!(c, ',' | ';' | '"');
    let mut column = 1;
    for piece in line.split_inclusive(separator) {
        let word = piece.trim_end_matches(separator);
        if let Some(meant) = saved_twice(word) {
            return Some((column, word, meant));
        }
        column += piece.chars().count();
    }
    None
}

/// What `word` was, where it is text in UTF-8 read as Windows-1252, once
/// or more (`fÃƒÂ¶r`): its characters, written in Windows-1252, are
/// UTF-8 (and so on, while they are), and that reading is what only a
/// garbled word would give: it has more of the Swedish letters than the
/// word (`Ã¥` is `å`), or the word has what only garbling makes: `â€`,
/// the start of `–`, `”` or `…`, or a character Windows-1252 has no byte
/// for (`”` is `â€` and U+009D). Other text whose bytes happen to be
/// UTF-8 (`Å…` is `Ņ`) is none of these.
fn saved_twice(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let mut meant = read_as_utf8(word)?;
    // Saved three times over is as far as anyone goes.
    for _ in 0..2 {
        match read_as_utf8(&meant) {
            Some(earlier) => meant = earlier,
            None => break,
        }
    }
    let garbled = swedish_letters(&meant) > swedish_letters(word) || shows_utf8_pairs(word);
    garbled.then_some(meant)
}

/// `text` written in Windows-1252 and read as UTF-8, where it is that and
/// reads otherwise.
fn read_as_utf8(text: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    if unmappable {
        return None;
    }
    let utf8 = std::str::from_utf8(&bytes).ok()?;
    (utf8 != text).then(|| utf8.to_string())
}

/// Whether `c` stands for one of the five bytes Windows-1252 has no
/// character for: no Windows program writes them, but reading UTF-8 as
/// Windows-1252 gives them (`Ł` is `Å` and U+0081).
fn has_no_windows_byte(c: char) -> bool {
    matches!(c, '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}')
}

/// How many of the letters Swedish text has beyond ASCII `text` holds.
fn swedish_letters(text: &str) -> usize {
    const LETTERS: &str = "åäöÅÄÖéÉüÜæøÆØ";
    text.chars().filter(|c| LETTERS.contains(*c)).count()
}

/// The bytes with every CR LF and every CR alone made LF.
fn one_kind_of_line_break(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\r' {
            iter.next_if_eq(&&b'\n');
            out.push(b'\n');
        } else {
            out.push(b);
        }
    }
    out
}

/// A file that is not UTF-8 as a whole, read line by line.
struct Decoded {
    text: String,
    /// The lines outside ASCII read as UTF-8.
    utf8_lines: Vec<usize>,
    /// The first line outside ASCII read as Windows-1252.
    first_1252_line: usize,
}

/// Reads bytes that are not UTF-8 as a whole: each line that reads as
/// Swedish text in UTF-8 as UTF-8, every other line as Windows-1252.
fn lines_in_either_encoding(bytes: &[u8]) -> Decoded {
    let mut utf8_lines = Vec::new();
    let mut first_1252_line = None;
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(utf8) if utf8.is_ascii() => text.push_str(utf8),
            Ok(utf8) if written_in_utf8(utf8, line) => {
                utf8_lines.push(i + 1);
                text.push_str(utf8);
            }
            _ => {
                first_1252_line.get_or_insert(i + 1);
                text.push_str(&windows_1252(line));
            }
        }
    }
    Decoded {
        text,
        utf8_lines,
        // A file that is not UTF-8 has a line that is not.
        first_1252_line: first_1252_line.unwrap_or(1),
    }
}

/// Whether a line that is valid UTF-8, in a file that is not, was written
/// in UTF-8 rather than in Windows-1252. Some Windows-1252 text is valid
/// UTF-8 too: a capital followed by '…', '”' or a no-break space
/// ("MALMÖ…" reads as "MALMօ", "PÅ plats, CAFÉ…" as "PŠplats, CAFɅ"). So
/// a line is UTF-8 whose UTF-8 reading has a Swedish letter ("Målet →
/// uppfyllt", though Windows-1252 has no arrow; a letter with its mark
/// apart, as macOS writes it, counts), or whose Windows-1252 reading shows
/// a pair that only UTF-8 makes ([`shows_utf8_pairs`]). Any other is
/// Windows-1252 where that reading has a Swedish letter, or the UTF-8
/// reading a character a Swedish Windows machine cannot type.
fn written_in_utf8(utf8: &str, bytes: &[u8]) -> bool {
    let windows = windows_1252(bytes);
    if shows_utf8(utf8, &windows) {
        return true;
    }
    let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(utf8);
    !unmappable && swedish_letters(&windows) == 0
}

/// Whether a line that is valid UTF-8 shows that it was written so: its
/// UTF-8 reading has a Swedish letter (composed: macOS writes `ö` as `o`
/// and its mark), or its Windows-1252 reading, `windows`, a pair only
/// UTF-8 makes ([`shows_utf8_pairs`]).
fn shows_utf8(utf8: &str, windows: &str) -> bool {
    swedish_letters(&utf8.nfc().collect::<String>()) > 0 || shows_utf8_pairs(windows)
}

/// Whether `windows`, text read as Windows-1252, shows a pair of bytes
/// that UTF-8 makes and Windows-1252 text does not: a byte that no Windows
/// program writes (`Łódź` is `Å` and U+0081), or a character that starts
/// a UTF-8 character of two bytes followed by one that goes on one (a
/// byte from 0x80 to 0xBF), unless the first is a capital that Nordic
/// text has, which starts a word or follows another capital, and the
/// second the punctuation or space that may follow it (`PÅ…`, `MALMÖ”`,
/// `PÅ` and a no-break space); or `â` followed by such a byte, which
/// starts UTF-8's dashes, quotes, arrows and signs (`–` is `â€“`). So
/// `Jiří` (`JiÅ™Ã­`), `Gdańsk` (`GdaÅ„sk`), `Şahin` (`Åžahin`), `≤`
/// (`â‰¤`) and Greek or Russian (`Î²`, `Ð¼`) show one; `Škoda` (`Å` and a
/// no-break space) does not.
fn shows_utf8_pairs(windows: &str) -> bool {
    let chars: Vec<char> = windows.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let next = chars.get(i + 1).copied().filter(|&n| goes_on_utf8(n));
        let after_small = i > 0 && chars[i - 1].is_lowercase();
        has_no_windows_byte(c)
            || next.is_some_and(|next| match c {
                'Ä' | 'Å' | 'Ö' | 'É' | 'Ü' | 'Æ' | 'Ø' => {
                    after_small || !AFTER_A_CAPITAL.contains(next)
                }
                'À'..='ß' | 'â' => true,
                _ => false,
            })
    })
}

/// What may follow a capital in Windows-1252 text, of the characters that
/// go on a UTF-8 character ([`goes_on_utf8`]).
const AFTER_A_CAPITAL: &str = "…”“–—’‘«»°\u{a0}";

/// Whether `c`, read as Windows-1252, is a byte from 0x80 to 0xBF: one
/// that goes on a UTF-8 character.
fn goes_on_utf8(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{bf}')
        || has_no_windows_byte(c)
        || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

/// How a text read as UTF-8 reads as Windows-1252, when that is the more
/// likely of the two (see [`written_in_utf8`]): for a message about a text
/// from a file that is UTF-8 throughout, which is read as UTF-8 though
/// Excel may have saved it in Windows-1252 ("MALMօ" for "MALMÖ…").
pub fn windows_1252_reading(text: &str) -> Option<String> {
    (!written_in_utf8(text, text.as_bytes())).then(|| windows_1252(text.as_bytes()))
}

/// A message's note of the other lines where the same is found (" (so may
/// lines 4 and 7)"), or nothing where there are none.
fn also_on(said: &str, lines: &[usize]) -> String {
    if lines.is_empty() {
        String::new()
    } else {
        format!(" ({said} {})", line_list(lines))
    }
}

/// "line 2", "lines 2 and 5", "lines 2, 5, 7 and 9", "lines 2, 5, 7 and 3 more".
fn line_list(lines: &[usize]) -> String {
    let joined = |lines: &[usize]| {
        let numbers: Vec<String> = lines.iter().map(usize::to_string).collect();
        numbers.join(", ")
    };
    match lines {
        [] => String::new(),
        [one] => format!("line {one}"),
        [rest @ .., last] if rest.len() < 4 => format!("lines {} and {last}", joined(rest)),
        _ => format!("lines {} and {} more", joined(&lines[..3]), lines.len() - 3),
    }
}

fn windows_1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
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
        match records.problem.take() {
            Some(problem) => diagnostics.push(problem),
            // Only quotes around nothing.
            None => diagnostics.push(empty()),
        }
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
    let other = other_delimiter(delimiter);

    let mut rows = Vec::new();
    // Whether each column of the person's own holds anything.
    let mut unread_data = vec![false; keys.len()];
    for cells in records.by_ref() {
        let line = cells.first().map_or(1, |cell| cell.line);
        // Two files joined into one (Excel saved each with its header, its
        // columns perhaps in another order, or more of them). Where the
        // columns differ, the rows below belong to the other header: they
        // are not read against this one, which would find every one wrong.
        if names_every_column(&cells, columns) {
            let heading = |cell: &Cell| {
                columns
                    .iter()
                    .find(|c| c.matches(&cell.text))
                    .map(|c| c.key)
            };
            // (Trailing empty columns, which Excel may add, do not count.)
            let used = cells
                .iter()
                .rposition(|cell| !cell.text.is_empty())
                .map_or(0, |last| last + 1);
            let named = keys
                .iter()
                .rposition(|key| *key != Heading::None)
                .map_or(0, |last| last + 1);
            let same = used == named
                && cells
                    .iter()
                    .zip(&keys)
                    .take(used)
                    .all(|(cell, key)| match key {
                        Heading::Column(key) => heading(cell) == Some(*key),
                        Heading::Unread | Heading::None => heading(cell).is_none(),
                    });
            let error = Diagnostic::error(
                path,
                Some(Pos::line(line)),
                "the header line is repeated here (expected one header line, at the top)",
            );
            if same {
                diagnostics
                    .push(error.with_hint("were two files joined into one? remove this line"));
                continue;
            }
            diagnostics.push(error.with_hint(
                "were two files with other columns joined into one? save each as a file of its \
                 own; the lines below are not read",
            ));
            break;
        }
        if let Some(extra) = cells
            .iter()
            .skip(keys.len())
            .find(|cell| !cell.text.is_empty())
        {
            let used = cells
                .iter()
                .rposition(|cell| !cell.text.is_empty())
                .map_or(0, |i| i + 1);
            diagnostics.push(
                Diagnostic::error(
                    path,
                    Some(extra.pos()),
                    format!(
                        "the line has {} columns but the header has {} (found '{}' after the last column)",
                        used,
                        keys.len(),
                        shown(&extra.text)
                    ),
                )
                .with_hint(format!(
                    "a text that contains '{}' must be put in double quotes",
                    char::from(delimiter)
                )),
            );
            continue;
        }
        if let [only] = cells.as_slice()
            && keys.len() > 1
            && only.text.contains(char::from(other))
        {
            diagnostics.push(Diagnostic::error(
                path,
                Some(only.pos()),
                format!(
                    "the line is a single column (expected columns separated by '{}', as in the header, but the line uses '{}')",
                    char::from(delimiter),
                    char::from(other)
                ),
            ));
            continue;
        }
        let mut row = Row {
            line,
            cells: Vec::new(),
        };
        let mut unnamed = false;
        for (i, (cell, key)) in cells.into_iter().zip(keys.iter().copied()).enumerate() {
            match key {
                Heading::Column(key) => row.cells.push((key, cell)),
                Heading::Unread => unread_data[i] |= !cell.text.is_empty(),
                Heading::None if cell.text.is_empty() => {}
                Heading::None => {
                    diagnostics.push(Diagnostic::error(
                        path,
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
        if !unnamed {
            rows.push(row);
        }
    }
    if let Some(problem) = records.problem.take() {
        diagnostics.push(problem);
    }
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
    })
}

/// The message for a column of the person's own (`cell`, its header):
/// a warning that it is not read, or, while an optional column is missing
/// and it holds anything, an error, since it may be that column under
/// another name ("Regionens kommentar", "Fritext"), whose values a
/// warning alone would let go.
fn unread_column(
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
enum Heading {
    /// One of the file's columns, by its key.
    Column(&'static str),
    /// A column of the person's own, read past.
    Unread,
    /// No name: a cell below it is an error.
    None,
}

/// Matches the header's names to `columns`: for each field, the key of its
/// column, or `None` for an unnamed (empty) header; `None` and errors when
/// a name is unknown, repeated or a required column is missing.
fn match_header(
    path: &Path,
    text: &str,
    header: &[Cell],
    columns: &[Column],
    delimiter: u8,
    expected: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Heading>> {
    let line = header.first().map_or(1, |cell| cell.line);
    let english = columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", ");
    let separated = format!("expected the columns {english} separated by ',' or ';'");
    let listed = |cells: &[Cell]| {
        cells
            .iter()
            .filter(|cell| !cell.text.is_empty())
            .map(|cell| format!("'{}'", for_message(&cell.text)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let header_below = || header_line_below(path, text, delimiter, columns);
    let first_line = NotAHeader {
        path,
        line,
        found: listed(header),
        expected,
    };
    if let [only] = header
        && columns.len() > 1
    {
        if let Some(below) = header_below() {
            diagnostics.push(first_line.error(Some(below), columns, delimiter));
            return None;
        }
        let diagnostic = Diagnostic::error(
            path,
            Some(Pos::line(line)),
            format!(
                "the header line is a single column '{}' ({separated})",
                for_message(&only.text)
            ),
        );
        diagnostics.push(if only.text.contains('\t') {
            diagnostic.with_hint("the file seems to be separated by tabs; in Excel, save it as 'CSV UTF-8' or 'CSV (semikolonavgränsad)'")
        } else {
            diagnostic
        });
        return None;
    }
    let names = || {
        columns
            .iter()
            .flat_map(|c| std::iter::once(c.key).chain(c.aliases.iter().copied()))
    };
    // A first line none of whose fields is or resembles a column's name is
    // no header: one error that says so, not one per field and column.
    let like_a_name = |cell: &Cell| {
        columns.iter().any(|column| column.matches(&cell.text))
            || suggest(&cell.text, names()).is_some()
    };
    if !header.iter().any(like_a_name) {
        diagnostics.push(first_line.error(header_below(), columns, delimiter));
        return None;
    }
    let other = char::from(other_delimiter(delimiter));
    if let Some(mixed) = header.iter().find(|cell| cell.text.contains(other)) {
        diagnostics.push(Diagnostic::error(
            path,
            Some(mixed.pos()),
            format!(
                "the header line mixes ',' and ';' in '{}' ({separated}, one of them throughout)",
                shown(&mixed.text)
            ),
        ));
        return None;
    }

    // The header's problems, reported unless a later line is the header.
    let mut problems = Diagnostics::new();
    let mut keys = Vec::new();
    let mut failed = false;
    // Columns that an unknown header was suggested for: not reported missing as well.
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
                    problems.push(Diagnostic::error(
                        path,
                        Some(cell.pos()),
                        format!(
                            "the column '{}' appears twice (first as '{}' in column {})",
                            column.key, first.text, first.field
                        ),
                    ));
                    failed = true;
                }
                keys.push(Heading::Column(column.key));
            }
            // A name close to a column's that the header lacks is that
            // column misspelt, whose values would be lost; any other is a
            // column of the person's own (the question's text beside its
            // id, "Regionnamn" beside "region"), left unread.
            None => match suggest(&cell.text, names()).filter(|close| {
                let column = columns.iter().find(|c| c.matches(close));
                !column.is_some_and(|c| header.iter().any(|h| c.matches(&h.text)))
            }) {
                Some(close) => {
                    suggested.extend(columns.iter().filter(|c| c.matches(close)).map(|c| c.key));
                    problems.push(
                        Diagnostic::error(
                            path,
                            Some(cell.pos()),
                            format!(
                                "unknown column '{}' (expected {expected})",
                                shown(&cell.text)
                            ),
                        )
                        .with_hint(format!("did you mean '{close}'?")),
                    );
                    keys.push(Heading::None);
                    failed = true;
                }
                None => keys.push(Heading::Unread),
            },
        }
    }
    let found = &first_line.found;
    for column in columns.iter().filter(|c| c.required) {
        if !keys.contains(&Heading::Column(column.key)) && !suggested.contains(&column.key) {
            let swedish = column.swedish();
            let name = if swedish == column.key {
                format!("'{}'", column.key)
            } else {
                format!("'{}' (or '{swedish}')", column.key)
            };
            problems.push(Diagnostic::error(
                path,
                Some(Pos::line(line)),
                format!("the header line has no column {name} (its columns are {found})"),
            ));
            failed = true;
        }
    }
    if !failed {
        return Some(keys);
    }
    match header_below() {
        Some(below) => diagnostics.push(first_line.error(Some(below), columns, delimiter)),
        None => diagnostics.extend(problems),
    }
    None
}

/// Whether a record names every required column: a header line.
fn names_every_column(cells: &[Cell], columns: &[Column]) -> bool {
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
            Some(below) => {
                format!("line {below} looks like the header line: remove the lines above it")
            }
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
fn expected_columns(columns: &[Column]) -> String {
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

/// The delimiter named by a first line `sep=;` or `sep=,` (which Excel writes
/// and honours), with the length in bytes of that line.
fn sep_line(text: &str) -> Option<(u8, usize)> {
    let first = text.split('\n').next()?;
    match first.trim().to_lowercase().as_str() {
        "sep=;" => Some((b';', first.len())),
        "sep=," => Some((b',', first.len())),
        _ => None,
    }
}

/// The delimiter that is not `delimiter`.
fn other_delimiter(delimiter: u8) -> u8 {
    if delimiter == b';' { b',' } else { b';' }
}

/// `;` or `,`, whichever the first line with content has more of outside
/// quotes (`;` on a tie, `,` when it has neither); `None` when no line has
/// content, i.e. the file is empty.
fn detect_delimiter(text: &str) -> Option<u8> {
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
/// writes for empty rows). Reading stops at a record the csv crate cannot
/// split or at a quote that is never closed, with the problem kept in
/// `problem`.
struct Records<'t> {
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
    /// Why reading stopped early, if it did.
    problem: Option<Diagnostic>,
}

impl<'t> Records<'t> {
    /// Starts reading `text`.
    fn new(path: &'t Path, text: &'t str, delimiter: u8) -> Self {
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
            problem: None,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Vec<Cell>;

    fn next(&mut self) -> Option<Vec<Cell>> {
        if self.problem.is_some() {
            return None;
        }
        loop {
            let record = match self.reader.next()? {
                Ok(record) => record,
                Err(err) => {
                    let pos = err
                        .position()
                        .map(|p| Pos::line(usize::try_from(p.line()).unwrap_or(1)));
                    self.problem = Some(Diagnostic::error(
                        self.path,
                        pos,
                        format!("cannot read the CSV ({err})"),
                    ));
                    return None;
                }
            };
            let text = self.text;
            let start = record
                .position()
                .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
            let scan = scan_record(text.as_bytes(), start, self.delimiter);
            // A quote out of place stops the reading: where the fields
            // end can no longer be told.
            let misquoted = match (scan.unclosed, &scan.after_quote) {
                (Some(open), _) => Some((
                    open,
                    "a quoted field starts here but its closing '\"' is missing".to_string(),
                    "a '\"' inside a quoted field must be doubled: \"\"".to_string(),
                )),
                (None, Some(after)) => Some((
                    after.at,
                    format!(
                        "text after the closing '\"' of a quoted field (expected '{}' or the end \
                         of the line after it)",
                        char::from(self.delimiter)
                    ),
                    after.hint(text),
                )),
                (None, None) => None,
            };
            if let Some((at, message, hint)) = misquoted {
                let (line, column) = self.lines.locate(text, at);
                let pos = Some(Pos::new(line, column));
                self.problem = Some(Diagnostic::error(self.path, pos, message).with_hint(hint));
                return None;
            }
            if record.iter().all(|field| field.trim().is_empty()) {
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
                    }
                })
                .collect();
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

/// A number read from a cell, and whether it was written with a `%` sign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    /// The value; `62 %` is 62.
    pub value: f64,
    /// Whether a `%` sign followed the number.
    pub percent: bool,
}

/// Reads a number as Swedes and scripts write it (see [`parse_decimal`]).
pub fn parse_number(text: &str) -> Option<f64> {
    parse_decimal(text).map(|decimal| decimal.value)
}

/// Reads a number with a decimal comma or point, spaces, no-break spaces,
/// narrow no-break spaces or thin spaces between groups of three digits
/// (as word processors and typeset text put them), and an optional
/// `%` after it (with or without a space). A single comma is a decimal comma,
/// so `1,234` is 1.234. Anything else (`12abc`, `1,2,3`, `NaN`, `1e3`, an
/// empty text) is `None`.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let mut rest = text.trim();
    let percent = match rest.strip_suffix('%') {
        Some(before) => {
            rest = before.trim_end();
            true
        }
        None => false,
    };
    let (negative, rest) = match rest.strip_prefix(['-', '\u{2212}']) {
        Some(after) => (true, after),
        None => (false, rest.strip_prefix('+').unwrap_or(rest)),
    };
    let (whole, fraction) = rest.split_once([',', '.']).unwrap_or((rest, ""));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let groups: Vec<&str> = whole
        .split([' ', '\u{a0}', '\u{202f}', '\u{2009}'])
        .collect();
    let all_digits = |group: &str| group.bytes().all(|b| b.is_ascii_digit());
    let grouped = match groups.as_slice() {
        [single] => all_digits(single),
        [first, rest @ ..] => {
            (1..=3).contains(&first.len())
                && all_digits(first)
                && rest
                    .iter()
                    .all(|group| group.len() == 3 && all_digits(group))
        }
        [] => false,
    };
    let whole: String = groups.concat();
    if !grouped || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let sign = if negative { "-" } else { "" };
    let whole = if whole.is_empty() {
        "0"
    } else {
        whole.as_str()
    };
    let fraction = if fraction.is_empty() { "0" } else { fraction };
    let value: f64 = format!("{sign}{whole}.{fraction}").parse().ok()?;
    // -0 would print as "-0".
    let value = if value == 0.0 { 0.0 } else { value };
    value.is_finite().then_some(Decimal { value, percent })
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            key: "region",
            aliases: &[],
            required: true,
        },
        Column {
            key: "indicator",
            aliases: &["indikator"],
            required: true,
        },
        Column {
            key: "value",
            aliases: &["värde"],
            required: true,
        },
        Column {
            key: "comment",
            aliases: &["kommentar"],
            required: false,
        },
    ];

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
    fn lists_a_few_line_numbers_and_counts_the_rest() {
        assert_eq!(line_list(&[2]), "line 2");
        assert_eq!(line_list(&[2, 5]), "lines 2 and 5");
        assert_eq!(line_list(&[2, 5, 7]), "lines 2, 5 and 7");
        assert_eq!(line_list(&[2, 5, 7, 8]), "lines 2, 5, 7 and 8");
        assert_eq!(line_list(&[2, 5, 7, 8, 9]), "lines 2, 5, 7 and 2 more");
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
        assert!(table.is_none());
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:1:18: error: unknown column 'vrde' (expected region, indicator, value, comment, or in Swedish region, indikator, värde, kommentar) (did you mean 'värde'?)",
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
                "data/2024/responses/x.csv:1:24: error: the column 'indicator' appears twice (first as 'indicator' in column 2)"
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
    fn empty_fields_after_the_last_column_are_ignored() {
        let table = clean(b"region;indicator;value;comment\nskane;hph-1;8;;;\n");
        assert_eq!(texts(&table), [(2, "skane", "hph-1", "8", "")]);
    }

    #[test]
    fn a_row_with_the_other_delimiter_is_named() {
        let (_, diagnostics) = parse(b"region,indicator,value\nskane;hph-1;8\n");
        assert_eq!(
            messages(&diagnostics),
            [
                "data/2024/responses/x.csv:2:1: error: the line is a single column (expected columns separated by ',', as in the header, but the line uses ';')"
            ]
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
    }

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
    fn numbers_in_swedish_and_script_forms() {
        let cases = [
            ("45,5", 45.5),
            ("45.5", 45.5),
            (" 7 ", 7.0),
            ("1 234", 1234.0),
            ("1\u{a0}234,5", 1234.5),
            ("1\u{202f}234\u{202f}567", 1_234_567.0),
            ("1,234", 1.234),
            ("0", 0.0),
            ("-0", 0.0),
            ("-3", -3.0),
            ("\u{2212}3,5", -3.5),
            ("+2", 2.0),
            (",5", 0.5),
            ("5,", 5.0),
        ];
        for (text, value) in cases {
            assert_eq!(parse_number(text), Some(value), "{text:?}");
        }
        for text in ["62 %", "62%", "62\u{a0}%", " 62\u{202f}% "] {
            assert_eq!(
                parse_decimal(text),
                Some(Decimal {
                    value: 62.0,
                    percent: true
                }),
                "{text:?}"
            );
        }
        assert_eq!(
            parse_decimal("62"),
            Some(Decimal {
                value: 62.0,
                percent: false
            })
        );
    }

    #[test]
    fn garbage_is_not_a_number() {
        for text in [
            "", " ", "%", "12abc", "1,2,3", "1.234,5", "NaN", "nan", "inf", "-inf", "1e3", "12 34",
            "1  234", "1234 567", "- 3", "7 5", "sju", ",", "1,2 %%", "0x10", "1_000",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
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

        #[test]
        fn no_text_makes_the_number_reader_panic(text in "[0-9 ,.%+\\-\u{a0}\u{202f}a]{0,12}") {
            if let Some(decimal) = parse_decimal(&text) {
                proptest::prop_assert!(decimal.value.is_finite());
            }
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
