//! The draft mark across every page of a draft: its word as outlines, not
//! text.
//!
//! As text, the mark's big letters stood among the page's words for every
//! program that reads a page's text by where its letters are (pdftotext,
//! copying, searching): "Nätverkets … T … verksamhetsidé", and no page said
//! "UTKAST" in one piece. As outlines it is a picture, like the charts; the
//! word itself is printed as text in every page's footer.

use serde::Serialize;
use ttf_parser::{Face, GlyphId, OutlineBuilder};
use typst::text::{Font, FontStyle, FontWeight};

use crate::typeset::fonts::Fonts;

/// The word of the draft mark and its outline, set in the bold faces of
/// the embedded fonts (Open Sans, then HFS Symbols for what it lacks),
/// kerned by their `kern` tables. `templates/verksamhetsplan.typ.j2`
/// draws it (`draft-mark`), and the style sizes, turns and places it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct DraftMark {
    /// The word as text, "UTKAST" or "DRAFT": every footer's notice.
    pub word: &'static str,
    /// The font units in an em: the outline's scale.
    pub units_per_em: u16,
    /// The box Typst gives the word as text, in font units: as wide as
    /// its letters' advances, from the capitals' height to the baseline.
    /// (Placed by it, the mark stands where the word stood; the curves of
    /// U and S reach a little above and below it.)
    pub size: (f32, f32),
    /// The letters' contours, from the box's top left corner with y
    /// downwards, as Typst's `curve` draws them.
    pub outline: Vec<Segment>,
}

/// One piece of a contour, its points in font units.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Segment {
    Move {
        to: (f32, f32),
    },
    Line {
        to: (f32, f32),
    },
    Quad {
        via: (f32, f32),
        to: (f32, f32),
    },
    Cubic {
        via: (f32, f32),
        via2: (f32, f32),
        to: (f32, f32),
    },
    Close,
}

impl DraftMark {
    /// The mark of `word`. A character that no bold face has is left out
    /// (the labels' words, all capitals, are in Open Sans).
    pub fn of(word: &'static str) -> Self {
        let faces = bold_faces();
        // The first face's em and capitals (the embedded fonts always have
        // a bold face; without one, the mark is empty).
        let (units_per_em, capital) = faces.first().map_or((1000, 0), |first| {
            let capital = first.capital_height().unwrap_or(first.ascender());
            (first.units_per_em(), capital)
        });
        let mut pen = Pen {
            x: 0.0,
            top: f32::from(capital),
            scale: 1.0,
            outline: Vec::new(),
        };
        let mut before: Option<(usize, GlyphId)> = None;
        for c in word.chars() {
            let found = faces
                .iter()
                .enumerate()
                .find_map(|(i, face)| face.glyph_index(c).map(|glyph| (i, glyph)));
            let Some((i, glyph)) = found else { continue };
            let face = &faces[i];
            // Faces of other sizes of em are scaled to the first's.
            pen.scale = f32::from(units_per_em) / f32::from(face.units_per_em());
            // A face kerns its own glyphs only.
            if let Some((_, left)) = before.filter(|&(j, _)| j == i) {
                pen.x += kerning(face, left, glyph) * pen.scale;
            }
            face.outline_glyph(glyph, &mut pen);
            pen.x += f32::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * pen.scale;
            before = Some((i, glyph));
        }
        DraftMark {
            word,
            units_per_em,
            size: (pen.x, pen.top),
            outline: pen.outline,
        }
    }
}

/// The bold upright faces of the embedded fonts, in their order.
fn bold_faces() -> Vec<Face<'static>> {
    let bold = |font: &Font| {
        let variant = font.info().variant;
        variant.weight == FontWeight::BOLD && variant.style == FontStyle::Normal
    };
    Fonts::shared()
        .faces()
        .filter(|(font, _)| bold(font))
        .map(|(_, face)| face)
        .collect()
}

/// How much `face` moves `right` towards or away from `left`, in its units
/// (its horizontal `kern` subtables added, as a shaper adds them).
fn kerning(face: &Face<'_>, left: GlyphId, right: GlyphId) -> f32 {
    let subtables = face
        .tables()
        .kern
        .into_iter()
        .flat_map(|kern| kern.subtables);
    subtables
        .filter(|sub| sub.horizontal && !sub.has_cross_stream && !sub.variable)
        .filter_map(|sub| sub.glyphs_kerning(left, right))
        .map(f32::from)
        .sum()
}

/// Collects the glyphs' contours where the pen stands on the line, turned
/// y downwards from the capitals' height.
struct Pen {
    /// Where the glyph starts on the line.
    x: f32,
    /// The capitals' height: the box's top, as Typst's text box has it.
    top: f32,
    /// The glyph's face's units in the first face's.
    scale: f32,
    outline: Vec<Segment>,
}

impl Pen {
    /// A glyph's point placed in the box.
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.top - y * self.scale)
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        let to = self.at(x, y);
        self.outline.push(Segment::Move { to });
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let to = self.at(x, y);
        self.outline.push(Segment::Line { to });
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (via, to) = (self.at(x1, y1), self.at(x, y));
        self.outline.push(Segment::Quad { via, to });
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (via, via2, to) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.outline.push(Segment::Cubic { via, via2, to });
    }

    fn close(&mut self) {
        self.outline.push(Segment::Close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every point of the outline.
    fn points(mark: &DraftMark) -> Vec<(f32, f32)> {
        mark.outline
            .iter()
            .flat_map(|segment| match *segment {
                Segment::Move { to } | Segment::Line { to } => vec![to],
                Segment::Quad { via, to } => vec![via, to],
                Segment::Cubic { via, via2, to } => vec![via, via2, to],
                Segment::Close => vec![],
            })
            .collect()
    }

    #[test]
    fn the_word_is_its_letters_contours_in_the_box_of_its_text() {
        let mark = DraftMark::of("UTKAST");
        // U, T, K, S, T one contour each, A two (the counter).
        let contours = mark
            .outline
            .iter()
            .filter(|s| matches!(s, Segment::Move { .. }))
            .count();
        assert_eq!(contours, 7);
        // The box: the capitals' height, the advances kerned.
        let face = &bold_faces()[0];
        assert_eq!(mark.size.1, f32::from(face.capital_height().unwrap()));
        let em = f32::from(mark.units_per_em);
        let width = mark.size.0 / em;
        assert!((3.3..4.2).contains(&width), "{width} em wide");
        // The ink inside it but for the curves' overshoot (under 3 % of
        // an em) and the U's side bearing.
        let overshoot = 0.03 * em;
        for (x, y) in points(&mark) {
            assert!(x > 0.0 && x < mark.size.0, "x {x}");
            assert!(y > -overshoot && y < mark.size.1 + overshoot, "y {y}");
        }
    }

    #[test]
    fn letters_are_kerned_as_the_font_kerns_them() {
        // Open Sans Bold sets T closer to A than A's advance.
        let face = &bold_faces()[0];
        let (a, t) = (
            face.glyph_index('A').unwrap(),
            face.glyph_index('T').unwrap(),
        );
        let kern = kerning(face, a, t);
        assert!(kern < 0.0, "A and T kerned by {kern}");
        let advance = |glyph| f32::from(face.glyph_hor_advance(glyph).unwrap());
        assert_eq!(DraftMark::of("AT").size.0, advance(a) + kern + advance(t));
    }
}
