//! Typesetting in-process: fonts and the standard library are set up once
//! per process; each document is compiled in its own small world and
//! exported as PDF/A-2a and PDF/UA-1.

pub mod fonts;
pub mod world;

use std::fmt;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use typst::World;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic, Tracepoint, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{DiagSpan, FileId, Source};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_kit::diagnostics::{DiagnosticFormat, emit, termcolor::NoColor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::model::Date;
use fonts::Fonts;
use world::DocumentWorld;

/// The Typst source of one document and the files it may use.
#[derive(Debug, Clone)]
pub struct DocumentSource {
    /// The main file's name, e.g. `verksamhetsplan-2024.typ`.
    pub main: String,
    /// Every file at the document's root: the main file, the style, assets.
    pub files: Vec<(String, Bytes)>,
    /// The moment the document is dated, in seconds since the Unix epoch.
    pub timestamp: i64,
    /// A stable identifier of the document, for the PDF's id.
    pub ident: String,
    /// How messages name a file whose name in the document is not where
    /// it comes from: the style (one of `files`) by its templates folder,
    /// and the templates named in the main file's line marks
    /// (`// hfs-template: <NAME:LINE>`) by theirs.
    pub shown_as: Vec<(String, String)>,
}

impl DocumentSource {
    /// The length of the main file in bytes (0 if it is missing).
    pub fn main_len(&self) -> usize {
        self.files
            .iter()
            .find(|(name, _)| *name == self.main)
            .map_or(0, |(_, data)| data.len())
    }
}

/// Typst failed: its diagnostics, printed with file, line and source excerpt.
#[derive(Debug, Clone)]
pub struct TypesetError {
    /// The document that failed.
    pub document: String,
    /// The formatted diagnostics.
    pub report: String,
    /// Whether one of them was traced to the template line that wrote
    /// what failed (not only to the style, or to the exporter).
    pub at_a_template_line: bool,
}

impl fmt::Display for TypesetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "typesetting {} failed:\n{}",
            self.document,
            self.report.trim_end()
        )
    }
}

/// How many of Typst's diagnostics of one document are listed.
const MAX_TYPST_DIAGNOSTICS: usize = 10;

/// What every document of a process shares: the library and the fonts.
pub struct Typesetter {
    library: LazyHash<Library>,
    fonts: &'static Fonts,
    /// Parsed shared files (the style), by file and content.
    shared_sources: Mutex<HashMap<(FileId, Bytes), Source>>,
}

impl Default for Typesetter {
    fn default() -> Self {
        Self::new()
    }
}

impl Typesetter {
    /// The process's one typesetter, set up on first use: every build,
    /// check and rebuild of a process shares its fonts and library.
    pub fn shared() -> &'static Self {
        static SHARED: OnceLock<Typesetter> = OnceLock::new();
        SHARED.get_or_init(Self::new)
    }

    /// Builds the standard library; the fonts are the process's one copy.
    pub fn new() -> Self {
        Self {
            library: LazyHash::new(Library::builder().build()),
            fonts: Fonts::shared(),
            shared_sources: Mutex::new(HashMap::new()),
        }
    }

    /// The parsed source of a file that many documents share.
    pub(crate) fn shared_source(&self, id: FileId, data: &Bytes) -> FileResult<Source> {
        let mut cache = self
            .shared_sources
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(source) = cache.get(&(id, data.clone())) {
            return Ok(source.clone());
        }
        let text = std::str::from_utf8(data).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        // Only an edited template (under watch) adds entries; keep a few.
        if cache.len() >= 16 {
            cache.clear();
        }
        cache.insert((id, data.clone()), source.clone());
        Ok(source)
    }

    /// Compiles one document into pages.
    pub fn compile(&self, source: &DocumentSource) -> Result<PagedDocument, TypesetError> {
        let today = Date::from_unix_seconds(source.timestamp);
        let world = DocumentWorld::new(self, source, today).map_err(|err| TypesetError {
            document: source.main.clone(),
            report: err.to_string(),
            at_a_template_line: false,
        })?;
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        match output {
            // A font that fonts/ lacks: no system font stands in for it, so
            // Typst drops the text set in it and only warns. A document
            // without its text is no document.
            Ok(_) if warnings.iter().any(is_unknown_font) => {
                let unknown = warnings
                    .iter()
                    .filter(|w| is_unknown_font(w))
                    .map(|warning| self.unknown_font(warning));
                let unknown: Vec<SourceDiagnostic> = unknown.collect();
                Err(self.error(&world, &source.main, &unknown))
            }
            // Other warnings of a successful compile are ours to fix in the
            // templates, not the user's; they are not shown.
            Ok(document) => Ok(document),
            Err(errors) => Err(self.error(&world, &source.main, errors.iter().chain(&warnings))),
        }
    }

    /// Typst's warning of an unknown font family as an error, with the
    /// families there are.
    fn unknown_font(&self, warning: &SourceDiagnostic) -> SourceDiagnostic {
        let mut families: Vec<&str> = self.fonts.book.families().map(|(name, _)| name).collect();
        families.sort_unstable();
        families.dedup();
        let mut error = warning.clone();
        error.severity = Severity::Error;
        error.hint(format!(
            "the documents are set only in the fonts of hfs-report's fonts/ folder: {}; a \
             text in another would be left out",
            families.join(", ")
        ));
        error
    }

    /// Exports pages as a tagged PDF/A-2a and PDF/UA-1 file.
    pub fn pdf(
        &self,
        document: &PagedDocument,
        source: &DocumentSource,
    ) -> Result<Vec<u8>, TypesetError> {
        export(document, source).map_err(|messages| TypesetError {
            document: source.main.clone(),
            report: messages.iter().map(|m| format!("error: {m}\n")).collect(),
            at_a_template_line: false,
        })
    }

    /// Why Typst cannot put the image file `name` (`data`) into a document,
    /// if it cannot: a broken file, or an SVG that links to another file.
    /// A document holding nothing but the image is compiled and exported
    /// as every document is, so the answer is the builds' own.
    pub fn image_problem(&self, name: &str, data: &Bytes) -> Option<String> {
        let main = "image-check.typ";
        let text = format!(
            "#set document(title: [Image])\n#image({}, alt: \"Image\")\n",
            crate::render::escape::path_literal(name)
        );
        let source = DocumentSource {
            main: main.to_string(),
            files: vec![
                (main.to_string(), Bytes::from_string(text)),
                (name.to_string(), data.clone()),
            ],
            timestamp: 0,
            ident: main.to_string(),
            shown_as: Vec::new(),
        };
        let world = match DocumentWorld::new(self, &source, Date::from_unix_seconds(0)) {
            Ok(world) => world,
            Err(err) => return Some(err.to_string()),
        };
        let document = match typst::compile::<PagedDocument>(&world).output {
            Ok(document) => document,
            Err(errors) => return Some(first_message(errors.iter().map(|e| e.message.as_str()))),
        };
        export(&document, &source)
            .err()
            .map(|messages| first_message(messages.iter().map(String::as_str)))
    }

    /// Formats Typst's diagnostics like the typst CLI does.
    fn error<'a>(
        &self,
        world: &DocumentWorld<'_>,
        document: &str,
        diagnostics: impl IntoIterator<Item = &'a SourceDiagnostic>,
    ) -> TypesetError {
        let diagnostics: Vec<SourceDiagnostic> =
            diagnostics.into_iter().map(without_cli_hints).collect();
        let mut report = String::new();
        let mut at_a_template_line = false;
        for diagnostic in diagnostics.iter().take(MAX_TYPST_DIAGNOSTICS) {
            let mut out = NoColor::new(Vec::new());
            let text = match emit(&mut out, world, [diagnostic], DiagnosticFormat::Human) {
                Ok(()) => one_based_columns(&String::from_utf8_lossy(&out.into_inner())),
                Err(err) => format!("(a diagnostic could not be printed: {err})"),
            };
            report.push_str(text.trim_end_matches('\n'));
            report.push('\n');
            // Where the error is in a generated file, name the template
            // line, right under the error it belongs to.
            if let Some((template, line)) = template_origin(world, diagnostic) {
                // (A mistake in the Typst a template writes is the template's
                // own, whichever version it is of.)
                at_a_template_line |= !is_syntax_error(world, diagnostic);
                let origin = format!("{}:{line}", world.template_shown_as(&template));
                report.push_str(&format!(
                    "note: this line was written by the template {origin}\n"
                ));
            }
            report.push('\n');
        }
        // One unclosed bracket makes Typst report every line after it.
        if let Some(more) = diagnostics
            .len()
            .checked_sub(MAX_TYPST_DIAGNOSTICS)
            .filter(|n| *n > 0)
        {
            report.push_str(&format!(
                "note: {more} more not listed (the first {MAX_TYPST_DIAGNOSTICS} are above, and \
                 the rest may follow from them: fix them and run again)\n"
            ));
        }
        TypesetError {
            document: document.to_string(),
            report,
            at_a_template_line,
        }
    }
}

/// The report with its places (`file:line:column`) counting columns from
/// 1, as every message of hfs-report and every editor does. typst-kit
/// 0.15 hands codespan-reporting the column's index from 0 where it
/// expects its number from 1 (`column_number` in its `diagnostics.rs`),
/// so the typst CLI too prints `:12:0` for a line's first character.
/// A place stands at the end of a `┌─` line and of a trace's `  … at`
/// line; the source lines quoted below them are indented otherwise.
fn one_based_columns(report: &str) -> String {
    let mut out = String::with_capacity(report.len());
    for line in report.split_inclusive('\n') {
        let (text, end) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        let trimmed = text.trim_start();
        let is_place = trimmed.starts_with("┌─ ")
            || (text.starts_with("  ")
                && !text.starts_with("   ")
                && text
                    .rsplit_once(" at ")
                    .is_some_and(|(_, at)| !at.contains(' ')));
        match place(text).filter(|_| is_place) {
            Some((head, line, column)) => {
                out.push_str(&format!("{head}:{line}:{}{end}", column + 1))
            }
            None => out.push_str(line),
        }
    }
    out
}

/// A text that ends in `:line:column`: what comes before, the line and the column.
fn place(text: &str) -> Option<(&str, usize, usize)> {
    let (rest, column) = text.rsplit_once(':')?;
    let (head, line) = rest.rsplit_once(':')?;
    Some((head, line.parse().ok()?, column.parse().ok()?))
}

/// Whether a diagnostic is Typst's warning of a font family it has not.
fn is_unknown_font(diagnostic: &SourceDiagnostic) -> bool {
    diagnostic.message.starts_with("unknown font family")
}

/// A diagnostic without the hints that name an option of the typst CLI,
/// which hfs-report does not have (Typst suggests `--root` for a path that
/// leaves the project: a document here may read only its own files).
fn without_cli_hints(diagnostic: &SourceDiagnostic) -> SourceDiagnostic {
    let mut diagnostic = diagnostic.clone();
    diagnostic.hints.retain(|hint| !hint.v.contains("`--root`"));
    // `info@hfs.se` in a template's text is a reference to a label
    // `hfs.se` (the data's text is escaped and never is).
    if diagnostic.message.starts_with("label `<")
        && diagnostic
            .message
            .ends_with("does not exist in the document")
    {
        diagnostic.hints.push(typst::syntax::Spanned::detached(
            "in a template's text, `@` starts a reference; write `\\@` for the sign itself \
             (info\\@hfs.se)"
                .into(),
        ));
    }
    diagnostic
}

/// The template line that wrote the line a diagnostic points at, from the
/// line's `// hfs-template: <NAME:LINE>` mark; where it points into the
/// style (a call with a misspelt argument fails inside the function), the
/// template line of the innermost call in the generated file. Not the
/// line that imports the style, for a mistake in the style itself.
fn template_origin(
    world: &DocumentWorld<'_>,
    diagnostic: &SourceDiagnostic,
) -> Option<(String, String)> {
    std::iter::once(diagnostic.span)
        .chain(
            diagnostic
                .trace
                .iter()
                .filter(|point| !matches!(point.v, Tracepoint::Import(_)))
                .map(|point| DiagSpan::from(point.span)),
        )
        .find_map(|span| marked_line(world, span))
}

/// Whether a diagnostic is Typst's parser's: it is at an error node (one
/// of no width, for "expected expression", at its place).
fn is_syntax_error(world: &DocumentWorld<'_>, diagnostic: &SourceDiagnostic) -> bool {
    use typst::WorldExt;
    use typst::syntax::{SyntaxKind, SyntaxNode};
    fn error_at(node: &SyntaxNode, start: usize, at: usize) -> bool {
        let end = start + node.len();
        if node.kind() == SyntaxKind::Error && start <= at && at <= end {
            return true;
        }
        if at < start || at > end {
            return false;
        }
        let mut offset = start;
        node.children().any(|child| {
            let found = error_at(child, offset, at);
            offset += child.len();
            found
        })
    }
    let Some(source) = diagnostic.span.id().and_then(|id| world.source(id).ok()) else {
        return false;
    };
    world
        .range(diagnostic.span)
        .is_some_and(|range| error_at(source.root(), 0, range.start))
}

/// The template line of the generated line that holds `span`.
fn marked_line(world: &DocumentWorld<'_>, span: DiagSpan) -> Option<(String, String)> {
    use typst::WorldExt;
    use typst::syntax::{LinkedNode, Side, SyntaxKind};
    let id = span.id()?;
    let source = world.source(id).ok()?;
    let start = world.range(span)?.start;
    let text = source.text();
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    // A line that ends inside a string or raw text the template spreads
    // over lines has no mark (it would be printed); the line the text
    // ends on has, and the template's lines there are the file's, one
    // for one.
    let root = LinkedNode::new(source.root());
    let ends_in_text = |end: usize| {
        let mut node = root.leaf_at(end, Side::After);
        while let Some(found) = node {
            if matches!(found.kind(), SyntaxKind::Str | SyntaxKind::Raw) {
                return found.offset() < end;
            }
            node = found.parent().cloned();
        }
        false
    };
    // The lines of the text above the error's line, back to its first.
    let mut lines_above = 0;
    let mut above = line_start;
    while above > 0 && ends_in_text(above - 1) {
        lines_above += 1;
        above = text.get(..above - 1)?.rfind('\n').map_or(0, |i| i + 1);
    }
    let mut at = line_start;
    for lines_below in 0.. {
        let end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
        let line = text.get(at..end)?;
        if let Some(found) = line.rfind(crate::render::LINE_MARK) {
            let mark =
                crate::render::LineMark::read(&line[found + crate::render::LINE_MARK.len()..])?;
            let place = match mark.from {
                None if lines_below == 0 => mark.line.to_string(),
                // Where the template's lines in the text are the file's,
                // one for one (no tag in it wrote lines or took them), the
                // line itself; else the lines of the text.
                Some(from) if mark.line.checked_sub(from) == Some(lines_above + lines_below) => {
                    (mark.line - lines_below).to_string()
                }
                Some(from) => format!("{from} to {}", mark.line),
                None => return None,
            };
            return Some((mark.template.to_string(), place));
        }
        if end == text.len() || !ends_in_text(end) {
            return None;
        }
        at = end + 1;
    }
    None
}

/// Exports pages as a tagged PDF/A-2a and PDF/UA-1 file; the exporter's
/// messages when it cannot.
fn export(document: &PagedDocument, source: &DocumentSource) -> Result<Vec<u8>, Vec<String>> {
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|err| vec![err.message().to_string()])?;
    let options = PdfOptions {
        ident: Smart::Custom(source.ident.clone()),
        creator: Smart::Custom(Some(format!("hfs-report {}", env!("CARGO_PKG_VERSION")))),
        timestamp: datetime(source.timestamp).map(Timestamp::new_utc),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
        .map_err(|errors| errors.iter().map(|e| e.message.to_string()).collect())
}

/// The first of Typst's messages (the rest follow from it).
fn first_message<'a>(mut messages: impl Iterator<Item = &'a str>) -> String {
    messages
        .next()
        .unwrap_or("Typst gave no reason")
        .to_string()
}

/// A Unix timestamp as a Typst datetime (UTC).
fn datetime(seconds: i64) -> Option<Datetime> {
    let date = Date::from_unix_seconds(seconds);
    let of_day = seconds.rem_euclid(86_400);
    Datetime::from_ymd_hms(
        date.year,
        date.month,
        date.day,
        (of_day / 3600) as u8,
        (of_day % 3600 / 60) as u8,
        (of_day % 60) as u8,
    )
}

/// The text of a typeset document, in reading order, pages separated by a form feed.
pub fn plain_text(document: &PagedDocument) -> String {
    let mut out = String::new();
    for page in document.pages() {
        frame_text(&page.frame, &mut out);
        out.push('\u{c}');
    }
    out
}

/// Appends the text of a frame and its groups.
fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => frame_text(&group.frame, out),
            FrameItem::Text(text) => {
                out.push_str(&text.text);
                out.push(' ');
            }
            _ => {}
        }
    }
}
