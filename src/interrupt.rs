//! Ctrl-C, and the termination a scheduler or service manager sends
//! (SIGTERM, SIGHUP): a command that writes stops at its next safe point
//! and removes what it had begun, instead of dying with temporary files
//! left in the output folder.
//!
//! The first signal only asks (see [`requested`]); a second one, a moment
//! later, ends the process at once, for a user who will not wait. Signals
//! that come together are one request: `timeout` signals the build and
//! then its whole process group, and a terminal's Ctrl-C reaches every
//! process of a pipeline.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::Error;

/// Whether a stop has been asked for.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// When the first signal came.
static FIRST: OnceLock<Instant> = OnceLock::new();

/// Whether files are being put in place (or back): see [`hold`].
static HOLDING: AtomicBool = AtomicBool::new(false);

/// How long after the first signal another one is taken for the same
/// request. A build stops at its next safe point well within it.
const TOGETHER: Duration = Duration::from_secs(1);

/// Catches the signals for the rest of the process; `then` runs on the
/// first signal, once the stop is asked for (`watch` wakes its loop with
/// it). Called once, by the command that writes.
pub fn install(then: impl Fn() + Send + 'static) -> Result<(), Error> {
    ctrlc::set_handler(move || {
        let now = Instant::now();
        let together = FIRST
            .get()
            .is_some_and(|first| now.duration_since(*first) < TOGETHER);
        if FIRST.set(now).is_ok() {
            REQUESTED.store(true, Ordering::SeqCst);
            then();
        } else if together {
            // The same request (`timeout` signals twice).
        } else if HOLDING.load(Ordering::SeqCst) {
            // Stopping now would leave some files new and some old.
            eprintln!("putting the files already replaced back as they were; a moment");
        } else {
            // A second request: the user will not wait. What was staged
            // stays until a later build removes it as stale.
            eprintln!(
                "error: stopped at once by a second Ctrl-C or termination signal; \
                 temporary files named .hfs-report-* may be left in the output folder"
            );
            std::process::exit(3);
        }
    })
    .map_err(|err| Error::System(format!("cannot catch Ctrl-C ({err})")))
}

/// Whether a stop has been asked for: a command checks at each point where
/// it can stop and leave nothing behind.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// `Err(Error::Interrupted)` if a stop has been asked for.
pub fn check() -> Result<(), Error> {
    if requested() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Keeps a second signal from ending the process at once while the
/// returned guard lives: while a build puts its files in place, or, asked
/// to stop, puts back those it had replaced. That takes a moment; ended
/// half-way, it would leave the folder's files part new and part old, and
/// its manifest describing neither.
pub fn hold() -> Hold {
    HOLDING.store(true, Ordering::SeqCst);
    Hold(())
}

/// See [`hold`].
#[must_use = "the hold ends when the guard is dropped"]
pub struct Hold(());

impl Drop for Hold {
    fn drop(&mut self) {
        HOLDING.store(false, Ordering::SeqCst);
    }
}
