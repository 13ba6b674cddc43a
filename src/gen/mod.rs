//! Seeded input generators, shrinking and the in-process judge of the contract fuzzer.
//!
//! A campaign is a [`Seed`]: case `i` is read by [`gen_case`] from the bytes of `seed.case(i)`
//! (a `rand` `StdRng` behind `arbitrary`'s `Unstructured`), so the same seed and options give
//! the same cases, and the cargo-fuzz targets drive the very same generator with the fuzzer's
//! bytes. A [`GenCase`] is plain data: its steps turn into `wire::RequestSpec`s, its `Debug` is a
//! paste-ready Rust reproducer, [`shrink`] makes a failing one minimal, [`acceptable`] says what a
//! conforming server may answer to a step, and [`judge`] runs a case against the in-process mock
//! with the checks of design §4.
//!
//! Invariant: pure and deterministic: no I/O, no clock, no `thread_rng`; every value derives from
//! the seed or the bytes given. Reading order: `seed`, `pick`, `context`, `case`, `ids`, `params`,
//! `protocol`, `generate`, `expect`, `judge`, `shrink`, `repro`.

mod case;
mod context;
mod expect;
mod generate;
mod ids;
pub(crate) mod judge;
mod params;
mod pick;
mod protocol;
mod repro;
mod seed;
mod shrink;

pub use case::{size_limit, GenCase, GenStep, ProtocolFault};
pub use context::{GenContext, GenOptions};
pub use expect::acceptable;
pub use generate::{case_from_bytes, gen_case, gen_step, Generator};
pub use ids::{malformed_id, unknown_id, MALFORMED_REASONS};
pub use judge::{judge, judge_from, Violation, ViolationKind};
pub use params::{BOUNDARY_COUNTS, UNKNOWN_NAMES};
pub use protocol::{fault_codes, BAD_ACTION_NAMES, BAD_VERSIONS};
pub use seed::{BadSeed, Seed, CASE_BYTES};
pub use shrink::{shrink, size};
