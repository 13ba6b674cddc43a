//! Cases sharing one world: rejected cases run concurrently against a separately spawned mock
//! (an endpoint, every case on the demo SecretId's world) that wrongly unbinds keys from a running
//! instance. Each request is held back a little so that the cases overlap in time; the state
//! finding must land on the case that caused the change and on no other.

use std::time::Duration;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;

use tcconform::mock::{demo_credentials, MockConfig, MockService, DEMO_SECRET_ID};

use super::remote::{endpoint, REJECTED_ONLY};
use super::*;

/// Holds every request back, so that cases running together are in flight at the same time.
async fn slowly(request: Request, next: Next) -> Response {
    tokio::time::sleep(Duration::from_millis(40)).await;
    next.run(request).await
}

#[tokio::test(flavor = "multi_thread")]
async fn state_findings_land_on_the_case_that_caused_them() {
    let service = std::sync::Arc::new(MockService::new(MockConfig {
        world_template: roles::default_world(),
        credentials: demo_credentials(),
        mutant: Some(Mutant::RunningWithoutForceStop),
    }));
    let router = tcconform::mock::http::app(std::sync::Arc::clone(&service))
        .layer(middleware::from_fn(slowly));
    let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/shared-world");
    let suite = load_paths(&[dir]).unwrap_or_else(|errors| panic!("{}", errors.render()));
    let mut config = endpoint(&url, REJECTED_ONLY);
    config.concurrency = 8;
    let report = runner::run(&suite, &config, &mut |_| {})
        .await
        .expect("the run completes");
    server.abort();

    let culprit = case(&report, "shared-world/running-needs-force-stop");
    assert!(
        checks(culprit).contains(&Check::State),
        "the case that changed the world reports it: {:?}",
        culprit.outcome
    );
    let innocent: Vec<String> = report
        .cases
        .iter()
        .filter(|result| result.full_name != culprit.full_name)
        .filter(|result| result.outcome != Outcome::Pass)
        .map(|result| format!("{}: {:?}", result.full_name, result.outcome))
        .collect();
    assert!(
        innocent.is_empty(),
        "cases that changed nothing report the culprit's change:\n{}",
        innocent.join("\n")
    );
    assert_eq!(report.cases.len(), 5);
    // Cases with disjoint scopes still ran together.
    let one_by_one: Duration = report.cases.iter().map(|result| result.elapsed).sum();
    assert!(
        report.elapsed < one_by_one,
        "{:?} for the run, {one_by_one:?} one after the other",
        report.elapsed
    );
    assert!(!report.restore_failed());
    assert_eq!(service.world(DEMO_SECRET_ID), roles::default_world());
}
