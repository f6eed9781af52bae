"""The transactional outbox: queue work is written as a row in the same transaction as the
data it is about, and handed to the queue from there.

After the commit a fast path hands the new rows to the queue at once and marks them
delivered. When the queue (Redis) is unreachable the rows stay, the request still succeeds,
and the relay in the worker's maintenance loop (which does not need the queue to run)
delivers them once the queue is back. So a commit never loses its work, and a rolled-back
request never leaves any. A row can be delivered twice in a rare race (the fast path slow,
the relay's grace passed); tasks are idempotent, and mail carries the row's key, sent once.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from huey.exceptions import HueyException
from sqlalchemy import JSON, Index, String, Text, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, db, new_id, utcnow
from app.jobs import every, huey

log = logging.getLogger(__name__)

#: Rows handed to the queue per relay run; the rest wait for the next run.
RELAY_BATCH = 200


class OutboxMessage(Base):
    """One task to hand to the queue: its registered name, JSON arguments and a key."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_undelivered", "delivered_at", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    task: Mapped[str] = mapped_column(String(200))
    #: Emptied once delivered: the queue has them, and a mail's address and text (codes,
    #: links) are not kept here.
    args: Mapped[list] = mapped_column(JSON, default=list)
    #: Idempotency key: the same key is not enqueued twice (and a mail with it goes once).
    key: Mapped[str] = mapped_column(String(200), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


def task_name(task: Callable) -> str:
    return huey._registry.task_to_string(task.task_class)


def enqueue(task: Callable, *args, key: str | None = None) -> OutboxMessage | None:
    """Write `task(*args)` to the outbox in the current transaction; it goes to the queue
    once the transaction commits. With a `key` already in the outbox nothing is added.
    `args` must be JSON (ids as strings)."""
    session = db.session()
    if key is not None and session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)):
        return None
    message = OutboxMessage(id=new_id(), task=task_name(task), args=list(args), attempts=0)
    message.key = key or str(message.id)
    session.add(message)
    pending = session.info.setdefault("outbox", [])
    if not pending:
        db.after_commit(lambda: _deliver_committed(pending))
        db.on_rollback(pending.clear)
    pending.append((message.id, message.task, message.args))
    return message


def enqueue_after_commit(task: Callable, *args, key: str | None = None) -> None:
    """Queue a task once the current transaction has committed, never before (and never if
    it rolls back): the outbox row is written now, the queue is asked after the commit."""
    enqueue(task, *args, key=key)


class UnknownTask(LookupError):
    """No task of this name in this process: it can never be handed over from here."""


def _hand_over(message_id: uuid.UUID, name: str, args: list) -> None:
    """Put one message on the queue; raises when the queue is unreachable."""
    try:
        task_class = huey._registry.string_to_task(name)
    except HueyException as exc:
        raise UnknownTask(name) from exc
    huey.enqueue(task_class(args=tuple(args), id=str(message_id)))


def _deliver_committed(pending: list[tuple[uuid.UUID, str, list]]) -> None:
    """The fast path, right after the commit, with no transaction open while the queue is
    asked. What it cannot hand over stays for the relay."""
    messages = list(pending)
    pending.clear()  # the session's next transaction starts a list of its own
    delivered, failure = [], None
    for message_id, name, args in messages:
        try:
            _hand_over(message_id, name, args)
        except Exception as exc:  # noqa: BLE001 - the relay delivers it later
            log.warning("queue unreachable; %s waits in the outbox: %s", name, exc)
            failure = (message_id, _describe(exc))
            break  # the queue is down: do not wait for it once per message
        delivered.append(message_id)
    with db.unit_of_work() as session:
        if delivered:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(delivered))
                .values(delivered_at=utcnow(), attempts=OutboxMessage.attempts + 1, args=[])
            )
        if failure is not None:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == failure[0])
                .values(attempts=OutboxMessage.attempts + 1, last_error=failure[1])
            )


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


@every("OUTBOX_RELAY_INTERVAL_SECONDS")
def relay() -> int:
    """Hand what is still undelivered to the queue, oldest first; returns how many went.

    Rows younger than the grace are left to the fast path that is handing them over now.
    Several workers may relay at once: on PostgreSQL each takes rows no other holds."""
    config = current_app.config
    grace = timedelta(seconds=config["OUTBOX_RELAY_GRACE_SECONDS"])
    sent = 0
    with db.unit_of_work() as session:
        messages = session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.delivered_at.is_(None), OutboxMessage.created_at <= utcnow() - grace
            )
            .order_by(OutboxMessage.created_at)
            .limit(RELAY_BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        for message in messages:
            message.attempts += 1
            try:
                _hand_over(message.id, message.task, message.args)
            except UnknownTask:
                # A task renamed or removed since: it must not hold up the rest for good.
                log.error("outbox message %s names no known task %s", message.id, message.task)
                message.last_error = "unknown task"
                message.delivered_at = utcnow()
                continue
            except Exception as exc:  # noqa: BLE001 - still down: the next run tries again
                message.last_error = _describe(exc)
                log.warning("outbox relay: queue unreachable (%s); %d waiting", exc, len(messages))
                break
            message.delivered_at = utcnow()
            message.last_error = None
            message.args = []
            sent += 1
    if sent:
        log.info("outbox relay delivered %d waiting messages", sent)
    return sent


@every("OUTBOX_PRUNE_INTERVAL_SECONDS")
def prune() -> None:
    """Delivered rows are kept a while (to look into, and to recognise a key), then go."""
    keep = timedelta(hours=current_app.config["OUTBOX_KEEP_HOURS"])
    with db.unit_of_work() as session:
        session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.delivered_at.is_not(None),
                OutboxMessage.delivered_at < utcnow() - keep,
            )
        )
