//! hub.toml: schema, checks (PATH:LINE:COL, unknown keys refused, as
//! kiosk.toml, with the same walker: `entre_core::toml_walk`) and
//! defaults. Relative paths are relative to the config's folder.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use entre_core::toml_walk::{
    DeValue, Problem, Section, Walker, array_of_tables, optional_table, read_id, sorted, table,
};

/// The checked hub.toml.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// The file it was read from, and its folder (relative paths).
    pub path: PathBuf,
    pub dir: PathBuf,
    pub server: Server,
    pub database: Database,
    /// `[[office]]`, in file order.
    pub offices: Vec<Office>,
    /// `[mail] allowed_domains` and `[content] allowed_link_hosts`, as in
    /// kiosk.toml: the same checks of officer addresses and links.
    pub allowed: entre_core::Allowed,
    /// `[content] languages`: every errand must come in Swedish and each
    /// of these (the languages the city's kiosks offer).
    pub languages: Vec<String>,
    /// `[stats]`: the local time zone figures are counted in, and the
    /// egenmakt targets (per cent).
    pub timezone: String,
    pub target_learned: u32,
    pub target_self_next_time: u32,
    /// `[demo]`, only in the bundled demo file.
    pub demo: Option<Demo>,
    /// `[floor]`: the city's defaults for every office's floor (an office
    /// may override them in its own `floor` table).
    pub floor: FloorSettings,
    /// `[privacy] floor_retention_days` (default 30): registrations older
    /// than this are deleted; only their anonymous facts (office, time,
    /// kind, errand, language, outcome, waiting and service time) are kept.
    pub floor_retention_days: u32,
    /// `[privacy] min_cell` (default 5): a figure counting fewer visitors
    /// than this (but not 0) is shown as "–", with its complements.
    pub min_cell: u32,
}

/// How an office's floor behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloorSettings {
    /// `wait_warn_min` (default 15): a row waiting longer is coloured.
    pub wait_warn_min: u32,
    /// `close_at = "HH:MM"` (local time, `[stats] timezone`): registrations
    /// still open then are closed as "not met". `None`: not closed.
    pub close_at: Option<(u8, u8)>,
}

impl Default for FloorSettings {
    fn default() -> Self {
        FloorSettings {
            wait_warn_min: 15,
            close_at: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Server {
    pub listen: SocketAddr,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Database {
    /// `sqlite://PATH` (resolved against the config's folder) or
    /// `postgres://…`.
    pub url: String,
    /// For PostgreSQL: the password is read from this file.
    pub password_file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub id: String,
    pub name: String,
    /// The office's `floor` table over `[floor]`: `None` where it says
    /// nothing (the city's default applies; see [`HubConfig::floor`]).
    pub wait_warn_min: Option<u32>,
    pub close_at: Option<(u8, u8)>,
}

#[derive(Debug, Clone)]
pub struct Demo {
    /// The demo office's id (`demo`).
    pub office: String,
    /// The demo kiosk's id (`demo-entre-1`) and where its token is written
    /// (`var/demo-hub-token`).
    pub kiosk: String,
    pub token_file: PathBuf,
    /// The demo admin's name.
    pub admin: String,
    /// The guidance imported and published for the demo office at first
    /// start (the kiosk's bundled guidance), and the kiosk.toml whose units
    /// and officers become its directory.
    pub guidance_dir: PathBuf,
    pub directory_from: PathBuf,
}

impl HubConfig {
    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == id)
    }

    /// The floor settings of an office: its own, else the city's.
    pub fn floor_of(&self, office: &str) -> FloorSettings {
        let o = self.office(office);
        FloorSettings {
            wait_warn_min: o
                .and_then(|o| o.wait_warn_min)
                .unwrap_or(self.floor.wait_warn_min),
            close_at: o.and_then(|o| o.close_at).or(self.floor.close_at),
        }
    }

    /// The PostgreSQL password from `[database] password_file` (surrounding
    /// white space removed), `None` without one.
    pub fn database_password(&self) -> Result<Option<String>, String> {
        let Some(file) = &self.database.password_file else {
            return Ok(None);
        };
        std::fs::read_to_string(file)
            .map(|s| Some(s.trim().to_string()))
            .map_err(|e| {
                format!(
                    "{}: [database] password_file {}: cannot read: {e}",
                    self.path.display(),
                    file.display()
                )
            })
    }
}

impl HubConfig {
    /// Opens (creating and migrating) the database `[database]` names;
    /// what went wrong, as one line, if it cannot.
    pub async fn open_store(&self) -> Result<std::sync::Arc<dyn crate::store::Store>, String> {
        let password = self.database_password()?;
        crate::store::open(&self.database.url, password.as_deref())
            .await
            .map_err(|e| format!("{}: [database]: {e}", self.path.display()))
    }
}

pub use entre_core::toml_walk::LoadError;

/// Reads and checks hub.toml at `path`. Relative paths inside it are taken
/// relative to the file's folder.
pub fn load(path: &Path) -> Result<HubConfig, LoadError> {
    let src = std::fs::read_to_string(path).map_err(|error| LoadError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    parse(&src, path).map_err(|problems| LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

/// The folder a config file's relative paths start from (absolute when it
/// can be made so, so that a server's working directory does not matter).
fn folder_of(path: &Path) -> PathBuf {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::path::absolute(&parent).unwrap_or(parent)
}

fn resolve(base: &Path, p: &str) -> PathBuf {
    let p = PathBuf::from(p);
    if p.is_absolute() { p } else { base.join(p) }
}

/// Checks config text read from `path` (which only names it and gives the
/// folder relative paths start from).
pub fn parse(src: &str, path: &Path) -> Result<HubConfig, Vec<Problem>> {
    let dir = folder_of(path);
    let mut w = Walker::new(src);
    let Some(doc) = entre_core::toml_walk::parse(&mut w, src, " (see https://toml.io)") else {
        return Err(w.problems);
    };
    let doc_span = doc.span();
    let mut root = Section::new(doc.get_ref(), "", doc_span);

    let server = table(&mut root, &mut w, "server").and_then(|mut s| {
        let v = read_server(&mut s, &mut w, &dir);
        s.finish(&mut w);
        v
    });
    let database = table(&mut root, &mut w, "database").and_then(|mut s| {
        let v = read_database(&mut s, &mut w, &dir);
        s.finish(&mut w);
        v
    });
    let mut offices: Vec<Office> = Vec::new();
    for mut s in array_of_tables(&mut root, &mut w, "office", true) {
        let id = read_id(&mut s, &mut w, "id");
        let name = s.text(&mut w, "name", true, "the office's name as staff know it");
        if let Some(id) = &id
            && offices.iter().any(|o| &o.id == id)
        {
            let span = s.span.clone();
            w.report(
                &span,
                &s.key("id"),
                format!(
                    "{} is used twice (ids must be unique)",
                    entre_core::text::quote(id)
                ),
            );
        }
        let floor = match s.raw("floor") {
            None => Some((None, None)),
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => {
                    let mut t = Section::new(t, s.key("floor"), v.span());
                    let f = read_floor(&mut t, &mut w);
                    t.finish(&mut w);
                    f
                }
                _ => {
                    w.report(
                        &v.span(),
                        &s.key("floor"),
                        "expected a table like { wait_warn_min = 20, close_at = \"16:00\" }",
                    );
                    None
                }
            },
        };
        if let (Some(id), Some(name), Some((wait_warn_min, close_at))) = (id, name, floor) {
            offices.push(Office {
                id,
                name,
                wait_warn_min,
                close_at,
            });
        }
        s.finish(&mut w);
    }
    let mail_domains = table(&mut root, &mut w, "mail").and_then(|mut s| {
        let v = read_allowed_list(
            &mut s,
            &mut w,
            "allowed_domains",
            "the mail domains of officer addresses, e.g. [\"stockholm.se\"]; subdomains are included",
            entre_core::address::normalise_domain,
            "a domain name",
        );
        s.finish(&mut w);
        v
    });
    let content = match optional_table(&mut root, &mut w, "content") {
        None => Some((
            entre_core::link::DEFAULT_HOSTS
                .iter()
                .filter_map(|h| entre_core::link::normalise_host(h))
                .collect(),
            vec!["sv".to_string()],
        )),
        Some(mut s) => {
            let hosts = if s.raw("allowed_link_hosts").is_some() {
                read_allowed_list(
                    &mut s,
                    &mut w,
                    "allowed_link_hosts",
                    "host names QR links may lead to, e.g. [\"stockholm.se\"]; subdomains are included",
                    entre_core::link::normalise_host,
                    "a host name",
                )
            } else {
                Some(
                    entre_core::link::DEFAULT_HOSTS
                        .iter()
                        .filter_map(|h| entre_core::link::normalise_host(h))
                        .collect(),
                )
            };
            let languages = read_languages(&mut s, &mut w);
            s.finish(&mut w);
            hosts.zip(languages)
        }
    };
    let stats = match optional_table(&mut root, &mut w, "stats") {
        None => Some(("Europe/Stockholm".to_string(), 60, 40)),
        Some(mut s) => {
            let v = read_stats(&mut s, &mut w);
            s.finish(&mut w);
            v
        }
    };
    let floor = match optional_table(&mut root, &mut w, "floor") {
        None => Some(FloorSettings::default()),
        Some(mut s) => {
            let v = read_floor(&mut s, &mut w);
            s.finish(&mut w);
            v.map(|(warn, close_at)| FloorSettings {
                wait_warn_min: warn.unwrap_or(FloorSettings::default().wait_warn_min),
                close_at,
            })
        }
    };
    let privacy = match optional_table(&mut root, &mut w, "privacy") {
        None => Some((30, 5)),
        Some(mut s) => {
            let v = s.integer(&mut w, "floor_retention_days", Some(30), 1..=3650);
            let m = s.integer(&mut w, "min_cell", Some(5), 1..=100);
            s.finish(&mut w);
            v.zip(m).map(|(d, m)| (d as u32, m as u32))
        }
    };
    let demo = match optional_table(&mut root, &mut w, "demo") {
        None => Some(None),
        Some(mut s) => {
            let v = read_demo(&mut s, &mut w, &dir, &offices);
            s.finish(&mut w);
            v.map(Some)
        }
    };
    root.finish(&mut w);

    match (
        server,
        database,
        mail_domains,
        content,
        stats,
        demo,
        floor,
        privacy,
    ) {
        (
            Some(server),
            Some(database),
            Some(mail_domains),
            Some((link_hosts, languages)),
            Some((timezone, target_learned, target_self_next_time)),
            Some(demo),
            Some(floor),
            Some((floor_retention_days, min_cell)),
        ) if w.problems.is_empty() => Ok(HubConfig {
            path: path.to_path_buf(),
            dir,
            server,
            database,
            offices,
            allowed: entre_core::Allowed {
                mail_domains,
                link_hosts,
            },
            languages,
            timezone,
            target_learned,
            target_self_next_time,
            demo,
            floor,
            floor_retention_days,
            min_cell,
        }),
        _ => Err(sorted(w.problems)),
    }
}

fn read_server(s: &mut Section<'_, '_>, w: &mut Walker<'_>, dir: &Path) -> Option<Server> {
    const LISTEN: &str = "an address and port, e.g. \"127.0.0.1:8080\" or \"[::]:443\"";
    let listen = s
        .text_spanned(w, "listen", true, LISTEN)
        .and_then(|(text, span)| match text.parse::<SocketAddr>() {
            Ok(a) => Some(a),
            Err(_) => {
                w.report(
                    &span,
                    &s.key("listen"),
                    format!(
                        "{} is not an address and port ({LISTEN})",
                        entre_core::text::quote(&text)
                    ),
                );
                None
            }
        });
    let cert = s.text(w, "tls_cert", false, "a PEM file: the certificate chain");
    let key = s.text(
        w,
        "tls_key",
        false,
        "a PEM file: the certificate's private key",
    );
    let span = s.span.clone();
    match (&cert, &key) {
        (Some(_), None) => w.report(
            &span,
            &s.key("tls_key"),
            "missing (tls_cert and tls_key go together: both for TLS, neither for plain HTTP behind a proxy)",
        ),
        (None, Some(_)) => w.report(
            &span,
            &s.key("tls_cert"),
            "missing (tls_cert and tls_key go together: both for TLS, neither for plain HTTP behind a proxy)",
        ),
        _ => {}
    }
    Some(Server {
        listen: listen?,
        tls_cert: cert.map(|p| resolve(dir, &p)),
        tls_key: key.map(|p| resolve(dir, &p)),
    })
}

fn read_database(s: &mut Section<'_, '_>, w: &mut Walker<'_>, dir: &Path) -> Option<Database> {
    const URL: &str = "\"sqlite://PATH\" (a file, relative to this config's folder) or \"postgres://USER@HOST/DATABASE\"";
    let url = s.text_spanned(w, "url", true, URL);
    let password_file = s.text(
        w,
        "password_file",
        false,
        "a file holding the PostgreSQL password",
    );
    let (url, span) = url?;
    let key = s.key("url");
    if let Some(path) = url.strip_prefix("sqlite://") {
        if path.trim().is_empty() {
            w.report(
                &span,
                &key,
                format!("names no file ({URL}), e.g. \"sqlite://var/hub.sqlite\""),
            );
            return None;
        }
        if password_file.is_some() {
            let span = s.span.clone();
            w.report(
                &span,
                &s.key("password_file"),
                "is for PostgreSQL only (SQLite has no password)",
            );
        }
        let file = resolve(dir, path);
        return Some(Database {
            url: format!("sqlite://{}", file.display()),
            password_file: None,
        });
    }
    let Some(rest) = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
    else {
        w.report(
            &span,
            &key,
            format!(
                "{} is not a database url ({URL})",
                entre_core::text::quote(&url)
            ),
        );
        return None;
    };
    // The password comes from a file, never from the config itself.
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if let Some((user_info, _)) = authority.rsplit_once('@')
        && user_info.contains(':')
    {
        w.report(
            &span,
            &key,
            "holds a password (put it in a file named by password_file, readable only by the hub)",
        );
        return None;
    }
    if authority.is_empty() {
        w.report(&span, &key, format!("names no host ({URL})"));
        return None;
    }
    Some(Database {
        url,
        password_file: password_file.map(|p| resolve(dir, &p)),
    })
}

/// A non-empty list of names, each normalised by `normalise`.
fn read_allowed_list(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    key: &'static str,
    allowed: &str,
    normalise: fn(&str) -> Option<String>,
    what: &str,
) -> Option<Vec<String>> {
    let span = s.raw(key).map(|v| v.span());
    let list = s.text_list(w, key, allowed)?;
    if list.is_empty() {
        w.report(
            &span.unwrap_or(s.span.clone()),
            &s.key(key),
            format!("is empty ({allowed})"),
        );
        return None;
    }
    let mut out = Vec::new();
    for (i, (d, span)) in list.iter().enumerate() {
        match normalise(d) {
            Some(d) => out.push(d),
            None => w.report(
                span,
                &format!("{}[{i}]", s.key(key)),
                format!("{} is not {what} ({allowed})", entre_core::text::quote(d)),
            ),
        }
    }
    (out.len() == list.len()).then_some(out)
}

/// `[content] languages`: 2–3 letter codes, Swedish among them (default
/// `["sv"]`).
fn read_languages(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Option<Vec<String>> {
    const ALLOWED: &str =
        "the language codes the city's kiosks offer, e.g. [\"sv\", \"en\", \"ar\"]; Swedish always";
    let Some(span) = s.raw("languages").map(|v| v.span()) else {
        return Some(vec!["sv".to_string()]);
    };
    let list = s.text_list(w, "languages", ALLOWED)?;
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, (code, span)) in list.iter().enumerate() {
        let key = format!("{}[{i}]", s.key("languages"));
        if !(2..=3).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_lowercase()) {
            ok = false;
            w.report(
                span,
                &key,
                format!(
                    "{} is not a language code (2-3 letters a-z; {ALLOWED})",
                    entre_core::text::quote(code)
                ),
            );
        } else if out.contains(code) {
            ok = false;
            w.report(
                span,
                &key,
                format!("{} is listed twice", entre_core::text::quote(code)),
            );
        } else {
            out.push(code.clone());
        }
    }
    if ok && !out.iter().any(|c| c == "sv") {
        w.report(
            &span,
            &s.key("languages"),
            format!("has no \"sv\" ({ALLOWED})"),
        );
        return None;
    }
    ok.then_some(out)
}

fn read_stats(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Option<(String, u32, u32)> {
    const TZ: &str = "an IANA time zone, e.g. \"Europe/Stockholm\"";
    let timezone = match s.text_spanned(w, "timezone", false, TZ) {
        None => Some("Europe/Stockholm".to_string()),
        Some((tz, span)) => match jiff::tz::TimeZone::get(&tz) {
            Ok(_) => Some(tz),
            Err(_) => {
                w.report(
                    &span,
                    &s.key("timezone"),
                    format!(
                        "{} is not a known time zone ({TZ})",
                        entre_core::text::quote(&tz)
                    ),
                );
                None
            }
        },
    };
    let (learned, self_next_time) = match s.raw("targets") {
        None => (Some(60), Some(40)),
        Some(v) => match v.get_ref() {
            DeValue::Table(t) => {
                let mut t = Section::new(t, s.key("targets"), v.span());
                let l = t.integer(w, "learned", Some(60), 0..=100);
                let n = t.integer(w, "self_next_time", Some(40), 0..=100);
                t.finish(w);
                (l, n)
            }
            _ => {
                w.report(
                    &v.span(),
                    &s.key("targets"),
                    "expected a table like { learned = 60, self_next_time = 40 } (per cent)",
                );
                (None, None)
            }
        },
    };
    Some((timezone?, learned? as u32, self_next_time? as u32))
}

/// A floor table (`[floor]`, or an office's `floor = { … }`): its
/// `wait_warn_min` and `close_at`, each `None` where it says nothing;
/// `None` when either is wrong (reported).
#[allow(clippy::type_complexity)]
fn read_floor(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
) -> Option<(Option<u32>, Option<(u8, u8)>)> {
    const CLOSE: &str =
        "the local time open registrations are closed as not met, \"HH:MM\", e.g. \"16:30\"";
    let warn_given = s.raw("wait_warn_min").is_some();
    let warn = s.integer(w, "wait_warn_min", Some(0), 1..=480);
    let close_at = match s.text_spanned(w, "close_at", false, CLOSE) {
        None => Some(None),
        Some((text, span)) => match parse_clock(&text) {
            Some(hm) => Some(Some(hm)),
            None => {
                w.report(
                    &span,
                    &s.key("close_at"),
                    format!(
                        "{} is not a time of day ({CLOSE})",
                        entre_core::text::quote(&text)
                    ),
                );
                None
            }
        },
    };
    let warn = warn.map(|n| warn_given.then_some(n as u32));
    Some((warn?, close_at?))
}

/// `"HH:MM"` (00:00 to 23:59) as `(hour, minute)`.
pub fn parse_clock(s: &str) -> Option<(u8, u8)> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

fn read_demo(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    dir: &Path,
    offices: &[Office],
) -> Option<Demo> {
    let office = match s.text_spanned(w, "office", false, "the demo office's id") {
        None => Some("demo".to_string()),
        Some((id, span)) => {
            if entre_core::toml_walk::is_id(&id) {
                Some(id)
            } else {
                w.report(
                    &span,
                    &s.key("office"),
                    format!(
                        "{} is not a valid id ({})",
                        entre_core::text::quote(&id),
                        entre_core::toml_walk::ID_RULE
                    ),
                );
                None
            }
        }
    };
    if let Some(id) = &office
        && !offices.iter().any(|o| &o.id == id)
    {
        let span = s.raw("office").map_or(s.span.clone(), |v| v.span());
        w.report(
            &span,
            &s.key("office"),
            format!(
                "{} is not an [[office]] of this file (add it as an [[office]])",
                entre_core::text::quote(id)
            ),
        );
    }
    let kiosk = match s.text_spanned(w, "kiosk", false, "the demo kiosk's id") {
        None => Some("demo-entre-1".to_string()),
        Some((id, _)) if entre_core::toml_walk::is_id(&id) => Some(id),
        Some((id, span)) => {
            w.report(
                &span,
                &s.key("kiosk"),
                format!(
                    "{} is not a valid id ({})",
                    entre_core::text::quote(&id),
                    entre_core::toml_walk::ID_RULE
                ),
            );
            None
        }
    };
    let token_file = s
        .text(
            w,
            "token_file",
            false,
            "where the demo kiosk's token is written",
        )
        .unwrap_or_else(|| "var/demo-hub-token".into());
    let admin = s
        .text(w, "admin", false, "the demo admin's user name")
        .unwrap_or_else(|| "demo-admin".into());
    let guidance_dir = s
        .text(
            w,
            "guidance_dir",
            false,
            "a folder of <lang>/<errand>.toml bundles",
        )
        .unwrap_or_else(|| "assets/guidance".into());
    let directory_from = s
        .text(
            w,
            "directory_from",
            false,
            "a kiosk.toml whose [[unit]] and [[officer]] become the demo office's directory",
        )
        .unwrap_or_else(|| "kiosk.toml".into());
    Some(Demo {
        office: office?,
        kiosk: kiosk?,
        token_file: resolve(dir, &token_file),
        admin,
        guidance_dir: resolve(dir, &guidance_dir),
        directory_from: resolve(dir, &directory_from),
    })
}
