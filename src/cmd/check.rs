//! `hfs-report check`: validates everything and writes nothing.

use crate::build::load_years;
use crate::cli::CheckArgs;
use crate::config::select_years;
use crate::diag::Diagnostics;
use crate::error::Error;

/// Validates the selected years; returns the warnings when the data is valid.
pub fn run(args: CheckArgs) -> Result<(Vec<i32>, Diagnostics), Error> {
    let years = select_years(&args.data.data, args.data.year)?;
    // As a build of the reports reads them: the previous year's too.
    let loaded = load_years(&args.data.data, &years, true)?;
    Ok((years, loaded.warnings))
}
