"""Engine, request-scoped session, the unit of work and the declarative base for typed models.

A request is one transaction: services flush, and the request is committed once when its
answer is a success (rolled back otherwise), before the body streams. Code outside a request
(CLI commands, jobs) runs its work in :meth:`Database.unit_of_work`. Nothing else commits,
except where :meth:`Database.checkpoint` names why the work so far must be committed mid-way.

Work that must only happen once the data is durable (enqueueing jobs, waking live streams,
sending mail or push, deleting files) is registered with :meth:`Database.after_commit`; work
that undoes side effects of a failed request (removing files written for rows that never
landed) with :meth:`Database.on_rollback`. Both run through one guarded dispatcher: a callback
that fails is logged and tried again, and never stops the others nor fails the request.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, current_app, request
from sqlalchemy import DateTime, MetaData, create_engine, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session
from sqlalchemy.types import TypeDecorator

from app import clock
from app.errors import Conflict, database_error_response, error_response

log = logging.getLogger(__name__)

#: How often a failing after-commit (or on-rollback) callback is tried, and the pause before
#: each retry: long enough for a blip (a Redis reconnect), short enough not to hold a request.
CALLBACK_ATTEMPTS = 3
CALLBACK_RETRY_PAUSE = 0.05

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite keeps no zone of its own)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


def utcnow() -> datetime:
    return clock.now()


def get_or_create(session: Session, model, defaults: dict | None = None, **lookup):
    """The row matching `lookup` (a unique key), made with `defaults` when missing. Two
    requests making it at the same moment is not an error: the loser reads the winner's."""
    row = session.scalars(select(model).filter_by(**lookup)).first()
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = model(**lookup, **(defaults or {}))
            session.add(row)
    except IntegrityError:
        row = session.scalars(select(model).filter_by(**lookup)).one()
    return row


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class _AppDatabase:
    """What one app holds: its engine, and in tests a connection to bind sessions to."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.test_connection: Connection | None = None


class Database:
    """A small Flask extension: one engine per app, one session per app context (thread)."""

    def __init__(self) -> None:
        self.session = scoped_session(self._new_session)
        self.metadata = Base.metadata

    def init_app(self, app: Flask) -> None:
        app.extensions["bagage_db"] = _AppDatabase(
            make_engine(
                app.config["SQLALCHEMY_DATABASE_URI"],
                pool_size=app.config["DATABASE_POOL_SIZE"],
                max_overflow=app.config["DATABASE_MAX_OVERFLOW"],
            )
        )

        @app.after_request
        def _end_transaction(response):
            # The request's one commit (or rollback), before the body streams: a video
            # download can take minutes, and no lock may outlive the handler. API handlers
            # have committed already (api.blueprint); this ends the rest.
            if response.status_code >= 400:
                self._end_failed()
                return response
            try:
                self.commit_request()
            except Conflict as exc:
                return error_response(exc.status, exc.code, exc.message)
            except DBAPIError as exc:
                self._end_failed()
                unavailable = database_error_response(exc)
                if unavailable is None:
                    raise
                return unavailable
            self._end_failed()  # what a callback read or left undone is not held meanwhile
            return response

        @app.teardown_appcontext
        def _end_session(exc: BaseException | None) -> None:
            self._end_failed()
            self.session.remove()

    @staticmethod
    def _state() -> _AppDatabase:
        return current_app.extensions["bagage_db"]

    @property
    def engine(self) -> Engine:
        return self._state().engine

    # The Flask-Migrate env.py asks for this.
    def get_engine(self) -> Engine:
        return self._state().engine

    def _new_session(self) -> Session:
        state = self._state()
        if state.test_connection is not None:
            # Tests: everything happens inside one outer transaction that is rolled back.
            return Session(
                bind=state.test_connection,
                join_transaction_mode="create_savepoint",
                expire_on_commit=False,
            )
        return Session(bind=state.engine, expire_on_commit=False)

    def bind_to_connection(self, app: Flask, connection: Connection | None) -> None:
        """Tests: make this app's sessions join the given connection's transaction."""
        app.extensions["bagage_db"].test_connection = connection

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the current unit of work has committed (never if it rolls back)."""
        self.session().info.setdefault("after_commit", []).append(callback)

    def on_rollback(self, callback: Callable[[], None]) -> None:
        """Run `callback` if the current unit of work rolls back (never if it commits)."""
        self.session().info.setdefault("after_rollback", []).append(callback)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Work outside a request (a CLI command, a job, one step of a long stream): committed
        at the end with its after-commit callbacks dispatched, or rolled back on an error."""
        try:
            yield self.session()
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def commit_request(self) -> None:
        """The end of a request's unit of work, once its handler has done its work and
        before the answer is written. A constraint only the commit finds (a race with another
        request) is answered as a conflict, never as a server error."""
        try:
            self.commit()
        except IntegrityError as exc:
            log.warning("commit refused on %s %s: %s", request.method, request.path, exc.orig)
            self.rollback()
            raise Conflict("This changed at the same moment elsewhere; try again.") from exc

    def checkpoint(self) -> None:
        """Commit the work so far in the middle of a request or a job. Only for the reasons
        that need it, named at each call: it must stay although the answer will be an error
        (a wrong guess counts), it must be seen while the work goes on (a job's progress), or
        no transaction may be open during what follows (SQLite holds its write lock for the
        whole transaction: a file being hashed, inspected or stored, or a stream that waits,
        would block every other writer)."""
        self.commit()

    def commit(self) -> None:
        """The end of a unit of work: commit, then dispatch the after-commit callbacks.
        Application code never calls it (tests/test_unit_of_work.py keeps it so): a request
        is committed by the app, other work uses unit_of_work() or checkpoint(). Tests may,
        to set a scene."""
        session = self.session()
        session.commit()
        session.info.pop("after_rollback", None)
        _dispatch(session.info.pop("after_commit", []), "after-commit")

    def rollback(self) -> None:
        session = self.session()
        session.rollback()
        session.info.pop("after_commit", None)
        _dispatch(reversed(session.info.pop("after_rollback", [])), "on-rollback")

    def _end_failed(self) -> None:
        session = self.session()
        if session.info.get("after_rollback") or session.in_transaction():
            self.rollback()


def _dispatch(callbacks, kind: str) -> None:
    """Run every callback, each on its own: one that fails is logged with its name and
    tried again a few times, and never keeps the others from running."""
    for callback in list(callbacks):
        name = getattr(callback, "__qualname__", None) or repr(callback)
        for attempt in range(1, CALLBACK_ATTEMPTS + 1):
            try:
                callback()
                break
            except Exception:  # noqa: BLE001 - the data is committed; the request stands
                if attempt == CALLBACK_ATTEMPTS:
                    log.exception("%s callback %s failed %d times; gave up", kind, name, attempt)
                else:
                    log.warning("%s callback %s failed; trying again", kind, name, exc_info=True)
                    time.sleep(CALLBACK_RETRY_PAUSE * attempt)


def make_engine(url: str, *, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    """The engine for `url`, keeping `pool_size` connections open (see DATABASE_POOL_SIZE)."""
    pool = {"pool_size": pool_size, "max_overflow": max_overflow}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy emits BEGIN.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:
            # IMMEDIATE takes the write lock up front: a deferred transaction that reads and
            # then writes fails at once ("database is locked") when another connection
            # committed in between, while this one waits its turn. Transactions are kept
            # short (no file work inside them), so the wait is short too.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # No JIT compilation: it pays off for long analytical queries, while every query here is
    # short, and a plan whose cost is overestimated (a coverage matrix of a big dossier) spent
    # seconds compiling what then ran in milliseconds.
    return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c jit=off"}, **pool)


db = Database()
