//! Tests of the loader: cases come out validated and positioned; every problem of a file is
//! reported; directory walking skips what is not a scenario file.

use std::fs;

use super::*;
use crate::contract::Action;
use crate::scenario::{Effect, Expected, Pos};
use crate::wire::{Encoding, SignMethod};

fn titles(text: &str) -> Vec<String> {
    match parse_file(Path::new("scenarios/demo.toml"), text) {
        Ok(cases) => panic!("expected problems, loaded {} cases", cases.len()),
        Err(errors) => errors
            .diagnostics()
            .iter()
            .map(|diagnostic| {
                format!(
                    "{} {}: {}",
                    diagnostic
                        .pos()
                        .map_or_else(String::new, |pos| pos.to_string()),
                    diagnostic.title(),
                    diagnostic.label()
                )
            })
            .collect(),
    }
}

const GOOD: &str = r#"# Two cases.
[[case]]
name = "unbind-one"
description = "unbinding a bound key from a stopped Linux instance succeeds"
tags = ["success"]
effect = "mutating"
params = { InstanceIds = ["@stopped_linux"], KeyIds = ["@bound_key"] }

[case.expect]
success = true

[[case]]
name = "form-not-found"
description = "an unknown instance is NotFound"
effect = "rejected"
encoding = "form"
params = { InstanceIds = ["ins-aaaaaaaa"], KeyIds = ["@bound_key"] }
"#;

#[test]
fn good_cases_load_with_their_positions() {
    let cases = parse_file(Path::new("scenarios/demo.toml"), GOOD).unwrap();
    assert_eq!(cases.len(), 2);
    let first = &cases[0];
    assert_eq!(first.full_name(), "demo/unbind-one");
    assert_eq!(first.location().pos, Pos { line: 2, column: 1 });
    assert_eq!(first.effect(), Effect::Mutating);
    assert_eq!(first.action(), Action::DisassociateInstancesKeyPairs);
    assert_eq!(
        (first.encoding(), first.sign_method()),
        (Encoding::Json, SignMethod::Tc3)
    );
    let (expected, at) = first.expected(None);
    assert!(
        matches!(expected, Expected::Outcomes(ref outcome) if outcome.success && outcome.codes.is_empty())
    );
    assert_eq!(
        at.unwrap().pos,
        Pos {
            line: 10,
            column: 11
        }
    );
    let second = &cases[1];
    assert_eq!(second.location().pos.line, 12);
    assert_eq!(
        (second.encoding(), second.sign_method()),
        (Encoding::Form, SignMethod::HmacSha256)
    );
    assert_eq!(second.expected(Some("mock")), (Expected::Oracle, None));
    assert_eq!(second.roles().iter().collect::<Vec<_>>(), ["bound_key"]);
}

#[test]
fn every_problem_of_every_case_is_reported() {
    let text = r#"[[case]]
name = "a"
description = "d"
effect = "rejectd"
params = { InstanceIds = ["@stoped_linux"], KeyIds = ["@bound_key"] }
[case.expect]
codes = ["InvalidInstanceId.NotFund"]
sucess = false

[[case]]
name = "a"
description = ""
effect = "rejected"
encoding = "jsn"
params = { InstanceIds = ["ins-aaaaaaaa"], KeyIds = ["@bound_key"] }
"#;
    assert_eq!(
        titles(text),
        [
            "8:1 unknown field `sucess` in [case.expect]: did you mean `success`?",
            "4:10 unknown effect `rejectd`: did you mean `rejected`?",
            "5:27 unknown role `@stoped_linux`: did you mean `@stopped_linux`?",
            "7:10 undocumented code `InvalidInstanceId.NotFund` for DisassociateInstancesKeyPairs: did you mean `InvalidInstanceId.NotFound`?",
            "11:8 duplicate case name `a`: already used by the case at line 1",
            "12:15 empty `description`: say what the documentation promises",
            "14:12 unknown encoding `jsn`: did you mean `json`?",
        ]
    );
}

#[test]
fn structure_problems_are_reported() {
    assert_eq!(
        titles(""),
        ["1:1 no case in this file: expected `[[case]]` tables"]
    );
    assert_eq!(
        titles("title = \"x\"\n[[cases]]\nname = \"a\"\n"),
        [
            "1:1 unknown field `title` at the top level: not a scenario field",
            "2:3 unknown field `cases` at the top level: did you mean `case`?",
            "1:1 no case in this file: expected `[[case]]` tables",
        ]
    );
    assert_eq!(
        titles("case = [{ name = \"a\" }]\n"),
        ["1:9 write each case as a `[[case]]` table: an inline case"]
    );
    assert_eq!(
        titles("[case]\nname = \"a\"\n"),
        ["1:1 `case` must be an array of tables: found a table"]
    );
}

#[test]
fn cross_field_rules() {
    let case = |body: &str| format!("[[case]]\nname = \"a\"\ndescription = \"d\"\n{body}\n");
    let cases = [
        ("effect = \"rejected\"\nsign = \"hmac-sha1\"\nparams = {}", "5:8 a JSON body is signed with tc3 only: HmacSHA1 signs form and query requests"),
        ("effect = \"rejected\"", "1:1 this case sends nothing: no `params` and no `raw_body`"),
        ("effect = \"rejected\"\nraw_body = \"{\"", "1:1 this case must say what it expects: the oracle judges parameters only, not `raw_body`"),
        ("effect = \"rejected\"\nparams = {}\n[case.protocol]\nwrong_secret = true", "6:1 this case must say what it expects: the oracle judges parameters only, not [case.protocol]"),
        ("effect = \"rejected\"\nparams = { InstanceIds = [\"@stopped_linux\"], KeyIds = [\"@bound_key\"] }", "4:10 effect `rejected` understates what this case may do: a request that may succeed changes bindings: declare `effect = \"mutating\"`"),
        ("effect = \"mutating\"\nparams = { InstanceIds = [\"@running_linux\"], KeyIds = [\"@bound_key\"], ForceStop = true }", "4:10 effect `mutating` understates what this case may do: ForceStop = true on a running instance may stop it: declare `effect = \"disruptive\"`"),
        ("effect = \"rejected\"\nparams = {}\n[case.fault]\ncode = \"InternalServerError\"\n[case.expect]\ncodes = [\"MissingParameter\"]", "8:1 [case.expect] contradicts [case.fault]: the forced code `InternalServerError` is not among the expected codes"),
        ("effect = \"rejected\"\nparams = {}\n[case.expect]\ncodes = [\"MissingParameter\"]\n[case.expect.profiles.staging]\ncodes = [\"InvalidParameterValue\"]", "8:23 a profile pin may only narrow the case's expectation: `InvalidParameterValue` not allowed by [case.expect]"),
        ("effect = \"rejected\"\nparams = {}\n[case.expect]\ncodes = [\"InvalidParameterValue.KeyPairNotSupported\"]", "7:10 undocumented code `InvalidParameterValue.KeyPairNotSupported` for DisassociateInstancesKeyPairs: documented for AssociateInstancesKeyPairs, not for DisassociateInstancesKeyPairs"),
        ("effect = \"rejected\"\nparams = {}\n[case.expect.state.windows]\ninstances = [\"@stopped_linux\"]", "7:13 `instances` does not apply to `windows`: `windows` is an instance; `instances` is for key-pair roles"),
        ("effect = \"rejected\"\nparams = {}\n[case.expect.state.stopped_linux]\nkeys = [\"@windows\", \"skey-1\"]\nstate = \"STOPED\"", "8:9 unknown instance state `STOPED`: did you mean `STOPPED`?"),
    ];
    let mut cases = cases.to_vec();
    cases.push((
        "effect = \"rejected\"\naction = \"DisassociateInstanceKeyPairs\"\nparams = {}",
        "5:10 unknown action `DisassociateInstanceKeyPairs`: did you mean `DisassociateInstancesKeyPairs`?",
    ));
    cases.push((
        "effect = \"rejected\"\nencoding = \"form\"\nsign = \"hmac-sha265\"\nparams = {}",
        "6:8 unknown sign `hmac-sha265`: did you mean `hmac-sha256`?",
    ));
    cases.push((
        "effect = \"rejected\"\nencoding = \"form\"\nparams = {}\n[case.protocol]\nscope_date = \"2019-02-25\"\n[case.expect]\ncodes = [\"AuthFailure.SignatureFailure\"]",
        "8:14 `scope_date` applies to tc3 signing only: this case is signed with HmacSHA256",
    ));
    cases.push((
        "effect = \"rejected\"\nparams = {}\n[case.protocol]\nmissing_action = true\naction = \"X\"\n[case.expect]\ncodes = [\"MissingParameter\"]",
        "7:18 `missing_action` contradicts `action`: `action` is also given",
    ));
    cases.push((
        "effect = \"rejected\"\nparams = {}\n[case.fault]\ngarbage_body = true\ndrop_connection = true",
        "6:1 a fault is one of `code`, `garbage_body` or `drop_connection`: more than one given",
    ));
    for (body, expected) in cases {
        let found = titles(&case(body));
        assert!(
            found.iter().any(|title| title == expected),
            "{body}\n{found:#?}"
        );
    }
}

#[test]
fn directories_are_walked_sorted_skipping_world_and_fixtures() {
    let root = std::env::temp_dir().join(format!("tcconform-load-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("sub/fixtures")).unwrap();
    fs::create_dir_all(root.join(".hidden")).unwrap();
    fs::write(root.join("b.toml"), GOOD.replace("unbind-one", "b-one")).unwrap();
    fs::write(root.join("sub/a.toml"), GOOD).unwrap();
    fs::write(root.join("world.toml"), "not = [valid").unwrap();
    fs::write(root.join("sub/fixtures/broken.toml"), "not = [valid").unwrap();
    fs::write(root.join(".hidden/broken.toml"), "not = [valid").unwrap();
    fs::write(root.join("notes.txt"), "not toml").unwrap();
    let suite = load_paths(std::slice::from_ref(&root)).unwrap();
    let names: Vec<String> = suite.cases().iter().map(|case| case.full_name()).collect();
    assert_eq!(
        names,
        [
            "b/b-one",
            "b/form-not-found",
            "a/unbind-one",
            "a/form-not-found"
        ]
    );
    fs::write(root.join("sub/b.toml"), GOOD).unwrap();
    let errors = load_paths(&[root.clone(), root.join("missing")]).unwrap_err();
    let titles: Vec<&str> = errors
        .diagnostics()
        .iter()
        .map(|diagnostic| diagnostic.title())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert_eq!(titles[0], "no such file or directory");
    assert!(
        titles[1].starts_with("group `b` is also defined by"),
        "{titles:?}"
    );
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn implicit_tables_load_and_their_problems_are_located() {
    let head = "[[case]]\nname = \"a\"\ndescription = \"d\"\neffect = \"rejected\"\nparams = {}\n";
    let good = format!(
        "{head}[case.expect.state.windows]\nunchanged = true\n[case.expect.profiles.staging]\ncodes = [\"MissingParameter\"]\n"
    );
    let cases = parse_file(Path::new("s/implicit.toml"), &good).unwrap();
    assert_eq!(cases[0].pinned_profiles().collect::<Vec<_>>(), ["staging"]);
    assert_eq!(cases[0].roles().iter().collect::<Vec<_>>(), ["windows"]);
    assert_eq!(
        titles(&format!(
            "{head}[case.expct.state.windows]\nunchanged = true\n"
        )),
        ["6:7 unknown field `expct` in [[case]]: did you mean `expect`?"]
    );
    assert_eq!(
        titles(&format!("{head}[case.expect.state.windows]\nunchanged = 1\n")),
        ["7:13 wrong type for `unchanged` in [case.expect.state.windows]: expected a boolean, found integer `1`"]
    );
    assert_eq!(
        titles(&format!(
            "{head}[case.expect.state.window]\nunchanged = true\n"
        )),
        ["6:20 unknown role `window`: did you mean `windows`?"]
    );
}

mod never_panics {
    use proptest::prelude::*;

    use super::*;

    fn damaged(text: &str, cuts: &[(usize, usize, String)]) -> String {
        let mut out = text.to_owned();
        for (at, len, insert) in cuts {
            let start = crate::scenario::source::floor_boundary(&out, *at % (out.len() + 1));
            let end = crate::scenario::source::floor_boundary(&out, (start + len).min(out.len()));
            out.replace_range(start..end, insert);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn damaged_files_give_diagnostics_inside_the_file(
            cuts in prop::collection::vec((0usize..2000, 0usize..12, "[\\[\\]{}=\",@a-z0-9 \\n.é]{0,6}"), 1..4)
        ) {
            let text = damaged(GOOD, &cuts);
            if let Err(errors) = parse_file(Path::new("scenarios/damaged.toml"), &text) {
                let lines = text.split('\n').count();
                for diagnostic in errors.diagnostics() {
                    let pos = diagnostic.pos().unwrap();
                    prop_assert!(pos.line <= lines, "{diagnostic}");
                    prop_assert!(!diagnostic.render().is_empty());
                }
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = parse_file(Path::new("scenarios/any.toml"), &text);
            let _ = crate::scenario::parse_fixtures(Path::new("any.toml"), &text);
        }
    }
}

#[test]
fn read_actions_and_roles_only_checked_afterwards_do_not_raise_the_effect() {
    let head = "[[case]]\nname = \"a\"\ndescription = \"d\"\neffect = \"rejected\"\n";
    let describe = format!(
        "{head}action = \"DescribeInstances\"\nparams = {{ InstanceIds = [\"@running_linux\"] }}\n"
    );
    assert!(parse_file(Path::new("s/read.toml"), &describe).is_ok());
    let watched = format!(
        "{}params = {{ InstanceIds = [\"@stopped_linux\"], KeyIds = [\"@bound_key\"], ForceStop = true }}\n[case.expect.state.running_linux]\nunchanged = true\n",
        head.replace("rejected", "mutating")
    );
    assert!(parse_file(Path::new("s/watched.toml"), &watched).is_ok());
}
