//! The remote path against a separately spawned mock (its own server on 127.0.0.1:0, the demo
//! credentials, a fixtures file mapping every role to the mock's default IDs): only `rejected`
//! cases by default, everything with the allow flags, and the world as it started afterwards,
//! restores verified. Also an endpoint that refuses the restore, and one that is not there.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tcconform::contract::World;
use tcconform::mock::http::{app, spawn, MockHandle};
use tcconform::mock::{demo_credentials, MockConfig, MockService, DEMO_SECRET_ID, DEMO_SECRET_KEY};
use tcconform::runner::{Endpoint, Patience, RunError, Safety};
use tcconform::scenario::parse_fixtures;
use tcconform::wire::{Credentials, SecretKey};

use super::*;

fn mock_config() -> MockConfig {
    MockConfig {
        world_template: roles::default_world(),
        credentials: demo_credentials(),
        mutant: None,
    }
}

async fn spawn_mock() -> MockHandle {
    spawn(mock_config(), SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("the mock starts")
}

/// A fixtures file mapping every role to the mock's default ID.
fn fixtures_text() -> String {
    let mut text =
        "# every role at the mock's default ID\nregion = \"ap-guangzhou\"\n\n[roles]\n".to_owned();
    for (role, id) in roles::default_role_ids() {
        text.push_str(&format!("{role} = \"{id}\"\n"));
    }
    text
}

pub(super) fn endpoint(url: &str, safety: Safety) -> RunConfig {
    let fixtures = parse_fixtures(Path::new("staging.toml"), &fixtures_text())
        .unwrap_or_else(|errors| panic!("{}", errors.render()));
    RunConfig {
        target: TargetConfig::Endpoint(Endpoint {
            url: url.to_owned(),
            credentials: Credentials {
                secret_id: DEMO_SECRET_ID.to_owned(),
                secret_key: SecretKey::new(DEMO_SECRET_KEY),
                token: None,
            },
            region: fixtures.region().map(str::to_owned),
            roles: fixtures.roles().clone(),
            profile: None,
            safety,
            patience: Patience {
                attempts: 2,
                pause: Duration::from_millis(10),
            },
        }),
        concurrency: 4,
        timeout: Duration::from_secs(10),
        snapshots: SnapshotMode::Off,
    }
}

pub(super) const REJECTED_ONLY: Safety = Safety {
    allow_mutations: false,
    allow_disruptive: false,
};
const EVERYTHING: Safety = Safety {
    allow_mutations: true,
    allow_disruptive: true,
};

async fn run_remote(suite: &Suite, config: &RunConfig) -> Report {
    runner::run(suite, config, &mut |_| {})
        .await
        .expect("the run completes")
}

fn world_of(handle: &MockHandle) -> World {
    handle.service().world(DEMO_SECRET_ID)
}

fn skip_reason<'a>(report: &'a Report, full_name: &str) -> &'a str {
    match &case(report, full_name).outcome {
        Outcome::Skipped { reason } => reason,
        other => panic!("{full_name} was not skipped: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn only_rejected_cases_run_by_default() {
    let handle = spawn_mock().await;
    let suite = suite(None);
    let report = run_remote(&suite, &endpoint(&handle.url(), REJECTED_ONLY)).await;
    for name in ["basics/one-pair", "basics/form-second-key"] {
        assert!(
            skip_reason(&report, name).contains("--allow-mutations"),
            "{name}"
        );
    }
    assert!(skip_reason(&report, "basics/force-stop-running").contains("--allow-disruptive"));
    assert!(skip_reason(&report, "faults/garbage-body").starts_with("runs on the mock only"));
    for name in [
        "basics/running-needs-force-stop",
        "basics/malformed-instance",
        "basics/wrong-secret",
        "basics/put-method",
    ] {
        assert_eq!(case(&report, name).outcome, Outcome::Pass, "{name}");
    }
    assert_eq!(report.failed(), 0, "{}", failures(&report));
    assert_eq!(world_of(&handle), roles::default_world());
    handle.shutdown().await.expect("stops");
}

#[tokio::test(flavor = "multi_thread")]
async fn everything_runs_with_the_allow_flags_and_the_world_is_restored() {
    let handle = spawn_mock().await;
    let suite = suite(None);
    let report = run_remote(&suite, &endpoint(&handle.url(), EVERYTHING)).await;
    assert_eq!(report.failed(), 0, "{}", failures(&report));
    assert_eq!(
        report.skipped(),
        3,
        "only the mock-only fault cases are skipped"
    );
    assert!(!report.restore_failed());
    // Each mutating case unbound keys; each restored them and verified it, so the world is the
    // one the run started with.
    assert_eq!(world_of(&handle), roles::default_world());
    let mutations_only = Safety {
        allow_mutations: true,
        allow_disruptive: false,
    };
    let report = run_remote(&suite, &endpoint(&handle.url(), mutations_only)).await;
    assert_eq!(case(&report, "basics/one-pair").outcome, Outcome::Pass);
    assert!(skip_reason(&report, "basics/force-stop-running").contains("--allow-disruptive"));
    assert_eq!(world_of(&handle), roles::default_world());
    handle.shutdown().await.expect("stops");
}

/// Refuses every `AssociateInstancesKeyPairs`: a target where nothing can be restored.
async fn refuse_associate(request: Request, next: Next) -> Response {
    let associate = request
        .headers()
        .get("x-tc-action")
        .is_some_and(|action| action == "AssociateInstancesKeyPairs");
    if !associate {
        return next.run(request).await;
    }
    let body = r#"{"Response":{"Error":{"Code":"UnauthorizedOperation","Message":"not today"},"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#;
    ([("content-type", "application/json")], body).into_response()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_that_does_not_hold_is_reported_loudly() {
    let service = Arc::new(MockService::new(mock_config()));
    let router = app(Arc::clone(&service)).layer(middleware::from_fn(refuse_associate));
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let report = run_remote(&suite(Some("basics/one-pair")), &endpoint(&url, EVERYTHING)).await;
    server.abort();
    assert!(report.restore_failed());
    let one_pair = case(&report, "basics/one-pair");
    let restore = one_pair
        .outcome
        .findings()
        .iter()
        .find(|finding| finding.check == Check::Restore)
        .expect("a restore finding");
    assert!(restore.message.starts_with("RESTORE FAILED"), "{restore:?}");
    let detail = restore.detail.as_deref().unwrap_or("");
    assert!(
        detail.contains("instance `ins-stpdlnx1` holds [skey-second01], its original set is [skey-bound001, skey-second01]"),
        "{detail}"
    );
    assert!(detail.contains("UnauthorizedOperation"), "{detail}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_that_is_not_there_is_a_harness_fault() {
    // A port just freed can be handed at once to a mock another test starts; then the run
    // reaches that mock. Such an attempt proves nothing and is made again on another port, so
    // the runner must answer `Unreachable` whenever nothing listens.
    for _ in 0..5 {
        let closed = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("binds");
        let url = format!("http://{}", closed.local_addr().expect("an address"));
        drop(closed);
        match runner::run(&suite(None), &endpoint(&url, REJECTED_ONLY), &mut |_| {}).await {
            Err(error) => {
                assert!(matches!(error, RunError::Unreachable { .. }), "{error:?}");
                return;
            }
            Ok(report) => assert!(report.requests > 0, "a run with no request: {report:?}"),
        }
    }
    panic!("five freed ports in a row were all taken again: a run never met a closed port");
}
