//! One year's data, loaded and validated: the plan now, the follow-up later.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
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
    /// Every input file read, for the manifest.
    pub inputs: Vec<PathBuf>,
}

/// Loads and validates a year; every problem is returned, warnings beside the data.
pub fn load_year(data: &Path, year: i32) -> (Option<Year>, Diagnostics) {
    let folder = data.join(year.to_string());
    let plan_path = folder.join("plan.yaml");
    let (plan, mut diagnostics) = load_plan(&plan_path);
    let Some(plan) = plan else {
        return (None, diagnostics);
    };
    diagnostics.extend(validate_plan(&plan, Some(year)));
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    let inputs = vec![plan_path];
    (
        Some(Year {
            year,
            folder,
            plan,
            inputs,
        }),
        diagnostics,
    )
}
