"""Redis goes down under a running instance: a capture, an export and an invitation still
answer with success (the data is saved, the work waits in the outbox), and once Redis is
back each is done exactly once.

Everything runs as in production, in processes of its own: a web server and a queue worker
on a Redis of this test's own (on a free port, so it can be stopped), with mail going to an
SMTP server in the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import func, select

from app.db import db
from app.demo import demo_photo
from app.dossiers.models import Evidence
from app.outbox import OutboxMessage
from app.people.models import Invitation
from app.portability.models import DataJob
from tests.conftest import PASSWORD, _free_port, smtp_server
from tests.live import LiveServer, database_url
from tests.test_jobs import _start_worker, _stop
from tests.test_live_redis import _serve, _wait_until_up
from tests.waiting import wait_until

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

#: How long the work may take once Redis is back: the relay runs every second here, so
#: this is mostly the worker doing the work itself on a busy machine.
BACK_WITHIN = 60

pytestmark = pytest.mark.skipif(
    not Path(REDIS_SERVER).exists(), reason="redis-server is not installed"
)


@pytest.fixture(autouse=True)
def _transaction():
    """This test talks to its own processes and reads their committed rows."""
    yield


class RedisProcess:
    """A redis-server of this test's own that keeps nothing on disk; stop and start it again
    on the same port to play an outage."""

    def __init__(self, tmp: Path) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp = tmp
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.tmp)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait_until(answers, timeout=20, every=0.05, what="redis-server to answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


@pytest.fixture
def smtp():
    """aiosmtpd on a free port: the mail the worker sends ends up in this list."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def instance(tmp_path, smtp):
    """A web server and a worker on their own Redis; yields (live, redis, web url, inbox)."""
    live = LiveServer(tmp_path)  # migrates the database; its rows are read from here
    config = live.app.config
    smtp_port, inbox = smtp
    own_redis = RedisProcess(tmp_path)
    own_redis.start()
    env = {
        "REDIS_URL": own_redis.url,
        "JOBS_QUEUE_NAME": f"bagage-faults-{uuid.uuid4().hex[:8]}",
        "SECRET_KEY": "x" * 40,
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_STARTTLS": "0",
        "OUTBOX_RELAY_INTERVAL_SECONDS": "1",
        "OUTBOX_RELAY_GRACE_SECONDS": "1",
    }
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "web.log"
    web = _serve(
        port,
        {
            **os.environ,
            **env,
            "FLASK_APP": "wsgi.py",
            "DATABASE_URL": database_url() or config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": config["MEDIA_ROOT"],
            "UPLOAD_TMP_DIR": config["UPLOAD_TMP_DIR"],
            "BAGAGE_INSTANCE_DIR": str(tmp_path),
        },
        log,
    )
    worker = _start_worker(live, env, threads=2, logfile=tmp_path / "worker.log")
    try:
        _wait_until_up(url, web, log)
        yield live, own_redis, url, inbox
    finally:
        _stop(worker)
        _stop(web)
        own_redis.stop()


def _sign_up(url: str) -> tuple[requests.Session, dict, str, str]:
    http = requests.Session()
    account = {"email": f"faults-{time.time_ns()}@example.nl", "password": PASSWORD}
    assert http.post(f"{url}/api/v1/auth/register",
                     json={**account, "display_name": "Daan"}).ok  # fmt: skip
    me = http.post(f"{url}/api/v1/auth/login", json=account).json()
    token = http.post(f"{url}/api/v1/auth/tokens", json={"name": "t"},
                      headers={"X-CSRF-Token": me["csrf_token"]}).json()["token"]  # fmt: skip
    return http, {"Authorization": f"Bearer {token}"}, me["dossiers"][0]["id"], account["email"]


def _rows(live: LiveServer, statement):
    with live.app.app_context():
        try:
            return db.session.execute(statement).all()
        finally:
            db.session.remove()


def test_capture_export_and_invitation_while_redis_is_down_are_each_done_once_it_is_back(
    instance, tmp_path
):
    import random

    live, own_redis, url, inbox = instance
    http, auth, dossier, email = _sign_up(url)
    invitee = f"stagebegeleider-{uuid.uuid4().hex[:8]}@example.nl"

    own_redis.stop()
    photo = demo_photo(random.Random(3), (640, 480))
    captured = http.post(
        f"{url}/api/v1/dossiers/{dossier}/evidence", headers=auth, timeout=30,
        data={"title": "Tijdens de storing"}, files={"file": ("photo.jpg", photo, "image/jpeg")},
    )  # fmt: skip
    assert captured.status_code == 201, captured.text
    assert captured.json()["status"] == "pending"  # "wordt verwerkt"
    export = http.post(f"{url}/api/v1/dossiers/{dossier}/exports", headers=auth, timeout=30)
    assert export.status_code == 202, export.text
    assert export.json()["status"] == "queued"
    grants = f"{url}/api/v1/dossiers/{dossier}/grants"
    asked = {"email": invitee, "scopes": ["view"], "role": "mentor"}
    invited = http.post(grants, json=asked, headers=auth, timeout=30)
    assert invited.status_code == 201, invited.text
    retried = http.post(grants, json=asked, headers=auth, timeout=30)  # "did it go?"
    assert retried.status_code == 201, retried.text
    assert retried.json()["invitation"]["id"] == invited.json()["invitation"]["id"]
    # The login throttle counts in Redis too; without it, it counts in memory.
    login = {"email": email, "password": "niet goed"}
    assert requests.post(f"{url}/api/v1/auth/login", json=login, timeout=30).status_code == 401

    waiting = _rows(live, select(OutboxMessage.task).where(OutboxMessage.delivered_at.is_(None)))
    assert sorted(task for (task,) in waiting) == [
        "app.mail.send_mail_task",
        "app.portability.services.run_export_task",
        "media.services.first_thumbnail_task",
        "media.services.process_evidence_task",
    ]
    assert [m for m in inbox if m["To"] == invitee] == []

    own_redis.start()  # empty: what was queued before the outage is gone, the outbox is not
    evidence_id, job_id = uuid.UUID(captured.json()["id"]), uuid.UUID(export.json()["id"])

    def all_done() -> bool:
        [(photo_status,)] = _rows(live, select(Evidence.status).where(Evidence.id == evidence_id))
        [(export_status,)] = _rows(live, select(DataJob.status).where(DataJob.id == job_id))
        mailed = [m for m in inbox if m["To"] == invitee]
        return photo_status == "ready" and export_status == "done" and len(mailed) >= 1

    wait_until(all_done, timeout=BACK_WITHIN, every=0.2, what="the work done after the outage")
    undelivered = select(OutboxMessage.id).where(OutboxMessage.delivered_at.is_(None))
    wait_until(lambda: not _rows(live, undelivered), timeout=BACK_WITHIN, what="an empty outbox")
    assert len([m for m in inbox if m["To"] == invitee]) == 1
    assert _rows(live, select(func.count(Invitation.id)).where(Invitation.email == invitee)) == [
        (1,)
    ]
    download = http.get(f"{url}/api/v1/jobs/{job_id}/download", headers=auth, timeout=30)
    assert download.status_code == 200
    item = http.get(f"{url}/api/v1/evidence/{evidence_id}", headers=auth, timeout=30).json()
    assert item["status"] == "ready" and "thumbnail" in item["media"]
