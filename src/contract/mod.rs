//! The API contract as data and rules: actions, request models, the ID grammar, the documented limits,
//! the error-code catalogue, instance states, the world model, the deterministic service and the
//! oracle.
//!
//! Invariant: pure. No I/O, no async, no clock, no randomness; nothing here knows HTTP.
//! Invariant: the rules of the key-pair actions live in `checks` (and `describe` for the read
//! actions); `service` and `oracle` both derive from them, so the mock and the oracle cannot disagree.
//!
//! Reading order: `action`, `codes`, `ids`, `limits`, `state`, `model`, `plain`, `params`, `world`, `roles`,
//! `knowledge`, `checks`, `describe`, `service`, `oracle`.

pub mod action;
pub mod checks;
pub mod codes;
pub mod describe;
pub mod ids;
pub mod knowledge;
pub mod limits;
pub mod model;
pub mod oracle;
pub mod params;
pub mod plain;
mod read;
pub mod roles;
pub mod service;
pub mod state;
pub mod world;

pub use action::{Action, DEFAULT_HOST, SERVICE, VERSION};
pub use checks::Finding;
pub use ids::{classify_instance_id, classify_key_id, IdClass, IdKind, MalformedReason};
pub use knowledge::{InstanceFacts, Knowledge, Lookup};
pub use model::{
    AssociateInstancesKeyPairs, DescribeInstances, DescribeKeyPairs, DisassociateInstancesKeyPairs,
    Filter, Request,
};
pub use oracle::{acceptable, explain, Acceptable};
pub use params::{
    parse_clean, parse_params, parse_request, ParamProblem, ParamSource, ParsedParams, ProblemKind,
};
pub use plain::{PlainParams, PlainValue};
pub use roles::{default_role_ids, default_world};
pub use service::{execute, execute_params, ApiError};
pub use state::{InstanceState, Os};
pub use world::{Instance, KeyPair, RoleRef, World, WorldError};
