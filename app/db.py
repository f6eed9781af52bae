"""Engine, request-scoped session and the declarative base for typed models.

Services flush; the request commits once through :meth:`Database.commit`. Work that must only
happen once the data is durable (deleting files, later: enqueueing jobs, sending mail) is
registered with :meth:`Database.after_commit`; work that undoes side effects of a failed
request (removing files written for rows that never landed) with :meth:`Database.on_rollback`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask, current_app
from sqlalchemy import DateTime, MetaData, create_engine, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session
from sqlalchemy.types import TypeDecorator

from app import clock

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
            make_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        )

        @app.after_request
        def _end_transaction(response):
            # Before the body streams (a video download can take minutes): whatever the
            # handler did not commit is rolled back, and no lock outlives the handler.
            session = self.session()
            if session.info.get("after_rollback") or session.in_transaction():
                self.rollback()
            return response

        @app.teardown_appcontext
        def _end_session(exc: BaseException | None) -> None:
            session = self.session()
            if session.info.get("after_rollback") or session.in_transaction():
                self.rollback()
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
        self.session().info.setdefault("after_commit", []).append(callback)

    def on_rollback(self, callback: Callable[[], None]) -> None:
        self.session().info.setdefault("after_rollback", []).append(callback)

    def commit(self) -> None:
        session = self.session()
        session.commit()
        session.info.pop("after_rollback", None)
        for callback in session.info.pop("after_commit", []):
            callback()

    def rollback(self) -> None:
        session = self.session()
        session.rollback()
        session.info.pop("after_commit", None)
        for callback in reversed(session.info.pop("after_rollback", [])):
            callback()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

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
    return create_engine(url, pool_pre_ping=True)


db = Database()
