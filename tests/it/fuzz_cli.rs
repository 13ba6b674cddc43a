//! `tcconform fuzz`, black box: the catch table of every faulty mode with the default budget, a
//! finding shrunk, reproduced (secrets redacted) and written as a scenario file that fails on the
//! faulty target and passes on the conforming mock, determinism, shards, and usage errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tcconform::mock::{Mutant, DEMO_SECRET_KEY};

/// A fresh working directory under cargo's temporary directory, with the repository's world file.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-binary")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("scenarios")).expect("a work directory");
    let world = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/world.toml");
    std::fs::copy(world, dir.join("scenarios/world.toml")).expect("the world file");
    dir
}

fn tcconform(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tcconform"))
        .current_dir(dir)
        .args(args)
        .env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The report without what changes from run to run (the mock's port, timings, timestamps).
fn stable(report: &str) -> String {
    report
        .lines()
        .filter(|line| {
            !line.contains("X-TC-Timestamp")
                && !line.contains("Authorization:")
                && !line.contains("Host: 127.0.0.1:")
                && !line.starts_with("FAILED:")
                && !line.starts_with("ok:")
        })
        .map(|line| match line.find("http://127.0.0.1:") {
            Some(at) => line[..at].to_owned(),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_default_campaign_catches_every_faulty_mode_and_flags_nothing_on_the_conforming_mock() {
    let dir = workdir("self-test");
    let output = tcconform(&dir, &["fuzz", "--self-test"]);
    let table = text(&output.stdout);
    // The table is the record of what the fuzzer catches; keep it in the test log.
    eprintln!("{table}");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{table}{}",
        text(&output.stderr)
    );
    let row = |name: &str| {
        table
            .lines()
            .find(|line| line.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{table}"))
            .to_owned()
    };
    assert!(row("conforming").contains(" clean "), "{table}");
    for mutant in Mutant::ALL {
        assert!(row(mutant.name()).contains(" caught "), "{table}");
    }
    assert!(table.contains("ok: every faulty mode caught"), "{table}");
}

#[test]
fn a_finding_is_shrunk_reproduced_and_written_as_a_regression_scenario() {
    let dir = workdir("finding");
    let args = [
        "fuzz",
        "--mutant",
        "non-atomic-batch",
        "--cases",
        "400",
        "--found-dir",
        "found",
        "--report",
        "junit=out/fuzz.xml",
        "--report",
        "json=out/fuzz.jsonl",
    ];
    let output = tcconform(&dir, &args);
    let report = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{report}{}",
        text(&output.stderr)
    );
    assert!(report.contains("== state-violation"), "{report}");
    assert!(report.contains("curl -sS -X POST"), "{report}");
    assert!(report.contains("Signature=[redacted]"), "{report}");
    assert!(
        !report.contains(DEMO_SECRET_KEY),
        "a secret key in the report"
    );
    assert!(
        report.contains("fails on this target, as found"),
        "the written scenario must fail on the faulty target:\n{report}"
    );
    let junit = std::fs::read_to_string(dir.join("out/fuzz.xml")).expect("the junit report");
    assert!(junit.contains("failures=\"1\""), "{junit}");
    assert!(junit.contains("state-violation") && !junit.contains(DEMO_SECRET_KEY));
    let json = std::fs::read_to_string(dir.join("out/fuzz.jsonl")).expect("the json report");
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|line| serde_json::from_str(line).expect("a json line"))
        .collect();
    assert_eq!(lines[0]["kind"], "campaign");
    assert_eq!(lines[0]["cases"], 400);
    assert!(
        lines[1..]
            .iter()
            .any(|line| line["bucket"] == "state-violation"),
        "{json}"
    );
    let files: Vec<PathBuf> = std::fs::read_dir(dir.join("found"))
        .expect("the found directory")
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for file in &files {
        let scenario = std::fs::read_to_string(file).unwrap();
        assert!(!scenario.contains(DEMO_SECRET_KEY));
        // Against the conforming mock (the target fixed) the found case passes: a regression case,
        // once its snapshot is recorded (and reviewed, in a real repository).
        let path = file.display().to_string();
        let fixed = tcconform(&dir, &["run", &path, "--update-snapshots"]);
        assert_eq!(
            fixed.status.code(),
            Some(0),
            "{scenario}\n{}{}",
            text(&fixed.stdout),
            text(&fixed.stderr)
        );
        let again = tcconform(&dir, &["run", &path]);
        assert_eq!(again.status.code(), Some(0), "{}", text(&again.stdout));
    }
}

#[test]
fn the_same_seed_gives_the_same_findings_and_shards_split_the_campaign() {
    let dir = workdir("determinism");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "fuzz",
            "--mutant",
            "limit-off-by-one",
            "--cases",
            "300",
            "--no-write",
        ];
        args.extend_from_slice(extra);
        let output = tcconform(&dir, &args);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let first = run(&["--seed", "7"]);
    let again = run(&["--seed", "7", "--concurrency", "3"]);
    assert_eq!(stable(&first), stable(&again));
    assert_ne!(stable(&first), stable(&run(&["--seed", "8"])));
    let clean = tcconform(
        &dir,
        &["fuzz", "--cases", "200", "--shard", "2/4", "--no-write"],
    );
    let report = text(&clean.stdout);
    assert_eq!(clean.status.code(), Some(0), "{report}");
    assert!(
        report.starts_with("ok: no finding against the embedded mock: 50 cases"),
        "{report}"
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = workdir("usage");
    for args in [
        &["fuzz", "--shard", "3/2"][..],
        &["fuzz", "--cases", "0"],
        &["fuzz", "--duration", "5 parsecs"],
        &["fuzz", "--mutant", "nope"],
        &["fuzz", "--endpoint", "http://127.0.0.1:1"],
        &["fuzz", "--self-test", "--mutant", "limit-off-by-one"],
    ] {
        let output = tcconform(&dir, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    let help = text(&tcconform(&dir, &["fuzz", "--help"]).stdout);
    for flag in [
        "--seed",
        "--cases",
        "--duration",
        "--concurrency",
        "--rate",
        "--shard",
        "--fixtures",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

/// A `tcconform mock` child process on 127.0.0.1:0, killed (by its PID, through `Child`) on drop.
struct MockProcess {
    child: std::process::Child,
    url: String,
}

impl MockProcess {
    fn start(dir: &Path) -> MockProcess {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_tcconform"))
            .current_dir(dir)
            .args(["mock", "--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the mock starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("its stdout"))
            .read_line(&mut line)
            .expect("the mock's first line");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_owned();
        MockProcess { child, url }
    }

    /// The world of the demo SecretId, through the loopback admin route.
    fn world(&self) -> String {
        use std::io::{Read, Write};
        let addr = self.url.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(addr).expect("the mock answers");
        let path = format!("/_mock/worlds/{}", tcconform::mock::DEMO_SECRET_ID);
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default()
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn against_an_endpoint_only_safe_cases_run_unless_allowed_and_mutations_are_restored() {
    let dir = workdir("endpoint");
    let mock = MockProcess::start(&dir);
    let fixtures = dir.join("staging.toml");
    let mut text_roles = "[roles]\n".to_owned();
    for (role, id) in tcconform::contract::default_role_ids() {
        text_roles.push_str(&format!("{role} = \"{id}\"\n"));
    }
    std::fs::write(&fixtures, text_roles).unwrap();
    let fixtures = fixtures.display().to_string();
    let before = mock.world();
    assert!(
        before.contains("ins-stpdlnx1") && before.contains("skey-bound001"),
        "{before}"
    );
    let fuzz = |extra: &[&str]| {
        let mut args = vec![
            "fuzz",
            "--endpoint",
            &mock.url,
            "--fixtures",
            &fixtures,
            "--cases",
            "150",
            "--no-write",
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_tcconform"))
            .current_dir(&dir)
            .args(&args)
            .env("TENCENTCLOUD_SECRET_ID", tcconform::mock::DEMO_SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY)
            .env_remove("TENCENTCLOUD_REGION")
            .output()
            .expect("the binary runs")
    };
    let safe = fuzz(&[]);
    let report = text(&safe.stdout);
    assert_eq!(
        safe.status.code(),
        Some(0),
        "{report}{}",
        text(&safe.stderr)
    );
    assert!(
        report.contains("skipped as unsafe for the endpoint"),
        "{report}"
    );
    assert_eq!(mock.world(), before, "a safe campaign changed the endpoint");
    let mutating = fuzz(&["--allow-disruptive"]);
    let report = text(&mutating.stdout);
    assert_eq!(
        mutating.status.code(),
        Some(0),
        "{report}{}",
        text(&mutating.stderr)
    );
    assert!(!report.contains("skipped"), "{report}");
    assert_eq!(
        mock.world(),
        before,
        "every mutating case must be restored:\n{report}"
    );
}
