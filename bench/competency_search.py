"""How long finding a competency takes among 10,000 (GET /api/v1/competencies?q=...).

Builds a throw-away instance (a SQLite file in a temp folder, or the PostgreSQL database of
--database-url, whose schema it resets) with frameworks of generated Dutch competencies
(code, statement, keywords, notes), 10,000 items in all. Then it asks a set of Dutch
queries (stems, compounds, accents, a code, several words, a word found nowhere), everywhere
and within a dossier's chosen frameworks, several times each, through the app (the Flask
test client with a personal access token), and prints p50 and p95 per query with the
number of results. It never fails on a slow result.

    .venv/bin/python bench/competency_search.py
    .venv/bin/python bench/competency_search.py --items 20000 --runs 50
    .venv/bin/python bench/competency_search.py --database-url postgresql://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.toolkit import fresh_app, percentile  # noqa: E402

VERBS = (
    "rekenen", "plannen", "organiseren", "samenwerken", "communiceren", "reflecteren",
    "begeleiden", "presenteren", "onderzoeken", "evalueren", "voeren", "uitleggen",
    "coördineren", "beoordelen", "ontwerpen", "verbeteren", "toepassen", "herkennen",
)  # fmt: skip
NOUNS = (
    "rekenvaardigheid", "gesprekken", "gesprek", "taalvaardigheid", "veiligheid",
    "klassenmanagement", "werkhouding", "leerlingen", "ouders", "collega's", "reflectie",
    "réflectie", "coöperatie", "hygiëne", "instructies", "procedures", "planning",
    "feedback", "leerdoelen", "differentiatie", "beroepshouding", "zorgvuldigheid",
    "taken", "klanten", "materialen", "rapportage", "verslagen", "afspraken",
)  # fmt: skip
LINKS = ("met", "voor", "over", "bij", "in", "op")
QUERIES = (
    "rekenen", "gesprekken", "gesprek voeren", "reflectie", "cooperatie", "veilig werken",
    "ouders gesprekken plannen", "klassenmanagement", "F07.12", "xylofoon",
)  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="competencies in all")
    parser.add_argument("--frameworks", type=int, default=20, help="frameworks they are in")
    parser.add_argument("--runs", type=int, default=30, help="requests per query")
    parser.add_argument("--database-url", default="", help="a database to use (reset!)")
    return parser.parse_args(argv)


def seed(session, items: int, frameworks: int) -> tuple[str, object]:
    """The frameworks and a user who chose two of them; returns a token and her dossier id."""
    from app.accounts.models import User
    from app.accounts.services import create_access_token, register_user
    from app.db import utcnow
    from app.dossiers.models import Dossier
    from competencies.models import DossierFramework, Framework, FrameworkItem
    from competencies.search import refresh

    rng = random.Random(10_000)
    user: User = register_user(
        session, email="zoeker@bench.example", password="bench-password-2026",
        display_name="Zoë")  # fmt: skip
    user.email_verified_at = utcnow()
    _row, token = create_access_token(session, user, name="bench")
    made = [
        Framework(identifier=f"bench-{f}", title=f"Kader {f:02d}", language="nl")
        for f in range(frameworks)
    ]
    session.add_all(made)
    session.flush()
    per_framework = items // frameworks
    for f, framework in enumerate(made):
        batch = []
        for n in range(per_framework):
            verb, noun, other = rng.choice(VERBS), rng.choice(NOUNS), rng.choice(NOUNS)
            item = FrameworkItem(
                framework_id=framework.id,
                identifier=f"bench-{f}-{n}",
                human_code=f"F{f:02d}.{n + 1}",
                full_statement=f"{noun.capitalize()} {rng.choice(LINKS)} {other} {verb}",
                item_type="Competentie",
                language="nl",
                position=n + 1,
                keywords=[rng.choice(NOUNS), rng.choice(VERBS)],
                notes=f"Zie ook {rng.choice(NOUNS)} en {rng.choice(VERBS)}.",
                extra={},
            )
            refresh(item)
            batch.append(item)
        session.add_all(batch)
        session.flush()
    dossier = session.query(Dossier).filter_by(owner_id=user.id).first()
    for framework in made[:2]:
        session.add(DossierFramework(dossier_id=dossier.id, framework_id=framework.id))
    session.flush()
    return token, dossier.id


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bagage-search-bench-"))
    try:
        app = fresh_app(folder, args.database_url)
        from sqlalchemy import text

        from app.db import db

        with app.app_context():
            engine = db.get_engine()
            began = time.perf_counter()
            token, dossier_id = seed(db.session(), args.items, args.frameworks)
            db.commit()
            if engine.dialect.name == "postgresql":
                with engine.begin() as conn:
                    conn.execute(text("ANALYZE framework_items"))
            print(f"set-up: {args.items} competencies in {args.frameworks} frameworks on "
                  f"{engine.dialect.name}, made in {time.perf_counter() - began:.1f} s "
                  f"(not counted)")  # fmt: skip

        http = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def timed(label: str, query: dict) -> list[float]:
            times, answer = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                response = http.get("/api/v1/competencies", query_string=query, headers=headers)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, response.get_data(as_text=True)[:300]
                answer = response.json
            print(f"{label:<44} p50 {percentile(times, 50) * 1000:7.1f} ms   "
                  f"p95 {percentile(times, 95) * 1000:7.1f} ms   {len(answer)} found")  # fmt: skip
            return times

        http.get("/api/v1/competencies?q=warm", headers=headers)  # first-use imports, not counted
        every: list[float] = []
        for q in QUERIES:
            every += timed(f"everywhere: {q!r}", {"q": q})
        for q in QUERIES[:3]:
            every += timed(
                f"dossier, chosen first: {q!r}",
                {"q": q, "dossier_id": str(dossier_id), "everywhere": "true"},
            )
            every += timed(f"dossier only: {q!r}", {"q": q, "dossier_id": str(dossier_id)})
        print(f"{'all queries':<44} p50 {percentile(every, 50) * 1000:7.1f} ms   "
              f"p95 {percentile(every, 95) * 1000:7.1f} ms")  # fmt: skip
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
