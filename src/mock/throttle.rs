//! The per-world rate limiter behind the `throttle_per_second` fault: a token bucket in integer
//! milli-tokens, driven by a millisecond clock the caller passes in (no clock is read here).

/// A token bucket admitting at most `per_second` requests per second on average, with bursts of up
/// to `per_second` requests. Rejected requests take no token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttle {
    per_second: u32,
    /// Tokens in thousandths, so that refills need no floating point.
    milli_tokens: u64,
    /// The time of the last refill, in the caller's milliseconds; `None` before the first request.
    last_millis: Option<u64>,
}

impl Throttle {
    /// A full bucket for `per_second` requests per second (at least one).
    pub fn new(per_second: u32) -> Throttle {
        let per_second = per_second.max(1);
        Throttle {
            per_second,
            milli_tokens: capacity(per_second),
            last_millis: None,
        }
    }

    /// The configured rate, requests per second.
    pub fn per_second(&self) -> u32 {
        self.per_second
    }

    /// Whether a request arriving at `now_millis` is admitted; an admitted request takes one token.
    /// A clock that goes backwards refills nothing.
    pub fn admit(&mut self, now_millis: u64) -> bool {
        if let Some(last) = self.last_millis {
            let elapsed = now_millis.saturating_sub(last);
            // One token is 1000 milli-tokens and the rate is per 1000 ms: `per_second` per ms.
            let refill = elapsed.saturating_mul(u64::from(self.per_second));
            self.milli_tokens = self
                .milli_tokens
                .saturating_add(refill)
                .min(capacity(self.per_second));
        }
        self.last_millis = Some(
            self.last_millis
                .map_or(now_millis, |last| last.max(now_millis)),
        );
        if self.milli_tokens < 1000 {
            return false;
        }
        self.milli_tokens -= 1000;
        true
    }
}

fn capacity(per_second: u32) -> u64 {
    u64::from(per_second) * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_up_to_the_rate_passes_then_the_rest_is_refused() {
        let mut throttle = Throttle::new(10);
        let admitted = (0..15).filter(|_| throttle.admit(1_000)).count();
        assert_eq!(admitted, 10);
    }

    #[test]
    fn tokens_come_back_at_the_configured_rate() {
        let mut throttle = Throttle::new(10);
        for _ in 0..10 {
            assert!(throttle.admit(0));
        }
        assert!(!throttle.admit(0));
        assert!(!throttle.admit(99));
        assert!(throttle.admit(100));
        assert!(!throttle.admit(150));
        // A full second refills the whole bucket, and no more.
        let admitted = (0..20).filter(|_| throttle.admit(5_000)).count();
        assert_eq!(admitted, 10);
    }

    #[test]
    fn a_clock_going_backwards_refills_nothing() {
        let mut throttle = Throttle::new(1);
        assert!(throttle.admit(10_000));
        assert!(!throttle.admit(0));
        assert!(!throttle.admit(10_500));
        assert!(throttle.admit(11_000));
    }

    #[test]
    fn zero_is_treated_as_one_per_second() {
        let mut throttle = Throttle::new(0);
        assert_eq!(throttle.per_second(), 1);
        assert!(throttle.admit(0));
        assert!(!throttle.admit(0));
    }
}
