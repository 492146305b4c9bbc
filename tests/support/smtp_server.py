#!/usr/bin/python3
"""A real SMTP server for Entré's integration tests, built on aiosmtpd.

Listens on 127.0.0.1 only. Every accepted message becomes DIR/<n>.eml (the
raw bytes of the DATA phase, dot-unstuffed) and DIR/<n>.json (the envelope).
Both are written to a hidden temporary name and renamed into place, the
.json first, so a reader that sees <n>.eml also sees its <n>.json.

Prints exactly one line, "READY <port>", to stdout once it accepts
connections, then serves until killed. Errors go to stderr.

Run by tests/common/smtp.rs; see tests/support/README.md.
"""

import argparse
import asyncio
import json
import logging
import os
import ssl
import sys
import threading
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, maildir, reject_rcpt, implicit_tls, data_delay=0.0):
        self.maildir = maildir
        self.reject_rcpt = reject_rcpt
        self.implicit_tls = implicit_tls
        self.data_delay = data_delay
        # After a restart on the same maildir, carry on numbering.
        numbers = [
            int(name[:-4])
            for name in os.listdir(maildir)
            if name.endswith(".eml") and name[:-4].isdigit()
        ]
        self.next = max(numbers, default=0) + 1

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt and self.reject_rcpt in address:
            return "550 5.1.1 Recipient rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # No await until both files are in place: numbering stays unique.
        n = self.next
        self.next += 1
        user = None
        if isinstance(session.auth_data, LoginPassword):
            user = session.auth_data.login.decode("utf-8", "replace")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "tls": bool(self.implicit_tls or session.ssl is not None),
            "auth_user": user,
        }
        self._put(f"{n}.json", json.dumps(meta, ensure_ascii=True).encode("ascii"))
        self._put(f"{n}.eml", envelope.original_content)
        if self.data_delay > 0:
            # A slow relay: the message is kept already, the answer is late
            # (a client that gives up now has still handed it over).
            await asyncio.sleep(self.data_delay)
        return "250 2.0.0 Message accepted"

    def _put(self, name, data):
        tmp = os.path.join(self.maildir, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(self.maildir, name))


def authenticator_for(user, password):
    want = (user.encode("utf-8"), password.encode("utf-8"))

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            mechanism in ("PLAIN", "LOGIN")
            and isinstance(auth_data, LoginPassword)
            and (auth_data.login, auth_data.password) == want
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return authenticate


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--maildir", required=True)
    p.add_argument("--mode", choices=("plain", "starttls", "tls"), default="plain")
    p.add_argument("--cert", help="PEM certificate (starttls, tls)")
    p.add_argument("--key", help="PEM private key (starttls, tls)")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH PLAIN/LOGIN")
    p.add_argument("--reject-rcpt", metavar="SUBSTRING", help="550 for such recipients")
    p.add_argument(
        "--data-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="keep each message at once, answer the end of DATA this much later",
    )
    p.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="exit when stdin closes (the test process died)",
    )
    args = p.parse_args()
    if args.mode != "plain" and not (args.cert and args.key):
        p.error(f"--mode {args.mode} needs --cert and --key")
    if args.auth is not None and ":" not in args.auth:
        p.error("--auth wants USER:PASSWORD")
    return args


async def serve(args):
    loop = asyncio.get_running_loop()
    os.makedirs(args.maildir, exist_ok=True)
    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    handler = Handler(args.maildir, args.reject_rcpt, args.mode == "tls", args.data_delay)
    authenticator = None
    if args.auth is not None:
        authenticator = authenticator_for(*args.auth.split(":", 1))

    def factory():
        return SMTP(
            handler,
            # An explicit name: socket.getfqdn() can stall on DNS.
            hostname="localhost",
            tls_context=context if args.mode == "starttls" else None,
            authenticator=authenticator,
            auth_required=authenticator is not None,
            # aiosmtpd only counts STARTTLS as TLS. With implicit TLS the
            # connection is encrypted anyway; in plain mode tests may
            # authenticate in the clear.
            auth_require_tls=args.mode == "starttls",
            loop=loop,
        )

    server = await loop.create_server(
        factory,
        host="127.0.0.1",
        port=args.port,
        ssl=context if args.mode == "tls" else None,
    )
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"READY {port}\n")
    sys.stdout.flush()
    await asyncio.Event().wait()


def main():
    args = parse_args()
    # AUTH over plain text is deliberate here, and aiosmtpd warns about its
    # own deprecations: keep stderr for real problems.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    if args.exit_on_stdin_eof:

        def watch():
            try:
                sys.stdin.buffer.read()
            finally:
                os._exit(0)

        threading.Thread(target=watch, daemon=True).start()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
