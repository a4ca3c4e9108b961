//! The orchestrator: which documents, rendered, typeset in parallel, and
//! written all-or-nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::foundations::Bytes;

use crate::config::{BuildConfig, Only};
use crate::diag::{Diagnostic, Diagnostics, fold};
use crate::error::Error;
use crate::interrupt;
use crate::load::followup::{FollowUp, RegionNames, has_followup_files, region_key, same_regions};
use crate::load::locate::YamlPath;
use crate::load::plan::read_plan;
use crate::load::printable::shown;
use crate::load::{PLAN_FILE, ReadFile, broken_link, named_in};
use crate::lock::{lock_output, lock_years};
use crate::manifest::{self, EarlierPdf, Manifest, OutputEntry};
use crate::merge::{self, Kind, merge};
use crate::model::{Date, Id, NETWORK_REPORT_ID};
use crate::render::followup_view::FollowUpViews;
use crate::render::plan_view::PlanView;
use crate::render::{Renderer, STYLE_FILE, TemplateSource};
use crate::typeset::{DocumentSource, Typesetter, fonts};
use crate::write::{self, Output, Staged};
use crate::year::{Year, load_year};

/// One document to make: its PDF's name and its Typst source.
#[derive(Debug, Clone)]
pub struct Document {
    /// The year it belongs to.
    pub year: i32,
    /// The PDF's file name, e.g. `verksamhetsplan-2024.pdf`.
    pub pdf_name: String,
    /// The Typst source and files.
    pub source: DocumentSource,
}

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

/// The configured years, loaded and valid, with what their reports need
/// from the years before them.
#[derive(Debug)]
pub struct Loaded {
    /// The years, in the order asked for.
    pub years: Vec<Year>,
    /// Each year just before one of `years` and not among them, with
    /// follow-up data: the previous-year values of that year's reports.
    pub earlier: Vec<Year>,
    /// The warnings of all of them.
    pub warnings: Diagnostics,
}

impl Loaded {
    /// The year before `year`, if it was loaded.
    pub fn year_before(&self, year: &Year) -> Option<&Year> {
        self.years
            .iter()
            .chain(&self.earlier)
            .find(|y| y.year == year.year - 1)
    }
}

/// The follow-up of `previous`, the year before `year`, with only the
/// answers to indicators asked the same way both years (the same kind,
/// scale and unit): a count of 3 000 from the year before would print as
/// "3 000 %" under an indicator that is a percentage now.
pub fn comparable_answers(previous: &Year, year: &Year) -> Option<FollowUp> {
    let mut followup = previous.followup.clone()?;
    let (now, then) = (kinds(&year.plan.plan), kinds(&previous.plan.plan));
    let regions = same_regions(&previous.plan.plan.regions, &year.plan.plan.regions);
    followup.responses.retain_mut(|response| {
        let kind = now.get(&response.indicator);
        let Some(region) = regions.get(&response.region) else {
            return false;
        };
        response.region = region.clone();
        kind.is_some() && kind == then.get(&response.indicator)
    });
    Some(followup)
}

/// Each indicator's kind (with its scale or unit), by id.
fn kinds(plan: &crate::model::Plan) -> HashMap<Id, Kind> {
    merge::indicators(plan)
        .into_iter()
        .map(|i| (i.id, i.kind))
        .collect()
}

/// A warning, at the indicator in `year`'s plan, for each indicator whose
/// answers in `previous`, the year before, [`comparable_answers`] leaves
/// out for being asked otherwise: the reports would show no previous-year
/// value for it, and nothing would say why (a unit translated for an
/// English year, `st` to `workshops`, is enough).
fn incomparable_indicators(previous: &Year, year: &Year) -> Vec<Diagnostic> {
    let (Some(answers), Some(_)) = (&previous.followup, &year.followup) else {
        return Vec::new();
    };
    let then = kinds(&previous.plan.plan);
    // In the plan's order: the index is the indicator's place in the file.
    merge::indicators(&year.plan.plan)
        .into_iter()
        .enumerate()
        .filter(|(_, now)| {
            then.get(&now.id).is_some_and(|kind| *kind != now.kind)
                && answers
                    .responses
                    .iter()
                    .any(|r| r.indicator == now.id && r.value.is_some())
        })
        .map(|(i, now)| {
            let path = YamlPath::root().key("indicators").index(i).key("id");
            Diagnostic::warning(
                &year.plan.path,
                year.plan.locations.value(&path),
                format!(
                    "indicator '{}' is {}, in {} {}, so the reports show no {} values for it",
                    now.id,
                    asked(&now.kind),
                    previous.year,
                    then.get(&now.id).map_or_else(String::new, asked),
                    previous.year
                ),
            )
            .with_hint(format!(
                "if only its words changed, give it the kind, scale and unit it had in {}; if \
                 it is another question, give it another id",
                previous.year
            ))
        })
        .collect()
}

/// How an indicator is asked, for a message: "a scale from 1 to 10",
/// "a number in 'st'".
fn asked(kind: &Kind) -> String {
    match kind {
        Kind::Scale { min, max } => format!("a scale from {min} to {max}"),
        Kind::YesPartlyNo => "yes, partly or no".into(),
        Kind::Percent => "a percentage".into(),
        Kind::Number { unit: Some(unit) } => format!("a number in '{}'", shown(unit.as_str())),
        Kind::Number { unit: None } => "a number".into(),
    }
}

/// Loads and validates the configured years; all problems of all years at
/// once, in the order of `years` (the years are read in parallel). With
/// `previous` (the reports are wanted), the year before each, if it is
/// there with follow-up data of its own and not among `years`, is loaded
/// too: its
/// problems are this build's, for its values are printed as the previous
/// year's (a previous year left out for its errors would leave those
/// values out without a word).
pub fn load_years(data: &Path, years: &[i32], previous: bool) -> Result<Loaded, Error> {
    let earlier: Vec<i32> = years
        .iter()
        .map(|year| year - 1)
        .filter(|before| previous && !years.contains(before))
        // A year folder (a file named like one is not read, README) with
        // follow-up data: a year with a plan only has no values to give,
        // and its errors are not this build's. A link to nothing may be
        // one, and is reported.
        .filter(|before| {
            let folder = data.join(before.to_string());
            (folder.is_dir() && has_followup_files(&folder)) || broken_link(&folder).is_some()
        })
        .collect();
    let (results, earlier_results): (Vec<_>, Vec<_>) = rayon::join(
        || {
            years
                .par_iter()
                .map(|&year| load_year(data, year))
                .collect()
        },
        || {
            earlier
                .par_iter()
                .map(|&year| load_year(data, year))
                .collect()
        },
    );
    let mut diagnostics = Diagnostics::new();
    for warning in misnamed_folder_warnings(data, years) {
        diagnostics.push(warning);
    }
    let mut loaded = Vec::new();
    for (year, found) in results {
        diagnostics.extend(found);
        loaded.extend(year);
    }
    let mut followups = Vec::new();
    for (before, (year, found)) in earlier.iter().zip(earlier_results) {
        // Whether the year after it makes reports: when it did not load
        // (its errors are reported), whether it has follow-up files, so
        // that a plan being drafted is not told of last year's files.
        let after = before + 1;
        let shown = match loaded.iter().find(|y: &&Year| y.year == after) {
            Some(year) => year.followup.is_some(),
            None => has_followup_files(&data.join(after.to_string())),
        };
        if !shown {
            continue;
        }
        if found.has_errors() {
            diagnostics.push(Diagnostic::warning(
                &data.join(before.to_string()),
                None,
                format!(
                    "read for the previous-year values of the {} reports, so its errors stop \
                     the build",
                    before + 1
                ),
            ));
        }
        diagnostics.extend(found);
        followups.extend(year.filter(|y| y.followup.is_some()));
    }
    if diagnostics.has_errors() {
        return Err(Error::Data(diagnostics));
    }
    // (Only where the reports are built: they show those values.)
    for year in loaded.iter().filter(|_| previous) {
        let before = loaded
            .iter()
            .chain(&followups)
            .find(|y| y.year == year.year - 1);
        for warning in before
            .map(|before| incomparable_indicators(before, year))
            .unwrap_or_default()
        {
            diagnostics.push(warning);
        }
    }
    Ok(Loaded {
        years: loaded,
        earlier: followups,
        warnings: diagnostics,
    })
}

/// Warns about a folder with a plan that is named with a year but not as
/// a year folder (see [`crate::config::misnamed_year_folders`]): a copy
/// of a year built, which a secretary may be editing in vain, or the only
/// folder of its year, whose data no build reads.
fn misnamed_folder_warnings(data: &Path, years: &[i32]) -> Vec<Diagnostic> {
    let folders = crate::config::year_folders(data).unwrap_or_default();
    crate::config::misnamed_year_folders(data)
        .into_iter()
        .filter_map(|folder| {
            let year = folder.year;
            if !folders.contains(&year) {
                let warning = Diagnostic::warning(
                    &folder.path,
                    None,
                    format!(
                        "ignored: a year folder is named by its year alone, and '{}' is not",
                        folder.name()
                    ),
                );
                return Some(warning.with_hint(folder.remedy()));
            }
            years.contains(&year).then(|| {
                Diagnostic::warning(
                    &folder.path,
                    None,
                    format!(
                        "ignored: {year}'s data are read from {} only",
                        data.join(year.to_string()).display()
                    ),
                )
                .with_hint(if folder.outside {
                    "remove the link: a link out of the data folder is not read"
                } else {
                    "keep copies outside the data folder"
                })
            })
        })
        .collect()
}

/// The regions asked for with `--region` exist in every year built.
fn check_regions(data: &Path, years: &[Year], regions: &[Id]) -> Result<(), Error> {
    for year in years {
        let known: Vec<&str> = year
            .plan
            .plan
            .regions
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        if let Some(unknown) = regions.iter().find(|r| !known.contains(&r.as_str())) {
            // Without --year every year is built, and the region may be
            // new in a later year's plan.
            let elsewhere: Vec<String> = years
                .iter()
                .filter(|y| y.plan.plan.regions.iter().any(|r| r.id == *unknown))
                .map(|y| y.year.to_string())
                .collect();
            let hint = match elsewhere.as_slice() {
                // With --year, another year's plan may have it (a region
                // that left: gotland is in 2025's plan, not in 2026's).
                [] => {
                    // (A name of a region in this year's plan is its own
                    // hint: "did you mean gavleborg?".)
                    let here = RegionNames::new(&year.plan.plan.regions).find(unknown.as_str());
                    let found = if here.is_empty() {
                        years_having(data, years, unknown)
                    } else {
                        Vec::new()
                    };
                    let in_years = match found.as_slice() {
                        [(one, _, _)] => format!("in {one}'s plan: use --year {one}"),
                        more => {
                            let years: Vec<String> =
                                more.iter().map(|(year, _, _)| year.to_string()).collect();
                            format!("in the plans of {}: use --year", years.join(", "))
                        }
                    };
                    match found.first() {
                        None => meant_region(unknown, year, years),
                        Some((_, id, name))
                            if id != unknown && found.iter().all(|(_, other, _)| other == id) =>
                        {
                            format!("; did you mean {id} ({name}, {in_years})?")
                        }
                        Some(_) => format!("; it is {in_years}"),
                    }
                }
                [one] => format!("; it is in {one}'s plan: add --year {one}"),
                more => format!("; it is in the plans of {}: add --year", more.join(", ")),
            };
            return Err(Error::Usage(format!(
                "--region {}: no such region in {} (expected one of {}){hint}",
                shown(unknown.as_str()),
                year.plan.path.display(),
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// The years of `data` not among `years` whose plan has a region that
/// `asked` names (by its id, name or code, as a CSV file may), each plan
/// read for it: the year, and the region's id and name there.
fn years_having(data: &Path, years: &[Year], asked: &Id) -> Vec<(i32, Id, String)> {
    crate::config::year_folders(data)
        .unwrap_or_default()
        .into_iter()
        .filter(|other| !years.iter().any(|y| y.year == *other))
        .filter_map(|other| {
            let path = named_in(&data.join(other.to_string()), PLAN_FILE);
            let plan = read_plan(&path).0.names_only()?;
            let region = match RegionNames::new(&plan.regions).find(asked.as_str())[..] {
                [index] => plan.regions.get(index)?.clone(),
                _ => return None,
            };
            Some((other, region.id, region.name.to_string()))
        })
        .collect()
}

/// What a `--region` that names no region of `year` most likely meant,
/// as the end of the message: the network's report, which is built with
/// the regions' whenever no `--region` narrows the build; the region it
/// names as a CSV file may (by its name or code, in any letter case:
/// `Gavleborg`, `Region Gävleborg`), in this year's plan or, with the
/// `--year` that builds it, another's; the regions whose id or name it
/// starts (`vaster`); or the one closest to it.
fn meant_region(unknown: &Id, year: &Year, years: &[Year]) -> String {
    let key = fold(&region_key(unknown.as_str()));
    if key == NETWORK_REPORT_ID {
        return "; the network's report is built with every region's, by a build without \
                --region"
            .into();
    }
    let regions = &year.plan.plan.regions;
    let names = RegionNames::new(regions);
    if let Some(&index) = names.find(unknown.as_str()).first() {
        return format!(
            "; did you mean {} ({})?",
            regions[index].id, regions[index].name
        );
    }
    for other in years.iter().filter(|other| other.year != year.year) {
        let regions = &other.plan.plan.regions;
        if let Some(&index) = RegionNames::new(regions).find(unknown.as_str()).first() {
            let region = &regions[index];
            return format!(
                "; did you mean {} ({}, in {}'s plan: add --year {})?",
                region.id, region.name, other.year, other.year
            );
        }
    }
    let starts = |text: &str| fold(&region_key(text)).starts_with(&key);
    let started: Vec<&str> = regions
        .iter()
        .filter(|region| {
            key.chars().count() >= 3 && (starts(region.id.as_str()) || starts(&region.name))
        })
        .map(|region| region.id.as_str())
        .collect();
    match (started.as_slice(), names.suggest(unknown.as_str())) {
        ([_, _, ..], _) => format!("; did you mean one of {}?", started.join(", ")),
        ([one], _) => {
            let region = regions.iter().find(|region| region.id.as_str() == *one);
            region.map_or_else(String::new, |region| {
                format!("; did you mean {} ({})?", region.id, region.name)
            })
        }
        ([], Some(region)) => format!("; did you mean {} ({})?", region.id, region.name),
        ([], None) => String::new(),
    }
}

/// The previous-year answers of `year`'s reports (see
/// [`comparable_answers`]): from the years being built, or loaded on their
/// own (for tests; a build has them from [`load_years`]). A previous year
/// that does not load is left out.
pub fn previous_followup(data: &Path, year: &Year, built: &[Year]) -> Option<FollowUp> {
    match built.iter().find(|y| y.year == year.year - 1) {
        Some(found) => comparable_answers(found, year),
        None => comparable_answers(&load_year(data, year.year - 1).0?, year),
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

/// How many documents are typeset between two evictions of Typst's caches,
/// per worker thread: memory stays bounded however many regions there are.
const EVICT_EVERY_PER_THREAD: usize = 4;

/// How many evictions a cached result may go unused and stay: an eviction
/// drops what the last `EVICT_AGE` evictions' worth of documents did not use.
const EVICT_AGE: usize = 2;

/// Runs a build in an existing session.
pub fn build_in(
    session: &Session,
    config: &BuildConfig,
    progress: &dyn Progress,
) -> Result<BuildSummary, Error> {
    // From reading the inputs to writing the manifests, the output folder
    // is this build's alone: a build that waits reads the inputs only
    // after the one before it has written, so that it never writes the
    // documents of older inputs (the nightly build's) over those of newer
    // ones (a secretary's, saved and built while it ran).
    // An output folder that cannot be made is reported once the data and
    // the regions asked for are found right: their problems (exit 1 and
    // 2) say more than a path that does not work, and would be hidden.
    // So are the year folders it writes, which links may share with
    // another output folder's (see `lock_years`).
    let lock = match lock_output(&config.out, || progress.waiting(&config.out)).and_then(|lock| {
        let years = lock_years(&config.out, config.years.iter().copied(), |folder| {
            progress.waiting(folder)
        })?;
        Ok((lock, years))
    }) {
        Err(Error::Interrupted) => return Err(Error::Interrupted),
        lock => lock,
    };
    let started = Instant::now();
    let mut stages = Stages::default();
    // The typesetter's fingerprint, for the documents' keys, is hashed
    // while the years are read: the build starts typesetting only once
    // everything is read, and reading is serial work.
    let shows_previous = config.only != Some(Only::Plan);
    let (loaded, ()) = rayon::join(
        || load_years(&config.data, &config.years, shows_previous),
        || {
            manifest::typesetter_fingerprint();
        },
    );
    let loaded = loaded?;
    let mut warnings = loaded.warnings.clone();
    let years = &loaded.years;
    check_regions(&config.data, years, &config.regions)?;
    let _locks = lock?;
    for warning in without_followup(years, config) {
        warnings.push(warning);
    }
    stages.load = started.elapsed();

    let rendering = Instant::now();
    let mut documents = Vec::new();
    let mut inputs: Vec<Vec<ReadFile>> = Vec::new();
    for year in years {
        let before = loaded.year_before(year).filter(|_| shows_previous);
        let previous = before.and_then(|before| comparable_answers(before, year));
        documents.extend(documents_of(
            year,
            previous.as_ref(),
            config,
            &session.renderer,
        )?);
        inputs.push(files_read(year, before));
    }
    stages.render = rendering.elapsed();
    for warning in template_warnings(session.renderer.templates()) {
        warnings.push(warning);
    }

    // Documents whose sources are unchanged since the last build are reused.
    let manifests: Vec<(i32, Option<Manifest>)> = years
        .iter()
        .map(|y| {
            let folder = config.out.join(y.year.to_string());
            let manifest = Manifest::load(&folder, y.year).unwrap_or_else(|reason| {
                // Without it no PDF is known as written by a build: each
                // is made again, one changed by hand replaced unnamed.
                warnings.push(
                    Diagnostic::warning(
                        &folder.join(manifest::FILE_NAME),
                        None,
                        format!(
                            "cannot be used ({reason}), so no document is taken as up to date: \
                             each this build makes is made again, and a PDF changed by hand is \
                             replaced without a warning of its own"
                        ),
                    )
                    .with_hint("this build writes a new manifest.json"),
                );
                None
            });
            (y.year, manifest)
        })
        .collect();
    let keys: Vec<String> = documents
        .iter()
        .map(|d| manifest::document_key(&d.source))
        .collect();
    // The PDFs changed since the last build wrote them, by index, with
    // their digests now.
    let mut changed: Vec<(usize, String)> = Vec::new();
    let mut pdfs: Vec<Option<Pdf>> = documents
        .iter()
        .zip(&keys)
        .enumerate()
        .map(|(index, (doc, key))| {
            if config.force {
                return None;
            }
            let folder = config.out.join(doc.year.to_string());
            let (_, manifest) = manifests.iter().find(|(y, _)| *y == doc.year)?;
            match manifest.as_ref()?.earlier_pdf(&folder, &doc.pdf_name, key) {
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
    let was_reused: Vec<bool> = pdfs.iter().map(Option::is_some).collect();
    let reused = was_reused.iter().filter(|r| **r).count();

    progress.start(documents.len());
    for (doc, pdf) in documents.iter().zip(&pdfs) {
        if pdf.is_some() {
            progress.finished(&doc.pdf_name, true);
        }
    }
    for year in years {
        let folder = config.out.join(year.year.to_string());
        write::remove_stale(&folder);
        write::remove_stale(&folder.join(EMITTED_FONTS));
    }
    let destinations: Vec<PathBuf> = documents
        .iter()
        .map(|doc| config.out.join(doc.year.to_string()).join(&doc.pdf_name))
        .collect();
    let typesetting = typeset_all(
        session,
        config,
        &documents,
        &destinations,
        &mut pdfs,
        progress,
    )?;
    // A changed PDF that is already the one this build makes (a build
    // stopped at once while it put its files in place left it, and not
    // its manifest) replaces nothing.
    for (index, sha256) in changed {
        if pdfs[index].as_ref().is_none_or(|pdf| pdf.sha256 != sha256) {
            let doc = &documents[index];
            let folder = config.out.join(doc.year.to_string());
            warnings.push(replaced_warning(&folder.join(&doc.pdf_name)));
        }
    }
    stages.typeset = typesetting.compile;
    stages.export = typesetting.export;
    stages.write = typesetting.hash;

    let writing = Instant::now();
    let mut outputs = Vec::new();
    for (year, read) in years.iter().zip(&inputs) {
        let folder = config.out.join(year.year.to_string());
        let mut manifest = Manifest {
            year: year.year,
            inputs: manifest::inputs(read, &config.data),
            templates: session
                .renderer
                .templates()
                .read_from_folder()
                .map(|(dir, read)| manifest::inputs(&read, &dir))
                .unwrap_or_default(),
            ..Manifest::default()
        };
        let mut year_outputs = Vec::new();
        // What `--emit typst` writes besides the PDFs, by name in the folder.
        let mut emitted: Vec<(String, &[u8])> = Vec::new();
        let of_year = documents
            .iter()
            .zip(&pdfs)
            .zip(&keys)
            .filter(|((d, _), _)| d.year == year.year);
        // A new PDF is staged already; an up-to-date one is left as it is,
        // modification time included.
        for ((doc, pdf), key) in of_year {
            // Every document has its PDF once typesetting has succeeded.
            let Some(pdf) = pdf else { continue };
            manifest.outputs.push(OutputEntry {
                file: doc.pdf_name.clone(),
                bytes: pdf.len,
                sha256: pdf.sha256.clone(),
                key: Some(key.clone()),
            });
            if config.emit_typst {
                emitted.extend(
                    doc.source
                        .files
                        .iter()
                        .map(|(name, bytes)| (name.clone(), &bytes[..])),
                );
            }
        }
        if config.emit_typst && !emitted.is_empty() {
            // The fonts too, so that the typst CLI can compile the sources
            // wherever hfs-report was installed (`--font-path fonts`); not
            // for a year with no source to compile.
            emitted.extend(
                fonts::files_with_licences()
                    .map(|(name, bytes)| (format!("{EMITTED_FONTS}/{name}"), bytes)),
            );
        }
        let earlier = manifests
            .iter()
            .find(|(y, _)| *y == year.year)
            .and_then(|(_, earlier)| earlier.as_ref());
        for (file, bytes) in emitted {
            let sha256 = manifest::sha256(bytes);
            // A source edited by hand since the last build wrote it is
            // replaced, as a PDF so changed is, not without a word.
            let written = earlier.and_then(|m| m.outputs.iter().find(|o| o.file == file));
            if let Some(written) = written
                && let Ok(now) = crate::regular_file::read(folder.join(&file))
                && let now = manifest::sha256(&now)
                && now != written.sha256
                && now != sha256
            {
                warnings.push(replaced_warning(&folder.join(&file)));
            }
            manifest.outputs.push(OutputEntry {
                file: file.clone(),
                bytes: bytes.len() as u64,
                sha256,
                key: None,
            });
            year_outputs.push(Output {
                path: folder.join(file),
                bytes: bytes.to_vec(),
            });
        }
        // The documents a partial build leaves stay listed while they are
        // what a build would make of what this one read; else they are
        // left in the folder, not listed, and named in a warning.
        let mut outdated: Vec<String> = Vec::new();
        if config.is_partial()
            && let Some(earlier) = earlier
        {
            let built: Vec<&Document> = documents.iter().filter(|d| d.year == year.year).collect();
            let templates = session.renderer.templates().read_from_folder();
            let sources = (
                config.data.as_path(),
                templates.as_ref().map(|(dir, _)| dir.as_path()),
            );
            let (kept, outdated_now, changed) =
                still_made_so(earlier, &manifest, year, sources, &folder, &built);
            outdated = outdated_now;
            manifest.outputs.extend(kept);
            if outdated.is_empty() {
                // And what they were made from that this build did not
                // read (the previous year's files of the reports that an
                // `--only plan` build leaves), as that build listed it:
                // the files still in the data folder under that name (a
                // manifest of a version that named them otherwise gives
                // none).
                let carried =
                    |now: &[manifest::Input], before: &[manifest::Input], folder: &Path| {
                        before
                            .iter()
                            .filter(|input| !now.iter().any(|i| i.path == input.path))
                            .filter(|input| folder.join(&input.path).is_file())
                            .cloned()
                            .collect::<Vec<_>>()
                    };
                let inputs = carried(&manifest.inputs, &earlier.inputs, &config.data);
                manifest.inputs.extend(inputs);
                if let Some((dir, _)) = session.renderer.templates().read_from_folder() {
                    let templates = carried(&manifest.templates, &earlier.templates, &dir);
                    manifest.templates.extend(templates);
                }
            } else if let Some(warning) = outdated_warning(&folder, &outdated, &changed) {
                warnings.push(warning);
            }
        }
        manifest.outputs.sort_by(|a, b| a.file.cmp(&b.file));
        manifest.outputs.dedup_by(|a, b| a.file == b.file);
        for warning in unlisted_documents(&folder, year, &manifest, earlier, &outdated) {
            warnings.push(warning);
        }
        // A year with nothing built and no manifest yet (a plan being
        // drafted, built with --only followup) gets no manifest of nothing.
        if earlier.is_some() || !manifest.outputs.is_empty() {
            year_outputs.push(Output {
                path: folder.join(manifest::FILE_NAME),
                bytes: manifest.to_json(),
            });
        }
        outputs.extend(year_outputs);
    }
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
    // `fonts/`.) A build that fails to put its files in place takes the
    // folders it made away again.
    let mut made = write::missing_folders(outputs.iter().filter_map(|o| o.path.parent()));
    made.extend(typesetting.made);
    made.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    let placed = write::stage_all(&outputs).and_then(|mut staged| {
        staged.extend(typesetting.staged);
        // Each year's manifest last: until it is in place, the folder's
        // manifest describes the files there, old or new.
        staged.sort_by_key(|s| {
            let manifest = s.path().file_name() == Some(manifest::FILE_NAME.as_ref());
            (manifest, s.path().to_path_buf())
        });
        write::place_all(staged)
    });
    let written = placed.inspect_err(|_| write::remove_empty(&made))?;
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

/// What typesetting made: the time spent compiling, exporting and hashing,
/// summed over the threads, and every new PDF staged beside its destination.
struct Typesetting {
    compile: Duration,
    export: Duration,
    hash: Duration,
    staged: Vec<Staged>,
    /// The output folders the stager made, deepest first.
    made: Vec<PathBuf>,
}

/// Typesets the documents that have no PDF yet, on `config.jobs` threads
/// (or one per document, if there are fewer),
/// and stages each new PDF (a synced temporary file beside `destinations[i]`)
/// on one more thread while the others typeset on, so that waiting for the
/// disk does not add to the build's time.
///
/// Each worker thread takes the next document from a shared queue and
/// compiles and exports it on a one-thread rayon pool of its own, so that
/// Typst's parallel work inside a document (page runs, PDF pages) stays on
/// that thread: documents are the unit of parallelism. Nested in one shared
/// pool, the threads would steal each other's small tasks, which measured
/// about a sixth slower on two cores, and a thread's clock would count the
/// stolen work of other documents.
///
/// What the last documents left in Typst's cache stays there: a one-shot
/// build ends anyway, and `watch` evicts by its own rule after each rebuild.
/// (Evicting here took 8–12 ms at the end of every 2024 build.)
fn typeset_all(
    session: &Session,
    config: &BuildConfig,
    documents: &[Document],
    destinations: &[PathBuf],
    pdfs: &mut [Option<Pdf>],
    progress: &dyn Progress,
) -> Result<Typesetting, Error> {
    let mut todo: Vec<usize> = (0..documents.len())
        .filter(|&i| pdfs[i].is_none())
        .collect();
    // A thread more than there are documents would have nothing to do, and
    // `--jobs 100000` would run the machine out of threads for nothing.
    let workers = config.jobs.min(todo.len()).max(1);
    let pools = (0..workers)
        .map(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| Error::System(format!("cannot start {workers} worker threads ({err})")))?;
    // Longest first: a long document (the plan, the network's report) begun
    // last would keep one thread busy while the others wait at the end of
    // the build. The main file's length is a fair guess of the work.
    todo.sort_by_key(|&i| std::cmp::Reverse(documents[i].source.main_len()));
    // Taken in this order from a shared queue: no thread waits for another
    // until the queue is empty.
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    // The lowest failed document so far: documents after it in document
    // order need not be typeset, since the error reported is always the
    // first one in document order, however the threads ran.
    let first_failed = AtomicUsize::new(usize::MAX);
    // Before the (EVICT_AGE + 1)-th eviction none can drop anything: until
    // then they only count the age of what is cached, and each costs 2-3 ms
    // with every cache locked. A build too small to get there (the 2024 set
    // on two threads) evicts nothing.
    let evict_every = EVICT_EVERY_PER_THREAD * pools.len();
    let evicts = todo.len() >= (EVICT_AGE + 1) * evict_every;
    // The stager creates the output folders it needs; a failed build takes
    // them away again.
    let missing = write::missing_folders(destinations.iter().filter_map(|d| d.parent()));
    let (mut done, staged) = std::thread::scope(|scope| {
        let (to_stager, finished_pdfs) = mpsc::channel::<(usize, Vec<u8>)>();
        // A staging error ends the stager; the workers' sends then fail
        // unnoticed, and the error is reported after them.
        let stager = scope
            .spawn(move || stage_as_finished(finished_pdfs, destinations, interrupt::requested));
        let workers: Vec<_> = pools
            .iter()
            .map(|pool| {
                let (todo, next, finished, first_failed) = (&todo, &next, &finished, &first_failed);
                let to_stager = to_stager.clone();
                scope.spawn(move || {
                    let mut done = Vec::new();
                    while let Some(&i) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                        if interrupt::requested() {
                            break;
                        }
                        if i > first_failed.load(Ordering::Relaxed) {
                            continue;
                        }
                        // The bytes go to the stager; the build keeps
                        // only what the manifest records of them.
                        let typeset = pool.install(|| {
                            typeset_one(session, documents, i, |bytes| {
                                let _ = to_stager.send((i, bytes));
                            })
                        });
                        match &typeset.pdf {
                            Ok(_) => progress.finished(&documents[i].pdf_name, false),
                            Err(_) => {
                                first_failed.fetch_min(i, Ordering::Relaxed);
                            }
                        }
                        done.push(typeset);
                        // Typst memoises layouts; every so many documents,
                        // forget what the last ones did not use. (Eviction
                        // only drops cached results, so another thread's
                        // compilation is never disturbed, only maybe slowed.)
                        let count = finished.fetch_add(1, Ordering::Relaxed) + 1;
                        if evicts && count % evict_every == 0 {
                            comemo::evict(EVICT_AGE);
                        }
                    }
                    done
                })
            })
            .collect();
        // The stager ends when the last worker's sender is gone.
        drop(to_stager);
        let done: Vec<Typeset> = workers
            .into_iter()
            .flat_map(|worker| join(worker))
            .collect();
        (done, join(stager))
    });
    done.sort_by_key(|t| t.index);
    let mut compile = Duration::ZERO;
    let mut export = Duration::ZERO;
    let mut hash = Duration::ZERO;
    let mut failed = None;
    for t in done {
        compile += t.compile;
        export += t.export;
        hash += t.hash;
        match t.pdf {
            Ok(pdf) => pdfs[t.index] = Some(pdf),
            Err(err) => {
                failed.get_or_insert(err);
            }
        }
    }
    let error = match (failed, staged) {
        // A stop asked for while typesetting is taken here, before any file
        // is placed: what was staged is deleted below, like a failed build's.
        (None, Ok(staged)) => match interrupt::check() {
            Ok(()) => {
                return Ok(Typesetting {
                    compile,
                    export,
                    hash,
                    staged,
                    made: missing,
                });
            }
            Err(err) => err,
        },
        (Some(err), _) | (None, Err(err)) => err,
    };
    // The staged files went with the statement above; now their folders.
    write::remove_empty(&missing);
    Err(error)
}

/// Stages each PDF `(i, bytes)` as it comes, beside `destinations[i]`,
/// until `stopped`: after a stop is asked for, none is written (each takes
/// its time on a slow disk: a Ctrl-C waited for the write of every PDF
/// already typeset), and the build deletes what was staged.
fn stage_as_finished(
    finished: impl IntoIterator<Item = (usize, Vec<u8>)>,
    destinations: &[PathBuf],
    stopped: impl Fn() -> bool,
) -> Result<Vec<Staged>, Error> {
    finished
        .into_iter()
        .take_while(|_| !stopped())
        .map(|(i, pdf)| write::stage(&destinations[i], &pdf))
        .collect()
}

/// A scoped thread's result; its panic goes on in the calling thread.
fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// What the manifest records of a document's PDF: its size and SHA-256.
/// The bytes themselves are not kept: a new PDF goes to its temporary file
/// as soon as it is made, and a reused one stays where it is.
struct Pdf {
    len: u64,
    sha256: String,
}

impl Pdf {
    /// Hashes a new PDF, on the worker thread that made it while the others
    /// typeset on, rather than all of them after the last document, when
    /// the build can only wait for it. (A reused PDF comes with the digest
    /// its check computed.)
    fn of(bytes: &[u8]) -> Self {
        Self {
            len: bytes.len() as u64,
            sha256: manifest::sha256(bytes),
        }
    }
}

/// One document typeset: what the manifest records of its PDF or why there
/// is none, and where the time went.
struct Typeset {
    index: usize,
    pdf: Result<Pdf, Error>,
    compile: Duration,
    export: Duration,
    hash: Duration,
}

/// Compiles and exports document `index` on the current thread, and hands
/// the PDF's bytes to `deliver`.
fn typeset_one(
    session: &Session,
    documents: &[Document],
    index: usize,
    deliver: impl FnOnce(Vec<u8>),
) -> Typeset {
    let document = &documents[index];
    let compiling = Instant::now();
    let pages = session.typesetter.compile(&document.source);
    let compile = compiling.elapsed();
    let exporting = Instant::now();
    let bytes = pages.and_then(|pages| session.typesetter.pdf(&pages, &document.source));
    let export = exporting.elapsed();
    let hashing = Instant::now();
    let pdf = bytes
        .map_err(|err| with_versions_hint(Error::from(err), session.renderer.templates()))
        .map(|bytes| {
            let pdf = Pdf::of(&bytes);
            deliver(bytes);
            pdf
        });
    Typeset {
        index,
        pdf,
        compile,
        export,
        hash: hashing.elapsed(),
    }
}

/// The documents of one year that the configuration asks for.
fn documents_of(
    year: &Year,
    previous: Option<&FollowUp>,
    config: &BuildConfig,
    renderer: &Renderer,
) -> Result<Vec<Document>, Error> {
    let epoch = config.source_date_epoch;
    // The plan is rendered while the follow-up reports are.
    let (plan, followup) = rayon::join(
        || {
            (config.only != Some(Only::FollowUp) && config.regions.is_empty())
                .then(|| plan_document(year, renderer, epoch))
                .transpose()
        },
        || {
            if config.only == Some(Only::Plan) {
                return Ok(Vec::new());
            }
            followup_documents(year, previous, &config.regions, renderer, epoch)
        },
    );
    let hinted = |err| with_versions_hint(err, renderer.templates());
    Ok(plan
        .map_err(hinted)?
        .into_iter()
        .chain(followup.map_err(hinted)?)
        .collect())
}

/// Warnings about the templates folder: a file named almost like a
/// template, which is not read; a folder that holds none of them. Given
/// with a failed build's error too, where they may be its cause.
fn template_warnings(templates: &TemplateSource) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, meant, beside) in templates.misnamed_files() {
        let warning = if beside {
            Diagnostic::warning(
                &file,
                None,
                format!("is no template's name, so it is not read: '{meant}' beside it is"),
            )
            .with_hint(format!(
                "if this is the one you edited, name it '{meant}' and keep the other elsewhere"
            ))
        } else {
            Diagnostic::warning(
                &file,
                None,
                format!("is no template's name, so the built-in '{meant}' is used in its place"),
            )
            .with_hint(format!("name the file '{meant}' to use it"))
        };
        out.push(warning);
    }
    if let (Some(dir), Some(below)) = (&templates.dir, templates.holds_no_template()) {
        let warning = Diagnostic::warning(
            dir,
            None,
            "holds none of the templates, so every one was built in",
        );
        out.push(match below {
            Some(folder) => warning.with_hint(format!(
                "the folder {} holds templates: give --templates {0}",
                folder.display()
            )),
            None => warning
                .with_hint("hfs-report templates export DIR writes them into a folder to edit"),
        });
    }
    out
}

/// The style and the templates as Typst's messages name them: by the
/// templates folder they come from (`templates/` for a built-in one), as
/// template errors name their files.
fn shown_as(renderer: &Renderer) -> Vec<(String, String)> {
    let templates = renderer.templates();
    TemplateSource::embedded()
        .iter()
        .map(|(name, _)| (name.to_string(), templates.display_name(name)))
        .collect()
}

/// A template's or the typesetter's error, with a hint where the templates
/// folder holds some of the templates and hfs-report gives the others
/// ([`TemplateSource::mixed_versions_hint`]), and the warnings about the
/// folder ([`template_warnings`]: a build that fails prints no warnings).
fn with_versions_hint(err: Error, templates: &TemplateSource) -> Error {
    let hint = templates.mixed_versions_hint();
    let warnings: String = template_warnings(templates)
        .iter()
        .map(|warning| format!("{warning}\n"))
        .collect();
    // No hint for a file that could not be read, a template's syntax, or
    // a mistake in the style itself: those are where they are named.
    match err {
        Error::Render(mut err) => {
            if let Some(hint) = hint.filter(|_| err.in_running) {
                err.message.push_str(&format!("\nhint: {hint}"));
            }
            if !warnings.is_empty() {
                err.message.push('\n');
                err.message.push_str(warnings.trim_end());
            }
            Error::Render(err)
        }
        Error::Typeset(mut err) => {
            if let Some(hint) = hint.filter(|_| err.at_a_template_line) {
                err.report.push_str(&format!("hint: {hint}\n"));
            }
            err.report.push_str(&warnings);
            Error::Typeset(err)
        }
        other => other,
    }
}

/// Every file a year's documents are made from: its own, and the plan and
/// CSV files of the year before (`before`) when its reports, built now,
/// show previous values from them.
fn files_read(year: &Year, before: Option<&Year>) -> Vec<ReadFile> {
    let mut read = year.inputs();
    if let (Some(_), Some(before)) = (&year.followup, before)
        && let Some(previous) = &before.followup
    {
        read.push(before.plan_file());
        read.extend(previous.files.iter().cloned());
    }
    read
}

/// A warning for each year without follow-up data when the build asks for
/// follow-up reports only (`--only followup`, `--region`): it makes none.
fn without_followup(years: &[Year], config: &BuildConfig) -> Vec<Diagnostic> {
    if config.only != Some(Only::FollowUp) && config.regions.is_empty() {
        return Vec::new();
    }
    years
        .iter()
        .filter(|y| y.followup.is_none())
        .map(|year| {
            Diagnostic::warning(
                &year.folder,
                None,
                "the year has no follow-up data (no activity-status.csv, no responses/*.csv), so \
                 no follow-up report is built for it",
            )
        })
        .collect()
}

/// A warning for each document file in `folder` (a PDF or Typst source
/// named like the year's documents) that the manifest about to be written
/// does not list: left by an earlier build, it is not what this one made.
/// It stays, since the folder may hold what the user keeps there. Each
/// says why, as far as `earlier` (the manifest it replaces) and the plan
/// tell.
fn unlisted_documents(
    folder: &Path,
    of: &Year,
    manifest: &Manifest,
    earlier: Option<&Manifest>,
    outdated: &[String],
) -> Vec<Diagnostic> {
    let year = of.year;
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let (plan, report) = (
        format!("verksamhetsplan-{year}"),
        format!("uppfoljning-{year}-"),
    );
    let named_like_ours = |name: &str| {
        (name.starts_with(&plan) || name.starts_with(&report))
            && (name.ends_with(".pdf") || name.ends_with(".typ"))
    };
    // The id in the name of a report's PDF or source, and whether a build
    // of the year makes a report of that id.
    let report_id = |name: &'_ str| -> Option<String> {
        let rest = name.strip_prefix(&report)?;
        let id = rest
            .strip_suffix(".pdf")
            .or_else(|| rest.strip_suffix(".typ"))?;
        Some(id.to_string())
    };
    let made = |id: &str| {
        id == NETWORK_REPORT_ID || of.plan.plan.regions.iter().any(|r| r.id.as_str() == id)
    };
    // Whether a build of the year writes a PDF of this name: the plan, and
    // the reports where the year has follow-up data.
    let a_build_makes = |name: &str| {
        name == format!("{plan}.pdf")
            || (of.followup.is_some()
                && name.ends_with(".pdf")
                && report_id(name).is_some_and(|id| made(&id)))
    };
    // A folder is the user's, named so, unless it stands where a PDF goes.
    let mut unlisted: Vec<String> = entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| named_like_ours(name) && !manifest.outputs.iter().any(|o| o.file == *name))
        .filter(|name| !outdated.contains(name))
        .filter(|name| !folder.join(name).is_dir() || a_build_makes(name))
        .collect();
    unlisted.sort();
    // What the last build's manifest says of a file: not there (or no
    // manifest), listed as it is now, or listed and changed since.
    let written_so = |name: &str| {
        let written = earlier.and_then(|m| m.outputs.iter().find(|o| o.file == name))?;
        Some(
            crate::regular_file::read(folder.join(name))
                .is_ok_and(|now| manifest::sha256(&now) == written.sha256),
        )
    };
    // The id in a region's report's name that no region of the plan has.
    // A name no id could give (a file manager's `skane (1).pdf`) is a
    // copy, not a region's report.
    let no_region =
        |name: &str| report_id(name).filter(|id| Id(id.clone()).is_well_formed() && !made(id));
    // A region's files that no build makes again (its PDF, and its source
    // of an earlier --emit typst) are named one by one; the other sources
    // together, below.
    let (sources, pdfs): (Vec<String>, Vec<String>) = unlisted
        .into_iter()
        .partition(|name| name.ends_with(".typ") && no_region(name).is_none());
    // The year's documents that neither this build nor the last listed:
    // left out of date by a narrowed build before the last, which said so
    // then. Together, as that build's warning did, and not called
    // obsolete: a build of the whole year makes them again.
    let (left_before, pdfs): (Vec<String>, Vec<String>) = pdfs.into_iter().partition(|name| {
        earlier.is_some()
            && written_so(name).is_none()
            && a_build_makes(name)
            && !folder.join(name).is_dir()
    });
    let mut warnings: Vec<Diagnostic> = pdfs
        .into_iter()
        .map(|name| {
            let (why, hint) = if let Some(id) = no_region(&name) {
                (
                    format!(
                        "no region in plan.yaml has the id '{}', so no build makes this file; \
                         it is left as it is",
                        shown(&id)
                    ),
                    "remove it if it is obsolete",
                )
            } else if folder.join(&name).is_dir() && a_build_makes(&name) {
                (
                    "is a folder where this year's PDF of that name goes; it is left as it \
                     is, and a build that makes the PDF stops there"
                        .to_string(),
                    "move or remove the folder",
                )
            } else {
                match (earlier, written_so(&name)) {
                    (_, Some(false)) => (
                        "changed after the last build wrote it; this build did not make it \
                         again, so it is left as it is, no longer listed, and the next build \
                         that makes it replaces it without another warning"
                            .to_string(),
                        "keep a PDF you change by hand outside the output folder",
                    ),
                    (_, Some(true)) => (
                        "the last build made this file, and this one did not make it again; \
                         it is left as it is, no longer listed"
                            .to_string(),
                        "remove it if it is obsolete",
                    ),
                    (Some(_), None) => (
                        "this build neither made nor kept this file, and the last build did not \
                         list it either; it is left as it is"
                            .to_string(),
                        "remove it if it is obsolete",
                    ),
                    (None, None) => (
                        "this build did not make this file, and no manifest.json says which \
                         build did; it is left as it is"
                            .to_string(),
                        "remove it if it is obsolete",
                    ),
                }
            };
            Diagnostic::warning(&folder.join(&name), None, why).with_hint(hint)
        })
        .collect();
    // What an earlier `--emit typst` wrote (a source per document, the
    // style, the fonts, the logo), in one warning rather than a screenful.
    let listed = |name: &str| manifest.outputs.iter().any(|o| o.file.starts_with(name));
    let mut shared: Vec<String> = [STYLE_FILE, EMITTED_FONTS]
        .into_iter()
        .filter(|name| folder.join(name).exists() && !listed(name))
        .map(|name| match name {
            EMITTED_FONTS => format!("{name}/"),
            _ => name.to_string(),
        })
        .collect();
    // Its logo: the one the plan names, with the others, found as they
    // are (beside what else such a build left: a file of that name alone
    // may be the user's); one renamed since on its own, as no build makes
    // it again, found by the manifest of the build that wrote it (only
    // that says which file was the logo), so named once.
    // (By the name it is written under beside the sources: the file's own
    // name, without the folders plan.yaml may name it in.)
    let logo = of.logo.as_ref().map(|logo| &logo.name);
    if let Some(logo) = logo
        && !(sources.is_empty() && shared.is_empty())
        && !listed(logo)
        && folder.join(logo).is_file()
    {
        shared.push(logo.clone());
    }
    let assets = earlier
        .into_iter()
        .flat_map(|m| &m.outputs)
        .map(|o| &o.file);
    for file in assets
        .filter(|file| !file.ends_with(".pdf") && !file.ends_with(".typ"))
        .filter(|file| !file.starts_with(&format!("{EMITTED_FONTS}/")))
        .filter(|file| !listed(file) && folder.join(file).is_file())
    {
        if Some(file) != logo {
            warnings.push(
                Diagnostic::warning(
                    &folder.join(file),
                    None,
                    "an earlier --emit typst wrote this logo, which plan.yaml no longer names; \
                     it is left as it is",
                )
                .with_hint("remove it if it is obsolete"),
            );
        }
    }
    const NAMED: usize = 3;
    if !left_before.is_empty() {
        let named = left_before[..left_before.len().min(NAMED)].join(", ");
        let (what, them, are) = match left_before.len() {
            1 => (named, "it", "it is"),
            n if n <= NAMED => (named, "them", "they are"),
            n => (
                format!("{named} and {} more", n - NAMED),
                "them",
                "they are",
            ),
        };
        warnings.push(
            Diagnostic::warning(
                folder,
                None,
                format!(
                    "{what}: neither this build nor the last listed {them} (a narrowed build \
                     found {them} out of date, most likely); {are} left as {are}"
                ),
            )
            .with_hint(format!(
                "build the year without --only and --region to make {them} again"
            )),
        );
    }
    let named = sources[..sources.len().min(NAMED)].join(", ");
    let mut parts = match sources.len() {
        0 => Vec::new(),
        1 => vec![format!("the Typst source {named}")],
        n if n <= NAMED => vec![format!("the Typst sources {named}")],
        n => vec![format!(
            "{n} Typst sources ({named} and {} more)",
            n - NAMED
        )],
    };
    parts.extend(shared);
    let one = parts.len() == 1 && sources.len() <= 1;
    let what = match parts.as_slice() {
        [] => return warnings,
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    warnings.push(
        Diagnostic::warning(
            folder,
            None,
            format!(
                "{what} {} not what this build made (of an earlier --emit typst, most likely); {}",
                if one { "is" } else { "are" },
                if one {
                    "it is left as it is"
                } else {
                    "they are left as they are"
                }
            ),
        )
        .with_hint(if one {
            "a build with --emit typst and without --only or --region makes it again; or remove it"
        } else {
            "a build with --emit typst and without --only or --region makes them again; or \
             remove them"
        }),
    );
    warnings
}

/// What a partial build keeps listed of the documents it did not make
/// again (see [`not_built_again`]): those still made from what `now` read,
/// and apart the files of those that are not, with what changed. The plan
/// reads the year's plan.yaml and logo only, so changed follow-up data
/// leaves it listed; a follow-up report reads everything.
fn still_made_so(
    earlier: &Manifest,
    now: &Manifest,
    year: &Year,
    (data, templates): (&Path, Option<&Path>),
    folder: &Path,
    built: &[&Document],
) -> (Vec<OutputEntry>, Vec<String>, Vec<manifest::Change>) {
    let changed = now.changed_since(earlier, data, templates);
    // What the plan reads: plan.yaml and the logo.
    let logo = year.plan.plan.network.logo.as_ref();
    let plan_reads: Vec<String> = std::iter::once(year.plan.path.clone())
        .chain(logo.map(|logo| year.folder.join(logo)))
        .map(|path| manifest::input_path(&path, data))
        .collect();
    let affects_plan = |change: &manifest::Change| match change {
        manifest::Change::Input(path) => plan_reads.contains(path),
        manifest::Change::Template(_) | manifest::Change::Tool(_) => true,
    };
    let plan_changed = changed.iter().any(affects_plan);
    let plan = format!("verksamhetsplan-{}.", year.year);
    let is_plan = |entry: &OutputEntry| entry.file.starts_with(&plan);
    let (kept, outdated): (Vec<OutputEntry>, Vec<OutputEntry>) =
        not_built_again(earlier, folder, built)
            .into_iter()
            .partition(|entry| {
                if is_plan(entry) {
                    !plan_changed
                } else {
                    changed.is_empty()
                }
            });
    // The changes the warning names: only the plan's, when only the plan
    // is left outdated (the previous year's files, which a build of the
    // plan alone does not read, are no change to it).
    let changed = if outdated.iter().all(is_plan) {
        changed.into_iter().filter(affects_plan).collect()
    } else {
        changed
    };
    let outdated = outdated.into_iter().map(|entry| entry.file).collect();
    (kept, outdated, changed)
}

/// The warning for a PDF (or an emitted file) at `path` that was changed
/// after the last build wrote it, and that this build makes again:
/// nothing in the folder is replaced without a word.
fn replaced_warning(path: &Path) -> Diagnostic {
    let what = if path.extension().is_some_and(|e| e == "pdf") {
        "a PDF"
    } else {
        "a file"
    };
    Diagnostic::warning(
        path,
        None,
        "changed since the last build wrote it; this build replaces it",
    )
    .with_hint(format!(
        "keep {what} you change by hand outside the output folder"
    ))
}

/// The warning for the documents a partial build left (`outdated`, files
/// in `folder`) that were made from other sources than it read
/// (`changed`, see [`Manifest::changed_since`]).
fn outdated_warning(
    folder: &Path,
    outdated: &[String],
    changed: &[manifest::Change],
) -> Option<Diagnostic> {
    let documents = outdated.iter().filter(|f| f.ends_with(".pdf")).count();
    let first = changed.first()?;
    let more = match changed.len() - 1 {
        0 => String::new(),
        1 => " and 1 more".to_string(),
        n => format!(" and {n} more"),
    };
    let (count, were, they_are, them) = match documents {
        0 => return None,
        1 => ("1 document".to_string(), "was", "it is", "it"),
        n => (format!("{n} documents"), "were", "they are", "them"),
    };
    Some(
        Diagnostic::warning(
            folder,
            None,
            format!(
                "{count} this build left {were} made before {first}{more} changed; {they_are} \
                 left as {they_are} and no longer listed in {}",
                manifest::FILE_NAME
            ),
        )
        .with_hint(format!(
            "build the year without --only and --region to bring {them} up to date"
        )),
    )
}

/// What a partial build (`--only`, `--region`) keeps of the year's earlier
/// manifest: the entries of the documents it did not make again, and of
/// files emitted beside them, while each is in `folder` as written.
fn not_built_again(earlier: &Manifest, folder: &Path, built: &[&Document]) -> Vec<OutputEntry> {
    // A document's PDF and its emitted Typst source share a stem.
    let stem = |file: &str| {
        file.rsplit_once('.')
            .map_or(file, |(stem, _)| stem)
            .to_string()
    };
    let built: Vec<String> = built.iter().map(|d| stem(&d.pdf_name)).collect();
    earlier.still_in(folder, |file| {
        file != manifest::FILE_NAME && !built.contains(&stem(file))
    })
}

/// The follow-up reports of a year: one per region (or the regions asked
/// for) and the network's; none when the year has no CSV data.
pub fn followup_documents(
    year: &Year,
    previous: Option<&FollowUp>,
    only_regions: &[Id],
    renderer: &Renderer,
    epoch: Option<i64>,
) -> Result<Vec<Document>, Error> {
    let Some(followup) = &year.followup else {
        return Ok(Vec::new());
    };
    let plan = &year.plan.plan;
    let figures = merge(plan, followup, previous);
    // A follow-up report is dated at the end of the year it follows up.
    let end_of_year = Date {
        year: plan.year,
        month: 12,
        day: 31,
    };
    let timestamp = epoch.unwrap_or_else(|| end_of_year.unix_seconds());
    let (logo_files, logo) = logo_file(year);
    let views = FollowUpViews::new(plan, &figures, Date::from_unix_seconds(timestamp), logo);
    let style = Bytes::from_string(renderer.typst_file(STYLE_FILE)?);
    let shown_as = shown_as(renderer);
    let document = |stem: String, main: String| Document {
        year: year.year,
        pdf_name: format!("{stem}.pdf"),
        source: DocumentSource {
            main: format!("{stem}.typ"),
            files: [
                (format!("{stem}.typ"), Bytes::from_string(main)),
                (STYLE_FILE.to_string(), style.clone()),
            ]
            .into_iter()
            .chain(logo_files.iter().cloned())
            .collect(),
            timestamp,
            ident: format!("hfs-report/{}/{stem}", year.year),
            shown_as: shown_as.clone(),
        },
    };
    let regions: Vec<(usize, &Id)> = plan
        .regions
        .iter()
        .map(|region| &region.id)
        .enumerate()
        .filter(|(_, id)| only_regions.is_empty() || only_regions.contains(id))
        .collect();
    // The regions' reports are rendered in parallel, and the network's
    // beside them; the first error in document order is the one reported.
    let (mains, network) = rayon::join(
        || {
            regions
                .par_iter()
                .map(|&(index, _)| {
                    renderer.render("uppfoljning-region.typ.j2", views.region(index))
                })
                .collect::<Vec<_>>()
        },
        || {
            only_regions
                .is_empty()
                .then(|| renderer.render("uppfoljning-natverket.typ.j2", views.network()))
        },
    );
    let mut documents = Vec::new();
    for ((_, id), main) in regions.iter().zip(mains) {
        documents.push(document(format!("uppfoljning-{}-{id}", year.year), main?));
    }
    if let Some(main) = network {
        documents.push(document(
            format!("uppfoljning-{}-{NETWORK_REPORT_ID}", year.year),
            main?,
        ));
    }
    Ok(documents)
}

/// A file beside a document: its name and bytes.
type NamedFile = (String, Bytes);

/// The year's logo as a file beside the document, and its name, if the plan has one.
fn logo_file(year: &Year) -> (Vec<NamedFile>, Option<String>) {
    match &year.logo {
        Some(logo) => (
            vec![(logo.name.clone(), logo.bytes.clone())],
            Some(logo.name.clone()),
        ),
        None => (Vec::new(), None),
    }
}

/// The annual plan of a year.
pub fn plan_document(
    year: &Year,
    renderer: &Renderer,
    epoch: Option<i64>,
) -> Result<Document, Error> {
    let plan = &year.plan.plan;
    let stem = format!("verksamhetsplan-{}", year.year);
    let (mut files, logo) = logo_file(year);
    let main = renderer.render("verksamhetsplan.typ.j2", PlanView::new(plan, logo))?;
    files.push((format!("{stem}.typ"), Bytes::from_string(main)));
    files.push((
        STYLE_FILE.to_string(),
        Bytes::from_string(renderer.typst_file(STYLE_FILE)?),
    ));
    Ok(Document {
        year: year.year,
        pdf_name: format!("{stem}.pdf"),
        source: DocumentSource {
            main: format!("{stem}.typ"),
            files,
            timestamp: epoch.unwrap_or_else(|| plan.document_date().unix_seconds()),
            ident: format!("hfs-report/{}/{stem}", year.year),
            shown_as: shown_as(renderer),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn nothing_is_staged_after_a_stop_is_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let destinations: Vec<PathBuf> = ["a.pdf", "b.pdf", "c.pdf"]
            .iter()
            .map(|name| dir.path().join(name))
            .collect();
        let asked = Cell::new(0);
        // The stop comes once the first PDF is staged.
        let stopped = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        let finished = (0..3).map(|i| (i, b"%PDF-1.7".to_vec()));
        let staged = stage_as_finished(finished, &destinations, stopped).unwrap();
        assert_eq!(staged.len(), 1);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        drop(staged);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
