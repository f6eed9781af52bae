"""A change (PATCH) is its item's own body with every field optional: it changes only the fields
it names, never resets the others to a new item's defaults, and refuses the values a new item
would refuse."""

from __future__ import annotations

import pytest

from app.db import db
from competencies.builtin import sync_builtin
from tests.test_people import _grant


def test_a_goal_changes_only_what_is_sent(register):
    api = register("Sanne")
    goal = api.post(f"/api/v1/dossiers/{api.dossier_id}/goals", json={
        "title": "Beter differentiëren", "status": "in_progress", "school_year": 2026,
        "description": "Drie niveaus"}).json  # fmt: skip
    url = f"/api/v1/goals/{goal['id']}"

    r = api.patch(url, json={"title": "Differentiëren in de bovenbouw", "school_year": 2030})
    assert r.status_code == 200, r.json
    assert r.json["title"] == "Differentiëren in de bovenbouw"
    assert (r.json["status"], r.json["description"]) == ("in_progress", "Drie niveaus")
    assert r.json["school_year"] == 2026  # a goal stays in its school year

    assert api.patch(url, json={"title": ""}).status_code == 422
    assert api.patch(url, json={"status": "dreaming"}).status_code == 422
    assert api.get(url).json["title"] == "Differentiëren in de bovenbouw"


def test_an_activity_changes_only_what_is_sent(register):
    api = register("Sanne")
    activity = api.post(f"/api/v1/dossiers/{api.dossier_id}/activities", json={
        "kind": "conference", "title": "Onderwijscongres", "on_date": "2027-03-15",
        "hours": 8, "cost": 120, "planned": True}).json  # fmt: skip
    url = f"/api/v1/activities/{activity['id']}"

    r = api.patch(url, json={"title": "Onderwijscongres Utrecht"})
    assert r.status_code == 200, r.json
    assert (r.json["hours"], r.json["cost"], r.json["planned"]) == (8.0, 120.0, True)

    assert api.patch(url, json={"kind": "gossip"}).status_code == 422
    assert api.patch(url, json={"hours": -1}).status_code == 422
    assert api.get(f"/api/v1/dossiers/{api.dossier_id}/activities").json[0]["kind"] == "conference"


def test_a_report_changes_only_what_is_sent(register):
    api = register("Daan")
    report = api.post(f"/api/v1/dossiers/{api.dossier_id}/reports", json={
        "title": "Stageverslag", "period_start": "2026-10-01", "period_end": "2026-11-30",
        "language": "en", "internship": "De Gouden Lepel"}).json  # fmt: skip
    url = f"/api/v1/reports/{report['id']}"

    r = api.patch(url, json={"title": "Stageverslag keuken"})
    assert r.status_code == 200, r.json
    assert (r.json["language"], r.json["internship"]) == ("en", "De Gouden Lepel")

    assert api.patch(url, json={"period_end": "eind november"}).status_code == 422
    assert api.patch(url, json={"language": "fr"}).status_code == 422
    assert api.get(url).json["period_end"] == "2026-11-30"


def test_a_competency_changes_only_what_is_sent(register):
    api = register("Sanne")
    framework = api.post("/api/v1/frameworks", json={"title": "Leerlijn horeca"}).json
    item = api.post(f"/api/v1/frameworks/{framework['id']}/items", json={
        "full_statement": "Werkt hygiënisch", "human_code": "H1"}).json  # fmt: skip
    url = f"/api/v1/framework-items/{item['id']}"

    r = api.patch(url, json={"full_statement": "Werkt hygiënisch en veilig"})
    assert r.status_code == 200, r.json
    assert r.json["human_code"] == "H1"

    assert api.patch(url, json={"full_statement": ""}).status_code == 422
    assert api.patch(url, json={"position": 0}).status_code == 422


@pytest.mark.usefixtures("storage")
def test_a_reflection_changes_only_what_is_sent(register, app):
    api = register("Sanne")
    with app.app_context():
        sync_builtin(db.session())  # a built-in framework, with a rating scale
        db.commit()
    item = api.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    evidence = api.upload(None, title="Eerste dienst").json
    api.post(f"/api/v1/evidence/{evidence['id']}/competencies", json={"item_id": item["id"]})
    reflection = api.post(f"/api/v1/evidence/{evidence['id']}/reflections", json={
        "model": "starr", "content": {"situatie": "Druk"}, "item_id": item["id"],
        "level": 2}).json  # fmt: skip
    url = f"/api/v1/reflections/{reflection['id']}"

    r = api.patch(url, json={"content": {"situatie": "Heel druk"}})
    assert r.status_code == 200, r.json
    assert (r.json["model"], r.json["level"]) == ("starr", 2)

    assert api.patch(url, json={"level": "hoog"}).status_code == 422
    assert api.get(url).json["content"]["situatie"] == "Heel druk"


def test_a_grant_changes_only_the_terms_sent(register):
    owner, coach, other = register("Daan"), register("Fatima"), register("Peter")
    grant = _grant(owner, coach, ["view", "reflect"], role="coach")
    url = f"/api/v1/grants/{grant['id']}"

    r = owner.patch(url, json={"coach_may_rate": True, "user_id": other.user["id"]})
    assert r.status_code == 200, r.json
    assert (r.json["role"], sorted(r.json["scopes"])) == ("coach", ["reflect", "view"])
    assert r.json["grantee"]["id"] == coach.user["id"]  # who has access is no term to change

    assert owner.patch(url, json={"scopes": []}).status_code == 422
    assert owner.patch(url, json={"role": "boss"}).status_code == 422


def test_the_document_shows_every_change_with_nothing_required_and_no_defaults(client):
    spec = client.get("/api/v1/openapi.json").json
    schemas = spec["components"]["schemas"]
    bodies = {
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for item in spec["paths"].values()
        for method, op in item.items()
        if method == "patch" and "requestBody" in op
    }
    assert {"ReportUpdateIn", "GoalUpdateIn", "GrantUpdateIn", "ItemUpdateIn",
            "CredentialCvIn", "FrameworkChangeIn"} <= bodies  # fmt: skip
    for name in bodies:
        assert "required" not in schemas[name], name
        assert not [p for p, v in schemas[name]["properties"].items() if "default" in v], name
    assert "school_year" not in schemas["GoalUpdateIn"]["properties"]
    assert schemas["ReportIn"]["properties"]["language"]["default"] == "nl"  # a new report's
