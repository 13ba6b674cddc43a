//! What a run produces: per case an [`Outcome`] (pass, fail with every [`Finding`], or skipped with
//! its reason) and what was seen, gathered in a [`Report`]. Conformance failures live here as
//! data; nothing in a report is an error.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::contract::Action;
use crate::runner::answer::{NoAnswer, Observed};
use crate::scenario::{Effect, Location};

/// Which check of design §4 (or which step of the harness) a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// 1: an answer came, within the time budget.
    Transport,
    /// 2–5: status, content type, envelope shape, error shape and documented code.
    Envelope,
    /// 6: the outcome is one the case or the oracle allows.
    Outcome,
    /// 7: the state after the call.
    State,
    /// 8: the normalised response matches the stored snapshot.
    Snapshot,
    /// The target's fixtures could not be put back as they were (endpoints only).
    Restore,
    /// The harness could not prepare the case (sign it, read the state before it).
    Setup,
}

impl Check {
    /// A short stable name (`transport`, `envelope`, `outcome`, `state`, `snapshot`, `restore`,
    /// `setup`).
    pub fn name(self) -> &'static str {
        match self {
            Check::Transport => "transport",
            Check::Envelope => "envelope",
            Check::Outcome => "outcome",
            Check::State => "state",
            Check::Snapshot => "snapshot",
            Check::Restore => "restore",
            Check::Setup => "setup",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One way an answer (or the target's state) broke the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The check that found it.
    pub check: Check,
    /// One line saying what is wrong.
    pub message: String,
    /// More lines: a diff, the oracle's reasons, the client's words.
    pub detail: Option<String>,
}

impl Finding {
    /// A finding without detail.
    pub fn new(check: Check, message: impl Into<String>) -> Finding {
        Finding {
            check,
            message: message.into(),
            detail: None,
        }
    }

    /// This finding with `detail` (ignored when empty).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Finding {
        let detail = detail.into();
        if !detail.trim().is_empty() {
            self.detail = Some(detail);
        }
        self
    }
}

impl fmt::Display for Finding {
    /// `check: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.check, self.message)
    }
}

/// The verdict on one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every check held.
    Pass,
    /// At least one check failed; every finding is listed.
    Fail(Vec<Finding>),
    /// The case did not run against this target.
    Skipped {
        /// Why (missing roles, mock-only, not allowed against this endpoint).
        reason: String,
    },
}

impl Outcome {
    /// `Pass` when `findings` is empty, `Fail(findings)` otherwise.
    pub fn from_findings(findings: Vec<Finding>) -> Outcome {
        if findings.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail(findings)
        }
    }

    /// `pass`, `fail` or `skipped`.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail(_) => "fail",
            Outcome::Skipped { .. } => "skipped",
        }
    }

    /// The findings (empty unless `Fail`).
    pub fn findings(&self) -> &[Finding] {
        match self {
            Outcome::Fail(findings) => findings,
            _ => &[],
        }
    }
}

/// Everything known about one case after the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// `group/name`.
    pub full_name: String,
    /// The group (the scenario file's stem).
    pub group: String,
    /// The case's name in its group.
    pub name: String,
    /// What the documentation promises, as the case says.
    pub description: String,
    /// Where the case is written.
    pub location: Location,
    /// What the case may do to the target.
    pub effect: Effect,
    /// The action judging the request.
    pub action: Action,
    /// The verdict.
    pub outcome: Outcome,
    /// What came back for the case's request (`None` when it was not sent).
    pub observed: Option<Observed>,
    /// The codes the case's expectation (its own, or the oracle's) allowed: for the coverage matrix.
    pub expected_codes: BTreeSet<&'static str>,
    /// The normalised response (`None` when the request was not sent).
    pub snapshot: Option<String>,
    /// A curl command reproducing the request, secrets redacted (`None` when not sent).
    pub reproducer: Option<String>,
    /// Time spent on the case, state checks and restore included.
    pub elapsed: Duration,
}

impl CaseResult {
    /// Whether the target could not be connected to for this case.
    pub fn unreachable(&self) -> bool {
        self.observed == Some(Observed::Nothing(NoAnswer::Connect))
    }

    /// Whether the case restored the target's fixtures and failed to.
    pub fn restore_failed(&self) -> bool {
        self.outcome
            .findings()
            .iter()
            .any(|finding| finding.check == Check::Restore)
    }
}

/// The results of one run, in suite order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What the cases ran against, for people (`the embedded mock at http://…`).
    pub target: String,
    /// The snapshot profile compared against, if any.
    pub profile: Option<String>,
    /// Where snapshots are compared or written (`None`: snapshots are not checked).
    pub snapshot_dir: Option<PathBuf>,
    /// One result per case of the suite, in suite order.
    pub cases: Vec<CaseResult>,
    /// Snapshot files written (with `--update-snapshots`).
    pub snapshots_written: Vec<PathBuf>,
    /// Requests sent: the cases' own, the state reads and the restores.
    pub requests: usize,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Report {
    /// How many cases passed.
    pub fn passed(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Pass))
    }

    /// How many cases failed.
    pub fn failed(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Fail(_)))
    }

    /// How many cases were skipped.
    pub fn skipped(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Skipped { .. }))
    }

    /// Whether at least one restore failed: the target is left changed.
    pub fn restore_failed(&self) -> bool {
        self.cases.iter().any(CaseResult::restore_failed)
    }

    /// Whether the target could not be reached for any case that tried (and at least one tried).
    pub fn unreachable(&self) -> bool {
        let mut tried = self.cases.iter().filter(|case| case.observed.is_some());
        let first = tried.next();
        first.is_some_and(|first| first.unreachable() && tried.all(CaseResult::unreachable))
    }

    fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.cases
            .iter()
            .filter(|case| which(&case.outcome))
            .count()
    }
}
