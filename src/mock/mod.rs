//! The mock: a stateful simulator of CVM key pairs that the official SDKs and tccli accept as the
//! real service. A pure [`MockService`] (request in, reply out, the SecretId's world updated)
//! behind a thin HTTP front (`http`, feature `server`).
//!
//! **Invariant:** the mock holds no business rules: every decision about an action comes from
//! `contract::service`, so the mock and the oracle cannot disagree by accident. The one, named
//! exception is `mutant`: deliberate deviations, off unless asked for, that test the harness.
//! **Invariant:** nothing here but `http` does I/O or reads a clock; [`world_file::load`] and
//! [`world_file::resolve`] read the world file. The mock is the only module that binds sockets.

pub mod admin;
pub mod fault_spec;
pub mod faults;
pub mod mutant;
pub mod protocol;
pub mod service;
pub mod throttle;
pub mod world_doc;
pub mod world_file;

mod world_build;

#[cfg(feature = "server")]
pub mod http;

pub use admin::{AdminReply, AdminRequest};
pub use fault_spec::FaultSpec;
pub use mutant::{Mutant, UnknownMutant};
pub use service::{
    demo_credentials, MockConfig, MockService, Reply, DEMO_SECRET_ID, DEMO_SECRET_KEY,
};
pub use world_file::WorldFileError;
