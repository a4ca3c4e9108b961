//! What a template's tags say, read without rendering it.

/// The templates a template's tags name: `{% import "charts.typ.j2" as
/// charts %}`, `{% from "x" import y %}`, `{% extends "x" %}`, `{% include
/// "x" %}` or `{% include ["x", "y"] ignore missing %}`. `None` where one
/// names it by an expression (`{% include name %}`, `{% import "a" if b
/// else "c" as d %}`), which only rendering resolves. (A tag in a comment
/// counts too: a template more, never one less.)
pub(super) fn named_in_tags(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or(tag);
        let tag = tag.trim_start_matches(['-', '+']).trim_start();
        let tag = tag.trim_end().trim_end_matches(['-', '+']);
        // The keyword, as a word of its own: `{%import"x" as y%}` too.
        let Some(rest) = ["import", "from", "extends", "include"]
            .into_iter()
            .find_map(|word| tag.strip_prefix(word))
            .filter(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let after = match rest.strip_prefix('[') {
            Some(list) => {
                let (items, after) = list.split_once(']')?;
                for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    let (name, more) = string_literal(item)?;
                    if !more.trim().is_empty() {
                        return None;
                    }
                    names.push(name.to_string());
                }
                after
            }
            None => {
                let (name, after) = string_literal(rest)?;
                names.push(name.to_string());
                after
            }
        };
        // What may follow the name: `as`, `import`, `ignore missing`,
        // `with context`, `without context`. Anything else makes the name
        // part of an expression.
        let next = after.split_whitespace().next();
        if !matches!(
            next,
            None | Some("as" | "import" | "ignore" | "with" | "without")
        ) {
            return None;
        }
    }
    Some(names)
}

/// The string literal `text` starts with, in either quotes, and the text
/// after it.
fn string_literal(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    text[1..].split_once(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_a_template_names_are_read_from_its_tags() {
        let text = "{% import \"charts.typ.j2\" as charts %}\n{%- from 'x.j2' import y -%}\n\
                    {% if a %}{% include [\"a.j2\", 'b.j2'] ignore missing %}{% endif %}\n\
                    {%+ extends \"base.j2\" %}{% set include = 1 %}";
        assert_eq!(
            named_in_tags(text),
            Some(vec![
                "charts.typ.j2".to_string(),
                "x.j2".to_string(),
                "a.j2".to_string(),
                "b.j2".to_string(),
                "base.j2".to_string(),
            ])
        );
        // Without a space after the keyword, as minijinja reads it too.
        assert_eq!(
            named_in_tags("{%import\"charts.typ.j2\" as c%}{%-include'x.j2'-%}"),
            Some(vec!["charts.typ.j2".to_string(), "x.j2".to_string()])
        );
        assert_eq!(
            named_in_tags("{% imported %}{% include_x %}"),
            Some(Vec::new())
        );
        // A name only rendering can tell.
        assert_eq!(named_in_tags("{% include name %}"), None);
        assert_eq!(
            named_in_tags("{% import \"a.j2\" if wide else \"charts.typ.j2\" as c %}"),
            None
        );
        assert_eq!(
            named_in_tags("{% include \"part-\" ~ lang ~ \".j2\" %}"),
            None
        );
        assert_eq!(named_in_tags("{% include \"a.j2\" | lower %}"), None);
        assert_eq!(named_in_tags("{% include [\"a.j2\", other] %}"), None);
        assert_eq!(named_in_tags("{% import \"unclosed %}"), None);
        assert_eq!(named_in_tags("no tags"), Some(Vec::new()));
    }
}
