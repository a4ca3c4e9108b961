//! Words wider than a narrow column of the action plan's table, Ansvariga
//! or Tidplan (some 11.6 and 8.4 em of 9 pt), where text is not hyphenated
//! ("Kontinuerligt un-der året" reads badly): a title such as
//! `Hälsofrämjandesamordnare`, a code, or a piece of an e-mail address
//! between its marks (`regionjamtlandharjedalen`) would run over the
//! cell's border into the next column.
//!
//! Which of them are wider than their column is not known here: the
//! widths at hand are the widest face's, while the cells are set in the
//! regular one (`Verksamhetsutvecklare` is 11.9 em wide in bold and fits
//! Ansvariga in regular). So each stretch that may be too wide goes to
//! the style's `narrow-word`, which measures it in its cell's text and
//! sets it as it is where it fits. Where it does not, it is set broken:
//! hyphenated, if it is a word whose syllables fit the narrowest column,
//! or else with a break opportunity every 6 em (an address is never
//! hyphenated: Typst would add hyphens inside its names).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{
    NARROWEST_EM, Widths, break_offsets, breaks_in, inner_marks, is_break_space, link_pieces,
    unbreakable_stretches, with_breaks_at,
};
use crate::render::escape;

/// A text of one of the action plan's narrow columns as Typst markup: as
/// [`super::text_markup`] writes it, but each stretch where no line may
/// break and that is wider than [`NARROWEST_EM`] in the widest face is a
/// call of the style's `narrow-word` with the stretch and its broken form
/// (see the module's comment). `column` is the column's index in the
/// style's `action-shares`, which `narrow-word` reads its width from;
/// `lang` the plan's language code, whose hyphenation patterns Typst uses.
pub fn narrow_column_markup(text: &str, column: usize, lang: &str) -> String {
    let breaks = break_offsets(text);
    let widths = Widths::get();
    let lang = <[u8; 2]>::try_from(lang.as_bytes())
        .ok()
        .and_then(hypher::Lang::from_iso);
    let mut out = String::with_capacity(text.len() + 16);
    let mut done = 0;
    for (range, addressed) in wide_stretches(text, &breaks, widths) {
        out.push_str(&plain(text, done..range.start, &breaks));
        let stretch = &text[range.clone()];
        let broken = match lang {
            Some(lang) if !addressed && hyphenates_to_fit(stretch, lang, widths) => {
                format!("#text(hyphenate: true)[{}]", escape::markup(stretch))
            }
            _ => {
                let inside: Vec<usize> = breaks_in(stretch, widths).collect();
                escape::markup(&with_breaks_at(stretch, &inside))
            }
        };
        out.push_str(&format!(
            "#narrow-word({column}, {}, [{broken}]);",
            escape::string_literal(stretch)
        ));
        done = range.end;
    }
    out.push_str(&plain(text, done..text.len(), &breaks));
    out
}

/// The part `range` of `text` as markup, with the break opportunities of
/// `breaks` in it, at either end too: a stretch between two parts has
/// none inside, and its ends are each the end of just one part.
fn plain(text: &str, range: Range<usize>, breaks: &[usize]) -> String {
    let inside: Vec<usize> = breaks
        .iter()
        .filter(|&&at| range.contains(&at) || at == range.end)
        .map(|at| at - range.start)
        .collect();
    escape::markup(&with_breaks_at(&text[range], &inside))
}

/// The stretches of `text` where no line may break (between white space,
/// the places Unicode's rules allow a break, and `breaks`), outside links,
/// that are wider than [`NARROWEST_EM`]; each with whether it is part of
/// an address or file name (a run with inner marks).
fn wide_stretches(text: &str, breaks: &[usize], widths: &Widths) -> Vec<(Range<usize>, bool)> {
    let fewest = widths.fewest_chars_wider_than(NARROWEST_EM);
    let mut wide = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive(is_break_space) {
        let word = piece.trim_end_matches(is_break_space);
        if word.chars().count() > fewest {
            let addressed = !inner_marks(word).is_empty();
            let mut part_start = start;
            for (part, link) in link_pieces(word) {
                let part_end = part_start + part.len();
                if !link {
                    let mut cuts: Vec<usize> = unbreakable_stretches(part)
                        .flat_map(|(from, to)| [part_start + from, part_start + to])
                        .chain(
                            breaks
                                .iter()
                                .copied()
                                .filter(|at| (part_start..part_end).contains(at)),
                        )
                        .chain([part_start, part_end])
                        .collect();
                    cuts.sort_unstable();
                    cuts.dedup();
                    wide.extend(
                        cuts.windows(2)
                            .map(|w| w[0]..w[1])
                            .filter(|range| widths.of(&text[range.clone()]) > NARROWEST_EM)
                            .map(|range| (range, addressed)),
                    );
                }
                part_start = part_end;
            }
        }
        start += piece.len();
    }
    wide
}

/// Whether Typst, hyphenating `stretch`, can break it into pieces that
/// each fit the narrowest column with their hyphen. It hyphenates each of
/// the stretch's words (by Unicode's word boundaries) that is all letters,
/// where `hypher` says, as typst-layout's line breaker does; a word with a
/// digit or a combining mark in it is not hyphenated.
fn hyphenates_to_fit(stretch: &str, lang: hypher::Lang, widths: &Widths) -> bool {
    let mut points = vec![0];
    let mut offset = 0;
    for word in stretch.split_word_bounds() {
        if !word.is_empty() && word.chars().all(char::is_alphabetic) {
            let mut at = offset;
            for syllable in hypher::hyphenate(word, lang) {
                at += syllable.len();
                if at < offset + word.len() {
                    points.push(at);
                }
            }
        }
        offset += word.len();
    }
    points.push(stretch.len());
    let hyphen = widths.of_char('-');
    points
        .windows(2)
        .all(|w| widths.of(&stretch[w[0]..w[1]]) + hyphen <= NARROWEST_EM)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIDPLAN: usize = 3;

    #[test]
    fn a_word_that_surely_fits_is_written_as_elsewhere() {
        for text in [
            "Kontinuerligt under året",
            "Sekretariatet och PU",
            "info@hfs.se",
            "",
        ] {
            assert_eq!(
                narrow_column_markup(text, TIDPLAN, "sv"),
                super::super::text_markup(text),
                "{text}"
            );
        }
    }

    #[test]
    fn a_word_that_may_not_fit_is_measured_and_hyphenated_where_it_does_not() {
        assert_eq!(
            narrow_column_markup("Anna, Hälsofrämjandesamordnare.", 2, "sv"),
            "Anna\\, #narrow-word(2, \"Hälsofrämjandesamordnare.\", \
             [#text(hyphenate: true)[Hälsofrämjandesamordnare\\.]]);"
        );
    }

    #[test]
    fn a_stretch_typst_cannot_hyphenate_gets_break_opportunities() {
        // A digit, a combining mark (a decomposed `ä`), a part of an
        // address: Typst would not hyphenate, or should not.
        for (text, broken) in [
            (
                "Kvartalsrapport2025",
                "#text(hyphenate: false)[Kvartalsrapp#box();ort2025]",
            ),
            (
                "Ha\u{308}lsofra\u{308}mjandesamordnare",
                "#text(hyphenate: false)[Ha\u{308}lsofra\u{308}#box();mjandesamo#box();rdnare]",
            ),
        ] {
            assert_eq!(
                narrow_column_markup(text, TIDPLAN, "sv"),
                format!("#narrow-word(3, \"{text}\", [{broken}]);"),
            );
        }
        assert_eq!(
            narrow_column_markup("kontakt@regionjamtlandharjedalen.se", TIDPLAN, "sv"),
            "#text(hyphenate: false)[kontakt\\@#box();]\
             #narrow-word(3, \"regionjamtlandharjedalen.\", \
             [#text(hyphenate: false)[regionjamtla#box();ndharjedalen\\.]]);\
             #text(hyphenate: false)[#box();se]"
        );
    }

    #[test]
    fn links_are_left_to_typst() {
        let text = "https://www.regionjamtlandharjedalen.se/halsa";
        assert_eq!(
            narrow_column_markup(text, TIDPLAN, "sv"),
            super::super::text_markup(text)
        );
    }
}
