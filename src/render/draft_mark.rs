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
    /// The width and height of the outline's box, in font units.
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
        let units_per_em = faces.first().map_or(1000, |face| face.units_per_em());
        let mut pen = Pen::default();
        let mut before: Option<(usize, GlyphId)> = None;
        for c in word.chars() {
            let found = faces
                .iter()
                .enumerate()
                .find_map(|(i, face)| face.glyph_index(c).map(|glyph| (i, glyph)));
            let Some((i, glyph)) = found else { continue };
            let face = &faces[i];
            // Faces of other sizes of em are scaled to the first's.
            let scale = f32::from(units_per_em) / f32::from(face.units_per_em());
            if let Some((j, left)) = before.filter(|&(j, _)| j == i) {
                pen.x += kerning(&faces[j], left, glyph) * scale;
            }
            pen.scale = scale;
            face.outline_glyph(glyph, &mut pen);
            pen.x += f32::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * scale;
            before = Some((i, glyph));
        }
        pen.into_mark(word, units_per_em)
    }
}

/// The bold upright faces of the embedded fonts, in their order.
fn bold_faces() -> Vec<Face<'static>> {
    let bold = |font: &&Font| {
        let variant = font.info().variant;
        variant.weight == FontWeight::BOLD && variant.style == FontStyle::Normal
    };
    Fonts::shared()
        .fonts
        .iter()
        .filter(bold)
        .filter_map(|font| Face::parse(font.data(), font.index()).ok())
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

/// Collects the glyphs' contours where the pen stands, y upwards as in the
/// font, and the box around every point.
#[derive(Default)]
struct Pen {
    x: f32,
    scale: f32,
    outline: Vec<Segment>,
    min: (f32, f32),
    max: (f32, f32),
}

impl Pen {
    /// A glyph's point placed on the line, and counted in the box.
    fn at(&mut self, x: f32, y: f32) -> (f32, f32) {
        let point = (self.x + x * self.scale, y * self.scale);
        if self.outline.is_empty() {
            (self.min, self.max) = (point, point);
        }
        self.min = (self.min.0.min(point.0), self.min.1.min(point.1));
        self.max = (self.max.0.max(point.0), self.max.1.max(point.1));
        point
    }

    /// The outline moved into its box's top left corner and turned y
    /// downwards.
    fn into_mark(self, word: &'static str, units_per_em: u16) -> DraftMark {
        let (left, top) = (self.min.0, self.max.1);
        let place = |(x, y): (f32, f32)| (x - left, top - y);
        let outline = self
            .outline
            .into_iter()
            .map(|segment| match segment {
                Segment::Move { to } => Segment::Move { to: place(to) },
                Segment::Line { to } => Segment::Line { to: place(to) },
                Segment::Quad { via, to } => Segment::Quad {
                    via: place(via),
                    to: place(to),
                },
                Segment::Cubic { via, via2, to } => Segment::Cubic {
                    via: place(via),
                    via2: place(via2),
                    to: place(to),
                },
                Segment::Close => Segment::Close,
            })
            .collect();
        DraftMark {
            word,
            units_per_em,
            size: (self.max.0 - self.min.0, self.max.1 - self.min.1),
            outline,
        }
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

    fn contours(mark: &DraftMark) -> usize {
        mark.outline
            .iter()
            .filter(|s| matches!(s, Segment::Move { .. }))
            .count()
    }

    #[test]
    fn the_word_is_its_letters_contours_in_a_box_as_high_as_a_capital() {
        let mark = DraftMark::of("UTKAST");
        // U, T, K, S, T one contour each, A two (the counter).
        assert_eq!(contours(&mark), 7);
        let em = f32::from(mark.units_per_em);
        // Open Sans's capitals are 0.714 em high, the U and S a little
        // more (their curves overshoot the line).
        let height = mark.size.1 / em;
        assert!((0.71..0.75).contains(&height), "{height} em high");
        // Six bold capitals, none narrow.
        let width = mark.size.0 / em;
        assert!((3.3..4.2).contains(&width), "{width} em wide");
        let inside = |(x, y): (f32, f32)| {
            (0.0..=mark.size.0).contains(&x) && (0.0..=mark.size.1).contains(&y)
        };
        for segment in &mark.outline {
            let points = match *segment {
                Segment::Move { to } | Segment::Line { to } => vec![to],
                Segment::Quad { via, to } => vec![via, to],
                Segment::Cubic { via, via2, to } => vec![via, via2, to],
                Segment::Close => vec![],
            };
            assert!(
                points.into_iter().all(inside),
                "{segment:?} outside the box"
            );
        }
    }

    #[test]
    fn letters_are_kerned_as_the_font_kerns_them() {
        // Open Sans Bold sets T closer to A than A's advance: the box of
        // "AT" runs from A's left edge to T's right edge, T moved by it.
        let face = &bold_faces()[0];
        let (a, t) = (
            face.glyph_index('A').unwrap(),
            face.glyph_index('T').unwrap(),
        );
        let kern = kerning(face, a, t);
        assert!(kern < 0.0, "A and T kerned by {kern}");
        let (a_box, t_box) = (
            face.glyph_bounding_box(a).unwrap(),
            face.glyph_bounding_box(t).unwrap(),
        );
        let advance = f32::from(face.glyph_hor_advance(a).unwrap());
        let width = advance + kern + f32::from(t_box.x_max) - f32::from(a_box.x_min);
        assert_eq!(DraftMark::of("AT").size.0, width);
    }
}
