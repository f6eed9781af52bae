"""A live Bagage server for tests that need real HTTP (tus clients, browsers).

It is its own app with its own media and temp folders, served by Werkzeug in a daemon
thread. Its database is DATABASE_URL when set (CI's PostgreSQL run; its rows are committed
for real, under unique e-mail addresses) and otherwise a SQLite file of its own. It can be
stopped and started again on the same port with the same data, which is what a server
restart looks like to a client.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import BaseWSGIServer, make_server

from app import create_app
from config import TestConfig, normalize_database_url


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
