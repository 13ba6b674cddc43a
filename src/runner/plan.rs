//! Which cases run where, and how: a case is resolved for the target (or skipped with the
//! scenario's reason), then allowed by its effect (against an endpoint only `rejected` cases run
//! unless mutations are allowed), given a phase (cases that may change an endpoint's fixtures run
//! one at a time after all the others) and its scope: the resources its state check reads, which
//! is also what it holds alone against an endpoint (see `runner::schedule`). Also the per-case
//! SecretId of the embedded mock and the request a resolved case signs.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::contract::World;
use crate::mock::{DEMO_SECRET_ID, DEMO_SECRET_KEY};
use crate::runner::config::{RunConfig, TargetConfig};
use crate::runner::observed::{request_params, Scope};
use crate::scenario::{Case, Effect, ResolvedCase};
use crate::wire::{Credentials, RequestSpec, SecretKey, SignedRequest};

/// When a case runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// With the others, up to the concurrency limit.
    Concurrent,
    /// Alone, after every concurrent case (it may change an endpoint's fixtures).
    Serial,
}

/// A case ready to run: resolved for the target, with its phase and scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// The case made concrete for the target.
    pub resolved: ResolvedCase,
    /// When it runs.
    pub phase: Phase,
    /// What its state check reads: what the request can touch on the target's world as known
    /// before the run ([`target_world`]).
    pub scope: Scope,
    /// The request's parameters as the target reads them ([`request_params`]), read once here:
    /// the body may be megabytes.
    pub params: Option<Map<String, Value>>,
}

/// The world the target is known to start from: the embedded mock's (every case's world is a
/// copy of it), or on an endpoint the one its fixtures' role names imply (the bindings of the
/// role table).
pub fn target_world(target: &TargetConfig) -> World {
    match target {
        TargetConfig::EmbeddedMock(mock) => mock.world.clone(),
        TargetConfig::Endpoint(endpoint) => World::from_roles(&endpoint.roles),
    }
}

/// `case` for the target of `config`, whose world is known as `world` ([`target_world`]), or why
/// it does not run there.
pub fn plan(case: &Case, config: &RunConfig, world: &World) -> Result<Planned, String> {
    let roles = config.target.roles();
    let resolved = case
        .resolve(&roles, config.target.resolution())
        .map_err(|skip| skip.reason)?;
    // The instances and key pairs the request names, those bound to them, and those its
    // expectations name. Against an endpoint that is all a case reads, so that cases with
    // disjoint scopes can run together without seeing each other's effects.
    let params = request_params(&resolved);
    let scope = Scope::affected(world, &resolved, params.as_ref());
    let phase =
        match &config.target {
            TargetConfig::EmbeddedMock(_) => Phase::Concurrent,
            TargetConfig::Endpoint(endpoint) => match case.effect() {
                Effect::Rejected => Phase::Concurrent,
                Effect::Mutating if endpoint.safety.allow_mutations => Phase::Serial,
                Effect::Disruptive if endpoint.safety.allow_disruptive => Phase::Serial,
                Effect::Mutating => {
                    return Err(
                        "`mutating` case: against an endpoint it runs only with --allow-mutations"
                            .to_owned(),
                    )
                }
                Effect::Disruptive => return Err(
                    "`disruptive` case: against an endpoint it runs only with --allow-disruptive"
                        .to_owned(),
                ),
            },
        };
    Ok(Planned {
        resolved,
        phase,
        scope,
        params,
    })
}

/// The SecretId of the case `full_name` on the embedded mock: `AKID` and 32 hex digits of a hash
/// of the name, so every case has its own world and the same case always the same one.
pub fn case_secret_id(full_name: &str) -> String {
    let digest = Sha256::digest(format!("tcconform case {full_name}").as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("AKID{}", &hex[..32])
}

/// The credentials a case is signed with: its own SecretId and the demo key on the embedded mock,
/// the configured ones on an endpoint.
pub fn case_credentials(target: &TargetConfig, full_name: &str) -> Credentials {
    match target {
        TargetConfig::EmbeddedMock(_) => Credentials {
            secret_id: case_secret_id(full_name),
            secret_key: SecretKey::new(DEMO_SECRET_KEY),
            token: None,
        },
        TargetConfig::Endpoint(endpoint) => endpoint.credentials.clone(),
    }
}

/// The demo credentials (what `tcconform mock` accepts by default).
pub fn demo_credentials() -> Credentials {
    Credentials {
        secret_id: DEMO_SECRET_ID.to_owned(),
        secret_key: SecretKey::new(DEMO_SECRET_KEY),
        token: None,
    }
}

/// The request `resolved` signs at `timestamp`, aimed at `host` with `region`.
pub fn request_spec(
    resolved: &ResolvedCase,
    host: &str,
    region: Option<&str>,
    timestamp: i64,
    nonce: u64,
) -> RequestSpec {
    let mut spec = resolved.request_spec(timestamp, nonce);
    host.clone_into(&mut spec.host);
    spec.region = region.map(str::to_owned);
    spec
}

/// The `host[:port]` of `url` (`http://127.0.0.1:9000/` → `127.0.0.1:9000`): the `Host` to sign.
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty()).then_some(host)
}

/// Bodies longer than this are elided from reproducers (a curl command of megabytes helps nobody).
pub const MAX_REPRODUCER_BODY: usize = 64 * 1024;

/// A curl command reproducing `signed` sent to `base_url` with `method`, signature and token
/// redacted; a body over [`MAX_REPRODUCER_BODY`] bytes is elided with its size.
pub fn reproducer(signed: &SignedRequest, base_url: &str, method: &str) -> String {
    let curl = curl_with_method(&signed.curl_redacted(base_url), signed.method(), method);
    let size = signed.body().len();
    if size <= MAX_REPRODUCER_BODY {
        return curl;
    }
    let curl = match curl.find(" | curl ") {
        Some(pipe) if curl.starts_with("printf ") => curl[pipe + 3..].to_owned(),
        _ => curl,
    };
    match curl.find(" \\\n  --data-binary ") {
        Some(at) => format!(
            "{} \\\n  --data-binary @body   # the {size}-byte body is not shown",
            &curl[..at]
        ),
        None => curl,
    }
}

/// `curl` for a request sent with the HTTP method `method` instead of the signed one.
pub fn curl_with_method(curl: &str, signed_method: &str, method: &str) -> String {
    if signed_method == method {
        return curl.to_owned();
    }
    curl.replacen(&format!("-X {signed_method} "), &format!("-X {method} "), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_ids_are_per_case_and_stable() {
        let one = case_secret_id("unbind/one-pair");
        assert_eq!(one, case_secret_id("unbind/one-pair"));
        assert_ne!(one, case_secret_id("unbind/one-pair-2"));
        assert_eq!(one.len(), 36);
        assert!(one.starts_with("AKID"));
        assert!(one[4..].bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(host_of("http://127.0.0.1:9000"), Some("127.0.0.1:9000"));
        assert_eq!(
            host_of("https://cvm.tencentcloudapi.com/"),
            Some("cvm.tencentcloudapi.com")
        );
        assert_eq!(host_of("ftp://x"), None);
        assert_eq!(host_of("http://"), None);
    }

    #[test]
    fn reproducers_elide_huge_bodies() {
        let mut spec = RequestSpec::new(
            "DisassociateInstancesKeyPairs",
            1_700_000_000,
            1,
            crate::wire::Body::Raw(vec![b' '; MAX_REPRODUCER_BODY + 1]),
        );
        spec.host = "127.0.0.1:9000".to_owned();
        let signed = crate::wire::sign(&spec, &demo_credentials()).expect("signs");
        let curl = reproducer(&signed, "http://127.0.0.1:9000", "POST");
        assert!(
            curl.starts_with("curl -sS -X POST http://127.0.0.1:9000/"),
            "{curl}"
        );
        assert!(
            curl.ends_with("--data-binary @body   # the 65537-byte body is not shown"),
            "{curl}"
        );
        assert!(curl.len() < 2000);
        spec.body = crate::wire::Body::Raw(b"{}".to_vec());
        let small = crate::wire::sign(&spec, &demo_credentials()).expect("signs");
        assert!(reproducer(&small, "http://h", "PUT").contains("-X PUT http://h/"));
    }

    #[test]
    fn curl_methods() {
        let curl = "curl -sS -X POST http://h/ \\\n  -H 'X-A: -X POST '";
        assert_eq!(curl_with_method(curl, "POST", "POST"), curl);
        assert_eq!(
            curl_with_method(curl, "POST", "PUT"),
            "curl -sS -X PUT http://h/ \\\n  -H 'X-A: -X POST '"
        );
    }
}
