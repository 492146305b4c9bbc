//! The server: axum on tokio, TLS from [server] tls_cert/tls_key (rustls)
//! or plain HTTP behind a proxy; logs through tracing as the kiosk does;
//! stops gracefully on SIGTERM or Ctrl-C. `[demo]` sets up the demo at the
//! first start (`demo.rs`). The floor's background jobs (closing time,
//! retention, changes from other instances) are in `floor.rs`.

mod demo;
mod floor;

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::state::AppState;

/// How long open requests may take to finish once asked to stop.
const GRACE: Duration = Duration::from_secs(10);

/// Logs to stderr (the journal): `RUST_LOG` as `target=level,…`, else
/// entre_hub at info and the rest at warn. As the kiosk's src/main.rs.
pub fn init_logging() {
    let spec = std::env::var("RUST_LOG").ok();
    let parsed = spec.as_deref().map(str::parse::<Targets>);
    let filter = match &parsed {
        Some(Ok(targets)) => targets.clone(),
        _ => Targets::new()
            .with_target("entre_hub", Level::INFO)
            .with_default(Level::WARN),
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::level_filters::LevelFilter::TRACE)
        .finish()
        .with(filter)
        .try_init();
    if let (Some(spec), Some(Err(e))) = (&spec, &parsed) {
        tracing::warn!(
            "RUST_LOG={spec:?} not understood ({e}); logging entre_hub at info, the rest at warn"
        );
    }
}

pub fn run(config: &Path) -> ExitCode {
    init_logging();
    let config = match super::kiosk::load(config) {
        Ok(c) => Arc::new(c),
        Err(code) => return code,
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(serve(config))
}

async fn serve(config: Arc<crate::config::HubConfig>) -> ExitCode {
    let store = match config.open_store().await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(demo) = &config.demo
        && let Err(e) = demo::first_start(&config, &*store, demo).await
    {
        tracing::error!("[demo]: {e}");
        eprintln!("[demo]: {e}");
        return ExitCode::FAILURE;
    }
    let tls = config.server.tls_cert.is_some();
    let state = AppState::new(store.clone(), config.clone(), tls);
    floor::spawn(&state);
    let app = crate::app(state).into_make_service_with_connect_info::<SocketAddr>();
    let addr = config.server.listen;
    let what = match store.engine() {
        "sqlite" => format!(
            "SQLite {}",
            config.database.url.trim_start_matches("sqlite://")
        ),
        other => other.to_string(),
    };
    match (&config.server.tls_cert, &config.server.tls_key) {
        (Some(cert), Some(key)) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let tls_config =
                match axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key).await {
                    Ok(c) => c,
                    Err(e) => {
                        let e = format!(
                            "{}: [server] tls_cert {} / tls_key {}: {e}",
                            config.path.display(),
                            cert.display(),
                            key.display()
                        );
                        tracing::error!("{e}");
                        eprintln!("{e}");
                        return ExitCode::FAILURE;
                    }
                };
            let handle = axum_server::Handle::new();
            let h = handle.clone();
            tokio::spawn(async move {
                stopped().await;
                h.graceful_shutdown(Some(GRACE));
            });
            tracing::info!("entre-hub listening on https://{addr} ({what})");
            match axum_server::bind_rustls(addr, tls_config)
                .handle(handle)
                .serve(app)
                .await
            {
                Ok(()) => {
                    tracing::info!("entre-hub stopped");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    tracing::error!("cannot serve on {addr}: {e}");
                    eprintln!("cannot serve on {addr}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            let listener = match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => l,
                Err(e) => {
                    let e = format!(
                        "{}: [server] listen {addr}: cannot listen: {e}",
                        config.path.display()
                    );
                    tracing::error!("{e}");
                    eprintln!("{e}");
                    return ExitCode::FAILURE;
                }
            };
            tracing::info!("entre-hub listening on http://{addr} ({what})");
            match axum::serve(listener, app)
                .with_graceful_shutdown(stopped())
                .await
            {
                Ok(()) => {
                    tracing::info!("entre-hub stopped");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    tracing::error!("serving on {addr}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Resolves on SIGTERM (the service manager) or Ctrl-C.
async fn stopped() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
    tracing::info!("entre-hub stopping: finishing open requests");
}
