//! Fuzz target `json_params`: JSON bodies read as plain parameters and decoded in full agree.
//! The body is `tcconform::fuzz_entry::json_params`, which `cargo test` also replays.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tcconform::fuzz_entry::json_params(data));
