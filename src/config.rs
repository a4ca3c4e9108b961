//! The checked configuration of a build (made from the command line by
//! `cmd::build::config`), and what choosing it needs: the year folders,
//! misnamed ones told apart, and `SOURCE_DATE_EPOCH`.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::load::broken_link;
use crate::model::Id;
use crate::render::TemplateSource;

/// Which documents a build makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// The annual plan only.
    Plan,
    /// The follow-up reports only.
    FollowUp,
}

/// Everything a build needs to know, checked.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// The data folder holding one folder per year.
    pub data: PathBuf,
    /// Where `<year>/` output folders are written.
    pub out: PathBuf,
    /// The years to build, ascending.
    pub years: Vec<i32>,
    /// Only these regions' follow-up reports (all when empty).
    pub regions: Vec<Id>,
    /// Only the plan or only the follow-up reports.
    pub only: Option<Only>,
    /// Also write the Typst sources and assets beside the PDFs.
    pub emit_typst: bool,
    /// Where templates come from.
    pub templates: TemplateSource,
    /// `SOURCE_DATE_EPOCH`, when set: the date every document carries.
    pub source_date_epoch: Option<i64>,
    /// Worker threads for typesetting.
    pub jobs: usize,
    /// Rebuild every document, even those the manifest says are up to date.
    pub force: bool,
    /// How much the build tells while it runs.
    pub verbosity: Verbosity,
}

impl BuildConfig {
    /// Whether the build makes only some of each year's documents (with
    /// `--only` or `--region`): the others in the output folder stay.
    pub fn is_partial(&self) -> bool {
        self.only.is_some() || !self.regions.is_empty()
    }
}

/// How much a build prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// A progress bar on a terminal, one line per document otherwise, and a summary.
    #[default]
    Normal,
    /// Also each stage's timing.
    Verbose,
}

/// A usage error unless `path` is a folder: `what` names it in the message
/// ("the templates folder"), `hint` says how to give another.
pub fn require_folder(path: &Path, what: &str, hint: &str) -> Result<(), Error> {
    let problem = match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => return Ok(()),
        Ok(_) => "is a file, not a folder",
        Err(_) => "does not exist",
    };
    Err(Error::Usage(format!(
        "{what} {} {problem}{hint}",
        path.display()
    )))
}

/// A usage error unless the data folder is a folder.
pub fn require_data_folder(data: &Path) -> Result<(), Error> {
    require_folder(data, "the data folder", " (give one with --data DIR)")
}

/// The years to work on: the one asked for, or every year folder in `data`.
pub fn select_years(data: &Path, year: Option<i32>) -> Result<Vec<i32>, Error> {
    require_data_folder(data)?;
    let available =
        year_folders(data).map_err(|err| Error::io(data, "cannot read the data folder", &err))?;
    match year {
        Some(year) if available.contains(&year) => Ok(vec![year]),
        Some(year) => Err(Error::Usage(format!(
            "there is no folder {} (years found: {}){}{}",
            data.join(year.to_string()).display(),
            list_years(&available),
            year_folder_hint(data),
            misnamed_hint(data, Some(year))
        ))),
        None if available.is_empty() => Err(Error::Usage(format!(
            "the data folder {} holds no year folder such as 2024/{}{}",
            data.display(),
            year_folder_hint(data),
            misnamed_hint(data, None)
        ))),
        None => Ok(available),
    }
}

/// A hint naming a folder not read that holds the year not found (by its
/// plan, else by its name: `2025 ` with a space), or, for no year, the
/// first such folder, and what to do: rename it, or start the year with
/// new-year where it holds another year's plan.
fn misnamed_hint(data: &Path, year: Option<i32>) -> String {
    let folders = misnamed_year_folders(data);
    // A folder whose plan is the year's before one only named with it.
    let Some(folder) = folders
        .iter()
        .find(|folder| year.is_none_or(|year| folder.year == year))
        .or_else(|| {
            folders
                .iter()
                .find(|folder| year.is_some_and(|year| folder.named == year))
        })
    else {
        return String::new();
    };
    let name = folder.name();
    match year {
        // A copy of another year's plan, made by hand to start this one:
        // new-year starts it where an earlier year folder exists.
        Some(year) if folder.year != year => {
            let found = year_folders(data).unwrap_or_default();
            // new-year starts from the latest year, or one given by --from.
            let data_arg = crate::load::data_option(data);
            let start = match found.iter().rev().find(|found| **found < year) {
                Some(_) if found.last().is_some_and(|latest| *latest < year) => {
                    format!(": start {year}'s with hfs-report new-year {year}{data_arg}")
                }
                Some(earlier) => format!(
                    ": start {year}'s with hfs-report new-year {year} --from {earlier}{data_arg}"
                ),
                // No year folder to start from: named for its plan's year,
                // it is one, and the year asked for starts from it (a plan
                // edited by hand into another year's keeps the approval,
                // the answers and the texts of its own).
                // (With --from where a later year folder is the latest.)
                None if !found.contains(&folder.year) && folder.year < year => format!(
                    "; {}, and start {year}'s from it with hfs-report new-year {year}{}{data_arg}",
                    folder.remedy(),
                    if found.is_empty() {
                        String::new()
                    } else {
                        format!(" --from {}", folder.year)
                    }
                ),
                None if !found.contains(&folder.year) => format!("; {}", folder.remedy()),
                None => String::new(),
            };
            format!(
                " (the folder '{name}' is not read, and its plan is {}'s{start})",
                folder.year
            )
        }
        _ => format!(
            " (the folder '{name}' is not read: {}; {})",
            folder.rule(),
            folder.remedy()
        ),
    }
}

/// A hint for a data folder that is itself a year folder (`--data
/// data/2024`): the folder above it is the data folder.
pub fn year_folder_hint(data: &Path) -> String {
    // `--data .` in a year folder has its name only once resolved.
    let resolved = data.canonicalize().unwrap_or_else(|_| data.to_path_buf());
    let name = resolved.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if parse_year(name).is_none() {
        return String::new();
    }
    let above = match data.parent() {
        Some(parent) if data.file_name().is_some() && parent.as_os_str().is_empty() => {
            Path::new(".").to_path_buf()
        }
        Some(parent) if data.file_name().is_some() => parent.to_path_buf(),
        _ if data == Path::new(".") => Path::new("..").to_path_buf(),
        _ => data.join(".."),
    };
    format!(
        " (it is a year folder itself: give the folder above it, --data {})",
        above.display()
    )
}

/// The names of the folders in `data` that are years, ascending, with the
/// links to nothing so named: most likely a share that is not mounted,
/// which loading the year reports rather than a build leaving it out.
pub fn year_folders(data: &Path) -> std::io::Result<Vec<i32>> {
    let mut years: Vec<i32> = std::fs::read_dir(data)?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir() || broken_link(&entry.path()).is_some())
        .filter_map(|entry| entry.file_name().to_str().and_then(parse_year))
        .collect();
    years.sort_unstable();
    Ok(years)
}

/// A folder of the data folder that holds a plan and has a year in its
/// name but is not named as a year (`2025 - Kopia`, as Windows names a
/// copy; `2025 ` with a space; `VP 2025`; `02025`), or is named by digits
/// that are no year (`12025`, `202`): no build reads it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MisnamedFolder {
    /// The folder.
    pub path: PathBuf,
    /// The year its plan is for: its `year:` line, else the year in its name.
    pub year: i32,
    /// The year in its name (its plan's, for digits that are no year).
    pub named: i32,
    /// Whether links lead it outside the data folder, which is never read
    /// (renamed, it would be refused): it is to be copied in instead.
    pub outside: bool,
}

impl MisnamedFolder {
    /// Its name, as a message shows it (`2025 ` with its space).
    pub fn name(&self) -> String {
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        crate::load::printable::shown(&name).to_string()
    }

    /// The rule its name breaks, for a message: a year folder is named by
    /// its year alone, and by its four digits where the name is digits
    /// that are no year (`20255`).
    pub fn rule(&self) -> &'static str {
        if self.is_no_year() {
            "a year folder is named by its year's four digits"
        } else {
            "a year folder is named by its year alone"
        }
    }

    /// What its name is, after [`MisnamedFolder::rule`]: `'2025 ' is not`,
    /// `'20255' is no year`.
    pub fn verdict(&self) -> String {
        let what = if self.is_no_year() {
            "is no year"
        } else {
            "is not"
        };
        format!("'{}' {what}", self.name())
    }

    /// Whether its name is digits that are no year (`20255`, not `02025`).
    fn is_no_year(&self) -> bool {
        let name = self
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        name.bytes().all(|b| b.is_ascii_digit())
            && parse_year(name.trim_start_matches('0')).is_none()
    }

    /// What makes it read: renamed to its year, or, where links lead it
    /// outside the data folder, copied in.
    pub fn remedy(&self) -> String {
        if self.outside {
            // Its plan is not read there, so its year is not known: a copy
            // of last year's folder named for the next would bring last
            // year's answers with it.
            "copy the folder it leads to into the data folder, named by the year its plan.yaml \
             says, and remove the link: a link out of the data folder is not read"
                .to_string()
        } else {
            format!("rename it to '{}'", self.year)
        }
    }
}

/// The [`MisnamedFolder`]s of `data`, by name. A link is one too, unless
/// it leads to a year folder, as is a folder a year folder links to: those
/// are read. A plan outside the data folder is not read for its year.
pub fn misnamed_year_folders(data: &Path) -> Vec<MisnamedFolder> {
    let Ok(entries) = std::fs::read_dir(data) else {
        return Vec::new();
    };
    let read: Vec<PathBuf> = year_folders(data)
        .unwrap_or_default()
        .iter()
        .filter_map(|year| data.join(year.to_string()).canonicalize().ok())
        .collect();
    let mut found: Vec<MisnamedFolder> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if parse_year(&name).is_some() {
                return None;
            }
            // A year among other characters, or after zeros (`02025`); a
            // name of digits alone that is no year (`12025`, `202`: a year
            // mistyped) is named by its plan's.
            let in_name = name
                .split(|c: char| !c.is_ascii_digit())
                .find_map(|digits| parse_year(digits.trim_start_matches('0')));
            let mistyped = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
            if in_name.is_none() && !mistyped {
                return None;
            }
            let path = entry.path();
            let real = path.canonicalize().ok().filter(|real| real.is_dir())?;
            if read.contains(&real) {
                return None;
            }
            let plan = crate::load::named_in(&path, crate::load::PLAN_FILE);
            if !plan.is_file() {
                return None;
            }
            let year = plan_start(&plan, data)
                .and_then(|text| plan_year(&text))
                .or(in_name)?;
            let outside = crate::load::link_out_of(&path, data).is_some();
            Some(MisnamedFolder {
                path,
                year,
                named: in_name.unwrap_or(year),
                outside,
            })
        })
        .collect();
    found.sort();
    found
}

/// The start of a plan's text, enough to find its `year:` line: at most
/// 64 KiB, and nothing of a plan that links lead outside the data folder.
fn plan_start(plan: &Path, data: &Path) -> Option<String> {
    use std::io::Read;
    if crate::load::link_out_of(plan, data).is_some() {
        return None;
    }
    let mut bytes = Vec::new();
    crate::regular_file::open(plan)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The year a plan's text gives at its top-level `year:` key, read from
/// its line alone (`year: 2025`, `year : "2025"   # utkast`, `"year": 2025`
/// as JSON-minded editors write it): a plan that is not read needs no
/// more, and one that does not parse still says it.
fn plan_year(text: &str) -> Option<i32> {
    text.trim_start_matches('\u{feff}')
        .split(['\n', '\r'])
        .find_map(|line| {
            let key = ["year", "\"year\"", "'year'"]
                .into_iter()
                .find(|key| line.starts_with(key))?;
            let value = line[key.len()..].trim_start_matches([' ', '\t']);
            let value = value.strip_prefix(':')?;
            // A comment begins at a '#' after white space.
            let end = value
                .char_indices()
                .find(|&(i, c)| c == '#' && value[..i].ends_with([' ', '\t']))
                .map_or(value.len(), |(i, _)| i);
            parse_year(value[..end].trim().trim_matches(['"', '\'']))
        })
}

/// A folder name that is a year, 1000 to 9999 as the command line takes
/// them: written as the year is, so that the folder is found again by its
/// number ("0999" would be looked for as "999"). The one test of a year
/// folder's name.
pub fn parse_year(name: &str) -> Option<i32> {
    let year: i32 = name.parse().ok()?;
    ((1000..=9999).contains(&year) && year.to_string() == name).then_some(year)
}

/// "2023, 2024" or "none".
fn list_years(years: &[i32]) -> String {
    if years.is_empty() {
        return "none".into();
    }
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `SOURCE_DATE_EPOCH` from the environment, checked.
pub fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(text) => parse_source_date_epoch(&text).map(Some),
    }
}

/// The last second a PDF's date can hold: 9999-12-31 23:59:59 UTC (a later
/// one failed the PDF/A export with "missing document date").
const LAST_EPOCH: i64 = 253_402_300_799;

/// A `SOURCE_DATE_EPOCH` value: whole seconds since 1970, as `date +%s`
/// prints them (reproducible-builds.org's definition), up to the year 9999.
fn parse_source_date_epoch(text: &str) -> Result<i64, Error> {
    // Digits only: no sign and no spaces, which `date +%s` never prints
    // and `parse` would let through.
    Some(text)
        .filter(|text| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse::<i64>().ok())
        .filter(|seconds| (0..=LAST_EPOCH).contains(seconds))
        .ok_or_else(|| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH is '{text}', expected a number of seconds since 1970 \
                 (from 0 to {LAST_EPOCH}, the end of the year 9999)"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plans_year_is_read_from_its_top_level_line() {
        assert_eq!(plan_year("# VP\nyear: 2025\nlanguage: sv\n"), Some(2025));
        assert_eq!(plan_year("year: \"2025\" # utkast\n"), Some(2025));
        // Indented, it is another key's; not a year, no year.
        assert_eq!(plan_year("network:\n  year: 2025\n"), None);
        assert_eq!(plan_year("year: nästa\n"), None);
        // As YAML reads them too: a tab before the comment, a space before
        // the colon, a byte-order mark, lines ended by CR alone.
        assert_eq!(plan_year("year: 2031\t# utkast\n"), Some(2031));
        assert_eq!(plan_year("year : 2037\n"), Some(2037));
        assert_eq!(plan_year("\u{feff}year: 2026\n"), Some(2026));
        assert_eq!(plan_year("# VP\ryear: 2027\rlanguage: sv"), Some(2027));
        assert_eq!(plan_year("yearly: 2027\n"), None);
        assert_eq!(plan_year("\"year\": 2028\n"), Some(2028));
        assert_eq!(plan_year("'year' : '2029'\n"), Some(2029));
        assert_eq!(plan_year("\"year: 2030\n"), None);
    }

    #[test]
    fn source_date_epoch_is_whole_seconds_in_digits() {
        assert_eq!(
            parse_source_date_epoch("1700000000").ok(),
            Some(1_700_000_000)
        );
        assert_eq!(parse_source_date_epoch("0").ok(), Some(0));
        assert_eq!(
            parse_source_date_epoch("253402300799").ok(),
            Some(LAST_EPOCH)
        );
        for not_seconds in [
            "",
            " 1700000000",
            "1700000000 ",
            "+1700000000",
            "-1",
            "1.5",
            "abc",
            "253402300800",
        ] {
            assert!(
                parse_source_date_epoch(not_seconds).is_err(),
                "{not_seconds:?}"
            );
        }
    }

    #[test]
    fn a_year_folder_is_named_by_its_four_digits() {
        assert_eq!(parse_year("2024"), Some(2024));
        for not_a_year in ["0999", "999", "+2024", "2024 ", "12345", "utkast"] {
            assert_eq!(parse_year(not_a_year), None, "{not_a_year}");
        }
    }
}
