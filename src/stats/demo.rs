//! Generated visits for trying `entre stats` on a scratch database: a year
//! of plausible traffic (weekdays, office hours in `[office] timezone`, the
//! kiosk's languages, purposes, units and errands, survey answers with the
//! optional "Are you …" (women 55 %, men 35 %, another 2 %, prefer not to
//! say 3 %, skipped 5 %), survey answers given on their own, walk-ins of
//! whom some started meanwhile, arrival mail delivered or not). Generated
//! visits are marked as already sent to the hub, so that they never reach
//! it.

use rusqlite::params;

use crate::config::{Config, Flow};
use crate::store::{Store, StoreError, Visit};
use entre_core::protocol::Gender;

/// The "Are you …" answers of those asked: women 55 %, men 35 %, another
/// 2 %, prefer not to say 3 %, skipped 5 %.
const GENDERS: [(Option<Gender>, u32); 5] = [
    (Some(Gender::Woman), 55),
    (Some(Gender::Man), 35),
    (Some(Gender::Another), 2),
    (Some(Gender::PreferNotToSay), 3),
    (None, 5),
];

/// Visits per transaction.
const CHUNK: usize = 5_000;

fn pick<'a, T>(rng: &mut fastrand::Rng, weighted: &'a [(T, u32)]) -> &'a T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut n = rng.u32(0..total.max(1));
    for (item, w) in weighted {
        if n < *w {
            return item;
        }
        n -= w;
    }
    &weighted[0].0
}

/// Fills `store` with `n` visits over the year before `now_ms`, from
/// `seed` (the same seed gives the same visits). About one in 25 is a
/// survey answer given on its own (not a visit). Returns how many were
/// check-ins.
pub fn fill(
    store: &Store,
    config: &Config,
    n: usize,
    now_ms: i64,
    seed: u64,
) -> Result<usize, StoreError> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let tz = config.office.tz();
    let purposes: Vec<(&crate::config::Purpose, u32)> = config
        .purposes
        .iter()
        .map(|p| {
            let w = match p.flow {
                Flow::Checkin => 35,
                Flow::Guidance => 40,
                Flow::Info | Flow::Register => 25 / config.purposes.len().max(1) as u32 + 1,
            };
            (p, w)
        })
        .collect();
    // Swedish most, then the other languages in the config's order.
    let languages: Vec<(&str, u32)> = config
        .kiosk
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                l.as_str(),
                if l == "sv" {
                    45
                } else {
                    12u32.saturating_sub(i as u32).max(2)
                },
            )
        })
        .collect();
    let errands = crate::content::ordered(
        crate::content::embedded()
            .filter(|(l, ..)| *l == crate::content::REFERENCE)
            .map(|(_, e, _)| e.to_string())
            .collect::<Vec<_>>()
            .iter(),
    )
    .into_iter()
    .cloned()
    .collect::<Vec<String>>();
    let errands: Vec<(String, u32)> = errands
        .into_iter()
        .enumerate()
        .map(|(i, e)| (e, 20 - i as u32 * 3 / 2))
        .collect();
    let hours: [(i8, u32); 8] = [
        (9, 8),
        (10, 14),
        (11, 12),
        (12, 8),
        (13, 13),
        (14, 11),
        (15, 8),
        (16, 3),
    ];
    let year = 365 * 86_400_000i64;
    // The moments first, in order: a kiosk writes its visits as they come,
    // so the table's rows follow time as the real one's do (a period's
    // range scan then reads neighbouring pages, not the whole file).
    let mut moments: Vec<i64> = (0..n)
        .map(|_| {
            // A weekday, at office hours, local time.
            loop {
                let day = now_ms - rng.i64(0..year);
                let Ok(ts) = jiff::Timestamp::from_millisecond(day) else {
                    continue;
                };
                let date = ts.to_zoned_datetime(tz.clone()).date();
                if date.weekday().to_monday_one_offset() > 5 {
                    continue;
                }
                let hour = *pick(&mut rng, &hours);
                let Ok(at) = date
                    .at(hour, rng.i8(0..60), rng.i8(0..60), 0)
                    .to_zoned_datetime(tz.clone())
                else {
                    continue;
                };
                let ms = at.timestamp().as_millisecond();
                if ms <= now_ms {
                    break ms;
                }
            }
        })
        .collect();
    moments.sort_unstable();
    let mut visits = Vec::with_capacity(n.min(CHUNK));
    let mut mail = Vec::new();
    let mut checkins = 0;
    let mut done = 0;
    while done < n {
        visits.clear();
        mail.clear();
        for &at_ms in &moments[done..(done + (n - done).min(CHUNK))] {
            let lang = *pick(&mut rng, &languages);
            let answer = |rng: &mut fastrand::Rng| {
                (
                    *pick(rng, &[(Some(true), 62), (Some(false), 23), (None, 15)]),
                    *pick(rng, &[(Some(true), 38), (Some(false), 44), (None, 18)]),
                    *pick(rng, &GENDERS),
                )
            };
            // A survey answer on the welcome screen, on the way out.
            if rng.u32(0..25) == 0 {
                let (learned, own, gender) = answer(&mut rng);
                let mut v = Visit::survey_answer(lang, learned, own, gender);
                v.at_ms = at_ms;
                if !errands.is_empty() && rng.bool() {
                    v.errand = Some(pick(&mut rng, &errands).clone());
                }
                visits.push(v);
                continue;
            }
            let purpose = *pick(&mut rng, &purposes);
            let mut v = Visit::new(&purpose.id, lang);
            v.at_ms = at_ms;
            match purpose.flow {
                Flow::Checkin if !config.units.is_empty() => {
                    let unit = &config.units[rng.usize(0..config.units.len())];
                    v.checkin_unit = Some(unit.id.clone());
                    // 98 % delivered, 1 % given up, 1 % waiting.
                    let state = match rng.u32(0..100) {
                        0 => "failed",
                        1 => "waiting",
                        _ => "sent",
                    };
                    mail.push((v.id.clone(), at_ms, state));
                    checkins += 1;
                }
                Flow::Guidance if !errands.is_empty() => {
                    v.errand = Some(pick(&mut rng, &errands).clone());
                    (v.learned, v.self_next_time, v.gender) = answer(&mut rng);
                }
                // A walk-in: a third started the errand meanwhile; half are
                // asked the survey after "Klar".
                Flow::Register => {
                    v.meanwhile = rng.u32(0..3) == 0;
                    if rng.bool() {
                        (v.learned, v.self_next_time, v.gender) = answer(&mut rng);
                    }
                }
                _ => {}
            }
            visits.push(v);
        }
        store.record_visits(&visits)?;
        store.write(|tx| {
            let mut sent = tx.prepare_cached(
                "UPDATE outbox SET sent_ms = created_ms WHERE kind = 'visit' AND visit_id = ?1",
            )?;
            for v in &visits {
                sent.execute(params![v.id])?;
            }
            let mut insert = tx.prepare_cached(
                "INSERT INTO outbox (kind, visit_id, payload, created_ms, next_attempt_ms,
                                     attempts, sent_ms, gave_up_ms)
                 VALUES ('mail', ?1, '', ?2, ?2, 1, ?3, ?4)",
            )?;
            for (id, at, state) in &mail {
                let (sent, gave_up) = match *state {
                    "sent" => (Some(at + 2_000), None),
                    "failed" => (None, Some(at + 48 * 3_600_000)),
                    _ => (None, None),
                };
                insert.execute(params![id, at, sent, gave_up])?;
            }
            Ok(())
        })?;
        done += visits.len();
    }
    Ok(checkins)
}
