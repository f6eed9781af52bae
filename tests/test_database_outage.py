"""The database connection dies in the middle of a request (a restart, a failover, an
administrator's pg_terminate_backend), or SQLite stays locked by another writer: the person
gets a clean answer to try again, nothing half-written stays, and the next request works."""

from __future__ import annotations

import sqlite3
import threading

import psycopg
import pytest
import requests
from sqlalchemy import event

from tests.live import LiveServer, database_url
from tests.test_resumable import Person

on_postgresql = (database_url() or "").startswith("postgresql")
postgresql_only = pytest.mark.skipif(not on_postgresql, reason="kills a PostgreSQL backend")
sqlite_only = pytest.mark.skipif(on_postgresql, reason="SQLite's write lock")


@pytest.fixture(autouse=True)
def _transaction():
    """These tests talk to their own live server, not to the suite's rolled-back database."""
    yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("outage"))
    live.start()
    yield live
    live.stop()


class BackendKiller:
    """Terminates, from another connection, the backend about to run the first statement
    that starts with `prefix`, just before it runs: the request's own connection dies."""

    def __init__(self, server: LiveServer, prefix: str) -> None:
        self.engine = server.app.extensions["bagage_db"].engine
        self.prefix = prefix
        self.killed: list[int] = []
        self._lock = threading.Lock()
        event.listen(self.engine, "before_cursor_execute", self._before)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        with self._lock:
            if self.killed or not statement.lstrip().upper().startswith(self.prefix):
                return
            pid = conn.connection.dbapi_connection.info.backend_pid
            self.killed.append(pid)
        url = database_url().replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    def remove(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)


def _titles(person: Person) -> list[str]:
    r = person.get(f"/api/v1/dossiers/{person.dossier_id}/evidence")
    r.raise_for_status()
    return [item["title"] for item in r.json()["items"]]


@postgresql_only
def test_a_killed_connection_mid_request_is_a_clean_503_and_the_next_request_works(server):
    person = Person(server, "Lotte")
    note = f"/api/v1/dossiers/{person.dossier_id}/evidence"
    killer = BackendKiller(server, "INSERT INTO EVIDENCE")
    try:
        r = person.post(note, data={"title": "Kapot", "description": "Halverwege"})
    finally:
        killer.remove()

    assert killer.killed, "the request never reached its insert"
    assert r.status_code == 503
    assert r.headers["Content-Type"].startswith("application/json")
    assert int(r.headers["Retry-After"]) > 0
    error = r.json()["error"]
    assert error["code"] == "database_unavailable"
    assert "try again" in error["message"].lower()

    # Nothing half-written stays, and the very next requests get a live connection.
    assert _titles(person) == []
    r = person.post(note, data={"title": "Heel", "description": "Opnieuw"})
    assert r.status_code == 201, r.text
    assert _titles(person) == ["Heel"]


@postgresql_only
def test_a_page_outside_the_api_says_so_in_dutch_and_recovers(server):
    """A public CV page is HTML, not the API: its visitor reads a short Dutch line."""
    page = f"{server.url}/cv/no-such-link-{threading.get_ident()}"
    killer = BackendKiller(server, "SELECT")
    try:
        r = requests.get(page, timeout=10)
    finally:
        killer.remove()

    assert killer.killed
    assert r.status_code == 503
    assert r.headers["Content-Type"].startswith("text/plain")
    assert int(r.headers["Retry-After"]) > 0
    assert "Probeer het zo opnieuw" in r.text
    assert requests.get(page, timeout=10).status_code == 404


@sqlite_only
def test_sqlite_locked_past_its_timeout_is_a_busy_503(server):
    """Another process holds SQLite's write lock for longer than a request waits (a backup,
    a long migration): the request answers "busy, try again", and works once it is free."""
    engine = server.app.extensions["bagage_db"].engine

    def short_wait(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 200")  # the 30 s default, shortened

    person = Person(server, "Femke")
    note = f"/api/v1/dossiers/{person.dossier_id}/evidence"
    event.listen(engine, "connect", short_wait)
    engine.dispose()
    other = sqlite3.connect(engine.url.database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        r = person.post(note, data={"title": "Wacht", "description": "Op slot"})
        other.execute("ROLLBACK")
    finally:
        other.close()
        event.remove(engine, "connect", short_wait)
        engine.dispose()

    assert r.status_code == 503
    assert int(r.headers["Retry-After"]) > 0
    assert r.json()["error"]["code"] == "database_busy"
    assert _titles(person) == []
    r = person.post(note, data={"title": "Vrij", "description": "Weer open"})
    assert r.status_code == 201, r.text
    assert _titles(person) == ["Vrij"]
