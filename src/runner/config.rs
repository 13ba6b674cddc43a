//! How a run is configured: one explicit [`RunConfig`], filled in by the caller (the CLI decides
//! the defaults, the tests theirs); nothing here reads the environment or has a default.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::contract::World;
use crate::mock::{FaultSpec, Mutant};
use crate::scenario::{Target, MOCK_PROFILE};
use crate::wire::Credentials;

/// The region sent to the embedded mock (which ignores it).
pub const MOCK_REGION: &str = "ap-guangzhou";

/// Everything a run needs besides the suite.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// What the cases run against.
    pub target: TargetConfig,
    /// Cases in flight at once (cases that may change an endpoint's fixtures run one at a time).
    pub concurrency: usize,
    /// Budget for one request, from sending to the end of the body.
    pub timeout: Duration,
    /// Whether and where snapshots are compared or written.
    pub snapshots: SnapshotMode,
}

/// What the cases run against.
#[derive(Debug, Clone)]
pub enum TargetConfig {
    /// The mock, started in this process on 127.0.0.1:0 and driven over real HTTP; every case has
    /// its own world (its own SecretId).
    EmbeddedMock(EmbeddedMock),
    /// Any endpoint (a real one, or a mock started separately), with its fixtures.
    Endpoint(Endpoint),
}

/// The embedded mock's set-up.
#[derive(Debug, Clone)]
pub struct EmbeddedMock {
    /// The world every case's world starts from (its roles are the target's roles).
    pub world: World,
    /// Faults the mock injects on every case's request, besides the case's own: to prove that the
    /// harness notices a misbehaving target (design §8). Empty for a normal run.
    pub faults: Vec<FaultSpec>,
    /// A named faulty mode of the mock, for the same purpose. `None` for a normal run.
    pub mutant: Option<Mutant>,
}

/// An endpoint's set-up.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Scheme, host and port, e.g. `https://cvm.tencentcloudapi.com`.
    pub url: String,
    /// The account's credentials.
    pub credentials: Credentials,
    /// The region to send, if any.
    pub region: Option<String>,
    /// Role → ID, from the fixtures file.
    pub roles: BTreeMap<String, String>,
    /// The profile selecting pins and snapshots (`snapshots/<profile>/`).
    pub profile: Option<String>,
    /// Which cases may run.
    pub safety: Safety,
    /// How long to wait for a slow target to settle.
    pub patience: Patience,
}

/// Which cases may run against an endpoint: `rejected` ones always, the others when allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Safety {
    /// Run `mutating` cases (one at a time, each restoring what it changed).
    pub allow_mutations: bool,
    /// Run `disruptive` cases too (ForceStop on running instances).
    pub allow_disruptive: bool,
}

/// Bounded waiting for a target that answers transient codes or applies changes late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Patience {
    /// Attempts of a request answered with a transient code, reads of the state until it settles,
    /// and attempts of each restoring call.
    pub attempts: u32,
    /// The pause between two attempts.
    pub pause: Duration,
}

/// What to do with snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotMode {
    /// Neither compare nor write (`cargo test` compares through insta instead).
    Off,
    /// Compare with the snapshots in this directory; a missing one is a finding.
    Compare(PathBuf),
    /// Write the snapshots that are missing or differ into this directory (a new baseline).
    Update(PathBuf),
}

impl TargetConfig {
    /// Role → ID on this target: the world's roles for the mock, the fixtures' for an endpoint.
    pub fn roles(&self) -> BTreeMap<String, String> {
        match self {
            TargetConfig::EmbeddedMock(mock) => mock.world.role_ids(),
            TargetConfig::Endpoint(endpoint) => endpoint.roles.clone(),
        }
    }

    /// What cases are resolved for: the mock (its `mock` pins), or an endpoint with its profile.
    pub fn resolution(&self) -> Target<'_> {
        match self {
            TargetConfig::EmbeddedMock(_) => Target::mock(),
            TargetConfig::Endpoint(endpoint) => Target::endpoint(endpoint.profile.as_deref()),
        }
    }

    /// The profile whose pins and snapshots apply (`mock` for the embedded mock).
    pub fn profile(&self) -> Option<&str> {
        match self {
            TargetConfig::EmbeddedMock(_) => Some(MOCK_PROFILE),
            TargetConfig::Endpoint(endpoint) => endpoint.profile.as_deref(),
        }
    }

    /// The region to send.
    pub fn region(&self) -> Option<&str> {
        match self {
            TargetConfig::EmbeddedMock(_) => Some(MOCK_REGION),
            TargetConfig::Endpoint(endpoint) => endpoint.region.as_deref(),
        }
    }
}
