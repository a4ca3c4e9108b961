//! A YAML syntax error, told as what to fix and placed where to fix it:
//! libyaml's messages name its own state ("could not find expected ':'"),
//! and often a line after the mistake.

use std::borrow::Cow;
use std::path::Path;

use crate::diag::{Diagnostic, Pos};
use crate::load::locate::Locations;
use crate::load::printable::{for_message, shown};

use super::{between, place, value_of};

/// A YAML syntax error, located where it can be fixed.
pub fn syntax(
    path: &Path,
    text: &str,
    err: &serde_yaml::Error,
    locations: &Locations,
) -> Vec<Diagnostic> {
    // Lines ended by a carriage return alone, as old Macs saved them, are
    // lines to libyaml and to the messages (the same bytes, so that
    // offsets hold).
    let text = &lone_returns_as_newlines(text);
    let pasted = pasted_characters(path, text, err);
    if !pasted.is_empty() {
        return pasted;
    }
    let full = err.to_string();
    let found = Found::new(path, text, err, &full);
    if found.problem.contains("duplicate entry") && !locations.duplicates().is_empty() {
        return locations
            .duplicates()
            .iter()
            .map(|dup| {
                let key = dup.path.last_key().unwrap_or_default();
                let parent = dup.path.parent();
                found
                    .error(
                        Some(dup.again),
                        format!(
                            "key '{key}' is written twice {} (first on line {})",
                            place(&parent),
                            dup.first.line
                        ),
                    )
                    .with_hint("keep one of them: a key may appear only once in a block")
            })
            .collect();
    }
    vec![found.diagnostic()]
}

/// A syntax error as libyaml found it, in the file as written.
struct Found<'a> {
    path: &'a Path,
    text: &'a str,
    /// What libyaml found, e.g. "could not find expected ':'".
    problem: &'a str,
    /// What it was doing, e.g. "while scanning a simple key"; may be empty.
    context: &'a str,
    /// Where it found the problem.
    problem_pos: Option<Pos>,
    /// Where what it was doing started (else where it found the problem).
    context_pos: Option<Pos>,
}

impl<'a> Found<'a> {
    /// What serde_yaml's `err` (its `message`) says of `text`, read from `path`.
    fn new(path: &'a Path, text: &'a str, err: &serde_yaml::Error, message: &'a str) -> Self {
        let parts = Parts::of(message);
        let problem_pos = err
            .location()
            .map(|l| as_written(text, Pos::new(l.line(), l.column())));
        let context_pos = parts
            .context_pos
            .map(|pos| as_written(text, pos))
            .or(problem_pos);
        Self {
            path,
            text,
            problem: parts.problem,
            context: parts.context,
            problem_pos,
            context_pos,
        }
    }

    /// The line at `pos` ("" if there is none).
    fn line_at(&self, pos: Option<Pos>) -> &'a str {
        pos.and_then(|p| self.text.lines().nth(p.line.saturating_sub(1)))
            .unwrap_or("")
    }

    /// The line of the problem.
    fn problem_line(&self) -> &'a str {
        self.line_at(self.problem_pos)
    }

    /// The character at `pos`.
    fn char_at(&self, pos: Option<Pos>) -> Option<char> {
        pos.and_then(|p| {
            self.line_at(Some(p))
                .chars()
                .nth(p.column.unwrap_or(1).saturating_sub(1))
        })
    }

    /// An error in the file at `pos`.
    fn error(&self, pos: Option<Pos>, message: String) -> Diagnostic {
        Diagnostic::error(self.path, pos, message)
    }

    /// The message for the error, by what libyaml says it found.
    fn diagnostic(&self) -> Diagnostic {
        if let Some(pos) = self.no_break_space() {
            self.error(
                Some(pos),
                "a no-break space (as Word and web pages paste it) stands where YAML needs an ordinary space"
                    .into(),
            )
            .with_hint("delete it and type an ordinary space")
        } else if self.problem.contains("tab character")
            || self.char_at(self.problem_pos) == Some('\t')
        {
            self.error(
                self.problem_pos,
                "a tab is used for indentation (YAML indents with spaces only)".into(),
            )
            .with_hint("replace the tab with spaces")
        } else if self.problem.contains("mapping values are not allowed") {
            self.colon_inside_a_value()
        } else if self.problem.contains("could not find expected ':'") {
            self.no_colon_after_a_key()
        } else if self.problem.contains("unknown escape character") {
            self.error(
                self.problem_pos,
                "a '\\' in a value in double quotes must be written '\\\\'".into(),
            )
            .with_hint("or put the value in single quotes: 'C:\\mapp'")
        } else if self.problem.contains("end of stream") && self.context.contains("quoted scalar") {
            self.unclosed_quote()
        } else if let Some(close) = [']', '}']
            .into_iter()
            .find(|close| self.problem.contains(&format!("',' or '{close}'")))
        {
            self.unclosed_bracket(close)
        } else if self.context.contains("alias") || self.context.contains("anchor") {
            let c = self.char_at(self.context_pos).unwrap_or('*');
            let (message, hint) = starts_with_a_sign(self.line_at(self.context_pos), c);
            self.error(self.context_pos, message).with_hint(hint)
        } else if let Some(sign) = [("unknown anchor", '*'), ("undefined tag handle", '!')]
            .into_iter()
            .find_map(|(problem, sign)| self.problem.contains(problem).then_some(sign))
        {
            // `*Projektledare`, a reference to an anchor no value has, and
            // `!hfs!namn`, a tag of a kind no document declares: to YAML
            // they are no text at all.
            let (message, hint) = starts_with_a_sign(self.problem_line(), sign);
            self.error(self.problem_pos, message).with_hint(hint)
        } else if self.problem.contains("cannot start any token") {
            let c = self.char_at(self.problem_pos).unwrap_or('?');
            let (message, hint) = starts_with_a_sign(self.problem_line(), c);
            self.error(self.problem_pos, message).with_hint(hint)
        } else if self
            .problem
            .contains("block sequence entries are not allowed")
        {
            self.error(
                self.problem_pos,
                "a list item ('- ') cannot stand on the same line as its key".into(),
            )
            .with_hint("start the list on the next line, each item on its own line after '- '")
        } else if self.problem.contains("expected '-' indicator") {
            self.not_a_list_item()
        } else if self.problem.contains("did not find expected key") {
            self.text_after_a_value()
        } else if let Some(number) = between(self.problem, "integer `", "`")
            .filter(|_| self.problem.contains(" as u128") || self.problem.contains(" as i128"))
        {
            self.error(
                self.problem_pos,
                format!(
                    "the number {} is too large for any value of the plan",
                    for_message(number)
                ),
            )
            .with_hint("check the number; put it in quotes if it is meant as text")
        } else if self.context.contains("block scalar") {
            self.text_after_a_block_indicator()
        } else if self.problem.contains("recursion limit exceeded") {
            self.error(
                self.problem_pos,
                "the value is nested too deeply (more than 128 lists or blocks inside each other)"
                    .into(),
            )
        } else if self.problem.contains("more than one document") {
            self.more_than_one_document()
        } else if self.problem.contains("repetition limit exceeded") {
            self.error(
                self.problem_pos,
                "the aliases ('*name') repeat their values too many times".into(),
            )
        } else {
            let mut message = format!("invalid YAML: {}", self.problem);
            if !self.context.is_empty() {
                message.push_str(&format!(", {}", self.context));
            }
            self.error(self.problem_pos, message)
        }
    }

    /// A quoted value that the file ends inside of.
    fn unclosed_quote(&self) -> Diagnostic {
        let quote = self.char_at(self.context_pos).unwrap_or('"');
        self.error(
            self.context_pos,
            format!("a quoted value starts here but its closing {quote} is missing"),
        )
        .with_hint(format!(
            "end the value with {quote} on the same line or a later one"
        ))
    }

    /// A value that YAML reads as a list or map in brackets, never closed
    /// by `close`: most often a text that starts with a bracket.
    fn unclosed_bracket(&self, close: char) -> Diagnostic {
        let open = if close == ']' { '[' } else { '{' };
        self.error(
            self.context_pos,
            format!("a value starts with '{open}' here but is not closed with '{close}'"),
        )
        .with_hint(format!(
            "a text that starts with '{open}' must be put in quotes"
        ))
    }

    /// A line among list items that is none: a dash without its space, or
    /// a line indented otherwise.
    fn not_a_list_item(&self) -> Diagnostic {
        let trimmed = self.line_at(self.problem_pos).trim_start();
        if trimmed.starts_with('-') && !trimmed.starts_with("- ") && trimmed != "-" {
            self.error(
                self.problem_pos,
                "a list item must start with '- ' (a dash and a space)".into(),
            )
        } else {
            self.error(
                self.problem_pos,
                "this line does not line up with the list items above it".into(),
            )
            .with_hint("indent the line like the other items or keys of its block")
        }
    }

    /// A value that starts with `|` or `>` (text on the lines below it)
    /// with more text after it on its line.
    fn text_after_a_block_indicator(&self) -> Diagnostic {
        let indicator = value_of(self.problem_line())
            .chars()
            .next()
            .filter(|c| matches!(c, '|' | '>'))
            .unwrap_or('|');
        self.error(
            self.problem_pos,
            format!(
                "a value that starts with '{indicator}' is text on the lines below it, but more follows on this line"
            ),
        )
        .with_hint(format!(
            "put the value in quotes to start it with '{indicator}', or write the text on the lines after '{indicator}'"
        ))
    }

    /// Where a no-break space (pasted from Word or a web page) stands
    /// where YAML needs an ordinary one: after a key's ':' or in a line's
    /// indentation. It looks like a space, so the parser's own message
    /// would puzzle.
    fn no_break_space(&self) -> Option<Pos> {
        [self.context_pos, self.problem_pos]
            .into_iter()
            .flatten()
            .flat_map(|pos| [pos.line.saturating_sub(1), pos.line])
            .filter(|&line| line >= 1)
            .find_map(|line| {
                let text = self.text.lines().nth(line - 1)?;
                let rest = text.trim_start_matches([' ', '\u{a0}']);
                let indentation = text.len() - rest.len();
                // Right after the line's key, not in a value further on.
                let key_end = rest.strip_prefix("- ").unwrap_or(rest);
                let key_len = key_end
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .filter(|&end| end > 0 && key_end[end..].starts_with(":\u{a0}"));
                let at = text
                    .get(..indentation)
                    .and_then(|indent| indent.find('\u{a0}'))
                    .or_else(|| key_len.map(|len| text.len() - key_end.len() + len + 1))?;
                Some(Pos::new(line, text.get(..at)?.chars().count() + 1))
            })
    }

    /// "mapping values are not allowed": a ': ' inside a value, or a line
    /// indented too far.
    fn colon_inside_a_value(&self) -> Diagnostic {
        let column = self.problem_pos.and_then(|p| p.column).unwrap_or(1);
        let before: String = self
            .problem_line()
            .chars()
            .take(column.saturating_sub(1))
            .collect();
        if before.contains(": ") {
            let value = value_of(self.problem_line());
            let error = self.error(
                self.problem_pos,
                format!("found ': ' inside the value '{}'", for_message(value)),
            );
            // Quoted, but with Word's quotes, which are text to YAML.
            match value
                .chars()
                .next()
                .filter(|c| TYPOGRAPHIC_QUOTES.contains(c))
            {
                Some(quote) => error.with_hint(format!(
                    "the value starts with '{quote}', a quote as Word writes it, which YAML \
                     takes for text: put the value in straight quotes, \"...\""
                )),
                None => error.with_hint(
                    "a value that contains ': ' must be put in quotes, or written on the lines \
                     after '|'",
                ),
            }
        } else {
            self.error(
                self.problem_pos
                    .map(|p| Pos::new(p.line, indent(self.problem_line()) + 1)),
                "this line is indented more than the key above it, so it does not fit in the block"
                    .into(),
            )
            .with_hint("indent the line like the other keys of its block")
        }
    }

    /// "could not find expected ':'": a key without its ':', or with no
    /// space after it, or a list item without a space after its '-'.
    fn no_colon_after_a_key(&self) -> Diagnostic {
        let line = self.line_at(self.context_pos);
        let key = line.trim().trim_start_matches("- ");
        // `responsible:Sekretariatet`: YAML needs a space after the ':'.
        let glued = key
            .split_once(':')
            .filter(|(name, rest)| {
                !name.is_empty()
                    && !name.contains(' ')
                    && rest.chars().next().is_some_and(|c| !c.is_whitespace())
            })
            .map(|(name, _)| name);
        // `-Alkohol` below a `- Tobak` item, as far in: to YAML a text,
        // which the next line would have to continue as a key. (Below a
        // key's text, `-februari` is more likely that text's go on.)
        let trimmed = line.trim();
        let item_above = self
            .context_pos
            .and_then(|p| p.line.checked_sub(2))
            .and_then(|above| {
                self.text
                    .lines()
                    .take(above + 1)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            })
            .is_some_and(|above| {
                above.trim_start().starts_with("- ") && indent(above) == indent(line)
            });
        let dash_glued = item_above
            && trimmed.len() > 1
            && trimmed.starts_with('-')
            && !trimmed.starts_with("- ")
            && !trimmed.starts_with("--");
        match glued {
            _ if dash_glued => self.error(
                self.context_pos,
                format!(
                    "the line '{}' is a list item without a space after its '-'",
                    for_message(trimmed)
                ),
            )
            .with_hint(format!(
                "start the item with a dash and a space: '- {}'",
                for_message(trimmed[1..].trim_start())
            )),
            Some(name) => self.error(
                self.context_pos,
                format!(
                    "the line '{}' has no space after the ':' of its key '{}'",
                    for_message(line.trim()),
                    for_message(name)
                ),
            )
            .with_hint("write a space after the ':'"),
            None => self.error(
                self.context_pos,
                format!("the line '{}' has no ':' after its key", for_message(line.trim())),
            )
            .with_hint(
                "write 'key: value'; if the line continues the text above, indent it more than that text's key",
            ),
        }
    }

    /// "did not find expected key": text after a value that YAML read as
    /// a list, a block or a quoted text, or a line out of line.
    fn text_after_a_value(&self) -> Diagnostic {
        let line = self.line_at(self.problem_pos);
        let quotes = line.matches('"').count().max(line.matches('\'').count());
        // A value that YAML takes for a list, a block or a quoted text as
        // far as the bracket or quote closes, with more text after it:
        // `text: [Workshop](https://…) om behovsstyrning`.
        // What was read as that: the value up to where the text follows.
        let column = self.problem_pos.and_then(|p| p.column).unwrap_or(1);
        let before: String = line.chars().take(column.saturating_sub(1)).collect();
        let read = value_of(&before);
        let read_as = match read.chars().next() {
            Some('[') => Some("a list"),
            Some('{') => Some("a block of keys"),
            Some('"' | '\'') => Some("a quoted text"),
            _ => None,
        };
        // The quote may be the one that closes a value whose closing quote
        // was forgotten lines above: YAML read everything up to here as
        // that value. The mistake is where it opened.
        let opened_above = self
            .problem_pos
            .and_then(|p| open_quote_before(self.text, p.line));
        if let Some((open, quote)) = opened_above {
            self.error(
                Some(open),
                format!(
                    "the value that starts with {quote} here has no closing {quote} on its line, \
                     so YAML reads it on to the {quote} on line {} and finds text after that",
                    self.problem_pos.map_or(0, |p| p.line)
                ),
            )
            .with_hint(format!(
                "close the value with {quote}, or write it without quotes"
            ))
        } else if let Some(read_as) = read_as.filter(|_| quotes < 3) {
            self.error(
                self.problem_pos,
                format!(
                    "the value starts with '{}', which YAML reads as {read_as}, and text follows it",
                    for_message(read)
                ),
            )
            .with_hint("put the whole value in quotes, or write it on the line after '|'")
        } else if quotes >= 3 {
            self.error(
                self.problem_pos,
                "text follows the closing quote of a quoted value".into(),
            )
            .with_hint(
                "a '\"' inside a value in double quotes must be written \\\"; or put the value in single quotes, where a ' is written ''",
            )
        } else {
            self.error(
                self.problem_pos.map(|p| Pos::new(p.line, indent(line) + 1)),
                "this line does not line up with the keys above it".into(),
            )
            .with_hint("indent the line like the other keys of its block")
        }
    }

    /// "more than one document": a '---' or '...' line.
    fn more_than_one_document(&self) -> Diagnostic {
        let (line, marker) =
            document_separator(self.text).map_or((None, "---"), |(l, m)| (Some(l), m));
        let what = if marker == "---" {
            "starts a new one"
        } else {
            "ends the first, and more follows"
        };
        self.error(
            line.map(|l| Pos::new(l, 1)),
            format!("the file holds more than one YAML document (a line '{marker}' {what})"),
        )
        .with_hint(format!(
            "keep the whole plan in one document: remove the '{marker}' line"
        ))
    }
}

/// serde_yaml's message split into the problem and its context, with the
/// context's position (the problem's position is `Error::location`).
struct Parts<'a> {
    /// What libyaml found, e.g. "could not find expected ':'".
    problem: &'a str,
    /// What it was doing, e.g. "while scanning a simple key"; may be empty.
    context: &'a str,
    /// Where the context started, when the message gives it.
    context_pos: Option<Pos>,
}

impl<'a> Parts<'a> {
    /// Takes "PROBLEM at line L column C, CONTEXT at line L2 column C2" apart.
    fn of(message: &'a str) -> Self {
        let (problem, rest) = match message.find(" at line ") {
            Some(i) => (&message[..i], &message[i..]),
            None => (message, ""),
        };
        let (context, context_pos) = match rest.find(", ") {
            Some(i) => {
                let context = &rest[i + 2..];
                match context.rfind(" at line ") {
                    Some(j) => (&context[..j], parse_mark(&context[j..])),
                    None => (context, None),
                }
            }
            None => ("", None),
        };
        Self {
            problem,
            context,
            context_pos,
        }
    }
}

/// `text` with each carriage return not followed by a line feed made one.
fn lone_returns_as_newlines(text: &str) -> Cow<'_, str> {
    let lone = |(at, b): (usize, &u8)| *b == b'\r' && text.as_bytes().get(at + 1) != Some(&b'\n');
    if !text.as_bytes().iter().enumerate().any(lone) {
        return Cow::Borrowed(text);
    }
    let mut chars = text.chars().peekable();
    let mut out = String::with_capacity(text.len());
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    Cow::Owned(out)
}

/// A position of libyaml's as the file's lines count it: libyaml counts
/// a line separator (U+0085, U+2028, U+2029) as a line break, which no
/// editor shows, so that every line after one would be named one too far
/// down (a separator inside quotes is read, and another mistake may stop
/// the reading further on).
fn as_written(text: &str, pos: Pos) -> Pos {
    const SEPARATORS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];
    if !text.contains(SEPARATORS) {
        return pos;
    }
    let column = pos.column.unwrap_or(1);
    // Lines and columns from 1, libyaml's and the file's.
    let (mut line, mut at) = ((1, 1), (1, 1));
    for c in text.chars() {
        if line == (pos.line, column) {
            return Pos::new(at.0, at.1);
        }
        // (`\r\n` is one break, its `\r` a character of the line.)
        if c == '\n' {
            (line, at) = ((line.0 + 1, 1), (at.0 + 1, 1));
        } else if SEPARATORS.contains(&c) {
            (line, at) = ((line.0 + 1, 1), (at.0, at.1 + 1));
        } else {
            (line, at) = ((line.0, line.1 + 1), (at.0, at.1 + 1));
        }
    }
    Pos::new(at.0, at.1)
}

/// The characters pasted from Word or another file that YAML cannot read,
/// or reads as what they are not, each where it is: a control character
/// (Word's line break is a vertical tab), which libyaml refuses naming
/// only a byte offset; a line or paragraph separator, which YAML takes
/// for a line break, so that the text after it is read as a key; a
/// byte-order mark at a line's start (another file pasted in), which
/// YAML takes for the start of a new document. Such a mark inside a text
/// is read, and prints as the word joiner it means there.
/// `text` has its lines ended by `\n` or `\r\n`.
fn pasted_characters(path: &Path, text: &str, err: &serde_yaml::Error) -> Vec<Diagnostic> {
    /// At most so many separators and marks are tried one by one, the
    /// nearest before where the reading stopped first.
    const TRIED: usize = 20;
    // A control character stops libyaml wherever it is, even in quotes. A
    // line separator or a mark is to blame where the file reads further
    // without it: inside quotes YAML reads one, and a mark it skips.
    let control = err
        .to_string()
        .contains("control characters are not allowed");
    let stopped_at = err.location().map(|location| location.index());
    // (Each with its byte, line and column from 1, and what it is.)
    let mut fatal = Vec::new();
    let mut suspects = Vec::new();
    let (mut line, mut column) = (1, 0);
    for (at, c) in text.char_indices() {
        if c == '\n' {
            (line, column) = (line + 1, 0);
            continue;
        }
        let line_start = line > 1 && column == 0;
        column += 1;
        let Some(what) = unreadable(c, line_start) else {
            continue;
        };
        let found = (at, c, Pos::new(line, column), line_start, what);
        if (c.is_control() && c != '\u{85}') || matches!(c, '\u{fffe}' | '\u{ffff}') {
            fatal.push(found);
        } else if stopped_at.is_none_or(|stop| at <= stop) {
            suspects.push(found);
        }
    }
    let to_blame: Vec<_> = if control {
        fatal
    } else {
        suspects
            .into_iter()
            .rev()
            .take(TRIED)
            .filter(|&(at, c, ..)| reads_further_without(text, at, c, stopped_at))
            .collect()
    };
    to_blame
        .into_iter()
        .map(|(_, _, pos, line_start, what)| {
            // (A space at a line's start would indent the line.)
            let hint = if line_start {
                "delete it"
            } else {
                "delete it, or put a space in its place"
            };
            Diagnostic::error(path, Some(pos), format!("found {what}")).with_hint(hint)
        })
        .collect()
}

/// Whether `text` reads further without the character `c` at byte `at`
/// than to `stopped_at` (the byte where it stopped): a separator put as
/// spaces, a mark taken out.
fn reads_further_without(text: &str, at: usize, c: char, stopped_at: Option<usize>) -> bool {
    let (before, after) = (&text[..at], &text[at + c.len_utf8()..]);
    let (instead, taken_out) = if c == '\u{feff}' {
        (String::new(), c.len_utf8())
    } else {
        (" ".repeat(c.len_utf8()), 0)
    };
    match serde_yaml::from_str::<serde_yaml::Value>(&format!("{before}{instead}{after}")) {
        Ok(_) => true,
        Err(err) => match (err.location(), stopped_at) {
            // (A stop after the mark taken out is as many bytes further.)
            (Some(now), Some(then)) => {
                let now = now.index();
                let now = if now >= at { now + taken_out } else { now };
                now > then
            }
            _ => false,
        },
    }
}

/// What YAML makes of a character of plan.yaml, where it cannot take it
/// as text; `line_start` where it begins a line.
fn unreadable(c: char, line_start: bool) -> Option<String> {
    let code = format!("U+{:04X}", u32::from(c));
    Some(match c {
        '\t' | '\r' => return None,
        '\u{b}' => {
            format!(
                "a vertical tab ({code}, a line break pasted from Word), which YAML cannot read"
            )
        }
        '\u{c}' => {
            format!("a form feed ({code}, a page break pasted from Word), which YAML cannot read")
        }
        '\u{85}' | '\u{2028}' | '\u{2029}' => format!(
            "an invisible line separator ({code}, pasted from Word or a web page), which YAML \
             reads as a line break"
        ),
        '\u{fffe}' | '\u{ffff}' => {
            format!("the non-character {code}, which YAML cannot read")
        }
        '\u{feff}' if line_start => format!(
            "a byte-order mark ({code}, left by pasting another file), which YAML takes for the \
             start of a new file"
        ),
        c if c.is_control() => format!("the control character {code}, which YAML cannot read"),
        _ => return None,
    })
}

/// " at line L column C" as a position.
fn parse_mark(text: &str) -> Option<Pos> {
    let rest = text.strip_prefix(" at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(Pos::new(line.parse().ok()?, column.parse().ok()?))
}

/// Where a quoted value opens that is still open at the start of line
/// `line` (from 1), with its quote as a message shows it: each line is read
/// as YAML reads a value in quotes, from a quote that starts a value (after
/// `key: ` or `- `) to the quote that closes it (`\"` and `''` do not),
/// outside quotes a `#` after a space starting a comment. A heuristic for
/// messages: `None` when no value is open there.
fn open_quote_before(text: &str, line: usize) -> Option<(Pos, &'static str)> {
    let mut open: Option<(Pos, char)> = None;
    for (n, content) in text.lines().take(line.saturating_sub(1)).enumerate() {
        let chars: Vec<char> = content.chars().collect();
        let mut i = 0;
        if open.is_none() {
            let value = value_of(content);
            let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
                continue;
            };
            let start = content.len() - content.trim_start().len();
            let at = content[start..].find(value).map_or(0, |v| start + v);
            i = content[..at].chars().count();
            open = Some((Pos::new(n + 1, i + 1), quote));
            i += 1;
        }
        while let Some((_, quote)) = open {
            let Some(&c) = chars.get(i) else { break };
            match (quote, c, chars.get(i + 1)) {
                ('"', '\\', _) => i += 2,
                ('\'', '\'', Some('\'')) => i += 2,
                (q, c, _) if c == q => {
                    open = None;
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
    open.map(|(pos, quote)| (pos, if quote == '"' { "'\"'" } else { "\"'\"" }))
}

/// The quotes Word and other word processors write, which YAML takes
/// for text.
const TYPOGRAPHIC_QUOTES: [char; 8] = ['”', '“', '„', '’', '‘', '‚', '»', '«'];

/// The message and hint for a value that starts with a sign of YAML's own
/// (`*` an alias, `&` an anchor, `!` a tag, `%`, `@`, `` ` ``), on `line`: the key
/// it belongs to, and the line as it must be written.
fn starts_with_a_sign(line: &str, c: char) -> (String, String) {
    let item = line.trim().strip_prefix("- ").map(str::trim_start);
    let entry = item.unwrap_or(line.trim());
    // The key ends at a ':' and a space or tab; a key in quotes is named
    // without them.
    let split = entry
        .char_indices()
        .find(|&(at, c)| c == ':' && entry[at + 1..].starts_with([' ', '\t']))
        .map(|(at, _)| (&entry[..at], &entry[at + 1..]));
    let (key, value) = match split {
        Some((key, value)) if !key.contains(' ') || is_quoted(key) => (Some(key), value.trim()),
        _ => (None, entry),
    };
    // The sign starts the key (`*about: ...`): to YAML an alias, not the
    // key it looks like.
    if let Some(rest) = key.and_then(|key| key.strip_prefix(c)) {
        return (
            format!(
                "the key '{}' cannot start with '{c}'",
                for_message(key.unwrap_or_default())
            ),
            format!("delete the '{c}' before '{}'", for_message(rest)),
        );
    }
    let key = key.map(|key| key.trim_matches(['"', '\'']));
    // A line of neither a key nor a list item goes on a value above it,
    // a list in brackets perhaps, whose line the quotes would not fit.
    if key.is_none() && item.is_none() {
        return (
            format!("a value cannot start with '{c}' unless it is put in quotes"),
            "put the value, or the item of a list in brackets, in quotes".to_string(),
        );
    }
    // Inside a list written in brackets the sign starts an item, not the
    // value, and quoting the value would make the list one text.
    if value.starts_with(['[', '{']) {
        let message = match key {
            Some(key) => format!(
                "an item of '{}' cannot start with '{c}' unless it is put in quotes",
                for_message(key)
            ),
            None => format!("an item cannot start with '{c}' unless it is put in quotes"),
        };
        return (message, "put that item in quotes".to_string());
    }
    let message = match key {
        Some(key) => format!(
            "the value of '{}' cannot start with '{c}' unless it is put in quotes",
            for_message(key)
        ),
        None => format!("a value cannot start with '{c}' unless it is put in quotes"),
    };
    // A comment after the value (`# ansvarig`) stays one; `#12` is taken
    // for the value's own.
    let (value, comment) = match value.split_once(" # ") {
        Some((value, comment)) => (value.trim_end(), format!(" # {comment}")),
        None => (value, String::new()),
    };
    // A long text shown by its start, its quotes closed all the same.
    let start: String = match value.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    };
    let quoted = format!("\"{}\"", start.replace('\\', "\\\\").replace('"', "\\\""));
    let written = match (item, key) {
        (Some(_), Some(key)) => format!("- {key}: {quoted}{comment}"),
        (Some(_), None) => format!("- {quoted}{comment}"),
        (None, Some(key)) => format!("{key}: {quoted}{comment}"),
        (None, None) => format!("{quoted}{comment}"),
    };
    (message, format!("write it so: {}", shown(&written)))
}

/// Whether `text` is in quotes of either kind.
fn is_quoted(text: &str) -> bool {
    ['"', '\'']
        .iter()
        .any(|&q| text.len() >= 2 && text.starts_with(q) && text.ends_with(q))
}

/// The number of spaces a line starts with.
fn indent(line: &str) -> usize {
    line.chars().take_while(|&c| c == ' ').count()
}

/// The first line that ends a YAML document after content: a `---`, which
/// starts the next, or a `...`, which ends this one; its number and the
/// marker.
fn document_separator(text: &str) -> Option<(usize, &'static str)> {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = ["---", "..."].into_iter().find(|m| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        });
        if let Some(marker) = marker {
            if content {
                return Some((i + 1, marker));
            }
            continue;
        }
        let trimmed = line.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            content = true;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_starting_with_a_sign_is_shown_quoted_its_comment_and_brackets_apart() {
        let hint = |line: &str, c: char| starts_with_a_sign(line, c);
        assert_eq!(
            hint("  responsible: *Projektledare*", '*'),
            (
                "the value of 'responsible' cannot start with '*' unless it is put in quotes"
                    .into(),
                "write it so: responsible: \"*Projektledare*\"".into()
            )
        );
        // The comment stays a comment, outside the quotes.
        assert_eq!(
            hint("  timeline: %50 klart # kommentar \"x\"", '%').1,
            "write it so: timeline: \"%50 klart\" # kommentar \"x\""
        );
        // In a list in brackets it is the item that must be quoted.
        assert_eq!(
            hint("  theme_groups: [Tobak, @Snus, Alkohol]", '@'),
            (
                "an item of 'theme_groups' cannot start with '@' unless it is put in quotes".into(),
                "put that item in quotes".into()
            )
        );
        assert_eq!(hint("    - *viktig*", '*').1, "write it so: - \"*viktig*\"");
        assert_eq!(hint("    -   @Tobak", '@').1, "write it so: - \"@Tobak\"");
        // `#12` is the value's own; a list in brackets over lines is
        // quoted by its item.
        assert_eq!(
            hint("  responsible: @Anna, vecka #12", '@').1,
            "write it so: responsible: \"@Anna, vecka #12\""
        );
        assert_eq!(
            hint("      @Snus]", '@').1,
            "put the value, or the item of a list in brackets, in quotes"
        );
        // After a tab, and after a key in quotes.
        assert_eq!(
            hint("about:\t*Om", '*'),
            (
                "the value of 'about' cannot start with '*' unless it is put in quotes".into(),
                "write it so: about: \"*Om\"".into()
            )
        );
        assert_eq!(
            hint("  \"about\": *Om", '*').0,
            "the value of 'about' cannot start with '*' unless it is put in quotes"
        );
        // The sign before the key: quoting the value would not help.
        assert_eq!(
            hint("*about: Om nätverket.", '*'),
            (
                "the key '*about' cannot start with '*'".into(),
                "delete the '*' before 'about'".into()
            )
        );
    }

    #[test]
    fn a_quoted_value_still_open_is_found_where_it_opened() {
        let text = "a: \"open\nb: 'it''s'\nc: \"x\" # \"\nd: \"y\" z\n";
        // Line 1 opens a value that line 2 does not close.
        assert_eq!(open_quote_before(text, 2), Some((Pos::new(1, 4), "'\"'")));
        // The "x" of line 3 closes the value of line 1; a doubled quote
        // and a comment's quote close nothing.
        assert_eq!(
            open_quote_before("b: 'it''s\nc: x\n", 3),
            Some((Pos::new(1, 4), "\"'\""))
        );
        assert_eq!(open_quote_before("a: \"x\" # \"\nb: y\n", 3), None);
        assert_eq!(open_quote_before("- \"a \\\" b\"\nc: d\n", 3), None);
    }

    #[test]
    fn splits_libyaml_messages() {
        let parts = Parts::of(
            "could not find expected ':' at line 8 column 3, while scanning a simple key at line 7 column 3",
        );
        assert_eq!(parts.problem, "could not find expected ':'");
        assert_eq!(parts.context, "while scanning a simple key");
        assert_eq!(parts.context_pos, Some(Pos::new(7, 3)));
        let parts = Parts::of("recursion limit exceeded");
        assert_eq!(parts.problem, "recursion limit exceeded");
        assert_eq!(parts.context_pos, None);
    }
}
