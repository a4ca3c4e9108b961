//! The CSV reader and the follow-up checks: any bytes, as activity-status.csv
//! and as a responses file, give rows or at least one error, never a panic;
//! every number read is finite.
#![no_main]

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
    let status = Path::new("activity-status.csv");
    let (followup, diagnostics) =
        followup_from_bytes(&plan().plan, Some((status, bytes)), &[(path, bytes)]);
    assert!(followup.is_some() || diagnostics.has_errors());
    for diagnostic in diagnostics.sorted() {
        let _ = diagnostic.to_string();
    }
});
