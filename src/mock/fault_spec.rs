//! What the faults admin route accepts: one fault per JSON document, parsed strictly
//! (`FaultSpec::from_json`): unknown fields, missing or conflicting fields and out-of-range values
//! are errors that say what to send instead.

use serde::Deserialize;
use serde_json::Value;

/// Longest latency a fault may add, in milliseconds (one minute).
pub const MAX_LATENCY_MS: u64 = 60_000;

/// One fault as the admin route accepts it.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultSpec {
    /// Answer `code` (with `message`, or the code's documented meaning) instead of executing.
    ForceCode {
        /// The error code to answer.
        code: String,
        /// The error message; `None` uses the documented meaning of the code.
        message: Option<String>,
        /// Which requests get the code.
        trigger: Trigger,
    },
    /// Delay the answer by `millis` milliseconds.
    Latency {
        /// The added delay.
        millis: u64,
        /// How many requests are delayed; `None` means every request until the faults are cleared.
        count: Option<u32>,
    },
    /// Refuse requests beyond `per_second` requests per second with `RequestLimitExceeded`.
    Throttle {
        /// The admitted rate.
        per_second: u32,
    },
    /// Close the connection without a valid response.
    DropConnection {
        /// How many requests; `None` means every request until the faults are cleared.
        count: Option<u32>,
    },
    /// Answer HTTP 200 with a body that is not JSON.
    GarbageBody {
        /// How many requests; `None` means every request until the faults are cleared.
        count: Option<u32>,
    },
}

/// Which requests a forced code applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// The next `n` requests.
    Next(u32),
    /// Each request with probability `ratio`, drawn from a generator seeded with `seed`.
    Ratio {
        /// The probability, in `(0, 1]`.
        ratio: f64,
        /// The generator's seed: the same seed gives the same sequence of hits.
        seed: u64,
    },
}

/// Why a fault document was refused (the admin route answers 400 with this text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FaultSpecError(String);

impl FaultSpec {
    /// Parse one fault from the admin route's JSON body. Unknown fields, missing or conflicting
    /// fields and out-of-range values are errors that say what to send instead.
    pub fn from_json(body: &[u8]) -> Result<FaultSpec, FaultSpecError> {
        let bad = |reason: String| FaultSpecError(format!("bad fault document: {reason}"));
        let value: Value = serde_json::from_slice(body).map_err(|err| bad(err.to_string()))?;
        if !value.is_object() {
            return Err(bad(
                "expected one JSON object, e.g. {\"code\": \"InternalServerError\", \"count\": 1}"
                    .into(),
            ));
        }
        let doc: FaultDoc = serde_json::from_value(value).map_err(|err| bad(err.to_string()))?;
        doc.into_spec()
    }
}

/// The admin route's JSON, before the combination of fields is checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultDoc {
    code: Option<String>,
    message: Option<String>,
    count: Option<u32>,
    ratio: Option<f64>,
    seed: Option<u64>,
    latency_ms: Option<u64>,
    throttle_per_second: Option<u32>,
    drop_connection: Option<bool>,
    garbage_body: Option<bool>,
}

const KINDS: &str =
    "`code`, `latency_ms`, `throttle_per_second`, `drop_connection` or `garbage_body`";

impl FaultDoc {
    fn into_spec(self) -> Result<FaultSpec, FaultSpecError> {
        let kinds = [
            self.code.is_some(),
            self.latency_ms.is_some(),
            self.throttle_per_second.is_some(),
            self.drop_connection.is_some(),
            self.garbage_body.is_some(),
        ];
        match kinds.iter().filter(|given| **given).count() {
            0 => return Err(refuse(format!("a fault needs one of {KINDS}"))),
            1 => {}
            _ => {
                return Err(refuse(format!(
                    "give exactly one of {KINDS} per fault (post each fault separately)"
                )))
            }
        }
        if self.code.is_none()
            && (self.message.is_some() || self.ratio.is_some() || self.seed.is_some())
        {
            return Err(refuse(
                "`message`, `ratio` and `seed` go with `code` only".into(),
            ));
        }
        let count = self.checked_count()?;
        if let Some(code) = self.code {
            return force_code(code, self.message, count, self.ratio, self.seed);
        }
        if let Some(millis) = self.latency_ms {
            if millis > MAX_LATENCY_MS {
                return Err(refuse(format!(
                    "`latency_ms` is at most {MAX_LATENCY_MS}, got {millis}"
                )));
            }
            return Ok(FaultSpec::Latency { millis, count });
        }
        if let Some(per_second) = self.throttle_per_second {
            if count.is_some() {
                return Err(refuse("`count` does not go with `throttle_per_second` (the throttle stays until the faults are cleared)".into()));
            }
            if per_second == 0 {
                return Err(refuse("`throttle_per_second` must be at least 1".into()));
            }
            return Ok(FaultSpec::Throttle { per_second });
        }
        if let Some(drop_connection) = self.drop_connection {
            require_true("drop_connection", drop_connection)?;
            return Ok(FaultSpec::DropConnection { count });
        }
        require_true("garbage_body", self.garbage_body == Some(true))?;
        Ok(FaultSpec::GarbageBody { count })
    }

    fn checked_count(&self) -> Result<Option<u32>, FaultSpecError> {
        match self.count {
            Some(0) => Err(refuse(
                "`count` must be at least 1 (leave it out for every request)".into(),
            )),
            count => Ok(count),
        }
    }
}

fn force_code(
    code: String,
    message: Option<String>,
    count: Option<u32>,
    ratio: Option<f64>,
    seed: Option<u64>,
) -> Result<FaultSpec, FaultSpecError> {
    let well_formed = !code.is_empty()
        && code.len() <= 128
        && code
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !well_formed {
        return Err(refuse(format!(
            "`code` must look like `Category` or `Category.Detail` (letters and digits), got {code:?}"
        )));
    }
    let trigger = match (count, ratio) {
        (Some(n), None) => {
            if seed.is_some() {
                return Err(refuse("`seed` goes with `ratio`, not with `count`".into()));
            }
            Trigger::Next(n)
        }
        (None, Some(ratio)) => {
            if !(ratio > 0.0 && ratio <= 1.0) {
                return Err(refuse(format!("`ratio` must be in (0, 1], got {ratio}")));
            }
            Trigger::Ratio { ratio, seed: seed.unwrap_or(0) }
        }
        (None, None) => return Err(refuse("a forced `code` needs `count` (the next N requests) or `ratio` (a fraction, with an optional `seed`)".into())),
        (Some(_), Some(_)) => return Err(refuse("give `count` or `ratio`, not both".into())),
    };
    Ok(FaultSpec::ForceCode {
        code,
        message,
        trigger,
    })
}

fn require_true(field: &str, value: bool) -> Result<(), FaultSpecError> {
    if value {
        return Ok(());
    }
    Err(refuse(format!(
        "`{field}` must be true (to remove faults, DELETE the faults route)"
    )))
}

fn refuse(reason: String) -> FaultSpecError {
    FaultSpecError(reason)
}

#[cfg(test)]
#[cfg(test)]
mod tests;
