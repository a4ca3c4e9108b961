//! The fonts of the documents, embedded in the binary from `fonts/`.
//!
//! Embedding (rather than reading `fonts/` at start-up) makes an installed
//! binary work anywhere and guarantees that no other font, and no system
//! font, can ever reach a document.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The font files, by their names in `fonts/`, in the order they are
/// offered to Typst.
const FILES: &[(&str, &[u8])] = &[
    (
        "OpenSans-Regular.ttf",
        include_bytes!("../../fonts/OpenSans-Regular.ttf"),
    ),
    (
        "OpenSans-Italic.ttf",
        include_bytes!("../../fonts/OpenSans-Italic.ttf"),
    ),
    (
        "OpenSans-Semibold.ttf",
        include_bytes!("../../fonts/OpenSans-Semibold.ttf"),
    ),
    (
        "OpenSans-SemiboldItalic.ttf",
        include_bytes!("../../fonts/OpenSans-SemiboldItalic.ttf"),
    ),
    (
        "OpenSans-Bold.ttf",
        include_bytes!("../../fonts/OpenSans-Bold.ttf"),
    ),
    (
        "OpenSans-BoldItalic.ttf",
        include_bytes!("../../fonts/OpenSans-BoldItalic.ttf"),
    ),
    // Symbols that Open Sans lacks (arrows, check marks, geometric shapes),
    // from DejaVu Sans: the second family of `body-font` in hfs-style.typ.
    (
        "HFSSymbols-Regular.ttf",
        include_bytes!("../../fonts/HFSSymbols-Regular.ttf"),
    ),
    (
        "HFSSymbols-Bold.ttf",
        include_bytes!("../../fonts/HFSSymbols-Bold.ttf"),
    ),
];

/// The fonts' licences, which go wherever the fonts go.
const LICENCES: &[(&str, &[u8])] = &[
    (
        "LICENSE-OpenSans-Apache-2.0.txt",
        include_bytes!("../../fonts/LICENSE-OpenSans-Apache-2.0.txt"),
    ),
    (
        "LICENSE-DejaVu-Bitstream-Vera.txt",
        include_bytes!("../../fonts/LICENSE-DejaVu-Bitstream-Vera.txt"),
    ),
];

/// The font files' bytes, for the manifest's document keys.
pub fn files() -> impl Iterator<Item = &'static [u8]> {
    FILES.iter().map(|(_, data)| *data)
}

/// The font files and their licences, by name: what `--emit typst` writes
/// into the folder `fonts/` beside the sources, so that the typst CLI can
/// compile them (`--font-path fonts`) wherever hfs-report was installed.
pub fn files_with_licences() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    FILES.iter().chain(LICENCES).copied()
}

/// The parsed fonts and the book that describes them, built once per process.
pub struct Fonts {
    /// Metadata Typst selects fonts by.
    pub book: LazyHash<FontBook>,
    /// The fonts, indexed like the book.
    pub fonts: Vec<Font>,
}

impl Fonts {
    /// Each font that parses for its tables too (outlines, kerning, what
    /// Typst's `Font` does not give), with it.
    pub fn faces(&self) -> impl Iterator<Item = (&Font, ttf_parser::Face<'_>)> {
        self.fonts.iter().filter_map(|font| {
            let face = ttf_parser::Face::parse(font.data(), font.index()).ok()?;
            Some((font, face))
        })
    }

    /// The embedded fonts, parsed on first use and shared by everything in
    /// the process that asks about them: the typesetter, the check for
    /// characters they lack, the measuring of long runs.
    pub fn shared() -> &'static Self {
        static SHARED: OnceLock<Fonts> = OnceLock::new();
        SHARED.get_or_init(|| {
            let fonts: Vec<Font> = files()
                .flat_map(|data| Font::iter(Bytes::new(data)))
                .collect();
            let book = LazyHash::new(FontBook::from_fonts(&fonts));
            Self { book, fonts }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_book_holds_the_embedded_fonts_and_no_other() {
        // No system font may stand in for a missing one (SPEC §6): the
        // same inputs give the same bytes on every machine.
        let shared = Fonts::shared();
        let families: Vec<&str> = shared.book.families().map(|(name, _)| name).collect();
        assert_eq!(families, ["HFS Symbols", "Open Sans"]);
        assert_eq!(shared.fonts.len(), FILES.len());
    }
}
