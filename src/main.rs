//! The `hfs-report` binary: parse arguments, dispatch, print errors once,
//! return the exit status of SPEC section 5.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use hfs_report::cli::{Cli, Command};
use hfs_report::cmd;
use hfs_report::diag::Diagnostics;
use hfs_report::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug in hfs-report, never the user's fault: say so, exit 3.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in hfs-report ({info})");
        eprintln!(
            "hint: this is a bug; please report it with the command and the data that caused it"
        );
    }));
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            eprint!("{err}");
            if !matches!(err, Error::Data(_)) {
                eprintln!();
            }
            if let Error::Data(diagnostics) = &err {
                let count = diagnostics.sorted().iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "{count} error{} found; nothing was written",
                    if count == 1 { "" } else { "s" }
                );
            }
            ExitCode::from(err.exit_code() as u8)
        }
        Err(_) => ExitCode::from(3),
    }
}

/// Runs the command and prints its outcome.
fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => {
            let summary = cmd::build::run(args)?;
            print_warnings(&summary.warnings);
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for path in summary
                .written
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            {
                let _ = writeln!(out, "wrote {}", path.display());
            }
            let _ = writeln!(
                out,
                "built {} document{} in {:.2} s",
                summary.documents,
                if summary.documents == 1 { "" } else { "s" },
                summary.elapsed.as_secs_f64()
            );
            Ok(())
        }
        Command::Check(args) => {
            let (years, warnings) = cmd::check::run(args)?;
            print_warnings(&warnings);
            let years: Vec<String> = years.iter().map(i32::to_string).collect();
            println!("checked {}: no errors", years.join(", "));
            Ok(())
        }
    }
}

/// Prints warnings to standard error.
fn print_warnings(warnings: &Diagnostics) {
    if !warnings.is_empty() {
        eprint!("{warnings}");
    }
}
