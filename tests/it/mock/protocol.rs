//! The protocol through the in-process mock: credentials, clock, action and version, method, sizes,
//! parameter shapes and body encodings, the Host-with-scheme quirk, and per-SecretId isolation.

use serde_json::json;
use tcconform::contract::{codes, limits};
use tcconform::mock::DEMO_SECRET_ID;
use tcconform::wire::{Breakage, Encoding, SignMethod};

use super::*;

fn broken(breakage: Breakage) -> RequestSpec {
    let mut request = disassociate(&["stopped_linux"], &["bound_key"]);
    request.breakage.push(breakage);
    request
}

#[test]
fn credentials_and_signature() {
    let service = service();
    expect_code(
        &service,
        &broken(Breakage::UnknownSecretId),
        codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND,
    );
    expect_code(
        &service,
        &broken(Breakage::WrongSecret),
        codes::AUTH_FAILURE_SIGNATURE_FAILURE,
    );
    expect_code(
        &service,
        &broken(Breakage::AlterSignature),
        codes::AUTH_FAILURE_SIGNATURE_FAILURE,
    );
    expect_code(
        &service,
        &broken(Breakage::DropAuthorization),
        codes::MISSING_PARAMETER,
    );
    let stranger = signed(
        &disassociate(&["stopped_linux"], &["bound_key"]),
        &credentials("AKIDnobodyKnowsThis000000000000000000", "whatever"),
    );
    let answer = call_signed(&service, &stranger, NOW);
    assert_eq!(
        answer.code.as_deref(),
        Some(codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND)
    );
    assert_eq!(
        answer.message,
        "The SecretId is not found, please ensure that your SecretId is correct."
    );
}

#[test]
fn the_clock_window_is_300_seconds_either_way() {
    let service = service();
    let request = signed(&disassociate(&["stopped_linux"], &["bound_key"]), &demo());
    for now in [NOW + 301, NOW - 301] {
        let answer = call_signed(&service, &request, now);
        assert_eq!(
            answer.code.as_deref(),
            Some(codes::AUTH_FAILURE_SIGNATURE_EXPIRE)
        );
    }
    assert_eq!(keys_of(&service, "stopped_linux").len(), 2);
    call_signed(&service, &request, NOW + 300).expect_ok();
    assert_eq!(keys_of(&service, "stopped_linux"), [id("second_key")]);
}

#[test]
fn action_and_version() {
    let service = service();
    expect_code(
        &service,
        &broken(Breakage::RemoveHeader("X-TC-Action".into())),
        codes::MISSING_PARAMETER,
    );
    let mut unknown = disassociate(&["stopped_linux"], &["bound_key"]);
    unknown.action = "DisassociateInstanceKeyPairs".into();
    expect_code(&service, &unknown, codes::INVALID_ACTION);
    let mut version = disassociate(&["stopped_linux"], &["bound_key"]);
    version.version = "2017-03-13".into();
    let answer = expect_code(&service, &version, codes::NO_SUCH_VERSION);
    assert!(answer.message.contains("2017-03-13"), "{}", answer.message);
    expect_code(
        &service,
        &broken(Breakage::RemoveHeader("X-TC-Version".into())),
        codes::MISSING_PARAMETER,
    );
}

#[test]
fn only_get_and_post() {
    let service = service();
    let request = signed(&disassociate(&["stopped_linux"], &["bound_key"]), &demo());
    for method in ["PUT", "DELETE", "PATCH"] {
        let received = Received {
            method,
            path_and_query: request.path_and_query(),
            headers: request.headers(),
            body: request.body(),
        };
        let answer = answer_of(&service.handle(&received, NOW, 0), None);
        assert_eq!(answer.code.as_deref(), Some(codes::UNSUPPORTED_PROTOCOL));
    }
    assert_eq!(keys_of(&service, "stopped_linux").len(), 2);
}

#[test]
fn bodies_over_the_documented_sizes() {
    let service = service();
    let pad = |target: usize| {
        let head = format!(
            r#"{{"InstanceIds": ["{}"], "KeyIds": ["{}"], "Pad": ""#,
            id("stopped_linux"),
            id("bound_key")
        );
        let mut body = head.into_bytes();
        body.resize(target - 2, b'x');
        body.extend_from_slice(b"\"}");
        body
    };
    let oversized = broken(Breakage::RawBody(pad(limits::MAX_V3_POST_BODY_BYTES + 1)));
    let answer = expect_code(&service, &oversized, codes::REQUEST_SIZE_LIMIT_EXCEEDED);
    assert!(
        answer.message.contains("over the limit of 10485760 bytes"),
        "{}",
        answer.message
    );
    // At the limit, the size is fine and the unknown `Pad` parameter is what is wrong.
    let at_limit = broken(Breakage::RawBody(pad(limits::MAX_V3_POST_BODY_BYTES)));
    expect_code(&service, &at_limit, codes::UNKNOWN_PARAMETER);

    let mut form = disassociate(&["stopped_linux"], &["bound_key"]);
    form.encoding = Encoding::Form;
    form.sign_method = SignMethod::HmacSha256;
    let mut padded = form.clone();
    let Body::Params(params) = &mut padded.body else {
        unreachable!()
    };
    params.insert(
        "Pad".into(),
        json!("x".repeat(limits::MAX_V1_POST_BODY_BYTES)),
    );
    expect_code(&service, &padded, codes::REQUEST_SIZE_LIMIT_EXCEEDED);

    let mut query = form;
    query.encoding = Encoding::Query;
    query.sign_method = SignMethod::HmacSha1;
    let Body::Params(params) = &mut query.body else {
        unreachable!()
    };
    params.insert(
        "Pad".into(),
        json!("x".repeat(limits::MAX_GET_REQUEST_BYTES)),
    );
    expect_code(&service, &query, codes::REQUEST_SIZE_LIMIT_EXCEEDED);
}

#[test]
fn parameter_shapes() {
    let service = service();
    let unknown = spec(
        "DisassociateInstancesKeyPairs",
        json!({ "InstanceIds": ids(&["stopped_linux"]), "KeyIds": ids(&["bound_key"]), "DryRun": true }),
    );
    let answer = expect_code(&service, &unknown, codes::UNKNOWN_PARAMETER);
    assert!(answer.message.contains("DryRun"), "{}", answer.message);
    let wrong_type = spec(
        "DisassociateInstancesKeyPairs",
        json!({ "InstanceIds": id("stopped_linux"), "KeyIds": ids(&["bound_key"]) }),
    );
    expect_code(&service, &wrong_type, codes::INVALID_PARAMETER);
    let wrong_bool = spec(
        "DisassociateInstancesKeyPairs",
        json!({ "InstanceIds": ids(&["stopped_linux"]), "KeyIds": ids(&["bound_key"]), "ForceStop": "yes" }),
    );
    expect_code(&service, &wrong_bool, codes::INVALID_PARAMETER);
    for raw in [&b"{\"InstanceIds\": ["[..], b"[]", b"", b"\xff\xfe"] {
        expect_code(
            &service,
            &broken(Breakage::RawBody(raw.to_vec())),
            codes::INVALID_PARAMETER,
        );
    }
}

#[test]
fn v1_form_post_and_get_and_tc3_get() {
    let service = service();
    let variants = [
        (
            Encoding::Form,
            SignMethod::HmacSha256,
            "stopped_linux",
            "bound_key",
        ),
        (
            Encoding::Query,
            SignMethod::HmacSha1,
            "stopped_linux",
            "second_key",
        ),
        (
            Encoding::Query,
            SignMethod::Tc3,
            "stopped_linux_2",
            "bound_key",
        ),
        (
            Encoding::Form,
            SignMethod::Tc3,
            "running_linux",
            "bound_key",
        ),
    ];
    for (encoding, sign_method, instance, key) in variants {
        let mut request = spec(
            "DisassociateInstancesKeyPairs",
            json!({ "InstanceIds": ids(&[instance]), "KeyIds": ids(&[key]), "ForceStop": true }),
        );
        request.encoding = encoding;
        request.sign_method = sign_method;
        request.region = Some("ap-guangzhou".into());
        call(&service, &request).expect_ok();
        assert!(
            !keys_of(&service, instance).contains(&id(key)),
            "{encoding:?} {sign_method:?}"
        );
    }
    assert!(keys_of(&service, "stopped_linux").is_empty());
    let mut describe = spec(
        "DescribeInstances",
        json!({ "InstanceIds": ids(&["windows"]), "Limit": 1 }),
    );
    describe.encoding = Encoding::Query;
    describe.sign_method = SignMethod::HmacSha256;
    let fields = call(&service, &describe).expect_ok().clone();
    assert_eq!(fields["TotalCount"], json!(1));
}

#[test]
fn form_errors_use_the_same_rules() {
    let service = service();
    let mut request = disassociate(&["ins-1122"], &["bound_key"]);
    request.encoding = Encoding::Form;
    request.sign_method = SignMethod::HmacSha256;
    expect_code(&service, &request, codes::INVALID_INSTANCE_ID_MALFORMED);
}

#[test]
fn the_host_is_verified_as_received_even_with_a_scheme() {
    let service = service();
    let mut request = disassociate(&["stopped_linux"], &["bound_key"]);
    request.host = "http://127.0.0.1:9000".into();
    let signed_request = signed(&request, &demo());
    assert_eq!(signed_request.header("host"), Some("http://127.0.0.1:9000"));
    call_signed(&service, &signed_request, NOW).expect_ok();
    let mut other_host = request.clone();
    other_host.breakage.push(Breakage::OverrideHeader(
        "Host".into(),
        "127.0.0.1:9000".into(),
    ));
    expect_code(&service, &other_host, codes::AUTH_FAILURE_SIGNATURE_FAILURE);
}

#[test]
fn each_secret_id_has_its_own_world() {
    let service = service();
    let request = disassociate(&["stopped_linux"], &["bound_key"]);
    let as_other = signed(&request, &credentials(OTHER_ID, OTHER_KEY));
    call_signed(&service, &as_other, NOW).expect_ok();
    assert_eq!(
        service.world(OTHER_ID).instances[&id("stopped_linux")].key_ids,
        [id("second_key")]
    );
    assert_eq!(keys_of(&service, "stopped_linux").len(), 2);
    assert_eq!(service.world(DEMO_SECRET_ID), roles::default_world());
}
