"""The database schema comes from the migrations, and the API documents itself."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.db import db


def test_models_and_migrations_agree(app, _transaction):
    context = MigrationContext.configure(
        _transaction, opts={"compare_type": True, "render_as_batch": True}
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
