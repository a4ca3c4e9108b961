//! serde_yaml's messages, turned into ones a secretary can act on.
//!
//! libyaml and serde speak of scalars, mappings, `i32` and "simple keys";
//! the people who edit plan.yaml speak of keys, values, lists and quotes.
//! Each message names the key (as a path such as
//! `action_plan.activities[0].text`), the value found and what was expected,
//! and is placed where the mistake is, which for some syntax errors is not
//! where libyaml noticed it (an unclosed quote is noticed at the end of the
//! file, but is fixed where it opens). Syntax errors are told in `syntax`,
//! values of the wrong type or word in `typed`.

mod syntax;
mod typed;

use crate::load::locate::YamlPath;

pub use syntax::syntax;
pub use typed::typed;

/// Where a mapping is, for messages: "at the top level" or "in 'network'".
pub fn place(parent: &YamlPath) -> String {
    if parent.0.is_empty() {
        "at the top level".into()
    } else {
        format!("in '{parent}'")
    }
}

/// The text between `start` and the next `end` in `text`.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// The value part of a `key: value` line (the whole line when it has no key).
fn value_of(line: &str) -> &str {
    let line = line.trim().trim_start_matches("- ");
    line.split_once(": ")
        .map_or(line, |(_, value)| value)
        .trim()
}
