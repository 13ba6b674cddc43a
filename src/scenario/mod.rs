//! Scenario files and fixtures files: the format, the loader with `path:line:column` diagnostics,
//! and resolution of a case for one target. The format is documented field by field in
//! `scenarios/README.md`.
//!
//! Entry points: [`load_paths`] (files and directories to a [`Suite`] of validated [`Case`]s, or
//! [`LoadErrors`] holding every problem of every file), [`load_fixtures`] (a real target's
//! role → ID map), and [`Case::resolve`] (a case made concrete for a target: a [`ResolvedCase`]
//! or a [`Skip`] with its reason).
//!
//! Invariant: the only module that deserializes scenario and fixtures files; its DTOs (`format`)
//! never leave it. Invariant: pure: no I/O but reading the files it is asked to load, no async,
//! no clock, no randomness (generated IDs are a function of their index).
//! Invariant: a [`Case`] exists only if it passed validation: known roles, documented codes,
//! consistent encoding, signing, expectation and effect.

mod case;
mod diagnostic;
mod effect;
mod expect;
mod fixtures;
mod format;
mod load;
mod node;
mod params;
mod parse;
mod protocol;
mod resolve;
mod source;
mod state;
mod suite;
mod validate;

pub use case::{Case, Effect, Expected, Fault, MOCK_PROFILE};
pub use diagnostic::{Diagnostic, LoadErrors};
pub use fixtures::{load_fixtures, parse_fixtures, Fixtures};
pub use load::{load_paths, parse_file, NOT_SCENARIO_DIRS, NOT_SCENARIO_FILES};
pub use params::{Generator, MAX_GENERATED};
pub use protocol::MAX_OVERSIZE_BODY;
pub use resolve::{ResolvedCase, Skip, Target, TargetKind};
pub use source::{Location, Pos};
pub use state::{StateCheck, StateExpectation};
pub use suite::{Shard, ShardError, Suite};
