//! The flags of `tcconform fuzz`, grouped under help headings (Target, Campaign, Safety, Output).
//! Parsing only validates; the campaign's configuration is built in `fuzz::run`.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::Args;

use crate::cli::report_file::{parse_report, ReportFile};
use crate::cli::target::{EndpointArgs, SafetyArgs};
use crate::gen::Seed;
use crate::mock::Mutant;
use crate::scenario::Shard;

/// Cases of a campaign given neither `--cases` nor `--duration`.
pub const DEFAULT_CASES: u64 = 5_000;

/// Flags of `tcconform fuzz`.
#[derive(Debug, Args)]
#[command(after_long_help = FUZZ_HELP)]
pub struct FuzzArgs {
    /// The endpoint, its fixtures file and region.
    #[command(flatten)]
    pub target: EndpointArgs,
    /// The embedded mock's world file (default: scenarios/world.toml, else the built-in world).
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "Target",
        conflicts_with = "endpoint"
    )]
    pub world: Option<PathBuf>,
    /// Fuzz the embedded mock in this deliberately faulty mode (one named deviation from the
    /// contract), to see what the fuzzer reports for it.
    #[arg(long, value_name = "NAME", value_parser = crate::cli::mock::mutant_parser(), help_heading = "Target", conflicts_with = "endpoint")]
    pub mutant: Option<Mutant>,
    /// Budget for one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds, help_heading = "Target")]
    pub timeout: Duration,

    /// The seed every case derives from (decimal or 0x-hex): the same seed and flags give the
    /// same cases.
    #[arg(
        long,
        value_name = "SEED",
        default_value = "1",
        help_heading = "Campaign"
    )]
    pub seed: Seed,
    /// Cases in the campaign (default: 5000 when --duration is not given).
    #[arg(long, value_name = "N", value_parser = parse_cases, help_heading = "Campaign")]
    pub cases: Option<u64>,
    /// Stop after this long (`90`, `90s`, `15m`, `2h`); with --cases, whichever comes first.
    #[arg(long, value_name = "TIME", value_parser = parse_duration, help_heading = "Campaign")]
    pub duration: Option<Duration>,
    /// Cases in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = parse_concurrency, help_heading = "Campaign")]
    pub concurrency: usize,
    /// Requests started per second at most (default: no limit).
    #[arg(long, value_name = "PER_SECOND", value_parser = parse_rate, help_heading = "Campaign")]
    pub rate: Option<f64>,
    /// Only shard I of N (1-based): case indices i with i mod N = I-1. The N shards of one seed
    /// and budget together run the whole campaign, without overlap.
    #[arg(long, value_name = "I/N", help_heading = "Campaign")]
    pub shard: Option<Shard>,
    /// Most requests in one generated case (1: single requests only).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=16), help_heading = "Campaign")]
    pub max_steps: u8,
    /// Most re-runs spent shrinking each bucket's smallest case.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 300,
        help_heading = "Campaign"
    )]
    pub shrink_tries: usize,
    /// Run the default campaign (or the one the flags describe) against the conforming mock and
    /// against every faulty mode, and print the catch table: exit 0 when every mode is caught and
    /// the conforming mock shows nothing.
    #[arg(long, help_heading = "Campaign", conflicts_with_all = ["endpoint", "mutant"])]
    pub self_test: bool,

    /// The safety gates of an endpoint.
    #[command(flatten)]
    pub safety: SafetyArgs,

    /// Where each bucket's shrunk case is written as a scenario file.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "scenarios/found",
        help_heading = "Output"
    )]
    pub found_dir: PathBuf,
    /// Do not write scenario files for findings.
    #[arg(long, help_heading = "Output")]
    pub no_write: bool,
    /// Also write a report: `junit=PATH` (one test case per kind of finding) or `json=PATH` (a
    /// summary line, then one line per kind found). Repeatable.
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = parse_report, help_heading = "Output")]
    pub reports: Vec<ReportFile>,
}

/// The long help after the flags.
const FUZZ_HELP: &str = "\
With no --endpoint, tcconform starts the embedded mock on 127.0.0.1:0 and sends every generated
case over real HTTP, each from a fresh world. Every answer is judged by the contract: the
envelope, the code the input's class allows, what describes read back, and a read of the
instances the case's binding requests named. Findings are bucketed by kind (wrong code,
undocumented code, bad envelope, state violation, transport); the smallest case of each bucket
is shrunk against the target, printed with a curl reproducer (signature redacted) and written
under --found-dir as a scenario file that fails the same way under `tcconform run`, and passes
once the target is fixed.

Against an endpoint only cases that cannot change it run unless --allow-mutations is given; cases
that send a binding request run one at a time and are followed by a state read and a restore.

Examples:
  tcconform fuzz                                  default campaign on the embedded mock
  tcconform fuzz --seed 7 --duration 10m          a longer campaign
  tcconform fuzz --shard 2/4 --cases 100000       one of four CI runners
  tcconform fuzz --mutant non-atomic-batch        what a faulty server looks like
  tcconform fuzz --self-test                      the catch table of every faulty mode";

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds =
        f64::from_str(text.trim()).map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= 3600.0) {
        return Err("the timeout must be more than 0 and at most 3600 seconds".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((at, _)) => text.split_at(at),
        None => (text, "s"),
    };
    let factor = match unit {
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => {
            return Err(format!(
                "`{text}`: use seconds, or a number with s, m or h (`15m`)"
            ))
        }
    };
    let value = f64::from_str(number)
        .map_err(|_| format!("`{text}` is not a duration: use e.g. `90`, `90s`, `15m`, `2h`"))?;
    let seconds = value * factor;
    if !(seconds > 0.0 && seconds <= 7.0 * 86_400.0) {
        return Err("the duration must be more than 0 and at most a week".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn parse_cases(text: &str) -> Result<u64, String> {
    match text.trim().replace('_', "").parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{text}` is not a number of cases (1 or more)")),
    }
}

fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!("`{text}` is not a concurrency from 1 to 1024")),
    }
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match f64::from_str(text.trim()) {
        Ok(rate) if rate > 0.0 && rate.is_finite() => Ok(rate),
        _ => Err(format!(
            "`{text}` is not a rate: give requests per second, more than 0"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_values() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("5d").is_err() && parse_duration("0").is_err());
        assert_eq!(parse_cases("1_000_000"), Ok(1_000_000));
        assert!(parse_cases("0").is_err() && parse_cases("x").is_err());
        assert!(parse_rate("0").is_err() && parse_rate("inf").is_err());
        assert_eq!(parse_rate("20"), Ok(20.0));
        assert!(parse_concurrency("0").is_err());
        assert!(parse_seconds("2").is_ok());
    }
}
