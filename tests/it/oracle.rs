//! The oracle's rules through the public API, including the documented examples: what a conforming
//! server may answer, and that the built-in mock service answers one of those things.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use tcconform::contract::codes;
use tcconform::contract::roles;
use tcconform::contract::{
    acceptable, classify_instance_id, default_world, execute_params, Acceptable, Action, IdClass,
    InstanceState, Knowledge, MalformedReason, ParamSource, World,
};

const DISASSOCIATE: Action = Action::DisassociateInstancesKeyPairs;

fn params(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("params must be an object, got {other}"),
    }
}

fn id(world: &World, role: &str) -> String {
    world.role(role).expect("a default role").id().to_owned()
}

/// The one entry point of these tests: what the oracle allows for `request` against the default
/// world (its display form), and that the mock's own answer is among it.
#[track_caller]
fn check(action: Action, request: Value, expected: &str) {
    let request = params(request);
    let mut world = default_world();
    let allowed = acceptable(
        action,
        &request,
        ParamSource::Json,
        &Knowledge::World(&world),
    );
    assert_eq!(allowed.to_string(), expected);
    let answer = execute_params(&mut world, action, &request, ParamSource::Json);
    assert!(
        allowed.allows(answer.as_ref().err().map(|error| error.code)),
        "mock answered {answer:?}, oracle allows {allowed}"
    );
}

/// `request` must be refused: the oracle allows `code` and not success, and the mock answers `code`.
#[track_caller]
fn check_refused(action: Action, request: Value, code: &str) {
    let request = params(request);
    let mut world = default_world();
    let allowed = acceptable(
        action,
        &request,
        ParamSource::Json,
        &Knowledge::World(&world),
    );
    assert!(!allowed.allows_success(), "{allowed}");
    assert!(allowed.allows_code(code), "{allowed}");
    let answer = execute_params(&mut world, action, &request, ParamSource::Json);
    assert_eq!(answer.map_err(|error| error.code), Err(code));
}

#[test]
fn documented_example_ins_1122_is_malformed() {
    assert_eq!(
        classify_instance_id("ins-1122"),
        IdClass::Malformed(MalformedReason::WrongLength {
            found: 4,
            expected: 8
        })
    );
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-1122"], "KeyIds": ["skey-bound001"]}),
        "one of InvalidInstanceId.Malformed, InvalidParameterValue.InstanceIdMalformed",
    );
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-1122"]}),
        "InvalidKeyPairId.Malformed",
    );
}

#[test]
fn a_well_formed_unknown_id_is_not_found() {
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-bound001"]}),
        "InvalidInstanceId.NotFound",
    );
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-e3r6y7ji"]}),
        "InvalidKeyPairId.NotFound",
    );
}

#[test]
fn the_documented_success_example() {
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]}),
        "success",
    );
}

#[test]
fn windows_is_refused() {
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-windows1"], "KeyIds": ["skey-bound001"]}),
        // The key is not bound to it either, which a server may report instead.
        "one of FailedOperation.DisassociateKeyPairFailed, InvalidInstance.NotSupported, \
         InvalidParameterValue, UnsupportedOperation.InstanceOsWindows",
    );
    check_refused(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-windows1"], "KeyIds": ["skey-bound001"]}),
        codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
    );
}

#[test]
fn each_state_role_yields_its_code() {
    let world = default_world();
    let cases = [
        (
            roles::RUNNING_LINUX,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING,
        ),
        (
            roles::PENDING,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING,
        ),
        (
            roles::STARTING,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING,
        ),
        (
            roles::STOPPING,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING,
        ),
        (
            roles::REBOOTING,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_REBOOTING,
        ),
        (
            roles::SHUTDOWN,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_SHUTDOWN,
        ),
        (
            roles::TERMINATING,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_TERMINATING,
        ),
        (
            roles::RESCUE_MODE,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE,
        ),
        (
            roles::BUSY,
            codes::OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
        ),
    ];
    for (role, code) in cases {
        let request = json!({"InstanceIds": [id(&world, role)], "KeyIds": ["skey-bound001"]});
        check_refused(DISASSOCIATE, request, code);
    }
}

#[test]
fn force_stop_on_running_succeeds_and_leaves_it_running() {
    let mut world = default_world();
    let running = id(&world, roles::RUNNING_LINUX);
    let request = json!({"InstanceIds": [running], "KeyIds": ["skey-bound001"], "ForceStop": true});
    check(DISASSOCIATE, request.clone(), "success");
    let answer = execute_params(
        &mut world,
        DISASSOCIATE,
        &params(request),
        ParamSource::Json,
    );
    assert_eq!(answer, Ok(Map::new()));
    let instance = &world.instances[&running];
    assert_eq!(instance.state, InstanceState::Running);
    assert!(instance.key_ids.is_empty());
    assert!(!world
        .instances_bound_to("skey-bound001")
        .contains(&running.as_str()));
}

#[test]
fn a_batch_with_one_bad_instance_changes_nothing() {
    let mut world = default_world();
    let before = world.clone();
    let batch = ["ins-stpdlnx1", "ins-stpdlnx2", "ins-windows1"];
    let request = params(json!({"InstanceIds": batch, "KeyIds": ["skey-bound001"]}));
    let answer = execute_params(&mut world, DISASSOCIATE, &request, ParamSource::Json).unwrap_err();
    assert_eq!(
        answer.code,
        codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS
    );
    assert!(
        answer.message.contains("ins-windows1"),
        "{}",
        answer.message
    );
    assert_eq!(world, before);
}

#[test]
fn one_hundred_ids_pass_one_hundred_and_one_do_not() {
    let key_ids =
        |n: usize| -> Vec<String> { (0..n).map(|_| "skey-unbound1".to_owned()).collect() };
    // 100 repeats of a real key: only the duplicates are in doubt.
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx2"], "KeyIds": key_ids(100)}),
        "success, or one of FailedOperation.DisassociateKeyPairFailed, InvalidParameterValue",
    );
    let allowed = acceptable(
        DISASSOCIATE,
        &params(json!({"InstanceIds": ["ins-stpdlnx2"], "KeyIds": key_ids(101)})),
        ParamSource::Json,
        &Knowledge::Nothing,
    );
    assert!(!allowed.allows_success());
    assert!(allowed.allows_code(codes::INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED));
    let instance_ids: Vec<String> = (0..101).map(|n| format!("ins-{n:08}")).collect();
    let mut world = default_world();
    let request = params(json!({"InstanceIds": instance_ids, "KeyIds": ["skey-bound001"]}));
    let answer = execute_params(&mut world, DISASSOCIATE, &request, ParamSource::Json).unwrap_err();
    assert_eq!(answer.code, codes::INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED);
}

#[test]
fn every_problem_present_is_accepted_not_just_the_first() {
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-1122", "ins-windows1"], "KeyIds": ["skey-zzzzzzzz"]}),
        "one of InvalidInstance.NotSupported, InvalidInstanceId.Malformed, \
         InvalidKeyPairId.NotFound, InvalidParameterValue.InstanceIdMalformed, \
         UnsupportedOperation.InstanceOsWindows",
    );
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-1122"]}),
        "one of InvalidInstanceId.Malformed, InvalidParameterValue.InstanceIdMalformed, MissingParameter",
    );
}

#[test]
fn what_the_documentation_leaves_open() {
    // Empty list.
    check(
        DISASSOCIATE,
        json!({"InstanceIds": [], "KeyIds": ["skey-bound001"]}),
        "one of InvalidParameterValue, MissingParameter",
    );
    // Duplicates.
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1", "ins-stpdlnx1"], "KeyIds": ["skey-bound001"]}),
        "success or InvalidParameterValue",
    );
    // Unbinding a key that is not bound.
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-unbound1"]}),
        "success, or one of FailedOperation.DisassociateKeyPairFailed, InvalidParameterValue",
    );
    // Upper-case key IDs: the key charset is undocumented.
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["SKEY-BOUND001"]}),
        "one of InvalidKeyPairId.Malformed, InvalidKeyPairId.NotFound",
    );
}

#[test]
fn parameter_problems() {
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"], "Force": true}),
        "UnknownParameter",
    );
    check(
        DISASSOCIATE,
        json!({"InstanceIds": "ins-stpdlnx1", "KeyIds": ["skey-bound001"]}),
        "one of InvalidParameter, InvalidParameterValue",
    );
    check(
        DISASSOCIATE,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"], "ForceStop": "yes"}),
        "one of InvalidParameter, InvalidParameterValue",
    );
}

#[test]
fn form_parameters_are_strings() {
    let world = default_world();
    let request = params(
        json!({"InstanceIds": ["ins-runlnx01"], "KeyIds": ["skey-bound001"], "ForceStop": "True"}),
    );
    let allowed = acceptable(
        DISASSOCIATE,
        &request,
        ParamSource::Form,
        &Knowledge::World(&world),
    );
    assert!(allowed.allows_success());
    let allowed = acceptable(
        DISASSOCIATE,
        &request,
        ParamSource::Json,
        &Knowledge::World(&world),
    );
    assert!(!allowed.allows_success());
}

#[test]
fn knowledge_from_roles_and_from_nothing() {
    let id_roles: BTreeMap<String, String> = default_world().id_roles();
    let roles = Knowledge::Roles(&id_roles);
    let request = params(json!({"InstanceIds": ["ins-windows1"], "KeyIds": ["skey-bound001"]}));
    let allowed = acceptable(DISASSOCIATE, &request, ParamSource::Json, &roles);
    assert_eq!(
        allowed.to_string(),
        "one of FailedOperation.DisassociateKeyPairFailed, InvalidInstance.NotSupported, \
         InvalidParameterValue, UnsupportedOperation.InstanceOsWindows"
    );
    // An ID the fixtures do not name may or may not exist.
    let request = params(json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-bound001"]}));
    let allowed = acceptable(DISASSOCIATE, &request, ParamSource::Json, &roles);
    assert!(allowed.allows_success());
    assert!(allowed.allows_code(codes::INVALID_INSTANCE_ID_NOT_FOUND));
    assert!(allowed.allows_code(codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING));
    // Knowing nothing, a well-formed request allows success, NotFound and every per-instance code.
    let allowed = acceptable(
        DISASSOCIATE,
        &request,
        ParamSource::Json,
        &Knowledge::Nothing,
    );
    assert!(allowed.allows_success());
    for code in [
        codes::INVALID_INSTANCE_ID_NOT_FOUND,
        codes::INVALID_KEY_PAIR_ID_NOT_FOUND,
        codes::OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
        codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
        codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING,
        codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_BANNING,
        codes::INVALID_INSTANCE_NOT_SUPPORTED,
    ] {
        assert!(allowed.allows_code(code), "{code}");
    }
    // But a malformed ID stays malformed whatever the knowledge.
    let request = params(json!({"InstanceIds": ["ins-1122"], "KeyIds": ["skey-bound001"]}));
    assert!(!acceptable(
        DISASSOCIATE,
        &request,
        ParamSource::Json,
        &Knowledge::Nothing
    )
    .allows_success());
}

#[test]
fn transient_codes_are_left_to_the_runner() {
    let world = default_world();
    let request = params(json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]}));
    let allowed = acceptable(
        DISASSOCIATE,
        &request,
        ParamSource::Json,
        &Knowledge::World(&world),
    );
    assert!(!allowed.allows_code(codes::INTERNAL_SERVER_ERROR));
    assert!(Acceptable::transient_codes().contains(&codes::REQUEST_LIMIT_EXCEEDED));
    assert!(Acceptable::transient_codes().contains(&codes::MUTEX_OPERATION_TASK_RUNNING));
    assert!(allowed
        .with_transient()
        .allows_code(codes::INTERNAL_SERVER_ERROR));
}

#[test]
fn associate_and_the_describe_actions() {
    check(
        Action::AssociateInstancesKeyPairs,
        json!({"InstanceIds": ["ins-stpdlnx2"], "KeyIds": ["skey-unbound1"]}),
        "success",
    );
    check(
        Action::AssociateInstancesKeyPairs,
        json!({"InstanceIds": ["ins-stpdlnx2"], "KeyIds": ["skey-bound001"]}),
        "success or InvalidParameterValue",
    );
    check(
        Action::DescribeInstances,
        json!({"InstanceIds": ["ins-w34e5rl9"]}),
        "success",
    );
    check(
        Action::DescribeInstances,
        json!({"InstanceIds": ["ins-stpdlnx1"], "Filters": [{"Name": "instance-name", "Values": ["x"]}]}),
        "one of InvalidParameter, InvalidParameterValue",
    );
    check(
        Action::DescribeInstances,
        json!({"Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}]}),
        "success or InvalidFilter",
    );
    check(
        Action::DescribeKeyPairs,
        json!({"KeyIds": ["skey-1122"]}),
        "InvalidKeyPairId.Malformed",
    );
    check(
        Action::DescribeKeyPairs,
        json!({"Limit": 101}),
        "one of InvalidParameterValue, InvalidParameterValue.LimitExceeded, InvalidParameterValueLimit",
    );
}

#[test]
fn default_world_has_every_role() {
    let world = default_world();
    assert_eq!(world.check_invariants(), Ok(()));
    for spec in roles::ROLES {
        assert_eq!(
            world.role(spec.name).map(|found| found.id().to_owned()),
            Some(spec.default_id.to_owned())
        );
    }
    assert_eq!(world.role_ids(), roles::default_role_ids());
}
