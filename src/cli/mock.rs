//! `tcconform mock`: run the stateful mock of CVM as a standalone HTTP server until Ctrl-C or
//! SIGTERM. Owns the flags, the first stdout line and the tokio runtime of this subcommand.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::error::CliError;
use crate::cli::exit;
use crate::mock::http::spawn;
use crate::mock::{demo_credentials, world_file, MockConfig, Mutant};

/// Flags of `tcconform mock`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = MOCK_HELP)]
pub struct MockArgs {
    /// Address to listen on; port 0 picks a free port (the first stdout line names it).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9000")]
    listen: SocketAddr,
    /// World file (TOML) every SecretId's world starts from. Default: `scenarios/world.toml` if it
    /// exists in the current directory, else the built-in default world.
    #[arg(long, value_name = "FILE")]
    world: Option<PathBuf>,
    /// Also accept this SecretId and SecretKey (repeatable). The documented demo pair is always
    /// accepted.
    #[arg(long = "credential", value_name = "ID:KEY", value_parser = parse_credential)]
    credentials: Vec<(String, String)>,
    /// Run a deliberately faulty mode that breaks the contract in exactly one named way, to check
    /// that a harness or client test catches it. Default: the conforming mock.
    #[arg(long, value_name = "NAME", value_parser = mutant_parser())]
    mutant: Option<Mutant>,
}

/// The `--mutant` values, each listed with its one-line description in `--help`.
pub(crate) fn mutant_parser() -> impl clap::builder::TypedValueParser<Value = Mutant> {
    use clap::builder::TypedValueParser;
    let values = Mutant::ALL
        .iter()
        .map(|mutant| clap::builder::PossibleValue::new(mutant.name()).help(mutant.description()));
    clap::builder::PossibleValuesParser::new(values).try_map(|name| name.parse::<Mutant>())
}

/// The long help after the flags: the demo credentials, the admin routes and the faults.
const MOCK_HELP: &str = "\
The first line on stdout is exactly `tcconform mock listening on http://ADDR`.
Every SecretId gets its own world, created from the world file on first use.

Credentials accepted by default (the documented example keys):
  SecretId  AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE
  SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE
An unknown SecretId gets AuthFailure.SecretIdNotFound.

Point the official clients at it with a scheme in the endpoint:
  Python SDK: HttpProfile(endpoint=\"http://127.0.0.1:9000\")
  tccli:      --endpoint http://127.0.0.1:9000

API replies: HTTP 200, Content-Type: application/json, a lower-case UUID RequestId.
Problems are reported in this order: method not GET/POST (UnsupportedProtocol); body over the
documented size (RequestSizeLimitExceeded: GET 32 KiB, v1 form POST 1 MiB, JSON POST 10 MiB);
signature and credentials (AuthFailure.*); missing Action (MissingParameter); unknown Action
(InvalidAction); wrong Version (NoSuchVersion); the world's faults; then the action's own rules.

Admin routes (plain JSON, not signed, loopback peers only, else 403):
  GET    /_mock/worlds/{secret_id}          read the world:
         {\"instances\": [{\"id\", \"role\", \"name\", \"os_name\", \"state\", \"key_ids\": [..],
           \"operation_in_progress\"}], \"key_pairs\": [{\"id\", \"role\", \"name\"}]}
  PUT    /_mock/worlds/{secret_id}          seed the world with a document of the same shape
  POST   /_mock/worlds/{secret_id}/reset    back to the world file, faults cleared
  GET    /_mock/worlds/{secret_id}/faults   list the active faults
  POST   /_mock/worlds/{secret_id}/faults   add one fault (below)
  DELETE /_mock/worlds/{secret_id}/faults   clear every fault
Bad documents and unknown fields get 400 with the reason.

Faults (one JSON object per POST; `count` limits a fault to the next N requests of that world):
  {\"code\": \"InternalServerError\", \"count\": 2}
      answer this error code (an optional \"message\" replaces the default text)
  {\"code\": \"InternalError\", \"ratio\": 0.5, \"seed\": 1}
      answer it on a seeded fraction of the requests, until the faults are cleared
  {\"latency_ms\": 200, \"count\": 1}
      delay the answer (at most 60000 ms; without count, every request)
  {\"throttle_per_second\": 10}
      RequestLimitExceeded beyond this rate (a token bucket of that size)
  {\"drop_connection\": true, \"count\": 1}
      close the connection without a valid response
  {\"garbage_body\": true, \"count\": 1}
      HTTP 200 with a body that is not JSON
Order per request: latency adds up; then throttle, drop, garbage body, forced code, execution.

A mutant (--mutant NAME) breaks exactly one rule of the contract and says so on stderr; it is for
testing harnesses and client tests, never for standing in for the service.

The mock stops cleanly on Ctrl-C or SIGTERM.";

/// Runs the mock until Ctrl-C or SIGTERM; returns the exit code.
pub fn run(args: &MockArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let world_template = world_file::resolve(args.world.as_deref()).map_err(CliError::usage)?;
    let mut credentials = demo_credentials();
    credentials.extend(args.credentials.iter().cloned());
    let config = MockConfig {
        world_template,
        credentials,
        mutant: args.mutant,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .map_err(CliError::harness)?;
    runtime.block_on(async {
        let handle = spawn(config, args.listen)
            .await
            .map_err(CliError::harness)?;
        if let Some(mutant) = args.mutant {
            eprintln!(
                "warning: mutant `{mutant}` is on: the mock {}",
                mutant.description()
            );
        }
        writeln!(out, "tcconform mock listening on http://{}", handle.addr())
            .and_then(|()| out.flush())
            .context("cannot write to stdout")
            .map_err(CliError::harness)?;
        wait_for_stop_signal()
            .await
            .context("cannot listen for Ctrl-C / SIGTERM")
            .map_err(CliError::harness)?;
        handle.shutdown().await.map_err(CliError::harness)?;
        Ok(exit::OK)
    })
}

/// `ID:KEY` → `(ID, KEY)`; the key may itself contain `:`.
fn parse_credential(text: &str) -> Result<(String, String), String> {
    let Some((id, key)) = text.split_once(':') else {
        return Err("expected ID:KEY, e.g. AKIDexample:secretexample".into());
    };
    if id.is_empty() || key.is_empty() {
        return Err("both the SecretId and the SecretKey must be non-empty".into());
    }
    if id.trim() != id || key.trim() != key {
        return Err("the SecretId and the SecretKey must not have surrounding spaces".into());
    }
    Ok((id.to_owned(), key.to_owned()))
}

#[cfg(unix)]
async fn wait_for_stop_signal() -> std::io::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::select! {
        res = tokio::signal::ctrl_c() => res,
        _ = terminate.recv() => Ok(()),
    }
}

#[cfg(not(unix))]
async fn wait_for_stop_signal() -> std::io::Result<()> {
    tokio::signal::ctrl_c().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mutant_name_parses() {
        use clap::Parser;
        #[derive(Debug, Parser)]
        struct Probe {
            #[command(flatten)]
            args: MockArgs,
        }
        for mutant in Mutant::ALL {
            let probe = Probe::try_parse_from(["mock", "--mutant", mutant.name()]).unwrap();
            assert_eq!(probe.args.mutant, Some(*mutant));
        }
        assert!(Probe::try_parse_from(["mock", "--mutant", "nope"]).is_err());
        assert_eq!(Probe::try_parse_from(["mock"]).unwrap().args.mutant, None);
    }

    #[test]
    fn credentials_split_on_the_first_colon() {
        assert_eq!(
            parse_credential("AKIDa:b:c"),
            Ok(("AKIDa".to_owned(), "b:c".to_owned()))
        );
        assert!(parse_credential("AKIDa").is_err());
        assert!(parse_credential(":key").is_err());
        assert!(parse_credential("id:").is_err());
        assert!(parse_credential(" id:key").is_err());
    }
}
