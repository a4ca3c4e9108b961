//! From the model to Typst markup: a minijinja environment whose every `{{ }}`
//! is escaped for Typst. Five filters produce Typst themselves: `md` (the
//! Markdown subset), `code` (a value as a Typst literal), `path` (a file's
//! name as a string literal), and `in_column` and `md_in_column` (a narrow
//! column's text, plain or Markdown, with the places it may break). Numbers
//! and dates are formatted by the views, with the language's one formatter.
//! The templates come from `template_source`: built in, or a folder's.

pub mod draft_mark;
pub mod escape;
pub mod fit;
pub mod followup_view;
pub mod labels;
mod line_marks;
mod macro_calls;
pub mod markdown;
pub mod plan_view;
mod template_error;
mod template_source;
mod template_tags;
mod unclosed;

use std::borrow::Cow;
use std::fmt;

use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

use crate::diag::Pos;
pub use line_marks::{LINE_MARK, LineMark};
use line_marks::{mark_lines, without_marks, without_stray_marks};
use template_tags::import_without_a_name;

pub use template_source::{
    NETWORK_TEMPLATE, PLAN_TEMPLATE, REGION_TEMPLATE, STYLE_FILE, TemplateSource,
};

/// A template failed: its file, line and what went wrong.
#[derive(Debug, Clone)]
pub struct RenderError {
    /// The template file.
    pub template: String,
    /// Where in the template, when known: its line, and for a byte that
    /// is not UTF-8 its column too.
    pub pos: Option<Pos>,
    /// What went wrong.
    pub message: String,
    /// Whether it came from running the template (a name, filter, macro
    /// or template it uses, which one of another version may use
    /// otherwise), not from reading its file or its syntax.
    pub in_running: bool,
}

impl RenderError {
    /// The error with a note of the document it stopped: what fails may
    /// depend on the document's data (one year's, the network report's).
    pub fn while_making(mut self, pdf: &str) -> Self {
        self.message
            .push_str(&format!("\nnote: while making {pdf}"));
        self
    }

    /// The template, and where in it when known: `charts.typ.j2:12`.
    fn place(&self) -> String {
        match self.pos {
            Some(pos) => format!("{}:{pos}", self.template),
            None => self.template.clone(),
        }
    }
}

impl std::error::Error for RenderError {}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.place(), self.message)
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
        // A loop that runs without end is stopped, also where its output
        // is kept in memory until the loop ends (in a macro, a `set`
        // block), which `MAX_OUTPUT` does not see.
        env.set_fuel(Some(MAX_STEPS));
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
                out.write_str(&fit::text_markup(&text))?;
            }
            Ok(())
        });
        let loader_source = source.clone();
        env.set_loader(move |name| {
            loader_source
                .get(name)
                .and_then(|text| {
                    if let Some(text) = &text {
                        refuse_what_minijinja_cannot_compile(&loader_source, name, text)?;
                    }
                    Ok(text.map(|text| mark_lines(name, &text)))
                })
                // Not `TemplateNotFound`: an include would report the file
                // as missing and drop why it could not be had.
                .map_err(|err| {
                    minijinja::Error::new(
                        ErrorKind::BadInclude,
                        format!("{}: {}", err.place(), err.message),
                    )
                    .with_source(err)
                })
        });
        env.add_filter("md", |text: Cow<'_, str>| {
            Value::from_safe_string(markdown::to_typst(&without_marks(&text)))
        });
        env.add_filter("code", code_literal);
        // A file's name (the logo's), exactly as it is.
        env.add_filter("path", |name: Cow<'_, str>| {
            Value::from_safe_string(escape::path_literal(&name))
        });
        env.add_filter("md_in_column", column_filter(markdown::to_typst_in_column));
        env.add_filter("in_column", column_filter(fit::column_markup));
        Self { env, source }
    }

    /// Renders one template with a context.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, RenderError> {
        // A file of the folder that cannot be read is reported as reading
        // it does, not wrapped by the environment's loader.
        self.source.get(name)?;
        let template = self
            .env
            .get_template(name)
            .map_err(|err| self.error(name, &err))?;
        let mut out = CappedOutput::default();
        match template.render_captured_to(context, &mut out) {
            // The marks are placed by reading each template alone; what its
            // tags do (join lines, choose a branch) may still put one before
            // text on its line, or inside a string of a template of the
            // user's own (the built-in templates' output is known to hold
            // none, and is not parsed again).
            Ok(_) => Ok(without_stray_marks(
                out.text,
                self.source.has_read_a_template(),
            )),
            Err(err) if out.overflowed => {
                // minijinja knows no line when its output fails; the line
                // marks of what was written do.
                let (template, line) = match out.last_mark() {
                    Some((template, line)) => (self.source.display_name(template), Some(line)),
                    None => (self.source.display_name(name), err.line()),
                };
                Err(RenderError {
                    template,
                    pos: line.map(Pos::line),
                    message: format!(
                        "the template wrote more than {} MiB of Typst, far more than any \
                         document needs; a loop that runs more often than it should?",
                        MAX_OUTPUT >> 20
                    ),
                    in_running: false,
                })
            }
            Err(err) => Err(self.error(name, &err)),
        }
    }

    /// Where its templates come from.
    pub fn templates(&self) -> &TemplateSource {
        &self.source
    }

    /// The text of a plain Typst file among the templates (the shared style).
    pub fn typst_file(&self, name: &str) -> Result<String, RenderError> {
        match self.source.get(name)? {
            Some(text) => Ok(text.into_owned()),
            None => Err(RenderError {
                template: self.source.display_name(name),
                pos: None,
                message: "no such template".into(),
                in_running: false,
            }),
        }
    }
}

/// An error for a template that minijinja would not report but crash on
/// (see [`import_without_a_name`]).
fn refuse_what_minijinja_cannot_compile(
    source: &TemplateSource,
    name: &str,
    text: &str,
) -> Result<(), RenderError> {
    match import_without_a_name(text) {
        None => Ok(()),
        Some((at, what)) => Err(RenderError {
            template: source.display_name(name),
            pos: Some(Pos::of_byte(text, at)),
            message: format!(
                "an import names what it imports by a name ('{{% import \"charts.typ.j2\" as \
                 charts %}}'), not by '{what}'"
            ),
            in_running: false,
        }),
    }
}

/// The most Typst one template may write. The largest document of a year
/// of 300 regions × 40 indicators (the network's report) is 0.25 MiB; a
/// template caught in nested loops would otherwise fill the memory before
/// anything stops it.
const MAX_OUTPUT: usize = 64 << 20;

/// The most steps (minijinja's instructions) one template may take. The
/// network's report of a year of 300 regions × 40 indicators takes about
/// 110,000; 10 million stop a runaway loop within a second or two, before
/// what it keeps in memory (a macro's output) grows large.
const MAX_STEPS: u64 = 10_000_000;

/// A template's output, refused past `MAX_OUTPUT`.
#[derive(Default)]
struct CappedOutput {
    text: String,
    overflowed: bool,
}

impl CappedOutput {
    /// The template and line of the last line mark written.
    fn last_mark(&self) -> Option<(&str, usize)> {
        let at = self.text.rfind(LINE_MARK)? + LINE_MARK.len();
        let mark = self.text[at..].lines().next()?.trim();
        let mark = LineMark::read(mark)?;
        Some((mark.template, mark.line))
    }
}

impl std::io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.text.len() + buf.len() > MAX_OUTPUT {
            self.overflowed = true;
            return Err(std::io::Error::other("too much output"));
        }
        // minijinja writes whole `str`s, so every piece is UTF-8.
        let piece = std::str::from_utf8(buf).map_err(std::io::Error::other)?;
        self.text.push_str(piece);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A filter that writes a text of a narrow column (`{{ text |
/// in_column(2, lang) }}`: the action table's by its index, or
/// `"comment"`, `"process-leaders"` or `"theme-group"`) as markup with `convert`, which
/// measures what may be too wide for it (see [`fit::Place`]).
fn column_filter(
    convert: for<'a> fn(&str, fit::Column<'a>) -> String,
) -> impl Fn(Cow<'_, str>, Value, Cow<'_, str>) -> Result<Value, minijinja::Error> {
    move |text, name, lang| {
        let place = fit::Place::named(&name.to_string()).ok_or_else(|| {
            // A name as the template wrote it, in quotes.
            let shown = name
                .as_str()
                .map_or_else(|| name.to_string(), |name| format!("{name:?}"));
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "there is no narrow column {shown}: a column of the action table \
                     (0 to 4), \"comment\", \"process-leaders\" or \"theme-group\""
                ),
            )
        })?;
        Ok(Value::from_safe_string(convert(
            &without_marks(&text),
            fit::Column::new(place, &lang),
        )))
    }
}

/// A value as a Typst code literal, for the places where templates pass data
/// to Typst functions: strings become string literals, numbers numbers,
/// lists arrays and maps dictionaries.
fn code_literal(value: Value) -> Result<Value, minijinja::Error> {
    Ok(Value::from_safe_string(literal(&value)?))
}

/// The Typst code literal of [`code_literal`].
fn literal(value: &Value) -> Result<String, minijinja::Error> {
    // Every element followed by a comma: `(1,)` is an array, `(1)` a number.
    let listed = |items: Vec<String>| {
        let items: String = items.iter().map(|item| format!("{item}, ")).collect();
        format!("({items})")
    };
    let literal = match value.kind() {
        ValueKind::None => "none".to_string(),
        // A misspelt name (`{{ i.coment | code }}`): the environment's
        // strict mode stops it where it is printed, but a filter gets it;
        // as `none` it would drop its text without a word.
        ValueKind::Undefined => return Err(minijinja::Error::from(ErrorKind::UndefinedError)),
        ValueKind::Bool => value.is_true().to_string(),
        ValueKind::String => escape::string_literal(value.as_str().unwrap_or_default()),
        ValueKind::Seq => listed(
            value
                .try_iter()?
                .map(|item| literal(&item))
                .collect::<Result<_, _>>()?,
        ),
        ValueKind::Map => {
            let mut entries = Vec::new();
            for key in value.try_iter()? {
                let Some(name) = key.as_str() else {
                    return Err(minijinja::Error::new(
                        ErrorKind::InvalidOperation,
                        "cannot pass a map with keys other than text to Typst",
                    ));
                };
                let entry = literal(&value.get_item(&key)?)?;
                entries.push(format!("{}: {entry}", escape::string_literal(name)));
            }
            if entries.is_empty() {
                "(:)".to_string()
            } else {
                listed(entries)
            }
        }
        ValueKind::Number => match i64::try_from(value.clone()) {
            Ok(int) => int.to_string(),
            // Debug keeps the point and uses an exponent for huge values,
            // both of which Typst reads as a float.
            Err(_) => match f64::try_from(value.clone()) {
                Ok(float) if float.is_finite() => format!("{float:?}"),
                _ => "none".to_string(),
            },
        },
        kind => {
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("cannot pass {kind} to Typst as a literal"),
            ));
        }
    };
    Ok(literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_names_a_narrow_column_by_its_index_or_its_name() {
        let filter = column_filter(fit::column_markup);
        let markup = |name: Value| {
            filter(
                Cow::Borrowed("Hälsofrämjandesamordnarna"),
                name,
                Cow::Borrowed("sv"),
            )
            .map(|markup| markup.to_string())
        };
        assert!(
            markup(Value::from(2))
                .unwrap()
                .starts_with("#narrow-word(2, ")
        );
        assert!(
            markup(Value::from("theme-group"))
                .unwrap()
                .starts_with("#narrow-word(\"theme-group\", ")
        );
        let err = markup(Value::from("kommentar")).unwrap_err().to_string();
        assert!(
            err.contains("there is no narrow column \"kommentar\": "),
            "{err}"
        );
        let err = markup(Value::from(5)).unwrap_err().to_string();
        assert!(
            err.contains(
                "there is no narrow column 5: a column of the action table (0 to 4), \
                 \"comment\", \"process-leaders\" or \"theme-group\""
            ),
            "{err}"
        );
    }

    #[test]
    fn a_misspelt_name_passed_to_typst_is_an_error_not_none() {
        let renderer = Renderer::new(TemplateSource::default());
        let context = minijinja::context! { i => minijinja::context! { comment => "Bra" } };
        let render = |template: &str| {
            renderer
                .env
                .render_str(template, context.clone())
                .map_err(|err| err.kind())
        };
        assert_eq!(render("{{ i.comment | code }}").as_deref(), Ok("\"Bra\""));
        assert_eq!(render("{{ none | code }}").as_deref(), Ok("none"));
        assert_eq!(
            render("{{ i.coment | code }}"),
            Err(ErrorKind::UndefinedError)
        );
    }

    #[test]
    fn passes_lists_and_maps_to_typst_as_arrays_and_dictionaries() {
        let value = Value::from_serialize(serde_json::json!({
            "extents": [{"em": 1.5, "lines": 2}, null],
            "one": ["a \"b\""],
            "none": [],
            "empty": {},
        }));
        let code = code_literal(value).unwrap().to_string();
        assert_eq!(
            code,
            r#"("empty": (:), "extents": (("em": 1.5, "lines": 2, ), none, ), "none": (), "one": ("a \"b\"", ), )"#
        );
    }
}
