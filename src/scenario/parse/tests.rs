//! Tests of the collecting parser: every unknown key and wrong type of a text is reported once.

use std::path::Path;

use serde::Deserialize;

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    tags: Vec<String>,
    expect: Option<Expect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    success: Option<bool>,
    codes: Option<Vec<String>>,
}

fn collect(text: &str) -> (Option<Doc>, Vec<String>) {
    let file = SourceFile {
        path: Path::new("t.toml"),
        text,
    };
    let tree = parse_tree(file).unwrap();
    let collected = deserialize_collecting::<Doc>(file, text.to_owned(), &tree);
    let rendered = collected
        .diagnostics
        .iter()
        .map(|diagnostic| {
            format!(
                "{} @{} | {} | {}",
                diagnostic.title(),
                diagnostic.pos().unwrap(),
                diagnostic.label(),
                diagnostic.help().unwrap_or("")
            )
        })
        .collect();
    (collected.value, rendered)
}

#[test]
fn every_unknown_key_is_reported_and_the_rest_still_parses() {
    let (doc, found) = collect(
        r#"[[case]]
name = "a"
tagz = ["x"]
expect = { sucess = true, codes = ["A"], colour = 1 }

[[case]]
name = "b"
[case.expect]
succes = true
"#,
    );
    assert_eq!(
        found,
        [
            "unknown field `tagz` in [[case]] @3:1 | did you mean `tags`? | the fields of [[case]] are `name`, `tags` and `expect`",
            "unknown field `sucess` in [case.expect] @4:12 | did you mean `success`? | the fields of [case.expect] are `success` and `codes`",
            "unknown field `colour` in [case.expect] @4:42 | not a field in [case.expect] | the fields of [case.expect] are `success` and `codes`",
            "unknown field `succes` in [case.expect] @9:1 | did you mean `success`? | the fields of [case.expect] are `success` and `codes`",
        ]
    );
    let doc = doc.unwrap();
    assert_eq!(doc.case.len(), 2);
    assert_eq!(
        (doc.case[0].name.as_str(), doc.case[1].name.as_str()),
        ("a", "b")
    );
    assert_eq!(doc.case[0].expect.as_ref().unwrap().success, None);
    assert_eq!(
        doc.case[0].expect.as_ref().unwrap().codes.as_deref(),
        Some(&["A".to_owned()][..])
    );
    assert!(doc.case[1].tags.is_empty());
}

#[test]
fn wrong_types_are_reported_without_a_cascade() {
    let (doc, found) = collect("[[case]]\nname = 3\ntags = \"x\"\nextra = 1\n");
    assert!(doc.is_none());
    assert_eq!(
        found,
        [
            "wrong type for `name` in [[case]] @2:8 | expected a string, found integer `3` | write it like this:\nname = \"unbind-one-key\"",
            "wrong type for `tags` in [[case]] @3:8 | expected an array, found string \"x\" | write it like this:\ntags = [\"success\", \"batch\"]",
            "unknown field `extra` in [[case]] @4:1 | not a field in [[case]] | the fields of [[case]] are `name`, `tags` and `expect`",
        ]
    );
}

#[test]
fn a_missing_field_explained_by_a_misspelling_is_not_reported_twice() {
    let (doc, found) = collect("[[case]]\nnmae = \"a\"\n");
    assert!(doc.is_none());
    assert_eq!(
        found,
        ["unknown field `nmae` in [[case]] @2:1 | did you mean `name`? | the fields of [[case]] are `name`, `tags` and `expect`"]
    );
}

#[test]
fn missing_fields_point_at_their_table() {
    let (doc, found) = collect("[[case]]\ntags = []\n");
    assert!(doc.is_none());
    assert_eq!(
        found,
        ["missing field `name` in [[case]] @1:1 | this case has no `name` | add it, for example:\nname = \"unbind-one-key\""]
    );
}

#[test]
fn syntax_errors_say_how_to_fix_them() {
    let file = SourceFile {
        path: Path::new("t.toml"),
        text: "[[case]]\nname = \"a\n",
    };
    let diagnostic = parse_tree(file).unwrap_err();
    assert_eq!(diagnostic.title(), "invalid TOML");
    assert!(diagnostic.help().unwrap().contains("close the string"));
    let file = SourceFile {
        path: Path::new("t.toml"),
        text: "[[case]]\nname = \"a\"\n[case]\n",
    };
    let diagnostic = parse_tree(file).unwrap_err();
    assert!(
        diagnostic.help().unwrap().contains("two brackets"),
        "{diagnostic}"
    );
    let file = SourceFile {
        path: Path::new("t.toml"),
        text: "[[case]]\nname = 1979-05-27\n",
    };
    let diagnostic = parse_tree(file).unwrap_err();
    assert!(diagnostic.title().contains("date-time"), "{diagnostic}");
    assert_eq!(
        diagnostic.help(),
        Some("quote it to make it a string: \"1979-05-27\"")
    );
}

#[test]
fn entries_of_inline_tables_are_removed_with_their_comma() {
    let text = "a = { x = 1, y = 2 }\nb = { x = 1 , y = 2 }\n";
    let file = SourceFile {
        path: Path::new("t.toml"),
        text,
    };
    let tree = parse_tree(file).unwrap();
    let first = locate(&tree, text, &(6..7)).unwrap();
    assert_eq!(
        remove_entry(text, &first),
        "a = {        y = 2 }\nb = { x = 1 , y = 2 }\n"
    );
    let second_y = text.rfind('y').unwrap();
    let last = locate(&tree, text, &(second_y..second_y + 1)).unwrap();
    assert_eq!(
        remove_entry(text, &last),
        "a = { x = 1, y = 2 }\nb = { x = 1         }\n"
    );
}
