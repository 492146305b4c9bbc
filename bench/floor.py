#!/usr/bin/python3
"""The real kiosk's "I want help from a guide" flow, tapped, and a guide's
floor page in Chromium watching for the visitor's row.

Two commands:

  floor.py kiosk   --entre BIN --config kiosk.toml --hub URL --kiosk-id ID --token-file F
      Starts the kiosk full screen at 1920x1080 on its own Xvfb display under
      matchbox-window-manager, its kiosk.toml a copy of --config with [hub]
      url and token_file set, [kiosk] id set, fullscreen on and its database
      in a temporary folder. Prints "ready", then reads commands on stdin, one
      a line: "register" taps one registration through (Svenska, "Jag vill
      prata med en vägledare", an errand, the language, Next..., Registrera)
      and prints one JSON line {"tap": WALL_S, "frame_s": S, "png": PATH}
      ("tap": time.time() when the XTest press of "Registrera" was sent;
      "frame_s": from that press to the first frame of the screen with the
      code, seen through XDamage as bench/driver.py does, after "Vi säger
      till vägledarna ..."); "quit" ends it. Used by
      hub/tests/floor_kiosk_browser.rs.

  floor.py latency --entre BIN --config kiosk.toml --hub URL --kiosk-id ID --token-file F
                   --guide NAME --password-file F --count N
      The same kiosk, plus Chromium (headless, through chromedriver over
      WebDriver) signed in as the guide on /floor with a MutationObserver
      (installed with execute_script) that records Date.now() when a row's
      code first appears. N registrations are tapped; for each, the latency
      from the confirm press to the row in the browser (same machine, same
      clock) and the kiosk's own part (press to its confirmation frame).
      Prints key=value lines (scripts/bench-hub reads them).

Needs /usr/bin/python3 with python3-xlib, Xvfb, matchbox-window-manager,
imagemagick (screenshots of a failure), chromium and chromium-driver.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import Screen, free_port, tree  # noqa: E402
from Xlib import X  # noqa: E402

# The register flow at 1920x1080, Swedish, on the demo kiosk.toml (two
# zones), measured from screenshots of the real window.
SVENSKA = (260, 211)  # the welcome screen's first language tile
GUIDE = (493, 370)  # "Jag vill prata med en vägledare" on the purposes screen
REGISTER_TAPS = [
    ("errand", 493, 206),  # "Förskola", the first errand: on to the language
    ("language", 951, 984),  # Svenska is preselected: "Nästa"
    ("needs", 1109, 984),  # nothing needed: "Nästa"
    ("zone", 493, 206),  # "Vid datorerna" (chosen, not yet on)
]
CONFIRM = (1109, 984)  # "Registrera"
# The code screen's buttons sit at the bottom (tests/register_flow.rs,
# SCREEN_POINTS: register-meanwhile 883,984; register-done 1376,976).
DONE = [(1376, 976)]  # "Klar", beside "Börja med ärendet medan du väntar": back to welcome
CODE_PROBE = (510, 984)  # inside "Börja med ärendet …" (filled blue), left of its icon
NEUTRAL = (1900, 600)


def free_display():
    """A display number no X server uses."""
    n = 100 + os.getpid() % 400
    while os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
        n += 1
    return n


def log(*args):
    print("floor:", *args, file=sys.stderr, flush=True)


class FloorError(Exception):
    pass


class Kiosk:
    """The real entre binary, full screen on its own display."""

    def __init__(self, binary, config, hub, kiosk_id, token_file, work):
        self.work = work
        self.binary = binary
        self.config = os.path.join(work, "kiosk.toml")
        with open(config, encoding="utf-8") as f:
            text = f.read()
        lines = []
        section = None
        for line in text.splitlines():
            if line.startswith("["):
                section = line.strip()
            if line.startswith("fullscreen = "):
                line = "fullscreen = true"
            elif line.startswith("database = "):
                line = f'database = "{work}/entre.sqlite"'
            elif section == "[kiosk]" and line.startswith("id = "):
                line = f'id = "{kiosk_id}"'
            elif section == "[mail]" and line.startswith("dir = "):
                line = f'dir = "{work}/mail"'
            elif section == "[hub]" and line.startswith("# url = "):
                line = f'url = "{hub}"\ntoken_file = "{os.path.abspath(token_file)}"'
            lines.append(line)
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.screen = Screen(free_display())
        self.proc = None
        self.shots = 0

    def start(self):
        env = dict(os.environ, DISPLAY=self.screen.name, ICED_BACKEND="tiny-skia")
        env.pop("WAYLAND_DISPLAY", None)
        env.setdefault("RUST_LOG", "entre=info")
        self.log = open(os.path.join(self.work, "entre.log"), "w")
        self.screen.ensure_wm()
        self.screen.move(*NEUTRAL)
        self.screen.drain()
        self.proc = subprocess.Popen([self.binary, "--config", self.config], env=env, stdout=self.log, stderr=self.log)
        if self.screen.wait_damage(60) is None:
            self.fail("the kiosk drew nothing in 60 s")
        # Fonts, first layout: until nothing is drawn for a second.
        self.screen.settle(quiet=1.0, limit=30)

    def fail(self, what):
        path = self.shot("failed")
        tail = ""
        try:
            with open(os.path.join(self.work, "entre.log")) as f:
                tail = "".join(f.readlines()[-15:])
        except OSError:
            pass
        raise FloorError(f"{what} (screen in {path}; the kiosk's log ends:\n{tail})")

    def shot(self, name):
        self.shots += 1
        path = os.path.join(self.work, f"{self.shots:03}-{name}.png")
        self.screen.save(path)
        return path

    def tap(self, name, x, y):
        """Taps and waits for the screen to change and settle."""
        before = self.screen.grab()
        self.screen.tap(x, y)
        end = time.perf_counter() + 10
        while True:
            if self.screen.wait_damage(max(0.0, end - time.perf_counter())) is None:
                self.fail(f"tap {name} at ({x}, {y}): nothing changed within 10 s")
            self.screen.settle(quiet=0.25, limit=5)
            if self.screen.grab() != before:
                break
        self.screen.move(*NEUTRAL)
        self.screen.settle(quiet=0.1, limit=2)

    def dark(self, x, y):
        """Whether the pixel at (x, y) is dark (a filled button, not the
        light background)."""
        b, g, r = self.screen.root.get_image(x, y, 1, 1, X.ZPixmap, 0xFFFFFFFF).data[:3]
        return r + g + b < 400

    def register(self):
        """One registration, from the welcome screen back to it."""
        self.tap("Svenska", *SVENSKA)
        self.tap("guide", *GUIDE)
        for name, x, y in REGISTER_TAPS:
            self.tap(name, x, y)
        self.screen.drain()
        wall = time.time()
        t0 = self.screen.tap(*CONFIRM)
        # "Vi säger till vägledarna ..." first, then the code screen: its
        # frame is the first with the blue of "Börja med ärendet medan du
        # väntar" at the probe (the sending and desk screens have only
        # background there).
        end = t0 + 15
        while True:
            seen = self.screen.wait_damage(max(0.0, end - time.perf_counter()))
            if seen is None:
                self.fail("Registrera: no code screen within 15 s")
            if self.dark(*CODE_PROBE):
                frame_s = seen - t0
                break
        self.screen.settle(quiet=0.3, limit=5)
        png = self.shot("confirmation")
        for x, y in DONE:
            self.tap("Klar", x, y)
        return {"tap": wall, "frame_s": frame_s, "png": png}

    def close(self):
        if self.proc is not None:
            for p in tree(self.proc.pid):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            self.proc.wait()
        self.screen.close()


class WebDriver:
    """chromedriver and one headless Chromium session, W3C JSON over HTTP."""

    def __init__(self, work):
        port = free_port()
        self.proc = subprocess.Popen(
            ["/usr/bin/chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.url = f"http://127.0.0.1:{port}"
        end = time.monotonic() + 30
        while True:
            try:
                self.call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > end:
                    raise FloorError("chromedriver did not start")
                time.sleep(0.1)
        profile = os.path.join(work, "profile")
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": "/usr/bin/chromium",
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-dev-shm-usage",
                            f"--user-data-dir={profile}",
                            "--window-size=1280,900",
                        ],
                    },
                }
            }
        }
        for attempt in range(3):
            r = self.call("POST", "/session", caps)
            if "sessionId" in r:
                self.session = f"/session/{r['sessionId']}"
                return
            log(f"no browser session yet: {r}")
        raise FloorError("chromium did not start")

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)["value"]

    def cmd(self, path, body):
        v = self.call("POST", self.session + path, body)
        if isinstance(v, dict) and "error" in v:
            raise FloorError(f"webdriver {path}: {v}")
        return v

    def js(self, script):
        return self.cmd("/execute/sync", {"script": script, "args": []})

    def goto(self, url):
        self.cmd("/url", {"url": url})

    def wait_text(self, what, secs):
        end = time.monotonic() + secs
        while True:
            text = self.js("return document.body ? document.body.innerText : ''")
            if what in text:
                return text
            if time.monotonic() > end:
                raise FloorError(f"no {what!r} on the page within {secs} s:\n{text[:500]}")
            time.sleep(0.2)

    def type_in(self, css, text):
        e = self.cmd("/element", {"using": "css selector", "value": css})
        e = next(iter(e.values()))
        self.cmd(f"/element/{e}/clear", {})
        self.cmd(f"/element/{e}/value", {"text": text})

    def click(self, css):
        e = self.cmd("/element", {"using": "css selector", "value": css})
        e = next(iter(e.values()))
        self.cmd(f"/element/{e}/click", {})

    def close(self):
        try:
            self.call("DELETE", self.session)
        except Exception:
            pass
        self.proc.terminate()
        self.proc.wait()


# Records, in window.__seen, Date.now() when each row's code (its
# data-code, hub/src/web/floor.rs) first appears on the page.
OBSERVER = r"""
window.__seen = window.__seen || {};
const scan = () => {
  const now = Date.now();
  for (const el of document.querySelectorAll('[data-code]')) {
    const c = el.getAttribute('data-code');
    if (!(c in window.__seen)) window.__seen[c] = now;
  }
};
if (!window.__observer) {
  window.__observer = new MutationObserver(scan);
  window.__observer.observe(document.documentElement, {childList: true, subtree: true, characterData: true});
}
scan();
return Object.keys(window.__seen).length;
"""


def pct(values, p):
    v = sorted(values)
    i = max(1, min(len(v), -(-len(v) * p // 1))) - 1
    return v[int(i)]


def latency(args, work):
    kiosk = Kiosk(args.entre, args.config, args.hub, args.kiosk_id, args.token_file, work)
    browser = None
    try:
        browser = WebDriver(work)
        with open(args.password_file, encoding="utf-8") as f:
            password = f.read().rstrip("\n")
        browser.goto(f"{args.hub}/login")
        browser.type_in("#name", args.guide)
        browser.type_in("#password", password)
        browser.click("form.stack button[type=submit]")
        browser.wait_text(f"Välkommen, {args.guide}", 20)
        browser.goto(f"{args.hub}/floor")
        browser.wait_text("Golvet", 20)
        browser.js(OBSERVER)
        kiosk.start()
        totals, frames = [], []
        for i in range(args.count):
            before = set(browser.js("return Object.keys(window.__seen || {})"))
            r = kiosk.register()
            end = time.monotonic() + 10
            while True:
                seen = browser.js("return window.__seen || null")
                if seen is None:
                    raise FloorError("the floor page was replaced (window.__seen gone): a reload?")
                new = {c: t for c, t in seen.items() if c not in before}
                if new:
                    break
                if time.monotonic() > end:
                    raise FloorError(f"registration {i + 1}: no new row on the floor page within 10 s of the tap (kiosk: {r['png']})")
                time.sleep(0.05)
            if len(new) > 1:
                raise FloorError(f"registration {i + 1}: {len(new)} new codes at once: {sorted(new)}")
            (code, at_ms), = new.items()
            total = at_ms / 1000 - r["tap"]
            totals.append(total)
            frames.append(r["frame_s"])
            log(f"{i + 1}/{args.count}: {code}: row after {total * 1000:.0f} ms, kiosk frame {r['frame_s'] * 1000:.0f} ms")
        print(f"registrations={len(totals)}")
        for name, values in (("row", totals), ("frame", frames)):
            print(f"{name}_p50_ms={pct(values, 0.50) * 1000:.0f}")
            print(f"{name}_p95_ms={pct(values, 0.95) * 1000:.0f}")
            print(f"{name}_max_ms={max(values) * 1000:.0f}")
    finally:
        if browser:
            browser.close()
        kiosk.close()


def serve(args, work):
    kiosk = Kiosk(args.entre, args.config, args.hub, args.kiosk_id, args.token_file, work)
    try:
        kiosk.start()
        print("ready", flush=True)
        for line in sys.stdin:
            what = line.strip()
            if what == "register":
                try:
                    print(json.dumps(kiosk.register()), flush=True)
                except FloorError as e:
                    print(json.dumps({"error": str(e)}), flush=True)
            elif what == "quit":
                break
            elif what:
                print(json.dumps({"error": f"unknown command {what!r}"}), flush=True)
    finally:
        kiosk.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["kiosk", "latency"])
    ap.add_argument("--entre", required=True)
    ap.add_argument("--config", required=True, help="a kiosk.toml (the demo's)")
    ap.add_argument("--hub", required=True, help="the hub's URL")
    ap.add_argument("--kiosk-id", required=True)
    ap.add_argument("--token-file", required=True)
    ap.add_argument("--guide")
    ap.add_argument("--password-file")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--keep", help="work in this folder (emptied first) and keep it: the kiosk's log, screenshots")
    args = ap.parse_args()
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        os.makedirs(args.keep)
        work = os.path.abspath(args.keep)
    else:
        work = tempfile.mkdtemp(prefix="entre-floor-")
    try:
        if args.command == "kiosk":
            serve(args, work)
        else:
            if not (args.guide and args.password_file):
                ap.error("latency needs --guide and --password-file")
            latency(args, work)
    except FloorError as e:
        log(f"FAILED: {e}")
        sys.exit(1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
