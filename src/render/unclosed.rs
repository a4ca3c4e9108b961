//! What a template leaves open: a tag, a raw block or a block statement
//! (`{% if %}` without its `{% endif %}`). minijinja names such a mistake
//! where the text ends ("unexpected end of comment", on the line after
//! the last), or at a later tag that closes another block ("unknown
//! statement endif"); read from the template's tags, the message can name
//! the line where the thing left open starts.

use super::template_tags::{Tag, TagKind, template_tags};

/// The statements that open a block, each closed by `end` and its word.
/// (`set` opens one only without `=`: `{% set x %}…{% endset %}`.)
const BLOCKS: [&str; 9] = [
    "if",
    "for",
    "macro",
    "call",
    "filter",
    "with",
    "autoescape",
    "block",
    "set",
];

/// A mistake in a template's tags, told at the byte `at` of its text, or
/// where minijinja tells it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unclosed {
    pub at: Option<usize>,
    pub message: String,
}

/// minijinja's syntax error `detail` at `line` of `text`, told where what
/// it is about starts, where that is something left open.
pub(super) fn explained(text: &str, detail: &str, line: Option<usize>) -> Option<Unclosed> {
    // (Not "unexpected end of block": that is a tag's inside ending early,
    // `{% if %}`.)
    const AT_THE_END: [&str; 3] = [
        "unexpected end of input",
        "unexpected end of comment",
        "unexpected end of raw block",
    ];
    if AT_THE_END.iter().any(|start| detail.starts_with(start)) {
        left_open(text)
    } else if detail.starts_with("unknown statement end") {
        closed_out_of_turn(text, line?)
    } else {
        inside_a_tag_from_before(text, detail, line?)
    }
}

/// A syntax error on `line` inside a value or statement that starts on an
/// earlier line: most often one not closed on its line, whose inside runs
/// on into the text after it (`{{ plan.year` and then Typst). Told where
/// minijinja tells it, with where the tag starts.
fn inside_a_tag_from_before(text: &str, detail: &str, line: usize) -> Option<Unclosed> {
    let tags = template_tags(text);
    let tag = tags.iter().find(|tag| {
        tag.kind != TagKind::Comment
            && line_of(text, tag.range.start) < line
            && line <= line_of(text, tag.range.end)
    })?;
    let open = if tag.kind == TagKind::Value {
        "{{"
    } else {
        "{%"
    };
    Some(Unclosed {
        at: None,
        message: format!(
            "{detail} (in the '{open}' that starts on line {})",
            line_of(text, tag.range.start)
        ),
    })
}

/// What `text` leaves open at its end: a tag not closed (the last), else
/// a raw block without its `{% endraw %}`, else the innermost block
/// statement not closed.
fn left_open(text: &str) -> Option<Unclosed> {
    let tags = template_tags(text);
    if let Some(tag) = tags.last().filter(|tag| !tag.closed) {
        let (what, open, close) = match tag.kind {
            TagKind::Comment => ("comment", "{#", "#}"),
            TagKind::Value => ("value", "{{", "}}"),
            TagKind::Statement => ("tag", "{%", "%}"),
        };
        return Some(Unclosed {
            at: Some(tag.range.start),
            message: format!(
                "the {what} that starts here ('{open}') is not closed with '{close}' (or a \
                 quote or bracket in it is not closed)"
            ),
        });
    }
    // The tokenizer stops at a raw block that nothing ends.
    if let Some(tag) = tags.last().filter(|tag| is_statement(tag, "raw")) {
        return Some(Unclosed {
            at: Some(tag.range.start),
            message: "the raw block that starts here is not closed with {% endraw %}".into(),
        });
    }
    let Blocks::LeftOpen(open) = blocks(&tags) else {
        return None;
    };
    let word = block_word(open)?;
    let mut message =
        format!("the {{% {word} %}} that starts here is not closed with {{% end{word} %}}");
    // Each close pairs with the innermost block open: where a block of the
    // kind opens right inside this one, the one without its close may be
    // that one, and the close meant for this one closes it.
    let mut depth = 0usize;
    let mut later = Vec::new();
    let inside = tags
        .iter()
        .filter(|tag| tag.range.start > open.range.start && tag.kind == TagKind::Statement);
    for tag in inside {
        if let Some(opens) = block_word(tag) {
            if depth == 0 && opens == word {
                later.push(line_of(text, tag.range.start).to_string());
            }
            depth += 1;
        } else if closes_a_block(tag) {
            depth = depth.saturating_sub(1);
        }
    }
    match later.as_slice() {
        [] => {}
        [line] => message.push_str(&format!(
            "; or the {{% {word} %}} on line {line}, inside it, is not, and takes its \
             {{% end{word} %}}"
        )),
        lines => {
            let shown = lines.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            let more = if lines.len() > 5 { ", …" } else { "" };
            message.push_str(&format!(
                "; or one of the {{% {word} %}} inside it (lines {shown}{more}) is not, and \
                 takes its {{% end{word} %}}"
            ));
        }
    }
    Some(Unclosed {
        at: Some(open.range.start),
        message,
    })
}

/// The line (from 1) of the byte `at` of `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Where the first tag on `line` (counted from 1) that closes a block
/// closes another than the one open there, or none: the block it should
/// have been closed after, or that nothing is open.
fn closed_out_of_turn(text: &str, line: usize) -> Option<Unclosed> {
    let tags = template_tags(text);
    let Blocks::ClosedOutOfTurn { close, open } = blocks(&tags) else {
        return None;
    };
    if line_of(text, close.range.start) != line {
        return None;
    }
    let closing = close.word();
    let message = match open {
        Some(open) => {
            let word = block_word(open)?;
            format!(
                "{{% {closing} %}} closes no block open here: the {{% {word} %}} on line {} is \
                 to be closed first, with {{% end{word} %}}",
                line_of(text, open.range.start)
            )
        }
        None => format!("{{% {closing} %}} closes no block: none is open here"),
    };
    Some(Unclosed {
        at: Some(close.range.start),
        message,
    })
}

/// How a template's block statements pair up.
enum Blocks<'a, 't> {
    /// Each is closed, by the tag of its kind.
    Closed,
    /// `close` closes another kind of block than the innermost one open,
    /// or none is open.
    ClosedOutOfTurn {
        close: &'a Tag<'t>,
        open: Option<&'a Tag<'t>>,
    },
    /// The text ends with this block, the innermost, still open.
    LeftOpen(&'a Tag<'t>),
}

/// Pairs the block statements among `tags` as minijinja's parser does:
/// each closing tag closes the innermost block open.
fn blocks<'a, 't>(tags: &'a [Tag<'t>]) -> Blocks<'a, 't> {
    let mut open: Vec<&Tag> = Vec::new();
    for tag in tags.iter().filter(|tag| tag.kind == TagKind::Statement) {
        if block_word(tag).is_some() {
            open.push(tag);
        } else if closes_a_block(tag) {
            let closed = &tag.word()["end".len()..];
            match open.last() {
                Some(innermost) if block_word(innermost) == Some(closed) => {
                    open.pop();
                }
                innermost => {
                    return Blocks::ClosedOutOfTurn {
                        close: tag,
                        open: innermost.copied(),
                    };
                }
            }
        }
    }
    match open.last() {
        Some(innermost) => Blocks::LeftOpen(innermost),
        None => Blocks::Closed,
    }
}

/// The word of a statement that opens a block (`if`), if it does.
fn block_word<'t>(tag: &Tag<'t>) -> Option<&'t str> {
    let word = tag.word();
    let opens = match word {
        "set" => !tag.inner.contains('='),
        word => BLOCKS.contains(&word),
    };
    opens.then_some(word)
}

/// Whether a statement closes a block (`endif`).
fn closes_a_block(tag: &Tag) -> bool {
    tag.word()
        .strip_prefix("end")
        .is_some_and(|closed| BLOCKS.contains(&closed))
}

/// Whether `tag` is the statement `word` and nothing else (`{% raw %}`).
fn is_statement(tag: &Tag, word: &str) -> bool {
    tag.kind == TagKind::Statement && tag.inner.trim() == word
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line (from 1) of a mistake's place, and its message.
    fn told(text: &str, unclosed: Option<Unclosed>) -> Option<(usize, String)> {
        unclosed.map(|u| (line_of(text, u.at.expect("a place")), u.message))
    }

    #[test]
    fn a_tag_left_open_is_named_where_it_starts() {
        let text = "= Plan\n{# a note\n{{ plan.year }}\n";
        assert_eq!(
            told(text, left_open(text)),
            Some((
                2,
                "the comment that starts here ('{#') is not closed with '#}' (or a quote or \
                 bracket in it is not closed)"
                    .into()
            ))
        );
        let text = "= Plan\n{{ plan.year }}\n{{ \"abc }}\n";
        assert_eq!(told(text, left_open(text)).map(|(line, _)| line), Some(3));
    }

    #[test]
    fn a_raw_block_left_open_is_named_where_it_starts() {
        let text = "a\n{% raw %}\n{{ b }}\n";
        assert_eq!(
            told(text, left_open(text)),
            Some((
                2,
                "the raw block that starts here is not closed with {% endraw %}".into()
            ))
        );
        assert_eq!(left_open("{% raw %}{{ b }}{% endraw %}"), None);
    }

    #[test]
    fn the_innermost_block_left_open_is_named_where_it_starts() {
        let text = "{% for r in rs %}\n{%- if r.x -%}\n{{ r }}\n{% endfor %}";
        // Closed out of turn: not left open at the end.
        assert_eq!(left_open(text), None);
        let text = "{% for r in rs %}\n{% if r.x %}\n{{ r }}\n{% endif %}\n{% if a %}\n";
        assert_eq!(
            told(text, left_open(text)),
            Some((
                5,
                "the {% if %} that starts here is not closed with {% endif %}".into()
            ))
        );
        // The close meant for the first may close one opened right inside
        // it (line 2 or 4, not 5, which is inside line 4's).
        let text = "{% if a %}\n{% if b %}\n{% endif %}\n{% if c %}\n{% if d %}{% endif %}\n\
                    {% endif %}\n";
        assert_eq!(
            told(text, left_open(text)),
            Some((
                1,
                "the {% if %} that starts here is not closed with {% endif %}; or one of the \
                 {% if %} inside it (lines 2, 4) is not, and takes its {% endif %}"
                    .into()
            ))
        );
        let text = "{% set x %}a{% endset %}{% set y = 1 %}{%- macro m() -%}";
        assert_eq!(
            told(text, left_open(text)).map(|(_, message)| message),
            Some("the {% macro %} that starts here is not closed with {% endmacro %}".into())
        );
        let text = "{% if a %}{% for b in c %}{% else %}{% endfor %}{% elif d %}{% endif %}";
        assert_eq!(left_open(text), None);
    }

    #[test]
    fn a_block_closed_out_of_turn_names_the_one_open() {
        let text = "{% if a %}\n{% for r in rs %}\n{{ r }}\n{% endif %}\n";
        assert_eq!(
            told(text, closed_out_of_turn(text, 4)),
            Some((
                4,
                "{% endif %} closes no block open here: the {% for %} on line 2 is to be \
                 closed first, with {% endfor %}"
                    .into()
            ))
        );
        // Only where minijinja says so.
        assert_eq!(closed_out_of_turn(text, 3), None);
        let text = "a\n{%- endfor %}";
        assert_eq!(
            told(text, closed_out_of_turn(text, 2)),
            Some((2, "{% endfor %} closes no block: none is open here".into()))
        );
    }
}
