//! The wire layer's typed errors: [`WireError`] (a request that cannot be encoded, decoded or
//! signed) and [`VerifyError`] (a received request that does not verify), each kind carrying the
//! API error code a server answers with.

use crate::contract::codes;

/// An error of the wire layer: a request that cannot be encoded or signed as asked, or received
/// parameters that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct WireError {
    kind: WireErrorKind,
}

/// What went wrong. Decoding kinds carry the API error code a server answers with
/// ([`WireErrorKind::code`]); signing kinds describe a request the signer refuses to build.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WireErrorKind {
    /// A `%` in a form body or query string is not followed by two hex digits.
    #[error("bad percent escape at byte {offset}")]
    BadPercentEscape {
        /// Byte offset of the `%` in the input.
        offset: usize,
    },
    /// A decoded name or value is not UTF-8.
    #[error("{what} is not valid utf-8")]
    NotUtf8 {
        /// What was being decoded (`"form body"`, `"query"`, `"name"`, `"value"`).
        what: &'static str,
    },
    /// A form segment has no `=` between its name and value.
    #[error("segment {segment:?} has no '=' between name and value")]
    MissingEquals {
        /// The offending segment, raw.
        segment: String,
    },
    /// A flattened name has an empty segment (`""`, `"A..B"`, `"A."`, `".A"`).
    #[error("parameter name {key:?} has an empty segment")]
    EmptySegment {
        /// The full flattened name.
        key: String,
    },
    /// A numeric segment is not a canonical index (leading zero, or too large).
    #[error("parameter name {key:?} has a bad index")]
    BadIndex {
        /// The full flattened name.
        key: String,
    },
    /// A flattened name is nested deeper than [`crate::wire::MAX_DEPTH`] segments.
    #[error("parameter name {key:?} is nested too deeply")]
    TooDeep {
        /// The full flattened name.
        key: String,
    },
    /// Two flattened names disagree on the shape at `key`: a value and a container, a list and
    /// an object, or the same name given twice.
    #[error("parameter {key:?} conflicts with an earlier parameter")]
    Conflict {
        /// The full flattened name of the later, conflicting parameter.
        key: String,
    },
    /// A list's indices are not exactly `0..n`.
    #[error("list {name:?} has no element {missing}")]
    IndexGap {
        /// The flattened name of the list.
        name: String,
        /// The first missing index.
        missing: usize,
    },
    /// The signing method cannot carry the body encoding (v1 signatures need a form or a query).
    #[error("{sign_method} cannot sign a {encoding} request")]
    Unsupported {
        /// The signing method's name.
        sign_method: &'static str,
        /// The encoding's name.
        encoding: &'static str,
    },
    /// A breakage does not apply to the request's signing method.
    #[error("breakage {breakage} does not apply to {sign_method} signing")]
    BreakageNotApplicable {
        /// The breakage's name.
        breakage: &'static str,
        /// The signing method's name.
        sign_method: &'static str,
    },
    /// A header name or value cannot be sent on the wire (control characters, empty name).
    #[error("header {name:?} cannot be sent: {reason}")]
    InvalidHeader {
        /// The header name.
        name: String,
        /// Why it cannot be sent.
        reason: &'static str,
    },
}

impl WireErrorKind {
    /// The API error code a server answers with when this error comes from decoding received
    /// parameters; `None` for kinds only the signer raises.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            WireErrorKind::BadPercentEscape { .. }
            | WireErrorKind::NotUtf8 { .. }
            | WireErrorKind::MissingEquals { .. }
            | WireErrorKind::EmptySegment { .. }
            | WireErrorKind::BadIndex { .. }
            | WireErrorKind::TooDeep { .. }
            | WireErrorKind::Conflict { .. }
            | WireErrorKind::IndexGap { .. } => Some(codes::INVALID_PARAMETER),
            WireErrorKind::Unsupported { .. }
            | WireErrorKind::BreakageNotApplicable { .. }
            | WireErrorKind::InvalidHeader { .. } => None,
        }
    }
}

impl WireError {
    /// What went wrong.
    pub fn kind(&self) -> &WireErrorKind {
        &self.kind
    }

    /// Shorthand for [`WireErrorKind::code`].
    pub fn code(&self) -> Option<&'static str> {
        self.kind.code()
    }
}

impl From<WireErrorKind> for WireError {
    fn from(kind: WireErrorKind) -> WireError {
        WireError { kind }
    }
}

/// Why a request did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct VerifyError {
    kind: VerifyErrorKind,
}

/// The reasons a request does not verify, each with its API error code ([`VerifyError::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyErrorKind {
    /// A method other than GET and POST: `UnsupportedProtocol`.
    #[error("method {method:?} is not get or post")]
    UnsupportedMethod {
        /// The method received.
        method: String,
    },
    /// No `Authorization` header and no v1 `Signature`/`SecretId` parameter: `MissingParameter`.
    #[error("request has no authorization header and no signature parameter")]
    MissingCredentials,
    /// The `Authorization` header is not in the TC3 format: `AuthFailure.InvalidAuthorization`.
    #[error("invalid authorization: {reason}")]
    InvalidAuthorization {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A required header or parameter is absent: `MissingParameter`.
    #[error("missing required parameter {name}")]
    MissingParameter {
        /// The header or parameter name.
        name: &'static str,
    },
    /// A header or parameter has a bad value: `InvalidParameter`.
    #[error("parameter {name} is invalid: {reason}")]
    InvalidParameter {
        /// The header or parameter name.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The SecretId is unknown: `AuthFailure.SecretIdNotFound`.
    #[error("secret id {secret_id:?} is not found")]
    UnknownSecretId {
        /// The SecretId received.
        secret_id: String,
    },
    /// The timestamp is more than 300 s away from now: `AuthFailure.SignatureExpire`.
    #[error("timestamp {timestamp} is more than 300 s away from {now}")]
    Expired {
        /// The timestamp received.
        timestamp: i64,
        /// The verifier's time.
        now: i64,
    },
    /// The credential date is not the timestamp's UTC date: `AuthFailure.SignatureFailure`.
    #[error("credential date {scope_date:?} is not the timestamp's utc date {expected}")]
    ScopeDateMismatch {
        /// The date in the credential.
        scope_date: String,
        /// The UTC date of the timestamp.
        expected: String,
    },
    /// The signature does not match: `AuthFailure.SignatureFailure`.
    #[error("signature does not match")]
    SignatureMismatch,
    /// A TC3 POST with a content type that carries no known encoding: `InvalidParameter`.
    #[error("content type {content_type:?} is not json or form")]
    UnsupportedContentType {
        /// The `Content-Type` received (empty when absent).
        content_type: String,
    },
    /// A JSON body that does not parse: `InvalidParameter`.
    #[error("body is not json: {reason}")]
    BodyNotJson {
        /// The parser's message.
        reason: String,
    },
    /// A JSON body that is not an object: `InvalidParameter`.
    #[error("body is not a json object")]
    BodyNotObject,
    /// A form body or query that does not decode: the wire error's code.
    #[error("parameters do not decode: {0}")]
    Decode(WireError),
}

impl VerifyError {
    /// Why it failed.
    pub fn kind(&self) -> &VerifyErrorKind {
        &self.kind
    }

    /// The API error code a server answers with.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            VerifyErrorKind::UnsupportedMethod { .. } => codes::UNSUPPORTED_PROTOCOL,
            VerifyErrorKind::MissingCredentials | VerifyErrorKind::MissingParameter { .. } => {
                codes::MISSING_PARAMETER
            }
            VerifyErrorKind::InvalidAuthorization { .. } => {
                codes::AUTH_FAILURE_INVALID_AUTHORIZATION
            }
            VerifyErrorKind::UnknownSecretId { .. } => codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND,
            VerifyErrorKind::Expired { .. } => codes::AUTH_FAILURE_SIGNATURE_EXPIRE,
            VerifyErrorKind::ScopeDateMismatch { .. } | VerifyErrorKind::SignatureMismatch => {
                codes::AUTH_FAILURE_SIGNATURE_FAILURE
            }
            VerifyErrorKind::InvalidParameter { .. }
            | VerifyErrorKind::UnsupportedContentType { .. }
            | VerifyErrorKind::BodyNotJson { .. }
            | VerifyErrorKind::BodyNotObject => codes::INVALID_PARAMETER,
            VerifyErrorKind::Decode(error) => error.code().unwrap_or(codes::INVALID_PARAMETER),
        }
    }
}

impl From<VerifyErrorKind> for VerifyError {
    fn from(kind: VerifyErrorKind) -> VerifyError {
        VerifyError { kind }
    }
}

impl From<WireError> for VerifyError {
    fn from(error: WireError) -> VerifyError {
        VerifyErrorKind::Decode(error).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_kinds_carry_invalid_parameter_and_sign_kinds_none() {
        let conflict = WireError::from(WireErrorKind::Conflict { key: "A.0".into() });
        assert_eq!(conflict.code(), Some(codes::INVALID_PARAMETER));
        let gap = WireErrorKind::IndexGap {
            name: "A".into(),
            missing: 1,
        };
        assert_eq!(gap.code(), Some(codes::INVALID_PARAMETER));
        let unsupported = WireErrorKind::Unsupported {
            sign_method: "HmacSHA1",
            encoding: "json",
        };
        assert_eq!(unsupported.code(), None);
    }

    #[test]
    fn messages_are_lowercase_without_trailing_period() {
        let errors = [
            WireErrorKind::BadPercentEscape { offset: 3 }.to_string(),
            WireErrorKind::Conflict { key: "A".into() }.to_string(),
            WireErrorKind::IndexGap {
                name: "A".into(),
                missing: 2,
            }
            .to_string(),
        ];
        for message in errors {
            assert!(message.starts_with(|c: char| c.is_lowercase()), "{message}");
            assert!(!message.ends_with('.'), "{message}");
        }
    }
}
