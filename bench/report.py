"""How long a 30-item internship report takes to render: HTML preview and PDF (WeasyPrint).

Builds a throw-away instance (SQLite database, local media, eager jobs) in a temp folder, and
through the API a pupil's dossier with photos and videos in one period, reflections from the
pupil, the coordinator and the employer on each item, competency levels, and both sign-offs.
Then it asks for the report's preview and PDF several times and prints the figures. It never
fails on a slow result.

    .venv/bin/python bench/report.py
    .venv/bin/python bench/report.py --items 60 --videos 5 --runs 5
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-2026"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=30, help="evidence items in the report")
    parser.add_argument("--videos", type=int, default=3, help="how many of them are videos")
    parser.add_argument("--runs", type=int, default=3, help="renders of each kind")
    return parser.parse_args(argv)


def _video(folder: Path, n: int) -> bytes:
    path = folder / f"clip-{n}.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
         "-t", "1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast",
         "-metadata", f"comment=clip {n}", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    return path.read_bytes()


class Client:
    """A logged-in API client on the Flask test client."""

    def __init__(self, app, name: str) -> None:
        self.http = app.test_client()
        email = f"{name.lower()}@bench.example"
        body = {"email": email, "password": PASSWORD, "display_name": name}
        r = self.http.post("/api/v1/auth/register", json=body)
        assert r.status_code == 202, r.json
        # The code from the mail (TestConfig keeps mail in memory) verifies and logs in.
        mail = [m for m in app.extensions["mail_outbox"] if m["to"] == email][-1]
        code = re.search(r"\b(\d{6})\b", mail["body"]).group(1)
        r = self.http.post("/api/v1/auth/verify", json={"email": email, "code": code})
        assert r.status_code == 200, r.json
        self.me = r.json
        self.headers = {"X-CSRF-Token": r.json["csrf_token"]}

    @property
    def dossier(self) -> str:
        return self.me["dossiers"][0]["id"]

    def call(self, method: str, path: str, **kwargs):
        r = self.http.open(f"/api/v1{path}", method=method, headers=self.headers, **kwargs)
        assert r.status_code < 300, (method, path, r.status_code, r.get_data(as_text=True)[:300])
        return r


def _share(owner: Client, other: Client, role: str) -> None:
    org = other.call("POST", "/organisations", json={"name": f"Stage {role}", "kind": "work"}).json
    offer = other.call("POST", f"/organisations/{org['id']}/members",
                       json={"email": owner.me["email"], "role": "student"}).json  # fmt: skip
    owner.call("POST", f"/memberships/{offer['id']}/accept")
    owner.call("POST", f"/dossiers/{owner.dossier}/grants", json={
        "user_id": other.me["id"], "organisation_id": org["id"], "scopes": ["view", "reflect"],
        "role": role})  # fmt: skip


def build(app, items: int, videos: int, folder: Path) -> tuple[Client, str]:
    from app.db import db
    from app.demo import demo_photo
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    pupil, coordinator, employer = (Client(app, n) for n in ("Daan", "Fatima", "Peter"))
    _share(pupil, coordinator, "coordinator")
    _share(pupil, employer, "employer")
    competencies = pupil.call("GET", "/competencies", query_string={"q": "op tijd"}).json[:3]
    rng = random.Random(30)
    start = datetime(2026, 10, 1, 8, tzinfo=UTC)
    every = max(1, items // videos) if videos else 0
    for n in range(items):
        when = (start + timedelta(days=n % 30, hours=n % 5)).isoformat()
        if every and n % every == 0 and n // every < videos:
            data, name = _video(folder, n), f"clip-{n}.mp4"
        else:
            data, name = demo_photo(rng, (2000, 1500)), f"photo-{n}.jpg"
        item = pupil.call("POST", f"/dossiers/{pupil.dossier}/evidence", data={
            "title": f"Stagedag {n + 1}", "description": "Wat ik deed en wat ik leerde. " * 3,
            "occurred_at": when, "file": (io.BytesIO(data), name),
        }, content_type="multipart/form-data").json  # fmt: skip
        competency = competencies[n % len(competencies)]["id"] if competencies else None
        if competency:
            pupil.call("POST", f"/evidence/{item['id']}/competencies",
                       json={"item_id": competency})  # fmt: skip
        for person, text in ((pupil, "Ik leerde hier veel van."),
                             (coordinator, "Goed voorbereid."),
                             (employer, "Netjes en op tijd gedaan.")):  # fmt: skip
            body = {"content": {"text": text}}
            if competency:
                body.update(item_id=competency, level=1 + n % 3)
            person.call("POST", f"/evidence/{item['id']}/reflections", json=body)
    report = coordinator.call("POST", f"/dossiers/{pupil.dossier}/reports", json={
        "title": "Stageverslag keuken", "internship": "De Gouden Lepel", "hours": 240,
        "period_start": "2026-10-01", "period_end": "2026-10-31"}).json  # fmt: skip
    employer.call("POST", f"/reports/{report['id']}/signoff")
    coordinator.call("POST", f"/reports/{report['id']}/signoff")
    return pupil, report["id"]


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return times, result


def line(label: str, times: list[float]) -> str:
    return (f"{label:<34} median {statistics.median(times):6.2f} s   "
            f"min {min(times):6.2f} s   max {max(times):6.2f} s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bagage-report-bench-"))
    try:
        # A fresh instance in the temp folder; nothing reaches the developer's database or queue.
        for name in ("DATABASE_URL", "REDIS_URL", "STORAGE_BACKEND", "MEDIA_ROOT", "S3_BUCKET"):
            os.environ.pop(name, None)
        os.environ["BAGAGE_INSTANCE_DIR"] = str(folder)
        os.environ["JOBS_SQLITE_PATH"] = str(folder / "jobs.sqlite3")
        sys.path.insert(0, str(ROOT))
        import logging

        from flask_migrate import upgrade

        from app import create_app
        from app.jobs import huey
        from config import TestConfig

        config = TestConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.sqlite3'}"
        config.MEDIA_ROOT = str(folder / "media")
        config.UPLOAD_TMP_DIR = str(folder / "tmp")
        app = create_app(config)
        logging.getLogger().setLevel(logging.WARNING)
        for name in ("alembic", "weasyprint", "fontTools", "huey"):
            logging.getLogger(name).setLevel(logging.ERROR)
        huey.immediate = True  # photos and videos are processed during their upload
        logging.disable(logging.INFO)  # the migrations' and the app's lines are not figures
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))

        began = time.perf_counter()
        pupil, report = build(app, args.items, args.videos, folder)
        print(f"set-up: {args.items} items ({args.videos} videos), 3 reflections each, "
              f"made in {time.perf_counter() - began:.1f} s (not counted)")  # fmt: skip

        def preview():
            return pupil.call("GET", f"/reports/{report}/preview").get_data()

        def pdf():
            return pupil.call("GET", f"/reports/{report}/pdf").get_data()

        pdf()  # warm-up: first-use imports and font loading, not counted
        html_times, html = timed(preview, args.runs)
        pdf_times, data = timed(pdf, args.runs)
        import pypdf

        pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        codes = html.count(b'class="qr"')
        print(f"report: {html.count(b'<article')} items, {codes} QR codes, "
              f"{pages} PDF pages, {len(data) / 1e6:.1f} MB")  # fmt: skip
        print(line("HTML preview (GET .../preview)", html_times))
        print(line("PDF (GET .../pdf, WeasyPrint)", pdf_times))
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
