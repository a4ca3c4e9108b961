//! `hfs-report watch`: build, then build again whenever a file under the
//! data folder or the templates folder changes.
//!
//! One [`Session`] serves every rebuild, so the fonts stay parsed and
//! Typst's memoised work (comemo) stays warm: a rebuild after a one-line
//! edit lays out again only what the edit changed. A build writes all its
//! files or none, so a data mistake leaves the last good PDFs in place; it
//! is reported and the watch goes on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{self, EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, new_debouncer};

use crate::build::{BuildSummary, Session, Silent, build_in};
use crate::cli::WatchArgs;
use crate::config::{BuildConfig, Verbosity, require_folder, select_years};
use crate::error::Error;
use crate::load::io_reason;
use crate::render::{Renderer, TemplateSource};

/// How long the files must be quiet before a rebuild: an editor's save is a
/// burst of events (write, rename, attributes) that should make one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// How often the watched folders are looked at when no change comes: one
/// deleted and made again sends no event the watcher can see.
const LOOK_AGAIN: Duration = Duration::from_secs(1);

/// How many rebuilds an unused memoised result survives: enough to keep the
/// work of the documents being edited, few enough to bound memory.
const CACHE_AGE: usize = 10;

/// What the watch tells `main` to print.
#[derive(Debug)]
pub enum Report<'a> {
    /// The folders are being watched.
    Watching {
        /// The folders, as the user named them.
        folders: &'a [PathBuf],
        /// What to print of each build (--quiet, --verbose).
        verbosity: Verbosity,
    },
    /// A build succeeded.
    Built {
        /// The files whose change set it off (none for the first build).
        changed: &'a [PathBuf],
        /// What it wrote.
        summary: &'a BuildSummary,
        /// How long it took.
        elapsed: Duration,
        /// The threads it typeset on.
        jobs: usize,
    },
    /// A build failed; the previous files are as they were.
    Failed {
        /// The files whose change set it off (none for the first build).
        changed: &'a [PathBuf],
        /// Why.
        error: &'a Error,
        /// How long it took to fail.
        elapsed: Duration,
    },
    /// The file watcher reported a problem; watching goes on.
    WatchProblem {
        /// What went wrong.
        message: String,
    },
    /// Ctrl-C: watching has ended.
    Stopped {
        /// Whether it stopped a build under way, which left the output
        /// folder as it was.
        a_build: bool,
    },
}

/// What reaches the watch loop.
enum Message {
    /// Debounced file events.
    Files(DebounceEventResult),
    /// Ctrl-C.
    Stop,
}

/// Builds, then rebuilds on every change until Ctrl-C; `report` prints.
pub fn run(args: WatchArgs, report: &mut dyn FnMut(Report<'_>)) -> Result<(), Error> {
    let every_year = args.build.data.year.is_none();
    let mut config = crate::cmd::build::config(args.build)?;
    let mut folders = Folders::new(&config)?;

    let (sender, messages) = mpsc::channel();
    let on_ctrl_c = sender.clone();
    // The first Ctrl-C stops the build under way where it can leave
    // nothing behind, and then the watch; a second one ends it now.
    crate::interrupt::install(move || {
        let _ = on_ctrl_c.send(Message::Stop);
    })?;
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result| {
        let _ = sender.send(Message::Files(result));
    })
    .map_err(|err| Error::Io {
        path: config.data.clone(),
        message: format!("cannot watch for changes ({})", folders.problem(&err)),
    })?;
    for folder in &folders.watched {
        debouncer
            .watch(&folder.root, RecursiveMode::Recursive)
            .map_err(|err| Error::Io {
                path: folder.shown.clone(),
                message: format!(
                    "cannot watch this folder for changes ({})",
                    folders.problem(&err)
                ),
            })?;
    }
    let shown: Vec<PathBuf> = folders.watched.iter().map(|f| f.shown.clone()).collect();
    report(Report::Watching {
        folders: &shown,
        verbosity: config.verbosity,
    });

    let mut session = Session::new(config.templates.clone());
    let mut built_once = false;
    let (first, elapsed) = build(&session, &mut config, every_year);
    let first = unless_a_slip(first, &mut built_once, &folders)?;
    let mut stopped_a_build = show(first, elapsed, config.jobs, &[], report);
    while !stopped_a_build {
        let first = match messages.recv_timeout(LOOK_AGAIN) {
            Ok(message) => Some(message),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut changed = BTreeSet::new();
        // A watched folder deleted and made again (a templates folder
        // exported anew, a data folder copied back) is a new folder, which
        // the watcher does not see: it is watched again, and rebuilt.
        changed.extend(folders.watch_again(&mut debouncer, report));
        let mut stop = false;
        let mut next = first;
        // Everything that arrived during the last build makes one rebuild.
        while let Some(message) = next {
            match message {
                Message::Stop => stop = true,
                Message::Files(Ok(events)) => {
                    changed.extend(events.iter().flat_map(|e| folders.relevant(e)));
                }
                Message::Files(Err(errors)) => {
                    for err in errors {
                        report(Report::WatchProblem {
                            message: folders.problem(&err),
                        });
                    }
                }
            }
            next = messages.try_recv().ok();
        }
        if stop {
            break;
        }
        if changed.is_empty() {
            continue;
        }
        if changed.iter().any(|path| folders.is_template(path)) {
            // The environment keeps the templates it has loaded; the fonts
            // and Typst's cache are kept. A fresh source, too: a clone
            // shares the list of templates read, for the manifest, which
            // would name one deleted since.
            session.renderer = Renderer::new(TemplateSource::folder(config.templates.dir.clone()));
        }
        let changed: BTreeSet<PathBuf> = changed.iter().map(|path| folders.show(path)).collect();
        let changed: Vec<PathBuf> = changed.into_iter().collect();
        let (result, elapsed) = build(&session, &mut config, every_year);
        let result = unless_a_slip(result, &mut built_once, &folders)?;
        stopped_a_build = show(result, elapsed, config.jobs, &changed, report);
    }
    debouncer.stop();
    folders.remove_made_out();
    report(Report::Stopped {
        a_build: stopped_a_build,
    });
    Ok(())
}

/// One build in the session, and how long it took.
fn build(
    session: &Session,
    config: &mut BuildConfig,
    every_year: bool,
) -> (Result<BuildSummary, Error>, Duration) {
    let started = Instant::now();
    let result = if every_year {
        // A year folder may have been added or removed since the last build.
        select_years(&config.data, None).map(|years| config.years = years)
    } else {
        // A year asked for whose folder is gone (moved, deleted, the data
        // folder with it) is told as `build` tells it, not as a year
        // folder without its plan, which `new-year` would make anew.
        config
            .years
            .iter()
            .try_for_each(|&year| select_years(&config.data, Some(year)).map(drop))
    };
    // A templates folder gone (exported again, a checkout under way) is
    // an error until it is back, as `build` refuses to start without it:
    // not a build with the built-in templates over the user's documents.
    let result = result.and_then(|()| match &config.templates.dir {
        Some(dir) => require_folder(dir, "the templates folder", ""),
        None => Ok(()),
    });
    let result = result.and_then(|()| build_in(session, config, &Silent));
    (result, started.elapsed())
}

/// A build's result, where it does not end the watch. Until a build has
/// succeeded, a `--region` that names no region of the plan is a slip in
/// the command, which ends the watch as it ends `build` (waiting for an
/// edit of the data would wait for ever; where the data had errors at
/// first, the regions are checked once they are fixed); once one has, it
/// comes from an edit of plan.yaml, which the next edit may undo.
fn unless_a_slip(
    result: Result<BuildSummary, Error>,
    built_once: &mut bool,
    folders: &Folders,
) -> Result<Result<BuildSummary, Error>, Error> {
    match result {
        Err(error @ Error::NoSuchRegion(_)) if !*built_once => {
            folders.remove_made_out();
            Err(error)
        }
        result => {
            *built_once |= result.is_ok();
            Ok(result)
        }
    }
}

/// Reports a build, whether it succeeded or not; `true` when Ctrl-C
/// stopped it, which the watch reports as it stops.
fn show(
    result: Result<BuildSummary, Error>,
    elapsed: Duration,
    jobs: usize,
    changed: &[PathBuf],
    report: &mut dyn FnMut(Report<'_>),
) -> bool {
    match &result {
        Ok(summary) => report(Report::Built {
            changed,
            summary,
            elapsed,
            jobs,
        }),
        // Ctrl-C: the watch stops next, and says so.
        Err(Error::Interrupted) => return true,
        Err(error) => report(Report::Failed {
            changed,
            error,
            elapsed,
        }),
    }
    comemo::evict(CACHE_AGE);
    false
}

/// The watched folders and the output folder, resolved so that the
/// watcher's absolute paths can be compared with them.
struct Folders {
    /// The data folder, and the templates folder when there is one.
    watched: Vec<Watched>,
    /// The resolved output folder, whose changes are the build's own.
    out: PathBuf,
    /// The folders the watch made for the output folder (it and those
    /// above it that were not there), the deepest first: a watch that
    /// ends with them empty removes them again, as a build that writes
    /// nothing makes none.
    made_out: Vec<PathBuf>,
}

/// A watched folder.
struct Watched {
    /// Resolved, as the watcher names what is in it.
    root: PathBuf,
    /// As the user named it.
    shown: PathBuf,
    /// Which folder it is (device and inode), or `None` while it is gone.
    id: Option<(u64, u64)>,
    /// Whether it is the templates folder (whose changes reload them).
    templates: bool,
    /// Why it could not be watched again when last tried, said once: it
    /// is tried again every second.
    said: Option<String>,
}

/// The device and inode of the folder at `path`, when there is one.
fn folder_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_dir)
        .map(|meta| (meta.dev(), meta.ino()))
}

impl Folders {
    /// Resolves the data, templates and output folders of a configuration.
    fn new(config: &BuildConfig) -> Result<Self, Error> {
        let resolve = |path: &Path| {
            path.canonicalize()
                .map_err(|err| Error::io(path, "cannot find the folder", &err))
        };
        // The output folder is created now (the build would) so that it
        // resolves like the others, symbolic links and all.
        let made_out = config
            .out
            .ancestors()
            .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(&config.out)
            .map_err(|err| Error::io(&config.out, "cannot make the folder", &err))?;
        let watched = |shown: &Path, templates: bool| -> Result<Watched, Error> {
            Ok(Watched {
                root: resolve(shown)?,
                shown: shown.to_path_buf(),
                id: folder_id(shown),
                templates,
                said: None,
            })
        };
        let mut folders = vec![watched(&config.data, false)?];
        if let Some(dir) = &config.templates.dir {
            folders.push(watched(dir, true)?);
        }
        Ok(Self {
            watched: folders,
            out: resolve(&config.out)?,
            made_out,
        })
    }

    /// Removes the folders the watch made for the output folder that are
    /// still empty (`remove_dir` takes no folder with anything in it).
    fn remove_made_out(&self) {
        for folder in &self.made_out {
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }

    /// Watches again each folder that is not the one watched any more:
    /// deleted (reported once), or deleted and made again. Returns the
    /// folders that came back (resolved), which need a rebuild.
    fn watch_again<
        W: notify_debouncer_full::notify::Watcher,
        C: notify_debouncer_full::FileIdCache,
    >(
        &mut self,
        debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
        report: &mut dyn FnMut(Report<'_>),
    ) -> Vec<PathBuf> {
        let mut back = Vec::new();
        let mut failed = Vec::new();
        for (index, folder) in self.watched.iter_mut().enumerate() {
            let now = folder_id(&folder.shown);
            if now == folder.id {
                continue;
            }
            if folder.id.is_some() {
                let _ = debouncer.unwatch(&folder.root);
            }
            folder.id = now;
            if now.is_none() {
                report(Report::WatchProblem {
                    message: format!(
                        "{} is gone; watching for it to come back",
                        folder.shown.display()
                    ),
                });
                continue;
            }
            // The name may lead elsewhere now (a link changed).
            if let Ok(root) = folder.shown.canonicalize() {
                folder.root = root;
            }
            match debouncer.watch(&folder.root, RecursiveMode::Recursive) {
                Ok(()) => {
                    folder.said = None;
                    back.push(folder.root.clone());
                }
                Err(err) => {
                    // Looked at again next time.
                    folder.id = None;
                    failed.push((index, err));
                }
            }
        }
        for (index, err) in failed {
            let message = format!(
                "cannot watch {} again ({})",
                self.watched[index].shown.display(),
                self.problem(&err)
            );
            if self.watched[index].said.as_ref() != Some(&message) {
                report(Report::WatchProblem {
                    message: message.clone(),
                });
                self.watched[index].said = Some(message);
            }
        }
        back
    }

    /// The paths of an event that should set off a rebuild: changes (not
    /// reads: notify reports files being opened, by the build too) to
    /// files outside the output folder that are not an editor's scratch
    /// files. An output folder that holds the data folder (`--out .`)
    /// leaves every change of the data relevant: the build writes beside
    /// the data then, not into it.
    fn relevant<'e>(&'e self, event: &'e DebouncedEvent) -> impl Iterator<Item = PathBuf> + 'e {
        let changes = !matches!(event.kind, EventKind::Access(_));
        let ours = |path: &Path| {
            path.starts_with(&self.out)
                && !self
                    .watched
                    .iter()
                    .any(|f| path.starts_with(&f.root) && f.root.starts_with(&self.out))
        };
        event
            .paths
            .iter()
            .filter(move |path| changes && !ours(path) && !self.scratch(path))
            .cloned()
    }

    /// Whether a path is (inside) a hidden file or folder, such as `.git/`,
    /// our own `.hfs-report-*` temporary files or an editor's `.plan.yaml.swp`,
    /// or an editor's backup, probe or autosave file (`plan.yaml~`, vim's
    /// `4913`, JetBrains' `___jb_`, Emacs' `#plan.yaml#`).
    fn scratch(&self, path: &Path) -> bool {
        let within = self
            .watched
            .iter()
            .find_map(|f| path.strip_prefix(&f.root).ok())
            .unwrap_or(path);
        let hidden = within
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        hidden
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name == "4913"
            || name.contains("___jb_")
            || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
    }

    /// Whether a changed path is a template.
    fn is_template(&self, path: &Path) -> bool {
        self.watched
            .iter()
            .any(|f| f.templates && path.starts_with(&f.root))
    }

    /// Why watching failed ([`watch_reason`]), after the paths it concerns
    /// as the user names them (`data/2024/responses: permission denied`).
    fn problem(&self, err: &notify::Error) -> String {
        let paths: Vec<String> = err
            .paths
            .iter()
            .map(|path| self.show(path).display().to_string())
            .collect();
        if paths.is_empty() {
            watch_reason(err)
        } else {
            format!("{}: {}", paths.join(", "), watch_reason(err))
        }
    }

    /// A changed path as the user would name it: under the folder they gave.
    fn show(&self, path: &Path) -> PathBuf {
        self.watched
            .iter()
            .find_map(|f| {
                path.strip_prefix(&f.root)
                    .ok()
                    .map(|rest| f.shown.join(rest))
            })
            .unwrap_or_else(|| path.to_path_buf())
    }
}

/// Why watching failed, in the words of the other I/O errors
/// ([`io_reason`]), and what to do where the system's limit is reached.
fn watch_reason(err: &notify::Error) -> String {
    match &err.kind {
        notify::ErrorKind::Io(err) => io_reason(err),
        notify::ErrorKind::PathNotFound => "it does not exist".into(),
        notify::ErrorKind::WatchNotFound => "it was not watched".into(),
        notify::ErrorKind::MaxFilesWatch => "the system's limit of watched folders is reached; \
                                             on Linux, raise fs.inotify.max_user_watches"
            .into(),
        notify::ErrorKind::Generic(text) => text.clone(),
        notify::ErrorKind::InvalidConfig(config) => format!("a setting refused ({config:?})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_error_is_told_as_the_other_io_errors_are() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            watch_reason(&notify::Error::io(denied)),
            "permission denied"
        );
        assert_eq!(
            watch_reason(&notify::Error::path_not_found()),
            "it does not exist"
        );
        assert!(
            watch_reason(&notify::Error::new(notify::ErrorKind::MaxFilesWatch))
                .ends_with("; on Linux, raise fs.inotify.max_user_watches")
        );
    }

    /// A watch of the data folder `/srv/hfs/data`, shown as `data`.
    fn data_watched() -> Folders {
        Folders {
            watched: vec![Watched {
                root: PathBuf::from("/srv/hfs/data"),
                shown: PathBuf::from("data"),
                id: None,
                templates: false,
                said: None,
            }],
            out: PathBuf::from("/srv/hfs/out"),
            made_out: Vec::new(),
        }
    }

    #[test]
    fn an_editors_scratch_files_set_off_no_build() {
        let folders = data_watched();
        let at = |name: &str| PathBuf::from("/srv/hfs/data/2024").join(name);
        for scratch in [
            ".plan.yaml.swp",
            "plan.yaml~",
            "4913",
            "plan.yaml___jb_tmp___",
            "#plan.yaml#",
            ".#plan.yaml",
        ] {
            assert!(folders.scratch(&at(scratch)), "{scratch}");
        }
        for file in ["plan.yaml", "#1.csv", "svar#.csv", "responses/skane.csv"] {
            assert!(!folders.scratch(&at(file)), "{file}");
        }
    }

    #[test]
    fn a_watch_error_names_the_folders_it_concerns_as_the_user_does() {
        let folders = data_watched();
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let err = notify::Error::io(denied).add_path(PathBuf::from("/srv/hfs/data/2024/responses"));
        assert_eq!(
            folders.problem(&err),
            "data/2024/responses: permission denied"
        );
    }
}
