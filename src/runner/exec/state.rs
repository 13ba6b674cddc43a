//! Reading a scope's state through the API: `DescribeInstances` (instances with their
//! `LoginSettings.KeyIds`) and `DescribeKeyPairs` (key pairs with their `AssociatedInstanceIds`),
//! at most 100 IDs per call, signed like every other request, so it works against any endpoint.

use serde_json::{json, Map, Value};

use crate::contract::{limits, Action};
use crate::runner::exec::call::{call, CallError};
use crate::runner::exec::Ctx;
use crate::runner::observed::{instances_from, key_pairs_from, ObservedState, Scope};
use crate::wire::Credentials;

/// The instances of `scope` (and its key pairs when `with_key_pairs`) as the target shows them.
pub(crate) async fn read(
    ctx: &Ctx,
    credentials: &Credentials,
    scope: &Scope,
    with_key_pairs: bool,
) -> Result<ObservedState, CallError> {
    let mut state = ObservedState::default();
    let instance_ids: Vec<&String> = scope.instance_ids.iter().collect();
    for chunk in instance_ids.chunks(limits::MAX_INSTANCE_IDS) {
        let fields = call(
            ctx,
            credentials,
            Action::DescribeInstances,
            by_ids("InstanceIds", chunk),
        )
        .await?;
        let found = instances_from(&fields)
            .map_err(|reason| unreadable(Action::DescribeInstances, reason))?;
        state.instances.extend(found);
    }
    if !with_key_pairs {
        return Ok(state);
    }
    let mut key_pairs = std::collections::BTreeMap::new();
    let key_ids: Vec<&String> = scope.key_ids.iter().collect();
    for chunk in key_ids.chunks(limits::MAX_KEY_IDS) {
        let fields = call(
            ctx,
            credentials,
            Action::DescribeKeyPairs,
            by_ids("KeyIds", chunk),
        )
        .await?;
        let found = key_pairs_from(&fields)
            .map_err(|reason| unreadable(Action::DescribeKeyPairs, reason))?;
        key_pairs.extend(found);
    }
    state.key_pairs = Some(key_pairs);
    Ok(state)
}

fn by_ids(name: &str, ids: &[&String]) -> Map<String, Value> {
    let mut params = Map::new();
    params.insert(name.to_owned(), json!(ids));
    params.insert("Limit".to_owned(), json!(limits::DESCRIBE_LIMIT_MAX));
    params
}

fn unreadable(action: Action, reason: String) -> CallError {
    CallError {
        message: format!("the {action} answer cannot be read: {reason}"),
        code: None,
        unreachable: false,
    }
}
