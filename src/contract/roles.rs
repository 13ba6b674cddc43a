//! The canonical role table: the resource roles scenarios refer to, and the attributes each role
//! name implies (state, OS, bound keys, operation in progress). Builds worlds from role → ID
//! assignments, and gives deterministic default IDs so the default world needs no file.

use std::collections::BTreeMap;

use crate::contract::state::{InstanceState, Os};
use crate::contract::world::{Instance, KeyPair, World};

/// Role: a stopped Linux instance bound to `bound_key` and `second_key`.
pub const STOPPED_LINUX: &str = "stopped_linux";
/// Role: a second stopped Linux instance, bound to `bound_key`.
pub const STOPPED_LINUX_2: &str = "stopped_linux_2";
/// Role: a running Linux instance bound to `bound_key`.
pub const RUNNING_LINUX: &str = "running_linux";
/// Role: a stopped Windows instance.
pub const WINDOWS: &str = "windows";
/// Role: a stopped Linux instance with another operation in progress.
pub const BUSY: &str = "busy";
/// Role: a Linux instance in `PENDING`.
pub const PENDING: &str = "pending";
/// Role: a Linux instance in `STARTING`.
pub const STARTING: &str = "starting";
/// Role: a Linux instance in `STOPPING`.
pub const STOPPING: &str = "stopping";
/// Role: a Linux instance in `REBOOTING`.
pub const REBOOTING: &str = "rebooting";
/// Role: a Linux instance in `SHUTDOWN`.
pub const SHUTDOWN: &str = "shutdown";
/// Role: a Linux instance in `TERMINATING`.
pub const TERMINATING: &str = "terminating";
/// Role: a Linux instance in `RESCUE_MODE`.
pub const RESCUE_MODE: &str = "rescue_mode";
/// Role: a key pair bound to `stopped_linux`, `stopped_linux_2` and `running_linux`.
pub const BOUND_KEY: &str = "bound_key";
/// Role: a key pair bound to `stopped_linux` only.
pub const SECOND_KEY: &str = "second_key";
/// Role: a key pair bound to nothing.
pub const UNBOUND_KEY: &str = "unbound_key";

/// What a role name implies about an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceRole {
    /// The instance's state.
    pub state: InstanceState,
    /// The instance's OS family.
    pub os: Os,
    /// Whether another operation is in progress on it.
    pub operation_in_progress: bool,
    /// The roles of the key pairs bound to it, in binding order.
    pub bound_keys: &'static [&'static str],
}

/// What kind of resource a role names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    /// An instance with these attributes.
    Instance(InstanceRole),
    /// A key pair (its bindings are implied by the instance roles).
    KeyPair,
}

/// One row of the role table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleSpec {
    /// The role name, as scenarios and fixtures spell it.
    pub name: &'static str,
    /// What the name implies.
    pub kind: RoleKind,
    /// The deterministic ID the role gets in the default world.
    pub default_id: &'static str,
}

const fn instance(
    name: &'static str,
    default_id: &'static str,
    state: InstanceState,
    os: Os,
    bound_keys: &'static [&'static str],
) -> RoleSpec {
    RoleSpec {
        name,
        kind: RoleKind::Instance(InstanceRole {
            state,
            os,
            operation_in_progress: false,
            bound_keys,
        }),
        default_id,
    }
}

const fn key_pair(name: &'static str, default_id: &'static str) -> RoleSpec {
    RoleSpec {
        name,
        kind: RoleKind::KeyPair,
        default_id,
    }
}

/// The role table.
pub static ROLES: &[RoleSpec] = &[
    instance(
        STOPPED_LINUX,
        "ins-stpdlnx1",
        InstanceState::Stopped,
        Os::Linux,
        &[BOUND_KEY, SECOND_KEY],
    ),
    instance(
        STOPPED_LINUX_2,
        "ins-stpdlnx2",
        InstanceState::Stopped,
        Os::Linux,
        &[BOUND_KEY],
    ),
    instance(
        RUNNING_LINUX,
        "ins-runlnx01",
        InstanceState::Running,
        Os::Linux,
        &[BOUND_KEY],
    ),
    instance(
        WINDOWS,
        "ins-windows1",
        InstanceState::Stopped,
        Os::Windows,
        &[],
    ),
    RoleSpec {
        name: BUSY,
        kind: RoleKind::Instance(InstanceRole {
            state: InstanceState::Stopped,
            os: Os::Linux,
            operation_in_progress: true,
            bound_keys: &[],
        }),
        default_id: "ins-busy0001",
    },
    instance(
        PENDING,
        "ins-pending1",
        InstanceState::Pending,
        Os::Linux,
        &[],
    ),
    instance(
        STARTING,
        "ins-startng1",
        InstanceState::Starting,
        Os::Linux,
        &[],
    ),
    instance(
        STOPPING,
        "ins-stoppng1",
        InstanceState::Stopping,
        Os::Linux,
        &[],
    ),
    instance(
        REBOOTING,
        "ins-reboot01",
        InstanceState::Rebooting,
        Os::Linux,
        &[],
    ),
    instance(
        SHUTDOWN,
        "ins-shutdwn1",
        InstanceState::Shutdown,
        Os::Linux,
        &[],
    ),
    instance(
        TERMINATING,
        "ins-termnat1",
        InstanceState::Terminating,
        Os::Linux,
        &[],
    ),
    instance(
        RESCUE_MODE,
        "ins-rescue01",
        InstanceState::RescueMode,
        Os::Linux,
        &[],
    ),
    key_pair(BOUND_KEY, "skey-bound001"),
    key_pair(SECOND_KEY, "skey-second01"),
    key_pair(UNBOUND_KEY, "skey-unbound1"),
];

/// The row of `name`, if the table defines that role.
pub fn role_spec(name: &str) -> Option<&'static RoleSpec> {
    ROLES.iter().find(|spec| spec.name == name)
}

/// What `name` implies about an instance, if it is an instance role.
pub fn instance_role(name: &str) -> Option<InstanceRole> {
    match role_spec(name)?.kind {
        RoleKind::Instance(role) => Some(role),
        RoleKind::KeyPair => None,
    }
}

/// Whether `name` is a key-pair role.
pub fn is_key_pair_role(name: &str) -> bool {
    role_spec(name).is_some_and(|spec| spec.kind == RoleKind::KeyPair)
}

/// Every role with its deterministic default ID (role → ID).
pub fn default_role_ids() -> BTreeMap<String, String> {
    ROLES
        .iter()
        .map(|spec| (spec.name.to_owned(), spec.default_id.to_owned()))
        .collect()
}

/// The world of every role at its default ID.
pub fn default_world() -> World {
    World::from_roles(&default_role_ids())
}

impl World {
    /// A world holding one resource per assigned role (role → ID), with the attributes the role
    /// table implies; each resource is named after its role. Role names the table does not define
    /// are ignored, and a binding is made only when the key's role is assigned too. IDs are taken as
    /// given: [`World::check_invariants`] reports malformed ones.
    pub fn from_roles(assignments: &BTreeMap<String, String>) -> World {
        let mut world = World::default();
        for (role, id) in assignments {
            let Some(spec) = role_spec(role) else {
                continue;
            };
            match spec.kind {
                RoleKind::KeyPair => world.insert_key_pair(KeyPair {
                    id: id.clone(),
                    name: role.clone(),
                    role: Some(role.clone()),
                }),
                RoleKind::Instance(attributes) => world.insert_instance(Instance {
                    id: id.clone(),
                    name: role.clone(),
                    os_name: attributes.os.sample_os_name().to_owned(),
                    os: attributes.os,
                    state: attributes.state,
                    key_ids: attributes
                        .bound_keys
                        .iter()
                        .filter_map(|key_role| assignments.get(*key_role).cloned())
                        .collect(),
                    operation_in_progress: attributes.operation_in_progress,
                    role: Some(role.clone()),
                }),
            }
        }
        world
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::ids;

    #[test]
    fn default_ids_are_well_formed_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for spec in ROLES {
            let well_formed = match spec.kind {
                RoleKind::Instance(_) => ids::is_well_formed_instance_id(spec.default_id),
                RoleKind::KeyPair => ids::is_well_formed_key_id(spec.default_id),
            };
            assert!(well_formed, "{}", spec.default_id);
            assert!(seen.insert(spec.default_id), "{}", spec.default_id);
            assert_eq!(role_spec(spec.name), Some(spec));
        }
        assert_eq!(ROLES.len(), 15);
    }

    #[test]
    fn the_table_says_what_the_brief_says() {
        let stopped = instance_role(STOPPED_LINUX).unwrap();
        assert_eq!(
            (stopped.state, stopped.os),
            (InstanceState::Stopped, Os::Linux)
        );
        assert_eq!(stopped.bound_keys, [BOUND_KEY, SECOND_KEY]);
        assert_eq!(
            instance_role(RUNNING_LINUX).unwrap().state,
            InstanceState::Running
        );
        assert_eq!(instance_role(WINDOWS).unwrap().os, Os::Windows);
        assert!(instance_role(BUSY).unwrap().operation_in_progress);
        for (role, state) in [
            (PENDING, InstanceState::Pending),
            (STARTING, InstanceState::Starting),
            (STOPPING, InstanceState::Stopping),
            (REBOOTING, InstanceState::Rebooting),
            (SHUTDOWN, InstanceState::Shutdown),
            (TERMINATING, InstanceState::Terminating),
            (RESCUE_MODE, InstanceState::RescueMode),
        ] {
            assert_eq!(instance_role(role).unwrap().state, state);
            assert_eq!(role, state.as_str().to_ascii_lowercase());
        }
        assert!(is_key_pair_role(UNBOUND_KEY));
        assert!(!is_key_pair_role(WINDOWS));
        assert!(role_spec("nope").is_none());
    }

    #[test]
    fn default_world_holds_every_role() {
        let world = default_world();
        assert_eq!(world.check_invariants(), Ok(()));
        assert_eq!(world.instances.len() + world.key_pairs.len(), ROLES.len());
        assert_eq!(world.role_ids(), default_role_ids());
        let bound = world.key_pair_by_role(BOUND_KEY).unwrap();
        let mut expected = vec!["ins-runlnx01", "ins-stpdlnx1", "ins-stpdlnx2"];
        expected.sort_unstable();
        assert_eq!(world.instances_bound_to(&bound.id), expected);
        assert_eq!(world.instances_bound_to("skey-second01"), ["ins-stpdlnx1"]);
        assert!(world.instances_bound_to("skey-unbound1").is_empty());
        assert_eq!(
            world.instance_by_role(STOPPED_LINUX).unwrap().key_ids,
            ["skey-bound001", "skey-second01"]
        );
    }

    #[test]
    fn partial_assignments_and_unknown_roles() {
        let assignments: BTreeMap<String, String> = [
            (STOPPED_LINUX, "ins-aaaaaaaa"),
            (SECOND_KEY, "skey-bbbbbbbb"),
            ("no_such_role", "ins-cccccccc"),
        ]
        .into_iter()
        .map(|(role, id)| (role.to_owned(), id.to_owned()))
        .collect();
        let world = World::from_roles(&assignments);
        assert_eq!(world.instances.len(), 1);
        assert_eq!(world.instances["ins-aaaaaaaa"].key_ids, ["skey-bbbbbbbb"]);
        assert_eq!(world.check_invariants(), Ok(()));
    }
}
