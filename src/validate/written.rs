//! Where a part of a text stands in plan.yaml as written: YAML joins a
//! text's lines, or keeps them, and a message names the file's line.

use std::ops::Range;

use crate::diag::{Pos, file_lines};
use crate::load::locate::YamlPath;

use super::Checker;

/// The lines of a text of plan.yaml as the file has them (see
/// [`Checker::written_lines`]).
pub(super) struct WrittenLines<'a> {
    /// Where each line's text starts in the file, the text, and its indent.
    pub(super) lines: Vec<(usize, &'a str, usize)>,
    /// Written after '|': its lines are kept.
    pub(super) literal: bool,
    /// Written after '>': its lines are joined, but for those indented more.
    pub(super) folded: bool,
}

impl Checker<'_> {
    /// Where `c` first appears at or after the value at `path` (the value
    /// itself when it cannot be found, e.g. when written as an escape).
    pub(super) fn char_position(&self, path: &YamlPath, c: char) -> Option<Pos> {
        let start = self.file.locations.value(path)?;
        let mut lines = file_lines(&self.file.text)
            .map(|(_, line)| line)
            .enumerate()
            .skip(start.line.saturating_sub(1));
        let (_, first) = lines.next()?;
        let skip = start.column.unwrap_or(1).saturating_sub(1);
        // A block value starts at its '|' or '>', whose line holds no
        // more of the value (only, perhaps, a comment).
        let block = matches!(first.chars().nth(skip), Some('|' | '>'));
        if !block && let Some(i) = first.chars().skip(skip).position(|x| x == c) {
            return Some(Pos::new(start.line, skip + i + 1));
        }
        // A block value goes on over the following lines.
        for (index, line) in lines.take(10_000) {
            if let Some(i) = line.chars().position(|x| x == c) {
                return Some(Pos::new(index + 1, i + 1));
            }
        }
        Some(start)
    }

    /// The lines of the text at `path` as the file has them, and how it is
    /// written: after '|' (kept line by line), '>' (joined, but for lines
    /// indented more) or neither (joined).
    pub(super) fn written_lines(&self, path: &YamlPath) -> WrittenLines<'_> {
        let bytes = self.file.locations.scalar_bytes(path);
        let written = bytes.clone().and_then(|bytes| self.file.text.get(bytes));
        // A '|' text keeps its lines; a '>' text joins them, after its
        // first line (its '>', after any tag: `!!str >`), but for lines
        // indented more than its text; a text written without either
        // joins them all.
        let indicator = written
            .and_then(|w| file_lines(w).next())
            .map(|(_, header)| header)
            .and_then(|header| {
                header
                    .split_whitespace()
                    .find(|t| !t.starts_with(['!', '&']))
            })
            .and_then(|token| token.chars().next());
        // Where each line starts in the file, its text, and how far it is
        // indented.
        let mut lines = Vec::new();
        if let (Some(bytes), Some(written)) = (&bytes, written) {
            for (start, raw) in file_lines(written) {
                let item = raw.trim_start();
                let indent = raw.len() - item.len();
                lines.push((bytes.start + start + indent, item.trim_end(), indent));
            }
        }
        WrittenLines {
            lines,
            literal: indicator == Some('|'),
            folded: indicator == Some('>'),
        }
    }

    /// Where the line of `text` (the value at `path`) that starts at byte
    /// `at` stands in the file: under '|' the same line, after the '|';
    /// otherwise YAML joined lines, so it is no earlier. The value's own
    /// place where the line is not found.
    pub(super) fn line_as_written(
        &self,
        path: &YamlPath,
        written: &WrittenLines<'_>,
        text: &str,
        at: usize,
    ) -> Option<Pos> {
        // (As the file's lines are kept: without their indentation.)
        let line = text[at..].lines().next().unwrap_or_default().trim();
        let index = text[..at].matches('\n').count();
        let lines = &written.lines;
        let written_at = if written.literal {
            lines
                .get(index + 1)
                .filter(|(_, raw, _)| raw.starts_with(line))
        } else {
            lines
                .iter()
                .skip((index + usize::from(written.folded)).max(1))
                .find(|(_, raw, _)| raw.starts_with(line))
        };
        written_at
            .map(|&(at, _, _)| Pos::of_byte(&self.file.text, at))
            .or(self.file.locations.value(path))
    }

    /// Where the part `range` of `text` (the value at `path`) stands in the
    /// file: the first of the text's lines as written that holds its first
    /// line; where none does (YAML joined it across lines, or wrote it
    /// with escapes), the start of its line (`line_as_written`).
    pub(super) fn written_at(
        &self,
        path: &YamlPath,
        text: &str,
        range: Range<usize>,
    ) -> Option<Pos> {
        let written = self.written_lines(path);
        let part = text[range.clone()].lines().next().unwrap_or_default();
        let found = written
            .lines
            .iter()
            .find_map(|&(at, raw, _)| Some(at + raw.find(part)?))
            .filter(|_| !part.is_empty());
        match found {
            Some(at) => Some(Pos::of_byte(&self.file.text, at)),
            None => {
                let line = text[..range.start].rfind('\n').map_or(0, |end| end + 1);
                self.line_as_written(path, &written, text, line)
            }
        }
    }
}
