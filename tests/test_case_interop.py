"""CASE as real servers publish it: tolerant import (with its warnings), hostile packages
refused, import straight from a CASE server (served here from fixture files), the CASE 1.0
read API this instance serves, and a round trip between two Bagage instances."""

from __future__ import annotations

import copy
import json
import socket
import uuid
from urllib.parse import urlsplit

import jsonschema
import pytest
import requests
from sqlalchemy import func, select

from app import outbound
from app.db import db
from competencies import case
from competencies.builtin import sync_builtin
from competencies.case import SCHEMA, export_package, import_package
from competencies.case_tolerance import normalise_package
from competencies.models import Framework, FrameworkItem
from tests.case_provider import OPENSALT, CaseProvider, load_fixture, opensalt_as_served
from tests.live import LiveServer
from tests.test_competencies import _essence, _ordered_essence, _small_package


def _counts(session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Framework)),
        session.scalar(select(func.count()).select_from(FrameworkItem)),
    )


# --- tolerant import ----------------------------------------------------------------------


@pytest.mark.parametrize("path", OPENSALT, ids=lambda p: p.stem)
def test_every_real_opensalt_file_imports_through_the_api(register, path):
    api = register("Coördinator")
    package = json.loads(path.read_text(encoding="utf-8"))
    r = api.post("/api/v1/frameworks/import", json=package)
    assert r.status_code == 201, r.json
    assert r.json["items_added"] == len(package["CFItems"])
    assert r.json["framework"]["title"] == package["CFDocument"]["title"]
    exported = api.get(f"/api/v1/frameworks/{r.json['framework']['id']}/case").json
    assert _ordered_essence(exported)["order"] == _ordered_essence(package)["order"]


def test_a_package_as_real_servers_write_it_imports_with_a_warning_for_each_repair(register):
    api = register("Coördinator")
    package = opensalt_as_served()
    original = copy.deepcopy(package)
    r = api.post("/api/v1/frameworks/import", json=package)
    assert r.status_code == 201, r.json
    warnings = {(w["path"], w["code"]) for w in r.json["warnings"]}
    assert warnings >= {
        ("CFPackageURI", "unknown_field_dropped"),
        ("CFDocument.description", "null_dropped"),
        ("CFDocument.lastChangeDateTime", "date_without_zone"),
        ("CFItems[0].notes", "null_dropped"),
        ("CFItems[0].lastChangeDateTime", "date_without_zone"),
        ("CFItems[0].conceptKeywords", "list_from_text"),
        ("CFItems[1].CFItemType", "item_type_from_link"),
        ("CFAssociations[0].sequenceNumber", "number_from_text"),
        ("CFAssociations[1].sequenceNumber", "number_from_text"),
        ("CFDefinitions.CFConcepts", "null_dropped"),
        ("CFDefinitions.CFItemTypes", "definitions_reshaped"),
        ("CFDefinitions.CFItemTypes[0].description", "null_dropped"),
        ("CFDefinitions.CFItemTypes[0].hierarchyCode", "text_from_number"),
        ("CFDefinitions.CFItemTypes[0].lastChangeDateTime", "date_without_zone"),
        ("CFDefinitions.CFItemTypes[0].extensions", "unknown_field_dropped"),
    }
    assert r.json["warning_count"] == len(r.json["warnings"])
    assert all(w["message"] for w in r.json["warnings"])

    # What the framework says came through: the order the text sequence numbers give, the
    # item type from its link, the date read as UTC.
    framework_id = r.json["framework"]["id"]
    detail = api.get(f"/api/v1/frameworks/{framework_id}").json
    assert [i["human_code"] for i in detail["items"]] == ["SNT.2", "SNT.1"]
    exported = api.get(f"/api/v1/frameworks/{framework_id}/case").json
    jsonschema.Draft4Validator(SCHEMA).validate(exported)
    assert exported["CFDocument"]["lastChangeDateTime"] == "2017-11-03T23:00:33+00:00"
    by_code = {i["humanCodingScheme"]: i for i in exported["CFItems"]}
    assert by_code["SNT.2"]["CFItemType"] == "Standard"
    assert by_code["SNT.1"]["conceptKeywords"] == ["eerste"]
    assert package == original  # the caller's package is not changed by reading it


def test_a_valid_package_is_read_as_it_is_without_warnings():
    package = _small_package()
    normalised, warnings = normalise_package(package, SCHEMA)
    assert (normalised, warnings) == (package, [])


@pytest.mark.parametrize(
    ("breakage", "status", "code", "names"),
    [
        ("cycle", 422, "invalid_case", "cycle"),
        ("unknown node", 422, "invalid_case", "not an item of this package"),
        ("duplicate identifier", 422, "invalid_case", "used twice"),
        ("null identifier", 422, "invalid_case", "CFItems[1]"),
        ("sequence number not a number", 422, "invalid_case", "sequenceNumber"),
        ("too many items", 422, "invalid_case", "at most 5"),
        ("deep tree", 422, "invalid_case", f"deeper than {case.MAX_DEPTH} levels"),
        ("deep JSON", 400, "too_deep", "nested deeper"),
        ("huge body", 413, "too_large", "larger than"),
    ],
)
def test_hostile_packages_are_refused_clearly_and_change_nothing(
    app, register, monkeypatch, breakage, status, code, names
):
    api = register("Coördinator")
    good = _small_package()
    assert api.post("/api/v1/frameworks/import", json=good).status_code == 201
    with app.app_context():
        before = _counts(db.session())
    bad = copy.deepcopy(good)
    bad["CFItems"][0]["fullStatement"] = "Changed, but must not be stored"
    doc = bad["CFDocument"]["identifier"]
    if breakage == "cycle":
        b = bad["CFItems"][1]["identifier"]  # K.1 under K.1.1, which is under K.1
        bad["CFAssociations"][0]["destinationNodeURI"]["identifier"] = b
    elif breakage == "unknown node":
        bad["CFAssociations"][2]["originNodeURI"]["identifier"] = str(uuid.uuid4())
    elif breakage == "duplicate identifier":
        bad["CFItems"][2]["identifier"] = bad["CFItems"][0]["identifier"]
    elif breakage == "null identifier":
        bad["CFItems"][1]["identifier"] = None  # tolerated for optional fields only
    elif breakage == "sequence number not a number":
        bad["CFAssociations"][0]["sequenceNumber"] = "eerste"
    elif breakage == "too many items":
        monkeypatch.setattr(case, "MAX_ITEMS", 5)
        bad = _chain(doc, 6)
    elif breakage == "deep tree":
        bad = _chain(doc, case.MAX_DEPTH + 1)
    body = json.dumps(bad)
    if breakage == "deep JSON":
        body = json.dumps({**bad, "CFDocument": {**bad["CFDocument"], "x": _nested(100)}})
    elif breakage == "huge body":
        monkeypatch.setitem(app.config, "MAX_CASE_BYTES", 4000)
        bad["CFItems"][0]["notes"] = "x" * 5000
        body = json.dumps(bad)
    r = api.post("/api/v1/frameworks/import", data=body, content_type="application/json")
    assert (r.status_code, r.json["error"]["code"]) == (status, code), r.json
    assert names in r.json["error"]["message"]
    with app.app_context():
        session = db.session()
        assert _counts(session) == before
        first_id = good["CFItems"][0]["identifier"]
        first = session.scalar(select(FrameworkItem).where(FrameworkItem.identifier == first_id))
        assert first.full_statement == "Hygiëne"


def _chain(document: str, length: int) -> dict:
    """A package whose items each sit under the previous one."""
    ids = [str(uuid.uuid4()) for _ in range(length)]
    stamp = "2026-01-01T00:00:00+00:00"
    items = [{"identifier": i, "uri": f"urn:uuid:{i}", "fullStatement": f"Stap {n}",
              "humanCodingScheme": f"S.{n}", "lastChangeDateTime": stamp}
             for n, i in enumerate(ids)]  # fmt: skip
    parents = [document, *ids[:-1]]
    associations = [
        {"identifier": str(uuid.uuid4()), "uri": "urn:x", "associationType": "isChildOf",
         "originNodeURI": {"title": "x", "identifier": i, "uri": "urn:x"},
         "destinationNodeURI": {"title": "y", "identifier": p, "uri": "urn:y"},
         "lastChangeDateTime": stamp}
        for i, p in zip(ids, parents, strict=True)
    ]  # fmt: skip
    return {
        "CFDocument": {"identifier": document, "uri": "urn:x", "creator": "x", "title": "Keten",
                       "lastChangeDateTime": stamp},
        "CFItems": items,
        "CFAssociations": associations,
    }  # fmt: skip


def _nested(depth: int):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


# --- the CASE 1.0 API this instance serves -----------------------------------------------


def _path(uri: str) -> str:
    return urlsplit(uri).path


def test_public_frameworks_are_served_and_their_exported_uris_answer(app, register):
    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    api = register("Coördinator")
    anonymous = app.test_client()
    listed = anonymous.get("/ims/case/v1p0/CFDocuments")
    assert listed.status_code == 200
    assert listed.headers["Access-Control-Allow-Origin"] == "*"
    skills = next(d for d in listed.json["CFDocuments"] if d["title"].startswith("Werknemers"))

    # The package of a listed document, as an export made in the app gives it.
    framework = next(f for f in api.get("/api/v1/frameworks").json
                     if f["identifier"] == skills["identifier"])  # fmt: skip
    exported = api.get(f"/api/v1/frameworks/{framework['id']}/case").json
    served = anonymous.get(_path(skills["CFPackageURI"]["uri"]))
    assert served.status_code == 200
    assert served.json == exported
    jsonschema.Draft4Validator(SCHEMA).validate(served.json)

    # Every uri in the export answers with what it names.
    document = anonymous.get(_path(exported["CFDocument"]["uri"]))
    assert (document.status_code, document.json["title"]) == (200, skills["title"])
    assert exported["CFDocument"]["uri"].startswith(app.config["PUBLIC_URL"])
    for item in exported["CFItems"]:
        answer = anonymous.get(_path(item["uri"]))
        assert answer.status_code == 200, item["uri"]
        assert answer.json["identifier"] == item["identifier"]
        assert answer.json["fullStatement"] == item["fullStatement"]
        assert answer.json["CFDocumentURI"]["identifier"] == skills["identifier"]
    for association in exported["CFAssociations"][:5]:
        answer = anonymous.get(_path(association["uri"]))
        assert answer.status_code == 200, association["uri"]
        assert answer.json["identifier"] == association["identifier"]
        assert answer.json["originNodeURI"] == association["originNodeURI"]

    missing = anonymous.get(f"/ims/case/v1p0/CFItems/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"


def test_private_learning_lines_never_show_in_the_case_api(app, register):
    api = register("Sanne")
    line = api.post("/api/v1/frameworks", json={"title": "Mijn eigen leerlijn"}).json
    item = api.post(f"/api/v1/frameworks/{line['id']}/items",
                    json={"full_statement": "Geheim doel"}).json  # fmt: skip
    exported = api.get(f"/api/v1/frameworks/{line['id']}/case").json
    anonymous = app.test_client()
    documents = anonymous.get("/ims/case/v1p0/CFDocuments").json["CFDocuments"]
    assert line["identifier"] not in {d["identifier"] for d in documents}
    for path in (
        f"/ims/case/v1p0/CFDocuments/{line['identifier']}",
        f"/ims/case/v1p0/CFPackages/{line['identifier']}",
        _path(exported["CFItems"][0]["uri"]),
        _path(exported["CFAssociations"][0]["uri"]),
    ):
        r = anonymous.get(path)
        assert r.status_code == 404, path
        assert "Geheim doel" not in r.get_data(as_text=True)
    assert item["full_statement"] == "Geheim doel"
    # Logged in, its maker does not see it there either: the API is the public face.
    assert api.get(f"/ims/case/v1p0/CFPackages/{line['identifier']}").status_code == 404


def test_a_learning_line_its_maker_publishes_is_served_until_taken_back(app, register):
    maker, other = register("Sanne"), register("Mallory")
    line = maker.post("/api/v1/frameworks", json={"title": "Leerlijn rekenen"}).json
    maker.post(f"/api/v1/frameworks/{line['id']}/items", json={"full_statement": "Breuken"})
    assert line["public"] is False
    url = f"/api/v1/frameworks/{line['id']}"
    # Only its maker publishes it; bad input changes nothing.
    assert other.patch(url, json={"public": True}).status_code in (403, 404)
    refused = maker.patch(url, json={"public": "ja graag"})
    assert refused.status_code == 422 and "public" in refused.json["error"]["fields"]
    anonymous = app.test_client()
    package = f"/ims/case/v1p0/CFPackages/{line['identifier']}"
    assert anonymous.get(package).status_code == 404

    published = maker.patch(url, json={"public": True})
    assert published.status_code == 200 and published.json["public"] is True
    assert maker.patch(url, json={}).json["public"] is True  # nothing named, nothing changes
    served = anonymous.get(package).json
    assert [i["fullStatement"] for i in served["CFItems"]] == ["Breuken"]
    documents = anonymous.get("/ims/case/v1p0/CFDocuments").json["CFDocuments"]
    assert line["identifier"] in {d["identifier"] for d in documents}
    # Published, every user finds it among the frameworks.
    assert line["id"] in {f["id"] for f in other.get("/api/v1/frameworks").json}

    assert maker.patch(url, json={"public": False}).json["public"] is False
    assert anonymous.get(package).status_code == 404


# --- import from a CASE server -----------------------------------------------------------


@pytest.fixture
def allow_private(app, monkeypatch):
    """The test's CASE server is on 127.0.0.1: allowed here, as on a closed intranet."""
    monkeypatch.setitem(app.config, "CASE_FETCH_ALLOW_PRIVATE", True)


@pytest.fixture
def provider():
    packages = [
        opensalt_as_served(str(uuid.uuid4())),
        load_fixture("opensalt-Utf8TestFramework.json"),
    ]
    with CaseProvider(packages) as server:
        yield server


def test_a_framework_is_chosen_and_imported_from_a_case_server(register, provider, allow_private):
    api = register("Coördinator")
    r = api.post("/api/v1/frameworks/case-server/documents", json={"url": provider.url})
    assert r.status_code == 200, r.json
    assert {d["title"] for d in r.json} == {"Sequence Number Test", "UTF8 𝑑 Test"}
    chosen = next(d for d in r.json if d["title"] == "Sequence Number Test")

    r = api.post("/api/v1/frameworks/import-from-server", json={"url": provider.url})
    assert (r.status_code, r.json["error"]["code"]) == (422, "choose_document")
    assert len(r.json["error"]["fields"]["document"]) == 2

    r = api.post("/api/v1/frameworks/import-from-server",
                 json={"url": provider.url, "document": chosen["identifier"]})  # fmt: skip
    assert r.status_code == 201, r.json
    assert r.json["framework"]["title"] == "Sequence Number Test"
    assert r.json["items_added"] == 2
    assert "date_without_zone" in {w["code"] for w in r.json["warnings"]}
    assert f"/ims/case/v1p0/CFPackages/{chosen['identifier']}" in provider.requests

    # A direct package address needs no choice; importing again updates in place.
    direct = f"{provider.url}/ims/case/v1p0/CFPackages/{chosen['identifier']}"
    listed = api.post("/api/v1/frameworks/case-server/documents", json={"url": direct}).json
    assert [d["identifier"] for d in listed] == [chosen["identifier"]]
    r = api.post("/api/v1/frameworks/import-from-server", json={"url": direct})
    assert (r.status_code, r.json["created"], r.json["items_updated"]) == (200, False, 2)


def test_cli_imports_from_a_case_server(app, provider, allow_private):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["competencies", "import", provider.url])
    assert result.exit_code != 0
    assert "--document" in result.output and "Sequence Number Test" in result.output
    chosen = next(i for i, p in provider.packages.items()
                  if p["CFDocument"]["title"] == "Sequence Number Test")  # fmt: skip
    result = runner.invoke(args=["competencies", "import", provider.url, "--document", chosen])
    assert result.exit_code == 0, result.output
    assert "Imported 'Sequence Number Test'" in result.output
    assert "warning: CFDocument.lastChangeDateTime: a date and time without time zone" in (
        result.output
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/",
        "http://0.0.0.0:9/",
        "http://224.0.0.1/",
        "http://localhost:9/",
        "http://intranet.example/",  # resolves to a private address (below)
        "http://mixed.example/",  # one public and one private address
    ],
)
def test_private_addresses_are_refused_by_default(register, monkeypatch, url):
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        fake = {"intranet.example": ["10.0.0.7"], "mixed.example": ["93.184.215.14", "10.0.0.8"]}
        if host in fake:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 80)) for a in fake[host]]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    api = register("Coördinator")
    for endpoint in ("case-server/documents", "import-from-server"):
        r = api.post(f"/api/v1/frameworks/{endpoint}", json={"url": url})
        assert (r.status_code, r.json["error"]["code"]) == (422, "case_address_refused"), r.json
        assert "not on the public internet" in r.json["error"]["message"]


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/", "gopher://x/", "http://user:pw@x.org/"]
)
def test_only_plain_http_addresses_are_used(register, url):
    api = register("Coördinator")
    r = api.post("/api/v1/frameworks/case-server/documents", json={"url": url})
    assert (r.status_code, r.json["error"]["code"]) == (422, "invalid_case_source")


def test_a_redirect_to_a_private_address_is_not_followed(app, register, provider, monkeypatch):
    # The provider itself is on 127.0.0.1: count that one address as public for this test
    # (and connect to it without the library's own loopback filter), nothing else.
    monkeypatch.setattr(outbound, "is_public_address", lambda address: address == "127.0.0.1")
    monkeypatch.setattr(outbound, "_session", lambda allow_private: requests.Session())
    api = register("Coördinator")
    provider.redirect_to = "http://169.254.169.254/latest/meta-data/"
    r = api.post("/api/v1/frameworks/case-server/documents",
                 json={"url": f"{provider.url}/redirect"})  # fmt: skip
    assert (r.status_code, r.json["error"]["code"]) == (422, "case_address_refused")
    assert provider.requests == ["/redirect/ims/case/v1p0/CFDocuments"]
    # A redirect to a public provider is followed (here: back to the same one).
    provider.redirect_to = f"{provider.url}/ims/case/v1p0/CFDocuments"
    r = api.post("/api/v1/frameworks/case-server/documents",
                 json={"url": f"{provider.url}/redirect"})  # fmt: skip
    assert r.status_code == 200 and len(r.json) == 2


@pytest.mark.parametrize(
    ("prefix", "status", "code"),
    [
        ("/big", 413, "case_too_large"),
        ("/big-declared", 413, "case_too_large"),
        ("/slow", 502, "case_too_slow"),
        ("/not-case", 502, "not_a_case_provider"),
        ("/nowhere", 502, "case_not_found"),
    ],
)
def test_too_big_too_slow_and_odd_answers_give_a_clear_error(
    app, register, provider, allow_private, monkeypatch, prefix, status, code
):
    monkeypatch.setitem(app.config, "CASE_FETCH_MAX_BYTES", 1000)
    monkeypatch.setitem(app.config, "CASE_FETCH_READ_TIMEOUT_SECONDS", 0.3)
    provider.delay = 1.5
    api = register("Coördinator")
    r = api.post("/api/v1/frameworks/case-server/documents",
                 json={"url": f"{provider.url}{prefix}"})  # fmt: skip
    assert (r.status_code, r.json["error"]["code"]) == (status, code), r.json


def test_an_unreachable_server_gives_a_clear_error(register, allow_private):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = register("Coördinator")
    r = api.post(
        "/api/v1/frameworks/case-server/documents", json={"url": f"http://127.0.0.1:{port}"}
    )
    assert (r.status_code, r.json["error"]["code"]) == (502, "case_unreachable")


# --- two Bagage instances ----------------------------------------------------------------


def _rich_package() -> dict:
    """A learning line with a hierarchy, codes, an item type and a non-tree association."""
    package = _small_package()
    package["CFItems"][1]["CFItemType"] = "Indicator"
    a, c = package["CFItems"][0], package["CFItems"][2]
    package["CFAssociations"].append({
        "identifier": str(uuid.uuid4()), "uri": "urn:x", "associationType": "isRelatedTo",
        "originNodeURI": {"title": "K.2", "identifier": c["identifier"], "uri": c["uri"]},
        "destinationNodeURI": {"title": "K.1", "identifier": a["identifier"], "uri": a["uri"]},
        "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
    })  # fmt: skip
    return package


def _associations(package: dict) -> set:
    return {
        (a["identifier"], a["associationType"], a["originNodeURI"]["identifier"],
         a["destinationNodeURI"]["identifier"], a.get("sequenceNumber"))
        for a in package["CFAssociations"]
    }  # fmt: skip


def test_round_trip_between_two_bagage_instances(app, register, tmp_path, allow_private):
    # Instance B: its own database (a SQLite file), served over HTTP on a spare port.
    source = LiveServer(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'b.sqlite3'}")
    source.start()
    try:
        source.app.config["PUBLIC_URL"] = source.url
        with source.app.app_context(), db.unit_of_work() as session:
            framework = import_package(session, _rich_package()).framework
            published = export_package(session, framework)

        # Instance A (the suite's app) lists B's frameworks and imports the one.
        api = register("Coördinator")
        listed = api.post("/api/v1/frameworks/case-server/documents",
                          json={"url": source.url}).json  # fmt: skip
        assert [d["title"] for d in listed] == ["Leerlijn koken"]
        r = api.post("/api/v1/frameworks/import-from-server", json={"url": source.url})
        assert r.status_code == 201, r.json
        assert r.json["warnings"] == []
        imported = api.get(f"/api/v1/frameworks/{r.json['framework']['id']}/case").json

        assert _essence(imported) == _essence(published)
        assert _ordered_essence(imported) == _ordered_essence(published)
        assert _associations(imported) == _associations(published)
        assert imported["CFDocument"]["identifier"] == published["CFDocument"]["identifier"]
        # B's uris are the canonical ones and stay; they answer (from B) with the item.
        item = next(i for i in imported["CFItems"] if i["humanCodingScheme"] == "K.1.1")
        assert item["uri"].startswith(source.url)
        answer = requests.get(item["uri"], timeout=10)
        assert (answer.status_code, answer.json()["fullStatement"]) == (200, "Handen wassen")
    finally:
        source.stop()


def test_fetching_from_case_servers_is_throttled_per_person(app, register, monkeypatch):
    monkeypatch.setitem(app.config, "OUTGOING_FETCH_LIMIT", "3 per minute")
    api = register("Coördinator")
    statuses = [
        api.post(
            "/api/v1/frameworks/case-server/documents", json={"url": "ftp://x.org/"}
        ).status_code
        for _ in range(3)
    ] + [
        api.post("/api/v1/frameworks/import-from-server", json={"url": "ftp://x.org/"}).status_code
    ]
    assert statuses == [422, 422, 422, 429]
    # Someone else still may.
    other = register("Leraar")
    r = other.post("/api/v1/frameworks/case-server/documents", json={"url": "ftp://x.org/"})
    assert r.status_code == 422
