//! The rows of the responses files: a region's answer to an indicator,
//! checked against the indicator's kind, once per region and indicator.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::checkable::{Checkable, Named};
use super::regions::{RegionNames, region_key};
use super::year_before::YearBefore;
use super::{Answer, Response, YesPartlyNo, comment_of, comment_problem, one_of, with_suggestion};
use crate::diag::{Diagnostic, Diagnostics, Pos, fold, named_by, same_word};
use crate::load::csv::{Row, Table, parse_decimal, split_at_decimal_comma, split_number_hint};
use crate::load::printable::{for_message, shown};
use crate::model::{
    Id, Indicator, IndicatorKind, Language, NUMBER_LIMIT_TEXT, PRINTED_DECIMALS, Plan, Region,
    as_printed, beyond_number_limit, number_limit_hint,
};

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

/// A percentage as a responses file gave it.
struct Percentage {
    region: Id,
    indicator: Id,
    value: f64,
    /// The cell as written.
    written: String,
    /// Whether it was written with '%'.
    with_sign: bool,
    file: PathBuf,
    pos: Pos,
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

/// A warning for each region whose every percentage, in all its files, is
/// at most 1, one of them written without '%' between 0 and 1: they read
/// as 0,45 % where the region most likely meant 45 %, a fraction of 1 that
/// a spreadsheet shows as "45 %" and saves as 0,45.
fn fractions(percentages: &[Percentage]) -> Vec<Diagnostic> {
    let mut regions: Vec<&Id> = Vec::new();
    for percentage in percentages {
        if !regions.contains(&&percentage.region) {
            regions.push(&percentage.region);
        }
    }
    regions
        .into_iter()
        .filter_map(|id| {
            let of_region = || percentages.iter().filter(move |p| p.region == *id);
            if of_region().any(|p| p.value > 1.0) {
                return None;
            }
            let first = of_region().find(|p| !p.with_sign && p.value > 0.0 && p.value < 1.0)?;
            let written = &first.written;
            let meant = ((first.value * 100.0 * 1e6).round() / 1e6).to_string();
            let meant = if written.contains(',') {
                meant.replace('.', ",")
            } else {
                meant
            };
            Some(
                Diagnostic::warning(
                    &first.file,
                    Some(first.pos),
                    format!(
                        "value '{written}' for indicator '{}' is read as {written} %, and every \
                         percentage of region '{id}' is at most 1 %",
                        first.indicator
                    ),
                )
                .with_hint(format!(
                    "if they are fractions of 1, write them as percentages: {meant} for {written}"
                )),
            )
        })
        .collect()
}

/// A warning where a value and the comment after it may be one number
/// whose decimal comma, unquoted, split it into two fields of a file that
/// separates its fields with ',': `7,5` read as the value 7 and the
/// comment "5". An error where the line has a field more than the header
/// too (`7,5,`, the comment's own field empty): then the split is sure.
fn split_decimal(table: &Table, row: &Row, indicator: &Indicator) -> Option<Diagnostic> {
    let (value, comment) = (row.get("value")?, row.get("comment")?);
    let split = table.delimiter == ','
        && comment.field == value.field + 1
        && split_at_decimal_comma(&value.text, &comment.text);
    split.then(|| {
        let (whole, decimals) = (&value.text, &comment.text);
        let thousands = parse_answer(indicator, &format!("{whole} {decimals}")).is_ok();
        let hint = split_number_hint(whole, decimals, thousands);
        if row.overflows {
            return Diagnostic::error(
                &table.path,
                Some(value.pos()),
                format!(
                    "value '{whole}' and comment '{decimals}' are one number, {whole},{decimals}, \
                     split at its decimal comma: the line has more columns than the header and the other lines"
                ),
            )
            .with_hint(hint);
        }
        Diagnostic::warning(
            &table.path,
            Some(value.pos()),
            format!(
                "value '{whole}' and comment '{decimals}' may be one number, {whole},{decimals}, \
                 split at its decimal comma, since the file separates its fields with ','"
            ),
        )
        .with_hint(hint)
    })
}

/// A warning where a value's decimal mark may be a mark between
/// thousands: `12,500` is read as 12,5, and may mean twelve thousand five
/// hundred, as English writes it (an English year's own documents print
/// that number so); `1.200` is read as 1,2, and may mean one thousand two
/// hundred, as German and Danish write it. Said where the thousands too
/// would be an answer to `indicator`.
fn mark_before_thousands(table: &Table, row: &Row, indicator: &Indicator) -> Option<Diagnostic> {
    let value = row.get("value")?;
    let number = value.text.trim_end_matches('%').trim_end();
    let (mark, (whole, decimals)) = [(',', "comma"), ('.', "point")]
        .into_iter()
        .find_map(|(c, name)| Some(((c, name), number.split_once(c)?)))?;
    let grouped = (1..=3).contains(&whole.len())
        && !whole.starts_with('0')
        && whole.bytes().all(|b| b.is_ascii_digit())
        && decimals.len() == 3
        && decimals.bytes().all(|b| b.is_ascii_digit())
        && parse_answer(indicator, &format!("{whole}{decimals}")).is_ok();
    grouped.then(|| {
        let read = format!("{whole},{decimals}");
        let read = read.trim_end_matches('0').trim_end_matches(',');
        // The decimal written so that it has no three digits after its
        // mark: with its zeros at the end left off (12,5), or, where it has
        // none (1,234, which either mark makes ambiguous), with one more.
        let unambiguous = if read.len() < whole.len() + 4 {
            read.to_string()
        } else {
            format!("{read}0")
        };
        let (written, name) = (&value.text, mark.1);
        let writers = if mark.0 == ',' {
            "English writes them"
        } else {
            "German and Danish write them"
        };
        Diagnostic::warning(
            &table.path,
            Some(value.pos()),
            format!(
                "value '{written}' is read as {read}, with a decimal {name}, but may mean \
                 {whole} {decimals}, with a {name} between thousands as {writers}"
            ),
        )
        .with_hint(format!(
            "write {whole} {decimals} or {whole}{decimals} for the thousands, or {} for the \
             decimal",
            // Unquoted, a decimal comma parts the fields of such a file
            // (a whole number, 2,000 read as 2, has none).
            if table.delimiter == ',' && unambiguous.contains(',') {
                format!(
                    "\"{unambiguous}\" (in double quotes) or {}",
                    unambiguous.replace(',', ".")
                )
            } else {
                unambiguous
            }
        ))
    })
}

/// A warning where a value has more decimals than the reports print
/// ([`PRINTED_DECIMALS`]), with what they print: `1,2345` prints as
/// 1,235, and `0,0004` as 0, which would say that the region answered 0.
fn more_decimals_than_printed(
    table: &Table,
    row: &Row,
    indicator: &Indicator,
    value: Option<Answer>,
    language: Language,
) -> Option<Diagnostic> {
    use crate::render::labels;
    let Some(Answer::Number(number)) = value else {
        return None;
    };
    let cell = row.get("value")?;
    (as_printed(number) != number).then(|| {
        let printed = match indicator.kind {
            IndicatorKind::Percent => labels::percent(number, language),
            _ => labels::number(number, language),
        };
        Diagnostic::warning(
            &table.path,
            Some(cell.pos()),
            format!(
                "value '{}' has more decimals than the reports print ({PRINTED_DECIMALS} at \
                 most): they print it as {printed}",
                cell.text,
            ),
        )
    })
}

/// Why a value cell is not an answer to its indicator.
struct ValueProblem {
    /// The message, naming the value, the indicator and what was expected.
    message: String,
    /// A suggestion, when one is close.
    hint: Option<String>,
}

/// Reads a value cell for an indicator: `None` when empty (not answered).
fn parse_answer(indicator: &Indicator, text: &str) -> Result<Option<Answer>, ValueProblem> {
    if text.is_empty() {
        return Ok(None);
    }
    let id = &indicator.id;
    let expected = expected_value(indicator);
    let found = shown(text);
    let problem = |what: &str| ValueProblem {
        message: format!("value '{found}' for indicator '{id}' {what} (expected {expected})"),
        hint: None,
    };
    if indicator.kind == IndicatorKind::YesPartlyNo {
        return match YesPartlyNo::parse(text) {
            Some(choice) => Ok(Some(Answer::Choice(choice))),
            None => {
                // "ja, delvis": two answers, not a typo of one.
                let answers: Vec<&str> = text
                    .split([',', '/', ';', ' '])
                    .filter(|word| !word.is_empty())
                    .collect();
                let choices: Option<Vec<YesPartlyNo>> = answers
                    .iter()
                    .map(|word| YesPartlyNo::parse(word))
                    .collect();
                let several = choices.is_some_and(|choices| {
                    choices.len() > 1 && choices.iter().any(|c| *c != choices[0])
                });
                let words = ["yes", "partly", "no", "ja", "delvis", "nej"];
                let hint = if several {
                    Some("give one answer: the one that fits the region best".to_string())
                } else {
                    // Only the word written otherwise: 'Nja' is no 'ja',
                    // nor 'hardly' 'partly'.
                    same_word(text, words)
                        .map(|word| format!("did you mean '{word}'?"))
                        .or_else(|| spreadsheet_hint(text, &indicator.kind))
                        .or_else(|| no_answer_hint(text))
                };
                Err(ValueProblem {
                    hint,
                    ..problem("is not an answer")
                })
            }
        };
    }
    let Some(decimal) = parse_decimal(text) else {
        // "1,234.5" or "1.234,5": a number whose thousands are parted by
        // the other mark, as English or German spreadsheets write them.
        let marks = text.matches([',', '.']).count();
        // A date first: '01.02.2024' has two marks too.
        let hint = excel_date(text)
            .or_else(|| {
                (marks > 1 && text.contains(|c: char| c.is_ascii_digit())).then(|| {
                    let example = match regrouped(text) {
                        Some((whole, Some(decimals))) => {
                            format!(
                                " {whole},{decimals} or {}.{decimals}",
                                whole.replace(' ', "")
                            )
                        }
                        Some((whole, None)) => format!(" {whole} or {}", whole.replace(' ', "")),
                        None => " 1 234,5 or 1234.5".to_string(),
                    };
                    format!(
                        "write it with one decimal mark and a space or nothing between \
                         thousands:{example}"
                    )
                })
            })
            .or_else(|| with_its_unit(indicator, text))
            .or_else(|| spreadsheet_hint(text, &indicator.kind))
            .or_else(|| no_answer_hint(text));
        return Err(ValueProblem {
            hint,
            ..problem("is not a number")
        });
    };
    if decimal.percent && indicator.kind != IndicatorKind::Percent {
        return Err(problem(
            "has a '%' sign, which only a percent indicator takes",
        ));
    }
    let value = decimal.value;
    let in_range = match indicator.kind {
        IndicatorKind::Scale => {
            indicator.min.is_none_or(|min| value >= min)
                && indicator.max.is_none_or(|max| value <= max)
        }
        IndicatorKind::Percent => (0.0..=100.0).contains(&value),
        IndicatorKind::Number | IndicatorKind::YesPartlyNo => value >= 0.0,
    };
    if !in_range {
        Err(problem("is out of range"))
    } else if beyond_number_limit(value) {
        // Only a number's range is open above; a scale's ends are below the limit.
        Err(ValueProblem {
            message: format!(
                "value '{found}' for indicator '{id}' is too large (expected {expected}, below {NUMBER_LIMIT_TEXT})"
            ),
            hint: number_limit_hint(value),
        })
    } else {
        Ok(Some(Answer::Number(value)))
    }
}

/// A number written with its indicator's unit (`2 st` where the unit is
/// `st`): the unit is printed beside the number already.
fn with_its_unit(indicator: &Indicator, text: &str) -> Option<String> {
    let unit = indicator.unit.as_ref()?.as_str().trim();
    let lower = text.trim().trim_end_matches('.').to_lowercase();
    let unit = unit.trim_end_matches('.');
    let number = lower.strip_suffix(&unit.to_lowercase())?.trim_end();
    // Only where the number alone would do: '-2 st' is still out of range.
    parse_answer(indicator, number).ok()??;
    Some(format!(
        "write the number without its unit '{}': the reports print it beside the number",
        for_message(unit)
    ))
}

/// A number that Excel turned into a date, as it does with `1/2` or `1-2`
/// typed into a cell formatted General, shown as the machine's Excel
/// shows dates: `2024-02-01` (Swedish), `1/2/2024`, `01.02.2024`,
/// `1-feb`, `1-feb-24`, with a time after it where the cell held one
/// (`2024-02-01 00:00:00`). Only so: `7/8/10` may be three answers, and
/// `3 decimaler` holds no month.
fn excel_date(text: &str) -> Option<String> {
    // Swedish and English, as Excel names them in full and in short.
    const MONTHS: &[&str] = &[
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "oct",
        "nov",
        "dec",
        "januari",
        "january",
        "february",
        "februari",
        "march",
        "mars",
        "april",
        "june",
        "juni",
        "july",
        "juli",
        "august",
        "augusti",
        "september",
        "october",
        "oktober",
        "november",
        "december",
    ];
    let lower = text.trim().to_lowercase();
    let is_time = |part: &str| {
        let fields: Vec<&str> = part.split(':').collect();
        (2..=3).contains(&fields.len())
            && fields
                .iter()
                .all(|f| (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()))
    };
    let date = match lower.rsplit_once(' ') {
        Some((date, time)) if is_time(time) => date.trim_end(),
        _ => lower.as_str(),
    };
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let within = |part: &str, most: u32| {
        digits(part, 1..=2) && part.parse().is_ok_and(|n: u32| (1..=most).contains(&n))
    };
    // Digits parted twice by one mark: a year of four digits first or last.
    let numeric = ['-', '/', '.'].into_iter().any(|mark| {
        match date.split(mark).collect::<Vec<_>>().as_slice() {
            [y, m, d] if digits(y, 4..=4) => within(m, 12) && within(d, 31),
            [a, b, y] if digits(y, 4..=4) => {
                within(a, 31) && within(b, 31) && (within(a, 12) || within(b, 12))
            }
            _ => false,
        }
    });
    // A month by its name, with the day, and a year of two or four digits.
    let month = |part: &str| MONTHS.contains(&part.trim_end_matches('.'));
    let parts: Vec<&str> = date
        .split(['-', ' ', '.', '/'])
        .filter(|part| !part.is_empty())
        .collect();
    let year = |part: &str| digits(part, 2..=2) || digits(part, 4..=4);
    let named = match parts.as_slice() {
        [a, b] => (within(a, 31) && month(b)) || (month(a) && within(b, 31)),
        [d, m, y] => within(d, 31) && month(m) && year(y),
        _ => false,
    };
    (numeric || named).then(|| {
        "Excel may have made the number a date: format the column as Number (or Text) in \
         Excel, type the value again and save the file again"
            .to_string()
    })
}

/// A number whose thousands are parted by marks, as an English or German
/// spreadsheet writes it (`1,234,567`, `1.234,5`, `1,234.5`): its whole
/// part with a space between thousands, and its decimals where it has a
/// decimal mark, the last mark where both kinds are written. `None` where
/// the groups are not of three digits.
fn regrouped(text: &str) -> Option<(String, Option<&str>)> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let both = digits.contains(',') && digits.contains('.');
    let (whole, decimals) = match digits.rfind([',', '.']) {
        Some(at) if both => (&digits[..at], Some(&digits[at + 1..])),
        _ => (digits, None),
    };
    let mut groups = whole.split([',', '.']);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let is_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let sound = (1..=3).contains(&first.len())
        && is_digits(first)
        && !rest.is_empty()
        && rest
            .iter()
            .all(|group| group.len() == 3 && is_digits(group))
        && decimals.is_none_or(is_digits);
    sound.then(|| {
        let whole = std::iter::once(first)
            .chain(rest)
            .collect::<Vec<_>>()
            .join(" ");
        (format!("{sign}{whole}"), decimals)
    })
}

/// What to do with a value that is what a spreadsheet saved in place of
/// the answer to an indicator of `kind`: a formula (`=9/20`, saved with
/// LibreOffice's 'Save cell formulas'), or the marks it shows where its
/// column is too narrow for a number (`###`, saved as shown).
fn spreadsheet_hint(text: &str, kind: &IndicatorKind) -> Option<String> {
    if text.starts_with('=') {
        // A percentage saved as its value, 0,45, would read as 0,45 %.
        let percentage = if *kind == IndicatorKind::Percent {
            ", a percentage as 45 or 45 % (a fraction of 1, 0,45, reads as 0,45 %)"
        } else {
            ""
        };
        Some(format!(
            "the file holds the cell's formula, not its value: save it again with the \
             values{percentage} (in LibreOffice, without 'Save cell formulas instead of \
             calculated values')"
        ))
    } else if text.len() >= 2
        && text.bytes().all(|b| b == b'#')
        && *kind != IndicatorKind::YesPartlyNo
    {
        Some(
            "a spreadsheet shows that where its column is too narrow for the number: widen \
             the column and save the file again"
                .to_string(),
        )
    } else {
        None
    }
}

/// What to do with a value that stands for no answer: a dash, "Vet ej",
/// "N/A", or a spreadsheet formula's error value (Excel's and
/// LibreOffice's `#SAKNAS!`, `#VÄRDEFEL!`, `#N/A`, `#DIV/0!`, and
/// LibreOffice's own `Err:502`), which a region may have left in a cell it
/// has no answer for.
fn no_answer_hint(text: &str) -> Option<String> {
    const EMPTY: &str = "leave the value empty where the region has no answer: the reports then \
                         say that it is not answered";
    let lower = text.to_lowercase();
    let formula_error = (lower.starts_with('#')
        && (lower.ends_with(['!', '?']) || lower == "#n/a"))
        || lower
            .strip_prefix("err:")
            .is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()));
    if formula_error {
        return Some(format!(
            "'{}' is the error of a spreadsheet formula: correct it in the workbook and save \
             the file again, or {EMPTY}",
            shown(text)
        ));
    }
    const NO_ANSWER: [&str; 18] = [
        "-",
        "–",
        "—",
        "?",
        "…",
        "n/a",
        "na",
        "vet ej",
        "vet inte",
        "ej besvarad",
        "ej svar",
        "inget svar",
        "ej aktuellt",
        "ej tillämpligt",
        "inte aktuellt",
        "saknas",
        "uppgift saknas",
        "ingen uppgift",
    ];
    // "...", "Vet ej." too.
    let placeholder = lower.trim_end_matches('.');
    // As typed on any keyboard ('ej tillampligt'), but for the short
    // ones: 'nä' is no 'na' but a no.
    let listed = |word: &&str| {
        *word == placeholder || (word.chars().count() > 3 && fold(word) == fold(placeholder))
    };
    (placeholder.is_empty() || NO_ANSWER.iter().any(listed)).then(|| EMPTY.to_string())
}

/// What a value of the indicator looks like, for messages.
fn expected_value(indicator: &Indicator) -> String {
    match indicator.kind {
        IndicatorKind::Scale => match (indicator.min, indicator.max) {
            (Some(min), Some(max)) => format!("a number from {min} to {max}"),
            (Some(min), None) => format!("a number of at least {min}"),
            (None, Some(max)) => format!("a number of at most {max}"),
            (None, None) => "a number".into(),
        },
        IndicatorKind::Percent => "a percentage from 0 to 100".into(),
        IndicatorKind::Number => "a number of at least 0".into(),
        IndicatorKind::YesPartlyNo => "yes, partly or no, or in Swedish ja, delvis or nej".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_told_as_excel_shows_it_and_nothing_else_is() {
        for date in [
            "2024-02-01",
            "1/2/2024",
            "01.02.2024",
            "1-feb",
            "feb-1",
            "1-feb-24",
            "1 februari 2024",
            "1. Feb.",
            "2024-02-01 00:00:00",
            "1/2/2024 0:00",
        ] {
            assert!(excel_date(date).is_some(), "{date}");
        }
        // Three answers, numbers parted by spaces, a year of two digits
        // without a month's name, a word that begins as a month does.
        for other in [
            "7/8/10",
            "5/10/15",
            "2-4-10",
            "12 12 12",
            "1 3 24",
            "3 decimaler 10",
            "3 decimaler",
            "13/13/2024",
            "2024-13-45",
            "1/2/3",
            "1.5",
            "12.5.",
            "0.5.2024",
            "10:30",
        ] {
            assert!(excel_date(other).is_none(), "{other}");
        }
    }
}
