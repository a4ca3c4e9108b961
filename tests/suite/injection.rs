//! Nothing injected: any text, however full of Typst and Jinja syntax,
//! typesets as itself through the real escaping path (the escaper, the
//! template environment's formatter, the Markdown converter) and a real
//! Typst compile; and neither a template nor a value can make the compiler
//! read a file that is not in the document's in-memory world.

use std::path::Path;

use hfs_report::load::printable::is_invisible;
use hfs_report::render::{Renderer, TemplateSource, escape, markdown};
use hfs_report::typeset::{DocumentSource, Typesetter, plain_text};
use proptest::prelude::*;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use typst::foundations::Bytes;

use crate::support;

/// One page as wide and tall as its content, no hyphenation and no list
/// markers or numbers, so that the typeset text is exactly the content's text.
const PREAMBLE: &str = "#set document(title: [Test])\n\
                        #set page(width: auto, height: auto, margin: 0pt)\n\
                        #set text(hyphenate: false)\n\
                        #set list(marker: [])\n\
                        #set enum(numbering: n => [])\n";

/// Compiles a Typst main file and exports it as the builds do (PDF/A-2a,
/// PDF/UA-1); the typeset text, or the compiler's or exporter's report.
fn typeset(typesetter: &Typesetter, main: &str) -> Result<String, String> {
    let source = DocumentSource {
        main: "main.typ".into(),
        files: vec![("main.typ".into(), Bytes::from_string(main.to_string()))],
        timestamp: 0,
        ident: "injection-test".into(),
        shown_as: Vec::new(),
    };
    let pages = typesetter.compile(&source).map_err(|err| err.to_string())?;
    typesetter
        .pdf(&pages, &source)
        .map_err(|err| err.to_string())?;
    Ok(plain_text(&pages))
}

/// Text without white space and invisible marks: line breaking, the spaces
/// `plain_text` puts between text items, and where a soft hyphen or a
/// zero-width space shows, are not what is being tested.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !is_invisible(c))
        .collect()
}

/// Pieces that mean something to Typst, Jinja, Markdown or YAML.
const SYNTAX: &[&str] = &[
    "#",
    "$",
    "*",
    "_",
    "@",
    "<",
    ">",
    "[",
    "]",
    "\\",
    "'",
    "\"",
    "`",
    "~",
    "=",
    "-",
    "+",
    "/",
    ":",
    "{",
    "}",
    "%",
    ",",
    ".",
    "!",
    "?",
    "(",
    ")",
    ";",
    "|",
    "^",
    "&",
    "//",
    "/*",
    "*/",
    "http://",
    "https://hfs.se/x",
    "--",
    "---",
    "...",
    "-?",
    "\n",
    "\n\n",
    "\r\n",
    "\n= ",
    "\n- ",
    "\n+ ",
    "\n/ ",
    "\n1. ",
    "\n> ",
    "\n# ",
    "    ",
    "\t",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ plan }}",
    "{% raw %}",
    "#let x = 1",
    "#import \"/x.typ\"",
    "#read(\"/etc/passwd\")",
    "#image(\"../../x\")",
    "$x^2$",
    "<label>",
    "@ref",
    "\\u{41}",
    "#{",
    "#[",
    "**",
    "__",
    "[a](b)",
    "<http://x>",
    "![i](x.png)",
    "```",
    "\\\n",
    "&amp;",
    "<b>",
    "</b>",
    "a",
    "ö",
    "Å",
    "€",
    "−",
    "…",
    "«",
    "»",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\r",
    "\u{200b}",
    "\u{2060}",
    "\u{ad}",
    "1",
    "2024",
    "ordet",
    "Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet",
    "0123456789abcdef0123456789abcdef0123456789abcdef",
];

/// Text biased towards syntax: syntax pieces, words and arbitrary
/// printable characters from scripts written left to right that the
/// bundled fonts cover (a character no font has typesets as nothing, which
/// is a matter of fonts, not of escaping). Invisible marks come only as
/// syntax pieces: they are left out of the comparison (see `squash`).
pub(crate) fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(SYNTAX).prop_map(str::to_string),
        2 => "[a-zA-ZåäöÅÄÖ0-9 ]{1,6}",
        1 => "[\\u{20}-\\u{7e}\\u{a1}-\\u{ac}\\u{ae}-\\u{17f}\\u{391}-\\u{3a1}\\u{3a3}-\\u{3ce}\\u{400}-\\u{486}\\u{2013}-\\u{2015}\\u{2018}-\\u{201e}\\u{2020}-\\u{2022}\\u{2026}\\u{20ac}]{1,3}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// The text that Markdown source shows, as the converter's contract says:
/// the characters written, less the marks of paragraphs, lists, emphasis
/// and links to web and mail addresses; every construct outside the subset
/// (reference definitions included) as the characters that were written.
fn markdown_text(source: &str) -> String {
    // What the converter's parser reads (no line is a definition, the
    // same length); which constructs that makes literal is checked by
    // hand-written examples in `markdown_outside_the_subset_prints_as_written`.
    let parsed = markdown::without_definitions(source);
    let mut out = String::new();
    let mut literal_depth = 0usize;
    // The next number of each open list that is numbered `1)`: the
    // converter writes those with their numbering, which the preamble's
    // set rule does not hide (a list numbered `1.` has Typst's own).
    let mut numbers: Vec<Option<u64>> = Vec::new();
    for (event, range) in Parser::new_ext(&parsed, Options::empty()).into_offset_iter() {
        if literal_depth > 0 {
            match event {
                Event::Start(_) => literal_depth += 1,
                Event::End(_) => literal_depth -= 1,
                _ => {}
            }
            continue;
        }
        // An address decides without the invisible marks and line
        // separators it may hold.
        let web = |url: &str| {
            let url: String = url
                .chars()
                .filter(|&c| !is_invisible(c) && !escape::is_line_break(c))
                .collect();
            let lower = url.to_ascii_lowercase();
            ["https://", "http://", "mailto:"]
                .iter()
                .any(|p| lower.starts_with(p))
                || (lower.starts_with("www.") && lower.len() > "www.".len())
        };
        match event {
            Event::Start(Tag::List(first)) => {
                let parenthesis = source[range.clone()]
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with(')');
                numbers.push(first.filter(|_| parenthesis));
                continue;
            }
            Event::End(TagEnd::List(_)) => {
                numbers.pop();
                continue;
            }
            Event::Start(Tag::Item) => {
                if let Some(Some(number)) = numbers.last_mut() {
                    out.push_str(&format!("{number})"));
                    *number += 1;
                }
                continue;
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline | LinkType::Autolink,
                ref dest_url,
                ..
            }) if web(dest_url) => {}
            Event::Start(
                Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::List(_) | Tag::Item,
            )
            | Event::End(_) => {}
            Event::Start(_) => {
                out.push_str(&source[range]);
                literal_depth = 1;
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => {
                out.push_str(source[range].trim_end());
                out.push(' ');
            }
            Event::Text(_) => {
                // With the backslash of an escape (`\\*`), whose range is the `*`.
                let escapes = source[..range.start]
                    .bytes()
                    .rev()
                    .take_while(|&b| b == b'\\')
                    .count();
                let punctuation =
                    source[range.clone()].starts_with(|c: char| c.is_ascii_punctuation());
                let start = if punctuation && escapes % 2 == 1 {
                    range.start - 1
                } else {
                    range.start
                };
                out.push_str(&source[start..range.end]);
            }
            _ => out.push_str(&source[range]),
        }
    }
    out
}

#[test]
fn the_expected_text_of_markdown_has_the_numbers_of_lists_numbered_with_parentheses() {
    // The converter writes `1)` lists with their numbering, which the
    // preamble does not hide: the property tests' expected text counts
    // those numbers (a generated "- \\\n0)" failed there once).
    let typesetter = shared_typesetter();
    for source in [
        "\n- \\\n0)\n",
        "1) ett\n2) två\n\n- a\n  3) tre\n",
        "1. ett\n2. två",
    ] {
        let main = format!("{PREAMBLE}{}", markdown::to_typst(source));
        let typeset = typeset(typesetter, &main).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(squash(&typeset), squash(&markdown_text(source)), "{main}");
    }
}

#[test]
fn markdown_outside_the_subset_prints_as_written() {
    let typesetter = shared_typesetter();
    for (source, shown) in [
        // A reference definition, which Markdown would drop.
        (
            "Källor:\n\n[1]: https://www.folkhalsomyndigheten.se\n\n[2]: www.skr.se",
            "Källor: [1]: https://www.folkhalsomyndigheten.se [2]: www.skr.se",
        ),
        (
            "Se [Enkät][1].\n\n[1]: https://example.org",
            "Se [Enkät][1]. [1]: https://example.org",
        ),
        // Escapes, entities and code spans.
        (
            "\\\\filserver\\hfs\\dokument",
            "\\\\filserver\\hfs\\dokument",
        ),
        (
            "a \\*b\\* &amp; &lt;b&gt; &nbsp; `kod`",
            "a \\*b\\* &amp; &lt;b&gt; &nbsp; `kod`",
        ),
        // A link to anything but a web or mail address, and an image.
        ("[Rapporten](rapport.pdf)", "[Rapporten](rapport.pdf)"),
        // (A web address without its scheme is one.)
        (
            "[Folkhälsomyndigheten](www.folkhalsomyndigheten.se)",
            "Folkhälsomyndigheten",
        ),
        ("Se ![bild](logo.svg) här.", "Se ![bild](logo.svg) här."),
        // A ']:' inside a link's address is no definition.
        (
            "[lokal](http://[::1]:8080/sida) och [1]: x",
            "lokal och [1]: x",
        ),
        // A line ended by a backslash goes on, with the backslash.
        ("rad ett\\\nrad två", "rad ett\\ rad två"),
    ] {
        let main = format!("{PREAMBLE}{}", markdown::to_typst(source));
        let typeset = typeset(typesetter, &main).unwrap_or_else(|err| panic!("{source}: {err}"));
        assert_eq!(squash(&typeset), squash(shown), "{source:?} as {main:?}");
        assert_eq!(squash(shown), squash(&markdown_text(source)), "{source:?}");
    }
    // One paragraph: an image inside a line does not break it.
    let typst = markdown::to_typst("Se ![bild](logo.svg) här.");
    assert!(!typst.contains("\n\n"), "{typst}");
    // The subset still works around them.
    let typst = markdown::to_typst("*a* [HPH](https://www.hphnet.org) `b`");
    assert!(
        typst.starts_with("#emph[a] #link(\"https://www.hphnet.org\")[HPH]"),
        "{typst}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn escaped_text_typesets_as_itself(text in hostile_text()) {
        let typesetter = shared_typesetter();
        let main = format!("{PREAMBLE}{}", escape::markup(&text));
        let typeset = typeset(typesetter, &main).map_err(TestCaseError::fail)?;
        prop_assert_eq!(squash(&typeset), squash(&text), "escaped as {:?}", main);
    }

    #[test]
    fn string_literals_typeset_as_themselves(text in hostile_text()) {
        let typesetter = shared_typesetter();
        let main = format!("{PREAMBLE}#text({})", escape::string_literal(&text));
        let typeset = typeset(typesetter, &main).map_err(TestCaseError::fail)?;
        prop_assert_eq!(squash(&typeset), squash(&text), "written as {:?}", main);
    }

    #[test]
    fn markdown_text_nodes_typeset_as_themselves(text in hostile_text()) {
        let typesetter = shared_typesetter();
        let main = format!("{PREAMBLE}{}", markdown::to_typst(&text));
        let typeset = typeset(typesetter, &main).map_err(TestCaseError::fail)?;
        prop_assert_eq!(
            squash(&typeset),
            squash(&markdown_text(&text)),
            "converted to {:?}", main
        );
    }
}

/// One typesetter for every case (fonts are parsed once).
fn shared_typesetter() -> &'static Typesetter {
    static TYPESETTER: std::sync::OnceLock<Typesetter> = std::sync::OnceLock::new();
    TYPESETTER.get_or_init(Typesetter::new)
}

#[test]
fn template_values_typeset_as_themselves() {
    // The real template environment, over a folder holding one test template.
    let dir = support::temp_dir();
    let template = format!(
        "{PREAMBLE}{{{{ value }}}}\n\n#text({{{{ value | code }}}})\n\n{{{{ value | md }}}}\n"
    );
    std::fs::write(dir.path().join("injection.typ.j2"), template).expect("written");
    let renderer = Renderer::new(TemplateSource::folder(Some(dir.path().to_path_buf())));
    let typesetter = shared_typesetter();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 96,
        ..ProptestConfig::default()
    });
    let result = runner.run(&hostile_text(), |text| {
        let context = minijinja::context! { value => text.clone(), lang => "sv" };
        let main = renderer
            .render("injection.typ.j2", context)
            .map_err(|err| TestCaseError::fail(err.to_string()))?;
        let typeset = typeset(typesetter, &main).map_err(TestCaseError::fail)?;
        // The template prints the value three times: as markup, as a string
        // literal and as Markdown (whose text is the Markdown's text).
        let expected = format!("{text}{text}{}", markdown_text(&text));
        prop_assert_eq!(
            squash(&typeset),
            squash(&expected),
            "rendered as {:?}",
            main
        );
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

#[test]
fn neither_markup_nor_a_template_can_read_files_outside_the_world() {
    let typesetter = shared_typesetter();
    for attempt in [
        "#read(\"/etc/passwd\")",
        "#read(\"../../../../../../etc/passwd\")",
        "#image(\"../../x\")",
        "#image(\"/etc/hostname\")",
        "#include \"/etc/passwd\"",
        "#import \"../../src/main.rs\": *",
        "#import \"@preview/cetz:0.3.0\"",
        "#read(\"/proc/self/environ\")",
    ] {
        let main = format!("{PREAMBLE}{attempt}");
        let result = typeset(typesetter, &main);
        let Err(report) = result else {
            panic!("{attempt} compiled: {result:?}");
        };
        assert!(
            report.contains("a document reads no file but its own source")
                || report.contains("not available")
                || report.contains("escape the project root"),
            "{attempt}: {report}"
        );
    }
}

/// Builds a 2024 plan in `dir` with a templates folder whose plan template
/// is `template`: the exit status and standard error, after checking that
/// nothing was written.
fn build_with_plan_template(dir: &Path, template: &str) -> (Option<i32>, String) {
    let data = dir.join("data/2024");
    std::fs::create_dir_all(&data).expect("created");
    std::fs::copy(
        support::root().join("tests/bad/plan.yaml"),
        data.join("plan.yaml"),
    )
    .expect("copied");
    support::templates_folder(dir, "templates", "verksamhetsplan.typ.j2", template);
    let args = [
        "build",
        "--data",
        "data",
        "--out",
        "out",
        "--templates",
        "templates",
    ];
    let output = support::run(dir, &args);
    let stderr = support::stderr(&output);
    assert!(!dir.join("out/2024").exists(), "written: {stderr}");
    (output.status.code(), stderr)
}

#[test]
fn a_template_mistake_is_named_with_its_line_as_written() {
    let dir = support::temp_dir();
    let (status, stderr) =
        build_with_plan_template(dir.path(), "// The plan.\n{{ plan.mision | md }}\n");
    assert_eq!(status, Some(3), "{stderr}");
    assert!(
        stderr.contains(
            "templates/verksamhetsplan.typ.j2:2: error: undefined value 'plan.mision', passed to the filter 'md', in: {{ plan.mision | md }}"
        ),
        "{stderr}"
    );
}

#[test]
fn a_template_with_old_mac_line_ends_is_named_at_the_lines_its_editor_shows() {
    // Lines ended by a carriage return alone, as editors of old Macs saved
    // them: each is a line to its editor, to Typst and to plan.yaml's
    // positions, so a mistake is named at the line the user sees.
    let dir = support::temp_dir();
    for (template, expected) in [
        (
            "// The plan.\r{{ plan.mision | md }}\r",
            "templates/verksamhetsplan.typ.j2:2: error: undefined value 'plan.mision', passed to the filter 'md', in: {{ plan.mision | md }}",
        ),
        (
            "// The plan.\r// Its mission.\r{% if %}\r{% endif %}\r",
            "templates/verksamhetsplan.typ.j2:3: error: unexpected end of block, in: {% if %}",
        ),
        (
            "// The plan.\r#nosuchfunction()\r",
            "written by the template templates/verksamhetsplan.typ.j2:2",
        ),
    ] {
        let (status, stderr) = build_with_plan_template(dir.path(), template);
        assert_eq!(status, Some(3), "{template:?}: {stderr}");
        assert!(stderr.contains(expected), "{template:?}: {stderr}");
    }
}

#[test]
fn a_tag_or_block_left_open_is_named_where_it_starts() {
    // minijinja finds these where the text ends, or at a later tag: the
    // comment's was "verksamhetsplan.typ.j2:5: error: unexpected end of
    // comment", on the line after the last.
    let dir = support::temp_dir();
    for (template, expected) in [
        (
            "// The plan.\n{# a note\n= {{ plan.year }}\n#pagebreak()\n",
            "verksamhetsplan.typ.j2:2:1: error: the comment that starts here ('{#') is not closed with '#}'",
        ),
        (
            "// The plan.\n= Plan\n{{ plan.year",
            "verksamhetsplan.typ.j2:3:1: error: the value that starts here ('{{') is not closed with '}}'",
        ),
        (
            "// The plan.\n{% raw %}\n= Plan\n",
            "verksamhetsplan.typ.j2:2:1: error: the raw block that starts here is not closed with {% endraw %}",
        ),
        (
            "// The plan.\n{% if plan.year %}\n= Plan\n",
            "verksamhetsplan.typ.j2:2:1: error: the {% if %} that starts here is not closed with {% endif %}, in: {% if plan.year %}",
        ),
        (
            "{% if plan.year %}\n{% if plan.year > 2000 %}\n= Plan\n{% endif %}\n",
            "verksamhetsplan.typ.j2:1:1: error: the {% if %} that starts here is not closed with {% endif %}; or the {% if %} on line 2, inside it, is not, and takes its {% endif %}",
        ),
        (
            "{% for year in [1, 2] %}\n{% if year %}\n= {{ year }}\n{% endfor %}\n",
            "verksamhetsplan.typ.j2:4:1: error: {% endfor %} would close the {% for %} on line 1, but the {% if %} on line 2 inside it is not closed: close it first, with {% endif %}",
        ),
        (
            "{% for year in [1, 2] %}\n{% endif %}\n= {{ year }}\n{% endfor %}\n",
            "verksamhetsplan.typ.j2:2:1: error: {% endif %} closes no block: no {% if %} is open here (one too many, or its {% if %} was taken away?)",
        ),
        (
            "= Plan\n{{ \"abc\n\n= Title {{ plan.year }}\n",
            "verksamhetsplan.typ.j2:2:1: error: the value that starts here ('{{') is not closed with '}}' (or a quote or bracket in it is not closed)",
        ),
        (
            "= Plan\n{{ plan.year\n#let x = 1\n",
            "verksamhetsplan.typ.j2:3: error: unexpected character (in the '{{' that starts on line 2)",
        ),
    ] {
        let (status, stderr) = build_with_plan_template(dir.path(), template);
        assert_eq!(status, Some(3), "{template:?}: {stderr}");
        assert!(stderr.contains(expected), "{template:?}: {stderr}");
    }
}

#[test]
fn an_import_named_by_what_is_no_name_is_a_mistake_in_the_template() {
    // minijinja 2.24 takes any expression there and then panics compiling
    // it: "internal error in hfs-report", no file, no line (found by the
    // fuzz target `template`).
    let dir = support::temp_dir();
    let (status, stderr) =
        build_with_plan_template(dir.path(), "= Plan\n{% import \"charts.typ.j2\" as -c %}\n");
    assert_eq!(status, Some(3), "{stderr}");
    assert!(
        stderr.contains(
            "templates/verksamhetsplan.typ.j2:2:1: error: an import names what it imports by a name ('{% import \"charts.typ.j2\" as charts %}'), not by '-c'"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("internal error"), "{stderr}");
    // A constant where the name goes crashed it the same way.
    let (status, stderr) = build_with_plan_template(
        dir.path(),
        "= Plan\n{% import \"charts.typ.j2\" as none with context %}\n",
    );
    assert_eq!(status, Some(3), "{stderr}");
    assert!(
        stderr.contains(":2:1: error: an import names what it imports by a name"),
        "{stderr}"
    );
    assert!(stderr.contains("not by 'none'"), "{stderr}");
    // Names as minijinja reads them, whatever the whitespace in them: not
    // refused (what fails then is the test's document, which has no title,
    // or minijinja's own "can only assign to namespaces").
    for import in [
        "{% import \"charts.typ.j2\" as charts with  context %}",
        "{% import \"charts.typ.j2\" as ns . charts without\ncontext %}",
        "{% import \"charts.typ.j2\" as (charts) %}",
    ] {
        let (status, stderr) = build_with_plan_template(dir.path(), &format!("= Plan\n{import}\n"));
        assert!(!stderr.contains("an import names"), "{import}: {stderr}");
        assert!(!stderr.contains("internal error"), "{import}: {stderr}");
        assert_eq!(status, Some(3), "{import}: {stderr}");
    }
}

#[test]
fn a_template_that_reads_a_file_fails_the_build() {
    let dir = support::temp_dir();
    // Typst stops at the first; each on its own.
    for (template, expected) in [
        (
            "#read(\"/etc/passwd\")\n",
            "a document reads no file but its own source",
        ),
        ("#image(\"../../x\")\n", "would escape the project root"),
    ] {
        let (status, stderr) = build_with_plan_template(dir.path(), template);
        assert_eq!(status, Some(3), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        // Typst's hint names an option of its own CLI; hfs-report has none such.
        assert!(!stderr.contains("--root"), "{stderr}");
    }
}

#[test]
fn a_template_cannot_include_a_file_outside_the_templates_folder() {
    let dir = support::temp_dir();
    for name in ["/etc/passwd", "../data/2024/plan.yaml", "charts/../../x"] {
        let template = format!("// The plan.\n{{% include \"{name}\" %}}\n");
        let (status, stderr) = build_with_plan_template(dir.path(), &template);
        assert_eq!(status, Some(3), "{name}: {stderr}");
        assert!(
            stderr.contains("verksamhetsplan.typ.j2:2: error: ")
                && stderr.contains("a template is named by its path inside the templates folder"),
            "{name}: {stderr}"
        );
        // Nothing of the file was read into the document.
        assert!(
            !stderr.contains("root:") && !stderr.contains("network:"),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn a_template_that_links_out_of_the_templates_folder_is_not_read() {
    let dir = support::temp_dir();
    // A file outside the folder that a template links to: plain text that
    // would print if it were read.
    std::fs::write(dir.path().join("secret.txt"), "SECRET-OUTSIDE\n").expect("written");
    std::fs::create_dir_all(dir.path().join("templates")).expect("created");
    std::os::unix::fs::symlink("../secret.txt", dir.path().join("templates/charts.typ.j2"))
        .expect("linked");
    let (status, stderr) =
        build_with_plan_template(dir.path(), "{% include \"charts.typ.j2\" %}\n");
    assert_eq!(status, Some(3), "{stderr}");
    assert!(
        stderr.contains(
            "will not read the template (it is a link to ../secret.txt, outside the templates folder templates)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("SECRET-OUTSIDE"), "{stderr}");
}

#[test]
fn data_values_that_look_like_file_access_print_literally() {
    let typesetter = shared_typesetter();
    for value in [
        "#read(\"/etc/passwd\")",
        "#image(\"../../x\")",
        "{{ read('/etc/passwd') }}",
    ] {
        let main = format!("{PREAMBLE}{}", escape::markup(value));
        let text = typeset(typesetter, &main).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(squash(&text), squash(value));
        let main = format!("{PREAMBLE}{}", markdown::to_typst(value));
        let text = typeset(typesetter, &main).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(squash(&text), squash(value));
    }
}
