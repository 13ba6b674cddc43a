//! The state the checks compare: which keys each instance holds and its state, and which instances
//! each key pair is bound to, as `DescribeInstances` and `DescribeKeyPairs` show them (or as the
//! mock's world holds them). Also the [`Scope`] of a case: the resources its state check reads.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::contract::ids::{self, IdKind};
use crate::contract::World;
use crate::scenario::{ResolvedCase, StateCheck};
use crate::wire::{self, Body, Encoding};

/// One instance as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedInstance {
    /// `InstanceState`, as sent.
    pub state: String,
    /// `LoginSettings.KeyIds`, as a set (`null` reads as empty).
    pub key_ids: BTreeSet<String>,
}

/// One key pair as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedKeyPair {
    /// `AssociatedInstanceIds`, as a set.
    pub instance_ids: BTreeSet<String>,
}

/// The resources of a scope as read at one moment. A resource of the scope missing from a map
/// was not found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObservedState {
    /// Instances found, by ID.
    pub instances: BTreeMap<String, ObservedInstance>,
    /// Key pairs found, by ID; `None` when key pairs were not read.
    pub key_pairs: Option<BTreeMap<String, ObservedKeyPair>>,
}

/// The resources a case's state check reads through the API: what the request can touch
/// ([`Scope::affected`]) on the world the target is known to start from (the mock's, or on an
/// endpoint the one its fixtures' roles imply), and the well-formed IDs its state expectations
/// name. On an endpoint it is also what the case holds alone while it runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Instance IDs.
    pub instance_ids: BTreeSet<String>,
    /// Key-pair IDs.
    pub key_ids: BTreeSet<String>,
}

impl Scope {
    /// The scope of `case` on a target whose `world` is known: what the request can touch
    /// (the instances and key pairs it names, the instances bound to those key pairs and the key
    /// pairs bound to those instances) and what its expectations name; `params` are the
    /// request's (see [`request_params`]). The rest of the world is [`Scope::rest_of`].
    pub fn affected(
        world: &World,
        case: &ResolvedCase,
        params: Option<&Map<String, Value>>,
    ) -> Scope {
        let mut scope = Scope::default();
        scope.add_request_and_expectations(case, params);
        let named = scope.clone();
        for key_id in &named.key_ids {
            for instance_id in world.instances_bound_to(key_id) {
                scope.add(IdKind::Instance, instance_id);
            }
        }
        for instance_id in &named.instance_ids {
            let bound = world
                .instances
                .get(instance_id)
                .map(|instance| &instance.key_ids);
            for key_id in bound.into_iter().flatten() {
                scope.add(IdKind::KeyPair, key_id);
            }
        }
        scope
    }

    /// Every resource of `world` outside `self`.
    pub fn rest_of(&self, world: &World) -> Scope {
        Scope {
            instance_ids: world
                .instances
                .keys()
                .filter(|id| !self.instance_ids.contains(*id))
                .cloned()
                .collect(),
            key_ids: world
                .key_pairs
                .keys()
                .filter(|id| !self.key_ids.contains(*id))
                .cloned()
                .collect(),
        }
    }

    /// Whether the scope names nothing.
    pub fn is_empty(&self) -> bool {
        self.instance_ids.is_empty() && self.key_ids.is_empty()
    }

    fn add_request_and_expectations(
        &mut self,
        case: &ResolvedCase,
        params: Option<&Map<String, Value>>,
    ) {
        if let Some(params) = params {
            for id in id_list(params, "InstanceIds") {
                self.add(IdKind::Instance, id);
            }
            for id in id_list(params, "KeyIds") {
                self.add(IdKind::KeyPair, id);
            }
        }
        for expectation in &case.state {
            match &expectation.check {
                StateCheck::Instance { key_ids, .. } => {
                    self.add(IdKind::Instance, &expectation.id);
                    for id in key_ids.iter().flatten() {
                        self.add(IdKind::KeyPair, id);
                    }
                }
                StateCheck::KeyPair { instance_ids } => {
                    self.add(IdKind::KeyPair, &expectation.id);
                    for id in instance_ids.iter().flatten() {
                        self.add(IdKind::Instance, id);
                    }
                }
                StateCheck::Unchanged => {
                    let kind = if expectation.id.starts_with(IdKind::KeyPair.prefix()) {
                        IdKind::KeyPair
                    } else {
                        IdKind::Instance
                    };
                    self.add(kind, &expectation.id);
                }
            }
        }
    }

    /// Adds `id` if it is a well-formed ID of `kind` (a malformed one names nothing to read).
    fn add(&mut self, kind: IdKind, id: &str) {
        if ids::classify(kind, id).reason().is_some() {
            return;
        }
        let set = match kind {
            IdKind::Instance => &mut self.instance_ids,
            IdKind::KeyPair => &mut self.key_ids,
        };
        set.insert(id.to_owned());
    }
}

/// The request's parameters: the case's parameters, or its exact bytes read as a JSON object or
/// as a form; `None` when the bytes are neither.
pub fn request_params(case: &ResolvedCase) -> Option<Map<String, Value>> {
    if let Some(params) = case.params() {
        return Some(params.clone());
    }
    let Body::Raw(bytes) = &case.body else {
        return None;
    };
    match case.encoding {
        // Trailing whitespace is insignificant in JSON, and a padded body is megabytes of it.
        Encoding::Json => match serde_json::from_slice::<Value>(without_padding(bytes)) {
            Ok(Value::Object(params)) => Some(params),
            _ => None,
        },
        Encoding::Form | Encoding::Query => {
            let text = std::str::from_utf8(bytes).ok()?;
            let pairs = wire::decode_pairs(text).ok()?;
            wire::unflatten(&pairs).ok()
        }
    }
}

/// `bytes` without its trailing ASCII whitespace, the spaces that pad a body to a size compared
/// a block at a time (a byte at a time, megabytes of padding take milliseconds).
fn without_padding(bytes: &[u8]) -> &[u8] {
    const BLOCK: usize = 64;
    let mut rest = bytes;
    while let Some(block) = rest.last_chunk::<BLOCK>() {
        if block != &[b' '; BLOCK] {
            break;
        }
        rest = &rest[..rest.len() - BLOCK];
    }
    rest.trim_ascii_end()
}

/// The strings of the list parameter `name` (non-strings and non-lists give nothing).
pub fn id_list<'a>(params: &'a Map<String, Value>, name: &str) -> impl Iterator<Item = &'a str> {
    params
        .get(name)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

impl ObservedState {
    /// The resources of `scope` as `world` holds them (key pairs included).
    pub fn of_world(world: &World, scope: &Scope) -> ObservedState {
        let instances = scope
            .instance_ids
            .iter()
            .filter_map(|id| {
                let instance = world.instances.get(id)?;
                Some((
                    id.clone(),
                    ObservedInstance {
                        state: instance.state.as_str().to_owned(),
                        key_ids: instance.key_ids.iter().cloned().collect(),
                    },
                ))
            })
            .collect();
        let key_pairs = scope
            .key_ids
            .iter()
            .filter(|id| world.key_pairs.contains_key(*id))
            .map(|id| {
                let instance_ids = world
                    .instances_bound_to(id)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                (id.clone(), ObservedKeyPair { instance_ids })
            })
            .collect();
        ObservedState {
            instances,
            key_pairs: Some(key_pairs),
        }
    }
}

impl ObservedState {
    /// Sets the key-pair view to `key_ids` as the instance view shows them: each key pair that
    /// `exists`, bound to the instances read that hold it.
    pub fn derive_key_pairs(&mut self, key_ids: &BTreeSet<String>, exists: impl Fn(&str) -> bool) {
        let key_pairs = key_ids
            .iter()
            .filter(|id| exists(id))
            .map(|key_id| {
                let instance_ids = self
                    .instances
                    .iter()
                    .filter(|(_, instance)| instance.key_ids.contains(key_id))
                    .map(|(id, _)| id.clone())
                    .collect();
                (key_id.clone(), ObservedKeyPair { instance_ids })
            })
            .collect();
        self.key_pairs = Some(key_pairs);
    }
}

/// The instances of a `DescribeInstances` answer's fields (`InstanceSet`).
pub fn instances_from(
    fields: &Map<String, Value>,
) -> Result<Vec<(String, ObservedInstance)>, String> {
    let set = array(fields, "InstanceSet")?;
    set.iter()
        .map(|item| {
            let id = string(item, "InstanceId")?;
            let state = string(item, "InstanceState")?;
            let key_ids = match item
                .get("LoginSettings")
                .and_then(|login| login.get("KeyIds"))
            {
                None | Some(Value::Null) => BTreeSet::new(),
                Some(Value::Array(keys)) => strings(keys, "LoginSettings.KeyIds")?,
                Some(_) => return Err("LoginSettings.KeyIds is not a list".to_owned()),
            };
            Ok((id, ObservedInstance { state, key_ids }))
        })
        .collect()
}

/// The key pairs of a `DescribeKeyPairs` answer's fields (`KeyPairSet`).
pub fn key_pairs_from(
    fields: &Map<String, Value>,
) -> Result<Vec<(String, ObservedKeyPair)>, String> {
    let set = array(fields, "KeyPairSet")?;
    set.iter()
        .map(|item| {
            let id = string(item, "KeyId")?;
            let instance_ids = match item.get("AssociatedInstanceIds") {
                None | Some(Value::Null) => BTreeSet::new(),
                Some(Value::Array(ids)) => strings(ids, "AssociatedInstanceIds")?,
                Some(_) => return Err("AssociatedInstanceIds is not a list".to_owned()),
            };
            Ok((id, ObservedKeyPair { instance_ids }))
        })
        .collect()
}

fn array<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<&'a Vec<Value>, String> {
    match fields.get(name) {
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(format!("{name} is not a list")),
        None => Err(format!("the answer has no {name}")),
    }
}

fn string(item: &Value, name: &str) -> Result<String, String> {
    item.get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("an item has no string {name}"))
}

fn strings(items: &[Value], name: &str) -> Result<BTreeSet<String>, String> {
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("{name} holds a non-string"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::contract::roles::default_world;

    fn fields(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn describe_answers_are_read() {
        let instances = instances_from(&fields(json!({
            "TotalCount": 2,
            "InstanceSet": [
                {"InstanceId": "ins-aaaaaaaa", "InstanceState": "STOPPED", "LoginSettings": {"KeyIds": ["skey-bbbbbbbb"]}},
                {"InstanceId": "ins-cccccccc", "InstanceState": "RUNNING", "LoginSettings": {"KeyIds": null}},
            ]
        })))
        .unwrap();
        assert_eq!(instances[0].1.key_ids.len(), 1);
        assert!(instances[1].1.key_ids.is_empty());
        let keys = key_pairs_from(&fields(json!({
            "KeyPairSet": [{"KeyId": "skey-bbbbbbbb", "AssociatedInstanceIds": ["ins-aaaaaaaa"]}]
        })))
        .unwrap();
        assert_eq!(keys[0].0, "skey-bbbbbbbb");
        assert!(instances_from(&fields(json!({}))).is_err());
        assert!(instances_from(&fields(json!({"InstanceSet": [{"InstanceId": 5}]}))).is_err());
        assert!(key_pairs_from(&fields(
            json!({"KeyPairSet": [{"KeyId": "k", "AssociatedInstanceIds": [1]}]})
        ))
        .is_err());
    }

    #[test]
    fn a_world_is_read_through_a_scope() {
        let world = default_world();
        let scope = Scope {
            instance_ids: ["ins-stpdlnx1", "ins-zzzzzzzz"].map(str::to_owned).into(),
            key_ids: ["skey-bound001".to_owned()].into(),
        };
        let state = ObservedState::of_world(&world, &scope);
        assert_eq!(state.instances.len(), 1);
        assert_eq!(state.instances["ins-stpdlnx1"].state, "STOPPED");
        let keys = state.key_pairs.unwrap();
        assert_eq!(
            keys["skey-bound001"].instance_ids,
            ["ins-runlnx01", "ins-stpdlnx1", "ins-stpdlnx2"]
                .map(str::to_owned)
                .into()
        );
    }

    #[test]
    fn the_affected_scope_follows_the_bindings() {
        let world = default_world();
        let case = crate::scenario::parse_file(
            std::path::Path::new("t.toml"),
            r#"
[[case]]
name = "c"
description = "d"
effect = "mutating"
params = { InstanceIds = ["ins-stpdlnx2"], KeyIds = ["skey-second01", "skey-1122"] }
"#,
        )
        .unwrap_or_else(|errors| panic!("{}", errors.render()))
        .remove(0)
        .resolve(&world.role_ids(), crate::scenario::Target::mock())
        .unwrap();
        let params = request_params(&case);
        let scope = Scope::affected(&world, &case, params.as_ref());
        // The named instance and key, the instance second_key is bound to, the key stopped_linux_2
        // holds; never the malformed ID.
        assert_eq!(
            scope.instance_ids,
            ["ins-stpdlnx1", "ins-stpdlnx2"].map(str::to_owned).into()
        );
        assert_eq!(
            scope.key_ids,
            ["skey-bound001", "skey-second01"].map(str::to_owned).into()
        );
        let rest = scope.rest_of(&world);
        assert_eq!(rest.instance_ids.len(), world.instances.len() - 2);
        assert_eq!(rest.key_ids, ["skey-unbound1".to_owned()].into());
        // The world a fixtures file's roles imply gives an endpoint the same scope.
        let implied = World::from_roles(&world.role_ids());
        assert_eq!(Scope::affected(&implied, &case, params.as_ref()), scope);
    }

    #[test]
    fn padding_is_not_parsed() {
        for size in [0, 1, 63, 64, 65, 1000] {
            let mut body = br#"{"A": 1}"#.to_vec();
            body.resize(body.len() + size, b' ');
            body.extend_from_slice(b"\n\t ");
            assert_eq!(without_padding(&body), br#"{"A": 1}"#, "{size}");
        }
        assert_eq!(without_padding(b"   "), b"");
    }

    #[test]
    fn scopes_hold_well_formed_ids_only() {
        let mut scope = Scope::default();
        scope.add(IdKind::Instance, "ins-1122");
        scope.add(IdKind::Instance, "ins-aaaa1111");
        scope.add(IdKind::KeyPair, "SKEY-AAAA1111");
        assert_eq!(scope.instance_ids.len(), 1);
        assert!(scope.key_ids.is_empty());
    }
}
