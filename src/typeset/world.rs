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
use crate::typeset::Typesetter;

/// One document's view of the files, over the process-wide fonts and library.
pub struct DocumentWorld<'a> {
    shared: &'a Typesetter,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Date,
}

impl<'a> DocumentWorld<'a> {
    /// A world whose project root holds `files` (name → bytes) and whose main file is `main`.
    pub fn new(
        shared: &'a Typesetter,
        main: &str,
        files: &[(String, Bytes)],
        today: Date,
    ) -> FileResult<Self> {
        let mut sources = HashMap::new();
        let mut bytes = HashMap::new();
        for (name, data) in files {
            let id = file_id(name)?;
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
        let main = file_id(main)?;
        if !sources.contains_key(&main) {
            return Err(FileError::NotFound(main.vpath().get_with_slash().into()));
        }
        Ok(Self {
            shared,
            main,
            sources,
            files: bytes,
            today,
        })
    }
}

/// The id of a file at the project root.
fn file_id(name: &str) -> FileResult<FileId> {
    let path = VirtualPath::new(format!("/{name}"))
        .map_err(|_| FileError::Other(Some(format!("invalid file name: {name}").into())))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
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
        id.vpath().get_without_slash().to_string()
    }
}

/// The error for any file the document does not have.
fn not_found(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(_) => {
            FileError::Other(Some("packages are not available in hfs-report".into()))
        }
        VirtualRoot::Project => FileError::NotFound(id.vpath().get_with_slash().into()),
    }
}
