//! A value of the wrong type or word (a list where a text was expected,
//! `kind: procent`), told in the words of the people who edit plan.yaml.

use crate::diag::{same_word, suggest};
use crate::load::locate::YamlPath;
use crate::load::printable::for_message;

use super::value_of;

/// A type or value error from the typed pass (not an unknown key), as a
/// message on the key at `at`. `line` is the text of the value's line.
pub fn typed(message: &str, at: &YamlPath, line: &str) -> (String, Option<String>) {
    let key = at.to_string();
    let subject = if key.is_empty() {
        "the file".to_string()
    } else {
        format!("key '{key}'")
    };
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (found, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let words = backticked(expected);
        let listed = list_words(&words);
        // The plan's status and language: only the word written otherwise
        // ('unapproved' is no typo of 'approved', 'es' none of 'en').
        let strict = matches!(at.last_key(), Some("status" | "language"));
        let words_iter = || words.iter().map(String::as_str);
        let hint = synonym(found, &words)
            .or_else(|| {
                if strict {
                    same_word(found, words_iter())
                } else {
                    suggest(found, words_iter())
                }
                .map(str::to_string)
            })
            .map(|w| format!("did you mean '{w}'?"));
        return (
            format!("{subject} is '{}', expected {listed}", for_message(found)),
            hint,
        );
    }
    let body = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "));
    let Some(body) = body else {
        return (format!("{subject}: {message}"), None);
    };
    let (unexpected, expected) = body.split_once(", expected ").unwrap_or((body, ""));
    let written = value_of(line);
    let found = found(unexpected, written);
    let wanted = expected_words(expected);
    if key.is_empty() {
        return (
            format!(
                "the file is {found}, expected a block of 'key: value' lines starting with 'year:'"
            ),
            None,
        );
    }
    let empty = unexpected == "unit value";
    let message = if empty {
        format!("{subject} is empty, expected {wanted}")
    } else {
        format!("{subject} is {found}, expected {wanted}")
    };
    let text_expected = expected == "a string";
    let number_expected = matches!(expected, "i32" | "f64");
    let hint = if empty && written.starts_with('#') {
        Some("'#' starts a comment in YAML, so the value is empty: put the value in quotes".into())
    } else if empty && matches!(written, "null" | "Null" | "NULL" | "~") {
        Some(format!(
            "YAML reads '{written}' as no value: put it in quotes to print it"
        ))
    } else if empty {
        Some("write the value after the ':'".into())
    } else if text_expected && at.last_key() == Some("approved_on") {
        // 20240418: quoted, it would only be a text that is no date.
        Some("write the date YYYY-MM-DD, e.g. 2024-04-18".into())
    } else if expected == "a boolean"
        && unexpected.strip_prefix("string ").is_some_and(|text| {
            matches!(
                text.trim_matches('"').to_lowercase().as_str(),
                "true" | "false"
            )
        })
    {
        Some("write true or false without quotes".into())
    } else if text_expected && unexpected == "sequence" {
        // `responsible:` over `- Name` lines: one text is wanted.
        Some(if written.starts_with('[') {
            "write the value without '[' and ']'".into()
        } else if at.last_key() == Some("responsible") {
            "write the names on one line after the ':', separated by commas".into()
        } else {
            "write the text after the ':', on one line".into()
        })
    } else if text_expected && unexpected == "map" {
        Some("a text holding ': ' must be put in quotes".into())
    } else if text_expected && !unexpected.starts_with("string") {
        Some("put the value in quotes to make it text".into())
    } else if number_expected && looks_like_a_number(unexpected) {
        // Written without quotes, a number is text to YAML when it starts
        // with a 0 (`02024`, as an octal number would), or has a decimal
        // comma (`4,5`).
        let quoted = written.starts_with(['"', '\'']);
        Some(if quoted {
            // A whole number (a year) has no decimals to speak of.
            if expected == "i32" {
                "write the number without quotes".into()
            } else {
                "write the number without quotes, with a '.' before any decimals".into()
            }
        } else if written.contains(',') {
            if expected == "i32" {
                "write a whole number, without a ','".into()
            } else {
                "write decimals after a '.', as 4.5, and thousands with no mark between \
                 them, as 1000"
                    .into()
            }
        } else {
            "write the number without its leading 0".into()
        })
    } else {
        None
    };
    (message, hint)
}

/// Whether serde's "unexpected" part is a quoted number, such as `string "2024"`.
fn looks_like_a_number(unexpected: &str) -> bool {
    unexpected
        .strip_prefix("string ")
        .map(|text| text.trim_matches('"').trim().replace(',', "."))
        .is_some_and(|text| text.parse::<f64>().is_ok_and(f64::is_finite))
}

/// How serde's "unexpected" part reads in a message. A number or true or
/// false is shown as `written` on its line, when it is there as a plain
/// value: `0x10`, which serde gives as 16.
fn found(unexpected: &str, written: &str) -> String {
    if let Some(text) = unexpected.strip_prefix("string ") {
        let text = text.trim_matches('"');
        return format!("'{}'", for_message(text));
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(value) = unexpected.strip_prefix(prefix) {
            let plain = written
                .split_once(" #")
                .map_or(written, |(value, _)| value)
                .trim();
            // One word that is not quoted, a list, a block or an alias.
            let is_plain = !plain.is_empty()
                && !plain.contains([' ', '\t', ':'])
                && !plain.starts_with(['"', '\'', '[', '{', '&', '*', '!']);
            return if is_plain {
                for_message(plain)
            } else {
                value.trim_matches('`').to_string()
            };
        }
    }
    match unexpected {
        "unit value" => "empty".into(),
        "sequence" => "a list".into(),
        "map" => "a block of keys".into(),
        other => other.to_string(),
    }
}

/// How serde's "expected" part reads in a message.
fn expected_words(expected: &str) -> String {
    match expected {
        "i32" | "u32" | "i64" | "u64" | "usize" => "a whole number such as 2024".into(),
        "f64" | "f32" => "a number".into(),
        "a string" => "a text".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list (lines starting with '- ')".into(),
        "a map" => "a block of 'key: value' lines".into(),
        other if other.starts_with("struct ") => "a block of 'key: value' lines".into(),
        other => other.to_string(),
    }
}

/// The words of serde's "one of `a`, `b`" or "`a` or `b`".
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// "'a'", "'a' or 'b'", "one of 'a', 'b', 'c'".
fn list_words(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    match quoted.as_slice() {
        [] => "another word".into(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        many => format!("one of {}", many.join(", ")),
    }
}

/// The word a Swedish (or English) synonym stands for, when it is one of `words`.
fn synonym(found: &str, words: &[String]) -> Option<String> {
    let word =
        match found.trim().to_lowercase().as_str() {
            "godkänd" | "godkand" | "fastställd" | "faststalld" | "antagen" | "beslutad" => {
                "approved"
            }
            "utkast" | "förslag" | "forslag" | "preliminär" => "draft",
            "svenska" | "swedish" | "sve" | "se" | "sv-se" | "sv_se" => "sv",
            "engelska" | "english" | "eng" | "gb" | "uk" | "en-gb" | "en_gb" | "en-us"
            | "en_us" => "en",
            "skala" => "scale",
            "procent" | "andel" | "percentage" => "percent",
            "antal" | "tal" | "nummer" | "count" => "number",
            "ja_delvis_nej" | "ja-delvis-nej" | "ja/delvis/nej" | "yes/partly/no"
            | "yes-partly-no" => "yes_partly_no",
            _ => return None,
        };
    words.iter().any(|w| w == word).then(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_or_false_in_quotes_is_told_to_lose_them_in_any_letter_case() {
        let at = YamlPath::root().key("example");
        for written in ["\"true\"", "'False'", "\"TRUE\""] {
            let word = written.trim_matches(['"', '\'']);
            let (_, hint) = typed(
                &format!("invalid type: string \"{word}\", expected a boolean"),
                &at,
                &format!("example: {written}"),
            );
            assert_eq!(hint.as_deref(), Some("write true or false without quotes"));
        }
    }

    #[test]
    fn only_a_quoted_number_is_told_to_drop_its_quotes() {
        let at = YamlPath::root().key("year");
        let hint = |found: &str| {
            typed(
                &format!("invalid type: string \"{found}\", expected i32"),
                &at,
                "",
            )
            .1
        };
        assert!(hint("2024").is_some());
        assert!(hint("7,5").is_some());
        assert_eq!(hint("tjugo"), None);
    }

    #[test]
    fn type_errors_name_the_key_the_value_and_what_was_expected() {
        let at = YamlPath::root().key("year");
        assert_eq!(
            typed(
                "invalid type: string \"2024\", expected i32",
                &at,
                "year: \"2024\""
            ),
            (
                "key 'year' is '2024', expected a whole number such as 2024".into(),
                Some("write the number without quotes".into())
            )
        );
        // A number that may have decimals says how to write them.
        let at = YamlPath::root().key("indicators").index(0).key("min");
        assert_eq!(
            typed(
                "invalid type: string \"7,5\", expected f64",
                &at,
                "min: \"7,5\""
            )
            .1,
            Some("write the number without quotes, with a '.' before any decimals".into())
        );
        // A number as written, not as serde reads it.
        let at = YamlPath::root().key("regions").index(0).key("code");
        assert_eq!(
            typed(
                "invalid type: integer `16`, expected a string",
                &at,
                "    code: 0x10 # Region Tio"
            ),
            (
                "key 'regions[0].code' is 0x10, expected a text".into(),
                Some("put the value in quotes to make it text".into())
            )
        );
        let at = YamlPath::root().key("status");
        assert_eq!(
            typed(
                "unknown variant `godkänd`, expected `draft` or `approved`",
                &at,
                ""
            ),
            (
                "key 'status' is 'godkänd', expected 'draft' or 'approved'".into(),
                Some("did you mean 'approved'?".into())
            )
        );
        let at = YamlPath::root().key("mission");
        assert_eq!(
            typed(
                "invalid type: unit value, expected a string",
                &at,
                "mission: #1 i Sverige"
            )
            .1
            .as_deref(),
            Some("'#' starts a comment in YAML, so the value is empty: put the value in quotes")
        );
    }
}
