"""With several web processes, a live event published through one reaches a client of
another, through Redis pub/sub."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import PASSWORD, _free_port
from tests.live import LiveServer, database_url
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _transaction():
    """This test talks to its own server processes only."""
    yield


def _serve(port: int, env: dict, log: Path) -> subprocess.Popen:
    flask = Path(sys.executable).parent / "flask"
    return subprocess.Popen(
        [str(flask), "run", "--port", str(port), "--no-reload", "--no-debugger", "--with-threads"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
        start_new_session=True,
    )  # fmt: skip


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    # A loaded machine may take a while to import the app; a crash is reported at once.
    def answers() -> bool:
        if server.poll() is not None:
            raise AssertionError(f"{url} stopped:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            return requests.get(url + "/api/v1/openapi.json", timeout=1).ok
        except requests.ConnectionError:
            return False

    wait_until(answers, timeout=90, every=0.1, what=f"{url} to answer")


def test_an_event_through_one_process_reaches_a_client_of_another(tmp_path):
    live = LiveServer(tmp_path)  # migrates the shared database; its own server is not used
    config = live.app.config
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": database_url() or config["SQLALCHEMY_DATABASE_URI"],
        "MEDIA_ROOT": config["MEDIA_ROOT"],
        "UPLOAD_TMP_DIR": config["UPLOAD_TMP_DIR"],
        "BAGAGE_INSTANCE_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 40,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        # Without Redis the second process would only look again after a minute.
        "LIVE_KEEPALIVE_SECONDS": "60",
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
    }
    ports = _free_port(), _free_port()
    ports = ports if ports[0] != ports[1] else (ports[0], _free_port())
    logs = [tmp_path / f"server-{port}.log" for port in ports]
    servers = [_serve(port, env, log) for port, log in zip(ports, logs, strict=True)]
    try:
        one, two = (f"http://127.0.0.1:{port}" for port in ports)
        for url, server, log in zip((one, two), servers, logs, strict=True):
            _wait_until_up(url, server, log)
        http = requests.Session()
        account = {"email": f"live-{time.time_ns()}@example.nl", "password": PASSWORD}
        http.post(f"{one}/api/v1/auth/register", json={**account, "display_name": "Daan"})
        # Not verified yet, which is enough for one's own dossier.
        me = http.post(f"{one}/api/v1/auth/login", json=account).json()
        token = http.post(f"{one}/api/v1/auth/tokens", json={"name": "t"},
                          headers={"X-CSRF-Token": me["csrf_token"]}).json()["token"]  # fmt: skip
        auth = {"Authorization": f"Bearer {token}"}
        dossier = me["dossiers"][0]["id"]

        received: list[dict] = []
        listening = threading.Event()
        stream = requests.get(f"{two}/api/v1/dossiers/{dossier}/events", headers=auth,
                              stream=True, timeout=90)  # fmt: skip
        assert stream.status_code == 200

        def read() -> None:
            kind = None
            for line in stream.iter_lines(decode_unicode=True):
                listening.set()  # the stream's first line: process two is serving it
                if line and line.startswith("event: "):
                    kind = line[len("event: ") :]
                if line and line.startswith("data: ") and kind != "ready":
                    received.append(json.loads(line[len("data: ") :]))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert listening.wait(timeout=30), "the stream on process two never started"
        created = requests.post(f"{one}/api/v1/dossiers/{dossier}/evidence", headers=auth,
                                data={"title": "Via proces één"}, timeout=30).json()  # fmt: skip
        reader.join(timeout=30)
        stream.close()
        assert received and received[0]["id"] == created["id"]
        assert received[0]["kind"] == "evidence_created"
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
