//! The `tcconform` binary: parse arguments, hand over to `cli::main`, exit with its code.

/// The mock and the fuzzer allocate many small, short-lived objects on several threads, where
/// glibc's malloc contends on its arena locks; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tcconform::cli::main()
}
