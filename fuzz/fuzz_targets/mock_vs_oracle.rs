//! Fuzz target `mock_vs_oracle`: arbitrary request sequences into the in-process mock, judged by the oracle.
//! The body is `tcconform::fuzz_entry::mock_vs_oracle`, which `cargo test` also replays.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tcconform::fuzz_entry::mock_vs_oracle(data));
