//! The over-the-wire fuzzer's benchmark (a bench command, not a timed test): campaign cases per
//! second against the embedded mock next to the raw rate `wrk` reaches on the same mock in the
//! same run with one fixed signed `DisassociateInstancesKeyPairs` (target ratio at least 0.5);
//! and resident memory over a long campaign (target: growth under 20 MB from the first tenth to
//! the end). Run it with `benches/fuzz-load.sh` (installs `wrk`) or `cargo bench --bench
//! fuzz_wire`. `TCCONFORM_BENCH_CASES` sets the throughput campaign (default 50,000 cases),
//! `TCCONFORM_BENCH_MEMORY_CASES` the memory one (default 1,000,000; 0 skips it).

/// The allocator of the `tcconform` binary, so that what is measured is what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/load.rs"]
mod load;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tcconform::campaign::{Budget, Campaign, CampaignConfig, Progress};
use tcconform::contract;
use tcconform::gen::{GenOptions, Seed};
use tcconform::mock::world_file;
use tcconform::runner::plan::host_of;
use tcconform::runner::{EmbeddedMock, TargetConfig};

/// Lanes of the campaign, and `wrk`'s connections.
const CONCURRENCY: usize = 8;
/// How long each `wrk` run lasts.
const LOAD_SECONDS: u64 = 5;

fn main() {
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|text| text.replace('_', "").parse().ok())
            .unwrap_or(default)
    };
    let cases = env("TCCONFORM_BENCH_CASES", 50_000).max(1);
    let memory_cases = env("TCCONFORM_BENCH_MEMORY_CASES", 1_000_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(throughput(cases));
    if memory_cases > 0 {
        runtime.block_on(memory(memory_cases));
    }
}

fn config(cases: u64) -> CampaignConfig {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let world = world_file::load(&root.join("scenarios/world.toml"))
        .unwrap_or_else(|_| contract::default_world());
    CampaignConfig {
        target: TargetConfig::EmbeddedMock(EmbeddedMock {
            world,
            faults: Vec::new(),
            mutant: None,
        }),
        seed: Seed(1),
        budget: Budget {
            cases: Some(cases),
            duration: None,
        },
        shard: None,
        concurrency: CONCURRENCY,
        rate: None,
        timeout: Duration::from_secs(30),
        // As `tcconform fuzz` by default.
        options: GenOptions {
            max_steps: 4,
            protocol: true,
            max_oversize_bytes: 1024 * 1024,
        },
        shrink_tries: 0,
    }
}

/// The campaign's cases/s, then `wrk`'s raw rate on the same mock, then the other way round.
async fn throughput(cases: u64) {
    let campaign = Campaign::start(config(cases))
        .await
        .expect("the mock starts");
    let url = campaign.base_url().to_owned();
    let host = host_of(&url).expect("a host").to_owned();
    let mut raw_rates = Vec::new();
    let mut case_rates = Vec::new();
    let mut requests_per_case = 0.0;
    let script_path =
        std::env::temp_dir().join(format!("tcconform-fuzz-bench-{}.lua", std::process::id()));
    for round in 0..2 {
        if round == 1 || !load::wrk_installed() {
            let report = campaign.run(&mut |_| {}).await.expect("a campaign");
            assert!(report.is_clean(), "the conforming mock shows findings");
            case_rates.push(report.cases as f64 / report.elapsed.as_secs_f64());
            requests_per_case = report.requests as f64 / report.cases as f64;
        }
        if load::wrk_installed() {
            std::fs::write(
                &script_path,
                load::wrk_script(&load::steady_request(&host, now())),
            )
            .expect("the wrk script is written");
            let rate = tokio::task::spawn_blocking({
                let (url, path) = (format!("{url}/"), script_path.clone());
                move || load::run_wrk(&url, &path, CONCURRENCY as u32, LOAD_SECONDS)
            })
            .await
            .expect("wrk ran");
            raw_rates.push(rate);
        }
        if round == 0 && load::wrk_installed() {
            let report = campaign.run(&mut |_| {}).await.expect("a campaign");
            case_rates.push(report.cases as f64 / report.elapsed.as_secs_f64());
        }
    }
    let _ = std::fs::remove_file(&script_path);
    campaign.shutdown().await;
    let best = |rates: &[f64]| rates.iter().copied().fold(0.0, f64::max);
    println!(
        "over the wire ({CONCURRENCY} lanes, {cases} cases per campaign, {requests_per_case:.2} requests per case):"
    );
    println!(
        "  campaign: {:>9.0} cases/s (best of {})",
        best(&case_rates),
        case_rates.len()
    );
    if raw_rates.is_empty() {
        println!("  raw rate: skipped, `wrk` is not installed (benches/fuzz-load.sh installs it)");
        return;
    }
    println!(
        "  wrk -t1 -c{CONCURRENCY}, one fixed signed DisassociateInstancesKeyPairs: {:>9.0} requests/s (best of {})",
        best(&raw_rates),
        raw_rates.len()
    );
    println!(
        "  ratio cases/s : raw requests/s = {:.3} (target >= 0.5)",
        best(&case_rates) / best(&raw_rates)
    );
}

/// Resident memory at a tenth of a long campaign and at its end.
async fn memory(cases: u64) {
    let campaign = Campaign::start(config(cases))
        .await
        .expect("the mock starts");
    let mut early: Option<f64> = None;
    let mut peak: f64 = 0.0;
    let mut last_print = 0;
    let report = campaign
        .run(&mut |progress: &Progress| {
            let rss = load::rss_mib();
            if progress.cases >= cases / 10 && early.is_none() {
                early = Some(rss);
            }
            if early.is_some() {
                peak = peak.max(rss);
            }
            if progress.cases >= last_print + cases / 10 {
                last_print = progress.cases;
                eprintln!("  {} cases, {rss:.1} MiB", progress.cases);
            }
        })
        .await
        .expect("a campaign");
    let end = load::rss_mib();
    campaign.shutdown().await;
    let early = early.unwrap_or(end);
    println!(
        "memory over a {} case campaign ({:.0} s, {} findings): {early:.1} MiB at a tenth, {end:.1} MiB at the end, peak after the first tenth {peak:.1} MiB: growth {:.1} MiB (target < 20 MB)",
        report.cases,
        report.elapsed.as_secs_f64(),
        report.failing,
        (peak.max(end) - early)
    );
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}
