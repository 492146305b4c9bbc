//! The survey on the floor without a browser (reqwest against the real
//! `entre-hub` binary on 127.0.0.1, a SQLite file): "Klar" on a walk-in
//! offers "Ge besökaren enkäten" (JSON for floor.js, the one-shot message
//! without it); the page in Swedish and Arabic (lang, dir=rtl, the kiosk's
//! texts, no bar, no code); the three questions as plain POSTs; exactly one
//! survey answer stored with the registration's errand and language, the
//! answers and the gender; a second answer stores nothing more; a timeout
//! keeps what was answered; nothing answered stores nothing; an open
//! registration, another office's and a form without the CSRF token are
//! refused.

mod api_common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use api_common::*;
use entre_core::protocol::{Gender, VisitKind};
use entre_hub::store::VisitRow;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

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

async fn post(
    c: &reqwest::Client,
    url: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let r = c
        .post(url)
        .header(COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    (status, location, r.text().await.unwrap())
}

/// A walk-in registered through the kiosk protocol; its code.
async fn kiosk_registers(url: &str, token: &str, id: &str, language: &str) -> String {
    let at = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S.000Z")
        .to_string();
    let body = serde_json::json!({
        "id": id, "at": at, "kind": "walk_in", "errand": "housing",
        "language": language, "needs": [], "zone": null,
        "floor": true, "checkin": null
    });
    let r = client()
        .post(format!("{url}/v1/kiosks/north-1/registrations"))
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

async fn stored(db: &str) -> Vec<VisitRow> {
    let store = entre_hub::store::open(db, None).await.unwrap();
    store.visits(None, 0, i64::MAX).await.unwrap()
}

const A: &str = "5a000000-0000-4000-8000-00000000000a";
const B: &str = "5a000000-0000-4000-8000-00000000000b";
const C: &str = "5a000000-0000-4000-8000-00000000000c";
const D: &str = "5a000000-0000-4000-8000-00000000000d";

#[test]
fn a_helped_walk_in_answers_the_survey_once_in_their_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("hub.sqlite").display());
    let mut hub = Hub::new(dir.path(), &db, "");
    hub.start();
    add(&hub.config, "ali", "guide", Some("north"));
    add(&hub.config, "sara", "guide", Some("south"));
    add(&hub.config, "eva", "editor", None);
    let token = hub.add_kiosk("north-1", "north");
    rt().block_on(async {
        let c = web();
        let url = hub.url();
        let code_a = kiosk_registers(&url, &token, A, "sv").await;
        kiosk_registers(&url, &token, B, "ar").await;
        kiosk_registers(&url, &token, C, "ti").await;
        kiosk_registers(&url, &token, D, "sv").await;
        let ali = login(&c, &url, "ali").await;
        let (_, floor) = get(&c, &format!("{url}/floor"), &ali).await;
        let csrf = hidden(&floor, "csrf");
        let survey = |id: &str| format!("{url}/floor/{id}/survey");

        // Still waiting: no survey yet.
        let (s, page) = get(&c, &survey(A), &ali).await;
        assert_eq!(s, StatusCode::CONFLICT, "{page}");
        assert!(page.contains("först när besökaren är markerad Klar"), "{page}");

        // "Klar" through floor.js: the offer comes with the answer.
        for id in [A, B, C] {
            post(&c, &format!("{url}/floor/{id}/claim"), &ali, &[("csrf", &csrf)]).await;
        }
        let r = c
            .post(format!("{url}/floor/{A}/done"))
            .header(COOKIE, &ali)
            .header("x-floor", "fetch")
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        let j: serde_json::Value = r.json().await.unwrap();
        assert_eq!(j["ok"], true, "{j}");
        assert_eq!(j["message"], format!("{code_a} är klar."));
        assert_eq!(j["survey"], format!("/floor/{A}/survey"));
        assert_eq!(j["survey_label"], "Ge besökaren enkäten");
        // Without JavaScript: the one-shot message carries the link.
        let r = c
            .post(format!("{url}/floor/{B}/done"))
            .header(COOKIE, &ali)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let flash = set_cookie(&r, "entre_hub_floor_msg").unwrap();
        let (_, page) = get(&c, &format!("{url}/floor"), &format!("{ali}; {flash}")).await;
        assert!(
            page.contains(&format!(
                r#"<a class="button survey-offer" href="/floor/{B}/survey">Ge besökaren enkäten</a>"#
            )),
            "{page}"
        );
        // "Gick innan hjälp" offers nothing, and cannot be surveyed.
        let r = c
            .post(format!("{url}/floor/{C}/left"))
            .header(COOKIE, &ali)
            .header("x-floor", "fetch")
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        let j: serde_json::Value = r.json().await.unwrap();
        assert_eq!(j["ok"], true, "{j}");
        assert!(j["survey"].is_null(), "{j}");
        assert_eq!(get(&c, &survey(C), &ali).await.0, StatusCode::CONFLICT);

        // The page in Swedish: the kiosk's words, no bar, no code.
        let (s, page) = get(&c, &survey(A), &ali).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains(r#"<html lang="sv" dir="ltr">"#), "{page}");
        assert!(page.contains("Lärde du dig något nytt i dag?"), "{page}");
        assert!(page.contains(r#"value="yes">Ja</button>"#), "{page}");
        assert!(page.contains(r#"value="no">Nej</button>"#), "{page}");
        assert!(page.contains(r#"value="skip">Hoppa över</button>"#), "{page}");
        assert!(page.contains(r#"value="back">"#) && page.contains("Tillbaka</button>"), "{page}");
        assert!(!page.contains("Entré hubb") && !page.contains("class=\"bar\""), "{page}");
        assert!(!page.contains("Logga ut") && !page.contains(&code_a), "{page}");
        assert!(page.contains(r#"<meta http-equiv="refresh" content="65;url=/floor">"#), "{page}");
        assert!(page.contains(r#"data-idle="60""#), "{page}");
        assert!(page.contains(r#"<script src="/static/survey.js" defer></script>"#));
        assert!(!page.contains("<script>"), "no inline script: {page}");
        let js = c.get(format!("{url}/static/survey.js")).send().await.unwrap();
        assert_eq!(js.status(), StatusCode::OK);
        assert!(js.text().await.unwrap().contains("data-idle"));

        // In Arabic: right to left, the kiosk's Arabic.
        let (s, page) = get(&c, &survey(B), &ali).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains(r#"<html lang="ar" dir="rtl">"#), "{page}");
        assert!(page.contains("هل تعلمت شيئًا جديدًا اليوم؟"), "{page}");
        assert!(page.contains(r#"value="yes">نعم</button>"#), "{page}");

        // Who may not: another office's guide (not found), an editor.
        let sara = login(&c, &url, "sara").await;
        assert_eq!(get(&c, &survey(A), &sara).await.0, StatusCode::NOT_FOUND);
        let (_, sara_floor) = get(&c, &format!("{url}/floor"), &sara).await;
        let sara_csrf = hidden(&sara_floor, "csrf");
        let (s, _, _) = post(
            &c,
            &survey(A),
            &sara,
            &[("csrf", &sara_csrf), ("step", "3"), ("learned", "yes"), ("answer", "man")],
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let eva = login(&c, &url, "eva").await;
        assert_eq!(get(&c, &survey(A), &eva).await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            get(&c, &survey("no-such-id"), &ali).await.0,
            StatusCode::NOT_FOUND
        );
        // An open registration (D, waiting) is refused on POST too.
        let (s, _, _) = post(
            &c,
            &survey(D),
            &ali,
            &[("csrf", &csrf), ("step", "3"), ("learned", "yes"), ("answer", "man")],
        )
        .await;
        assert_eq!(s, StatusCode::CONFLICT);
        // Without the session's CSRF token: refused.
        let (s, _, page) = post(
            &c,
            &survey(A),
            &ali,
            &[("csrf", "0".repeat(64).as_str()), ("step", "3"), ("learned", "yes"), ("answer", "woman")],
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{page}");
        assert!(stored(&db).await.is_empty());

        // A answers: yes, no, woman; one question at a time.
        let (s, _, page) = post(&c, &survey(A), &ali, &[("csrf", &csrf), ("step", "1"), ("answer", "yes")]).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains("Tror du att du kan göra det här själv nästa gång?"), "{page}");
        assert!(!page.contains("Lärde du dig"), "{page}");
        assert_eq!(hidden(&page, "learned"), "yes");
        assert_eq!(hidden(&page, "step"), "2");
        let (s, _, page) = post(
            &c,
            &survey(A),
            &ali,
            &[("csrf", &csrf), ("step", "2"), ("learned", "yes"), ("answer", "no")],
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains("Är du …"), "{page}");
        assert!(page.contains("Vi frågar för att veta om vi hjälper kvinnor och män lika bra."), "{page}");
        for (value, label) in [("woman", "Kvinna"), ("man", "Man"), ("another", "Annat svar"), ("prefer_not_to_say", "Vill inte svara"), ("skip", "Hoppa över")] {
            assert!(page.contains(&format!(r#"value="{value}">{label}</button>"#)), "{value}: {page}");
        }
        assert_eq!(hidden(&page, "self_next_time"), "no");
        assert!(stored(&db).await.is_empty(), "nothing before the last answer");
        let last = [
            ("csrf", csrf.as_str()),
            ("step", "3"),
            ("learned", "yes"),
            ("self_next_time", "no"),
            ("answer", "woman"),
        ];
        let (s, _, page) = post(&c, &survey(A), &ali, &last).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains("Tack för hjälpen!"), "{page}");
        assert!(page.contains(r#"<meta http-equiv="refresh" content="4;url=/floor">"#), "{page}");
        let v = stored(&db).await;
        assert_eq!(v.len(), 1, "{v:?}");
        let a = &v[0];
        assert_eq!(a.kind, VisitKind::SurveyAnswer);
        assert_eq!(a.purpose, "floor");
        assert_eq!(a.kiosk, "floor");
        assert_eq!(a.office, "north");
        assert_eq!(a.errand.as_deref(), Some("housing"));
        assert_eq!(a.language, "sv");
        assert_eq!(a.learned, Some(true));
        assert_eq!(a.self_next_time, Some(false));
        assert_eq!(a.gender, Some(Gender::Woman));
        assert!(!a.meanwhile && a.checkin_unit.is_none());
        assert_eq!(a.at_ms % 60_000, 0);
        let now = jiff::Timestamp::now().as_millisecond();
        assert!((now - a.at_ms).abs() < 120_000, "{}", a.at_ms);
        assert_eq!(a.id, entre_hub::web::survey::answer_id(A));

        // A second answer for A: refused, nothing more stored.
        let mut again = last;
        again[4] = ("answer", "man");
        let (s, _, page) = post(&c, &survey(A), &ali, &again).await;
        assert_eq!(s, StatusCode::CONFLICT, "{page}");
        assert!(page.contains("redan svarat"), "{page}");
        assert_eq!(get(&c, &survey(A), &ali).await.0, StatusCode::CONFLICT);
        let v = stored(&db).await;
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].gender, Some(Gender::Woman));

        // B: nothing answered when the page times out: nothing stored,
        // back to the floor; a bad answer is said plainly.
        let (s, to, _) = post(&c, &survey(B), &ali, &[("csrf", &csrf), ("step", "1"), ("timeout", "1")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(to.as_deref(), Some("/floor"));
        assert_eq!(stored(&db).await.len(), 1);
        let (s, _, page) = post(&c, &survey(B), &ali, &[("csrf", &csrf), ("step", "1"), ("answer", "<b>")]).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{page}");
        assert!(!page.contains("<b>"), "{page}");
        // Back, on every question: from the gender question to the second
        // (its answer kept for the next tap), from the second to the first,
        // from the first to the floor with nothing stored.
        let (s, _, page) = post(
            &c,
            &survey(B),
            &ali,
            &[("csrf", &csrf), ("step", "3"), ("learned", "no"), ("self_next_time", "yes"), ("answer", "back")],
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains("هل تعتقد أنك تستطيع القيام بذلك بنفسك في المرة القادمة؟"), "{page}");
        assert!(page.contains("رجوع</button>"), "{page}");
        assert_eq!(hidden(&page, "step"), "2");
        assert_eq!(hidden(&page, "learned"), "no");
        let (s, _, page) = post(
            &c,
            &survey(B),
            &ali,
            &[("csrf", &csrf), ("step", "2"), ("learned", "no"), ("answer", "back")],
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains("هل تعلمت شيئًا جديدًا اليوم؟"), "{page}");
        assert_eq!(hidden(&page, "step"), "1");
        let (s, to, _) = post(
            &c,
            &survey(B),
            &ali,
            &[("csrf", &csrf), ("step", "1"), ("learned", "no"), ("answer", "back")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(to.as_deref(), Some("/floor"));
        assert_eq!(stored(&db).await.len(), 1, "back from the first question stores nothing");
        // Everything skipped: thanks, nothing stored.
        let (s, _, page) = post(
            &c,
            &survey(B),
            &ali,
            &[("csrf", &csrf), ("step", "3"), ("learned", ""), ("self_next_time", ""), ("answer", "skip")],
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(page.contains(r#"<html lang="ar" dir="rtl">"#), "{page}");
        assert!(page.contains("شكرًا لمساعدتك!"), "{page}");
        assert_eq!(stored(&db).await.len(), 1);
        // The first question answered, then the page timed out: kept.
        let (s, to, _) = post(
            &c,
            &survey(B),
            &ali,
            &[("csrf", &csrf), ("step", "2"), ("learned", "no"), ("self_next_time", ""), ("timeout", "1"), ("answer", "")],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(to.as_deref(), Some("/floor"));
        let v = stored(&db).await;
        assert_eq!(v.len(), 2, "{v:?}");
        let b = v.iter().find(|v| v.id == entre_hub::web::survey::answer_id(B)).unwrap();
        assert_eq!(b.language, "ar");
        assert_eq!((b.learned, b.self_next_time, b.gender), (Some(false), None, None));
        assert_eq!(b.kind, VisitKind::SurveyAnswer);
    });
}
