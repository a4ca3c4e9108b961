//! The orchestrator: which documents, rendered, typeset in parallel, and
//! written all-or-nothing. [`build_in`] runs the steps in order; each has
//! a module: the years read (`years`), their documents rendered
//! (`documents`), typeset and staged (`typesetting`), and what else a
//! year's folder gets and is warned about (`year_output`).

mod documents;
mod typesetting;
mod year_output;
mod years;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{BuildConfig, Only};
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::interrupt;
use crate::load::ReadFile;
use crate::lock::{OutputLock, YearLocks, lock_output, lock_years};
use crate::manifest::{self, EarlierPdf, Manifest};
use crate::render::{Renderer, TemplateSource, fit};
use crate::typeset::Typesetter;
use crate::write::{self, Output, Staged};
use crate::year::Year;
use typesetting::{Pdf, typeset_all};
use year_output::YearBuilt;

pub use documents::{Document, Stem, followup_documents, plan_document};
pub use years::{Loaded, comparable_answers, load_years};

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildSummary {
    /// The files written, per document.
    pub written: Vec<PathBuf>,
    /// Number of PDF documents in the build.
    pub documents: usize,
    /// How many of them were up to date and not typeset again.
    pub reused: usize,
    /// Where the time went.
    pub stages: Stages,
    /// Warnings about the data (printed, not fatal).
    pub warnings: Diagnostics,
    /// How long the whole build took.
    pub elapsed: Duration,
}

impl BuildSummary {
    /// "built 5 documents (2 up to date)": how many documents were typeset
    /// and written, and how many were left as they were.
    /// With `--emit typst`, how many of its files were written too (each
    /// build writes them all again, also beside PDFs up to date).
    pub fn counts(&self) -> String {
        let built = self.documents.saturating_sub(self.reused);
        let plural = if built == 1 { "" } else { "s" };
        let counts = match self.reused {
            0 => format!("built {built} document{plural}"),
            n => format!("built {built} document{plural} ({n} up to date)"),
        };
        let emitted = self
            .written
            .iter()
            .filter(|path| {
                path.extension().is_none_or(|e| e != "pdf")
                    && path.file_name() != Some(manifest::FILE_NAME.as_ref())
            })
            .count();
        match emitted {
            0 => counts,
            1 => format!("{counts} and wrote 1 file of --emit typst"),
            n => format!("{counts} and wrote {n} files of --emit typst"),
        }
    }
}

/// Runs a whole build as configured.
pub fn build(config: &BuildConfig, progress: &dyn Progress) -> Result<BuildSummary, Error> {
    build_in(&Session::new(config.templates.clone()), config, progress)
}

/// What stays set up between builds of one process (`watch` rebuilds in
/// the same session): the template environment, the fonts and Typst's
/// standard library.
pub struct Session {
    /// The template environment.
    pub renderer: Renderer,
    /// The fonts and the library.
    pub typesetter: &'static Typesetter,
}

impl Session {
    /// Sets up templates, fonts and library once.
    pub fn new(templates: TemplateSource) -> Self {
        Self {
            renderer: Renderer::new(templates),
            typesetter: Typesetter::shared(),
        }
    }
}

/// Told about a build's progress; the command line draws it.
pub trait Progress: Sync {
    /// Another build is writing into the output folder `out`; this one
    /// waits for it to finish.
    fn waiting(&self, out: &Path) {
        let _ = out;
    }
    /// The build is about to typeset `total` documents.
    fn start(&self, total: usize) {
        let _ = total;
    }
    /// A document is done (typeset, or `reused` from the previous build).
    fn finished(&self, pdf_name: &str, reused: bool) {
        let _ = (pdf_name, reused);
    }
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {}

/// Where a build's time went: wall time of the stages that run on one
/// thread; for typesetting and export, the time of every document summed
/// over the threads that typeset them (more than the wall time when several
/// threads work at once).
#[derive(Debug, Default, Clone, Copy)]
pub struct Stages {
    /// Reading and validating the data (load, validate, merge inputs).
    pub load: Duration,
    /// Merging the figures and rendering the templates.
    pub render: Duration,
    /// Typst's compilation (layout), summed over the documents.
    pub typeset: Duration,
    /// PDF export, summed over the documents.
    pub export: Duration,
    /// Hashing the files (each new PDF on the worker that made it, summed
    /// over the workers), writing those not staged while typesetting (each
    /// new PDF is), and renaming them all into place.
    pub write: Duration,
}

/// The folder beside the sources that `--emit typst` writes the fonts
/// into, as the typst CLI is told them: `--font-path fonts`.
const EMITTED_FONTS: &str = "fonts";

/// Runs a build in an existing session: reads the years, renders their
/// documents, typesets those not up to date, and puts every file in place
/// at once, each year's manifest last.
pub fn build_in(
    session: &Session,
    config: &BuildConfig,
    progress: &dyn Progress,
) -> Result<BuildSummary, Error> {
    let lock = lock_folders(config, progress);
    // A wait for another build cut short is the one lock error that cannot
    // wait for the data's (see `lock_folders`).
    if let Err(Error::Interrupted) = lock {
        return Err(Error::Interrupted);
    }
    let started = Instant::now();
    let mut stages = Stages::default();
    let shows_previous = config.only != Some(Only::Plan);
    let loaded = read_years(config, shows_previous)?;
    let mut warnings = loaded.warnings.clone();
    let years = &loaded.years;
    years::check_regions(&config.data, years, &config.regions)?;
    let _locks = lock?;
    for warning in years::without_followup(years, config) {
        warnings.push(warning);
    }
    stages.load = started.elapsed();

    let rendering = Instant::now();
    let rendered = render_years(&loaded, shows_previous, config, &session.renderer)?;
    let documents = &rendered.documents;
    stages.render = rendering.elapsed();
    for warning in documents::template_warnings(session.renderer.templates()) {
        warnings.push(warning);
    }

    // Documents whose sources are unchanged since the last build are reused.
    let earlier = Earlier::read(&config.out, years, &mut warnings);
    let EarlierPdfs { reusable, changed } = earlier.pdfs(config, &rendered);
    let reused = reusable.iter().filter(|pdf| pdf.is_some()).count();

    progress.start(documents.len());
    for (doc, pdf) in documents.iter().zip(&reusable) {
        if pdf.is_some() {
            progress.finished(&doc.pdf_name(), true);
        }
    }
    for year in years {
        let folder = config.out.join(year.year.to_string());
        write::remove_stale(&folder);
        write::remove_stale(&folder.join(EMITTED_FONTS));
    }
    let destinations: Vec<PathBuf> = documents
        .iter()
        .map(|doc| config.out.join(doc.year().to_string()).join(doc.pdf_name()))
        .collect();
    let typesetting = typeset_all(
        session,
        config,
        documents,
        &destinations,
        reusable,
        progress,
    )?;
    let pdfs = &typesetting.pdfs;
    // A changed PDF that is already the one this build makes (a build
    // stopped at once while it put its files in place left it, and not
    // its manifest) replaces nothing.
    for (index, sha256) in changed {
        if pdfs[index].sha256 != sha256 {
            warnings.push(year_output::replaced_warning(&destinations[index]));
        }
    }
    stages.typeset = typesetting.compile;
    stages.export = typesetting.export;
    stages.write = typesetting.hash;

    let writing = Instant::now();
    let mut outputs = Vec::new();
    for (year, read) in years.iter().zip(&rendered.inputs) {
        let of_year = YearBuilt {
            year,
            read,
            made: rendered.made_in(year.year, pdfs),
            earlier: earlier.of(year.year),
        };
        let (files, said) = year_output::files(&of_year, config, session.renderer.templates());
        outputs.extend(files);
        for warning in said {
            warnings.push(warning);
        }
    }
    let written = put_in_place(outputs, typesetting.staged, typesetting.made)?;
    // A stop asked for once every file was in place: the build is done.
    if interrupt::requested() {
        warnings.push(Diagnostic::warning(
            &config.out,
            None,
            "Ctrl-C (or a termination signal) came when every file was already in place; \
             the build is complete",
        ));
    }
    stages.write += writing.elapsed();

    Ok(BuildSummary {
        written,
        documents: documents.len(),
        reused,
        warnings,
        stages,
        elapsed: started.elapsed(),
    })
}

/// Locks the output folder and the year folders a build writes.
///
/// From reading the inputs to writing the manifests, the output folder is
/// the build's alone: a build that waits reads the inputs only after the
/// one before it has written, so that it never writes the documents of
/// older inputs (the nightly build's) over those of newer ones (a
/// secretary's, saved and built while it ran). So are the year folders it
/// writes, which links may share with another output folder's (see
/// `lock_years`). An output folder that cannot be made is reported only
/// once the data and the regions asked for are found right: their
/// problems (exit 1 and 2) say more than a path that does not work, and
/// would be hidden.
fn lock_folders(
    config: &BuildConfig,
    progress: &dyn Progress,
) -> Result<(OutputLock, YearLocks), Error> {
    let lock = lock_output(&config.out, || progress.waiting(&config.out))?;
    let years = lock_years(&config.out, config.years.iter().copied(), |folder| {
        progress.waiting(folder)
    })?;
    Ok((lock, years))
}

/// Reads the years a build makes, and those before them whose figures
/// its reports show where it `shows_previous`.
fn read_years(config: &BuildConfig, shows_previous: bool) -> Result<Loaded, Error> {
    // The typesetter's fingerprint, for the documents' keys, is hashed,
    // and the fonts' metrics that rendering measures by are read, while
    // the years are: the build starts typesetting only once everything is
    // read and rendered, and reading is serial work.
    let (loaded, ()) = rayon::join(
        || load_years(&config.data, &config.years, shows_previous),
        || {
            manifest::typesetter_fingerprint();
            fit::read_font_metrics();
        },
    );
    loaded
}

/// The documents of a build's years, rendered.
struct Rendered {
    documents: Vec<Document>,
    /// The key of each document's sources (see [`manifest::document_key`]).
    keys: Vec<String>,
    /// Per year, in the order of the years, the files its documents were
    /// made from.
    inputs: Vec<Vec<ReadFile>>,
}

impl Rendered {
    /// The documents of `year`, each with its PDF (of `pdfs`, one per
    /// document) and its key.
    fn made_in<'a>(&'a self, year: i32, pdfs: &'a [Pdf]) -> Vec<(&'a Document, &'a Pdf, &'a str)> {
        self.documents
            .iter()
            .zip(pdfs)
            .zip(&self.keys)
            .filter(|((doc, _), _)| doc.year() == year)
            .map(|((doc, pdf), key)| (doc, pdf, key.as_str()))
            .collect()
    }
}

/// The documents of the years read, rendered, with the files they were
/// made from.
fn render_years(
    loaded: &Loaded,
    shows_previous: bool,
    config: &BuildConfig,
    renderer: &Renderer,
) -> Result<Rendered, Error> {
    let mut documents = Vec::new();
    let mut inputs = Vec::new();
    for year in &loaded.years {
        let before = loaded.year_before(year).filter(|_| shows_previous);
        let previous = before.and_then(|before| comparable_answers(before, year));
        documents.extend(documents::of_year(
            year,
            previous.as_ref(),
            config,
            renderer,
        )?);
        inputs.push(years::files_read(year, before));
    }
    // Each key hashes the document's source and the style (some 1.7 MB in
    // all for 2024's 21 documents), on both cores.
    let keys = documents
        .par_iter()
        .map(|doc| manifest::document_key(&doc.source))
        .collect();
    Ok(Rendered {
        documents,
        keys,
        inputs,
    })
}

/// What the last build wrote into the folders of a build's years: each
/// year's manifest, where there is one that can be used.
struct Earlier<'a> {
    years: &'a [Year],
    /// Per year, in the order of `years`.
    manifests: Vec<Option<Manifest>>,
}

/// The PDFs a build finds in place, as the last build wrote them.
struct EarlierPdfs {
    /// Per document, its PDF where it is up to date and is kept.
    reusable: Vec<Option<Pdf>>,
    /// The PDFs changed since the last build wrote them, by the index of
    /// their document, with their digests now.
    changed: Vec<(usize, String)>,
}

impl<'a> Earlier<'a> {
    /// Reads the manifests of `years` under `out`; one that cannot be used
    /// is warned about.
    fn read(out: &Path, years: &'a [Year], warnings: &mut Diagnostics) -> Self {
        let manifests = years
            .iter()
            .map(|year| earlier_manifest(out, year.year, warnings))
            .collect();
        Self { years, manifests }
    }

    /// The manifest of `year`'s folder.
    fn of(&self, year: i32) -> Option<&Manifest> {
        let index = self.years.iter().position(|y| y.year == year)?;
        self.manifests[index].as_ref()
    }

    /// Which of the documents `rendered` are in place as this build would
    /// make them, and which were changed since.
    fn pdfs(&self, config: &BuildConfig, rendered: &Rendered) -> EarlierPdfs {
        let mut changed = Vec::new();
        let reusable = rendered
            .documents
            .iter()
            .zip(&rendered.keys)
            .enumerate()
            .map(|(index, (doc, key))| {
                if config.force {
                    return None;
                }
                let folder = config.out.join(doc.year().to_string());
                match self
                    .of(doc.year())?
                    .earlier_pdf(&folder, &doc.pdf_name(), key)
                {
                    EarlierPdf::Reusable(entry) => Some(Pdf {
                        len: entry.bytes,
                        sha256: entry.sha256.clone(),
                    }),
                    EarlierPdf::Changed { sha256 } => {
                        changed.push((index, sha256));
                        None
                    }
                    EarlierPdf::Other => None,
                }
            })
            .collect();
        EarlierPdfs { reusable, changed }
    }
}

/// The manifest the last build wrote into the year's folder under `out`,
/// if there is one; one that cannot be used is warned about.
fn earlier_manifest(out: &Path, year: i32, warnings: &mut Diagnostics) -> Option<Manifest> {
    let folder = out.join(year.to_string());
    Manifest::load(&folder, year).unwrap_or_else(|reason| {
        // Without it no PDF is known as written by a build: each is made
        // again, one changed by hand replaced unnamed.
        warnings.push(
            Diagnostic::warning(
                &folder.join(manifest::FILE_NAME),
                None,
                format!(
                    "cannot be used ({reason}), so no document is taken as up to date: each \
                     this build makes is made again, and a PDF changed by hand is replaced \
                     without a warning of its own"
                ),
            )
            .with_hint("this build writes a new manifest.json"),
        );
        None
    })
}

/// Writes `outputs` (the manifests and emitted files) beside their
/// destinations and puts them in place with the PDFs already `staged`,
/// each year's manifest last: until it is in place, the folder's manifest
/// describes the files there, old or new. A build that fails to put its
/// files in place takes the folders it `made` away again.
fn put_in_place(
    mut outputs: Vec<Output>,
    staged: Vec<Staged>,
    mut made: Vec<PathBuf>,
) -> Result<Vec<PathBuf>, Error> {
    // Shared files (the style) are emitted once per folder.
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs.dedup_by(|a, b| a.path == b.path);
    // A manifest or emitted file that is there as it would be written stays
    // as it is: a build with nothing to do writes nothing, and so works
    // into a folder it may only read (a published one).
    outputs.retain(|output| {
        crate::regular_file::read(&output.path).map_or(true, |bytes| bytes != output.bytes)
    });
    // (Staging the manifests and emitted files may make folders too:
    // `fonts/`.)
    made.extend(write::missing_folders(
        outputs.iter().filter_map(|o| o.path.parent()),
    ));
    made.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    let placed = write::stage_all(&outputs).and_then(|mut all| {
        all.extend(staged);
        all.sort_by_key(|s| {
            let manifest = s.path().file_name() == Some(manifest::FILE_NAME.as_ref());
            (manifest, s.path().to_path_buf())
        });
        write::place_all(all)
    });
    placed.inspect_err(|_| write::remove_empty(&made))
}
