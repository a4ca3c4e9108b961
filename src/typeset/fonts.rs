//! The fonts of the documents, embedded in the binary from `fonts/`.
//!
//! Embedding (rather than reading `fonts/` at start-up) makes an installed
//! binary work anywhere and guarantees that no other font, and no system
//! font, can ever reach a document.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The font files, in the order they are offered to Typst.
const FILES: &[&[u8]] = &[
    include_bytes!("../../fonts/OpenSans-Regular.ttf"),
    include_bytes!("../../fonts/OpenSans-Italic.ttf"),
    include_bytes!("../../fonts/OpenSans-Semibold.ttf"),
    include_bytes!("../../fonts/OpenSans-SemiboldItalic.ttf"),
    include_bytes!("../../fonts/OpenSans-Bold.ttf"),
    include_bytes!("../../fonts/OpenSans-BoldItalic.ttf"),
    // Symbols that Open Sans lacks (arrows, check marks, geometric shapes),
    // from DejaVu Sans: the second family of `body-font` in hfs-style.typ.
    include_bytes!("../../fonts/HFSSymbols-Regular.ttf"),
    include_bytes!("../../fonts/HFSSymbols-Bold.ttf"),
];

/// The font files' bytes, for the manifest's document keys.
pub fn files() -> &'static [&'static [u8]] {
    FILES
}

/// The parsed fonts and the book that describes them, built once per process.
pub struct Fonts {
    /// Metadata Typst selects fonts by.
    pub book: LazyHash<FontBook>,
    /// The fonts, indexed like the book.
    pub fonts: Vec<Font>,
}

impl Fonts {
    /// The embedded fonts, parsed on first use and shared by everything in
    /// the process that asks about them: the typesetter, the check for
    /// characters they lack, the measuring of long runs.
    pub fn shared() -> &'static Self {
        static SHARED: OnceLock<Fonts> = OnceLock::new();
        SHARED.get_or_init(|| {
            let fonts: Vec<Font> = FILES
                .iter()
                .flat_map(|data| Font::iter(Bytes::new(*data)))
                .collect();
            let book = LazyHash::new(FontBook::from_fonts(&fonts));
            Self { book, fonts }
        })
    }
}
