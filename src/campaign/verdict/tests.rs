//! The over-the-wire judge on hand-made answers: what a conforming target says passes; each kind
//! of deviation lands in its bucket.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;
use crate::contract::{default_world, Action};
use crate::gen::GenStep;
use crate::wire::envelope::{error_body, success_body};

const REQUEST_ID: &str = "6f4f6a1e-8d8b-4c1b-9c55-0d5e3a3c2b1a";

fn ok(fields: Value) -> Answer {
    let Value::Object(fields) = fields else {
        unreachable!()
    };
    Answer::Response {
        status: 200,
        content_type: Some("application/json".into()),
        body: success_body(REQUEST_ID, &fields),
    }
}

fn error(code: &str) -> Answer {
    Answer::Response {
        status: 200,
        content_type: Some("application/json".into()),
        body: error_body(REQUEST_ID, code, "m"),
    }
}

fn unbind(instance: &str, key: &str) -> GenStep {
    GenStep::new(
        Action::DisassociateInstancesKeyPairs,
        json!({"InstanceIds": [instance], "KeyIds": [key]}),
    )
}

/// The `DescribeInstances` answer a conforming target gives for every instance of `world`.
fn state_of(world: &World) -> Answer {
    let set: Vec<Value> = world
        .instances
        .values()
        .map(|instance| {
            json!({
                "InstanceId": instance.id,
                "InstanceState": instance.state.as_str(),
                "LoginSettings": {"KeyIds": instance.key_ids},
            })
        })
        .collect();
    ok(json!({"TotalCount": set.len(), "InstanceSet": set}))
}

fn buckets(violations: &[(Bucket, Violation)]) -> Vec<Bucket> {
    violations.iter().map(|(bucket, _)| *bucket).collect()
}

#[test]
fn a_conforming_unbind_passes_and_moves_the_model() {
    let roles = BTreeMap::new();
    let mut judge = CaseJudge::new(default_world(), Trust::Model, &roles);
    let step = unbind("ins-stpdlnx1", "skey-second01");
    judge.step(0, &step, &ok(json!({})));
    assert!(judge.needs_state_read());
    assert!(!judge.model().is_bound("ins-stpdlnx1", "skey-second01"));
    let after = state_of(judge.model());
    judge.state_read(1, &after);
    assert_eq!(judge.finish(), []);
}

#[test]
fn success_without_effect_is_a_state_violation() {
    let roles = BTreeMap::new();
    let mut judge = CaseJudge::new(default_world(), Trust::Model, &roles);
    judge.step(0, &unbind("ins-stpdlnx1", "skey-second01"), &ok(json!({})));
    judge.state_read(1, &state_of(&default_world()));
    let violations = judge.finish();
    assert_eq!(buckets(&violations), [Bucket::State]);
    assert_eq!(violations[0].1.step, 1);
}

#[test]
fn wrong_and_undocumented_codes_and_bad_envelopes_are_bucketed() {
    let roles = BTreeMap::new();
    let mut judge = CaseJudge::new(default_world(), Trust::Model, &roles);
    // A malformed ID answered NotFound: a documented code, the wrong one.
    judge.step(
        0,
        &unbind("ins-1122", "skey-bound001"),
        &error("InvalidInstanceId.NotFound"),
    );
    assert_eq!(buckets(&judge.clone().finish()), [Bucket::WrongCode]);
    judge.step(
        1,
        &unbind("ins-unk00000", "skey-bound001"),
        &error("ResourceNotFound.InstanceNotFound"),
    );
    let found = buckets(&judge.clone().finish());
    assert!(found.contains(&Bucket::UndocumentedCode), "{found:?}");
    judge.step(
        2,
        &unbind("ins-windows1", "skey-bound001"),
        &Answer::Response {
            status: 400,
            content_type: Some("application/json".into()),
            body: error_body(REQUEST_ID, "InvalidParameterValue.InstanceOsWindows", "m"),
        },
    );
    judge.step(
        3,
        &unbind("ins-windows1", "skey-bound001"),
        &Answer::Nothing {
            why: crate::runner::NoAnswer::Broken,
            detail: "reset".into(),
        },
    );
    let found = buckets(&judge.finish());
    assert!(found.contains(&Bucket::Envelope), "{found:?}");
    assert_eq!(found.last(), Some(&Bucket::Transport));
}

#[test]
fn an_endpoint_may_throttle_and_mutating_cases_are_recognised() {
    let roles: BTreeMap<String, String> = crate::contract::default_role_ids()
        .into_iter()
        .map(|(role, id)| (id, role))
        .collect();
    let mut judge = CaseJudge::new(World::default(), Trust::Roles, &roles);
    judge.step(
        0,
        &unbind("ins-stpdlnx1", "skey-bound001"),
        &error("RequestLimitExceeded"),
    );
    assert_eq!(judge.finish(), []);
    let valid = GenCase::new(vec![unbind("ins-stpdlnx1", "skey-bound001")]);
    let malformed = GenCase::new(vec![unbind("ins-1122", "skey-bound001")]);
    let read = GenCase::new(vec![GenStep::new(
        Action::DescribeInstances,
        json!({"InstanceIds": ["ins-stpdlnx1"]}),
    )]);
    assert!(may_mutate(&valid, &roles));
    assert!(!may_mutate(&malformed, &roles));
    assert!(!may_mutate(&read, &roles));
}
