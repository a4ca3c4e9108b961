//! hfs-report as a library: load → validate → merge → render → typeset → write.
//!
//! The binary in `main.rs` only parses arguments and prints; tests drive the
//! pipeline through these modules.

pub mod build;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod error;
pub mod interrupt;
pub mod load;
pub mod lock;
pub mod manifest;
pub mod merge;
pub mod model;
pub mod regular_file;
pub mod render;
pub mod typeset;
pub mod validate;
pub mod write;
pub mod year;
