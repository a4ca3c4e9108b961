//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hfs_report::build::{Document, comparable_answers, load_years, plan_document};
use hfs_report::load::followup::FollowUp;
use hfs_report::load::printable::is_invisible;
use hfs_report::render::{Renderer, TemplateSource};
use hfs_report::typeset::{Typesetter, plain_text};
use hfs_report::year::{Year, load_year};
use typst::layout::{Abs, Frame, FrameItem, Point, Size, Transform};
use typst::visualize::{Geometry, Shape};
use typst_layout::PagedDocument;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary folder for one test.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("hfs-test-")
        .tempdir()
        .expect("a temporary folder")
}

/// A templates folder `dir/name` holding one template, `file`, with `text`.
pub fn templates_folder(dir: &Path, name: &str, file: &str, text: &str) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).expect("created");
    std::fs::write(folder.join(file), text).expect("written");
    folder
}

/// The follow-up fixture: a small, complete year (2024) and the one before.
pub fn followup_fixture() -> PathBuf {
    root().join("tests/fixtures/followup/data")
}

/// A copy of the follow-up fixture as `dir/data`; its path.
pub fn followup_fixture_in(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    copy_tree(&followup_fixture(), &data);
    data
}

/// A copy of the follow-up fixture in `dir` whose plan names `svg` as its
/// logo, at `name` (a path inside the year folder); its data folder.
pub fn followup_fixture_with_logo(dir: &Path, name: &str, svg: &[u8]) -> PathBuf {
    let data = followup_fixture_in(dir);
    let logo = data.join("2024").join(name);
    std::fs::create_dir_all(logo.parent().expect("a folder")).unwrap();
    std::fs::write(&logo, svg).unwrap();
    let path = data.join("2024/plan.yaml");
    let plan = replaced(
        &std::fs::read_to_string(&path).unwrap(),
        "  short_name: HFS\n",
        &format!("  short_name: HFS\n  logo: {name}\n"),
    );
    std::fs::write(&path, plan).unwrap();
    data
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Asserts that a run ended with exit status `code`, showing what it
/// printed to standard error where it did not.
#[track_caller]
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "{}", stderr(output));
}

/// Runs the hfs-report binary in `dir` with `args`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hfs-report"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the binary runs")
}

/// A templates folder `name` in `dir` made by this version's `templates
/// export`, holding only the plan's template and the style: the follow-up
/// templates come from the binary. Returns the folder.
pub fn exported_plan_templates(dir: &Path, name: &str) -> PathBuf {
    let export = run(dir, &["templates", "export", name]);
    assert!(export.status.success(), "{}", stderr(&export));
    let folder = dir.join(name);
    for built_in in [
        "charts.typ.j2",
        "uppfoljning-region.typ.j2",
        "uppfoljning-natverket.typ.j2",
    ] {
        std::fs::remove_file(folder.join(built_in)).unwrap();
    }
    folder
}

/// Runs `hfs-report build --data DATA --out OUT --year 2024 EXTRA...` in
/// `dir`, asserts that it succeeded, and returns standard output.
pub fn build_2024(dir: &Path, data: &Path, out: &Path, extra: &[&str]) -> String {
    let (data, out) = (data.display().to_string(), out.display().to_string());
    let mut args = vec!["build", "--data", &data, "--out", &out, "--year", "2024"];
    args.extend_from_slice(extra);
    let output = run(dir, &args);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        stderr(&output)
    );
    stdout(&output)
}

/// Standard error of a run, as text: UTF-8, or the test fails (a message
/// in another encoding shows garbled to the user).
pub fn stderr(output: &Output) -> String {
    utf8(&output.stderr, "standard error")
}

/// Standard output of a run, as text, UTF-8 as [`stderr`].
pub fn stdout(output: &Output) -> String {
    utf8(&output.stdout, "standard output")
}

fn utf8(bytes: &[u8], what: &str) -> String {
    String::from_utf8(bytes.to_vec())
        .unwrap_or_else(|_| panic!("{what} is not UTF-8: {}", String::from_utf8_lossy(bytes)))
}

/// Loads a valid year, panicking with the diagnostics otherwise.
pub fn year(data: &Path, year: i32) -> Year {
    let (loaded, diagnostics) = load_year(data, year);
    loaded.unwrap_or_else(|| panic!("the year should load:\n{diagnostics}"))
}

/// A year with the previous-year answers its reports show, loaded as a
/// build loads them ([`load_years`], [`comparable_answers`]).
pub fn year_and_previous(data: &Path, year: i32) -> (Year, Option<FollowUp>) {
    let mut loaded = load_years(data, &[year], true)
        .unwrap_or_else(|err| panic!("the year should load:\n{err}"));
    let previous = loaded
        .year_before(&loaded.years[0])
        .and_then(|before| comparable_answers(before, &loaded.years[0]));
    (loaded.years.remove(0), previous)
}

/// The plan document of a year, rendered with the embedded templates.
pub fn plan_source(year: &Year) -> Document {
    plan_document(year, &Renderer::new(TemplateSource::default()), None).expect("the plan renders")
}

/// A document typeset, with the process's shared fonts and library.
pub fn typeset(document: &Document) -> PagedDocument {
    Typesetter::shared()
        .compile(&document.source)
        .unwrap_or_else(|err| panic!("{err}"))
}

/// The text of a typeset document.
pub fn typeset_text(document: &Document) -> String {
    plain_text(&typeset(document))
}

/// Asserts that every text item of `document` lies on its page: none has
/// run off a page's foot (where a row or block kept whole is too tall).
#[track_caller]
pub fn assert_all_text_on_the_pages(document: &PagedDocument, name: &str) {
    let off = text_off_the_page(document);
    assert!(
        off.is_empty(),
        "{name}: {} text items lie off their page, the first on page {}: {:?}",
        off.len(),
        off[0].0,
        off[0].1
    );
}

/// The text items that lie outside their page, with their page's number.
fn text_off_the_page(document: &PagedDocument) -> Vec<(usize, String)> {
    let on = |p: Point, page: Size| {
        (Abs::zero()..=page.x).contains(&p.x) && (Abs::zero()..=page.y).contains(&p.y)
    };
    placed_text(document)
        .into_iter()
        .filter(|t| !(on(t.start, t.page_size) && on(t.end, t.page_size)))
        .map(|t| (t.page, t.text))
        .collect()
}

/// A text item as typeset: the page it is on (from 1) and that page's
/// size, where its baseline starts and ends, its text and its size.
pub struct Placed {
    pub page: usize,
    pub page_size: Size,
    pub start: Point,
    pub end: Point,
    pub text: String,
    /// The font size.
    pub size: Abs,
}

/// Every text item of a document, where it stands on its page.
pub fn placed_text(document: &PagedDocument) -> Vec<Placed> {
    let mut placed = Vec::new();
    visit_items(document, &mut |page, ts, item| {
        if let FrameItem::Text(text) = item {
            placed.push(Placed {
                page: page.0,
                page_size: page.1,
                start: Point::zero().transform(ts),
                end: Point::with_x(text.width()).transform(ts),
                text: text.text.to_string(),
                size: text.size,
            })
        }
    });
    placed
}

/// `text` with its first `old` replaced by `new`; asserts that it holds
/// `old`, so that a test never goes on with its input unchanged.
#[track_caller]
pub fn replaced(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "the text has no {old:?}");
    text.replacen(old, new, 1)
}

/// Asserts that of `items`, each on a line with another to its right ends
/// before that one begins: no value of a table runs into the next.
#[track_caller]
pub fn assert_none_runs_into_the_next(items: &[&Placed]) {
    for a in items {
        for b in items {
            let same_line = a.page == b.page && (a.start.y - b.start.y).abs() < Abs::pt(0.5);
            if same_line && a.start.x < b.start.x {
                assert!(
                    a.end.x <= b.start.x,
                    "{:?} runs into {:?} on page {}",
                    a.text,
                    b.text,
                    a.page
                );
            }
        }
    }
}

/// An image as placed: its page (from 1), top-left corner and size.
pub struct PlacedImage {
    pub page: usize,
    pub at: Point,
    pub size: Size,
}

/// Every image of a document, where it stands on its page.
pub fn placed_images(document: &PagedDocument) -> Vec<PlacedImage> {
    let mut placed = Vec::new();
    visit_items(document, &mut |page, ts, item| {
        if let FrameItem::Image(_, size, _) = item {
            placed.push(PlacedImage {
                page: page.0,
                at: Point::zero().transform(ts),
                size: *size,
            });
        }
    });
    placed
}

/// The elements (by name: "par", "block", "heading", ...) whose tags are
/// open around the first text item that holds `needle`, outermost first:
/// what the PDF's structure tree will make of it. `None` when no text
/// holds it.
pub fn elements_around(document: &PagedDocument, needle: &str) -> Option<Vec<String>> {
    use typst::introspection::Tag;
    let mut open: Vec<(typst::introspection::Location, String)> = Vec::new();
    let mut found = None;
    visit_items(document, &mut |_, _, item| {
        if found.is_some() {
            return;
        }
        match item {
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(location) = content.location() {
                    open.push((location, content.elem().name().to_string()));
                }
            }
            FrameItem::Tag(Tag::End(location, ..)) => {
                if let Some(at) = open.iter().rposition(|(l, _)| l == location) {
                    open.remove(at);
                }
            }
            FrameItem::Text(text) if text.text.contains(needle) => {
                found = Some(open.iter().map(|(_, name)| name.clone()).collect());
            }
            _ => {}
        }
    });
    found
}

/// The families of the fonts every text item of a document is set in.
pub fn placed_fonts(document: &PagedDocument) -> std::collections::BTreeSet<String> {
    let mut families = std::collections::BTreeSet::new();
    visit_items(document, &mut |_, _, item| {
        if let FrameItem::Text(text) = item {
            families.insert(text.font.info().family.clone());
        }
    });
    families
}

/// A horizontal band of one page: what a test looks at between two heights
/// (a chart under its title, a list under its intro).
pub struct Band {
    pub page: usize,
    pub top: Abs,
    pub bottom: Abs,
}

impl Band {
    /// The `height` below the baseline of `item`.
    pub fn below(item: &Placed, height: Abs) -> Self {
        Band {
            page: item.page,
            top: item.start.y,
            bottom: item.start.y + height,
        }
    }

    /// Whether `point` of page `page` lies in the band.
    pub fn holds(&self, page: usize, point: Point) -> bool {
        page == self.page && point.y > self.top && point.y < self.bottom
    }
}

/// Asserts that each of `lines`, top to bottom, is at least 1.2 times its
/// text size below the one before, as lines of text are: a descender then
/// does not touch the next line's accents.
#[track_caller]
pub fn assert_apart_as_lines(lines: &mut [&Placed]) {
    lines.sort_by_key(|t| t.start.y);
    for pair in lines.windows(2) {
        let apart = pair[1].start.y - pair[0].start.y;
        assert!(
            apart >= pair[0].size * 1.2,
            "{:?} and {:?} are {:.1} pt apart at {:.1} pt",
            pair[0].text,
            pair[1].text,
            apart.to_pt(),
            pair[0].size.to_pt()
        );
    }
}

/// A shape as drawn on a page: the page (from 1), the transform that
/// places the shape there, and the shape. (Typst draws a box's fill and its
/// border as two shapes.)
pub struct Drawn {
    pub page: usize,
    pub ts: Transform,
    pub shape: Shape,
}

impl Drawn {
    /// A straight line's two ends on the page.
    pub fn line(&self) -> Option<(Point, Point)> {
        match self.shape.geometry {
            Geometry::Line(end) => Some((Point::zero().transform(self.ts), end.transform(self.ts))),
            _ => None,
        }
    }

    /// The smallest upright box around the shape on the page, stroke not
    /// included, as its top left and bottom right corners.
    pub fn bounds(&self) -> (Point, Point) {
        let bbox = self.shape.bbox(false);
        let corners = [
            bbox.min,
            Point::new(bbox.max.x, bbox.min.y),
            Point::new(bbox.min.x, bbox.max.y),
            bbox.max,
        ]
        .map(|p| p.transform(self.ts));
        corners[1..]
            .iter()
            .fold((corners[0], corners[0]), |(min, max), &p| {
                (min.min(p), max.max(p))
            })
    }

    /// The middle of the shape's bounds.
    pub fn centre(&self) -> Point {
        let (min, max) = self.bounds();
        (min + max) / 2.0
    }
}

/// Every shape of a document.
pub fn drawn_shapes(document: &PagedDocument) -> Vec<Drawn> {
    let mut drawn = Vec::new();
    visit_items(document, &mut |(page, _), ts, item| {
        if let FrameItem::Shape(shape, _) = item {
            drawn.push(Drawn {
                page,
                ts,
                shape: shape.clone(),
            });
        }
    });
    drawn
}

/// Hands every item that is not a group to `found`, with its page's number
/// (from 1) and size and the transform that places it on the page.
fn visit_items(
    document: &PagedDocument,
    found: &mut impl FnMut((usize, Size), Transform, &FrameItem),
) {
    fn walk(
        frame: &Frame,
        ts: Transform,
        page: (usize, Size),
        found: &mut impl FnMut((usize, Size), Transform, &FrameItem),
    ) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(group) => {
                    walk(&group.frame, here.pre_concat(group.transform), page, found)
                }
                item => found(page, here, item),
            }
        }
    }
    for (i, page) in document.pages().iter().enumerate() {
        walk(
            &page.frame,
            Transform::identity(),
            (i + 1, page.frame.size()),
            found,
        );
    }
}

/// Asserts that every text item of `items` that holds one of `needles`
/// ends at `edge` or before it (so does not cross a cell's border).
#[track_caller]
pub fn assert_ends_before<'a>(
    items: impl IntoIterator<Item = &'a Placed>,
    needles: &[&str],
    edge: Abs,
) {
    let found: Vec<&Placed> = items
        .into_iter()
        .filter(|t| needles.iter().any(|n| t.text.contains(n)))
        .collect();
    assert!(!found.is_empty(), "{needles:?} not in the document");
    for item in found {
        assert!(
            item.end.x <= edge,
            "{:?} ends {:.1} pt past the cell",
            item.text,
            (item.end.x - edge).to_pt()
        );
    }
}

/// Asserts that each of `runs` (long ones, with break opportunities)
/// prints and copies whole: the typeset text, which is what the PDF's text
/// layer holds, has no zero-width space and no hyphen added inside a run,
/// and the exported PDF's text shows each run.
#[track_caller]
pub fn assert_prints_whole(document: &Document, pages: &PagedDocument, runs: &[&str]) {
    let shown = plain_text(pages);
    assert!(
        !shown.contains('\u{200b}'),
        "a zero-width space in {shown:?}"
    );
    let joined: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    let pdf = Typesetter::shared()
        .pdf(pages, &document.source)
        .unwrap_or_else(|err| panic!("{err}"));
    let copied = pdf_text(&pdf);
    for run in runs {
        assert!(joined.contains(run), "{run:?} is not whole in {shown:?}");
        assert_shows(&copied, run);
    }
}

/// The text of a PDF's pages as lopdf extracts it, through the fonts'
/// ToUnicode maps: what the file says its words are. (It drops some
/// invisible characters, such as a zero-width space, so a test for those
/// reads the typeset text, which is what the PDF's text layer holds.)
pub fn pdf_text(pdf: &[u8]) -> String {
    let pdf = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    pdf.extract_text(&pages).expect("the text of the pages")
}

/// The text alternatives (`/Alt`) a tagged PDF gives its figures, as a
/// screen reader reads them.
pub fn alt_texts(pdf: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let mut alts: Vec<String> = pdf
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter_map(|dict| dict.get(b"Alt").ok())
        .filter_map(|alt| lopdf::decode_text_string(alt).ok())
        .collect();
    alts.sort();
    alts
}

/// Where a PDF's links lead: the addresses of its link annotations, page
/// by page, as the file holds them.
pub fn link_addresses(pdf: &[u8]) -> Vec<Vec<u8>> {
    let pdf = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let mut addresses = Vec::new();
    for page in pdf.get_pages().into_values() {
        for annotation in pdf
            .get_page_annotations(page)
            .expect("the page's annotations")
        {
            let action = annotation
                .get(b"A")
                .and_then(|a| pdf.dereference(a))
                .and_then(|(_, a)| a.as_dict());
            if let Ok(uri) = action
                .and_then(|a| a.get(b"URI"))
                .and_then(lopdf::Object::as_str)
            {
                addresses.push(uri.to_vec());
            }
        }
    }
    addresses
}

/// The dictionary `object` is or refers to, if it is one.
fn dictionary(pdf: &lopdf::Document, object: &lopdf::Object) -> Option<lopdf::Dictionary> {
    pdf.dereference(object)
        .ok()
        .and_then(|(_, o)| o.as_dict().ok().cloned())
}

/// The titles of a PDF's bookmarks (its outline), depth first.
pub fn bookmarks(pdf: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let dict = |object: &lopdf::Object| dictionary(&pdf, object);
    let title = |bytes: &[u8]| match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    let mut titles = Vec::new();
    let outlines = pdf
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok().and_then(dict));
    let mut stack: Vec<lopdf::Dictionary> = outlines
        .and_then(|o| o.get(b"First").ok().and_then(dict))
        .into_iter()
        .collect();
    while let Some(item) = stack.pop() {
        if let Ok(text) = item.get(b"Title").and_then(lopdf::Object::as_str) {
            titles.push(title(text));
        }
        // The next sibling after the children.
        if let Some(next) = item.get(b"Next").ok().and_then(dict) {
            stack.push(next);
        }
        if let Some(first) = item.get(b"First").ok().and_then(dict) {
            stack.push(first);
        }
    }
    titles
}

/// One element of a tagged PDF's structure tree, as a screen reader meets
/// it: its role (`P`, `H3`, `L`, ...), its parent's and its children's.
#[derive(Debug)]
pub struct Tag {
    pub role: String,
    pub parent: String,
    pub children: Vec<String>,
}

/// The elements of a tagged PDF's structure tree, depth first.
pub fn tags(pdf: &[u8]) -> Vec<Tag> {
    let pdf = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let dict = |object: &lopdf::Object| dictionary(&pdf, object);
    // An element's children: one dictionary, or an array of them; marked
    // content (a number, or a dictionary without a role) is not one.
    let elements = |kids: Option<&lopdf::Object>| -> Vec<lopdf::Dictionary> {
        let kids = match kids.map(|k| pdf.dereference(k).map(|(_, k)| k)) {
            Some(Ok(lopdf::Object::Array(kids))) => kids.clone(),
            Some(Ok(kid)) => vec![kid.clone()],
            _ => Vec::new(),
        };
        kids.iter()
            .filter_map(dict)
            .filter(|kid| kid.has(b"S"))
            .collect()
    };
    let role = |element: &lopdf::Dictionary| {
        element
            .get(b"S")
            .and_then(lopdf::Object::as_name)
            .map(|name| String::from_utf8_lossy(name).into_owned())
            .expect("an element's role")
    };
    let root = pdf
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok().and_then(dict))
        .expect("a structure tree");
    let mut found = Vec::new();
    let mut stack: Vec<(lopdf::Dictionary, String)> = elements(root.get(b"K").ok())
        .into_iter()
        .rev()
        .map(|element| (element, String::new()))
        .collect();
    while let Some((element, parent)) = stack.pop() {
        let children = elements(element.get(b"K").ok());
        let this = role(&element);
        found.push(Tag {
            role: this.clone(),
            parent,
            children: children.iter().map(role).collect(),
        });
        stack.extend(children.into_iter().rev().map(|kid| (kid, this.clone())));
    }
    found
}

/// Text with white space, hyphens and invisible marks (a soft hyphen, a
/// zero-width space) removed, so that words broken across lines still
/// match the text they came from.
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}') && !is_invisible(c))
        .collect()
}

/// Asserts that the typeset text shows `expected` (modulo white space and hyphenation).
#[track_caller]
pub fn assert_shows(text: &str, expected: &str) {
    assert!(
        squash(text).contains(&squash(expected)),
        "the document does not show {expected:?}"
    );
}

/// Text with white space and invisible marks removed, and a hyphen only
/// where it follows a letter or digit directly (where a line may break
/// after it, or hyphenation put it): unlike `squash`, a hyphen that starts a value
/// ("- ingen punkt") is kept, so a value turned into a list item ("•
/// ingen punkt") no longer matches it.
pub fn squash_literal(text: &str) -> String {
    let mut kept = String::new();
    let mut after_a_word = false;
    for c in text.chars() {
        let line_hyphen = matches!(c, '-' | '\u{2010}') && after_a_word;
        if !(c.is_whitespace() || is_invisible(c) || line_hyphen) {
            kept.push(c);
        }
        after_a_word = c.is_alphanumeric();
    }
    kept
}

/// Asserts that the typeset text shows `expected` as written: every
/// character but white space, invisible marks and a line's hyphen.
#[track_caller]
pub fn assert_shows_literally(text: &str, expected: &str) {
    assert!(
        squash_literal(text).contains(&squash_literal(expected)),
        "the document does not show {expected:?} as written"
    );
}

/// Some 1,500 words ending in `last`: more than a page in any column.
pub fn longer_than_a_page(last: &str) -> String {
    let words = ["hälsa", "samverkan", "uppföljning", "befolkning", "metod"];
    let mut text: Vec<&str> = (0..1500).map(|i| words[i * 7 % words.len()]).collect();
    text.push(last);
    text.join(" ")
}

/// Removes Region Söder's rows from the follow-up fixture's answers in `data`.
pub fn drop_the_answers_of_soder(data: &Path) {
    let csv = data.join("2024/responses/svar.csv");
    let kept: String = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with("soder,"))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(&csv, kept).unwrap();
}
