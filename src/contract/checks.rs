//! Every problem of a request against what is known of the world, in precedence order, each with
//! the documented codes it may yield. The one place where the rules of the key-pair actions live:
//! the deterministic service answers the first problem it refuses, the oracle accepts the codes of
//! every problem, so the two cannot disagree.
//!
//! Precedence (the order of [`findings`], which is the order the service answers in):
//! 1. parameter problems (see `params::parse_request`): unknown names, missing, wrong types, bad values;
//! 2. list sizes: `InstanceIds` over 100, then `KeyIds` over 100 (`InvalidParameterValue.LimitExceeded`);
//! 3. malformed IDs in list order, the instance list first (`InvalidInstanceId.Malformed`,
//!    `InvalidKeyPairId.Malformed`);
//! 4. IDs that do not exist, in list order, the instance list first (`…NotFound`);
//! 5. per instance, in list order without duplicates: another operation in progress
//!    (`OperationDenied.InstanceOperationInProgress`), then the OS
//!    (`UnsupportedOperation.InstanceOsWindows`), then the state (`UnsupportedOperation.InstanceState*`);
//! 6. cases the documentation leaves open, which the service accepts: duplicate IDs (de-duplicated),
//!    unbinding a key that is not bound or binding one that is (a no-op).
//!
//! The describe actions have their own, shorter list (see `describe`).
//!
//! The rules report to a [`Sink`] as they go, each message still unwritten ([`Report`]): the
//! oracle reads codes only, and the service stops at the first refusal and writes one message.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::ControlFlow;

use smallvec::SmallVec;

use crate::contract::action::Action;
use crate::contract::codes::*;
use crate::contract::describe;
use crate::contract::ids::{self, IdClass, MalformedReason};
use crate::contract::knowledge::{InstanceFacts, Knowledge, Lookup};
use crate::contract::limits;
use crate::contract::params::ParsedParams;
use crate::contract::state::{self, InstanceState, Os};
use crate::contract::world::Instance;

/// One problem of a request: the codes it may yield (the service's answer first), whether a
/// server may nevertheless succeed, and whether the deterministic service refuses the request.
///
/// Invariant: a finding that does not allow success is refused by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    codes: Vec<&'static str>,
    success_allowed: bool,
    service_refuses: bool,
    message: String,
}

impl Finding {
    /// Every documented code a server may answer for this problem.
    pub fn codes(&self) -> &[&'static str] {
        &self.codes
    }

    /// The code the deterministic service answers when it refuses on this problem.
    pub fn answer(&self) -> &'static str {
        self.codes[0]
    }

    /// Whether a server may succeed despite this problem.
    pub fn allows_success(&self) -> bool {
        self.success_allowed
    }

    /// Whether the deterministic service refuses the request on this problem.
    pub fn service_refuses(&self) -> bool {
        self.service_refuses
    }

    /// What the problem is, naming the offending parameter or ID.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A finding as a rule reports it, its message not yet written.
///
/// Invariant: a report that does not allow success is refused by the service.
#[derive(Clone, Copy)]
pub(crate) struct Report<'a> {
    codes: &'a [&'static str],
    success_allowed: bool,
    service_refuses: bool,
    message: fmt::Arguments<'a>,
}

/// Where the rules report their findings, in precedence order; `Break` stops them.
pub(crate) type Sink<'s> = dyn FnMut(Report<'_>) -> ControlFlow<()> + 's;

impl<'a> Report<'a> {
    /// A problem every server must refuse with one of `codes`.
    pub(crate) fn refuse(codes: &'a [&'static str], message: fmt::Arguments<'a>) -> Report<'a> {
        Report::new(codes, false, true, message)
    }

    /// A problem the documentation is silent about: success or one of `codes`; the service refuses.
    pub(crate) fn doubtful(codes: &'a [&'static str], message: fmt::Arguments<'a>) -> Report<'a> {
        Report::new(codes, true, true, message)
    }

    /// A problem the documentation is silent about, or a fact the knowledge lacks: success or one of
    /// `codes`; the service succeeds.
    pub(crate) fn tolerated(codes: &'a [&'static str], message: fmt::Arguments<'a>) -> Report<'a> {
        Report::new(codes, true, false, message)
    }

    fn new(
        codes: &'a [&'static str],
        success_allowed: bool,
        service_refuses: bool,
        message: fmt::Arguments<'a>,
    ) -> Report<'a> {
        assert!(!codes.is_empty(), "a finding needs a code");
        Report {
            codes,
            success_allowed,
            service_refuses,
            message,
        }
    }

    /// Every documented code a server may answer for this problem.
    pub(crate) fn codes(&self) -> &'a [&'static str] {
        self.codes
    }

    /// Whether a server may succeed despite this problem.
    pub(crate) fn allows_success(&self) -> bool {
        self.success_allowed
    }

    /// Whether the deterministic service refuses the request on this problem.
    pub(crate) fn service_refuses(&self) -> bool {
        self.service_refuses
    }

    /// What the problem is, written out.
    pub(crate) fn message(&self) -> String {
        self.message.to_string()
    }

    /// The finding, its message written.
    pub(crate) fn to_finding(self) -> Finding {
        Finding {
            codes: self.codes.to_vec(),
            success_allowed: self.success_allowed,
            service_refuses: self.service_refuses,
            message: self.message(),
        }
    }
}

/// Why an instance refuses a key-pair action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Another operation is in progress.
    OperationInProgress,
    /// The OS family is not supported.
    Os(Os),
    /// The state is not allowed.
    State(InstanceState),
}

/// The refusals of an instance with `facts` to `action`, in precedence order (operation in
/// progress, OS, state), each with its codes (the service's answer first).
pub fn instance_refusals(
    action: Action,
    facts: InstanceFacts,
    force_stop: bool,
) -> Vec<(Refusal, &'static [&'static str])> {
    let mut refusals: Vec<(Refusal, &'static [&'static str])> = Vec::new();
    if facts.operation_in_progress {
        refusals.push((
            Refusal::OperationInProgress,
            &[OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS],
        ));
    }
    let os_codes = facts.os.refusal_codes(action);
    if !os_codes.is_empty() {
        refusals.push((Refusal::Os(facts.os), os_codes));
    }
    let state_codes = state::state_codes(action, facts.state, force_stop);
    if !state_codes.is_empty() {
        refusals.push((Refusal::State(facts.state), state_codes));
    }
    refusals
}

/// Every code an instance of unknown existence and condition may yield for `action`: not found,
/// and every per-instance code the action documents.
pub fn unknown_instance_codes(action: Action) -> Vec<&'static str> {
    let unmodelled: &[&'static str] = match action {
        Action::DisassociateInstancesKeyPairs => &[
            UNSUPPORTED_OPERATION_INSTANCE_STATE_BANNING,
            UNSUPPORTED_OPERATION_INSTANCE_STATE_FREEZING,
            UNSUPPORTED_OPERATION_STOPPED_MODE_STOP_CHARGING,
        ],
        Action::AssociateInstancesKeyPairs => &[
            UNSUPPORTED_OPERATION_INSTANCE_STATE_FREEZING,
            UNSUPPORTED_OPERATION_INSTANCE_STATE_ISOLATING,
            UNSUPPORTED_OPERATION_STOPPED_MODE_STOP_CHARGING,
        ],
        Action::DescribeInstances | Action::DescribeKeyPairs => &[],
    };
    let mut codes = vec![
        INVALID_INSTANCE_ID_NOT_FOUND,
        OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
    ];
    codes.extend_from_slice(Os::Windows.refusal_codes(action));
    codes.extend(state::all_state_codes(action));
    codes.extend_from_slice(unmodelled);
    let mut seen = BTreeSet::new();
    codes.retain(|code| seen.insert(*code));
    codes
}

/// The codes of a malformed instance ID: both documented Malformed codes.
pub fn instance_id_malformed_codes() -> &'static [&'static str] {
    &[
        INVALID_INSTANCE_ID_MALFORMED,
        INVALID_PARAMETER_VALUE_INSTANCE_ID_MALFORMED,
    ]
}

/// The codes of a malformed key-pair ID: Malformed, and for upper case also NotFound where the
/// action documents it (the key charset is undocumented).
pub fn key_id_malformed_codes(action: Action, reason: MalformedReason) -> &'static [&'static str] {
    let has_not_found = action != Action::DescribeKeyPairs;
    if reason == MalformedReason::UpperCase && has_not_found {
        &[INVALID_KEY_PAIR_ID_MALFORMED, INVALID_KEY_PAIR_ID_NOT_FOUND]
    } else {
        &[INVALID_KEY_PAIR_ID_MALFORMED]
    }
}

/// Every problem of `parsed` (parameters of `action`) against `knowledge`, in precedence order.
pub fn findings(action: Action, parsed: &ParsedParams, knowledge: &Knowledge<'_>) -> Vec<Finding> {
    let mut found = Vec::new();
    let _ = visit(action, parsed, knowledge, &mut |report| {
        found.push(report.to_finding());
        ControlFlow::Continue(())
    });
    found
}

/// Reports every problem of `parsed` (parameters of `action`) against `knowledge` to `sink`, in
/// precedence order, until the sink breaks.
pub(crate) fn visit(
    action: Action,
    parsed: &ParsedParams,
    knowledge: &Knowledge<'_>,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    for problem in &parsed.problems {
        sink(Report::refuse(
            problem.acceptable_codes(),
            format_args!("{problem}"),
        ))?;
    }
    match action {
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs => {
            binding_findings(action, parsed, knowledge, sink)
        }
        Action::DescribeInstances | Action::DescribeKeyPairs => {
            describe::describe_findings(action, parsed, sink)
        }
    }
}

fn binding_findings(
    action: Action,
    parsed: &ParsedParams,
    knowledge: &Knowledge<'_>,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let force_stop = parsed.force_stop.unwrap_or(false);
    let instance_ids = parsed.instance_ids.as_deref().unwrap_or_default();
    let key_ids = parsed.key_ids.as_deref().unwrap_or_default();
    // 2. List sizes.
    for (name, list, max) in [
        ("InstanceIds", instance_ids, limits::MAX_INSTANCE_IDS),
        ("KeyIds", key_ids, limits::MAX_KEY_IDS),
    ] {
        if list.len() > max {
            sink(Report::refuse(
                &[INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED],
                format_args!(
                    "`{name}` holds {} ids, at most {max} are allowed",
                    list.len()
                ),
            ))?;
        }
    }
    // 3. Malformed IDs.
    for id in instance_ids {
        if let IdClass::Malformed(reason) = ids::classify_instance_id(id) {
            sink(Report::refuse(
                instance_id_malformed_codes(),
                format_args!("instance id `{id}` is malformed: {reason}"),
            ))?;
        }
    }
    for id in key_ids {
        if let IdClass::Malformed(reason) = ids::classify_key_id(id) {
            sink(Report::refuse(
                key_id_malformed_codes(action, reason),
                format_args!("key pair id `{id}` is malformed: {reason}"),
            ))?;
        }
    }
    // 4. Existence, of the well-formed IDs, each once.
    // Held inline for the usual few IDs (no allocation per request); each known instance keeps
    // the world's entry when the whole world is known, for step 6's bindings without another
    // lookup.
    let mut instances: SmallVec<[FoundInstance<'_>; 4]> =
        SmallVec::with_capacity(instance_ids.len());
    for id in each_once(instance_ids, ids::is_well_formed_instance_id) {
        let (lookup, entry) = knowledge.instance_entry(id);
        match lookup {
            Lookup::Absent => sink(Report::refuse(
                &[INVALID_INSTANCE_ID_NOT_FOUND],
                format_args!("instance `{id}` does not exist"),
            ))?,
            Lookup::Unknown => {
                sink(Report::tolerated(
                    &unknown_instance_codes(action),
                    format_args!(
                        "whether instance `{id}` exists, and in which condition, is unknown"
                    ),
                ))?;
                instances.push((id, None, None));
            }
            Lookup::Known(facts) => instances.push((id, Some(facts), entry)),
        }
    }
    let mut keys: SmallVec<[&str; 4]> = SmallVec::with_capacity(key_ids.len());
    for id in each_once(key_ids, ids::is_well_formed_key_id) {
        match knowledge.key_pair(id) {
            Lookup::Absent => sink(Report::refuse(
                &[INVALID_KEY_PAIR_ID_NOT_FOUND],
                format_args!("key pair `{id}` does not exist"),
            ))?,
            Lookup::Unknown => {
                let codes: &[&'static str] = match action {
                    Action::AssociateInstancesKeyPairs => &[
                        INVALID_KEY_PAIR_ID_NOT_FOUND,
                        INVALID_PARAMETER_VALUE_KEY_PAIR_NOT_SUPPORTED,
                    ],
                    _ => &[INVALID_KEY_PAIR_ID_NOT_FOUND],
                };
                sink(Report::tolerated(
                    codes,
                    format_args!("whether key pair `{id}` exists is unknown"),
                ))?;
                keys.push(id);
            }
            Lookup::Known(()) => keys.push(id),
        }
    }
    // 5. Per instance: operation in progress, OS, state.
    for (id, facts, _) in &instances {
        let Some(facts) = facts else { continue };
        for (refusal, codes) in instance_refusals(action, *facts, force_stop) {
            sink(Report::refuse(
                codes,
                format_args!("{}", RefusalMessage(id, refusal)),
            ))?;
        }
    }
    // 6. What the documentation leaves open.
    for (name, list) in [
        ("InstanceIds", &parsed.instance_ids),
        ("KeyIds", &parsed.key_ids),
    ] {
        if let Some(duplicate) = list.as_deref().and_then(first_duplicate) {
            sink(Report::tolerated(
                &[INVALID_PARAMETER_VALUE],
                format_args!("`{name}` lists `{duplicate}` more than once"),
            ))?;
        }
    }
    let pairs = instances.iter().flat_map(|(instance_id, _, entry)| {
        keys.iter()
            .map(move |key_id| (*instance_id, *entry, *key_id))
    });
    for (instance_id, entry, key_id) in pairs {
        let bound = match entry {
            Some(instance) => Some(instance.has_key(key_id)),
            None => knowledge.is_bound(instance_id, key_id),
        };
        // One such finding says all there is to say.
        match action {
            Action::DisassociateInstancesKeyPairs if bound != Some(true) => {
                return sink(Report::tolerated(
                    &[
                        INVALID_PARAMETER_VALUE,
                        FAILED_OPERATION_DISASSOCIATE_KEY_PAIR_FAILED,
                    ],
                    format_args!(
                        "key pair `{key_id}` may not be bound to instance `{instance_id}`"
                    ),
                ));
            }
            Action::AssociateInstancesKeyPairs if bound != Some(false) => {
                return sink(Report::tolerated(
                    &[INVALID_PARAMETER_VALUE],
                    format_args!(
                        "key pair `{key_id}` may already be bound to instance `{instance_id}`"
                    ),
                ));
            }
            _ => {}
        }
    }
    ControlFlow::Continue(())
}

/// An instance of a binding request as the checks found it: its ID, its facts when known, and
/// the world's entry when the whole world is known.
type FoundInstance<'a> = (&'a str, Option<InstanceFacts>, Option<&'a Instance>);

/// The message of a refusal, written only when read.
struct RefusalMessage<'a>(&'a str, Refusal);

impl fmt::Display for RefusalMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let RefusalMessage(id, refusal) = self;
        match refusal {
            Refusal::OperationInProgress => write!(f, "instance `{id}` has another operation in progress, retry later"),
            Refusal::Os(os) => write!(f, "instance `{id}` runs {os}, the action supports linux instances only"),
            Refusal::State(state) => write!(f,
                "instance `{id}` is in state `{state}`, the action needs `STOPPED` (or `RUNNING` with `ForceStop`)"
            ),
        }
    }
}

/// Up to this many distinct IDs are searched in order; past it they go into a set. Long lists
/// of a few IDs repeated (the boundary cases) stay linear either way.
const LINEAR_DISTINCT: usize = 16;

/// The IDs of a long `list` that pass `keep`, each once, in first-seen order: [`each_once`]'s
/// collected path.
fn distinct<S: AsRef<str>>(list: &[S], keep: impl Fn(&str) -> bool) -> Vec<&str> {
    let mut kept: Vec<&str> = Vec::with_capacity(list.len());
    let mut seen = BTreeSet::new();
    for id in list.iter().map(AsRef::as_ref) {
        if keep(id) && is_new(&kept, &mut seen, id) {
            kept.push(id);
        }
    }
    kept
}

/// The IDs of `list` that pass `keep`, each once, in first-seen order; a short list is searched in
/// place, a long one collected once (through a set past [`LINEAR_DISTINCT`] distinct IDs).
pub(crate) fn each_once<S: AsRef<str>, F: Fn(&str) -> bool>(
    list: &[S],
    keep: F,
) -> EachOnce<'_, S, F> {
    if list.len() <= LINEAR_DISTINCT {
        EachOnce::Short {
            list,
            next: 0,
            keep,
        }
    } else {
        EachOnce::Long(distinct(list, keep).into_iter())
    }
}

/// The iterator of [`each_once`].
pub(crate) enum EachOnce<'a, S, F> {
    /// A short list, searched in place.
    Short { list: &'a [S], next: usize, keep: F },
    /// A long list, collected by [`distinct`].
    Long(std::vec::IntoIter<&'a str>),
}

impl<'a, S: AsRef<str>, F: Fn(&str) -> bool> Iterator for EachOnce<'a, S, F> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            EachOnce::Long(ids) => ids.next(),
            EachOnce::Short { list, next, keep } => {
                let list: &'a [S] = list;
                while let Some(id) = list.get(*next) {
                    let (earlier, id) = (&list[..*next], id.as_ref());
                    *next += 1;
                    if keep(id) && !earlier.iter().any(|seen| seen.as_ref() == id) {
                        return Some(id);
                    }
                }
                None
            }
        }
    }
}

fn first_duplicate<S: AsRef<str>>(list: &[S]) -> Option<&str> {
    if list.len() <= LINEAR_DISTINCT {
        // Short lists (every list a request may carry) are searched in place.
        return list
            .iter()
            .enumerate()
            .map(|(index, id)| (&list[..index], id.as_ref()))
            .find(|(earlier, id)| earlier.iter().any(|seen| seen.as_ref() == *id))
            .map(|(_, id)| id);
    }
    let mut distinct: Vec<&str> = Vec::with_capacity(list.len());
    let mut seen = BTreeSet::new();
    list.iter().map(AsRef::as_ref).find(|id| {
        let new = is_new(&distinct, &mut seen, id);
        if new {
            distinct.push(id);
        }
        !new
    })
}

/// Whether `id` is not among `distinct` (the IDs kept so far; the caller keeps a new one):
/// searched in order while they are few, through `set` (filled on first use) once they are many.
fn is_new<'a>(distinct: &[&'a str], set: &mut BTreeSet<&'a str>, id: &'a str) -> bool {
    if distinct.len() < LINEAR_DISTINCT {
        return !distinct.contains(&id);
    }
    if set.is_empty() {
        set.extend(distinct.iter().copied());
    }
    set.insert(id)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::contract::params::{parse_params, ParamSource};
    use crate::contract::roles::default_world;

    const DISASSOCIATE: Action = Action::DisassociateInstancesKeyPairs;

    proptest::proptest! {
        #[test]
        fn each_once_and_first_duplicate_agree_with_a_set(
            list in proptest::collection::vec(proptest::sample::select(vec!["a", "b", "c", "d", "bad"]), 0..40)
        ) {
            let keep = |id: &str| id != "bad";
            let mut seen = std::collections::HashSet::new();
            let expected: Vec<&str> = list.iter().copied().filter(|id| keep(id) && seen.insert(*id)).collect();
            proptest::prop_assert_eq!(each_once(&list, keep).collect::<Vec<_>>(), expected.clone());
            proptest::prop_assert_eq!(distinct(&list, keep), expected);
            let mut seen = std::collections::HashSet::new();
            let duplicate = list.iter().copied().find(|id| !seen.insert(*id));
            proptest::prop_assert_eq!(first_duplicate(&list), duplicate);
        }
    }

    fn findings_for(params: Value, knowledge: &Knowledge<'_>) -> Vec<Finding> {
        let Value::Object(params) = params else {
            panic!("params must be an object")
        };
        findings(
            DISASSOCIATE,
            &parse_params(DISASSOCIATE, &params, ParamSource::Json),
            knowledge,
        )
    }

    #[test]
    fn constructors_keep_the_invariant() {
        let refused = Report::refuse(&[MISSING_PARAMETER], format_args!("m")).to_finding();
        assert!(!refused.allows_success() && refused.service_refuses());
        let doubtful = Report::doubtful(&[INVALID_FILTER], format_args!("m")).to_finding();
        assert!(doubtful.allows_success() && doubtful.service_refuses());
        let tolerated = Report::tolerated(&[INVALID_PARAMETER_VALUE], format_args!("m"));
        assert!(tolerated.allows_success() && !tolerated.service_refuses());
        let tolerated = tolerated.to_finding();
        assert_eq!(tolerated.answer(), INVALID_PARAMETER_VALUE);
        assert_eq!(tolerated.message(), "m");
    }

    #[test]
    fn findings_come_in_precedence_order() {
        let world = default_world();
        let many: Vec<String> = (0..101).map(|n| format!("ins-{n:08}")).collect();
        let mut instance_ids = many;
        instance_ids.extend([
            "ins-1122".to_owned(),
            "ins-windows1".to_owned(),
            "ins-windows1".to_owned(),
        ]);
        let params = json!({"InstanceIds": instance_ids, "KeyIds": ["skey-zzzzzzzz"], "Extra": 1});
        let answers: Vec<&str> = findings_for(params, &Knowledge::World(&world))
            .iter()
            .map(Finding::answer)
            .collect();
        let mut expected = vec![
            UNKNOWN_PARAMETER,
            INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
            INVALID_INSTANCE_ID_MALFORMED,
        ];
        expected.extend([INVALID_INSTANCE_ID_NOT_FOUND; 101]);
        expected.extend([
            INVALID_KEY_PAIR_ID_NOT_FOUND,
            UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
            INVALID_PARAMETER_VALUE,
        ]);
        assert_eq!(answers, expected);
    }

    #[test]
    fn unknown_instances_may_yield_every_per_instance_code() {
        for action in [DISASSOCIATE, Action::AssociateInstancesKeyPairs] {
            let codes = unknown_instance_codes(action);
            let mut sorted = codes.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), codes.len(), "no duplicates");
            for code in &codes {
                assert!(
                    action_codes(action).iter().any(|info| info.code == *code),
                    "{action} {code}"
                );
            }
            // Every UnsupportedOperation code of the action's list is a per-instance code.
            for info in action_codes(action) {
                if info.code.starts_with("UnsupportedOperation.") {
                    assert!(codes.contains(&info.code), "{action} {}", info.code);
                }
            }
        }
    }

    #[test]
    fn upper_case_keys_may_be_not_found() {
        let upper = key_id_malformed_codes(DISASSOCIATE, MalformedReason::UpperCase);
        assert_eq!(
            upper,
            [INVALID_KEY_PAIR_ID_MALFORMED, INVALID_KEY_PAIR_ID_NOT_FOUND]
        );
        let short = MalformedReason::WrongLength {
            found: 4,
            expected: 8,
        };
        assert_eq!(
            key_id_malformed_codes(DISASSOCIATE, short),
            [INVALID_KEY_PAIR_ID_MALFORMED]
        );
        assert_eq!(
            key_id_malformed_codes(Action::DescribeKeyPairs, MalformedReason::UpperCase),
            [INVALID_KEY_PAIR_ID_MALFORMED]
        );
    }

    #[test]
    fn refusals_come_operation_os_state() {
        let facts = InstanceFacts {
            os: Os::Windows,
            state: InstanceState::Pending,
            operation_in_progress: true,
        };
        let refusals: Vec<Refusal> = instance_refusals(DISASSOCIATE, facts, true)
            .into_iter()
            .map(|(refusal, _)| refusal)
            .collect();
        assert_eq!(
            refusals,
            [
                Refusal::OperationInProgress,
                Refusal::Os(Os::Windows),
                Refusal::State(InstanceState::Pending)
            ]
        );
        let fine = InstanceFacts {
            os: Os::Linux,
            state: InstanceState::Running,
            operation_in_progress: false,
        };
        assert!(instance_refusals(DISASSOCIATE, fine, true).is_empty());
        assert_eq!(instance_refusals(DISASSOCIATE, fine, false).len(), 1);
    }
}
