"""The load benchmark runs end to end at its smallest setting and reports no errors.

Figures are printed, never judged here: speed belongs in bench/, not in the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.live import database_url

ROOT = Path(__file__).resolve().parent.parent


def test_load_benchmark_prints_figures_and_no_errors():
    # On SQLite in its temp folder: with DATABASE_URL the benchmark empties that database
    # first, and the suite's database is not its own.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = _load_bench(env, "--levels", "2", "--seconds", "1", "--streams", "3",
                       "--stream-readers", "2", "--workers", "1", "--threads", "16")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for scenario in ("login", "timeline", "capture", "mixed"):
        row = re.search(rf"^{scenario}\s+2\s+([\d.]+)\s+\d+\s+\d+\s+\d+\s+0\b", out, re.M)
        assert row and float(row.group(1)) > 0, out
    assert "[2/2 streams held]" in out, out
    # People who pause between reads, captures and logins: each kind on its own line.
    read = re.search(r"^people read\s+2\s+[\d.]+\s+([\d.]+)\s", out, re.M)
    assert read and float(read.group(1)) > 0, out
    assert re.search(r"^people\s+2 errors 0,", out, re.M), out
    # Whose cores the step kept busy: the server's share is more than nothing.
    cores = re.search(r"^people\s+2 cores busy of \d+: web server ([\d.]+) \(", out, re.M)
    assert cores and float(cores.group(1)) > 0, out
    assert re.search(r"^\s+3\s+3\s+\d+\s+[\d.]+\s+\d+\s+\d+\s+0\s+\d+$", out, re.M), out
    assert "errors: 0" in out.splitlines()[-1], out


on_postgresql = (database_url() or "").startswith("postgresql")


@pytest.mark.skipif(not on_postgresql, reason="--keep-data runs on a PostgreSQL database")
def test_the_people_step_runs_on_a_database_kept_as_it_was():
    # A database of its own on the suite's server: the benchmark writes to it.
    name = f"bagage_bench_kept_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(database_url()).set(database=name).render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url}
    people = ["--only", "people", "--levels", "2", "--seconds", "1", "--stream-readers", "2",
              "--workers", "1", "--threads", "16", "--no-queue-worker"]  # fmt: skip
    try:
        first = _load_bench(env, *people)
        assert first.returncode == 0, first.stdout + first.stderr
        kept = _load_bench(env, "--keep-data", *people)
        assert kept.returncode == 0, kept.stdout + kept.stderr
        # The first run's two people and their items (six each, and what they captured) stayed.
        held = re.search(r"^database kept as it was: .+, 2 dossiers, ([\d,]+) items$",
                         kept.stdout, re.M)  # fmt: skip
        assert held and int(held.group(1).replace(",", "")) >= 12, kept.stdout
        assert re.search(r"^people\s+2 errors 0,", kept.stdout, re.M), kept.stdout
        kept_database = create_engine(url)
        with kept_database.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM dossiers")) == 4
        kept_database.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_keep_data_needs_a_database_and_no_queue_worker():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = _load_bench(env, "--keep-data")
    assert done.returncode == 2
    assert "--keep-data needs DATABASE_URL (PostgreSQL) and --no-queue-worker" in done.stderr


def _load_bench(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "bench/load.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
