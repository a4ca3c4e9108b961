//! How a template error is told: minijinja's error placed where it
//! happened (the template and line, the name that is not there, the part
//! of the line around it), with a note for each line that led there: the
//! includes, imports and `super()` calls minijinja names, and the calls
//! of a macro, which it does not (see `macro_calls`).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

use minijinja::ErrorKind;

use super::line_marks::without_marks;
use super::macro_calls::{self, Place, line_of, macro_around};
use super::{MAX_STEPS, RenderError, Renderer, STYLE_FILE, unclosed};
use crate::diag::Pos;

/// The longest line of a template a message quotes whole, in characters;
/// of a longer one, the part around what it concerns.
const QUOTED_LINE: usize = 120;

impl Renderer {
    /// A template error with the template's file and line where it
    /// happened, and a note for each line that led there from another
    /// template (an include, an import, a `super()`, and the calls of a
    /// macro, which minijinja does not name), the outermost last: what
    /// fails may depend on what that line passes on.
    pub(super) fn error(&self, name: &str, err: &minijinja::Error) -> RenderError {
        let (err, wrappers) = where_it_happened(err);
        // What the loader refused of a template is told as its own: at the
        // place in it when there is one (a byte that is not UTF-8), else,
        // for one that another includes, at the line that includes it (a
        // file that cannot be read has no line to name).
        let refused =
            std::error::Error::source(err).and_then(|source| source.downcast_ref::<RenderError>());
        let (mut error, read_at) = match refused {
            Some(refused) if err.name().is_none() || refused.pos.is_some() => {
                (refused.clone(), err.name().is_some().then_some(err))
            }
            _ => {
                let mut error = self.error_in(name, err, refused.is_some());
                // (A mistake of syntax, or an unknown filter or test, is
                // the template's as written, whatever a call passes.)
                let as_written = matches!(
                    err.kind(),
                    ErrorKind::SyntaxError | ErrorKind::UnknownFilter | ErrorKind::UnknownTest
                );
                if !as_written && let Some(pos) = error.pos {
                    let place = err.range().map_or(Place::Line(pos.line), Place::Bytes);
                    let template = err.name().unwrap_or(name);
                    error
                        .message
                        .push_str(&self.macro_notes(name, template, place));
                }
                (error, None)
            }
        };
        // (Where it happened is no place that led there.)
        let mut places = vec![(error.template.clone(), error.pos.map(|pos| pos.line))];
        for led_there in read_at.into_iter().chain(wrappers.into_iter().rev()) {
            let (Some(template), Some(line)) = (led_there.name(), led_there.line()) else {
                continue;
            };
            // A template that includes itself leads there fifty times.
            let shown = self.source.display_name(template);
            if places.contains(&(shown.clone(), Some(line))) {
                continue;
            }
            let place = format!("{shown}:{line}");
            places.push((shown, Some(line)));
            match self.line_as_written(template, line) {
                Some(written) => error
                    .message
                    .push_str(&format!("\nnote: reached from {place}, in: {written}")),
                None => error
                    .message
                    .push_str(&format!("\nnote: reached from {place}")),
            }
            // An include inside a macro is reached from the macro's calls.
            let place = led_there.range().map_or(Place::Line(line), Place::Bytes);
            error
                .message
                .push_str(&self.macro_notes(name, template, place));
        }
        error
    }

    /// Notes naming the calls of the macro that holds `place` in
    /// `template` (as loaded), and of the macros those calls stand in, in
    /// turn, in the templates a document rendered from `root` reads: what
    /// fails in a macro is often what a call passed it, and minijinja does
    /// not say which call it was. Nothing outside a macro. Where a tag
    /// names a template by an expression, which only rendering resolves,
    /// the templates rendering has loaded so far are searched.
    fn macro_notes(&self, root: &str, template: &str, place: Place) -> String {
        /// Macros followed, from the one where it happened outwards.
        const MACROS: usize = 4;
        let Ok(loaded) = self.env.get_template(template) else {
            return String::new();
        };
        let read = self.source.read_by(root).unwrap_or_else(|| {
            let loaded = self.env.templates().map(|(name, _)| name.to_string());
            loaded.chain([root.to_string()]).collect()
        });
        let texts: Vec<(&str, Cow<'static, str>)> = read
            .iter()
            .filter(|reader| *reader != STYLE_FILE)
            .filter_map(|reader| Some((reader.as_str(), self.source.peek(reader)?)))
            .collect();
        let mut notes = String::new();
        let mut followed: Vec<(&str, &str)> = Vec::new();
        let mut todo = VecDeque::from([(template, loaded.source(), place)]);
        while let Some((template, text, place)) = todo.pop_front() {
            let Some(name) = macro_around(text, &place) else {
                continue;
            };
            if followed.contains(&(template, name)) {
                continue;
            }
            if followed.len() == MACROS {
                break;
            }
            followed.push((template, name));
            let calls = calls_of(&texts, template, name);
            notes.push_str(&self.call_notes(name, &calls));
            todo.extend(
                calls
                    .into_iter()
                    .map(|(reader, text, range)| (reader, text, Place::Bytes(range))),
            );
        }
        notes
    }

    /// The notes naming `calls` of the macro `name`: the first few with
    /// their lines quoted, the rest counted.
    fn call_notes(&self, name: &str, calls: &[Call<'_>]) -> String {
        /// Calls named one by one; more are counted.
        const SHOWN: usize = 3;
        let mut notes = String::new();
        for (index, (reader, reader_text, range)) in calls.iter().take(SHOWN).enumerate() {
            let lead = if index == 0 {
                format!("in the macro '{name}', called at")
            } else {
                "or at".to_string()
            };
            let shown = self.source.display_name(reader);
            let line = line_of(reader_text, range.start);
            notes.push_str(&format!("\nnote: {lead} {shown}:{line}"));
            if let Some(written) = written_at(reader_text, range.clone()) {
                notes.push_str(&format!(", in: {written}"));
            }
        }
        match calls.len().saturating_sub(SHOWN) {
            0 => {}
            1 => notes.push_str("\nnote: or at one more place"),
            more => notes.push_str(&format!("\nnote: or at {more} more places")),
        }
        if calls.len() > 1 {
            notes.push_str(" (minijinja does not say which call it was)");
        }
        notes
    }

    /// Of the line of `template` that holds `range` (bytes of the template
    /// as loaded), the part around it (see [`part_around`]).
    fn part_of_line(&self, template: &str, range: Range<usize>) -> Option<String> {
        let loaded = self.env.get_template(template).ok()?;
        part_around(loaded.source(), range)
    }

    /// A line of a template, trimmed, where it is short enough to quote.
    fn line_as_written(&self, template: &str, line: usize) -> Option<String> {
        let text = self.source.peek(template)?;
        quotable(text.lines().nth(line.checked_sub(1)?)?)
    }

    /// The error where it happened, in `name` or the template minijinja
    /// names; `refused` where the loader refused a template it reads,
    /// whose reason is in the message already.
    fn error_in(&self, name: &str, err: &minijinja::Error, refused: bool) -> RenderError {
        let template = err.name().unwrap_or(name);
        // What stopped a template that would not end, told as such.
        let stopped = match err.kind() {
            ErrorKind::OutOfFuel => Some(format!(
                "the template took more than {} million steps, far more than any document \
                 needs; a loop that runs more often than it should?",
                MAX_STEPS / 1_000_000
            )),
            // (Where the limit is reached need not be the include or the
            // call that goes round: the notes name the includes.)
            _ if err.detail() == Some("recursion limit exceeded") => Some(
                "the templates nest deeper than minijinja allows (includes, or macro calls, one \
                 inside another): does a template include itself, or a macro call itself, \
                 without end?"
                    .to_string(),
            ),
            _ => None,
        };
        let mut message = err
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| err.kind().to_string());
        // Which name: a line may hold several (`{% if plan.mision %}` and
        // `{{ labels.missionn }}`). The range is in the text as loaded: the
        // failing part of a name (`.netwrok` of `plan.netwrok.name`), or
        // the filter's name where the value was passed to a filter.
        if err.kind() == ErrorKind::UndefinedError
            && let Some((before, name)) = err.range().and_then(|range| {
                let loaded = self.env.get_template(template).ok()?;
                let source = loaded.source();
                let before = source.get(..range.start)?;
                let name = source.get(range)?.trim();
                Some((before.to_string(), name.to_string()))
            })
            && !name.is_empty()
            && name.chars().count() <= 80
        {
            // The name as written: what stands before the range that is
            // part of it (`plan.` of `plan.netwrok`, `plan.regions[0:` of
            // `2][0].nmae`).
            let is_path = |c: char| c.is_alphanumeric() || "_.[]:'\"".contains(c);
            let path_before = |text: &str| {
                let kept = text.trim_end_matches(is_path).len();
                text[kept..].to_string()
            };
            match before.trim_end().strip_suffix('|') {
                // A filter with arguments: the undefined value may be one.
                Some(value) => {
                    let value = path_before(value.trim_end());
                    if name.contains('(') || value.is_empty() {
                        let call = if value.is_empty() {
                            name.clone()
                        } else {
                            format!("{value} | {name}")
                        };
                        message.push_str(&format!(" in '{call}'"));
                    } else {
                        message.push_str(&format!(" '{value}', passed to the filter '{name}'"));
                    }
                }
                None => {
                    let whole = format!("{}{name}", path_before(&before));
                    if whole.chars().all(is_path) {
                        message.push_str(&format!(" '{whole}'"));
                    } else {
                        // An expression (`a and b`): the undefined value is in it.
                        message.push_str(&format!(" in '{name}'"));
                    }
                }
            }
        }
        // A folder of the name in the templates folder: "non-existing"
        // alone would leave the user looking at it.
        if err.kind() == ErrorKind::TemplateNotFound
            && let Some(dir) = &self.source.dir
            && let Some(included) = message.split('"').nth(1)
            && !included.is_empty()
            && dir.join(included).is_dir()
        {
            message.push_str(" (it is a folder in the templates folder, not a template)");
        }
        // (What the loader refused is in the message already.)
        let mut source = std::error::Error::source(err).filter(|_| !refused);
        while let Some(cause) = source {
            message.push_str(&format!(" ({cause})"));
            source = cause.source();
        }
        let text = self.source.get(template).ok().flatten();
        let mut pos = err.line().map(Pos::line);
        // Something left open is named where it starts, not where minijinja
        // found the text end (or another block closed) without its close.
        if err.kind() == ErrorKind::SyntaxError
            && let Some(text) = &text
            && let Some(unclosed) = unclosed::explained(text, &message, err.line())
        {
            if let Some(at) = unclosed.at {
                pos = Some(Pos::of_byte(text, at));
            }
            message = unclosed.message;
        }
        // The line as written: "undefined value" alone names nothing. Of a
        // line too long to quote whole (a chart's call in charts.typ.j2),
        // the part around what failed.
        let quoted = pos
            .and_then(|pos| self.line_as_written(template, pos.line))
            .or_else(|| self.part_of_line(template, err.range()?));
        if let Some(line) = quoted {
            message.push_str(&format!(", in: {line}"));
        }
        RenderError {
            template: self.source.display_name(template),
            pos,
            // (A template stopped is no name or macro another version lacks.)
            // (A file the loader could not read comes as `BadInclude`.)
            // (An include of a name that is not there is a typing mistake.)
            in_running: stopped.is_none()
                && !matches!(
                    err.kind(),
                    ErrorKind::SyntaxError
                        | ErrorKind::BadEscape
                        | ErrorKind::BadInclude
                        | ErrorKind::TemplateNotFound
                ),
            message: stopped.unwrap_or(message),
        }
    }
}

/// A call of a macro: the template that makes it, its text, and where in
/// the text the call's name stands.
type Call<'t> = (&'t str, &'t str, Range<usize>);

/// The calls of the macro `name` of `template` in `texts` (templates by
/// name, with their text), one per line.
fn calls_of<'t>(
    texts: &'t [(&'t str, Cow<'static, str>)],
    template: &str,
    name: &str,
) -> Vec<Call<'t>> {
    let mut calls: Vec<Call<'t>> = Vec::new();
    for (reader, reader_text) in texts {
        let names = macro_calls::names_of(reader_text, reader, template, name);
        for range in macro_calls::calls(reader_text, &names) {
            let line = line_of(reader_text, range.start);
            let on_the_line = |(r, t, at): &Call<'_>| r == reader && line_of(t, at.start) == line;
            if !calls.iter().any(on_the_line) {
                calls.push((reader, reader_text, range));
            }
        }
    }
    calls
}

/// Of the line of `text` that holds `range`, the part around it: some 40
/// characters either side, "…" where the line goes on. A line's mark
/// (which follows all the line holds, in a template as loaded) is left out.
fn part_around(text: &str, range: Range<usize>) -> Option<String> {
    const AROUND: usize = 40;
    let start = text
        .get(..range.start)?
        .rfind('\n')
        .map_or(0, |end| end + 1);
    let end = text[range.start..]
        .find('\n')
        .map_or(text.len(), |len| range.start + len);
    let line = without_marks(&text[start..end]);
    let (at, to) = (range.start - start, range.end.min(end) - start);
    let (before, part, after) = (line.get(..at)?, line.get(at..to)?, line.get(to..)?);
    let kept_before: String = {
        let mut chars: Vec<char> = before.chars().rev().take(AROUND).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let kept_after: String = after.chars().take(AROUND).collect();
    let lead = if kept_before.len() < before.trim_start().len() {
        "…"
    } else {
        ""
    };
    let tail = if kept_after.len() < after.trim_end().len() {
        "…"
    } else {
        ""
    };
    let quoted = format!(
        "{lead}{}{part}{}{tail}",
        kept_before.trim_start(),
        kept_after.trim_end()
    );
    (!quoted.trim().is_empty()).then_some(quoted)
}

/// The line of `text` that holds `range`, trimmed, to quote in a message;
/// of one too long to quote whole, the part around `range`.
fn written_at(text: &str, range: Range<usize>) -> Option<String> {
    let start = text
        .get(..range.start)?
        .rfind('\n')
        .map_or(0, |end| end + 1);
    let line = text[start..].lines().next().unwrap_or_default();
    if line.trim().chars().count() <= QUOTED_LINE {
        quotable(line)
    } else {
        part_around(text, range)
    }
}

/// A line, trimmed, where it is short enough to quote whole and not blank.
fn quotable(line: &str) -> Option<String> {
    let line = line.trim();
    (!line.is_empty() && line.chars().count() <= QUOTED_LINE).then(|| line.to_string())
}

/// Where an error happened: minijinja wraps one in a template that
/// another includes or imports (`error in "charts.typ.j2"`), or in the
/// block of a template extended that `super()` renders (`error in super
/// block`), and names the line that includes it or calls `super()`, which
/// is not where to fix it; the error it wraps names its own template and
/// line, and the value that is not there. Returned with the errors that
/// wrap it, the outermost first.
fn where_it_happened(err: &minijinja::Error) -> (&minijinja::Error, Vec<&minijinja::Error>) {
    let mut err = err;
    let mut wrappers = Vec::new();
    while matches!(err.kind(), ErrorKind::BadInclude | ErrorKind::EvalBlock)
        && let Some(inner) = std::error::Error::source(err)
            .and_then(|source| source.downcast_ref::<minijinja::Error>())
            .filter(|inner| inner.name().is_some())
    {
        wrappers.push(err);
        err = inner;
    }
    (err, wrappers)
}

#[cfg(test)]
mod tests {
    use minijinja::Value;

    use super::*;
    use crate::render::TemplateSource;

    #[test]
    fn an_undefined_value_is_named_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let message = |template: &str| {
            std::fs::write(dir.path().join("t.typ.j2"), template).unwrap();
            let renderer = Renderer::new(TemplateSource::folder(Some(dir.path().to_path_buf())));
            let context = minijinja::context! { plan => minijinja::context! { year => 2024 } };
            renderer.render("t.typ.j2", context).unwrap_err().message
        };
        assert_eq!(
            message("{{ plan.year }}\n{% if plan.mision %}x{% endif %}{{ plan.yaer }}\n"),
            "undefined value 'plan.mision', in: {% if plan.mision %}x{% endif %}{{ plan.yaer }}"
        );
        assert_eq!(
            message("{{ plan.yaer | md }}\n"),
            "undefined value 'plan.yaer', passed to the filter 'md', in: {{ plan.yaer | md }}"
        );
        assert_eq!(
            message("{{ plan.netwrok.name }}\n"),
            "undefined value 'plan.netwrok.name', in: {{ plan.netwrok.name }}"
        );
        // Where it may be one of several: the expression that holds it.
        assert_eq!(
            message("{% if plan.year and plan.mision %}x{% endif %}\n"),
            "undefined value in 'plan.year and plan.mision', in: \
             {% if plan.year and plan.mision %}x{% endif %}"
        );
        // Of a line too long to quote, the part around the name.
        let long = format!(
            "{}{{{{ plan.yaer | code }}}}{}\n",
            "#f(a: 1, ".repeat(10),
            ", b: 2".repeat(20)
        );
        assert_eq!(
            message(&long),
            "undefined value 'plan.yaer', passed to the filter 'code', in: \
             …(a: 1, #f(a: 1, #f(a: 1, {{ plan.yaer | code }}, b: 2, b: 2, b: 2, b: 2, b: 2, \
             b: 2,…"
        );
        assert_eq!(
            message("{{ plan.year | replace(plan.foo, \"b\") }}\n"),
            "undefined value in 'plan.year | replace(plan.foo, \"b\")', in: \
             {{ plan.year | replace(plan.foo, \"b\") }}"
        );
    }

    /// The error of rendering `t.typ.j2` of the templates folder `dir`, as
    /// printed: `FILE:LINE: MESSAGE`.
    fn error_of_t(dir: &std::path::Path, context: Value) -> String {
        let renderer = Renderer::new(TemplateSource::folder(Some(dir.to_path_buf())));
        let err = renderer.render("t.typ.j2", context).unwrap_err();
        format!(
            "{}:{}: {}",
            err.template,
            err.pos.unwrap().line,
            err.message
        )
    }

    #[test]
    fn an_error_inside_a_macro_names_the_calls_of_the_macro() {
        let dir = tempfile::tempdir().unwrap();
        let charts = "{# charts #}\n{% macro chart(c) -%}\nbar({{ c.totl | code }})\n\
                      {%- endmacro %}\n";
        std::fs::write(dir.path().join("charts.j2"), charts).unwrap();
        let message = |template: &str| {
            std::fs::write(dir.path().join("t.typ.j2"), template).unwrap();
            let context = minijinja::context! { i => minijinja::context! { chart => 1 } };
            error_of_t(dir.path(), context)
        };
        let charts_at = dir.path().join("charts.j2").display().to_string();
        let t_at = dir.path().join("t.typ.j2").display().to_string();
        assert_eq!(
            message("{% import \"charts.j2\" as charts %}\n= A\n#{{ charts.chart(i.chart) }}\n"),
            format!(
                "{charts_at}:3: undefined value 'c.totl', passed to the filter 'code', in: \
                 bar({{{{ c.totl | code }}}})\n\
                 note: in the macro 'chart', called at {t_at}:3, in: \
                 #{{{{ charts.chart(i.chart) }}}}"
            )
        );
        // Called at several places, and by another name.
        let calls = "{% from \"charts.j2\" import chart as draw %}\n".to_string()
            + &"{{ draw(i.chart) }}\n".repeat(5);
        assert_eq!(
            message(&calls),
            format!(
                "{charts_at}:3: undefined value 'c.totl', passed to the filter 'code', in: \
                 bar({{{{ c.totl | code }}}})\n\
                 note: in the macro 'chart', called at {t_at}:2, in: {{{{ draw(i.chart) }}}}\n\
                 note: or at {t_at}:3, in: {{{{ draw(i.chart) }}}}\n\
                 note: or at {t_at}:4, in: {{{{ draw(i.chart) }}}}\n\
                 note: or at 2 more places (minijinja does not say which call it was)"
            )
        );
        // Outside a macro, no such note.
        assert_eq!(
            message("{{ i.chart }}\n{{ i.chrt | code }}\n"),
            format!(
                "{t_at}:2: undefined value 'i.chrt', passed to the filter 'code', in: \
                 {{{{ i.chrt | code }}}}"
            )
        );
        // Nor for a mistake of syntax or an unknown filter, which no call
        // can make.
        for mistake in ["{{ c.lo + }}", "{{ c | nosuchfilter }}"] {
            std::fs::write(
                dir.path().join("charts.j2"),
                format!("{{% macro chart(c) -%}}\n{mistake}\n{{%- endmacro %}}\n"),
            )
            .unwrap();
            let message = message("{% import \"charts.j2\" as charts %}\n{{ charts.chart(1) }}\n");
            assert!(message.contains(":2: "), "{message}");
            assert!(!message.contains("note:"), "{message}");
        }
    }

    #[test]
    fn the_calls_named_are_those_that_lead_to_the_macro() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        // `dots` is called only by `chart`, whose call passes the value;
        // the document has a `chart` of its own, which is not it; `row`
        // includes a template that fails.
        write(
            "charts.j2",
            "{% macro dots(c) %}{{ c.totl | code }}{% endmacro %}\n\
             {% macro chart(c) -%}\n{{ dots(c) }}\n{%- endmacro %}\n",
        );
        write("cell.j2", "{{ i.nme | code }}\n");
        write(
            "t.typ.j2",
            "{% import \"charts.j2\" as charts %}\n\
             {% macro chart(x) %}{{ x }}{% endmacro %}\n\
             {% macro row(i) %}{% include \"cell.j2\" %}{% endmacro %}\n\
             {{ chart(1) }}\n\
             {{ \"charts.chart(i)\" }}\n\
             {% if bad %}{{ charts.chart(i) }}{% else %}{{ row(i) }}{% endif %}\n",
        );
        let message = |bad: bool| {
            let context = minijinja::context! { bad => bad, i => minijinja::context! { a => 1 } };
            error_of_t(dir.path(), context)
        };
        let at = |name: &str| dir.path().join(name).display().to_string();
        let (charts, cell, t) = (at("charts.j2"), at("cell.j2"), at("t.typ.j2"));
        assert_eq!(
            message(true),
            format!(
                "{charts}:1: undefined value 'c.totl', passed to the filter 'code', in: \
                 {{% macro dots(c) %}}{{{{ c.totl | code }}}}{{% endmacro %}}\n\
                 note: in the macro 'dots', called at {charts}:3, in: {{{{ dots(c) }}}}\n\
                 note: in the macro 'chart', called at {t}:6, in: \
                 {{% if bad %}}{{{{ charts.chart(i) }}}}{{% else %}}{{{{ row(i) }}}}{{% endif %}}"
            )
        );
        assert_eq!(
            message(false),
            format!(
                "{cell}:1: undefined value 'i.nme', passed to the filter 'code', in: \
                 {{{{ i.nme | code }}}}\n\
                 note: reached from {t}:3, in: \
                 {{% macro row(i) %}}{{% include \"cell.j2\" %}}{{% endmacro %}}\n\
                 note: in the macro 'row', called at {t}:6, in: \
                 {{% if bad %}}{{{{ charts.chart(i) }}}}{{% else %}}{{{{ row(i) }}}}{{% endif %}}"
            )
        );
    }
}
