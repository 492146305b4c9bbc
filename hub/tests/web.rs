//! The staff pages' forms without a browser (reqwest against the real
//! `entre-hub` binary on 127.0.0.1, SQLite file): CSRF refused, login
//! throttled per account and per address, cookie flags, the session token
//! never stored, one-time links, roles, and escaping.

mod api_common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use api_common::*;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

const PW: &str = "ett långt lösenord 1";

/// `entre-hub user add ARGS` with `stdin` as the password.
fn user_add(config: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(HUB)
        .arg("--config")
        .arg(config)
        .args(["user", "add"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn add(config: &Path, name: &str, role: &str, office: Option<&str>) {
    let mut args = vec![name, "--role", role];
    if let Some(o) = office {
        args.extend(["--office", o]);
    }
    let out = user_add(config, &args, &format!("{PW}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
}

/// A client that follows no redirects (we look at each answer).
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn set_cookies(r: &reqwest::Response) -> Vec<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_value(set_cookie: &str) -> (&str, &str) {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
}

/// The login form: its pre-session token and cookie.
async fn login_form(c: &reqwest::Client, url: &str) -> (String, String) {
    let r = c.get(format!("{url}/login")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = set_cookies(&r)
        .into_iter()
        .find(|s| s.starts_with("entre_hub_form="))
        .expect("a form cookie");
    let cookie = cookie.split(';').next().unwrap().to_string();
    let page = r.text().await.unwrap();
    (hidden(&page, "csrf"), cookie)
}

/// The value of the hidden input `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} field in {page}"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

async fn try_login(
    c: &reqwest::Client,
    url: &str,
    name: &str,
    pw: &str,
    xff: Option<&str>,
) -> reqwest::Response {
    let (csrf, cookie) = login_form(c, url).await;
    let mut req = c
        .post(format!("{url}/login"))
        .header(COOKIE, cookie)
        .form(&[("csrf", csrf.as_str()), ("name", name), ("password", pw)]);
    if let Some(x) = xff {
        req = req.header("x-forwarded-for", x);
    }
    req.send().await.unwrap()
}

/// Logs in; the session cookie (`name=value`).
async fn login(c: &reqwest::Client, url: &str, name: &str) -> String {
    let r = try_login(c, url, name, PW, None).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let s = set_cookies(&r)
        .into_iter()
        .find(|s| s.starts_with("entre_hub_session="))
        .unwrap();
    s.split(';').next().unwrap().to_string()
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

#[test]
fn csrf_cookie_flags_and_the_token_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "anna", "admin", None);
    rt().block_on(async {
        let c = client();
        let url = hub.url();
        // Login without the form's token, or with a wrong one: 403.
        let (_, cookie) = login_form(&c, &url).await;
        for form in [
            vec![("name", "anna"), ("password", PW)],
            vec![
                ("csrf", "0".repeat(64).leak() as &str),
                ("name", "anna"),
                ("password", PW),
            ],
        ] {
            let r = c
                .post(format!("{url}/login"))
                .header(COOKIE, &cookie)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN);
            let page = r.text().await.unwrap();
            assert!(page.contains("Formuläret har gått ut"), "{page}");
        }
        // The form's token without its cookie: 403 too.
        let (csrf, _) = login_form(&c, &url).await;
        let r = c
            .post(format!("{url}/login"))
            .form(&[("csrf", csrf.as_str()), ("name", "anna"), ("password", PW)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        // A good login: HttpOnly, SameSite=Strict, Path=/, 12 h, not Secure
        // on plain HTTP.
        let r = try_login(&c, &url, "anna", PW, None).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/");
        let set = set_cookies(&r)
            .into_iter()
            .find(|s| s.starts_with("entre_hub_session="))
            .unwrap();
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
            assert!(set.contains(flag), "{set}");
        }
        assert!(!set.contains("Secure"), "{set}");
        let (_, token) = cookie_value(&set);
        assert_eq!(token.len(), 64);
        let session = format!("entre_hub_session={token}");

        // Signed in: the start page names the user; the token is nowhere in
        // the page or the database file, nor the password.
        let (status, page) = get(&c, &format!("{url}/"), &session).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Välkommen, anna"), "{page}");
        assert!(!page.contains(token));
        let db: Vec<u8> = std::fs::read(dir.path().join("hub.sqlite")).unwrap();
        let wal = std::fs::read(dir.path().join("hub.sqlite-wal")).unwrap_or_default();
        for bytes in [&db, &wal] {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains(token), "the session token is stored");
            assert!(!text.contains(PW), "the password is stored");
        }

        // Logout without the session's CSRF token, or another session's: 403.
        let r = c
            .post(format!("{url}/logout"))
            .header(COOKIE, &session)
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let other = login(&c, &url, "anna").await;
        let (_, other_page) = get(&c, &format!("{url}/"), &other).await;
        let other_csrf = hidden(&other_page, "csrf");
        let r = c
            .post(format!("{url}/logout"))
            .header(COOKIE, &session)
            .form(&[("csrf", other_csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        // With it: the session ends, in the browser and in the database.
        let csrf = hidden(&page, "csrf");
        let r = c
            .post(format!("{url}/logout"))
            .header(COOKIE, &session)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let cleared = set_cookies(&r)
            .into_iter()
            .find(|s| s.starts_with("entre_hub_session="))
            .unwrap();
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        let r = c
            .get(format!("{url}/"))
            .header(COOKIE, &session)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/login");
        // The other session lives on.
        assert_eq!(get(&c, &format!("{url}/"), &other).await.0, StatusCode::OK);
    });
}

#[test]
fn login_is_throttled_per_account_and_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "bo", "editor", None);
    add(&hub.config, "cecilia", "editor", None);
    rt().block_on(async {
        let c = client();
        let url = hub.url();
        // Five wrong passwords for bo (from different addresses behind the
        // proxy): 401 each, then even the right one is refused (429) with a
        // plain message.
        for i in 0..5 {
            let r = try_login(
                &c,
                &url,
                "bo",
                "fel lösenord!!",
                Some(&format!("10.0.0.{i}")),
            )
            .await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
            assert!(
                r.text()
                    .await
                    .unwrap()
                    .contains("Fel användarnamn eller lösenord.")
            );
        }
        let r = try_login(&c, &url, "bo", PW, Some("10.0.1.1")).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("För många misslyckade inloggningar. Vänta en kvart"),
            "{page}"
        );
        // The same answers for an account that does not exist.
        for i in 0..5 {
            let r = try_login(
                &c,
                &url,
                "nobody",
                "fel lösenord!!",
                Some(&format!("10.0.2.{i}")),
            )
            .await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        let r = try_login(&c, &url, "nobody", PW, Some("10.0.3.1")).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        // Other accounts are not affected.
        login(&c, &url, "cecilia").await;

        // Per address: 20 failures from one address against many names,
        // then cecilia's right password from there is refused, and from
        // another address it is not.
        for i in 0..20 {
            let r = try_login(
                &c,
                &url,
                &format!("gissning{i}"),
                "fel lösenord!!",
                Some("192.0.2.7"),
            )
            .await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        let r = try_login(&c, &url, "cecilia", PW, Some("192.0.2.7")).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let r = try_login(&c, &url, "cecilia", PW, Some("192.0.2.8")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    });
}

#[test]
fn roles_decide_what_pages_show_and_a_guide_is_refused_content() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "gun", "guide", Some("north"));
    add(&hub.config, "max", "manager", Some("south"));
    add(&hub.config, "eva", "editor", None);
    add(&hub.config, "adam", "admin", None);
    rt().block_on(async {
        let c = client();
        let url = hub.url();
        // What each role's start page links, and what each may open.
        let cases: [(&str, &[&str], &[&str]); 4] = [
            ("gun", &["/floor"], &["/stats", "/content", "/fleet"]),
            ("max", &["/floor", "/stats"], &["/content", "/fleet"]),
            ("eva", &["/content"], &["/floor", "/stats", "/fleet"]),
            ("adam", &["/floor", "/stats", "/content", "/fleet"], &[]),
        ];
        for (name, may, may_not) in cases {
            let session = login(&c, &url, name).await;
            let (_, start) = get(&c, &format!("{url}/"), &session).await;
            for path in may {
                assert!(
                    start.contains(&format!("href=\"{path}\"")),
                    "{name}: {path} missing from {start}"
                );
            }
            for path in may_not {
                assert!(
                    !start.contains(&format!("href=\"{path}\"")),
                    "{name}: {path} on {start}"
                );
                let (status, page) = get(&c, &format!("{url}{path}"), &session).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{name} {path}");
                assert!(page.contains("Ingen behörighet"), "{page}");
            }
        }
        // Not signed in: every page sends to the login page.
        for path in ["/", "/fleet", "/content", "/stats", "/floor"] {
            let r = c.get(format!("{url}{path}")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
            assert_eq!(r.headers()[LOCATION], "/login");
        }
    });
}

#[test]
fn user_add_refuses_what_it_cannot_keep_and_a_one_time_link_sets_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["x", "--role", "boss"],
            PW,
            "--role \"boss\": must be one of guide, manager, editor, admin",
        ),
        (
            &["x", "--role", "guide"],
            PW,
            "--office: a guide belongs to an office; give one of: north, south",
        ),
        (
            &["x", "--role", "manager", "--office", "west"],
            PW,
            "--office \"west\": no such [[office]]",
        ),
        (
            &["x", "--role", "editor"],
            "kort\n",
            "password: must have at least 12 characters",
        ),
        (
            &["<script>", "--role", "editor"],
            PW,
            "user name \"<script>\": only letters",
        ),
        (
            &["x y", "--role", "editor"],
            PW,
            "user name \"x y\": only letters",
        ),
    ];
    for (args, stdin, says) in cases {
        let out = user_add(&hub.config, args, stdin);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", printed(&out));
        assert!(printed(&out).contains(says), "{args:?}: {}", printed(&out));
    }
    add(&hub.config, "dora", "editor", None);
    let out = user_add(&hub.config, &["dora", "--role", "editor"], PW);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        printed(&out).contains("user \"dora\": exists already"),
        "{}",
        printed(&out)
    );

    // --link: a URL on stdout; the page sets the password once.
    let out = user_add(
        &hub.config,
        &["stina", "--role", "guide", "--office", "north", "--link"],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    let link = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let prefix = format!("{}/setup/", hub.url());
    assert!(
        link.starts_with(&prefix) && link.len() == prefix.len() + 64,
        "{link}"
    );
    rt().block_on(async {
        let c = client();
        let url = hub.url();
        // No password yet: login refused.
        let r = try_login(&c, &url, "stina", PW, None).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let r = c.get(&link).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let cookie = set_cookies(&r)
            .into_iter()
            .find(|s| s.starts_with("entre_hub_form="))
            .unwrap();
        let cookie = cookie.split(';').next().unwrap().to_string();
        let page = r.text().await.unwrap();
        assert!(page.contains("stina"));
        let csrf = hidden(&page, "csrf");
        // Two different passwords: said, nothing set.
        let r = c
            .post(&link)
            .header(COOKIE, &cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("password", PW),
                ("again", "något annat helt"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("De två lösenorden är inte lika.")
        );
        // Without the form token: 403.
        let r = c
            .post(&link)
            .form(&[("password", PW), ("again", PW)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = c
            .post(&link)
            .header(COOKIE, &cookie)
            .form(&[("csrf", csrf.as_str()), ("password", PW), ("again", PW)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(
            set_cookies(&r)
                .iter()
                .any(|s| s.starts_with("entre_hub_session="))
        );
        // Used: the link is gone; the password works.
        let r = c.get(&link).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Länken gäller inte längre")
        );
        login(&c, &url, "stina").await;
    });
}

#[test]
fn what_a_kiosk_reports_is_shown_escaped_on_the_fleet_page() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "adam", "admin", None);
    let token = hub.add_kiosk("north-1", "north");
    hub.add_kiosk("south-1", "south");
    rt().block_on(async {
        let c = client();
        let url = hub.url();
        let beat = serde_json::json!({
            "version": "0.1.0<script>alert(1)</script>",
            "started_at": minutes_ago(60),
            "outbox": { "mail_pending": 0, "visits_pending": 3, "oldest_pending_at": minutes_ago(2) },
            "last_errors": [
                { "at": minutes_ago(1), "what": "content refused: guidance.ar.library-card: steps: has 0 items <b>x</b>" }
            ],
            "content_version": "7"
        });
        let r = c
            .post(format!("{url}/v1/kiosks/north-1/heartbeat"))
            .bearer_auth(&token)
            .json(&beat)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        let session = login(&c, &url, "adam").await;
        let (status, page) = get(&c, &format!("{url}/fleet"), &session).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("0.1.0&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
        assert!(page.contains("guidance.ar.library-card: steps: has 0 items &lt;b&gt;x&lt;/b&gt;"), "{page}");
        // The kiosk never heard from is listed (marked once stale); the
        // reporting one shows its outbox and content version.
        assert!(page.contains("south-1"));
        assert!(page.contains("3 besök, 0 mejl"), "{page}");
        // The live stream answers with the same table.
        let r = c.get(format!("{url}/fleet/events")).header(COOKIE, &session).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "text/event-stream");
        let mut r = r;
        let chunk = r.chunk().await.unwrap().unwrap();
        let text = String::from_utf8_lossy(&chunk);
        assert!(text.starts_with("event: fleet\ndata: "), "{text}");
        assert!(text.contains("north-1"), "{text}");
    });
}

#[test]
fn the_stats_page_shows_no_figure_small_enough_to_single_out_a_visitor() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path());
    add(&hub.config, "max", "manager", Some("south"));
    let token = hub.add_kiosk("south-1", "south");
    // 3 visits on housing by women (each answering the survey), 7 on work
    // by men (who all learned something, 2 can do it themselves next
    // time), and 2 survey answers on their own by men.
    let visits: Vec<_> = (0..12)
        .map(|i| {
            let (errand, survey, kind) = if i < 3 {
                (
                    "housing",
                    serde_json::json!({ "learned": true, "self_next_time": i == 0, "gender": "woman" }),
                    "visit",
                )
            } else if i < 10 {
                (
                    "work",
                    serde_json::json!({ "learned": true, "self_next_time": i < 5, "gender": "man" }),
                    "visit",
                )
            } else {
                (
                    "work",
                    serde_json::json!({ "learned": true, "self_next_time": true, "gender": "man" }),
                    "survey_answer",
                )
            };
            serde_json::json!({
                "id": format!("00000000-0000-4000-8000-{i:012}"),
                "at": minutes_ago(90 + i),
                "purpose": if kind == "visit" { "errand" } else { "survey" },
                "errand": errand,
                "language": "sv",
                "survey": survey,
                "checkin": null,
                "kind": kind
            })
        })
        .collect();
    rt().block_on(async {
        let c = client();
        let url = hub.url();
        let r = c
            .post(format!("{url}/v1/kiosks/south-1/visits"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "visits": visits }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        let session = login(&c, &url, "max").await;
        let (status, page) = get(&c, &format!("{url}/stats?by=errand"), &session).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        // housing's 3 visits and answers are hidden, and so is work's 7
        // (10 - 7 would give them away); the total 10 is shown, and the 2
        // survey answers are not visits.
        let visits_table = &page[page.find("<h2>Besök</h2>").expect("visits")..];
        let housing = &visits_table[visits_table.find(">housing<").expect("housing row")..];
        let housing = &housing[..housing.find("</tr>").unwrap()];
        assert!(housing.contains(">–<"), "{housing}");
        assert!(
            !housing.contains(">3<") && !housing.contains("av 3"),
            "{housing}"
        );
        let work = &visits_table[visits_table.find(">work<").expect("work row")..];
        let work = &work[..work.find("</tr>").unwrap()];
        assert!(!work.contains(">7<") && !work.contains("av 9"), "{work}");
        let total = &visits_table[visits_table.find(">Totalt<").expect("total row")..];
        let total = &total[..total.find("</tr>").unwrap()];
        assert!(total.contains(">10<"), "{total}");
        assert!(total.contains("100 % (12 av 12)"), "{total}");
        assert!(page.contains("min_cell = 5"), "the footnote: {page}");
        // The tertials: the women's 3 answers are hidden, and so are the
        // men's (the total would give them away); everyone's are shown.
        let tertials = &page[page.find("Egenmakt per tertial").expect("tertials")..];
        let tertials = &tertials[..tertials.find("<h2>Besök</h2>").unwrap()];
        assert!(tertials.contains("Medborgarkontoret Söder"), "{tertials}");
        for t in ["-T1", "-T2", "-T3"] {
            assert!(tertials.contains(t), "{t}: {tertials}");
        }
        assert!(tertials.contains(">Kvinnor<") && tertials.contains(">Män<"));
        assert!(
            !tertials.contains("av 3)") && !tertials.contains("av 9)"),
            "{tertials}"
        );
        assert!(tertials.contains("100 % (12 av 12)"), "{tertials}");
        assert!(tertials.contains("<svg"), "the chart: {tertials}");
        // A manager sees only their office: no city, no other office.
        assert!(!tertials.contains("Hela staden") && !tertials.contains("Norr"));
    });
    let out = Command::new(env!("CARGO_BIN_EXE_entre-hub"))
        .args(["--config"])
        .arg(&hub.config)
        .args(["stats", "--by", "errand", "--csv", "--office", "south"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.lines().any(|l| l.starts_with("total,10,")), "{csv}");
}
