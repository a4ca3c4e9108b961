//! What the follow-up templates see: the merged figures turned into the
//! texts and chart data of a region's report and of the network's report.
//! Every number is formatted here, by the language's one formatter.

mod charts;

use std::borrow::Cow;

use serde::Serialize;

use crate::load::followup::{ActivityStatus, Answer, YesPartlyNo};
use crate::merge::{Figures, Group, IndicatorFigures, Kind, Summary};
use crate::model::{Date, Language, Line, Markdown, Plan, Region};
use crate::render::fit::{
    Width, may_not_fit_a_page, width_em, with_breaks_in_long_words, with_breaks_in_room,
};
use crate::render::labels::{self, Labels, fill};

pub use charts::{BarRow, Bin, Chart, TallyRow};

/// What every follow-up document shows on its cover and pages.
#[derive(Debug, Serialize)]
pub struct Common<'a> {
    /// The language code, read by the filters.
    pub lang: &'static str,
    /// The fixed texts.
    pub labels: &'static Labels,
    /// The document title, e.g. "Uppföljning 2024 – Region Gävleborg".
    pub title: String,
    /// The cover's headline, e.g. "Uppföljning 2024".
    pub headline: String,
    /// Who the report is for: a region's name or "Hela nätverket", with
    /// break opportunities in its long runs ([`with_breaks_in_long_words`]):
    /// it is printed on the cover, in every page's header and beside the
    /// charts.
    pub subject: String,
    /// "Uppföljning av verksamhetsplanen för HFS-nätverket".
    pub subtitle: String,
    /// "Rapportdatum 31 december 2024".
    pub report_date: String,
    /// The notice printed on every page when the figures are example data.
    pub notice: Option<&'static str>,
    /// The cover's last lines: the report date, and the notice.
    pub cover_status: String,
    /// The plan.
    pub plan: &'a Plan,
    /// The logo's file name beside the document, if any.
    pub logo: Option<String>,
}

/// An activity of the action plan with its status.
#[derive(Debug, Serialize)]
pub struct ActivityRow<'a> {
    /// The activity.
    pub text: &'a Markdown,
    /// Its status in words.
    pub status: &'static str,
    /// The secretariat's comment, with break opportunities in its long
    /// runs as every text has them ([`with_breaks_in_long_words`]). The
    /// built-in templates have its words measured in the Kommentar
    /// (`in_column("comment", lang)`); a template of an earlier version
    /// passes it as a string, which `breakable` sets.
    pub comment: Option<Cow<'a, str>>,
    /// Whether the row might be too tall for a page (see [`may_not_fit_a_page`]).
    pub long: bool,
}

/// The width of a region's dot chart (`indicator-block`: the 16.2 cm
/// between the margins less 10.7 em of the 10 pt body), in em of the
/// axis' 7.5 pt labels.
const AXIS_EM: f64 = (16.2 / 2.54 * 72.0 - 10.7 * 10.0) / 7.5;

/// The same width in em of the network's figures' 8.5 pt above the chart.
const NETWORK_EM: f64 = AXIS_EM * 7.5 / 8.5;

/// The width of the column of a region's answer (`indicator-block`: 9.5 em
/// of the 10 pt body), in em of the answer's 13 pt.
const ANSWER_COLUMN_EM: f64 = 9.5 * 10.0 / 13.0;

/// The same column in em of the 8 pt line of the previous year's value.
const PREVIOUS_COLUMN_EM: f64 = 9.5 * 10.0 / 8.0;

/// One indicator in a region's report.
#[derive(Debug, Serialize)]
pub struct IndicatorBlock {
    /// The question.
    pub text: String,
    /// The region's answer as printed, or "Ej besvarad".
    pub answer: String,
    /// Whether the region answered.
    pub answered: bool,
    /// "Föregående år (2023): 6", when there is a previous value.
    pub previous: Option<String>,
    /// The network's median, lowest, highest, or counts.
    pub network: String,
    /// The region's comment.
    pub comment: Option<String>,
    /// Whether the block might be too tall for a page (see [`may_not_fit_a_page`]).
    pub long: bool,
    /// The chart.
    pub chart: Chart,
}

/// A focus area or a section of a region's report.
#[derive(Debug, Serialize)]
pub struct GroupBlock<'a> {
    /// Its heading.
    pub heading: String,
    /// The focus area's activities (none for a section).
    pub activities: Vec<ActivityRow<'a>>,
    /// Its indicators.
    pub indicators: Vec<IndicatorBlock>,
}

/// The context of `uppfoljning-region.typ.j2`.
#[derive(Debug, Serialize)]
pub struct RegionReport<'a> {
    /// Cover and page texts.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Whether the region delivered anything.
    pub delivered: bool,
    /// "Region X har besvarat 10 av 11 indikatorer." or the nothing-delivered
    /// text, with break opportunities in its long runs (a region's name).
    pub answered: String,
    /// "Status för handlingsplanens 14 aktiviteter:".
    pub activity_counts_intro: String,
    /// Each status with its count, in order; only the ones that occur.
    pub status_counts: Vec<(&'static str, usize)>,
    /// Focus areas, then sections.
    pub groups: Vec<GroupBlock<'a>>,
}

/// What a column of the network's table needs, in em, every character as
/// wide as in the widest face (`fit::width_em`), for `fitted-columns` in
/// hfs-style.typ to share the page out by.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ColumnWidth {
    /// Its id or its widest value on one line.
    pub natural: f64,
    /// The least it can do with: the widest run that does not break (a
    /// number, its unit, a word, a part of an id up to a hyphen).
    pub least: f64,
}

impl ColumnWidth {
    /// A column headed by `header` that holds `cells`.
    fn of<'v>(header: &'v str, cells: impl Iterator<Item = &'v str>) -> Self {
        let mut width = Self {
            natural: 0.0,
            least: 0.0,
        };
        for text in std::iter::once(header).chain(cells) {
            width.natural = width.natural.max(width_em(text));
            // A line breaks at an ordinary space (a number's groups are
            // held together by no-break spaces) and after a hyphen.
            let runs = text.split(' ').flat_map(|word| word.split_inclusive('-'));
            width.least = width.least.max(runs.map(width_em).fold(0.0, f64::max));
        }
        Self {
            natural: hundredths_up(width.natural),
            least: hundredths_up(width.least),
        }
    }
}

/// A width in em rounded up to hundredths, which read well in the emitted
/// source.
fn hundredths_up(em: f64) -> f64 {
    (em * 100.0).ceil() / 100.0
}

/// One indicator in the network's report.
#[derive(Debug, Serialize)]
pub struct NetworkIndicator {
    /// The short id used as the table's column header.
    pub id: String,
    /// How wide its column is set in the table: see [`ColumnWidth`].
    pub column: ColumnWidth,
    /// The question.
    pub text: String,
    /// A scale's range ("skala 1 till 10"), which neither the table's bare
    /// numbers nor a bar chart's full width tells.
    pub scale: Option<String>,
    /// The network's figures in words.
    pub network: String,
    /// Whether its block might be too tall for a page: its question (see
    /// [`may_not_fit_a_page`]) or its chart ([`Chart::may_not_fit_a_page`]).
    pub long: bool,
    /// Every region's value as a bar chart, or the tally.
    pub chart: Chart,
}

/// A focus area's activities in the network's report.
#[derive(Debug, Serialize)]
pub struct AreaActivities<'a> {
    /// The focus area's title.
    pub title: &'a str,
    /// Its activities with status and comment.
    pub rows: Vec<ActivityRow<'a>>,
}

/// The context of `uppfoljning-natverket.typ.j2`.
#[derive(Debug, Serialize)]
pub struct NetworkReport<'a> {
    /// Cover and page texts.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// "18 av 19 regioner har lämnat svar:".
    pub delivered_intro: String,
    /// The names of the regions that delivered.
    pub delivered: Vec<&'a str>,
    /// "2 regioner har inte lämnat svar:"; empty where every region
    /// delivered (a template of an earlier version prints it as nothing).
    pub missing_intro: String,
    /// The names of the regions that did not.
    pub missing: Vec<&'a str>,
    /// The table: one row per region, one cell per indicator.
    pub table: Vec<(&'a str, Vec<String>)>,
    /// What the table's first column, the regions' names, needs.
    pub region_column: ColumnWidth,
    /// The indicators with their charts.
    pub indicators: Vec<NetworkIndicator>,
    /// The action plan by focus area, with statuses; none where the plan
    /// has no activities.
    pub areas: Vec<AreaActivities<'a>>,
    /// "Status för handlingsplanens 14 aktiviteter:".
    pub activity_counts_intro: String,
    /// Each status with its count.
    pub status_counts: Vec<(&'static str, usize)>,
}

/// Builds the follow-up views of one year.
pub struct FollowUpViews<'a> {
    plan: &'a Plan,
    figures: &'a Figures,
    labels: &'static Labels,
    language: Language,
    report_date: Date,
    logo: Option<String>,
}

impl<'a> FollowUpViews<'a> {
    /// Views over a plan and its merged figures, dated `report_date`.
    pub fn new(
        plan: &'a Plan,
        figures: &'a Figures,
        report_date: Date,
        logo: Option<String>,
    ) -> Self {
        Self {
            plan,
            figures,
            labels: labels::labels(plan.language),
            language: plan.language,
            report_date,
            logo,
        }
    }

    /// The cover and page texts for a report about `subject`.
    fn common(&self, subject: &str) -> Common<'a> {
        let year = self.plan.year.to_string();
        let headline = fill(self.labels.followup_title, &[("year", &year)]);
        let report_date = fill(
            self.labels.report_date,
            &[("date", &labels::long_date(self.report_date, self.language))],
        );
        let notice = self.plan.example.then_some(self.labels.example_notice);
        Common {
            lang: self.language.code(),
            labels: self.labels,
            title: format!("{headline} – {subject}"),
            headline,
            subject: with_breaks_in_long_words(subject).into_owned(),
            subtitle: fill(
                self.labels.followup_subtitle,
                &[("short", &self.plan.network.short_name)],
            ),
            report_date: report_date.clone(),
            notice,
            cover_status: match notice {
                Some(notice) => format!("{report_date}\n{notice}"),
                None => report_date,
            },
            plan: self.plan,
            logo: self.logo.clone(),
        }
    }

    /// The report of the region at `index` in the plan.
    pub fn region(&self, index: usize) -> RegionReport<'a> {
        let region = &self.plan.regions[index];
        let total = self.figures.indicators.len();
        let delivered = self.figures.delivered.get(index).copied().unwrap_or(false);
        let answered = with_breaks_in_long_words(&if delivered {
            fill(
                self.labels.answered.of(total),
                &[
                    ("region", &region.name),
                    ("answered", &self.figures.answered_by(index).to_string()),
                    ("total", &total.to_string()),
                ],
            )
        } else {
            fill(
                self.labels.nothing_delivered,
                &[
                    ("region", &region.name),
                    ("year", &self.plan.year.to_string()),
                ],
            )
        })
        .into_owned();
        let mut groups: Vec<GroupBlock<'a>> = self
            .plan
            .focus_areas
            .items
            .iter()
            .map(|area| GroupBlock {
                heading: format!("{}: {}", self.labels.focus_area, area.title),
                activities: self.activity_rows(|a| a.focus_area == area.id),
                indicators: self.blocks(region, index, |g| *g == Group::FocusArea(area.id.clone())),
            })
            .collect();
        for section in self.sections() {
            groups.push(GroupBlock {
                heading: section.to_string(),
                activities: Vec::new(),
                indicators: self.blocks(region, index, |g| *g == Group::Section(section.clone())),
            });
        }
        RegionReport {
            common: self.common(&region.name),
            delivered,
            answered,
            activity_counts_intro: self.counts_intro(),
            status_counts: self.status_counts(),
            groups,
        }
    }

    /// The network's report.
    pub fn network(&self) -> NetworkReport<'a> {
        let regions = &self.plan.regions;
        let delivered: Vec<&str> = regions
            .iter()
            .zip(&self.figures.delivered)
            .filter(|(_, d)| **d)
            .map(|(r, _)| r.name.as_str())
            .collect();
        let missing: Vec<&str> = regions
            .iter()
            .zip(&self.figures.delivered)
            .filter(|(_, d)| !**d)
            .map(|(r, _)| r.name.as_str())
            .collect();
        let table: Vec<(&str, Vec<String>)> = regions
            .iter()
            .enumerate()
            .map(|(i, region)| {
                let cells = self
                    .figures
                    .indicators
                    .iter()
                    .map(|f| match f.answers.get(i).and_then(|a| a.value) {
                        // A unit may go on a line of its own in a column
                        // narrower than "12 390,5 timmar".
                        Some(value) => self.value_with_unit(&f.indicator.kind, value, " "),
                        None => "–".to_string(),
                    })
                    .collect();
                (region.name.as_str(), cells)
            })
            .collect();
        let indicators = self
            .figures
            .indicators
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let chart = self.network_chart(f);
                NetworkIndicator {
                    id: f.indicator.id.to_string(),
                    column: ColumnWidth::of(
                        f.indicator.id.as_str(),
                        table.iter().map(|(_, cells)| cells[k].as_str()),
                    ),
                    text: f.indicator.text.to_string(),
                    scale: self.scale_text(&f.indicator.kind),
                    long: may_not_fit_a_page(&f.indicator.text, Width::Full)
                        || chart.may_not_fit_a_page(),
                    network: self.network_text(f),
                    chart,
                }
            })
            .collect();
        // A plan without activities says so once, in the counts' line,
        // not once more under every focus area.
        let has_activities = !self.plan.action_plan.activities.is_empty();
        let areas = self
            .plan
            .focus_areas
            .items
            .iter()
            .filter(|_| has_activities)
            .map(|area| AreaActivities {
                title: &area.title,
                rows: self.activity_rows(|a| a.focus_area == area.id),
            })
            .collect();
        NetworkReport {
            common: self.common(self.labels.network_report),
            // Where none delivered, the intro of those who did not says so.
            delivered_intro: if delivered.is_empty() {
                String::new()
            } else {
                fill(
                    self.labels.delivered_count.of(regions.len()),
                    &[
                        ("count", &delivered.len().to_string()),
                        ("total", &regions.len().to_string()),
                    ],
                )
            },
            // "19 av 19 regioner har lämnat svar" says that all did.
            missing_intro: if missing.is_empty() {
                String::new()
            } else if delivered.is_empty() {
                fill(
                    self.labels.delivered_none.of(regions.len()),
                    &[("total", &labels::count(regions.len(), self.language))],
                )
            } else {
                fill(
                    self.labels.missing_count.of(missing.len()),
                    &[("count", &missing.len().to_string())],
                )
            },
            delivered,
            missing,
            region_column: ColumnWidth::of(
                self.labels.col_region,
                regions.iter().map(|r| r.name.as_str()),
            ),
            table,
            indicators,
            areas,
            activity_counts_intro: self.counts_intro(),
            status_counts: self.status_counts(),
        }
    }

    /// The sections of the indicators, in order of first appearance.
    fn sections(&self) -> Vec<Line> {
        let mut sections: Vec<Line> = Vec::new();
        for f in &self.figures.indicators {
            if let Group::Section(name) = &f.indicator.group
                && !sections.contains(name)
            {
                sections.push(name.clone());
            }
        }
        sections
    }

    /// "Status för de 14 aktiviteterna i nätverkets handlingsplan:", or
    /// where there are none (a draft's plan may have none yet), that the
    /// plan has none, not "Status för de 0 aktiviteterna" and nothing.
    fn counts_intro(&self) -> String {
        let total = self.plan.action_plan.activities.len();
        if total == 0 {
            return self.labels.activity_counts_none.to_string();
        }
        // In words up to twelve, as running text writes them ("de tre
        // aktiviteterna"); the plan's sentences count so too.
        fill(
            self.labels.activity_counts.of(total),
            &[("total", &labels::count(total, self.language))],
        )
    }

    /// Each status that occurs, with its count, then the unreported ones.
    fn status_counts(&self) -> Vec<(&'static str, usize)> {
        let (counts, unreported) = self.figures.status_counts();
        let mut rows: Vec<(&'static str, usize)> = ActivityStatus::ALL
            .iter()
            .filter_map(|s| counts.get(s).map(|n| (self.status_label(Some(*s)), *n)))
            .collect();
        if unreported > 0 {
            rows.push((self.status_label(None), unreported));
        }
        rows
    }

    /// A status in words.
    fn status_label(&self, status: Option<ActivityStatus>) -> &'static str {
        match status {
            Some(ActivityStatus::Done) => self.labels.status_done,
            Some(ActivityStatus::Ongoing) => self.labels.status_ongoing,
            Some(ActivityStatus::NotStarted) => self.labels.status_not_started,
            Some(ActivityStatus::Postponed) => self.labels.status_postponed,
            Some(ActivityStatus::Cancelled) => self.labels.status_cancelled,
            None => self.labels.status_unreported,
        }
    }

    /// The activities that `keep` selects, with status and comment.
    fn activity_rows(
        &self,
        keep: impl Fn(&crate::model::Activity) -> bool,
    ) -> Vec<ActivityRow<'a>> {
        self.plan
            .action_plan
            .activities
            .iter()
            .zip(&self.figures.activities)
            .filter(|(activity, _)| keep(activity))
            .map(|(activity, status)| {
                let comment = status.as_ref().and_then(|s| s.1.as_deref());
                ActivityRow {
                    text: &activity.text,
                    status: self.status_label(status.as_ref().map(|s| s.0)),
                    long: may_not_fit_a_page(&activity.text.0, Width::Cell)
                        || comment.is_some_and(|c| may_not_fit_a_page(c, Width::Cell)),
                    comment: comment.map(with_breaks_in_long_words),
                }
            })
            .collect()
    }

    /// The indicator blocks of a region for the indicators `keep` selects.
    fn blocks(
        &self,
        region: &Region,
        index: usize,
        keep: impl Fn(&Group) -> bool,
    ) -> Vec<IndicatorBlock> {
        self.figures
            .indicators
            .iter()
            .filter(|f| keep(&f.indicator.group))
            .map(|f| self.block(region, index, f))
            .collect()
    }

    /// One indicator of a region's report.
    fn block(&self, region: &Region, index: usize, figures: &IndicatorFigures) -> IndicatorBlock {
        let kind = &figures.indicator.kind;
        let answer = figures.answers.get(index);
        let value = answer.and_then(|a| a.value);
        let previous = answer.and_then(|a| a.previous).map(|p| {
            let label = fill(
                self.labels.previous_year,
                &[("year", &(self.plan.year - 1).to_string())],
            );
            // The value and its unit stay together, unless they are wider
            // together than the column ("12 500 utbildningstillfällen"); a
            // unit wider than the column breaks where Typst cannot
            // hyphenate it.
            let value = self.value_text(kind, p);
            if width_em(&value) <= PREVIOUS_COLUMN_EM {
                format!("{label}: {value}")
            } else {
                let value = self.value_with_unit(kind, p, " ");
                format!("{label}: {}", self.in_room(&value, PREVIOUS_COLUMN_EM))
            }
        });
        let answer_text = match value {
            Some(v) => self.value_text(kind, v),
            None => self.labels.not_answered.to_string(),
        };
        let answer_printed = match value {
            Some(v) if width_em(&answer_text) > ANSWER_COLUMN_EM => self.in_answer_column(kind, v),
            _ => answer_text.clone(),
        };
        let comment = answer
            .and_then(|a| a.comment.as_deref())
            .map(|c| with_breaks_in_long_words(c).into_owned());
        IndicatorBlock {
            text: with_breaks_in_long_words(&figures.indicator.text).into_owned(),
            answered: value.is_some(),
            previous,
            // Beside the answer, as wide as the chart, where a unit
            // without a space breaks where Typst cannot hyphenate it.
            network: self.in_room(&self.network_text(figures), NETWORK_EM),
            long: may_not_fit_a_page(
                &format!(
                    "{}\n{}",
                    figures.indicator.text,
                    comment.as_deref().unwrap_or("")
                ),
                Width::Full,
            ),
            comment,
            chart: self.region_chart(figures, &region.name, value, &answer_text),
            answer: answer_printed,
        }
    }

    /// A value too wide for the column of a region's answer, as printed
    /// there: its unit on a line of its own ("12 500" over "medarbetare"),
    /// and a number wider than the column (hundreds of billions) with a
    /// break after each group of digits, the last group and the unit on a
    /// line together where they fit ("999,999 st"), the unit on its own where
    /// they do not (not "999,999 medar-" over "betare"). A unit wider than the
    /// column breaks where Typst cannot hyphenate it
    /// (`Kvartalsrapporteringsunderlag2025`).
    fn in_answer_column(&self, kind: &Kind, value: Answer) -> String {
        let Answer::Number(v) = value else {
            return self.value_text(kind, value);
        };
        let number = match kind {
            Kind::Percent => labels::percent(v, self.language),
            _ => labels::number(v, self.language),
        };
        let (separator, _) = labels::number_marks(self.language);
        let fits = width_em(&number) <= ANSWER_COLUMN_EM;
        // What shares a line with the unit: the whole number, or its last group.
        let last = match fits {
            true => number.as_str(),
            false => number.rsplit(separator).next().unwrap_or(&number),
        };
        let unit_apart = |unit: &str| width_em(&format!("{last} {unit}")) > ANSWER_COLUMN_EM;
        let number = if fits {
            number.clone()
        } else {
            number.replace(separator, &format!("{separator}\u{200b}"))
        };
        match kind {
            Kind::Number { unit: Some(unit) } if unit_apart(unit) => {
                let unit = self.in_room(unit, ANSWER_COLUMN_EM);
                format!("{number}\n{unit}")
            }
            Kind::Number { unit: Some(unit) } => format!("{number} {unit}"),
            _ => number,
        }
    }

    /// `text` set in a room of `room_em` that this report knows, with break
    /// opportunities where Typst cannot hyphenate it in the report's
    /// language (see [`with_breaks_in_room`]).
    fn in_room(&self, text: &str, room_em: f64) -> String {
        with_breaks_in_room(text, room_em, self.language.code()).into_owned()
    }

    /// A value as printed for its kind: "7", "45,5 %", "12 st", "Delvis".
    fn value_text(&self, kind: &Kind, value: Answer) -> String {
        self.value_with_unit(kind, value, "\u{a0}")
    }

    /// A value as printed, with `space` between a number and its unit.
    fn value_with_unit(&self, kind: &Kind, value: Answer, space: &str) -> String {
        match (kind, value) {
            (_, Answer::Choice(choice)) => self.choice_label(choice).to_string(),
            (Kind::Percent, Answer::Number(v)) => labels::percent(v, self.language),
            (Kind::Number { unit: Some(unit) }, Answer::Number(v)) => {
                format!("{}{space}{unit}", labels::number(v, self.language))
            }
            (_, Answer::Number(v)) => labels::number(v, self.language),
        }
    }

    /// "Ja", "Delvis", "Nej".
    fn choice_label(&self, choice: YesPartlyNo) -> &'static str {
        match choice {
            YesPartlyNo::Yes => self.labels.yes,
            YesPartlyNo::Partly => self.labels.partly,
            YesPartlyNo::No => self.labels.no,
        }
    }

    /// A scale's range in words ("skala 1 till 10"); `None` for another kind.
    fn scale_text(&self, kind: &Kind) -> Option<String> {
        let Kind::Scale { min, max } = kind else {
            return None;
        };
        Some(fill(
            self.labels.scale,
            &[
                ("min", &labels::number(*min, self.language)),
                ("max", &labels::number(*max, self.language)),
            ],
        ))
    }

    /// A scale's range in brackets after a space (" (skala 1 till 10)"),
    /// for a chart's text alternative; nothing for another kind.
    fn scale_in_brackets(&self, kind: &Kind) -> String {
        self.scale_text(kind)
            .map_or(String::new(), |scale| format!(" ({scale})"))
    }

    /// The network's figures of an indicator in words.
    fn network_text(&self, figures: &IndicatorFigures) -> String {
        let kind = &figures.indicator.kind;
        match &figures.summary {
            Summary::Numeric(Some(spread)) => fill(
                self.labels.network_numeric.of(spread.count),
                &[
                    (
                        "median",
                        &self.value_text(kind, Answer::Number(spread.median)),
                    ),
                    ("min", &self.value_text(kind, Answer::Number(spread.min))),
                    ("max", &self.value_text(kind, Answer::Number(spread.max))),
                    ("count", &spread.count.to_string()),
                ],
            ),
            Summary::Choice(tally) if tally.total() > 0 => fill(
                self.labels.network_tally.of(tally.total()),
                &[
                    ("yes", &tally.yes.to_string()),
                    ("partly", &tally.partly.to_string()),
                    ("no", &tally.no.to_string()),
                    ("count", &tally.total().to_string()),
                ],
            ),
            _ => self.labels.network_none.to_string(),
        }
    }
}
