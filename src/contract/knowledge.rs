//! What is known of the world a request runs against: all of it (a [`World`]), what role names
//! imply (a fixtures file's ID → role map), or nothing. Answers fact queries with "known" or
//! "unknown", never a guess.

use std::collections::BTreeMap;

use crate::contract::roles::{self, InstanceRole};
use crate::contract::state::{InstanceState, Os};
use crate::contract::world::{Instance, World};

/// What is known of the target's world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knowledge<'a> {
    /// Everything: the exact world (the mock's, or a snapshot of it).
    World(&'a World),
    /// Role assignments (ID → role): the attributes each role name implies; any other well-formed ID
    /// may or may not exist, with any attributes.
    Roles(&'a BTreeMap<String, String>),
    /// Nothing: every well-formed ID may or may not exist, with any attributes.
    Nothing,
}

/// The attributes of an instance that decide whether a key-pair action may touch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InstanceFacts {
    /// The OS family.
    pub os: Os,
    /// The state.
    pub state: InstanceState,
    /// Whether another operation is in progress.
    pub operation_in_progress: bool,
}

impl From<&Instance> for InstanceFacts {
    fn from(instance: &Instance) -> Self {
        InstanceFacts {
            os: instance.os,
            state: instance.state,
            operation_in_progress: instance.operation_in_progress,
        }
    }
}

impl From<InstanceRole> for InstanceFacts {
    fn from(role: InstanceRole) -> Self {
        InstanceFacts {
            os: role.os,
            state: role.state,
            operation_in_progress: role.operation_in_progress,
        }
    }
}

/// The answer to "does this resource exist, and what is it like".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<T> {
    /// Known not to exist.
    Absent,
    /// May or may not exist; if it does, anything may be true of it.
    Unknown,
    /// Known to exist, with these facts.
    Known(T),
}

impl<'a> Knowledge<'a> {
    /// What is known of the instance `id`, with the instance itself when the whole world is
    /// known: one lookup serves both the instance's checks and the bindings asked of it.
    pub(crate) fn instance_entry(&self, id: &str) -> (Lookup<InstanceFacts>, Option<&'a Instance>) {
        match self {
            Knowledge::World(world) => match world.instances.get(id) {
                Some(instance) => (Lookup::Known(InstanceFacts::from(instance)), Some(instance)),
                None => (Lookup::Absent, None),
            },
            Knowledge::Roles(id_roles) => {
                let lookup = match id_roles.get(id).and_then(|role| roles::instance_role(role)) {
                    Some(role) => Lookup::Known(InstanceFacts::from(role)),
                    None => Lookup::Unknown,
                };
                (lookup, None)
            }
            Knowledge::Nothing => (Lookup::Unknown, None),
        }
    }

    /// What is known of the instance `id`.
    pub fn instance(&self, id: &str) -> Lookup<InstanceFacts> {
        self.instance_entry(id).0
    }

    /// What is known of the key pair `id`.
    pub fn key_pair(&self, id: &str) -> Lookup<()> {
        match self {
            Knowledge::World(world) if world.key_pairs.contains_key(id) => Lookup::Known(()),
            Knowledge::World(_) => Lookup::Absent,
            Knowledge::Roles(id_roles) => match id_roles.get(id) {
                Some(role) if roles::is_key_pair_role(role) => Lookup::Known(()),
                _ => Lookup::Unknown,
            },
            Knowledge::Nothing => Lookup::Unknown,
        }
    }

    /// Whether `key_id` is bound to `instance_id`, if known.
    pub fn is_bound(&self, instance_id: &str, key_id: &str) -> Option<bool> {
        match self {
            Knowledge::World(world) => Some(world.is_bound(instance_id, key_id)),
            Knowledge::Roles(id_roles) => {
                let instance = roles::instance_role(id_roles.get(instance_id)?)?;
                let key_role = id_roles
                    .get(key_id)
                    .filter(|role| roles::is_key_pair_role(role))?;
                Some(instance.bound_keys.contains(&key_role.as_str()))
            }
            Knowledge::Nothing => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_knows_everything() {
        let world = roles::default_world();
        let knowledge = Knowledge::World(&world);
        assert!(
            matches!(knowledge.instance("ins-stpdlnx1"), Lookup::Known(facts) if facts.state == InstanceState::Stopped)
        );
        assert_eq!(knowledge.instance("ins-aaaaaaaa"), Lookup::Absent);
        assert_eq!(knowledge.key_pair("skey-bound001"), Lookup::Known(()));
        assert_eq!(knowledge.key_pair("skey-aaaaaaaa"), Lookup::Absent);
        assert_eq!(
            knowledge.is_bound("ins-stpdlnx1", "skey-second01"),
            Some(true)
        );
        assert_eq!(
            knowledge.is_bound("ins-stpdlnx2", "skey-second01"),
            Some(false)
        );
    }

    #[test]
    fn roles_know_what_names_imply() {
        let id_roles = roles::default_world().id_roles();
        let knowledge = Knowledge::Roles(&id_roles);
        assert!(
            matches!(knowledge.instance("ins-windows1"), Lookup::Known(facts) if facts.os == Os::Windows)
        );
        assert_eq!(knowledge.instance("ins-aaaaaaaa"), Lookup::Unknown);
        assert_eq!(knowledge.key_pair("skey-unbound1"), Lookup::Known(()));
        assert_eq!(knowledge.key_pair("skey-aaaaaaaa"), Lookup::Unknown);
        assert_eq!(
            knowledge.is_bound("ins-runlnx01", "skey-bound001"),
            Some(true)
        );
        assert_eq!(
            knowledge.is_bound("ins-runlnx01", "skey-unbound1"),
            Some(false)
        );
        assert_eq!(knowledge.is_bound("ins-aaaaaaaa", "skey-unbound1"), None);
    }

    #[test]
    fn nothing_knows_nothing() {
        let knowledge = Knowledge::Nothing;
        assert_eq!(knowledge.instance("ins-stpdlnx1"), Lookup::Unknown);
        assert_eq!(knowledge.key_pair("skey-bound001"), Lookup::Unknown);
        assert_eq!(knowledge.is_bound("ins-stpdlnx1", "skey-bound001"), None);
    }
}
