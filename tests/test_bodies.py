"""Bad bodies get a clear 4xx and change nothing: control characters in any text, JSON nested
too deep or too large, for anonymous and logged-in callers alike."""

from __future__ import annotations

import base64
import io
import json
import re
import uuid

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.db import db
from media.models import ResumableUpload

NUL = "a\x00b"


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _string_leaves(spec: dict, schema: dict, depth: int = 0):
    """(top-level field, a value holding NUL at one string leaf) for every string leaf."""
    schema = _resolve(spec, schema)
    if depth > 5:
        return
    if schema.get("type") == "string" or schema.get("type") == ["string", "null"]:
        yield NUL
        return
    if schema.get("type") == "array" and "items" in schema:
        for leaf in _string_leaves(spec, schema["items"], depth + 1):
            yield [leaf]
        return
    if "properties" in schema:
        for name, prop in schema["properties"].items():
            if prop.get("readOnly"):
                continue
            for leaf in _string_leaves(spec, prop, depth + 1):
                yield {name: leaf}
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        for leaf in _string_leaves(spec, extra, depth + 1):
            yield {"key": leaf}
    elif schema.get("type") == "object" and "properties" not in schema and extra is not False:
        yield {"key": NUL}  # a free-form object: its values are text too
        yield {NUL: "value"}


def _fill_path(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: str(uuid.uuid4()), path)


def _operations(spec: dict):
    """(method, path, where, field, value) for every string an operation reads."""
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for param in op.get("parameters", []) + item.get("parameters", []):
                param = _resolve(spec, param)
                if param["in"] == "query" and _resolve(spec, param["schema"]).get("type") in (
                    "string",
                    "array",
                ):
                    yield method, path, "query", param["name"], NUL
            content = op.get("requestBody", {}).get("content", {})
            for mimetype in ("application/json", "multipart/form-data"):
                if mimetype not in content:
                    continue
                body = _resolve(spec, content[mimetype]["schema"])
                for name, prop in body.get("properties", {}).items():
                    if _resolve(spec, prop).get("format") == "binary":
                        continue
                    for leaf in _string_leaves(spec, prop):
                        yield method, path, mimetype, name, leaf


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/api/v1/openapi.json").json


def test_every_operation_refuses_control_characters_in_every_text(spec, register, client):
    api = register("Sanne")
    checked = 0
    for method, path, where, field, value in _operations(spec):
        url = _fill_path(path)
        caller = client if path in ("/api/v1/auth/login", "/api/v1/auth/register") else api
        send = getattr(caller, method)
        if where == "query":
            response = send(url, query_string={field: value})
        elif where == "application/json":
            response = send(url, json={field: value})
        else:
            form = {field: value if isinstance(value, str) else json.dumps(value)}
            response = send(url, data=form, content_type="multipart/form-data")
        what = f"{method.upper()} {path} {where} {field}={value!r}"
        assert response.status_code == 422, (what, response.status_code, response.json)
        assert field in response.json["error"]["fields"], (what, response.json)
        checked += 1
    assert checked > 60  # every schema was reached, not an empty spec


@pytest.mark.parametrize(
    "text", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\u0085b", "a\ud800b", "two\nlines"]
)
def test_single_line_text_refuses_control_characters(register, text):
    api = register("Sanne")
    r = api.patch("/api/v1/me", json={"display_name": text})
    assert r.status_code == 422, r.json
    assert r.json["error"]["fields"]["display_name"]
    assert api.get("/api/v1/me").json["display_name"] == "Sanne"


def test_multi_line_text_keeps_tabs_and_line_breaks(register):
    api = register("Sanne")
    text = "Eerste regel\n\tingesprongen\r\nlaatste regel"
    r = api.upload(None, title="Notitie", description=text)
    assert r.status_code == 201, r.json
    assert r.json["description"] == text
    r = api.patch(f"/api/v1/evidence/{r.json['id']}", json={"description": "nul\x00byte"})
    assert r.status_code == 422
    assert "description" in r.json["error"]["fields"]


def test_nested_and_dictionary_values_are_checked_and_named(register):
    api = register("Sanne")
    r = api.patch(
        f"/api/v1/dossiers/{api.dossier_id}/cv",
        json={"headline": "Leraar", "work": [{"name": "School", "summary": "x\x00"}]},
    )
    assert r.status_code == 422, r.json
    assert list(r.json["error"]["fields"]) == ["work"]
    assert r.json["error"]["fields"]["work"]["0"]["summary"]
    r = api.post(
        f"/api/v1/evidence/{api.upload(None, title='N').json['id']}/reflections",
        json={"content": {"text": "goed\x00"}},
    )
    assert r.status_code == 422, r.json
    assert r.json["error"]["fields"]["content"]["text"]


def test_anonymous_login_and_register_with_nul_are_422_and_store_nothing(client, app):
    r = client.post("/api/v1/auth/login", json={"email": "a\x00@example.nl", "password": "x" * 12})
    assert r.status_code == 422
    assert "email" in r.json["error"]["fields"]
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(User))
    r = client.post(
        "/api/v1/auth/register",
        json={"email": "nul@example.nl", "password": "x" * 12, "display_name": "N\x00L"},
    )
    assert r.status_code == 422
    assert "display_name" in r.json["error"]["fields"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == before


def _tus_metadata(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def test_tus_metadata_with_control_characters_is_refused_and_no_upload_is_left(register, app):
    api = register("Sanne")
    r = api.post(
        "/api/v1/uploads",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": "10",
            "Upload-Metadata": _tus_metadata(filename="foto\x00.jpg", title="Foto"),
        },
    )
    assert r.status_code == 422, r.json
    assert "filename" in r.json["error"]["fields"]
    with app.app_context():
        mine = ResumableUpload.user_id == uuid.UUID(api.user["id"])
        assert db.session.scalar(select(func.count()).select_from(ResumableUpload).where(mine)) == 0
    # A description may span lines, a filename may not.
    r = api.post(
        "/api/v1/uploads",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": "10",
            "Upload-Metadata": _tus_metadata(filename="a\r\nb.jpg"),
        },
    )
    assert r.status_code == 422
    r = api.post(
        "/api/v1/uploads",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": "10",
            "Upload-Metadata": _tus_metadata(filename="a.jpg", description="een\ntwee"),
        },
    )
    assert r.status_code == 201, r.json


def test_deeply_nested_json_is_400(register, client):
    api = register("Sanne")
    deep = "[" * 100_000 + "]" * 100_000
    r = api.http.patch(
        "/api/v1/me",
        data=f'{{"display_name": {deep}}}',
        content_type="application/json",
        headers={"X-CSRF-Token": api.csrf},
    )
    assert r.status_code == 400, r.json
    assert r.json["error"]["code"] == "too_deep"
    nested = {"display_name": "x"}
    for _ in range(40):
        nested = {"a": nested}
    r = client.post("/api/v1/auth/login", json=nested)
    assert r.status_code == 400
    assert r.json["error"]["code"] == "too_deep"
    # A sane depth is fine.
    r = client.post("/api/v1/auth/login", json={"email": "x@example.nl", "password": "y" * 12})
    assert r.status_code == 401


def test_json_bodies_over_the_limit_are_413_before_parsing(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_BYTES", 1000)
    body = json.dumps({"email": "x@example.nl", "password": "p" * 2000}).encode()
    r = client.post("/api/v1/auth/login", data=body, content_type="application/json")
    assert r.status_code == 413
    assert r.json["error"]["code"] == "too_large"
    assert "JSON" in r.json["error"]["message"]
    # Chunked, without a Content-Length: counted while read.
    r = client.post(
        "/api/v1/auth/login",
        input_stream=io.BytesIO(body),
        content_type="application/json",
    )
    assert r.status_code == 413, r.json
    # Not valid JSON at all: a 400, never a 500.
    r = client.post("/api/v1/auth/login", data=b"{\xff", content_type="application/json")
    assert r.status_code == 400


def test_json_bodies_over_the_limit_are_413_when_logged_in(register, app, monkeypatch):
    api = register("Sanne")
    monkeypatch.setitem(app.config, "MAX_JSON_BYTES", 1000)
    r = api.patch("/api/v1/me", json={"display_name": "x" * 2000})
    assert r.status_code == 413
    assert api.get("/api/v1/me").json["display_name"] == "Sanne"


def test_a_user_agent_with_control_characters_does_not_break_login(register, client):
    api = register("Sanne")
    r = client.post(
        "/api/v1/auth/login",
        json={"email": api.user["email"], "password": "correct horse battery"},
        headers={"User-Agent": "Telefoon\x00\x1b[31m"},
    )
    assert r.status_code == 200, r.json


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_an_api_body_that_is_not_json_is_415(client, register, content_type):
    """AUTH-04(d): what a cross-site form can send is refused as such, not read as empty."""
    body = '{"email": "a@example.nl", "password": "correct horse battery"}'
    r = client.post("/api/v1/auth/login", data=body, content_type=content_type)
    assert r.status_code == 415
    assert r.json["error"]["code"] == "unsupported_media_type"
    api = register("Sanne")
    r = api.post("/api/v1/auth/tokens", data='{"name": "x"}', content_type=content_type)
    assert r.status_code == 415
    assert api.get("/api/v1/auth/tokens").json == []
