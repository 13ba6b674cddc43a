//! The human report: one line per case, then every failure in full (each finding with its detail,
//! the snapshot diff, what came back, a curl reproducer with the signature and token redacted),
//! the coverage matrix of documented codes, and a summary.
//!
//! ```text
//! PASS  unbind/one-pair
//! FAIL  faults/garbage-body
//! SKIP  encodings/form-hmac-sha1: needs roles the target does not provide: `busy`
//!
//! FAIL  faults/garbage-body  (scenarios/faults.toml:13:1)
//!   a body that is not JSON is caught by the envelope check
//!   envelope: body is not json: expected value at line 1 column 1
//!   answered: an unreadable response
//!   reproduce (signature and token redacted):
//!     curl -sS -X POST http://127.0.0.1:41234/ \
//!       …
//!
//! coverage of DisassociateInstancesKeyPairs: 26 documented codes, 24 expected, 22 observed
//!   code                                                  expected  observed
//!   InvalidInstanceId.Malformed                           yes       yes
//!   …
//!   never exercised: FailedOperation.DisassociateKeyPairFailed, …
//!
//! FAILED: 3 cases, 1 passed, 1 failed, 1 skipped in 0.42 s (5 requests) against the embedded mock at http://…
//! ```

use std::fmt::Write;

use crate::contract::Action;
use crate::report::coverage::{coverage, Coverage};
use crate::runner::{CaseResult, Outcome, Report};

/// Width of the code column of the coverage matrix.
const CODE_WIDTH: usize = 54;

/// The one-line verdict of a case: `PASS  group/name`, `FAIL  group/name`,
/// `SKIP  group/name: reason`.
pub fn case_line(case: &CaseResult) -> String {
    match &case.outcome {
        Outcome::Pass => format!("PASS  {}", case.full_name),
        Outcome::Fail(findings) => {
            let what = if findings.len() == 1 {
                "1 finding".to_owned()
            } else {
                format!("{} findings", findings.len())
            };
            format!("FAIL  {}  ({what})", case.full_name)
        }
        Outcome::Skipped { reason } => format!("SKIP  {}: {reason}", case.full_name),
    }
}

/// The whole report: the case lines (unless `case_lines` is false, when they were shown live),
/// every failure in full, the coverage matrix and the summary.
pub fn render(report: &Report, case_lines: bool) -> String {
    let mut out = String::new();
    if case_lines {
        for case in &report.cases {
            out.push_str(&case_line(case));
            out.push('\n');
        }
    }
    for case in &report.cases {
        if let Outcome::Fail(_) = case.outcome {
            out.push('\n');
            out.push_str(&failure(case));
        }
    }
    for matrix in coverage(&report.cases) {
        out.push('\n');
        out.push_str(&coverage_text(&matrix));
    }
    if !report.snapshots_written.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "snapshots written ({}); review them before committing:",
            report.snapshots_written.len()
        );
        for path in &report.snapshots_written {
            let _ = writeln!(out, "  {}", path.display());
        }
    }
    out.push('\n');
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// One failed case in full.
pub fn failure(case: &CaseResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "FAIL  {}  ({})", case.full_name, case.location);
    let _ = writeln!(out, "  {}", case.description);
    for finding in case.outcome.findings() {
        let _ = writeln!(out, "  {finding}");
        if let Some(detail) = &finding.detail {
            for line in detail.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    if let Some(observed) = &case.observed {
        let _ = writeln!(out, "  answered: {observed}");
    }
    if let Some(curl) = &case.reproducer {
        out.push_str("  reproduce (signature and token redacted):\n");
        for line in curl.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

/// The coverage matrix of one action: every documented code for the action under test; for the
/// sibling actions (used to set up and check state) only the codes that came up.
pub fn coverage_text(matrix: &Coverage) -> String {
    let under_test = matrix.action == Action::DisassociateInstancesKeyPairs;
    let own = matrix.rows.iter().filter(|row| row.documented == "action");
    let expected = own.clone().filter(|row| row.expected).count();
    let observed = own.filter(|row| row.observed).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "coverage of {}: {} documented codes, {expected} expected by some case, {observed} observed",
        matrix.action, matrix.documented
    );
    let _ = writeln!(out, "  {:<CODE_WIDTH$}expected  observed", "code");
    for row in &matrix.rows {
        if !under_test && !row.expected && !row.observed {
            continue;
        }
        let code = match row.documented {
            "action" => row.code.clone(),
            other => format!("{} ({other})", row.code),
        };
        let mark = |flag: bool| if flag { "yes" } else { "-" };
        let _ = writeln!(
            out,
            "  {code:<CODE_WIDTH$}{:<10}{}",
            mark(row.expected),
            mark(row.observed)
        );
    }
    let never = matrix.never_exercised();
    if !under_test {
        let _ = writeln!(
            out,
            "  ({} of its documented codes never exercised; a sibling action, used to set up and check state)",
            never.len()
        );
    } else if never.is_empty() {
        out.push_str("  every documented code is exercised\n");
    } else {
        let _ = writeln!(
            out,
            "  never exercised ({}): {}",
            never.len(),
            never.join(", ")
        );
    }
    out
}

/// `ok: 84 cases, 84 passed, 0 failed, 0 skipped in 1.20 s (190 requests) against …`, `FAILED: …`,
/// and a banner
/// when a restore failed.
pub fn summary(report: &Report) -> String {
    let verdict = if report.failed() == 0 { "ok" } else { "FAILED" };
    let mut out =
        format!(
        "{verdict}: {} {}, {} passed, {} failed, {} skipped in {:.2} s ({} requests) against {}",
        report.cases.len(),
        if report.cases.len() == 1 { "case" } else { "cases" },
        report.passed(),
        report.failed(),
        report.skipped(),
        report.elapsed.as_secs_f64(),
        report.requests,
        report.target
    );
    match (&report.profile, &report.snapshot_dir) {
        (_, None) => out.push_str(" (snapshots not compared: no profile)"),
        (Some(profile), Some(dir)) => {
            let _ = write!(out, " (profile {profile}, snapshots in {})", dir.display());
        }
        (None, Some(dir)) => {
            let _ = write!(out, " (snapshots in {})", dir.display());
        }
    }
    if report.restore_failed() {
        out.push_str(
            "\nRESTORE FAILED: at least one case left the target's fixtures changed; see the \
             `restore:` findings above and fix them by hand",
        );
    }
    out
}

#[cfg(test)]
mod tests;
