//! The client's configuration: one explicit struct, filled in by the caller (the CLI decides the
//! defaults), never read from the environment here.

use std::time::Duration;

/// How a [`crate::client::Client`] talks to its target.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// Scheme, host and port of the target, e.g. `http://127.0.0.1:9000`.
    pub base_url: String,
    /// Budget for one attempt, from sending to the end of the body.
    pub timeout: Duration,
    /// Budget for establishing a connection.
    pub connect_timeout: Duration,
    /// Bodies longer than this are a transport failure, never buffered in full.
    pub max_body_bytes: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests started per second at most (`None`: no limit).
    pub rate_per_second: Option<f64>,
    /// Extra attempts after a transient failure.
    pub retries: u32,
    /// The first backoff; each further retry doubles it.
    pub backoff: Duration,
    /// Whether an answer with a `RequestLimitExceeded*` code is retried too.
    pub retry_throttled: bool,
}

impl ClientConfig {
    /// The pause before retry number `attempt` (1-based): `backoff`, doubled each time, capped at
    /// ten seconds.
    pub fn backoff_for(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(16);
        self.backoff
            .saturating_mul(factor)
            .min(Duration::from_secs(10))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let config = ClientConfig {
            base_url: "http://127.0.0.1:1".to_owned(),
            timeout: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(1),
            max_body_bytes: 1,
            concurrency: 1,
            rate_per_second: None,
            retries: 3,
            backoff: Duration::from_millis(100),
            retry_throttled: false,
        };
        assert_eq!(config.backoff_for(1), Duration::from_millis(100));
        assert_eq!(config.backoff_for(2), Duration::from_millis(200));
        assert_eq!(config.backoff_for(3), Duration::from_millis(400));
        assert_eq!(config.backoff_for(40), Duration::from_secs(10));
    }
}
