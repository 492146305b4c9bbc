//! The Store trait's behaviour, every check on both engines: a real SQLite
//! file and a real PostgreSQL database (a throwaway cluster started here).

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use entre_hub::store::{
    ContentKind, ContentStatus, HeartbeatRow, Live, NewContent, Role, Session, Store, StoreError,
    User, VisitRow,
};

use common::engines;

const T0: i64 = 1_780_000_000_000;
const MIN: i64 = 60_000;

fn hash(n: u8) -> [u8; 32] {
    let mut h = [0u8; 32];
    h[0] = n;
    h[31] = 0xA5;
    h
}

fn visit(id: &str, office: &str, at_ms: i64) -> VisitRow {
    VisitRow {
        id: id.to_string(),
        kiosk: format!("{office}-kiosk"),
        office: office.to_string(),
        at_ms,
        purpose: "guidance".into(),
        errand: Some("passport".into()),
        language: "sv".into(),
        learned: Some(true),
        self_next_time: None,
        checkin_unit: None,
        gender: None,
        kind: entre_hub::store::VisitKind::Visit,
        meanwhile: false,
    }
}

fn beat(at: i64, version: &str, errors: &[(i64, &str)]) -> HeartbeatRow {
    HeartbeatRow {
        received_ms: at,
        version: version.into(),
        started_ms: Some(at - 3_600_000),
        mail_pending: 2,
        visits_pending: 17,
        oldest_pending_ms: Some(at - 5 * MIN),
        last_errors: errors.iter().map(|(t, w)| (*t, w.to_string())).collect(),
        content_version: Some("7".into()),
    }
}

fn draft(kind: ContentKind, office: Option<&str>, by: &str, payload: &str) -> NewContent {
    NewContent {
        kind,
        office: office.map(str::to_string),
        imported_by: by.into(),
        imported_ms: T0,
        summary: format!("{by} imported"),
        payload: payload.into(),
    }
}

fn user(name: &str, role: Role, office: Option<&str>) -> User {
    User {
        name: name.into(),
        role,
        office: office.map(str::to_string),
        password_hash: None,
        setup_token_sha256: None,
        setup_expires_ms: None,
        added_ms: T0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosks_add_revoke_heartbeat() {
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        s.kiosk_add("k1", "north", hash(1), T0).await.unwrap();
        s.kiosk_add("k2", "south", hash(2), T0 + 1).await.unwrap();
        // The same id again, even for another office and token: Conflict.
        match s.kiosk_add("k1", "south", hash(3), T0 + 2).await {
            Err(StoreError::Conflict(_)) => {}
            other => panic!("{n}: kiosk added twice: {other:?}"),
        }
        // Another id with a token already in use: Conflict too.
        match s.kiosk_add("k3", "south", hash(2), T0 + 2).await {
            Err(StoreError::Conflict(_)) => {}
            other => panic!("{n}: token reused: {other:?}"),
        }
        let k1 = s
            .kiosk_by_token(hash(1))
            .await
            .unwrap()
            .expect("k1 by token");
        assert_eq!(
            (
                k1.id.as_str(),
                k1.office.as_str(),
                k1.added_ms,
                k1.revoked_ms
            ),
            ("k1", "north", T0, None),
            "{n}"
        );
        assert_eq!(k1.heartbeat, None, "{n}");
        assert_eq!(s.kiosk_by_token(hash(9)).await.unwrap(), None, "{n}");

        // Heartbeats: the last one replaces the one before.
        s.heartbeat("k1", &beat(T0 + MIN, "1.0.0", &[(T0, "mail: timeout")]))
            .await
            .unwrap();
        let second = beat(
            T0 + 2 * MIN,
            "1.1.0",
            &[(T0 + MIN, "content: bad"), (T0 + 90_000, "again")],
        );
        s.heartbeat("k1", &second).await.unwrap();
        let k1 = s.kiosk_by_token(hash(1)).await.unwrap().unwrap();
        assert_eq!(k1.heartbeat.as_ref(), Some(&second), "{n}");
        let empty = HeartbeatRow {
            started_ms: None,
            oldest_pending_ms: None,
            content_version: None,
            last_errors: vec![],
            ..beat(T0 + 3 * MIN, "1.1.0", &[])
        };
        s.heartbeat("k2", &empty).await.unwrap();
        match s.heartbeat("nope", &empty).await {
            Err(StoreError::NotFound(_)) => {}
            other => panic!("{n}: heartbeat of an unknown kiosk: {other:?}"),
        }

        // Revoking: the token is refused; the first time is kept.
        s.kiosk_revoke("k1", T0 + 10 * MIN).await.unwrap();
        s.kiosk_revoke("k1", T0 + 20 * MIN).await.unwrap();
        assert_eq!(s.kiosk_by_token(hash(1)).await.unwrap(), None, "{n}");
        match s.kiosk_revoke("nope", T0).await {
            Err(StoreError::NotFound(_)) => {}
            other => panic!("{n}: revoke of an unknown kiosk: {other:?}"),
        }
        // A revoked kiosk's id stays taken.
        assert!(matches!(
            s.kiosk_add("k1", "north", hash(4), T0).await,
            Err(StoreError::Conflict(_))
        ));

        let all = s.kiosks().await.unwrap();
        let ids: Vec<_> = all.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, ["k1", "k2"], "{n}");
        assert_eq!(all[0].revoked_ms, Some(T0 + 10 * MIN), "{n}");
        assert_eq!(all[0].heartbeat.as_ref(), Some(&second), "{n}");
        assert_eq!(all[1].heartbeat.as_ref(), Some(&empty), "{n}");
        assert_eq!(all[1].revoked_ms, None, "{n}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visits_are_stored_once_by_id() {
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        s.visits_add(&[]).await.unwrap();
        let first = vec![
            visit("a", "north", T0),
            visit("b", "north", T0 + MIN),
            visit("c", "south", T0 + 2 * MIN),
        ];
        s.visits_add(&first).await.unwrap();
        // The same batch again (a kiosk that missed the answer), then the
        // same ids from another kiosk with other values, plus one new and
        // one twice within the batch: each id once, the first kept.
        s.visits_add(&first).await.unwrap();
        let mut changed = visit("a", "south", T0 + 9 * MIN);
        changed.kiosk = "other".into();
        s.visits_add(&[
            changed,
            visit("d", "south", T0 + 3 * MIN),
            visit("d", "south", T0 + 3 * MIN),
        ])
        .await
        .unwrap();
        let all = s.visits(None, i64::MIN, i64::MAX).await.unwrap();
        let mut want = first.clone();
        want.push(visit("d", "south", T0 + 3 * MIN));
        assert_eq!(all, want, "{n}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_overlapping_batches_store_each_id_once() {
    for e in engines().await {
        let n = e.name;
        // 8 senders (kiosks retrying, or two hub instances), each a batch
        // of 200 overlapping its neighbours', half of them in reverse
        // order, every sender twice.
        let mut tasks = Vec::new();
        for round in 0..2 {
            for t in 0..8usize {
                let s: Arc<dyn Store> = e.store.clone();
                tasks.push(tokio::spawn(async move {
                    let mut batch: Vec<VisitRow> = (t * 100..t * 100 + 200)
                        .map(|i| visit(&format!("id-{i:05}"), "north", T0 + i as i64))
                        .collect();
                    if (t + round) % 2 == 1 {
                        batch.reverse();
                    }
                    s.visits_add(&batch).await
                }));
            }
        }
        for t in tasks {
            t.await.unwrap().unwrap_or_else(|err| panic!("{n}: {err}"));
        }
        let all = e.store.visits(None, i64::MIN, i64::MAX).await.unwrap();
        let ids: HashSet<_> = all.iter().map(|v| v.id.clone()).collect();
        assert_eq!(all.len(), 900, "{n}: every id, once");
        assert_eq!(ids.len(), 900, "{n}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visits_filtered_by_office_and_range_in_order() {
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        // Sent out of order; two at the same minute (ordered by id).
        s.visits_add(&[
            visit("n3", "north", T0 + 2 * MIN),
            visit("s1", "south", T0),
            visit("n2b", "north", T0 + MIN),
            visit("n1", "north", T0),
            visit("n2a", "north", T0 + MIN),
            visit("n4", "north", T0 + 3 * MIN),
        ])
        .await
        .unwrap();
        let ids = |v: Vec<VisitRow>| v.into_iter().map(|v| v.id).collect::<Vec<_>>();
        assert_eq!(
            ids(s.visits(None, i64::MIN, i64::MAX).await.unwrap()),
            ["n1", "s1", "n2a", "n2b", "n3", "n4"],
            "{n}"
        );
        // from <= at_ms < to.
        assert_eq!(
            ids(s
                .visits(Some("north"), T0 + MIN, T0 + 3 * MIN)
                .await
                .unwrap()),
            ["n2a", "n2b", "n3"],
            "{n}"
        );
        assert_eq!(
            ids(s.visits(Some("south"), T0, T0 + 1).await.unwrap()),
            ["s1"],
            "{n}"
        );
        assert!(
            s.visits(Some("east"), i64::MIN, i64::MAX)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            s.visits(None, T0 + 4 * MIN, T0 + 9 * MIN)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_drafts_publish_review_and_roll_back() {
    use ContentKind::{Directory, Guidance};
    use ContentStatus::{Draft, Published, Retired};
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        assert_eq!(
            s.content_live("north").await.unwrap(),
            Live::default(),
            "{n}"
        );
        assert_eq!(
            s.content_live_numbers("north").await.unwrap(),
            (None, None, None)
        );
        let c1 = s
            .content_add(draft(Guidance, None, "eva", "city-1"))
            .await
            .unwrap();
        let c2 = s
            .content_add(draft(Guidance, None, "eva", "city-2"))
            .await
            .unwrap();
        let o3 = s
            .content_add(draft(Guidance, Some("north"), "olle", "north-3"))
            .await
            .unwrap();
        let d4 = s
            .content_add(draft(Directory, Some("north"), "olle", "dir-4"))
            .await
            .unwrap();
        assert!(c1 < c2 && c2 < o3 && o3 < d4, "{n}: numbers grow");
        let (v, payload) = s.content_version(o3).await.unwrap().unwrap();
        assert_eq!(payload, "north-3", "{n}");
        assert_eq!(
            (
                v.kind,
                v.office.as_deref(),
                v.status,
                v.imported_by.as_str()
            ),
            (Guidance, Some("north"), Draft, "olle")
        );
        assert_eq!(
            (v.published_by, v.published_ms, v.reviewed_by),
            (None, None, None)
        );
        assert_eq!(v.summary, "olle imported");
        assert_eq!(s.content_version(9999).await.unwrap(), None, "{n}");

        // Published by its importer: no reviewer.
        s.content_publish(c1, "eva", T0 + 1).await.unwrap();
        let v1 = s.content_version(c1).await.unwrap().unwrap().0;
        assert_eq!(v1.status, Published, "{n}");
        assert_eq!(
            (
                v1.published_by.as_deref(),
                v1.published_ms,
                v1.reviewed_by.as_deref()
            ),
            (Some("eva"), Some(T0 + 1), None),
            "{n}"
        );
        // Published by someone else: reviewed by them; the one before
        // retired.
        s.content_publish(c2, "stina", T0 + 2).await.unwrap();
        let v2 = s.content_version(c2).await.unwrap().unwrap().0;
        assert_eq!(
            (v2.status, v2.reviewed_by.as_deref()),
            (Published, Some("stina")),
            "{n}"
        );
        assert_eq!(
            s.content_version(c1).await.unwrap().unwrap().0.status,
            Retired
        );
        // An office's overrides and directory do not touch the city's.
        s.content_publish(o3, "cli", T0 + 3).await.unwrap();
        s.content_publish(d4, "olle", T0 + 4).await.unwrap();
        assert_eq!(
            s.content_live("north").await.unwrap(),
            Live {
                city_guidance: Some((c2, "city-2".into())),
                office_guidance: Some((o3, "north-3".into())),
                directory: Some((d4, "dir-4".into())),
            },
            "{n}"
        );
        assert_eq!(
            s.content_live("south").await.unwrap(),
            Live {
                city_guidance: Some((c2, "city-2".into())),
                ..Live::default()
            },
            "{n}"
        );
        // The cheap check behind a 304 agrees.
        assert_eq!(
            s.content_live_numbers("north").await.unwrap(),
            (Some(c2), Some(o3), Some(d4)),
            "{n}"
        );
        assert_eq!(
            s.content_live_numbers("south").await.unwrap(),
            (Some(c2), None, None),
            "{n}"
        );
        // Roll back: the retired c1 again, by its importer this time.
        s.content_publish(c1, "eva", T0 + 5).await.unwrap();
        let versions = s.content_versions().await.unwrap();
        let seen: Vec<_> = versions.iter().map(|v| (v.number, v.status)).collect();
        assert_eq!(
            seen,
            [
                (d4, Published),
                (o3, Published),
                (c2, Retired),
                (c1, Published)
            ],
            "{n}: newest first"
        );
        let v1 = &versions[3];
        assert_eq!(
            (
                v1.published_by.as_deref(),
                v1.published_ms,
                v1.reviewed_by.as_deref()
            ),
            (Some("eva"), Some(T0 + 5), None),
            "{n}: the last publication"
        );
        assert_eq!(
            s.content_live("north").await.unwrap().city_guidance,
            Some((c1, "city-1".into()))
        );
        assert_eq!(
            s.content_live_numbers("north").await.unwrap(),
            (Some(c1), Some(o3), Some(d4)),
            "{n}"
        );
        // Publishing the one in use again changes nothing.
        s.content_publish(c1, "stina", T0 + 6).await.unwrap();
        assert_eq!(s.content_version(c1).await.unwrap().unwrap().0, *v1, "{n}");
        match s.content_publish(9999, "eva", T0).await {
            Err(StoreError::NotFound(_)) => {}
            other => panic!("{n}: publish unknown: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_and_setup_tokens() {
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        let mut anna = user("anna", Role::Manager, Some("north"));
        anna.setup_token_sha256 = Some(hash(7));
        anna.setup_expires_ms = Some(T0 + 60 * MIN);
        s.user_add(&anna).await.unwrap();
        let mut bo = user("bo", Role::Admin, None);
        bo.password_hash = Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into());
        s.user_add(&bo).await.unwrap();
        match s.user_add(&user("anna", Role::Guide, None)).await {
            Err(StoreError::Conflict(_)) => {}
            other => panic!("{n}: user added twice: {other:?}"),
        }
        assert_eq!(s.user("anna").await.unwrap(), Some(anna.clone()), "{n}");
        assert_eq!(s.user("nobody").await.unwrap(), None, "{n}");
        assert_eq!(s.users().await.unwrap(), [anna.clone(), bo.clone()], "{n}");

        // The setup token works until it expires.
        assert_eq!(
            s.user_by_setup_token(hash(7), T0 + 59 * MIN).await.unwrap(),
            Some(anna.clone()),
            "{n}"
        );
        assert_eq!(
            s.user_by_setup_token(hash(7), T0 + 60 * MIN).await.unwrap(),
            None
        );
        assert_eq!(s.user_by_setup_token(hash(8), T0).await.unwrap(), None);
        // Setting the password clears it.
        s.user_set_password("anna", "$argon2id$new").await.unwrap();
        let got = s.user("anna").await.unwrap().unwrap();
        assert_eq!(got.password_hash.as_deref(), Some("$argon2id$new"), "{n}");
        assert_eq!((got.setup_token_sha256, got.setup_expires_ms), (None, None));
        assert_eq!(s.user_by_setup_token(hash(7), T0).await.unwrap(), None);
        match s.user_set_password("nobody", "x").await {
            Err(StoreError::NotFound(_)) => {}
            other => panic!("{n}: password of an unknown user: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_and_are_deleted() {
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        s.user_add(&user("anna", Role::Editor, None)).await.unwrap();
        let session = Session {
            token_sha256: hash(1),
            user: "anna".into(),
            csrf: "csrf-token".into(),
            expires_ms: T0 + 8 * 60 * MIN,
        };
        s.session_add(&session).await.unwrap();
        let other = Session {
            token_sha256: hash(2),
            ..session.clone()
        };
        s.session_add(&other).await.unwrap();
        assert_eq!(s.session(hash(1), T0).await.unwrap(), Some(session.clone()));
        assert_eq!(
            s.session(hash(1), session.expires_ms - 1).await.unwrap(),
            Some(session.clone())
        );
        assert_eq!(
            s.session(hash(1), session.expires_ms).await.unwrap(),
            None,
            "{n}"
        );
        assert_eq!(s.session(hash(3), T0).await.unwrap(), None, "{n}");
        s.session_delete(hash(1)).await.unwrap();
        s.session_delete(hash(1)).await.unwrap();
        assert_eq!(s.session(hash(1), T0).await.unwrap(), None, "{n}");
        assert_eq!(s.session(hash(2), T0).await.unwrap(), Some(other), "{n}");
        match s
            .session_add(&Session {
                token_sha256: hash(4),
                user: "nobody".into(),
                ..session
            })
            .await
        {
            Err(StoreError::NotFound(_)) => {}
            other => panic!("{n}: session of an unknown user: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_failures_counted_since_and_cleared() {
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        for i in 0..5 {
            s.login_failed("user:anna", T0 + i * MIN).await.unwrap();
        }
        s.login_failed("addr:10.0.0.1", T0 + MIN).await.unwrap();
        assert_eq!(s.login_failures("user:anna", T0).await.unwrap(), 5, "{n}");
        assert_eq!(
            s.login_failures("user:anna", T0 + 3 * MIN).await.unwrap(),
            2
        );
        assert_eq!(s.login_failures("addr:10.0.0.1", T0).await.unwrap(), 1);
        assert_eq!(s.login_failures("user:bo", T0).await.unwrap(), 0);
        s.login_clear("user:anna").await.unwrap();
        assert_eq!(s.login_failures("user:anna", 0).await.unwrap(), 0, "{n}");
        assert_eq!(
            s.login_failures("addr:10.0.0.1", 0).await.unwrap(),
            1,
            "{n}"
        );
    }
}

/// SQL-looking text and markup are data: stored and given back byte for
/// byte, in every text column.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_round_trips_byte_for_byte() {
    const NASTY: &[&str] = &[
        "'; DROP TABLE visit; --",
        "\" OR 1=1 --",
        "<script>alert('x')</script>",
        "Robert'); DELETE FROM kiosk WHERE ('1'='1",
        "$1 \\x00 %s %n {} ? ?1 :name @p",
        "åäö ÅÄÖ – “quotes” 😀 \u{202e}rtl",
        "line\nbreak\ttab\r\n",
    ];
    for e in engines().await {
        let s = &e.store;
        let n = e.name;
        for (i, t) in NASTY.iter().enumerate() {
            let t = t.to_string();
            let id = format!("{t}#{i}");
            s.kiosk_add(&id, &t, hash(i as u8), T0).await.unwrap();
            let hb = HeartbeatRow {
                version: t.clone(),
                last_errors: vec![(T0, t.clone())],
                content_version: Some(t.clone()),
                ..beat(T0, "x", &[])
            };
            s.heartbeat(&id, &hb).await.unwrap();
            let k = s.kiosk_by_token(hash(i as u8)).await.unwrap().unwrap();
            assert_eq!(
                (k.id, k.office, k.heartbeat),
                (id.clone(), t.clone(), Some(hb))
            );

            let v = VisitRow {
                id: id.clone(),
                kiosk: t.clone(),
                office: t.clone(),
                at_ms: T0 + i as i64,
                purpose: t.clone(),
                errand: Some(t.clone()),
                language: t.clone(),
                learned: Some(false),
                self_next_time: Some(true),
                checkin_unit: Some(t.clone()),
                gender: Some(entre_hub::store::Gender::Another),
                kind: entre_hub::store::VisitKind::SurveyAnswer,
                meanwhile: true,
            };
            s.visits_add(std::slice::from_ref(&v)).await.unwrap();
            assert_eq!(s.visits(Some(&t), T0, T0 + 100).await.unwrap(), [v], "{n}");

            let mut new = draft(ContentKind::Guidance, Some(&t), &t, &t);
            new.summary = t.clone();
            let num = s.content_add(new).await.unwrap();
            s.content_publish(num, &t, T0).await.unwrap();
            let (cv, payload) = s.content_version(num).await.unwrap().unwrap();
            assert_eq!(payload, t, "{n}");
            assert_eq!(
                (cv.office, cv.imported_by, cv.summary, cv.published_by),
                (Some(t.clone()), t.clone(), t.clone(), Some(t.clone()))
            );
            assert_eq!(
                s.content_live(&t).await.unwrap().office_guidance,
                Some((num, t.clone()))
            );

            let mut u = user(&id, Role::Guide, Some(&t));
            u.password_hash = Some(t.clone());
            s.user_add(&u).await.unwrap();
            assert_eq!(s.user(&id).await.unwrap(), Some(u), "{n}");
            let session = Session {
                token_sha256: hash(100 + i as u8),
                user: id.clone(),
                csrf: t.clone(),
                expires_ms: T0 + MIN,
            };
            s.session_add(&session).await.unwrap();
            assert_eq!(
                s.session(session.token_sha256, T0).await.unwrap(),
                Some(session)
            );
            s.login_failed(&t, T0).await.unwrap();
            assert_eq!(s.login_failures(&t, T0).await.unwrap(), 1, "{n}");
        }
        // And nothing was executed: every table still there, complete.
        assert_eq!(s.kiosks().await.unwrap().len(), NASTY.len(), "{n}");
        assert_eq!(
            s.visits(None, 0, i64::MAX).await.unwrap().len(),
            NASTY.len()
        );
        assert_eq!(s.users().await.unwrap().len(), NASTY.len(), "{n}");
    }
}

/// Two stores opened on one database at the same moment (two hub
/// instances, or the server and a command): both migrate and see each
/// other's data.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_open_together_and_share_data() {
    for e in engines().await {
        let n = e.name;
        // A database no one has migrated yet.
        let (url, _dir) = match n {
            "sqlite" => {
                let (u, d) = common::sqlite_url();
                (u, Some(d))
            }
            _ => (common::pg::fresh_url(), None),
        };
        let opens: Vec<_> = (0..4)
            .map(|_| {
                let url = url.clone();
                tokio::spawn(async move { entre_hub::store::open(&url, None).await })
            })
            .collect();
        let mut stores = Vec::new();
        for o in opens {
            stores.push(o.await.unwrap().unwrap_or_else(|err| panic!("{n}: {err}")));
        }
        stores[0]
            .kiosk_add("k1", "north", hash(1), T0)
            .await
            .unwrap();
        stores[1]
            .visits_add(&[visit("a", "north", T0), visit("b", "north", T0)])
            .await
            .unwrap();
        stores[2]
            .visits_add(&[visit("b", "north", T0)])
            .await
            .unwrap();
        let num = stores[3]
            .content_add(draft(ContentKind::Guidance, None, "eva", "p"))
            .await
            .unwrap();
        stores[0].content_publish(num, "stina", T0).await.unwrap();
        for s in &stores {
            assert_eq!(s.kiosks().await.unwrap().len(), 1, "{n}");
            assert_eq!(s.visits(None, 0, i64::MAX).await.unwrap().len(), 2, "{n}");
            assert_eq!(
                s.content_live("north").await.unwrap().city_guidance,
                Some((num, "p".into()))
            );
        }
        // Opening an already migrated database is fine too.
        let again = e.open_again().await;
        assert!(again.kiosks().await.unwrap().is_empty(), "{n}");
    }
}

/// SQLite: a write lock held by another process past the busy timeout is
/// `Unavailable` (503), and nothing of the batch is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_locked_is_unavailable_and_stores_nothing() {
    let (url, dir) = common::sqlite_url();
    let store = entre_hub::store::open(&url, None).await.unwrap();
    let path = dir.path().join("hub.sqlite");
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    match store.visits_add(&[visit("a", "north", T0)]).await {
        Err(StoreError::Unavailable(_)) => {}
        other => panic!("locked database: {other:?}"),
    }
    assert!(started.elapsed() >= std::time::Duration::from_secs(4));
    other.execute_batch("ROLLBACK").unwrap();
    assert!(store.visits(None, 0, i64::MAX).await.unwrap().is_empty());
    store.visits_add(&[visit("a", "north", T0)]).await.unwrap();
    assert_eq!(store.visits(None, 0, i64::MAX).await.unwrap().len(), 1);
}

/// PostgreSQL: a server that stops is `Unavailable` (503) for every call,
/// nothing half-stored, and the same store works again once it is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_down_is_unavailable_then_recovers() {
    let cluster = common::pg::PgCluster::start();
    let url = cluster.url(&cluster.create_db());
    let store = entre_hub::store::open(&url, None).await.unwrap();
    store.kiosk_add("k1", "north", hash(1), T0).await.unwrap();
    cluster.stop();
    let started = std::time::Instant::now();
    match store.visits_add(&[visit("a", "north", T0)]).await {
        Err(StoreError::Unavailable(_)) => {}
        other => panic!("server stopped: visits_add gave {other:?}"),
    }
    match store.kiosk_by_token(hash(1)).await {
        Err(StoreError::Unavailable(_)) => {}
        other => panic!("server stopped: kiosk_by_token gave {other:?}"),
    }
    match entre_hub::store::open(&url, None).await {
        Err(StoreError::Unavailable(_)) => {}
        Err(other) => panic!("server stopped: open gave {other:?}"),
        Ok(_) => panic!("server stopped: open succeeded"),
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "unavailable is answered in time"
    );
    cluster.restart();
    store.visits_add(&[visit("a", "north", T0)]).await.unwrap();
    assert_eq!(store.visits(None, 0, i64::MAX).await.unwrap().len(), 1);
    assert!(store.kiosk_by_token(hash(1)).await.unwrap().is_some());
}

/// PostgreSQL: the `password` argument (from the config's password file) is
/// the one used, and never shown in an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_password_is_used_and_not_shown() {
    let cluster = common::pg::PgCluster::start();
    let db = cluster.create_db();
    cluster.psql(
        "postgres",
        &format!("CREATE ROLE hub LOGIN PASSWORD 'Sekret-p4ss'; ALTER DATABASE {db} OWNER TO hub"),
    );
    cluster.psql(&db, "ALTER SCHEMA public OWNER TO hub");
    let hba = cluster.data_dir().join("pg_hba.conf");
    let text = std::fs::read_to_string(&hba).unwrap();
    std::fs::write(
        &hba,
        format!("host all hub 127.0.0.1/32 scram-sha-256\n{text}"),
    )
    .unwrap();
    cluster.reload();
    let url = format!("postgres://hub@127.0.0.1:{}/{db}", cluster.port);
    for wrong in [None, Some("wrong-Sekret")] {
        match entre_hub::store::open(&url, wrong).await {
            Err(e) => {
                let shown = e.to_string();
                assert!(!shown.contains("Sekret"), "{shown}");
            }
            Ok(_) => panic!("opened with password {wrong:?}"),
        }
    }
    let store = entre_hub::store::open(&url, Some("Sekret-p4ss"))
        .await
        .unwrap();
    store.kiosk_add("k1", "north", hash(1), T0).await.unwrap();
    assert_eq!(
        cluster.psql(&db, "SELECT id || ' ' || office FROM kiosk"),
        "k1 north\n"
    );
}

/// A database migrated by a newer entre-hub is refused with words saying
/// so (an upgrade rolled back without its database), on both engines.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newer_schema_is_refused() {
    // SQLite: the schema version is the file's user_version.
    let (url, dir) = common::sqlite_url();
    drop(entre_hub::store::open(&url, None).await.unwrap());
    let path = dir.path().join("hub.sqlite");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    // PostgreSQL: a row in schema_version.
    let pg = common::pg::cluster();
    let db = pg.create_db();
    let pg_url = pg.url(&db);
    drop(entre_hub::store::open(&pg_url, None).await.unwrap());
    pg.psql(&db, "INSERT INTO schema_version VALUES (99, 0)");
    for url in [url, pg_url] {
        match entre_hub::store::open(&url, None).await {
            Err(StoreError::Other(m)) => {
                assert!(m.contains("version 99, newer"), "{url}: {m}")
            }
            Err(e) => panic!("{url}: {e:?}"),
            Ok(_) => panic!("{url}: opened a newer schema"),
        }
    }
}

/// PostgreSQL: a lock another instance holds past the lock timeout is
/// `Unavailable` (503), and nothing of the batch is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_locked_is_unavailable_and_stores_nothing() {
    let url = common::pg::fresh_url();
    let store = entre_hub::store::open(&url, None).await.unwrap();
    let (mut other, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let tx = other.transaction().await.unwrap();
    tx.batch_execute("LOCK TABLE visit IN EXCLUSIVE MODE")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    match store.visits_add(&[visit("a", "north", T0)]).await {
        Err(StoreError::Unavailable(_)) => {}
        other => panic!("locked table: {other:?}"),
    }
    assert!(started.elapsed() >= std::time::Duration::from_secs(4));
    tx.rollback().await.unwrap();
    assert!(store.visits(None, 0, i64::MAX).await.unwrap().is_empty());
    store.visits_add(&[visit("a", "north", T0)]).await.unwrap();
    assert_eq!(store.visits(None, 0, i64::MAX).await.unwrap().len(), 1);
}
