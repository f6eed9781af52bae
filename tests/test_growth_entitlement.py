"""The entitlement as the CAO PO defines it: hours and budget pro rata to working time (or a
fixed amount where an instance says so), unspent budget saved for three school years and
spent oldest first, activities required by the school or chosen, and the year review."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime

import pypdf
import pytest

URL = "/api/v1/me/growth-settings"


@pytest.fixture
def teacher(register):
    api = register("Sanne")
    assert api.put(URL, json={"fte": 0.8}).status_code == 200
    return api


def _overview(api, year=None):
    query = {"year": year} if year else {}
    r = api.get(f"/api/v1/dossiers/{api.dossier_id}/growth/overview", query_string=query)
    assert r.status_code == 200, r.json
    return r.json


def _log(api, on_date, cost, **more):
    body = {"kind": "course", "title": f"Cursus {on_date}", "on_date": on_date, "cost": cost}
    r = api.post(f"/api/v1/dossiers/{api.dossier_id}/activities", json={**body, **more})
    assert r.status_code == 201, r.json
    return r.json


def _saved(overview):
    return [(s["school_year"], s["amount"], s["usable_until"], s["left"])
            for s in overview["saved"]]  # fmt: skip


def test_point_eight_fte_gives_four_hundred_euros_and_point_eight_of_the_hours(teacher):
    o = _overview(teacher, 2026)
    assert (o["budget"], o["entitlement_hours"], o["rule"]) == (400.0, 66.4, "pro_rata")
    assert (o["saved"], o["available"], o["left"]) == ([], 400.0, 400.0)
    teacher.put(URL, json={"fte": 0.4})
    assert (_overview(teacher, 2026)["budget"], _overview(teacher, 2026)["entitlement_hours"]) \
        == (200.0, 33.2)  # fmt: skip


def test_a_fixed_entitlement_gives_everyone_the_full_amounts(teacher, app, monkeypatch):
    monkeypatch.setitem(app.config, "GROWTH_ENTITLEMENT_RULE", "fixed")
    o = _overview(teacher, 2026)
    assert (o["budget"], o["entitlement_hours"], o["rule"]) == (500.0, 83.0, "fixed")
    # One's own agreement still wins.
    teacher.put(URL, json={"budget_override": 650})
    assert _overview(teacher, 2026)["budget"] == 650.0


def test_an_unknown_entitlement_rule_stops_the_app_from_starting():
    from config import Config, ConfigError

    config = Config()
    config.GROWTH_ENTITLEMENT_RULE = "generous"
    with pytest.raises(ConfigError, match="GROWTH_ENTITLEMENT_RULE"):
        config.validate()


def test_without_saving_each_year_stands_alone(teacher):
    _log(teacher, "2025-10-01", 100)
    o = _overview(teacher, 2026)
    assert (o["saving_since"], o["saved"], o["available"]) == (None, [], 400.0)


def test_unspent_budget_is_saved_and_spending_takes_the_oldest_money_first(teacher):
    assert teacher.put(URL, json={"saving_since": 2024}).json["saving_since"] == 2024
    _log(teacher, "2024-10-01", 100)  # 2024/25: 300 of its 400 left over
    _log(teacher, "2025-10-01", 500)  # 2025/26: the 300 of 2024 first, then 200 of its own
    _log(teacher, "2025-11-01", 80, planned=True)  # planned money is not spent
    o = _overview(teacher, 2025)
    assert _saved(o) == [(2024, 300.0, 2027, 0.0)]
    assert (o["available"], o["spent"], o["left"]) == (700.0, 500.0, 200.0)
    o = _overview(teacher, 2026)
    assert _saved(o) == [(2025, 200.0, 2028, 200.0)]  # 2024's money is used up, not listed
    assert (o["budget"], o["saved_total"], o["available"], o["left"]) == (400, 200, 600, 600)
    _log(teacher, "2026-09-01", 250)
    o = _overview(teacher, 2026)
    assert _saved(o) == [(2025, 200.0, 2028, 0.0)]  # spent first: the oldest money
    assert o["left"] == 350.0


def test_saved_money_expires_after_three_school_years(teacher):
    teacher.put(URL, json={"saving_since": 2022})
    o = _overview(teacher, 2026)
    # 2022/23's money could be spent until 2025/26; in 2026/27 three years remain.
    assert _saved(o) == [(2023, 400.0, 2026, 400.0), (2024, 400.0, 2027, 400.0),
                         (2025, 400.0, 2028, 400.0)]  # fmt: skip
    assert o["available"] == 1600.0
    _log(teacher, "2026-10-01", 500)
    assert [s["left"] for s in _overview(teacher, 2026)["saved"]] == [0.0, 300.0, 400.0]
    # Next year 2023's money is gone, whatever was left of it.
    assert [s["school_year"] for s in _overview(teacher, 2027)["saved"]] == [2024, 2025, 2026]


def test_saving_follows_the_school_year_boundary(teacher, frozen):
    teacher.put(URL, json={"saving_since": 2025})
    _log(teacher, "2026-07-31", 150)  # the last day of 2025/26
    frozen["now"] = datetime(2026, 7, 31, 12, tzinfo=UTC)
    o = _overview(teacher)
    assert (o["school_year"], o["saved"], o["left"]) == (2025, [], 250.0)
    frozen["now"] = datetime(2026, 7, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 August in Utrecht
    o = _overview(teacher)
    assert o["school_year"] == 2026
    assert _saved(o) == [(2025, 250.0, 2028, 250.0)]
    _log(teacher, "2026-08-01", 300)  # the first day of 2026/27: the saved 250 goes first
    o = _overview(teacher)
    assert (_saved(o), o["left"]) == ([(2025, 250.0, 2028, 0.0)], 350.0)


def test_saving_since_is_checked(teacher):
    assert teacher.put(URL, json={"saving_since": 1999}).status_code == 422
    assert teacher.put(URL, json={"saving_since": "vorig jaar"}).status_code == 422
    assert teacher.get(URL).json["saving_since"] is None
    assert teacher.put(URL, json={"saving_since": None}).status_code == 200


def test_an_activity_is_required_by_the_school_or_chosen(teacher):
    chosen = _log(teacher, "2026-10-01", 0, hours=4)
    required = _log(teacher, "2026-10-02", 0, hours=3, required=True, title="BHV-herhaling")
    assert (chosen["required"], required["required"]) == (False, True)
    r = teacher.patch(f"/api/v1/activities/{chosen['id']}", json={"required": "misschien"})
    assert r.status_code == 422
    url = f"/api/v1/dossiers/{teacher.dossier_id}/activities"
    assert [a["required"] for a in teacher.get(url, query_string={"year": 2026}).json] == [
        False, True,
    ]  # fmt: skip
    rows = list(csv.reader(io.StringIO(teacher.get(f"{url}.csv", query_string={"year": 2026})
                                       .data.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert rows[0][-1] == "Verplicht of zelf gekozen"
    assert [row[-1] for row in rows[1:]] == ["zelf gekozen", "verplicht"]


def test_the_year_review_sets_plan_against_reality_and_keeps_the_reflection(teacher):
    goals = f"/api/v1/dossiers/{teacher.dossier_id}/goals"
    reached = teacher.post(goals, json={"title": "Rust in groep 6", "school_year": 2026}).json
    teacher.post(goals, json={"title": "Leesmotivatie", "school_year": 2026})
    teacher.patch(f"/api/v1/goals/{reached['id']}", json={"status": "achieved"})
    _log(teacher, "2026-10-01", 100, hours=6, goal_ids=[reached["id"]])
    _log(teacher, "2026-11-01", 0, hours=3, required=True, title="Studiedag")
    _log(teacher, "2027-03-01", 50, hours=8, planned=True, title="Congres")
    url = f"/api/v1/dossiers/{teacher.dossier_id}/growth/review"
    review = teacher.get(url, query_string={"year": 2026}).json
    assert (review["goals_achieved"], len(review["goals"])) == (1, 2)
    assert (review["activities_done"], review["activities_still_planned"]) == (2, 1)
    assert (review["required_hours"], review["own_hours"]) == (3.0, 6.0)
    by_title = {g["title"]: g for g in review["goals"]}
    assert (by_title["Rust in groep 6"]["activities_done"],
            by_title["Rust in groep 6"]["hours_done"]) == (1, 6.0)  # fmt: skip
    assert review["overview"]["hours_done"] == 9.0 and review["overview"]["spent"] == 100.0
    assert (review["reflection"], review["updated_at"]) == ("", None)

    text = "De rust kwam er; lezen schoof door naar volgend jaar."
    r = teacher.put(url, query_string={"year": 2026}, json={"reflection": f"  {text}\n"})
    assert r.status_code == 200 and r.json["reflection"] == text
    assert teacher.get(url, query_string={"year": 2026}).json["reflection"] == text
    assert teacher.get(url, query_string={"year": 2025}).json["reflection"] == ""
    # Bad input changes nothing.
    assert teacher.put(url, query_string={"year": 2026}, json={}).status_code == 422
    assert teacher.put(url, query_string={"year": 2026},
                       json={"reflection": "x" * 20_001}).status_code == 422  # fmt: skip
    assert teacher.get(url, query_string={"year": 2026}).json["reflection"] == text

    pdf = teacher.get(f"/api/v1/dossiers/{teacher.dossier_id}/activities.pdf",
                      query_string={"year": 2026})  # fmt: skip
    words = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages).split()
    )
    for expected in ("Terugblik op het schooljaar", "Wat is daarvan terecht gekomen?", text,
                     "1 van 2 doelen bereikt", "3,0 uur verplicht, 6,0 uur zelf gekozen",
                     "verplicht", "zelf gekozen"):  # fmt: skip
        assert expected in words, expected


def test_the_year_review_is_the_owners_alone(teacher, register):
    other = register("Kees")
    url = f"/api/v1/dossiers/{teacher.dossier_id}/growth/review"
    assert other.get(url).status_code == 404
    assert other.put(url, json={"reflection": "Van mij"}).status_code == 404


def test_saving_required_activities_and_reviews_travel_in_the_dossier_export(teacher, app):
    from app.db import db
    from app.growth.exchange import export_growth

    teacher.put(URL, json={"saving_since": 2024})
    _log(teacher, "2026-10-02", 0, required=True)
    teacher.put(f"/api/v1/dossiers/{teacher.dossier_id}/growth/review",
                query_string={"year": 2026}, json={"reflection": "Goed jaar."})  # fmt: skip
    with app.app_context():
        from app.dossiers.models import Dossier

        dossier = db.session.get(Dossier, uuid.UUID(teacher.dossier_id))
        data = export_growth(db.session(), dossier, _NoRefs())
    assert data["settings"]["saving_since"] == 2024
    assert data["activities"][0]["required"] is True
    assert [(r["school_year"], r["reflection"]) for r in data["reviews"]] == [(2026, "Goed jaar.")]


class _NoRefs:
    def competency_refs(self, ids):
        return []

    def evidence_refs(self, ids):
        return []

    def evidence_ref(self, value):
        return None
