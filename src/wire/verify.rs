//! Verification of a received request's signature (TC3 or v1), as the mock does it: over the raw
//! received bytes, the received `Host` value verbatim and the request's own `SignedHeaders`, with
//! a ±300 s clock window. Also the decoding of the business parameters, exposed for fuzzing.
//!
//! Checks run in a fixed order and the first failure wins:
//! 1. the method is GET or POST (`UnsupportedProtocol`);
//! 2. TC3 when an `Authorization` header is present: its format
//!    (`AuthFailure.InvalidAuthorization`); v1 otherwise, when the query (GET) or form body (POST)
//!    carries `Signature` or `SecretId`: the parameters must decode (`InvalidParameter`);
//!    neither: `MissingParameter` (the choice for a request with no credentials at all, in line
//!    with the server's "missing a required parameter" answers);
//! 3. the timestamp is present (`MissingParameter`) and a decimal integer (`InvalidParameter`),
//!    and for v1 the `Signature`, `SecretId` and `Nonce` parameters likewise;
//! 4. the SecretId is known (`AuthFailure.SecretIdNotFound`);
//! 5. the timestamp is within 300 s of `now`, either way (`AuthFailure.SignatureExpire`);
//! 6. TC3: the credential date is the timestamp's UTC date (`AuthFailure.SignatureFailure`);
//! 7. the signature matches (`AuthFailure.SignatureFailure`);
//! 8. the business parameters decode: a JSON object for JSON bodies, a form for form bodies and
//!    queries, a known content type for TC3 POSTs (`InvalidParameter`).
//!
//! TC3 details: the `Authorization` format is strict about its parts (`Credential` of
//! `ID/DATE/cvm/tc3_request`, a `SignedHeaders` naming `content-type` and `host`, a non-empty
//! `Signature`) but not about spacing; the canonical headers are built in the order the request's
//! `SignedHeaders` lists them, values trimmed and lower-cased; the canonical query is empty for
//! POST and the raw received query for GET; `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` is honoured.
//! v1 details: the string to sign uses the received method and `Host` and the path `/`.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::contract::plain::PlainParams;
use crate::wire::error::{VerifyError, VerifyErrorKind};
use crate::wire::form::{decode_pairs_lent, unflatten};
use crate::wire::given::Params;
use crate::wire::request::{Encoding, SignMethod};
use crate::wire::{date, tc3, v1};

/// The allowed difference, in seconds, between a request's timestamp and the verifier's clock: the
/// documented limit, [`crate::contract::limits::MAX_TIMESTAMP_SKEW_SECS`].
pub const MAX_SKEW_SECONDS: i64 = crate::contract::limits::MAX_TIMESTAMP_SKEW_SECS as i64;

/// The v1 parameters that are not business parameters.
pub const COMMON_V1_PARAMS: &[&str] = &[
    "Action",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "Version",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];

/// A request as the server received it, nothing normalised. The headers are owned pairs by
/// default (as [`crate::wire::SignedRequest::headers`] holds them); an HTTP front lends them
/// instead, as any [`HeaderPair`], so that nothing is copied per request.
#[derive(Debug)]
pub struct Received<'a, H = (String, String)> {
    /// The request method, as received.
    pub method: &'a str,
    /// The request target, raw (`/` or `/?query`).
    pub path_and_query: &'a str,
    /// The headers, names in any case, in received order.
    pub headers: &'a [H],
    /// The body bytes, raw.
    pub body: &'a [u8],
}

// By hand: a derive would ask `H: Copy`, and owned pairs are not.
impl<H> Clone for Received<'_, H> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<H> Copy for Received<'_, H> {}

/// One received header: its name and its value, as text.
pub trait HeaderPair {
    /// The name, in any case.
    fn name(&self) -> &str;
    /// The value, raw.
    fn value(&self) -> &str;
}

impl HeaderPair for (String, String) {
    fn name(&self) -> &str {
        &self.0
    }
    fn value(&self) -> &str {
        &self.1
    }
}

impl HeaderPair for (&str, &str) {
    fn name(&self) -> &str {
        self.0
    }
    fn value(&self) -> &str {
        self.1
    }
}

impl HeaderPair for (&str, Cow<'_, str>) {
    fn name(&self) -> &str {
        self.0
    }
    fn value(&self) -> &str {
        &self.1
    }
}

impl<'a, H: HeaderPair> Received<'a, H> {
    /// The value of the first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|pair| pair.name().eq_ignore_ascii_case(name))
            .map(HeaderPair::value)
    }
}

/// What a request that verified says. Texts that came in headers (TC3) are borrowed from the
/// request; those of a v1 form or query are its decoded values.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified<'a> {
    /// The SecretId that signed it.
    pub secret_id: Cow<'a, str>,
    /// How it was signed.
    pub sign_method: SignMethod,
    /// How its parameters travelled.
    pub encoding: Encoding,
    /// `X-TC-Action` / `Action`.
    pub action: Option<Cow<'a, str>>,
    /// `X-TC-Version` / `Version`.
    pub version: Option<Cow<'a, str>>,
    /// `X-TC-Region` / `Region`.
    pub region: Option<Cow<'a, str>>,
    /// `X-TC-Token` / `Token`.
    pub token: Option<Cow<'a, str>>,
    /// `X-TC-Language` / `Language`.
    pub language: Option<Cow<'a, str>>,
    /// The business parameters: the JSON body as parsed, or the form or query unflattened
    /// (string leaves). v1 requests lose their common parameters here; a TC3 request keeps every
    /// form or query parameter (its common parameters travel in headers). A plain JSON body is
    /// lent, not decoded into a map (see [`Params`]).
    pub params: Params<'a>,
}

/// Which of the checks [`verify_with`] runs. [`verify`] runs them all; only the mock's named
/// faulty modes (`mock::mutant`) turn one off, to deviate from the contract on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VerifyChecks {
    /// Check 6 and 7: the TC3 credential date and the signature itself.
    pub signature: bool,
    /// Check 5: the timestamp is within [`MAX_SKEW_SECONDS`] of `now`.
    pub clock: bool,
}

impl VerifyChecks {
    /// Every check: what a conforming server does.
    pub const ALL: VerifyChecks = VerifyChecks {
        signature: true,
        clock: true,
    };
}

/// Where the verifier finds the secret key of a SecretId: any `Fn(&str) -> Option<String>`, or a
/// table that lends its keys without copying them.
pub trait SecretKeys {
    /// The secret key of `secret_id`, if it is known.
    fn secret_key(&self, secret_id: &str) -> Option<Cow<'_, str>>;
}

impl<F: Fn(&str) -> Option<String>> SecretKeys for F {
    fn secret_key(&self, secret_id: &str) -> Option<Cow<'_, str>> {
        self(secret_id).map(Cow::Owned)
    }
}

/// Verifies `received` with the secret keys `keys` returns per SecretId, at time `now` (Unix
/// seconds). See the module documentation for the order of the checks.
pub fn verify<'a, H: HeaderPair>(
    received: &Received<'a, H>,
    keys: &dyn Fn(&str) -> Option<String>,
    now: i64,
) -> Result<Verified<'a>, VerifyError> {
    verify_with(received, &keys, now, VerifyChecks::ALL)
}

/// [`verify`] with the keys of any [`SecretKeys`], running only the checks `checks` selects (the
/// others pass).
pub fn verify_with<'a, H: HeaderPair>(
    received: &Received<'a, H>,
    keys: &dyn SecretKeys,
    now: i64,
    checks: VerifyChecks,
) -> Result<Verified<'a>, VerifyError> {
    let known = KnownHeaders::of(received);
    let encoding = match received.method {
        "GET" => Some(Encoding::Query),
        "POST" => post_encoding(known.content_type.unwrap_or("")),
        other => {
            return Err(VerifyErrorKind::UnsupportedMethod {
                method: other.chars().take(32).collect(),
            }
            .into())
        }
    };
    match known.authorization {
        Some(authorization) => {
            verify_tc3(received, &known, authorization, encoding, keys, now, checks)
        }
        None => verify_v1(received, &known, encoding, keys, now, checks),
    }
}

/// Decodes a JSON body into business parameters: it must be a JSON object.
pub fn decode_json_params(body: &[u8]) -> Result<Map<String, Value>, VerifyError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(VerifyErrorKind::BodyNotObject.into()),
        Err(error) => Err(VerifyErrorKind::BodyNotJson {
            reason: error.to_string(),
        }
        .into()),
    }
}

/// Reads a JSON body's business parameters: lent when they are plain, decoded otherwise, with the
/// errors of [`decode_json_params`].
pub fn decode_json_body(body: &[u8]) -> Result<Params<'_>, VerifyError> {
    match PlainParams::from_json(body) {
        Some(plain) => Ok(Params::Plain(plain)),
        None => decode_json_params(body).map(Params::Decoded),
    }
}

/// Decodes a form body or query string into business parameters (string leaves), keeping every
/// parameter, common ones included.
pub fn decode_form_params(input: &str) -> Result<Map<String, Value>, VerifyError> {
    Ok(unflatten(&decode_pairs_lent(input)?)?)
}

fn post_encoding(content_type: &str) -> Option<Encoding> {
    let media_type = tc3::split_ascii(content_type, b';')
        .next()
        .unwrap_or("")
        .trim();
    if media_type.eq_ignore_ascii_case("application/json") {
        Some(Encoding::Json)
    } else if media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(Encoding::Form)
    } else {
        None
    }
}

fn query_of<'a, H>(received: &Received<'a, H>) -> &'a str {
    received
        .path_and_query
        .split_once('?')
        .map_or("", |(_, query)| query)
}

/// Parses a timestamp: decimal digits only, fitting an `i64`.
fn parse_timestamp(text: &str, name: &'static str) -> Result<i64, VerifyError> {
    let digits = text.trim();
    let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    match digits.parse::<i64>() {
        Ok(value) if valid => Ok(value),
        _ => Err(VerifyErrorKind::InvalidParameter {
            name,
            reason: "not a decimal unix timestamp",
        }
        .into()),
    }
}

fn check_skew(timestamp: i64, now: i64) -> Result<(), VerifyError> {
    if (i128::from(now) - i128::from(timestamp)).abs() > i128::from(MAX_SKEW_SECONDS) {
        return Err(VerifyErrorKind::Expired { timestamp, now }.into());
    }
    Ok(())
}

fn lookup<'k>(keys: &'k dyn SecretKeys, secret_id: &str) -> Result<Cow<'k, str>, VerifyError> {
    keys.secret_key(secret_id).ok_or_else(|| {
        VerifyErrorKind::UnknownSecretId {
            secret_id: secret_id.chars().take(128).collect(),
        }
        .into()
    })
}

fn verify_tc3<'a, H: HeaderPair>(
    received: &Received<'a, H>,
    tc: &KnownHeaders<'a>,
    authorization: &'a str,
    encoding: Option<Encoding>,
    keys: &dyn SecretKeys,
    now: i64,
    checks: VerifyChecks,
) -> Result<Verified<'a>, VerifyError> {
    let parsed = tc3::parse_authorization(authorization)
        .map_err(|reason| VerifyErrorKind::InvalidAuthorization { reason })?;
    let timestamp_text = tc.timestamp.ok_or(VerifyErrorKind::MissingParameter {
        name: "X-TC-Timestamp",
    })?;
    let timestamp = parse_timestamp(timestamp_text, "X-TC-Timestamp")?;
    let secret_key = lookup(keys, parsed.secret_id)?;
    if checks.clock {
        check_skew(timestamp, now)?;
    }
    if checks.signature {
        check_tc3_signature(received, &parsed, tc, timestamp, &secret_key)?;
    }
    let (encoding, params) = match encoding {
        Some(Encoding::Json) => (Encoding::Json, decode_json_body(received.body)?),
        Some(Encoding::Query) => (
            Encoding::Query,
            Params::Decoded(decode_form_params(query_of(received))?),
        ),
        Some(Encoding::Form) => {
            let body = std::str::from_utf8(received.body).map_err(|_| {
                VerifyErrorKind::InvalidParameter {
                    name: "body",
                    reason: "form body is not utf-8",
                }
            })?;
            (Encoding::Form, Params::Decoded(decode_form_params(body)?))
        }
        None => {
            return Err(VerifyErrorKind::UnsupportedContentType {
                content_type: tc.content_type.unwrap_or("").chars().take(128).collect(),
            }
            .into())
        }
    };
    Ok(Verified {
        secret_id: Cow::Borrowed(parsed.secret_id),
        sign_method: SignMethod::Tc3,
        encoding,
        action: tc.action.map(Cow::Borrowed),
        version: tc.version.map(Cow::Borrowed),
        region: tc.region.map(Cow::Borrowed),
        token: tc.token.map(Cow::Borrowed),
        language: tc.language.map(Cow::Borrowed),
        params,
    })
}

/// The headers the verifier reads, each the first of its name (any case), found in one pass over
/// the headers rather than one search per name.
#[derive(Debug, Default)]
struct KnownHeaders<'a> {
    content_type: Option<&'a str>,
    authorization: Option<&'a str>,
    host: Option<&'a str>,
    timestamp: Option<&'a str>,
    content_sha256: Option<&'a str>,
    action: Option<&'a str>,
    version: Option<&'a str>,
    region: Option<&'a str>,
    token: Option<&'a str>,
    language: Option<&'a str>,
}

impl<'a> KnownHeaders<'a> {
    fn of<H: HeaderPair>(received: &Received<'a, H>) -> KnownHeaders<'a> {
        let mut found = KnownHeaders::default();
        for pair in received.headers {
            if let Some(slot) = found.slot(pair.name().as_bytes()) {
                slot.get_or_insert(pair.value());
            }
        }
        found
    }

    fn slot(&mut self, name: &[u8]) -> Option<&mut Option<&'a str>> {
        let slot: (&[u8], &mut Option<&'a str>) = match name.len() {
            4 => (b"host", &mut self.host),
            10 => (b"x-tc-token", &mut self.token),
            11 if name[5..].eq_ignore_ascii_case(b"action") => (b"x-tc-action", &mut self.action),
            11 => (b"x-tc-region", &mut self.region),
            12 if name[0].eq_ignore_ascii_case(&b'c') => (b"content-type", &mut self.content_type),
            12 => (b"x-tc-version", &mut self.version),
            13 if name[0].eq_ignore_ascii_case(&b'a') => {
                (b"authorization", &mut self.authorization)
            }
            13 => (b"x-tc-language", &mut self.language),
            14 => (b"x-tc-timestamp", &mut self.timestamp),
            19 => (b"x-tc-content-sha256", &mut self.content_sha256),
            _ => return None,
        };
        let (known, slot) = slot;
        same_name(name, known).then_some(slot)
    }

    /// The value of a signed header: one of the known ones, else searched for.
    fn signed<H: HeaderPair>(&self, received: &Received<'a, H>, name: &str) -> Option<&'a str> {
        if same_name(name.as_bytes(), b"content-type") {
            self.content_type
        } else if same_name(name.as_bytes(), b"host") {
            self.host
        } else {
            received.header(name)
        }
    }
}

/// Whether header name `name` is `lower` (a lower-case name) in any case. HTTP/2, most HTTP/1
/// stacks and the SDKs' `SignedHeaders` give names in lower case: an exact comparison settles
/// those at once.
fn same_name(name: &[u8], lower: &[u8]) -> bool {
    name == lower || name.eq_ignore_ascii_case(lower)
}

/// Checks 6 and 7 of a TC3 request: the credential date, then the signature. One buffer holds
/// the canonical request, then the string to sign; the signing key comes from the per-thread
/// cache (`tc3::cached_signature`).
fn check_tc3_signature<H: HeaderPair>(
    received: &Received<'_, H>,
    parsed: &tc3::ParsedAuthorization<'_>,
    tc: &KnownHeaders<'_>,
    timestamp: i64,
    secret_key: &str,
) -> Result<(), VerifyError> {
    let utc_date = date::utc_date(timestamp);
    let mut date_buffer = [0_u8; 10];
    let date_matches = match utc_date.format_into(&mut date_buffer) {
        Some(expected) => parsed.date == expected,
        None => parsed.date == utc_date.to_string(),
    };
    if !date_matches {
        return Err(VerifyErrorKind::ScopeDateMismatch {
            scope_date: parsed.date.chars().take(64).collect(),
            expected: utc_date.to_string(),
        }
        .into());
    }

    let unsigned = tc
        .content_sha256
        .is_some_and(|value| value.trim() == tc3::UNSIGNED_PAYLOAD);
    let payload = if unsigned {
        tc3::UNSIGNED_PAYLOAD.as_bytes()
    } else {
        received.body
    };
    let canonical_query = if received.method == "POST" {
        ""
    } else {
        query_of(received)
    };
    let signed = tc3::split_ascii(parsed.signed_headers, b';')
        .map(|name| (name, tc.signed(received, name).unwrap_or("")));
    let mut buffer = String::new();
    tc3::write_canonical_request(
        &mut buffer,
        received.method,
        canonical_query,
        signed,
        parsed.signed_headers,
        &tc3::hashed_payload(payload),
    );
    let hashed_canonical_request = tc3::sha256_hex(buffer.as_bytes());
    tc3::write_string_to_sign_on(
        &mut buffer,
        tc.timestamp.unwrap_or("").trim(),
        parsed.date,
        &hashed_canonical_request,
    );
    let (_, expected) = tc3::cached_signature(secret_key, parsed.date, &buffer);
    if !tc3::constant_time_eq(expected.as_bytes(), parsed.signature.as_bytes()) {
        return Err(VerifyErrorKind::SignatureMismatch.into());
    }
    Ok(())
}

fn verify_v1<'a, H: HeaderPair>(
    received: &Received<'a, H>,
    known: &KnownHeaders<'a>,
    encoding: Option<Encoding>,
    keys: &dyn SecretKeys,
    now: i64,
    checks: VerifyChecks,
) -> Result<Verified<'a>, VerifyError> {
    let (encoding, source) = match encoding {
        Some(Encoding::Query) => (Encoding::Query, query_of(received)),
        Some(Encoding::Form) => {
            let body = std::str::from_utf8(received.body).map_err(|_| {
                VerifyErrorKind::InvalidParameter {
                    name: "body",
                    reason: "form body is not utf-8",
                }
            })?;
            (Encoding::Form, body)
        }
        Some(Encoding::Json) | None => return Err(VerifyErrorKind::MissingCredentials.into()),
    };
    let pairs = decode_pairs_lent(source)?;
    if !pairs
        .iter()
        .any(|(name, _)| name == v1::SIGNATURE_PARAM || name == "SecretId")
    {
        return Err(VerifyErrorKind::MissingCredentials.into());
    }
    let mut params = unflatten(&pairs)?;
    let mut common = |name: &'static str| -> Result<Option<String>, VerifyError> {
        match params.shift_remove(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(VerifyErrorKind::InvalidParameter {
                name,
                reason: "not a single value",
            }
            .into()),
        }
    };
    let required = |value: Option<String>, name: &'static str| {
        value.ok_or(VerifyError::from(VerifyErrorKind::MissingParameter {
            name,
        }))
    };
    let signature = required(common(v1::SIGNATURE_PARAM)?, v1::SIGNATURE_PARAM)?;
    let secret_id = required(common("SecretId")?, "SecretId")?;
    let timestamp = parse_timestamp(&required(common("Timestamp")?, "Timestamp")?, "Timestamp")?;
    let nonce = required(common("Nonce")?, "Nonce")?;
    if nonce.is_empty() || !nonce.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VerifyErrorKind::InvalidParameter {
            name: "Nonce",
            reason: "not a positive integer",
        }
        .into());
    }
    let hash = v1::V1Hash::from_param(common(v1::SIGNATURE_METHOD_PARAM)?.as_deref());
    let (action, version, region) = (common("Action")?, common("Version")?, common("Region")?);
    let (token, language) = (common("Token")?, common("Language")?);
    common("RequestClient")?;

    let secret_key = lookup(keys, &secret_id)?;
    if checks.clock {
        check_skew(timestamp, now)?;
    }
    let host = known.host.unwrap_or("");
    let string_to_sign = v1::string_to_sign(received.method, host, "/", &pairs);
    let expected = v1::signature(&secret_key, &string_to_sign, hash);
    if checks.signature && !tc3::constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        return Err(VerifyErrorKind::SignatureMismatch.into());
    }
    Ok(Verified {
        secret_id: Cow::Owned(secret_id),
        sign_method: match hash {
            v1::V1Hash::Sha1 => SignMethod::HmacSha1,
            v1::V1Hash::Sha256 => SignMethod::HmacSha256,
        },
        encoding,
        action: action.map(Cow::Owned),
        version: version.map(Cow::Owned),
        region: region.map(Cow::Owned),
        token: token.map(Cow::Owned),
        language: language.map(Cow::Owned),
        params: Params::Decoded(params),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::codes;

    #[test]
    fn known_headers_are_the_first_of_each_name_in_any_case() {
        let names = [
            "Content-Type",
            "AUTHORIZATION",
            "host",
            "X-TC-Timestamp",
            "x-tc-content-sha256",
            "X-Tc-Action",
            "x-tc-VERSION",
            "X-TC-Region",
            "X-TC-Token",
            "X-TC-Language",
        ];
        let mut headers: Vec<(String, String)> = names
            .iter()
            .map(|name| ((*name).to_owned(), format!("first {name}")))
            .collect();
        headers.extend(
            names
                .iter()
                .map(|name| (name.to_lowercase(), "second".to_owned())),
        );
        headers.push(("x-tc-actions".into(), "other".into()));
        headers.push(("x-tc-regiom".into(), "other".into()));
        let received = Received {
            method: "POST",
            path_and_query: "/",
            headers: &headers,
            body: b"",
        };
        let known = KnownHeaders::of(&received);
        let found = [
            known.content_type,
            known.authorization,
            known.host,
            known.timestamp,
            known.content_sha256,
            known.action,
            known.version,
            known.region,
            known.token,
            known.language,
        ];
        for (name, value) in names.iter().zip(found) {
            assert_eq!(value, Some(format!("first {name}").as_str()), "{name}");
            assert_eq!(value, received.header(name), "{name}");
        }
        let none: [(String, String); 1] = [("x-tc-versio".into(), "v".into())];
        let known = KnownHeaders::of(&Received {
            headers: &none,
            ..received
        });
        assert_eq!(known.version, None);
    }

    #[test]
    fn verify_with_skips_only_the_checks_it_is_told_to() {
        use crate::wire::{sign, Body, Breakage, Credentials, RequestSpec, SecretKey};
        let credentials = Credentials {
            secret_id: "AKID".into(),
            secret_key: SecretKey::new("key"),
            token: None,
        };
        let keys = |id: &str| (id == "AKID").then(|| "key".to_owned());
        let now = 1_700_000_000;
        let outcome = |breakage: Breakage, checks: VerifyChecks| {
            let mut spec = RequestSpec::new("DescribeKeyPairs", now, 1, Body::Raw(b"{}".to_vec()));
            spec.breakage = vec![breakage];
            let signed = sign(&spec, &credentials).unwrap();
            let received = Received {
                method: signed.method(),
                path_and_query: signed.path_and_query(),
                headers: signed.headers(),
                body: signed.body(),
            };
            verify_with(&received, &keys, now, checks)
                .map(|_| ())
                .map_err(|error| error.code())
        };
        let no_signature = VerifyChecks {
            signature: false,
            ..VerifyChecks::ALL
        };
        let no_clock = VerifyChecks {
            clock: false,
            ..VerifyChecks::ALL
        };
        let altered = Breakage::AlterSignature;
        let stale = Breakage::SkewTimestamp(-1000);
        assert_eq!(
            outcome(altered.clone(), VerifyChecks::ALL).unwrap_err(),
            codes::AUTH_FAILURE_SIGNATURE_FAILURE
        );
        assert!(outcome(altered.clone(), no_signature).is_ok());
        assert_eq!(
            outcome(altered, no_clock).unwrap_err(),
            codes::AUTH_FAILURE_SIGNATURE_FAILURE
        );
        assert_eq!(
            outcome(stale.clone(), VerifyChecks::ALL).unwrap_err(),
            codes::AUTH_FAILURE_SIGNATURE_EXPIRE
        );
        assert!(outcome(stale.clone(), no_clock).is_ok());
        assert_eq!(
            outcome(stale, no_signature).unwrap_err(),
            codes::AUTH_FAILURE_SIGNATURE_EXPIRE
        );
        let unknown = outcome(
            Breakage::UnknownSecretId,
            VerifyChecks {
                signature: false,
                clock: false,
            },
        );
        assert_eq!(
            unknown.unwrap_err(),
            codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND
        );
    }

    #[test]
    fn json_bodies_must_be_objects() {
        assert!(decode_json_params(br#"{"A": [1]}"#).is_ok());
        let not_object = decode_json_params(b"[1]").expect_err("array");
        assert_eq!(not_object.kind(), &VerifyErrorKind::BodyNotObject);
        for garbage in [&b""[..], b"{", b"\xff", b"{} {}"] {
            let error = decode_json_params(garbage).expect_err("garbage");
            assert!(matches!(error.kind(), VerifyErrorKind::BodyNotJson { .. }));
            assert_eq!(error.code(), codes::INVALID_PARAMETER);
        }
        let deep = "[".repeat(1_000_000);
        assert!(decode_json_params(deep.as_bytes()).is_err());
    }

    #[test]
    fn form_decoding_errors_keep_their_code() {
        let error = decode_form_params("A.1=x").expect_err("gap");
        assert!(matches!(error.kind(), VerifyErrorKind::Decode(_)));
        assert_eq!(error.code(), codes::INVALID_PARAMETER);
    }

    #[test]
    fn content_types_select_the_encoding() {
        assert_eq!(post_encoding("application/json"), Some(Encoding::Json));
        assert_eq!(
            post_encoding("application/json; charset=utf-8"),
            Some(Encoding::Json)
        );
        assert_eq!(
            post_encoding("Application/X-WWW-Form-Urlencoded"),
            Some(Encoding::Form)
        );
        assert_eq!(post_encoding("multipart/form-data; boundary=x"), None);
        assert_eq!(post_encoding(""), None);
    }

    #[test]
    fn timestamps_are_decimal_digits() {
        assert_eq!(parse_timestamp("1700000000", "T").ok(), Some(1_700_000_000));
        assert_eq!(parse_timestamp(" 17 ", "T").ok(), Some(17));
        for bad in ["", "+5", "-5", "1e9", "17.0", "99999999999999999999"] {
            let error = parse_timestamp(bad, "T").expect_err(bad);
            assert_eq!(error.code(), codes::INVALID_PARAMETER, "{bad}");
        }
    }

    #[test]
    fn the_skew_window_is_300_seconds_either_way() {
        assert!(check_skew(1_000, 1_300).is_ok());
        assert!(check_skew(1_300, 1_000).is_ok());
        assert!(check_skew(1_000, 1_301).is_err());
        assert!(check_skew(1_301, 1_000).is_err());
        let error = check_skew(0, i64::MAX).expect_err("far");
        assert_eq!(error.code(), codes::AUTH_FAILURE_SIGNATURE_EXPIRE);
        assert!(check_skew(i64::MAX, i64::MIN).is_err());
    }

    #[test]
    fn tc3_checks_run_in_the_documented_order() {
        let keys = |id: &str| (id == "AKID").then(|| "key".to_owned());
        let authorization = "TC3-HMAC-SHA256 Credential=AKID/2023-11-14/cvm/tc3_request, SignedHeaders=content-type;host, Signature=00";
        let check = |headers: &[(&str, &str)], code: &str| {
            let headers: Vec<(String, String)> = headers
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect();
            let received = Received {
                method: "POST",
                path_and_query: "/",
                headers: &headers,
                body: b"{}",
            };
            let error = verify(&received, &keys, 1_700_000_000).expect_err("rejected");
            assert_eq!(error.code(), code, "{error}");
        };
        check(
            &[("Authorization", "TC3-HMAC-SHA256 nonsense")],
            codes::AUTH_FAILURE_INVALID_AUTHORIZATION,
        );
        check(
            &[("Authorization", authorization)],
            codes::MISSING_PARAMETER,
        );
        check(
            &[("Authorization", authorization), ("X-TC-Timestamp", "now")],
            codes::INVALID_PARAMETER,
        );
        let unknown = authorization.replace("AKID/", "AKIDX/");
        check(
            &[
                ("Authorization", &unknown),
                ("X-TC-Timestamp", "1700000000"),
            ],
            codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND,
        );
        check(
            &[
                ("Authorization", authorization),
                ("X-TC-Timestamp", "1699999000"),
            ],
            codes::AUTH_FAILURE_SIGNATURE_EXPIRE,
        );
        check(
            &[
                ("Authorization", authorization),
                ("X-TC-Timestamp", "1699999999"),
            ],
            codes::AUTH_FAILURE_SIGNATURE_FAILURE,
        );
        let wrong_day = authorization.replace("2023-11-14", "2023-11-15");
        let error_kind = {
            let headers = vec![
                ("Authorization".to_owned(), wrong_day),
                ("X-TC-Timestamp".to_owned(), "1700000000".to_owned()),
            ];
            let received = Received {
                method: "POST",
                path_and_query: "/",
                headers: &headers,
                body: b"{}",
            };
            verify(&received, &keys, 1_700_000_000)
                .expect_err("scope")
                .kind()
                .clone()
        };
        assert!(matches!(
            error_kind,
            VerifyErrorKind::ScopeDateMismatch { .. }
        ));
    }
}
