"""Password guessing is throttled: per account, per client address, with Retry-After."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

WRONG = "not the password at all"


def _login(client, email, password, address="198.51.100.7"):
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _assert_throttled(response):
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    error = response.json["error"]
    assert error["code"] == "too_many_requests"
    assert "Try again in" in error["message"]
    assert set(error) == {"code", "message", "fields"}


def test_fifty_wrong_passwords_are_answered_429_after_a_handful(register, client):
    register("Sanne", email="sanne@example.nl")
    statuses = [_login(client, "sanne@example.nl", WRONG).status_code for _ in range(50)]
    assert statuses[0] == 401
    first_429 = statuses.index(429)
    assert first_429 <= 10
    assert set(statuses[first_429:]) == {429}
    # Throttled means not even the right password gets through from this address for now.
    _assert_throttled(_login(client, "sanne@example.nl", PASSWORD))


def test_the_account_owner_from_another_address_is_not_locked_out(register, client):
    register("Sanne", email="sanne@example.nl")
    for _ in range(50):
        _login(client, "sanne@example.nl", WRONG, address="203.0.113.66")
    assert _login(client, "sanne@example.nl", PASSWORD, address="192.0.2.10").status_code == 200


def test_guesses_from_many_addresses_slow_down_an_account_for_a_short_while(register, client, app):
    """The per-account limit (all addresses together) slows a distributed attack; it can
    block the real person too, but only for its window, never for long."""
    register("Sanne", email="sanne@example.nl")
    responses = [
        _login(client, "sanne@example.nl", WRONG, address=f"203.0.113.{i}") for i in range(1, 40)
    ]
    throttled = [r for r in responses if r.status_code == 429]
    assert throttled, "guesses spread over many addresses were never throttled"
    blocked = _login(client, "sanne@example.nl", PASSWORD, address="192.0.2.10")
    _assert_throttled(blocked)
    assert int(blocked.headers["Retry-After"]) <= 10 * 60


def test_one_address_guessing_many_accounts_is_throttled(client):
    statuses = [
        _login(client, f"person{i}@example.nl", WRONG, address="198.51.100.99").status_code
        for i in range(150)
    ]
    assert statuses[0] == 401
    assert 429 in statuses


def test_successful_logins_do_not_count(register, app):
    from tests.conftest import ApiClient

    register("Sanne", email="sanne@example.nl")
    for _ in range(30):
        ApiClient(app, {}).login("sanne@example.nl")


def test_delete_me_with_wrong_passwords_is_throttled(register):
    api = register("Sanne")
    statuses = [api.delete("/api/v1/me", json={"password": WRONG}).status_code for _ in range(20)]
    assert statuses[0] == 401
    assert 429 in statuses
    throttled = api.delete("/api/v1/me", json={"password": PASSWORD})
    _assert_throttled(throttled)
    # Nothing was deleted: the account still answers.
    assert api.get("/api/v1/me").status_code == 200


def test_limits_are_settings(register, client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS", "2 per hour")
    register("Sanne", email="sanne@example.nl")
    assert _login(client, "sanne@example.nl", WRONG).status_code == 401
    assert _login(client, "sanne@example.nl", WRONG).status_code == 401
    throttled = _login(client, "sanne@example.nl", WRONG)
    _assert_throttled(throttled)
    assert "minutes" in throttled.json["error"]["message"]


@pytest.mark.parametrize(
    ("redis_url", "explicit", "storage_uri"),
    [
        ("", "", "memory://"),
        ("redis://127.0.0.1:6379/12", "", "redis://127.0.0.1:6379/12"),
        ("redis://127.0.0.1:6379/12", "memory://", "memory://"),
    ],
)
def test_counters_live_in_redis_when_it_is_configured(
    monkeypatch, redis_url, explicit, storage_uri
):
    from config import Config

    monkeypatch.setattr(Config, "REDIS_URL", redis_url)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", explicit)
    chosen = Config().RATELIMIT_STORAGE_URI
    assert chosen == storage_uri


def test_addresses_in_one_ipv6_network_count_as_one_client(register, client):
    """One home connection gets a whole /64 of IPv6 addresses; rotating through it must not
    buy fresh guesses."""
    register("Sanne", email="sanne@example.nl")
    statuses = [
        _login(client, "sanne@example.nl", WRONG, address=f"2001:db8:1:2::{i:x}").status_code
        for i in range(1, 12)
    ]
    assert 429 in statuses[:10]


def test_guessing_verification_codes_is_throttled(client):
    r = client.post(
        "/api/v1/auth/register",
        json={"email": "code@example.nl", "password": PASSWORD, "display_name": "Code"},
        environ_base={"REMOTE_ADDR": "198.51.100.9"},
    )
    assert r.status_code == 202
    statuses = [
        client.post(
            "/api/v1/auth/verify",
            json={"email": f"guess{i}@example.nl", "code": f"{i:06d}"},
            environ_base={"REMOTE_ADDR": "198.51.100.9"},
        ).status_code
        for i in range(30)
    ]
    assert statuses[0] == 400
    assert 429 in statuses[:15]


def test_guessing_reset_links_is_throttled(client):
    statuses = [
        client.post(
            "/api/v1/auth/password-reset/confirm",
            json={"token": f"not-a-real-token-{i}", "password": "a long new password 1"},
            environ_base={"REMOTE_ADDR": "198.51.100.10"},
        ).status_code
        for i in range(30)
    ]
    assert statuses[0] in (400, 404, 422)
    assert 429 in statuses[:15]


@pytest.mark.parametrize("path", ["/api/v1/auth/password-reset", "/api/v1/auth/verify/resend"])
def test_mail_to_one_address_is_throttled(client, app, path):
    from tests.conftest import mails_to

    statuses = [
        client.post(
            path,
            json={"email": "target@example.nl"},
            environ_base={"REMOTE_ADDR": f"203.0.113.{i}"},
        ).status_code
        for i in range(10)
    ]
    assert statuses[0] == 202
    assert statuses[-1] == 429
    assert len(mails_to(app, "target@example.nl")) <= 3
