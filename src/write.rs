//! Writing outputs all-or-nothing: every file goes to a temporary file in its
//! own folder first, and only when all of them are complete are they renamed
//! into place, so a failed build leaves the previous files as they were.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    let mut staged = Vec::with_capacity(outputs.len());
    for output in outputs {
        staged.push((stage(output)?, &output.path));
    }
    let mut written = Vec::with_capacity(staged.len());
    for (temp, path) in staged {
        temp.persist(path)
            .map_err(|err| Error::io(path, &err.error))?;
        written.push(path.clone());
    }
    Ok(written)
}

/// Writes one output to a temporary file beside its destination.
fn stage(output: &Output) -> Result<NamedTempFile, Error> {
    let folder = output.path.parent().unwrap_or(Path::new("."));
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
    temp.write_all(&output.bytes)
        .map_err(|err| Error::io(&output.path, &err))?;
    temp.as_file()
        .sync_all()
        .map_err(|err| Error::io(&output.path, &err))?;
    Ok(temp)
}
