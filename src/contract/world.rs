//! The world model: instances and key pairs, and which keys are bound to which instance. The mock
//! evolves it; the oracle reasons about it.
//!
//! Invariant: a binding is stored in one place only, the instance's `key_ids`; the instances of a key
//! are derived ([`World::instances_bound_to`]), so the two views cannot disagree.
//! [`World::check_invariants`] checks what the types cannot: bound keys exist, no duplicates,
//! well-formed IDs, map keys equal IDs, roles unique.

use std::collections::BTreeMap;

use crate::contract::ids::{self, IdClass, MalformedReason};
use crate::contract::state::{InstanceState, Os};

/// Every instance and key pair of one account (one mock tenant).
///
/// `clone_from` reuses the target's allocations when it holds the same IDs as the source, which
/// is what putting a world back to its template after a few requests looks like.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct World {
    /// Instances by ID.
    pub instances: BTreeMap<String, Instance>,
    /// Key pairs by ID.
    pub key_pairs: BTreeMap<String, KeyPair>,
}

/// A CVM instance, as far as the key-pair actions care.
#[derive(Debug, PartialEq, Eq)]
pub struct Instance {
    /// `InstanceId`, e.g. `ins-w34e5rl9`.
    pub id: String,
    /// `InstanceName`.
    pub name: String,
    /// `OsName`, e.g. `TencentOS Server 3.1 (TK4)`.
    pub os_name: String,
    /// The OS family (normally [`Os::from_os_name`] of `os_name`).
    pub os: Os,
    /// `InstanceState`.
    pub state: InstanceState,
    /// IDs of the bound key pairs (`LoginSettings.KeyIds`): in binding order, no duplicates.
    pub key_ids: Vec<String>,
    /// Another operation is running on the instance (`LatestOperationState` = `OPERATING`).
    pub operation_in_progress: bool,
    /// The role this instance plays in scenarios, e.g. `stopped_linux`.
    pub role: Option<String>,
}

/// An SSH key pair.
#[derive(Debug, PartialEq, Eq)]
pub struct KeyPair {
    /// `KeyId`, e.g. `skey-e3r6y7ji`.
    pub id: String,
    /// `KeyName`.
    pub name: String,
    /// The role this key pair plays in scenarios, e.g. `bound_key`.
    pub role: Option<String>,
}

/// A resource found by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleRef<'a> {
    /// The role is played by an instance.
    Instance(&'a Instance),
    /// The role is played by a key pair.
    KeyPair(&'a KeyPair),
}

impl RoleRef<'_> {
    /// The ID of the resource playing the role.
    pub fn id(&self) -> &str {
        match self {
            RoleRef::Instance(instance) => &instance.id,
            RoleRef::KeyPair(key_pair) => &key_pair.id,
        }
    }
}

/// A broken world invariant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorldError {
    /// A map key differs from the ID of the resource stored under it.
    #[error("resource stored under `{key}` has id `{id}`")]
    IdMismatch {
        /// The map key.
        key: String,
        /// The resource's own ID.
        id: String,
    },
    /// An ID does not follow the grammar.
    #[error("id `{id}` is malformed: {reason}")]
    MalformedId {
        /// The ID.
        id: String,
        /// Why.
        reason: MalformedReason,
    },
    /// An instance lists a key pair the world does not hold.
    #[error("instance `{instance_id}` is bound to unknown key pair `{key_id}`")]
    UnknownKey {
        /// The instance.
        instance_id: String,
        /// The missing key pair.
        key_id: String,
    },
    /// An instance lists the same key pair twice.
    #[error("instance `{instance_id}` lists key pair `{key_id}` twice")]
    DuplicateKey {
        /// The instance.
        instance_id: String,
        /// The repeated key pair.
        key_id: String,
    },
    /// Two resources play the same role.
    #[error("role `{role}` is played by both `{first}` and `{second}`")]
    DuplicateRole {
        /// The role.
        role: String,
        /// One resource playing it.
        first: String,
        /// Another resource playing it.
        second: String,
    },
}

impl Clone for World {
    fn clone(&self) -> World {
        World {
            instances: self.instances.clone(),
            key_pairs: self.key_pairs.clone(),
        }
    }

    fn clone_from(&mut self, source: &World) {
        clone_map_from(&mut self.instances, &source.instances);
        clone_map_from(&mut self.key_pairs, &source.key_pairs);
    }
}

/// `target = source.clone()`, value by value in place when both hold the same IDs.
fn clone_map_from<V: Clone>(target: &mut BTreeMap<String, V>, source: &BTreeMap<String, V>) {
    let same_ids = target.len() == source.len() && target.keys().eq(source.keys());
    if same_ids {
        for (value, other) in target.values_mut().zip(source.values()) {
            value.clone_from(other);
        }
    } else {
        *target = source.clone();
    }
}

impl Clone for Instance {
    fn clone(&self) -> Instance {
        Instance {
            id: self.id.clone(),
            name: self.name.clone(),
            os_name: self.os_name.clone(),
            os: self.os,
            state: self.state,
            key_ids: self.key_ids.clone(),
            operation_in_progress: self.operation_in_progress,
            role: self.role.clone(),
        }
    }

    fn clone_from(&mut self, source: &Instance) {
        self.id.clone_from(&source.id);
        self.name.clone_from(&source.name);
        self.os_name.clone_from(&source.os_name);
        self.os = source.os;
        self.state = source.state;
        self.key_ids.clone_from(&source.key_ids);
        self.operation_in_progress = source.operation_in_progress;
        self.role.clone_from(&source.role);
    }
}

impl Clone for KeyPair {
    fn clone(&self) -> KeyPair {
        KeyPair {
            id: self.id.clone(),
            name: self.name.clone(),
            role: self.role.clone(),
        }
    }

    fn clone_from(&mut self, source: &KeyPair) {
        self.id.clone_from(&source.id);
        self.name.clone_from(&source.name);
        self.role.clone_from(&source.role);
    }
}

impl Instance {
    /// Whether `key_id` is bound to this instance (listed in `LoginSettings.KeyIds`): a binding
    /// lives only here, so every question about one is answered here.
    pub fn has_key(&self, key_id: &str) -> bool {
        self.key_ids.iter().any(|bound| bound == key_id)
    }

    /// A Linux or Windows instance with the family's sample OS name, named after its ID, with no
    /// keys, no operation in progress and no role.
    pub fn new(id: impl Into<String>, os: Os, state: InstanceState) -> Instance {
        let id = id.into();
        Instance {
            name: id.clone(),
            id,
            os_name: os.sample_os_name().to_owned(),
            os,
            state,
            key_ids: Vec::new(),
            operation_in_progress: false,
            role: None,
        }
    }
}

impl KeyPair {
    /// A key pair named after its ID, with no role.
    pub fn new(id: impl Into<String>) -> KeyPair {
        let id = id.into();
        KeyPair {
            name: id.clone(),
            id,
            role: None,
        }
    }
}

impl World {
    /// Add or replace an instance.
    pub fn insert_instance(&mut self, instance: Instance) {
        self.instances.insert(instance.id.clone(), instance);
    }

    /// Add or replace a key pair.
    pub fn insert_key_pair(&mut self, key_pair: KeyPair) {
        self.key_pairs.insert(key_pair.id.clone(), key_pair);
    }

    /// Whether `key_id` is bound to `instance_id`.
    pub fn is_bound(&self, instance_id: &str, key_id: &str) -> bool {
        self.instances
            .get(instance_id)
            .is_some_and(|instance| instance.has_key(key_id))
    }

    /// Bind `key_id` to `instance_id` (appended, kept once). Returns whether anything changed.
    pub fn bind(&mut self, instance_id: &str, key_id: &str) -> bool {
        let Some(instance) = self.instances.get_mut(instance_id) else {
            return false;
        };
        if instance.has_key(key_id) {
            return false;
        }
        instance.key_ids.push(key_id.to_owned());
        true
    }

    /// Unbind `key_id` from `instance_id`. Returns whether anything changed.
    pub fn unbind(&mut self, instance_id: &str, key_id: &str) -> bool {
        let Some(instance) = self.instances.get_mut(instance_id) else {
            return false;
        };
        let before = instance.key_ids.len();
        instance.key_ids.retain(|bound| bound != key_id);
        instance.key_ids.len() != before
    }

    /// IDs of the instances `key_id` is bound to, in instance-ID order (`AssociatedInstanceIds`).
    pub fn instances_bound_to(&self, key_id: &str) -> Vec<&str> {
        self.instances
            .values()
            .filter(|instance| instance.has_key(key_id))
            .map(|instance| instance.id.as_str())
            .collect()
    }

    /// The resource playing `role`, if any.
    pub fn role(&self, role: &str) -> Option<RoleRef<'_>> {
        self.instance_by_role(role)
            .map(RoleRef::Instance)
            .or_else(|| self.key_pair_by_role(role).map(RoleRef::KeyPair))
    }

    /// The instance playing `role`, if any.
    pub fn instance_by_role(&self, role: &str) -> Option<&Instance> {
        self.instances
            .values()
            .find(|instance| instance.role.as_deref() == Some(role))
    }

    /// The key pair playing `role`, if any.
    pub fn key_pair_by_role(&self, role: &str) -> Option<&KeyPair> {
        self.key_pairs
            .values()
            .find(|key_pair| key_pair.role.as_deref() == Some(role))
    }

    /// Every role and the ID of the resource playing it (role → ID), as a fixtures file maps them.
    pub fn role_ids(&self) -> BTreeMap<String, String> {
        self.id_roles()
            .into_iter()
            .map(|(id, role)| (role, id))
            .collect()
    }

    /// Every resource that plays a role and its role (ID → role), as the oracle's
    /// `Knowledge::Roles` takes them.
    pub fn id_roles(&self) -> BTreeMap<String, String> {
        let instances = self
            .instances
            .values()
            .filter_map(|instance| Some((instance.id.clone(), instance.role.clone()?)));
        let key_pairs = self
            .key_pairs
            .values()
            .filter_map(|key_pair| Some((key_pair.id.clone(), key_pair.role.clone()?)));
        instances.chain(key_pairs).collect()
    }

    /// Check the invariants the types cannot express; the first broken one is reported.
    pub fn check_invariants(&self) -> Result<(), WorldError> {
        let mut roles: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, instance) in &self.instances {
            check_entry(key, &instance.id, ids::classify_instance_id(&instance.id))?;
            for (index, key_id) in instance.key_ids.iter().enumerate() {
                if !self.key_pairs.contains_key(key_id) {
                    return Err(WorldError::UnknownKey {
                        instance_id: instance.id.clone(),
                        key_id: key_id.clone(),
                    });
                }
                if instance.key_ids[..index].contains(key_id) {
                    return Err(WorldError::DuplicateKey {
                        instance_id: instance.id.clone(),
                        key_id: key_id.clone(),
                    });
                }
            }
            check_role(&mut roles, instance.role.as_deref(), &instance.id)?;
        }
        for (key, key_pair) in &self.key_pairs {
            check_entry(key, &key_pair.id, ids::classify_key_id(&key_pair.id))?;
            check_role(&mut roles, key_pair.role.as_deref(), &key_pair.id)?;
        }
        Ok(())
    }
}

fn check_entry(key: &str, id: &str, class: IdClass) -> Result<(), WorldError> {
    if key != id {
        return Err(WorldError::IdMismatch {
            key: key.to_owned(),
            id: id.to_owned(),
        });
    }
    if let IdClass::Malformed(reason) = class {
        return Err(WorldError::MalformedId {
            id: id.to_owned(),
            reason,
        });
    }
    Ok(())
}

fn check_role<'a>(
    roles: &mut BTreeMap<&'a str, &'a str>,
    role: Option<&'a str>,
    id: &'a str,
) -> Result<(), WorldError> {
    let Some(role) = role else {
        return Ok(());
    };
    if let Some(first) = roles.insert(role, id) {
        return Err(WorldError::DuplicateRole {
            role: role.to_owned(),
            first: first.to_owned(),
            second: id.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_world() -> World {
        let mut world = World::default();
        world.insert_key_pair(KeyPair::new("skey-aaaaaaaa"));
        world.insert_key_pair(KeyPair::new("skey-bbbbbbbb"));
        world.insert_instance(Instance::new(
            "ins-11111111",
            Os::Linux,
            InstanceState::Stopped,
        ));
        world.insert_instance(Instance::new(
            "ins-22222222",
            Os::Linux,
            InstanceState::Running,
        ));
        world
    }

    #[test]
    fn bindings_are_derived_from_the_instances() {
        let mut world = small_world();
        assert!(world.bind("ins-22222222", "skey-aaaaaaaa"));
        assert!(world.bind("ins-11111111", "skey-aaaaaaaa"));
        assert!(world.bind("ins-11111111", "skey-bbbbbbbb"));
        assert!(!world.bind("ins-11111111", "skey-aaaaaaaa"));
        assert!(!world.bind("ins-99999999", "skey-aaaaaaaa"));
        assert_eq!(
            world.instances["ins-11111111"].key_ids,
            ["skey-aaaaaaaa", "skey-bbbbbbbb"]
        );
        assert_eq!(
            world.instances_bound_to("skey-aaaaaaaa"),
            ["ins-11111111", "ins-22222222"]
        );
        assert!(world.unbind("ins-11111111", "skey-aaaaaaaa"));
        assert!(!world.unbind("ins-11111111", "skey-aaaaaaaa"));
        assert!(!world.is_bound("ins-11111111", "skey-aaaaaaaa"));
        assert_eq!(world.instances_bound_to("skey-aaaaaaaa"), ["ins-22222222"]);
        assert!(world.instances_bound_to("skey-cccccccc").is_empty());
        assert_eq!(world.check_invariants(), Ok(()));
    }

    #[test]
    fn invariant_violations_are_reported() {
        let mut world = small_world();
        world.instances.get_mut("ins-11111111").unwrap().key_ids = vec!["skey-zzzzzzzz".into()];
        assert!(matches!(
            world.check_invariants(),
            Err(WorldError::UnknownKey { .. })
        ));

        let mut world = small_world();
        world.instances.get_mut("ins-11111111").unwrap().key_ids =
            vec!["skey-aaaaaaaa".into(), "skey-aaaaaaaa".into()];
        assert_eq!(
            world.check_invariants().unwrap_err().to_string(),
            "instance `ins-11111111` lists key pair `skey-aaaaaaaa` twice"
        );

        let mut world = small_world();
        world.insert_key_pair(KeyPair::new("skey-1122"));
        assert!(matches!(
            world.check_invariants(),
            Err(WorldError::MalformedId { .. })
        ));

        let mut world = small_world();
        world.instances.insert(
            "ins-33333333".into(),
            Instance::new("ins-44444444", Os::Linux, InstanceState::Stopped),
        );
        assert!(matches!(
            world.check_invariants(),
            Err(WorldError::IdMismatch { .. })
        ));

        let mut world = small_world();
        world.instances.get_mut("ins-11111111").unwrap().role = Some("x".into());
        world.key_pairs.get_mut("skey-aaaaaaaa").unwrap().role = Some("x".into());
        assert!(matches!(
            world.check_invariants(),
            Err(WorldError::DuplicateRole { .. })
        ));
    }

    #[test]
    fn roles_are_looked_up_both_ways() {
        let mut world = small_world();
        world.instances.get_mut("ins-11111111").unwrap().role = Some("stopped_linux".into());
        world.key_pairs.get_mut("skey-aaaaaaaa").unwrap().role = Some("bound_key".into());
        assert_eq!(
            world
                .role("stopped_linux")
                .map(|found| found.id().to_owned()),
            Some("ins-11111111".into())
        );
        assert!(matches!(world.role("bound_key"), Some(RoleRef::KeyPair(_))));
        assert!(world.role("windows").is_none());
        assert_eq!(world.role_ids()["bound_key"], "skey-aaaaaaaa");
        assert_eq!(world.id_roles()["ins-11111111"], "stopped_linux");
        assert_eq!(world.id_roles().len(), 2);
    }
}
