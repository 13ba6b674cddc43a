//! The in-process judge: runs a [`GenCase`] against a [`MockService`] (no sockets; the clock fixed
//! at the signing time) and applies design §4 checks 2 to 7 to every answer: the envelope (status,
//! content type, `RequestId`, error shape, documented code), the outcome against the oracle for
//! the world before the step, the world's invariants, the effect (on success exactly the
//! requested bindings moved, on error nothing changed), and what a describe reads back against
//! the world. A violation is data, never a panic; the fuzz targets turn violations into panics.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde_json::{Map, Value};

use crate::contract::params::parse_params;
use crate::contract::{ids, Action, Knowledge, ParamSource, World};
use crate::gen::case::GenCase;
use crate::gen::expect::acceptable_for;
use crate::mock::{MockService, Reply};
use crate::wire::envelope;
use crate::wire::sign_params_into;
use crate::wire::{Credentials, Received, SignedRequest};

/// One broken rule, at one step of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The 0-based index of the step.
    pub step: usize,
    /// Which check failed.
    pub kind: ViolationKind,
    /// What was seen.
    pub detail: String,
}

/// Which check a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ViolationKind {
    /// The generated request could not be signed (a generator bug, not the server's).
    Unsignable,
    /// No response came (the connection was dropped).
    Transport,
    /// The envelope breaks the contract (status, content type, `RequestId`, error shape, code).
    Envelope,
    /// The outcome is not one the oracle allows for the input.
    Outcome,
    /// The world breaks one of its invariants.
    Invariant,
    /// The world did not change as the outcome says it must.
    State,
    /// A describe answer disagrees with the world.
    ReadBack,
}

impl fmt::Display for Violation {
    /// `step 2: outcome: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "step {}: {}: {}",
            self.step,
            self.kind.name(),
            self.detail
        )
    }
}

impl ViolationKind {
    /// A short lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            ViolationKind::Unsignable => "unsignable",
            ViolationKind::Transport => "transport",
            ViolationKind::Envelope => "envelope",
            ViolationKind::Outcome => "outcome",
            ViolationKind::Invariant => "invariant",
            ViolationKind::State => "state",
            ViolationKind::ReadBack => "read-back",
        }
    }
}

/// Runs every step of `case` against the world of `credentials.secret_id` in `service`, signed
/// and answered at `now`, and returns every violation (empty when all checks hold).
pub fn judge(
    service: &MockService,
    credentials: &Credentials,
    case: &GenCase,
    now: i64,
) -> Vec<Violation> {
    let start = service.world(&credentials.secret_id);
    judge_from(service, credentials, case, now, &start)
}

/// [`judge`], for a caller that knows the world of `credentials.secret_id` is `start` (saves
/// copying it).
pub fn judge_from(
    service: &MockService,
    credentials: &Credentials,
    case: &GenCase,
    now: i64,
    start: &World,
) -> Vec<Violation> {
    let mut violations = Vec::new();
    let mut model = Model {
        start,
        copy: MODEL.with(|buffer| buffer.take()),
        copied: false,
    };
    let mut signed = SIGNED.with(|buffer| buffer.replace(SignedRequest::empty()));
    for (index, step) in case.steps.iter().enumerate() {
        let mut violation = |kind, detail: String| {
            violations.push(Violation {
                step: index,
                kind,
                detail,
            })
        };
        let nonce = u64::try_from(index).unwrap_or(0) + 1;
        let spec = step.spec_without_params(now, nonce);
        if let Err(error) = sign_params_into(&spec, Some(&step.params), credentials, &mut signed) {
            violation(ViolationKind::Unsignable, error.to_string());
            continue;
        }
        let received = Received {
            method: signed.method(),
            path_and_query: signed.path_and_query(),
            headers: signed.headers(),
            body: signed.body(),
        };
        let Reply::Respond {
            status,
            content_type,
            body,
            ..
        } = service.handle(&received, now, 0)
        else {
            violation(
                ViolationKind::Transport,
                "the connection was dropped".into(),
            );
            continue;
        };
        let check = envelope::validate(Some(step.action), status, Some(content_type), &body);
        for finding in &check.findings {
            violation(ViolationKind::Envelope, finding.detail.clone());
        }
        let Some(answer) = check.envelope else {
            service.inspect_world(&credentials.secret_id, |world| model.set(world));
            continue;
        };
        let code = answer.error.as_ref().map(|error| error.code.as_str());
        let server_params = step.server_params();
        let allowed = acceptable_for(step, server_params.as_ref(), &Knowledge::World(model.get()));
        if !allowed.allows(code) {
            let got = code.unwrap_or("success");
            violation(
                ViolationKind::Outcome,
                format!("answered {got}, the contract allows {allowed}"),
            );
        }
        if code.is_none() {
            if let Some(problem) = read_back(model.get(), step.action, &answer.fields) {
                violation(ViolationKind::ReadBack, problem);
            }
        }
        // From here on `model` is what the world must be after the step.
        let moved = code.is_none() && is_binding(step.action);
        if moved {
            apply_effect(model.get_mut(), step.action, server_params.as_ref());
        }
        // Compared in place: copying the world at every step would cost more than the rest.
        let (broken, diverged) = service.inspect_world(&credentials.secret_id, |after| {
            let broken = if moved {
                after.check_invariants().err()
            } else {
                None
            };
            let expected = model.get();
            let diverged = (!same_bindings(after, expected))
                .then(|| (difference(expected, after), after.clone()));
            (broken, diverged)
        });
        if let Some(error) = broken {
            violation(ViolationKind::Invariant, error.to_string());
        }
        if let Some((difference, after)) = diverged {
            let what = if code.is_some() {
                "an error changed the world"
            } else {
                "the bindings did not move as requested"
            };
            violation(ViolationKind::State, format!("{what}: {difference}"));
            model.set(&after);
        }
    }
    SIGNED.with(|buffer| buffer.replace(signed));
    MODEL.with(|buffer| buffer.replace(model.copy));
    violations
}

/// The world as it must be after the steps so far: the start until a step changes it, then a
/// copy in the thread's buffer (`clone_from` reuses its allocations), so that a warm judge
/// copies worlds without allocating.
struct Model<'a> {
    start: &'a World,
    copy: World,
    copied: bool,
}

impl Model<'_> {
    fn get(&self) -> &World {
        if self.copied {
            &self.copy
        } else {
            self.start
        }
    }

    fn get_mut(&mut self) -> &mut World {
        if !self.copied {
            self.copy.clone_from(self.start);
            self.copied = true;
        }
        &mut self.copy
    }

    fn set(&mut self, world: &World) {
        self.copy.clone_from(world);
        self.copied = true;
    }
}

thread_local! {
    /// The thread's model buffer, lent to one judge at a time.
    static MODEL: RefCell<World> = RefCell::new(World::default());

    /// The thread's request buffer, lent to one judge at a time: signing into a warm buffer
    /// allocates nothing, which matters at fuzzing rates.
    static SIGNED: RefCell<SignedRequest> = RefCell::new(SignedRequest::empty());
}

pub(crate) fn is_binding(action: Action) -> bool {
    matches!(
        action,
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs
    )
}

/// `before` with the bindings of a successful binding request moved: every distinct well-formed
/// key of the request unbound from (or bound to) every distinct well-formed instance of it.
pub(crate) fn effect(
    before: &World,
    action: Action,
    server_params: Option<&(Cow<'_, Map<String, Value>>, ParamSource)>,
) -> World {
    let mut after = before.clone();
    apply_effect(&mut after, action, server_params);
    after
}

/// [`effect`] in place.
fn apply_effect(
    world: &mut World,
    action: Action,
    server_params: Option<&(Cow<'_, Map<String, Value>>, ParamSource)>,
) {
    let Some((params, source)) = server_params else {
        return;
    };
    let parsed = parse_params(action, params, *source);
    let instance_ids = parsed.instance_ids.unwrap_or_default();
    let key_ids = parsed.key_ids.unwrap_or_default();
    for instance_id in instance_ids
        .iter()
        .filter(|id| ids::is_well_formed_instance_id(id))
    {
        for key_id in key_ids.iter().filter(|id| ids::is_well_formed_key_id(id)) {
            if action == Action::AssociateInstancesKeyPairs {
                world.bind(instance_id, key_id);
            } else {
                world.unbind(instance_id, key_id);
            }
        }
    }
}

/// Whether two worlds are equal but for the order of each instance's keys, which is not part of
/// the contract.
fn same_bindings(found: &World, expected: &World) -> bool {
    found.key_pairs == expected.key_pairs
        && found.instances.len() == expected.instances.len()
        && found
            .instances
            .iter()
            .zip(&expected.instances)
            .all(|((id, a), (other_id, b))| {
                id == other_id
                    && (a.id == b.id && a.name == b.name && a.os_name == b.os_name)
                    && (a.os, a.state, a.operation_in_progress)
                        == (b.os, b.state, b.operation_in_progress)
                    && a.role == b.role
                    && a.key_ids.len() == b.key_ids.len()
                    && a.key_ids.iter().all(|key| b.key_ids.contains(key))
            })
}

/// The world with each instance's keys sorted, for reports.
fn normalized(world: &World) -> World {
    let mut world = world.clone();
    for instance in world.instances.values_mut() {
        instance.key_ids.sort_unstable();
    }
    world
}

/// The first instance or key pair that differs, for the report.
fn difference(expected: &World, found: &World) -> String {
    let (expected, found) = (normalized(expected), normalized(found));
    for (id, instance) in &expected.instances {
        match found.instances.get(id) {
            Some(other) if other == instance => {}
            Some(other) => {
                return format!(
                    "instance {id}: expected keys {:?} in state {}, found keys {:?} in state {}",
                    instance.key_ids, instance.state, other.key_ids, other.state
                )
            }
            None => return format!("instance {id} disappeared"),
        }
    }
    if expected.instances.len() != found.instances.len() {
        return "instances were added".to_owned();
    }
    "key pairs changed".to_owned()
}

/// What a successful describe says about bindings and states that disagrees with `world`.
pub(crate) fn read_back(
    world: &World,
    action: Action,
    fields: &Map<String, Value>,
) -> Option<String> {
    let (set, id_field) = match action {
        Action::DescribeInstances => ("InstanceSet", "InstanceId"),
        Action::DescribeKeyPairs => ("KeyPairSet", "KeyId"),
        _ => return None,
    };
    let Some(Value::Array(items)) = fields.get(set) else {
        return Some(format!("the answer has no {set} list"));
    };
    for item in items {
        let id = item
            .get(id_field)
            .and_then(Value::as_str)
            .unwrap_or_default();
        let strings = |value: Option<&Value>| -> Vec<String> {
            let mut found: Vec<String> = value
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|id| id.as_str().map(str::to_owned))
                .collect();
            found.sort_unstable();
            found
        };
        if action == Action::DescribeInstances {
            let Some(instance) = world.instances.get(id) else {
                return Some(format!("{set} lists unknown instance {id:?}"));
            };
            let mut expected = instance.key_ids.clone();
            expected.sort_unstable();
            let found = strings(item.pointer("/LoginSettings/KeyIds"));
            if found != expected {
                return Some(format!(
                    "instance {id} reads back keys {found:?}, the world has {expected:?}"
                ));
            }
            if item.get("InstanceState").and_then(Value::as_str) != Some(instance.state.as_str()) {
                return Some(format!(
                    "instance {id} reads back another state than {}",
                    instance.state
                ));
            }
        } else {
            if !world.key_pairs.contains_key(id) {
                return Some(format!("{set} lists unknown key pair {id:?}"));
            }
            let expected: Vec<String> = world
                .instances_bound_to(id)
                .into_iter()
                .map(str::to_owned)
                .collect();
            let found = strings(item.get("AssociatedInstanceIds"));
            if found != expected {
                return Some(format!(
                    "key pair {id} reads back instances {found:?}, the world has {expected:?}"
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
