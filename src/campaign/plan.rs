//! Which cases a campaign runs (pure): case indices `0..` of the seed's stream, the ones of this
//! shard (`index mod N = I - 1`), until the budget (a number of cases of the whole campaign, a
//! duration, or both) runs out. Shards of the same seed and budget never overlap and together
//! run every case.

use std::time::Duration;

use crate::scenario::Shard;

/// How long a campaign runs: until either limit is reached (at least one is set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Case indices `0..cases` of the whole campaign (a shard runs its share of them).
    pub cases: Option<u64>,
    /// Wall-clock time.
    pub duration: Option<Duration>,
}

/// The case indices of one shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// 0-based shard index.
    shard: u64,
    /// Number of shards (at least 1).
    shards: u64,
    /// The campaign's case count, if bounded.
    cases: Option<u64>,
}

impl Plan {
    /// The plan of `shard` (all cases when `None`) under `budget`.
    pub fn new(shard: Option<Shard>, budget: &Budget) -> Plan {
        let (index, count) = shard.map_or((0, 1), |shard| (shard.index() - 1, shard.count()));
        Plan {
            shard: index as u64,
            shards: count.max(1) as u64,
            cases: budget.cases,
        }
    }

    /// The campaign index of this shard's `n`-th case (0-based), or `None` past the budget.
    pub fn index(&self, n: u64) -> Option<u64> {
        let index = n.checked_mul(self.shards)?.checked_add(self.shard)?;
        match self.cases {
            Some(cases) if index >= cases => None,
            _ => Some(index),
        }
    }

    /// How many cases this shard runs, if the budget bounds it.
    pub fn len(&self) -> Option<u64> {
        let cases = self.cases?;
        Some(if cases > self.shard {
            (cases - self.shard).div_ceil(self.shards)
        } else {
            0
        })
    }

    /// Whether the budget leaves this shard nothing to run.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indices(plan: &Plan) -> Vec<u64> {
        (0..).map_while(|n| plan.index(n)).collect()
    }

    #[test]
    fn shards_partition_the_campaign() {
        let budget = Budget {
            cases: Some(10),
            duration: None,
        };
        let mut all = Vec::new();
        for i in 1..=3 {
            let plan = Plan::new(Some(Shard::new(i, 3).unwrap()), &budget);
            let mine = indices(&plan);
            assert_eq!(plan.len(), Some(mine.len() as u64));
            all.extend(mine);
        }
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        let whole = Plan::new(None, &budget);
        assert_eq!(indices(&whole), (0..10).collect::<Vec<_>>());
        let tiny = Plan::new(
            Some(Shard::new(5, 5).unwrap()),
            &Budget {
                cases: Some(3),
                duration: None,
            },
        );
        assert!(tiny.is_empty() && indices(&tiny).is_empty());
    }

    #[test]
    fn a_duration_budget_is_unbounded_in_cases() {
        let plan = Plan::new(
            None,
            &Budget {
                cases: None,
                duration: Some(Duration::from_secs(1)),
            },
        );
        assert_eq!(plan.len(), None);
        assert_eq!(plan.index(1_000_000), Some(1_000_000));
    }
}
