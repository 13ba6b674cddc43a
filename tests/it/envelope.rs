//! The response-envelope validator (design §4 checks 2–5) on good and bad responses, and the
//! mock's body builders.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tcconform::contract::{codes, Action};
use tcconform::wire::envelope::{
    self, error_body, is_lower_uuid, success_body, ApiError, EnvelopeCheck, FindingKind,
};

const DOC_ID: &str = "6ef60bec-0242-43af-bb20-270359fb54a7";
const ACTION: Option<Action> = Some(Action::DisassociateInstancesKeyPairs);

/// Validates a response and checks the kinds of findings, in order.
#[track_caller]
fn check(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    expected: &[FindingKind],
) -> EnvelopeCheck {
    let result = envelope::validate(ACTION, status, content_type, body);
    let kinds: Vec<FindingKind> = result.findings.iter().map(|finding| finding.kind).collect();
    assert_eq!(kinds, expected, "findings: {:#?}", result.findings);
    for finding in &result.findings {
        assert!(!finding.detail.is_empty());
        assert!(
            finding.detail.len() < 400,
            "detail too long: {}",
            finding.detail
        );
    }
    result
}

/// A well-formed response of this body checked with the correct status and content type.
#[track_caller]
fn check_body(body: Value, expected: &[FindingKind]) -> EnvelopeCheck {
    check(
        200,
        Some("application/json"),
        body.to_string().as_bytes(),
        expected,
    )
}

#[test]
fn documented_success_and_error_are_clean() {
    let ok = check(
        200,
        Some("application/json"),
        br#"{"Response": {"RequestId": "6ef60bec-0242-43af-bb20-270359fb54a7"}}"#,
        &[],
    );
    let envelope = ok.envelope.expect("envelope");
    assert_eq!(envelope.request_id.as_deref(), Some(DOC_ID));
    assert_eq!(envelope.error, None);
    assert!(envelope.fields.is_empty());
    assert!(ok.findings.is_empty());

    let error = check_body(
        json!({"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "The provided credentials could not be validated. Please check your signature is correct."}, "RequestId": "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"}}),
        &[],
    );
    let envelope = error.envelope.expect("envelope");
    assert_eq!(
        envelope.error.map(|error| error.code),
        Some(codes::AUTH_FAILURE_SIGNATURE_FAILURE.to_owned())
    );
}

#[test]
fn builders_produce_clean_envelopes() {
    let body = success_body(DOC_ID, &Map::new());
    assert_eq!(
        body,
        br#"{"Response":{"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#
    );
    assert!(envelope::validate(ACTION, 200, Some(envelope::CONTENT_TYPE), &body).is_clean());

    let mut fields = Map::new();
    fields.insert("TotalCount".into(), json!(1));
    fields.insert("RequestId".into(), json!("ignored"));
    let body = success_body(DOC_ID, &fields);
    assert_eq!(
        body,
        br#"{"Response":{"TotalCount":1,"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#
    );
    let result = envelope::validate(
        Some(Action::DescribeInstances),
        200,
        Some("application/json"),
        &body,
    );
    assert!(result.is_clean());
    assert_eq!(
        result.envelope.expect("envelope").fields.get("TotalCount"),
        Some(&json!(1))
    );

    let body = error_body(
        DOC_ID,
        codes::INVALID_INSTANCE_ID_NOT_FOUND,
        "The instance `ins-00000000` does not exist.",
    );
    let result = envelope::validate(ACTION, 200, Some("application/json"), &body);
    assert!(result.is_clean(), "{:?}", result.findings);
    assert_eq!(
        result.envelope.expect("envelope").error,
        Some(ApiError {
            code: codes::INVALID_INSTANCE_ID_NOT_FOUND.to_owned(),
            message: "The instance `ins-00000000` does not exist.".to_owned(),
        })
    );
    let quoted = error_body(
        DOC_ID,
        codes::INVALID_PARAMETER,
        "quote \" and \\ and\nnewline",
    );
    assert!(envelope::validate(ACTION, 200, Some("application/json"), &quoted).is_clean());
}

#[test]
fn transport_level_findings() {
    let body = success_body(DOC_ID, &Map::new());
    check(500, Some("application/json"), &body, &[FindingKind::Status]);
    check(
        200,
        Some("application/json; charset=utf-8"),
        &body,
        &[FindingKind::ContentType],
    );
    check(
        200,
        Some("Application/JSON"),
        &body,
        &[FindingKind::ContentType],
    );
    check(200, None, &body, &[FindingKind::ContentType]);
    check(
        404,
        Some("text/html"),
        b"<html>not found</html>",
        &[
            FindingKind::Status,
            FindingKind::ContentType,
            FindingKind::NotJson,
        ],
    );
}

#[test]
fn shape_findings() {
    check_body(json!([1, 2]), &[FindingKind::NotObject]);
    check_body(json!("Response"), &[FindingKind::NotObject]);
    check_body(json!({}), &[FindingKind::NoResponse]);
    check_body(
        json!({"response": {"RequestId": DOC_ID}}),
        &[FindingKind::NoResponse],
    );
    check_body(json!({"Response": [DOC_ID]}), &[FindingKind::NoResponse]);
    check_body(json!({"Response": {}}), &[FindingKind::RequestId]);
    check_body(
        json!({"Response": {"RequestId": 7}}),
        &[FindingKind::RequestId],
    );
    check_body(
        json!({"Response": {"RequestId": DOC_ID.to_uppercase()}}),
        &[FindingKind::RequestId],
    );
    check_body(
        json!({"Response": {"RequestId": "6ef60bec02420-43af-bb20-270359fb54a7"}}),
        &[FindingKind::RequestId],
    );
}

#[test]
fn error_findings() {
    let with_error = |error: Value| json!({"Response": {"Error": error, "RequestId": DOC_ID}});
    check_body(with_error(json!("AuthFailure")), &[FindingKind::ErrorShape]);
    check_body(
        with_error(json!({"Code": 1, "Message": "m"})),
        &[FindingKind::ErrorShape],
    );
    check_body(
        with_error(json!({"Message": "m"})),
        &[FindingKind::ErrorShape],
    );
    check_body(
        with_error(json!({"Code": codes::MISSING_PARAMETER})),
        &[FindingKind::ErrorShape],
    );
    check_body(
        with_error(json!({"Code": "", "Message": "m"})),
        &[FindingKind::ErrorShape],
    );
    check_body(
        with_error(json!({"Code": codes::MISSING_PARAMETER, "Message": ""})),
        &[FindingKind::EmptyMessage],
    );
    check_body(
        with_error(json!({"Code": codes::MISSING_PARAMETER, "Message": "  "})),
        &[FindingKind::EmptyMessage],
    );
    // Documented for DescribeKeyPairs, not for the action under test.
    let undocumented = check_body(
        with_error(json!({"Code": codes::INVALID_FILTER, "Message": "m"})),
        &[FindingKind::UndocumentedCode],
    );
    assert_eq!(
        undocumented
            .envelope
            .and_then(|envelope| envelope.error)
            .map(|error| error.code),
        Some(codes::INVALID_FILTER.to_owned())
    );
    check_body(
        with_error(json!({"Code": "Made.Up", "Message": "m"})),
        &[FindingKind::UndocumentedCode],
    );
    let common_only = envelope::validate(
        None,
        200,
        Some("application/json"),
        with_error(json!({"Code": codes::INVALID_INSTANCE_ID_NOT_FOUND, "Message": "m"}))
            .to_string()
            .as_bytes(),
    );
    assert_eq!(common_only.findings.len(), 1, "not a common code");
    // Every finding at once is collected.
    check(
        503,
        Some("text/plain"),
        with_error(json!({"Code": "Made.Up", "Message": ""}))
            .to_string()
            .replace(DOC_ID, "X")
            .as_bytes(),
        &[
            FindingKind::Status,
            FindingKind::ContentType,
            FindingKind::RequestId,
            FindingKind::UndocumentedCode,
            FindingKind::EmptyMessage,
        ],
    );
}

#[test]
fn garbage_huge_deep_and_binary_bodies() {
    check(200, Some("application/json"), b"", &[FindingKind::NotJson]);
    check(
        200,
        Some("application/json"),
        b"\xff\xfe\x00{",
        &[FindingKind::NotJson],
    );
    check(
        200,
        Some("application/json"),
        b"{\"Response\": {\"RequestId\": \"\xff\"}}",
        &[FindingKind::NotJson],
    );
    check(
        200,
        Some("application/json"),
        br#"{"Response": {}} trailing"#,
        &[FindingKind::NotJson],
    );
    let deep = "[".repeat(100_000);
    check(
        200,
        Some("application/json"),
        deep.as_bytes(),
        &[FindingKind::NotJson],
    );
    let deep_object = format!("{}{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    check(
        200,
        Some("application/json"),
        deep_object.as_bytes(),
        &[FindingKind::NotJson],
    );
    let huge_id = format!(
        r#"{{"Response": {{"RequestId": "{}"}}}}"#,
        "a".repeat(5_000_000)
    );
    check(
        200,
        Some("application/json"),
        huge_id.as_bytes(),
        &[FindingKind::RequestId],
    );
    let many_fields: Map<String, Value> = (0..10_000)
        .map(|index| (format!("F{index}"), json!(index)))
        .collect();
    let result = check(
        200,
        Some("application/json"),
        &success_body(DOC_ID, &many_fields),
        &[],
    );
    assert_eq!(result.envelope.expect("envelope").fields.len(), 10_000);
}

#[test]
fn lower_uuid() {
    assert!(is_lower_uuid(DOC_ID));
    assert!(is_lower_uuid("00000000-0000-0000-0000-000000000000"));
    assert!(!is_lower_uuid("6EF60BEC-0242-43AF-BB20-270359FB54A7"));
    assert!(!is_lower_uuid("6ef60bec-0242-43af-bb20-270359fb54a"));
    assert!(!is_lower_uuid("6ef60bec-0242-43af-bb20-270359fb54a7 "));
    assert!(!is_lower_uuid("6ef60bec_0242_43af_bb20_270359fb54a7"));
    assert!(!is_lower_uuid("6ef60bec-0242-43af-bb20-270359fb54ä"));
    assert!(!is_lower_uuid(""));
}

proptest! {
    #[test]
    fn validate_never_panics_on_bytes(
        status in any::<u16>(),
        content_type in prop::option::of("[ -~]{0,40}"),
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let _ = envelope::validate(ACTION, status, content_type.as_deref(), &body);
    }

    #[test]
    fn validate_never_panics_on_near_envelopes(
        code in prop::option::of("\\PC{0,30}"),
        message in prop::option::of("\\PC{0,30}"),
        request_id in prop::option::of("[0-9a-fA-F-]{30,40}"),
        extra in prop::collection::vec(("[A-Za-z]{1,8}", any::<i32>()), 0..4),
    ) {
        let mut response = Map::new();
        let mut error = Map::new();
        if let Some(code) = code { error.insert("Code".into(), json!(code)); }
        if let Some(message) = message { error.insert("Message".into(), json!(message)); }
        if !error.is_empty() { response.insert("Error".into(), Value::Object(error)); }
        if let Some(id) = request_id { response.insert("RequestId".into(), json!(id)); }
        for (name, value) in extra { response.insert(name, json!(value)); }
        let body = json!({"Response": response}).to_string();
        let result = envelope::validate(ACTION, 200, Some("application/json"), body.as_bytes());
        prop_assert!(result.envelope.is_some());
    }
}
