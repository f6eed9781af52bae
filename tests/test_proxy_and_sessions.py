"""Behind a TLS proxy, headers that keep responses out of caches and browsers on https, and
login sessions that end after a fixed time however often they are used."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import PASSWORD

BEHIND_PROXY = {
    "Origin": "https://bagage.example",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "bagage.example",
    "X-Forwarded-For": "203.0.113.7",
}


def test_behind_a_trusted_proxy_an_https_origin_is_our_own(register, client, app, monkeypatch):
    api = register("Sanne")
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    r = client.post(
        "/api/v1/auth/login",
        json={"email": api.user["email"], "password": PASSWORD},
        headers=BEHIND_PROXY,
    )
    assert r.status_code == 200, r.json
    # Later writes from the same page pass too.
    r = client.patch(
        "/api/v1/me",
        json={"display_name": "Sanne V."},
        headers={**BEHIND_PROXY, "X-CSRF-Token": r.json["csrf_token"]},
    )
    assert r.status_code == 200, r.json


def test_without_trusted_proxies_forwarded_headers_are_ignored(register, client, app):
    api = register("Sanne")
    assert app.config["TRUSTED_PROXIES"] == 0
    r = client.post(
        "/api/v1/auth/login",
        json={"email": api.user["email"], "password": PASSWORD},
        headers=BEHIND_PROXY,
    )
    assert r.status_code == 403
    assert r.json["error"]["code"] == "csrf_failed"


def test_hsts_only_in_production(client, app, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/").headers
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    hsts = client.get("/").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=")
    assert int(hsts.split("=")[1].split(";")[0]) >= 180 * 86400
    assert client.get("/api/v1/openapi.json").headers["Strict-Transport-Security"] == hsts


def test_authenticated_api_responses_are_not_stored(register, jpeg, storage):
    api = register("Sanne")
    for url in ("/api/v1/me", "/api/v1/auth/tokens", f"/api/v1/dossiers/{api.dossier_id}/evidence"):
        r = api.get(url)
        assert r.status_code == 200
        assert r.headers["Cache-Control"] == "no-store", url
    r = api.patch("/api/v1/me", json={"display_name": "S"})
    assert r.headers["Cache-Control"] == "no-store"
    r = api.get("/api/v1/nope")
    assert r.status_code == 404
    assert r.headers["Cache-Control"] == "no-store"
    # Media keep their own private caching.
    evidence = api.upload(jpeg()).json
    thumb = api.get(evidence["media"]["thumbnail"]["url"])
    if thumb.status_code == 200:
        assert thumb.headers["Cache-Control"].startswith("private, max-age=")


def test_login_response_is_not_stored(register, client):
    api = register("Sanne")
    r = client.post("/api/v1/auth/login", json={"email": api.user["email"], "password": PASSWORD})
    assert r.headers["Cache-Control"] == "no-store"


def test_a_session_ends_at_its_maximum_age_even_when_used_daily(register, app, monkeypatch, frozen):
    monkeypatch.setitem(app.config, "SESSION_IDLE_DAYS", 3)
    monkeypatch.setitem(app.config, "SESSION_MAX_AGE_DAYS", 10)
    api = register("Sanne")
    start = frozen["now"]
    for day in range(1, 10):
        frozen["now"] = start + timedelta(days=day)
        assert api.get("/api/v1/me").status_code == 200, day
    frozen["now"] = start + timedelta(days=10, hours=1)
    r = api.get("/api/v1/me")
    assert r.status_code == 401
    # The cookie is gone with it: turning the clock back does not revive it.
    frozen["now"] = start + timedelta(days=1)
    assert api.get("/api/v1/me").status_code == 401
    # A fresh login works.
    assert api.login(api.user["email"]).status_code == 200


def test_the_session_cookie_lasts_no_longer_than_the_session(client, register, app):
    register("Sanne")
    assert app.permanent_session_lifetime == timedelta(days=app.config["SESSION_MAX_AGE_DAYS"])
