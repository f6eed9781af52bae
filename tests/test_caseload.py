"""My people: the caseload of someone who supports others (GET /caseload), what it counts as
new and open for them (never more than they may see), visits, search, filters, paging, the
live sign on /me/events, and a fixed number of queries however many people."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select, update

from app.accounts.models import User
from app.db import db, utcnow
from app.people import caseload
from app.people.models import DossierVisit, Grant, Internship, Membership
from app.reports.models import InternshipReport
from tests.conftest import ApiClient, add_member
from tests.test_people import _read_events

VIEW_REFLECT = ["view", "reflect"]


def _school(admin: ApiClient, name: str = "Het Baken", kind: str = "education") -> str:
    r = admin.post("/api/v1/organisations", json={"name": name, "kind": kind})
    assert r.status_code == 201, r.json
    return r.json["id"]


def _support(pupil: ApiClient, supporter: ApiClient, org: str, scopes=VIEW_REFLECT,
             role: str = "coordinator", **extra) -> dict:  # fmt: skip
    """The pupil, a member of `org` as the supporter is, opens their dossier to them."""
    r = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/grants",
        json={"user_id": supporter.user["id"], "organisation_id": org, "scopes": list(scopes),
              "role": role, **extra},
    )  # fmt: skip
    assert r.status_code == 201, r.json
    return r.json["grant"]


def _pupils(register, coordinator: ApiClient, org: str, *names: str) -> list[ApiClient]:
    pupils = []
    for name in names:
        pupil = register(name)
        add_member(coordinator, org, pupil, "student")
        _support(pupil, coordinator, org)
        pupils.append(pupil)
    return pupils


def _caseload(user: ApiClient, **query) -> dict:
    r = user.get("/api/v1/caseload", query_string=query)
    assert r.status_code == 200, r.json
    return r.json


def _row(page: dict, pupil: ApiClient) -> dict:
    rows = [row for row in page["items"] if row["dossier_id"] == pupil.dossier_id]
    assert len(rows) == 1, page
    return rows[0]


def _names(page: dict) -> list[str]:
    return [row["person"]["display_name"] for row in page["items"]]


def _note(owner: ApiClient, title: str, by: ApiClient | None = None) -> dict:
    r = (by or owner).post(
        f"/api/v1/dossiers/{owner.dossier_id}/evidence",
        data={"title": title},
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.json
    return r.json


def _say(owner: ApiClient, body: str, by: ApiClient | None = None, **extra) -> dict:
    r = (by or owner).post(
        f"/api/v1/dossiers/{owner.dossier_id}/messages", json={"body": body, **extra}
    )
    assert r.status_code == 201, r.json
    return r.json


def _reflect(user: ApiClient, item: dict, text: str = "Goed gedaan.") -> None:
    r = user.post(f"/api/v1/evidence/{item['id']}/reflections", json={"content": {"text": text}})
    assert r.status_code == 201, r.json


def _open_timeline(user: ApiClient, owner: ApiClient) -> None:
    r = user.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence")
    assert r.status_code == 200, r.json


NOTHING_NEW = {"evidence": 0, "reflections": 0, "messages": 0}
NOTHING_OPEN = {"to_sign": 0, "to_review": 0, "question": False}


def test_a_coordinator_sees_her_pupils_with_what_is_new_and_what_asks_for_her(register):
    coordinator = register("Fatima")
    _note(coordinator, "Mijn eigen notitie")
    org = _school(coordinator)
    anna, bram, cas = _pupils(register, coordinator, org, "Anna", "Bram", "Cas")
    assert coordinator.get("/api/v1/me").json["caseload"] == "pupils"
    assert anna.get("/api/v1/me").json["caseload"] is None

    item = _note(anna, "Eerste stagedag")
    _say(bram, "Wanneer is het gesprek?")
    page = _caseload(coordinator)
    assert page["kind"] == "pupils" and page["total"] == 3 and page["next_offset"] is None
    assert _names(page) == ["Anna", "Bram", "Cas"]  # not herself: she supports no one of hers
    assert _row(page, anna)["new"] == {**NOTHING_NEW, "evidence": 1}
    assert _row(page, anna)["open"] == {**NOTHING_OPEN, "to_review": 1}
    assert _row(page, bram)["new"] == {**NOTHING_NEW, "messages": 1}
    assert _row(page, bram)["open"] == {**NOTHING_OPEN, "question": True}
    assert _row(page, cas)["new"] == NOTHING_NEW and _row(page, cas)["open"] == NOTHING_OPEN
    assert _row(page, cas)["role"] == "coordinator"
    assert _row(page, cas)["organisations"] == [{"id": org, "name": "Het Baken", "group": ""}]
    assert _row(page, cas)["last_visit_at"] is None and _row(page, cas)["internship"] is None

    # Cas has news now; open requests still come first.
    _note(cas, "Iets nieuws")
    assert _names(_caseload(coordinator)) == ["Anna", "Bram", "Cas"]
    # Reflecting on the item is reviewing it; it stays new until she opens the dossier.
    _reflect(coordinator, item)
    row = _row(_caseload(coordinator), anna)
    assert row["open"] == NOTHING_OPEN and row["new"]["evidence"] == 1
    _open_timeline(coordinator, anna)
    row = _row(_caseload(coordinator), anna)
    assert row["new"] == NOTHING_NEW and row["last_visit_at"] is not None
    # What comes after the visit is new again; her own words are never news to her.
    _reflect(anna, item, "Ik was zenuwachtig.")
    assert _row(_caseload(coordinator), anna)["new"] == {**NOTHING_NEW, "reflections": 1}

    # Answering the question closes it.
    _say(bram, "Volgende week dinsdag.", by=coordinator)
    row = _row(_caseload(coordinator), bram)
    assert row["open"]["question"] is False
    # Cas's item waits for review; Anna and Bram have news only (Bram's question stays new
    # until she opens his dossier): then by name.
    assert _names(_caseload(coordinator)) == ["Cas", "Anna", "Bram"]
    _open_timeline(coordinator, anna)
    assert _names(_caseload(coordinator)) == ["Cas", "Bram", "Anna"]


def test_a_mention_is_a_question_and_a_question_to_someone_else_is_not(register):
    coordinator, employer = register("Fatima"), register("Peter")
    org = _school(coordinator)
    (anna,) = _pupils(register, coordinator, org, "Anna")
    add_member(coordinator, org, employer, "mentor")
    _support(anna, employer, org, role="employer")
    _say(anna, "Kunt u morgen bellen?", mentions=[employer.user["id"]])
    assert _row(_caseload(coordinator), anna)["open"]["question"] is False
    assert _row(_caseload(employer), anna)["open"]["question"] is True
    _say(anna, "Ik heb het verslag ingeleverd.", mentions=[coordinator.user["id"]])
    assert _row(_caseload(coordinator), anna)["open"]["question"] is True
    assert _row(_caseload(employer), anna)["open"]["question"] is False


def test_the_caseload_counts_only_what_the_supporter_may_see(app, register):
    """An item awaiting the owner's review is its adder's, coaching stays between coach and
    owner, the conversation is for those who take part, a limited grant sees its part; a
    revoked or expired grant's dossier is not there at all."""
    daan = register("Daan")
    coordinator, employer, coach, mentor, guide = (
        register(n) for n in ("Fatima", "Peter", "Kees", "Mirjam", "Gijs")
    )
    org = _school(daan, "Stage")
    for person in (coordinator, employer, coach, mentor, guide):
        add_member(daan, org, person, "mentor")
    _support(daan, coordinator, org)
    _support(daan, employer, org, ["contribute"], role="employer")
    _support(daan, coach, org, ["reflect"], role="coach")
    _support(daan, mentor, org, ["view"], role="mentor")
    shown = _note(daan, "Voor iedereen")
    _support(daan, guide, org, ["view"], role="other", evidence_ids=[shown["id"]])
    outside = _note(daan, "Buiten de beperkte toegang")

    on_behalf = _note(daan, "Van Peter", by=employer)  # waits for Daan's review
    _reflect(coach, shown, "Onder vier ogen.")  # coaching: Daan's and Kees's
    _say(daan, "Hoe ging het volgens jou?", by=coach)  # a coaching message

    def row(user):
        return _row(_caseload(user), daan)

    assert row(coordinator)["new"] == {"evidence": 2, "reflections": 0, "messages": 0}
    assert row(coordinator)["open"] == {**NOTHING_OPEN, "to_review": 2}
    assert row(employer)["new"] == NOTHING_NEW  # sees only what they added themselves
    assert row(coach)["new"] == {"evidence": 2, "reflections": 0, "messages": 0}
    assert row(mentor)["new"] == {"evidence": 2, "reflections": 0, "messages": 0}
    assert row(mentor)["open"] == NOTHING_OPEN  # only looks: nothing to review
    assert row(guide)["new"] == NOTHING_NEW  # the new item is outside the part it sees
    _reflect(daan, shown, "Dit ging goed.")
    _reflect(daan, outside, "Dit niet.")
    assert row(guide)["new"]["reflections"] == 1
    assert row(mentor)["new"]["reflections"] == 2

    _say(daan, "Wie kan mij helpen?")
    assert row(coordinator)["open"]["question"] is True
    assert row(coordinator)["new"]["messages"] == 1
    assert row(mentor)["new"]["messages"] == 0 and row(mentor)["open"]["question"] is False

    # Once Daan keeps Peter's item, it is news to those who see it.
    r = daan.post(f"/api/v1/evidence/{on_behalf['id']}/review", json={"action": "keep"})
    assert r.status_code == 200, r.json
    assert row(coordinator)["new"]["evidence"] == 3
    assert row(employer)["new"] == {**NOTHING_NEW, "messages": 1}  # in the conversation

    grants = {
        g["grantee"]["id"]: g for g in daan.get(f"/api/v1/dossiers/{daan.dossier_id}/grants").json
    }
    assert daan.delete(f"/api/v1/grants/{grants[coordinator.user['id']]['id']}").status_code == 204
    assert _caseload(coordinator)["items"] == [] and _caseload(coordinator)["kind"] is None
    with app.app_context():
        db.session().execute(
            update(Grant)
            .where(Grant.id == uuid.UUID(grants[mentor.user["id"]]["id"]))
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
        db.commit()
    assert _caseload(mentor)["items"] == [] and _caseload(mentor)["total"] == 0
    # Leaving the organisation the grant came through ends it too.
    membership = next(o for o in guide.get("/api/v1/organisations").json if o["id"] == org)[
        "membership_id"
    ]
    assert guide.delete(f"/api/v1/memberships/{membership}").status_code == 204
    assert _caseload(guide)["items"] == []
    assert _caseload(coach)["total"] == 1


def test_reports_sent_for_signature_wait_for_those_who_sign(app, register):
    daan, coordinator, employer, coach = (register(n) for n in ("Daan", "Fatima", "Peter", "Kees"))
    org = _school(daan, "Stage")
    for person, role in ((coordinator, "coordinator"), (employer, "employer"), (coach, "coach")):
        add_member(daan, org, person, "mentor")
        _support(daan, person, org, role=role)
    period = {"title": "Periode 1", "period_start": "2026-09-01", "period_end": "2026-10-31"}
    report = daan.post(f"/api/v1/dossiers/{daan.dossier_id}/reports", json=period).json
    assert _row(_caseload(coordinator), daan)["open"]["to_sign"] == 0  # still being written
    with app.app_context():
        db.session().execute(
            update(InternshipReport)
            .where(InternshipReport.id == uuid.UUID(report["id"]))
            .values(ready_at=utcnow())
        )
        db.commit()
    assert _row(_caseload(coordinator), daan)["open"]["to_sign"] == 1
    assert _row(_caseload(employer), daan)["open"]["to_sign"] == 1
    assert _row(_caseload(coach), daan)["open"]["to_sign"] == 0  # a coach does not sign
    r = coordinator.post(f"/api/v1/reports/{report['id']}/signoff")
    assert r.status_code in (200, 201), r.json
    assert _row(_caseload(coordinator), daan)["open"]["to_sign"] == 0
    assert _row(_caseload(employer), daan)["open"]["to_sign"] == 1


def test_search_filters_and_pages(app, register, client):
    coordinator = register("Fatima")
    school, other = _school(coordinator, "Het Baken"), _school(coordinator, "De Horizon")
    anna, bram, cas = _pupils(register, coordinator, school, "Anna", "Bram", "Cas")
    (daan,) = _pupils(register, coordinator, other, "Daan")
    (eva,) = _pupils(register, coordinator, other, "Eva")
    with app.app_context():
        session = db.session()
        for pupil, group in ((anna, "4B"), (bram, "4B"), (cas, "5A"), (eva, "4B")):
            session.execute(
                update(Membership)
                .where(Membership.user_id == uuid.UUID(pupil.user["id"]))
                .values(group_name=group)
            )
        mine = uuid.UUID(coordinator.user["id"])
        # Fatima sees the internships she proposed; one a colleague set up stays theirs.
        internships = ((bram, "De Gouden Lepel", "approved", mine),
                       (daan, "Garage Jansen", "proposed", mine),
                       (anna, "Kapsalon Knip", "approved", None))  # fmt: skip
        for pupil, workplace, status, by in internships:
            session.add(Internship(
                dossier_id=uuid.UUID(pupil.dossier_id), workplace=workplace,
                supervisor_name="Peter", supervisor_email="peter@example.nl",
                starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 1), scopes=["view"],
                status=status, proposed_by_id=by))  # fmt: skip
        db.commit()

    page = _caseload(coordinator)
    assert _names(page) == ["Anna", "Bram", "Cas", "Daan", "Eva"]
    assert [o["name"] for o in page["organisations"]] == ["De Horizon", "Het Baken"]
    assert page["groups"] == ["4B", "5A"] and page["workplaces"] == ["De Gouden Lepel"]
    assert _row(page, bram)["internship"]["workplace"] == "De Gouden Lepel"
    assert _row(page, daan)["internship"] is None  # only an approved one
    assert _row(page, anna)["internship"] is None  # not hers to see
    assert _row(page, cas)["organisations"][0]["group"] == "5A"

    assert _names(_caseload(coordinator, q="an")) == ["Anna", "Daan"]
    assert _names(_caseload(coordinator, q="  EVA ")) == ["Eva"]
    assert _names(_caseload(coordinator, organisation_id=other)) == ["Daan", "Eva"]
    assert _names(_caseload(coordinator, group="4B")) == ["Anna", "Bram", "Eva"]
    assert _names(_caseload(coordinator, group="4B", organisation_id=school)) == ["Anna", "Bram"]
    assert _names(_caseload(coordinator, workplace="De Gouden Lepel")) == ["Bram"]
    assert _caseload(coordinator, q="Zoë")["items"] == []

    seen, offset = [], 0
    while offset is not None:
        page = _caseload(coordinator, limit=2, offset=offset)
        assert page["total"] == 5 and len(page["items"]) <= 2
        seen += _names(page)
        offset = page["next_offset"]
    assert seen == ["Anna", "Bram", "Cas", "Daan", "Eva"]

    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"organisation_id": "nope"}):
        r = coordinator.get("/api/v1/caseload", query_string=bad)
        assert r.status_code == 422 and set(r.json["error"]) == {"code", "message", "fields"}
    assert client.get("/api/v1/caseload").status_code == 401


def test_a_face_is_the_newest_photo_the_supporter_may_see(register, jpeg):
    coordinator, employer = register("Fatima"), register("Peter")
    org = _school(coordinator)
    (anna,) = _pupils(register, coordinator, org, "Anna")
    assert _row(_caseload(coordinator), anna)["photo"] == {}
    older = anna.upload(jpeg(), title="Oud", occurred_at="2026-09-01T08:00:00+00:00").json
    newer = anna.upload(jpeg((640, 480)), title="Nieuw",
                        occurred_at="2026-10-01T08:00:00+00:00").json  # fmt: skip
    add_member(coordinator, org, employer, "mentor")
    _support(anna, employer, org, ["contribute"], role="employer")
    photo = _row(_caseload(coordinator), anna)["photo"]
    assert set(photo) >= {"thumbnail"}
    ids = {m["id"] for m in newer["media"].values()}
    assert photo["thumbnail"]["id"] in ids and older["id"] != newer["id"]
    assert coordinator.get(photo["thumbnail"]["url"]).status_code in (200, 302)
    assert _row(_caseload(employer), anna)["photo"] == {}  # sees none of Anna's photos


def test_the_number_of_queries_does_not_grow_with_the_people(app, register):
    """A fixed number of queries per page: 2 pupils cost what 6 do."""

    def queries(coordinator: ApiClient) -> int:
        counted = []

        def count(*_args):
            counted.append(1)

        with app.app_context():
            engine = db.get_engine()
        event.listen(engine, "before_cursor_execute", count)
        try:
            _caseload(coordinator)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(counted)

    figures = []
    for size in (2, 6):
        coordinator = register("Fatima")
        org = _school(coordinator)
        pupils = _pupils(register, coordinator, org, *(f"Leerling{n}" for n in range(size)))
        for n, pupil in enumerate(pupils):
            item = _note(pupil, f"Notitie {n}")
            _reflect(pupil, item)
            _say(pupil, "Klopt dit?")
        figures.append(queries(coordinator))
    assert figures[0] == figures[1], figures


def test_the_live_stream_says_when_the_caseload_changes_and_nothing_of_what_it_may_not_see(
    app, register
):
    coordinator, employer = register("Fatima"), register("Peter")
    org = _school(coordinator)
    anna, bram = _pupils(register, coordinator, org, "Anna", "Bram")
    add_member(coordinator, org, employer, "mentor")
    _support(anna, employer, org, ["contribute"], role="employer")
    stranger = register("Vreemde")

    def pulse(user: ApiClient, after: int) -> caseload.Pulse:
        with app.app_context():
            session = db.session()
            person = session.get(User, uuid.UUID(user.user["id"]))
            return caseload.pulse(session, person, after)

    def start() -> int:
        with app.app_context():
            return caseload.last_seq(db.session())

    after = start()
    _note(anna, "Van Peter", by=employer)  # awaits Anna: the coordinator may not see it
    assert pulse(coordinator, after).news is False
    _note(stranger, "In een ander dossier")
    assert pulse(coordinator, after).news is False
    _note(bram, "Voor de coördinator")
    heard = pulse(coordinator, after)
    assert heard.news is True and heard.seq > after
    assert pulse(coordinator, heard.seq).news is False
    assert pulse(stranger, after).news is False  # supports nobody: hears of nobody

    response = coordinator.get("/api/v1/me/events", buffered=False)
    _note(anna, "Nog een")
    events = _read_events(response, 2)
    response.close()
    assert [e["kind"] for e in events] == ["notifications", "caseload"]
    assert events[1]["data"] == {} and int(events[1]["seq"]) > heard.seq


def test_a_visit_is_recorded_once_per_person_and_dossier(app, register):
    coordinator = register("Fatima")
    org = _school(coordinator)
    (anna,) = _pupils(register, coordinator, org, "Anna")
    _note(anna, "Een")
    _open_timeline(coordinator, anna)
    first = _row(_caseload(coordinator), anna)["last_visit_at"]
    _open_timeline(coordinator, anna)
    _open_timeline(anna, anna)  # the owner's own timeline is no visit
    assert _row(_caseload(coordinator), anna)["last_visit_at"] > first
    with app.app_context():
        visitors = (
            db.session()
            .scalars(
                select(DossierVisit.user_id).where(
                    DossierVisit.dossier_id == uuid.UUID(anna.dossier_id)
                )
            )
            .all()
        )
    assert visitors == [uuid.UUID(coordinator.user["id"])]


@pytest.mark.parametrize(
    ("roles", "kind"),
    [
        (["coordinator", "teacher"], "pupils"),
        (["employer"], "interns"),
        (["coach", "mentor"], "coachees"),
        (["coordinator", "employer"], "people"),
        (["other"], "people"),
        ([], None),
    ],
)
def test_the_caseload_is_named_after_the_roles(roles, kind):
    assert caseload.kind_of([Grant(role=r) for r in roles]) == kind
