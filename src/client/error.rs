//! The client's error: what kept a request from getting a complete answer.

/// A request that got no complete answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct ClientError {
    kind: ClientErrorKind,
}

/// Why a request got no complete answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientErrorKind {
    /// The target URL is unusable.
    #[error("invalid target url `{url}`: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP stack could not be set up.
    #[error("cannot set up the http client: {reason}")]
    Setup {
        /// The underlying reason.
        reason: String,
    },
    /// The request cannot be sent as built (a header value HTTP forbids).
    #[error("cannot send the request: {reason}")]
    InvalidRequest {
        /// What is wrong.
        reason: String,
    },
    /// No connection could be made.
    #[error("cannot connect to {url}: {reason}")]
    Connect {
        /// The URL.
        url: String,
        /// The underlying reason.
        reason: String,
    },
    /// No complete answer within the time budget.
    #[error("no answer from {url} within the time budget")]
    Timeout {
        /// The URL.
        url: String,
    },
    /// The connection broke or the answer was not valid HTTP.
    #[error("the exchange with {url} broke: {reason}")]
    Transport {
        /// The URL.
        url: String,
        /// The underlying reason.
        reason: String,
    },
    /// The body went over the size cap.
    #[error("the response body is over {limit} bytes")]
    BodyTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The client was shut down.
    #[error("the client is closed")]
    Closed,
}

impl ClientError {
    pub(crate) fn new(kind: ClientErrorKind) -> ClientError {
        ClientError { kind }
    }

    /// Why the request failed.
    pub fn kind(&self) -> &ClientErrorKind {
        &self.kind
    }

    /// Whether another attempt may succeed (connection, timeout and transport failures).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ClientErrorKind::Connect { .. }
                | ClientErrorKind::Timeout { .. }
                | ClientErrorKind::Transport { .. }
        )
    }

    pub(crate) fn from_reqwest(url: &str, err: &reqwest::Error) -> ClientError {
        let url = url.to_owned();
        let reason = error_chain(err);
        let kind = if err.is_timeout() {
            ClientErrorKind::Timeout { url }
        } else if err.is_connect() {
            ClientErrorKind::Connect { url, reason }
        } else {
            ClientErrorKind::Transport { url, reason }
        };
        ClientError::new(kind)
    }
}

/// The error and its sources, joined with `: `.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
