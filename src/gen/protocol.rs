//! Protocol faults: what the generator breaks beyond the parameters (headers missing or wrong,
//! a wrong action or version, stale and future timestamps, wrong or truncated signatures, an
//! unknown SecretId, a body that is not JSON, an oversized body), and the documented codes each
//! may yield.
//!
//! The codes: where the documentation names the answer, that code (`Breakage::expected_code`
//! where the wire layer states it); where it is silent, every plausible documented answer, as the
//! oracle does for parameters. When a request has several faults, which one a server reports is
//! undocumented, so a step with faults accepts the codes of every fault, and never success.

use arbitrary::{Result, Unstructured};

use crate::contract::codes::*;
use crate::contract::{Action, VERSION};
use crate::gen::case::{size_limit, GenStep, ProtocolFault};
use crate::gen::context::GenOptions;
use crate::gen::pick::weighted;
use crate::wire::{Breakage, Encoding, SignMethod, MAX_SKEW_SECONDS};

/// Action names that are not actions (a typo, the wrong case), and none at all.
pub const BAD_ACTION_NAMES: &[&str] = &[
    "DisassociateInstancesKeyPair",
    "disassociateinstanceskeypairs",
    "",
];

/// Versions that are not 2017-03-12, and none at all.
pub const BAD_VERSIONS: &[&str] = &["2017-03-13", "2020-01-01", "20170312", ""];

/// Codes of a request that carries no usable credentials.
const NO_CREDENTIALS: &[&str] = &[
    MISSING_PARAMETER,
    AUTH_FAILURE_SIGNATURE_FAILURE,
    AUTH_FAILURE_INVALID_AUTHORIZATION,
];

/// The kinds of fault, one of each kind at most per step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Skew,
    Signature,
    SecretId,
    Authorization,
    RemoveHeader,
    OverrideHeader,
    ActionName,
    Version,
    RawBody,
    Oversize,
}

/// One or two faults of distinct kinds for `step` (whose encoding and signing are chosen).
pub fn faults(
    u: &mut Unstructured<'_>,
    step: &GenStep,
    options: &GenOptions,
) -> Result<Vec<ProtocolFault>> {
    let tc3 = step.sign_method == SignMethod::Tc3;
    let mut kinds = vec![
        (20, Kind::Skew),
        (12, Kind::Signature),
        (6, Kind::SecretId),
        (6, Kind::Authorization),
        (10, Kind::RemoveHeader),
        (8, Kind::OverrideHeader),
        (8, Kind::ActionName),
        (8, Kind::Version),
    ];
    if tc3 && step.encoding == Encoding::Json {
        kinds.push((5, Kind::RawBody));
    }
    if size_limit(step.encoding) <= options.max_oversize_bytes {
        kinds.push((4, Kind::Oversize));
    }
    let count = u.int_in_range(1..=2)?;
    let mut chosen: Vec<Kind> = Vec::new();
    let mut out = Vec::new();
    for _ in 0..count {
        let kind = *weighted(u, &kinds)?;
        if chosen.contains(&kind) {
            continue;
        }
        chosen.push(kind);
        out.push(fault(u, kind, tc3)?);
    }
    Ok(out)
}

fn fault(u: &mut Unstructured<'_>, kind: Kind, tc3: bool) -> Result<ProtocolFault> {
    let window = MAX_SKEW_SECONDS;
    let breakage = match kind {
        Kind::Skew => Breakage::SkewTimestamp(match u.int_in_range(0..=2)? {
            0 => -u.int_in_range(window + 1..=86_400)?,
            1 => u.int_in_range(window + 1..=86_400)?,
            _ => u.int_in_range(-window..=window)?,
        }),
        Kind::Signature => match u.int_in_range(0..=3)? {
            0 => Breakage::AlterSignature,
            1 => Breakage::TruncateSignature,
            2 if tc3 => Breakage::ScopeDate("2019-02-25".into()),
            _ => Breakage::WrongSecret,
        },
        Kind::SecretId => Breakage::UnknownSecretId,
        Kind::Authorization => Breakage::DropAuthorization,
        Kind::RemoveHeader => {
            let names: &[&str] = if tc3 {
                &[
                    "X-TC-Action",
                    "X-TC-Version",
                    "X-TC-Timestamp",
                    "Host",
                    "Content-Type",
                    "Authorization",
                ]
            } else {
                &["Host"]
            };
            Breakage::RemoveHeader((*u.choose(names)?).into())
        }
        Kind::OverrideHeader => {
            let edits: &[(&str, &str)] = if tc3 {
                &[
                    ("Content-Type", "text/plain"),
                    ("Host", "evil.example.com"),
                    ("X-TC-Action", "DisassociateInstancesKeyPair"),
                    ("X-TC-Version", "2017-03-13"),
                    ("X-TC-Timestamp", "now"),
                    ("Authorization", "TC3-HMAC-SHA256 garbage"),
                ]
            } else {
                &[("Host", "evil.example.com")]
            };
            let (name, value) = *u.choose(edits)?;
            Breakage::OverrideHeader(name.into(), value.into())
        }
        Kind::ActionName => {
            return Ok(ProtocolFault::ActionName(
                (*u.choose(BAD_ACTION_NAMES)?).into(),
            ))
        }
        Kind::Version => return Ok(ProtocolFault::Version((*u.choose(BAD_VERSIONS)?).into())),
        Kind::RawBody => {
            let bodies: &[&[u8]] = &[b"{\"InstanceIds\": [", b"[]", b"null", b"\xff\xfe", b""];
            Breakage::RawBody(u.choose(bodies)?.to_vec())
        }
        Kind::Oversize => return Ok(ProtocolFault::Oversize),
    };
    Ok(ProtocolFault::Breakage(breakage))
}

/// The documented codes `fault` may yield in `step`; `None` when it changes nothing a server
/// judges (a skew inside the window, an edit of a header no check reads, the right version).
/// `Some(&[])` marks a fault outside what the generator makes, for which nothing is acceptable.
pub fn fault_codes(fault: &ProtocolFault, step: &GenStep) -> Option<&'static [&'static str]> {
    match fault {
        ProtocolFault::Breakage(breakage) => breakage_codes(breakage, step),
        ProtocolFault::ActionName(name) if name.trim().is_empty() => {
            Some(&[MISSING_PARAMETER, INVALID_ACTION])
        }
        ProtocolFault::ActionName(name) => match Action::from_name(name.trim()) {
            Some(action) if action == step.action => None,
            Some(_) => Some(&[]),
            None => Some(&[INVALID_ACTION]),
        },
        ProtocolFault::Version(version) if version.trim() == VERSION => None,
        ProtocolFault::Version(version) if version.trim().is_empty() => {
            Some(&[MISSING_PARAMETER, NO_SUCH_VERSION])
        }
        ProtocolFault::Version(_) => Some(&[NO_SUCH_VERSION]),
        ProtocolFault::Oversize => Some(&[REQUEST_SIZE_LIMIT_EXCEEDED]),
    }
}

fn breakage_codes(breakage: &Breakage, step: &GenStep) -> Option<&'static [&'static str]> {
    let tc3 = step.sign_method == SignMethod::Tc3;
    match breakage {
        Breakage::SkewTimestamp(seconds)
            if seconds.unsigned_abs() <= MAX_SKEW_SECONDS.unsigned_abs() =>
        {
            None
        }
        Breakage::SkewTimestamp(_) => Some(&[AUTH_FAILURE_SIGNATURE_EXPIRE]),
        Breakage::WrongSecret
        | Breakage::TruncateSignature
        | Breakage::AlterSignature
        | Breakage::ScopeDate(_) => Some(&[AUTH_FAILURE_SIGNATURE_FAILURE]),
        Breakage::UnknownSecretId => Some(&[AUTH_FAILURE_SECRET_ID_NOT_FOUND]),
        Breakage::DropAuthorization => Some(NO_CREDENTIALS),
        Breakage::RawBody(_) => Some(&[INVALID_PARAMETER, INVALID_PARAMETER_VALUE]),
        Breakage::RemoveHeader(name) => match name.to_ascii_lowercase().as_str() {
            "authorization" if tc3 => Some(NO_CREDENTIALS),
            "x-tc-action" if tc3 => Some(&[MISSING_PARAMETER, INVALID_ACTION]),
            "x-tc-version" if tc3 => Some(&[MISSING_PARAMETER, NO_SUCH_VERSION]),
            "x-tc-timestamp" if tc3 => Some(&[MISSING_PARAMETER]),
            "host" => Some(&[AUTH_FAILURE_SIGNATURE_FAILURE]),
            "content-type" if tc3 => Some(&[AUTH_FAILURE_SIGNATURE_FAILURE]),
            _ => Some(&[]),
        },
        Breakage::OverrideHeader(name, value) => match name.to_ascii_lowercase().as_str() {
            "host" => Some(&[AUTH_FAILURE_SIGNATURE_FAILURE]),
            "content-type" if tc3 => Some(&[AUTH_FAILURE_SIGNATURE_FAILURE]),
            "x-tc-action" if tc3 && Action::from_name(value).is_none() => Some(&[INVALID_ACTION]),
            "x-tc-version" if tc3 && value != VERSION => Some(&[NO_SUCH_VERSION]),
            "x-tc-timestamp" if tc3 && !value.bytes().all(|b| b.is_ascii_digit()) => {
                Some(&[INVALID_PARAMETER, AUTH_FAILURE_SIGNATURE_FAILURE])
            }
            "authorization" if tc3 => Some(&[
                AUTH_FAILURE_INVALID_AUTHORIZATION,
                AUTH_FAILURE_SIGNATURE_FAILURE,
            ]),
            _ => Some(&[]),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::gen::Seed;

    #[test]
    fn every_generated_fault_has_codes_or_is_a_no_op_and_all_are_documented() {
        let step = |encoding, sign_method| {
            GenStep::new(Action::DisassociateInstancesKeyPairs, json!({}))
                .with_encoding(encoding)
                .signed_with(sign_method)
        };
        let steps = [
            step(Encoding::Json, SignMethod::Tc3),
            step(Encoding::Query, SignMethod::Tc3),
            step(Encoding::Form, SignMethod::HmacSha1),
            step(Encoding::Query, SignMethod::HmacSha256),
        ];
        let options = GenOptions {
            max_steps: 1,
            protocol: true,
            max_oversize_bytes: usize::MAX,
        };
        let mut no_ops = 0;
        for seed in 0..300 {
            let bytes = Seed(seed).bytes();
            let mut u = Unstructured::new(&bytes);
            for step in &steps {
                for fault in faults(&mut u, step, &options).unwrap() {
                    match fault_codes(&fault, step) {
                        None => no_ops += 1,
                        Some(codes) => {
                            assert!(!codes.is_empty(), "{fault:?} in {step:?}");
                            for code in codes {
                                assert!(is_documented(Some(step.action), code), "{code}");
                            }
                        }
                    }
                }
            }
        }
        assert!(no_ops > 0, "skews inside the window are generated too");
    }
}
