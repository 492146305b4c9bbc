#!/usr/bin/env python3
"""A real HTTP "city hub" for Entré's integration tests (standard library only).

Speaks the kiosk <-> hub protocol on 127.0.0.1:

  POST /v1/kiosks/{kiosk}/visits     {"visits": [...]} -> 200 {"accepted": [ids],
                                     "rejected": [{"id", "reason"}]}
  GET  /v1/kiosks/{kiosk}/content    ETag / If-None-Match -> 200, 304 or 404
  POST /v1/kiosks/{kiosk}/heartbeat  any JSON -> 200 {}
  POST /v1/kiosks/{kiosk}/registrations  a registration -> 200 {"code",
                                     "ahead", "wait_min"} (the same code
                                     for the same id)

Every /v1 request needs "Authorization: Bearer <token>" (default
"test-token"), else 401 {"error": "unauthorized"}.

Tests steer it, without authentication, through

  POST /_control  {settings}  merges settings (token, content, etag, modes...)
  GET  /_state                everything recorded so far
  POST /_reset                recorded state and settings back to defaults

and can make it misbehave per endpoint: "status" (any status code, with
Retry-After), "hang" (answer late), "garbage" (malformed JSON), "huge"
(a body of many megabytes), for visits "partial" (accept only some) and,
for registrations, "badcode" (a 200 whose code breaks the code rule).
The setting "reject" ({id: reason}) makes it reject those visits, as a hub
does with a visit that is bad on its own: listed in "rejected", not stored.

With --cert/--key the hub speaks HTTPS, and a second, plain-HTTP listener
serves only the control endpoints (a std-only test client cannot speak
TLS). Prints exactly one line to stdout once it accepts connections:
"READY <port>" (plain) or "READY <port> <control_port>" (TLS), then serves
until killed. Quiet otherwise; HUB_VERBOSE=1 logs requests to stderr.

Run by tests/common/hub.rs; see tests/support/README.md.
"""

import argparse
import hashlib
import json
import os
import re
import socket
import socketserver
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_TOKEN = "test-token"
MODES = {
    "visits_mode": ("ok", "partial", "status", "hang", "garbage", "huge"),
    "content_mode": ("ok", "status", "hang", "garbage", "huge"),
    "heartbeat_mode": ("ok", "status", "hang", "garbage", "huge"),
    "registrations_mode": ("ok", "status", "hang", "garbage", "huge", "badcode"),
}
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_DIGITS = "23456789"
REGISTRATION_KEYS = {"id", "at", "kind", "errand", "language", "needs", "zone", "floor", "checkin"}
GARBAGE = b'{"accepted": [tru'
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
VISIT_PATH = re.compile(r"^/v1/kiosks/([^/]+)/(visits|content|heartbeat|registrations)$")
VERBOSE = bool(os.environ.get("HUB_VERBOSE"))


def default_settings():
    return {
        "token": DEFAULT_TOKEN,
        "content": None,
        "etag": None,
        "visits_mode": "ok",
        "content_mode": "ok",
        "heartbeat_mode": "ok",
        "registrations_mode": "ok",
        "status": 503,
        "retry_after": None,
        "hang_s": 30.0,
        "huge_mb": 10.0,
        "reject": {},
    }


def empty_state():
    return {
        "visit_requests": [],
        "accepted": [],
        "accepted_visits": [],
        "rejected": [],
        "heartbeats": [],
        "registration_requests": [],
        "registrations": {},
        "content_requests": [],
        "auth_failures": 0,
        "requests": [],
        "bad_requests": [],
    }


class Hub:
    """Settings and recorded state, behind one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.settings = default_settings()
        self.state = empty_state()
        self.accepted_ids = set()
        # Bumped by /_reset: a request that hung across a reset stores nothing.
        self.generation = 0

    def reset(self):
        with self.lock:
            self.settings = default_settings()
            self.state = empty_state()
            self.accepted_ids = set()
            self.generation += 1

    def control(self, update):
        """Merges `update` into the settings; returns an error text or None."""
        if not isinstance(update, dict):
            return "the control body must be a JSON object"
        known = default_settings()
        for key, value in update.items():
            if key not in known:
                return f"unknown setting {key!r}"
            if key in MODES and value not in MODES[key]:
                return f"{key} must be one of {', '.join(MODES[key])}"
            if key == "token" and not isinstance(value, str):
                return "token must be a string"
            if key == "content" and value is not None and not isinstance(value, dict):
                return "content must be a JSON object or null"
            if key == "etag" and value is not None and not isinstance(value, str):
                return "etag must be a string or null"
            if key == "status" and not (
                isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599
            ):
                return "status must be an integer HTTP status"
            if key == "reject" and not (
                isinstance(value, dict) and all(isinstance(r, str) for r in value.values())
            ):
                return "reject must be a JSON object {id: reason}"
            if key == "retry_after" and value is not None and not isinstance(value, str):
                return "retry_after must be a string or null"
            if key in ("hang_s", "huge_mb") and not (
                isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
            ):
                return f"{key} must be a non-negative number"
        with self.lock:
            self.settings.update(update)
            # New content without its own etag gets one derived from it.
            if "content" in update and "etag" not in update:
                content = update["content"]
                if content is None:
                    self.settings["etag"] = None
                else:
                    canon = json.dumps(content, sort_keys=True, separators=(",", ":"))
                    digest = hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]
                    self.settings["etag"] = f'"{digest}"'
        return None

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.state))

    def log_request(self, method, path, status):
        with self.lock:
            self.state["requests"].append({"method": method, "path": path, "status": status})


HUB = Hub()


def validate_visits(doc):
    """The ids of a visits body, or raises ValueError saying what is wrong."""
    if not isinstance(doc, dict) or not isinstance(doc.get("visits"), list):
        raise ValueError('the body must be {"visits": [...]}')
    ids = []
    for i, v in enumerate(doc["visits"]):
        where = f"visits[{i}]"
        if not isinstance(v, dict):
            raise ValueError(f"{where} is not an object")

        def need(key, ok, what):
            if key not in v:
                raise ValueError(f"{where} lacks {key!r}")
            if not ok(v[key]):
                raise ValueError(f"{where}.{key} must be {what}, not {v[key]!r}")

        is_str = lambda x: isinstance(x, str)  # noqa: E731
        need("id", lambda x: is_str(x) and x != "", "a non-empty string")
        need("at", lambda x: is_str(x) and RFC3339.match(x), "an RFC 3339 date-time")
        need("purpose", is_str, "a string")
        need("errand", lambda x: x is None or is_str(x), "a string or null")
        need("language", is_str, "a string")
        need("survey", lambda x: isinstance(x, dict), "an object")
        for key in ("learned", "self_next_time"):
            if key not in v["survey"]:
                raise ValueError(f"{where}.survey lacks {key!r}")
            if v["survey"][key] is not None and not isinstance(v["survey"][key], bool):
                raise ValueError(f"{where}.survey.{key} must be a boolean or null")
        need(
            "checkin",
            lambda x: x is None or (isinstance(x, dict) and is_str(x.get("unit"))),
            'null or {"unit": string}',
        )
        ids.append(v["id"])
    return ids


def validate_registration(doc):
    """Raises ValueError saying what is wrong with a registration body."""
    if not isinstance(doc, dict):
        raise ValueError("the body must be a JSON object")
    unknown = set(doc) - REGISTRATION_KEYS
    if unknown:
        raise ValueError(f"unknown field {sorted(unknown)[0]!r}")
    missing = REGISTRATION_KEYS - set(doc)
    if missing:
        raise ValueError(f"lacks {sorted(missing)[0]!r}")
    if not isinstance(doc["id"], str) or not doc["id"]:
        raise ValueError("id must be a non-empty string")
    if not isinstance(doc["at"], str) or not RFC3339.match(doc["at"]):
        raise ValueError("at must be an RFC 3339 date-time")
    if doc["kind"] not in ("walk_in", "checkin_unreached"):
        raise ValueError("kind must be walk_in or checkin_unreached")
    if not isinstance(doc["floor"], bool):
        raise ValueError("floor must be a boolean")
    needs = doc["needs"]
    if not isinstance(needs, list) or any(n not in ("private", "seated", "interpreter") for n in needs):
        raise ValueError("needs must be a list of private, seated, interpreter")
    if len(set(needs)) != len(needs):
        raise ValueError("a need is listed twice")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes: without TCP_NODELAY,
    # Nagle's algorithm and the client's delayed ACK hold each answer ~40 ms.
    disable_nagle_algorithm = True
    server_version = "EntreTestHub/1"
    # Set on the plain listener that sits beside a TLS hub.
    control_only = False

    def log_message(self, format, *args):
        if VERBOSE:
            sys.stderr.write("hub: %s\n" % (format % args))

    def setup(self):
        super().setup()
        # TLS handshake here, in the connection's own thread (not in accept).
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()

    # --- plumbing -------------------------------------------------------

    def read_body(self):
        """Exactly the request body (Content-Length or chunked), so that the
        next request on a kept-alive connection starts where it should."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(data)
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def reply(self, status, body=b"", headers=(), content_type="application/json"):
        """Sends a whole response; returns whether it got out."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if status != 304 and self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
            return True
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True
            return False

    def reply_huge(self, megabytes, headers=()):
        """200 with {"accepted":["xxx…"]}, `megabytes` MB of x, in chunks."""
        n = int(megabytes * 1024 * 1024)
        head, tail = b'{"accepted":["', b'"]}'
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(head) + n + len(tail)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(head)
            chunk = b"x" * 65536
            left = n
            while left > 0:
                self.wfile.write(chunk[: min(left, len(chunk))])
                left -= min(left, len(chunk))
            self.wfile.write(tail)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            # The client hung up once it had enough: that is the point.
            pass
        # Whatever the client read, it should not reuse this connection.
        self.close_connection = True

    def misbehave(self, mode, settings, extra_headers=()):
        """Answers for the "status", "garbage" and "huge" modes; returns the
        status sent, or None if `mode` is not one of them. `extra_headers`
        go with the 200s of "garbage" and "huge" (an ETag, say)."""
        if mode == "status":
            status = settings["status"]
            headers = []
            if settings["retry_after"] is not None:
                headers.append(("Retry-After", settings["retry_after"]))
            self.reply(status, {"error": f"test hub answers {status}"}, headers)
            return status
        if mode == "garbage":
            self.reply(200, GARBAGE, extra_headers)
            return 200
        if mode == "huge":
            self.reply_huge(settings["huge_mb"], extra_headers)
            return 200
        return None

    # --- dispatch -------------------------------------------------------

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def dispatch(self):
        body = self.read_body()
        path = self.path.split("?", 1)[0]
        method = self.command
        if path in ("/_control", "/_state", "/_reset"):
            return self.control_endpoint(method, path, body)
        if self.control_only:
            return self.reply(404, {"error": "this port serves only /_control, /_state, /_reset"})
        status = self.hub_endpoint(method, path, body)
        HUB.log_request(method, path, status)

    def control_endpoint(self, method, path, body):
        if path == "/_state" and method == "GET":
            return self.reply(200, HUB.snapshot())
        if path == "/_reset" and method == "POST":
            HUB.reset()
            return self.reply(200, {})
        if path == "/_control" and method == "POST":
            try:
                update = json.loads(body.decode("utf-8"))
            except ValueError as e:
                return self.reply(400, {"error": f"control body is not JSON: {e}"})
            error = HUB.control(update)
            if error:
                return self.reply(400, {"error": error})
            return self.reply(200, {})
        return self.reply(405, {"error": f"{method} not allowed on {path}"})

    def hub_endpoint(self, method, path, body):
        """Serves a /v1 (or unknown) request; returns the status sent."""
        m = VISIT_PATH.match(path)
        if not path.startswith("/v1/"):
            self.reply(404, {"error": "not found"})
            return 404
        with HUB.lock:
            settings = dict(HUB.settings)
            generation = HUB.generation
        if self.headers.get("Authorization") != f"Bearer {settings['token']}":
            with HUB.lock:
                HUB.state["auth_failures"] += 1
            self.reply(401, {"error": "unauthorized"}, [("WWW-Authenticate", "Bearer")])
            return 401
        if m is None:
            self.reply(404, {"error": "not found"})
            return 404
        endpoint = m.group(2)
        want = "GET" if endpoint == "content" else "POST"
        if method != want:
            self.reply(405, {"error": f"use {want}"}, [("Allow", want)])
            return 405
        if endpoint == "visits":
            return self.visits(body, settings, generation)
        if endpoint == "content":
            return self.content(settings, generation)
        if endpoint == "registrations":
            return self.registrations(body, settings, generation)
        return self.heartbeat(body, settings, generation)

    def bad_request(self, message):
        with HUB.lock:
            HUB.state["bad_requests"].append({"path": self.path, "error": message})
        self.reply(400, {"error": message})
        return 400

    # --- the three endpoints --------------------------------------------

    def visits(self, body, settings, generation):
        try:
            doc = json.loads(body.decode("utf-8"))
            ids = validate_visits(doc)
        except (ValueError, UnicodeDecodeError) as e:
            return self.bad_request(f"bad visits body: {e}")
        with HUB.lock:
            HUB.state["visit_requests"].append(list(ids))
        mode = settings["visits_mode"]
        sent = self.misbehave(mode, settings)
        if sent is not None:
            return sent
        if mode == "hang":
            time.sleep(settings["hang_s"])
        accepted = []
        rejected = []
        with HUB.lock:
            if HUB.generation == generation:
                for position, visit in enumerate(doc["visits"]):
                    vid = visit["id"]
                    if vid in settings["reject"]:
                        rejected.append({"id": vid, "reason": settings["reject"][vid]})
                        HUB.state["rejected"].append(vid)
                        continue
                    before = vid in HUB.accepted_ids
                    if mode == "partial" and position % 2 == 1 and not before:
                        continue
                    if not before:
                        HUB.accepted_ids.add(vid)
                        HUB.state["accepted"].append(vid)
                        HUB.state["accepted_visits"].append(visit)
                    if vid not in accepted:
                        accepted.append(vid)
        answer = {"accepted": accepted}
        if rejected:
            answer["rejected"] = rejected
        self.reply(200, answer)
        return 200

    def content(self, settings, generation):
        if_none_match = self.headers.get("If-None-Match")

        def record(status):
            with HUB.lock:
                if HUB.generation == generation:
                    HUB.state["content_requests"].append(
                        {"if_none_match": if_none_match, "status": status}
                    )
            return status

        etag = settings["etag"]
        tag = [("ETag", etag)] if etag else []
        mode = settings["content_mode"]
        if mode == "hang":
            time.sleep(settings["hang_s"])
        else:
            sent = self.misbehave(mode, settings, tag)
            if sent is not None:
                return record(sent)
        if settings["content"] is None:
            self.reply(404, {"error": "no content"})
            return record(404)
        if if_none_match is not None and etag is not None and if_none_match == etag:
            self.reply(304, headers=tag)
            return record(304)
        self.reply(200, settings["content"], tag)
        return record(200)

    def registrations(self, body, settings, generation):
        """Records every request; keeps the latest body per id (a later
        "floor": false takes it off the "floor") and answers its code."""
        try:
            doc = json.loads(body.decode("utf-8"))
            validate_registration(doc)
        except (ValueError, UnicodeDecodeError) as e:
            return self.bad_request(f"bad registration: {e}")
        with HUB.lock:
            if HUB.generation == generation:
                HUB.state["registration_requests"].append(doc)
        mode = settings["registrations_mode"]
        sent = self.misbehave(mode, settings)
        if sent is not None:
            return sent
        if mode == "hang":
            time.sleep(settings["hang_s"])
        with HUB.lock:
            if HUB.generation != generation:
                self.reply(503, {"error": "reset"})
                return 503
            known = HUB.state["registrations"].get(doc["id"])
            if known is None:
                taken = {r["code"] for r in HUB.state["registrations"].values()}
                free = [
                    a + b + c
                    for a in CODE_LETTERS
                    for b in CODE_DIGITS
                    for c in CODE_DIGITS
                    if a + b + c not in taken
                ]
                code = free[int(time.time() * 1000) % len(free)]
                ahead = sum(1 for r in HUB.state["registrations"].values() if r["body"]["floor"])
            else:
                code, ahead = known["code"], known["ahead"]
            HUB.state["registrations"][doc["id"]] = {"code": code, "ahead": ahead, "body": doc}
        if mode == "badcode":
            code = "I01"
        self.reply(200, {"code": code, "ahead": ahead, "wait_min": None})
        return 200

    def heartbeat(self, body, settings, generation):
        try:
            doc = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            return self.bad_request(f"heartbeat body is not JSON: {e}")
        mode = settings["heartbeat_mode"]
        sent = self.misbehave(mode, settings)
        if sent is not None:
            return sent
        if mode == "hang":
            time.sleep(settings["hang_s"])
        with HUB.lock:
            if HUB.generation == generation:
                HUB.state["heartbeats"].append(doc)
        self.reply(200, {})
        return 200


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def server_bind(self):
        # HTTPServer.server_bind calls socket.getfqdn(), which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "localhost"
        self.server_port = self.server_address[1]

    def shutdown_request(self, request):
        # End TLS properly (close_notify): a client reading to the end of
        # the connection would otherwise see a truncation error. Bounded
        # wait for the client's own close_notify, then close regardless.
        if isinstance(request, ssl.SSLSocket):
            try:
                request.settimeout(1.0)
                request.unwrap()
            except (OSError, ValueError):
                pass
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        # Clients that hang up, fail the TLS handshake or time out are part
        # of the tests; anything else is a bug in this script worth seeing.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError)):
            if VERBOSE:
                sys.stderr.write(f"hub: {client_address}: {exc!r}\n")
            return
        super().handle_error(request, client_address)


class ControlHandler(Handler):
    control_only = True


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--cert", help="PEM certificate (chain): serve HTTPS")
    p.add_argument("--key", help="PEM private key for --cert")
    p.add_argument(
        "--control-port",
        type=int,
        default=0,
        help="with --cert: the plain-HTTP control port (0 picks a free one)",
    )
    p.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="exit when stdin closes (the test process died)",
    )
    args = p.parse_args()
    if bool(args.cert) != bool(args.key):
        p.error("--cert and --key go together")
    return args


def serve_forever_in_thread(server):
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    return t


def main():
    args = parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    ready = f"READY {server.server_address[1]}"
    control = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
        control = Server(("127.0.0.1", args.control_port), ControlHandler)
        ready += f" {control.server_address[1]}"
        serve_forever_in_thread(control)
    if args.exit_on_stdin_eof:

        def watch():
            try:
                sys.stdin.buffer.read()
            finally:
                os._exit(0)

        threading.Thread(target=watch, daemon=True).start()
    sys.stdout.write(ready + "\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
