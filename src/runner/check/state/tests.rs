//! Unit tests of check 7 on the default world: what each kind of change allows.

use serde_json::json;

use super::*;
use crate::contract::roles::default_world;
use crate::contract::{InstanceState, World};
use crate::runner::answer::NoAnswer;
use crate::runner::observed::Scope;

fn everything(world: &World) -> Scope {
    Scope {
        instance_ids: world.instances.keys().cloned().collect(),
        key_ids: world.key_pairs.keys().cloned().collect(),
    }
}

fn read(world: &World) -> ObservedState {
    ObservedState::of_world(world, &everything(&default_world()))
}

fn unbind(instances: &[&str], keys: &[&str], force_stop: bool) -> Map<String, Value> {
    let params = json!({"InstanceIds": instances, "KeyIds": keys, "ForceStop": force_stop});
    params.as_object().cloned().unwrap_or_default()
}

fn change(params: &Map<String, Value>, observed: Observed) -> Change {
    Change::expected(
        Action::DisassociateInstancesKeyPairs,
        Some(params),
        &observed,
    )
}

fn messages(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|finding| finding.message.clone())
        .collect()
}

#[test]
fn a_success_that_moved_exactly_the_requested_bindings_holds() {
    let before = default_world();
    let mut after = before.clone();
    after.unbind("ins-stpdlnx1", "skey-bound001");
    let params = unbind(&["ins-stpdlnx1"], &["skey-bound001"], false);
    let findings = check(
        &read(&before),
        &read(&after),
        &change(&params, Observed::Success),
        &[],
    );
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn a_success_that_changed_nothing_is_caught_on_both_views() {
    let world = default_world();
    let params = unbind(&["ins-stpdlnx1"], &["skey-bound001"], false);
    let findings = check(
        &read(&world),
        &read(&world),
        &change(&params, Observed::Success),
        &[],
    );
    assert_eq!(
        messages(&findings),
        [
            "instance `ins-stpdlnx1` holds [skey-bound001, skey-second01] after the call; it held [skey-bound001, skey-second01] and the call unbound [skey-bound001], so [skey-second01] was due",
            "key pair `skey-bound001` is bound to [ins-runlnx01, ins-stpdlnx1, ins-stpdlnx2] after the call, [ins-runlnx01, ins-stpdlnx1, ins-stpdlnx2] before, which unbound it from [ins-stpdlnx1]",
        ]
    );
    assert!(findings.iter().all(|finding| finding.check == Check::State));
}

#[test]
fn an_error_changes_nothing() {
    let before = default_world();
    let mut after = before.clone();
    after.unbind("ins-stpdlnx2", "skey-bound001");
    let params = unbind(&["ins-stpdlnx1"], &["skey-bound001"], false);
    let findings = check(
        &read(&before),
        &read(&after),
        &change(&params, Observed::Code("InternalError".into())),
        &[],
    );
    assert_eq!(
        messages(&findings),
        [
            "instance `ins-stpdlnx2` holds [] after the call, [skey-bound001] before, though the call failed",
            "key pair `skey-bound001` is bound to [ins-runlnx01, ins-stpdlnx1] after the call, [ins-runlnx01, ins-stpdlnx1, ins-stpdlnx2] before, though the call failed",
        ]
    );
}

#[test]
fn unbinding_more_than_asked_is_caught() {
    let before = default_world();
    let mut after = before.clone();
    after.unbind("ins-stpdlnx1", "skey-bound001");
    after.unbind("ins-stpdlnx1", "skey-second01");
    let params = unbind(&["ins-stpdlnx1"], &["skey-bound001"], false);
    let findings = check(
        &read(&before),
        &read(&after),
        &change(&params, Observed::Success),
        &[],
    );
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(findings[0].message.contains("[skey-second01] was due"));
    assert!(findings[1].message.starts_with("key pair `skey-second01`"));
    assert!(findings[1]
        .message
        .ends_with("and the call did not name it"));
}

#[test]
fn force_stop_may_leave_a_running_instance_on_its_restart_path() {
    let before = default_world();
    let mut after = before.clone();
    after.unbind("ins-runlnx01", "skey-bound001");
    if let Some(instance) = after.instances.get_mut("ins-runlnx01") {
        instance.state = InstanceState::Starting;
    }
    let forced = unbind(&["ins-runlnx01"], &["skey-bound001"], true);
    let findings = check(
        &read(&before),
        &read(&after),
        &change(&forced, Observed::Success),
        &[],
    );
    assert!(findings.is_empty(), "{findings:?}");
    let unforced = unbind(&["ins-runlnx01"], &["skey-bound001"], false);
    let findings = check(
        &read(&before),
        &read(&after),
        &change(&unforced, Observed::Success),
        &[],
    );
    assert_eq!(
        messages(&findings),
        ["instance `ins-runlnx01` is STARTING after the call, RUNNING before"]
    );
}

#[test]
fn a_bind_may_replace_the_other_keys() {
    let before = default_world();
    let mut after = before.clone();
    if let Some(instance) = after.instances.get_mut("ins-stpdlnx1") {
        instance.key_ids = vec!["skey-unbound1".into()];
    }
    let params = unbind(&["ins-stpdlnx1"], &["skey-unbound1"], false);
    let bind = Change::expected(
        Action::AssociateInstancesKeyPairs,
        Some(&params),
        &Observed::Success,
    );
    let findings = check(&read(&before), &read(&after), &bind, &[]);
    // The instance view allows the replacement; the key pairs that lost it say so.
    assert!(
        findings
            .iter()
            .all(|finding| finding.message.starts_with("key pair `skey-")),
        "{findings:?}"
    );
    let params = unbind(&["ins-stpdlnx2"], &["skey-unbound1"], false);
    let missing = Change::expected(
        Action::AssociateInstancesKeyPairs,
        Some(&params),
        &Observed::Success,
    );
    let findings = check(&read(&before), &read(&before), &missing, &[]);
    assert!(
        findings[0].message.contains("[skey-unbound1] missing"),
        "{findings:?}"
    );
}

#[test]
fn a_lost_answer_allows_either_state() {
    let before = default_world();
    let mut unbound = before.clone();
    unbound.unbind("ins-stpdlnx1", "skey-bound001");
    let params = unbind(&["ins-stpdlnx1"], &["skey-bound001"], false);
    let lost = change(&params, Observed::Nothing(NoAnswer::Broken));
    assert!(check(&read(&before), &read(&before), &lost, &[]).is_empty());
    assert!(check(&read(&before), &read(&unbound), &lost, &[]).is_empty());
    let mut other = before.clone();
    other.unbind("ins-stpdlnx2", "skey-bound001");
    let findings = check(&read(&before), &read(&other), &lost, &[]);
    assert!(!findings.is_empty());
    assert!(findings[0]
        .message
        .ends_with("neither unchanged nor as requested)"));
}

#[test]
fn reads_and_unknown_changes() {
    let params = unbind(&["ins-stpdlnx1"], &["skey-bound001"], false);
    assert_eq!(
        Change::expected(Action::DescribeInstances, Some(&params), &Observed::Success),
        Change::Nothing
    );
    assert_eq!(
        Change::expected(
            Action::DisassociateInstancesKeyPairs,
            None,
            &Observed::Success
        ),
        Change::Unknown
    );
    assert_eq!(
        Change::expected(
            Action::DisassociateInstancesKeyPairs,
            None,
            &Observed::Code("InvalidParameter".into())
        ),
        Change::Nothing
    );
}

#[test]
fn the_two_views_must_agree() {
    let world = default_world();
    let mut after = read(&world);
    if let Some(keys) = after.key_pairs.as_mut() {
        keys.get_mut("skey-unbound1")
            .map(|key| key.instance_ids.insert("ins-stpdlnx1".to_owned()));
    }
    let findings = disagreements(&after);
    assert_eq!(
        messages(&findings),
        ["after the call DescribeKeyPairs shows `skey-unbound1` bound to `ins-stpdlnx1`, DescribeInstances does not"]
    );
}

#[test]
fn the_case_expectations_are_checked() {
    let world = default_world();
    let expectations = [
        StateExpectation {
            role: "stopped_linux".into(),
            id: "ins-stpdlnx1".into(),
            check: StateCheck::Instance {
                key_ids: Some(vec!["skey-second01".into()]),
                state: Some(InstanceState::Running),
            },
        },
        StateExpectation {
            role: "bound_key".into(),
            id: "skey-bound001".into(),
            check: StateCheck::KeyPair {
                instance_ids: Some(vec!["ins-runlnx01".into()]),
            },
        },
        StateExpectation {
            role: "unbound_key".into(),
            id: "skey-unbound1".into(),
            check: StateCheck::Unchanged,
        },
        StateExpectation {
            role: "windows".into(),
            id: "ins-windows1".into(),
            check: StateCheck::Unchanged,
        },
    ];
    let findings = check(
        &read(&world),
        &read(&world),
        &Change::Unknown,
        &expectations,
    );
    assert_eq!(
        messages(&findings),
        [
            "expect.state.stopped_linux (`ins-stpdlnx1`): holds [skey-bound001, skey-second01], expected [skey-second01]",
            "expect.state.stopped_linux (`ins-stpdlnx1`): is STOPPED, expected RUNNING",
            "expect.state.bound_key (`skey-bound001`): is bound to [ins-runlnx01, ins-stpdlnx1, ins-stpdlnx2], expected [ins-runlnx01]",
        ]
    );
    let mut gone = read(&world);
    gone.instances.remove("ins-windows1");
    let findings = check(&read(&world), &gone, &Change::Unknown, &expectations[3..]);
    assert_eq!(
        messages(&findings),
        ["expect.state.windows (`ins-windows1`): changed: STOPPED holding [] before the call, (not found) after"]
    );
}
