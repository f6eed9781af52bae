"""Liveness and readiness as a load balancer sees them, and the worker's heartbeat.

Readiness looks at a database of its own (the suite's shared one is held by each test's
open transaction), so these tests use apps with their own databases and stores.
"""

from __future__ import annotations

import json
import shutil
import socket
from datetime import timedelta

import pytest
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.db import db
from app.health import _scripts, beat
from config import TestConfig as AppConfig
from config import normalize_database_url
from media.storage import LocalStorage, S3Storage
from tests.conftest import _free_port, make_s3_storage
from tests.live import LiveServer
from tests.test_jobs import _start_worker, _stop, real_queue  # noqa: F401 - a fixture
from tests.waiting import wait_until

CHECKS = {"database", "migrations", "queue", "storage"}


def _ready(app):
    response = app.test_client().get("/readyz")
    assert response.status_code in (200, 503), response.data
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    return response


def _own_sqlite_app(tmp_path, migrated=True):
    """An app on a SQLite file of its own, migrated to head (also in the PostgreSQL run:
    stamping or breaking the shared database would break the other tests)."""
    config = AppConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'own.sqlite3'}"
    config.MEDIA_ROOT = str(tmp_path / "media")
    config.UPLOAD_TMP_DIR = str(tmp_path / "tmp")
    app = create_app(config)
    if migrated:
        with app.app_context():
            upgrade()
    return app


def test_healthz_answers_without_a_database_or_a_cookie(tmp_path):
    config = AppConfig()
    config.SQLALCHEMY_DATABASE_URI = normalize_database_url(
        f"postgresql://nobody@127.0.0.1:{_free_port()}/none"
    )
    config.MEDIA_ROOT = str(tmp_path / "media")
    config.UPLOAD_TMP_DIR = str(tmp_path / "tmp")
    response = create_app(config).test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_when_everything_answers(tmp_path):
    live = LiveServer(tmp_path)
    response = _ready(live.app)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["status"] == "ready"
    assert body["checks"] == dict.fromkeys(CHECKS, "ok")
    assert set(body["worker"]) >= {"last_heartbeat", "age_seconds", "alive"}


def test_readyz_is_not_throttled(tmp_path):
    live = LiveServer(tmp_path)
    client = live.app.test_client()
    assert all(client.get("/readyz").status_code == 200 for _ in range(30))


def test_a_missing_or_stale_worker_is_a_warning_not_unready(tmp_path, frozen):
    app = _own_sqlite_app(tmp_path)
    body = _ready(app).json
    assert body["status"] == "ready"
    assert body["worker"] == {
        "last_heartbeat": None, "age_seconds": None, "alive": 0, "warning": "no worker heartbeat",
    }  # fmt: skip

    with app.app_context():
        beat()  # as a worker's maintenance loop does
    body = _ready(app).json
    assert body["worker"]["alive"] == 1 and "warning" not in body["worker"]

    frozen["now"] += timedelta(seconds=app.config["WORKER_STALE_AFTER_SECONDS"] + 1)
    response = _ready(app)
    assert response.status_code == 200
    assert response.json["worker"]["alive"] == 0
    assert response.json["worker"]["warning"] == "worker heartbeat stale"
    result = app.test_cli_runner().invoke(args=["worker-status"])
    assert result.exit_code == 1
    assert "STALE" in result.output


def test_an_unreachable_database_makes_it_unready_without_naming_the_host(tmp_path):
    port = _free_port()
    config = AppConfig()
    config.SQLALCHEMY_DATABASE_URI = normalize_database_url(
        f"postgresql://secretuser:hunter2@127.0.0.1:{port}/gone"
    )
    config.MEDIA_ROOT = str(tmp_path / "media")
    config.UPLOAD_TMP_DIR = str(tmp_path / "tmp")
    response = _ready(create_app(config))
    assert response.status_code == 503
    body = response.json
    assert body["status"] == "unready"
    assert body["checks"]["database"] == "unreachable"
    assert body["checks"]["migrations"] == "unknown"
    assert body["checks"]["storage"] == "ok"
    text = json.dumps(body)
    for secret in ("127.0.0.1", str(port), "secretuser", "hunter2", "gone"):
        assert secret not in text


def test_a_database_behind_the_migrations_makes_it_unready(tmp_path):
    app = _own_sqlite_app(tmp_path, migrated=False)
    directory = app.extensions["migrate"].directory
    (head,), _known = _scripts(directory)
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    previous = ScriptDirectory.from_config(config).get_revision(head).down_revision
    with app.app_context():
        upgrade(revision=previous)  # the code was deployed, its migration not yet run
    response = _ready(app)
    assert response.status_code == 503
    assert response.json["checks"]["migrations"] == "behind"
    assert response.json["checks"]["database"] == "ok"

    with app.app_context():
        upgrade()  # brought to head, it is ready again
    assert _ready(app).status_code == 200

    with app.app_context():  # migrated by newer code (a release rolled back)
        db.session.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed0001'"))
        db.commit()
    response = _ready(app)
    assert response.status_code == 503
    assert response.json["checks"]["migrations"] == "ahead"


def test_an_unreachable_queue_makes_it_unready(tmp_path):
    port = _free_port()
    app = _own_sqlite_app(tmp_path)
    # Set after the app is made: the live-events broker, one per process, keeps the first
    # Redis it is given and must not be pointed at a closed port for the rest of the run.
    app.config["REDIS_URL"] = f"redis://:hunter2@127.0.0.1:{port}/0"
    response = _ready(app)
    assert response.status_code == 503
    assert response.json["checks"]["queue"] == "unreachable"
    assert response.json["checks"]["database"] == "ok"
    assert str(port) not in response.get_data(as_text=True)
    assert "hunter2" not in response.get_data(as_text=True)


def test_a_queue_that_never_answers_is_given_up_on(tmp_path):
    app = _own_sqlite_app(tmp_path)
    app.config["READY_CHECK_TIMEOUT_SECONDS"] = 1
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app.config["REDIS_URL"] = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        response = _ready(app)
    assert response.status_code == 503
    assert response.json["checks"]["queue"] in ("timeout", "unreachable")
    assert response.json["checks"]["database"] == "ok"


def test_a_reachable_redis_queue_is_ready(tmp_path):
    app = _own_sqlite_app(tmp_path)
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/14"  # after: see above
    response = _ready(app)
    assert response.json["checks"]["queue"] == "ok"


def test_a_media_folder_that_cannot_be_written_makes_it_unready(tmp_path):
    app = _own_sqlite_app(tmp_path)
    root = tmp_path / "media-gone"
    app.extensions["bagage_storage"] = LocalStorage(root)
    shutil.rmtree(root)
    root.write_text("a file where the folder was")  # unwritable also for root
    response = _ready(app)
    assert response.status_code == 503
    assert response.json["checks"]["storage"] == "unreachable"
    assert response.json["checks"]["database"] == "ok"


def test_s3_storage_is_ready_with_its_bucket_and_unready_without(tmp_path, s3_endpoint):
    app = _own_sqlite_app(tmp_path)
    app.extensions["bagage_storage"] = make_s3_storage(s3_endpoint)
    assert _ready(app).json["checks"]["storage"] == "ok"

    app.extensions["bagage_storage"] = S3Storage(
        "no-such-bucket", endpoint_url=s3_endpoint, region="us-east-1",
        access_key="testing", secret_key="testing",
    )  # fmt: skip
    response = _ready(app)
    assert response.status_code == 503
    assert response.json["checks"]["storage"] == "unreachable"
    assert "no-such-bucket" not in response.get_data(as_text=True)


@pytest.mark.parametrize("real_queue", ["sqlite"], indirect=True)
def test_a_running_worker_reports_its_heartbeat(tmp_path, real_queue):  # noqa: F811
    live = LiveServer(tmp_path)
    client = live.app.test_client()
    worker = _start_worker(live, {**real_queue, "WORKER_HEARTBEAT_SECONDS": "1"})
    try:

        def heard() -> dict | None:
            report = client.get("/readyz").json["worker"]
            return report if report["alive"] >= 1 else None

        report = wait_until(heard, timeout=60, what="a worker heartbeat in /readyz")
        # No bound on its age here: on a busy machine a beat can come late; "alive" says enough.
        assert "warning" not in report
        first = report["last_heartbeat"]
        # It keeps beating while the worker lives.
        wait_until(
            lambda: client.get("/readyz").json["worker"]["last_heartbeat"] > first,
            timeout=30,
            what="a newer heartbeat",
        )
        result = live.app.test_cli_runner().invoke(args=["worker-status"])
        assert result.exit_code == 0, result.output
        assert f":{worker.pid} " in result.output
        assert "last heartbeat" in result.output
    finally:
        _stop(worker)
