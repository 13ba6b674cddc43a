//! Every rule of `DisassociateInstancesKeyPairs`, and the sibling actions, through the in-process
//! mock of the default world.

use serde_json::json;
use tcconform::contract::{codes, InstanceState};
use tcconform::mock::DEMO_SECRET_ID;

use super::*;

#[test]
fn one_pair_is_unbound_and_nothing_else_changes() {
    let service = service();
    let before = service.world(DEMO_SECRET_ID);
    let fields = call(&service, &disassociate(&["stopped_linux"], &["bound_key"]))
        .expect_ok()
        .clone();
    assert!(fields.is_empty(), "{fields:?}");
    let mut expected = before;
    expected
        .instances
        .get_mut(&id("stopped_linux"))
        .unwrap()
        .key_ids
        .retain(|key| *key != id("bound_key"));
    assert_eq!(service.world(DEMO_SECRET_ID), expected);
    assert_eq!(keys_of(&service, "stopped_linux"), [id("second_key")]);
    assert_eq!(keys_of(&service, "stopped_linux_2"), [id("bound_key")]);
}

#[test]
fn a_batch_unbinds_every_pair() {
    let service = service();
    call(
        &service,
        &disassociate(
            &["stopped_linux", "stopped_linux_2"],
            &["bound_key", "second_key"],
        ),
    )
    .expect_ok();
    assert!(keys_of(&service, "stopped_linux").is_empty());
    assert!(keys_of(&service, "stopped_linux_2").is_empty());
    assert_eq!(keys_of(&service, "running_linux"), [id("bound_key")]);
}

#[test]
fn force_stop_on_running_ends_running_with_the_key_gone() {
    let service = service();
    expect_code(
        &service,
        &disassociate(&["running_linux"], &["bound_key"]),
        codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING,
    );
    let request = spec(
        "DisassociateInstancesKeyPairs",
        json!({ "InstanceIds": ids(&["running_linux"]), "KeyIds": ids(&["bound_key"]), "ForceStop": true }),
    );
    call(&service, &request).expect_ok();
    let world = service.world(DEMO_SECRET_ID);
    let running = &world.instances[&id("running_linux")];
    assert_eq!(running.state, InstanceState::Running);
    assert!(running.key_ids.is_empty());
}

#[test]
fn linux_only() {
    let service = service();
    expect_code(
        &service,
        &disassociate(&["windows"], &["bound_key"]),
        codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
    );
}

#[test]
fn each_state_has_its_code_with_or_without_force_stop() {
    let service = service();
    let table = [
        (
            "pending",
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING,
        ),
        (
            "starting",
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING,
        ),
        (
            "stopping",
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING,
        ),
        (
            "rebooting",
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_REBOOTING,
        ),
        (
            "shutdown",
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_SHUTDOWN,
        ),
        (
            "terminating",
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_TERMINATING,
        ),
        (
            "rescue_mode",
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE,
        ),
    ];
    for (role, code) in table {
        expect_code(&service, &disassociate(&[role], &["unbound_key"]), code);
        for force_stop in [true, false] {
            let request = spec(
                "DisassociateInstancesKeyPairs",
                json!({ "InstanceIds": ids(&[role]), "KeyIds": ids(&["bound_key"]), "ForceStop": force_stop }),
            );
            expect_code(&service, &request, code);
        }
    }
}

#[test]
fn busy_is_denied() {
    let service = service();
    expect_code(
        &service,
        &disassociate(&["busy"], &["bound_key"]),
        codes::OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
    );
}

#[test]
fn at_most_100_instances_and_100_keys() {
    let service = service();
    service.seed(DEMO_SECRET_ID, big_world(101)).unwrap();
    let instances: Vec<String> = (0..101).map(|index| format!("ins-{index:08}")).collect();
    let keys: Vec<String> = (0..101).map(|index| format!("skey-k{index:07}")).collect();
    let request = |instances: &[String], keys: &[String]| {
        spec(
            "DisassociateInstancesKeyPairs",
            json!({ "InstanceIds": instances, "KeyIds": keys }),
        )
    };
    let limit = codes::INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED;
    expect_code(
        &service,
        &request(&instances, &["skey-aaaaaaaa".to_owned()]),
        limit,
    );
    expect_code(&service, &request(&instances[..1], &keys), limit);
    call(&service, &request(&instances[..100], &keys[..100])).expect_ok();
    call(
        &service,
        &request(&instances[..100], &["skey-aaaaaaaa".to_owned()]),
    )
    .expect_ok();
    let world = service.world(DEMO_SECRET_ID);
    assert!(world.instances[&instances[99]].key_ids.is_empty());
    assert_eq!(world.instances[&instances[100]].key_ids, ["skey-aaaaaaaa"]);
}

#[test]
fn malformed_and_not_found_name_the_id() {
    let service = service();
    let cases = [
        (
            &["ins-1122"][..],
            &["bound_key"][..],
            codes::INVALID_INSTANCE_ID_MALFORMED,
            "ins-1122",
        ),
        (
            &["stopped_linux"],
            &["skey-1122"],
            codes::INVALID_KEY_PAIR_ID_MALFORMED,
            "skey-1122",
        ),
        (
            &["ins-zzzzzzzz"],
            &["bound_key"],
            codes::INVALID_INSTANCE_ID_NOT_FOUND,
            "ins-zzzzzzzz",
        ),
        (
            &["stopped_linux"],
            &["skey-zzzzzzzz"],
            codes::INVALID_KEY_PAIR_ID_NOT_FOUND,
            "skey-zzzzzzzz",
        ),
        (
            &["stopped_linux", "ins-zzzzzzzz"],
            &["bound_key"],
            codes::INVALID_INSTANCE_ID_NOT_FOUND,
            "ins-zzzzzzzz",
        ),
    ];
    for (instances, keys, code, culprit) in cases {
        let answer = expect_code(&service, &disassociate(instances, keys), code);
        assert!(
            answer.message.contains(culprit),
            "{code}: {}",
            answer.message
        );
    }
}

#[test]
fn precedence_malformed_then_not_found_then_instance_rules() {
    let service = service();
    expect_code(
        &service,
        &disassociate(&["pending", "ins-zzzzzzzz", "ins-1122"], &["bound_key"]),
        codes::INVALID_INSTANCE_ID_MALFORMED,
    );
    expect_code(
        &service,
        &disassociate(&["pending", "ins-zzzzzzzz"], &["bound_key"]),
        codes::INVALID_INSTANCE_ID_NOT_FOUND,
    );
    expect_code(
        &service,
        &disassociate(&["windows", "busy"], &["bound_key"]),
        codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
    );
}

#[test]
fn a_batch_is_atomic() {
    let service = service();
    expect_code(
        &service,
        &disassociate(
            &["stopped_linux", "stopped_linux_2", "windows"],
            &["bound_key"],
        ),
        codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
    );
    assert_eq!(
        keys_of(&service, "stopped_linux"),
        [id("bound_key"), id("second_key")]
    );
    assert_eq!(keys_of(&service, "stopped_linux_2"), [id("bound_key")]);
}

#[test]
fn a_repeat_is_an_idempotent_success() {
    let service = service();
    let request = disassociate(&["stopped_linux"], &["bound_key"]);
    call(&service, &request).expect_ok();
    let after_first = service.world(DEMO_SECRET_ID);
    call(&service, &request).expect_ok();
    assert_eq!(service.world(DEMO_SECRET_ID), after_first);
    call(
        &service,
        &disassociate(&["stopped_linux_2"], &["unbound_key"]),
    )
    .expect_ok();
    assert_eq!(service.world(DEMO_SECRET_ID), after_first);
}

#[test]
fn missing_and_empty_lists() {
    let service = service();
    let request = spec(
        "DisassociateInstancesKeyPairs",
        json!({ "KeyIds": ids(&["bound_key"]) }),
    );
    let answer = expect_code(&service, &request, codes::MISSING_PARAMETER);
    assert!(answer.message.contains("InstanceIds"), "{}", answer.message);
    expect_code(
        &service,
        &disassociate(&[], &["bound_key"]),
        codes::MISSING_PARAMETER,
    );
}

#[test]
fn associate_binds_and_describe_shows_both_sides() {
    let service = service();
    let associate = spec(
        "AssociateInstancesKeyPairs",
        json!({ "InstanceIds": ids(&["stopped_linux_2"]), "KeyIds": ids(&["unbound_key"]) }),
    );
    call(&service, &associate).expect_ok();
    assert_eq!(
        keys_of(&service, "stopped_linux_2"),
        [id("bound_key"), id("unbound_key")]
    );
    let windows = spec(
        "AssociateInstancesKeyPairs",
        json!({ "InstanceIds": ids(&["windows"]), "KeyIds": ids(&["unbound_key"]) }),
    );
    expect_code(
        &service,
        &windows,
        codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
    );

    let describe = spec(
        "DescribeInstances",
        json!({ "InstanceIds": ids(&["stopped_linux_2", "windows", "ins-zzzzzzzz"]) }),
    );
    let fields = call(&service, &describe).expect_ok().clone();
    assert_eq!(fields["TotalCount"], json!(2));
    let set = fields["InstanceSet"].as_array().unwrap();
    let linux = set
        .iter()
        .find(|instance| instance["InstanceId"] == json!(id("stopped_linux_2")))
        .unwrap();
    assert_eq!(linux["InstanceState"], json!("STOPPED"));
    assert_eq!(linux["InstanceName"], json!("stopped_linux_2"));
    assert!(linux["OsName"]
        .as_str()
        .is_some_and(|name| !name.is_empty()));
    assert_eq!(
        linux["LoginSettings"]["KeyIds"],
        json!([id("bound_key"), id("unbound_key")])
    );

    let describe = spec(
        "DescribeKeyPairs",
        json!({ "KeyIds": ids(&["unbound_key", "bound_key"]) }),
    );
    let fields = call(&service, &describe).expect_ok().clone();
    assert_eq!(fields["TotalCount"], json!(2));
    let set = fields["KeyPairSet"].as_array().unwrap();
    let unbound = set
        .iter()
        .find(|key| key["KeyId"] == json!(id("unbound_key")))
        .unwrap();
    assert_eq!(unbound["KeyName"], json!("unbound_key"));
    assert_eq!(
        unbound["AssociatedInstanceIds"],
        json!([id("stopped_linux_2")])
    );
    let bound = set
        .iter()
        .find(|key| key["KeyId"] == json!(id("bound_key")))
        .unwrap();
    assert_eq!(bound["AssociatedInstanceIds"].as_array().unwrap().len(), 3);
}

#[test]
fn describe_sees_a_disassociate() {
    let service = service();
    call(&service, &disassociate(&["stopped_linux"], &["second_key"])).expect_ok();
    let describe = spec(
        "DescribeKeyPairs",
        json!({ "KeyIds": ids(&["second_key"]) }),
    );
    let fields = call(&service, &describe).expect_ok().clone();
    assert_eq!(fields["KeyPairSet"][0]["AssociatedInstanceIds"], json!([]));
}
