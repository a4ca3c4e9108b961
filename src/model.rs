//! The typed plan that every later stage reads (the follow-up's types,
//! `Answer`, `ActivityStatus`, `FollowUp`, are in `load::followup`).
//!
//! The structs mirror plan.yaml (SPEC section 2) one to one and refuse unknown
//! keys. Ids, dates and references are kept as written here and checked by
//! `validate`, so that one run reports every problem with its line instead of
//! stopping at the first one.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// An id such as `gavleborg` or `f1`: `[a-z0-9-]+`, checked by `validate`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// The longest id, in characters: a region's is part of a file name
    /// (which most file systems cap at 255 bytes), and an indicator's heads
    /// a column of the network's table, which fits 40 letters.
    pub const MAX_CHARS: usize = 40;

    /// Whether the id has the allowed form `[a-z0-9-]+`.
    pub fn is_well_formed(&self) -> bool {
        !self.0.is_empty()
            && self
                .0
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Prose in the Markdown subset; rendered by `render::markdown`, never as Typst.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Markdown(pub String);

/// One line of plain text: a name, a title, a table cell. It is kept
/// without its surrounding white space, so that a value written as a YAML
/// block (`title: >`, which ends in a line break) does not end a heading
/// or a table of contents entry with one. A blank value, or a line break
/// inside one (which would end a heading in the middle), is a data error
/// reported by `validate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Line(String);

impl Line {
    /// The text without its surrounding white space.
    pub fn new(text: &str) -> Self {
        Self(text.trim().to_string())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Line {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self::new(&text))
    }
}

/// A calendar date, written `YYYY-MM-DD` in plan.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    /// The year, e.g. 2024.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        // Digits only: `u8::from_str` would take "+4" for a month.
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        let date = Self {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        (1..=12)
            .contains(&date.month)
            .then_some(())
            .filter(|_| date.day >= 1 && date.day <= days_in_month(date.year, date.month))
            .map(|_| date)
    }

    /// Seconds since 1970-01-01T00:00:00Z at midnight UTC of this date.
    pub fn unix_seconds(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
    }

    /// The UTC date of a Unix timestamp (for `SOURCE_DATE_EPOCH`).
    pub fn from_unix_seconds(seconds: i64) -> Self {
        civil_from_days(seconds.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The number of days of a month in the proleptic Gregorian calendar.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (inverse of `days_from_civil`).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// A `Deserialize` for an enum written as one of a few words, whose every
/// error names the words: serde's own says "expected a Value::Tagged enum"
/// of an empty value or a list. The words must be the ones `Serialize`
/// writes (a test checks each enum's).
macro_rules! read_as_words {
    ($name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        impl $name {
            /// The words plan.yaml writes it as.
            pub const WORDS: &'static [&'static str] = &[$($word),+];
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Word;
                impl serde::de::Visitor<'_> for Word {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(&one_of_the_words($name::WORDS))
                    }
                    fn visit_str<E: serde::de::Error>(self, word: &str) -> Result<$name, E> {
                        match word {
                            $($word => Ok($name::$variant),)+
                            _ => Err(E::unknown_variant(word, $name::WORDS)),
                        }
                    }
                }
                deserializer.deserialize_str(Word)
            }
        }
    };
}

/// "'a' or 'b'", "one of 'a', 'b', 'c'".
fn one_of_the_words(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    match quoted.as_slice() {
        [first, second] => format!("{first} or {second}"),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// The document language: labels, dates, numbers and hyphenation follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Swedish.
    Sv,
    /// English.
    En,
}

read_as_words!(Language { Sv = "sv", En = "en" });

impl Language {
    /// The ISO 639-1 code, as Typst's `text(lang:)` wants it.
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

/// Whether the plan is a draft or has been approved by the annual meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every page says UTKAST / DRAFT.
    Draft,
    /// The cover gives the approval date.
    Approved,
}

read_as_words!(Status {
    Draft = "draft",
    Approved = "approved"
});

/// The whole of plan.yaml.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The plan's year; must equal the year folder's name.
    pub year: i32,
    /// The language of the documents.
    pub language: Language,
    /// Draft or approved.
    pub status: Status,
    /// The annual meeting's date, written `YYYY-MM-DD`; only when approved.
    #[serde(default)]
    pub approved_on: Option<String>,
    /// Whether the follow-up figures are fictional example data.
    #[serde(default)]
    pub example: bool,
    /// Who the network is.
    pub network: Network,
    /// The member regions, in print order.
    pub regions: Vec<Region>,
    /// The roles drawn in the organisation chart.
    pub organisation: Organisation,
    /// "Om nätverket".
    pub about: Markdown,
    /// "Nätverkets verksamhetsidé".
    pub mission: Markdown,
    /// The perspectives, in print order.
    pub perspectives: Vec<Perspective>,
    /// "Nätverkets vision".
    pub vision: Vision,
    /// "Nuläge".
    pub situation: Situation,
    /// "Strategier".
    pub strategies: Strategies,
    /// "Fokusområden".
    pub focus_areas: FocusAreas,
    /// "Handlingsplan": the prioritised activities.
    pub action_plan: ActionPlan,
    /// The follow-up questions the regions answer.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// The network's names and logo.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The full name.
    pub name: Line,
    /// The abbreviation, e.g. HFS.
    pub short_name: Line,
    /// The international network it belongs to.
    pub parent: Line,
    /// A logo file (svg or png) relative to the year folder.
    #[serde(default)]
    pub logo: Option<String>,
}

/// What stands for the region id in the file name of the network's own
/// follow-up report (`uppfoljning-<year>-natverket.pdf`, SPEC section 4),
/// and so can be no region's id.
pub const NETWORK_REPORT_ID: &str = "natverket";

/// A member region.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Used in file names and CSV.
    pub id: Id,
    /// The official name, e.g. "Region Gävleborg".
    pub name: Line,
    /// The official county code, e.g. "21".
    #[serde(default)]
    pub code: Option<String>,
}

/// The roles of the organisation chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The secretariat.
    pub secretariat: Line,
    /// Who leads the secretariat.
    pub coordinator: Line,
    /// The steering committee.
    pub committee: Line,
    /// The regions' local coordinators.
    pub process_leaders: Line,
    /// The theme groups; their number is counted.
    pub theme_groups: Vec<Line>,
}

/// One of the perspectives the network works in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perspective {
    /// Referenced by focus areas and by the situation's keys.
    pub id: Id,
    /// E.g. "Patientperspektivet".
    pub name: Line,
    /// What the perspective means.
    pub description: Markdown,
}

/// The vision and its explanation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vision {
    /// The one-line vision.
    pub statement: Line,
    /// What it means.
    pub explanation: Markdown,
}

/// "Nuläge": opportunities and challenges per perspective.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    /// The introduction.
    pub intro: Markdown,
    /// Opportunities keyed by perspective id.
    #[serde(default)]
    pub opportunities: BTreeMap<Id, Vec<Markdown>>,
    /// Challenges keyed by perspective id.
    #[serde(default)]
    pub challenges: BTreeMap<Id, Vec<Markdown>>,
}

/// "Strategier".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategies {
    /// The introduction.
    pub intro: Markdown,
    /// The strategies in print order.
    pub items: Vec<Strategy>,
}

/// One strategy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// E.g. "Sprida kunskap".
    pub title: Line,
    /// What it means.
    pub text: Markdown,
}

/// "Fokusområden".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FocusAreas {
    /// The introduction.
    pub intro: Markdown,
    /// The focus areas in print order.
    pub items: Vec<FocusArea>,
}

/// One focus area of the year.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FocusArea {
    /// Referenced by activities and indicators.
    pub id: Id,
    /// A perspective id.
    pub perspective: Id,
    /// The focus area's title.
    pub title: Line,
    /// The "Uppföljning" column of the action-plan table.
    pub follow_up: Markdown,
}

/// "Handlingsplan".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    /// The introduction.
    pub intro: Markdown,
    /// The prioritised activities in print order.
    pub activities: Vec<Activity>,
}

/// One prioritised activity.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Referenced by activity-status.csv.
    pub id: Id,
    /// A focus-area id.
    pub focus_area: Id,
    /// What will be done.
    pub text: Markdown,
    /// Who is responsible ("Ansvariga").
    pub responsible: Line,
    /// When ("Tidplan").
    pub timeline: Line,
}

/// Every number a document prints is smaller than this in size: a scale's
/// ends and every answer. The formatter prints a number to the thousandth
/// at most ([`PRINTED_DECIMALS`]), which a float holds exactly only below
/// about 9 × 10^12; no real answer (a count, a sum in kronor) comes near,
/// so a larger one is a typing mistake.
pub const NUMBER_LIMIT: f64 = 1e12;

/// [`NUMBER_LIMIT`] as a message writes it.
pub const NUMBER_LIMIT_TEXT: &str = "1 000 000 000 000";

/// The most decimals a document prints a number with. An answer prints
/// as the region wrote it (0,04 as 0,04, not as 0; 7,50 as 7,5), and a
/// median halfway between two answers to one decimal more than they,
/// up to this: a value written with more decimals than anyone reads
/// (33,333333 pasted from a formula) is rounded to it.
pub const PRINTED_DECIMALS: i32 = 3;

/// Whether a number is at or past [`NUMBER_LIMIT`] as the documents print
/// it, to [`PRINTED_DECIMALS`]: 999 999 999 999,9999 would print as
/// 1 000 000 000 000.
pub fn beyond_number_limit(value: f64) -> bool {
    as_printed(value).abs() >= NUMBER_LIMIT
}

/// A number rounded as the documents print it, to [`PRINTED_DECIMALS`].
pub fn as_printed(value: f64) -> f64 {
    in_printed_units(value) / 10f64.powi(PRINTED_DECIMALS)
}

/// A number counted in the smallest unit the documents print (thousandths),
/// rounded to a whole one, half away from zero: so that rounding carries
/// into the whole (9,9996 prints as 10). Rounded on its decimal digits,
/// not on the float: 8,0345 times a thousand is 8034,4999… in binary, and
/// would round down where 2,0345 rounds up. The digits are the value's
/// first 15, as many as a float holds for certain, which every answer
/// under the number limit fits in: what a median's arithmetic adds past
/// them is the float's noise (the mean of 1,005 and 1,01 is
/// 1,0074999999999998 in binary, and is 1,0075).
pub fn in_printed_units(value: f64) -> f64 {
    if !value.is_finite() {
        return value;
    }
    // A whole number of at most 15 digits (a count, a step of a scale, most
    // percentages: most numbers printed) has no decimals to round. Its
    // units are its product with a thousand, which a float multiplication
    // rounds to the float nearest the exact product, as reading its digits
    // back below does, without formatting it twice.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return value * 10f64.powi(PRINTED_DECIMALS);
    }
    rounded_on_digits(value)
}

/// [`in_printed_units`] of a value with decimals, on its digits.
fn rounded_on_digits(value: f64) -> f64 {
    let value: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    // Rust prints a float's shortest decimal form without an exponent.
    let written = value.abs().to_string();
    let (whole, fraction) = written.split_once('.').unwrap_or((&written, ""));
    let decimals = PRINTED_DECIMALS as usize;
    let kept: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(decimals)
        .collect();
    let up = fraction
        .as_bytes()
        .get(decimals)
        .is_some_and(|&digit| digit >= b'5');
    let units = format!("{whole}{kept}")
        .parse::<f64>()
        .unwrap_or(f64::INFINITY)
        + f64::from(u8::from(up));
    units.copysign(value)
}

/// For a number [`beyond_number_limit`] only as printed, what it prints as.
pub fn number_limit_hint(value: f64) -> Option<String> {
    let sign = if value < 0.0 { "-" } else { "" };
    (value.abs() < NUMBER_LIMIT).then(|| {
        format!(
            "to {PRINTED_DECIMALS} decimals, as the documents print it, it is {sign}{NUMBER_LIMIT_TEXT}"
        )
    })
}

/// The most characters one text may have, a CSV comment or a text of
/// plan.yaml: some 8 pages. Typst's time to set a paragraph grows faster
/// than its length, with the square of its break opportunities in long
/// runs (which hfs-report adds, `fit.rs`): a comment of 320 000 letters
/// without a space took 11 s, one of 5 million over a quarter of an hour,
/// and a plan's text of 320 000 letters 6.5 s. At this length it takes
/// about a tenth of a second (20 000 letters without a space: 97 ms more
/// than a short comment).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The kind of answer an indicator asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A number from `min` to `max`.
    Scale,
    /// Yes, partly or no.
    YesPartlyNo,
    /// A percentage from 0 to 100.
    Percent,
    /// A number of at least 0, with an optional unit.
    Number,
}

read_as_words!(IndicatorKind {
    Scale = "scale",
    YesPartlyNo = "yes_partly_no",
    Percent = "percent",
    Number = "number",
});

/// A follow-up question, as written in plan.yaml.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Referenced by the response CSV files.
    pub id: Id,
    /// The section it belongs to (exactly one of `section` and `focus_area`).
    #[serde(default)]
    pub section: Option<Line>,
    /// The focus area it belongs to (exactly one of `section` and `focus_area`).
    #[serde(default)]
    pub focus_area: Option<Id>,
    /// The question.
    pub text: Line,
    /// What kind of answer it takes.
    pub kind: IndicatorKind,
    /// The scale's lowest value (scale only, required there).
    #[serde(default)]
    pub min: Option<f64>,
    /// The scale's highest value (scale only, required there).
    #[serde(default)]
    pub max: Option<f64>,
    /// The unit of a number, e.g. "st" (number only).
    #[serde(default)]
    pub unit: Option<Line>,
}

impl Plan {
    /// The approval date, when the plan is approved and the date is valid.
    pub fn approval_date(&self) -> Option<Date> {
        match self.status {
            Status::Approved => self.approved_on.as_deref().and_then(Date::parse),
            Status::Draft => None,
        }
    }

    /// The activities of one focus area, in plan order.
    pub fn activities_of<'a>(&'a self, focus_area: &'a Id) -> impl Iterator<Item = &'a Activity> {
        self.action_plan
            .activities
            .iter()
            .filter(move |a| &a.focus_area == focus_area)
    }

    /// The date the documents carry when `SOURCE_DATE_EPOCH` is not set:
    /// the approval date, else 1 January of the plan's year.
    pub fn document_date(&self) -> Date {
        self.approval_date().unwrap_or(Date {
            year: self.year,
            month: 1,
            day: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_reads_as_what_it_writes() {
        fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug>(
            words: &[&str],
        ) {
            for word in words {
                let value: T = serde_yaml::from_str(word).expect("a word reads");
                assert_eq!(serde_yaml::to_string(&value).unwrap().trim(), *word);
            }
        }
        round_trip::<Language>(Language::WORDS);
        round_trip::<Status>(Status::WORDS);
        round_trip::<IndicatorKind>(IndicatorKind::WORDS);
        // Every error names the words.
        for bad in ["~", "[en]", "{a: 1}", "1", "EN"] {
            let err = serde_yaml::from_str::<Language>(bad)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("'sv' or 'en'") || err.contains("`sv` or `en`"),
                "{bad:?}: {err}"
            );
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            Date::parse("2024-04-18"),
            Some(Date {
                year: 2024,
                month: 4,
                day: 18
            })
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("18/4/2024"), None);
        assert_eq!(Date::parse("2024-4-18"), None);
    }

    #[test]
    fn unix_seconds_round_trip() {
        let date = Date {
            year: 2024,
            month: 4,
            day: 18,
        };
        assert_eq!(date.unix_seconds(), 1_713_398_400);
        assert_eq!(Date::from_unix_seconds(1_713_398_400 + 3_600), date);
        assert_eq!(
            Date::from_unix_seconds(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
    }

    #[test]
    fn a_number_is_rounded_on_its_digits_half_away_from_zero() {
        // Each a hair below its half as a float.
        for (value, units) in [
            (8.0345, 8035.0),
            (0.5005, 501.0),
            (2.0345, 2035.0),
            (1.0005, 1001.0),
        ] {
            assert_eq!(in_printed_units(value), units, "{value}");
            assert_eq!(in_printed_units(-value), -units, "-{value}");
        }
        assert_eq!(in_printed_units(8.0344), 8034.0);
        assert_eq!(in_printed_units(9.9996), 10000.0);
        assert_eq!(in_printed_units((0.1 + 0.2) / 2.0), 150.0);
        // Medians of two answers, halfway at the fourth decimal.
        assert_eq!(in_printed_units((1.005 + 1.01) / 2.0), 1008.0);
        assert_eq!(in_printed_units((7.5 + 8.035) / 2.0), 7768.0);
        assert_eq!(in_printed_units(999_999_999_999.999), 999_999_999_999_999.0);
        assert_eq!(in_printed_units(0.0004), 0.0);
        assert_eq!(in_printed_units(1e300), 1e303);
        assert_eq!(as_printed(0.1), 0.1);
    }

    proptest::proptest! {
        #[test]
        fn any_whole_number_is_in_units_as_its_digits_read_back(
            whole in -9_999_999_999_999_999_i64..=9_999_999_999_999_999,
        ) {
            let value = whole as f64;
            proptest::prop_assert_eq!(
                in_printed_units(value).to_bits(),
                rounded_on_digits(value).to_bits()
            );
        }
    }

    #[test]
    fn a_whole_number_is_in_units_as_its_digits_read_back() {
        for value in [
            0.0,
            -0.0,
            1.0,
            -7.0,
            100.0,
            123_456_789.0,
            999_999_999_999.0,
            9_007_199_254_739.0,
            9_007_199_254_741.0,
            123_456_789_012_347.0,
            -999_999_999_999_999.0,
            // 16 digits: a float's first 15 are rounded on.
            1_234_567_890_123_456.0,
        ] {
            let units = in_printed_units(value);
            assert_eq!(
                units.to_bits(),
                rounded_on_digits(value).to_bits(),
                "{value}"
            );
        }
        assert_eq!(in_printed_units(42.0), 42_000.0);
    }

    #[test]
    fn the_number_limit_is_that_of_the_printed_number_and_its_sign() {
        assert!(!beyond_number_limit(999_999_999_999.99));
        assert!(!beyond_number_limit(999_999_999_999.999));
        assert!(beyond_number_limit(999_999_999_999.999_6));
        assert!(beyond_number_limit(-999_999_999_999.999_6));
        assert_eq!(number_limit_hint(1e13), None);
        assert_eq!(
            number_limit_hint(-999_999_999_999.999_6).as_deref(),
            Some("to 3 decimals, as the documents print it, it is -1 000 000 000 000")
        );
    }

    #[test]
    fn ids_are_lowercase_ascii_digits_and_hyphens() {
        assert!(Id("vastra-gotaland".into()).is_well_formed());
        assert!(!Id("Gävleborg".into()).is_well_formed());
        assert!(!Id(String::new()).is_well_formed());
    }
}
