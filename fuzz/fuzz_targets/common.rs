//! What the `plan` and `csv` targets check once data is read: every
//! message prints, plain and as on a terminal, and data that passes check
//! renders.

use std::path::Path;

use codespan_reporting::term::termcolor::NoColor;
use hfs_report::build::{followup_documents, plan_document};
use hfs_report::diag::{Diagnostics, Style};
use hfs_report::load::followup::FollowUp;
use hfs_report::load::plan::PlanFile;
use hfs_report::merge::Indicator;
use hfs_report::render::{Renderer, TemplateSource};
use hfs_report::year::Year;

/// Prints the diagnostics both ways, plain and with the marked source
/// lines a terminal gets; the plain lines are returned.
pub fn print(diagnostics: &Diagnostics) -> Vec<String> {
    let mut rich = NoColor::new(Vec::new());
    diagnostics
        .emit(&mut rich, Style::Rich)
        .expect("writes to memory");
    diagnostics
        .sorted()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Renders the plan and the follow-up reports of valid data: a template
/// error on data that check accepts would fail the user's build (exit
/// status 3) with nothing to fix in the data.
pub fn render(plan: &PlanFile, followup: Option<FollowUp>) {
    let year = year_of(plan, followup);
    let renderer = Renderer::new(TemplateSource::default());
    if let Err(err) = plan_document(&year, &renderer, Some(0)) {
        panic!("the plan passes check, but does not render: {err}");
    }
    if let Err(err) = followup_documents(&year, None, &[], &renderer, Some(0)) {
        panic!("the data passes check, but a follow-up report does not render: {err}");
    }
}

/// The year of a plan that passes check, with its follow-up data.
pub fn year_of(plan: &PlanFile, followup: Option<FollowUp>) -> Year {
    Year {
        year: plan.plan.year,
        folder: Path::new("data").join(plan.plan.year.to_string()),
        plan: PlanFile {
            path: plan.path.clone(),
            plan: plan.plan.clone(),
            locations: Default::default(),
            text: String::new(),
            sha256: plan.sha256.clone(),
            bom: plan.bom,
        },
        followup,
        logo: None,
        // Data that passes check has no indicator the reports cannot use.
        indicators: plan
            .plan
            .indicators
            .iter()
            .map(|indicator| {
                Indicator::of(indicator).unwrap_or_else(|| {
                    panic!("the plan passes check, but the reports cannot use {indicator:?}")
                })
            })
            .collect(),
    }
}
