//! The runner's harness faults: what kept a run from judging the target at all. A target that
//! breaks the contract is never one of these; it is a finding in the report.

use std::io;
use std::path::PathBuf;

use crate::client::ClientError;
use crate::mock::http::MockError;

/// A harness fault: the run could not do its job.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The embedded mock could not start.
    #[error("the embedded mock could not start")]
    Mock(#[source] MockError),
    /// The HTTP client could not be set up (a bad endpoint URL, for one).
    #[error("cannot set up the http client")]
    Client(#[source] ClientError),
    /// The endpoint could not be reached before any case was sent.
    #[error("the endpoint {url} is unreachable: {reason}")]
    Unreachable {
        /// The endpoint.
        url: String,
        /// What the client saw.
        reason: String,
    },
    /// The endpoint refused the credentials before any case was sent (`AuthFailure.*`).
    #[error("the endpoint {url} refused the credentials: {reason}")]
    Credentials {
        /// The endpoint.
        url: String,
        /// What it answered.
        reason: String,
    },
    /// Two cases derive the same SecretId on the embedded mock (their worlds would collide).
    #[error("cases `{first}` and `{second}` derive the same SecretId; rename one of them")]
    SecretIdClash {
        /// One case.
        first: String,
        /// The other.
        second: String,
    },
    /// A case was given to a session whose embedded mock did not register it.
    #[error("case `{0}` was not in the suite the session started with")]
    Unregistered(String),
    /// A snapshot file exists but cannot be read.
    #[error("cannot read the snapshot {}", path.display())]
    ReadSnapshot {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A snapshot file cannot be written.
    #[error("cannot write the snapshot {}", path.display())]
    WriteSnapshot {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The async runtime could not start.
    #[error("cannot start the async runtime")]
    Runtime(#[source] io::Error),
    /// A case's task panicked or was cancelled.
    #[error("a case task ended abnormally: {0}")]
    Task(String),
}
