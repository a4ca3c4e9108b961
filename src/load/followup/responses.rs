//! The rows of the responses files: a region's answer to an indicator,
//! checked against the indicator's kind, once per region and indicator.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::checkable::{Checkable, Named};
use super::regions::{RegionNames, region_key};
use super::values::{
    Percentage, fractions, mark_before_thousands, more_decimals_than_printed, parse_answer,
    split_decimal,
};
use super::year_before::YearBefore;
use super::{Answer, Response, comment_of, comment_problem, one_of, with_suggestion};
use crate::diag::{Diagnostic, Diagnostics, Pos, named_by};
use crate::load::csv::{Row, Table};
use crate::load::printable::{for_message, shown};
use crate::model::{Id, Indicator, IndicatorKind, Plan, Region};

/// Where a (region, indicator) pair was first answered.
type FirstAnswer = (PathBuf, usize);

/// Checks responses files one after the other, remembering what was answered
/// where so that a second answer is found across files.
pub(super) struct ResponseReader<'a> {
    /// The plan's lists the rows name items of.
    plan: &'a Plan,
    /// How far the rows can be checked against them.
    checkable: &'a Checkable,
    /// The year before, for a name this year's plan has not.
    year_before: &'a YearBefore,
    /// The regions, by every name they may be given.
    regions: RegionNames<'a>,
    /// The indicators (by index) by id.
    indicators: HashMap<&'a str, Vec<usize>>,
    /// Where each (region, indicator) was first answered.
    answered: HashMap<(Id, Id), FirstAnswer>,
    /// The regions (by index) each text of a region cell names: the same
    /// few names come back on every row.
    found_regions: HashMap<String, Vec<usize>>,
    /// Every percentage read, for [`fractions`].
    percentages: Vec<Percentage>,
    /// The indicators the rows name that the plan has not, one entry per
    /// file and indicator as written: their errors wait until every file
    /// is read ([`ResponseReader::unknown_indicator_errors`]).
    unknown_indicators: Vec<UnknownIndicator>,
}

/// An indicator the plan has not, as the rows of one file name it.
struct UnknownIndicator {
    file: PathBuf,
    /// As the first row writes it.
    found: String,
    /// Where the first row names it.
    pos: Pos,
    /// The lines of the file's other rows naming it.
    more: Vec<usize>,
    /// The regions of the rows naming it, as far as they are known.
    regions: Vec<Id>,
}

/// What one file's rows name that the plan has not, gathered so that each
/// is said once per file: a region left out of the plan names it on every
/// row.
#[derive(Default)]
struct Unnamed<'t> {
    /// Each region the plan has not, as first written, where, and the
    /// other lines that name it (however written).
    regions: Vec<(&'t str, Pos, Vec<usize>)>,
    /// The index in `regions` of each, by [`region_key`].
    region_at: HashMap<String, usize>,
    /// The first row without a region, the other lines without one, and
    /// whether a row above it had one.
    without_region: Option<(Pos, Vec<usize>, bool)>,
    /// Whether a row so far had a region.
    had_region: bool,
    /// Where this file's unknown indicators start in the reader's list.
    first_unknown_indicator: usize,
}

impl Unnamed<'_> {
    /// The errors for the regions the plan has not, and for the rows
    /// without a region.
    fn report(self, reader: &ResponseReader<'_>, path: &Path, diagnostics: &mut Diagnostics) {
        for (found, pos, more) in self.regions {
            diagnostics.push(reader.unknown_region(path, found, pos, &more));
        }
        if let Some((pos, more, below_a_region)) = self.without_region {
            let error = Diagnostic::error(
                path,
                Some(pos),
                format!(
                    "region is empty{} (expected a region's id, name or code from plan.yaml)",
                    also_on_lines(&more)
                ),
            );
            // A sheet that names its region once, in a merged cell or at
            // the top of its group of rows, saves it in that row only.
            diagnostics.push(if below_a_region {
                error.with_hint(
                    "write the region on every line: a merged cell, or a region written once \
                 above its rows, is saved in its first line only",
                )
            } else {
                error
            });
        }
    }
}

impl<'a> ResponseReader<'a> {
    /// A reader for the regions and indicators of `plan`, as far as
    /// `checkable` lets the rows be checked against them.
    pub(super) fn new(
        plan: &'a Plan,
        checkable: &'a Checkable,
        year_before: &'a YearBefore,
    ) -> Self {
        let mut indicators: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, indicator) in plan.indicators.iter().enumerate() {
            indicators
                .entry(indicator.id.as_str())
                .or_default()
                .push(index);
        }
        Self {
            plan,
            checkable,
            year_before,
            regions: RegionNames::new(&plan.regions),
            indicators,
            answered: HashMap::new(),
            found_regions: HashMap::new(),
            percentages: Vec::new(),
            unknown_indicators: Vec::new(),
        }
    }

    /// The region a region cell names.
    fn region(&mut self, found: &str) -> Named<'a, Region> {
        let matches = self
            .found_regions
            .entry(found.to_string())
            .or_insert_with(|| self.regions.find(found));
        self.checkable.regions.resolve(&self.plan.regions, matches)
    }

    /// The indicator an indicator cell names.
    fn indicator(&self, found: &str) -> Named<'a, Indicator> {
        let matches = self
            .indicators
            .get(found)
            .or_else(|| self.indicators.get(found.to_lowercase().as_str()))
            .map_or(&[][..], Vec::as_slice);
        self.checkable
            .indicators
            .resolve(&self.plan.indicators, matches)
    }

    /// Whether a row's value can be checked against `indicator`.
    fn value_checkable(&self, indicator: &Indicator) -> bool {
        !self.checkable.indicator_values.iter().any(|&index| {
            self.plan
                .indicators
                .get(index)
                .is_some_and(|i| i.id == indicator.id)
        })
    }

    /// The warnings for regions whose percentages all look like fractions
    /// of 1, once every file is read (see [`fractions`]).
    pub(super) fn fraction_warnings(&self) -> Vec<Diagnostic> {
        fractions(&self.percentages)
    }

    /// Checks the rows of one responses file.
    pub(super) fn read(&mut self, table: &Table, diagnostics: &mut Diagnostics) -> Vec<Response> {
        let mut responses = Vec::new();
        let mut unnamed = Unnamed {
            first_unknown_indicator: self.unknown_indicators.len(),
            ..Unnamed::default()
        };
        for row in &table.rows {
            let error = |key: &str, message: String| {
                Diagnostic::error(&table.path, Some(row.pos(key)), message)
            };
            if let Some(message) = self.no_answer(row) {
                diagnostics.push(error("region", message).with_hint(
                    "a sum or a note below the answers: delete the line; an answer: write \
                     its region's id and its indicator's id",
                ));
                continue;
            }
            let region = self.region_of(row, &mut unnamed);
            let found = row.text("indicator");
            let indicator = if found.is_empty() {
                diagnostics.push(error(
                    "indicator",
                    "indicator is empty (expected an indicator id from plan.yaml)".into(),
                ));
                None
            } else {
                self.indicator_of(table, row, region, unnamed.first_unknown_indicator)
            };

            // Every problem of the row is reported: its value is checked
            // against its indicator whatever its region, and its comment
            // whatever else is wrong.
            let mut sound = true;
            if let (Some(region), Some(indicator)) = (region, indicator) {
                sound = self.first_answer(table, row, region, indicator, diagnostics);
            }
            let value = indicator
                .filter(|indicator| self.value_checkable(indicator))
                .map(|indicator| parse_answer(indicator, row.text("value")));
            if let Some(Err(problem)) = &value {
                let diagnostic = error("value", problem.message.clone());
                diagnostics.push(match &problem.hint {
                    Some(hint) => diagnostic.with_hint(hint.clone()),
                    None => diagnostic,
                });
            }
            if let Some(diagnostic) = comment_problem(&table.path, row) {
                diagnostics.push(diagnostic);
                sound = false;
            }
            let (Some(region), Some(indicator), Some(Ok(value)), true) =
                (region, indicator, value, sound)
            else {
                continue;
            };
            if let Some(split) = split_decimal(table, row, indicator) {
                let certain = split.is_error();
                diagnostics.push(split);
                if certain {
                    continue;
                }
            }
            if let Some(warning) = mark_before_thousands(table, row, indicator) {
                diagnostics.push(warning);
            }
            if let Some(warning) =
                more_decimals_than_printed(table, row, indicator, value, self.plan.language)
            {
                diagnostics.push(warning);
            }
            if let (IndicatorKind::Percent, Some(Answer::Number(percent))) =
                (&indicator.kind, value)
            {
                let written = row.text("value");
                self.percentages.push(Percentage {
                    region: region.id.clone(),
                    indicator: indicator.id.clone(),
                    value: percent,
                    written: written.to_string(),
                    with_sign: written.contains('%'),
                    file: table.path.clone(),
                    pos: row.pos("value"),
                });
            }
            responses.push(Response {
                region: region.id.clone(),
                indicator: indicator.id.clone(),
                value,
                comment: comment_of(row),
                file: table.path.clone(),
                line: row.line,
            });
        }
        unnamed.report(self, &table.path, diagnostics);
        responses
    }

    /// The message for a line below the answers that is no answer: a sum
    /// or a note, labelled ('Summa', 'Ifylld av ...') where a region goes
    /// (a region's name mistyped, or last year's, aside: 'Grand Estt'), or
    /// with neither region nor indicator (a sum under the values). One
    /// error, which says to delete it.
    fn no_answer(&mut self, row: &Row) -> Option<String> {
        let found = row.text("region");
        let message = no_answer(found, row.text("indicator"))?;
        (found.is_empty()
            || matches!(self.region(found), Named::Unknown)
                && self.regions.suggest(found).is_none()
                && self.year_before.region(found, &self.plan.regions).is_none())
        .then_some(message)
    }

    /// The region a row names, if the plan has it; one it has not, and a
    /// row without one, is noted in `unnamed`, to be reported once per
    /// file.
    fn region_of<'t>(&mut self, row: &'t Row, unnamed: &mut Unnamed<'t>) -> Option<&'a Region> {
        let found = row.text("region");
        if found.is_empty() {
            match &mut unnamed.without_region {
                Some((_, more, _)) => more.push(row.line),
                None => {
                    unnamed.without_region =
                        Some((row.pos("region"), Vec::new(), unnamed.had_region))
                }
            }
            return None;
        }
        unnamed.had_region = true;
        let region = self.region(found);
        if let Named::Unknown = region {
            match unnamed.region_at.get(&region_key(found)) {
                Some(&at) => unnamed.regions[at].2.push(row.line),
                None => {
                    unnamed
                        .region_at
                        .insert(region_key(found), unnamed.regions.len());
                    unnamed.regions.push((found, row.pos("region"), Vec::new()));
                }
            }
        }
        region.item()
    }

    /// The indicator a row names (not empty), if the plan has it; one it
    /// has not is noted among the unknown indicators, once per file from
    /// `first_unknown_indicator` on, with the lines and regions that name
    /// it.
    fn indicator_of(
        &mut self,
        table: &Table,
        row: &Row,
        region: Option<&Region>,
        first_unknown_indicator: usize,
    ) -> Option<&'a Indicator> {
        let found = row.text("indicator");
        let indicator = self.indicator(found);
        if let Named::Unknown = indicator {
            // With no indicators in the plan, every row's is one
            // error of the file.
            let same = |unknown: &&mut UnknownIndicator| {
                self.plan.indicators.is_empty()
                    || unknown.found.to_lowercase() == found.to_lowercase()
            };
            let region = region.map(|r| r.id.clone());
            match self.unknown_indicators[first_unknown_indicator..]
                .iter_mut()
                .find(same)
            {
                Some(unknown) => {
                    unknown.more.push(row.line);
                    unknown.regions.extend(region);
                }
                None => self.unknown_indicators.push(UnknownIndicator {
                    file: table.path.clone(),
                    found: found.to_string(),
                    pos: row.pos("indicator"),
                    more: Vec::new(),
                    regions: region.into_iter().collect(),
                }),
            }
        }
        indicator.item()
    }

    /// Whether a row is the first answer of its region to its indicator
    /// (an error where it is not); a first answer whose line ends before
    /// its value is warned about.
    fn first_answer(
        &mut self,
        table: &Table,
        row: &Row,
        region: &Region,
        indicator: &Indicator,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        let key = (region.id.clone(), indicator.id.clone());
        if let Some((file, line)) = self.answered.get(&key) {
            let place = if *file == table.path {
                format!("on line {line}")
            } else {
                format!("in {} line {line}", file.display())
            };
            diagnostics.push(Diagnostic::error(
                &table.path,
                Some(row.pos("indicator")),
                format!(
                    "indicator '{}' for region '{}' already has a row {place} (expected at most \
                     one row per region and indicator)",
                    indicator.id, region.id
                ),
            ));
            return false;
        }
        self.answered.insert(key, (table.path.clone(), row.line));
        if row.get("value").is_none() {
            // Excel writes every column; a line that stops short was cut
            // or typed by hand, and its answer may be missing by mistake.
            diagnostics.push(Diagnostic::warning(
                &table.path,
                Some(row.pos("value")),
                "the line ends before the column 'value', so it is read as not answered",
            ));
        }
        true
    }

    /// The errors for the indicators the rows named that the plan has not,
    /// once every file is read: no "did you mean" where the indicator it
    /// would name was answered by each region of those rows on a row of
    /// its own.
    pub(super) fn unknown_indicator_errors(&self) -> Vec<Diagnostic> {
        let ids = || self.plan.indicators.iter().map(|i| i.id.as_str());
        self.unknown_indicators
            .iter()
            .map(|unknown| {
                let found = shown(&unknown.found);
                let error =
                    |message: String| Diagnostic::error(&unknown.file, Some(unknown.pos), message);
                if self.plan.indicators.is_empty() {
                    let nor = match unknown.more.as_slice() {
                        [] => String::new(),
                        [line] => format!("; nor is line {line}'s"),
                        lines => format!("; nor are those of lines {}", line_ranges(lines)),
                    };
                    return error(format!(
                        "indicator '{found}' is not an indicator of plan.yaml, which has \
                         none{nor}"
                    ))
                    .with_hint(
                        "list the indicators under 'indicators' in plan.yaml, or take the file \
                         out of responses/",
                    );
                }
                let also = also_on_lines(&unknown.more);
                if let Some(said) = self.year_before.indicator(&unknown.found) {
                    return error(format!(
                        "indicator '{found}'{also} is not an indicator of plan.yaml{said}"
                    ));
                }
                let unknown_error = error(format!(
                    "indicator '{found}'{also} is not an indicator of plan.yaml (expected {})",
                    one_of(ids())
                ));
                let answered_by_all = |id: &str| {
                    !unknown.regions.is_empty()
                        && unknown.regions.iter().all(|region| {
                            self.answered
                                .contains_key(&(region.clone(), Id(id.to_string())))
                        })
                };
                // The indicator given by its text, as the form asked it;
                // one answered on a row of its own is no guess.
                let texts = self
                    .plan
                    .indicators
                    .iter()
                    .map(|i| (i.id.as_str(), i.text.as_str()));
                if let Some(named) = named_by(&unknown.found, texts) {
                    if answered_by_all(named) {
                        return unknown_error;
                    }
                    return unknown_error.with_hint(format!("write its id: '{named}'"));
                }
                with_suggestion(unknown_error, &unknown.found, ids(), answered_by_all)
            })
            .collect()
    }

    /// The error for a region the plan has not, `found` at `pos` and on
    /// the lines `more` of the same file.
    fn unknown_region(&self, file: &Path, found: &str, pos: Pos, more: &[usize]) -> Diagnostic {
        let also = also_on_lines(more);
        let unknown = format!(
            "region '{}'{also} is not a region of plan.yaml",
            shown(found)
        );
        let before = self.year_before.region(found, &self.plan.regions);
        let error = |message: String| Diagnostic::error(file, Some(pos), message);
        match (before, self.regions.suggest(found)) {
            (Some(said), _) => error(format!("{unknown}{said}")),
            (None, Some(close)) => {
                error(unknown).with_hint(format!("did you mean '{}'?", for_message(&close.name)))
            }
            (None, None) => {
                error(unknown).with_hint("use a region's id, name or code from plan.yaml")
            }
        }
    }
}

/// What a line says that makes it no answer, from its region's and
/// indicator's cells: a sum's or a note's label where its region goes
/// (its first word: `Summa`, `Medelvärde`, `Ifylld av Anna`, `OBS!`), or
/// neither region nor indicator. `None` for a line that may be an answer.
fn no_answer(region: &str, indicator: &str) -> Option<String> {
    const LABELS: [&str; 46] = [
        "summa",
        "summor",
        "summering",
        "delsumma",
        "sum",
        "subtotal",
        "total",
        "totals",
        "totalt",
        "totalsumma",
        "grand",
        "medel",
        "medelvärde",
        "medelvärdet",
        "genomsnitt",
        "snitt",
        "snittvärde",
        "average",
        "mean",
        "median",
        "antal",
        "ifylld",
        "ifyllt",
        "ifyllda",
        "besvarad",
        "besvarat",
        "anm",
        "anmärkning",
        "anmärkningar",
        "obs",
        "not",
        "notering",
        "noteringar",
        "källa",
        "källor",
        "kommentar",
        "kommentarer",
        "note",
        "notes",
        "comment",
        "comments",
        "datum",
        "date",
        "kontakt",
        "kontaktperson",
        "uppgiftslämnare",
    ];
    if region.is_empty() {
        return indicator.is_empty().then(|| {
            "the line is no answer: it names neither a region nor an indicator".to_string()
        });
    }
    let first = region
        .split(|c: char| !c.is_alphabetic())
        .find(|word| !word.is_empty())
        .unwrap_or_default()
        .to_lowercase();
    LABELS.contains(&first.as_str()).then(|| {
        format!(
            "the line is no answer: '{}' labels a sum or a note, not a region of plan.yaml",
            shown(region)
        )
    })
}

/// " (also on line 4)", " (also on lines 4 to 12)", or nothing for none.
fn also_on_lines(more: &[usize]) -> String {
    match more {
        [] => String::new(),
        [line] => format!(" (also on line {line})"),
        lines => format!(" (also on lines {})", line_ranges(lines)),
    }
}

/// Line numbers in increasing order, three or more in a row as a run:
/// "3 to 10, 12 and 13"; past the first ten runs, the rest counted ("and
/// 990 more"), so that a file of a region on every other row gets a
/// message of a line.
pub(super) fn line_ranges(lines: &[usize]) -> String {
    const SHOWN_RUNS: usize = 10;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &line in lines {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == line => *last = line,
            _ => runs.push((line, line)),
        }
    }
    let hidden: usize = runs
        .iter()
        .skip(SHOWN_RUNS)
        .map(|(first, last)| last - first + 1)
        .sum();
    let mut items: Vec<String> = runs
        .into_iter()
        .take(SHOWN_RUNS)
        .flat_map(|(first, last)| match last - first {
            0 => vec![first.to_string()],
            1 => vec![first.to_string(), last.to_string()],
            _ => vec![format!("{first} to {last}")],
        })
        .collect();
    if hidden > 0 {
        items.push(format!("{hidden} more"));
    }
    match items.as_slice() {
        [first @ .., last] if !first.is_empty() => format!("{} and {last}", first.join(", ")),
        _ => items.concat(),
    }
}

/// A warning for each region that has rows, in all its files, but no row
/// with a value or a comment: most likely the template sent back as it
/// came, or the answers typed into other columns. The reports say that the
/// region delivered nothing.
pub(super) fn silent_regions(responses: &[Response]) -> Vec<Diagnostic> {
    // Each region's first row, in the order of the rows, and whether any
    // of its rows says something.
    let mut regions: Vec<(&Response, bool)> = Vec::new();
    let mut index: HashMap<&Id, usize> = HashMap::new();
    for response in responses {
        let at = *index.entry(&response.region).or_insert_with(|| {
            regions.push((response, false));
            regions.len() - 1
        });
        regions[at].1 |= response.says_something();
    }
    regions
        .into_iter()
        .filter(|&(_, said)| !said)
        .map(|(first, _)| {
            Diagnostic::warning(
                &first.file,
                Some(Pos::line(first.line)),
                format!(
                    "no row of region '{}' has a value or a comment: its report and the \
                     network's say that it delivered nothing",
                    first.region
                ),
            )
            .with_hint("fill in the 'value' column (or 'värde'), and 'comment' where needed")
        })
        .collect()
}
