"""Health and readiness, for load balancers and whoever runs the instance.

- liveness (GET /healthz) needs nothing but the process;
- readiness (GET /readyz) checks, each within READY_CHECK_TIMEOUT_SECONDS, that the database
  answers and is migrated to the code's head, that the queue's storage answers and that the
  media store can be written to;
- every worker process records a heartbeat row (WORKER_HEARTBEAT_SECONDS), which readiness
  reports and `flask worker-status` prints.

The answers name what failed in a word; the errors themselves (which may name hosts) go to
the log only.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime, timedelta

import redis
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from flask import Flask
from huey.signals import SIGNAL_COMPLETE
from sqlalchemy import String, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.db import Base, db
from app.jobs import every, huey, sqlite_queue_path
from media.storage import Storage, get_storage

log = logging.getLogger(__name__)

#: A worker not heard from for this long has gone (crashed, host removed): its row goes.
FORGET_WORKER_AFTER = timedelta(days=1)


class WorkerHeartbeat(Base):
    """One worker process (host and pid) and when it last said it was alive."""

    __tablename__ = "worker_heartbeats"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    started_at: Mapped[datetime]
    seen_at: Mapped[datetime] = mapped_column(index=True)
    #: Tasks the process finished since it started.
    tasks_done: Mapped[int] = mapped_column(default=0)


# --- the worker's heartbeat ------------------------------------------------------------

_tasks_done = 0
_tasks_lock = threading.Lock()
_started: dict[int, datetime] = {}


@huey.signal(SIGNAL_COMPLETE)
def _count_task(_signal, _task, *_args) -> None:
    global _tasks_done
    with _tasks_lock:
        _tasks_done += 1


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@every("WORKER_HEARTBEAT_SECONDS")
def beat() -> None:
    """Upsert this process's heartbeat and forget workers gone for a day."""
    now = clock.now()
    started = _started.setdefault(os.getpid(), now)
    with db.unit_of_work() as session:
        row = session.get(WorkerHeartbeat, worker_id())
        if row is None:
            row = WorkerHeartbeat(id=worker_id(), started_at=started)
            session.add(row)
        row.seen_at = now
        row.tasks_done = _tasks_done
        session.execute(
            delete(WorkerHeartbeat).where(WorkerHeartbeat.seen_at < now - FORGET_WORKER_AFTER)
        )


def workers() -> list[WorkerHeartbeat]:
    """Every worker heard from in the last day, the most recently heard first."""
    return list(
        db.session.scalars(select(WorkerHeartbeat).order_by(WorkerHeartbeat.seen_at.desc()))
    )


# --- readiness -------------------------------------------------------------------------

OK = "ok"


class _Database:
    """What one short look at the database tells: reachable, its migration revisions, and
    the workers' last heartbeats."""

    def __init__(self) -> None:
        self.revisions: set[str] | None = None
        self.seen: list[datetime] | None = None


def _look_at_database(engine: Engine) -> _Database:
    # A raw DBAPI connection: no SQLAlchemy transaction, so on SQLite no BEGIN IMMEDIATE
    # that would wait behind a writer; on PostgreSQL the pool's pre-ping still applies.
    found = _Database()
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1")
        cursor.fetchall()
        try:
            cursor.execute("SELECT version_num FROM alembic_version")
            found.revisions = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT seen_at FROM worker_heartbeats")
            found.seen = [_as_utc(row[0]) for row in cursor.fetchall()]
        except Exception:  # noqa: BLE001 - a table missing: the migrations tell
            log.info("readiness: database not (fully) migrated", exc_info=True)
    finally:
        connection.close()
    return found


def _as_utc(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite hands back text
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@functools.lru_cache(maxsize=4)
def _scripts(directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """The code's migration heads, and every revision it knows."""
    config = AlembicConfig()
    config.set_main_option("script_location", directory)
    script = ScriptDirectory.from_config(config)
    known = frozenset(revision.revision for revision in script.walk_revisions())
    return frozenset(script.get_heads()), known


def _migrations_state(app: Flask, found: _Database) -> str:
    try:
        heads, known = _scripts(app.extensions["migrate"].directory)
    except Exception:  # noqa: BLE001 - the probe answers, it does not fail
        log.exception("readiness: the migration scripts could not be read")
        return "unknown"
    if found.revisions == set(heads):
        return OK
    # A revision this code does not know: the database was migrated by newer code.
    return "behind" if (found.revisions or set()) <= known else "ahead"


def _check_queue(redis_url: str, timeout: float) -> None:
    if redis_url:
        client = redis.Redis.from_url(
            redis_url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        try:
            client.ping()
        finally:
            client.close()
        return
    # The embedded queue: its file must be there (huey made it on import) and answer.
    connection = sqlite3.connect(f"file:{sqlite_queue_path()}?mode=rw", uri=True, timeout=timeout)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        connection.close()


def readiness(app: Flask) -> dict:
    """Each check's state ("ok", or a word for what failed) and the workers' heartbeat; the
    instance is ready when every check is ok. Call inside an app context."""
    timeout = float(app.config["READY_CHECK_TIMEOUT_SECONDS"])
    engine = db.get_engine()
    storage: Storage = get_storage()
    redis_url = app.config["REDIS_URL"]
    jobs: dict[str, Callable] = {
        "database": lambda: _look_at_database(engine),
        "queue": lambda: _check_queue(redis_url, timeout),
        "storage": lambda: storage.check(timeout),
    }
    # Each check in a thread of its own, so one that hangs (a host that drops packets) costs
    # its timeout and not the probe's; the pool is not waited for.
    executor = ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="readyz")
    futures = {name: executor.submit(job) for name, job in jobs.items()}
    executor.shutdown(wait=False)
    deadline = time.monotonic() + timeout
    checks: dict[str, str] = {}
    results: dict[str, object] = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=max(deadline - time.monotonic(), 0.01))
            checks[name] = OK
        except FutureTimeout:
            checks[name] = "timeout"
            log.warning("readiness: %s check timed out after %ss", name, timeout)
        except Exception as exc:  # noqa: BLE001 - a failed check is an answer, not an error
            checks[name] = "unreachable"
            log.warning("readiness: %s check failed: %s", name, exc)

    found: _Database | None = results.get("database")  # type: ignore[assignment]
    checks["migrations"] = "unknown" if found is None else _migrations_state(app, found)
    ready = all(state == OK for state in checks.values())
    return {
        "status": "ready" if ready else "unready",
        "checks": dict(sorted(checks.items())),
        "worker": _worker_report(app, found.seen if found else None),
    }


def _worker_report(app: Flask, seen: list[datetime] | None) -> dict:
    """The newest heartbeat and its age. A missing or stale worker is a warning only: the
    web node still serves people, and work waits in the queue (and outbox) until a worker
    comes, so taking every web node out of the load balancer would turn a delay into an
    outage."""
    stale_after = float(app.config["WORKER_STALE_AFTER_SECONDS"])
    if not seen:
        return {
            "last_heartbeat": None,
            "age_seconds": None,
            "alive": 0,
            "warning": "no worker heartbeat" if seen is not None else "unknown",
        }
    now = clock.now()
    ages = [(now - moment).total_seconds() for moment in seen]
    newest = max(seen)
    report = {
        "last_heartbeat": newest.isoformat(),
        "age_seconds": round(max(min(ages), 0.0), 1),
        "alive": sum(age <= stale_after for age in ages),
    }
    if report["alive"] == 0:
        report["warning"] = "worker heartbeat stale"
    return report
