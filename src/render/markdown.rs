//! The Markdown subset of prose fields, converted to Typst markup.
//!
//! Paragraphs, emphasis, strong, links to web and mail addresses and bullet
//! and numbered lists become Typst constructs; every text node is escaped
//! and gets break opportunities in its long runs, as in
//! [`crate::render::fit::text_markup`]. Any other Markdown construct (a
//! heading, a code block or span, a quote, inline HTML, a backslash escape,
//! an entity such as `&amp;`, a link to anything but a web or mail address,
//! a reference definition) is not part of the subset and prints as the
//! characters that were written.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::load::printable::is_invisible;
use crate::render::escape;
use crate::render::fit::{self, Column, Room, with_breaks_in_long_runs};

/// A Markdown event as the converter sees it: a construct outside the
/// subset arrives whole, as the source text that was written.
enum Item<'a> {
    /// An event of the subset (or a leaf such as text or a break).
    Event(Event<'a>, Range<usize>),
    /// A construct outside the subset, with everything inside it; `block`
    /// when it stands as a block of its own (a heading, a quote), not
    /// inside a line (an image).
    Literal { range: Range<usize>, block: bool },
}

/// Whether a tag is part of the subset.
fn in_subset(tag: &Tag<'_>) -> bool {
    match tag {
        Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::List(_) | Tag::Item => true,
        Tag::Link {
            link_type,
            dest_url,
            ..
        } => match link_type {
            LinkType::Inline | LinkType::Autolink => web_address(address(dest_url)).is_some(),
            // `<anna@example.se>`, whose address has no scheme.
            LinkType::Email => true,
            _ => false,
        },
        _ => false,
    }
}

/// Where a link of the subset leads: a mail autolink's address as a
/// `mailto:` link.
fn link_target(link_type: LinkType, dest_url: &str) -> String {
    let address = address(dest_url);
    let address = match link_type {
        LinkType::Email => format!("mailto:{address}"),
        _ => web_address(address.clone()).unwrap_or(address),
    };
    in_ascii(address)
}

/// A link's address as a PDF holds it: in ASCII, which is all a PDF's
/// link may hold (a reader may take `å` for two other letters, and the
/// link leads nowhere), and without spaces, which no address has
/// (`<https://ex.se/vård och omsorg>`). A name of a host with other
/// letters (`hälsa.se`) is written as the domain name system knows it
/// (`xn--hlsa-loa.se`), the other letters and the spaces of the address
/// as their UTF-8's bytes in `%` escapes (`v%C3%A5rd%20och`), as a
/// browser sends them. Any other address is left as written.
fn in_ascii(address: String) -> String {
    if address.is_ascii() && !address.contains(|c: char| c.is_ascii_whitespace()) {
        return address;
    }
    match url::Url::parse(&address) {
        Ok(parsed) => parsed.into(),
        // An address the web's rules cannot read (a space in the host's
        // name) still leads where a reader's browser takes it.
        Err(_) => percent_encoding::utf8_percent_encode(&address, &CONTROLS_AND_SPACE).to_string(),
    }
}

/// A link's address without the invisible marks one copied from a web page
/// may hold (a soft hyphen or zero-width space where the page let a long
/// address wrap, a byte-order mark) and without line separators: no
/// address has them, and with them it would lead nowhere, or, before its
/// scheme, not be a link at all.
fn address(dest_url: &str) -> String {
    dest_url
        .chars()
        .filter(|&c| !is_invisible(c) && !escape::is_line_break(c))
        .collect()
}

/// What a link's address that the web's rules cannot read has in `%`
/// escapes, besides what is not ASCII.
const CONTROLS_AND_SPACE: percent_encoding::AsciiSet = percent_encoding::CONTROLS.add(b' ');

/// What the parser reads: `source` with the `]:` of every line that could
/// be a reference definition (`[1]: https://…`, after any quote or list
/// marks) made `];`, the same length, so that Markdown does not take the
/// line for one and drop it from the text. A `]:` elsewhere (a link to
/// `http://[::1]:8080`) is left. The converter prints the characters of
/// `source` at the ranges of this text's events.
pub fn without_definitions(source: &str) -> Cow<'_, str> {
    let mut parsed: Option<String> = None;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if let Some(at) = definition_colon(line) {
            let text = parsed.get_or_insert_with(|| source.to_string());
            text.replace_range(offset + at..offset + at + 1, ";");
        }
        offset += line.len();
    }
    parsed.map_or(Cow::Borrowed(source), Cow::Owned)
}

/// Where the ':' of a line that starts like a reference definition stands:
/// `[label]:` after white space, quote marks (`>`) and list marks (`-`,
/// `*`, `+`, `1.`, `1)`).
fn definition_colon(line: &str) -> Option<usize> {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '>']);
        let unmarked = ["- ", "* ", "+ "]
            .iter()
            .find_map(|mark| trimmed.strip_prefix(mark))
            .or_else(|| {
                let digits = trimmed.len()
                    - trimmed
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .len();
                (digits > 0)
                    .then(|| {
                        trimmed[digits..]
                            .strip_prefix(". ")
                            .or_else(|| trimmed[digits..].strip_prefix(") "))
                    })
                    .flatten()
            });
        match unmarked {
            Some(next) => rest = next,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    if !rest.starts_with('[') {
        return None;
    }
    // The label ends at the first ']' not escaped by a '\\'; a definition
    // has its ':' right after it.
    let mut escaped = false;
    let close = rest.char_indices().skip(1).find_map(|(at, c)| {
        let closes = c == ']' && !escaped;
        escaped = c == '\\' && !escaped;
        closes.then_some(at)
    })?;
    rest[close + 1..]
        .starts_with(':')
        .then(|| line.len() - rest.len() + close + 1)
}

/// The Markdown of `parsed` (see [`without_definitions`]) as the converter
/// walks it: one way of deciding what is in the subset, for the converter
/// and for [`depth`].
fn items(parsed: &str) -> impl Iterator<Item = Item<'_>> {
    let mut events = Parser::new_ext(parsed, Options::empty()).into_offset_iter();
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
                let block = !matches!(tag, Tag::Link { .. } | Tag::Image { .. });
                Some(Item::Literal { range, block })
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
    for item in items(&without_definitions(source)) {
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

/// The marker that starts `line` if it was written as an item of a list
/// pasted from a word processor: a bullet (`•`, `·`, `●`...) and a space
/// or tab; a sign Word writes as a bullet (`o`, `§`, `–`) and a tab; a
/// Markdown list's `-` and a tab or a space Markdown does not take for
/// one (no-break, em); or a number or letter and a tab (`3.\t`, `a)\t`).
pub fn pasted_list_marker(line: &str) -> Option<String> {
    const BULLETS: [char; 12] = ['•', '◦', '▪', '‣', '·', '●', '○', '■', '□', '►', '➢', '⁃'];
    const TABBED: [char; 3] = ['o', '§', '–'];
    const WIDE_SPACES: [char; 3] = ['\u{a0}', '\u{2002}', '\u{2003}'];
    let first = line.chars().next()?;
    let rest = &line[first.len_utf8()..];
    let wide = rest.starts_with(WIDE_SPACES);
    let bullet = (BULLETS.contains(&first) && (rest.starts_with([' ', '\t']) || wide))
        || (TABBED.contains(&first) && rest.starts_with('\t'))
        || (matches!(first, '-' | '*' | '+') && (rest.starts_with('\t') || wide));
    if bullet {
        return Some(first.to_string());
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = match digits {
        0 => usize::from(first.is_ascii_alphabetic()),
        digits => digits,
    };
    let after = &line[number..];
    (number > 0 && after.starts_with(['.', ')']) && after[1..].starts_with('\t'))
        .then(|| line[..=number].to_string())
}

/// The first line of `source` that Markdown joins to the line above it
/// into one paragraph though it starts as an item of a pasted list
/// ([`pasted_list_marker`]; only a list's `1.` starts a list below a line
/// of text): its marker, and where the line starts in `source`.
pub fn joined_list_item(source: &str) -> Option<(String, usize)> {
    let parsed = without_definitions(source);
    let mut after_break = false;
    for item in items(&parsed) {
        match item {
            Item::Event(Event::SoftBreak, _) => after_break = true,
            Item::Event(Event::Text(_), range) if after_break => {
                let line = parsed.get(range.clone()).unwrap_or_default();
                if let Some(marker) = pasted_list_marker(line) {
                    return Some((marker, range.start));
                }
                after_break = false;
            }
            _ => after_break = false,
        }
    }
    None
}

/// The first line of `source` that Markdown joins to the list item above
/// it though it does not stand indented under the item's text (a "lazy
/// continuation"): `- två` over `Efter listan.` print as one item, "två
/// Efter listan.", where the writer meant a paragraph after the list; so
/// does `  Efter.` below `  - cigaretter`, whose text starts further in.
/// Where the line's text starts in `source`.
pub fn line_joined_to_an_item(source: &str) -> Option<usize> {
    let parsed = without_definitions(source);
    // The column where each open item's text starts (unknown until its
    // first event), the innermost last.
    let mut open_items: Vec<Option<usize>> = Vec::new();
    let mut after_break = false;
    for item in items(&parsed) {
        let start = match item {
            // A line ended by two spaces or a backslash is a break too.
            Item::Event(Event::SoftBreak | Event::HardBreak, _) => {
                after_break = true;
                continue;
            }
            Item::Event(Event::Start(Tag::Item), _) => {
                open_items.push(None);
                after_break = false;
                continue;
            }
            Item::Event(Event::End(TagEnd::Item), _) => {
                open_items.pop();
                after_break = false;
                continue;
            }
            Item::Event(_, range) | Item::Literal { range, .. } => range.start,
        };
        let column = column_of(&parsed, start);
        match open_items.last_mut() {
            Some(text_column @ None) => *text_column = Some(column),
            Some(Some(text_column)) if after_break && column < *text_column => {
                return Some(start);
            }
            _ => {}
        }
        after_break = false;
    }
    None
}

/// The column at which byte `at` of `text` stands on its line, a tab
/// reaching the next multiple of four as Markdown counts it.
fn column_of(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |end| end + 1);
    text[line_start..at].chars().fold(0, |column, c| match c {
        '\t' => column + 4 - column % 4,
        _ => column + 1,
    })
}

/// The first link of `source` whose address is none a PDF can follow
/// (`web_address`: `hfs.se`, `info@hfs.se` without their scheme), so
/// that it prints as written, brackets and all: its address, and where
/// the link stands in `source`.
pub fn link_printed_as_written(source: &str) -> Option<(String, Range<usize>)> {
    let parsed = without_definitions(source);
    Parser::new_ext(&parsed, Options::empty())
        .into_offset_iter()
        .find_map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }) => {
                let address = address(&dest_url);
                web_address(address.clone())
                    .is_none()
                    .then_some((address, range))
            }
            _ => None,
        })
}

/// The words a reader sees of Markdown, without its marks (`*x*` is
/// `x`, a link its text): to compare with what someone copied from a
/// document. Blocks and line breaks are spaces.
pub fn plain_text(source: &str) -> String {
    let parsed = without_definitions(source);
    let mut out = String::with_capacity(parsed.len());
    for item in items(&parsed) {
        match item {
            Item::Literal { range, .. } => out.push_str(parsed.get(range).unwrap_or_default()),
            Item::Event(Event::Text(text) | Event::Code(text), _) => out.push_str(&text),
            Item::Event(
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item),
                _,
            ) => out.push(' '),
            Item::Event(..) => {}
        }
    }
    out
}

/// Converts Markdown to Typst markup that can stand inside a content block.
pub fn to_typst(source: &str) -> String {
    to_typst_in(source, None)
}

/// [`to_typst`] for a cell of a narrow `column`: a stretch
/// that may be wider than the column is measured there
/// ([`fit::column_markup`]).
pub fn to_typst_in_column(source: &str, column: Column<'_>) -> String {
    to_typst_in(source, Some(column))
}

/// [`to_typst`], in a narrow `column` if one is given.
fn to_typst_in(source: &str, column: Option<Column<'_>>) -> String {
    let mut out = Output::default();
    // Whether a block was written at the current level (so the next one
    // needs a paragraph break).
    let mut wrote_block = vec![false];
    let parsed = without_definitions(source);
    // What was written at a range of `parsed`.
    let written = |range: Range<usize>| source.get(range).unwrap_or_default();

    let items: Vec<Item<'_>> = items(&parsed).collect();
    let markers = list_markers(&items);
    let textless = textless_links(&items, &parsed);
    for (index, item) in items.into_iter().enumerate() {
        let (event, range) = match item {
            Item::Literal { range, block } => {
                // Outside the subset: print what was written, as text.
                if block {
                    out.start_block(&mut wrote_block);
                }
                out.text(written(range).trim_end());
                continue;
            }
            Item::Event(event, range) => (event, range),
        };
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.start_block(&mut wrote_block),
                Tag::Emphasis => out.markup("#emph["),
                Tag::Strong => out.markup("#strong["),
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } => {
                    let target = link_target(link_type, &dest_url);
                    out.markup(format!("#link({})[", escape::string_literal(&target)));
                    // One without text shows its address, as written (a
                    // mail address without its `mailto:`, as `<anna@hfs.se>`).
                    if textless[index] {
                        out.text(shown_address(&dest_url));
                    }
                }
                Tag::List(first) => {
                    out.start_block(&mut wrote_block);
                    let marker = markers.get(&index).map_or("•", String::as_str);
                    out.indents.push(fit::list_indent_em(marker));
                    out.line_end(match first {
                        // `1)` as written, not Typst's `1.`.
                        Some(n) if numbered_with_parenthesis(written(range.clone())) => {
                            format!("#enum(start: {n}, numbering: \"1)\", ")
                        }
                        Some(n) => format!("#enum(start: {n}, "),
                        None => "#list(".to_string(),
                    });
                }
                Tag::Item => {
                    out.line_end("[");
                    wrote_block.push(false);
                }
                // `items` turns every other tag into a literal.
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => out.markup("]"),
                TagEnd::List(_) => {
                    out.line_end(")");
                    out.indents.pop();
                }
                TagEnd::Item => {
                    out.line_end("], ");
                    wrote_block.pop();
                }
                _ => {}
            },
            // As written: `&amp;`, `\*` and `` `code` `` print as themselves.
            // The spaces that stand for a link's text.
            Event::Text(_) | Event::SoftBreak | Event::HardBreak if textless[index] => {}
            Event::Text(_) => out.text(written(with_escape(source, range))),
            Event::Code(_) | Event::InlineHtml(_) => out.text(written(range)),
            Event::SoftBreak => out.text(" "),
            // A line break is no part of the subset: the line goes on, and
            // a '\' that ended it prints.
            Event::HardBreak => {
                out.text(written(range).trim_end());
                out.text(" ");
            }
            Event::Html(_) | Event::Rule => {
                out.start_block(&mut wrote_block);
                out.text(written(range).trim_end());
            }
            _ => out.text(written(range)),
        }
    }
    out.finish(column)
}

/// The range of a text node with the backslash that escaped it, if one
/// did: the parser's range of `\*` is the `*` alone. A backslash escapes
/// the punctuation after it when an odd number of them stand before it.
fn with_escape(source: &str, range: Range<usize>) -> Range<usize> {
    let escapable = source
        .get(range.clone())
        .and_then(|text| text.chars().next())
        .is_some_and(|c| c.is_ascii_punctuation());
    let backslashes = source.get(..range.start).map_or(0, |before| {
        before.bytes().rev().take_while(|&b| b == b'\\').count()
    });
    if escapable && backslashes % 2 == 1 {
        range.start - 1..range.end
    } else {
        range
    }
}

/// The converter's output as it is written: texts to print and Typst
/// markup around them. It is joined only at the end, so that a run of
/// text without white space that goes on through emphasis or a link
/// (`WM*WM*WM…`) gets its break opportunities as a whole
/// ([`with_breaks_in_long_runs`]).
#[derive(Default)]
struct Output<'a> {
    pieces: Vec<Piece<'a>>,
    /// How far each list the next piece is in indents it, in em.
    indents: Vec<f64>,
}

/// One piece of the output.
enum Piece<'a> {
    /// Text, printed as it is, and how far its lists indent it, in em.
    Text(CowStr<'a>, f64),
    /// Markup within a line (emphasis, a link).
    Markup(String),
    /// Markup where a line ends anyway (a paragraph, a list item).
    LineEnd(String),
}

impl<'a> Output<'a> {
    /// Text to print.
    fn text(&mut self, text: impl Into<CowStr<'a>>) {
        let indent = self.indents.iter().sum();
        self.pieces.push(Piece::Text(text.into(), indent));
    }

    /// Markup within a line.
    fn markup(&mut self, markup: impl Into<String>) {
        self.pieces.push(Piece::Markup(markup.into()));
    }

    /// Markup where a line ends.
    fn line_end(&mut self, markup: impl Into<String>) {
        self.pieces.push(Piece::LineEnd(markup.into()));
    }

    /// Separates a block from the previous one at the same level with a paragraph break.
    fn start_block(&mut self, wrote_block: &mut [bool]) {
        if let Some(wrote) = wrote_block.last_mut() {
            if *wrote {
                self.line_end("\n\n");
            }
            *wrote = true;
        }
    }

    /// The Typst markup: every text escaped, with its break opportunities,
    /// and, in a narrow column, its stretches that may be wider than the
    /// column measured.
    fn finish(self, column: Option<Column<'_>>) -> String {
        // A narrow column places its own break opportunities, without the
        // zero-width spaces the text holds.
        let runs: Vec<Option<Cow<'_, str>>> = self
            .pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Text(text, _) if column.is_some() => {
                    Some(Some(fit::without_break_opportunities(text)))
                }
                Piece::Text(text, _) => Some(Some(Cow::Borrowed(text.as_ref()))),
                Piece::LineEnd(_) => Some(None),
                Piece::Markup(_) => None,
            })
            .collect();
        let runs: Vec<Option<&str>> = runs.iter().map(Option::as_deref).collect();
        // A narrow column measures its stretches.
        let room = match column {
            Some(_) => Room::Measured,
            None => Room::Unknown,
        };
        let texts = with_breaks_in_long_runs(&runs, room);
        let mut markups = match column {
            Some(column) => self.measured(&texts, column),
            None => texts.iter().map(|text| escape::markup(text)).collect(),
        }
        .into_iter();
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(..) => out.push_str(&markups.next().unwrap_or_default()),
                Piece::Markup(markup) => out.push_str(markup),
                Piece::LineEnd(markup) => {
                    markups.next();
                    out.push_str(markup);
                }
            }
        }
        out
    }

    /// The markup of `texts` (one for each text and each line end, with
    /// their break opportunities) in a narrow column: the
    /// texts of a line together, so that a stretch that runs on from one
    /// into the next (`**Sjukvårds**organisationen`) is measured whole.
    fn measured(&self, texts: &[String], column: Column<'_>) -> Vec<String> {
        let mut markups = vec![String::new(); texts.len()];
        // The texts of the current line: their places in `texts`, and how
        // far its lists indent it.
        let mut line: Vec<usize> = Vec::new();
        let mut indent = 0.0;
        let mut flush = |line: &mut Vec<usize>, indent: f64| {
            let pieces: Vec<&str> = line.iter().map(|&i| texts[i].as_str()).collect();
            let measured = fit::pieces_markup(&pieces, column.indented(indent));
            for (&i, markup) in line.iter().zip(measured) {
                markups[i] = markup;
            }
            line.clear();
        };
        let mut index = 0;
        for piece in &self.pieces {
            match piece {
                Piece::Text(_, text_indent) => {
                    if line.is_empty() {
                        indent = *text_indent;
                    }
                    line.push(index);
                    index += 1;
                }
                Piece::LineEnd(_) => {
                    flush(&mut line, indent);
                    index += 1;
                }
                Piece::Markup(_) => {}
            }
        }
        flush(&mut line, indent);
        markups
    }
}

/// A link's address as a link without text shows it: as written, a mail
/// address without its scheme and what follows it (`mailto:anna@hfs.se`
/// shows `anna@hfs.se`, as `<anna@hfs.se>` does).
fn shown_address(dest_url: &str) -> String {
    let shown = address(dest_url);
    match shown.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => {
            let mail = shown[7..].split('?').next().unwrap_or_default();
            // One with no address (`mailto:?subject=…`) shows what it has.
            if mail.is_empty() {
                shown.clone()
            } else {
                mail.to_string()
            }
        }
        _ => shown,
    }
}

/// The links of `items` (of the text `parsed`) without text to show
/// (`[](https://hfs.se)`, `[ ](…)`), which would print nothing: for each
/// item, whether it starts such a link or is the blank text inside one.
fn textless_links(items: &[Item<'_>], parsed: &str) -> Vec<bool> {
    let mut textless = vec![false; items.len()];
    for (start, item) in items.iter().enumerate() {
        if !matches!(item, Item::Event(Event::Start(Tag::Link { .. }), _)) {
            continue;
        }
        let inside = items[start + 1..]
            .iter()
            .take_while(|item| !matches!(item, Item::Event(Event::End(TagEnd::Link), _)));
        let blank = |item: &Item<'_>| match item {
            Item::Event(Event::Text(_), range) => parsed
                .get(range.clone())
                .is_some_and(|text| text.chars().all(|c| c.is_whitespace() || is_invisible(c))),
            Item::Event(Event::SoftBreak | Event::HardBreak, _) => true,
            _ => false,
        };
        let count = inside.clone().count();
        if inside.clone().all(blank) {
            textless[start..=start + count].fill(true);
        }
    }
    textless
}

/// The widest marker of each list of `items`, by the place of its start: a
/// bullet list's (`•` or `–`), or a numbered list's widest number (`12.`,
/// `2024.`; Typst writes them as `1.` is, whatever the level).
fn list_markers(items: &[Item<'_>]) -> HashMap<usize, String> {
    let mut markers = HashMap::new();
    // The lists open at this point: where each starts, its first number,
    // and how many items it has had.
    let mut open: Vec<(usize, Option<u64>, u64)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item {
            Item::Event(Event::Start(Tag::List(first)), _) => open.push((index, *first, 0)),
            Item::Event(Event::Start(Tag::Item), _) => {
                if let Some((_, _, count)) = open.last_mut() {
                    *count += 1;
                }
            }
            Item::Event(Event::End(TagEnd::List(_)), _) => {
                if let Some((start, first, count)) = open.pop() {
                    let marker = match first {
                        Some(first) => {
                            let last = first.saturating_add(count.saturating_sub(1));
                            format!("{last}.")
                        }
                        None => ["•", "–"]
                            .into_iter()
                            .max_by(|a, b| fit::width_em(a).total_cmp(&fit::width_em(b)))
                            .unwrap_or("•")
                            .to_string(),
                    };
                    markers.insert(start, marker);
                }
            }
            _ => {}
        }
    }
    markers
}

/// Whether a numbered list, as written, numbers its items `1)`, not `1.`.
fn numbered_with_parenthesis(list: &str) -> bool {
    list.trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with(')')
}

/// The address a link leads to, if it is a web or mail address: only
/// those become links, since anything else could point into the machine.
/// A web address written without its scheme (`www.hfs.se`, as people
/// write one) leads to it over https, as a browser would.
fn web_address(url: String) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        Some(url)
    } else if lower.starts_with("www.") && lower.len() > "www.".len() {
        Some(format!("https://{url}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_how_deeply_markdown_nests() {
        assert_eq!(depth("text"), (0, 0));
        assert_eq!(depth("- a\n  - b\n    - *c*\n"), (3, 4));
        let deep: String = (0..30)
            .map(|d| format!("{}- x\n", "  ".repeat(d)))
            .collect();
        assert_eq!(depth(&deep).0, 30);
        assert_eq!(depth(&"> ".repeat(100)), (0, 0));
        assert_eq!(depth("> - *a*\n\n- *b*"), (1, 2));
    }

    #[test]
    fn a_link_to_an_address_without_its_scheme_is_found() {
        let source = "Se [webben](www.hfs.se) och [oss](hfs.se), [mejla](info@hfs.se).";
        assert_eq!(
            link_printed_as_written(source),
            Some((
                "hfs.se".to_string(),
                source.find("[oss]").unwrap()..source.find(", [mejla]").unwrap()
            ))
        );
        for fine in [
            "[a](https://hfs.se) [b](mailto:info@hfs.se) [c](www.hfs.se) <info@hfs.se>",
            "Ingen länk.",
        ] {
            assert_eq!(link_printed_as_written(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn a_line_below_an_item_not_indented_under_it_is_found_joined_to_it() {
        let source = "Inklistrat:\n- ett\n- två\nEfter listan.\n";
        assert_eq!(line_joined_to_an_item(source), source.find("Efter"));
        // Markdown takes '-' and a tab for a list's item too.
        let tabbed = "Tabbat:\n-\tett\n-\ttvå\n*Efter* listan.\n";
        assert_eq!(line_joined_to_an_item(tabbed), tabbed.find("*Efter"));
        // Less indented than a nested item's text; below a line ended by
        // two spaces or a backslash (a line break, not a space).
        let nested = "- tobak\n  - cigaretter\n  Efter.\n";
        assert_eq!(line_joined_to_an_item(nested), nested.find("Efter"));
        for hard in ["- ett\n- två  \nEfter.\n", "- ett\n- två\\\nEfter.\n"] {
            assert_eq!(line_joined_to_an_item(hard), hard.find("Efter"), "{hard:?}");
        }
        // Indented under the item's text, it belongs there; after an
        // empty line it is a paragraph of its own.
        for fine in [
            "- ett\n\tfortsätter\n",
            "1. ett\n   fortsätter\n",
            "- tobak\n  - cigaretter\n    fler\n",
            "- ett\n  fortsätter\n",
            "- ett\n- två\n\nEfter listan.\n",
            "Rad ett\nrad två\n",
            "- ett\n- två\n",
        ] {
            assert_eq!(line_joined_to_an_item(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn plain_text_is_what_a_reader_sees() {
        assert_eq!(
            plain_text("Workshop om *behovsstyrning* med [standards](https://www.hph.se).\nNy rad"),
            "Workshop om behovsstyrning med standards. Ny rad "
        );
        assert_eq!(plain_text("- ett\n- två"), "ett två ");
    }
    use crate::render::fit::{ActionColumn, Place};

    #[test]
    fn a_narrow_column_leaves_out_the_zero_width_spaces_of_the_text() {
        // It places its own break opportunities; elsewhere a typed one is
        // one.
        let column = Column::new(Place::Action(ActionColumn::FollowUp), "sv");
        assert_eq!(
            to_typst_in_column("**fet\u{200b}text** och mer", column),
            "#strong[fettext] och mer"
        );
        assert!(to_typst("**fet\u{200b}text**").contains("#box()"));
    }

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
        // A list numbered `1)` keeps its parenthesis.
        assert_eq!(
            to_typst("1) ett\n2) två\n"),
            "#enum(start: 1, numbering: \"1)\", [ett], [två], )"
        );
        assert_eq!(
            to_typst("[HPH](https://www.hphnet.org)"),
            "#link(\"https://www.hphnet.org\")[HPH]"
        );
        // Without its scheme, as people write a web address.
        assert_eq!(
            to_typst("[Se webben](www.hfs.se) [x](hfs.se)"),
            "#link(\"https://www.hfs.se\")[Se webben] \\[x\\]\\(hfs\\.se\\)"
        );
        // An address pasted from a web page may hold the invisible marks
        // where the page let it wrap; the link leads where it shows.
        assert_eq!(
            to_typst(
                "[länk](\u{200b}https://exempel.se/\u{200b}halso\u{ad}fram\u{feff}man\u{2028}de)"
            ),
            "#link(\"https://exempel.se/halsoframmande\")[länk]"
        );
        // A PDF's link holds ASCII only.
        assert_eq!(
            to_typst("[vård](https://hälsa.se/vård) [x](https://ex.se/å b) [y](mailto:åsa@ex.se)"),
            "#link(\"https://xn--hlsa-loa.se/v%C3%A5rd\")[vård] \\[x\\]\\(https\\:\\/\\/ex\\.se\\/å b\\) #link(\"mailto:%C3%A5sa@ex.se\")[y]"
        );
        assert_eq!(
            to_typst("[fel](https://exa\u{e5}mple\u{2009}.se)"),
            "#link(\"https://exa%C3%A5mple%E2%80%89.se\")[fel]"
        );
        // Nor a space, which no address has.
        assert_eq!(
            to_typst("[a](<https://ex.se/vård och omsorg>) [b](<https://ex a.se>)"),
            "#link(\"https://ex.se/v%C3%A5rd%20och%20omsorg\")[a] #link(\"https://ex%20a.se\")[b]"
        );
        // A link without text, or with blank text, shows its address; a
        // mail address without its scheme, as an autolink shows it.
        assert_eq!(
            to_typst("[ ](https://hfs.se) [\u{a0}](mailto:anna@hfs.se)"),
            "#link(\"https://hfs.se\")[https\\:\\/\\/hfs\\.se] \
             #link(\"mailto:anna@hfs.se\")[anna\\@hfs\\.se]"
        );
        assert_eq!(
            to_typst("[\\\n](https://hfs.se) [](mailto:?subject=Hej)"),
            "#link(\"https://hfs.se\")[https\\:\\/\\/hfs\\.se] \
             #link(\"mailto:?subject=Hej\")[mailto\\:\\?subject\\=Hej]"
        );
        assert_eq!(
            to_typst("[\n](MAILTO:bo@hfs.se?subject=Hej)"),
            "#link(\"MAILTO:bo@hfs.se?subject=Hej\")[bo\\@hfs\\.se]"
        );
        // A link without text shows its address.
        assert_eq!(
            to_typst("Se [](https://hfs.se/om) och [](www.hfs.se)."),
            "Se #link(\"https://hfs.se/om\")[https\\:\\/\\/hfs\\.se\\/om] och \
             #link(\"https://www.hfs.se\")[www\\.hfs\\.se]\\."
        );
        // A mail autolink leads to its address, and shows it.
        assert_eq!(
            to_typst("Skriv till <anna@hfs.se>."),
            "Skriv till #link(\"mailto:anna@hfs.se\")[anna\\@hfs\\.se]\\."
        );
    }

    #[test]
    fn prints_everything_else_as_written() {
        assert_eq!(to_typst("# Rubrik"), "\\# Rubrik");
        assert_eq!(
            to_typst("5 * 3 = 15 #tag $x$"),
            "5 \\* 3 \\= 15 \\#tag \\$x\\$"
        );
        // No link: the characters written.
        assert_eq!(
            to_typst("[x](file:///etc/passwd)"),
            "\\[x\\]\\(file\\:\\/\\/\\/etc\\/passwd\\)"
        );
        // A definition's line is text; a ']:' in a link's address is not one.
        assert_eq!(
            to_typst("[1]: https://hfs.se"),
            "\\[1\\]\\: https\\:\\/\\/hfs\\.se"
        );
        assert_eq!(to_typst("- [1]: x"), "#list([\\[1\\]\\: x], )");
        assert!(
            to_typst("[lokal](http://[::1]:8080/sida)")
                .starts_with("#link(\"http://[::1]:8080/sida\")[lokal]"),
            "{}",
            to_typst("[lokal](http://[::1]:8080/sida)")
        );
        assert_eq!(to_typst("a <b> c"), "a \\<b\\> c");
    }

    #[test]
    fn measures_a_run_whole_through_emphasis_and_links() {
        // Each text node of `WMWMWMWMW*…*` alone is too narrow to get a break
        // opportunity, but the run they print is wider than a column.
        let part = "WMWMWMWMW";
        let run = format!("{part}*{part}*[{part}](https://hfs.se){part}");
        let typst = to_typst(&run);
        // As many as the run gets written plainly.
        let plain = crate::render::fit::with_breaks_in_long_words(&part.repeat(4)).into_owned();
        assert!(plain.contains('\u{200b}'));
        // Written as empty boxes (see `escape::BREAK_MARKUP`).
        let boxes = crate::render::escape::BREAK_MARKUP;
        assert_eq!(
            typst.matches(boxes).count(),
            plain.matches('\u{200b}').count(),
            "{typst}"
        );
        let (open, close) = crate::render::escape::UNHYPHENATED;
        let unhyphenated = |text: &str| format!("{open}{text}{close}");
        assert_eq!(
            typst.replace(boxes, ""),
            format!(
                "{0}#emph[{0}]#link(\"https://hfs.se\")[{0}]{0}",
                unhyphenated(part)
            )
        );
        // A new paragraph or list item ends a run.
        let typst = to_typst(&format!("{part}{part}\n\n{part}{part}\n\n- {part}{part}"));
        assert!(!typst.contains(boxes), "{typst}");
    }
}
