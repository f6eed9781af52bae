"""Owning one's growth: the entitlement, the log and its CSV, and confidential coaching."""

from __future__ import annotations

import csv
import functools
import io
import uuid

import pytest

from tests.conftest import ApiClient, add_member, register_user
from tests.test_people import _grant


@pytest.fixture
def teacher(register):
    api = register("Sanne")
    assert api.put("/api/v1/me/growth-settings", json={"fte": 0.8}).status_code == 200
    return api


def _overview(api, year=2026):
    r = api.get(f"/api/v1/dossiers/{api.dossier_id}/growth/overview", query_string={"year": year})
    assert r.status_code == 200, r.json
    return r.json


def test_a_teacher_at_point_eight_fte_is_entitled_to_66_4_hours(teacher):
    overview = _overview(teacher)
    assert overview["entitlement_hours"] == 66.4
    assert overview["budget"] == 400.0  # the CAO PO's budget is pro rata to working time too
    assert (overview["hours_full_time"], overview["budget_default"]) == (83.0, 500.0)
    assert (overview["starts"], overview["ends"]) == ("2026-08-01", "2027-07-31")


def test_logging_activities_updates_hours_and_budget(teacher):
    url = f"/api/v1/dossiers/{teacher.dossier_id}/activities"
    teacher.post(
        url,
        json={
            "kind": "course",
            "title": "Rekendidactiek",
            "on_date": "2026-10-01",
            "hours": 12.5,
            "cost": 249.95,
            "provider": "Hogeschool",
        },
    )
    teacher.post(
        url,
        json={
            "kind": "peer_observation",
            "title": "Collegiale consultatie groep 5",
            "on_date": "2026-11-10",
            "hours": 2,
        },
    )
    teacher.post(
        url,
        json={
            "kind": "conference",
            "title": "Onderwijscongres",
            "on_date": "2027-03-15",
            "hours": 8,
            "cost": 120,
            "planned": True,
        },
    )
    teacher.post(url, json={"kind": "reading", "title": "Vorig schooljaar",
                            "on_date": "2026-07-20", "hours": 5})  # fmt: skip
    overview = _overview(teacher)
    assert overview["hours_done"] == 14.5
    assert overview["hours_planned"] == 8.0
    assert overview["spent"] == 249.95
    assert overview["spent_planned"] == 120.0
    assert _overview(teacher, 2025)["hours_done"] == 5.0  # kept with last year
    assert teacher.post(url, json={"kind": "gossip", "title": "x", "on_date": "2026-10-01"}
                        ).status_code == 422  # fmt: skip


def test_the_csv_opens_in_a_dutch_spreadsheet(teacher):
    url = f"/api/v1/dossiers/{teacher.dossier_id}/activities"
    teacher.post(url, json={"kind": "course", "title": "Coöperatief leren in het café",
                            "on_date": "2026-10-01", "hours": 12.5, "cost": 249.95})  # fmt: skip
    r = teacher.get(f"{url}.csv", query_string={"year": 2026})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.data.startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Datum", "Soort", "Activiteit"]
    assert rows[1] == ["01-10-2026", "Cursus of training", "Coöperatief leren in het café", "",
                       "12,50", "249,95", "gedaan", "zelf gekozen"]  # fmt: skip


def test_goals_with_progress_reflections_per_school_year(teacher):
    url = f"/api/v1/dossiers/{teacher.dossier_id}/goals"
    goal = teacher.post(url, json={"title": "Beter differentiëren", "school_year": 2026,
                                   "target_date": "2027-06-30"}).json  # fmt: skip
    teacher.post(url, json={"title": "Oud doel", "school_year": 2025})
    r = teacher.post(
        f"/api/v1/goals/{goal['id']}/progress",
        json={"model": "korthagen", "content": {"handelen": "Drie niveaus"}},
    )
    assert r.status_code == 201
    teacher.patch(f"/api/v1/goals/{goal['id']}", json={"status": "in_progress"})
    goals = teacher.get(url, query_string={"year": 2026}).json
    assert [g["title"] for g in goals] == ["Beter differentiëren"]
    assert goals[0]["status"] == "in_progress"
    assert goals[0]["progress_notes"][0]["content"]["handelen"] == "Drie niveaus"
    assert [g["title"] for g in teacher.get(url, query_string={"year": 2025}).json] == ["Oud doel"]


def test_coaching_notes_are_for_coach_and_owner_only(app, register):
    owner, coach = register("Sanne"), register("Coach")
    viewer, reflector, contributor = register("Viewer"), register("Reflector"), register("Contrib")
    other_coach = register("Coach2")
    _grant(owner, coach, ["reflect"], role="coach")
    _grant(owner, other_coach, ["reflect"], role="coach")
    _grant(owner, viewer, ["view"], role="teacher")
    _grant(owner, reflector, ["reflect"], role="mentor")
    _grant(owner, contributor, ["contribute"], role="coordinator")
    url = f"/api/v1/dossiers/{owner.dossier_id}/coaching-notes"
    r = coach.post(url, json={"session_date": "2026-10-02", "body": "Vertrouwelijk: twijfel"})
    assert r.status_code == 201
    assert [n["body"] for n in owner.get(url).json] == ["Vertrouwelijk: twijfel"]
    assert [n["body"] for n in coach.get(url).json] == ["Vertrouwelijk: twijfel"]
    # The owner hears of it, without its words; nobody else does.
    told = owner.get("/api/v1/notifications").json["items"][0]
    assert (told["kind"], told["payload"]["by"]) == ("coaching_note", "Coach")
    assert "twijfel" not in str(told)
    for other in (viewer, reflector, contributor):
        kinds = [n["kind"] for n in other.get("/api/v1/notifications").json["items"]]
        assert "coaching_note" not in kinds
    assert other_coach.get(url).json == []  # another coach sees only their own
    stranger = register("Vreemde")
    for outsider in (viewer, reflector, contributor, stranger):
        assert outsider.get(url).status_code == 404
        assert (
            outsider.post(url, json={"session_date": "2026-10-02", "body": "x"}).status_code == 404
        )
    assert app.test_client().get(url).status_code == 401
    note_id = owner.get(url).json[0]["id"]
    assert owner.patch(f"/api/v1/coaching-notes/{note_id}", json={"body": "x"}).status_code == 404
    # The owner's export of their dossier and timeline never includes the notes either.
    items = viewer.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence").json["items"]
    assert all("Vertrouwelijk" not in (i["title"] + i["description"]) for i in items)


def test_a_coach_rates_only_when_the_owner_asked(register, app):
    from app.db import db
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    owner, coach = register("Sanne"), register("Coach")
    grant = _grant(owner, coach, ["reflect"], role="coach")
    item = owner.get("/api/v1/competencies", query_string={"q": "klassenmanagement"}).json[0]
    evidence = owner.upload(None, title="Les").json
    owner.post(f"/api/v1/evidence/{evidence['id']}/competencies", json={"item_id": item["id"]})
    url = f"/api/v1/evidence/{evidence['id']}/reflections"
    r = coach.post(url, json={"content": {"text": "Goed"}, "item_id": item["id"], "level": 3})
    assert r.status_code == 403
    assert r.json["error"]["code"] == "coach_may_not_rate"
    assert coach.post(url, json={"content": {"text": "Goed"}}).status_code == 201  # words: fine
    owner.patch(f"/api/v1/grants/{grant['id']}", json={"coach_may_rate": True})
    r = coach.post(url, json={"content": {"text": "Goed"}, "item_id": item["id"], "level": 3})
    assert r.status_code == 201


def test_the_log_as_pdf_has_the_activities_hours_and_totals(teacher):
    import pypdf

    url = f"/api/v1/dossiers/{teacher.dossier_id}/activities"
    teacher.post(url, json={"kind": "course", "title": "Coöperatief leren", "on_date":
                            "2026-10-01", "hours": 12.5, "cost": 249.95,
                            "provider": "Hogeschool"})  # fmt: skip
    teacher.post(url, json={"kind": "intervision", "title": "Intervisie bouw",
                            "on_date": "2026-11-10", "hours": 6, "cost": 120})  # fmt: skip
    teacher.post(url, json={"kind": "conference", "title": "Onderwijscongres",
                            "on_date": "2027-03-15", "hours": 8, "planned": True})  # fmt: skip
    teacher.post(f"/api/v1/dossiers/{teacher.dossier_id}/goals",
                 json={"title": "Beter differentiëren", "school_year": 2026})  # fmt: skip
    r = teacher.get(f"{url}.pdf", query_string={"year": 2026})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert "professionalisering-2026-2027.pdf" in r.headers["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.data)).pages)
    for expected in ("Professionalisering 2026/2027", "Coöperatief leren", "Hogeschool",
                     "Intervisie bouw", "Onderwijscongres", "12,50", "249,95", "120,00",
                     "Beter differentiëren"):  # fmt: skip
        assert expected in text, expected
    assert "18,5 van 66,4 gedaan" in text  # hours done against the entitlement at 0.8 FTE
    assert "€ 369,95 van € 400,00" in text
    assert "Totaal gedaan 18,50 369,95" in " ".join(text.split())
    assert "Totaal gepland 8,00 0,00" in " ".join(text.split())
    # Someone else's log is not there to be had.
    assert teacher.get(f"/api/v1/dossiers/{uuid.uuid4()}/activities.pdf").status_code == 404


def test_links_to_goals_and_competencies_are_checked_and_named(teacher, app):
    from app.db import db
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    item = teacher.get("/api/v1/competencies", query_string={"q": "klassenmanagement"}).json[0]
    goals = f"/api/v1/dossiers/{teacher.dossier_id}/goals"
    goal = teacher.post(goals, json={"title": "Rust in de klas", "school_year": 2026,
                                     "competency_ids": [item["id"]]}).json  # fmt: skip
    assert goal["competencies"][0]["full_statement"] == item["full_statement"]
    r = teacher.post(goals, json={"title": "x", "competency_ids": [str(uuid.uuid4())]})
    assert r.status_code == 422 and "competency_ids" in r.json["error"]["fields"]

    url = f"/api/v1/dossiers/{teacher.dossier_id}/activities"
    activity = teacher.post(url, json={"kind": "reading", "title": "Boek", "on_date":
                                       "2026-09-01", "goal_ids": [goal["id"]],
                                       "competency_ids": [item["id"]]}).json  # fmt: skip
    assert activity["goal_ids"] == [goal["id"]]
    assert activity["competencies"][0]["id"] == item["id"]
    other = teacher.post(goals, json={"title": "Ander", "school_year": 2026}).json
    assert teacher.delete(f"/api/v1/goals/{other['id']}").status_code == 204
    r = teacher.patch(f"/api/v1/activities/{activity['id']}", json={"goal_ids": [other["id"]]})
    assert r.status_code == 422 and "goal_ids" in r.json["error"]["fields"]
    # Removing a goal keeps the activity, without the link.
    assert teacher.delete(f"/api/v1/goals/{goal['id']}").status_code == 204
    log = teacher.get(url, query_string={"year": 2026}).json
    assert [(a["title"], a["goal_ids"]) for a in log] == [("Boek", [])]


def test_entitlement_overrides_and_settings_are_checked(teacher):
    url = "/api/v1/me/growth-settings"
    assert teacher.put(url, json={"hours_override": -1}).status_code == 422
    assert teacher.put(url, json={"fte": 0}).status_code == 422
    r = teacher.put(url, json={"hours_override": 40, "budget_override": 750})
    assert r.json == {"fte": 0.8, "hours_override": 40.0, "budget_override": 750.0,
                      "saving_since": None}  # fmt: skip
    assert (_overview(teacher)["entitlement_hours"], _overview(teacher)["budget"]) == (40, 750)
    teacher.put(url, json={"hours_override": None, "budget_override": None})
    assert _overview(teacher)["entitlement_hours"] == 66.4


def test_a_coach_edits_notes_only_while_coaching_and_is_named(register):
    owner, coach = register("Sanne"), register("Coach")
    grant = _grant(owner, coach, ["reflect"], role="coach")
    shared = coach.get("/api/v1/shared-dossiers").json
    assert [(s["role"], s["coach_may_rate"]) for s in shared] == [("coach", False)]
    url = f"/api/v1/dossiers/{owner.dossier_id}/coaching-notes"
    note = coach.post(url, json={"session_date": "2026-10-02", "body": "Eerste gesprek"}).json
    assert owner.get(url).json[0]["coach"]["display_name"] == "Coach"
    r = coach.patch(
        f"/api/v1/coaching-notes/{note['id']}", json={"body": "Eerste gesprek, bijgewerkt"}
    )
    assert r.status_code == 200 and r.json["body"] == "Eerste gesprek, bijgewerkt"
    owner.delete(f"/api/v1/grants/{grant['id']}")
    r = coach.patch(f"/api/v1/coaching-notes/{note['id']}", json={"body": "Na afloop"})
    assert r.status_code == 404
    assert coach.get(url).status_code == 404
    assert [n["body"] for n in owner.get(url).json] == ["Eerste gesprek, bijgewerkt"]


def test_one_goal_is_read_by_its_owner_only(teacher, register):
    goal = teacher.post(f"/api/v1/dossiers/{teacher.dossier_id}/goals",
                        json={"title": "Feedback geven", "school_year": 2026}).json  # fmt: skip
    assert teacher.get(f"/api/v1/goals/{goal['id']}").json["title"] == "Feedback geven"
    assert register("Ander").get(f"/api/v1/goals/{goal['id']}").status_code == 404


# --- the access matrix: notes for coach and owner, the plan and log for the owner -----------


@pytest.fixture(scope="module")
def circle(app, module_connection):
    """One teacher's dossier and everyone around it: a coach, someone in every other grant role
    with every scope, a coach whose access was revoked, the school's administrator, a colleague
    in the same school without a grant, a stranger and someone not logged in (built once for
    the module; each test's changes are rolled back)."""
    register = functools.partial(register_user, app)
    owner = register("Sanne")
    people = {"owner": owner, "coach": register("Coach")}
    _grant(owner, people["coach"], ["view", "reflect"], role="coach")
    for role in ("coordinator", "employer", "mentor", "teacher", "other"):
        people[role] = register(role.capitalize())
        _grant(owner, people[role], ["view", "reflect", "contribute"], role=role)
    people["revoked"] = register("Oud")
    revoked = _grant(owner, people["revoked"], ["view", "reflect"], role="coach")
    school = owner.post("/api/v1/organisations", json={"name": "De Linde", "kind": "education"})
    for name, role in (("admin", "administrator"), ("colleague", "teacher")):
        people[name] = register(name.capitalize())
        add_member(owner, school.json["id"], people[name], role)
    people["stranger"] = register("Vreemde")
    people["anonymous"] = ApiClient(app, {})
    d = f"/api/v1/dossiers/{owner.dossier_id}"
    old = people["revoked"].post(
        f"{d}/coaching-notes", json={"session_date": "2026-09-01", "body": "Oud gesprek"}
    )
    assert owner.delete(f"/api/v1/grants/{revoked['id']}").status_code == 204
    note = (
        people["coach"]
        .post(f"{d}/coaching-notes", json={"session_date": "2026-10-02", "body": "Geheim"})
        .json
    )
    goal = owner.post(f"{d}/goals", json={"title": "Doel", "school_year": 2026}).json
    activity = owner.post(
        f"{d}/activities", json={"kind": "course", "title": "Cursus", "on_date": "2026-10-01"}
    ).json
    return {"people": people, "d": d, "note": note["id"], "old": old.json["id"], "goal": goal["id"],
            "activity": activity["id"]}  # fmt: skip


OTHERS = ["coordinator", "employer", "mentor", "teacher", "other", "revoked", "admin",
          "colleague", "stranger"]  # fmt: skip


def _status(allowed: dict[str, int], who: str) -> int:
    return allowed.get(who, 401 if who == "anonymous" else 404)


@pytest.mark.parametrize("who", ["owner", "coach", *OTHERS, "anonymous"])
def test_coaching_notes_stay_invisible_in_every_other_role(circle, who):
    api, d = circle["people"][who], circle["d"]
    r = api.get(f"{d}/coaching-notes")
    assert r.status_code == _status({"owner": 200, "coach": 200}, who), r.json
    if who == "owner":  # the revoked coach's note is still the owner's to read
        assert sorted(n["body"] for n in r.json) == ["Geheim", "Oud gesprek"]
    if who == "coach":
        assert [n["body"] for n in r.json] == ["Geheim"]
    r = api.post(f"{d}/coaching-notes", json={"session_date": "2026-10-03", "body": "x"})
    assert r.status_code == _status({"coach": 201}, who)
    r = api.patch(f"/api/v1/coaching-notes/{circle['note']}", json={"body": "Gewijzigd"})
    assert r.status_code == _status({"coach": 200}, who)
    r = api.patch(f"/api/v1/coaching-notes/{circle['old']}", json={"body": "Gewijzigd"})
    assert r.status_code == _status({}, who)  # not even by the coach who wrote it, now
    r = api.delete(f"/api/v1/coaching-notes/{circle['note']}")
    assert r.status_code == _status({"owner": 204, "coach": 204}, who)


@pytest.mark.parametrize("who", ["coach", *OTHERS, "anonymous"])
def test_the_plan_and_the_log_are_the_owners_alone(circle, who):
    api, d = circle["people"][who], circle["d"]
    expected = 401 if who == "anonymous" else 404
    for path in ("growth/overview", "goals", "activities", "activities.csv", "activities.pdf"):
        assert api.get(f"{d}/{path}").status_code == expected, path
    assert api.get(f"/api/v1/goals/{circle['goal']}").status_code == expected
    r = api.patch(f"/api/v1/activities/{circle['activity']}", json={"title": "Anders"})
    assert r.status_code == expected
    r = api.post(f"{d}/activities", json={"kind": "other", "title": "x", "on_date": "2026-10-01"})
    assert r.status_code == expected
    assert api.post(f"{d}/goals", json={"title": "x"}).status_code == expected


def test_the_pdf_speaks_the_readers_language(register):
    import pypdf

    teacher = register("Sam", locale="en")
    url = f"/api/v1/dossiers/{teacher.dossier_id}/activities"
    teacher.post(url, json={"kind": "study_day", "title": "Maths day", "on_date": "2026-10-01",
                            "hours": 1234.5 / 1000, "cost": 1250})  # fmt: skip
    r = teacher.get(f"{url}.pdf", query_string={"year": 2026})
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.data)).pages).split()
    )
    assert "Professional development 2026/2027" in text
    assert "Study day" in text and "Maths day" in text
    assert "1.23" in text and "1,250.00" in text  # English decimals and thousands
    assert "€ 1,250.00 of € 500.00 spent" in text


def test_the_owner_removes_any_note_and_a_coach_only_their_own(register):
    owner, coach, other_coach, viewer = (register(n) for n in ("Sanne", "Carla", "Kees", "Juf"))
    _grant(owner, coach, ["reflect"], role="coach")
    _grant(owner, other_coach, ["reflect"], role="coach")
    _grant(owner, viewer, ["view"], role="teacher")
    url = f"/api/v1/dossiers/{owner.dossier_id}/coaching-notes"
    first = coach.post(url, json={"session_date": "2026-10-02", "body": "Eerste gesprek"}).json
    second = coach.post(url, json={"session_date": "2026-10-09", "body": "Tweede gesprek"}).json
    for outsider in (other_coach, viewer):
        assert outsider.delete(f"/api/v1/coaching-notes/{first['id']}").status_code == 404
    assert coach.delete(f"/api/v1/coaching-notes/{first['id']}").status_code == 204
    assert owner.delete(f"/api/v1/coaching-notes/{second['id']}").status_code == 204
    assert owner.get(url).json == [] and coach.get(url).json == []
    assert owner.delete(f"/api/v1/coaching-notes/{second['id']}").status_code == 404


def test_reading_the_overview_writes_nothing_so_parallel_screens_cannot_collide(app, register):
    """The growth screen asks for settings and overview at once; on PostgreSQL two requests
    that both made the settings row collided. Reading uses the defaults without saving."""
    from app.db import db
    from app.growth.models import GrowthSettings

    teacher = register("Sanne")
    assert teacher.get("/api/v1/me/growth-settings").json["fte"] == 1.0
    overview = teacher.get(f"/api/v1/dossiers/{teacher.dossier_id}/growth/overview").json
    assert overview["entitlement_hours"] == 83.0
    with app.app_context():
        assert db.session.get(GrowthSettings, uuid.UUID(teacher.user["id"])) is None
    assert teacher.put("/api/v1/me/growth-settings", json={"fte": 0.8}).json["fte"] == 0.8
    overview = teacher.get(f"/api/v1/dossiers/{teacher.dossier_id}/growth/overview").json
    assert overview["entitlement_hours"] == 66.4
