//! Tests of parameter templates: role references, literals, generators and their diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::json;

use super::*;
use crate::contract::{classify_instance_id, classify_key_id, default_role_ids, IdClass};
use crate::scenario::parse::parse_tree;

/// The template of `params = <text>`, or the titles and labels of its diagnostics.
fn template(text: &str) -> Result<Template, Vec<String>> {
    let source = format!("params = {text}\n");
    let file = SourceFile {
        path: Path::new("p.toml"),
        text: &source,
    };
    let tree = parse_tree(file).unwrap();
    let node = &tree.get_ref().entries().unwrap()[0].1;
    let mut diagnostics = Vec::new();
    params(file, node, &mut diagnostics).ok_or_else(|| {
        diagnostics
            .iter()
            .map(|diagnostic| format!("{}: {}", diagnostic.title(), diagnostic.label()))
            .collect()
    })
}

fn resolved(text: &str) -> serde_json::Value {
    template(text).unwrap().resolve(&default_role_ids())
}

#[test]
fn roles_become_ids_and_literals_pass_through() {
    assert_eq!(
        resolved(
            r#"{ InstanceIds = ["@stopped_linux", "ins-1122"], KeyIds = ["@bound_key"], ForceStop = true, Limit = 1.5 }"#
        ),
        json!({"InstanceIds": ["ins-stpdlnx1", "ins-1122"], "KeyIds": ["skey-bound001"], "ForceStop": true, "Limit": 1.5})
    );
    assert_eq!(
        resolved(r#"{ Name = "@@literal" }"#),
        json!({"Name": "@literal"})
    );
    let mut roles = BTreeSet::new();
    template(
        r#"{ A = ["@windows", { repeat = "@busy", count = 2 }], B = { C = "@unbound_key" } }"#,
    )
    .unwrap()
    .collect_roles(&mut roles);
    assert_eq!(
        roles.into_iter().collect::<Vec<_>>(),
        ["busy", "unbound_key", "windows"]
    );
}

#[test]
fn parameter_order_is_the_order_written() {
    let value = resolved(r#"{ KeyIds = ["@bound_key"], InstanceIds = ["@stopped_linux"] }"#);
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["KeyIds", "InstanceIds"]);
}

#[test]
fn generators_expand_deterministically_and_splice_into_arrays() {
    let value = resolved(
        r#"{ InstanceIds = { generate = "unknown-instance-ids", count = 101 }, KeyIds = ["@bound_key", { repeat = "@second_key", count = 2 }, { generate = "malformed-key-ids", count = 2 }] }"#,
    );
    let instances = value["InstanceIds"].as_array().unwrap();
    assert_eq!(instances.len(), 101);
    assert_eq!(instances[0], "ins-unk00000");
    assert_eq!(instances[100], "ins-unk00100");
    assert_eq!(
        value["KeyIds"],
        json!([
            "skey-bound001",
            "skey-second01",
            "skey-second01",
            "skey-0000",
            "skey-0001"
        ])
    );
    assert_eq!(
        resolved(r#"{ A = { generate = "unknown-key-ids", count = 0 } }"#),
        json!({"A": []})
    );
    assert_eq!(
        resolved(r#"{ A = { json = 'null' }, B = [{ json = '{"x": [1]}' }] }"#),
        json!({"A": null, "B": [{"x": [1]}]})
    );
    assert_eq!(
        resolved(r#"{ A = { repeat = 7, count = 3 } }"#),
        json!({"A": [7, 7, 7]})
    );
}

#[test]
fn generated_ids_are_what_their_names_say() {
    for index in [0, 1, 99, MAX_GENERATED - 1] {
        assert_eq!(
            classify_instance_id(&Generator::UnknownInstanceIds.value(index)),
            IdClass::WellFormed
        );
        assert_eq!(
            classify_key_id(&Generator::UnknownKeyIds.value(index)),
            IdClass::WellFormed
        );
        assert!(
            !classify_instance_id(&Generator::MalformedInstanceIds.value(index)).is_well_formed()
        );
        assert!(!classify_key_id(&Generator::MalformedKeyIds.value(index)).is_well_formed());
    }
    let defaults: BTreeSet<String> = default_role_ids().into_values().collect();
    assert!(!defaults.contains(&Generator::UnknownInstanceIds.value(0)));
    let values: BTreeSet<String> = (0..MAX_GENERATED)
        .map(|index| Generator::UnknownKeyIds.value(index))
        .collect();
    assert_eq!(values.len(), MAX_GENERATED);
}

#[test]
fn problems_are_reported_with_suggestions() {
    let cases = [
        (
            r#"{ A = "@stoped_linux" }"#,
            "unknown role `@stoped_linux`: did you mean `@stopped_linux`?",
        ),
        (
            r#"{ A = { generate = "unknown-instance-id", count = 1 } }"#,
            "unknown generator `unknown-instance-id`: did you mean `unknown-instance-ids`?",
        ),
        (
            r#"{ A = { generate = "unknown-key-ids", cont = 1 } }"#,
            "unknown field `cont` in a generator: did you mean `count`?",
        ),
        (
            r#"{ A = { generate = "unknown-key-ids" } }"#,
            "a generator needs a `count`: no `count` here",
        ),
        (
            r#"{ A = { generate = "unknown-key-ids", count = 10001 } }"#,
            "invalid `count` in a generator: expected an integer from 0 to 10000",
        ),
        (
            r#"{ A = { repeat = 1, generate = "unknown-key-ids", count = 1 } }"#,
            "a generator has `generate` or `repeat`, not both: both given",
        ),
        (
            r#"{ A = { count = 1 } }"#,
            "a generator needs `generate`, `repeat` or `json`: none given",
        ),
        (
            r#"{ A = { json = '{' } }"#,
            "invalid JSON in `json`: EOF while parsing an object at line 1 column 1",
        ),
        (
            r#"{ A = { json = 'null', count = 1 } }"#,
            "`json` stands alone in its table: remove the other fields",
        ),
        (
            r#"{ A = nan }"#,
            "this float cannot be sent in JSON: not a finite number",
        ),
        (
            r#"["@bound_key"]"#,
            "`params` must be a table: found an array",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(template(text).unwrap_err(), [expected], "{text}");
    }
}

#[test]
fn a_missing_role_resolves_to_an_empty_string_without_panicking() {
    let template = template(r#"{ A = ["@busy"] }"#).unwrap();
    assert_eq!(template.resolve(&BTreeMap::new()), json!({"A": [""]}));
}
