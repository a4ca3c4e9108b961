//! Writing outputs all-or-nothing: every file goes to a temporary file in its
//! own folder first, and only when all of them are complete are they renamed
//! into place, so a failed build leaves the previous files as they were. A
//! previous file is kept under a second name (a hard link) before its
//! replacement is renamed over it, so that its name is never missing, even
//! for a moment, and a rename failing half-way can put every earlier file
//! back.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::{NamedTempFile, TempPath};

use crate::error::Error;
use crate::interrupt;

/// How a temporary file of ours is named: the staged file that becomes an
/// output, and the second name a replaced file is kept under.
const TEMP_PREFIX: &str = ".hfs-report-";
const TEMP_SUFFIX: &str = ".tmp";
const ASIDE_PREFIX: &str = ".hfs-report-previous-";

/// How old a temporary file of ours must be to belong to no run under
/// way: no build or new-year takes a day.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

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
    /// A name reserved beside `path` for the file that this one replaces,
    /// if there was one when it was staged: reserving it creates a file,
    /// which the build's stager does while the documents are typeset, not
    /// at the end of the build when every millisecond waits.
    aside: Option<TempPath>,
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

/// Renames staged files into place, all or none: if one rename fails, or
/// a stop is asked for (Ctrl-C), every file placed before it is put back as
/// it was.
pub fn place_all(staged: Vec<Staged>) -> Result<Vec<PathBuf>, Error> {
    let placed = {
        let _hold = interrupt::hold();
        place_every(staged, interrupt::check)?
    };
    Ok(finish(placed))
}

/// Places every staged file, asking `stop` before each and once after the
/// last whether to stop: then, or when one cannot be placed, those placed
/// are put back, in reverse order, so that the build leaves no trace.
fn place_every(
    staged: Vec<Staged>,
    mut stop: impl FnMut() -> Result<(), Error>,
) -> Result<Vec<Placed>, Error> {
    let mut placed: Vec<Placed> = Vec::with_capacity(staged.len());
    for staged in staged {
        if let Err(err) = stop() {
            return Err(undo_all(placed, err));
        }
        match place(staged) {
            Ok(done) => placed.push(done),
            Err(not_placed) => {
                let NotPlaced { error, half_done } = *not_placed;
                placed.extend(half_done);
                return Err(undo_all(placed, error));
            }
        }
    }
    // A stop asked for while the last file was placed: the files replaced
    // are still there to put back.
    match stop() {
        Ok(()) => Ok(placed),
        Err(err) => Err(undo_all(placed, err)),
    }
}

/// Puts back every file of `placed`, last first, after `cause` stopped the
/// build: `cause`, or, where a file could not be put back, that.
fn undo_all(placed: Vec<Placed>, cause: Error) -> Error {
    let mut files = Vec::new();
    for done in placed.into_iter().rev() {
        if let Err(failed) = done.undo() {
            files.push(failed);
        }
    }
    if files.is_empty() {
        cause
    } else {
        files.reverse();
        Error::NotPutBack {
            cause: cause.reason(),
            files,
        }
    }
}

/// Deletes the files that the placed ones replaced; the paths placed.
fn finish(placed: Vec<Placed>) -> Vec<PathBuf> {
    let (paths, previous): (Vec<PathBuf>, Vec<Option<TempPath>>) = placed
        .into_iter()
        .map(|done| (done.path, done.previous))
        .unzip();
    // Deleting a replaced file frees its blocks, and where the file system
    // passes freed blocks on to the disk (mounted with `discard`, as on
    // many virtual machines) each deletion waits for the disk: 0.15 ms a
    // file on the development machine. Deleted in parallel, the waits
    // overlap. A file that cannot be deleted stays behind under its
    // temporary name, as a dropped `TempPath` would leave it.
    previous.into_par_iter().flatten().for_each(|file| {
        let _ = file.close();
    });
    paths
}

/// A file renamed into place, and the previous file it replaced, kept under
/// its second name until every file is in place.
#[derive(Debug)]
struct Placed {
    path: PathBuf,
    previous: Option<TempPath>,
}

impl Placed {
    /// Puts the previous file back (or removes the new one if there was
    /// none). A previous file that cannot be put back is kept under its
    /// second name, never deleted: the error says where.
    fn undo(self) -> Result<(), NotPutBack> {
        match self.previous {
            Some(previous) => previous.persist(&self.path).map_err(|failed| {
                let hidden = match failed.path.keep() {
                    Ok(kept) => kept,
                    Err(lost) => lost.path.to_path_buf(),
                };
                NotPutBack {
                    kept: keep_in_sight(&self.path, &hidden),
                    path: self.path,
                    reason: crate::load::io_reason(&failed.error),
                }
            }),
            None => {
                let _ = std::fs::remove_file(&self.path);
                Ok(())
            }
        }
    }
}

/// A file that could not be put back after a build stopped: where, why,
/// and where the file it had replaced is kept.
#[derive(Debug)]
pub struct NotPutBack {
    pub path: PathBuf,
    pub reason: String,
    pub kept: PathBuf,
}

/// Gives `hidden`, a file replaced at `path` that could not go back, a
/// name beside it that no build takes for its own and deletes as stale
/// (its age is the old file's): `NAME.previous`, or `NAME.previous-2`...
/// Where it cannot, it stays where it is.
fn keep_in_sight(path: &Path, hidden: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    (1..100)
        .map(|n| match n {
            1 => path.with_file_name(format!("{name}.previous")),
            n => path.with_file_name(format!("{name}.previous-{n}")),
        })
        .find(|free| std::fs::symlink_metadata(free).is_err())
        .filter(|free| std::fs::rename(hidden, free).is_ok())
        .unwrap_or_else(|| hidden.to_path_buf())
}

/// A staged file that could not be placed: why, and, where the file it was
/// to replace was moved aside already, that file, to be put back as the
/// placed ones are (or kept in sight), never dropped.
struct NotPlaced {
    error: Error,
    half_done: Option<Placed>,
}

impl From<Error> for Box<NotPlaced> {
    fn from(error: Error) -> Self {
        Box::new(NotPlaced {
            error,
            half_done: None,
        })
    }
}

/// Keeps the file at the staged file's destination under a name aside (if
/// there is one) and renames the staged file over it.
fn place(staged: Staged) -> Result<Placed, Box<NotPlaced>> {
    let Staged { temp, path, aside } = staged;
    // A name reserved but not needed (the file went away since) is deleted
    // when dropped; a file that appeared since gets a name now.
    // (A link to nothing, a share not mounted, is a file to put back too.)
    let previous = if std::fs::symlink_metadata(&path).is_ok() {
        let aside = match aside {
            Some(aside) => aside,
            None => reserve_aside(&path)?,
        };
        let kept = keep_aside(&path, &aside)
            .map_err(|err| Error::io(&path, "cannot replace the file", &err))?;
        Some((aside, kept))
    } else {
        None
    };
    if let Err(err) = temp.persist(&path) {
        let error = Error::io(&path, "cannot put the new file in place", &err.error);
        let half_done = match previous {
            // The file is still at `path`; its second name goes when dropped.
            None | Some((_, Kept::Linked)) => None,
            // Its only name is the one aside: it goes back as a placed
            // file's would, or is kept in sight.
            Some((aside, Kept::Moved)) => Some(Placed {
                path,
                previous: Some(aside),
            }),
        };
        return Err(Box::new(NotPlaced { error, half_done }));
    }
    Ok(Placed {
        path,
        previous: previous.map(|(aside, _)| aside),
    })
}

/// Gives the file at `path` the reserved name `aside` as well, so that the
/// rename that replaces it leaves it there. A rename over a file is atomic:
/// whoever opens `path` meanwhile (a web server, a copy to a share) finds
/// the old file or the new one, never none, nor does a build killed
/// between the two steps leave `path` missing. Where the file system has
/// no hard links, the file is moved aside instead, as before.
fn keep_aside(path: &Path, aside: &Path) -> std::io::Result<Kept> {
    if path.is_dir() {
        // A folder in the way is the user's, not a previous output.
        return Err(std::io::ErrorKind::IsADirectory.into());
    }
    // The reserved name is an empty file; a link needs the name free.
    std::fs::remove_file(aside)?;
    match std::fs::hard_link(path, aside) {
        Ok(()) => Ok(Kept::Linked),
        Err(_) => std::fs::rename(path, aside).map(|()| Kept::Moved),
    }
}

/// How [`keep_aside`] kept a file: under a second name, or moved to it.
enum Kept {
    Linked,
    Moved,
}

/// Reserves a free name beside `path` to keep the file at `path` under: an
/// empty file, which [`keep_aside`] replaces.
fn reserve_aside(path: &Path) -> Result<TempPath, Error> {
    let folder = path.parent().unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(ASIDE_PREFIX)
        .tempfile_in(folder)
        .map(NamedTempFile::into_temp_path)
        .map_err(|err| Error::io(folder, "cannot make a temporary file in the folder", &err))
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

/// Deletes the temporary files of ours in `folder` that a build killed
/// outright (SIGKILL, a power cut) left behind: a build that is stopped
/// by a signal it can catch removes its own (see `interrupt`). Only files
/// a day old go, since a younger one may be another build's, under way
/// (a file kept aside has the age of the file it kept; one that an error
/// named as kept says so). Best effort: a file that cannot be deleted only
/// takes room.
pub fn remove_stale(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = (name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX))
            || name.starts_with(ASIDE_PREFIX);
        let stale = || {
            entry
                .metadata()
                .is_ok_and(|meta| meta.is_file() && left_by_no_run(&meta))
        };
        if ours && stale() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a temporary file or folder of ours, by its time, is a day old:
/// left by a run killed outright, since no run under way takes a day.
pub fn left_by_no_run(meta: &std::fs::Metadata) -> bool {
    meta.modified()
        .ok()
        .and_then(|time| time.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER)
}

/// The error of creating `folder`: where a file stands in the way (the
/// folder itself or one above it), that file and what to do, rather than
/// the system's "file exists"; else the first folder that could not be
/// made (`out`, not `out/2024`, in a read-only folder).
fn folder_error(folder: &Path, err: &std::io::Error) -> Error {
    let mut ancestors = folder.ancestors().filter(|a| !a.as_os_str().is_empty());
    match ancestors.clone().find(|a| a.exists() && !a.is_dir()) {
        Some(file) => Error::Io {
            path: file.to_path_buf(),
            message: "it is a file, where a folder is needed (move or remove the file)".into(),
        },
        None => {
            let first_missing = ancestors.by_ref().take_while(|a| !a.exists()).last();
            // "It does not exist" would say nothing: it was to be made.
            let message = match err.kind() {
                std::io::ErrorKind::NotFound => "cannot make the folder".to_string(),
                _ => format!("cannot make the folder ({})", crate::load::io_reason(err)),
            };
            Error::Io {
                path: first_missing.unwrap_or(folder).to_path_buf(),
                message,
            }
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` and syncs it to disk.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, Error> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|err| folder_error(folder, &err))?;
    if path.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            message: "it is a folder, where the build writes a file (move or remove the folder)"
                .into(),
        });
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // Temporary files are private by default; the documents are for sharing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|err| Error::io(folder, "cannot make a temporary file in the folder", &err))?;
    temp.write_all(bytes)
        .map_err(|err| Error::io(path, "cannot write the file", &err))?;
    temp.as_file()
        .sync_all()
        .map_err(|err| Error::io(path, "cannot write the file to disk", &err))?;
    let aside = if std::fs::symlink_metadata(path).is_ok() {
        Some(reserve_aside(path)?)
    } else {
        None
    };
    Ok(Staged {
        temp,
        path: path.to_path_buf(),
        aside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_cannot_be_made_is_named_where_it_starts() {
        // In a read-only folder `ro`, `ro/out/2024` fails at `ro/out`.
        // (Root may write anywhere, so the error is made up here.)
        let dir = tempfile::tempdir().unwrap();
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let error = folder_error(&dir.path().join("out/2024"), &denied);
        let Error::Io { path, message } = error else {
            panic!("{error:?}");
        };
        assert_eq!(path, dir.path().join("out"));
        assert_eq!(message, "cannot make the folder (permission denied)");
        // Where the system has no place for it (`/proc/new`), not "it
        // does not exist", which it was not to.
        let error = folder_error(Path::new("/proc/new"), &std::io::ErrorKind::NotFound.into());
        assert_eq!(
            error.to_string(),
            "/proc/new: error: cannot make the folder"
        );
    }

    #[test]
    fn a_failed_write_puts_every_earlier_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        std::fs::write(&a, b"old a").unwrap();
        let blocked = dir.path().join("b.pdf");
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
        let staged = stage_all(&outputs).unwrap();
        // The second output cannot be renamed into place: a folder took its
        // path after it was staged.
        std::fs::create_dir_all(blocked.join("inside")).unwrap();
        assert!(place_all(staged).is_err());
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
    fn a_file_that_cannot_be_put_in_place_leaves_the_one_it_was_to_replace() {
        // The staged file of b.pdf is gone when its turn comes (a cleaner
        // of temporary files): the rename fails after the old b.pdf was
        // given its second name. It stays at b.pdf, with no second name
        // left behind; a.pdf goes back too.
        let dir = tempfile::tempdir().unwrap();
        let (paths, staged) = staged_over_old_a(dir.path(), ["a.pdf", "b.pdf"]);
        std::fs::write(&paths[1], b"old b").unwrap();
        std::fs::remove_file(staged[1].temp.path()).unwrap();
        let Err(err) = place_all(staged) else {
            panic!("b.pdf was placed");
        };
        assert!(
            err.to_string().contains("cannot put the new file in place"),
            "{err}"
        );
        assert_eq!(std::fs::read(&paths[0]).unwrap(), b"old a");
        assert_eq!(std::fs::read(&paths[1]).unwrap(), b"old b");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.pdf", "b.pdf"]);
    }

    /// The files `names` in `dir`, the first there as "old a", each staged
    /// to become "new".
    fn staged_over_old_a<const N: usize>(
        dir: &Path,
        names: [&str; N],
    ) -> ([PathBuf; N], Vec<Staged>) {
        let paths = names.map(|name| dir.join(name));
        std::fs::write(&paths[0], b"old a").unwrap();
        let outputs: Vec<Output> = paths
            .iter()
            .map(|path| Output {
                path: path.clone(),
                bytes: b"new".to_vec(),
            })
            .collect();
        (paths, stage_all(&outputs).unwrap())
    }

    #[test]
    fn a_stop_asked_for_while_files_are_put_in_place_puts_every_one_back() {
        // Ctrl-C once two files are in place, and while the last was placed.
        for stop_at in [3, 4] {
            let dir = tempfile::tempdir().unwrap();
            let ([a, ..], staged) =
                staged_over_old_a(dir.path(), ["a.pdf", "b.pdf", "manifest.json"]);
            let mut asked = 0;
            let result = place_every(staged, || {
                asked += 1;
                if asked >= stop_at {
                    Err(Error::Interrupted)
                } else {
                    Ok(())
                }
            });
            assert!(matches!(result, Err(Error::Interrupted)), "{result:?}");
            assert_eq!(std::fs::read(&a).unwrap(), b"old a");
            let left: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(left, ["a.pdf"], "stopped at {stop_at}");
        }
    }

    #[test]
    fn a_file_that_cannot_be_put_back_is_kept_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let (paths, staged) = staged_over_old_a(dir.path(), ["a.pdf", "b.pdf", "c.pdf"]);
        std::fs::write(&paths[1], b"old b").unwrap();
        // Once `a` and `b` are in place, folders take their names: the
        // files they replaced cannot go back there.
        let mut asked = 0;
        let result = place_every(staged, || {
            asked += 1;
            if asked == 3 {
                for path in &paths[..2] {
                    std::fs::remove_file(path).unwrap();
                    std::fs::create_dir_all(path.join("inside")).unwrap();
                }
                Err(Error::Interrupted)
            } else {
                Ok(())
            }
        });
        let Err(Error::NotPutBack { cause, files }) = result else {
            panic!("{result:?}");
        };
        assert_eq!(cause, "by Ctrl-C or a termination signal");
        // Each named, and kept where no build deletes it as stale.
        let named: Vec<(&Path, &Path)> = files
            .iter()
            .map(|file| (file.path.as_path(), file.kept.as_path()))
            .collect();
        let kept = [
            dir.path().join("a.pdf.previous"),
            dir.path().join("b.pdf.previous"),
        ];
        assert_eq!(
            named,
            [
                (paths[0].as_path(), kept[0].as_path()),
                (paths[1].as_path(), kept[1].as_path())
            ]
        );
        assert_eq!(std::fs::read(&kept[0]).unwrap(), b"old a");
        assert_eq!(std::fs::read(&kept[1]).unwrap(), b"old b");
        // (A hard link keeps the old file's age, which may be days.)
        let old = std::time::SystemTime::now() - 3 * STALE_AFTER;
        for path in &kept {
            let file = std::fs::File::options().write(true).open(path).unwrap();
            file.set_modified(old).unwrap();
        }
        remove_stale(dir.path());
        assert!(kept.iter().all(|path| path.is_file()));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_nothing_where_a_file_goes_is_put_back_too() {
        let dir = tempfile::tempdir().unwrap();
        let (paths, staged) = staged_over_old_a(dir.path(), ["a.pdf", "b.pdf"]);
        std::os::unix::fs::symlink("/mnt/not-mounted/b.pdf", &paths[1]).unwrap();
        let mut asked = 0;
        let result = place_every(staged, || {
            asked += 1;
            if asked > 2 {
                Err(Error::Interrupted)
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(Error::Interrupted)), "{result:?}");
        assert_eq!(
            std::fs::read_link(&paths[1]).unwrap(),
            Path::new("/mnt/not-mounted/b.pdf")
        );
    }

    #[test]
    fn a_folder_or_file_in_the_way_is_named_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("plan.pdf");
        std::fs::create_dir(&folder).unwrap();
        let err = stage(&folder, b"pdf").unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: error: it is a folder, where the build writes a file (move or remove the folder)",
                folder.display()
            )
        );
        let file = dir.path().join("2024");
        std::fs::write(&file, b"").unwrap();
        for path in [file.join("plan.pdf"), file.join("deeper/plan.pdf")] {
            let err = stage(&path, b"pdf").unwrap_err().to_string();
            assert_eq!(
                err,
                format!(
                    "{}: error: it is a file, where a folder is needed (move or remove the file)",
                    file.display()
                )
            );
        }
    }

    #[test]
    fn a_destination_that_comes_or_goes_after_staging_is_replaced_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.pdf");
        let new = dir.path().join("new.pdf");
        std::fs::write(&gone, b"old").unwrap();
        // Staging `gone.pdf` reserves a name for the file it replaces;
        // `new.pdf` has none to replace.
        let staged = vec![
            stage(&gone, b"gone, new").unwrap(),
            stage(&new, b"new").unwrap(),
        ];
        std::fs::remove_file(&gone).unwrap();
        std::fs::write(&new, b"appeared meanwhile").unwrap();
        let written = place_all(staged).unwrap();
        assert_eq!(written, vec![gone.clone(), new.clone()]);
        assert_eq!(std::fs::read(&gone).unwrap(), b"gone, new");
        assert_eq!(std::fs::read(&new).unwrap(), b"new");
        // Neither the unused reservation nor the previous file's second name is left.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_file_being_replaced_keeps_its_name_until_the_new_one_takes_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.pdf");
        std::fs::write(&path, b"old").unwrap();
        let aside = reserve_aside(&path).unwrap();
        // Between this step and the rename over it, whoever opens the
        // file (or finds it after a kill) finds the old one.
        keep_aside(&path, &aside).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read(&aside).unwrap(), b"old");
        // A folder in the way is not moved.
        let folder = dir.path().join("folder.pdf");
        std::fs::create_dir(&folder).unwrap();
        let aside = reserve_aside(&folder).unwrap();
        assert!(keep_aside(&folder, &aside).is_err());
        assert!(folder.is_dir());
    }

    #[test]
    fn only_our_temporary_files_of_a_day_ago_are_removed_as_stale() {
        let dir = tempfile::tempdir().unwrap();
        let two_days_ago = std::time::SystemTime::now() - 2 * STALE_AFTER;
        let make_old = |name: &str| {
            let file = std::fs::File::options()
                .write(true)
                .open(dir.path().join(name));
            file.unwrap().set_modified(two_days_ago).unwrap();
        };
        let file = |name: &str, old: bool| {
            std::fs::File::create(dir.path().join(name)).unwrap();
            if old {
                make_old(name);
            }
        };
        // Left by a build killed yesterday: a name reserved and not used,
        // a second name of a PDF still in place, and the only name of a
        // PDF replaced.
        file(".hfs-report-AbC123.tmp", true);
        file(".hfs-report-previous-XyZ789", true);
        std::fs::write(dir.path().join("plan.pdf"), "%PDF").unwrap();
        std::fs::hard_link(
            dir.path().join("plan.pdf"),
            dir.path().join(".hfs-report-previous-Lnk000"),
        )
        .unwrap();
        make_old("plan.pdf");
        std::fs::write(dir.path().join(".hfs-report-previous-Old000"), "%PDF").unwrap();
        make_old(".hfs-report-previous-Old000");
        // Another build's, under way; and files that are not ours.
        file(".hfs-report-Now456.tmp", false);
        file(".hfs-report-notes.txt", true);
        file("uppfoljning-2024-skane.pdf", true);
        std::fs::create_dir(dir.path().join(".hfs-report-folder.tmp")).unwrap();
        remove_stale(dir.path());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".hfs-report-Now456.tmp",
                ".hfs-report-folder.tmp",
                ".hfs-report-notes.txt",
                "plan.pdf",
                "uppfoljning-2024-skane.pdf"
            ]
        );
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
