//! `hfs-report build`.

use std::io::{IsTerminal, Write};
use std::path::{Component, Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::build::{BuildSummary, Progress, Stages, build};
use crate::cli::{BuildArgs, OnlyArg};
use crate::config::{BuildConfig, Only, Verbosity, select_years, source_date_epoch};
use crate::error::Error;
use crate::load::broken_link;
use crate::model::Id;
use crate::render::TemplateSource;

/// Checks the arguments into a configuration, runs the build and reports it.
pub fn run(args: BuildArgs) -> Result<BuildSummary, Error> {
    let config = config(args)?;
    let reporter = Reporter::new(config.verbosity);
    let summary = build(&config, &reporter)?;
    reporter.report(&config, &summary);
    Ok(summary)
}

/// Shows a build's progress: a bar on a terminal, lines otherwise.
pub struct Reporter {
    verbosity: Verbosity,
    bar: Option<ProgressBar>,
}

/// Builds of fewer documents than this finish before a bar is worth drawing.
const BAR_FROM: usize = 4;

impl Reporter {
    /// A reporter for this terminal (standard error) and verbosity.
    pub fn new(verbosity: Verbosity) -> Self {
        let bar = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::hidden();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {pos}/{len} {wide_bar} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Self { verbosity, bar }
    }

    /// Prints what a finished build did: one line per document when not on
    /// a terminal, then a summary; with --verbose also the stages.
    pub fn report(&self, config: &BuildConfig, summary: &BuildSummary) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let mut out = std::io::stdout().lock();
        if self.bar.is_none() {
            for path in summary
                .written
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            {
                let _ = writeln!(out, "wrote {}", path.display());
            }
        }
        let _ = writeln!(
            out,
            "{} in {:.2} s into {}",
            summary.counts(),
            summary.elapsed.as_secs_f64(),
            config.out.display()
        );
        if self.verbosity == Verbosity::Verbose {
            print_stages(&mut out, &summary.stages, config.jobs);
        }
    }
}

/// For --verbose: where a build's time went, and the process's peak memory.
pub fn print_stages(out: &mut impl Write, stages: &Stages, jobs: usize) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let _ = writeln!(
        out,
        "stages: load {:.1} ms, render {:.1} ms, typeset {:.1} ms and pdf {:.1} ms (summed over {} thread{}), write {:.1} ms",
        ms(stages.load),
        ms(stages.render),
        ms(stages.typeset),
        ms(stages.export),
        jobs,
        if jobs == 1 { "" } else { "s" },
        ms(stages.write)
    );
    if let Some(peak) = peak_memory_kib() {
        let _ = writeln!(out, "peak memory: {:.1} MiB", peak as f64 / 1024.0);
    }
}

impl Progress for Reporter {
    fn waiting(&self, out: &Path) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!(
                "waiting for another hfs-report build into {} to finish",
                out.display()
            );
        }
    }

    fn start(&self, total: usize) {
        if let Some(bar) = &self.bar
            && total >= BAR_FROM
        {
            bar.set_length(total as u64);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finished(&self, pdf_name: &str, _reused: bool) {
        if let Some(bar) = &self.bar {
            bar.set_message(pdf_name.to_string());
            bar.inc(1);
        }
    }
}

/// The process's peak resident memory in KiB (Linux), for --verbose.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The most worker threads `--jobs` may ask for.
const MAX_JOBS: usize = 256;

/// How a message names `folder`, the output folder or one above or in it:
/// "--out out", or "--out out: out/2024".
fn out_naming(out: &Path, folder: &Path) -> String {
    if folder == out {
        format!("--out {}", out.display())
    } else {
        format!("--out {}: {}", out.display(), folder.display())
    }
}

/// Where `path` is or would be made: its deepest folder that exists with
/// links and `..` resolved, and the rest of it; `None` where not even
/// the working folder can be resolved.
fn resolved(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let (existing, rest) = path
        .ancestors()
        .find_map(|a| Some((a.canonicalize().ok()?, path.strip_prefix(a).ok()?)))?;
    let mut resolved = existing;
    for part in rest.components() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Some(resolved)
}

/// The checked configuration of `build`.
pub fn config(args: BuildArgs) -> Result<BuildConfig, Error> {
    let years = select_years(&args.data.data, args.data.year)?;
    if let Some(dir) = &args.templates {
        crate::config::require_folder(dir, "the templates folder", "")?;
    }
    let jobs = match args.jobs {
        Some(0) => {
            return Err(Error::Usage(
                "--jobs 0 typesets nothing (expected at least 1 document at a time)".into(),
            ));
        }
        // Each job is two threads; thousands would exhaust the machine's.
        Some(n) if n > MAX_JOBS => {
            return Err(Error::Usage(format!(
                "--jobs {n} is more than {MAX_JOBS} (expected at most one per core, \
                 which is the fastest and the default)"
            )));
        }
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1),
    };
    // The year folders too: `out/2024` may be a link into the data.
    let written = std::iter::once(args.out.clone())
        .chain(years.iter().map(|year| args.out.join(year.to_string())));
    let inside = |data: &Path| {
        written
            .clone()
            .filter_map(|folder| Some((resolved(&folder)?, folder)))
            .find(|(out, _)| out.starts_with(data))
    };
    if let Ok(data) = args.data.data.canonicalize()
        && let Some((out, folder)) = inside(&data)
    {
        // The PDFs and manifests would go into the year folders, beside
        // the plan, or make a folder there that the next build takes for
        // a year (`--out data/2025`) or warns about, and `watch` would take
        // its own writes for edits.
        let what = if out == data {
            "is the data folder".to_string()
        } else {
            format!("is inside the data folder {}", args.data.data.display())
        };
        return Err(Error::Usage(format!(
            "{} {what} (expected a folder outside it for the documents, such as 'out')",
            out_naming(&args.out, &folder)
        )));
    }
    // Nor the templates folder itself: year folders of documents among
    // the templates, and `watch` would take its own writes for edits of
    // the templates, without end. (One inside it, `out` of `--templates
    // .`, is the documents' own folder there.)
    if let Some(dir) = &args.templates
        && let Ok(templates) = dir.canonicalize()
        && resolved(&args.out).is_some_and(|out| out == templates)
    {
        return Err(Error::Usage(format!(
            "--out {} is the templates folder (expected a folder of its own for the \
             documents, such as 'out')",
            args.out.display()
        )));
    }
    // The output folder, a folder it would be made in, or a year folder
    // in it is a file or a link to nothing: found here, not when the
    // first document is written.
    let in_the_way = args
        .out
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .chain(written.skip(1))
        .find(|a| std::fs::symlink_metadata(a).is_ok() && !a.is_dir());
    if let Some(file) = in_the_way {
        let what = broken_link(&file).unwrap_or_else(|| "a file".into());
        return Err(Error::Usage(format!(
            "{} is {what} (expected a folder for the documents, such as 'out')",
            out_naming(&args.out, &file)
        )));
    }
    if let (Some(OnlyArg::Plan), Some(region)) = (&args.only, args.regions.first()) {
        // Nothing would be built: the plan is not a region's.
        return Err(Error::Usage(format!(
            "--region {region} asks for a region's follow-up report, which --only plan leaves out \
             (expected one of the two)"
        )));
    }
    Ok(BuildConfig {
        data: args.data.data,
        out: args.out,
        years,
        regions: args.regions.into_iter().map(Id).collect(),
        only: args.only.map(|only| match only {
            OnlyArg::Plan => Only::Plan,
            OnlyArg::Followup => Only::FollowUp,
        }),
        emit_typst: args.emit.is_some(),
        templates: TemplateSource::folder(args.templates),
        source_date_epoch: source_date_epoch()?,
        jobs,
        force: args.force,
        verbosity: match (args.quiet, args.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        },
    })
}
