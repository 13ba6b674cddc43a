//! `--dry-run`: every request a run would send for its cases, as a redacted curl command, without
//! sending anything. Pure: the caller gives the time to sign with.

use crate::runner::config::{RunConfig, TargetConfig};
use crate::runner::plan::{self, Phase};
use crate::scenario::Suite;
use crate::wire;

/// Where a dry run against the embedded mock aims its requests: `tcconform mock`'s default
/// address, so the commands work against a mock started by hand (which accepts the demo key).
pub const DRY_RUN_MOCK_URL: &str = "http://127.0.0.1:9000";

/// One case of a dry run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRunEntry {
    /// `group/name`.
    pub full_name: String,
    /// The request, or why the case would not run.
    pub plan: Result<DryRunRequest, String>,
}

/// What a case would send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRunRequest {
    /// The case's request as a curl command, signature and token redacted.
    pub curl: String,
    /// Whether it would run alone, after the others (it may change the fixtures).
    pub serial: bool,
    /// How many instances and key pairs its state check would read through `DescribeInstances`
    /// and `DescribeKeyPairs`.
    pub reads: (usize, usize),
}

/// The dry run of `suite` against `config`'s target, signed at `timestamp`: cases that would run
/// alone come last, as they would be sent.
pub fn dry_run(suite: &Suite, config: &RunConfig, timestamp: i64) -> Vec<DryRunEntry> {
    let (base_url, credentials) = match &config.target {
        TargetConfig::EmbeddedMock(_) => (DRY_RUN_MOCK_URL.to_owned(), plan::demo_credentials()),
        TargetConfig::Endpoint(endpoint) => (endpoint.url.clone(), endpoint.credentials.clone()),
    };
    let host = plan::host_of(&base_url).unwrap_or("").to_owned();
    let world = plan::target_world(&config.target);
    let mut entries: Vec<(bool, DryRunEntry)> = suite
        .cases()
        .iter()
        .enumerate()
        .map(|(index, case)| {
            let planned = match plan::plan(case, config, &world) {
                Ok(planned) => planned,
                Err(reason) => {
                    let entry = DryRunEntry {
                        full_name: case.full_name(),
                        plan: Err(reason),
                    };
                    return (false, entry);
                }
            };
            let spec = plan::request_spec(
                &planned.resolved,
                &host,
                config.target.region(),
                timestamp,
                index as u64 + 1,
            );
            let curl = match wire::sign(&spec, &credentials) {
                Ok(signed) => {
                    let method = planned.resolved.method.as_deref();
                    plan::reproducer(&signed, &base_url, method.unwrap_or(signed.method()))
                }
                Err(err) => format!("# the request cannot be signed: {err}"),
            };
            let scope = &planned.scope;
            let serial = planned.phase == Phase::Serial;
            let request = DryRunRequest {
                curl,
                serial,
                reads: (scope.instance_ids.len(), scope.key_ids.len()),
            };
            let entry = DryRunEntry {
                full_name: case.full_name(),
                plan: Ok(request),
            };
            (serial, entry)
        })
        .collect();
    entries.sort_by_key(|(serial, _)| *serial);
    entries.into_iter().map(|(_, entry)| entry).collect()
}
