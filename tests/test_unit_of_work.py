"""One unit of work per request: the app commits once, side effects run after the commit
through one guarded dispatcher, and no transaction is open while bytes are stored."""

from __future__ import annotations

import ast
import io
import logging
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

import app.db as app_db
from app import create_app
from app.accounts.models import User
from app.db import db
from app.dossiers.models import Dossier
from app.events import broker
from app.people import services as people_services
from app.portability import dossier_zip
from config import TestConfig as BagageTestConfig
from media.storage import LocalStorage
from tests.conftest import PASSWORD, ApiClient, mailed_code

ROOT = Path(__file__).resolve().parent.parent
APPLICATION_CODE = ("api", "app", "media", "competencies")


@pytest.fixture
def no_retry_pause(monkeypatch):
    monkeypatch.setattr(app_db, "CALLBACK_RETRY_PAUSE", 0)


def test_no_application_code_commits_by_hand():
    """Requests are committed by the app (app.db, api.blueprint); other work uses
    db.unit_of_work() or, with its reason, db.checkpoint(). Nothing else calls commit()."""
    found = []
    for package in APPLICATION_CODE:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "app" / "db.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "commit"
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_a_failing_callback_is_retried_and_logged_and_the_others_still_run(
    app, caplog, no_retry_pause
):
    calls = []

    def announce():
        calls.append("announce")
        raise RuntimeError("the relay is down")

    with app.app_context(), caplog.at_level(logging.WARNING, logger="app.db"):
        db.after_commit(announce)
        db.after_commit(lambda: calls.append("mail"))
        db.commit()

    assert calls == ["announce"] * app_db.CALLBACK_ATTEMPTS + ["mail"]
    assert "announce" in caplog.text and "gave up" in caplog.text


def test_a_request_whose_cleanup_fails_still_succeeds_and_the_stream_is_woken(
    register, jpeg, app, media_root, monkeypatch, caplog, no_retry_pause
):
    api = register("Sanne")
    item = api.upload(jpeg(), title="Rekenles").json
    storage = app.extensions["bagage_storage"]

    def refuse(key):
        raise OSError("the disk is read-only")

    monkeypatch.setattr(storage, "delete", refuse)
    listener = broker.listener(api.dossier_id)
    with caplog.at_level(logging.WARNING, logger="app.db"):
        r = api.delete(f"/api/v1/evidence/{item['id']}")

    assert r.status_code == 204
    assert api.get(f"/api/v1/evidence/{item['id']}").status_code == 404  # committed
    assert listener.wait(0)  # the callback after the failing one ran
    listener.close()
    assert "release_media" in caplog.text and "gave up" in caplog.text


def test_a_failing_handler_leaves_nothing_behind(register, jpeg, media_root):
    api = register("Sanne")
    r = api.upload(b"Dit is gewoon tekst, geen foto.\n" * 10, filename="vakantie.jpg")
    assert r.status_code == 415
    assert api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"] == []


class _HeldStorage(LocalStorage):
    """Local storage that holds every write until the test lets it go."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.writing = threading.Event()
        self.go_on = threading.Event()

    def put_file(self, source: Path, key: str) -> None:
        self.writing.set()
        assert self.go_on.wait(30)
        super().put_file(source, key)


def _own_app(base: Path) -> Flask:
    """An app on its own SQLite file, not inside the tests' one rolled-back transaction
    (which holds SQLite's write lock for the whole test)."""
    config = BagageTestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{base / 'app.sqlite3'}"
    config.MEDIA_ROOT = str(base / "media")
    config.UPLOAD_TMP_DIR = str(base / "tmp")
    own = create_app(config)
    with own.app_context():
        upgrade()
    return own


def _signed_up(own: Flask, email: str = "sanne@example.nl") -> ApiClient:
    api = ApiClient(own, {})
    signup = {"email": email, "password": PASSWORD, "display_name": "Sanne"}
    assert api.http.post("/api/v1/auth/register", json=signup).status_code == 202
    r = api.http.post("/api/v1/auth/verify", json={"email": email, "code": mailed_code(own, email)})
    api.user, api.csrf = r.json, r.json["csrf_token"]
    return api


def _write_elsewhere(database: Path, name: str) -> None:
    """Another writer: it must not find the database locked (it would wait for as long as
    the bytes take, on S3 a whole upload)."""
    other = sqlite3.connect(database, timeout=1)
    try:
        other.execute("UPDATE users SET display_name = ?", (name,))
        other.commit()
    finally:
        other.close()


def test_others_can_write_while_an_upload_is_being_stored(tmp_path, jpeg):
    own = _own_app(tmp_path)
    api = _signed_up(own)
    held = _HeldStorage(tmp_path / "held")
    own.extensions["bagage_storage"] = held

    answers = []
    upload = threading.Thread(target=lambda: answers.append(api.upload(jpeg(), title="Les")))
    upload.start()
    try:
        assert held.writing.wait(30)
        _write_elsewhere(tmp_path / "app.sqlite3", "Sanne de Vries")
    finally:
        held.go_on.set()
        upload.join(60)
    assert answers[0].status_code == 201, answers[0].json
    assert api.get(f"/api/v1/evidence/{answers[0].json['id']}").status_code == 200
    assert api.get("/api/v1/me").json["display_name"] == "Sanne de Vries"


class _SlowBody(io.BytesIO):
    """A request body that sends its first half, then waits until the test lets it go on."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.half = len(data) // 2
        self.waiting = threading.Event()
        self.go_on = threading.Event()

    def read(self, size: int | None = -1) -> bytes:
        position = self.tell()
        if position >= self.half and not self.go_on.is_set():
            self.waiting.set()
            assert self.go_on.wait(30)
        if position < self.half:
            rest = self.half - position
            size = rest if size is None or size < 0 else min(size, rest)
        return super().read(size)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def test_others_can_write_while_a_resumable_chunk_arrives(tmp_path, jpeg):
    own = _own_app(tmp_path)
    api = _signed_up(own)
    photo = jpeg()
    tus = {"Tus-Resumable": "1.0.0"}
    r = api.post("/api/v1/uploads", headers={**tus, "Upload-Length": str(len(photo))})
    assert r.status_code == 201, r.json
    body = _SlowBody(photo)
    headers = {**tus, "Upload-Offset": "0", "Content-Length": str(len(photo)),
               "Content-Type": "application/offset+octet-stream"}  # fmt: skip

    answers = []
    chunk = threading.Thread(
        target=lambda: answers.append(
            api.patch(r.headers["Location"], input_stream=body, headers=headers)
        )
    )
    chunk.start()
    try:
        assert body.waiting.wait(30)
        _write_elsewhere(tmp_path / "app.sqlite3", "Sanne de Vries")
    finally:
        body.go_on.set()
        chunk.join(60)
    assert answers[0].status_code == 204, answers[0].data
    assert answers[0].headers["Bagage-Evidence-Id"]
    assert api.get("/api/v1/me").json["display_name"] == "Sanne de Vries"


def test_a_clash_that_only_the_commit_finds_is_a_conflict_and_nothing_is_kept(
    register, monkeypatch
):
    """Two requests at the same moment: the database refuses this one's row only at the
    commit. The answer is a 409 in the one error shape, not a 500, and nothing is kept."""
    api = register("Sanne")
    real_unsubscribe = people_services.unsubscribe_push

    def unsubscribe_while_someone_signs_up_with_the_same_address(session, user, endpoint):
        real_unsubscribe(session, user, endpoint)
        user.display_name = "Sanne de Vries"
        session.add(User(email=user.email, display_name="Tweede", password_hash="x"))

    monkeypatch.setattr(
        people_services,
        "unsubscribe_push",
        unsubscribe_while_someone_signs_up_with_the_same_address,
    )
    r = api.delete("/api/v1/push/subscriptions", json={"endpoint": "https://push.example/1"})

    assert r.status_code == 409
    assert r.json["error"]["code"] == "conflict" and r.json["error"]["message"]
    assert api.get("/api/v1/me").json["display_name"] == "Sanne"


class _HeldReads(LocalStorage):
    """Local storage that holds every read until the test lets it go."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reading = threading.Event()
        self.go_on = threading.Event()

    def open(self, key: str):
        self.reading.set()
        assert self.go_on.wait(30)
        return super().open(key)


def _in_thread(own: Flask, work) -> tuple[threading.Thread, list]:
    """Run work(session) in a unit of work of its own, as a job does; its outcome is kept."""
    outcome: list = []

    def run() -> None:
        try:
            with own.app_context(), db.unit_of_work() as session:
                outcome.append(work(session))
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_others_can_write_while_an_export_streams_and_an_import_stores_files(tmp_path, jpeg):
    own = _own_app(tmp_path)
    sanne = _signed_up(own)
    assert sanne.upload(jpeg(), title="Les").status_code == 201
    daan = _signed_up(own, "daan@example.nl")
    zip_path = tmp_path / "export.zip"
    held_reads = _HeldReads(Path(own.config["MEDIA_ROOT"]))
    own.extensions["bagage_storage"] = held_reads

    def export(session):
        owner = session.get(User, uuid.UUID(sanne.user["id"]))
        dossier = session.scalars(select(Dossier).where(Dossier.owner_id == owner.id)).one()
        return dossier_zip.write_export(session, dossier, zip_path, lambda percent: None)

    thread, outcome = _in_thread(own, export)
    try:
        assert held_reads.reading.wait(30)
        _write_elsewhere(tmp_path / "app.sqlite3", "Tijdens de export")
    finally:
        held_reads.go_on.set()
        thread.join(60)
    assert isinstance(outcome[0], dict), outcome

    held_writes = _HeldStorage(tmp_path / "held")
    own.extensions["bagage_storage"] = held_writes

    def import_(session):
        user = session.get(User, uuid.UUID(daan.user["id"]))
        return dossier_zip.import_export(
            session, user, zip_path, lambda percent: None, tmp_dir=tmp_path
        )

    thread, outcome = _in_thread(own, import_)
    try:
        assert held_writes.writing.wait(30)
        _write_elsewhere(tmp_path / "app.sqlite3", "Tijdens de import")
    finally:
        held_writes.go_on.set()
        thread.join(60)
    assert isinstance(outcome[0], tuple), outcome
    assert outcome[0][1]["evidence"] == 1
