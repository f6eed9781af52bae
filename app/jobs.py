"""The background queue: Huey, on SQLite by default (no extra service), on Redis at scale.

Tasks take ids, load fresh state and are idempotent, so running one twice is harmless. A
job that runs beats (:func:`heartbeat`); a sweep in the maintenance loop queues again work
whose worker went quiet (Huey removes a task from the queue when a worker takes it, so a
worker that dies takes its job with it). Run a worker with `huey_consumer app.worker.huey`.
Code hands work to the queue through the outbox (app.outbox.enqueue_after_commit).

Besides the queued tasks, a worker process runs a maintenance loop of its own (registered
with :func:`every`): it does not go through the queue, so it keeps going while the queue's
storage (Redis) is unreachable, which is when it is needed most.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context
from huey import RedisHuey, SqliteHuey
from huey.storage import PriorityRedisStorage
from redis import ConnectionPool
from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import InstrumentedAttribute

from app.db import db, utcnow
from config import INSTANCE_DIR

log = logging.getLogger(__name__)


def make_huey():
    name = os.environ.get("JOBS_QUEUE_NAME", "bagage")
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        # Short timeouts: with Redis down a request hands its work to the outbox and goes on,
        # instead of hanging. The read timeout outlasts huey's 1 s blocking pop.
        pool = ConnectionPool.from_url(
            redis_url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30
        )
        return RedisHuey(name, connection_pool=pool, utc=True, storage_class=_PriorityRedisStorage)
    path = sqlite_queue_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return SqliteHuey(name, filename=path, utc=True)


class _PriorityRedisStorage(PriorityRedisStorage):
    """Jobs by priority (a sorted set, as SQLite's queue is ordered), under a key of its own:
    the plain list an earlier version kept under the usual key cannot become a sorted set.
    Workers take over what is still on that list (left before an upgrade, or put there by a
    web process not yet restarted), at start and every minute."""

    TAKE_OVER_EVERY = 60.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_key = self.queue_key  # huey.redis.<name>
        self.queue_key = f"huey.priority.{self.name}"
        self._taken_over_at = float("-inf")

    def dequeue(self):
        if time.monotonic() - self._taken_over_at >= self.TAKE_OVER_EVERY:
            self._taken_over_at = time.monotonic()
            self.take_over_list()
        return super().dequeue()

    def take_over_list(self) -> int:
        moved = 0
        while (data := self.conn.rpop(self.list_key)) is not None:  # oldest first
            self.enqueue(data)
            moved += 1
        if moved:
            log.info("moved %d job(s) from the queue's old list to its priority queue", moved)
        return moved


def sqlite_queue_path() -> str:
    """The embedded queue's SQLite file (when REDIS_URL is not set)."""
    return os.environ.get("JOBS_SQLITE_PATH") or str(INSTANCE_DIR / "jobs.sqlite3")


huey = make_huey()

#: The priority of a job someone is looking at the screen for (a mail with a code, the first
#: thumbnail of a photo): it goes before the queue's other work (the default, 0).
SOMEONE_WAITS = 20
#: The priority of work nobody waits for, done once the rest is (a photo's display WebP:
#: browsers are sent its JPEG meanwhile).
AFTER_THE_REST = -10

_app_factory: Callable[[], Flask] | None = None
_worker_app: Flask | None = None
_worker_app_lock = threading.Lock()


def use_app_factory(factory: Callable[[], Flask]) -> None:
    """How a worker process makes its app: app.worker passes create_app, which sits above
    the queue (the factory wires everything, so the queue cannot import it)."""
    global _app_factory
    _app_factory = factory


def worker_app() -> Flask:
    """The Flask app a worker process runs its tasks in, made once per process: a threaded
    consumer's threads all take their first job at once and must share one app, not each
    make their own (and fail a job while another thread is halfway)."""
    global _worker_app
    if _worker_app is None:
        with _worker_app_lock:
            if _worker_app is None:
                if _app_factory is None:
                    raise RuntimeError("no app factory: run workers on app.worker.huey")
                app = _app_factory()
                # The consumer prints huey's log lines itself; don't print them twice.
                logging.getLogger("huey").propagate = False
                _worker_app = app
    return _worker_app


def in_app_context(fn: Callable) -> Callable:
    """Run a task inside an app context: the caller's in eager mode, else the worker's."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if has_app_context():
            return fn(*args, **kwargs)
        with worker_app().app_context():
            return fn(*args, **kwargs)

    return wrapper


def heartbeat_interval(app: Flask) -> float:
    """Seconds between a running job's heartbeats: several within the stalled time."""
    return max(0.2, min(10.0, app.config["JOB_STALLED_AFTER_SECONDS"] / 4))


@contextmanager
def heartbeat(column: InstrumentedAttribute, *where: ColumnElement[bool]) -> Iterator[None]:
    """Write the time into `column` of the job's row (the rows matching `where`) every few
    seconds while the block runs, from a thread of its own and in a transaction of its own:
    the job's own steps may take longer than the stalled time (one large file), but the
    process that runs them is alive. When the process dies the beats stop, and the sweep
    finds the job."""
    app = current_app._get_current_object()
    interval = heartbeat_interval(app)
    done = threading.Event()

    def run() -> None:
        while not done.wait(interval):
            try:
                with app.app_context(), db.engine.begin() as connection:
                    connection.execute(
                        update(column.class_).where(*where).values({column: utcnow()})
                    )
            except Exception:  # noqa: BLE001 - a missed beat is retried; the job goes on
                log.warning("heartbeat failed", exc_info=True)

    thread = threading.Thread(target=run, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=5)


@dataclass
class _Routine:
    fn: Callable[[], None]
    interval_key: str  # the config key with the seconds between runs
    due: float = 0.0


_routines: list[_Routine] = []
_maintenance_started = False
_maintenance_lock = threading.Lock()


def every(interval_key: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register `fn` with the worker's maintenance loop, run every `app.config[interval_key]`
    seconds inside an app context. A run that fails is logged; the next run comes as usual."""

    def register(fn: Callable[[], None]) -> Callable[[], None]:
        _routines.append(_Routine(fn, interval_key))
        return fn

    return register


def run_maintenance_once(app: Flask) -> None:
    """Run every routine that is due (all of them on the first call)."""
    now = time.monotonic()
    for routine in _routines:
        if routine.due > now:
            continue
        routine.due = now + float(app.config[routine.interval_key])
        try:
            with app.app_context():
                routine.fn()
        except Exception:  # noqa: BLE001 - a failing routine must not stop the others
            log.exception("maintenance routine %s failed", routine.fn.__qualname__)


def _maintenance_loop() -> None:
    app = worker_app()
    while True:
        run_maintenance_once(app)
        time.sleep(0.5)


@huey.on_startup()
def _start_maintenance() -> None:
    # Huey calls startup hooks in every worker thread; the loop runs once per process.
    global _maintenance_started
    with _maintenance_lock:
        if _maintenance_started:
            return
        _maintenance_started = True
    threading.Thread(target=_maintenance_loop, name="maintenance", daemon=True).start()
