"""Web Push (VAPID) for notifications, through pywebpush.

Keys come from VAPID_PRIVATE_KEY (PEM); in development a key pair is generated once and kept
in instance/. Pushes go out through the queue after the commit; a subscription the push
service says is gone (404/410) is removed.

A subscription's endpoint is a URL the browser hands us, so it is treated as hostile: only
https to a host that resolves to public addresses only (optionally only the known push
services, PUSH_ALLOWED_HOSTS), checked when subscribing and again before each send; the
send itself connects only to a public address it checked and follows no redirect
(requests-hardened), so DNS that changes in between cannot point it into our network.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import uuid
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from requests import RequestException
from requests_hardened import Config as HardenedConfig
from requests_hardened import Manager
from sqlalchemy import select

from app.accounts.models import User
from app.db import db
from app.errors import Invalid
from app.jobs import huey, in_app_context
from app.outbound import is_public_address
from app.outbox import enqueue_after_commit
from app.people.models import PushSubscription

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
    "signature_request": (
        "{by} vraagt je een stageverslag te ondertekenen",
        "{by} asks you to sign an internship report",
    ),
    "internship_proposal": (
        "{by} stelt een stage voor: ga je akkoord?",
        "{by} proposes an internship: do you agree?",
    ),
    "internship_answer": ("{by} gaf antwoord over de stage", "{by} answered about the internship"),
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


# --- which endpoints we are willing to connect to -----------------------------------------


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (tests replace this: no outside DNS)."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _host_allowed(host: str, allowed: list[str]) -> bool:
    """`example.com` allows it and its subdomains; `*.example.com` only its subdomains."""
    if not allowed:
        return True
    for entry in (e.strip().lower() for e in allowed):
        if entry.startswith("*."):
            if host.endswith(entry[1:]):
                return True
        elif entry and (host == entry or host.endswith("." + entry)):
            return True
    return False


def endpoint_problem(endpoint: str) -> str | None:
    """Why we will not send to this endpoint, or None when it is a public push service."""
    local = current_app.config["PUSH_ALLOW_LOCAL_ENDPOINTS"]
    try:
        parts = urlsplit(endpoint)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "Not a valid address."
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        return "A push endpoint must use https."
    if not host or parts.username or parts.password:
        return "Not a valid address."
    if not _host_allowed(host, current_app.config["PUSH_ALLOWED_HOSTS"]):
        return "Not a known push service."
    if local:
        return None
    try:
        addresses = resolve(host, port or 443)
    except (OSError, UnicodeError):
        return "This host cannot be found."
    if not addresses or not all(is_public_address(a) for a in addresses):
        return "This host is not on the public internet."
    return None


def check_endpoint(endpoint: str) -> None:
    problem = endpoint_problem(endpoint)
    if problem is not None:
        raise Invalid(
            "This push address cannot be used.", {"endpoint": [problem]}, code="bad_push_endpoint"
        )


def _hardened_session():
    """Connects only to a public address it checked itself, and follows no redirect."""
    local = current_app.config["PUSH_ALLOW_LOCAL_ENDPOINTS"]
    config = HardenedConfig(
        ip_filter_enable=not local,
        ip_filter_allow_loopback_ips=False,
        never_redirect=True,
        default_timeout=(5, 10),
    )
    return Manager(config).get_session()


# --- sending ------------------------------------------------------------------------------


def push_after_commit(user_id: uuid.UUID, kind: str, payload: dict) -> None:
    enqueue_after_commit(send_push_task, str(user_id), kind, payload)


@huey.task(retries=3, retry_delay=30)
@in_app_context
def send_push_task(user_id: str, kind: str, payload: dict) -> None:
    key = vapid()
    with db.unit_of_work() as session:  # ended before the pushes: nothing held meanwhile
        user = session.get(User, uuid.UUID(user_id))
        if key is None or user is None:
            return
        subscriptions = session.scalars(
            select(PushSubscription).where(PushSubscription.user_id == user.id)
        ).all()
    dutch, english = TEXTS.get(kind, ("Nieuw in Bagage", "New in Bagage"))
    title = (dutch if user.locale == "nl" else english).format(by=payload.get("by", "Iemand"))
    message = json.dumps({**payload, "title": title, "kind": kind})
    dropped = []
    requests_session = _hardened_session()
    for subscription in subscriptions:
        if endpoint_problem(subscription.endpoint) is not None:
            # It was public when the browser subscribed; now it is not (or not allowed).
            log.warning(
                "push endpoint refused, subscription dropped: %s", subscription.endpoint[:60]
            )
            dropped.append(subscription)
            continue
        try:
            webpush(
                {"endpoint": subscription.endpoint,
                 "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
                data=message,
                vapid_private_key=key,
                vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]},
                timeout=10,
                ttl=24 * 3600,
                requests_session=requests_session,
            )  # fmt: skip
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                dropped.append(subscription)  # the browser unsubscribed
            else:
                log.warning("push to %s failed: %s", subscription.endpoint[:60], exc)
        except RequestException as exc:  # refused address, redirect, network trouble
            log.warning("push to %s failed: %s", subscription.endpoint[:60], exc)
    requests_session.close()
    with db.unit_of_work() as session:
        for subscription in dropped:
            session.delete(subscription)
