//! Signed calls over the client: the time read at send time, a fresh nonce, the target's `Host`
//! and region; what came back turned into an [`Answer`] for the checks, or into the fields of a
//! success for the harness's own calls (state reads and restores).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::client::{ClientError, ClientErrorKind, Exchange};
use crate::contract::Action;
use crate::runner::answer::{Answer, NoAnswer};
use crate::runner::exec::Ctx;
use crate::wire::{self, envelope, Body, Credentials, RequestSpec};

/// Why one of the harness's own calls got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallError {
    /// What happened, for people.
    pub(crate) message: String,
    /// The API error code, when the target answered one.
    pub(crate) code: Option<String>,
    /// Whether no connection could be made.
    pub(crate) unreachable: bool,
}

/// The Unix time now, read when a request is signed.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}

/// A fresh v1 nonce.
pub(crate) fn nonce() -> u64 {
    u64::from(rand::random::<u32>())
}

/// What the client's result says came back.
pub(crate) fn answer_of(result: Result<Exchange, ClientError>) -> Answer {
    match result {
        Ok(exchange) => Answer::Response {
            status: exchange.status,
            content_type: exchange.content_type().map(str::to_owned),
            body: exchange.body,
        },
        Err(error) => {
            let why = match error.kind() {
                ClientErrorKind::Connect { .. } => NoAnswer::Connect,
                ClientErrorKind::Timeout { .. } => NoAnswer::Timeout,
                ClientErrorKind::BodyTooLarge { .. } => NoAnswer::TooLarge,
                ClientErrorKind::InvalidRequest { .. } => NoAnswer::Unsendable,
                _ => NoAnswer::Broken,
            };
            Answer::Nothing {
                why,
                detail: error.to_string(),
            }
        }
    }
}

/// Calls `action` with `params` as the harness (JSON, TC3, the support client with its retries)
/// and returns the success's fields.
pub(crate) async fn call(
    ctx: &Ctx,
    credentials: &Credentials,
    action: Action,
    params: Map<String, Value>,
) -> Result<Map<String, Value>, CallError> {
    let mut spec = RequestSpec::new(action.name(), now(), nonce(), Body::Params(params));
    spec.host.clone_from(&ctx.host);
    spec.region = ctx.config.target.region().map(str::to_owned);
    let signed = wire::sign(&spec, credentials).map_err(|err| CallError {
        message: format!("cannot sign {action}: {err}"),
        code: None,
        unreachable: false,
    })?;
    ctx.count_request();
    let (status, content_type, body) = match answer_of(ctx.support.send(&signed).await) {
        Answer::Response {
            status,
            content_type,
            body,
        } => (status, content_type, body),
        Answer::Nothing { why, detail } => {
            return Err(CallError {
                message: format!("{action} got no answer: {detail}"),
                code: None,
                unreachable: why == NoAnswer::Connect,
            })
        }
    };
    let checked = envelope::validate(Some(action), status, content_type.as_deref(), &body);
    let Some(envelope) = checked.envelope else {
        let reason = checked
            .findings
            .first()
            .map_or("unreadable".to_owned(), |finding| finding.detail.clone());
        return Err(CallError {
            message: format!("{action} answered HTTP {status} with no envelope: {reason}"),
            code: None,
            unreachable: false,
        });
    };
    if let Some(error) = envelope.error {
        return Err(CallError {
            message: format!("{action} answered `{}`: {}", error.code, error.message),
            code: Some(error.code),
            unreachable: false,
        });
    }
    Ok(envelope.fields)
}
