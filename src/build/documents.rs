//! The documents of a year (SPEC section 4): which the command line asks
//! for, each rendered into its Typst source with the files beside it.

use std::collections::BTreeSet;

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
use crate::render::{
    NETWORK_TEMPLATE, PLAN_TEMPLATE, REGION_TEMPLATE, Renderer, STYLE_FILE, TemplateSource,
};
use crate::typeset::DocumentSource;
use crate::year::Year;

/// The name SPEC section 4 gives one of a year's documents, without an
/// extension: `verksamhetsplan-2024`, `uppfoljning-2024-skane`,
/// `uppfoljning-2024-natverket`. Its PDF and its emitted Typst source are
/// named so: a build makes their names here, and reads a file's name back
/// as one of them with `NamedLike`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    year: i32,
    of: Of,
}

/// Which of a year's documents a [`Stem`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Of {
    Plan,
    /// A region's report by the region's id, or the network's by
    /// [`NETWORK_REPORT_ID`] (which no region may have).
    Report(Id),
}

/// The start of the plan's name, before its year.
const PLAN_PREFIX: &str = "verksamhetsplan-";
/// The start of a report's name, before its year and id.
const REPORT_PREFIX: &str = "uppfoljning-";

impl Stem {
    /// The year's plan.
    pub fn plan(year: i32) -> Self {
        Self { year, of: Of::Plan }
    }

    /// The year's report of the region with this id, or the network's
    /// ([`NETWORK_REPORT_ID`]).
    pub fn report(year: i32, id: &Id) -> Self {
        Self {
            year,
            of: Of::Report(id.clone()),
        }
    }

    /// The PDF's file name.
    pub fn pdf(&self) -> String {
        format!("{self}.pdf")
    }

    /// The emitted Typst source's file name.
    pub fn source(&self) -> String {
        format!("{self}.typ")
    }
}

impl std::fmt::Display for Stem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.of {
            Of::Plan => write!(f, "{PLAN_PREFIX}{}", self.year),
            Of::Report(id) => write!(f, "{REPORT_PREFIX}{}-{id}", self.year),
        }
    }
}

/// A file in a year's folder named like one of its documents' PDFs or
/// sources (`.pdf`, `.typ`), by its name alone: it may be one, or a copy
/// named after one (`verksamhetsplan-2024-gammal.pdf`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NamedLike<'a> {
    /// The document it is named after.
    pub like: Like<'a>,
    /// A PDF, not a source.
    pub pdf: bool,
}

/// What a [`NamedLike`] file is named after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Like<'a> {
    /// The plan: `exactly` its name, or its name with anything more
    /// before the extension (`-gammal`, ` (1)`, and so `5` after a year
    /// 2024: the plan's name has no `-` after its year to end it, as a
    /// report's year has).
    Plan { exactly: bool },
    /// A report, with what stands where the id goes (an id, or not: a
    /// file manager's `skane (1)`).
    Report(&'a str),
}

impl<'a> NamedLike<'a> {
    /// What `file`, in the folder of `year`, is named like, if anything.
    pub fn of(year: i32, file: &'a str) -> Option<Self> {
        let (stem, pdf) = match file.strip_suffix(".pdf") {
            Some(stem) => (stem, true),
            None => (file.strip_suffix(".typ")?, false),
        };
        let year = year.to_string();
        let like = if let Some(rest) = stem.strip_prefix(PLAN_PREFIX) {
            Like::Plan {
                exactly: rest.strip_prefix(year.as_str())?.is_empty(),
            }
        } else {
            let rest = stem.strip_prefix(REPORT_PREFIX)?;
            Like::Report(rest.strip_prefix(year.as_str())?.strip_prefix('-')?)
        };
        Some(Self { like, pdf })
    }
}

/// One document to make: its name and its Typst source.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its name, which says its year and names its files.
    pub stem: Stem,
    /// The Typst source and files.
    pub source: DocumentSource,
}

impl Document {
    /// The year it belongs to.
    pub fn year(&self) -> i32 {
        self.stem.year
    }

    /// The PDF's file name, e.g. `verksamhetsplan-2024.pdf`.
    pub fn pdf_name(&self) -> String {
        self.stem.pdf()
    }
}

/// What every document of a year has beside its main file: the style and
/// the year's logo, and how messages name the templates.
struct Beside {
    files: Vec<(String, Bytes)>,
    shown_as: Vec<(String, String)>,
}

impl Beside {
    /// The style as `renderer` has it and `year`'s logo, with how messages
    /// name the templates.
    fn of(year: &Year, renderer: &Renderer) -> Result<Self, Error> {
        let style = (
            STYLE_FILE.to_string(),
            Bytes::from_string(renderer.typst_file(STYLE_FILE)?),
        );
        let logo = year
            .logo
            .as_ref()
            .map(|logo| (logo.name.clone(), logo.bytes.clone()));
        Ok(Self {
            files: std::iter::once(style).chain(logo).collect(),
            shown_as: shown_as(renderer),
        })
    }

    /// The document of `stem` made from `main`, dated `timestamp`.
    fn document(&self, stem: Stem, main: String, timestamp: i64) -> Document {
        Document {
            source: DocumentSource {
                main: stem.source(),
                files: std::iter::once((stem.source(), Bytes::from_string(main)))
                    .chain(self.files.iter().cloned())
                    .collect(),
                timestamp,
                ident: format!("hfs-report/{}/{stem}", stem.year),
                shown_as: self.shown_as.clone(),
            },
            stem,
        }
    }
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
/// template errors name their files; the built-in ones, and those of the
/// folder that the documents rendered so far have read (one of a user's
/// own that theirs include).
fn shown_as(renderer: &Renderer) -> Vec<(String, String)> {
    let templates = renderer.templates();
    let built_in = TemplateSource::embedded()
        .iter()
        .map(|(name, _)| name.to_string());
    let names: BTreeSet<String> = built_in.chain(templates.read_names()).collect();
    names
        .into_iter()
        .map(|name| {
            let shown = templates.display_name(&name);
            (name, shown)
        })
        .collect()
}

/// A template's or the typesetter's error, with a hint where the templates
/// folder holds some of the templates and hfs-report gives the others
/// ([`TemplateSource::mixed_versions_hint`]), and the warnings about the
/// folder ([`template_warnings`]: a build that fails prints them with its
/// error, where they may be its cause).
pub(super) fn with_versions_hint(err: Error, templates: &TemplateSource) -> Error {
    let hint = templates.mixed_versions_hint();
    let folder_warnings = || template_warnings(templates);
    // No hint for a file that could not be read, a template's syntax, or
    // a mistake in the style itself: those are where they are named.
    match err {
        Error::Render { mut error, .. } => {
            if let Some(hint) = hint.filter(|_| error.in_running) {
                error.message.push_str(&format!("\nhint: {hint}"));
            }
            Error::Render {
                error,
                warnings: folder_warnings(),
            }
        }
        Error::Typeset { mut error, .. } => {
            if let Some(hint) = hint.filter(|_| error.at_a_template_line) {
                error.report.push_str(&format!("hint: {hint}\n"));
            }
            Error::Typeset {
                error,
                warnings: folder_warnings(),
            }
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
    let figures = merge(plan, &year.indicators, followup, previous);
    // A follow-up report is dated at the end of the year it follows up.
    let end_of_year = Date {
        year: plan.year,
        month: 12,
        day: 31,
    };
    let timestamp = epoch.unwrap_or_else(|| end_of_year.unix_seconds());
    let logo = year.logo.as_ref().map(|logo| logo.name.clone());
    let views = FollowUpViews::new(plan, &figures, Date::from_unix_seconds(timestamp), logo);
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
                .map(|&(index, _)| renderer.render(REGION_TEMPLATE, views.region(index)))
                .collect::<Vec<_>>()
        },
        || {
            only_regions
                .is_empty()
                .then(|| renderer.render(NETWORK_TEMPLATE, views.network()))
        },
    );
    // (After rendering: the templates they read are named as read.)
    let beside = Beside::of(year, renderer)?;
    let network_id = Id(NETWORK_REPORT_ID.to_string());
    let mut documents = Vec::new();
    for ((_, id), main) in regions.iter().zip(mains) {
        let stem = Stem::report(year.year, id);
        let main = main.map_err(|err| err.while_making(&stem.pdf()))?;
        documents.push(beside.document(stem, main, timestamp));
    }
    if let Some(main) = network {
        let stem = Stem::report(year.year, &network_id);
        let main = main.map_err(|err| err.while_making(&stem.pdf()))?;
        documents.push(beside.document(stem, main, timestamp));
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
    let logo = year.logo.as_ref().map(|logo| logo.name.clone());
    let stem = Stem::plan(year.year);
    let main = renderer
        .render(PLAN_TEMPLATE, PlanView::new(plan, logo))
        .map_err(|err| err.while_making(&stem.pdf()))?;
    let timestamp = epoch.unwrap_or_else(|| plan.document_date().unix_seconds());
    Ok(Beside::of(year, renderer)?.document(stem, main, timestamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_named_as_the_spec_says() {
        let skane = Id("skane".to_string());
        let network = Id(NETWORK_REPORT_ID.to_string());
        assert_eq!(Stem::plan(2024).pdf(), "verksamhetsplan-2024.pdf");
        assert_eq!(Stem::plan(2024).source(), "verksamhetsplan-2024.typ");
        assert_eq!(
            Stem::report(2024, &skane).pdf(),
            "uppfoljning-2024-skane.pdf"
        );
        assert_eq!(
            Stem::report(2025, &network).source(),
            "uppfoljning-2025-natverket.typ"
        );
    }

    #[test]
    fn a_file_is_named_like_the_document_whose_name_it_has() {
        let skane = Id("skane".to_string());
        for (stem, like) in [
            (Stem::plan(2024), Like::Plan { exactly: true }),
            (Stem::report(2024, &skane), Like::Report("skane")),
        ] {
            let (pdf, source) = (stem.pdf(), stem.source());
            assert_eq!(
                NamedLike::of(2024, &pdf),
                Some(NamedLike { like, pdf: true })
            );
            assert_eq!(
                NamedLike::of(2024, &source),
                Some(NamedLike { like, pdf: false })
            );
            // Not in another year's folder, and not with another extension.
            assert_eq!(NamedLike::of(2025, &pdf), None);
            assert_eq!(NamedLike::of(2024, &format!("{stem}.docx")), None);
        }
    }

    #[test]
    fn a_copy_is_named_like_the_document_it_was_copied_from() {
        let like = |file| NamedLike::of(2024, file).map(|named| named.like);
        assert_eq!(
            like("verksamhetsplan-2024-gammal.pdf"),
            Some(Like::Plan { exactly: false })
        );
        assert_eq!(
            like("uppfoljning-2024-skane (1).pdf"),
            Some(Like::Report("skane (1)"))
        );
        // A report's year ends at its '-': 20245 is no 2024 report.
        assert_eq!(like("uppfoljning-20245-skane.pdf"), None);
        assert_eq!(like("uppfoljning-2024.pdf"), None);
        assert_eq!(like("rapport-2024.pdf"), None);
    }
}
