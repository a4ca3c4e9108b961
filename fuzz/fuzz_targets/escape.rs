//! The escaper and the Markdown converter, checked with Typst's own parser:
//! escaped text parses as nothing but text whose characters are the input's
//! (a zero-width space as the empty box that stands for it, two in a row
//! as the one character, a byte-order mark as the word joiner it means),
//! a string literal as one string, and converted
//! Markdown (that the validator lets through) as text, those boxes and the
//! few functions of the subset only.
#![no_main]

use hfs_report::render::{escape, markdown};
use hfs_report::validate::{MAX_LIST_DEPTH, MAX_MARKDOWN_DEPTH};
use libfuzzer_sys::fuzz_target;
use typst::syntax::{SyntaxKind, SyntaxNode, parse};

fuzz_target!(|text: &str| {
    let escaped = escape::markup(text);
    let tree = parse(&escaped);
    let mut printed = String::new();
    literal_text(&tree, &mut printed, &escaped);
    // Two zero-width spaces in a row print as the one character, and a
    // byte-order mark as a word joiner.
    let expected = text
        .replace(escape::GLUED_BREAK, "\u{200b}")
        .replace('\u{feff}', "\u{2060}");
    assert_eq!(
        squash(&printed),
        squash(&expected),
        "escaped as {escaped:?}"
    );

    let literal = format!("#{}", escape::string_literal(text));
    let tree = parse(&literal);
    let kinds: Vec<SyntaxKind> = tree.children().map(SyntaxNode::kind).collect();
    assert_eq!(kinds, [SyntaxKind::Hash, SyntaxKind::Str], "{literal:?}");
    assert!(!tree.diagnosis().errors, "{literal:?}");

    // Markdown nested deeper than the validator allows never gets here:
    // Typst's parser gives up on deep nesting.
    let (lists, all) = markdown::depth(text);
    if lists <= MAX_LIST_DEPTH && all <= MAX_MARKDOWN_DEPTH {
        let converted = markdown::to_typst(text);
        let tree = parse(&converted);
        only_the_subset(&tree, &converted);
    }
});

/// Appends the text that markup prints; panics on any node that is not text.
fn literal_text(node: &SyntaxNode, out: &mut String, source: &str) {
    match node.kind() {
        SyntaxKind::Markup => {
            for child in node.children() {
                literal_text(child, out, source);
            }
        }
        SyntaxKind::Text => out.push_str(node.leaf_text()),
        // `#box();`, a zero-width space (`escape::BREAK_MARKUP`), and
        // `#text(hyphenate: false)[…]` around a run that has them
        // (`escape::UNHYPHENATED`), whose markup is read on.
        SyntaxKind::Hash | SyntaxKind::Semicolon => {}
        SyntaxKind::FuncCall if node.full_text() == "box()" => out.push('\u{200b}'),
        SyntaxKind::FuncCall if node.full_text().starts_with("text(hyphenate: false)[") => {
            let markup = node
                .children()
                .filter(|c| c.kind() == SyntaxKind::Args)
                .flat_map(SyntaxNode::children)
                .filter(|c| c.kind() == SyntaxKind::ContentBlock)
                .flat_map(SyntaxNode::children)
                .find(|c| c.kind() == SyntaxKind::Markup);
            match markup {
                Some(markup) => literal_text(markup, out, source),
                None => panic!("an unhyphenated run without its text: {source:?}"),
            }
        }
        SyntaxKind::Space | SyntaxKind::Linebreak | SyntaxKind::Parbreak => out.push(' '),
        SyntaxKind::Escape => out.push_str(node.leaf_text().get(1..).unwrap_or_default()),
        other => panic!("escaped text holds a {other:?} node: {source:?}"),
    }
}

/// The functions the Markdown subset's Typst may call.
const SUBSET_FUNCTIONS: [&str; 8] = [
    "emph",
    "strong",
    "link",
    "list",
    "enum",
    "linebreak",
    "box",
    "text",
];

/// Panics unless the tree holds only text and the subset's functions.
fn only_the_subset(node: &SyntaxNode, source: &str) {
    use SyntaxKind::*;
    match node.kind() {
        Markup | Text | Space | Escape | Linebreak | Parbreak | Hash | Args | LeftParen
        | RightParen | Comma | ContentBlock | LeftBracket | RightBracket | Str | Colon | Int
        | Semicolon | Bool => {}
        FuncCall => {
            let callee = node.children().next().map(|c| c.leaf_text().to_string());
            assert!(
                callee
                    .as_deref()
                    .is_some_and(|c| SUBSET_FUNCTIONS.contains(&c)),
                "calls {callee:?}: {source:?}"
            );
        }
        Ident => {
            assert!(
                SUBSET_FUNCTIONS.contains(&node.leaf_text().as_str()),
                "{source:?}"
            );
        }
        Named => {
            // `start: 3` and `numbering: "1)"` of a numbered list,
            // `hyphenate: false` of a run with break opportunities: the
            // name, then its value.
            let name = node.children().next().map(|c| c.leaf_text().to_string());
            assert!(
                matches!(name.as_deref(), Some("start" | "numbering" | "hyphenate")),
                "{source:?}"
            );
            for child in node.children().skip(1) {
                only_the_subset(child, source);
            }
            return;
        }
        other => panic!("converted Markdown holds a {other:?} node: {source:?}"),
    }
    for child in node.children() {
        only_the_subset(child, source);
    }
}

/// The text with every run of white space made one space, trimmed.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
