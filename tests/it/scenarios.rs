//! Every case of `scenarios/` against the mock (started in process on 127.0.0.1:0, each case in
//! its own world), with every check of design §4. The normalised response of each case is asserted
//! with insta into `snapshots/scenario__<group>__<name>.snap`: the same rendering and the same
//! files `tcconform run` compares against. A case without a snapshot fails (on CI, where `CI=true`,
//! insta writes nothing; locally it leaves a `.snap.new` for `cargo insta review`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Duration;

use tcconform::mock::world_file;
use tcconform::report::human;
use tcconform::runner::{
    run_blocking, snapshot, EmbeddedMock, Outcome, RunConfig, SnapshotMode, TargetConfig,
};
use tcconform::scenario::load_paths;

#[test]
fn every_scenario_holds_against_the_mock_and_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("scenarios");
    let suite = load_paths(std::slice::from_ref(&dir))
        .unwrap_or_else(|errors| panic!("{}", errors.render()));
    let world_path = dir.join("world.toml");
    let world = if world_path.is_file() {
        world_file::load(&world_path).unwrap_or_else(|error| panic!("{error}"))
    } else {
        world_file::builtin()
    };
    let config = RunConfig {
        target: TargetConfig::EmbeddedMock(EmbeddedMock {
            world,
            faults: Vec::new(),
            mutant: None,
        }),
        concurrency: 8,
        timeout: Duration::from_secs(30),
        snapshots: SnapshotMode::Off,
    };
    let report = run_blocking(&suite, &config, &mut |_| {}).expect("the run completes");
    let mut problems = Vec::new();
    for case in &report.cases {
        match &case.outcome {
            Outcome::Pass => {}
            Outcome::Skipped { reason } => {
                problems.push(format!(
                    "SKIP  {}: {reason} (every case must run on the mock)",
                    case.full_name
                ));
            }
            Outcome::Fail(_) => problems.push(human::failure(case)),
        }
    }
    let mut mismatched = Vec::new();
    for case in &report.cases {
        let Some(normalised_response) = case.snapshot.clone() else {
            continue;
        };
        let name = snapshot::name_of(&case.full_name);
        let asserted = catch_unwind(AssertUnwindSafe(|| {
            insta::with_settings!({
                snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
                prepend_module_to_snapshot => false,
            }, {
                insta::assert_snapshot!(name.as_str(), normalised_response);
            });
        }));
        if asserted.is_err() {
            mismatched.push(format!("snapshots/{name}.snap"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} cases broke the contract on the mock:\n{}",
        problems.len(),
        report.cases.len(),
        problems.join("\n")
    );
    assert!(
        mismatched.is_empty(),
        "{} snapshots are missing or differ; review with `cargo insta review` (or record with \
         `tcconform run --update-snapshots`):\n{}",
        mismatched.len(),
        mismatched.join("\n")
    );
}
