//! One build at a time into an output folder.
//!
//! A build reads the manifest of each year folder it writes, writes its
//! documents, and writes the manifest again. Two at once (the nightly
//! build and a secretary's `--only plan`) would each write a manifest
//! without the other's documents, and the next build would take the
//! other's PDF for one changed by hand. So a build holds a lock on its
//! output folder while it writes there, and a second one waits.
//!
//! The lock file lives in the system's temporary folder, named by the
//! output folder's resolved path, so that the output folder holds only
//! the documents and the manifest, and a build that fails leaves nothing
//! there. The system releases the lock when the process ends, however it
//! ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::interrupt;

/// How often a waiting build tries the lock again (and sees Ctrl-C).
const RETRY: Duration = Duration::from_millis(100);

/// Held while a build writes into an output folder; dropping it lets the
/// next build in.
#[derive(Debug)]
pub struct OutputLock {
    /// The locked file, `None` where the temporary folder has no room for
    /// one: the build goes on unguarded rather than not at all.
    _file: Option<File>,
}

/// Takes the lock on the output folder `out`, calling `waiting` once
/// first when another build holds it; stops waiting at Ctrl-C.
pub fn lock_output(out: &Path, waiting: impl FnOnce()) -> Result<OutputLock, Error> {
    let Some(file) = lock_file(out) else {
        return Ok(OutputLock { _file: None });
    };
    let mut waiting = Some(waiting);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(OutputLock { _file: Some(file) }),
            Err(TryLockError::WouldBlock) => {
                if let Some(waiting) = waiting.take() {
                    waiting();
                }
                interrupt::check()?;
                std::thread::sleep(RETRY);
            }
            // A file system without locks: as if there were no file.
            Err(TryLockError::Error(_)) => return Ok(OutputLock { _file: None }),
        }
    }
}

/// The lock file of `out`, opened; made when it is not there.
fn lock_file(out: &Path) -> Option<File> {
    let path = lock_path(out)?;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        // Another user's build made it: a lock needs only reading.
        .or_else(|_| File::open(&path))
        .ok()
}

/// Where the lock of `out` is: one name for every way of writing the
/// folder's path (relative, through a link).
fn lock_path(out: &Path) -> Option<PathBuf> {
    let folder = resolved(out)?;
    let digest = Sha256::digest(folder.as_os_str().as_encoded_bytes());
    let name: String = digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    Some(std::env::temp_dir().join(format!("hfs-report-{name}.lock")))
}

/// Where `path` is or would be made: its deepest folder that exists with
/// links and `..` resolved, and the rest of it; `None` where not even
/// the working folder can be resolved.
pub fn resolved(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let (existing, rest) = path
        .ancestors()
        .find_map(|a| Some((a.canonicalize().ok()?, path.strip_prefix(a).ok()?)))?;
    let mut resolved = existing;
    for part in rest.components() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_folder_by_any_path_has_one_lock() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("made");
        let by_dots = dir.path().join("x/../out");
        assert_eq!(lock_path(&out), lock_path(&by_dots));
        assert_ne!(lock_path(&out), lock_path(&dir.path().join("other")));
    }

    #[test]
    fn a_second_build_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("out");
        let first =
            lock_output(&out, || panic!("the first build does not wait")).expect("the first lock");
        let (told, waited) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let out = out.clone();
            move || {
                lock_output(&out, move || told.send(()).expect("sent")).expect("the second lock")
            }
        });
        waited
            .recv_timeout(Duration::from_secs(10))
            .expect("the second build is told it waits");
        assert!(!second.is_finished());
        drop(first);
        let _second = second.join().expect("the second build goes on");
    }
}
