//! Reads plan.yaml into the typed [`Plan`], keeping positions for messages.
//!
//! Deserialisation stops at the first problem serde meets, so every problem
//! is reported and then repaired in the parsed tree, and the tree read
//! again, until it reads: one run reports every mistake of the file. An
//! unknown key is taken out (or renamed to the key it is a likely
//! misspelling of, so that its value is not then reported missing); a value
//! of the wrong type, an unknown word or a missing key gets a stand-in value
//! of the right shape, found by trying one of each shape. Problems inside a
//! stand-in are not the user's and are not reported. Only a plan whose
//! problems were all unknown keys goes on to the validator; a stand-in is
//! no data to check.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::diag::{Diagnostic, Diagnostics, Pos, file_lines, suggest};
use crate::load::locate::{Locations, Mark, Marked, Step, YamlPath};
use crate::load::printable::for_message;
use crate::load::yaml_error::{self, between, place};
use crate::load::yaml_guard;
use crate::load::{BOM, PLAN_FILE, data_folder, data_option, decode_text, read_bytes};
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
    /// The text of the file, for messages that point inside a value.
    pub text: String,
    /// The SHA-256 of the bytes read, for the manifest.
    pub sha256: String,
    /// Whether the bytes start with a byte-order mark (as Notepad may save
    /// them), which `text` leaves out: a copy keeps it.
    pub bom: bool,
}

/// How many problems one file may report before the rest are left unsaid;
/// also bounds the rounds of repair.
const MAX_ROUNDS: usize = 200;

/// How many numbers written where a text belongs are read as that text
/// (each a pass over the whole plan); past them each is an error.
const MAX_NUMBERS_AS_TEXT: usize = 2_000;

/// Reads and deserialises plan.yaml, reporting every problem found on the
/// way. `path` is `DATA/YEAR/plan.yaml`: the file must really lie in DATA.
///
/// The plan comes back even when unknown keys were reported (they were
/// taken out), so that the validator can report its findings in the same
/// run; not when a value had to be stood in for (see [`read_plan`]).
pub fn load_plan(path: &Path) -> (Option<PlanFile>, Diagnostics) {
    let (read, diagnostics) = read_plan(path);
    (read.without_stand_ins(), diagnostics)
}

/// Reads plan.yaml as [`load_plan`] does, and returns it repaired where
/// it could not be read as written, so that the year's other problems can
/// be found in the same run.
pub fn read_plan(path: &Path) -> (PlanRead, Diagnostics) {
    if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        let folder = path.parent().unwrap_or(Path::new("."));
        let message = format!(
            "there is no plan.yaml in {} (every year folder needs one)",
            folder.display()
        );
        let error = Diagnostic::error(path, None, message);
        let year = folder
            .file_name()
            .and_then(|name| name.to_str())
            .filter(|name| crate::config::parse_year(name).is_some());
        // new-year starts the latest year from the one before it: where
        // this is the latest year folder and an earlier one has a plan.
        let starts_from_an_earlier_plan = |year: &str| {
            let data = folder.parent().unwrap_or(Path::new("."));
            let others: Vec<(String, PathBuf)> = std::fs::read_dir(data)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| {
                    (
                        entry.file_name().to_string_lossy().into_owned(),
                        entry.path(),
                    )
                })
                .filter(|(name, _)| crate::config::parse_year(name).is_some() && name != year)
                .collect();
            others.iter().all(|(name, _)| name.as_str() < year)
                && others
                    .iter()
                    .any(|(_, path)| path.join(PLAN_FILE).is_file())
        };
        let year = year.filter(|year| starts_from_an_earlier_plan(year));
        let others = plans_under_other_names(folder);
        let error = match (others.as_slice(), year) {
            ([name], _) => error.with_hint(format!("rename '{name}' to plan.yaml")),
            ([_, _, ..], _) => error.with_hint(format!(
                "keep one of {}, renamed to plan.yaml",
                others.join(" and ")
            )),
            ([], Some(year)) => {
                let data = data_option(folder.parent().unwrap_or(Path::new("data")));
                error.with_hint(format!(
                    "hfs-report new-year {year}{data} makes one from the latest plan before it"
                ))
            }
            ([], None) => error,
        };
        return (PlanRead::Unread, Diagnostics::from(error));
    }
    match read_bytes(path, data_folder(path, 2)) {
        Ok(bytes) => read_plan_bytes(path, &bytes),
        Err(diagnostic) => (PlanRead::Unread, Diagnostics::from(diagnostic)),
    }
}

/// Every file of the year folder that may be the plan saved under another
/// name: `plan.yml`, `plan.yaml.txt` as Notepad saves it (Windows hides the
/// `.txt`), `plan-2024.yaml`, `PLAN.yaml` (which is read as the plan only
/// where it is the one name of plan.yaml in another letter case); in name
/// order.
pub fn plans_under_other_names(folder: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let lower = name.to_lowercase();
            // `plan.yml`, `plan.yaml.txt`, `plan-2024.yaml`, `plan (1).yaml`,
            // `Plan.yaml`; not `planering.yaml`, nor plan.yaml itself.
            let plan = lower
                .strip_prefix("plan")
                .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
                && (lower.contains(".yaml") || lower.contains(".yml"))
                && name != PLAN_FILE;
            (plan && entry.path().is_file()).then_some(name)
        })
        .collect();
    found.sort();
    found
}

/// [`parse_plan`] on the bytes of a file named `path`.
pub fn plan_from_bytes(path: &Path, bytes: &[u8]) -> (Option<PlanFile>, Diagnostics) {
    let (read, diagnostics) = read_plan_bytes(path, bytes);
    (read.without_stand_ins(), diagnostics)
}

/// [`read_plan`] on the bytes of a file named `path`.
pub fn read_plan_bytes(path: &Path, bytes: &[u8]) -> (PlanRead, Diagnostics) {
    match decode_text(path, bytes) {
        Ok(text) => {
            let bom = bytes.starts_with(BOM.as_bytes());
            read_plan_text(path, &text, crate::manifest::sha256(bytes), bom)
        }
        Err(diagnostic) => (PlanRead::Unread, Diagnostics::from(diagnostic)),
    }
}

/// Parses the text of plan.yaml (named `path` in messages), as
/// [`load_plan`] reads a file.
pub fn parse_plan(path: &Path, text: &str) -> (Option<PlanFile>, Diagnostics) {
    let sha256 = crate::manifest::sha256(text.as_bytes());
    let (read, diagnostics) = read_plan_text(path, text, sha256, text.starts_with(BOM));
    (read.without_stand_ins(), diagnostics)
}

/// Parses the text of plan.yaml, as [`read_plan`] reads a file.
fn read_plan_text(path: &Path, text: &str, sha256: String, bom: bool) -> (PlanRead, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let empty = |what: &str| {
        Diagnostics::from(Diagnostic::error(
            path,
            Some(Pos::line(1)),
            format!("the file {what} (expected the plan's keys, starting with 'year:')"),
        ))
    };
    if text.trim().is_empty() {
        return (PlanRead::Unread, empty("is empty"));
    }
    if let Some(costly) = yaml_guard::check(path, text) {
        return (PlanRead::Unread, Diagnostics::from(costly));
    }
    let mut locations = Locations::of(text);
    let tree: Value = match serde_yaml::from_str(text) {
        Ok(tree) => tree,
        Err(err) => {
            // Every other problem is found in one run; this one stops the
            // reading, and the person fixing it should know more may follow.
            for mut diagnostic in yaml_error::syntax(path, text, &err, &locations) {
                const NO_FURTHER: &str = "the file is read no further: other mistakes show once this \
                                          is fixed";
                diagnostic.hint = Some(match diagnostic.hint {
                    Some(hint) => format!("{hint}; {NO_FURTHER}"),
                    None => NO_FURTHER.to_string(),
                });
                diagnostics.push(diagnostic);
            }
            return (PlanRead::Unread, diagnostics);
        }
    };
    if tree.is_null() {
        return (PlanRead::Unread, empty("holds only comments"));
    }
    for marked in locations.dropped_marks() {
        // A tag as written ('!!Viktigt', not libyaml's resolved tag); it
        // stands before the value, perhaps after an anchor.
        let written = locations
            .scalar_bytes(&marked.path)
            .and_then(|bytes| text.get(bytes))
            .and_then(|value| {
                value
                    .split_whitespace()
                    .take(2)
                    .find(|w| w.starts_with('!'))
            });
        diagnostics.push(dropped_mark(path, marked, written));
    }
    for warning in list_items_in_plain_texts(path, text, &locations) {
        diagnostics.push(warning);
    }

    let mut reader = Reader {
        path,
        text,
        locations: &mut locations,
        tree,
        stand_ins: HashMap::new(),
        words: Vec::new(),
        taken_out: Vec::new(),
        structural: false,
        diagnostics,
    };
    let plan = reader.read();
    let Reader {
        diagnostics,
        structural,
        stand_ins,
        mut words,
        taken_out,
        ..
    } = reader;
    let Some(plan) = plan else {
        return (PlanRead::Unread, diagnostics);
    };
    let file = PlanFile {
        path: path.to_path_buf(),
        plan,
        locations,
        text: text.to_string(),
        sha256,
        bom,
    };
    let mut stand_ins: Vec<YamlPath> = stand_ins.into_keys().collect();
    stand_ins.sort_by_key(ToString::to_string);
    words.sort_by_key(ToString::to_string);
    let repairs = Repairs {
        stand_ins,
        words,
        taken_out,
    };
    // (A stand-in is put in only where a problem is structural.)
    let read = if structural || !repairs.is_empty() {
        PlanRead::Repaired { file, repairs }
    } else {
        PlanRead::Read(file)
    };
    (read, diagnostics)
}

/// A warning at each line of a text written plain (without quotes or
/// `|`) that starts with `- `: YAML reads it as more of the text above,
/// since it is indented more than that text's key or item, though it
/// looks like a list item of its own (a theme group indented one step
/// too far prints as part of the one above, and the groups are counted
/// one fewer).
fn list_items_in_plain_texts(path: &Path, text: &str, locations: &Locations) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (value_path, bytes) in locations.plain_values() {
        let Some(written) = text.get(bytes.clone()) else {
            continue;
        };
        let (starts, lines): (Vec<usize>, Vec<&str>) = file_lines(written).unzip();
        let in_a_list = matches!(value_path.0.last(), Some(Step::Index(_)));
        for (i, line) in lines.iter().enumerate() {
            let start = bytes.start + starts[i];
            let item = line.trim_start();
            if i == 0 || !(item.starts_with("- ") || item.trim_end() == "-") {
                continue;
            }
            // After a blank line the item starts a line of a key's text,
            // and a text of Markdown makes a list of it; a list's item
            // takes it in all the same.
            let Some(above_at) = (0..i).rev().find(|&k| !lines[k].trim().is_empty()) else {
                continue;
            };
            if above_at + 1 < i && !in_a_list {
                continue;
            }
            // The line above, the value's anchor or tag (`&namn`, `!tagg`)
            // left out.
            let above = lines[above_at].trim();
            let above = if above_at == 0 {
                let marks: usize = above
                    .split_inclusive(' ')
                    .take_while(|w| w.starts_with(['&', '!']))
                    .map(str::len)
                    .sum();
                above[marks..].trim_start()
            } else {
                above
            };
            let pos = Pos::of_byte(text, start + (line.len() - item.len()));
            let hint = if in_a_list {
                "to make it an item of its own, indent its '-' as the '-' of the item above"
            } else {
                "to write a list in a text, write the text on the lines after '|'"
            };
            found.push(
                Diagnostic::warning(
                    path,
                    Some(pos),
                    format!(
                        "the line '{}' is read as more of the text above it, after '{}', \
                         being indented more than that text's start",
                        for_message(item.trim_end()),
                        for_message(above)
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    found
}

/// plan.yaml as read: as written, or repaired where it could not be.
#[derive(Debug)]
pub enum PlanRead {
    /// As written.
    Read(PlanFile),
    /// Read with its problems reported and worked around (see [`Repairs`]):
    /// good for finding the file's other problems in the same run, never
    /// for a document.
    Repaired { file: PlanFile, repairs: Repairs },
    /// Not read at all (not YAML, empty, or beyond repair).
    Unread,
}

impl PlanRead {
    /// The plan unless a value in it is a stand-in (a plan whose unknown
    /// keys were only taken out is kept, so that the validator can report
    /// its findings too).
    pub fn without_stand_ins(self) -> Option<PlanFile> {
        match self {
            PlanRead::Read(file) => Some(file),
            PlanRead::Repaired { file, repairs } if repairs.stand_ins.is_empty() => Some(file),
            PlanRead::Repaired { .. } | PlanRead::Unread => None,
        }
    }

    /// The plan as read, repaired or not: for looking up the names of
    /// another year's plan, whose own problems are its own check's.
    pub fn names_only(self) -> Option<Plan> {
        match self {
            PlanRead::Read(file) | PlanRead::Repaired { file, .. } => Some(file.plan),
            PlanRead::Unread => None,
        }
    }
}

/// Where a plan read with problems differs from the file, each reported.
#[derive(Debug, Default)]
pub struct Repairs {
    /// The paths given a stand-in value: a value missing or of the wrong
    /// type or word.
    pub stand_ins: Vec<YamlPath>,
    /// Those of the stand-ins that replace a single value of the wrong
    /// word or type (`language: EN`, `min: ett`), rather than a missing
    /// value or a list or mapping where a value goes: where the file's
    /// shape is as it should be, so that nothing was moved.
    pub words: Vec<YamlPath>,
    /// The unknown keys taken out.
    pub taken_out: Vec<TakenOut>,
}

impl Repairs {
    /// Whether the plan was read as written.
    pub fn is_empty(&self) -> bool {
        self.stand_ins.is_empty() && self.taken_out.is_empty()
    }
}

/// An unknown key taken out of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenOut {
    /// The mapping it was in.
    pub mapping: YamlPath,
    /// What became of its value.
    pub value: TakenValue,
}

/// The value of an unknown key, as the plan was read without the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakenValue {
    /// Moved to the known key the unknown one resembles (`kod:` read as
    /// `code:`).
    Renamed,
    /// Left out: a single value.
    DroppedValue,
    /// Left out: a list or a mapping, which may be a whole list of the plan
    /// misplaced (`indicators:` indented under `action_plan:`), so that the
    /// plan reads without it.
    DroppedBlock,
}

/// An anchor or tag that took the first word of a value (see
/// [`Locations::dropped_marks`]).
fn dropped_mark(path: &Path, marked: &Marked, written: Option<&str>) -> Diagnostic {
    let (written, what) = match marked.mark {
        Mark::Anchor => (format!("&{}", marked.name), "the name of an anchor"),
        Mark::Tag => (
            written.map_or_else(|| marked.name.clone(), str::to_string),
            "a tag",
        ),
    };
    Diagnostic::error(
        path,
        Some(marked.pos),
        format!(
            "key '{}' starts with '{written}', which YAML reads as {what} and leaves out of the text",
            marked.path
        ),
    )
    .with_hint(format!(
        "put the whole value in quotes: \"{written} …\""
    ))
}

/// The typed pass over a parsed tree, repairing it problem by problem.
struct Reader<'a> {
    /// The file, for messages.
    path: &'a Path,
    /// Its text, for hints that look at a line.
    text: &'a str,
    /// Where each node stands (a renamed key's value where it is written).
    locations: &'a mut Locations,
    /// The parsed tree, repaired as problems are reported.
    tree: Value,
    /// The paths given a stand-in value, with the shape tried there.
    stand_ins: HashMap<YamlPath, usize>,
    /// The stand-ins for a single value of the wrong word or type.
    words: Vec<YamlPath>,
    /// The unknown keys taken out.
    taken_out: Vec<TakenOut>,
    /// Whether a problem other than an unknown key was found.
    structural: bool,
    /// Everything reported.
    diagnostics: Diagnostics,
}

impl Reader<'_> {
    /// Reads the tree until it deserialises or cannot be repaired.
    fn read(&mut self) -> Option<Plan> {
        let (mut rounds, mut numbers) = (0, 0);
        while rounds < MAX_ROUNDS {
            let err = match serde_path_to_error::deserialize::<_, Plan>(self.tree.clone()) {
                Ok(plan) => return Some(plan),
                Err(err) => err,
            };
            let at = YamlPath::from_serde(err.path());
            // From a tree, not text: serde_yaml's message carries no
            // position (" at line L" in it is the user's value).
            let message = err.into_inner().to_string();
            let message = message.as_str();
            // A number written where a text belongs is read as that text:
            // no problem, so none of the rounds that bound the problems
            // (a budget of its own bounds the passes it takes).
            if numbers < MAX_NUMBERS_AS_TEXT
                && let Some(text) = self.number_as_text(&at, message)
            {
                numbers += 1;
                if set_at(&mut self.tree, &at, Value::String(text)) {
                    continue;
                }
            }
            rounds += 1;
            let repaired = match UnknownKey::parse(message) {
                Some(unknown) => self.unknown_key(at, unknown),
                None => self.wrong_value(at, message),
            };
            if !repaired {
                break;
            }
        }
        // Whatever stopped the reading, it is not silent.
        if !self.diagnostics.has_errors() {
            self.diagnostics.push(Diagnostic::error(
                self.path,
                None,
                format!(
                    "the file is read no further: it holds more than {MAX_ROUNDS} values to \
                     repair"
                ),
            ));
        }
        None
    }

    /// Whether `path` lies inside a stand-in (so its problems are not the user's).
    fn inside_stand_in(&self, path: &YamlPath) -> bool {
        self.stand_ins.keys().any(|p| path.is_below(p))
    }

    /// Reports an unknown key and takes it out of the tree.
    fn unknown_key(&mut self, at: YamlPath, unknown: UnknownKey) -> bool {
        // serde_path_to_error names the unknown key as the path's last step.
        let parent = match at.last_key() {
            Some(key) if key == unknown.key => at.parent(),
            _ => at,
        };
        if !self.inside_stand_in(&parent) {
            let diagnostic = unknown.diagnostic(self.path, &parent, self.locations);
            self.diagnostics.push(diagnostic);
        }
        let rename = suggest(&unknown.key, unknown.expected.iter().map(String::as_str));
        let Some(value) = recover_key(&mut self.tree, &parent, &unknown.key, rename) else {
            return false;
        };
        if let (TakenValue::Renamed, Some(rename)) = (value, rename) {
            // So that what is said of the value ('knid: procent', read as
            // 'kind') points at it.
            self.locations
                .alias(&parent.key(&unknown.key), &parent.key(rename));
        }
        self.taken_out.push(TakenOut {
            mapping: parent,
            value,
        });
        true
    }

    /// Reports a missing key, a wrong type or an unknown word, and puts a
    /// stand-in value in its place.
    fn wrong_value(&mut self, at: YamlPath, message: &str) -> bool {
        let missing = between(message, "missing field `", "`").map(str::to_string);
        let target = match &missing {
            Some(key) => at.key(key),
            None => at.clone(),
        };
        let shape = match self.stand_ins.get_mut(&target) {
            // A stand-in of the wrong shape: try the next one.
            Some(tried) => {
                *tried += 1;
                *tried
            }
            None => {
                // A value emptied by an anchor or tag is reported as that.
                let marked = self.locations.dropped_marks().any(|m| m.path == target);
                if !self.inside_stand_in(&target) && !marked {
                    let diagnostic = match &missing {
                        Some(key) => self.missing_key(&at, key),
                        None => self.wrong_type(&at, message),
                    };
                    self.diagnostics.push(diagnostic);
                }
                self.structural = true;
                let written = node_at(&self.tree, &target);
                if missing.is_none() && written.is_some_and(|v| !v.is_mapping() && !v.is_sequence())
                {
                    self.words.push(target.clone());
                }
                self.stand_ins.insert(target.clone(), 0);
                0
            }
        };
        match stand_in(message, shape) {
            Some(value) => set_at(&mut self.tree, &target, value),
            None => false,
        }
    }

    /// The text of a number, or true or false, written plain where a text
    /// is expected (`timeline: 2024`, `code: 21`), as it is written: YAML
    /// reads it as a number, but a person wrote the text to print. `None`
    /// for any other problem, or a value written with quotes, an anchor
    /// or a tag.
    fn number_as_text(&self, at: &YamlPath, message: &str) -> Option<String> {
        let found = message
            .strip_prefix("invalid type: ")?
            .strip_suffix(", expected a string")?;
        if !["integer ", "floating point ", "boolean "]
            .iter()
            .any(|kind| found.starts_with(kind))
        {
            return None;
        }
        let written = self.text.get(self.locations.scalar_bytes(at)?)?.trim();
        let plain = written
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        plain.then(|| written.to_string())
    }

    /// "missing key 'timeline' in 'action_plan.activities\[0\]' (id 'a1')".
    fn missing_key(&self, at: &YamlPath, key: &str) -> Diagnostic {
        let id = node_at(&self.tree, at)
            .and_then(|node| node.get("id"))
            .and_then(Value::as_str)
            .map(|id| format!(", the one with id '{}'", for_message(id)))
            .unwrap_or_default();
        let place = place(at);
        if !at.0.is_empty() {
            return Diagnostic::error(
                self.path,
                self.locations.value(at),
                format!("missing key '{key}' {place}{id}"),
            )
            .with_hint(format!("add a line '{key}: ...'"));
        }
        // At the top level: where the key goes, before the next key of
        // plan.yaml's order that the file has (or after the last).
        let order = top_level_keys();
        let written = |other: &String| {
            let path = YamlPath::root().key(other);
            node_at(&self.tree, &path)
                .is_some()
                .then(|| self.locations.key(&path))
                .flatten()
        };
        let next = order
            .iter()
            .skip_while(|other| *other != key)
            .skip(1)
            .find_map(|other| Some((other, written(other)?)));
        let (pos, hint) = match next {
            Some((other, pos)) => (
                Some(Pos::line(pos.line)),
                format!("add a line '{key}: ...' above '{other}:'"),
            ),
            None => (None, format!("add a line '{key}: ...'")),
        };
        Diagnostic::error(self.path, pos, format!("missing key '{key}' {place}{id}"))
            .with_hint(hint)
    }

    /// A value of the wrong type or an unknown word, at the value.
    fn wrong_type(&self, at: &YamlPath, message: &str) -> Diagnostic {
        let pos = self.locations.value(at);
        let line = pos
            .and_then(|p| file_lines(self.text).nth(p.line.saturating_sub(1)))
            .map_or("", |(_, line)| line);
        let (message, hint) = yaml_error::typed(message, at, line);
        let diagnostic = Diagnostic::error(self.path, pos, message);
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }
}

/// The stand-in values tried, in order, for a value of the wrong shape:
/// the first word serde expects for an unknown word, else one of each shape.
/// (A missing key of words, `status`, is first given the empty text, which
/// serde then reports as an unknown word: it gets the first word next.)
fn stand_in(message: &str, shape: usize) -> Option<Value> {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
        let first = expected.split('`').nth(1)?;
        return (shape <= 1).then(|| Value::String(first.to_string()));
    }
    let shapes = [
        Value::String(String::new()),
        Value::Number(0.into()),
        Value::Bool(false),
        Value::Sequence(Vec::new()),
        Value::Mapping(serde_yaml::Mapping::new()),
    ];
    shapes.into_iter().nth(shape)
}

/// The node at `path`, when there is one.
fn node_at<'v>(tree: &'v Value, path: &YamlPath) -> Option<&'v Value> {
    let mut node = tree;
    for step in &path.0 {
        node = match step {
            Step::Key(key) => node.as_mapping()?.get(key.as_str())?,
            Step::Index(i) => node.as_sequence()?.get(*i)?,
        };
    }
    Some(node)
}

/// Puts `value` at `path` (adding the last key to its mapping); false when
/// the parent is not there or not a container.
fn set_at(tree: &mut Value, path: &YamlPath, value: Value) -> bool {
    let Some((last, parents)) = path.0.split_last() else {
        *tree = value;
        return true;
    };
    let mut node = tree;
    for step in parents {
        let child = match step {
            Step::Key(key) => node
                .as_mapping_mut()
                .and_then(|map| map.get_mut(key.as_str())),
            Step::Index(i) => node.as_sequence_mut().and_then(|seq| seq.get_mut(*i)),
        };
        match child {
            Some(child) => node = child,
            None => return false,
        }
    }
    match (last, node) {
        (Step::Key(key), Value::Mapping(map)) => {
            map.insert(Value::String(key.clone()), value);
            true
        }
        (Step::Index(i), Value::Sequence(seq)) => match seq.get_mut(*i) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// An "unknown field" error from serde, taken apart.
struct UnknownKey {
    key: String,
    expected: Vec<String>,
}

/// plan.yaml's top-level keys in the order the plan documents them, as
/// serde knows them: the keys it expects in place of an unknown one.
fn top_level_keys() -> Vec<String> {
    let probe = Value::Mapping([(Value::from("\u{0}"), Value::Null)].into_iter().collect());
    serde_yaml::from_value::<Plan>(probe)
        .err()
        .and_then(|err| UnknownKey::parse(&err.to_string()).map(|u| u.expected))
        .unwrap_or_default()
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
        let place = place(parent);
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
                for_message(&self.key)
            ),
        );
        if let Some(close) = suggest(&self.key, self.expected.iter().map(String::as_str)) {
            return diagnostic.with_hint(format!("did you mean '{close}'?"));
        }
        // A top-level key indented under the block above it.
        match parent.0.first() {
            Some(Step::Key(block)) if top_level_keys().contains(&self.key) => {
                diagnostic.with_hint(format!(
                    "'{}' is a key of the top level: write it at the left margin, as '{block}:' is",
                    for_message(&self.key)
                ))
            }
            _ => diagnostic,
        }
    }
}

/// Takes `key` out of the mapping at `parent`, putting its value under
/// `rename` when that key is not there yet; `None` when there is no such key.
fn recover_key(
    tree: &mut Value,
    parent: &YamlPath,
    key: &str,
    rename: Option<&str>,
) -> Option<TakenValue> {
    let mut node = tree;
    for step in &parent.0 {
        node = match (step, node) {
            (Step::Key(k), Value::Mapping(map)) => map.get_mut(k.as_str())?,
            (Step::Index(i), Value::Sequence(seq)) => seq.get_mut(*i)?,
            _ => return None,
        };
    }
    let Value::Mapping(map) = node else {
        return None;
    };
    let value = map.remove(key)?;
    if let Some(rename) = rename
        && !map.contains_key(rename)
    {
        map.insert(Value::String(rename.to_string()), value);
        return Some(TakenValue::Renamed);
    }
    let block = match &value {
        Value::Tagged(tagged) => &tagged.value,
        value => value,
    };
    Some(match block {
        Value::Sequence(_) | Value::Mapping(_) => TakenValue::DroppedBlock,
        _ => TakenValue::DroppedValue,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = include_str!("../../tests/bad/plan.yaml");

    /// The line of the minimal plan that starts with `start`, from 1.
    fn line_of(start: &str) -> usize {
        PLAN.lines().position(|l| l.starts_with(start)).unwrap_or(0) + 1
    }

    /// Asserts that `text` reads as one error, starting so.
    #[track_caller]
    fn assert_one_error_starting(text: &str, start: &str) {
        let errors = messages(text);
        assert!(
            errors.len() == 1 && errors[0].starts_with(start),
            "{errors:?}"
        );
    }

    fn messages(text: &str) -> Vec<String> {
        let (_, diagnostics) = parse_plan(Path::new("plan.yaml"), text);
        diagnostics.sorted().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn the_minimal_plan_reads() {
        let (plan, diagnostics) = parse_plan(Path::new("plan.yaml"), PLAN);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert!(plan.is_some());
    }

    #[test]
    fn the_plan_saved_under_another_name_is_found_but_not_another_file() {
        let found = |names: &[&str]| {
            let dir = tempfile::tempdir().expect("a folder");
            for name in names {
                std::fs::write(dir.path().join(name), "year: 2024\n").expect("written");
            }
            plans_under_other_names(dir.path())
        };
        assert_eq!(found(&["plan.yaml.txt"]), ["plan.yaml.txt"]);
        assert_eq!(found(&["plan.yml"]), ["plan.yml"]);
        assert_eq!(found(&["plan-2024.yaml"]), ["plan-2024.yaml"]);
        assert_eq!(
            found(&["planering.yaml", "plan.yaml"]),
            Vec::<String>::new()
        );
        // Two: which one is meant is not for the tool to say.
        assert_eq!(
            found(&["plan.yml", "plan.yaml.txt"]),
            ["plan.yaml.txt", "plan.yml"]
        );
        assert_eq!(
            found(&["PLAN.yaml", "Plan.yaml"]),
            ["PLAN.yaml", "Plan.yaml"]
        );
    }

    #[test]
    fn a_year_with_two_plans_in_other_letter_cases_is_told_to_keep_one_not_to_start_a_plan() {
        // Neither PLAN.yaml nor Plan.yaml is read (which one is meant is
        // not for the tool to say), and new-year refuses such a folder: the
        // error named new-year, as for a folder without any plan.
        let dir = tempfile::tempdir().expect("a folder");
        let data = dir.path().join("data");
        for (year, name) in [
            ("2023", "plan.yaml"),
            ("2024", "PLAN.yaml"),
            ("2024", "Plan.yaml"),
        ] {
            std::fs::create_dir_all(data.join(year)).expect("a folder");
            std::fs::write(data.join(year).join(name), PLAN).expect("written");
        }
        let (_, diagnostics) = read_plan(&data.join("2024/plan.yaml"));
        let message = diagnostics.to_string();
        assert!(
            message.contains("(keep one of PLAN.yaml and Plan.yaml, renamed to plan.yaml)"),
            "{message}"
        );
        assert!(!message.contains("new-year"), "{message}");
    }

    #[test]
    fn a_key_after_a_line_separator_in_quotes_is_placed_on_its_own_line() {
        // libyaml counts U+2028 and U+0085 as line breaks; the file, and
        // every editor, does not.
        for separator in ['\u{2028}', '\u{85}'] {
            let text = PLAN.replace(
                "mission: Vi ska driva utveckling.",
                &format!("mission: \"Vi ska{separator}driva.\"\nmision: dubbel"),
            );
            let at = text.find("mision:").expect("written");
            let pos = Pos::of_byte(&text, at);
            let found = messages(&text);
            assert!(
                found[0].starts_with(&format!(
                    "plan.yaml:{}:{}: error: unknown key 'mision'",
                    pos.line,
                    pos.column.unwrap_or(0)
                )),
                "{found:?}"
            );
        }
    }

    #[test]
    fn a_pasted_character_is_blamed_only_where_it_stops_the_reading() {
        let no_further = "the file is read no further: other mistakes show once this is fixed";
        // A line separator inside quotes is read; the tab stops the file.
        let text = PLAN
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: \"Vi ska\u{2028}driva.\"",
            )
            .replace("  short_name: HFS", "\tshort_name: HFS");
        assert_eq!(
            messages(&text),
            [format!(
                "plan.yaml:7:1: error: a tab is used for indentation (YAML indents with spaces only) (replace the tab with spaces; {no_further})"
            )]
        );
        // A separator inside quotes is read: the mistake after it is named,
        // on its line as the file counts them (libyaml counts one more).
        let text = PLAN.replace(
            "mission: Vi ska driva utveckling.",
            "mission: \"Vi ska\u{2028}driva\" utveckling.",
        );
        let line = line_of("mission:");
        assert_one_error_starting(&text, &format!("plan.yaml:{line}:"));
        assert!(messages(&text)[0].contains("text follows it"));
        // Only the separator that stops the reading, though twenty harmless
        // ones stand before it; and not a mark after where it stopped.
        let harmless = format!("  short_name: \"H{}\"", "\u{2028}".repeat(20));
        let text = PLAN.replace("  short_name: HFS", &harmless).replace(
            "  parent: Health Promoting",
            "  parent: Health\u{2028}Promoting",
        );
        assert_one_error_starting(
            &text,
            &format!(
                "plan.yaml:{}:17: error: found an invisible line separator",
                line_of("  parent:")
            ),
        );
        let text = PLAN
            .replace("  short_name: HFS", "  short_name: \"HFS\" x")
            .replace("about:", "\u{feff}about:");
        assert_one_error_starting(
            &text,
            &format!("plan.yaml:{}:21:", line_of("  short_name:")),
        );
        // Lines ended by a carriage return alone, as old Macs saved them,
        // and separators inside quotes, which libyaml counts as breaks.
        let text = PLAN
            .replace(
                "  short_name: HFS",
                "  short_name: \"H\u{2028}F\u{2028}S\" x",
            )
            .replace('\n', "\r");
        assert_one_error_starting(
            &text,
            &format!(
                "plan.yaml:{}:23: error: the value starts with",
                line_of("  short_name:")
            ),
        );
        let text = PLAN
            .replace("  short_name: HFS", "  short_name: H\u{b}FS")
            .replace('\n', "\r");
        assert_eq!(
            messages(&text),
            [format!(
                "plan.yaml:7:16: error: found a vertical tab (U+000B, a line break pasted from Word), which YAML cannot read (delete it, or put a space in its place; {no_further})"
            )]
        );
    }

    #[test]
    fn a_number_written_where_a_text_is_expected_is_that_text_as_written() {
        // YAML reads them as numbers (0x15 as 21, 1.50 as 1.5) or true;
        // the person wrote the text to print.
        let text = PLAN
            .replacen("    code: \"21\"", "    code: 0x15", 1)
            .replace("      timeline: Klart februari", "      timeline: 2024")
            .replace(
                "      responsible: Projektledare",
                "      responsible: 1.50",
            )
            .replace("    - Tobak", "    - true");
        let (plan, diagnostics) = parse_plan(Path::new("plan.yaml"), &text);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        let plan = plan.expect("read").plan;
        assert_eq!(plan.regions[0].code.as_deref(), Some("0x15"));
        let activity = &plan.action_plan.activities[0];
        assert_eq!(activity.timeline.as_str(), "2024");
        assert_eq!(activity.responsible.as_str(), "1.50");
        assert_eq!(plan.organisation.theme_groups[0].as_str(), "true");
        // More of them than the problems a file may report: each read.
        let many: String = (0..300).map(|n| format!("    - {n}.5\n")).collect();
        let (plan, diagnostics) = parse_plan(
            Path::new("plan.yaml"),
            &PLAN.replace("    - Tobak\n", &many),
        );
        assert!(diagnostics.is_empty(), "{diagnostics}");
        let groups = plan.expect("read").plan.organisation.theme_groups;
        assert_eq!(groups.len(), 300);
        assert_eq!(groups[299].as_str(), "299.5");
        // Quoted, a number is text already; the wrong kind elsewhere is
        // still an error.
        let (_, diagnostics) = parse_plan(
            Path::new("plan.yaml"),
            &PLAN.replace("year: 2024", "year: tjugo"),
        );
        assert!(diagnostics.has_errors());
    }

    #[test]
    fn a_list_item_indented_into_the_text_above_is_warned_about() {
        // A theme group one step too far in is more of the one above; a
        // text of a key continued with '- ' is no list either. Quoted or
        // after '|', the line is the text's own.
        let text = PLAN
            .replace("    - Tobak", "    - !!str  Tobak\n      - Alkohol")
            .replace("about: Om nätverket.", "about: Vi arbetar med\n  - tobak")
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: \"Vi ska\n  - driva utveckling.\"",
            );
        let (plan, diagnostics) = parse_plan(Path::new("plan.yaml"), &text);
        let messages: Vec<String> = diagnostics.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "plan.yaml:25:7: warning: the line '- Alkohol' is read as more of the text above it, after 'Tobak', being indented more than that text's start (to make it an item of its own, indent its '-' as the '-' of the item above)",
                "plan.yaml:28:3: warning: the line '- tobak' is read as more of the text above it, after 'Vi arbetar med', being indented more than that text's start (to write a list in a text, write the text on the lines after '|')",
            ]
        );
        // Whatever the file's line ends (old Mac ones found none).
        for breaks in ["\r\n", "\r"] {
            assert_eq!(
                super::tests::messages(&text.replace('\n', breaks)),
                messages
            );
        }
        // After a blank line (a Markdown list in the text), no warning; an
        // anchor is no part of the text shown.
        let text = PLAN
            .replace("about: Om nätverket.", "about: Vi arbetar med\n\n  - tobak")
            .replace(
                "      responsible: Projektledare",
                "      responsible: &ansvar Projektledare och\n        - sekretariatet",
            )
            // A list's item takes the line in after a blank line too.
            .replace(
                "      - Tillgång till hälsodata",
                "      - Tillgång till hälsodata\n\n        - Ökad medvetenhet",
            );
        assert_eq!(
            super::tests::messages(&text)
                .into_iter()
                .filter(|m| m.contains("warning"))
                .collect::<Vec<_>>(),
            [
                "plan.yaml:46:9: warning: the line '- Ökad medvetenhet' is read as more of the text above it, after 'Tillgång till hälsodata', being indented more than that text's start (to make it an item of its own, indent its '-' as the '-' of the item above)",
                "plan.yaml:72:9: warning: the line '- sekretariatet' is read as more of the text above it, after 'Projektledare och', being indented more than that text's start (to write a list in a text, write the text on the lines after '|')",
            ]
        );
        let plan = plan.expect("read");
        let groups: Vec<&str> = plan
            .plan
            .organisation
            .theme_groups
            .iter()
            .map(|g| g.as_str())
            .collect();
        assert_eq!(groups, ["Tobak - Alkohol"]);
    }

    #[test]
    fn the_status_and_language_are_suggested_only_as_written_otherwise() {
        let hint = |from: &str, to: &str| {
            let all = messages(&PLAN.replace(from, to));
            assert_eq!(all.len(), 1, "{all:#?}");
            all[0]
                .split_once("(did you mean ")
                .map(|(_, rest)| rest.to_string())
        };
        // Near in letters, other in meaning.
        assert_eq!(hint("status: draft", "status: unapproved"), None);
        assert_eq!(hint("language: sv", "language: es"), None);
        assert_eq!(
            hint("language: sv", "language: sv-SE").as_deref(),
            Some("'sv'?)")
        );
        assert_eq!(
            hint("status: draft", "status: Dr aft").as_deref(),
            Some("'draft'?)")
        );
    }

    #[test]
    fn the_top_level_keys_are_known_in_the_plans_order() {
        let keys = top_level_keys();
        assert_eq!(keys.first().map(String::as_str), Some("year"));
        assert_eq!(keys.last().map(String::as_str), Some("indicators"));
        let at = |key: &str| keys.iter().position(|k| k == key);
        assert!(at("about") < at("mission") && at("mission") < at("perspectives"));
    }

    #[test]
    fn reports_every_wrong_value_and_missing_key_in_one_run() {
        let text = PLAN
            .replace("year: 2024", "year: tjugo")
            .replace("status: draft", "status: godkänd")
            .replace("mission: Vi ska driva utveckling.\n", "")
            .replace("      timeline: Klart februari\n", "")
            .replace("  theme_groups:\n    - Tobak", "  theme_groups: Tobak")
            .replace("    kind: percent", "    kind: procent\n    colour: red");
        let all = messages(&text);
        let has = |needle: &str| all.iter().any(|m| m.contains(needle));
        assert!(has(
            "plan.yaml:1:7: error: key 'year' is 'tjugo', expected a whole number"
        ));
        assert!(has(
            "plan.yaml:3:9: error: key 'status' is 'godkänd', expected 'draft' or 'approved' (did you mean 'approved'?)"
        ));
        // Placed where it goes: above the next key the file has (line 29
        // of the plan, two lines taken out above it).
        assert!(has(
            "plan.yaml:27: error: missing key 'mission' at the top level (add a line 'mission: \
             ...' above 'perspectives:')"
        ));
        assert!(has(
            "error: missing key 'timeline' in 'action_plan.activities[0]', the one with id 'a1'"
        ));
        assert!(has(
            "error: key 'organisation.theme_groups' is 'Tobak', expected a list"
        ));
        assert!(has(
            "error: key 'indicators[2].kind' is 'procent', expected one of 'scale', 'yes_partly_no', 'percent', 'number' (did you mean 'percent'?)"
        ));
        assert!(has("error: unknown key 'colour' in 'indicators[2]'"));
        assert_eq!(all.len(), 7, "{all:#?}");
    }

    #[test]
    fn problems_inside_a_stand_in_are_not_reported() {
        // `network` as a text: its keys are not then reported missing one by one.
        let text = PLAN.replacen("network:\n", "network: HFS\nnetworkx:\n", 1);
        let all = messages(&text);
        assert_eq!(
            all.iter()
                .filter(|m| m.contains("missing key"))
                .collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{all:#?}"
        );
        assert!(
            all.iter()
                .any(|m| m
                    .contains("key 'network' is 'HFS', expected a block of 'key: value' lines")),
            "{all:#?}"
        );
    }

    #[test]
    fn a_file_of_comments_or_a_list_is_not_a_plan() {
        assert_eq!(
            messages("# just a comment\n"),
            [
                "plan.yaml:1: error: the file holds only comments (expected the plan's keys, starting with 'year:')"
            ]
        );
        assert_eq!(
            messages("- year: 2024\n"),
            [
                "plan.yaml:1:1: error: the file is a list, expected a block of 'key: value' lines starting with 'year:'"
            ]
        );
    }

    #[test]
    fn syntax_errors_point_where_the_fix_is() {
        let text = PLAN.replace(
            "  statement: En hälsoorienterad hälso- och sjukvård",
            "  statement: \"En hälsoorienterad hälso- och sjukvård",
        );
        let line = line_of("  statement:");
        assert_eq!(
            messages(&text),
            [format!(
                "plan.yaml:{line}:14: error: a quoted value starts here but its closing \" is missing (end the value with \" on the same line or a later one; the file is read no further: other mistakes show once this is fixed)"
            )]
        );
        let text = PLAN.replace("language: sv\n", "language: sv\nyear: 2025\n");
        assert_eq!(
            messages(&text),
            [
                "plan.yaml:3:1: error: key 'year' is written twice at the top level (first on line 1) (keep one of them: a key may appear only once in a block; the file is read no further: other mistakes show once this is fixed)"
            ]
        );
    }

    #[test]
    fn nothing_makes_the_reader_panic() {
        for text in [
            "year: [",
            "? [a]\n: b",
            "*x",
            "&a [*a]",
            "year: 2024\n---\nyear: 2025\n",
            "!!binary x",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "year: 2024\nyear: 2024\nyear: 2024\n",
            "{year: 2024, regions: [1, 2, {id: 3}]}",
        ] {
            let (plan, diagnostics) = parse_plan(Path::new("plan.yaml"), text);
            assert!(plan.is_none() && diagnostics.has_errors(), "{text:?}");
        }
    }
}
