//! The human report of a fuzz campaign: one summary line when nothing was found; otherwise each
//! bucket with its count, its shrunk case's violation, the curl and Rust reproducers and where
//! its scenario file went; and the catch table of a self-test (one row per target).

use std::fmt::Write;

use serde_json::json;

use crate::campaign::CampaignReport;

/// Where a bucket's scenario file went, as the CLI decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written to this path; `Some(true)` when running it failed as expected, `Some(false)` when
    /// it passed (it needs the earlier requests of its case), `None` when not run.
    File(String, Option<bool>),
    /// Not written (`--no-write`).
    Skipped,
    /// Cannot be a scenario: why.
    Inexpressible(String),
}

/// The report: `written[i]` says what became of bucket `i`'s scenario file.
pub fn render(report: &CampaignReport, target: &str, written: &[Written]) -> String {
    let mut out = String::new();
    let rate = per_second(report.cases, report.elapsed.as_secs_f64());
    let skipped = if report.skipped > 0 {
        format!(
            ", {} skipped as unsafe for the endpoint",
            thousands(report.skipped)
        )
    } else {
        String::new()
    };
    let stats = format!(
        "{} cases{skipped}, {} requests in {:.1} s ({} cases/s), seed {}",
        thousands(report.cases),
        thousands(report.requests),
        report.elapsed.as_secs_f64(),
        thousands(rate),
        report.seed
    );
    if report.is_clean() {
        let _ = writeln!(out, "ok: no finding against {target}: {stats}");
        return out;
    }
    let _ = writeln!(
        out,
        "FINDINGS against {target}: {} of {} cases broke the contract, in {} bucket{}\n",
        thousands(report.failing),
        thousands(report.cases),
        report.buckets.len(),
        if report.buckets.len() == 1 { "" } else { "s" }
    );
    for (index, bucket) in report.buckets.iter().enumerate() {
        let _ = writeln!(
            out,
            "== {} ({}): {} case{}",
            bucket.bucket.name(),
            bucket.bucket.title(),
            thousands(bucket.cases),
            if bucket.cases == 1 { "" } else { "s" }
        );
        let _ = writeln!(
            out,
            "   smallest: case {} of the campaign, shrunk from size {} to {} ({} request{})",
            bucket.index,
            bucket.sizes.0,
            bucket.sizes.1,
            bucket.minimal.steps.len(),
            if bucket.minimal.steps.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        let _ = writeln!(out, "   {}", bucket.violation);
        if let Some(curl) = &bucket.curl {
            let _ = writeln!(
                out,
                "   reproduce with curl (signature redacted; re-sign with `tcconform sign`):"
            );
            for line in curl.lines() {
                let _ = writeln!(out, "     {line}");
            }
        }
        let _ = writeln!(out, "   as Rust (`tcconform::gen`):");
        for line in format!("{:?}", bucket.minimal).lines() {
            let _ = writeln!(out, "     {line}");
        }
        match written.get(index) {
            Some(Written::File(path, verified)) => {
                let verdict = match verified {
                    Some(true) => ": `tcconform run` on it fails on this target, as found",
                    Some(false) => {
                        ": alone it passes on this target (the failure needs the case's earlier requests)"
                    }
                    None => "",
                };
                let _ = writeln!(out, "   scenario: {path}{verdict}");
                let _ = writeln!(
                    out,
                    "     keep it as a regression case: review it, then `tcconform run {path} --update-snapshots`"
                );
            }
            Some(Written::Inexpressible(why)) => {
                let _ = writeln!(out, "   scenario: not written: {why}");
            }
            Some(Written::Skipped) | None => {}
        }
        let _ = writeln!(out);
    }
    let first = report.first_failing.map_or(String::new(), |first| {
        format!("; first failing case: {first}")
    });
    let _ = writeln!(out, "FAILED: {stats}{first}");
    out
}

/// The campaign as JSON lines: a summary object, then one object per bucket hit.
pub fn json(report: &CampaignReport, target: &str) -> String {
    let mut out = json!({
        "kind": "campaign",
        "target": target,
        "seed": report.seed.to_string(),
        "cases": report.cases,
        "failing": report.failing,
        "skipped": report.skipped,
        "requests": report.requests,
        "seconds": report.elapsed.as_secs_f64(),
        "first_failing": report.first_failing,
    })
    .to_string();
    out.push('\n');
    for bucket in &report.buckets {
        let line = json!({
            "kind": "bucket",
            "bucket": bucket.bucket.name(),
            "cases": bucket.cases,
            "index": bucket.index,
            "violation": bucket.violation.to_string(),
            "requests": bucket.minimal.steps.len(),
            "reproducer": format!("{:?}", bucket.minimal),
            "curl": bucket.curl,
            "scenario": bucket.scenario.as_ref().ok().map(|scenario| &scenario.file_name),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// One row of the catch table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatchRow {
    /// The target: `conforming mock` or a mutant's name.
    pub target: String,
    /// Whether the row is as it must be: findings for a mutant, none for the conforming mock.
    pub expected_findings: bool,
    /// Cases run.
    pub cases: u64,
    /// Failing cases.
    pub failing: u64,
    /// The lowest index of a failing case.
    pub first_failing: Option<u64>,
    /// The buckets hit.
    pub buckets: Vec<&'static str>,
}

impl CatchRow {
    /// Whether the row is as it must be.
    pub fn holds(&self) -> bool {
        (self.failing > 0) == self.expected_findings
    }
}

/// The catch table: one row per target, and a verdict line.
pub fn catch_table(rows: &[CatchRow]) -> String {
    let mut out = String::new();
    let width = rows
        .iter()
        .map(|row| row.target.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "{:<width$}  {:<8}  {:>7}  {:>7}  {:>11}  buckets",
        "target", "verdict", "cases", "failing", "first catch"
    );
    for row in rows {
        let verdict = match (row.holds(), row.expected_findings) {
            (true, true) => "caught",
            (true, false) => "clean",
            (false, true) => "MISSED",
            (false, false) => "FLAGGED",
        };
        let first = row
            .first_failing
            .map_or("-".to_owned(), |first| format!("case {first}"));
        let _ = writeln!(
            out,
            "{:<width$}  {verdict:<8}  {:>7}  {:>7}  {first:>11}  {}",
            row.target,
            row.cases,
            row.failing,
            if row.buckets.is_empty() {
                "-".to_owned()
            } else {
                row.buckets.join(", ")
            }
        );
    }
    let broken = rows.iter().filter(|row| !row.holds()).count();
    if broken == 0 {
        let _ = writeln!(
            out,
            "ok: every faulty mode caught, nothing reported against the conforming mock"
        );
    } else {
        let _ = writeln!(out, "FAILED: {broken} row(s) not as they must be");
    }
    out
}

/// `count` events over `seconds`, per second, rounded.
pub fn per_second(count: u64, seconds: f64) -> u64 {
    if seconds <= 0.0 {
        return count;
    }
    (count as f64 / seconds).round() as u64
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(target: &str, expected: bool, failing: u64) -> CatchRow {
        CatchRow {
            target: target.into(),
            expected_findings: expected,
            cases: 100,
            failing,
            first_failing: (failing > 0).then_some(3),
            buckets: if failing > 0 {
                vec!["wrong-code"]
            } else {
                vec![]
            },
        }
    }

    #[test]
    fn the_catch_table_flags_misses_and_false_alarms() {
        let good = catch_table(&[
            row("conforming mock", false, 0),
            row("limit-off-by-one", true, 4),
        ]);
        assert!(good.contains("caught") && good.contains("clean"), "{good}");
        assert!(good.ends_with("conforming mock\n"), "{good}");
        let bad = catch_table(&[row("conforming mock", false, 1), row("x", true, 0)]);
        assert!(bad.contains("MISSED") && bad.contains("FLAGGED"), "{bad}");
        assert!(bad.contains("FAILED: 2 row(s)"), "{bad}");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
