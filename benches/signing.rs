//! Signing benchmark (placeholder until wire lands).
fn main() {}
