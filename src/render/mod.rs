//! From the model to Typst markup: a minijinja environment whose every `{{ }}`
//! is escaped for Typst. Two filters produce Typst themselves: `md` (the
//! Markdown subset) and `code` (a value as a Typst literal). Numbers and
//! dates are formatted by the views, with the language's one formatter.

pub mod escape;
pub mod followup_view;
pub mod labels;
pub mod markdown;
pub mod plan_view;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

/// The templates built into the binary, by name.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "hfs-style.typ",
        include_str!("../../templates/hfs-style.typ"),
    ),
    (
        "verksamhetsplan.typ.j2",
        include_str!("../../templates/verksamhetsplan.typ.j2"),
    ),
    (
        "charts.typ.j2",
        include_str!("../../templates/charts.typ.j2"),
    ),
    (
        "uppfoljning-region.typ.j2",
        include_str!("../../templates/uppfoljning-region.typ.j2"),
    ),
    (
        "uppfoljning-natverket.typ.j2",
        include_str!("../../templates/uppfoljning-natverket.typ.j2"),
    ),
];

/// The shared Typst style file that every generated document imports.
pub const STYLE_FILE: &str = "hfs-style.typ";

/// How wide the text of a row or block that is kept on one page is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// A table cell (the narrowest holds some 10 characters a line).
    Cell,
    /// The text's full width (some 55 characters a line even of the widest).
    Full,
}

/// Whether a text in a table row or a block that the templates keep on one
/// page might be too tall for a page. Typst measures such a row or block
/// and lets it break when it does not fit: kept whole, what does not fit
/// would run off the foot of the page and be lost. A shorter text surely
/// fits: in a cell, at most some 36 lines of the widest letters in the
/// narrowest column, where a landscape page has room for 38; at full
/// width, some 37 lines, with room for them and a chart on a portrait page.
/// Its row or block is not measured: measuring costs a second layout, and
/// a year of 300 regions whose every comment was measured took twice as
/// long (BENCHMARKS.md).
pub fn may_not_fit_a_page(text: &str, width: Width) -> bool {
    let (characters, lines) = match width {
        Width::Cell => (250, 8),
        Width::Full => (1200, 15),
    };
    text.chars().count() > characters || text.lines().count() > lines
}

/// Data as Typst markup that prints it: escaped (see [`escape::markup`]),
/// with break opportunities in its long runs (see [`with_breaks_in_long_words`]).
/// The template environment's `{{ }}` and the Markdown converter's text
/// both go through here.
pub fn text_markup(text: &str) -> String {
    escape::markup(&with_breaks_in_long_words(text))
}

/// Free text with a break opportunity (a zero-width space) after every 20
/// characters of any run of more than 40 without white space. Typst breaks
/// a line between words and at hyphenation points only, so a run that long
/// (pasted code or an id, never a Swedish word) would run past its column
/// and off the page. Links in a run (`scheme://…`, `www.…`) are left as
/// they are: Typst breaks links itself, and a mark inside one would change
/// where it leads.
pub fn with_breaks_in_long_words(text: &str) -> Cow<'_, str> {
    const LONG: usize = 40;
    const EVERY: usize = 20;
    let too_long = |(piece, link): &(&str, bool)| !link && piece.chars().count() > LONG;
    // Every value of a template passes here: most are short words.
    let needs_breaks = |word: &str| {
        word.len() > LONG && word.chars().count() > LONG && link_pieces(word).iter().any(too_long)
    };
    if !text.split(char::is_whitespace).any(needs_breaks) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / EVERY * 3);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        for part in link_pieces(word) {
            if !too_long(&part) {
                out.push_str(part.0);
                continue;
            }
            let mut chars = part.0.chars().peekable();
            let mut run = 0;
            while let Some(c) = chars.next() {
                out.push(c);
                // A break opportunity already there (text passed twice) counts.
                run = if c == '\u{200b}' { 0 } else { run + 1 };
                // Never between a letter and a combining mark that belongs to it.
                let fits = chars
                    .peek()
                    .is_some_and(|&n| n != '\u{200b}' && !('\u{300}'..='\u{36f}').contains(&n));
                if run >= EVERY && fits {
                    out.push('\u{200b}');
                    run = 0;
                }
            }
        }
        out.push_str(&piece[word.len()..]);
    }
    Cow::Owned(out)
}

/// A run of text without white space cut into links (`true`) and the rest.
/// A link is what Typst's line breaker takes for one: what follows a `://`
/// if it is a letter (before a digit, Unicode's line-breaking rules allow
/// no break after the `/`, and Typst does not see the link), or the run's
/// `www.` start; it runs on over the characters typst-syntax's lexer takes
/// into links.
fn link_pieces(word: &str) -> Vec<(&str, bool)> {
    let in_link = |c: char| c.is_ascii_alphanumeric() || "!#$%&*+,-./:;=?@_~'[]()".contains(c);
    let link_end = |from: usize| {
        word[from..]
            .find(|c: char| !in_link(c))
            .map_or(word.len(), |i| from + i)
    };
    let mut pieces = Vec::new();
    let mut done = 0;
    if word.starts_with("www.") {
        done = link_end(4);
        pieces.push((&word[..done], true));
    }
    while let Some(colon) = word[done..].find("://").map(|i| done + i) {
        let after = colon + 3;
        if !word[after..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            break;
        }
        // The scheme's letters are text to Typst; the `://` is kept whole
        // with the link, whose detection needs it.
        if colon > done {
            pieces.push((&word[done..colon], false));
        }
        let end = link_end(after);
        pieces.push((&word[colon..end], true));
        done = end;
    }
    if done < word.len() {
        pieces.push((&word[done..], false));
    }
    pieces
}

/// Where templates come from: the embedded set, or a folder that overrides it.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    /// A folder laid out like `templates/`; a file missing there falls back to the embedded one.
    pub dir: Option<PathBuf>,
}

impl TemplateSource {
    /// The text of a template, from the folder if it has it, else embedded.
    pub fn get(&self, name: &str) -> Result<Option<Cow<'static, str>>, RenderError> {
        if let Some(dir) = &self.dir {
            let path = dir.join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path)
                    .map(|text| Some(Cow::Owned(text)))
                    .map_err(|err| RenderError {
                        template: path.display().to_string(),
                        line: None,
                        message: format!("cannot read the template ({err})"),
                    });
            }
        }
        Ok(EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| Cow::Borrowed(*text)))
    }

    /// Names and texts of every embedded template (for `templates export`).
    pub fn embedded() -> &'static [(&'static str, &'static str)] {
        EMBEDDED
    }

    /// How a template is named in messages.
    fn display_name(&self, name: &str) -> String {
        match &self.dir {
            Some(dir) if dir.join(name).is_file() => dir.join(name).display().to_string(),
            _ => Path::new("templates").join(name).display().to_string(),
        }
    }
}

/// A template failed: its file, line and what went wrong.
#[derive(Debug, Clone)]
pub struct RenderError {
    /// The template file.
    pub template: String,
    /// The line in the template, when known.
    pub line: Option<usize>,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: error: {}", self.template, self.message),
            None => write!(f, "{}: error: {}", self.template, self.message),
        }
    }
}

/// The template environment, set up once per process.
pub struct Renderer {
    env: Environment<'static>,
    source: TemplateSource,
}

impl Renderer {
    /// Sets up the environment: strict undefined values, Typst escaping, our filters.
    pub fn new(source: TemplateSource) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        // Our own escaping mode for every template, so that macros return
        // safe (already escaped) output instead of being escaped twice.
        env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
        // Every value printed by `{{ }}` is escaped, unless a filter of ours
        // produced Typst markup and marked it safe.
        env.set_formatter(|out, _state, value| {
            if value.is_none() {
                return Ok(());
            }
            let text = value.to_string();
            if value.is_safe() {
                out.write_str(&text)?;
            } else {
                out.write_str(&text_markup(&text))?;
            }
            Ok(())
        });
        let loader_source = source.clone();
        env.set_loader(move |name| {
            loader_source
                .get(name)
                .map(|text| text.map(|text| mark_lines(name, &text)))
                .map_err(|err| minijinja::Error::new(ErrorKind::TemplateNotFound, err.message))
        });
        env.add_filter("md", |text: Cow<'_, str>| {
            Value::from_safe_string(markdown::to_typst(&text))
        });
        env.add_filter("code", code_literal);
        Self { env, source }
    }

    /// Renders one template with a context.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, RenderError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|err| self.error(name, &err))?;
        template
            .render(context)
            .map_err(|err| self.error(name, &err))
    }

    /// The text of a plain Typst file among the templates (the shared style).
    pub fn typst_file(&self, name: &str) -> Result<String, RenderError> {
        match self.source.get(name)? {
            Some(text) => Ok(text.into_owned()),
            None => Err(RenderError {
                template: self.source.display_name(name),
                line: None,
                message: "no such template".into(),
            }),
        }
    }

    /// A template error with the template's file and line.
    fn error(&self, name: &str, err: &minijinja::Error) -> RenderError {
        let template = err.name().unwrap_or(name);
        let mut message = err
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| err.kind().to_string());
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(&format!(" ({cause})"));
            source = cause.source();
        }
        RenderError {
            template: self.source.display_name(template),
            line: err.line(),
            message,
        }
    }
}

/// The prefix of the comment that ends each generated line with the
/// template line it came from.
pub const LINE_MARK: &str = "// hfs-template: ";

/// Ends every line of a template with a Typst comment naming the template
/// and the line (`// hfs-template: verksamhetsplan.typ.j2:42`), so that a
/// Typst error in a generated document can be traced to the template line
/// that wrote it, and a reader of `--emit typst` sources sees where each
/// line comes from. Lines inside a template tag or comment that spans
/// several lines are left alone.
fn mark_lines(name: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut open_tags = 0i32;
    let mut in_macro = false;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        open_tags += ["{%", "{{", "{#"]
            .iter()
            .map(|t| body.matches(t).count() as i32)
            .sum::<i32>();
        open_tags -= ["%}", "}}", "#}"]
            .iter()
            .map(|t| body.matches(t).count() as i32)
            .sum::<i32>();
        // A macro's output lands in the middle of its caller's line, and a
        // tag ending in `-` asks for no line break: a mark would change both.
        in_macro |= body.contains("{% macro") || body.contains("{%- macro");
        let trimmed = body.trim_end();
        let joins_next = ["-%}", "-}}", "-#}"]
            .iter()
            .any(|end| trimmed.ends_with(end));
        out.push_str(body);
        if open_tags == 0 && !in_macro && !joins_next && !trimmed.is_empty() {
            out.push_str(&format!(" {LINE_MARK}{name}:{}", index + 1));
        }
        out.push_str(&line[body.len()..]);
        in_macro &= !body.contains("endmacro");
        open_tags = open_tags.max(0);
    }
    out
}

/// A value as a Typst code literal, for the places where templates pass data
/// to Typst functions: strings become string literals, numbers numbers.
fn code_literal(value: Value) -> Result<Value, minijinja::Error> {
    let literal = if value.is_none() || value.is_undefined() {
        "none".to_string()
    } else if let Some(text) = value.as_str() {
        escape::string_literal(text)
    } else if value.kind() == minijinja::value::ValueKind::Bool {
        value.is_true().to_string()
    } else if let Ok(int) = i64::try_from(value.clone()) {
        int.to_string()
    } else if let Ok(float) = f64::try_from(value.clone()) {
        // Debug keeps the point and uses an exponent for huge values, both
        // of which Typst reads as a float.
        if float.is_finite() {
            format!("{float:?}")
        } else {
            "none".to_string()
        }
    } else {
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("cannot pass {} to Typst as a literal", value.kind()),
        ));
    };
    Ok(Value::from_safe_string(literal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_runs_longer_than_40_characters_get_break_opportunities() {
        let word = "Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet";
        assert_eq!(word.chars().count(), 53);
        assert_eq!(
            with_breaks_in_long_words(&format!("Se {word}, tack.")),
            "Se Hälsofrämjandeutveck\u{200b}lingsarbetsgruppsmöt\u{200b}esprotokollet, tack."
        );
        let short = "Sjukvårdsförvaltningsorganisationen och https://www.example.se/a/very/long/path/to/a/page/x";
        assert!(matches!(with_breaks_in_long_words(short), Cow::Borrowed(_)));
        // Glued to a link, the word gets its breaks and the link none.
        let path = "abcdefghij".repeat(5);
        assert_eq!(
            with_breaks_in_long_words(&format!("{word}<https://example.se/{path}>{word}")),
            format!(
                "Hälsofrämjandeutveck\u{200b}lingsarbetsgruppsmöt\u{200b}esprotokollet<\
                 https://example.se/{path}\
                 >Hälsofrämjandeutvec\u{200b}klingsarbetsgruppsmö\u{200b}tesprotokollet"
            )
        );
        assert!(matches!(
            with_breaks_in_long_words(&format!("www.example.se/{path}")),
            Cow::Borrowed(_)
        ));
        // Passed twice (a view, then the template's escaping), it is the same.
        let once = with_breaks_in_long_words(word).into_owned();
        assert_eq!(with_breaks_in_long_words(&once), once);
        // Typst sees no link where a digit follows the `://`.
        assert_eq!(
            with_breaks_in_long_words(&format!("http://1{path}")),
            "http://1abcdefghijab\u{200b}cdefghijabcdefghijab\u{200b}cdefghijabcdefghij"
        );
    }

    #[test]
    fn marks_lines_but_not_macros_open_tags_or_joined_lines() {
        let template =
            "a {{ x }}\n{% macro m() -%}\nin macro\n{%- endmacro %}\n{#- comment\nstill -#}\nb\n";
        let marked = mark_lines("t.j2", template);
        assert_eq!(
            marked,
            "a {{ x }} // hfs-template: t.j2:1\n{% macro m() -%}\nin macro\n{%- endmacro %}\n{#- comment\nstill -#}\nb // hfs-template: t.j2:7\n"
        );
    }
}
