//! One diagnostic type for every data problem: file, line, column, message, hint.
//!
//! Loaders and validators collect [`Diagnostic`]s into [`Diagnostics`]; only
//! `main` prints them, sorted by file and line, as
//! `FILE:LINE:COLUMN: error: MESSAGE` (plain) or with the offending source
//! line and a marker under it (on a terminal).

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors decide the exit status, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data is wrong; nothing is built.
    Error,
    /// Worth telling, but the build goes on.
    Warning,
}

/// A position in a text file, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// The line, starting at 1.
    pub line: usize,
    /// The column in characters, starting at 1; `None` where only the line is known.
    pub column: Option<usize>,
}

impl Pos {
    /// A position with a known line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Self {
            line,
            column: Some(column),
        }
    }

    /// A position where only the line is known.
    pub fn line(line: usize) -> Self {
        Self { line, column: None }
    }
}

/// One problem found in the data, located where the user can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it (relative to where they ran the tool).
    pub file: PathBuf,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong: the key or column, the value found, what was expected.
    pub message: String,
    /// An optional suggestion, printed after the message.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(file: &Path, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a position in a file.
    pub fn warning(file: &Path, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pos, message)
        }
    }

    /// Adds a hint such as "did you mean 'responsible'?".
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key: file, then line and column, then message.
    fn sort_key(&self) -> (&Path, Option<Pos>, &str) {
        (&self.file, self.pos, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(pos) = self.pos {
            write!(f, ":{}", pos.line)?;
            if let Some(column) = pos.column {
                write!(f, ":{column}")?;
            }
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// All diagnostics of a run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds every diagnostic of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, line and column, duplicates removed.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        items.dedup();
        items
    }

    /// Takes the warnings out, leaving the errors.
    pub fn take_warnings(&mut self) -> Diagnostics {
        let (warnings, errors) = std::mem::take(&mut self.items)
            .into_iter()
            .partition(|d| !d.is_error());
        self.items = errors;
        Diagnostics { items: warnings }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.sorted() {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// The closest of `known` to `found`, when close enough to be a likely typo.
pub fn suggest<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found = found.to_lowercase();
    known
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&found, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_file_line_column_and_hint() {
        let d = Diagnostic::error(
            Path::new("data/2024/plan.yaml"),
            Some(Pos::new(12, 7)),
            "unknown key 'responsibe'",
        )
        .with_hint("did you mean 'responsible'?");
        assert_eq!(
            d.to_string(),
            "data/2024/plan.yaml:12:7: error: unknown key 'responsibe' (did you mean 'responsible'?)"
        );
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(
            suggest("responsibe", ["id", "responsible", "timeline"]),
            Some("responsible")
        );
        assert_eq!(suggest("colour", ["id", "responsible", "timeline"]), None);
    }
}
