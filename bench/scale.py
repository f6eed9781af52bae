"""The lists at the size of a school board: one big dossier, a coordinator with 500 pupils
among thousands of other dossiers, on PostgreSQL.

Seeds the database of --database-url (its schema is reset first: give it one of its own)
mostly in SQL (generate_series), so a million evidence rows take minutes, not hours: one
owner's dossier with --evidence items (3.5 media rows and half a competency link each, on
average), a framework of --competencies items the dossier works with, and --dossiers other
people with a dossier each, --pupils of whom are pupils of the coordinator's school who
opened their dossier to her (each with a few notes). Then it asks, through the app (the
Flask test client with personal access tokens), for the caseload of her pupils, the shared
dossiers, the coverage of the big dossier, its timeline's first page and a deep page (the
cursor at row N/2), and prints p50 and p95, the SQL statements per request and the target
next to each. A bare baseline runs the timeline's keyset query alone in the same run. It
never fails on a slow result.

    .venv/bin/python bench/scale.py --database-url postgresql://postgres@127.0.0.1:5432/bench
    # the issue's size: a million items, 3.5 M media rows, 500 k links (about 5 minutes' seeding)
    .venv/bin/python bench/scale.py --database-url ... --evidence 1000000 --dossiers 10000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.toolkit import fresh_app, percentile  # noqa: E402

#: (what, target p95 in ms) as issue 20 states them.
TARGETS = {"caseload": 100, "coverage": 200, "timeline": 50}
PASSWORD = "bench-password-2026"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database (reset!)")
    parser.add_argument("--evidence", type=int, default=100_000, help="items in the big dossier")
    parser.add_argument("--dossiers", type=int, default=2_000, help="other people's dossiers")
    parser.add_argument("--pupils", type=int, default=500, help="of them, the coordinator's")
    parser.add_argument("--competencies", type=int, default=60, help="items of the framework")
    parser.add_argument("--runs", type=int, default=30, help="requests of each kind")
    return parser.parse_args(argv)


def seed(session, args) -> dict:
    """People and their rows; returns the tokens, the big dossier and the framework."""
    from sqlalchemy import select, text

    from app.accounts.services import create_access_token, register_user
    from app.db import utcnow
    from app.dossiers.models import Dossier
    from app.people.models import Membership
    from app.people.services import create_organisation
    from competencies import services as competencies

    now = utcnow()
    owner = register_user(session, email="owner@bench.example", password=PASSWORD,
                          display_name="Sanne de Vries")  # fmt: skip
    coordinator = register_user(session, email="coordinator@bench.example", password=PASSWORD,
                                display_name="Fatima")  # fmt: skip
    owner.email_verified_at = coordinator.email_verified_at = now
    school = create_organisation(session, coordinator, name="Het Baken", kind="education")
    session.add(Membership(organisation_id=school.id, user_id=coordinator.id,
                           role="coordinator", accepted_at=now))  # fmt: skip
    framework = competencies.create_framework(session, owner, title="Bekwaamheidseisen")
    domains = [competencies.add_item(session, framework, full_statement=f"Domein {d}",
                                     human_code=f"D{d}") for d in range(1, 4)]  # fmt: skip
    for n in range(args.competencies - len(domains)):
        competencies.add_item(session, framework, full_statement=f"Competentie {n + 1}",
                              human_code=f"D{n % 3 + 1}.{n + 1}",
                              parent_id=domains[n % 3].id)  # fmt: skip
    dossier = session.scalar(select(Dossier).where(Dossier.owner_id == owner.id))
    competencies.set_dossier_frameworks(session, owner, dossier, [framework.id])
    _row, owner_token = create_access_token(session, owner, name="bench")
    _row, coordinator_token = create_access_token(session, coordinator, name="bench")
    session.flush()

    sql = {
        "owner": owner.id, "dossier": dossier.id, "framework": framework.id,
        "coordinator": coordinator.id, "school": school.id, "n": args.evidence,
        "others": args.dossiers, "pupils": args.pupils, "now": now.replace(tzinfo=None),
    }  # fmt: skip
    steps = [
        # The big dossier: an item every ten minutes back from now, every third a photo.
        """INSERT INTO evidence (id, dossier_id, kind, title, description, occurred_at,
               created_at, updated_at, created_by_id, status, status_reason,
               processing_attempts, created_role, created_by_name)
           SELECT gen_random_uuid(), :dossier,
                  CASE WHEN g % 3 = 0 THEN 'photo' ELSE 'note' END,
                  'Lesdag ' || g, 'Wat ik deed en wat ik ervan leerde.',
                  :now - g * interval '10 minutes', :now - g * interval '10 minutes',
                  :now - g * interval '10 minutes', :owner, 'ready', '', 0, 'owner', ''
           FROM generate_series(1, :n) AS g""",
        # 3.5 files per item on average: three variants each, the original of every other.
        """INSERT INTO media_assets (id, evidence_id, role, storage_backend, storage_key,
               content_type, size_bytes, sha256, original_filename, width, height, created_at)
           SELECT gen_random_uuid(), e.id, r.role, 'local', 'bench/' || e.id || '/' || r.role,
                  r.type, 90000, repeat('0', 64), '', 1440, 1080, e.created_at
           FROM (SELECT id, created_at, row_number() OVER () AS g FROM evidence
                 WHERE dossier_id = :dossier) AS e
           JOIN (VALUES ('thumbnail', 'image/jpeg', 0), ('thumbnail_webp', 'image/webp', 0),
                        ('display', 'image/jpeg', 0), ('original', 'image/jpeg', 1))
                AS r(role, type, odd) ON r.odd = 0 OR e.g % 2 = 1""",
        # Every other item shows one of the framework's competencies.
        """INSERT INTO evidence_links (id, evidence_id, dossier_id, item_id, note, created_by_id,
               created_at)
           SELECT gen_random_uuid(), e.id, :dossier, i.id, '', :owner, e.created_at
           FROM (SELECT id, created_at, row_number() OVER () AS g FROM evidence
                 WHERE dossier_id = :dossier) AS e
           JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k,
                        count(*) OVER () AS total
                 FROM framework_items WHERE framework_id = :framework) AS i
             ON e.g % 2 = 0 AND i.k = (e.g / 2) % i.total""",
        # Other people, each with a dossier.
        """INSERT INTO users (id, email, display_name, locale, password_hash, created_at,
               notification_settings, is_guest, email_verified_at)
           SELECT gen_random_uuid(), 'person-' || g || '@bench.example',
                  'Leerling ' || lpad(g::text, 5, '0'), 'nl', '!', :now, '{}', false, :now
           FROM generate_series(1, :others) AS g""",
        """INSERT INTO dossiers (id, owner_id, title, created_at)
           SELECT gen_random_uuid(), id, display_name, :now FROM users
           WHERE email LIKE 'person-%@bench.example'""",
        # The first --pupils of them: pupils of the school who opened their dossier to her.
        """CREATE TEMPORARY TABLE bench_pupils ON COMMIT DROP AS
           SELECT u.id AS user_id, d.id AS dossier_id, row_number() OVER (ORDER BY u.email) AS g
           FROM users u JOIN dossiers d ON d.owner_id = u.id
           WHERE u.email LIKE 'person-%@bench.example' ORDER BY u.email LIMIT :pupils""",
        """INSERT INTO memberships (id, organisation_id, user_id, role, started_at,
               accepted_at, group_name)
           SELECT gen_random_uuid(), :school, user_id, 'student', :now, :now,
                  (ARRAY['4A', '4B', '5A', '5B'])[g % 4 + 1]
           FROM bench_pupils""",
        """INSERT INTO grants (id, dossier_id, grantee_id, role, scopes, organisation_id,
               coach_may_rate, created_at, updated_at)
           SELECT gen_random_uuid(), dossier_id, :coordinator, 'coordinator',
                  '["reflect", "view"]', :school, false, :now - g * interval '1 minute', :now
           FROM bench_pupils""",
        """INSERT INTO evidence (id, dossier_id, kind, title, description, occurred_at,
               created_at, updated_at, created_by_id, status, status_reason,
               processing_attempts, created_role, created_by_name)
           SELECT gen_random_uuid(), p.dossier_id, 'note', 'Stagedag ' || k, '',
                  :now - (p.g * 5 + k) * interval '1 hour',
                  :now - (p.g * 5 + k) * interval '1 hour', :now, p.user_id, 'ready', '', 0,
                  'owner', ''
           FROM bench_pupils p CROSS JOIN generate_series(1, 5) AS k""",
    ]
    for step in steps:
        session.execute(text(step), {k: v for k, v in sql.items() if f":{k}" in step})
    return {
        "owner_token": owner_token,
        "coordinator_token": coordinator_token,
        "dossier_id": dossier.id,
        "framework_id": framework.id,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.database_url.startswith("postgresql"):
        print("bench/scale.py seeds with PostgreSQL's generate_series: give --database-url "
              "postgresql://...")  # fmt: skip
        return 2
    folder = Path(tempfile.mkdtemp(prefix="bagage-scale-bench-"))
    try:
        return _run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(args, folder: Path) -> int:
    from sqlalchemy import event, text

    from app.db import db
    from app.dossiers.models import Evidence
    from app.dossiers.services import encode_cursor

    app = fresh_app(folder, args.database_url)
    with app.app_context():
        engine = db.get_engine()
        began = time.perf_counter()
        scene = seed(db.session(), args)
        db.commit()
        seeded = time.perf_counter() - began
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        with engine.connect() as conn:
            counts = {
                table: conn.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
                for table in ("evidence", "media_assets", "evidence_links", "dossiers", "grants")
            }
            size = conn.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
            middle = conn.execute(
                text("SELECT occurred_at, id FROM evidence WHERE dossier_id = :d "
                     "ORDER BY occurred_at DESC, id DESC OFFSET :half LIMIT 1"),
                {"d": scene["dossier_id"], "half": args.evidence // 2},
            ).one()  # fmt: skip
    print(f"set-up on PostgreSQL in {seeded:.1f} s (not counted), then VACUUM ANALYZE; "
          f"database {size}")  # fmt: skip
    print("  " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    deep_cursor = encode_cursor(Evidence(occurred_at=middle[0].replace(tzinfo=UTC), id=middle[1]))

    http = app.test_client()
    owner = {"Authorization": f"Bearer {scene['owner_token']}"}
    coordinator = {"Authorization": f"Bearer {scene['coordinator_token']}"}
    statements: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *_a: statements.append(1))
    timeline = f"/api/v1/dossiers/{scene['dossier_id']}/evidence"

    def timed(label: str, url: str, headers: dict, query: dict, target: str | None,
              describe) -> None:  # fmt: skip
        http.get(url, headers=headers, query_string=query)  # warm-up, not counted
        times, counts, answer = [], [], None
        for _ in range(args.runs):
            statements.clear()
            start = time.perf_counter()
            response = http.get(url, headers=headers, query_string=query)
            times.append(time.perf_counter() - start)
            counts.append(len(statements))
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            answer = response.json
        p95 = percentile(times, 95) * 1000
        goal = ""
        if target:
            verdict = "met" if p95 <= TARGETS[target] else "MISSED"
            goal = f"target p95 <= {TARGETS[target]} ms: {verdict}"
        print(f"{label:<30} p50 {percentile(times, 50) * 1000:8.1f} ms   p95 {p95:8.1f} ms   "
              f"{max(counts):3d} statements   {describe(answer):<26} {goal}")  # fmt: skip

    print(f"\n{args.runs} requests each (Flask test client, bearer token; the time is the "
          "server's work without a network):")  # fmt: skip
    timed("caseload (first page of 30)", "/api/v1/caseload", coordinator, {}, "caseload",
          lambda a: f"{len(a['items'])} of {a['total']} pupils")  # fmt: skip
    timed("caseload (page of 100)", "/api/v1/caseload", coordinator, {"limit": 100}, "caseload",
          lambda a: f"{len(a['items'])} of {a['total']} pupils")  # fmt: skip
    timed("shared dossiers", "/api/v1/shared-dossiers", coordinator, {}, None,
          lambda a: f"{len(a)} dossiers")  # fmt: skip
    timed("coverage of the big dossier", f"/api/v1/dossiers/{scene['dossier_id']}/coverage",
          owner, {"framework_id": str(scene["framework_id"])}, "coverage",
          lambda a: f"{a['covered']} of {a['competencies']} covered")  # fmt: skip
    timed("timeline, first page", timeline, owner, {}, "timeline",
          lambda a: f"{len(a['items'])} items")  # fmt: skip
    timed(f"timeline, page at row {args.evidence // 2:,}", timeline, owner,
          {"cursor": deep_cursor}, "timeline", lambda a: f"{len(a['items'])} items")  # fmt: skip

    # The bare baseline: the deep page's keyset query alone, on a connection of its own.
    with engine.connect() as conn:
        keyset = text(
            "SELECT * FROM evidence WHERE dossier_id = :d AND (occurred_at, id) < (:t, :i) "
            "ORDER BY occurred_at DESC, id DESC LIMIT 31"
        )
        params = {"d": scene["dossier_id"], "t": middle[0], "i": middle[1]}
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            conn.execute(keyset, params).all()
            times.append(time.perf_counter() - start)
        plan = [row[0] for row in conn.execute(text("EXPLAIN " + keyset.text), params)]
    on_index = any("Index Cond" in line and "occurred_at" in line for line in plan)
    where = "an index condition" if on_index else "NOT on the index"
    print(f"{'bare: the deep keyset query':<30} p50 {percentile(times, 50) * 1000:8.1f} ms   "
          f"p95 {percentile(times, 95) * 1000:8.1f} ms   (the cursor is {where})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
