//! Findings of a campaign, bucketed by kind (pure): how many cases broke each kind of rule, the
//! first violation seen, and the smallest failing case of each bucket (the one that is shrunk
//! and reported).

use std::collections::BTreeMap;
use std::fmt;

use crate::gen::{size, GenCase, Violation, ViolationKind};

/// The kinds of finding a campaign reports, in the order of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    /// The answer is a code (or success) the contract does not allow for the input's class.
    WrongCode,
    /// The answer carries a code documented neither for the action nor as a common code.
    UndocumentedCode,
    /// The envelope breaks the contract: HTTP status, `Content-Type`, `RequestId`, error shape.
    Envelope,
    /// The world did not change as the answers say it must, or reads back otherwise.
    State,
    /// No complete answer: the connection was refused, reset or timed out, or the body was too
    /// large.
    Transport,
    /// The harness could not build a request it generated (a bug of the generator, not of the
    /// target).
    Harness,
}

impl Bucket {
    /// Every bucket, in report order.
    pub const ALL: [Bucket; 6] = [
        Bucket::WrongCode,
        Bucket::UndocumentedCode,
        Bucket::Envelope,
        Bucket::State,
        Bucket::Transport,
        Bucket::Harness,
    ];

    /// The bucket of a violation of `kind` (an envelope finding of an undocumented code is put in
    /// [`Bucket::UndocumentedCode`] by the judge, which sees the finding's kind).
    pub fn of(kind: ViolationKind) -> Bucket {
        match kind {
            ViolationKind::Outcome => Bucket::WrongCode,
            ViolationKind::Envelope => Bucket::Envelope,
            ViolationKind::Invariant | ViolationKind::State | ViolationKind::ReadBack => {
                Bucket::State
            }
            ViolationKind::Transport => Bucket::Transport,
            ViolationKind::Unsignable => Bucket::Harness,
        }
    }

    /// A stable kebab-case name, for reports, JSON and file names.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::WrongCode => "wrong-code",
            Bucket::UndocumentedCode => "undocumented-code",
            Bucket::Envelope => "bad-envelope",
            Bucket::State => "state-violation",
            Bucket::Transport => "transport",
            Bucket::Harness => "harness",
        }
    }

    /// What the bucket holds, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Bucket::WrongCode => "wrong code for the input class",
            Bucket::UndocumentedCode => "undocumented code",
            Bucket::Envelope => "bad envelope",
            Bucket::State => "state violation",
            Bucket::Transport => "transport failure",
            Bucket::Harness => "harness fault (unsignable generated request)",
        }
    }
}

impl fmt::Display for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One bucket's tally.
#[derive(Debug, Clone, PartialEq)]
pub struct BucketEntry {
    /// How many cases hit the bucket.
    pub cases: u64,
    /// The smallest failing case seen (by `gen::size`), its index in the campaign, and its first
    /// violation in this bucket.
    pub smallest: (u64, GenCase, Violation),
}

/// The tally of a campaign: bucket → entry. Memory is bounded by the number of buckets, whatever
/// the number of cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Buckets {
    entries: BTreeMap<Bucket, BucketEntry>,
}

impl Buckets {
    /// Records case `index` with its violations (each bucket counted once per case).
    pub fn record(&mut self, index: u64, case: &GenCase, violations: &[(Bucket, Violation)]) {
        let mut seen: Vec<Bucket> = Vec::new();
        for (bucket, violation) in violations {
            if seen.contains(bucket) {
                continue;
            }
            seen.push(*bucket);
            let candidate = || (index, case.clone(), violation.clone());
            match self.entries.get_mut(bucket) {
                Some(entry) => {
                    entry.cases += 1;
                    let (best_index, best, _) = &entry.smallest;
                    // Ties go to the earlier case, so the result does not depend on the order
                    // concurrent cases finish in.
                    let (new_size, old_size) = (size(case), size(best));
                    if new_size < old_size || (new_size == old_size && index < *best_index) {
                        entry.smallest = candidate();
                    }
                }
                None => {
                    self.entries.insert(
                        *bucket,
                        BucketEntry {
                            cases: 1,
                            smallest: candidate(),
                        },
                    );
                }
            }
        }
    }

    /// The buckets hit, in report order.
    pub fn iter(&self) -> impl Iterator<Item = (Bucket, &BucketEntry)> {
        self.entries.iter().map(|(bucket, entry)| (*bucket, entry))
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many cases hit `bucket`.
    pub fn count(&self, bucket: Bucket) -> u64 {
        self.entries.get(&bucket).map_or(0, |entry| entry.cases)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::contract::Action;
    use crate::gen::GenStep;

    fn case(ids: usize) -> GenCase {
        let ids: Vec<String> = (0..ids).map(|i| format!("ins-unk{i:05}")).collect();
        GenCase::new(vec![GenStep::new(
            Action::DisassociateInstancesKeyPairs,
            json!({ "InstanceIds": ids }),
        )])
    }

    fn violation(kind: ViolationKind) -> Violation {
        Violation {
            step: 0,
            kind,
            detail: "x".into(),
        }
    }

    #[test]
    fn keeps_the_smallest_case_and_counts_cases_once_per_bucket() {
        let mut buckets = Buckets::default();
        let outcome = (Bucket::WrongCode, violation(ViolationKind::Outcome));
        let envelope = (Bucket::Envelope, violation(ViolationKind::Envelope));
        buckets.record(0, &case(3), &[outcome.clone(), outcome.clone()]);
        buckets.record(1, &case(1), std::slice::from_ref(&outcome));
        buckets.record(2, &case(1), &[outcome.clone(), envelope]);
        buckets.record(3, &case(5), std::slice::from_ref(&outcome));
        assert_eq!(buckets.count(Bucket::WrongCode), 4);
        assert_eq!(buckets.count(Bucket::Envelope), 1);
        assert_eq!(buckets.count(Bucket::State), 0);
        let (_, entry) = buckets.iter().next().unwrap();
        assert_eq!(
            entry.smallest.0, 1,
            "the earlier of two equally small cases"
        );
        let order: Vec<Bucket> = buckets.iter().map(|(bucket, _)| bucket).collect();
        assert_eq!(order, [Bucket::WrongCode, Bucket::Envelope]);
    }

    #[test]
    fn names_are_stable_and_distinct() {
        let names: std::collections::BTreeSet<&str> =
            Bucket::ALL.iter().map(|bucket| bucket.name()).collect();
        assert_eq!(names.len(), Bucket::ALL.len());
        assert_eq!(Bucket::of(ViolationKind::ReadBack), Bucket::State);
    }
}
