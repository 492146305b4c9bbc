//! "I have an appointment", tapped through the screens (simulator) with a
//! real SMTP server on 127.0.0.1 receiving the arrival mail.

mod common;

use std::time::Duration;

use common::smtp::{Options, SmtpServer};
use common::{shows, t, tap, tap_id, tap_run};
use entre::ui::App;
use entre::ui::app::Screen;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The demo kiosk with its mail going to `port`, and `edit` applied.
fn kiosk(dir: &std::path::Path, port: u16, edit: impl FnOnce(String) -> String) -> App {
    let src = common::DEMO.replace(
        "transport = \"file\"           # \"file\" (demo: .eml files) or \"smtp\"",
        &format!("transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_s = 3"),
    );
    common::app_for(common::config_from(&edit(src), dir))
}

fn officer_says(lang: &str, id: &str, officer: &str) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("officer", officer.to_string());
    common::catalog().text(lang, id, Some(&args))
}

#[test]
fn list_mode_check_in_reaches_the_officer_once() {
    let rt = rt();
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), server.port, |s| s);

    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    assert!(shows(&app, &t("sv", "checkin-units-title")));
    tap(&mut app, "Ekonomiskt bistånd");
    assert!(shows(&app, &t("sv", "checkin-officers-title")));
    assert!(!shows(&app, "Åsa Östlund"), "only the unit's officers");
    tap(&mut app, "Anna Lind");
    assert!(shows(
        &app,
        &officer_says("sv", "checkin-confirm-title", "Anna Lind")
    ));
    tap_run(&rt, &mut app, &t("sv", "checkin-confirm-yes"));

    assert!(
        shows(&app, &officer_says("sv", "checkin-done-ok", "Anna Lind")),
        "the visitor is told the officer knows"
    );
    let got = server.wait_for(1, Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_tos, vec!["anna.lind@demo.example.org"]);
    assert!(
        got[0].raw.contains("Subject: =?utf-8?") || got[0].raw.contains("Subject: Bes"),
        "{}",
        got[0].raw
    );

    // Back is gone; "Done" starts over and nothing of the visit is left.
    tap(&mut app, &t("sv", "checkin-done-button"));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
    assert!(!shows(&app, "Anna Lind"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.messages().len(), 1, "exactly one message");
}

#[test]
fn the_visitor_may_type_a_name_and_the_mail_says_only_the_initials() {
    let rt = rt();
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), server.port, |s| {
        s.replace("visitor_name = \"none\"", "visitor_name = \"initials\"")
    });
    tap(&mut app, "English");
    tap(&mut app, &t("en", "purpose-checkin"));
    tap(&mut app, "Familj och förskola");
    tap(&mut app, "Åsa Östlund");
    assert!(shows(&app, &t("en", "checkin-name-title-initials")));
    for key in ["F", "A", "T", "I", "M", "A"] {
        tap(&mut app, key);
    }
    tap(&mut app, &t("en", "checkin-name-next"));
    assert!(shows(
        &app,
        &officer_says("en", "checkin-confirm-title", "Åsa Östlund")
    ));
    // Back keeps what was typed; forward again.
    tap(&mut app, &t("en", "nav-back"));
    assert!(shows(&app, "Fatima|"));
    tap(&mut app, &t("en", "checkin-name-next"));
    tap_run(&rt, &mut app, &t("en", "checkin-confirm-yes"));
    assert!(shows(
        &app,
        &officer_says("en", "checkin-done-ok", "Åsa Östlund")
    ));
    let got = server.wait_for(1, Duration::from_secs(10));
    assert!(got[0].raw.contains("F."), "{}", got[0].raw);
    assert!(!got[0].raw.contains("Fatima"), "only the initials");
}

#[test]
fn relay_down_tells_the_visitor_to_go_to_the_desk_and_the_mail_arrives_later() {
    let rt = rt();
    let mut server = SmtpServer::start(Options::default());
    server.stop();
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), server.port, |s| s);
    tap(&mut app, "العربية");
    tap(&mut app, &t("ar", "purpose-checkin"));
    tap(&mut app, "Ekonomiskt bistånd");
    tap(&mut app, "Anna Lind");
    tap_run(&rt, &mut app, &t("ar", "checkin-confirm-yes"));
    // Arabic with a Latin name in it is broken into lines by the kiosk.
    assert!(
        common::find_flowing(
            &app,
            &officer_says("ar", "checkin-done-failed", "Anna Lind")
        )
        .is_some(),
        "honest: not reached"
    );

    server.restart();
    let config = common::config_from(
        &common::DEMO.replace(
            "transport = \"file\"           # \"file\" (demo: .eml files) or \"smtp\"",
            &format!(
                "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"",
                server.port
            ),
        ),
        dir.path(),
    );
    let store = entre::store::Store::open(&config.kiosk.database).unwrap();
    let outbox = entre::outbound::worker::Outbox::new(
        store,
        entre::outbound::mail::Sender::from_config(&config.mail).unwrap(),
        Duration::from_secs(3600),
    );
    // As at the next start of the kiosk (or its worker's next pass).
    outbox.recover().unwrap();
    rt.block_on(outbox.run_once()).unwrap();
    assert_eq!(server.wait_for(1, Duration::from_secs(10)).len(), 1);
}

#[test]
fn an_officer_who_is_away_sends_the_visitor_to_the_desk() {
    let rt = rt();
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), server.port, |s| s);
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    tap(&mut app, "Budget- och skuldrådgivning");
    tap_run(&rt, &mut app, "Mohammed Haddad");
    assert!(shows(
        &app,
        &officer_says("sv", "checkin-away", "Mohammed Haddad")
    ));
    assert!(
        shows(&app, &t("sv", "checkin-done-button")),
        "not a dead end"
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.messages().is_empty(), "no mail to an absent officer");
}

#[test]
fn search_mode_finds_by_first_letters_ignoring_accents() {
    let rt = rt();
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), server.port, |s| {
        s.replace("find = \"list\"", "find = \"search\"")
    });
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    assert!(shows(&app, &t("sv", "checkin-search-hint")));
    for name in ["Anna Lind", "Åsa Östlund", "Mohammed Haddad"] {
        assert!(!shows(&app, name), "the staff list is never shown");
    }
    tap(&mut app, "O");
    assert!(!shows(&app, "Åsa Östlund"), "one letter is not enough");
    tap(&mut app, "S");
    assert!(shows(&app, "Åsa Östlund"), "\"os\" finds Östlund");
    tap_run(&rt, &mut app, "Åsa Östlund");
    tap_run(&rt, &mut app, &t("sv", "checkin-confirm-yes"));
    assert!(shows(
        &app,
        &officer_says("sv", "checkin-done-ok", "Åsa Östlund")
    ));
    assert_eq!(
        server.wait_for(1, Duration::from_secs(10))[0].rcpt_tos,
        vec!["asa.ostlund@demo.example.org"]
    );
}

#[test]
fn list_mode_pages_with_big_buttons() {
    let dir = tempfile::tempdir().unwrap();
    let mut extra = String::new();
    for i in 1..=8 {
        extra.push_str(&format!(
            "\n[[unit]]\nid = \"u{i}\"\nname = \"Enhet {i}\"\n\n[[officer]]\nname = \"Person {i}\"\nunit = \"u{i}\"\nemail = \"p{i}@demo.example.org\"\n"
        ));
    }
    let mut app = kiosk(dir.path(), 1, |s| s + &extra);
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    assert!(shows(&app, "Ekonomiskt bistånd"));
    assert!(
        !shows(&app, "Enhet 8"),
        "eleven units do not fit on one page"
    );
    tap_id(&mut app, entre::ui::widget::NEXT_PAGE_ID);
    assert!(shows(&app, "Enhet 8"));
    assert!(!shows(&app, "Ekonomiskt bistånd"));
    tap_id(&mut app, entre::ui::widget::PREVIOUS_PAGE_ID);
    assert!(shows(&app, "Ekonomiskt bistånd"));
}

#[test]
fn the_result_leaves_the_screen_by_itself_and_forgets_the_visit() {
    let rt = rt();
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), server.port, |s| {
        s.replace("visitor_name = \"none\"", "visitor_name = \"first_name\"")
    });
    tap(&mut app, "English");
    tap(&mut app, &t("en", "purpose-checkin"));
    tap(&mut app, "Ekonomiskt bistånd");
    tap(&mut app, "Anna Lind");
    for key in ["S", "A", "R", "A"] {
        tap(&mut app, key);
    }
    tap(&mut app, &t("en", "checkin-name-next"));
    tap_run(&rt, &mut app, &t("en", "checkin-confirm-yes"));
    assert!(shows(
        &app,
        &officer_says("en", "checkin-done-ok", "Anna Lind")
    ));
    assert!(
        server.wait_for(1, Duration::from_secs(10))[0]
            .raw
            .contains("Sara")
    );

    // Within done_after_s (15 s) it stays; after it, the welcome screen.
    let now = iced::time::Instant::now();
    let _ = app.update(entre::ui::Message::Tick(now + Duration::from_secs(5)));
    assert!(matches!(app.screen(), Screen::Arrival(_)));
    let _ = app.update(entre::ui::Message::Tick(now + Duration::from_secs(16)));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
    assert_eq!(app.language(), "sv");
    assert!(
        !shows(&app, "Anna Lind") && !shows(&app, "Sara|"),
        "nothing of the visit"
    );
    // Back cannot bring any of it back.
    let _ = app.update(entre::ui::Message::Welcome(
        entre::ui::screen::welcome::Message::ChoseLanguage("en".into()),
    ));
    tap(&mut app, &t("en", "nav-back"));
    assert!(matches!(app.screen(), Screen::Welcome(_)));
}

/// One check-in with Anna Lind in Swedish, the visitor typing `name`.
fn check_in_as(app: &mut App, rt: &tokio::runtime::Runtime, name: &str) {
    tap(app, "Svenska");
    tap(app, &t("sv", "purpose-checkin"));
    tap(app, "Ekonomiskt bistånd");
    tap(app, "Anna Lind");
    for key in name.chars() {
        tap(app, &key.to_uppercase().to_string());
    }
    tap(app, &t("sv", "checkin-name-next"));
    tap_run(rt, app, &t("sv", "checkin-confirm-yes"));
}

#[test]
fn the_fourth_check_in_to_one_officer_within_ten_minutes_goes_to_the_desk() {
    let rt = rt();
    let server = SmtpServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let mut app = kiosk(dir.path(), server.port, |s| {
        s.replace("visitor_name = \"none\"", "visitor_name = \"first_name\"")
    });
    for name in ["Ali", "Bo", "Cem"] {
        check_in_as(&mut app, &rt, name);
        assert!(
            shows(&app, &officer_says("sv", "checkin-done-ok", "Anna Lind")),
            "{name}"
        );
        tap(&mut app, &t("sv", "checkin-done-button"));
    }
    assert_eq!(server.wait_for(3, Duration::from_secs(10)).len(), 3);

    // The 4th: the desk, honestly, and nothing sent.
    check_in_as(&mut app, &rt, "Zara");
    assert!(
        shows(&app, &officer_says("sv", "checkin-ask-desk", "Anna Lind")),
        "the desk message"
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.messages().len(), 3, "no 4th mail");

    // Counted for statistics like any other check-in, without a name.
    let db = rusqlite::Connection::open(dir.path().join("var/entre.sqlite")).unwrap();
    let visits: i64 = db
        .query_row(
            "SELECT count(*) FROM visit WHERE checkin_unit = 'social'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(visits, 4);
    let mails: Vec<String> = db
        .prepare("SELECT payload FROM outbox WHERE kind = 'mail'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(mails.len(), 3);
    assert!(mails.iter().all(|m| !m.contains("Zara")));
    let everything: String = db
        .prepare("SELECT quote(payload) || coalesce(last_error, '') FROM outbox")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
        .concat();
    assert!(!everything.contains("Zara"), "the name is kept nowhere");

    // Another officer is told as usual.
    tap(&mut app, &t("sv", "checkin-done-button"));
    tap(&mut app, "Svenska");
    tap(&mut app, &t("sv", "purpose-checkin"));
    tap(&mut app, "Familj och förskola");
    tap(&mut app, "Åsa Östlund");
    tap(&mut app, &t("sv", "checkin-name-skip"));
    tap_run(&rt, &mut app, &t("sv", "checkin-confirm-yes"));
    assert!(shows(
        &app,
        &officer_says("sv", "checkin-done-ok", "Åsa Östlund")
    ));
    assert_eq!(server.wait_for(4, Duration::from_secs(10)).len(), 4);
}
