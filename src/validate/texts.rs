//! The plan's texts: printable, of a length the documents hold, one-line
//! fields on one line, none cut short by a comment, and Markdown that
//! prints as its writer meant.

use crate::diag::{Diagnostic, Pos};
use crate::load::locate::YamlPath;
use crate::load::printable::{
    LOST_LETTER, LOST_LETTER_SAID, describe_unprintable, first_unprintable, for_message, is_blank,
};
use crate::model::{MAX_TEXT_CHARS, Plan};
use crate::render::escape::is_line_break;

use super::Checker;
use super::fields::{line_fields, prose_fields, short_names};

/// The longest name printed where room is short (`short_names`): in the
/// running header, some three lines of its small type; in the organisation
/// chart, with every box's name as long, the chart still fits a page.
pub const MAX_NAME: usize = 200;

/// How deeply the Markdown of a prose field may nest lists inside lists.
/// Real plans nest two or three; Typst's parser gives up somewhere past 24,
/// so a limit well below that keeps a pasted oddity a data error with a
/// line number instead of a typesetting failure in generated code.
pub const MAX_LIST_DEPTH: usize = 12;

/// How deeply the Markdown of a prose field may nest lists, emphasis and
/// links altogether.
pub const MAX_MARKDOWN_DEPTH: usize = 32;

impl Checker<'_> {
    /// Every text of the plan holds only characters the documents can print.
    pub(super) fn printable(&mut self, texts: &[(YamlPath, &str)]) {
        for (path, text) in texts {
            if text.contains(LOST_LETTER) {
                let (what, hint) = LOST_LETTER_SAID;
                let pos = self.char_position(path, LOST_LETTER);
                let message = format!("key '{path}' holds {what}");
                self.report(
                    path,
                    Diagnostic::error(self.path(), pos, message).with_hint(hint),
                );
                continue;
            }
            // Named only where one is found: most texts have none, and
            // one scan of a text tells.
            let Some((_, c)) = first_unprintable(text) else {
                continue;
            };
            let Some(found) = describe_unprintable(text) else {
                continue;
            };
            let pos = self.char_position(path, c);
            self.report(
                path,
                Diagnostic::error(
                    self.path(),
                    pos,
                    format!("key '{path}' holds {found}, which the documents' fonts cannot print"),
                )
                .with_hint("remove the character or replace it with one the fonts have"),
            );
        }
    }

    /// No text is longer than [`MAX_TEXT_CHARS`].
    pub(super) fn lengths(&mut self, texts: &[(YamlPath, &str)]) {
        let names: Vec<YamlPath> = short_names(&self.file.plan)
            .into_iter()
            .map(|(path, ..)| path)
            .collect();
        for (path, text) in texts {
            let length = text.chars().count();
            // A name has its own, shorter limit (`MAX_NAME`).
            if length > MAX_TEXT_CHARS && !names.contains(path) {
                self.error_at_with_hint(
                    path,
                    format!(
                        "key '{path}' is {length} characters long, expected at most \
                         {MAX_TEXT_CHARS} (some 8 pages)"
                    ),
                    "shorten the text; a longer one is a document of its own, which the plan can name",
                );
            }
        }
    }

    /// An empty text at `path`: the hint for a key's value, or for a list item's.
    fn empty_text(&mut self, path: &YamlPath, for_key: &str, for_item: &str) {
        let hint = if path.last_key().is_some() {
            for_key
        } else {
            for_item
        };
        self.error_at_with_hint(
            path,
            format!("key '{path}' is empty, expected a text"),
            hint,
        );
    }

    /// Every one-line field holds a text, on one line: a heading or a table
    /// of contents entry ends at a line break, and an empty heading is
    /// refused by the PDF/UA export.
    pub(super) fn line_fields(&mut self, plan: &Plan) {
        for (path, line) in line_fields(plan) {
            if is_blank(line) {
                self.empty_text(
                    &path,
                    "write the value after the ':'",
                    "write the value after the '- '",
                );
            } else if line.contains(is_line_break) {
                self.error_at_with_hint(
                    &path,
                    format!("key '{path}' holds a line break, expected one line of text"),
                    "write the value on one line, or on indented lines without a '|' before \
                     them: YAML joins those with spaces",
                );
            }
        }
        // The running header has the room of the top margin: a name of some
        // five lines would reach past the page's top edge. The organisation
        // chart is kept on one page: what does not fit would be cut off.
        for (path, name, printed) in short_names(plan) {
            let length = name_length(name);
            if length > MAX_NAME {
                self.error_at_with_hint(
                    &path,
                    format!(
                        "key '{path}' is {length} characters long, expected at most {MAX_NAME} \
                         ({printed})"
                    ),
                    "shorten the name",
                );
            }
        }
    }

    /// No printed text is cut short by a comment: in a value written
    /// without quotes, YAML reads ` #` and what follows as a comment,
    /// which `#` written as part of the text ("vecka 12 # preliminärt")
    /// would leave out of the document without a word. A comment after
    /// another value (`status: draft # fastställs i april`) is fine.
    pub(super) fn comments_in_texts(&mut self, plan: &Plan) {
        let paths = prose_fields(plan)
            .into_iter()
            .map(|(path, _)| path)
            .chain(line_fields(plan).into_iter().map(|(path, _)| path));
        for path in paths {
            let Some(pos) = self.file.locations.comment_after(&path, &self.file.text) else {
                continue;
            };
            self.report(
                &path,
                Diagnostic::error(
                    &self.file.path,
                    Some(pos),
                    format!(
                        "key '{path}' ends where a comment starts: YAML reads ' #' and what \
                         follows as a comment, which is not printed (expected the whole text \
                         as its value)"
                    ),
                )
                .with_hint(
                    "put the text in quotes to keep the '#' in it, or write the comment on a \
                     line of its own",
                ),
            );
        }
    }

    /// Every prose field holds a text (an empty one would leave a heading
    /// over nothing, or an empty cell or bullet), nests its Markdown no
    /// deeper than Typst can follow, and prints as its writer meant: a
    /// warning where it would not (a pasted list, a link without its
    /// scheme, a line continuing a list item).
    pub(super) fn markdown_fields(&mut self, plan: &Plan) {
        for (path, text) in prose_fields(plan) {
            if is_blank(&text.0) {
                self.empty_text(
                    &path,
                    "write the text after the ':', or after '|' on the lines below",
                    "write the text after the '- ', or remove the empty item",
                );
                continue;
            }
            self.nesting(&path, &text.0);
            self.pasted_list(&path, &text.0);
            self.link_printed_as_written(&path, &text.0);
            self.line_joined_to_an_item(&path, &text.0);
        }
    }

    /// The text at `path` nests lists, and lists, emphasis and links, no
    /// deeper than Typst can follow.
    fn nesting(&mut self, path: &YamlPath, text: &str) {
        let (lists, all) = crate::render::markdown::depth(text);
        if lists > MAX_LIST_DEPTH {
            self.error_at(
                path,
                format!(
                    "key '{path}' has lists inside lists {lists} levels deep (at most {MAX_LIST_DEPTH})"
                ),
            );
        } else if all > MAX_MARKDOWN_DEPTH {
            self.error_at(
                path,
                format!("key '{path}' has lists, emphasis and links inside each other {all} levels deep (at most {MAX_MARKDOWN_DEPTH})"),
            );
        }
    }

    /// A warning where the text at `path` holds a list pasted from a word
    /// processor, which prints as one paragraph (see `pasted_bullet`).
    fn pasted_list(&mut self, path: &YamlPath, text: &str) {
        let Some((pos, bullet)) = self.pasted_bullet(path, text) else {
            return;
        };
        let diagnostic = Diagnostic::warning(
            &self.file.path,
            Some(pos),
            format!(
                "the line that starts with '{bullet}' is joined to the line above it \
                 into one paragraph, as every line of a text is (a list pasted from a \
                 word processor prints as one line)"
            ),
        )
        .with_hint(
            "for a list, write the text after '|' and start each item with '- ' in \
             place of the bullet, after an empty line",
        );
        self.push_unless_about_a_stand_in(path, diagnostic);
    }

    /// A warning where a link of the text at `path` has an address a PDF
    /// cannot follow, so that it prints as written, brackets and all.
    fn link_printed_as_written(&mut self, path: &YamlPath, text: &str) {
        let Some((address, link)) = crate::render::markdown::link_printed_as_written(text) else {
            return;
        };
        let pos = self.written_at(path, text, link);
        let shown = for_message(&address);
        let diagnostic = Diagnostic::warning(
            &self.file.path,
            pos,
            format!(
                "the link to '{shown}' prints as written, brackets and all: a PDF's \
                 link cannot lead there"
            ),
        );
        let rule = "a link's address starts with https://, http://, mailto: or www.";
        // Where it is a bare mail or web address, the address to
        // give; else (a scheme mistyped, a page's own anchor) the rule.
        let bare = !address.contains([':', '/', '#', ' ']) && !address.is_empty();
        let hint = match address.matches('@').count() {
            1 if bare => format!("for a mail address, give mailto:{shown}: {rule}"),
            0 if bare && address.contains('.') => {
                format!("for a web page, give https://{shown}: {rule}")
            }
            _ => rule.to_string(),
        };
        self.push_unless_about_a_stand_in(path, diagnostic.with_hint(hint));
    }

    /// A warning where a line of the text at `path` continues the list
    /// item above it though it is not indented under the item's text.
    fn line_joined_to_an_item(&mut self, path: &YamlPath, text: &str) {
        let Some(at) = crate::render::markdown::line_joined_to_an_item(text) else {
            return;
        };
        let written = self.written_lines(path);
        let pos = self.line_as_written(path, &written, text, at);
        let diagnostic = Diagnostic::warning(
            &self.file.path,
            pos,
            "the line right below a list item, not indented under its text, \
             continues that item (Markdown joins it to the item's last line)",
        )
        .with_hint(
            "for a paragraph after the list, put an empty line above it; to keep it \
             in the item, indent it as far as the item's text",
        );
        self.push_unless_about_a_stand_in(path, diagnostic);
    }

    /// Where the text at `path` has a line written as an item of a list
    /// pasted from a word processor (`•`, see `pasted_list_marker`) that
    /// is joined to the line above it, so that the list prints as one
    /// paragraph, bullets inside it: by YAML, in a text written without
    /// '|' or '>' (the line right below another), or by Markdown (see
    /// `joined_list_item`). The line as written in the file, and its
    /// marker.
    fn pasted_bullet(&self, path: &YamlPath, text: &str) -> Option<(Pos, String)> {
        use crate::render::markdown::{joined_list_item, pasted_list_marker};
        let written = self.written_lines(path);
        let found = |at: usize| Pos::of_byte(&self.file.text, at);
        if !written.literal {
            let lines = &written.lines;
            let text_lines = &lines[usize::from(written.folded).min(lines.len())..];
            // The text's indentation (its least: `>2` may set it below
            // its first line's).
            let base = text_lines
                .iter()
                .filter(|(_, item, _)| !item.is_empty())
                .map(|l| l.2)
                .min();
            let joined_by_yaml = |indent: usize| !written.folded || Some(indent) == base;
            for pair in text_lines.windows(2) {
                let ((_, above, above_indent), (at, line, indent)) = (pair[0], pair[1]);
                let joined =
                    !above.is_empty() && joined_by_yaml(above_indent) && joined_by_yaml(indent);
                if let Some(marker) = pasted_list_marker(line).filter(|_| joined) {
                    return Some((found(at), marker));
                }
            }
        }
        let (marker, at) = joined_list_item(text)?;
        Some((self.line_as_written(path, &written, text, at)?, marker))
    }
}

/// How many characters a name has, for [`MAX_NAME`]: a letter and its
/// first combining mark count as one (macOS writes `ä` as `a` and U+0308),
/// each further mark as one more, so that a name of marks piled on a
/// letter is no shorter than it is in the PDF's strings.
fn name_length(name: &str) -> usize {
    crate::load::printable::clusters(name)
        .map(|letter| letter.chars().count().saturating_sub(1).max(1))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    use crate::validate::tests::messages_after;
    use crate::validate::validate_plan;

    #[test]
    fn a_folded_title_loses_its_final_line_break() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/plan.yaml"),
        )
        .expect("the minimal plan");
        let folded = text.replace(
            "    - title: Sprida kunskap\n",
            "    - title: >\n        Sprida\n        kunskap\n",
        );
        assert_ne!(folded, text, "the minimal plan has the title");
        let text = folded;
        let (file, diagnostics) = crate::load::plan::parse_plan(Path::new("plan.yaml"), &text);
        let file = file.unwrap_or_else(|| panic!("{diagnostics}"));
        assert_eq!(
            file.plan.strategies.items[0].title.as_str(),
            "Sprida kunskap"
        );
        assert!(validate_plan(&file, Some(2024)).diagnostics.is_empty());
    }

    #[test]
    fn a_text_longer_than_some_8_pages_is_an_error() {
        let messages = |length: usize| {
            let text = "hälsofrämjande ".repeat(length / 15 + 1);
            let text = &text[..text.char_indices().nth(length).unwrap().0];
            messages_after(|p| p.replace("text: Ta fram material.", &format!("text: {text}")))
        };
        assert_eq!(messages(MAX_TEXT_CHARS), Vec::<String>::new());
        assert_eq!(
            messages(MAX_TEXT_CHARS + 1),
            [
                "plan.yaml:66:13: error: key 'action_plan.activities[0].text' is 20001 characters \
              long, expected at most 20000 (some 8 pages) (shorten the text; a longer one is a \
              document of its own, which the plan can name)"
            ]
        );
    }

    #[test]
    fn a_name_is_counted_in_letters_with_their_marks() {
        // 150 letters `ä`, each written as `a` and U+0308: 300 characters,
        // but 150 as printed.
        let decomposed = "a\u{308}".repeat(150);
        let messages = |name: &str| {
            messages_after(|p| {
                p.replace(
                    "committee: Presidieutskottet (PU)",
                    &format!("committee: {name}"),
                )
            })
        };
        assert_eq!(messages(&decomposed), Vec::<String>::new());
        let too_long = messages(&"a\u{308}".repeat(201));
        assert_eq!(too_long.len(), 1, "{too_long:?}");
        assert!(
            too_long[0].contains("is 201 characters long, expected at most 200"),
            "{too_long:?}"
        );
        // Marks piled on a letter count each but the first: the PDF's
        // strings refuse a name of 17,000 of them.
        let piled = messages(&format!("N{}", "\u{301}".repeat(17_000)));
        assert_eq!(piled.len(), 1, "{piled:?}");
        assert!(
            piled[0].contains("is 17000 characters long, expected at most 200"),
            "{piled:?}"
        );
    }

    #[test]
    fn a_list_pasted_from_a_word_processor_is_named_at_its_first_bullet() {
        let warning = |line: usize, column: usize| {
            format!(
                "plan.yaml:{line}:{column}: warning: the line that starts with '•' is joined to \
                 the line above it into one paragraph, as every line of a text is (a list pasted \
                 from a word processor prints as one line) (for a list, write the text after '|' \
                 and start each item with '- ' in place of the bullet, after an empty line)"
            )
        };
        // Under '|', written plain, and in a list's item; one per text.
        let edit = |p: String| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  Vi arbetar med:\n  •\ttobak\n  • alkohol",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: Vi ska\n    • driva",
            )
            .replace(
                "      - Tillgång till hälsodata",
                "      - Tillgång till\n        • hälsodata",
            )
        };
        let messages = messages_after(edit);
        assert_eq!(
            messages,
            [warning(28, 3), warning(31, 5), warning(47, 9)],
            "{messages:#?}"
        );
        // Whatever the file's line ends (old Mac ones found none).
        for breaks in ["\r\n", "\r"] {
            assert_eq!(messages_after(|p| edit(p).replace('\n', breaks)), messages);
        }
        // YAML joins the lines of a '>' text, and makes one empty line
        // between them a line break, which Markdown joins; a Word list's
        // numbers and letters, and a '-' that Markdown takes for no list.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: >\n  Vi arbetar med:\n\n  • tobak\n\n  • alkohol",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: |\n  Vi ska:\n  3.\tdriva",
            )
            .replace(
                "      - Tillgång till hälsodata",
                "      - |\n        Tillgång till\n        -\u{a0}hälsodata\n        a)\tdata",
            )
        });
        let starts = |marker: &str, line: usize, column: usize| {
            warning(line, column).replace("'•'", &format!("'{marker}'"))
        };
        assert_eq!(
            messages,
            [warning(29, 3), starts("3.", 34, 3), starts("-", 51, 9)],
            "{messages:#?}"
        );
        // The line joined, not an earlier one that starts alike; lines of
        // a '>' text indented more than it are kept as written, and a
        // tag before '|' keeps a '|' text's lines.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  • tobak och alkohol\n\n  Text\n  • tobak",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: >\n  Text\n\n      kod\n      • kod",
            )
            .replace(
                "  explanation: Ett hälsofrämjande perspektiv.",
                "  explanation: !!str |\n    ```\n    kod\n    • kod\n    ```",
            )
        });
        assert_eq!(messages, [warning(30, 3)], "{messages:#?}");
        // Under '>' as under '|'; and a '>2' text's lines at its set
        // indentation are joined, one more indented above them or not.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: >\n  • kod här\n  Text\n    • kod",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: >2\n     mer\n  Text\n  • tobak",
            )
        });
        assert_eq!(messages, [warning(29, 5), warning(33, 3)], "{messages:#?}");
        // A bullet that starts the text, or a paragraph after an empty
        // line, joins nothing; nor does one not followed by a space, nor
        // one below a heading or in code, which print as written, line by
        // line.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  • tobak\n\n  • alkohol\n  •narkotika\n\n  # Rubrik\n  • spel\n\n  ```\n  kod\n  • kod\n  ```",
            )
            .replace("mission: Vi ska driva utveckling.", "mission: • Vi ska")
        });
        assert!(messages.is_empty(), "{messages:#?}");
    }

    #[test]
    fn a_link_without_its_scheme_is_named_where_it_prints_as_written() {
        // '[vår webb](hfs.se)' printed so, brackets and all, without a word.
        let warning = |at: &str, address: &str, hint: &str| {
            format!(
                "plan.yaml:{at}: warning: the link to '{address}' prints as written, brackets \
                 and all: a PDF's link cannot lead there ({hint}a link's address starts with \
                 https://, http://, mailto: or www.)"
            )
        };
        // Named at the link, in a nested item or a text YAML joins too.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  Om oss.\n  - tobak\n    - se [webben](www.hfs.se) och [oss](hfs.se).",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: >\n  Mejla\n  [oss](info@hfs.se) i dag.",
            )
            .replace(
                "  explanation: Ett hälsofrämjande perspektiv.",
                "  explanation: Se [oss](htps://hfs.se).",
            )
        });
        assert_eq!(
            messages,
            [
                warning("29:35", "hfs.se", "for a web page, give https://hfs.se: "),
                warning(
                    "32:3",
                    "info@hfs.se",
                    "for a mail address, give mailto:info@hfs.se: "
                ),
                // A scheme mistyped: no address to give, only the rule.
                warning("41:19", "htps://hfs.se", ""),
            ],
            "{messages:#?}"
        );
    }

    #[test]
    fn a_line_right_below_a_list_item_is_named_as_continuing_it() {
        // "Efter listan." printed as part of the last item ("två Efter
        // listan."), '-' with a tab (a list to Markdown) as with a space.
        let warning = |line: usize| {
            format!(
                "plan.yaml:{line}:3: warning: the line right below a list item, not indented \
                 under its text, continues that item (Markdown joins it to the item's last \
                 line) (for a paragraph after the list, put an empty line above it; to keep it \
                 in the item, indent it as far as the item's text)"
            )
        };
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  Vi arbetar med:\n  - tobak\n  - alkohol\n  Efter listan.",
            )
            .replace(
                "mission: Vi ska driva utveckling.",
                "mission: |\n  Vi ska:\n  -\tdriva\n  *Efter* listan.",
            )
        });
        assert_eq!(messages, [warning(30), warning(34)], "{messages:#?}");
        // Below a nested item, less indented than its text (it printed
        // "cigaretter Efter.").
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  - tobak\n    - cigaretter\n    Efter.",
            )
        });
        assert_eq!(
            messages,
            [warning(29).replace("29:3:", "29:5:")],
            "{messages:#?}"
        );
        // Indented under the item's text, or after an empty line: none.
        let messages = messages_after(|p| {
            p.replace(
                "about: Om nätverket.",
                "about: |\n  - tobak\n    och alkohol\n\n  Efter listan.",
            )
        });
        assert!(messages.is_empty(), "{messages:#?}");
    }
}
