//! The request model: what to send ([`RequestSpec`]) and with which [`Credentials`], and what
//! [`crate::wire::sign`] makes of them: a [`SignedRequest`] (exact method, path, headers and
//! body) with every signing stage recorded in a [`SigningTrace`].

use std::fmt;

use serde_json::{Map, Value};

use crate::contract::{DEFAULT_HOST, VERSION};
use crate::wire::breakage::Breakage;
use crate::wire::hex::HexDigest;
use crate::wire::params::JsonStyle;
use crate::wire::{tc3, v1};

/// A secret key. `Debug` and `Display` print `[redacted]`; only [`SecretKey::expose`] reveals it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a secret key.
    pub fn new(secret: impl Into<String>) -> SecretKey {
        SecretKey(secret.into())
    }

    /// The secret itself, for signing and verification only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// What every redacted secret, signature or token is replaced with.
pub const REDACTED: &str = "[redacted]";

/// An API key pair, with the session token of temporary credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The SecretId (`AKID…`), sent in the clear.
    pub secret_id: String,
    /// The SecretKey, never sent and never printed.
    pub secret_key: SecretKey,
    /// The session token of temporary credentials, sent as `X-TC-Token` or `Token`.
    pub token: Option<String>,
}

/// How a request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignMethod {
    /// Signature v3, TC3-HMAC-SHA256, in the `Authorization` header.
    Tc3,
    /// Signature v1 with HMAC-SHA1, in the `Signature` parameter.
    HmacSha1,
    /// Signature v1 with HMAC-SHA256, in the `Signature` parameter.
    HmacSha256,
}

impl SignMethod {
    /// The method's documented name (`TC3-HMAC-SHA256`, `HmacSHA1`, `HmacSHA256`).
    pub fn name(self) -> &'static str {
        match self {
            SignMethod::Tc3 => tc3::ALGORITHM,
            SignMethod::HmacSha1 => v1::V1Hash::Sha1.name(),
            SignMethod::HmacSha256 => v1::V1Hash::Sha256.name(),
        }
    }

    /// The v1 hash, or `None` for TC3.
    pub fn v1_hash(self) -> Option<v1::V1Hash> {
        match self {
            SignMethod::Tc3 => None,
            SignMethod::HmacSha1 => Some(v1::V1Hash::Sha1),
            SignMethod::HmacSha256 => Some(v1::V1Hash::Sha256),
        }
    }
}

/// How the business parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// POST `application/json` (TC3 only).
    Json,
    /// POST `application/x-www-form-urlencoded` (v1 in the SDKs; TC3 also signs it).
    Form,
    /// GET with a query string, `Content-Type: application/x-www-form-urlencoded`.
    Query,
}

impl Encoding {
    /// A short name (`json`, `form`, `query`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Json => "json",
            Encoding::Form => "form",
            Encoding::Query => "query",
        }
    }

    /// The HTTP method: POST for bodies, GET for queries.
    pub fn method(self) -> &'static str {
        match self {
            Encoding::Json | Encoding::Form => "POST",
            Encoding::Query => "GET",
        }
    }

    /// The `Content-Type` the SDKs send with it.
    pub fn default_content_type(self) -> &'static str {
        match self {
            Encoding::Json => "application/json",
            Encoding::Form | Encoding::Query => FORM_CONTENT_TYPE,
        }
    }
}

/// The content type of forms and queries.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The business parameters, or bytes to send as they are.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Parameters, encoded per the request's [`Encoding`] and [`JsonStyle`].
    Params(Map<String, Value>),
    /// Exact bytes: the body, or for [`Encoding::Query`] the query string (must be UTF-8).
    /// With v1 signing they must decode as a form and stand for the business parameters.
    Raw(Vec<u8>),
}

/// Everything needed to build one request, time and nonce included (nothing is read from a
/// clock or a random source).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    /// The action name, sent as `X-TC-Action` or `Action`.
    pub action: String,
    /// The API version, sent as `X-TC-Version` or `Version`.
    pub version: String,
    /// The region; omitted when `None`.
    pub region: Option<String>,
    /// The Host header value and signed host, verbatim: it may even be
    /// `http://127.0.0.1:9000`, as the Python SDK sends when its endpoint has a scheme.
    pub host: String,
    /// The Unix timestamp to sign and send (see [`Breakage::SkewTimestamp`]).
    pub timestamp: i64,
    /// The v1 `Nonce` (unused by TC3).
    pub nonce: u64,
    /// `X-TC-Language` / `Language`; omitted when `None`.
    pub language: Option<String>,
    /// `X-TC-RequestClient` / `RequestClient`; omitted when `None`.
    pub request_client: Option<String>,
    /// How the parameters travel.
    pub encoding: Encoding,
    /// How the request is signed.
    pub sign_method: SignMethod,
    /// The SDK flavour of the bytes: JSON spacing and escaping, form spelling of booleans.
    pub json_style: JsonStyle,
    /// A `Content-Type` to send and sign instead of the encoding's default.
    pub content_type: Option<String>,
    /// Headers to send and sign (TC3) besides `Content-Type` and `Host`. A name already present
    /// (any case, e.g. `X-TC-Action`) replaces that header's value; others are appended before
    /// `Authorization`. Values are lower-cased in the canonical headers, as in the docs. With v1
    /// they are sent unsigned.
    pub extra_signed_headers: Vec<(String, String)>,
    /// Send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and hash that literal instead of the body.
    pub unsigned_payload: bool,
    /// The business parameters or raw bytes.
    pub body: Body,
    /// Deliberate faults to inject (empty for a correct request).
    pub breakage: Vec<Breakage>,
}

impl RequestSpec {
    /// A TC3 JSON request in the Python SDK's style for `action` of version 2017-03-12 on the
    /// default host, with no region, language, request client or breakage.
    pub fn new(action: &str, timestamp: i64, nonce: u64, body: Body) -> RequestSpec {
        RequestSpec {
            action: action.to_owned(),
            version: VERSION.to_owned(),
            region: None,
            host: DEFAULT_HOST.to_owned(),
            timestamp,
            nonce,
            language: None,
            request_client: None,
            encoding: Encoding::Json,
            sign_method: SignMethod::Tc3,
            json_style: JsonStyle::Python,
            content_type: None,
            extra_signed_headers: Vec::new(),
            unsigned_payload: false,
            body,
            breakage: Vec::new(),
        }
    }
}

/// A request ready to send; only [`crate::wire::sign`] builds one (and
/// [`crate::wire::sign_into`] rebuilds one in place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub(super) method: &'static str,
    pub(super) path_and_query: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    pub(super) trace: SigningTrace,
}

impl SignedRequest {
    /// A request with nothing in it yet, for the signer to fill (allocates nothing).
    pub(crate) fn empty() -> SignedRequest {
        SignedRequest {
            method: "POST",
            path_and_query: String::new(),
            headers: Vec::new(),
            body: Vec::new(),
            trace: SigningTrace::Tc3(Tc3Trace::default()),
        }
    }

    /// `POST` or `GET`.
    pub fn method(&self) -> &str {
        self.method
    }

    /// `/` or `/?query`.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The headers, in the order to send them.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first header of this name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body bytes (empty for GET).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Every stage of the signature.
    pub fn trace(&self) -> &SigningTrace {
        &self.trace
    }
}

/// The stages of a signature, as computed (after-signing breakage such as a truncated signature
/// or a removed header shows in the request, not here).
// The TC3 stages are held inline (hex digests included) so that signing allocates less; boxing
// them would cost an allocation per signature to save a few copies of a few hundred bytes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningTrace {
    /// A TC3-HMAC-SHA256 signature.
    Tc3(Tc3Trace),
    /// A v1 signature.
    V1(V1Trace),
}

/// The stages of a TC3 signature. `Debug` hides the signing key.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Tc3Trace {
    /// The timestamp signed (and sent).
    pub timestamp: i64,
    /// Stage 1: hex SHA-256 of the body (or of `UNSIGNED-PAYLOAD`).
    pub hashed_payload: HexDigest,
    /// Stage 2: the canonical request.
    pub canonical_request: String,
    /// Hex SHA-256 of the canonical request.
    pub hashed_canonical_request: HexDigest,
    /// Stage 3: the string to sign.
    pub string_to_sign: String,
    /// Stage 4: hex of kSigning (a day-long credential: keep it out of reports).
    pub signing_key_hex: HexDigest,
    /// Stage 5: the signature computed.
    pub signature: HexDigest,
    /// Stage 6: the `Authorization` value built (with a truncated or altered signature if asked).
    pub authorization: String,
}

impl Tc3Trace {
    /// The credential-scope date, as signed (read back from the string to sign).
    pub fn date(&self) -> &str {
        let scope = self.string_to_sign.split('\n').nth(2).unwrap_or("");
        scope.split('/').next().unwrap_or("")
    }
}

impl fmt::Debug for Tc3Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3Trace")
            .field("timestamp", &self.timestamp)
            .field("hashed_payload", &self.hashed_payload)
            .field("canonical_request", &self.canonical_request)
            .field("hashed_canonical_request", &self.hashed_canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("signing_key_hex", &REDACTED)
            .field("signature", &self.signature)
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// The stages of a v1 signature.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct V1Trace {
    /// The string to sign.
    pub string_to_sign: String,
    /// The Base64 signature computed.
    pub signature: String,
}

/// The first value of header `name` (any case).
pub(crate) fn find_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(present, _)| present.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys_print_redacted() {
        let key = SecretKey::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
        assert_eq!(format!("{key:?}"), REDACTED);
        assert_eq!(key.to_string(), REDACTED);
        assert_eq!(key.expose(), "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
        let credentials = Credentials {
            secret_id: "AKID".into(),
            secret_key: key,
            token: None,
        };
        assert!(!format!("{credentials:?}").contains("EXAMPLE"));
    }

    #[test]
    fn methods_encodings_and_defaults() {
        assert_eq!(SignMethod::Tc3.name(), "TC3-HMAC-SHA256");
        assert_eq!(SignMethod::HmacSha1.name(), "HmacSHA1");
        assert_eq!(SignMethod::HmacSha256.name(), "HmacSHA256");
        assert_eq!(SignMethod::Tc3.v1_hash(), None);
        assert_eq!(Encoding::Json.method(), "POST");
        assert_eq!(Encoding::Form.method(), "POST");
        assert_eq!(Encoding::Query.method(), "GET");
        assert_eq!(Encoding::Json.default_content_type(), "application/json");
        assert_eq!(Encoding::Query.default_content_type(), FORM_CONTENT_TYPE);
        let spec = RequestSpec::new("DescribeInstances", 1, 2, Body::Raw(Vec::new()));
        assert_eq!(spec.version, VERSION);
        assert_eq!(spec.host, DEFAULT_HOST);
        assert_eq!(
            (spec.encoding, spec.sign_method),
            (Encoding::Json, SignMethod::Tc3)
        );
        assert_eq!(spec.json_style, JsonStyle::Python);
    }

    #[test]
    fn trace_debug_hides_the_signing_key_and_reads_the_date_back() {
        let trace = Tc3Trace {
            string_to_sign: "TC3-HMAC-SHA256\n1\n1970-01-01/cvm/tc3_request\nabc".into(),
            signing_key_hex: HexDigest::from_bytes(&[0xab; 32]),
            ..Tc3Trace::default()
        };
        assert!(!format!("{trace:?}").contains("abab"));
        assert_eq!(trace.date(), "1970-01-01");
        assert_eq!(Tc3Trace::default().date(), "");
    }
}
