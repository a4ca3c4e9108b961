//! Which characters the documents can print: those the embedded fonts have,
//! white space, and a few invisible marks.
//!
//! A character that no font has is either dropped by the typesetter without
//! a word (a Chinese character in a region's name would simply be missing)
//! or fails the PDF/A export with a message about the generated document
//! (an emoji, a control character pasted from another program). Found here,
//! it is a data error at the value that holds it.

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::typeset::fonts::Fonts;

/// Every code point that some embedded font has, sorted.
fn covered() -> &'static [u32] {
    static COVERED: OnceLock<Vec<u32>> = OnceLock::new();
    COVERED.get_or_init(|| {
        let mut covered: Vec<u32> = Fonts::shared()
            .fonts
            .iter()
            .flat_map(|font| font.info().coverage.iter())
            .collect();
        covered.sort_unstable();
        covered.dedup();
        covered
    })
}

/// The one white space character that is no space to a shaper: Ogham's
/// space mark, a visible stroke in Ogham script, needs a glyph.
const OGHAM_SPACE_MARK: char = '\u{1680}';

/// Whether the documents can print `c`.
pub fn is_printable(c: char) -> bool {
    needs_no_glyph(c) || covered().binary_search(&u32::from(c)).is_ok()
}

/// Whether `c` prints without a glyph of its own. A shaper sets every
/// white space character but one as a space of its width where the font
/// lacks it (U+3000, U+205F); Typst breaks the line at line separators.
/// Ogham's mark would print as an empty box, and the PDF/A export refuses
/// it ("could not be displayed").
fn needs_no_glyph(c: char) -> bool {
    (c.is_whitespace() && c != OGHAM_SPACE_MARK) || is_invisible(c)
}

/// Invisible marks that typesetting takes as they are meant (break
/// opportunities, joiners, direction marks, soft hyphen, and a byte-order
/// mark inside a text, which the escaper writes as the word joiner it
/// means there), and the two variation selectors that ask for a symbol
/// as text or as an emoji (`✔️`, `❤️` from Word or a chat): the shaper
/// sets the symbol as the fonts have it and hides the selector.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{fe0e}' | '\u{fe0f}' | '\u{feff}'
    )
}

/// Whether `c` is a formatting character that has no glyph and that the
/// documents cannot take: the controls of text direction (an override,
/// U+202E, turns the rest of a terminal's line around), invisible math
/// operators, deprecated format characters, annotation marks and tags. A
/// message names them by code only.
fn is_format_control(c: char) -> bool {
    matches!(
        c,
        '\u{61c}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2061}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// The replacement character, which stands where a program reading a text
/// in the wrong encoding lost a letter ("h�lsa"): it prints, but as a
/// sign that the letter is missing, which no document should show.
pub const LOST_LETTER: char = '\u{fffd}';

/// What a message says of [`LOST_LETTER`], and what to do about it.
pub const LOST_LETTER_SAID: (&str, &str) = (
    "the replacement character '\u{fffd}' (U+FFFD), which stands where a letter was lost when \
     the text was saved or read in another encoding",
    "type the letter again: most often å, ä or ö",
);

/// Whether `text` prints nothing: white space and invisible marks only.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// The first character of `text` that cannot be printed, with its index in
/// characters. A letter with combining marks prints where its composed form
/// does: the shaper sets the composed letter where a font has it, so an `ä`
/// written as `a` and U+0308 (as macOS and some PDFs give it) prints,
/// though no font has U+0308 alone.
pub fn first_unprintable(text: &str) -> Option<(usize, char)> {
    // Without combining marks (most texts) each character is a cluster of
    // its own: checked one by one, without cutting the text into clusters.
    let has_marks = text.chars().any(|c| c >= '\u{300}' && is_combining_mark(c));
    if !has_marks {
        return text.chars().enumerate().find(|&(_, c)| !is_printable(c));
    }
    unprintable(text).next()
}

/// Every character of `text` that cannot be printed (see
/// [`first_unprintable`]), with its index in characters, in order.
pub fn unprintable(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut index = 0;
    clusters(text).flat_map(move |cluster| {
        let start = index;
        index += cluster.chars().count();
        let missing: Vec<(usize, char)> = if cluster.chars().nth(1).is_none() {
            cluster
                .chars()
                .filter(|&c| !is_printable(c))
                .map(|c| (0, c))
                .collect()
        } else {
            cluster_lacks(cluster)
        };
        missing.into_iter().map(move |(at, c)| (start + at, c))
    })
}

/// What of a letter with marks (a cluster of more than one character) the
/// documents cannot print, by index in the cluster. The shaper sets a
/// cluster in one font, or drops its letter: it prints where one font has
/// every character of it, as written or composed (`★` with U+0301 has no
/// such font, though Open Sans has the accent and HFS Symbols the star).
/// Otherwise what the font of its first character lacks is named (or each
/// character no font has).
fn cluster_lacks(cluster: &str) -> Vec<(usize, char)> {
    let fonts = &Fonts::shared().fonts;
    let has = |font: &typst::text::Font, c: char| {
        needs_no_glyph(c) || font.info().coverage.contains(u32::from(c))
    };
    let whole = |chars: &mut dyn Iterator<Item = char>| {
        let chars: Vec<char> = chars.collect();
        fonts.iter().any(|font| chars.iter().all(|&c| has(font, c)))
    };
    if whole(&mut cluster.chars()) || whole(&mut cluster.nfc()) {
        return Vec::new();
    }
    let first = cluster.chars().next().unwrap_or(' ');
    let lacking: Vec<(usize, char)> = match fonts.iter().find(|font| has(font, first)) {
        Some(font) => cluster
            .chars()
            .enumerate()
            .filter(|&(_, c)| !has(font, c))
            .collect(),
        None => cluster
            .chars()
            .enumerate()
            .filter(|&(_, c)| !is_printable(c))
            .collect(),
    };
    if lacking.is_empty() {
        // Cannot happen (no font has it all, yet the first one's has it
        // all); named all the same rather than let through.
        return cluster.chars().enumerate().skip(1).collect();
    }
    lacking
}

/// The characters of `text` that cannot be printed, each once, named for a
/// message ("the character '中' (U+4E2D) and the character '👍' (U+1F44D)"),
/// so that one run reports them all; `None` when every one prints.
pub fn describe_unprintable(text: &str) -> Option<String> {
    /// More are counted, not named.
    const NAMED: usize = 5;
    first_unprintable(text)?;
    let mut found: Vec<char> = Vec::new();
    for (_, c) in unprintable(text) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    let named: Vec<String> = found.iter().take(NAMED).map(|&c| describe(c)).collect();
    Some(match (named.as_slice(), found.len()) {
        ([], _) => return None,
        ([one], 1) => one.clone(),
        (_, n) if n > NAMED => format!("{} and {} more", named.join(", "), n - NAMED),
        ([first @ .., last], _) => format!("{} and {last}", first.join(", ")),
    })
}

/// `text` as a message shows the value found: each character that cannot
/// be seen (an invisible mark, a byte-order mark, a control character, a
/// space other than the space and the no-break spaces, and a no-break
/// space at either end) written as `<U+200B>`, so that a value does not
/// look like the one expected ("region '<U+FEFF>orebro' is not a region",
/// "key 'status' is 'draft<U+00A0>'").
pub fn shown(text: &str) -> Cow<'_, str> {
    let last = text.chars().count().saturating_sub(1);
    let hidden = |(i, c): (usize, char)| {
        let no_break = matches!(c, '\u{a0}' | '\u{202f}');
        is_invisible(c)
            || is_format_control(c)
            || c.is_control()
            || (c.is_whitespace() && c != ' ' && !no_break)
            || (no_break && (i == 0 || i == last))
    };
    if !text.chars().enumerate().any(hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                if hidden((i, c)) {
                    format!("<U+{:04X}>", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A value found, as a message quotes it: [`shown`], and cut short after
/// 60 characters.
pub fn for_message(text: &str) -> String {
    const MAX: usize = 60;
    let text = shown(text);
    if text.chars().count() <= MAX {
        text.into_owned()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// `text` cut into letters with the combining marks that follow them (a
/// mark at the start stands alone with those after it).
pub fn clusters(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        chars.next()?;
        let end = chars
            .find(|&(_, c)| !is_combining_mark(c))
            .map_or(rest.len(), |(at, _)| at);
        let (cluster, after) = rest.split_at(end);
        rest = after;
        Some(cluster)
    })
}

/// How a character that cannot be printed is named in a message.
pub fn describe(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    if c.is_control() {
        format!("the control character {code}")
    } else if c.is_whitespace() {
        format!("the space character {code}")
    } else if c == '\u{feff}' {
        format!("an invisible byte-order mark ({code})")
    } else if is_format_control(c) {
        format!("the invisible formatting character {code}")
    } else if ('\u{e000}'..='\u{f8ff}').contains(&c) {
        format!("the private character {code}")
    } else {
        format!("the character '{c}' ({code})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_in_a_message_shows_what_cannot_be_seen() {
        assert_eq!(shown("Region Skåne"), "Region Skåne");
        // No-break spaces between digits are as Swedes write numbers.
        assert_eq!(shown("1\u{a0}234,5\u{a0}%"), "1\u{a0}234,5\u{a0}%");
        assert_eq!(shown("\u{feff}orebro"), "<U+FEFF>orebro");
        assert_eq!(shown("draft\u{a0}"), "draft<U+00A0>");
        assert_eq!(shown("4\u{200b}"), "4<U+200B>");
        assert_eq!(shown("a\tb"), "a<U+0009>b");
        // A direction override would turn the terminal's line around.
        assert_eq!(shown("ok\u{202e}skane"), "ok<U+202E>skane");
        assert_eq!(for_message(&"x\u{200b}".repeat(40)).chars().count(), 61);
    }

    #[test]
    fn the_first_character_that_cannot_print_is_found_with_or_without_marks() {
        // The check without clusters takes no character below U+0300 for
        // a combining mark.
        assert!(('\0'..'\u{300}').all(|c| !is_combining_mark(c)));
        for text in [
            "Region Skåne",
            "a\u{7}b\u{1}",
            "Bra, ä och a\u{308}",
            "\u{308}x",
            "★\u{301} och 中",
            "中 och ★\u{301}",
            "ok\u{202e}",
            "\r\n\t 50\u{a0}%",
        ] {
            assert_eq!(
                first_unprintable(text),
                unprintable(text).next(),
                "{text:?}"
            );
        }
        assert_eq!(first_unprintable("a\u{7}b"), Some((1, '\u{7}')));
        assert_eq!(first_unprintable("ä 中"), Some((2, '中')));
    }

    proptest::proptest! {
        /// Letters, marks that combine with them, characters no font has,
        /// controls and symbols, in any order.
        #[test]
        fn the_first_character_that_cannot_print_is_found_in_any_text(
            text in "[a-zåäöA-Z \\u{300}-\\u{36f}\\u{1ab0}-\\u{1aff}\\u{20d0}-\\u{20ff}中★€•\\u{0}-\\u{1f}\\u{200b}-\\u{200f}]{0,12}",
        ) {
            proptest::prop_assert_eq!(first_unprintable(&text), unprintable(&text).next());
        }
    }

    #[test]
    fn every_character_that_cannot_print_is_named_once() {
        assert_eq!(describe_unprintable("Bra, ä och a\u{308}"), None);
        assert_eq!(
            describe_unprintable("€ 中 • 👍 → 中 ✓ 😀"),
            Some(
                "the character '中' (U+4E2D), the character '👍' (U+1F44D) and the character '😀' \
                 (U+1F600)"
                    .into()
            )
        );
        assert_eq!(
            describe_unprintable("\u{7}😀中\u{1}\u{2}\u{3}"),
            Some(
                "the control character U+0007, the character '😀' (U+1F600), the character '中' \
                 (U+4E2D), the control character U+0001, the control character U+0002 and 1 more"
                    .into()
            )
        );
    }

    #[test]
    fn swedish_and_european_text_prints_and_odd_characters_do_not() {
        let text = "Region Gävleborg – Västra Götaland «Åre» 45,5 % € Ελληνικά русский\u{a0}\t\n";
        assert_eq!(first_unprintable(text), None);
        // Symbols from Word print, in HFS Symbols; not with a mark that
        // only another font has, which the shaper would set without its
        // symbol or letter.
        assert_eq!(first_unprintable("Mål → uppfyllt ✓ ● ★ ⅓ ☐ ⇒"), None);
        // Asked for as an emoji (`✔️`), or as text, a symbol prints as
        // the fonts have it; one they lack does not, asked for or not.
        assert_eq!(first_unprintable("✔\u{fe0f} ❤\u{fe0f} ⚠\u{fe0e}"), None);
        assert_eq!(first_unprintable("✅\u{fe0f}"), Some((0, '✅')));
        assert_eq!(first_unprintable("X ★\u{301}"), Some((3, '\u{301}')));
        assert_eq!(first_unprintable("X a\u{20d7}"), Some((3, '\u{20d7}')));
        assert_eq!(first_unprintable("ok 中"), Some((3, '中')));
        assert_eq!(first_unprintable("a\u{7}"), Some((1, '\u{7}')));
        assert_eq!(first_unprintable("😀"), Some((0, '😀')));
        assert_eq!(first_unprintable("a\u{3000}b\u{205f}c"), None);
        assert_eq!(first_unprintable("a\u{1680}b"), Some((1, '\u{1680}')));
        // `Gävle` and `Skåne` written with combining marks print, composed;
        // a mark that composes with nothing the fonts have does not.
        assert_eq!(first_unprintable("Ga\u{308}vle Ska\u{30a}ne"), None);
        assert_eq!(first_unprintable("xq\u{30a}"), Some((2, '\u{30a}')));
        assert_eq!(describe('\u{7}'), "the control character U+0007");
        assert_eq!(describe('中'), "the character '中' (U+4E2D)");
        assert_eq!(describe('\u{1680}'), "the space character U+1680");
        assert_eq!(
            describe('\u{feff}'),
            "an invisible byte-order mark (U+FEFF)"
        );
        assert_eq!(first_unprintable("a\u{202e}b"), Some((1, '\u{202e}')));
        assert_eq!(
            describe('\u{202e}'),
            "the invisible formatting character U+202E"
        );
    }
}
