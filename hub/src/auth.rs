//! Staff authentication: the one module single sign-on (OIDC against the
//! city's identity provider, planned) will plug into. Everything else asks
//! this module who is signed in ([`Staff`]) and whether a role may do
//! something; nothing else reads a cookie, a password or a session.
//!
//! - Passwords: argon2id PHC strings ([`hash_password`], [`verify`]).
//! - Sessions: a random 256-bit token in an `HttpOnly`, `SameSite=Strict`
//!   cookie (`Secure` when the hub serves TLS itself); only its SHA-256 is
//!   stored; a session ends after [`SESSION_MS`] or at logout.
//! - CSRF: each session has its own token, carried by every form and
//!   checked on every POST ([`Staff::check_csrf`]). Forms shown before a
//!   session exists (login, setting a password from a one-time link) use a
//!   double-submit token: a random value in a `SameSite=Strict` cookie that
//!   the form must repeat ([`FormToken`]).
//! - Throttling: after [`MAX_FAILURES_USER`] failed logins for one account,
//!   or [`MAX_FAILURES_ADDR`] from one client address, within
//!   [`WINDOW_MS`], logins are refused for the rest of the window with the
//!   same plain answer whether or not the account exists.
//! - One-time links: `entre-hub user add NAME --link` stores the SHA-256 of
//!   a random token, valid [`SETUP_MS`]; `/setup/<token>` sets the password.
//!
//! For OIDC, a callback handler would look the user up by the identity
//! provider's subject and call [`start_session`]; the rest stays as it is.

use std::net::{IpAddr, SocketAddr};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

use crate::state::{AppState, now_ms};
use crate::store::{Ms, Role, Session, StoreError, User};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "entre_hub_session";
/// The pre-session form token's cookie (login, one-time link).
pub const FORM_COOKIE: &str = "entre_hub_form";
/// How long a session lasts: 12 hours, a working day.
pub const SESSION_MS: Ms = 12 * 3600 * 1000;
/// How long a one-time link to set a password is valid: 24 hours.
pub const SETUP_MS: Ms = 24 * 3600 * 1000;
/// The throttling window: 15 minutes.
pub const WINDOW_MS: Ms = 15 * 60 * 1000;
/// Failed logins per account within [`WINDOW_MS`] before it is refused.
pub const MAX_FAILURES_USER: u32 = 5;
/// Failed logins per client address within [`WINDOW_MS`] before it is
/// refused. Higher than per account: an office's staff often share one
/// address (NAT), and one person's typos must not lock out the others.
pub const MAX_FAILURES_ADDR: u32 = 20;
/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted (argon2 hashes anything, but a megabyte
/// of password is an attack, not a password).
pub const MAX_PASSWORD_CHARS: usize = 200;

/// A new random 256-bit token, as 64 lowercase hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex(&bytes)
}

/// The SHA-256 of a token: what the database keeps instead of the token.
pub fn token_sha256(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `password` is one we accept to store; else why not, in Swedish
/// (shown on the page) and English (printed by the command) alike.
pub fn password_problem(password: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Some("Lösenordet måste ha minst 12 tecken.")
    } else if n > MAX_PASSWORD_CHARS {
        Some("Lösenordet får ha högst 200 tecken.")
    } else if password.chars().any(char::is_control) {
        Some("Lösenordet får inte innehålla styrtecken.")
    } else {
        None
    }
}

/// An argon2id hash of `password` (PHC string, with its own random salt
/// and the crate's default cost). Slow on purpose: call it off the async
/// threads ([`tokio::task::spawn_blocking`]).
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random source");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id with default parameters")
        .to_string()
}

/// Whether `password` matches the PHC string `hash`. A malformed hash
/// matches nothing.
pub fn verify(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash that matches no password, verified when the account does not
/// exist so that the answer takes as long as for one that does.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&new_token()))
}

/// Constant-time equality of two strings (CSRF tokens).
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Strict`, `Path=/`, and
/// `Secure` when the hub serves TLS.
fn set_cookie(name: &str, value: &str, max_age_s: i64, tls: bool) -> HeaderValue {
    let secure = if tls { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}"
    ))
    .expect("cookie values are hex")
}

/// The cookie that ends the session in the browser.
pub fn clear_session_cookie(tls: bool) -> HeaderValue {
    set_cookie(SESSION_COOKIE, "", 0, tls)
}

/// The client's address for throttling: the peer's, or, when the peer is
/// a reverse proxy on this machine (loopback), the last address it put in
/// `X-Forwarded-For` (the one it saw; earlier entries are the client's
/// say). `None` when the server was not started with connect info.
pub fn client_addr(parts: &Parts) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())?;
    if peer.is_loopback() {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        if let Some(ip) = forwarded {
            return Some(ip);
        }
    }
    Some(peer)
}

/// The client's address (see [`client_addr`]), as an extractor.
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_addr(parts)))
    }
}

/// Why a login did not start a session.
#[derive(Debug)]
pub enum LoginError {
    /// Wrong name or password (the same answer for both).
    Wrong,
    /// Too many failures for this account or address; try again later.
    Throttled,
    /// The database is unavailable (503).
    Store(StoreError),
}

impl From<StoreError> for LoginError {
    fn from(e: StoreError) -> Self {
        LoginError::Store(e)
    }
}

/// A new session: the token for the cookie (never stored) and the
/// `Set-Cookie` header carrying it.
pub struct NewSession {
    pub cookie: HeaderValue,
}

/// Starts a session for `user` (after a password, or later after OIDC).
pub async fn start_session(state: &AppState, user: &str) -> Result<NewSession, StoreError> {
    let token = new_token();
    let session = Session {
        token_sha256: token_sha256(&token),
        user: user.to_string(),
        csrf: new_token(),
        expires_ms: now_ms() + SESSION_MS,
    };
    state.store.session_add(&session).await?;
    Ok(NewSession {
        cookie: set_cookie(SESSION_COOKIE, &token, SESSION_MS / 1000, state.tls),
    })
}

/// Checks a name and password, throttled per account and per address,
/// and starts a session.
pub async fn login(
    state: &AppState,
    name: &str,
    password: &str,
    addr: Option<IpAddr>,
) -> Result<NewSession, LoginError> {
    let now = now_ms();
    let since = now - WINDOW_MS;
    let user_key = format!("user:{name}");
    let addr_key = addr.map(|a| format!("addr:{a}"));
    if state.store.login_failures(&user_key, since).await? >= MAX_FAILURES_USER {
        return Err(LoginError::Throttled);
    }
    if let Some(key) = &addr_key
        && state.store.login_failures(key, since).await? >= MAX_FAILURES_ADDR
    {
        return Err(LoginError::Throttled);
    }
    let user = state.store.user(name).await?;
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_string());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify(&hash, &password))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|u| ok && u.password_hash.is_some()) else {
        state.store.login_failed(&user_key, now).await?;
        if let Some(key) = &addr_key {
            state.store.login_failed(key, now).await?;
        }
        return Err(LoginError::Wrong);
    };
    // Only the account's count is forgotten: one good login from an address
    // must not reset the count of guesses against other accounts from it.
    state.store.login_clear(&user_key).await?;
    Ok(start_session(state, &user.name).await?)
}

/// Ends the session (logout). The browser's cookie is cleared by the
/// response ([`clear_session_cookie`]).
pub async fn end_session(state: &AppState, staff: &Staff) -> Result<(), StoreError> {
    state.store.session_delete(staff.session.token_sha256).await
}

/// A one-time link's token for a new user, its SHA-256 and expiry, for
/// `entre-hub user add --link`.
pub fn new_setup_token(now: Ms) -> (String, [u8; 32], Ms) {
    let token = new_token();
    let sha = token_sha256(&token);
    (token, sha, now + SETUP_MS)
}

/// The signed-in staff member: their account and session. An axum
/// extractor: a request without a valid session is sent to the login page
/// (GET) or refused (anything else).
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub session: Session,
}

impl Staff {
    /// Whether this user's role may use `what`.
    pub fn may(&self, what: Area) -> bool {
        may(self.user.role, what)
    }

    /// The session's CSRF token, for a form's hidden field.
    pub fn csrf(&self) -> &str {
        &self.session.csrf
    }

    /// Checks a form's CSRF token against the session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), Denied> {
        if same(&self.session.csrf, token) {
            Ok(())
        } else {
            Err(Denied::Csrf)
        }
    }

    /// `Ok` if the role may use `what`, else [`Denied::Role`] (403).
    pub fn require(&self, what: Area) -> Result<(), Denied> {
        if self.may(what) {
            Ok(())
        } else {
            Err(Denied::Role)
        }
    }

    /// The office whose figures this user may see: a manager's own;
    /// an admin's is whatever they ask (`None` here).
    pub fn office(&self) -> Option<&str> {
        self.user.office.as_deref()
    }
}

/// What a page or action is about; [`may`] decides who may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// The walk-in floor of one's office (guides; next issue).
    Floor,
    /// Figures (managers: their office; admins: any).
    Stats,
    /// Content versions: import, publish, roll back.
    Content,
    /// Kiosks and their heartbeats.
    Fleet,
}

/// The rule for every page: guides see the floor of their office,
/// managers their office's figures (and floor), editors content, admins
/// everything.
pub fn may(role: Role, what: Area) -> bool {
    match role {
        Role::Admin => true,
        Role::Editor => what == Area::Content,
        Role::Manager => matches!(what, Area::Stats | Area::Floor),
        Role::Guide => what == Area::Floor,
    }
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Not signed in (or the session expired).
    NotSignedIn,
    /// The role may not use this (403).
    Role,
    /// A form's CSRF token is missing or wrong (403).
    Csrf,
    /// The database is unavailable (503).
    Unavailable,
    /// Anything else (500; logged).
    Internal,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Denied;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Denied> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(Denied::NotSignedIn)?;
        if token.len() != 64 {
            return Err(Denied::NotSignedIn);
        }
        let now = now_ms();
        let store_err = |e: StoreError| match e {
            StoreError::Unavailable(_) => Denied::Unavailable,
            e => {
                tracing::error!("session lookup: {e}");
                Denied::Internal
            }
        };
        let session = state
            .store
            .session(token_sha256(token), now)
            .await
            .map_err(store_err)?
            .ok_or(Denied::NotSignedIn)?;
        let user = state
            .store
            .user(&session.user)
            .await
            .map_err(store_err)?
            .ok_or(Denied::NotSignedIn)?;
        Ok(Staff { user, session })
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for Staff {
    type Rejection = Denied;

    /// `None` when not signed in; a store fault is still an error.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Denied> {
        match <Staff as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(staff) => Ok(Some(staff)),
            Err(Denied::NotSignedIn) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A form token for forms shown before a session exists (login, one-time
/// link): the value in the [`FORM_COOKIE`] cookie if the browser has one,
/// else a new one to set with [`FormToken::set_cookie`].
pub struct FormToken {
    pub value: String,
    /// Whether the cookie must be (re)set by the response.
    pub is_new: bool,
}

impl FormToken {
    pub fn from_headers(headers: &HeaderMap) -> FormToken {
        match cookie(headers, FORM_COOKIE).filter(|v| v.len() == 64) {
            Some(v) => FormToken {
                value: v.to_string(),
                is_new: false,
            },
            None => FormToken {
                value: new_token(),
                is_new: true,
            },
        }
    }

    /// The `Set-Cookie` value (a session cookie: gone when the browser
    /// closes).
    pub fn set_cookie(&self, tls: bool) -> HeaderValue {
        let secure = if tls { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{FORM_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}",
            self.value
        ))
        .expect("hex")
    }

    /// Checks a submitted form's token against the browser's cookie.
    pub fn check(headers: &HeaderMap, submitted: &str) -> Result<(), Denied> {
        match cookie(headers, FORM_COOKIE) {
            Some(v) if v.len() == 64 && same(v, submitted) => Ok(()),
            _ => Err(Denied::Csrf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let h = hash_password("korrekt häst batteri");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify(&h, "korrekt häst batteri"));
        assert!(!verify(&h, "korrekt häst batteri "));
        assert!(!verify("not a hash", "x"));
        assert_ne!(h, hash_password("korrekt häst batteri"), "salted");
    }

    #[test]
    fn tokens_are_256_bits_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_ne!(token_sha256(&a), token_sha256(&b));
    }

    #[test]
    fn roles_see_only_their_areas() {
        use Area::*;
        assert!(may(Role::Guide, Floor) && !may(Role::Guide, Content));
        assert!(!may(Role::Guide, Stats) && !may(Role::Guide, Fleet));
        assert!(may(Role::Manager, Stats) && !may(Role::Manager, Content));
        assert!(may(Role::Editor, Content) && !may(Role::Editor, Stats));
        assert!(!may(Role::Editor, Fleet));
        assert!(
            [Floor, Stats, Content, Fleet]
                .iter()
                .all(|a| may(Role::Admin, *a))
        );
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; entre_hub_session=abc; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
