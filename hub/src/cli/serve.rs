//! The server: axum on tokio, TLS from [server] tls_cert/tls_key or plain
//! HTTP behind a proxy. Owner: api/cli work.

use std::path::Path;
use std::process::ExitCode;

pub fn run(_config: &Path) -> ExitCode {
    ExitCode::FAILURE
}
