"""Changing the password: asks the current one, ends the other sessions and all tokens."""

from __future__ import annotations

from tests.conftest import PASSWORD, ApiClient

NEW = "a brand new passphrase"


def _change(api, current=PASSWORD, new=NEW):
    return api.post("/api/v1/me/password", json={"current_password": current, "new_password": new})


def test_changing_the_password_ends_other_sessions_and_tokens_but_not_this_one(
    register, app, client
):
    api = register("Sanne", email="sanne@example.nl")
    phone = ApiClient(app, {})
    phone.login("sanne@example.nl")
    token = api.post("/api/v1/auth/tokens", json={"name": "Script"}).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200

    r = _change(api)
    assert r.status_code == 204, r.json

    assert api.get("/api/v1/me").status_code == 200
    assert api.patch("/api/v1/me", json={"display_name": "Sanne B."}).status_code == 200
    assert phone.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    assert api.get("/api/v1/auth/tokens").json == []

    old = client.post(
        "/api/v1/auth/login", json={"email": "sanne@example.nl", "password": PASSWORD}
    )
    assert old.status_code == 401
    ApiClient(app, {}).login("sanne@example.nl", NEW)


def test_a_wrong_current_password_changes_nothing(register, app):
    api = register("Sanne", email="sanne@example.nl")
    phone = ApiClient(app, {})
    phone.login("sanne@example.nl")
    r = _change(api, current="not my password at all")
    assert r.status_code == 403
    error = r.json["error"]
    assert error["code"] == "wrong_password"
    assert "current_password" in error["fields"]
    assert phone.get("/api/v1/me").status_code == 200
    ApiClient(app, {}).login("sanne@example.nl", PASSWORD)


def test_the_new_password_must_be_long_enough(register, app):
    api = register("Sanne", email="sanne@example.nl")
    r = _change(api, new="short")
    assert r.status_code == 422
    assert "new_password" in r.json["error"]["fields"]
    ApiClient(app, {}).login("sanne@example.nl", PASSWORD)


def test_both_passwords_are_required(register):
    api = register("Sanne")
    r = api.post("/api/v1/me/password", json={})
    assert r.status_code == 422
    assert {"current_password", "new_password"} <= set(r.json["error"]["fields"])


def test_guessing_the_current_password_is_throttled(register, app):
    api = register("Sanne", email="sanne@example.nl")
    statuses = [_change(api, current=f"guess number {i}").status_code for i in range(20)]
    assert statuses[0] == 403
    assert 429 in statuses
    r = _change(api)
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0
    assert r.json["error"]["code"] == "too_many_requests"
    ApiClient(app, {}).login("sanne@example.nl", PASSWORD)


def test_the_guesses_count_together_with_delete_me(register):
    """One counter for every place that checks a signed-in person's password."""
    api = register("Sanne")
    for i in range(5):
        assert _change(api, current=f"guess number {i}").status_code == 403
    r = api.delete("/api/v1/me", json={"password": "yet another guess"})
    assert r.status_code == 429


def test_not_logged_in_cannot_change_a_password(client):
    r = client.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW})
    assert r.status_code == 401
