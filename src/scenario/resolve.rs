//! Resolution: a [`Case`] made concrete for one target: role references become the target's IDs,
//! generators are expanded, the protocol deviations become the request's fields and breakage, and
//! the expectation is chosen for the target's profile. A case that cannot run there is a [`Skip`].

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::contract::{Action, ParamSource};
use crate::scenario::case::{Case, Effect, Expected, Fault, RequestTemplate, MOCK_PROFILE};
use crate::scenario::source::Location;
use crate::scenario::state::StateExpectation;
use crate::wire::{self, Body, Breakage, Encoding, JsonStyle, RequestSpec, SignMethod};

/// The kind of target a case runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// The built-in mock (embedded, or `tcconform mock`): faults can be injected.
    Mock,
    /// Any other endpoint.
    Endpoint,
}

/// What a case is resolved for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// The kind of target.
    pub kind: TargetKind,
    /// The profile selecting `[case.expect.profiles.NAME]` pins (`None`: the case's own expectation).
    pub profile: Option<&'a str>,
}

impl Target<'_> {
    /// The built-in mock, with the `mock` profile.
    pub fn mock() -> Target<'static> {
        Target {
            kind: TargetKind::Mock,
            profile: Some(MOCK_PROFILE),
        }
    }

    /// Another endpoint, with an optional profile.
    pub fn endpoint(profile: Option<&str>) -> Target<'_> {
        Target {
            kind: TargetKind::Endpoint,
            profile,
        }
    }
}

/// Why a case does not run against a target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Skip {
    /// The reason, e.g. ``needs roles the fixtures do not provide: `busy`, `windows` ``.
    pub reason: String,
}

/// A case made concrete for one target: everything needed to build, sign and judge the request.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedCase {
    /// `group/name`.
    pub full_name: String,
    /// Where the case is written.
    pub location: Location,
    /// What running the case may do.
    pub effect: Effect,
    /// The action whose rules and documented codes judge the request.
    pub action: Action,
    /// The action name to send (differs from `action` for a wrong or a missing v1 action).
    pub action_name: String,
    /// The version to send.
    pub version: String,
    /// How the parameters travel.
    pub encoding: Encoding,
    /// How the request is signed.
    pub sign_method: SignMethod,
    /// The parameters (roles replaced, generators expanded, in the order written), or exact bytes
    /// (`raw_body`, or the parameters padded to `oversize_body` bytes).
    pub body: Body,
    /// A `Content-Type` to send and sign instead of the encoding's.
    pub content_type: Option<String>,
    /// Headers to send and (with TC3) sign besides the standard ones.
    pub extra_signed_headers: Vec<(String, String)>,
    /// Send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`.
    pub unsigned_payload: bool,
    /// Faults for the signer.
    pub breakage: Vec<Breakage>,
    /// The HTTP method to send instead of the encoding's (the signature stays the encoding's).
    pub method: Option<String>,
    /// The fault the mock must inject on this request, before it is sent.
    pub fault: Option<Fault>,
    /// What the answer must be.
    pub expected: Expected,
    /// Where that expectation is written (`None` when it is the oracle's or the fault's).
    pub expected_at: Option<Location>,
    /// What named resources must look like after the call, by ID.
    pub state: Vec<StateExpectation>,
    /// The role → ID assignments the case uses.
    pub roles: BTreeMap<String, String>,
}

impl Case {
    /// This case for a target whose roles are assigned the IDs in `roles` (role → ID): the mock's
    /// world roles, or a fixtures file's `[roles]`. A [`Skip`] names every missing role, or the
    /// mock-only feature the case needs on another target.
    pub fn resolve(
        &self,
        roles: &BTreeMap<String, String>,
        target: Target<'_>,
    ) -> Result<ResolvedCase, Skip> {
        if let (TargetKind::Endpoint, Some(reason)) = (target.kind, self.mock_only_reason()) {
            return Err(Skip {
                reason: format!("runs on the mock only: {reason}"),
            });
        }
        let missing: Vec<String> = self
            .roles
            .iter()
            .filter(|role| !roles.contains_key(*role))
            .map(|role| format!("`{role}`"))
            .collect();
        if !missing.is_empty() {
            return Err(Skip {
                reason: format!(
                    "needs roles the target does not provide: {}",
                    missing.join(", ")
                ),
            });
        }
        let used: BTreeMap<String, String> = self
            .roles
            .iter()
            .filter_map(|role| Some((role.clone(), roles.get(role)?.clone())))
            .collect();
        let body = match &self.request {
            RequestTemplate::Raw(raw) => Body::Raw(raw.as_bytes().to_vec()),
            RequestTemplate::Params(template) => {
                let params = template.resolve_object(&used);
                match self.protocol.oversize_body {
                    Some(size) => Body::Raw(padded(&params, self.encoding, size)),
                    None => Body::Params(params),
                }
            }
        };
        let (expected, expected_at) = self.expected(target.profile);
        Ok(ResolvedCase {
            full_name: self.full_name(),
            location: self.location.clone(),
            effect: self.effect,
            action: self.action,
            action_name: self
                .protocol
                .action_name
                .clone()
                .unwrap_or_else(|| self.action.name().to_owned()),
            version: self
                .protocol
                .version
                .clone()
                .unwrap_or_else(|| crate::contract::VERSION.to_owned()),
            encoding: self.encoding,
            sign_method: self.sign_method,
            body,
            content_type: self.protocol.content_type.clone(),
            extra_signed_headers: self.protocol.headers.clone(),
            unsigned_payload: self.protocol.unsigned_payload,
            breakage: self.protocol.breakage.clone(),
            method: self.protocol.method.clone(),
            fault: self.fault.clone(),
            expected,
            expected_at: expected_at.cloned(),
            state: self
                .expect
                .state
                .iter()
                .map(|state| state.resolve(&used))
                .collect(),
            roles: used,
        })
    }
}

impl ResolvedCase {
    /// The parameters, unless the body is exact bytes.
    pub fn params(&self) -> Option<&Map<String, Value>> {
        match &self.body {
            Body::Params(params) => Some(params),
            Body::Raw(_) => None,
        }
    }

    /// The parameters as the server sees them, for [`crate::contract::acceptable`]: JSON values
    /// for a JSON body; for form and query encodings, the flattened strings unflattened again.
    /// `None` when the body is exact bytes.
    pub fn oracle_input(&self) -> Option<(Map<String, Value>, ParamSource)> {
        let params = self.params()?;
        match self.encoding {
            Encoding::Json => Some((params.clone(), ParamSource::Json)),
            Encoding::Form | Encoding::Query => {
                let pairs = wire::flatten(params, JsonStyle::Python);
                let form = wire::unflatten(&pairs).ok()?;
                Some((form, ParamSource::Form))
            }
        }
    }

    /// The request to sign, at `timestamp` with `nonce`: the default host and no region (set
    /// `host` and `region` for the target), the Python SDK's JSON style, and everything the case
    /// says. The HTTP method override ([`ResolvedCase::method`]) is applied when sending.
    pub fn request_spec(&self, timestamp: i64, nonce: u64) -> RequestSpec {
        let mut spec = RequestSpec::new(&self.action_name, timestamp, nonce, self.body.clone());
        spec.version.clone_from(&self.version);
        spec.encoding = self.encoding;
        spec.sign_method = self.sign_method;
        spec.content_type.clone_from(&self.content_type);
        spec.extra_signed_headers
            .clone_from(&self.extra_signed_headers);
        spec.unsigned_payload = self.unsigned_payload;
        spec.breakage.clone_from(&self.breakage);
        spec
    }
}

/// The parameters encoded as the encoding sends them, padded to `size` bytes: trailing spaces
/// after JSON, a `Padding=xxx…` parameter after a form or query. Never shorter than the
/// parameters themselves.
fn padded(params: &Map<String, Value>, encoding: Encoding, size: usize) -> Vec<u8> {
    let mut bytes = match encoding {
        Encoding::Json => wire::encode_json(params, JsonStyle::Python),
        Encoding::Form | Encoding::Query => {
            wire::encode_pairs(&wire::flatten(params, JsonStyle::Python)).into_bytes()
        }
    };
    if bytes.len() >= size {
        return bytes;
    }
    match encoding {
        Encoding::Json => bytes.resize(size, b' '),
        Encoding::Form | Encoding::Query => {
            if !bytes.is_empty() {
                bytes.push(b'&');
            }
            bytes.extend_from_slice(b"Padding=");
            let fill = size.saturating_sub(bytes.len()).max(1);
            bytes.extend(std::iter::repeat_n(b'x', fill));
        }
    }
    bytes
}

#[cfg(test)]
mod tests;
