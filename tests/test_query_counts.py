"""Every list costs a fixed number of SQL statements however long it is: each is seeded with
1 and with 50 entries through the app's own services, read over the API, and both reads must
run the same statements. The owner's timeline page runs at most 5.

Counted are the statements that do work (SELECT, INSERT, UPDATE, DELETE); the transaction's
own BEGIN, SAVEPOINT and RELEASE are not (the tests run inside savepoints)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from app.accounts.models import User
from app.accounts.services import register_user
from app.db import db, utcnow
from app.dossiers import reflections
from app.dossiers.models import Dossier, Evidence
from app.dossiers.services import NewEvidence, create_evidence
from app.growth import services as growth
from app.people import services as people
from app.people.models import Membership
from app.reports import services as reports
from competencies import services as competencies
from media.models import MediaAsset
from tests.conftest import PASSWORD, ApiClient

SIZES = (1, 50)
TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")


@contextmanager
def counted(app):
    """The statements that do work, run meanwhile on the app's engine."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            statements.append(statement)

    with app.app_context():
        engine = db.get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def read(app, api: ApiClient, url: str, **query) -> list[str]:
    """The statements one GET runs (after one untimed read, so first-use work is not
    counted)."""
    assert api.get(url, query_string=query).status_code == 200
    with counted(app) as statements:
        response = api.get(url, query_string=query)
    assert response.status_code == 200, response.json
    return statements


def _person(session, name: str) -> User:
    user = register_user(
        session, email=f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.nl", password=PASSWORD,
        display_name=name,
    )  # fmt: skip
    user.email_verified_at = utcnow()
    session.flush()
    return user


def _dossier(session, user: User) -> Dossier:
    return session.scalar(select(Dossier).where(Dossier.owner_id == user.id))


def _logged_in(app, email: str) -> ApiClient:
    api = ApiClient(app, {})
    api.login(email)
    return api


def _note(session, owner: User, dossier: Dossier, n: int, by: User | None = None) -> Evidence:
    evidence, _ = create_evidence(
        session, by or owner, dossier,
        NewEvidence(title=f"Notitie {n}", occurred_at=utcnow() - timedelta(hours=n),
                    created_role="owner" if by is None else "coordinator"),
        None,
    )  # fmt: skip
    return evidence


def _photo_rows(session, evidence: Evidence) -> None:
    """The files a processed photo has (rows only: the timeline lists them, never reads them)."""
    evidence.kind = "photo"
    for role, kind in (("thumbnail", "image/jpeg"), ("thumbnail_webp", "image/webp"),
                       ("display", "image/jpeg")):  # fmt: skip
        session.add(MediaAsset(evidence_id=evidence.id, role=role, storage_backend="local",
                               storage_key=f"counts/{evidence.id}/{role}", content_type=kind,
                               size_bytes=9000, sha256="0" * 64))  # fmt: skip


def _framework(session, maker: User, size: int):
    framework = competencies.create_framework(session, maker, title="Leerlijn")
    items = [competencies.add_item(session, framework, full_statement=f"Kan {n}",
                                   human_code=f"K{n}") for n in range(size)]  # fmt: skip
    return framework, items


class Caseload:
    """A coordinator of a school, and `size` pupils of it who opened their dossier to her,
    each with a note, a reflection and a report to sign."""

    def __init__(self, app, size: int) -> None:
        with app.app_context():
            session = db.session()
            coordinator = _person(session, "Fatima")
            school = people.create_organisation(session, coordinator, name="Het Baken",
                                                kind="education")  # fmt: skip
            session.add(
                Membership(organisation_id=school.id, user_id=coordinator.id,
                                  role="coordinator", accepted_at=utcnow())
            )  # fmt: skip
            for n in range(size):
                pupil = _person(session, f"Leerling{n}")
                membership = people.add_member(session, coordinator, school.id,
                                               email=pupil.email, role="student")  # fmt: skip
                people.accept_membership(session, pupil, membership.id)
                dossier = _dossier(session, pupil)
                people.grant_access(session, pupil, dossier, coordinator,
                                    people.GrantTerms(scopes=["view", "reflect"],
                                                      role="coordinator"),
                                    organisation_id=school.id)  # fmt: skip
                evidence = _note(session, pupil, dossier, n)
                reflections.reflect(session, pupil, "owner", evidence, model="free",
                                    content={"text": "Ging goed."})  # fmt: skip
                reports.create_report(session, pupil, dossier,
                                      {"title": "Stageverslag", "period_start": date(2026, 9, 1),
                                       "period_end": date(2026, 12, 31)})  # fmt: skip
            db.commit()
            self.email = coordinator.email
        self.api = _logged_in(app, self.email)


class OwnDossier:
    """One person's dossier with `size` of a kind of entry, read by its owner."""

    def __init__(self, app, size: int, fill: Callable) -> None:
        with app.app_context():
            session = db.session()
            owner = _person(session, "Sanne")
            self.dossier_id = _dossier(session, owner).id
            self.extra = fill(session, owner, _dossier(session, owner), size)
            db.commit()
            self.email = owner.email
        self.api = _logged_in(app, self.email)


def _timeline(session, owner, dossier, size):
    framework, items = _framework(session, owner, 3)
    for n in range(size):
        evidence = _note(session, owner, dossier, n)
        _photo_rows(session, evidence)
        competencies.link_evidence(session, owner, evidence, items[n % 3], "Hier zie je het.")
    session.flush()
    return None


def _coverage(session, owner, dossier, size):
    framework, items = _framework(session, owner, size)
    competencies.set_dossier_frameworks(session, owner, dossier, [framework.id])
    for n in range(size):
        evidence = _note(session, owner, dossier, n)
        competencies.link_evidence(session, owner, evidence, items[n])
        reflections.add_reflection(session, owner, "owner", evidence, model="free",
                                   content={"text": "Zo deed ik het."},
                                   item_id=items[n].id)  # fmt: skip
    return framework.id


def _goals(session, owner, dossier, size):
    _framework_row, items = _framework(session, owner, 3)
    for n in range(size):
        evidence = _note(session, owner, dossier, n)
        growth.create_goal(session, dossier, {"title": f"Doel {n}",
                                              "competency_ids": [items[n % 3].id],
                                              "evidence_ids": [evidence.id]})  # fmt: skip


def _reports(session, owner, dossier, size):
    for n in range(size):
        chosen = _note(session, owner, dossier, n)  # today: outside the period, so a warning
        reports.create_report(session, owner, dossier,
                              {"title": f"Verslag {n}", "evidence_ids": [chosen.id],
                               "period_start": date(2025, 9, 1),
                               "period_end": date(2025, 12, 31)})  # fmt: skip


def _notifications(session, owner, dossier, size):
    for n in range(size):
        people.notify(session, owner.id, "reflection", dossier.id,
                      {"by": f"Docent {n}", "evidence_id": str(uuid.uuid4())})  # fmt: skip


def _access_log(session, owner, dossier, size):
    for n in range(size):
        reader = _person(session, f"Lezer{n}")
        people.grant_access(session, owner, dossier, reader,
                            people.GrantTerms(scopes=["view"], role="teacher"))  # fmt: skip
        people.log_read(session, dossier, reader, "read_dossier", dossier.id)


def _same_for_every_size(build: Callable[[int], list[str]]) -> list[str]:
    counts = {size: build(size) for size in SIZES}
    small, large = (counts[size] for size in SIZES)
    assert len(small) == len(large), "\n".join(["1 entry:", *small, "", "50 entries:", *large])
    return small


def test_the_caseload_costs_the_same_for_one_pupil_and_for_fifty(app):
    def build(size):
        scene = Caseload(app, size)
        page = scene.api.get("/api/v1/caseload", query_string={"limit": 100}).json
        assert page["total"] == size
        return read(app, scene.api, "/api/v1/caseload", limit=100)

    _same_for_every_size(build)


def test_shared_dossiers_cost_the_same_for_one_pupil_and_for_fifty(app):
    def build(size):
        scene = Caseload(app, size)
        shared = scene.api.get("/api/v1/shared-dossiers").json
        assert len(shared) == size
        assert all(row["may_propose_internship"] for row in shared)
        assert all(row["owner"]["display_name"].startswith("Leerling") for row in shared)
        return read(app, scene.api, "/api/v1/shared-dossiers")

    _same_for_every_size(build)


def test_notifications_cost_the_same_for_one_and_for_fifty(app):
    def build(size):
        scene = OwnDossier(app, size, _notifications)
        assert len(scene.api.get("/api/v1/notifications").json["items"]) == size
        return read(app, scene.api, "/api/v1/notifications")

    _same_for_every_size(build)


def test_reports_cost_the_same_for_one_and_for_fifty(app):
    def build(size):
        scene = OwnDossier(app, size, _reports)
        url = f"/api/v1/dossiers/{scene.dossier_id}/reports"
        listed = scene.api.get(url).json
        assert len(listed) == size and all(len(r["warnings"]) == 1 for r in listed)
        return read(app, scene.api, url)

    _same_for_every_size(build)


def test_coverage_costs_the_same_for_one_competency_and_for_fifty(app):
    def build(size):
        scene = OwnDossier(app, size, _coverage)
        url = f"/api/v1/dossiers/{scene.dossier_id}/coverage"
        matrix = scene.api.get(url, query_string={"framework_id": scene.extra}).json
        assert matrix["covered"] == size
        assert all(row["evidence_count"] == 1 for row in matrix["rows"])
        return read(app, scene.api, url, framework_id=scene.extra)

    _same_for_every_size(build)


def test_goals_cost_the_same_for_one_and_for_fifty(app):
    def build(size):
        scene = OwnDossier(app, size, _goals)
        url = f"/api/v1/dossiers/{scene.dossier_id}/goals"
        goals = scene.api.get(url).json
        assert len(goals) == size and all(len(g["competencies"]) == 1 for g in goals)
        return read(app, scene.api, url)

    _same_for_every_size(build)


def test_the_access_log_costs_the_same_for_one_reader_and_for_fifty(app):
    def build(size):
        scene = OwnDossier(app, size, _access_log)
        url = f"/api/v1/dossiers/{scene.dossier_id}/access-log"
        entries = scene.api.get(url).json["items"]
        assert len(entries) == min(2 * size, 50)  # each reader's grant, and their read
        return read(app, scene.api, url)

    _same_for_every_size(build)


def test_a_timeline_page_takes_five_statements_at_most_whatever_its_length(app):
    def build(size):
        scene = OwnDossier(app, size, _timeline)
        url = f"/api/v1/dossiers/{scene.dossier_id}/evidence"
        page = scene.api.get(url, query_string={"limit": 50}).json
        assert len(page["items"]) == size
        assert all(len(item["media"]) == 3 and len(item["competencies"]) == 1
                   for item in page["items"])  # fmt: skip
        return read(app, scene.api, url, limit=50)

    statements = _same_for_every_size(build)
    assert len(statements) <= 5, "\n".join(statements)


@pytest.mark.parametrize("depth", [10])
def test_a_deep_timeline_page_costs_what_the_first_does(app, depth):
    """The cursor's page: the same statements as the first, and the items that follow."""
    scene = OwnDossier(app, 30, _timeline)
    url = f"/api/v1/dossiers/{scene.dossier_id}/evidence"
    first = scene.api.get(url, query_string={"limit": depth}).json
    cursor = first["next_cursor"]
    with counted(app) as statements:
        second = scene.api.get(url, query_string={"limit": depth, "cursor": cursor}).json
    titles = [item["title"] for item in first["items"] + second["items"]]
    assert titles == [f"Notitie {n}" for n in range(2 * depth)]
    assert len(statements) <= 5, "\n".join(statements)
