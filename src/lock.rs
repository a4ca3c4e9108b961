//! One build at a time into an output folder.
//!
//! A build reads the manifest of each year folder it writes, writes its
//! documents, and writes the manifest again. Two at once (the nightly
//! build and a secretary's `--only plan`) would each write a manifest
//! without the other's documents, and the next build would take the
//! other's PDF for one changed by hand. So a build holds a lock on its
//! output folder while it writes there, and a second one waits.
//!
//! The lock is on the output folder itself (`flock` on the folder), not
//! on a file: every build into the folder finds the same lock, whoever
//! runs it, with whatever temporary folder, and the folder holds only
//! what the build writes. The system releases the lock when the process
//! ends, however it ends. Where a folder cannot be locked (a file system
//! without locks; Windows, which opens no folder as a file), the build
//! goes on unguarded rather than not at all.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Error;
use crate::interrupt;
use crate::write;

/// How often a waiting build tries the lock again (and sees Ctrl-C).
const RETRY: Duration = Duration::from_millis(100);

/// Held while a build writes into an output folder; dropping it lets the
/// next build in.
#[derive(Debug)]
pub struct OutputLock {
    /// The locked folder, opened; `None` where it could not be locked.
    _folder: Option<File>,
    /// The folders made for the lock (the output folder, and those above
    /// it that were missing), deepest first: a build that fails leaves
    /// none of them behind, empty.
    made: Vec<PathBuf>,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Before the folder's lock goes (the fields drop after this): a
        // build that waits finds the folder gone, and makes its own.
        write::remove_empty(&self.made);
    }
}

/// Takes the lock on the output folder `out`, made if missing, calling
/// `waiting` once first when another build holds it; stops waiting at
/// Ctrl-C.
pub fn lock_output(out: &Path, waiting: impl FnOnce()) -> Result<OutputLock, Error> {
    let mut made = write::missing_folders([out]);
    make_folder(out, &made)?;
    let unguarded = |made| {
        Ok(OutputLock {
            _folder: None,
            made,
        })
    };
    let mut waiting = Some(waiting);
    loop {
        let Ok(folder) = File::open(out) else {
            return unguarded(made);
        };
        loop {
            match folder.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    if let Some(waiting) = waiting.take() {
                        waiting();
                    }
                    interrupt::check()?;
                    std::thread::sleep(RETRY);
                }
                Err(TryLockError::Error(_)) => return unguarded(made),
            }
        }
        // The build it waited for may have failed and taken away the
        // folder it made: the lock is then on a folder that is gone.
        if is_at(&folder, out) {
            return Ok(OutputLock {
                _folder: Some(folder),
                made,
            });
        }
        // Made again, by this build now: it removes them if it fails.
        made = write::missing_folders([out]);
        make_folder(out, &made)?;
    }
}

/// Makes the output folder `out`, whose missing folders are `made`; a
/// failure part of the way (a name too long) leaves none of them behind.
fn make_folder(out: &Path, made: &[PathBuf]) -> Result<(), Error> {
    std::fs::create_dir_all(out).map_err(|err| {
        write::remove_empty(made);
        Error::io(out, "cannot make the output folder", &err)
    })
}

/// Whether the opened `folder` is still the one at `path`.
fn is_at(folder: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (folder.metadata(), std::fs::metadata(path)) {
            (Ok(opened), Ok(there)) => opened.dev() == there.dev() && opened.ino() == there.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (folder, path);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("out");
        let first =
            lock_output(&out, || panic!("the first build does not wait")).expect("the first lock");
        let (told, waited) = std::sync::mpsc::channel();
        // The same folder by another path.
        let by_dots = dir.path().join("x/../out");
        std::fs::create_dir(dir.path().join("x")).expect("made");
        let second = std::thread::spawn(move || {
            lock_output(&by_dots, move || told.send(()).expect("sent")).expect("the second lock")
        });
        waited
            .recv_timeout(Duration::from_secs(10))
            .expect("the second build is told it waits");
        assert!(!second.is_finished());
        drop(first);
        let _second = second.join().expect("the second build goes on");
    }

    #[test]
    fn a_folder_made_for_the_lock_goes_with_it_when_nothing_was_written() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("new/out");
        let lock = lock_output(&out, || {}).expect("the lock");
        assert!(out.is_dir());
        drop(lock);
        assert!(!dir.path().join("new").exists());
        // One that holds a document stays.
        let lock = lock_output(&out, || {}).expect("the lock");
        std::fs::write(out.join("a.pdf"), b"%PDF").expect("written");
        drop(lock);
        assert!(out.join("a.pdf").is_file());
    }

    #[test]
    fn a_folder_made_again_after_a_failed_build_goes_with_the_next() {
        // The first build made the folder and failed, taking it away; the
        // one that waited made it again, and fails too: nothing is left.
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("new/out");
        let first = lock_output(&out, || {}).expect("the first lock");
        let (told, waited) = std::sync::mpsc::channel();
        let waiting_out = out.clone();
        let second = std::thread::spawn(move || {
            lock_output(&waiting_out, move || told.send(()).expect("sent"))
                .expect("the second lock")
        });
        waited
            .recv_timeout(Duration::from_secs(10))
            .expect("the second build is told it waits");
        drop(first);
        let second = second.join().expect("the second build goes on");
        assert!(out.is_dir());
        drop(second);
        assert!(!dir.path().join("new").exists(), "a folder was left");
    }

    #[test]
    fn a_folder_that_cannot_be_made_leaves_no_part_of_its_path() {
        // The first folders are made, the last has too long a name.
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("o1/new").join("x".repeat(300));
        let err = lock_output(&out, || {}).expect_err("no folder of 300 letters");
        assert!(
            err.to_string().contains("cannot make the output folder"),
            "{err}"
        );
        assert!(!dir.path().join("o1").exists(), "a folder was left");
    }
}
