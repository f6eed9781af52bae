"""Background processing: retries end in a readable failure, jobs are idempotent, and the
real queue (SQLite embedded, Redis scaled out) survives a worker killed mid-job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from huey.storage import RedisStorage, SqliteStorage

from app.accounts.services import register_user
from app.db import db
from app.dossiers.models import Dossier, Evidence
from app.dossiers.services import NewEvidence, create_evidence
from app.jobs import huey
from media import services as media_services
from media.services import FAILED_REASON, process_evidence
from media.uploads import spool_upload
from media.variants import MediaProcessingError
from tests import media_files
from tests.conftest import fetch
from tests.live import LiveServer
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


def test_a_job_that_keeps_failing_ends_failed_with_a_reason_and_keeps_the_original(
    register, jpeg, storage, monkeypatch, app
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(media_services, "load_photo", broken)
    api = register("Sanne")
    photo = jpeg()
    item = api.upload(photo, title="Pech").json
    assert item["status"] == "pending"  # the first try failed; a retry is scheduled
    with app.app_context():
        with pytest.raises(RuntimeError):
            process_evidence(uuid.UUID(item["id"]), final_attempt=False)
        process_evidence(uuid.UUID(item["id"]), final_attempt=True)
    shown = api.get(f"/api/v1/evidence/{item['id']}").json
    assert shown["status"] == "failed"
    assert shown["status_reason"] == FAILED_REASON
    assert fetch(api, shown["media"]["original"]["url"]).data == photo
    assert set(shown["media"]) == {"original"}


def test_a_file_that_cannot_be_converted_fails_at_once(register, tmp_path, monkeypatch):
    def no_picture(*_args, **_kwargs):
        raise MediaProcessingError("No picture could be taken from this video.")

    monkeypatch.setattr(media_services, "video_frame", no_picture)
    api = register("Sanne")
    clip = media_files.make_video(tmp_path / "c.mp4", seconds=1)
    item = api.upload(clip.read_bytes(), filename="c.mp4").json
    assert item["status"] == "failed"
    assert item["status_reason"] == "No picture could be taken from this video."


def test_processing_twice_changes_nothing(register, jpeg, app):
    api = register("Sanne")
    item = api.upload(jpeg()).json
    with app.app_context():
        before = sorted(
            m["id"] for m in api.get(f"/api/v1/evidence/{item['id']}").json["media"].values()
        )
        process_evidence(uuid.UUID(item["id"]), final_attempt=True)
    after = sorted(
        m["id"] for m in api.get(f"/api/v1/evidence/{item['id']}").json["media"].values()
    )
    assert before == after


# --- the real queue -------------------------------------------------------------------


@pytest.fixture(autouse=False)
def standalone(tmp_path):
    """An app with its own SQLite database that a separate worker process can share."""
    return LiveServer(tmp_path)


@pytest.fixture
def real_queue(request, tmp_path):
    """Switch the in-process queue from eager to a real storage, as production runs."""
    kind = request.param
    name = f"bagage-test-{uuid.uuid4().hex[:8]}"
    env = {}
    if kind == "sqlite":
        path = tmp_path / "jobs.sqlite3"
        storage = SqliteStorage(name, filename=str(path))
        env["JOBS_SQLITE_PATH"] = str(path)
    else:
        storage = RedisStorage(name, url="redis://127.0.0.1:6379/0")
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    env["JOBS_QUEUE_NAME"] = name
    huey.immediate = False
    huey.storage = storage
    yield env
    storage.flush_all()
    huey.immediate = True  # back to eager (in-memory) for the other tests


def _start_worker(
    live: LiveServer, queue_env: dict, *, threads: int = 1, logfile: Path | None = None
) -> subprocess.Popen:
    config = live.app.config
    env = {
        **os.environ,
        **queue_env,
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "MEDIA_ROOT": config["MEDIA_ROOT"],
        "UPLOAD_TMP_DIR": config["UPLOAD_TMP_DIR"],
        "BAGAGE_INSTANCE_DIR": str(Path(config["MEDIA_ROOT"]).parent),
    }
    consumer = Path(sys.executable).parent / "huey_consumer"
    return subprocess.Popen(
        [
            str(consumer),
            "app.worker.huey",
            "--workers",
            str(threads),
            "--worker-type",
            "thread",
            "--delay",
            "0.1",
            *(["--logfile", str(logfile)] if logfile else []),
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        worker.wait(timeout=30)


def _capture(live: LiveServer, path: Path, filename: str) -> uuid.UUID:
    with live.app.app_context():
        user = register_user(
            db.session(), email=f"{uuid.uuid4().hex[:8]}@example.nl",
            password="correct horse battery", display_name="Sanne",
        )  # fmt: skip
        dossier = db.session.query(Dossier).filter_by(owner_id=user.id).one()
        upload = spool_upload(
            path.open("rb"), filename=filename, tmp_dir=Path(live.app.config["UPLOAD_TMP_DIR"]),
            max_bytes=10**9,
        )  # fmt: skip
        evidence, _ = create_evidence(db.session(), user, dossier, NewEvidence(), upload)
        db.commit()  # the job is enqueued now, after the commit
        upload.discard()
        return evidence.id


def _state(live: LiveServer, evidence_id: uuid.UUID) -> Evidence:
    with live.app.app_context():
        db.session.expire_all()
        evidence = db.session.get(Evidence, evidence_id)
        db.session.expunge(evidence)
        return evidence


def _wait_for(live, evidence_id, predicate, timeout=90) -> Evidence:
    def reached() -> Evidence | None:
        evidence = _state(live, evidence_id)
        return evidence if predicate(evidence) else None

    return wait_until(reached, timeout=timeout, every=0.2, what=f"evidence {evidence_id}")


@pytest.mark.parametrize("real_queue", ["sqlite", "redis"], indirect=True)
def test_a_worker_process_does_the_job_from_the_queue(standalone, real_queue, tmp_path):
    import random

    from app.demo import demo_photo

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(demo_photo(random.Random(5), (1200, 900)))
    evidence_id = _capture(standalone, photo, "photo.jpg")
    assert _state(standalone, evidence_id).status == "pending"  # nothing ran in-process
    worker = _start_worker(standalone, real_queue)
    try:
        done = _wait_for(standalone, evidence_id, lambda e: e.status != "pending")
    finally:
        _stop(worker)
    assert done.status == "ready"


@pytest.mark.parametrize("real_queue", ["sqlite"], indirect=True)
def test_a_threaded_worker_starting_with_jobs_waiting_does_each_at_the_first_attempt(
    standalone, real_queue, tmp_path
):
    """Its threads all take a job at once and need the worker's app at the same moment (as
    `scripts/run-dev.sh` runs it): no job may fail for that and wait for a retry."""
    import random

    from app.demo import demo_photo

    waiting = []
    for number in range(6):
        photo = tmp_path / f"photo-{number}.jpg"
        photo.write_bytes(demo_photo(random.Random(number), (320, 240)))
        waiting.append(_capture(standalone, photo, photo.name))
    log = tmp_path / "worker.log"
    worker = _start_worker(standalone, real_queue, threads=4, logfile=log)
    try:
        done = [_wait_for(standalone, e, lambda e: e.status != "pending") for e in waiting]
    finally:
        _stop(worker)
    assert [e.status for e in done] == ["ready"] * len(waiting)
    assert [e.processing_attempts for e in done] == [1] * len(waiting)
    # Every attempt, also one that failed before the job's own code ran, is in the log.
    lines = log.read_text().splitlines()
    assert not [line for line in lines if "Unhandled exception" in line or "Requeueing" in line]
    assert sum("Executing media.services.process_evidence_task" in line for line in lines) == 6
