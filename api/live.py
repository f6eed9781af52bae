"""Live events of a dossier as Server-Sent Events.

Reconnecting clients send Last-Event-ID (browsers do it by themselves) and get every event
they missed, from the stored events, before new ones. Every event passes the access policy
for the listener (app.access.event_visible), and access is looked at again before each
batch: when it has ended, `access_ended` is the last event and the stream closes.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC

from flask import Response, current_app, request, stream_with_context
from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from app import access
from app.accounts.models import User
from app.auth import acting_user
from app.db import db, utcnow
from app.events import broker, events_after, last_seq
from app.people import caseload
from app.people.services import bell_state

PREFIX = ""
blp = Blueprint("live", __name__, description="Live events")

#: How long one stream lives before the client reconnects.
STREAM_SECONDS = 300


@blp.route("/dossiers/<uuid:dossier_id>/events", methods=["GET"])
@blp.response(
    200,
    description="ready, first, with the cursor to resume from; evidence_created, "
    "evidence_updated, evidence_deleted, reflection_added, message_posted, report_changed, "
    "internship_changed: only what the listener may see; access_ended, last, when the "
    "listener's access ends (the stream then closes)",
    content_type="text/event-stream",
)
@login_required
@reading.logged
def dossier_events(dossier_id: uuid.UUID):
    """Events as they happen; send Last-Event-ID to get what you missed."""
    user = acting_user()
    dossier = access.viewable_dossier(db.session(), user, dossier_id)
    after = _last_event_id()
    if after is None:
        after = last_seq(db.session(), dossier.id)
    # Following along is one read per hour, however often the stream reconnects.
    reading.record(dossier, "read_live", dossier.id)

    @stream_with_context
    def stream():
        nonlocal after
        deadline = time.monotonic() + STREAM_SECONDS
        # Listening before the first look: what happens meanwhile wakes the stream.
        with broker.listener(dossier.id, user.id) as listener:
            # `ready` carries the cursor at once: a reconnect before the first event resumes
            # from here, and a client that loaded its screen before the stream began knows to
            # load again.
            yield f"retry: 2000\n\nid: {after}\nevent: ready\ndata: {{}}\n\n"
            look, expires = True, float("inf")
            while time.monotonic() < deadline:
                if look:
                    session = db.session()
                    # Access is looked at again before every batch: a grant may have ended.
                    seen = access.current_access(session, user, dossier)
                    if not seen.sees_dossier:
                        db.checkpoint()  # nothing held while the client reads the end
                        yield "event: access_ended\ndata: {}\n\n"
                        return
                    events = events_after(session, dossier.id, after)
                    shown = [
                        (event.seq, event.kind, access.public_payload(event.payload))
                        for event in events
                        if access.event_visible(session, user, dossier, seen, event.kind,
                                                event.payload)
                    ]  # fmt: skip
                    until_expiry = _seconds_until(seen.grant.expires_at if seen.grant else None)
                    expires = time.monotonic() + until_expiry
                    db.checkpoint()  # end the read at once: nothing is held while waiting
                    if events:
                        after = events[-1].seq
                    for seq, kind, payload in shown:
                        data = json.dumps({"kind": kind, **payload})
                        yield f"id: {seq}\nevent: {kind}\ndata: {data}\n\n"
                    if events:
                        continue
                # Wake up when the grant expires, too: nothing else would say so.
                keepalive = current_app.config["LIVE_KEEPALIVE_SECONDS"]
                look = listener.wait(max(0.0, min(keepalive, expires - time.monotonic())))
                if not look:
                    yield ": keepalive\n\n"
                    look = _look_unwoken() or time.monotonic() >= expires

    return _event_stream(stream())


@blp.route("/me/events", methods=["GET"])
@blp.response(
    200,
    description="notifications: {unread}, at the start and whenever a notification arrives "
    "or is read; caseload: {}, whenever something you may see happens in a dossier you "
    "support, you open one, or whom you support changes (fetch GET /caseload then)",
    content_type="text/event-stream",
)
@login_required
def my_events():
    """The bell and the caseload, live: the number of unread notifications as it changes,
    and a sign to fetch the caseload again. Send Last-Event-ID to hear of what you missed."""
    user_id = acting_user().id
    after = _last_event_id()
    if after is None:
        after = caseload.last_seq(db.session())

    @stream_with_context
    def stream():
        nonlocal after
        deadline = time.monotonic() + STREAM_SECONDS
        with broker.listener(user_id) as listener:
            yield "retry: 2000\n\n"
            shown = standing = None
            look = True
            while time.monotonic() < deadline:
                if look:
                    session = db.session()
                    state = bell_state(session, user_id)
                    # The dossiers supported now are listened to before their events are
                    # looked up: an event meanwhile wakes the stream.
                    pulse = caseload.pulse(
                        session, session.get(User, user_id), after,
                        listening=lambda ids: listener.listen_to(user_id, ids),
                    )  # fmt: skip
                    db.checkpoint()  # end the read at once: nothing is held while waiting
                    spoke = False
                    if state != shown:
                        shown, spoke = state, True
                        yield f"event: notifications\ndata: {json.dumps({'unread': state[0]})}\n\n"
                    if pulse.news or standing not in (None, pulse.standing):
                        spoke = True
                        yield f"id: {pulse.seq}\nevent: caseload\ndata: {{}}\n\n"
                    standing = pulse.standing
                    if spoke or pulse.seq != after:
                        after = pulse.seq
                        continue
                look = listener.wait(current_app.config["LIVE_KEEPALIVE_SECONDS"])
                if not look:
                    yield ": keepalive\n\n"
                    look = _look_unwoken()

    return _event_stream(stream())


def _look_unwoken() -> bool:
    """Whether a stream that nothing woke looks again at its keep-alive: only when wake-ups
    from other processes may not reach it (several processes without Redis). Otherwise it
    looks when woken, and a stream ends after STREAM_SECONDS anyway."""
    return not broker.relays


def _last_event_id() -> int | None:
    """The event the client saw last, when it says so in a way that can be one (ASCII digits
    that fit the sequence); otherwise None: it starts from now."""
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id") or ""
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


def _seconds_until(moment) -> float:
    if moment is None:
        return float("inf")
    if moment.tzinfo is None:  # SQLite gives naive UTC times back
        moment = moment.replace(tzinfo=UTC)
    return max(0.05, (moment - utcnow()).total_seconds() + 0.05)


def _event_stream(body) -> Response:
    response = Response(body, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # proxies must not hold events back
    return response
