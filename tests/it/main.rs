//! The one integration-test binary: black-box tests of the public API and the built binary.
//!
//! Modules:
//! - `signing`: every reference vector, stage by stage, and sign→verify round trips.
//! - `envelope`: the response-envelope validator on good and bad bodies.
//! - `oracle`: the oracle's rules through the public API, including the documented examples.
//! - `cli`: the `tcconform` binary, black box.

mod cli;
mod envelope;
mod oracle;
mod signing;
