//! Every command-line flag, defined once with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Builds the action plan and the follow-up reports of the HFS network.
#[derive(Debug, Parser)]
#[command(name = "hfs-report", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the PDFs of one or every year.
    ///
    /// Example: hfs-report build --year 2024 --only plan
    Build(BuildArgs),
    /// Validate the data of one or every year and write nothing.
    ///
    /// Example: hfs-report check --year 2024
    Check(CheckArgs),
}

/// Where the data is and which years to take.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The data folder, holding one folder per year.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
    /// Only this year (default: every year folder in the data folder).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
}

/// `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArgs,
    /// The output folder; documents go to OUT/YEAR/.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Only this region's follow-up report (repeatable).
    #[arg(long = "region", value_name = "ID")]
    pub regions: Vec<String>,
    /// Only the plan, or only the follow-up reports.
    #[arg(long, value_enum)]
    pub only: Option<OnlyArg>,
    /// Also write the Typst source of each PDF and the files it needs.
    #[arg(long, value_enum)]
    pub emit: Option<EmitArg>,
    /// A folder of templates that replaces the built-in ones file by file.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Worker threads for typesetting (default: all cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `--only`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnlyArg {
    /// The annual plan.
    Plan,
    /// The follow-up reports.
    Followup,
}

/// `--emit`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EmitArg {
    /// The Typst sources and assets, compilable with the typst CLI.
    Typst,
}
