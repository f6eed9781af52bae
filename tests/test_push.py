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
def local_push(app):
    """The stand-in push service lives on this machine: allow that, for these tests only."""
    app.config["PUSH_ALLOW_LOCAL_ENDPOINTS"] = True
    yield
    app.config["PUSH_ALLOW_LOCAL_ENDPOINTS"] = False


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


def test_a_reflection_reaches_the_owner_by_web_push(register, push_service, local_push, vapid_key):
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


def test_each_person_chooses_which_notifications_they_want(
    register, push_service, local_push, vapid_key
):
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
    app, register, push_service, local_push, vapid_key
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


# --- only public push services: no way into our own network ------------------------------


def _subscribe(client, endpoint: str):
    _, public, auth = _browser_keys()
    return client.post(
        "/api/v1/push/subscriptions",
        json={"endpoint": endpoint, "keys": {"p256dh": public, "auth": _b64(auth)}},
    )


@pytest.fixture
def dns(monkeypatch):
    """A name server of our own: host → addresses, so no test depends on outside DNS."""
    import socket

    from app import push

    names: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list[str]:
        if host in names:
            return names[host]
        try:  # literal addresses and localhost need no name server
            return [info[4][0] for info in socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)]  # fmt: skip
        except socket.gaierror:
            if host == "localhost":
                return ["127.0.0.1", "::1"]
            raise

    monkeypatch.setattr(push, "resolve", resolve)
    return names


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/push/1",
        "https://localhost/push/1",
        "https://[::1]/push/1",
        "https://[::ffff:127.0.0.1]/push/1",
        "https://[::ffff:10.0.0.8]/push/1",
        "https://10.1.2.3/push/1",
        "https://172.16.0.1/push/1",
        "https://192.168.1.1/push/1",
        "https://100.64.0.1/push/1",
        "https://169.254.169.254/latest/meta-data",
        "https://[fe80::1]/push/1",
        "https://[fc00::1]/push/1",
        "https://0.0.0.0/push/1",
        "https://[::]/push/1",
        "https://224.0.0.1/push/1",
        "https://[ff02::1]/push/1",
        "https://240.0.0.1/push/1",
        "https://internal.example.net/push/1",  # a public name for a private address
        "https://mixed.example.net/push/1",  # one public, one private address
        "http://push.example.com/push/1",
    ],
)
def test_push_endpoints_into_private_networks_are_refused(register, dns, endpoint):
    dns["internal.example.net"] = ["10.20.30.40"]
    dns["mixed.example.net"] = ["93.184.216.34", "192.168.0.10"]
    dns["push.example.com"] = ["93.184.216.34"]
    owner = register("Sanne")
    r = _subscribe(owner, endpoint)
    assert r.status_code == 422, r.json
    assert "endpoint" in r.json["error"]["fields"]
    assert _subscribe(owner, "https://push.example.com/push/ok").status_code == 204


def test_push_endpoints_can_be_limited_to_the_known_push_services(app, register, dns):
    for host in ("fcm.googleapis.com", "wns2-db5p.notify.windows.com", "notify.windows.com",
                 "evilfcm.googleapis.com", "push.example.com"):  # fmt: skip
        dns[host] = ["142.250.74.10"]
    owner = register("Sanne")
    old = app.config["PUSH_ALLOWED_HOSTS"]
    app.config["PUSH_ALLOWED_HOSTS"] = ["fcm.googleapis.com", "*.notify.windows.com"]
    try:
        allowed = ["https://fcm.googleapis.com/fcm/send/abc",
                   "https://wns2-db5p.notify.windows.com/w/?token=abc"]  # fmt: skip
        refused = ["https://push.example.com/x", "https://evilfcm.googleapis.com/x",
                   "https://notify.windows.com/x"]  # fmt: skip
        assert [_subscribe(owner, e).status_code for e in allowed] == [204, 204]
        answers = [_subscribe(owner, e) for e in refused]
        assert [a.status_code for a in answers] == [422, 422, 422]
        assert all("endpoint" in a.json["error"]["fields"] for a in answers)
    finally:
        app.config["PUSH_ALLOWED_HOSTS"] = old


def test_a_push_endpoint_that_turns_private_is_dropped_at_send_time(
    app, register, dns, vapid_key, monkeypatch
):
    """DNS may change after subscribing: the worker checks again and never connects."""
    from sqlalchemy import select

    from app import push
    from app.db import db
    from app.people.models import PushSubscription
    from tests.test_people import _grant

    connections = []
    monkeypatch.setattr(push, "webpush", lambda *a, **kw: connections.append(a))
    dns["push.example.com"] = ["93.184.216.34"]
    owner, coach = register("Sanne"), register("Coach")
    _grant(owner, coach, ["reflect"], role="coach")
    assert _subscribe(owner, "https://push.example.com/push/phone").status_code == 204
    dns["push.example.com"] = ["127.0.0.1"]  # rebinding
    evidence = owner.upload(None, title="Les 4").json
    coach.post(f"/api/v1/evidence/{evidence['id']}/reflections", json={"content": {"text": "x"}})
    assert connections == []
    with app.app_context():
        left = db.session.scalars(
            select(PushSubscription.endpoint).where(
                PushSubscription.endpoint == "https://push.example.com/push/phone"
            )
        ).all()
    assert left == []
