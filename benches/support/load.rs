//! Shared by the load benchmarks: the steady signed request they send, a signed request as a
//! `wrk` Lua script, a `wrk` run's rate, and this process's resident memory.

use std::process::Command;
use std::time::Duration;

use serde_json::json;
use tcconform::contract;
use tcconform::mock::{DEMO_SECRET_ID, DEMO_SECRET_KEY};
use tcconform::wire::{self, Body, Credentials, RequestSpec, SecretKey, SignedRequest};

/// Unbinding a key that is not bound, signed with the demo pair at `timestamp` for `host`: a
/// successful no-op, so the world stays as it is under load.
pub fn steady_request(host: &str, timestamp: i64) -> SignedRequest {
    let roles = contract::default_role_ids();
    let params = json!({
        "InstanceIds": [roles["stopped_linux"]],
        "KeyIds": [roles["unbound_key"]],
    });
    let mut spec = RequestSpec::new(
        "DisassociateInstancesKeyPairs",
        timestamp,
        1,
        Body::Params(params.as_object().cloned().unwrap_or_default()),
    );
    spec.host = host.to_owned();
    spec.region = Some("ap-guangzhou".to_owned());
    let credentials = Credentials {
        secret_id: DEMO_SECRET_ID.to_owned(),
        secret_key: SecretKey::new(DEMO_SECRET_KEY),
        token: None,
    };
    wire::sign(&spec, &credentials).expect("the request signs")
}

/// Whether `wrk` can be run.
pub fn wrk_installed() -> bool {
    Command::new("wrk").arg("--version").output().is_ok()
}

fn lua_string(text: &str) -> String {
    format!("{text:?}")
}

/// A `wrk` script sending `request` as it is, over and over.
pub fn wrk_script(request: &SignedRequest) -> String {
    let mut script = format!(
        "wrk.method = {}\nwrk.body = {}\n",
        lua_string(request.method()),
        lua_string(&String::from_utf8_lossy(request.body()))
    );
    for (name, value) in request.headers() {
        script.push_str(&format!(
            "wrk.headers[{}] = {}\n",
            lua_string(name),
            lua_string(value)
        ));
    }
    script
}

/// Requests per second `wrk -t1 -cCONNECTIONS -dSECONDS` reaches on `url` with `script`.
pub fn run_wrk(url: &str, script: &std::path::Path, connections: u32, seconds: u64) -> f64 {
    let output = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "-s",
        ])
        .arg(script)
        .arg(url)
        .output()
        .expect("wrk runs");
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        println!("  warning: wrk saw non-2xx answers from {url}");
    }
    std::thread::sleep(Duration::from_millis(200));
    text.lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|rate| rate.trim().parse().ok())
        .unwrap_or(0.0)
}

/// This process's resident memory, in MiB.
pub fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// CPU time this process (every thread, not `wrk`, its child) has used so far, in seconds, from
/// `/proc/self/stat` (clock ticks of 1/100 s; 0 where that file cannot be read).
#[allow(dead_code)]
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rfind(')')
        .map_or("", |end| &stat[end + 1..])
        .split_whitespace()
        .collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|text| text.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime, fields 14 and 15 of the file.
    (ticks(11) + ticks(12)) / 100.0
}
