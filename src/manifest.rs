//! `manifest.json`: every file a build wrote with its size and SHA-256, the
//! inputs it read with their SHA-256, and the tool's version. It also holds
//! each document's key (a hash of everything its PDF is made from), so that
//! the next build can leave a document that has not changed alone.

use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::load::ReadFile;
use crate::typeset::{DocumentSource, fonts};

/// The manifest's file name in each `<out>/<year>/` folder.
pub const FILE_NAME: &str = "manifest.json";

/// The contents of a year's manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The tool that wrote it.
    pub tool: Tool,
    /// The year.
    pub year: i32,
    /// The files read, by their paths inside the data folder
    /// (`2024/plan.yaml`), so that the manifest is the same wherever the
    /// data folder is and however it was named.
    pub inputs: Vec<Input>,
    /// The templates read from a `--templates` folder, by their names
    /// in it; none when every template is built in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<Input>,
    /// The files written, in name order.
    pub outputs: Vec<OutputEntry>,
}

/// The tool and its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// Always `hfs-report`.
    pub name: String,
    /// The version that wrote the manifest.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Self {
            name: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// A source of a document that differs from what an earlier manifest's
/// documents were made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An input file, by its path inside the data folder.
    Input(String),
    /// A template read from a `--templates` folder, by its name there.
    Template(String),
    /// The version of hfs-report that made them, and the one now.
    Tool { then: String, now: String },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Input(path) => write!(f, "{path}"),
            Change::Template(name) => write!(f, "the template {name}"),
            Change::Tool { then, now } => {
                write!(f, "the version of hfs-report ({then}, now {now})")
            }
        }
    }
}

/// An input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// Its path inside the data folder (or the templates folder).
    pub path: String,
    /// Its SHA-256, in hex.
    pub sha256: String,
}

/// A written file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputEntry {
    /// Its name in the year's output folder.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, in hex.
    pub sha256: String,
    /// For a PDF: the hash of the tool version, the typesetter's
    /// fingerprint and every byte it was made from; unchanged means the PDF
    /// need not be made again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Manifest {
    /// What this build read that differs from what the `earlier` manifest's
    /// documents were made from: an input or a template read from a folder,
    /// changed or new, or another version of the tool. What only the
    /// earlier build read (the previous year's files of the reports that an
    /// `--only plan` build leaves, a template only the reports read) counts
    /// as it stands now in `data` or `templates` (the `--templates` folder,
    /// if any): changed or gone. Empty when a document of `earlier` is
    /// still what a build would make of the same sources.
    pub fn changed_since(
        &self,
        earlier: &Manifest,
        data: &Path,
        templates: Option<&Path>,
    ) -> Vec<Change> {
        let inputs = changed_files(&self.inputs, &earlier.inputs, Some(data));
        let templates = changed_files(&self.templates, &earlier.templates, templates);
        let tool = (self.tool != earlier.tool).then(|| Change::Tool {
            then: earlier.tool.version.clone(),
            now: self.tool.version.clone(),
        });
        inputs
            .map(Change::Input)
            .chain(templates.map(Change::Template))
            .chain(tool)
            .collect()
    }

    /// Reads the manifest in `folder`, of whichever year; `None` when there
    /// is none or it cannot be read.
    pub fn read(folder: &Path) -> Option<Self> {
        let bytes = crate::regular_file::read(folder.join(FILE_NAME)).ok()?;
        Self::parse(&bytes).ok()
    }

    /// A manifest from its JSON, or why it is not one.
    fn parse(bytes: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(bytes)
            .map_err(|err| format!("it is not a manifest hfs-report wrote: {err}"))
    }

    /// Reads the manifest of `year`'s output folder: `Ok(None)` when there
    /// is none, and why not when there is one that cannot be read, is not
    /// ours, or is another year's (copied with the folder it came from).
    pub fn load(folder: &Path, year: i32) -> Result<Option<Self>, String> {
        let path = folder.join(FILE_NAME);
        let bytes = match crate::regular_file::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(crate::load::io_reason(&err)),
        };
        let manifest = Self::parse(&bytes)?;
        if manifest.year != year {
            return Err(format!(
                "it is the manifest of {}, not of {year}",
                manifest.year
            ));
        }
        Ok(Some(manifest))
    }

    /// The manifest as pretty JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).unwrap_or_default();
        json.push(b'\n');
        json
    }

    /// What the PDF `file` in `folder` is to the earlier build this
    /// manifest describes, for a document of the key `key`.
    pub fn earlier_pdf(&self, folder: &Path, file: &str, key: &str) -> EarlierPdf<'_> {
        let Some(entry) = self.outputs.iter().find(|o| o.file == file) else {
            return EarlierPdf::Other;
        };
        match crate::regular_file::read(folder.join(file)) {
            Ok(bytes) if sha256(&bytes) != entry.sha256 => EarlierPdf::Changed {
                sha256: sha256(&bytes),
            },
            Ok(_) if self.tool == Tool::default() && entry.key.as_deref() == Some(key) => {
                EarlierPdf::Reusable(entry)
            }
            _ => EarlierPdf::Other,
        }
    }
}

/// What a PDF in the output folder is to the earlier build whose manifest
/// lists it (see [`Manifest::earlier_pdf`]).
#[derive(Debug, PartialEq)]
pub enum EarlierPdf<'a> {
    /// As that build wrote it, from the same sources by the same tool: it
    /// need not be made again.
    Reusable(&'a OutputEntry),
    /// Changed since that build wrote it (by hand, or by another program,
    /// or by a build stopped at once while it put its files in place): a
    /// build that makes it again replaces the change. With the file's
    /// digest now.
    Changed { sha256: String },
    /// Made from other sources, not there, or not listed.
    Other,
}

impl Manifest {
    /// The entries of an earlier build that `keep` accepts and whose file in
    /// `folder` is still the one that build wrote: what a partial build
    /// (`--region`, `--only`) carries over, so that the manifest still
    /// lists every document in the folder and the next build can reuse them.
    pub fn still_in(&self, folder: &Path, keep: impl Fn(&str) -> bool) -> Vec<OutputEntry> {
        self.outputs
            .iter()
            .filter(|entry| keep(&entry.file))
            .filter(|entry| {
                crate::regular_file::read(folder.join(&entry.file))
                    .is_ok_and(|bytes| sha256(&bytes) == entry.sha256)
            })
            .cloned()
            .collect()
    }
}

/// The hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A digest in lower-case hexadecimal, as the manifest writes it.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a PDF is made from besides its source and hfs-report's version,
/// which is not raised for every change: the crates that typeset and
/// export it, pinned by Cargo.lock (so that `cargo update` makes the
/// documents again), and the font files. Hashed once per process (about
/// 1.4 MB; `build_in` does it while the data loads).
pub fn typesetter_fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(|| {
        let mut hasher = Sha256::new();
        for file in typesetter_files() {
            hasher.update((file.len() as u64).to_le_bytes());
            hasher.update(file);
        }
        hex(&hasher.finalize())
    })
}

/// The files the typesetter's fingerprint is the hash of: Cargo.lock (the
/// crates hfs-report was built with, and their versions), then the fonts.
fn typesetter_files() -> impl Iterator<Item = &'static [u8]> {
    const LOCKFILE: &[u8] = include_bytes!("../Cargo.lock");
    std::iter::once(LOCKFILE).chain(fonts::files())
}

/// The key of a document: the tool version, the typesetter's fingerprint,
/// and every byte of its source, its date and identifier.
pub fn document_key(source: &DocumentSource) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(typesetter_fingerprint().as_bytes());
    field(source.main.as_bytes());
    field(&source.timestamp.to_le_bytes());
    field(source.ident.as_bytes());
    for (name, bytes) in &source.files {
        field(name.as_bytes());
        field(bytes);
    }
    hex(&hasher.finalize())
}

/// Files read with the hashes of the bytes read, named by their paths
/// inside `folder`.
pub fn inputs(files: &[ReadFile], folder: &Path) -> Vec<Input> {
    files
        .iter()
        .map(|file| Input {
            path: input_path(&file.path, folder),
            sha256: file.sha256.clone(),
        })
        .collect()
}

/// The paths of the files `now` read otherwise or anew than `before`
/// (same path, other hash; or a path `before` lacks), then of those only
/// `before` read that are otherwise now in `folder`, or gone.
fn changed_files<'a>(
    now: &'a [Input],
    before: &'a [Input],
    folder: Option<&'a Path>,
) -> impl Iterator<Item = String> + 'a {
    let same = |a: &Input, b: &Input| a.path == b.path && a.sha256 == b.sha256;
    let unread = |input: &&Input| !now.iter().any(|i| i.path == input.path);
    let otherwise_now = move |input: &&Input| {
        folder
            .and_then(|folder| crate::regular_file::read(folder.join(&input.path)).ok())
            .is_none_or(|bytes| sha256(&bytes) != input.sha256)
    };
    now.iter()
        .filter(move |input| !before.iter().any(|b| same(input, b)))
        .chain(before.iter().filter(unread).filter(otherwise_now))
        .map(|input| input.path.clone())
}

/// The path of a file inside `folder` as the manifest lists it: with '/'
/// on every system, as in the rest of the manifest.
pub fn input_path(path: &Path, folder: &Path) -> String {
    let inside = path.strip_prefix(folder).unwrap_or(path);
    inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_changed_is_what_this_build_read_otherwise_or_anew() {
        let input = |path: &str, sha256: &str| Input {
            path: path.into(),
            sha256: sha256.into(),
        };
        // The data folder as it stands: 2023's plan as the earlier build
        // read it; a.csv, which it read too, is gone.
        let data = tempfile::tempdir().unwrap();
        std::fs::create_dir(data.path().join("2023")).unwrap();
        std::fs::write(data.path().join("2023/plan.yaml"), b"year: 2023").unwrap();
        let earlier = Manifest {
            inputs: vec![
                input("2024/plan.yaml", "a"),
                input("2023/plan.yaml", &sha256(b"year: 2023")),
            ],
            templates: vec![input("hfs-style.typ", "c")],
            ..Manifest::default()
        };
        let folder = Some(Path::new("templates-not-read-now"));
        // Only the earlier build read 2023's plan, which is as it was:
        // no change. Its template is not in the folder now: a change.
        let same = Manifest {
            inputs: vec![input("2024/plan.yaml", "a")],
            templates: vec![input("hfs-style.typ", "c")],
            ..Manifest::default()
        };
        assert_eq!(same.changed_since(&earlier, data.path(), folder), []);
        let fewer = Manifest {
            inputs: vec![input("2024/plan.yaml", "a")],
            ..Manifest::default()
        };
        assert_eq!(
            fewer.changed_since(&earlier, data.path(), folder),
            [Change::Template("hfs-style.typ".into())]
        );
        std::fs::remove_file(data.path().join("2023/plan.yaml")).unwrap();
        let other = Manifest {
            tool: Tool {
                name: "hfs-report".into(),
                version: "9.9.9".into(),
            },
            inputs: vec![
                input("2024/plan.yaml", "x"),
                input("2024/responses/a.csv", "d"),
            ],
            templates: vec![input("hfs-style.typ", "y")],
            ..Manifest::default()
        };
        let changed: Vec<String> = other
            .changed_since(&earlier, data.path(), folder)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            changed,
            [
                "2024/plan.yaml",
                "2024/responses/a.csv",
                "2023/plan.yaml",
                "the template hfs-style.typ",
                format!(
                    "the version of hfs-report ({}, now 9.9.9)",
                    env!("CARGO_PKG_VERSION")
                )
                .as_str()
            ]
        );
    }

    #[test]
    fn the_typesetters_fingerprint_covers_the_lockfile_and_every_font_file() {
        // Read from the repository, not from the binary: a font or a crate
        // that changes changes every document's key.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<Vec<u8>> = std::fs::read_dir(root.join("fonts"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "ttf"))
            .map(|font| std::fs::read(font).unwrap())
            .collect();
        on_disk.push(std::fs::read(root.join("Cargo.lock")).unwrap());
        on_disk.sort();
        let mut hashed: Vec<&[u8]> = typesetter_files().collect();
        hashed.sort();
        assert!(
            on_disk.iter().map(Vec::as_slice).eq(hashed),
            "the fingerprint does not hash exactly Cargo.lock and fonts/*.ttf"
        );
    }

    #[test]
    fn sha256_is_hex_of_the_digest() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_manifest_round_trips_through_json() {
        let manifest = Manifest {
            year: 2024,
            inputs: vec![Input {
                path: "data/2024/plan.yaml".into(),
                sha256: "00".into(),
            }],
            outputs: vec![OutputEntry {
                file: "a.pdf".into(),
                bytes: 3,
                sha256: "11".into(),
                key: Some("k".into()),
            }],
            ..Manifest::default()
        };
        let json = manifest.to_json();
        assert_eq!(serde_json::from_slice::<Manifest>(&json).unwrap(), manifest);
    }
}
