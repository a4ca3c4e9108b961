//! One year's data, loaded and validated: the plan, its logo and the
//! follow-up files.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::followup::{FollowUp, check_followup, check_structure, load_followup};
use crate::load::locate::YamlPath;
use crate::load::plan::{PlanFile, PlanRead, Repairs, read_plan};
use crate::load::{PLAN_FILE, ReadFile, broken_link, data_folder, named_in, read_bytes};
use crate::merge::Indicator;
use crate::typeset::Typesetter;
use crate::validate::validate_repaired;

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
    /// The network's logo, when the plan names one.
    pub logo: Option<Logo>,
    /// The plan's indicators as the reports use them, in plan order.
    pub indicators: Vec<Indicator>,
}

/// The logo file, read once and known to typeset.
#[derive(Debug, Clone)]
pub struct Logo {
    /// Its file name, which the documents use beside them.
    pub name: String,
    /// Where it was read.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Bytes,
}

impl Year {
    /// plan.yaml as read, for the manifest.
    pub fn plan_file(&self) -> ReadFile {
        ReadFile {
            path: self.plan.path.clone(),
            sha256: self.plan.sha256.clone(),
        }
    }

    /// Every input file read (plan.yaml, the logo, the CSV files), with
    /// the digests of the bytes read, for the manifest.
    pub fn inputs(&self) -> Vec<ReadFile> {
        let mut inputs = vec![self.plan_file()];
        inputs.extend(
            self.logo
                .iter()
                .map(|logo| ReadFile::of(&logo.path, &logo.bytes)),
        );
        inputs.extend(self.followup.iter().flat_map(|f| f.files.iter().cloned()));
        inputs
    }
}

/// Loads and validates a year; every problem is returned, warnings beside the data.
pub fn load_year(data: &Path, year: i32) -> (Option<Year>, Diagnostics) {
    let folder = data.join(year.to_string());
    if let Some(link) = broken_link(&folder) {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(Diagnostic::error(
            &folder,
            None,
            format!("cannot read the year folder (it is {link})"),
        ));
        return (None, diagnostics);
    }
    let plan_path = named_in(&folder, PLAN_FILE);
    let (read, mut diagnostics) = read_plan(&plan_path);
    // So that one run reports every problem: a plan read with problems
    // (a value missing or of the wrong type stood in for, an unknown key
    // taken out) is checked for the rest too, and so are the CSV files.
    let (plan, repairs) = match read {
        PlanRead::Read(plan) => (plan, Repairs::default()),
        PlanRead::Repaired { file, repairs } => (file, repairs),
        PlanRead::Unread => {
            diagnostics.extend(check_structure(&folder));
            return (None, diagnostics);
        }
    };
    let check = validate_repaired(&plan, Some(year), &repairs);
    diagnostics.extend(check.diagnostics);
    // (Every repair is reported, so a repaired plan has errors; it is
    // never built even if one were not.)
    if diagnostics.has_errors() || !repairs.is_empty() {
        // The CSV files are checked against the plan's regions, indicators
        // and activities when those are sound; against a broken list, only
        // their structure can be.
        diagnostics.extend(check_followup(&folder, &plan.plan, check.checkable).1);
        return (None, diagnostics);
    }
    let logo = match load_logo(&plan, &folder) {
        Ok(logo) => logo,
        Err(problem) => {
            diagnostics.push(problem);
            None
        }
    };
    let (followup, found) = load_followup(&folder, &plan.plan);
    diagnostics.extend(found);
    if diagnostics.has_errors() {
        return (None, diagnostics);
    }
    let indicators = match usable_indicators(&plan) {
        Ok(indicators) => indicators,
        Err(unusable) => {
            diagnostics.push(unusable);
            return (None, diagnostics);
        }
    };
    let year = Year {
        year,
        folder,
        plan,
        followup,
        logo,
        indicators,
    };
    (Some(year), diagnostics)
}

/// The indicators of a valid plan as the reports use them. Validation
/// reports each indicator they cannot use (see [`Indicator::of`]); one it
/// let through is an error here, at the indicator, rather than a report
/// printed from a guess.
fn usable_indicators(plan: &PlanFile) -> Result<Vec<Indicator>, Diagnostic> {
    plan.plan
        .indicators
        .iter()
        .enumerate()
        .map(|(i, indicator)| {
            Indicator::of(indicator).ok_or_else(|| {
                let at = YamlPath::root().key("indicators").index(i).key("id");
                Diagnostic::error(
                    &plan.path,
                    plan.locations.value(&at),
                    format!(
                        "indicators[{i}] ('{}') is no indicator the reports can use (expected \
                         exactly one of 'section' and 'focus_area', and a scale's 'min' and 'max')",
                        indicator.id
                    ),
                )
            })
        })
        .collect()
}

/// Reads the logo of a valid plan (which names a file that is there) and
/// checks that Typst can put it into a document: a broken image is a data
/// error at the plan's `network.logo`, not a failed build.
fn load_logo(plan: &PlanFile, folder: &Path) -> Result<Option<Logo>, Diagnostic> {
    let Some(logo) = &plan.plan.network.logo else {
        return Ok(None);
    };
    let key = YamlPath::root().key("network").key("logo");
    // The name as a message shows it: an invisible character written out.
    let shown = crate::load::printable::shown(logo);
    let problem = |what: String| {
        Diagnostic::error(
            &plan.path,
            plan.locations.value(&key),
            format!("key 'network.logo' is '{shown}', but {what}"),
        )
    };
    let path = folder.join(logo);
    let bytes = read_bytes(&path, data_folder(folder, 1))
        .map(Bytes::new)
        .map_err(|unread| Diagnostic {
            message: format!("key 'network.logo' is '{shown}': {}", unread.message),
            hint: unread.hint,
            ..problem(String::new())
        })?;
    let name = Path::new(logo)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(reason) = Typesetter::shared().image_problem(&name, &bytes) {
        return Err(problem(format!(
            "Typst cannot put the file into a document: {reason}"
        ))
        .with_hint(
            "save the logo again as a plain SVG or PNG file; an SVG must hold every picture it shows, not link to other files",
        ));
    }
    Ok(Some(Logo { name, path, bytes }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indicator_the_reports_cannot_use_is_an_error_at_its_line() {
        // Validation reports such an indicator first; were one let through,
        // the year is not built from a guess.
        let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/scale-without-max");
        let (plan, _) = crate::load::plan::load_plan(&bad.join("data/2024/plan.yaml"));
        let plan = plan.expect("the plan reads; only validation finds the scale's end missing");
        let error = usable_indicators(&plan).expect_err("a scale without max");
        let shown = error.to_string();
        assert!(
            shown.contains(
                ":71:9: error: indicators[0] ('hph-1') is no indicator the reports can use"
            ),
            "{shown}"
        );
        let fine = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/plan.yaml");
        let (plan, _) = crate::load::plan::load_plan(&fine);
        let indicators = usable_indicators(&plan.expect("the minimal plan reads")).unwrap();
        assert_eq!(indicators.len(), 3);
    }
}
