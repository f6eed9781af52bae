"""A live Bagage server for tests that need real HTTP (tus clients, browsers).

It is its own app with its own media and temp folders, served by Werkzeug in a daemon
thread. Its database is DATABASE_URL when set (CI's PostgreSQL run; its rows are committed
for real, under unique e-mail addresses) and otherwise a SQLite file of its own. It can be
stopped and started again on the same port with the same data, which is what a server
restart looks like to a client.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import BaseWSGIServer, make_server

from app import create_app
from config import TestConfig, normalize_database_url
from tests.waiting import wait_until

#: Every live server of this test run, and the SMTP inboxes tests pointed them at: where
#: mailed_code() looks for the code a sign-up mailed.
SERVERS: list[LiveServer] = []
SMTP_INBOXES: list[list] = []


def _bodies_to(address: str):
    address = address.strip().lower()
    for server in SERVERS:
        for mail in list(server.app.extensions.get("mail_outbox", [])):
            if mail["to"].lower() == address:
                yield mail["body"]
    for inbox in SMTP_INBOXES:
        for message in list(inbox):
            if message["To"].lower() == address:
                yield message.get_payload(decode=True).decode()


def mailed_code(address: str, timeout: float = 10) -> str:
    """The newest 6-digit verification code mailed to the address (mail goes out right after
    the request's commit, so it may take a moment)."""

    def codes() -> list[str]:
        return [m.group(1) for body in _bodies_to(address)
                if (m := re.search(r"\b(\d{6})\b", body))]  # fmt: skip

    return wait_until(codes, timeout=timeout, what=f"a code mailed to {address}")[-1]


def database_url() -> str | None:
    url = os.environ.get("DATABASE_URL")
    return normalize_database_url(url) if url else None


class LiveServer:
    def __init__(self, base: Path, **overrides) -> None:
        config = TestConfig()
        config.SQLALCHEMY_DATABASE_URI = database_url() or f"sqlite:///{base / 'live.sqlite3'}"
        config.MEDIA_ROOT = str(base / "media")
        config.UPLOAD_TMP_DIR = str(base / "tmp")
        for key, value in overrides.items():
            setattr(config, key, value)
        self.app: Flask = create_app(config)
        SERVERS.append(self)
        with self.app.app_context():
            upgrade()
        self.port = 0
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self._server = None

    def restart(self) -> None:
        self.stop()
        self.start()
