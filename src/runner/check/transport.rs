//! Check 1: an answer came. The client enforces the time budget, so a late answer arrives here as
//! [`NoAnswer::Timeout`](crate::runner::NoAnswer). When the mock was told to drop the connection,
//! the check is reversed: an answer is the finding.

use crate::runner::answer::Answer;
use crate::runner::check::Judgement;
use crate::runner::result::{Check, Finding};

/// The findings of check 1 for `answer` judged by `judgement`.
pub fn check(answer: &Answer, judgement: &Judgement) -> Vec<Finding> {
    match (answer, judgement) {
        (Answer::Nothing { .. }, Judgement::NoResponse) => Vec::new(),
        (Answer::Nothing { why, detail }, _) => {
            vec![Finding::new(Check::Transport, format!("no answer: {why}"))
                .with_detail(detail.clone())]
        }
        (Answer::Response { status, .. }, Judgement::NoResponse) => vec![Finding::new(
            Check::Transport,
            format!(
                "an answer came (HTTP {status}), but the mock was told to drop the connection: \
                 the fault did not take effect"
            ),
        )],
        (Answer::Response { .. }, _) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Acceptable;
    use crate::runner::answer::NoAnswer;
    use crate::runner::check::Basis;

    fn success() -> Judgement {
        Judgement::Outcomes {
            acceptable: Acceptable {
                success: true,
                ..Acceptable::default()
            },
            basis: Basis::Oracle {
                reasons: Vec::new(),
            },
        }
    }

    fn response() -> Answer {
        Answer::Response {
            status: 200,
            content_type: None,
            body: Vec::new(),
        }
    }

    fn nothing() -> Answer {
        Answer::Nothing {
            why: NoAnswer::Broken,
            detail: "connection reset".into(),
        }
    }

    #[test]
    fn an_answer_is_expected_unless_the_connection_is_dropped_on_purpose() {
        assert!(check(&response(), &success()).is_empty());
        assert!(check(&nothing(), &Judgement::NoResponse).is_empty());
        let missing = check(&nothing(), &success());
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].check, Check::Transport);
        assert_eq!(
            missing[0].message,
            "no answer: the connection broke before a complete answer"
        );
        assert_eq!(missing[0].detail.as_deref(), Some("connection reset"));
        let unexpected = check(&response(), &Judgement::NoResponse);
        assert!(unexpected[0].message.contains("HTTP 200"), "{unexpected:?}");
    }
}
