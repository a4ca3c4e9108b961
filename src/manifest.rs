//! `manifest.json`: every file a build wrote with its size and SHA-256, the
//! inputs it read with their SHA-256, and the tool's version. It also holds
//! each document's key (a hash of everything its PDF is made from), so that
//! the next build can leave a document that has not changed alone.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::typeset::DocumentSource;

/// The manifest's file name in each `<out>/<year>/` folder.
pub const FILE_NAME: &str = "manifest.json";

/// The contents of a year's manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The tool that wrote it.
    pub tool: Tool,
    /// The year.
    pub year: i32,
    /// The files read, as the user named them.
    pub inputs: Vec<Input>,
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

/// An input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// Its path as the user gave the data folder.
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
    /// For a PDF: the hash of the tool version and every byte it was made
    /// from; unchanged means the PDF need not be made again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Manifest {
    /// Reads a year's manifest; `None` when there is none or it is not ours.
    pub fn read(folder: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(folder.join(FILE_NAME)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// The manifest as pretty JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).unwrap_or_default();
        json.push(b'\n');
        json
    }

    /// The entry of the PDF `file` from an earlier build, when its key
    /// matches and the file on disk is still the one that build wrote.
    pub fn reusable(&self, folder: &Path, file: &str, key: &str) -> Option<&OutputEntry> {
        if self.tool != Tool::default() {
            return None;
        }
        let entry = self
            .outputs
            .iter()
            .find(|o| o.file == file && o.key.as_deref() == Some(key))?;
        let bytes = std::fs::read(folder.join(file)).ok()?;
        (sha256(&bytes) == entry.sha256).then_some(entry)
    }
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
                std::fs::read(folder.join(&entry.file))
                    .is_ok_and(|bytes| sha256(&bytes) == entry.sha256)
            })
            .cloned()
            .collect()
    }
}

/// The hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key of a document: the tool version and every byte of its source,
/// its date and identifier. Fonts are embedded in the binary, so the
/// version covers them.
pub fn document_key(source: &DocumentSource) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(source.main.as_bytes());
    field(&source.timestamp.to_le_bytes());
    field(source.ident.as_bytes());
    for (name, bytes) in &source.files {
        field(name.as_bytes());
        field(bytes);
    }
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The inputs of a year with their hashes; unreadable files are left out
/// (they were read moments ago, so this only happens in a race).
pub fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    paths
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            Some(Input {
                path: path.display().to_string(),
                sha256: sha256(&bytes),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
