//! The process exit codes, documented in one place and shown in `--help`.

/// Every check held.
pub const OK: u8 = 0;
/// The target answered, and at least one answer broke the contract.
pub const CONFORMANCE_FAILED: u8 = 1;
/// Bad usage: unknown flag, bad value, a bad scenario or fixtures file, missing credentials.
pub const USAGE: u8 = 2;
/// The harness could not do its job: endpoint unreachable, I/O error, the mock failed to bind.
pub const HARNESS: u8 = 3;

/// The exit-code table as printed at the end of `--help`.
pub const HELP: &str = "\
Exit codes:
  0  every check held
  1  a conformance failure: the target broke the contract
  2  bad usage, a bad scenario or fixtures file, missing credentials
  3  the harness could not do its job (endpoint unreachable, I/O error)";
