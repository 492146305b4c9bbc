//! Retention on real SQLite files: personal data goes after
//! `retention_days` (and is then nowhere in the files' bytes), statistics
//! after `stats_retention_days`, in one transaction.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use entre::config::{Config, VisitorName};
use entre::outbound::mail::{self, Arrival, Sender};
use entre::outbound::worker::Outbox;
use entre::store::{ABANDONED, MailState, Purged, Store, Visit, now_ms, purge_report};

const DAY: i64 = 24 * 60 * 60 * 1000;

struct Kiosk {
    _dir: tempfile::TempDir,
    config: Config,
    store: Store,
}

impl Kiosk {
    /// The demo kiosk with first names in mail and a fresh database.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = common::demo_config(dir.path());
        config.privacy.visitor_name = VisitorName::FirstName;
        let store = Store::open(&config.kiosk.database).unwrap();
        Kiosk {
            _dir: dir,
            config,
            store,
        }
    }

    fn db(&self) -> &Path {
        &self.config.kiosk.database
    }

    /// A check-in at `at_ms` with officer `officer` of the demo, recorded
    /// as the confirm tap does (visit + mail, due at once). Returns the
    /// mail's outbox id and its raw bytes.
    fn checkin(&self, officer: usize, typed: &str, at_ms: i64) -> (i64, Vec<u8>) {
        let officer = &self.config.officers[officer];
        let mut visit = Visit::new("appointment", "sv");
        visit.at_ms = at_ms;
        visit.checkin_unit = Some(officer.unit.clone());
        let arrival = Arrival {
            officer_name: &officer.name,
            officer_email: &officer.email,
            visitor: mail::visitor_label(self.config.privacy.visitor_name, typed),
            arrived_at_ms: at_ms,
            kiosk_id: &self.config.kiosk.id,
            office: &self.config.office,
        };
        let out = mail::arrival(&common::catalog(), &self.config.mail.from, &arrival).unwrap();
        let id = self.store.record_checkin(&visit, &out, at_ms).unwrap();
        (id, out.raw)
    }

    /// A plain connection to the database, as another process would have.
    fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db()).unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.sql().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

/// The database file and its companions, as bytes (missing ones empty).
fn files(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let p = PathBuf::from(p);
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The files that hold `needle`.
fn holding(db: &Path, needle: &str) -> Vec<PathBuf> {
    files(db)
        .into_iter()
        .filter(|(_, bytes)| contains(bytes, needle.as_bytes()))
        .map(|(p, _)| p)
        .collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_purged_name_is_nowhere_in_the_files_and_recent_mail_is_still_delivered() {
    let k = Kiosk::new();
    let now = now_ms();
    // Delivered 40 days ago, to Anna Lind.
    let (old, old_raw) = k.checkin(0, "Zyxwvutsrq Svensson", now - 40 * DAY);
    k.store.mark_sent(old, now - 40 * DAY + 60_000).unwrap();
    // Five days ago, to Mohammed Haddad, not yet delivered.
    let (recent, recent_raw) = k.checkin(2, "Mnbvcxzlkj", now - 5 * DAY);

    // What the old mail holds that is personal, exactly as it is stored:
    // the first name (the body is quoted-printable: ASCII stays as it is,
    // in the text and the HTML part), the officer's name and address.
    let old_text = String::from_utf8(old_raw.clone()).unwrap();
    let needles = [
        "Zyxwvutsrq",
        "Besökaren: Zyxwvutsrq",
        "Anna Lind",
        "anna.lind@demo.example.org",
    ];
    assert_eq!(old_text.matches("Zyxwvutsrq").count(), 2, "{old_text}");
    assert!(!old_text.contains("Svensson"), "first name only");
    for needle in needles {
        // "Besökaren" is written as quoted-printable in the mail: look for
        // the bytes as they are.
        let stored = needle.replace("ö", "=C3=B6");
        assert!(old_text.contains(&stored), "{stored} in {old_text}");
        assert!(
            !holding(k.db(), &stored).is_empty(),
            "{stored} is in the files before the purge (the test is not vacuous)"
        );
    }
    assert!(!holding(k.db(), "Mnbvcxzlkj").is_empty());

    let started = std::time::Instant::now();
    let purged = k.store.purge(now, 30, 1100).unwrap();
    let took = started.elapsed();
    assert_eq!(
        purged,
        Purged {
            mail_bodies: 1,
            mail_abandoned: 0,
            errors: 0,
            visits: 0,
            mail_files: 0,
            retention_days: 30,
            stats_retention_days: 1100,
            checkpoint_complete: true,
        }
    );
    assert!(took < Duration::from_secs(2), "purge took {took:?}");

    for needle in needles {
        let stored = needle.replace("ö", "=C3=B6");
        assert_eq!(
            holding(k.db(), &stored),
            Vec::<PathBuf>::new(),
            "{stored} is gone from every file"
        );
    }
    let wal = files(k.db())[1].1.len();
    assert_eq!(wal, 0, "the write-ahead log is truncated");
    assert_eq!(
        holding(k.db(), "Mnbvcxzlkj"),
        vec![k.db().to_path_buf()],
        "the recent mail is kept"
    );

    // The old mail: delivered, without body, recipient or error.
    let (mail, state) = k.store.mail(old).unwrap().unwrap();
    assert_eq!(state, MailState::Sent);
    assert!(mail.mail.raw.is_empty() && mail.mail.to.is_empty());
    assert!(!mail.mail.message_id.is_empty(), "the Message-ID stays");
    // Statistics stay.
    assert_eq!(k.store.visit_count().unwrap(), 2);

    // The recent mail is as it was and the worker still delivers it.
    let (mail, state) = k.store.mail(recent).unwrap().unwrap();
    assert_eq!((state, &mail.mail.raw), (MailState::Pending, &recent_raw));
    let outbox = Outbox::new(
        k.store.clone(),
        Sender::from_config(&k.config.mail).unwrap(),
        Duration::from_secs(k.config.mail.give_up_after_h * 3600),
    );
    let report = runtime().block_on(outbox.run_once()).unwrap();
    assert_eq!((report.sent, report.failed, report.gave_up), (1, 0, 0));
    assert_eq!(k.store.mail(recent).unwrap().unwrap().1, MailState::Sent);
    let entre::config::Transport::File { dir } = &k.config.mail.transport else {
        panic!("the demo writes mail to files");
    };
    let delivered: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(delivered.len(), 1);
    assert!(delivered[0].contains("Mnbvcxzlkj"));
    assert!(!delivered[0].contains("Zyxwvutsrq"));
}

#[test]
fn undelivered_mail_is_given_up_and_error_texts_go() {
    let k = Kiosk::new();
    let now = now_ms();
    let address_error = "recipient refused (550 5.1.1 <anna.lind@demo.example.org>: no such user)";
    // Waiting for 35 days, its last attempt failed.
    let (waiting, _) = k.checkin(0, "Qwertzuiop", now - 35 * DAY);
    k.store
        .mark_failed(waiting, address_error, now + 60_000)
        .unwrap();
    // Given up by the worker 32 days ago.
    let (given_up, _) = k.checkin(0, "Asdfghjklo", now - 33 * DAY);
    k.store
        .mark_gave_up(given_up, "connection refused by the relay", now - 32 * DAY)
        .unwrap();
    // Waiting for 2 days: kept, error and all.
    let (young, young_raw) = k.checkin(1, "Yxcvbnmlkj", now - 2 * DAY);
    k.store.mark_failed(young, address_error, now).unwrap();
    // Hub errors: one from 31 days ago, one from yesterday (the hub's last
    // error, kept).
    k.store
        .record_hub_error("hub: refused <anna.lind@demo.example.org>", now - 31 * DAY)
        .unwrap();
    k.store
        .record_hub_error("hub: timed out", now - DAY)
        .unwrap();

    let purged = k.store.purge(now, 30, 1100).unwrap();
    assert_eq!(
        (
            purged.mail_bodies,
            purged.mail_abandoned,
            purged.errors,
            purged.visits
        ),
        (2, 1, 3, 0),
        "{purged:?}"
    );
    assert!(purged.checkpoint_complete);

    let row = |id: i64| -> (
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<i64>,
    ) {
        k.sql()
            .query_row(
                "SELECT payload, envelope_to, last_error, gave_up_ms, sent_ms
                 FROM outbox WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap()
    };
    assert_eq!(
        row(waiting),
        (
            String::new(),
            None,
            Some(ABANDONED.to_string()),
            Some(now),
            None
        ),
        "given up now, with the reason, without body or recipient"
    );
    assert_eq!(
        row(given_up),
        (String::new(), None, None, Some(now - 32 * DAY), None),
        "the worker's error text is gone"
    );
    let (payload, to, error, gave_up, _) = row(young);
    assert_eq!(payload.as_bytes(), young_raw.as_slice());
    assert_eq!(to.as_deref(), Some("asa.ostlund@demo.example.org"));
    assert_eq!(error.as_deref(), Some(address_error));
    assert_eq!(gave_up, None);
    assert_eq!(k.store.mail(waiting).unwrap().unwrap().1, MailState::GaveUp);
    // A worker that was mid-send when the purge gave the mail up cannot
    // bring an address back into its error text.
    k.store.mark_failed(waiting, address_error, now).unwrap();
    k.store.mark_gave_up(waiting, address_error, now).unwrap();
    assert_eq!(row(waiting).2.as_deref(), Some(ABANDONED));
    assert_eq!(k.store.mail_pending().unwrap(), 1, "only the young mail");
    let due: Vec<i64> = k
        .store
        .due_mail(now + DAY, 10)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(due, vec![young], "an empty body is never sent");
    let hub: Vec<String> = k
        .store
        .unreported_hub_errors(10)
        .unwrap()
        .into_iter()
        .map(|(_, _, what)| what)
        .collect();
    assert_eq!(hub, vec!["hub: timed out".to_string()]);
    assert_eq!(
        k.store.hub_state().unwrap().last_error.as_deref(),
        Some("hub: timed out")
    );
    assert!(holding(k.db(), "Qwertzuiop").is_empty());
    assert!(holding(k.db(), "Asdfghjklo").is_empty());
    assert!(holding(k.db(), "hub: refused").is_empty());

    // Nothing more to do, and the reason stays.
    let again = k.store.purge(now + 60_000, 30, 1100).unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(row(waiting).2.as_deref(), Some(ABANDONED));

    // The hub's last error goes too once it is old.
    let later = k.store.purge(now + 30 * DAY, 30, 1100).unwrap();
    assert_eq!(k.store.hub_state().unwrap().last_error, None);
    assert!(k.store.unreported_hub_errors(10).unwrap().is_empty());
    // The young mail's error text, its hub error, the hub's last error.
    assert_eq!(
        (later.mail_bodies, later.mail_abandoned, later.errors),
        (1, 1, 3),
        "{later:?}"
    );
}

#[test]
fn visits_go_after_stats_retention_with_their_outbox_rows() {
    let k = Kiosk::new();
    let now = now_ms();
    let cutoff = now - 1100 * DAY;
    let at = |ms: i64, purpose: &str| {
        let mut v = Visit::new(purpose, "sv");
        v.at_ms = ms;
        v
    };
    let mut guided = at(now - 1200 * DAY, "errand");
    guided.errand = Some("housing".into());
    guided.learned = Some(true);
    let mut kept_survey = at(now - 1099 * DAY, "errand");
    kept_survey.errand = Some("housing".into());
    kept_survey.self_next_time = Some(false);
    k.store
        .record_visits(&[
            guided,
            at(now - 1200 * DAY, "guide"),
            at(cutoff - 1, "computer"),
            at(cutoff, "computer"),
            kept_survey.clone(),
            at(now - 10 * DAY, "guide"),
        ])
        .unwrap();
    // A check-in 1150 days ago, its mail delivered then.
    let (old_mail, _) = k.checkin(0, "Poiuytrewq", now - 1150 * DAY);
    k.store.mark_sent(old_mail, now - 1150 * DAY).unwrap();
    assert_eq!(k.store.visit_count().unwrap(), 7);
    assert_eq!(k.count("SELECT count(*) FROM outbox"), 8);

    let purged = k.store.purge(now, 30, 1100).unwrap();
    assert_eq!(
        purged,
        Purged {
            mail_bodies: 1,
            mail_abandoned: 0,
            errors: 0,
            visits: 4,
            mail_files: 0,
            retention_days: 30,
            stats_retention_days: 1100,
            checkpoint_complete: true,
        }
    );
    assert_eq!(k.store.visit_count().unwrap(), 3, "at the cutoff and after");
    assert_eq!(
        k.count("SELECT count(*) FROM outbox"),
        3,
        "one hub row for each visit kept"
    );
    assert_eq!(
        k.count("SELECT count(*) FROM outbox WHERE visit_id NOT IN (SELECT id FROM visit)"),
        0
    );
    assert_eq!(k.store.mail(old_mail).unwrap(), None);
    let (learned, self_next): (Option<bool>, Option<bool>) = k
        .sql()
        .query_row(
            "SELECT learned, self_next_time FROM visit WHERE id = ?1",
            [&kept_survey.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((learned, self_next), (None, Some(false)), "kept as it was");
    assert!(holding(k.db(), "Poiuytrewq").is_empty());

    let again = k.store.purge(now, 30, 1100).unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert!(again.checkpoint_complete);
    assert_eq!(k.store.visit_count().unwrap(), 3);
}

#[test]
fn deleting_many_visits_takes_no_time() {
    // The cascade finds a visit's outbox rows through the index
    // outbox_visit (schema V4); without it, each visit deleted scanned the
    // whole outbox (20 000 × 20 000 rows: about 40 s).
    let k = Kiosk::new();
    let now = now_ms();
    let visits: Vec<Visit> = (0..20_000)
        .map(|i| {
            let mut v = Visit::new("guide", "sv");
            v.at_ms = now - 1200 * DAY + i * 60_000;
            v
        })
        .collect();
    k.store.record_visits(&visits).unwrap();
    let started = std::time::Instant::now();
    let purged = k.store.purge(now, 30, 1100).unwrap();
    let took = started.elapsed();
    assert_eq!(purged.visits, 20_000);
    assert_eq!(k.count("SELECT count(*) FROM outbox"), 0);
    // What keeps it fast is the index, not a time limit in a test.
    assert_eq!(
        k.count(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'outbox_visit'"
        ),
        1
    );
    eprintln!("purged 20 000 visits in {took:?}");
}

#[test]
fn entre_purge_prints_counts_only() {
    let k = Kiosk::new();
    let now = now_ms();
    let (old, _) = k.checkin(0, "Qazwsxedcv", now - 40 * DAY);
    k.store.mark_sent(old, now - 40 * DAY).unwrap();
    let config = k._dir.path().join("kiosk.toml");
    std::fs::write(&config, common::DEMO).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entre"))
        .arg("--config")
        .arg(&config)
        .arg("purge")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.starts_with("purged: 1 mail body, "), "{said}");
    assert!(!said.contains("Qazwsxedcv"));
    assert!(k.store.mail(old).unwrap().unwrap().0.mail.raw.is_empty());
}

#[test]
fn a_purge_that_fails_midway_changes_nothing() {
    let k = Kiosk::new();
    let now = now_ms();
    let (old, old_raw) = k.checkin(0, "Lkjhgfdsaz", now - 40 * DAY);
    k.store.mark_sent(old, now - 40 * DAY).unwrap();
    k.store
        .record_hub_error("hub: refused", now - 40 * DAY)
        .unwrap();
    let mut ancient = Visit::new("guide", "sv");
    ancient.at_ms = now - 2000 * DAY;
    k.store.record_visit(&ancient).unwrap();
    // The last step (deleting visits) fails, after the mail and the errors
    // were purged in the same transaction.
    k.sql()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE DELETE ON visit
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .unwrap();

    let err = k.store.purge(now, 30, 1100).unwrap_err();
    assert!(err.to_string().contains("refused by the test"), "{err}");
    let (mail, _) = k.store.mail(old).unwrap().unwrap();
    assert_eq!(mail.mail.raw, old_raw, "the mail body is still there");
    assert_eq!(k.store.unreported_hub_errors(10).unwrap().len(), 1);
    assert_eq!(
        k.store.hub_state().unwrap().last_error.as_deref(),
        Some("hub: refused")
    );
    assert_eq!(k.store.visit_count().unwrap(), 2);

    k.sql().execute_batch("DROP TRIGGER refuse").unwrap();
    let purged = k.store.purge(now, 30, 1100).unwrap();
    assert_eq!(
        (purged.mail_bodies, purged.errors, purged.visits),
        (1, 2, 1),
        "{purged:?}"
    );
    assert!(holding(k.db(), "Lkjhgfdsaz").is_empty());
}

#[test]
fn a_reader_keeps_the_log_until_the_next_purge() {
    let k = Kiosk::new();
    let now = now_ms();
    let (old, _) = k.checkin(0, "Ujmnhzbgtr", now - 40 * DAY);
    k.store.mark_sent(old, now - 40 * DAY).unwrap();
    // Another process (`entre status`) in the middle of reading.
    let reader = k.sql();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();

    let purged = k.store.purge(now, 30, 1100).unwrap();
    assert_eq!(purged.mail_bodies, 1);
    assert!(!purged.checkpoint_complete);
    assert!(purge_report(&purged).contains("not checkpointed"));
    assert!(
        !holding(k.db(), "Ujmnhzbgtr").is_empty(),
        "still in the log the reader holds"
    );

    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let next = k.store.purge(now + DAY, 30, 1100).unwrap();
    assert!(next.is_empty() && next.checkpoint_complete, "{next:?}");
    assert!(holding(k.db(), "Ujmnhzbgtr").is_empty());
}

#[test]
fn the_report_is_one_line_of_counts() {
    let p = Purged {
        mail_bodies: 3,
        mail_abandoned: 1,
        errors: 2,
        visits: 0,
        mail_files: 0,
        retention_days: 30,
        stats_retention_days: 1100,
        checkpoint_complete: true,
    };
    assert_eq!(
        purge_report(&p),
        "purged: 3 mail bodies (1 undelivered), 2 error texts older than 30 days, \
         0 visits older than 1100 days; WAL checkpointed"
    );
    let one = Purged {
        mail_bodies: 1,
        errors: 1,
        visits: 1,
        retention_days: 7,
        stats_retention_days: 30,
        checkpoint_complete: true,
        ..Purged::default()
    };
    assert_eq!(
        purge_report(&one),
        "purged: 1 mail body, 1 error text older than 7 days, \
         1 visit older than 30 days; WAL checkpointed"
    );
}

#[test]
fn purge_config_uses_the_privacy_limits() {
    let k = Kiosk::new();
    let now = now_ms();
    let (id, _) = k.checkin(0, "Rtzuiopasd", now - 31 * DAY);
    k.store.mark_sent(id, now).unwrap();
    assert_eq!(k.config.privacy.retention_days, 30);
    let purged = k.store.purge_config(&k.config, now).unwrap();
    assert_eq!((purged.mail_bodies, purged.stats_retention_days), (1, 1100));
}

#[test]
fn the_kiosk_purges_when_it_starts_without_a_word_to_the_screens() {
    use iced::futures::StreamExt;
    let k = Kiosk::new();
    let now = now_ms();
    let (old, _) = k.checkin(0, "Wsxedcrfvt", now - 40 * DAY);
    k.store.mark_sent(old, now - 40 * DAY).unwrap();
    let app = common::app_for(k.config.clone());
    let mut stream = iced_runtime::task::into_stream(app.boot()).expect("boot starts workers");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    runtime().block_on(async {
        while !k.store.mail(old).unwrap().unwrap().0.mail.raw.is_empty() {
            assert!(
                std::time::Instant::now() < deadline,
                "not purged within 10 s of the start"
            );
            if let Ok(Some(iced_runtime::Action::Output(m))) =
                tokio::time::timeout(Duration::from_millis(50), stream.next()).await
            {
                assert!(
                    !matches!(m, entre::ui::Message::WorkerStopped),
                    "a worker stopped"
                );
            }
        }
    });
    assert!(holding(k.db(), "Wsxedcrfvt").is_empty());
}

#[test]
fn the_purge_deletes_the_file_transports_old_mail_and_keeps_the_rest() {
    let k = Kiosk::new();
    let entre::config::Transport::File { dir } = &k.config.mail.transport else {
        panic!("the demo writes .eml files");
    };
    let sender = Sender::from_config(&k.config.mail).unwrap();
    let rt = runtime();
    let now = now_ms();
    let officer = &k.config.officers[0];
    let mail_for = |typed: &str| {
        let arrival = Arrival {
            officer_name: &officer.name,
            officer_email: &officer.email,
            visitor: mail::visitor_label(VisitorName::FirstName, typed),
            arrived_at_ms: now,
            kiosk_id: &k.config.kiosk.id,
            office: &k.config.office,
        };
        mail::arrival(&common::catalog(), &k.config.mail.from, &arrival).unwrap()
    };
    let eml = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        v.sort();
        v
    };
    let age = |file: &Path, days: u64| {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - Duration::from_secs(days * 86_400))
            .unwrap();
    };
    // A mail written by the real file transport, 31 days ago…
    rt.block_on(sender.send(&mail_for("Oldvisitorx"))).unwrap();
    let old = eml(dir);
    assert_eq!(old.len(), 1);
    age(&old[0], 31);
    // …one written 29 days ago and one today…
    rt.block_on(sender.send(&mail_for("Middlevisit"))).unwrap();
    let middle = eml(dir).into_iter().find(|p| !old.contains(p)).unwrap();
    age(&middle, 29);
    rt.block_on(sender.send(&mail_for("Newvisitorx"))).unwrap();
    // …and an old file the kiosk did not write.
    let notes = dir.join("notes.eml");
    std::fs::write(&notes, "Oldvisitorx is not ours to delete").unwrap();
    age(&notes, 400);
    assert_eq!(eml(dir).len(), 4);

    let purged = k.store.purge_config(&k.config, now).unwrap();
    assert_eq!(purged.mail_files, 1, "{purged:?}");
    assert!(
        purge_report(&purged).contains(", 1 mail file,"),
        "{}",
        purge_report(&purged)
    );
    assert!(
        !old[0].exists(),
        "the mail older than retention_days is gone"
    );
    assert!(middle.exists() && notes.exists());
    assert_eq!(eml(dir).len(), 3);
    let names: Vec<String> = eml(dir)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(names.iter().any(|m| m.contains("Newvisitorx")));
    assert!(names.iter().any(|m| m.contains("Middlevisit")));
    assert!(
        !names
            .iter()
            .any(|m| m.contains("Oldvisitorx") && !m.contains("not ours")),
        "the old visitor's name is on disk only in the file that is not the kiosk's"
    );
    // A second purge finds nothing more.
    assert_eq!(k.store.purge_config(&k.config, now).unwrap().mail_files, 0);
}
