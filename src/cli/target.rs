//! Flags and set-up shared by the commands that talk to a target (`run`, `fuzz`): an endpoint
//! with its fixtures file, region and credentials (from the environment), and the safety gates.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::anyhow;
use clap::Args;

use crate::cli::error::{CliError, Rendered};
use crate::runner::plan::host_of;
use crate::runner::{Endpoint, Patience, Safety};
use crate::scenario;
use crate::wire::{Credentials, SecretKey};

/// Against an endpoint: how many times a transient answer is retried, a state re-read while it
/// settles, a restoring call retried; and the pause between two attempts.
pub const ENDPOINT_PATIENCE: Patience = Patience {
    attempts: 6,
    pause: Duration::from_secs(2),
};

/// The endpoint flags.
#[derive(Debug, Args)]
pub struct EndpointArgs {
    /// Run against this endpoint instead of the embedded mock (needs --fixtures; credentials from
    /// TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and optional TENCENTCLOUD_SESSION_TOKEN).
    #[arg(
        long,
        value_name = "URL",
        help_heading = "Target",
        requires = "fixtures"
    )]
    pub endpoint: Option<String>,
    /// The endpoint's fixtures file: a [roles] table mapping role names to real IDs, and
    /// optionally `profile` and `region`.
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "Target",
        requires = "endpoint"
    )]
    pub fixtures: Option<PathBuf>,
    /// The region to send (default: the fixtures file's `region`).
    #[arg(
        long,
        value_name = "REGION",
        env = "TENCENTCLOUD_REGION",
        help_heading = "Target"
    )]
    pub region: Option<String>,
}

/// The safety gates of a non-mock endpoint.
#[derive(Debug, Args)]
pub struct SafetyArgs {
    /// Against an endpoint, also run what may change it (one case at a time; each restores the
    /// key sets it changed and verifies the restore).
    #[arg(long, help_heading = "Safety")]
    pub allow_mutations: bool,
    /// Against an endpoint, also run what may stop a running instance (ForceStop); implies
    /// --allow-mutations.
    #[arg(long, help_heading = "Safety")]
    pub allow_disruptive: bool,
}

impl SafetyArgs {
    /// The gates these flags open.
    pub fn safety(&self) -> Safety {
        Safety {
            allow_mutations: self.allow_mutations || self.allow_disruptive,
            allow_disruptive: self.allow_disruptive,
        }
    }
}

/// The endpoint the flags name (`None`: the embedded mock), with its fixtures, region and the
/// credentials of the environment; `profile` overrides the fixtures file's.
pub fn endpoint(
    args: &EndpointArgs,
    safety: &SafetyArgs,
    profile: Option<&str>,
) -> Result<Option<Endpoint>, CliError> {
    let (Some(url), Some(fixtures)) = (&args.endpoint, &args.fixtures) else {
        return Ok(None);
    };
    if host_of(url).is_none() {
        return Err(CliError::usage(anyhow!(
            "--endpoint must be an http:// or https:// URL, e.g. https://cvm.tencentcloudapi.com; got `{url}`"
        )));
    }
    let fixtures = scenario::load_fixtures(fixtures)
        .map_err(|errors| CliError::usage(Rendered(errors.render())))?;
    let credentials = credentials_from_env()?;
    let profile = profile
        .map(str::to_owned)
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
    Ok(Some(Endpoint {
        url: url.trim_end_matches('/').to_owned(),
        credentials,
        region: args
            .region
            .clone()
            .filter(|region| !region.is_empty())
            .or_else(|| fixtures.region().map(str::to_owned)),
        roles: fixtures.roles().clone(),
        profile,
        safety: safety.safety(),
        patience: ENDPOINT_PATIENCE,
    }))
}

/// The credentials of `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and the optional
/// `TENCENTCLOUD_SESSION_TOKEN`.
pub fn credentials_from_env() -> Result<Credentials, CliError> {
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
