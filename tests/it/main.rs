//! The one integration-test binary: black-box tests of the public API and the built binary.
//!
//! Modules:
//! - `signing`: every reference vector, stage by stage, and sign→verify round trips.
//! - `envelope`: the response-envelope validator on good and bad bodies.
//! - `oracle`: the oracle's rules through the public API, including the documented examples.
//! - `cli`: the `tcconform` binary, black box.
//! - `fuzz_cli`: `tcconform fuzz` as a binary: the catch table of every faulty mode, a finding
//!   shrunk and written as a scenario file, determinism, shards, usage errors.
//! - `client`: the HTTP client against hostile loopback servers.
//! - `mock`: the mock through the library API: every rule, the protocol, admin routes and faults
//!   in process, and a spawned server on 127.0.0.1:0 over HTTP.
//! - `diagnostics`: broken scenario and fixtures files (`fixtures/invalid/`), each rendered
//!   diagnostic checked against its snapshot.
//! - `scenario_format`: the example scenario files (`fixtures/valid/`) load, resolve and sign;
//!   filters and shards keep the suite whole.
//! - `runner`: the runner on its fixture suite (`fixtures/runner/`): against the embedded mock,
//!   a misbehaving mock, a separately spawned mock as a remote endpoint (safety, restore), and
//!   `tcconform run` as a binary (exit codes, snapshots, dry run, reports).
//! - `scenarios`: every case of `scenarios/` against the mock with every check, its normalised
//!   response asserted with insta into `snapshots/scenario__*.snap`.
//! - `regressions`: every committed fuzz seed and crash input replayed through its target's body
//!   (`tcconform::fuzz_entry`), plus a few thousand pseudo-random inputs per target.
//! - `tidy`: repository rules (module docs, no ignored tests, snapshots reviewed, file sizes).

mod cli;
mod client;
mod diagnostics;
mod envelope;
#[cfg(all(feature = "client", feature = "server", feature = "cli"))]
mod fuzz_cli;
mod mock;
mod oracle;
mod regressions;
#[cfg(all(feature = "client", feature = "server", feature = "junit"))]
mod runner;
mod scenario_format;
#[cfg(all(feature = "client", feature = "server"))]
mod scenarios;
mod signing;
mod tidy;
