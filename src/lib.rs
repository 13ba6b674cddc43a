//! tcconform: a conformance test harness, contract fuzzer and local mock for Tencent Cloud API 3.0,
//! starting with the CVM action `DisassociateInstancesKeyPairs` (2017-03-12).
//!
//! Layers, in reading order (arrows point down only):
//! - [`contract`]: the API contract as data and rules: request models, ID grammar, limits, the
//!   error-code catalogue and the oracle. Pure: no I/O, no async, no clock.
//! - [`wire`]: exact request bytes, TC3-HMAC-SHA256 and v1 signing and verification, deliberate
//!   breakage, and the response-envelope validator. Pure: time is a parameter.
//! - [`mock`]: the stateful mock of CVM: a pure [`mock::MockService`] (always built) behind an
//!   HTTP front, `mock::http::app` / `mock::http::spawn` (feature `server`). The only module that
//!   binds sockets; it executes `contract`'s rules and holds none of its own.
//! - [`scenario`]: scenario and fixtures files: the format, the loader with `path:line:column`
//!   diagnostics, and the resolution of a case for one target. Pure but for reading its files.
//! - [`gen`]: the fuzzer's seeded generators (valid, boundary and contract-breaking requests,
//!   protocol faults, sequences), shrinking, and the in-process judge. Pure.
//! - `client` (feature `client`): the outbound HTTP client, the only code that sends requests.
//! - [`runner`]: runs a suite against the embedded mock or an endpoint and judges every answer
//!   (`runner::run`, feature `client` + `server`); its checks are pure and always built.
//! - [`report`]: the human report with the coverage matrix, JSON lines and JUnit XML (feature
//!   `junit`). Pure text rendering.
//! - `cli` (feature `cli`): the command-line tool; the only place that knows flags and exit codes.
//!
//! See `ARCHITECTURE.md` for the map of modules, their invariants and boundaries.
#![warn(missing_docs)]

pub mod campaign;
#[cfg(feature = "client")]
pub mod client;
pub mod contract;
#[doc(hidden)]
pub mod fuzz_entry;
pub mod gen;
pub mod mock;
pub mod report;
pub mod runner;
pub mod scenario;
mod suggest;
pub mod wire;

#[cfg(feature = "cli")]
pub mod cli;
