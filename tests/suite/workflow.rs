//! The secretariat's year: `new-year`, `watch`, custom templates
//! (`templates export`, `--templates`) and shell completions, each through
//! the real binary on a temporary copy of the data.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hfs_report::render::TemplateSource;
use hfs_report::typeset::{DocumentSource, Typesetter, plain_text};
use typst::foundations::Bytes;

use crate::support::{self, assert_shows};

/// A temporary folder holding a copy of the bundled `data/`.
fn data_copy() -> tempfile::TempDir {
    let dir = support::temp_dir();
    support::copy_tree(&support::root().join("data"), &dir.path().join("data"));
    dir
}

/// Every file and folder under `dir` with its bytes (folders have none).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.insert(path.clone(), None);
            found.extend(snapshot(&path));
        } else {
            found.insert(path.clone(), Some(std::fs::read(&path).unwrap()));
        }
    }
    found
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The number (from 1) of the first line of a file that starts with `start`.
fn line_of(path: &Path, start: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    1 + text
        .lines()
        .position(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line {start:?} in {}", path.display()))
}

/// Replaces the one occurrence of `old` in a file.
fn edit(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(old).count(),
        1,
        "{old:?} in {}",
        path.display()
    );
    std::fs::write(path, text.replace(old, new)).unwrap();
}

#[test]
fn new_year_names_the_line_of_a_value_it_cannot_replace() {
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    let line = line_of(&plan, "status:");
    edit(&plan, "status: draft\n", "status: >-\n  draft\n");
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        support::stderr(&output).contains(&format!(
            "data/2024/plan.yaml:{line}:1: error: cannot start 2025 from this file (expected the value of \
             'status:' written out after it, found 'status: >-')"
        )),
        "{}",
        support::stderr(&output)
    );
    assert!(!dir.path().join("data/2025").exists());
}

#[cfg(unix)]
#[test]
fn new_year_does_not_copy_a_logo_that_links_out_of_the_data_folder() {
    let dir = data_copy();
    edit(
        &dir.path().join("data/2024/plan.yaml"),
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n",
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n  logo: logo.svg\n",
    );
    std::fs::write(
        dir.path().join("outside.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::os::unix::fs::symlink("../../outside.svg", dir.path().join("data/2024/logo.svg")).unwrap();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        support::stderr(&output)
    );
    assert!(
        support::stderr(&output).contains(
            "data/2024/logo.svg: error: will not read the file (it is a link to ../../outside.svg, outside the data folder data)"
        ),
        "{}",
        support::stderr(&output)
    );
    assert!(!dir.path().join("data/2025").exists());
}

#[test]
fn new_year_starts_a_draft_from_the_latest_year_keeping_comments_and_the_logo() {
    let dir = data_copy();
    let plan_2024 = dir.path().join("data/2024/plan.yaml");
    // An approved plan with a logo, as the secretariat's 2024 plan is after
    // the annual meeting.
    edit(
        &plan_2024,
        "status: draft\n",
        "status: approved   # fastställd vid årsmötet\napproved_on: 2024-04-18\n",
    );
    edit(
        &plan_2024,
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n",
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n  logo: logo.svg\n",
    );
    let logo = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#;
    std::fs::write(dir.path().join("data/2024/logo.svg"), logo).unwrap();

    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let said = support::stdout(&output);
    assert!(
        said.contains("created data/2025/plan.yaml from data/2024/plan.yaml"),
        "{said}"
    );
    assert!(said.contains("hfs-report check --year 2025"), "{said}");

    let old = std::fs::read_to_string(&plan_2024).unwrap();
    let new = std::fs::read_to_string(dir.path().join("data/2025/plan.yaml")).unwrap();
    assert!(new.contains("\nyear: 2025\n"));
    assert!(new.contains("\nstatus: draft   # fastställd vid årsmötet\n"));
    assert!(!new.contains("approved_on"));
    assert!(new.starts_with("# Verksamhetsplan 2024 för Nätverket Hälsofrämjande"));
    // Every other line is kept, in its order: comments, keys and texts.
    let changed = |line: &&str| {
        line.starts_with("year:") || line.starts_with("status:") || line.starts_with("approved_on:")
    };
    let kept_old: Vec<&str> = old.lines().filter(|l| !changed(l)).collect();
    let kept_new: Vec<&str> = new.lines().filter(|l| !changed(l)).collect();
    assert_eq!(kept_old, kept_new);

    // The logo the plan names comes along; no follow-up data does.
    assert_eq!(
        names(&dir.path().join("data/2025")),
        ["logo.svg", "plan.yaml"]
    );
    assert_eq!(
        std::fs::read(dir.path().join("data/2025/logo.svg")).unwrap(),
        logo
    );
    // No staging folder is left beside the years.
    assert_eq!(names(&dir.path().join("data")), ["2023", "2024", "2025"]);

    let check = support::run(dir.path(), &["check", "--year", "2025"]);
    assert!(check.status.success(), "{}", support::stderr(&check));
}

#[test]
fn new_year_removes_what_a_new_year_killed_a_day_ago_left() {
    // A new-year killed outright leaves its staging folder in the data
    // folder; nothing removed it, and nothing said it was there.
    let dir = data_copy();
    let data = dir.path().join("data");
    let (old, young) = (
        data.join(".hfs-report-new-year-AbC123"),
        data.join(".hfs-report-new-year-Now456"),
    );
    for staging in [&old, &young] {
        std::fs::create_dir(staging).unwrap();
        std::fs::copy(data.join("2024/plan.yaml"), staging.join("plan.yaml")).unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 60 * 60);
    File::open(&old)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    support::assert_exit(&output, 0);
    assert!(
        !old.exists(),
        "a day old: left by a new-year killed outright"
    );
    // Maybe another new-year's, under way.
    assert!(young.join("plan.yaml").is_file());
}

#[test]
fn new_year_gives_a_year_folder_without_a_plan_its_plan_and_keeps_what_it_holds() {
    // The answers of a region that delivered early, filed before the plan.
    let dir = data_copy();
    let answers = dir.path().join("data/2025/responses/gavleborg.csv");
    std::fs::create_dir_all(answers.parent().unwrap()).unwrap();
    std::fs::write(
        &answers,
        "region,indicator,value,comment\ngavleborg,hph-1,7,\n",
    )
    .unwrap();
    let plan_2024 = dir.path().join("data/2024/plan.yaml");
    edit(
        &plan_2024,
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n",
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n  logo: logo.svg\n",
    );
    let logo = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
    std::fs::write(dir.path().join("data/2024/logo.svg"), logo).unwrap();
    // check says how to start the year, and so does new-year of the next.
    let check = support::run(dir.path(), &["check", "--year", "2025"]);
    assert!(
        support::stderr(&check).ends_with(
            "data/2025/plan.yaml: error: there is no plan.yaml in data/2025 (every year folder \
             needs one) (hfs-report new-year 2025 makes one from the latest plan before it)\n\
             1 error found\n"
        ),
        "{}",
        support::stderr(&check)
    );
    let next = support::run(dir.path(), &["new-year", "2026"]);
    assert_eq!(
        support::stderr(&next),
        "error: new-year 2026: the latest year folder, data/2025, has no plan.yaml to start \
         from (expected hfs-report new-year 2025 first, or --from 2024)\n"
    );
    // A year before that folder: starting the folder's year first would
    // put it before the latest plan (and be refused), so only --from.
    // A year before it without a plan is none to start from either.
    std::fs::rename(dir.path().join("data/2025"), dir.path().join("data/2027")).unwrap();
    for with_a_year_without_a_plan in [false, true] {
        if with_a_year_without_a_plan {
            std::fs::create_dir_all(dir.path().join("data/2025/responses")).unwrap();
        }
        let between = support::run(dir.path(), &["new-year", "2026"]);
        assert_eq!(
            support::stderr(&between),
            "error: new-year 2026: the latest year folder, data/2027, has no plan.yaml to start \
             from (expected --from 2024)\n"
        );
    }
    std::fs::remove_dir_all(dir.path().join("data/2025")).unwrap();
    std::fs::rename(dir.path().join("data/2027"), dir.path().join("data/2025")).unwrap();
    // Another logo there: refused, and nothing written.
    let there = dir.path().join("data/2025/logo.svg");
    std::fs::write(&there, b"<svg/>").unwrap();
    let before = snapshot(dir.path());
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        support::stderr(&output)
    );
    assert_eq!(
        support::stderr(&output),
        "error: new-year: data/2025 already holds another logo.svg than the year it starts \
         from; nothing was changed (move it aside, or remove it, and run new-year again)\n"
    );
    assert!(snapshot(dir.path()) == before, "new-year changed a file");

    std::fs::remove_file(&there).unwrap();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(
        names(&dir.path().join("data/2025")),
        ["logo.svg", "plan.yaml", "responses"]
    );
    assert_eq!(
        std::fs::read(&answers).unwrap(),
        b"region,indicator,value,comment\ngavleborg,hph-1,7,\n"
    );
    let check = support::run(dir.path(), &["check", "--year", "2025"]);
    assert!(check.status.success(), "{}", support::stderr(&check));
}

#[test]
fn new_year_refuses_a_year_folder_whose_plan_has_another_name_or_that_leads_out() {
    let dir = data_copy();
    let folder = dir.path().join("data/2025");
    std::fs::create_dir(&folder).unwrap();
    // Notepad's plan.yaml.txt: a new plan.yaml would pass over it.
    std::fs::write(folder.join("plan.yaml.txt"), "year: 2025\n").unwrap();
    let before = snapshot(dir.path());
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output),
        "error: new-year 2025: data/2025 already exists and holds plan.yaml.txt, its plan under \
         another name: rename it to plan.yaml (new-year never overwrites a year's plan; to start \
         the year again, move the folder aside)\n"
    );
    assert!(snapshot(dir.path()) == before, "new-year changed a file");
    std::fs::write(folder.join("plan.yml"), "year: 2025\n").unwrap();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert!(
        support::stderr(&output).contains(
            "data/2025 already exists and holds plan.yaml.txt and plan.yml, its plan under other \
             names: rename the one to keep to plan.yaml"
        ),
        "{}",
        support::stderr(&output)
    );
    // Nor can the year after start from it: it said to start 2025 first,
    // which new-year refuses so.
    let output = support::run(dir.path(), &["new-year", "2026"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output),
        "error: new-year 2026: the latest year folder, data/2025, holds no plan.yaml but \
         plan.yaml.txt and plan.yml (expected the one to keep renamed to plan.yaml; then run \
         new-year 2026 again)\n"
    );
    // A link to a folder outside the data folder, which check does not read.
    std::fs::remove_dir_all(&folder).unwrap();
    let outside = dir.path().join("elsewhere");
    std::fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, &folder).unwrap();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        support::stderr(&output).contains("outside the data folder (new-year never overwrites"),
        "{}",
        support::stderr(&output)
    );
    assert_eq!(names(&outside), Vec::<String>::new());
}

#[test]
fn new_year_refuses_an_existing_year_and_changes_nothing() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    let output = support::run(dir.path(), &["new-year", "2024", "--from", "2023"]);
    // The data is not wrong: the command asks for a year that is there.
    assert_eq!(output.status.code(), Some(2));
    assert!(
        support::stderr(&output).contains(
            "error: new-year 2024: data/2024 already exists and holds plan.yaml (new-year never \
             overwrites a year's plan; to start the year again, move the folder aside)"
        ),
        "{}",
        support::stderr(&output)
    );
    assert!(snapshot(dir.path()) == before, "new-year changed a file");
}

#[test]
fn new_year_before_the_year_it_starts_from_is_a_usage_error() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    let output = support::run(dir.path(), &["new-year", "2020"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output),
        "error: new-year 2020: 2020 comes before 2024, the year it would start from \
         (expected a later year, such as 2025, or --from a year before 2020)\n"
    );
    assert!(snapshot(dir.path()) == before, "new-year changed a file");
    // The later year it suggests is one that is not there yet, and one a
    // year folder may be named.
    let output = support::run(dir.path(), &["new-year", "2022", "--from", "2023"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        support::stderr(&output).contains("(expected a later year, such as 2025, or --from"),
        "{}",
        support::stderr(&output)
    );
    support::copy_tree(&dir.path().join("data/2024"), &dir.path().join("data/9999"));
    let output = support::run(dir.path(), &["new-year", "2020", "--from", "9999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        support::stderr(&output).contains("(expected a later year, or --from a year before 2020)"),
        "{}",
        support::stderr(&output)
    );
}

#[test]
fn new_year_removes_what_a_killed_new_year_left_in_the_year_folder() {
    // A year folder made by hand, without a plan: new-year writes into it,
    // each file staged beside its place. One killed before the rename left
    // its staged file there, which nothing removed.
    let dir = data_copy();
    let folder = dir.path().join("data/2025");
    std::fs::create_dir(&folder).unwrap();
    let left = folder.join(".hfs-report-new-year-a1b2c3");
    let young = folder.join(".hfs-report-new-year-d4e5f6");
    std::fs::write(&left, "year: 2025\n").unwrap();
    std::fs::write(&young, "year: 2025\n").unwrap();
    let two_days_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 3600);
    File::options()
        .write(true)
        .open(&left)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    support::assert_exit(&output, 0);
    assert!(folder.join("plan.yaml").is_file());
    assert!(!left.exists(), "a day-old staged file was left");
    assert!(
        young.exists(),
        "a staged file of a new-year under way was removed"
    );
}

#[test]
fn new_year_from_a_missing_year_is_a_usage_error() {
    let dir = data_copy();
    let before = snapshot(dir.path());
    let output = support::run(dir.path(), &["new-year", "2025", "--from", "2019"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(support::stderr(&output).contains("--from 2019"));
    // Without any year folder there is nothing to start from.
    let empty = support::temp_dir();
    std::fs::create_dir(empty.path().join("data")).unwrap();
    let empty_before = snapshot(empty.path());
    let output = support::run(empty.path(), &["new-year", "2025"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(snapshot(dir.path()) == before);
    assert!(
        snapshot(empty.path()) == empty_before,
        "new-year made something"
    );
}

#[test]
fn a_folder_with_a_plan_named_with_a_year_but_not_as_one_is_named() {
    // A copy as Windows names it, a year folder with a space after its
    // name: neither is read, and a secretary editing one would see no
    // change; nor is a year typed with a digit too many. A folder without
    // a year in its name, nor digits alone, says nothing.
    let dir = data_copy();
    let data = dir.path().join("data");
    let plan = std::fs::read_to_string(data.join("2024/plan.yaml")).unwrap();
    let plan_2025 = support::replaced(&plan, "year: 2024", "year: 2025");
    let plan_2028 = support::replaced(&plan, "year: 2024", "year: 2028");
    let plan_2029 = support::replaced(&plan, "year: 2024", "year: 2029");
    let plan_2030 = support::replaced(&plan, "year: 2024", "year: 2030");
    // A backup named by its date holds 2024's plan: it is a copy of 2024,
    // not 2023's data. A link to a year folder is that folder.
    // A copy made by hand to start 2026 still holds 2024's plan.
    for (folder, plan) in [
        ("2024 - Kopia", &plan),
        ("2025 ", &plan_2025),
        ("2026 - Kopia", &plan),
        ("2022 - Kopia", &plan),
        ("2028 - Kopia", &plan),
        ("VP 2028", &plan_2028),
        // A zero typed before the year; one typed after it.
        ("02029", &plan_2029),
        ("20300", &plan_2030),
        ("arkiv", &plan),
        ("backup-2023-12-01", &plan),
    ] {
        std::fs::create_dir(data.join(folder)).unwrap();
        std::fs::write(data.join(folder).join("plan.yaml"), plan).unwrap();
    }
    // A link out of the data folder is not followed to read its plan; its
    // name says the year.
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("plan.yaml"), "year: 2031\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("2024", data.join("senaste-2024")).unwrap();
        std::os::unix::fs::symlink(&outside, data.join("VP 2027")).unwrap();
        // Left beside a copy made of what it leads to.
        let copied = dir.path().join("copied-2024");
        std::fs::create_dir(&copied).unwrap();
        std::fs::write(copied.join("plan.yaml"), "year: 2024\n").unwrap();
        std::os::unix::fs::symlink(&copied, data.join("VP 2024 extern")).unwrap();
    }
    let output = support::run(dir.path(), &["check"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        support::stderr(&output)
    );
    let warnings: Vec<String> = support::stderr(&output)
        .lines()
        .filter(|line| line.contains("ignored"))
        .map(String::from)
        .collect();
    assert_eq!(
        warnings,
        [
            "data/02029: warning: ignored: a year folder is named by its year alone, and '02029' is not (rename it to '2029')",
            "data/2022 - Kopia: warning: ignored: 2024's data are read from data/2024 only (keep copies outside the data folder)",
            "data/2024 - Kopia: warning: ignored: 2024's data are read from data/2024 only (keep copies outside the data folder)",
            "data/2025 : warning: ignored: a year folder is named by its year alone, and '2025 ' is not (rename it to '2025')",
            "data/2026 - Kopia: warning: ignored: 2024's data are read from data/2024 only (keep copies outside the data folder)",
            "data/2028 - Kopia: warning: ignored: 2024's data are read from data/2024 only (keep copies outside the data folder)",
            "data/20300: warning: ignored: a year folder is named by its year's four digits, and '20300' is no year (rename it to '2030')",
            #[cfg(unix)]
            "data/VP 2024 extern: warning: ignored: 2024's data are read from data/2024 only (remove the link: a link out of the data folder is not read)",
            #[cfg(unix)]
            "data/VP 2027: warning: ignored: a year folder is named by its year alone, and 'VP 2027' is not (copy the folder it leads to into the data folder, named by the year its plan.yaml says, and remove the link: a link out of the data folder is not read)",
            "data/VP 2028: warning: ignored: a year folder is named by its year alone, and 'VP 2028' is not (rename it to '2028')",
            "data/backup-2023-12-01: warning: ignored: 2024's data are read from data/2024 only (keep copies outside the data folder)",
        ]
    );
    // The copy is named only where its year is read; the year asked for
    // names the folder that holds it.
    let output = support::run(dir.path(), &["check", "--year", "2025"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder data/2025 (years found: 2023, 2024) (the folder '2025 ' is not \
         read: a year folder is named by its year alone; rename it to '2025')\n"
    );
    let output = support::run(dir.path(), &["check", "--year", "2026"]);
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder data/2026 (years found: 2023, 2024) (the folder '2026 - Kopia' \
         is not read, and its plan is 2024's: start 2026's with hfs-report new-year 2026)\n"
    );
    // Without an earlier year new-year cannot start it; a folder whose
    // plan is the year's comes before one only named with it.
    let output = support::run(dir.path(), &["check", "--year", "2022"]);
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder data/2022 (years found: 2023, 2024) (the folder '2022 - Kopia' \
         is not read, and its plan is 2024's)\n"
    );
    let output = support::run(dir.path(), &["check", "--year", "2028"]);
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder data/2028 (years found: 2023, 2024) (the folder 'VP 2028' is \
         not read: a year folder is named by its year alone; rename it to '2028')\n"
    );
    // A year typed with a digit too many is named by its plan.
    let output = support::run(dir.path(), &["check", "--year", "2030"]);
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder data/2030 (years found: 2023, 2024) (the folder '20300' is \
         not read: a year folder is named by its year's four digits; rename it to '2030')\n"
    );
    // new-year starts from the latest year unless told --from; with no
    // year folder, the copy is named as the year its plan is for, and the
    // year asked for started from it.
    let other = dir.path().join("other");
    for folder in ["2023", "2026", "kopia-2025"] {
        std::fs::create_dir_all(other.join(folder)).unwrap();
    }
    std::fs::write(other.join("kopia-2025/plan.yaml"), &plan).unwrap();
    let output = support::run(dir.path(), &["check", "--data", "other", "--year", "2025"]);
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder other/2025 (years found: 2023, 2026) (the folder 'kopia-2025' \
         is not read, and its plan is 2024's: start 2025's with hfs-report new-year 2025 --from \
         2023 --data other)\n"
    );
    // Only a later year folder: new-year would start from that.
    std::fs::remove_dir(other.join("2023")).unwrap();
    let output = support::run(dir.path(), &["check", "--data", "other", "--year", "2025"]);
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder other/2025 (years found: 2026) (the folder 'kopia-2025' is not \
         read, and its plan is 2024's; rename it to '2024', and start 2025's from it with \
         hfs-report new-year 2025 --from 2024 --data other)\n"
    );
    std::fs::remove_dir(other.join("2026")).unwrap();
    let output = support::run(dir.path(), &["check", "--data", "other", "--year", "2025"]);
    assert_eq!(
        support::stderr(&output),
        "error: there is no folder other/2025 (years found: none) (the folder 'kopia-2025' is not \
         read, and its plan is 2024's; rename it to '2024', and start 2025's from it with \
         hfs-report new-year 2025 --data other)\n"
    );
    // The folder a year folder links to is read.
    #[cfg(unix)]
    {
        let linked = dir.path().join("linked");
        support::copy_tree(&data.join("2024"), &linked.join("VP 2024 arbetskopia"));
        std::os::unix::fs::symlink("VP 2024 arbetskopia", linked.join("2024")).unwrap();
        let output = support::run(dir.path(), &["check", "--data", "linked"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            support::stderr(&output)
        );
        assert!(
            !support::stderr(&output).contains("ignored"),
            "{}",
            support::stderr(&output)
        );
    }
}

#[test]
fn options_that_cannot_be_followed_are_usage_errors() {
    let dir = data_copy();
    std::fs::write(dir.path().join("notes.txt"), "a file").unwrap();
    let cases: [(&[&str], &str); 12] = [
        (
            &["check", "--data", "missing"],
            "error: the data folder missing does not exist (give one with --data DIR)\n",
        ),
        (
            &["check", "--data", "data/2024", "--year", "2024"],
            "error: there is no folder data/2024/2024 (years found: none) (it is a year \
             folder itself: give the folder above it, --data data)\n",
        ),
        // A year folder given as the data folder: the one above it is.
        (
            &["check", "--data", "data/2024"],
            "error: the data folder data/2024 holds no year folder such as 2024/ (it is a \
             year folder itself: give the folder above it, --data data)\n",
        ),
        (
            &["new-year", "2025", "--data", "data/2024"],
            "error: the data folder data/2024 holds no year folder such as 2024/ to start from \
             (it is a year folder itself: give the folder above it, --data data)\n",
        ),
        (
            &["new-year", "2025", "--data", "notes.txt"],
            "error: the data folder notes.txt is a file, not a folder (give one with --data DIR)\n",
        ),
        (
            &["build", "--templates", "missing"],
            "error: the templates folder missing does not exist\n",
        ),
        (
            &["build", "--templates", "notes.txt"],
            "error: the templates folder notes.txt is a file, not a folder\n",
        ),
        (
            &["build", "--only", "plan", "--region", "skane"],
            "error: --region skane asks for a region's follow-up report, which --only plan \
             leaves out (expected one of the two)\n",
        ),
        (
            &["build", "--jobs", "0"],
            "error: --jobs 0 typesets nothing (expected at least 1 document at a time)\n",
        ),
        (
            &["build", "--jobs", "100000"],
            "error: --jobs 100000 is more than 256 (expected at most one per core, \
             which is the fastest and the default)\n",
        ),
        // A year folder is named by four digits, the first not 0; 02024
        // and 0999 name none (and 0999 has four digits).
        (
            &["check", "--year", "02024"],
            "error: invalid value '02024' for '--year <YEAR>': expected a year from 1000 to \
             9999, written as its folder is named, such as 2024\n\nFor more information, try \
             '--help'.\n",
        ),
        (
            &["check", "--year", "0999"],
            "error: invalid value '0999' for '--year <YEAR>': expected a year from 1000 to \
             9999, written as its folder is named, such as 2024\n\nFor more information, try \
             '--help'.\n",
        ),
    ];
    for (args, expected) in cases {
        let output = support::run(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(support::stderr(&output), expected, "{args:?}");
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn quiet_prints_errors_only() {
    // The bundled year has two Windows-1252 files: a warning each.
    let dir = data_copy();
    let args = ["build", "--year", "2024", "--only", "plan"];
    let output = support::run(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0));
    assert!(support::stderr(&output).contains("warning: the file is not UTF-8"));
    let output = support::run(dir.path(), &[&args[..], &["--quiet"]].concat());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(support::stderr(&output), "");
    assert_eq!(support::stdout(&output), "");
    // Also when the build fails on its data: the error, not the warnings.
    edit(
        &dir.path().join("data/2024/plan.yaml"),
        "status: draft\n",
        "status: maybe\n",
    );
    let output = support::run(dir.path(), &[&args[..], &["--quiet"]].concat());
    assert_eq!(output.status.code(), Some(1));
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains("error: key 'status' is 'maybe'"),
        "{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn source_date_epoch_is_whole_seconds_from_1970_to_the_end_of_9999() {
    let dir = data_copy();
    let build = |epoch: &str| {
        Command::new(env!("CARGO_BIN_EXE_hfs-report"))
            .args(["build", "--year", "2024", "--only", "plan", "--quiet"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("the binary runs")
    };
    for wrong in ["-5", "1e9", "253402300800", "tomorrow"] {
        let output = build(wrong);
        assert_eq!(output.status.code(), Some(2), "{wrong}");
        assert_eq!(
            support::stderr(&output),
            format!(
                "error: SOURCE_DATE_EPOCH is '{wrong}', expected a number of seconds since 1970 \
                 (from 0 to 253402300799, the end of the year 9999)\n"
            )
        );
    }
    assert!(!dir.path().join("out").exists());
    // The last second of 9999 is a date a PDF can hold.
    let output = build("253402300799");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        support::stderr(&output)
    );
    let pdf = std::fs::read(dir.path().join("out/2024/verksamhetsplan-2024.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    assert!(pdf.contains("D:99991231235959"), "no such date in the PDF");
}

#[test]
fn new_year_from_a_plan_with_errors_prints_them_and_creates_nothing() {
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    let line = line_of(&plan, "status:");
    edit(&plan, "status: draft\n", "status: maybe\n");
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains(&format!(
            "data/2024/plan.yaml:{line}:9: error: key 'status' is 'maybe'"
        )),
        "{stderr}"
    );
    assert_eq!(names(&dir.path().join("data")), ["2023", "2024"]);
}

#[test]
fn new_year_keeps_a_line_of_a_quoted_text_that_looks_like_a_key() {
    // A quoted text over several lines, one of which starts like the key
    // that new-year removes: it is text, and the mission stays whole.
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    edit(
        &plan,
        "mission: Vi ska driva utveckling för en jämlik",
        "mission: \"Godkänd av årsmötet,\napproved_on: 2024-04-18,\nvi ska driva utveckling för en jämlik",
    );
    edit(
        &plan,
        "patienter, medarbetare och befolkning\n",
        "patienter, medarbetare och befolkning\"\n",
    );
    let check = support::run(dir.path(), &["check", "--year", "2024"]);
    assert!(check.status.success(), "{}", support::stderr(&check));

    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let new = std::fs::read_to_string(dir.path().join("data/2025/plan.yaml")).unwrap();
    assert!(
        new.contains("mission: \"Godkänd av årsmötet,\napproved_on: 2024-04-18,\nvi ska driva"),
        "{new}"
    );
    assert!(new.contains("\nyear: 2025\n") && new.contains("\nstatus: draft\n"));
    let check = support::run(dir.path(), &["check", "--year", "2025"]);
    assert!(check.status.success(), "{}", support::stderr(&check));
}

#[test]
fn new_year_keeps_the_byte_order_mark_of_a_plan_saved_by_notepad() {
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    let text = std::fs::read(&plan).unwrap();
    std::fs::write(&plan, [b"\xEF\xBB\xBF".as_slice(), &text].concat()).unwrap();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let new = std::fs::read(dir.path().join("data/2025/plan.yaml")).unwrap();
    assert!(new.starts_with(b"\xEF\xBB\xBF# Verksamhetsplan 2024"));
    let check = support::run(dir.path(), &["check", "--year", "2025"]);
    assert!(check.status.success(), "{}", support::stderr(&check));
}

#[test]
fn completions_print_a_script_for_every_shell() {
    let dir = support::temp_dir();
    let output = support::run(dir.path(), &["completions", "bash"]);
    assert!(output.status.success());
    let script = support::stdout(&output);
    assert!(script.contains("hfs-report"));
    assert!(script.contains("new-year") && script.contains("--templates"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let output = support::run(dir.path(), &["completions", shell]);
        assert!(output.status.success(), "{shell}");
        assert!(support::stdout(&output).contains("hfs-report"));
    }
}

/// What bash completes for `words` (the last one being typed) with the
/// script `completions bash` prints.
#[cfg(unix)]
fn bash_completes(dir: &Path, words: &[&str]) -> String {
    let output = support::run(dir, &["completions", "bash"]);
    std::fs::write(dir.join("hfs-report.bash"), &output.stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let current = words.last().copied().unwrap_or("");
    let previous = words
        .get(words.len().saturating_sub(2))
        .copied()
        .unwrap_or("");
    let script = format!(
        "source ./hfs-report.bash\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_hfs__report hfs-report '{current}' '{previous}'\necho \"${{COMPREPLY[*]}}\"\n",
        quoted.join(" "),
        words.len() - 1,
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir)
        .output()
        .expect("bash runs");
    support::stdout(&output).trim().to_string()
}

#[cfg(unix)]
#[test]
fn bash_completes_the_flags_and_values_of_a_subcommand() {
    let dir = support::temp_dir();
    assert_eq!(bash_completes(dir.path(), &["hfs-report", "bu"]), "build");
    // After a subcommand, which clap_complete's script missed (clap-rs/clap#6421).
    assert_eq!(
        bash_completes(dir.path(), &["hfs-report", "build", "--on"]),
        "--only"
    );
    assert_eq!(
        bash_completes(dir.path(), &["hfs-report", "build", "--only", ""]),
        "plan followup"
    );
    assert_eq!(
        bash_completes(dir.path(), &["hfs-report", "templates", "ex"]),
        "export"
    );
}

/// Runs `build --year 2024 --only plan --templates FOLDER` in `dir`, with
/// `more` arguments.
fn build_plan_with_templates(dir: &Path, folder: &str, more: &[&str]) -> std::process::Output {
    let args = [
        "build",
        "--year",
        "2024",
        "--only",
        "plan",
        "--templates",
        folder,
    ];
    support::run(dir, &[&args[..], more].concat())
}

#[test]
fn a_template_saved_under_another_name_is_named_in_a_warning() {
    // As Notepad saves it, and with a capital letter: neither replaces
    // the built-in template, which a user would not see without a word.
    let dir = support::temp_dir();
    support::copy_tree(&support::root().join("data"), &dir.path().join("data"));
    let style = TemplateSource::embedded()
        .iter()
        .find(|(name, _)| *name == "hfs-style.typ")
        .map(|(_, text)| *text)
        .unwrap();
    support::templates_folder(dir.path(), "mine", "hfs-style.typ.txt", style);
    support::templates_folder(dir.path(), "mine", "Verksamhetsplan.typ.j2", "x");
    support::templates_folder(dir.path(), "mine", "notes.md", "my notes");
    // A backup beside the template it copies is no mistake: the editor
    // writes it before it saves the template.
    support::templates_folder(dir.path(), "mine", "charts.typ.j2~", "");
    support::templates_folder(dir.path(), "mine", "charts.typ.j2", "");
    let output = build_plan_with_templates(dir.path(), "mine", &[]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let stderr = support::stderr(&output);
    for (file, meant) in [
        ("mine/Verksamhetsplan.typ.j2", "verksamhetsplan.typ.j2"),
        ("mine/hfs-style.typ.txt", "hfs-style.typ"),
    ] {
        assert!(
            stderr.contains(&format!(
                "{file}: warning: is no template's name, so the built-in '{meant}' is used in its place (name the file '{meant}' to use it)"
            )),
            "{stderr}"
        );
    }
    assert!(
        !stderr.contains("notes.md") && !stderr.contains("charts"),
        "{stderr}"
    );
}

#[test]
fn a_template_read_through_a_link_or_named_unlike_any_gets_no_warning() {
    // `chart.typ.j2`, named almost like `charts.typ.j2`, is read: the plan
    // includes it through a link. `part.typ.j2` shares only its
    // extensions with `charts.typ.j2`. Both were told they are not read.
    let dir = support::temp_dir();
    support::copy_tree(&support::root().join("data"), &dir.path().join("data"));
    let plan = TemplateSource::embedded()
        .iter()
        .find(|(name, _)| *name == "verksamhetsplan.typ.j2")
        .map(|(_, text)| format!("{text}\n{{% include \"extra.typ.j2\" %}}\n"))
        .unwrap();
    let mine = support::templates_folder(dir.path(), "mine", "verksamhetsplan.typ.j2", &plan);
    support::templates_folder(dir.path(), "mine", "chart.typ.j2", "Genom länken\n");
    support::templates_folder(dir.path(), "mine", "part.typ.j2", "x");
    std::os::unix::fs::symlink("chart.typ.j2", mine.join("extra.typ.j2")).unwrap();
    let output = build_plan_with_templates(dir.path(), "mine", &[]);
    let stderr = support::stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("template's name"), "{stderr}");
    let pdf = std::fs::read(dir.path().join("out/2024/verksamhetsplan-2024.pdf")).unwrap();
    assert!(support::pdf_text(&pdf).contains("Genom länken"));
}

#[test]
fn a_templates_folder_not_read_as_its_user_meant_gets_a_warning() {
    let dir = support::temp_dir();
    support::copy_tree(&support::root().join("data"), &dir.path().join("data"));
    let build = |folder: &str| build_plan_with_templates(dir.path(), folder, &[]);
    // What it says of the templates (the bundled CSV files get warnings too).
    let said = |output: &std::process::Output| -> String {
        support::stderr(output)
            .lines()
            .filter(|line| !line.starts_with("data/"))
            .map(|line| format!("{line}\n"))
            .collect()
    };
    let style = TemplateSource::embedded()
        .iter()
        .find(|(name, _)| *name == "hfs-style.typ")
        .map(|(_, text)| *text)
        .unwrap();
    // Notepad's "Save as" leaves the edited copy beside the original.
    let original = support::templates_folder(dir.path(), "mine", "hfs-style.typ", style);
    let earlier = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(original.join("hfs-style.typ"))
        .and_then(|file| file.set_modified(earlier))
        .unwrap();
    support::templates_folder(dir.path(), "mine", "hfs-style.typ.txt", style);
    let output = build("mine");
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(
        said(&output),
        "mine/hfs-style.typ.txt: warning: is no template's name, so it is not read: \
         'hfs-style.typ' beside it is (if this is the one you edited, name it \
         'hfs-style.typ' and keep the other elsewhere)\n"
    );
    // An empty folder, and one that holds them a level down.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let output = build("empty");
    assert_eq!(
        said(&output),
        "empty: warning: holds none of the templates, so every one was built in \
         (hfs-report templates export DIR writes them into a folder to edit)\n"
    );
    support::templates_folder(&dir.path().join("unpacked"), "mine", "hfs-style.typ", style);
    let output = build("unpacked");
    assert_eq!(
        said(&output),
        "unpacked: warning: holds none of the templates, so every one was built in \
         (the folder unpacked/mine holds templates: give --templates unpacked/mine)\n"
    );
    // A build that fails says so too, where it may be the cause: the
    // style the template calls is in the copy that is not read. Not for
    // an editor's backup or autosave.
    support::templates_folder(dir.path(), "fails", "hfs-style.typ.txt", style);
    support::templates_folder(dir.path(), "fails", "#verksamhetsplan.typ.j2#", "x");
    support::templates_folder(dir.path(), "fails", "charts.typ.j2~", "x");
    support::templates_folder(
        dir.path(),
        "fails",
        "verksamhetsplan.typ.j2",
        "#import \"hfs-style.typ\": *\n#my-box[x]\n",
    );
    let output = build("fails");
    assert_eq!(output.status.code(), Some(3));
    let stderr = said(&output);
    assert!(
        stderr.contains("unknown variable: my-box")
            && stderr.contains(
                "fails/hfs-style.typ.txt: warning: is no template's name, so the built-in \
                 'hfs-style.typ' is used in its place (name the file 'hfs-style.typ' to use it)\n"
            )
            && !stderr.contains("typ.j2#")
            && !stderr.contains("typ.j2~"),
        "{stderr}"
    );
    // After the error, as warnings; --quiet prints errors only.
    assert!(
        stderr.ends_with(
            "(name the file 'hfs-style.typ' to use it)\n\
             nothing was written; the files already there are as they were\n"
        ),
        "{stderr}"
    );
    let output = build_plan_with_templates(dir.path(), "fails", &["--quiet"]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains("unknown variable: my-box") && !stderr.contains("warning"),
        "{stderr}"
    );
    // An empty template, a save gone wrong, is named as such.
    support::templates_folder(dir.path(), "zero", "verksamhetsplan.typ.j2", "");
    let output = build("zero");
    assert_eq!(output.status.code(), Some(3));
    assert!(
        said(&output).starts_with(
            "zero/verksamhetsplan.typ.j2: error: the template is empty (delete the file to use \
             the built-in one, or export it again with hfs-report templates export)\n"
        ),
        "{}",
        support::stderr(&output)
    );
}

#[test]
fn templates_export_writes_every_template_and_never_overwrites_without_force() {
    let dir = support::temp_dir();
    let output = support::run(dir.path(), &["templates", "export", "my-templates"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert!(support::stdout(&output).contains("--templates my-templates"));
    let folder = dir.path().join("my-templates");
    // Each as built in, after a mark at the start of its first line that
    // says which version wrote it.
    for (name, text) in TemplateSource::embedded() {
        let exported = std::fs::read_to_string(folder.join(name)).unwrap();
        let at = exported.find(text).expect("the built-in text");
        let mark = &exported[..at];
        assert_eq!(at + text.len(), exported.len());
        assert!(mark.contains("exported by hfs-report "), "{mark}");
        assert!(!mark.contains('\n'), "{mark}");
    }

    // An edited template survives a second export ...
    let style = folder.join("hfs-style.typ");
    std::fs::write(&style, "// mine\n").unwrap();
    let output = support::run(dir.path(), &["templates", "export", "my-templates"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(support::stderr(&output).contains(
        "add --force to replace them with the built-in ones, or export into a new folder and \
         copy from it the ones you need, to keep your changes"
    ));
    assert_eq!(std::fs::read_to_string(&style).unwrap(), "// mine\n");
    // ... unless it is asked to be replaced.
    let output = support::run(
        dir.path(),
        &["templates", "export", "my-templates", "--force"],
    );
    assert!(output.status.success());
    assert_ne!(std::fs::read_to_string(&style).unwrap(), "// mine\n");

    // A link to a file that is not there (a share not mounted) is a
    // template of the user's too: not replaced by a file without a word.
    #[cfg(unix)]
    {
        std::fs::remove_file(&style).unwrap();
        std::os::unix::fs::symlink("/mnt/share/hfs-style.typ", &style).unwrap();
        let output = support::run(dir.path(), &["templates", "export", "my-templates"]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{}",
            support::stderr(&output)
        );
        assert!(style.is_symlink());
    }
}

#[test]
fn exported_templates_saved_by_notepad_make_the_same_documents() {
    // Notepad may save a file with a byte-order mark and Windows' line
    // ends. The mark went into the Typst as text before the document: a
    // blank first page. And the first line no longer read as this
    // version's, so a mistake got the hint to export again.
    let dir = support::temp_dir();
    let data = support::root().join("data");
    let saved = support::exported_plan_templates(dir.path(), "saved");
    for name in ["verksamhetsplan.typ.j2", "hfs-style.typ"] {
        let text = std::fs::read_to_string(saved.join(name)).unwrap();
        std::fs::write(
            saved.join(name),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        )
        .unwrap();
    }
    let build = |out: &str, extra: &[&str]| {
        let mut args = vec!["build", "--data", data.to_str().unwrap(), "--out", out];
        args.extend(["--year", "2024", "--only", "plan"]);
        args.extend(extra);
        let output = support::run(dir.path(), &args);
        (output.status.code(), support::stderr(&output))
    };
    assert_eq!(build("built-in", &[]).0, Some(0));
    assert_eq!(build("saved-out", &["--templates", "saved"]).0, Some(0));
    let plan = "2024/verksamhetsplan-2024.pdf";
    assert!(
        std::fs::read(dir.path().join("built-in").join(plan)).unwrap()
            == std::fs::read(dir.path().join("saved-out").join(plan)).unwrap()
    );
    let plan_template = saved.join("verksamhetsplan.typ.j2");
    let mine = std::fs::read_to_string(&plan_template).unwrap() + "#nosuchfunction()\r\n";
    std::fs::write(&plan_template, mine).unwrap();
    let (code, stderr) = build("broken", &["--templates", "saved"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("unknown variable: nosuchfunction"),
        "{stderr}"
    );
    assert!(!stderr.contains("hint: saved holds"), "{stderr}");
}

#[test]
fn every_emitted_source_compiles_to_the_pdf_the_build_wrote() {
    // SPEC §5: the source beside each PDF, with the style and the logo
    // beside it, is the document. Compiled on its own (as the typst CLI
    // would, from the folder), dated and named as the build dates and
    // names it, it gives the same bytes.
    let dir = support::temp_dir();
    let data = support::followup_fixture_with_logo(
        dir.path(),
        "logo.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>"#,
    );
    let out = dir.path().join("out");
    support::build_2024(dir.path(), &data, &out, &["--emit", "typst"]);
    let folder = out.join("2024");
    let files: Vec<(String, Bytes)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".pdf") && name != "manifest.json")
        .map(|name| {
            let bytes = std::fs::read(folder.join(&name)).unwrap();
            (name, Bytes::new(bytes))
        })
        .collect();
    assert!(files.iter().any(|(name, _)| name == "logo.svg"));
    let typesetter = Typesetter::new();
    let mut compared = 0;
    for (main, _) in files.iter().filter(|(name, _)| name.ends_with(".typ")) {
        let Some(stem) = main
            .strip_suffix(".typ")
            .filter(|stem| *stem != "hfs-style")
        else {
            continue;
        };
        // The plan by the meeting that approved it, a report by the end of
        // its year (both midnight UTC).
        let timestamp = if stem.starts_with("verksamhetsplan") {
            1_713_398_400
        } else {
            1_735_603_200
        };
        let source = DocumentSource {
            main: main.clone(),
            files: files.clone(),
            timestamp,
            ident: format!("hfs-report/2024/{stem}"),
            shown_as: Vec::new(),
        };
        let pages = typesetter
            .compile(&source)
            .unwrap_or_else(|err| panic!("{main}: {err}"));
        let pdf = typesetter
            .pdf(&pages, &source)
            .unwrap_or_else(|err| panic!("{main}: {err}"));
        let built = std::fs::read(folder.join(format!("{stem}.pdf"))).unwrap();
        assert!(pdf == built, "{main} does not compile to {stem}.pdf");
        compared += 1;
    }
    // The plan, three regions' reports and the network's.
    assert_eq!(compared, 5);
}

#[test]
fn a_build_not_on_a_terminal_prints_a_line_per_document_and_a_summary() {
    // SPEC §5: quiet, one summary line per document, when standard
    // output is not a terminal (a nightly job's log).
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let out = dir.path().join("out");
    let printed = support::build_2024(dir.path(), &data, &out, &[]);
    let lines: Vec<&str> = printed.lines().collect();
    let wrote: Vec<String> = [
        "uppfoljning-2024-mitten",
        "uppfoljning-2024-natverket",
        "uppfoljning-2024-norrland",
        "uppfoljning-2024-soder",
        "verksamhetsplan-2024",
    ]
    .iter()
    .map(|stem| format!("wrote {}", out.join(format!("2024/{stem}.pdf")).display()))
    .collect();
    assert_eq!(lines[..lines.len() - 1], wrote, "{printed}");
    let summary = lines[lines.len() - 1];
    assert!(
        summary.starts_with("built 5 documents in ")
            && summary.ends_with(&format!(" s into {}", out.display())),
        "{printed}"
    );
}

/// The files `--emit typst` wrote for the 2024 plan into `out`, as a document.
fn emitted_plan(out: &Path) -> DocumentSource {
    let folder = out.join("2024");
    let files = ["verksamhetsplan-2024.typ", "hfs-style.typ"]
        .iter()
        .map(|name| {
            let bytes = std::fs::read(folder.join(name)).unwrap();
            (name.to_string(), Bytes::new(bytes))
        })
        .collect();
    DocumentSource {
        main: "verksamhetsplan-2024.typ".into(),
        files,
        timestamp: 0,
        ident: "test".into(),
        shown_as: Vec::new(),
    }
}

#[test]
fn a_style_exported_by_an_earlier_version_still_serves_the_built_in_templates() {
    // A secretariat that changed only the colours keeps only the style it
    // exported (README, "Making it yours"). The style of f53ee07 lacks
    // what later templates call in it; a call of a function it has not
    // stopped every build ("unknown variable: list-in-columns").
    let dir = support::temp_dir();
    let templates = support::root().join("tests/fixtures/earlier-style");
    let output = support::run(
        dir.path(),
        &[
            "build",
            "--data",
            support::root().join("data").to_str().unwrap(),
            "--year",
            "2024",
            "--templates",
            templates.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
    let written = std::fs::read_dir(dir.path().join("out/2024"))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().path().extension() == Some("pdf".as_ref()))
        .count();
    assert_eq!(written, 21);
}

#[test]
fn a_build_with_templates_uses_the_edited_style_and_the_built_in_rest() {
    let dir = support::temp_dir();
    let data = support::root().join("data");
    // Only the style is customised: another accent colour, and a line of
    // text before every document's body.
    let templates = dir.path().join("my-templates");
    std::fs::create_dir(&templates).unwrap();
    let (_, style) = TemplateSource::embedded()
        .iter()
        .find(|(name, _)| *name == "hfs-style.typ")
        .unwrap();
    let mine = format!(
        "{}\n#let hfs-document-built-in = hfs-document\n\
         #let hfs-document(..args) = hfs-document-built-in(..args.named(), \
         [Egen mall för Testnätverket] + args.pos().first())\n",
        style.replace("rgb(\"#1d4f73\")", "rgb(\"#8b1a1a\")")
    );
    std::fs::write(templates.join("hfs-style.typ"), &mine).unwrap();

    let build = |out: &str, custom: bool| {
        let mut args = vec![
            "build",
            "--data",
            data.to_str().unwrap(),
            "--out",
            out,
            "--year",
            "2024",
            "--only",
            "plan",
            "--emit",
            "typst",
        ];
        if custom {
            args.extend(["--templates", "my-templates"]);
        }
        let output = support::run(dir.path(), &args);
        assert!(output.status.success(), "{}", support::stderr(&output));
    };
    build("custom", true);
    build("default", false);
    let custom = dir.path().join("custom");
    let default = dir.path().join("default");

    assert_eq!(
        std::fs::read_to_string(custom.join("2024/hfs-style.typ")).unwrap(),
        mine
    );
    // The plan's template is not in the folder: the built-in one was used.
    assert_eq!(
        std::fs::read(custom.join("2024/verksamhetsplan-2024.typ")).unwrap(),
        std::fs::read(default.join("2024/verksamhetsplan-2024.typ")).unwrap()
    );
    let text = plain_text(
        &Typesetter::new()
            .compile(&emitted_plan(&custom))
            .unwrap_or_else(|err| panic!("{err}")),
    );
    assert_shows(&text, "Egen mall för Testnätverket");
    assert_shows(&text, "Nätverkets verksamhetsidé");
    assert!(
        std::fs::read(custom.join("2024/verksamhetsplan-2024.pdf")).unwrap()
            != std::fs::read(default.join("2024/verksamhetsplan-2024.pdf")).unwrap()
    );
}

/// A running `hfs-report watch`, killed when dropped so that a failing test
/// leaves no process behind.
struct Watch {
    child: Child,
    dir: PathBuf,
}

impl Watch {
    /// Starts `watch --year 2024 --only plan` in `dir` (which holds `data/`).
    fn start(dir: &Path) -> Self {
        Self::start_with(dir, &[])
    }

    /// [`Watch::start`] with more arguments.
    fn start_with(dir: &Path, extra: &[&str]) -> Self {
        let args = ["watch", "--year", "2024", "--only", "plan"];
        Self::run(dir, &[&args, extra].concat())
    }

    /// Runs hfs-report with `args` (a watch) in `dir`.
    fn run(dir: &Path, args: &[&str]) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_hfs-report"))
            .args(args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(File::create(dir.join("watch.out")).unwrap())
            .stderr(File::create(dir.join("watch.err")).unwrap())
            .spawn()
            .expect("the binary starts");
        Self {
            child,
            dir: dir.to_path_buf(),
        }
    }

    /// What the watch printed so far, standard output then standard error.
    fn printed(&self) -> (String, String) {
        let read = |name| std::fs::read_to_string(self.dir.join(name)).unwrap_or_default();
        (read("watch.out"), read("watch.err"))
    }

    /// Waits until `done` holds, failing with what the watch printed after a minute.
    #[track_caller]
    fn wait_for(&mut self, what: &str, mut done: impl FnMut() -> bool) {
        let started = Instant::now();
        while !done() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("watch ended ({status}) before {what}: {:?}", self.printed());
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}: {:?}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the watch to end, failing with what it printed after
    /// half a minute.
    #[track_caller]
    fn ended(&mut self) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "watch did not stop: {:?}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until what the watch printed has stayed the same for half a
    /// second, ten times its debounce: no change it saw is still to be
    /// built, even where a busy machine split one save into two events.
    #[cfg(unix)]
    fn settle(&mut self) {
        let mut last = self.printed();
        let mut since = Instant::now();
        while since.elapsed() < Duration::from_millis(500) {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.printed();
            if now != last {
                (last, since) = (now, Instant::now());
            }
        }
    }
}

#[cfg(unix)]
impl Watch {
    /// Sends the watch a Ctrl-C and waits for it to end.
    fn ctrl_c(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        self.ended()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The PDF's bytes, when it is there.
fn read_pdf(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

#[test]
fn watch_rebuilds_the_plan_when_plan_yaml_changes() {
    let dir = data_copy();
    let pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
    let mut watch = Watch::start(dir.path());
    watch.wait_for("the first build", || read_pdf(&pdf).is_some());
    let first = read_pdf(&pdf).unwrap();

    edit(
        &dir.path().join("data/2024/plan.yaml"),
        "mission: Vi ska driva utveckling",
        "mission: Vi ska tillsammans driva utveckling",
    );
    watch.wait_for("the rebuilt PDF", || {
        read_pdf(&pdf).is_some_and(|bytes| bytes != first)
    });
    watch.wait_for("the rebuild's line", || {
        watch_out(dir.path()).contains("data/2024/plan.yaml changed: built 1 document in ")
    });
}

#[test]
fn watch_takes_quiet_and_verbose_as_build_does() {
    // Both were accepted and ignored: --quiet printed the bundled year's
    // warnings and every rebuild's line, --verbose no stages.
    for flag in ["--quiet", "--verbose"] {
        let dir = data_copy();
        let pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
        let mut watch = Watch::start_with(dir.path(), &[flag]);
        watch.wait_for("the first build", || read_pdf(&pdf).is_some());
        watch.settle();
        let (out, err) = watch.printed();
        if flag == "--quiet" {
            assert_eq!((out.as_str(), err.as_str()), ("", ""), "{flag}");
            // An error is printed all the same, without the warnings.
            edit(
                &dir.path().join("data/2024/plan.yaml"),
                "status: draft",
                "status: utkastet",
            );
            watch.wait_for("the error", || {
                watch_err(dir.path()).contains("error: key 'status'")
            });
            watch.settle();
            let (out, err) = watch.printed();
            assert_eq!(out, "", "{flag}");
            assert!(!err.contains("warning"), "{err}");
            assert!(err.contains("1 error after "), "{err}");
        } else {
            assert!(out.contains("built 1 document in "), "{out}");
            assert!(out.contains("stages: load "), "{out}");
            assert!(err.contains("warning: the file is not UTF-8"), "{err}");
        }
    }
}

#[test]
fn watch_lists_in_the_manifest_only_the_templates_it_read() {
    // A template deleted during a watch stayed in the manifest's list of
    // inputs, as read, for every build after.
    let dir = data_copy();
    let templates = support::exported_plan_templates(dir.path(), "mine");
    let manifest = dir.path().join("out/2024/manifest.json");
    let listed = || -> Vec<String> {
        let text = std::fs::read_to_string(&manifest).unwrap_or_default();
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let mut names: Vec<String> = manifest["templates"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["path"].as_str().map(str::to_string))
            .collect();
        names.sort();
        names
    };
    let mut watch = Watch::start_with(dir.path(), &["--templates", "mine"]);
    watch.wait_for("the first build", || {
        listed()
            .iter()
            .any(|t| t.ends_with("verksamhetsplan.typ.j2"))
    });
    std::fs::remove_file(templates.join("verksamhetsplan.typ.j2")).unwrap();
    watch.wait_for("the build without it", || {
        watch_out(dir.path()).contains(" changed: ")
    });
    watch.settle();
    let names = listed();
    assert!(
        !names.iter().any(|t| t.ends_with("verksamhetsplan.typ.j2")) && !names.is_empty(),
        "{names:?}"
    );
}

#[test]
fn watch_follows_a_data_folder_deleted_and_made_again() {
    // As when a secretary copies the data folder back from a backup: the
    // folder watched is gone, and a new one has its name.
    let dir = data_copy();
    let data = dir.path().join("data");
    let pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
    let mut watch = Watch::start(dir.path());
    watch.wait_for("the first build", || read_pdf(&pdf).is_some());
    let first = read_pdf(&pdf).unwrap();

    let old = dir.path().join("data-old");
    std::fs::rename(&data, &old).unwrap();
    support::copy_tree(&old, &data);
    // The move sets off a build (of the new folder, as named); only an
    // edit after it shows whether the new folder is watched.
    watch.wait_for("the build after the move", || {
        watch_out(dir.path()).contains(" changed: ")
    });
    edit_the_mission_and_wait(&mut watch, &data, &pdf, &first);
}

#[test]
fn watch_keeps_the_documents_while_the_templates_folder_is_gone() {
    // The templates folder moved away (exported again, a checkout under
    // way) built every document with the built-in templates over the
    // user's; and a year folder gone was told as one without its plan.
    let dir = data_copy();
    let mine = support::exported_plan_templates(dir.path(), "mine");
    edit(
        &mine.join("verksamhetsplan.typ.j2"),
        "{{ labels.mission }}",
        "EGEN RUBRIK",
    );
    let pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
    let mut watch = Watch::start_with(dir.path(), &["--templates", "mine"]);
    watch.wait_for("the first build", || read_pdf(&pdf).is_some());
    let first = read_pdf(&pdf).unwrap();
    assert!(support::pdf_text(&first).contains("EGEN RUBRIK"));

    std::fs::rename(&mine, dir.path().join("mine-away")).unwrap();
    watch.wait_for("the error", || {
        watch_err(dir.path()).contains("error: the templates folder mine does not exist")
    });
    watch.settle();
    assert_eq!(read_pdf(&pdf).unwrap(), first);
    assert!(!watch_err(dir.path()).contains("holds none of the templates"));
    // Counted as a data error is: it said "failed after".
    assert!(
        watch_err(dir.path()).contains("mine/ changed: 1 error after "),
        "{}",
        watch_err(dir.path())
    );

    std::fs::rename(dir.path().join("mine-away"), &mine).unwrap();
    edit(
        &mine.join("verksamhetsplan.typ.j2"),
        "EGEN RUBRIK",
        "EGEN RUBRIK IGEN",
    );
    watch.wait_for("the rebuilt PDF", || {
        read_pdf(&pdf).is_some_and(|bytes| support::pdf_text(&bytes).contains("RUBRIK IGEN"))
    });

    std::fs::rename(
        dir.path().join("data/2024"),
        dir.path().join("data/2024-flyttad"),
    )
    .unwrap();
    watch.wait_for("the year's error", || {
        watch_err(dir.path()).contains("error: there is no folder data/2024 (years found: 2023)")
    });
}

/// Edits the plan's mission in `data` and waits for the watch to build a
/// plan `pdf` other than `first`.
#[track_caller]
fn edit_the_mission_and_wait(watch: &mut Watch, data: &Path, pdf: &Path, first: &[u8]) {
    edit(
        &data.join("2024/plan.yaml"),
        "mission: Vi ska driva utveckling",
        "mission: Vi ska tillsammans driva utveckling",
    );
    watch.wait_for("the rebuilt PDF", || {
        read_pdf(pdf).is_some_and(|bytes| bytes != first)
    });
}

#[test]
fn watch_with_the_output_folder_around_the_data_folder_still_sees_edits() {
    // `--out .`: the data folder is inside the output folder, whose own
    // changes (the build's writes) the watch leaves alone.
    let dir = data_copy();
    let pdf = dir.path().join("2024/verksamhetsplan-2024.pdf");
    let mut watch = Watch::start_with(dir.path(), &["--out", "."]);
    watch.wait_for("the first build", || read_pdf(&pdf).is_some());
    let first = read_pdf(&pdf).unwrap();
    edit_the_mission_and_wait(&mut watch, &dir.path().join("data"), &pdf, &first);
}

#[test]
fn a_region_new_in_a_later_year_is_asked_for_with_that_year() {
    let dir = data_copy();
    edit(
        &dir.path().join("data/2024/plan.yaml"),
        "\nregions:\n",
        "\nregions:\n  - id: gotland\n    name: Region Gotland\n",
    );
    let output = support::run(dir.path(), &["build", "--region", "gotland"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains("--region gotland: no such region in data/2023/plan.yaml")
            && stderr.contains("; it is in 2024's plan: add --year 2024"),
        "{stderr}"
    );
    let output = support::run(
        dir.path(),
        &["build", "--region", "gotland", "--year", "2024"],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
    // With --year of a plan without it, the year whose plan has it.
    let output = support::run(
        dir.path(),
        &["build", "--region", "gotland", "--year", "2023"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = support::stderr(&output);
    assert!(
        stderr
            .trim_end()
            .ends_with("; it is in 2024's plan: use --year 2024"),
        "{stderr}"
    );
    // And by its name, with its id.
    let output = support::run(
        dir.path(),
        &["build", "--region", "Region Gotland", "--year", "2023"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = support::stderr(&output);
    assert!(
        stderr
            .trim_end()
            .ends_with("; did you mean gotland (Region Gotland, in 2024's plan: use --year 2024)?"),
        "{stderr}"
    );
}

#[test]
fn an_output_folder_that_is_the_data_folder_is_a_usage_error() {
    let dir = data_copy();
    for command in ["build", "watch"] {
        let output = support::run(dir.path(), &[command, "--data", "data", "--out", "./data/"]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(
            support::stderr(&output).contains("--out ./data/ is the data folder"),
            "{}",
            support::stderr(&output)
        );
    }
    assert!(!dir.path().join("data/2024/manifest.json").exists());
}

#[test]
fn a_region_asked_for_by_its_name_gets_its_id_in_the_message() {
    // `--region` takes an id; a name or code, as a CSV file may give it,
    // is refused with the id it means, and the network's report with how
    // it is built.
    let data = support::root().join("data");
    let dir = support::temp_dir();
    for (asked, hint) in [
        (
            "Region Gävleborg",
            "; did you mean gavleborg (Region Gävleborg)?",
        ),
        ("Gavleborg", "; did you mean gavleborg (Region Gävleborg)?"),
        ("21", "; did you mean gavleborg (Region Gävleborg)?"),
        (
            "Nätverket",
            "; the network's report is built with every region's, by a build without --region",
        ),
        (
            "vaster",
            "; did you mean one of vasternorrland, vasterbotten?",
        ),
    ] {
        let output = support::run(
            dir.path(),
            &[
                "build",
                "--data",
                data.to_str().unwrap(),
                "--year",
                "2024",
                "--region",
                asked,
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{asked}");
        let stderr = support::stderr(&output);
        assert!(
            stderr.starts_with(&format!("error: --region {asked}: no such region")),
            "{stderr}"
        );
        assert!(stderr.trim_end().ends_with(hint), "{stderr}");
    }
    // A region new in 2024 asked for by its name, with every year built:
    // its id, and the year whose plan has it.
    let copy = data_copy();
    let plan = copy.path().join("data/2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replacen(
        "regions:\n",
        "regions:\n  - id: gotland\n    name: Region Gotland\n    code: \"09\"\n",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    for asked in ["Gotland", "09"] {
        let output = support::run(copy.path(), &["build", "--region", asked]);
        assert_eq!(output.status.code(), Some(2), "{asked}");
        let stderr = support::stderr(&output);
        assert!(
            stderr.trim_end().ends_with(
                "; did you mean gotland (Region Gotland, in 2024's plan: add --year 2024)?"
            ),
            "{stderr}"
        );
    }
}

#[test]
fn a_year_before_with_a_plan_only_does_not_stop_the_reports() {
    // 2023 without follow-up data has no previous-year values to give:
    // an error in its plan is no concern of a build of 2024.
    let dir = data_copy();
    let before = dir.path().join("data/2023");
    std::fs::remove_dir_all(before.join("responses")).unwrap();
    let _ = std::fs::remove_file(before.join("activity-status.csv"));
    let plan = before.join("plan.yaml");
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replacen("year: 2023", "year: 2022", 1);
    std::fs::write(&plan, text).unwrap();
    let output = support::run(dir.path(), &["check", "--year", "2024"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    assert_eq!(support::stdout(&output), "checked 2024: no errors\n");
    let output = support::run(dir.path(), &["build", "--year", "2024"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    // Checked itself, it is an error.
    let output = support::run(dir.path(), &["check", "--year", "2023"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn check_says_which_years_it_read() {
    // With --year, the year before is read too, for the reports'
    // previous-year values, and its errors stop the build: the summary
    // says so.
    let data = support::root().join("data");
    let dir = support::temp_dir();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--data", data.to_str().unwrap()];
        args.extend(extra);
        let output = support::run(dir.path(), &args);
        assert!(output.status.success(), "{}", support::stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(
        check(&["--year", "2024"]),
        "checked 2024 (and 2023, for the previous-year values of 2024's reports): no errors\n"
    );
    assert_eq!(check(&[]), "checked 2023, 2024: no errors\n");
    assert_eq!(check(&["--year", "2023"]), "checked 2023: no errors\n");

    // With an error, the count alone: check never writes anything, so
    // "nothing was written" (as build says) would only suggest it might.
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replacen("kind: scale", "kind: skala", 1)).unwrap();
    let output = support::run(dir.path(), &["check", "--data", "data", "--year", "2024"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        support::stderr(&output).ends_with("\n1 error found\n"),
        "{}",
        support::stderr(&output)
    );
}

#[test]
fn an_output_folder_that_is_the_templates_folder_is_a_usage_error() {
    // `watch --out tpl --templates tpl --force` took its own writes for
    // edits of the templates and built again without end; `build` put a
    // year folder of documents among the templates.
    let dir = data_copy();
    support::exported_plan_templates(dir.path(), "tpl");
    for out in ["tpl", "./tpl/"] {
        for command in ["build", "watch"] {
            let output = support::run(
                dir.path(),
                &[command, "--templates", "tpl", "--out", out, "--force"],
            );
            assert_eq!(output.status.code(), Some(2), "{command} --out {out}");
            assert!(
                support::stderr(&output).contains(&format!(
                    "error: --out {out} is the templates folder (expected a folder of its \
                     own for the documents, such as 'out')"
                )),
                "{}",
                support::stderr(&output)
            );
        }
    }
    assert!(!dir.path().join("tpl/2024").exists());
    // A folder of its own inside it is one.
    let output = support::run(
        dir.path(),
        &[
            "build",
            "--only",
            "plan",
            "--templates",
            "tpl",
            "--out",
            "tpl/out",
        ],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
}

#[test]
fn an_output_folder_inside_the_data_folder_is_a_usage_error() {
    // `--out data/2025` made a folder that the next check took for a
    // year without a plan; one inside a year folder got a warning at
    // every build after.
    let dir = data_copy();
    std::os::unix::fs::symlink("data", dir.path().join("link")).unwrap();
    for out in ["data/2025", "data/2024/out", "link/out", "data/x/../y"] {
        for command in ["build", "watch"] {
            let output = support::run(dir.path(), &[command, "--data", "data", "--out", out]);
            assert_eq!(output.status.code(), Some(2), "{command} --out {out}");
            assert!(
                support::stderr(&output).contains(&format!(
                    "error: --out {out} is inside the data folder data (expected a folder \
                     outside it for the documents, such as 'out')"
                )),
                "{}",
                support::stderr(&output)
            );
        }
    }
    // A year's output folder that is a link into the data folder.
    std::fs::create_dir(dir.path().join("o")).unwrap();
    std::os::unix::fs::symlink("../data/2024", dir.path().join("o/2024")).unwrap();
    let output = support::run(dir.path(), &["build", "--data", "data", "--out", "o"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        support::stderr(&output)
    );
    assert!(
        support::stderr(&output).contains("error: --out o: o/2024 is inside the data folder data"),
        "{}",
        support::stderr(&output)
    );
    let output = support::run(dir.path(), &["check", "--data", "data"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    // A folder beside it whose name starts alike is not inside it.
    let output = support::run(
        dir.path(),
        &[
            "build", "--data", "data", "--out", "data-out", "--only", "plan",
        ],
    );
    assert!(output.status.success(), "{}", support::stderr(&output));
}

/// What the watch printed on standard output.
fn watch_out(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("watch.out")).unwrap_or_default()
}

/// What a watch in `dir` printed to standard error so far.
fn watch_err(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("watch.err")).unwrap_or_default()
}

#[test]
fn watch_with_a_region_no_plan_has_ends_as_build_does() {
    // It waited for an edit of the data, which a slip in the command
    // line never gets, where `build` says at once what was meant.
    let dir = data_copy();
    let mut watch = Watch::run(
        dir.path(),
        &[
            "watch",
            "--year",
            "2024",
            "--region",
            "gavelborg",
            "--out",
            "a/b/c",
        ],
    );
    let status = watch.ended();
    let (_, stderr) = watch.printed();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--region gavelborg: no such region in data/2024/plan.yaml"),
        "{stderr}"
    );
    // The folders it made for the output are gone again, as a build
    // that writes nothing makes none.
    assert!(!dir.path().join("a").exists());
}

#[test]
fn watch_with_a_region_no_plan_has_ends_once_the_plan_can_be_read() {
    // Where the plan could not be read at first, the slip showed once it
    // was fixed, and the watch went on waiting.
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    let good = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, format!("{good}regions: [\n")).unwrap();
    let mut watch = Watch::run(
        dir.path(),
        &["watch", "--year", "2024", "--region", "gavelborg"],
    );
    watch.wait_for("the plan's error", || {
        watch_err(dir.path()).contains("data/2024/plan.yaml:")
    });
    std::fs::write(&plan, good).unwrap();
    let status = watch.ended();
    let (_, stderr) = watch.printed();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .trim_end()
            .ends_with("did you mean gavleborg (Region Gävleborg)?"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn watch_reports_a_data_error_keeps_the_last_good_pdf_and_goes_on() {
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    let pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
    let mut watch = Watch::start(dir.path());
    watch.wait_for("the first build", || read_pdf(&pdf).is_some());
    let good = read_pdf(&pdf).unwrap();

    let line = line_of(&plan, "status:");
    edit(&plan, "status: draft\n", "status: maybe\n");
    let err = dir.path().join("watch.err");
    let expected = format!("data/2024/plan.yaml:{line}:9: error: key 'status' is 'maybe'");
    watch.wait_for("the error", || {
        std::fs::read_to_string(&err)
            .unwrap_or_default()
            .contains(&expected)
    });
    // What it did: nothing (it said "the previous PDFs are kept" on its
    // first build too, when there were none).
    watch.wait_for("the error's summary", || {
        std::fs::read_to_string(&err)
            .unwrap_or_default()
            .contains("1 error after")
    });
    assert!(
        std::fs::read_to_string(&err)
            .unwrap()
            .contains("; nothing was written (what was there stays), watching for the fix"),
        "{:?}",
        watch.printed()
    );
    assert!(
        read_pdf(&pdf) == Some(good.clone()),
        "the last good PDF changed"
    );
    // The CSV files' warnings, shown at the first build, are not said
    // again with the error.
    let said = std::fs::read_to_string(&err).unwrap();
    assert_eq!(said.matches("dalarna.csv:1: warning").count(), 1, "{said}");

    // The watch goes on: the fix, with a new sentence, is built. One
    // save: two could start two builds, and the Ctrl-C below come during
    // the second.
    let text = support::replaced(
        &std::fs::read_to_string(&plan).unwrap(),
        "status: maybe\n",
        "status: draft\n",
    );
    let text = support::replaced(
        &text,
        "mission: Vi ska driva utveckling",
        "mission: Vi ska fortsätta driva utveckling",
    );
    std::fs::write(&plan, text).unwrap();
    // Reported once it is all in place (the PDF is there a moment before
    // the build has finished: a Ctrl-C then would put the last one back).
    watch.wait_for("the build of the fixed plan", || {
        watch_out(dir.path()).contains("plan.yaml changed: no errors now; built 1 document in ")
            && watch_out(dir.path()).ends_with(" ms: out/2024/verksamhetsplan-2024.pdf\n")
    });
    assert!(read_pdf(&pdf).is_some_and(|bytes| bytes != good));

    // Ctrl-C ends it cleanly.
    #[cfg(unix)]
    {
        watch.settle();
        let status = watch.ctrl_c();
        assert_eq!(status.code(), Some(0), "{:?}", watch.printed());
        let printed = watch_out(dir.path());
        assert!(printed.ends_with("\nstopped watching\n"), "{printed}");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_watch_build_says_that_build_was_stopped() {
    // Every year's set (42 documents) takes long enough to be stopped in.
    let dir = data_copy();
    let mut watch = Watch::run(dir.path(), &["watch"]);
    watch.wait_for("the watch to start", || {
        watch_out(dir.path()).starts_with("watching ")
    });
    let status = watch.ctrl_c();
    assert_eq!(status.code(), Some(0), "{:?}", watch.printed());
    let printed = watch_out(dir.path());
    assert!(
        printed.ends_with(
            "\nstopped watching; the build under way was stopped, and the files already there \
             are as they were\n"
        ),
        "{printed}"
    );
    let written = std::fs::read_dir(dir.path().join("out"))
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|year| {
            std::fs::read_dir(year.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .count();
    assert_eq!(written, 0, "{printed}");
}

#[test]
fn files_named_in_another_letter_case_are_read_as_on_windows() {
    // Windows and macOS open Plan.yaml as plan.yaml; the yearly build on
    // Linux read no plan, and no statuses from Activity-Status.csv (every
    // activity "Ej rapporterad"), from the same folder.
    let dir = data_copy();
    let data = dir.path().join("data");
    let year = data.join("2024");
    for (from, to) in [
        ("plan.yaml", "Plan.yaml"),
        ("activity-status.csv", "Activity-Status.csv"),
        ("responses", "Responses"),
    ] {
        std::fs::rename(year.join(from), year.join(to)).unwrap();
    }
    let renamed = dir.path().join("renamed");
    support::build_2024(dir.path(), &data, &renamed, &[]);
    let bundled = dir.path().join("bundled");
    let original = support::root().join("data");
    support::build_2024(dir.path(), &original, &bundled, &[]);
    for name in [
        "verksamhetsplan-2024.pdf",
        "uppfoljning-2024-gavleborg.pdf",
        "uppfoljning-2024-natverket.pdf",
    ] {
        let read = |out: &Path| std::fs::read(out.join("2024").join(name)).unwrap();
        assert!(read(&renamed) == read(&bundled), "{name} differs");
    }
    let manifest = std::fs::read_to_string(renamed.join("2024/manifest.json")).unwrap();
    assert!(
        manifest.contains("\"2024/Activity-Status.csv\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"2024/Responses/gavleborg.csv\""),
        "{manifest}"
    );
}

#[cfg(unix)]
#[test]
fn links_to_nothing_are_errors_not_years_or_answers_left_out() {
    // A share that is not mounted on the server of a nightly build: the
    // build must fail loudly, not leave a year, its answers or the
    // previous year's values out with exit status 0.
    let dir = data_copy();
    let data = dir.path().join("data");
    let fails = |args: &[&str], expected: &str| {
        let output = support::run(dir.path(), args);
        let stderr = support::stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    };

    std::os::unix::fs::symlink("/nowhere/2025", data.join("2025")).unwrap();
    let year = "data/2025: error: cannot read the year folder (it is a link to /nowhere/2025, \
                which does not exist)";
    fails(&["check"], year);
    fails(&["build"], year);
    fails(&["build", "--year", "2025"], year);
    std::fs::remove_file(data.join("2025")).unwrap();

    std::fs::rename(data.join("2024/responses"), dir.path().join("responses")).unwrap();
    std::os::unix::fs::symlink("/nowhere/responses", data.join("2024/responses")).unwrap();
    fails(
        &["build", "--year", "2024"],
        "data/2024/responses: error: cannot read the folder (it is a link to \
         /nowhere/responses, which does not exist)",
    );
    std::fs::remove_file(data.join("2024/responses")).unwrap();
    // Named as Windows may name it: the one it is read from, not another.
    std::os::unix::fs::symlink("/nowhere/responses", data.join("2024/Responses")).unwrap();
    let output = support::run(dir.path(), &["check", "--year", "2024"]);
    let stderr = support::stderr(&output);
    assert!(
        stderr.contains("data/2024/Responses: error: cannot read the folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("letter case"), "{stderr}");
    std::fs::remove_file(data.join("2024/Responses")).unwrap();
    std::fs::rename(dir.path().join("responses"), data.join("2024/responses")).unwrap();

    // Links that lead round to themselves are said to.
    std::os::unix::fs::symlink("loop.csv", data.join("2024/responses/loop.csv")).unwrap();
    fails(
        &["check", "--year", "2024"],
        "data/2024/responses/loop.csv: error: cannot read the file (it is a link to loop.csv, \
         which leads round in a circle of links back to itself)",
    );
    std::fs::remove_file(data.join("2024/responses/loop.csv")).unwrap();

    // The year before, read only for its values: a link to nothing, and a
    // responses "folder" that cannot be read as one.
    std::fs::rename(data.join("2023"), dir.path().join("2023")).unwrap();
    std::os::unix::fs::symlink("/nowhere/2023", data.join("2023")).unwrap();
    fails(
        &["check", "--year", "2024"],
        "data/2023: error: cannot read the year folder (it is a link to /nowhere/2023, which \
         does not exist)",
    );
    std::fs::remove_file(data.join("2023")).unwrap();
    std::fs::rename(dir.path().join("2023"), data.join("2023")).unwrap();
    let responses_2023 = data.join("2023/responses");
    std::fs::remove_dir_all(&responses_2023).unwrap();
    std::fs::write(&responses_2023, "not a folder").unwrap();
    fails(
        &["build", "--year", "2024"],
        "data/2023/responses: error: is a file, expected a folder of CSV files",
    );
}

#[cfg(unix)]
#[test]
fn a_logo_that_is_not_a_file_is_named_as_what_it_is() {
    let dir = data_copy();
    edit(
        &dir.path().join("data/2024/plan.yaml"),
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n",
        "  parent: Health Promoting Hospitals and Health Services (HPH)\n  logo: logo.svg\n",
    );
    let logo = dir.path().join("data/2024/logo.svg");
    let line = line_of(&dir.path().join("data/2024/plan.yaml"), "  logo:");
    let check = |expected: &str| {
        let output = support::run(dir.path(), &["check", "--year", "2024"]);
        let stderr = support::stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "data/2024/plan.yaml:{line}:9: error: key 'network.logo' is 'logo.svg': {expected}"
            )),
            "{stderr}"
        );
    };
    std::fs::create_dir(&logo).unwrap();
    check("is a folder, expected a file");
    std::fs::remove_dir(&logo).unwrap();
    std::os::unix::fs::symlink("/nowhere/logo.svg", &logo).unwrap();
    check("cannot read the file (it is a link to /nowhere/logo.svg, which does not exist)");
}

#[test]
fn a_draft_plan_with_a_mistake_is_not_told_of_last_years_files() {
    // The year before is read for the values of this year's reports; a
    // plan being drafted, which has no follow-up files yet, makes none,
    // with or without an error of its own.
    let dir = data_copy();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    edit(
        &dir.path().join("data/2025/plan.yaml"),
        "language: sv",
        "language: xx",
    );
    let line = line_of(&dir.path().join("data/2025/plan.yaml"), "language:");
    let output = support::run(dir.path(), &["check", "--year", "2025"]);
    assert_eq!(
        support::stderr(&output),
        format!(
            "data/2025/plan.yaml:{line}:11: error: key 'language' is 'xx', expected 'sv' or 'en'\n\
             1 error found\n"
        )
    );
    // With answers of its own, the year before's files are read, and
    // what is said of them is said.
    let responses = dir.path().join("data/2025/responses");
    std::fs::create_dir(&responses).unwrap();
    std::fs::write(
        responses.join("s.csv"),
        "region;indikator;värde\nskane;hph-1;5\n",
    )
    .unwrap();
    let output = support::run(dir.path(), &["check", "--year", "2025"]);
    assert!(
        support::stderr(&output).contains("data/2024/responses/skane.csv:1: warning"),
        "{}",
        support::stderr(&output)
    );
}

#[test]
fn a_build_waits_for_another_build_into_the_same_folder() {
    // Two builds at once would each write a manifest without the other's
    // documents: the second waits, says so, and then builds.
    let dir = data_copy();
    let held = hfs_report::lock::lock_output(&dir.path().join("out"), || {
        panic!("nothing else builds into the folder")
    })
    .expect("the lock");
    // Whatever its temporary folder (a service's own, PrivateTmp).
    let own_tmp = dir.path().join("tmp");
    std::fs::create_dir(&own_tmp).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hfs-report"))
        .args(["build", "--year", "2024", "--only", "plan", "--out", "out"])
        .current_dir(dir.path())
        .env("TMPDIR", &own_tmp)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let stderr = child.stderr.take().expect("its standard error");
    let (lines, said) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            let _ = lines.send(line.expect("a line"));
        }
    });
    let waiting = "waiting for another hfs-report build into out to finish";
    let first_lines: Vec<String> = said.iter().take_while(|line| line != waiting).collect();
    assert!(
        first_lines.iter().all(|line| line.contains("warning")),
        "{first_lines:?}"
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(child.try_wait().expect("its status").is_none());
    let pdf = dir.path().join("out/2024/verksamhetsplan-2024.pdf");
    assert!(!pdf.exists());
    // The plan changed while it waited, as the secretary saves and builds
    // while the nightly build runs: the waiting build reads the inputs only
    // once it has the folder, so it writes no older plan over a newer one.
    let plan = dir.path().join("data/2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        support::replaced(&text, "mission: Vi ska", "mission: Senast sparat vi ska"),
    )
    .unwrap();
    drop(held);
    let output = child.wait_with_output().expect("it ends");
    reader.join().expect("read");
    assert!(output.status.success());
    let printed = support::pdf_text(&std::fs::read(&pdf).expect("the plan was built"));
    assert!(
        printed.contains("Senast sparat"),
        "the plan as it was before"
    );
}

#[test]
fn an_indicator_asked_otherwise_than_the_year_before_is_said_to_show_no_values_of_it() {
    // Its previous-year values are left out (a scale to 10 is no scale to
    // 20); nothing said why, though a unit translated for an English year
    // is enough.
    let dir = data_copy();
    let plan = dir.path().join("data/2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let hph_1 = text.find("  - id: hph-1").expect("hph-1");
    let max = hph_1 + text[hph_1..].find("max: 10").expect("its max");
    std::fs::write(
        &plan,
        format!("{}max: 20{}", &text[..max], &text[max + 7..]),
    )
    .unwrap();
    let line = 1 + text[..hph_1].lines().count();
    let warning = format!(
        "data/2024/plan.yaml:{line}:9: warning: indicator 'hph-1' is a scale from 1 \
         to 20, in 2023 a scale from 1 to 10, so the reports show no 2023 values for \
         it (if only its words changed, give it the kind, scale and unit it had in \
         2023; if it is another question, give it another id)"
    );
    for args in [
        &["check"][..],
        &["check", "--year", "2024"],
        &["build", "--year", "2024", "--only", "followup"],
    ] {
        let output = support::run(dir.path(), args);
        assert!(output.status.success(), "{}", support::stderr(&output));
        assert!(
            support::stderr(&output).contains(&warning),
            "{args:?}: {}",
            support::stderr(&output)
        );
    }
    // The plan alone shows no values of the year before.
    let output = support::run(dir.path(), &["build", "--only", "plan"]);
    assert!(!support::stderr(&output).contains("hph-1"));
}

#[test]
fn a_name_the_year_before_had_is_said_to_be_one_not_met_with_did_you_mean() {
    // Last year's template, filled in: "did you mean 'f1-data'?" for an
    // indicator the new plan left out would file the answer under
    // another question, and "did you mean 'a1'?" the status under
    // another activity.
    let dir = data_copy();
    let output = support::run(dir.path(), &["new-year", "2025"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let plan = dir.path().join("data/2025/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let cut = |text: &str, from: &str, to: &str| {
        let start = text.find(from).expect(from);
        let end = start + text[start..].find(to).expect(to);
        format!("{}{}", &text[..start], &text[end..])
    };
    let text = cut(&text, "  - id: f1-standards\n", "  - id: f2-moten\n");
    let text = cut(&text, "    - id: a14\n", "\n# Follow-up questions");
    let text = cut(&text, "  - id: norrbotten\n", "\norganisation:");
    // And Dalarna's code changed.
    let text = support::replaced(
        &text,
        "name: Region Dalarna\n    code: \"20\"",
        "name: Region Dalarna\n    code: \"42\"",
    );
    std::fs::write(&plan, text).unwrap();
    std::fs::create_dir(dir.path().join("data/2025/responses")).unwrap();
    std::fs::write(
        dir.path().join("data/2025/responses/old.csv"),
        "region,indicator,value\nskane,f1-standards,ja\nnorrbotten,hph-1,5\n20,hph-1,5\n\
         uppsala,F1-STANDARDS,ja\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("data/2025/activity-status.csv"),
        "activity,status\na14,done\n",
    )
    .unwrap();
    let output = support::run(dir.path(), &["check", "--year", "2025"]);
    assert_eq!(output.status.code(), Some(1));
    let left_out = |what: &str| {
        let rows = if what == "activities" {
            "its row"
        } else {
            "its rows"
        };
        format!(
            ": it is one of 2024's {what}, which this year's plan left out; delete {rows}, or \
             add it to this year's plan again\n"
        )
    };
    let stderr = support::stderr(&output);
    for expected in [
        format!(
            "data/2025/activity-status.csv:2:1: error: activity 'a14' is not in the action \
             plan of plan.yaml{}",
            left_out("activities")
        ),
        // Both rows, however written, in one error.
        format!(
            "data/2025/responses/old.csv:2:7: error: indicator 'f1-standards' (also on line 5) \
             is not an indicator of plan.yaml{}",
            left_out("indicators")
        ),
        format!(
            "data/2025/responses/old.csv:3:1: error: region 'norrbotten' is not a region of \
             plan.yaml{}",
            left_out("regions")
        ),
        "data/2025/responses/old.csv:4:1: error: region '20' is not a region of plan.yaml: in \
         2024 it named Region Dalarna, which this year's plan names otherwise; write its id \
         'dalarna'\n"
            .to_string(),
    ] {
        assert!(stderr.contains(&expected), "{expected}\nnot in\n{stderr}");
    }
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

/// Runs the binary in `dir` with `args` as [`support::run`] does, but
/// kills it after two minutes: a run that waits for ever fails the test
/// instead of hanging the suite.
#[cfg(unix)]
fn run_or_kill(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hfs-report"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    while child.try_wait().expect("the run is there").is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().expect("killed");
            panic!("hfs-report {args:?} was still running after two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("its output")
}

/// Makes a named pipe at `path`, where a file was.
#[cfg(unix)]
fn named_pipe(path: &Path) {
    let _ = std::fs::remove_file(path);
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_where_a_file_belongs_never_keeps_a_run_waiting() {
    // Opening a pipe for reading waits for a writer: a pipe in place of
    // the last build's manifest or of one of its PDFs kept the build
    // waiting for ever, and a Ctrl-C or SIGTERM did not end the wait.
    use std::os::unix::fs::FileTypeExt;
    let dir = support::temp_dir();
    let data = support::followup_fixture_in(dir.path());
    let out = dir.path().join("out/2024");
    let build = [
        "build", "--data", "data", "--year", "2024", "--emit", "typst",
    ];
    assert_eq!(run_or_kill(dir.path(), &build).status.code(), Some(0));
    let pdf = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF");
    let replaced = [out.join("manifest.json"), out.join("hfs-style.typ"), pdf];
    for path in &replaced {
        named_pipe(path);
    }
    let output = run_or_kill(dir.path(), &build);
    support::assert_exit(&output, 0);
    assert_shows(
        &support::stderr(&output),
        "out/2024/manifest.json: warning: cannot be used (not a regular file (a named pipe, \
         socket or device)), so no document is taken as up to date",
    );
    for path in &replaced {
        let kind = std::fs::metadata(path).unwrap().file_type();
        assert!(kind.is_file() && !kind.is_fifo(), "{}", path.display());
    }

    // A template of a templates folder: an error, not the built-in one.
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    named_pipe(&templates.join("charts.typ.j2"));
    let output = run_or_kill(
        dir.path(),
        &[
            "build",
            "--data",
            "data",
            "--year",
            "2024",
            "--templates",
            "templates",
        ],
    );
    assert_eq!(output.status.code(), Some(3));
    assert_shows(
        &support::stderr(&output),
        "cannot read the template (not a regular file (a named pipe, socket or device))",
    );
    // Nor is the folder said to hold none of the templates.
    assert!(
        !support::stderr(&output).contains("holds none"),
        "{}",
        support::stderr(&output)
    );

    // new-year, where the year it makes has a pipe in place of the logo
    // it copies.
    let plan = data.join("2024/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let text = support::replaced(
        &text,
        "  short_name: HFS\n",
        "  short_name: HFS\n  logo: logo.svg\n",
    );
    std::fs::write(&plan, text).unwrap();
    std::fs::write(
        data.join("2024/logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>"#,
    )
    .unwrap();
    std::fs::create_dir(data.join("2025")).unwrap();
    named_pipe(&data.join("2025/logo.svg"));
    let output = run_or_kill(dir.path(), &["new-year", "2025", "--data", "data"]);
    support::assert_exit(&output, 2);
    assert_shows(
        &support::stderr(&output),
        "already holds another logo.svg than the year it starts from; nothing was changed",
    );
    assert!(!data.join("2025/plan.yaml").exists());
}

#[cfg(unix)]
#[test]
fn new_year_waits_for_another_new_year_in_the_data_folder() {
    // Two at once into a year folder without a plan (answers filed early):
    // the one that came second failed half-way (exit 3) and took away the
    // logo the first had put there. Now the second waits, then finds the
    // year there.
    let dir = data_copy();
    let data = dir.path().join("data");
    let held = hfs_report::lock::lock_folder(&data, || panic!("nothing else runs"))
        .expect("the lock")
        .expect("a folder that locks");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hfs-report"))
        .args(["new-year", "2025"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!data.join("2025").exists());
    drop(held);
    let waited = child.wait_with_output().unwrap();
    assert!(waited.status.success());
    // Said once, not at every try of the lock.
    assert_eq!(
        String::from_utf8_lossy(&waited.stderr),
        "waiting for another hfs-report new-year in data to finish\n"
    );
    let second = support::run(dir.path(), &["new-year", "2025"]);
    support::assert_exit(&second, 2);
}

#[test]
fn an_activity_written_by_its_text_as_the_plan_prints_it_is_told_its_id() {
    // A status sheet copied from the plan's PDF has an activity's text
    // without its Markdown marks; two rows of one activity are told that
    // the id goes on one.
    let dir = data_copy();
    edit(
        &dir.path().join("data/2024/plan.yaml"),
        "text: Workshop om behovsstyrning med fokus",
        "text: Workshop om *behovsstyrning* med fokus",
    );
    let printed = "Workshop om behovsstyrning med fokus på hälsofrämjande och förebyggande.";
    std::fs::write(
        dir.path().join("data/2024/activity-status.csv"),
        format!("aktivitet;status\n{printed};genomförd\na1;pågår\n{printed};pågår\n"),
    )
    .unwrap();
    let output = support::run(dir.path(), &["check", "--year", "2024"]);
    let stderr = support::stderr(&output);
    support::assert_exit(&output, 1);
    for line in [2, 4] {
        let told = format!(
            "data/2024/activity-status.csv:{line}:1: error: activity '{printed}' is not in the \
             action plan of plan.yaml"
        );
        let hint = "(write its id: 'a2'; one row per activity: lines 2 and 4 name it)\n";
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&told) && format!("{l}\n").ends_with(&hint)),
            "{stderr}"
        );
    }
}

#[test]
fn the_help_says_what_each_exit_status_means() {
    // Scripts read the status: `--help` says what each means, as the
    // README does.
    let dir = support::temp_dir();
    let output = support::run(dir.path(), &["--help"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let help = String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "Exit status: 0 done",
        "1 the data is wrong",
        "2 wrong usage",
        "3 anything else",
    ] {
        assert!(help.contains(said), "{said}: {help}");
    }
}
