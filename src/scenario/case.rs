//! A validated case, as the loader builds it: what to send, what it may do to the target, and what
//! to expect. Only the loader constructs one, so everything in it has been checked: the roles exist,
//! the codes are documented for the action, the effect is consistent with the expectation.

use std::collections::{BTreeMap, BTreeSet};

use crate::contract::{Acceptable, Action, InstanceState};
use crate::scenario::params::Template;
use crate::scenario::protocol::Protocol;
use crate::scenario::source::Location;
use crate::wire::{Encoding, SignMethod};

/// The profile name of the built-in mock, for `[case.expect.profiles.mock]`.
pub const MOCK_PROFILE: &str = "mock";

/// One scenario case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub(crate) group: String,
    pub(crate) name: String,
    pub(crate) location: Location,
    pub(crate) description: String,
    pub(crate) tags: Vec<String>,
    pub(crate) effect: Effect,
    pub(crate) action: Action,
    pub(crate) encoding: Encoding,
    pub(crate) sign_method: SignMethod,
    pub(crate) request: RequestTemplate,
    pub(crate) protocol: Protocol,
    pub(crate) fault: Option<Fault>,
    pub(crate) expect: Expect,
    pub(crate) roles: BTreeSet<String>,
}

impl Case {
    /// The group: the stem of the file the case is in.
    pub fn group(&self) -> &str {
        &self.group
    }

    /// The case's name, unique in its file.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `group/name`, unique in a suite.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.group, self.name)
    }

    /// Where the case's `[[case]]` header is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What the documentation promises for this input.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The case's tags, as written.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// What running the case may do to the target.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// The action whose parameters and documented codes the case uses.
    pub fn action(&self) -> Action {
        self.action
    }

    /// How the parameters travel.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// How the request is signed.
    pub fn sign_method(&self) -> SignMethod {
        self.sign_method
    }

    /// Every role the case names (in `params` and in `expect.state`), sorted.
    pub fn roles(&self) -> &BTreeSet<String> {
        &self.roles
    }

    /// The fault the mock is told to inject, if any (such a case runs on the mock only).
    pub fn fault(&self) -> Option<&Fault> {
        self.fault.as_ref()
    }

    /// Why the case can run against the mock only, if it can.
    pub fn mock_only_reason(&self) -> Option<String> {
        let fault = self.fault.as_ref()?;
        Some(format!(
            "it forces a fault (`fault.{}`) that only the mock can inject",
            fault.field()
        ))
    }

    /// The profile names the case pins an outcome for, sorted.
    pub fn pinned_profiles(&self) -> impl Iterator<Item = &str> {
        self.expect.profiles.keys().map(String::as_str)
    }

    /// What the case expects for `profile` (see [`Expected`] for the precedence), and where that
    /// expectation is written (`None` for the oracle).
    pub fn expected(&self, profile: Option<&str>) -> (Expected, Option<&Location>) {
        let pinned = profile
            .and_then(|profile| self.expect.profiles.get(profile))
            .or(self.expect.outcome.as_ref());
        if let Some(pinned) = pinned {
            return (
                Expected::Outcomes(pinned.acceptable.clone()),
                Some(&pinned.location),
            );
        }
        let expected = match &self.fault {
            Some(Fault::Code { code, .. }) => Expected::Outcomes(Acceptable {
                success: false,
                codes: BTreeSet::from([*code]),
            }),
            Some(Fault::GarbageBody) => Expected::NotJson,
            Some(Fault::DropConnection) => Expected::NoResponse,
            None => Expected::Oracle,
        };
        (expected, None)
    }
}

/// What running a case may do to the target. Against anything but the mock, only `rejected` cases
/// run unless the user allows more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Effect {
    /// Expected to fail validation: changes nothing.
    Rejected,
    /// May change key bindings (the runner restores them afterwards).
    Mutating,
    /// May stop a running instance (`ForceStop`), and change bindings.
    Disruptive,
}

impl Effect {
    /// Every effect, mildest first.
    pub const ALL: &'static [Effect] = &[Effect::Rejected, Effect::Mutating, Effect::Disruptive];

    /// The name as written in a scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Effect::Rejected => "rejected",
            Effect::Mutating => "mutating",
            Effect::Disruptive => "disruptive",
        }
    }
}

/// A fault the mock injects instead of answering the request (mock-only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer this documented error code (with this message, or the code's documented meaning).
    Code {
        /// The code.
        code: &'static str,
        /// The message; `None` lets the mock use the code's documented meaning.
        message: Option<String>,
    },
    /// Answer HTTP 200 with a body that is not JSON.
    GarbageBody,
    /// Close the connection without an answer.
    DropConnection,
}

impl Fault {
    /// The `[case.fault]` field that asks for it (`code`, `garbage_body`, `drop_connection`).
    pub fn field(&self) -> &'static str {
        match self {
            Fault::Code { .. } => "code",
            Fault::GarbageBody => "garbage_body",
            Fault::DropConnection => "drop_connection",
        }
    }
}

/// What a case expects of the answer.
///
/// Precedence: a pin for the target's profile (`[case.expect.profiles.NAME]`), else the case's
/// own `expect.success` / `expect.codes`, else what a `[case.fault]` implies (its code; no response
/// for a dropped connection; a non-JSON body for a garbage body), else the oracle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Whatever the oracle allows for the request's parameters.
    Oracle,
    /// These outcomes, replacing the oracle's.
    Outcomes(Acceptable),
    /// No valid answer: the connection is dropped (the harness must notice).
    NoResponse,
    /// An answer whose body is not JSON (the envelope check must flag it).
    NotJson,
}

/// The request as written: parameters (with role references and generators) or exact bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RequestTemplate {
    Params(Template),
    Raw(String),
}

/// `[case.expect]`, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Expect {
    pub(crate) outcome: Option<Pinned>,
    pub(crate) profiles: BTreeMap<String, Pinned>,
    pub(crate) state: Vec<StateTemplate>,
}

/// Acceptable outcomes and where they are written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pinned {
    pub(crate) acceptable: Acceptable,
    pub(crate) location: Location,
}

/// One `[case.expect.state.ROLE]` table, validated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StateTemplate {
    pub(crate) role: String,
    pub(crate) check: CheckTemplate,
}

/// What is expected of one resource, before role references become IDs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CheckTemplate {
    Unchanged,
    Instance {
        keys: Option<Vec<Reference>>,
        state: Option<InstanceState>,
    },
    KeyPair {
        instances: Option<Vec<Reference>>,
    },
}

/// A resource named by role (`@bound_key`) or by literal ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reference {
    Role(String),
    Id(String),
}
