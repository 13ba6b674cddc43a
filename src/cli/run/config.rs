//! From the flags of `tcconform run` to what the runner needs: the selected suite and one
//! [`RunConfig`]. The one place where the run's defaults are decided and the environment is read
//! (credentials, region).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, Context};

use crate::cli::error::{CliError, Rendered};
use crate::cli::run::args::RunArgs;
use crate::mock::world_file;
use crate::runner::plan::host_of;
use crate::runner::snapshot::snapshot_dir;
use crate::runner::{
    EmbeddedMock, Endpoint, Patience, RunConfig, Safety, SnapshotMode, TargetConfig,
};
use crate::scenario::{self, Suite};
use crate::wire::{Credentials, SecretKey};

/// Where snapshots live, relative to the current directory.
pub const SNAPSHOT_BASE: &str = "snapshots";

/// Against an endpoint: how many times a transient answer is retried, a state re-read while it
/// settles, a restoring call retried; and the pause between two attempts.
const ENDPOINT_PATIENCE: Patience = Patience {
    attempts: 6,
    pause: Duration::from_secs(2),
};

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
    let target = match (&args.endpoint, &args.fixtures) {
        (Some(url), Some(fixtures)) => TargetConfig::Endpoint(endpoint(args, url, fixtures)?),
        _ => TargetConfig::EmbeddedMock(EmbeddedMock {
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

fn endpoint(args: &RunArgs, url: &str, fixtures: &Path) -> Result<Endpoint, CliError> {
    if host_of(url).is_none() {
        return Err(CliError::usage(anyhow!(
            "--endpoint must be an http:// or https:// URL, e.g. https://cvm.tencentcloudapi.com; got `{url}`"
        )));
    }
    let fixtures = scenario::load_fixtures(fixtures)
        .map_err(|errors| CliError::usage(Rendered(errors.render())))?;
    let credentials = credentials_from_env()?;
    let profile = args
        .profile
        .clone()
        .or_else(|| fixtures.profile().map(str::to_owned));
    if let Some(profile) = &profile {
        let slug = profile
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if profile.is_empty() || !slug {
            return Err(CliError::usage(anyhow!(
                "`{profile}` cannot name a profile: use lower-case letters, digits, `-` and `_`"
            )));
        }
    }
    Ok(Endpoint {
        url: url.trim_end_matches('/').to_owned(),
        credentials,
        region: args
            .region
            .clone()
            .filter(|region| !region.is_empty())
            .or_else(|| fixtures.region().map(str::to_owned)),
        roles: fixtures.roles().clone(),
        profile,
        safety: Safety {
            allow_mutations: args.allow_mutations || args.allow_disruptive,
            allow_disruptive: args.allow_disruptive,
        },
        patience: ENDPOINT_PATIENCE,
    })
}

/// The credentials of `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and the optional
/// `TENCENTCLOUD_SESSION_TOKEN`.
pub(crate) fn credentials_from_env() -> Result<Credentials, CliError> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let (Some(secret_id), Some(secret_key)) = (
        var("TENCENTCLOUD_SECRET_ID"),
        var("TENCENTCLOUD_SECRET_KEY"),
    ) else {
        return Err(CliError::usage(anyhow!(
            "missing credentials: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (and \
             TENCENTCLOUD_SESSION_TOKEN for temporary credentials)"
        )));
    };
    Ok(Credentials {
        secret_id,
        secret_key: SecretKey::new(secret_key),
        token: var("TENCENTCLOUD_SESSION_TOKEN"),
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
