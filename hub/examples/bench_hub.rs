//! The load driver of `scripts/bench-hub`: speaks the kiosk protocol
//! (docs/hub-protocol.md) to a running entre-hub, as many kiosks at once.
//!
//!     bench_hub ingest  --url URL --kiosks FILE --visits N [--batch 200] [--pid PID]
//!     bench_hub content --url URL --kiosks FILE --rate R --seconds S [--pid PID]
//!
//! FILE has one kiosk a line: `ID TOKEN` (as `entre-hub kiosk add` made
//! them). `ingest`: every kiosk sends N visits in batches, one batch after
//! the other as a kiosk does, all kiosks at once; every visit must come
//! back in `accepted`; a 503 or a failed connection sends the batch again
//! (after Retry-After, at most 5 s), as a kiosk would, and is counted. `content`: GET /content with the kiosk's ETag in
//! If-None-Match, R requests a second spread over the kiosks (an open loop:
//! each request is sent at its time whether or not earlier ones have been
//! answered, and its latency counts from that time), every answer must be
//! 304. With `--pid`, the hub's VmRSS is sampled every 50 ms meanwhile.
//! Prints `key=value` lines; exits 1 on any unexpected answer.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    mode: String,
    url: String,
    kiosks: Vec<(String, String)>,
    visits: usize,
    batch: usize,
    rate: u32,
    seconds: u64,
    pid: Option<u32>,
}

fn usage() -> ! {
    eprintln!(
        "usage: bench_hub ingest --url URL --kiosks FILE --visits N [--batch 200] [--pid PID]\n       \
         bench_hub content --url URL --kiosks FILE --rate R --seconds S [--pid PID]"
    );
    std::process::exit(2)
}

fn parse() -> Args {
    let mut it = std::env::args().skip(1);
    let mode = it.next().unwrap_or_else(|| usage());
    if mode != "ingest" && mode != "content" {
        usage()
    }
    let mut map: HashMap<String, String> = HashMap::new();
    while let Some(key) = it.next() {
        let Some(key) = key.strip_prefix("--") else {
            usage()
        };
        let value = it.next().unwrap_or_else(|| usage());
        map.insert(key.to_string(), value);
    }
    let get = |k: &str| map.get(k).cloned();
    let num = |k: &str, default: Option<u64>| -> u64 {
        match get(k) {
            Some(v) => v.parse().unwrap_or_else(|_| {
                eprintln!("--{k} {v}: not a number");
                std::process::exit(2)
            }),
            None => default.unwrap_or_else(|| usage()),
        }
    };
    let file = get("kiosks").unwrap_or_else(|| usage());
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(2)
    });
    let kiosks: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.to_string(), w.next()?.to_string()))
        })
        .collect();
    if kiosks.is_empty() {
        eprintln!("{file}: no kiosks (one `ID TOKEN` a line)");
        std::process::exit(2)
    }
    let ingest = mode == "ingest";
    Args {
        url: get("url")
            .unwrap_or_else(|| usage())
            .trim_end_matches('/')
            .to_string(),
        kiosks,
        visits: if ingest {
            num("visits", None) as usize
        } else {
            0
        },
        batch: num("batch", Some(200)) as usize,
        rate: if ingest { 0 } else { num("rate", None) as u32 },
        seconds: if ingest { 0 } else { num("seconds", None) },
        pid: get("pid").map(|p| p.parse().unwrap_or_else(|_| usage())),
        mode,
    }
}

/// A random (version 4) UUID, as the kiosk makes visit ids.
fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("random bytes");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// One batch body and its ids. Visits as the screens make them: a mix of
/// check-ins and guidance with surveys, in ten languages, `at` floored to
/// the minute, within the last days, oldest first.
fn batch(n: usize, start_minute: i64) -> (String, Vec<String>) {
    const LANGS: [&str; 10] = ["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"];
    const ERRANDS: [&str; 4] = ["housing", "library-card", "bank-id", "job"];
    let now = jiff::Timestamp::now().as_second() / 60 * 60;
    let mut ids = Vec::with_capacity(n);
    let mut visits = Vec::with_capacity(n);
    for i in 0..n {
        let id = uuid_v4();
        let minute = start_minute + i as i64 / 20;
        let at = jiff::Timestamp::from_second(now - 3 * 86_400 + minute * 60)
            .expect("a time")
            .strftime("%Y-%m-%dT%H:%M:00.000Z")
            .to_string();
        let lang = LANGS[i % LANGS.len()];
        let visit = if i % 3 == 0 {
            serde_json::json!({
                "id": id, "at": at, "purpose": "appointment", "errand": null,
                "language": lang,
                "survey": { "learned": null, "self_next_time": null },
                "checkin": { "unit": "ekonomi" },
            })
        } else {
            serde_json::json!({
                "id": id, "at": at, "purpose": "errand",
                "errand": ERRANDS[i % ERRANDS.len()], "language": lang,
                "survey": { "learned": i % 2 == 0, "self_next_time": if i % 5 == 0 { serde_json::Value::Null } else { (i % 4 == 0).into() } },
                "checkin": null,
            })
        };
        ids.push(id);
        visits.push(visit);
    }
    (serde_json::json!({ "visits": visits }).to_string(), ids)
}

/// Samples the hub's VmRSS (kB) until stopped; returns the highest.
fn sample_rss(pid: Option<u32>) -> (Arc<AtomicU64>, Arc<AtomicU64>) {
    let peak = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicU64::new(0));
    if let Some(pid) = pid {
        let (peak, stop) = (peak.clone(), stop.clone());
        std::thread::spawn(move || {
            while stop.load(Ordering::Relaxed) == 0 {
                if let Some(kb) = vm(pid, "VmRSS:") {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
    }
    (peak, stop)
}

fn vm(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent("entre/bench")
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

async fn ingest(a: &Args) -> Result<(), Error> {
    let per = a.visits;
    let batches = per.div_ceil(a.batch);
    // The bodies are made before the clock starts: the driver shares the
    // machine with the hub, and JSON making is not what is measured.
    let mut work = Vec::new();
    for (k, (id, token)) in a.kiosks.iter().enumerate() {
        let mut bodies = Vec::with_capacity(batches);
        for b in 0..batches {
            let n = a.batch.min(per - b * a.batch);
            bodies.push(batch(n, (k * 7 + b * 10) as i64));
        }
        work.push((id.clone(), token.clone(), bodies));
    }
    let (peak, stop) = sample_rss(a.pid);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (id, token, bodies) in work {
        let url = format!("{}/v1/kiosks/{id}/visits", a.url);
        tasks.push(tokio::spawn(async move {
            // One connection per kiosk, as each kiosk has its own.
            let http = client();
            let mut stored = 0usize;
            let mut slowest = Duration::ZERO;
            let mut retried = 0u64;
            for (body, ids) in bodies {
                let t = Instant::now();
                // As a kiosk does: a 503 (the database busy) or a failed
                // connection leaves the batch queued, and it is sent again
                // after Retry-After (here at most 5 s), counted.
                let mut attempt = 0;
                let text = loop {
                    attempt += 1;
                    let sent = http
                        .post(&url)
                        .bearer_auth(&token)
                        .header("content-type", "application/json; charset=utf-8")
                        .header("accept", "application/json")
                        .body(body.clone())
                        .send()
                        .await;
                    let answer = match sent {
                        Ok(a) => a,
                        Err(e) if attempt < 20 => {
                            retried += 1;
                            eprintln!("{id}: {e}; sent again in 1 s");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            continue;
                        }
                        Err(e) => return Err(e.into()),
                    };
                    let status = answer.status();
                    let wait = answer
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .unwrap_or(1)
                        .min(5);
                    let text = answer.text().await?;
                    if status == 503 && attempt < 20 {
                        retried += 1;
                        tokio::time::sleep(Duration::from_secs(wait)).await;
                        continue;
                    }
                    if !status.is_success() {
                        return Err(format!("{id}: {status}: {}", cut(&text)).into());
                    }
                    break text;
                };
                slowest = slowest.max(t.elapsed());
                let v: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| format!("{id}: not JSON ({e}): {}", cut(&text)))?;
                let accepted: std::collections::HashSet<&str> = v["accepted"]
                    .as_array()
                    .ok_or_else(|| format!("{id}: no accepted list: {}", cut(&text)))?
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect();
                let missing = ids
                    .iter()
                    .filter(|i| !accepted.contains(i.as_str()))
                    .count();
                if missing > 0 {
                    return Err(
                        format!("{id}: {missing} of {} visits not accepted", ids.len()).into(),
                    );
                }
                stored += ids.len();
            }
            Ok::<_, Error>((stored, slowest, retried))
        }));
    }
    let mut total = 0;
    let mut slowest = Duration::ZERO;
    let mut retried = 0;
    for t in tasks {
        let (n, s, r) = t.await??;
        total += n;
        slowest = slowest.max(s);
        retried += r;
    }
    let elapsed = started.elapsed();
    stop.store(1, Ordering::Relaxed);
    println!("kiosks={}", a.kiosks.len());
    println!("visits={total}");
    println!("seconds={:.2}", elapsed.as_secs_f64());
    println!("visits_per_s={:.0}", total as f64 / elapsed.as_secs_f64());
    println!("slowest_batch_ms={:.1}", slowest.as_secs_f64() * 1e3);
    println!("batches_retried={retried}");
    report_rss(a.pid, &peak);
    Ok(())
}

async fn content(a: &Args) -> Result<(), Error> {
    let http = client();
    // Each kiosk first fetches the content, as after a start, for its ETag.
    let mut kiosks = Vec::new();
    for (id, token) in &a.kiosks {
        let url = format!("{}/v1/kiosks/{id}/content", a.url);
        let answer = http.get(&url).bearer_auth(token).send().await?;
        let status = answer.status();
        let etag = answer
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let _ = answer.bytes().await?;
        let Some(etag) = etag.filter(|_| status == 200) else {
            return Err(format!(
                "{id}: GET content answered {status} without an ETag (is content published for its office?)"
            )
            .into());
        };
        kiosks.push((url, token.clone(), etag));
    }
    let kiosks = Arc::new(kiosks);
    let total = a.rate as u64 * a.seconds;
    let gap = Duration::from_secs_f64(1.0 / a.rate as f64);
    let (peak, stop) = sample_rss(a.pid);
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for n in 0..total {
        let due = started + gap * n as u32;
        tokio::time::sleep_until(due).await;
        let (http, kiosks) = (http.clone(), kiosks.clone());
        tasks.push(tokio::spawn(async move {
            let (url, token, etag) = &kiosks[n as usize % kiosks.len()];
            let answer = http
                .get(url)
                .bearer_auth(token)
                .header("if-none-match", etag)
                .header("accept", "application/json")
                .send()
                .await?;
            let status = answer.status();
            let _ = answer.bytes().await?;
            // From the time it was due: a hub that falls behind is charged
            // for the wait too.
            let latency = due.elapsed();
            if status != 304 {
                return Err::<Duration, Error>(format!("{url}: {status}, not 304").into());
            }
            Ok(latency)
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    for t in tasks {
        latencies.push(t.await??);
    }
    let elapsed = started.elapsed();
    stop.store(1, Ordering::Relaxed);
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1e3
    };
    println!("requests={}", latencies.len());
    println!(
        "rate_per_s={:.0}",
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!("p50_ms={:.2}", pct(0.50));
    println!("p99_ms={:.2}", pct(0.99));
    println!("max_ms={:.2}", pct(1.0));
    report_rss(a.pid, &peak);
    Ok(())
}

fn report_rss(pid: Option<u32>, peak: &AtomicU64) {
    if let Some(pid) = pid {
        println!("rss_peak_kb={}", peak.load(Ordering::Relaxed));
        if let Some(hwm) = vm(pid, "VmHWM:") {
            println!("hwm_kb={hwm}");
        }
    }
}

fn cut(s: &str) -> String {
    s.chars().take(200).collect()
}

fn main() -> std::process::ExitCode {
    let a = parse();
    // One worker: the driver shares the two cores with the hub.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let result = rt.block_on(async {
        if a.mode == "ingest" {
            ingest(&a).await
        } else {
            content(&a).await
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // The whole chain: "error sending request" alone says little.
            let mut text = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            eprintln!("bench_hub: {text}");
            std::process::ExitCode::FAILURE
        }
    }
}
