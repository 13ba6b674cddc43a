//! Each mutant deviates: on a request chosen for it, the mutant mock's reply or world differs from
//! the conforming mock's, in the way its documentation says.

use serde_json::{json, Value};

use super::*;
use crate::contract::roles::{self, default_role_ids, default_world};
use crate::contract::state::Os;
use crate::contract::{codes, Action, World};
use crate::mock::service::Reply;
use crate::mock::service::{
    demo_credentials, MockConfig, MockService, DEMO_SECRET_ID, DEMO_SECRET_KEY,
};
use crate::wire::envelope::{self, CONTENT_TYPE};
use crate::wire::VerifyChecks;
use crate::wire::{sign, Body, Breakage, Credentials, Received, RequestSpec, SecretKey};

const NOW: i64 = 1_700_000_000;

/// What one request came to: status, content type, error code, RequestId, world after.
#[derive(Debug, PartialEq)]
struct Outcome {
    status: u16,
    content_type: &'static str,
    code: Option<String>,
    request_id: RequestIdShape,
    world: World,
}

#[derive(Debug, PartialEq)]
enum RequestIdShape {
    Missing,
    LowerUuid,
    Other,
}

fn id(role: &str) -> String {
    default_role_ids()[role].clone()
}

fn spec(params: Value, breakage: Vec<Breakage>) -> RequestSpec {
    let Value::Object(params) = params else {
        panic!("params must be an object")
    };
    let mut spec = RequestSpec::new(
        "DisassociateInstancesKeyPairs",
        NOW,
        1,
        Body::Params(params),
    );
    spec.breakage = breakage;
    spec
}

fn send(mutant: Option<Mutant>, spec: &RequestSpec) -> Outcome {
    let service = MockService::new(MockConfig {
        world_template: default_world(),
        credentials: demo_credentials(),
        mutant,
    });
    let credentials = Credentials {
        secret_id: DEMO_SECRET_ID.to_owned(),
        secret_key: SecretKey::new(DEMO_SECRET_KEY),
        token: None,
    };
    let signed = sign(spec, &credentials).unwrap();
    let received = Received {
        method: signed.method(),
        path_and_query: signed.path_and_query(),
        headers: signed.headers(),
        body: signed.body(),
    };
    let Reply::Respond {
        status,
        content_type,
        body,
        ..
    } = service.handle(&received, NOW, 0)
    else {
        panic!("no mutant drops connections")
    };
    let root: Value = serde_json::from_slice(&body).unwrap();
    let response = &root["Response"];
    let request_id = match response.get("RequestId").and_then(Value::as_str) {
        None => RequestIdShape::Missing,
        Some(text) if envelope::is_lower_uuid(text) => RequestIdShape::LowerUuid,
        Some(_) => RequestIdShape::Other,
    };
    Outcome {
        status,
        content_type,
        code: response["Error"]["Code"].as_str().map(str::to_owned),
        request_id,
        world: service.world(DEMO_SECRET_ID),
    }
}

/// A request the mutant answers differently, and a check of how.
fn probe(mutant: Mutant) -> (RequestSpec, fn(&Outcome, &Outcome)) {
    let stopped = id(roles::STOPPED_LINUX);
    let running = id(roles::RUNNING_LINUX);
    let bound = id(roles::BOUND_KEY);
    let valid = json!({"InstanceIds": [stopped], "KeyIds": [bound]});
    match mutant {
        Mutant::LimitOffByOne => (
            spec(
                json!({"InstanceIds": vec![stopped; 101], "KeyIds": [bound]}),
                vec![],
            ),
            |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED)
                );
                assert_eq!(bad.code, None);
                assert_ne!(good.world, bad.world);
            },
        ),
        Mutant::MalformedAsNotFound => (
            spec(
                json!({"InstanceIds": ["ins-1122"], "KeyIds": [bound]}),
                vec![],
            ),
            |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::INVALID_INSTANCE_ID_MALFORMED)
                );
                assert_eq!(
                    bad.code.as_deref(),
                    Some(codes::INVALID_INSTANCE_ID_NOT_FOUND)
                );
            },
        ),
        Mutant::UpperCaseIdsAccepted => (
            spec(
                json!({"InstanceIds": [stopped.to_uppercase()], "KeyIds": [bound]}),
                vec![],
            ),
            |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::INVALID_INSTANCE_ID_MALFORMED)
                );
                assert_eq!(bad.code, None);
                assert_ne!(good.world, bad.world);
            },
        ),
        Mutant::WindowsUnbound => (
            spec(
                json!({"InstanceIds": [id(roles::WINDOWS)], "KeyIds": [bound]}),
                vec![],
            ),
            |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS)
                );
                assert_eq!(bad.code, None);
                assert_eq!(
                    bad.world.instances["ins-windows1"].os,
                    Os::Windows,
                    "the OS is kept"
                );
            },
        ),
        Mutant::RunningWithoutForceStop => (
            spec(json!({"InstanceIds": [running], "KeyIds": [bound]}), vec![]),
            |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING)
                );
                assert_eq!(bad.code, None);
                assert!(bad.world.instances["ins-runlnx01"].key_ids.is_empty());
            },
        ),
        Mutant::NonAtomicBatch => (
            spec(
                json!({"InstanceIds": [stopped, running], "KeyIds": [bound]}),
                vec![],
            ),
            |good, bad| {
                assert_eq!(good.code, bad.code, "the same error");
                assert_eq!(good.world, default_world(), "an error changes nothing");
                assert!(
                    !bad.world.is_bound("ins-stpdlnx1", "skey-bound001"),
                    "partly applied"
                );
            },
        ),
        Mutant::SuccessWithoutEffect => (spec(valid, vec![]), |good, bad| {
            assert_eq!((good.code.as_deref(), bad.code.as_deref()), (None, None));
            assert_ne!(good.world, default_world());
            assert_eq!(bad.world, default_world());
        }),
        Mutant::ErrorsWithHttp400 => (
            spec(
                json!({"InstanceIds": ["ins-1122"], "KeyIds": [bound]}),
                vec![],
            ),
            |good, bad| {
                assert_eq!((good.status, bad.status), (200, 400));
                assert_eq!(good.code, bad.code);
            },
        ),
        Mutant::CharsetInContentType => (spec(valid, vec![]), |good, bad| {
            assert_eq!(good.content_type, CONTENT_TYPE);
            assert_eq!(bad.content_type, CHARSET_CONTENT_TYPE);
        }),
        Mutant::MissingRequestId => (spec(valid, vec![]), |good, bad| {
            assert_eq!(good.request_id, RequestIdShape::LowerUuid);
            assert_eq!(bad.request_id, RequestIdShape::Missing);
        }),
        Mutant::UndocumentedCode => (
            spec(
                json!({"InstanceIds": ["ins-aaaaaaaa"], "KeyIds": [bound]}),
                vec![],
            ),
            |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::INVALID_INSTANCE_ID_NOT_FOUND)
                );
                assert_eq!(bad.code.as_deref(), Some(UNDOCUMENTED_INSTANCE_CODE));
            },
        ),
        Mutant::BadSignatureAccepted => {
            (spec(valid, vec![Breakage::AlterSignature]), |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::AUTH_FAILURE_SIGNATURE_FAILURE)
                );
                assert_eq!(bad.code, None);
            })
        }
        Mutant::StaleTimestampAccepted => (
            spec(valid, vec![Breakage::SkewTimestamp(-1000)]),
            |good, bad| {
                assert_eq!(
                    good.code.as_deref(),
                    Some(codes::AUTH_FAILURE_SIGNATURE_EXPIRE)
                );
                assert_eq!(bad.code, None);
            },
        ),
        Mutant::UnknownParametersIgnored => (
            spec(
                json!({"InstanceIds": [stopped], "KeyIds": [bound], "Foo": 1}),
                vec![],
            ),
            |good, bad| {
                assert_eq!(good.code.as_deref(), Some(codes::UNKNOWN_PARAMETER));
                assert_eq!(bad.code, None);
            },
        ),
        Mutant::UpperCaseRequestId => (spec(valid, vec![]), |good, bad| {
            assert_eq!(good.request_id, RequestIdShape::LowerUuid);
            assert_eq!(bad.request_id, RequestIdShape::Other);
        }),
    }
}

#[test]
fn every_mutant_deviates_on_its_probe() {
    assert!(Mutant::ALL.len() >= 12);
    for mutant in Mutant::ALL {
        let (spec, check) = probe(*mutant);
        let good = send(None, &spec);
        let bad = send(Some(*mutant), &spec);
        assert_ne!(good, bad, "{mutant} does not deviate");
        check(&good, &bad);
    }
}

#[test]
fn each_mutant_changes_one_thing_only() {
    // On a plain valid request, the mutants of other rules answer as the conforming mock does.
    let valid = spec(
        json!({"InstanceIds": [id(roles::STOPPED_LINUX_2)], "KeyIds": [id(roles::BOUND_KEY)]}),
        vec![],
    );
    let good = send(None, &valid);
    let envelope_mutants = [
        Mutant::CharsetInContentType,
        Mutant::MissingRequestId,
        Mutant::UpperCaseRequestId,
        Mutant::SuccessWithoutEffect,
    ];
    for mutant in Mutant::ALL {
        if !envelope_mutants.contains(mutant) {
            assert_eq!(send(Some(*mutant), &valid), good, "{mutant}");
        }
    }
}

#[test]
fn names_round_trip_and_are_documented() {
    let mut names = Mutant::names();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Mutant::ALL.len());
    for mutant in Mutant::ALL {
        assert_eq!(mutant.name().parse::<Mutant>(), Ok(*mutant));
        assert_eq!(mutant.to_string(), mutant.name());
        assert!(!mutant.description().is_empty());
        assert!(!mutant.description().ends_with('.'));
    }
    let error = "nope".parse::<Mutant>().unwrap_err();
    assert!(error
        .to_string()
        .starts_with("unknown mutant `nope`; the mutants are: limit-off-by-one"));
    for code in [UNDOCUMENTED_INSTANCE_CODE, UNDOCUMENTED_KEY_PAIR_CODE] {
        assert!(!codes::is_documented(
            Some(Action::DisassociateInstancesKeyPairs),
            code
        ));
    }
}

#[test]
fn without_a_mutant_every_layer_is_the_identity() {
    assert_eq!(verify_checks(None), VerifyChecks::ALL);
    let reply = Reply::Respond {
        status: 200,
        content_type: CONTENT_TYPE,
        body: b"{}".to_vec(),
        delay_ms: 3,
    };
    assert_eq!(super::reply(None, reply.clone()), reply);
    let dropped = Reply::DropConnection { delay_ms: 1 };
    assert_eq!(
        super::reply(Some(Mutant::ErrorsWithHttp400), dropped.clone()),
        dropped
    );
}
