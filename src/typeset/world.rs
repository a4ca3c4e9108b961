//! Our Typst `World`: the only place that serves files, fonts and today's date
//! to the compiler.
//!
//! A document's world holds exactly its generated main file, the shared style
//! file and the year's assets (the logo), all in memory. Any other path, such
//! as `read("/etc/passwd")` or `image("../../x")`, is "not found": neither the
//! templates nor the data can make the compiler read the machine's files, and
//! there are no packages, so nothing is fetched from the network.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};
use typst_kit::diagnostics::DiagnosticWorld;

use crate::model::Date;
use crate::typeset::{DocumentSource, Typesetter};

/// The path of every document's main file inside the compiler, whatever the
/// file is called: spans carry their file's id, and Typst memoises layout by
/// content, spans included. Two reports whose main files have the same shape
/// (as two regions' reports do: every value is one string literal) then have
/// the same spans, and the second reuses the layout of all the first shares
/// with it. Diagnostics still name the file by its own name.
const MAIN_PATH: &str = "/main.typ";

/// One document's view of the files, over the process-wide fonts and library.
pub struct DocumentWorld<'a> {
    shared: &'a Typesetter,
    main: FileId,
    /// How diagnostics name the files: the main file by its own name, the
    /// style by its templates folder ([`DocumentSource::shown_as`]).
    names: HashMap<FileId, String>,
    /// How diagnostics name the templates named in the main file's line
    /// marks ([`DocumentSource::shown_as`]).
    templates: HashMap<String, String>,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Date,
}

impl<'a> DocumentWorld<'a> {
    /// A world whose project root holds the files of `document`.
    pub fn new(shared: &'a Typesetter, document: &DocumentSource, today: Date) -> FileResult<Self> {
        let (main, files) = (document.main.as_str(), &document.files);
        let main_id = rooted(MAIN_PATH)?;
        let mut sources = HashMap::new();
        let mut bytes = HashMap::new();
        for (name, data) in files {
            let id = if name == main {
                main_id
            } else {
                file_id(name)?
            };
            if id == main_id && name != main {
                // A file that would hide the main file (none of ours is so named).
                return Err(FileError::Other(Some(
                    format!("a document's file may not be called {name}").into(),
                )));
            }
            if name.ends_with(".typ") {
                let source = if name == main {
                    let text = std::str::from_utf8(data).map_err(|_| FileError::InvalidUtf8)?;
                    Source::new(id, text.to_string())
                } else {
                    // Shared files (the style) are the same in every document:
                    // parsed once per process.
                    shared.shared_source(id, data)?
                };
                sources.insert(id, source);
            }
            bytes.insert(id, data.clone());
        }
        if !sources.contains_key(&main_id) {
            return Err(FileError::NotFound(format!("/{main}").into()));
        }
        let mut names = HashMap::from([(main_id, main.to_string())]);
        let mut templates = HashMap::new();
        for (name, shown) in &document.shown_as {
            if files.iter().any(|(file, _)| file == name) {
                names.insert(file_id(name)?, shown.clone());
            } else {
                templates.insert(name.clone(), shown.clone());
            }
        }
        Ok(Self {
            shared,
            main: main_id,
            names,
            templates,
            sources,
            files: bytes,
            today,
        })
    }
}

impl DocumentWorld<'_> {
    /// How messages name the template `name` of a line mark.
    pub fn template_shown_as(&self, name: &str) -> String {
        self.templates
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// The id of a file at the project root.
fn file_id(name: &str) -> FileResult<FileId> {
    rooted(&format!("/{name}"))
}

/// The id of a path in the project.
fn rooted(path: &str) -> FileResult<FileId> {
    let vpath = VirtualPath::new(path)
        .map_err(|_| FileError::Other(Some(format!("invalid file name: {path}").into())))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.fonts.get(index).cloned()
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        // The build date, never the clock; an offset cannot move a date-only value.
        let _ = offset;
        Datetime::from_ymd(self.today.year, self.today.month, self.today.day)
    }
}

impl DiagnosticWorld for DocumentWorld<'_> {
    fn name(&self, id: FileId) -> String {
        match self.names.get(&id) {
            Some(name) => name.clone(),
            None => id.vpath().get_without_slash().to_string(),
        }
    }
}

/// The error for any file the document does not have. Not Typst's own "file
/// not found (searched at /x)": that path is inside the compiler, and no
/// folder on disk was searched, so it would send the reader looking there.
/// Typst's message names the file already (the call in the template, or an
/// SVG's linked image), so this one says why it cannot be had.
fn not_found(id: FileId) -> FileError {
    let why = match id.root() {
        VirtualRoot::Package(_) => "packages are not available in hfs-report",
        VirtualRoot::Project => {
            "a document reads no file but its own source, hfs-style.typ and the year's logo"
        }
    };
    FileError::Other(Some(why.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world<'a>(shared: &'a Typesetter, files: &[(&str, &str)]) -> FileResult<DocumentWorld<'a>> {
        let files: Vec<(String, Bytes)> = files
            .iter()
            .map(|(name, text)| (name.to_string(), Bytes::new(text.as_bytes().to_vec())))
            .collect();
        let document = DocumentSource {
            main: "report.typ".into(),
            files,
            timestamp: 0,
            ident: "report".into(),
            shown_as: vec![("hfs-style.typ".into(), "mine/hfs-style.typ".into())],
        };
        DocumentWorld::new(shared, &document, Date::from_unix_seconds(0))
    }

    #[test]
    fn the_main_file_is_served_under_one_path_and_named_by_its_own_name_and_the_style_by_its_folder()
     {
        let shared = Typesetter::new();
        let world = world(&shared, &[("report.typ", "= Hej"), ("hfs-style.typ", "")]).unwrap();
        assert_eq!(world.main(), rooted(MAIN_PATH).unwrap());
        assert_eq!(world.source(world.main()).unwrap().text(), "= Hej");
        assert_eq!(world.name(world.main()), "report.typ");
        let style = file_id("hfs-style.typ").unwrap();
        assert_eq!(world.name(style), "mine/hfs-style.typ");
    }

    #[test]
    fn any_other_file_is_refused_without_naming_a_place_on_disk() {
        let shared = Typesetter::new();
        let world = world(&shared, &[("report.typ", ""), ("logo.svg", "<svg/>")]).unwrap();
        assert!(world.file(file_id("logo.svg").unwrap()).is_ok());
        for path in ["bild.png", "etc/passwd"] {
            let err = world.file(file_id(path).unwrap()).unwrap_err().to_string();
            assert_eq!(
                err,
                "failed to load file (a document reads no file but its own source, \
                 hfs-style.typ and the year's logo)"
            );
        }
    }

    #[test]
    fn a_file_that_would_hide_the_main_file_is_refused() {
        let shared = Typesetter::new();
        let err = world(&shared, &[("report.typ", ""), ("main.typ", "")])
            .err()
            .expect("refused");
        assert!(err.to_string().contains("main.typ"), "{err}");
    }
}
