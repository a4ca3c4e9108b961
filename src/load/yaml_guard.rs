//! What plan.yaml must not hold for serde_yaml to read it in reasonable
//! time and memory, told from libyaml's events before serde_yaml runs.
//!
//! serde_yaml reads a whole document's events before it deserialises
//! them, and only then refuses a value nested deeper than 128; libyaml's
//! scanner takes time in the square of the nesting, so 100,000 `[` after
//! a key took 23 seconds to be refused (and 400,000 nine minutes). Its
//! limit on aliases counts how often values are repeated, not how much
//! text: a 119 kB file whose aliases repeat a 99 kB text some 60,000
//! times took 6.8 GB and was aborted. Both are stopped here, at their
//! place in the file, after as many events as the limit lets through.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::load::yaml_events::{self, Event};

/// The deepest nesting serde_yaml reads (its recursion limit).
pub const MAX_DEPTH: usize = 128;

/// How much text the aliases of a file may repeat, beyond the file's own
/// size: every value of a plan written out fits in many times less.
const REPEATED_PER_BYTE: u64 = 16;
const REPEATED_AT_LEAST: u64 = 1 << 20;

/// What a node counts beside its text: about what serde_yaml holds for it
/// in memory (some 150 bytes were measured for an empty mapping), so that
/// aliases of many empty values add up too.
const NODE: u64 = 128;

/// The one error for a text that serde_yaml would take too long or too
/// much memory to refuse, if it is one.
pub fn check(path: &Path, text: &str) -> Option<Diagnostic> {
    let limit = REPEATED_AT_LEAST + REPEATED_PER_BYTE * text.len() as u64;
    let mut guard = Guard::default();
    let mut found = None;
    // A text libyaml rejects is serde_yaml's to report.
    let _ = yaml_events::parse(text, |event, span| match guard.on_event(event, limit) {
        Ok(()) => ControlFlow::Continue(()),
        Err(costly) => {
            found = Some((costly, span.start));
            ControlFlow::Break(())
        }
    });
    let (costly, pos) = found?;
    Some(match costly {
        Costly::Nested => Diagnostic::error(
            path,
            Some(pos),
            format!(
                "the value is nested too deeply (more than {MAX_DEPTH} lists or blocks inside \
                 each other)"
            ),
        ),
        Costly::Repeated => Diagnostic::error(
            path,
            Some(pos),
            format!(
                "the aliases ('*name') repeat over {:.1} MB of text here, more than a plan of \
                 this size can need",
                limit as f64 / 1e6
            ),
        )
        .with_hint("write the values out, or repeat short ones"),
    })
}

/// Why a text is refused.
enum Costly {
    /// A list or mapping nested deeper than [`MAX_DEPTH`].
    Nested,
    /// Aliases that repeat more text than the limit.
    Repeated,
}

/// The nodes being read, and the size of each anchored one.
#[derive(Default)]
struct Guard {
    /// The open lists and mappings: each one's anchor and the bytes of
    /// text under it so far.
    open: Vec<(Option<String>, u64)>,
    /// The bytes of text under each anchor, as its aliases repeat it.
    anchored: HashMap<String, u64>,
    /// The bytes of text that aliases repeat, all together.
    repeated: u64,
}

impl Guard {
    /// Counts what `event` adds: refused where it nests too deep, or makes
    /// the aliases repeat more than `limit` bytes of text.
    fn on_event(&mut self, event: Event, limit: u64) -> Result<(), Costly> {
        match event {
            Event::Scalar { value, anchor, .. } => {
                let size = value.len() as u64 + NODE;
                if let Some(anchor) = anchor {
                    self.anchored.insert(anchor, size);
                }
                self.add(size);
            }
            Event::Alias { anchor } => {
                let size = self.anchored.get(&anchor).copied().unwrap_or(NODE);
                self.repeated = self.repeated.saturating_add(size);
                if self.repeated > limit {
                    return Err(Costly::Repeated);
                }
                self.add(size);
            }
            Event::MappingStart { anchor } | Event::SequenceStart { anchor } => {
                if self.open.len() >= MAX_DEPTH {
                    return Err(Costly::Nested);
                }
                self.open.push((anchor, NODE));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, size)) = self.open.pop() {
                    if let Some(anchor) = anchor {
                        self.anchored.insert(anchor, size);
                    }
                    self.add(size);
                }
            }
        }
        Ok(())
    }

    /// Adds a node's size to the list or mapping it is in.
    fn add(&mut self, size: u64) {
        if let Some((_, total)) = self.open.last_mut() {
            *total = total.saturating_add(size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Option<String> {
        check(Path::new("plan.yaml"), text).map(|d| d.to_string())
    }

    #[test]
    fn an_ordinary_plan_with_aliases_passes() {
        let text = "a: &who Sekretariatet och PU\nb: [*who, *who]\nc: &list [x, y]\nd: *list\n";
        assert_eq!(message(text), None);
        let bundled = std::fs::read_to_string("data/2024/plan.yaml").unwrap();
        assert_eq!(message(&bundled), None);
    }

    #[test]
    fn nesting_deeper_than_serde_yaml_reads_is_refused_where_it_goes_too_deep() {
        let text = format!("year: 2024\nextra: {}", "[".repeat(100_000));
        assert_eq!(
            message(&text).as_deref(),
            Some(
                "plan.yaml:2:135: error: the value is nested too deeply (more than 128 lists or \
                 blocks inside each other)"
            )
        );
        let fits = format!("extra: {}{}\n", "[".repeat(127), "]".repeat(127));
        assert_eq!(message(&fits), None);
    }

    #[test]
    fn aliases_that_repeat_many_empty_values_are_refused_too() {
        // 1,500 aliases of a list of 1,000 empty mappings: no text at all,
        // and 230 MB for serde_yaml to hold (28 kB of file).
        let empties = vec!["{}"; 1000].join(",");
        let aliases = vec!["*a0"; 1500].join(",");
        let text = format!("x0: &a0 [{empties}]\nx1: [{aliases}]\n");
        let found = message(&text).expect("an error");
        assert!(found.starts_with("plan.yaml:2:"), "{found}");
    }

    #[test]
    fn aliases_that_repeat_much_text_are_refused_at_the_alias() {
        // Few repetitions of a long text: under serde_yaml's limit on
        // repetitions, over the memory of the machine.
        let big = "lol".repeat(33_000);
        let mut text = format!("x0: &a0 \"{big}\"\n");
        for i in 1..=5 {
            let items = vec![format!("*a{}", i - 1); 9].join(",");
            text.push_str(&format!("x{i}: &a{i} [{items}]\n"));
        }
        let found = message(&text).expect("an error");
        assert!(
            found.starts_with("plan.yaml:3:") && found.contains("the aliases ('*name') repeat"),
            "{found}"
        );
    }
}
