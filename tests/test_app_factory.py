"""The app factory can run more than once in one process: tests, live servers and the
threads of a queue worker each make an app, and no app may see another's routes or spec."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from app import create_app
from config import TestConfig as BagageTestConfig
from tests.conftest import PASSWORD, mails_to


def _make_app(base: Path, cookie: str) -> Flask:
    config = BagageTestConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{base / 'app.sqlite3'}"
    config.MEDIA_ROOT = str(base / "media")
    config.UPLOAD_TMP_DIR = str(base / "tmp")
    config.SESSION_COOKIE_NAME = cookie
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def test_two_apps_made_in_one_process_each_serve_their_own_requests(tmp_path):
    first = _make_app(tmp_path / "first", "first_session")
    second = _make_app(tmp_path / "second", "second_session")

    for app, cookie in ((first, "first_session"), (second, "second_session")):
        client = app.test_client()
        assert client.get("/api/v1/me").status_code == 401
        spec = client.get("/api/v1/openapi.json").json
        # Each app documents its own settings: the specs are not one shared object.
        assert spec["components"]["securitySchemes"]["session"]["name"] == cookie
        assert client.get("/api/v1/docs").status_code == 200

    signup = {"email": "anna@example.nl", "password": PASSWORD, "display_name": "Anna"}
    assert first.test_client().post("/api/v1/auth/register", json=signup).status_code == 202
    assert len(mails_to(first, "anna@example.nl")) == 1
    assert mails_to(second, "anna@example.nl") == []


def test_apps_made_at_the_same_moment_in_several_threads_all_work(tmp_path):
    apps: list[Flask] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def make(number: int) -> None:
        config = BagageTestConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / f'{number}.sqlite3'}"
        config.MEDIA_ROOT = str(tmp_path / f"media-{number}")
        config.UPLOAD_TMP_DIR = str(tmp_path / f"tmp-{number}")
        start.wait()
        try:
            apps.append(create_app(config))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=make, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    specs = [app.test_client().get("/api/v1/openapi.json").json for app in apps]
    assert len(specs) == 4
    assert all(spec == specs[0] for spec in specs)
    assert len(specs[0]["paths"]) > 50


def test_the_threads_of_a_worker_share_one_app_made_once(tmp_path, monkeypatch):
    from app import jobs

    made: list[Flask] = []

    def make_worker_app() -> Flask:
        config = BagageTestConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        config.MEDIA_ROOT = str(tmp_path / "media")
        config.UPLOAD_TMP_DIR = str(tmp_path / "tmp")
        made.append(create_app(config))
        return made[-1]

    monkeypatch.setattr(jobs, "_app_factory", make_worker_app)
    monkeypatch.setattr(jobs, "_worker_app", None)
    seen: list[Flask] = []
    start = threading.Barrier(4)

    def first_job() -> None:
        start.wait()
        seen.append(jobs.worker_app())

    threads = [threading.Thread(target=first_job) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert seen == made * 4
