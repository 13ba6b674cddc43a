//! What the generator draws from: the roles' IDs of the target (the default world's, or a
//! fixtures file's), weighted toward the roles that make interesting requests, and the options.

use std::collections::BTreeMap;

use crate::contract::roles::{self, RoleKind};

/// What to generate. No defaults here: the caller (the CLI, a test, a fuzz target) decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GenOptions {
    /// Most requests in one case (1: single requests only; sequences need 2 or more).
    pub max_steps: usize,
    /// Whether to generate protocol faults (headers, timestamps, signatures, action, version,
    /// body size).
    pub protocol: bool,
    /// Oversized-body faults only for encodings whose documented limit is at most this many bytes
    /// (32 KiB: GET only; 1 MiB: also form POSTs; 10 MiB: also JSON POSTs).
    pub max_oversize_bytes: usize,
}

impl GenOptions {
    /// The options of the in-process fuzz entry points and their replay: sequences of up to 4
    /// steps, protocol faults, oversized GET requests only (bigger bodies only slow it down).
    pub const IN_PROCESS: GenOptions = GenOptions {
        max_steps: 4,
        protocol: true,
        max_oversize_bytes: 32 * 1024,
    };
}

/// The generator's view of a target: weighted IDs of its instance and key-pair roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenContext {
    pub(crate) instances: Vec<(u32, String)>,
    pub(crate) keys: Vec<(u32, String)>,
    pub(crate) instance_names: Vec<String>,
    pub(crate) key_names: Vec<String>,
    pub(crate) options: GenOptions,
}

impl GenContext {
    /// A context for a target whose roles have these IDs (role → ID, as
    /// `contract::default_role_ids` or a fixtures file gives them). Unknown role names are
    /// ignored; a target without instance or key roles gets unknown well-formed IDs instead.
    pub fn new(role_ids: &BTreeMap<String, String>, options: GenOptions) -> GenContext {
        let mut context = GenContext {
            instances: Vec::new(),
            keys: Vec::new(),
            instance_names: Vec::new(),
            key_names: Vec::new(),
            options,
        };
        for (role, id) in role_ids {
            let Some(spec) = roles::role_spec(role) else {
                continue;
            };
            match spec.kind {
                RoleKind::Instance(_) => {
                    context.instances.push((instance_weight(role), id.clone()));
                    context.instance_names.push(role.clone());
                }
                RoleKind::KeyPair => {
                    context.keys.push((key_weight(role), id.clone()));
                    context.key_names.push(role.clone());
                }
            }
        }
        // The heaviest first: input that has run out picks the first.
        context
            .instances
            .sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
        context
            .keys
            .sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
        context
    }

    /// The context of the default world's roles.
    pub fn default_world(options: GenOptions) -> GenContext {
        GenContext::new(&roles::default_role_ids(), options)
    }

    /// The options.
    pub fn options(&self) -> GenOptions {
        self.options
    }
}

/// How often an instance role is picked: the ones a valid unbind works on most often, then the
/// ones that are refused for one reason each.
fn instance_weight(role: &str) -> u32 {
    match role {
        roles::STOPPED_LINUX => 30,
        roles::STOPPED_LINUX_2 => 20,
        roles::RUNNING_LINUX => 20,
        roles::WINDOWS => 8,
        roles::BUSY => 5,
        _ => 3,
    }
}

fn key_weight(role: &str) -> u32 {
    match role {
        roles::BOUND_KEY => 50,
        roles::SECOND_KEY | roles::UNBOUND_KEY => 25,
        _ => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_world_gives_every_role() {
        let context = GenContext::default_world(GenOptions::IN_PROCESS);
        assert_eq!(context.instances.len(), 12);
        assert_eq!(context.keys.len(), 3);
        assert!(context
            .instances
            .iter()
            .any(|(weight, id)| *weight == 30 && id == "ins-stpdlnx1"));
        let partial: BTreeMap<String, String> = [
            ("bound_key".to_owned(), "skey-aaaaaaaa".to_owned()),
            ("nope".to_owned(), "x".to_owned()),
        ]
        .into_iter()
        .collect();
        let context = GenContext::new(&partial, GenOptions::IN_PROCESS);
        assert!(context.instances.is_empty());
        assert_eq!(context.keys, [(50, "skey-aaaaaaaa".to_owned())]);
    }
}
