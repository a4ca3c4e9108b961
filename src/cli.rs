//! Every command-line flag, defined once with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Builds the action plan and the follow-up reports of the HFS network.
#[derive(Debug, Parser)]
#[command(
    name = "hfs-report",
    version,
    about,
    long_about = "Builds the HFS network's annual action plan (verksamhetsplan) and its \
                  follow-up reports (uppföljning) as PDF from the YAML and CSV files in \
                  the data folder (data/<year>/plan.yaml, data/<year>/responses/*.csv).",
    after_help = CLI_EXAMPLES
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The examples under `hfs-report --help`: a year's work in order.
const CLI_EXAMPLES: &str = "\
Examples:
  hfs-report new-year 2025                  start 2025's plan from the latest year
  hfs-report check --year 2025              list every mistake in the 2025 data
  hfs-report watch --year 2025 --only plan  rebuild the plan on every save
  hfs-report build                          build every document of every year into out/

Exit status: 0 done (warnings may have been printed), 1 the data is wrong (every
problem is listed), 2 wrong usage, 3 anything else (a template or the typesetter
failed, a file could not be written).

Run 'hfs-report COMMAND --help' for a command's flags and examples.";

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the PDFs of one or every year.
    ///
    /// Writes OUT/YEAR/verksamhetsplan-YEAR.pdf, and when the year has CSV
    /// answers one follow-up report per region and one for the network. A
    /// build that fails writes nothing and leaves the previous PDFs in place.
    #[command(after_help = "\
Examples:
  hfs-report build                                  every document of every year
  hfs-report build --year 2024 --only plan          only the 2024 plan
  hfs-report build --year 2024 --region gavleborg   only Gävleborg's follow-up report
  hfs-report build --templates my-templates         with your own look (see 'templates export')")]
    Build(BuildArgs),
    /// Validate the data of one or every year and write nothing.
    ///
    /// Every problem is listed as FILE:LINE:COLUMN: error: MESSAGE; the exit
    /// status is 1 when there is any.
    #[command(after_help = "\
Examples:
  hfs-report check                 every year under data/
  hfs-report check --year 2024     only 2024 (and 2023, for its previous-year values)")]
    Check(CheckArgs),
    /// Start next year's plan from the latest year's.
    ///
    /// Copies plan.yaml (and the logo it names) into a new year folder, with
    /// the year changed, `status: draft` and no `approved_on`; comments, key
    /// order and every text are kept for you to edit. No follow-up data is
    /// copied. An existing year folder is never touched.
    #[command(after_help = "\
Examples:
  hfs-report new-year 2025                 data/2025/ from the latest year folder
  hfs-report new-year 2025 --from 2023     data/2025/ from data/2023/")]
    NewYear(NewYearArgs),
    /// Build, then rebuild whenever a data or template file changes.
    ///
    /// Keep the PDF open beside the editor: every save rebuilds it in a
    /// fraction of a second. A mistake in the data is printed and the last
    /// good PDFs stay in place; fix it and save again. Files in the output
    /// folder are not watched. Ctrl-C stops watching.
    #[command(after_help = "\
Examples:
  hfs-report watch --year 2025 --only plan                 the plan, while you edit it
  hfs-report watch --year 2024 --region gavleborg          one region's follow-up report
  hfs-report watch --year 2024 --templates my-templates    while you restyle")]
    Watch(WatchArgs),
    /// Work with the templates that give the documents their look and wording.
    #[command(
        subcommand,
        after_help = "\
Examples:
  hfs-report templates export my-templates   write the built-in templates to edit
  hfs-report build --templates my-templates  build with the edited ones"
    )]
    Templates(TemplatesCommand),
    /// Print a shell completion script.
    ///
    /// Load it in the shell's start-up file so that TAB completes commands
    /// and flags.
    #[command(after_help = "\
Examples:
  bash:  hfs-report completions bash > ~/.local/share/bash-completion/completions/hfs-report
  zsh:   hfs-report completions zsh > ~/.zfunc/_hfs-report   (with ~/.zfunc in fpath)
  fish:  hfs-report completions fish > ~/.config/fish/completions/hfs-report.fish
  PowerShell:  hfs-report completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
}

/// Where the data is and which years to take.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The data folder, holding one folder per year.
    ///
    /// Example: --data ~/hfs/data (reads ~/hfs/data/2024/plan.yaml, ...)
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
    /// Only this year (default: every year folder in the data folder).
    ///
    /// Example: --year 2024 (only data/2024/; data/2023/ is read too, for the
    /// previous-year values of 2024's reports)
    #[arg(long, value_name = "YEAR", value_parser = year)]
    pub year: Option<i32>,
}

/// `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArgs,
    /// The output folder; documents go to OUT/YEAR/.
    ///
    /// Example: --out public (writes public/2024/verksamhetsplan-2024.pdf)
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Only this region's follow-up report (repeatable).
    ///
    /// The region's id in plan.yaml; the plan is then not built.
    ///
    /// Example: --region gavleborg --region skane
    #[arg(long = "region", value_name = "ID")]
    pub regions: Vec<String>,
    /// Only the plan, or only the follow-up reports.
    ///
    /// Example: --only plan (just verksamhetsplan-YEAR.pdf)
    #[arg(long, value_enum)]
    pub only: Option<OnlyArg>,
    /// Also write the Typst source of each PDF and the files it needs.
    ///
    /// The standard typst compiler turns them into the same PDF.
    ///
    /// Example: --emit typst, then
    /// typst compile --root out/2024 --font-path out/2024/fonts --ignore-system-fonts out/2024/verksamhetsplan-2024.typ typst-verksamhetsplan-2024.pdf
    /// (without the last argument typst replaces hfs-report's own PDF)
    #[arg(long, value_enum)]
    pub emit: Option<EmitArg>,
    /// A folder of templates that replaces the built-in ones file by file.
    ///
    /// A file missing there is taken from the built-in set; start from
    /// 'hfs-report templates export DIR'.
    ///
    /// Example: --templates my-templates (with my-templates/hfs-style.typ)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Worker threads for typesetting (default: all cores; at most 256, and
    /// never more than there are documents to typeset).
    ///
    /// Example: --jobs 1 (one document at a time, least memory)
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Typeset every document again, even those whose sources are unchanged.
    ///
    /// Without it, a document whose data, templates and hfs-report version
    /// are the same as in OUT/YEAR/manifest.json is left as it is.
    ///
    /// Example: --force (to time a whole build, as the benchmark does)
    #[arg(long)]
    pub force: bool,
    /// Print errors only.
    ///
    /// Example: --quiet (for a nightly job that mails its output)
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print where the time went and the peak memory.
    ///
    /// Example: --verbose (prints "stages: load 6.3 ms, render 17.6 ms, ...")
    #[arg(long, short)]
    pub verbose: bool,
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

/// A year as the command line takes it: four digits, the first not 0, as
/// a year folder is named (`02024` and `0999` would name no folder).
fn year(text: &str) -> Result<i32, String> {
    let expected = "expected a year from 1000 to 9999, written as its folder is named, \
                    such as 2024";
    crate::config::parse_year(text).ok_or_else(|| expected.into())
}

/// `new-year`.
#[derive(Debug, Args)]
pub struct NewYearArgs {
    /// The year to start; the folder DATA/YEAR must not exist yet.
    ///
    /// Example: 2025 (creates data/2025/plan.yaml)
    #[arg(value_name = "YEAR", value_parser = year)]
    pub year: i32,
    /// The data folder, holding one folder per year.
    ///
    /// Example: --data ~/hfs/data (creates ~/hfs/data/2025/plan.yaml)
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
    /// Start from this year's plan (default: the latest year folder).
    ///
    /// Example: --from 2023 (copies data/2023/plan.yaml)
    #[arg(long, value_name = "YEAR", value_parser = year)]
    pub from: Option<i32>,
}

/// `watch`: the flags of `build`, applied to every rebuild.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// What to build, as for `build`.
    #[command(flatten)]
    pub build: BuildArgs,
}

/// `templates`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into a folder, to start your own look.
    ///
    /// Edit the copies (colours, fonts and the cover are in hfs-style.typ),
    /// delete the ones you leave as they are, and build with
    /// --templates DIR: a file missing there is taken from the built-in set.
    #[command(after_help = "\
Examples:
  hfs-report templates export my-templates
  hfs-report build --templates my-templates
  hfs-report templates export my-templates --force   (replace earlier copies)")]
    Export(ExportArgs),
}

/// `templates export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write the templates into (created when missing).
    ///
    /// Example: my-templates (writes my-templates/hfs-style.typ, ...)
    pub dir: PathBuf,
    /// Replace template files that are already there.
    ///
    /// Example: --force (after an upgrade of hfs-report, to start again from its templates)
    #[arg(long)]
    pub force: bool,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print the script for.
    ///
    /// Example: bash
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
