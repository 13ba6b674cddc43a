//! The admin routes through the in-process mock: read, reset, seed, faults, and the loopback check.

use std::net::Ipv6Addr;

use serde_json::json;
use tcconform::contract::codes;
use tcconform::mock::DEMO_SECRET_ID;

use super::*;

#[test]
fn read_shows_roles_states_and_bindings() {
    let service = service();
    let (status, world) = admin(&service, "GET", &demo_world_path(""), "");
    assert_eq!(status, 200);
    let instances = world["instances"].as_array().unwrap();
    assert_eq!(instances.len(), 12);
    let stopped = instances
        .iter()
        .find(|instance| instance["role"] == json!("stopped_linux"))
        .unwrap();
    assert_eq!(stopped["id"], json!(id("stopped_linux")));
    assert_eq!(stopped["state"], json!("STOPPED"));
    assert_eq!(
        stopped["key_ids"],
        json!([id("bound_key"), id("second_key")])
    );
    assert_eq!(stopped["operation_in_progress"], json!(false));
    assert!(stopped["os_name"].is_string() && stopped["name"].is_string());
    let busy = instances
        .iter()
        .find(|instance| instance["role"] == json!("busy"))
        .unwrap();
    assert_eq!(busy["operation_in_progress"], json!(true));
    let key_pairs = world["key_pairs"].as_array().unwrap();
    assert_eq!(key_pairs.len(), 3);
    assert!(key_pairs
        .iter()
        .any(|key| key["role"] == json!("unbound_key")));
}

#[test]
fn reset_goes_back_to_the_template_and_clears_faults() {
    let service = service();
    call(&service, &disassociate(&["stopped_linux"], &["bound_key"])).expect_ok();
    let (status, _) = admin(
        &service,
        "POST",
        &demo_world_path("/faults"),
        r#"{"code": "InternalServerError", "count": 5}"#,
    );
    assert_eq!(status, 200);
    let (status, world) = admin(&service, "POST", &demo_world_path("/reset"), "");
    assert_eq!(status, 200);
    assert_eq!(
        world,
        tcconform::mock::world_doc::to_json(&roles::default_world())
    );
    assert_eq!(service.world(DEMO_SECRET_ID), roles::default_world());
    let (_, faults) = admin(&service, "GET", &demo_world_path("/faults"), "");
    assert_eq!(faults, json!({ "faults": [] }));
    call(&service, &disassociate(&["stopped_linux"], &["bound_key"])).expect_ok();
}

#[test]
fn seed_then_read_back_then_use() {
    let service = service();
    let seed = json!({
        "instances": [
            { "id": "ins-aaaaaaaa", "role": "web", "name": "web-1", "os_name": "Ubuntu Server 22.04 LTS 64位",
              "state": "STOPPED", "key_ids": ["deploy"], "operation_in_progress": false },
            { "id": "ins-bbbbbbbb", "os_name": "TencentOS Server 3.1 (TK4)", "state": "RUNNING" }
        ],
        "key_pairs": [ { "id": "skey-aaaaaaaa", "role": "deploy", "name": "deploy-key" } ]
    });
    let (status, world) = admin(&service, "PUT", &demo_world_path(""), &seed.to_string());
    assert_eq!(status, 200, "{world}");
    assert_eq!(world["instances"][0]["key_ids"], json!(["skey-aaaaaaaa"]));
    assert_eq!(world["instances"][1]["role"], json!(null));
    let (_, read) = admin(&service, "GET", &demo_world_path(""), "");
    assert_eq!(read, world);
    let request = spec(
        "DisassociateInstancesKeyPairs",
        json!({ "InstanceIds": ["ins-aaaaaaaa"], "KeyIds": ["skey-aaaaaaaa"] }),
    );
    call(&service, &request).expect_ok();
    expect_code(
        &service,
        &disassociate(&["stopped_linux"], &["bound_key"]),
        codes::INVALID_INSTANCE_ID_NOT_FOUND,
    );
    // The other SecretId still has the template.
    assert_eq!(service.world(OTHER_ID), roles::default_world());
}

#[test]
fn bad_seeds_are_refused_with_a_reason_and_change_nothing() {
    let service = service();
    let cases = [
        (r#"{"instances": [], "extra": 1}"#, "unknown field `extra`"),
        (
            r#"{"instances": [{"id": "ins-1122", "os_name": "L", "state": "STOPPED"}]}"#,
            "instances[0].id",
        ),
        (
            r#"{"instances": [{"id": "ins-aaaaaaaa", "os_name": "L", "state": "STOPED"}]}"#,
            "did you mean `STOPPED`",
        ),
        (
            r#"{"instances": [{"id": "ins-aaaaaaaa", "os_name": "L", "state": "STOPPED", "key_ids": ["nope"]}]}"#,
            "instances[0].key_ids[0]",
        ),
        ("not json", "bad world document"),
    ];
    for (body, reason) in cases {
        let (status, reply) = admin(&service, "PUT", &demo_world_path(""), body);
        assert_eq!(status, 400, "{body}");
        let error = reply["error"].as_str().unwrap();
        assert!(error.contains(reason), "{body}: {error}");
    }
    assert_eq!(service.world(DEMO_SECRET_ID), roles::default_world());
}

#[test]
fn faults_are_added_listed_and_cleared() {
    let service = service();
    let path = demo_world_path("/faults");
    let (status, listed) = admin(
        &service,
        "POST",
        &path,
        r#"{"latency_ms": 200, "count": 1}"#,
    );
    assert_eq!(status, 200);
    assert_eq!(
        listed,
        json!({ "faults": [{ "latency_ms": 200, "remaining": 1 }] })
    );
    let (status, reply) = admin(
        &service,
        "POST",
        &path,
        r#"{"latency_ms": 200, "cuont": 1}"#,
    );
    assert_eq!(status, 400);
    assert!(reply["error"]
        .as_str()
        .unwrap()
        .contains("unknown field `cuont`"));
    let (status, cleared) = admin(&service, "DELETE", &path, "");
    assert_eq!((status, cleared), (200, json!({ "faults": [] })));
}

#[test]
fn loopback_only_known_secret_ids_and_known_routes() {
    let service = service();
    let remote = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
    let (status, reply) = admin_from(&service, "GET", &demo_world_path(""), "", remote);
    assert_eq!(status, 403);
    assert!(reply["error"].as_str().unwrap().contains("loopback"));
    let (status, _) = admin_from(&service, "POST", &demo_world_path("/reset"), "", remote);
    assert_eq!(status, 403);
    let no_peer = service.admin(&AdminRequest {
        method: "GET",
        path: &demo_world_path(""),
        body: b"",
        peer: None,
    });
    assert_eq!(no_peer.status, 403);
    let (status, _) = admin_from(
        &service,
        "GET",
        &demo_world_path(""),
        "",
        IpAddr::V6(Ipv6Addr::LOCALHOST),
    );
    assert_eq!(status, 200);

    assert_eq!(
        admin(&service, "GET", "/_mock/worlds/AKIDnobody", "").0,
        404
    );
    assert_eq!(admin(&service, "GET", "/_mock/nothing", "").0, 404);
    assert_eq!(
        admin(&service, "GET", &demo_world_path("/other"), "").0,
        404
    );
    assert_eq!(admin(&service, "DELETE", &demo_world_path(""), "").0, 405);
    assert_eq!(
        admin(&service, "GET", &demo_world_path("/reset"), "").0,
        405
    );
}
