//! Tests of resolution: roles become IDs, skips name their reason, protocol deviations become the
//! request's fields and breakage, and the expectation follows its precedence.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::json;

use super::*;
use crate::contract::{default_role_ids, Acceptable};
use crate::scenario::{parse_file, StateCheck};
use crate::wire::{sign, Credentials, SecretKey};

fn case(body: &str) -> Case {
    let text = format!("[[case]]\nname = \"c\"\ndescription = \"d\"\n{body}\n");
    match parse_file(Path::new("scenarios/resolve.toml"), &text) {
        Ok(mut cases) => cases.remove(0),
        Err(errors) => panic!("{errors}"),
    }
}

fn acceptable(success: bool, codes: &[&'static str]) -> Acceptable {
    Acceptable {
        success,
        codes: codes.iter().copied().collect::<BTreeSet<_>>(),
    }
}

fn credentials() -> Credentials {
    Credentials {
        secret_id: "AKIDexample".to_owned(),
        secret_key: SecretKey::new("secret"),
        token: None,
    }
}

#[test]
fn roles_become_the_targets_ids() {
    let case = case(
        r#"effect = "mutating"
params = { InstanceIds = ["@stopped_linux", "ins-1122"], KeyIds = ["@bound_key"] }
[case.expect]
success = true
[case.expect.state.stopped_linux]
keys = ["@second_key", "@second_key"]
state = "STOPPED"
[case.expect.state.bound_key]
instances = ["@running_linux", "ins-aaaaaaaa"]"#,
    );
    let resolved = case.resolve(&default_role_ids(), Target::mock()).unwrap();
    assert_eq!(resolved.full_name, "resolve/c");
    assert_eq!(
        serde_json::Value::Object(resolved.params().unwrap().clone()),
        json!({"InstanceIds": ["ins-stpdlnx1", "ins-1122"], "KeyIds": ["skey-bound001"]})
    );
    assert_eq!(resolved.roles.len(), 4);
    assert_eq!(resolved.expected, Expected::Outcomes(acceptable(true, &[])));
    assert_eq!(resolved.expected_at.as_ref().unwrap().pos.line, 7);
    assert_eq!(resolved.state.len(), 2);
    let bound = resolved
        .state
        .iter()
        .find(|state| state.role == "bound_key")
        .unwrap();
    assert_eq!(bound.id, "skey-bound001");
    assert_eq!(
        bound.check,
        StateCheck::KeyPair {
            instance_ids: Some(vec!["ins-aaaaaaaa".to_owned(), "ins-runlnx01".to_owned()])
        }
    );
    let stopped = resolved
        .state
        .iter()
        .find(|state| state.role == "stopped_linux")
        .unwrap();
    assert_eq!(
        stopped.check,
        StateCheck::Instance {
            key_ids: Some(vec!["skey-second01".to_owned()]),
            state: Some(crate::contract::InstanceState::Stopped)
        }
    );
    let (params, source) = resolved.oracle_input().unwrap();
    assert_eq!((params.len(), source), (2, ParamSource::Json));
    let signed = sign(&resolved.request_spec(1_700_000_000, 1), &credentials()).unwrap();
    assert_eq!(signed.method(), "POST");
}

#[test]
fn skips_name_every_missing_role_and_mock_only_features() {
    let case = case(
        r#"effect = "rejected"
params = { InstanceIds = ["@busy", "@windows"], KeyIds = ["@bound_key"] }
[case.expect]
codes = ["OperationDenied.InstanceOperationInProgress", "UnsupportedOperation.InstanceOsWindows"]"#,
    );
    let roles: BTreeMap<String, String> =
        [("bound_key".to_owned(), "skey-e3r6y7ji".to_owned())].into();
    let skip = case
        .resolve(&roles, Target::endpoint(Some("staging")))
        .unwrap_err();
    assert_eq!(
        skip.reason,
        "needs roles the target does not provide: `busy`, `windows`"
    );
    let faulted = self::case(
        r#"effect = "rejected"
params = { InstanceIds = ["@stopped_linux"], KeyIds = ["@bound_key"] }
[case.fault]
code = "InternalServerError""#,
    );
    assert_eq!(
        faulted
            .resolve(&default_role_ids(), Target::endpoint(None))
            .unwrap_err()
            .to_string(),
        "runs on the mock only: it forces a fault (`fault.code`) that only the mock can inject"
    );
    let resolved = faulted
        .resolve(&default_role_ids(), Target::mock())
        .unwrap();
    assert_eq!(
        resolved.fault,
        Some(Fault::Code {
            code: "InternalServerError",
            message: None
        })
    );
    assert_eq!(
        resolved.expected,
        Expected::Outcomes(acceptable(false, &["InternalServerError"]))
    );
    let dropped =
        self::case("effect = \"rejected\"\nparams = {}\n[case.fault]\ndrop_connection = true");
    assert_eq!(
        dropped
            .resolve(&default_role_ids(), Target::mock())
            .unwrap()
            .expected,
        Expected::NoResponse
    );
}

#[test]
fn profile_pins_take_precedence() {
    let case = case(
        r#"effect = "rejected"
params = { InstanceIds = ["ins-1122"], KeyIds = ["@bound_key"] }
[case.expect]
codes = ["InvalidInstanceId.Malformed", "InvalidParameterValue.InstanceIdMalformed"]
[case.expect.profiles.mock]
codes = ["InvalidInstanceId.Malformed"]"#,
    );
    let both = acceptable(
        false,
        &[
            "InvalidInstanceId.Malformed",
            "InvalidParameterValue.InstanceIdMalformed",
        ],
    );
    let ids = default_role_ids();
    assert_eq!(
        case.resolve(&ids, Target::mock()).unwrap().expected,
        Expected::Outcomes(acceptable(false, &["InvalidInstanceId.Malformed"]))
    );
    assert_eq!(
        case.resolve(&ids, Target::endpoint(Some("staging")))
            .unwrap()
            .expected,
        Expected::Outcomes(both.clone())
    );
    assert_eq!(
        case.resolve(&ids, Target::endpoint(None)).unwrap().expected,
        Expected::Outcomes(both)
    );
    let oracle = self::case("effect = \"rejected\"\nparams = { InstanceIds = [\"ins-1122\"], KeyIds = [\"@bound_key\"] }");
    let resolved = oracle.resolve(&ids, Target::mock()).unwrap();
    assert_eq!(
        (resolved.expected, resolved.expected_at),
        (Expected::Oracle, None)
    );
}

#[test]
fn protocol_deviations_map_to_breakage_and_request_fields() {
    let tc3 = case(
        r#"effect = "rejected"
params = { InstanceIds = ["@stopped_linux"], KeyIds = ["@bound_key"] }
[case.protocol]
skew_seconds = -600
wrong_secret = true
alter_signature = true
remove_headers = ["X-TC-Region"]
override_headers = { Host = "evil.example.com" }
headers = { "X-TC-Language" = "en-US" }
missing_action = true
version = "2099-01-01"
method = "PUT"
[case.expect]
codes = ["UnsupportedProtocol"]"#,
    );
    let resolved = tc3.resolve(&default_role_ids(), Target::mock()).unwrap();
    assert_eq!(
        resolved.breakage,
        [
            Breakage::SkewTimestamp(-600),
            Breakage::WrongSecret,
            Breakage::AlterSignature,
            Breakage::RemoveHeader("X-TC-Region".to_owned()),
            Breakage::OverrideHeader("Host".to_owned(), "evil.example.com".to_owned()),
            Breakage::RemoveHeader("X-TC-Action".to_owned()),
        ]
    );
    assert_eq!(
        (
            resolved.action_name.as_str(),
            resolved.version.as_str(),
            resolved.method.as_deref()
        ),
        ("DisassociateInstancesKeyPairs", "2099-01-01", Some("PUT"))
    );
    let spec = resolved.request_spec(1_700_000_000, 7);
    assert_eq!(
        spec.extra_signed_headers,
        [("X-TC-Language".to_owned(), "en-US".to_owned())]
    );
    assert_eq!(spec.version, "2099-01-01");
    let signed = sign(&spec, &credentials()).unwrap();
    assert_eq!(signed.header("X-TC-Action"), None);
    assert_eq!(signed.header("Host"), Some("evil.example.com"));

    let v1 = case(
        r#"effect = "rejected"
encoding = "query"
sign = "hmac-sha1"
params = { InstanceIds = ["@stopped_linux"], KeyIds = ["@bound_key"] }
[case.protocol]
missing_action = true
oversize_body = 40000
[case.expect]
codes = ["RequestSizeLimitExceeded"]"#,
    );
    let resolved = v1
        .resolve(&default_role_ids(), Target::endpoint(None))
        .unwrap();
    assert_eq!(resolved.action_name, "");
    assert!(resolved.breakage.is_empty());
    assert_eq!(resolved.sign_method, SignMethod::HmacSha1);
    assert!(resolved.params().is_none() && resolved.oracle_input().is_none());
    let Body::Raw(bytes) = &resolved.body else {
        panic!("an oversized body is exact bytes")
    };
    assert_eq!(bytes.len(), 40_000);
    assert!(bytes.starts_with(b"InstanceIds.0=ins-stpdlnx1&KeyIds.0=skey-bound001&Padding=x"));
    let signed = sign(&resolved.request_spec(1_700_000_000, 7), &credentials()).unwrap();
    assert_eq!(signed.method(), "GET");
    assert!(signed.path_and_query().len() > 40_000);
}

#[test]
fn form_cases_give_the_oracle_form_params() {
    let case = case(
        "effect = \"mutating\"\nencoding = \"form\"\nparams = { InstanceIds = [\"@stopped_linux\"], KeyIds = [\"@bound_key\"], ForceStop = false }",
    );
    let resolved = case.resolve(&default_role_ids(), Target::mock()).unwrap();
    let (params, source) = resolved.oracle_input().unwrap();
    assert_eq!(source, ParamSource::Form);
    assert_eq!(
        serde_json::Value::Object(params),
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"], "ForceStop": "False"})
    );
    let raw = self::case("effect = \"rejected\"\nraw_body = '{\"InstanceIds\": '\n[case.expect]\ncodes = [\"InvalidParameter\"]");
    let resolved = raw
        .resolve(&BTreeMap::new(), Target::endpoint(None))
        .unwrap();
    assert_eq!(resolved.body, Body::Raw(b"{\"InstanceIds\": ".to_vec()));
}

#[test]
fn padding_reaches_the_size_and_keeps_the_parameters() {
    let params = match json!({"InstanceIds": ["ins-aaaaaaaa"]}) {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    let body = padded(&params, Encoding::Json, 100);
    assert_eq!(body.len(), 100);
    let parsed: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(parsed, json!({"InstanceIds": ["ins-aaaaaaaa"]}));
    let form = padded(&params, Encoding::Form, 100);
    assert_eq!(form.len(), 100);
    assert!(form.starts_with(b"InstanceIds.0=ins-aaaaaaaa&Padding=xxx"));
    assert_eq!(
        padded(&params, Encoding::Json, 3),
        wire::encode_json(&params, JsonStyle::Python)
    );
}
