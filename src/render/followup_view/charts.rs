//! The charts of the follow-up reports: where each value lies on its axis,
//! and which one is the region's.

use serde::Serialize;

use crate::load::followup::{Answer, YesPartlyNo};
use crate::merge::{IndicatorFigures, Kind, Summary, Tally};
use crate::render::fit::{width_em, with_breaks_in_long_words};
use crate::render::labels::fill;

use super::{AXIS_EM, FollowUpViews, hundredths_up};

/// A chart: where the values lie and which one is the region's.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Chart {
    /// Numeric answers placed on an axis.
    Dots {
        /// The axis' lower end.
        lo: f64,
        /// The axis' upper end.
        hi: f64,
        /// The axis' ends as printed.
        lo_text: String,
        hi_text: String,
        /// Whether the ends would run into each other on one line (a huge
        /// value with a long unit): the upper end then goes a line lower.
        axis_apart: bool,
        /// Every answering region's value, the report's own too, at its
        /// point of the axis (see `bins`): a point per value for a few
        /// regions, at most 41 points for many, so that the chart costs the
        /// same however many regions there are. They are the same in every region's report, so that
        /// Typst lays them out once (see `dot-chart` in hfs-style.typ).
        bins: Vec<Bin>,
        /// The region's value, when it answered.
        mine: Option<f64>,
        /// The network's median (which the chart does not draw where one
        /// region answered: its answer is the network's).
        median: f64,
        /// The legend's word for the dots, for their count.
        regions_label: &'static str,
        /// The text alternative.
        alt: String,
    },
    /// Yes/partly/no answers counted.
    Tally {
        /// One row per answer.
        rows: Vec<TallyRow>,
        /// How many regions answered.
        total: usize,
        /// The text alternative.
        alt: String,
    },
    /// Every region's value as a bar (the network report).
    Bars {
        /// One row per region, highest first; unanswered last.
        rows: Vec<BarRow>,
        /// How wide the values are set, in em: as the widest, from
        /// `BAR_VALUE_EM` to `BAR_LABEL_EM`, so that a long unit
        /// takes no more lines than it must.
        value_em: f64,
        /// Whether it might, with its question, be too tall for a page: it
        /// has more rows than `BARS_SURELY_ON_A_PAGE`, or a row that may
        /// take more than a line. Such a chart is measured, and may break.
        long: bool,
        /// The axis' length: its upper end less the base the rows' bars
        /// are measured from.
        hi: f64,
        /// The text alternative.
        alt: String,
    },
    /// Nobody answered: nothing to draw.
    Empty,
}

impl Chart {
    /// Whether the chart might, with its question, be too tall for a page
    /// (see [`may_not_fit_a_page`](crate::render::fit::may_not_fit_a_page)): a bar chart that is `long`. Every
    /// other chart is as tall whatever it shows. (Measuring every bar chart
    /// cost the 2024 network report a third more instructions.)
    pub fn may_not_fit_a_page(&self) -> bool {
        matches!(self, Chart::Bars { long: true, .. })
    }
}

/// A bar chart of this many rows, each of one line, takes some 250 pt of
/// a page's 650 (`keep-limit` in hfs-style.typ): there is room for a
/// question that is not long above it.
const BARS_SURELY_ON_A_PAGE: usize = 24;

/// How wide a bar chart's region names are set, in em, before they break
/// into lines (`bar-chart` in hfs-style.typ), and its values at most.
const BAR_LABEL_EM: f64 = 16.0;

/// How wide a bar chart's values are set at least, in em (`value-em` of
/// `bar-chart` in hfs-style.typ).
const BAR_VALUE_EM: f64 = 7.5;

/// Values gathered at one point of a chart's axis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// Where on the axis.
    pub at: f64,
    /// How many values.
    pub count: usize,
}

/// Up to this many regions, the network's report draws a bar per region.
const MAX_BARS: usize = 40;

/// How many positions a chart's axis has at most when many regions share
/// points (the chart then draws columns, one per position).
const AXIS_POSITIONS: f64 = 40.0;

/// A region's dot is about this share of a chart's width (3.9 pt of a
/// chart at least 450 pt wide).
const DOT_SHARE: f64 = 0.01;

/// As many regions as this draw one dot each at one point of the axis;
/// more make the chart a histogram (`dot-chart-regions` in hfs-style.typ
/// decides the same way).
const MOST_DOTS_AT_A_POINT: usize = 6;

/// Gathers values into the points of `lo..=hi` where the chart draws them.
///
/// A few regions (`MAX_BARS` at most) each get a dot at its value, to the
/// nearest step of 1, 2 or 5 times a power of ten that is at least a dot
/// wide: whole numbers, and a scale's halves, keep their exact place, and
/// so does a value beside the region's own mark. Where more regions
/// answered, or too many share a point, they go into at most 41
/// positions, of which a scale's half and whole steps keep their place.
fn bins(values: &[f64], lo: f64, hi: f64, scale: bool) -> Vec<Bin> {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let dot_step = Step::at_least(span * DOT_SHARE);
    // (An axis narrower than about 1e-300 has no such step a float holds.)
    let usable = dot_step.times(1.0) > 0.0 && dot_step.times(1.0).is_finite();
    if values.len() <= MAX_BARS && usable {
        let dots = gather(values, lo, hi, dot_step);
        if dots.iter().all(|b| b.count <= MOST_DOTS_AT_A_POINT) {
            return dots;
        }
    }
    // A scale between whole numbers (1 to 10) keeps its halves; one with
    // other ends (0 to 0,5) has no halves to keep, and its answers would
    // crowd at its two ends.
    let whole_ends = lo.fract() == 0.0 && hi.fract() == 0.0;
    let step = if scale && whole_ends && span / 0.5 <= AXIS_POSITIONS {
        Step::HALF
    } else {
        Step::Exactly(span / AXIS_POSITIONS)
    };
    gather(values, lo, hi, step)
}

/// The distance between two points of a chart's axis.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    /// `mantissa` × 10^`exponent`, so that a point's place is computed
    /// from integers and prints as the short decimal it is (1.1, not
    /// 1.1000000000000001).
    Decimal {
        mantissa: f64,
        exponent: i32,
    },
    Exactly(f64),
}

impl Step {
    const HALF: Step = Step::Decimal {
        mantissa: 5.0,
        exponent: -1,
    };

    /// The smallest step of 1, 2 or 5 times a power of ten that is at
    /// least `least`.
    fn at_least(least: f64) -> Step {
        let exponent = least.log10().floor() as i32;
        let mantissa = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .find(|&m| {
                Step::Decimal {
                    mantissa: m,
                    exponent,
                }
                .times(1.0)
                    >= least
            })
            .unwrap_or(10.0);
        Step::Decimal { mantissa, exponent }
    }

    /// `n` steps.
    fn times(self, n: f64) -> f64 {
        match self {
            Step::Decimal { mantissa, exponent } if exponent < 0 => {
                n * mantissa / 10f64.powi(-exponent)
            }
            Step::Decimal { mantissa, exponent } => n * mantissa * 10f64.powi(exponent),
            Step::Exactly(step) => n * step,
        }
    }
}

/// Counts `values` at the nearest point `lo` + n × `step`.
fn gather(values: &[f64], lo: f64, hi: f64, step: Step) -> Vec<Bin> {
    let size = step.times(1.0);
    let mut bins: Vec<Bin> = Vec::new();
    for value in values {
        let at = lo + step.times(((value.clamp(lo, hi) - lo) / size).round());
        match bins.iter_mut().find(|b| (b.at - at).abs() < size / 2.0) {
            Some(bin) => bin.count += 1,
            None => bins.push(Bin { at, count: 1 }),
        }
    }
    bins.sort_by(|a, b| a.at.total_cmp(&b.at));
    bins
}

/// One answer's count in a tally chart.
#[derive(Debug, Serialize)]
pub struct TallyRow {
    /// "Ja", "Delvis", "Nej".
    pub label: &'static str,
    /// How many regions gave it.
    pub count: usize,
    /// Whether it is the region's own answer.
    pub mine: bool,
}

/// One region's bar.
#[derive(Debug, Serialize)]
pub struct BarRow {
    /// The region's name.
    pub label: String,
    /// Its bar's length: its value less the bars' base (0, or the axis'
    /// lower end where that is below 0, so that a bar of a scale from -2
    /// to 2 never points left, over the names); `None` when it did not
    /// answer.
    pub value: Option<f64>,
    /// The value as printed.
    pub text: String,
}

impl FollowUpViews<'_> {
    /// The axis of a numeric indicator: its scale, 0–100, or 0 to the highest value.
    fn axis(&self, figures: &IndicatorFigures) -> (f64, f64) {
        match (&figures.indicator.kind, &figures.summary) {
            (Kind::Scale { min, max }, _) => (*min, *max),
            (Kind::Percent, _) => (0.0, 100.0),
            (_, Summary::Numeric(Some(spread))) if spread.max > 0.0 => (0.0, spread.max),
            _ => (0.0, 1.0),
        }
    }

    /// The chart of a region's report: the region among all regions.
    pub(super) fn region_chart(
        &self,
        figures: &IndicatorFigures,
        region: &str,
        mine: Option<Answer>,
        mine_text: &str,
    ) -> Chart {
        let mine_sentence = fill(
            self.labels.chart_mine,
            &[("region", region), ("value", mine_text)],
        );
        match &figures.summary {
            Summary::Numeric(Some(_)) => {
                let own = match mine {
                    Some(Answer::Number(v)) => Some(v),
                    _ => None,
                };
                self.dots_chart(figures, own, Some(mine_sentence))
            }
            Summary::Choice(tally) if tally.total() > 0 => {
                self.tally_chart(tally, mine, Some(mine_sentence))
            }
            _ => Chart::Empty,
        }
    }

    /// Numeric answers on an axis, gathered into bins; `mine` is marked apart.
    fn dots_chart(
        &self,
        figures: &IndicatorFigures,
        mine: Option<f64>,
        mine_sentence: Option<String>,
    ) -> Chart {
        let kind = &figures.indicator.kind;
        let Summary::Numeric(Some(spread)) = &figures.summary else {
            return Chart::Empty;
        };
        let (lo, hi) = self.axis(figures);
        let text = |v: f64| self.value_text(kind, Answer::Number(v));
        let summary = fill(
            self.labels.chart_numeric_alt.of(spread.count),
            &[
                ("scale", &self.scale_in_brackets(kind)),
                ("count", &spread.count.to_string()),
                ("min", &text(spread.min)),
                ("max", &text(spread.max)),
                ("median", &text(spread.median)),
            ],
        );
        let (lo_text, hi_text) = (text(lo), text(hi));
        // An end wider than the chart (a unit without a space) breaks
        // where Typst cannot hyphenate it.
        Chart::Dots {
            lo,
            hi,
            axis_apart: width_em(&lo_text) + width_em(&hi_text) + 1.0 > AXIS_EM,
            lo_text: self.in_room(&lo_text, AXIS_EM),
            hi_text: self.in_room(&hi_text, AXIS_EM),
            bins: bins(
                &numbers(figures),
                lo,
                hi,
                matches!(kind, Kind::Scale { .. }),
            ),
            mine,
            median: spread.median,
            regions_label: self.labels.legend_regions.of(spread.count),
            alt: match mine_sentence {
                Some(sentence) => format!("{summary} {sentence}"),
                None => summary,
            },
        }
    }

    /// A tally of yes/partly/no answers, marking the region's own answer.
    fn tally_chart(
        &self,
        tally: &Tally,
        mine: Option<Answer>,
        mine_sentence: Option<String>,
    ) -> Chart {
        // Where one region answered, its answer, in lower case as in the
        // sentence's other words.
        let only = YesPartlyNo::ALL
            .iter()
            .find(|choice| tally.total() == 1 && tally.of(**choice) == 1)
            .map(|choice| self.choice_label(*choice).to_lowercase())
            .unwrap_or_default();
        let counts = fill(
            self.labels.chart_tally_alt.of(tally.total()),
            &[
                ("yes", &tally.yes.to_string()),
                ("partly", &tally.partly.to_string()),
                ("no", &tally.no.to_string()),
                ("count", &tally.total().to_string()),
                ("answer", &only),
            ],
        );
        Chart::Tally {
            rows: YesPartlyNo::ALL
                .iter()
                .map(|choice| TallyRow {
                    label: self.choice_label(*choice),
                    count: tally.of(*choice),
                    mine: mine == Some(Answer::Choice(*choice)),
                })
                .collect(),
            total: tally.total(),
            alt: match mine_sentence {
                Some(sentence) => format!("{counts} {sentence}"),
                None => counts,
            },
        }
    }

    /// The chart of the network's report: every region's value as a bar,
    /// or, for more regions than bars can show, where the values lie.
    pub(super) fn network_chart(&self, figures: &IndicatorFigures) -> Chart {
        let kind = &figures.indicator.kind;
        match &figures.summary {
            Summary::Numeric(Some(_)) if self.plan.regions.len() > MAX_BARS => {
                self.dots_chart(figures, None, None)
            }
            Summary::Numeric(Some(_)) => {
                let mut rows: Vec<BarRow> = self
                    .plan
                    .regions
                    .iter()
                    .zip(&figures.answers)
                    .map(|(region, answer)| {
                        let value = match answer.value {
                            Some(Answer::Number(v)) => Some(v),
                            _ => None,
                        };
                        BarRow {
                            label: region.name.to_string(),
                            value,
                            text: value
                                .map(|v| self.value_text(kind, Answer::Number(v)))
                                .unwrap_or_else(|| self.labels.not_answered.to_string()),
                        }
                    })
                    .collect();
                // Highest first; regions without a value last, in plan order.
                rows.sort_by(|a, b| match (a.value, b.value) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
                // "Region Mitten ej besvarad": in a sentence, as a number is.
                let list = rows
                    .iter()
                    .map(|r| match r.value {
                        Some(_) => format!("{} {}", r.label, r.text),
                        None => format!("{} {}", r.label, r.text.to_lowercase()),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                // A name too long for its column breaks (`bar-chart`); the
                // text alternative above has it as written.
                for row in &mut rows {
                    row.label = with_breaks_in_long_words(&row.label).into_owned();
                }
                // From 0, unless the axis reaches below it (a scale from
                // -2 to 2): then from its lower end, so that no bar points
                // left over the names. A scale from 1 measured from 1 would
                // draw an answer of 1 as no bar, like no answer.
                let (lo, hi) = self.axis(figures);
                let base = lo.min(0.0);
                for row in &mut rows {
                    row.value = row.value.map(|value| value - base);
                }
                let widest = rows.iter().map(|r| width_em(&r.text)).fold(0.0, f64::max);
                let value_em = hundredths_up(widest).clamp(BAR_VALUE_EM, BAR_LABEL_EM);
                let long = rows.len() > BARS_SURELY_ON_A_PAGE
                    || rows
                        .iter()
                        .any(|r| width_em(&r.label) > BAR_LABEL_EM || width_em(&r.text) > value_em);
                Chart::Bars {
                    value_em,
                    long,
                    rows,
                    hi: hi - base,
                    // A scale's range, which the heading above shows too.
                    alt: fill(
                        self.labels.chart_bars_alt,
                        &[
                            ("list", &list),
                            ("scale", &self.scale_in_brackets(&figures.indicator.kind)),
                        ],
                    ),
                }
            }
            Summary::Choice(tally) if tally.total() > 0 => self.tally_chart(tally, None, None),
            _ => Chart::Empty,
        }
    }
}

/// The numeric values of every region that answered.
fn numbers(figures: &IndicatorFigures) -> Vec<f64> {
    figures
        .answers
        .iter()
        .filter_map(|a| match a.value {
            Some(Answer::Number(v)) => Some(v),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bins as (place, count) pairs.
    fn points(bins: &[Bin]) -> Vec<(f64, usize)> {
        bins.iter().map(|b| (b.at, b.count)).collect()
    }

    #[test]
    fn a_few_regions_are_drawn_at_their_values() {
        // Whole numbers on an axis of 0 to 6 (a step of 0.1), percentages
        // (a step of 1), a scale's halves (a step of 0.1).
        assert_eq!(
            points(&bins(&[1.0, 2.0, 2.0, 4.0, 6.0], 0.0, 6.0, false)),
            [(1.0, 1), (2.0, 2), (4.0, 1), (6.0, 1)]
        );
        assert_eq!(
            points(&bins(&[18.0, 62.0, 62.0], 0.0, 100.0, false)),
            [(18.0, 1), (62.0, 2)]
        );
        assert_eq!(
            points(&bins(&[7.5, 3.0], 1.0, 10.0, true)),
            [(3.0, 1), (7.5, 1)]
        );
        // A place prints as the short decimal it is.
        assert_eq!(bins(&[1.1], 0.0, 6.0, false)[0].at.to_string(), "1.1");
    }

    #[test]
    fn an_axis_too_narrow_for_a_decimal_step_still_places_every_value() {
        let gathered = bins(&[0.0, 1e-308], 0.0, 1e-307, true);
        assert!(gathered.iter().all(|b| b.at.is_finite()), "{gathered:?}");
        assert_eq!(gathered.iter().map(|b| b.count).sum::<usize>(), 2);
    }

    #[test]
    fn values_closer_than_a_dot_share_one_point() {
        // 1 % of an axis of 0 to 100 is one dot: 40.2 and 39.9 are one
        // stack, at 40.
        assert_eq!(
            points(&bins(&[40.2, 39.9, 45.0], 0.0, 100.0, false)),
            [(40.0, 2), (45.0, 1)]
        );
    }

    #[test]
    fn many_regions_or_a_crowded_point_go_into_at_most_41_positions() {
        let many: Vec<f64> = (0..300).map(|i| f64::from(i) / 3.0).collect();
        let gathered = bins(&many, 0.0, 100.0, false);
        assert!(gathered.len() <= 41, "{} positions", gathered.len());
        assert_eq!(gathered.iter().map(|b| b.count).sum::<usize>(), 300);
        // Seven regions at one value are more than a stack of dots.
        let crowded = [5.0; 7];
        assert_eq!(points(&bins(&crowded, 1.0, 10.0, true)), [(5.0, 7)]);
        let spread: Vec<f64> = [5.0; 7].into_iter().chain([5.2]).collect();
        assert_eq!(
            points(&bins(&spread, 1.0, 10.0, true)),
            [(5.0, 8)],
            "the scale's half steps, not the dots' tenths"
        );
        // A scale from 0 to 0,5 has no halves between its ends: 0,1 and
        // 0,25 were drawn at 0 and 0,5.
        let small: Vec<f64> = [0.0, 0.1, 0.25, 0.5]
            .into_iter()
            .flat_map(|v| [v; 7])
            .collect();
        let gathered = points(&bins(&small, 0.0, 0.5, true));
        let at = |value: f64| {
            gathered
                .iter()
                .find(|(at, _)| (at - value).abs() < 0.5 / 40.0)
                .map(|(_, count)| *count)
        };
        assert_eq!(
            [at(0.0), at(0.1), at(0.25), at(0.5)],
            [Some(7); 4],
            "{gathered:?}"
        );
    }
}
