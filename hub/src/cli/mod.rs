//! The commands. Skeleton: filled in by the api/cli work.

pub fn main() -> std::process::ExitCode {
    eprintln!("entre-hub: not built yet");
    std::process::ExitCode::FAILURE
}
