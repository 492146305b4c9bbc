//! `kiosk.toml`: schema and validation.
//!
//! The file is read into a spanned TOML tree and walked section by section,
//! so that every problem (unknown key, wrong type, bad value) is reported
//! with its line and column, all at once, and a typo is never ignored.

pub(crate) mod walk;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::DeValue;

pub use walk::Problem;
use walk::{Section, Walker, array_of_tables, optional_table, quoted, read_id, table};

/// What the config checker needs to know about the shipped languages.
pub trait Languages {
    /// Language codes with a complete locale, e.g. `["ar", "en", "sv"]`.
    fn available(&self) -> Vec<String>;
    /// Whether `id` is a message in `lang`'s locale.
    fn has_message(&self, lang: &str, id: &str) -> bool;
}

#[derive(Debug, Clone)]
pub struct Config {
    pub office: Office,
    pub kiosk: Kiosk,
    pub checkin: Checkin,
    pub privacy: Privacy,
    pub mail: Mail,
    pub hub: Hub,
    pub speech: Speech,
    pub content: Content,
    pub floor: Floor,
    pub survey: Survey,
    pub purposes: Vec<Purpose>,
    pub units: Vec<Unit>,
    pub officers: Vec<Officer>,
}

#[derive(Debug, Clone)]
pub struct Office {
    pub name: String,
    pub address: String,
    pub opening_hours: String,
    /// The egenmakt targets the statistics compare with.
    pub targets: Targets,
    /// The office's time zone (IANA name, default "Europe/Stockholm"):
    /// statistics cut days at its midnight.
    pub timezone: String,
}

impl Office {
    /// The office's time zone (checked when the config was read).
    pub fn tz(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

/// `[survey]`: the two egenmakt questions and "Are you …".
#[derive(Debug, Clone)]
pub struct Survey {
    /// The welcome screen's "How was your visit?" tile, for visitors on
    /// their way out (default true).
    pub exit_tile: bool,
}

impl Default for Survey {
    fn default() -> Self {
        Survey { exit_tile: true }
    }
}

/// Targets, in per cent, of the two egenmakt indicators (entre-core's:
/// the hub compares with the same).
pub use entre_core::stats::Targets;

#[derive(Debug, Clone)]
pub struct Kiosk {
    pub id: String,
    pub fullscreen: bool,
    pub idle_timeout_s: u64,
    pub idle_warning_s: u64,
    pub languages: Vec<String>,
    pub default_language: String,
    pub database: PathBuf,
    pub locales_dir: Option<PathBuf>,
    /// A file holding the staff exit PIN (4–12 digits); `None`: no staff exit.
    pub staff_pin_file: Option<PathBuf>,
    /// Seconds the out-of-order screen stays after a fatal error before the
    /// process exits non-zero (the service manager then restarts it).
    pub restart_after_s: u64,
    /// Seconds a database that cannot be written (locked, disk full) is
    /// tried, visits waiting in memory, before the kiosk goes out of order.
    pub store_give_up_s: u64,
    /// The smallest tappable size, in pixels at 1080p.
    pub min_target_px: u32,
    /// Free space on the database's file system below which `entre
    /// status` says "needs IT", in MB.
    pub min_free_mb: u64,
}

/// Read aloud: the speech synthesiser the kiosk runs for the speaker button.
#[derive(Debug, Clone)]
pub struct Speech {
    pub enabled: bool,
    /// The espeak-ng program (a name on PATH or a path).
    pub command: String,
    /// 0–100 (% of the synthesiser's normal loudness, up to 200).
    pub volume: u32,
    /// Words a minute.
    pub rate: u32,
}

impl Default for Speech {
    fn default() -> Self {
        Speech {
            enabled: true,
            command: "espeak-ng".into(),
            volume: 100,
            rate: 140,
        }
    }
}

/// How a visitor finds their case officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Find {
    /// Units as tiles, then that unit's officers.
    List,
    /// First letters of the name on the on-screen keyboard; the staff list
    /// is never shown.
    Search,
}

#[derive(Debug, Clone)]
pub struct Checkin {
    pub find: Find,
    /// How long the confirmation waits for the relay to accept the mail.
    pub confirm_within_s: u64,
    /// How long the result stays on screen before the kiosk starts over.
    pub done_after_s: u64,
}

impl Default for Checkin {
    fn default() -> Self {
        Checkin {
            find: Find::List,
            confirm_within_s: 5,
            done_after_s: 15,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitorName {
    None,
    Initials,
    FirstName,
}

#[derive(Debug, Clone)]
pub struct Privacy {
    pub visitor_name: VisitorName,
    /// Days personal data is kept: names in mail, mail bodies, error texts.
    pub retention_days: u32,
    /// Days statistics rows (no personal data) are kept.
    pub stats_retention_days: u32,
    /// The smallest count of visitors a statistics cell shows; smaller
    /// counts (but not 0) are "–" (default 5).
    pub min_cell: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    None,
}

#[derive(Debug, Clone)]
pub enum Transport {
    /// Writes each message as an `.eml` file into `dir` (the demo).
    File { dir: PathBuf },
    Smtp {
        host: String,
        port: u16,
        security: Security,
        username: Option<String>,
        password_file: Option<PathBuf>,
    },
}

#[derive(Debug, Clone)]
pub struct Mail {
    pub transport: Transport,
    /// `addr@example.org` or `Name <addr@example.org>`.
    pub from: String,
    pub timeout_s: u64,
    /// A PEM file of a private CA for the relay's certificate.
    pub ca_file: Option<PathBuf>,
    /// Hours after which undelivered mail is given up (and logged).
    pub give_up_after_h: u64,
    /// `allowed_domains`, normalised: officer addresses must be in one of
    /// these domains or a subdomain (default: the domain of `from`).
    pub allowed_domains: Vec<String>,
}

/// `[content]`: what guidance (bundled or from the hub) may link to.
#[derive(Debug, Clone)]
pub struct Content {
    /// `allowed_link_hosts`, normalised: QR links lead only to these hosts
    /// or their subdomains (default: [`entre_core::link::DEFAULT_HOSTS`]).
    pub allowed_link_hosts: Vec<String>,
}

impl Default for Content {
    fn default() -> Self {
        Content {
            allowed_link_hosts: entre_core::Allowed::new(&[], entre_core::link::DEFAULT_HOSTS)
                .link_hosts,
        }
    }
}

impl Config {
    /// The allow-lists the content and directory checks need.
    pub fn allowed(&self) -> entre_core::Allowed {
        entre_core::Allowed {
            mail_domains: self.mail.allowed_domains.clone(),
            link_hosts: self.content.allowed_link_hosts.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Hub {
    /// `None`: the hub is off.
    pub url: Option<String>,
    pub token_file: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
    pub sync_every_s: u64,
    pub heartbeat_s: u64,
    pub batch_size: u32,
    pub timeout_s: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Checkin,
    Guidance,
    Info,
    /// "I want help from a guide": the visitor registers the errand and a
    /// guide comes to them (the hub's floor).
    Register,
}

/// `[floor]`: walk-in registration (`flow = "register"`).
#[derive(Debug, Clone)]
pub struct Floor {
    /// How long the kiosk waits for the hub's code before it sends the
    /// visitor to the desk.
    pub confirm_within_s: u64,
    /// `[[floor.zone]]`: where a visitor may say they wait, in this order.
    /// Empty: the step is not shown.
    pub zones: Vec<FloorZone>,
}

impl Default for Floor {
    fn default() -> Self {
        Floor {
            confirm_within_s: 5,
            zones: Vec::new(),
        }
    }
}

/// One place in the room where visitors wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorZone {
    /// a–z, 0–9, - and _; sent to the hub.
    pub id: String,
    /// Fluent message id of its label (e.g. "By the computers"); the
    /// Swedish text is what the guides read.
    pub label: String,
}

/// Icons the kiosk can draw on a purpose tile (said once, in entre-core:
/// a guidance bundle's icon is one of them too).
pub use entre_core::bundle::ICONS;

#[derive(Debug, Clone)]
pub struct Purpose {
    pub id: String,
    pub icon: String,
    pub flow: Flow,
    /// Fluent message id of the tile label.
    pub label: String,
    /// Fluent message id of the text saying where to go and what happens next.
    pub info: String,
}

/// The staff directory's entries (`[[unit]]`, `[[officer]]`), checked by
/// [`entre_core::directory`] here and on the hub alike.
pub use entre_core::directory::{Officer, Unit};

/// Where `entre` looks for its config when none is given.
pub fn default_paths() -> [PathBuf; 2] {
    [
        PathBuf::from("kiosk.toml"),
        PathBuf::from("/etc/entre/kiosk.toml"),
    ]
}

pub use entre_core::toml_walk::LoadError;

/// Reads and validates the config at `path`. Relative paths inside it are
/// taken relative to the config file's folder.
pub fn load(path: &Path, languages: &dyn Languages) -> Result<Config, LoadError> {
    let src = std::fs::read_to_string(path).map_err(|error| LoadError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse(&src, base, languages).map_err(|problems| LoadError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

/// Validates config text. `base` is the folder relative paths start from.
pub fn parse(src: &str, base: &Path, languages: &dyn Languages) -> Result<Config, Vec<Problem>> {
    let mut w = Walker::new(src);
    let Some(doc) = walk::parse(&mut w, src, " (see https://toml.io)") else {
        return Err(w.problems);
    };
    let doc_span = doc.span();
    let doc = doc.get_ref();
    let mut root = Section::new(doc, "", doc_span.clone());

    let office = table(&mut root, &mut w, "office").map(|mut s| {
        let o = read_office(&mut s, &mut w);
        s.finish(&mut w);
        o
    });
    let kiosk = table(&mut root, &mut w, "kiosk").map(|mut s| {
        let k = read_kiosk(&mut s, &mut w, base, languages);
        s.finish(&mut w);
        k
    });
    let checkin = optional_table(&mut root, &mut w, "checkin").map_or_else(
        || Some(Checkin::default()),
        |mut s| {
            let c = read_checkin(&mut s, &mut w);
            s.finish(&mut w);
            c
        },
    );
    let privacy = table(&mut root, &mut w, "privacy").map(|mut s| {
        let p = read_privacy(&mut s, &mut w);
        s.finish(&mut w);
        p
    });
    let mail = table(&mut root, &mut w, "mail").map(|mut s| {
        let m = read_mail(&mut s, &mut w, base);
        s.finish(&mut w);
        m
    });
    let hub = optional_table(&mut root, &mut w, "hub").map_or_else(
        || Some(Hub::off()),
        |mut s| {
            let h = read_hub(&mut s, &mut w, base);
            s.finish(&mut w);
            h
        },
    );
    let speech = optional_table(&mut root, &mut w, "speech").map_or_else(
        || Some(Speech::default()),
        |mut s| {
            let sp = read_speech(&mut s, &mut w);
            s.finish(&mut w);
            sp
        },
    );
    let content = optional_table(&mut root, &mut w, "content").map_or_else(
        || Some(Content::default()),
        |mut s| {
            let c = read_content(&mut s, &mut w);
            s.finish(&mut w);
            c
        },
    );
    let floor = optional_table(&mut root, &mut w, "floor").map_or_else(
        || Some(Floor::default()),
        |mut s| {
            let configured = kiosk
                .as_ref()
                .and_then(Option::as_ref)
                .map(|k| k.languages.clone())
                .unwrap_or_default();
            let f = read_floor(&mut s, &mut w, &configured, languages);
            s.finish(&mut w);
            f
        },
    );
    let survey = optional_table(&mut root, &mut w, "survey").map_or_else(
        || Some(Survey::default()),
        |mut s| {
            let exit_tile = s.boolean(&mut w, "exit_tile", true);
            s.finish(&mut w);
            Some(Survey { exit_tile })
        },
    );
    let mail_domains = mail
        .as_ref()
        .and_then(Option::as_ref)
        .map(|m| m.allowed_domains.as_slice());
    let (units, officers) = entre_core::directory::read(&mut root, &mut w, mail_domains);
    let configured_languages = kiosk
        .as_ref()
        .and_then(Option::as_ref)
        .map(|k| k.languages.clone())
        .unwrap_or_default();
    let mut purposes = Vec::new();
    let mut purpose_ids = HashSet::new();
    for mut s in array_of_tables(&mut root, &mut w, "purpose", true) {
        if let Some(p) = read_purpose(&mut s, &mut w, &configured_languages, languages) {
            if !purpose_ids.insert(p.id.clone()) {
                let span = s.span.clone();
                w.report(
                    &span,
                    &s.key("id"),
                    format!(
                        "{} is used twice (ids must be unique)",
                        crate::quote::quote(&p.id)
                    ),
                );
            }
            purposes.push(p);
        }
        s.finish(&mut w);
    }
    root.finish(&mut w);

    match (
        office, kiosk, checkin, privacy, mail, hub, speech, content, floor, survey,
    ) {
        (
            Some(office),
            Some(Some(kiosk)),
            Some(checkin),
            Some(Some(privacy)),
            Some(Some(mail)),
            Some(hub),
            Some(speech),
            Some(content),
            Some(floor),
            Some(survey),
        ) if w.problems.is_empty() => Ok(Config {
            office,
            kiosk,
            checkin,
            privacy,
            mail,
            hub,
            speech,
            content,
            floor,
            survey,
            purposes,
            units,
            officers,
        }),
        _ => {
            w.problems.sort_by_key(|p| (p.line, p.col));
            Err(w.problems)
        }
    }
}

/// A directory (`[[unit]]`, `[[officer]]` and nothing else) on its own,
/// as the hub sends it: officer addresses must be in
/// `allowed.mail_domains` ([`entre_core::directory::check_toml`]).
pub fn parse_directory(
    src: &str,
    allowed: &entre_core::Allowed,
) -> Result<(Vec<Unit>, Vec<Officer>), Vec<Problem>> {
    entre_core::directory::check_toml(src, allowed)
}

fn resolve(base: &Path, p: &str) -> PathBuf {
    let p = PathBuf::from(p);
    if p.is_absolute() { p } else { base.join(p) }
}

fn read_office(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Office {
    Office {
        name: s
            .text(w, "name", true, "the office's name")
            .unwrap_or_default(),
        address: s
            .text(w, "address", false, "street and town")
            .unwrap_or_default(),
        opening_hours: s
            .text(w, "opening_hours", false, "e.g. \"Mon-Fri 9-16\"")
            .unwrap_or_default(),
        targets: read_targets(s, w),
        timezone: read_timezone(s, w),
    }
}

/// `timezone = "Europe/Stockholm"` (an IANA name; the default).
fn read_timezone(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> String {
    const DEFAULT: &str = "Europe/Stockholm";
    const TZ: &str = "an IANA time zone, e.g. \"Europe/Stockholm\"";
    match s.text_spanned(w, "timezone", false, TZ) {
        None => DEFAULT.to_string(),
        Some((tz, span)) => match jiff::tz::TimeZone::get(&tz) {
            Ok(_) => tz,
            Err(_) => {
                w.report(
                    &span,
                    &s.key("timezone"),
                    format!(
                        "{} is not a known time zone ({TZ})",
                        crate::quote::quote(&tz)
                    ),
                );
                DEFAULT.to_string()
            }
        },
    }
}

/// `targets = { learned = 60, self_next_time = 40 }` (per cent).
fn read_targets(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Targets {
    let d = Targets::default();
    let Some(v) = s.raw("targets") else {
        return d;
    };
    let DeValue::Table(t) = v.get_ref() else {
        w.report(
            &v.span(),
            &s.key("targets"),
            "expected a table like { learned = 60, self_next_time = 40 } (per cent)",
        );
        return d;
    };
    let mut t = Section::new(t, s.key("targets"), v.span());
    let learned = t.integer(w, "learned", Some(d.learned as i64), 0..=100);
    let self_next_time = t.integer(w, "self_next_time", Some(d.self_next_time as i64), 0..=100);
    t.finish(w);
    Targets {
        learned: learned.map_or(d.learned, |n| n as u32),
        self_next_time: self_next_time.map_or(d.self_next_time, |n| n as u32),
    }
}

fn read_kiosk(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    base: &Path,
    languages: &dyn Languages,
) -> Option<Kiosk> {
    let id = read_id(s, w, "id");
    let fullscreen = s.boolean(w, "fullscreen", false);
    let idle_timeout_s = s.integer(w, "idle_timeout_s", Some(90), 15..=3600);
    let idle_warning_s = s.integer(w, "idle_warning_s", Some(20), 20..=600);
    let available = languages.available();
    let available_refs: Vec<&str> = available.iter().map(String::as_str).collect();
    let allowed = format!("languages shipped in locales/: {}", quoted(&available_refs));
    let langs = s.text_list(w, "languages", &allowed).and_then(|list| {
        let mut ok = true;
        let mut seen = HashSet::new();
        for (i, (lang, span)) in list.iter().enumerate() {
            if !available.contains(lang) {
                ok = false;
                w.report(
                    span,
                    &format!("{}[{i}]", s.key("languages")),
                    format!("unknown language {} ({allowed})", crate::quote::quote(lang)),
                );
            } else if !seen.insert(lang.clone()) {
                ok = false;
                w.report(
                    span,
                    &format!("{}[{i}]", s.key("languages")),
                    format!(
                        "{} is listed twice (each language once)",
                        crate::quote::quote(lang)
                    ),
                );
            }
        }
        if list.is_empty() {
            ok = false;
            let span = s.span.clone();
            w.report(
                &span,
                &s.key("languages"),
                format!("is empty (at least one of the {allowed})"),
            );
        }
        ok.then(|| list.into_iter().map(|(l, _)| l).collect::<Vec<_>>())
    });
    let default_language = s.text_spanned(
        w,
        "default_language",
        true,
        "one of the languages listed in kiosk.languages",
    );
    let default_language = match (&langs, default_language) {
        (Some(list), Some((d, span))) => {
            if list.contains(&d) {
                Some(d)
            } else {
                w.report(
                    &span,
                    &s.key("default_language"),
                    format!(
                        "{} is not in kiosk.languages (one of: {})",
                        crate::quote::quote(&d),
                        list.join(", ")
                    ),
                );
                None
            }
        }
        _ => None,
    };
    let database = s.text(
        w,
        "database",
        true,
        "a file path, e.g. \"/var/lib/entre/entre.sqlite\"",
    );
    let locales_dir = s.text(w, "locales_dir", false, "a folder with <lang>/*.ftl files");
    let staff_pin_file = s.text(
        w,
        "staff_pin_file",
        false,
        "a file holding the staff exit PIN, 4 to 12 digits",
    );
    let restart_after_s = s.integer(w, "restart_after_s", Some(60), 5..=3600);
    let store_give_up_s = s.integer(w, "store_give_up_s", Some(120), 1..=3600);
    let min_target_px = s.integer(w, "min_target_px", Some(80), 44..=200);
    let min_free_mb = s.integer(w, "min_free_mb", Some(200), 0..=1_000_000_000);
    if let (Some(t), Some(wn)) = (idle_timeout_s, idle_warning_s)
        && wn >= t
    {
        let span = s.span.clone();
        w.report(&span, &s.key("idle_warning_s"), format!("{wn} is not shorter than idle_timeout_s {t} (the warning must be shorter than the timeout)"));
    }
    Some(Kiosk {
        id: id?,
        fullscreen,
        idle_timeout_s: idle_timeout_s? as u64,
        idle_warning_s: idle_warning_s? as u64,
        languages: langs?,
        default_language: default_language?,
        database: resolve(base, &database?),
        locales_dir: locales_dir.map(|d| resolve(base, &d)),
        staff_pin_file: staff_pin_file.map(|p| resolve(base, &p)),
        restart_after_s: restart_after_s? as u64,
        store_give_up_s: store_give_up_s? as u64,
        min_target_px: min_target_px? as u32,
        min_free_mb: min_free_mb? as u64,
    })
}

fn read_checkin(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Option<Checkin> {
    let d = Checkin::default();
    let find = s
        .choice(w, "find", Some("list"), &["list", "search"])
        .map(|f| {
            if f == "search" {
                Find::Search
            } else {
                Find::List
            }
        });
    let confirm_within_s = s.integer(
        w,
        "confirm_within_s",
        Some(d.confirm_within_s as i64),
        1..=30,
    );
    let done_after_s = s.integer(w, "done_after_s", Some(d.done_after_s as i64), 5..=120);
    Some(Checkin {
        find: find?,
        confirm_within_s: confirm_within_s? as u64,
        done_after_s: done_after_s? as u64,
    })
}

fn read_floor(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    configured: &[String],
    languages: &dyn Languages,
) -> Option<Floor> {
    let d = Floor::default();
    let confirm_within_s = s.integer(
        w,
        "confirm_within_s",
        Some(d.confirm_within_s as i64),
        1..=30,
    );
    let mut zones: Vec<FloorZone> = Vec::new();
    let mut ok = true;
    for mut z in array_of_tables(s, w, "zone", false) {
        let id = read_id(&mut z, w, "id");
        let label = message_key(&mut z, w, "label", true, configured, languages);
        match (id, label) {
            (Some(id), Some(Some(label))) => {
                if zones.iter().any(|x| x.id == id) {
                    let span = z.span.clone();
                    w.report(
                        &span,
                        &z.key("id"),
                        format!(
                            "{} is used twice (ids must be unique)",
                            crate::quote::quote(&id)
                        ),
                    );
                    ok = false;
                }
                zones.push(FloorZone { id, label });
            }
            _ => ok = false,
        }
        z.finish(w);
    }
    Some(Floor {
        confirm_within_s: confirm_within_s? as u64,
        zones,
    })
    .filter(|_| ok)
}

fn read_privacy(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Option<Privacy> {
    let visitor_name = s
        .choice(
            w,
            "visitor_name",
            Some("none"),
            &["none", "initials", "first_name"],
        )
        .map(|v| match v.as_str() {
            "initials" => VisitorName::Initials,
            "first_name" => VisitorName::FirstName,
            _ => VisitorName::None,
        });
    let retention_days = s.integer(w, "retention_days", Some(30), 1..=365);
    let stats_retention_days = s.integer(w, "stats_retention_days", Some(1100), 30..=3650);
    let min_cell = s.integer(w, "min_cell", Some(5), 1..=100);
    Some(Privacy {
        visitor_name: visitor_name?,
        retention_days: retention_days? as u32,
        stats_retention_days: stats_retention_days? as u32,
        min_cell: min_cell? as u32,
    })
}

fn read_mail(s: &mut Section<'_, '_>, w: &mut Walker<'_>, base: &Path) -> Option<Mail> {
    let transport = s.choice(w, "transport", None, &["file", "smtp"]);
    let from = s
        .text_spanned(w, "from", true, "an address like kiosk@example.org or \"Office <kiosk@example.org>\"")
        .and_then(|(from, span)| match from.parse::<lettre::message::Mailbox>() {
            Ok(_) => Some(from),
            Err(e) => {
                w.report(&span, &s.key("from"), format!("{} is not a sender address: {e} (an address like kiosk@example.org or \"Office <kiosk@example.org>\")", crate::quote::quote(&from)));
                None
            }
        });
    let timeout_s = s.integer(w, "timeout_s", Some(10), 1..=120);
    let ca_file = s.text(w, "ca_file", false, "a PEM file of a private CA");
    let give_up_after_h = s.integer(w, "give_up_after_h", Some(24), 1..=720);
    let allowed_domains = read_allowed_domains(s, w, from.as_deref());
    let dir = s.text(w, "dir", false, "a folder for .eml files");
    let host = s.text(w, "host", false, "the SMTP relay's host name");
    let security = s.choice(
        w,
        "security",
        Some("starttls"),
        &["starttls", "tls", "none"],
    );
    let port = s.integer(w, "port", Some(0), 0..=65535);
    let username = s.text(w, "username", false, "the SMTP login");
    let password_file = s.text(
        w,
        "password_file",
        false,
        "a file holding the SMTP password",
    );
    let span = s.span.clone();
    let transport = match transport?.as_str() {
        "file" => {
            let Some(dir) = dir else {
                w.report(
                    &span,
                    &s.key("dir"),
                    "missing (required when transport = \"file\": a folder for .eml files)",
                );
                return None;
            };
            Transport::File {
                dir: resolve(base, &dir),
            }
        }
        _ => {
            let Some(host) = host else {
                w.report(
                    &span,
                    &s.key("host"),
                    "missing (required when transport = \"smtp\": the relay's host name)",
                );
                return None;
            };
            let security = match security?.as_str() {
                "tls" => Security::Tls,
                "none" => Security::None,
                _ => Security::StartTls,
            };
            let loopback = host == "localhost"
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if security == Security::None && !loopback {
                w.report(&span, &s.key("security"), format!("\"none\" sends mail unencrypted to {} (\"none\" only for a relay on this machine: localhost, 127.0.0.1 or ::1; else \"starttls\" or \"tls\")", crate::quote::quote(&host)));
                return None;
            }
            let port = match port? {
                0 => match security {
                    Security::Tls => 465,
                    _ => 587,
                },
                p => p as u16,
            };
            Transport::Smtp {
                host,
                port,
                security,
                username,
                password_file: password_file.map(|p| resolve(base, &p)),
            }
        }
    };
    Some(Mail {
        transport,
        from: from?,
        timeout_s: timeout_s? as u64,
        ca_file: ca_file.map(|p| resolve(base, &p)),
        give_up_after_h: give_up_after_h? as u64,
        allowed_domains: allowed_domains?,
    })
}

/// `[mail] allowed_domains`, normalised; default: the domain of `from`.
fn read_allowed_domains(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    from: Option<&str>,
) -> Option<Vec<String>> {
    const ALLOWED: &str =
        "the mail domains of officer addresses, e.g. [\"stockholm.se\"]; subdomains are included";
    if s.raw("allowed_domains").is_none() {
        let from = from?.parse::<lettre::message::Mailbox>().ok()?;
        let domain = entre_core::address::normalise_domain(from.email.domain());
        if domain.is_none() {
            let span = s.span.clone();
            w.report(
                &span,
                &s.key("allowed_domains"),
                format!(
                    "missing, and the domain of from, {}, is not one to default to ({ALLOWED})",
                    entre_core::text::quote(from.email.domain())
                ),
            );
        }
        return domain.map(|d| vec![d]);
    }
    let span = s.raw("allowed_domains").map(|v| v.span())?;
    let list = s.text_list(w, "allowed_domains", ALLOWED)?;
    if list.is_empty() {
        w.report(
            &span,
            &s.key("allowed_domains"),
            format!("is empty ({ALLOWED})"),
        );
        return None;
    }
    let mut out = Vec::new();
    for (i, (d, span)) in list.iter().enumerate() {
        match entre_core::address::normalise_domain(d) {
            Some(d) => out.push(d),
            None => w.report(
                span,
                &format!("{}[{i}]", s.key("allowed_domains")),
                format!(
                    "{} is not a domain name ({ALLOWED})",
                    entre_core::text::quote(d)
                ),
            ),
        }
    }
    (out.len() == list.len()).then_some(out)
}

fn read_content(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Option<Content> {
    const ALLOWED: &str =
        "host names QR links may lead to, e.g. [\"stockholm.se\"]; subdomains are included";
    let Some(span) = s.raw("allowed_link_hosts").map(|v| v.span()) else {
        return Some(Content::default());
    };
    let list = s.text_list(w, "allowed_link_hosts", ALLOWED)?;
    if list.is_empty() {
        w.report(
            &span,
            &s.key("allowed_link_hosts"),
            format!("is empty ({ALLOWED})"),
        );
        return None;
    }
    let mut out = Vec::new();
    for (i, (h, span)) in list.iter().enumerate() {
        match entre_core::link::normalise_host(h) {
            Some(h) => out.push(h),
            None => w.report(
                span,
                &format!("{}[{i}]", s.key("allowed_link_hosts")),
                format!(
                    "{} is not a host name ({ALLOWED})",
                    entre_core::text::quote(h)
                ),
            ),
        }
    }
    (out.len() == list.len()).then_some(Content {
        allowed_link_hosts: out,
    })
}

impl Hub {
    fn off() -> Self {
        Hub {
            url: None,
            token_file: None,
            ca_file: None,
            sync_every_s: 60,
            heartbeat_s: 300,
            batch_size: 200,
            timeout_s: 15,
        }
    }
}

/// An https:// address, or http:// to this machine (a local proxy; tests),
/// as the `url` crate parses it.
fn is_hub_url(u: &str) -> bool {
    entre_core::link::check_hub_url(u).is_ok()
}

fn read_hub(s: &mut Section<'_, '_>, w: &mut Walker<'_>, base: &Path) -> Option<Hub> {
    let d = Hub::off();
    let url = s.text_spanned(
        w,
        "url",
        false,
        "https://… of the city's hub; leave out to switch the hub off",
    );
    let url = match url {
        Some((u, span)) if !is_hub_url(&u) => {
            w.report(
                &span,
                &s.key("url"),
                format!("{} is not an https:// address (the hub is reached over https only; http:// only to this machine, 127.0.0.1 or localhost)", crate::quote::quote(&u)),
            );
            return None;
        }
        other => other.map(|(u, _)| u.trim_end_matches('/').to_string()),
    };
    let token_file = s.text(w, "token_file", false, "a file holding the hub token");
    let ca_file = s.text(w, "ca_file", false, "a PEM file of a private CA");
    let sync_every_s = s.integer(w, "sync_every_s", Some(d.sync_every_s as i64), 5..=86_400);
    let heartbeat_s = s.integer(w, "heartbeat_s", Some(d.heartbeat_s as i64), 10..=86_400);
    let batch_size = s.integer(w, "batch_size", Some(d.batch_size as i64), 1..=5000);
    let timeout_s = s.integer(w, "timeout_s", Some(d.timeout_s as i64), 1..=300);
    Some(Hub {
        url,
        token_file: token_file.map(|p| resolve(base, &p)),
        ca_file: ca_file.map(|p| resolve(base, &p)),
        sync_every_s: sync_every_s? as u64,
        heartbeat_s: heartbeat_s? as u64,
        batch_size: batch_size? as u32,
        timeout_s: timeout_s? as u64,
    })
}

fn read_speech(s: &mut Section<'_, '_>, w: &mut Walker<'_>) -> Option<Speech> {
    let d = Speech::default();
    let enabled = s.boolean(w, "enabled", d.enabled);
    let command = s.text(
        w,
        "command",
        false,
        "the espeak-ng program, e.g. \"espeak-ng\"",
    );
    let volume = s.integer(w, "volume", Some(d.volume as i64), 0..=200);
    let rate = s.integer(w, "rate", Some(d.rate as i64), 80..=400);
    Some(Speech {
        enabled,
        command: command.unwrap_or(d.command),
        volume: volume? as u32,
        rate: rate? as u32,
    })
}

fn message_key(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    key: &'static str,
    required: bool,
    configured: &[String],
    languages: &dyn Languages,
) -> Option<Option<String>> {
    let Some((id, span)) =
        s.text_spanned(w, key, required, "a message id from locales/<lang>/*.ftl")
    else {
        return if required { None } else { Some(None) };
    };
    let missing: Vec<&str> = configured
        .iter()
        .filter(|l| !languages.has_message(l, &id))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        Some(Some(id))
    } else {
        report_missing_message(w, &span, &s.key(key), &id, &missing);
        None
    }
}

fn report_missing_message(
    w: &mut Walker<'_>,
    span: &Range<usize>,
    key: &str,
    id: &str,
    missing: &[&str],
) {
    w.report(
        span,
        key,
        format!(
            "message {} is missing in locale {} (a message id defined in locales/<lang>/*.ftl for every configured language)",
            crate::quote::quote(id),
            missing.join(", ")
        ),
    );
}

fn read_purpose(
    s: &mut Section<'_, '_>,
    w: &mut Walker<'_>,
    configured: &[String],
    languages: &dyn Languages,
) -> Option<Purpose> {
    let id = read_id(s, w, "id");
    let icon = s.choice(w, "icon", Some("info"), ICONS);
    let flow = s
        .choice(
            w,
            "flow",
            None,
            &["checkin", "guidance", "info", "register"],
        )
        .map(|f| match f.as_str() {
            "checkin" => Flow::Checkin,
            "guidance" => Flow::Guidance,
            "register" => Flow::Register,
            _ => Flow::Info,
        });
    let label = message_key(s, w, "label", true, configured, languages);
    let info = message_key(s, w, "info", false, configured, languages);
    let flow = flow?;
    let info = match info? {
        Some(i) => i,
        None if flow == Flow::Info => {
            let span = s.span.clone();
            w.report(
                &span,
                &s.key("info"),
                "missing (required when flow = \"info\": a message id saying where to go)",
            );
            return None;
        }
        None => match flow {
            Flow::Checkin => "checkin-where".to_string(),
            Flow::Register => "register-where".to_string(),
            _ => "guidance-where".to_string(),
        },
    };
    Some(Purpose {
        id: id?,
        icon: icon?,
        flow,
        label: label??,
        info,
    })
}
