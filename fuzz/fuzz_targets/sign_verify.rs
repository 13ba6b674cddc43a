//! Fuzz target `sign_verify`: sign then verify round trips; verify never panics on arbitrary requests.
//! The body is `tcconform::fuzz_entry::sign_verify`, which `cargo test` also replays.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tcconform::fuzz_entry::sign_verify(data));
