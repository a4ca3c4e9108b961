//! The CSV reader and the follow-up checks: any bytes, as activity-status.csv
//! and as a responses file (or split in two at the first 0xFF byte), give
//! rows or at least one error, never a panic; every number read is finite,
//! every message prints, and data that passes check renders.
#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;
use std::sync::OnceLock;

use hfs_report::load::csv::{parse_decimal, parse_table};
use hfs_report::load::followup::{RESPONSE_COLUMNS, STATUS_COLUMNS, followup_from_bytes};
use hfs_report::load::plan::{PlanFile, parse_plan};
use libfuzzer_sys::fuzz_target;

/// The minimal plan of the bad-input corpus, read once.
fn plan() -> &'static PlanFile {
    static PLAN: OnceLock<PlanFile> = OnceLock::new();
    PLAN.get_or_init(|| {
        let text = include_str!("../../tests/bad/plan.yaml");
        parse_plan(Path::new("plan.yaml"), text)
            .0
            .expect("the corpus plan reads")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("responses/x.csv");
    for columns in [RESPONSE_COLUMNS, STATUS_COLUMNS] {
        let (table, diagnostics) = parse_table(path, bytes, columns);
        match table {
            Some(table) => {
                for row in &table.rows {
                    for column in columns {
                        if let Some(decimal) = parse_decimal(row.text(column.key)) {
                            assert!(decimal.value.is_finite());
                        }
                    }
                }
            }
            None => assert!(diagnostics.has_errors(), "no table and no error"),
        }
    }
    // As a year's files: activity-status.csv up to the first 0xFF byte
    // (none when that part is empty), then a responses file.
    let (status, responses) = match bytes.iter().position(|&b| b == 0xFF) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, bytes),
    };
    let status = (!status.is_empty()).then_some((Path::new("activity-status.csv"), status));
    let (followup, diagnostics) = followup_from_bytes(&plan().plan, status, &[(path, responses)]);
    assert!(followup.is_some() || diagnostics.has_errors());
    common::print(&diagnostics);
    if !diagnostics.has_errors() {
        common::render(plan(), followup);
    }
});
