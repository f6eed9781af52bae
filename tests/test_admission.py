"""Each web process works on WEB_ACTIVE_REQUESTS requests at once; the next waits its turn.

Under load that answers reads in less than half the time (bench/load.py), because requests
no longer all share one interpreter lock at once. What must not wait in that line: uploads
(their bodies arrive at the client's speed), live streams once open, and requests that wait
on something else (a PDF being made, a password check). A request back from such a wait
finishes without queueing again. Over real HTTP against a threaded server with one turn.
"""

from __future__ import annotations

import io
import socket
import threading
import time

import pytest
import requests
import weasyprint
from PIL import Image

from api.schemas.evidence import EvidencePageOut
from app.accounts import lifecycle
from app.admission import SMALL_BODY_BYTES
from tests.live import LiveServer
from tests.test_resumable import Person


@pytest.fixture(autouse=True)
def _transaction():
    """These tests talk to their own live server, not to the suite's rolled-back database."""
    yield


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("admission"), WEB_ACTIVE_REQUESTS=1)
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def noor(server):
    return Person(server, "Noor")


class Held:
    """Calls of `owner.name` start, then wait until the test lets them go. A timeline is
    held as its answer is written: after its commit, so that it holds no SQLite lock."""

    def __init__(self, monkeypatch, owner, name: str) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0
        real = getattr(owner, name)

        def held(*args, **kwargs):
            self.calls += 1
            self.started.set()
            self.release.wait(30)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, held)


class InBackground:
    def __init__(self, call) -> None:
        self.response: requests.Response | None = None
        self.answered = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self.thread.start()

    def _run(self, call) -> None:
        self.response = call()
        self.answered.set()

    def result(self) -> requests.Response:
        self.thread.join(30)
        assert self.response is not None, "no answer within 30 s"
        return self.response


def _timeline(person: Person) -> requests.Response:
    return person.get(f"/api/v1/dossiers/{person.dossier_id}/evidence")


def test_a_request_beyond_the_turns_waits_and_is_answered_after(server, noor, monkeypatch):
    held = Held(monkeypatch, EvidencePageOut, "dump")
    first = InBackground(lambda: _timeline(noor))
    try:
        assert held.started.wait(10)
        second = InBackground(lambda: _timeline(noor))
        time.sleep(0.5)
        # The second read waits for the turn: it has not written its answer yet.
        assert held.calls == 1
        assert second.response is None
    finally:
        held.release.set()
    assert first.result().status_code == 200
    assert second.result().status_code == 200
    assert held.calls == 2


def test_an_upload_does_not_wait_in_line(server, noor, monkeypatch):
    """Its body comes at the phone's speed: it must not hold a turn, nor wait for one."""
    held = Held(monkeypatch, EvidencePageOut, "dump")
    reading = InBackground(lambda: _timeline(noor))
    try:
        assert held.started.wait(10)
        photo = io.BytesIO()
        noise = Image.effect_noise((400, 300), 80).convert("RGB")
        noise.save(photo, "JPEG", quality=95)
        assert photo.tell() > SMALL_BODY_BYTES
        upload = requests.post(
            f"{server.url}/api/v1/dossiers/{noor.dossier_id}/evidence",
            data={"title": "Foto van de les"},
            files={"file": ("les.jpg", photo.getvalue(), "image/jpeg")},
            headers=noor.auth,
            timeout=10,
        )
        assert upload.status_code == 201, upload.text
        assert not held.release.is_set()
    finally:
        held.release.set()
    assert reading.result().status_code == 200


def test_an_open_live_stream_holds_no_turn(server, noor):
    stream = requests.get(
        f"{server.url}/api/v1/me/events", headers=noor.auth, stream=True, timeout=30
    )
    try:
        assert stream.status_code == 200
        # While the stream stays open, the next request gets the one turn at once.
        assert _timeline(noor).status_code == 200
    finally:
        stream.close()


def test_a_pdf_being_made_lets_the_requests_behind_it_go_first(server, noor, monkeypatch):
    held = Held(monkeypatch, weasyprint.HTML, "write_pdf")
    pdf = InBackground(lambda: noor.get(f"/api/v1/dossiers/{noor.dossier_id}/cv.pdf"))
    try:
        assert held.started.wait(30)
        began = time.monotonic()
        assert _timeline(noor).status_code == 200
        assert time.monotonic() - began < 5
        assert not held.release.is_set()
    finally:
        held.release.set()
    answer = pdf.result()
    assert answer.status_code == 200
    assert answer.content.startswith(b"%PDF")


def test_a_body_sent_slowly_holds_no_turn(server, noor):
    """A small body is read before the turn is taken: a client that stops half-way through
    (a bad connection, or someone trying to stall the node) keeps a thread, not the line."""
    body = b'{"email": "noor@example.nl", "password": "een lang wachtwoord"}'
    stalled = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    try:
        stalled.sendall(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:10]
        )
        time.sleep(0.3)  # the server has the headers and waits for the rest
        began = time.monotonic()
        assert _timeline(noor).status_code == 200
        assert time.monotonic() - began < 5
    finally:
        stalled.close()


def test_a_sign_up_back_from_its_password_check_finishes_without_queueing_again(
    server, noor, monkeypatch
):
    """A sign-up hashes the password outside the line, then stores the account there too.
    Queueing for a turn again would keep the new rows locked (on SQLite: every write) while
    the request that has the turn may be waiting for them: both would stand still."""
    stored, turn_taken = threading.Event(), threading.Event()
    real_register = lifecycle.register_user

    def register_then_wait_for_the_turn_to_be_taken(*args, **kwargs):
        user = real_register(*args, **kwargs)
        stored.set()
        turn_taken.wait(10)
        return user

    monkeypatch.setattr(lifecycle, "register_user", register_then_wait_for_the_turn_to_be_taken)
    email = f"sem-{time.monotonic_ns()}@example.nl"
    sign_up = InBackground(
        lambda: requests.post(
            f"{server.url}/api/v1/auth/register",
            json={"email": email, "password": "een lang wachtwoord", "display_name": "Sem"},
            timeout=30,
        )
    )
    assert stored.wait(10)

    # Meanwhile a read takes the free turn. It needs what the sign-up holds: on SQLite its
    # audit row waits for the lock; elsewhere it waits as if it did, until the sign-up has
    # answered or 10 s have passed.
    line = server.app.extensions["admission"]
    in_the_turn = line.wsgi_app

    def app_with_the_turn_taken(environ, start_response):
        turn_taken.set()
        return in_the_turn(environ, start_response)

    monkeypatch.setattr(line, "wsgi_app", app_with_the_turn_taken)
    real_dump = EvidencePageOut.dump

    def dump_after_the_sign_up(self, *args, **kwargs):
        sign_up.answered.wait(10)
        return real_dump(self, *args, **kwargs)

    monkeypatch.setattr(EvidencePageOut, "dump", dump_after_the_sign_up)
    began = time.monotonic()
    reading = InBackground(lambda: _timeline(noor))
    assert sign_up.answered.wait(20)
    assert time.monotonic() - began < 5, "the sign-up waited in line behind the read"
    assert sign_up.result().status_code == 202
    assert reading.result().status_code == 200
