//! Putting an endpoint's fixtures back (pure part): from the key sets recorded before a case and
//! those read after it, the calls that bring every touched instance back to its full original set.
//!
//! Binding a key may replace an instance's whole key set (reference §6.1), so restoring cannot
//! just re-bind what was removed and trust it: the first round unbinds what was added and binds
//! what was removed; every later round, if a read shows the set still differs, unbinds the extras
//! and binds the **full** original set in one call. The runner reads the state after each round.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::contract::Action;
use crate::runner::observed::ObservedInstance;

/// The most rounds of restoring calls before a restore is declared failed.
pub const MAX_ROUNDS: usize = 3;

/// The calls that restore one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreStep {
    /// The instance.
    pub instance_id: String,
    /// Keys to unbind first (added by the case).
    pub unbind: BTreeSet<String>,
    /// Keys to bind then (removed by the case, or the whole original set).
    pub bind: BTreeSet<String>,
}

impl RestoreStep {
    /// The calls of this step, in order: the unbinding, then the binding (each only when it has
    /// keys); `force_stop` adds `ForceStop = true` to both.
    pub fn calls(&self, force_stop: bool) -> Vec<(Action, Map<String, Value>)> {
        [
            (Action::DisassociateInstancesKeyPairs, &self.unbind),
            (Action::AssociateInstancesKeyPairs, &self.bind),
        ]
        .into_iter()
        .filter(|(_, keys)| !keys.is_empty())
        .map(|(action, keys)| {
            let mut params = Map::new();
            params.insert("InstanceIds".to_owned(), json!([self.instance_id]));
            params.insert("KeyIds".to_owned(), json!(keys));
            if force_stop {
                params.insert("ForceStop".to_owned(), Value::Bool(true));
            }
            (action, params)
        })
        .collect()
    }
}

/// The steps restoring every instance of `original` whose key set in `current` differs; `full`
/// binds each such instance's whole original set instead of only what is missing.
pub fn steps(
    original: &BTreeMap<String, ObservedInstance>,
    current: &BTreeMap<String, ObservedInstance>,
    full: bool,
) -> Vec<RestoreStep> {
    original
        .iter()
        .filter_map(|(id, wanted)| {
            let found = current.get(id)?;
            if found.key_ids == wanted.key_ids {
                return None;
            }
            let unbind = found.key_ids.difference(&wanted.key_ids).cloned().collect();
            let bind = if full {
                wanted.key_ids.clone()
            } else {
                wanted.key_ids.difference(&found.key_ids).cloned().collect()
            };
            Some(RestoreStep {
                instance_id: id.clone(),
                unbind,
                bind,
            })
        })
        .collect()
}

/// One line per instance of `original` that `current` does not show with its original key set.
pub fn unrestored(
    original: &BTreeMap<String, ObservedInstance>,
    current: &BTreeMap<String, ObservedInstance>,
) -> Vec<String> {
    original
        .iter()
        .filter_map(|(id, wanted)| match current.get(id) {
            None => Some(format!("instance `{id}` is not found any more")),
            Some(found) if found.key_ids != wanted.key_ids => Some(format!(
                "instance `{id}` holds [{}], its original set is [{}]",
                joined(&found.key_ids),
                joined(&wanted.key_ids)
            )),
            Some(_) => None,
        })
        .collect()
}

fn joined(ids: &BTreeSet<String>) -> String {
    ids.iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instances(sets: &[(&str, &[&str])]) -> BTreeMap<String, ObservedInstance> {
        sets.iter()
            .map(|(id, keys)| {
                (
                    (*id).to_owned(),
                    ObservedInstance {
                        state: "STOPPED".to_owned(),
                        key_ids: keys.iter().map(|key| (*key).to_owned()).collect(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn the_first_round_moves_only_the_difference() {
        let original = instances(&[("ins-a", &["k1", "k2"]), ("ins-b", &["k1"])]);
        let current = instances(&[("ins-a", &["k2", "k3"]), ("ins-b", &["k1"])]);
        assert_eq!(
            steps(&original, &current, false),
            [RestoreStep {
                instance_id: "ins-a".into(),
                unbind: ["k3".to_owned()].into(),
                bind: ["k1".to_owned()].into(),
            }]
        );
        assert!(steps(&original, &original, false).is_empty());
    }

    #[test]
    fn later_rounds_bind_the_whole_original_set() {
        // The bind replaced the set: k2 went away when k1 came back.
        let original = instances(&[("ins-a", &["k1", "k2"])]);
        let replaced = instances(&[("ins-a", &["k1"])]);
        let full = steps(&original, &replaced, true);
        assert_eq!(full[0].bind, ["k1".to_owned(), "k2".to_owned()].into());
        assert!(full[0].unbind.is_empty());
    }

    #[test]
    fn what_is_not_restored_is_named() {
        let original = instances(&[("ins-a", &["k1"]), ("ins-b", &[])]);
        let current = instances(&[("ins-a", &[])]);
        assert_eq!(
            unrestored(&original, &current),
            [
                "instance `ins-a` holds [], its original set is [k1]",
                "instance `ins-b` is not found any more",
            ]
        );
        assert!(steps(&original, &current, false).len() == 1);
    }
}
