//! Reading the year's files: plan.yaml and the CSV files, with positions kept.
//!
//! Inputs are only ever opened for reading (`crate::regular_file::read`, which
//! tells a named pipe from a file without waiting on it), never for
//! writing: a failed or successful run leaves every input byte as it was.
//! And only inside the data folder: a file or folder there that is a link
//! to somewhere else is refused, not followed (SPEC: never read a file
//! outside the data folder).

pub mod csv;
pub mod followup;
pub mod locate;
pub mod plan;
pub mod printable;
pub mod yaml_error;
pub mod yaml_events;
pub mod yaml_guard;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Pos};

/// The year's plan, in the year folder.
pub const PLAN_FILE: &str = "plan.yaml";

/// The entry `name` of `folder` (`plan.yaml`, `activity-status.csv`,
/// `responses`), or, where there is none, the one entry whose name differs
/// from it in letter case alone (`Plan.yaml`): Windows and macOS open a
/// file so named by the name asked for, and a build on Linux must read the
/// same files. The path as asked for when there is neither, or more than
/// one such entry.
pub fn named_in(folder: &Path, name: &str) -> PathBuf {
    let exact = folder.join(name);
    if fs::symlink_metadata(&exact).is_ok() {
        return exact;
    }
    let Ok(entries) = fs::read_dir(folder) else {
        return exact;
    };
    let lower = name.to_lowercase();
    let mut found = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .filter(|entry| entry.to_str().is_some_and(|e| e.to_lowercase() == lower));
    match (found.next(), found.next()) {
        (Some(one), None) => folder.join(one),
        _ => exact,
    }
}

/// The byte-order mark a text file may start with (Notepad may save one).
pub const BOM: &str = "\u{feff}";

/// The bytes of a text file as UTF-8 text (a byte-order mark dropped); a
/// diagnostic, located at the first bad byte, when they are binary data or
/// another encoding.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    if let Some(diagnostic) = binary(path, bytes) {
        return Err(diagnostic);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            // (Valid up to there, by the error's word.)
            let valid = std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or_default();
            let pos = Pos::of_byte(valid, valid.len());
            let bad = bytes.get(err.valid_up_to()).copied().unwrap_or(0);
            let bad_byte = [bad];
            let (as_1252, _, _) = encoding_rs::WINDOWS_1252.decode(&bad_byte);
            Err(Diagnostic::error(
                path,
                Some(pos),
                format!(
                    "the file is not UTF-8 text (found the byte 0x{bad:02X}, which is '{as_1252}' in Windows-1252, the encoding of older Windows programs)"
                ),
            )
            .with_hint("open the file in a text editor and save it with the encoding UTF-8"))
        }
    }
}

/// What kind of file `bytes` begin as, where they begin as a file that is
/// never text does: a Word or Excel file, new or old, or a PDF.
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [b'P', b'K', 3, 4, ..] => Some("a zip archive, such as a Word or Excel file"),
        [0xD0, 0xCF, 0x11, 0xE0, ..] => Some("an old Word or Excel file"),
        [b'%', b'P', b'D', b'F', ..] => Some("a PDF file"),
        _ => None,
    }
}

/// An error when `bytes` are not text at all: a NUL byte never occurs in
/// text, but always in Word and Excel files, images and the like.
fn binary(path: &Path, bytes: &[u8]) -> Option<Diagnostic> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some(
            Diagnostic::error(
                path,
                None,
                "the file is UTF-16 text (what Windows calls 'Unicode'), expected UTF-8 text",
            )
            .with_hint("open the file in a text editor and save it with the encoding UTF-8"),
        );
    }
    if !bytes.contains(&0) {
        return None;
    }
    let kind = binary_kind(bytes).map_or(String::new(), |kind| format!(" (it is {kind})"));
    Some(
        Diagnostic::error(
            path,
            None,
            format!("the file is not text but binary data{kind}, expected plain text"),
        )
        .with_hint("open the file in a text editor: it should show lines such as 'year: 2024'"),
    )
}

/// ` --data DIR` for a command line that names the data folder `data`,
/// empty for the default one; quoted where a shell would part it or read
/// its characters (`OneDrive - Region X/data`), so that the line runs as
/// printed.
pub fn data_option(data: &Path) -> String {
    if data == Path::new("data") {
        return String::new();
    }
    let text = data.display().to_string();
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '/' | '\\' | '.' | '_' | '-' | '+' | ':' | '@' | ',')
        });
    if plain {
        format!(" --data {text}")
    } else if cfg!(windows) {
        format!(" --data \"{text}\"")
    } else {
        format!(" --data '{}'", text.replace('\'', "'\\''"))
    }
}

/// An input file as a build read it: where, and the digest of the bytes
/// it read, which the manifest records (not of the file as it is when the
/// build ends: it may have been saved again meanwhile).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadFile {
    pub path: PathBuf,
    /// Its SHA-256, in hex.
    pub sha256: String,
}

impl ReadFile {
    /// The file at `path`, read as `bytes`.
    pub fn of(path: &Path, bytes: &[u8]) -> Self {
        Self {
            path: path.to_path_buf(),
            sha256: crate::manifest::sha256(bytes),
        }
    }
}

/// Reads a whole file of the data folder `data`, as a diagnostic when it is
/// missing, a folder, unreadable, or really somewhere outside `data`.
pub fn read_bytes(path: &Path, data: &Path) -> Result<Vec<u8>, Diagnostic> {
    if path.is_dir() {
        return Err(Diagnostic::error(
            path,
            None,
            "is a folder, expected a file",
        ));
    }
    if let Some(problem) = outside(path, data) {
        return Err(problem);
    }
    crate::regular_file::read(path).map_err(|err| {
        if crate::regular_file::is_not_regular(&err) {
            return Diagnostic::error(
                path,
                None,
                "is not a regular file (a named pipe, socket or device), expected a file",
            );
        }
        let reason =
            broken_link(path).map_or_else(|| io_reason(&err), |link| format!("it is {link}"));
        Diagnostic::error(path, None, format!("cannot read the file ({reason})"))
    })
}

/// What `path` is when it is a link to nothing: "a link to
/// /mnt/share/2025, which does not exist" (a share not mounted on the
/// server of a nightly build), through each link of a chain ("a link to
/// mid.typ.j2, which is a link to gone.typ.j2, which does not exist"), or
/// links that lead round to themselves. `None` for anything else.
pub fn broken_link(path: &Path) -> Option<String> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let unfollowed = fs::metadata(path).err().filter(|_| is_link)?;
    if unfollowed.raw_os_error() == Some(libc::ELOOP) {
        return Some(match fs::read_link(path) {
            Ok(target) => format!(
                "a link to {}, which leads round in a circle of links back to itself",
                target.display()
            ),
            Err(_) => "a link to something, which leads round in a circle of links back to \
                       itself"
                .to_string(),
        });
    }
    // (No circle: the chain ends, at the first target that is no link.)
    let mut described = link_chain(path);
    if described.is_empty() {
        described.push_str("a link to something");
    }
    Some(format!("{described}, which does not exist"))
}

/// The links `path` leads through, each target as written: "a link to
/// mid.typ.j2, which is a link to gone.typ.j2"; empty where `path` is no
/// link.
fn link_chain(path: &Path) -> String {
    let mut described = String::new();
    let mut at = path.to_path_buf();
    // As many links as the system follows: a circle ends too.
    for _ in 0..40 {
        let Ok(target) = fs::read_link(&at) else {
            break;
        };
        let then = if described.is_empty() {
            "a link to"
        } else {
            ", which is a link to"
        };
        described.push_str(&format!("{then} {}", target.display()));
        at = at.parent().unwrap_or(Path::new("")).join(target);
    }
    described
}

/// An error when links make `path` lead out of the data folder `data`.
fn outside(path: &Path, data: &Path) -> Option<Diagnostic> {
    let link = link_out_of(path, data)?;
    Some(
        Diagnostic::error(
            path,
            None,
            format!(
                "will not read the file ({link}, outside the data folder {})",
                data.display()
            ),
        )
        .with_hint("copy the file into the data folder instead of linking to it"),
    )
}

/// When links make `path` lead out of `folder`: the outermost such link
/// with its target as written ("it is a link to ../x.svg", "data/2024/img
/// is a link to /tmp/img"), and each link after it ("it is a link to b,
/// which is a link to ../x.svg"). `None` also for a path that cannot be
/// resolved (a missing file, a broken link): reading it reports that.
pub fn link_out_of(path: &Path, folder: &Path) -> Option<String> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let real_folder = folder.canonicalize().ok()?;
    let leads_out = |p: &Path| {
        p.canonicalize()
            .is_ok_and(|real| !real.starts_with(&real_folder))
    };
    if !leads_out(path) {
        return None;
    }
    let link = path
        .ancestors()
        .filter(|p| p.is_symlink() && leads_out(p))
        .last()
        .unwrap_or(path);
    // Through every link of a chain: `a` is a link to `b`, inside the
    // folder, and `b` the link that leads out.
    let mut described = link_chain(link);
    if described.is_empty() {
        let target = link
            .canonicalize()
            .map_or_else(|_| "somewhere else".into(), |t| t.display().to_string());
        described = format!("a link to {target}");
    }
    Some(if link == path {
        format!("it is {described}")
    } else {
        format!("{} is {described}", link.display())
    })
}

/// The data folder of a file in a year folder (`data/2024/plan.yaml`) or
/// of a year folder itself (`data/2024`), `levels` up from `path`.
pub fn data_folder(path: &Path, levels: usize) -> &Path {
    (0..levels).fold(path, |p, _| p.parent().unwrap_or(Path::new("")))
}

/// A short lower-case reason for an I/O error.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder".into(),
        std::io::ErrorKind::NotADirectory => "a part of the path is a file, not a folder".into(),
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => err.to_string().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(windows))]
    fn the_data_option_runs_as_printed() {
        assert_eq!(data_option(Path::new("data")), "");
        assert_eq!(data_option(Path::new("./data")), " --data ./data");
        assert_eq!(
            data_option(Path::new("/home/sekr/Mina dokument/data")),
            " --data '/home/sekr/Mina dokument/data'"
        );
        assert_eq!(
            data_option(Path::new("Region Skåne's/data")),
            " --data 'Region Skåne'\\''s/data'"
        );
        assert_eq!(
            data_option(Path::new("hfs/årets-data")),
            " --data hfs/årets-data"
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_link_to_nothing_is_described_through_its_chain() {
        let dir = tempfile::tempdir().unwrap();
        let link = |target: &str, name: &str| {
            std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
            dir.path().join(name)
        };
        let one = link("gone.typ.j2", "one");
        assert_eq!(
            broken_link(&one).unwrap(),
            "a link to gone.typ.j2, which does not exist"
        );
        // The first link's target is there, as a link: named, and the end.
        link("sub/gone.typ.j2", "mid");
        let chain = link("mid", "chain");
        assert_eq!(
            broken_link(&chain).unwrap(),
            "a link to mid, which is a link to sub/gone.typ.j2, which does not exist"
        );
        let circle = link("round", "round");
        assert_eq!(
            broken_link(&circle).unwrap(),
            "a link to round, which leads round in a circle of links back to itself"
        );
        assert_eq!(broken_link(dir.path()), None);
    }

    #[test]
    #[cfg(unix)]
    fn a_link_out_of_the_folder_is_described_through_its_chain() {
        // `a` is a link to `b` inside the folder; `b` is the link that
        // leads out: named too, not only `a`'s target inside.
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("t");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(dir.path().join("outside.txt"), "x").unwrap();
        std::os::unix::fs::symlink("../outside.txt", folder.join("b")).unwrap();
        std::os::unix::fs::symlink("b", folder.join("a")).unwrap();
        assert_eq!(
            link_out_of(&folder.join("a"), &folder).unwrap(),
            "it is a link to b, which is a link to ../outside.txt"
        );
        assert_eq!(
            link_out_of(&folder.join("b"), &folder).unwrap(),
            "it is a link to ../outside.txt"
        );
        std::fs::write(folder.join("inside.txt"), "x").unwrap();
        std::os::unix::fs::symlink("inside.txt", folder.join("c")).unwrap();
        assert_eq!(link_out_of(&folder.join("c"), &folder), None);
    }

    fn decode(bytes: &[u8]) -> String {
        match decode_text(Path::new("p.yaml"), bytes) {
            Ok(text) => text,
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn names_the_first_byte_that_is_not_utf8() {
        assert_eq!(decode(b"\xEF\xBB\xBFyear: 2024\n"), "year: 2024\n");
        assert_eq!(
            decode(b"year: 2024\nname: G\xe4vleborg\n"),
            "p.yaml:2:8: error: the file is not UTF-8 text (found the byte 0xE4, which is '\u{e4}' in Windows-1252, the encoding of older Windows programs) (open the file in a text editor and save it with the encoding UTF-8)"
        );
        // Lines as the file's other messages count them, whatever their ends.
        for breaks in ["\r\n", "\r"] {
            let mut bytes = format!("year: 2024{breaks}name: G").into_bytes();
            bytes.extend_from_slice(b"\xe4vleborg");
            assert!(
                decode(&bytes).starts_with("p.yaml:2:8: error:"),
                "{breaks:?}"
            );
        }
    }

    #[test]
    fn binary_data_is_not_text() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            "p.yaml: error: the file is not text but binary data (it is a zip archive, such as a Word or Excel file), expected plain text (open the file in a text editor: it should show lines such as 'year: 2024')"
        );
        assert!(decode(b"\xFF\xFEy\x00").contains("UTF-16"));
    }
}
