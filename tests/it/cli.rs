//! The `tcconform` binary, black box: exit codes, the `sign` stages, `run --help`, and that the
//! secret key never reaches the output.

use std::process::{Command, Output};

const DEMO_SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const DEMO_SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
const EXAMPLE_A_BODY: &str =
    r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

fn tcconform(args: &[&str], with_credentials: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tcconform"));
    command
        .args(args)
        .env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY")
        .env_remove("TENCENTCLOUD_SESSION_TOKEN")
        .env_remove("TENCENTCLOUD_REGION");
    if with_credentials {
        command
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
    }
    command.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn sign_example_a() -> Output {
    tcconform(
        &[
            "sign",
            "--action",
            "DescribeInstances",
            "--region",
            "ap-guangzhou",
            "--host",
            "cvm.tencentcloudapi.com",
            "--timestamp",
            "1551113065",
            "--content-type",
            "application/json; charset=utf-8",
            "--body",
            EXAMPLE_A_BODY,
        ],
        true,
    )
}

#[test]
fn sign_reproduces_the_official_example_stage_by_stage() {
    let output = sign_example_a();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        !stdout.contains(DEMO_SECRET_KEY),
        "the secret key leaked:\n{stdout}"
    );
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("cli_sign_official_example_a", stdout);
    });
}

#[test]
fn sign_prints_v1_stages_for_hmac_sha256() {
    let output = tcconform(
        &[
            "sign",
            "--sign-method",
            "hmac-sha256",
            "--timestamp",
            "1700000000",
            "--language",
            "zh-CN",
            "--body",
            r#"{"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": true}"#,
        ],
        true,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("1. StringToSign"), "{stdout}");
    assert!(stdout.contains("POSTcvm.tencentcloudapi.com/?Action=DisassociateInstancesKeyPairs&ForceStop=True&InstanceIds.0=ins-w34e5rl9"), "{stdout}");
    assert!(stdout.contains("SignatureMethod=HmacSHA256"), "{stdout}");
    assert!(!stdout.contains(DEMO_SECRET_KEY));
}

#[test]
fn sign_without_credentials_is_a_usage_error() {
    let output = tcconform(&["sign"], false);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("TENCENTCLOUD_SECRET_ID"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn sign_rejects_a_non_object_body_for_get() {
    let output = tcconform(&["sign", "--method", "get", "--body", "not json"], true);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("JSON object of parameters"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let output = tcconform(&["run", "--no-such-flag"], false);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn help_documents_the_exit_codes() {
    let output = tcconform(&["--help"], false);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    for line in [
        "0  every check held",
        "1  a conformance failure",
        "2  bad usage",
        "3  the harness",
    ] {
        assert!(stdout.contains(line), "missing `{line}` in:\n{stdout}");
    }
}

#[test]
fn run_help_groups_its_flags() {
    let output = tcconform(&["run", "--help"], false);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    for heading in ["Target:", "Selection:", "Safety:", "Output:"] {
        assert!(
            stdout.contains(heading),
            "missing `{heading}` in:\n{stdout}"
        );
    }
    for flag in [
        "--endpoint <URL>",
        "--fixtures <FILE>",
        "--allow-mutations",
        "--allow-disruptive",
        "--dry-run",
        "--shard <I/N>",
        "--update-snapshots",
        "--report <FORMAT=PATH>",
    ] {
        assert!(stdout.contains(flag), "missing `{flag}` in:\n{stdout}");
    }
}
