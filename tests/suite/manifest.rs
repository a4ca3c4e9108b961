//! manifest.json and incremental builds: what was written is listed with
//! its size and hash, and an unchanged document is not typeset again.

use std::path::{Path, PathBuf};

use hfs_report::manifest::{self, Manifest, sha256};

use crate::support::{self, assert_shows};

/// Builds the follow-up fixture's 2024 into `out` with extra arguments;
/// returns standard output.
fn build(dir: &Path, data: &Path, extra: &[&str]) -> String {
    support::build_2024(dir, data, &dir.join("out"), extra)
}

#[test]
fn the_manifest_lists_every_output_and_input_with_its_hash() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let folder = dir.path().join("out/2024");
    let manifest = Manifest::read(&folder).expect("a manifest");
    assert_eq!(manifest.tool.version, env!("CARGO_PKG_VERSION"));
    let files: Vec<&str> = manifest.outputs.iter().map(|o| o.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "uppfoljning-2024-mitten.pdf",
            "uppfoljning-2024-natverket.pdf",
            "uppfoljning-2024-norrland.pdf",
            "uppfoljning-2024-soder.pdf",
            "verksamhetsplan-2024.pdf",
        ]
    );
    for output in &manifest.outputs {
        let bytes = std::fs::read(folder.join(&output.file)).unwrap();
        assert_eq!(output.bytes, bytes.len() as u64, "{}", output.file);
        assert_eq!(output.sha256, sha256(&bytes), "{}", output.file);
    }
    // The year's files, and the previous year's plan and answers, which
    // the reports' previous-year values come from, by their paths inside
    // the data folder: the manifest names no folder of the machine.
    let inputs: Vec<&str> = manifest.inputs.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        inputs,
        [
            "2024/plan.yaml",
            "2024/activity-status.csv",
            "2024/responses/svar.csv",
            "2023/plan.yaml",
            "2023/responses/svar-2023.csv",
        ]
    );
    for input in &manifest.inputs {
        let bytes = std::fs::read(data.join(&input.path)).unwrap();
        assert_eq!(input.sha256, sha256(&bytes), "{}", input.path);
    }
    assert!(manifest.templates.is_empty());
}

#[test]
fn the_manifest_is_the_same_wherever_the_data_folder_is() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let relative = std::fs::read(dir.path().join("out/2024/manifest.json")).unwrap();
    // The same data, named by an absolute path from another folder.
    let absolute = data.canonicalize().unwrap();
    let output = support::run(
        &dir.path().join("data/2024"),
        &[
            "build",
            "--data",
            &absolute.display().to_string(),
            "--out",
            &dir.path().join("out2").display().to_string(),
            "--year",
            "2024",
        ],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
    let again = std::fs::read(dir.path().join("out2/2024/manifest.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&relative)
    );
}

#[test]
fn a_plan_only_build_keeps_the_inputs_of_the_reports_it_leaves() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let full = Manifest::read(&dir.path().join("out/2024")).unwrap();
    build(dir.path(), &data, &["--only", "plan", "--force"]);
    let after = Manifest::read(&dir.path().join("out/2024")).unwrap();
    assert_eq!(after.inputs, full.inputs);
    assert_eq!(after.outputs.len(), full.outputs.len());
}

#[test]
fn a_narrowed_build_drops_inputs_an_older_manifest_named_otherwise() {
    // Until the nineteenth session inputs were named as the data folder
    // was typed ('data/2024/plan.yaml'); such an entry names no file in
    // the data folder, and is not carried over beside the new name.
    // (A build of the plan alone leaves no document outdated, so the
    // inputs it did not read are carried over, where they name a file.)
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &["--only", "plan"]);
    let path = dir.path().join("out/2024/manifest.json");
    let mut manifest = Manifest::read(&dir.path().join("out/2024")).unwrap();
    let first = manifest.inputs.clone();
    for input in &mut manifest.inputs {
        input.path = format!("data/{}", input.path);
    }
    std::fs::write(&path, manifest.to_json()).unwrap();
    build(dir.path(), &data, &["--only", "plan", "--force"]);
    let after = Manifest::read(&dir.path().join("out/2024")).unwrap();
    assert_eq!(after.inputs, first);
}

#[test]
fn the_templates_read_from_a_templates_folder_are_inputs() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let style = hfs_report::render::TemplateSource::embedded()
        .iter()
        .find(|(name, _)| *name == "hfs-style.typ")
        .map(|(_, text)| text.replace("#1d4f73", "#2d5f83"))
        .unwrap();
    support::templates_folder(dir.path(), "my-templates", "hfs-style.typ", &style);
    build(dir.path(), &data, &["--templates", "my-templates"]);
    let manifest = Manifest::read(&dir.path().join("out/2024")).unwrap();
    let templates: Vec<(&str, &str)> = manifest
        .templates
        .iter()
        .map(|t| (t.path.as_str(), t.sha256.as_str()))
        .collect();
    assert_eq!(
        templates,
        [("hfs-style.typ", sha256(style.as_bytes()).as_str())]
    );
}

#[test]
fn a_build_of_some_documents_keeps_the_others_listed_and_reusable() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let folder = dir.path().join("out/2024");
    let full = Manifest::read(&folder).expect("a manifest");
    let files = |m: &Manifest| m.outputs.iter().map(|o| o.file.clone()).collect::<Vec<_>>();

    // Norrland's report alone, with nothing changed: the others stay listed.
    let partial = build(dir.path(), &data, &["--region", "norrland"]);
    assert!(
        partial.contains("built 0 documents (1 up to date)"),
        "{partial}"
    );
    assert_eq!(files(&Manifest::read(&folder).unwrap()), files(&full));

    // The plan alone: the follow-up reports stay listed too, and so do
    // the previous year's files, which only they read, as the full build
    // listed them.
    build(dir.path(), &data, &["--only", "plan"]);
    let after_plan = Manifest::read(&folder).expect("a manifest");
    assert_eq!(files(&after_plan), files(&full));
    let earlier_year = |m: &Manifest| {
        let mut inputs: Vec<(String, String)> = m
            .inputs
            .iter()
            .filter(|i| i.path.starts_with("2023/"))
            .map(|i| (i.path.clone(), i.sha256.clone()))
            .collect();
        inputs.sort();
        inputs
    };
    assert_eq!(earlier_year(&full).len(), 2, "{:?}", full.inputs);
    assert_eq!(earlier_year(&after_plan), earlier_year(&full));
    for output in &after_plan.outputs {
        let bytes = std::fs::read(folder.join(&output.file)).unwrap();
        assert_eq!(output.sha256, sha256(&bytes), "{}", output.file);
    }
}

#[test]
fn a_build_of_some_documents_after_an_edit_lists_no_document_made_before_it() {
    // The manifest lists the inputs as this build read them: a report it
    // left, made from the answers before the edit, is no longer listed as
    // if made from them, and a warning says which and why. The plan,
    // which reads no answers, stays listed.
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let folder = dir.path().join("out/2024");
    let answers = data.join("2024/responses/svar.csv");
    let text = std::fs::read_to_string(&answers).unwrap();
    std::fs::write(
        &answers,
        text.replace("norrland,hph-1,7,", "norrland,hph-1,8,"),
    )
    .unwrap();
    let output = support::run(
        dir.path(),
        &["build", "--year", "2024", "--region", "norrland"],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(
        support::stderr(&output),
        "out/2024: warning: 3 documents this build left were made before \
         2024/responses/svar.csv changed; they are left as they are and no longer listed in \
         manifest.json (build the year without --only and --region to bring them up to date)\n"
    );
    let after = Manifest::read(&folder).expect("a manifest");
    let files: Vec<&str> = after.outputs.iter().map(|o| o.file.as_str()).collect();
    assert_eq!(
        files,
        ["uppfoljning-2024-norrland.pdf", "verksamhetsplan-2024.pdf"]
    );
    // Left as they were.
    assert!(folder.join("uppfoljning-2024-natverket.pdf").is_file());
    // The same narrowed build again finds them unlisted by the last build
    // too: one warning that a full build makes them again, not one a file
    // that calls each obsolete.
    let output = support::run(
        dir.path(),
        &["build", "--year", "2024", "--region", "norrland"],
    );
    assert_eq!(
        support::stderr(&output),
        "out/2024: warning: uppfoljning-2024-mitten.pdf, uppfoljning-2024-natverket.pdf, \
         uppfoljning-2024-soder.pdf: neither this build nor the last listed them (a narrowed \
         build found them out of date, most likely); they are left as they are (build the year \
         without --only and --region to make them again)\n"
    );

    // A full build then makes again only those three (Mitten's, Söder's,
    // the network's, which show Norrland's old answer among the regions').
    let again = build(dir.path(), &data, &[]);
    assert!(
        again.contains("built 3 documents (2 up to date) in"),
        "{again}"
    );
}

#[test]
fn a_plan_only_build_after_a_file_is_gone_lists_no_report_made_with_it() {
    // The reports were made with activity-status.csv, which this build
    // does not read; that it is gone makes them out of date all the same.
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    std::fs::remove_file(data.join("2024/activity-status.csv")).unwrap();
    let output = support::run(dir.path(), &["build", "--year", "2024", "--only", "plan"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_shows(
        &support::stderr(&output),
        "out/2024: warning: 4 documents this build left were made before \
         2024/activity-status.csv changed",
    );
    let after = Manifest::read(&dir.path().join("out/2024")).expect("a manifest");
    let files: Vec<&str> = after.outputs.iter().map(|o| o.file.as_str()).collect();
    assert_eq!(files, ["verksamhetsplan-2024.pdf"]);
}

#[test]
fn a_plan_left_outdated_is_named_with_what_changed_for_it_alone() {
    // After a first build of the plan alone, a build of the reports reads
    // the previous year's files too, which the plan-only manifest does not
    // list; they are no change to the plan, which a template change left
    // outdated, and the warning names only the template.
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &["--only", "plan"]);
    let style = std::fs::read_to_string(support::root().join("templates/hfs-style.typ")).unwrap();
    support::templates_folder(
        dir.path(),
        "my-templates",
        "hfs-style.typ",
        &format!("{style}\n// Our own look.\n"),
    );
    let args = "build --year 2024 --only followup --templates my-templates";
    let output = support::run(dir.path(), &args.split(' ').collect::<Vec<_>>());
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(
        support::stderr(&output),
        "out/2024: warning: 1 document this build left was made before the template \
         hfs-style.typ changed; it is left as it is and no longer listed in \
         manifest.json (build the year without --only and --region to bring it up to date)\n"
    );
}

/// A folder holding a copy of the follow-up fixture as `data/` and every
/// template exported into `my-templates/`.
#[test]
fn documents_made_by_another_version_are_named_with_both_versions() {
    // A plan-only build by this version leaves the reports an earlier one
    // made: the warning says which made them and which runs now (it read
    // "made before the version of hfs-report (0.0.9) changed", as if 0.0.9
    // were the new one).
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let manifest = dir.path().join("out/2024/manifest.json");
    let version = env!("CARGO_PKG_VERSION");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let earlier = text.replace(
        &format!("\"version\": \"{version}\""),
        "\"version\": \"0.0.9\"",
    );
    assert_ne!(earlier, text);
    std::fs::write(&manifest, earlier).unwrap();
    let output = support::run(dir.path(), &["build", "--year", "2024", "--only", "plan"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(
        support::stderr(&output).contains(&format!(
            "4 documents this build left were made before the version of hfs-report \
             (0.0.9, now {version}) changed"
        )),
        "{}",
        support::stderr(&output)
    );
}

fn fixture_with_templates() -> tempfile::TempDir {
    let dir = support::temp_dir();
    support::followup_fixture_in(dir.path());
    let export = support::run(dir.path(), &["templates", "export", "my-templates"]);
    assert!(export.status.success(), "{}", support::stderr(&export));
    dir
}

/// Builds 2024 in `dir` with its `my-templates/` and `extra` arguments;
/// returns what it said and the files its manifest lists.
fn build_with_templates(dir: &Path, extra: &[&str]) -> (String, Vec<String>) {
    let mut args = vec!["build", "--year", "2024", "--templates", "my-templates"];
    args.extend_from_slice(extra);
    let output = support::run(dir, &args);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let manifest = Manifest::read(&dir.join("out/2024")).expect("a manifest");
    let listed = manifest.outputs.into_iter().map(|o| o.file).collect();
    (support::stderr(&output), listed)
}

/// Appends `text` to the template `name` of `dir`'s `my-templates/`.
fn edit_template(dir: &Path, name: &str, text: &str) {
    let path = dir.join("my-templates").join(name);
    let mut was = std::fs::read_to_string(&path).unwrap();
    was.push_str(text);
    std::fs::write(&path, was).unwrap();
}

#[test]
fn a_narrowed_build_takes_only_the_templates_a_document_reads_for_its_changes() {
    // With every template in a folder, a build of the plan alone reads the
    // plan's template and the style; one of a region reads the region's,
    // the charts and the style. What one read and the other did not is
    // no change to the other's documents: the plan was once left "made
    // before the template charts.typ.j2 and 1 more changed", neither of
    // which it reads nor which changed, and a region's report "before the
    // template verksamhetsplan.typ.j2 changed".
    let dir = fixture_with_templates();
    let build = |extra: &[&str]| build_with_templates(dir.path(), extra);
    build(&[]);
    // A change to the regions' template leaves their reports outdated in
    // a build of the plan alone; the network's, which has a template of
    // its own, stays listed.
    edit_template(dir.path(), "uppfoljning-region.typ.j2", "{# edited #}\n");
    let (said, listed) = build(&["--only", "plan"]);
    assert_eq!(
        said,
        "out/2024: warning: 3 documents this build left were made before the template \
         uppfoljning-region.typ.j2 changed; they are left as they are and no longer listed in \
         manifest.json (build the year without --only and --region to bring them up to date)\n"
    );
    assert_eq!(
        listed,
        ["uppfoljning-2024-natverket.pdf", "verksamhetsplan-2024.pdf"]
    );
    let left = "out/2024: warning: uppfoljning-2024-norrland.pdf, uppfoljning-2024-soder.pdf: \
                neither this build nor the last listed them (a narrowed build found them out of \
                date, most likely); they are left as they are (build the year without --only \
                and --region to make them again)\n";
    // Then one region's report, and the plan again: each keeps the others
    // listed, and says nothing of them.
    let three = [
        "uppfoljning-2024-mitten.pdf",
        "uppfoljning-2024-natverket.pdf",
        "verksamhetsplan-2024.pdf",
    ];
    let (said, listed) = build(&["--region", "mitten"]);
    assert_eq!(said, left);
    assert_eq!(listed, three);
    let (said, listed) = build(&["--only", "plan"]);
    assert_eq!(said, left);
    assert_eq!(listed, three);
    // What the plan was made from stays recorded while builds of a region
    // keep it listed: its template, changed now, leaves it outdated.
    edit_template(dir.path(), "verksamhetsplan.typ.j2", "{# edited #}\n");
    let (said, listed) = build(&["--region", "mitten"]);
    assert!(
        said.contains(
            "1 document this build left was made before the template verksamhetsplan.typ.j2 changed"
        ),
        "{said}"
    );
    assert_eq!(
        listed,
        [
            "uppfoljning-2024-mitten.pdf",
            "uppfoljning-2024-natverket.pdf"
        ]
    );
}

#[test]
fn a_template_named_but_missing_leaves_its_documents_outdated_when_it_comes() {
    // `ignore missing` names a template that is not there: no build reads
    // it, and no manifest lists it. Made since, it changes the regions'
    // reports, which a build of the plan alone leaves.
    let dir = fixture_with_templates();
    let include = "{% include \"extra.j2\" ignore missing %}\n";
    edit_template(dir.path(), "uppfoljning-region.typ.j2", include);
    build_with_templates(dir.path(), &[]);
    std::fs::write(dir.path().join("my-templates/extra.j2"), "= Extra\n").unwrap();
    let (said, listed) = build_with_templates(dir.path(), &["--only", "plan"]);
    assert_eq!(
        said,
        "out/2024: warning: 3 documents this build left were made before the template \
         extra.j2 changed; they are left as they are and no longer listed in manifest.json \
         (build the year without --only and --region to bring them up to date)\n"
    );
    assert_eq!(
        listed,
        ["uppfoljning-2024-natverket.pdf", "verksamhetsplan-2024.pdf"]
    );
}

#[test]
fn the_files_emitted_for_every_document_stay_listed_while_what_they_copy_is_unchanged() {
    // After a build with --emit typst, an edit of the regions' template
    // leaves their reports outdated in a build of the plan alone; the
    // network's stays listed with its source, and so do the style and the
    // fonts beside it, which are what a build would write again.
    let dir = fixture_with_templates();
    build_with_templates(dir.path(), &["--emit", "typst"]);
    edit_template(dir.path(), "uppfoljning-region.typ.j2", "{# edited #}\n");
    let (said, listed) = build_with_templates(dir.path(), &["--only", "plan"]);
    assert!(!said.contains("hfs-style.typ"), "{said}");
    for file in [
        "hfs-style.typ",
        "uppfoljning-2024-natverket.pdf",
        "uppfoljning-2024-natverket.typ",
        "verksamhetsplan-2024.pdf",
    ] {
        assert!(listed.iter().any(|f| f == file), "{file} in {listed:?}");
    }
    assert!(listed.iter().any(|f| f.starts_with("fonts/")), "{listed:?}");
    assert!(
        !listed.iter().any(|f| f == "uppfoljning-2024-mitten.pdf"),
        "{listed:?}"
    );
}

#[test]
fn a_change_to_a_template_both_read_leaves_the_other_outdated() {
    // The style is read by every document: changed before a build of one
    // region, it leaves the plan outdated, and is named as what changed.
    let dir = fixture_with_templates();
    build_with_templates(dir.path(), &[]);
    edit_template(dir.path(), "hfs-style.typ", "// Our own look.\n");
    let (said, _) = build_with_templates(dir.path(), &["--region", "mitten"]);
    assert_eq!(
        said,
        "out/2024: warning: 4 documents this build left were made before the template \
         hfs-style.typ changed; they are left as they are and no longer listed in \
         manifest.json (build the year without --only and --region to bring them up to date)\n"
    );
}

#[test]
fn a_pdf_changed_by_hand_is_replaced_with_a_warning() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let pdf = dir.path().join("out/2024/uppfoljning-2024-mitten.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let made = bytes.clone();
    bytes.extend_from_slice(b"% signed by hand\n");
    std::fs::write(&pdf, &bytes).unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(
        support::stderr(&output),
        "out/2024/uppfoljning-2024-mitten.pdf: warning: changed since the last build wrote it; \
         this build replaces it (keep a PDF you change by hand outside the output folder)\n"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), made);
    let stdout = support::stdout(&output);
    assert!(
        stdout.contains("built 1 document (4 up to date)"),
        "{stdout}"
    );
}

#[test]
fn a_pdf_a_killed_build_left_new_under_the_old_manifest_is_made_again_without_a_warning() {
    // A build killed while it put its files in place leaves some PDFs new
    // and the manifest old: they differ from what it lists, but are what
    // the next build makes, and no one changed them by hand.
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let manifest = dir.path().join("out/2024/manifest.json");
    let old_manifest = std::fs::read(&manifest).unwrap();
    let answers = data.join("2024/responses/svar.csv");
    let text = std::fs::read_to_string(&answers).unwrap();
    std::fs::write(
        &answers,
        support::replaced(&text, "mitten,hph-1,4,", "mitten,hph-1,5,"),
    )
    .unwrap();
    build(dir.path(), &data, &[]);
    std::fs::write(&manifest, &old_manifest).unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(support::stderr(&output), "");
    let stdout = support::stdout(&output);
    assert!(
        stdout.contains("built 4 documents (1 up to date)"),
        "{stdout}"
    );
}

#[test]
fn the_manifest_records_the_inputs_as_read_not_as_they_are_when_the_build_ends() {
    // A file saved again while the build typesets (a large set takes
    // seconds) made other documents than the manifest said.
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let year = support::year(&data, 2024);
    let files = [
        "2024/plan.yaml",
        "2024/activity-status.csv",
        "2024/responses/svar.csv",
    ];
    let read = files.map(|file| sha256(&std::fs::read(data.join(file)).unwrap()));
    for file in files {
        std::fs::write(data.join(file), "saved again\n").unwrap();
    }
    let inputs = manifest::inputs(&year.inputs(), &data);
    let listed: Vec<(&str, &str)> = inputs
        .iter()
        .map(|input| (input.path.as_str(), input.sha256.as_str()))
        .collect();
    let expected: Vec<(&str, &str)> = files
        .into_iter()
        .zip(read.iter().map(String::as_str))
        .collect();
    assert_eq!(listed, expected);
}

#[test]
fn the_logo_is_an_input_of_the_manifest() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let logo = data.join("2024/logo.svg");
    std::fs::copy(support::root().join("tests/fixtures/logo/logo.svg"), &logo).unwrap();
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let text = text.replacen(
        "  short_name: HFS\n",
        "  short_name: HFS\n  logo: logo.svg\n",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    build(dir.path(), &data, &[]);
    let manifest = Manifest::read(&dir.path().join("out/2024")).expect("a manifest");
    let entry = manifest
        .inputs
        .iter()
        .find(|i| i.path == "2024/logo.svg")
        .unwrap_or_else(|| panic!("the logo is not among {:?}", manifest.inputs));
    assert_eq!(entry.sha256, sha256(&std::fs::read(&logo).unwrap()));
}

/// The file system's number of the file at `path`: a file renamed over
/// it is another.
#[cfg(unix)]
fn file_of(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[test]
fn an_unchanged_document_is_not_typeset_again_and_force_rebuilds_all() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let first = build(dir.path(), &data, &[]);
    assert!(first.contains("built 5 documents in"), "{first}");
    let plan_pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
    let before = std::fs::read(&plan_pdf).unwrap();

    #[cfg(unix)]
    let files = || {
        let mut files: Vec<(String, u64)> = std::fs::read_dir(dir.path().join("out/2024"))
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    file_of(&entry.path()),
                )
            })
            .collect();
        files.sort();
        files
    };
    #[cfg(unix)]
    let files_before = files();
    let second = build(dir.path(), &data, &[]);
    assert!(
        second.contains("built 0 documents (5 up to date) in"),
        "{second}"
    );
    assert!(!second.contains("wrote "), "{second}");
    // With nothing to do, nothing is written: no PDF, nor the manifest (a
    // build into a folder it may only read works).
    #[cfg(unix)]
    assert_eq!(files(), files_before, "a file was written again");

    // A sentence that only the plan prints: only the plan is made again.
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("mission: Vi prövar verktyget.", "mission: Vi prövar igen.");
    std::fs::write(&plan, text).unwrap();
    let third = build(dir.path(), &data, &[]);
    assert!(
        third.contains("built 1 document (4 up to date) in"),
        "{third}"
    );
    assert_ne!(
        std::fs::read(&plan_pdf).unwrap(),
        before,
        "the plan was rebuilt"
    );
    // Reused and new PDFs alike are listed with the hash of what is on disk.
    let folder = dir.path().join("out/2024");
    let manifest = Manifest::read(&folder).expect("a manifest");
    assert_eq!(manifest.outputs.len(), 5);
    for output in &manifest.outputs {
        let bytes = std::fs::read(folder.join(&output.file)).unwrap();
        assert_eq!(output.bytes, bytes.len() as u64, "{}", output.file);
        assert_eq!(output.sha256, sha256(&bytes), "{}", output.file);
    }

    let forced = build(dir.path(), &data, &["--force"]);
    assert!(forced.contains("built 5 documents in"), "{forced}");
}

#[test]
fn a_document_the_build_no_longer_makes_is_warned_about_and_left() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    // Region Söder leaves the network: out of plan.yaml and the answers.
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "  - id: soder\n    name: Region Söder\n    code: \"93\"\n",
        "",
    );
    std::fs::write(&plan, text).unwrap();
    support::drop_the_answers_of_soder(&data);
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = support::stderr(&output);
    assert_eq!(
        stderr,
        "out/2024/uppfoljning-2024-soder.pdf: warning: no region in plan.yaml has the id \
         'soder', so no build makes this file; it is left as it is (remove it if it is \
         obsolete)\n"
    );
    assert!(
        dir.path()
            .join("out/2024/uppfoljning-2024-soder.pdf")
            .exists()
    );
    let manifest = Manifest::read(&dir.path().join("out/2024")).expect("a manifest");
    assert!(manifest.outputs.iter().all(|o| !o.file.contains("soder")));

    // A PDF changed by hand that a narrowed build does not make, and one
    // that no build listed: each named with its own reason.
    let mitten = dir.path().join("out/2024/uppfoljning-2024-mitten.pdf");
    let mut bytes = std::fs::read(&mitten).unwrap();
    bytes.extend_from_slice(b"% signed by hand\n");
    std::fs::write(&mitten, &bytes).unwrap();
    for copy in [
        "verksamhetsplan-2024-kopia.pdf",
        "uppfoljning-2024-mitten (1).pdf",
    ] {
        std::fs::write(dir.path().join("out/2024").join(copy), b"%PDF").unwrap();
    }
    let args = [
        "build", "--data", "data", "--year", "2024", "--only", "plan",
    ];
    let output = support::run(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0));
    let stderr = support::stderr(&output);
    for expected in [
        "out/2024/verksamhetsplan-2024-kopia.pdf: warning: this build neither made nor kept \
         this file, and the last build did not list it either; it is left as it is (remove it \
         if it is obsolete)\n",
        // A file manager's copy is not named as a region's report.
        "out/2024/uppfoljning-2024-mitten (1).pdf: warning: this build neither made nor kept \
         this file, and the last build did not list it either; it is left as it is (remove it \
         if it is obsolete)\n",
        "out/2024/uppfoljning-2024-mitten.pdf: warning: changed after the last build wrote it; \
         this build did not make it again, so it is left as it is, no longer listed, and the \
         next build that makes it replaces it without another warning (keep a PDF you change by \
         hand outside the output folder)\n",
    ] {
        assert!(stderr.contains(expected), "{stderr}");
    }
    // The follow-up data taken away: the reports the last build made and
    // this one cannot.
    std::fs::remove_dir_all(data.join("2024/responses")).unwrap();
    std::fs::remove_file(data.join("2024/activity-status.csv")).unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains(
            "out/2024/uppfoljning-2024-norrland.pdf: warning: the last build made this file, and \
             this one did not make it again; it is left as it is, no longer listed (remove it if \
             it is obsolete)\n"
        ),
        "{stderr}"
    );
    // And in the builds after it, which no more make them: not the
    // narrowed builds' warning that a build of the year makes them again.
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains(
            "out/2024/uppfoljning-2024-norrland.pdf: warning: this build neither made nor kept \
             this file, and the last build did not list it either; it is left as it is (remove it \
             if it is obsolete)\n"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("make them again"), "{stderr}");
}

#[test]
fn a_manifest_that_cannot_be_read_is_named_before_every_document_is_made_again() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    // Cut short (a disk that filled, a copy that stopped).
    let manifest = dir.path().join("out/2024/manifest.json");
    std::fs::write(&manifest, "{\"tool\":").unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = support::stderr(&output);
    assert!(
        stderr.starts_with(
            "out/2024/manifest.json: warning: cannot be used (it is not a manifest hfs-report \
             wrote: EOF while parsing a value at line 1 column 8), so no document is taken as \
             up to date: each this build makes is made again, and a PDF changed by hand is \
             replaced without a warning of its own (this build writes a new manifest.json)\n"
        ),
        "{stderr}"
    );
    assert!(Manifest::read(&dir.path().join("out/2024")).is_some());

    // Copied with another year's folder: its PDFs are not this year's.
    let json = std::fs::read_to_string(&manifest).unwrap();
    assert!(json.contains("\"year\": 2024,"), "{json}");
    std::fs::write(
        &manifest,
        json.replace("\"year\": 2024,", "\"year\": 2023,"),
    )
    .unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = support::stderr(&output);
    assert!(
        stderr.starts_with(
            "out/2024/manifest.json: warning: cannot be used (it is the manifest of 2023, not \
             of 2024), so no document is taken as up to date"
        ),
        "{stderr}"
    );
    let written = Manifest::read(&dir.path().join("out/2024")).expect("a manifest");
    assert_eq!(written.year, 2024);
}

#[test]
fn emitted_sources_come_with_the_fonts_and_are_one_warning_after() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &["--emit", "typst"]);
    // The fonts beside the sources (the typst CLI's `--font-path fonts`
    // wherever hfs-report was installed), with their licences, listed.
    let folder = dir.path().join("out/2024");
    let manifest = Manifest::read(&folder).expect("a manifest");
    let mut fonts = 0;
    for entry in std::fs::read_dir(support::root().join("fonts")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !(name.ends_with(".ttf") || name.starts_with("LICENSE")) {
            continue;
        }
        fonts += 1;
        let emitted = std::fs::read(folder.join("fonts").join(&name)).expect(&name);
        assert_eq!(
            emitted,
            std::fs::read(support::root().join("fonts").join(&name)).unwrap()
        );
        let file = format!("fonts/{name}");
        let listed = manifest
            .outputs
            .iter()
            .find(|o| o.file == file)
            .expect(&file);
        assert_eq!(listed.sha256, sha256(&emitted));
    }
    assert_eq!(fonts, 10);
    // A source edited by hand is replaced by the next --emit build, with
    // a word; the others, as they were written, without one.
    let edited = folder.join("verksamhetsplan-2024.typ");
    let text = std::fs::read_to_string(&edited).unwrap() + "// mine\n";
    std::fs::write(&edited, text).unwrap();
    // The warnings of a build of 2024 with `extra`, which succeeds.
    let warnings = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["build", "--data", "data", "--year", "2024"];
        args.extend(extra);
        let output = support::run(dir.path(), &args);
        assert!(output.status.success(), "{}", support::stderr(&output));
        support::stderr(&output)
            .lines()
            .filter(|line| line.contains("warning"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        warnings(&["--emit", "typst"]),
        [
            "out/2024/verksamhetsplan-2024.typ: warning: changed since the last build wrote it; this build replaces it (keep a file you change by hand outside the output folder)"
        ]
    );
    assert!(
        !std::fs::read_to_string(&edited)
            .unwrap()
            .contains("// mine")
    );
    // A build without it leaves the sources, and says so once.
    // The style and the fonts too, which the manifest no longer lists.
    assert_eq!(
        warnings(&[]),
        [
            "out/2024: warning: 5 Typst sources (uppfoljning-2024-mitten.typ, uppfoljning-2024-natverket.typ, uppfoljning-2024-norrland.typ and 2 more), hfs-style.typ and fonts/ are not what this build made (of an earlier --emit typst, most likely); they are left as they are (a build with --emit typst and without --only or --region makes them again; or remove them)"
        ]
    );
}

#[test]
fn a_logo_in_a_folder_of_the_year_is_named_with_what_an_emitting_build_left() {
    // plan.yaml names it `bilder/logo.svg`; --emit typst writes it beside
    // the sources as `logo.svg`. The next build took that for a logo the
    // plan no longer names.
    let dir = support::temp_dir();
    let data = support::followup_fixture_with_logo(
        dir.path(),
        "bilder/logo.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#,
    );
    build(dir.path(), &data, &["--emit", "typst"]);
    assert!(dir.path().join("out/2024/logo.svg").is_file());
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    support::assert_exit(&output, 0);
    let stderr = support::stderr(&output);
    assert!(!stderr.contains("no longer names"), "{stderr}");
    assert_shows(
        &stderr,
        "hfs-style.typ, fonts/ and logo.svg are not what this build made",
    );
}

#[test]
fn what_an_earlier_build_left_that_no_build_makes_again_is_named_so() {
    // The source of a region that left, and a logo renamed since, were
    // told to be made again by a build with --emit typst, which never
    // would; the logo was left without a word. A folder where a PDF goes
    // was told to be replaced by the next build, which stops there.
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let plan = data.join("2024/plan.yaml");
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#;
    let with_logo = |name: &str| {
        let text = std::fs::read_to_string(&plan).unwrap();
        let text = text.replace("  logo: a.svg\n", "");
        let text = support::replaced(
            &text,
            "  short_name: HFS\n",
            &format!("  short_name: HFS\n  logo: {name}\n"),
        );
        std::fs::write(&plan, text).unwrap();
        std::fs::write(data.join("2024").join(name), svg).unwrap();
    };
    with_logo("a.svg");
    build(dir.path(), &data, &["--emit", "typst"]);
    with_logo("b.svg");
    let text = std::fs::read_to_string(&plan).unwrap();
    let text = support::replaced(
        &text,
        "  - id: soder\n    name: Region Söder\n    code: \"93\"\n",
        "",
    );
    std::fs::write(&plan, text).unwrap();
    support::drop_the_answers_of_soder(&data);
    let emit = [
        "build", "--data", "data", "--year", "2024", "--emit", "typst",
    ];
    let output = support::run(dir.path(), &emit);
    support::assert_exit(&output, 0);
    assert_eq!(
        support::stderr(&output),
        "out/2024/a.svg: warning: an earlier --emit typst wrote this logo, which plan.yaml no \
         longer names; it is left as it is (remove it if it is obsolete)\n\
         out/2024/uppfoljning-2024-soder.pdf: warning: no region in plan.yaml has the id \
         'soder', so no build makes this file; it is left as it is (remove it if it is \
         obsolete)\n\
         out/2024/uppfoljning-2024-soder.typ: warning: no region in plan.yaml has the id \
         'soder', so no build makes this file; it is left as it is (remove it if it is \
         obsolete)\n"
    );

    // The logo the plan names is named with the sources, the style and
    // the fonts by every build without --emit typst, not only the first.
    for _ in 0..2 {
        let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
        support::assert_exit(&output, 0);
        assert_shows(
            &support::stderr(&output),
            "hfs-style.typ, fonts/ and b.svg are not what this build made",
        );
    }

    // A folder made where a region's PDF goes; and folders named like
    // documents that no build makes, which stop no build.
    let folder = dir.path().join("out/2024/uppfoljning-2024-mitten.pdf");
    std::fs::remove_file(&folder).unwrap();
    std::fs::create_dir(&folder).unwrap();
    for name in [
        "uppfoljning-2024-mitten (1).pdf",
        "verksamhetsplan-2024-utkast.pdf",
    ] {
        std::fs::create_dir(dir.path().join("out/2024").join(name)).unwrap();
    }
    let output = support::run(
        dir.path(),
        &[
            "build", "--data", "data", "--year", "2024", "--only", "plan",
        ],
    );
    support::assert_exit(&output, 0);
    assert_shows(
        &support::stderr(&output),
        "out/2024/uppfoljning-2024-mitten.pdf: warning: is a folder where this year's PDF of \
         that name goes; it is left as it is, and a build that makes the PDF stops there (move \
         or remove the folder)",
    );
    let stderr = support::stderr(&output);
    assert_eq!(stderr.matches("is a folder where").count(), 1, "{stderr}");
    assert!(
        !stderr.contains("(1).pdf") && !stderr.contains("utkast"),
        "{stderr}"
    );
    let output = support::run(dir.path(), &["build", "--data", "data", "--year", "2024"]);
    support::assert_exit(&output, 3);
    assert_shows(
        &support::stderr(&output),
        "it is a folder, where the build writes a file",
    );
}

#[test]
fn a_changed_pdf_on_disk_is_made_again() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let plan_pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
    let good = std::fs::read(&plan_pdf).unwrap();
    std::fs::write(&plan_pdf, b"not a pdf").unwrap();
    let again = build(dir.path(), &data, &[]);
    assert!(again.contains("4 up to date"), "{again}");
    assert_eq!(std::fs::read(&plan_pdf).unwrap(), good);
}

/// The benchmark (`benches/pipeline.rs`) reads these lines of every build
/// it times, and users read them to see where a build's time went.
#[test]
fn verbose_prints_each_stage_and_the_peak_memory() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    for (jobs, threads) in [("1", "1 thread)"), ("2", "2 threads)")] {
        let out = build(dir.path(), &data, &["--force", "--verbose", "--jobs", jobs]);
        let stages = out
            .lines()
            .find_map(|l| l.strip_prefix("stages: "))
            .unwrap_or_else(|| panic!("no stages line in:\n{out}"));
        let words: Vec<&str> = stages.split_whitespace().collect();
        for stage in ["load", "render", "typeset", "pdf", "write"] {
            let at = words.iter().position(|w| *w == stage);
            let ms: Option<f64> = at.and_then(|at| words.get(at + 1)?.parse().ok());
            assert!(ms.is_some_and(|ms| ms >= 0.0), "{stage} in: {stages}");
            assert_eq!(
                at.and_then(|at| words.get(at + 2))
                    .map(|w| w.trim_end_matches(',')),
                Some("ms"),
                "{stages}"
            );
        }
        assert!(
            stages.contains(&format!("(summed over {threads}")),
            "{stages}"
        );
        // Read from /proc/self/status: Linux only.
        if cfg!(target_os = "linux") {
            assert!(
                out.lines()
                    .any(|l| l.starts_with("peak memory: ") && l.ends_with(" MiB")),
                "{out}"
            );
        }
    }
}

#[test]
fn a_build_that_cannot_write_a_file_says_that_nothing_was_written() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    build(dir.path(), &data, &[]);
    let folder = dir.path().join("out/2024");
    let pdfs: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 5);
    let before: Vec<Vec<u8>> = pdfs.iter().map(|pdf| std::fs::read(pdf).unwrap()).collect();
    #[cfg(unix)]
    let files_before: Vec<u64> = pdfs.iter().map(|pdf| file_of(pdf)).collect();
    // A plan that makes another PDF (one with the same bytes would not
    // show that it was put in place).
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("mission: Vi prövar verktyget.", "mission: Vi prövar igen.");
    std::fs::write(&plan, text).unwrap();
    // A folder where the manifest goes, found after the PDFs are made.
    std::fs::remove_file(folder.join("manifest.json")).unwrap();
    std::fs::create_dir(folder.join("manifest.json")).unwrap();
    let output = support::run(
        dir.path(),
        &["build", "--data", "data", "--year", "2024", "--force"],
    );
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        support::stderr(&output),
        "out/2024/manifest.json: error: it is a folder, where the build writes a file (move or \
         remove the folder)\nnothing was written; the files already there are as they were\n"
    );
    let after: Vec<Vec<u8>> = pdfs.iter().map(|pdf| std::fs::read(pdf).unwrap()).collect();
    assert!(after == before, "a PDF changed");
    #[cfg(unix)]
    assert_eq!(
        pdfs.iter().map(|pdf| file_of(pdf)).collect::<Vec<_>>(),
        files_before,
        "a PDF was put in place"
    );
}

#[test]
fn the_summary_counts_the_files_of_emit_typst_it_wrote() {
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let said = build(dir.path(), &data, &[]);
    assert!(said.contains("built 5 documents in "), "{said}");
    // Beside PDFs up to date, the sources, style and fonts are new.
    let said = build(dir.path(), &data, &["--emit", "typst"]);
    let fonts = std::fs::read_dir(dir.path().join("out/2024/fonts"))
        .unwrap()
        .count();
    assert!(
        said.contains(&format!(
            "built 0 documents (5 up to date) and wrote {} files of --emit typst in ",
            5 + 1 + fonts
        )),
        "{said}"
    );
}
