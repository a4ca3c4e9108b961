//! What keeps text on the page: rows and blocks that may be too tall for a
//! page are marked for measuring, texts come with their [`Extent`] (from
//! which the action plan's table tells that a focus area surely fits a
//! page without measuring it), and long runs without white space, and
//! addresses and file names wider than a narrow column, get break
//! opportunities. (The templates' side is in hfs-style.typ: `kept-block`,
//! `too-tall`, `most-height`, the tables, and the empty box each
//! opportunity is set as.)

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, OnceLock};

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};
use serde::Serialize;

use unicode_normalization::UnicodeNormalization;

use crate::load::printable;
use crate::render::{escape, markdown};
use crate::typeset::fonts::Fonts;

mod narrow;

pub use narrow::{
    ActionColumn, Column, Place, column_markup, list_indent_em, pieces_markup, with_breaks_in_room,
    without_break_opportunities,
};

/// How wide the text of a row or block that is kept on one page is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// A table cell (the narrowest holds some 10 characters a line).
    Cell,
    /// The text's full width (some 55 characters a line even of the widest).
    Full,
}

/// Whether a text in a table row or a block that the templates keep on one
/// page might be too tall for a page. Typst measures such a row or block
/// and lets it break when it does not fit: kept whole, what does not fit
/// would run off the foot of the page and be lost. A shorter text surely
/// fits: in a cell, at most some 36 lines of the widest letters in the
/// narrowest column, where a landscape page has room for 38; at full
/// width, some 37 lines, with room for them and a chart on a portrait page.
/// Its row or block is not measured: measuring costs a second layout, and
/// a year of 300 regions whose every comment was measured took twice as
/// long (BENCHMARKS.md).
pub fn may_not_fit_a_page(text: &str, width: Width) -> bool {
    let (characters, lines) = match width {
        Width::Cell => (250, 8),
        Width::Full => (1200, 15),
    };
    text.chars().count() > characters || escape::lines(text).count() > lines
}

/// How wide `text` is on one line, in em, each character as wide as in the
/// widest face: what a column asks for when a table shares its width out
/// by what its columns hold.
pub fn width_em(text: &str) -> f64 {
    Widths::get().of(text)
}

/// Reads the fonts' widths and kerning pairs, which rendering measures
/// texts by, once per process. A build calls it on its second core while
/// the data loads; otherwise the first text measured reads them, and the
/// other renders wait for it.
pub fn read_font_metrics() {
    Widths::get();
    Kerning::get();
}

/// How much room a text needs on its lines: what the templates bound the
/// height of a table cell by without laying the text out (`most-height` in
/// hfs-style.typ). Measuring the focus areas of the action plan to learn
/// whether each fits a page lays them out a second time: 13 % of the 2024
/// plan's instructions (BENCHMARKS.md, the twentieth session under
/// "Against the typst CLI").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Extent {
    /// The width of the text's lines set one after another, in em, and of
    /// a space at the end of each: never less than Typst sets them, since
    /// every letter counts as wide as in the widest face that has it (with
    /// its combining marks, as composed where that is wider), and every
    /// pair as far apart as any face kerns it.
    pub em: f64,
    /// The lines it prints before any is broken: every place where a line
    /// must end, and where a paragraph may.
    pub lines: usize,
}

impl Extent {
    /// The extent of a line or lines of plain text; `None` when the fonts
    /// may set it wider than their widths and kerning pairs say (see
    /// `Kerning::complete`).
    pub fn of(text: &str) -> Option<Self> {
        let (widths, kerning) = (Widths::get(), Kerning::get());
        if !kerning.complete {
            return None;
        }
        let space = widths.of_char(' ');
        // Every line counts, an empty one too: Markdown prints a code block
        // or an HTML comment as it is written, each line break a break.
        // Only the line breaks that end the text print nothing (YAML's `|`
        // ends a text in one).
        let text = text.trim_end_matches(['\n', '\r']);
        if text.is_empty() {
            return Some(Self { em: 0.0, lines: 0 });
        }
        let (em, lines) = escape::lines(text).fold((0.0, 0), |(em, n), line| {
            (em + line_em(line, widths, kerning) + space, n + 1)
        });
        Some(Self { em, lines })
    }

    /// The extent of Markdown prose as the converter prints it: each line
    /// as written or shorter, its markup left out (`render::markdown`).
    /// `None` for a list, whose items are set narrower than the text.
    pub fn of_markdown(source: &str) -> Option<Self> {
        let (lists, _) = markdown::depth(source);
        if lists > 0 {
            return None;
        }
        Self::of(source)
    }
}

/// The width of a line in em, no less than Typst sets it: each letter with
/// its combining marks as written or composed, whichever is wider (the
/// shaper sets the composed letter where a font has it: an `Ί` written as
/// `Ι` and U+0301 is 0.18 em wider in bold than its letter), and each pair
/// of neighbours kerned apart by the most of any of their forms.
fn line_em(line: &str, widths: &Widths, kerning: &Kerning) -> f64 {
    let mut em = 0.0;
    // The last character of the letter before, as written and composed.
    let mut before: Option<(char, char)> = None;
    for cluster in printable::clusters(line) {
        let composed: Cow<'_, str> = if cluster.chars().nth(1).is_some() {
            Cow::Owned(cluster.nfc().collect())
        } else {
            Cow::Borrowed(cluster)
        };
        em += widths.of(cluster).max(widths.of(&composed));
        em += kerning.of(cluster).max(kerning.of(&composed));
        let (Some(first), Some(first_composed)) = (cluster.chars().next(), composed.chars().next())
        else {
            continue;
        };
        if let Some((last, last_composed)) = before {
            em += [
                (last, first),
                (last, first_composed),
                (last_composed, first),
                (last_composed, first_composed),
            ]
            .into_iter()
            .map(|(l, r)| kerning.pair(l, r))
            .fold(0.0, f64::max);
        }
        before = cluster.chars().last().zip(composed.chars().last());
    }
    em
}

/// Data as Typst markup that prints it: escaped (see [`escape::markup`]),
/// with break opportunities in its long runs (see [`with_breaks_in_long_words`]).
/// The template environment's `{{ }}` goes through here; the Markdown
/// converter does the same for a paragraph's texts together
/// ([`with_breaks_in_long_runs`]).
pub fn text_markup(text: &str) -> String {
    escape::markup(&with_breaks_in_long_words(text))
}

/// How wide a run without white space may be, in em of the widest face,
/// before it gets break opportunities. The narrowest last columns leave a
/// run some 22.7 em up to the page's edge (the action plan's Uppföljning,
/// 9 pt from 637.9 pt on a page of 841.9 pt) and 26.4 em (a report's
/// Kommentar, 8.5 pt from 370.9 pt on 595.3 pt). 21 em is some 40 Swedish
/// letters in bold: longer than the Swedish words the documents print
/// (`Sjukvårdsförvaltningsorganisationen`, 35 letters, is 18.5 em), so
/// none of them is split without a hyphen.
const LONG_EM: f64 = 21.0;

/// How far apart the break opportunities in a long run are, in em: a piece,
/// even the last with its tail ([`MIN_TAIL_EM`]), fits a line of the
/// narrowest column of all, the action plan's Tidplan (some 8.4 em inside
/// its insets, at 9 pt).
const EVERY_EM: f64 = 6.0;

/// The narrowest end of a long run that is put on a line of its own.
const MIN_TAIL_EM: f64 = 1.5;

/// How much wider than the distance between break opportunities a piece
/// may grow where brackets and marks leave it no place for one: with the
/// tail of a line it still fits the narrowest column.
const FORCED_EM: f64 = 1.5;

/// What surely fits a line of the narrowest column of all, the action
/// plan's Tidplan (some 8.4 em inside its insets, at 9 pt), in em of the
/// widest face. A wider stretch would run over its cell's edge, into the
/// next column or the page's margin: an e-mail address or file name
/// (`anna.andersson@regionvasterbotten.se`, `rapport_2024_slutlig.docx`)
/// that wide gets break opportunities after the dots, at signs and
/// underscores inside it (no Swedish word has such a mark inside it, so
/// none is split), and in the action plan's narrow columns a word that
/// wide is measured ([`column_markup`]).
const NARROWEST_EM: f64 = 8.0;

/// Free text with break opportunities (zero-width spaces) in the stretches
/// that Typst cannot break: after the inner dots, at signs and underscores
/// of one wider than 8 em (`NARROWEST_EM`: an e-mail address, a file name),
/// and after every 6 em (`EVERY_EM`) of one, or of a piece of one between
/// those marks, wider than 21 em (`LONG_EM`). Typst breaks a line only
/// where Unicode's rules allow (at a space, after a hyphen, ...; see
/// `unbreakable_stretches`), so a stretch that wide (pasted code or an id,
/// never a Swedish word) would run past its column and off the page.
/// Width, not the number of characters, decides: 34 letters `WM` are as
/// wide as 62 letters `i`. Links in a run (`scheme://…`, `www.…`) are left
/// as they are, but for their last piece: Typst breaks links itself
/// (see `link_pieces`). The style file sets each zero-width space as an
/// empty box, so that text copied from the PDF has none.
pub fn with_breaks_in_long_words(text: &str) -> Cow<'_, str> {
    let breaks = break_offsets(text, Room::Unknown);
    if breaks.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(with_breaks_at(text, &breaks))
}

/// [`with_breaks_in_long_words`] for a text printed in parts, one right
/// after the other, such as Markdown's text around emphasis: a run that
/// goes on from one part into the next is measured whole. `None` stands
/// where a line ends anyway (a new paragraph or list item).
pub fn with_breaks_in_long_runs(parts: &[Option<&str>], room: Room) -> Vec<String> {
    // Where a line ends, the joined text has a line break.
    let joined: String = parts.iter().map(|part| part.unwrap_or("\n")).collect();
    let breaks = break_offsets(&joined, room);
    let mut start = 0;
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        let end = start + part.unwrap_or("\n").len();
        // The breaks inside this part, and one at its very end.
        let inside: Vec<usize> = breaks
            .iter()
            .filter(|&&at| at > start && at <= end)
            .map(|at| at - start)
            .collect();
        out.push(match part {
            Some(text) => with_breaks_at(text, &inside),
            None => String::new(),
        });
        start = end;
    }
    out
}

/// `text` with a zero-width space inserted before each of the byte offsets
/// `breaks` (in order; one at the end of the text ends it). Where the
/// characters on either side glue to it (a quotation mark, an opening
/// bracket before it, a closing one or a comma after it, but no space
/// before it), the empty box
/// that stands for a zero-width space in the documents would be no place
/// to break (UAX #14 glues them to it as to any object), and two stand
/// there: [`escape::markup`] and the style's `breakable` set such a pair as
/// the character itself, where a line may break.
fn with_breaks_at(text: &str, breaks: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + breaks.len() * 3);
    let mut from = 0;
    for &at in breaks {
        out.push_str(&text[from..at]);
        // (After a space a line breaks before the box anyway.)
        let before = text[..at].chars().next_back();
        let glued = !before.is_some_and(is_break_space)
            && (before.is_some_and(|c| glues_to_a_box(c, Side::Before))
                || text[at..]
                    .chars()
                    .next()
                    .is_some_and(|c| glues_to_a_box(c, Side::After)));
        out.push_str(if glued {
            escape::GLUED_BREAK
        } else {
            "\u{200b}"
        });
        from = at;
    }
    out.push_str(&text[from..]);
    out
}

/// Whether the room a text has is known where it is set, for what its
/// stretches without a break opportunity get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Room {
    /// Not known: a stretch wider than `LONG_EM`, which could run off the
    /// page from the narrowest last column, gets a break opportunity every
    /// 6 em, or, where Unicode's rules glue it together across spaces (no
    /// break before a closing bracket or after an opening one, even after
    /// spaces: `{{ Aög ]L0Må`), after each of its spaces.
    Unknown,
    /// Measured: the action plan's table measures each stretch that may be
    /// wider than its column, and breaks it only where it does not fit
    /// ([`column_markup`]). An address or file name still gets its
    /// break opportunities after its marks.
    Measured,
}

/// Where [`with_breaks_in_long_words`] puts its break opportunities: the
/// byte offsets, in order, that each gets inserted before.
fn break_offsets(text: &str, room: Room) -> Vec<usize> {
    let widths = Widths::get();
    let wider_than = |em: f64| move |(piece, link): &(&str, bool)| !link && widths.of(piece) > em;
    // Every value of a template passes here: most are words too short to
    // be that wide even in the widest letters, told by their length alone,
    // or words without an inner mark.
    let can_be_wider_than = |word: &str, em: f64| {
        let fewest = widths.fewest_chars_wider_than(em);
        word.len() > fewest && word.chars().count() > fewest
    };
    let needs_breaks = |word: &str| {
        let long = room == Room::Unknown && can_be_wider_than(word, LONG_EM);
        let marked = can_be_wider_than(word, NARROWEST_EM)
            && word.contains(['.', '@', '_'])
            && !inner_marks(word).is_empty();
        (long || marked)
            && link_pieces(word)
                .iter()
                .any(wider_than(if marked { NARROWEST_EM } else { LONG_EM }))
    };
    let mut breaks = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive(is_break_space) {
        let word = piece.trim_end_matches(is_break_space);
        if needs_breaks(word) {
            // The pieces follow one another through the word.
            let mut part_start = start;
            for part in link_pieces(word) {
                if wider_than(NARROWEST_EM)(&part) {
                    for (from, to) in unbreakable_stretches(part.0) {
                        let offset = part_start + from;
                        let stretch = &part.0[from..to];
                        breaks
                            .extend(breaks_in_stretch(stretch, widths, room).map(|at| offset + at));
                    }
                }
                part_start += part.0.len();
            }
        }
        start += piece.len();
    }
    if room == Room::Unknown && can_be_wider_than(text, LONG_EM) && text.contains(is_break_space) {
        let glued = glued_across_spaces(text, widths, LONG_EM);
        breaks.extend(
            glued
                .into_iter()
                .flat_map(|(from, to)| after_spaces(text, from, to)),
        );
        breaks.sort_unstable();
        breaks.dedup();
    }
    breaks
}

/// The stretches of `text` (start and end offsets, without the spaces that
/// end them) that Unicode's rules glue together across spaces (see
/// [`Room::Unknown`]) and that are wider than `em`.
fn glued_across_spaces(text: &str, widths: &Widths, em: f64) -> Vec<(usize, usize)> {
    if !may_glue_across_spaces(text) {
        return Vec::new();
    }
    unbreakable_stretches(text)
        .filter_map(|(from, to)| {
            // A stretch ends after its spaces, where a line may break.
            let stretch = text[from..to].trim_end_matches(|c| is_break_space(c) || c == '\u{200b}');
            (stretch.contains(is_break_space) && widths.of(stretch) > em)
                .then_some((from, from + stretch.len()))
        })
        .collect()
}

/// Whether Unicode's rules may glue words of `text` together across a
/// space: only where a character of a class that the rules glue to spaces
/// stands beside one ([`glues_on`] before it, [`glues_back`] after it).
/// Most texts have none, and need no segmenting.
fn may_glue_across_spaces(text: &str) -> bool {
    use icu_properties::props::LineBreak;
    // The character before, but for combining marks and joiners, which
    // take their base's class (`(` and U+0301 glue as `(` does).
    let mut before = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_break_space(c)
            && (before.is_some_and(glues_on) || chars.peek().copied().is_some_and(glues_back))
        {
            return true;
        }
        if !matches!(
            line_break_class(c),
            LineBreak::CombiningMark | LineBreak::ZWJ
        ) {
            before = Some(c);
        }
    }
    false
}

/// Which side of an empty box a character stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// Whether no line may break between `c` and an empty box on its `side`
/// (the box is an object to Unicode's rules, class CB): after an opening
/// bracket, a quotation mark, a no-break space or a word joiner, nor before
/// a closing bracket, `!`, `?`, `,`, `.`, `/`, a quotation mark, a no-break
/// space or a word joiner (UAX #14, LB11 to LB14, LB19). A dash beside it
/// does not glue, as it does across spaces ([`glues_on`]).
fn glues_to_a_box(c: char, side: Side) -> bool {
    use icu_properties::props::LineBreak;
    let class = line_break_class(c);
    let both = matches!(
        class,
        LineBreak::Quotation | LineBreak::Glue | LineBreak::WordJoiner
    );
    both || match side {
        Side::Before => class == LineBreak::OpenPunctuation,
        Side::After => matches!(
            class,
            LineBreak::ClosePunctuation
                | LineBreak::CloseParenthesis
                | LineBreak::Exclamation
                | LineBreak::InfixNumeric
                | LineBreak::BreakSymbols
        ),
    }
}

/// The line-break class of `c` (UAX #14), from the data Typst's line
/// breaker reads.
fn line_break_class(c: char) -> icu_properties::props::LineBreak {
    const CLASSES: icu_properties::CodePointMapDataBorrowed<
        'static,
        icu_properties::props::LineBreak,
    > = icu_properties::CodePointMapDataBorrowed::new();
    CLASSES.get(c)
}

/// Whether no line may break after `c`, even after spaces: an opening
/// bracket or quotation mark, a dash such as `—` (UAX #14, LB14, LB15,
/// LB17).
fn glues_on(c: char) -> bool {
    use icu_properties::props::LineBreak;
    matches!(
        line_break_class(c),
        LineBreak::OpenPunctuation | LineBreak::Quotation | LineBreak::BreakBoth
    )
}

/// Whether no line may break before `c`, even after spaces: a closing
/// bracket or quotation mark, `!`, `?`, `,`, `.`, `/`, a dash, a word
/// joiner (U+2060, U+FEFF), … (UAX #14, LB11, LB13, LB15, LB16, LB17).
fn glues_back(c: char) -> bool {
    use icu_properties::props::LineBreak;
    matches!(
        line_break_class(c),
        LineBreak::WordJoiner
            | LineBreak::ClosePunctuation
            | LineBreak::CloseParenthesis
            | LineBreak::Exclamation
            | LineBreak::InfixNumeric
            | LineBreak::BreakSymbols
            | LineBreak::Quotation
            | LineBreak::Nonstarter
            | LineBreak::BreakBoth
    )
}

/// The offsets in `text[from..to]` just after each run of spaces: where a
/// break opportunity parts the words that a stretch glues together.
fn after_spaces(text: &str, from: usize, to: usize) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text[from..to].char_indices().collect();
    chars
        .windows(2)
        .filter(|w| is_break_space(w[0].1) && !is_break_space(w[1].1))
        .map(|w| from + w[1].0)
        .collect()
}

/// The stretches of `text` (start and end offsets) that Typst's line
/// breaker cannot break: it breaks where Unicode's line-breaking rules
/// (UAX #14) allow, after a hyphen or before a letter after a slash, say,
/// and it finds those places with the same segmenter, set up the same way.
/// A hyphenated id or a path whose every stretch fits needs no help.
fn unbreakable_stretches(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    static SEGMENTER: LazyLock<LineSegmenterBorrowed<'static>> =
        LazyLock::new(|| LineSegmenter::new_lstm(LineBreakOptions::default()));
    let mut points = SEGMENTER.segment_str(text).peekable();
    std::iter::from_fn(move || {
        let from = points.next()?;
        let to = *points.peek()?;
        Some((from, to))
    })
}

/// The break opportunities of a stretch Typst cannot break (offsets in
/// it): after its inner marks when it is wider than [`NARROWEST_EM`], and,
/// where the `room` is not known, in each piece between them still wider
/// than [`LONG_EM`]; see [`breaks_in`].
fn breaks_in_stretch<'a>(
    stretch: &'a str,
    widths: &'a Widths,
    room: Room,
) -> impl Iterator<Item = usize> + 'a {
    let marks = if widths.of(stretch) > NARROWEST_EM {
        inner_marks(stretch)
    } else {
        Vec::new()
    };
    let ends: Vec<usize> = marks.into_iter().chain([stretch.len()]).collect();
    let starts = std::iter::once(0).chain(ends.clone());
    starts.zip(ends).flat_map(move |(from, to)| {
        let piece = &stretch[from..to];
        let inside: Vec<usize> = if room == Room::Unknown && widths.of(piece) > LONG_EM {
            breaks_in(piece, widths, EVERY_EM)
                .map(|at| from + at)
                .collect()
        } else {
            Vec::new()
        };
        // The piece's end is a break unless the stretch ends there.
        inside.into_iter().chain((to < stretch.len()).then_some(to))
    })
}

/// The offsets just after the dots, at signs and underscores inside `run`:
/// each between two letters or digits, one of them a letter (not in a
/// number such as `1.234.567`).
fn inner_marks(run: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    chars
        .windows(3)
        .filter(|w| {
            let [(_, before), (_, mark), (_, after)] = [w[0], w[1], w[2]];
            matches!(mark, '.' | '@' | '_')
                && before.is_alphanumeric()
                && after.is_alphanumeric()
                && (before.is_alphabetic() || after.is_alphabetic())
        })
        .map(|w| w[2].0)
        .collect()
}

/// The offsets in a stretch too wide for a line where break opportunities
/// go: every `every_em` ([`EVERY_EM`] but in a narrower room), but never
/// between a letter and a combining mark that belongs to it, and, where a
/// piece can go on (by up to [`FORCED_EM`]), not after an opening bracket
/// or quotation mark nor before a closing one or a comma (a line does not
/// start with one), nor so near the end that a letter or two would make a
/// line.
fn breaks_in<'a>(
    stretch: &'a str,
    widths: &'a Widths,
    every_em: f64,
) -> impl Iterator<Item = usize> + 'a {
    let mut run = 0.0;
    // What is left of the stretch after the current character.
    let mut rest = widths.of(stretch);
    let mut chars = stretch.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((_, c)) = chars.next() {
            rest -= widths.of_char(c);
            run += widths.of_char(c);
            let next = chars.peek().copied();
            let mark = next.is_some_and(|(_, n)| ('\u{300}'..='\u{36f}').contains(&n));
            let glued = glues_to_a_box(c, Side::Before)
                || next.is_some_and(|(_, n)| glues_to_a_box(n, Side::After));
            let fits = rest >= MIN_TAIL_EM && next.is_some() && !mark && !glued;
            // Where brackets and marks leave no place (`2025.........`,
            // `(**a**)(**b**)`), a piece breaks anyway before it is
            // wider than its line.
            let forced = run >= every_em + FORCED_EM && next.is_some() && !mark;
            if (run >= every_em && fits) || forced {
                run = 0.0;
                return next.map(|(at, _)| at);
            }
        }
        None
    })
}

/// Whether a line may break at the white space `c`: not at a no-break
/// space (U+00A0, U+2007, U+202F), which glues a run together as a letter
/// would (`10\u{a0}000`, or pasted text full of them).
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// How wide each character the fonts have is set, in em of the widest face
/// that has it (bold, mostly), ligatures left aside: Open Sans's (`ff`,
/// `fi`, `fl`, `ffi`, `ffl`) are up to 13/2048 em wider than their letters
/// in the italic face, but narrower than their letters in the widest face.
struct Widths {
    /// The advance of each character.
    advance: HashMap<char, f64>,
    /// The widest advance of all.
    widest: f64,
}

impl Widths {
    /// The widths of the embedded fonts, read once per process.
    fn get() -> &'static Self {
        static WIDTHS: OnceLock<Widths> = OnceLock::new();
        WIDTHS.get_or_init(|| {
            let mut advance = HashMap::<char, f64>::new();
            for (font, face) in Fonts::shared().faces() {
                let em = f64::from(face.units_per_em());
                for c in font.info().coverage.iter().filter_map(char::from_u32) {
                    let width = face
                        .glyph_index(c)
                        .and_then(|glyph| face.glyph_hor_advance(glyph))
                        .map_or(0.0, |units| f64::from(units) / em);
                    let widest = advance.entry(c).or_default();
                    *widest = widest.max(width);
                }
            }
            let widest = advance.values().copied().fold(0.0, f64::max);
            // A soft hyphen shows as a hyphen where a line breaks at it.
            let hyphen = advance.get(&'-').copied().unwrap_or(widest);
            let soft = advance.entry('\u{ad}').or_insert(hyphen);
            *soft = soft.max(hyphen);
            Widths { advance, widest }
        })
    }

    /// The fewest characters a run wider than `em` can have.
    fn fewest_chars_wider_than(&self, em: f64) -> usize {
        (em / self.widest).floor() as usize
    }

    /// The width of `c`. Of the characters the fonts lack, check lets only
    /// invisible marks through, which the shaper sets as nothing, and
    /// white space, which it sets up to an em wide (U+3000): such a space
    /// counts as the widest character.
    fn of_char(&self, c: char) -> f64 {
        match self.advance.get(&c) {
            Some(&width) => width,
            None if printable::is_invisible(c) => 0.0,
            None => self.widest,
        }
    }

    /// The width of a run.
    fn of(&self, run: &str) -> f64 {
        run.chars().map(|c| self.of_char(c)).sum()
    }
}

/// How far apart the fonts may set two characters beyond their advances:
/// what [`Extent`] adds to [`Widths`] for the action plan's texts. Read
/// once per process, with the widths (see [`read_font_metrics`]).
struct Kerning {
    /// The pairs of characters that some face sets further apart than
    /// their advances, and the most by which one does, in em (its `kern`
    /// table's pairs, the subtables added as a shaper adds them).
    apart: HashMap<(char, char), f64>,
    /// Whether `apart` is all the kerning there is: each face kerns by its
    /// `kern` table alone, in lists of pairs. A face with lookups in its
    /// GPOS table (Open Sans has none) is kerned by them instead, and one
    /// with another kind of subtable by classes; then no text's width is
    /// known for sure.
    complete: bool,
}

impl Kerning {
    /// The kerning of the embedded fonts, read once per process.
    fn get() -> &'static Self {
        static KERNING: OnceLock<Kerning> = OnceLock::new();
        KERNING.get_or_init(|| {
            let mut apart = HashMap::<(char, char), f64>::new();
            let mut complete = Fonts::shared().faces().count() == Fonts::shared().fonts.len();
            // Faces of one family often have the same tables (all six of
            // Open Sans do): each such set is read once. (Compared, not
            // hashed: hashing the tables costs more than reading them.)
            let mut read = Vec::new();
            for (font, face) in Fonts::shared().faces() {
                let raw = |tag: &[u8; 4]| face.raw_face().table(ttf_parser::Tag::from_bytes(tag));
                let tables = (
                    [raw(b"kern"), raw(b"GPOS"), raw(b"GSUB"), raw(b"cmap")],
                    face.units_per_em(),
                );
                if read.contains(&tables) {
                    continue;
                }
                read.push(tables);
                let (face_apart, only_pairs) = chars_apart(font, &face);
                complete &= only_pairs;
                for (pair, em) in face_apart {
                    let most = apart.entry(pair).or_default();
                    *most = most.max(em);
                }
            }
            Kerning { apart, complete }
        })
    }

    /// How much further apart than their advances the characters of `run`
    /// may be set, in em.
    fn of(&self, run: &str) -> f64 {
        let pairs = run.chars().zip(run.chars().skip(1));
        pairs.map(|(left, right)| self.pair(left, right)).sum()
    }

    /// How much further apart than their advances `left` and `right` may
    /// be set, in em.
    fn pair(&self, left: char, right: char) -> f64 {
        self.apart.get(&(left, right)).copied().unwrap_or_default()
    }
}

/// Two characters, and how much further apart than their advances a face
/// sets them, in em.
type CharsApart = ((char, char), f64);

/// The pairs of characters that `face` sets further apart than their
/// advances, by how much in em, and whether its `kern` table is all its
/// kerning (see `Kerning::complete`). A ligature is kerned as a glyph of
/// its own; in a text it is its letters, so its pairs count for its first
/// and last letter. (Open Sans kerns none of its ligatures further apart
/// than those letters.)
fn chars_apart(font: &typst::text::Font, face: &ttf_parser::Face<'_>) -> (Vec<CharsApart>, bool) {
    let (glyphs_apart, only_pairs) = kerning_apart(face);
    if glyphs_apart.is_empty() {
        return (Vec::new(), only_pairs);
    }
    let ends = ligature_ends(face);
    let letter = |mut glyph, last: bool| {
        // Through ligatures of ligatures, never round a loop.
        for _ in 0..=ends.len() {
            match ends.get(&glyph) {
                Some(&(first, end)) => glyph = if last { end } else { first },
                None => break,
            }
        }
        glyph
    };
    let sides = |(left, right)| ([left, letter(left, true)], [right, letter(right, false)]);
    // The characters of the glyphs in those pairs.
    let wanted: HashSet<_> = glyphs_apart
        .keys()
        .flat_map(|&pair| {
            let (lefts, rights) = sides(pair);
            lefts.into_iter().chain(rights)
        })
        .collect();
    let mut chars_of = HashMap::<ttf_parser::GlyphId, Vec<char>>::new();
    for c in font.info().coverage.iter().filter_map(char::from_u32) {
        match face.glyph_index(c) {
            Some(glyph) if wanted.contains(&glyph) => chars_of.entry(glyph).or_default().push(c),
            _ => {}
        }
    }
    let chars = |glyphs: [ttf_parser::GlyphId; 2]| -> Vec<char> {
        glyphs
            .iter()
            .filter_map(|glyph| chars_of.get(glyph))
            .flatten()
            .copied()
            .collect()
    };
    let em = f64::from(face.units_per_em());
    let mut apart = Vec::new();
    for (pair, units) in glyphs_apart {
        let (lefts, rights) = sides(pair);
        let rights = chars(rights);
        for left in chars(lefts) {
            apart.extend(
                rights
                    .iter()
                    .map(|&right| ((left, right), f64::from(units) / em)),
            );
        }
    }
    (apart, only_pairs)
}

/// The glyph pairs that `face`'s `kern` table sets apart, by how many
/// units (the subtables' positive values added), and whether that table
/// is all its kerning (see `Kerning::complete`).
fn kerning_apart(
    face: &ttf_parser::Face<'_>,
) -> (
    HashMap<(ttf_parser::GlyphId, ttf_parser::GlyphId), i32>,
    bool,
) {
    use ttf_parser::kern::Format;
    let mut apart = HashMap::new();
    let mut only_pairs = face
        .tables()
        .gpos
        .is_none_or(|gpos| gpos.lookups.is_empty());
    let subtables = face
        .tables()
        .kern
        .into_iter()
        .flat_map(|kern| kern.subtables);
    for subtable in subtables.filter(|sub| sub.horizontal && !sub.has_cross_stream) {
        match subtable.format {
            Format::Format0(list) if !subtable.variable => {
                for pair in list.pairs.into_iter().filter(|pair| pair.value > 0) {
                    *apart.entry((pair.left(), pair.right())).or_default() += i32::from(pair.value);
                }
            }
            _ => only_pairs = false,
        }
    }
    (apart, only_pairs)
}

/// The glyphs of the first and the last letter of each ligature that
/// `face` sets for a run of letters (`fi` for `f` and `i`); a letter may
/// itself be a ligature.
fn ligature_ends(
    face: &ttf_parser::Face<'_>,
) -> HashMap<ttf_parser::GlyphId, (ttf_parser::GlyphId, ttf_parser::GlyphId)> {
    use ttf_parser::gsub::SubstitutionSubtable;
    let mut ends = HashMap::new();
    let lookups = face.tables().gsub.into_iter().flat_map(|gsub| gsub.lookups);
    for lookup in lookups {
        for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
            let SubstitutionSubtable::Ligature(ligatures) = subtable else {
                continue;
            };
            // A coverage table can only be asked, glyph by glyph.
            for first in (0..face.number_of_glyphs()).map(ttf_parser::GlyphId) {
                let set = ligatures.coverage.get(first);
                let Some(set) = set.and_then(|index| ligatures.ligature_sets.get(index)) else {
                    continue;
                };
                for ligature in set {
                    let last = ligature.components.last().unwrap_or(first);
                    ends.insert(ligature.glyph, (first, last));
                }
            }
        }
    }
    ends
}

/// A run of text without white space cut into links (`true`), where
/// Typst's line breaker finds break opportunities itself, and the rest. A
/// link is what it takes for one: what follows a `://` if it is a letter
/// (before a digit, Unicode's line-breaking rules allow no break after the
/// `/`, and Typst does not see the link), or the run's `www.` start, as
/// far as typst-syntax's lexer takes it (`link_prefix`). The link's last
/// piece, after its last break opportunity ([`last_link_break`]), belongs
/// to the rest: Typst never breaks it, nor what is glued to it
/// (`…/halsofr` and `ämjandeplanen` of `www.x.se/halsofrämjandeplanen`).
fn link_pieces(word: &str) -> Vec<(&str, bool)> {
    // Where the next link's piece starts (a scheme's `://` is kept whole
    // with its link, whose detection needs it) and where the link does.
    let next_link = |search: usize| -> Option<(usize, usize)> {
        if search == 0 && word.starts_with("www.") {
            return Some((0, 0));
        }
        word[search..].match_indices("://").find_map(|(at, _)| {
            let (colon, after) = (search + at, search + at + 3);
            word[after..]
                .starts_with(|c: char| c.is_ascii_alphabetic())
                .then_some((colon, after))
        })
    };
    let mut pieces = Vec::new();
    let mut rest = 0;
    let mut search = 0;
    while let Some((piece_start, link_start)) = next_link(search) {
        let (link, _) = typst::syntax::link_prefix(&word[link_start..]);
        let breaks_until = link_start + last_link_break(link);
        if breaks_until > link_start {
            if piece_start > rest {
                pieces.push((&word[rest..piece_start], false));
            }
            pieces.push((&word[piece_start..breaks_until], true));
            rest = breaks_until;
        }
        search = link_start + link.len().max(1);
    }
    if rest < word.len() {
        pieces.push((&word[rest..], false));
    }
    pieces
}

/// Where the last break opportunity that Typst's line breaker gives `link`
/// is (an offset in it; 0 for none): it breaks a link where its characters
/// change from one kind to another (letters, digits, an opening bracket,
/// the rest), and inside a piece of 16 bytes or more anywhere, but not
/// after its last such change (typst-layout 0.15, `linebreak_link`).
fn last_link_break(link: &str) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Letter,
        Digit,
        Open,
        Other,
    }
    let kind = |c: char| {
        if c.is_alphabetic() {
            Kind::Letter
        } else if c.is_numeric() {
            Kind::Digit
        } else if matches!(c, '(' | '[') {
            Kind::Open
        } else {
            Kind::Other
        }
    };
    let mut last = 0;
    let mut before = Kind::Other;
    for (at, c) in link.char_indices() {
        let now = kind(c);
        let changes = if now == Kind::Other {
            before == Kind::Other
        } else {
            now != before
        };
        if at > 0 && before != Kind::Open && changes {
            last = at;
        }
        before = now;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that `text` gets no break opportunity (and is not copied).
    #[track_caller]
    fn assert_unchanged(text: &str) {
        assert!(
            matches!(with_breaks_in_long_words(text), Cow::Borrowed(_)),
            "{text}"
        );
    }

    #[test]
    fn only_runs_wider_than_21_em_get_break_opportunities() {
        let word = "Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet";
        assert_eq!(word.chars().count(), 53);
        assert_eq!(
            with_breaks_in_long_words(&format!("Se {word}, tack.")),
            "Se Hälsofrämja\u{200b}ndeutvecklin\u{200b}gsarbetsgrup\u{200b}psmötesprot\u{200b}okollet, tack."
        );
        let short = "Sjukvårdsförvaltningsorganisationen och https://www.example.se/a/very/long/path/to/a/page/x";
        assert_unchanged(short);
        // Width decides, not the number of characters: 34 wide letters
        // would run off the page from the narrowest last column, 53 narrow
        // ones fit it.
        assert_eq!(
            with_breaks_in_long_words(&"WM".repeat(17)),
            "WMWMWMW\u{200b}MWMWMWM\u{200b}WMWMWMW\u{200b}MWMWMWM\u{200b}WMWMWM"
        );
        let narrow = "il".repeat(27);
        assert_unchanged(&narrow);
        // Typst breaks a line after a hyphen, a soft hyphen or a slash
        // before a letter: a run whose every stretch between such places
        // fits needs no help.
        for run in [
            "RS-2024-0123-4567-ABCDEF-HSN-UTSKOTTET-WMWMWM-WMWMWMW",
            "regionen.se/sidor/halsoframjande/verksamhetsplan",
            "Hälsofrämjande\u{ad}utvecklingsarbets\u{ad}gruppsmötesprotokollet",
        ] {
            assert_unchanged(run);
        }
        // A no-break space joins a run, as a letter does.
        let glued = ["WMWMWMWMW"; 4].join("\u{a0}");
        assert_eq!(
            with_breaks_in_long_words(&glued),
            "WMWMWMW\u{200b}MW\u{a0}WMWMW\u{200b}MWMW\u{a0}WMW\u{200b}MWMWMW\u{a0}W\u{200b}MWMWMWMW"
        );
        // Glued to a link, the word gets its breaks, and the link none
        // where Typst breaks it: a piece of 16 bytes or more anywhere, but
        // only if another piece follows it.
        let path = "abcdefghij".repeat(5);
        assert_eq!(
            with_breaks_in_long_words(&format!("{word}<https://example.se/{path}/x>{word}")),
            format!(
                "Hälsofrämja\u{200b}ndeutvecklin\u{200b}gsarbetsgrup\u{200b}psmötesprot\u{200b}okollet<\
                 https://example.se/{path}/x\
                 >Hälsofräm\u{200b}jandeutveck\u{200b}lingsarbetsg\u{200b}ruppsmötesp\u{200b}rotokollet"
            )
        );
        assert_unchanged(&format!("www.example.se/{path}/x"));
        // A link's last piece Typst never breaks, nor what is glued to it
        // (an `ä` ends the link): that gets break opportunities.
        assert_eq!(
            with_breaks_in_long_words(&format!("www.example.se/{path}")),
            "www.example.se/abcdefghijab\u{200b}cdefghijabcd\u{200b}efghijabcdef\u{200b}ghijabcdefghij"
        );
        assert_eq!(
            with_breaks_in_long_words(
                "www.folkhalsomyndigheten.se/h/halsofrämjandeverksamhetsutvecklingsplanen"
            ),
            "www.folkhalsomyndigheten.se/h/halsofrämja\u{200b}ndeverksam\u{200b}hetsutveckli\u{200b}ngsplanen"
        );
        // Passed twice (a view, then the template's escaping), it is the same.
        let once = with_breaks_in_long_words(word).into_owned();
        assert_eq!(with_breaks_in_long_words(&once), once);
        // Typst sees no link where a digit follows the `://`.
        assert_eq!(
            with_breaks_in_long_words(&format!("http://1{path}")),
            "http://1abcd\u{200b}efghijabcdef\u{200b}ghijabcdefgh\u{200b}ijabcdefghija\u{200b}bcdefghij"
        );
    }

    #[test]
    fn a_break_where_a_box_would_glue_is_the_character_itself() {
        // Beside a quotation mark, after an opening bracket or a no-break
        // space, before a comma: two zero-width spaces, set as one.
        for (text, at) in [
            ("«»", 2),
            ("((", 1),
            ("a,", 1),
            ("10\u{a0}000", 4),
            ("a\u{a0}b", 3),
        ] {
            assert_eq!(
                with_breaks_at(text, &[at]),
                format!("{}{}{}", &text[..at], escape::GLUED_BREAK, &text[at..]),
                "{text}"
            );
        }
        // Between letters, dashes, after a space: one, set as a box.
        for (text, at) in [("ab", 1), ("——", 3), ("( x", 2)] {
            assert_eq!(
                with_breaks_at(text, &[at]),
                format!("{}\u{200b}{}", &text[..at], &text[at..]),
                "{text}"
            );
        }
    }

    #[test]
    fn only_a_bracket_a_quote_or_the_like_beside_a_space_may_glue_words() {
        for text in ["Ta fram material om data, och mer.", "Klart 2024", "a-b c"] {
            assert!(!may_glue_across_spaces(text), "{text}");
        }
        for text in [
            "( x",
            "x )",
            "a « b",
            "a — b",
            "x !",
            "x / y",
            "a \" b",
            "a  ,",
            "a \u{2060}b",
            "a \u{feff}b",
            "(\u{301} x",
            "(\u{200d} x",
        ] {
            assert!(may_glue_across_spaces(text), "{text}");
        }
    }

    #[test]
    fn words_glued_across_spaces_into_a_wide_stretch_may_break_after_the_spaces() {
        // No break before a closing bracket or after an opening one, even
        // after spaces: Typst would set this on one line, past the page.
        let glued = "k×l{{ plan }}−1E5ö5Ö25{{ Aög ]L0Må=#ö<%.http://x";
        assert_eq!(
            with_breaks_in_long_words(glued),
            "k×l{{ \u{200b}plan \u{200b}}}−1E5ö5Ö25{{ \u{200b}Aög \u{200b}]L0Må=#ö<%.http://x"
        );
        // Narrower, it is left to Typst.
        assert_unchanged("Se ( bilaga ) och { mer }");
    }

    #[test]
    fn addresses_and_file_names_wider_than_8_em_break_after_their_inner_marks() {
        assert_eq!(
            with_breaks_in_long_words("Kontakta anna-karin.andersson@regionvasterbotten.se, tack."),
            "Kontakta anna-karin.\u{200b}andersson@\u{200b}regionvasterbotten.\u{200b}se, tack."
        );
        assert_eq!(
            with_breaks_in_long_words("Se rapport_2024_slutlig_version.docx"),
            "Se rapport_\u{200b}2024_\u{200b}slutlig_\u{200b}version.\u{200b}docx"
        );
        // Narrower than 8 em, a number, a sentence's end, an abbreviation:
        // nothing to break.
        for text in [
            "info@hfs.se",
            "1.234.567.890.123.456",
            "Sjukvårdsförvaltningsorganisationen.",
            "t.ex. och bl.a.",
        ] {
            assert_unchanged(text);
        }
        // A piece between the marks still wider than 21 em is broken too.
        let long = "WM".repeat(17);
        assert_eq!(
            with_breaks_in_long_words(&format!("{long}@example.se")),
            "WMWMWMW\u{200b}MWMWMWM\u{200b}WMWMWMW\u{200b}MWMWMWM\u{200b}WMWMWM@\u{200b}example.\u{200b}se"
        );
        // Passed twice, it is the same.
        let once = with_breaks_in_long_words("anna.andersson@regionvasterbotten.se").into_owned();
        assert_eq!(with_breaks_in_long_words(&once), once);
    }

    #[test]
    fn an_extent_counts_the_lines_as_written_and_a_space_for_each() {
        let widths = Widths::get();
        let space = widths.of_char(' ');
        let extent = Extent::of("Hösten\n\nKlart i maj\u{2028}x\n").unwrap();
        assert_eq!(
            extent.lines, 4,
            "an empty line is a line, the last break none"
        );
        assert_eq!(
            Extent::of("\u{2000}").unwrap().lines,
            1,
            "an en quad prints"
        );
        let letters = widths.of("Hösten") + widths.of("Klart i maj") + widths.of("x");
        assert!(extent.em >= letters + 4.0 * space, "{extent:?}");
        assert_eq!(Extent::of(""), Some(Extent { em: 0.0, lines: 0 }));
    }

    #[test]
    fn an_extent_has_the_kerning_that_sets_letters_apart() {
        // Open Sans kerns `A` and `J` 0.13 em apart, `A` and `V` together.
        let widths = Widths::get();
        let apart = Extent::of("AJ").unwrap().em - widths.of("AJ") - widths.of_char(' ');
        assert!((apart - 266.0 / 2048.0).abs() < 1e-9, "{apart}");
        let together = Extent::of("AV").unwrap().em - widths.of("AV") - widths.of_char(' ');
        assert_eq!(together, 0.0);
    }

    #[test]
    fn a_ligature_ends_in_its_first_and_last_letter() {
        let (_, face) = Fonts::shared().faces().next().unwrap();
        let glyph = |c| face.glyph_index(c).unwrap();
        let ends = ligature_ends(&face);
        // The `fi` and `ffl` that Open Sans sets for the letters.
        assert_eq!(
            ends.get(&glyph('\u{fb01}')),
            Some(&(glyph('f'), glyph('i')))
        );
        assert_eq!(
            ends.get(&glyph('\u{fb04}')),
            Some(&(glyph('f'), glyph('l')))
        );
    }

    #[test]
    fn an_extent_has_a_letter_with_its_marks_as_wide_as_composed() {
        // `Ί` and `ÁJ` written with a combining acute: the shaper sets the
        // composed letter, wider, and kerns `Á` apart from `J`.
        let widths = Widths::get();
        let space = widths.of_char(' ');
        assert!(Extent::of("\u{399}\u{301}").unwrap().em >= widths.of("\u{38a}") + space);
        let kerned = widths.of("\u{c1}J") + 266.0 / 2048.0 + space;
        assert!(Extent::of("A\u{301}J").unwrap().em >= kerned - 1e-9);
    }

    #[test]
    fn markdown_has_an_extent_unless_it_holds_a_list() {
        assert!(Extent::of_markdown("Dialog med *processledarna*.\n\nResultat.").is_some());
        assert_eq!(Extent::of_markdown("Dialog:\n\n- en\n- två"), None);
    }
}
