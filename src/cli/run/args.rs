//! The flags of `tcconform run`, grouped under help headings (Target, Selection, Safety, Output).
//! Parsing only validates; turning them into a run configuration is `run::config`'s job.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::Args;

use crate::cli::report_file::{parse_report, ReportFile};
use crate::cli::target::{EndpointArgs, SafetyArgs};
use crate::scenario::Shard;

/// Flags of `tcconform run`.
#[derive(Debug, Args)]
#[command(after_long_help = RUN_HELP)]
pub struct RunArgs {
    /// Scenario files, or directories holding them (walked for `*.toml`; `world.toml` and
    /// `fixtures/` are not scenarios).
    #[arg(value_name = "PATHS", default_value = "scenarios")]
    pub paths: Vec<PathBuf>,

    /// The endpoint, its fixtures file and region.
    #[command(flatten)]
    pub target: EndpointArgs,
    /// The target profile: selects the cases' `[case.expect.profiles.NAME]` pins and the
    /// snapshots in `snapshots/NAME/` (default: the fixtures file's `profile`; none: snapshots are
    /// not compared).
    #[arg(
        long,
        value_name = "NAME",
        help_heading = "Target",
        requires = "endpoint"
    )]
    pub profile: Option<String>,
    /// Budget for one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds, help_heading = "Target")]
    pub timeout: Duration,
    /// Cases in flight at once (against an endpoint, cases that may change it run one at a time).
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = parse_concurrency, help_heading = "Target")]
    pub concurrency: usize,

    /// Only the cases whose full name (`group/name`) contains this text.
    #[arg(long, value_name = "SUBSTR", help_heading = "Selection")]
    pub filter: Option<String>,
    /// Only the cases with this tag (repeatable: all must match); `-TAG` excludes a tag.
    #[arg(
        long = "tag",
        value_name = "TAG",
        allow_hyphen_values = true,
        help_heading = "Selection"
    )]
    pub tags: Vec<String>,
    /// Only shard I of N (1-based): a deterministic split by case name; the N shards together are
    /// the whole suite.
    #[arg(long, value_name = "I/N", help_heading = "Selection")]
    pub shard: Option<Shard>,
    /// List the selected cases and exit.
    #[arg(long, help_heading = "Selection")]
    pub list: bool,

    /// The safety gates of an endpoint.
    #[command(flatten)]
    pub safety: SafetyArgs,
    /// Print every request the run would send, as curl commands with the signature and token
    /// redacted, and send nothing.
    #[arg(long, help_heading = "Safety")]
    pub dry_run: bool,

    /// Write the snapshots that are missing or differ (a new baseline for the target's profile)
    /// instead of failing on them.
    #[arg(long, help_heading = "Output")]
    pub update_snapshots: bool,
    /// Also write a report: `junit=PATH` (JUnit XML) or `json=PATH` (one JSON object per case per
    /// line). Repeatable.
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = parse_report, help_heading = "Output")]
    pub reports: Vec<ReportFile>,
}

/// The long help after the flags.
const RUN_HELP: &str = "\
With no --endpoint, tcconform starts the embedded mock on 127.0.0.1:0 (its world from
scenarios/world.toml, or the built-in default world) and runs every case over real HTTP, each
case in its own world. Snapshots are compared with snapshots/ (and, with --profile NAME against
an endpoint, with snapshots/NAME/).

Against an endpoint only `rejected` cases run unless --allow-mutations (and --allow-disruptive)
is given; cases whose roles the fixtures file does not map, and mock-only cases, are skipped
with the reason. Mutating cases run one at a time after all the others; each records the key
set of every instance it touches, restores it afterwards and verifies it with DescribeInstances.
A failed restore is reported as RESTORE FAILED and exits 3.

A fixtures file:
  profile = \"staging\"
  region = \"ap-guangzhou\"
  [roles]
  stopped_linux = \"ins-w34e5rl9\"
  bound_key = \"skey-e3r6y7ji\"";

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds =
        f64::from_str(text.trim()).map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= 3600.0) {
        return Err("the timeout must be more than 0 and at most 3600 seconds".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!("`{text}` is not a concurrency from 1 to 1024")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_values() {
        assert_eq!(parse_seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert!(parse_seconds("0").is_err() && parse_seconds("x").is_err());
        assert_eq!(parse_concurrency("8"), Ok(8));
        assert!(parse_concurrency("0").is_err() && parse_concurrency("-1").is_err());
    }
}
