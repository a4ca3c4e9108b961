//! The annual plan, end to end: the bundled 2024 plan, literal text, the
//! PDF's standards and reproducibility, and `check` on a broken plan.

use std::path::Path;

use hfs_report::build::{followup_documents, plan_document};
use hfs_report::render::escape::is_line_break;
use hfs_report::render::{Renderer, TemplateSource};
use hfs_report::typeset::{Typesetter, plain_text};
use hfs_report::year::load_year;
use proptest::prelude::*;
use typst::layout::{Abs, Point};
use typst::visualize::Geometry;

use crate::support::{self, assert_shows};

/// Every opportunity and challenge bullet of the printed 2024 plan (the seed),
/// with extraction damage fixed.
const SEED_BULLETS: &[&str] = &[
    "Ökad förekomst av hälsofrämjande perspektiv i strategidokument",
    "Ökad medvetenhet om behov",
    "Tillgång till hälsodata",
    "Vi har standards för hälsofrämjande",
    "Tjänstepersoner som står för stabilitet och bärare av kunskap",
    "Kunskapsstyrning",
    "Nära vård",
    "Allt mer kunniga och kapabla patienter",
    "Att hålla sig till enkla regler t ex \"Vad är bäst för Esther\"",
    "Digitala verktyg ger förutsättning för egenvård och egenmonitorering",
    "Det hälsofrämjande mötet som stärker patientens tilltro",
    "Vi använder patient- och närstående företrädare i högre utsträckning",
    "Nya funktioner växer fram t ex kulturtolkar och hälsoguides",
    "Nationellt fokus på jämlik hälsa",
    "Primärvårdens nya uppdrag",
    "Digitalisering ökar tillgängligheten till information och insatser",
    "En större efterfrågan på samverkan mellan aktörer",
    "Ökad medvetenhet om klimatets påverkan på hälsan",
    "En växande rörelse i civilsamhället som anknyter till välfärdsfrågor (IOP)",
    "God tillgång på hälsoaktörer med olika utbud",
    "Det finns mycket kunskap i organisationen om hälsofrämjande förhållningssätt och hälsofrämjande arbetsplatser",
    "Ökad medarbetartillfredsställelse med hälsofrämjande möten",
    "Ökad samverkan mellan olika yrkesgrupper",
    "Rätt använd kompetens där vi använder nya professioner",
    "Förändrade arbetssätt med stöd av digitala verktyg",
    "Nära vård (som ger utvecklingsmöjligheter för medarbetarna)",
    "Stärka medarbetares delaktighet inom hälso- och sjukvård",
    "Avsaknad av behovsstyrning utifrån ett befolkningsperspektiv",
    "Bristande analys av data inför beslut",
    "Nuvarande fokus på ekonomi som mål istället för som medel",
    "Brister i uppföljning av hälsofrämjande och förebyggande insatser",
    "Olika målbilder om vad aktuella begrepp står för (hälsofrämjande, sjukdomsförebyggande, omställning, nära vård...)",
    "Otydligt vad skillnaden är mellan HFS-nätverkets arbete och kunskapsstyrningsorganisationens arbete",
    "Att verktyget för standards är för komplicerat i nuvarande version.",
    "Att det som görs inom HFS och i temagrupperna inte sprids inom alla regioner",
    "\"Vi- och dom\" tänk",
    "Allt mer går att göra till allt högre kostnad",
    "Sårbara grupper får för lite i förhållande till sina behov",
    "Egenvård riskerar att bli lika med ensamvård",
    "Implementering av känd kunskap sker inte i tillräcklig omfattning",
    "Brist på fast vårdkontakt till de som behöver det",
    "Tillgänglighet kan vara både för mycket och för lite",
    "Att personcentrering riskerar att bli en teknisk fråga",
    "Patient är man bara en liten del av tiden",
    "Ojämlig tillgång och konsumtion av hälso- och sjukvård",
    "Svårt att få till samverkan mellan olika aktörer inom och utanför regionen för befolkningens bästa",
    "Vårdval och ersättningssystemen som inte stimulerar till befolkningsinriktade insatser",
    "Ökad förväntan och belastning på primärvården",
    "Fysisk, psykosocial och digital arbetsmiljö brister inom hälso- och sjukvård",
    "För lite fokus på hälsofrämjande arbetsplatser",
    "Kompetensförsörjningsproblem inom hälso- och sjukvården",
    "Bristande attraktivitet som arbetsgivare",
    "Bristande förutsättningar för chefer",
    "Bristande flexibilitet för att behålla medarbetare",
    "Övertro på omorganisationer",
];

/// Every prioritised activity of the seed's action-plan table, with its
/// responsible party and timeline.
const SEED_ACTIVITIES: &[(&str, &str, &str)] = &[
    (
        "Ta fram material för hur data om befolkningens och individens hälsa kan användas i regionernas planering, ledning och uppföljning för en jämlik och hälsoorienterad hälso- och sjukvård.",
        "Projektledare",
        "Klart februari",
    ),
    (
        "Workshop om behovsstyrning med fokus på hälsofrämjande och förebyggande.",
        "Samarbete med Nätverken Demokrati Uppdrag hälsa",
        "Hösten",
    ),
    (
        "Fortsätta utvecklingsarbetet om uppdrag och uppföljning i samarbete med Nätverken Demokrati Uppdrag hälsa.",
        "Projektgrupp",
        "Klart under 2024",
    ),
    (
        "Utveckla arbetet med standards, spridning och användande av resultaten.",
        "Sekretariatet och PU",
        "Kontinuerligt under året",
    ),
    (
        "Digitimme: Patientmedverkan inom styrning och ledning av hälso- och sjukvården.",
        "Sekretariatet tillsammans med Myndigheten för vård- och omsorgsanalys",
        "April",
    ),
    (
        "Uppdatera stödmaterialet \"Hälsofrämjande möten\".",
        "Arbetsgrupp som bildas efter årsmötet",
        "Klart under 2024",
    ),
    (
        "Digitimme om det hälsofrämjande förhållningssättet.",
        "Sekretariatet",
        "Hösten",
    ),
    (
        "Skapa referensgrupp av personer med erfarenhet av hälso- och sjukvård som stöd för temagrupperna.",
        "Sekretariatet",
        "Klart våren 2024",
    ),
    (
        "Workshop: Primärvårdens befolkningsinriktade arbete – hur gör vi i praktiken?",
        "Sekretariatet tillsammans med SKR.",
        "Februari",
    ),
    (
        "Fortsatt erfarenhetsutbyte med regioner och SKR för att utveckla primärvårdens befolkningsinriktade arbete.",
        "Sekretariatet tillsammans med SKR.",
        "Kontinuerligt under året",
    ),
    (
        "Synliggöra civilsamhällets möjligheter för att främja hälsan hos patienter och befolkning genom att sprida goda exempel via sociala medier och hemsida.",
        "PU med stöd av sekretariatet.",
        "Kontinuerligt under året",
    ),
    (
        "Digitimme: Satsa på friskfaktorer – för en frisk och attraktiv arbetsplats",
        "Sekretariatet ihop med Suntarbetsliv",
        "Maj",
    ),
    (
        "Synliggöra kopplingen mellan en god arbetsmiljö och ett hälsofrämjande förhållningssätt. Samarbete med Suntarbetsliv och GPCC. Koppla ihop med stödmaterialet \"Hälsofrämjande möten\"",
        "Arbetsgrupp som bildas efter årsmötet",
        "Klart under 2024",
    ),
    (
        "Föreläsning/workshop på strategidagarna om psykologisk trygghet",
        "Sekretariatet",
        "September",
    ),
];

/// The seed's four focus areas.
const SEED_FOCUS_AREAS: &[&str] = &[
    "Styrning och ledning som underlättar hälsofrämjande och förebyggande insatser utifrån behov",
    "Hälsofrämjande förhållningssätt i möten med patienter",
    "Samverkan mellan olika hälsoaktörer",
    "Fysisk, psykosocial och digital arbetsmiljö",
];

#[test]
fn the_2024_plan_shows_every_bullet_activity_and_focus_area_of_the_seed() {
    let year = support::year(&support::root().join("data"), 2024);
    let text = support::typeset_text(&support::plan_source(&year));
    for bullet in SEED_BULLETS {
        assert_shows(&text, bullet);
    }
    for (activity, responsible, timeline) in SEED_ACTIVITIES {
        assert_shows(&text, activity);
        assert_shows(&text, responsible);
        assert_shows(&text, timeline);
    }
    for area in SEED_FOCUS_AREAS {
        assert_shows(&text, area);
    }
    // Counted, never typed: 19 regions and twelve theme groups.
    assert_shows(
        &text,
        "HFS-nätverket består idag av 19 regioner och organiserar tolv temagrupper.",
    );
    assert_shows(&text, "HFS-nätverket verkar inom fyra perspektiv.");
    assert_shows(&text, "UTKAST");
    assert_shows(&text, "Innehåll");
    // The cover says what the network is a part of (`network.parent`).
    assert_shows(
        &text,
        "en del av Health Promoting Hospitals and Health Services (HPH)",
    );
}

/// Strings that mean something to Typst, Jinja or Markdown.
const HOSTILE: &[&str] = &[
    "#set page(paper: \"a5\")",
    "$x^2$ kostar 5 $",
    "*inte fet* men _inte kursiv_",
    "@referens och <etikett>",
    "[hakparentes] och \\ bakstreck",
    "// ingen kommentar",
    "= ingen rubrik",
    "- ingen punkt",
    "1. ingen numrering",
    "{{ plan.year }} och {% if true %}ja{% endif %}",
    "Ελληνικά και русский текст",
    "#import \"/etc/passwd\"",
    "`rå` och ~tilde~ och 'citat' -- ...",
];

/// Replaces a single-line value in plan text; panics if it is not there.
#[test]
fn every_text_value_prints_literally() {
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::root().join("data/2024"), &data.join("2024"));
    let path = data.join("2024/plan.yaml");
    let mut plan = std::fs::read_to_string(&path).unwrap();
    // Plain-text fields (a region name, a theme group, an activity's
    // responsible party) and Markdown fields (an opportunity) each get one.
    let quoted = |s: &str| format!("'{}'", s.replace('\'', "''"));
    plan = support::replaced(
        &plan,
        "    - Tobak\n",
        &format!("    - {}\n", quoted(HOSTILE[0])),
    );
    plan = support::replaced(
        &plan,
        "    - Alkohol\n",
        &format!("    - {}\n", quoted(HOSTILE[1])),
    );
    plan = support::replaced(
        &plan,
        "responsible: Projektledare",
        &format!("responsible: {}", quoted(HOSTILE[3])),
    );
    plan = support::replaced(
        &plan,
        "timeline: Klart februari",
        &format!("timeline: {}", quoted(HOSTILE[4])),
    );
    plan = support::replaced(
        &plan,
        "timeline: Hösten",
        &format!("timeline: {}", quoted(HOSTILE[5])),
    );
    plan = support::replaced(
        &plan,
        "responsible: Projektgrupp",
        &format!("responsible: {}", quoted(HOSTILE[6])),
    );
    plan = support::replaced(
        &plan,
        "responsible: Sekretariatet och PU",
        &format!("responsible: {}", quoted(HOSTILE[7])),
    );
    plan = support::replaced(
        &plan,
        "timeline: April",
        &format!("timeline: {}", quoted(HOSTILE[8])),
    );
    plan = support::replaced(
        &plan,
        "  coordinator: Nationell koordinator",
        &format!("  coordinator: {}", quoted(HOSTILE[9])),
    );
    plan = support::replaced(
        &plan,
        "  committee: Presidieutskottet (PU)",
        &format!("  committee: {}", quoted(HOSTILE[10])),
    );
    plan = support::replaced(
        &plan,
        "    - Matvanor\n",
        &format!("    - {}\n", quoted(HOSTILE[11])),
    );
    plan = support::replaced(
        &plan,
        "    - Äldre\n",
        &format!("    - {}\n", quoted(HOSTILE[12])),
    );
    plan = support::replaced(
        &plan,
        "    - Jämlik hälsa\n",
        &format!("    - {}\n", quoted(HOSTILE[2])),
    );
    // A Markdown field: `*…*` is emphasis there, so give it text whose
    // characters are not Markdown but are Typst.
    plan = support::replaced(
        &plan,
        "      - Kunskapsstyrning\n",
        "      - '#strong[nej] $a$ @ref <x> // = ny {{ år }}'\n",
    );
    std::fs::write(&path, plan).unwrap();

    let year = support::year(&data, 2024);
    let pages = support::typeset(&support::plan_source(&year));
    let text = plain_text(&pages);
    for hostile in HOSTILE {
        support::assert_shows_literally(&text, hostile);
    }
    support::assert_shows_literally(&text, "#strong[nej] $a$ @ref <x> // = ny {{ år }}");
    // Typst numbers an enum "1." as it was written: only its element shows
    // that a value became a list.
    for needle in ["- ingen punkt", "1. ingen"] {
        let around = support::elements_around(&pages, needle).expect("the value, as written");
        assert!(
            !around.iter().any(|e| e == "list" || e == "enum"),
            "{needle:?} became a list: {around:?}"
        );
    }
    // And the page was not turned into A5 by the first one.
    for page in pages.pages() {
        let size = page.frame.size();
        let (w, h) = (size.x.to_mm().round(), size.y.to_mm().round());
        assert!(
            (w, h) == (210.0, 297.0) || (w, h) == (297.0, 210.0),
            "a page is {w}×{h} mm"
        );
    }
}

/// Builds the bundled 2024 plan into `out` and returns the PDF's bytes.
fn build_plan(dir: &Path) -> Vec<u8> {
    let data = support::root().join("data");
    let out = dir.join("out");
    support::build_2024(dir, &data, &out, &["--only", "plan"]);
    std::fs::read(out.join("2024/verksamhetsplan-2024.pdf")).unwrap()
}

#[test]
fn two_builds_give_identical_tagged_pdf_a_and_ua_files() {
    let first = support::temp_dir();
    let second = support::temp_dir();
    let a = build_plan(first.path());
    let b = build_plan(second.path());
    assert!(a == b, "two builds of the same data differ");

    let pdf = lopdf::Document::load_mem(&a).expect("a readable PDF");
    let catalog = pdf.catalog().unwrap();
    let mark_info = catalog
        .get(b"MarkInfo")
        .and_then(|o| pdf.dereference(o))
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .clone();
    assert!(
        mark_info.get(b"Marked").unwrap().as_bool().unwrap(),
        "the PDF is tagged"
    );
    assert!(
        catalog.get(b"StructTreeRoot").is_ok(),
        "the PDF has a structure tree"
    );
    let lang = catalog.get(b"Lang").unwrap().as_str().unwrap();
    assert_eq!(lang, b"sv");
    let metadata = catalog
        .get(b"Metadata")
        .and_then(|o| o.as_reference())
        .unwrap();
    let stream = pdf.get_object(metadata).unwrap().as_stream().unwrap();
    let xmp = String::from_utf8(stream.get_plain_content().unwrap()).unwrap();
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>"),
        "declares PDF/A-2"
    );
    assert!(
        xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "declares level A"
    );
    assert!(
        xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "declares PDF/UA-1"
    );
    assert!(
        xmp.contains("Verksamhetsplan 2024"),
        "carries the document title"
    );
    // Headings become bookmarks.
    assert!(catalog.get(b"Outlines").is_ok(), "the PDF has bookmarks");
}

/// The PDF's creation date (`/CreationDate` of its document information).
fn creation_date(pdf: &[u8]) -> String {
    let pdf = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|o| pdf.dereference(o))
        .unwrap()
        .1;
    let date = info.as_dict().unwrap().get(b"CreationDate").unwrap();
    String::from_utf8_lossy(date.as_str().unwrap()).into_owned()
}

#[test]
fn an_approved_plan_says_when_and_its_documents_are_dated_by_the_data_not_the_clock() {
    // SPEC §6: without SOURCE_DATE_EPOCH (which `support::run` removes) a
    // PDF's date comes from the inputs: an approved plan's from the meeting
    // that approved it, a follow-up report's from the end of its year.
    let dir = support::temp_dir();
    let data = support::followup_fixture();
    let out = dir.path().join("out");
    support::build_2024(dir.path(), &data, &out, &[]);
    let plan = std::fs::read(out.join("2024/verksamhetsplan-2024.pdf")).unwrap();
    let text = support::pdf_text(&plan);
    assert_shows(&text, "Fastställd vid årsmötet den 18 april 2024");
    assert!(
        !text.contains("UTKAST"),
        "an approved plan says UTKAST:\n{text}"
    );
    assert_eq!(creation_date(&plan), "D:20240418000000Z");
    let year = support::year(&data, 2024);
    let marks = support::drawn_shapes(&support::typeset(&support::plan_source(&year)))
        .iter()
        .filter(|d| {
            let (min, max) = d.bounds();
            max.x - min.x > Abs::pt(250.0) && max.y - min.y > Abs::pt(250.0)
        })
        .count();
    assert_eq!(marks, 0, "an approved plan has a draft's mark");

    let report = std::fs::read(out.join("2024/uppfoljning-2024-norrland.pdf")).unwrap();
    assert_shows(&support::pdf_text(&report), "Rapportdatum 31 december 2024");
    assert_eq!(creation_date(&report), "D:20241231000000Z");
    // A draft is dated 1 January of its year.
    let other = support::temp_dir();
    let draft = build_plan(other.path());
    assert_eq!(creation_date(&draft), "D:20240101000000Z");
}

#[test]
fn every_page_of_a_draft_says_utkast_in_its_text_and_the_mark_is_a_shape() {
    // The mark across the page was text, 110 pt high: programs that read a
    // page's text by where its letters stand (pdftotext, copying) found
    // its letters among the page's words ("… T … verksamhetsidé") and no
    // page saying UTKAST whole. It is a shape now; the word is in the
    // footer, and on the cover in its status line.
    let dir = support::temp_dir();
    let pdf = lopdf::Document::load_mem(&build_plan(dir.path())).expect("a readable PDF");
    for &number in pdf.get_pages().keys() {
        let text = pdf.extract_text(&[number]).expect("the page's text");
        assert_eq!(
            text.matches("UTKAST").count(),
            1,
            "page {number} says UTKAST once:\n{text}"
        );
    }
    let year = support::year(&support::root().join("data"), 2024);
    let pages = support::typeset(&support::plan_source(&year));
    let big: Vec<String> = support::placed_text(&pages)
        .into_iter()
        .filter(|t| t.size > Abs::pt(40.0))
        .map(|t| t.text)
        .collect();
    assert!(big.is_empty(), "text as big as the mark: {big:?}");
    let marked: std::collections::BTreeSet<usize> = support::drawn_shapes(&pages)
        .iter()
        .filter(|d| matches!(d.shape.geometry, Geometry::Curve(_)) && d.shape.fill.is_some())
        .filter(|d| {
            let (min, max) = d.bounds();
            max.x - min.x > Abs::pt(250.0) && max.y - min.y > Abs::pt(250.0)
        })
        .map(|d| d.page)
        .collect();
    assert_eq!(marked, (1..=pages.pages().len()).collect());
}

#[test]
fn check_reports_unknown_key_dangling_reference_and_duplicate_id_with_lines() {
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::root().join("data/2024"), &data.join("2024"));
    let path = data.join("2024/plan.yaml");
    let plan = std::fs::read_to_string(&path).unwrap();
    let plan = support::replaced(
        &plan,
        "      responsible: Projektledare",
        "      responsibe: Projektledare",
    );
    let plan = support::replaced(
        &plan,
        "    - id: a2\n      focus_area: f1",
        "    - id: a2\n      focus_area: f9",
    );
    let plan = support::replaced(&plan, "    - id: a3\n", "    - id: a1\n");
    std::fs::write(&path, &plan).unwrap();
    let line_of = |needle: &str| plan.lines().position(|l| l.contains(needle)).unwrap() + 1;

    let output = support::run(dir.path(), &["check", "--data", "data"]);
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let file = Path::new("data").join("2024").join("plan.yaml");
    let file = file.display();
    let unknown = format!(
        "{file}:{}:7: error: unknown key 'responsibe'",
        line_of("responsibe")
    );
    let dangling = format!(
        "{file}:{}:19: error: key 'action_plan.activities[1].focus_area' refers to focus area 'f9'",
        line_of("focus_area: f9")
    );
    let duplicate_line = plan
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "- id: a1")
        .nth(1)
        .unwrap()
        .0
        + 1;
    let duplicate =
        format!("{file}:{duplicate_line}:11: error: duplicate id 'a1' in 'action_plan.activities'");
    for expected in [&unknown, &dangling, &duplicate] {
        assert!(
            stderr.contains(expected.as_str()),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("did you mean 'responsible'?"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "check writes nothing");
}

/// Builds the bundled 2024 plan in `dir` with the plan's template edited,
/// each `(old, new)` of `edits` (a mistake, or more printed); the
/// template, and what the build printed.
fn build_with_edited_plan_template(
    dir: &Path,
    edits: &[(&str, &str)],
) -> (String, std::process::Output) {
    let templates = dir.join("mine");
    std::fs::create_dir_all(&templates).unwrap();
    let original =
        std::fs::read_to_string(support::root().join("templates/verksamhetsplan.typ.j2")).unwrap();
    let broken = edits.iter().fold(original, |text, (old, new)| {
        support::replaced(&text, old, new)
    });
    std::fs::write(templates.join("verksamhetsplan.typ.j2"), &broken).unwrap();
    let data = support::root().join("data");
    let data = data.to_string_lossy();
    let output = support::run(
        dir,
        &[
            "build",
            "--data",
            &data,
            "--year",
            "2024",
            "--only",
            "plan",
            "--templates",
            "mine",
        ],
    );
    (broken, output)
}

#[test]
fn a_typst_error_names_the_template_line_that_wrote_it() {
    let dir = support::temp_dir();
    let (broken, output) = build_with_edited_plan_template(
        dir.path(),
        &[(
            "= {{ labels.mission }}\n",
            "= {{ labels.mission }} #nosuchfunction()\n",
        )],
    );
    let line = broken
        .lines()
        .position(|l| l.contains("#nosuchfunction()"))
        .unwrap()
        + 1;
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("unknown variable: nosuchfunction"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "written by the template mine/verksamhetsplan.typ.j2:{line}"
        )),
        "no template line {line} in:\n{stderr}"
    );
    // The generated file is named as it is called (and as --emit typst
    // writes it), whatever name it has inside the compiler.
    assert!(stderr.contains("verksamhetsplan-2024.typ:"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing was written");
}

#[test]
fn an_error_on_a_line_that_ends_inside_a_string_names_its_template_line() {
    // Such a line has no mark (it would print); the template's lines in
    // the string are the generated file's, one for one.
    let dir = support::temp_dir();
    let (broken, output) = build_with_edited_plan_template(
        dir.path(),
        &[(
            "= {{ labels.mission }}\n",
            "= {{ labels.mission }}\n#text(fill: bluee, \"Box 123\n123 45 Staden\")\n",
        )],
    );
    let line = broken
        .lines()
        .position(|l| l.starts_with("#text(fill: bluee"))
        .unwrap()
        + 1;
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains("unknown variable: bluee")
            && stderr.contains(&format!(
                "note: this line was written by the template mine/verksamhetsplan.typ.j2:{line}\n"
            )),
        "{stderr}"
    );
    // Where a tag in the string writes lines of its own, the lines of the
    // template and of the file differ: the note names the string's lines.
    let dir = support::temp_dir();
    let (broken, output) = build_with_edited_plan_template(
        dir.path(),
        &[(
            "= {{ labels.mission }}\n",
            "= {{ labels.mission }}\n#text(size: \"12pt\", \"{% for r in plan.regions %}\n{{ r.id }}\n\
             {% endfor %}slut\")\n",
        )],
    );
    let first = broken
        .lines()
        .position(|l| l.starts_with("#text(size: \"12pt\""))
        .unwrap()
        + 1;
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains(&format!(
            "note: this line was written by the template mine/verksamhetsplan.typ.j2:{first} to {}\n",
            first + 2
        )),
        "{stderr}"
    );
}

#[test]
fn an_at_sign_in_a_templates_text_gets_a_hint_to_escape_it() {
    let dir = support::temp_dir();
    let (_, output) = build_with_edited_plan_template(
        dir.path(),
        &[(
            "= {{ labels.mission }}\n",
            "= {{ labels.mission }}\nSkriv till info@hfs.se.\n",
        )],
    );
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains("error: label `<hfs.se>` does not exist in the document")
            && stderr.contains(
                "= hint: in a template's text, `@` starts a reference; write `\\@` for the sign \
                 itself (info\\@hfs.se)"
            ),
        "{stderr}"
    );
}

#[test]
fn a_typesetting_error_names_its_line_and_column_counted_from_one() {
    // typst-kit counts columns from 0 ("main.typ:2:0" for a line's first
    // character); every other message, and every editor, from 1.
    let main = "#let f() = nosuch\n#f()\n";
    let source = hfs_report::typeset::DocumentSource {
        main: "main.typ".into(),
        files: vec![(
            "main.typ".into(),
            typst::foundations::Bytes::from_string(main.to_string()),
        )],
        timestamp: 0,
        ident: "columns-test".into(),
        shown_as: Vec::new(),
    };
    let report = match hfs_report::typeset::Typesetter::shared().compile(&source) {
        Ok(_) => panic!("an unknown variable compiled"),
        Err(err) => err.report,
    };
    // "nosuch" starts at the 12th character of line 1; the call that
    // failed, "f()", at the 2nd of line 2.
    assert!(report.contains("┌─ main.typ:1:12\n"), "{report}");
    assert!(report.contains(" at main.typ:2:2\n"), "{report}");
    // The quoted source is as written.
    assert!(report.contains("#let f() = nosuch"), "{report}");
}

/// How many images a frame and its groups hold.
fn images(frame: &typst::layout::Frame) -> usize {
    frame
        .items()
        .map(|(_, item)| match item {
            typst::layout::FrameItem::Group(group) => images(&group.frame),
            typst::layout::FrameItem::Image(..) => 1,
            _ => 0,
        })
        .sum()
}

/// A copy of the follow-up fixture in `dir` whose plan.yaml has each
/// `(old, new)` line replaced; its data folder.
fn fixture_plan_with(dir: &Path, replacements: &[(&str, String)]) -> std::path::PathBuf {
    data_with_plan_edits("tests/fixtures/followup/data", dir, replacements)
}

/// The bundled data copied to `dir`, its 2024 plan with each `(old,
/// new)` replaced; the data folder.
fn bundled_plan_with(dir: &Path, replacements: &[(&str, String)]) -> std::path::PathBuf {
    data_with_plan_edits("data", dir, replacements)
}

/// The data folder `from` (from the repository's root) copied to `dir`,
/// its 2024 plan with each `(old, new)` replaced; the copy's data folder.
fn data_with_plan_edits(
    from: &str,
    dir: &Path,
    replacements: &[(&str, String)],
) -> std::path::PathBuf {
    let data = dir.join("data");
    support::copy_tree(&support::root().join(from), &data);
    let path = data.join("2024/plan.yaml");
    let mut plan = std::fs::read_to_string(&path).unwrap();
    for (old, new) in replacements {
        plan = support::replaced(&plan, old, new);
    }
    std::fs::write(&path, plan).unwrap();
    data
}

/// The text of the year's plan, typeset, after checking that all of it
/// lies on its pages.
fn plan_text_on_the_page(data: &Path) -> String {
    let document = support::plan_source(&support::year(data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    plain_text(&pages)
}

#[test]
fn letters_written_with_combining_marks_pass_check_and_print() {
    // `å` and `ä` as `a` and U+030A or U+0308 (macOS and some PDFs write
    // them so): no font has the marks alone, but the shaper sets the
    // composed letters, which the fonts have.
    use unicode_normalization::UnicodeNormalization;
    let dir = support::temp_dir();
    let decomposed: String = "Sekretariatet i Skåne och Gävleborg".nfd().collect();
    assert_ne!(decomposed, "Sekretariatet i Skåne och Gävleborg");
    let data = fixture_plan_with(
        dir.path(),
        &[(
            "      responsible: Projektledare\n",
            format!("      responsible: {decomposed}\n"),
        )],
    );
    let out = dir.path().join("out");
    support::build_2024(dir.path(), &data, &out, &["--only", "plan"]);
    let pdf = std::fs::read(out.join("2024/verksamhetsplan-2024.pdf")).unwrap();
    let text: String = support::pdf_text(&pdf).nfc().collect();
    assert_shows(&text, "Sekretariatet i Skåne och Gävleborg");
}

#[test]
fn a_comment_after_a_quoted_text_or_another_value_is_no_error() {
    // A comment that cuts a text written without quotes short is an error
    // (tests/bad/comment-cuts-a-text-short); these are what the user meant.
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "      timeline: Februari\n",
                "      timeline: \"vecka 12 # preliminärt\"  # ändras i maj\n".into(),
            ),
            (
                "approved_on: 2024-04-18\n",
                "approved_on: 2024-04-18  # årsmötet\n".into(),
            ),
        ],
    );
    let check = support::run(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", support::stderr(&check));
    assert_shows(&plan_text_on_the_page(&data), "vecka 12 # preliminärt");
}

#[test]
fn an_activity_longer_than_a_page_is_printed_whole() {
    // The action-plan table keeps each activity's row on one page where it
    // fits; one that does not must break, or its end runs off the page.
    let dir = support::temp_dir();
    let responsible = support::longer_than_a_page("ANSVARSSLUT");
    let data = fixture_plan_with(
        dir.path(),
        &[(
            "      responsible: Projektledare\n",
            format!("      responsible: {responsible}\n"),
        )],
    );
    assert_shows(&plan_text_on_the_page(&data), "ANSVARSSLUT");
}

#[test]
fn a_row_taller_than_the_landscape_page_breaks() {
    // The action-plan table is on landscape pages, wider and lower than
    // portrait ones: a row is measured against the page it is on.
    let dir = support::temp_dir();
    let words = [
        "Projektledare",
        "sekretariatet",
        "och",
        "processledarna",
        "i",
        "regionerna",
    ];
    let responsible: Vec<&str> = (0..160).map(|i| words[i % words.len()]).collect();
    let data = fixture_plan_with(
        dir.path(),
        &[(
            "      responsible: Projektledare\n",
            format!("      responsible: {} RADSLUT\n", responsible.join(" ")),
        )],
    );
    assert_shows(&plan_text_on_the_page(&data), "RADSLUT");
}

/// The bundled 2024 data in `dir` with `count` activities of the first
/// focus area added before the plan's second activity; its data folder.
fn bundled_plan_with_more_activities(dir: &Path, count: usize) -> std::path::PathBuf {
    let added: String = (1..=count)
        .map(|k| {
            format!(
                "    - id: extra-{k}\n      focus_area: f1\n      text: Extra aktivitet {k} om att sprida goda exempel via hemsidan och nyhetsbrevet.\n      responsible: Sekretariatet\n      timeline: Hösten\n"
            )
        })
        .collect();
    bundled_plan_with(dir, &[("    - id: a2\n", format!("{added}    - id: a2\n"))])
}

#[test]
fn a_focus_area_that_fits_on_a_page_is_not_parted_from_its_first_activity() {
    // With three more activities in the first focus area, the second one's
    // rows no longer fit below it; the title, which does not split into
    // lines on two pages, went to the next page and left its first
    // activity on this one, under the wrong focus area.
    let dir = support::temp_dir();
    let data = bundled_plan_with_more_activities(dir.path(), 3);
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let placed = support::placed_text(&pages);
    // The last place: the focus areas are listed before the table too.
    let page_of = |start: &str| {
        placed
            .iter()
            .rfind(|p| p.text.starts_with(start))
            .map(|p| p.page)
            .unwrap_or_else(|| panic!("no '{start}' on any page"))
    };
    assert_eq!(
        page_of("Samverkan mellan olika"),
        page_of("Workshop: Primärvårdens"),
        "the focus area and its first activity are on different pages"
    );
    assert_eq!(
        page_of("Styrning och ledning som"),
        page_of("Extra aktivitet 3")
    );
}

#[test]
fn a_focus_area_taller_than_a_page_goes_on_over_the_next_under_its_title() {
    // A cell spanning rows over a page break shows its text on the first
    // page only: the area's title is repeated, marked, on every page its
    // rows go on to.
    let dir = support::temp_dir();
    let data = bundled_plan_with_more_activities(dir.path(), 40);
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    assert_shows(&plain_text(&pages), "Extra aktivitet 40 om att sprida");
    let placed = support::placed_text(&pages);
    let pages_with = |start: &str| {
        let mut pages: Vec<usize> = placed
            .iter()
            .filter(|p| p.text.starts_with(start))
            .map(|p| p.page)
            .collect();
        pages.dedup();
        pages
    };
    // From the first of the added activities to the area's last one.
    let first = pages_with("Extra aktivitet")[0];
    let last = pages_with("Digitimme: Patientmedverkan")[0];
    let rows: Vec<usize> = (first..=last).collect();
    assert!(rows.len() >= 3, "the area's rows are on pages {rows:?}");
    // The page of the focus areas' list before the table, then the
    // table's pages.
    let titles = pages_with("Styrning och ledning som");
    assert_eq!(
        titles[1..],
        rows[..],
        "the area's title is on pages {titles:?}"
    );
    assert_eq!(pages_with("(forts.)"), rows[1..]);
    // Its follow-up is on its first page, not repeated on the pages that
    // hold only its rows (the next area has the same follow-up text).
    let follow_up = pages_with("Dialog med processledarna");
    assert!(follow_up.contains(&rows[0]));
    let only_its_rows = &rows[1..rows.len() - 1];
    assert!(!follow_up.iter().any(|page| only_its_rows.contains(page)));
}

#[test]
fn an_activity_taller_than_a_page_among_short_ones_repeats_no_title_beside_the_first() {
    // A row too tall for a page made a part of its own, whose title,
    // marked continued, stood on the page where the area starts.
    let dir = support::temp_dir();
    let data = bundled_plan_with_more_activities(dir.path(), 38);
    let path = data.join("2024/plan.yaml");
    let plan = std::fs::read_to_string(&path).unwrap();
    let long: Vec<String> = (0..230).map(|i| format!("ord{i} lite text här")).collect();
    let plan = plan.replacen(
        "      text: Extra aktivitet 1 om att sprida goda exempel via hemsidan och nyhetsbrevet.\n",
        &format!("      text: {} SLUTORD\n", long.join(" ")),
        1,
    );
    std::fs::write(&path, plan).unwrap();
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    assert_shows(&plain_text(&pages), "SLUTORD");
    let placed = support::placed_text(&pages);
    // The table's first page with the area's title (the focus areas are
    // listed before the table, on a page of their own).
    let table_starts = placed
        .iter()
        .find(|p| p.text.starts_with("Ta fram material"))
        .map(|p| p.page)
        .expect("the area's first activity");
    let marked: Vec<usize> = placed
        .iter()
        .filter(|p| p.text.starts_with("(forts.)"))
        .map(|p| p.page)
        .collect();
    assert!(!marked.is_empty());
    assert!(
        !marked.contains(&table_starts),
        "(forts.) on pages {marked:?}"
    );
}

#[test]
fn a_focus_areas_title_beside_an_activity_taller_than_a_page_is_never_split() {
    // A part of an area that holds an activity taller than a page breaks,
    // and so did its title where it stood beside rows that ended at a
    // page's foot: its first lines there, the rest (and "(forts.)") on
    // the next page; and beside a tall first activity that started at a
    // page's foot. Where a part starts on a page depends on the tall
    // activity before it, so several lengths of that one are tried.
    let tall = |words: usize, last: &str| {
        let words: Vec<String> = (0..words).map(|i| format!("ord{i} om planering")).collect();
        format!("{} {last}", words.join(" "))
    };
    let activity = |id: &str, area: &str, text: &str| {
        format!(
            "    - id: {id}\n      focus_area: {area}\n      text: {text}\n      responsible: PU med stöd av sekretariatet\n      timeline: Hösten\n"
        )
    };
    for words in (250..=320).step_by(10) {
        let f1 = [
            activity("t1", "f1", &tall(words, "FÖRSTA")),
            activity("s1", "f1", "Kort aktivitet om ledning och kunskap."),
            activity("m1", "f1", &tall(25, "MELLAN")),
            activity("t2", "f1", &tall(280, "ANDRA")),
        ]
        .concat();
        // Two in a row: the second, in a part of its own, keeps the
        // first's row from being kept with the title.
        let f2 = [
            activity("t3", "f2", &format!("Q3 {}", tall(280, "TREDJE"))),
            activity("t4", "f2", &tall(200, "FJÄRDE")),
        ]
        .concat();
        let dir = support::temp_dir();
        let data = bundled_plan_with(
            dir.path(),
            &[
                (
                    "      title: Styrning och ledning som underlättar hälsofrämjande och förebyggande insatser utifrån behov\n",
                    "      title: Styrning och ledning som underlättar hälsofrämjande och förebyggande insatser Q7\n".into(),
                ),
                (
                    "      title: Hälsofrämjande förhållningssätt i möten med patienter\n",
                    "      title: P5 Hälsofrämjande förhållningssätt i möten med patienter, närstående och \
                     medarbetare i hela vårdkedjan R8\n".into(),
                ),
                ("    - id: a2\n", format!("{f1}    - id: a2\n")),
                ("    - id: a6\n", format!("{f2}    - id: a6\n")),
            ],
        );
        let document = support::plan_source(&support::year(&data, 2024));
        let pages = support::typeset(&document);
        support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
        let placed = support::placed_text(&pages);
        let pages_with = |needle: &str| {
            let mut pages: Vec<usize> = placed
                .iter()
                .filter(|p| p.text.contains(needle))
                .map(|p| p.page)
                .collect();
            pages.dedup();
            pages
        };
        assert_eq!(
            pages_with("Styrning och"),
            pages_with("Q7"),
            "with a first tall activity of {words} words, the title's first and last lines are \
             on different pages"
        );
        assert_eq!(
            pages_with("P5"),
            pages_with("R8"),
            "with a first tall activity of {words} words, the second title's first and last \
             lines are on different pages"
        );
        // The first activity of each part stands beside its title.
        assert!(pages_with("Styrning och").contains(&pages_with("Kort aktivitet")[0]));
        assert!(pages_with("P5").contains(&pages_with("Q3")[0]));
    }
}

#[test]
fn a_follow_up_taller_than_a_page_goes_on_over_the_next() {
    // The follow-up cell spans its area's rows, and makes the last of them
    // as tall as itself: that row was kept on one page, and what did not
    // fit ran off its foot.
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::root().join("data/2024"), &data.join("2024"));
    let path = data.join("2024/plan.yaml");
    let plan = std::fs::read_to_string(&path).unwrap();
    let follow_up = "Dialog med processledarna och temagrupperna om utveckling i regionerna. \
                     Resultat från följdfrågor till självvärderingsverktyg 2024.";
    let long: Vec<String> = (0..40)
        .map(|i| format!("Mening {i}: dialog med processledarna om utveckling och resultat."))
        .collect();
    let at = plan
        .find("- id: f2")
        .and_then(|f2| plan[f2..].find(follow_up).map(|i| f2 + i));
    let at = at.expect("f2's follow-up");
    let plan = format!(
        "{}{}{}",
        &plan[..at],
        long.join(" "),
        &plan[at + follow_up.len()..]
    );
    std::fs::write(&path, plan).unwrap();
    let text = plan_text_on_the_page(&data);
    assert_shows(&text, "Mening 39: dialog");
}

#[test]
fn the_widest_timeline_not_measured_still_fits_on_a_landscape_page() {
    // The timeline is the action-plan table's narrowest column; a row with
    // a shorter text than `may_not_fit_a_page` marks is kept whole unmeasured.
    let dir = support::temp_dir();
    let timeline: String = "WMWMWMW ".repeat(40).chars().take(250).collect();
    let data = fixture_plan_with(
        dir.path(),
        &[(
            "      timeline: Februari\n",
            format!("      timeline: {}\n", timeline.trim_end()),
        )],
    );
    plan_text_on_the_page(&data);
}

#[test]
fn a_run_wider_than_its_column_wraps_on_the_page() {
    // The action-plan table's last columns are narrow: a run of letters
    // without a space in a timeline (one line) or a follow-up (Markdown)
    // gets break opportunities, or it would run off the page's side. So
    // does a run of 34 wide capitals: fewer letters than a long Swedish
    // word, but wider than the room from the Uppföljning column to the
    // page's edge.
    for run in [
        "Uppföljningsregistreringsrutinsbeskrivning".repeat(3),
        "WM".repeat(17),
        // Broken by Typst itself after each hyphen, with no help.
        "WMWMWM-".repeat(8),
    ] {
        let dir = support::temp_dir();
        let data = fixture_plan_with(
            dir.path(),
            &[
                (
                    "      timeline: Februari\n",
                    format!("      timeline: {run}\n"),
                ),
                (
                    "      follow_up: Dialog.\n",
                    format!("      follow_up: Se {run} Dialog.\n"),
                ),
            ],
        );
        assert_shows(&plan_text_on_the_page(&data), &run);
    }
}

#[test]
fn an_address_in_prose_breaks_only_at_its_marks() {
    // Break opportunities inside 'regionvasterbotten', which the narrow
    // Tidplan column needs, split it in justified prose where the whole
    // name fits the next line: "info@regionvaster" over "botten.se".
    // Thirty paragraphs put the address at thirty places on a line.
    let paragraphs: Vec<String> = (0..30)
        .map(|words| {
            format!(
                "{}Rapporter skickas till info@regionvasterbotten.se, till oss, som \
                 rapport_verksamhetsutvecklingsplanen_2024.pdf.",
                "hälsa ".repeat(words)
            )
        })
        .collect();
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[(
            "about: Ett litet nätverk för tester.\n",
            format!("about: |\n  {}\n", paragraphs.join("\n\n  ")),
        )],
    );
    let pages = support::typeset(&support::plan_source(&support::year(&data, 2024)));
    let placed = support::placed_text(&pages);
    // Each in every paragraph (whole on its line: below).
    let text = support::squash(&plain_text(&pages));
    for whole in ["info@regionvasterbotten.se", "verksamhetsutvecklingsplanen"] {
        assert_eq!(text.matches(whole).count(), 30, "{whole}");
    }
    // (A piece of 15 to 21 em, 'verksamhetsutvecklingsplanen', was split too.)
    let split: Vec<String> = placed
        .into_iter()
        .filter(|t| {
            t.text.contains("regionv")
                || t.text.starts_with("botten")
                || t.text.contains("verksamhetsutv")
                || t.text.starts_with("lanen")
        })
        .map(|t| t.text)
        .filter(|text| {
            !text.contains("regionvasterbotten") && !text.contains("verksamhetsutvecklingsplanen")
        })
        .collect();
    assert!(split.is_empty(), "split inside the domain: {split:?}");
}

/// Asserts that the texts of the action plan's table that hold one of
/// `needles` end before the table's right edge, at the page's right
/// margin (2 cm), where its last column, Uppföljning, ends.
#[track_caller]
fn assert_in_the_table(placed: &[support::Placed], needles: &[&str]) {
    let heading = placed
        .iter()
        .find(|t| t.text.trim() == "Uppföljning")
        .expect("the heading");
    let edge = heading.page_size.x - Abs::cm(2.0);
    let on_its_page = placed.iter().filter(|t| t.page == heading.page);
    support::assert_ends_before(on_its_page, needles, edge);
}

/// Asserts that the texts of the action plan's table that hold one of
/// `needles` end before the border of the column whose heading is `next`
/// (the heading starts the cell's inset, 5 pt, after it).
#[track_caller]
fn assert_in_the_column_before(placed: &[support::Placed], needles: &[&str], next: &str) {
    let heading = placed
        .iter()
        .find(|t| t.text.trim() == next)
        .unwrap_or_else(|| panic!("no heading {next}"));
    let border = heading.start.x - Abs::pt(5.0);
    let on_its_page = placed.iter().filter(|t| t.page == heading.page);
    support::assert_ends_before(on_its_page, needles, border);
}

#[test]
fn a_stretch_with_no_place_to_break_stays_in_its_action_table_column() {
    // Unicode's rules allow no break before a closing mark or after an
    // opening one, and a word joiner glues a word to the space before it;
    // the table's fallback, a break every 6 em, skipped such places and
    // left these whole, across the next column and off the page.
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "      timeline: Februari\n",
                "      timeline: Kvartal2025...........................\n".to_string(),
            ),
            (
                "      responsible: Projektledare\n",
                format!(
                    "      responsible: \"{}slut\"\n",
                    "Verksamhet \\u2060".repeat(4)
                ),
            ),
            (
                "      follow_up: Dialog.\n",
                "      follow_up: Folk(**häl**)so(**myn**)dig(**hets**)rap(**por**)ten(**2024**)\n"
                    .to_string(),
            ),
            // Brackets glue to the box a break is set as: the break is the
            // character itself.
            (
                "      timeline: Hösten\n",
                format!("      timeline: \"{}{}\"\n", "(".repeat(23), ")".repeat(23)),
            ),
        ],
    );
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let placed = support::placed_text(&pages);
    assert_in_the_column_before(&placed, &["Kvartal", "...", "((", "))"], "Uppföljning");
    assert_in_the_column_before(&placed, &["slut", "\u{2060}"], "Tidplan");
    assert_in_the_table(&placed, &["Folk", "häl", "2024", "ten"]);
}

#[test]
fn a_style_from_an_older_export_fails_with_a_hint_to_export_again() {
    // The built-in templates call the style's functions as this version
    // has them; a style exported before `narrow-room` came has none. It
    // fails every build, though only a text with a word that may be too
    // wide for its column has hfs-report write a call of `narrow-word`.
    let dir = support::temp_dir();
    let style = std::fs::read_to_string(support::root().join("templates/hfs-style.typ")).unwrap();
    let older = style.replace("#let narrow-room(", "#let no-longer-narrow-room(");
    assert_ne!(older, style);
    support::templates_folder(dir.path(), "mine", "hfs-style.typ", &older);
    let data = fixture_plan_with(dir.path(), &[]);
    // A failed build with the templates of `folder`: its messages.
    let failed = |folder: &str| {
        let output = support::run(
            dir.path(),
            &[
                "build",
                "--data",
                data.to_str().unwrap(),
                "--templates",
                folder,
            ],
        );
        let stderr = support::stderr(&output);
        assert_eq!(output.status.code(), Some(3), "{stderr}");
        stderr
    };
    let stderr = failed("mine");
    assert!(
        stderr.contains("unresolved import") && stderr.contains("narrow-word, narrow-room"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: mine holds hfs-style.typ; hfs-report")
            && stderr.contains("gives the others (verksamhetsplan.typ.j2, ")
            && stderr.contains("hfs-report templates export NEW"),
        "{stderr}"
    );
    // A folder with every template in it is the user's own: a mistake in
    // it gets no such hint.
    let export = support::run(dir.path(), &["templates", "export", "all"]);
    assert!(export.status.success(), "{}", support::stderr(&export));
    std::fs::write(dir.path().join("all/hfs-style.typ"), &older).unwrap();
    let stderr = failed("all");
    assert!(stderr.contains("unresolved import"), "{stderr}");
    assert!(!stderr.contains("hint: all"), "{stderr}");
    // A template's macro missing gets it too.
    support::templates_folder(dir.path(), "charts", "charts.typ.j2", "{# none #}\n");
    let stderr = failed("charts");
    assert!(
        stderr.contains("has no method named chart")
            && stderr.contains("hint: charts holds charts.typ.j2; hfs-report"),
        "{stderr}"
    );
    // Files exported by this version, one with the user's own mistake:
    // the versions fit, and the hint would send the user the wrong way.
    let some = support::exported_plan_templates(dir.path(), "some");
    let plan = some.join("verksamhetsplan.typ.j2");
    let mine = std::fs::read_to_string(&plan).unwrap() + "#nosuchfunction()\n";
    std::fs::write(&plan, &mine).unwrap();
    let stderr = failed("some");
    assert!(
        stderr.contains("unknown variable: nosuchfunction"),
        "{stderr}"
    );
    assert!(!stderr.contains("hint: some holds"), "{stderr}");
    // One whose first line another version wrote gets it, named.
    let style = some.join("hfs-style.typ");
    let text = std::fs::read_to_string(&style).unwrap();
    let (mark, rest) = text.split_once('\n').unwrap();
    assert!(mark.starts_with("// exported by hfs-report "), "{mark}");
    std::fs::write(
        &style,
        format!("// exported by hfs-report 0.0.9 (built-in templates 0)\n{rest}"),
    )
    .unwrap();
    let stderr = failed("some");
    assert!(
        stderr.contains("hint: some holds hfs-style.typ, verksamhetsplan.typ.j2; hfs-report")
            && stderr.contains("; hfs-style.typ is not as this version exports it, and templates"),
        "{stderr}"
    );
    // Not for a mistake in the style itself, outside any call from a
    // template (nor a note that names the line that imports it) ...
    let built_in =
        std::fs::read_to_string(support::root().join("templates/hfs-style.typ")).unwrap();
    let typo = built_in.replacen("accent: rgb(", "accent: darkred, x: rgb(", 1);
    assert_ne!(typo, built_in);
    support::templates_folder(dir.path(), "typo", "hfs-style.typ", &typo);
    let stderr = failed("typo");
    assert!(
        stderr.contains("unknown variable: darkred") && stderr.contains("typo/hfs-style.typ:"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("hint: typo holds") && !stderr.contains("note: this line"),
        "{stderr}"
    );
    // ... nor for a mistake in the Typst a template writes ...
    let written = std::fs::read_to_string(&plan).unwrap();
    for (mistake, error) in [
        ("#text(fill: red, \"hej)\n", "error: unclosed delimiter"),
        // (An error of no width, where something was expected.)
        ("#let x = 1 +\n", "error: expected expression"),
    ] {
        std::fs::write(&plan, format!("{written}{mistake}")).unwrap();
        let stderr = failed("some");
        assert!(stderr.contains(error), "{stderr}");
        assert!(!stderr.contains("hint: some holds"), "{stderr}");
    }
    // ... nor for a file that cannot be read (saved as UTF-16).
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(built_in.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("typo/hfs-style.typ"), utf16).unwrap();
    let stderr = failed("typo");
    assert!(stderr.contains("UTF-16"), "{stderr}");
    assert!(!stderr.contains("hint: typo holds"), "{stderr}");
}

#[test]
fn an_address_or_file_name_stays_inside_its_narrow_column() {
    // The action plan's Ansvariga and Tidplan columns hold some 11 and 8 em
    // of text. An e-mail address and a file name wider than that break
    // after their dots, at signs and underscores, before the cell's
    // border, and copy whole.
    let address = "anna-karin.andersson@regionvasterbotten.se";
    let file = "verksamhetsplan_2024_slutlig_version.docx";
    // A part between marks wider than Tidplan breaks inside as well: it
    // ran over the Uppföljning beside it.
    let long_part = "kontakt@regionjamtlandharjedalen.se";

    // In the plan's prose, which is hyphenated, a domain long enough to
    // break breaks where it was given break opportunities, with no hyphen.
    let domain = format!("{}se", "regionvasterbotten.".repeat(6));
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "      responsible: Projektledare\n",
                format!("      responsible: {address}\n"),
            ),
            (
                "      timeline: Februari\n",
                format!("      timeline: {file}\n"),
            ),
            (
                "      timeline: Hösten\n",
                format!("      timeline: {long_part}\n"),
            ),
            (
                "about: Ett litet nätverk för tester.\n",
                format!("about: Se {domain} för mer.\n"),
            ),
        ],
    );
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    support::assert_prints_whole(&document, &pages, &[address, file, long_part, &domain]);
    // The table's cells, on the pages whose headings are found.
    let placed = support::placed_text(&pages);
    assert_in_the_column_before(&placed, &["andersson", "vasterbotten"], "Tidplan");
    assert_in_the_column_before(&placed, &["verksamhetsplan", "version"], "Uppföljning");
    assert_in_the_column_before(&placed, &["kontakt", "harjedalen"], "Uppföljning");
}

#[test]
fn a_word_wider_than_its_action_table_column_breaks_there_and_one_that_fits_does_not() {
    // Tables do not hyphenate, and a word wider than its column of the
    // action table ran over the cell's border into the next column, or
    // over the table's edge. Now it is hyphenated there, or, where Typst
    // would not hyphenate it (a digit inside), broken; a word that fits its
    // column is set whole, though it is wider in the widest face
    // (`Verksamhetsutvecklare`, 11.9 em in bold) than the column holds in
    // the regular one.
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "      responsible: Projektledare\n",
                "      responsible: Hälsofrämjandesamordnare\n".to_string(),
            ),
            (
                "      responsible: Arbetsgrupp\n",
                "      responsible: Anna Verksamhetsutvecklare\n".to_string(),
            ),
            (
                "      timeline: Februari\n",
                "      timeline: Kvartalsrapport2025\n".to_string(),
            ),
            // Glued to its brackets across spaces (Unicode's rules).
            (
                "      timeline: Hösten\n",
                "      timeline: \"(( Verksamhetsplaneringen )),\"\n".to_string(),
            ),
            // Glued too, and narrower than Prioriterade aktiviteter: it
            // goes to the next line whole, not apart at its spaces.
            (
                "      text: Ta fram material om data\n",
                "      text: Läs rapporten om arbetet ( Tandvårdsförvaltningsorganisationernas ) och mer.\n"
                    .to_string(),
            ),
            // Compounds wider than Fokusområden (in bold) and Uppföljning,
            // there in part bold.
            (
                "      title: Styrning och ledning\n",
                "      title: Sjukvårdsförvaltningsorganisationen\n".to_string(),
            ),
            (
                "      follow_up: Dialog.\n",
                "      follow_up: Dialog med Folkhälsomyndighetsrapporteringen och \
                 **Kunskaps**styrningsorganisationerna (**Regionsjukvårdsledningen2024**).\n"
                    .to_string(),
            ),
            // In lists, whose items are indented as far as their markers
            // are wide (`2024.`, which Markdown takes for a list's first
            // number), and six deep, where a word that cannot be
            // hyphenated breaks into pieces that fit the room left.
            (
                "      follow_up: Dialog.\n",
                [
                    "      follow_up: |",
                    "        2024. Hälsofrämjandesamordnarna",
                    "",
                    "        - Kunskapsstyrningsorganisationen",
                    "        - Arbetsmiljöuppföljningsrutinerna",
                    "",
                    "        1. a",
                    "           1. b",
                    "              1. c",
                    "                 1. d",
                    "                    1. e",
                    "                       1. Verksamhetsberättelse24",
                    "",
                ]
                .join("\n"),
            ),
            (
                "      text: Uppdatera stödmaterialet\n",
                "      text: \"123456789. Tandvårdsförvaltningsorganisationerna\"\n".to_string(),
            ),
        ],
    );
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let placed = support::placed_text(&pages);
    assert_in_the_column_before(&placed, &["nare"], "Tidplan");
    assert_in_the_column_before(&placed, &["Kvartals", "2025"], "Uppföljning");
    assert_in_the_column_before(&placed, &["neringen", ")),"], "Uppföljning");
    assert_in_the_column_before(&placed, &["Tandvårds", "valtnings"], "Ansvariga");
    // No line ends with an opening bracket: a text that ends with one has
    // another after it on its line.
    let line_ends_open = placed.iter().find(|t| {
        t.text.trim_end().ends_with('(')
            && !placed.iter().any(|next| {
                next.page == t.page
                    && (next.start.y - t.start.y).abs() < Abs::pt(0.5)
                    && next.start.x >= t.end.x - Abs::pt(0.5)
                    && !std::ptr::eq(next, *t)
            })
    });
    assert!(
        line_ends_open.is_none(),
        "a line ends with an opening bracket: {:?}",
        line_ends_open.map(|t| &t.text)
    );
    assert_in_the_column_before(
        &placed,
        &["Sjukvårds", "organisationen"],
        "Prioriterade aktiviteter",
    );
    assert_in_the_table(
        &placed,
        &[
            "Folkhälso",
            "rapporteringen",
            "Kunskaps",
            "styrnings",
            "organisation",
            "uppföljnings",
            "rutinerna",
            "Region",
            "ledningen",
            "Hälsofräm",
            "narna",
            "Verksamhetsb",
            "ttelse24",
        ],
    );
    let whole = |word: &str| placed.iter().any(|t| t.text.contains(word));
    assert!(!whole("Hälsofrämjandesamordnare"), "not broken");
    assert!(whole("Verksamhetsutvecklare"), "a word that fits is broken");
    // A hyphen where the line breaks (the typeset text has it as a soft
    // hyphen), inside the word.
    let text = hfs_report::typeset::plain_text(&pages);
    let (_, word) = text.split_once("Hälsofräm").expect("the title");
    let (head, _) = word.split_once("nare").expect("the title's end");
    assert!(
        head.contains('\u{ad}'),
        "not hyphenated: Hälsofräm{head}nare"
    );
}

#[test]
fn a_word_wider_than_its_box_in_the_organisation_chart_breaks_there() {
    // The organisation chart lists the theme groups in two columns of some
    // 13.4 em inside their box, has the process leaders' title in a box of
    // 17.6 em, and does not hyphenate: a compound wider than that ran into
    // the other column, or over the box's edge. Now it is hyphenated
    // there; a name that fits is set whole.
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "  theme_groups: [Tobak, Alkohol]\n",
                "  theme_groups: [Hälsofrämjandesamordnarnätverket, Tobak, Alkohol, \
                 Arbetsmiljöuppföljningsrutinerna]\n"
                    .to_string(),
            ),
            (
                "  process_leaders: HFS-processledare\n",
                "  process_leaders: Hälsofrämjandeprocessledarnätverket\n".to_string(),
            ),
        ],
    );
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let placed = support::placed_text(&pages);
    let name = |part: &str| {
        placed
            .iter()
            .find(|t| t.text.contains(part))
            .unwrap_or_else(|| panic!("no {part}"))
    };
    // The second column's markers stand a gutter (0.8 em of 9 pt) after the
    // first column; the second column ends at the box's inset (0.7 em)
    // before the right margin (2.4 cm).
    let tobak = name("Tobak");
    let second_column = placed
        .iter()
        .filter(|t| t.page == tobak.page && t.text.trim() == "•")
        .map(|t| t.start.x)
        .fold(Abs::zero(), Abs::max);
    // The chart's text, 9 pt.
    let first_page = placed
        .iter()
        .filter(|t| t.page == tobak.page && (t.size - Abs::pt(9.0)).abs() < Abs::pt(0.01));
    support::assert_ends_before(
        first_page.clone(),
        &["Hälsofräm", "nätverket"],
        second_column - Abs::pt(7.2),
    );
    support::assert_ends_before(
        first_page.clone(),
        &["Arbetsmiljö", "rutinerna"],
        Abs::mm(210.0) - Abs::cm(2.4) - Abs::pt(6.3),
    );
    // The process leaders' box is the row's first: it ends a gap (1.5 em)
    // and the boxes' insets (0.7 em each) before the theme groups' text,
    // which starts with a marker.
    let first_marker = placed
        .iter()
        .filter(|t| t.page == tobak.page && t.text.trim() == "•")
        .map(|t| t.start.x)
        .fold(Abs::inf(), Abs::min);
    let left_box_ends = first_marker - Abs::pt(9.0 * (0.7 + 1.5 + 0.7));
    support::assert_ends_before(
        first_page.clone().filter(|t| t.start.x < left_box_ends),
        &["Hälsofräm", "nätverket"],
        left_box_ends,
    );
    for whole in [
        "Hälsofrämjandesamordnarnätverket",
        "Hälsofrämjandeprocessledarnätverket",
    ] {
        assert!(
            !placed.iter().any(|t| t.text.contains(whole)),
            "{whole} not broken"
        );
    }
    assert!(placed.iter().any(|t| t.text.contains("Alkohol")));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the plan's titles, names, questions and prose hold (that
    /// check lets through), the plan, a region's report and the network's
    /// typeset, export as PDF/A, and keep all their text on their pages.
    #[test]
    fn any_valid_plan_text_is_typeset_on_the_page(
        line in crate::injection::hostile_text(),
        prose in crate::injection::hostile_text(),
    ) {
        // A one-line text: line breaks would be an error, which the bad
        // input cases test.
        let line: String = line.chars().map(|c| if is_line_break(c) { ' ' } else { c }).collect();
        prop_assume!(!line.trim().is_empty());
        let dir = support::temp_dir();
        // JSON strings are YAML double-quoted scalars.
        let (line, prose) = (
            serde_json::to_string(&line).unwrap(),
            serde_json::to_string(&prose).unwrap(),
        );
        let data = fixture_plan_with(dir.path(), &[
            ("    name: Styr- och ledningsperspektivet\n", format!("    name: {line}\n")),
            ("    - title: Sprida kunskap\n", format!("    - title: {line}\n")),
            ("      title: Styrning och ledning\n", format!("      title: {line}\n")),
            ("      responsible: Projektledare\n", format!("      responsible: {line}\n")),
            ("      timeline: Februari\n", format!("      timeline: {line}\n")),
            // The organisation chart's narrow boxes.
            ("  process_leaders: HFS-processledare\n", format!("  process_leaders: {line}\n")),
            ("  theme_groups: [Tobak, Alkohol]\n", format!("  theme_groups: [{line}, Alkohol]\n")),
            (
                "    text: Används data om befolkningens hälsa i planeringen?\n",
                format!("    text: {line}\n"),
            ),
            ("about: Ett litet nätverk för tester.\n", format!("about: {prose}\n")),
            ("      text: Ta fram material om data\n", format!("      text: {prose}\n")),
            // The action-plan table's narrowest last column.
            ("      follow_up: Dialog.\n", format!("      follow_up: {prose}\n")),
        ]);
        let (year, diagnostics) = load_year(&data, 2024);
        // Characters the fonts lack are errors; what check refuses, the
        // bad input cases test.
        prop_assume!(year.is_some(), "{}", diagnostics);
        let year = year.unwrap();
        let renderer = Renderer::new(TemplateSource::default());
        let mut documents = followup_documents(&year, None, &[], &renderer, None)
            .expect("the reports render");
        documents.retain(|d| d.pdf_name().contains("natverket") || d.pdf_name().contains("norrland"));
        documents.push(support::plan_source(&year));
        for document in &documents {
            let pages = Typesetter::shared()
                .compile(&document.source)
                .map_err(|err| TestCaseError::fail(err.to_string()))?;
            Typesetter::shared()
                .pdf(&pages, &document.source)
                .map_err(|err| TestCaseError::fail(err.to_string()))?;
            support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
        }
    }
}

#[test]
fn the_organisation_chart_joins_its_boxes_with_lines() {
    let year = support::year(&support::root().join("data"), 2024);
    let pages = support::typeset(&support::plan_source(&year));
    let text = support::placed_text(&pages);
    // The chart lies between its top box and the heading after it (the
    // contents name both too, on an earlier page).
    let top = text
        .iter()
        .find(|t| t.text.contains("Presidieutskottet"))
        .expect("the chart's top box");
    let below = text
        .iter()
        .find(|t| t.page == top.page && t.text.contains("Nätverkets verksamhetsidé"))
        .expect("the heading after the chart on the chart's page");
    let chart = support::Band {
        page: top.page,
        top: top.start.y - Abs::pt(20.0),
        bottom: below.start.y,
    };
    let drawn: Vec<_> = support::drawn_shapes(&pages)
        .into_iter()
        .filter(|d| chart.holds(d.page, d.bounds().0))
        .collect();
    let lines: Vec<(Point, Point)> = drawn.iter().filter_map(|d| d.line()).collect();
    let boxes: Vec<(Point, Point)> = drawn
        .iter()
        .filter(|d| d.line().is_none() && d.shape.stroke.is_some())
        .map(|d| d.bounds())
        .collect();
    assert_eq!(
        boxes.len(),
        4,
        "committee, secretariat, process leaders, theme groups"
    );
    assert!(lines.len() >= 4, "only {} lines in the chart", lines.len());

    let near = |a: Abs, b: Abs| (a - b).abs() < Abs::pt(0.5);
    let between = |a: Abs, lo: Abs, hi: Abs| a > lo - Abs::pt(0.5) && a < hi + Abs::pt(0.5);
    let on_box = |p: Point, (min, max): (Point, Point)| {
        ((near(p.x, min.x) || near(p.x, max.x)) && between(p.y, min.y, max.y))
            || ((near(p.y, min.y) || near(p.y, max.y)) && between(p.x, min.x, max.x))
    };
    // Lines are horizontal or vertical: a point is on one when it is
    // inside the line's extent, widened by the tolerance.
    let on_line = |p: Point, (a, b): (Point, Point)| {
        between(p.x, a.x.min(b.x), a.x.max(b.x)) && between(p.y, a.y.min(b.y), a.y.max(b.y))
    };
    for (i, &line) in lines.iter().enumerate() {
        for end in [line.0, line.1] {
            let joined = boxes.iter().any(|&b| on_box(end, b))
                || lines
                    .iter()
                    .enumerate()
                    .any(|(j, &other)| j != i && on_line(end, other));
            assert!(
                joined,
                "a line of the chart ends at {end:?}, touching nothing"
            );
        }
    }
    for &b in &boxes {
        assert!(
            lines
                .iter()
                .any(|&(from, to)| on_box(from, b) || on_box(to, b)),
            "the box at {:?} has no line to it",
            b.0
        );
    }
    // A theme group's name that wraps goes on under its first word, not
    // under its bullet.
    let wrapped = text
        .iter()
        .find(|t| t.page == top.page && t.text == "arbetsplatser")
        .expect("'Hälsofrämjande arbetsplatser' wraps in the chart");
    let first = text
        .iter()
        .filter(|t| t.page == top.page && t.text.contains("Hälsofrämjande"))
        .filter(|t| t.start.y < wrapped.start.y)
        .min_by_key(|t| wrapped.start.y - t.start.y)
        .expect("the name's first line");
    let bullet = text
        .iter()
        .filter(|t| near(t.start.y, first.start.y) && t.text.contains('•'))
        .filter(|t| t.start.x <= first.start.x)
        .max_by_key(|t| t.start.x)
        .expect("the name's bullet");
    assert!(
        wrapped.start.x > bullet.start.x + Abs::pt(1.0),
        "the name's second line starts under its bullet"
    );
}

#[test]
fn one_theme_group_is_one_theme_group() {
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[(
            "  theme_groups: [Tobak, Alkohol]\n",
            "  theme_groups: [Tobak]\n".to_string(),
        )],
    );
    let text = plan_text_on_the_page(&data);
    // In running text one is a word like two to twelve; the chart counts
    // in digits.
    assert_shows(
        &text,
        "består idag av tre regioner och organiserar en temagrupp.",
    );
    assert_shows(&text, "1 temagrupp");
    assert!(!text.contains("1 temagrupper"), "{text}");
}

#[test]
fn the_perspectives_sentence_stays_with_the_first_perspective() {
    // With 33 to 36 theme groups, "Perspektiv" and its one sentence stood
    // alone at the foot of page 3, the perspectives on page 4.
    for groups in 28..=40 {
        let names: Vec<String> = (0..groups)
            .map(|i| format!("Temagrupp {i} för hälsofrämjande arbete"))
            .collect();
        let dir = support::temp_dir();
        let data = fixture_plan_with(
            dir.path(),
            &[(
                "  theme_groups: [Tobak, Alkohol]\n",
                format!("  theme_groups: [{}]\n", names.join(", ")),
            )],
        );
        let pages = support::typeset(&support::plan_source(&support::year(&data, 2024)));
        let placed = support::placed_text(&pages);
        let sentence = placed
            .iter()
            .find(|t| t.text.starts_with("HFS-nätverket verkar inom"))
            .expect("the perspectives' sentence");
        let first = placed
            .iter()
            .find(|t| {
                (t.page, t.start.y) > (sentence.page, sentence.start.y)
                    && t.text == "Styr- och ledningsperspektivet"
            })
            .expect("the first perspective");
        assert_eq!(
            sentence.page, first.page,
            "{groups} theme groups: the sentence on page {}, the first perspective on {}",
            sentence.page, first.page
        );
        // Kept with what follows, it is still a paragraph for a screen
        // reader (text right inside a block is not).
        let around = support::elements_around(&pages, "verkar inom").expect("the sentence");
        assert!(around.iter().any(|e| e == "par"), "{around:?}");
    }
}

#[test]
fn theme_groups_too_many_for_the_chart_follow_it_as_a_list() {
    let dir = support::temp_dir();
    // Every third name takes some seven lines.
    let long = " för hälsofrämjande arbete i regionernas och kommunernas verksamheter, \
                med stöd av nätverkets sekretariat och processledare";
    let groups: String = (1..=150)
        .map(|i| {
            format!(
                "    - Temagrupp {i}{}\n",
                if i % 3 == 0 { long } else { "" }
            )
        })
        .chain([
            "    - Hälsofrämjandesamordnarnätverket\n".to_string(),
            "    - Kontakt kontakt@regionjamtlandharjedalen.se\n".to_string(),
            "    - Sista temagruppen\n".to_string(),
        ])
        .collect();
    let data = fixture_plan_with(
        dir.path(),
        &[(
            "  theme_groups: [Tobak, Alkohol]\n",
            format!("  theme_groups:\n{groups}"),
        )],
    );
    let text = plan_text_on_the_page(&data);
    assert_shows(&text, "153 temagrupper");
    assert_shows(&text, "Sista temagruppen");
    // The list's columns are as wide as the chart's, against which the
    // names' words were measured: each name stays in its column, and a
    // word that fits is not broken. (In a wider list at 10 pt, words that
    // fit it were broken, and a part of an address split at a letter.)
    let pages = support::typeset(&support::plan_source(&support::year(&data, 2024)));
    let placed = support::placed_text(&pages);
    assert!(
        placed
            .iter()
            .any(|t| t.text.contains("regionjamtlandharjedalen")),
        "the address's part is broken"
    );
    // The chart's text and the list's are 9 pt.
    let small = |t: &&support::Placed| (t.size - Abs::pt(9.0)).abs() < Abs::pt(0.01);
    let mut columns_checked = 0;
    for page in 1..=pages.pages().len() {
        // The list's markers, on the portrait pages (the action table has
        // 9 pt lists too).
        let markers: Vec<&support::Placed> = placed
            .iter()
            .filter(small)
            .filter(|t| t.page == page && t.page_size.x < t.page_size.y && t.text.trim() == "•")
            .collect();
        let (Some(first), Some(last)) = (
            markers.iter().map(|t| t.start.y).reduce(Abs::min),
            markers.iter().map(|t| t.start.x).reduce(Abs::max),
        ) else {
            continue;
        };
        // The names: on the chart's page (the one with its 20 pt count)
        // those from the first marker down, on the next pages all.
        let with_chart = placed
            .iter()
            .any(|t| t.page == page && (t.size - Abs::pt(20.0)).abs() < Abs::pt(0.01));
        let top = if with_chart { first } else { -Abs::inf() };
        let names: Vec<&support::Placed> = placed
            .iter()
            .filter(small)
            .filter(|t| t.page == page && t.start.y >= top && t.text.trim() != "•")
            .collect();
        // Each name ends a gutter (0.8 em of 9 pt) before the second
        // column's markers, or the box's inset (0.7 em) before the right
        // margin (2.4 cm).
        for &name in &names {
            let edge = if name.start.x < last {
                last - Abs::pt(7.2)
            } else {
                name.page_size.x - Abs::cm(2.4) - Abs::pt(6.3)
            };
            assert!(
                name.end.x <= edge + Abs::pt(0.01),
                "{:?} on page {page} ends {:?} past its column",
                name.text,
                name.end.x - edge
            );
        }
        columns_checked += 1;
    }
    assert!(
        columns_checked >= 2,
        "the list is on {columns_checked} pages"
    );
}

#[test]
fn no_theme_group_is_lost_where_the_list_starts_near_a_pages_foot() {
    // Thirty names of some 200 characters, too many for the chart, and
    // prose before it long enough that the list after the chart starts
    // near the foot of a page. Each name kept whole there, the first was
    // set in the page's last column and ran off its foot.
    let head = "Temagruppen för hälsofrämjande arbete i regionernas och kommunernas \
                verksamheter, med stöd av nätverkets sekretariat, processledare och \
                nationella koordinator samt";
    let groups: String = (1..=30)
        .map(|i| format!("    - {head} grupp{i:02} slut{i:02}\n"))
        .collect();
    for paragraphs in [20, 24, 26, 28] {
        let about: String = (0..paragraphs)
            .map(|k| format!("  Stycke {k} om nätverket och dess arbete.\n\n"))
            .collect();
        let dir = support::temp_dir();
        let data = fixture_plan_with(
            dir.path(),
            &[
                (
                    "  theme_groups: [Tobak, Alkohol]\n",
                    format!("  theme_groups:\n{groups}"),
                ),
                (
                    "about: Ett litet nätverk för tester.\n",
                    format!("about: |\n{about}"),
                ),
            ],
        );
        let text = plan_text_on_the_page(&data);
        for i in 1..=30 {
            assert_shows(&text, &format!("grupp{i:02} slut{i:02}"));
        }
    }
}

#[test]
fn a_byte_order_mark_inside_a_text_does_not_fail_the_pdf_export() {
    // U+FEFF inside a text (files joined, text pasted) passed check, and
    // the PDF/A export then refused it ("disallowed codepoint"), in prose,
    // in a table cell and in a name passed as a string alike.
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "about: Ett litet nätverk för tester.\n",
                "about: \"Se L\\ufeffX, **B\\ufeffC** och [L\\ufeffY](https://ex.se/a\\ufeffb).\"\n"
                    .to_string(),
            ),
            (
                "      timeline: Februari\n",
                "      timeline: \"Feb\\ufeffruari\"\n".to_string(),
            ),
            (
                "  name: Nätverket Hälsofrämjande hälso- och sjukvård\n",
                "  name: \"Nätverket\\ufeff Hälsofrämjande\"\n".to_string(),
            ),
        ],
    );
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    Typesetter::shared()
        .pdf(&pages, &document.source)
        .unwrap_or_else(|err| panic!("{err}"));
    let text = plain_text(&pages).replace('\u{2060}', "");
    assert_shows(&text, "Se LX, BC och LY.");
    assert_shows(&text, "Februari");
}

#[test]
fn a_link_with_swedish_letters_leads_where_it_says_in_every_reader() {
    // A PDF's link holds ASCII only; `å` written as it is, a reader may
    // take for two other letters, and the link leads nowhere.
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "about: Ett litet nätverk för tester.\n",
                "about: Se [vården](https://www.hälsa.se/vård?q=hälsa#ö) och [HPH](https://www.hphnet.org/).\n"
                    .to_string(),
            ),
            (
                "      text: Ta fram material om data\n",
                "      text: Skriv till [Åsa](mailto:åsa@region.se).\n".to_string(),
            ),
        ],
    );
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    let pdf = Typesetter::shared()
        .pdf(&pages, &document.source)
        .unwrap_or_else(|err| panic!("{err}"));
    let addresses: Vec<String> = support::link_addresses(&pdf)
        .into_iter()
        .map(|address| String::from_utf8(address).expect("UTF-8"))
        .collect();
    for address in [
        // The host as the domain name system knows it, the rest as the
        // bytes of its UTF-8.
        "https://www.xn--hlsa-loa.se/v%C3%A5rd?q=h%C3%A4lsa#%C3%B6",
        "https://www.hphnet.org/",
        "mailto:%C3%A5sa@region.se",
    ] {
        assert!(
            addresses.iter().any(|a| a == address),
            "{address}: {addresses:?}"
        );
    }
    assert_shows(&plain_text(&pages), "Se vården och HPH.");
}

#[test]
fn a_symbol_pasted_as_an_emoji_prints_as_the_fonts_have_it() {
    // Word, Outlook and chats write `✔️` as the check mark and U+FE0F
    // (shown as an emoji). check refused that; the symbol prints in the
    // plan, its selector hidden, and the PDF/A export takes it.
    let dir = support::temp_dir();
    let data = fixture_plan_with(
        dir.path(),
        &[
            (
                "about: Ett litet nätverk för tester.\n",
                "about: \"Klart \\u2714\\ufe0f, **viktigt \\u26a0\\ufe0f** och \\u2764\\ufe0f.\"\n"
                    .to_string(),
            ),
            (
                "  name: Nätverket Hälsofrämjande hälso- och sjukvård\n",
                "  name: \"Nätverket \\u2714\\ufe0f\"\n".to_string(),
            ),
        ],
    );
    let output = support::run(
        dir.path(),
        &["check", "--data", data.to_str().unwrap(), "--year", "2024"],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    Typesetter::shared()
        .pdf(&pages, &document.source)
        .unwrap_or_else(|err| panic!("{err}"));
    let text = plain_text(&pages);
    assert_shows(&text, "Klart ✔, viktigt ⚠ och ❤.");
    assert_shows(&text, "Nätverket ✔");
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
}

#[test]
fn a_logo_is_read_by_its_name_as_it_is() {
    // A text's byte-order mark goes to Typst as a word joiner; a file's
    // name with one named another file, and the logo was refused.
    let dir = support::temp_dir();
    let data = support::followup_fixture_with_logo(
        dir.path(),
        "logo.svg",
        &std::fs::read(support::root().join("tests/fixtures/logo/logo.svg")).unwrap(),
    );
    let name = "lo\u{feff}go.svg";
    std::fs::rename(data.join("2024/logo.svg"), data.join("2024").join(name)).unwrap();
    let path = data.join("2024/plan.yaml");
    let plan = support::replaced(
        &std::fs::read_to_string(&path).unwrap(),
        "  logo: logo.svg\n",
        "  logo: \"lo\\ufeffgo.svg\"\n",
    );
    std::fs::write(&path, plan).unwrap();
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    assert!(!support::placed_images(&pages).is_empty(), "no logo");
    // A line break in it, as macOS's `Icon\r`, stays one.
    let icon = "Icon\r.svg";
    std::fs::copy(data.join("2024").join(name), data.join("2024").join(icon)).unwrap();
    let plan = std::fs::read_to_string(&path).unwrap();
    let with_icon = support::replaced(
        &plan,
        "  logo: \"lo\\ufeffgo.svg\"\n",
        "  logo: \"Icon\\r.svg\"\n",
    );
    std::fs::write(&path, with_icon).unwrap();
    let document = support::plan_source(&support::year(&data, 2024));
    assert!(
        !support::placed_images(&support::typeset(&document)).is_empty(),
        "no icon"
    );
    std::fs::write(&path, plan).unwrap();
    // A message writes the invisible mark out.
    std::fs::write(data.join("2024").join(name), "no picture").unwrap();
    let (year, diagnostics) = load_year(&data, 2024);
    assert!(year.is_none());
    assert!(
        diagnostics
            .to_string()
            .contains("key 'network.logo' is 'lo<U+FEFF>go.svg', but Typst cannot"),
        "{diagnostics}"
    );
}

#[test]
fn a_wide_logo_keeps_clear_of_the_name_and_the_header_text() {
    // A word mark of 8:1 at the cover's 2.2 cm covered "HFS" and ran off
    // both edges; one of 40:1 at the header's 0.5 cm squeezed the
    // network's name into a column a syllable wide.
    for (width, height) in [(800, 100), (2000, 50)] {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"><rect width="{width}" height="{height}" fill="navy"/></svg>"#
        );
        let dir = support::temp_dir();
        let data = support::followup_fixture_with_logo(dir.path(), "logo.svg", svg.as_bytes());
        let pages = support::typeset(&support::plan_source(&support::year(&data, 2024)));
        let text = support::placed_text(&pages);
        let logos = support::placed_images(&pages);
        assert_eq!(logos.len(), pages.pages().len(), "one logo a page");
        for logo in logos {
            let page_width = pages.pages()[logo.page - 1].frame.width();
            let right = logo.at.x + logo.size.x;
            assert!(
                logo.at.x >= Abs::zero() && right <= page_width,
                "{width}:{height}: the logo on page {} runs off it",
                logo.page
            );
            // Text beside the logo ends before it.
            for t in text.iter().filter(|t| t.page == logo.page) {
                let beside = t.start.y >= logo.at.y && t.start.y <= logo.at.y + logo.size.y;
                assert!(
                    !beside || t.end.x <= logo.at.x || t.start.x >= right,
                    "{width}:{height}: {:?} on page {} runs under the logo",
                    t.text,
                    logo.page
                );
            }
        }
        // The header's name is on one line: as high as the header's type.
        let names = text
            .iter()
            .filter(|t| t.page == 3 && t.start.y < Abs::cm(2.5) && t.text.contains("Nätverket"))
            .count();
        assert_eq!(
            names, 1,
            "{width}:{height}: the network's name in one piece"
        );
    }
}

#[test]
fn the_logo_is_on_the_cover_and_in_every_page_header() {
    let dir = support::temp_dir();
    let logo = std::fs::read(support::root().join("tests/fixtures/logo/logo.svg")).unwrap();
    let data = support::followup_fixture_with_logo(dir.path(), "logo.svg", &logo);

    let year = support::year(&data, 2024);
    let document = support::plan_source(&year);
    assert!(
        document
            .source
            .files
            .iter()
            .any(|(name, _)| name == "logo.svg")
    );
    let pages = Typesetter::new().compile(&document.source).unwrap();
    for (number, page) in pages.pages().iter().enumerate() {
        assert_eq!(
            images(&page.frame),
            1,
            "page {} has the logo once",
            number + 1
        );
    }
}

/// The bundled 2024 plan in `dir` with its texts replaced (`old`, `new`,
/// each `old` found once), typeset; the page where each of `marks` is (a
/// text a line holds; the last place, for the focus areas are listed
/// before the table too).
fn pages_of_marks(dir: &Path, edits: &[(&str, String)], marks: &[&str]) -> Vec<usize> {
    let data = dir.join("data");
    support::copy_tree(&support::root().join("data/2024"), &data.join("2024"));
    let path = data.join("2024/plan.yaml");
    let mut plan = std::fs::read_to_string(&path).unwrap();
    for (old, new) in edits {
        assert_eq!(plan.matches(old).count(), 1, "{old}");
        plan = plan.replace(old, new);
    }
    std::fs::write(&path, plan).unwrap();
    let document = support::plan_source(&support::year(&data, 2024));
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let placed = support::placed_text(&pages);
    marks
        .iter()
        .map(|mark| {
            placed
                .iter()
                .rfind(|p| p.text.contains(mark))
                .map(|p| p.page)
                .unwrap_or_else(|| panic!("no '{mark}' on any page"))
        })
        .collect()
}

/// A follow-up text taller than a landscape page, for f2.
fn follow_up_taller_than_a_page() -> (&'static str, String) {
    let sentence = "Dialog med processledarna och temagrupperna om utveckling i regionerna. ";
    (
        "        Dialog med processledarna och temagrupperna om utveckling i regionerna. \
         Resultat från följdfrågor till självvärderingsverktyg 2024.\n    - id: f3",
        format!("        {}\n    - id: f3", sentence.repeat(40)),
    )
}

#[test]
fn activities_beside_a_follow_up_taller_than_a_page_stay_with_their_title() {
    // The follow-up made the area's cells breakable, so nothing held its
    // rows together: the last went on alone to the next page, beside the
    // empty rest of the title's cell, with no title there.
    let dir = support::temp_dir();
    let digitimme = "Digitimme om det hälsofrämjande förhållningssättet i mötet med patienter \
                     och närstående. ";
    let pages = pages_of_marks(
        dir.path(),
        &[
            follow_up_taller_than_a_page(),
            (
                "      text: Digitimme om det hälsofrämjande förhållningssättet.\n",
                format!("      text: {}\n", digitimme.repeat(7)),
            ),
        ],
        &[
            // The title's second line in its narrow column.
            "förhållningssätt i möten med",
            "Uppdatera stödmaterialet",
            "Skapa referensgrupp",
        ],
    );
    assert_eq!(pages[0], pages[1], "title and first activity: {pages:?}");
    assert_eq!(pages[0], pages[2], "title and last activity: {pages:?}");
}

#[test]
fn the_last_activity_beside_a_follow_up_taller_than_a_page_is_not_split() {
    // The last row an area's part spans was made breakable to take the
    // follow-up's height, and a row that fits on a page broke in two.
    let dir = support::temp_dir();
    let digitimme = "Digitimme om det hälsofrämjande förhållningssättet i mötet med patienter \
                     och närstående. ";
    let referens = "Skapa referensgrupp av personer med erfarenhet av hälso- och sjukvård \
                    som stöd för temagrupperna. ";
    let pages = pages_of_marks(
        dir.path(),
        &[
            follow_up_taller_than_a_page(),
            (
                "      text: Digitimme om det hälsofrämjande förhållningssättet.\n",
                format!("      text: START-A7 {}SLUT-A7\n", digitimme.repeat(9)),
            ),
            (
                "      text: Skapa referensgrupp av personer med erfarenhet av hälso- och \
                 sjukvård som stöd för temagrupperna.\n",
                format!("      text: {}\n", referens.repeat(8)),
            ),
        ],
        &["START-A7", "SLUT-A7"],
    );
    assert_eq!(pages[0], pages[1], "a7 starts and ends on pages {pages:?}");
}

#[test]
fn a_row_nearly_as_tall_as_the_table_page_is_kept_whole() {
    // Rows over the text area less 50 pt counted as taller than a page,
    // though the table's header takes some 16 pt: one of 437 pt broke.
    let dir = support::temp_dir();
    let sentence = "Utbildningsinsatser om levnadsvanor för chefer och medarbetare i regionerna. ";
    let last = "    - id: a14\n";
    let pages = pages_of_marks(
        dir.path(),
        &[(
            last,
            format!(
                "    - id: a15\n      focus_area: f4\n      text: START {}SLUT\n      \
                 responsible: Sekretariatet\n      timeline: Hösten\n{last}",
                sentence.repeat(21)
            ),
        )],
        &["START Utbildningsinsatser", "SLUT"],
    );
    assert_eq!(
        pages[0], pages[1],
        "the row starts and ends on pages {pages:?}"
    );
}

#[test]
fn an_unclosed_bracket_lists_ten_errors_each_with_its_template_line() {
    // Typst reported every line after it, some 300 errors, and every
    // template line came after all of them, apart from its error.
    let dir = support::temp_dir();
    let (_, output) = build_with_edited_plan_template(
        dir.path(),
        &[(
            "= {{ labels.mission }}\n",
            "= {{ labels.mission }}\n#text(fill: red, [oavslutad]\n",
        )],
    );
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    let errors = stderr.lines().filter(|l| l.starts_with("error: ")).count();
    // The one that names the document, and ten of Typst's.
    assert_eq!(errors, 11, "{stderr}");
    assert!(
        stderr.contains("more not listed (the first 10 are above"),
        "{stderr}"
    );
    // Each error's template line follows it, before the next error.
    let blocks: Vec<&str> = stderr.split("\nerror: ").skip(1).collect();
    assert_eq!(blocks.len(), 10);
    for block in blocks {
        assert_eq!(
            block
                .matches("note: this line was written by the template")
                .count(),
            1,
            "{block}"
        );
    }
}

#[test]
fn an_error_inside_the_style_names_the_template_line_of_the_call() {
    // A wrong argument fails inside the style's function; the error and
    // its trace are in hfs-style.typ, and no template line was named.
    let dir = support::temp_dir();
    let (broken, output) = build_with_edited_plan_template(
        dir.path(),
        &[("  year: [{{ plan.year }}],\n", "  year: (1, 2),\n")],
    );
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("error: expected content, found array"),
        "{stderr}"
    );
    let call = broken
        .lines()
        .position(|l| l == "#cover(")
        .expect("the cover's call")
        + 1;
    assert!(
        stderr.contains(&format!(
            "note: this line was written by the template mine/verksamhetsplan.typ.j2:{call}"
        )),
        "{stderr}"
    );
}

#[test]
fn a_template_that_prints_more_in_a_cell_loses_none_of_it() {
    // The README: such a template passes `none` as the cell's extent. The
    // area was measured, but a row taller than a page stayed whole and
    // ran off its foot, half of each activity's words below the page.
    let dir = support::temp_dir();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let more: Vec<String> = (0..600).map(|i| format!("ord{i}")).collect();
    let more = format!(
        "(text: [{{{{ act.text | md_in_column(1, lang) }}}} {} SLUTORD]",
        more.join(" ")
    );
    let original =
        std::fs::read_to_string(support::root().join("templates/verksamhetsplan.typ.j2")).unwrap();
    let edited = support::replaced(
        &original,
        "(text: [{{ act.text | md_in_column(1, lang) }}]",
        &more,
    );
    let edited = support::replaced(
        &edited,
        "extents: {{ act.extents | code }}",
        "extents: (none, none, none)",
    );
    std::fs::write(templates.join("verksamhetsplan.typ.j2"), edited).unwrap();
    let year = support::year(&support::root().join("data"), 2024);
    let renderer = Renderer::new(TemplateSource::folder(Some(templates)));
    let document = plan_document(&year, &renderer, None).expect("the plan renders");
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    assert_eq!(
        plain_text(&pages).matches("SLUTORD").count(),
        year.plan.plan.action_plan.activities.len()
    );
}

#[test]
fn a_templates_text_in_backticks_or_in_a_string_over_lines_prints_as_written() {
    // Raw text would be set in Typst's own mono font, which hfs-report has
    // not (nothing printed), and a line that ends inside a string or raw
    // text would have got the template's line mark in it (printed).
    let dir = support::temp_dir();
    let templates = dir.path().join("mine");
    std::fs::create_dir(&templates).unwrap();
    let original =
        std::fs::read_to_string(support::root().join("templates/verksamhetsplan.typ.j2")).unwrap();
    // Also strings that a middle branch, or an inner branch, opens, and a
    // tag that takes the line break before it away.
    let added = "Skriv till `info@hfs.se` eller ring.\n\n\
                 #let adress = \"Box 123\n123 45 Staden\"\n#adress\n\n\
                 ```\nrad ett\nrad två\n```\n\n\
                 #let mitt = {% if plan.year == 2023 %}\"a\nb\"{% elif plan.year == 2024 %}\"Mitt\n\
                 gren\"{% else %}\"e\nf\"{% endif %}\n#mitt\n\n\
                 #let inre = {% if plan.year == 2024 %}{% if plan.year == 2023 %}\"x\ny\"{% else %}\"Inre\n\
                 gren\"{% endif %}{% else %}\"z\"{% endif %}\n#inre\n\n\
                 Text ett\n{%- if plan.year == 2024 %} och mer{% endif %} slut.\n\n\
                 Nästa\n{%- if true -%}\n X\n{%- endif -%}\nY\n\n\
                 {% for i in [1, 2] %}rad{{ i }}\n{%- endfor %}\nEFTER\n\n\
                 {% set x %}hej\n{%- endset %}\nSäg {{ x }} nu. {{ x | md }} igen.\n\n\
                 Alfa\n\n{%- if plan.year %} BETA{% endif %}\n\n\
                 Tal {% for i in [1, 2, 3] %}{{ i }}\n{%- endfor %}\nslut\n\n\
                 {% filter upper %}{% include \"del:12.typ.j2\" %}{% endfilter %} efter\n\n\
                 = {{ labels.mission }}";
    let edited = support::replaced(&original, "= {{ labels.mission }}", added);
    std::fs::write(templates.join("verksamhetsplan.typ.j2"), edited).unwrap();
    std::fs::write(templates.join("del:12.typ.j2"), "Inkluderad\ntext").unwrap();
    let year = support::year(&support::root().join("data"), 2024);
    let renderer = Renderer::new(TemplateSource::folder(Some(templates)));
    let document = plan_document(&year, &renderer, None).expect("the plan renders");
    let text = support::typeset_text(&document);
    assert_shows(&text, "Skriv till info@hfs.se eller ring.");
    assert_shows(&text, "INKLUDERAD TEXT efter");
    assert_shows(&text, "Tal 123 slut");
    assert!(!text.to_lowercase().contains("typ.j2"), "{text}");
    assert_shows(&text, "Box 123 123 45 Staden");
    assert_shows(&text, "rad ett rad två");
    assert_shows(&text, "Mitt gren");
    assert_shows(&text, "Inre gren");
    assert_shows(&text, "Text ett och mer slut.");
    assert_shows(&text, "Nästa X Y");
    assert_shows(&text, "rad1 rad2 EFTER");
    assert_shows(&text, "Säg hej nu. hej igen.");
    assert_shows(&text, "Alfa BETA");
    assert!(!text.contains("hfs-template"), "{text}");
}
