//! Words wider than a narrow column that does not hyphenate: in the
//! action plan's table ("Kontinuerligt un-der året" reads badly in a
//! narrow column), a title such as `Hälsofrämjandesamordnare` in Ansvariga
//! (some 11.3 em of 9 pt), a 35-letter compound in Uppföljning (15.7 em),
//! a code, or a piece of an e-mail address between its marks
//! (`regionjamtlandharjedalen`) in Tidplan (8.4 em); in a follow-up
//! report's Kommentar (17.9 em of 8.5 pt) a compound of some 35 letters;
//! in the organisation chart the process leaders' title (17.6 em of 9 pt)
//! or a theme group's name (13.4 em). Such
//! a stretch would run over the cell's border into the next column, or
//! past the page's edge.
//!
//! Which of them are wider than their column is not known here: the
//! widths at hand are the widest face's, while most cells are set in the
//! regular one (`Verksamhetsutvecklare` is 11.9 em wide in bold and fits
//! Ansvariga in regular). So each stretch that may be too wide goes to
//! the style's `narrow-word`, which measures it in its cell's text and
//! sets it as it is where it fits. Where it does not, it is set broken:
//! hyphenated, if it is a word whose syllables fit the column, or else
//! with a break opportunity every 6 em (an address is never hyphenated:
//! Typst would add hyphens inside its names).

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{
    EVERY_EM, Room, Widths, after_spaces, break_offsets, breaks_in, glued_across_spaces,
    inner_marks, is_break_space, link_pieces, unbreakable_stretches, with_breaks_at,
};
use crate::render::escape;

/// A narrow column: what the style's `narrow-room` gives the width of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A column of the action plan's table.
    Action(ActionColumn),
    /// The follow-up reports' activity table's Kommentar.
    Comment,
    /// The box of the process leaders in the plan's organisation chart.
    ProcessLeaders,
    /// A theme group's name in the plan's organisation chart.
    ThemeGroup,
}

/// A column of the action plan's table, in the order of the style's
/// `action-shares`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionColumn {
    /// Fokusområden: the area's title and perspective.
    Title,
    /// Aktiviteter.
    Activity,
    /// Ansvariga.
    Responsible,
    /// Tidplan.
    Timeline,
    /// Uppföljning.
    FollowUp,
}

impl ActionColumn {
    /// The columns from left to right.
    const ALL: [Self; 5] = [
        Self::Title,
        Self::Activity,
        Self::Responsible,
        Self::Timeline,
        Self::FollowUp,
    ];

    /// The least the column holds, in em of its 9 pt: a little less than
    /// the widths of `action-shares` in hfs-style.typ leave inside the
    /// cells' insets (15.7, 23.8, 11.3, 8.4 and 15.7 em). A stretch no
    /// wider than this in the widest face surely fits; a wider one is
    /// measured.
    fn room_em(self) -> f64 {
        match self {
            Self::Title | Self::FollowUp => 15.0,
            Self::Activity => 23.0,
            Self::Responsible => 11.0,
            Self::Timeline => 8.0,
        }
    }
}

impl Place {
    /// Every narrow column.
    fn all() -> impl Iterator<Item = Self> {
        ActionColumn::ALL.into_iter().map(Self::Action).chain([
            Self::Comment,
            Self::ProcessLeaders,
            Self::ThemeGroup,
        ])
    }

    /// How templates and the style's `narrow-room` name the column: the
    /// action table's by its index (from 0), the others by name.
    fn name(self) -> Cow<'static, str> {
        match self {
            Self::Action(column) => Cow::Owned((column as usize).to_string()),
            Self::Comment => Cow::Borrowed("comment"),
            Self::ProcessLeaders => Cow::Borrowed("process-leaders"),
            Self::ThemeGroup => Cow::Borrowed("theme-group"),
        }
    }

    /// The column a template names (see `Place::name`), or `None` if
    /// there is no such column.
    pub fn named(name: &str) -> Option<Self> {
        Self::all().find(|place| place.name() == name)
    }

    /// How much the column surely holds, in em of the widest face at its
    /// size (a test checks this against the style's `narrow-room`): a
    /// little less than the style gives it. The Kommentar holds 17.9 em
    /// of 8.5 pt, the process leaders' box 17.6 em of 9 pt and a theme
    /// group's name 13.4 em.
    pub fn room_em(self) -> f64 {
        match self {
            Self::Action(column) => column.room_em(),
            Self::Comment => 17.5,
            Self::ProcessLeaders => 17.0,
            Self::ThemeGroup => 13.0,
        }
    }

    /// How `narrow-word` is told the column: its name, an index as a
    /// number and a name as a string.
    fn argument(self) -> String {
        match self {
            Self::Action(_) => self.name().into_owned(),
            _ => escape::string_literal(&self.name()),
        }
    }
}

/// A narrow column, for the text in its cells.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    /// Which column it is.
    place: Place,
    /// The document's language code, whose hyphenation patterns Typst uses.
    lang: &'a str,
    /// How far the lists the text is in indent it, in em.
    indent_em: f64,
}

/// How far a list indents its items' text besides its marker, in em: the
/// style's `list-indent` and `list-body-indent`.
const LIST_GAP_EM: f64 = 1.1;

/// How far a list whose widest marker is `marker` (`•`, `12.`) indents its
/// items' text, in em of the widest face.
pub fn list_indent_em(marker: &str) -> f64 {
    LIST_GAP_EM + super::width_em(marker)
}

impl<'a> Column<'a> {
    /// The column at `place`, for text in the language `lang`.
    pub fn new(place: Place, lang: &'a str) -> Self {
        Self {
            place,
            lang,
            indent_em: 0.0,
        }
    }

    /// The column, for text that lists indent by `indent_em` (see
    /// [`list_indent_em`]).
    pub fn indented(self, indent_em: f64) -> Self {
        Self { indent_em, ..self }
    }

    /// How much the column surely holds, in em of the widest face, less
    /// the indent of its lists.
    fn room_em(self) -> f64 {
        self.place.room_em() - self.indent_em
    }
}

/// A text of a narrow column as Typst markup: as [`super::text_markup`]
/// writes it, and each stretch where no line may break that may be wider
/// than the column a call of the style's `narrow-word` (see the module's
/// comment). The column places its own break opportunities: the text's
/// zero-width spaces are left out first. A text may come with those that
/// every text gets where its room is not known
/// ([`super::with_breaks_in_long_words`]): the secretariat's comments do,
/// for the templates of earlier versions that print them as they are.
pub fn column_markup(text: &str, column: Column<'_>) -> String {
    let text = without_break_opportunities(text);
    let breaks = break_offsets(&text, Room::Measured);
    let text = with_breaks_at(&text, &breaks);
    pieces_markup(&[&text], column).concat()
}

/// `text` without the zero-width spaces it holds, for a narrow column,
/// which places its own.
pub fn without_break_opportunities(text: &str) -> Cow<'_, str> {
    if text.contains('\u{200b}') {
        Cow::Owned(text.replace('\u{200b}', ""))
    } else {
        Cow::Borrowed(text)
    }
}

/// How a stretch too wide for its column is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Broken {
    /// Hyphenated, or with a break opportunity every 6 em: a word, or a
    /// part of an address or file name (`addressed`, never hyphenated).
    Word { addressed: bool },
    /// Words that Unicode's rules glue together across spaces
    /// (`(( Verksamhetsårets )),`; see [`Room::Unknown`]): hyphenated where
    /// its pieces fit, so that the brackets stay with their word, and else
    /// with a break opportunity after each of its spaces, its words then
    /// measured one by one.
    Glued { addressed: bool },
}

/// [`column_markup`] of the texts of a line of a cell that are printed
/// one right after another, each with its break opportunities already:
/// Markdown's texts around its emphasis and links. A stretch that runs on
/// from one text into the next (`**Sjukvårds**organisationen`) is measured
/// whole; each text's part of it is a call of its own, which shows that
/// part (see `narrow_call`).
pub fn pieces_markup(pieces: &[&str], column: Column<'_>) -> Vec<String> {
    let widths = Widths::get();
    let joined = pieces.concat();
    let wide = wide_stretches(&joined, widths, column.room_em());
    let mut markups = Vec::with_capacity(pieces.len());
    let mut start = 0;
    for piece in pieces {
        let end = start + piece.len();
        let mut markup = String::with_capacity(piece.len() + 16);
        let mut done = start;
        for &(from, to, how) in wide
            .iter()
            .filter(|&&(from, to, _)| from < end && start < to)
        {
            let shown = from.max(start)..to.min(end);
            markup.push_str(&escape::markup(&joined[done..shown.start]));
            markup.push_str(&narrow_call(&joined, from..to, shown.clone(), how, column));
            done = shown.end;
        }
        markup.push_str(&escape::markup(&joined[done..end]));
        markups.push(markup);
        start = end;
    }
    markups
}

/// The call of `narrow-word` for the stretch `whole` of `text`, of which it
/// shows the part `shown` (all of it, unless the stretch runs over from one
/// of Markdown's texts into the next): where the stretch does not fit,
/// the part broken as `how` says: hyphenated only as all of the stretch
/// can be, and with those of the stretch's break opportunities that fall
/// in it.
fn narrow_call(
    text: &str,
    whole: Range<usize>,
    shown: Range<usize>,
    how: Broken,
    column: Column<'_>,
) -> String {
    let widths = Widths::get();
    let stretch = &text[whole.clone()];
    let part = &text[shown.clone()];
    let hyphenated = match how {
        Broken::Word { addressed } | Broken::Glued { addressed } => {
            !addressed
                && hyphenation(column.lang)
                    .is_some_and(|lang| hyphenates_to_fit(stretch, lang, widths, column.room_em()))
        }
    };
    let broken = match how {
        _ if hyphenated => format!("#text(hyphenate: true)[{}]", escape::markup(part)),
        Broken::Glued { .. } if whole == shown => {
            let spaces: Vec<usize> = after_spaces(stretch, 0, stretch.len());
            pieces_markup(&[&with_breaks_at(stretch, &spaces)], column).concat()
        }
        Broken::Word { .. } | Broken::Glued { .. } => {
            // The whole stretch's break opportunities that fall in this
            // part, its start included (but the stretch's own start).
            let inside: Vec<usize> = breaks_in(stretch, widths, every_em(column.room_em()))
                .map(|at| whole.start + at)
                .filter(|at| shown.contains(at))
                .map(|at| at - shown.start)
                .collect();
            escape::markup(&with_breaks_at(part, &inside))
        }
    };
    let indent = if column.indent_em > 0.0 {
        format!(", indent: {:.3}em", column.indent_em)
    } else {
        String::new()
    };
    let part = if whole == shown {
        String::new()
    } else {
        format!(", part: {}", escape::string_literal(part))
    };
    format!(
        "#narrow-word({}, {}, [{broken}]{indent}{part});",
        column.place.argument(),
        escape::string_literal(stretch)
    )
}

/// The stretches of `text` (start and end offsets) where no line may break
/// (between white space, but where Unicode's rules glue words across it,
/// and the places those rules allow a break, after a zero-width space too),
/// outside links, that are wider than `room_em`, in order; each with how
/// it is broken where it does not fit.
fn wide_stretches(text: &str, widths: &Widths, room_em: f64) -> Vec<(usize, usize, Broken)> {
    let fewest = widths.fewest_chars_wider_than(room_em);
    if text.chars().count() <= fewest {
        return Vec::new();
    }
    let glued = if text.contains(is_break_space) {
        glued_across_spaces(text, widths, room_em)
    } else {
        Vec::new()
    };
    let addressed = |stretch: &str| !inner_marks(&stretch.replace('\u{200b}', "")).is_empty();
    let mut wide: Vec<(usize, usize, Broken)> = glued
        .iter()
        .map(|&(from, to)| {
            let addressed = text[from..to].split(is_break_space).any(addressed);
            (from, to, Broken::Glued { addressed })
        })
        .collect();
    // A word's stretch in a glued one is broken with it.
    let in_glued = |at: usize, end: usize| glued.iter().any(|&(from, to)| at < to && from < end);
    let mut start = 0;
    for piece in text.split_inclusive(is_break_space) {
        let word = piece.trim_end_matches(is_break_space);
        if word.chars().count() > fewest {
            let addressed = addressed(word);
            let mut part_start = start;
            for (part, link) in link_pieces(word) {
                if !link {
                    for (from, to) in unbreakable_stretches(part) {
                        // A break opportunity ends its stretch; it stays
                        // outside the call, as the markup's empty box.
                        let stretch = part[from..to].trim_end_matches('\u{200b}');
                        let (from, to) = (part_start + from, part_start + from + stretch.len());
                        if widths.of(stretch) > room_em && !in_glued(from, to) {
                            wide.push((from, to, Broken::Word { addressed }));
                        }
                    }
                }
                part_start += part.len();
            }
        }
        start += piece.len();
    }
    wide.sort_unstable_by_key(|&(from, ..)| from);
    wide
}

/// Whether Typst, hyphenating `stretch`, can break it into pieces that
/// each fit the column with their hyphen. It hyphenates each of the
/// stretch's words (by Unicode's word boundaries) that is all letters,
/// where `hypher` says, as typst-layout's line breaker does; a word with a
/// digit or a combining mark in it is not hyphenated.
fn hyphenates_to_fit(stretch: &str, lang: hypher::Lang, widths: &Widths, room_em: f64) -> bool {
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
        .all(|w| widths.of(&stretch[w[0]..w[1]]) + hyphen <= room_em)
}

/// The hyphenation patterns of the language `lang` (its code), if
/// `hypher` has them.
fn hyphenation(lang: &str) -> Option<hypher::Lang> {
    <[u8; 2]>::try_from(lang.as_bytes())
        .ok()
        .and_then(hypher::Lang::from_iso)
}

/// How far apart the break opportunities in a stretch that cannot be
/// hyphenated are, in a room of `room_em`: [`EVERY_EM`], or less where the
/// room (less a list's indent) is narrow, so that each piece with the tail
/// of a line fits it.
fn every_em(room_em: f64) -> f64 {
    EVERY_EM.min(room_em - 2.0).max(0.5)
}

/// A text set where its room is known here, `room_em` (in em of the widest
/// face), and Typst hyphenates it in the language `lang`: a region's
/// answer in its column, and the previous year's under it. Each stretch
/// where no line may break that is wider than the room, and that Typst
/// cannot hyphenate into pieces that fit it (a digit or a mark in it:
/// `Kvartalsrapporteringsunderlag2025`), gets a break opportunity every
/// 6 em, or less in a narrower room. So does every other stretch wider
/// than the room in its run between white space
/// (`arbetsplatsträffar/kvartalsrapporter2025`): the style's `breakable`
/// sets a run with break opportunities unhyphenated.
pub fn with_breaks_in_room<'t>(text: &'t str, room_em: f64, lang: &str) -> Cow<'t, str> {
    let widths = Widths::get();
    if widths.of(text) <= room_em {
        return Cow::Borrowed(text);
    }
    let lang = hyphenation(lang);
    let mut breaks = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive(is_break_space) {
        let run = piece.trim_end_matches(is_break_space);
        // The run's stretches wider than the room (a break opportunity
        // ends its stretch, as a space does).
        let wide: Vec<(usize, &str)> = unbreakable_stretches(run)
            .map(|(from, to)| (from, run[from..to].trim_end_matches('\u{200b}')))
            .filter(|(_, stretch)| widths.of(stretch) > room_em)
            .collect();
        let hyphenated = wide.iter().all(|(_, stretch)| {
            lang.is_some_and(|lang| hyphenates_to_fit(stretch, lang, widths, room_em))
        });
        if !hyphenated {
            for (from, stretch) in wide {
                breaks.extend(
                    breaks_in(stretch, widths, every_em(room_em)).map(|at| start + from + at),
                );
            }
        }
        start += piece.len();
    }
    if breaks.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(with_breaks_at(text, &breaks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(index: usize) -> Column<'static> {
        Column::new(Place::named(&index.to_string()).expect("a column"), "sv")
    }

    const ANSVARIGA: usize = 2;
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
                column_markup(text, column(TIDPLAN)),
                super::super::text_markup(text),
                "{text}"
            );
        }
        // Wider columns measure only wider words.
        let text = "Hälsofrämjandesamordnare";
        assert_eq!(column_markup(text, column(4)), text);
    }

    #[test]
    fn a_word_that_may_not_fit_is_measured_and_hyphenated_where_it_does_not() {
        assert_eq!(
            column_markup("Anna, Hälsofrämjandesamordnare.", column(ANSVARIGA)),
            "Anna\\, #narrow-word(2, \"Hälsofrämjandesamordnare.\", \
             [#text(hyphenate: true)[Hälsofrämjandesamordnare\\.]]);"
        );
        // Wider than a page's last column (21 em) too: elsewhere it would
        // get a break every 6 em, here it is hyphenated.
        for compound in [
            "Sjukvårdsförvaltningsorganisationen",
            "Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet",
        ] {
            assert_eq!(
                column_markup(compound, column(4)),
                format!("#narrow-word(4, \"{compound}\", [#text(hyphenate: true)[{compound}]]);")
            );
        }
    }

    #[test]
    fn the_kommentar_and_the_theme_groups_measure_their_words_too() {
        let word = "Sjukvårdsförvaltningsorganisationernas";
        assert_eq!(
            column_markup(&format!("Se {word}."), Column::new(Place::Comment, "sv")),
            format!(
                "Se #narrow-word(\"comment\", \"{word}.\", [#text(hyphenate: true)[{word}\\.]]);"
            )
        );
        // A theme group's name has less room: a word that surely fits the
        // Kommentar (15.1 em) is measured there.
        let word = "Hälsofrämjandesamordnarna";
        assert_eq!(column_markup(word, Column::new(Place::Comment, "sv")), word);
        assert_eq!(
            column_markup(word, Column::new(Place::ThemeGroup, "sv")),
            format!("#narrow-word(\"theme-group\", \"{word}\", [#text(hyphenate: true)[{word}]]);")
        );
    }

    #[test]
    fn a_text_with_break_opportunities_already_is_measured_as_written() {
        // Where the room is not known, a word wider than 21 em gets a break
        // every 6 em; a narrow column measures it whole and hyphenates it.
        let word = "Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet";
        let broken = super::super::with_breaks_in_long_words(word);
        assert!(broken.contains('\u{200b}'));
        let column = Column::new(Place::Comment, "sv");
        assert_eq!(column_markup(&broken, column), column_markup(word, column));
        assert!(column_markup(word, column).contains("#text(hyphenate: true)"));
    }

    #[test]
    fn where_the_room_is_known_only_what_typst_cannot_hyphenate_gets_breaks() {
        let room = 7.3;
        // Fits, or Typst hyphenates it into pieces that fit.
        for text in ["st", "utbildningstillfällen", "medarbetare inom vården"] {
            assert_eq!(with_breaks_in_room(text, room, "sv"), text);
        }
        // A digit in it: breaks every 5.3 em (the room less 2 em).
        let unit = "Kvartalsrapporteringsunderlag2025";
        let broken = with_breaks_in_room(unit, room, "sv");
        assert_eq!(broken.replace('\u{200b}', ""), unit);
        let widths = Widths::get();
        for piece in broken.split('\u{200b}') {
            assert!(widths.of(piece) <= room, "{piece:?} in {broken:?}");
        }
        // A run with a stretch that gets breaks is not hyphenated: its
        // other wide stretches get them too.
        for unit in [
            "arbetsplatsträffar/kvartalsrapporter2025",
            "Hälsofrämjandeutbildningstillfällen-Kvartalsrapporteringsunderlag2025",
        ] {
            let broken = with_breaks_in_room(unit, room, "sv");
            for (from, to) in unbreakable_stretches(&broken) {
                let piece = broken[from..to].trim_end_matches('\u{200b}');
                assert!(widths.of(piece) <= room, "{piece:?} in {broken:?}");
            }
        }
        assert_eq!(
            with_breaks_in_room("utbildningstillfällen 2025", room, "sv"),
            "utbildningstillfällen 2025"
        );
        // A language without patterns hyphenates nothing.
        assert_ne!(
            with_breaks_in_room("utbildningstillfällen", room, "xx"),
            "utbildningstillfällen"
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
                column_markup(text, column(TIDPLAN)),
                format!("#narrow-word(3, \"{text}\", [{broken}]);"),
            );
        }
        assert_eq!(
            column_markup("kontakt@regionjamtlandharjedalen.se", column(TIDPLAN)),
            "#text(hyphenate: false)[kontakt\\@#box();]\
             #narrow-word(3, \"regionjamtlandharjedalen.\", \
             [#text(hyphenate: false)[regionjamtla#box();ndharjedalen\\.]]);\
             #text(hyphenate: false)[#box();se]"
        );
    }

    #[test]
    fn words_glued_across_spaces_are_measured_together_and_broken_at_the_spaces() {
        // No break before a closing bracket or after an opening one, even
        // after spaces: the brackets are measured with the word. Where the
        // whole does not fit, it is hyphenated, the brackets kept with
        // their word, or, where it cannot be, broken at its spaces, the
        // word then measured on its own.
        assert_eq!(
            column_markup("(( Verksamhetsårets )),", column(TIDPLAN)),
            "#narrow-word(3, \"(( Verksamhetsårets )),\", \
             [#text(hyphenate: true)[\\(\\( Verksamhetsårets \\)\\)\\,]]);"
        );
        assert_eq!(
            column_markup("(( Kvartalsrapport2025 )),", column(TIDPLAN)),
            "#narrow-word(3, \"(( Kvartalsrapport2025 )),\", [\\(\\( #text(hyphenate: false)[#box();]\
             #narrow-word(3, \"Kvartalsrapport2025\", [#text(hyphenate: false)[Kvartalsrapp#box();ort2025]]); \
             #text(hyphenate: false)[#box();\\)\\)\\,]]);"
        );
        // Such a stretch is not broken where the column is not known to be
        // too narrow for it, nor in a wider column.
        let text = "Läs ( Sjukvårdsförvaltningsorganisationernas ) och mer.";
        assert!(!column_markup(text, column(1)).contains("#box()"));
        assert!(column_markup(text, column(4)).contains("#narrow-word(4, \"( Sjukv"));
        // A stretch that is glued across a hyphen's break too is one.
        assert!(
            column_markup("hälso-( Kvartalsrapporter2025 )", column(TIDPLAN))
                .starts_with("hälso\\-#narrow-word(3, \"( Kvartals")
        );
    }

    #[test]
    fn a_stretch_that_runs_on_through_markdown_is_measured_whole_in_each_part() {
        let pieces = ["Se ", "Sjukvårdsförvaltnings", "organisationen och mer."];
        let whole = "Sjukvårdsförvaltningsorganisationen";
        assert_eq!(
            pieces_markup(&pieces, column(4)),
            [
                "Se ".to_string(),
                format!(
                    "#narrow-word(4, \"{whole}\", [#text(hyphenate: true)[Sjukvårdsförvaltnings]], \
                     part: \"Sjukvårdsförvaltnings\");"
                ),
                format!(
                    "#narrow-word(4, \"{whole}\", [#text(hyphenate: true)[organisationen]], \
                     part: \"organisationen\"); och mer\\."
                ),
            ]
        );
        // Where it cannot be hyphenated, it may break every 6 em, but not
        // after an opening bracket nor before a closing one.
        let pieces = ["(", "Folkhälsomyndighetsrapporten2024", ")."];
        assert_eq!(
            pieces_markup(&pieces, column(4)),
            pieces.map(|part| {
                let broken = match part {
                    "(" => "\\(",
                    ")." => "\\)\\.",
                    _ => "#text(hyphenate: false)[Folkhälsom#box();yndighetsrap#box();porten2024]",
                };
                format!(
                    "#narrow-word(4, \"(Folkhälsomyndighetsrapporten2024).\", [{broken}], part: \"{part}\");"
                )
            })
        );
        // The stretch's break opportunities, every 6 em, fall in whichever
        // part they do: where brackets stand around every part, too.
        let pieces = [
            "Folk(", "häl", ")so(", "myn", ")dig(", "hets", ")rap(", "por", ")ten(", "2024", ")",
        ];
        let markups = pieces_markup(&pieces, column(4)).concat();
        assert_eq!(markups.matches("#box();").count(), 3, "{markups}");
    }

    #[test]
    fn links_are_left_to_typst() {
        let text = "https://www.regionjamtlandharjedalen.se/halsa";
        assert_eq!(
            column_markup(text, column(TIDPLAN)),
            super::super::text_markup(text)
        );
    }

    #[test]
    fn templates_name_the_action_tables_five_columns_and_three_others() {
        assert_eq!(
            Place::named("4"),
            Some(Place::Action(ActionColumn::FollowUp))
        );
        assert_eq!(Place::named("5"), None);
        assert_eq!(Place::named("comment"), Some(Place::Comment));
        assert_eq!(Place::named("Kommentar"), None);
        // Each is found by the name `narrow-word` is given.
        for place in Place::all() {
            assert_eq!(Place::named(&place.name()), Some(place));
        }
        assert_eq!(Place::all().count(), 8);
    }
}
