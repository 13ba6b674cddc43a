//! The error-code catalogue: every documented code of the supported actions and the common
//! API 3.0 codes, each with its meaning, queryable as "is code C documented for action A".
//!
//! Source: the SDK error lists (CN Go SDK v1.3.166 `cvm/v20170312/client.go`, `errors.go`) and the
//! common error table, as recorded in the project's reference notes. Pure data, no I/O.

mod lists;
mod names;

pub use lists::*;
pub use names::*;
