//! The client-side rate limit: requests start at most `rate` times per second, spaced evenly.

use std::time::{Duration, Instant};

use tokio::sync::Mutex;

/// Spaces request starts evenly; without a rate it never waits.
#[derive(Debug)]
pub struct Pacer {
    interval: Option<Duration>,
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    /// A pacer for `rate_per_second` starts per second (`None`, zero or negative: unlimited).
    pub fn new(rate_per_second: Option<f64>) -> Pacer {
        let interval = rate_per_second
            .filter(|rate| rate.is_finite() && *rate > 0.0)
            .map(|rate| Duration::from_secs_f64(1.0 / rate));
        Pacer {
            interval,
            next: Mutex::new(None),
        }
    }

    /// Waits until the next start slot is due, and books the one after it.
    pub async fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let due = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let due = next.map_or(now, |slot| slot.max(now));
            *next = Some(due + interval);
            due
        };
        tokio::time::sleep_until(due.into()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn starts_are_spaced_by_the_rate() {
        let pacer = Pacer::new(Some(200.0));
        let started = Instant::now();
        for _ in 0..5 {
            pacer.wait().await;
        }
        // Five starts at 200/s: the first at once, four more 5 ms apart.
        assert!(started.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn no_or_nonsense_rates_mean_no_limit() {
        for rate in [
            None,
            Some(0.0),
            Some(-1.0),
            Some(f64::NAN),
            Some(f64::INFINITY),
        ] {
            assert!(Pacer::new(rate).interval.is_none(), "{rate:?}");
        }
    }
}
