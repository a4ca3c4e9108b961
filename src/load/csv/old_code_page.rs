//! Files in an old code page: Excel's 'CSV (MS-DOS)' saves MS-DOS code
//! page 850, older Mac programs save Mac Roman. Neither has a byte that
//! Windows-1252 lacks where Swedish letters are, so such a file reads as
//! Windows-1252 without a fault, its å, ä and ö turned into other
//! characters (`Anv„nds för`, `AnvŠnds fšr`), which would print as they
//! read. Their words give them away; Windows-1252's own characters in the
//! same places (`Yes…but`, `HPH™Tool`, `DUŠAN`, `”Tobak”program`) must not
//! be taken for them, nor must a Windows-1252 file be, which is what
//! SPEC promises to read.

use crate::diag::{Diagnostic, Pos};
use crate::load::printable::for_message;
use std::path::Path;

/// An old code page: its name, the bytes of the letters beyond ASCII that
/// Swedish text has, of those the small å, ä and ö that give it away
/// inside a word (`telling`; `lowercase`, those that do only in a word
/// without a capital), and the capital Ä and Ö that give it away inside a
/// word of capitals.
struct CodePage {
    name: &'static str,
    letters: &'static [(u8, char)],
    telling: &'static [u8],
    lowercase: &'static [u8],
    capitals: &'static [u8],
    /// Its letters that are quotation marks in Windows-1252.
    quotes: &'static [u8],
}

/// How surely a word tells an old code page (see [`CodePage::tells`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tell {
    Nothing,
    /// Only beside a word that tells it surely.
    Beside,
    Surely,
}

/// In the order a tie is decided: a Swedish Windows machine's first.
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
        // „ ” † in Windows-1252.
        telling: &[0x84, 0x94, 0x86],
        lowercase: &[],
        // ™ in Windows-1252 (its Ä is Windows-1252's Ž, a name's letter,
        // ŽIŽEK; its Å, 0x8F, is no character there).
        capitals: &[0x99],
        quotes: &[0x84, 0x94],
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
        // Š Œ in Windows-1252.
        telling: &[0x8A, 0x8C],
        // Its ö is Windows-1252's š, a name's letter (Dušan), which tells
        // only in a word without a capital (`fšr`, `mštet`).
        lowercase: &[0x9A],
        // € … in Windows-1252 (its Å, 0x81, is no character there).
        capitals: &[0x80, 0x85],
        quotes: &[],
    },
];

/// Common Swedish words with å, ä or ö: read so in an old code page,
/// a word tells it wherever its letters stand (`p†` is `på`, `fšr` is
/// `för`), and a file in it has some of them in nearly every line.
const COMMON_WORDS: &[&str] = &[
    "är",
    "år",
    "året",
    "åren",
    "på",
    "så",
    "då",
    "där",
    "här",
    "när",
    "än",
    "ändå",
    "även",
    "för",
    "före",
    "förra",
    "första",
    "också",
    "många",
    "både",
    "någon",
    "något",
    "några",
    "mål",
    "målet",
    "målen",
    "möte",
    "möten",
    "mötet",
    "mötena",
    "höst",
    "hösten",
    "vår",
    "våren",
    "våra",
    "vårt",
    "sätt",
    "sättet",
    "större",
    "bättre",
    "få",
    "får",
    "gå",
    "går",
    "gör",
    "göra",
    "hälsa",
    "hälsan",
    "vård",
    "vården",
    "över",
    "ökat",
    "ökning",
    "pågår",
    "påbörjad",
    "påbörjat",
    "genomförd",
    "genomfört",
    "genomföra",
    "inställd",
    "förslag",
    "hälso",
    "sjukvård",
    "sjukvården",
    "län",
    "två",
    "nästa",
    "sista",
];

/// The bytes Windows-1252 has no character for: no Windows program writes
/// them, so a letter of an old code page among them tells it wherever it
/// stands in a word (code page 850's Å, `Återkommer`).
const NOT_WINDOWS: &[u8] = &[0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// The bytes of å, ä, ö, Å, Ä and Ö in Windows-1252.
const WINDOWS_LETTERS: &[u8] = &[0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6];

impl CodePage {
    /// The letter `byte` stands for in this code page, if it is one of the
    /// letters beyond ASCII that Swedish text has.
    fn letter(&self, byte: u8) -> Option<char> {
        self.letters
            .iter()
            .find_map(|&(b, c)| (b == byte).then_some(c))
    }

    /// `word`, ASCII letters and this code page's, as the code page reads
    /// it.
    fn read(&self, word: &[u8]) -> String {
        word.iter()
            .map(|&b| self.letter(b).unwrap_or(char::from(b)))
            .collect()
    }

    /// How surely `word`, letters of this code page and ASCII ones, reads
    /// as a Swedish word in it. Surely: in small letters (or with a
    /// capital first) with one of its telling å, ä or ö between two
    /// letters (`f”r`, `hŠlso`), or with a letter on a byte Windows-1252
    /// has no character for (`Återkommer`). Only beside a sure word, since
    /// Windows-1252 text has such words too: Mac Roman's ö in a word
    /// without a capital (`fšr`, but also `dušan`, `Šašek`), and a word of
    /// capitals with the code page's Ä or Ö inside (`G€LLER`, but also
    /// `ACME™PRO`). Quoted words glued together tell nothing
    /// (`”rutin”nedan`), nor does a word whose letters' case is mixed
    /// (`Smith†Jones`), a mark at a word's edge (`HPH™`), or
    /// Windows-1252's letters in a word of capitals (`DUŠAN`, `ŽIŽEK`).
    fn tells(&self, word: &[u8]) -> Tell {
        let read = self.read(word);
        // A word of Swedish's commonest, with its å, ä or ö, anywhere:
        // no Windows-1252 text has `f”r`, `p†`, `fšr` or `Šr`.
        if word.iter().any(|b| !b.is_ascii())
            && COMMON_WORDS.contains(&read.to_lowercase().as_str())
        {
            return Tell::Surely;
        }
        // Quoted words glued together, `”rutin”nedan`, `Enligt”plan”`: a
        // quotation mark at the word's edge and another in it.
        let quote = |b: &u8| self.quotes.contains(b);
        if (word.first().is_some_and(quote) || word.last().is_some_and(quote))
            && word.iter().filter(|b| quote(b)).count() >= 2
        {
            return Tell::Nothing;
        }
        let small = read.chars().skip(1).all(char::is_lowercase);
        let lowercase = small && read.chars().all(char::is_lowercase);
        let capitals = read.chars().all(char::is_uppercase);
        let between = |bytes: &[u8], beside: fn(&u8) -> bool| {
            word.windows(3)
                .any(|three| bytes.contains(&three[1]) && beside(&three[0]) && beside(&three[2]))
        };
        let not_windows = word.iter().any(|b| NOT_WINDOWS.contains(b));
        if (small && between(self.telling, u8::is_ascii_alphabetic))
            || ((small || capitals) && not_windows)
        {
            Tell::Surely
        } else if (lowercase && between(self.lowercase, u8::is_ascii_alphabetic))
            || (capitals && word.len() >= 3 && between(self.capitals, u8::is_ascii_uppercase))
        {
            Tell::Beside
        } else {
            Tell::Nothing
        }
    }

    /// The words of `line` in this code page: runs of ASCII letters and
    /// its letters (a mark beyond ASCII, a Mac's `”` or `…`, parts them),
    /// with their offsets in the line.
    fn words<'a>(&self, line: &'a [u8]) -> impl Iterator<Item = (usize, &'a [u8])> {
        runs(line, |b| {
            b.is_ascii_alphabetic() || self.letter(b).is_some()
        })
    }
}

/// The runs of `line` of bytes that are `in_word`, with their offsets.
fn runs(line: &[u8], in_word: impl Fn(u8) -> bool) -> impl Iterator<Item = (usize, &[u8])> {
    let mut offset = 0;
    line.split(move |&b| !in_word(b))
        .map(move |word| {
            let at = offset;
            offset += word.len() + 1;
            (at, word)
        })
        .filter(|(_, word)| !word.is_empty())
}

/// A word of a line as Windows-1252 reads it: a run of ASCII letters and
/// bytes beyond ASCII, with its offset in the line.
fn words(line: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    runs(line, |b| b.is_ascii_alphabetic() || !b.is_ascii())
}

/// Whether `word` has Windows-1252's å, ä or ö beside an ASCII letter
/// (`hälsa`, `år`), as a Swedish word written in it has.
fn windows_swedish(word: &[u8]) -> bool {
    word.iter().enumerate().any(|(i, b)| {
        WINDOWS_LETTERS.contains(b)
            && (i > 0 && word[i - 1].is_ascii_alphabetic()
                || word.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
    })
}

/// An error for a file that is not UTF-8 whose words read as Swedish in
/// an old code page (see the module's comment), at the first such word:
/// where its lines that are not UTF-8 have more words that tell the code
/// page ([`CodePage::tells`]) than Swedish words of Windows-1252. `bytes`
/// are the file's, their line breaks made `\n`.
pub(super) fn error(path: &Path, bytes: &[u8]) -> Option<Diagnostic> {
    let not_utf8: Vec<(usize, &[u8])> = bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| std::str::from_utf8(line).is_err())
        .collect();
    let windows = not_utf8
        .iter()
        .flat_map(|(_, line)| words(line))
        .filter(|(_, word)| windows_swedish(word))
        .count();
    let mut best: Option<(&CodePage, usize)> = None;
    for page in &CODE_PAGES {
        let told: Vec<Tell> = words_of(page, &not_utf8).map(|(.., tell)| tell).collect();
        let count = if told.contains(&Tell::Surely) {
            told.len()
        } else {
            0
        };
        if count > best.map_or(windows, |(_, most)| most) {
            best = Some((page, count));
        }
    }
    let (page, _) = best?;
    let (line, column, word, _) =
        words_of(page, &not_utf8).find(|(.., tell)| *tell == Tell::Surely)?;
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

/// The words of `lines` (each numbered from 0) that tell `page`, with
/// their line and column (from 1) and how surely. A word with
/// Windows-1252's å, ä or ö in it (`”Hälsofrämjande”möten`) is that
/// code page's, whatever else is glued to it.
fn words_of<'a>(
    page: &'a CodePage,
    lines: &'a [(usize, &'a [u8])],
) -> impl Iterator<Item = (usize, usize, &'a [u8], Tell)> + 'a {
    lines.iter().flat_map(move |&(i, line)| {
        words(line)
            .filter(|(_, word)| !windows_swedish(word))
            .flat_map(move |(at, word)| {
                page.words(word)
                    .map(move |(within, part)| (at + within, part))
            })
            .map(move |(at, word)| (i + 1, at + 1, word, page.tells(word)))
            .filter(|(.., tell)| *tell != Tell::Nothing)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> Option<String> {
        error(Path::new("x.csv"), bytes).map(|d| d.to_string())
    }

    /// Asserts that a file with `comment` raises no code page's error.
    #[track_caller]
    fn assert_read_as_windows_1252(comment: &[u8]) {
        assert_eq!(
            message(&with_comment(comment)),
            None,
            "{}",
            String::from_utf8_lossy(comment)
        );
    }

    /// A responses file with one comment, in the bytes given.
    fn with_comment(comment: &[u8]) -> Vec<u8> {
        [
            &b"region,indicator,value,comment\norebro,hph-1,7,"[..],
            comment,
            b"\n",
        ]
        .concat()
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
    fn an_old_code_page_is_told_despite_what_reads_as_a_swedish_letter() {
        // Mac Roman's '…' is Windows-1252's 'É', its '‰' 'ä': neither
        // beside a letter as a Swedish word has it. Code page 850's å
        // alone is its own, not Mac Roman's Ü.
        for (bytes, page) in [
            (
                with_comment(b"Anv\x8Ands f\x9Ar h\x8Alsa\xC9 5\xE4"),
                "Mac Roman",
            ),
            (
                with_comment(b"M\x86l uppn\x86tt i sjukv\x86rden"),
                "MS-DOS code page 850",
            ),
            // Review J's: capitals and Mac Roman's ö beside a sure word; a
            // word glued to a Mac's quotation marks.
            (
                with_comment(b"F\x99RSENAD, \x8Fterkommer"),
                "MS-DOS code page 850",
            ),
            (
                with_comment(b"G\x80LLER HELA TIDEN, se f\x9Ar h\x8Alsan"),
                "Mac Roman",
            ),
            (with_comment(b"\x8Fterkommer"), "MS-DOS code page 850"),
            (with_comment(b"Se \xD2V\x8Crdens v\x8Ag\xD3"), "Mac Roman"),
            // Review L's: Swedish's commonest words, wherever their letters
            // stand: Mac Roman's ö alone, code page 850's at words' edges.
            (with_comment(b"\x85kning f\x9Ar m\x9Atet"), "Mac Roman"),
            (
                with_comment(b"Hann inte bed\x9Amas f\x9Are sista svarsdag."),
                "Mac Roman",
            ),
            (
                with_comment(b"Klart i \x86r, \x94kat p\x86 det"),
                "MS-DOS code page 850",
            ),
        ] {
            let said = message(&bytes).unwrap_or_default();
            assert!(said.contains(page), "{said}");
        }
    }

    #[test]
    fn what_only_windows_1252_text_has_too_is_read_as_it() {
        // Words of capitals alone: read as Windows-1252, with its
        // warning, as README says.
        for comment in [&b"G\x80LLER HELA TIDEN"[..], b"F\x99RSENAD"] {
            assert_read_as_windows_1252(comment);
        }
    }

    #[test]
    fn windows_1252_text_is_none() {
        // Review I's: each a Windows-1252 character between two letters,
        // in a file without å, ä or ö; and a file whose Swedish words
        // outnumber one that reads as code page 850 ('it”s').
        for comment in [
            &b"Yes\x85but later"[..],
            b"HPH\x99Tool and Teams\x99app",
            b"Budget 500\x80, 20 \x80/st, EUR \x80",
            b"Smith\x86Jones",
            b"Kontakt: DU\x8AAN PETROVIC",
            b"Talare: SLAVOJ \x8EI\x8EEK",
            b"\x8Cuvre complete; S\x8CUR; C\x8CUR",
            b"the \x94Tobak\x94program",
            b"\x82single\x91 quote and word\x82s",
            b"Du\x9Aan p\xE5 m\xF6tet",
            // Review K's: names and words with 'š', capitals with '…' or
            // '™' inside, a quotation mark glued into a Swedish word.
            b"Kontakt: Jan \x8Aa\x9Aek, du\x9Aan.petrovic@example.se",
            b"KLART\x85TROR VI, ACME\x99PRO",
            b"Se \x94H\xE4lsofr\xE4mjande\x94m\xF6ten, it\x94s",
            b"Se \x94rutin\x94nedan och \x94plan\x94som, inga \xE4ndringar",
            b"Enligt\x94plan\x94, sagte\x84ja\x94",
            b"HPH\x99 and HPH\x99 again",
            b"ACME\x80",
            b"it\x94s p\xE5 m\xF6tet i h\xE4lsan",
            b"2\x863",
        ] {
            assert_read_as_windows_1252(comment);
        }
    }
}
