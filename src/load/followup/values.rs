//! What a value cell of a responses file says: an answer of its
//! indicator's kind, or, where it is none, what it most likely meant (a
//! date a spreadsheet made of it, a number cut at its decimal comma, a
//! word for no answer); and the warnings about values that are answers
//! but likely not the ones meant (a percentage written as a fraction of
//! 1, more decimals than print).

use std::path::PathBuf;

use super::{Answer, YesPartlyNo};
use crate::diag::{Diagnostic, Pos, fold, same_word};
use crate::load::csv::{Row, Table, parse_decimal, split_at_decimal_comma, split_number_hint};
use crate::load::printable::{for_message, shown};
use crate::model::{
    Id, Indicator, IndicatorKind, Language, NUMBER_LIMIT_TEXT, PRINTED_DECIMALS, as_printed,
    beyond_number_limit, number_limit_hint,
};

/// A percentage as a responses file gave it.
pub(super) struct Percentage {
    /// The region that answered.
    pub(super) region: Id,
    /// The indicator it answered.
    pub(super) indicator: Id,
    /// The percentage read.
    pub(super) value: f64,
    /// The cell as written.
    pub(super) written: String,
    /// Whether it was written with '%'.
    pub(super) with_sign: bool,
    /// The file it stands in.
    pub(super) file: PathBuf,
    /// Where in the file.
    pub(super) pos: Pos,
}

/// A warning for each region whose every percentage, in all its files, is
/// at most 1, one of them written without '%' between 0 and 1: they read
/// as 0,45 % where the region most likely meant 45 %, a fraction of 1 that
/// a spreadsheet shows as "45 %" and saves as 0,45.
pub(super) fn fractions(percentages: &[Percentage]) -> Vec<Diagnostic> {
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
pub(super) fn split_decimal(table: &Table, row: &Row, indicator: &Indicator) -> Option<Diagnostic> {
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
pub(super) fn mark_before_thousands(
    table: &Table,
    row: &Row,
    indicator: &Indicator,
) -> Option<Diagnostic> {
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
pub(super) fn more_decimals_than_printed(
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
pub(super) struct ValueProblem {
    /// The message, naming the value, the indicator and what was expected.
    pub(super) message: String,
    /// A suggestion, when one is close.
    pub(super) hint: Option<String>,
}

/// Reads a value cell for an indicator: `None` when empty (not answered).
pub(super) fn parse_answer(
    indicator: &Indicator,
    text: &str,
) -> Result<Option<Answer>, ValueProblem> {
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
