"""Live events around a dossier.

Every event is stored (DossierEvent, numbered), so a client that reconnects with
Last-Event-ID gets what it missed. After the commit a wake-up goes to the streams that
listen to what it concerns, a topic: a dossier's id (its events, its grants) or a person's
id (their bell, their access, whom they support). In this process directly, and with
REDIS_URL set through Redis pub/sub to every process, where again only the streams that
listen to the topic wake up.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import db
from app.people.models import DossierEvent

log = logging.getLogger(__name__)

CHANNEL = "bagage:dossier-events"


class Listener:
    """One stream's wake-up: set when something happens to one of its topics."""

    def __init__(self, broker: Broker) -> None:
        self._broker = broker
        self._woken = threading.Event()
        self.topics: frozenset[str] = frozenset()
        #: How often it was woken: what a test counts.
        self.wakeups = 0

    def listen_to(self, *topics: uuid.UUID | str | Iterable) -> bool:
        """Listen to these topics from now on (instead of the ones before). True when a topic
        was added: what happened to it before now is for the caller to look up."""
        wanted = frozenset(_topics(topics))
        added = bool(wanted - self.topics)
        self._broker._listen(self, wanted)
        return added

    def wait(self, timeout: float) -> bool:
        """Wait until woken or `timeout` seconds passed; True when woken. A wake-up between
        two waits is kept for the next one, so none is lost while the stream looks things up."""
        if self._woken.wait(timeout):
            self._woken.clear()
            return True
        return False

    def _wake(self) -> None:
        self.wakeups += 1
        self._woken.set()

    def close(self) -> None:
        self._broker._listen(self, frozenset())

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class Broker:
    """Wakes up the streams of this process that listen to a topic; relays through Redis
    when configured."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[str, set[Listener]] = {}
        self._redis = None
        self._listener: threading.Thread | None = None

    @property
    def relays(self) -> bool:
        """Wake-ups reach the streams of every process (through Redis)."""
        return self._redis is not None

    def configure(self, redis_url: str) -> None:
        if not redis_url or self._redis is not None:
            return
        import redis  # only with REDIS_URL; single-process installs never load it

        # Short timeouts: a Redis that is down or hangs costs a publish a moment, never a
        # request (notify falls back to this process). The listener waits on its own client.
        self._redis = redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
        self._listen_redis = redis.Redis.from_url(redis_url, socket_connect_timeout=1)
        self._listener = threading.Thread(target=self._relay, daemon=True, name="events")
        self._listener.start()

    def listener(self, *topics: uuid.UUID | str | Iterable) -> Listener:
        """A wake-up for one stream, listening to `topics` from now on; close it when done."""
        listener = Listener(self)
        listener.listen_to(*topics)
        return listener

    def listening_to(self, topic: uuid.UUID | str) -> set[Listener]:
        """The streams of this process that a wake-up about `topic` reaches."""
        with self._lock:
            return set(self._listeners.get(str(topic), ()))

    def _listen(self, listener: Listener, topics: frozenset[str]) -> None:
        with self._lock:
            for topic in listener.topics - topics:
                waiting = self._listeners.get(topic)
                if waiting is not None:
                    waiting.discard(listener)
                    if not waiting:
                        del self._listeners[topic]
            for topic in topics - listener.topics:
                self._listeners.setdefault(topic, set()).add(listener)
            listener.topics = topics

    def _relay(self) -> None:
        lost = False
        while True:
            try:
                pubsub = self._listen_redis.pubsub()
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    if message.get("type") == "subscribe" and lost:
                        # Wake-ups may have been missed meanwhile: every stream looks again.
                        self._wake_local(None)
                        lost = False
                    elif message.get("type") == "message":
                        self._wake_local(message["data"].decode().split())
            except Exception:  # noqa: BLE001 - a lost Redis connection: try again
                log.warning("event relay lost its Redis connection; retrying", exc_info=True)
                lost = True
                threading.Event().wait(1)

    def _wake_local(self, topics: Iterable[str] | None) -> None:
        """Wake the streams listening to any of `topics` (None: every stream)."""
        with self._lock:
            if topics is None:
                woken = {x for waiting in self._listeners.values() for x in waiting}
            else:
                woken = {x for topic in topics for x in self._listeners.get(topic, ())}
        for listener in woken:
            listener._wake()

    def notify(self, *topics: uuid.UUID | str | Iterable) -> None:
        """Wake the streams that listen to any of these topics, in every process."""
        names = sorted(set(_topics(topics)))
        if self._redis is not None:
            try:
                self._redis.publish(CHANNEL, " ".join(names))
                return  # our own listener wakes this process too
            except Exception:  # noqa: BLE001
                log.warning("could not publish to Redis; waking this process only")
        self._wake_local(names)


def _topics(values: Iterable) -> Iterable[str]:
    for value in values:
        if isinstance(value, uuid.UUID | str):
            yield str(value)
        elif value is not None:
            yield from _topics(value)


broker = Broker()


def publish(session: Session, dossier_id: uuid.UUID, kind: str, payload: dict) -> DossierEvent:
    """Record an event; streams wake up once the transaction has committed."""
    event = DossierEvent(dossier_id=dossier_id, kind=kind, payload=payload)
    session.add(event)
    session.flush()
    db.after_commit(lambda: broker.notify(dossier_id))
    return event


def events_after(session: Session, dossier_id: uuid.UUID, seq: int, limit: int = 100):
    return list(
        session.scalars(
            select(DossierEvent)
            .where(DossierEvent.dossier_id == dossier_id, DossierEvent.seq > seq)
            .order_by(DossierEvent.seq)
            .limit(limit)
        )
    )


def last_seq(session: Session, dossier_id: uuid.UUID) -> int:
    return session.scalar(
        select(func.coalesce(func.max(DossierEvent.seq), 0)).where(
            DossierEvent.dossier_id == dossier_id
        )
    )
