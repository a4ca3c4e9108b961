//! Every word the documents print that is not data, one table per language,
//! and the one number and date formatter per language.

use serde::Serialize;

use crate::model::{Date, Language};

/// The fixed texts of the documents in one language.
///
/// Sentences that hold values use `{name}` placeholders, filled by [`fill`].
/// A text whose words depend on a count ("1 region har", "2 regions have")
/// is a [`Plural`].
#[derive(Debug, Serialize)]
pub struct Labels {
    pub plan_title: &'static str,
    pub plan_for: &'static str,
    /// Before the international network the network is a part of, on covers.
    pub part_of: &'static str,
    pub contents: &'static str,
    pub draft: &'static str,
    pub draft_notice: &'static str,
    pub approved_at: &'static str,
    pub page: &'static str,
    pub about: &'static str,
    pub members_sentence: &'static str,
    pub regions_phrase: Plural,
    pub groups_phrase: Plural,
    pub chart_regions: Plural,
    pub chart_theme_groups: Plural,
    pub chart_alt: &'static str,
    pub mission: &'static str,
    pub perspectives: &'static str,
    pub perspectives_sentence: Plural,
    pub vision: &'static str,
    pub situation: &'static str,
    pub opportunities: &'static str,
    pub challenges: &'static str,
    pub strategies: &'static str,
    pub focus_areas: &'static str,
    pub action_plan: &'static str,
    pub col_focus_area: &'static str,
    pub col_activity: &'static str,
    pub col_responsible: &'static str,
    pub col_timeline: &'static str,
    pub col_follow_up: &'static str,
    /// Marks a focus area's title repeated on the next page of the table.
    pub continued: &'static str,
    // The follow-up reports.
    pub followup_title: &'static str,
    pub followup_cover: &'static str,
    pub followup_subtitle: &'static str,
    pub network_report: &'static str,
    pub report_date: &'static str,
    pub example_notice: &'static str,
    pub summary: &'static str,
    pub answered: Plural,
    pub nothing_delivered: &'static str,
    pub no_activities: &'static str,
    pub nothing_to_follow_up: &'static str,
    pub activity_status: &'static str,
    pub activity_counts: Plural,
    /// The summary's line where the plan has no activities.
    pub activity_counts_none: &'static str,
    pub focus_area: &'static str,
    pub activities: &'static str,
    pub indicators: &'static str,
    pub col_status: &'static str,
    pub col_comment: &'static str,
    pub col_region: &'static str,
    pub col_activity_short: &'static str,
    pub status_done: &'static str,
    pub status_ongoing: &'static str,
    pub status_not_started: &'static str,
    pub status_postponed: &'static str,
    pub status_cancelled: &'static str,
    pub status_unreported: &'static str,
    pub yes: &'static str,
    pub partly: &'static str,
    pub no: &'static str,
    pub not_answered: &'static str,
    pub your_answer: &'static str,
    pub previous_year: &'static str,
    pub network_numeric: Plural,
    pub network_tally: Plural,
    pub network_none: &'static str,
    /// A scale indicator's range, beside its question where no axis shows
    /// it (the network's table and bar charts): "skala 1 till 10".
    pub scale: &'static str,
    pub comment: &'static str,
    pub chart_numeric_alt: Plural,
    pub chart_tally_alt: Plural,
    pub chart_bars_alt: &'static str,
    pub chart_mine: &'static str,
    /// The legend's word for the dots, which are the regions that
    /// answered, not every region.
    pub legend_regions: Plural,
    pub legend_median: &'static str,
    pub delivered: &'static str,
    pub delivered_count: Plural,
    /// Who did not deliver, where no region did: all of them, in one
    /// sentence (not "no region delivered" and then that all did not).
    pub delivered_none: Plural,
    pub missing_count: Plural,
    pub all_indicators: &'static str,
    pub all_indicators_intro: &'static str,
    pub per_indicator: &'static str,
}

/// A text in the form for a count of one and the form for any other count.
///
/// Templates see it as its other form, the plain text it was before it had
/// two ("medlemsregioner"), so that a template exported by an older version
/// still prints a word; the views pick the form for each count.
#[derive(Debug)]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
}

impl Serialize for Plural {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.other)
    }
}

impl Plural {
    /// The form for `n`.
    pub fn of(&self, n: usize) -> &'static str {
        if n == 1 { self.one } else { self.other }
    }
}

/// Swedish.
const SV: Labels = Labels {
    plan_title: "Verksamhetsplan",
    plan_for: "för",
    part_of: "en del av",
    contents: "Innehåll",
    draft: "UTKAST",
    draft_notice: "UTKAST – ännu inte fastställd av årsmötet",
    approved_at: "Fastställd vid årsmötet den {date}",
    page: "Sida",
    about: "Om nätverket",
    members_sentence: "{short}-nätverket består idag av {regions} och organiserar {groups}. Nedan illustreras nätverkets organisation.",
    regions_phrase: Plural {
        one: "en region",
        other: "{count} regioner",
    },
    groups_phrase: Plural {
        one: "en temagrupp",
        other: "{count} temagrupper",
    },
    chart_regions: Plural {
        one: "medlemsregion",
        other: "medlemsregioner",
    },
    chart_theme_groups: Plural {
        one: "temagrupp",
        other: "temagrupper",
    },
    chart_alt: "Organisationsschema: överst {committee}; under det {secretariat}, som leds av {coordinator}; därunder dels {process_leaders} i nätverkets {regions}, dels nätverkets {groups}: {group_list}.",
    mission: "Nätverkets verksamhetsidé",
    perspectives: "Perspektiv",
    perspectives_sentence: Plural {
        one: "{short}-nätverket verkar inom ett perspektiv.",
        other: "{short}-nätverket verkar inom {count} perspektiv.",
    },
    vision: "Nätverkets vision",
    situation: "Nuläge",
    opportunities: "De viktigaste möjligheterna för {short}-nätverket de kommande åren",
    challenges: "De viktigaste utmaningarna för {short}-nätverket de kommande åren",
    strategies: "Strategier",
    focus_areas: "Fokusområden för {year}",
    action_plan: "Handlingsplan {year}",
    col_focus_area: "Fokusområden",
    col_activity: "Prioriterade aktiviteter",
    col_responsible: "Ansvariga",
    col_timeline: "Tidplan",
    col_follow_up: "Uppföljning",
    continued: "(forts.)",
    followup_title: "Uppföljning {year}",
    followup_cover: "Uppföljning",
    followup_subtitle: "Uppföljning av verksamhetsplanen för {short}-nätverket",
    network_report: "Hela nätverket",
    report_date: "Rapportdatum {date}",
    example_notice: "Exempeldata: alla siffror i denna rapport är fiktiva.",
    summary: "Sammanfattning",
    answered: Plural {
        one: "{region} har besvarat {answered} av {total} indikator.",
        other: "{region} har besvarat {answered} av {total} indikatorer.",
    },
    nothing_delivered: "{region} har inte lämnat några svar på uppföljningen {year}. Rapporten visar nätverkets samlade bild.",
    no_activities: "Handlingsplanen har inga aktiviteter inom fokusområdet.",
    nothing_to_follow_up: "Fokusområdet har inga aktiviteter eller indikatorer att följa upp.",
    activity_status: "Handlingsplanens aktiviteter",
    activity_counts: Plural {
        one: "Status för den enda aktiviteten i nätverkets handlingsplan:",
        other: "Status för de {total} aktiviteterna i nätverkets handlingsplan:",
    },
    activity_counts_none: "Nätverkets handlingsplan har inga aktiviteter.",
    focus_area: "Fokusområde",
    activities: "Aktiviteter",
    indicators: "Indikatorer",
    col_status: "Status",
    col_comment: "Kommentar",
    col_region: "Region",
    col_activity_short: "Aktivitet",
    status_done: "Genomförd",
    status_ongoing: "Pågår",
    status_not_started: "Ej påbörjad",
    status_postponed: "Framflyttad",
    status_cancelled: "Inställd",
    status_unreported: "Ej rapporterad",
    yes: "Ja",
    partly: "Delvis",
    no: "Nej",
    not_answered: "Ej besvarad",
    your_answer: "Regionens svar",
    previous_year: "Föregående år ({year})",
    network_numeric: Plural {
        // One answer is no spread: its value alone. Semicolons part the
        // figures, whose decimals a comma marks.
        one: "Nätverket: {median} ({count} region har svarat)",
        other: "Nätverket: median {median}; lägst {min}; högst {max} ({count} regioner har svarat)",
    },
    network_tally: Plural {
        one: "Nätverket: ja {yes}, delvis {partly}, nej {no} ({count} region har svarat)",
        other: "Nätverket: ja {yes}, delvis {partly}, nej {no} ({count} regioner har svarat)",
    },
    network_none: "Nätverket: ingen region har svarat",
    scale: "skala {min} till {max}",
    comment: "Kommentar",
    chart_numeric_alt: Plural {
        one: "Diagram{scale}: en region har svarat, {median}.",
        other: "Diagram{scale}: {count} regioners svar mellan {min} och {max}, median {median}.",
    },
    chart_tally_alt: Plural {
        one: "Diagram: en region har svarat, {answer}.",
        other: "Diagram: av {count} regioner har {yes} svarat ja, {partly} delvis och {no} nej.",
    },
    chart_bars_alt: "Diagram över regionernas svar{scale}: {list}.",
    chart_mine: "{region}: {value}.",
    legend_regions: Plural {
        one: "svarande region",
        other: "svarande regioner",
    },
    legend_median: "median",
    delivered: "Inlämnade svar",
    delivered_count: Plural {
        one: "Nätverkets enda region har lämnat svar:",
        other: "{count} av {total} regioner har lämnat svar:",
    },
    delivered_none: Plural {
        one: "Nätverkets enda region har inte lämnat svar:",
        other: "Ingen av de {total} regionerna har lämnat svar:",
    },
    missing_count: Plural {
        one: "En region har inte lämnat svar:",
        other: "{count} regioner har inte lämnat svar:",
    },
    all_indicators: "Alla indikatorer",
    all_indicators_intro: "Tabellen visar varje regions svar; ett streck (–) betyder att regionen inte har svarat.",
    per_indicator: "Indikator för indikator",
};

/// English.
const EN: Labels = Labels {
    plan_title: "Operational plan",
    plan_for: "for",
    part_of: "part of",
    contents: "Contents",
    draft: "DRAFT",
    draft_notice: "DRAFT – not yet approved by the annual meeting",
    approved_at: "Approved by the annual meeting on {date}",
    page: "Page",
    about: "About the network",
    members_sentence: "Today the {short} network consists of {regions} and organises {groups}. The network’s organisation is shown below.",
    regions_phrase: Plural {
        one: "one region",
        other: "{count} regions",
    },
    groups_phrase: Plural {
        one: "one theme group",
        other: "{count} theme groups",
    },
    chart_regions: Plural {
        one: "member region",
        other: "member regions",
    },
    chart_theme_groups: Plural {
        one: "theme group",
        other: "theme groups",
    },
    chart_alt: "Organisation chart: at the top {committee}; below it {secretariat}, led by {coordinator}; below that {process_leaders} in the network’s {regions}, and the network’s {groups}: {group_list}.",
    mission: "The network’s mission",
    perspectives: "Perspectives",
    perspectives_sentence: Plural {
        one: "The {short} network works within one perspective.",
        other: "The {short} network works within {count} perspectives.",
    },
    vision: "The network’s vision",
    situation: "Current situation",
    opportunities: "The main opportunities for the {short} network in the coming years",
    challenges: "The main challenges for the {short} network in the coming years",
    strategies: "Strategies",
    focus_areas: "Focus areas for {year}",
    action_plan: "Action plan {year}",
    col_focus_area: "Focus areas",
    col_activity: "Priority activities",
    col_responsible: "Responsible",
    col_timeline: "Timeline",
    col_follow_up: "Follow-up",
    continued: "(continued)",
    followup_title: "Follow-up {year}",
    followup_cover: "Follow-up",
    followup_subtitle: "Follow-up of the operational plan of the {short} network",
    network_report: "The whole network",
    report_date: "Report date {date}",
    example_notice: "Example data: all figures in this report are fictional.",
    summary: "Summary",
    answered: Plural {
        one: "{region} answered {answered} of {total} indicator.",
        other: "{region} answered {answered} of {total} indicators.",
    },
    nothing_delivered: "{region} did not deliver any follow-up answers for {year}. The report shows the network’s overall picture.",
    no_activities: "The action plan has no activities in this focus area.",
    nothing_to_follow_up: "The focus area has no activities or indicators to follow up.",
    activity_status: "The action plan’s activities",
    activity_counts: Plural {
        one: "Status of the only activity in the network’s action plan:",
        other: "Status of the {total} activities in the network’s action plan:",
    },
    activity_counts_none: "The network’s action plan has no activities.",
    focus_area: "Focus area",
    activities: "Activities",
    indicators: "Indicators",
    col_status: "Status",
    col_comment: "Comment",
    col_region: "Region",
    col_activity_short: "Activity",
    status_done: "Done",
    status_ongoing: "Ongoing",
    status_not_started: "Not started",
    status_postponed: "Postponed",
    status_cancelled: "Cancelled",
    status_unreported: "Not reported",
    yes: "Yes",
    partly: "Partly",
    no: "No",
    not_answered: "Not answered",
    your_answer: "The region’s answer",
    previous_year: "Previous year ({year})",
    network_numeric: Plural {
        one: "Network: {median} ({count} region answered)",
        other: "Network: median {median}, lowest {min}, highest {max} ({count} regions answered)",
    },
    network_tally: Plural {
        one: "Network: yes {yes}, partly {partly}, no {no} ({count} region answered)",
        other: "Network: yes {yes}, partly {partly}, no {no} ({count} regions answered)",
    },
    network_none: "Network: no region answered",
    scale: "scale of {min} to {max}",
    comment: "Comment",
    chart_numeric_alt: Plural {
        one: "Chart{scale}: one region answered, {median}.",
        other: "Chart{scale}: {count} regions’ answers between {min} and {max}, median {median}.",
    },
    chart_tally_alt: Plural {
        one: "Chart: one region answered, {answer}.",
        other: "Chart: of {count} regions, {yes} answered yes, {partly} partly and {no} no.",
    },
    chart_bars_alt: "Chart of the regions’ answers{scale}: {list}.",
    chart_mine: "{region}: {value}.",
    legend_regions: Plural {
        one: "region that answered",
        other: "regions that answered",
    },
    legend_median: "median",
    delivered: "Answers delivered",
    delivered_count: Plural {
        one: "The network’s only region delivered answers:",
        other: "{count} of {total} regions delivered answers:",
    },
    delivered_none: Plural {
        one: "The network’s only region did not deliver answers:",
        other: "None of the {total} regions delivered answers:",
    },
    missing_count: Plural {
        one: "One region did not deliver answers:",
        other: "{count} regions did not deliver answers:",
    },
    all_indicators: "All indicators",
    all_indicators_intro: "The table shows each region’s answers; a dash (–) means that the region did not answer.",
    per_indicator: "Indicator by indicator",
};

/// The label table of a language.
pub fn labels(language: Language) -> &'static Labels {
    match language {
        Language::Sv => &SV,
        Language::En => &EN,
    }
}

/// Replaces each `{name}` in `template` by its value, in one pass over
/// the template: a value is data (a region's name may hold "{total}") and
/// is never read for placeholders itself. A `{` that starts no known
/// placeholder stays as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        filled.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = values.iter().find(|(key, _)| *key == name)?;
            Some((value, close))
        });
        match known {
            Some((value, close)) => {
                filled.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                filled.push('{');
                rest = after;
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// The no-break space used before `%` and between thousands in Swedish.
const NBSP: char = '\u{a0}';

/// The marks between groups of three digits and before the decimals.
pub fn number_marks(language: Language) -> (char, char) {
    match language {
        Language::Sv => (NBSP, ','),
        Language::En => (',', '.'),
    }
}

/// A number as the language writes it: grouped thousands, and the decimals
/// it has up to [`PRINTED_DECIMALS`](crate::model::PRINTED_DECIMALS), without
/// trailing zeros ("7,5", "0,04", "1 234").
pub fn number(value: f64, language: Language) -> String {
    let decimals = crate::model::PRINTED_DECIMALS as usize;
    let scale = 10u64.pow(decimals as u32);
    // Below the number limit, so well inside a u64.
    let units = crate::model::in_printed_units(value.abs()) as u64;
    let (whole, fraction) = (units / scale, units % scale);
    let (group, decimal) = number_marks(language);
    let digits = whole.to_string();
    let mut out = String::new();
    if value < 0.0 && units != 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        // Grouped from four digits on, as the SPEC writes "1 234".
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if fraction != 0 {
        out.push(decimal);
        out.push_str(format!("{fraction:0decimals$}").trim_end_matches('0'));
    }
    out
}

/// A percentage as the language writes it: "45,5 %" or "45.5%".
pub fn percent(value: f64, language: Language) -> String {
    match language {
        Language::Sv => format!("{}{NBSP}%", number(value, language)),
        Language::En => format!("{}%", number(value, language)),
    }
}

/// A date in running text: "18 april 2024" or "18 April 2024".
pub fn long_date(date: Date, language: Language) -> String {
    const SV_MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let months = match language {
        Language::Sv => &SV_MONTHS,
        Language::En => &EN_MONTHS,
    };
    let month = months[usize::from(date.month.clamp(1, 12)) - 1];
    format!("{} {month} {}", date.day, date.year)
}

/// A count in running text: words from two to twelve, digits otherwise
/// (one is written in each label's singular, since its Swedish word
/// depends on the noun's gender: "en region", "ett perspektiv").
pub fn count(n: usize, language: Language) -> String {
    const SV_WORDS: [&str; 13] = [
        "", "", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv",
    ];
    const EN_WORDS: [&str; 13] = [
        "", "", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let words = match language {
        Language::Sv => &SV_WORDS,
        Language::En => &EN_WORDS,
    };
    match n {
        2..=12 => words[n].to_string(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english_numbers() {
        assert_eq!(number(1234.0, Language::Sv), "1\u{a0}234");
        assert_eq!(number(1234.0, Language::En), "1,234");
        assert_eq!(percent(45.5, Language::Sv), "45,5\u{a0}%");
        assert_eq!(percent(45.5, Language::En), "45.5%");
        assert_eq!(number(6.25, Language::Sv), "6,25");
        assert_eq!(number(7.0, Language::Sv), "7");
        assert_eq!(number(1_234_567.0, Language::En), "1,234,567");
    }

    #[test]
    fn a_number_prints_with_the_decimals_it_has_up_to_three() {
        // As written: not 0 for 0,04, and no zeros after the last digit.
        assert_eq!(number(0.04, Language::Sv), "0,04");
        assert_eq!(number(7.50, Language::Sv), "7,5");
        assert_eq!(number(0.001, Language::En), "0.001");
        assert_eq!(number(1234.567, Language::Sv), "1\u{a0}234,567");
        // A median of two answers, without the float's noise.
        assert_eq!(number((0.1 + 0.2) / 2.0, Language::Sv), "0,15");
        // Past three decimals, rounded; rounding carries into the whole.
        assert_eq!(number(33.333333, Language::Sv), "33,333");
        assert_eq!(number(9.9996, Language::Sv), "10");
        assert_eq!(number(999.9996, Language::Sv), "1\u{a0}000");
        assert_eq!(number(-0.0004, Language::Sv), "0");
        assert_eq!(number(-2.5, Language::En), "−2.5");
    }

    #[test]
    fn dates_and_counts() {
        let date = Date {
            year: 2024,
            month: 4,
            day: 18,
        };
        assert_eq!(long_date(date, Language::Sv), "18 april 2024");
        assert_eq!(long_date(date, Language::En), "18 April 2024");
        assert_eq!(count(12, Language::Sv), "tolv");
        assert_eq!(count(19, Language::Sv), "19");
    }

    #[test]
    fn a_plural_is_its_other_form_to_templates_and_picks_by_count() {
        let sv = serde_json::to_value(labels(Language::Sv)).unwrap();
        assert_eq!(sv["chart_regions"], "medlemsregioner");
        assert_eq!(SV.chart_regions.of(1), "medlemsregion");
        assert_eq!(SV.chart_regions.of(0), "medlemsregioner");
        assert_eq!(
            EN.missing_count.of(1),
            "One region did not deliver answers:"
        );
        assert_eq!(
            EN.missing_count.of(2),
            "{count} regions did not deliver answers:"
        );
        // By the total: "1 av 1 indikator"; a network of one region,
        // which delivered, "its only region", not "1 of 1 region".
        assert!(SV.answered.of(1).ends_with("av {total} indikator."));
        assert_eq!(
            EN.delivered_count.of(1),
            "The network’s only region delivered answers:"
        );
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("Handlingsplan {year}", &[("year", "2024")]),
            "Handlingsplan 2024"
        );
    }

    #[test]
    fn a_value_is_never_read_for_placeholders() {
        // A region named "Region X {total}" once printed "Region X 11".
        assert_eq!(
            fill(
                "{region} har besvarat {count} av {total}",
                &[
                    ("region", "Region X {total} {count"),
                    ("count", "3"),
                    ("total", "11")
                ]
            ),
            "Region X {total} {count har besvarat 3 av 11"
        );
        assert_eq!(
            fill("{okänd} {year} {", &[("year", "2024")]),
            "{okänd} 2024 {"
        );
    }
}
