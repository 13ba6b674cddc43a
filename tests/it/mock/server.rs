//! The mock over real HTTP on 127.0.0.1:0, driven with reqwest: the envelope on the wire, the
//! Host-with-scheme quirk, the raw body cap, admin routes, faults as a client sees them, concurrent
//! clients, and graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tcconform::contract::{codes, limits};
use tcconform::mock::http::{spawn, spawn_service, MockHandle};
use tcconform::mock::protocol::BODY_READ_CAP;
use tcconform::mock::DEMO_SECRET_ID;
use tcconform::wire::{Encoding, SignMethod};

use super::*;

const ANY_PORT: &str = "127.0.0.1:0";

async fn start() -> MockHandle {
    let addr: SocketAddr = ANY_PORT.parse().unwrap();
    spawn_service(Arc::new(service()), addr)
        .await
        .expect("the mock starts")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client")
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs() as i64)
        .unwrap_or(0)
}

/// `spec` aimed at the mock: Host is the mock's address, the timestamp is the real clock.
fn aimed(handle: &MockHandle, mut spec: RequestSpec) -> RequestSpec {
    spec.host = handle.addr().to_string();
    spec.timestamp = unix_now();
    spec
}

/// Send a signed request byte for byte, every header as signed (Host included).
async fn send(
    handle: &MockHandle,
    request: &SignedRequest,
) -> Result<reqwest::Response, reqwest::Error> {
    let url = format!("http://{}{}", handle.addr(), request.path_and_query());
    let method = reqwest::Method::from_bytes(request.method().as_bytes()).unwrap();
    let mut builder = client().request(method, url).body(request.body().to_vec());
    for (name, value) in request.headers() {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.send().await
}

/// Send and check the envelope invariant on the wire.
async fn api(handle: &MockHandle, request: &SignedRequest) -> Answer {
    let response = send(handle, request).await.expect("an answer");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned());
    let body = response.bytes().await.expect("a body");
    envelope_answer(status, content_type.as_deref(), &body, action_of(request))
}

async fn admin_http(
    handle: &MockHandle,
    method: reqwest::Method,
    suffix: &str,
    body: &str,
) -> (u16, Value) {
    let url = format!("{}{}", handle.url(), demo_world_path(suffix));
    let response = client()
        .request(method, url)
        .body(body.to_owned())
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    assert_eq!(response.headers()["content-type"], "application/json");
    (
        status,
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn success_and_errors_keep_the_envelope_on_the_wire() {
    let handle = start().await;
    let ok = signed(
        &aimed(&handle, disassociate(&["stopped_linux"], &["bound_key"])),
        &demo(),
    );
    api(&handle, &ok).await.expect_ok();
    let bad = signed(
        &aimed(&handle, disassociate(&["ins-1122"], &["bound_key"])),
        &demo(),
    );
    assert_eq!(
        api(&handle, &bad).await.code.as_deref(),
        Some(codes::INVALID_INSTANCE_ID_MALFORMED)
    );
    let mut stale = aimed(&handle, disassociate(&["stopped_linux"], &["second_key"]));
    stale.timestamp -= 3600;
    let stale = signed(&stale, &demo());
    assert_eq!(
        api(&handle, &stale).await.code.as_deref(),
        Some(codes::AUTH_FAILURE_SIGNATURE_EXPIRE)
    );
    let response = client()
        .put(format!("{}/", handle.url()))
        .headers(to_header_map(ok.headers()))
        .body(ok.body().to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.bytes().await.unwrap();
    let answer = envelope_answer(status, Some(&content_type), &body, None);
    assert_eq!(answer.code.as_deref(), Some(codes::UNSUPPORTED_PROTOCOL));
    assert_eq!(
        handle.service().world(DEMO_SECRET_ID).instances[&id("stopped_linux")].key_ids,
        [id("second_key")]
    );
    handle.shutdown().await.unwrap();
}

fn to_header_map(headers: &[(String, String)]) -> reqwest::header::HeaderMap {
    let mut map = reqwest::header::HeaderMap::new();
    for (name, value) in headers {
        map.append(
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            reqwest::header::HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

#[tokio::test]
async fn the_host_header_with_a_scheme_is_verified_as_received() {
    let handle = start().await;
    let mut request = aimed(&handle, disassociate(&["stopped_linux"], &["bound_key"]));
    request.host = handle.url();
    let signed_request = signed(&request, &demo());
    assert_eq!(signed_request.header("host"), Some(handle.url().as_str()));
    api(&handle, &signed_request).await.expect_ok();
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn v1_form_post_and_get_over_http() {
    let handle = start().await;
    for (encoding, sign_method, key) in [
        (Encoding::Form, SignMethod::HmacSha256, "bound_key"),
        (Encoding::Query, SignMethod::HmacSha1, "second_key"),
    ] {
        let mut request = aimed(&handle, disassociate(&["stopped_linux"], &[key]));
        request.encoding = encoding;
        request.sign_method = sign_method;
        api(&handle, &signed(&request, &demo())).await.expect_ok();
    }
    assert!(
        handle.service().world(DEMO_SECRET_ID).instances[&id("stopped_linux")]
            .key_ids
            .is_empty()
    );
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn oversized_bodies_get_the_size_code_and_the_server_survives() {
    let handle = start().await;
    let just_over = vec![b' '; limits::MAX_V3_POST_BODY_BYTES + 1];
    let mut request = aimed(&handle, disassociate(&["stopped_linux"], &["bound_key"]));
    request
        .breakage
        .push(tcconform::wire::Breakage::RawBody(just_over));
    let answer = api(&handle, &signed(&request, &demo())).await;
    assert_eq!(
        answer.code.as_deref(),
        Some(codes::REQUEST_SIZE_LIMIT_EXCEEDED)
    );
    // Far over the read cap: the mock answers without reading it all (or the client sees the
    // connection closed while still sending); either way the server keeps serving.
    let huge = vec![b' '; BODY_READ_CAP * 2];
    let response = client()
        .post(format!("{}/", handle.url()))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await;
    if let Ok(response) = response {
        assert_eq!(response.status().as_u16(), 200);
        let body = response.bytes().await.unwrap();
        let answer = envelope_answer(200, Some("application/json"), &body, None);
        assert_eq!(
            answer.code.as_deref(),
            Some(codes::REQUEST_SIZE_LIMIT_EXCEEDED)
        );
    }
    let ok = signed(
        &aimed(&handle, disassociate(&["stopped_linux"], &["bound_key"])),
        &demo(),
    );
    api(&handle, &ok).await.expect_ok();
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn admin_routes_over_http() {
    let handle = start().await;
    let (status, world) = admin_http(&handle, reqwest::Method::GET, "", "").await;
    assert_eq!(status, 200);
    assert_eq!(world["key_pairs"].as_array().unwrap().len(), 3);
    let seed = r#"{"instances": [{"id": "ins-aaaaaaaa", "os_name": "TencentOS", "state": "STOPPED"}], "key_pairs": []}"#;
    assert_eq!(
        admin_http(&handle, reqwest::Method::PUT, "", seed).await.0,
        200
    );
    assert_eq!(handle.service().world(DEMO_SECRET_ID).instances.len(), 1);
    let (status, reply) = admin_http(&handle, reqwest::Method::PUT, "", r#"{"bogus": []}"#).await;
    assert_eq!(status, 400);
    assert!(reply["error"].as_str().unwrap().contains("bogus"));
    assert_eq!(
        admin_http(&handle, reqwest::Method::POST, "/reset", "")
            .await
            .0,
        200
    );
    assert_eq!(
        handle.service().world(DEMO_SECRET_ID),
        roles::default_world()
    );
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn faults_as_a_client_sees_them() {
    let handle = start().await;
    let describe = || {
        signed(
            &aimed(&handle, spec("DescribeKeyPairs", json!({}))),
            &demo(),
        )
    };
    let post = reqwest::Method::POST;

    admin_http(
        &handle,
        post.clone(),
        "/faults",
        r#"{"drop_connection": true, "count": 1}"#,
    )
    .await;
    let dropped = match send(&handle, &describe()).await {
        Ok(response) => response.bytes().await.is_err(),
        Err(_) => true,
    };
    assert!(
        dropped,
        "a dropped connection must not look like a valid response"
    );

    admin_http(
        &handle,
        post.clone(),
        "/faults",
        r#"{"garbage_body": true, "count": 1}"#,
    )
    .await;
    let response = send(&handle, &describe()).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(serde_json::from_slice::<Value>(&response.bytes().await.unwrap()).is_err());

    admin_http(
        &handle,
        post.clone(),
        "/faults",
        r#"{"latency_ms": 200, "count": 1}"#,
    )
    .await;
    let started = Instant::now();
    api(&handle, &describe()).await.expect_ok();
    assert!(started.elapsed() >= Duration::from_millis(200));

    admin_http(
        &handle,
        post.clone(),
        "/faults",
        r#"{"code": "InternalServerError", "count": 1}"#,
    )
    .await;
    assert_eq!(
        api(&handle, &describe()).await.code.as_deref(),
        Some(codes::INTERNAL_SERVER_ERROR)
    );

    admin_http(&handle, post, "/faults", r#"{"throttle_per_second": 5}"#).await;
    let mut throttled = 0;
    for _ in 0..12 {
        if api(&handle, &describe()).await.code.as_deref() == Some(codes::REQUEST_LIMIT_EXCEEDED) {
            throttled += 1;
        }
    }
    assert!(throttled >= 5, "{throttled}");
    admin_http(&handle, reqwest::Method::DELETE, "/faults", "").await;
    api(&handle, &describe()).await.expect_ok();
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn concurrent_clients_leave_a_consistent_world() {
    let handle = Arc::new(start().await);
    let mut tasks = Vec::new();
    for task_idx in 0..8 {
        let handle = Arc::clone(&handle);
        tasks.push(tokio::spawn(async move {
            for round in 0..10 {
                let action = if (task_idx + round) % 2 == 0 {
                    "AssociateInstancesKeyPairs"
                } else {
                    "DisassociateInstancesKeyPairs"
                };
                let request = spec(
                    action,
                    json!({ "InstanceIds": ids(&["stopped_linux", "stopped_linux_2"]), "KeyIds": ids(&["unbound_key", "bound_key"]) }),
                );
                api(&handle, &signed(&aimed(&handle, request), &demo())).await.expect_ok();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let world = handle.service().world(DEMO_SECRET_ID);
    assert_eq!(world.check_invariants(), Ok(()));
    let stopped = &world.instances[&id("stopped_linux")].key_ids;
    let stopped_2 = &world.instances[&id("stopped_linux_2")].key_ids;
    assert!(stopped.contains(&id("second_key")));
    // Both instances saw the same last batch, so they hold the same of the two moved keys.
    let moved = |keys: &Vec<String>| keys.iter().filter(|key| **key != id("second_key")).count();
    assert_eq!(moved(stopped), moved(stopped_2));
    let handle = Arc::into_inner(handle).expect("no other owner");
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn spawn_binds_the_given_address_and_shutdown_is_graceful() {
    let config = MockConfig {
        world_template: roles::default_world(),
        credentials: demo_credentials(),
        mutant: None,
    };
    let handle = spawn(config, ANY_PORT.parse().unwrap()).await.unwrap();
    let addr = handle.addr();
    assert!(addr.ip().is_loopback());
    assert_ne!(addr.port(), 0);
    let second = spawn(
        MockConfig {
            world_template: World::default(),
            credentials: Vec::new(),
            mutant: None,
        },
        addr,
    )
    .await;
    assert!(second.is_err(), "the port is taken");
    handle.shutdown().await.unwrap();
    let after = client().get(format!("http://{addr}/")).send().await;
    assert!(after.is_err(), "still serving after shutdown");
}
