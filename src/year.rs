//! One year's data, loaded and validated: the plan now, the follow-up later.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::load::followup::{FollowUp, check_structure, load_followup};
use crate::load::plan::{PlanFile, load_plan};
use crate::validate::validate_plan;

/// A year folder's data, valid.
#[derive(Debug)]
pub struct Year {
    /// The year.
    pub year: i32,
    /// The year folder, as reached from the data folder the user gave.
    pub folder: PathBuf,
    /// plan.yaml.
    pub plan: PlanFile,
    /// The follow-up CSV files, when the year has any.
    pub followup: Option<FollowUp>,
    /// Every input file read, for the manifest.
    pub inputs: Vec<PathBuf>,
}

/// Loads and validates a year; every problem is returned, warnings beside the data.
pub fn load_year(data: &Path, year: i32) -> (Option<Year>, Diagnostics) {
    let folder = data.join(year.to_string());
    let plan_path = folder.join("plan.yaml");
    let (plan, mut diagnostics) = load_plan(&plan_path);
    let Some(plan) = plan else {
        diagnostics.extend(check_structure(&folder));
        return (None, diagnostics);
    };
    diagnostics.extend(validate_plan(&plan, Some(year)));
    if diagnostics.has_errors() {
        // References from the CSV files cannot be checked against a broken
        // plan; their structure can, so that one run reports every file.
        diagnostics.extend(check_structure(&folder));
        return (None, diagnostics);
    }
    let (followup, found) = load_followup(&folder, &plan.plan);
    diagnostics.extend(found);
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    let mut inputs = vec![plan_path];
    inputs.extend(followup.iter().flat_map(|f| f.files.iter().cloned()));
    let year = Year {
        year,
        folder,
        plan,
        followup,
        inputs,
    };
    (Some(year), diagnostics)
}
