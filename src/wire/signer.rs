//! Signing: [`sign`] turns a [`RequestSpec`] and [`Credentials`] into the exact bytes of a
//! [`SignedRequest`], applying the spec's breakage; [`sign_into`] does the same in place, reusing
//! a previous request's buffers so that a signing loop allocates nothing once warm.
//!
//! Header order follows the Python SDK: `Content-Type, Host, X-TC-Action, X-TC-RequestClient,
//! X-TC-Timestamp, X-TC-Version, X-TC-Region, [X-TC-Token], X-TC-Language, Authorization`
//! (TC3); `Content-Type, Host` (v1, whose common parameters travel in the form or query, in the
//! Python SDK's order after the business parameters).

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::wire::breakage::{Breakage, Plan, BASE64_ALPHABET, HEX_ALPHABET};
use crate::wire::error::{WireError, WireErrorKind};
use crate::wire::form::{decode_pairs, encode_pairs, flatten};
use crate::wire::headers::{check_header_name, check_header_value, overwrite, HeaderWriter};
use crate::wire::hex::HexDigest;
use crate::wire::params::encode_json_into;
use crate::wire::request::{
    Body, Credentials, Encoding, RequestSpec, SignedRequest, SigningTrace, Tc3Trace, V1Trace,
    FORM_CONTENT_TYPE,
};
use crate::wire::{date, tc3, v1};

/// Builds and signs the request `spec` describes, applying its breakage.
pub fn sign(spec: &RequestSpec, credentials: &Credentials) -> Result<SignedRequest, WireError> {
    let mut request = SignedRequest::empty();
    request.headers.reserve(12);
    sign_into(spec, credentials, &mut request)?;
    Ok(request)
}

/// [`sign`] into an existing request, reusing its buffers (headers, body, trace): signing the
/// same shape of request again allocates nothing. On error `request` is valid but unspecified.
pub fn sign_into(
    spec: &RequestSpec,
    credentials: &Credentials,
    request: &mut SignedRequest,
) -> Result<(), WireError> {
    sign_params_into(spec, None, credentials, request)
}

/// [`sign_into`] with `params` standing for the parameters of a `Body::Params` spec (a raw body,
/// or a `RawBody` breakage, still wins): a caller that holds the parameters lends them instead
/// of copying them into a spec for every request.
pub(crate) fn sign_params_into(
    spec: &RequestSpec,
    params: Option<&Map<String, Value>>,
    credentials: &Credentials,
    request: &mut SignedRequest,
) -> Result<(), WireError> {
    let plan = Plan::new(&spec.breakage);
    let source = source(spec, &plan, params);
    match spec.sign_method.v1_hash() {
        None => sign_tc3(spec, source, credentials, &plan, request)?,
        Some(hash) => sign_v1(spec, source, credentials, &plan, hash, request)?,
    }
    plan.edit_headers(&mut request.headers);
    // Names are checked where they come from the caller (extras, overrides); values everywhere.
    for breakage in &spec.breakage {
        if let Breakage::OverrideHeader(name, _) = breakage {
            check_header_name(name)?;
        }
    }
    for (name, value) in &request.headers {
        check_header_value(name, value)?;
    }
    Ok(())
}

/// What the body is built from: raw bytes (a `RawBody` breakage wins) or parameters.
#[derive(Clone, Copy)]
enum Source<'a> {
    Raw(&'a [u8]),
    Params(&'a Map<String, Value>),
}

fn source<'a>(
    spec: &'a RequestSpec,
    plan: &Plan<'a>,
    lent: Option<&'a Map<String, Value>>,
) -> Source<'a> {
    match (plan.raw_body, &spec.body) {
        (Some(raw), _) => Source::Raw(raw),
        (None, Body::Raw(raw)) => Source::Raw(raw),
        (None, Body::Params(params)) => Source::Params(lent.unwrap_or(params)),
    }
}

/// The signed headers when no extras are asked for: content-type and host, with the positions
/// of their headers.
const BASE_SIGNED: [(Cow<'static, str>, usize); 2] = [
    (Cow::Borrowed("content-type"), 0),
    (Cow::Borrowed("host"), 1),
];

/// Adds (or updates) the extra signed headers and returns the signed set: lower-case names,
/// sorted, each with the position of its header.
fn signed_with_extras(
    extras: &[(String, String)],
    headers: &mut HeaderWriter<'_>,
) -> Result<Vec<(Cow<'static, str>, usize)>, WireError> {
    let mut signed = BASE_SIGNED.to_vec();
    for (name, value) in extras {
        check_header_name(name)?;
        let position = match headers.position(name) {
            Some(position) => {
                overwrite(&mut headers.headers[position].1, value);
                position
            }
            None => {
                headers.push(name, value);
                headers.len - 1
            }
        };
        let lower = name.to_ascii_lowercase();
        if !signed.iter().any(|(present, _)| *present == lower) {
            signed.push((Cow::Owned(lower), position));
        }
    }
    signed.sort();
    Ok(signed)
}

/// The TC3 trace to fill, replacing a v1 trace.
fn tc3_slot(trace: &mut SigningTrace) -> &mut Tc3Trace {
    if let SigningTrace::V1(_) = trace {
        *trace = SigningTrace::Tc3(Tc3Trace::default());
    }
    match trace {
        SigningTrace::Tc3(slot) => slot,
        SigningTrace::V1(_) => unreachable!("the trace was just made tc3"),
    }
}

/// The v1 trace to fill, replacing a TC3 trace.
fn v1_slot(trace: &mut SigningTrace) -> &mut V1Trace {
    if let SigningTrace::Tc3(_) = trace {
        *trace = SigningTrace::V1(V1Trace::default());
    }
    match trace {
        SigningTrace::V1(slot) => slot,
        SigningTrace::Tc3(_) => unreachable!("the trace was just made v1"),
    }
}

fn sign_tc3(
    spec: &RequestSpec,
    source: Source<'_>,
    credentials: &Credentials,
    plan: &Plan<'_>,
    request: &mut SignedRequest,
) -> Result<(), WireError> {
    let SignedRequest {
        method,
        path_and_query,
        headers,
        body,
        trace,
    } = request;
    *method = spec.encoding.method();
    let timestamp = spec.timestamp.saturating_add(plan.skew);
    let mut timestamp_buffer = [0_u8; 20];
    let timestamp_text = format_i64(timestamp, &mut timestamp_buffer);

    body.clear();
    path_and_query.clear();
    path_and_query.push('/');
    match (spec.encoding, source) {
        (Encoding::Json | Encoding::Form, Source::Raw(raw)) => body.extend_from_slice(raw),
        (Encoding::Json, Source::Params(params)) => encode_json_into(body, params, spec.json_style),
        (Encoding::Form, Source::Params(params)) => {
            body.extend_from_slice(encode_pairs(&flatten(params, spec.json_style)).as_bytes())
        }
        (Encoding::Query, Source::Raw(raw)) => {
            let query =
                std::str::from_utf8(raw).map_err(|_| WireErrorKind::NotUtf8 { what: "query" })?;
            push_query(path_and_query, query);
        }
        (Encoding::Query, Source::Params(params)) => push_query(
            path_and_query,
            &encode_pairs(&flatten(params, spec.json_style)),
        ),
    }
    let query = path_and_query.get(2..).unwrap_or("");

    let content_type = spec
        .content_type
        .as_deref()
        .unwrap_or(spec.encoding.default_content_type());
    let mut writer = HeaderWriter::new(headers);
    writer.push("Content-Type", content_type);
    writer.push("Host", &spec.host);
    writer.push("X-TC-Action", &spec.action);
    if let Some(client) = &spec.request_client {
        writer.push("X-TC-RequestClient", client);
    }
    writer.push("X-TC-Timestamp", timestamp_text);
    writer.push("X-TC-Version", &spec.version);
    if let Some(region) = &spec.region {
        writer.push("X-TC-Region", region);
    }
    if let Some(token) = &credentials.token {
        writer.push("X-TC-Token", token);
    }
    if let Some(language) = &spec.language {
        writer.push("X-TC-Language", language);
    }
    if spec.unsigned_payload {
        writer.push(tc3::CONTENT_SHA256_HEADER, tc3::UNSIGNED_PAYLOAD);
    }
    let with_extras;
    let (signed, signed_headers): (&[(Cow<'static, str>, usize)], Cow<'static, str>) =
        if spec.extra_signed_headers.is_empty() {
            (&BASE_SIGNED, Cow::Borrowed("content-type;host"))
        } else {
            with_extras = signed_with_extras(&spec.extra_signed_headers, &mut writer)?;
            let names: Vec<&str> = with_extras.iter().map(|(name, _)| name.as_ref()).collect();
            (&with_extras, Cow::Owned(tc3::signed_headers(&names)))
        };

    let payload: &[u8] = if spec.unsigned_payload {
        tc3::UNSIGNED_PAYLOAD.as_bytes()
    } else {
        body
    };
    let hashed_payload = tc3::hashed_payload(payload);
    let mut date_buffer = [0_u8; 10];
    let far_date;
    let utc_date = date::utc_date(timestamp);
    let date: &str = match plan.scope_date {
        Some(date) => date,
        None => match utc_date.format_into(&mut date_buffer) {
            Some(date) => date,
            None => {
                far_date = utc_date.to_string();
                &far_date
            }
        },
    };

    let slot = tc3_slot(trace);
    let written = &writer.headers[..writer.len];
    let signed_values = signed
        .iter()
        .map(|(name, position)| (name.as_ref(), written[*position].1.as_str()));
    tc3::write_canonical_request(
        &mut slot.canonical_request,
        method,
        query,
        signed_values,
        &signed_headers,
        &hashed_payload,
    );
    let hashed_canonical_request = tc3::sha256_hex(slot.canonical_request.as_bytes());
    tc3::write_string_to_sign_on(
        &mut slot.string_to_sign,
        timestamp_text,
        date,
        &hashed_canonical_request,
    );
    let secret = plan.secret(credentials.secret_key.expose());
    let (signing_key, signature) = tc3::cached_signature(&secret, date, &slot.string_to_sign);
    tc3::write_authorization_on(
        &mut slot.authorization,
        &plan.secret_id(&credentials.secret_id),
        date,
        &signed_headers,
        &plan.tamper(&signature, HEX_ALPHABET),
    );
    if !plan.drop_authorization {
        writer.push("Authorization", &slot.authorization);
    }
    writer.finish();
    slot.timestamp = timestamp;
    slot.hashed_payload = hashed_payload;
    slot.hashed_canonical_request = hashed_canonical_request;
    slot.signing_key_hex = HexDigest::from_bytes(&signing_key);
    slot.signature = signature;
    Ok(())
}

fn sign_v1(
    spec: &RequestSpec,
    source: Source<'_>,
    credentials: &Credentials,
    plan: &Plan<'_>,
    hash: v1::V1Hash,
    request: &mut SignedRequest,
) -> Result<(), WireError> {
    let sign_method = spec.sign_method.name();
    if spec.encoding == Encoding::Json {
        return Err(WireErrorKind::Unsupported {
            sign_method,
            encoding: spec.encoding.name(),
        }
        .into());
    }
    if plan.scope_date.is_some() {
        return Err(WireErrorKind::BreakageNotApplicable {
            breakage: "ScopeDate",
            sign_method,
        }
        .into());
    }
    let timestamp = spec.timestamp.saturating_add(plan.skew);
    let (raw_text, mut pairs) = match source {
        Source::Raw(raw) => {
            let text = std::str::from_utf8(raw)
                .map_err(|_| WireErrorKind::NotUtf8 { what: "form body" })?;
            (Some(text), decode_pairs(text)?)
        }
        Source::Params(params) => (None, flatten(params, spec.json_style)),
    };
    let business_len = pairs.len();
    // The Python SDK's order of the common parameters.
    let mut push = |name: &str, value: &str| pairs.push((name.to_owned(), value.to_owned()));
    push("Action", &spec.action);
    if let Some(client) = &spec.request_client {
        push("RequestClient", client);
    }
    push("Nonce", &spec.nonce.to_string());
    push("Timestamp", &timestamp.to_string());
    push("Version", &spec.version);
    if let Some(region) = &spec.region {
        push("Region", region);
    }
    if let Some(token) = &credentials.token {
        push("Token", token);
    }
    push("SecretId", &plan.secret_id(&credentials.secret_id));
    push(v1::SIGNATURE_METHOD_PARAM, sign_method);
    if let Some(language) = &spec.language {
        push("Language", language);
    }

    let method = spec.encoding.method();
    let string_to_sign = v1::string_to_sign(method, &spec.host, "/", &pairs);
    let signature = v1::signature(
        &plan.secret(credentials.secret_key.expose()),
        &string_to_sign,
        hash,
    );
    if !plan.drop_authorization {
        pairs.push((
            v1::SIGNATURE_PARAM.to_owned(),
            plan.tamper(&signature, BASE64_ALPHABET).into_owned(),
        ));
    }
    let encoded = match raw_text {
        Some(raw) if !raw.is_empty() => format!("{raw}&{}", encode_pairs(&pairs[business_len..])),
        _ => encode_pairs(&pairs),
    };

    request.method = method;
    request.path_and_query.clear();
    request.path_and_query.push('/');
    request.body.clear();
    match spec.encoding {
        Encoding::Query => push_query(&mut request.path_and_query, &encoded),
        Encoding::Json | Encoding::Form => request.body.extend_from_slice(encoded.as_bytes()),
    }
    let mut writer = HeaderWriter::new(&mut request.headers);
    writer.push(
        "Content-Type",
        spec.content_type.as_deref().unwrap_or(FORM_CONTENT_TYPE),
    );
    writer.push("Host", &spec.host);
    if spec.unsigned_payload {
        writer.push(tc3::CONTENT_SHA256_HEADER, tc3::UNSIGNED_PAYLOAD);
    }
    for (name, value) in &spec.extra_signed_headers {
        check_header_name(name)?;
        writer.push(name, value);
    }
    writer.finish();
    let slot = v1_slot(&mut request.trace);
    slot.string_to_sign = string_to_sign;
    slot.signature = signature;
    Ok(())
}

/// Appends `?query` to a path, unless the query is empty.
fn push_query(path_and_query: &mut String, query: &str) {
    if !query.is_empty() {
        path_and_query.push('?');
        path_and_query.push_str(query);
    }
}

/// Formats `value` in decimal into `buffer` without allocating.
fn format_i64(value: i64, buffer: &mut [u8; 20]) -> &str {
    let mut magnitude = value.unsigned_abs();
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (magnitude % 10) as u8;
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    if value < 0 {
        start -= 1;
        buffer[start] = b'-';
    }
    // Only ASCII digits and a sign were written.
    std::str::from_utf8(&buffer[start..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::SecretKey;
    use serde_json::json;

    fn credentials(token: Option<&str>) -> Credentials {
        Credentials {
            secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".into(),
            secret_key: SecretKey::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"),
            token: token.map(str::to_owned),
        }
    }

    fn spec(encoding: Encoding, method: crate::wire::SignMethod) -> RequestSpec {
        let Value::Object(params) = json!({"InstanceIds": ["ins-w34e5rl9"], "ForceStop": true})
        else {
            unreachable!("a json object literal")
        };
        let mut spec = RequestSpec::new(
            "DisassociateInstancesKeyPairs",
            1_700_000_000,
            7,
            Body::Params(params),
        );
        spec.region = Some("ap-guangzhou".into());
        spec.language = Some("en-US".into());
        spec.request_client = Some("CLIENT".into());
        spec.encoding = encoding;
        spec.sign_method = method;
        spec
    }

    fn names(request: &SignedRequest) -> Vec<&str> {
        request
            .headers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect()
    }

    #[test]
    fn tc3_headers_follow_the_sdk_order() {
        let request = sign(
            &spec(Encoding::Json, crate::wire::SignMethod::Tc3),
            &credentials(Some("T")),
        )
        .expect("signs");
        assert_eq!(
            names(&request),
            [
                "Content-Type",
                "Host",
                "X-TC-Action",
                "X-TC-RequestClient",
                "X-TC-Timestamp",
                "X-TC-Version",
                "X-TC-Region",
                "X-TC-Token",
                "X-TC-Language",
                "Authorization"
            ]
        );
        assert_eq!(request.path_and_query, "/");
    }

    #[test]
    fn v1_common_parameters_follow_the_sdk_order() {
        let request = sign(
            &spec(Encoding::Form, crate::wire::SignMethod::HmacSha256),
            &credentials(Some("T")),
        )
        .expect("signs");
        assert_eq!(names(&request), ["Content-Type", "Host"]);
        let body = String::from_utf8(request.body.clone()).expect("utf-8");
        let order: Vec<&str> = body
            .split('&')
            .map(|pair| pair.split('=').next().unwrap_or(""))
            .collect();
        assert_eq!(
            order,
            [
                "InstanceIds.0",
                "ForceStop",
                "Action",
                "RequestClient",
                "Nonce",
                "Timestamp",
                "Version",
                "Region",
                "Token",
                "SecretId",
                "SignatureMethod",
                "Language",
                "Signature"
            ]
        );
        assert!(body.contains("&ForceStop=True&"));
    }

    #[test]
    fn formats_every_i64() {
        let mut buffer = [0_u8; 20];
        for value in [0, 7, -1, 1_700_000_000, i64::MAX, i64::MIN] {
            assert_eq!(format_i64(value, &mut buffer), value.to_string());
        }
    }
}
