//! Fuzz target `form_decode`: the form and query decoder on arbitrary text, with round trips.
//! The body is `tcconform::fuzz_entry::form_decode`, which `cargo test` also replays.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tcconform::fuzz_entry::form_decode(data));
