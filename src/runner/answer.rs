//! What came back for one request, as the checks see it: a response (status, content type, body)
//! or no response and why. The client's `Exchange` and `ClientError` become an [`Answer`] at the
//! edge, so every check is a pure function of plain data.

use std::fmt;

/// Why no complete answer came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoAnswer {
    /// No connection could be made.
    Connect,
    /// No complete answer within the time budget.
    Timeout,
    /// The connection broke, or what came back was not HTTP.
    Broken,
    /// The body went over the size cap.
    TooLarge,
    /// The request could not be sent as built (a header value HTTP forbids).
    Unsendable,
}

impl NoAnswer {
    /// A short stable name (`connect`, `timeout`, `broken`, `too-large`, `unsendable`).
    pub fn name(self) -> &'static str {
        match self {
            NoAnswer::Connect => "connect",
            NoAnswer::Timeout => "timeout",
            NoAnswer::Broken => "broken",
            NoAnswer::TooLarge => "too-large",
            NoAnswer::Unsendable => "unsendable",
        }
    }

    /// What happened, in words, without addresses or ports (snapshots render it).
    pub fn describe(self) -> &'static str {
        match self {
            NoAnswer::Connect => "no connection could be made",
            NoAnswer::Timeout => "no complete answer within the time budget",
            NoAnswer::Broken => "the connection broke before a complete answer",
            NoAnswer::TooLarge => "the response body went over the size cap",
            NoAnswer::Unsendable => "the request could not be sent as built",
        }
    }
}

impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// What came back for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// An HTTP response.
    Response {
        /// The HTTP status code.
        status: u16,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The body bytes.
        body: Vec<u8>,
    },
    /// No complete response.
    Nothing {
        /// Why.
        why: NoAnswer,
        /// The client's own words (may name the address).
        detail: String,
    },
}

/// The outcome an answer carries, once read: what the coverage matrix and the reports show.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Observed {
    /// A success envelope.
    Success,
    /// An error envelope with this code.
    Code(String),
    /// A response that is not a readable envelope (not JSON, no `Response` object).
    Unreadable,
    /// No complete response.
    Nothing(NoAnswer),
}

impl fmt::Display for Observed {
    /// `success`, the code, `an unreadable response` or what kept the answer away.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Observed::Success => f.write_str("success"),
            Observed::Code(code) => f.write_str(code),
            Observed::Unreadable => f.write_str("an unreadable response"),
            Observed::Nothing(why) => write!(f, "no answer ({why})"),
        }
    }
}
