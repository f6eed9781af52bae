"""How long a coordinator with 500 pupils waits for "Mijn leerlingen" (GET /api/v1/caseload).

Builds a throw-away instance (a SQLite file in a temp folder, or the database of
--database-url, whose schema it resets) and seeds it in the database directly: one
coordinator, pupils in a few schools and groups, each pupil's dossier with notes and photos
(thumbnail rows, no files), reflections, a conversation, some internships, reports waiting
for a signature, and visits for part of them. Then it asks for the caseload's first page, a
later page, a name search and a group filter, several times each, through the app (the
Flask test client with a personal access token), and prints p50 and p95 with the number of
SQL statements per request. It never fails on a slow result.

    .venv/bin/python bench/caseload.py
    .venv/bin/python bench/caseload.py --pupils 1000 --items 30 --runs 50
    .venv/bin/python bench/caseload.py --database-url postgresql://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.toolkit import fresh_app, percentile  # noqa: E402

SCHOOLS = ("Het Baken", "De Horizon", "Sint-Jan")
GROUPS = ("4A", "4B", "5A", "5B", "6V")
WORKPLACES = ("De Gouden Lepel", "Garage Jansen", "Zorgcentrum De Linde", "Bakkerij Koek")
NAMES = (
    "Anna", "Bram", "Cas", "Daan", "Eva", "Fenna", "Gijs", "Hanna", "Ilias", "Jesse",
    "Kim", "Lotte", "Milan", "Noor", "Omar", "Pien", "Quinten", "Roos", "Sem", "Tess",
)  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=500, help="pupils the coordinator supports")
    parser.add_argument("--items", type=int, default=20, help="evidence items per pupil")
    parser.add_argument("--runs", type=int, default=30, help="requests of each kind")
    parser.add_argument("--database-url", default="", help="a database to use (reset!)")
    return parser.parse_args(argv)


def seed(session, pupils: int, items: int) -> tuple[object, str]:
    """The coordinator and her pupils; returns her and a personal access token."""
    from app.accounts.models import User
    from app.accounts.services import create_access_token, register_user
    from app.db import utcnow
    from app.dossiers.models import Dossier, Evidence, Message, Reflection
    from app.people.models import DossierVisit, Grant, Internship, Membership, Organisation
    from app.reports.models import InternshipReport
    from media.models import MediaAsset

    rng = random.Random(500)
    now = utcnow()
    coordinator = register_user(
        session, email="coordinator@bench.example", password="bench-password-2026",
        display_name="Fatima")  # fmt: skip
    coordinator.email_verified_at = now
    _row, token = create_access_token(session, coordinator, name="bench")
    schools = [Organisation(name=name, kind="education") for name in SCHOOLS]
    session.add_all(schools)
    session.flush()
    for school in schools:
        session.add(Membership(organisation_id=school.id, user_id=coordinator.id,
                               role="coordinator", accepted_at=now))  # fmt: skip
    # Written in layers (people, their dossiers, the rest), so every row's references exist.
    layers: tuple[list, list, list] = ([], [], [])
    for n in range(pupils):
        name = f"{NAMES[n % len(NAMES)]} {n:04d}"
        pupil = User(id=uuid.uuid4(), email=f"pupil-{n}@bench.example", display_name=name,
                     password_hash="!", email_verified_at=now)  # fmt: skip
        dossier = Dossier(id=uuid.uuid4(), owner_id=pupil.id, title=name)
        school = schools[n % len(schools)]
        began = now - timedelta(days=120)
        grant = Grant(id=uuid.uuid4(), dossier_id=dossier.id, grantee_id=coordinator.id,
                      role="coordinator", scopes=["reflect", "view"],
                      organisation_id=school.id, created_at=began)  # fmt: skip
        layers[0].append(pupil)
        layers[1].append(dossier)
        rows = layers[2]
        rows += [grant,
                 Membership(organisation_id=school.id, user_id=pupil.id, role="student",
                            accepted_at=now, group_name=GROUPS[n % len(GROUPS)])]  # fmt: skip
        for i in range(items):
            when = began + timedelta(days=i * 6, hours=rng.randrange(24))
            photo = i % 3 == 0
            evidence = Evidence(
                id=uuid.uuid4(), dossier_id=dossier.id, kind="photo" if photo else "note",
                title=f"Stagedag {i + 1}", description="Wat ik deed en wat ik leerde.",
                occurred_at=when, created_at=when, created_by_id=pupil.id, status="ready",
            )  # fmt: skip
            rows.append(evidence)
            if photo:
                rows += [MediaAsset(evidence_id=evidence.id, role=role, storage_backend="local",
                                    storage_key=f"bench/{evidence.id}/{role}",
                                    content_type=kind, size_bytes=9000, sha256="0" * 64,
                                    width=320, height=240)
                         for role, kind in (("thumbnail", "image/jpeg"),
                                            ("thumbnail_webp", "image/webp"))]  # fmt: skip
            if i % 4 == 0:
                rows.append(Reflection(evidence_id=evidence.id, author_id=pupil.id,
                                       author_role="owner", content={"text": "Goed gegaan."},
                                       created_at=when + timedelta(hours=2)))  # fmt: skip
            if i % 5 == 0:
                rows.append(Reflection(evidence_id=evidence.id, author_id=coordinator.id,
                                       author_role="coordinator",
                                       content={"text": "Mooi voorbeeld."},
                                       created_at=when + timedelta(days=1)))  # fmt: skip
        for m in range(6):
            mine = m % 2 == 1
            rows.append(Message(dossier_id=dossier.id,
                                author_id=coordinator.id if mine else pupil.id,
                                author_role="coordinator" if mine else "owner",
                                body="Hoe ging het vandaag?" if m == 5 else "Goed, dank je.",
                                created_at=began + timedelta(days=10 * m + n % 7)))  # fmt: skip
        if n % 3 == 0:
            rows.append(DossierVisit(user_id=coordinator.id, dossier_id=dossier.id,
                                     seen_at=began + timedelta(days=60 + n % 60)))  # fmt: skip
        if n % 4 == 0:
            rows.append(Internship(dossier_id=dossier.id, organisation_id=school.id,
                                   workplace=WORKPLACES[n % len(WORKPLACES)],
                                   supervisor_name="Peter", supervisor_email="p@bench.example",
                                   starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 31),
                                   scopes=["view"], status="approved"))  # fmt: skip
        if n % 10 == 0:
            rows.append(InternshipReport(dossier_id=dossier.id, title="Stageverslag",
                                         period_start=date(2026, 9, 1),
                                         period_end=date(2026, 12, 31), signoffs=[],
                                         ready_at=now))  # fmt: skip
        if len(rows) > 5000 or n == pupils - 1:
            for layer in layers:
                session.add_all(layer)
                session.flush()
                layer.clear()
    return coordinator, token


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bagage-caseload-bench-"))
    try:
        app = fresh_app(folder, args.database_url)
        from sqlalchemy import event

        from app.db import db

        with app.app_context():
            engine = db.get_engine()
            began = time.perf_counter()
            _coordinator, token = seed(db.session(), args.pupils, args.items)
            db.commit()
            print(f"set-up: {args.pupils} pupils with {args.items} items, 6 messages and "
                  f"reflections each, on {engine.dialect.name}, made in "
                  f"{time.perf_counter() - began:.1f} s (not counted)")  # fmt: skip

        http = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        statements = []
        event.listen(engine, "before_cursor_execute", lambda *_a: statements.append(1))

        def timed(label: str, query: dict) -> None:
            times, counts, answer = [], [], None
            for _ in range(args.runs):
                statements.clear()
                start = time.perf_counter()
                response = http.get("/api/v1/caseload", query_string=query, headers=headers)
                times.append(time.perf_counter() - start)
                counts.append(len(statements))
                assert response.status_code == 200, response.get_data(as_text=True)[:300]
                answer = response.json
            print(f"{label:<34} p50 {percentile(times, 50) * 1000:7.1f} ms   "
                  f"p95 {percentile(times, 95) * 1000:7.1f} ms   "
                  f"{max(counts)} SQL statements   {len(answer['items'])} of "
                  f"{answer['total']} people")  # fmt: skip

        http.get("/api/v1/caseload", headers=headers)  # warm-up: first-use imports, not counted
        timed("first page (30)", {})
        timed("a later page (offset 300)", {"offset": 300})
        timed("name search ('Noor')", {"q": "Noor"})
        timed("group filter (4B) + workplace", {"group": "4B", "workplace": WORKPLACES[0]})
        timed("page of 100", {"limit": 100})
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
