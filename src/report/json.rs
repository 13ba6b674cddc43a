//! JSON lines: one object per case, in suite order, for tools.
//!
//! ```text
//! {"case":"unbind/one-pair","group":"unbind","name":"one-pair","location":"scenarios/unbind.toml:4:1","effect":"mutating","action":"DisassociateInstancesKeyPairs","outcome":"pass","reason":null,"findings":[],"answered":"success","elapsed_ms":3,"reproducer":"curl …"}
//! ```

use serde_json::{json, Value};

use crate::runner::{CaseResult, Outcome, Report};

/// One case as a JSON object: `case`, `group`, `name`, `location`, `effect`, `action`, `outcome`
/// (`pass`, `fail`, `skipped`), `reason` (why skipped), `findings` (each `check`, `message`,
/// `detail`), `answered` (`success`, a code, or what kept the answer away; `null` when not sent),
/// `expected_codes`, `elapsed_ms` and `reproducer` (redacted curl, `null` when not sent).
pub fn case_json(case: &CaseResult) -> Value {
    let reason = match &case.outcome {
        Outcome::Skipped { reason } => Some(reason.as_str()),
        _ => None,
    };
    let findings: Vec<Value> = case
        .outcome
        .findings()
        .iter()
        .map(|finding| {
            json!({
                "check": finding.check.name(),
                "message": finding.message,
                "detail": finding.detail,
            })
        })
        .collect();
    json!({
        "case": case.full_name,
        "group": case.group,
        "name": case.name,
        "location": case.location.to_string(),
        "effect": case.effect.name(),
        "action": case.action.name(),
        "outcome": case.outcome.name(),
        "reason": reason,
        "findings": findings,
        "answered": case.observed.as_ref().map(ToString::to_string),
        "expected_codes": case.expected_codes,
        "elapsed_ms": u64::try_from(case.elapsed.as_millis()).unwrap_or(u64::MAX),
        "reproducer": case.reproducer,
    })
}

/// Every case of `report`, one JSON object per line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for case in &report.cases {
        out.push_str(&case_json(case).to_string());
        out.push('\n');
    }
    out
}
