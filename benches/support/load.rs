//! Shared by the load benchmarks: a signed request as a `wrk` Lua script, a `wrk` run's rate,
//! and this process's resident memory.

use std::process::Command;
use std::time::Duration;

use tcconform::wire::SignedRequest;

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
