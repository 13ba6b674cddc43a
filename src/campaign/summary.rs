//! What a campaign hands back (pure data): its progress while it runs, and at the end each
//! bucket's count, minimal case, reproducer and scenario file text.

use std::time::Duration;

use crate::campaign::bucket::Bucket;
use crate::campaign::found::Inexpressible;
use crate::gen::{GenCase, Seed, Violation};

/// Where a campaign is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Cases run.
    pub cases: u64,
    /// Cases with at least one finding.
    pub failing: u64,
    /// Cases not run because they may change an endpoint and that was not allowed.
    pub skipped: u64,
    /// Cases this shard runs in all, when the budget is a number of cases.
    pub total: Option<u64>,
    /// Time since the first case.
    pub elapsed: Duration,
    /// Whether the campaign is shrinking (sending no new cases).
    pub shrinking: bool,
}

/// One bucket of a finished campaign.
#[derive(Debug, Clone)]
pub struct BucketReport {
    /// The kind of finding.
    pub bucket: Bucket,
    /// How many cases hit it.
    pub cases: u64,
    /// The campaign index of the case it was shrunk from.
    pub index: u64,
    /// `gen::size` of that case, and of the minimal one.
    pub sizes: (usize, usize),
    /// The minimal failing case.
    pub minimal: GenCase,
    /// Its violation in this bucket.
    pub violation: Violation,
    /// The failing request as a curl command (signature and token redacted).
    pub curl: Option<String>,
    /// The failing request as a scenario file, or why it cannot be one.
    pub scenario: Result<Scenario, Inexpressible>,
}

/// A found case, ready to be written under `scenarios/found/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// The file name (its stem is the case's group).
    pub file_name: String,
    /// The file text.
    pub text: String,
}

/// A finished campaign.
#[derive(Debug, Clone)]
pub struct CampaignReport {
    /// The seed.
    pub seed: Seed,
    /// The target's base URL.
    pub base_url: String,
    /// Cases run.
    pub cases: u64,
    /// Cases with at least one finding.
    pub failing: u64,
    /// Cases skipped as unsafe for the endpoint.
    pub skipped: u64,
    /// The lowest campaign index of a failing case: how soon the campaign caught something.
    pub first_failing: Option<u64>,
    /// Requests sent (shrinking excluded).
    pub requests: u64,
    /// Time spent sending cases (shrinking excluded).
    pub elapsed: Duration,
    /// The buckets hit, in report order.
    pub buckets: Vec<BucketReport>,
}

impl CampaignReport {
    /// Whether the target broke no rule.
    pub fn is_clean(&self) -> bool {
        self.buckets.is_empty()
    }
}
