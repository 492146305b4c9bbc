//! The floor page without a browser (reqwest against the real `entre-hub`
//! binary on 127.0.0.1, a SQLite file): who may see which office's floor,
//! rows escaped, two guides claiming the same visitor at once, "Klar",
//! "Registrera besökare", the offline banner's markup, and the live list
//! (Server-Sent Events) at connect and after a change, also when the change
//! is made on another hub instance (SQLite file, PostgreSQL).

mod api_common;
mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use api_common::*;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};

const PW: &str = "ett långt lösenord 1";

fn add(config: &Path, name: &str, role: &str, office: Option<&str>) {
    let mut args = vec!["user", "add", name, "--role", role];
    if let Some(o) = office {
        args.extend(["--office", o]);
    }
    let mut child = Command::new(HUB)
        .arg("--config")
        .arg(config)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
}

/// A client that follows no redirects (we look at each answer).
fn web() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|s| s.starts_with(&format!("{name}=")))
        .map(|s| s.split(';').next().unwrap().to_string())
}

/// The value of the hidden input `name` (the first one) in a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} field in {page}"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Logs in; the session cookie (`name=value`).
async fn login(c: &reqwest::Client, url: &str, name: &str) -> String {
    let r = c.get(format!("{url}/login")).send().await.unwrap();
    let form_cookie = set_cookie(&r, "entre_hub_form").unwrap();
    let csrf = hidden(&r.text().await.unwrap(), "csrf");
    let r = c
        .post(format!("{url}/login"))
        .header(COOKIE, form_cookie)
        .form(&[("csrf", csrf.as_str()), ("name", name), ("password", PW)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login {name}");
    set_cookie(&r, "entre_hub_session").unwrap()
}

async fn get(c: &reqwest::Client, url: &str, cookie: &str) -> (StatusCode, String) {
    let r = c.get(url).header(COOKIE, cookie).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

fn hub(dir: &Path) -> Hub {
    let mut hub = Hub::new(
        dir,
        &format!("sqlite://{}", dir.join("hub.sqlite").display()),
        "",
    );
    hub.start();
    hub
}

/// A registration as a kiosk sends it.
fn registration(id: &str, language: &str, zone: Option<(&str, &str)>) -> serde_json::Value {
    let at = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S.000Z")
        .to_string();
    serde_json::json!({
        "id": id, "at": at, "kind": "walk_in", "errand": "housing",
        "language": language, "needs": ["seated", "interpreter"],
        "zone": zone.map(|(id, label)| serde_json::json!({ "id": id, "label_sv": label })),
        "floor": true, "checkin": null
    })
}

/// Registers through the kiosk protocol; the code given.
async fn kiosk_registers(url: &str, kiosk: &str, token: &str, body: serde_json::Value) -> String {
    let r = client()
        .post(format!("{url}/v1/kiosks/{kiosk}/registrations"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["code"].as_str().unwrap().to_string()
}

/// The `data-id` of the row with `code` on a floor page.
fn row_id(page: &str, code: &str) -> String {
    let at = page
        .find(&format!("data-code=\"{code}\""))
        .unwrap_or_else(|| panic!("no row {code} in {page}"));
    let before = &page[..at];
    let id_at = before.rfind("data-id=\"").unwrap() + 9;
    page[id_at..id_at + page[id_at..].find('"').unwrap()].to_string()
}

#[test]
fn who_may_see_which_floor() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "ali", "guide", Some("north"));
    add(&hub.config, "sara", "guide", Some("south"));
    add(&hub.config, "maja", "manager", Some("north"));
    add(&hub.config, "eva", "editor", None);
    add(&hub.config, "anna", "admin", None);
    rt().block_on(async {
        let c = web();
        let url = hub.url();
        // Not signed in: to the login page.
        let r = c.get(format!("{url}/floor")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/login");

        let ali = login(&c, &url, "ali").await;
        let (s, page) = get(&c, &format!("{url}/floor"), &ali).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("Medborgarkontoret Norr"), "{page}");
        assert!(page.contains("Ingen väntar just nu."), "{page}");
        // The offline banner is in the page, hidden until the script shows it.
        assert!(
            page.contains(r#"<p class="offline" id="offline" hidden role="alert">Offline sedan <span id="offline-since">"#),
            "{page}"
        );
        assert!(page.contains(r#"<script src="/static/floor.js" defer></script>"#));
        assert!(!page.contains("<script>"), "no inline script: {page}");
        // A guide's own office by name is fine; another office's is not.
        assert_eq!(
            get(&c, &format!("{url}/floor?office=north"), &ali).await.0,
            StatusCode::OK
        );
        let sara = login(&c, &url, "sara").await;
        for path in ["/floor?office=north", "/floor/events?office=north"] {
            let (s, page) = get(&c, &format!("{url}{path}"), &sara).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{path}: {page}");
            assert!(page.contains("Ingen behörighet"));
        }
        let maja = login(&c, &url, "maja").await;
        assert_eq!(get(&c, &format!("{url}/floor"), &maja).await.0, StatusCode::OK);
        let eva = login(&c, &url, "eva").await;
        for path in ["/floor", "/floor/events"] {
            assert_eq!(
                get(&c, &format!("{url}{path}"), &eva).await.0,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
        // An admin chooses the office; an unknown one is said plainly.
        let anna = login(&c, &url, "anna").await;
        let (s, page) = get(&c, &format!("{url}/floor"), &anna).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(r#"href="/floor?office=south""#), "{page}");
        let (s, page) = get(&c, &format!("{url}/floor?office=south"), &anna).await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains("Medborgarkontoret Söder"), "{page}");
        assert!(page.contains(r#"data-events="/floor/events?office=south""#), "{page}");
        let (s, page) = get(&c, &format!("{url}/floor?office=%3Cb%3E"), &anna).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(page.contains("Kontoret &quot;&lt;b&gt;&quot; finns inte"), "{page}");
        // The script is served from the hub (CSP: scripts from self only).
        let r = c
            .get(format!("{url}/static/floor.js"))
            .header(COOKIE, &ali)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
        assert!(r.text().await.unwrap().contains("EventSource"));
        let r = c.get(format!("{url}/floor")).header(COOKIE, &ali).send().await.unwrap();
        let csp = r.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{csp}");
    });
}

#[test]
fn two_guides_claim_at_once_one_wins_the_other_sees_who_and_klar_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "ali", "guide", Some("north"));
    add(&hub.config, "bo", "guide", Some("north"));
    add(&hub.config, "sara", "guide", Some("south"));
    let token = hub.add_kiosk("north-1", "north");
    rt().block_on(async {
        let c = web();
        let url = hub.url();
        let code = kiosk_registers(
            &url,
            "north-1",
            &token,
            registration(
                "6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b",
                "ar",
                Some(("sofas", "<script>alert(1)</script> & soffor")),
            ),
        )
        .await;
        let ali = login(&c, &url, "ali").await;
        let bo = login(&c, &url, "bo").await;
        let (_, page) = get(&c, &format!("{url}/floor"), &ali).await;
        // The row: its code literally, the language in Swedish with "tolk",
        // the needs as words, the zone escaped.
        let id = row_id(&page, &code);
        assert_eq!(id, "6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a6b");
        assert!(page.contains(&format!(">{code}</span>")), "{page}");
        assert!(page.contains("arabiska + tolk"), "{page}");
        assert!(page.contains("Sittplats"), "{page}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; soffor"),
            "{page}"
        );
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("Jag tar den"), "{page}");
        // Another office's guide cannot act on it.
        let sara = login(&c, &url, "sara").await;
        let (_, sara_page) = get(&c, &format!("{url}/floor"), &sara).await;
        assert!(!sara_page.contains(&id));
        let r = c
            .post(format!("{url}/floor/{id}/claim"))
            .header(COOKIE, &sara)
            .form(&[("csrf", hidden(&sara_page, "csrf").as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        // Without the session's CSRF token: refused, nothing changes.
        let r = c
            .post(format!("{url}/floor/{id}/claim"))
            .header(COOKIE, &ali)
            .form(&[("csrf", "0".repeat(64))])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        // Both press "Jag tar den" at the same moment.
        let claim = |who: String| {
            let c = c.clone();
            let url = url.clone();
            let id = id.clone();
            async move {
                let (_, page) = get(&c, &format!("{url}/floor"), &who).await;
                let csrf = hidden(&page, "csrf");
                let r = c
                    .post(format!("{url}/floor/{id}/claim"))
                    .header(COOKIE, &who)
                    .form(&[("csrf", csrf.as_str()), ("office", "north")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::SEE_OTHER);
                assert_eq!(r.headers()[LOCATION], "/floor");
                let flash = set_cookie(&r, "entre_hub_floor_msg").expect("a message");
                // Back on the page: the message, once.
                let (_, page) = get(&c, &format!("{url}/floor"), &format!("{who}; {flash}")).await;
                page
            }
        };
        let (a, b) = tokio::join!(claim(ali.clone()), claim(bo.clone()));
        let won: Vec<bool> = [&a, &b]
            .iter()
            .map(|p| p.contains(&format!("Du tar hand om {code}.")))
            .collect();
        assert_eq!(
            won.iter().filter(|w| **w).count(),
            1,
            "exactly one wins:\n{a}\n---\n{b}"
        );
        let (winner, winner_name, loser_page) = if won[0] {
            (&ali, "ali", &b)
        } else {
            (&bo, "bo", &a)
        };
        assert!(
            loser_page.contains(&format!("{code}: {winner_name} tog den redan.")),
            "{loser_page}"
        );
        assert!(
            loser_page.contains(&format!("{winner_name} tar hand om den")),
            "{loser_page}"
        );
        assert!(loser_page.contains(r#"data-state="claimed""#));
        for action in ["Klar", "Gick innan hjälp", "Lämna tillbaka"] {
            assert!(loser_page.contains(action), "{action}: {loser_page}");
        }

        // Through the script (fetch): JSON, the same words.
        let loser = if won[0] { &bo } else { &ali };
        let (_, page) = get(&c, &format!("{url}/floor"), loser).await;
        let r = c
            .post(format!("{url}/floor/{id}/claim"))
            .header(COOKIE, loser)
            .header("x-floor", "fetch")
            .form(&[("csrf", hidden(&page, "csrf"))])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let j: serde_json::Value = r.json().await.unwrap();
        assert_eq!(j["ok"], false);
        assert_eq!(
            j["message"],
            format!("{code}: {winner_name} tog den redan.")
        );

        // "Klar": the row leaves the floor, for both.
        let (_, page) = get(&c, &format!("{url}/floor"), winner).await;
        let r = c
            .post(format!("{url}/floor/{id}/done"))
            .header(COOKIE, winner)
            .form(&[("csrf", hidden(&page, "csrf"))])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        for who in [&ali, &bo] {
            let (_, page) = get(&c, &format!("{url}/floor"), who).await;
            assert!(!page.contains(&id), "{page}");
            assert!(page.contains("Ingen väntar just nu."), "{page}");
        }
        // Once more: it is no longer there to close.
        let r = c
            .post(format!("{url}/floor/{id}/done"))
            .header(COOKIE, winner)
            .header("x-floor", "fetch")
            .form(&[("csrf", hidden(&page, "csrf"))])
            .send()
            .await
            .unwrap();
        let j: serde_json::Value = r.json().await.unwrap();
        assert_eq!(j["ok"], false, "{j}");
    });
}

#[test]
fn a_guide_registers_a_visitor_and_every_open_page_gets_the_row_live() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "ali", "guide", Some("north"));
    add(&hub.config, "bo", "guide", Some("north"));
    rt().block_on(async {
        let c = web();
        let url = hub.url();
        let ali = login(&c, &url, "ali").await;
        let bo = login(&c, &url, "bo").await;

        // Bo's page listens (SSE): the list at once, on connect.
        let mut sse = c
            .get(format!("{url}/floor/events"))
            .header(COOKIE, &bo)
            .send()
            .await
            .unwrap();
        assert_eq!(sse.status(), StatusCode::OK);
        assert!(
            sse.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
        let first = next_floor_event(&mut sse, |_| true).await;
        assert!(first.contains("Ingen väntar just nu."), "{first}");
        assert!(first.starts_with("event: floor\n"), "{first:?}");
        assert!(first.contains("retry: 2000\n"), "{first:?}");

        // Ali registers a visitor without a kiosk: Swedish, in private.
        let (_, page) = get(&c, &format!("{url}/floor"), &ali).await;
        assert!(page.contains("Registrera besökare"));
        assert!(
            page.contains(r#"<option value="ar">arabiska</option>"#),
            "{page}"
        );
        let r = c
            .post(format!("{url}/floor/register"))
            .header(COOKIE, &ali)
            .form(&[
                ("csrf", hidden(&page, "csrf").as_str()),
                ("office", "north"),
                ("errand", ""),
                ("language", "sv"),
                ("need_private", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let flash = set_cookie(&r, "entre_hub_floor_msg").unwrap();
        let (_, page) = get(&c, &format!("{url}/floor"), &format!("{ali}; {flash}")).await;
        let code = page
            .split("<span class=\"code-big\">")
            .nth(1)
            .and_then(|s| s.get(..3))
            .unwrap_or_else(|| panic!("no code shown: {page}"))
            .to_string();
        assert!(entre_core::protocol::is_code(&code), "{code}");
        assert!(page.contains(&format!("data-code=\"{code}\"")), "{page}");
        assert!(page.contains("Något annat"), "{page}");
        assert!(page.contains("Enskilt"), "{page}");

        // Bo's stream has it within a second, with Bo's own CSRF token.
        let t = Instant::now();
        let ev = next_floor_event(&mut sse, |d| d.contains(&code)).await;
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
        let (_, bo_page) = get(&c, &format!("{url}/floor"), &bo).await;
        assert!(ev.contains(&hidden(&bo_page, "csrf")));
        assert!(!ev.contains("<csrf>"));
        // The live fragment is the page's list, exactly.
        let data: String = ev
            .lines()
            .filter_map(|l| l.strip_prefix("data: ").or(l.strip_prefix("data:")))
            .collect::<Vec<_>>()
            .join("\n");
        let list = bo_page
            .split("<div id=\"floor\" data-events=\"/floor/events\">")
            .nth(1)
            .unwrap();
        assert!(list.starts_with(&data), "page:\n{list}\nevent:\n{data}");

        // A bad choice is said plainly, and what was chosen stays.
        let r = c
            .post(format!("{url}/floor/register"))
            .header(COOKIE, &ali)
            .form(&[
                ("csrf", hidden(&page, "csrf").as_str()),
                ("language", "xx<"),
                ("need_seated", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("Språket &quot;xx&lt;&quot; finns inte"),
            "{page}"
        );
        assert!(
            page.contains(r#"name="need_seated" value="1" checked"#),
            "{page}"
        );
    });
}

/// Two hub instances on one database: a registration through instance B
/// and a claim on B reach a guide's live list on instance A within 1 s
/// (PostgreSQL: LISTEN/NOTIFY; SQLite: the change counter polled).
fn a_change_on_one_instance_reaches_the_page_on_another(db_url: &str) {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let mut a = Hub::new(dir_a.path(), db_url, "");
    let mut b = Hub::new(dir_b.path(), db_url, "");
    a.start();
    b.start();
    add(&a.config, "ali", "guide", Some("north"));
    add(&a.config, "bo", "guide", Some("north"));
    let token = b.add_kiosk("k-north", "north");
    rt().block_on(async {
        let c = web();
        let ali = login(&c, &a.url(), "ali").await;
        let bo = login(&c, &b.url(), "bo").await;
        let mut sse = c
            .get(format!("{}/floor/events", a.url()))
            .header(COOKIE, &ali)
            .send()
            .await
            .unwrap();
        assert_eq!(sse.status(), StatusCode::OK);
        next_floor_event(&mut sse, |_| true).await;

        let sent = Instant::now();
        let code = kiosk_registers(
            &b.url(),
            "k-north",
            &token,
            registration("6b0f3c1e-2a4d-4e8f-9b7a-1c2d3e4f5a01", "ti", None),
        )
        .await;
        let ev = next_floor_event(&mut sse, |e| e.contains(&format!("data-code=\"{code}\""))).await;
        let took = sent.elapsed();
        assert!(
            took < Duration::from_secs(1),
            "B's registration reached A's page after {took:?}"
        );
        assert!(ev.contains("tigrinja"), "{ev}");

        // Bo claims it on B: Ali's page on A says so within 1 s.
        let (_, page) = get(&c, &format!("{}/floor", b.url()), &bo).await;
        let id = row_id(&page, &code);
        let sent = Instant::now();
        let r = c
            .post(format!("{}/floor/{id}/claim", b.url()))
            .header(COOKIE, &bo)
            .form(&[("csrf", hidden(&page, "csrf").as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let ev = next_floor_event(&mut sse, |e| e.contains("bo tar hand om den")).await;
        let took = sent.elapsed();
        assert!(
            took < Duration::from_secs(1),
            "B's claim reached A's page after {took:?}"
        );
        assert!(ev.contains(&format!("data-code=\"{code}\"")), "{ev}");
    });
}

#[test]
fn a_change_on_one_instance_reaches_the_page_on_another_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    a_change_on_one_instance_reaches_the_page_on_another(&format!(
        "sqlite://{}",
        dir.path().join("hub.sqlite").display()
    ));
}

#[test]
fn a_change_on_one_instance_reaches_the_page_on_another_on_postgres() {
    a_change_on_one_instance_reaches_the_page_on_another(&common::pg::fresh_url());
}

/// Reads the stream until an `event: floor` whose data passes `want`;
/// the whole event text. Fails after 10 s.
async fn next_floor_event(r: &mut reqwest::Response, want: impl Fn(&str) -> bool) -> String {
    let until = Instant::now() + Duration::from_secs(10);
    let mut buf = String::new();
    loop {
        while let Some(end) = buf.find("\n\n") {
            let ev: String = buf[..end + 1].to_string();
            buf.drain(..end + 2);
            if ev.contains("event: floor\n") && want(&ev) {
                return ev;
            }
        }
        let left = until.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no such event within 10 s; so far: {buf}");
        match tokio::time::timeout(left, r.chunk()).await {
            Ok(Ok(Some(bytes))) => buf.push_str(&String::from_utf8_lossy(&bytes)),
            Ok(Ok(None)) => panic!("the stream ended: {buf}"),
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("no such event within 10 s; so far: {buf}"),
        }
    }
}
