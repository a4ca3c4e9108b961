//! `hfs-report check`: validates everything and writes nothing.

use crate::build::load_years;
use crate::cli::CheckArgs;
use crate::config::select_years;
use crate::diag::Diagnostics;
use crate::error::Error;

/// Validates the selected years; returns the warnings when the data is valid.
pub fn run(args: CheckArgs) -> Result<(Vec<i32>, Diagnostics), Error> {
    let years = select_years(&args.data.data, args.data.year)?;
    let (_, warnings) = load_years(&args.data.data, &years)?;
    Ok((years, warnings))
}
