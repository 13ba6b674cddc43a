//! The `tcconform` binary: parse arguments, hand over to `cli::main`, exit with its code.

fn main() -> std::process::ExitCode {
    tcconform::cli::main()
}
