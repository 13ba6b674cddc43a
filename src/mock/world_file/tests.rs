//! Unit tests of the world-file parser and of its diagnostics (full text, no snapshots).

use super::*;
use crate::contract::state::{InstanceState, Os};

const PATH: &str = "worlds/test.toml";

#[track_caller]
fn parse_ok(source: &str) -> World {
    match parse(source, Path::new(PATH)) {
        Ok(world) => world,
        Err(err) => panic!("{err}"),
    }
}

#[track_caller]
fn parse_err(source: &str) -> String {
    match parse(source, Path::new(PATH)) {
        Ok(world) => panic!("accepted: {world:?}"),
        Err(err) => err.to_string(),
    }
}

const SMALL: &str = r#"
[[key_pairs]]
role = "bound_key"
id = "skey-aaaaaaaa"

[[key_pairs]]
id = "skey-bbbbbbbb"
name = "spare"

[[instances]]
role = "stopped_linux"
id = "ins-11111111"
name = "web-1"
os_name = "TencentOS Server 3.1 (TK4)"
state = "STOPPED"
keys = ["bound_key", "skey-bbbbbbbb"]

[[instances]]
id = "ins-22222222"
os_name = "Windows Server 2019 数据中心版 64位中文版"
state = "RUNNING"
operation_in_progress = true
"#;

#[test]
fn a_small_world_parses_with_keys_by_role_and_by_id() {
    let world = parse_ok(SMALL);
    let web = &world.instances["ins-11111111"];
    assert_eq!(web.key_ids, ["skey-aaaaaaaa", "skey-bbbbbbbb"]);
    assert_eq!((web.os, web.state), (Os::Linux, InstanceState::Stopped));
    assert_eq!(web.role.as_deref(), Some("stopped_linux"));
    assert_eq!(web.name, "web-1");
    assert!(!web.operation_in_progress);
    let windows = &world.instances["ins-22222222"];
    assert_eq!(windows.os, Os::Windows);
    assert!(windows.operation_in_progress);
    assert_eq!(windows.name, "ins-22222222");
    assert_eq!(world.key_pairs["skey-aaaaaaaa"].name, "bound_key");
    assert_eq!(world.key_pairs["skey-bbbbbbbb"].name, "spare");
    assert_eq!(world.check_invariants(), Ok(()));
    assert_eq!(parse_ok(""), World::default());
}

#[test]
fn the_default_file_is_the_builtin_world() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_PATH);
    let file = match load(&path) {
        Ok(world) => world,
        Err(err) => panic!("{err}"),
    };
    let builtin = builtin();
    assert_eq!(file.role_ids(), builtin.role_ids());
    for (id, expected) in &builtin.instances {
        let found = &file.instances[id];
        assert_eq!(
            (
                found.os,
                found.state,
                &found.key_ids,
                found.operation_in_progress,
                &found.role
            ),
            (
                expected.os,
                expected.state,
                &expected.key_ids,
                expected.operation_in_progress,
                &expected.role
            ),
            "{id}"
        );
    }
    assert_eq!(file.instances.len(), builtin.instances.len());
    assert_eq!(file.key_pairs.len(), builtin.key_pairs.len());
    assert_eq!(
        file.instances["ins-windows1"].os_name,
        "Windows Server 2019 数据中心版 64位中文版"
    );
}

#[test]
fn an_unknown_state_names_the_valid_ones() {
    let source = "[[instances]]\nid = \"ins-11111111\"\nos_name = \"Linux\"\nstate = \"STOPED\"\n";
    assert_eq!(
        parse_err(source),
        "worlds/test.toml:4:9: unknown instance state `STOPED`\n  help: did you mean `STOPPED`? the states are \
         PENDING, LAUNCH_FAILED, RUNNING, STOPPED, STARTING, STOPPING, REBOOTING, SHUTDOWN, TERMINATING, \
         ENTER_RESCUE_MODE, RESCUE_MODE, EXIT_RESCUE_MODE, ENTER_SERVICE_LIVE_MIGRATE, SERVICE_LIVE_MIGRATE, \
         EXIT_SERVICE_LIVE_MIGRATE"
    );
    let lower =
        parse_err("[[instances]]\nid = \"ins-11111111\"\nos_name = \"L\"\nstate = \"running\"\n");
    assert!(lower.contains("did you mean `RUNNING`?"), "{lower}");
}

#[test]
fn an_unknown_key_role_suggests_the_nearest() {
    let source = r#"[[key_pairs]]
role = "bound_key"
id = "skey-aaaaaaaa"

[[instances]]
id = "ins-11111111"
os_name = "TencentOS"
state = "STOPPED"
keys = ["bound_kye"]
"#;
    assert_eq!(
        parse_err(source),
        "worlds/test.toml:9:9: no key pair has the role or id `bound_kye`\n  help: did you mean `bound_key`? \
         the key-pair roles are bound_key; a key pair's id works too"
    );
}

#[test]
fn an_unknown_table_key_is_an_error_with_a_suggestion() {
    let source = "[[instances]]\nid = \"ins-11111111\"\nos_name = \"L\"\nstat = \"STOPPED\"\n";
    let text = parse_err(source);
    assert!(
        text.starts_with("worlds/test.toml:4:1: unknown field `stat`"),
        "{text}"
    );
    assert!(text.contains("help: did you mean `state`?"), "{text}");
    let top = parse_err("[[instance]]\nid = \"ins-11111111\"\n");
    assert!(top.starts_with("worlds/test.toml:1:"), "{top}");
    assert!(top.contains("did you mean `instances`?"), "{top}");
}

#[test]
fn malformed_and_duplicate_ids_and_roles() {
    let text = parse_err("[[key_pairs]]\nid = \"skey-1122\"\n");
    assert_eq!(
        text,
        "worlds/test.toml:2:6: key pair id `skey-1122` is malformed: the id has 4 characters after the prefix, \
         expected 8\n  help: key pair ids are `skey-` followed by 8 lower-case letters or digits, e.g. `skey-w34e5rl9`"
    );
    let text =
        parse_err("[[key_pairs]]\nid = \"skey-aaaaaaaa\"\n[[key_pairs]]\nid = \"skey-aaaaaaaa\"\n");
    assert!(
        text.starts_with("worlds/test.toml:4:6: key pair id `skey-aaaaaaaa` is given twice"),
        "{text}"
    );
    assert!(text.ends_with("(the first is at 2:6)"), "{text}");
    let text = parse_err(
        "[[key_pairs]]\nrole = \"a\"\nid = \"skey-aaaaaaaa\"\n[[key_pairs]]\nrole = \"a\"\nid = \"skey-bbbbbbbb\"\n",
    );
    assert!(
        text.starts_with("worlds/test.toml:5:8: role `a` is given twice"),
        "{text}"
    );
    let text = parse_err("[[key_pairs]]\nrole = \"Bound Key\"\nid = \"skey-aaaaaaaa\"\n");
    assert!(text.contains("is not a snake_case name"), "{text}");
}

#[test]
fn syntax_and_type_errors_have_positions() {
    let text = parse_err("[[instances]\n");
    assert!(text.starts_with("worlds/test.toml:1:"), "{text}");
    assert!(text.contains("help: fix the TOML syntax"), "{text}");
    let text = parse_err("[[instances]]\nid = 5\nos_name = \"L\"\nstate = \"STOPPED\"\n");
    assert!(
        text.starts_with("worlds/test.toml:2:6: invalid type"),
        "{text}"
    );
    let text = parse_err("[[instances]]\nos_name = \"L\"\nstate = \"STOPPED\"\n");
    assert!(text.contains("missing field `id`"), "{text}");
    assert!(text.contains("help: add `id = …`"), "{text}");
    let text =
        parse_err("[[instances]]\nid = \"ins-11111111\"\nos_name = \" \"\nstate = \"STOPPED\"\n");
    assert!(
        text.starts_with("worlds/test.toml:3:11: the OS name is empty"),
        "{text}"
    );
    let text = parse_err(
        "[[key_pairs]]\nid = \"skey-aaaaaaaa\"\n[[instances]]\nid = \"ins-11111111\"\nos_name = \"L\"\nstate = \"STOPPED\"\nkeys = [\"skey-aaaaaaaa\", \"skey-aaaaaaaa\"]\n",
    );
    assert!(
        text.starts_with("worlds/test.toml:7:26: key pair `skey-aaaaaaaa` is listed twice"),
        "{text}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(line_column("ab\n数据x", 9), (2, 3));
    assert_eq!(line_column("ab\n数据x", 4), (2, 1));
    assert_eq!(line_column("", 10), (1, 1));
}

#[test]
fn missing_files_are_read_errors() {
    let err = load(Path::new("/nonexistent/world.toml")).unwrap_err();
    assert!(matches!(err, WorldFileError::Read { .. }));
    assert!(err
        .to_string()
        .starts_with("/nonexistent/world.toml: cannot read the world file"));
}
