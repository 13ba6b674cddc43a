//! tcconform: a conformance test harness, contract fuzzer and local mock for Tencent Cloud API 3.0,
//! starting with the CVM action `DisassociateInstancesKeyPairs` (2017-03-12).
//!
//! Layers, in reading order (arrows point down only):
//! - [`contract`]: the API contract as data and rules: request models, ID grammar, limits, the
//!   error-code catalogue and the oracle. Pure: no I/O, no async, no clock.
//! - [`wire`]: exact request bytes, TC3-HMAC-SHA256 and v1 signing and verification, deliberate
//!   breakage, and the response-envelope validator. Pure: time is a parameter.
//! - `cli` (feature `cli`): the command-line tool; the only place that knows flags and exit codes.
//!
//! See `ARCHITECTURE.md` for the map of modules, their invariants and boundaries.
#![warn(missing_docs)]

pub mod contract;
pub mod wire;

#[cfg(feature = "cli")]
pub mod cli;
