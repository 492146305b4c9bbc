//! Lobby privacy (issue 14, points 9–11): what the kiosk says aloud and
//! what it lets others tie together.
//!
//! - Read-aloud never speaks what the visitor typed.
//! - A confidential page asks before it is read aloud.
//! - A visit's id and its mail's Message-ID are random (UUIDv4), and the
//!   hub gets a visit's time only to the minute (real test hub).

mod common;

use std::path::{Path, PathBuf};

use common::hub::{HubServer, hub_kiosk};
use common::{t, tap, tap_run};
use entre::store::{Store, Visit};
use serde_json::Value;

/// The version nibble of a UUID in its text form (`xxxxxxxx-xxxx-Vxxx-…`).
fn uuid_version(id: &str) -> char {
    let id = id.trim_start_matches('<');
    assert_eq!(id.as_bytes().get(8), Some(&b'-'), "not a UUID: {id}");
    id.chars().nth(14).unwrap()
}

#[test]
fn ids_are_random_and_the_hub_gets_only_the_minute() {
    let hub = HubServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (cfg, config) = hub_kiosk(dir.path(), &hub.url(), "");
    let rt = common::rt();

    // A check-in tapped through, its mail written (file transport).
    let mut app = common::app_for(config.clone());
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    tap(&mut app, "Ekonomiskt bistånd");
    tap(&mut app, "Anna Lind");
    tap_run(&rt, &mut app, &t("sv", "checkin-confirm-yes"));

    // And a visit at 37.512 s past a minute, so that flooring shows.
    let store = Store::open(&config.kiosk.database).unwrap();
    let minute = (entre::store::now_ms() / 60_000 - 3) * 60_000;
    let mut odd = Visit::new("guide", "ar");
    odd.at_ms = minute + 37_512;
    store.record_visit(&odd).unwrap();

    let db = rusqlite::Connection::open(&config.kiosk.database).unwrap();
    let message_id: String = db
        .query_row(
            "SELECT message_id FROM outbox WHERE kind = 'mail'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let visit_ids: Vec<String> = db
        .prepare("SELECT id FROM visit")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(visit_ids.len(), 2);
    assert_eq!(uuid_version(&message_id), '4', "Message-ID {message_id}");
    for id in &visit_ids {
        assert_eq!(uuid_version(id), '4', "visit id {id}");
    }
    // The mail as written says the same Message-ID.
    let eml: Vec<PathBuf> = std::fs::read_dir(dir.path().join("var/mail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(eml.len(), 1);
    let raw = std::fs::read_to_string(&eml[0]).unwrap();
    assert!(raw.contains(&message_id), "{raw}");

    // Sent to the real test hub.
    let out = common::hub::entre(&cfg, &["sync", "--once"]);
    assert!(out.status.success(), "{out:?}");
    let state = hub.state();
    let got: &Vec<Value> = state["accepted_visits"].as_array().unwrap();
    assert_eq!(got.len(), 2, "{state}");
    for v in got {
        let at = v["at"].as_str().unwrap();
        assert!(at.ends_with(":00.000Z"), "at {at} has seconds");
        let id = v["id"].as_str().unwrap();
        assert_eq!(uuid_version(id), '4', "{id}");
        assert!(visit_ids.iter().any(|x| x == id));
    }
    let sent_odd = got.iter().find(|v| v["id"] == odd.id.as_str()).unwrap();
    assert_eq!(
        sent_odd["at"].as_str().unwrap(),
        entre::outbound::hub::rfc3339(minute),
        "floored to its own minute"
    );
    // The kiosk keeps its milliseconds for its own statistics.
    let kept: i64 = db
        .query_row("SELECT at_ms FROM visit WHERE id = ?1", [&odd.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, minute + 37_512);
}

/// What read-aloud would speak of the current screen: the texts and typed
/// fields the simulator finds, through the kiosk's own `spoken`.
fn spoken(app: &entre::ui::App, rtl: bool) -> String {
    use entre::ui::read_aloud::{Seen, TYPED_ID};
    let found = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = found.clone();
    let typed = iced::widget::Id::new(TYPED_ID);
    let mut ui =
        iced_test::Simulator::with_size(entre::ui::settings(), common::viewport(), app.view());
    let _ = ui.find(move |c: iced_selector::Candidate<'_>| {
        match c {
            iced_selector::Candidate::Text {
                content, bounds, ..
            } => sink
                .lock()
                .unwrap()
                .push(Seen::Text(bounds, content.to_string())),
            iced_selector::Candidate::Container {
                id: Some(id),
                bounds,
                ..
            } if *id == typed => sink.lock().unwrap().push(Seen::Typed(bounds)),
            _ => {}
        }
        None::<()>
    });
    let seen = found.lock().unwrap().clone();
    entre::ui::read_aloud::spoken(seen, rtl)
}

fn search_kiosk(dir: &Path) -> entre::ui::App {
    let src = common::DEMO
        .replace("find = \"list\"", "find = \"search\"")
        .replace("visitor_name = \"none\"", "visitor_name = \"first_name\"");
    assert!(src.contains("find = \"search\""));
    common::app_for(common::config_from(&src, dir))
}

#[test]
fn what_the_visitor_typed_is_never_read_aloud() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = search_kiosk(dir.path());
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    // The search field, with letters that match no one.
    for key in ["Q", "X", "Z"] {
        tap(&mut app, key);
    }
    assert!(common::shows(&app, "Qxz|"), "typed");
    let said = spoken(&app, false);
    assert!(said.contains(&t("sv", "checkin-search-none")), "{said}");
    assert!(!said.to_lowercase().contains("qxz"), "{said}");
    // Letters that match: the officer's name is read, the typed letters not.
    for _ in 0..3 {
        common::tap_id(&mut app, "key:backspace");
    }
    for key in ["L", "I", "N"] {
        tap(&mut app, key);
    }
    assert!(common::shows(&app, "Lin|"));
    let said = spoken(&app, false);
    assert!(said.contains("Anna Lind"), "{said}");
    assert!(
        !said
            .lines()
            .any(|l| l.trim_end_matches('.').trim() == "Lin|"),
        "{said}"
    );
    assert!(!said.contains("Lin|"), "{said}");

    // The visitor's name.
    tap(&mut app, "Anna Lind");
    assert!(common::shows(&app, &t("sv", "checkin-name-title-first")));
    let prompt = spoken(&app, false);
    assert!(
        prompt.contains(&t("sv", "checkin-name-title-first")),
        "the prompt is read: {prompt}"
    );
    for key in ["F", "A", "T", "I", "M", "A"] {
        tap(&mut app, key);
    }
    assert!(common::shows(&app, "Fatima|"));
    let said = spoken(&app, false);
    assert!(said.contains(&t("sv", "checkin-name-why")), "{said}");
    assert!(!said.to_lowercase().contains("fatima"), "{said}");
}

/// The first thing a task does (a widget operation reads the screen):
/// whether it reads the screen at all.
fn reads_the_screen(rt: &tokio::runtime::Runtime, task: iced::Task<entre::ui::Message>) -> bool {
    use iced::futures::StreamExt;
    let Some(mut stream) = iced_runtime::task::into_stream(task) else {
        return false;
    };
    // Only the first action: the operation waits for a UI that is not
    // here, and is dropped unrun.
    rt.block_on(stream.next())
        .is_some_and(|a| matches!(a, iced_runtime::Action::Widget(_)))
}

fn open_errand(app: &mut entre::ui::App, lang: &str, name: &str, errand: &str) {
    tap(app, name);
    tap(app, &t(lang, "purpose-guidance"));
    let _ = app.update(entre::ui::Message::ErrandList(
        entre::ui::screen::errand_list::Message::Chose(errand.into()),
    ));
}

#[test]
fn a_confidential_page_asks_before_it_is_read_aloud() {
    use entre::ui::Message;
    use entre::ui::screen::read_aloud_confirm::Message as Answer;
    let rt = common::rt();
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::demo_app(dir.path());
    let voices = entre::speech::Voices::from_pairs([("sv", "sv"), ("ar", "ar"), ("ti", "am")]);
    let _ = app.update(Message::Voices(voices));
    let speak = entre::ui::widget::SPEAK_ID;

    // A page that is not confidential is read at once.
    open_errand(&mut app, "sv", "Svenska", "preschool");
    let task = app.update(Message::ReadAloud);
    assert!(!common::shows(&app, &t("sv", "readaloud-confirm")));
    assert!(reads_the_screen(&rt, task));
    let _ = app.update(Message::Tick(
        iced::time::Instant::now() + std::time::Duration::from_secs(24 * 3600),
    ));

    // Debt advice is confidential: the question first, nothing read.
    open_errand(&mut app, "sv", "Svenska", "debt-advice");
    assert!(common::find_id(&app, speak));
    let asked = app.update(Message::ReadAloud);
    assert!(common::shows(&app, &t("sv", "readaloud-confirm")));
    assert!(!reads_the_screen(&rt, asked));
    // Under the question nothing else can be tapped; its targets are big.
    let targets = common::tappables(&app);
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert!(targets.iter().all(|r| r.height >= 80.0), "{targets:?}");
    assert!(common::snapshot(&app, "readaloud-confirm-sv"));

    // "No": back to the page, silent.
    let mut tasks = Vec::new();
    for m in common::click(&app, &t("sv", "readaloud-no")) {
        assert!(matches!(m, Message::ReadAloudConfirm(Answer::No)), "{m:?}");
        tasks.push(app.update(m));
    }
    assert!(tasks.into_iter().all(|task| !reads_the_screen(&rt, task)));
    assert!(!common::shows(&app, &t("sv", "readaloud-confirm")));
    assert!(matches!(app.screen(), entre::ui::Screen::Errand(_)));

    // Asked again, "Read aloud": the question goes, the page is read.
    common::tap_id(&mut app, speak);
    assert!(common::shows(&app, &t("sv", "readaloud-confirm")));
    let mut read = false;
    for m in common::click(&app, &t("sv", "readaloud-yes")) {
        assert!(
            matches!(m, Message::ReadAloudConfirm(Answer::ReadAloud)),
            "{m:?}"
        );
        let task = app.update(m);
        read |= reads_the_screen(&rt, task);
    }
    assert!(read, "read aloud after yes");
    assert!(!common::shows(&app, &t("sv", "readaloud-confirm")));

    // The question in Arabic and Tigrinya, as committed.
    for (lang, name) in [("ar", "العربية"), ("ti", "ትግርኛ")] {
        let _ = app.update(Message::Tick(
            iced::time::Instant::now() + std::time::Duration::from_secs(24 * 3600),
        ));
        open_errand(&mut app, lang, name, "migration");
        common::tap_id(&mut app, speak);
        assert!(
            common::shows(&app, &t(lang, "readaloud-confirm")),
            "{lang}: {:?} {:?}",
            app.screen(),
            common::texts_with_bounds(&app)
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
        );
        assert!(common::shows(&app, &t(lang, "readaloud-yes")), "{lang}");
        assert!(
            common::snapshot(&app, &format!("readaloud-confirm-{lang}")),
            "{lang}"
        );
        // An idle reset drops the question with the visit.
        let _ = app.update(Message::Tick(
            iced::time::Instant::now() + std::time::Duration::from_secs(24 * 3600),
        ));
        assert!(!common::shows(&app, &t("sv", "readaloud-confirm")));
    }
}
