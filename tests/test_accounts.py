"""Sign-up, login, logout, CSRF and personal access tokens."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import AccessToken, User
from app.db import db
from tests.conftest import PASSWORD, mailed_code


def test_sign_up_creates_a_private_dossier_and_logs_in(register):
    api = register("Sanne", email="Sanne@Example.nl")
    assert api.user["email"] == "sanne@example.nl"
    assert api.user["locale"] == "nl"
    assert api.user["email_verified"] is True
    assert len(api.user["dossiers"]) == 1
    me = api.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json["dossiers"][0]["id"] == api.dossier_id
    assert me.json["csrf_token"] == api.csrf


def test_email_is_unique_regardless_of_case(register, client, app):
    register("Sanne", email="sanne@example.nl")
    r = client.post(
        "/api/v1/auth/register",
        json={"email": "SANNE@example.NL", "password": PASSWORD, "display_name": "Twee"},
    )
    # The same answer as for a new address (nothing revealed), and no second account.
    assert (r.status_code, r.json) == (202, {"status": "verification_sent"})
    with app.app_context():
        names = db.session.scalars(select(User.display_name).where(User.email.ilike("sanne@%")))
        assert list(names) == ["Sanne"]


def test_sign_up_input_errors_name_the_fields(client):
    r = client.post(
        "/api/v1/auth/register",
        json={"email": "not-an-address", "password": "short", "display_name": "", "locale": "fr"},
    )
    assert r.status_code == 422
    error = r.json["error"]
    assert error["code"] == "invalid"
    assert {"email", "display_name", "locale"} <= set(error["fields"])
    r = client.post(
        "/api/v1/auth/register",
        json={"email": "a@example.nl", "password": "short", "display_name": "A"},
    )
    assert r.status_code == 422
    assert "password" in r.json["error"]["fields"]


def test_login_with_wrong_password_is_refused(register, client):
    register("Sanne", email="sanne@example.nl")
    r = client.post("/api/v1/auth/login", json={"email": "sanne@example.nl", "password": "x" * 12})
    assert r.status_code == 401
    assert r.json["error"]["code"] == "bad_credentials"
    r = client.post("/api/v1/auth/login", json={"email": "nobody@example.nl", "password": "x" * 12})
    assert r.status_code == 401
    assert r.json["error"]["code"] == "bad_credentials"


def test_passwords_are_hashed_at_owasps_argon2id_parameters():
    """2 passes over 19 MiB, one lane: OWASP's recommendation, and cheap enough that a
    school's morning logins leave the node's cores to everything else."""
    from config import Config

    config = Config()
    assert config.PASSWORD_HASH_TIME_COST == 2
    assert config.PASSWORD_HASH_MEMORY_KIB == 19 * 1024
    assert config.PASSWORD_HASH_PARALLELISM == 1


def test_a_password_hashed_at_another_cost_logs_in_and_is_hashed_again(register, app):
    """Hashes made at an earlier default (3 passes over 64 MiB, 4 lanes) keep working; the
    next login stores the password at the cost configured now."""
    from argon2 import PasswordHasher

    from tests.conftest import ApiClient

    register("Sanne", email="sanne@example.nl")
    with app.app_context():
        user = db.session().scalar(select(User).where(User.email == "sanne@example.nl"))
        user.password_hash = PasswordHasher(time_cost=3, memory_cost=65536).hash(PASSWORD)
        db.commit()
    ApiClient(app, {}).login("sanne@example.nl")
    with app.app_context():
        user = db.session().scalar(select(User).where(User.email == "sanne@example.nl"))
        cost = app.config["PASSWORD_HASH_MEMORY_KIB"], app.config["PASSWORD_HASH_TIME_COST"]
        assert user.password_hash.startswith(f"$argon2id$v=19$m={cost[0]},t={cost[1]},p=1$")
    ApiClient(app, {}).login("sanne@example.nl")  # and the new hash is the password's


def test_login_ignores_the_case_of_the_address(register, app):
    register("Sanne", email="sanne@example.nl")
    from tests.conftest import ApiClient

    api = ApiClient(app, {})
    api.login("  SANNE@example.nl ")
    assert api.get("/api/v1/me").json["email"] == "sanne@example.nl"


def test_not_logged_in_gets_401_in_the_error_shape(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert set(r.json["error"]) == {"code", "message", "fields"}


def test_session_cookie_is_httponly_and_samesite(client, app):
    client.post(
        "/api/v1/auth/register",
        json={"email": "c@example.nl", "password": PASSWORD, "display_name": "C"},
    )
    r = client.post(
        "/api/v1/auth/verify",
        json={"email": "c@example.nl", "code": mailed_code(app, "c@example.nl")},
    )
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_logout_ends_the_session_even_when_the_cookie_is_replayed(register):
    api = register("Sanne")
    old_cookie = api.http.get_cookie("bagage_session").value
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert api.get("/api/v1/me").status_code == 401
    api.http.set_cookie("bagage_session", old_cookie)
    assert api.get("/api/v1/me").status_code == 401


def test_state_changes_with_the_cookie_need_the_csrf_token(register):
    api = register("Sanne")
    url = f"/api/v1/dossiers/{api.dossier_id}/evidence"
    r = api.http.post(url, data={"title": "Zonder token"}, content_type="multipart/form-data")
    assert r.status_code == 403
    assert r.json["error"]["code"] == "csrf_failed"
    r = api.post(url, data={"title": "Fout token"}, headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403
    r = api.post(url, data={"title": "Van elders"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    r = api.post(url, data={"title": "Van elders"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    assert api.get(url).json["items"] == []
    r = api.post(url, data={"title": "Met token"})
    assert r.status_code == 201


def test_login_from_another_site_is_refused(register, client):
    register("Sanne", email="sanne@example.nl")
    r = client.post(
        "/api/v1/auth/login",
        json={"email": "sanne@example.nl", "password": PASSWORD},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert r.status_code == 403


def test_personal_access_tokens(register, client, app):
    api = register("Sanne")
    r = api.post("/api/v1/auth/tokens", json={"name": "Script"})
    assert r.status_code == 201
    plain = r.json["token"]
    assert plain.startswith("bgg_")

    # Stored hashed: the secret itself is nowhere in the database.
    with app.app_context():
        stored = [(t.token_hash, t.prefix) for t in db.session.scalars(select(AccessToken))]
    assert stored and all(plain not in row for row in stored)

    listed = api.get("/api/v1/auth/tokens").json
    assert [t["name"] for t in listed] == ["Script"]
    assert "token" not in listed[0]

    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=bearer).json["id"] == api.user["id"]
    # No CSRF token needed: a bearer token is not sent by browsers on their own.
    r = client.post(
        f"/api/v1/dossiers/{api.dossier_id}/evidence",
        data={"title": "Via script"},
        headers=bearer,
        content_type="multipart/form-data",
    )
    assert r.status_code == 201

    assert api.delete(f"/api/v1/auth/tokens/{listed[0]['id']}").status_code == 204
    assert client.get("/api/v1/me", headers=bearer).status_code == 401


def test_a_token_of_someone_else_cannot_be_revoked(register):
    sanne, daan = register("Sanne"), register("Daan")
    token_id = sanne.post("/api/v1/auth/tokens", json={"name": "S"}).json["id"]
    assert daan.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert len(sanne.get("/api/v1/auth/tokens").json) == 1


def test_unknown_bearer_token_is_401(client):
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer bgg_nope"})
    assert r.status_code == 401


def test_an_idle_session_expires(register, app):
    from datetime import timedelta

    from app.accounts.models import LoginSession
    from app.db import utcnow

    api = register("Sanne")
    with app.app_context():
        for login in db.session.scalars(select(LoginSession)):
            login.last_seen_at = utcnow() - timedelta(days=app.config["SESSION_IDLE_DAYS"] + 1)
        db.commit()
    assert api.get("/api/v1/me").status_code == 401


def test_change_language_and_name(register):
    api = register("Sanne")
    r = api.patch("/api/v1/me", json={"locale": "en", "display_name": "Sanne V."})
    assert r.status_code == 200
    assert (r.json["locale"], r.json["display_name"]) == ("en", "Sanne V.")
    assert api.get("/api/v1/me").json["locale"] == "en"
    r = api.patch("/api/v1/me", json={"locale": "de"})
    assert r.status_code == 422
    assert "locale" in r.json["error"]["fields"]
    assert api.get("/api/v1/me").json["locale"] == "en"


def test_me_tells_the_limits_and_the_room_used(register, jpeg):
    api = register("Sanne")
    me = api.get("/api/v1/me").json
    assert me["limits"]["max_upload_bytes"] > 0
    assert me["dossiers"][0]["used_bytes"] == 0
    photo = jpeg()
    api.upload(photo)
    assert api.get("/api/v1/me").json["dossiers"][0]["used_bytes"] == len(photo)
