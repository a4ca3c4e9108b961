//! A template of the user's own (`--templates DIR`): any text, as the plan
//! template, a region's report template, the network report's template or
//! the charts they import, renders the bundled 2024 year or fails with an
//! error that names that template at a line it has, never a panic; and
//! what it renders holds no line mark with text after it on its line,
//! where the mark would swallow that text.
//!
//! The input's first byte picks the template (its remainder modulo four,
//! in the order of [`Fuzzed`]); the rest, as UTF-8, is its text.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use hfs_report::build::{Document, followup_documents, plan_document};
use hfs_report::render::{
    NETWORK_TEMPLATE, PLAN_TEMPLATE, REGION_TEMPLATE, Renderer, TemplateSource,
};
use hfs_report::year::{Year, load_year};
use libfuzzer_sys::fuzz_target;

/// The template an input stands in for; the others are the built-in ones.
#[derive(Clone, Copy)]
enum Fuzzed {
    Plan,
    Region,
    Network,
    Charts,
}

impl Fuzzed {
    fn of(byte: u8) -> Self {
        match byte % 4 {
            0 => Self::Plan,
            1 => Self::Region,
            2 => Self::Network,
            _ => Self::Charts,
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Self::Plan => PLAN_TEMPLATE,
            Self::Region => REGION_TEMPLATE,
            Self::Network => NETWORK_TEMPLATE,
            Self::Charts => "charts.typ.j2",
        }
    }

    /// The documents that use the template: one region's report for the
    /// region template (every region's would take seven times as long and
    /// find nothing more), and every report for the charts, which both
    /// kinds import.
    fn render(self, year: &Year, renderer: &Renderer) -> Result<Vec<Document>, String> {
        let first_region = std::slice::from_ref(&year.plan.plan.regions[0].id);
        match self {
            Self::Plan => plan_document(year, renderer, Some(0)).map(|plan| vec![plan]),
            Self::Region => followup_documents(year, None, first_region, renderer, Some(0)),
            Self::Network | Self::Charts => followup_documents(year, None, &[], renderer, Some(0)),
        }
        .map_err(|err| err.to_string())
    }
}

/// The bundled 2024 year with its example follow-up data, read once.
fn year() -> &'static Year {
    static YEAR: OnceLock<Year> = OnceLock::new();
    YEAR.get_or_init(|| {
        let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"));
        match load_year(data, 2024) {
            (Some(year), diagnostics) if !diagnostics.has_errors() => year,
            (_, diagnostics) => panic!("the bundled year does not load: {diagnostics}"),
        }
    })
}

/// The templates folder the target writes each input into.
fn folder() -> &'static Path {
    static FOLDER: OnceLock<tempfile::TempDir> = OnceLock::new();
    FOLDER
        .get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
}

fuzz_target!(|bytes: &[u8]| {
    let Some((&which, text)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    // An empty template is refused before it is read: nothing to fuzz.
    if text.trim().is_empty() {
        return;
    }
    let fuzzed = Fuzzed::of(which);
    let dir = folder();
    for entry in std::fs::read_dir(dir).expect("the folder lists") {
        std::fs::remove_file(entry.expect("an entry").path()).expect("removed");
    }
    std::fs::write(dir.join(fuzzed.file_name()), text).expect("written");
    // A renderer of its own: minijinja keeps the templates it has loaded.
    let renderer = Renderer::new(TemplateSource::folder(Some(dir.to_path_buf())));
    match fuzzed.render(year(), &renderer) {
        // (A template that writes a mark's text itself is left alone.)
        Ok(documents) if !text.contains("hfs-template:") => {
            for document in &documents {
                let source = &document.source;
                let main = source
                    .files
                    .iter()
                    .find(|(name, _)| *name == source.main)
                    .map(|(_, bytes)| String::from_utf8_lossy(bytes))
                    .expect("the main file is among the files");
                for line in main.lines() {
                    if let Some((_, after)) = line.split_once("// hfs-template: <") {
                        let after = &after[after.find('>').map_or(0, |end| end + 1)..];
                        assert!(after.trim().is_empty(), "a mark swallows {after:?}");
                    }
                }
            }
        }
        Ok(_) => {}
        Err(message) => {
            // Lines as the template's editor counts them: a line feed, a
            // carriage return and the pair each end one, and the empty
            // line after the last is one too (minijinja names it where the
            // text ends too early).
            let lines = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .split('\n')
                .count();
            if let Some(line) = message
                .split_once(&format!("{}:", fuzzed.file_name()))
                .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|digits| digits.parse::<usize>().ok())
            {
                assert!(
                    (1..=lines).contains(&line),
                    "line {line} of a template of {lines}: {message}"
                );
            }
        }
    }
});
