//! Fuzz throughput benchmark: in-process mock-versus-oracle executions per second on one core,
//! the body of the `mock_vs_oracle` fuzz target (`fuzz_entry::mock_vs_oracle_run`: generate a case
//! from bytes, run it against a fresh in-process mock, judge every answer), over cases of the
//! seeded campaign distribution. Also the generator alone, to show where the time goes. Ends by
//! printing executions/s against the target of 50,000.
//!
//! Run: `cargo bench --bench fuzz --no-default-features`.

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use tcconform::fuzz_entry;
use tcconform::gen::{case_from_bytes, GenContext, GenOptions, Seed};

/// Inputs the loops cycle through: a campaign's first cases.
const INPUTS: u64 = 1000;

fn main() {
    let inputs: Vec<Vec<u8>> = (0..INPUTS)
        .map(|index| Seed(0xbe7c).case(index).bytes())
        .collect();
    let context = GenContext::default_world(GenOptions::IN_PROCESS);
    let steps: usize = inputs
        .iter()
        .map(|bytes| case_from_bytes(bytes, &context).steps.len())
        .sum();

    // The plain loop runs first, in a fresh process state, and only when benchmarking.
    let args: Vec<String> = std::env::args().collect();
    let benchmarking = args.iter().any(|arg| arg == "--bench")
        && !args.iter().any(|arg| arg == "--test" || arg == "--list");
    if benchmarking {
        let rounds = 20;
        let start = Instant::now();
        for _ in 0..rounds {
            for bytes in &inputs {
                let (_, violations) = fuzz_entry::mock_vs_oracle_run(black_box(bytes), None);
                assert!(violations.is_empty());
            }
        }
        let seconds = start.elapsed().as_secs_f64();
        let cases = rounds as f64 * inputs.len() as f64;
        println!(
            "mock vs oracle, one core: {:.0} executions/s ({:.0} requests/s, {:.2} requests per case; target >= 50000 executions/s)",
            cases / seconds,
            rounds as f64 * steps as f64 / seconds,
            steps as f64 / inputs.len() as f64,
        );
    }

    let mut criterion = Criterion::default().configure_from_args();
    let mut next = 0;
    criterion.bench_function("mock_vs_oracle_case", |b| {
        b.iter(|| {
            next = (next + 1) % inputs.len();
            fuzz_entry::mock_vs_oracle_run(black_box(&inputs[next]), None)
        })
    });
    criterion.bench_function("generate_case", |b| {
        b.iter(|| {
            next = (next + 1) % inputs.len();
            case_from_bytes(black_box(&inputs[next]), &context)
        })
    });
    criterion.final_summary();
}
