//! Builds a checked `contract::World` from the entries of a world file (TOML) or of a seed document
//! (the admin route's JSON). Both formats go through this one path, so they accept and refuse the
//! same worlds; each problem carries where it is (a byte span or a JSON path), why, and the fix.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::contract::ids::{self, IdClass};
use crate::contract::state::{InstanceState, Os};
use crate::contract::world::{Instance, KeyPair, World};
use crate::suggest::nearest;

/// Where a value sits in its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Loc {
    /// A byte range of a text document (TOML).
    Span(Range<usize>),
    /// A path into a JSON document, e.g. `instances[2].state`.
    Path(String),
}

/// A value and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located<T> {
    pub(crate) value: T,
    pub(crate) at: Loc,
}

/// One instance entry, before checking.
#[derive(Debug, Clone)]
pub(crate) struct InstanceDraft {
    pub(crate) role: Option<Located<String>>,
    pub(crate) id: Located<String>,
    pub(crate) name: Option<String>,
    pub(crate) os_name: Located<String>,
    pub(crate) state: Located<String>,
    /// Key pairs, each by role or by ID.
    pub(crate) keys: Vec<Located<String>>,
    pub(crate) operation_in_progress: bool,
}

/// One key-pair entry, before checking.
#[derive(Debug, Clone)]
pub(crate) struct KeyPairDraft {
    pub(crate) role: Option<Located<String>>,
    pub(crate) id: Located<String>,
    pub(crate) name: Option<String>,
}

/// Why a document does not describe a valid world, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) at: Loc,
    pub(crate) reason: String,
    pub(crate) help: String,
    /// Where the same thing was first given, for duplicates.
    pub(crate) first: Option<Loc>,
}

/// Check the entries and build the world: roles are `snake_case` and unique across instances and
/// key pairs, IDs are well-formed and unique, states are documented, OS names are non-empty, and
/// every bound key names (by role or ID) a key pair of the document, once.
pub(crate) fn build(
    key_pairs: Vec<KeyPairDraft>,
    instances: Vec<InstanceDraft>,
) -> Result<World, Problem> {
    let mut world = World::default();
    let mut roles: BTreeMap<String, Loc> = BTreeMap::new();
    let mut key_roles: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_ids: BTreeMap<String, Loc> = BTreeMap::new();
    for draft in key_pairs {
        let role = check_role(&mut roles, draft.role)?;
        check_id(
            ids::classify_key_id(&draft.id.value),
            &draft.id,
            "key pair",
            "skey-",
        )?;
        check_unique_id(&mut seen_ids, &draft.id, "key pair")?;
        if let Some(role) = &role {
            key_roles.insert(role.clone(), draft.id.value.clone());
        }
        world.insert_key_pair(KeyPair {
            name: draft
                .name
                .or_else(|| role.clone())
                .unwrap_or_else(|| draft.id.value.clone()),
            id: draft.id.value,
            role,
        });
    }
    for draft in instances {
        let role = check_role(&mut roles, draft.role)?;
        check_id(
            ids::classify_instance_id(&draft.id.value),
            &draft.id,
            "instance",
            "ins-",
        )?;
        check_unique_id(&mut seen_ids, &draft.id, "instance")?;
        let state = parse_state(&draft.state)?;
        if draft.os_name.value.trim().is_empty() {
            return Err(Problem {
                at: draft.os_name.at,
                reason: "the OS name is empty".into(),
                help: "give the image's OS name, e.g. `TencentOS Server 3.1 (TK4)`; a name containing `Windows` makes a Windows instance".into(),
                first: None,
            });
        }
        let key_ids = resolve_keys(&world, &key_roles, draft.keys)?;
        world.insert_instance(Instance {
            name: draft
                .name
                .or_else(|| role.clone())
                .unwrap_or_else(|| draft.id.value.clone()),
            os: Os::from_os_name(&draft.os_name.value),
            os_name: draft.os_name.value,
            id: draft.id.value,
            state,
            key_ids,
            operation_in_progress: draft.operation_in_progress,
            role,
        });
    }
    Ok(world)
}

fn check_role(
    roles: &mut BTreeMap<String, Loc>,
    role: Option<Located<String>>,
) -> Result<Option<String>, Problem> {
    let Some(role) = role else {
        return Ok(None);
    };
    let well_formed = role.value.starts_with(|c: char| c.is_ascii_lowercase())
        && role
            .value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !well_formed {
        return Err(Problem {
            at: role.at,
            reason: format!("role `{}` is not a snake_case name", role.value),
            help: "use lower-case letters, digits and `_`, starting with a letter, e.g. `stopped_linux`".into(),
            first: None,
        });
    }
    if let Some(first) = roles.get(&role.value) {
        return Err(Problem {
            reason: format!("role `{}` is given twice", role.value),
            help: "each role names one resource; rename or remove one of them".into(),
            at: role.at,
            first: Some(first.clone()),
        });
    }
    roles.insert(role.value.clone(), role.at);
    Ok(Some(role.value))
}

fn check_id(class: IdClass, id: &Located<String>, noun: &str, prefix: &str) -> Result<(), Problem> {
    let IdClass::Malformed(reason) = class else {
        return Ok(());
    };
    Err(Problem {
        at: id.at.clone(),
        reason: format!("{noun} id `{}` is malformed: {reason}", id.value),
        help: format!("{noun} ids are `{prefix}` followed by 8 lower-case letters or digits, e.g. `{prefix}w34e5rl9`"),
        first: None,
    })
}

fn check_unique_id(
    seen: &mut BTreeMap<String, Loc>,
    id: &Located<String>,
    noun: &str,
) -> Result<(), Problem> {
    if let Some(first) = seen.get(&id.value) {
        return Err(Problem {
            at: id.at.clone(),
            reason: format!("{noun} id `{}` is given twice", id.value),
            help: format!("give every {noun} its own id"),
            first: Some(first.clone()),
        });
    }
    seen.insert(id.value.clone(), id.at.clone());
    Ok(())
}

fn parse_state(state: &Located<String>) -> Result<InstanceState, Problem> {
    if let Ok(parsed) = state.value.parse::<InstanceState>() {
        return Ok(parsed);
    }
    let names: Vec<&str> = InstanceState::ALL
        .iter()
        .map(|state| state.as_str())
        .collect();
    let upper = state.value.to_ascii_uppercase();
    let guess = if names.contains(&upper.as_str()) {
        Some(upper.clone())
    } else {
        nearest(&upper, names.iter().copied()).map(str::to_owned)
    };
    let mut help = format!("the states are {}", names.join(", "));
    if let Some(guess) = guess {
        help = format!("did you mean `{guess}`? {help}");
    }
    Err(Problem {
        at: state.at.clone(),
        reason: format!("unknown instance state `{}`", state.value),
        help,
        first: None,
    })
}

fn resolve_keys(
    world: &World,
    key_roles: &BTreeMap<String, String>,
    keys: Vec<Located<String>>,
) -> Result<Vec<String>, Problem> {
    let mut key_ids: Vec<String> = Vec::new();
    for key in keys {
        let id = match key_roles.get(&key.value) {
            Some(id) => id.clone(),
            None if world.key_pairs.contains_key(&key.value) => key.value.clone(),
            None => return Err(unknown_key(world, key_roles, key)),
        };
        if key_ids.contains(&id) {
            return Err(Problem {
                at: key.at,
                reason: format!("key pair `{}` is listed twice", key.value),
                help: "list each bound key pair once".into(),
                first: None,
            });
        }
        key_ids.push(id);
    }
    Ok(key_ids)
}

fn unknown_key(
    world: &World,
    key_roles: &BTreeMap<String, String>,
    key: Located<String>,
) -> Problem {
    let candidates = key_roles
        .keys()
        .map(String::as_str)
        .chain(world.key_pairs.keys().map(String::as_str));
    let known: Vec<&str> = key_roles.keys().map(String::as_str).collect();
    let mut help = match nearest(&key.value, candidates) {
        Some(guess) => format!("did you mean `{guess}`? "),
        None => String::new(),
    };
    if known.is_empty() {
        help.push_str("name a key pair defined in this document (before or after the instance), by role or by id");
    } else {
        help.push_str(&format!(
            "the key-pair roles are {}; a key pair's id works too",
            known.join(", ")
        ));
    }
    Problem {
        at: key.at,
        reason: format!("no key pair has the role or id `{}`", key.value),
        help,
        first: None,
    }
}
