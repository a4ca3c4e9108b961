//! Reads plan.yaml into the typed [`Plan`], keeping positions for messages.
//!
//! Deserialisation stops at the first problem serde meets, so an unknown key
//! is reported, taken out of the parsed tree (or renamed to the key it is a
//! likely misspelling of, so that the value is not then reported missing) and
//! the tree read again: one run reports every misspelt key and, after them,
//! the validator's findings. Other structural errors (a wrong type, a missing
//! key) end the typed pass, since nothing sound can be built past them.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Pos, suggest};
use crate::load::locate::{Locations, Step, YamlPath};
use crate::load::read_text;
use crate::model::Plan;

/// plan.yaml as read: the typed plan, its text and where each node stands.
#[derive(Debug)]
pub struct PlanFile {
    /// The file as the user named it.
    pub path: std::path::PathBuf,
    /// The typed plan.
    pub plan: Plan,
    /// Positions of keys and values, for the validator's messages.
    pub locations: Locations,
}

/// How many unknown keys one file may report before the rest are left unsaid.
const MAX_UNKNOWN_KEYS: usize = 100;

/// Reads and deserialises plan.yaml, reporting every problem found on the way.
///
/// The plan comes back even when unknown keys were reported (they were
/// taken out), so that the validator can report its findings in the same run.
pub fn load_plan(path: &Path) -> (Option<PlanFile>, Diagnostics) {
    match read_plan(path) {
        Ok((plan, diagnostics)) => (Some(plan), diagnostics),
        Err(diagnostics) => (None, diagnostics),
    }
}

/// `load_plan` with `?`: an error when no typed plan could be made.
fn read_plan(path: &Path) -> Result<(PlanFile, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let text = read_text(path).map_err(|d| {
        let mut all = Diagnostics::new();
        all.push(d);
        all
    })?;

    if text.trim().is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            Some(Pos::line(1)),
            "the file is empty (expected the plan's keys, starting with 'year:')",
        ));
        return Err(diagnostics);
    }

    let mut tree: serde_yaml::Value = match serde_yaml::from_str(&text) {
        Ok(tree) => tree,
        Err(err) => {
            diagnostics.push(syntax_error(path, &text, &err));
            return Err(diagnostics);
        }
    };
    let locations = Locations::of(&text);

    for _ in 0..MAX_UNKNOWN_KEYS {
        match serde_path_to_error::deserialize::<_, Plan>(tree.clone()) {
            Ok(plan) => {
                let file = PlanFile {
                    path: path.to_path_buf(),
                    plan,
                    locations,
                };
                return Ok((file, diagnostics));
            }
            Err(err) => {
                let at = YamlPath::from_serde(err.path());
                let message = err.into_inner().to_string();
                let message = strip_location(&message);
                match UnknownKey::parse(message) {
                    Some(unknown) => {
                        // serde_path_to_error names the unknown key as the path's last step.
                        let parent = match at.last_key() {
                            Some(key) if key == unknown.key => {
                                YamlPath(at.0[..at.0.len() - 1].to_vec())
                            }
                            _ => at,
                        };
                        diagnostics.push(unknown.diagnostic(path, &parent, &locations));
                        let rename =
                            suggest(&unknown.key, unknown.expected.iter().map(String::as_str));
                        if !recover_key(&mut tree, &parent, &unknown.key, rename) {
                            return Err(diagnostics);
                        }
                    }
                    None => {
                        diagnostics.push(structure_error(path, &at, message, &locations));
                        return Err(diagnostics);
                    }
                }
            }
        }
    }
    Err(diagnostics)
}

/// A YAML syntax error, with a hint for the mistakes people make most.
fn syntax_error(path: &Path, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let pos = err.location().map(|l| Pos::new(l.line(), l.column()));
    let message = format!("invalid YAML: {}", strip_location(&err.to_string()));
    let line = pos
        .and_then(|p| text.lines().nth(p.line.saturating_sub(1)))
        .unwrap_or("");
    let diagnostic = Diagnostic::error(path, pos, message.clone());
    if line.contains('\t') {
        diagnostic.with_hint("YAML indentation must use spaces, not tabs")
    } else if message.contains("mapping values are not allowed") {
        diagnostic.with_hint(
            "a value that contains ': ' must be put in quotes, or written as a block after '|'",
        )
    } else {
        diagnostic
    }
}

/// A structural error other than an unknown key: wrong type, missing key, unknown word.
fn structure_error(path: &Path, at: &YamlPath, message: &str, locations: &Locations) -> Diagnostic {
    if let Some(missing) = between(message, "missing field `", "`") {
        let location = if at.0.is_empty() {
            "the top level".to_string()
        } else {
            format!("'{at}'")
        };
        return Diagnostic::error(
            path,
            locations.value(at),
            format!("missing key '{missing}' in {location}"),
        );
    }
    let key = if at.0.is_empty() {
        "the document".to_string()
    } else {
        format!("key '{at}'")
    };
    let message = humanize(message);
    let diagnostic = Diagnostic::error(path, locations.value(at), format!("{key}: {message}"));
    if message.contains("expected a string") {
        diagnostic.with_hint("put the value in quotes to make it text")
    } else {
        diagnostic
    }
}

/// Rewrites serde's type names into words a secretary understands.
fn humanize(message: &str) -> String {
    message
        .replace("invalid type: ", "found ")
        .replace("invalid value: ", "found ")
        .replace("expected i32", "expected a whole number such as 2024")
        .replace("expected f64", "expected a number")
        .replace("expected a boolean", "expected true or false")
        .replace(
            "expected a sequence",
            "expected a list (lines starting with '- ')",
        )
        .replace("expected struct", "expected a block of keys for")
        .replace("unknown variant", "unknown word")
}

/// serde_yaml ends some messages with " at line L column C"; positions are printed separately.
fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The text between `start` and the next `end` in `text`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// An "unknown field" error from serde, taken apart.
struct UnknownKey {
    key: String,
    expected: Vec<String>,
}

impl UnknownKey {
    /// Parses serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
    fn parse(message: &str) -> Option<Self> {
        let key = between(message, "unknown field `", "`")?.to_string();
        let rest = message
            .split_once(", expected ")
            .map(|(_, r)| r)
            .unwrap_or("");
        let expected = rest
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        Some(Self { key, expected })
    }

    /// The message, located at the key, with a suggestion when one is close.
    fn diagnostic(&self, file: &Path, parent: &YamlPath, locations: &Locations) -> Diagnostic {
        let place = if parent.0.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in '{parent}'")
        };
        let allowed = self
            .expected
            .iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let diagnostic = Diagnostic::error(
            file,
            locations.key(&parent.key(&self.key)),
            format!(
                "unknown key '{}' {place} (expected one of {allowed})",
                self.key
            ),
        );
        match suggest(&self.key, self.expected.iter().map(String::as_str)) {
            Some(close) => diagnostic.with_hint(format!("did you mean '{close}'?")),
            None => diagnostic,
        }
    }
}

/// Takes `key` out of the mapping at `parent`, putting its value under
/// `rename` when that key is not there yet; false when there is no such key.
fn recover_key(
    tree: &mut serde_yaml::Value,
    parent: &YamlPath,
    key: &str,
    rename: Option<&str>,
) -> bool {
    let mut node = tree;
    for step in &parent.0 {
        node = match (step, node) {
            (Step::Key(k), serde_yaml::Value::Mapping(map)) => match map.get_mut(k.as_str()) {
                Some(child) => child,
                None => return false,
            },
            (Step::Index(i), serde_yaml::Value::Sequence(seq)) => match seq.get_mut(*i) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    let serde_yaml::Value::Mapping(map) = node else {
        return false;
    };
    let Some(value) = map.remove(key) else {
        return false;
    };
    if let Some(rename) = rename
        && !map.contains_key(rename)
    {
        map.insert(serde_yaml::Value::String(rename.to_string()), value);
    }
    true
}
