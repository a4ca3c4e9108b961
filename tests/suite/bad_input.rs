//! Bad input never hurts: every mistake in `tests/bad/` gets its exact
//! message and exit status 1 from both `check` and `build`, nothing is
//! written and no input is changed; a failed build keeps the previous
//! build's files; a panic is an internal error; huge and odd inputs end in
//! a clear message or a correct document.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::support;

/// Every file under `dir` (links not followed): its bytes, or where a link points.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("a link");
                files.insert(relative, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                files.insert(relative, b"<folder>".to_vec());
                stack.push(path);
            } else {
                files.insert(relative, seen(&path));
            }
        }
    }
    files
}

/// A file as a snapshot sees it: its bytes, and the file itself (one
/// written again with the same bytes is another file, or a modified one).
fn seen(path: &Path) -> Vec<u8> {
    let meta = std::fs::metadata(path).expect("metadata");
    let mut seen = std::fs::read(path).expect("readable");
    let modified = meta.modified().expect("a modification time");
    seen.extend(format!("\n{modified:?}").bytes());
    #[cfg(unix)]
    seen.extend(format!(" {}", std::os::unix::fs::MetadataExt::ino(&meta)).bytes());
    seen
}

/// The case folders of `tests/bad/`, sorted.
fn cases() -> Vec<PathBuf> {
    let bad = support::root().join("tests/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&bad)
        .expect("tests/bad exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Runs `check` and `build` on one case; returns what went wrong, if anything.
fn run_case(case: &Path, update: bool) -> Option<String> {
    let name = case.file_name().map(|n| n.to_string_lossy().into_owned())?;
    let mut problems = String::new();
    let expected_path = case.join("expected.txt");

    // The case folder as it is before `check`: neither command may change it.
    let mut inputs = snapshot(case);
    let check = support::run(case, &["check", "--data", "data"]);
    let stderr = support::stderr(&check);
    if update {
        std::fs::write(&expected_path, &stderr).expect("expected.txt written");
        inputs.insert(PathBuf::from("expected.txt"), seen(&expected_path));
    }
    if snapshot(case) != inputs {
        let _ = writeln!(
            problems,
            "check changed the case folder: an input was modified, or something was written"
        );
    }

    if check.status.code() != Some(1) {
        let _ = writeln!(
            problems,
            "check exits with {:?}, expected 1",
            check.status.code()
        );
    }
    if !check.stdout.is_empty() {
        let _ = writeln!(
            problems,
            "check prints on stdout: {}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    match std::fs::read_to_string(&expected_path) {
        Ok(expected) if expected == stderr => {}
        Ok(expected) => {
            let _ = writeln!(
                problems,
                "check's stderr differs from expected.txt\n--- expected\n{expected}--- found\n{stderr}"
            );
        }
        Err(_) => {
            let _ = writeln!(
                problems,
                "no expected.txt (run with UPDATE_EXPECTED=1)\n--- found\n{stderr}"
            );
        }
    }

    // A build into a folder that holds a previous build's file.
    let out = support::temp_dir();
    let previous = out.path().join("2024/verksamhetsplan-2024.pdf");
    std::fs::create_dir_all(previous.parent().expect("a folder")).expect("created");
    std::fs::write(&previous, b"%PDF- the previous build").expect("written");
    let before = snapshot(out.path());
    let out_arg = out.path().to_string_lossy().into_owned();
    let build = support::run(case, &["build", "--data", "data", "--out", &out_arg]);
    if build.status.code() != Some(1) {
        let _ = writeln!(
            problems,
            "build exits with {:?}, expected 1",
            build.status.code()
        );
    }
    if !build.stdout.is_empty() {
        let _ = writeln!(
            problems,
            "build prints on stdout: {}",
            String::from_utf8_lossy(&build.stdout)
        );
    }
    // The same, and that nothing was written: check never writes, so it
    // does not say so.
    let build_stderr = support::stderr(&build);
    let expected_build = format!("{}; nothing was written\n", stderr.trim_end());
    if build_stderr != expected_build {
        let _ = writeln!(
            problems,
            "build's stderr differs from check's\n--- check\n{stderr}--- build\n{build_stderr}"
        );
    }
    if snapshot(out.path()) != before {
        let _ = writeln!(problems, "build changed the output folder");
    }
    if snapshot(case) != inputs {
        let _ = writeln!(
            problems,
            "build changed the case folder: an input was modified, or something was written"
        );
    }
    (!problems.is_empty()).then(|| format!("== tests/bad/{name}\n{problems}"))
}

#[test]
fn every_bad_input_case_gives_its_exact_diagnostics_and_changes_nothing() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let cases = cases();
    assert!(
        cases.len() >= 25,
        "tests/bad/ holds {} cases, expected at least 25",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| run_case(case, update))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A data folder holding the corpus's minimal valid plan as `2024/plan.yaml`.
fn minimal_data(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("2024")).expect("created");
    std::fs::copy(
        support::root().join("tests/bad/plan.yaml"),
        data.join("2024/plan.yaml"),
    )
    .expect("copied");
    data
}

#[test]
fn a_csv_file_mixing_utf8_and_windows_1252_reads_every_letter_right() {
    // Saved as UTF-8 (line 2), then a line appended from Excel in
    // Windows-1252 (line 3): each line is read in its own encoding.
    let dir = support::temp_dir();
    let data = minimal_data(dir.path());
    std::fs::create_dir_all(data.join("2024/responses")).expect("created");
    std::fs::write(
        data.join("2024/responses/skane.csv"),
        b"region;indicator;value;comment\nRegion Sk\xc3\xa5ne;hph-1;8;Bra\nRegion Sk\xe5ne;f1-data;Ja;Vi vet inte \xe4n\r\n",
    )
    .expect("written");
    let output = support::run(
        dir.path(),
        &["build", "--data", "data", "--region", "skane"],
    );
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "data/2024/responses/skane.csv:3: warning: the file is not UTF-8; read as Windows-1252 \
         (Excel's Swedish default), except line 2 in UTF-8, which is read as UTF-8: the file \
         mixes two encodings (save it as 'CSV UTF-8' to be sure that every letter reads right)\n"
    );
    let pdf = std::fs::read(dir.path().join("out/2024/uppfoljning-2024-skane.pdf")).expect("built");
    let text = support::pdf_text(&pdf);
    support::assert_shows(&text, "Region Skåne");
    support::assert_shows(&text, "Vi vet inte än");
}

#[test]
fn a_regions_report_asked_for_in_a_year_without_follow_up_data_is_a_warning() {
    let dir = support::temp_dir();
    minimal_data(dir.path());
    let output = support::run(
        dir.path(),
        &["build", "--data", "data", "--region", "skane"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        support::stderr(&output),
        "data/2024: warning: the year has no follow-up data (no activity-status.csv, no \
         responses/*.csv), so no follow-up report is built for it\n"
    );
    assert!(support::stdout(&output).contains("built 0 documents"));
    // Nothing built, nothing written: no output folder holding a manifest
    // of nothing, nor, with --emit typst, the fonts of no source.
    assert!(!dir.path().join("out").exists(), "something was written");
    let output = support::run(
        dir.path(),
        &[
            "build", "--data", "data", "--region", "skane", "--emit", "typst",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(!dir.path().join("out").exists(), "something was written");
}

#[test]
fn a_build_that_fails_in_typesetting_keeps_the_previous_files() {
    let dir = support::temp_dir();
    let data = minimal_data(dir.path());
    std::fs::create_dir_all(data.join("2024/responses")).expect("created");
    std::fs::write(
        data.join("2024/responses/svar.csv"),
        "region,indicator,value\ngavleborg,hph-1,7\n",
    )
    .expect("written");
    let good = support::run(dir.path(), &["build", "--data", "data", "--out", "out"]);
    assert_eq!(good.status.code(), Some(0), "{}", support::stderr(&good));
    let built = snapshot(&dir.path().join("out"));
    assert!(
        built
            .keys()
            .any(|p| p.extension().is_some_and(|e| e == "pdf")),
        "{built:?}"
    );
    let inputs = snapshot(&data);

    let broken_style = support::templates_folder(
        dir.path(),
        "broken-style",
        "hfs-style.typ",
        "#let broken = (\n#panic(\"no\")\n",
    );
    let broken_template = support::templates_folder(
        dir.path(),
        "broken-template",
        "verksamhetsplan.typ.j2",
        "{% if plan %}never closed\n",
    );
    // Only the region's report fails: the plan is typeset and its PDF
    // staged before the build fails, and must not be left behind.
    let broken_region = support::templates_folder(
        dir.path(),
        "broken-region",
        "uppfoljning-region.typ.j2",
        "#assert(false, message: \"only the region's report fails\")\n",
    );

    // Every document typeset again (--force), with the given templates.
    let build_with = |templates: &Path, out: &str| {
        let templates = templates.to_string_lossy();
        let args = ["build", "--data", "data", "--out", out, "--force"];
        let output = support::run(
            dir.path(),
            &[&args[..], &["--templates", &templates]].concat(),
        );
        let stderr = support::stderr(&output);
        assert_eq!(output.status.code(), Some(3), "{stderr}");
        stderr
    };
    for templates in [&broken_style, &broken_template, &broken_region] {
        let stderr = build_with(templates, "out");
        assert!(
            stderr.contains("nothing was written; the files already there are as they were"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            snapshot(&dir.path().join("out")),
            built,
            "the previous build's files changed (or a temporary file was left)"
        );
    }
    // Into a new output folder, the failed build leaves no folder behind.
    build_with(&broken_region, "new/out");
    assert!(!dir.path().join("new").exists(), "a folder was left");
    assert_eq!(snapshot(&data), inputs, "an input file changed");
}

#[test]
fn a_template_that_cannot_be_read_is_named_with_the_reason() {
    let dir = support::temp_dir();
    minimal_data(dir.path());
    std::fs::create_dir_all(dir.path().join("data/2024/responses")).expect("created");
    std::fs::write(
        dir.path().join("data/2024/responses/a.csv"),
        "region,indicator,value\ngavleborg,hph-1,7\n",
    )
    .expect("written");
    // Included by the region's report: the include names the file, and the
    // reason is not lost behind "non-existing template".
    let templates = support::templates_folder(dir.path(), "mine", "charts.typ.j2", "");
    std::fs::write(templates.join("charts.typ.j2"), b"// Diagramm \xfc\n").expect("written");
    let output = support::run(
        dir.path(),
        &["build", "--data", "data", "--templates", "mine"],
    );
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    let not_utf8 = "the file is not UTF-8 text (found the byte 0xFC, which is 'ü' in \
                    Windows-1252, the encoding of older Windows programs) (open the file in a \
                    text editor and save it with the encoding UTF-8)";
    assert!(
        stderr.contains(&format!("mine/charts.typ.j2:1:13: error: {not_utf8}")),
        "{stderr}"
    );
    assert!(!stderr.contains("non-existing"), "{stderr}");

    // A document's own template, saved in Windows-1252 below the mark
    // this version's export writes: named once, at its line, and no other
    // version is suspected.
    let exported = support::exported_plan_templates(dir.path(), "exported");
    let path = exported.join("verksamhetsplan.typ.j2");
    let mut bytes = std::fs::read(&path).unwrap();
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    bytes.extend_from_slice(b"= V\xe5rt uppdrag\n");
    std::fs::write(&path, bytes).expect("written");
    let stderr = plan_build_fails(dir.path(), "exported");
    assert!(
        stderr.starts_with(&format!(
            "exported/verksamhetsplan.typ.j2:{lines}:4: error: the file is not UTF-8 text \
             (found the byte 0xE5"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("another version"), "{stderr}");
}

#[test]
fn a_files_first_fifty_errors_are_listed_a_misquoted_line_among_them() {
    // A misquoted line's error was added after every other error of the
    // file's rows, so past 50 it went unlisted under "the first 50 are
    // above".
    let dir = support::temp_dir();
    let data = minimal_data(dir.path());
    std::fs::create_dir_all(data.join("2024/responses")).expect("created");
    let mut text = String::from("region;indikator;värde;kommentar\ngavleborg;hph-1;\"4\",5;\n");
    for n in 0..60 {
        text.push_str(&format!("gavleborg;hph-1;5;x;extra{n}\n"));
    }
    std::fs::write(data.join("2024/responses/a.csv"), text).expect("written");
    let output = support::run(dir.path(), &["check", "--data", "data"]);
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let file = Path::new("data/2024/responses/a.csv").display().to_string();
    assert!(
        stderr.contains(&format!("{file}:2:20: error: text after the closing")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}: error: 11 more errors in this file not listed"
        )),
        "{stderr}"
    );
}

#[test]
fn a_loop_without_end_in_a_macro_is_stopped_at_its_line() {
    // A macro's output is kept in memory until the macro ends, out of the
    // 64 MiB limit's sight: the loop filled the memory (1.5 GB, then an
    // abort) before anything stopped it.
    let dir = support::temp_dir();
    minimal_data(dir.path());
    let runaway = "= Plan\n\
                   {% macro rows() %}\n\
                   {% for a in range(10000) %}{% for b in range(10000) %}Rad {{ a }}.{{ b }}\n\
                   {% endfor %}{% endfor %}\n\
                   {% endmacro %}\n\
                   {{ rows() }}\n";
    assert_plan_template_stopped(
        &dir,
        runaway,
        "mine/verksamhetsplan.typ.j2:3: error: the template took more than 10 million steps",
    );
}

#[test]
fn a_mistake_in_an_included_template_is_named_where_it_is() {
    // minijinja names what fails while an included or imported template
    // runs at the line that includes it ("error in \"parts.typ.j2\""), and
    // what fails in a block that `super()` renders at that call, with the
    // place to fix and the name that is not there in parentheses. The
    // lines that led there follow as notes, the document's own last: what
    // fails may depend on what they pass on.
    let dir = support::temp_dir();
    minimal_data(dir.path());
    let plan = "= Plan\n{% include \"parts.typ.j2\" %}\n";
    support::templates_folder(
        dir.path(),
        "mine",
        "parts.typ.j2",
        "Del\n{{ plan.netwrok }}\n",
    );
    let stderr = assert_plan_template_stopped(
        &dir,
        plan,
        "mine/parts.typ.j2:2: error: undefined value 'plan.netwrok', in: {{ plan.netwrok }}\n\
         note: reached from mine/verksamhetsplan.typ.j2:2, in: {% include \"parts.typ.j2\" %}\n\
         note: while making verksamhetsplan-2024.pdf\n",
    );
    assert!(!stderr.contains("error in"), "{stderr}");
    // Included by an imported one: the innermost, then each line on the way.
    let plan = "= Plan\n{% import \"macros.typ.j2\" as m %}\n";
    support::templates_folder(
        dir.path(),
        "mine",
        "macros.typ.j2",
        "{% include \"parts.typ.j2\" %}\n",
    );
    assert_plan_template_stopped(
        &dir,
        plan,
        "mine/parts.typ.j2:2: error: undefined value 'plan.netwrok', in: {{ plan.netwrok }}\n\
         note: reached from mine/macros.typ.j2:1, in: {% include \"parts.typ.j2\" %}\n\
         note: reached from mine/verksamhetsplan.typ.j2:2, in: {% import \"macros.typ.j2\" as m %}\n",
    );
    // In a block of a template extended, rendered by `super()`.
    let base = "= Plan\n{% block b %}\n{{ plan.netwrok }}\n{% endblock %}\n";
    support::templates_folder(dir.path(), "mine", "base.typ.j2", base);
    let plan = "{% extends \"base.typ.j2\" %}\n{% block b %}\nX {{ super() }}\n{% endblock %}\n";
    assert_plan_template_stopped(
        &dir,
        plan,
        "mine/base.typ.j2:3: error: undefined value 'plan.netwrok', in: {{ plan.netwrok }}\n\
         note: reached from mine/verksamhetsplan.typ.j2:3, in: X {{ super() }}\n",
    );
    // A loop without end there is stopped as in the template itself.
    let plan = "= Plan\n{% import \"macros.typ.j2\" as m %}\n";
    let endless =
        "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}\n";
    support::templates_folder(dir.path(), "mine", "parts.typ.j2", endless);
    assert_plan_template_stopped(
        &dir,
        plan,
        "mine/parts.typ.j2:1: error: the template took more than 10 million steps",
    );
    // A template that includes itself: told as such, its include named
    // once (not fifty times), and with no hint that another version's
    // templates might be the cause.
    let itself = "Del\n{% include \"parts.typ.j2\" %}\n";
    support::templates_folder(dir.path(), "mine", "parts.typ.j2", itself);
    let plan = "= Plan\n{% include \"parts.typ.j2\" %}\n";
    let stderr = assert_plan_template_stopped(
        &dir,
        plan,
        "mine/parts.typ.j2:2: error: the templates nest deeper than minijinja allows (includes, \
         or macro calls, one inside another): does a template include itself, or a macro call \
         itself, without end?\n\
         note: reached from mine/verksamhetsplan.typ.j2:2, in: {% include \"parts.typ.j2\" %}\n\
         note: while making verksamhetsplan-2024.pdf\n",
    );
    assert_eq!(stderr.matches("note: reached").count(), 1, "{stderr}");
    assert!(!stderr.contains("hint:"), "{stderr}");
    // What hfs-report refuses of an included template before minijinja
    // reads it, at the place in it; a file that is not UTF-8 is not also
    // taken for one that no template reads, named almost like charts.typ.j2.
    let refused = "Del\n{% import \"charts.typ.j2\" as -c %}\n";
    support::templates_folder(dir.path(), "mine", "parts.typ.j2", refused);
    assert_plan_template_stopped(
        &dir,
        plan,
        "mine/parts.typ.j2:2:1: error: an import names what it imports by a name",
    );
    std::fs::write(dir.path().join("mine/parts.typ.j2"), b"Del \xe4r\n").expect("written");
    let stderr = assert_plan_template_stopped(
        &dir,
        plan,
        "mine/parts.typ.j2:1:5: error: the file is not UTF-8 text",
    );
    assert!(
        stderr.contains("note: reached from mine/verksamhetsplan.typ.j2:2"),
        "{stderr}"
    );
    assert!(!stderr.contains("no template's name"), "{stderr}");
    // Nor is one the build did not reach, before the mistake, which the
    // template names all the same.
    std::fs::write(dir.path().join("mine/parts.typ.j2"), "Del\n").expect("written");
    let plan = "= Plan\n{{ plan.netwrok }}\n{% include \"parts.typ.j2\" %}\n";
    let stderr = assert_plan_template_stopped(&dir, plan, "verksamhetsplan.typ.j2:2: error:");
    assert!(!stderr.contains("no template's name"), "{stderr}");
}

#[test]
fn a_template_mistake_names_the_document_it_stopped() {
    // A chart macro of the user's own that fails only where the network's
    // report calls it (with no region's label): which report, and the
    // line of its template that called, are not in minijinja's error.
    // The region's template calls it too, but is not the one that failed.
    let dir = support::temp_dir();
    support::followup_fixture_in(dir.path());
    let charts = "{% macro chart(c, mine_label) -%}\n\
                  {% if mine_label is none %}{{ c.nope }}{% endif %}none\n\
                  {%- endmacro %}\n";
    support::templates_folder(dir.path(), "mine", "charts.typ.j2", charts);
    let output = support::run(
        dir.path(),
        &[
            "build",
            "--data",
            "data",
            "--year",
            "2024",
            "--templates",
            "mine",
        ],
    );
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(
            "mine/charts.typ.j2:2: error: undefined value 'c.nope', in: {% if mine_label is none \
             %}{{ c.nope }}{% endif %}none\nnote: in the macro 'chart', called at \
             templates/uppfoljning-natverket.typ.j2:145, in: #{{ charts.chart(i.chart, none) \
             }}\nnote: while making uppfoljning-2024-natverket.pdf\n"
        ),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_template_that_is_a_link_to_nothing_is_an_error_not_the_built_in_one() {
    // The built-in template was used in its place without a word (but
    // "holds none of the templates"), and one of the user's own that a
    // template includes was "non-existing".
    let dir = support::temp_dir();
    minimal_data(dir.path());
    let mine = support::templates_folder(dir.path(), "mine", "parts.typ.j2", "Del\n");
    std::os::unix::fs::symlink("gone.typ.j2", mine.join("verksamhetsplan.typ.j2")).expect("linked");
    let stderr = plan_build_fails(dir.path(), "mine");
    assert!(
        stderr.contains(
            "mine/verksamhetsplan.typ.j2: error: cannot read the template (it is a link to \
             gone.typ.j2, which does not exist)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("holds none"), "{stderr}");
    // Alone in its folder it is still a template the folder holds: the
    // build did not use the built-in one.
    std::fs::remove_file(mine.join("parts.typ.j2")).expect("removed");
    let stderr = plan_build_fails(dir.path(), "mine");
    assert!(stderr.contains("cannot read the template"), "{stderr}");
    assert!(!stderr.contains("holds none"), "{stderr}");
    std::fs::remove_file(mine.join("verksamhetsplan.typ.j2")).expect("removed");
    std::os::unix::fs::symlink("gone.typ.j2", mine.join("parts.typ.j2")).expect("linked");
    assert_plan_template_stopped(
        &dir,
        "= Plan\n{% include \"parts.typ.j2\" %}\n",
        "mine/verksamhetsplan.typ.j2:2: error: mine/parts.typ.j2: cannot read the template (it \
         is a link to gone.typ.j2, which does not exist)",
    );
}

#[test]
fn an_include_of_a_folder_says_it_is_a_folder() {
    // It said only "tried to include non-existing template", of a name
    // the user sees in the folder.
    let dir = support::temp_dir();
    minimal_data(dir.path());
    let mine = support::templates_folder(dir.path(), "mine", "parts.typ.j2", "Del\n");
    std::fs::create_dir(mine.join("delar")).expect("made");
    assert_plan_template_stopped(
        &dir,
        "= Plan\n{% include \"delar\" %}\n",
        "(it is a folder in the templates folder, not a template), in: {% include \"delar\" %}",
    );
}

#[test]
fn a_typst_mistake_written_by_an_included_template_names_it_in_its_folder() {
    // As the document's own template is named: `mine/…`, not a bare name
    // that might be the built-in one.
    let dir = support::temp_dir();
    minimal_data(dir.path());
    support::templates_folder(
        dir.path(),
        "mine",
        "parts.typ.j2",
        "Del\n#text(fill: bluee)[x]\n",
    );
    assert_plan_template_stopped(
        &dir,
        "= Plan\n{% include \"parts.typ.j2\" %}\n",
        "note: this line was written by the template mine/parts.typ.j2:2\n",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_that_cannot_be_made_hides_no_problem_of_the_data() {
    // The output folder is made (and locked) before the data is read; a
    // folder that could not be made hid every data error (exit 3, not 1)
    // and a region that is not there (exit 3, not 2). /sys takes no new
    // folder, not even from root.
    let out = "/sys/hfs-report-test/out";
    let dir = support::temp_dir();
    let data = minimal_data(dir.path());
    std::fs::create_dir_all(data.join("2024/responses")).expect("created");
    let answers = data.join("2024/responses/a.csv");
    std::fs::write(&answers, "region,indicator,value\ngavleborg,hph-1,99\n").expect("written");
    let build = |extra: &[&str]| {
        let args = [&["build", "--data", "data", "--out", out][..], extra].concat();
        let output = support::run(dir.path(), &args);
        (output.status.code(), support::stderr(&output))
    };
    let (code, stderr) = build(&[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("out of range"), "{stderr}");
    assert!(!stderr.contains("cannot make"), "{stderr}");

    std::fs::write(&answers, "region,indicator,value\ngavleborg,hph-1,7\n").expect("written");
    let (code, stderr) = build(&["--region", "gotland"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no such region"), "{stderr}");

    // With the data right, the folder is the problem.
    let (code, stderr) = build(&[]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("{out}: error: cannot make the output folder")),
        "{stderr}"
    );
}

#[test]
fn a_template_that_writes_without_end_is_stopped_at_its_line() {
    let dir = support::temp_dir();
    minimal_data(dir.path());
    // A hundred million lines if nothing stopped it: gigabytes of memory.
    // Named at the inner loop, the last line mark written.
    let runaway = "= Plan\n\
                   {% for a in range(10000) %}\n\
                   {% for b in range(10000) %}\n\
                   Rad {{ a }}.{{ b }}: en rad lång nog att fylla minnet fortare än \
                   stegen tar slut, så att det är utdatans gräns som slår till\n\
                   {% endfor %}\n\
                   {% endfor %}\n";
    assert_plan_template_stopped(
        &dir,
        runaway,
        "mine/verksamhetsplan.typ.j2:3: error: the template wrote more than 64 MiB of Typst",
    );
}

/// Builds the plan with `template` as the plan template of `mine/`, which
/// must fail with `message`, writing nothing; what the build printed.
fn assert_plan_template_stopped(dir: &tempfile::TempDir, template: &str, message: &str) -> String {
    support::templates_folder(dir.path(), "mine", "verksamhetsplan.typ.j2", template);
    let stderr = plan_build_fails(dir.path(), "mine");
    assert!(stderr.contains(message), "{stderr}");
    stderr
}

/// Builds the plan of `dir/data` with the templates folder `templates`,
/// which must fail as a template does (exit status 3) and write nothing;
/// what the build printed.
fn plan_build_fails(dir: &Path, templates: &str) -> String {
    let output = support::run(
        dir,
        &[
            "build",
            "--data",
            "data",
            "--templates",
            templates,
            "--only",
            "plan",
        ],
    );
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(!dir.join("out").exists(), "something was written");
    stderr
}

#[cfg(unix)]
#[test]
fn a_build_stopped_by_a_signal_removes_what_it_began_and_keeps_the_previous_files() {
    // Once, as by Ctrl-C on a terminal; twice in a row, as by `timeout`,
    // which signals the build and then its whole process group.
    for signals in [1, 2] {
        stop_a_build_with(signals);
    }
}

#[cfg(unix)]
fn stop_a_build_with(signals: usize) {
    use std::process::{Command, Stdio};

    let dir = support::temp_dir();
    support::copy_tree(&support::root().join("data"), &dir.path().join("data"));
    let good = support::run(dir.path(), &["build", "--data", "data", "--out", "out"]);
    assert_eq!(good.status.code(), Some(0), "{}", support::stderr(&good));
    let built = snapshot(&dir.path().join("out"));
    let inputs = snapshot(&dir.path().join("data"));

    // Every PDF of this build differs from the last one's (another date),
    // so that one placed by mistake would show.
    let mut build = Command::new(env!("CARGO_BIN_EXE_hfs-report"))
        .args(["build", "--data", "data", "--out", "out", "--jobs", "1"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1900000000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Stopped once a first PDF is staged (a temporary file beside its
    // destination), with most of the 42 documents still to come.
    let staged = |year: &str| {
        std::fs::read_dir(dir.path().join("out").join(year))
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
    };
    let started = std::time::Instant::now();
    while !staged("2023") && !staged("2024") {
        assert!(
            build.try_wait().expect("waits").is_none(),
            "the build ended before it staged a file"
        );
        assert!(started.elapsed().as_secs() < 60, "nothing was staged");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let pid = build.id().to_string();
    for _ in 0..signals {
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
    }
    let output = build.wait_with_output().expect("it ends");
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{signals} signals: {stderr}");
    assert!(
        stderr.contains("error: stopped by Ctrl-C or a termination signal\n")
            && stderr.contains("nothing was written; the files already there are as they were"),
        "{stderr}"
    );
    // The summary lines are printed once the files are in place: none.
    assert_eq!(support::stdout(&output), "");
    assert_eq!(
        snapshot(&dir.path().join("out")),
        built,
        "the previous build's files changed (or a temporary file was left)"
    );
    assert_eq!(
        snapshot(&dir.path().join("data")),
        inputs,
        "an input changed"
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_a_usage_error_named_with_the_reason() {
    // Wrong usage, as a file given as --data is: told before anything is
    // typeset (it was exit 3, when the first document was written).
    let dir = support::temp_dir();
    minimal_data(dir.path());
    std::fs::write(dir.path().join("out"), "not a folder").expect("written");
    let output = support::run(dir.path(), &["build", "--data", "data", "--out", "out"]);
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: --out out is a file (expected a folder for the documents, such as 'out')\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out")).unwrap(),
        "not a folder"
    );
    // A folder inside that file, and a link to nothing.
    let output = support::run(dir.path(), &["build", "--data", "data", "--out", "out/sub"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output),
        "error: --out out/sub: out is a file (expected a folder for the documents, such as 'out')\n"
    );
    std::os::unix::fs::symlink("nowhere", dir.path().join("gone")).unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--out", "gone"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output),
        "error: --out gone is a link to nowhere, which does not exist (expected a folder for \
         the documents, such as 'out')\n"
    );
    // The year's folder in it (it was "file exists (os error 17)", exit 3).
    std::fs::create_dir(dir.path().join("o")).unwrap();
    std::os::unix::fs::symlink("/nowhere/2024", dir.path().join("o/2024")).unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--out", "o"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output),
        "error: --out o: o/2024 is a link to /nowhere/2024, which does not exist (expected a \
         folder for the documents, such as 'out')\n"
    );
}

#[test]
fn a_panic_is_a_short_internal_error_with_exit_status_3() {
    let dir = support::temp_dir();
    minimal_data(dir.path());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hfs-report"))
        .args(["check", "--data", "data"])
        .current_dir(dir.path())
        .env("HFS_REPORT_PANIC_FOR_TEST", "1")
        .env("RUST_BACKTRACE", "full")
        .output()
        .expect("the binary runs");
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(
            "error: internal error in hfs-report: a panic asked for by a test at src/"
        ),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("hint: this is a bug in hfs-report"),
        "{stderr}"
    );
    assert!(!stderr.contains("backtrace"), "{stderr}");
}

#[test]
fn a_50_mb_csv_ends_in_a_short_clear_message() {
    let dir = support::temp_dir();
    let data = minimal_data(dir.path());
    let responses = data.join("2024/responses");
    std::fs::create_dir_all(&responses).expect("created");
    // 50 MB of answers by one region to one indicator: the first is read,
    // every other one is a second answer.
    let mut csv = String::with_capacity(50 * 1024 * 1024 + 100);
    csv.push_str("region;indikator;värde;kommentar\n");
    while csv.len() < 50 * 1024 * 1024 {
        csv.push_str("Region Skåne;hph-1;7;Samma svar igen\n");
    }
    let rows = csv.lines().count() - 1;
    std::fs::write(responses.join("stor.csv"), &csv).expect("written");
    drop(csv);

    let output = support::run(dir.path(), &["check", "--data", "data"]);
    let stderr = support::stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    let lines: Vec<&str> = stderr.lines().collect();
    let file = Path::new("data/2024/responses/stor.csv");
    assert_eq!(
        lines[0],
        format!(
            "{}:3:14: error: indicator 'hph-1' for region 'skane' already has a row on line 2 (expected at most one row per region and indicator)",
            file.display()
        )
    );
    // The first errors are listed, the rest counted.
    assert_eq!(
        lines.len(),
        hfs_report::diag::MAX_ERRORS_PER_FILE + 2,
        "{stderr}"
    );
    let unlisted = rows - 1 - hfs_report::diag::MAX_ERRORS_PER_FILE;
    assert_eq!(
        lines[lines.len() - 2],
        format!(
            "{}: error: {unlisted} more errors in this file not listed (the first 50 are above; fix them and run again)",
            file.display()
        )
    );
    assert_eq!(lines[lines.len() - 1], format!("{} errors found", rows - 1));
}

#[test]
fn a_10_000_character_word_gives_a_correct_document() {
    let dir = support::temp_dir();
    let data = minimal_data(dir.path());
    let word: String = "hälsofrämjande".chars().cycle().take(10_000).collect();
    let plan_path = data.join("2024/plan.yaml");
    let plan = std::fs::read_to_string(&plan_path).expect("read");
    let plan = format!("# {word}\n{plan}").replace(
        "      text: Ta fram material.",
        &format!("      text: Ta fram {word} material."),
    );
    std::fs::write(&plan_path, plan).expect("written");
    std::fs::create_dir_all(data.join("2024/responses")).expect("created");
    std::fs::write(
        data.join("2024/responses/svar.csv"),
        format!("region,indicator,value,comment\nskane,hph-1,7,{word}\n"),
    )
    .expect("written");

    let output = support::run(dir.path(), &["build", "--data", "data", "--out", "out"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        support::stderr(&output)
    );
    // The word is wrapped over pages (the action table hyphenates it), each
    // repeating the table's header: every letter of it is printed, in
    // order, in as many pieces as there are pages, less the hyphens.
    let year = support::year(&data, 2024);
    let document = support::plan_source(&year);
    let pages = support::typeset(&document);
    support::assert_all_text_on_the_pages(&pages, &document.pdf_name());
    let text: String = hfs_report::typeset::plain_text(&pages)
        .chars()
        .filter(|&c| !c.is_whitespace() && c != '\u{ad}')
        .collect();
    let letters: Vec<char> = word.chars().collect();
    let (mut done, mut from, mut pieces) = (0, 0, 0);
    while done < letters.len() {
        // The most letters of the rest printed whole after `from`.
        let printed = |n: usize| -> Option<usize> {
            let start: String = letters[done..done + n].iter().collect();
            text[from..].find(&start).map(|at| from + at + start.len())
        };
        let (mut most, mut end) = (0, from);
        let (mut low, mut high) = (1, letters.len() - done);
        while low <= high {
            let n = (low + high) / 2;
            match printed(n) {
                Some(after) => (most, end, low) = (n, after, n + 1),
                None => high = n - 1,
            }
        }
        assert!(
            most > 0,
            "the long word is not printed after {done} letters"
        );
        (done, from, pieces) = (done + most, end, pieces + 1);
    }
    let page_count = pages.pages().len();
    assert!(
        pieces <= page_count,
        "{pieces} pieces on {page_count} pages"
    );
    assert!(page_count > 5, "{page_count} pages");
}

/// The minimal plan with `about` set to `markdown`, in `dir/data`.
fn plan_with_about(dir: &Path, markdown: &str) {
    let data = minimal_data(dir);
    let plan_path = data.join("2024/plan.yaml");
    let plan = std::fs::read_to_string(&plan_path).expect("read");
    let about: String = markdown.lines().map(|l| format!("  {l}\n")).collect();
    let plan = support::replaced(
        &plan,
        "about: Om nätverket.\n",
        &format!("about: |\n{about}"),
    );
    std::fs::write(&plan_path, plan).expect("written");
}

#[test]
fn deeply_nested_markdown_gives_a_document_or_a_clear_error() {
    use hfs_report::validate::{MAX_LIST_DEPTH, MAX_MARKDOWN_DEPTH};
    let lists = |depth: usize| -> String {
        (0..depth)
            .map(|d| {
                format!(
                    "{}- nivå {d} *kursiv **fet [länk](https://hfs.se)***\n",
                    "  ".repeat(d)
                )
            })
            .collect()
    };
    let emphasis = |depth: usize| format!("{}mitt{}", "*_".repeat(depth), "_*".repeat(depth));
    let quotes = format!("{} citat", "> ".repeat(500));

    // As deep as allowed, with 500 quotes (printed as written) beside: a document.
    let dir = support::temp_dir();
    plan_with_about(
        dir.path(),
        &format!(
            "{}\n\n{}\n\n{quotes}\n",
            lists(MAX_LIST_DEPTH),
            emphasis(MAX_MARKDOWN_DEPTH)
        ),
    );
    let output = support::run(dir.path(), &["build", "--data", "data", "--out", "out"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        support::stderr(&output)
    );

    // Deeper, far past where Typst's parser gives up (and within the
    // length of a text): a data error at the field, not a typesetting
    // failure.
    let dir = support::temp_dir();
    plan_with_about(dir.path(), &lists(100));
    let output = support::run(dir.path(), &["check", "--data", "data"]);
    assert_eq!(
        support::stderr(&output),
        format!(
            "{}:26:8: error: key 'about' has lists inside lists 100 levels deep (at most {MAX_LIST_DEPTH})\n1 error found\n",
            Path::new("data/2024/plan.yaml").display()
        )
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn check_writes_nothing_and_a_build_touches_no_input() {
    // Every year of the bundled data, with its follow-up files and the
    // years before: not a byte, nor a file's time, changes; and check
    // makes nothing anywhere (no output folder, no lock).
    let dir = support::temp_dir();
    let data = dir.path().join("data");
    support::copy_tree(&support::root().join("data"), &data);
    let before = snapshot(dir.path());
    let check = support::run(dir.path(), &["check", "--data", "data"]);
    assert_eq!(check.status.code(), Some(0), "{}", support::stderr(&check));
    assert_eq!(snapshot(dir.path()), before, "check wrote something");
    let build = support::run(dir.path(), &["build", "--data", "data", "--out", "out"]);
    assert_eq!(build.status.code(), Some(0), "{}", support::stderr(&build));
    assert_eq!(
        snapshot(&data),
        snapshot_of(&before, "data"),
        "an input file changed"
    );
}

/// The part of a snapshot under `folder`, as a snapshot of that folder.
fn snapshot_of(whole: &BTreeMap<PathBuf, Vec<u8>>, folder: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    whole
        .iter()
        .filter_map(|(path, seen)| {
            let inside = path.strip_prefix(folder).ok()?;
            Some((inside.to_path_buf(), seen.clone()))
        })
        .filter(|(path, _)| !path.as_os_str().is_empty())
        .collect()
}

#[test]
fn a_font_hfs_report_has_not_is_an_error_not_a_document_without_its_text() {
    // No system font stands in for it: Typst left out every text set in
    // it and only warned, and the build wrote PDFs without their words.
    let dir = support::temp_dir();
    minimal_data(dir.path());
    let style = std::fs::read_to_string(support::root().join("templates/hfs-style.typ")).unwrap();
    let line = style
        .lines()
        .find(|line| line.starts_with("#let body-font = "))
        .expect("the style names its font");
    // A font many machines have (Debian installs it with its desktops).
    let style = style.replace(line, "#let body-font = \"DejaVu Sans\"");
    let templates = support::templates_folder(dir.path(), "mine", "hfs-style.typ", &style);
    let output = support::run(
        dir.path(),
        &[
            "build",
            "--data",
            "data",
            "--templates",
            &templates.to_string_lossy(),
        ],
    );
    let stderr = support::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("error: unknown font family: dejavu sans"),
        "{stderr}"
    );
    // Named in the folder it came from, as a template's error is.
    let style_path = templates.join("hfs-style.typ");
    assert!(
        stderr.contains(&format!("┌─ {}:", style_path.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "hint: the documents are set only in the fonts of hfs-report's fonts/ folder: HFS \
             Symbols, Open Sans"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "something was written");
}

/// A slip made in the bundled plan.yaml at `at` (a fraction of its
/// length, moved to a character's start): `how` picks which.
fn slip_in_the_bundled_plan(at: f64, how: usize, text: &str) -> Vec<u8> {
    let plan = std::fs::read(support::root().join("data/2024/plan.yaml")).expect("the plan");
    let mut at = ((plan.len() as f64) * at) as usize;
    while at < plan.len() && (plan[at] & 0xC0) == 0x80 {
        at += 1;
    }
    let line_end = plan[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(plan.len(), |i| at + i);
    let (kept, typed, rest): (&[u8], &[u8], &[u8]) = match how % 5 {
        // Text typed in, a tab typed in.
        0 => (&plan[..at], text.as_bytes(), &plan[at..]),
        1 => (&plan[..at], b"\t", &plan[at..]),
        // A byte deleted (half a letter, it may be), the rest of a line.
        2 => (&plan[..at], b"", plan.get(at + 1..).unwrap_or_default()),
        3 => (&plan[..at], b"", &plan[line_end..]),
        // A line joined with the next.
        _ => (
            &plan[..line_end],
            b" ",
            plan.get(line_end + 1..).unwrap_or_default(),
        ),
    };
    [kept, typed, rest].concat()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever slip is made in plan.yaml, check reads it without a panic
    /// (exit 3 and "internal error"), and every message names the file.
    #[test]
    fn a_slip_anywhere_in_plan_yaml_is_an_error_or_nothing_never_a_panic(
        at in 0.0..1.0f64,
        how in 0..5usize,
        text in crate::injection::hostile_text(),
    ) {
        use hfs_report::load::plan::{PlanRead, Repairs, read_plan_bytes};
        use hfs_report::validate::validate_repaired;
        let bytes = slip_in_the_bundled_plan(at, how, &text);
        let path = Path::new("data/2024/plan.yaml");
        let (read, mut diagnostics) = read_plan_bytes(path, &bytes);
        match &read {
            PlanRead::Read(file) => {
                diagnostics.extend(validate_repaired(file, Some(2024), &Repairs::default()).diagnostics);
            }
            PlanRead::Repaired { file, repairs } => {
                proptest::prop_assert!(diagnostics.has_errors(), "a repair and no error");
                diagnostics.extend(validate_repaired(file, Some(2024), repairs).diagnostics);
            }
            PlanRead::Unread => proptest::prop_assert!(diagnostics.has_errors(), "no plan and no error"),
        }
        for line in diagnostics.to_string().lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")) {
            proptest::prop_assert!(line.starts_with("data/2024/plan.yaml"), "{}", line);
        }
    }
}
