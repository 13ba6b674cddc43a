//! `tcconform run`: the conformance run. Loads and selects the cases, builds the run's
//! configuration, and then lists them (`--list`), prints what would be sent (`--dry-run`), or runs
//! them against the embedded mock or an endpoint, prints the report, writes the report files and
//! decides the exit code.

mod args;
pub(crate) mod config;
mod output;

use std::io::Write;

use anyhow::anyhow;

use crate::cli::error::CliError;
use crate::cli::exit;
use crate::report::human;
use crate::runner::dry_run::DRY_RUN_MOCK_URL;
use crate::runner::{self, Report, RunError, TargetConfig};

pub use args::RunArgs;

/// Runs `tcconform run` and returns its exit code.
pub fn run(args: &RunArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let suite = config::suite(args)?;
    let io =
        |error: std::io::Error| CliError::harness(anyhow!(error).context("cannot write to stdout"));
    if args.list {
        output::list(&suite, out).map_err(io)?;
        return Ok(exit::OK);
    }
    let config = config::run_config(args)?;
    if args.dry_run {
        if let TargetConfig::EmbeddedMock(_) = config.target {
            writeln!(
                out,
                "# no mock is started: the requests are aimed at {DRY_RUN_MOCK_URL} (`tcconform \
                 mock`'s default address) and signed with the demo key it accepts\n"
            )
            .map_err(io)?;
        }
        let entries = runner::dry_run(&suite, &config, now());
        output::dry_run(&entries, out).map_err(io)?;
        return Ok(exit::OK);
    }
    if suite.is_empty() {
        writeln!(out, "no case selected: nothing to run").map_err(io)?;
        return Ok(exit::OK);
    }
    let mut progress = output::Progress::new(suite.len());
    let report = runner::run_blocking(&suite, &config, &mut |result| progress.case_done(result));
    progress.finish();
    let report = match report {
        Ok(report) => report,
        Err(error @ RunError::Credentials { .. }) => return Err(CliError::usage(error)),
        Err(error) => {
            let error = anyhow!(error).context("the run could not be completed");
            return Err(CliError::harness(error));
        }
    };
    out.write_all(human::render(&report, true).as_bytes())
        .map_err(io)?;
    output::report_files(&report, &args.reports)?;
    Ok(exit_code(&report))
}

/// 3 when a restore failed or the target could not be reached for any case, 1 when a case
/// failed, 0 otherwise.
fn exit_code(report: &Report) -> u8 {
    if report.restore_failed() {
        eprintln!("error: a restore failed: the target's fixtures are left changed (see RESTORE FAILED above)");
        return exit::HARNESS;
    }
    if report.unreachable() {
        eprintln!("error: the target could not be reached for any case");
        return exit::HARNESS;
    }
    if report.failed() > 0 {
        return exit::CONFORMANCE_FAILED;
    }
    exit::OK
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}
