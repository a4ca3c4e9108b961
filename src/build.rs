//! The orchestrator: which documents, rendered, typeset in parallel, and
//! written all-or-nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::foundations::Bytes;

use crate::config::{BuildConfig, Only};
use crate::diag::Diagnostics;
use crate::error::Error;
use crate::load::followup::FollowUp;
use crate::merge::merge;
use crate::model::{Date, Id};
use crate::render::followup_view::FollowUpViews;
use crate::render::plan_view::PlanView;
use crate::render::{Renderer, STYLE_FILE};
use crate::typeset::{DocumentSource, Typesetter};
use crate::write::{Output, write_all};
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
    /// Number of PDF documents made.
    pub documents: usize,
    /// Warnings about the data (printed, not fatal).
    pub warnings: Diagnostics,
    /// How long the whole build took.
    pub elapsed: Duration,
}

/// Loads and validates the configured years; all problems of all years at once.
pub fn load_years(data: &Path, years: &[i32]) -> Result<(Vec<Year>, Diagnostics), Error> {
    let mut diagnostics = Diagnostics::new();
    let mut loaded = Vec::new();
    for &year in years {
        let (data, found) = load_year(data, year);
        diagnostics.extend(found);
        loaded.extend(data);
    }
    if diagnostics.has_errors() {
        return Err(Error::Data(diagnostics));
    }
    Ok((loaded, diagnostics))
}

/// The regions asked for with `--region` exist in every year built.
fn check_regions(years: &[Year], regions: &[Id]) -> Result<(), Error> {
    for year in years {
        let known: Vec<&str> = year
            .plan
            .plan
            .regions
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        if let Some(unknown) = regions.iter().find(|r| !known.contains(&r.as_str())) {
            return Err(Error::Usage(format!(
                "--region {unknown}: no such region in {} (expected one of {})",
                year.plan.path.display(),
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// The follow-up of the year before `year`, for the previous-year
/// comparison: taken from the years being built, or loaded on its own. A
/// previous year that does not load is left out (its own check says why).
pub fn previous_followup(data: &Path, year: &Year, built: &[Year]) -> Option<FollowUp> {
    let before = year.year - 1;
    if let Some(found) = built.iter().find(|y| y.year == before) {
        return found.followup.clone();
    }
    if !data.join(before.to_string()).is_dir() {
        return None;
    }
    load_year(data, before).0.and_then(|y| y.followup)
}

/// Runs a whole build as configured.
pub fn build(config: &BuildConfig) -> Result<BuildSummary, Error> {
    let started = Instant::now();
    let (years, warnings) = load_years(&config.data, &config.years)?;
    let renderer = Renderer::new(config.templates.clone());
    let typesetter = Typesetter::new();

    check_regions(&years, &config.regions)?;
    let mut documents = Vec::new();
    for year in &years {
        let previous = previous_followup(&config.data, year, &years);
        documents.extend(documents_of(year, previous.as_ref(), config, &renderer)?);
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .build()
        .map_err(|err| {
            Error::Usage(format!(
                "cannot start {} worker threads ({err})",
                config.jobs
            ))
        })?;
    let pdfs: Vec<Result<Vec<u8>, Error>> = pool.install(|| {
        documents
            .par_iter()
            .map(|doc| {
                let pages = typesetter.compile(&doc.source)?;
                Ok(typesetter.pdf(&pages, &doc.source)?)
            })
            .collect()
    });

    let mut outputs = Vec::new();
    for (doc, pdf) in documents.iter().zip(pdfs) {
        let folder = config.out.join(doc.year.to_string());
        outputs.push(Output {
            path: folder.join(&doc.pdf_name),
            bytes: pdf?,
        });
        if config.emit_typst {
            for (name, bytes) in &doc.source.files {
                outputs.push(Output {
                    path: folder.join(name),
                    bytes: bytes.to_vec(),
                });
            }
        }
    }
    let written = write_all(&outputs)?;
    Ok(BuildSummary {
        written,
        documents: documents.len(),
        warnings,
        elapsed: started.elapsed(),
    })
}

/// The documents of one year that the configuration asks for.
fn documents_of(
    year: &Year,
    previous: Option<&FollowUp>,
    config: &BuildConfig,
    renderer: &Renderer,
) -> Result<Vec<Document>, Error> {
    let mut documents = Vec::new();
    if config.only != Some(Only::FollowUp) && config.regions.is_empty() {
        documents.push(plan_document(year, renderer, config.source_date_epoch)?);
    }
    if config.only != Some(Only::Plan) {
        let epoch = config.source_date_epoch;
        documents.extend(followup_documents(
            year,
            previous,
            &config.regions,
            renderer,
            epoch,
        )?);
    }
    Ok(documents)
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
    let views = FollowUpViews::new(plan, &figures, Date::from_unix_seconds(timestamp));
    let style = Bytes::from_string(renderer.typst_file(STYLE_FILE)?);
    let document = |stem: String, main: String| Document {
        year: year.year,
        pdf_name: format!("{stem}.pdf"),
        source: DocumentSource {
            main: format!("{stem}.typ"),
            files: vec![
                (format!("{stem}.typ"), Bytes::from_string(main)),
                (STYLE_FILE.to_string(), style.clone()),
            ],
            timestamp,
            ident: format!("hfs-report/{}/{stem}", year.year),
        },
    };
    let mut documents = Vec::new();
    for (index, region) in plan.regions.iter().enumerate() {
        if !only_regions.is_empty() && !only_regions.contains(&region.id) {
            continue;
        }
        let main = renderer.render("uppfoljning-region.typ.j2", views.region(index))?;
        documents.push(document(
            format!("uppfoljning-{}-{}", year.year, region.id),
            main,
        ));
    }
    if only_regions.is_empty() {
        let main = renderer.render("uppfoljning-natverket.typ.j2", views.network())?;
        documents.push(document(
            format!("uppfoljning-{}-natverket", year.year),
            main,
        ));
    }
    Ok(documents)
}

/// The annual plan of a year.
pub fn plan_document(
    year: &Year,
    renderer: &Renderer,
    epoch: Option<i64>,
) -> Result<Document, Error> {
    let plan = &year.plan.plan;
    let stem = format!("verksamhetsplan-{}", year.year);
    let mut files = Vec::new();
    let logo = match &plan.network.logo {
        Some(logo) => {
            let path = year.folder.join(logo);
            let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, &err))?;
            let name = Path::new(logo)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name.clone(), Bytes::new(bytes)));
            Some(name)
        }
        None => None,
    };
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
        },
    })
}
