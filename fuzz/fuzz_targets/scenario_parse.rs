//! Fuzz target `scenario_parse`: the scenario and fixtures parsers; diagnostics point inside the input.
//! The body is `tcconform::fuzz_entry::scenario_parse`, which `cargo test` also replays.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tcconform::fuzz_entry::scenario_parse(data));
