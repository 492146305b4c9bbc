//! The hub test harness itself (`tests/common/hub.rs` and
//! `tests/support/hub_server.py`), spoken to with the harness's std-only
//! HTTP client, a raw TcpStream and, for TLS, the `openssl` command line.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::hub::{HubServer, Response, TOKEN, request};
use common::smtp::TestCa;
use serde_json::{Value, json};

const VISITS: &str = "/v1/kiosks/k1/visits";
const CONTENT: &str = "/v1/kiosks/k1/content";
const HEARTBEAT: &str = "/v1/kiosks/k1/heartbeat";

fn visit(id: &str) -> Value {
    json!({
        "id": id,
        "at": "2026-03-02T09:15:00+02:00",
        "purpose": "errand",
        "errand": "parking-permit",
        "language": "sv",
        "survey": {"learned": true, "self_next_time": null},
        "checkin": null,
    })
}

fn batch(ids: &[&str]) -> Value {
    json!({ "visits": ids.iter().map(|id| visit(id)).collect::<Vec<_>>() })
}

/// A /v1 request with `token` as bearer (none if `None`).
fn send(
    hub: &HubServer,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Response {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    if let Some(auth) = &auth {
        all.push(("Authorization", auth));
    }
    let body = body.map(Value::to_string);
    if body.is_some() {
        all.push(("Content-Type", "application/json"));
    }
    request(
        hub.port(),
        method,
        path,
        &all,
        body.as_deref().map(str::as_bytes),
    )
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

fn post_visits(hub: &HubServer, ids: &[&str]) -> Response {
    send(hub, "POST", VISITS, Some(TOKEN), &[], Some(&batch(ids)))
}

fn accepted_in(r: &Response) -> Vec<String> {
    assert_eq!(r.status, 200, "visits reply: {}", r.text());
    serde_json::from_value(r.json()["accepted"].clone()).expect("accepted is a list of ids")
}

#[test]
fn visits_with_the_token_are_accepted_and_recorded() {
    let hub = HubServer::start();
    assert_eq!(hub.url(), format!("http://127.0.0.1:{}", hub.port()));
    let r = post_visits(&hub, &["a", "b"]);
    assert_eq!(accepted_in(&r), ["a", "b"]);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );

    let state = hub.state();
    assert_eq!(state["accepted_visits"], json!([visit("a"), visit("b")]));
    assert_eq!(hub.accepted(), ["a", "b"]);
    assert_eq!(hub.visit_requests(), [["a", "b"]]);
    assert_eq!(
        state["requests"],
        json!([{"method": "POST", "path": VISITS, "status": 200}])
    );

    let r = send(
        &hub,
        "POST",
        HEARTBEAT,
        Some(TOKEN),
        &[],
        Some(&json!({"up_s": 5})),
    );
    assert_eq!((r.status, r.json()), (200, json!({})));
    assert_eq!(hub.heartbeats(), [json!({"up_s": 5})]);

    // Anything else is 404.
    assert_eq!(send(&hub, "GET", "/", None, &[], None).status, 404);
    let r = send(&hub, "GET", "/v1/kiosks/k1/other", Some(TOKEN), &[], None);
    assert_eq!(r.status, 404);
}

#[test]
fn a_wrong_or_missing_token_is_401() {
    let hub = HubServer::start();
    let body = batch(&["a"]);
    let r = send(&hub, "POST", VISITS, Some("nope"), &[], Some(&body));
    assert_eq!(
        (r.status, r.json()),
        (401, json!({"error": "unauthorized"}))
    );
    let r = send(&hub, "GET", CONTENT, None, &[], None);
    assert_eq!(r.status, 401);
    let state = hub.state();
    assert_eq!(state["auth_failures"], 2);
    assert_eq!(state["accepted"], json!([]));

    hub.control(json!({"token": "other"}));
    assert_eq!(post_visits(&hub, &["a"]).status, 401);
    let r = send(&hub, "POST", VISITS, Some("other"), &[], Some(&body));
    assert_eq!(accepted_in(&r), ["a"]);
    assert_eq!(hub.state()["auth_failures"], 3);
}

#[test]
fn partial_mode_accepts_even_positions_and_earlier_ids() {
    let hub = HubServer::start();
    hub.control(json!({"visits_mode": "partial"}));
    let r = post_visits(&hub, &["a", "b", "c", "d", "e"]);
    assert_eq!(accepted_in(&r), ["a", "c", "e"]);
    // b: position 0; c: accepted before; d: position 2.
    let r = post_visits(&hub, &["b", "c", "d", "f"]);
    assert_eq!(accepted_in(&r), ["b", "c", "d"]);
    assert_eq!(hub.accepted(), ["a", "c", "e", "b", "d"]);
    assert_eq!(
        hub.visit_requests(),
        [vec!["a", "b", "c", "d", "e"], vec!["b", "c", "d", "f"]]
    );
}

#[test]
fn a_resent_id_is_accepted_again_but_stored_once() {
    let hub = HubServer::start();
    assert_eq!(accepted_in(&post_visits(&hub, &["a", "b"])), ["a", "b"]);
    assert_eq!(accepted_in(&post_visits(&hub, &["b", "c"])), ["b", "c"]);
    assert_eq!(accepted_in(&post_visits(&hub, &["c", "c"])), ["c"]);
    assert_eq!(hub.accepted(), ["a", "b", "c"]);
    assert_eq!(hub.state()["accepted_visits"].as_array().unwrap().len(), 3);
    assert_eq!(hub.visit_requests().len(), 3);
}

#[test]
fn malformed_visits_are_400_and_not_stored() {
    let hub = HubServer::start();
    let mut bad = visit("a");
    bad["at"] = json!("yesterday");
    let r = send(
        &hub,
        "POST",
        VISITS,
        Some(TOKEN),
        &[],
        Some(&json!({"visits": [bad]})),
    );
    assert_eq!(r.status, 400);
    assert!(
        r.json()["error"].as_str().unwrap().contains("RFC 3339"),
        "{}",
        r.text()
    );
    let state = hub.state();
    assert_eq!(state["accepted"], json!([]));
    assert_eq!(state["bad_requests"].as_array().unwrap().len(), 1);
}

#[test]
fn content_is_404_then_200_with_etag_then_304() {
    let hub = HubServer::start();
    let get = |inm: Option<&str>| {
        let headers: Vec<(&str, &str)> = inm.map(|v| ("If-None-Match", v)).into_iter().collect();
        send(&hub, "GET", CONTENT, Some(TOKEN), &headers, None)
    };
    assert_eq!(get(None).status, 404);

    let doc = json!({"errands": [{"id": "parking-permit", "title": {"sv": "Parkering"}}]});
    hub.control(json!({"content": doc, "etag": "\"v1\""}));
    let r = get(None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("ETag"), Some("\"v1\""));
    assert_eq!(r.json(), doc);

    let r = get(Some("\"v1\""));
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty(), "304 with a body: {}", r.text());
    assert_eq!(get(Some("\"v0\"")).status, 200);

    // New content without an etag of its own gets one derived from it.
    hub.control(json!({"content": {"errands": []}}));
    let r = get(Some("\"v1\""));
    assert_eq!(r.status, 200);
    let etag = r.header("etag").expect("derived etag").to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag != "\"v1\"");
    assert_eq!(get(Some(&etag)).status, 304);

    assert_eq!(
        hub.state()["content_requests"],
        json!([
            {"if_none_match": null, "status": 404},
            {"if_none_match": null, "status": 200},
            {"if_none_match": "\"v1\"", "status": 304},
            {"if_none_match": "\"v0\"", "status": 200},
            {"if_none_match": "\"v1\"", "status": 200},
            {"if_none_match": etag, "status": 304},
        ])
    );
}

#[test]
fn status_mode_answers_with_retry_after_and_stores_nothing() {
    let hub = HubServer::start();
    hub.control(json!({"visits_mode": "status", "status": 429, "retry_after": "17"}));
    let r = post_visits(&hub, &["a"]);
    assert_eq!(r.status, 429);
    assert_eq!(r.header("Retry-After"), Some("17"));
    assert!(r.json()["error"].is_string());
    assert_eq!(hub.accepted(), Vec::<String>::new());
    assert_eq!(hub.visit_requests(), [["a"]]);

    hub.control(json!({"heartbeat_mode": "status", "status": 503, "retry_after": null}));
    let r = send(&hub, "POST", HEARTBEAT, Some(TOKEN), &[], Some(&json!({})));
    assert_eq!(r.status, 503);
    assert_eq!(r.header("Retry-After"), None);
    assert!(hub.heartbeats().is_empty());

    hub.control(json!({"visits_mode": "ok"}));
    assert_eq!(accepted_in(&post_visits(&hub, &["a"])), ["a"]);
}

#[test]
fn garbage_and_huge_modes_send_bad_bodies_and_store_nothing() {
    let hub = HubServer::start();
    hub.control(json!({"visits_mode": "garbage"}));
    let r = post_visits(&hub, &["a"]);
    assert_eq!(r.status, 200);
    assert!(r.text().starts_with("{\"accepted\": ["));
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    hub.control(json!({"visits_mode": "huge", "huge_mb": 0.5}));
    let r = post_visits(&hub, &["a"]);
    assert_eq!(r.status, 200);
    let n = 512 * 1024;
    assert_eq!(r.body.len(), n + "{\"accepted\":[\"\"]}".len());
    assert_eq!(
        r.header("Content-Length"),
        Some(r.body.len().to_string().as_str())
    );
    assert!(r.text().ends_with("xxx\"]}"));

    // A client that hangs up early does not upset the server.
    hub.control(json!({"huge_mb": 20}));
    let mut s = TcpStream::connect(("127.0.0.1", hub.port())).unwrap();
    let body = batch(&["a"]).to_string();
    write!(
        s,
        "POST {VISITS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut first = [0u8; 4096];
    s.read_exact(&mut first).unwrap();
    drop(s);

    hub.control(json!({"visits_mode": "ok"}));
    assert_eq!(accepted_in(&post_visits(&hub, &["b"])), ["b"]);
    assert_eq!(hub.accepted(), ["b"]);
    assert!(hub.stderr().is_empty(), "server stderr: {}", hub.stderr());
}

#[test]
fn hang_mode_answers_late_without_blocking_the_control_api() {
    let hub = HubServer::start();
    hub.control(json!({"visits_mode": "hang", "hang_s": 1.5}));
    let port = hub.port();
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::spawn(move || {
        let body = batch(&["a"]).to_string();
        let auth = format!("Bearer {TOKEN}");
        let r = request(
            port,
            "POST",
            VISITS,
            &[("Authorization", &auth)],
            Some(body.as_bytes()),
        );
        let _ = tx.send((r, started.elapsed()));
    });
    // Received at once, accepted only when the reply goes out.
    let state = hub.wait_for(Duration::from_secs(10), |s| {
        s["visit_requests"] == json!([["a"]])
    });
    // Had the control API waited for the hang, the visit would be stored
    // and answered by now.
    assert_eq!(state["accepted"], json!([]));
    assert!(rx.try_recv().is_err(), "answered before the hang ended");

    let (r, took) = rx.recv_timeout(Duration::from_secs(20)).expect("reply");
    assert_eq!(accepted_in(&r.unwrap()), ["a"]);
    assert!(
        took >= Duration::from_millis(1500),
        "answered after {took:?}"
    );
    assert_eq!(hub.accepted(), ["a"]);
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let hub = HubServer::start();
    let stream = TcpStream::connect(("127.0.0.1", hub.port())).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    for (i, path) in [VISITS, HEARTBEAT, VISITS].into_iter().enumerate() {
        let body = if path == VISITS {
            batch(&[&format!("v{i}")]).to_string()
        } else {
            json!({"n": i}).to_string()
        };
        write!(
            writer,
            "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{path}: {status:?}");
        let mut length = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = Some(value.trim().parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        reader.read_exact(&mut body).unwrap();
        serde_json::from_slice::<Value>(&body).expect("JSON body");
    }
    assert_eq!(hub.accepted(), ["v0", "v2"]);
    assert_eq!(hub.heartbeats(), [json!({"n": 1})]);
}

#[test]
fn control_rejects_unknown_settings_and_reset_restores_defaults() {
    let hub = HubServer::start();
    let r = request(
        hub.port(),
        "POST",
        "/_control",
        &[],
        Some(br#"{"visit_mode": "hang"}"#),
    )
    .unwrap();
    assert_eq!(r.status, 400, "{}", r.text());
    let r = request(
        hub.port(),
        "POST",
        "/_control",
        &[],
        Some(br#"{"visits_mode": "partial", "content_mode": "partial"}"#),
    )
    .unwrap();
    assert_eq!(r.status, 400, "content has no partial mode: {}", r.text());

    hub.control(json!({"token": "other", "content": {"a": 1}}));
    let r = send(
        &hub,
        "POST",
        VISITS,
        Some("other"),
        &[],
        Some(&batch(&["a"])),
    );
    assert_eq!(accepted_in(&r), ["a"]);
    hub.reset();
    let state = hub.state();
    assert_eq!(state["accepted"], json!([]));
    assert_eq!(state["requests"], json!([]));
    assert_eq!(accepted_in(&post_visits(&hub, &["a"])), ["a"]);
    assert_eq!(
        send(&hub, "GET", CONTENT, Some(TOKEN), &[], None).status,
        404
    );
}

#[test]
fn stop_and_restart_keep_the_port_and_start_empty() {
    let mut hub = HubServer::start();
    let (port, url) = (hub.port(), hub.url());
    assert_eq!(accepted_in(&post_visits(&hub, &["a"])), ["a"]);
    hub.stop();
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "a stopped hub still accepts connections"
    );
    hub.restart();
    assert_eq!((hub.port(), hub.url()), (port, url));
    assert!(hub.accepted().is_empty());
    assert_eq!(accepted_in(&post_visits(&hub, &["b"])), ["b"]);
    assert_eq!(hub.accepted(), ["b"]);
}

#[test]
fn tls_hub_serves_https_and_control_in_plain_http() {
    let ca = TestCa::new();
    let mut hub = HubServer::start_tls(&ca.cert_pem, &ca.key_pem);
    assert_eq!(hub.url(), format!("https://localhost:{}", hub.port()));
    assert_ne!(hub.control_port(), hub.port());
    hub.control(json!({"content": {"a": 1}, "etag": "\"t1\""}));

    // The control port serves only the control endpoints.
    let auth = format!("Bearer {TOKEN}");
    let r = request(
        hub.control_port(),
        "GET",
        CONTENT,
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(r.unwrap().status, 404);
    // The hub port speaks no clear text (a TLS server hangs up on it).
    let clear = request(
        hub.port(),
        "GET",
        CONTENT,
        &[("Authorization", &auth)],
        None,
    );
    assert!(clear.is_err(), "clear text answered: {clear:?}");

    let https_get = |hub: &HubServer| {
        let args = [
            "s_client",
            "-connect",
            &format!("127.0.0.1:{}", hub.port()),
            "-servername",
            "localhost",
            "-verify_hostname",
            "localhost",
            "-CAfile",
            ca.ca_pem.to_str().unwrap(),
            "-verify_return_error",
            "-quiet",
        ];
        let input = format!(
            "GET {CONTENT} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n\
             Connection: close\r\n\r\n"
        );
        openssl(&args, &input)
    };
    let out = https_get(&hub);
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(
        out.contains("ETag: \"t1\"") && out.ends_with("{\"a\": 1}"),
        "{out}"
    );
    assert_eq!(hub.state()["content_requests"][0]["status"], 200);

    hub.restart();
    hub.control(json!({"content": {"b": 2}, "etag": "\"t2\""}));
    let out = https_get(&hub);
    assert!(
        out.starts_with("HTTP/1.1 200") && out.contains("\"t2\""),
        "{out}"
    );
    assert!(hub.stderr().is_empty(), "server stderr: {}", hub.stderr());
}

/// Runs `openssl` with `input` on stdin; its stdout; panics if it fails or
/// takes over a minute.
fn openssl(args: &[&str], input: &str) -> String {
    let out = common::run_with_input("openssl", args, input, Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
