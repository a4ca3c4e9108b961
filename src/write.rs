//! Writing outputs all-or-nothing: every file goes to a temporary file in its
//! own folder first, and only when all of them are complete are they renamed
//! into place, so a failed build leaves the previous files as they were. A
//! previous file is moved aside before its replacement is renamed in, so
//! that a rename failing half-way can put every earlier file back.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::NamedTempFile;

use crate::error::Error;

/// A file to write.
#[derive(Debug, Clone)]
pub struct Output {
    /// Where it goes.
    pub path: PathBuf,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Writes every output to a temporary file, then renames them all into place.
pub fn write_all(outputs: &[Output]) -> Result<Vec<PathBuf>, Error> {
    place_all(stage_all(outputs)?)
}

/// A complete file in a temporary file beside its destination, synced to
/// disk and waiting to be renamed into place. Dropped unplaced (a build
/// failed), it is deleted.
#[derive(Debug)]
pub struct Staged {
    temp: NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Stages every output, in parallel: most of the time goes to waiting for
/// the disk, and the file system commits concurrent syncs together.
pub fn stage_all(outputs: &[Output]) -> Result<Vec<Staged>, Error> {
    outputs
        .par_iter()
        .map(|output| stage(&output.path, &output.bytes))
        .collect()
}

/// Renames staged files into place, all or none: if one rename fails, every
/// file placed before it is put back as it was.
pub fn place_all(staged: Vec<Staged>) -> Result<Vec<PathBuf>, Error> {
    let mut placed: Vec<Placed> = Vec::with_capacity(staged.len());
    for Staged { temp, path } in staged {
        match place(temp, &path) {
            Ok(done) => placed.push(done),
            Err(err) => {
                // Undo in reverse order: the build leaves no trace.
                for done in placed.into_iter().rev() {
                    done.undo();
                }
                return Err(err);
            }
        }
    }
    Ok(placed.into_iter().map(Placed::keep).collect())
}

/// A file renamed into place, and the previous file it replaced.
struct Placed {
    path: PathBuf,
    previous: Option<tempfile::TempPath>,
}

impl Placed {
    /// Puts the previous file back (or removes the new one if there was none).
    fn undo(self) {
        match self.previous {
            Some(previous) => {
                let _ = previous.persist(&self.path);
            }
            None => {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }

    /// Keeps the new file; the previous one is deleted with its temporary path.
    fn keep(self) -> PathBuf {
        self.path
    }
}

/// Moves the file at `path` aside (if there is one) and renames `temp` to it.
fn place(temp: NamedTempFile, path: &Path) -> Result<Placed, Error> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let previous = if path.exists() {
        let aside = tempfile::Builder::new()
            .prefix(".hfs-report-previous-")
            .tempfile_in(folder)
            .map_err(|err| Error::io(folder, &err))?
            .into_temp_path();
        std::fs::rename(path, &aside).map_err(|err| Error::io(path, &err))?;
        Some(aside)
    } else {
        None
    };
    if let Err(err) = temp.persist(path) {
        if let Some(previous) = previous {
            let _ = previous.persist(path);
        }
        return Err(Error::io(path, &err.error));
    }
    Ok(Placed {
        path: path.to_path_buf(),
        previous,
    })
}

/// The folders among `folders` and their ancestors that do not exist yet,
/// deepest first: what staging into them would create.
pub fn missing_folders<'a>(folders: impl IntoIterator<Item = &'a Path>) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> = Vec::new();
    for folder in folders {
        for ancestor in folder.ancestors() {
            if ancestor.as_os_str().is_empty() || ancestor.exists() {
                break;
            }
            missing.push(ancestor.to_path_buf());
        }
    }
    missing.sort_by_key(|folder| {
        (
            std::cmp::Reverse(folder.components().count()),
            folder.clone(),
        )
    });
    missing.dedup();
    missing
}

/// Removes what staging created of `missing` (from [`missing_folders`])
/// after a failed build, once its temporary files are gone: a folder that
/// is not empty stays.
pub fn remove_empty(missing: &[PathBuf]) {
    for folder in missing {
        let _ = std::fs::remove_dir(folder);
    }
}

/// Writes `bytes` to a temporary file beside `path` and syncs it to disk.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, Error> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|err| Error::io(folder, &err))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".hfs-report-").suffix(".tmp");
    // Temporary files are private by default; the documents are for sharing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|err| Error::io(folder, &err))?;
    temp.write_all(bytes).map_err(|err| Error::io(path, &err))?;
    temp.as_file()
        .sync_all()
        .map_err(|err| Error::io(path, &err))?;
    Ok(Staged {
        temp,
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_puts_every_earlier_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        std::fs::write(&a, b"old a").unwrap();
        // The second output cannot be renamed into place: its path is a folder.
        let blocked = dir.path().join("b.pdf");
        std::fs::create_dir_all(blocked.join("inside")).unwrap();
        let outputs = [
            Output {
                path: a.clone(),
                bytes: b"new a".to_vec(),
            },
            Output {
                path: blocked.clone(),
                bytes: b"new b".to_vec(),
            },
        ];
        assert!(write_all(&outputs).is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"old a");
        assert!(blocked.join("inside").is_dir());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".hfs-report"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_successful_write_replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        std::fs::write(&a, b"old").unwrap();
        let written = write_all(&[Output {
            path: a.clone(),
            bytes: b"new".to_vec(),
        }])
        .unwrap();
        assert_eq!(written, vec![a.clone()]);
        assert_eq!(std::fs::read(&a).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
