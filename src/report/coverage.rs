//! The coverage matrix: for every action that has cases, each documented code of the action (and
//! each common or undocumented code that came up) with whether some case expected it and whether
//! the run observed it. A documented code neither expected nor observed was never exercised.

use std::collections::{BTreeMap, BTreeSet};

use crate::contract::{codes, Action};
use crate::runner::{CaseResult, Observed};

/// One code's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCoverage {
    /// The code.
    pub code: String,
    /// Where the catalogue has it: `action` (the action's own list), `common`, or `undocumented`.
    pub documented: &'static str,
    /// Some case's expectation (its own or the oracle's) allowed it.
    pub expected: bool,
    /// Some case's request was answered with it in this run.
    pub observed: bool,
}

/// The matrix of one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// The action.
    pub action: Action,
    /// How many codes its own catalogue documents.
    pub documented: usize,
    /// Its documented codes in catalogue order, then the other codes that came up, sorted.
    pub rows: Vec<CodeCoverage>,
}

impl Coverage {
    /// The action's own documented codes that no case expected and the run never observed.
    pub fn never_exercised(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|row| row.documented == "action" && !row.expected && !row.observed)
            .map(|row| row.code.as_str())
            .collect()
    }
}

/// The matrix of every action `cases` use, the action under test first.
pub fn coverage(cases: &[CaseResult]) -> Vec<Coverage> {
    let mut expected: BTreeMap<Action, BTreeSet<String>> = BTreeMap::new();
    let mut observed: BTreeMap<Action, BTreeSet<String>> = BTreeMap::new();
    for case in cases {
        let action_expected = expected.entry(case.action).or_default();
        action_expected.extend(case.expected_codes.iter().map(|code| (*code).to_owned()));
        let action_observed = observed.entry(case.action).or_default();
        if let Some(Observed::Code(code)) = &case.observed {
            action_observed.insert(code.clone());
        }
    }
    Action::ALL
        .iter()
        .filter(|action| expected.contains_key(action))
        .map(|action| {
            let expected = &expected[action];
            let observed = &observed[action];
            let own = codes::action_codes(*action);
            let mut rows: Vec<CodeCoverage> = own
                .iter()
                .map(|info| row(info.code, "action", expected, observed))
                .collect();
            let others: BTreeSet<&String> = expected
                .iter()
                .chain(observed)
                .filter(|code| !own.iter().any(|info| info.code == code.as_str()))
                .collect();
            for code in others {
                let documented = if codes::is_common(code) {
                    "common"
                } else {
                    "undocumented"
                };
                rows.push(row(code, documented, expected, observed));
            }
            Coverage {
                action: *action,
                documented: own.len(),
                rows,
            }
        })
        .collect()
}

fn row(
    code: &str,
    documented: &'static str,
    expected: &BTreeSet<String>,
    observed: &BTreeSet<String>,
) -> CodeCoverage {
    CodeCoverage {
        code: code.to_owned(),
        documented,
        expected: expected.contains(code),
        observed: observed.contains(code),
    }
}
