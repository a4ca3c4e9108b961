//! Where each key and value of a YAML file stands, by path.
//!
//! serde_yaml keeps no positions in what it deserialises, so a second pass
//! over the same text with the same parser (libyaml, through
//! [`crate::load::yaml_events`]) records the line and column
//! of every node under its path (`action_plan.activities[3].responsible`).
//! The validator asks this map where to point a message; `new-year` where
//! the values it replaces stand in the text.

use foldhash::{HashMap, HashSet};
use std::fmt;
use std::ops::{ControlFlow, Range};

use crate::diag::Pos;
use crate::load::yaml_events::{self, Event, Span};

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// A sequence index, from 0.
    Index(usize),
}

/// A path from the document root to a node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(pub Vec<Step>);

impl YamlPath {
    /// The root of the document.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by a key.
    pub fn key(&self, key: &str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_string()));
        Self(steps)
    }

    /// This path extended by an index.
    pub fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Self(steps)
    }

    /// The last key of the path, if it ends in one.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Step::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// Whether `self` lies strictly inside the node at `ancestor`.
    pub fn is_below(&self, ancestor: &YamlPath) -> bool {
        self.0.len() > ancestor.0.len() && self.0.starts_with(&ancestor.0)
    }

    /// Whether `self` is the node at `ancestor` or lies inside it.
    pub fn is_within(&self, ancestor: &YamlPath) -> bool {
        self.0.starts_with(&ancestor.0)
    }

    /// The list item this path lies in, the innermost (`regions[0]` of
    /// `regions[0].name`); the path itself when it is in no list.
    pub fn item(&self) -> YamlPath {
        match self
            .0
            .iter()
            .rposition(|step| matches!(step, Step::Index(_)))
        {
            Some(at) => Self(self.0[..=at].to_vec()),
            None => self.clone(),
        }
    }

    /// The path without its last step; the root stays the root.
    pub fn parent(&self) -> YamlPath {
        let mut steps = self.0.clone();
        steps.pop();
        Self(steps)
    }

    /// Parses the form printed by `Display` (`a.b[2].c`), as serde_path_to_error writes it.
    pub fn from_serde(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        Self(
            path.iter()
                .filter_map(|segment| match segment {
                    Segment::Seq { index } => Some(Step::Index(*index)),
                    Segment::Map { key } => Some(Step::Key(key.clone())),
                    Segment::Enum { .. } | Segment::Unknown => None,
                })
                .collect(),
        )
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if i == 0 => write!(f, "{key}")?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A key written twice in the same mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The path of the key (its mapping's path plus the key).
    pub path: YamlPath,
    /// Where the key is first written.
    pub first: Pos,
    /// Where it is written again.
    pub again: Pos,
}

/// The positions of keys and values of one YAML document.
#[derive(Debug, Default)]
pub struct Locations {
    values: HashMap<YamlPath, Pos>,
    keys: HashMap<YamlPath, Pos>,
    /// The bytes of each scalar value (not of a list, mapping or alias).
    scalar_bytes: HashMap<YamlPath, Range<usize>>,
    /// The bytes of each key, where it is first written.
    key_bytes: HashMap<YamlPath, Range<usize>>,
    /// The scalar values written plain: without quotes or block indicator.
    plain: HashSet<YamlPath>,
    duplicates: Vec<Duplicate>,
    /// The anchors and tags written on scalar values, in file order.
    marks: Vec<Marked>,
    /// The anchors that an alias refers to.
    aliased: HashSet<String>,
}

/// An anchor or tag written on a scalar value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// The value's path.
    pub path: YamlPath,
    /// Where the value, its mark first, starts.
    pub pos: Pos,
    /// Which kind of mark.
    pub mark: Mark,
    /// The anchor's name, or the tag as libyaml resolves it.
    pub name: String,
}

/// The two marks YAML puts before a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `&name`, for an alias `*name` to repeat the value.
    Anchor,
    /// `!name` or `!!str`, a type for the value.
    Tag,
}

impl Locations {
    /// Records every node of `text`; a text that is not YAML, or is nested
    /// deeper than `MAX_NESTING`, gives no positions (serde_yaml, which
    /// runs the same parser, reports why).
    pub fn of(text: &str) -> Self {
        let mut recorder = Recorder::default();
        match yaml_events::parse(text, |event, span| recorder.on_event(event, span)) {
            Ok(()) => recorder.locations,
            Err(yaml_events::Rejected) => Self::default(),
        }
    }

    /// The anchors and tags on scalar values that take words from a text:
    /// an anchor that no alias uses (`responsible: &Co Projektgrupp` reads
    /// as "Projektgrupp") and a tag but YAML's types of a plain value
    /// (`!Viktigt Projektgrupp`, `!!Viktigt Projektgrupp` likewise), which
    /// no plan needs.
    pub fn dropped_marks(&self) -> impl Iterator<Item = &Marked> {
        const TYPES: [&str; 5] = [
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null",
        ];
        self.marks.iter().filter(|marked| match marked.mark {
            Mark::Anchor => !self.aliased.contains(&marked.name),
            Mark::Tag => !TYPES.contains(&marked.name.as_str()),
        })
    }

    /// The keys written more than once in their mapping, in file order.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// Where the value at `path` starts; falls back to its key, then to the
    /// nearest ancestor that is known.
    pub fn value(&self, path: &YamlPath) -> Option<Pos> {
        self.lookup(path, &self.values)
    }

    /// Where the key of the value at `path` stands; falls back like `value`.
    pub fn key(&self, path: &YamlPath) -> Option<Pos> {
        self.lookup(path, &self.keys)
    }

    /// The bytes of the text that the scalar value at `path` is written
    /// as (quotes, anchor or tag included); none for another kind of value.
    pub fn scalar_bytes(&self, path: &YamlPath) -> Option<Range<usize>> {
        self.scalar_bytes.get(path).cloned()
    }

    /// The scalar values written plain, each with its bytes, once, in the
    /// file's order.
    pub fn plain_values(&self) -> Vec<(&YamlPath, Range<usize>)> {
        let mut values: Vec<(&YamlPath, Range<usize>)> = self
            .plain
            .iter()
            .filter_map(|path| Some((path, self.scalar_bytes.get(path)?.clone())))
            .collect();
        // By start, then by path as written: paths are formatted only to
        // order a value read under two names (formatting every path as a
        // sort key took a quarter of the time reading the plan took).
        values.sort_by(|(a, a_bytes), (b, b_bytes)| {
            a_bytes
                .start
                .cmp(&b_bytes.start)
                .then_with(|| a.to_string().cmp(&b.to_string()))
        });
        // (A value read under another key's name too, once.)
        values.dedup_by(|a, b| a.1 == b.1);
        values
    }

    /// Where a comment starts on the line that a plain value at `path`
    /// ends on, after it: YAML reads `timeline: vecka 12 # preliminärt` as
    /// the text "vecka 12". `text` is the document's text.
    pub fn comment_after(&self, path: &YamlPath, text: &str) -> Option<Pos> {
        if !self.plain.contains(path) {
            return None;
        }
        let end = self.scalar_bytes.get(path)?.end;
        let rest = text.get(end..)?;
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if !rest[blanks..].starts_with('#') {
            return None;
        }
        Some(Pos::of_byte(text, end + blanks))
    }

    /// The bytes of the text that the key of the value at `path` is written as.
    pub fn key_bytes(&self, path: &YamlPath) -> Option<Range<usize>> {
        self.key_bytes.get(path).cloned()
    }

    /// Gives the nodes at and below `from` their positions at `to` as well,
    /// where `to` has none: for a key read under another name.
    pub fn alias(&mut self, from: &YamlPath, to: &YamlPath) {
        let moved = |path: &YamlPath| -> Option<YamlPath> {
            let rest = path.0.strip_prefix(from.0.as_slice())?;
            Some(YamlPath([to.0.as_slice(), rest].concat()))
        };
        fn copy<T: Clone>(
            map: &mut HashMap<YamlPath, T>,
            moved: &impl Fn(&YamlPath) -> Option<YamlPath>,
        ) {
            let copies: Vec<(YamlPath, T)> = map
                .iter()
                .filter_map(|(path, value)| Some((moved(path)?, value.clone())))
                .collect();
            for (path, value) in copies {
                map.entry(path).or_insert(value);
            }
        }
        copy(&mut self.values, &moved);
        copy(&mut self.keys, &moved);
        copy(&mut self.scalar_bytes, &moved);
        copy(&mut self.key_bytes, &moved);
        let plain: Vec<YamlPath> = self.plain.iter().filter_map(moved).collect();
        self.plain.extend(plain);
    }

    /// Looks a path up in `primary`, then in the other map, then up the tree.
    fn lookup(&self, path: &YamlPath, primary: &HashMap<YamlPath, Pos>) -> Option<Pos> {
        let mut steps = path.0.clone();
        loop {
            let candidate = YamlPath(steps.clone());
            if let Some(pos) = primary
                .get(&candidate)
                .or_else(|| self.values.get(&candidate))
            {
                return Some(*pos);
            }
            steps.pop()?;
        }
    }
}

/// How deep lists and mappings may nest before `Locations::of` gives up.
/// Every node's path is kept, so nesting costs memory with the square of
/// its depth (2.5 GB for 10,000 `[`); serde_yaml refuses a plan nested
/// deeper than 128 and says where, so a document past this limit needs no
/// positions of ours.
const MAX_NESTING: usize = 256;

/// A container being walked: where the next child goes.
#[derive(Debug)]
enum Frame {
    /// A mapping; `pending_key` holds a key whose value has not come yet.
    Map {
        path: YamlPath,
        pending_key: Option<String>,
    },
    /// A sequence and the index of its next item.
    Seq { path: YamlPath, next: usize },
}

/// Receives parser events and records positions.
#[derive(Debug, Default)]
struct Recorder {
    stack: Vec<Frame>,
    locations: Locations,
}

impl Recorder {
    /// The path of the node that starts now, or `None` when it is a mapping key.
    fn next_path(&mut self, scalar: Option<&str>, span: &Span) -> Option<YamlPath> {
        let pos = span.start;
        match self.stack.last_mut() {
            None => Some(YamlPath::root()),
            Some(Frame::Seq { path, next }) => {
                let item = path.index(*next);
                *next += 1;
                Some(item)
            }
            Some(Frame::Map { path, pending_key }) => match pending_key.take() {
                Some(key) => Some(path.key(&key)),
                None => {
                    // A key: remember it; complex (non-scalar) keys get no path.
                    let key = scalar.unwrap_or_default().to_string();
                    let key_path = path.key(&key);
                    match self.locations.keys.get(&key_path) {
                        Some(&first) => self.locations.duplicates.push(Duplicate {
                            path: key_path,
                            first,
                            again: pos,
                        }),
                        None => {
                            self.locations
                                .key_bytes
                                .insert(key_path.clone(), span.bytes.clone());
                            self.locations.keys.insert(key_path, pos);
                        }
                    }
                    *pending_key = Some(key);
                    None
                }
            },
        }
    }

    /// Records where the node of one event stands; breaks off at a list
    /// or mapping nested deeper than [`MAX_NESTING`].
    fn on_event(&mut self, event: Event, span: Span) -> ControlFlow<()> {
        match event {
            Event::Scalar {
                value,
                plain,
                anchor,
                tag,
            } => {
                // A key's anchor or tag is no text of the plan's.
                let path = self.next_path(Some(&value), &span);
                if let Some(path) = &path {
                    for (mark, name) in [(Mark::Anchor, anchor), (Mark::Tag, tag)] {
                        if let Some(name) = name {
                            self.locations.marks.push(Marked {
                                path: path.clone(),
                                pos: span.start,
                                mark,
                                name,
                            });
                        }
                    }
                }
                if let Some(path) = path {
                    // An empty value is marked where the next token starts,
                    // often lines below; its key is where it is missing.
                    let pos = match self.locations.keys.get(&path) {
                        Some(&key) if value.is_empty() && plain => key,
                        _ => span.start,
                    };
                    self.locations.values.insert(path.clone(), pos);
                    if plain {
                        self.locations.plain.insert(path.clone());
                    }
                    self.locations.scalar_bytes.insert(path, span.bytes);
                }
            }
            Event::Alias { anchor } => {
                self.locations.aliased.insert(anchor);
                if let Some(path) = self.next_path(None, &span) {
                    self.locations.values.insert(path, span.start);
                }
            }
            Event::MappingStart { .. } | Event::SequenceStart { .. } => {
                if self.stack.len() >= MAX_NESTING {
                    return ControlFlow::Break(());
                }
                let path = self.next_path(None, &span).unwrap_or_default();
                self.locations.values.insert(path.clone(), span.start);
                self.stack.push(match event {
                    Event::MappingStart { .. } => Frame::Map {
                        path,
                        pending_key: None,
                    },
                    _ => Frame::Seq { path, next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_up_on_lists_nested_deeper_than_any_plan() {
        let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let deepest = YamlPath((0..MAX_NESTING - 1).map(|_| Step::Index(0)).collect());
        let kept = Locations::of(&nested(MAX_NESTING));
        assert_eq!(kept.value(&deepest), Some(Pos::new(1, MAX_NESTING)));
        let dropped = Locations::of(&nested(MAX_NESTING + 1));
        assert_eq!(dropped.value(&deepest), None);
        // A thousand levels record nothing (a million path steps without
        // the limit; ten thousand took 2.5 GB).
        assert_eq!(Locations::of(&nested(1_000)).values.len(), 0);
    }

    #[test]
    fn finds_nested_values_and_keys() {
        let text = "year: 2024\naction_plan:\n  activities:\n    - id: a1\n      text: Hej\n    - id: a2\n      responsibe: PU\n";
        let locations = Locations::of(text);
        let root = YamlPath::root();
        assert_eq!(locations.value(&root.key("year")), Some(Pos::new(1, 7)));
        let second = root.key("action_plan").key("activities").index(1);
        assert_eq!(locations.value(&second.key("id")), Some(Pos::new(6, 11)));
        assert_eq!(
            locations.key(&second.key("responsibe")),
            Some(Pos::new(7, 7))
        );
        // An unknown path falls back to its nearest known ancestor.
        assert_eq!(
            locations.value(&second.key("nothing")),
            Some(Pos::new(6, 7))
        );
    }

    #[test]
    fn finds_duplicate_keys_and_places_empty_values_at_their_key() {
        let text = "year: 2024\nnetwork:\n  name: A\n  name: B\nmission:\n\nabout: x\n";
        let locations = Locations::of(text);
        let name = YamlPath::root().key("network").key("name");
        assert_eq!(
            locations.duplicates(),
            [Duplicate {
                path: name,
                first: Pos::new(3, 3),
                again: Pos::new(4, 3)
            }]
        );
        assert_eq!(
            locations.value(&YamlPath::root().key("mission")),
            Some(Pos::new(5, 1))
        );
    }

    #[test]
    fn keeps_the_bytes_of_keys_and_scalar_values() {
        let text = "year: 2024\nstatus: 'approved' # x\nlist:\n  - a\n";
        let locations = Locations::of(text);
        let at = |bytes: Option<Range<usize>>| bytes.map(|b| &text[b]);
        let root = YamlPath::root();
        assert_eq!(at(locations.key_bytes(&root.key("status"))), Some("status"));
        assert_eq!(
            at(locations.scalar_bytes(&root.key("status"))),
            Some("'approved'")
        );
        assert_eq!(
            at(locations.scalar_bytes(&root.key("list").index(0))),
            Some("a")
        );
        // A list is not a scalar.
        assert_eq!(locations.scalar_bytes(&root.key("list")), None);
    }

    #[test]
    fn prints_paths_like_serde_path_to_error() {
        let path = YamlPath::root()
            .key("action_plan")
            .key("activities")
            .index(3)
            .key("id");
        assert_eq!(path.to_string(), "action_plan.activities[3].id");
    }
}
