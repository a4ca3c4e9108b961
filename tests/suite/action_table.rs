//! The action plan's table keeps a focus area on one page, unmeasured,
//! when the extents of its texts say that it fits (`action-area-most` in
//! hfs-style.typ): a bound that fell short would keep an area whole that
//! is taller than a page, and its last rows would run off the page's foot.
//! Here Typst lays out random areas and cells, set as the table sets them,
//! and the bound is never less than the height they take.

use hfs_report::render::fit::{Column, Extent, Place, column_markup, list_indent_em};
use hfs_report::render::markdown;
use hfs_report::typeset::{DocumentSource, Typesetter};
use proptest::prelude::*;
use typst::foundations::Bytes;

use crate::support;

/// Words of the plan, and runs that stretch a line: pairs the fonts kern
/// apart (`AJ`, `(J`, `f"`), wide capitals, long words, marks that glue to
/// a word (`?`, `)`), hyphens, soft hyphens, slashes, an address, and
/// spaces the fonts lack (U+3000, U+205F) or set narrow or wide.
fn word() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "Dialog",
        "med",
        "processledarna",
        "och",
        "temagrupperna",
        "om",
        "utveckling",
        "i",
        "regionerna.",
        "Självvärderingsverktyg",
        "hälso-",
        "sjukvård",
        "Klart",
        "februari",
        "Sekretariatet",
        "PU",
        "(HFS)",
        "2024",
        "–",
        "?",
        "!",
        ")",
        "(",
        "«",
        "»",
        "”",
        "anna.andersson@regionvasterbotten.se",
        "och/eller",
        "Kontinuerligt",
        "WMWMW",
    ];
    prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => "[A-Za-zåäöÅÄÖJVWMfy\"'?()\\[\\]{}.,;:!/@_–-]{1,12}",
        1 => "[a-zåäöWM]{13,40}",
        1 => "(AJ|\\(J|f\"|y'|TT|W\\?){1,8}",
        2 => "[a-zåäö\u{ad}]{4,30}",
        // Letters with combining marks, composed by the shaper.
        1 => "([AIΙΥΕJ][\u{300}\u{301}\u{303}\u{323}]?){1,12}",
        // Line breaks inside a line: each prints as one.
        1 => "[a-z]{0,4}[\u{2028}\u{2029}\u{b}\u{85}][a-z]{0,4}",
        1 => "[a-z\u{2000}-\u{200a}\u{3000}\u{2007}\u{202f}\u{205f}\u{2060}\u{200d}]{1,10}",
    ]
}

/// One line of text, words apart by spaces or glued by no-break spaces.
fn line(words: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec((word(), prop::bool::weighted(0.1)), words).prop_map(|words| {
        let mut out = String::new();
        for (i, (word, glued)) in words.iter().enumerate() {
            if i > 0 {
                out.push(if *glued { '\u{a0}' } else { ' ' });
            }
            out.push_str(word);
        }
        out
    })
}

/// Markdown prose: lines of words with emphasis and links, one after
/// another in a paragraph or apart by blank lines; now and then a code
/// block or an HTML comment, printed as written, blank lines and all.
fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => paragraphs(),
        1 => (paragraphs(), 0..12usize, line(1..4)).prop_map(|(before, blank, code)| {
            format!("{before}\n\n```\n{code}{}\nslut\n```", "\n".repeat(blank))
        }),
        1 => (0..12usize, line(1..4)).prop_map(|(blank, text)| {
            format!("<!-- {text}{} -->", "\n".repeat(blank))
        }),
    ]
}

/// Markdown paragraphs, see [`prose`].
fn paragraphs() -> impl Strategy<Value = String> {
    let marked = (line(1..12), 0..4usize).prop_map(|(text, how)| match how {
        0 => format!("*{text}*"),
        1 => format!("**{text}**"),
        2 => format!("[{text}](https://www.example.se/{})", text.len()),
        _ => text,
    });
    prop::collection::vec(
        (marked, prop::sample::select(vec![" ", "\n", "\n\n"])),
        1..6,
    )
    .prop_map(|parts| {
        parts
            .iter()
            .map(|(text, after)| format!("{text}{after}"))
            .collect::<String>()
            .trim_end()
            .to_string()
    })
}

/// A focus area: its title, follow-up and activities (text, responsible, timeline).
#[derive(Debug, Clone)]
struct Area {
    title: String,
    follow_up: String,
    activities: Vec<(String, String, String)>,
}

fn area() -> impl Strategy<Value = Area> {
    let activity = (prose(), line(1..8), line(1..5));
    (line(1..16), prose(), prop::collection::vec(activity, 0..6)).prop_map(
        |(title, follow_up, activities)| Area {
            title,
            follow_up,
            activities,
        },
    )
}

/// An extent as the templates get it.
fn extent_literal(extent: Option<Extent>) -> String {
    extent.map_or("none".to_string(), |e| {
        format!("(em: {:?}, lines: {})", e.em, e.lines)
    })
}

/// An area as `verksamhetsplan.typ.j2` passes it to `action-table`.
fn area_literal(area: &Area) -> String {
    let column =
        |index: usize| Column::new(Place::named(&index.to_string()).expect("a column"), "sv");
    let activities: String = area
        .activities
        .iter()
        .map(|(text, responsible, timeline)| {
            format!(
                "(text: [{}], responsible: [{}], timeline: [{}], extents: ({}, {}, {})), ",
                markdown::to_typst_in_column(text, column(1)),
                column_markup(responsible, column(2)),
                column_markup(timeline, column(3)),
                extent_literal(Extent::of_markdown(text)),
                extent_literal(Extent::of(responsible)),
                extent_literal(Extent::of(timeline)),
            )
        })
        .collect();
    format!(
        "(title: [{} ({})], follow-up: [{}], title-extent: {}, follow-up-extent: {}, activities: ({activities}))",
        column_markup(&area.title, column(0)),
        column_markup("patientperspektivet", column(0)),
        markdown::to_typst_in_column(&area.follow_up, column(4)),
        extent_literal(Extent::of(&format!("{} (patientperspektivet)", area.title))),
        extent_literal(Extent::of_markdown(&area.follow_up)),
    )
}

/// The text of the pages of the Typst document `main`, which may import
/// the style.
fn text_of(main: &str) -> Result<String, String> {
    let style = std::fs::read(support::root().join("templates/hfs-style.typ"))
        .map_err(|err| err.to_string())?;
    let source = DocumentSource {
        main: "main.typ".into(),
        files: vec![
            ("main.typ".into(), Bytes::from_string(main.to_string())),
            ("hfs-style.typ".into(), Bytes::new(style)),
        ],
        timestamp: 0,
        ident: "action-table-test".into(),
        shown_as: Vec::new(),
    };
    let pages = Typesetter::shared()
        .compile(&source)
        .map_err(|err| format!("{err}\nin:\n{main}"))?;
    Ok(hfs_report::typeset::plain_text(&pages))
}

/// Lays out `areas` on the plan's landscape page, set as the action table
/// sets them, and fails (Typst's `assert`) where a cell or an area is
/// taller than its bound. How many areas had a bound.
fn check_bounds(areas: &[Area]) -> Result<usize, String> {
    let areas: String = areas
        .iter()
        .map(|a| format!("{}, ", area_literal(a)))
        .collect();
    // The width of a space, which an extent adds for each line: a line of
    // one space is two spaces wide.
    let space = Extent::of(" ").map_or(0.0, |e| e.em / 2.0);
    let main = format!(
        r#"#import "hfs-style.typ": *
#show: hfs-document.with(document-title: [Test], author: "Test", title: [Test], network: [Test])
#set page(flipped: true, margin: (x: 2cm, top: 2.4cm, bottom: 2cm))
#set par(justify: false)
#set text(9pt, hyphenate: false)
#let areas = ({areas})
#context {{
  let widths = share-widths(action-shares)
  let room = widths.map(w => w - 2 * action-inset.x)
  let setting = text-setting()
  let check(body, extent, column, what) = {{
    let most = most-height(extent, room.at(column), setting)
    let height = measure(block(width: room.at(column), body)).height
    assert(most == none or height <= most, message: what + ": " + repr(height) + " > " + repr(most))
    // Its widest line, unbroken, is no wider than its extent says (less
    // the space the extent adds at each line's end).
    let width = measure(body).width
    assert(extent == none or width <= calc.max(0, extent.em - {space:?}) * setting.size, message: what + ": " + repr(width) + " wide")
  }}
  let bounded = 0
  for (i, area) in areas.enumerate() {{
    check(strong(area.title), area.title-extent, 0, "title " + str(i))
    check(area.follow-up, area.follow-up-extent, 4, "follow-up " + str(i))
    for row in area.activities {{
      for (column, key) in ((1, "text"), (2, "responsible"), (3, "timeline")) {{
        check(row.at(key), row.extents.at(column - 1), column, key + " " + str(i))
      }}
    }}
    // Kept whole: no row is measured against a page.
    let cells = action-area-cells(area, true, widths, action-inset, keep-limit())
    let height = measure(table(columns: widths, inset: action-inset, ..cells)).height
    let most = action-area-most(area, room, action-inset, setting)
    assert(most == none or height <= most, message: "area " + str(i) + ": " + repr(height) + " > " + repr(most))
    if most != none {{ bounded += 1 }}
  }}
  [bounded #bounded]
}}
"#
    );
    let text = text_of(&main)?;
    // After the running header's text.
    text.split_once("bounded ")
        .and_then(|(_, count)| count.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("no count in {text:?}"))
}

/// The least width hfs-report takes each narrow column to hold
/// (`Place::room_em`) is no more than the style's `narrow-room` gives it,
/// where it is set: the action table's columns at 9 pt on the plan's
/// landscape page, the Kommentar at 8.5 pt and the organisation chart's
/// boxes at 9 pt on a portrait one. A word between the two would run over its cell
/// unmeasured.
#[test]
fn each_narrow_column_holds_what_hfs_report_assumes() {
    let main = r#"#import "hfs-style.typ": *
#set page(margin: page-margin)
#let rooms(size, columns) = {
  set text(size)
  context columns.map(c => str(narrow-room(c) / 1em.to-absolute())).join(" ")
}
#rooms(8.5pt, ("comment",))
#rooms(9pt, ("process-leaders", "theme-group"))

#context str((list-indent + list-body-indent).to-absolute() / 1em.to-absolute())

#set page(flipped: true, margin: (x: 2cm, top: 2.4cm, bottom: 2cm))
#rooms(9pt, range(5))
"#;
    let mut rooms: Vec<f64> = text_of(main)
        .unwrap_or_else(|err| panic!("{err}"))
        .split_whitespace()
        .map(|room| room.parse().expect("a number"))
        .collect();
    assert_eq!(rooms.len(), 9, "{rooms:?}");
    // A list indents its text, besides its marker, by as much as
    // hfs-report takes off.
    let gap = rooms.remove(3);
    let assumed = list_indent_em("");
    assert!(
        (gap - assumed).abs() < 1e-9,
        "a list's gap is {gap} em, not {assumed}"
    );
    let names = [
        "comment",
        "process-leaders",
        "theme-group",
        "0",
        "1",
        "2",
        "3",
        "4",
    ];
    for (name, room) in names.into_iter().zip(rooms) {
        let assumed = Place::named(name).expect("a column").room_em();
        assert!(
            assumed <= room,
            "column {name} holds {room:.2} em, not {assumed}"
        );
        // Not far below either, or ordinary words would all be measured.
        assert!(
            room - assumed < 1.0,
            "column {name} holds {room:.2} em, far more than {assumed}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_bound_of_a_cell_or_area_is_never_below_its_height(
        areas in prop::collection::vec(area(), 1..5)
    ) {
        let bounded = check_bounds(&areas).map_err(TestCaseError::fail)?;
        // Only an area with a list in it has no bound (lists found by a
        // Markdown parser, not by the code whose bounds are tested).
        let has_list = |text: &str| {
            pulldown_cmark::Parser::new(text)
                .any(|event| matches!(event, pulldown_cmark::Event::Start(pulldown_cmark::Tag::List(_))))
        };
        let with_lists = areas
            .iter()
            .filter(|a| {
                std::iter::once(&a.follow_up)
                    .chain(a.activities.iter().map(|(text, _, _)| text))
                    .any(|text| has_list(text))
            })
            .count();
        prop_assert_eq!(bounded, areas.len() - with_lists);
    }
}
