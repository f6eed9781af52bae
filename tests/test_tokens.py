"""Personal access tokens: read and full scopes, and tokens minted by tokens die with them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from app.accounts.models import AccessToken
from app.db import db, utcnow


def _bearer(plain: str) -> dict:
    return {"Authorization": f"Bearer {plain}"}


def _mint(api, **body):
    r = api.post("/api/v1/auth/tokens", json={"name": "Script", **body})
    assert r.status_code == 201, r.json
    return r.json


def test_a_read_token_reads_but_changes_nothing(register, client):
    api = register("Sanne")
    read = _mint(api, scope="read")
    assert read["scope"] == "read"
    bearer = _bearer(read["token"])
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    assert (
        client.get(f"/api/v1/dossiers/{api.dossier_id}/evidence", headers=bearer).status_code == 200
    )

    attempts = [
        client.patch("/api/v1/me", json={"display_name": "Hacked"}, headers=bearer),
        client.post(
            f"/api/v1/dossiers/{api.dossier_id}/evidence",
            data={"title": "Via script"},
            headers=bearer,
            content_type="multipart/form-data",
        ),
        client.delete("/api/v1/me", json={"password": "whatever-it-is"}, headers=bearer),
        client.post("/api/v1/auth/tokens", json={"name": "Child"}, headers=bearer),
        client.delete(f"/api/v1/auth/tokens/{read['id']}", headers=bearer),
    ]
    for r in attempts:
        assert r.status_code == 403, r.json
        assert r.json["error"]["code"] == "read_only_token"
    me = api.get("/api/v1/me").json
    assert me["display_name"] == "Sanne"
    assert api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"] == []
    assert len(api.get("/api/v1/auth/tokens").json) == 1


def test_a_full_token_may_change_things_and_is_the_default(register, client):
    api = register("Sanne")
    full = _mint(api)
    assert full["scope"] == "full"
    r = client.patch(
        "/api/v1/me", json={"display_name": "Sanne B."}, headers=_bearer(full["token"])
    )
    assert r.status_code == 200


def test_unknown_scopes_are_refused(register):
    api = register("Sanne")
    r = api.post("/api/v1/auth/tokens", json={"name": "Script", "scope": "admin"})
    assert r.status_code == 422
    assert "scope" in r.json["error"]["fields"]


def test_a_full_token_mints_children_that_die_when_it_is_revoked(register, client):
    api = register("Sanne")
    parent = _mint(api, scope="full")
    r = client.post(
        "/api/v1/auth/tokens",
        json={"name": "Child", "scope": "read"},
        headers=_bearer(parent["token"]),
    )
    assert r.status_code == 201, r.json
    child = r.json
    assert child["parent_id"] == parent["id"]
    grandchild = client.post(
        "/api/v1/auth/tokens", json={"name": "Grandchild"}, headers=_bearer(parent["token"])
    ).json
    r = client.post(
        "/api/v1/auth/tokens", json={"name": "Great"}, headers=_bearer(grandchild["token"])
    )
    assert r.status_code == 201
    great = r.json
    for token in (child, grandchild, great):
        assert client.get("/api/v1/me", headers=_bearer(token["token"])).status_code == 200

    assert api.delete(f"/api/v1/auth/tokens/{parent['id']}").status_code == 204
    for token in (parent, child, grandchild, great):
        assert client.get("/api/v1/me", headers=_bearer(token["token"])).status_code == 401
    assert api.get("/api/v1/auth/tokens").json == []


def test_a_child_is_refused_when_its_parent_has_expired(register, client, app):
    """Resolving a token checks its whole chain, not only its own row."""
    api = register("Sanne")
    parent = _mint(api)
    child = client.post(
        "/api/v1/auth/tokens", json={"name": "Child"}, headers=_bearer(parent["token"])
    ).json
    with app.app_context():
        db.session.execute(
            update(AccessToken)
            .where(AccessToken.name == "Script")
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(child["token"])).status_code == 401


def test_a_child_never_outlives_its_parent(register, client):
    api = register("Sanne")
    soon = datetime.now(UTC) + timedelta(days=1)
    parent = _mint(api, expires_at=soon.isoformat())
    later = (datetime.now(UTC) + timedelta(days=365)).isoformat()
    child = client.post(
        "/api/v1/auth/tokens",
        json={"name": "Child", "expires_at": later},
        headers=_bearer(parent["token"]),
    ).json
    expires = datetime.fromisoformat(child["expires_at"])
    expires = expires if expires.tzinfo else expires.replace(tzinfo=UTC)
    assert expires <= soon + timedelta(seconds=1)


def test_a_token_made_without_a_scope_is_stored_as_full(register, app):
    api = register("Sanne")
    _mint(api)
    with app.app_context():
        # Only this person's: on PostgreSQL the live-server tests commit tokens of their own.
        mine = select(AccessToken.scope).where(AccessToken.user_id == uuid.UUID(api.user["id"]))
        scopes = set(db.session.scalars(mine))
    assert scopes == {"full"}
