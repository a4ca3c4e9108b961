//! One module per command; each turns its arguments into a checked
//! configuration, runs the library, and returns what `main` reports.

pub mod build;
pub mod check;
pub mod completions;
pub mod new_year;
pub mod templates;
pub mod watch;
