//! Where a macro is called. For an error inside a macro minijinja names
//! the macro's line, not the call that passed the value that failed there;
//! the calls are found in the templates' text, by the names a template
//! gives the macro.

use std::ops::Range;

use super::template_tags::{
    Tag, TagKind, is_name_char, outside_strings, string_literal, template_tags,
};

/// A place in a template's text: a byte range where minijinja gives one,
/// else a line (from 1).
#[derive(Debug, Clone)]
pub(super) enum Place {
    /// Bytes of the template's text.
    Bytes(Range<usize>),
    /// A line of it, from 1.
    Line(usize),
}

/// A macro as written: its name, and the text from the start of its
/// `{% macro %}` to the end of its `{% endmacro %}`.
struct Macro<'t> {
    /// Its name, as its `{% macro %}` gives it.
    name: &'t str,
    /// Its bytes in the template's text, both tags included.
    span: Range<usize>,
}

/// The name of the macro whose text holds `place` in `text`, the innermost
/// where one is written inside another. `None` outside every macro, and
/// where a line holds two macros side by side and the place is only a line
/// (which of them cannot be told).
pub(super) fn macro_around<'t>(text: &'t str, place: &Place) -> Option<&'t str> {
    let holding: Vec<Macro<'t>> = macros(text)
        .into_iter()
        .filter(|m| match place {
            Place::Bytes(range) => m.span.start <= range.start && range.end <= m.span.end,
            Place::Line(line) => {
                (line_of(text, m.span.start)..=line_of(text, m.span.end)).contains(line)
            }
        })
        .collect();
    let innermost = holding.iter().min_by_key(|m| m.span.len())?;
    let nested = holding
        .iter()
        .all(|m| m.span.start <= innermost.span.start && innermost.span.end <= m.span.end);
    nested.then_some(innermost.name)
}

/// Every macro of `text` with a name, nested ones too.
fn macros(text: &str) -> Vec<Macro<'_>> {
    let mut found = Vec::new();
    let mut open = Vec::new();
    let statements = template_tags(text)
        .into_iter()
        .filter(|tag| tag.kind == TagKind::Statement);
    for tag in statements {
        match tag.word() {
            "macro" => {
                let after = after_word(&tag);
                let end = after.find(|c| !is_name_char(c)).unwrap_or(after.len());
                open.push((&after[..end], tag.range.start));
            }
            "endmacro" => {
                if let Some((name, start)) = open.pop()
                    && !name.is_empty()
                {
                    found.push(Macro {
                        name,
                        span: start..tag.range.end,
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// How `text` can call the macro `name` of the template `defined_in`: by
/// its bare name in that template itself (`chart(…)`) and where it is
/// imported with `from` (`{% from "charts.typ.j2" import chart as draw
/// %}`: `draw(…)`), or through the module an `import` names
/// (`{% import "charts.typ.j2" as charts %}`: `charts.chart(…)`).
pub(super) fn names_of(text: &str, template: &str, defined_in: &str, name: &str) -> Vec<String> {
    let mut names = Vec::new();
    if template == defined_in {
        names.push(name.to_string());
    }
    let imports = template_tags(text)
        .into_iter()
        .filter(|tag| tag.kind == TagKind::Statement && matches!(tag.word(), "import" | "from"));
    for tag in imports {
        let Some((imported, after)) = string_literal(after_word(&tag)) else {
            continue;
        };
        if imported != defined_in {
            continue;
        }
        let after = after.trim_start();
        if tag.word() == "import" {
            if let Some(module) = after.strip_prefix("as") {
                let module = module.trim_start();
                let end = module
                    .find(|c: char| !is_name_char(c) && c != '.')
                    .unwrap_or(module.len());
                if end > 0 {
                    names.push(format!("{}.{name}", &module[..end]));
                }
            }
        } else if let Some(items) = after.strip_prefix("import") {
            for item in items.split(',') {
                match item.split_whitespace().collect::<Vec<_>>()[..] {
                    [imported, "as", alias, ..] if imported == name => {
                        names.push(alias.to_string());
                    }
                    [imported, ..] if imported == name => names.push(name.to_string()),
                    _ => {}
                }
            }
        }
    }
    names.dedup();
    names
}

/// Where the tags of `text` call one of `names`: each name followed by
/// `(`, standing alone (not after a dot or a name's letters), outside the
/// tag's strings, and not as a filter (`| default(…)`). A macro's own
/// definition is no call of it.
pub(super) fn calls(text: &str, names: &[String]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let tags = template_tags(text).into_iter().filter(|tag| {
        tag.kind == TagKind::Value || (tag.kind == TagKind::Statement && tag.word() != "macro")
    });
    for tag in tags {
        // (`inner` is part of `text`.)
        let inner_at = tag.inner.as_ptr() as usize - text.as_ptr() as usize;
        let inner = tag.inner;
        for (at, _) in outside_strings(inner) {
            let before = inner[..at].chars().next_back();
            if before.is_some_and(|c| is_name_char(c) || c == '.') {
                continue;
            }
            let filter = inner[..at].trim_end().ends_with('|');
            let called = names.iter().find(|name| {
                inner[at..]
                    .strip_prefix(name.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with('('))
            });
            if let Some(name) = called
                && !filter
            {
                found.push(inner_at + at..inner_at + at + name.len());
            }
        }
    }
    found
}

/// What follows a statement's keyword, from its first non-blank.
fn after_word<'t>(tag: &Tag<'t>) -> &'t str {
    tag.inner.trim_start()[tag.word().len()..].trim_start()
}

/// The line (from 1) that byte `at` of `text` is on, counted as minijinja
/// counts them: by line feeds.
pub(super) fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHARTS: &str = "{# charts #}\n{% macro chart(c, label) -%}\n\
                          {% if c.type == \"dots\" %}{{ c.bins }}\n\
                          {%- endif %}\n{%- endmacro %}\n\
                          {% macro outer() %}\n{% macro inner() %}x{% endmacro %}\n\
                          {{ y }}\n{% endmacro %}\n";

    #[test]
    fn the_macro_around_a_place_is_the_innermost_that_holds_it() {
        let at_line = |line| macro_around(CHARTS, &Place::Line(line));
        assert_eq!(at_line(1), None);
        assert_eq!(at_line(2), Some("chart"));
        assert_eq!(at_line(3), Some("chart"));
        assert_eq!(at_line(5), Some("chart"));
        assert_eq!(at_line(7), Some("inner"));
        assert_eq!(at_line(8), Some("outer"));
        assert_eq!(at_line(10), None);
        // An inner macro written after the place.
        let text = "{% macro chart(c) -%}\n{{ c.totl }}\n{% macro inner() %}x{% endmacro %}\n\
                    {%- endmacro %}";
        assert_eq!(macro_around(text, &Place::Line(2)), Some("chart"));
        // Written without spaces, as minijinja reads it too.
        assert_eq!(
            macro_around("{%macro m(a)%}\n{{a.b}}{%endmacro%}", &Place::Line(2)),
            Some("m")
        );
        // Two on one line: the bytes tell which, the line cannot.
        let text = "{% macro a() %}{% endmacro %}{% macro chart(c) %}{{ c.totl }}{% endmacro %}";
        let at = text.find("c.totl").unwrap();
        assert_eq!(macro_around(text, &Place::Bytes(at..at + 6)), Some("chart"));
        assert_eq!(macro_around(text, &Place::Line(1)), None);
    }

    #[test]
    fn calls_are_found_by_the_names_a_template_gives_the_macro() {
        let region = "{% import \"charts.typ.j2\" as charts %}\n\
                      chart: {{ charts.chart(i.chart, subject) }},\n\
                      {% set chart = 1 %}{{ chart }} {{ barchart(x) }} {{ chart(x) }}\n\
                      #chart(x) {{ \"see charts.chart(x)\" }}\n\
                      {% from 'charts.typ.j2' import chart as draw, other with context %}\n\
                      {{ draw (i.chart, none) }} {{ a | draw(1) }} {{ other.draw(1) }}\n\
                      {% call charts.chart(x) %}y{% endcall %}";
        let names = names_of(region, "region.j2", "charts.typ.j2", "chart");
        assert_eq!(names, ["charts.chart", "draw"]);
        let lines: Vec<usize> = calls(region, &names)
            .into_iter()
            .map(|range| line_of(region, range.start))
            .collect();
        assert_eq!(lines, [2, 6, 7]);
        // Another template's macro of the same name is not it.
        assert_eq!(
            names_of(region, "region.j2", "tables.typ.j2", "chart"),
            Vec::<String>::new()
        );
        // In the template that defines it, by its bare name; the
        // definition is no call.
        let names = names_of(CHARTS, "charts.typ.j2", "charts.typ.j2", "chart");
        assert_eq!(names, ["chart"]);
        assert_eq!(calls(CHARTS, &names), Vec::<Range<usize>>::new());
        assert_eq!(
            names_of(
                "{% from \"c.j2\" import a, chart %}",
                "r.j2",
                "c.j2",
                "chart"
            ),
            ["chart"]
        );
    }
}
