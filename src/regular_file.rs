//! Reading a file only where it is a regular file. A named pipe where a
//! file belongs (in the data, the templates or the output folder) keeps an
//! ordinary open waiting for a writer for ever, in a nightly build too, and
//! a Ctrl-C or SIGTERM cannot end that wait: the build only checks for
//! them between its steps. Opened without waiting, a pipe, socket or
//! device is told from a file before anything is read from it.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// What [`open`] and [`read`] give for something that is not a regular
/// file; [`is_not_regular`] tells it.
#[derive(Debug)]
struct NotRegular;

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a regular file (a named pipe, socket or device)")
    }
}

impl std::error::Error for NotRegular {}

/// Opens `path` for reading if it is a regular file (or a link to one).
pub fn open(path: impl AsRef<Path>) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Without it, opening a pipe waits for a writer. Reading a regular
        // file is the same with it.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let path = path.as_ref();
    let not_regular = || io::Error::new(io::ErrorKind::InvalidInput, NotRegular);
    let is_special = || std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir());
    let file = match options.open(path) {
        Ok(file) => file,
        // A regular file that a lease holds (Samba's oplocks, an NFS
        // server's delegations) refuses an open that will not wait: it
        // is opened as before, waiting for the lease to be broken.
        Err(err) if err.kind() == io::ErrorKind::WouldBlock && !is_special() => File::open(path)?,
        // A socket does not open at all ("no such device or address").
        Err(_) if is_special() => return Err(not_regular()),
        Err(err) => return Err(err),
    };
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        Ok(file)
    } else if kind.is_dir() {
        // As reading a folder fails.
        Err(io::ErrorKind::IsADirectory.into())
    } else {
        Err(not_regular())
    }
}

/// The whole of `path`, if it is a regular file (see [`open`]).
pub fn read(path: impl AsRef<Path>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether an error of [`open`] or [`read`] says that the path is there
/// but no regular file.
pub fn is_not_regular(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<NotRegular>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_and_refuses_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "hej").unwrap();
        assert_eq!(read(&path).unwrap(), b"hej");
        let err = read(dir.path()).unwrap_err();
        assert!(!is_not_regular(&err));
        assert_ne!(err.kind(), io::ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("manifest.json");
        let status = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(status.success());
        // Would wait for a writer for ever before.
        let err = read(&pipe).unwrap_err();
        assert!(is_not_regular(&err), "{err}");
        let socket = dir.path().join("plan.yaml");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        assert!(is_not_regular(&read(&socket).unwrap_err()));
    }
}
