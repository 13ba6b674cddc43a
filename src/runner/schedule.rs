//! The order cases start in, and which of them may be in flight together: on a target whose world
//! the cases share (an endpoint), two cases whose scopes overlap never run at the same time, so a
//! change one of them causes cannot show up in the other's state check.
//!
//! A case's scope is every instance and key pair its state check reads (see
//! [`Scope`](crate::runner::observed::Scope)); a faulty target that changes a resource changes it
//! in the state check of a case whose scope holds it, so disjoint scopes keep every finding on the
//! case that caused it. On the embedded mock every case has a world of its own and nothing
//! conflicts. Pure: the I/O loop in `exec` asks [`Scheduler::start_next`] what to start and reports with
//! [`Scheduler::finish`] what ended.

use crate::runner::observed::Scope;

/// One case to schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The caller's handle on the case (its index in the suite).
    pub id: usize,
    /// What its state check reads (the resources it must hold alone on a shared world).
    pub scope: Scope,
    /// The size of its request in bytes: the costliest start first, so that they overlap with
    /// the rest instead of ending the run late.
    pub cost: usize,
}

/// Hands out cases as slots and resources allow.
#[derive(Debug, Clone)]
pub struct Scheduler {
    /// Not started yet, in the order they should start.
    waiting: Vec<Job>,
    /// In flight.
    running: Vec<Job>,
    /// Cases in flight at once, at most.
    limit: usize,
    /// Whether the cases share one world (an endpoint): then overlapping scopes exclude each other.
    shared_world: bool,
}

impl Scheduler {
    /// A scheduler for `jobs`, at most `limit` (at least 1) in flight; `shared_world` when the
    /// target's world is the same for every case.
    pub fn new(mut jobs: Vec<Job>, limit: usize, shared_world: bool) -> Scheduler {
        // Stable: among equal costs, suite order.
        jobs.sort_by_key(|job| std::cmp::Reverse(job.cost));
        Scheduler {
            waiting: jobs,
            running: Vec::new(),
            limit: limit.max(1),
            shared_world,
        }
    }

    /// The next case that may start now (marked as running), or `None` when every slot is taken
    /// or every waiting case conflicts with one in flight.
    pub fn start_next(&mut self) -> Option<usize> {
        if self.running.len() >= self.limit {
            return None;
        }
        let at = self.waiting.iter().position(|job| {
            !self.shared_world || self.running.iter().all(|run| disjoint(job, run))
        })?;
        let job = self.waiting.remove(at);
        let id = job.id;
        self.running.push(job);
        Some(id)
    }

    /// `id` ended: its slot and its resources are free.
    pub fn finish(&mut self, id: usize) {
        self.running.retain(|job| job.id != id);
    }

    /// Whether every case has been handed out.
    pub fn is_drained(&self) -> bool {
        self.waiting.is_empty()
    }

    /// Cases in flight.
    pub fn running(&self) -> usize {
        self.running.len()
    }
}

/// Whether the two cases read no resource in common.
fn disjoint(one: &Job, other: &Job) -> bool {
    one.scope
        .instance_ids
        .is_disjoint(&other.scope.instance_ids)
        && one.scope.key_ids.is_disjoint(&other.scope.key_ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: usize, instances: &[&str], keys: &[&str], cost: usize) -> Job {
        Job {
            id,
            scope: Scope {
                instance_ids: instances.iter().map(|id| (*id).to_owned()).collect(),
                key_ids: keys.iter().map(|id| (*id).to_owned()).collect(),
            },
            cost,
        }
    }

    fn drain(scheduler: &mut Scheduler) -> Vec<usize> {
        std::iter::from_fn(|| scheduler.start_next()).collect()
    }

    #[test]
    fn overlapping_scopes_never_run_together_on_a_shared_world() {
        let jobs = vec![
            job(0, &["ins-a"], &["skey-k"], 0),
            job(1, &["ins-b"], &["skey-k"], 0),
            job(2, &["ins-c"], &[], 0),
            job(3, &[], &[], 0),
            job(4, &["ins-a"], &[], 0),
        ];
        let mut scheduler = Scheduler::new(jobs, 8, true);
        // 1 shares skey-k with 0, 4 shares ins-a; a case that reads nothing conflicts with none.
        assert_eq!(drain(&mut scheduler), [0, 2, 3]);
        scheduler.finish(2);
        assert_eq!(
            scheduler.start_next(),
            None,
            "0 still holds what 1 and 4 read"
        );
        scheduler.finish(0);
        assert_eq!(drain(&mut scheduler), [1, 4]);
        assert!(scheduler.is_drained());
        scheduler.finish(1);
        scheduler.finish(3);
        scheduler.finish(4);
        assert_eq!(scheduler.running(), 0);
    }

    #[test]
    fn own_worlds_only_count_slots() {
        let jobs = (0..5)
            .map(|id| job(id, &["ins-a"], &["skey-k"], 0))
            .collect();
        let mut scheduler = Scheduler::new(jobs, 3, false);
        assert_eq!(drain(&mut scheduler), [0, 1, 2]);
        scheduler.finish(1);
        assert_eq!(drain(&mut scheduler), [3]);
    }

    #[test]
    fn the_costliest_start_first_then_suite_order() {
        let jobs = vec![
            job(0, &[], &[], 10),
            job(1, &[], &[], 5000),
            job(2, &[], &[], 10),
        ];
        let mut scheduler = Scheduler::new(jobs, 8, true);
        assert_eq!(drain(&mut scheduler), [1, 0, 2]);
    }
}
