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
    const AT_THE_END: [&str; 4] = [
        "unexpected end of input",
        "unexpected end of string",
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
            // (Not on its last line, where a tag after it may stand.)
            && line < line_of(text, tag.range.end)
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
        let message = match tag.kind {
            TagKind::Comment => {
                "the comment that starts here ('{#') is not closed with '#}'".to_string()
            }
            kind => {
                let (what, open, close) = match kind {
                    TagKind::Value => ("value", "{{", "}}"),
                    _ => ("tag", "{%", "%}"),
                };
                format!(
                    "the {what} that starts here ('{open}') is not closed with '{close}' (or a \
                     quote or bracket in it is not closed)"
                )
            }
        };
        return Some(Unclosed {
            at: Some(tag.range.start),
            message,
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
    let message = format!(
        "the {{% {word} %}} that starts here is not closed with {{% end{word} %}}{}",
        or_inside(word, &alternatives(text, &tags, open, text.len()))
    );
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
/// closes another than the one open there: the block to close first, or
/// that none of its kind is open.
fn closed_out_of_turn(text: &str, line: usize) -> Option<Unclosed> {
    let tags = template_tags(text);
    let Blocks::ClosedOutOfTurn { close, open } = blocks(&tags) else {
        return None;
    };
    if line_of(text, close.range.start) != line {
        return None;
    }
    let closing = close.word();
    let closes = &closing["end".len()..];
    let same = open
        .iter()
        .rev()
        .find(|tag| block_word(tag) == Some(closes));
    let message = match (same, open.last()) {
        (Some(same), Some(innermost)) => {
            let word = block_word(innermost)?;
            format!(
                "{{% {closing} %}} would close the {{% {closes} %}} on line {}, but the \
                 {{% {word} %}} on line {} inside it is not closed: close it first, with \
                 {{% end{word} %}}{}",
                line_of(text, same.range.start),
                line_of(text, innermost.range.start),
                or_inside(
                    word,
                    &alternatives(text, &tags, innermost, close.range.start)
                )
            )
        }
        _ => format!(
            "{{% {closing} %}} closes no block: no {{% {closes} %}} is open here (one too \
             many, or its {{% {closes} %}} was taken away?)"
        ),
    };
    Some(Unclosed {
        at: Some(close.range.start),
        message,
    })
}

/// The lines of the blocks of `open`'s kind inside it (before the byte
/// `until`) that may be the one without its close instead: each close
/// pairs with the innermost block open, so the close meant for `open` may
/// close any of them that only blocks of the kind hold. Not one opened and
/// closed on one line: that one is whole as written.
fn alternatives(text: &str, tags: &[Tag], open: &Tag, until: usize) -> Vec<usize> {
    let Some(word) = block_word(open) else {
        return Vec::new();
    };
    // The blocks open inside `open`: their word, line, and whether they
    // may be the one.
    let mut inside: Vec<(&str, usize, bool)> = Vec::new();
    let mut found = Vec::new();
    let statements = tags.iter().filter(|tag| {
        tag.kind == TagKind::Statement
            && tag.range.start > open.range.start
            && tag.range.start < until
    });
    for tag in statements {
        let line = line_of(text, tag.range.start);
        if let Some(opens) = block_word(tag) {
            let may_be = opens == word && inside.iter().all(|(w, _, _)| *w == word);
            inside.push((opens, line, may_be));
        } else if closes_a_block(tag)
            && let Some((_, opened, may_be)) = inside.pop()
            && may_be
            && opened != line
        {
            found.push(opened);
        }
    }
    // (Every block opened after `open` is closed by `until`: `open` is the
    // innermost block open there.)
    found.sort_unstable();
    found
}

/// The words that name the `alternatives` of a block of kind `word`.
fn or_inside(word: &str, lines: &[usize]) -> String {
    match lines {
        [] => String::new(),
        [line] => format!(
            "; or the {{% {word} %}} on line {line}, inside it, is not, and takes its \
             {{% end{word} %}}"
        ),
        lines => {
            let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
            let more = if lines.len() > 5 { ", …" } else { "" };
            format!(
                "; or one of the {{% {word} %}} inside it (lines {}{more}) is not, and takes \
                 its {{% end{word} %}}",
                shown.join(", ")
            )
        }
    }
}

/// How a template's block statements pair up.
enum Blocks<'a, 't> {
    /// Each is closed, by the tag of its kind.
    Closed,
    /// `close` closes another kind of block than the innermost one open,
    /// or none is open.
    ClosedOutOfTurn {
        close: &'a Tag<'t>,
        /// The blocks open there, the innermost last.
        open: Vec<&'a Tag<'t>>,
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
            if open.last().and_then(|innermost| block_word(innermost)) != Some(closed) {
                return Blocks::ClosedOutOfTurn { close: tag, open };
            }
            open.pop();
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
                "the comment that starts here ('{#') is not closed with '#}'".into()
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
        // The close meant for the first may close one opened inside it
        // (line 2 or 4; not 5, opened and closed on its line).
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
    fn a_block_closed_out_of_turn_names_the_one_to_close_first() {
        let text = "{% if a %}\n{% for r in rs %}\n{{ r }}\n{% endif %}\n";
        assert_eq!(
            told(text, closed_out_of_turn(text, 4)),
            Some((
                4,
                "{% endif %} would close the {% if %} on line 1, but the {% for %} on line 2 \
                 inside it is not closed: close it first, with {% endfor %}"
                    .into()
            ))
        );
        // Only where minijinja says so.
        assert_eq!(closed_out_of_turn(text, 3), None);
        // The one left open may be one of its kind inside it.
        let text = "{% for x in [1] %}\n{% if a %}\n{% if b %}\nx\n{% endif %}\n{% endfor %}";
        assert_eq!(
            told(text, closed_out_of_turn(text, 6)).map(|(_, message)| message),
            Some(
                "{% endfor %} would close the {% for %} on line 1, but the {% if %} on line 2 \
                 inside it is not closed: close it first, with {% endif %}; or the {% if %} on \
                 line 3, inside it, is not, and takes its {% endif %}"
                    .into()
            )
        );
    }

    #[test]
    fn a_close_with_no_block_of_its_kind_open_is_one_too_many() {
        // Not "close the for first": its endfor would then be the stray one.
        let text = "{% for x in [1] %}\n{% endif %}\n{% endfor %}";
        assert_eq!(
            told(text, closed_out_of_turn(text, 2)),
            Some((
                2,
                "{% endif %} closes no block: no {% if %} is open here (one too many, or its \
                 {% if %} was taken away?)"
                    .into()
            ))
        );
        let text = "a\n{%- endfor %}";
        assert_eq!(
            told(text, closed_out_of_turn(text, 2)).map(|(line, _)| line),
            Some(2)
        );
    }

    #[test]
    fn every_block_of_its_kind_it_holds_may_be_the_one_left_open() {
        let text = "{% if a %}\n{% if b %}\n{% if c %}\nx\n{% endif %}\n{% endif %}";
        assert_eq!(
            told(text, left_open(text)).map(|(_, message)| message),
            Some(
                "the {% if %} that starts here is not closed with {% endif %}; or one of the \
                 {% if %} inside it (lines 2, 3) is not, and takes its {% endif %}"
                    .into()
            )
        );
        // Not one inside a block of another kind: its close could not
        // have been meant for the first.
        let text = "{% if a %}\n{% for r in rs %}\n{% if c %}x{% endif %}\n{% if d %}\n\
                    {% endif %}\n{% endfor %}";
        assert_eq!(
            told(text, left_open(text)).map(|(_, message)| message),
            Some("the {% if %} that starts here is not closed with {% endif %}".into())
        );
    }

    #[test]
    fn a_mistake_in_a_tag_after_one_over_lines_is_not_put_inside_it() {
        let text = "{% set x = [\n  1,\n] %}{{ foo bar }}";
        assert_eq!(
            inside_a_tag_from_before(text, "unexpected identifier", 3),
            None
        );
        let text = "= Plan\n{{ plan.year\n#let x = 1\n";
        assert_eq!(
            inside_a_tag_from_before(text, "unexpected character", 3).map(|u| u.message),
            Some("unexpected character (in the '{{' that starts on line 2)".into())
        );
    }
}
