"""The account lifecycle: sign-up that reveals nothing, e-mail verification, password reset,
refusal of common passwords, and memberships the person accepts."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import AccountCode, User
from app.db import db, utcnow
from tests.conftest import PASSWORD, ApiClient, last_mail, mails_to

REGISTER = "/api/v1/auth/register"
VERIFY = "/api/v1/auth/verify"
RESEND = "/api/v1/auth/verify/resend"
RESET = "/api/v1/auth/password-reset"
RESET_CONFIRM = "/api/v1/auth/password-reset/confirm"


def _address(name: str = "nieuw") -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.nl"


def _sign_up(client, email: str, password: str = PASSWORD, name: str = "Nieuw"):
    return client.post(REGISTER, json={"email": email, "password": password, "display_name": name})


def _code(app, email: str) -> str:
    return re.search(r"\b(\d{6})\b", last_mail(app, email)["body"]).group(1)


def _reset_token(app, email: str) -> str:
    return re.search(r"#/reset/([A-Za-z0-9_-]+)", last_mail(app, email)["body"]).group(1)


# --- sign-up and verification -----------------------------------------------------------


def test_sign_up_answers_the_same_for_a_new_and_an_existing_address(app, register):
    taken = register("Sanne").user["email"]
    new = ApiClient(app, {})
    again = ApiClient(app, {})
    first = _sign_up(new.http, _address())
    second = _sign_up(again.http, taken.upper(), password="another good passphrase")
    assert (first.status_code, first.json) == (202, {"status": "verification_sent"})
    assert (second.status_code, second.json) == (first.status_code, first.json)
    # Neither answer logs anyone in.
    assert new.get("/api/v1/me").status_code == 401
    assert again.get("/api/v1/me").status_code == 401
    # The owner of the address hears of it; their password is what it was.
    mail = last_mail(app, taken)
    assert "log in" in mail["body"].lower() and not re.search(r"\b\d{6}\b", mail["body"])
    assert ApiClient(app, {}).login(taken).status_code == 200
    r = again.http.post(
        "/api/v1/auth/login", json={"email": taken, "password": "another good passphrase"}
    )
    assert r.status_code == 401


def test_the_mailed_code_verifies_the_address_and_logs_in(app):
    email = _address()
    api = ApiClient(app, {})
    _sign_up(api.http, email)
    mail = last_mail(app, email)
    code = _code(app, email)
    assert f"#/verify?email={email.replace('@', '%40')}&code={code}" in mail["body"]
    r = api.http.post(VERIFY, json={"email": email.upper(), "code": code})
    assert r.status_code == 200, r.json
    assert r.json["email_verified"] is True
    api.csrf = r.json["csrf_token"]
    assert api.get("/api/v1/me").json["email_verified"] is True
    # Used once, never again.
    r = ApiClient(app, {}).http.post(VERIFY, json={"email": email, "code": code})
    assert (r.status_code, r.json["error"]["code"]) == (400, "code_invalid")


def test_five_wrong_codes_kill_the_code(app):
    email = _address()
    client = app.test_client()
    _sign_up(client, email)
    code = _code(app, email)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        r = client.post(VERIFY, json={"email": email, "code": wrong})
        assert (r.status_code, r.json["error"]["code"]) == (400, "code_invalid")
    r = client.post(VERIFY, json={"email": email, "code": code})
    assert r.status_code == 400
    # A new code (resent) works.
    assert client.post(RESEND, json={"email": email}).status_code == 202
    assert client.post(VERIFY, json={"email": email, "code": _code(app, email)}).status_code == 200


def test_a_verification_code_expires_after_thirty_minutes(app):
    email = _address()
    client = app.test_client()
    _sign_up(client, email)
    code = _code(app, email)
    with app.app_context():
        for row in db.session.scalars(select(AccountCode)):
            row.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()
    r = client.post(VERIFY, json={"email": email, "code": code})
    assert (r.status_code, r.json["error"]["code"]) == (400, "code_invalid")


def test_verify_and_resend_reveal_nothing_about_unknown_addresses(app):
    client = app.test_client()
    r = client.post(VERIFY, json={"email": _address("niemand"), "code": "123456"})
    assert (r.status_code, r.json["error"]["code"]) == (400, "code_invalid")
    nobody = _address("niemand")
    r = client.post(RESEND, json={"email": nobody})
    assert (r.status_code, r.json) == (202, {"status": "verification_sent"})
    assert mails_to(app, nobody) == []


def test_an_unverified_account_logs_in_and_uses_its_own_dossier(app):
    email = _address()
    api = ApiClient(app, {})
    _sign_up(api.http, email)
    api.login(email)
    assert api.user["email_verified"] is False
    r = api.post(f"/api/v1/dossiers/{api.dossier_id}/evidence", data={"title": "Eigen notitie"})
    assert r.status_code == 201


def _unverified(app) -> ApiClient:
    email = _address("onbevestigd")
    api = ApiClient(app, {})
    _sign_up(api.http, email)
    api.login(email)
    return api


def test_an_unverified_account_cannot_join_anyone_else(app, register):
    owner = register("Daan")
    stranger = _unverified(app)
    # Not added to an organisation ...
    org = owner.post("/api/v1/organisations", json={"name": "Het Baken", "kind": "education"}).json
    r = owner.post(
        f"/api/v1/organisations/{org['id']}/members",
        json={"email": stranger.user["email"], "role": "student"},
    )
    assert (r.status_code, r.json["error"]["code"]) == (409, "person_unverified")
    # ... nor accepting an invitation into a dossier.
    r = owner.post(
        f"/api/v1/dossiers/{owner.dossier_id}/grants",
        json={"email": stranger.user["email"], "scopes": ["view"], "role": "mentor"},
    )
    assert r.status_code == 201
    token = re.search(
        r"#/invitation/([A-Za-z0-9_-]+)", last_mail(app, stranger.user["email"])["body"]
    )
    r = stranger.post(f"/api/v1/invitations/{token.group(1)}")
    assert (r.status_code, r.json["error"]["code"]) == (403, "email_unverified")
    assert stranger.get("/api/v1/shared-dossiers").json == []


# --- common passwords -------------------------------------------------------------------


def test_common_passwords_are_refused_at_sign_up(app):
    client = app.test_client()
    email = _address()
    r = _sign_up(client, email, password="Password123")
    assert r.status_code == 422
    assert r.json["error"]["code"] == "password_common"
    assert "password" in r.json["error"]["fields"]
    assert mails_to(app, email) == []
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)) is None


# --- password reset ---------------------------------------------------------------------


def test_password_reset_answers_the_same_whether_or_not_the_address_exists(app, register):
    known = register("Sanne").user["email"]
    client = app.test_client()
    nobody = _address("niemand")
    a = client.post(RESET, json={"email": known})
    b = client.post(RESET, json={"email": nobody})
    assert (a.status_code, a.json) == (202, {"status": "reset_sent"})
    assert (b.status_code, b.json) == (a.status_code, a.json)
    assert mails_to(app, nobody) == []
    assert "#/reset/" in last_mail(app, known)["body"]


def test_password_reset_sets_the_password_and_ends_every_session_and_token(app, register):
    api = register("Sanne")
    email = api.user["email"]
    plain = api.post("/api/v1/auth/tokens", json={"name": "Script"}).json["token"]
    other_device = ApiClient(app, {})
    other_device.login(email)
    client = app.test_client()
    client.post(RESET, json={"email": email})
    token = _reset_token(app, email)
    with app.app_context():
        stored = [c.code_hash for c in db.session.scalars(select(AccountCode))]
    assert token not in stored

    new_password = "a fresh and long passphrase"
    r = client.post(RESET_CONFIRM, json={"token": token, "password": new_password})
    assert r.status_code == 204, r.json
    assert api.get("/api/v1/me").status_code == 401
    assert other_device.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    assert ApiClient(app, {}).login(email, new_password).status_code == 200
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 401
    # Single use.
    r = client.post(RESET_CONFIRM, json={"token": token, "password": "yet another passphrase"})
    assert (r.status_code, r.json["error"]["code"]) == (400, "token_invalid")


def test_a_reset_link_expires_and_refuses_common_passwords(app, register):
    email = register("Sanne").user["email"]
    client = app.test_client()
    client.post(RESET, json={"email": email})
    token = _reset_token(app, email)
    r = client.post(RESET_CONFIRM, json={"token": token, "password": "qwertyuiop"})
    assert r.status_code == 422
    assert "password" in r.json["error"]["fields"]
    with app.app_context():
        for row in db.session.scalars(select(AccountCode)):
            row.expires_at = utcnow() - timedelta(seconds=1)
        db.commit()
    r = client.post(RESET_CONFIRM, json={"token": token, "password": "a fresh and long passphrase"})
    assert (r.status_code, r.json["error"]["code"]) == (400, "token_invalid")
    assert ApiClient(app, {}).login(email).status_code == 200


# --- memberships need the person's yes --------------------------------------------------


def test_being_added_to_an_organisation_waits_for_the_persons_acceptance(app, register):
    admin, pupil, other = register("Fatima"), register("Daan"), register("Eva")
    org = admin.post("/api/v1/organisations", json={"name": "Het Baken", "kind": "education"}).json
    r = admin.post(
        f"/api/v1/organisations/{org['id']}/members",
        json={"email": pupil.user["email"], "role": "student"},
    )
    assert r.status_code == 201
    assert r.json["status"] == "pending"
    membership_id = r.json["id"]
    # Pending: the person sees the offer, but it gives nothing yet.
    mine = pupil.get("/api/v1/organisations").json
    assert [(o["id"], o["status"]) for o in mine] == [(org["id"], "pending")]
    assert pupil.get(f"/api/v1/organisations/{org['id']}/members").status_code == 404
    kinds = [n["kind"] for n in pupil.get("/api/v1/notifications").json["items"]]
    assert "membership" in kinds
    r = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/grants",
        json={"user_id": admin.user["id"], "organisation_id": org["id"], "scopes": ["view"]},
    )
    assert r.status_code == 422
    # Someone else cannot accept it for them.
    assert other.post(f"/api/v1/memberships/{membership_id}/accept").status_code == 404
    assert admin.post(f"/api/v1/memberships/{membership_id}/accept").status_code == 404

    r = pupil.post(f"/api/v1/memberships/{membership_id}/accept")
    assert r.status_code == 200
    assert r.json["status"] == "active"
    assert [o["status"] for o in pupil.get("/api/v1/organisations").json] == ["active"]
    r = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/grants",
        json={"user_id": admin.user["id"], "organisation_id": org["id"], "scopes": ["view"]},
    )
    assert r.status_code == 201


def test_a_declined_membership_is_gone(app, register):
    admin, pupil = register("Fatima"), register("Daan")
    org = admin.post("/api/v1/organisations", json={"name": "Het Baken", "kind": "education"}).json
    membership_id = admin.post(
        f"/api/v1/organisations/{org['id']}/members",
        json={"email": pupil.user["email"], "role": "student"},
    ).json["id"]
    assert pupil.post(f"/api/v1/memberships/{membership_id}/decline").status_code == 204
    assert pupil.get("/api/v1/organisations").json == []
    assert pupil.post(f"/api/v1/memberships/{membership_id}/accept").status_code == 404
    members = admin.get(f"/api/v1/organisations/{org['id']}/members").json
    assert [m["user"]["id"] for m in members] == [admin.user["id"]]
