//! `hfs-report build`.

use crate::build::{BuildSummary, build};
use crate::cli::{BuildArgs, OnlyArg};
use crate::config::{BuildConfig, Only, select_years, source_date_epoch};
use crate::error::Error;
use crate::model::Id;
use crate::render::TemplateSource;

/// Checks the arguments into a configuration and runs the build.
pub fn run(args: BuildArgs) -> Result<BuildSummary, Error> {
    let config = config(args)?;
    build(&config)
}

/// The checked configuration of `build`.
pub fn config(args: BuildArgs) -> Result<BuildConfig, Error> {
    let years = select_years(&args.data.data, args.data.year)?;
    if let Some(dir) = &args.templates
        && !dir.is_dir()
    {
        return Err(Error::Usage(format!(
            "the templates folder {} does not exist",
            dir.display()
        )));
    }
    let jobs = match args.jobs {
        Some(0) => return Err(Error::Usage("--jobs must be at least 1".into())),
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1),
    };
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
        templates: TemplateSource {
            dir: args.templates,
        },
        source_date_epoch: source_date_epoch()?,
        jobs,
    })
}
