//! Ctrl-C, and the termination a scheduler or service manager sends
//! (SIGTERM, SIGHUP): a command that writes stops at its next safe point
//! and removes what it had begun, instead of dying with temporary files
//! left in the output folder.
//!
//! The first signal only asks (see [`requested`]); a second one ends the
//! process at once, for a user who will not wait.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Error;

/// Whether a stop has been asked for.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Catches the signals for the rest of the process; `then` runs on the
/// first signal, once the stop is asked for (`watch` wakes its loop with
/// it). Called once, by the command that writes.
pub fn install(then: impl Fn() + Send + 'static) -> Result<(), Error> {
    ctrlc::set_handler(move || {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            // The second signal: the user will not wait.
            std::process::exit(130);
        }
        then();
    })
    .map_err(|err| Error::Usage(format!("cannot catch Ctrl-C ({err})")))
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
