//! The deterministic executor the mock calls: a typed request in, the response fields (or one API
//! error) out, the world updated. It holds no rules of its own: it refuses on the first problem
//! `checks::findings` reports that the service refuses, so it answers what the oracle allows.
//!
//! Precedence when a request has several problems (binding actions; see `describe` for the read
//! actions):
//! 1. parameter problems: unknown names, then missing, then wrong types, then bad values (an empty
//!    required list answers `MissingParameter`);
//! 2. list sizes: `InstanceIds` over 100, then `KeyIds` over 100 (`InvalidParameterValue.LimitExceeded`);
//! 3. malformed IDs, in list order, the instance list first (`InvalidInstanceId.Malformed`,
//!    `InvalidKeyPairId.Malformed`);
//! 4. IDs that do not exist, in list order, the instance list first (`InvalidInstanceId.NotFound`,
//!    `InvalidKeyPairId.NotFound`);
//! 5. per instance, in list order: another operation in progress
//!    (`OperationDenied.InstanceOperationInProgress`), a Windows OS
//!    (`UnsupportedOperation.InstanceOsWindows`), a state other than `STOPPED` (or `RUNNING` with
//!    `ForceStop`) (`UnsupportedOperation.InstanceState*`, `InvalidInstance.NotSupported`).
//!
//! The batch is atomic: everything is validated first, and the world changes only if every
//! instance passes; an error changes nothing. Duplicate IDs are de-duplicated. Unbinding a key that
//! is not bound (or binding one that is) is a successful no-op, so repeats are idempotent.
//! `ForceStop` on a `RUNNING` instance stops it, applies the change and starts it again: it ends
//! `RUNNING`.

use std::ops::ControlFlow;

use serde_json::{Map, Value};

use crate::contract::action::Action;
use crate::contract::checks;
use crate::contract::describe;
use crate::contract::ids;
use crate::contract::knowledge::Knowledge;
use crate::contract::model::{DescribeInstances, DescribeKeyPairs, Request};
use crate::contract::params::{self, ParamProblem, ParamSource, ParsedParams};
use crate::contract::plain::PlainParams;
use crate::contract::world::World;

/// An API-level error, as it goes into `Response.Error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    /// `Response.Error.Code`, one of the catalogue's constants.
    pub code: &'static str,
    /// `Response.Error.Message`, naming the offending parameter or ID.
    pub message: String,
}

impl From<ParamProblem> for ApiError {
    fn from(problem: ParamProblem) -> Self {
        ApiError {
            code: problem.code(),
            message: problem.to_string(),
        }
    }
}

/// Parse `params` of `action` (see `params::parse_request`), then [`execute`]. The parameters are
/// read once: the request is executed from what the lenient parse found, which is what
/// `parse_request` would build from it when it finds no problem.
pub fn execute_params(
    world: &mut World,
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> Result<Map<String, Value>, ApiError> {
    execute_parsed(world, action, params::parse_params(action, params, source))
}

/// [`execute_params`] of `plain.to_map()`, without building the map when the parameters have
/// no problem (`params::parse_clean`): how the mock answers the common request.
pub fn execute_plain(
    world: &mut World,
    action: Action,
    plain: PlainParams<'_>,
) -> Result<Map<String, Value>, ApiError> {
    match params::parse_clean(action, plain) {
        Ok(parsed) => execute_parsed(world, action, parsed),
        Err(plain) => execute_params(world, action, &plain.to_map(), ParamSource::Json),
    }
}

fn execute_parsed(
    world: &mut World,
    action: Action,
    parsed: ParsedParams<'_>,
) -> Result<Map<String, Value>, ApiError> {
    first_refusal(action, &parsed, world)?;
    let response = match action {
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs => {
            let instance_ids = parsed.instance_ids.as_deref().unwrap_or_default();
            let key_ids = parsed.key_ids.as_deref().unwrap_or_default();
            apply_binding(world, action, instance_ids, key_ids);
            Map::new()
        }
        Action::DescribeInstances => {
            let describe = DescribeInstances {
                instance_ids: params::owned(parsed.instance_ids),
                filters: parsed.filters,
                offset: parsed.offset,
                limit: parsed.limit,
            };
            describe::describe_instances(world, &describe)
        }
        Action::DescribeKeyPairs => {
            let describe = DescribeKeyPairs {
                key_ids: params::owned(parsed.key_ids),
                filters: parsed.filters,
                offset: parsed.offset,
                limit: parsed.limit,
            };
            describe::describe_key_pairs(world, &describe)
        }
    };
    Ok(response)
}

/// Execute `request` against `world`: the `Response` fields other than `RequestId` (empty for the
/// binding actions), or the first problem in the documented precedence. An error leaves the world
/// unchanged.
pub fn execute(world: &mut World, request: &Request) -> Result<Map<String, Value>, ApiError> {
    check(world, request)?;
    let response = match request {
        Request::DisassociateInstancesKeyPairs(_) | Request::AssociateInstancesKeyPairs(_) => {
            let binding = request.binding().expect("a binding action");
            apply_binding(world, binding.action, binding.instance_ids, binding.key_ids);
            Map::new()
        }
        Request::DescribeInstances(describe) => describe::describe_instances(world, describe),
        Request::DescribeKeyPairs(describe) => describe::describe_key_pairs(world, describe),
    };
    Ok(response)
}

/// The error `execute` would answer for `request` against `world`, without changing anything.
pub fn check(world: &World, request: &Request) -> Result<(), ApiError> {
    first_refusal(request.action(), &parsed_from_request(request), world)
}

/// The first finding the service refuses on, the only one whose message is written.
fn first_refusal(action: Action, parsed: &ParsedParams, world: &World) -> Result<(), ApiError> {
    let mut refusal = None;
    let _ = checks::visit(action, parsed, &Knowledge::World(world), &mut |report| {
        if !report.service_refuses() {
            return ControlFlow::Continue(());
        }
        refusal = Some(ApiError {
            code: report.codes()[0],
            message: report.message(),
        });
        ControlFlow::Break(())
    });
    refusal.map_or(Ok(()), Err)
}

fn apply_binding<S: AsRef<str>>(
    world: &mut World,
    action: Action,
    instance_ids: &[S],
    key_ids: &[S],
) {
    // A RUNNING instance with ForceStop is stopped, changed and started again: its state is
    // unchanged at the end, so only the bindings move. Each well-formed ID counts once.
    let instance_ids = checks::each_once(instance_ids, ids::is_well_formed_instance_id);
    for instance_id in instance_ids {
        for key_id in checks::each_once(key_ids, ids::is_well_formed_key_id) {
            match action {
                Action::AssociateInstancesKeyPairs => world.bind(instance_id, key_id),
                _ => world.unbind(instance_id, key_id),
            };
        }
    }
}

fn parsed_from_request(request: &Request) -> ParsedParams<'_> {
    let mut parsed = ParsedParams {
        problems: params::value_problems(request),
        ..ParsedParams::default()
    };
    match request {
        Request::DisassociateInstancesKeyPairs(_) | Request::AssociateInstancesKeyPairs(_) => {
            let binding = request.binding().expect("a binding action");
            parsed.instance_ids = Some(borrowed(binding.instance_ids));
            parsed.key_ids = Some(borrowed(binding.key_ids));
            parsed.force_stop = Some(binding.force_stop);
        }
        Request::DescribeInstances(describe) => {
            parsed.instance_ids = describe.instance_ids.as_deref().map(borrowed);
            parsed.filters.clone_from(&describe.filters);
            parsed.offset = describe.offset;
            parsed.limit = describe.limit;
        }
        Request::DescribeKeyPairs(describe) => {
            parsed.key_ids = describe.key_ids.as_deref().map(borrowed);
            parsed.filters.clone_from(&describe.filters);
            parsed.offset = describe.offset;
            parsed.limit = describe.limit;
        }
    }
    parsed
}

fn borrowed(ids: &[String]) -> Vec<&str> {
    ids.iter().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::contract::codes;
    use crate::contract::roles::{self, default_world};
    use crate::contract::state::InstanceState;

    const DISASSOCIATE: Action = Action::DisassociateInstancesKeyPairs;
    const ASSOCIATE: Action = Action::AssociateInstancesKeyPairs;

    fn id(world: &World, role: &str) -> String {
        world.role(role).unwrap().id().to_owned()
    }

    fn run(
        world: &mut World,
        action: Action,
        params: Value,
    ) -> Result<Map<String, Value>, ApiError> {
        let Value::Object(params) = params else {
            panic!("params must be an object")
        };
        execute_params(world, action, &params, ParamSource::Json)
    }

    #[track_caller]
    fn refused(world: &mut World, action: Action, params: Value) -> ApiError {
        let before = world.clone();
        let error = run(world, action, params).unwrap_err();
        assert_eq!(*world, before, "an error must change nothing");
        assert!(
            codes::is_documented(Some(action), error.code),
            "{}",
            error.code
        );
        error
    }

    #[test]
    fn unbinds_a_bound_key_and_is_idempotent() {
        let mut world = default_world();
        let (instance, key) = (
            id(&world, roles::STOPPED_LINUX),
            id(&world, roles::BOUND_KEY),
        );
        let params = json!({"InstanceIds": [instance], "KeyIds": [key]});
        assert_eq!(
            run(&mut world, DISASSOCIATE, params.clone()),
            Ok(Map::new())
        );
        assert!(!world.is_bound(&instance, &key));
        assert!(
            world.is_bound(&instance, &id(&world, roles::SECOND_KEY)),
            "other bindings stay"
        );
        let after_first = world.clone();
        assert_eq!(run(&mut world, DISASSOCIATE, params), Ok(Map::new()));
        assert_eq!(world, after_first);
    }

    #[test]
    fn force_stop_on_running_unbinds_and_leaves_it_running() {
        let mut world = default_world();
        let (instance, key) = (
            id(&world, roles::RUNNING_LINUX),
            id(&world, roles::BOUND_KEY),
        );
        let error = refused(
            &mut world,
            DISASSOCIATE,
            json!({"InstanceIds": [instance], "KeyIds": [key]}),
        );
        assert_eq!(
            error.code,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING
        );
        assert!(error.message.contains(&instance), "{}", error.message);
        let params = json!({"InstanceIds": [instance], "KeyIds": [key], "ForceStop": true});
        assert_eq!(run(&mut world, DISASSOCIATE, params), Ok(Map::new()));
        assert_eq!(world.instances[&instance].state, InstanceState::Running);
        assert!(world.instances[&instance].key_ids.is_empty());
    }

    #[test]
    fn the_batch_is_atomic() {
        let mut world = default_world();
        let key = id(&world, roles::BOUND_KEY);
        let batch = [
            id(&world, roles::STOPPED_LINUX),
            id(&world, roles::STOPPED_LINUX_2),
            id(&world, roles::RUNNING_LINUX),
        ];
        let error = refused(
            &mut world,
            DISASSOCIATE,
            json!({"InstanceIds": batch, "KeyIds": [key]}),
        );
        assert_eq!(
            error.code,
            codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING
        );
        assert_eq!(world.instances_bound_to(&key).len(), 3);
    }

    #[test]
    fn precedence_follows_the_documented_order() {
        let mut world = default_world();
        let stopped = id(&world, roles::STOPPED_LINUX);
        let windows = id(&world, roles::WINDOWS);
        let busy = id(&world, roles::BUSY);
        let pending = id(&world, roles::PENDING);
        let key = id(&world, roles::BOUND_KEY);
        let many: Vec<String> = (0..101).map(|n| format!("ins-{n:08}")).collect();
        let cases = [
            // 1. Unknown names before missing ones, parameters before anything else.
            (
                json!({"InstanceId": ["ins-1122"]}),
                codes::UNKNOWN_PARAMETER,
            ),
            (
                json!({"InstanceIds": ["ins-1122"]}),
                codes::MISSING_PARAMETER,
            ),
            (
                json!({"InstanceIds": [], "KeyIds": ["skey-1122"]}),
                codes::MISSING_PARAMETER,
            ),
            (
                json!({"InstanceIds": ["ins-1122"], "KeyIds": "skey-1122"}),
                codes::INVALID_PARAMETER,
            ),
            // 2. Sizes before malformed IDs.
            (
                json!({"InstanceIds": many, "KeyIds": ["skey-1122"]}),
                codes::INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
            ),
            // 3. Malformed, instance list first, before not found.
            (
                json!({"InstanceIds": ["ins-aaaaaaaa", "ins-1122"], "KeyIds": ["skey-1122"]}),
                codes::INVALID_INSTANCE_ID_MALFORMED,
            ),
            (
                json!({"InstanceIds": ["ins-aaaaaaaa"], "KeyIds": ["skey-1122"]}),
                codes::INVALID_KEY_PAIR_ID_MALFORMED,
            ),
            // 4. Not found, instance list first, before per-instance refusals.
            (
                json!({"InstanceIds": [windows, "ins-aaaaaaaa"], "KeyIds": ["skey-aaaaaaaa"]}),
                codes::INVALID_INSTANCE_ID_NOT_FOUND,
            ),
            (
                json!({"InstanceIds": [windows], "KeyIds": ["skey-aaaaaaaa"]}),
                codes::INVALID_KEY_PAIR_ID_NOT_FOUND,
            ),
            // 5. Per instance in list order: operation, OS, state.
            (
                json!({"InstanceIds": [stopped, pending, windows], "KeyIds": [key]}),
                codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING,
            ),
            (
                json!({"InstanceIds": [windows, busy], "KeyIds": [key]}),
                codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
            ),
            (
                json!({"InstanceIds": [busy, windows], "KeyIds": [key]}),
                codes::OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
            ),
        ];
        for (params, code) in cases {
            let error = refused(&mut world, DISASSOCIATE, params.clone());
            assert_eq!(error.code, code, "{params}: {}", error.message);
        }
    }

    #[test]
    fn messages_name_the_offending_id() {
        let mut world = default_world();
        let error = refused(
            &mut world,
            DISASSOCIATE,
            json!({"InstanceIds": ["ins-1122"], "KeyIds": ["skey-bound001"]}),
        );
        assert_eq!(error.message, "instance id `ins-1122` is malformed: the id has 4 characters after the prefix, expected 8");
        let error = refused(
            &mut world,
            DISASSOCIATE,
            json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-zzzzzzzz"]}),
        );
        assert_eq!(
            error.to_string(),
            "InvalidKeyPairId.NotFound: key pair `skey-zzzzzzzz` does not exist"
        );
    }

    #[test]
    fn duplicates_and_unbound_keys_succeed() {
        let mut world = default_world();
        let stopped = id(&world, roles::STOPPED_LINUX_2);
        let params = json!({"InstanceIds": [stopped, stopped], "KeyIds": ["skey-unbound1", "skey-bound001", "skey-bound001"]});
        assert_eq!(run(&mut world, DISASSOCIATE, params), Ok(Map::new()));
        assert!(world.instances[&stopped].key_ids.is_empty());
    }

    #[test]
    fn associate_binds_in_order_without_duplicates() {
        let mut world = default_world();
        let stopped = id(&world, roles::STOPPED_LINUX_2);
        let params = json!({"InstanceIds": [stopped], "KeyIds": ["skey-unbound1", "skey-bound001", "skey-second01", "skey-unbound1"]});
        assert_eq!(run(&mut world, ASSOCIATE, params.clone()), Ok(Map::new()));
        assert_eq!(
            world.instances[&stopped].key_ids,
            ["skey-bound001", "skey-unbound1", "skey-second01"]
        );
        assert_eq!(run(&mut world, ASSOCIATE, params), Ok(Map::new()));
        assert_eq!(world.check_invariants(), Ok(()));
        let error = refused(
            &mut world,
            ASSOCIATE,
            json!({"InstanceIds": ["ins-windows1"], "KeyIds": ["skey-unbound1"]}),
        );
        assert_eq!(error.code, codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS);
    }

    #[test]
    fn hand_built_requests_are_checked_too() {
        let mut world = default_world();
        let request = Request::DisassociateInstancesKeyPairs(
            crate::contract::model::DisassociateInstancesKeyPairs {
                instance_ids: Vec::new(),
                key_ids: vec!["skey-bound001".into()],
                force_stop: None,
            },
        );
        assert_eq!(
            execute(&mut world, &request).unwrap_err().code,
            codes::MISSING_PARAMETER
        );
        assert_eq!(
            check(&world, &request).unwrap_err().code,
            codes::MISSING_PARAMETER
        );
    }

    #[test]
    fn describe_instances_by_id_and_filters() {
        let mut world = default_world();
        let response = run(
            &mut world,
            Action::DescribeInstances,
            json!({"InstanceIds": ["ins-stpdlnx1", "ins-aaaaaaaa", "ins-stpdlnx1"]}),
        )
        .unwrap();
        assert_eq!(
            Value::Object(response),
            json!({"TotalCount": 1, "InstanceSet": [{
                "InstanceId": "ins-stpdlnx1",
                "InstanceName": "stopped_linux",
                "InstanceState": "STOPPED",
                "OsName": "TencentOS Server 3.1 (TK4)",
                "LoginSettings": {"KeyIds": ["skey-bound001", "skey-second01"]},
                "LatestOperationState": "SUCCESS",
            }]})
        );
        let params = json!({"Filters": [{"Name": "instance-state", "Values": ["STOPPED"]}], "Offset": 1, "Limit": 2});
        let response = run(&mut world, Action::DescribeInstances, params).unwrap();
        assert_eq!(response["TotalCount"], json!(4));
        assert_eq!(response["InstanceSet"].as_array().unwrap().len(), 2);
        let response = run(&mut world, Action::DescribeInstances, json!({})).unwrap();
        assert_eq!(response["TotalCount"], json!(12));
        assert_eq!(response["InstanceSet"].as_array().unwrap().len(), 12);
        let busy = run(
            &mut world,
            Action::DescribeInstances,
            json!({"Filters": [{"Name": "instance-name", "Values": ["busy"]}]}),
        )
        .unwrap();
        assert_eq!(
            busy["InstanceSet"][0]["LatestOperationState"],
            json!("OPERATING")
        );
    }

    #[test]
    fn describe_problems() {
        let mut world = default_world();
        let describe = Action::DescribeInstances;
        let cases = [
            (
                json!({"InstanceIds": ["ins-stpdlnx1"], "Filters": []}),
                codes::INVALID_PARAMETER,
            ),
            (
                json!({"InstanceIds": ["ins-1122"]}),
                codes::INVALID_INSTANCE_ID_MALFORMED,
            ),
            (
                json!({"Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}]}),
                codes::INVALID_FILTER,
            ),
            (
                json!({"Filters": [{"Name": "instance-name", "Values": ["a", "b", "c", "d", "e", "f"]}]}),
                codes::INVALID_FILTER_VALUE_LIMIT_EXCEEDED,
            ),
            (json!({"Limit": 101}), codes::INVALID_PARAMETER_VALUE),
        ];
        for (params, code) in cases {
            assert_eq!(
                refused(&mut world, describe, params.clone()).code,
                code,
                "{params}"
            );
        }
        let error = refused(
            &mut world,
            Action::DescribeKeyPairs,
            json!({"KeyIds": ["skey-1122"]}),
        );
        assert_eq!(error.code, codes::INVALID_KEY_PAIR_ID_MALFORMED);
    }

    #[test]
    fn describe_key_pairs_lists_associated_instances() {
        let mut world = default_world();
        let response = run(
            &mut world,
            Action::DescribeKeyPairs,
            json!({"KeyIds": ["skey-second01", "skey-unbound1", "skey-aaaaaaaa"]}),
        )
        .unwrap();
        assert_eq!(
            Value::Object(response),
            json!({"TotalCount": 2, "KeyPairSet": [
                {"KeyId": "skey-second01", "KeyName": "second_key", "ProjectId": 0, "AssociatedInstanceIds": ["ins-stpdlnx1"]},
                {"KeyId": "skey-unbound1", "KeyName": "unbound_key", "ProjectId": 0, "AssociatedInstanceIds": []},
            ]})
        );
        let params = json!({"Filters": [{"Name": "key-name", "Values": ["bound_key"]}]});
        let response = run(&mut world, Action::DescribeKeyPairs, params).unwrap();
        assert_eq!(
            response["KeyPairSet"][0]["AssociatedInstanceIds"],
            json!(["ins-runlnx01", "ins-stpdlnx1", "ins-stpdlnx2"])
        );
    }
}
