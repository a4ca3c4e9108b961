//! plan.yaml: any bytes give a plan or at least one error, never a panic,
//! and every message prints.
#![no_main]

use std::path::Path;

use hfs_report::load::plan::plan_from_bytes;
use hfs_report::validate::validate_plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("data/2024/plan.yaml");
    let (plan, mut diagnostics) = plan_from_bytes(path, bytes);
    match plan {
        Some(file) => diagnostics.extend(validate_plan(&file, Some(2024))),
        None => assert!(diagnostics.has_errors(), "no plan and no error"),
    }
    for diagnostic in diagnostics.sorted() {
        let line = diagnostic.to_string();
        assert!(line.starts_with("data/2024/plan.yaml"), "{line}");
    }
});
