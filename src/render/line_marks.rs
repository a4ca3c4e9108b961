//! The line marks: each generated line ends with a Typst comment naming the
//! template line it came from, so that a Typst error can be traced back.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use super::template_tags::{Tag, TagKind, template_tags};

/// The prefix of the comment that ends each generated line with the
/// template line it came from.
pub const LINE_MARK: &str = "// hfs-template: ";

/// A line mark as written after [`LINE_MARK`]: `<NAME:LINE>`, and for the
/// line a text spread over lines ends on, `<NAME:LINE (from FIRST)>`. The
/// brackets end it, whatever text a tag joins to it (`<t.j2:3>45`).
pub struct LineMark<'a> {
    pub template: &'a str,
    pub line: usize,
    /// The template line the text began on.
    pub from: Option<usize>,
}

impl<'a> LineMark<'a> {
    /// Reads a mark (the text after [`LINE_MARK`]).
    pub fn read(mark: &'a str) -> Option<Self> {
        let inside = mark.strip_prefix('<')?;
        let inside = &inside[..inside.find('>')?];
        let (place, from) = match inside.split_once(" (from ") {
            Some((place, from)) => (place, Some(from.strip_suffix(')')?.parse().ok()?)),
            None => (inside, None),
        };
        let (template, line) = place.rsplit_once(':')?;
        Some(Self {
            template,
            line: line.parse().ok()?,
            from,
        })
    }
}

/// Ends every line of a template with a Typst comment naming the template
/// and the line (`// hfs-template: <verksamhetsplan.typ.j2:42>`), so that a
/// Typst error in a generated document can be traced to the template line
/// that wrote it, and a reader of `--emit typst` sources sees where each
/// line comes from. Lines inside a template tag or comment that spans
/// several lines are left alone, and so are lines that end inside a Typst
/// string or raw text (`#let address = "Box 123` before `123 45 Staden"`),
/// where the mark would be printed.
pub(super) fn mark_lines(name: &str, text: &str) -> String {
    let tags = template_tags(text);
    let in_text = lines_ending_in_typst_text(text, &tags);
    let mut tags = tags.iter().peekable();
    // The last tag that starts on a line read so far: tags do not overlap,
    // so a line ends inside a tag only if it ends inside this one.
    let mut last_tag: Option<&Tag> = None;
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    // Inside a macro, a call block or a set block: its output lands where
    // it is used (in the middle of a line), or is a value a template
    // computes with; a mark would change both.
    let mut capturing = 0usize;
    // The first line of a text spread over lines, which the mark of the
    // line it ends on names too (`verksamhetsplan.typ.j2:34 (from 32)`):
    // an error inside it is counted back from there, where the lines
    // written are the template's, one for one.
    let mut text_from: Option<usize> = None;
    let mut line_start = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if in_text.contains(&index) {
            text_from.get_or_insert(index + 1);
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let (mut opens, mut closes) = (0, 0);
        while let Some(tag) = tags.next_if(|tag| tag.range.start < line_start + body.len()) {
            match Block::of(tag) {
                Some(Block::Opens) => opens += 1,
                Some(Block::Closes) => closes += 1,
                None => {}
            }
            last_tag = Some(tag);
        }
        let captured = capturing > 0 || opens > 0;
        capturing += opens;
        let trimmed = body.trim_end();
        // (One not closed runs to the text's end, also where that is the
        // end of this line: a mark there would be read as its inside.)
        let in_a_tag =
            last_tag.is_some_and(|tag| !tag.closed || tag.range.end > line_start + body.len());
        let joins_next = last_tag
            .is_some_and(|tag| tag.trims_after && tag.range.end == line_start + trimmed.len());
        out.push_str(body);
        if !in_a_tag && !captured && !joins_next && !trimmed.is_empty() && !in_text.contains(&index)
        {
            let from = text_from
                .take()
                .map(|from| format!(" (from {from})"))
                .unwrap_or_default();
            out.push_str(&format!(" {LINE_MARK}<{name}:{}{from}>", index + 1));
        }
        out.push_str(&line[body.len()..]);
        capturing = capturing.saturating_sub(closes);
        line_start += line.len();
    }
    out
}

/// A tag that opens or closes a block whose output is kept aside:
/// `macro`, `call`, `filter`, and `set` without `=`.
enum Block {
    Opens,
    Closes,
}

impl Block {
    /// Whether `tag` opens or closes a block whose output is kept aside
    /// (`None` for any other tag).
    fn of(tag: &Tag) -> Option<Self> {
        if tag.kind != TagKind::Statement {
            return None;
        }
        match tag.word() {
            "macro" | "call" | "filter" => Some(Self::Opens),
            "set" if !tag.inner.contains('=') => Some(Self::Opens),
            "endmacro" | "endcall" | "endfilter" | "endset" => Some(Self::Closes),
            _ => None,
        }
    }
}

/// Generated Typst without the line marks that would print or swallow
/// text: one with text after it on its line (a tag took the line break
/// away: the text would be part of the comment) and, where `in_texts`,
/// one inside a string or raw text (read as Typst reads the file).
pub(super) fn without_stray_marks(text: String, in_texts: bool) -> String {
    let marks = marks_in(&text);
    if marks.is_empty() {
        return text;
    }
    let followed = |mark: &Range<usize>| {
        let line = text[mark.end..].split('\n').next().unwrap_or_default();
        !line.trim().is_empty()
    };
    let mut spans = Vec::new();
    if in_texts {
        typst_texts(&typst::syntax::parse(&text), 0, &mut spans);
    }
    let inside = |mark: &Range<usize>| {
        spans
            .iter()
            .any(|span: &Range<usize>| span.start < mark.start && mark.end <= span.end)
    };
    let cuts: Vec<Range<usize>> = marks
        .into_iter()
        .filter(|mark| followed(mark) || inside(mark))
        .collect();
    match without(&text, &cuts) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

/// `text` without the line marks in it: what a filter takes (a block set
/// aside that includes a template, whose lines are marked) is text, not
/// lines of a template.
pub(super) fn without_marks(text: &str) -> Cow<'_, str> {
    without(text, &marks_in(text))
}

/// Where the line marks in `text` are, each with the space before it, in
/// any letter case (`{% filter upper %}` writes them so).
fn marks_in(text: &str) -> Vec<Range<usize>> {
    mark_starts(text)
        .filter_map(|at| {
            let end = at + LINE_MARK.len() + mark_len(&text[at + LINE_MARK.len()..])?;
            let start = if text[..at].ends_with(' ') {
                at - 1
            } else {
                at
            };
            Some(start..end)
        })
        .collect()
}

/// Where [`LINE_MARK`] starts in `text`, in any letter case, one after
/// another as `match_indices` finds them. Every value a filter takes is
/// searched: the text is not copied in lower case for it, and a text
/// without a `/` (most) is passed over in one scan.
fn mark_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text[from..].find('/') {
            let at = from + found;
            let is_mark = text.as_bytes()[at..]
                .get(..LINE_MARK.len())
                .is_some_and(|bytes| bytes.eq_ignore_ascii_case(LINE_MARK.as_bytes()));
            // The mark is ASCII, so what matched it is too: `from` stays
            // at a character's start.
            if is_mark {
                from = at + LINE_MARK.len();
                return Some(at);
            }
            from = at + 1;
        }
        None
    })
}

/// `text` without the ranges `cuts` (in order, apart).
fn without<'a>(text: &'a str, cuts: &[Range<usize>]) -> Cow<'a, str> {
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for cut in cuts {
        out.push_str(&text[at..cut.start]);
        at = cut.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The length of a mark's `<NAME:LINE>` at the start of `text`, the text
/// after [`LINE_MARK`]. Not where another mark starts before its `>`: what
/// stands there is text of the template's own that looks like a mark
/// (`// hfs-template: <` in a string), and the mark is the one after it.
fn mark_len(text: &str) -> Option<usize> {
    let line = text.split('\n').next()?;
    let len = line
        .starts_with('<')
        .then(|| line.find('>').map(|end| end + 1))??;
    mark_starts(&text[..len]).next().is_none().then_some(len)
}

/// The lines (counted from 0) of a template whose end lies inside a Typst
/// string or raw text, as Typst reads the template with its tags (`{{ }}`,
/// `{% %}`, `{# #}`) blanked out. What the tags write cannot open such a
/// text: every value is escaped, and `code` writes whole literals. Read
/// twice: with every `{% if %}` as written, which Typst reads as its
/// branches one after the other, and with only each one's last branch, so
/// that a string that each branch opens is seen in both.
fn lines_ending_in_typst_text(text: &str, tags: &[Tag]) -> BTreeSet<usize> {
    let blanked = without_template_tags(text, tags);
    let mut lines = BTreeSet::new();
    let mut last_branches = blanked.clone().into_bytes();
    // Line breaks too, or `#let s =` would end at the first branch's:
    // the offsets, which the lines are found by, stay those of the text.
    for range in branches_before_the_last(tags) {
        last_branches[range].fill(b' ');
    }
    // (Whole branches became spaces: still UTF-8.)
    let last_branches = String::from_utf8(last_branches).unwrap_or_default();
    for reading in [&blanked, &last_branches] {
        let mut spans = Vec::new();
        typst_texts(&typst::syntax::parse(reading), 0, &mut spans);
        let mut spans = spans.into_iter().peekable();
        for (line, (at, _)) in text.match_indices('\n').enumerate() {
            while spans.next_if(|span| span.end <= at).is_some() {}
            if spans.peek().is_some_and(|span| span.start < at) {
                lines.insert(line);
            }
        }
    }
    lines
}

/// The byte ranges of the branches of a template's `{% if %}`s but the
/// last of each (tags included), nested ones too.
fn branches_before_the_last(tags: &[Tag]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // Each open `if`: where its current branch began.
    let mut open: Vec<usize> = Vec::new();
    for tag in tags.iter().filter(|tag| tag.kind == TagKind::Statement) {
        let start = tag.range.start;
        match tag.word() {
            "if" => open.push(start),
            "elif" | "else" => {
                if let Some(branch) = open.last_mut() {
                    ranges.push(*branch..start);
                    *branch = start;
                }
            }
            "endif" => {
                open.pop();
            }
            _ => {}
        }
    }
    ranges
}

/// The byte ranges of the strings and raw texts in a parsed Typst file,
/// in order.
fn typst_texts(node: &typst::syntax::SyntaxNode, start: usize, spans: &mut Vec<Range<usize>>) {
    use typst::syntax::SyntaxKind;
    if matches!(node.kind(), SyntaxKind::Str | SyntaxKind::Raw) {
        spans.push(start..start + node.len());
        return;
    }
    let mut at = start;
    for child in node.children() {
        typst_texts(child, at, spans);
        at += child.len();
    }
}

/// A template's text with each of its tags replaced by as many bytes (line
/// breaks kept), so that Typst reads it in the same places: a value's by
/// `x`, a statement's or comment's by spaces. (Where each branch of an
/// `{% if %}` opens a string of its own, Typst reads them one after the
/// other, and the second as markup.)
fn without_template_tags(text: &str, tags: &[Tag]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for tag in tags {
        out.push_str(&text[at..tag.range.start]);
        // A value is read as a word; a statement or comment writes
        // nothing, and a word there would make the quote after it
        // (`{% if a %}"Box 123`) a quote of markup, not a string's start.
        let fill = if tag.kind == TagKind::Value { 'x' } else { ' ' };
        for c in text[tag.range.clone()].chars() {
            match c {
                '\n' => out.push('\n'),
                c => out.extend(std::iter::repeat_n(fill, c.len_utf8())),
            }
        }
        at = tag.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_lines_but_not_macros_open_tags_or_joined_lines() {
        let template =
            "a {{ x }}\n{% macro m() -%}\nin macro\n{%- endmacro %}\n{#- comment\nstill -#}\nb\n";
        let marked = mark_lines("t.j2", template);
        assert_eq!(
            marked,
            "a {{ x }} // hfs-template: <t.j2:1>\n{% macro m() -%}\nin macro\n{%- endmacro %}\n{#- comment\nstill -#}\nb // hfs-template: <t.j2:7>\n"
        );
    }

    #[test]
    fn a_tag_whose_open_and_close_overlap_is_no_panic() {
        // `{%}` in raw text is valid minijinja; the scanners once looked
        // for its close from its open and cut `[start + 2..start + 1]`.
        let template = "{% raw %}{%}{% endraw %}\na {% if x %}{%}{% endif %}\n";
        let marked = mark_lines("t.j2", template);
        assert_eq!(
            marked,
            "{% raw %}{%}{% endraw %} // hfs-template: <t.j2:1>\na {% if x %}{%}{% endif %} // hfs-template: <t.j2:2>\n"
        );
    }

    #[test]
    fn marks_no_line_that_ends_inside_a_typst_string_or_raw_text() {
        let template = "#let a = \"Box {{ box }}\n123 45\"\n`kod\nmer` och `{{ x }}`\n\
                        ```\nrad\n```\n#f(\"{{ \"}\" }}\")\n#let b = {% if a %}\"c\nd\"{% endif %}\n";
        assert_eq!(
            mark_lines("t.j2", template),
            "#let a = \"Box {{ box }}\n123 45\" // hfs-template: <t.j2:2 (from 1)>\n`kod\n\
             mer` och `{{ x }}` // hfs-template: <t.j2:4 (from 3)>\n```\nrad\n``` // \
             hfs-template: <t.j2:7 (from 5)>\n#f(\"{{ \"}\" }}\") // hfs-template: <t.j2:8>\n\
             #let b = {% if a %}\"c\nd\"{% endif %} // hfs-template: <t.j2:10 (from 9)>\n"
        );
    }

    #[test]
    fn a_mark_that_ends_up_in_a_string_is_taken_out() {
        let typst =
            "#let s = \"c // hfs-template: <t.j2:3 (from 2)>\nd\" // hfs-template: <t.j2:4>\n\
                     ```\nrad // hfs-template: <t.j2:6>\n```\n"
                .to_string();
        assert_eq!(
            without_stray_marks(typst, true),
            "#let s = \"c\nd\" // hfs-template: <t.j2:4>\n```\nrad\n```\n"
        );
    }

    #[test]
    fn marks_no_line_of_a_block_whose_output_is_kept_aside() {
        let template = "{%macro m() %}\nin macro\n{% endmacro %}\n{% set x %}\nhello\n{%- endset %}\n\
                        {% set y = 1 %}\nSay {{ x }} now.\n";
        assert_eq!(
            mark_lines("t.j2", template),
            "{%macro m() %}\nin macro\n{% endmacro %}\n{% set x %}\nhello\n{%- endset %}\n\
             {% set y = 1 %} // hfs-template: <t.j2:7>\nSay {{ x }} now. // hfs-template: <t.j2:8>\n"
        );
    }

    #[test]
    fn a_set_tag_in_a_comment_or_raw_block_keeps_no_block_open() {
        let template = "{# tip: {% set x %} #}\nEtt\n{% raw %}{% set y %}{% endraw %}\nTvå\n\
                        {#\n{% macro m() %}\n#}\nTre\n";
        let marked = mark_lines("t.j2", template);
        for line in [
            "Ett // hfs-template: <t.j2:2>",
            "Två // hfs-template: <t.j2:4>",
            "Tre // hfs-template: <t.j2:8>",
        ] {
            assert!(marked.contains(line), "{marked}");
        }
    }

    #[test]
    fn a_mark_with_text_after_it_on_its_line_is_taken_out() {
        // A tag took the line break away: the text would be the comment's.
        let typst = "Next // hfs-template: <t.j2:7> X // hfs-template: <t.j2:9>\nY\n".to_string();
        assert_eq!(
            without_stray_marks(typst, false),
            "Next X // hfs-template: <t.j2:9>\nY\n"
        );
        // Digits joined to it are not its line's; `{% filter upper %}`
        // writes it in capitals.
        let typst = "Y: 2024 // hfs-template: <t.j2:3>2024 END\n\
                     A // HFS-TEMPLATE: <P:12.TYP.J2:1> after\n"
            .to_string();
        assert_eq!(
            without_stray_marks(typst, false),
            "Y: 20242024 END\nA after\n"
        );
        // A mark inside a string ends where its line does, or at the quote.
        let typst = "#let s = \"hello // hfs-template: <t.j2:3> tail\"\n".to_string();
        assert_eq!(
            without_stray_marks(typst, true),
            "#let s = \"hello tail\"\n"
        );
    }

    #[test]
    fn marks_are_found_in_any_letter_case_as_a_search_of_the_text_in_lower_case_finds_them() {
        for text in [
            "",
            "/",
            "a // hfs-template: <t.j2:1>",
            "/// hfs-template: <t.j2:1>",
            "//// HFS-Template: // hfs-template: <t.j2:2>",
            "https://example.se/ö/å // Hfs-Template: <ä.j2:3>\n// hfs-template:",
            "// hfs-template",
            "ä/€// hfs-template: // hfs-template: x",
        ] {
            let lower = text.to_ascii_lowercase();
            let searched: Vec<usize> = lower.match_indices(LINE_MARK).map(|(at, _)| at).collect();
            assert_eq!(mark_starts(text).collect::<Vec<_>>(), searched, "{text:?}");
        }
    }

    proptest::proptest! {
        /// Texts made of the mark's own letters in both cases, slashes,
        /// spaces and letters beyond ASCII, in any order.
        #[test]
        fn marks_are_found_as_in_a_lower_case_copy_of_any_text(
            text in "(// hfs-template: |// HFS-Template: |/|-|:|[ hfstemplaHFSTEMPLA]|ö|€|\\n){0,24}",
        ) {
            let lower = text.to_ascii_lowercase();
            let searched: Vec<usize> = lower.match_indices(LINE_MARK).map(|(at, _)| at).collect();
            proptest::prop_assert_eq!(mark_starts(&text).collect::<Vec<_>>(), searched);
        }
    }

    #[test]
    fn a_filter_takes_text_without_marks() {
        assert_eq!(
            without_marks("Box 1 // hfs-template: <part.typ.j2:1>\nStad // HFS-TEMPLATE: <P.J2:2>"),
            "Box 1\nStad"
        );
    }

    #[test]
    fn a_marks_text_written_by_the_template_itself_is_no_mark() {
        // The template's own text runs into the mark written after it (a
        // tag took the line break between them): only the mark is taken
        // out. (Cutting both, as overlapping ranges, panicked.)
        let marked = "{// hfs-template: < // hfs-template: <t.j2:1>a\n";
        assert_eq!(without_marks(marked), "{// hfs-template: <a\n");
        assert_eq!(
            without_stray_marks(marked.to_string(), true),
            "{// hfs-template: <a\n"
        );
    }

    #[test]
    fn marks_no_line_inside_a_string_that_each_branch_of_an_if_opens() {
        let template = "#let s = {% if a %}\"Box 1\nStad\"{% else %}\"Gata 2\nOrt\"{% endif %}\n";
        assert_eq!(
            mark_lines("t.j2", template),
            "#let s = {% if a %}\"Box 1\nStad\"{% else %}\"Gata 2\nOrt\"{% endif %} // \
             hfs-template: <t.j2:3 (from 1)>\n"
        );
    }

    #[test]
    fn a_tag_in_a_comment_a_string_or_over_two_lines_is_read_as_minijinja_reads_it() {
        // An `endif` in a comment ends no `if`; `{{ "{{" }}` opens no tag
        // that would keep the lines after it unmarked; a macro whose tag
        // spans two lines is a macro.
        let template = "#let s = {% if a %}\"Box 1 {# {% endif %} #}\nStad\"{% else %}\"Gata 2\n\
                        Ort\"{% endif %}\n{{ \"{{\" }}\nNext\n{% macro m(a,\n  b) %}\nin macro\n\
                        {% endmacro %}\nAfter\n";
        assert_eq!(
            mark_lines("t.j2", template),
            "#let s = {% if a %}\"Box 1 {# {% endif %} #}\nStad\"{% else %}\"Gata 2\n\
             Ort\"{% endif %} // hfs-template: <t.j2:3 (from 1)>\n\
             {{ \"{{\" }} // hfs-template: <t.j2:4>\nNext // hfs-template: <t.j2:5>\n\
             {% macro m(a,\n  b) %}\nin macro\n{% endmacro %}\nAfter // hfs-template: <t.j2:10>\n"
        );
    }
}
