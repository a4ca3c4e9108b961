//! The Markdown subset of prose fields, converted to Typst markup.
//!
//! Paragraphs, emphasis, strong, links and bullet and numbered lists become
//! Typst constructs; every text node goes through [`text_markup`]. Any
//! other Markdown construct (a heading, a code block, a quote, inline HTML)
//! is not part of the subset and prints as the characters that were written.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::render::escape;
use crate::render::fit::text_markup;

/// A Markdown event as the converter sees it: a construct outside the
/// subset arrives whole, as the source text that was written.
enum Item<'a> {
    /// An event of the subset (or a leaf such as text or a break).
    Event(Event<'a>, std::ops::Range<usize>),
    /// A construct outside the subset, with everything inside it.
    Literal(std::ops::Range<usize>),
}

/// Whether a tag is part of the subset.
fn in_subset(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::List(_) | Tag::Item
    )
}

/// The Markdown of `source` as the converter walks it: one way of deciding
/// what is in the subset, for the converter and for [`depth`].
fn items(source: &str) -> impl Iterator<Item = Item<'_>> {
    let mut events = Parser::new_ext(source, Options::empty()).into_offset_iter();
    std::iter::from_fn(move || {
        let (event, range) = events.next()?;
        match event {
            Event::Start(tag) if !in_subset(&tag) => {
                // Skip to the end of the construct.
                let mut depth = 1usize;
                while depth > 0 {
                    match events.next() {
                        Some((Event::Start(_), _)) => depth += 1,
                        Some((Event::End(_), _)) => depth -= 1,
                        Some(_) => {}
                        None => break,
                    }
                }
                Some(Item::Literal(range))
            }
            event => Some(Item::Event(event, range)),
        }
    })
}

/// How deeply Markdown nests in Typst: the deepest nesting of lists, and of
/// lists, emphasis and links together (the validator limits both, since
/// Typst's parser gives up on very deep nesting).
pub fn depth(source: &str) -> (usize, usize) {
    // For each open tag: whether it is a list, and whether it nests output.
    let mut open: Vec<(bool, bool)> = Vec::new();
    let (mut lists, mut all, mut max_lists, mut max_all) = (0usize, 0usize, 0usize, 0usize);
    for item in items(source) {
        match item {
            Item::Event(Event::Start(tag), _) => {
                let is_list = matches!(tag, Tag::List(_));
                let nests = !matches!(tag, Tag::Paragraph | Tag::Item);
                lists += usize::from(is_list);
                all += usize::from(nests);
                max_lists = max_lists.max(lists);
                max_all = max_all.max(all);
                open.push((is_list, nests));
            }
            Item::Event(Event::End(_), _) => {
                if let Some((is_list, nests)) = open.pop() {
                    lists -= usize::from(is_list);
                    all -= usize::from(nests);
                }
            }
            _ => {}
        }
    }
    (max_lists, max_all)
}

/// Converts Markdown to Typst markup that can stand inside a content block.
pub fn to_typst(source: &str) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    // Whether a block was written at the current level (so the next one
    // needs a paragraph break).
    let mut wrote_block = vec![false];

    for item in items(source) {
        let (event, range) = match item {
            Item::Literal(range) => {
                // Outside the subset: print what was written, as text.
                start_block(&mut out, &mut wrote_block);
                out.push_str(&text_markup(source[range].trim_end()));
                continue;
            }
            Item::Event(event, range) => (event, range),
        };
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => start_block(&mut out, &mut wrote_block),
                Tag::Emphasis => out.push_str("#emph["),
                Tag::Strong => out.push_str("#strong["),
                Tag::Link { dest_url, .. } if is_web_link(&dest_url) => {
                    out.push_str("#link(");
                    out.push_str(&escape::string_literal(&dest_url));
                    out.push_str(")[");
                }
                // A link to anything else prints its text only.
                Tag::Link { .. } => out.push_str("#["),
                Tag::List(first) => {
                    start_block(&mut out, &mut wrote_block);
                    match first {
                        Some(n) => out.push_str(&format!("#enum(start: {n}, ")),
                        None => out.push_str("#list("),
                    }
                }
                Tag::Item => {
                    out.push('[');
                    wrote_block.push(false);
                }
                // `items` turns every other tag into a literal.
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => out.push(']'),
                TagEnd::List(_) => out.push(')'),
                TagEnd::Item => {
                    out.push_str("], ");
                    wrote_block.pop();
                }
                _ => {}
            },
            Event::Text(text) | Event::Code(text) => out.push_str(&text_markup(&text)),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak()"),
            Event::Html(_) | Event::InlineHtml(_) | Event::Rule => {
                if matches!(event, Event::Html(_) | Event::Rule) {
                    start_block(&mut out, &mut wrote_block);
                }
                out.push_str(&text_markup(source[range].trim_end()));
            }
            _ => out.push_str(&text_markup(&source[range])),
        }
    }
    out
}

/// Separates a block from the previous one at the same level with a paragraph break.
fn start_block(out: &mut String, wrote_block: &mut [bool]) {
    if let Some(wrote) = wrote_block.last_mut() {
        if *wrote {
            out.push_str("\n\n");
        }
        *wrote = true;
    }
}

/// Only web and mail links become links; anything else could point into the machine.
fn is_web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_the_subset() {
        assert_eq!(
            to_typst("Hej *du* och **ni**"),
            "Hej #emph[du] och #strong[ni]"
        );
        assert_eq!(to_typst("a\n\nb"), "a\n\nb");
        assert_eq!(to_typst("- ett\n- två\n"), "#list([ett], [två], )");
        assert_eq!(
            to_typst("3. tre\n4. fyra\n"),
            "#enum(start: 3, [tre], [fyra], )"
        );
        assert_eq!(
            to_typst("[HPH](https://www.hphnet.org)"),
            "#link(\"https://www.hphnet.org\")[HPH]"
        );
    }

    #[test]
    fn prints_everything_else_as_written() {
        assert_eq!(to_typst("# Rubrik"), "\\# Rubrik");
        assert_eq!(
            to_typst("5 * 3 = 15 #tag $x$"),
            "5 \\* 3 \\= 15 \\#tag \\$x\\$"
        );
        assert_eq!(to_typst("[x](file:///etc/passwd)"), "#[x]");
        assert_eq!(to_typst("a <b> c"), "a \\<b\\> c");
    }
}
