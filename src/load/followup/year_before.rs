//! The plan of the year before, for what a row names that this year's
//! plan has not. An id that the year before had (an old template's
//! indicator, an activity, a region that left) was most likely left out
//! of this year's plan on purpose: "did you mean" another would file the
//! row under the wrong item, so the message says where the name is from.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use super::regions::{RegionNames, same_regions};
use crate::load::plan::read_plan;
use crate::load::{PLAN_FILE, named_in};
use crate::model::{Plan, Region};

/// The year before a year folder, its plan read the first time a row asks.
pub(crate) struct YearBefore {
    /// Its plan.yaml and its year, where the year folder is named by one.
    place: Option<(PathBuf, i32)>,
    /// Its plan, once read; `None` where there is none that reads.
    plan: OnceCell<Option<Plan>>,
}

impl YearBefore {
    /// The year before `year_folder` (`data/2025` gives `data/2024`).
    pub(crate) fn of(year_folder: &Path) -> Self {
        let place = year_folder
            .file_name()
            .and_then(|name| crate::config::parse_year(name.to_str()?))
            .map(|year| {
                let data = year_folder.parent().unwrap_or(Path::new(""));
                let folder = data.join((year - 1).to_string());
                (named_in(&folder, PLAN_FILE), year - 1)
            });
        Self {
            place,
            plan: OnceCell::new(),
        }
    }

    /// No year before (the files were given without their folder).
    pub(crate) fn none() -> Self {
        Self {
            place: None,
            plan: OnceCell::new(),
        }
    }

    /// The plan, read (and its own problems left to its own check).
    fn plan(&self) -> Option<(&Plan, i32)> {
        let (path, year) = self.place.as_ref()?;
        let plan = self.plan.get_or_init(|| read_plan(path).0.names_only());
        Some((plan.as_ref()?, *year))
    }

    /// Why `found`, which this year's plan has not among its indicators,
    /// is not one: ": it is one of 2024's indicators, which this year's
    /// plan left out".
    pub(crate) fn indicator(&self, found: &str) -> Option<String> {
        let (plan, year) = self.plan()?;
        plan.indicators
            .iter()
            .any(|i| i.id.as_str().eq_ignore_ascii_case(found))
            .then(|| left_out("indicators", year))
    }

    /// As [`YearBefore::indicator`], for an activity.
    pub(crate) fn activity(&self, found: &str) -> Option<String> {
        let (plan, year) = self.plan()?;
        plan.action_plan
            .activities
            .iter()
            .any(|a| a.id.as_str().eq_ignore_ascii_case(found))
            .then(|| left_out("activities", year))
    }

    /// As [`YearBefore::indicator`], for a region named by its id, name
    /// or code the year before; `regions` are this year's. A region that
    /// is still there, under another id, name or code (as
    /// [`same_regions`] finds it), is named by its id now.
    pub(crate) fn region(&self, found: &str, regions: &[Region]) -> Option<String> {
        let (plan, year) = self.plan()?;
        let [index] = RegionNames::new(&plan.regions).find(found)[..] else {
            return None;
        };
        let region = plan.regions.get(index)?;
        Some(match same_regions(&plan.regions, regions).get(&region.id) {
            Some(now) => format!(
                ": in {year} it named {}, which this year's plan names otherwise; write its id \
                 '{now}'",
                region.name
            ),
            None => left_out("regions", year),
        })
    }
}

/// ": it is one of 2024's activities, which this year's plan left out",
/// and what to do.
fn left_out(what: &str, year: i32) -> String {
    // An activity has one row, its status; an indicator or a region many.
    let rows = if what == "activities" {
        "its row"
    } else {
        "its rows"
    };
    format!(
        ": it is one of {year}'s {what}, which this year's plan left out; delete {rows}, or add \
         it to this year's plan again"
    )
}
