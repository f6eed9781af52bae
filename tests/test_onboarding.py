"""The first screen after sign-up: who you are chooses your dossier's frameworks."""

from __future__ import annotations

import pytest

from app.db import db
from competencies.builtin import sync_builtin

PROFILE = "/api/v1/me/profile"

VSO = "VSO arbeidsmarkt en dagbesteding"
VSO_WORK = "VSO arbeidsmarktgericht"
WV = "Werknemersvaardigheden"
BEKWAAM = "Bekwaamheidseisen leraren"
SBL = "SBL-competenties"
SBL_VO = "SBL-indicatoren leraar vo"
VL = "Basiscompetenties van de leraar"


def short(title: str) -> str:
    return next(n for n in (VSO, VSO_WORK, WV, BEKWAAM, SBL, SBL_VO, VL) if title.startswith(n))


def chosen(api) -> list[str]:
    """The frameworks the dossier works with (their short names), sorted."""
    frameworks = api.get(f"/api/v1/dossiers/{api.dossier_id}/frameworks").json
    return sorted(short(f["title"]) for f in frameworks)


def framework_id(api, prefix: str) -> str:
    return next(
        f["id"] for f in api.get("/api/v1/frameworks").json if f["title"].startswith(prefix)
    )


@pytest.fixture
def builtins(app):
    """Every built-in framework loaded (a profile loads only those it needs)."""
    with app.app_context():
        sync_builtin(db.session())
        db.commit()


def test_a_new_account_has_no_profile_and_is_asked(register):
    api = register("Sanne")
    me = api.get("/api/v1/me").json
    assert me["profile"] is None
    assert me["onboarded"] is False
    assert chosen(api) == []


@pytest.mark.parametrize(
    ("role", "sector", "expected"),
    [
        ("pupil", "vso", [VSO, VSO_WORK, WV]),
        ("pupil", "praktijkonderwijs", [WV]),
        ("pupil", "mbo", [WV]),
        ("teacher", "nl-po", [BEKWAAM]),
        ("teacher", "vl-secundair", [VL]),
        ("student_teacher", "nl-vo", [BEKWAAM, SBL_VO]),
        ("student_teacher", "vl-basis", [VL]),
    ],
)
def test_the_profile_chooses_the_matching_frameworks(register, role, sector, expected):
    api = register("Sanne")
    response = api.put(PROFILE, json={"role": role, "sector": sector})
    assert response.status_code == 200, response.json
    assert response.json["profile"] == {"role": role, "sector": sector}
    assert response.json["onboarded"] is True
    assert api.get("/api/v1/me").json["profile"] == {"role": role, "sector": sector}
    assert chosen(api) == sorted(expected)
    # search within the dossier now reaches these frameworks only
    found = api.get(
        "/api/v1/competencies", query_string={"q": "samenwerken", "dossier_id": api.dossier_id}
    ).json
    assert {short(i["framework"]["title"]) for i in found} <= set(expected)


def test_a_role_without_own_frameworks_leaves_the_dossier_alone(register):
    api = register("Sanne")
    api.put(PROFILE, json={"role": "pupil", "sector": "mbo"})
    response = api.put(PROFILE, json={"role": "coach"})
    assert response.status_code == 200, response.json
    assert response.json["profile"] == {"role": "coach", "sector": None}
    assert chosen(api) == [WV]


def test_changing_the_profile_replaces_its_choice_but_keeps_mine_and_the_links(
    register, builtins, jpeg
):
    api = register("Joris")
    api.put(PROFILE, json={"role": "teacher", "sector": "nl-po"})
    # chosen by hand: SBL; the profile's choice stays beside it
    url = f"/api/v1/dossiers/{api.dossier_id}/frameworks"
    ids = [f["id"] for f in api.get(url).json] + [framework_id(api, SBL)]
    assert api.put(url, json={"framework_ids": ids}).status_code == 200
    assert chosen(api) == sorted([BEKWAAM, SBL])
    # a photo linked to a competency of the profile's framework
    photo = api.upload(jpeg(), title="Kringgesprek").json
    item = next(
        i
        for i in api.get(f"/api/v1/frameworks/{framework_id(api, BEKWAAM)}").json["items"]
        if i["item_type"] != "Domein"
    )
    url = f"/api/v1/evidence/{photo['id']}/competencies"
    assert api.post(url, json={"item_id": item["id"]}).status_code == 201

    # Moving to Flanders: the Dutch profile's framework makes way, the hand-chosen one stays.
    assert api.put(PROFILE, json={"role": "teacher", "sector": "vl-basis"}).status_code == 200
    assert chosen(api) == sorted([SBL, VL])
    # the link is still there, and shows again once the framework is chosen again
    timeline = api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"]
    assert [c["item_id"] for c in timeline[0]["competencies"]] == [item["id"]]
    assert api.put(PROFILE, json={"role": "teacher", "sector": "nl-vo"}).status_code == 200
    assert chosen(api) == sorted([BEKWAAM, SBL])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "pupil"}, "sector"),  # a pupil says where
        ({"role": "pupil", "sector": "nl-po"}, "sector"),  # a teacher's sector
        ({"role": "teacher", "sector": "vso"}, "sector"),
        ({"role": "coach", "sector": "nl-po"}, "sector"),  # a coach has none
        ({"role": "headmaster"}, "role"),
        ({"role": "teacher", "sector": "fr-lycee"}, "sector"),
        ({"sector": "vso"}, "role"),
    ],
)
def test_a_bad_profile_is_refused_and_changes_nothing(register, body, field):
    api = register("Sanne")
    api.put(PROFILE, json={"role": "pupil", "sector": "mbo"})
    response = api.put(PROFILE, json=body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "invalid"
    assert field in response.json["error"]["fields"]
    assert api.get("/api/v1/me").json["profile"] == {"role": "pupil", "sector": "mbo"}
    assert chosen(api) == [WV]


def test_later_stops_the_question_without_a_profile(register):
    api = register("Sanne")
    response = api.post(f"{PROFILE}/later")
    assert response.status_code == 200, response.json
    assert response.json["onboarded"] is True
    assert response.json["profile"] is None
    assert chosen(api) == []
