//! The orchestrator: which documents, rendered, typeset in parallel, and
//! written all-or-nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::foundations::Bytes;

use crate::config::{BuildConfig, Only};
use crate::diag::Diagnostics;
use crate::error::Error;
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

/// Runs a whole build as configured.
pub fn build(config: &BuildConfig) -> Result<BuildSummary, Error> {
    let started = Instant::now();
    let (years, warnings) = load_years(&config.data, &config.years)?;
    let renderer = Renderer::new(config.templates.clone());
    let typesetter = Typesetter::new();

    let mut documents = Vec::new();
    for year in &years {
        documents.extend(documents_of(year, config, &renderer)?);
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
    config: &BuildConfig,
    renderer: &Renderer,
) -> Result<Vec<Document>, Error> {
    let mut documents = Vec::new();
    if config.only != Some(Only::FollowUp) {
        documents.push(plan_document(year, renderer, config.source_date_epoch)?);
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
