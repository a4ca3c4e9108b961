//! The follow-up figures: per indicator the network's picture over the
//! regions that answered, each region's answer and previous-year value, and
//! the action plan's status counts.

use std::collections::HashMap;

use crate::load::followup::{ActivityStatus, Answer, FollowUp, YesPartlyNo};
use crate::model::{self, Id, IndicatorKind, Line, Plan};

/// An indicator as the reports use it: the plan's definition, checked.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// The id in plan.yaml.
    pub id: Id,
    /// The question.
    pub text: Line,
    /// The kind of answer, with its bounds.
    pub kind: Kind,
    /// Where it is shown.
    pub group: Group,
}

/// The kind of an indicator with what each kind needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A number from `min` to `max`.
    Scale { min: f64, max: f64 },
    /// Yes, partly or no.
    YesPartlyNo,
    /// 0 to 100.
    Percent,
    /// At least 0, with an optional unit.
    Number { unit: Option<Line> },
}

/// The part of a report an indicator belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// A focus area, by id.
    FocusArea(Id),
    /// A named section.
    Section(Line),
}

/// The network's figures of a numeric indicator over the regions that answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// How many regions answered.
    pub count: usize,
    /// The median of their values.
    pub median: f64,
    /// The lowest value.
    pub min: f64,
    /// The highest value.
    pub max: f64,
}

/// How many regions gave each answer of a yes/partly/no indicator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// "Yes" answers.
    pub yes: usize,
    /// "Partly" answers.
    pub partly: usize,
    /// "No" answers.
    pub no: usize,
}

impl Tally {
    /// The number of a given answer.
    pub fn of(&self, answer: YesPartlyNo) -> usize {
        match answer {
            YesPartlyNo::Yes => self.yes,
            YesPartlyNo::Partly => self.partly,
            YesPartlyNo::No => self.no,
        }
    }

    /// How many regions answered at all.
    pub fn total(&self) -> usize {
        self.yes + self.partly + self.no
    }
}

/// The network's picture of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Summary {
    /// For scale, percent and number; `None` when nobody answered.
    Numeric(Option<Spread>),
    /// For yes/partly/no.
    Choice(Tally),
}

/// One region's answer to one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionAnswer {
    /// The answer; `None` when the region gave no value.
    pub value: Option<Answer>,
    /// The region's comment.
    pub comment: Option<String>,
    /// The region's value for the same indicator the year before.
    pub previous: Option<Answer>,
}

/// An indicator with every region's answer and the network's summary.
#[derive(Debug, Clone)]
pub struct IndicatorFigures {
    /// The indicator.
    pub indicator: Indicator,
    /// Each region's answer, in the plan's region order.
    pub answers: Vec<RegionAnswer>,
    /// The network's picture.
    pub summary: Summary,
}

/// The merged follow-up of a year.
#[derive(Debug, Clone)]
pub struct Figures {
    /// Per indicator, in plan order.
    pub indicators: Vec<IndicatorFigures>,
    /// Per region (plan order): whether it delivered anything: a row with
    /// a value or a comment. Rows with neither (a template sent back as
    /// it came) are nothing delivered.
    pub delivered: Vec<bool>,
    /// Per activity (plan order): its status and comment, if reported.
    pub activities: Vec<Option<(ActivityStatus, Option<String>)>>,
}

impl Figures {
    /// How many activities have each status, and how many were not reported.
    pub fn status_counts(&self) -> (HashMap<ActivityStatus, usize>, usize) {
        let mut counts = HashMap::new();
        let mut unreported = 0;
        for entry in &self.activities {
            match entry {
                Some((status, _)) => *counts.entry(*status).or_insert(0) += 1,
                None => unreported += 1,
            }
        }
        (counts, unreported)
    }

    /// How many indicators a region (by index) answered with a value.
    pub fn answered_by(&self, region: usize) -> usize {
        self.indicators
            .iter()
            .filter(|f| f.answers.get(region).is_some_and(|a| a.value.is_some()))
            .count()
    }
}

impl Indicator {
    /// An indicator of plan.yaml as the reports use it; `None` where it is
    /// none they can: in both or neither of a section and a focus area, or
    /// a scale without both ends (validation says which, at its line).
    pub fn of(indicator: &model::Indicator) -> Option<Self> {
        let kind = match indicator.kind {
            IndicatorKind::Scale => Kind::Scale {
                min: indicator.min?,
                max: indicator.max?,
            },
            IndicatorKind::YesPartlyNo => Kind::YesPartlyNo,
            IndicatorKind::Percent => Kind::Percent,
            IndicatorKind::Number => Kind::Number {
                unit: indicator.unit.clone(),
            },
        };
        let group = match (&indicator.focus_area, &indicator.section) {
            (Some(area), None) => Group::FocusArea(area.clone()),
            (None, Some(section)) => Group::Section(section.clone()),
            (Some(_), Some(_)) | (None, None) => return None,
        };
        Some(Self {
            id: indicator.id.clone(),
            text: indicator.text.clone(),
            kind,
            group,
        })
    }
}

/// Merges a year's follow-up with its plan (and the plan's `indicators`,
/// typed) and, when there is one, the previous year's answers.
pub fn merge(
    plan: &Plan,
    indicators: &[Indicator],
    followup: &FollowUp,
    previous: Option<&FollowUp>,
) -> Figures {
    let region_index: HashMap<&Id, usize> = plan
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (&r.id, i))
        .collect();
    let mut delivered = vec![false; plan.regions.len()];
    for response in followup.responses.iter().filter(|r| r.says_something()) {
        if let Some(&i) = region_index.get(&response.region) {
            delivered[i] = true;
        }
    }
    let previous_values: HashMap<(&Id, &Id), Answer> = previous
        .map(|p| {
            p.responses
                .iter()
                .filter_map(|r| r.value.map(|v| ((&r.region, &r.indicator), v)))
                .collect()
        })
        .unwrap_or_default();

    let indicators = indicators
        .iter()
        .cloned()
        .map(|indicator| {
            let mut answers: Vec<RegionAnswer> = plan
                .regions
                .iter()
                .map(|region| RegionAnswer {
                    value: None,
                    comment: None,
                    previous: previous_values.get(&(&region.id, &indicator.id)).copied(),
                })
                .collect();
            for response in followup
                .responses
                .iter()
                .filter(|r| r.indicator == indicator.id)
            {
                if let Some(&i) = region_index.get(&response.region) {
                    answers[i].value = response.value;
                    answers[i].comment = response.comment.clone();
                }
            }
            let summary = summarise(&indicator.kind, &answers);
            IndicatorFigures {
                indicator,
                answers,
                summary,
            }
        })
        .collect();

    let activities = plan
        .action_plan
        .activities
        .iter()
        .map(|activity| {
            followup
                .statuses
                .iter()
                .find(|s| s.activity == activity.id)
                .map(|s| (s.status, s.comment.clone()))
        })
        .collect();

    Figures {
        indicators,
        delivered,
        activities,
    }
}

/// The network's summary of the answers to one indicator.
fn summarise(kind: &Kind, answers: &[RegionAnswer]) -> Summary {
    match kind {
        Kind::YesPartlyNo => {
            let mut tally = Tally::default();
            for answer in answers {
                match answer.value {
                    Some(Answer::Choice(YesPartlyNo::Yes)) => tally.yes += 1,
                    Some(Answer::Choice(YesPartlyNo::Partly)) => tally.partly += 1,
                    Some(Answer::Choice(YesPartlyNo::No)) => tally.no += 1,
                    _ => {}
                }
            }
            Summary::Choice(tally)
        }
        _ => {
            let values: Vec<f64> = answers
                .iter()
                .filter_map(|a| match a.value {
                    Some(Answer::Number(v)) => Some(v),
                    _ => None,
                })
                .collect();
            Summary::Numeric(spread(&values))
        }
    }
}

/// Count, median, lowest and highest of some values; `None` for no values.
pub fn spread(values: &[f64]) -> Option<Spread> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    Some(Spread {
        count: n,
        median,
        min: sorted[0],
        max: sorted[n - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::followup::Response;
    use std::path::PathBuf;

    /// A plan with three regions and one indicator of each kind.
    fn indicators(plan: &Plan) -> Vec<Indicator> {
        plan.indicators
            .iter()
            .map(|i| Indicator::of(i).expect("usable"))
            .collect()
    }

    #[test]
    fn an_indicator_the_reports_cannot_use_is_none() {
        let plan = plan();
        let scale = plan
            .indicators
            .iter()
            .find(|i| i.kind == IndicatorKind::Scale)
            .expect("a scale");
        assert!(Indicator::of(scale).is_some());
        for unusable in [
            model::Indicator {
                min: None,
                ..scale.clone()
            },
            model::Indicator {
                max: None,
                ..scale.clone()
            },
            model::Indicator {
                section: Some(Line::new("Självvärdering")),
                focus_area: Some(Id("f1".into())),
                ..scale.clone()
            },
            model::Indicator {
                section: None,
                focus_area: None,
                ..scale.clone()
            },
        ] {
            assert!(Indicator::of(&unusable).is_none(), "{unusable:?}");
        }
    }

    fn plan() -> Plan {
        let yaml = r#"
year: 2024
language: sv
status: draft
network: { name: N, short_name: N, parent: P }
regions:
  - { id: a, name: Region A }
  - { id: b, name: Region B }
  - { id: c, name: Region C }
  - { id: d, name: Region D }
organisation: { secretariat: S, coordinator: K, committee: C, process_leaders: P, theme_groups: [] }
about: x
mission: x
perspectives: [{ id: p, name: P, description: x }]
vision: { statement: x, explanation: x }
situation: { intro: x }
strategies: { intro: x, items: [] }
focus_areas: { intro: x, items: [{ id: f1, perspective: p, title: F, follow_up: x }] }
action_plan: { intro: x, activities: [{ id: a1, focus_area: f1, text: x, responsible: x, timeline: x }, { id: a2, focus_area: f1, text: x, responsible: x, timeline: x }] }
indicators:
  - { id: s, section: S, text: Skala, kind: scale, min: 1, max: 10 }
  - { id: y, focus_area: f1, text: Ja, kind: yes_partly_no }
"#;
        serde_yaml::from_str(yaml).unwrap()
    }

    fn response(region: &str, indicator: &str, value: Option<Answer>) -> Response {
        Response {
            region: Id(region.into()),
            indicator: Id(indicator.into()),
            value,
            comment: None,
            file: PathBuf::from("x.csv"),
            line: 2,
        }
    }

    #[test]
    fn median_lowest_highest_over_the_regions_that_answered() {
        let followup = FollowUp {
            responses: vec![
                response("a", "s", Some(Answer::Number(3.0))),
                response("b", "s", Some(Answer::Number(8.0))),
                response("c", "s", None),
                response("a", "y", Some(Answer::Choice(YesPartlyNo::Yes))),
                response("b", "y", Some(Answer::Choice(YesPartlyNo::Partly))),
                response("c", "y", Some(Answer::Choice(YesPartlyNo::Yes))),
                response("d", "y", None),
            ],
            ..FollowUp::default()
        };
        let figures = merge(&plan(), &indicators(&plan()), &followup, None);
        // Region d delivered one blank row, which is nothing; c left the
        // scale blank.
        assert_eq!(figures.delivered, vec![true, true, true, false]);
        assert_eq!(
            figures.indicators[0].summary,
            Summary::Numeric(Some(Spread {
                count: 2,
                median: 5.5,
                min: 3.0,
                max: 8.0
            }))
        );
        assert_eq!(
            figures.indicators[1].summary,
            Summary::Choice(Tally {
                yes: 2,
                partly: 1,
                no: 0
            })
        );
        assert_eq!(figures.answered_by(2), 1);
        assert_eq!(figures.answered_by(3), 0);
        assert_eq!(figures.status_counts().1, 2, "no activity was reported");
    }

    #[test]
    fn odd_counts_take_the_middle_value() {
        let spread = spread(&[9.0, 1.0, 4.0]).unwrap();
        assert_eq!((spread.median, spread.min, spread.max), (4.0, 1.0, 9.0));
        assert_eq!(super::spread(&[]), None);
    }

    #[test]
    fn the_previous_year_value_is_matched_by_region_and_indicator() {
        let now = FollowUp {
            responses: vec![response("a", "s", Some(Answer::Number(6.0)))],
            ..FollowUp::default()
        };
        let before = FollowUp {
            responses: vec![
                response("a", "s", Some(Answer::Number(4.0))),
                response("b", "y", None),
            ],
            ..FollowUp::default()
        };
        let figures = merge(&plan(), &indicators(&plan()), &now, Some(&before));
        assert_eq!(
            figures.indicators[0].answers[0].previous,
            Some(Answer::Number(4.0))
        );
        assert_eq!(figures.indicators[0].answers[1].previous, None);
    }
}
