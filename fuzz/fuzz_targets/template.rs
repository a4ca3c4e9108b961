//! A plan template of the user's own (`--templates DIR`): any text renders
//! the bundled 2024 plan or fails with an error that names the template
//! at a line it has, never a panic; and what it renders holds no line mark
//! with text after it on its line, where the mark would swallow that text.
#![no_main]

// (Only the year of it: the rest is the other targets'.)
#[allow(dead_code)]
#[path = "common.rs"]
mod common;

use std::path::Path;
use std::sync::OnceLock;

use hfs_report::build::plan_document;
use hfs_report::load::plan::{PlanRead, read_plan_bytes};
use hfs_report::render::{PLAN_TEMPLATE, Renderer, TemplateSource};
use hfs_report::year::Year;
use libfuzzer_sys::fuzz_target;

/// The bundled 2024 plan, read once.
fn year() -> &'static Year {
    static YEAR: OnceLock<Year> = OnceLock::new();
    YEAR.get_or_init(|| {
        let path = Path::new("data/2024/plan.yaml");
        let bytes = include_bytes!("../../data/2024/plan.yaml");
        match read_plan_bytes(path, bytes) {
            (PlanRead::Read(file), _) => common::year_of(&file, None),
            (_, diagnostics) => panic!("the bundled plan does not read: {diagnostics}"),
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

fuzz_target!(|text: &str| {
    // An empty template is refused before it is read: nothing to fuzz.
    if text.trim().is_empty() {
        return;
    }
    let dir = folder();
    std::fs::write(dir.join(PLAN_TEMPLATE), text).expect("written");
    // A renderer of its own: minijinja keeps the templates it has loaded.
    let renderer = Renderer::new(TemplateSource::folder(Some(dir.to_path_buf())));
    match plan_document(year(), &renderer, Some(0)) {
        // (A template that writes a mark's text itself is left alone.)
        Ok(document) if !text.contains("hfs-template:") => {
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
        Ok(_) => {}
        Err(err) => {
            let message = err.to_string();
            // Lines as the template's editor counts them: a line feed, a
            // carriage return and the pair each end one, and the empty
            // line after the last is one too (minijinja names it where the
            // text ends too early).
            let lines = text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
            if let Some(line) = message
                .split_once(&format!("{PLAN_TEMPLATE}:"))
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
