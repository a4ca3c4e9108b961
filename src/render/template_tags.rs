//! What a template's tags say, read without rendering it: one reading of
//! where its tags are, as minijinja's lexer (default syntax) finds them,
//! for every question asked of a template's text before it is rendered
//! (which templates it names, which lines to mark, what Typst reads).

use std::ops::Range;

/// A tag of a template: `{{ value }}`, `{% statement %}` or `{# comment #}`.
/// What a `{% raw %}` block holds is text, not tags: the block is its two
/// statements, `raw` and `endraw`, and nothing between them.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Tag<'t> {
    pub kind: TagKind,
    /// From its open to its close, both included; to the text's end where
    /// it is not closed (minijinja stops there with an error).
    pub range: Range<usize>,
    /// What stands between its delimiters and their whitespace signs
    /// (`{%- if a -%}` holds ` if a `).
    pub inner: &'t str,
    /// Whether it ends with `-` (`-%}`), taking the whitespace after it.
    pub trims_after: bool,
    /// Whether it is closed; one that is not is the text's last.
    pub closed: bool,
}

/// What a tag is: `{{ value }}`, `{% statement %}` or `{# comment #}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    Value,
    Statement,
    Comment,
}

impl<'t> Tag<'t> {
    /// A statement's keyword: `if` in `{% if a %}` and in `{%if(a)%}`.
    pub fn word(&self) -> &'t str {
        self.inner
            .trim_start()
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or_default()
    }
}

/// The tags of a template, in order. A value's or statement's end is looked
/// for as minijinja's lexer looks for it: outside strings and brackets, so
/// that `{{ "}}" }}` and `{{ {"a": {"b": 1}} }}` are one tag each.
pub(super) fn template_tags(text: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some((open, kind)) = next_open(text, at) {
        let sign = usize::from(text[open + 2..].starts_with(['-', '+']));
        let from = open + 2 + sign;
        let end = match kind {
            TagKind::Comment => text[from..].find("#}").map(|i| from + i + 2),
            TagKind::Value => expression_end(text, from, "}}"),
            TagKind::Statement => expression_end(text, from, "%}"),
        };
        let opens_raw =
            kind == TagKind::Statement && basic_tag(&text[from..], "raw", false).is_some();
        let tag = tag(text, kind, open, from, end);
        at = tag.range.end;
        tags.push(tag);
        if opens_raw {
            // Only an `endraw` ends a raw block: what stands before it is
            // text, tags or not.
            let Some(endraw) = raw_end(text, at) else {
                break;
            };
            at = endraw.range.end;
            tags.push(endraw);
        }
    }
    tags
}

/// The tag from `open` to `end` (the text's end if `None`), its inside
/// starting at `from`.
fn tag(text: &str, kind: TagKind, open: usize, from: usize, end: Option<usize>) -> Tag<'_> {
    let Some(end) = end else {
        return Tag {
            kind,
            range: open..text.len(),
            inner: &text[from..],
            trims_after: false,
            closed: false,
        };
    };
    // The close is two bytes, after the whitespace sign if any; it is
    // looked for from `from` on, so `end - 2` is never before it.
    let before_close = end - 2;
    let sign = text[from..before_close].chars().next_back();
    let to = match sign {
        Some('-' | '+') => before_close - 1,
        _ => before_close,
    };
    Tag {
        kind,
        range: open..end,
        inner: &text[from..to],
        trims_after: sign == Some('-'),
        closed: true,
    }
}

/// The `{% endraw %}` that ends a raw block whose text starts at `at`.
fn raw_end(text: &str, at: usize) -> Option<Tag<'_>> {
    let mut at = at;
    loop {
        let open = at + text[at..].find("{%")?;
        if let Some(len) = basic_tag(&text[open + 2..], "endraw", true) {
            let sign = usize::from(text[open + 2..].starts_with(['-', '+']));
            let end = open + 2 + len;
            return Some(tag(
                text,
                TagKind::Statement,
                open,
                open + 2 + sign,
                Some(end),
            ));
        }
        at = open + 2;
    }
}

/// Where the next tag from `at` opens, and its kind.
fn next_open(text: &str, at: usize) -> Option<(usize, TagKind)> {
    let bytes = text.as_bytes();
    let mut at = at;
    while let Some(brace) = text[at..].find('{').map(|i| at + i) {
        let kind = match bytes.get(brace + 1) {
            Some(b'{') => TagKind::Value,
            Some(b'%') => TagKind::Statement,
            Some(b'#') => TagKind::Comment,
            _ => {
                at = brace + 1;
                continue;
            }
        };
        return Some((brace, kind));
    }
    None
}

/// Where a value or statement whose inside starts at `from` ends (after
/// its `close`), outside strings and brackets; `None` if it does not.
fn expression_end(text: &str, from: usize, close: &str) -> Option<usize> {
    let mut depth = 0isize;
    let mut chars = text[from..].char_indices().map(|(i, c)| (from + i, c));
    while let Some((at, c)) = chars.next() {
        let rest = &text[at..];
        if depth == 0 {
            if rest.starts_with(close) {
                return Some(at + close.len());
            }
            if rest.starts_with(['-', '+']) && rest[1..].starts_with(close) {
                return Some(at + 1 + close.len());
            }
        }
        match c {
            '"' | '\'' => {
                // To the closing quote; a backslash escapes what follows.
                let mut escaped = false;
                chars.find(|&(_, inside)| {
                    let closes = inside == c && !escaped;
                    escaped = inside == '\\' && !escaped;
                    closes
                })?;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The length of a tag with nothing but `name` inside (`raw`, `endraw`),
/// in `rest`, the text after its `{%`, with the whitespace sign after the
/// open when `sign_after_open` (as minijinja reads `{%- endraw %}` but not
/// `{%- raw %}` with its sign a second time).
fn basic_tag(rest: &str, name: &str, sign_after_open: bool) -> Option<usize> {
    let mut inside = rest;
    if sign_after_open {
        inside = inside.strip_prefix(['-', '+']).unwrap_or(inside);
    }
    let inside = inside.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let inside = inside.strip_prefix(name)?;
    let inside = inside.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let inside = inside.strip_prefix(['-', '+']).unwrap_or(inside);
    let after = inside.strip_prefix("%}")?;
    Some(rest.len() - after.len())
}

/// The templates a template's tags name: `{% import "charts.typ.j2" as
/// charts %}`, `{% from "x" import y %}`, `{% extends "x" %}`, `{% include
/// "x" %}` or `{% include ["x", "y"] ignore missing %}`. `None` where one
/// names it by an expression (`{% include name %}`, `{% import "a" if b
/// else "c" as d %}`), which only rendering resolves.
pub(super) fn named_in_tags(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let statements = template_tags(text)
        .into_iter()
        .filter(|tag| tag.kind == TagKind::Statement);
    for tag in statements {
        let word = tag.word();
        if !matches!(word, "import" | "from" | "extends" | "include") {
            continue;
        }
        let rest = &tag.inner.trim_start()[word.len()..];
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

/// The first `{% import … as NAME %}` whose NAME minijinja cannot assign
/// to (`as -c`, `as 1`, `as none`, `as c if a else d`): the tag's place in
/// `text`, and what stands there instead (its whitespace as one space).
/// minijinja 2.24 reads any expression after `as`, and then stops the
/// whole program where it compiles one it cannot assign to (a panic, not
/// an error), so it is never given one.
pub(super) fn import_without_a_name(text: &str) -> Option<(usize, String)> {
    template_tags(text)
        .into_iter()
        .filter(|tag| tag.kind == TagKind::Statement && tag.word() == "import")
        .find_map(|tag| {
            let after_as = &tag.inner[separating_as(tag.inner)? + "as".len()..];
            let mut words: Vec<&str> = after_as.split_whitespace().collect();
            if let [.., "with" | "without", "context"] = words.as_slice() {
                words.truncate(words.len() - 2);
            }
            // Whitespace is no part of a name (`ns . charts`), but parts
            // two tokens (`c if a`).
            let mut name = String::new();
            for word in &words {
                if name.ends_with(is_name_char) && word.starts_with(is_name_char) {
                    name.push(' ');
                }
                name.push_str(word);
            }
            // (Nothing at all is minijinja's own error.)
            (!name.is_empty() && !is_assignable(&name)).then(|| (tag.range.start, words.join(" ")))
        })
}

/// Where the word `as` that ends an import's expression starts in the
/// tag's inside: the first outside strings after an expression.
fn separating_as(inner: &str) -> Option<usize> {
    let expression_from = inner.find("import")? + "import".len();
    outside_strings(inner)
        .skip_while(|(at, _)| *at < expression_from)
        .find_map(|(at, _)| {
            let before = inner[..at].chars().next_back();
            let after = inner[at..]
                .strip_prefix("as")
                .map(|rest| rest.chars().next());
            (after.is_some_and(|after| !after.is_some_and(is_name_char))
                && !before.is_some_and(is_name_char)
                && !inner[expression_from..at].trim().is_empty())
            .then_some(at)
        })
}

/// The characters of a tag's inside that stand outside its string
/// literals (in either quotes, with backslash escapes), with their places.
pub(super) fn outside_strings(inner: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote = None;
    let mut escaped = false;
    inner.char_indices().filter(move |&(_, c)| match quote {
        Some(q) => {
            if c == q && !escaped {
                quote = None;
            }
            escaped = c == '\\' && !escaped;
            false
        }
        None if c == '"' || c == '\'' => {
            quote = Some(c);
            false
        }
        None => true,
    })
}

/// Whether `c` may be part of a name.
pub(super) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether minijinja can assign to `name`, written without whitespace
/// but between names: a
/// name, names joined by dots (`ns.charts`), or such in brackets or
/// parentheses, as a list (`(a, b)`); not `none`, `true` or `false` (in
/// either case), which it reads as constants.
fn is_assignable(name: &str) -> bool {
    const CONSTANTS: [&str; 6] = ["none", "None", "true", "True", "false", "False"];
    let inside = |open: char, close: char| name.strip_prefix(open)?.strip_suffix(close);
    match inside('(', ')').or_else(|| inside('[', ']')) {
        Some(items) => top_level_items(items).all(|item| item.is_empty() || is_assignable(item)),
        None => !CONSTANTS.contains(&name) && is_dotted_name(name),
    }
}

/// The items of a list's inside, split at its commas outside brackets.
fn top_level_items(text: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0isize;
    text.split(move |c: char| {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        c == ',' && depth == 0
    })
}

/// Whether `text` is a name, or names joined by dots (`charts`,
/// `ns.charts`).
fn is_dotted_name(text: &str) -> bool {
    text.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|first| first.is_alphabetic() || first == '_')
            && chars.all(is_name_char)
    })
}

/// The string literal `text` starts with, in either quotes, and the text
/// after it.
pub(super) fn string_literal(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    text[1..].split_once(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_named_by_what_is_no_name_is_found() {
        for (text, found) in [
            ("{%import\"\"as-c%}", Some("-c")),
            ("{% import \"charts.typ.j2\" as 1 %}", Some("1")),
            (
                "{% import \"c.j2\" as c if a else d with context %}",
                Some("c if a else d"),
            ),
            ("{% import \"c.j2\" as none %}", Some("none")),
            ("{% import \"c.j2\" as False with context %}", Some("False")),
            ("{% import \"c.j2\" as (a)(b) %}", Some("(a)(b)")),
            ("{% import \"c.j2\" as e[\"f\"] %}", Some("e[\"f\"]")),
            // " as " inside the name of the file is no `as`.
            ("{% import \"a as b.j2\" as 2b %}", Some("2b")),
            ("x {% import \"charts.typ.j2\" as charts %}", None),
            ("{%- import 'c.j2' as ns.charts without context -%}", None),
            ("{% import \"c.j2\" as charts with context %}", None),
            // Whitespace is no part of a name, nor of the context marker.
            ("{% import \"c.j2\" as charts with  context %}", None),
            ("{% import \"c.j2\" as charts without\r\n\tcontext %}", None),
            ("{% import \"c.j2\" as ns . charts %}", None),
            ("{% import \"c.j2\" as ns\n.charts %}", None),
            // What minijinja assigns to as a list.
            ("{% import \"c.j2\" as (charts) %}", None),
            ("{% import \"c.j2\" as (a, [b, c],) %}", None),
            // A variable named `as`, and `as` after it.
            ("{% import as as as.c %}", None),
            ("{% import \"c.j2\" as %}", None),
            ("{% from \"c.j2\" import a as b %}", None),
        ] {
            assert_eq!(
                import_without_a_name(text).map(|(_, name)| name).as_deref(),
                found,
                "{text}"
            );
        }
        assert_eq!(
            import_without_a_name("= A\n {% import 'c' as -c %}").map(|(at, _)| at),
            Some(5)
        );
    }

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

    /// The tags of `text` as (kind, inner) pairs.
    fn read(text: &str) -> Vec<(TagKind, &str)> {
        template_tags(text)
            .into_iter()
            .map(|tag| (tag.kind, tag.inner))
            .collect()
    }

    #[test]
    fn a_tag_ends_where_minijinja_ends_it_not_at_a_close_in_a_string_or_brackets() {
        use TagKind::*;
        assert_eq!(
            read("a {{ \"}}\" }} b {% set s = '%}' %} {{ {\"k\": {\"j\": 1}} }} {{ 'it\\'s }}' }}"),
            [
                (Value, " \"}}\" "),
                (Statement, " set s = '%}' "),
                (Value, " {\"k\": {\"j\": 1}} "),
                (Value, " 'it\\'s }}' "),
            ]
        );
        // A comment ends at its first close, whatever it holds.
        assert_eq!(read("{# a \"#} b"), [(Comment, " a \"")]);
        // Whitespace signs are not inside; a minus before the close takes
        // the whitespace after it.
        let tags = template_tags("{%- if a -%}\n{{+ b +}}");
        assert_eq!((tags[0].inner, tags[0].trims_after), (" if a ", true));
        assert_eq!((tags[1].inner, tags[1].trims_after), (" b ", false));
        assert_eq!(tags[0].word(), "if");
        assert_eq!(template_tags("{%if(a)%}")[0].word(), "if");
    }

    #[test]
    fn a_raw_block_holds_text_not_tags() {
        use TagKind::*;
        let text = "{% raw %}{{ x }}{% if %}{#{% endraw %}{{ y }}{%- raw -%}{%}{%-  endraw+%}";
        assert_eq!(
            read(text),
            [
                (Statement, " raw "),
                (Statement, " endraw "),
                (Value, " y "),
                (Statement, " raw "),
                (Statement, "  endraw"),
            ]
        );
        // `rawx` is no raw block.
        assert_eq!(read("{% rawx %}{{ y }}").len(), 2);
    }

    #[test]
    fn a_tag_not_closed_reaches_the_end_of_the_text() {
        let text = "a {{ b }} {% if \"c %}\nd";
        let tags = template_tags(text);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[1].range, 10..text.len());
        assert_eq!(tags[1].inner, " if \"c %}\nd");
        assert_eq!(template_tags("{#").len(), 1);
        assert_eq!(template_tags("{{").len(), 1);
        assert_eq!(template_tags("{%}")[0].inner, "}");
    }

    #[test]
    fn a_template_named_in_a_comment_or_a_raw_block_is_not_read() {
        assert_eq!(
            named_in_tags(
                "{# {% include \"old.j2\" %} #}{% raw %}{% import \"x.j2\" as x %}{% endraw %}\
                 {% include 'new.j2' %}"
            ),
            Some(vec!["new.j2".to_string()])
        );
    }

    /// A piece of a template made for [`the_tags_found_are_the_tags_a_template_was_made_of`].
    #[derive(Debug, Clone)]
    enum Piece {
        Text(String),
        /// `{{ "…" }}`, printing the string.
        Value(String),
        /// `{% set v = "…" %}`, printing nothing.
        Set(String),
        Comment(String),
        /// `{% raw %}…{% endraw %}`, printing what it holds.
        Raw(String),
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = Piece> {
        use proptest::prelude::*;
        // Quotes, braces, percent signs and hashes where a close could be
        // taken for one; no `#}` in a comment, no `{` in text.
        prop_oneof![
            "[a-z %#}\"'\n-]{0,6}".prop_map(Piece::Text),
            "[a-z{}%# \"'-]{0,6}".prop_map(Piece::Value),
            "[a-z{}%# \"'-]{0,6}".prop_map(Piece::Set),
            "[a-z{}% \"'-]{0,6}".prop_map(Piece::Comment),
            "[a-z{}%# \"'-]{0,6}".prop_map(Piece::Raw),
        ]
    }

    /// A minijinja string literal of `text`.
    fn quoted(text: &str) -> String {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }

    proptest::proptest! {
        /// The tokenizer finds the tags a template was made of, where they
        /// were put, and minijinja reads the template the same way: it
        /// prints the text, the values and the raw blocks, and nothing of
        /// the rest.
        #[test]
        fn the_tags_found_are_the_tags_a_template_was_made_of(
            pieces in proptest::collection::vec(piece(), 0..8),
        ) {
            let (mut template, mut printed, mut expected) = (String::new(), String::new(), Vec::new());
            let mut put = |template: &mut String, kind: TagKind, tag: String| {
                expected.push((kind, template.len()..template.len() + tag.len()));
                template.push_str(&tag);
            };
            for piece in &pieces {
                match piece {
                    Piece::Text(text) => {
                        template.push_str(text);
                        printed.push_str(text);
                    }
                    Piece::Value(value) => {
                        put(&mut template, TagKind::Value, format!("{{{{ {} }}}}", quoted(value)));
                        printed.push_str(value);
                    }
                    Piece::Set(value) => put(
                        &mut template,
                        TagKind::Statement,
                        format!("{{% set v = {} %}}", quoted(value)),
                    ),
                    Piece::Comment(text) => {
                        put(&mut template, TagKind::Comment, format!("{{# {text} #}}"));
                    }
                    Piece::Raw(text) => {
                        put(&mut template, TagKind::Statement, "{% raw %}".to_string());
                        template.push_str(text);
                        put(&mut template, TagKind::Statement, "{% endraw %}".to_string());
                        printed.push_str(text);
                    }
                }
            }
            let found: Vec<(TagKind, Range<usize>)> = template_tags(&template)
                .into_iter()
                .map(|tag| (tag.kind, tag.range))
                .collect();
            proptest::prop_assert_eq!(found, expected, "{:?}", template);
            let mut env = minijinja::Environment::new();
            env.set_keep_trailing_newline(true);
            let rendered = env.render_str(&template, ());
            proptest::prop_assert_eq!(rendered.ok(), Some(printed), "{:?}", template);
        }
    }
}
