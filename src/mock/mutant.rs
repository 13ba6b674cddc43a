//! The mock's named faulty modes ("mutants"): each is exactly one documented deviation from the
//! contract, so that the harness can prove it catches that deviation (design §8, "the harness
//! tests itself"). They are the deliberate, named exceptions to "the mock holds no rules of its
//! own": a thin layer around the three places the service decides, and nothing else.
//!
//! The three layers live in `layer`:
//! - [`verify_checks`]: which signature checks run (`bad-signature-accepted`,
//!   `stale-timestamp-accepted`);
//! - [`execute`]: the action's execution, around `contract::service::execute_params` (the
//!   parameter, ID, OS, state, atomicity and effect mutants);
//! - [`reply`]: the finished HTTP reply (status, content type, `RequestId`).
//!
//! Without a mutant each of them is the identity: the conforming mock is untouched.

mod layer;

use std::fmt;
use std::str::FromStr;

pub use layer::{execute, reply, verify_checks};

/// The code the `undocumented-code` mutant answers instead of `InvalidInstanceId.NotFound`: in no
/// catalogue.
pub const UNDOCUMENTED_INSTANCE_CODE: &str = "ResourceNotFound.InstanceNotFound";
/// The code the `undocumented-code` mutant answers instead of `InvalidKeyPairId.NotFound`.
pub const UNDOCUMENTED_KEY_PAIR_CODE: &str = "ResourceNotFound.KeyPairNotFound";
/// The content type the `charset-in-content-type` mutant sends.
pub const CHARSET_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// One deliberate deviation from the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mutant {
    /// A list of exactly 101 IDs is accepted (the limit is 100).
    LimitOffByOne,
    /// A malformed instance or key-pair ID is answered `…NotFound` instead of `…Malformed`.
    MalformedAsNotFound,
    /// IDs that are malformed only by upper case are lower-cased and accepted.
    UpperCaseIdsAccepted,
    /// A Windows instance is treated as Linux: its keys can be unbound.
    WindowsUnbound,
    /// A `RUNNING` instance is changed without `ForceStop`, as if it had been given.
    RunningWithoutForceStop,
    /// A batch refused on one instance is still applied to the instances that pass.
    NonAtomicBatch,
    /// A binding action answers success and changes nothing.
    SuccessWithoutEffect,
    /// Error replies come with HTTP 400 instead of 200.
    ErrorsWithHttp400,
    /// Replies carry `Content-Type: application/json; charset=utf-8`.
    CharsetInContentType,
    /// Replies have no `Response.RequestId`.
    MissingRequestId,
    /// `…NotFound` errors come with a code documented nowhere.
    UndocumentedCode,
    /// A wrong signature (or credential date) is accepted.
    BadSignatureAccepted,
    /// A timestamp more than 300 s away from the server clock is accepted.
    StaleTimestampAccepted,
    /// Parameters the action does not define are dropped instead of refused.
    UnknownParametersIgnored,
    /// The `RequestId` is sent in upper case.
    UpperCaseRequestId,
}

/// A name that is not a mutant's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown mutant `{name}`; the mutants are: {}", Mutant::names().join(", "))]
pub struct UnknownMutant {
    /// The name given.
    pub name: String,
}

impl Mutant {
    /// Every mutant, in the order of the documentation.
    pub const ALL: &'static [Mutant] = &[
        Mutant::LimitOffByOne,
        Mutant::MalformedAsNotFound,
        Mutant::UpperCaseIdsAccepted,
        Mutant::WindowsUnbound,
        Mutant::RunningWithoutForceStop,
        Mutant::NonAtomicBatch,
        Mutant::SuccessWithoutEffect,
        Mutant::ErrorsWithHttp400,
        Mutant::CharsetInContentType,
        Mutant::MissingRequestId,
        Mutant::UndocumentedCode,
        Mutant::BadSignatureAccepted,
        Mutant::StaleTimestampAccepted,
        Mutant::UnknownParametersIgnored,
        Mutant::UpperCaseRequestId,
    ];

    /// The mutant's stable kebab-case name, as `tcconform mock --mutant` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Mutant::LimitOffByOne => "limit-off-by-one",
            Mutant::MalformedAsNotFound => "malformed-as-not-found",
            Mutant::UpperCaseIdsAccepted => "upper-case-ids-accepted",
            Mutant::WindowsUnbound => "windows-unbound",
            Mutant::RunningWithoutForceStop => "running-without-force-stop",
            Mutant::NonAtomicBatch => "non-atomic-batch",
            Mutant::SuccessWithoutEffect => "success-without-effect",
            Mutant::ErrorsWithHttp400 => "errors-with-http-400",
            Mutant::CharsetInContentType => "charset-in-content-type",
            Mutant::MissingRequestId => "missing-request-id",
            Mutant::UndocumentedCode => "undocumented-code",
            Mutant::BadSignatureAccepted => "bad-signature-accepted",
            Mutant::StaleTimestampAccepted => "stale-timestamp-accepted",
            Mutant::UnknownParametersIgnored => "unknown-parameters-ignored",
            Mutant::UpperCaseRequestId => "upper-case-request-id",
        }
    }

    /// What the mutant does differently, in one line.
    pub fn description(self) -> &'static str {
        match self {
            Mutant::LimitOffByOne => "accepts 101 ids in a list (the limit is 100)",
            Mutant::MalformedAsNotFound => "answers NotFound for a malformed id",
            Mutant::UpperCaseIdsAccepted => "accepts upper-case ids as well-formed",
            Mutant::WindowsUnbound => "unbinds keys from a Windows instance",
            Mutant::RunningWithoutForceStop => "changes a running instance without ForceStop",
            Mutant::NonAtomicBatch => "applies a refused batch to the instances that pass",
            Mutant::SuccessWithoutEffect => "answers success to a binding action, changes nothing",
            Mutant::ErrorsWithHttp400 => "sends errors with HTTP 400",
            Mutant::CharsetInContentType => "sends Content-Type: application/json; charset=utf-8",
            Mutant::MissingRequestId => "leaves RequestId out of every reply",
            Mutant::UndocumentedCode => "answers NotFound errors with an undocumented code",
            Mutant::BadSignatureAccepted => "accepts a wrong signature",
            Mutant::StaleTimestampAccepted => "accepts a timestamp more than 300 s off",
            Mutant::UnknownParametersIgnored => "ignores parameters the action does not define",
            Mutant::UpperCaseRequestId => "sends the RequestId in upper case",
        }
    }

    /// Every mutant's name, in [`Mutant::ALL`] order.
    pub fn names() -> Vec<&'static str> {
        Mutant::ALL.iter().map(|mutant| mutant.name()).collect()
    }
}

impl FromStr for Mutant {
    type Err = UnknownMutant;

    /// The mutant with this exact name.
    fn from_str(name: &str) -> Result<Mutant, UnknownMutant> {
        Mutant::ALL
            .iter()
            .copied()
            .find(|mutant| mutant.name() == name)
            .ok_or_else(|| UnknownMutant {
                name: name.to_owned(),
            })
    }
}

impl fmt::Display for Mutant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;
