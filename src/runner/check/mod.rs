//! The checks of design §4 as pure functions of plain data: each takes what came back (an
//! [`Answer`](crate::runner::Answer), an envelope, observed states) and what was expected, and
//! returns every [`Finding`](crate::runner::Finding) it sees. None of them does I/O, and none
//! stops at the first problem.
//!
//! - [`transport`]: check 1, an answer came (or, for a dropped-connection fault, none did);
//! - [`envelope`]: checks 2–5, through `wire::envelope::validate`;
//! - [`outcome`]: check 6, the outcome against the case's expectation or the oracle's;
//! - [`state`]: check 7, the bindings after the call against the bindings before;
//! - the snapshot check (8) is `runner::snapshot::compare`.

pub mod envelope;
pub mod outcome;
pub mod state;
pub mod transport;

use crate::contract::Acceptable;
use crate::scenario::Location;

/// What an answer is judged against, for one case on one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// One of these outcomes, on this basis.
    Outcomes {
        /// The acceptable outcomes.
        acceptable: Acceptable,
        /// Who says so.
        basis: Basis,
    },
    /// No answer: the mock was told to drop the connection.
    NoResponse,
    /// An answer whose body is not JSON: the mock was told to send garbage.
    NotJson,
}

/// Who decided the acceptable outcomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The oracle, for these reasons (its explanation of the request, in precedence order).
    Oracle {
        /// One line per problem the oracle sees in the request.
        reasons: Vec<String>,
    },
    /// The case's own `[case.expect]` (or a profile pin), written here.
    Case {
        /// Where the expectation is written.
        at: Location,
    },
    /// The code the mock was told to force.
    Fault,
}

impl Judgement {
    /// The codes this judgement allows (empty for `NoResponse` and `NotJson`).
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        let codes = match self {
            Judgement::Outcomes { acceptable, .. } => Some(acceptable.codes.iter().copied()),
            _ => None,
        };
        codes.into_iter().flatten()
    }
}
