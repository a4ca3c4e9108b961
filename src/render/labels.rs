//! Every word the documents print that is not data, one table per language,
//! and the one number and date formatter per language.

use serde::Serialize;

use crate::model::{Date, Language};

/// The fixed texts of the documents in one language.
///
/// Sentences that hold values use `{name}` placeholders, filled by [`fill`].
#[derive(Debug, Serialize)]
pub struct Labels {
    pub plan_title: &'static str,
    pub plan_for: &'static str,
    pub contents: &'static str,
    pub draft: &'static str,
    pub draft_notice: &'static str,
    pub approved_at: &'static str,
    pub page: &'static str,
    pub about: &'static str,
    pub members_sentence: &'static str,
    pub chart_regions: &'static str,
    pub chart_theme_groups: &'static str,
    pub chart_alt: &'static str,
    pub mission: &'static str,
    pub perspectives: &'static str,
    pub perspectives_sentence: &'static str,
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
}

/// Swedish.
const SV: Labels = Labels {
    plan_title: "Verksamhetsplan",
    plan_for: "för",
    contents: "Innehåll",
    draft: "UTKAST",
    draft_notice: "Utkast – ännu inte fastställd av årsmötet",
    approved_at: "Fastställd vid årsmötet {date}",
    page: "Sida",
    about: "Om nätverket",
    members_sentence: "{short}-nätverket består idag av {regions} regioner och organiserar {groups} temagrupper. Nedan illustreras nätverkets organisation.",
    chart_regions: "medlemsregioner",
    chart_theme_groups: "temagrupper",
    chart_alt: "Organisationsschema: {committee} och {secretariat}, som leds av {coordinator}, samordnar nätverket. {process_leaders} finns i de {regions} medlemsregionerna. Nätverket har {groups} temagrupper: {group_list}.",
    mission: "Nätverkets verksamhetsidé",
    perspectives: "Perspektiv",
    perspectives_sentence: "{short}-nätverket verkar inom {count} perspektiv.",
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
};

/// English.
const EN: Labels = Labels {
    plan_title: "Action plan",
    plan_for: "for",
    contents: "Contents",
    draft: "DRAFT",
    draft_notice: "Draft – not yet approved by the annual meeting",
    approved_at: "Approved by the annual meeting on {date}",
    page: "Page",
    about: "About the network",
    members_sentence: "The {short} network today consists of {regions} regions and organises {groups} theme groups. The network's organisation is shown below.",
    chart_regions: "member regions",
    chart_theme_groups: "theme groups",
    chart_alt: "Organisation chart: {committee} and {secretariat}, led by {coordinator}, coordinate the network. {process_leaders} work in the {regions} member regions. The network has {groups} theme groups: {group_list}.",
    mission: "The network's mission",
    perspectives: "Perspectives",
    perspectives_sentence: "The {short} network works within {count} perspectives.",
    vision: "The network's vision",
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
};

/// The label table of a language.
pub fn labels(language: Language) -> &'static Labels {
    match language {
        Language::Sv => &SV,
        Language::En => &EN,
    }
}

/// Replaces each `{name}` in `template` by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The no-break space used before `%` and between thousands in Swedish.
const NBSP: char = '\u{a0}';

/// A number as the language writes it: at most one decimal, grouped thousands.
pub fn number(value: f64, language: Language) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let negative = rounded < 0.0;
    let tenths = (rounded.abs() * 10.0).round() as u64;
    let (whole, fraction) = (tenths / 10, tenths % 10);
    let (group, decimal) = match language {
        Language::Sv => (NBSP, ','),
        Language::En => (',', '.'),
    };
    let digits = whole.to_string();
    let mut out = String::new();
    if negative && tenths != 0 {
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
        out.push(char::from(b'0' + fraction as u8));
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
/// (one is left as a digit because its Swedish word depends on the noun's gender).
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
        assert_eq!(number(6.25, Language::Sv), "6,3");
        assert_eq!(number(7.0, Language::Sv), "7");
        assert_eq!(number(1_234_567.0, Language::En), "1,234,567");
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
    fn fills_placeholders() {
        assert_eq!(
            fill("Handlingsplan {year}", &[("year", "2024")]),
            "Handlingsplan 2024"
        );
    }
}
