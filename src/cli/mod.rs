//! The command-line tool: the only module that knows flags, output formats and exit codes.

/// Runs the command line and returns the process exit code.
pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
