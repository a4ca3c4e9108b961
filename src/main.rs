//! The `hfs-report` binary: parse arguments, dispatch, print errors once,
//! return the exit status of SPEC section 5.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use hfs_report::cli::{Cli, Command, TemplatesCommand};
use hfs_report::cmd;
use hfs_report::config::Verbosity;
use hfs_report::diag::{Diagnostic, Diagnostics, Style};
use hfs_report::error::Error;
use hfs_report::interrupt;

/// Typst allocates and frees many small objects per document; mimalloc
/// serves them faster than glibc's allocator and, unlike glibc, keeps freed
/// pages for reuse instead of faulting fresh ones in for every document.
/// It is built without transparent huge pages (feature `no_thp`): they
/// made back-to-back builds faster, but on virtual machines that hand free
/// memory back to their host (as the development machines do) a huge page
/// that has been free for a few seconds takes 7 ms to fault in, so a
/// build after a pause got slower (the 2024 set 500-635 ms against
/// 297-381 ms); big builds were slower too (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: the 16th option of `mi_option_e` in
/// mimalloc 3's `mimalloc.h` (libmimalloc-sys names only the stable ones;
/// a test checks the index by its documented default).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the pages that Typst frees for reuse instead of handing them back
/// to the system a second later: each hand-back is a system call that
/// flushes the other core's address translations, and the pages are then
/// faulted in again for the next document. Measured on the 2024 build:
/// 313 madvise calls fewer and 2-5 % less wall time. The memory goes back
/// to the system when the process ends; `watch` keeps its peak meanwhile.
fn keep_freed_pages() {
    // SAFETY: mi_option_set only stores a number; it runs first thing in
    // main, before any other thread exists, as mimalloc asks.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// Runs the command asked for and exits with the code the SPEC gives its outcome.
fn main() -> ExitCode {
    keep_freed_pages();
    let cli = Cli::parse();
    // A panic is a bug in hfs-report, never the user's fault: say so in two
    // lines (no Rust backtrace), once even when several threads panic, and
    // exit 3.
    std::panic::set_hook(Box::new(|info| {
        static REPORTED: AtomicBool = AtomicBool::new(false);
        if REPORTED.swap(true, Ordering::SeqCst) {
            return;
        }
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error in hfs-report: {payload}{place}");
        eprintln!(
            "hint: this is a bug in hfs-report, not in your data; please report it with the command and the data that caused it"
        );
    }));
    // --quiet prints errors only, also when a build fails on its data.
    let quiet = matches!(&cli.command, Command::Build(args) if args.quiet);
    // check never writes: "nothing was written" would only suggest it might.
    let writes = !matches!(&cli.command, Command::Check(_));
    // A build that fails to write puts back what it had replaced.
    let builds = matches!(&cli.command, Command::Build(_));
    let outcome = std::panic::catch_unwind(|| {
        // Lets the test suite see what a panic looks like to a user.
        if std::env::var_os("HFS_REPORT_PANIC_FOR_TEST").is_some() {
            panic!("a panic asked for by a test");
        }
        run(cli)
    });
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            let mut stderr = diagnostic_stream();
            match &err {
                Error::Data(diagnostics) => {
                    let errors = emit_data_errors(&mut stderr, diagnostics, quiet);
                    let _ = writeln!(
                        stderr,
                        "{errors} found{}",
                        if writes { "; nothing was written" } else { "" }
                    );
                }
                // Templates and the typesetter run before anything is
                // written, and a stop is taken only before it.
                Error::Render { .. } | Error::Typeset { .. } | Error::Interrupted => {
                    let _ = writeln!(stderr, "{err}");
                    if !quiet {
                        emit_warnings(&mut stderr, err.warnings());
                    }
                    let _ = writeln!(
                        stderr,
                        "nothing was written; the files already there are as they were"
                    );
                }
                Error::Io { .. } if builds => {
                    let _ = writeln!(stderr, "{err}");
                    let _ = writeln!(
                        stderr,
                        "nothing was written; the files already there are as they were"
                    );
                }
                _ => {
                    let _ = writeln!(stderr, "{err}");
                }
            }
            let _ = stderr.flush();
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(3))
        }
        Err(_) => ExitCode::from(3),
    }
}

/// Standard error, in colour when it is a terminal that takes colour.
fn diagnostic_stream() -> StandardStream {
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(choice)
}

/// Prints the data's problems (without the warnings when `quiet`) and
/// returns how many errors they hold: "1 error", "3 errors".
fn emit_data_errors(stderr: &mut StandardStream, diagnostics: &Diagnostics, quiet: bool) -> String {
    let mut diagnostics = diagnostics.clone();
    if quiet {
        diagnostics.take_warnings();
    }
    let _ = diagnostics.emit(stderr, diagnostic_style());
    let count = diagnostics.error_count();
    format!("{count} error{}", if count == 1 { "" } else { "s" })
}

/// Source excerpts on a terminal, one plain line each otherwise.
fn diagnostic_style() -> Style {
    if std::io::stderr().is_terminal() {
        Style::Rich
    } else {
        Style::Plain
    }
}

/// Runs the command and prints its outcome.
fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => {
            interrupt::install(|| {})?;
            let quiet = args.quiet;
            let summary = cmd::build::run(args)?;
            // --quiet prints errors only, for a job that mails what it prints.
            if !quiet {
                print_warnings(&summary.warnings);
            }
            Ok(())
        }
        Command::Check(args) => {
            let checked = cmd::check::run(args)?;
            print_warnings(&checked.warnings);
            let _ = writeln!(
                std::io::stdout(),
                "checked {}: no errors",
                checked.years_checked()
            );
            Ok(())
        }
        Command::NewYear(args) => {
            interrupt::install(|| {})?;
            let created = cmd::new_year::run(args, |data| {
                eprintln!(
                    "waiting for another hfs-report new-year in {} to finish",
                    data.display()
                );
            })?;
            print_warnings(&created.warnings);
            print_new_year(&created);
            Ok(())
        }
        Command::Watch(args) => {
            let mut printer = WatchPrinter::default();
            cmd::watch::run(args, &mut |report| printer.print(report))
        }
        Command::Templates(TemplatesCommand::Export(args)) => {
            let exported = cmd::templates::export(args)?;
            print_exported(&exported);
            Ok(())
        }
        Command::Completions(args) => {
            let _ = std::io::stdout().write_all(&cmd::completions::run(&args));
            Ok(())
        }
    }
}

/// Tells what `new-year` made and what to do next.
fn print_new_year(created: &cmd::new_year::NewYear) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "created {} from {} (year {}, status: draft, no approved_on)",
        created.plan.display(),
        created.from.display(),
        created.year
    );
    if let Some(logo) = &created.logo {
        let _ = writeln!(out, "copied the logo to {}", logo.display());
    }
    if !created.old_year_lines.is_empty() {
        let lines: Vec<String> = created
            .old_year_lines
            .iter()
            .map(usize::to_string)
            .collect();
        let _ = writeln!(
            out,
            "{} still appears on line{} {} of {}",
            created.from_year,
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", "),
            created.plan.display()
        );
    }
    let _ = writeln!(
        out,
        "next: edit the texts, focus areas, activities and indicators, then run {}",
        created.check_command
    );
}

/// What the watch prints, and what it has printed: the warnings last
/// shown, so that each build's are printed only when they differ, and
/// whether the last build failed, so that the next good one says so.
#[derive(Default)]
struct WatchPrinter {
    verbosity: Verbosity,
    shown_warnings: String,
    failed: bool,
}

impl WatchPrinter {
    /// Prints one line per watch event; a failed build's errors as `build`
    /// prints them, and warnings only when they differ from the last ones
    /// shown. With --quiet only errors, with --verbose each build's stages.
    fn print(&mut self, report: cmd::watch::Report<'_>) {
        use cmd::watch::Report;
        let quiet = self.verbosity == Verbosity::Quiet;
        let changed = |paths: &[std::path::PathBuf]| match paths {
            [] => String::new(),
            [one] => format!("{} changed: ", one.display()),
            [one, rest @ ..] => format!("{} and {} more changed: ", one.display(), rest.len()),
        };
        match report {
            Report::Watching { folders, verbosity } => {
                self.verbosity = verbosity;
                if verbosity == Verbosity::Quiet {
                    return;
                }
                let folders: Vec<String> =
                    folders.iter().map(|f| f.display().to_string()).collect();
                let _ = writeln!(
                    std::io::stdout(),
                    "watching {} for changes (Ctrl-C to stop)",
                    folders.join(" and ")
                );
            }
            Report::Built { .. } | Report::Stopped { .. } if quiet => self.failed = false,
            Report::Built {
                changed: paths,
                summary,
                elapsed,
                jobs,
            } => {
                // A fix that brings the data back to the last good build
                // builds nothing: "built 0 documents" alone would not say
                // that the errors are gone.
                let fixed = if std::mem::take(&mut self.failed) {
                    "no errors now; "
                } else {
                    ""
                };
                let warnings = summary.warnings.to_string();
                if warnings != self.shown_warnings {
                    print_warnings(&summary.warnings);
                    self.shown_warnings = warnings;
                }
                let pdfs: Vec<String> = summary
                    .written
                    .iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                    .map(|p| p.display().to_string())
                    .collect();
                let mut out = std::io::stdout().lock();
                let _ = writeln!(
                    out,
                    "{}{fixed}{} in {} ms{}",
                    changed(paths),
                    summary.counts(),
                    elapsed.as_millis(),
                    if (1..=3).contains(&pdfs.len()) {
                        format!(": {}", pdfs.join(", "))
                    } else {
                        String::new()
                    }
                );
                if self.verbosity == Verbosity::Verbose {
                    cmd::build::print_stages(&mut out, &summary.stages, jobs);
                }
            }
            Report::Failed {
                changed: paths,
                error,
                elapsed,
            } => {
                self.failed = true;
                let mut stderr = diagnostic_stream();
                let what = match error {
                    Error::Data(diagnostics) => {
                        // Warnings shown already (the CSV files' encoding)
                        // are not said again at every error; new ones are,
                        // before the errors.
                        let mut errors = diagnostics.clone();
                        let warnings = errors.take_warnings();
                        let said = warnings.to_string();
                        if !quiet && said != self.shown_warnings {
                            let _ = warnings.emit(&mut stderr, diagnostic_style());
                            self.shown_warnings = said;
                        }
                        emit_data_errors(&mut stderr, &errors, quiet)
                    }
                    _ => {
                        let _ = writeln!(stderr, "{error}");
                        if !quiet {
                            emit_warnings(&mut stderr, error.warnings());
                        }
                        // One error, as a data error of one is counted.
                        "1 error".to_string()
                    }
                };
                let _ = writeln!(
                    stderr,
                    "{}{what} after {} ms; nothing was written (what was there stays), watching for the fix",
                    changed(paths),
                    elapsed.as_millis()
                );
                let _ = stderr.flush();
            }
            Report::WatchProblem { message } => {
                let _ = writeln!(std::io::stderr(), "warning: watching files: {message}");
            }
            Report::Stopped { a_build } => {
                let _ = writeln!(
                    std::io::stdout(),
                    "stopped watching{}",
                    if a_build {
                        "; the build under way was stopped, and the files already there are as \
                         they were"
                    } else {
                        ""
                    }
                );
            }
        }
    }
}

/// Lists the templates written and how to use them.
fn print_exported(exported: &cmd::templates::Exported) {
    let mut out = std::io::stdout().lock();
    for path in &exported.written {
        let _ = writeln!(out, "wrote {}", path.display());
    }
    let dir = exported.dir.display();
    let _ = writeln!(
        out,
        "edit them (colours, fonts and the cover are in {dir}/hfs-style.typ), delete the ones you keep as they are, \
         and build with: hfs-report build --templates {dir}"
    );
}

/// Prints the warnings that came with a failed build's error.
fn emit_warnings(stderr: &mut StandardStream, warnings: &[Diagnostic]) {
    let warnings: Diagnostics = warnings.iter().cloned().collect();
    let _ = warnings.emit(stderr, diagnostic_style());
}

/// Prints warnings to standard error.
fn print_warnings(warnings: &Diagnostics) {
    if !warnings.is_empty() {
        let mut stderr = diagnostic_stream();
        let _ = warnings.emit(&mut stderr, diagnostic_style());
        let _ = stderr.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_has_its_documented_default() {
        // 1000 ms is mi_option_purge_delay's default in mimalloc 3; no
        // neighbouring option has it.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
