//! plan.yaml: any bytes give a plan or at least one error, never a panic,
//! every message prints, a plan that passes check renders, and new-year's
//! edit of it either is refused or is the same plan for the next year.
#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;

use hfs_report::cmd::new_year::{check_edit, edit_plan};
use hfs_report::load::followup::followup_from_bytes;
use hfs_report::load::plan::{PlanRead, Repairs, parse_plan, read_plan_bytes};
use hfs_report::validate::validate_repaired;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("data/2024/plan.yaml");
    let (read, mut diagnostics) = read_plan_bytes(path, bytes);
    // The checks run on a repaired plan too, as `check` runs them.
    match &read {
        PlanRead::Read(file) => {
            let check = validate_repaired(file, Some(2024), &Repairs::default());
            diagnostics.extend(check.diagnostics);
        }
        PlanRead::Repaired { file, repairs } => {
            assert!(diagnostics.has_errors(), "a repair and no error");
            diagnostics.extend(validate_repaired(file, Some(2024), repairs).diagnostics);
        }
        PlanRead::Unread => assert!(diagnostics.has_errors(), "no plan and no error"),
    }
    let plan = read.without_stand_ins();
    for line in common::print(&diagnostics) {
        assert!(line.starts_with("data/2024/plan.yaml"), "{line}");
    }
    let Some(plan) = plan.filter(|_| !diagnostics.has_errors()) else {
        return;
    };
    // The year as it stands before the regions answer: a responses file
    // with its header only, so that every follow-up report renders too.
    let responses = Path::new("data/2024/responses/svar.csv");
    let (followup, diagnostics) = followup_from_bytes(
        &plan.plan,
        None,
        &[(responses, b"region;indikator;v\xc3\xa4rde\n")],
    );
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    common::render(&plan, followup);
    // new-year may refuse a value it cannot replace in place, but what it
    // makes must be this plan for 2025.
    if let Ok(edited) = edit_plan(&plan.text, &plan.locations, 2025) {
        let loaded = parse_plan(Path::new("data/2025/plan.yaml"), &edited);
        if let Err(what) = check_edit(loaded, 2025, &plan.plan) {
            panic!("new-year made a wrong copy: {what}\n{edited}");
        }
    }
});
