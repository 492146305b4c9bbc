#!/usr/bin/python3
"""Entré against the browser kiosk it replaces, measured the same way.

Run by scripts/bench (which installs what this needs and builds Entré);
see README.md, "Benchmarks". Both programs run full screen at 1920x1080
on their own Xvfb display under matchbox-window-manager, and are watched
from outside, as a visitor would see them:

- a frame is "on screen" when the X server has it: the driver listens for
  XDamage events on the root window and, after each, reads the screen
  back and compares it with the reference picture of the screen expected
  (taken from a warm-up start of the same program, after it settled);
- a tap is an XTest press and release at the same screen point for both
  programs (bench/baseline/ mirrors Entré's layout);
- memory is Rss and Pss from /proc/PID/smaps_rollup, summed over the
  program's whole process tree; CPU is utime+stime from /proc/PID/stat.

The driver measures rows 1-4 and 6 itself; scripts/bench adds the others.
Prints progress to stderr and writes one JSON document to --out.
"""

import argparse
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from Xlib import X, display
from Xlib.ext import damage, xtest

WIDTH, HEIGHT = 1920, 1080
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The flow both programs are tapped through (screen points at 1920x1080).
# Welcome -> purposes, then cycles of: purposes -> errand list -> errand ->
# back to the list -> back to purposes; at the end back to welcome.
FIRST = ("purposes", 260, 211)  # the Svenska tile
CYCLE = [
    ("errands", 1425, 206),  # "Jag behöver hjälp med ett ärende"
    ("errand", 492, 206),  # "Förskola"
    ("errands-back", 158, 984),  # Tillbaka on the errand screen
    ("purposes-back", 158, 991),  # Tillbaka on the errand list
]
LAST = ("welcome-back", 158, 991)  # Tillbaka on the purposes screen
# The check-in flow for the mail row (Entré only): Svenska, "Jag har en
# bokad tid", a unit, its first officer, then the confirmation. The units
# take turns: Ekonomiskt bistånd (Anna Lind), Familj och förskola (Åsa
# Östlund); the third's officer is away in the demo (no mail).
CHECKIN = [(260, 211), (493, 206)]
UNITS = [(492, 206), (1425, 206)]
OFFICER = (492, 206)
# The kiosk mails one officer at most 3 times in 10 minutes (the check-in
# flood guard, src/ui/checkin_flood.rs, kept in memory): after that many
# check-ins per officer the bench starts the kiosk again.
FLOOD_LIMIT = 3
CONFIRM = (959, 252)  # "Ja, säg till"
DONE = (959, 425)  # "Klar" on the arrival screen
NEUTRAL = (1900, 600)  # where the pointer rests: no control there


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Screen:
    """One Xvfb display with a window manager, read through XDamage."""

    STRIP = 135  # rows per GetImage request (8 requests a screen)

    def __init__(self, number):
        self.name = f":{number}"
        self.procs = [
            subprocess.Popen(
                ["Xvfb", self.name, "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        ]
        deadline = time.monotonic() + 10
        while True:
            try:
                self.d = display.Display(self.name)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise SystemExit(f"bench: Xvfb {self.name} did not start")
                time.sleep(0.05)
        self.procs.append(None)
        self.ensure_wm()
        self.root = self.d.screen().root
        self.d.damage_query_version()
        self.root.damage_create(damage.DamageReportRawRectangles)
        self.damage_event = self.d.extension_event.DamageNotify
        time.sleep(0.5)
        self.move(*NEUTRAL)

    def ensure_wm(self):
        """(Re)starts the window manager: without it a full-screen window
        stays small. It has been seen to quit between runs."""
        if self.procs[1] is not None and self.procs[1].poll() is None:
            return
        if self.procs[1] is not None:
            log(f"matchbox-window-manager on {self.name} had quit; starting it again")
        self.procs[1] = subprocess.Popen(
            ["matchbox-window-manager", "-use_titlebar", "no", "-use_cursor", "no"],
            env=dict(os.environ, DISPLAY=self.name),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.3)

    def close(self):
        for p in reversed(self.procs):
            p.terminate()
            p.wait()

    def grab(self, against=None):
        """The whole screen as bytes; with `against`, stops at the first
        strip that differs and returns None."""
        parts = []
        for y in range(0, HEIGHT, self.STRIP):
            data = self.root.get_image(0, y, WIDTH, self.STRIP, X.ZPixmap, 0xFFFFFFFF).data
            if against is not None and data != against[len(parts)]:
                return None
            parts.append(data)
        return parts

    def drain(self):
        """Handles queued events; True if any was damage."""
        seen = False
        while self.d.pending_events():
            if self.d.next_event().type == self.damage_event:
                seen = True
        return seen

    def wait_damage(self, timeout):
        """Waits for damage; returns the time it was read, or None."""
        deadline = time.perf_counter() + timeout
        while True:
            if self.drain():
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            select.select([self.d.fileno()], [], [], left)

    def wait_for(self, ref, since, timeout):
        """Seconds from `since` to the frame that shows `ref`, or None."""
        deadline = since + timeout
        while True:
            seen = self.wait_damage(max(0.0, deadline - time.perf_counter()))
            if seen is None:
                return None
            if self.grab(against=ref) is not None:
                return seen - since

    def settle(self, quiet=0.3, limit=10.0):
        """Waits until nothing is drawn for `quiet` seconds."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if self.wait_damage(quiet) is None:
                return True
        return False

    def move(self, x, y):
        xtest.fake_input(self.d, X.MotionNotify, x=x, y=y)
        self.d.flush()

    def tap(self, x, y):
        """A synthetic tap; returns the time just before it was sent."""
        self.drain()
        xtest.fake_input(self.d, X.MotionNotify, x=x, y=y)
        t0 = time.perf_counter()
        xtest.fake_input(self.d, X.ButtonPress, 1)
        xtest.fake_input(self.d, X.ButtonRelease, 1)
        self.d.flush()
        return t0

    def save(self, path):
        """A PNG of the screen, for a failure report."""
        subprocess.run(["import", "-display", self.name, "-window", "root", path], check=False)


def stat(pid):
    """The fields of /proc/PID/stat after the command name (state first),
    or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    return text[text.rfind(")") + 2 :].split()


def tree(pid):
    """pid and every descendant of it."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := stat(entry)) is not None:
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(parents.get(p, []))
    return found


def memory(pid):
    """(rss, pss) in bytes summed over the process tree."""
    rss = pss = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            pass
    return rss, pss


def cpu_ticks(pid):
    """utime+stime (and that of reaped children) over the process tree."""
    fields = (stat(p) for p in tree(pid))
    return sum(sum(int(v) for v in f[11:15]) for f in fields if f is not None)


class Program:
    """How to start one of the two kiosks on a display."""

    def __init__(self, name, workdir):
        self.name = name
        self.workdir = workdir
        self.refs = {}

    def start(self, screen, run):
        raise NotImplementedError

    def stop(self, proc):
        pids = tree(proc.pid)
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        proc.wait()


class Entre(Program):
    def __init__(self, binary, config, workdir, smtp_port=None):
        super().__init__("entre", workdir)
        self.binary = binary
        self.smtp_port = smtp_port
        self.config = os.path.join(workdir, "kiosk.toml")
        with open(config, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("fullscreen = false", "fullscreen = true")
        lines = []
        in_mail = False
        for line in text.splitlines():
            if line.startswith("["):
                in_mail = line.strip() == "[mail]"
            if line.startswith("database = "):
                line = f'database = "{workdir}/entre.sqlite"'
            if in_mail and smtp_port is not None:
                if line.startswith("transport = "):
                    line = (
                        'transport = "smtp"\nhost = "127.0.0.1"\n'
                        f'port = {smtp_port}\nsecurity = "none"'
                    )
                elif line.startswith("dir = "):
                    continue
            elif in_mail and line.startswith("dir = "):
                line = f'dir = "{workdir}/mail"'
            lines.append(line)
        with open(self.config, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    def start(self, screen, run):
        env = dict(os.environ, DISPLAY=screen.name, ICED_BACKEND="tiny-skia")
        env.pop("WAYLAND_DISPLAY", None)
        with open(os.path.join(self.workdir, f"entre-{run}.log"), "w") as err:
            return subprocess.Popen([self.binary, "--config", self.config], env=env, stdout=err, stderr=err)


class Chromium(Program):
    def __init__(self, url, preferences, workdir):
        super().__init__("chromium", workdir)
        self.url = url
        self.preferences = preferences

    def start(self, screen, run):
        profile = os.path.join(self.workdir, f"profile-{run}")
        shutil.rmtree(profile, ignore_errors=True)
        os.makedirs(os.path.join(profile, "Default"))
        shutil.copy(self.preferences, os.path.join(profile, "Default", "Preferences"))
        # The flags of a real web kiosk; --no-sandbox only because the
        # bench runs as root. The background-networking flags keep it from
        # calling home (this machine's network is closed).
        args = [
            "chromium",
            "--kiosk",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--noerrdialogs",
            "--disable-infobars",
            "--disable-features=Translate",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--password-store=basic",
            self.url,
        ]
        env = dict(os.environ, DISPLAY=screen.name)
        with open(os.path.join(self.workdir, f"chromium-{run}.log"), "w") as err:
            return subprocess.Popen(args, env=env, stdout=err, stderr=err, start_new_session=True)


class BenchError(Exception):
    pass


def flow():
    """The taps of one session: (screen name, x, y)."""
    return [FIRST] + CYCLE * CYCLES + [LAST]


def warm_up(prog, screen, outdir):
    """Starts `prog` once (not counted) to read its pages from disk and to
    take the reference picture of every screen of the flow."""
    log(f"{prog.name}: warm-up and reference pictures")
    screen.ensure_wm()
    screen.move(*NEUTRAL)
    proc = prog.start(screen, "warm-up")
    try:
        if screen.wait_damage(60) is None:
            raise BenchError(f"{prog.name} drew nothing in 60 s")
        time.sleep(3)  # fonts, late layout: let it finish whatever it does
        screen.settle(quiet=1.0)
        prog.refs["welcome"] = screen.grab()
        for name, x, y in [FIRST] + CYCLE + [LAST]:
            screen.tap(x, y)
            time.sleep(0.3)
            screen.settle(quiet=0.6)
            prog.refs[name] = screen.grab()
            screen.save(os.path.join(outdir, f"{prog.name}-{name}.png"))
        screen.save(os.path.join(outdir, f"{prog.name}-welcome.png"))
        names = ["welcome"] + [n for n, _, _ in [FIRST] + CYCLE + [LAST]]
        for a, b in zip(names, names[1:]):
            if prog.refs[a] == prog.refs[b]:
                raise BenchError(f"{prog.name}: the tap from {a} to {b} changed nothing: did it miss?")
    finally:
        prog.stop(proc)
    screen.settle(quiet=0.5)


class Session:
    """One measured start of a program: rows 1-4."""

    def __init__(self, prog, screen, run, outdir):
        self.prog, self.screen, self.run, self.outdir = prog, screen, run, outdir
        self.result = {"taps_s": []}
        self.samples = []

    def fail(self, what):
        path = os.path.join(self.outdir, f"failed-{self.prog.name}-{self.run}.png")
        self.screen.save(path)
        raise BenchError(f"{self.prog.name} run {self.run}: {what} (screen in {path})")

    def begin(self):
        screen, prog = self.screen, self.prog
        screen.ensure_wm()
        screen.move(*NEUTRAL)
        screen.settle(quiet=0.2)
        screen.drain()
        t0 = time.perf_counter()
        self.proc = prog.start(screen, self.run)
        self.t0 = t0
        start = screen.wait_for(prog.refs["welcome"], t0, 30)
        if start is None:
            self.fail("the welcome screen never appeared in 30 s")
        self.result["start_s"] = start
        # Memory: sampled until 10 s after the start; "steady" is at 10 s.
        while time.perf_counter() < t0 + 10:
            self.samples.append(memory(self.proc.pid))
            time.sleep(0.25)
        self.result["steady_rss"], self.result["steady_pss"] = memory(self.proc.pid)
        self.samples.append((self.result["steady_rss"], self.result["steady_pss"]))
        # Taps through the flow, each timed to the frame that shows its result.
        for name, x, y in flow():
            t = screen.tap(x, y)
            took = screen.wait_for(prog.refs[name], t, 5)
            if took is None:
                self.fail(f"a tap at ({x}, {y}) did not bring the {name} screen within 5 s")
            self.result["taps_s"].append(took)
            screen.settle(quiet=0.15, limit=2)
        self.samples.append(memory(self.proc.pid))
        # Idle on the welcome screen from here.
        screen.settle(quiet=0.5)
        self.idle_from = time.perf_counter()
        self.idle_ticks = cpu_ticks(self.proc.pid)

    def end(self):
        wait = self.idle_from + IDLE_S - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        ticks = cpu_ticks(self.proc.pid) - self.idle_ticks
        seconds = time.perf_counter() - self.idle_from
        self.result["idle_ticks"] = ticks
        self.result["idle_cpu"] = ticks / CLK_TCK / seconds
        self.result["idle_s"] = seconds
        self.samples.append(memory(self.proc.pid))
        self.result["peak_rss"] = max(s[0] for s in self.samples)
        self.result["peak_pss"] = max(s[1] for s in self.samples)
        self.result["processes"] = len(tree(self.proc.pid))
        self.prog.stop(self.proc)
        return self.result


def mail_latency(entre, screen, count, outdir):
    """Row 6: confirm tap -> message accepted by a loopback SMTP server."""
    from aiosmtpd.controller import Controller

    accepted = []
    lock = threading.Condition()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with lock:
                accepted.append(time.perf_counter())
                lock.notify_all()
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=entre.smtp_port)
    controller.start()
    screen.ensure_wm()
    proc = None
    latencies = []
    per_process = FLOOD_LIMIT * len(UNITS)
    try:
        for i in range(count):
            if i % per_process == 0:
                if proc is not None:
                    entre.stop(proc)
                proc = entre.start(screen, f"mail-{i // per_process}")
                if screen.wait_for(entre.refs["welcome"], time.perf_counter(), 30) is None:
                    raise BenchError("entre (mail): no welcome screen")
                screen.settle(quiet=0.3)
            for x, y in CHECKIN + [UNITS[i % len(UNITS)], OFFICER]:
                screen.tap(x, y)
                screen.wait_damage(5)
                screen.settle(quiet=0.15, limit=3)
            with lock:
                before = len(accepted)
            t0 = screen.tap(*CONFIRM)
            with lock:
                if not lock.wait_for(lambda: len(accepted) > before, timeout=30):
                    screen.save(os.path.join(outdir, "failed-mail.png"))
                    raise BenchError(f"check-in {i + 1}: no mail reached the SMTP server in 30 s")
                latencies.append(accepted[before] - t0)
            screen.settle(quiet=0.15, limit=3)
            screen.tap(*DONE)
            screen.wait_damage(5)
            screen.settle(quiet=0.3, limit=3)
    finally:
        if proc is not None:
            entre.stop(proc)
        controller.stop()
    return latencies


def main():
    global CYCLES, IDLE_S
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entre", required=True, help="the entre binary")
    ap.add_argument("--config", required=True, help="the demo kiosk.toml")
    ap.add_argument("--root", required=True, help="the repository (served to chromium)")
    ap.add_argument("--out", required=True, help="where the JSON goes")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cycles", type=int, default=10, help="flow cycles (4 taps) per run")
    ap.add_argument("--idle", type=float, default=60.0, help="seconds of idle CPU measured")
    ap.add_argument("--checkins", type=int, default=40, help="check-ins for the mail row")
    ap.add_argument("--only", choices=["entre", "chromium"], help="measure one program (to debug)")
    args = ap.parse_args()
    CYCLES, IDLE_S = args.cycles, args.idle
    outdir = os.path.dirname(os.path.abspath(args.out))
    work = tempfile.mkdtemp(prefix="entre-bench-")
    screens, server = [], None
    try:
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port := free_port()), "--directory", args.root],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/bench/baseline/index.html"
        entre_dir = os.path.join(work, "entre")
        chromium_dir = os.path.join(work, "chromium")
        os.makedirs(entre_dir)
        os.makedirs(chromium_dir)
        smtp_port = free_port()
        entre = Entre(args.entre, args.config, entre_dir, smtp_port=smtp_port)
        chromium = Chromium(url, os.path.join(args.root, "bench/baseline/Preferences"), chromium_dir)
        base = 20 + os.getpid() % 50
        screens = [Screen(base), Screen(base + 1)]
        # The mail server must answer during the warm-up too (an arrival
        # mail is never sent there, but the worker may connect).
        programs = [(entre, screens[0]), (chromium, screens[1])]
        if args.only:
            programs = [(p, s) for p, s in programs if p.name == args.only]
        for prog, screen in programs:
            warm_up(prog, screen, outdir)
        results = {"entre": [], "chromium": []}
        for run in range(args.runs):
            order = list(programs)
            if run % 2:
                order.reverse()
            sessions = []
            for prog, screen in order:
                log(f"run {run + 1}/{args.runs}: {prog.name}")
                s = Session(prog, screen, run, outdir)
                s.begin()
                sessions.append(s)
            log(f"run {run + 1}/{args.runs}: idle {IDLE_S:.0f} s")
            for s in sessions:
                results[s.prog.name].append(s.end())
        mail = []
        if args.checkins and args.only != "chromium":
            log(f"mail: {args.checkins} check-ins")
            mail = mail_latency(entre, screens[0], args.checkins, outdir)
        doc = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": {"cpus": os.cpu_count(), "kernel": os.uname().release},
            "runs": args.runs,
            "taps_per_run": len(flow()),
            "chromium_version": subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip(),
            "entre": results["entre"],
            "chromium": results["chromium"],
            "mail_s": mail,
        }
        with open(args.out, "w") as f:
            json.dump(doc, f, indent=1)
    except BenchError as e:
        log(f"FAILED: {e}")
        sys.exit(1)
    finally:
        for s in screens:
            s.close()
        if server:
            server.terminate()
        shutil.rmtree(work, ignore_errors=True)


CYCLES = 10
IDLE_S = 60.0

if __name__ == "__main__":
    main()
