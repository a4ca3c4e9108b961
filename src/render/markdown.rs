//! The Markdown subset of prose fields, converted to Typst markup.
//!
//! Paragraphs, emphasis, strong, links and bullet and numbered lists become
//! Typst constructs; every text node goes through [`escape::markup`]. Any
//! other Markdown construct (a heading, a code block, a quote, inline HTML)
//! is not part of the subset and prints as the characters that were written.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::render::escape;

/// Converts Markdown to Typst markup that can stand inside a content block.
pub fn to_typst(source: &str) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    // How deep we are inside a construct printed literally, and whether a
    // block was written at the current level (so the next one needs a break).
    let mut literal_depth = 0usize;
    let mut wrote_block = vec![false];

    for (event, range) in Parser::new_ext(source, Options::empty()).into_offset_iter() {
        if literal_depth > 0 {
            match event {
                Event::Start(_) => literal_depth += 1,
                Event::End(_) => literal_depth -= 1,
                _ => {}
            }
            continue;
        }
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
                _ => {
                    // Outside the subset: print what was written, as text.
                    start_block(&mut out, &mut wrote_block);
                    out.push_str(&escape::markup(source[range].trim_end()));
                    literal_depth = 1;
                }
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => {}
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => out.push(']'),
                TagEnd::List(_) => out.push(')'),
                TagEnd::Item => {
                    out.push_str("], ");
                    wrote_block.pop();
                }
                _ => {}
            },
            Event::Text(text) | Event::Code(text) => out.push_str(&escape::markup(&text)),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak()"),
            Event::Html(_) | Event::InlineHtml(_) | Event::Rule => {
                if matches!(event, Event::Html(_) | Event::Rule) {
                    start_block(&mut out, &mut wrote_block);
                }
                out.push_str(&escape::markup(source[range].trim_end()));
            }
            _ => out.push_str(&escape::markup(&source[range])),
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
