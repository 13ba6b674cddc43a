//! Wire encoding: exact request bytes, signing and verification, deliberate breakage, and the
//! response-envelope validator.
//!
//! Invariant: pure. No I/O, no clock reads, no randomness: time, nonces and credentials are
//! parameters. Nothing here knows an HTTP client or server; the client and the mock both use it.
//!
//! Entry points: [`sign`] (a [`RequestSpec`] and [`Credentials`] to a [`SignedRequest`]),
//! [`verify`] (a [`Received`] request to [`Verified`] parameters or a [`VerifyError`] with its
//! API code) and [`envelope::validate`] (a response to its findings). The signing stages are
//! public in [`tc3`] and [`v1`] so that vectors can be checked stage by stage.

mod breakage;
mod date;
pub mod envelope;
mod error;
mod form;
mod given;
mod headers;
mod hex;
mod params;
mod render;
mod request;
mod signer;
pub mod tc3;
pub mod v1;
mod verify;

pub use breakage::Breakage;
pub use date::{utc_date, UtcDate};
pub use error::{VerifyError, VerifyErrorKind, WireError, WireErrorKind};
pub use form::{decode_pairs, encode_pairs, flatten, percent_encode, unflatten, MAX_DEPTH};
pub use given::Params;
pub use hex::HexDigest;
pub use params::{encode_json, encode_json_into, scalar_text, write_json, JsonStyle};
pub use request::{
    Body, Credentials, Encoding, RequestSpec, SecretKey, SignMethod, SignedRequest, SigningTrace,
    Tc3Trace, V1Trace, REDACTED,
};
pub(crate) use signer::sign_params_into;
pub use signer::{sign, sign_into};
pub use verify::{
    decode_form_params, decode_json_body, decode_json_params, verify, verify_with, HeaderPair,
    Received, SecretKeys, Verified, VerifyChecks, COMMON_V1_PARAMS, MAX_SKEW_SECONDS,
};
