//! Check 6: the outcome (success or an error code) is one the case allows: its own expectation
//! (or profile pin), the code a forced fault implies, or else what the oracle allows for the
//! request and what is known of the world. A transient code (`RequestLimitExceeded`, …) that the
//! expectation does not list is a finding of its own kind of words: the target could not judge.

use crate::contract::Acceptable;
use crate::runner::answer::Observed;
use crate::runner::check::{Basis, Judgement};
use crate::runner::result::{Check, Finding};

/// The findings of check 6 for what was `observed`, judged by `judgement`. Answers that carry no
/// outcome (no answer, an unreadable body) are the other checks' findings, not this one's.
pub fn check(observed: &Observed, judgement: &Judgement) -> Vec<Finding> {
    let Judgement::Outcomes { acceptable, basis } = judgement else {
        return Vec::new();
    };
    let code = match observed {
        Observed::Success => None,
        Observed::Code(code) => Some(code.as_str()),
        Observed::Unreadable | Observed::Nothing(_) => return Vec::new(),
    };
    if acceptable.allows(code) {
        return Vec::new();
    }
    let answered = code.map_or_else(|| "success".to_owned(), |code| format!("`{code}`"));
    let expected = expected_text(acceptable);
    let message = match code {
        Some(code) if Acceptable::is_transient(code) => format!(
            "answered the transient code {answered} (the target could not judge the request; \
             expected {expected})"
        ),
        _ => format!("answered {answered}, expected {expected}"),
    };
    let detail = match basis {
        Basis::Oracle { reasons } if reasons.is_empty() => {
            "the oracle sees no problem in the request".to_owned()
        }
        Basis::Oracle { reasons } => {
            let mut text = "the oracle's reasons, in precedence order:".to_owned();
            for reason in reasons {
                text.push_str("\n  - ");
                text.push_str(reason);
            }
            text
        }
        Basis::Case { at } => format!("expected at {at}"),
        Basis::Fault => "the code the mock was told to force".to_owned(),
    };
    vec![Finding::new(Check::Outcome, message).with_detail(detail)]
}

/// `success`, `` `A` ``, `` one of `A`, `B` `` or `` success, or one of `A`, `B` ``.
fn expected_text(acceptable: &Acceptable) -> String {
    let codes: Vec<String> = acceptable
        .codes
        .iter()
        .map(|code| format!("`{code}`"))
        .collect();
    match (acceptable.success, codes.as_slice()) {
        (_, []) if acceptable.success => "success".to_owned(),
        (_, []) => "nothing at all".to_owned(),
        (true, [code]) => format!("success or {code}"),
        (false, [code]) => code.clone(),
        (true, codes) => format!("success, or one of {}", codes.join(", ")),
        (false, codes) => format!("one of {}", codes.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use super::*;
    use crate::scenario::{Location, Pos};

    fn allowing(success: bool, codes: &[&'static str], basis: Basis) -> Judgement {
        Judgement::Outcomes {
            acceptable: Acceptable {
                success,
                codes: codes.iter().copied().collect::<BTreeSet<_>>(),
            },
            basis,
        }
    }

    fn oracle(reasons: &[&str]) -> Basis {
        Basis::Oracle {
            reasons: reasons.iter().map(|reason| (*reason).to_owned()).collect(),
        }
    }

    #[test]
    fn an_allowed_outcome_has_no_finding() {
        let judgement = allowing(true, &["InvalidParameterValue"], oracle(&[]));
        assert!(check(&Observed::Success, &judgement).is_empty());
        assert!(check(&Observed::Code("InvalidParameterValue".into()), &judgement).is_empty());
        assert!(check(&Observed::Unreadable, &judgement).is_empty());
        assert!(check(&Observed::Success, &Judgement::NotJson).is_empty());
    }

    #[test]
    fn a_wrong_code_names_the_expectation_and_the_reasons() {
        let judgement = allowing(
            false,
            &[
                "InvalidInstanceId.Malformed",
                "InvalidParameterValue.InstanceIdMalformed",
            ],
            oracle(&["instance id `ins-1122` is malformed"]),
        );
        let findings = check(
            &Observed::Code("InvalidInstanceId.NotFound".into()),
            &judgement,
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "answered `InvalidInstanceId.NotFound`, expected one of `InvalidInstanceId.Malformed`, \
             `InvalidParameterValue.InstanceIdMalformed`"
        );
        assert_eq!(
            findings[0].detail.as_deref(),
            Some("the oracle's reasons, in precedence order:\n  - instance id `ins-1122` is malformed")
        );
    }

    #[test]
    fn success_when_an_error_was_due_and_the_reverse() {
        let at = Location {
            path: PathBuf::from("scenarios/unbind.toml"),
            pos: Pos { line: 4, column: 1 },
        };
        let findings = check(
            &Observed::Success,
            &allowing(
                false,
                &["UnsupportedOperation.InstanceStateRunning"],
                Basis::Case { at },
            ),
        );
        assert_eq!(
            findings[0].message,
            "answered success, expected `UnsupportedOperation.InstanceStateRunning`"
        );
        assert_eq!(
            findings[0].detail.as_deref(),
            Some("expected at scenarios/unbind.toml:4:1")
        );
        let findings = check(
            &Observed::Code("MissingParameter".into()),
            &allowing(true, &[], oracle(&[])),
        );
        assert_eq!(
            findings[0].message,
            "answered `MissingParameter`, expected success"
        );
    }

    #[test]
    fn transient_codes_say_so() {
        let findings = check(
            &Observed::Code("RequestLimitExceeded".into()),
            &allowing(true, &[], Basis::Fault),
        );
        assert!(findings[0].message.contains("transient"), "{findings:?}");
    }
}
