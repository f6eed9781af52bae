"""Evidence: capture (idempotent by client_uid), the timeline, edits and removal."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, true, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app import access, events
from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier, Evidence, Message, Reflection
from app.errors import Invalid
from app.forgetting import DELETED_ACCOUNT, Forgotten, scrub_rows
from app.people.services import notify
from media import services as media
from media.models import MediaAsset
from media.uploads import SpooledUpload


@dataclass
class NewEvidence:
    title: str = ""
    description: str = ""
    client_uid: str | None = None
    occurred_at: datetime | None = None
    #: "owner", or the role of someone adding on the owner's behalf.
    created_role: str = "owner"
    #: Shared in the conversation: the owner's and the author's until the owner keeps it.
    hidden: bool = False


def owned_dossiers(session: Session, user: User) -> list[Dossier]:
    return list(
        session.scalars(
            select(Dossier).where(Dossier.owner_id == user.id).order_by(Dossier.created_at)
        )
    )


def require_own_evidence(
    session: Session, dossier: Dossier, ids, field: str, *, kind: str | None = None
) -> None:
    """Refuse evidence ids (and, if given, kinds) that are not this dossier's own."""
    if not ids:
        return
    query = select(Evidence.id).where(Evidence.id.in_(ids), Evidence.dossier_id == dossier.id)
    if kind:
        query = query.where(Evidence.kind == kind)
    if set(session.scalars(query)) != set(ids):
        raise Invalid("Choose items from your own dossier.", {field: ["Not in this dossier."]})


def find_by_client_uid(
    session: Session, dossier: Dossier, author: User, client_uid: str | None
) -> Evidence | None:
    """The item this person made earlier with this client_uid. Only their own: someone
    else's retry key never hands them an item of another person."""
    if not client_uid:
        return None
    return session.scalar(
        select(Evidence).where(
            Evidence.dossier_id == dossier.id,
            Evidence.created_by_id == author.id,
            Evidence.client_uid == client_uid,
        )
    )


def create_evidence(
    session: Session,
    actor: User,
    dossier: Dossier,
    data: NewEvidence,
    upload: SpooledUpload | None,
) -> tuple[Evidence, bool]:
    """Add an item to a dossier. Returns (item, created).

    A repeated client_uid returns the item made the first time, so a capture retried after a
    lost response is not doubled (the caller looks first, see dossiers.capture; a retry
    that comes in meanwhile meets the unique key); the same file again returns the item that
    holds it, so its bytes are stored once. Both are per uploader: what someone else added
    (the owner's private items, to a contributor) is never the answer.
    """
    # Inspect before touching the database: it may take seconds (ffprobe), and no
    # transaction should be open meanwhile.
    inspection = media.inspect_upload(upload) if upload is not None else None
    if upload is not None:
        duplicate = media.find_duplicate(session, dossier, actor, upload.sha256)
        if duplicate is not None:
            return duplicate, False
        media.check_quota(session, dossier, 0 if upload.reserved else upload.size)
        # The reads are done: no transaction (nor SQLite's write lock) while the bytes are
        # stored, which on S3 is a whole upload.
        db.checkpoint()
        original = media.put_original(dossier, upload, inspection)

    now = utcnow()
    evidence = Evidence(
        id=uuid.uuid4(),
        dossier=dossier,
        dossier_id=dossier.id,
        title=data.title.strip(),
        description=data.description.strip(),
        client_uid=data.client_uid,
        created_by=actor,
        created_role=data.created_role,
        created_at=now,
        occurred_at=data.occurred_at or now,
        hidden_at=now if data.hidden else None,
        content_sha256=upload.sha256 if upload is not None else None,
        media=[],  # new: it has none, and adding its first file need not ask the database
    )
    if upload is None:
        if not evidence.title and not evidence.description:
            raise Invalid(
                "A note needs a title or some text.",
                {"title": ["Give the note a title or write some text."]},
                code="missing_title",
            )
        evidence.kind = "note"
        evidence.status = "ready"
    else:
        evidence.kind = inspection.kind
        evidence.status = "pending"
        evidence.processing_progress = 0 if inspection.kind in ("video", "audio") else None
        if data.occurred_at is None and inspection.taken_at is not None:
            evidence.occurred_at = inspection.taken_at
    try:
        with session.begin_nested():
            session.add(evidence)
            session.flush()
    except IntegrityError:
        # Another request with the same client_uid, or the same file by the same uploader, won
        # the race: that item is the answer, and these bytes (stored under a key of their own)
        # are not needed.
        existing = find_by_client_uid(session, dossier, actor, data.client_uid)
        if existing is None and upload is not None:
            existing = media.find_duplicate(session, dossier, actor, upload.sha256)
        if existing is None:
            raise
        if upload is not None:
            original.discard()
        return existing, False
    if upload is not None:
        media.add_original(session, evidence, original, upload, inspection)
    return evidence, True


@dataclass
class TimelineFilter:
    kind: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None


@dataclass
class Page:
    items: list[Evidence]
    next_cursor: str | None


def list_evidence(
    session: Session,
    dossier: Dossier,
    filters: TimelineFilter,
    *,
    limit: int,
    cursor: str | None,
    visible=None,
) -> Page:
    """Newest first, by keyset on (occurred_at, id): stable while items are being added.

    `visible` is the access policy's condition for the viewer (everything for the owner).
    """
    query = (
        select(Evidence)
        .where(Evidence.dossier_id == dossier.id)
        .where(visible if visible is not None else true())
        .options(joinedload(Evidence.created_by))
        .order_by(Evidence.occurred_at.desc(), Evidence.id.desc())
        .limit(limit + 1)
    )
    if filters.kind:
        query = query.where(Evidence.kind == filters.kind)
    if filters.occurred_from:
        query = query.where(Evidence.occurred_at >= filters.occurred_from)
    if filters.occurred_to:
        query = query.where(Evidence.occurred_at < filters.occurred_to)
    if cursor:
        after_time, after_id = decode_cursor(cursor)
        # The row-value form is an index condition on ix_evidence_timeline (read backwards);
        # spelled out with OR it is a filter over every row before the cursor.
        query = query.where(
            tuple_(Evidence.occurred_at, Evidence.id) < tuple_(after_time, after_id)
        )
    rows = list(session.scalars(query))
    more = len(rows) > limit
    items = rows[:limit]
    _load_media(session, items)
    next_cursor = encode_cursor(items[-1]) if more and items else None
    return Page(items=items, next_cursor=next_cursor)


#: The files of a page's items, in a statement built once. selectinload composed its
#: statement anew for every page, which took more of a core than loading the rows.
_MEDIA_OF_ITEMS = select(MediaAsset).where(
    MediaAsset.evidence_id.in_(bindparam("item_ids", expanding=True))
)


def _load_media(session: Session, items: list[Evidence]) -> None:
    if not items:
        return
    media_of = {item.id: [] for item in items}
    for asset in session.scalars(_MEDIA_OF_ITEMS, {"item_ids": list(media_of)}):
        media_of[asset.evidence_id].append(asset)
    for item in items:
        set_committed_value(item, "media", media_of[item.id])


def encode_cursor(evidence: Evidence) -> str:
    raw = json.dumps([evidence.occurred_at.isoformat(), evidence.id.hex])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when, ident = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(when), uuid.UUID(ident)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise Invalid("The cursor is not valid.", {"cursor": ["Not a valid cursor."]}) from exc


def announce_new_evidence(session: Session, actor: User, evidence: Evidence) -> None:
    """Tell the dossier's open screens, and the owner when someone else added it (the
    others hear of it once the owner keeps it: until then it is not theirs to see)."""
    events.publish(session, evidence.dossier_id, "evidence_created", {"id": str(evidence.id)})
    if evidence.dossier.owner_id != actor.id:
        _tell_about_on_behalf(session, evidence, {evidence.dossier.owner_id})


def _tell_about_on_behalf(session: Session, evidence: Evidence, recipients: set) -> None:
    author = evidence.created_by
    for recipient in recipients - {evidence.created_by_id}:
        notify(
            session, recipient, "on_behalf_evidence", evidence.dossier_id,
            {"evidence_id": str(evidence.id),
             "by": author.display_name if author else evidence.created_by_name,
             "role": evidence.created_role, "title": evidence.title},
        )  # fmt: skip


def review_evidence(session: Session, evidence: Evidence, action: str) -> Evidence:
    """The owner's decision on an item: kept (or shown again) it is shared by the grants,
    hidden it is the owner's alone. Either way the owner has reviewed it."""

    seen_by = access.evidence_audience(session, evidence)  # who saw it until now
    kept_now = access.awaits_owner(evidence) and action != "hide"
    if action == "hide":
        evidence.hidden_at = utcnow()
    else:  # keep, or show again: both are the owner's consent to share it
        evidence.hidden_at = None
    evidence.reviewed_at = evidence.reviewed_at or utcnow()
    session.flush()
    if kept_now:
        # Kept: those who reflect or contribute here and may now see it are told (the
        # coordinator hears about what the employer added), not those who only look.
        grantees = {g.grantee_id for g in access.participating_grants(session, evidence.dossier)}
        audience = {uuid.UUID(i) for i in access.evidence_audience(session, evidence)}
        _tell_about_on_behalf(session, evidence, grantees & audience)
    events.publish(
        session, evidence.dossier_id, "evidence_updated",
        {"id": str(evidence.id), "_audience": seen_by},
    )  # fmt: skip
    return evidence


def update_evidence(session: Session, evidence: Evidence, changes: dict) -> Evidence:
    for field in ("title", "description", "occurred_at"):
        if field in changes:
            value = changes[field]
            setattr(evidence, field, value.strip() if isinstance(value, str) else value)
    if evidence.kind == "note" and not evidence.title and not evidence.description:
        raise Invalid(
            "A note needs a title or some text.",
            {"title": ["Give the note a title or write some text."]},
            code="missing_title",
        )
    session.flush()
    events.publish(session, evidence.dossier_id, "evidence_updated", {"id": str(evidence.id)})
    return evidence


def delete_evidence(session: Session, evidence: Evidence) -> None:
    """Remove the item and, after the commit, its files; those who saw it hear it is gone."""
    dossier_id, evidence_id = evidence.dossier_id, evidence.id
    audience = access.evidence_audience(session, evidence)
    media.release_media(session, evidence)
    session.delete(evidence)
    session.flush()
    events.publish(
        session, dossier_id, "evidence_deleted", {"id": str(evidence_id), "_audience": audience}
    )


def forget_person(session: Session, user: User) -> None:
    """What they added to or said in someone else's dossier stays there, by a deleted
    account; the conversation no longer names or mentions them."""
    for evidence in session.scalars(select(Evidence).where(Evidence.created_by_id == user.id)):
        evidence.created_by_name = DELETED_ACCOUNT
    for reflection in session.scalars(select(Reflection).where(Reflection.author_id == user.id)):
        reflection.author_name = DELETED_ACCOUNT
    scrub_rows(session, Message, Forgotten.of(user))
