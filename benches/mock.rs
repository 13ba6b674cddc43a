//! The mock's benchmark (a bench command, not a timed test): requests per second of signed
//! `DisassociateInstancesKeyPairs` calls through the mock under `wrk`, next to a bare server on the
//! same HTTP stack returning a fixed JSON body, in the same run; resident memory with a world of
//! 100,000 instances and 100,000 key pairs; and the per-request cost of the service as the world
//! grows. Run it with `benches/mock-load.sh` (installs `wrk`) or `cargo bench --bench mock`.

/// The allocator of the `tcconform` binary, so that what is measured is what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/load.rs"]
mod load;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use tcconform::contract::{self, Instance, InstanceState, KeyPair, Os, World};
use tcconform::mock::http::spawn_service;
use tcconform::mock::{MockConfig, MockService};
use tcconform::wire::{Received, SignedRequest};

/// How long each `wrk` run lasts.
const LOAD_SECONDS: u64 = 3;
/// How many rounds load both servers (odd, for a median).
const ROUNDS: usize = 11;
/// Connections `wrk` keeps open.
const CONNECTIONS: u32 = 32;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    // Throughput first: after the other two had built and dropped worlds of 100,000 instances,
    // the first rounds of the mock ran 10-18% slower than the later ones.
    report_throughput(&runtime);
    report_memory();
    report_service_cost_by_world_size();
}

/// One `wrk` run against one server.
struct Run {
    /// Requests per second.
    rate: f64,
    /// This process's CPU time per request, in microseconds.
    cpu_us: f64,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// A world of `size` stopped Linux instances and `size` key pairs, instance N bound to key N.
fn world_of(size: usize) -> World {
    let mut world = contract::default_world();
    for index in 0..size {
        let instance_id = format!("ins-{index:08x}");
        let key_id = format!("skey-{index:08x}");
        world.insert_key_pair(KeyPair::new(key_id.clone()));
        world.insert_instance(Instance::new(
            instance_id.clone(),
            Os::Linux,
            InstanceState::Stopped,
        ));
        world.bind(&instance_id, &key_id);
    }
    world
}

fn handle_once(service: &MockService, request: &SignedRequest, timestamp: i64) -> bool {
    let received = Received {
        method: request.method(),
        path_and_query: request.path_and_query(),
        headers: request.headers(),
        body: request.body(),
    };
    let reply = service.handle(&received, timestamp, 0);
    reply
        .body()
        .is_some_and(|body| !body.windows(7).any(|window| window == b"\"Error\""))
}

/// Nanoseconds per request through the pure service, median of batches, for growing worlds.
fn report_service_cost_by_world_size() {
    println!("service cost per request (in-process, no HTTP), by world size:");
    let timestamp = now();
    let request = load::steady_request("127.0.0.1:9000", timestamp);
    for size in [100, 10_000, 100_000] {
        let service = MockService::new(MockConfig {
            world_template: world_of(size),
            credentials: tcconform::mock::service::demo_credentials(),
            mutant: None,
        });
        assert!(
            handle_once(&service, &request, timestamp),
            "the steady request succeeds"
        );
        let mut batches: Vec<f64> = (0..15)
            .map(|_| {
                let started = Instant::now();
                for _ in 0..2_000 {
                    handle_once(&service, &request, timestamp);
                }
                started.elapsed().as_nanos() as f64 / 2_000.0
            })
            .collect();
        batches.sort_by(f64::total_cmp);
        println!("  {size:>7} instances + {size:>7} key pairs: {:>8.0} ns/request (median of 15 batches)", batches[7]);
    }
}

/// Resident memory of a mock serving a 100,000 + 100,000 world (the template plus the demo
/// SecretId's live copy, as after its first request).
fn report_memory() {
    let before = load::rss_mib();
    let service = MockService::new(MockConfig {
        world_template: world_of(100_000),
        credentials: tcconform::mock::service::demo_credentials(),
        mutant: None,
    });
    let timestamp = now();
    assert!(handle_once(
        &service,
        &load::steady_request("127.0.0.1:9000", timestamp),
        timestamp
    ));
    let after = load::rss_mib();
    println!(
        "memory: a mock with 100,000 instances and 100,000 key pairs (template and one live world): \
         process RSS {after:.1} MiB ({:+.1} MiB over the {before:.1} MiB before it)",
        after - before
    );
    drop(service);
}

/// Requests per second under `wrk`: the mock, then a bare axum server answering a fixed body.
fn report_throughput(runtime: &tokio::runtime::Runtime) {
    if !load::wrk_installed() {
        println!("throughput: skipped, `wrk` is not installed (benches/mock-load.sh installs it)");
        return;
    }
    let service = Arc::new(MockService::new(MockConfig {
        world_template: contract::default_world(),
        credentials: tcconform::mock::service::demo_credentials(),
        mutant: None,
    }));
    let mock = runtime
        .block_on(spawn_service(
            service,
            SocketAddr::from(([127, 0, 0, 1], 0)),
        ))
        .expect("the mock binds");
    let bare_addr = runtime.block_on(spawn_bare());
    let host = mock.addr().to_string();
    let request = load::steady_request(&host, now());
    let script = load::wrk_script(&request);
    let script_path =
        std::env::temp_dir().join(format!("tcconform-bench-{}.lua", std::process::id()));
    std::fs::write(&script_path, script).expect("the wrk script is written");

    // Load the two servers back to back, round after round (each round in the other order), and
    // take the median of the rounds' ratios: the two runs of a round share the machine's state
    // of the moment, so a burst of other load or a slow phase of the host moves both and mostly
    // cancels out, where independent best runs would not. Each run also gives the server's CPU
    // time per request (this process's, `wrk` being a child): the cost behind the rate.
    let run = |url: &str| {
        let before = load::cpu_seconds();
        let rate = load::run_wrk(url, &script_path, CONNECTIONS, LOAD_SECONDS);
        let requests = rate * LOAD_SECONDS as f64;
        let cpu_us = (load::cpu_seconds() - before) * 1e6 / requests.max(1.0);
        Run { rate, cpu_us }
    };
    let mut rounds: Vec<(Run, Run)> = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let (bare, mock) = if round % 2 == 0 {
            let bare = run(&format!("http://{bare_addr}/"));
            (bare, run(&format!("http://{host}/")))
        } else {
            let mock = run(&format!("http://{host}/"));
            (run(&format!("http://{bare_addr}/")), mock)
        };
        rounds.push((mock, bare));
    }
    let _ = std::fs::remove_file(&script_path);
    println!("throughput (wrk -t1 -c{CONNECTIONS} -d{LOAD_SECONDS}s, {ROUNDS} rounds of the mock and the bare server back to back, signed DisassociateInstancesKeyPairs):");
    for (index, (mock, bare)) in rounds.iter().enumerate() {
        println!(
            "  round {}: mock {:>7.0} req/s ({:>5.2} us CPU/request), bare {:>7.0} req/s ({:>5.2} us CPU/request), mock/bare {:.3}",
            index + 1,
            mock.rate,
            mock.cpu_us,
            bare.rate,
            bare.cpu_us,
            mock.rate / bare.rate.max(1.0)
        );
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        (
            values[values.len() / 2],
            values[0],
            values[values.len() - 1],
        )
    };
    let (ratio, lowest, highest) = median(
        rounds
            .iter()
            .map(|(mock, bare)| mock.rate / bare.rate.max(1.0))
            .collect(),
    );
    let (cost_ratio, _, _) = median(
        rounds
            .iter()
            .map(|(mock, bare)| bare.cpu_us / mock.cpu_us.max(f64::MIN_POSITIVE))
            .collect(),
    );
    let best = |rates: &mut dyn Iterator<Item = f64>| rates.fold(0.0_f64, f64::max);
    let best_mock = best(&mut rounds.iter().map(|(mock, _)| mock.rate));
    let best_bare = best(&mut rounds.iter().map(|(_, bare)| bare.rate));
    println!(
        "  best runs: mock {best_mock:.0} req/s, bare {best_bare:.0} req/s, ratio {:.2}",
        best_mock / best_bare.max(1.0)
    );
    println!(
        "  mock/bare = {ratio:.2} (median of the rounds, lowest {lowest:.2}, highest {highest:.2}; target >= 0.70); \
         bare/mock CPU per request = {cost_ratio:.2} (median)"
    );
    runtime.block_on(async { mock.shutdown().await.expect("the mock stops") });
}

async fn spawn_bare() -> SocketAddr {
    let body = r#"{"Response": {"RequestId": "6ef60bec-0242-43af-bb20-270359fb54a7"}}"#;
    let app = Router::new().fallback(move || async move {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the bare server binds");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}
