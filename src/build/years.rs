//! The years a build reads: each loaded and valid, the year before it
//! where its reports show that year's answers, and whether the regions
//! the command line asks for are in them.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::{BuildConfig, Only};
use crate::diag::{Diagnostic, Diagnostics, fold};
use crate::error::Error;
use crate::load::followup::{FollowUp, RegionNames, has_followup_files, region_key, same_regions};
use crate::load::locate::YamlPath;
use crate::load::plan::read_plan;
use crate::load::printable::shown;
use crate::load::{PLAN_FILE, ReadFile, broken_link, named_in};
use crate::merge::Kind;
use crate::model::{Id, NETWORK_REPORT_ID};
use crate::year::{Year, load_year};

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
    let (now, then) = (kinds(year), kinds(previous));
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
fn kinds(year: &Year) -> HashMap<Id, Kind> {
    year.indicators
        .iter()
        .map(|i| (i.id.clone(), i.kind.clone()))
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
    let then = kinds(previous);
    // In the plan's order: the index is the indicator's place in the file.
    year.indicators
        .iter()
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
                    format!("ignored: {}, and {}", folder.rule(), folder.verdict()),
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
pub(super) fn check_regions(data: &Path, years: &[Year], regions: &[Id]) -> Result<(), Error> {
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
            return Err(Error::NoSuchRegion(format!(
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

/// Every file a year's documents are made from: its own, and the plan and
/// CSV files of the year before (`before`) when its reports, built now,
/// show previous values from them.
pub(super) fn files_read(year: &Year, before: Option<&Year>) -> Vec<ReadFile> {
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
pub(super) fn without_followup(years: &[Year], config: &BuildConfig) -> Vec<Diagnostic> {
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
