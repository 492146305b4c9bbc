//! The floor load of `scripts/bench-hub`: many guides' pages listening to
//! one office's floor while its kiosks register visitors.
//!
//!     bench_floor --url URL --kiosks FILE --user NAME --password-file FILE
//!                 [--clients 200] [--registrars 20] [--seconds 60] [--keep-s 5] [--pid PID]
//!
//! FILE has one kiosk a line, `ID TOKEN` (as `entre-hub kiosk add` made
//! them); the first `--registrars` of them register, all of one office.
//! The driver signs in as the guide NAME of that office (the login form,
//! as a browser does) and opens `--clients` plain HTTP connections to
//! `GET /floor/events` with that session cookie (Server-Sent Events; not
//! browsers). Then every registrar kiosk sends one registration a second
//! (`POST /v1/kiosks/{id}/registrations`, docs/hub-protocol.md,
//! Registrations), spread evenly over the second, for `--seconds`; each
//! registration is taken off the floor again `--keep-s` later (the same id
//! sent again with `floor: false`, as a kiosk whose visitor went to the
//! desk does), so that the floor holds about registrars x keep-s rows, as
//! a busy office's would, rather than growing all the time.
//!
//! Event latency: from just before a registration's POST was sent to the
//! moment each client received the first `floor` event whose data holds
//! the registration's code (the page's list, each row's code in it
//! literally). Pairs never seen (a row taken off again before a lagging
//! client's next event) are counted and reported, not fatal. With
//! `--pid`, the hub's CPU (utime+stime from /proc/PID/stat over the load)
//! and VmRSS (sampled every 50 ms) are reported. Prints `key=value` lines.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    url: String,
    kiosks: Vec<(String, String)>,
    user: String,
    password: String,
    clients: usize,
    registrars: usize,
    seconds: u64,
    keep_s: u64,
    pid: Option<u32>,
}

fn usage() -> ! {
    eprintln!(
        "usage: bench_floor --url URL --kiosks FILE --user NAME --password-file FILE\n                   \
         [--clients 200] [--registrars 20] [--seconds 60] [--keep-s 5] [--pid PID]"
    );
    std::process::exit(2)
}

fn parse() -> Args {
    let mut it = std::env::args().skip(1);
    let mut map: HashMap<String, String> = HashMap::new();
    while let Some(key) = it.next() {
        let Some(key) = key.strip_prefix("--") else {
            usage()
        };
        let value = it.next().unwrap_or_else(|| usage());
        map.insert(key.to_string(), value);
    }
    let get = |k: &str| map.get(k).cloned();
    let num = |k: &str, default: u64| -> u64 {
        match get(k) {
            Some(v) => v.parse().unwrap_or_else(|_| {
                eprintln!("--{k} {v}: not a number");
                std::process::exit(2)
            }),
            None => default,
        }
    };
    let read = |k: &str| {
        let file = get(k).unwrap_or_else(|| usage());
        std::fs::read_to_string(&file).unwrap_or_else(|e| {
            eprintln!("{file}: {e}");
            std::process::exit(2)
        })
    };
    let kiosks: Vec<(String, String)> = read("kiosks")
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.to_string(), w.next()?.to_string()))
        })
        .collect();
    let registrars = num("registrars", 20) as usize;
    if kiosks.len() < registrars || registrars == 0 {
        eprintln!(
            "--kiosks: {} kiosks, --registrars {registrars} needed",
            kiosks.len()
        );
        std::process::exit(2)
    }
    Args {
        url: get("url")
            .unwrap_or_else(|| usage())
            .trim_end_matches('/')
            .to_string(),
        kiosks,
        user: get("user").unwrap_or_else(|| usage()),
        password: read("password-file").trim_end_matches('\n').to_string(),
        clients: num("clients", 200) as usize,
        registrars,
        seconds: num("seconds", 60),
        keep_s: num("keep-s", 5),
        pid: get("pid").map(|p| p.parse().unwrap_or_else(|_| usage())),
    }
}

/// A random (version 4) UUID, as the kiosk makes registration ids.
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

/// A registration as the kiosk sends it: errands, languages, needs and
/// zones varied as visitors would choose them.
fn registration(id: &str, n: usize, floor: bool) -> String {
    const LANGS: [&str; 10] = ["sv", "en", "ar", "fa", "so", "ti", "fi", "tr", "pl", "uk"];
    const ERRANDS: [Option<&str>; 5] = [
        Some("housing"),
        Some("preschool"),
        Some("digital-help"),
        Some("work"),
        None,
    ];
    let needs: Vec<&str> = match n % 4 {
        0 => vec![],
        1 => vec!["seated"],
        2 => vec!["private", "interpreter"],
        _ => vec!["interpreter"],
    };
    let zone = match n % 3 {
        0 => serde_json::Value::Null,
        1 => serde_json::json!({ "id": "computers", "label_sv": "Vid datorerna" }),
        _ => serde_json::json!({ "id": "sofas", "label_sv": "I sofforna" }),
    };
    let at = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S.%3fZ")
        .to_string();
    serde_json::json!({
        "id": id, "at": at, "kind": "walk_in",
        "errand": ERRANDS[n % ERRANDS.len()], "language": LANGS[n % LANGS.len()],
        "needs": needs, "zone": zone, "floor": floor, "checkin": null,
    })
    .to_string()
}

/// The rows' codes in a `floor` event's data: every `data-code`
/// attribute, else every code (`^[A-HJ-NP-Z][2-9]{2}$`) standing alone.
fn codes(text: &str) -> Vec<String> {
    let tagged: Vec<String> = text
        .split("data-code=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    if !tagged.is_empty() {
        return tagged;
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let alnum = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
    for i in 0..b.len().saturating_sub(2) {
        let (l, d1, d2) = (b[i], b[i + 1], b[i + 2]);
        if l.is_ascii_uppercase()
            && l != b'I'
            && l != b'O'
            && (b'2'..=b'9').contains(&d1)
            && (b'2'..=b'9').contains(&d2)
            && (i == 0 || !alnum(i - 1))
            && !alnum(i + 3)
        {
            out.push(text[i..i + 3].to_string());
        }
    }
    out
}

fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `name=value` of every Set-Cookie in `answer`.
fn cookies(answer: &reqwest::Response) -> Vec<String> {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .map(|s| s.trim().to_string())
        .collect()
}

/// Signs in through the login form; the session's `Cookie` header value.
async fn sign_in(a: &Args, http: &reqwest::Client) -> Result<String, Error> {
    let form = http.get(format!("{}/login", a.url)).send().await?;
    let jar = cookies(&form);
    let html = form.text().await?;
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .ok_or("no csrf field in the login form")?
        .to_string();
    let body = format!(
        "csrf={}&name={}&password={}",
        form_encode(&csrf),
        form_encode(&a.user),
        form_encode(&a.password)
    );
    let answer = http
        .post(format!("{}/login", a.url))
        .header("cookie", jar.join("; "))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?;
    let status = answer.status();
    let session = cookies(&answer)
        .into_iter()
        .filter(|c| !c.ends_with('='))
        .collect::<Vec<_>>();
    if !status.is_redirection() || session.is_empty() {
        return Err(format!("signing in as {}: {status}, no session cookie", a.user).into());
    }
    Ok(session.join("; "))
}

/// What one client saw: when each code first appeared, the events and bytes.
#[derive(Default)]
struct Seen {
    first: HashMap<String, Instant>,
    events: u64,
    bytes: u64,
}

/// One SSE client: reads `floor` events until `stop`, noting each code's
/// first appearance.
async fn listen(
    http: reqwest::Client,
    url: String,
    cookie: String,
    ready: Arc<AtomicU64>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Result<Seen, Error> {
    let mut answer = http
        .get(&url)
        .header("cookie", &cookie)
        .header("accept", "text/event-stream")
        .send()
        .await?;
    if answer.status() != 200 {
        return Err(format!("GET /floor/events: {}", answer.status()).into());
    }
    ready.fetch_add(1, Ordering::Relaxed);
    let mut seen = Seen::default();
    let mut buf: Vec<u8> = Vec::new();
    // A watch, not a Notify: a client busy with a chunk when the stop
    // comes still sees it at its next await.
    while !*stop.borrow() {
        let chunk = tokio::select! {
            c = answer.chunk() => c?,
            _ = stop.changed() => break,
        };
        let Some(chunk) = chunk else {
            return Err("the event stream ended".into());
        };
        let now = Instant::now();
        seen.bytes += chunk.len() as u64;
        buf.extend_from_slice(&chunk);
        // Whole events only (they end with a blank line); one pass each.
        let mut from = 0;
        while let Some(end) = buf[from..].windows(2).position(|w| w == b"\n\n") {
            let event = String::from_utf8_lossy(&buf[from..from + end]);
            if event
                .lines()
                .any(|l| l.trim_end() == "event: floor" || l.trim_end() == "event:floor")
            {
                seen.events += 1;
                for c in codes(&event) {
                    seen.first.entry(c).or_insert(now);
                }
            }
            from += end + 2;
        }
        buf.drain(..from);
    }
    Ok(seen)
}

fn vm(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// utime+stime of the process, in clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

fn clock_ticks_per_s() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

async fn run(a: Args) -> Result<(), Error> {
    let http = reqwest::Client::builder()
        .user_agent("entre/bench")
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    // The event streams never end: no total timeout for them.
    let streams = reqwest::Client::builder()
        .user_agent("entre/bench")
        .connect_timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(0)
        .build()?;
    let cookie = sign_in(&a, &http).await?;
    let rss_idle = a.pid.and_then(|p| vm(p, "VmRSS:"));

    let ready = Arc::new(AtomicU64::new(0));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let url = format!("{}/floor/events", a.url);
    let mut clients = Vec::with_capacity(a.clients);
    for _ in 0..a.clients {
        clients.push(tokio::spawn(listen(
            streams.clone(),
            url.clone(),
            cookie.clone(),
            ready.clone(),
            stopped.clone(),
        )));
    }
    let until = Instant::now() + Duration::from_secs(60);
    while (ready.load(Ordering::Relaxed) as usize) < a.clients {
        if let Some(done) = clients.iter().position(|c| c.is_finished()) {
            return Err(format!(
                "client {done} stopped at once: {:?}",
                clients.remove(done).await?.err()
            )
            .into());
        }
        if Instant::now() > until {
            return Err("the clients did not all connect within 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Let the first (whole-list) events arrive before the clock starts.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_connected = a.pid.and_then(|p| vm(p, "VmRSS:"));

    let peak = Arc::new(AtomicU64::new(0));
    let sampling = Arc::new(AtomicU64::new(1));
    if let Some(pid) = a.pid {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) == 1 {
                if let Some(kb) = vm(pid, "VmRSS:") {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
    }
    let ticks0 = a.pid.and_then(cpu_ticks);
    let started = tokio::time::Instant::now();
    let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let posts: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let mut kiosks = Vec::new();
    for (k, (id, token)) in a.kiosks.iter().take(a.registrars).enumerate() {
        let (http, sent, posts) = (http.clone(), sent.clone(), posts.clone());
        let url = format!("{}/v1/kiosks/{id}/registrations", a.url);
        let (token, seconds, keep, registrars) = (token.clone(), a.seconds, a.keep_s, a.registrars);
        kiosks.push(tokio::spawn(async move {
            let post = |body: String| {
                http.post(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/json; charset=utf-8")
                    .header("accept", "application/json")
                    .body(body)
                    .send()
            };
            let mut withdraw: Vec<(tokio::time::Instant, String, usize)> = Vec::new();
            let offset = Duration::from_secs(1) * k as u32 / registrars as u32;
            for s in 0..seconds {
                let due = started + offset + Duration::from_secs(s);
                // Withdrawals due by now go first, off the clock.
                while withdraw.first().is_some_and(|(at, _, _)| *at <= due) {
                    let (_, rid, n) = withdraw.remove(0);
                    let answer = post(registration(&rid, n, false)).await?;
                    if !answer.status().is_success() {
                        return Err::<(), Error>(
                            format!("withdrawing {rid}: {}", answer.status()).into(),
                        );
                    }
                }
                tokio::time::sleep_until(due).await;
                let rid = uuid_v4();
                let n = k * 1000 + s as usize;
                let body = registration(&rid, n, true);
                let t0 = Instant::now();
                let answer = post(body).await?;
                let status = answer.status();
                let text = answer.text().await?;
                posts.lock().unwrap().push(t0.elapsed());
                if !status.is_success() {
                    return Err(format!("POST registration: {status}: {text}").into());
                }
                let v: serde_json::Value = serde_json::from_str(&text)?;
                let code = v["code"]
                    .as_str()
                    .ok_or_else(|| format!("no code in {text}"))?
                    .to_string();
                if sent.lock().unwrap().insert(code.clone(), t0).is_some() {
                    return Err(format!("code {code} given twice").into());
                }
                withdraw.push((due + Duration::from_secs(keep), rid, n));
            }
            // The floor left as it was found: the rest taken off too.
            for (at, rid, n) in withdraw {
                tokio::time::sleep_until(at).await;
                let answer = post(registration(&rid, n, false)).await?;
                if !answer.status().is_success() {
                    return Err(format!("withdrawing {rid}: {}", answer.status()).into());
                }
            }
            Ok(())
        }));
    }
    for k in kiosks {
        k.await??;
    }
    let load_s = started.elapsed().as_secs_f64();
    let ticks = match (ticks0, a.pid.and_then(cpu_ticks)) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    // Stragglers: the last events.
    tokio::time::sleep(Duration::from_secs(2)).await;
    sampling.store(0, Ordering::Relaxed);
    let _ = stop.send(true);
    let mut seen = Vec::with_capacity(clients.len());
    for c in clients {
        seen.push(c.await??);
    }

    let sent = sent.lock().unwrap();
    let mut latencies = Vec::with_capacity(sent.len() * seen.len());
    let mut missed = 0u64;
    for s in &seen {
        for (code, t0) in sent.iter() {
            match s.first.get(code) {
                Some(t) => latencies.push(t.saturating_duration_since(*t0)),
                None => missed += 1,
            }
        }
    }
    latencies.sort();
    let pct = |v: &[Duration], p: f64| {
        if v.is_empty() {
            return f64::NAN;
        }
        let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
        v[i].as_secs_f64() * 1e3
    };
    let mut posts = posts.lock().unwrap().clone();
    posts.sort();
    let events: u64 = seen.iter().map(|s| s.events).sum();
    let bytes: u64 = seen.iter().map(|s| s.bytes).sum();
    println!("clients={}", seen.len());
    println!("registrars={}", a.registrars);
    println!("registrations={}", sent.len());
    println!("seconds={load_s:.1}");
    println!("events_per_client={:.0}", events as f64 / seen.len() as f64);
    println!(
        "mb_per_client={:.1}",
        bytes as f64 / seen.len() as f64 / 1e6
    );
    println!("missed={missed}");
    println!("event_p50_ms={:.1}", pct(&latencies, 0.50));
    println!("event_p99_ms={:.1}", pct(&latencies, 0.99));
    println!("event_max_ms={:.1}", pct(&latencies, 1.0));
    println!("post_p99_ms={:.1}", pct(&posts, 0.99));
    if let Some(t) = ticks {
        println!(
            "cpu_pct={:.0}",
            t as f64 / clock_ticks_per_s() / load_s * 100.0
        );
    }
    if let Some(kb) = rss_idle {
        println!("rss_before_kb={kb}");
    }
    if let Some(kb) = rss_connected {
        println!("rss_connected_kb={kb}");
    }
    if a.pid.is_some() {
        println!("rss_peak_kb={}", peak.load(Ordering::Relaxed));
    }
    // Not fatal: a row taken off the floor before a lagging client's next
    // event is never in it (the page gets the latest list, not every one);
    // reported so that lag shows.
    println!(
        "missed_pct={:.2}",
        missed as f64 * 100.0 / (sent.len() * seen.len()).max(1) as f64
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    let a = parse();
    // Two workers: 200 streams of the whole list are a lot to read.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    match rt.block_on(run(a)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let mut text = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            eprintln!("bench_floor: {text}");
            std::process::ExitCode::FAILURE
        }
    }
}
