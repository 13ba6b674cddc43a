//! Reports of a run, from the runner's [`Report`](crate::runner::Report): a human report (one line
//! per case, every failure with its findings, snapshot diff and curl reproducer, a summary and the
//! coverage matrix of documented codes), JSON lines (one object per case) and JUnit XML (feature
//! `junit`); and the report of a fuzz campaign with its catch table (`fuzz`).
//!
//! **Invariant:** pure: every renderer turns a report into text; writing files and terminals is
//! the caller's. **Invariant:** nothing here prints a secret key: reproducers are the runner's
//! redacted curl commands (signature and token replaced by `[redacted]`).

pub mod coverage;
pub mod fuzz;
pub mod human;
pub mod json;
#[cfg(feature = "junit")]
pub mod junit;

pub use coverage::{coverage, CodeCoverage, Coverage};
