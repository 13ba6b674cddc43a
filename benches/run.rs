//! Runner benchmark: suite cases per second with the runner against the embedded mock (every
//! check of design §4, state reads included; snapshots off), and, in the same run against the
//! same mock, the rate the same client reaches re-sending one fixed signed request at the same
//! concurrency. Prints both and their ratio (target: at least 0.5), for the whole suite and for
//! the suite without its `size` cases (bodies of up to 10 MiB, whose signing and transfer alone
//! outlast the rest of a run on a small machine).
//!
//! Run: `cargo bench --bench run` (the suite is `scenarios/`, or the runner's test fixtures while
//! `scenarios/` is empty). `TCCONFORM_BENCH_SECONDS` sets each measurement's length (default 3).

/// The allocator of the `tcconform` binary, so that what is measured is what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tcconform::contract::roles;
use tcconform::mock::{world_file, DEMO_SECRET_ID, DEMO_SECRET_KEY};
use tcconform::runner::{EmbeddedMock, RunConfig, Session, SnapshotMode, TargetConfig};
use tcconform::scenario::{load_paths, Suite};
use tcconform::wire::{self, Body, Credentials, RequestSpec, SecretKey};

/// Cases (and fixed requests) in flight at once, as `tcconform run` by default.
const CONCURRENCY: usize = 8;

fn main() {
    let seconds = std::env::var("TCCONFORM_BENCH_SECONDS")
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .filter(|seconds| *seconds > 0.0 && *seconds <= 600.0)
        .unwrap_or(3.0);
    let budget = Duration::from_secs_f64(seconds);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (suite, source) = suite(root);
    let world = match world_file::load(&root.join("scenarios/world.toml")) {
        Ok(world) => world,
        Err(_) => roles::default_world(),
    };
    let config = RunConfig {
        target: TargetConfig::EmbeddedMock(EmbeddedMock {
            world,
            faults: Vec::new(),
            mutant: None,
        }),
        concurrency: CONCURRENCY,
        timeout: Duration::from_secs(30),
        snapshots: SnapshotMode::Off,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let session = Session::start(&config, &suite).await.expect("the mock starts");
        // Warm up: connections, allocations, the mock's worlds.
        let warm = session.run(&suite, &mut |_| {}).await.expect("a run");
        println!(
            "suite: {} cases from {source} ({} passed, {} failed, {} skipped), {:.2} requests per case",
            suite.len(),
            warm.passed(),
            warm.failed(),
            warm.skipped(),
            warm.requests as f64 / suite.len().max(1) as f64
        );
        let mut slowest: Vec<_> = warm.cases.iter().collect();
        slowest.sort_by_key(|case| std::cmp::Reverse(case.elapsed));
        for case in slowest.iter().take(5) {
            println!("  slowest: {:>7.1} ms  {}", case.elapsed.as_secs_f64() * 1000.0, case.full_name);
        }
        let (requests, elapsed) = fixed_request_rate(&session, budget).await;
        let request_rate = requests as f64 / elapsed.as_secs_f64();
        println!(
            "fixed request: {request_rate:>9.0} requests/s ({requests} requests, same client, same mock, concurrency {CONCURRENCY})"
        );
        let light = suite.filter(None, &["-size".to_owned()]);
        for (label, suite) in [("whole suite", &suite), ("without `size` cases", &light)] {
            let (cases, elapsed) = suite_rate(&session, suite, budget).await;
            let case_rate = cases as f64 / elapsed.as_secs_f64();
            println!(
                "runner, {label:<21} {case_rate:>7.0} cases/s ({} cases per run, {cases} cases in {:.2} s): ratio {:.2} (target >= 0.5)",
                suite.len(),
                elapsed.as_secs_f64(),
                case_rate / request_rate
            );
        }
        session.shutdown().await.expect("the mock stops");
    });
}

/// The suite of `scenarios/`, or the runner's test fixtures when `scenarios/` holds no case.
fn suite(root: &Path) -> (Suite, &'static str) {
    let scenarios = load_paths(&[root.join("scenarios")]).unwrap_or_default();
    if !scenarios.is_empty() {
        return (scenarios, "scenarios/");
    }
    let fixtures = load_paths(&[root.join("tests/it/fixtures/runner")])
        .unwrap_or_else(|errors| panic!("{}", errors.render()));
    (fixtures, "tests/it/fixtures/runner/")
}

/// Runs the suite again and again for `budget`: cases run and the time taken.
async fn suite_rate(session: &Session, suite: &Suite, budget: Duration) -> (usize, Duration) {
    let started = Instant::now();
    let mut cases = 0;
    while started.elapsed() < budget {
        let report = session.run(suite, &mut |_| {}).await.expect("a run");
        cases += report.cases.len();
    }
    (cases, started.elapsed())
}

/// Re-sends one signed `DisassociateInstancesKeyPairs` from `CONCURRENCY` tasks for `budget`.
async fn fixed_request_rate(session: &Session, budget: Duration) -> (usize, Duration) {
    let params = json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]});
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() as i64);
    let mut spec = RequestSpec::new(
        "DisassociateInstancesKeyPairs",
        now,
        1,
        Body::Params(params.as_object().cloned().unwrap_or_default()),
    );
    spec.host = session.base_url().trim_start_matches("http://").to_owned();
    spec.region = Some("ap-guangzhou".to_owned());
    let credentials = Credentials {
        secret_id: DEMO_SECRET_ID.to_owned(),
        secret_key: SecretKey::new(DEMO_SECRET_KEY),
        token: None,
    };
    let signed = Arc::new(wire::sign(&spec, &credentials).expect("signs"));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let client = session.client().clone();
        let signed = Arc::clone(&signed);
        tasks.push(tokio::spawn(async move {
            let mut sent = 0usize;
            while started.elapsed() < budget {
                let exchange = client.send(&signed).await.expect("an answer");
                assert_eq!(exchange.status, 200);
                sent += 1;
            }
            sent
        }));
    }
    let mut requests = 0;
    for task in tasks {
        requests += task.await.expect("a task");
    }
    (requests, started.elapsed())
}
