"""A live stream is woken only by what concerns it: its dossier, its listener, the dossiers
its listener supports. In one process and, through Redis, across processes."""

from __future__ import annotations

import uuid

import pytest

from app.events import Broker, broker
from tests.test_caseload import _note, _pupils, _school
from tests.test_people import _grant, _read_events

REDIS_URL = "redis://127.0.0.1:6379/0"


def _only(listeners: set):
    assert len(listeners) == 1, listeners
    return next(iter(listeners))


def test_a_dossier_stream_is_not_woken_by_another_dossier(register):
    anna, bram = register("Anna"), register("Bram")
    streams, listeners = {}, {}
    for person in (anna, bram):
        streams[person] = person.get(f"/api/v1/dossiers/{person.dossier_id}/events",
                                     buffered=False)  # fmt: skip
        next(iter(streams[person].response))  # `ready`: the stream listens
        listeners[person] = _only(broker.listening_to(person.dossier_id))

    made = _note(anna, "Alleen voor Anna")
    heard = _read_events(streams[anna], 1)
    assert [(e["kind"], e["data"]["id"]) for e in heard] == [("evidence_created", made["id"])]
    assert listeners[anna].wakeups == 1
    assert listeners[bram].wakeups == 0
    for response in reversed(streams.values()):
        response.close()
    # A closed stream listens to nothing any more.
    assert not broker.listening_to(anna.dossier_id) and not broker.listening_to(bram.dossier_id)


def test_the_caseload_stream_is_woken_by_supported_dossiers_only(register):
    first, second = register("Fatima"), register("Joost")
    org = _school(first)
    (anna,) = _pupils(register, first, org, "Anna")
    other = _school(second, "De Linde")
    (bram,) = _pupils(register, second, other, "Bram")
    streams, listeners = {}, {}
    for coordinator in (first, second):
        streams[coordinator] = coordinator.get("/api/v1/me/events", buffered=False)
        assert [e["kind"] for e in _read_events(streams[coordinator], 1)] == ["notifications"]
        listeners[coordinator] = _only(broker.listening_to(coordinator.user["id"]))
    assert listeners[first].topics == {first.user["id"], anna.dossier_id}

    _note(anna, "Voor Fatima")
    heard = _read_events(streams[first], 1)
    assert [e["kind"] for e in heard] == ["caseload"]
    assert listeners[first].wakeups >= 1
    assert listeners[second].wakeups == 0
    for response in reversed(streams.values()):
        response.close()


def test_a_new_grant_makes_the_caseload_stream_listen_to_that_dossier(register):
    coordinator, anna = register("Fatima"), register("Anna")
    response = coordinator.get("/api/v1/me/events", buffered=False)
    _read_events(response, 1)  # the bell: nothing unread
    listener = _only(broker.listening_to(coordinator.user["id"]))
    assert listener.topics == {coordinator.user["id"]}
    _grant(anna, coordinator, ["view"], role="coordinator")
    heard = _read_events(response, 2)
    assert {e["kind"] for e in heard} == {"notifications", "caseload"}
    assert anna.dossier_id in listener.topics
    # The new dossier's events reach the stream from now on.
    _note(anna, "Nieuw")
    assert [e["kind"] for e in _read_events(response, 1)] == ["caseload"]
    response.close()


@pytest.fixture
def processes():
    """Two brokers on one Redis: what two web processes have."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at " + REDIS_URL)
    one, two = Broker(), Broker()
    one.configure(REDIS_URL)
    two.configure(REDIS_URL)
    # Both relays listen before anything is published.
    probe = two.listener(uuid.uuid4())
    for _ in range(50):
        one.notify(*probe.topics)
        if probe.wait(0.1):
            break
    else:
        pytest.fail("the Redis relay never started")
    probe.close()
    return one, two


def test_a_wake_up_crosses_processes_to_its_streams_only(processes):
    one, two = processes
    anna_dossier, bram_dossier = uuid.uuid4(), uuid.uuid4()
    with two.listener(anna_dossier) as anna, two.listener(bram_dossier) as bram:
        one.notify(anna_dossier)
        assert anna.wait(5), "the other process's stream was not woken"
        assert anna.wakeups == 1
        one.notify(anna_dossier)  # one more after it: the relay is past the first one
        assert anna.wait(5)
        assert bram.wakeups == 0
        assert not bram.wait(0)
