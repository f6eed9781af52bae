"""Capture: what someone adds to a dossier (a file, or a note) becomes evidence, announced.

The one way in for new evidence: a multipart form, a finished tus upload and a file shared in
the conversation all go through `capture`, so retries by client_uid, the same file stored once
per uploader, the quota, the role it was added in and who is told are the same for each.
"""

from __future__ import annotations

import dataclasses
import re
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy.orm import Session

from app import access
from app.accounts.models import User
from app.db import db
from app.dossiers import reflections, services
from app.dossiers.models import Dossier, Evidence, Message
from app.errors import DomainError, Invalid
from media import resumable
from media.models import ResumableUpload
from media.uploads import SpooledUpload

Received = AbstractContextManager[SpooledUpload | None]


def capture(
    session: Session,
    actor: User,
    dossier: Dossier,
    details: services.NewEvidence,
    received: Received,
) -> tuple[Evidence, bool]:
    """Add an item to a dossier the caller has checked the actor may contribute to.
    Returns (item, created); the role it is added in is the actor's in this dossier.

    `received` yields the spooled bytes (None for a note); it is entered only when they are
    needed, after the commit: a retried client_uid is answered without them.
    """
    existing = services.find_by_client_uid(session, dossier, actor, details.client_uid)
    if existing is not None:
        return existing, False
    details = dataclasses.replace(
        details, created_role=access.access_to(session, actor, dossier).role
    )
    db.checkpoint()  # no transaction (nor SQLite lock) while the file is hashed and inspected
    with received as upload:
        evidence, created = services.create_evidence(session, actor, dossier, details, upload)
    if created and evidence.hidden_at is None:  # a hidden item is not others' to hear of
        services.announce_new_evidence(session, actor, evidence)
    return evidence, created


def share_in_conversation(
    session: Session, actor: User, dossier: Dossier, body: str, received: Received
) -> Message:
    """A file shared in the conversation: a hidden item (the owner's and the author's) until
    the owner keeps it as evidence, and a message that carries it."""
    details = services.NewEvidence(title=body[:200], hidden=True)
    evidence, created = capture(session, actor, dossier, details, received)
    if created and not evidence.title:
        evidence.title = evidence.asset("original").original_filename
    role = access.access_to(session, actor, dossier).role
    return reflections.post_message(session, actor, role, dossier, body=body, attachment=evidence)


def complete_upload(session: Session, actor: User, item: ResumableUpload) -> Evidence:
    """All bytes of a tus upload are in: make the evidence, or drop the bytes and say why."""
    try:
        dossier = access.contributable_dossier(session, actor, item.dossier_id)
        details = _details_of(item.upload_metadata)
        evidence, _ = capture(session, actor, dossier, details, resumable.completed_file(item))
    except DomainError:
        db.rollback()
        resumable.discard_upload(session, session.get(ResumableUpload, item.id))
        db.checkpoint()  # the upload is dropped, although the answer is an error
        raise
    item.evidence_id = evidence.id
    part = resumable.part_path(item)
    db.after_commit(lambda: part.unlink(missing_ok=True))  # stored as the original by now
    return evidence


def _details_of(metadata: dict[str, str]) -> services.NewEvidence:
    """The evidence fields sent as tus Upload-Metadata, checked as the form checks them."""
    return services.NewEvidence(
        title=metadata.get("title", "")[:200],
        description=metadata.get("description", ""),
        client_uid=_client_uid(metadata.get("client_uid")),
        occurred_at=_parse_time(metadata.get("occurred_at")),
    )


def _client_uid(value: str | None) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"[A-Za-z0-9._:-]{8,64}", value):
        raise Invalid("client_uid is not valid.", {"client_uid": ["Use 8-64 letters or digits."]})
    return value


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Invalid("occurred_at is not a date.", {"occurred_at": ["Not a date."]}) from exc
    if parsed.tzinfo is None:
        raise Invalid("occurred_at needs a time zone.", {"occurred_at": ["Add a time zone."]})
    return parsed
