//! `tcconform fuzz`: a contract-fuzzing campaign against the embedded mock or an endpoint. Builds
//! the campaign's configuration from the flags, shows progress, prints the report, writes each
//! bucket's shrunk case under `--found-dir` and checks that `tcconform run` on it fails the same
//! way; `--self-test` runs the campaign against every faulty mode and prints the catch table.

mod args;
mod output;

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, Context};

use crate::campaign::{self, Budget, CampaignConfig, CampaignError, CampaignReport};
use crate::cli::error::CliError;
use crate::cli::exit;
use crate::cli::report_file::{self, ReportFormat};
use crate::cli::run::config::world;
use crate::cli::target;
use crate::gen::GenOptions;
use crate::mock::{world_file, Mutant};
use crate::report::fuzz::{self as fuzz_report, catch_table, render, CatchRow, Written};
use crate::report::junit;
use crate::runner::{self, EmbeddedMock, RunConfig, SnapshotMode, TargetConfig};
use crate::scenario;

pub use args::FuzzArgs;

/// Generated bodies stay under this size: oversized-body faults only for GET (32 KiB) and form
/// POSTs (1 MiB); 10 MiB JSON bodies would make a campaign about bandwidth, and the scenario
/// suite pins that limit already.
const MAX_OVERSIZE_BYTES: usize = 1024 * 1024;

/// Runs `tcconform fuzz` and returns its exit code.
pub fn run(args: &FuzzArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let config = config(args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(CliError::harness)?;
    let io =
        |error: std::io::Error| CliError::harness(anyhow!(error).context("cannot write to stdout"));
    if args.self_test {
        let (table, holds) = runtime.block_on(self_test(&config))?;
        out.write_all(table.as_bytes()).map_err(io)?;
        return Ok(if holds {
            exit::OK
        } else {
            exit::CONFORMANCE_FAILED
        });
    }
    let target = target_name(&config.target);
    let mut progress = output::Progress::new(&target, config.budget.cases.is_some());
    let report = runtime.block_on(campaign::run(config.clone(), &mut |p| progress.update(p)));
    progress.finish();
    let report = report.map_err(harness)?;
    let written = if args.no_write {
        vec![Written::Skipped; report.buckets.len()]
    } else {
        runtime.block_on(write_found(&report, &args.found_dir, &config))?
    };
    out.write_all(render(&report, &target, &written).as_bytes())
        .map_err(io)?;
    for file in &args.reports {
        let text = match file.format {
            ReportFormat::Json => fuzz_report::json(&report, &target),
            ReportFormat::Junit => junit::render_campaign(&report).map_err(CliError::harness)?,
        };
        report_file::write(&file.path, &text)?;
    }
    Ok(if report.is_clean() {
        exit::OK
    } else {
        exit::CONFORMANCE_FAILED
    })
}

/// The campaign the flags (and the environment) describe.
fn config(args: &FuzzArgs) -> Result<CampaignConfig, CliError> {
    let target = match target::endpoint(&args.target, &args.safety, None)? {
        Some(endpoint) => TargetConfig::Endpoint(endpoint),
        None => {
            let world = match &args.world {
                Some(path) => world_file::load(path)
                    .context("the mock's world file is invalid")
                    .map_err(CliError::usage)?,
                None => world(&[std::path::PathBuf::from("scenarios")])?,
            };
            TargetConfig::EmbeddedMock(EmbeddedMock {
                world,
                faults: Vec::new(),
                mutant: args.mutant,
            })
        }
    };
    let cases = match (args.cases, args.duration) {
        (None, None) => Some(args::DEFAULT_CASES),
        (cases, _) => cases,
    };
    Ok(CampaignConfig {
        target,
        seed: args.seed,
        budget: Budget {
            cases,
            duration: args.duration,
        },
        shard: args.shard,
        concurrency: args.concurrency,
        rate: args.rate,
        timeout: args.timeout,
        options: GenOptions {
            max_steps: usize::from(args.max_steps),
            protocol: true,
            max_oversize_bytes: MAX_OVERSIZE_BYTES,
        },
        shrink_tries: args.shrink_tries,
    })
}

/// Every campaign error is the harness's (exit 3): the mock did not start, the endpoint could
/// not be read, or a restore failed and the campaign stopped.
fn harness(error: CampaignError) -> CliError {
    CliError::harness(anyhow!(error).context("the campaign could not be completed"))
}

fn target_name(target: &TargetConfig) -> String {
    match target {
        TargetConfig::EmbeddedMock(mock) => match mock.mutant {
            Some(mutant) => format!("the embedded mock (faulty mode `{}`)", mutant.name()),
            None => "the embedded mock".to_owned(),
        },
        TargetConfig::Endpoint(endpoint) => endpoint.url.clone(),
    }
}

/// The campaign against the conforming mock and against every faulty mode (no shrinking: the
/// table needs only whether, and how soon, each is caught).
async fn self_test(config: &CampaignConfig) -> Result<(String, bool), CliError> {
    let mut rows = Vec::new();
    for mutant in std::iter::once(None).chain(Mutant::ALL.iter().copied().map(Some)) {
        let mut config = config.clone();
        config.shrink_tries = 0;
        if let TargetConfig::EmbeddedMock(mock) = &mut config.target {
            mock.mutant = mutant;
        }
        let report: CampaignReport = campaign::run(config, &mut |_| {}).await.map_err(harness)?;
        let row = CatchRow {
            target: mutant.map_or("conforming mock".to_owned(), |m| m.name().to_owned()),
            expected_findings: mutant.is_some(),
            cases: report.cases,
            failing: report.failing,
            first_failing: report.first_failing,
            buckets: report.buckets.iter().map(|b| b.bucket.name()).collect(),
        };
        eprintln!(
            "{}: {} of {} cases failing",
            row.target, row.failing, row.cases
        );
        rows.push(row);
    }
    let holds = rows.iter().all(CatchRow::holds);
    Ok((catch_table(&rows), holds))
}

/// Writes each bucket's scenario file under `dir` (never over an existing file) and runs it on
/// the same target to say whether it fails alone as it did in the campaign.
async fn write_found(
    report: &CampaignReport,
    dir: &Path,
    config: &CampaignConfig,
) -> Result<Vec<Written>, CliError> {
    let mut written = Vec::new();
    for bucket in &report.buckets {
        let scenario = match &bucket.scenario {
            Ok(scenario) => scenario,
            Err(why) => {
                written.push(Written::Inexpressible(why.0.clone()));
                continue;
            }
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {}", dir.display()))
            .map_err(CliError::harness)?;
        let path = dir.join(&scenario.file_name);
        if !path.exists() {
            std::fs::write(&path, &scenario.text)
                .with_context(|| format!("cannot write {}", path.display()))
                .map_err(CliError::harness)?;
        }
        let verified = fails_alone(&path, config).await;
        written.push(Written::File(path.display().to_string(), verified));
    }
    Ok(written)
}

/// Whether `tcconform run` on the scenario file at `path` fails on the campaign's target; `None`
/// when it could not be run there (not loadable, or skipped by the safety gates).
async fn fails_alone(path: &Path, config: &CampaignConfig) -> Option<bool> {
    let suite = scenario::load_paths(&[path.to_path_buf()]).ok()?;
    let run_config = RunConfig {
        target: config.target.clone(),
        concurrency: 1,
        timeout: config.timeout,
        snapshots: SnapshotMode::Off,
    };
    let report = runner::run(&suite, &run_config, &mut |_| {}).await.ok()?;
    if report.skipped() == suite.len() {
        return None;
    }
    Some(report.failed() > 0)
}
