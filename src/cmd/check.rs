//! `hfs-report check`: validates everything and writes nothing.

use crate::build::load_years;
use crate::cli::CheckArgs;
use crate::config::select_years;
use crate::diag::Diagnostics;
use crate::error::Error;

/// What `check` found valid.
pub struct Checked {
    /// The years asked for.
    pub years: Vec<i32>,
    /// The years before them that their reports read too (see
    /// [`load_years`]), not among `years`.
    pub earlier: Vec<i32>,
    /// The warnings of all of them.
    pub warnings: Diagnostics,
}

impl Checked {
    /// What was checked, as the summary line says it: "2024 (and 2023,
    /// for the previous-year values of 2024's reports)".
    pub fn years_checked(&self) -> String {
        let list = |years: &[i32]| {
            let years: Vec<String> = years.iter().map(i32::to_string).collect();
            years.join(", ")
        };
        if self.earlier.is_empty() {
            return list(&self.years);
        }
        let after: Vec<i32> = self.earlier.iter().map(|year| year + 1).collect();
        format!(
            "{} (and {}, for the previous-year values of {}'s reports)",
            list(&self.years),
            list(&self.earlier),
            list(&after)
        )
    }
}

/// Validates the selected years; returns what was checked, with the
/// warnings, when the data is valid.
pub fn run(args: CheckArgs) -> Result<Checked, Error> {
    let years = select_years(&args.data.data, args.data.year)?;
    // As a build of the reports reads them: the previous year's too.
    let loaded = load_years(&args.data.data, &years, true)?;
    Ok(Checked {
        years,
        earlier: loaded.earlier.iter().map(|year| year.year).collect(),
        warnings: loaded.warnings,
    })
}
