"""A live Bagage server for tests that need real HTTP (tus clients, browsers).

It is its own app with its own SQLite file, media folder and temp folder, served by
Werkzeug in a daemon thread. It can be stopped and started again on the same port with the
same data, which is what a server restart looks like to a client.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import BaseWSGIServer, make_server

from app import create_app
from config import TestConfig


class LiveServer:
    def __init__(self, base: Path, **overrides) -> None:
        config = TestConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{base / 'live.sqlite3'}"
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
