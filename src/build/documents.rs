//! The documents of a year (SPEC section 4): which the command line asks
//! for, each rendered into its Typst source with the files beside it.

use rayon::prelude::*;
use typst::foundations::Bytes;

use crate::config::{BuildConfig, Only};
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::load::followup::FollowUp;
use crate::merge::merge;
use crate::model::{Date, Id, NETWORK_REPORT_ID};
use crate::render::followup_view::FollowUpViews;
use crate::render::plan_view::PlanView;
use crate::render::{Renderer, STYLE_FILE, TemplateSource};
use crate::typeset::DocumentSource;
use crate::year::Year;

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

/// The documents of one year that the configuration asks for.
pub(super) fn of_year(
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
pub(super) fn template_warnings(templates: &TemplateSource) -> Vec<Diagnostic> {
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
pub(super) fn with_versions_hint(err: Error, templates: &TemplateSource) -> Error {
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
