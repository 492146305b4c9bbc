//! Hub sync: visits up; guidance and the staff directory down; a heartbeat
//! that says the kiosk is alive. The kiosk only ever opens outbound HTTPS
//! connections (see docs/hub-protocol.md for the protocol).
//!
//! Visits wait in the outbox (queued in the transaction that records them)
//! and are marked sent only once the hub has accepted their ids, so a crash
//! or a dead hub never loses one; at worst a batch is sent again with the
//! same ids, which the hub de-duplicates. A visit the hub rejects (bad on
//! its own, never to be stored) is marked done too, logged once, and kept
//! in the kiosk's own figures, so that it cannot block the queue.

pub mod content;
pub mod register;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use entre_core::protocol;
use serde_json::Value;

use crate::config::{Config, Hub};
use crate::directory::Directory;
use crate::store::{NewContent, QueuedVisit, Store, StoreError, now_ms};

/// The largest answer read to a visits batch or a heartbeat.
pub const REPLY_MAX: usize = 1 << 20;
/// The largest content document read.
pub const CONTENT_MAX: usize = 8 << 20;
/// How long a refused token waits before the next try.
const AUTH_RETRY: Duration = Duration::from_secs(15 * 60);
/// The longest wait after repeated failures (a hub back from an outage
/// hears from every kiosk within this)…
const MAX_BACKOFF: Duration = Duration::from_secs(5 * 60);
/// …and the longest `Retry-After` honoured.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);
/// The same failure is logged again at most this often.
const LOG_REPEAT: Duration = Duration::from_secs(60 * 60);
/// Errors a heartbeat carries at most.
const ERRORS_PER_HEARTBEAT: usize = 20;
const JSON: &str = "application/json; charset=utf-8";
/// The environment variable that may hold the token.
pub const TOKEN_ENV: &str = "ENTRE_HUB_TOKEN";

/// Why a request to the hub did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HubError {
    #[error("no usable hub token: {0}")]
    Token(String),
    #[error("{0}")]
    Setup(String),
    #[error("cannot reach the hub: {0}")]
    Unreachable(String),
    #[error("the hub refused the token ({0}): check [hub] token_file or {TOKEN_ENV}")]
    Auth(u16),
    #[error("the hub asks the kiosk to slow down (429){}", .0.map(|d| format!(", retry after {} s", d.as_secs())).unwrap_or_default())]
    RateLimited(Option<Duration>),
    #[error("the hub answered {0}")]
    Status(u16),
    #[error("the hub's answer cannot be used: {0}")]
    Reply(String),
    #[error("{0}")]
    Store(String),
}

impl From<StoreError> for HubError {
    fn from(e: StoreError) -> Self {
        HubError::Store(e.to_string())
    }
}

impl HubError {
    /// The same kind of failure, for logging it once rather than each time.
    fn kind(&self) -> String {
        match self {
            HubError::Status(code) => format!("status {code}"),
            HubError::Auth(code) => format!("auth {code}"),
            other => format!("{:?}", std::mem::discriminant(other)),
        }
    }
}

/// Where the token comes from.
#[derive(Debug, Clone)]
enum Token {
    File(PathBuf),
    Env,
}

/// The HTTP side: one request per call, each with the configured timeout,
/// answers read only up to a cap.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Token,
}

fn valid_token(t: &str) -> Result<String, HubError> {
    let t = t.trim();
    if t.is_empty() {
        return Err(HubError::Token("it is empty".into()));
    }
    if t.len() > 4096 || !t.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(HubError::Token(
            "it must be up to 4096 visible ASCII characters".into(),
        ));
    }
    Ok(t.to_string())
}

/// RFC 3339 in UTC with milliseconds, e.g. `2026-11-29T09:14:03.512Z`.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| format!("{t:.3}"))
        .unwrap_or_default()
}

/// `ms` floored to the start of its minute. What the hub gets of a visit's
/// time: with milliseconds, the time of a check-in could be matched to the
/// Date of its arrival mail. A minute never crosses an hour or a day, so
/// the figures by hour and day stay exact.
pub fn floor_to_minute(ms: i64) -> i64 {
    ms.div_euclid(60_000) * 60_000
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(s) = value.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let ms = at.as_millisecond() - now_ms();
    Some(Duration::from_millis(ms.max(0) as u64))
}

/// The certificates of `[hub] ca_file` (at least one).
pub fn read_ca(file: &std::path::Path) -> Result<Vec<reqwest::Certificate>, HubError> {
    let setup = |why: String| HubError::Setup(format!("[hub] ca_file {}: {why}", file.display()));
    let pem = std::fs::read(file).map_err(|e| setup(e.to_string()))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| setup(e.to_string()))?;
    if certs.is_empty() {
        return Err(setup("holds no PEM certificate".into()));
    }
    Ok(certs)
}

impl Client {
    /// The client for the configured hub; `None` when the hub is off.
    pub fn new(hub: &Hub, kiosk_id: &str) -> Result<Option<Client>, HubError> {
        let Some(url) = &hub.url else {
            return Ok(None);
        };
        let timeout = Duration::from_secs(hub.timeout_s);
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("entre/", env!("CARGO_PKG_VERSION")))
            .https_only(url.starts_with("https://"));
        if let Some(file) = &hub.ca_file {
            for cert in read_ca(file)? {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder
            .build()
            .map_err(|e| HubError::Setup(format!("cannot set up the hub client: {e}")))?;
        let token = match &hub.token_file {
            Some(file) => Token::File(file.clone()),
            None => Token::Env,
        };
        Ok(Some(Client {
            http,
            base: format!("{url}/v1/kiosks/{kiosk_id}"),
            token,
        }))
    }

    /// The token, read afresh for each request (it can be replaced
    /// without a restart).
    fn token(&self) -> Result<String, HubError> {
        match &self.token {
            Token::File(file) => match std::fs::read_to_string(file) {
                Ok(t) => valid_token(&t).map_err(|e| match e {
                    HubError::Token(why) => {
                        HubError::Token(format!("[hub] token_file {}: {why}", file.display()))
                    }
                    other => other,
                }),
                Err(e) => Err(HubError::Token(format!(
                    "[hub] token_file {}: {e}",
                    file.display()
                ))),
            },
            Token::Env => match crate::secrets::get(TOKEN_ENV) {
                Some(t) => valid_token(&t),
                None => Err(HubError::Token(format!(
                    "set [hub] token_file, or {TOKEN_ENV}"
                ))),
            },
        }
    }

    /// Sends a request and reads at most `cap` bytes of a successful
    /// answer. 304 is a success with no body.
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        cap: usize,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), HubError> {
        let token = self.token()?;
        let mut response = request
            .bearer_auth(token)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| HubError::Unreachable(describe(&e)))?;
        let status = response.status().as_u16();
        match status {
            200..=299 | 304 => {}
            401 | 403 => return Err(HubError::Auth(status)),
            429 => {
                let after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(retry_after);
                return Err(HubError::RateLimited(after));
            }
            _ => return Err(HubError::Status(status)),
        }
        let headers = response.headers().clone();
        if response.content_length().is_some_and(|n| n > cap as u64) {
            return Err(HubError::Reply(format!(
                "it is larger than {} KiB",
                cap / 1024
            )));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| HubError::Unreachable(describe(&e)))?
        {
            if body.len() + chunk.len() > cap {
                return Err(HubError::Reply(format!(
                    "it is larger than {} KiB",
                    cap / 1024
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    }

    /// Sends a batch of visits; returns the ids the hub accepted.
    pub async fn post_visits(&self, visits: &[QueuedVisit]) -> Result<Vec<String>, HubError> {
        self.post_batch(visits).await.map(|a| a.accepted)
    }

    /// Sends a batch of visits; returns the hub's whole answer: the ids
    /// it accepted and those it rejected, with why.
    pub async fn post_batch(&self, visits: &[QueuedVisit]) -> Result<protocol::Answer, HubError> {
        let body = protocol::Visits {
            visits: visits.iter().map(visit).collect(),
        };
        let body = serde_json::to_string(&body)
            .map_err(|e| HubError::Setup(format!("cannot write the visits: {e}")))?;
        let request = self
            .http
            .post(format!("{}/visits", self.base))
            .header(reqwest::header::CONTENT_TYPE, JSON)
            .body(body);
        let (_, _, reply) = self.send(request, REPLY_MAX).await?;
        serde_json::from_slice::<protocol::Answer>(&reply).map_err(|e| {
            // serde's message may quote the hub's text: cut and escaped.
            let e = crate::quote::cut(&e.to_string());
            HubError::Reply(format!("expected {{\"accepted\": [ids]}}: {e}"))
        })
    }

    /// Asks for content newer than `etag`: `None` when the hub says it is
    /// unchanged (304), `Some(None)` when it has none for this kiosk (404,
    /// 204), else the ETag and the document.
    #[allow(clippy::type_complexity)]
    pub async fn get_content(
        &self,
        etag: Option<&str>,
    ) -> Result<Option<Option<(Option<String>, Vec<u8>)>>, HubError> {
        let mut request = self.http.get(format!("{}/content", self.base));
        if let Some(etag) = etag {
            request = request.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        let (status, headers, body) = match self.send(request, CONTENT_MAX).await {
            Err(HubError::Status(404)) => return Ok(Some(None)),
            other => other?,
        };
        match status {
            304 => return Ok(None),
            204 => return Ok(Some(None)),
            _ => {}
        }
        let etag = headers
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= 200)
            .map(str::to_string);
        Ok(Some(Some((etag, body))))
    }

    pub async fn heartbeat(&self, body: &Value) -> Result<(), HubError> {
        let request = self
            .http
            .post(format!("{}/heartbeat", self.base))
            .header(reqwest::header::CONTENT_TYPE, JSON)
            .body(body.to_string());
        self.send(request, REPLY_MAX).await.map(|_| ())
    }
}

/// A reqwest error in one line, with its cause (a timeout, a refused
/// connection, a certificate problem).
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "no answer within the timeout".to_string()
    } else {
        e.to_string()
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// One visit as the hub receives it ([`protocol::Visit`]).
pub fn visit(v: &QueuedVisit) -> protocol::Visit {
    protocol::Visit {
        id: v.id.clone(),
        at: rfc3339(floor_to_minute(v.at_ms)),
        purpose: v.purpose.clone(),
        errand: v.errand.clone(),
        language: v.language.clone(),
        survey: protocol::Survey {
            learned: v.learned,
            self_next_time: v.self_next_time,
            gender: v.gender,
        },
        checkin: v
            .checkin_unit
            .as_ref()
            .map(|u| protocol::Checkin { unit: u.clone() }),
        kind: v.kind,
        meanwhile: v.meanwhile,
    }
}

/// One visit as the hub receives it, as JSON.
pub fn visit_json(v: &QueuedVisit) -> Value {
    serde_json::to_value(visit(v)).unwrap_or(Value::Null)
}

/// What a round did with the content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ContentOutcome {
    /// Not asked this round.
    #[default]
    NotAsked,
    /// The hub has nothing newer (304).
    NotModified,
    /// The hub has no content for this kiosk (404 or 204): the package's
    /// guidance and the config's directory, or what came before, stay.
    NoContent,
    Applied {
        version: String,
        bundles: usize,
        /// Units and officers; `None`: the hub sends no directory.
        directory: Option<(usize, usize)>,
    },
    /// Invalid: the old content stays.
    Refused { reason: String },
}

/// What one round of sync did.
#[derive(Debug, Clone, Default)]
pub struct Round {
    pub visits_sent: usize,
    /// Sent, but not in the hub's `accepted`: tried again later.
    pub visits_not_accepted: usize,
    /// In the hub's `rejected` (bad on their own): marked done, never sent
    /// again, still in the kiosk's own figures.
    pub visits_rejected: usize,
    pub batches: usize,
    pub content: ContentOutcome,
    pub heartbeat: bool,
    /// Registrations the hub took (see [`register`]).
    pub registrations_sent: usize,
    /// Registrations the hub refused for good (400, 413): dropped.
    pub registrations_refused: usize,
    /// Why the round stopped early: the hub could not be used.
    pub error: Option<String>,
}

/// The guidance and directory in use.
#[derive(Debug, Clone)]
pub struct InUse {
    pub guidance: crate::content::Tree,
    pub directory: Directory,
}

/// The guidance and directory in use, as the store has them.
pub fn in_use(store: &Store, config: &Config) -> InUse {
    InUse {
        guidance: crate::content::load(Some(store), &config.kiosk.languages, &config.allowed()),
        directory: directory_in_use(Some(store), config),
    }
}

/// The directory in use: the hub's when it sent one, else the config's.
pub fn directory_in_use(store: Option<&Store>, config: &Config) -> Directory {
    let hub = store
        .and_then(|s| s.hub_state().ok())
        .and_then(|state| state.directory)
        .and_then(|text| content::stored_directory(&text, &config.allowed()));
    match hub {
        Some((units, officers)) => Directory::new(units, officers),
        None => Directory::new(config.units.clone(), config.officers.clone()),
    }
}

/// Failures in a row, and when the hub may be asked again.
#[derive(Debug, Default)]
struct Gate {
    failures: u32,
    not_before: Option<Instant>,
    /// The kind of failure last logged, and when.
    logged: Option<(String, Instant)>,
}

/// The sync engine: rounds of visits, content and heartbeat, with the
/// waits between them.
pub struct Sync {
    store: Store,
    client: Client,
    hub: Hub,
    languages: Vec<String>,
    /// What content from the hub may hold (officer domains, link hosts).
    allowed: entre_core::Allowed,
    started_at_ms: i64,
    gate: Gate,
    next_content: Option<Instant>,
    next_heartbeat: Option<Instant>,
    /// The ETag of content refused this run: not fetched again until the
    /// hub has something else.
    refused_etag: Option<String>,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, HubError> {
    super::worker::blocking(f).await.map_err(HubError::from)
}

impl Sync {
    /// The engine for `config`'s hub; `Ok(None)` when the hub is off.
    pub fn new(store: Store, config: &Config) -> Result<Option<Sync>, HubError> {
        let Some(client) = Client::new(&config.hub, &config.kiosk.id)? else {
            return Ok(None);
        };
        Ok(Some(Sync {
            store,
            client,
            hub: config.hub.clone(),
            languages: config.kiosk.languages.clone(),
            allowed: config.allowed(),
            started_at_ms: now_ms(),
            gate: Gate::default(),
            next_content: None,
            next_heartbeat: None,
            refused_etag: None,
        }))
    }

    fn every(&self) -> Duration {
        Duration::from_secs(self.hub.sync_every_s)
    }

    /// One round: every due visit in batches, then the content and the
    /// heartbeat when due (`force`: whether due or not).
    pub async fn round(&mut self, force: bool) -> Round {
        let mut round = Round::default();
        let result = self.round_inner(force, &mut round).await;
        match result {
            Ok(()) => {
                if self.gate.failures > 0 {
                    tracing::info!(failures = self.gate.failures, "the hub answers again");
                }
                self.gate = Gate::default();
                let store = self.store.clone();
                let now = now_ms();
                if let Err(e) = blocking(move || store.set_hub_synced(now)).await {
                    tracing::error!(error = %e, "cannot record the sync");
                }
            }
            Err((step, e)) => {
                round.error = Some(format!("{step}: {e}"));
                self.failed(step, &e).await;
            }
        }
        round
    }

    async fn round_inner(
        &mut self,
        force: bool,
        round: &mut Round,
    ) -> Result<(), (&'static str, HubError)> {
        self.send_visits(round).await.map_err(|e| ("visits", e))?;
        self.send_registrations(round)
            .await
            .map_err(|e| ("registrations", e))?;
        let now = Instant::now();
        if force || self.next_content.is_none_or(|t| now >= t) {
            round.content = self.fetch_content().await.map_err(|e| ("content", e))?;
            self.next_content = Some(now + self.every());
            if matches!(round.content, ContentOutcome::Refused { .. }) {
                // Reported in the heartbeat that follows at once.
                self.next_heartbeat = None;
            }
        }
        if force || self.next_heartbeat.is_none_or(|t| now >= t) {
            self.heartbeat().await.map_err(|e| ("heartbeat", e))?;
            round.heartbeat = true;
            self.next_heartbeat = Some(now + Duration::from_secs(self.hub.heartbeat_s));
        }
        Ok(())
    }

    /// Sends every visit due at the start, oldest first, in batches.
    async fn send_visits(&mut self, round: &mut Round) -> Result<(), HubError> {
        let now = now_ms();
        let mut cursor = None;
        loop {
            let store = self.store.clone();
            let limit = self.hub.batch_size as usize;
            let batch = blocking(move || store.due_visits(now, cursor, limit)).await?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            cursor = Some(last.cursor());
            let answer = self.client.post_batch(&batch).await?;
            round.batches += 1;
            let accepted: std::collections::HashSet<&str> =
                answer.accepted.iter().map(String::as_str).collect();
            // Bad on its own (the hub will never store it): an id in both
            // lists counts as accepted.
            let rejected: std::collections::HashMap<&str, &str> = answer
                .rejected
                .iter()
                .filter(|r| !accepted.contains(r.id.as_str()))
                .map(|r| (r.id.as_str(), r.reason.as_str()))
                .collect();
            let (sent, rest): (Vec<&QueuedVisit>, Vec<&QueuedVisit>) =
                batch.iter().partition(|v| accepted.contains(v.id.as_str()));
            let (rejected, refused): (Vec<&QueuedVisit>, Vec<&QueuedVisit>) = rest
                .into_iter()
                .partition(|v| rejected.contains_key(v.id.as_str()));
            for v in &rejected {
                let reason = answer
                    .rejected
                    .iter()
                    .find(|r| r.id == v.id)
                    .map_or("", |r| r.reason.as_str());
                // Marked done below, so never sent (nor logged) again.
                tracing::warn!(
                    visit = %entre_core::text::quote(&v.id),
                    reason = %entre_core::text::quote(reason),
                    "the hub rejected a visit; it is not sent again (the kiosk's own figures keep it)"
                );
            }
            round.visits_sent += sent.len();
            round.visits_rejected += rejected.len();
            round.visits_not_accepted += refused.len();
            let done: Vec<i64> = sent.iter().chain(&rejected).map(|v| v.outbox_id).collect();
            let store = self.store.clone();
            blocking(move || store.mark_visits_sent(&done, now_ms())).await?;
            if !refused.is_empty() {
                // Each visit the hub keeps refusing waits longer, up to an
                // hour, so that it never holds up the others.
                let attempts = refused.iter().map(|v| v.attempts).max().unwrap_or(0);
                let wait = self
                    .every()
                    .saturating_mul(1 << attempts.clamp(0, 6))
                    .min(MAX_RETRY_AFTER);
                let next = now_ms() + wait.as_millis() as i64;
                let ids: Vec<i64> = refused.iter().map(|v| v.outbox_id).collect();
                tracing::warn!(
                    visits = ids.len(),
                    wait_s = wait.as_secs(),
                    "the hub did not accept every visit; those are sent again later"
                );
                let store = self.store.clone();
                blocking(move || store.defer_visits(&ids, "not accepted by the hub", next)).await?;
            }
        }
    }

    async fn fetch_content(&mut self) -> Result<ContentOutcome, HubError> {
        let store = self.store.clone();
        let state = blocking(move || store.hub_state()).await?;
        let known = self.refused_etag.clone().or(state.etag.clone());
        let (etag, body) = match self.client.get_content(known.as_deref()).await? {
            None => return Ok(ContentOutcome::NotModified),
            Some(None) => return Ok(ContentOutcome::NoContent),
            Some(Some(found)) => found,
        };
        let languages = self.languages.clone();
        let allowed = self.allowed.clone();
        let checked =
            match tokio::task::spawn_blocking(move || content::check(&body, &languages, &allowed))
                .await
            {
                Ok(r) => r,
                Err(e) => Err(content::Refused(vec![format!("the check failed: {e}")])),
            };
        let checked = match checked {
            Ok(c) => c,
            Err(refused) => {
                let reason = refused.to_string();
                tracing::error!(problems = %reason, "hub content refused; the content in use stays");
                let what = format!("content refused: {reason}");
                let store = self.store.clone();
                blocking(move || store.record_hub_error(&what, now_ms())).await?;
                self.refused_etag = etag;
                return Ok(ContentOutcome::Refused { reason });
            }
        };
        self.refused_etag = None;
        // A hub that sends no ETag sends the same document every round:
        // the same version is not put in use again.
        if state.content_version.as_deref() == Some(checked.version.as_str()) && state.etag == etag
        {
            return Ok(ContentOutcome::NotModified);
        }
        let bundles = checked.guidance.len();
        let directory = checked
            .directory
            .as_ref()
            .map(|(_, units, officers)| (units.len(), officers.len()));
        let new = NewContent {
            version: checked.version.clone(),
            etag,
            guidance: checked.guidance,
            bundled: crate::content::bundled_rows(&self.languages, &self.allowed),
            directory: checked.directory.map(|(text, ..)| text),
        };
        let store = self.store.clone();
        blocking(move || store.apply_hub_content(&new, now_ms())).await?;
        let shown = crate::quote::cut(&checked.version);
        tracing::info!(version = %shown, bundles, ?directory, "hub content in use");
        Ok(ContentOutcome::Applied {
            version: checked.version,
            bundles,
            directory,
        })
    }

    async fn heartbeat(&mut self) -> Result<(), HubError> {
        let store = self.store.clone();
        let started = self.started_at_ms;
        let (body, last_id) = blocking(move || heartbeat_body(&store, started)).await?;
        self.client.heartbeat(&body).await?;
        if let Some(last) = last_id {
            let store = self.store.clone();
            blocking(move || store.mark_hub_errors_reported(last, now_ms())).await?;
        }
        Ok(())
    }

    /// Notes a failed round: when to try again, and a log line (once per
    /// kind of failure, again after an hour, never for every round).
    async fn failed(&mut self, step: &'static str, e: &HubError) {
        self.gate.failures += 1;
        let wait = match e {
            HubError::Auth(_) | HubError::Token(_) | HubError::Setup(_) => {
                AUTH_RETRY.max(self.every())
            }
            HubError::RateLimited(after) => after
                .unwrap_or(self.every())
                .clamp(Duration::from_secs(1), MAX_RETRY_AFTER),
            _ => super::worker::backoff_from(
                self.every(),
                MAX_BACKOFF,
                i64::from(self.gate.failures),
            ),
        };
        self.gate.not_before = Some(Instant::now() + wait);
        let kind = e.kind();
        let repeat = self
            .gate
            .logged
            .as_ref()
            .is_some_and(|(k, at)| *k == kind && at.elapsed() < LOG_REPEAT);
        if repeat {
            tracing::debug!(step, error = %e, wait_s = wait.as_secs(), "hub sync failed again");
            return;
        }
        self.gate.logged = Some((kind, Instant::now()));
        match e {
            HubError::Auth(_) | HubError::Token(_) | HubError::Setup(_) => {
                tracing::error!(step, error = %e, wait_s = wait.as_secs(), "hub sync refused; trying again slowly")
            }
            _ => {
                tracing::warn!(step, error = %e, wait_s = wait.as_secs(), "hub sync failed; visits stay queued")
            }
        }
        let what = format!("{step}: {e}");
        let store = self.store.clone();
        if let Err(e) = blocking(move || store.record_hub_error(&what, now_ms())).await {
            tracing::error!(error = %e, "cannot record the hub error");
        }
    }

    /// How long until the next round may run.
    pub fn wait(&self) -> Duration {
        match self.gate.not_before {
            Some(t) => t.saturating_duration_since(Instant::now()),
            None => self.every(),
        }
    }

    /// Runs for as long as the kiosk does; `changed` gets the guidance and
    /// directory in use whenever new content was applied.
    pub async fn run_forever(mut self, config: Arc<Config>, changed: impl Fn(InUse)) {
        loop {
            let round = self.round(false).await;
            if matches!(round.content, ContentOutcome::Applied { .. }) {
                let store = self.store.clone();
                let config = config.clone();
                let in_use = tokio::task::spawn_blocking(move || in_use(&store, &config)).await;
                if let Ok(in_use) = in_use {
                    changed(in_use);
                }
            }
            if round.visits_sent > 0 {
                tracing::info!(
                    visits = round.visits_sent,
                    batches = round.batches,
                    "visits delivered to the hub"
                );
            }
            self.sleep_sending_registrations().await;
        }
    }

    /// Waits until the next round; meanwhile, whenever woken
    /// ([`register::wake`]), sends the registrations due (one request
    /// each, whatever the backoff: a visitor is at the desk).
    async fn sleep_sending_registrations(&mut self) {
        let until = tokio::time::Instant::now() + self.wait();
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(until) => return,
                _ = register::woken() => {
                    let mut round = Round::default();
                    if let Err(e) = self.send_registrations(&mut round).await {
                        tracing::debug!(error = %e, "registrations not sent; tried again with the next round");
                    }
                }
            }
        }
    }
}

/// The heartbeat's body and the id of the last error it carries.
pub fn heartbeat_body(
    store: &Store,
    started_at_ms: i64,
) -> Result<(Value, Option<i64>), StoreError> {
    let mail_pending = store.mail_pending()?;
    let visits_pending = store.visits_pending()?;
    let oldest = store.oldest_pending_ms()?;
    let state = store.hub_state()?;
    let errors = store.unreported_hub_errors(ERRORS_PER_HEARTBEAT)?;
    let last_id = errors.last().map(|(id, ..)| *id);
    let body = protocol::Heartbeat {
        version: env!("CARGO_PKG_VERSION").into(),
        started_at: rfc3339(started_at_ms),
        outbox: protocol::Outbox {
            mail_pending: mail_pending.max(0) as u64,
            visits_pending: visits_pending.max(0) as u64,
            // Minutes, like a visit's `at` (it may be a visit's time).
            oldest_pending_at: oldest.map(|ms| rfc3339(floor_to_minute(ms))),
        },
        last_errors: errors
            .iter()
            .map(|(_, at, what)| protocol::ErrorReport {
                at: rfc3339(*at),
                what: what.clone(),
            })
            .collect(),
        content_version: state.content_version,
    };
    // Written as before: a JSON object (what `heartbeat` sends).
    let body = serde_json::to_value(body).unwrap_or(Value::Null);
    Ok((body, last_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn tokens_are_visible_ascii() {
        assert_eq!(valid_token(" abc \n").unwrap(), "abc");
        assert!(valid_token("").is_err());
        assert!(valid_token("a\r\nX-Evil: 1").is_err());
    }

    #[test]
    fn times_are_rfc3339_utc_with_milliseconds() {
        assert_eq!(rfc3339(1_764_407_643_512), "2025-11-29T09:14:03.512Z");
    }

    #[test]
    fn visit_times_are_floored_to_the_minute() {
        assert_eq!(
            rfc3339(floor_to_minute(1_764_407_643_512)),
            "2025-11-29T09:14:00.000Z"
        );
        assert_eq!(floor_to_minute(1_764_407_640_000), 1_764_407_640_000);
        assert_eq!(floor_to_minute(1_764_407_699_999), 1_764_407_640_000);
    }
}
