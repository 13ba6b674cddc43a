//! `[case.expect.state.ROLE]`: what a named resource must look like after the call (its key set,
//! its state, the instances bound to it, or "unchanged"), checked against the role table at load
//! time and expressed in IDs at resolution.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use crate::contract::{ids, roles, InstanceState};
use crate::scenario::case::{CheckTemplate, Reference, StateTemplate};
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::format::StateDto;
use crate::scenario::node::Key;
use crate::scenario::params::unknown_role;
use crate::scenario::parse::SourceFile;
use crate::suggest::{nearest, quoted_list};

/// What one named resource must look like after the call, in terms of IDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateExpectation {
    /// The role, as the case names it.
    pub role: String,
    /// The ID the role is assigned on this target.
    pub id: String,
    /// What must hold.
    pub check: StateCheck,
}

/// What must hold of one resource after the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateCheck {
    /// Exactly as it was before the call (its key set, state, bindings).
    Unchanged,
    /// An instance.
    Instance {
        /// Its bound key-pair IDs, as a sorted set, when the case says.
        key_ids: Option<Vec<String>>,
        /// Its state, when the case says.
        state: Option<InstanceState>,
    },
    /// A key pair.
    KeyPair {
        /// The IDs of the instances bound to it, as a sorted set, when the case says.
        instance_ids: Option<Vec<String>>,
    },
}

impl StateTemplate {
    /// The expectation with roles replaced by IDs (roles missing from `ids` become empty strings:
    /// callers check the case's roles first).
    pub(crate) fn resolve(&self, ids: &BTreeMap<String, String>) -> StateExpectation {
        let id_of = |reference: &Reference| match reference {
            Reference::Role(role) => ids.get(role).cloned().unwrap_or_default(),
            Reference::Id(id) => id.clone(),
        };
        let set = |list: &Option<Vec<Reference>>| {
            list.as_ref().map(|list| {
                let set: BTreeSet<String> = list.iter().map(id_of).collect();
                set.into_iter().collect()
            })
        };
        let check = match &self.check {
            CheckTemplate::Unchanged => StateCheck::Unchanged,
            CheckTemplate::Instance { keys, state } => StateCheck::Instance {
                key_ids: set(keys),
                state: *state,
            },
            CheckTemplate::KeyPair { instances } => StateCheck::KeyPair {
                instance_ids: set(instances),
            },
        };
        StateExpectation {
            role: self.role.clone(),
            id: ids.get(&self.role).cloned().unwrap_or_default(),
            check,
        }
    }

    /// Adds every role this expectation names to `roles`.
    pub(crate) fn collect_roles(&self, roles: &mut BTreeSet<String>) {
        roles.insert(self.role.clone());
        let lists = match &self.check {
            CheckTemplate::Unchanged => [None, None],
            CheckTemplate::Instance { keys, .. } => [keys.as_ref(), None],
            CheckTemplate::KeyPair { instances } => [None, instances.as_ref()],
        };
        for reference in lists.into_iter().flatten().flatten() {
            if let Reference::Role(role) = reference {
                roles.insert(role.clone());
            }
        }
    }
}

/// One `[case.expect.state.ROLE]` table validated; `expect_span` locates problems when the role
/// key has no span of its own.
pub(crate) fn state(
    file: SourceFile<'_>,
    role: &Key,
    table: &StateDto,
    expect_span: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<StateTemplate> {
    let name = role.name().strip_prefix('@').unwrap_or(role.name());
    let span = role.span_or(expect_span);
    let Some(spec) = roles::role_spec(name) else {
        diagnostics.push(unknown_role(file, span, name, ""));
        return None;
    };
    let instance = matches!(spec.kind, roles::RoleKind::Instance(_));
    let before = diagnostics.len();
    let wrong_kind = |field: &str, span, diagnostics: &mut Vec<Diagnostic>| {
        let (what, other) = if instance {
            ("an instance", "key-pair roles")
        } else {
            ("a key pair", "instance roles")
        };
        diagnostics.push(
            file.diag(span, format!("`{field}` does not apply to `{name}`"))
                .with_label(format!("`{name}` is {what}; `{field}` is for {other}"))
                .with_help("an instance takes `keys`, `state` or `unchanged`; a key pair takes `instances` or `unchanged`"),
        );
    };
    if instance {
        if let Some(list) = &table.instances {
            wrong_kind("instances", list.span(), diagnostics);
        }
    } else {
        if let Some(list) = &table.keys {
            wrong_kind("keys", list.span(), diagnostics);
        }
        if let Some(state) = &table.state {
            wrong_kind("state", state.span(), diagnostics);
        }
    }
    let unchanged = table.unchanged.as_ref().map(|flag| *flag.get_ref());
    let others = table.keys.is_some() || table.state.is_some() || table.instances.is_some();
    match (unchanged, others) {
        (Some(true), true) => diagnostics.push(
            file.diag(
                span.clone(),
                format!("`unchanged = true` already says everything about `{name}`"),
            )
            .with_label("other fields given too")
            .with_help("keep `unchanged = true` alone, or remove it"),
        ),
        (Some(false), false) | (None, false) => diagnostics.push(
            file.diag(span.clone(), format!("nothing is expected of `{name}`"))
                .with_label("no `unchanged`, `keys`, `state` or `instances`")
                .with_help("write for example `unchanged = true`, or remove the table"),
        ),
        _ => {}
    }
    let state = table
        .state
        .as_ref()
        .and_then(|state| instance_state(file, state, diagnostics));
    let keys = references(file, &table.keys, false, diagnostics);
    let instances = references(file, &table.instances, true, diagnostics);
    if diagnostics.len() > before {
        return None;
    }
    let check = if unchanged == Some(true) {
        CheckTemplate::Unchanged
    } else if instance {
        CheckTemplate::Instance { keys, state }
    } else {
        CheckTemplate::KeyPair { instances }
    };
    Some(StateTemplate {
        role: name.to_owned(),
        check,
    })
}

fn instance_state(
    file: SourceFile<'_>,
    state: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<InstanceState> {
    let text = state.get_ref();
    if let Some(found) = InstanceState::ALL
        .iter()
        .find(|known| known.as_str() == text)
    {
        return Some(*found);
    }
    let names = InstanceState::ALL.iter().map(|known| known.as_str());
    let label = match nearest(text, names.clone()) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => "not a documented instance state".to_owned(),
    };
    diagnostics.push(
        file.diag(state.span(), format!("unknown instance state `{text}`"))
            .with_label(label)
            .with_help(format!("the states are {}", quoted_list(names))),
    );
    None
}

/// A list of key pairs (`instances == false`) or instances, by role or by ID.
fn references(
    file: SourceFile<'_>,
    list: &Option<Spanned<Vec<Spanned<String>>>>,
    instances: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Reference>> {
    let list = list.as_ref()?;
    let (noun, kind) = if instances {
        ("an instance", ids::IdKind::Instance)
    } else {
        ("a key pair", ids::IdKind::KeyPair)
    };
    let mut out = Vec::new();
    for item in list.get_ref() {
        let text = item.get_ref();
        if let Some(role) = text.strip_prefix('@') {
            let fits = match roles::role_spec(role).map(|spec| spec.kind) {
                None => {
                    diagnostics.push(unknown_role(file, item.span(), role, "@"));
                    continue;
                }
                Some(roles::RoleKind::Instance(_)) => instances,
                Some(roles::RoleKind::KeyPair) => !instances,
            };
            if !fits {
                diagnostics.push(
                    file.diag(item.span(), format!("`@{role}` is not {noun}"))
                        .with_label(format!("this list holds {noun} per entry"))
                        .with_help("`keys` lists key pairs, `instances` lists instances"),
                );
            }
            out.push(Reference::Role(role.to_owned()));
        } else if let Some(reason) = ids::classify(kind, text).reason() {
            diagnostics.push(
                file.diag(item.span(), format!("malformed {} `{text}`", kind.noun()))
                    .with_label(reason.to_string())
                    .with_help(format!(
                        "name it by role (`@…`) or write a well-formed id: `{}` and 8 lower-case letters or digits",
                        kind.prefix()
                    )),
            );
        } else {
            out.push(Reference::Id(text.clone()));
        }
    }
    Some(out)
}
