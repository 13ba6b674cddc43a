//! Signing and verification against every published vector, stage by stage, plus sign→verify
//! round trips and breakage detection over random requests.
//!
//! Vectors: official examples A and B (CVM Signature v3 page), the SDK-generated V1–V9
//! (`tests/vectors/sdk-vectors.json`), the captured Python SDK request on `127.0.0.1:9000`, the
//! v1 documentation examples and the pre-3.0 pair.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tcconform::contract::codes;
use tcconform::wire::{
    self, tc3, v1, Body, Breakage, Credentials, Encoding, JsonStyle, Received, RequestSpec,
    SecretKey, SignMethod, SignedRequest, SigningTrace, Verified, VerifyError,
};

const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
const ACTION: &str = "DisassociateInstancesKeyPairs";
const PYTHON_CLIENT: &str = "SDK_PYTHON_3.1.178";

// ---------------------------------------------------------------------------------------------
// Helpers: one `check_…` per kind of vector.

fn credentials(secret_id: &str, secret_key: &str, token: Option<&str>) -> Credentials {
    Credentials {
        secret_id: secret_id.to_owned(),
        secret_key: SecretKey::new(secret_key),
        token: token.map(str::to_owned),
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn keys(secret_id: &str) -> Option<String> {
    (secret_id == ID).then(|| KEY.to_owned())
}

fn received_verify(request: &SignedRequest, now: i64) -> Result<Verified<'_>, VerifyError> {
    let received = Received {
        method: request.method(),
        path_and_query: request.path_and_query(),
        headers: request.headers(),
        body: request.body(),
    };
    wire::verify(&received, &keys, now)
}

fn tc3_trace(request: &SignedRequest) -> &tcconform::wire::Tc3Trace {
    match request.trace() {
        SigningTrace::Tc3(trace) => trace,
        SigningTrace::V1(_) => panic!("expected a tc3 trace"),
    }
}

fn v1_trace(request: &SignedRequest) -> &tcconform::wire::V1Trace {
    match request.trace() {
        SigningTrace::V1(trace) => trace,
        SigningTrace::Tc3(_) => panic!("expected a v1 trace"),
    }
}

/// A request shaped like the Python SDK's for the SDK vectors' common inputs.
fn python_spec(
    host: &str,
    timestamp: i64,
    encoding: Encoding,
    method: SignMethod,
    params: Value,
) -> RequestSpec {
    let mut spec = RequestSpec::new(ACTION, timestamp, 11886, Body::Params(object(params)));
    spec.region = Some("ap-guangzhou".to_owned());
    spec.host = host.to_owned();
    spec.language = Some("zh-CN".to_owned());
    spec.request_client = Some(PYTHON_CLIENT.to_owned());
    spec.encoding = encoding;
    spec.sign_method = method;
    spec
}

fn sdk_vector(prefix: &str) -> Value {
    let vectors: Vec<Value> =
        serde_json::from_str(include_str!("../vectors/sdk-vectors.json")).expect("vectors parse");
    vectors
        .into_iter()
        .find(|vector| {
            vector["name"]
                .as_str()
                .is_some_and(|name| name.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no vector {prefix}"))
}

/// Builds the request of SDK vector `prefix` from its inputs, signs it, and checks the headers
/// (names, values, order), the body or query bytes, every recorded intermediate, and that the
/// verifier accepts it with the same parameters.
#[track_caller]
fn check_sdk_vector(prefix: &str) -> SignedRequest {
    let vector = sdk_vector(prefix);
    let inputs = &vector["inputs"];
    let text = |value: &Value| {
        value
            .as_str()
            .unwrap_or_else(|| panic!("{prefix}: not a string"))
            .to_owned()
    };
    let method = match inputs["sign_method"].as_str() {
        Some("TC3-HMAC-SHA256") => SignMethod::Tc3,
        Some("HmacSHA1") => SignMethod::HmacSha1,
        Some("HmacSHA256") => SignMethod::HmacSha256,
        other => panic!("{prefix}: sign method {other:?}"),
    };
    let get = inputs["method"] == "GET";
    let encoding = match (get, method) {
        (true, _) => Encoding::Query,
        (false, SignMethod::Tc3) => Encoding::Json,
        (false, _) => Encoding::Form,
    };
    let timestamp = inputs["timestamp"].as_i64().expect("timestamp");
    let mut spec = python_spec(
        &text(&inputs["host"]),
        timestamp,
        encoding,
        method,
        inputs["params"].clone(),
    );
    spec.region = Some(text(&inputs["region"]));
    let token = inputs["token"].as_str();
    let creds = credentials(
        &text(&inputs["secret_id"]),
        &text(&inputs["secret_key"]),
        token,
    );
    let request = wire::sign(&spec, &creds).unwrap_or_else(|error| panic!("{prefix}: {error}"));

    let expected_headers: Vec<(String, String)> = vector["headers"]
        .as_object()
        .expect("headers")
        .iter()
        .map(|(name, value)| (name.clone(), text(value)))
        .collect();
    let sent: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter(|(name, _)| method == SignMethod::Tc3 || name != "Host")
        .cloned()
        .collect();
    assert_eq!(sent, expected_headers, "{prefix}: headers");

    let expected_bytes = text(&vector["body_or_query"]);
    if get {
        assert_eq!(
            request.path_and_query(),
            format!("/?{expected_bytes}"),
            "{prefix}: query"
        );
        assert_eq!(request.body(), b"", "{prefix}: body");
    } else {
        assert_eq!(request.path_and_query(), "/", "{prefix}: path");
        assert_eq!(
            String::from_utf8_lossy(request.body()),
            expected_bytes,
            "{prefix}: body"
        );
    }

    if let Some(stages) = vector.get("intermediate") {
        let trace = tc3_trace(&request);
        let recorded: [(&str, &str); 8] = [
            ("date", trace.date()),
            ("hashed_payload", &trace.hashed_payload),
            ("canonical_request", &trace.canonical_request),
            ("hashed_canonical_request", &trace.hashed_canonical_request),
            ("string_to_sign", &trace.string_to_sign),
            ("signing_key", &trace.signing_key_hex),
            ("signature", &trace.signature),
            ("authorization", &trace.authorization),
        ];
        for (stage, value) in recorded {
            assert_eq!(value, text(&stages[stage]), "{prefix}: stage {stage}");
        }
        // The stage functions alone reproduce the same values.
        check_tc3_stages(
            Tc3Stages {
                method: inputs["method"].as_str().unwrap_or_default(),
                query: if get { &expected_bytes } else { "" },
                headers: &[
                    (
                        "content-type",
                        request.header("content-type").unwrap_or_default(),
                    ),
                    ("host", request.header("host").unwrap_or_default()),
                ],
                payload: request.body(),
                timestamp,
                secret_key: &text(&inputs["secret_key"]),
            },
            [
                &text(&stages["hashed_payload"]),
                &text(&stages["hashed_canonical_request"]),
                &text(&stages["signing_key"]),
                &text(&stages["signature"]),
            ],
        );
    }

    let verified =
        received_verify(&request, timestamp).unwrap_or_else(|error| panic!("{prefix}: {error}"));
    assert_eq!(verified.secret_id, ID);
    assert_eq!(verified.sign_method, method);
    assert_eq!(verified.encoding, encoding);
    assert_eq!(verified.action.as_deref(), Some(ACTION));
    assert_eq!(verified.region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(verified.language.as_deref(), Some("zh-CN"));
    assert_eq!(verified.token.as_deref(), token);
    let expected_params = if encoding == Encoding::Json {
        object(inputs["params"].clone())
    } else {
        stringify(&object(inputs["params"].clone()), JsonStyle::Python)
    };
    assert_eq!(
        verified.params, expected_params,
        "{prefix}: verified params"
    );
    request
}

/// The inputs of a TC3 signature computed with the stage functions only.
struct Tc3Stages<'a> {
    method: &'a str,
    query: &'a str,
    headers: &'a [(&'a str, &'a str)],
    payload: &'a [u8],
    timestamp: i64,
    secret_key: &'a str,
}

/// Checks the stage functions: hashed payload, hashed canonical request, signing key, signature.
#[track_caller]
fn check_tc3_stages(stages: Tc3Stages<'_>, expected: [&str; 4]) {
    let hashed_payload = tc3::hashed_payload(stages.payload);
    assert_eq!(hashed_payload, expected[0], "hashed payload");
    let names: Vec<&str> = stages.headers.iter().map(|(name, _)| *name).collect();
    let signed = tc3::signed_headers(&names);
    let canonical = tc3::canonical_request(
        stages.method,
        stages.query,
        &tc3::canonical_headers(stages.headers),
        &signed,
        &hashed_payload,
    );
    let hashed_canonical = tc3::sha256_hex(canonical.as_bytes());
    assert_eq!(hashed_canonical, expected[1], "hashed canonical request");
    let date = wire::utc_date(stages.timestamp).to_string();
    let key = tc3::signing_key(stages.secret_key, &date);
    assert_eq!(hex::encode(key), expected[2], "signing key");
    let to_sign = tc3::string_to_sign(
        &stages.timestamp.to_string(),
        &tc3::credential_scope(&date),
        &hashed_canonical,
    );
    assert_eq!(tc3::signature(&key, &to_sign), expected[3], "signature");
}

/// Checks a TC3 signature produced by `sign` for `spec`: the hashed canonical request and the
/// signature, and that the verifier accepts it.
#[track_caller]
fn check_tc3_signature(
    spec: &RequestSpec,
    creds: &Credentials,
    hashed_canonical: &str,
    signature: &str,
) -> SignedRequest {
    let request = wire::sign(spec, creds).expect("signs");
    let trace = tc3_trace(&request);
    assert_eq!(
        trace.hashed_canonical_request, hashed_canonical,
        "hashed canonical request"
    );
    assert_eq!(trace.signature, signature, "signature");
    let authorization = request.header("authorization").expect("authorization");
    assert!(
        authorization.ends_with(&format!("Signature={signature}")),
        "{authorization}"
    );
    let verified = wire::verify(
        &Received {
            method: request.method(),
            path_and_query: request.path_and_query(),
            headers: request.headers(),
            body: request.body(),
        },
        &|id: &str| (id == creds.secret_id).then(|| creds.secret_key.expose().to_owned()),
        spec.timestamp,
    );
    assert!(verified.is_ok(), "verifies: {verified:?}");
    request
}

/// Checks a v1 request: the exact bytes sent (body or query), the string to sign and the
/// signature.
#[track_caller]
fn check_v1_request(request: &SignedRequest, sent: &str, string_to_sign: &str, signature: &str) {
    let trace = v1_trace(request);
    assert_eq!(trace.string_to_sign, string_to_sign, "string to sign");
    assert_eq!(trace.signature, signature, "signature");
    if request.method() == "GET" {
        assert_eq!(request.path_and_query(), format!("/?{sent}"));
    } else {
        assert_eq!(request.body(), sent.as_bytes());
    }
}

/// Checks a documented v1 string to sign and its signature, from raw parameters.
#[track_caller]
fn check_v1_doc(
    method: &str,
    host: &str,
    path: &str,
    params: &[(&str, &str)],
    secret_key: &str,
    expected: (&str, &str),
) {
    let to_sign = v1::string_to_sign(method, host, path, params);
    assert_eq!(to_sign, expected.0);
    let hash = v1::V1Hash::from_param(
        params
            .iter()
            .find(|(name, _)| *name == "SignatureMethod")
            .map(|(_, value)| *value),
    );
    assert_eq!(v1::signature(secret_key, &to_sign, hash), expected.1);
}

/// Verifies `request` at `now` and checks the API code of the failure.
#[track_caller]
fn check_rejected(request: &SignedRequest, now: i64, code: &str) {
    match received_verify(request, now) {
        Ok(verified) => panic!("expected {code}, verified {verified:?}"),
        Err(error) => assert_eq!(error.code(), code, "{error}"),
    }
}

/// Signs `spec` with one breakage and checks the code the verifier answers at the nominal time.
#[track_caller]
fn check_breakage(mut spec: RequestSpec, breakage: Breakage, code: &str) {
    spec.breakage = vec![breakage.clone()];
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    check_rejected(&request, spec.timestamp, code);
    if let Some(expected) = breakage.expected_code() {
        assert_eq!(expected, code, "expected_code of {breakage:?}");
    }
}

/// What a form or query round trip gives back: string leaves spelled as the SDK spells them.
fn stringify(params: &Map<String, Value>, style: JsonStyle) -> Map<String, Value> {
    let flat = wire::flatten(params, style);
    wire::unflatten(&flat).expect("flattened params unflatten")
}

fn v1_params() -> Value {
    json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"]})
}

// ---------------------------------------------------------------------------------------------
// Official examples.

fn example_a_spec() -> RequestSpec {
    let params = json!({"Limit": 1, "Filters": [{"Values": ["未命名"], "Name": "instance-name"}]});
    let mut spec = RequestSpec::new(
        "DescribeInstances",
        1_551_113_065,
        1,
        Body::Params(object(params)),
    );
    spec.region = Some("ap-guangzhou".to_owned());
    spec.content_type = Some("application/json; charset=utf-8".to_owned());
    spec
}

#[test]
fn example_a() {
    let request = check_tc3_signature(
        &example_a_spec(),
        &credentials(ID, KEY, None),
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
    let trace = tc3_trace(&request);
    assert_eq!(
        request.body(),
        br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#
    );
    assert_eq!(
        trace.hashed_payload,
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    assert_eq!(
        trace.canonical_request,
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    assert_eq!(
        trace.string_to_sign,
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    );
    assert_eq!(
        trace.signing_key_hex,
        "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1"
    );
    assert_eq!(
        trace.authorization,
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    );
    let date_key = tc3::k_date(KEY, "2019-02-25");
    assert_eq!(
        hex::encode(date_key),
        "d1308c81fe71cfd4e06437bbc067b2b8a3d2d8c0e375d547f15c41d5214b395a"
    );
    assert_eq!(
        hex::encode(tc3::k_service(&date_key)),
        "3c7cb7c7795393edc14fd2e0e6434a518564b4504b88e94f5d11bf59ba3e7050"
    );
}

#[test]
fn example_a_with_the_masked_key() {
    check_tc3_signature(
        &example_a_spec(),
        &credentials(ID, "Gu5t9xGARNpq86cd98joQYCN3*******", None),
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
        "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
    );
}

#[test]
fn example_b_from_its_published_derived_keys() {
    let mut spec = example_a_spec();
    spec.extra_signed_headers = vec![("X-TC-Action".to_owned(), "DescribeInstances".to_owned())];
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    let trace = tc3_trace(&request);
    assert!(trace
        .canonical_request
        .contains("\nx-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n"));
    assert_eq!(
        trace.hashed_canonical_request,
        "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
    );
    assert_eq!(request.header("x-tc-action"), Some("DescribeInstances"));
    assert!(
        received_verify(&request, spec.timestamp).is_ok(),
        "extra signed header verifies"
    );

    // The doc masks the key, so start from its SecretDate.
    let secret_date: [u8; 32] =
        hex::decode("da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0")
            .expect("hex")
            .try_into()
            .expect("32 bytes");
    let secret_service = tc3::k_service(&secret_date);
    assert_eq!(
        hex::encode(secret_service),
        "8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f"
    );
    let secret_signing = tc3::k_signing(&secret_service);
    assert_eq!(
        hex::encode(secret_signing),
        "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af"
    );
    assert_eq!(
        tc3::signature(&secret_signing, &trace.string_to_sign),
        "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
    );
}

// ---------------------------------------------------------------------------------------------
// SDK-generated vectors.

#[test]
fn sdk_v1_minimal_post() {
    check_sdk_vector("V1 ");
}

#[test]
fn sdk_v2_batch_force_stop() {
    check_sdk_vector("V2 ");
}

#[test]
fn sdk_v3_v4_custom_endpoint_across_midnight() {
    let before = check_sdk_vector("V3 ");
    let after = check_sdk_vector("V4 ");
    assert_eq!(
        tc3_trace(&before).hashed_canonical_request,
        tc3_trace(&after).hashed_canonical_request
    );
    // One second before midnight signed with the next day's date fails.
    let mut spec = python_spec(
        "127.0.0.1:9000",
        1_704_067_199,
        Encoding::Json,
        SignMethod::Tc3,
        v1_params(),
    );
    spec.breakage = vec![Breakage::ScopeDate("2024-01-01".to_owned())];
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    check_rejected(
        &request,
        1_704_067_199,
        codes::AUTH_FAILURE_SIGNATURE_FAILURE,
    );
}

#[test]
fn sdk_v5_get() {
    check_sdk_vector("V5 ");
}

#[test]
fn sdk_v6_token() {
    check_sdk_vector("V6 ");
}

#[test]
fn sdk_v7_v1_hmac_sha256_post_form() {
    let request = check_sdk_vector("V7 ");
    check_v1_request(
        &request,
        "InstanceIds.0=ins-w34e5rl9&KeyIds.0=skey-e3r6y7ji&ForceStop=True&Action=DisassociateInstancesKeyPairs&RequestClient=SDK_PYTHON_3.1.178&Nonce=11886&Timestamp=1700000000&Version=2017-03-12&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&SignatureMethod=HmacSHA256&Language=zh-CN&Signature=69lV8342Ex6g3Nl24oTr6TWxz9U9Q7lDEwTSGCzhv0Y%3D",
        "POSTcvm.tencentcloudapi.com/?Action=DisassociateInstancesKeyPairs&ForceStop=True&InstanceIds.0=ins-w34e5rl9&KeyIds.0=skey-e3r6y7ji&Language=zh-CN&Nonce=11886&Region=ap-guangzhou&RequestClient=SDK_PYTHON_3.1.178&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&SignatureMethod=HmacSHA256&Timestamp=1700000000&Version=2017-03-12",
        "69lV8342Ex6g3Nl24oTr6TWxz9U9Q7lDEwTSGCzhv0Y=",
    );
}

#[test]
fn sdk_v8_v1_hmac_sha1_get() {
    let request = check_sdk_vector("V8 ");
    check_v1_request(
        &request,
        "InstanceIds.0=ins-w34e5rl9&KeyIds.0=skey-e3r6y7ji&Action=DisassociateInstancesKeyPairs&RequestClient=SDK_PYTHON_3.1.178&Nonce=11886&Timestamp=1700000000&Version=2017-03-12&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&SignatureMethod=HmacSHA1&Language=zh-CN&Signature=mW0bGMEaoooO%2B5BfWjsr8DUa5Cg%3D",
        "GETcvm.tencentcloudapi.com/?Action=DisassociateInstancesKeyPairs&InstanceIds.0=ins-w34e5rl9&KeyIds.0=skey-e3r6y7ji&Language=zh-CN&Nonce=11886&Region=ap-guangzhou&RequestClient=SDK_PYTHON_3.1.178&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&SignatureMethod=HmacSHA1&Timestamp=1700000000&Version=2017-03-12",
        "mW0bGMEaoooO+5BfWjsr8DUa5Cg=",
    );
}

#[test]
fn sdk_v9_body_bytes_sensitivity() {
    let mut compact = python_spec(
        "cvm.tencentcloudapi.com",
        1_551_113_065,
        Encoding::Json,
        SignMethod::Tc3,
        v1_params(),
    );
    compact.json_style = JsonStyle::Compact;
    let request = check_tc3_signature(
        &compact,
        &credentials(ID, KEY, None),
        "3fd83a9ef23002fe62ea47d83657d272d4e21ef99d8bb937fa6c98f68d966696",
        "3627b0a641672e23093c89f61e039a6d61db4919103940c9c2166b272fae9d64",
    );
    assert_eq!(
        request.body(),
        br#"{"InstanceIds":["ins-w34e5rl9"],"KeyIds":["skey-e3r6y7ji"]}"#
    );
    assert_eq!(
        tc3_trace(&request).hashed_payload,
        "53d10a931ffbd6a08f76cc23b5287c1946e7ec9ca8fb82685ae8e1047babbfc2"
    );

    let mut charset = python_spec(
        "cvm.tencentcloudapi.com",
        1_551_113_065,
        Encoding::Json,
        SignMethod::Tc3,
        v1_params(),
    );
    charset.content_type = Some("application/json; charset=utf-8".to_owned());
    check_tc3_signature(
        &charset,
        &credentials(ID, KEY, None),
        "2486909dd94f31d0567e423fed7fe524c72999ba92a3390f5b5863556116e1a0",
        "9f40a0b095987e16d97a5af97734d80e3522ab6e1226aaa3ebab127e6124a2c5",
    );
}

// ---------------------------------------------------------------------------------------------
// The captured Python SDK request (reference §9.3).

#[test]
fn captured_python_sdk_post_on_loopback() {
    let spec = python_spec(
        "127.0.0.1:9000",
        1_700_000_000,
        Encoding::Json,
        SignMethod::Tc3,
        v1_params(),
    );
    // The reference gives no hashed canonical request for this host: hash the canonical request
    // spelled out here.
    let canonical = "POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:9000\n\ncontent-type;host\n8ad76edb7e42611053011b1b872779fbe0de6ccd9022999a3ffd262ae1637431";
    let request = check_tc3_signature(
        &spec,
        &credentials(ID, KEY, None),
        &tc3::sha256_hex(canonical.as_bytes()),
        "88b3586661bd58ded87803e1177b695f193df2fad37df61ad00583b5c8014786",
    );
    assert_eq!(tc3_trace(&request).canonical_request, canonical);
    let expected = [
        ("Content-Type", "application/json"),
        ("Host", "127.0.0.1:9000"),
        ("X-TC-Action", "DisassociateInstancesKeyPairs"),
        ("X-TC-RequestClient", "SDK_PYTHON_3.1.178"),
        ("X-TC-Timestamp", "1700000000"),
        ("X-TC-Version", "2017-03-12"),
        ("X-TC-Region", "ap-guangzhou"),
        ("X-TC-Language", "zh-CN"),
        ("Authorization", "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/cvm/tc3_request, SignedHeaders=content-type;host, Signature=88b3586661bd58ded87803e1177b695f193df2fad37df61ad00583b5c8014786"),
    ];
    let sent: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    assert_eq!(sent, expected);
    assert_eq!(
        request.body(),
        br#"{"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"]}"#
    );
    assert_eq!(
        tc3_trace(&request).hashed_payload,
        "8ad76edb7e42611053011b1b872779fbe0de6ccd9022999a3ffd262ae1637431"
    );
}

#[test]
fn captured_python_sdk_get_on_loopback() {
    let spec = python_spec(
        "127.0.0.1:9000",
        1_700_000_000,
        Encoding::Query,
        SignMethod::Tc3,
        v1_params(),
    );
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    assert_eq!(
        request.path_and_query(),
        "/?InstanceIds.0=ins-w34e5rl9&KeyIds.0=skey-e3r6y7ji"
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(tc3_trace(&request).hashed_payload, tc3::EMPTY_PAYLOAD_HASH);
    assert_eq!(
        tc3_trace(&request).canonical_request,
        "GET\n/\nInstanceIds.0=ins-w34e5rl9&KeyIds.0=skey-e3r6y7ji\ncontent-type:application/x-www-form-urlencoded\nhost:127.0.0.1:9000\n\ncontent-type;host\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        tc3_trace(&request).signature,
        "2013bc3d06b93a47d745b74efec9e8eb6db79638dceeb91a3065a3534d4931d6"
    );
    assert!(received_verify(&request, 1_700_000_000).is_ok());
}

#[test]
fn scheme_in_host_is_signed_verbatim() {
    let spec = python_spec(
        "http://127.0.0.1:9000",
        1_700_000_000,
        Encoding::Json,
        SignMethod::Tc3,
        v1_params(),
    );
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    assert_eq!(request.header("host"), Some("http://127.0.0.1:9000"));
    assert!(tc3_trace(&request)
        .canonical_request
        .contains("\nhost:http://127.0.0.1:9000\n"));
    assert!(received_verify(&request, 1_700_000_000).is_ok());
}

// ---------------------------------------------------------------------------------------------
// v1 documentation vectors.

#[test]
fn v1_api3_doc_example() {
    check_v1_doc(
        "GET",
        "cvm.tencentcloudapi.com",
        "/",
        &[
            ("Action", "DescribeInstances"),
            ("InstanceIds.0", "ins-09dx96dg"),
            ("Limit", "20"),
            ("Nonce", "11886"),
            ("Offset", "0"),
            ("Region", "ap-guangzhou"),
            ("SecretId", ID),
            ("Timestamp", "1465185768"),
            ("Version", "2017-03-12"),
        ],
        KEY,
        (
            "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12",
            "EliP9YW3pW28FpsEdkXt/+WcGeI=",
        ),
    );
    assert_eq!(
        wire::percent_encode("EliP9YW3pW28FpsEdkXt/+WcGeI="),
        "EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D"
    );
    // The doc's final URL verifies as received (the doc omits SignatureMethod: HmacSHA1).
    let headers = vec![("Host".to_owned(), "cvm.tencentcloudapi.com".to_owned())];
    let received = Received {
        method: "GET",
        path_and_query: "/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Signature=EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D&Timestamp=1465185768&Version=2017-03-12",
        headers: &headers,
        body: b"",
    };
    let verified = wire::verify(&received, &keys, 1_465_185_768).expect("doc url verifies");
    assert_eq!(verified.sign_method, SignMethod::HmacSha1);
    assert_eq!(
        Value::Object(verified.params.into_map()),
        json!({"InstanceIds": ["ins-09dx96dg"], "Limit": "20", "Offset": "0"})
    );
}

#[test]
fn v1_pre_3_0_pair() {
    let params = |method| {
        [
            ("Action", "DescribeInstances"),
            ("InstanceIds.0", "ins-09dx96dg"),
            ("Nonce", "11886"),
            ("Region", "ap-guangzhou"),
            ("SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"),
            ("SignatureMethod", method),
            ("Timestamp", "1465185768"),
        ]
    };
    let key = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
    check_v1_doc(
        "GET",
        "cvm.api.qcloud.com",
        "/v2/index.php",
        &params("HmacSHA256"),
        key,
        (
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768",
            "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=",
        ),
    );
    check_v1_doc(
        "GET",
        "cvm.api.qcloud.com",
        "/v2/index.php",
        &params("HmacSHA1"),
        key,
        (
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA1&Timestamp=1465185768",
            "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=",
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Verification failures, one per documented code.

fn base_spec(method: SignMethod, encoding: Encoding) -> RequestSpec {
    python_spec(
        "cvm.tencentcloudapi.com",
        1_700_000_000,
        encoding,
        method,
        v1_params(),
    )
}

#[test]
fn every_breakage_is_rejected_with_its_code() {
    let shapes = [
        (SignMethod::Tc3, Encoding::Json),
        (SignMethod::Tc3, Encoding::Query),
        (SignMethod::HmacSha1, Encoding::Query),
        (SignMethod::HmacSha256, Encoding::Form),
    ];
    for (method, encoding) in shapes {
        let spec = || base_spec(method, encoding);
        check_breakage(
            spec(),
            Breakage::WrongSecret,
            codes::AUTH_FAILURE_SIGNATURE_FAILURE,
        );
        check_breakage(
            spec(),
            Breakage::TruncateSignature,
            codes::AUTH_FAILURE_SIGNATURE_FAILURE,
        );
        check_breakage(
            spec(),
            Breakage::AlterSignature,
            codes::AUTH_FAILURE_SIGNATURE_FAILURE,
        );
        check_breakage(
            spec(),
            Breakage::UnknownSecretId,
            codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND,
        );
        check_breakage(
            spec(),
            Breakage::DropAuthorization,
            codes::MISSING_PARAMETER,
        );
        check_breakage(
            spec(),
            Breakage::SkewTimestamp(301),
            codes::AUTH_FAILURE_SIGNATURE_EXPIRE,
        );
        check_breakage(
            spec(),
            Breakage::SkewTimestamp(-301),
            codes::AUTH_FAILURE_SIGNATURE_EXPIRE,
        );
        check_breakage(
            spec(),
            Breakage::OverrideHeader("Host".into(), "evil.example".into()),
            codes::AUTH_FAILURE_SIGNATURE_FAILURE,
        );
        check_breakage(
            spec(),
            Breakage::RemoveHeader("host".into()),
            codes::AUTH_FAILURE_SIGNATURE_FAILURE,
        );
        // Within the window the skew is accepted.
        let mut skewed = spec();
        skewed.breakage = vec![Breakage::SkewTimestamp(300)];
        let request = wire::sign(&skewed, &credentials(ID, KEY, None)).expect("signs");
        assert!(
            received_verify(&request, skewed.timestamp).is_ok(),
            "{method:?} {encoding:?}"
        );
    }
    let tc3 = || base_spec(SignMethod::Tc3, Encoding::Json);
    check_breakage(
        tc3(),
        Breakage::ScopeDate("2023-11-15".into()),
        codes::AUTH_FAILURE_SIGNATURE_FAILURE,
    );
    check_breakage(
        tc3(),
        Breakage::RemoveHeader("X-TC-Timestamp".into()),
        codes::MISSING_PARAMETER,
    );
    check_breakage(
        tc3(),
        Breakage::OverrideHeader("X-TC-Timestamp".into(), "soon".into()),
        codes::INVALID_PARAMETER,
    );
    check_breakage(
        tc3(),
        Breakage::OverrideHeader("Content-Type".into(), "text/plain".into()),
        codes::AUTH_FAILURE_SIGNATURE_FAILURE,
    );
    check_breakage(
        tc3(),
        Breakage::OverrideHeader("Authorization".into(), "Bearer x".into()),
        codes::AUTH_FAILURE_INVALID_AUTHORIZATION,
    );
    check_breakage(
        tc3(),
        Breakage::RawBody(b"{not json".to_vec()),
        codes::INVALID_PARAMETER,
    );
    check_breakage(
        tc3(),
        Breakage::RawBody(b"[1, 2]".to_vec()),
        codes::INVALID_PARAMETER,
    );
    check_breakage(
        tc3(),
        Breakage::RawBody(b"".to_vec()),
        codes::INVALID_PARAMETER,
    );
    check_breakage(
        tc3(),
        Breakage::RawBody(vec![0xff, 0xfe, b'{']),
        codes::INVALID_PARAMETER,
    );
    let form = || base_spec(SignMethod::HmacSha256, Encoding::Form);
    check_breakage(
        form(),
        Breakage::RawBody(b"InstanceIds.1=ins-w34e5rl9".to_vec()),
        codes::INVALID_PARAMETER,
    );
    check_breakage(
        form(),
        Breakage::RawBody(b"A.0=x&A.0=y".to_vec()),
        codes::INVALID_PARAMETER,
    );
    check_breakage(
        form(),
        Breakage::RemoveHeader("Content-Type".into()),
        codes::MISSING_PARAMETER,
    );
}

#[test]
fn raw_bodies_are_signed_as_they_are() {
    let mut tc3 = base_spec(SignMethod::Tc3, Encoding::Json);
    tc3.body =
        Body::Raw(br#"{"InstanceIds":["ins-w34e5rl9"],"KeyIds":["skey-e3r6y7ji"]}"#.to_vec());
    let request = wire::sign(&tc3, &credentials(ID, KEY, None)).expect("signs");
    assert_eq!(
        request.body(),
        br#"{"InstanceIds":["ins-w34e5rl9"],"KeyIds":["skey-e3r6y7ji"]}"#
    );
    assert!(received_verify(&request, tc3.timestamp).is_ok());

    let mut form = base_spec(SignMethod::HmacSha1, Encoding::Form);
    form.body = Body::Raw(b"KeyIds.0=skey-e3r6y7ji&InstanceIds.0=ins-w34e5rl9".to_vec());
    let request = wire::sign(&form, &credentials(ID, KEY, None)).expect("signs");
    assert!(request
        .body()
        .starts_with(b"KeyIds.0=skey-e3r6y7ji&InstanceIds.0=ins-w34e5rl9&Action="));
    let verified = received_verify(&request, form.timestamp).expect("verifies");
    assert_eq!(
        Value::Object(verified.params.into_map()),
        json!({"KeyIds": ["skey-e3r6y7ji"], "InstanceIds": ["ins-w34e5rl9"]})
    );
}

#[test]
fn received_host_must_equal_the_signed_host() {
    for (method, encoding) in [
        (SignMethod::Tc3, Encoding::Json),
        (SignMethod::HmacSha1, Encoding::Form),
    ] {
        let spec = python_spec(
            "127.0.0.1:9000",
            1_700_000_000,
            encoding,
            method,
            v1_params(),
        );
        let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
        for other_host in ["127.0.0.1:9001", "http://127.0.0.1:9000", "localhost:9000"] {
            let mut headers = request.headers().to_vec();
            for (name, value) in &mut headers {
                if name == "Host" {
                    *value = other_host.to_owned();
                }
            }
            let received = Received {
                method: request.method(),
                path_and_query: request.path_and_query(),
                headers: &headers,
                body: request.body(),
            };
            let error = wire::verify(&received, &keys, 1_700_000_000).expect_err(other_host);
            assert_eq!(
                error.code(),
                codes::AUTH_FAILURE_SIGNATURE_FAILURE,
                "{method:?} {other_host}"
            );
        }
    }
}

#[test]
fn header_names_are_matched_in_any_case() {
    let request = wire::sign(
        &base_spec(SignMethod::Tc3, Encoding::Json),
        &credentials(ID, KEY, None),
    )
    .expect("signs");
    let lowered: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
        .collect();
    let received = Received {
        method: "POST",
        path_and_query: "/",
        headers: &lowered,
        body: request.body(),
    };
    let verified = wire::verify(&received, &keys, 1_700_000_000).expect("verifies");
    assert_eq!(verified.version.as_deref(), Some("2017-03-12"));
}

#[test]
fn requests_without_credentials_or_with_bad_methods() {
    let none: Vec<(String, String)> = vec![("Content-Type".into(), "application/json".into())];
    let post = |headers: &[(String, String)], body: &[u8], path: &str| -> VerifyError {
        let received = Received {
            method: "POST",
            path_and_query: path,
            headers,
            body,
        };
        wire::verify(&received, &keys, 0).expect_err("rejected")
    };
    assert_eq!(post(&none, b"{}", "/").code(), codes::MISSING_PARAMETER);
    let form: Vec<(String, String)> = vec![(
        "Content-Type".into(),
        "application/x-www-form-urlencoded".into(),
    )];
    assert_eq!(
        post(&form, b"Action=X&Version=1", "/").code(),
        codes::MISSING_PARAMETER
    );
    assert_eq!(
        post(&form, b"SecretId=x", "/").code(),
        codes::MISSING_PARAMETER,
        "no signature"
    );
    assert_eq!(
        post(
            &form,
            b"Signature=x&SecretId=AKIDunknown&Timestamp=1&Nonce=1",
            "/"
        )
        .code(),
        codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND
    );
    assert_eq!(
        post(
            &form,
            b"Signature=x&SecretId=a&Timestamp=yesterday&Nonce=1",
            "/"
        )
        .code(),
        codes::INVALID_PARAMETER
    );
    assert_eq!(
        post(&form, b"Signature=x&SecretId=a&Timestamp=1&Nonce=-1", "/").code(),
        codes::INVALID_PARAMETER
    );
    assert_eq!(
        post(&form, b"Signature=x&SecretId=a&Timestamp=1", "/").code(),
        codes::MISSING_PARAMETER
    );
    assert_eq!(
        post(&form, b"Signature=x&Signature=y&SecretId=a", "/").code(),
        codes::INVALID_PARAMETER
    );
    assert_eq!(
        post(&form, b"Signature=%zz", "/").code(),
        codes::INVALID_PARAMETER
    );
    let auth: Vec<(String, String)> = vec![(
        "Authorization".into(),
        "TC3-HMAC-SHA256 Credential=x".into(),
    )];
    assert_eq!(
        post(&auth, b"{}", "/").code(),
        codes::AUTH_FAILURE_INVALID_AUTHORIZATION
    );
    let received = Received {
        method: "PUT",
        path_and_query: "/",
        headers: &none,
        body: b"",
    };
    assert_eq!(
        wire::verify(&received, &keys, 0).expect_err("put").code(),
        codes::UNSUPPORTED_PROTOCOL
    );
}

#[test]
fn tc3_over_an_unknown_content_type_verifies_then_fails_decoding() {
    let mut spec = base_spec(SignMethod::Tc3, Encoding::Json);
    spec.content_type = Some("text/plain".to_owned());
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    check_rejected(&request, spec.timestamp, codes::INVALID_PARAMETER);
}

#[test]
fn unsigned_payload_hashes_the_literal() {
    let mut spec = base_spec(SignMethod::Tc3, Encoding::Json);
    spec.unsigned_payload = true;
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    assert_eq!(
        request.header("x-tc-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert_eq!(
        tc3_trace(&request).hashed_payload,
        tc3::sha256_hex(b"UNSIGNED-PAYLOAD")
    );
    assert!(received_verify(&request, spec.timestamp).is_ok());
    // The body is then not covered: a different body still verifies.
    let received = Received {
        method: "POST",
        path_and_query: "/",
        headers: request.headers(),
        body: br#"{"InstanceIds": ["ins-00000000"]}"#,
    };
    assert!(wire::verify(&received, &keys, spec.timestamp).is_ok());
}

#[test]
fn signing_refuses_what_cannot_be_sent() {
    let creds = credentials(ID, KEY, None);
    let json_v1 = base_spec(SignMethod::HmacSha1, Encoding::Json);
    assert!(matches!(
        wire::sign(&json_v1, &creds).expect_err("json v1").kind(),
        wire::WireErrorKind::Unsupported { .. }
    ));
    let mut scope_v1 = base_spec(SignMethod::HmacSha1, Encoding::Form);
    scope_v1.breakage = vec![Breakage::ScopeDate("2000-01-01".into())];
    assert!(matches!(
        wire::sign(&scope_v1, &creds).expect_err("scope v1").kind(),
        wire::WireErrorKind::BreakageNotApplicable { .. }
    ));
    let mut newline = base_spec(SignMethod::Tc3, Encoding::Json);
    newline.region = Some("ap-guangzhou\r\nX-Evil: 1".into());
    assert!(matches!(
        wire::sign(&newline, &creds).expect_err("crlf").kind(),
        wire::WireErrorKind::InvalidHeader { .. }
    ));
    let mut binary_query = base_spec(SignMethod::Tc3, Encoding::Query);
    binary_query.body = Body::Raw(vec![0xff]);
    assert!(wire::sign(&binary_query, &creds).is_err());
}

// ---------------------------------------------------------------------------------------------
// Secrets never leak; reports are redacted; curl reproduces the request.

#[test]
fn the_secret_key_never_appears_in_any_output() {
    let creds = credentials(ID, KEY, Some("EXAMPLETOKEN123"));
    assert_eq!(format!("{:?}", creds.secret_key), "[redacted]");
    assert_eq!(creds.secret_key.to_string(), "[redacted]");
    assert!(!format!("{creds:?}").contains(KEY));
    for (method, encoding) in [
        (SignMethod::Tc3, Encoding::Json),
        (SignMethod::HmacSha256, Encoding::Form),
        (SignMethod::HmacSha1, Encoding::Query),
    ] {
        let mut spec = base_spec(method, encoding);
        spec.breakage = vec![Breakage::WrongSecret];
        for request in [
            wire::sign(&base_spec(method, encoding), &creds).expect("signs"),
            wire::sign(&spec, &creds).expect("signs"),
        ] {
            let redacted = request.redacted();
            let outputs = [
                format!("{request:?}"),
                format!("{redacted:?}"),
                request.curl("http://127.0.0.1:9000"),
                request.curl_redacted("http://127.0.0.1:9000"),
            ];
            for output in &outputs {
                assert!(!output.contains(KEY), "secret key leaked: {output}");
            }
            let report = request.curl_redacted("http://127.0.0.1:9000");
            assert!(
                !report.contains("EXAMPLETOKEN123"),
                "token leaked: {report}"
            );
            let signature = match request.trace() {
                SigningTrace::Tc3(trace) => trace.signature.to_string(),
                SigningTrace::V1(trace) => wire::percent_encode(&trace.signature),
            };
            assert!(!report.contains(&signature), "signature leaked: {report}");
            assert!(!format!("{redacted:?}").contains(&signature));
            if let SigningTrace::Tc3(trace) = request.trace() {
                assert!(
                    !format!("{request:?}").contains(trace.signing_key_hex.as_str()),
                    "signing key in debug"
                );
            }
            assert!(
                !format!("{redacted:?}").contains("EXAMPLETOKEN123"),
                "token in redacted debug"
            );
        }
    }
}

#[test]
fn curl_command_is_quoted_and_complete() {
    let spec = python_spec(
        "http://127.0.0.1:9000",
        1_700_000_000,
        Encoding::Json,
        SignMethod::Tc3,
        json!({"Name": "it's"}),
    );
    let request = wire::sign(&spec, &credentials(ID, KEY, None)).expect("signs");
    let curl = request.curl("http://127.0.0.1:9000/");
    assert!(curl.starts_with("curl -sS -X POST http://127.0.0.1:9000/ \\\n  -H 'Content-Type: application/json' \\\n  -H 'Host: http://127.0.0.1:9000'"), "{curl}");
    assert!(
        curl.ends_with(r#"--data-binary '{"Name": "it'\''s"}'"#),
        "{curl}"
    );

    let get = wire::sign(
        &base_spec(SignMethod::HmacSha1, Encoding::Query),
        &credentials(ID, KEY, None),
    )
    .expect("signs");
    let curl = get.curl("http://127.0.0.1:9000");
    assert!(
        curl.starts_with("curl -sS -X GET 'http://127.0.0.1:9000/?InstanceIds.0=ins-w34e5rl9&"),
        "{curl}"
    );
    assert!(!curl.contains("--data-binary"), "{curl}");
    let redacted = get.curl_redacted("http://127.0.0.1:9000");
    assert!(redacted.contains("&Signature=[redacted]"), "{redacted}");
    assert!(redacted.starts_with("curl -sS -g -X GET "), "{redacted}");

    let mut binary = base_spec(SignMethod::Tc3, Encoding::Json);
    binary.body = Body::Raw(vec![b'{', 0, 0xff, b'\'']);
    let request = wire::sign(&binary, &credentials(ID, KEY, None)).expect("signs");
    let curl = request.curl("http://h");
    assert!(
        curl.starts_with(r"printf '{\000\377'\''' | curl -sS -X POST"),
        "{curl}"
    );
    assert!(curl.ends_with("--data-binary @-"), "{curl}");
}

// ---------------------------------------------------------------------------------------------
// Properties: sign→verify round trips, and any single breakage is detected.

fn param_name() -> impl Strategy<Value = String> {
    "[A-Z][A-Za-z_]{0,8}".prop_filter("not a common v1 parameter", |name| {
        !wire::COMMON_V1_PARAMS.contains(&name.as_str())
    })
}

fn param_value() -> impl Strategy<Value = Value> {
    let text = "\\PC{0,12}".prop_map(Value::from);
    let leaf = prop_oneof![
        text.clone(),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
    ];
    prop_oneof![
        leaf.clone(),
        prop::collection::vec(text.clone(), 1..4).prop_map(Value::from),
        prop::collection::vec(
            ("[a-z-]{1,10}", prop::collection::vec(text, 1..3))
                .prop_map(|(name, values)| json!({"Name": name, "Values": values})),
            1..3
        )
        .prop_map(Value::from),
    ]
}

fn params() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((param_name(), param_value()), 0..5)
        .prop_map(|entries| entries.into_iter().collect())
}

fn shape() -> impl Strategy<Value = (SignMethod, Encoding)> {
    prop_oneof![
        Just((SignMethod::Tc3, Encoding::Json)),
        Just((SignMethod::Tc3, Encoding::Form)),
        Just((SignMethod::Tc3, Encoding::Query)),
        Just((SignMethod::HmacSha1, Encoding::Form)),
        Just((SignMethod::HmacSha1, Encoding::Query)),
        Just((SignMethod::HmacSha256, Encoding::Form)),
        Just((SignMethod::HmacSha256, Encoding::Query)),
    ]
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("cvm.tencentcloudapi.com".to_owned()),
        Just("cvm.ap-guangzhou.tencentcloudapi.com".to_owned()),
        Just("127.0.0.1:9000".to_owned()),
        Just("http://127.0.0.1:9000".to_owned()),
        "[a-z0-9.-]{1,20}(:[0-9]{1,5})?",
    ]
}

prop_compose! {
    fn request_spec()(
        params in params(),
        (sign_method, encoding) in shape(),
        host in host(),
        timestamp in 1_000_000_000_i64..4_000_000_000,
        nonce in 1_u64..u64::MAX,
        region in prop::option::of("[a-z]{2}-[a-z]{3,9}"),
        language in prop::option::of(prop_oneof![Just("zh-CN".to_owned()), Just("en-US".to_owned())]),
        request_client in prop::option::of("[A-Z_0-9.; ]{1,20}"),
        compact in any::<bool>(),
        unsigned_payload in any::<bool>(),
    ) -> RequestSpec {
        let mut spec = RequestSpec::new(ACTION, timestamp, nonce, Body::Params(params));
        spec.host = host;
        spec.region = region;
        spec.language = language;
        spec.request_client = request_client.map(|client| client.trim().to_owned()).filter(|client| !client.is_empty());
        spec.encoding = encoding;
        spec.sign_method = sign_method;
        spec.json_style = if compact { JsonStyle::Compact } else { JsonStyle::Python };
        spec.unsigned_payload = unsigned_payload && sign_method == SignMethod::Tc3;
        spec
    }
}

fn detectable_breakage(spec: &RequestSpec) -> BoxedStrategy<Breakage> {
    let host = spec.host.clone();
    let mut options = vec![
        Just(Breakage::WrongSecret).boxed(),
        Just(Breakage::TruncateSignature).boxed(),
        Just(Breakage::AlterSignature).boxed(),
        Just(Breakage::UnknownSecretId).boxed(),
        Just(Breakage::DropAuthorization).boxed(),
        prop_oneof![301_i64..10_000_000, -10_000_000_i64..-300]
            .prop_map(Breakage::SkewTimestamp)
            .boxed(),
        Just(Breakage::RemoveHeader("Host".to_owned())).boxed(),
        Just(Breakage::OverrideHeader(
            "Host".to_owned(),
            format!("{host}.evil"),
        ))
        .boxed(),
    ];
    if spec.sign_method == SignMethod::Tc3 {
        options.push(Just(Breakage::ScopeDate("1999-12-31".to_owned())).boxed());
        options.push(
            Just(Breakage::OverrideHeader(
                "Content-Type".to_owned(),
                "application/xml".to_owned(),
            ))
            .boxed(),
        );
    }
    prop::strategy::Union::new(options).boxed()
}

fn expected_params(spec: &RequestSpec) -> Map<String, Value> {
    let Body::Params(params) = &spec.body else {
        return Map::new();
    };
    match spec.encoding {
        // Go's style writes a float 0.0 as `0`: compare with what was sent, parsed.
        Encoding::Json => serde_json::from_slice(&wire::encode_json(params, spec.json_style))
            .expect("sent json parses"),
        Encoding::Form | Encoding::Query => stringify(params, spec.json_style),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sign_then_verify_round_trips(
        spec in request_spec(),
        token in prop::option::of("[A-Za-z0-9+/=]{1,40}"),
        drift in -300_i64..=300,
    ) {
        let creds = credentials(ID, KEY, token.as_deref());
        let request = wire::sign(&spec, &creds).expect("signs");
        let verified = received_verify(&request, spec.timestamp + drift);
        let verified = verified.map_err(|error| TestCaseError::fail(format!("{error} for {request:?}")))?;
        prop_assert_eq!(&verified.secret_id, ID);
        prop_assert_eq!(verified.sign_method, spec.sign_method);
        prop_assert_eq!(verified.encoding, spec.encoding);
        prop_assert_eq!(verified.action.as_deref(), Some(ACTION));
        prop_assert_eq!(verified.version.as_deref(), Some("2017-03-12"));
        prop_assert_eq!(verified.region.as_deref(), spec.region.as_deref());
        prop_assert_eq!(verified.language.as_deref(), spec.language.as_deref());
        prop_assert_eq!(verified.token.as_deref(), token.as_deref());
        prop_assert_eq!(verified.params, expected_params(&spec));
    }

    #[test]
    fn signing_into_a_used_request_equals_signing_afresh(
        first in request_spec(),
        second in request_spec(),
        token in prop::option::of("[A-Za-z0-9]{1,20}"),
    ) {
        let creds = credentials(ID, KEY, token.as_deref());
        let mut reused = wire::sign(&first, &creds).expect("signs");
        wire::sign_into(&second, &creds, &mut reused).expect("signs again");
        prop_assert_eq!(reused, wire::sign(&second, &creds).expect("signs"));
    }

    #[test]
    fn any_single_breakage_is_detected(
        (spec, breakage) in request_spec().prop_flat_map(|spec| {
            let breakage = detectable_breakage(&spec);
            (Just(spec), breakage)
        }),
    ) {
        let mut broken = spec.clone();
        broken.breakage = vec![breakage.clone()];
        let request = wire::sign(&broken, &credentials(ID, KEY, None)).expect("signs");
        match received_verify(&request, spec.timestamp) {
            Ok(verified) => return Err(TestCaseError::fail(format!("{breakage:?} not detected: {verified:?}"))),
            Err(error) => {
                if let Some(code) = breakage.expected_code() {
                    prop_assert_eq!(error.code(), code, "{:?}: {}", breakage, error);
                }
            }
        }
    }

    #[test]
    fn verify_never_panics(
        method in prop_oneof![Just("GET".to_owned()), Just("POST".to_owned()), "[A-Z]{0,6}"],
        path in "/(\\?[ -~]{0,80})?",
        headers in prop::collection::vec(
            (prop_oneof![
                Just("Authorization".to_owned()),
                Just("Content-Type".to_owned()),
                Just("X-TC-Timestamp".to_owned()),
                Just("Host".to_owned()),
                "[A-Za-z-]{1,12}",
            ], "[ -~]{0,120}"),
            0..6,
        ),
        body in prop::collection::vec(any::<u8>(), 0..200),
        now in any::<i64>(),
    ) {
        let received = Received { method: &method, path_and_query: &path, headers: &headers, body: &body };
        let _ = wire::verify(&received, &keys, now);
        let _ = wire::decode_json_params(&body);
        let _ = wire::decode_form_params(&String::from_utf8_lossy(&body));
    }
}
