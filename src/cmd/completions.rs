//! `hfs-report completions SHELL`: a completion script generated from the
//! clap definitions, so that it always knows every command and flag.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs};

/// The completion script for the shell asked for.
pub fn run(args: &CompletionsArgs) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "hfs-report", &mut script);
    if args.shell == Shell::Bash {
        script = with_bash_states_agreeing(&script);
    }
    script
}

/// clap_complete (4.6.11 and 4.6.12) spells the state of a subcommand one
/// way where bash walks the words (`hfs__report__subcmd__build`) and
/// another in the `case` that completes it (`hfs__subcmd__report__subcmd__build`)
/// when the program's name has a hyphen, so that nothing after a
/// subcommand completed (clap-rs/clap#6421). The second spelling is made
/// the first; no other text of the script has it.
fn with_bash_states_agreeing(script: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(script)
        .replace("hfs__subcmd__report", "hfs__report")
        .into_bytes()
}
