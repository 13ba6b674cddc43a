//! Each fault kind through the in-process mock: forced codes (counted and seeded), latency,
//! throttling, dropped connections and garbage bodies. Faults touch only their own world.

use tcconform::contract::codes;
use tcconform::mock::{FaultSpec, DEMO_SECRET_ID};

use super::*;

#[track_caller]
fn add(service: &MockService, body: &str) {
    let (status, reply) = admin(service, "POST", &demo_world_path("/faults"), body);
    assert_eq!(status, 200, "{reply}");
}

/// Send a describe request (changes nothing) at `now_millis`, returning the raw reply.
fn describe_at(service: &MockService, now_millis: u64) -> Reply {
    let request = signed(&spec("DescribeKeyPairs", json!({})), &demo());
    let received = Received {
        method: request.method(),
        path_and_query: request.path_and_query(),
        headers: request.headers(),
        body: request.body(),
    };
    service.handle(&received, NOW, now_millis)
}

fn code_of(reply: &Reply) -> Option<String> {
    answer_of(reply, Some(Action::DescribeKeyPairs)).code
}

#[test]
fn a_forced_code_hits_the_next_n_requests_and_changes_nothing() {
    let service = service();
    add(&service, r#"{"code": "InternalServerError", "count": 2}"#);
    let request = disassociate(&["stopped_linux"], &["bound_key"]);
    for _ in 0..2 {
        let answer = expect_code(&service, &request, codes::INTERNAL_SERVER_ERROR);
        assert!(answer.message.contains("injected"), "{}", answer.message);
    }
    call(&service, &request).expect_ok();
    assert_eq!(keys_of(&service, "stopped_linux"), [id("second_key")]);
    // Only requests that reach the world use up a fault: a bad signature does not.
    add(
        &service,
        r#"{"code": "InternalError", "count": 1, "message": "boom"}"#,
    );
    let mut bad = disassociate(&["stopped_linux"], &["second_key"]);
    bad.breakage.push(tcconform::wire::Breakage::WrongSecret);
    expect_code(&service, &bad, codes::AUTH_FAILURE_SIGNATURE_FAILURE);
    let answer = expect_code(&service, &request, codes::INTERNAL_ERROR);
    assert_eq!(answer.message, "boom");
}

#[test]
fn a_seeded_ratio_is_reproducible() {
    let pattern = || {
        let service = service();
        add(
            &service,
            r#"{"code": "InternalServerError", "ratio": 0.5, "seed": 1}"#,
        );
        (0..200)
            .map(|_| code_of(&describe_at(&service, 0)).is_some())
            .collect::<Vec<bool>>()
    };
    let first = pattern();
    assert_eq!(first, pattern());
    let hits = first.iter().filter(|hit| **hit).count();
    assert!((60..=140).contains(&hits), "{hits}");
}

#[test]
fn latency_is_a_delay_on_the_reply() {
    let service = service();
    add(&service, r#"{"latency_ms": 200, "count": 1}"#);
    let first = describe_at(&service, 0);
    assert_eq!(first.delay_ms(), 200);
    assert_eq!(code_of(&first), None);
    assert_eq!(describe_at(&service, 0).delay_ms(), 0);
}

#[test]
fn throttling_refuses_beyond_the_rate_per_world() {
    let service = service();
    add(&service, r#"{"throttle_per_second": 10}"#);
    let codes_at = |millis: u64, n: usize| -> Vec<Option<String>> {
        (0..n)
            .map(|_| code_of(&describe_at(&service, millis)))
            .collect()
    };
    let burst = codes_at(1_000, 15);
    assert!(burst[..10].iter().all(Option::is_none), "{burst:?}");
    assert!(burst[10..]
        .iter()
        .all(|code| code.as_deref() == Some(codes::REQUEST_LIMIT_EXCEEDED)));
    // A second later the bucket is full again.
    assert_eq!(codes_at(2_000, 10), vec![None; 10]);
    // The other SecretId is not throttled.
    let other = signed(
        &spec("DescribeKeyPairs", json!({})),
        &credentials(OTHER_ID, OTHER_KEY),
    );
    for _ in 0..20 {
        call_signed(&service, &other, NOW).expect_ok();
    }
}

#[test]
fn drop_connection_and_garbage_body() {
    let service = service();
    add(&service, r#"{"drop_connection": true, "count": 1}"#);
    add(&service, r#"{"garbage_body": true, "count": 1}"#);
    assert_eq!(
        describe_at(&service, 0),
        Reply::DropConnection { delay_ms: 0 }
    );
    let Reply::Respond {
        status,
        content_type,
        body,
        ..
    } = describe_at(&service, 0)
    else {
        panic!("expected a response");
    };
    assert_eq!((status, content_type), (200, "application/json"));
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    assert_eq!(code_of(&describe_at(&service, 0)), None);
}

#[test]
fn faults_can_be_set_through_the_typed_api_and_cleared() {
    let service = service();
    let fault = FaultSpec::from_json(br#"{"code": "InternalServerError", "count": 3}"#).unwrap();
    service.add_fault(DEMO_SECRET_ID, fault);
    assert_eq!(
        code_of(&describe_at(&service, 0)).as_deref(),
        Some(codes::INTERNAL_SERVER_ERROR)
    );
    let (status, _) = admin(&service, "DELETE", &demo_world_path("/faults"), "");
    assert_eq!(status, 200);
    assert_eq!(code_of(&describe_at(&service, 0)), None);
}
