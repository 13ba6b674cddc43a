//! From the flags of `tcconform run` to what the runner needs: the selected suite and one
//! [`RunConfig`]. The one place where the run's defaults are decided (the endpoint, its
//! credentials and region come from `cli::target`).

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};

use crate::cli::error::{CliError, Rendered};
use crate::cli::run::args::RunArgs;
use crate::cli::target;
use crate::mock::world_file;
use crate::runner::snapshot::snapshot_dir;
use crate::runner::{EmbeddedMock, RunConfig, SnapshotMode, TargetConfig};
use crate::scenario::{self, Suite};

/// Where snapshots live, relative to the current directory.
pub const SNAPSHOT_BASE: &str = "snapshots";

/// The cases the flags select, in suite order. A bad scenario file is a usage error whose message
/// is every diagnostic, rendered.
pub fn suite(args: &RunArgs) -> Result<Suite, CliError> {
    let suite = scenario::load_paths(&args.paths)
        .map_err(|errors| CliError::usage(Rendered(errors.render())))?;
    let suite = suite.filter(args.filter.as_deref(), &args.tags);
    Ok(match args.shard {
        Some(shard) => suite.shard(shard),
        None => suite,
    })
}

/// The run configuration the flags (and the environment) describe.
pub fn run_config(args: &RunArgs) -> Result<RunConfig, CliError> {
    let base = Path::new(SNAPSHOT_BASE);
    let target = match target::endpoint(&args.target, &args.safety, args.profile.as_deref())? {
        Some(endpoint) => TargetConfig::Endpoint(endpoint),
        None => TargetConfig::EmbeddedMock(EmbeddedMock {
            world: world(&args.paths)?,
            faults: Vec::new(),
            mutant: None,
        }),
    };
    let profile = target.profile().map(str::to_owned);
    let snapshots = match (&target, profile) {
        (TargetConfig::Endpoint(_), None) if args.update_snapshots => {
            return Err(CliError::usage(anyhow!(
                "--update-snapshots against an endpoint needs a profile: give --profile NAME or \
                 `profile = \"NAME\"` in the fixtures file (snapshots go to snapshots/NAME/)"
            )))
        }
        (TargetConfig::Endpoint(_), None) => SnapshotMode::Off,
        (_, profile) => {
            let dir = snapshot_dir(base, profile.as_deref());
            if args.update_snapshots {
                SnapshotMode::Update(dir)
            } else {
                SnapshotMode::Compare(dir)
            }
        }
    };
    Ok(RunConfig {
        target,
        concurrency: args.concurrency,
        timeout: args.timeout,
        snapshots,
    })
}

/// The embedded mock's world: the `world.toml` of the first scenario directory given that has
/// one, else `scenarios/world.toml` in the current directory, else the built-in default world.
pub(crate) fn world(paths: &[PathBuf]) -> Result<crate::contract::World, CliError> {
    let beside = paths
        .iter()
        .map(|path| path.join("world.toml"))
        .find(|candidate| candidate.is_file());
    let world = match &beside {
        Some(path) => world_file::load(path),
        None => world_file::resolve(None),
    };
    world
        .context("the mock's world file is invalid")
        .map_err(CliError::usage)
}
