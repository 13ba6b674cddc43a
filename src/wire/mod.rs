//! Wire encoding: exact request bytes, signing and verification, deliberate breakage, and the
//! response-envelope validator.
//!
//! Invariant: pure. No I/O, no clock reads: time, nonces and credentials are parameters.
