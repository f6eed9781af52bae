"""Web Push to a push service (a local stand-in over HTTP), end to end: the payload is
encrypted for the browser's keys, signed with our VAPID key, and honours each person's choice."""

from __future__ import annotations

import base64
import http.server
import json
import os
import threading

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def push_service():
    """Records what the app POSTs, as a push service would receive it; 410 for /gone."""
    received: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {k.lower(): v for k, v in self.headers.items()}
            received.append({"path": self.path, "headers": headers, "body": body})
            self.send_response(410 if self.path.endswith("/gone") else 201)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", received
    server.shutdown()


@pytest.fixture
def vapid_key(app):
    key = Vapid02()
    key.generate_keys()
    old = app.config["VAPID_PRIVATE_KEY"]
    app.config["VAPID_PRIVATE_KEY"] = key.private_pem().decode()
    app.extensions.pop("bagage_vapid", None)
    yield key
    app.config["VAPID_PRIVATE_KEY"] = old
    app.extensions.pop("bagage_vapid", None)


def _browser_keys():
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private, _b64(public), os.urandom(16)


def test_a_reflection_reaches_the_owner_by_web_push(register, push_service, vapid_key):
    base, received = push_service
    owner, coach = register("Sanne"), register("Coach")
    from tests.test_people import _grant

    _grant(owner, coach, ["reflect"], role="coach")
    key = owner.get("/api/v1/push/key").json["public_key"]
    assert key and len(base64.urlsafe_b64decode(key + "==")) == 65
    private, public, auth = _browser_keys()
    r = owner.post(
        "/api/v1/push/subscriptions",
        json={"endpoint": f"{base}/push/phone", "keys": {"p256dh": public, "auth": _b64(auth)}},
    )
    assert r.status_code == 204, r.json
    evidence = owner.upload(None, title="Les 1").json
    coach.post(f"/api/v1/evidence/{evidence['id']}/reflections", json={"content": {"text": "Mooi"}})

    assert len(received) == 1
    push = received[0]
    assert push["headers"]["content-encoding"] == "aes128gcm"
    assert push["headers"]["authorization"].startswith("vapid t=")
    assert f"k={key}" in push["headers"]["authorization"]
    payload = json.loads(http_ece.decrypt(push["body"], private_key=private, auth_secret=auth,
                                          version="aes128gcm"))  # fmt: skip
    assert payload["title"] == "Coach reflecteerde op je bewijs"
    assert payload["evidence_id"] == evidence["id"]


def test_each_person_chooses_which_notifications_they_want(register, push_service, vapid_key):
    base, received = push_service
    owner, coach = register("Sanne"), register("Coach")
    from tests.test_people import _grant

    _grant(owner, coach, ["reflect"], role="coach")
    _, public, auth = _browser_keys()
    owner.post(
        "/api/v1/push/subscriptions",
        json={"endpoint": f"{base}/push/phone", "keys": {"p256dh": public, "auth": _b64(auth)}},
    )
    r = owner.put(
        "/api/v1/me/notification-settings",
        json={"settings": {"reflection": {"in_app": True, "push": False}}},
    )
    assert r.status_code == 200
    assert r.json["settings"]["reflection"] == {"in_app": True, "push": False}
    assert r.json["settings"]["mention"] == {"in_app": True, "push": True}
    evidence = owner.upload(None, title="Les 2").json
    coach.post(f"/api/v1/evidence/{evidence['id']}/reflections", json={"content": {"text": "Ok"}})
    assert received == []
    assert owner.get("/api/v1/notifications").json["unread"] == 1
    assert (
        owner.put(
            "/api/v1/me/notification-settings", json={"settings": {"gossip": {"push": True}}}
        ).status_code
        == 422
    )


def test_a_subscription_the_push_service_says_is_gone_is_removed(
    app, register, push_service, vapid_key
):
    base, received = push_service
    owner, coach = register("Sanne"), register("Coach")
    from tests.test_people import _grant

    _grant(owner, coach, ["reflect"], role="coach")
    _, public, auth = _browser_keys()
    owner.post(
        "/api/v1/push/subscriptions",
        json={"endpoint": f"{base}/push/gone", "keys": {"p256dh": public, "auth": _b64(auth)}},
    )
    evidence = owner.upload(None, title="Les 3").json
    coach.post(f"/api/v1/evidence/{evidence['id']}/reflections", json={"content": {"text": "x"}})
    coach.post(f"/api/v1/evidence/{evidence['id']}/reflections", json={"content": {"text": "y"}})
    assert len(received) == 1  # the second reflection found no subscription left
