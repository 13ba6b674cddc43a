//! The command-line tool: the only module that knows flags, output formats and exit codes.

mod error;
pub mod exit;
mod fuzz;
mod mock;
mod report_file;
mod run;
mod sign;
mod target;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use error::CliError;

/// Conformance test harness, contract fuzzer and local mock for Tencent Cloud API 3.0
/// (CVM `DisassociateInstancesKeyPairs`, 2017-03-12).
#[derive(Debug, Parser)]
#[command(name = "tcconform", version, about, after_help = exit::HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the scenario suite against the embedded mock (default) or an endpoint, check every
    /// answer against the contract and the snapshots, and report.
    Run(run::RunArgs),
    /// Sign a request and print every stage of TC3-HMAC-SHA256 (or v1) plus a ready curl command.
    Sign(sign::SignArgs),
    /// Fuzz the contract: generated requests against the embedded mock (default) or an endpoint,
    /// every answer judged; findings bucketed, shrunk, and written as scenario files.
    Fuzz(fuzz::FuzzArgs),
    /// Serve the stateful mock of CVM over HTTP for the official SDKs and tccli (admin routes and
    /// faults: see `--help`).
    Mock(mock::MockArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Run(args) => run::run(&args, &mut out),
        Command::Sign(args) => sign::run(&args, &mut out),
        Command::Mock(args) => mock::run(&args, &mut out),
        Command::Fuzz(args) => fuzz::run(&args, &mut out),
    };
    let _ = out.flush();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err.error) {
                return ExitCode::from(exit::OK);
            }
            match err.error.downcast_ref::<error::Rendered>() {
                Some(rendered) => eprintln!("{}", rendered.0.trim_end()),
                None => eprintln!("error: {:#}", err.error),
            }
            ExitCode::from(err.code)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
