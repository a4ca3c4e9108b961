//! Where a macro is called. For an error inside a macro minijinja names
//! the macro's line, not the call that passed the value that failed there;
//! the calls are found in the templates' text, by the macro's name.

use super::template_tags::{TagKind, is_name_char, string_literal, template_tags};

/// The name of the macro whose body holds `line` (from 1) of `text`, the
/// innermost where one macro is written inside another.
pub(super) fn macro_around(text: &str, line: usize) -> Option<&str> {
    let mut open = Vec::new();
    let statements = template_tags(text)
        .into_iter()
        .filter(|tag| tag.kind == TagKind::Statement);
    for tag in statements {
        let at = line_of(text, tag.range.start);
        match tag.word() {
            "macro" if at > line => return None,
            "macro" => {
                let after = tag.inner.trim_start()["macro".len()..].trim_start();
                let end = after.find(|c| !is_name_char(c)).unwrap_or(after.len());
                open.push((&after[..end], at));
            }
            // Inner macros close first: the first to close at or after the
            // line, of those opened before it, is the innermost.
            "endmacro" => match open.pop() {
                Some((name, from)) if from <= line && line <= at && !name.is_empty() => {
                    return Some(name);
                }
                _ => {}
            },
            _ => {}
        }
    }
    None
}

/// The names by which `text` calls the macro `name` of the template
/// `defined_in`: its own name (`chart(…)`, `charts.chart(…)`) and any it
/// is imported as (`{% from "charts.typ.j2" import chart as draw %}`).
pub(super) fn names_of(text: &str, defined_in: &str, name: &str) -> Vec<String> {
    let mut names = vec![name.to_string()];
    let from_tags = template_tags(text)
        .into_iter()
        .filter(|tag| tag.kind == TagKind::Statement && tag.word() == "from");
    for tag in from_tags {
        let rest = tag.inner.trim_start()["from".len()..].trim_start();
        let Some((template, after)) = string_literal(rest) else {
            continue;
        };
        let Some(items) = after.trim_start().strip_prefix("import") else {
            continue;
        };
        if template != defined_in {
            continue;
        }
        for item in items.split(',') {
            if let [imported, "as", alias, ..] = item.split_whitespace().collect::<Vec<_>>()[..]
                && imported == name
            {
                names.push(alias.to_string());
            }
        }
    }
    names
}

/// The lines (from 1) of `text` whose tags call one of `names`: the name
/// followed by `(`, alone or after a dot; a macro's own definition is no
/// call of it.
pub(super) fn calls(text: &str, names: &[String]) -> Vec<usize> {
    let mut lines = Vec::new();
    let tags = template_tags(text).into_iter().filter(|tag| {
        tag.kind == TagKind::Value || (tag.kind == TagKind::Statement && tag.word() != "macro")
    });
    for tag in tags {
        // (`inner` is part of `text`.)
        let inner_at = tag.inner.as_ptr() as usize - text.as_ptr() as usize;
        for name in names {
            for (at, _) in tag.inner.match_indices(name.as_str()) {
                let before = tag.inner[..at].chars().next_back();
                let after = tag.inner[at + name.len()..].trim_start();
                if !before.is_some_and(is_name_char) && after.starts_with('(') {
                    let line = line_of(text, inner_at + at);
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
            }
        }
    }
    lines.sort_unstable();
    lines
}

/// The line (from 1) that byte `at` of `text` is on, counted as minijinja
/// counts them: by line feeds.
fn line_of(text: &str, at: usize) -> usize {
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
    fn the_macro_around_a_line_is_the_innermost_that_holds_it() {
        assert_eq!(macro_around(CHARTS, 1), None);
        assert_eq!(macro_around(CHARTS, 2), Some("chart"));
        assert_eq!(macro_around(CHARTS, 3), Some("chart"));
        assert_eq!(macro_around(CHARTS, 5), Some("chart"));
        assert_eq!(macro_around(CHARTS, 7), Some("inner"));
        assert_eq!(macro_around(CHARTS, 8), Some("outer"));
        assert_eq!(macro_around(CHARTS, 10), None);
        // Written without spaces, as minijinja reads it too.
        assert_eq!(
            macro_around("{%macro m(a)%}\n{{a.b}}{%endmacro%}", 2),
            Some("m")
        );
    }

    #[test]
    fn calls_are_found_by_the_names_a_template_gives_the_macro() {
        let region = "{% import \"charts.typ.j2\" as charts %}\n\
                      chart: {{ charts.chart(i.chart, subject) }},\n\
                      {% set chart = 1 %}{{ chart }} {{ barchart(x) }}\n\
                      #chart(x)\n\
                      {% from \"charts.typ.j2\" import chart as draw, other %}\n\
                      {{ draw (i.chart, none) }} {{ draw(i.chart, none) }}\n\
                      {% call chart(x) %}y{% endcall %}";
        let names = names_of(region, "charts.typ.j2", "chart");
        assert_eq!(names, ["chart", "draw"]);
        assert_eq!(calls(region, &names), [2, 6, 7]);
        // Another template's import of a macro of the same name is not it.
        assert_eq!(
            names_of(region, "tables.typ.j2", "chart"),
            ["chart".to_string()]
        );
        // In the template that defines it, the definition is no call.
        assert_eq!(calls(CHARTS, &["chart".to_string()]), Vec::<usize>::new());
    }
}
