//! Reading the year's files: plan.yaml and the CSV files, with positions kept.

pub mod csv;
pub mod followup;
pub mod locate;
pub mod plan;

use std::path::Path;

use crate::diag::{Diagnostic, Pos};

/// Reads a file that must be UTF-8 text, as a diagnostic when it cannot be.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|err| {
        let valid = &bytes[..err.utf8_error().valid_up_to()];
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        Diagnostic::error(path, Some(Pos::line(line)), "the file is not UTF-8 text")
            .with_hint("save it as UTF-8")
    })
}

/// Reads a whole file, as a diagnostic when it is missing, a folder or unreadable.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    if path.is_dir() {
        return Err(Diagnostic::error(
            path,
            None,
            "is a folder, expected a file",
        ));
    }
    std::fs::read(path).map_err(|err| {
        Diagnostic::error(
            path,
            None,
            format!("cannot read the file ({})", io_reason(&err)),
        )
    })
}

/// A short lower-case reason for an I/O error.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => err.to_string().to_lowercase(),
    }
}
