//! Numbers as a Swedish spreadsheet or a script writes them: decimal comma
//! or point, spaces or no-break spaces between thousands, and `%`.

/// A number read from a cell, and whether it was written with a `%` sign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    /// The value; `62 %` is 62.
    pub value: f64,
    /// Whether a `%` sign followed the number.
    pub percent: bool,
}

/// Reads a number as Swedes and scripts write it (see [`parse_decimal`]).
pub fn parse_number(text: &str) -> Option<f64> {
    parse_decimal(text).map(|decimal| decimal.value)
}

/// Whether two fields of a file that separates its fields with ',' may be
/// one number split at its unquoted decimal comma: `7,5` read as "7" and
/// "5". The first a whole number, its thousands apart or not ("1 234");
/// the second one to three decimals, with a percent sign if any ("5",
/// "25 %"), not four digits, which are more likely a year.
pub fn split_at_decimal_comma(whole: &str, decimals: &str) -> bool {
    let whole = whole.starts_with(|c: char| c.is_ascii_digit())
        && whole
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '\u{202f}'));
    let digits = decimals.trim_end_matches('%').trim_end();
    whole && (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// What to write for a number split at its decimal comma
/// ([`split_at_decimal_comma`]): the number in double quotes, or with a
/// decimal point. Where the three digits after the comma may be thousands,
/// as English writes them (`1,250`), the thousands are said too, since a
/// point would be read as a decimal: `thousands` says whether the
/// thousands could be meant (the caller knows what the value answers; a
/// number that begins with 0, `0,125`, or a percentage never).
pub fn split_number_hint(whole: &str, decimals: &str, thousands: bool) -> String {
    let three = decimals.len() == 3 && decimals.bytes().all(|b| b.is_ascii_digit());
    // As the hint writes them: '12345 678' is no number.
    let written = parse_decimal(&format!("{whole} {decimals}")).is_some();
    if three && thousands && written && !whole.starts_with('0') {
        format!(
            "write {whole} {decimals} for the thousands, or \"{whole},{decimals}\" in double \
             quotes for the decimal"
        )
    } else {
        format!("write \"{whole},{decimals}\" in double quotes, or {whole}.{decimals}")
    }
}

/// Reads a number with a decimal comma or point, spaces, no-break spaces,
/// narrow no-break spaces or thin spaces between groups of three digits
/// (as word processors and typeset text put them), and an optional
/// `%` after it (with or without a space). A single comma is a decimal comma,
/// so `1,234` is 1.234. Anything else (`12abc`, `1,2,3`, `NaN`, `1e3`, an
/// empty text) is `None`.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let mut rest = text.trim();
    let percent = match rest.strip_suffix('%') {
        Some(before) => {
            rest = before.trim_end();
            true
        }
        None => false,
    };
    let (negative, rest) = match rest.strip_prefix(['-', '\u{2212}']) {
        Some(after) => (true, after),
        None => (false, rest.strip_prefix('+').unwrap_or(rest)),
    };
    let (whole, fraction) = rest.split_once([',', '.']).unwrap_or((rest, ""));
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let groups: Vec<&str> = whole
        .split([' ', '\u{a0}', '\u{202f}', '\u{2009}'])
        .collect();
    let all_digits = |group: &str| group.bytes().all(|b| b.is_ascii_digit());
    let grouped = match groups.as_slice() {
        [single] => all_digits(single),
        [first, rest @ ..] => {
            (1..=3).contains(&first.len())
                && all_digits(first)
                && rest
                    .iter()
                    .all(|group| group.len() == 3 && all_digits(group))
        }
        [] => false,
    };
    let whole: String = groups.concat();
    if !grouped || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let sign = if negative { "-" } else { "" };
    let whole = if whole.is_empty() {
        "0"
    } else {
        whole.as_str()
    };
    let fraction = if fraction.is_empty() { "0" } else { fraction };
    let value: f64 = format!("{sign}{whole}.{fraction}").parse().ok()?;
    // -0 would print as "-0".
    let value = if value == 0.0 { 0.0 } else { value };
    value.is_finite().then_some(Decimal { value, percent })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_swedish_and_script_forms() {
        let cases = [
            ("45,5", 45.5),
            ("45.5", 45.5),
            (" 7 ", 7.0),
            ("1 234", 1234.0),
            ("1\u{a0}234,5", 1234.5),
            ("1\u{202f}234\u{202f}567", 1_234_567.0),
            ("1,234", 1.234),
            ("0", 0.0),
            ("-0", 0.0),
            ("-3", -3.0),
            ("\u{2212}3,5", -3.5),
            ("+2", 2.0),
            (",5", 0.5),
            ("5,", 5.0),
        ];
        for (text, value) in cases {
            assert_eq!(parse_number(text), Some(value), "{text:?}");
        }
        for text in ["62 %", "62%", "62\u{a0}%", " 62\u{202f}% "] {
            assert_eq!(
                parse_decimal(text),
                Some(Decimal {
                    value: 62.0,
                    percent: true
                }),
                "{text:?}"
            );
        }
        assert_eq!(
            parse_decimal("62"),
            Some(Decimal {
                value: 62.0,
                percent: false
            })
        );
    }

    #[test]
    fn garbage_is_not_a_number() {
        for text in [
            "", " ", "%", "12abc", "1,2,3", "1.234,5", "NaN", "nan", "inf", "-inf", "1e3", "12 34",
            "1  234", "1234 567", "- 3", "7 5", "sju", ",", "1,2 %%", "0x10", "1_000",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        /// A value with at most three decimals under the number limit
        /// prints as itself: read back as a CSV file would give it, it is
        /// the same number, in Swedish and in English.
        #[test]
        fn a_number_as_the_documents_print_it_reads_back_as_itself(
            thousandths in -999_999_999_999_999i64..=999_999_999_999_999i64,
        ) {
            use crate::model::Language;
            use crate::render::labels::number;
            let value = thousandths as f64 / 1000.0;
            let swedish = number(value, Language::Sv);
            proptest::prop_assert_eq!(parse_number(&swedish), Some(value), "{}", swedish);
            // English groups its thousands with commas, which a CSV cell
            // does not hold.
            let english = number(value, Language::En).replace(',', "");
            proptest::prop_assert_eq!(parse_number(&english), Some(value), "{}", english);
        }

        #[test]
        fn no_text_makes_the_number_reader_panic(text in "[0-9 ,.%+\\-\u{a0}\u{202f}a]{0,12}") {
            if let Some(decimal) = parse_decimal(&text) {
                proptest::prop_assert!(decimal.value.is_finite());
            }
        }
    }
}
