//! Follow-up reports: a small data set whose figures are computed by hand,
//! checked on the typeset pages in Swedish and in English.

use std::path::Path;

use hfs_report::build::{Document, followup_documents};
use hfs_report::load::printable::first_unprintable;
use hfs_report::model::Id;
use hfs_report::render::{Renderer, TemplateSource};
use hfs_report::typeset::{Typesetter, plain_text};
use proptest::prelude::*;
use typst::layout::{Abs, Point};
use typst::visualize::{Color, Geometry, Paint};
use typst_layout::PagedDocument;

use crate::support::{self, assert_shows};

/// The typeset text of the reports of `regions`; when empty, of every
/// region's and, last, the network's.
fn reports(data: &Path, regions: &[&str]) -> Vec<(String, String)> {
    let (year, previous) = support::year_and_previous(data, 2024);
    let ids: Vec<Id> = regions.iter().map(|r| Id(r.to_string())).collect();
    let renderer = Renderer::new(TemplateSource::default());
    followup_documents(&year, previous.as_ref(), &ids, &renderer, None)
        .expect("the reports render")
        .iter()
        .map(|doc| (doc.pdf_name(), support::typeset_text(doc)))
        .collect()
}

/// Every follow-up document of `data`'s 2024, rendered (not typeset).
fn followup_of(data: &Path) -> Vec<Document> {
    let (year, previous) = support::year_and_previous(data, 2024);
    let renderer = Renderer::new(TemplateSource::default());
    followup_documents(&year, previous.as_ref(), &[], &renderer, None).expect("the reports render")
}

/// A copy of the fixture in `dir` with each `(file, old, new)` edit made
/// (`old` found once in the file, a path in the data folder); its data
/// folder.
fn fixture_edited(dir: &Path, edits: &[(&str, &str, &str)]) -> std::path::PathBuf {
    let data = dir.join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    for (file, old, new) in edits {
        let path = data.join(file);
        let text = support::replaced(&std::fs::read_to_string(&path).unwrap(), old, new);
        std::fs::write(&path, text).unwrap();
    }
    data
}

/// A copy of the fixture with plan.yaml's language set to English.
fn english_fixture(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("language: sv", "language: en");
    std::fs::write(&plan, text).unwrap();
    data
}

#[test]
fn a_region_sees_its_values_the_network_and_last_year_in_swedish() {
    let reports = reports(&support::followup_fixture(), &["norrland"]);
    assert_eq!(reports.len(), 1);
    let (name, text) = &reports[0];
    assert_eq!(name, "uppfoljning-2024-norrland.pdf");
    assert_shows(text, "Region Norrland har besvarat 4 av 4 indikatorer.");
    // hph-1: 7, 4, 9 → median 7, lowest 4, highest 9; last year 6.
    assert_shows(
        text,
        "Nätverket: median 7; lägst 4; högst 9 (3 regioner har svarat)",
    );
    assert_shows(text, "Föregående år (2023): 6");
    // Decimal comma and a no-break space before the percent sign.
    assert!(text.contains("45,5\u{a0}%"), "45,5 % with a no-break space");
    assert!(
        text.contains("1\u{a0}234\u{a0}st"),
        "1 234 st with no-break spaces"
    );
    // f1-data: ja, delvis, ja.
    assert_shows(
        text,
        "Nätverket: ja 2, delvis 1, nej 0 (3 regioner har svarat)",
    );
    // The comment prints literally, Typst and Jinja syntax included.
    assert_shows(
        text,
        "Kommentar med #set page(width: 1cm) och {{ plan.year }} och $x$",
    );
    // The activity status and its comment.
    assert_shows(text, "Genomförd");
    assert_shows(text, "Klart i februari, enligt plan");
    assert_shows(text, "Ej rapporterad");
}

#[test]
fn an_unanswered_value_says_so_and_every_page_says_example_data() {
    let reports = reports(&support::followup_fixture(), &["mitten"]);
    let text = &reports[0].1;
    assert_shows(text, "Region Mitten har besvarat 2 av 4 indikatorer.");
    assert_eq!(
        text.matches("Ej besvarad").count(),
        2,
        "f2-moten was blank, f2-antal missing"
    );
    assert_shows(text, "Föregående år (2023): 5");
    for (number, page) in text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        assert_shows(
            page,
            "Exempeldata: alla siffror i denna rapport är fiktiva.",
        );
        let _ = number;
    }
}

#[test]
fn the_network_report_lists_who_delivered_every_value_and_each_activity() {
    let reports = reports(&support::followup_fixture(), &[]);
    let (name, text) = reports.last().unwrap();
    assert_eq!(name, "uppfoljning-2024-natverket.pdf");
    assert_eq!(reports.len(), 4, "three regions and the network");
    // "3 av 3" says that all delivered; no sentence repeats it.
    assert_shows(text, "3 av 3 regioner har lämnat svar");
    assert!(!text.contains("Alla regioner har lämnat svar"));
    assert_shows(text, "Ta fram material om data");
    assert_shows(text, "Uppdatera stödmaterialet");
    // A scale's range, which neither the table's bare numbers nor the
    // bars' full width tells: in the table's key and the chart's heading.
    assert_shows(
        text,
        "hph-1 Standard 1 – organisationens åtagande (skala 1 till 10)",
    );
    assert_shows(
        text,
        "Standard 1 – organisationens åtagande (hph-1, skala 1 till 10)",
    );
    assert!(!text.contains("f2-moten, skala"), "{text}");
    // Each region's row of the table holds its own values (hph-1, f1-data,
    // f2-moten, f2-antal), each in the order of the indicators.
    let placed = support::placed_text(&support::typeset(&network_report(
        &support::followup_fixture(),
    )));
    let table = placed
        .iter()
        .find(|t| t.text == "Alla indikatorer")
        .expect("the table's heading");
    let row = |region: &str| {
        let head = placed
            .iter()
            .filter(|t| (t.page, t.start.y) > (table.page, table.start.y))
            .find(|t| t.text == region)
            .unwrap_or_else(|| panic!("no row for {region}"));
        let mut cells: Vec<&support::Placed> = placed
            .iter()
            .filter(|t| t.page == head.page && (t.start.y - head.start.y).abs() < Abs::pt(0.5))
            .collect();
        cells.sort_by(|a, b| a.start.x.to_pt().total_cmp(&b.start.x.to_pt()));
        let texts: Vec<String> = cells
            .iter()
            .map(|t| t.text.replace('\u{a0}', " "))
            .collect();
        texts.join(" | ")
    };
    assert_eq!(
        row("Region Norrland"),
        "Region Norrland | 7 | Ja | 45,5 % | 1 234 st"
    );
    assert_eq!(row("Region Mitten"), "Region Mitten | 4 | Delvis | – | –");
    assert_eq!(row("Region Söder"), "Region Söder | 9 | Ja | 80 % | 10 st");
}

#[test]
fn a_tally_chart_tells_a_screen_reader_which_count_is_which_answer() {
    // "Diagram: ja 2, delvis 1, nej 0 av 3 regioner." read as if only
    // the noes were of three regions. f1-data: ja, delvis, ja.
    let dir = support::temp_dir();
    let english = english_fixture(dir.path());
    for (data, said) in [
        (
            support::followup_fixture(),
            "Diagram: av 3 regioner har 2 svarat ja, 1 delvis och 0 nej.",
        ),
        (
            english,
            "Chart: of 3 regions, 2 answered yes, 1 partly and 0 no.",
        ),
    ] {
        let out = dir.path().join("out");
        support::build_2024(dir.path(), &data, &out, &["--region", "norrland"]);
        let pdf = std::fs::read(out.join("2024/uppfoljning-2024-norrland.pdf")).unwrap();
        let alts = support::alt_texts(&pdf);
        assert!(alts.iter().any(|alt| alt.starts_with(said)), "{alts:#?}");
    }
    // One answer is said as the answer it is.
    let data = support::followup_fixture_in(&dir.path().join("one"));
    support::drop_the_answers_of_soder(&data);
    let csv = data.join("2024/responses/svar.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replace("mitten,f1-data,delvis,\n", "")).unwrap();
    let out = dir.path().join("out");
    support::build_2024(dir.path(), &data, &out, &["--region", "norrland"]);
    let pdf = std::fs::read(out.join("2024/uppfoljning-2024-norrland.pdf")).unwrap();
    let alts = support::alt_texts(&pdf);
    assert!(
        alts.iter()
            .any(|alt| alt.starts_with("Diagram: en region har svarat, ja.")),
        "{alts:#?}"
    );
}

#[test]
fn a_scales_bar_chart_tells_a_screen_reader_its_range() {
    // The heading shows the range; the chart's text alternative, which a
    // screen reader reads in its place, says it too.
    let dir = support::temp_dir();
    let out = dir.path().join("out");
    support::build_2024(
        dir.path(),
        &support::followup_fixture(),
        &out,
        &["--only", "followup"],
    );
    let pdf = std::fs::read(out.join("2024/uppfoljning-2024-natverket.pdf")).unwrap();
    let alts = support::alt_texts(&pdf);
    let bars: Vec<&String> = alts
        .iter()
        .filter(|alt| alt.starts_with("Diagram över regionernas svar"))
        .collect();
    assert!(
        bars.iter()
            .any(|alt| alt.starts_with("Diagram över regionernas svar (skala 1 till 10): Region ")),
        "{alts:#?}"
    );
    // A percentage's has none. A region without an answer is one in the
    // sentence's list, without a capital.
    assert!(
        bars.iter().any(|alt| alt.contains("45,5\u{a0}%")
            && !alt.contains("skala")
            && alt.contains(", Region Mitten ej besvarad.")),
        "{alts:#?}"
    );
    // A region's dot chart says it too (hph-1: 7, 4, 9).
    let pdf = std::fs::read(out.join("2024/uppfoljning-2024-norrland.pdf")).unwrap();
    let alts = support::alt_texts(&pdf);
    assert!(
        alts.iter().any(|alt| alt
            .starts_with("Diagram (skala 1 till 10): 3 regioners svar mellan 4 och 9, median 7.")),
        "{alts:#?}"
    );
}

#[test]
fn last_years_value_is_shown_only_for_an_indicator_asked_the_same_way() {
    // 2023 asked hph-1 on a scale of 1 to 7 and f2-moten as a count; 2024
    // asks them on a scale of 1 to 10 and as a percentage. Norrland's 3 000
    // printed as "3 000 %". f2-antal is a count of 'st' both years.
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let plan = data.join("2023/plan.yaml");
    let text = support::replaced(
        &std::fs::read_to_string(&plan).unwrap(),
        "kind: scale, min: 1, max: 10 }\n",
        "kind: scale, min: 1, max: 7 }\n  \
         - { id: f2-moten, section: S, text: Möten, kind: number }\n  \
         - { id: f2-antal, section: S, text: Antal, kind: number, unit: st }\n",
    );
    std::fs::write(&plan, text).unwrap();
    let answers = data.join("2023/responses/svar-2023.csv");
    let mut text = std::fs::read_to_string(&answers).unwrap();
    text.push_str("norrland;f2-moten;3000\nnorrland;f2-antal;1000\n");
    std::fs::write(&answers, text).unwrap();
    let reports = reports(&data, &["norrland"]);
    let (_, text) = &reports[0];
    assert_shows(text, "Föregående år (2023): 1 000 st");
    assert!(!text.contains("3\u{a0}000"), "{text}");
    assert!(!text.contains("Föregående år (2023): 6"), "{text}");
    // Too long for one line of its column, the line breaks before the
    // value, not between the value and its unit ("1 000" over "st").
    let placed = support::placed_text(&support::typeset(&norrland_report(&data)));
    let value = placed
        .iter()
        .find(|t| t.text.contains("1\u{a0}000") && (t.size - Abs::pt(8.0)).abs() < Abs::pt(0.01))
        .expect("last year's value");
    assert!(
        value.text.ends_with("1\u{a0}000\u{a0}st"),
        "{:?}",
        value.text
    );
}

#[test]
fn english_reports_use_english_labels_and_number_formats() {
    let dir = support::temp_dir();
    let data = english_fixture(dir.path());
    let reports = reports(&data, &["norrland", "mitten"]);
    let norrland = &reports[0].1;
    assert_shows(norrland, "Region Norrland answered 4 of 4 indicators.");
    assert_shows(
        norrland,
        "Network: median 7, lowest 4, highest 9 (3 regions answered)",
    );
    assert_shows(norrland, "Previous year (2023): 6");
    // An English apostrophe, not the straight quote that the labels'
    // escaping keeps from becoming one.
    assert_shows(norrland, "The region’s answer");
    assert!(!norrland.contains("region's"), "{norrland}");
    // The plan is the "Operational plan" (its cover's title); its part
    // "Action plan" is the activities'.
    assert_shows(norrland, "Follow-up of the operational plan of the");
    assert!(norrland.contains("45.5%"), "45.5% in English");
    assert!(norrland.contains("1,234\u{a0}st"), "1,234 st in English");
    assert_shows(
        norrland,
        "Example data: all figures in this report are fictional.",
    );
    assert_eq!(
        reports[1].1.matches("Not answered").count(),
        2,
        "{}",
        reports[1].1
    );
}

#[test]
fn a_value_prints_with_the_decimals_it_was_written_with() {
    // Rounded to one decimal, an answer of 0,04 printed as 0, in the
    // region's report and in the network's figures alike.
    let dir = support::temp_dir();
    let data = fixture_with_a_count(dir.path(), "sv", "kr", "\"0,04\"");
    let answers = data.join("2024/responses/svar.csv");
    let text = support::replaced(
        &std::fs::read_to_string(&answers).unwrap(),
        "soder,f2-antal,10,",
        "soder,f2-antal,\"0,25\",",
    );
    std::fs::write(&answers, text).unwrap();
    let (_, norrland) = &reports(&data, &["norrland"])[0];
    assert!(norrland.contains("0,04\u{a0}kr"), "{norrland}");
    // The median, halfway between the two, has a decimal more.
    assert_shows(
        norrland,
        "Nätverket: median 0,145 kr; lägst 0,04 kr; högst 0,25 kr (2 regioner har svarat)",
    );
    let reports = reports(&data, &[]);
    let (name, network) = reports.last().unwrap();
    assert_eq!(name, "uppfoljning-2024-natverket.pdf");
    assert_shows(network, "Region Norrland 7 Ja 45,5 % 0,04 kr");
    assert_shows(network, "median 0,145 kr; lägst 0,04 kr; högst 0,25 kr");
}

#[test]
fn a_count_of_one_takes_the_singular_in_swedish_and_english() {
    // Without Söder's rows, one region has not delivered, and only
    // Norrland answered f2-moten (Mitten left it blank) and f2-antal.
    let dir = support::temp_dir();
    let data = english_fixture(dir.path());
    support::drop_the_answers_of_soder(&data);
    let english = reports(&data, &[]);
    let (norrland, network) = (&english[0].1, &english[3].1);
    assert_shows(network, "One region did not deliver answers:");
    // One answer is no spread: its value alone.
    assert_shows(norrland, "Network: 45.5% (1 region answered)");
    assert_shows(norrland, "(2 regions answered)");
    // Its chart's legend: one dot, and no median, which the line above
    // does not name either.
    assert_shows(
        norrland,
        "0% 100% Region Norrland region that answered Antal utbildade",
    );
    assert_shows(norrland, "Region Norrland regions that answered median");

    let plan = data.join("2024/plan.yaml");
    let swedish = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("language: en", "language: sv");
    std::fs::write(&plan, swedish).unwrap();
    let swedish = reports(&data, &[]);
    let (norrland, network) = (&swedish[0].1, &swedish[3].1);
    assert_shows(network, "2 av 3 regioner har lämnat svar");
    assert_shows(network, "En region har inte lämnat svar:");
    assert_shows(norrland, "Nätverket: 45,5 % (1 region har svarat)");
    assert_shows(norrland, "(2 regioner har svarat)");
    assert_shows(norrland, "Region Norrland svarande region Antal");
}

#[test]
fn a_regions_report_has_a_bookmark_for_each_indicator_and_says_on_its_cover_that_the_figures_are_examples()
 {
    let dir = support::temp_dir();
    let out = dir.path().join("out");
    support::build_2024(
        dir.path(),
        &support::followup_fixture(),
        &out,
        &["--only", "followup"],
    );
    let pdf = std::fs::read(out.join("2024/uppfoljning-2024-norrland.pdf")).unwrap();
    let bookmarks = support::bookmarks(&pdf);
    for indicator in [
        "Standard 1 – organisationens åtagande",
        "Används data om befolkningens hälsa i planeringen?",
        "Andel verksamheter som använt stödmaterialet",
        "Antal utbildade medarbetare",
    ] {
        assert!(
            bookmarks.iter().any(|b| b == indicator),
            "{indicator}: {bookmarks:?}"
        );
    }
    // The notice is in every page's footer, which is an artifact that a
    // screen reader skips; the cover says it in its text instead, above
    // the cover's bottom margin (3 cm), where no footer is.
    let placed = support::placed_text(&norrland_typeset());
    let first_page = placed.iter().map(|p| p.page).min().unwrap();
    let notices: Vec<&support::Placed> = placed
        .iter()
        .filter(|p| p.page == first_page && p.text.starts_with("Exempeldata"))
        .collect();
    assert_eq!(notices.len(), 1, "the cover says it once");
    // And what the network is a part of, under its name.
    assert!(
        placed.iter().any(
            |p| p.page == first_page && p.text.contains("en del av Health Promoting Hospitals")
        ),
        "the cover names the network's parent"
    );
    let notice = notices[0];
    assert!(
        notice.start.y < notice.page_size.y - Abs::cm(3.0),
        "the cover's notice stands in the footer, at {:?}",
        notice.start.y
    );
}

#[test]
fn a_focus_area_without_activities_or_indicators_says_so() {
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replacen(
        "  items:\n    - id: f1\n",
        "  items:\n    - id: f9\n      perspective: ledning\n      title: Ett nytt område\n      follow_up: Dialog.\n    - id: f1\n",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    let reports = reports(&data, &[]);
    let text_of = |name: &str| {
        reports
            .iter()
            .find(|(pdf, _)| pdf == name)
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let norrland = text_of("uppfoljning-2024-norrland.pdf");
    let network = text_of("uppfoljning-2024-natverket.pdf");
    assert_shows(
        &norrland,
        "Fokusområde: Ett nytt område Fokusområdet har inga aktiviteter eller indikatorer att följa upp.",
    );
    assert_shows(
        &network,
        "Fokusområde: Ett nytt område Handlingsplanen har inga aktiviteter inom fokusområdet.",
    );
}

#[test]
fn a_plan_without_activities_says_so_in_the_summaries() {
    // A draft's plan may have no activities yet: the summaries said
    // "Status of the 0 activities in the network's action plan:", and
    // nothing followed.
    let dir = support::temp_dir();
    let data = english_fixture(dir.path());
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let (before, after) = text.split_once("  activities:\n").unwrap();
    let rest = &after[after.find("\nindicators:").unwrap()..];
    std::fs::write(&plan, format!("{before}  activities: []\n{rest}")).unwrap();
    std::fs::remove_file(data.join("2024/activity-status.csv")).unwrap();
    let english = reports(&data, &[]);
    let (norrland, network) = (&english[0].1, &english[3].1);
    for report in [norrland, network] {
        assert_shows(report, "The network’s action plan has no activities.");
        assert!(!report.contains("Status of the"), "{report}");
    }
    // Said once: not again under each focus area.
    assert!(
        !network.contains("The action plan has no activities in this focus area."),
        "{network}"
    );
}

#[test]
fn a_network_report_without_any_answers_says_so_in_one_sentence() {
    // The responses file holds its header only; the activity statuses
    // make it a follow-up year.
    let dir = support::temp_dir();
    let data = english_fixture(dir.path());
    std::fs::write(
        data.join("2024/responses/svar.csv"),
        "region,indicator,value,comment\n",
    )
    .unwrap();
    let english = reports(&data, &[]);
    let network = &english[3].1;
    // Once, with the regions listed: not "No region delivered answers."
    // and then that three regions did not.
    assert_shows(network, "None of the three regions delivered answers:");
    assert!(!network.contains("No region delivered"), "{network}");
    assert!(!network.contains("regions did not deliver"), "{network}");
    assert!(!network.contains("0 of 3"), "{network}");
}

/// A copy of the fixture in `dir` in which Norrland's answer to f1-data
/// carries the comment `answer` and activity a1's status the comment
/// `activity` (each written as a quoted CSV field); its data folder.
fn fixture_with_comments(dir: &Path, answer: &str, activity: &str) -> std::path::PathBuf {
    let quoted = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let data = dir.join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let responses = data.join("2024/responses/svar.csv");
    let text = support::replaced(
        &std::fs::read_to_string(&responses).unwrap(),
        "norrland,f1-data,ja,\n",
        &format!("norrland,f1-data,ja,{}\n", quoted(answer)),
    );
    std::fs::write(&responses, text).unwrap();
    let statuses = data.join("2024/activity-status.csv");
    let text = support::replaced(
        &std::fs::read_to_string(&statuses).unwrap(),
        "\"Klart i februari, enligt plan\"",
        &quoted(activity),
    );
    std::fs::write(&statuses, text).unwrap();
    data
}

/// The network's report of the data in `data`, as compiled.
fn network_report(data: &Path) -> Document {
    followup_of(data)
        .into_iter()
        .find(|d| d.pdf_name().contains("natverket"))
        .expect("the network's report")
}

/// Norrland's report and the network's, typeset, each with its file name
/// (both, or the test fails: a loop over none would check nothing).
fn norrland_and_network(data: &Path) -> Vec<(String, Document, PagedDocument)> {
    let both: Vec<_> = followup_of(data)
        .into_iter()
        .filter(|d| d.pdf_name().contains("norrland") || d.pdf_name().contains("natverket"))
        .map(|d| {
            let pages = support::typeset(&d);
            (d.pdf_name(), d, pages)
        })
        .collect();
    assert_eq!(both.len(), 2, "Norrland's report and the network's");
    both
}

#[test]
fn many_indicators_share_several_tables_whose_values_do_not_overlap() {
    // 20 more number indicators, each answered with a wide value by every
    // region: in one table of 24 columns the values ran into each other,
    // and at 12 a table "123 456,5 arbetstimmar" is wider than its column.
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let mut plan = std::fs::read_to_string(data.join("2024/plan.yaml")).unwrap();
    let mut answers = std::fs::read_to_string(data.join("2024/responses/svar.csv")).unwrap();
    for i in 0..20 {
        plan.push_str(&format!(
            "  - id: extra-{i:02}\n    focus_area: f2\n    text: Timmar {i}\n    kind: number\n    unit: arbetstimmar\n"
        ));
        for region in ["norrland", "mitten", "soder"] {
            answers.push_str(&format!("{region},extra-{i:02},123456.5,\n"));
        }
    }
    std::fs::write(data.join("2024/plan.yaml"), plan).unwrap();
    std::fs::write(data.join("2024/responses/svar.csv"), answers).unwrap();
    let network = network_report(&data);
    let text = support::placed_text(&support::typeset(&network));

    // 24 indicators: two tables of twelve, each with the regions.
    let headers = text.iter().filter(|t| t.text == "Region").count();
    assert_eq!(headers, 2, "one 'Region' header per table");
    let next = text
        .iter()
        .find(|t| t.text == "Indikator för indikator")
        .expect("the section after the tables");
    let in_tables = |t: &support::Placed| (t.page, t.start.y) < (next.page, next.start.y);
    let values: Vec<&support::Placed> = text
        .iter()
        .filter(|t| in_tables(t) && t.text.contains("456,5"))
        .collect();
    assert_eq!(values.len(), 20 * 3, "every value");
    // On every line of a table, each value and region ends before the
    // next begins.
    let cells: Vec<&support::Placed> = text
        .iter()
        .filter(|t| in_tables(t) && (t.text.contains("456,5") || t.text.starts_with("Region ")))
        .collect();
    support::assert_none_runs_into_the_next(&cells);
}

/// A copy of the fixture in `dir` in `language` whose count f2-antal is
/// of `unit`, and Norrland's answer to it `value` (as a CSV cell).
fn fixture_with_a_count(dir: &Path, language: &str, unit: &str, value: &str) -> std::path::PathBuf {
    let data = dir.join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let plan = data.join("2024/plan.yaml");
    let text = support::replaced(
        &std::fs::read_to_string(&plan).unwrap(),
        "    unit: st\n",
        &format!("    unit: {unit}\n"),
    );
    let text = support::replaced(&text, "language: sv", &format!("language: {language}"));
    std::fs::write(&plan, text).unwrap();
    let answers = data.join("2024/responses/svar.csv");
    let text = support::replaced(
        &std::fs::read_to_string(&answers).unwrap(),
        "norrland,f2-antal,1234,",
        &format!("norrland,f2-antal,{value},"),
    );
    std::fs::write(&answers, text).unwrap();
    data
}

/// A copy of the fixture in `dir` in which Region Norrland is called `name`.
fn fixture_with_norrland_named(dir: &Path, name: &str) -> std::path::PathBuf {
    let data = dir.join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let plan = data.join("2024/plan.yaml");
    let text = support::replaced(
        &std::fs::read_to_string(&plan).unwrap(),
        "    name: Region Norrland\n",
        &format!("    name: {name}\n"),
    );
    std::fs::write(&plan, text).unwrap();
    data
}

/// Norrland's report of the year of `data`.
fn norrland_report(data: &Path) -> Document {
    followup_of(data)
        .into_iter()
        .find(|d| d.pdf_name().contains("norrland"))
        .expect("Norrland's report")
}

/// Norrland's report of the fixture, typeset.
fn norrland_typeset() -> PagedDocument {
    support::typeset(&norrland_report(&support::followup_fixture()))
}

/// The PDF of a rendered document, as a build writes it.
fn pdf_of(document: &Document) -> Vec<u8> {
    Typesetter::shared()
        .pdf(&support::typeset(document), &document.source)
        .unwrap_or_else(|err| panic!("{err}"))
}

#[test]
fn each_question_is_a_heading_of_its_own_and_a_comment_one_paragraph_with_its_label() {
    // A screen reader goes from one indicator's question to the next by
    // its heading. Set inline, the question was a heading inside a
    // paragraph (P > H3), which PDF/UA's nesting forbids; and the label
    // "Kommentar" stood apart from the comment, which began with a colon.
    let tags = support::tags(&pdf_of(&norrland_report(&support::followup_fixture())));
    let questions: Vec<&support::Tag> = tags.iter().filter(|t| t.role == "H3").collect();
    assert_eq!(
        questions.len(),
        4,
        "the fixture's four indicators: {tags:#?}"
    );
    for question in questions {
        assert_ne!(question.parent, "P", "{tags:#?}");
    }
    // Norrland commented on hph-1: its label is the one strong text in a
    // paragraph (the others are the status counts' figures and a chart's
    // label), and none stands alone in the document.
    let strong = |parent: &str| {
        tags.iter()
            .filter(|t| t.role == "Strong" && t.parent == parent)
            .count()
    };
    assert_eq!(strong("P"), 1, "{tags:#?}");
    assert_eq!(strong("Document"), 0, "{tags:#?}");
}

#[test]
fn a_name_that_wraps_in_the_second_half_of_who_delivered_stays_in_the_second_column() {
    // Columns as tall as the taller half, the second, drew the first line
    // of its long name into the first column.
    let dir = support::temp_dir();
    let long = format!("Region Söder {}", "med ett långt namn ".repeat(7));
    let data = fixture_edited(
        dir.path(),
        &[(
            "2024/plan.yaml",
            "    name: Region Söder\n",
            &format!("    name: {}\n", long.trim_end()),
        )],
    );
    let placed = support::placed_text(&support::typeset(&network_report(&data)));
    let lead = placed
        .iter()
        .find(|t| t.text.contains("regioner har lämnat svar"))
        .expect("the sentence that leads the list");
    let middle = lead.page_size.x / 2.0;
    let listed: Vec<&support::Placed> = placed
        .iter()
        .filter(|t| t.page == lead.page && t.start.y > lead.start.y)
        .take_while(|t| !t.text.contains("Alla indikatorer"))
        .collect();
    let texts: Vec<&str> = listed.iter().map(|t| t.text.as_str()).collect();
    // Whether each line that holds `word` stands in the right column.
    let right = |word: &str| -> Vec<bool> {
        let mut lines: Vec<(Abs, bool)> = listed
            .iter()
            .filter(|t| t.text.contains(word))
            .map(|t| (t.start.y, t.start.x > middle))
            .collect();
        lines.dedup_by(|a, b| (a.0 - b.0).abs() < Abs::pt(0.5));
        lines.into_iter().map(|(_, right)| right).collect()
    };
    assert_eq!(right("Norrland"), [false], "{texts:?}");
    assert_eq!(right("Mitten"), [false], "{texts:?}");
    let söder = right("långt");
    assert!(
        söder.len() >= 3 && söder.iter().all(|&right| right),
        "{söder:?} {texts:?}"
    );
}

#[test]
fn who_delivered_and_who_did_not_are_one_list_each_to_a_screen_reader() {
    // Set in two columns as two lists, the names of those who delivered
    // were read as two lists, and a single name as a list of one and an
    // empty one ("list, 0 items").
    let lists = |data: &Path| -> Vec<usize> {
        support::tags(&pdf_of(&network_report(data)))
            .iter()
            .filter(|t| t.role == "L")
            .map(|list| list.children.iter().filter(|kid| *kid == "LI").count())
            .collect()
    };
    assert_eq!(lists(&support::followup_fixture()), [3]);
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    support::drop_the_answers_of_soder(&data);
    assert_eq!(lists(&data), [2, 1]);
}

#[test]
fn the_status_counts_are_as_far_apart_as_lines_of_text() {
    // A grid row is as high as its capitals; with too little gutter the
    // descenders of one line touch the next ("Ej påbörjad" over "Framflyttad").
    // The fixture's statuses: one done, the others not reported.
    let pages = norrland_typeset();
    let text = support::placed_text(&pages);
    // Under the region's own count of answers: the counts are the
    // network's, the same in every region's report, and say so.
    let intro = text
        .iter()
        .find(|t| t.text.starts_with("Status för de "))
        .expect("the summary's status counts");
    assert!(
        intro
            .text
            .ends_with("aktiviteterna i nätverkets handlingsplan:"),
        "{}",
        intro.text
    );
    let list = support::Band::below(intro, Abs::pt(100.0));
    let mut lines: Vec<&support::Placed> = text
        .iter()
        .filter(|t| list.holds(t.page, t.start))
        .filter(|t| ["Genomförd", "Ej rapporterad"].contains(&t.text.as_str()))
        .collect();
    assert!(lines.len() >= 2, "the summary's status lines");
    support::assert_apart_as_lines(&mut lines);
}

#[test]
fn a_headings_last_line_is_more_than_one_word() {
    // Each line of a heading was filled in turn, so the bundled focus
    // areas' titles ended in a line of "behov" or "arbetsmiljö" alone, in
    // every region's report.
    let data = support::root().join("data");
    let dalarna = followup_of(&data)
        .into_iter()
        .find(|d| d.pdf_name() == "uppfoljning-2024-dalarna.pdf")
        .expect("Dalarna's report");
    let placed = support::placed_text(&support::typeset(&dalarna));
    // Each focus area's title: its lines, as set in the headings' 17 pt.
    let mut titles: Vec<Vec<&str>> = Vec::new();
    let mut in_title = false;
    for item in &placed {
        let heading = item.size.to_pt() == 17.0;
        if heading && item.text.starts_with("Fokusområde:") {
            titles.push(vec![item.text.as_str()]);
            in_title = true;
        } else if heading && in_title {
            titles.last_mut().expect("a title").push(item.text.as_str());
        } else {
            in_title = false;
        }
    }
    assert_eq!(titles.len(), 4, "{titles:?}");
    for lines in titles.iter().filter(|lines| lines.len() > 1) {
        let last = lines.last().expect("a line");
        assert!(last.trim().contains(' '), "a title's lines: {lines:?}");
    }
}

#[test]
fn the_network_reports_status_counts_lead_the_activities_section() {
    // They stood under "Inlämnade svar", the regions that answered, with
    // no heading (and no bookmark) of their own.
    let document = network_report(&support::followup_fixture());
    let placed = support::placed_text(&support::typeset(&document));
    let find = |start: &str| {
        placed
            .iter()
            .find(|t| t.text.starts_with(start))
            .unwrap_or_else(|| panic!("no text {start:?}"))
    };
    let heading = find("Handlingsplanens aktiviteter");
    let counts = find("Status för de ");
    assert_eq!(counts.page, heading.page, "not on the section's page");
    assert!(counts.start.y > heading.start.y, "not under its heading");
    let area = find("Fokusområde:");
    assert!(
        (counts.page, counts.start.y) < (area.page, area.start.y),
        "not before the first focus area"
    );
}

#[test]
fn no_line_of_the_network_report_breaks_inside_an_indicators_id() {
    // The ids head the table's columns and end each chart's heading; the
    // longest, "f4-friskfaktorer", broke after its hyphen in both.
    let data = support::root().join("data");
    let document = network_report(&data);
    let placed = support::placed_text(&support::typeset(&document));
    let year = support::year(&data, 2024);
    let ids: Vec<&str> = year
        .plan
        .plan
        .indicators
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert!(ids.contains(&"f4-friskfaktorer"));
    for id in ids {
        for (at, _) in id.match_indices('-') {
            let head = &id[..=at];
            let broken = placed.iter().find(|p| p.text.ends_with(head));
            assert!(
                broken.is_none(),
                "a line ends in {:?}",
                broken.unwrap().text
            );
        }
    }
}

/// The bundled 2024 data in `dir` with `ids` as its indicators, all of
/// kind number, and every region answering `value` to each; the data folder.
fn bundled_year_with_number_indicators(
    dir: &Path,
    ids: &[String],
    value: &str,
) -> std::path::PathBuf {
    bundled_year_with_numbers(dir, ids, None, |_| value.to_string())
}

/// The bundled 2024 data in `dir` with `ids` as its indicators, all of
/// kind number in `unit`, and the `k`th region answering `value(k)` to
/// each; the data folder.
fn bundled_year_with_numbers(
    dir: &Path,
    ids: &[String],
    unit: Option<&str>,
    value: impl Fn(usize) -> String,
) -> std::path::PathBuf {
    let data = dir.join("data");
    support::copy_tree(&support::root().join("data/2024"), &data.join("2024"));
    let plan_path = data.join("2024/plan.yaml");
    let plan = std::fs::read_to_string(&plan_path).unwrap();
    let (before, _) = plan.split_once("\nindicators:\n").unwrap();
    let indicators: String = ids
        .iter()
        .map(|id| format!("  - id: {id}\n    section: S\n    text: Fråga {id}\n    kind: number\n"))
        .map(|indicator| match unit {
            Some(unit) => format!("{indicator}    unit: {unit}\n"),
            None => indicator,
        })
        .collect();
    std::fs::write(&plan_path, format!("{before}\nindicators:\n{indicators}")).unwrap();
    let responses = data.join("2024/responses");
    std::fs::remove_dir_all(&responses).unwrap();
    std::fs::create_dir(&responses).unwrap();
    let year = support::year(&data, 2024);
    let mut csv = String::from("region;indikator;värde\n");
    for (k, region) in year.plan.plan.regions.iter().enumerate() {
        for id in ids {
            csv.push_str(&format!("{};{id};{}\n", region.id, value(k)));
        }
    }
    std::fs::write(responses.join("alla.csv"), csv).unwrap();
    data
}

#[test]
fn no_value_of_the_network_table_runs_into_the_next_whatever_the_ids() {
    // Columns shared out by the width of their ids left the short-id
    // columns too narrow for their values, which then overlapped.
    let dir = support::temp_dir();
    let mut ids: Vec<String> = (0..4)
        .map(|i| format!("indikator-om-halsoframjande-{i}"))
        .collect();
    ids.extend((0..8).map(|i| format!("f{i}")));
    let data = bundled_year_with_number_indicators(dir.path(), &ids, "12 345 678");
    let document = network_report(&data);
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let values: Vec<support::Placed> = support::placed_text(&pages)
        .into_iter()
        .filter(|t| t.text.starts_with("12\u{a0}345"))
        .collect();
    assert!(values.len() >= 12 * 18, "{} values", values.len());
    support::assert_none_runs_into_the_next(&values.iter().collect::<Vec<_>>());
}

#[test]
fn twelve_indicators_of_twelve_digit_values_share_tables_wide_enough_for_them() {
    // Twelve columns to a table left each too narrow for a value of the
    // largest a CSV file may give, "999 999 999 999,999" (its groups held
    // together), and the values ran into each other.
    let dir = support::temp_dir();
    let ids: Vec<String> = (1..=12).map(|i| format!("f{i}")).collect();
    let data = bundled_year_with_number_indicators(dir.path(), &ids, "999999999999,999");
    let document = network_report(&data);
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let text = support::placed_text(&pages);
    let next = text
        .iter()
        .find(|t| t.text == "Indikator för indikator")
        .expect("the section after the tables");
    let values: Vec<&support::Placed> = text
        .iter()
        .filter(|t| (t.page, t.start.y) < (next.page, next.start.y))
        .filter(|t| t.text == "999\u{a0}999\u{a0}999\u{a0}999,999")
        .collect();
    let regions = support::year(&data, 2024).plan.plan.regions.len();
    assert_eq!(values.len(), 12 * regions, "every value on one line");
    support::assert_none_runs_into_the_next(&values);
    // As few tables as hold them, each with the regions: two of six.
    for value in &values {
        let on_its_line = values
            .iter()
            .filter(|v| v.page == value.page && (v.start.y - value.start.y).abs() < Abs::pt(0.5))
            .count();
        assert_eq!(on_its_line, 6, "values on a line of page {}", value.page);
    }
}

#[test]
fn a_bar_chart_too_tall_for_a_page_goes_on_over_the_next_with_every_row_whole() {
    // A unit so long that every region's value takes five lines: kept on
    // one page, the chart of 19 rows ran off its foot.
    let dir = support::temp_dir();
    let unit = "arbetstimmar per medarbetare och år, räknat på alla som har arbetat \
        minst en månad under året inom den somatiska specialistvården";
    let ids = ["f1".to_string()];
    let data = bundled_year_with_numbers(dir.path(), &ids, Some(unit), |k| format!("{}", 1000 + k));
    let document = network_report(&data);
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let text = support::placed_text(&pages);
    let chart_start = text
        .iter()
        .find(|t| t.text.starts_with("Nätverket: median"))
        .expect("the chart's summary");
    let values: Vec<&support::Placed> = text
        .iter()
        .filter(|t| (t.page, t.start.y) > (chart_start.page, chart_start.start.y))
        .filter(|t| t.text.starts_with("1\u{a0}0"))
        .collect();
    let regions = support::year(&data, 2024).plan.plan.regions.len();
    assert_eq!(values.len(), regions, "a value for every region");
    let pages_of_values: std::collections::BTreeSet<usize> =
        values.iter().map(|v| v.page).collect();
    assert!(
        pages_of_values.len() > 1,
        "the chart goes on over a page: {pages_of_values:?}"
    );
    // Every row is whole: each page has as many values' last lines
    // ("specialistvården") as it has their first.
    for page in pages_of_values {
        let ends = text
            .iter()
            .filter(|t| t.page == page && t.text.ends_with("specialistvården"))
            .count();
        let starts = values.iter().filter(|v| v.page == page).count();
        assert_eq!(ends, starts, "rows ending and starting on page {page}");
    }
}

#[test]
fn a_region_name_of_one_long_word_breaks_in_the_bar_charts() {
    // Right-aligned in a column of 16 em, a word wider than that began
    // left of the page's edge.
    let dir = support::temp_dir();
    let word = "Sjukvårdsförvaltningsorganisationen".repeat(2);
    let data = fixture_with_norrland_named(dir.path(), &format!("Region {word}"));
    let document = network_report(&data);
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    assert_shows(&plain_text(&pages), &format!("Region {word}"));
}

#[test]
fn a_long_region_name_in_the_running_header_keeps_clear_of_the_title() {
    // A name of some three lines, justified, was stretched up to the
    // title "Uppföljning 2024" and ran into it.
    let dir = support::temp_dir();
    let name = format!("Region Norrland med {}", "hälsofrämjande ".repeat(12));
    let name = name.trim_end();
    assert!(name.chars().count() <= 200, "a name check allows");
    let data = fixture_with_norrland_named(dir.path(), name);
    let document = norrland_report(&data);
    let placed = support::placed_text(&support::typeset(&document));
    let title = placed
        .iter()
        .find(|t| t.page == 2 && t.text == "Uppföljning 2024")
        .expect("the running header's title on page 2");
    let header: Vec<&support::Placed> = placed
        .iter()
        .filter(|t| t.page == 2 && t.start.y <= title.start.y + Abs::pt(12.0))
        .collect();
    let name_lines: Vec<&&support::Placed> =
        header.iter().filter(|t| t.text.contains("hälso")).collect();
    assert!(
        name_lines.len() >= 2,
        "the name wraps: {} lines",
        name_lines.len()
    );
    for line in name_lines {
        assert!(
            line.end.x + Abs::pt(8.0) <= title.start.x,
            "{:?} ends {:.1} pt before the title",
            line.text,
            (title.start.x - line.end.x).to_pt()
        );
    }
}

/// The count indicator of the fixture ("Antal utbildade medarbetare") as
/// placed in Norrland's report: its question, and the first line of the
/// network's figures, beside the region's answer.
fn count_indicator(placed: &[support::Placed]) -> (&support::Placed, &support::Placed) {
    let question = placed
        .iter()
        .find(|t| t.text == "Antal utbildade medarbetare")
        .expect("the indicator's question");
    let network = placed
        .iter()
        .find(|t| {
            (t.page, t.start.y) > (question.page, question.start.y)
                && (t.text.starts_with("Nätverket:") || t.text.starts_with("Network:"))
        })
        .expect("the network's figures of the indicator");
    (question, network)
}

/// Asserts that every line of `column` ends before the network's figures
/// beside it begin; `case` names the case in the message.
fn ends_before_the_network(column: &[&support::Placed], network: &support::Placed, case: &str) {
    for line in column {
        assert!(
            line.end.x < network.start.x,
            "{case}: {:?} ends {:.1} pt into the network's figures",
            line.text,
            (line.end.x - network.start.x).to_pt()
        );
    }
}

#[test]
fn a_long_unit_or_a_huge_value_stays_in_the_answers_column() {
    // "12 500 medarbetare" in 13 pt bold is wider than the column of the
    // region's answer, and was drawn over the network's figures beside
    // it; so was "999,999,999,999.999" in English, whose groups of digits
    // are apart by commas, not spaces.
    for (language, unit) in [
        ("sv", "utbildningstillfällen"),
        ("sv", "medarbetare"),
        ("en", "st"),
        ("en", "utbildningstillfällen"),
        ("en", "medarbetare"),
    ] {
        let dir = support::temp_dir();
        let data = fixture_with_a_count(dir.path(), language, unit, "\"999999999999,999\"");
        let placed = support::placed_text(&support::typeset(&norrland_report(&data)));
        let (question, network) = count_indicator(&placed);
        let answer: Vec<&support::Placed> = placed
            .iter()
            .filter(|t| t.page == network.page && (t.size - Abs::pt(13.0)).abs() < Abs::pt(0.01))
            .filter(|t| t.start.y > question.start.y)
            .collect();
        let shown: String = answer.iter().map(|t| t.text.as_str()).collect();
        assert!(
            shown.contains("999") && shown.contains(&unit[..2]),
            "{language}, {unit}: the answer is printed: {shown:?}"
        );
        // Its break opportunities are boxes, not characters a copy would
        // carry.
        assert!(!shown.contains('\u{200b}'), "{language}, {unit}: {shown:?}");
        // A unit that fits a line of its own is not hyphenated beside the
        // number's last group ("999,999 medar-" over "betare").
        if unit == "medarbetare" {
            assert!(shown.contains(unit), "{language}: {shown:?}");
        }
        ends_before_the_network(&answer, network, &format!("{language}, {unit}"));
    }
}

#[test]
fn a_unit_typst_cannot_hyphenate_breaks_in_the_answers_column() {
    // A unit with a digit in it, wider than the column of the region's
    // answer, on its own line there: Typst does not hyphenate it, and it
    // ran over the network's figures. So did the previous year's value.
    // The second's letters and digits are one run, which is not
    // hyphenated once it has break opportunities.
    let units = [
        "Kvartalsrapporteringsunderlag2025",
        "arbetsplatsträffar/kvartalsrapporter2025",
    ];
    for (language, unit) in [("sv", units[0]), ("en", units[0]), ("sv", units[1])] {
        let dir = support::temp_dir();
        let data = fixture_with_a_count(dir.path(), language, unit, "123456789012");
        let plan = data.join("2023/plan.yaml");
        let text = std::fs::read_to_string(&plan).unwrap()
            + &format!(
                "  - {{ id: f2-antal, section: S, text: Antal, kind: number, unit: {unit} }}\n"
            );
        std::fs::write(&plan, text).unwrap();
        let answers = data.join("2023/responses/svar-2023.csv");
        let text = std::fs::read_to_string(&answers).unwrap() + "norrland;f2-antal;98765\n";
        std::fs::write(&answers, text).unwrap();
        let placed = support::placed_text(&support::typeset(&norrland_report(&data)));
        let (question, network) = count_indicator(&placed);
        // The answer (13 pt) and the previous year's value (8 pt) beside
        // the network's figures.
        let column: Vec<&support::Placed> = placed
            .iter()
            .filter(|t| t.page == network.page && t.start.y > question.start.y)
            .filter(|t| t.start.x < network.start.x)
            .filter(|t| {
                [13.0, 8.0]
                    .iter()
                    .any(|&pt| (t.size - Abs::pt(pt)).abs() < Abs::pt(0.01))
            })
            .collect();
        let shown: String = column.iter().map(|t| t.text.as_str()).collect();
        assert!(
            shown.contains(&unit[..4]) && shown.contains("98") && shown.contains("2025"),
            "{language}: {shown:?}"
        );
        ends_before_the_network(&column, network, &format!("{language}, {unit}"));
    }
}

#[test]
fn the_ends_of_a_dot_charts_axis_do_not_run_into_each_other() {
    // "0 hälsofrämjandeutbildningstillfällen per år" and "999 999 999 999
    // hälsofrämjandeutbildningstillfällen per år" at the two ends of the
    // axis were drawn over each other.
    let dir = support::temp_dir();
    let data = fixture_with_a_count(
        dir.path(),
        "sv",
        "hälsofrämjandeutbildningstillfällen per år",
        "999999999999",
    );
    let pages = support::typeset(&norrland_report(&data));
    let placed = support::placed_text(&pages);
    let ends: Vec<&support::Placed> = placed
        .iter()
        .filter(|t| (t.size - Abs::pt(7.5)).abs() < Abs::pt(0.01) && t.text.contains("per år"))
        .collect();
    assert_eq!(ends.len(), 2, "the axis' two ends");
    support::assert_none_runs_into_the_next(&ends);
    support::assert_all_text_on_the_pages(&pages, "Norrland's report");
}

#[test]
fn axis_ends_too_long_for_a_line_push_the_legend_down() {
    // A unit of 110 characters makes each end of the axis wider than the
    // chart: placed under the axis, the ends wrapped onto a second line
    // and ran over each other and the legend. Without a space (and with a
    // digit, so not hyphenated) the ends, and the network's figures above
    // the chart, ran over the chart's edges and off the page.
    let units = [
        "utbildningstillfällen för chefer och medarbetare inom hälso- och \
         sjukvården i hela regionen och kommunerna",
        "kvartalsrapporteringsunderlagsammanställningsdokumentations\
         arkivhanteringssystemetsförvaltningsenhet2025",
    ];
    for unit in units {
        let dir = support::temp_dir();
        let data = fixture_with_a_count(dir.path(), "sv", unit, "12345");
        let pages = support::typeset(&norrland_report(&data));
        support::assert_all_text_on_the_pages(&pages, "Norrland's report");
        let placed = support::placed_text(&pages);
        let (question, network) = count_indicator(&placed);
        // The chart's text: the axis' ends, the legend.
        let chart: Vec<&support::Placed> = placed
            .iter()
            .filter(|t| (t.size - Abs::pt(7.5)).abs() < Abs::pt(0.01))
            .collect();
        let end = &unit[unit.len() - 5..];
        assert!(
            chart.iter().filter(|t| t.text.contains(end)).count() >= 2,
            "the axis' two ends"
        );
        assert!(
            chart.iter().any(|t| t.text.contains("median")),
            "the legend"
        );
        assert_lines_apart(&chart, Abs::pt(7.5));
        // The chart and the figures above it keep to the chart's column,
        // which ends at the right margin (2.4 cm).
        let edge = network.page_size.x - Abs::cm(2.4) + Abs::pt(0.01);
        for t in placed.iter().filter(|t| {
            t.page == network.page
                && t.start.y > question.start.y
                && [7.5, 8.5]
                    .iter()
                    .any(|&pt| (t.size - Abs::pt(pt)).abs() < Abs::pt(0.01))
        }) {
            assert!(
                t.start.x >= network.start.x - Abs::pt(0.01) && t.end.x <= edge,
                "{:?} leaves the chart's column",
                t.text
            );
        }
    }
}

/// Asserts that of `items`, any two that stand beside each other on a page
/// (their spans across it overlap) are at least `line` apart down it: no
/// line of text is drawn over another.
#[track_caller]
fn assert_lines_apart(items: &[&support::Placed], line: Abs) {
    for a in items {
        for b in items {
            let (apart, same) = ((a.start.y - b.start.y).abs(), std::ptr::eq(*a, *b));
            let beside = a.start.x < b.end.x && b.start.x < a.end.x;
            assert!(
                same || a.page != b.page || !beside || apart >= line,
                "{:?} and {:?} on page {} are {:.1} pt apart",
                a.text,
                b.text,
                a.page,
                apart.to_pt()
            );
        }
    }
}

#[test]
fn a_long_region_name_in_a_tally_chart_takes_its_own_lines() {
    // "12 – Region …" beside the region's own bar wrapped, and its second
    // line was drawn over the next row's count.
    let dir = support::temp_dir();
    let data = fixture_with_norrland_named(
        dir.path(),
        "Region Norrlands läns hälso- och sjukvårdsförvaltning i norr",
    );
    let document = norrland_report(&data);
    let placed = support::placed_text(&support::typeset(&document));
    let small: Vec<&support::Placed> = placed
        .iter()
        .filter(|t| (t.size - Abs::pt(8.5)).abs() < Abs::pt(0.01))
        .collect();
    let named: Vec<(String, f64)> = placed
        .iter()
        .filter(|t| t.text.contains("Norrlands"))
        .map(|t| (t.text.clone(), t.size.to_pt()))
        .collect();
    assert!(
        small.iter().any(|t| t.text.contains("Norrlands")),
        "the region's label in its tally chart: {named:?}"
    );
    assert_lines_apart(&small, Abs::pt(8.5));
}

#[test]
fn the_network_charts_labels_are_as_far_apart_as_lines_of_text() {
    // A bar chart's rows are as high as a capital letter: with too little
    // gutter a descender touches the dots of the next label's Ä or Ö
    // ("Region Gävleborg" over "Region Västmanland").
    let document = network_report(&support::root().join("data"));
    let pages = support::typeset(&document);
    let text = support::placed_text(&pages);
    let intro = text
        .iter()
        .find(|t| t.text.starts_with("Nätverket: median"))
        .expect("the first chart's summary");
    let chart = support::Band::below(intro, Abs::pt(250.0));
    let mut labels: Vec<&support::Placed> = text
        .iter()
        .filter(|t| chart.holds(t.page, t.start))
        .filter(|t| t.text.starts_with("Region ") || t.text.ends_with("regionen"))
        .collect();
    // The first chart's: a label for each region (the next chart's may
    // follow in the band).
    labels.sort_by_key(|t| t.start.y);
    assert!(labels.len() >= 19, "{} labels", labels.len());
    support::assert_apart_as_lines(&mut labels[..19]);
}

/// The shapes of the dot chart of hph-1 (a scale of 1 to 10) in
/// Norrland's report: the next 40 pt below the line of its figures.
fn norrlands_hph_1_chart() -> Vec<support::Drawn> {
    let pages = norrland_typeset();
    let text = support::placed_text(&pages);
    let summary = text
        .iter()
        .find(|t| t.text.contains("median 7; lägst 4; högst 9"))
        .expect("hph-1's figures");
    let chart = support::Band::below(summary, Abs::pt(40.0));
    support::drawn_shapes(&pages)
        .into_iter()
        .filter(|d| chart.holds(d.page, d.centre()))
        .collect()
}

#[test]
fn the_regions_own_mark_stands_on_its_dot_and_the_axis() {
    // Norrland answered 7 on hph-1 (a scale of 1 to 10): its black diamond
    // must stand where the grey dot of its own 7 is, on the axis.
    let shapes = norrlands_hph_1_chart();
    let black = |d: &&support::Drawn| d.shape.fill == Some(Paint::Solid(Color::BLACK));
    let diamonds: Vec<Point> = shapes
        .iter()
        .filter(|d| matches!(d.shape.geometry, Geometry::Rect(_)))
        .filter(black)
        .map(|d| d.centre())
        .collect();
    let dots: Vec<Point> = shapes
        .iter()
        .filter(|d| matches!(d.shape.geometry, Geometry::Curve(_)) && d.shape.stroke.is_none())
        .filter(|d| !black(d))
        .map(|d| d.centre())
        .collect();
    let axis = shapes
        .iter()
        .filter_map(|d| d.line())
        .find(|(from, to)| from.y == to.y && (to.x - from.x) > Abs::pt(100.0))
        .expect("the chart's axis");
    // One diamond is the region's mark; the other is the legend's.
    let close = |a: Abs, b: Abs| (a - b).abs() < Abs::pt(0.1);
    let mark = diamonds
        .iter()
        .find(|m| dots.iter().any(|d| close(d.x, m.x)))
        .unwrap_or_else(|| panic!("no diamond over a dot: diamonds {diamonds:?}, dots {dots:?}"));
    assert!(
        close(mark.y, axis.0.y),
        "the mark's middle is {:.2} pt off the axis",
        (mark.y - axis.0.y).to_pt()
    );
}

#[test]
fn the_median_line_parts_the_dots_at_the_median() {
    // The dashed median line ran over the grey dots of the regions that
    // answered the median, black on grey: where several had, it was hard
    // to see. It now stands on a white band, both over the dots.
    // hph-1's answers are 4, 7 (Norrland's) and 9: the median is 7.
    let shapes = norrlands_hph_1_chart();
    let near = |a: Point, b: Point| (a - b).hypot() < Abs::pt(0.01);
    let vertical = |d: &support::Drawn| {
        d.line()
            .filter(|(from, to)| near(*from, Point::new(to.x, from.y)))
    };
    let dashed = shapes
        .iter()
        .position(|d| {
            vertical(d).is_some() && d.shape.stroke.as_ref().is_some_and(|s| s.dash.is_some())
        })
        .expect("the chart's median line");
    let (top, foot) = vertical(&shapes[dashed]).unwrap();
    let at_the_median = |d: &support::Drawn| (d.centre().x - top.x).abs() < Abs::pt(0.1);
    let dot = shapes
        .iter()
        .position(|d| matches!(d.shape.geometry, Geometry::Curve(_)) && at_the_median(d))
        .expect("Norrland's dot at the median");
    // The axis: its upper edge, which the band stops at (over it, the
    // band cut the axis in half).
    let axis = shapes
        .iter()
        .find_map(|d| {
            let (from, to) = d.line()?;
            let thickness = d.shape.stroke.as_ref()?.thickness;
            (from.y == to.y && to.x - from.x > Abs::pt(100.0)).then(|| from.y - thickness / 2.0)
        })
        .expect("the chart's axis");
    assert!(
        near(foot, Point::new(foot.x, axis + Abs::pt(0.3))),
        "the line ends on the axis"
    );
    let band = shapes
        .iter()
        .position(|d| {
            vertical(d).is_some_and(|(a, b)| near(a, top) && near(b, Point::new(b.x, axis)))
                && d.shape.stroke.as_ref().is_some_and(|s| {
                    s.dash.is_none()
                        && s.paint == Paint::Solid(Color::WHITE)
                        && s.thickness > shapes[dashed].shape.stroke.as_ref().unwrap().thickness
                })
        })
        .expect("a white band under the median line, wider than it, down to the axis");
    assert!(
        dot < band && band < dashed,
        "drawn in the order dot, band, line: {dot}, {band}, {dashed}"
    );
}

#[test]
fn a_comment_or_question_longer_than_a_page_is_printed_whole() {
    // Rows and blocks are kept on one page where they fit; one that does
    // not must break, or what does not fit runs off the page's foot.
    let dir = support::temp_dir();
    let data = fixture_with_comments(
        dir.path(),
        &support::longer_than_a_page("SVARSSLUT"),
        &support::longer_than_a_page("AKTIVITETSSLUT"),
    );
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "    text: Används data om befolkningens hälsa i planeringen?\n",
        &format!("    text: {}\n", support::longer_than_a_page("FRÅGESLUT")),
    );
    std::fs::write(&plan, text).unwrap();

    for (name, _, pages) in norrland_and_network(&data) {
        support::assert_all_text_on_the_pages(&pages, &name);
        let text = plain_text(&pages);
        assert_shows(&text, "FRÅGESLUT");
        assert_shows(&text, "AKTIVITETSSLUT");
        if name.contains("norrland") {
            assert_shows(&text, "SVARSSLUT");
        }
    }
}

#[test]
fn an_activity_row_nearly_a_page_tall_is_kept_whole_but_not_apart_from_its_headings() {
    // Rows over the text area less 50 pt counted as taller than a page,
    // though the table's repeated header takes some 15 pt: such a row
    // broke, its last lines alone on the next page. Kept whole as the
    // table's first row, it left the headings above the table alone at
    // the foot of a page: a first row breaks.
    let dir = support::temp_dir();
    let comment = format!(
        "\"START {}SLUT\"",
        "Arbetet har fortsatt enligt plan i samtliga regioner. ".repeat(42)
    );
    let a3 = "    - id: a3\n      focus_area: f1\n      text: Sprida materialet\n      \
              responsible: Sekretariatet\n      timeline: Våren\n";
    let cases = [
        (
            "second",
            "a1,done,\"Klart i februari, enligt plan\"\n".to_string(),
        ),
        (
            "first",
            "a1,done,\"Klart i februari, enligt plan\"".to_string(),
        ),
    ];
    for (place, old) in cases {
        let new = match place {
            "second" => format!("{old}a3,ongoing,{comment}\n"),
            _ => format!("a1,done,{comment}"),
        };
        let data = fixture_edited(
            &dir.path().join(place),
            &[
                (
                    "2024/plan.yaml",
                    "    - id: a2\n",
                    &format!("{a3}    - id: a2\n"),
                ),
                ("2024/activity-status.csv", &old, &new),
            ],
        );
        let (name, _, pages) = norrland_and_network(&data)
            .into_iter()
            .find(|(name, _, _)| name.contains("norrland"))
            .expect("Norrland's report");
        support::assert_all_text_on_the_pages(&pages, &name);
        let placed = support::placed_text(&pages);
        let page_of = |mark: &str| {
            placed
                .iter()
                .find(|p| p.text.contains(mark))
                .map(|p| p.page)
                .unwrap_or_else(|| panic!("no '{mark}' on any page"))
        };
        if place == "second" {
            assert_eq!(page_of("START"), page_of("SLUT"), "a second row kept whole");
        } else {
            assert_eq!(
                page_of("Fokusområde: "),
                page_of("START"),
                "the headings left alone above a first row"
            );
        }
    }
}

#[test]
fn the_widest_comments_not_measured_still_fit_on_a_page() {
    // Rows and blocks with shorter texts than `may_not_fit_a_page` marks are
    // kept whole without measuring: the widest such texts must fit.
    let line = |n: usize| {
        let words: Vec<&str> = std::iter::repeat_n("WMWMWMW", 10).collect();
        words.join(" ").chars().take(n).collect::<String>()
    };
    // 1,199 characters on 15 lines for a block, 248 on 8 for a cell.
    let block = vec![line(79); 15].join("\n");
    let cell = vec![line(30); 8].join("\n");
    assert_eq!((block.chars().count(), cell.chars().count()), (1199, 247));
    let dir = support::temp_dir();
    let data = fixture_with_comments(dir.path(), &block, &cell);
    for (name, _, pages) in norrland_and_network(&data) {
        support::assert_all_text_on_the_pages(&pages, &name);
    }
}

#[test]
fn symbols_open_sans_lacks_print_in_hfs_symbols() {
    // Arrows, check marks and bullets pasted from Word failed the build:
    // Open Sans has none of them.
    let dir = support::temp_dir();
    let comment = "Mål → uppfyllt ✓ ● klart ★ ⅓ kvar ☐ ⇒ nästa år";
    let data = fixture_with_comments(dir.path(), comment, "Klart ✔ enligt plan → rapport");
    let mut checked = 0;
    for (name, document, pages) in norrland_and_network(&data) {
        support::assert_all_text_on_the_pages(&pages, &name);
        let pdf = Typesetter::shared()
            .pdf(&pages, &document.source)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        let text = support::pdf_text(&pdf);
        // A region's comment is in its own report; the secretariat's on an
        // activity in the network's.
        if name.contains("natverket") {
            assert_shows(&text, "Klart ✔ enligt plan → rapport");
        } else {
            assert_shows(&text, comment);
        }
        // The symbols are set in HFS Symbols, the rest in Open Sans.
        let fonts: std::collections::BTreeSet<String> = support::placed_fonts(&pages);
        assert!(fonts.contains("HFS Symbols"), "{name}: {fonts:?}");
        assert!(fonts.contains("Open Sans"), "{name}: {fonts:?}");
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn a_comment_with_a_word_wider_than_the_page_stays_on_it() {
    // Typst breaks lines between words; a run of 200 letters (pasted code,
    // an id), or of 34 wide capitals (fewer letters than a long Swedish
    // word, but wider than the room from the Kommentar column to the
    // page's edge), or a link's long last piece, gets break opportunities,
    // or it would run off the edge.
    for word in [
        format!("{}SLUT", "Hälsofrämjandeutvecklingsarbete".repeat(6)),
        "WM".repeat(17),
        // Broken by Typst itself after each hyphen, with no help.
        "WMWMWM-".repeat(8),
        // A link's last piece Typst does not break, nor the letters glued
        // to it: both ran off the page.
        "https://www.example.se/halsoframjandeverksamhetsutvecklingsplanenochfolkhalsomyndighetensrapporterna".to_string(),
        "www.folkhalsomyndigheten.se/h/halsofrämjandeverksamhetsutvecklingsplanen".to_string(),
        // Quotation marks and brackets glue to an empty box: a break
        // between them is the character itself.
        r#"{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11"}"#
            .to_string(),
        "«»".repeat(80),
        format!("{}{}", "(".repeat(40), ")".repeat(40)),
    ] {
        let dir = support::temp_dir();
        let data = fixture_with_comments(dir.path(), &format!("Se {word}"), &word);
        for (name, _, pages) in norrland_and_network(&data) {
            support::assert_all_text_on_the_pages(&pages, &name);
            assert_in_the_kommentar_column(&pages, &name);
            assert_shows(&plain_text(&pages), &word);
        }
    }
}

#[test]
fn who_delivered_stands_in_two_even_columns_with_the_sentences_by_their_lists() {
    // Typst's columns filled the first to the page's foot: 51 regions
    // took a page in one column, and the sentence after them stood alone
    // on the next; with 3 of 53 silent, "3 regioner har inte lämnat svar:"
    // ended a page and its names began the next. Halves side by side
    // that run over a page read out of order (70 and 40 names: 70-84 |
    // 90-104 on one page, 85-89 | 105-109 on the next).
    // Halves that fit a page but not what was left of it, moved whole to
    // the next, left the heading and its sentence alone on a page (3
    // delivered, 110 not).
    // Where all 68 delivered, the sentence after them stood alone on a
    // page; lists that start lower on the page read in order too.
    // (Two of every five names long enough to take two lines; all
    // delivering, counts around a page's worth.)
    let cases = [
        (48, 0, false),
        (50, 3, false),
        (107, 40, false),
        (110, 110, false),
        (60, 9, true),
        (78, 33, false),
    ]
    .into_iter()
    .chain((56..76).map(|extra| (extra, 0, true)));
    for (extra, silent, long) in cases {
        let dir = support::temp_dir();
        let data = dir.path().join("data");
        support::copy_tree(&support::followup_fixture(), &data);
        let plan_path = data.join("2024/plan.yaml");
        let mut regions = String::new();
        let mut rows = String::new();
        for i in 0..extra {
            let more = if long && i % 5 % 2 == 0 && i % 5 != 4 {
                " Hälso- och sjukvårdsförvaltningen i länets östra delar"
            } else {
                ""
            };
            regions.push_str(&format!(
                "  - id: extra-{i:03}\n    name: Extra {i:03}{more}\n"
            ));
            if i < extra - silent {
                rows.push_str(&format!("extra-{i:03},hph-1,5,\n"));
            }
        }
        let plan = support::replaced(
            &std::fs::read_to_string(&plan_path).unwrap(),
            "\norganisation:",
            &format!("{regions}\norganisation:"),
        );
        std::fs::write(&plan_path, plan).unwrap();
        let answers = data.join("2024/responses/svar.csv");
        let mut text = std::fs::read_to_string(&answers).unwrap();
        text.push_str(&rows);
        std::fs::write(&answers, text).unwrap();
        let pages = support::typeset(&network_report(&data));
        let placed = support::placed_text(&pages);
        let find = |needle: &str| {
            placed
                .iter()
                .find(|p| p.text.contains(needle))
                .unwrap_or_else(|| panic!("{needle:?} is not on any page"))
        };
        // Read page by page, each page's left column before its right, up
        // to the table of all indicators, which names them too.
        // Each list on its own: those who delivered, then the others.
        let table = find("Alla indikatorer").page;
        let delivered = format!("Extra {:03}", extra - silent);
        for list in [true, false] {
            let mut names: Vec<&support::Placed> = placed
                .iter()
                .filter(|p| p.page < table && p.text.starts_with("Extra "))
                .filter(|p| (p.text < delivered) == list)
                .collect();
            names.sort_by(|a, b| {
                let column = |p: &support::Placed| p.start.x > p.page_size.x / 2.0;
                (a.page, column(a), a.start.y)
                    .partial_cmp(&(b.page, column(b), b.start.y))
                    .unwrap()
            });
            let read: Vec<&str> = names.iter().map(|p| p.text.as_str()).collect();
            let mut in_order = read.clone();
            in_order.sort();
            assert_eq!(read, in_order, "{extra} regions, {silent} silent");
        }
        let (first, last) = (find("Norrland"), find(&format!("Extra {:03}", extra - 1)));
        assert_eq!(
            find("Inlämnade svar").page,
            first.page,
            "the heading and its list"
        );
        if silent == 0 {
            // "N av N" says it, before the list; no sentence after it.
            let count = extra + 3;
            let all = find(&format!("{count} av {count} regioner har lämnat svar"));
            assert_eq!(all.page, first.page, "the sentence that all delivered");
            assert!(
                !placed.iter().any(|p| p.text.contains("Alla regioner")),
                "a sentence after the list"
            );
            if extra < 50 {
                assert_eq!(first.page, last.page);
                assert!(last.start.x > first.start.x, "one column of 51 names");
            }
        } else {
            let lead = find(&format!("{silent} regioner har inte lämnat svar"));
            let silent_first = find(&format!("Extra {:03}", extra - silent));
            assert_eq!(lead.page, silent_first.page, "the lead-in and its list");
        }
    }
}

#[test]
fn a_region_name_without_spaces_wraps_in_its_own_report() {
    // A name with a run wider than the room beside a chart (underscores
    // for spaces): the plan and the network's report broke it; the
    // region's own report printed it off the page's side, beside its
    // charts, and on the cover at a few letters more.
    let dir = support::temp_dir();
    let run = "Norrlands_lans_halso_och_sjukvardsforvaltning_primarvard_Bergslagen_2024";
    let data = fixture_edited(
        dir.path(),
        &[(
            "2024/plan.yaml",
            "name: Region Norrland\n",
            &format!("name: Region {run}\n"),
        )],
    );
    let report = followup_of(&data)
        .into_iter()
        .find(|d| d.pdf_name().contains("norrland"))
        .expect("Norrland's report");
    let pages = support::typeset(&report);
    support::assert_all_text_on_the_pages(&pages, &report.pdf_name());
    support::assert_prints_whole(&report, &pages, &[run]);
}

#[test]
fn a_tab_between_words_prints_as_a_space() {
    // Text pasted from a spreadsheet keeps its tabs; Typst set a tab in a
    // string as nothing, and "Mål<tab>uppfyllt" printed "Måluppfyllt", a
    // word of its own meaning. The plan's texts, in markup, had a space.
    let dir = support::temp_dir();
    let data = fixture_with_comments(dir.path(), "Mål\tuppfyllt", "Klart\ti tid");
    for (name, document, pages) in norrland_and_network(&data) {
        let pdf = Typesetter::shared()
            .pdf(&pages, &document.source)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        let expected = if name.contains("natverket") {
            "Klart i tid"
        } else {
            "Mål uppfyllt"
        };
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words(&support::pdf_text(&pdf)).contains(expected),
            "{name} does not show {expected:?}"
        );
    }
}

#[test]
fn an_address_in_a_comment_stays_in_its_cell_and_copies_whole() {
    // A region's e-mail address is some 17 em wide, wider than the
    // Kommentar column: it breaks after its dots and its at sign, and what
    // breaks it leaves nothing in the text a reader copies from the PDF.
    let address = "anna-karin.andersson@regionvasterbotten.se";
    let dir = support::temp_dir();
    let comment = format!("Kontakta {address} för mer information.");
    // Under an indicator, at full width, a domain name long enough to
    // break there too.
    let domain = format!("{}se", "regionvasterbotten.".repeat(6));
    let data = fixture_with_comments(dir.path(), &format!("Se {domain}."), &comment);
    let (_, document, pages) = norrland_and_network(&data)
        .into_iter()
        .find(|(name, ..)| name.contains("norrland"))
        .expect("Norrland's report");
    // Kommentar is the table's last column, which ends at the right margin
    // of a portrait page (2.4 cm in hfs-style.typ).
    let page_width = Abs::mm(210.0);
    let right_edge = page_width - Abs::cm(2.4);
    support::assert_ends_before(
        &support::placed_text(&pages),
        &["andersson", "vasterbotten"],
        right_edge,
    );
    // Under the indicator, where text is hyphenated, the domain breaks at
    // its dots and nowhere else.
    support::assert_prints_whole(&document, &pages, &[address, &domain]);
}

#[test]
fn a_word_wider_than_the_kommentar_column_breaks_there_and_one_that_fits_does_not() {
    // The activity table does not hyphenate, and a compound wider than its
    // Kommentar (some 17.9 em) ran over the table's edge. Now it is
    // hyphenated there, or, where Typst would not hyphenate it (a digit
    // inside), broken; a compound that fits is set whole, though it is
    // wider in the widest face (18.5 em in bold) than the column holds.
    let dir = support::temp_dir();
    let fits = "Sjukvårdsförvaltningsorganisationen";
    // The last is wider than 21 em: elsewhere it would break every 6 em.
    let comment = format!(
        "{fits}, Sjukvårdsförvaltningsorganisationernas och Kvartalsrapporteringsunderlag2025, \
         Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet."
    );
    let data = fixture_with_comments(dir.path(), "Svar", &comment);
    // Kommentar is the table's last column: its text ends the cell's inset
    // (4 pt) before the right margin of a portrait page (2.4 cm).
    let inside = Abs::mm(210.0) - Abs::cm(2.4) - Abs::pt(4.0);
    let mut checked = 0;
    for (name, _, pages) in norrland_and_network(&data) {
        support::assert_all_text_on_the_pages(&pages, &name);
        let placed = support::placed_text(&pages);
        support::assert_ends_before(
            &placed,
            &["Sjukvårds", "tionernas", "Kvartals", "2025"],
            inside,
        );
        let whole = |word: &str| placed.iter().any(|t| t.text.contains(word));
        assert!(whole(fits), "{name}: a word that fits is broken");
        assert!(
            !whole("Sjukvårdsförvaltningsorganisationernas"),
            "{name}: not broken"
        );
        // A hyphen where the line breaks (the typeset text has it as a
        // soft hyphen), inside the word.
        let text = plain_text(&pages);
        let (_, word) = text.split_once("organisationen, ").expect("the comment");
        let (word, _) = word.split_once(" och").expect("the comment's end");
        assert!(word.contains('\u{ad}'), "{name}: not hyphenated: {word}");
        // The widest too: a hyphen at each of its line ends.
        let (_, word) = text.split_once("2025, ").expect("the last word");
        let (word, _) = word.split_once('.').expect("the comment's end");
        let lines = word.replace('\u{ad}', " ").split_whitespace().count();
        assert!(
            lines >= 2 && word.matches('\u{ad}').count() == lines - 1,
            "{name}: not hyphenated at each line's end: {word:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn a_region_template_of_an_earlier_version_still_breaks_long_comments() {
    // Before the Kommentar measured its words, the region template passed
    // the secretariat's comment as a string, whose break opportunities the
    // style's `breakable` set; a folder of templates exported then still
    // does. A run wider than the page ran off it when the comment came
    // without them.
    let dir = support::temp_dir();
    let template =
        std::fs::read_to_string(support::root().join("templates/uppfoljning-region.typ.j2"))
            .unwrap();
    let earlier = support::replaced(
        &template,
        r#"comment: [{{ (a.comment or "") | in_column("comment", lang) }}]"#,
        r#"comment: {{ (a.comment or "") | code }}"#,
    );
    let folder =
        support::templates_folder(dir.path(), "earlier", "uppfoljning-region.typ.j2", &earlier);
    let long = "Hälsofrämjandeutvecklingsarbetsgruppsmötesprotokollet";
    let address = "anna-karin.andersson@regionvasterbotten.se";
    let data = fixture_with_comments(dir.path(), "Svar", &format!("Se {long} och {address}."));
    let year = support::year(&data, 2024);
    let renderer = Renderer::new(TemplateSource::folder(Some(folder)));
    let documents = followup_documents(&year, None, &[Id("norrland".into())], &renderer, None)
        .expect("the report renders");
    let pages = support::typeset(&documents[0]);
    support::assert_all_text_on_the_pages(&pages, "Norrland's report");
    assert_in_the_kommentar_column(&pages, "Norrland's report");
    support::assert_prints_whole(&documents[0], &pages, &[address]);
}

#[test]
fn the_longest_names_allowed_stay_on_the_page() {
    // The network's and a region's name are printed in every page's header,
    // which has the room of the top margin; check allows 200 characters.
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let long = |end: &str| {
        let room = hfs_report::validate::MAX_NAME - 1 - end.chars().count();
        let head: String = "Långt namn ".repeat(30).chars().take(room).collect();
        let name = format!("{}x {end}", &head[..head.len() - 1]);
        assert_eq!(name.chars().count(), hfs_report::validate::MAX_NAME);
        name
    };
    let plan = data.join("2024/plan.yaml");
    let text = support::replaced(
        &std::fs::read_to_string(&plan).unwrap(),
        "  name: Nätverket Hälsofrämjande hälso- och sjukvård\n",
        &format!("  name: {}\n", long("NÄTVERKSSLUT")),
    );
    let text = support::replaced(
        &text,
        "    name: Region Norrland\n",
        &format!("    name: {}\n", long("REGIONSSLUT")),
    );
    std::fs::write(&plan, text).unwrap();

    let year = support::year(&data, 2024);
    let renderer = Renderer::new(TemplateSource::default());
    let mut documents =
        followup_documents(&year, None, &[], &renderer, None).expect("the reports render");
    documents.push(support::plan_source(&year));
    for document in &documents {
        let pages = support::typeset(document);
        support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
        // The names are printed, to their last word: on every page but
        // the cover, which has no header, and Norrland's on its report.
        let text = plain_text(&pages);
        assert_shows(&text, "NÄTVERKSSLUT");
        if document.pdf_name().contains("norrland") {
            assert_shows(&text, "REGIONSSLUT");
        }
    }
}

#[test]
fn a_style_may_give_its_pages_margins_of_any_form() {
    // The running header and the network's lists of who delivered read
    // the page's top margin: as `page.margin.top`, which a margin given
    // as one length for every side has not, so that the plan and the
    // network's report stopped with exit status 3.
    let style = std::fs::read_to_string(support::root().join("templates/hfs-style.typ")).unwrap();
    for margin in [
        "2.5cm",
        "auto",
        "(x: 10%, rest: 8% + 0.5cm)",
        "(inside: 3cm, rest: 2cm)",
    ] {
        let dir = support::temp_dir();
        support::templates_folder(
            dir.path(),
            "mine",
            "hfs-style.typ",
            &support::replaced(
                &style,
                "#let page-margin = (x: 2.4cm, top: 2.6cm, bottom: 2.4cm)",
                &format!("#let page-margin = {margin}"),
            ),
        );
        let out = dir.path().join("out");
        support::build_2024(
            dir.path(),
            &support::followup_fixture(),
            &out,
            &["--templates", "mine"],
        );
        assert!(
            out.join("2024/uppfoljning-2024-natverket.pdf").is_file(),
            "{margin}"
        );
    }
}

#[test]
fn a_long_name_of_the_widest_letters_stays_clear_of_the_pages_top_edge() {
    // The header grows up into the top margin: names of 200 W's, the
    // widest letter, took five lines there, the first past the page's top
    // edge. Such a name is set smaller, its first line's capitals at least
    // 6 mm below the edge, and whole, within the page's sides; beside a
    // logo as wide as a logo may be (4 cm) too, which leaves it the least
    // room.
    let wide = "W".repeat(hfs_report::validate::MAX_NAME);
    for logo in [false, true] {
        let dir = support::temp_dir();
        let data = fixture_edited(
            dir.path(),
            &[
                (
                    "2024/plan.yaml",
                    "  name: Nätverket Hälsofrämjande hälso- och sjukvård\n",
                    &format!("  name: {wide}\n"),
                ),
                (
                    "2024/plan.yaml",
                    "    name: Region Norrland\n",
                    &format!("    name: {wide}\n"),
                ),
                (
                    "2024/plan.yaml",
                    "  short_name: HFS\n",
                    if logo {
                        "  short_name: HFS\n  logo: logo.svg\n"
                    } else {
                        "  short_name: HFS\n"
                    },
                ),
            ],
        );
        std::fs::write(
            data.join("2024/logo.svg"),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="10"><rect width="400" height="10"/></svg>"#,
        )
        .unwrap();
        let year = support::year(&data, 2024);
        let renderer = Renderer::new(TemplateSource::default());
        let mut documents =
            followup_documents(&year, None, &[], &renderer, None).expect("the reports render");
        documents.push(support::plan_source(&year));
        // The header names the plan's network and the region of a region's
        // report ("Hela nätverket" the network's report).
        documents.retain(|d| {
            d.pdf_name().contains("norrland") || d.pdf_name().contains("verksamhetsplan")
        });
        assert_eq!(documents.len(), 2);
        for document in &documents {
            let placed = support::placed_text(&support::typeset(document));
            let pages = placed.iter().map(|t| t.page).max().unwrap();
            // Every page but the cover has the header.
            for page in 2..=pages {
                let header: Vec<&support::Placed> = placed
                    .iter()
                    .filter(|t| t.page == page && t.start.y < Abs::cm(2.6) && t.text.contains('W'))
                    .collect();
                let letters: usize = header.iter().map(|t| t.text.matches('W').count()).sum();
                assert_eq!(letters, wide.len(), "{} p. {page}", document.pdf_name());
                // Within the narrowest side margin of any page (the
                // landscape pages' are 1.6 cm).
                let edge = header[0].page_size.x - Abs::cm(1.6);
                support::assert_ends_before(header.iter().copied(), &["W"], edge);
                // Open Sans's capitals are 0.714 em high.
                let top = header
                    .iter()
                    .map(|t| t.start.y - t.size * 0.714)
                    .min_by(|a, b| a.to_pt().total_cmp(&b.to_pt()))
                    .unwrap();
                assert!(
                    top >= Abs::mm(6.0) - Abs::pt(0.1),
                    "{} p. {page}, logo {logo}: the name's first line {:.1} pt from the top",
                    document.pdf_name(),
                    top.to_pt()
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever a region writes in a comment (that the fonts can print),
    /// its report and the network's typeset, export as PDF/A, and keep all
    /// their text on their pages.
    #[test]
    fn any_printable_comment_is_typeset_on_the_page(comment in crate::injection::hostile_text()) {
        prop_assume!(first_unprintable(&comment).is_none());
        let dir = support::temp_dir();
        let data = fixture_with_comments(dir.path(), &comment, &comment);
        for (name, document, pages) in norrland_and_network(&data) {
            Typesetter::shared()
                .pdf(&pages, &document.source)
                .map_err(|err| TestCaseError::fail(err.to_string()))?;
            support::assert_all_text_on_the_pages(&pages, &name);
            assert_in_the_kommentar_column(&pages, &name);
        }
    }
}

#[test]
fn every_plain_value_prints_literally_in_the_reports() {
    // Values that mean something to Typst, Markdown, or the labels' own
    // placeholders: a region named "Region {total}" once printed "Region
    // 11 har besvarat 11 av 11 indikatorer".
    let name = "Region {total} *N* #x";
    let question = "- ingen punkt {answered} $x$ _y_";
    let unit = "@st {count}";
    let comment = "= ingen rubrik {region} <b>";
    let status = "1. ingen [a](https://x.se) {year}";
    let dir = support::temp_dir();
    let data = fixture_edited(
        dir.path(),
        &[
            (
                "2024/plan.yaml",
                "    name: Region Norrland\n",
                &format!("    name: '{name}'\n"),
            ),
            (
                "2024/plan.yaml",
                "    text: Används data om befolkningens hälsa i planeringen?\n",
                &format!("    text: '{question}'\n"),
            ),
            (
                "2024/plan.yaml",
                "    unit: st\n",
                &format!("    unit: '{unit}'\n"),
            ),
            (
                "2024/responses/svar.csv",
                "norrland,f1-data,ja,\n",
                &format!("norrland,f1-data,ja,\"{comment}\"\n"),
            ),
            (
                "2024/activity-status.csv",
                "\"Klart i februari, enligt plan\"",
                &format!("\"{status}\""),
            ),
        ],
    );
    for (pdf_name, _, pages) in &norrland_and_network(&data) {
        let text = plain_text(pages);
        for value in [name, question, status, unit] {
            assert!(
                support::squash_literal(&text).contains(&support::squash_literal(value)),
                "{pdf_name} does not show {value:?} as written"
            );
        }
        if pdf_name.contains("norrland") {
            support::assert_shows_literally(&text, comment);
            support::assert_shows_literally(&text, &format!("{name} har besvarat"));
        }
    }
}

/// Asserts that the text of each activity table's Kommentar, its last
/// column, ends inside the table, which ends at the right margin of a
/// portrait page (2.4 cm in hfs-style.typ). (A hyphen may hang into the
/// cell's inset.)
#[track_caller]
fn assert_in_the_kommentar_column(pages: &PagedDocument, name: &str) {
    let placed = support::placed_text(pages);
    let size = Abs::pt(8.5);
    let is_table_text = |t: &&support::Placed| (t.size - size).abs() < Abs::pt(0.01);
    let heads: Vec<&support::Placed> = placed
        .iter()
        .filter(is_table_text)
        .filter(|t| t.text.trim() == "Kommentar")
        .collect();
    assert!(!heads.is_empty(), "{name}: no activity table");
    for head in heads {
        let edge = head.page_size.x - Abs::cm(2.4) + Abs::pt(0.01);
        let past = placed.iter().filter(is_table_text).find(|t| {
            t.page == head.page && t.start.x >= head.start.x - Abs::pt(0.5) && t.end.x > edge
        });
        if let Some(t) = past {
            panic!(
                "{name}: {:?} on page {} ends {:.1} pt past the Kommentar column",
                t.text,
                t.page,
                (t.end.x - edge).to_pt()
            );
        }
    }
}

#[test]
fn every_page_of_the_bundled_year_holds_all_its_text() {
    let data = support::root().join("data");
    let mut documents = followup_of(&data);
    documents.push(support::plan_source(&support::year(&data, 2024)));
    for document in &documents {
        support::assert_all_text_on_the_pages(&support::typeset(document), &document.pdf_name());
    }
}

#[test]
fn a_region_that_delivered_nothing_still_gets_a_report_saying_so() {
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    support::drop_the_answers_of_soder(&data);
    let reports = reports(&data, &["soder"]);
    let text = &reports[0].1;
    assert_shows(
        text,
        "Region Söder har inte lämnat några svar på uppföljningen 2024.",
    );
    assert_eq!(text.matches("Ej besvarad").count(), 4);
}

#[test]
fn a_region_whose_rows_are_blank_has_delivered_nothing_and_one_with_comments_has() {
    // Söder sent the template back as it came: its rows name the region
    // and the indicators, and nothing else. Mitten wrote a comment only.
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::followup_fixture(), &data);
    let csv = data.join("2024/responses/svar.csv");
    let rows: String = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .map(|line| match line.split(',').collect::<Vec<_>>()[..] {
            ["soder", indicator, ..] => format!("soder,{indicator},,\n"),
            ["mitten", "hph-1", ..] => "mitten,hph-1,,Mäts från 2025.\n".to_string(),
            ["mitten", indicator, ..] => format!("mitten,{indicator},,\n"),
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(&csv, rows).unwrap();

    let reports = reports(&data, &[]);
    let report = |name: &str| {
        let found = reports.iter().find(|(pdf, _)| pdf.contains(name));
        &found.unwrap_or_else(|| panic!("no report {name}")).1
    };
    let (mitten, network, soder) = (report("mitten"), report("natverket"), report("soder"));
    assert_shows(
        soder,
        "Region Söder har inte lämnat några svar på uppföljningen 2024.",
    );
    assert_shows(mitten, "Region Mitten har besvarat 0 av 4 indikatorer.");
    assert_shows(mitten, "Mäts från 2025.");
    assert_shows(network, "2 av 3 regioner har lämnat svar:");
    let missing = network
        .split("En region har inte lämnat svar:")
        .nth(1)
        .expect("the regions that have not delivered");
    // Söder alone, up to the page's footer.
    assert!(
        missing.starts_with(" • Region Söder Exempeldata"),
        "{missing}"
    );

    // The build says so, at Söder's first row.
    let output = support::run(
        dir.path(),
        &["check", "--data", data.to_str().unwrap(), "--year", "2024"],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
    let stderr = support::stderr(&output);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("no row of")).collect();
    assert_eq!(
        warnings,
        [format!(
            "{}:4: warning: no row of region 'soder' has a value or a comment: its report and the network's say that it delivered nothing (fill in the 'value' column (or 'värde'), and 'comment' where needed)",
            csv.display()
        )]
    );
}

#[test]
fn build_writes_the_plan_every_region_and_the_network_for_the_bundled_year() {
    let dir = support::temp_dir();
    let data = support::root().join("data");
    let out = dir.path().join("out");
    support::build_2024(dir.path(), &data, &out, &[]);
    let year = support::year(&data, 2024);
    let mut expected = vec![
        "verksamhetsplan-2024.pdf".to_string(),
        "uppfoljning-2024-natverket.pdf".to_string(),
    ];
    expected.extend(
        year.plan
            .plan
            .regions
            .iter()
            .map(|r| format!("uppfoljning-2024-{}.pdf", r.id)),
    );
    for name in &expected {
        assert!(
            out.join("2024").join(name).is_file(),
            "{name} was not written"
        );
    }
    // --only and --region narrow the build.
    let narrow = dir.path().join("narrow");
    let regions = [
        "--only",
        "followup",
        "--region",
        "gavleborg",
        "--region",
        "skane",
    ];
    support::build_2024(dir.path(), &data, &narrow, &regions);
    let mut written: Vec<String> = std::fs::read_dir(narrow.join("2024"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "uppfoljning-2024-gavleborg.pdf",
            "uppfoljning-2024-skane.pdf"
        ]
    );
}

/// A generated Typst file with every literal (string, number, `none`,
/// `true`, `false`) replaced by `_` and the template line marks removed:
/// what is left is the file's shape.
fn shape(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let line = line.split(" // hfs-template:").next().unwrap_or(line);
        let mut chars = line.chars().peekable();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            let is_literal =
                matches!(word.as_str(), "none" | "true" | "false") || word.parse::<f64>().is_ok();
            out.push_str(if is_literal { "_" } else { word });
            word.clear();
        };
        while let Some(c) = chars.next() {
            if c == '"' {
                flush(&mut word, &mut out);
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push('_');
            } else if c.is_alphanumeric() || c == '.' || c == '-' && word.is_empty() {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out.push('\n');
    }
    out
}

/// Typst reuses the layout of what two documents have in common only when
/// their sources have the same shape (see uppfoljning-region.typ.j2): every
/// region's report of a year must differ from the others in literals only,
/// whatever the region answered, left out or commented.
#[test]
fn every_regions_report_of_a_year_has_the_same_shape() {
    let documents = followup_of(&support::root().join("data"));
    let shapes: Vec<(String, String)> = documents
        .iter()
        .filter(|doc| !doc.pdf_name().contains("natverket"))
        .map(|doc| {
            let (_, main) = doc
                .source
                .files
                .iter()
                .find(|(name, _)| *name == doc.source.main)
                .expect("the main file");
            let text = std::str::from_utf8(main).expect("UTF-8");
            (doc.pdf_name(), shape(text))
        })
        .collect();
    assert_eq!(shapes.len(), 19, "one report per member region");
    let (first_name, first) = &shapes[0];
    for (name, shape) in &shapes[1..] {
        assert_eq!(
            shape, first,
            "{name} and {first_name} differ in more than literals"
        );
    }
}

/// The documents are typeset in parallel; which thread does what must not
/// show in the output.
#[test]
fn the_reports_are_the_same_bytes_whatever_the_number_of_threads() {
    let dir = support::temp_dir();
    let data = support::followup_fixture();
    let built: Vec<Vec<(String, Vec<u8>)>> = ["1", "3"]
        .iter()
        .map(|jobs| {
            let out = dir.path().join(format!("out-{jobs}"));
            support::build_2024(dir.path(), &data, &out, &["--jobs", jobs]);
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out.join("2024"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .map(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read(&p).unwrap())
                })
                .collect();
            files.sort();
            files
        })
        .collect();
    assert!(
        built[0].len() >= 4,
        "{:?}",
        built[0].iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(
        built[0].iter().map(|f| &f.0).collect::<Vec<_>>(),
        built[1].iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, one), (_, three)) in built[0].iter().zip(&built[1]) {
        assert!(one == three, "{name} differs between --jobs 1 and --jobs 3");
    }
}

#[test]
fn a_file_named_like_the_previous_year_is_not_read() {
    // README: any other file under data/ is not read.
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::root().join("data/2024"), &data.join("2024"));
    std::fs::write(data.join("2023"), "x").unwrap();
    for args in [
        &["check"][..],
        &["build", "--year", "2024", "--only", "followup"],
    ] {
        let output = support::run(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            support::stderr(&output)
        );
    }
}

#[test]
fn an_error_in_the_previous_year_stops_the_next_years_reports_not_its_plan() {
    // The 2024 reports print 2023's values as the previous year's: built
    // on their own (`--year 2024`), they used to leave those values out
    // without a word when 2023 had an error.
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::root().join("data"), &data);
    let csv = data.join("2023/responses/svar-2023.csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("gavleborg,hph-1,abc,\n");
    std::fs::write(&csv, &text).unwrap();
    let line = text.lines().count();
    let expected = format!(
        "data/2023/responses/svar-2023.csv:{line}:11: error: indicator 'hph-1' for region \
         'gavleborg' already has a row"
    );
    for args in [
        &["check", "--year", "2024"][..],
        &["build", "--year", "2024", "--only", "followup"],
    ] {
        let output = support::run(dir.path(), args);
        let stderr = support::stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert_shows(&stderr, &expected);
        assert_shows(
            &stderr,
            "data/2023: warning: read for the previous-year values of the 2024 reports",
        );
    }
    assert!(!dir.path().join("out").exists());
    // The plan alone does not show them.
    let output = support::run(dir.path(), &["build", "--year", "2024", "--only", "plan"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        support::stderr(&output)
    );
}

/// The bars of the network report's charts, as drawn: filled rectangles
/// 6 pt high (0.75 em of 8 pt), their corners.
fn bars_of_the_network_report(pages: &PagedDocument) -> Vec<(Point, Point)> {
    support::drawn_shapes(pages)
        .iter()
        .filter(|d| d.shape.fill.is_some() && matches!(d.shape.geometry, Geometry::Rect(_)))
        .map(|d| d.bounds())
        .filter(|(min, max)| ((max.y - min.y).to_pt() - 6.0).abs() < 0.01)
        .collect()
}

#[test]
fn bars_of_a_scale_below_zero_start_at_its_lower_end_beside_the_names() {
    // A bar was drawn from 0: an answer of -2 on a scale from -2 to 2 drew
    // leftwards, over the regions' names and off the page.
    let dir = support::temp_dir();
    let answers = "2024/responses/svar.csv";
    let data = fixture_edited(
        dir.path(),
        &[
            (
                "2024/plan.yaml",
                "    min: 1\n    max: 10\n",
                "    min: -2\n    max: 2\n",
            ),
            (answers, "norrland,hph-1,7,", "norrland,hph-1,-2,"),
            (answers, "mitten,hph-1,4,", "mitten,hph-1,0,"),
            (answers, "soder,hph-1,9,", "soder,hph-1,2,"),
        ],
    );
    let document = network_report(&data);
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let bars = bars_of_the_network_report(&pages);
    assert!(!bars.is_empty());
    let left = bars.iter().map(|(min, _)| min.x).fold(Abs::inf(), Abs::min);
    let names_end = support::placed_text(&pages)
        .iter()
        .filter(|t| t.text == "Region Mitten")
        .map(|t| t.end.x)
        .fold(Abs::zero(), Abs::max);
    assert!(
        left > names_end,
        "a bar starts at {left:?}, left of a name's end {names_end:?}"
    );
    for (min, max) in &bars {
        assert!(
            (min.x - left).to_pt().abs() < 0.01,
            "every bar starts at the axis' lower end"
        );
        assert!(max.x >= min.x);
    }
}

#[test]
fn bars_of_a_scale_from_one_are_as_long_as_their_values() {
    // Bars measured from a scale's lower end drew an answer of 1 on a
    // scale from 1 to 10 as no bar at all, like a region that did not
    // answer, and 9 as eight times 2. A scale that does not reach below 0
    // is measured from 0.
    let dir = support::temp_dir();
    let answers = "2024/responses/svar.csv";
    let data = fixture_edited(
        dir.path(),
        &[(answers, "mitten,hph-1,4,", "mitten,hph-1,1,")],
    );
    let pages = support::typeset(&network_report(&data));
    // The first chart is hph-1's, highest first: Söder 9, Norrland 7, Mitten 1.
    let widths: Vec<f64> = bars_of_the_network_report(&pages)
        .into_iter()
        .map(|(min, max)| (max.x - min.x).to_pt())
        .take(3)
        .collect();
    assert_eq!(widths.len(), 3);
    for (width, value) in widths.iter().zip([9.0, 7.0, 1.0]) {
        assert!(
            (width / value - widths[0] / 9.0).abs() < 0.01,
            "bars {widths:?} are not as long as 9, 7 and 1"
        );
    }
}

#[test]
fn a_count_below_ten_that_is_not_whole_keeps_its_axis_ends() {
    // An axis of 10 or less got whole-number ticks, up to 0 where the
    // highest answer was 0,5: the upper end, and its unit, were not shown.
    let dir = support::temp_dir();
    let answers = "2024/responses/svar.csv";
    let data = fixture_edited(
        dir.path(),
        &[
            (
                answers,
                "norrland,f2-antal,1234,",
                "norrland,f2-antal,\"0,2\",",
            ),
            (answers, "soder,f2-antal,10,", "soder,f2-antal,\"0,5\","),
        ],
    );
    let pages = support::typeset(&norrland_report(&data));
    let placed = support::placed_text(&pages);
    assert!(
        placed.iter().any(|t| t.text == "0,5\u{a0}st"),
        "the axis' upper end: {:?}",
        placed
            .iter()
            .filter(|t| t.text.contains("0,5"))
            .map(|t| &t.text)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_region_whose_id_changed_keeps_last_years_values() {
    // Region Norrland, 'norrland' in 2023, is 'norrbotten' in 2024 under
    // its name as before, or 'nord' under a new name with its code kept.
    // Its 6 of 2023 went missing without a word.
    let dir = support::temp_dir();
    let answers = "2024/responses/svar.csv";
    let csv = std::fs::read_to_string(support::followup_fixture().join(answers)).unwrap();
    for (id, name) in [
        ("norrbotten", "Region Norrland"),
        ("nord", "Region Nordligast"),
    ] {
        let plan = format!("  - id: {id}\n    name: {name}\n");
        let rows: Vec<(String, String)> = csv
            .lines()
            .filter_map(|line| line.strip_prefix("norrland,"))
            .map(|rest| (format!("\nnorrland,{rest}\n"), format!("\n{id},{rest}\n")))
            .collect();
        let mut edits = vec![
            (
                "2023/plan.yaml",
                "{ id: norrland, name: Region Norrland }",
                "{ id: norrland, name: Region Norrland, code: \"91\" }",
            ),
            (
                "2024/plan.yaml",
                "  - id: norrland\n    name: Region Norrland\n",
                plan.as_str(),
            ),
        ];
        edits.extend(
            rows.iter()
                .map(|(old, new)| (answers, old.as_str(), new.as_str())),
        );
        let data = fixture_edited(&dir.path().join(id), &edits);
        let reports = reports(&data, &[id]);
        let (file, text) = &reports[0];
        assert_eq!(file, &format!("uppfoljning-2024-{id}.pdf"));
        assert!(
            text.contains("Föregående år (2023): 6"),
            "{id}: no previous year's value in {text}"
        );
    }
}
