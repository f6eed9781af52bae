"""Test fixtures: one migrated database per run, one rolled-back transaction per test.

DATABASE_URL picks the database (SQLite in a temp folder by default; CI also runs the suite
on PostgreSQL). Media go to a fresh folder per test, so a test can see every file left.
"""

from __future__ import annotations

import functools
import io
import os
import random
import re
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from app import clock, create_app
from app.db import db
from app.demo import demo_photo
from app.throttle import limiter
from config import TestConfig, normalize_database_url
from media.storage import LocalStorage, S3Storage

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    base = tmp_path_factory.mktemp("bagage")
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = normalize_database_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{base / 'test.sqlite3'}"
    )
    config.MEDIA_ROOT = str(base / "media")
    config.UPLOAD_TMP_DIR = str(base / "tmp")
    app = create_app(config)
    with app.app_context():
        _reset_schema()
        upgrade()
    return app


def _reset_schema() -> None:
    """Start each run from an empty database, so migrations are really exercised."""
    engine = db.get_engine()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


#: The connection of the module being run, while one of its fixtures shares rows.
_module_connection: dict[str, Connection] = {}


@pytest.fixture(autouse=True)
def _transaction(app):
    """Every test runs inside one outer transaction that is rolled back afterwards; in a
    module that shares rows (module_connection), inside a savepoint of the module's."""
    shared = _module_connection.get("connection")
    if shared is not None:
        connection, outer = shared, shared.begin_nested()
    else:
        with app.app_context():
            connection = db.get_engine().connect()
        outer = connection.begin()
    db.session.remove()
    db.bind_to_connection(app, connection)
    yield connection
    db.session.remove()
    outer.rollback()
    if shared is None:
        connection.close()
        db.bind_to_connection(app, None)


@pytest.fixture(scope="module")
def module_connection(app):
    """For rows a whole module shares (a cast of people that is slow to build): one
    connection whose outer transaction is rolled back after the module. From the first test
    that asks for it on, every test of the module runs in a savepoint of it (on SQLite a
    connection of its own would wait for this one's write lock)."""
    with app.app_context():
        connection = db.get_engine().connect()
    outer = connection.begin()
    db.session.remove()
    db.bind_to_connection(app, connection)
    if limiter.initialized:
        limiter.reset()
    _module_connection["connection"] = connection
    yield connection
    del _module_connection["connection"]
    db.session.remove()
    outer.rollback()
    connection.close()
    db.bind_to_connection(app, None)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Many tests log in from one address; each starts with no refused attempts counted."""
    if limiter.initialized:
        limiter.reset()


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's standalone S3 server over real HTTP on a free local port."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[tuple[int, list]]:
    """A real SMTP server (aiosmtpd) on a free port; yields its port and the messages it got."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list = []

    class Collect(Message):
        def handle_message(self, message):
            received.append(message)

    controller = Controller(Collect(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.port, received
    finally:
        controller.stop()


def make_s3_storage(endpoint: str) -> S3Storage:
    bucket = f"bagage-test-{uuid.uuid4().hex[:12]}"
    storage = S3Storage(
        bucket,
        endpoint_url=endpoint,
        region="us-east-1",
        access_key="testing",
        secret_key="testing",
        multipart_threshold=5 * 1024 * 1024,  # S3's smallest part, so tests do go multipart
    )
    storage.client.create_bucket(Bucket=bucket)
    return storage


@pytest.fixture(params=["local", "s3"])
def storage(request, app, tmp_path):
    """The media suite runs once on local disk and once on S3 (moto, over HTTP)."""
    if request.param == "local":
        backend = LocalStorage(tmp_path / "media")
    else:
        backend = make_s3_storage(request.getfixturevalue("s3_endpoint"))
    previous = app.extensions["bagage_storage"]
    app.extensions["bagage_storage"] = backend
    yield backend
    app.extensions["bagage_storage"] = previous


@pytest.fixture
def media_root(app, tmp_path) -> Path:
    """A fresh local media folder per test, for tests that are about the files on disk."""
    root = tmp_path / "media"
    previous = app.extensions["bagage_storage"]
    app.extensions["bagage_storage"] = LocalStorage(root)
    yield root
    app.extensions["bagage_storage"] = previous


@pytest.fixture
def frozen(monkeypatch) -> dict:
    """The app's clock (app.clock), stopped and moved by hand: frozen["now"] += timedelta(...)."""
    moment = {"now": clock.now()}
    monkeypatch.setattr(clock, "now", lambda: moment["now"])
    return moment


@pytest.fixture
def session(app) -> Session:
    with app.app_context():
        yield db.session()


@pytest.fixture
def client(app):
    return app.test_client()


class ApiClient:
    """A logged-in browser: the session cookie plus the CSRF header on every request."""

    def __init__(self, app, user: dict):
        self.http = app.test_client()
        self.user = user
        self.csrf = None

    def login(self, email: str, password: str = PASSWORD):
        response = self.http.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.json
        self.csrf = response.json["csrf_token"]
        self.user = response.json
        return response

    @property
    def dossier_id(self) -> str:
        return self.user["dossiers"][0]["id"]

    def _headers(self, headers=None) -> dict:
        merged = {"X-CSRF-Token": self.csrf} if self.csrf else {}
        merged.update(headers or {})
        return merged

    def get(self, url, **kw):
        return self.http.get(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def head(self, url, **kw):
        return self.http.head(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, url, **kw):
        return self.http.post(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, url, **kw):
        return self.http.put(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url, **kw):
        return self.http.patch(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, url, **kw):
        return self.http.delete(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def upload(self, data: bytes | None, filename: str = "photo.jpg", **fields):
        form = {k: v for k, v in fields.items() if v is not None}
        if data is not None:
            form["file"] = (io.BytesIO(data), filename)
        return self.post(
            f"/api/v1/dossiers/{self.dossier_id}/evidence",
            data=form,
            content_type="multipart/form-data",
        )


@pytest.fixture
def register(app):
    """Factory: register(name) → a logged-in ApiClient with its own dossier."""
    return functools.partial(register_user, app)


def register_user(
    app, name: str = "Sanne", email: str | None = None, locale: str = "nl"
) -> ApiClient:
    """Sign up over HTTP, with the mailed code, and come back logged in."""
    api = ApiClient(app, {})
    email = email or f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.nl"
    # The code is read from the in-memory outbox, also in tests that switched to SMTP.
    backend = app.config["MAIL_BACKEND"]
    app.config["MAIL_BACKEND"] = "memory"
    try:
        response = api.http.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "display_name": name,
                  "locale": locale},
        )  # fmt: skip
    finally:
        app.config["MAIL_BACKEND"] = backend
    assert response.status_code == 202, response.json
    # Signing up ends with the code from the mail, which verifies and logs in.
    response = api.http.post(
        "/api/v1/auth/verify", json={"email": email, "code": mailed_code(app, email)}
    )
    assert response.status_code == 200, response.json
    api.user = response.json
    api.csrf = response.json["csrf_token"]
    return api


@pytest.fixture(scope="session")
def jpeg():
    """Factory: a photo-like JPEG of the given size, optionally with GPS and a capture time."""

    def _jpeg(size=(800, 600), **kw) -> bytes:
        return demo_photo(random.Random(1), size, **kw)

    return _jpeg


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def fetch(api, url: str):
    """GET a media URL the way a browser does: following a redirect to S3 if there is one."""
    response = api.get(url)
    if response.status_code in (302, 303, 307):
        import requests

        direct = requests.get(response.headers["Location"], timeout=30)
        return _Fetched(direct.status_code, direct.content, direct.headers)
    return _Fetched(response.status_code, response.data, response.headers)


class _Fetched:
    def __init__(self, status_code: int, data: bytes, headers) -> None:
        self.status_code = status_code
        self.data = data
        self.headers = headers
        self.mimetype = (headers.get("Content-Type") or "").split(";")[0]


# Jobs run eagerly in the request that enqueues them (after its commit); tests of the real
# queue start their own consumer.
from app.jobs import huey  # noqa: E402

huey.immediate = True


def mails_to(app, address: str) -> list[dict]:
    """What the in-memory mail backend (MAIL_BACKEND=memory) sent to one address, in order."""
    address = address.strip().lower()
    return [m for m in app.extensions.get("mail_outbox", []) if m["to"].lower() == address]


def last_mail(app, address: str) -> dict:
    sent = mails_to(app, address)
    assert sent, f"no mail to {address}"
    return sent[-1]


def mailed_code(app, address: str) -> str:
    """The 6-digit verification code in the newest mail to the address."""
    found = re.search(r"\b(\d{6})\b", last_mail(app, address)["body"])
    assert found, "no code in the mail"
    return found.group(1)


def add_member(admin: ApiClient, organisation_id: str, member: ApiClient, role: str):
    """An administrator asks someone to join an organisation, and they accept."""
    r = admin.post(
        f"/api/v1/organisations/{organisation_id}/members",
        json={"email": member.user["email"], "role": role},
    )
    assert r.status_code == 201, r.json
    accepted = member.post(f"/api/v1/memberships/{r.json['id']}/accept")
    assert accepted.status_code == 200, accepted.json
    return accepted
