//! The oracle: given a request's parameters and what is known of the world, the set of outcomes a
//! conforming server may answer.
//!
//! Where the documentation is silent it accepts every documented answer instead of guessing: both
//! instance Malformed codes; Malformed or NotFound for upper-case key IDs; the codes of **every**
//! problem a request has, not just the one the mock answers first; `MissingParameter` or
//! `InvalidParameterValue` for empty lists; success or `InvalidParameterValue` for duplicates;
//! success, `InvalidParameterValue` or `FailedOperation.DisassociateKeyPairFailed` for unbinding an
//! unbound key. Codes any request may meet whatever its input ([`Acceptable::transient_codes`]) are
//! not accepted by default; the runner decides. A missing region is not this module's concern.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::ControlFlow;

use serde_json::{Map, Value};

use crate::contract::action::Action;
use crate::contract::checks::{self, Finding};
use crate::contract::codes::*;
use crate::contract::knowledge::Knowledge;
use crate::contract::params::{self, ParamSource, ParsedParams};

/// The outcomes a conforming server may answer for one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acceptable {
    /// Whether success is acceptable.
    pub success: bool,
    /// The acceptable error codes.
    pub codes: BTreeSet<&'static str>,
}

/// Codes a request may meet whatever its input: server faults, throttling, concurrency.
const TRANSIENT_CODES: &[&str] = &[
    INTERNAL_ERROR,
    INTERNAL_SERVER_ERROR,
    MUTEX_OPERATION_TASK_RUNNING,
    REQUEST_LIMIT_EXCEEDED,
    REQUEST_LIMIT_EXCEEDED_GLOBAL_REGION_UIN_LIMIT_EXCEEDED,
    REQUEST_LIMIT_EXCEEDED_IP_LIMIT_EXCEEDED,
    REQUEST_LIMIT_EXCEEDED_UIN_LIMIT_EXCEEDED,
    SERVICE_UNAVAILABLE,
];

impl Acceptable {
    /// Codes that may come back for any request regardless of its input (`InternalServerError`,
    /// `RequestLimitExceeded*`, `MutexOperation.TaskRunning`, …). Not part of any [`Acceptable`];
    /// a runner may retry on them, or allow them with [`Acceptable::with_transient`].
    pub fn transient_codes() -> &'static [&'static str] {
        TRANSIENT_CODES
    }

    /// Whether `code` is one of [`Acceptable::transient_codes`].
    pub fn is_transient(code: &str) -> bool {
        TRANSIENT_CODES.contains(&code)
    }

    /// These outcomes plus every transient code.
    pub fn with_transient(mut self) -> Acceptable {
        self.codes.extend(TRANSIENT_CODES);
        self
    }

    /// Whether success is acceptable.
    pub fn allows_success(&self) -> bool {
        self.success
    }

    /// Whether the error code `code` is acceptable.
    pub fn allows_code(&self, code: &str) -> bool {
        self.codes.contains(code)
    }

    /// Whether an outcome is acceptable: `None` for success, `Some(code)` for an error.
    pub fn allows(&self, error_code: Option<&str>) -> bool {
        match error_code {
            None => self.allows_success(),
            Some(code) => self.allows_code(code),
        }
    }

    /// The outcomes `parsed` (parameters of `action`) allows given `knowledge`: success if every
    /// finding allows it, and the codes of every finding. Read from the rules' reports directly,
    /// since no message is needed.
    pub(crate) fn of_parsed(
        action: Action,
        parsed: &ParsedParams,
        knowledge: &Knowledge<'_>,
    ) -> Acceptable {
        let mut acceptable = Acceptable {
            success: true,
            codes: BTreeSet::new(),
        };
        let _ = checks::visit(action, parsed, knowledge, &mut |report| {
            acceptable.success &= report.allows_success();
            acceptable.codes.extend(report.codes());
            ControlFlow::Continue(())
        });
        acceptable
    }
}

impl fmt::Display for Acceptable {
    /// `success`, `InvalidInstanceId.NotFound`, `one of A, B` or `success, or one of A, B`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<&str> = self.codes.iter().copied().collect();
        match (self.success, codes.as_slice()) {
            (true, []) => f.write_str("success"),
            (false, []) => f.write_str("nothing"),
            (true, [code]) => write!(f, "success or {code}"),
            (false, [code]) => f.write_str(code),
            (true, codes) => write!(f, "success, or one of {}", codes.join(", ")),
            (false, codes) => write!(f, "one of {}", codes.join(", ")),
        }
    }
}

/// The outcomes a conforming server may answer for `params` of `action`, given `knowledge`.
pub fn acceptable(
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
    knowledge: &Knowledge<'_>,
) -> Acceptable {
    let parsed = params::parse_params(action, params, source);
    Acceptable::of_parsed(action, &parsed, knowledge)
}

/// Every problem the oracle sees in `params` of `action`, in precedence order, each with its codes:
/// the reasons behind [`acceptable`], for reports.
pub fn explain(
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
    knowledge: &Knowledge<'_>,
) -> Vec<Finding> {
    let parsed = params::parse_params(action, params, source);
    checks::findings(action, &parsed, knowledge)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::contract::codes;
    use crate::contract::roles::default_world;
    use crate::contract::service::execute_params;
    use crate::contract::state::{InstanceState, Os};
    use crate::contract::world::{Instance, KeyPair, World};

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn display() {
        let mut acceptable = Acceptable {
            success: true,
            codes: BTreeSet::new(),
        };
        assert_eq!(acceptable.to_string(), "success");
        acceptable.codes.insert(INVALID_PARAMETER_VALUE);
        assert_eq!(acceptable.to_string(), "success or InvalidParameterValue");
        acceptable
            .codes
            .insert(FAILED_OPERATION_DISASSOCIATE_KEY_PAIR_FAILED);
        assert_eq!(
            acceptable.to_string(),
            "success, or one of FailedOperation.DisassociateKeyPairFailed, InvalidParameterValue"
        );
        acceptable.success = false;
        assert_eq!(
            acceptable.to_string(),
            "one of FailedOperation.DisassociateKeyPairFailed, InvalidParameterValue"
        );
        assert_eq!(Acceptable::default().to_string(), "nothing");
    }

    #[test]
    fn transient_codes_are_opt_in() {
        let world = default_world();
        let params = map(json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]}));
        let action = Action::DisassociateInstancesKeyPairs;
        let found = acceptable(
            action,
            &params,
            ParamSource::Json,
            &Knowledge::World(&world),
        );
        assert!(found.allows(None));
        assert!(found.codes.is_empty());
        for code in Acceptable::transient_codes() {
            assert!(!found.allows_code(code));
            assert!(Acceptable::is_transient(code));
            assert!(codes::is_documented(Some(action), code), "{code}");
        }
        assert!(found.with_transient().allows(Some(REQUEST_LIMIT_EXCEEDED)));
    }

    #[test]
    fn explain_gives_the_reasons() {
        let params =
            map(json!({"InstanceIds": ["ins-1122", "ins-1122"], "KeyIds": ["skey-bound001"]}));
        let action = Action::DisassociateInstancesKeyPairs;
        let reasons = explain(action, &params, ParamSource::Json, &Knowledge::Nothing);
        let messages: Vec<&str> = reasons.iter().map(Finding::message).collect();
        assert_eq!(
            messages,
            [
                "instance id `ins-1122` is malformed: the id has 4 characters after the prefix, expected 8",
                "instance id `ins-1122` is malformed: the id has 4 characters after the prefix, expected 8",
                "whether key pair `skey-bound001` exists is unknown",
                "`InstanceIds` lists `ins-1122` more than once",
            ]
        );
    }

    // The property that ties the mock and the oracle together, over random worlds and requests.

    const STATES: &[InstanceState] = InstanceState::ALL;

    fn world() -> impl Strategy<Value = World> {
        let keys = prop::collection::btree_set("skey-[a-z0-9]{8}", 0..5);
        let instances = prop::collection::vec(
            (
                "ins-[a-z0-9]{8}",
                prop_oneof![4 => Just(Os::Linux), 1 => Just(Os::Windows)],
                prop_oneof![
                    8 => Just(InstanceState::Stopped),
                    4 => Just(InstanceState::Running),
                    2 => prop::sample::select(STATES),
                ],
                prop::bool::weighted(0.15),
                prop::collection::vec(any::<prop::sample::Index>(), 0..4),
            ),
            0..6,
        );
        (keys, instances).prop_map(|(keys, instances)| {
            let keys: Vec<String> = keys.into_iter().collect();
            let mut world = World::default();
            for key in &keys {
                world.insert_key_pair(KeyPair::new(key.clone()));
            }
            for (id, os, state, busy, bound) in instances {
                let mut instance = Instance::new(id, os, state);
                instance.operation_in_progress = busy;
                if !keys.is_empty() {
                    for index in bound {
                        let key = &keys[index.index(keys.len())];
                        if !instance.key_ids.contains(key) {
                            instance.key_ids.push(key.clone());
                        }
                    }
                }
                world.insert_instance(instance);
            }
            world
        })
    }

    /// IDs worth trying for one kind: mostly the world's own, some unknown well-formed ones, some
    /// malformed ones of every kind (upper case, length, prefix, separator, whitespace, non-ASCII).
    fn id(existing: Vec<String>, prefix: &'static str) -> BoxedStrategy<String> {
        let unknown = proptest::string::string_regex(&format!("{prefix}[a-z0-9]{{8}}")).unwrap();
        let mut malformed: Vec<String> = existing.iter().map(|id| id.to_uppercase()).collect();
        for id in ["1122", "", " aaaa1111", "aaaa111é", "aaaa111!", "aaaa11112"] {
            malformed.push(format!("{prefix}{id}"));
        }
        malformed.extend(
            [
                "inst-aaaa1111",
                "ins_aaaa1111",
                "sk-aaaa1111",
                "skey-aaaa1111",
                "ins-aaaa1111",
                "",
                "aaaa1111",
            ]
            .map(str::to_owned),
        );
        let malformed = prop::sample::select(malformed);
        if existing.is_empty() {
            return prop_oneof![3 => unknown, 1 => malformed].boxed();
        }
        prop_oneof![12 => prop::sample::select(existing), 3 => unknown, 1 => malformed].boxed()
    }

    fn id_list(ids: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
        prop_oneof![
            12 => prop::collection::vec(ids.clone(), 0..4).prop_map(|ids| json!(ids)),
            1 => prop::collection::vec(ids, 99..=102).prop_map(|ids| json!(ids)),
            1 => prop::sample::select(vec![json!("ins-aaaa1111"), json!(5), Value::Null, json!({"0": "x"}), json!(["ins-aaaa1111", 3])]),
        ]
    }

    fn filters(world: &World) -> impl Strategy<Value = Value> {
        let names = prop::sample::select(vec![
            "instance-id",
            "instance-name",
            "instance-state",
            "key-name",
            "zone",
            "tag:env",
            "bogus",
        ]);
        let mut values: Vec<String> = world.instances.keys().cloned().collect();
        values.extend(
            world
                .instances
                .values()
                .map(|instance| instance.name.clone()),
        );
        values.extend(
            world
                .key_pairs
                .values()
                .map(|key_pair| key_pair.name.clone()),
        );
        values.push("ins-1122".to_owned());
        values.extend(STATES.iter().map(|state| state.as_str().to_owned()));
        values.extend(["running", "web"].map(str::to_owned));
        let filter = (
            names,
            prop::collection::vec(prop::sample::select(values), 0..7),
        )
            .prop_map(|(name, values)| json!({"Name": name, "Values": values}));
        prop_oneof![
            10 => prop::collection::vec(filter, 0..3).prop_map(Value::from),
            1 => Just(json!([{"Name": "instance-id"}])),
            1 => Just(json!("instance-id")),
        ]
    }

    fn params(world: &World) -> impl Strategy<Value = (Action, Map<String, Value>, ParamSource)> {
        let instance_id = id(world.instances.keys().cloned().collect(), "ins-");
        let key_id = id(world.key_pairs.keys().cloned().collect(), "skey-");
        let force_stop = prop_oneof![
            4 => Just(json!(true)),
            3 => Just(json!(false)),
            1 => prop::sample::select(vec![json!("true"), json!(1), Value::Null]),
        ];
        let paging = prop::sample::select(vec![
            json!(0),
            json!(1),
            json!(5),
            json!(-1),
            json!(100),
            json!(101),
            json!("x"),
        ]);
        let unknown = prop::sample::select(vec![
            ("Foo", json!(1)),
            ("instanceIds", json!(["ins-aaaa1111"])),
        ]);
        (
            prop::sample::select(Action::ALL),
            prop::option::weighted(0.95, id_list(instance_id)),
            prop::option::weighted(0.95, id_list(key_id)),
            prop::option::weighted(0.4, force_stop),
            prop::option::weighted(0.3, filters(world)),
            prop::option::weighted(0.3, paging.clone()),
            prop::option::weighted(0.3, paging),
            prop::option::weighted(0.1, unknown),
            any::<bool>(),
        )
            .prop_map(
                |(
                    action,
                    instance_ids,
                    key_ids,
                    force_stop,
                    filters,
                    offset,
                    limit,
                    unknown,
                    form,
                )| {
                    let mut params = Map::new();
                    let mut put = |name: &str, value: Option<Value>| {
                        if let Some(value) = value {
                            params.insert(name.to_owned(), value);
                        }
                    };
                    match action {
                        Action::DisassociateInstancesKeyPairs
                        | Action::AssociateInstancesKeyPairs => {
                            put("InstanceIds", instance_ids);
                            put("KeyIds", key_ids);
                            put("ForceStop", force_stop);
                        }
                        Action::DescribeInstances | Action::DescribeKeyPairs => {
                            let (ids_name, ids) = if action == Action::DescribeInstances {
                                ("InstanceIds", instance_ids)
                            } else {
                                ("KeyIds", key_ids)
                            };
                            // Mostly one or the other, sometimes both (which is refused).
                            put(
                                ids_name,
                                ids.filter(|_| filters.is_none() || force_stop.is_some()),
                            );
                            put("Filters", filters);
                            put("Offset", offset);
                            put("Limit", limit);
                        }
                    }
                    if let Some((name, value)) = unknown {
                        put(name, Some(value));
                    }
                    if form {
                        let params = params
                            .into_iter()
                            .map(|(name, value)| (name, stringify(value)))
                            .collect();
                        (action, params, ParamSource::Form)
                    } else {
                        (action, params, ParamSource::Json)
                    }
                },
            )
    }

    /// What the v1 wire layer hands over: every leaf a string, booleans as the Python SDK writes them.
    fn stringify(value: Value) -> Value {
        match value {
            Value::Array(items) => Value::Array(items.into_iter().map(stringify).collect()),
            Value::Object(object) => {
                Value::Object(object.into_iter().map(|(k, v)| (k, stringify(v))).collect())
            }
            Value::Bool(true) => json!("True"),
            Value::Bool(false) => json!("False"),
            Value::Number(number) => Value::String(number.to_string()),
            Value::Null => json!(""),
            Value::String(text) => Value::String(text),
        }
    }

    fn case() -> impl Strategy<Value = (World, (Action, Map<String, Value>, ParamSource))> {
        world().prop_flat_map(|world| {
            let params = params(&world);
            (Just(world), params)
        })
    }

    /// On success the bindings moved as requested and nothing else changed.
    fn check_effect(
        before: &World,
        after: &World,
        action: Action,
        params: &Map<String, Value>,
    ) -> Result<(), TestCaseError> {
        let ids = |name: &str| -> Vec<String> {
            params
                .get(name)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let (instance_ids, key_ids) = (ids("InstanceIds"), ids("KeyIds"));
        for (id, instance) in &after.instances {
            let old = &before.instances[id];
            prop_assert_eq!(instance.state, old.state);
            for key in &before.key_pairs.keys().cloned().collect::<Vec<_>>() {
                let requested = instance_ids.contains(id) && key_ids.contains(key);
                let expected = match action {
                    Action::DisassociateInstancesKeyPairs if requested => false,
                    Action::AssociateInstancesKeyPairs if requested => true,
                    _ => before.is_bound(id, key),
                };
                prop_assert_eq!(after.is_bound(id, key), expected, "{} {}", id, key);
            }
        }
        prop_assert_eq!(after.instances.len(), before.instances.len());
        prop_assert_eq!(&after.key_pairs, &before.key_pairs);
        Ok(())
    }

    /// The generator is worth its salt: over a fixed seed it reaches success and every main code.
    #[test]
    fn the_generator_reaches_every_kind_of_outcome() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let strategy = case();
        let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
        for _ in 0..1500 {
            let (mut world, (action, params, source)) =
                strategy.new_tree(&mut runner).unwrap().current();
            let outcome = execute_params(&mut world, action, &params, source);
            *seen
                .entry(outcome.err().map_or("success", |error| error.code))
                .or_default() += 1;
        }
        for expected in [
            "success",
            UNKNOWN_PARAMETER,
            MISSING_PARAMETER,
            INVALID_PARAMETER,
            INVALID_PARAMETER_VALUE,
            INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
            INVALID_INSTANCE_ID_MALFORMED,
            INVALID_KEY_PAIR_ID_MALFORMED,
            INVALID_INSTANCE_ID_NOT_FOUND,
            INVALID_KEY_PAIR_ID_NOT_FOUND,
            OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
            UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
            UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING,
            INVALID_FILTER,
        ] {
            assert!(
                seen.contains_key(expected),
                "{expected} never reached: {seen:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn the_mock_answers_what_the_oracle_allows((before, (action, params, source)) in case()) {
            prop_assert!(before.check_invariants().is_ok());
            let allowed = acceptable(action, &params, source, &Knowledge::World(&before));
            let mut after = before.clone();
            let outcome = execute_params(&mut after, action, &params, source);
            let error_code = outcome.as_ref().err().map(|error| error.code);
            prop_assert!(allowed.allows(error_code), "{:?} not in {}", outcome, allowed);
            // Less knowledge never forbids what more knowledge allows.
            let nothing = acceptable(action, &params, source, &Knowledge::Nothing);
            prop_assert!(nothing.allows(error_code), "{:?} not in {}", outcome, nothing);
            for code in allowed.codes.iter().chain(&nothing.codes) {
                prop_assert!(codes::is_documented(Some(action), code), "{}", code);
                prop_assert!(!Acceptable::is_transient(code), "{}", code);
            }
            prop_assert!(after.check_invariants().is_ok());
            match outcome {
                Err(error) => {
                    prop_assert_eq!(&after, &before, "an error changed the world");
                    prop_assert!(!error.message.is_empty());
                }
                Ok(_) => check_effect(&before, &after, action, &params)?,
            }
        }

        #[test]
        fn roles_knowledge_allows_what_the_default_world_answers((action, params, source) in params(&default_world())) {
            let mut world = default_world();
            let id_roles: BTreeMap<String, String> = world.id_roles();
            let allowed = acceptable(action, &params, source, &Knowledge::Roles(&id_roles));
            let outcome = execute_params(&mut world, action, &params, source);
            let error_code = outcome.as_ref().err().map(|error| error.code);
            prop_assert!(allowed.allows(error_code), "{:?} not in {}", outcome, allowed);
        }
    }
}
