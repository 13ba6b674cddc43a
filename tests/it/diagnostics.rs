//! Diagnostics of broken scenario and fixtures files, black box: each file under
//! `fixtures/invalid/` is loaded through the public API and its rendered diagnostics are compared
//! with a reviewed snapshot (`snapshots/diagnostics_*.snap`).

use std::fs;
use std::path::{Path, PathBuf};

use tcconform::scenario::{load_fixtures, load_paths, LoadErrors};

const INVALID: &str = "tests/it/fixtures/invalid";

/// Every file of `INVALID` with the test that snapshots it; `every_invalid_file_is_checked` keeps
/// this list and the directory in step.
const CHECKED: &[&str] = &[
    "bad_effect.toml",
    "duplicate_name.toml",
    "fixtures_malformed_id.toml",
    "fixtures_unknown_role.toml",
    "missing_description.toml",
    "several_problems.toml",
    "syntax_error.toml",
    "unknown_code.toml",
    "unknown_key.toml",
    "unknown_role.toml",
    "wrong_type.toml",
];

/// The file's path relative to the package root, as users pass it (and as the snapshots show it).
fn invalid(file: &str) -> PathBuf {
    Path::new(INVALID).join(file)
}

fn scenario_errors(file: &str) -> LoadErrors {
    match load_paths(&[invalid(file)]) {
        Ok(suite) => panic!("{file} loaded {} cases", suite.len()),
        Err(errors) => errors,
    }
}

fn fixtures_errors(file: &str) -> LoadErrors {
    match load_fixtures(&invalid(file)) {
        Ok(fixtures) => panic!("{file} loaded: {fixtures:?}"),
        Err(errors) => errors,
    }
}

#[track_caller]
fn check(snapshot: &str, errors: &LoadErrors) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(snapshot, errors.render());
    });
}

#[test]
fn unknown_key() {
    check(
        "diagnostics_unknown_key",
        &scenario_errors("unknown_key.toml"),
    );
}

#[test]
fn unknown_role() {
    check(
        "diagnostics_unknown_role",
        &scenario_errors("unknown_role.toml"),
    );
}

#[test]
fn unknown_code() {
    check(
        "diagnostics_unknown_code",
        &scenario_errors("unknown_code.toml"),
    );
}

#[test]
fn bad_effect() {
    check(
        "diagnostics_bad_effect",
        &scenario_errors("bad_effect.toml"),
    );
}

#[test]
fn duplicate_name() {
    check(
        "diagnostics_duplicate_name",
        &scenario_errors("duplicate_name.toml"),
    );
}

#[test]
fn syntax_error() {
    check(
        "diagnostics_syntax_error",
        &scenario_errors("syntax_error.toml"),
    );
}

#[test]
fn wrong_type() {
    check(
        "diagnostics_wrong_type",
        &scenario_errors("wrong_type.toml"),
    );
}

#[test]
fn missing_description() {
    check(
        "diagnostics_missing_description",
        &scenario_errors("missing_description.toml"),
    );
}

#[test]
fn several_problems_are_all_reported() {
    let errors = scenario_errors("several_problems.toml");
    assert_eq!(errors.diagnostics().len(), 6);
    check("diagnostics_several_problems", &errors);
}

#[test]
fn fixtures_unknown_role() {
    check(
        "diagnostics_fixtures_unknown_role",
        &fixtures_errors("fixtures_unknown_role.toml"),
    );
}

#[test]
fn fixtures_malformed_id() {
    check(
        "diagnostics_fixtures_malformed_id",
        &fixtures_errors("fixtures_malformed_id.toml"),
    );
}

#[test]
fn a_missing_file_is_a_diagnostic_too() {
    let errors = load_paths(&[invalid("no_such_file.toml")]).unwrap_err();
    assert_eq!(
        errors.render(),
        "error: no such file or directory
 --> tests/it/fixtures/invalid/no_such_file.toml
  = help: give scenario files or directories holding them (the default is `scenarios/`)

error: could not load 1 file: 1 error
"
    );
    let errors = load_fixtures(&invalid("no_such_fixtures.toml")).unwrap_err();
    assert!(errors.diagnostics()[0]
        .title()
        .starts_with("cannot read the fixtures file: "));
}

#[test]
fn every_diagnostic_points_inside_its_file() {
    for file in CHECKED {
        let text = fs::read_to_string(invalid(file)).unwrap();
        let errors = if file.starts_with("fixtures_") {
            fixtures_errors(file)
        } else {
            scenario_errors(file)
        };
        for diagnostic in errors.diagnostics() {
            let pos = diagnostic.pos().unwrap();
            let line = text.lines().nth(pos.line - 1).unwrap_or("");
            assert!(
                pos.column <= line.chars().count() + 1,
                "{file}: {diagnostic}"
            );
            assert!(
                diagnostic.help().is_some(),
                "{file}: no fix in {diagnostic}"
            );
            assert_eq!(diagnostic.path(), invalid(file));
        }
    }
}

#[test]
fn every_invalid_file_is_checked() {
    let mut found: Vec<String> = fs::read_dir(INVALID)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, CHECKED, "add a snapshot test for each new file");
}
