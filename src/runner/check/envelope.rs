//! Checks 2–5: status 200, `Content-Type: application/json`, a `Response` object with a lower-case
//! UUID `RequestId`, and on error a documented `Code` with a non-empty `Message`. The rules are
//! `wire::envelope::validate`'s; this module turns its findings into the runner's and honours a
//! garbage-body fault, whose non-JSON body is the expected answer.

use crate::contract::Action;
use crate::runner::answer::{Answer, Observed};
use crate::runner::check::Judgement;
use crate::runner::result::{Check, Finding};
use crate::wire::envelope::{self, Envelope, FindingKind};

/// The findings of checks 2–5 for `answer`, judged for `action`, and the envelope when one could
/// be read.
pub fn check(
    action: Action,
    answer: &Answer,
    judgement: &Judgement,
) -> (Vec<Finding>, Option<Envelope>) {
    let Answer::Response {
        status,
        content_type,
        body,
    } = answer
    else {
        return (Vec::new(), None);
    };
    let checked = envelope::validate(Some(action), *status, content_type.as_deref(), body);
    let not_json_expected = *judgement == Judgement::NotJson;
    let mut saw_not_json = false;
    let mut findings = Vec::new();
    for finding in checked.findings {
        if finding.kind == FindingKind::NotJson {
            saw_not_json = true;
            if not_json_expected {
                continue;
            }
        }
        findings.push(Finding::new(Check::Envelope, finding.detail));
    }
    if not_json_expected && !saw_not_json {
        findings.push(Finding::new(
            Check::Envelope,
            "the body is JSON, but the mock was told to send a body that is not: the fault did \
             not take effect",
        ));
    }
    (findings, checked.envelope)
}

/// What `answer` says happened: success, an error code, an unreadable response, or no answer.
pub fn observed(answer: &Answer, envelope: Option<&Envelope>) -> Observed {
    match (answer, envelope) {
        (Answer::Nothing { why, .. }, _) => Observed::Nothing(*why),
        (Answer::Response { .. }, None) => Observed::Unreadable,
        (Answer::Response { .. }, Some(envelope)) => match &envelope.error {
            Some(error) => Observed::Code(error.code.clone()),
            None => Observed::Success,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Acceptable;
    use crate::runner::answer::NoAnswer;
    use crate::runner::check::Basis;

    const ACTION: Action = Action::DisassociateInstancesKeyPairs;

    fn oracle() -> Judgement {
        Judgement::Outcomes {
            acceptable: Acceptable::default(),
            basis: Basis::Oracle {
                reasons: Vec::new(),
            },
        }
    }

    fn response(content_type: &str, body: &str) -> Answer {
        Answer::Response {
            status: 200,
            content_type: Some(content_type.to_owned()),
            body: body.as_bytes().to_vec(),
        }
    }

    fn messages(findings: &[Finding]) -> Vec<&str> {
        findings
            .iter()
            .map(|finding| finding.message.as_str())
            .collect()
    }

    #[test]
    fn a_good_error_envelope_has_no_finding() {
        let answer = response(
            "application/json",
            r#"{"Response":{"Error":{"Code":"InvalidInstanceId.NotFound","Message":"no"},"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#,
        );
        let (findings, envelope) = check(ACTION, &answer, &oracle());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(
            observed(&answer, envelope.as_ref()),
            Observed::Code("InvalidInstanceId.NotFound".into())
        );
    }

    #[test]
    fn every_breach_is_reported() {
        let answer = response(
            "application/json; charset=utf-8",
            r#"{"Response":{"Error":{"Code":"Made.Up","Message":""},"RequestId":"ABC"}}"#,
        );
        let (findings, envelope) = check(ACTION, &answer, &oracle());
        assert_eq!(
            messages(&findings),
            [
                r#"content type is "application/json; charset=utf-8", not "application/json""#,
                r#"RequestId "ABC" is not a lower-case uuid"#,
                r#"code "Made.Up" is not documented for DisassociateInstancesKeyPairs"#,
                "Error.Message is empty",
            ]
        );
        assert!(findings
            .iter()
            .all(|finding| finding.check == Check::Envelope));
        assert_eq!(
            observed(&answer, envelope.as_ref()),
            Observed::Code("Made.Up".into())
        );
    }

    #[test]
    fn garbage_is_a_finding_unless_the_fault_asked_for_it() {
        let garbage = response("application/json", "<html>502</html>");
        let (findings, envelope) = check(ACTION, &garbage, &oracle());
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.starts_with("body is not json"));
        assert_eq!(observed(&garbage, envelope.as_ref()), Observed::Unreadable);
        let (findings, _) = check(ACTION, &garbage, &Judgement::NotJson);
        assert!(findings.is_empty(), "{findings:?}");
        let json = response(
            "application/json",
            r#"{"Response":{"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#,
        );
        let (findings, _) = check(ACTION, &json, &Judgement::NotJson);
        assert!(findings[0].message.contains("did not take effect"));
    }

    #[test]
    fn no_answer_has_no_envelope_finding() {
        let nothing = Answer::Nothing {
            why: NoAnswer::Timeout,
            detail: String::new(),
        };
        let (findings, envelope) = check(ACTION, &nothing, &oracle());
        assert!(findings.is_empty() && envelope.is_none());
        assert_eq!(
            observed(&nothing, None),
            Observed::Nothing(NoAnswer::Timeout)
        );
    }
}
