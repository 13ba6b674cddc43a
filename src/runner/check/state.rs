//! Check 7: the state after the call. On success the requested bindings moved (unbound, or bound)
//! and nothing else changed; on an error nothing changed (the batch is atomic); when the answer
//! was lost, either is fine. The instance and key-pair views must agree with each other, and the
//! case's own `[case.expect.state]` tables must hold.
//!
//! Tolerances, each from the reference: with `ForceStop` a running instance may be anywhere on its
//! stop-and-start path (RUNNING, STOPPING, STOPPED, STARTING) right after the call; binding a key
//! may replace an instance's other keys (§6.1), so after a successful bind only the requested
//! bindings are checked.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::contract::Action;
use crate::runner::answer::Observed;
use crate::runner::observed::{id_list, ObservedState};
use crate::runner::result::{Check, Finding};
use crate::scenario::{StateCheck, StateExpectation};

/// The states a running instance may be in right after a `ForceStop` call.
const FORCE_STOP_PATH: &[&str] = &["RUNNING", "STOPPING", "STOPPED", "STARTING"];

/// What the call may have changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing (an error, or a read action).
    Nothing,
    /// These bindings moved, nothing else.
    Bindings(Bindings),
    /// Either nothing or these bindings (the answer was lost or unreadable).
    NothingOr(Bindings),
    /// Not known (a success of a request whose parameters cannot be read): only the case's own
    /// expectations are checked.
    Unknown,
}

/// Bindings a key-pair action moves: every key of `key_ids` on every instance of `instance_ids`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bindings {
    /// `true` for `AssociateInstancesKeyPairs`, `false` for `DisassociateInstancesKeyPairs`.
    pub bind: bool,
    /// The instances named.
    pub instance_ids: BTreeSet<String>,
    /// The key pairs named.
    pub key_ids: BTreeSet<String>,
    /// Whether `ForceStop` was set.
    pub force_stop: bool,
}

impl Change {
    /// What a call of `action` with `params` (`None`: exact bytes that are not a JSON object) may
    /// have changed, given what was `observed`.
    pub fn expected(
        action: Action,
        params: Option<&Map<String, Value>>,
        observed: &Observed,
    ) -> Change {
        let bind = match action {
            Action::DisassociateInstancesKeyPairs => false,
            Action::AssociateInstancesKeyPairs => true,
            Action::DescribeInstances | Action::DescribeKeyPairs => return Change::Nothing,
        };
        let bindings = params.map(|params| Bindings {
            bind,
            instance_ids: id_list(params, "InstanceIds").map(str::to_owned).collect(),
            key_ids: id_list(params, "KeyIds").map(str::to_owned).collect(),
            force_stop: match params.get("ForceStop") {
                Some(Value::Bool(flag)) => *flag,
                Some(Value::String(text)) => text.eq_ignore_ascii_case("true"),
                _ => false,
            },
        });
        match (observed, bindings) {
            (Observed::Code(_), _) => Change::Nothing,
            (Observed::Success, Some(bindings)) => Change::Bindings(bindings),
            (Observed::Unreadable | Observed::Nothing(_), Some(bindings)) => {
                Change::NothingOr(bindings)
            }
            (_, None) => Change::Unknown,
        }
    }
}

/// The findings of check 7: `after` against `before` and the `change` the call may have made,
/// the agreement of the two views in `after`, and the case's `expectations`.
pub fn check(
    before: &ObservedState,
    after: &ObservedState,
    change: &Change,
    expectations: &[StateExpectation],
) -> Vec<Finding> {
    let mut findings = match change {
        Change::Nothing => differences(before, after, None),
        Change::Bindings(bindings) => differences(before, after, Some(bindings)),
        Change::NothingOr(bindings) => {
            let unchanged = differences(before, after, None);
            if unchanged.is_empty() || differences(before, after, Some(bindings)).is_empty() {
                Vec::new()
            } else {
                unchanged
                    .into_iter()
                    .map(|mut finding| {
                        finding.message.push_str(" (no answer came, and the state is neither unchanged nor as requested)");
                        finding
                    })
                    .collect()
            }
        }
        Change::Unknown => Vec::new(),
    };
    findings.extend(disagreements(after));
    for expectation in expectations {
        findings.extend(expectation_findings(before, after, expectation));
    }
    findings
}

fn differences(
    before: &ObservedState,
    after: &ObservedState,
    bindings: Option<&Bindings>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for id in union(&before.instances, &after.instances) {
        let requested = bindings.filter(|bindings| bindings.instance_ids.contains(id));
        let (old, new) = match (before.instances.get(id), after.instances.get(id)) {
            (Some(old), Some(new)) => (old, new),
            (old, _) => {
                findings.push(presence("instance", id, old.is_some()));
                continue;
            }
        };
        match requested {
            Some(moved) if moved.bind => {
                let missing: BTreeSet<&String> = moved.key_ids.difference(&new.key_ids).collect();
                if !missing.is_empty() {
                    findings.push(state(format!(
                        "instance `{id}` holds {} after the call, which bound {}: {} missing",
                        set(&new.key_ids),
                        set(&moved.key_ids),
                        set(missing)
                    )));
                }
            }
            Some(moved) => {
                let expected: BTreeSet<String> =
                    old.key_ids.difference(&moved.key_ids).cloned().collect();
                if new.key_ids != expected {
                    findings.push(state(format!(
                        "instance `{id}` holds {} after the call; it held {} and the call unbound {}, so {} was due",
                        set(&new.key_ids),
                        set(&old.key_ids),
                        set(&moved.key_ids),
                        set(&expected)
                    )));
                }
            }
            None if new.key_ids != old.key_ids => findings.push(state(format!(
                "instance `{id}` holds {} after the call, {} before{}",
                set(&new.key_ids),
                set(&old.key_ids),
                unasked(bindings.is_some()),
            ))),
            None => {}
        }
        let on_force_stop_path = requested.is_some_and(|moved| moved.force_stop)
            && old.state == "RUNNING"
            && FORCE_STOP_PATH.contains(&new.state.as_str());
        if new.state != old.state && !on_force_stop_path {
            findings.push(state(format!(
                "instance `{id}` is {} after the call, {} before",
                new.state, old.state
            )));
        }
    }
    let (Some(old_keys), Some(new_keys)) = (&before.key_pairs, &after.key_pairs) else {
        return findings;
    };
    for id in union(old_keys, new_keys) {
        let (old, new) = match (old_keys.get(id), new_keys.get(id)) {
            (Some(old), Some(new)) => (old, new),
            (old, _) => {
                findings.push(presence("key pair", id, old.is_some()));
                continue;
            }
        };
        let requested = bindings.filter(|bindings| bindings.key_ids.contains(id));
        let holds = match requested {
            Some(moved) if moved.bind => moved.instance_ids.is_subset(&new.instance_ids),
            Some(moved) => {
                new.instance_ids
                    == old
                        .instance_ids
                        .difference(&moved.instance_ids)
                        .cloned()
                        .collect()
            }
            None => new.instance_ids == old.instance_ids,
        };
        if !holds {
            let verb = match requested {
                Some(moved) if moved.bind => ", which bound it to",
                Some(_) => ", which unbound it from",
                None => "",
            };
            let named = requested.map_or_else(String::new, |moved| {
                format!("{verb} {}", set(&moved.instance_ids))
            });
            findings.push(state(format!(
                "key pair `{id}` is bound to {} after the call, {} before{named}{}",
                set(&new.instance_ids),
                set(&old.instance_ids),
                if requested.is_none() {
                    unasked(bindings.is_some())
                } else {
                    ""
                }
            )));
        }
    }
    findings
}

/// Where the instance view and the key-pair view of `after` disagree about a binding.
fn disagreements(after: &ObservedState) -> Vec<Finding> {
    let Some(key_pairs) = &after.key_pairs else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for (key_id, key_pair) in key_pairs {
        for (instance_id, instance) in &after.instances {
            let by_instance = instance.key_ids.contains(key_id);
            let by_key = key_pair.instance_ids.contains(instance_id);
            if by_instance != by_key {
                let (yes, no) = if by_instance {
                    ("DescribeInstances", "DescribeKeyPairs")
                } else {
                    ("DescribeKeyPairs", "DescribeInstances")
                };
                findings.push(state(format!(
                    "after the call {yes} shows `{key_id}` bound to `{instance_id}`, {no} does not"
                )));
            }
        }
    }
    findings
}

fn expectation_findings(
    before: &ObservedState,
    after: &ObservedState,
    expectation: &StateExpectation,
) -> Vec<Finding> {
    let id = expectation.id.as_str();
    let role = expectation.role.as_str();
    let mut findings = Vec::new();
    let mut fail = |message: String| {
        findings.push(state(format!("expect.state.{role} (`{id}`): {message}")));
    };
    let no_keys = BTreeMap::new();
    let old_keys = before.key_pairs.as_ref().unwrap_or(&no_keys);
    let new_keys = after.key_pairs.as_ref();
    match &expectation.check {
        StateCheck::Unchanged if id.starts_with("skey-") => match new_keys {
            None => fail("key pairs were not read".to_owned()),
            Some(new_keys) if new_keys.get(id) != old_keys.get(id) => fail(format!(
                "changed: bound to {} before the call, {} after",
                key_text(old_keys.get(id).map(|key| &key.instance_ids)),
                key_text(new_keys.get(id).map(|key| &key.instance_ids)),
            )),
            Some(_) => {}
        },
        StateCheck::Unchanged => {
            let (old, new) = (before.instances.get(id), after.instances.get(id));
            if old != new {
                fail(format!(
                    "changed: {} before the call, {} after",
                    instance_text(old),
                    instance_text(new)
                ));
            }
        }
        StateCheck::Instance { key_ids, state } => match after.instances.get(id) {
            None => fail("not found after the call".to_owned()),
            Some(found) => {
                if let Some(key_ids) = key_ids {
                    let wanted: BTreeSet<String> = key_ids.iter().cloned().collect();
                    if found.key_ids != wanted {
                        fail(format!(
                            "holds {}, expected {}",
                            set(&found.key_ids),
                            set(&wanted)
                        ));
                    }
                }
                if let Some(state) = state {
                    if found.state != state.as_str() {
                        fail(format!("is {}, expected {}", found.state, state.as_str()));
                    }
                }
            }
        },
        StateCheck::KeyPair { instance_ids } => match new_keys.map(|keys| keys.get(id)) {
            None => fail("key pairs were not read".to_owned()),
            Some(None) => fail("not found after the call".to_owned()),
            Some(Some(found)) => {
                let wanted: BTreeSet<String> = instance_ids.iter().flatten().cloned().collect();
                if instance_ids.is_some() && found.instance_ids != wanted {
                    fail(format!(
                        "is bound to {}, expected {}",
                        set(&found.instance_ids),
                        set(&wanted)
                    ));
                }
            }
        },
    }
    findings
}

fn state(message: String) -> Finding {
    Finding::new(Check::State, message)
}

fn presence(what: &str, id: &str, before: bool) -> Finding {
    if before {
        state(format!(
            "{what} `{id}` was found before the call and is not after it"
        ))
    } else {
        state(format!(
            "{what} `{id}` was not found before the call and is after it"
        ))
    }
}

fn unasked(succeeded: bool) -> &'static str {
    if succeeded {
        ", and the call did not name it"
    } else {
        ", though the call failed"
    }
}

fn union<'a, V>(
    first: &'a BTreeMap<String, V>,
    second: &'a BTreeMap<String, V>,
) -> BTreeSet<&'a String> {
    first.keys().chain(second.keys()).collect()
}

/// `[a, b]`.
fn set<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    let items: Vec<&str> = items.into_iter().map(String::as_str).collect();
    format!("[{}]", items.join(", "))
}

fn key_text(instance_ids: Option<&BTreeSet<String>>) -> String {
    instance_ids.map_or_else(|| "(not found)".to_owned(), set)
}

fn instance_text(instance: Option<&crate::runner::observed::ObservedInstance>) -> String {
    instance.map_or_else(
        || "(not found)".to_owned(),
        |instance| format!("{} holding {}", instance.state, set(&instance.key_ids)),
    )
}

#[cfg(test)]
mod tests;
