//! The API contract as data and rules: actions, request models, the ID grammar, the documented limits,
//! the error-code catalogue, instance states, the world model and the oracle.
//!
//! Invariant: pure. No I/O, no async, no clock, no randomness; nothing here knows HTTP.

pub mod action;
pub mod codes;

pub use action::{Action, DEFAULT_HOST, SERVICE, VERSION};
