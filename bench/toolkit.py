"""What every benchmark here needs: a free port, the memory of a process tree, percentiles,
and an app on an empty database of its own."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import socket
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree(pid: int) -> list[psutil.Process]:
    """A process and all its children (none when it is gone)."""
    try:
        parent = psutil.Process(pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its children together (bytes)."""
    total = 0
    for proc in _tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


def tree_cpu(pid: int) -> float:
    """CPU seconds a process and its living children have used so far."""
    total = 0.0
    for proc in _tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def fresh_app(folder: Path, database_url: str | None):
    """A Bagage app on an empty, migrated database: SQLite in `folder`, or the PostgreSQL
    database given, whose schema is wiped first (never point it at real data)."""
    for name in ("DATABASE_URL", "REDIS_URL", "STORAGE_BACKEND", "MEDIA_ROOT", "S3_BUCKET"):
        os.environ.pop(name, None)
    os.environ["BAGAGE_INSTANCE_DIR"] = str(folder)
    os.environ["JOBS_SQLITE_PATH"] = str(folder / "jobs.sqlite3")
    from flask_migrate import upgrade

    from app import create_app
    from app.db import db
    from config import TestConfig, normalize_database_url

    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = normalize_database_url(
        database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    )
    config.MEDIA_ROOT = str(folder / "media")
    config.UPLOAD_TMP_DIR = str(folder / "tmp")
    config.RATELIMIT_ENABLED = False
    app = create_app(config)
    logging.disable(logging.INFO)  # the migrations' and the app's lines are not figures
    with app.app_context():
        if db.get_engine().dialect.name == "postgresql":
            empty_schema(database_url)  # before the first connection of the app's own pool
        upgrade(directory=str(ROOT / "migrations"))
    gc.freeze()  # as wsgi.py does once the app is built: full collections skip its objects
    return app


def database_size(database_url: str) -> str:
    """What a PostgreSQL database holds, in a line: its size, dossiers and items."""
    from sqlalchemy import create_engine, text

    from config import normalize_database_url

    engine = create_engine(normalize_database_url(database_url))
    with engine.connect() as conn:
        size = conn.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        dossiers = conn.scalar(text("SELECT count(*) FROM dossiers"))
        items = conn.scalar(text("SELECT count(*) FROM evidence"))
    engine.dispose()
    return f"{size}, {dossiers:,} dossiers, {items:,} items"


def empty_schema(database_url: str) -> None:
    """Wipe a PostgreSQL database's public schema (never point it at real data)."""
    from sqlalchemy import create_engine, text

    from config import normalize_database_url

    engine = create_engine(normalize_database_url(database_url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
