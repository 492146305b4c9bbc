//! The `entre-hub` command. Thin: all logic lives in the library.

fn main() -> std::process::ExitCode {
    entre_hub::cli::main()
}
