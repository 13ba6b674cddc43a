//! Fuzz target `envelope_parse`: the response-envelope validator on arbitrary bodies.
//! The body is `tcconform::fuzz_entry::envelope_parse`, which `cargo test` also replays.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tcconform::fuzz_entry::envelope_parse(data));
