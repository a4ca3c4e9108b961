//! `hfs-report templates export DIR`: the built-in templates written out as
//! files, the starting point of a network's own look (`--templates DIR`).

use std::path::PathBuf;

use crate::cli::ExportArgs;
use crate::error::Error;
use crate::render::TemplateSource;
use crate::write::{Output, write_all};

/// What `templates export` wrote.
#[derive(Debug)]
pub struct Exported {
    /// The folder written into.
    pub dir: PathBuf,
    /// Every template file written.
    pub written: Vec<PathBuf>,
}

/// Writes every embedded template into the folder; without `--force`,
/// refuses (writing nothing) when any of them is already there.
pub fn export(args: ExportArgs) -> Result<Exported, Error> {
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file, expected a folder to write the templates into",
            args.dir.display()
        )));
    }
    let outputs: Vec<Output> = TemplateSource::exported()
        .map(|(name, text)| Output {
            path: args.dir.join(name),
            bytes: text.into_bytes(),
        })
        .collect();
    let existing: Vec<String> = outputs
        .iter()
        // (A link to nothing is there too: `exists` follows links.)
        .filter(|output| output.path.symlink_metadata().is_ok())
        .map(|output| output.path.display().to_string())
        .collect();
    if !args.force
        && let [first, rest @ ..] = existing.as_slice()
    {
        let found = if rest.is_empty() {
            format!("{first} already exists")
        } else {
            format!("{first} and {} more already exist", rest.len())
        };
        return Err(Error::Usage(format!(
            "{found} (templates export never overwrites your templates; \
             add --force to replace them with the built-in ones, or export into a new folder \
             and copy from it the ones you need, to keep your changes)"
        )));
    }
    // All files or none: each is staged and renamed into place at the end.
    let written = write_all(&outputs)?;
    Ok(Exported {
        dir: args.dir,
        written,
    })
}
