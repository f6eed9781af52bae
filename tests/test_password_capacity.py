"""Password hashing cannot starve the node: a bounded number of hashes at once per process.

A burst of logins used to put one argon2id hash per thread on the cores, and every other
request waited behind them. Now a process hashes PASSWORD_HASH_CONCURRENCY passwords at
once; the next waits PASSWORD_HASH_WAIT_SECONDS for a turn and otherwise gets 429 `busy`
with Retry-After, while requests that hash nothing are answered as usual. Over real HTTP
against a threaded server, with one turn and a verify held in another thread.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests
from argon2 import PasswordHasher

from tests.conftest import PASSWORD
from tests.live import LiveServer
from tests.test_resumable import Person

WAIT_SECONDS = 0.3


@pytest.fixture(autouse=True)
def _transaction():
    """These tests talk to their own live server, not to the suite's rolled-back database."""
    yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(
        tmp_path_factory.mktemp("hashing"),
        PASSWORD_HASH_CONCURRENCY=1,
        PASSWORD_HASH_WAIT_SECONDS=WAIT_SECONDS,
    )
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def people(server):
    return Person(server, "Noor"), Person(server, "Daan")


class HeldVerify:
    """The next password check takes as long as the test wants: it starts, then waits."""

    def __init__(self, monkeypatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        real = PasswordHasher.verify

        def slow_verify(hasher, password_hash, password):
            self.started.set()
            self.release.wait(30)
            return real(hasher, password_hash, password)

        monkeypatch.setattr(PasswordHasher, "verify", slow_verify)

    def login_in_background(self, server: LiveServer, email: str) -> dict:
        answer: dict = {}

        def run() -> None:
            answer["response"] = _login(server, email)

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert self.started.wait(10), "the held login never reached its password check"
        return answer

    def finish(self) -> None:
        self.release.set()
        self.thread.join(30)


def _login(server: LiveServer, email: str, password: str = PASSWORD) -> requests.Response:
    return requests.post(
        f"{server.url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )


def _assert_busy(response: requests.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "busy"
    assert response.json()["error"]["message"]
    assert int(response.headers["Retry-After"]) >= 1


def test_a_login_beyond_the_turns_gets_busy_and_reads_go_on(server, people, monkeypatch):
    noor, daan = people
    held = HeldVerify(monkeypatch)
    first = held.login_in_background(server, noor.email)
    try:
        began = time.monotonic()
        second = _login(server, daan.email)
        waited = time.monotonic() - began
        _assert_busy(second)
        assert waited >= WAIT_SECONDS  # it queued briefly before giving up

        # Reading hashes nothing: answered while the password check still runs.
        began = time.monotonic()
        timeline = daan.get(f"/api/v1/dossiers/{daan.dossier_id}/evidence")
        assert timeline.status_code == 200
        assert time.monotonic() - began < 5
        assert not held.release.is_set()
    finally:
        held.finish()
    assert first["response"].status_code == 200, first["response"].text

    # The turn is free again: the next login is let in.
    assert _login(server, daan.email).status_code == 200


def test_a_wrong_password_waiting_for_a_turn_is_not_counted_as_refused(server, people, monkeypatch):
    """429 busy says nothing about the password: it is no refused attempt for the throttle."""
    noor, daan = people
    for _ in range(3):
        held = HeldVerify(monkeypatch)
        held.login_in_background(server, noor.email)
        try:
            _assert_busy(_login(server, daan.email, "not the password at all"))
        finally:
            held.finish()
        monkeypatch.undo()
    assert _login(server, daan.email).status_code == 200


def test_sign_up_and_password_change_wait_for_a_turn_too(server, people, monkeypatch):
    noor, daan = people
    held = HeldVerify(monkeypatch)
    held.login_in_background(server, noor.email)
    try:
        sign_up = requests.post(
            f"{server.url}/api/v1/auth/register",
            json={"email": "nieuw-busy@example.nl", "password": "een lang nieuw wachtwoord",
                  "display_name": "Nieuw"},
            timeout=30,
        )  # fmt: skip
        _assert_busy(sign_up)
        change = requests.post(
            f"{server.url}/api/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "een lang nieuw wachtwoord"},
            headers=daan.auth,
            timeout=30,
        )
        _assert_busy(change)
    finally:
        held.finish()
    # Nothing was changed by the refused requests: the old password still works.
    assert _login(server, daan.email).status_code == 200
