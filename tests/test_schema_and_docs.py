"""The database schema comes from the migrations, and the API documents itself."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.db import db
from competencies.search import described_by_models


def test_models_and_migrations_agree(app, _transaction):
    context = MigrationContext.configure(
        _transaction,
        opts={
            "compare_type": True,
            "render_as_batch": True,
            "include_object": described_by_models,
        },
    )
    assert compare_metadata(context, db.metadata) == []


def test_openapi_document_is_generated_from_the_code(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path, method in [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/auth/tokens", "get"),
        ("/api/v1/auth/tokens", "post"),
        ("/api/v1/auth/tokens/{token_id}", "delete"),
        ("/api/v1/dossiers/{dossier_id}/evidence", "get"),
        ("/api/v1/dossiers/{dossier_id}/evidence", "post"),
        ("/api/v1/evidence/{evidence_id}", "get"),
        ("/api/v1/evidence/{evidence_id}", "patch"),
        ("/api/v1/evidence/{evidence_id}", "delete"),
    ]:
        assert method in paths[path], f"{method.upper()} {path} missing"
    upload = paths["/api/v1/dossiers/{dossier_id}/evidence"]["post"]["requestBody"]
    assert "multipart/form-data" in upload["content"]
    assert "EvidenceOut" in spec["components"]["schemas"]


def test_docs_page_is_served_without_a_cdn(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/openapi.json" in html
    assert "https://" not in html.split("<body>")[0]
    assert client.get("/api/v1/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_openapi_document_is_valid_openapi_3(client):
    from openapi_spec_validator import OpenAPIV30SpecValidator

    spec = client.get("/api/v1/openapi.json").json
    assert [e.message for e in OpenAPIV30SpecValidator(spec).iter_errors()] == []
    text = json.dumps(spec)
    assert '"formData"' not in text
    for name, schema in spec["components"]["schemas"].items():
        for prop, value in schema.get("properties", {}).items():
            for key in ("minimum", "maximum", "default"):
                if value.get("type") in ("number", "integer") and key in value:
                    assert isinstance(value[key], int | float | None), (name, prop, key)
    for path in ("/api/v1/dossiers/{dossier_id}/evidence", "/api/v1/imports",
                 "/api/v1/dossiers/{dossier_id}/messages/attachment"):  # fmt: skip
        body = spec["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]
        schema = spec["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
        assert schema["properties"]["file"]["format"] == "binary", path


def test_every_operation_documents_the_error_body_the_server_sends(client):
    spec = client.get("/api/v1/openapi.json").json
    error = spec["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["error"]
    detail = spec["components"]["schemas"]["ErrorDetailOut"]
    assert set(detail["required"]) == {"code", "message", "fields"}
    refs = {
        name: response["content"]["application/json"]["schema"]["$ref"]
        for name, response in spec["components"]["responses"].items()
    }
    assert set(refs.values()) == {"#/components/schemas/ErrorOut"}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            errors = {s: r for s, r in op["responses"].items() if s == "default" or s >= "400"}
            assert "default" in errors, (method, path)
            for response in errors.values():
                assert response["$ref"].rsplit("/", 1)[1] in refs, (method, path)
    # And the server does send that shape.
    sent = client.get("/api/v1/me").json
    assert set(sent) == {"error"} and set(sent["error"]) == {"code", "message", "fields"}
