//! Faults on demand, per world: what is active (`Faults`) and the deterministic decision for each
//! API request. What the admin route accepts is `fault_spec`.
//!
//! Order in which active faults apply to one request (documented in `tcconform mock --help`):
//! 1. every latency fault adds its delay (and the request goes on);
//! 2. the throttle refuses the request with `RequestLimitExceeded` beyond the configured rate
//!    (a refused request takes nothing from the faults below);
//! 3. the first drop-connection fault closes the connection without a valid response;
//! 4. the first garbage-body fault answers HTTP 200 with a body that is not JSON;
//! 5. the first forced-code fault that fires (count-limited, or seeded ratio) answers its code;
//! 6. otherwise the request is executed.
//!
//! A count-limited fault is used up only when it applies; a used-up fault disappears.
//! No clock is read here and no randomness is drawn from the system: ratios use a seeded generator.

use serde_json::{json, Value};

use crate::mock::fault_spec::{FaultSpec, Trigger};
use crate::mock::throttle::Throttle;

/// What the active faults decided for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Delay to add before answering, in milliseconds.
    pub delay_ms: u64,
    /// What to answer.
    pub verdict: Verdict,
}

/// The answer chosen by the faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No fault answers: execute the request.
    Execute,
    /// Refused by the throttle at this configured rate.
    Throttled {
        /// The configured rate, requests per second.
        per_second: u32,
    },
    /// Close the connection without a valid response.
    DropConnection,
    /// Answer a body that is not JSON.
    GarbageBody,
    /// Answer this error code.
    ForcedCode {
        /// The code.
        code: String,
        /// The message, if the fault gave one.
        message: Option<String>,
    },
}

/// The faults active on one world.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    active: Vec<Active>,
    throttle: Option<Throttle>,
}

#[derive(Debug, Clone)]
enum Active {
    Latency {
        millis: u64,
        remaining: Option<u32>,
    },
    Drop {
        remaining: Option<u32>,
    },
    Garbage {
        remaining: Option<u32>,
    },
    Code {
        code: String,
        message: Option<String>,
        rule: CodeRule,
    },
}

#[derive(Debug, Clone)]
enum CodeRule {
    Next(u32),
    Ratio {
        ratio: f64,
        seed: u64,
        rng: SplitMix64,
    },
}

impl Faults {
    /// Add a fault. A throttle replaces any earlier throttle; other faults accumulate in order.
    pub fn add(&mut self, spec: FaultSpec) {
        let active = match spec {
            FaultSpec::Throttle { per_second } => {
                self.throttle = Some(Throttle::new(per_second));
                return;
            }
            FaultSpec::Latency { millis, count } => Active::Latency {
                millis,
                remaining: count,
            },
            FaultSpec::DropConnection { count } => Active::Drop { remaining: count },
            FaultSpec::GarbageBody { count } => Active::Garbage { remaining: count },
            FaultSpec::ForceCode {
                code,
                message,
                trigger,
            } => {
                let rule = match trigger {
                    Trigger::Next(n) => CodeRule::Next(n),
                    Trigger::Ratio { ratio, seed } => CodeRule::Ratio {
                        ratio,
                        seed,
                        rng: SplitMix64(seed),
                    },
                };
                Active::Code {
                    code,
                    message,
                    rule,
                }
            }
        };
        self.active.push(active);
    }

    /// Remove every fault, the throttle included.
    pub fn clear(&mut self) {
        *self = Faults::default();
    }

    /// Whether no fault is active.
    pub fn is_empty(&self) -> bool {
        self.active.is_empty() && self.throttle.is_none()
    }

    /// Decide what happens to one request arriving at `now_millis`, using up counts as faults apply.
    pub fn decide(&mut self, now_millis: u64) -> Decision {
        let mut delay_ms = 0u64;
        for fault in &mut self.active {
            if let Active::Latency { millis, remaining } = fault {
                if take(remaining) {
                    delay_ms = delay_ms.saturating_add(*millis);
                }
            }
        }
        let verdict = self.verdict(now_millis);
        self.active.retain(|fault| !fault.is_used_up());
        Decision { delay_ms, verdict }
    }

    fn verdict(&mut self, now_millis: u64) -> Verdict {
        if let Some(throttle) = &mut self.throttle {
            if !throttle.admit(now_millis) {
                return Verdict::Throttled {
                    per_second: throttle.per_second(),
                };
            }
        }
        for fault in &mut self.active {
            if let Active::Drop { remaining } = fault {
                if take(remaining) {
                    return Verdict::DropConnection;
                }
            }
        }
        for fault in &mut self.active {
            if let Active::Garbage { remaining } = fault {
                if take(remaining) {
                    return Verdict::GarbageBody;
                }
            }
        }
        for fault in &mut self.active {
            let Active::Code {
                code,
                message,
                rule,
            } = fault
            else {
                continue;
            };
            let fires = match rule {
                CodeRule::Next(0) => false,
                CodeRule::Next(remaining) => {
                    *remaining -= 1;
                    true
                }
                CodeRule::Ratio { ratio, rng, .. } => rng.next_unit() < *ratio,
            };
            if fires {
                return Verdict::ForcedCode {
                    code: code.clone(),
                    message: message.clone(),
                };
            }
        }
        Verdict::Execute
    }

    /// The active faults as JSON, in the admin route's vocabulary (`remaining` counts what is left).
    pub fn to_json(&self) -> Value {
        let mut list: Vec<Value> = Vec::new();
        if let Some(throttle) = &self.throttle {
            list.push(json!({ "throttle_per_second": throttle.per_second() }));
        }
        for fault in &self.active {
            list.push(fault.to_json());
        }
        Value::Array(list)
    }
}

impl Active {
    fn is_used_up(&self) -> bool {
        match self {
            Active::Latency { remaining, .. }
            | Active::Drop { remaining }
            | Active::Garbage { remaining } => *remaining == Some(0),
            Active::Code { rule, .. } => matches!(rule, CodeRule::Next(0)),
        }
    }

    fn to_json(&self) -> Value {
        let mut value = match self {
            Active::Latency { millis, .. } => json!({ "latency_ms": millis }),
            Active::Drop { .. } => json!({ "drop_connection": true }),
            Active::Garbage { .. } => json!({ "garbage_body": true }),
            Active::Code {
                code,
                message,
                rule,
            } => {
                let mut value = json!({ "code": code });
                if let Some(message) = message {
                    value["message"] = json!(message);
                }
                match rule {
                    CodeRule::Next(remaining) => value["remaining"] = json!(remaining),
                    CodeRule::Ratio { ratio, seed, .. } => {
                        value["ratio"] = json!(ratio);
                        value["seed"] = json!(seed);
                    }
                }
                return value;
            }
        };
        if let Active::Latency { remaining, .. }
        | Active::Drop { remaining }
        | Active::Garbage { remaining } = self
        {
            if let Some(remaining) = remaining {
                value["remaining"] = json!(remaining);
            }
        }
        value
    }
}

/// Use one application of a count-limited fault: `None` is unlimited, `Some(0)` is used up.
fn take(remaining: &mut Option<u32>) -> bool {
    match remaining {
        None => true,
        Some(0) => false,
        Some(n) => {
            *n -= 1;
            true
        }
    }
}

/// A tiny, stable pseudo-random generator (SplitMix64): the same seed gives the same sequence on
/// every platform and every version of every dependency.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests;
