//! The outbound HTTP client: the only code in the crate that sends requests over the network.
//!
//! It sends a [`SignedRequest`] exactly as built (headers in order, the signed `Host` verbatim,
//! the body bytes untouched) and hands back what came back as an [`Exchange`]. Timeouts, a cap on
//! the body size, a concurrency limit, a client-side rate limit and retries with backoff (on
//! transport errors, and optionally on the body-level `RequestLimitExceeded*` codes) live here.
//! An answer that breaks the contract is still an `Ok(Exchange)`: judging it is the runner's job.

mod config;
mod error;
mod pace;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tokio::sync::Semaphore;

use crate::wire::{envelope, SignedRequest};

pub use config::ClientConfig;
pub use error::{ClientError, ClientErrorKind};

use pace::Pacer;

/// What came back for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes (at most [`ClientConfig::max_body_bytes`]).
    pub body: Vec<u8>,
    /// Time from the last attempt's start to the end of its body.
    pub elapsed: Duration,
    /// How many attempts it took (1 when nothing was retried).
    pub attempts: u32,
}

impl Exchange {
    /// The first header of this name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }
}

/// A client for one target. Cheap to clone; clones share connections and limits.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
    slots: Arc<Semaphore>,
    pacer: Arc<Pacer>,
}

impl Client {
    /// A client for the target `config` names.
    pub fn new(config: ClientConfig) -> Result<Client, ClientError> {
        let base = reqwest::Url::parse(&config.base_url).map_err(|err| {
            ClientError::new(ClientErrorKind::InvalidUrl {
                url: config.base_url.clone(),
                reason: err.to_string(),
            })
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(ClientError::new(ClientErrorKind::InvalidUrl {
                url: config.base_url.clone(),
                reason: "the scheme must be http or https".to_owned(),
            }));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .pool_max_idle_per_host(config.concurrency.max(1))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|err| {
                ClientError::new(ClientErrorKind::Setup {
                    reason: err.to_string(),
                })
            })?;
        Ok(Client {
            http,
            slots: Arc::new(Semaphore::new(config.concurrency.max(1))),
            pacer: Arc::new(Pacer::new(config.rate_per_second)),
            config: Arc::new(config),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `request`, retrying as configured, and returns what came back.
    pub async fn send(&self, request: &SignedRequest) -> Result<Exchange, ClientError> {
        self.send_as(request, request.method()).await
    }

    /// Like [`Client::send`], with the HTTP method `method` instead of the one the request was
    /// signed for (protocol cases send e.g. `PUT`); headers and body are sent unchanged.
    pub async fn send_as(
        &self,
        request: &SignedRequest,
        method: &str,
    ) -> Result<Exchange, ClientError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| ClientError::new(ClientErrorKind::Closed))?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.pacer.wait().await;
            let result = self.attempt(request, method).await;
            let retry = match &result {
                Ok(exchange) => self.config.retry_throttled && is_throttled(exchange),
                Err(err) => err.is_transient(),
            };
            if !retry || attempt > self.config.retries {
                return result.map(|mut exchange| {
                    exchange.attempts = attempt;
                    exchange
                });
            }
            tokio::time::sleep(self.config.backoff_for(attempt)).await;
        }
    }

    async fn attempt(
        &self,
        request: &SignedRequest,
        method: &str,
    ) -> Result<Exchange, ClientError> {
        let url = format!(
            "{}{}",
            self.config.base_url.trim_end_matches('/'),
            request.path_and_query()
        );
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|_| {
            ClientError::new(ClientErrorKind::InvalidRequest {
                reason: format!("bad method {method}"),
            })
        })?;
        let headers = header_map(request.headers())?;
        let started = Instant::now();
        let mut response = self
            .http
            .request(method, &url)
            .headers(headers)
            .body(request.body().to_vec())
            .send()
            .await
            .map_err(|err| ClientError::from_reqwest(&url, &err))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| ClientError::from_reqwest(&url, &err))?
        {
            if body.len() + chunk.len() > self.config.max_body_bytes {
                return Err(ClientError::new(ClientErrorKind::BodyTooLarge {
                    limit: self.config.max_body_bytes,
                }));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Exchange {
            status,
            headers,
            body,
            elapsed: started.elapsed(),
            attempts: 1,
        })
    }
}

/// Whether the body carries one of the throttling codes (`RequestLimitExceeded*`).
fn is_throttled(exchange: &Exchange) -> bool {
    envelope::validate(
        None,
        exchange.status,
        exchange.content_type(),
        &exchange.body,
    )
    .envelope
    .and_then(|envelope| envelope.error)
    .is_some_and(|error| error.code.starts_with("RequestLimitExceeded"))
}

fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, ClientError> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let invalid = |reason: &str| {
            ClientError::new(ClientErrorKind::InvalidRequest {
                reason: format!("header `{name}`: {reason}"),
            })
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("bad name"))?;
        let value = HeaderValue::from_str(value).map_err(|_| invalid("bad value"))?;
        map.append(name, value);
    }
    Ok(map)
}
