//! The scenario format through the public API: the example files under `fixtures/valid/` load and
//! resolve for the mock and for a real target's fixtures, and selection (filter, shard) keeps the
//! suite whole.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tcconform::contract::{default_role_ids, Action};
use tcconform::scenario::{
    load_fixtures, load_paths, Effect, Expected, Generator, Shard, Suite, Target, MOCK_PROFILE,
};
use tcconform::wire::{sign, Credentials, SecretKey};

fn examples() -> Suite {
    match load_paths(&[PathBuf::from("tests/it/fixtures/valid")]) {
        Ok(suite) => suite,
        Err(errors) => panic!("{errors}"),
    }
}

fn names(suite: &Suite) -> Vec<String> {
    suite.cases().iter().map(|case| case.full_name()).collect()
}

#[test]
fn the_examples_load_in_file_order_with_unique_names() {
    let suite = examples();
    let names = names(&suite);
    assert_eq!(names.len(), 16);
    assert_eq!(names[0], "faults/forced-internal-error");
    assert_eq!(names[15], "unbind/force-stop-running");
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len());
    let case = suite.get("unbind/one-pair").unwrap();
    assert_eq!(
        case.location().to_string(),
        "tests/it/fixtures/valid/unbind.toml:4:1"
    );
    assert_eq!(case.effect(), Effect::Mutating);
    assert_eq!(
        suite.get("unbind/force-stop-running").unwrap().effect(),
        Effect::Disruptive
    );
}

#[test]
fn every_example_resolves_and_signs_for_the_mock() {
    let credentials = Credentials {
        secret_id: "AKIDexample".to_owned(),
        secret_key: SecretKey::new("example"),
        token: None,
    };
    for case in examples().cases() {
        let resolved = case
            .resolve(&default_role_ids(), Target::mock())
            .unwrap_or_else(|skip| panic!("{}: {skip}", case.full_name()));
        let signed = sign(&resolved.request_spec(1_700_000_000, 1), &credentials);
        assert!(signed.is_ok(), "{}: {signed:?}", case.full_name());
    }
}

#[test]
fn a_real_target_runs_what_its_fixtures_allow() {
    let fixtures = load_fixtures(Path::new("tests/it/fixtures/roles.toml")).unwrap();
    assert_eq!(
        (fixtures.profile(), fixtures.region()),
        (Some("staging"), Some("ap-guangzhou"))
    );
    let target = Target::endpoint(fixtures.profile());
    let suite = examples();
    let mut runnable = Vec::new();
    let mut reasons = BTreeSet::new();
    for case in suite.cases() {
        match case.resolve(fixtures.roles(), target) {
            Ok(resolved) => runnable.push(resolved),
            Err(skip) => {
                reasons.insert(skip.reason);
            }
        }
    }
    let runnable_names: Vec<&str> = runnable
        .iter()
        .map(|case| case.full_name.as_str())
        .collect();
    assert!(runnable_names.contains(&"protocol/stale-timestamp"));
    assert!(runnable_names.contains(&"unbind/form-hmac-sha256"));
    assert!(reasons.contains(
        "runs on the mock only: it forces a fault (`fault.code`) that only the mock can inject"
    ));
    assert!(reasons
        .contains("needs roles the target does not provide: `running_linux`, `stopped_linux_2`"));
    let malformed = suite.get("limits/malformed-instance").unwrap();
    let for_staging = malformed.resolve(fixtures.roles(), target).unwrap();
    let for_mock = malformed
        .resolve(&default_role_ids(), Target::mock())
        .unwrap();
    assert_ne!(for_staging.expected, for_mock.expected);
    assert_eq!(MOCK_PROFILE, "mock");
    let stale = runnable
        .iter()
        .find(|case| case.full_name == "protocol/stale-timestamp")
        .unwrap();
    assert_eq!(
        stale.params().unwrap()["InstanceIds"],
        serde_json::json!(["ins-w34e5rl9"])
    );
    assert!(matches!(stale.expected, Expected::Outcomes(_)));
}

#[test]
fn filters_select_by_name_and_tags() {
    let suite = examples();
    assert_eq!(
        names(&suite.filter(
            Some("unbind/"),
            &["success".to_owned(), "-batch".to_owned()]
        )),
        [
            "unbind/one-pair",
            "unbind/form-hmac-sha256",
            "unbind/force-stop-running"
        ]
    );
    assert_eq!(names(&suite.filter(None, &["fault".to_owned()])).len(), 3);
    assert_eq!(suite.filter(None, &[]).len(), suite.len());
    assert!(suite.filter(Some("nothing-like-this"), &[]).is_empty());
}

#[test]
fn shards_split_the_suite_without_loss_or_overlap() {
    let suite = examples();
    for count in 1..=5 {
        let mut union: Vec<String> = Vec::new();
        for index in 1..=count {
            let shard = suite.shard(Shard::new(index, count).unwrap());
            union.extend(names(&shard));
        }
        union.sort();
        let mut all = names(&suite);
        all.sort();
        assert_eq!(union, all, "{count} shards");
    }
    let again = suite.shard("2/3".parse().unwrap());
    assert_eq!(
        names(&again),
        names(&suite.shard(Shard::new(2, 3).unwrap()))
    );
}

#[test]
fn the_format_reference_names_every_role_code_generator_and_effect() {
    let readme = std::fs::read_to_string("scenarios/README.md").unwrap();
    let mut missing = Vec::new();
    let codes = tcconform::contract::codes::action_codes(Action::DisassociateInstancesKeyPairs)
        .iter()
        .chain(tcconform::contract::codes::COMMON)
        .map(|info| info.code);
    let roles = tcconform::contract::roles::ROLES
        .iter()
        .map(|spec| spec.name);
    let generators = Generator::ALL.iter().map(|generator| generator.name());
    let effects = Effect::ALL.iter().map(|effect| effect.name());
    for name in codes.chain(roles).chain(generators).chain(effects) {
        if !readme.contains(&format!("`{name}`")) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "scenarios/README.md does not name {missing:?}"
    );
}
