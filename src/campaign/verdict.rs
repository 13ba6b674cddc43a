//! Judging one generated case from the answers that came over the wire (pure): the envelope, the
//! outcome against the oracle for the world before each step, what a describe reads back, and the
//! world read after the case against what the answers say it must be.
//!
//! The in-process judge (`gen::judge`) looks at the mock's world directly; over the wire the only
//! window on the target is its API, so the state check reads `DescribeInstances` once after a
//! case that sent a binding request, for every instance of the model those requests named (a
//! success must move exactly the requested bindings, an error must move none), and compares it
//! with the model this module keeps. Instances no request named are not read: a target could
//! only change them by a fault no request points at, and reading the whole world after every
//! case would halve a campaign's rate.

use serde_json::{json, Map, Value};

use crate::campaign::bucket::Bucket;
use crate::contract::{Acceptable, Knowledge, World};
use crate::gen::judge::{effect, is_binding, read_back};
use crate::gen::{acceptable, GenCase, GenStep, Violation, ViolationKind};
use crate::runner::Answer;
use crate::wire::envelope;

/// The most instances one state read covers: `DescribeInstances`' documented `Limit` maximum.
const MAX_READ: usize = crate::contract::limits::DESCRIBE_LIMIT_MAX as usize;

/// How much the judge may assume about the target's world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// The model is the target's whole world (the embedded mock, reset before each case): the
    /// oracle judges with full knowledge.
    Model,
    /// The model holds only the fixtures' resources (an endpoint): the oracle judges from what the
    /// role names imply, and any transient code (throttling, internal errors) is acceptable.
    Roles,
}

/// The judgement of one case in progress: feed it every step's answer in order, then the state
/// read after the case if [`CaseJudge::needs_state_read`] says so.
#[derive(Debug, Clone)]
pub struct CaseJudge<'a> {
    model: World,
    trust: Trust,
    id_roles: &'a std::collections::BTreeMap<String, String>,
    sent_binding: bool,
    /// The model's instances the binding requests named, in the order named.
    touched: Vec<String>,
    violations: Vec<(Bucket, Violation)>,
}

impl<'a> CaseJudge<'a> {
    /// A judge for a case run on a world that is `start` (as far as the model goes); `id_roles`
    /// maps the target's IDs to role names (used with [`Trust::Roles`]).
    pub fn new(
        start: World,
        trust: Trust,
        id_roles: &'a std::collections::BTreeMap<String, String>,
    ) -> CaseJudge<'a> {
        CaseJudge {
            model: start,
            trust,
            id_roles,
            sent_binding: false,
            touched: Vec::new(),
            violations: Vec::new(),
        }
    }

    /// The outcomes the contract allows for `step` on the world as the model has it now.
    pub fn allowed(&self, step: &GenStep) -> Acceptable {
        match self.trust {
            Trust::Model => acceptable(step, &Knowledge::World(&self.model)),
            Trust::Roles => acceptable(step, &Knowledge::Roles(self.id_roles)).with_transient(),
        }
    }

    /// Judges the answer to step `index` and moves the model on.
    pub fn step(&mut self, index: usize, step: &GenStep, answer: &Answer) {
        if is_binding(step.action) {
            self.sent_binding = true;
            self.touch(step);
        }
        let (status, content_type, body) = match answer {
            Answer::Response {
                status,
                content_type,
                body,
            } => (*status, content_type.as_deref(), body.as_slice()),
            Answer::Nothing { why, detail } => {
                self.push(index, ViolationKind::Transport, format!("{why}: {detail}"));
                return;
            }
        };
        let check = envelope::validate(Some(step.action), status, content_type, body);
        for finding in &check.findings {
            let bucket = match finding.kind {
                envelope::FindingKind::UndocumentedCode => Bucket::UndocumentedCode,
                _ => Bucket::Envelope,
            };
            self.push_in(
                bucket,
                index,
                ViolationKind::Envelope,
                finding.detail.clone(),
            );
        }
        let Some(answer) = check.envelope else {
            return;
        };
        let code = answer.error.as_ref().map(|error| error.code.as_str());
        let allowed = self.allowed(step);
        if !allowed.allows(code) {
            let got = code.unwrap_or("success");
            self.push(
                index,
                ViolationKind::Outcome,
                format!("answered {got}, the contract allows {allowed}"),
            );
        }
        if code.is_none() && self.trust == Trust::Model {
            if let Some(problem) = read_back(&self.model, step.action, &answer.fields) {
                self.push(index, ViolationKind::ReadBack, problem);
            }
        }
        if code.is_none() && is_binding(step.action) {
            let server_params = step.server_params();
            self.model = effect(&self.model, step.action, server_params.as_ref());
        }
    }

    /// Records that step `index` could not be built (a generator bug, not the target's).
    pub fn harness(&mut self, index: usize, detail: String) {
        self.push(index, ViolationKind::Unsignable, detail);
    }

    /// Whether the case sent a binding request (so the target's world may have changed).
    pub fn sent_binding(&self) -> bool {
        self.sent_binding
    }

    /// Whether the case needs the state read after it: a binding request named an instance of
    /// the model.
    pub fn needs_state_read(&self) -> bool {
        !self.touched.is_empty()
    }

    /// The `DescribeInstances` parameters that read every instance the binding requests named
    /// (at most the documented 100 per call).
    pub fn state_read_params(&self) -> Map<String, Value> {
        let ids: Vec<&str> = self.touched.iter().map(String::as_str).collect();
        let mut params = Map::new();
        params.insert("InstanceIds".to_owned(), json!(ids));
        params.insert("Limit".to_owned(), json!(ids.len().max(1)));
        params
    }

    /// Judges the state read after a case of `steps` steps: every instance the model holds must
    /// read back with the keys and state the answers imply. A violation here is a state one,
    /// reported at step `steps` ("after the case").
    pub fn state_read(&mut self, steps: usize, answer: &Answer) {
        let detail = |what: String| format!("the state read after the case: {what}");
        let Answer::Response {
            status,
            content_type,
            body,
        } = answer
        else {
            if let Answer::Nothing { why, .. } = answer {
                self.push(steps, ViolationKind::Transport, detail(why.to_string()));
            }
            return;
        };
        let check = envelope::validate(
            Some(crate::contract::Action::DescribeInstances),
            *status,
            content_type.as_deref(),
            body,
        );
        let Some(read) = check.envelope else {
            self.push(
                steps,
                ViolationKind::Envelope,
                detail("the DescribeInstances answer is not an envelope".to_owned()),
            );
            return;
        };
        if let Some(error) = &read.error {
            if !crate::contract::Acceptable::is_transient(&error.code) {
                self.push(
                    steps,
                    ViolationKind::ReadBack,
                    detail(format!("DescribeInstances answered {}", error.code)),
                );
            }
            return;
        }
        let listed: Vec<&str> = read
            .fields
            .get("InstanceSet")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|item| item.get("InstanceId").and_then(Value::as_str))
            .collect();
        let missing = self
            .touched
            .iter()
            .find(|id| !listed.contains(&id.as_str()));
        if let Some(id) = missing {
            self.push(
                steps,
                ViolationKind::State,
                detail(format!("instance {id} is missing")),
            );
        } else if let Some(problem) = read_back(
            &self.model,
            crate::contract::Action::DescribeInstances,
            &read.fields,
        ) {
            self.push(steps, ViolationKind::State, detail(problem));
        }
    }

    /// The world as the answers say it must be now.
    pub fn model(&self) -> &World {
        &self.model
    }

    /// Every violation found, with its bucket, in the order found.
    pub fn finish(self) -> Vec<(Bucket, Violation)> {
        self.violations
    }

    /// Adds the model's instances `step` names (as the server decodes its parameters).
    fn touch(&mut self, step: &GenStep) {
        let Some((params, _)) = step.server_params() else {
            return;
        };
        let named = params
            .get("InstanceIds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        for id in named {
            let known = self.model.instances.contains_key(id);
            if known && self.touched.len() < MAX_READ && !self.touched.iter().any(|t| t == id) {
                self.touched.push(id.to_owned());
            }
        }
    }

    fn push(&mut self, step: usize, kind: ViolationKind, detail: String) {
        self.push_in(Bucket::of(kind), step, kind, detail);
    }

    fn push_in(&mut self, bucket: Bucket, step: usize, kind: ViolationKind, detail: String) {
        self.violations
            .push((bucket, Violation { step, kind, detail }));
    }
}

/// Whether HTTP can carry `step` as generated. A request without `Host` cannot: HTTP/1.1 requires
/// one and the client adds it back, so the target would see a different request than the one
/// judged.
pub fn carried_by_http(step: &GenStep) -> bool {
    !step.faults.iter().any(|fault| {
        matches!(
            fault,
            crate::gen::ProtocolFault::Breakage(crate::wire::Breakage::RemoveHeader(name))
                if name.eq_ignore_ascii_case("host")
        )
    })
}

/// Whether any step of `case` may succeed with an effect on the target: a binding request whose
/// allowed outcomes (for what role names imply) include success.
pub fn may_mutate(case: &GenCase, id_roles: &std::collections::BTreeMap<String, String>) -> bool {
    case.steps.iter().any(|step| {
        is_binding(step.action) && acceptable(step, &Knowledge::Roles(id_roles)).allows(None)
    })
}

#[cfg(test)]
mod tests;
