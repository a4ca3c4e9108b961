//! hfs-report's integration tests, in one test binary.
//!
//! Each module covers one capability; `support` gives every test its own
//! folder, runs the binary and reads what it typeset.

mod action_table;
mod bad_input;
mod followup;
mod injection;
mod manifest;
mod plan;
mod support;
mod workflow;
