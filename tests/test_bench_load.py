"""The load benchmark runs end to end at its smallest setting and reports no errors.

Figures are printed, never judged here: speed belongs in bench/, not in the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_load_benchmark_prints_figures_and_no_errors():
    # On SQLite in its temp folder: with DATABASE_URL the benchmark empties that database
    # first, and the suite's database is not its own.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--levels", "2", "--seconds", "1",
         "--streams", "3", "--stream-readers", "2", "--workers", "1", "--threads", "16"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
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
