//! The judge against the conforming mock (nothing to report over many seeded cases) and against
//! every mutant (each caught within a small budget of cases, and shrunk to a small reproducer).

use super::*;
use crate::contract::default_world;
use crate::gen::{shrink, size, GenContext, GenOptions, GenStep, Generator, Seed};
use crate::mock::{demo_credentials, MockConfig, Mutant, DEMO_SECRET_ID, DEMO_SECRET_KEY};
use crate::wire::{sign, SecretKey};

const NOW: i64 = 1_700_000_000;

fn demo() -> Credentials {
    Credentials {
        secret_id: DEMO_SECRET_ID.to_owned(),
        secret_key: SecretKey::new(DEMO_SECRET_KEY),
        token: None,
    }
}

fn run(mutant: Option<Mutant>, case: &GenCase) -> Vec<Violation> {
    let service = MockService::new(MockConfig {
        world_template: default_world(),
        credentials: demo_credentials(),
        mutant,
    });
    judge(&service, &demo(), case, NOW)
}

fn generator() -> Generator {
    Generator::new(
        Seed(0x5eed),
        GenContext::default_world(GenOptions::IN_PROCESS),
    )
}

#[test]
fn the_conforming_mock_breaks_nothing() {
    for (index, case) in generator().take(3000) {
        let violations = run(None, &case);
        assert!(
            violations.is_empty(),
            "case {index}: {violations:?}\n{case:?}"
        );
    }
}

#[test]
fn every_mutant_is_caught_and_shrunk() {
    for mutant in Mutant::ALL {
        let found = generator()
            .take(3000)
            .find(|(_, case)| !run(Some(*mutant), case).is_empty());
        let Some((index, case)) = found else {
            panic!("{mutant} went unnoticed in 3000 cases");
        };
        let small = shrink(
            &case,
            |candidate| !run(Some(*mutant), candidate).is_empty(),
            2000,
        );
        assert!(!run(Some(*mutant), &small).is_empty());
        assert!(
            run(None, &small).is_empty(),
            "{mutant}: the shrunk case fails the conforming mock"
        );
        assert!(size(&small) <= size(&case), "{mutant} at case {index}");
        assert_eq!(small.steps.len(), 1, "{mutant}: {small:?}");
    }
}

#[test]
fn violations_say_where_and_what() {
    let case = GenCase::new(vec![GenStep::new(
        Action::DisassociateInstancesKeyPairs,
        serde_json::json!({"InstanceIds": ["ins-runlnx01"], "KeyIds": ["skey-bound001"]}),
    )]);
    let violations = run(Some(Mutant::RunningWithoutForceStop), &case);
    let text: Vec<String> = violations.iter().map(Violation::to_string).collect();
    assert_eq!(
        text,
        ["step 0: outcome: answered success, the contract allows UnsupportedOperation.InstanceStateRunning"]
    );
    let violations = run(
        Some(Mutant::NonAtomicBatch),
        &GenCase::new(vec![GenStep::new(
            Action::DisassociateInstancesKeyPairs,
            serde_json::json!({"InstanceIds": ["ins-stpdlnx1", "ins-runlnx01"], "KeyIds": ["skey-bound001"]}),
        )]),
    );
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].kind, ViolationKind::State);
    assert!(
        violations[0]
            .detail
            .starts_with("an error changed the world: instance ins-stpdlnx1"),
        "{}",
        violations[0]
    );
}

/// The generator is worth its salt: over one seed's cases the conforming mock answers success and
/// every main code, protocol codes included.
#[test]
fn the_generated_cases_reach_every_kind_of_answer() {
    use crate::contract::codes::*;
    let service = MockService::new(MockConfig {
        world_template: default_world(),
        credentials: demo_credentials(),
        mutant: None,
    });
    let mut seen = std::collections::BTreeSet::new();
    for (_, case) in generator().take(3000) {
        service.reset(DEMO_SECRET_ID);
        for (index, step) in case.steps.iter().enumerate() {
            let signed = sign(&step.to_spec(NOW, index as u64 + 1), &demo()).unwrap();
            let received = Received {
                method: signed.method(),
                path_and_query: signed.path_and_query(),
                headers: signed.headers(),
                body: signed.body(),
            };
            let reply = service.handle(&received, NOW, 0);
            let body: serde_json::Value = serde_json::from_slice(reply.body().unwrap()).unwrap();
            let code = body["Response"]["Error"]["Code"]
                .as_str()
                .unwrap_or("success");
            seen.insert(code.to_owned());
        }
    }
    for expected in [
        "success",
        UNKNOWN_PARAMETER,
        MISSING_PARAMETER,
        INVALID_PARAMETER,
        INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
        INVALID_INSTANCE_ID_MALFORMED,
        INVALID_KEY_PAIR_ID_MALFORMED,
        INVALID_INSTANCE_ID_NOT_FOUND,
        INVALID_KEY_PAIR_ID_NOT_FOUND,
        OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
        UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
        UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING,
        AUTH_FAILURE_SIGNATURE_FAILURE,
        AUTH_FAILURE_SIGNATURE_EXPIRE,
        AUTH_FAILURE_SECRET_ID_NOT_FOUND,
        AUTH_FAILURE_INVALID_AUTHORIZATION,
        INVALID_ACTION,
        NO_SUCH_VERSION,
        REQUEST_SIZE_LIMIT_EXCEEDED,
    ] {
        assert!(
            seen.contains(expected),
            "{expected} never answered: {seen:?}"
        );
    }
}
