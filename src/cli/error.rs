//! The CLI's error type: every failure carries the exit code it ends the process with.

use crate::cli::exit;

/// A failure at the command-line edge, with the exit code it maps to.
#[derive(Debug)]
pub struct CliError {
    /// The process exit code (see `cli::exit`).
    pub code: u8,
    /// What went wrong, with its cause chain.
    pub error: anyhow::Error,
}

impl CliError {
    /// Bad usage or bad input files: exit code 2.
    pub fn usage(error: impl Into<anyhow::Error>) -> CliError {
        CliError {
            code: exit::USAGE,
            error: error.into(),
        }
    }

    /// The harness could not do its job: exit code 3.
    pub fn harness(error: impl Into<anyhow::Error>) -> CliError {
        CliError {
            code: exit::HARNESS,
            error: error.into(),
        }
    }
}

/// A message already formatted in full (rendered scenario or fixtures diagnostics, which carry
/// their own `error:` lines): printed as it is, without the `error:` prefix.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Rendered(pub String);
