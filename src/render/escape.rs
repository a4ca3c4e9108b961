//! The one way data reaches Typst: as escaped markup or as a string literal.
//!
//! Typst markup gives meaning to ASCII punctuation only (`#`, `*`, `_`, `=`,
//! `-`, `+`, `/`, `<`, `@`, `$`, `` ` ``, `\`, `~`, `'`, `"`, `.`, `:` in
//! `http://`, …), and a backslash before any character that is not white
//! space makes that character literal. So escaping every ASCII character
//! that is neither alphanumeric nor white space prints any text as itself,
//! without having to track which constructs exist in which Typst version.

/// Whether Typst's markup takes `c` as the end of a line (its own list).
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The lines of `text` as Typst sets them: apart at every line break
/// ([`is_line_break`]; `\r\n` is one), an empty line as a line.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let Some(at) = current.find(is_line_break) else {
            rest = None;
            return Some(current);
        };
        let after = &current[at..];
        let width = if after.starts_with("\r\n") {
            2
        } else {
            after.chars().next().map_or(1, char::len_utf8)
        };
        rest = Some(&after[width..]);
        Some(&current[..at])
    })
}

/// How a break opportunity, a zero-width space (which `fit` puts into long
/// runs, and which a text may hold), is written in markup: an empty box.
/// A line breaks at it as at the character, but it leaves nothing in the
/// PDF's text, so that an address copied from the PDF has nothing hidden
/// in it. The `;` ends the call, whatever follows. (A string literal keeps
/// the character; the style's `breakable` sets it as the same box.)
pub const BREAK_MARKUP: &str = "#box();";

/// Two zero-width spaces in a row: a break opportunity where the
/// characters around it glue to an empty box (see `fit::with_breaks_at`),
/// written as the character itself, where a line may break after it.
pub const GLUED_BREAK: &str = "\u{200b}\u{200b}";

/// What a run without white space that holds break opportunities is
/// written inside: Typst would hyphenate the letters between them
/// (`regionvas-terbotten`, in an address), and a run that has them may
/// break there and nowhere else.
pub const UNHYPHENATED: (&str, &str) = ("#text(hyphenate: false)[", "]");

/// A byte-order mark inside a text (U+FEFF: files joined, text pasted),
/// which Unicode reads there as a zero-width no-break space, goes to Typst
/// as the word joiner (U+2060) that means the same: the PDF/A export
/// refuses U+FEFF in a text ("disallowed codepoint").
fn joiner_for_byte_order_mark(c: char) -> char {
    if c == '\u{feff}' { '\u{2060}' } else { c }
}

/// Escapes text so that Typst markup prints it literally; line breaks are
/// kept, and zero-width spaces become [`BREAK_MARKUP`], each run that has
/// them [`UNHYPHENATED`].
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut rest = text;
    while !rest.is_empty() {
        // A run of white space, or of anything else.
        let white = rest.starts_with(char::is_whitespace);
        let end = rest
            .find(|c: char| c.is_whitespace() != white)
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(end);
        if run.contains('\u{200b}') {
            out.push_str(UNHYPHENATED.0);
            escape_run(run, &mut out);
            out.push_str(UNHYPHENATED.1);
        } else {
            escape_run(run, &mut out);
        }
        rest = after;
    }
    out
}

/// Appends `run`, escaped as [`markup`] says, to `out`.
fn escape_run(run: &str, out: &mut String) {
    let mut chars = run.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_line_break(c) => out.push_str("\\\n"),
            '\u{200b}' if chars.peek() == Some(&'\u{200b}') => {
                chars.next();
                out.push('\u{200b}');
            }
            '\u{200b}' => out.push_str(BREAK_MARKUP),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(joiner_for_byte_order_mark(c)),
        }
    }
}

/// A Typst string literal (with quotes) holding `text` exactly, but for
/// line breaks, which all become `\n`, and tabs, which become spaces.
/// Typst 0.15 prints every line break as one, but after any other than
/// `\n` (`\r`, U+2028, U+2029, ...) a tab or an invisible mark makes the
/// PDF/A export fail; a tab in a string it sets as nothing, so that
/// "Mål\tuppfyllt", pasted from a spreadsheet, printed "Måluppfyllt" (in
/// markup it is white space, a space). A byte-order mark becomes a word
/// joiner, as in [`markup`]: for a file's name, which must stay as it is,
/// see [`path_literal`].
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_line_break(c) => out.push_str("\\n"),
            '\t' => out.push(' '),
            c => push_in_literal(joiner_for_byte_order_mark(c), &mut out),
        }
    }
    out.push('"');
    out
}

/// A Typst string literal holding the name of a file (the logo) exactly,
/// every character as it is in the file's name, line breaks too (macOS
/// names a folder's icon `Icon\r`).
pub fn path_literal(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if is_line_break(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            push_in_literal(c, &mut out);
        }
    }
    out.push('"');
    out
}

/// Appends `c` to a string literal, escaped where a literal needs it.
fn push_in_literal(c: char, out: &mut String) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(markup("#let x = 1"), "\\#let x \\= 1");
        assert_eq!(markup("a*b*_c_"), "a\\*b\\*\\_c\\_");
        assert_eq!(markup("åäö 45,5 %"), "åäö 45\\,5 \\%");
        assert_eq!(markup("rad 1\r\nrad 2"), "rad 1\\\nrad 2");
        assert_eq!(
            markup("Se a.\u{200b}(b) nu"),
            "Se #text(hyphenate: false)[a\\.#box();\\(b\\)] nu"
        );
    }

    #[test]
    fn a_byte_order_mark_goes_to_typst_as_a_word_joiner() {
        assert_eq!(markup("a\u{feff}b"), "a\u{2060}b");
        assert_eq!(string_literal("a\u{feff}b"), "\"a\u{2060}b\"");
        // But in a file's name, which must stay as it is.
        assert_eq!(
            path_literal("lo\u{feff}go \"1\".svg"),
            "\"lo\u{feff}go \\\"1\\\".svg\""
        );
        // Line breaks too.
        assert_eq!(
            path_literal("Icon\r\u{2028}.svg"),
            "\"Icon\\u{d}\\u{2028}.svg\""
        );
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(
            string_literal("a \"b\" \\ c\n"),
            "\"a \\\"b\\\" \\\\ c\\n\""
        );
    }

    #[test]
    fn string_literals_make_every_line_break_a_newline() {
        assert_eq!(
            string_literal("a\r\nb\rc\u{2028}d\u{2029}e\u{b}f\u{85}g"),
            "\"a\\nb\\nc\\nd\\ne\\nf\\ng\""
        );
        assert_eq!(string_literal("a\u{7}\tb"), "\"a\\u{7} b\"");
    }
    #[test]
    fn lines_end_at_every_line_break_and_an_empty_line_counts() {
        let split: Vec<&str> = lines("a\r\nb\n\nc\u{2028}d\u{b}").collect();
        assert_eq!(split, ["a", "b", "", "c", "d", ""]);
        assert_eq!(lines("").count(), 1);
    }
}
