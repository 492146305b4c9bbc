//! The Store's floor (walk-in registrations, issue 16), every check on both
//! engines: a real SQLite file and a real PostgreSQL database (a throwaway
//! cluster started here), with two store instances on one database where
//! it matters (codes, the claim race, the change feed).

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use entre_core::protocol::{
    CheckinUnreached, Need, Registered, RegistrationKind, Unreached, Zone, is_code,
};
use entre_hub::store::{
    FloorAction, FloorFact, FloorOutcome, FloorState, NewRegistration, RegistrationRow, Store,
    StoreError,
};

use common::engines;

const T0: i64 = 1_780_000_000_000;
const MIN: i64 = 60_000;
const DAY: &str = "2026-05-28";

fn reg(id: &str, office: &str, at_ms: i64) -> NewRegistration {
    NewRegistration {
        id: id.into(),
        office: office.into(),
        kiosk: Some(format!("{office}-kiosk")),
        registered_by: None,
        at_ms,
        kind: RegistrationKind::WalkIn,
        errand: Some("preschool".into()),
        language: "ar".into(),
        needs: vec![Need::Seated, Need::Interpreter],
        zone: Some(Zone {
            id: "computers".into(),
            label_sv: "Vid datorerna".into(),
        }),
        checkin: None,
        floor: true,
        day: DAY.into(),
    }
}

async fn add(s: &Arc<dyn Store>, new: &NewRegistration, now: i64) -> Registered {
    s.registration_add(new, now)
        .await
        .unwrap_or_else(|e| panic!("{}: add {}: {e}", s.engine(), new.id))
}

async fn act(s: &Arc<dyn Store>, id: &str, who: &str, a: FloorAction, now: i64) -> FloorOutcome {
    s.floor_act(id, who, a, now)
        .await
        .unwrap_or_else(|e| panic!("{}: {a:?} {id}: {e}", s.engine()))
}

fn changed(o: FloorOutcome) -> RegistrationRow {
    match o {
        FloorOutcome::Changed(r) => r,
        FloorOutcome::Refused(r) => panic!("refused: {r:?}"),
    }
}

fn refused(o: FloorOutcome) -> RegistrationRow {
    match o {
        FloorOutcome::Refused(r) => r,
        FloorOutcome::Changed(r) => panic!("changed: {r:?}"),
    }
}

async fn ids(s: &Arc<dyn Store>, office: Option<&str>) -> Vec<String> {
    s.floor(office)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// Every one of the 1 536 codes once per office and day, from two
/// instances adding at once; the 1 537th is a conflict; another office
/// and another day start afresh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_unique_per_office_and_day_across_instances() {
    for e in engines().await {
        let n = e.name;
        let a = e.store.clone();
        let b = e.open_again().await;
        let mut tasks = Vec::new();
        for t in 0..8 {
            let s = if t % 2 == 0 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(async move {
                let mut codes = Vec::new();
                for i in 0..192 {
                    let mut r = reg(&format!("r{t}-{i}"), "north", T0 + i);
                    // Half of them for the figures only: they use codes too.
                    r.floor = i % 2 == 0;
                    // A busy SQLite file answers Unavailable (503) after
                    // its busy timeout; the kiosk then sends again. SQLite
                    // does not queue waiters fairly: one instance's tasks
                    // can hold the lock turn after turn on a loaded machine.
                    let mut tries = 0;
                    let code = loop {
                        match s.registration_add(&r, T0 + i).await {
                            Ok(done) => break done.code,
                            Err(StoreError::Unavailable(_)) if tries < 10 => tries += 1,
                            Err(e) => panic!("{}: add {}: {e}", s.engine(), r.id),
                        }
                    };
                    codes.push(code);
                }
                codes
            }));
        }
        let mut all = HashSet::new();
        for t in tasks {
            for c in t.await.unwrap() {
                assert!(is_code(&c), "{n}: {c}");
                assert!(all.insert(c.clone()), "{n}: {c} given twice");
            }
        }
        assert_eq!(all.len(), 1536, "{n}");
        match a
            .registration_add(&reg("one-too-many", "north", T0), T0)
            .await
        {
            Err(StoreError::Conflict(m)) => assert!(m.contains("1536"), "{n}: {m}"),
            other => panic!("{n}: the 1537th: {other:?}"),
        }
        assert_eq!(a.registration("one-too-many").await.unwrap(), None, "{n}");
        // Another office, and the next day, have every code again.
        assert!(is_code(
            &add(&b, &reg("south-1", "south", T0), T0).await.code
        ));
        let mut tomorrow = reg("north-tomorrow", "north", T0 + 1440 * MIN);
        tomorrow.day = "2026-05-29".into();
        assert!(is_code(&add(&a, &tomorrow, T0).await.code));
        // The same id again is no new code, even on a full day.
        let again = add(&b, &reg("r3-5", "north", T0), T0).await;
        assert_eq!(
            Some(again.code),
            a.registration("r3-5").await.unwrap().map(|r| r.code),
            "{n}"
        );
    }
}

/// The same id twice gets the same code; every field reads back; `floor:
/// false` takes an open row off the floor (state desk, closed then) for
/// good; a new `floor: false` registration is counted, never shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_id_same_code_and_floor_false_retracts() {
    for e in engines().await {
        let (n, s) = (e.name, &e.store);
        let first = add(s, &reg("k1", "north", T0), T0 + 100).await;
        let again = add(s, &reg("k1", "north", T0), T0 + 200).await;
        assert_eq!(first, again, "{n}");
        let row = s.registration("k1").await.unwrap().expect("stored");
        assert_eq!(
            row,
            RegistrationRow {
                id: "k1".into(),
                office: "north".into(),
                kiosk: Some("north-kiosk".into()),
                registered_by: None,
                at_ms: T0,
                kind: RegistrationKind::WalkIn,
                errand: Some("preschool".into()),
                language: "ar".into(),
                needs: vec![Need::Seated, Need::Interpreter],
                zone: Some(Zone {
                    id: "computers".into(),
                    label_sv: "Vid datorerna".into()
                }),
                checkin: None,
                code: first.code.clone(),
                state: FloorState::Waiting,
                claimed_by: None,
                claimed_ms: None,
                closed_ms: None,
            },
            "{n}"
        );
        // A check-in that did not reach its officer, registered by a guide.
        let mut c = reg("c1", "north", T0 + MIN);
        c.kind = RegistrationKind::CheckinUnreached;
        c.kiosk = None;
        c.registered_by = Some("anna".into());
        c.errand = None;
        c.needs = vec![];
        c.zone = None;
        c.checkin = Some(CheckinUnreached {
            unit: "Ekonomiskt bistånd".into(),
            officer: "Eva Ek".into(),
            reason: Unreached::Relay,
        });
        let code = add(s, &c, T0 + MIN).await.code;
        let row = s.registration("c1").await.unwrap().unwrap();
        assert_eq!(
            (row.kind, row.kiosk, row.registered_by, row.needs, row.zone),
            (
                RegistrationKind::CheckinUnreached,
                None,
                Some("anna".into()),
                vec![],
                None
            ),
            "{n}"
        );
        assert_eq!(row.checkin, c.checkin, "{n}");
        assert_eq!(row.code, code, "{n}");
        assert_eq!(ids(s, Some("north")).await, ["k1", "c1"], "{n}");

        // The kiosk gave up on k1 (the hub was late): off the floor.
        let mut late = reg("k1", "north", T0);
        late.floor = false;
        assert_eq!(add(s, &late, T0 + 5_000).await.code, first.code, "{n}");
        let row = s.registration("k1").await.unwrap().unwrap();
        assert_eq!(
            (row.state, row.closed_ms),
            (FloorState::Desk, Some(T0 + 5_000)),
            "{n}"
        );
        assert_eq!(ids(s, Some("north")).await, ["c1"], "{n}");
        // Sent again (the outbox), with floor true by mistake: still off.
        add(s, &reg("k1", "north", T0), T0 + 9_000).await;
        add(s, &late, T0 + 9_000).await;
        let row = s.registration("k1").await.unwrap().unwrap();
        assert_eq!(
            (row.state, row.closed_ms),
            (FloorState::Desk, Some(T0 + 5_000)),
            "{n}"
        );
        // A first arrival with floor false: a code (for the kiosk's log),
        // never on the floor, and a guide cannot claim it.
        let mut desk = reg("d1", "north", T0 + 2 * MIN);
        desk.floor = false;
        assert!(is_code(&add(s, &desk, T0 + 3 * MIN).await.code), "{n}");
        let row = s.registration("d1").await.unwrap().unwrap();
        assert_eq!(
            (row.state, row.closed_ms),
            (FloorState::Desk, Some(T0 + 3 * MIN)),
            "{n}"
        );
        assert_eq!(ids(s, None).await, ["c1"], "{n}");
        refused(act(s, "d1", "anna", FloorAction::Claim, T0 + 4 * MIN).await);
        assert_eq!(s.registration("nobody").await.unwrap(), None, "{n}");
    }
}

/// `ahead` counts the office's waiting registrations that came before;
/// `wait_min` is the median wait of the office's last 20 claims in the
/// last 3 hours, rounded up, `None` with fewer than 3.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ahead_and_wait_min_from_known_claims() {
    for e in engines().await {
        let (n, s) = (e.name, &e.store);
        let now = T0 + 600 * MIN;
        // Old claims (more than 3 hours before now), long waits: ignored.
        for i in 0..5 {
            let id = format!("old{i}");
            add(s, &reg(&id, "north", T0 + i), T0).await;
            changed(act(s, &id, "bo", FloorAction::Claim, T0 + 100 * MIN).await);
        }
        let first = add(s, &reg("w0", "north", now - 60 * MIN), now).await;
        assert_eq!((first.ahead, first.wait_min), (0, None), "{n}");
        // Claims with waits of 2, 5 and 11 minutes (and one released,
        // which does not count).
        let mut at = now - 59 * MIN;
        for (i, wait) in [2, 5, 11].iter().enumerate() {
            let id = format!("c{i}");
            add(s, &reg(&id, "north", at), at).await;
            if i == 0 {
                changed(act(s, &id, "bo", FloorAction::Claim, at + MIN).await);
                changed(act(s, &id, "bo", FloorAction::Release, at + MIN).await);
            }
            let r = changed(act(s, &id, "anna", FloorAction::Claim, at + wait * MIN).await);
            assert_eq!(r.claimed_ms, Some(at + wait * MIN), "{n}");
            at += MIN;
        }
        // Another office's claims are not this one's.
        for i in 0..3 {
            let id = format!("s{i}");
            add(s, &reg(&id, "south", now - 30 * MIN), now).await;
            changed(act(s, &id, "eva", FloorAction::Claim, now - MIN).await);
        }
        // w0 waits; w1 and w2 come later.
        let w1 = add(s, &reg("w1", "north", now - 10 * MIN), now).await;
        assert_eq!((w1.ahead, w1.wait_min), (1, Some(5)), "{n}");
        let w2 = add(s, &reg("w2", "north", now - 5 * MIN), now).await;
        assert_eq!((w2.ahead, w2.wait_min), (2, Some(5)), "{n}");
        // A registration that came earlier (a kiosk's outbox) has fewer
        // ahead; the same id again counts anew.
        let early = add(s, &reg("early", "north", now - 30 * MIN), now).await;
        assert_eq!(early.ahead, 1, "{n}");
        changed(act(s, "w0", "anna", FloorAction::Claim, now).await);
        let w2 = add(s, &reg("w2", "north", now - 5 * MIN), now).await;
        // w0 claimed (waited 60 min): waits 2, 5, 11, 60 → (5 + 11) / 2 = 8.
        assert_eq!((w2.ahead, w2.wait_min), (2, Some(8)), "{n}");
        let south = add(s, &reg("s9", "south", now), now).await;
        assert_eq!((south.ahead, south.wait_min), (0, Some(29)), "{n}");
        // Only the last 20 claims: 20 quick ones (a minute) outvote the rest.
        for i in 0..20 {
            let id = format!("q{i}");
            add(s, &reg(&id, "north", now + i), now).await;
            changed(act(s, &id, "anna", FloorAction::Claim, now + i + MIN).await);
        }
        let late = add(s, &reg("late", "north", now + 30 * MIN), now + 30 * MIN).await;
        assert_eq!(late.wait_min, Some(1), "{n}");
    }
}

/// Two guides on two hub instances claim the same registration at the
/// same moment, 20 times: exactly one wins each time, and the other is
/// told who has it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_claim_race_has_one_winner() {
    for e in engines().await {
        let n = e.name;
        let a = e.store.clone();
        let b = e.open_again().await;
        for round in 0..20 {
            let id = format!("race{round}");
            add(&a, &reg(&id, "north", T0 + round), T0).await;
            let barrier = Arc::new(tokio::sync::Barrier::new(2));
            let claim = |s: Arc<dyn Store>, who: &'static str| {
                let (id, barrier) = (id.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    s.floor_act(&id, who, FloorAction::Claim, T0 + MIN).await
                })
            };
            let (x, y) = (claim(a.clone(), "anna"), claim(b.clone(), "bo"));
            let (x, y) = (x.await.unwrap().unwrap(), y.await.unwrap().unwrap());
            let (winner, loser) = match (x, y) {
                (FloorOutcome::Changed(w), FloorOutcome::Refused(l))
                | (FloorOutcome::Refused(l), FloorOutcome::Changed(w)) => (w, l),
                other => panic!("{n}: round {round}: {other:?}"),
            };
            assert_eq!(winner.state, FloorState::Claimed, "{n}");
            assert_eq!(loser.state, FloorState::Claimed, "{n}");
            assert!(winner.claimed_by.is_some(), "{n}");
            assert_eq!(loser.claimed_by, winner.claimed_by, "{n}: round {round}");
            assert_eq!(
                a.registration(&id).await.unwrap().unwrap().claimed_by,
                winner.claimed_by,
                "{n}"
            );
        }
    }
}

/// Release, done and left move a registration as the floor page says;
/// anything else is refused with the row as it is; an unknown id is
/// `NotFound`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_move_and_refuse() {
    for e in engines().await {
        let (n, s) = (e.name, &e.store);
        add(s, &reg("a", "north", T0), T0).await;
        add(s, &reg("b", "north", T0 + MIN), T0).await;
        // Nothing to release, nothing done yet.
        let r = refused(act(s, "a", "anna", FloorAction::Release, T0 + MIN).await);
        assert_eq!(r.state, FloorState::Waiting, "{n}");
        refused(act(s, "a", "anna", FloorAction::Done, T0 + MIN).await);
        let r = changed(act(s, "a", "anna", FloorAction::Claim, T0 + 2 * MIN).await);
        assert_eq!(
            (r.state, r.claimed_by.as_deref(), r.claimed_ms),
            (FloorState::Claimed, Some("anna"), Some(T0 + 2 * MIN)),
            "{n}"
        );
        // Anna claiming again is refused too (she has it already).
        let r = refused(act(s, "a", "anna", FloorAction::Claim, T0 + 2 * MIN).await);
        assert_eq!(r.claimed_by.as_deref(), Some("anna"), "{n}");
        // Released: waiting again, the claim forgotten (the wait goes on).
        let r = changed(act(s, "a", "anna", FloorAction::Release, T0 + 3 * MIN).await);
        assert_eq!(
            (r.state, r.claimed_by, r.claimed_ms, r.closed_ms),
            (FloorState::Waiting, None, None, None),
            "{n}"
        );
        let r = changed(act(s, "a", "bo", FloorAction::Claim, T0 + 4 * MIN).await);
        assert_eq!(r.claimed_by.as_deref(), Some("bo"), "{n}");
        let r = changed(act(s, "a", "bo", FloorAction::Done, T0 + 9 * MIN).await);
        assert_eq!(
            (r.state, r.claimed_by.as_deref(), r.closed_ms),
            (FloorState::Done, Some("bo"), Some(T0 + 9 * MIN)),
            "{n}"
        );
        for a in [
            FloorAction::Claim,
            FloorAction::Release,
            FloorAction::Done,
            FloorAction::Left,
        ] {
            let r = refused(act(s, "a", "eva", a, T0 + 10 * MIN).await);
            assert_eq!(
                (r.state, r.closed_ms),
                (FloorState::Done, Some(T0 + 9 * MIN))
            );
        }
        // Left from waiting, and from claimed.
        let r = changed(act(s, "b", "eva", FloorAction::Left, T0 + 5 * MIN).await);
        assert_eq!(
            (r.state, r.closed_ms),
            (FloorState::Left, Some(T0 + 5 * MIN))
        );
        add(s, &reg("c", "north", T0 + MIN), T0).await;
        changed(act(s, "c", "eva", FloorAction::Claim, T0 + 6 * MIN).await);
        let r = changed(act(s, "c", "eva", FloorAction::Left, T0 + 7 * MIN).await);
        assert_eq!(
            (r.state, r.claimed_by.as_deref()),
            (FloorState::Left, Some("eva")),
            "{n}"
        );
        refused(act(s, "c", "eva", FloorAction::Release, T0 + 8 * MIN).await);
        assert!(ids(s, None).await.is_empty(), "{n}");
        match s.floor_act("nope", "eva", FloorAction::Claim, T0).await {
            Err(StoreError::NotFound(_)) => {}
            other => panic!("{n}: unknown id: {other:?}"),
        }
    }
}

/// At closing time the office's open registrations from before then are
/// closed as not met; later ones, closed ones and other offices stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_open_closes_as_not_met() {
    for e in engines().await {
        let (n, s) = (e.name, &e.store);
        add(s, &reg("w", "north", T0), T0).await;
        add(s, &reg("c", "north", T0 + MIN), T0).await;
        add(s, &reg("d", "north", T0 + 2 * MIN), T0).await;
        add(s, &reg("after", "north", T0 + 60 * MIN), T0).await;
        add(s, &reg("south", "south", T0), T0).await;
        changed(act(s, "c", "anna", FloorAction::Claim, T0 + 3 * MIN).await);
        changed(act(s, "d", "anna", FloorAction::Claim, T0 + 3 * MIN).await);
        changed(act(s, "d", "anna", FloorAction::Done, T0 + 4 * MIN).await);
        let closed = s
            .floor_close_open("north", T0 + 30 * MIN, T0 + 31 * MIN)
            .await
            .unwrap();
        assert_eq!(closed, 2, "{n}");
        for id in ["w", "c"] {
            let r = s.registration(id).await.unwrap().unwrap();
            assert_eq!(
                (r.state, r.closed_ms),
                (FloorState::NotMet, Some(T0 + 31 * MIN)),
                "{n}: {id}"
            );
        }
        assert_eq!(
            s.registration("d").await.unwrap().unwrap().state,
            FloorState::Done,
            "{n}"
        );
        assert_eq!(ids(s, None).await, ["south", "after"], "{n}");
        let again = s.floor_close_open("north", T0 + 30 * MIN, T0 + 32 * MIN);
        assert_eq!(again.await.unwrap(), 0, "{n}");
    }
}

/// The purge deletes closed registrations from before the cut; their
/// anonymous facts stay, the same as before; open ones stay whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_keeps_the_facts() {
    for e in engines().await {
        let (n, s) = (e.name, &e.store);
        add(s, &reg("done", "north", T0), T0).await;
        add(s, &reg("left", "north", T0 + MIN), T0).await;
        add(s, &reg("left-claimed", "south", T0 + 2 * MIN), T0).await;
        let mut d = reg("desk", "north", T0 + 3 * MIN);
        d.floor = false;
        d.errand = None;
        d.language = "sv".into();
        add(s, &d, T0 + 3 * MIN).await;
        add(s, &reg("not-met", "north", T0 + 4 * MIN), T0).await;
        add(s, &reg("open", "north", T0 + 5 * MIN), T0).await;
        add(s, &reg("later", "north", T0 + 100 * MIN), T0).await;
        changed(act(s, "done", "anna", FloorAction::Claim, T0 + 7 * MIN).await);
        changed(act(s, "done", "anna", FloorAction::Done, T0 + 19 * MIN).await);
        changed(act(s, "left", "anna", FloorAction::Left, T0 + 8 * MIN).await);
        changed(act(s, "left-claimed", "bo", FloorAction::Claim, T0 + 5 * MIN).await);
        changed(act(s, "left-claimed", "bo", FloorAction::Left, T0 + 6 * MIN).await);
        changed(act(s, "open", "anna", FloorAction::Claim, T0 + 9 * MIN).await);
        s.floor_close_open("north", T0 + 5 * MIN, T0 + 50 * MIN)
            .await
            .unwrap();
        let fact = |office: &str, at: i64, errand: Option<&str>, language: &str| FloorFact {
            office: office.into(),
            at_ms: at,
            kind: RegistrationKind::WalkIn,
            errand: errand.map(Into::into),
            language: language.into(),
            state: FloorState::Waiting,
            wait_ms: None,
            service_ms: None,
        };
        let expected = vec![
            FloorFact {
                state: FloorState::Done,
                wait_ms: Some(7 * MIN),
                service_ms: Some(12 * MIN),
                ..fact("north", T0, Some("preschool"), "ar")
            },
            FloorFact {
                state: FloorState::Left,
                ..fact("north", T0 + MIN, Some("preschool"), "ar")
            },
            FloorFact {
                state: FloorState::Left,
                wait_ms: Some(3 * MIN),
                service_ms: Some(MIN),
                ..fact("south", T0 + 2 * MIN, Some("preschool"), "ar")
            },
            FloorFact {
                state: FloorState::Desk,
                ..fact("north", T0 + 3 * MIN, None, "sv")
            },
            FloorFact {
                state: FloorState::NotMet,
                ..fact("north", T0 + 4 * MIN, Some("preschool"), "ar")
            },
            FloorFact {
                state: FloorState::Claimed,
                wait_ms: Some(4 * MIN),
                ..fact("north", T0 + 5 * MIN, Some("preschool"), "ar")
            },
        ];
        let to = T0 + 60 * MIN;
        assert_eq!(s.floor_facts(None, T0, to).await.unwrap(), expected, "{n}");
        let purged = s.floor_purge(T0 + 50 * MIN).await.unwrap();
        assert_eq!(purged, 5, "{n}");
        for id in ["done", "left", "left-claimed", "desk", "not-met"] {
            assert_eq!(s.registration(id).await.unwrap(), None, "{n}: {id}");
        }
        assert!(s.registration("open").await.unwrap().is_some(), "{n}");
        assert!(s.registration("later").await.unwrap().is_some(), "{n}");
        assert_eq!(s.floor_facts(None, T0, to).await.unwrap(), expected, "{n}");
        let north: Vec<_> = expected
            .iter()
            .filter(|f| f.office == "north")
            .cloned()
            .collect();
        let got = s.floor_facts(Some("north"), T0, to).await.unwrap();
        assert_eq!(got, north, "{n}");
        let got = s.floor_facts(Some("north"), T0 + MIN, T0 + 4 * MIN).await;
        assert_eq!(got.unwrap(), north[1..3], "{n}");
        assert_eq!(s.floor_purge(T0 + 50 * MIN).await.unwrap(), 0, "{n}");
        assert_eq!(s.floor_facts(None, T0, to).await.unwrap(), expected, "{n}");
    }
}

/// Waits up to a second for `office` on `rx`; panics otherwise.
async fn sees(rx: &mut tokio::sync::broadcast::Receiver<String>, office: &str, what: &str) {
    let until = tokio::time::Instant::now() + Duration::from_secs(1);
    loop {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Ok(Ok(o)) if o == office => return,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => panic!("{what}: {e}"),
            Err(_) => panic!("{what}: {office} not seen within 1 s"),
        }
    }
}

/// A change made on instance B reaches instance A's subscribers within a
/// second (and A's own changes too, once each); nothing is sent for what
/// does not change the floor.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_change_feed_crosses_instances() {
    for e in engines().await {
        let n = e.name;
        let a = e.store.clone();
        let b = e.open_again().await;
        // Changes before anyone subscribed are not replayed.
        add(&b, &reg("before", "north", T0), T0).await;
        let mut rx = a.floor_subscribe().await.unwrap();
        let mut rx2 = a.floor_subscribe().await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(rx.try_recv().is_err(), "{n}: an old change sent");
        let started = std::time::Instant::now();
        add(&b, &reg("x", "north", T0), T0).await;
        sees(&mut rx, "north", &format!("{n}: add on B")).await;
        sees(
            &mut rx2,
            "north",
            &format!("{n}: add on B, second receiver"),
        )
        .await;
        let latency = started.elapsed();
        changed(act(&b, "x", "bo", FloorAction::Claim, T0 + MIN).await);
        sees(&mut rx, "north", &format!("{n}: claim on B")).await;
        add(&a, &reg("y", "south", T0), T0).await;
        sees(&mut rx, "south", &format!("{n}: add on A")).await;
        b.floor_close_open("south", T0 + MIN, T0 + MIN)
            .await
            .unwrap();
        sees(&mut rx, "south", &format!("{n}: closed on B")).await;
        // A's own change is sent once, not again by the poller.
        tokio::time::sleep(Duration::from_millis(600)).await;
        while rx.try_recv().is_ok() {}
        changed(act(&a, "x", "bo", FloorAction::Done, T0 + 2 * MIN).await);
        sees(&mut rx, "north", &format!("{n}: done on A")).await;
        // Refused actions and the purge change no floor.
        refused(act(&b, "x", "bo", FloorAction::Done, T0 + 3 * MIN).await);
        b.floor_purge(T0 - 1).await.unwrap();
        tokio::time::sleep(Duration::from_millis(600)).await;
        match rx.try_recv() {
            Err(tokio::sync::broadcast::error::TryRecvError::Empty) => {}
            other => panic!("{n}: nothing changed, yet: {other:?}"),
        }
        // A subscriber on B sees A's changes too.
        let mut rb = b.floor_subscribe().await.unwrap();
        add(&a, &reg("z", "east", T0), T0).await;
        sees(&mut rb, "east", &format!("{n}: add on A, seen on B")).await;
        eprintln!("{n}: a change on B seen on A after {latency:?}");
    }
}

/// PostgreSQL: when the server restarts, the LISTEN connection comes back
/// by itself; it then announces every office with registrations (what
/// changed meanwhile is unknown), and later changes are heard again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_listener_comes_back_after_a_restart() {
    let cluster = common::pg::PgCluster::start();
    let url = cluster.url(&cluster.create_db());
    let a = entre_hub::store::open(&url, None).await.unwrap();
    let b = entre_hub::store::open(&url, None).await.unwrap();
    add(&b, &reg("x", "north", T0), T0).await;
    let mut rx = a.floor_subscribe().await.unwrap();
    cluster.stop();
    tokio::time::sleep(Duration::from_millis(500)).await;
    cluster.restart();
    // Back within the backoff (at most 5 s) and the announcement.
    match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
        Ok(Ok(o)) if o == "north" => {}
        Ok(other) => panic!("after the restart: {other:?}"),
        Err(_) => panic!("no announcement within 10 s of the restart"),
    }
    // The pool's old connections fail once (503 to a caller); a new one
    // works.
    let mut tries = 0;
    loop {
        match b.registration_add(&reg("y", "south", T0), T0).await {
            Ok(_) => break,
            Err(StoreError::Unavailable(_)) if tries < 50 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("after the restart: {e}"),
        }
    }
    sees(&mut rx, "south", "a change after the restart").await;
}

/// SQLite: a write lock held by another process past the busy timeout is
/// `Unavailable` (503 + Retry-After), and nothing is half-stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_locked_is_unavailable() {
    let (url, dir) = common::sqlite_url();
    let s = entre_hub::store::open(&url, None).await.unwrap();
    add(&s, &reg("a", "north", T0), T0).await;
    let other = rusqlite::Connection::open(dir.path().join("hub.sqlite")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    // (A registration goes the same way: one write path.)
    let y = s.floor_act("a", "anna", FloorAction::Claim, T0 + MIN).await;
    assert!(matches!(y, Err(StoreError::Unavailable(_))), "{y:?}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        s.registration("a").await.unwrap().unwrap().state,
        FloorState::Waiting
    );
    changed(act(&s, "a", "anna", FloorAction::Claim, T0 + MIN).await);
}
