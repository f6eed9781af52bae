"""Competency frameworks: CASE import/export, built-ins, search, links, custom learning
lines and the coverage matrix."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import event, func, select

from app.db import db
from competencies import services as competency_services
from competencies.builtin import builtin_packages, sync_builtin
from competencies.case import SCHEMA, export_package, import_package
from competencies.models import EvidenceLink, Framework, FrameworkItem
from tests.conftest import add_member

# Real CASE packages from OpenSALT (MIT, see fixtures/case/LICENSE.opensalt).
SHARED_CASE = Path(__file__).resolve().parent / "fixtures" / "case"
FIXTURES = sorted(SHARED_CASE.glob("opensalt-*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _essence(package: dict) -> dict:
    """What a reader of the framework sees: items by identifier, their place and order."""
    items = {
        i["identifier"]: (
            i["fullStatement"],
            i.get("humanCodingScheme", ""),
            i.get("CFItemType", ""),
        )
        for i in package.get("CFItems", [])
    }
    tree = {}
    for a in package.get("CFAssociations", []):
        if a["associationType"] == "isChildOf":
            tree.setdefault(a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
    order = [i["identifier"] for i in package.get("CFItems", [])]
    return {
        "document": (package["CFDocument"]["identifier"], package["CFDocument"]["title"]),
        "items": items,
        "tree": tree,
        "order": order,
    }


def _ordered_essence(package: dict) -> dict:
    essence = _essence(package)
    sequence = {
        a["originNodeURI"]["identifier"]: a.get("sequenceNumber")
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }
    essence["order"] = sorted(essence["order"], key=lambda i: sequence.get(i) or 0)
    return essence


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.session()


def _wipe(session) -> None:
    for framework in session.scalars(select(Framework)).all():
        session.delete(framework)
    session.flush()


@pytest.mark.skipif(not FIXTURES, reason="the shared CASE fixtures are not beside the project")
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_real_case_packages_import_and_export_equivalently(session, path):
    package = _load(path)
    result = import_package(session, package)
    assert result.items_added == len(package["CFItems"])
    exported = export_package(session, result.framework)
    jsonschema.Draft4Validator(SCHEMA).validate(exported)
    assert _essence(exported)["items"] == _essence(package)["items"]
    assert _essence(exported)["tree"] == _essence(package)["tree"]
    assert _ordered_essence(exported)["order"] == _ordered_essence(package)["order"]
    assert exported["CFDocument"]["title"] == package["CFDocument"]["title"]


@pytest.mark.skipif(not FIXTURES, reason="the shared CASE fixtures are not beside the project")
def test_sequence_numbers_decide_the_order(session):
    package = _load(SHARED_CASE / "opensalt-SequenceNumberFramework.json")
    framework = import_package(session, package).framework
    exported = export_package(session, framework)
    assert exported["CFItems"][0]["fullStatement"] == "Second added item, but should be first"


@pytest.mark.parametrize("path", builtin_packages(), ids=lambda p: p.stem)
def test_round_trip_export_import_export_is_identical(session, path):
    first = export_package(session, import_package(session, _load(path), builtin=True).framework)
    _wipe(session)  # as good as an empty database for frameworks
    second = export_package(session, import_package(session, copy.deepcopy(first)).framework)
    assert second == first


@pytest.mark.skipif(not FIXTURES, reason="the shared CASE fixtures are not beside the project")
def test_round_trip_of_a_real_package_keeps_unknown_fields(session):
    package = _load(SHARED_CASE / "opensalt-ItemTypeTestFramework.json")
    first = export_package(session, import_package(session, package).framework)
    assert first["CFItems"][0]["CFItemTypeURI"]["title"] == "Standard"
    assert first["CFDefinitions"]["CFItemTypes"][0]["typeCode"] == "Standard"
    assert first["CFDocument"]["adoptionStatus"] == "Draft"
    _wipe(session)
    assert export_package(session, import_package(session, copy.deepcopy(first)).framework) == first


def _small_package() -> dict:
    doc = str(uuid.uuid4())
    a, b, c = (str(uuid.uuid4()) for _ in range(3))

    def item(identifier, code, text):
        return {
            "identifier": identifier,
            "uri": f"urn:uuid:{identifier}",
            "fullStatement": text,
            "humanCodingScheme": code,
            "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
        }

    def child(identifier, origin, destination, n):
        return {
            "identifier": identifier,
            "uri": f"urn:uuid:{identifier}",
            "associationType": "isChildOf",
            "sequenceNumber": n,
            "originNodeURI": {"title": "x", "identifier": origin, "uri": f"urn:uuid:{origin}"},
            "destinationNodeURI": {
                "title": "y",
                "identifier": destination,
                "uri": f"urn:uuid:{destination}",
            },
            "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
        }

    return {
        "CFDocument": {"identifier": doc, "uri": f"urn:uuid:{doc}", "creator": "School",
                       "title": "Leerlijn koken",
                       "lastChangeDateTime": "2026-01-01T00:00:00+00:00"},
        "CFItems": [item(a, "K.1", "Hygiëne"), item(b, "K.1.1", "Handen wassen"),
                    item(c, "K.2", "Snijden")],
        "CFAssociations": [child(str(uuid.uuid4()), a, doc, 1), child(str(uuid.uuid4()), b, a, 1),
                           child(str(uuid.uuid4()), c, doc, 2)],
    }  # fmt: skip


def _counts(session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Framework)),
        session.scalar(select(func.count()).select_from(FrameworkItem)),
    )


@pytest.mark.parametrize(
    ("breakage", "names"),
    [
        ("missing identifier", "CFItems[1] (K.1.1)"),
        ("unknown destination", "CFAssociations[1]"),
        ("cycle", "K.1"),
        ("duplicate identifier", "CFItems[2]"),
        ("not a package", "CFDocument"),
    ],
)
def test_a_malformed_package_is_refused_naming_the_item_and_changes_nothing(
    session, register, breakage, names
):
    good = _small_package()
    import_package(session, good)
    before = _counts(session)
    bad = copy.deepcopy(good)
    bad["CFItems"][0]["fullStatement"] = "Changed, but must not be stored"
    if breakage == "missing identifier":
        del bad["CFItems"][1]["identifier"]
    elif breakage == "unknown destination":
        bad["CFAssociations"][1]["destinationNodeURI"]["identifier"] = str(uuid.uuid4())
    elif breakage == "cycle":
        a, b = bad["CFItems"][0]["identifier"], bad["CFItems"][1]["identifier"]
        bad["CFAssociations"][0]["destinationNodeURI"]["identifier"] = b  # a under b under a
        assert bad["CFAssociations"][1]["destinationNodeURI"]["identifier"] == a
    elif breakage == "duplicate identifier":
        bad["CFItems"][2]["identifier"] = bad["CFItems"][1]["identifier"]
    elif breakage == "not a package":
        bad = {"hello": "world"}
    db.commit()
    api = register("Coördinator")
    r = api.post("/api/v1/frameworks/import", json=bad)
    assert r.status_code == 422, r.json
    assert r.json["error"]["code"] == "invalid_case"
    assert names in r.json["error"]["message"]
    assert r.json["error"]["fields"]
    with db.session.no_autoflush:
        assert _counts(db.session()) == before
        stored = db.session.scalar(
            select(FrameworkItem).where(
                FrameworkItem.identifier == good["CFItems"][0]["identifier"]
            )
        )
        db.session.refresh(stored)
        assert stored.full_statement == "Hygiëne"


def test_reimporting_a_newer_version_updates_in_place_and_retires(session, register):
    package = _small_package()
    api = register("Sanne")  # she brought the learning line in, so she may update it
    framework = import_package(session, package, created_by=uuid.UUID(api.user["id"])).framework
    db.commit()
    snijden = next(i for i in framework.items if i.human_code == "K.2")
    evidence = api.upload(None, title="Uien gesneden").json
    assert api.post(f"/api/v1/evidence/{evidence['id']}/competencies",
                    json={"item_id": str(snijden.id)}).status_code == 201  # fmt: skip

    newer = copy.deepcopy(package)
    newer["CFItems"][0]["fullStatement"] = "Hygiëne en veiligheid"
    del newer["CFItems"][2]  # "Snijden" is gone in the new version
    newer["CFAssociations"] = newer["CFAssociations"][:2]
    other = register("Piet")
    r = other.post("/api/v1/frameworks/import", json=newer)
    assert (r.status_code, r.json["error"]["code"]) == (403, "framework_not_yours")
    assert api.get(f"/api/v1/frameworks/{framework.id}").json["items"][0]["full_statement"] == (
        "Hygiëne"
    )
    r = api.post("/api/v1/frameworks/import", json=newer)
    assert r.status_code == 200
    assert (r.json["created"], r.json["items_updated"], r.json["items_retired"]) == (False, 2, 1)
    assert r.json["framework"]["id"] == str(framework.id)
    detail = api.get(f"/api/v1/frameworks/{framework.id}").json
    assert [i["full_statement"] for i in detail["items"]] == [
        "Hygiëne en veiligheid",
        "Handen wassen",
    ]
    shown = api.get(f"/api/v1/evidence/{evidence['id']}").json["competencies"]
    assert shown == [{**shown[0], "human_code": "K.2", "retired": True}]


def test_import_and_export_through_the_api_and_a_file(register):
    api = register("Coördinator")
    package = _small_package()
    import io

    r = api.post(
        "/api/v1/frameworks/import",
        data={"file": (io.BytesIO(json.dumps(package).encode()), "leerlijn.json")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.json
    framework_id = r.json["framework"]["id"]
    exported = api.get(f"/api/v1/frameworks/{framework_id}/case")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    jsonschema.Draft4Validator(SCHEMA).validate(exported.json)
    assert _essence(exported.json)["items"] == _essence(package)["items"]
    r = api.post("/api/v1/frameworks/import", data=b"{not json", content_type="application/json")
    assert r.status_code == 422
    assert r.json["error"]["code"] == "invalid_case"


def test_cli_import_and_export(app, tmp_path):
    package = _small_package()
    source = tmp_path / "in.json"
    source.write_text(json.dumps(package))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["competencies", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output
    target = tmp_path / "out.json"
    result = runner.invoke(
        args=["competencies", "export", package["CFDocument"]["identifier"], str(target)]
    )
    assert result.exit_code == 0, result.output
    assert _essence(json.loads(target.read_text()))["items"] == _essence(package)["items"]
    broken = tmp_path / "broken.json"
    bad = copy.deepcopy(package)
    del bad["CFItems"][0]["fullStatement"]
    broken.write_text(json.dumps(bad))
    result = runner.invoke(args=["competencies", "import", str(broken)])
    assert result.exit_code != 0
    assert "CFItems[0] (K.1)" in result.output


# --- built-ins, search, links -----------------------------------------------------------


@pytest.fixture
def builtins(app):
    with app.app_context():
        results = sync_builtin(db.session())
        db.commit()
        return {r.framework.title: r.framework.id for r in results}


def test_builtin_frameworks_load_and_can_be_searched_in_dutch(register, builtins):
    api = register("Sanne")
    titles = [f["title"] for f in api.get("/api/v1/frameworks").json]
    assert any(t.startswith("SBL-competenties") for t in titles)
    assert any(t.startswith("Basiscompetenties van de leraar") for t in titles)
    assert any(t.startswith("Werknemersvaardigheden") for t in titles)
    found = api.get("/api/v1/competencies", query_string={"q": "klassenmanagement"}).json
    assert "Organisatorische competentie" in [i["full_statement"] for i in found]
    found = api.get("/api/v1/competencies", query_string={"q": "op tijd"}).json
    assert "Instructies en procedures opvolgen" in [i["full_statement"] for i in found]
    # accents and case do not matter
    found = api.get("/api/v1/competencies", query_string={"q": "CREEREN"}).json
    assert [i["full_statement"] for i in found] == ["Creëren en innoveren"]
    found = api.get("/api/v1/competencies", query_string={"q": "following instructions"}).json
    assert found and found[0]["framework"]["title"].startswith("Werknemersvaardigheden")


def test_sync_builtin_twice_changes_nothing(app, builtins):
    with app.app_context():
        before = _counts(db.session())
        sync_builtin(db.session())
        db.commit()
        assert _counts(db.session()) == before


def test_the_owner_chooses_frameworks_and_search_can_stay_within_them(register, builtins):
    api, other = register("Daan"), register("Piet")
    sbl = builtins[next(t for t in builtins if t.startswith("SBL"))]
    wv = builtins[next(t for t in builtins if t.startswith("Werknemers"))]
    url = f"/api/v1/dossiers/{api.dossier_id}/frameworks"
    r = api.put(url, json={"framework_ids": [str(wv), str(sbl)]})
    assert r.status_code == 200
    assert len(api.get(url).json) == 2
    assert api.put(url, json={"framework_ids": [str(wv)]}).status_code == 200
    assert [f["id"] for f in api.get(url).json] == [str(wv)]
    assert other.put(url, json={"framework_ids": []}).status_code == 404
    assert api.put(url, json={"framework_ids": [str(uuid.uuid4())]}).status_code == 422
    found = api.get(
        "/api/v1/competencies",
        query_string={"q": "klassenmanagement", "dossier_id": api.dossier_id},
    ).json
    assert found == []  # SBL is no longer chosen
    found = api.get(
        "/api/v1/competencies", query_string={"q": "op tijd", "dossier_id": api.dossier_id}
    ).json
    assert {i["framework"]["id"] for i in found} == {str(wv)}


def test_link_and_unlink_evidence(register, builtins, jpeg):
    api, other = register("Daan"), register("Piet")
    item = api.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    evidence = api.upload(jpeg(), title="Om 8 uur op de stage").json
    url = f"/api/v1/evidence/{evidence['id']}/competencies"
    r = api.post(url, json={"item_id": item["id"], "note": "Elke dag op tijd"})
    assert r.status_code == 201
    assert r.json["competencies"][0]["note"] == "Elke dag op tijd"
    again = api.post(url, json={"item_id": item["id"], "note": "Nog steeds"})
    assert [c["note"] for c in again.json["competencies"]] == ["Nog steeds"]
    timeline = api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"]
    assert timeline[0]["competencies"][0]["item_id"] == item["id"]
    on_competency = api.get(
        f"/api/v1/dossiers/{api.dossier_id}/competencies/{item['id']}/evidence"
    ).json
    assert [e["id"] for e in on_competency] == [evidence["id"]]
    assert other.post(url, json={"item_id": item["id"]}).status_code == 404
    assert other.delete(f"{url}/{item['id']}").status_code == 404
    r = api.delete(f"{url}/{item['id']}")
    assert r.status_code == 200 and r.json["competencies"] == []
    assert api.delete(f"{url}/{item['id']}").status_code == 404


# --- custom learning lines --------------------------------------------------------------


def test_a_custom_learning_line_is_made_reordered_and_exported(register):
    api, other = register("Coördinator"), register("Piet")
    framework = api.post("/api/v1/frameworks", json={"title": "Leerlijn horeca"}).json
    assert framework["editable"] is True
    url = f"/api/v1/frameworks/{framework['id']}/items"
    a = api.post(url, json={"full_statement": "Gasten ontvangen", "human_code": "H.1"}).json
    b = api.post(url, json={"full_statement": "Bestelling opnemen", "human_code": "H.2"}).json
    c = api.post(url, json={"full_statement": "Begroeten", "human_code": "H.1.1",
                            "parent_id": a["id"]}).json  # fmt: skip
    r = api.patch(f"/api/v1/framework-items/{b['id']}", json={"position": 1})
    assert r.status_code == 200
    detail = api.get(f"/api/v1/frameworks/{framework['id']}").json
    assert [i["human_code"] for i in detail["items"]] == ["H.2", "H.1", "H.1.1"]
    r = api.patch(f"/api/v1/framework-items/{a['id']}", json={"parent_id": c["id"]})
    assert r.status_code == 422  # under its own child: a cycle
    assert other.post(url, json={"full_statement": "x"}).status_code == 404  # not even seen
    package = api.get(f"/api/v1/frameworks/{framework['id']}/case").json
    jsonschema.Draft4Validator(SCHEMA).validate(package)
    assert [i["humanCodingScheme"] for i in package["CFItems"]] == ["H.2", "H.1", "H.1.1"]
    assert api.delete(f"/api/v1/framework-items/{c['id']}").status_code == 204
    package = api.get(f"/api/v1/frameworks/{framework['id']}/case").json
    assert [i["humanCodingScheme"] for i in package["CFItems"]] == ["H.2", "H.1"]


def test_builtin_frameworks_cannot_be_edited(register, builtins):
    api = register("Sanne")
    framework_id = next(iter(builtins.values()))
    item = api.get(f"/api/v1/frameworks/{framework_id}").json["items"][0]
    assert api.patch(f"/api/v1/framework-items/{item['id']}",
                     json={"full_statement": "x"}).status_code == 403  # fmt: skip


# --- coverage ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("few_links", "walk_steps"), [(1000, 5000), (0, 5000), (0, 0)],
    ids=["from-the-links", "along-the-timeline", "past-the-walk"],
)  # fmt: skip
def test_coverage_counts_evidence_and_shows_gaps(
    register, builtins, jpeg, monkeypatch, few_links, walk_steps
):
    """Every way to the newest item of a competency (services.FEW_LINKS, WALK_STEPS) finds
    the same one."""
    monkeypatch.setattr(competency_services, "FEW_LINKS", few_links)
    monkeypatch.setattr(competency_services, "WALK_STEPS", walk_steps)
    api = register("Daan")
    framework_id = builtins[next(t for t in builtins if t.startswith("VSO arbeidsmarkt en"))]
    items = api.get(f"/api/v1/frameworks/{framework_id}").json["items"]
    old = api.upload(None, title="Oud", occurred_at="2026-09-01T10:00:00+00:00").json
    new = api.upload(None, title="Nieuw", occurred_at="2026-10-01T10:00:00+00:00").json
    for evidence in (old, new):
        api.post(
            f"/api/v1/evidence/{evidence['id']}/competencies", json={"item_id": items[1]["id"]}
        )
    coverage = api.get(f"/api/v1/dossiers/{api.dossier_id}/coverage",
                       query_string={"framework_id": framework_id}).json  # fmt: skip
    # The 11 goals count; their 4 themes are headings, not competencies to cover.
    assert (coverage["competencies"], coverage["covered"]) == (11, 1)
    rows = {r["item"]["id"]: r for r in coverage["rows"]}
    assert rows[items[1]["id"]]["evidence_count"] == 2
    assert rows[items[1]["id"]]["latest_evidence"]["title"] == "Nieuw"
    assert rows[items[0]["id"]]["evidence_count"] == 0
    assert rows[items[0]["id"]]["latest_evidence"] is None
    # A teacher sees what the owner shares: not the newest, once it is hidden.
    teacher = register("Docent")
    school = api.post("/api/v1/organisations", json={"name": "School", "kind": "education"})
    add_member(api, school.json["id"], teacher, "teacher")
    r = api.post(f"/api/v1/dossiers/{api.dossier_id}/grants",
                 json={"user_id": teacher.user["id"], "scopes": ["view"],
                       "organisation_id": school.json["id"]})  # fmt: skip
    assert r.status_code == 201, r.json
    assert api.post(f"/api/v1/evidence/{new['id']}/review",
                    json={"action": "hide"}).status_code == 200  # fmt: skip
    seen = teacher.get(f"/api/v1/dossiers/{api.dossier_id}/coverage",
                       query_string={"framework_id": framework_id}).json  # fmt: skip
    row = next(r for r in seen["rows"] if r["item"]["id"] == items[1]["id"])
    assert (row["evidence_count"], row["latest_evidence"]["title"]) == (1, "Oud")
    other = register("Piet")
    assert other.get(f"/api/v1/dossiers/{api.dossier_id}/coverage",
                     query_string={"framework_id": framework_id}).status_code == 404  # fmt: skip


def test_coverage_counts_progress_per_framework_and_per_domain(register):
    """Only competencies count towards progress, not the headings above them; each domain
    (a top-level item with sub-items) has its own count."""
    api = register("Lotte")
    framework = api.post("/api/v1/frameworks", json={"title": "Leerlijn zorg"}).json
    url = f"/api/v1/frameworks/{framework['id']}/items"

    def item(code, statement, parent=None):
        body = {"full_statement": statement, "human_code": code}
        return api.post(url, json={**body, **({"parent_id": parent["id"]} if parent else {})}).json

    care = item("Z", "Zorg verlenen")
    washing = item("Z.1", "Wassen", care)
    item("Z.2", "Eten geven", care)
    item("C.1", "Luisteren", item("C", "Communiceren"))
    hygiene = item("H", "Hygiëne")  # a competency at the top, in no domain
    api.put(f"/api/v1/dossiers/{api.dossier_id}/frameworks",
            json={"framework_ids": [framework["id"]]})  # fmt: skip

    def progress():
        coverage = api.get(f"/api/v1/dossiers/{api.dossier_id}/coverage",
                           query_string={"framework_id": framework["id"]}).json  # fmt: skip
        domains = [(d["item"]["human_code"], d["covered"], d["competencies"])
                   for d in coverage["domains"]]  # fmt: skip
        return coverage["covered"], coverage["competencies"], domains

    assert progress() == (0, 4, [("Z", 0, 2), ("C", 0, 1)])
    note = api.post(f"/api/v1/dossiers/{api.dossier_id}/evidence",
                    data={"title": "Mevrouw gewassen"}).json  # fmt: skip
    for linked in (washing, care, hygiene):  # the heading itself is no competency to cover
        api.post(f"/api/v1/evidence/{note['id']}/competencies", json={"item_id": linked["id"]})
    assert progress() == (2, 4, [("Z", 1, 2), ("C", 0, 1)])


def test_coverage_of_a_large_dossier_takes_a_bounded_number_of_queries(app, register):
    """1,000 evidence items and 100 competencies: the same few queries as a tiny dossier."""
    from app.dossiers.models import Dossier, Evidence
    from competencies.services import coverage

    api = register("Groot")
    with app.app_context():
        session = db.session()
        package = _small_package()
        package["CFItems"] = package["CFItems"][:1]
        package["CFAssociations"] = package["CFAssociations"][:1]
        doc = package["CFDocument"]["identifier"]
        for n in range(99):
            identifier = str(uuid.uuid4())
            package["CFItems"].append(
                {
                    "identifier": identifier,
                    "uri": f"urn:uuid:{identifier}",
                    "fullStatement": f"Competentie {n}",
                    "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
                }
            )
            package["CFAssociations"].append({
                "identifier": str(uuid.uuid4()), "uri": "urn:x", "associationType": "isChildOf",
                "originNodeURI": {"title": "x", "identifier": identifier, "uri": "urn:x"},
                "destinationNodeURI": {"title": "d", "identifier": doc, "uri": "urn:x"},
                "lastChangeDateTime": "2026-01-01T00:00:00+00:00"})  # fmt: skip
        framework = import_package(session, package).framework
        dossier = session.get(Dossier, uuid.UUID(api.dossier_id))
        items = [i for i in framework.items]
        assert len(items) == 100
        evidence = [Evidence(dossier=dossier, kind="note", title=f"n{n}", status="ready")
                    for n in range(1000)]  # fmt: skip
        session.add_all(evidence)
        session.flush()
        session.add_all(
            EvidenceLink(evidence_id=e.id, item_id=items[n % 100].id)
            for n, e in enumerate(evidence)
        )
        session.flush()
        session.expire_all()
        _ = (framework.id, dossier.id)  # loaded before counting: only coverage's own queries

        statements: list[str] = []
        engine_or_conn = session.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine_or_conn, "before_cursor_execute", listener)
        try:
            rows = coverage(session, dossier, framework)
        finally:
            event.remove(engine_or_conn, "before_cursor_execute", listener)
    assert len(rows) == 100
    assert all(r.evidence_count == 10 for r in rows)
    assert len(statements) == 4, statements  # items, counts, newest evidence, reflections


def test_a_learning_line_made_in_the_app_is_seen_only_by_its_maker_and_her_dossier(
    register, builtins
):
    maker, stranger, mentor = register("Coördinator"), register("Piet"), register("Mentor")
    framework = maker.post("/api/v1/frameworks", json={"title": "Leerlijn horeca"}).json
    item = maker.post(f"/api/v1/frameworks/{framework['id']}/items",
                      json={"full_statement": "Gasten ontvangen"}).json  # fmt: skip

    def titles(api):
        return {f["title"] for f in api.get("/api/v1/frameworks").json}

    assert "Leerlijn horeca" in titles(maker)
    assert "Leerlijn horeca" not in titles(stranger)
    assert any(t.startswith("SBL-competenties") for t in titles(stranger))  # published: open
    assert stranger.get(f"/api/v1/frameworks/{framework['id']}").status_code == 404
    assert stranger.get(f"/api/v1/frameworks/{framework['id']}/case").status_code == 404
    assert stranger.get("/api/v1/competencies", query_string={"q": "gasten"}).json == []
    note = stranger.upload(None, title="Aan de bar").json
    r = stranger.post(f"/api/v1/evidence/{note['id']}/competencies", json={"item_id": item["id"]})
    assert r.status_code == 404
    r = stranger.put(f"/api/v1/dossiers/{stranger.dossier_id}/frameworks",
                     json={"framework_ids": [framework["id"]]})  # fmt: skip
    assert r.status_code == 422
    # Nor can it be named elsewhere: on a CV or in a development goal.
    r = stranger.patch(f"/api/v1/dossiers/{stranger.dossier_id}/cv",
                     json={"competency_ids": [item["id"]]})  # fmt: skip
    assert r.status_code == 422 and "competency_ids" in r.json["error"]["fields"]
    r = stranger.post(f"/api/v1/dossiers/{stranger.dossier_id}/goals",
                      json={"title": "Gasten", "competency_ids": [item["id"]]})  # fmt: skip
    assert r.status_code == 422 and "competency_ids" in r.json["error"]["fields"]
    r = maker.post(f"/api/v1/dossiers/{maker.dossier_id}/goals",
                   json={"title": "Gasten", "competency_ids": [item["id"]]})  # fmt: skip
    assert r.status_code == 201

    # Used in her dossier and shared with the mentor: he reads it along with the dossier.
    maker.put(f"/api/v1/dossiers/{maker.dossier_id}/frameworks",
              json={"framework_ids": [framework["id"]]})  # fmt: skip
    assert mentor.get(f"/api/v1/frameworks/{framework['id']}").status_code == 404
    org = maker.post("/api/v1/organisations", json={"name": "School", "kind": "education"}).json
    add_member(maker, org["id"], mentor, "teacher")
    r = maker.post(f"/api/v1/dossiers/{maker.dossier_id}/grants",
                   json={"user_id": mentor.user["id"], "organisation_id": org["id"],
                         "scopes": ["view"], "role": "mentor"})  # fmt: skip
    assert r.status_code == 201, r.json
    detail = mentor.get(f"/api/v1/frameworks/{framework['id']}")
    assert detail.status_code == 200
    assert [i["full_statement"] for i in detail.json["items"]] == ["Gasten ontvangen"]
    assert detail.json["editable"] is False
    maker.delete(f"/api/v1/grants/{r.json['grant']['id']}")
    assert mentor.get(f"/api/v1/frameworks/{framework['id']}").status_code == 404
