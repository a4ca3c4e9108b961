//! Files in an old code page: Excel's 'CSV (MS-DOS)' saves MS-DOS code
//! page 850, older Mac programs save Mac Roman. Neither has a byte that
//! Windows-1252 lacks where Swedish letters are, so such a file reads as
//! Windows-1252 without a fault, its å, ä and ö turned into other
//! characters (`Anv„nds för`, `AnvŠnds fšr`), which would print as they
//! read. Their words give them away.

use crate::diag::{Diagnostic, Pos};
use crate::load::printable::for_message;
use std::path::Path;

/// An old code page: its name and the bytes of the letters beyond ASCII
/// that Swedish text has.
struct CodePage {
    name: &'static str,
    letters: &'static [(u8, char)],
}

static CODE_PAGES: [CodePage; 2] = [
    CodePage {
        name: "MS-DOS code page 850 (Excel's 'CSV (MS-DOS)')",
        letters: &[
            (0x84, 'ä'),
            (0x94, 'ö'),
            (0x86, 'å'),
            (0x8E, 'Ä'),
            (0x99, 'Ö'),
            (0x8F, 'Å'),
            (0x82, 'é'),
            (0x90, 'É'),
            (0x81, 'ü'),
            (0x9A, 'Ü'),
        ],
    },
    CodePage {
        name: "Mac Roman (older Mac programs')",
        letters: &[
            (0x8A, 'ä'),
            (0x9A, 'ö'),
            (0x8C, 'å'),
            (0x80, 'Ä'),
            (0x85, 'Ö'),
            (0x81, 'Å'),
            (0x8E, 'é'),
            (0x83, 'É'),
            (0x9F, 'ü'),
            (0x86, 'Ü'),
        ],
    },
];

/// The bytes of Swedish letters in Windows-1252: å ä ö Å Ä Ö é É.
const WINDOWS_LETTERS: &[u8] = &[0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xC9];

impl CodePage {
    fn letter(&self, byte: u8) -> Option<char> {
        self.letters
            .iter()
            .find_map(|&(b, c)| (b == byte).then_some(c))
    }

    /// Whether `word` reads as a Swedish word in this code page only: it
    /// has ASCII letters, every byte of it beyond ASCII is one of this
    /// code page's letters, and one of them stands between two letters
    /// where Windows-1252 has no small letter (`f”r`, `hŠlso`; a name's
    /// `š`, as in `Dušan`, is Windows-1252's own).
    fn reads_word(&self, word: &[u8]) -> bool {
        let is_letter = |b: u8| b.is_ascii_alphabetic() || self.letter(b).is_some();
        let windows_small_letter = |b: u8| {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[b])
                .0
                .chars()
                .all(char::is_lowercase)
        };
        word.iter().any(u8::is_ascii_alphabetic)
            && word
                .iter()
                .all(|&b| b.is_ascii() || self.letter(b).is_some())
            && word.windows(3).any(|three| {
                !three[1].is_ascii()
                    && !windows_small_letter(three[1])
                    && is_letter(three[0])
                    && is_letter(three[2])
            })
    }

    fn read(&self, word: &[u8]) -> String {
        word.iter()
            .map(|&b| self.letter(b).unwrap_or(char::from(b)))
            .collect()
    }
}

/// A word of a line: a run of ASCII letters and bytes beyond ASCII, with
/// its offset in the line.
fn words(line: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut offset = 0;
    line.split(|&b| b.is_ascii() && !b.is_ascii_alphabetic())
        .map(move |word| {
            let at = offset;
            offset += word.len() + 1;
            (at, word)
        })
        .filter(|(_, word)| !word.is_empty())
}

/// An error for a file that is not UTF-8 whose words read as Swedish only
/// in an old code page (see the module's comment), at the first such word:
/// where its lines that are not UTF-8 have no Swedish letter of
/// Windows-1252 and words of the code page (the one with more, where
/// both). `bytes` are the file's, their line breaks made `\n`.
pub(super) fn error(path: &Path, bytes: &[u8]) -> Option<Diagnostic> {
    let not_utf8: Vec<(usize, &[u8])> = bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| std::str::from_utf8(line).is_err())
        .collect();
    if not_utf8
        .iter()
        .any(|(_, line)| line.iter().any(|b| WINDOWS_LETTERS.contains(b)))
    {
        return None;
    }
    let page = CODE_PAGES
        .iter()
        .max_by_key(|page| words_of(page, &not_utf8).count())?;
    let (line, column, word) = words_of(page, &not_utf8).next()?;
    let as_read = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(word)
        .0;
    Some(
        Diagnostic::error(
            path,
            Some(Pos::new(line, column)),
            format!(
                "the file is not UTF-8, and '{}' read as Windows-1252 is '{}' in {}: the \
                 file seems to be in that old encoding, which hfs-report does not read \
                 (expected UTF-8 or Windows-1252)",
                for_message(&as_read),
                for_message(&page.read(word)),
                page.name,
            ),
        )
        .with_hint("save it as 'CSV UTF-8'"),
    )
}

/// The words of `lines` (each numbered from 0) that read as Swedish in
/// `page` only, with their line and column (from 1).
fn words_of<'a>(
    page: &'a CodePage,
    lines: &'a [(usize, &'a [u8])],
) -> impl Iterator<Item = (usize, usize, &'a [u8])> + 'a {
    lines.iter().flat_map(move |&(i, line)| {
        words(line)
            .filter(|(_, word)| page.reads_word(word))
            .map(move |(at, word)| (i + 1, at + 1, word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> Option<String> {
        error(Path::new("x.csv"), bytes).map(|d| d.to_string())
    }

    #[test]
    fn names_a_word_of_code_page_850_or_mac_roman() {
        // "Används för hälso- och sjukvården." in each.
        let dos = b"region;indikator;v\x84rde;kommentar\nskane;hph-1;7;Anv\x84nds f\x94r h\x84lso- och sjukv\x86rden.\n";
        assert_eq!(
            message(dos).as_deref(),
            Some(
                "x.csv:1:18: error: the file is not UTF-8, and 'v„rde' read as Windows-1252 is \
                 'värde' in MS-DOS code page 850 (Excel's 'CSV (MS-DOS)'): the file seems to be \
                 in that old encoding, which hfs-report does not read (expected UTF-8 or \
                 Windows-1252) (save it as 'CSV UTF-8')"
            )
        );
        let mac = b"region,indicator,value,comment\nskane,hph-1,7,Anv\x8Ands f\x9Ar h\x8Also- och sjukv\x8Crden.\n";
        assert_eq!(
            message(mac).as_deref(),
            Some(
                "x.csv:2:15: error: the file is not UTF-8, and 'AnvŠnds' read as Windows-1252 is \
                 'Används' in Mac Roman (older Mac programs'): the file seems to be in that old \
                 encoding, which hfs-report does not read (expected UTF-8 or Windows-1252) (save \
                 it as 'CSV UTF-8')"
            )
        );
    }

    #[test]
    fn windows_1252_text_is_none() {
        // Quotation marks after and before words, a name with 'š' among
        // Swedish letters, a dagger between digits.
        for bytes in [
            &b"skane,hph-1,7,\x94Tobak\x94 och \x84ldre\n"[..],
            b"skane,hph-1,7,Du\x9Aan p\xE5 m\xF6tet\n",
            b"skane,hph-1,7,\x94Hello\x94, said Du\x9Aan\n",
            b"skane,hph-1,7,2\x863\n",
        ] {
            assert_eq!(message(bytes), None, "{bytes:?}");
        }
    }
}
