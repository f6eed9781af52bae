"""Live events around a dossier.

Every event is stored (DossierEvent, numbered), so a client that reconnects with
Last-Event-ID gets what it missed. After the commit a wake-up goes to the streams that wait:
in this process directly, and with REDIS_URL set through Redis pub/sub to every process.
"""

from __future__ import annotations

import logging
import threading
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import db
from app.people.models import DossierEvent

log = logging.getLogger(__name__)

CHANNEL = "bagage:dossier-events"


class Broker:
    """Wakes up the streams of this process; relays through Redis when configured."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._generation = 0
        self._redis = None
        self._listener: threading.Thread | None = None

    def configure(self, redis_url: str) -> None:
        if not redis_url or self._redis is not None:
            return
        import redis  # only with REDIS_URL; single-process installs never load it

        # Short timeouts: a Redis that is down or hangs costs a publish a moment, never a
        # request (notify falls back to this process). The listener waits on its own client.
        self._redis = redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
        self._listen_redis = redis.Redis.from_url(redis_url, socket_connect_timeout=1)
        self._listener = threading.Thread(target=self._listen, daemon=True, name="events")
        self._listener.start()

    def _listen(self) -> None:
        while True:
            try:
                pubsub = self._listen_redis.pubsub()
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    if message.get("type") == "message":
                        self._wake_local()
            except Exception:  # noqa: BLE001 - a lost Redis connection: try again
                log.warning("event relay lost its Redis connection; retrying", exc_info=True)
                threading.Event().wait(1)

    def _wake_local(self) -> None:
        with self._condition:
            self._generation += 1
            self._condition.notify_all()

    def notify(self, dossier_id: uuid.UUID) -> None:
        if self._redis is not None:
            try:
                self._redis.publish(CHANNEL, str(dossier_id))
                return  # our own listener wakes this process too
            except Exception:  # noqa: BLE001
                log.warning("could not publish to Redis; waking this process only")
        self._wake_local()

    def wait(self, generation: int, timeout: float) -> int:
        with self._condition:
            if self._generation == generation:
                self._condition.wait(timeout)
            return self._generation

    @property
    def generation(self) -> int:
        return self._generation


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
