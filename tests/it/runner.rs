//! The runner, black box: the fixture suite of `tests/it/fixtures/runner/` against the embedded
//! mock (it passes), against a mock told to misbehave (every misbehaviour is a finding of the
//! right check), against a separately spawned mock as a remote endpoint (safety, restore), and
//! the `tcconform run` binary (exit codes, snapshots, dry run, reports), and cases sharing one
//! world whose findings stay their own.

mod binary;
mod remote;
mod shared_world;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tcconform::contract::roles;
use tcconform::mock::fault_spec::Trigger;
use tcconform::mock::{FaultSpec, Mutant};
use tcconform::runner::{
    self, CaseResult, Check, EmbeddedMock, Observed, Outcome, Report, RunConfig, SnapshotMode,
    TargetConfig,
};
use tcconform::scenario::{load_paths, Suite};

/// The directory of the runner's fixture cases.
fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/runner")
}

/// The fixture suite, or only the cases whose full name contains `filter`.
fn suite(filter: Option<&str>) -> Suite {
    let suite =
        load_paths(&[fixtures_dir()]).unwrap_or_else(|errors| panic!("{}", errors.render()));
    suite.filter(filter, &[])
}

fn embedded(faults: Vec<FaultSpec>, mutant: Option<Mutant>) -> RunConfig {
    RunConfig {
        target: TargetConfig::EmbeddedMock(EmbeddedMock {
            world: roles::default_world(),
            faults,
            mutant,
        }),
        concurrency: 4,
        timeout: Duration::from_secs(10),
        snapshots: SnapshotMode::Off,
    }
}

fn run(suite: &Suite, config: &RunConfig) -> Report {
    let mut seen = 0;
    let report =
        runner::run_blocking(suite, config, &mut |_| seen += 1).expect("the run completes");
    assert_eq!(seen, suite.len(), "the observer sees every case once");
    assert_eq!(report.cases.len(), suite.len());
    report
}

fn case<'a>(report: &'a Report, full_name: &str) -> &'a CaseResult {
    report
        .cases
        .iter()
        .find(|case| case.full_name == full_name)
        .unwrap_or_else(|| panic!("no case {full_name}"))
}

fn checks(case: &CaseResult) -> BTreeSet<Check> {
    case.outcome
        .findings()
        .iter()
        .map(|finding| finding.check)
        .collect()
}

fn failures(report: &Report) -> String {
    report
        .cases
        .iter()
        .filter(|case| !matches!(case.outcome, Outcome::Pass))
        .map(|case| format!("{}: {:?}", case.full_name, case.outcome))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_fixture_suite_passes_against_the_embedded_mock() {
    let suite = suite(None);
    let report = run(&suite, &embedded(Vec::new(), None));
    assert_eq!(report.passed(), suite.len(), "{}", failures(&report));
    // Suite order, whatever order the cases finished in.
    let names: Vec<&str> = report
        .cases
        .iter()
        .map(|case| case.full_name.as_str())
        .collect();
    let expected: Vec<String> = suite.cases().iter().map(|case| case.full_name()).collect();
    assert_eq!(names, expected);
    let one_pair = case(&report, "basics/one-pair");
    assert_eq!(one_pair.observed, Some(Observed::Success));
    assert_eq!(one_pair.reproducer, None, "reproducers are for failures");
    let snapshot = one_pair.snapshot.as_deref().unwrap_or("");
    assert!(
        snapshot.contains("\"RequestId\": \"[request-id]\""),
        "{snapshot}"
    );
    let malformed = case(&report, "basics/malformed-instance");
    assert!(malformed
        .expected_codes
        .contains("InvalidInstanceId.Malformed"));
}

#[test]
fn an_undocumented_forced_code_is_an_envelope_outcome_and_state_finding() {
    let forced = FaultSpec::ForceCode {
        code: "Made.Up".into(),
        message: None,
        trigger: Trigger::Next(1),
    };
    let report = run(
        &suite(Some("basics/one-pair")),
        &embedded(vec![forced], None),
    );
    let one_pair = case(&report, "basics/one-pair");
    assert_eq!(
        checks(one_pair),
        BTreeSet::from([Check::Envelope, Check::Outcome, Check::State]),
        "{:?}",
        one_pair.outcome
    );
    let messages: Vec<&str> = one_pair
        .outcome
        .findings()
        .iter()
        .map(|finding| finding.message.as_str())
        .collect();
    assert!(
        messages.contains(&"code \"Made.Up\" is not documented for DisassociateInstancesKeyPairs"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"answered `Made.Up`, expected success"),
        "{messages:?}"
    );
    assert_eq!(one_pair.observed, Some(Observed::Code("Made.Up".into())));
    let reproducer = one_pair.reproducer.as_deref().unwrap_or("");
    assert!(
        reproducer.starts_with("curl -sS -X POST http://127.0.0.1:"),
        "{reproducer}"
    );
    assert!(reproducer.contains("Signature=[redacted]"), "{reproducer}");
    assert!(!reproducer.contains(tcconform::mock::DEMO_SECRET_KEY));
}

#[test]
fn a_garbage_body_is_an_envelope_finding() {
    let garbage = FaultSpec::GarbageBody { count: Some(1) };
    let report = run(
        &suite(Some("basics/malformed")),
        &embedded(vec![garbage], None),
    );
    let malformed = case(&report, "basics/malformed-instance");
    assert_eq!(checks(malformed), BTreeSet::from([Check::Envelope]));
    assert!(malformed.outcome.findings()[0]
        .message
        .starts_with("body is not json"));
    assert_eq!(malformed.observed, Some(Observed::Unreadable));
    assert!(malformed
        .snapshot
        .as_deref()
        .unwrap_or("")
        .contains("body (not json"));
}

#[test]
fn a_dropped_connection_is_a_transport_finding() {
    let dropped = FaultSpec::DropConnection { count: Some(1) };
    let report = run(
        &suite(Some("basics/one-pair")),
        &embedded(vec![dropped], None),
    );
    let one_pair = case(&report, "basics/one-pair");
    // No answer: the transport check fails, and the case's own state expectation too (nothing
    // was unbound); the automatic state check allows "unchanged" for a lost answer.
    assert_eq!(
        checks(one_pair),
        BTreeSet::from([Check::Transport, Check::State]),
        "{:?}",
        one_pair.outcome
    );
    assert_eq!(
        one_pair.outcome.findings()[0].message,
        "no answer: the connection broke before a complete answer"
    );
    assert!(
        !report.unreachable(),
        "a dropped connection is not an unreachable target"
    );
}

#[test]
fn mutants_of_the_mock_are_caught() {
    let suite = suite(Some("basics/"));
    let cases = [
        (
            Mutant::SuccessWithoutEffect,
            "basics/one-pair",
            Check::State,
        ),
        (
            Mutant::CharsetInContentType,
            "basics/malformed-instance",
            Check::Envelope,
        ),
        (
            Mutant::RunningWithoutForceStop,
            "basics/running-needs-force-stop",
            Check::Outcome,
        ),
        (
            Mutant::BadSignatureAccepted,
            "basics/wrong-secret",
            Check::Outcome,
        ),
        (
            Mutant::UpperCaseRequestId,
            "basics/put-method",
            Check::Envelope,
        ),
    ];
    for (mutant, full_name, check) in cases {
        let report = run(&suite, &embedded(Vec::new(), Some(mutant)));
        let caught = case(&report, full_name);
        assert!(
            checks(caught).contains(&check),
            "{mutant}: {full_name} should fail {check}: {:?}",
            caught.outcome
        );
        if full_name == "basics/put-method" {
            let reproducer = caught.reproducer.as_deref().unwrap_or("");
            assert!(reproducer.contains("-X PUT "), "{reproducer}");
        }
    }
}

#[test]
fn snapshots_are_compared_and_updated() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("runner-snapshots");
    let _ = std::fs::remove_dir_all(&dir);
    let suite = suite(Some("basics/malformed"));
    let mut config = embedded(Vec::new(), None);
    config.snapshots = SnapshotMode::Compare(dir.clone());
    let missing = run(&suite, &config);
    assert_eq!(checks(&missing.cases[0]), BTreeSet::from([Check::Snapshot]));
    config.snapshots = SnapshotMode::Update(dir.clone());
    let updated = run(&suite, &config);
    assert_eq!(updated.passed(), 1, "{}", failures(&updated));
    let path = dir.join("scenario__basics__malformed-instance.snap");
    assert_eq!(updated.snapshots_written, std::slice::from_ref(&path));
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.starts_with("---\nsource: tests/it/scenarios.rs\nexpression: normalised_response\n---\nstatus: 200\n"), "{text}");
    // Unchanged: nothing written again, and the comparison holds.
    assert!(run(&suite, &config).snapshots_written.is_empty());
    config.snapshots = SnapshotMode::Compare(dir.clone());
    assert_eq!(run(&suite, &config).passed(), 1);
    std::fs::write(
        &path,
        text.replace("InvalidInstanceId.Malformed", "InvalidInstanceId.NotFound"),
    )
    .expect("edited");
    let changed = run(&suite, &config);
    let finding = &changed.cases[0].outcome.findings()[0];
    assert_eq!(finding.check, Check::Snapshot);
    let diff = finding.detail.as_deref().unwrap_or("");
    assert!(
        diff.contains("-       \"Code\": \"InvalidInstanceId.NotFound\","),
        "{diff}"
    );
    assert!(
        diff.contains("+       \"Code\": \"InvalidInstanceId.Malformed\","),
        "{diff}"
    );
}
