//! `tcconform run`, black box: exit codes (0, 1, 2, 3), snapshots written and compared in the
//! working directory, `--list`, `--shard`, `--dry-run` (nothing sent), and the JUnit and JSON
//! reports.

use std::net::TcpListener;
use std::process::{Command, Output};

use tcconform::mock::{DEMO_SECRET_ID, DEMO_SECRET_KEY};

use super::*;

/// A fresh working directory under cargo's temporary directory.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("runner-binary")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a work directory");
    dir
}

fn tcconform(dir: &Path, args: &[&str], credentials: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tcconform"));
    command
        .current_dir(dir)
        .args(args)
        .env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY")
        .env_remove("TENCENTCLOUD_SESSION_TOKEN")
        .env_remove("TENCENTCLOUD_REGION");
    if credentials {
        command
            .env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
    }
    command.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixtures() -> String {
    fixtures_dir().display().to_string()
}

/// A fixtures file in `dir` mapping the roles the basics need to the mock's default IDs.
fn fixtures_file(dir: &Path) -> String {
    let path = dir.join("staging.toml");
    let mut text = "[roles]\n".to_owned();
    for (role, id) in roles::default_role_ids() {
        text.push_str(&format!("{role} = \"{id}\"\n"));
    }
    std::fs::write(&path, text).expect("fixtures written");
    path.display().to_string()
}

#[test]
fn snapshots_are_recorded_then_held_then_a_change_fails_with_a_diff() {
    let dir = workdir("snapshots");
    let first = tcconform(&dir, &["run", &fixtures()], false);
    assert_eq!(first.status.code(), Some(1), "{}", text(&first.stdout));
    assert!(text(&first.stdout)
        .contains("snapshot: no snapshot at snapshots/scenario__basics__one-pair.snap"));
    let update = tcconform(&dir, &["run", &fixtures(), "--update-snapshots"], false);
    let stdout = text(&update.stdout);
    assert_eq!(update.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("snapshots written (10)"), "{stdout}");
    assert!(
        stdout.contains("ok: 10 cases, 10 passed, 0 failed, 0 skipped"),
        "{stdout}"
    );
    let again = tcconform(&dir, &["run", &fixtures()], false);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stdout));
    assert!(dir
        .join("snapshots/scenario__faults__dropped-connection.snap")
        .is_file());
    let path = dir.join("snapshots/scenario__basics__put-method.snap");
    let stored = std::fs::read_to_string(&path).expect("recorded");
    std::fs::write(
        &path,
        stored.replace("UnsupportedProtocol", "InvalidAction"),
    )
    .expect("edited");
    let changed = tcconform(&dir, &["run", &fixtures(), "--filter", "put-method"], false);
    let stdout = text(&changed.stdout);
    assert_eq!(changed.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "snapshot: the response differs from snapshots/scenario__basics__put-method.snap"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("+       \"Code\": \"UnsupportedProtocol\","),
        "{stdout}"
    );
    assert!(
        stdout.contains("reproduce (signature and token redacted):"),
        "{stdout}"
    );
    assert!(
        stdout.contains("curl -sS -X PUT http://127.0.0.1:"),
        "{stdout}"
    );
}

#[test]
fn reports_are_written_as_junit_xml_and_json_lines() {
    let dir = workdir("reports");
    let output = tcconform(
        &dir,
        &[
            "run",
            &fixtures(),
            "--report",
            "junit=out/report.xml",
            "--report",
            "json=out/report.jsonl",
        ],
        false,
    );
    // Every case fails: no snapshot was recorded in this directory.
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let xml = std::fs::read_to_string(dir.join("out/report.xml")).expect("junit written");
    let junit = quick_junit::Report::deserialize_from_str(&xml).expect("valid junit xml");
    assert_eq!(junit.name.as_str(), "tcconform");
    let groups: Vec<&str> = junit
        .test_suites
        .iter()
        .map(|suite| suite.name.as_str())
        .collect();
    assert_eq!(groups, ["basics", "faults"]);
    assert_eq!(junit.test_suites[0].test_cases.len(), 7);
    assert_eq!(junit.test_suites[0].failures, 7);
    let lines = std::fs::read_to_string(dir.join("out/report.jsonl")).expect("json written");
    let objects: Vec<serde_json::Value> = lines
        .lines()
        .map(|line| serde_json::from_str(line).expect("one json object per line"))
        .collect();
    assert_eq!(objects.len(), 10);
    assert_eq!(objects[0]["case"], "basics/one-pair");
    assert_eq!(objects[0]["outcome"], "fail");
    assert_eq!(objects[0]["findings"][0]["check"], "snapshot");
    assert_eq!(objects[0]["answered"], "success");
}

#[test]
fn bad_input_is_a_usage_error() {
    let dir = workdir("usage");
    let invalid =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/invalid/unknown_key.toml");
    let output = tcconform(&dir, &["run", &invalid.display().to_string()], false);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("unknown_key.toml:"), "{stderr}");
    let cases = [
        vec!["run", "--endpoint", "http://127.0.0.1:9"],
        vec!["run", "--fixtures", "x.toml"],
        vec!["run", "--shard", "3/2"],
        vec!["run", "--report", "xml=r.xml"],
        vec!["run", "--concurrency", "0"],
    ];
    for args in cases {
        let output = tcconform(&dir, &args, false);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    let staging = fixtures_file(&dir);
    let no_credentials = tcconform(
        &dir,
        &[
            "run",
            &fixtures(),
            "--endpoint",
            "http://127.0.0.1:9",
            "--fixtures",
            &staging,
        ],
        false,
    );
    assert_eq!(no_credentials.status.code(), Some(2));
    assert!(text(&no_credentials.stderr).contains("missing credentials"));
}

#[test]
fn refused_credentials_are_a_usage_error() {
    let dir = workdir("refused");
    let mock = Command::new(env!("CARGO_BIN_EXE_tcconform"))
        .args(["mock", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the mock starts");
    let mut mock = KillOnDrop(mock);
    let mut first_line = String::new();
    let stdout = mock.0.stdout.take().expect("piped");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut first_line)
        .expect("the mock says where it listens");
    let url = first_line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_owned();
    let staging = fixtures_file(&dir);
    let output = Command::new(env!("CARGO_BIN_EXE_tcconform"))
        .current_dir(&dir)
        .args([
            "run",
            &fixtures(),
            "--endpoint",
            &url,
            "--fixtures",
            &staging,
        ])
        .env(
            "TENCENTCLOUD_SECRET_ID",
            "AKIDnotRegisteredWithTheMock000000000",
        )
        .env("TENCENTCLOUD_SECRET_KEY", "whatever")
        .env_remove("TENCENTCLOUD_SESSION_TOKEN")
        .env_remove("TENCENTCLOUD_REGION")
        .output()
        .expect("the binary runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refused the credentials"), "{stderr}");
    assert!(stderr.contains("AuthFailure.SecretIdNotFound"), "{stderr}");
}

/// Kills the child process when dropped (the test's own mock, by its handle).
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_unreachable_endpoint_is_a_harness_fault() {
    let dir = workdir("unreachable");
    let closed = TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", closed.local_addr().expect("an address"));
    drop(closed);
    let staging = fixtures_file(&dir);
    let output = tcconform(
        &dir,
        &[
            "run",
            &fixtures(),
            "--endpoint",
            &url,
            "--fixtures",
            &staging,
        ],
        true,
    );
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("unreachable"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_dry_run_prints_redacted_requests_and_sends_nothing() {
    let dir = workdir("dry-run");
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let staging = fixtures_file(&dir);
    let output = tcconform(
        &dir,
        &[
            "run",
            &fixtures(),
            "--endpoint",
            &url,
            "--fixtures",
            &staging,
            "--dry-run",
            "--allow-mutations",
        ],
        true,
    );
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        matches!(listener.accept(), Err(error) if error.kind() == std::io::ErrorKind::WouldBlock),
        "the dry run connected to the endpoint"
    );
    assert!(
        stdout.contains(&format!("curl -sS -X POST {url}/")),
        "{stdout}"
    );
    assert!(stdout.contains("Signature=[redacted]"), "{stdout}");
    assert!(!stdout.contains(DEMO_SECRET_KEY), "the secret key leaked");
    assert!(
        stdout.contains("# faults/garbage-body: skipped: runs on the mock only"),
        "{stdout}"
    );
    assert!(
        stdout.contains("# basics/force-stop-running: skipped: `disruptive` case"),
        "{stdout}"
    );
    assert!(
        stdout.contains("# basics/one-pair (runs alone, after the others;"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("dry run: 6 requests would be sent, 4 cases skipped; nothing was sent\n"),
        "{stdout}"
    );
}

#[test]
fn list_and_shards_select_cases_deterministically() {
    let dir = workdir("list");
    let listed = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["run", "--list"];
        let fixtures = fixtures();
        args.push(&fixtures);
        args.extend_from_slice(extra);
        let output = tcconform(&dir, &args, false);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let stdout = text(&output.stdout);
        stdout
            .lines()
            .filter(|line| line.contains('/'))
            .map(|line| line.split_whitespace().next().unwrap_or("").to_owned())
            .collect()
    };
    let all = listed(&[]);
    assert_eq!(all.len(), 10);
    let mut shards = listed(&["--shard", "1/3"]);
    shards.extend(listed(&["--shard", "2/3"]));
    shards.extend(listed(&["--shard", "3/3"]));
    shards.sort();
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(
        shards, sorted,
        "the shards together are the suite, each case once"
    );
    assert_eq!(listed(&["--shard", "2/3"]), listed(&["--shard", "2/3"]));
    assert_eq!(listed(&["--tag", "fault"]).len(), 3);
    assert_eq!(listed(&["--tag", "-fault", "--filter", "basics/"]).len(), 7);
}
