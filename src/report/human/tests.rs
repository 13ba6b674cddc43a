//! Unit tests of the human report on a small hand-made report.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use super::*;
use crate::contract::Action;
use crate::runner::{Check, Finding, Observed};
use crate::scenario::{Effect, Location, Pos};

fn case(name: &str, outcome: Outcome, observed: Option<Observed>) -> CaseResult {
    CaseResult {
        full_name: format!("unbind/{name}"),
        group: "unbind".into(),
        name: name.into(),
        description: format!("what {name} pins"),
        location: Location {
            path: PathBuf::from("scenarios/unbind.toml"),
            pos: Pos { line: 3, column: 1 },
        },
        effect: Effect::Rejected,
        action: Action::DisassociateInstancesKeyPairs,
        outcome,
        observed,
        expected_codes: BTreeSet::from(["InvalidInstanceId.Malformed"]),
        snapshot: None,
        reproducer: Some(
            "curl -sS -X POST http://127.0.0.1:1/ \\\n  -H 'Authorization: …Signature=[redacted]'"
                .into(),
        ),
        elapsed: Duration::from_millis(3),
    }
}

fn report() -> Report {
    let findings = vec![
        Finding::new(
            Check::Outcome,
            "answered `Made.Up`, expected `InvalidInstanceId.Malformed`",
        )
        .with_detail("expected at scenarios/unbind.toml:9:1"),
        Finding::new(Check::Envelope, "code \"Made.Up\" is not documented"),
    ];
    Report {
        target: "the embedded mock at http://127.0.0.1:1".into(),
        profile: Some("mock".into()),
        snapshot_dir: Some(PathBuf::from("snapshots")),
        cases: vec![
            case(
                "good",
                Outcome::Pass,
                Some(Observed::Code("InvalidInstanceId.Malformed".into())),
            ),
            case(
                "bad",
                Outcome::Fail(findings),
                Some(Observed::Code("Made.Up".into())),
            ),
            case(
                "later",
                Outcome::Skipped {
                    reason: "needs roles".into(),
                },
                None,
            ),
        ],
        snapshots_written: Vec::new(),
        requests: 5,
        elapsed: Duration::from_millis(1500),
    }
}

#[test]
fn case_lines_and_failures() {
    let report = report();
    assert_eq!(case_line(&report.cases[0]), "PASS  unbind/good");
    assert_eq!(
        case_line(&report.cases[1]),
        "FAIL  unbind/bad  (2 findings)"
    );
    assert_eq!(
        case_line(&report.cases[2]),
        "SKIP  unbind/later: needs roles"
    );
    assert_eq!(
        failure(&report.cases[1]),
        "FAIL  unbind/bad  (scenarios/unbind.toml:3:1)
  what bad pins
  outcome: answered `Made.Up`, expected `InvalidInstanceId.Malformed`
    expected at scenarios/unbind.toml:9:1
  envelope: code \"Made.Up\" is not documented
  answered: Made.Up
  reproduce (signature and token redacted):
    curl -sS -X POST http://127.0.0.1:1/ \\
      -H 'Authorization: …Signature=[redacted]'
"
    );
}

#[test]
fn the_matrix_and_the_summary() {
    let report = report();
    let text = render(&report, true);
    assert!(
        text.starts_with("PASS  unbind/good\nFAIL  unbind/bad  (2 findings)\n"),
        "{text}"
    );
    assert!(text.contains("coverage of DisassociateInstancesKeyPairs: 26 documented codes, 1 expected by some case, 1 observed"), "{text}");
    assert!(
        text.contains("\n  InvalidInstanceId.Malformed                           yes       yes\n"),
        "{text}"
    );
    assert!(
        text.contains("\n  Made.Up (undocumented)                                -         yes\n"),
        "{text}"
    );
    assert!(text.contains("never exercised (25): "), "{text}");
    assert!(text.ends_with(
        "FAILED: 3 cases, 1 passed, 1 failed, 1 skipped in 1.50 s (5 requests) against the embedded mock at http://127.0.0.1:1 (profile mock, snapshots in snapshots)\n"
    ), "{text}");
    assert!(!render(&report, false).contains("PASS  unbind/good"));
}

#[test]
fn a_failed_restore_is_loud() {
    let mut report = report();
    report.cases[1].outcome = Outcome::Fail(vec![Finding::new(Check::Restore, "RESTORE FAILED")]);
    report.snapshot_dir = None;
    let summary = summary(&report);
    assert!(
        summary.contains("(snapshots not compared: no profile)"),
        "{summary}"
    );
    assert!(summary.ends_with("fix them by hand"), "{summary}");
}
