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
const LOAD_SECONDS: u64 = 5;
/// How many times each server is loaded (alternating).
const ROUNDS: usize = 3;
/// Connections `wrk` keeps open.
const CONNECTIONS: u32 = 32;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    report_memory();
    report_service_cost_by_world_size();
    report_throughput(&runtime);
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

    // Alternate the two servers and keep each one's best run, so that neither gains from going
    // second (warm caches) or loses to a burst of other load on the machine.
    let mut mock_rate: f64 = 0.0;
    let mut bare_rate: f64 = 0.0;
    for _ in 0..ROUNDS {
        bare_rate = bare_rate.max(load::run_wrk(
            &format!("http://{bare_addr}/"),
            &script_path,
            CONNECTIONS,
            LOAD_SECONDS,
        ));
        mock_rate = mock_rate.max(load::run_wrk(
            &format!("http://{host}/"),
            &script_path,
            CONNECTIONS,
            LOAD_SECONDS,
        ));
    }
    let _ = std::fs::remove_file(&script_path);
    println!("throughput (wrk -t1 -c{CONNECTIONS} -d{LOAD_SECONDS}s, best of {ROUNDS} alternating runs, signed DisassociateInstancesKeyPairs):");
    println!("  mock: {mock_rate:>9.0} req/s");
    println!("  bare: {bare_rate:>9.0} req/s (same axum stack, fixed JSON body)");
    if bare_rate > 0.0 {
        println!(
            "  mock/bare = {:.2} (target >= 0.70)",
            mock_rate / bare_rate
        );
    }
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
