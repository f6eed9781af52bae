"""Web Push (VAPID) for notifications, through pywebpush.

Keys come from VAPID_PRIVATE_KEY (PEM); in development a key pair is generated once and kept
in instance/. Pushes go out through the queue after the commit; a subscription the push
service says is gone (404/410) is removed.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid

from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from sqlalchemy import select

from app.db import db
from app.jobs import huey, in_app_context

log = logging.getLogger(__name__)

TEXTS = {
    "on_behalf_evidence": (
        "{by} voegde iets toe aan je dossier",
        "{by} added something to your dossier",
    ),
    "reflection": ("{by} reflecteerde op je bewijs", "{by} reflected on your evidence"),
    "mention": ("{by} noemde je in een gesprek", "{by} mentioned you in a conversation"),
    "invitation": ("{by} gaf je toegang tot een dossier", "{by} gave you access to a dossier"),
    "coaching_note": (
        "{by} schreef een notitie over jullie coachingsgesprek",
        "{by} wrote a note about your coaching session",
    ),
}


def vapid() -> Vapid02 | None:
    """The server's VAPID key, or None when push is not configured."""
    cached = current_app.extensions.get("bagage_vapid")
    if cached is not None:
        return cached or None
    pem = current_app.config["VAPID_PRIVATE_KEY"]
    key = Vapid02.from_pem(pem.encode()) if pem else None
    current_app.extensions["bagage_vapid"] = key or False
    return key


def public_key() -> str | None:
    """The applicationServerKey a browser subscribes with (base64url, uncompressed point)."""
    key = vapid()
    if key is None:
        return None
    raw = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def push_after_commit(user_id: uuid.UUID, kind: str, payload: dict) -> None:
    db.after_commit(lambda: send_push_task(str(user_id), kind, payload))


@huey.task(retries=3, retry_delay=30)
@in_app_context
def send_push_task(user_id: str, kind: str, payload: dict) -> None:
    from app.accounts.models import User
    from app.people.models import PushSubscription

    key = vapid()
    session = db.session()
    user = session.get(User, uuid.UUID(user_id))
    if key is None or user is None:
        return
    dutch, english = TEXTS.get(kind, ("Nieuw in Bagage", "New in Bagage"))
    title = (dutch if user.locale == "nl" else english).format(by=payload.get("by", "Iemand"))
    message = json.dumps({**payload, "title": title, "kind": kind})
    subscriptions = session.scalars(
        select(PushSubscription).where(PushSubscription.user_id == user.id)
    ).all()
    for subscription in subscriptions:
        try:
            webpush(
                {"endpoint": subscription.endpoint,
                 "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
                data=message,
                vapid_private_key=key,
                vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]},
                timeout=10,
                ttl=24 * 3600,
            )  # fmt: skip
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                session.delete(subscription)  # the browser unsubscribed
            else:
                log.warning("push to %s failed: %s", subscription.endpoint[:60], exc)
    db.commit()


def development_key(path) -> str:
    """A VAPID key kept in instance/ so development has working push without setup."""
    if not path.exists():
        key = Vapid02()
        key.generate_keys()
        path.write_bytes(key.private_pem())
        path.chmod(0o600)
    return path.read_text()
