//! plan.yaml: any bytes give a plan or at least one error, never a panic,
//! every message prints, and a plan that passes check renders.
#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;

use hfs_report::load::followup::followup_from_bytes;
use hfs_report::load::plan::plan_from_bytes;
use hfs_report::validate::validate_plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("data/2024/plan.yaml");
    let (plan, mut diagnostics) = plan_from_bytes(path, bytes);
    match &plan {
        Some(file) => diagnostics.extend(validate_plan(file, Some(2024))),
        None => assert!(diagnostics.has_errors(), "no plan and no error"),
    }
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
});
