//! What keeps text on the page: rows and blocks that may be too tall for a
//! page are marked for measuring, and long runs without white space get
//! break opportunities. (The templates' side is in hfs-style.typ: `kept-block`,
//! `too-tall` and the tables.)

use std::borrow::Cow;

use crate::render::escape;

/// How wide the text of a row or block that is kept on one page is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// A table cell (the narrowest holds some 10 characters a line).
    Cell,
    /// The text's full width (some 55 characters a line even of the widest).
    Full,
}

/// Whether a text in a table row or a block that the templates keep on one
/// page might be too tall for a page. Typst measures such a row or block
/// and lets it break when it does not fit: kept whole, what does not fit
/// would run off the foot of the page and be lost. A shorter text surely
/// fits: in a cell, at most some 36 lines of the widest letters in the
/// narrowest column, where a landscape page has room for 38; at full
/// width, some 37 lines, with room for them and a chart on a portrait page.
/// Its row or block is not measured: measuring costs a second layout, and
/// a year of 300 regions whose every comment was measured took twice as
/// long (BENCHMARKS.md).
pub fn may_not_fit_a_page(text: &str, width: Width) -> bool {
    let (characters, lines) = match width {
        Width::Cell => (250, 8),
        Width::Full => (1200, 15),
    };
    text.chars().count() > characters || text.lines().count() > lines
}

/// Data as Typst markup that prints it: escaped (see [`escape::markup`]),
/// with break opportunities in its long runs (see [`with_breaks_in_long_words`]).
/// The template environment's `{{ }}` and the Markdown converter's text
/// both go through here.
pub fn text_markup(text: &str) -> String {
    escape::markup(&with_breaks_in_long_words(text))
}

/// Free text with a break opportunity (a zero-width space) after every 20
/// characters of any run of more than 40 without white space. Typst breaks
/// a line between words and at hyphenation points only, so a run that long
/// (pasted code or an id, never a Swedish word) would run past its column
/// and off the page. Links in a run (`scheme://…`, `www.…`) are left as
/// they are: Typst breaks links itself, and a mark inside one would change
/// where it leads.
pub fn with_breaks_in_long_words(text: &str) -> Cow<'_, str> {
    const LONG: usize = 40;
    const EVERY: usize = 20;
    let too_long = |(piece, link): &(&str, bool)| !link && piece.chars().count() > LONG;
    // Every value of a template passes here: most are short words.
    let needs_breaks = |word: &str| {
        word.len() > LONG && word.chars().count() > LONG && link_pieces(word).iter().any(too_long)
    };
    if !text.split(char::is_whitespace).any(needs_breaks) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / EVERY * 3);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        for part in link_pieces(word) {
            if !too_long(&part) {
                out.push_str(part.0);
                continue;
            }
            let mut chars = part.0.chars().peekable();
            let mut run = 0;
            while let Some(c) = chars.next() {
                out.push(c);
                // A break opportunity already there (text passed twice) counts.
                run = if c == '\u{200b}' { 0 } else { run + 1 };
                // Never between a letter and a combining mark that belongs to it.
                let fits = chars
                    .peek()
                    .is_some_and(|&n| n != '\u{200b}' && !('\u{300}'..='\u{36f}').contains(&n));
                if run >= EVERY && fits {
                    out.push('\u{200b}');
                    run = 0;
                }
            }
        }
        out.push_str(&piece[word.len()..]);
    }
    Cow::Owned(out)
}

/// A run of text without white space cut into links (`true`) and the rest.
/// A link is what Typst's line breaker takes for one: what follows a `://`
/// if it is a letter (before a digit, Unicode's line-breaking rules allow
/// no break after the `/`, and Typst does not see the link), or the run's
/// `www.` start; it runs on over the characters typst-syntax's lexer takes
/// into links.
fn link_pieces(word: &str) -> Vec<(&str, bool)> {
    let in_link = |c: char| c.is_ascii_alphanumeric() || "!#$%&*+,-./:;=?@_~'[]()".contains(c);
    let link_end = |from: usize| {
        word[from..]
            .find(|c: char| !in_link(c))
            .map_or(word.len(), |i| from + i)
    };
    let mut pieces = Vec::new();
    let mut done = 0;
    if word.starts_with("www.") {
        done = link_end(4);
        pieces.push((&word[..done], true));
    }
    while let Some(colon) = word[done..].find("://").map(|i| done + i) {
        let after = colon + 3;
        if !word[after..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            break;
        }
        // The scheme's letters are text to Typst; the `://` is kept whole
        // with the link, whose detection needs it.
        if colon > done {
            pieces.push((&word[done..colon], false));
        }
        let end = link_end(after);
        pieces.push((&word[colon..end], true));
        done = end;
    }
    if done < word.len() {
        pieces.push((&word[done..], false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_runs_longer_than_40_characters_get_break_opportunities() {
        let word = "Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet";
        assert_eq!(word.chars().count(), 53);
        assert_eq!(
            with_breaks_in_long_words(&format!("Se {word}, tack.")),
            "Se Hälsofrämjandeutveck\u{200b}lingsarbetsgruppsmöt\u{200b}esprotokollet, tack."
        );
        let short = "Sjukvårdsförvaltningsorganisationen och https://www.example.se/a/very/long/path/to/a/page/x";
        assert!(matches!(with_breaks_in_long_words(short), Cow::Borrowed(_)));
        // Glued to a link, the word gets its breaks and the link none.
        let path = "abcdefghij".repeat(5);
        assert_eq!(
            with_breaks_in_long_words(&format!("{word}<https://example.se/{path}>{word}")),
            format!(
                "Hälsofrämjandeutveck\u{200b}lingsarbetsgruppsmöt\u{200b}esprotokollet<\
                 https://example.se/{path}\
                 >Hälsofrämjandeutvec\u{200b}klingsarbetsgruppsmö\u{200b}tesprotokollet"
            )
        );
        assert!(matches!(
            with_breaks_in_long_words(&format!("www.example.se/{path}")),
            Cow::Borrowed(_)
        ));
        // Passed twice (a view, then the template's escaping), it is the same.
        let once = with_breaks_in_long_words(word).into_owned();
        assert_eq!(with_breaks_in_long_words(&once), once);
        // Typst sees no link where a digit follows the `://`.
        assert_eq!(
            with_breaks_in_long_words(&format!("http://1{path}")),
            "http://1abcdefghijab\u{200b}cdefghijabcdefghijab\u{200b}cdefghijabcdefghij"
        );
    }
}
