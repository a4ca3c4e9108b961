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
    let mut waiting = once(waiting);
    loop {
        let Ok(folder) = File::open(out) else {
            return unguarded(made);
        };
        if !wait_for_lock(&folder, &mut waiting)? {
            return unguarded(made);
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

/// Locks the opened `folder`, calling `waiting` each time it finds
/// another build holding it; stops waiting at Ctrl-C. Whether it is
/// locked: `false` where it cannot be (a file system without locks).
fn wait_for_lock(folder: &File, mut waiting: impl FnMut()) -> Result<bool, Error> {
    loop {
        match folder.try_lock() {
            Ok(()) => return Ok(true),
            Err(TryLockError::WouldBlock) => {
                waiting();
                interrupt::check()?;
                std::thread::sleep(RETRY);
            }
            Err(TryLockError::Error(_)) => return Ok(false),
        }
    }
}

/// Takes the lock on the folder `folder` (there already), calling
/// `waiting` once first when another run holds it; stops waiting at
/// Ctrl-C. `None` where it cannot be locked (a file system without locks,
/// Windows): the run goes on unguarded. `new-year` holds the data
/// folder's, so that two of them never make one year at once.
pub fn lock_folder(folder: &Path, waiting: impl FnOnce()) -> Result<Option<File>, Error> {
    let Ok(opened) = File::open(folder) else {
        return Ok(None);
    };
    Ok(wait_for_lock(&opened, once(waiting))?.then_some(opened))
}

/// `f` as a function that may be called again and again and runs `f` the
/// first time only: a waiting run says so once, not at each try.
fn once(f: impl FnOnce()) -> impl FnMut() {
    let mut f = Some(f);
    move || {
        if let Some(f) = f.take() {
            f();
        }
    }
}

/// Held while a build writes into the year folders of its output folder;
/// dropping it lets the next build in.
#[derive(Debug)]
pub struct YearLocks {
    _folders: Vec<File>,
}

/// Takes the lock on each year folder `years` of the locked output folder
/// `out` that is there: a link may lead another output folder's year
/// folder to it, or this one's elsewhere (`out/2024` → `/srv/hfs/2024`),
/// and a build into another output folder holds that folder's lock, not
/// this one's. Taken in the order of their real paths, so that two builds
/// never each hold one that the other waits for; `waiting` is called, with
/// the year folder, once first when a build holds one. A year folder that
/// a link leads to an output folder, this one (`out/2024` → `.`) or
/// another (one that holds year folders of its own), is that output
/// folder's to lock, which a build takes before the year folders, out of
/// their order: locked again here, this build would wait for itself, or
/// two builds each for the other.
pub fn lock_years(
    out: &Path,
    years: impl IntoIterator<Item = i32>,
    waiting: impl FnOnce(&Path),
) -> Result<YearLocks, Error> {
    let real_out = out.canonicalize().ok();
    // By real path; the folder as found, for the message.
    let mut linked: Vec<(PathBuf, PathBuf)> = years
        .into_iter()
        .map(|year| out.join(year.to_string()))
        .filter_map(|folder| Some((folder.canonicalize().ok()?, folder)))
        .filter(|(real, _)| {
            real.is_dir() && Some(real) != real_out.as_ref() && !holds_year_folders(real)
        })
        .collect();
    linked.sort();
    linked.dedup_by(|a, b| a.0 == b.0);
    let mut waiting = Some(waiting);
    let mut folders = Vec::new();
    for (real, shown) in linked {
        let Ok(folder) = File::open(&real) else {
            continue;
        };
        let tell = || {
            if let Some(waiting) = waiting.take() {
                waiting(&shown);
            }
        };
        if wait_for_lock(&folder, tell)? {
            folders.push(folder);
        }
    }
    Ok(YearLocks { _folders: folders })
}

/// Whether `folder` holds a folder named as a year (`2024`), as an output
/// folder does and a year folder of PDFs never does.
fn holds_year_folders(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            crate::config::parse_year(&name).is_some() && entry.path().is_dir()
        })
    })
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

    #[cfg(unix)]
    #[test]
    fn a_year_folder_that_links_join_is_one_build_at_a_time() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let shared = dir.path().join("published/2024");
        std::fs::create_dir_all(&shared).expect("made");
        let (out, other) = (dir.path().join("out"), dir.path().join("other"));
        for folder in [&out, &other] {
            std::fs::create_dir(folder).expect("made");
            std::os::unix::fs::symlink(&shared, folder.join("2024")).expect("linked");
        }
        let _out = lock_output(&out, || {}).expect("the lock");
        let first = lock_years(&out, [2023, 2024], |_| panic!("nothing to wait for"))
            .expect("the year's lock");
        let (told, waited) = std::sync::mpsc::channel();
        let second = std::thread::spawn(move || {
            let _other = lock_output(&other, || panic!("another folder")).expect("the lock");
            lock_years(&other, [2024], move |year| {
                assert!(year.ends_with("other/2024"), "{}", year.display());
                told.send(()).expect("sent")
            })
            .expect("the year's lock")
        });
        waited
            .recv_timeout(Duration::from_secs(10))
            .expect("the second build is told it waits");
        assert!(!second.is_finished());
        drop(first);
        drop(second.join().expect("the second build goes on"));
        // Nor does a build into the folder the links lead to get past one
        // through a link: it holds that output folder's lock, not this one's.
        let through_link = lock_years(&dir.path().join("other"), [2024], |_| panic!("free"))
            .expect("the year's lock");
        let (told, waited) = std::sync::mpsc::channel();
        let published = dir.path().join("published");
        let into_it = std::thread::spawn(move || {
            let _published = lock_output(&published, || panic!("free")).expect("the lock");
            lock_years(&published, [2024], move |_| told.send(()).expect("sent"))
                .expect("the year's lock")
        });
        waited
            .recv_timeout(Duration::from_secs(10))
            .expect("the build into the folder linked to waits");
        drop(through_link);
        into_it.join().expect("it goes on");

        // A year folder that is an output folder, its own or another's, has
        // that folder's lock, even where it is named by the year (a year's
        // PDFs kept flat).
        for own in [dir.path().join("own"), dir.path().join("2025")] {
            std::fs::create_dir(&own).expect("made");
            std::os::unix::fs::symlink(".", own.join("2024")).expect("linked");
            std::os::unix::fs::symlink(".", own.join("2025")).expect("linked");
            let _own = lock_output(&own, || panic!("free")).expect("the lock");
            let years = lock_years(&own, [2024, 2025], |_| panic!("it would wait")).expect("locks");
            assert!(years._folders.is_empty());
        }
        let another = dir.path().join("another");
        std::fs::create_dir(&another).expect("made");
        std::os::unix::fs::symlink(dir.path().join("own"), another.join("2024")).expect("linked");
        let years = lock_years(&another, [2024], |_| panic!("it would wait")).expect("locks");
        assert!(years._folders.is_empty());
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
