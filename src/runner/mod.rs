//! The runner: runs a suite of cases against a target, the embedded mock or any endpoint, and
//! judges every answer with the checks of design §4.
//!
//! Entry points: [`run`] / [`run_blocking`] (a [`Suite`](crate::scenario::Suite) and a
//! [`RunConfig`] to a [`Report`]), [`Session`] to run several suites on one started target, and
//! [`dry_run()`] (what would be sent, nothing sent).
//!
//! **Invariant:** a conformance failure is data: a [`Finding`] in an [`Outcome::Fail`]. `Err`
//! ([`RunError`]) is only for harness faults: the mock failed to bind, a snapshot file could not
//! be read or written, the endpoint is unreachable before anything was sent.
//! **Invariant:** the checks ([`check`], [`snapshot`], [`observed`], [`restore`]'s plan) and the
//! planning ([`plan`], [`schedule`]) are pure functions of plain data and build without any cargo feature; only `exec` (features `client`
//! and `server`) does I/O: it starts the mock, signs, sends, reads state and restores.
//! **Invariant:** against an endpoint only `rejected` cases run unless allowed; cases that may
//! change its fixtures run one at a time, after the others, and each restores the key set of
//! every instance it touched, verified by a read, even when the case failed.
//! **Invariant:** against an endpoint (one world for every case) two cases whose scopes (what
//! their state checks read) overlap are never in flight together, so a state finding is always
//! the case's own.

pub mod answer;
pub mod check;
pub mod config;
pub mod diff;
pub mod dry_run;
pub mod observed;
pub mod plan;
pub mod restore;
pub mod result;
pub mod schedule;
pub mod snapshot;

#[cfg(all(feature = "client", feature = "server"))]
mod error;
#[cfg(all(feature = "client", feature = "server"))]
mod exec;

pub use answer::{Answer, NoAnswer, Observed};
pub use config::{
    EmbeddedMock, Endpoint, Patience, RunConfig, Safety, SnapshotMode, TargetConfig, MOCK_REGION,
};
pub use dry_run::{dry_run, DryRunEntry, DryRunRequest};
pub use result::{CaseResult, Check, Finding, Outcome, Report};
pub use snapshot::{render, snapshot_name};

#[cfg(all(feature = "client", feature = "server"))]
pub use error::RunError;
#[cfg(all(feature = "client", feature = "server"))]
pub(crate) use exec::{answer_of, now};
#[cfg(all(feature = "client", feature = "server"))]
pub use exec::{run, run_blocking, Session};
