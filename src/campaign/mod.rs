//! Fuzz campaigns over the wire (`tcconform fuzz`): seeded cases from `gen`, sent to the embedded
//! mock or an endpoint, every answer judged by the contract; findings bucketed by kind, the
//! smallest case of each bucket shrunk against the target and written as a scenario file.
//!
//! The pure parts build without features: `verdict` (judging a case from its answers), `bucket`
//! (the tally), `found` (a step as scenario text), `plan` (which case indices a shard runs), `summary` (what a campaign hands back).
//! `exec` (features `client` + `server`) does the I/O.
//!
//! Invariant: a finding is data (a [`Bucket`] and a `gen::Violation`), never an `Err`;
//! [`CampaignError`] is only for harness faults (the mock cannot start, the endpoint cannot be
//! reached, a restore failed).
//! Invariant: memory does not grow with the number of cases: cases are generated, sent, judged
//! and dropped; only each bucket's smallest case is kept.

pub mod bucket;
#[cfg(all(feature = "client", feature = "server"))]
mod exec;
pub mod found;
pub mod plan;
pub mod summary;
pub mod verdict;

pub use bucket::{Bucket, BucketEntry, Buckets};
#[cfg(all(feature = "client", feature = "server"))]
pub use exec::{run, Campaign, CampaignConfig, CampaignError};
pub use found::{scenario_file, FoundCase, Inexpressible};
pub use plan::{Budget, Plan};
pub use summary::{BucketReport, CampaignReport, Progress, Scenario};
pub use verdict::{carried_by_http, may_mutate, CaseJudge, Trust};
