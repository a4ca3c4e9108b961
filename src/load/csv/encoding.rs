//! The text of a CSV file's bytes: UTF-8 with or without a byte-order mark,
//! Windows-1252 (Excel's Swedish default), or the two mixed line by line,
//! with a warning wherever the reading may not be what was written, and an
//! error for an old code page that reads as Windows-1252 (`old_code_page`).

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::load::printable::for_message;

/// The text of the file, with every line break made `\n`; `None` (and an
/// error) when the bytes are not text that Excel or a script would write.
pub(super) fn decode(path: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Option<String> {
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
        // A stray NUL in a text (a program's slip) is named at its line;
        // a workbook (new or old) or a PDF, or a file of which one byte in
        // twenty is a control character (an image, UTF-16 without its
        // mark), is no text at all.
        let controls = bytes
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            .count();
        if crate::load::binary_kind(bytes).is_some()
            || (controls > 3 && controls * 20 >= bytes.len())
        {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    None,
                    "the file is not text (is it an Excel workbook?), expected CSV",
                )
                .with_hint("in Excel, save it as 'CSV UTF-8' or 'CSV (semikolonavgränsad)'"),
            );
        } else {
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                if line.contains(&0) {
                    diagnostics.push(
                        Diagnostic::error(
                            path,
                            Some(Pos::line(i + 1)),
                            "the line holds a NUL character (a byte 0), which a CSV file has not",
                        )
                        .with_hint("delete it, or save the file again from Excel as 'CSV UTF-8'"),
                    );
                }
            }
        }
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
            // Read as Windows-1252 it would print; what else it says
            // (unknown columns, regions, characters) would follow from the
            // encoding, so this is the file's one error.
            if let Some(error) = super::old_code_page::error(path, bytes) {
                diagnostics.push(error);
                return None;
            }
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
/// likely of the two (see `written_in_utf8`): for a message about a text
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

/// `bytes` read as Windows-1252, which has a character for nearly every byte.
fn windows_1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_a_few_line_numbers_and_counts_the_rest() {
        assert_eq!(line_list(&[2]), "line 2");
        assert_eq!(line_list(&[2, 5]), "lines 2 and 5");
        assert_eq!(line_list(&[2, 5, 7]), "lines 2, 5 and 7");
        assert_eq!(line_list(&[2, 5, 7, 8]), "lines 2, 5, 7 and 8");
        assert_eq!(line_list(&[2, 5, 7, 8, 9]), "lines 2, 5, 7 and 2 more");
    }
}
