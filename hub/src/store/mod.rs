//! Storage: one trait, [`Store`], with two engines: [`sqlite`] (rusqlite,
//! WAL; the embedded default) and [`postgres`] (tokio-postgres with
//! deadpool-postgres; for several hub instances). Migrations are numbered
//! SQL files per engine under `hub/migrations/<engine>/`.
//!
//! Every method is one transaction: all of it is stored, or nothing.
//! Times are Unix milliseconds (UTC). Nothing here knows HTTP or HTML.

mod codec;
pub mod postgres;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;

/// Unix time in milliseconds (UTC).
pub type Ms = i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached, is locked past its busy timeout, or
    /// a connection failed: transient. The kiosk protocol answers 503 with
    /// Retry-After; a command says so and exits 1.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// A row that must be new exists (a kiosk id, a user name).
    #[error("{0}")]
    Conflict(String),
    /// A row that must exist does not (a content version, a user).
    #[error("{0}")]
    NotFound(String),
    /// Anything else (a broken schema, a corrupt file): logged, 500.
    #[error("database error: {0}")]
    Other(String),
}

/// Opens the store named by `[database] url`: `sqlite://PATH` (created and
/// migrated) or `postgres://…` (migrated; `password` from the config's
/// password file). Migrations run on open, safe to run from several
/// instances at once.
pub async fn open(url: &str, password: Option<&str>) -> Result<Arc<dyn Store>, StoreError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        Ok(Arc::new(
            sqlite::SqliteStore::open(std::path::Path::new(path)).await?,
        ))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStore::open(url, password).await?))
    } else {
        Err(StoreError::Other(format!(
            "unknown database url scheme (sqlite:// or postgres://): {}",
            entre_core::text::quote(url)
        )))
    }
}

/// A kiosk registered by IT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kiosk {
    pub id: String,
    pub office: String,
    pub added_ms: Ms,
    /// Set once revoked; a revoked kiosk's token is refused (401).
    pub revoked_ms: Option<Ms>,
    /// The last heartbeat received, if any.
    pub heartbeat: Option<HeartbeatRow>,
}

/// A kiosk's last heartbeat as stored (docs/hub-protocol.md, Heartbeat).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatRow {
    pub received_ms: Ms,
    /// The Entré version the kiosk runs.
    pub version: String,
    pub started_ms: Option<Ms>,
    pub mail_pending: i64,
    pub visits_pending: i64,
    pub oldest_pending_ms: Option<Ms>,
    /// The heartbeat's `last_errors`, as `(at_ms, what)`, oldest first.
    pub last_errors: Vec<(Ms, String)>,
    /// The hub content version in use, or `None` (the package's).
    pub content_version: Option<String>,
}

/// One visit as stored: exactly the protocol's fields, plus where it came
/// from. No personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    /// The kiosk's random UUID; unique across the city, stored once.
    pub id: String,
    pub kiosk: String,
    pub office: String,
    /// Floored to the minute by the kiosk.
    pub at_ms: Ms,
    pub purpose: String,
    pub errand: Option<String>,
    pub language: String,
    pub learned: Option<bool>,
    pub self_next_time: Option<bool>,
    /// For a check-in, the unit id.
    pub checkin_unit: Option<String>,
    /// The optional "Are you …" answer (`None`: skipped or not asked).
    pub gender: Option<Gender>,
    /// A visit, or a survey answer given on its own (never a visit).
    pub kind: VisitKind,
    /// A walk-in opened the "start meanwhile" steps before the guide came.
    pub meanwhile: bool,
}

/// What a content version carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// Guidance bundles (city-wide, or an office's overrides).
    Guidance,
    /// An office's directory (units and officers).
    Directory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentStatus {
    /// Imported, not yet published.
    Draft,
    /// In use: the latest published version of its office (or the city)
    /// and kind.
    Published,
    /// Was published, replaced by a later publication (can be published
    /// again: roll back).
    Retired,
}

/// One numbered content version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentVersion {
    /// 1, 2, 3 … across the whole hub.
    pub number: i64,
    pub kind: ContentKind,
    /// `None`: city-wide.
    pub office: Option<String>,
    pub status: ContentStatus,
    pub imported_by: String,
    pub imported_ms: Ms,
    /// The last publication of this version, if any.
    pub published_by: Option<String>,
    pub published_ms: Option<Ms>,
    /// Set when someone other than the importer published it.
    pub reviewed_by: Option<String>,
    /// What changed against the version in use when it was imported
    /// (errands added, changed or removed, per language), one line.
    pub summary: String,
}

/// A version to store as a draft.
#[derive(Debug, Clone)]
pub struct NewContent {
    pub kind: ContentKind,
    pub office: Option<String>,
    pub imported_by: String,
    pub imported_ms: Ms,
    pub summary: String,
    /// The checked content as JSON: for guidance, `{lang: {errand: bundle
    /// TOML text}}`; for a directory, `{"units": […], "officers": […]}`.
    pub payload: String,
}

/// The published versions an office's kiosks are served: the city's
/// guidance, the office's guidance overrides and the office's directory,
/// each `(number, payload)` if one is published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    pub city_guidance: Option<(i64, String)>,
    pub office_guidance: Option<(i64, String)>,
    pub directory: Option<(i64, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Guide,
    Manager,
    Editor,
    Admin,
}

impl Role {
    pub const NAMES: &[&str] = &["guide", "manager", "editor", "admin"];
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "guide" => Role::Guide,
            "manager" => Role::Manager,
            "editor" => Role::Editor,
            "admin" => Role::Admin,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// The office a guide or manager belongs to; `None` for the city.
    pub office: Option<String>,
    /// argon2id PHC string; `None` until set through the one-time link.
    pub password_hash: Option<String>,
    /// SHA-256 of a one-time setup token, and when it expires.
    pub setup_token_sha256: Option<[u8; 32]>,
    pub setup_expires_ms: Option<Ms>,
    pub added_ms: Ms,
}

/// A signed-in session (the cookie holds the token; only its SHA-256 is
/// stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_sha256: [u8; 32],
    pub user: String,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    pub expires_ms: Ms,
}

/// Where a registration stands on the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloorState {
    /// On the floor, nobody has taken it yet.
    Waiting,
    /// A guide has taken it ("Jag tar den").
    Claimed,
    /// Closed: the guide helped ("Klar").
    Done,
    /// Closed: the visitor left before help ("Gick innan hjälp").
    Left,
    /// Closed at `close_at` while still waiting or claimed ("not met").
    NotMet,
    /// Never on the floor: the kiosk sent the visitor to the desk
    /// (`floor: false`). Counted, never shown.
    Desk,
}

impl FloorState {
    pub const NAMES: &[&str] = &["waiting", "claimed", "done", "left", "not_met", "desk"];
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
    pub fn parse(s: &str) -> Option<FloorState> {
        Some(match s {
            "waiting" => FloorState::Waiting,
            "claimed" => FloorState::Claimed,
            "done" => FloorState::Done,
            "left" => FloorState::Left,
            "not_met" => FloorState::NotMet,
            "desk" => FloorState::Desk,
            _ => return None,
        })
    }
    /// Waiting or claimed: shown on the floor.
    pub fn open(self) -> bool {
        matches!(self, FloorState::Waiting | FloorState::Claimed)
    }
}

pub use entre_core::protocol::{
    CheckinUnreached, Gender, Need, RegistrationKind, Unreached, VisitKind, Zone,
};

/// One registration: a walk-in (from a kiosk, or registered by a guide on
/// the floor page), or a check-in whose officer was not reached. No
/// visitor name, nothing a visitor typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRow {
    /// The kiosk's UUID, or one the hub made (registered by a guide).
    pub id: String,
    pub office: String,
    /// The kiosk it came from; `None` when a guide registered it.
    pub kiosk: Option<String>,
    /// The guide who registered it on the floor page, if one did.
    pub registered_by: Option<String>,
    /// When the visitor registered (the waiting time counts from it).
    pub at_ms: Ms,
    pub kind: RegistrationKind,
    pub errand: Option<String>,
    pub language: String,
    pub needs: Vec<Need>,
    pub zone: Option<Zone>,
    pub checkin: Option<CheckinUnreached>,
    /// Given by the hub: unique per office per local day.
    pub code: String,
    pub state: FloorState,
    /// Who claimed it, and when: kept when it is closed, cleared when the
    /// claim is released (the visitor waits on, and the wait counts on
    /// from `at_ms` to the next claim).
    pub claimed_by: Option<String>,
    pub claimed_ms: Option<Ms>,
    /// When it was closed (done, left, not met; desk: when stored).
    pub closed_ms: Option<Ms>,
}

/// A registration to store ([`Store::registration_add`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegistration {
    pub id: String,
    pub office: String,
    pub kiosk: Option<String>,
    pub registered_by: Option<String>,
    pub at_ms: Ms,
    pub kind: RegistrationKind,
    pub errand: Option<String>,
    pub language: String,
    pub needs: Vec<Need>,
    pub zone: Option<Zone>,
    pub checkin: Option<CheckinUnreached>,
    /// `false`: for the figures only, never on the floor (state `Desk`);
    /// an open row with this id is taken off the floor.
    pub floor: bool,
    /// The office's local day the code must be unique in, e.g.
    /// `2026-12-02` (the caller knows the time zone).
    pub day: String,
}

/// What a guide does to a registration on the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorAction {
    /// "Jag tar den": only a waiting registration can be claimed.
    Claim,
    /// "Lämna tillbaka": a claimed one goes back to waiting.
    Release,
    /// "Klar": a claimed one is closed as done.
    Done,
    /// "Gick innan hjälp": a waiting or claimed one is closed as left.
    Left,
}

/// The answer to a [`FloorAction`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorOutcome {
    /// Done; the row as it is now.
    Changed(RegistrationRow),
    /// Not possible from the state the row is in (e.g. someone else
    /// claimed it a moment earlier): the row as it is now, so that the
    /// page can say who has it.
    Refused(RegistrationRow),
}

/// The anonymous facts of a registration, kept after the registration
/// itself is deleted (`[privacy] floor_retention_days`): what the figures
/// need and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorFact {
    pub office: String,
    pub at_ms: Ms,
    pub kind: RegistrationKind,
    pub errand: Option<String>,
    pub language: String,
    /// The final state, or the current one while still open.
    pub state: FloorState,
    /// Registered → claimed, if it is claimed or was closed from a claim (a
    /// released claim is not counted: the visitor waited on).
    pub wait_ms: Option<Ms>,
    /// Claimed → closed, if it was closed after a claim.
    pub service_ms: Option<Ms>,
}

/// The hub's storage. One implementation per engine; every test of it runs
/// on both (hub/tests/store.rs).
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// "sqlite" or "postgres".
    fn engine(&self) -> &'static str;

    // Kiosks.
    /// Registers a kiosk. `Conflict` if the id exists (revoked or not).
    async fn kiosk_add(
        &self,
        id: &str,
        office: &str,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<(), StoreError>;
    /// Revokes a kiosk's token; `NotFound` for an unknown id. Revoking twice
    /// keeps the first time.
    async fn kiosk_revoke(&self, id: &str, now: Ms) -> Result<(), StoreError>;
    /// Every kiosk, by id, with its last heartbeat.
    async fn kiosks(&self) -> Result<Vec<Kiosk>, StoreError>;
    /// The kiosk (not revoked) whose token has this SHA-256.
    async fn kiosk_by_token(&self, token_sha256: [u8; 32]) -> Result<Option<Kiosk>, StoreError>;
    /// Replaces the kiosk's last heartbeat.
    async fn heartbeat(&self, kiosk: &str, beat: &HeartbeatRow) -> Result<(), StoreError>;

    // Visits.
    /// Stores the visits whose id is new, in one transaction; an id already
    /// stored (from any kiosk, any instance) is left as it is. When this
    /// returns Ok every id in `visits` is stored durably.
    async fn visits_add(&self, visits: &[VisitRow]) -> Result<(), StoreError>;
    /// Visits with `from <= at_ms < to`, of one office or all, ordered by
    /// `at_ms` then id.
    async fn visits(
        &self,
        office: Option<&str>,
        from: Ms,
        to: Ms,
    ) -> Result<Vec<VisitRow>, StoreError>;

    // Content.
    /// Stores a draft and returns its number.
    async fn content_add(&self, new: NewContent) -> Result<i64, StoreError>;
    /// Every version, newest first.
    async fn content_versions(&self) -> Result<Vec<ContentVersion>, StoreError>;
    /// One version and its payload.
    async fn content_version(
        &self,
        number: i64,
    ) -> Result<Option<(ContentVersion, String)>, StoreError>;
    /// Publishes version `number` (a draft, or an earlier one: roll back):
    /// it becomes the one in use for its office (or the city) and kind, the
    /// one before is retired. `reviewed_by` is set when `who` is not the
    /// importer. `NotFound` for an unknown number.
    async fn content_publish(&self, number: i64, who: &str, now: Ms) -> Result<(), StoreError>;
    /// What an office's kiosks are served now.
    async fn content_live(&self, office: &str) -> Result<Live, StoreError>;

    // Staff.
    /// `Conflict` if the name exists.
    async fn user_add(&self, user: &User) -> Result<(), StoreError>;
    async fn user(&self, name: &str) -> Result<Option<User>, StoreError>;
    async fn users(&self) -> Result<Vec<User>, StoreError>;
    /// The user whose setup token has this SHA-256 and has not expired.
    async fn user_by_setup_token(
        &self,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<Option<User>, StoreError>;
    /// Sets the password hash and clears the setup token.
    async fn user_set_password(&self, name: &str, hash: &str) -> Result<(), StoreError>;
    async fn session_add(&self, session: &Session) -> Result<(), StoreError>;
    /// The session with this token hash, if it has not expired at `now`.
    async fn session(&self, token_sha256: [u8; 32], now: Ms)
    -> Result<Option<Session>, StoreError>;
    async fn session_delete(&self, token_sha256: [u8; 32]) -> Result<(), StoreError>;
    /// Records a failed login for `key` (`user:NAME` or `addr:IP`).
    async fn login_failed(&self, key: &str, now: Ms) -> Result<(), StoreError>;
    /// Failed logins for `key` since `since`.
    async fn login_failures(&self, key: &str, since: Ms) -> Result<u32, StoreError>;
    /// Forgets `key`'s failures (after a successful login).
    async fn login_clear(&self, key: &str) -> Result<(), StoreError>;

    /// The numbers of what an office's kiosks are served now (city
    /// guidance, office guidance, directory), as [`Store::content_live`]
    /// without the payloads: the cheap check behind a `304`.
    async fn content_live_numbers(
        &self,
        office: &str,
    ) -> Result<(Option<i64>, Option<i64>, Option<i64>), StoreError> {
        let live = self.content_live(office).await?;
        Ok((
            live.city_guidance.map(|x| x.0),
            live.office_guidance.map(|x| x.0),
            live.directory.map(|x| x.0),
        ))
    }

    // The floor (walk-in registrations). Every change below is seen by
    // `floor_subscribe` on every instance sharing this database.

    /// Stores a registration and gives it a code, unique for its office and
    /// `day`, chosen at random among the codes not yet used (`Conflict`
    /// when all 1 536 are used). An id already stored returns its code
    /// again (and, with `floor: false`, takes an open row off the floor:
    /// state `Desk`). `ahead` counts the office's waiting registrations
    /// registered before this one; `wait_min` is the median wait of the
    /// office's recent claims (`None` with too few).
    async fn registration_add(
        &self,
        new: &NewRegistration,
        now: Ms,
    ) -> Result<entre_core::protocol::Registered, StoreError>;
    /// The open registrations (waiting or claimed) of one office or all,
    /// oldest first.
    async fn floor(&self, office: Option<&str>) -> Result<Vec<RegistrationRow>, StoreError>;
    /// One registration by id.
    async fn registration(&self, id: &str) -> Result<Option<RegistrationRow>, StoreError>;
    /// A guide's action, atomic: of two guides claiming the same waiting
    /// row at once (on any instances) exactly one gets `Changed`, the
    /// other `Refused` with the winner in `claimed_by`. Claim: waiting →
    /// claimed; release: claimed → waiting (the claim cleared); done:
    /// claimed → done; left: waiting or claimed → left; anything else is
    /// `Refused` (any guide may close another's claim). `NotFound` for an
    /// unknown id.
    async fn floor_act(
        &self,
        id: &str,
        who: &str,
        action: FloorAction,
        now: Ms,
    ) -> Result<FloorOutcome, StoreError>;
    /// Closes every open registration of `office` registered before
    /// `before` as `NotMet` (closing time); how many.
    async fn floor_close_open(&self, office: &str, before: Ms, now: Ms) -> Result<u64, StoreError>;
    /// Deletes registrations registered before `before` that are closed
    /// (their [`FloorFact`]s are kept); how many.
    async fn floor_purge(&self, before: Ms) -> Result<u64, StoreError>;
    /// The facts of registrations with `from <= at_ms < to` (deleted ones
    /// included), of one office or all, ordered by `at_ms`.
    async fn floor_facts(
        &self,
        office: Option<&str>,
        from: Ms,
        to: Ms,
    ) -> Result<Vec<FloorFact>, StoreError>;
    /// The offices whose floor changed, from this instance and every other
    /// on the same database, each within about 250 ms of the change
    /// (PostgreSQL: LISTEN/NOTIFY; SQLite: a change counter polled every
    /// 200 ms, this instance's own changes at once). The listener starts
    /// at the first call; later calls get receivers of the same sender.
    /// Changes before the first call are not sent. A receiver that falls
    /// far behind gets `Lagged`, and after the PostgreSQL listener lost its
    /// connection every office with registrations is sent: reload then.
    async fn floor_subscribe(&self)
    -> Result<tokio::sync::broadcast::Receiver<String>, StoreError>;
}
