//! The application's errors as values, each with its exit status.

use std::fmt;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::RenderError;
use crate::typeset::TypesetError;

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The data is wrong: every problem found (exit 1).
    Data(Diagnostics),
    /// The command line or the environment asks for something impossible (exit 2).
    Usage(String),
    /// A `--region` names no region of a year's plan (exit 2, as a usage
    /// error): a slip in the command, or an edit of plan.yaml, which
    /// `watch` tells apart by whether it has built the region before.
    NoSuchRegion(String),
    /// The system refused what every build needs: threads, a handler for
    /// Ctrl-C (exit 3, as a failure of the machine, not of the usage).
    System(String),
    /// A template failed (exit 3). `warnings` are those about the
    /// templates folder, which may be why (a file misnamed, so the
    /// built-in one was used): printed after the error, as warnings.
    Render {
        error: RenderError,
        warnings: Vec<Diagnostic>,
    },
    /// The typesetter failed (exit 3); `warnings` as for `Render`.
    Typeset {
        error: TypesetError,
        warnings: Vec<Diagnostic>,
    },
    /// A file could not be written or read outside the data (exit 3).
    Io { path: PathBuf, message: String },
    /// Ctrl-C or a termination signal stopped the command before it wrote
    /// anything (exit 3).
    Interrupted,
    /// A build stopped while it put its files in place (`cause`), and files
    /// it had replaced could not be put back (exit 3): the folder is not as
    /// it was.
    NotPutBack {
        cause: String,
        files: Vec<crate::write::NotPutBack>,
    },
}

impl Error {
    /// The process exit status that SPEC section 5 assigns to this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Data(_) => 1,
            Error::Usage(_) | Error::NoSuchRegion(_) => 2,
            Error::System(_)
            | Error::Render { .. }
            | Error::Typeset { .. }
            | Error::Io { .. }
            | Error::Interrupted
            | Error::NotPutBack { .. } => 3,
        }
    }

    /// Why a build stopped, in a few words, for a message about what it
    /// then did.
    pub fn reason(&self) -> String {
        match self {
            Error::Interrupted => "by Ctrl-C or a termination signal".to_string(),
            Error::Io { path, message } => format!("{}: {message}", path.display()),
            other => other.to_string().trim_start_matches("error: ").to_string(),
        }
    }

    /// The warnings that came with the error, which it does not print:
    /// the data's are among its problems.
    pub fn warnings(&self) -> &[Diagnostic] {
        match self {
            Error::Render { warnings, .. } | Error::Typeset { warnings, .. } => warnings,
            _ => &[],
        }
    }

    /// An I/O error on a path: what could not be done ("cannot write the
    /// file") and why ("permission denied"), so that whoever runs the
    /// build knows which of its steps the system refused.
    pub fn io(path: impl Into<PathBuf>, doing: &str, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            message: format!("{doing} ({})", crate::load::io_reason(err)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data(diagnostics) => write!(f, "{diagnostics}"),
            Error::Usage(message) | Error::NoSuchRegion(message) | Error::System(message) => {
                write!(f, "error: {message}")
            }
            Error::Render { error, .. } => write!(f, "{error}"),
            Error::Typeset { error, .. } => write!(f, "error: {error}"),
            Error::Io { path, message } => write!(f, "{}: error: {message}", path.display()),
            Error::Interrupted => write!(f, "error: stopped by Ctrl-C or a termination signal"),
            Error::NotPutBack { cause, files } => {
                for (i, file) in files.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    // A file of the hidden name a killed build leaves is
                    // deleted by a later build once a day old, by its
                    // time, which is that of the file it kept.
                    let hidden = file
                        .kept
                        .file_name()
                        .is_some_and(|name| name.to_string_lossy().starts_with('.'));
                    write!(
                        f,
                        "{}: error: the build stopped ({cause}), and this file could not be put \
                         back as it was ({}); the file it replaced is kept as {}{}",
                        file.path.display(),
                        file.reason,
                        file.kept.display(),
                        if hidden {
                            " (move it elsewhere before the next build to keep it: a build \
                             deletes such a file)"
                        } else {
                            ""
                        }
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl From<RenderError> for Error {
    fn from(error: RenderError) -> Self {
        Error::Render {
            error,
            warnings: Vec::new(),
        }
    }
}

impl From<TypesetError> for Error {
    fn from(error: TypesetError) -> Self {
        Error::Typeset {
            error,
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::NotPutBack;

    #[test]
    fn a_file_kept_under_a_hidden_name_is_told_to_be_moved() {
        // A build deletes a hidden file of ours once a day old, as a
        // killed build's leftover: only NAME.previous is kept for good.
        let error = Error::NotPutBack {
            cause: "by Ctrl-C or a termination signal".into(),
            files: ["a.pdf.previous", ".hfs-report-previous-7CrvPm"]
                .map(|kept| NotPutBack {
                    path: PathBuf::from("out/2024/a.pdf"),
                    reason: "resource busy".into(),
                    kept: PathBuf::from("out/2024").join(kept),
                })
                .into(),
        };
        assert_eq!(
            error.to_string(),
            "out/2024/a.pdf: error: the build stopped (by Ctrl-C or a termination signal), and \
             this file could not be put back as it was (resource busy); the file it replaced is \
             kept as out/2024/a.pdf.previous\n\
             out/2024/a.pdf: error: the build stopped (by Ctrl-C or a termination signal), and \
             this file could not be put back as it was (resource busy); the file it replaced is \
             kept as out/2024/.hfs-report-previous-7CrvPm (move it elsewhere before the next \
             build to keep it: a build deletes such a file)"
        );
    }
}
