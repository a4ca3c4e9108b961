//! `hfs-report completions SHELL`: a completion script generated from the
//! clap definitions, so that it always knows every command and flag.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

/// The completion script for the shell asked for.
pub fn run(args: &CompletionsArgs) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "hfs-report", &mut script);
    script
}
