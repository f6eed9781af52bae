"""Reflections from every role, side by side, and the conversation around a dossier."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from app import events
from app.access import (
    coaching_readers,
    is_coaching,
    owned_reflection,
    participating_grants,
)
from app.accounts.models import User
from app.db import utcnow
from app.dossiers.models import (
    REFLECTION_FIELDS,
    Dossier,
    Evidence,
    Message,
    Reflection,
    ReflectionVersion,
)
from app.errors import Conflict, Invalid
from app.people.services import notify
from competencies.models import EvidenceLink, FrameworkItem
from competencies.services import rating_levels


def _clean_content(model: str, content: dict) -> dict:
    allowed = REFLECTION_FIELDS[model]
    unknown = set(content) - set(allowed)
    if unknown:
        raise Invalid(
            f"The {model} model has no {', '.join(sorted(unknown))}.",
            {"content": [f"Use: {', '.join(allowed)}."]},
        )
    cleaned = {key: str(content.get(key, "")).strip()[:10_000] for key in allowed}
    if not any(cleaned.values()):
        raise Invalid("Write something first.", {"content": ["Empty."]}, code="empty_reflection")
    return cleaned


def _level(session: Session, item_id, level: int | None) -> tuple[int | None, str]:
    """A level must exist on the competency's rating scale; its label is kept with it."""
    if level is None:
        return None, ""
    if item_id is None:
        raise Invalid("A level belongs to a competency.", {"level": ["Choose a competency."]})
    item = session.get(FrameworkItem, item_id)
    for entry in rating_levels(session, item.framework_id):
        if entry.get("position") == level:
            return level, entry.get("quality", "")
    raise Invalid("This level is not on the competency's scale.", {"level": ["Unknown level."]})


def _linked_item(session: Session, evidence: Evidence, item_id):
    if item_id is None:
        return None
    linked = session.scalar(
        select(EvidenceLink.id).where(
            EvidenceLink.evidence_id == evidence.id, EvidenceLink.item_id == item_id
        )
    )
    if linked is None:
        raise Invalid(
            "Link the evidence to this competency first.",
            {"item_id": ["Not linked to this evidence."]},
        )
    return item_id


def add_reflection(
    session: Session,
    author: User,
    role: str,
    evidence: Evidence,
    *,
    model: str,
    content: dict,
    item_id: uuid.UUID | None = None,
    level: int | None = None,
) -> Reflection:
    item_id = _linked_item(session, evidence, item_id)
    level, label = _level(session, item_id, level)
    reflection = Reflection(
        evidence_id=evidence.id,
        item_id=item_id,
        author_id=author.id,
        author_role=role,
        model=model,
        content=_clean_content(model, content),
        level=level,
        level_label=label,
    )
    session.add(reflection)
    session.flush()
    return reflection


def reflect(session: Session, author: User, role: str, evidence: Evidence, **fields) -> Reflection:
    """A reflection someone writes now: open screens hear of it (coaching: the owner's and
    the coach's only), and the owner and whoever added the item are told."""
    reflection = add_reflection(session, author, role, evidence, **fields)
    readers = coaching_readers(evidence.dossier, reflection)
    payload = {"id": str(reflection.id), "evidence_id": str(evidence.id)}
    if readers is not None:
        payload["_readers"] = readers
    events.publish(session, evidence.dossier_id, "reflection_added", payload)
    told = {evidence.dossier.owner_id}
    if readers is None:  # whoever added the item hears of reflections, not of coaching
        told.add(evidence.created_by_id)
    for recipient in told - {author.id, None}:
        notify(
            session, recipient, "reflection", evidence.dossier_id,
            {"evidence_id": str(evidence.id), "by": author.display_name, "role": role},
        )  # fmt: skip
    return reflection


def edit_reflection(session: Session, reflection: Reflection, changes: dict) -> Reflection:
    """The earlier wording is kept as a version: edits keep their history."""
    session.add(
        ReflectionVersion(
            reflection_id=reflection.id,
            content=reflection.content,
            level=reflection.level,
            level_label=reflection.level_label,
            created_at=reflection.updated_at,
        )
    )
    if "content" in changes:
        reflection.content = _clean_content(reflection.model, changes["content"])
    if "level" in changes:
        reflection.level, reflection.level_label = _level(
            session, reflection.item_id, changes["level"]
        )
    reflection.updated_at = utcnow()
    # The owner shared the words they read; new words are the coach's and theirs again.
    reflection.shared_at = None
    session.flush()
    return reflection


def share_reflection(session: Session, owner: User, reflection_id, shared: bool) -> Reflection:
    """The owner shares a coach's reflection with everyone who has access, or takes it back."""
    reflection = owned_reflection(session, owner, reflection_id)
    if not is_coaching(reflection):
        raise Conflict(
            "Only a coach's reflection is kept between you and your coach; this one is "
            "already shared.",
            code="not_coaching",
        )
    reflection.shared_at = utcnow() if shared else None
    session.flush()
    return reflection


def withdraw_reflection(session: Session, reflection: Reflection) -> None:
    reflection.withdrawn_at = utcnow()
    session.flush()


def reflections_on(
    session: Session, evidence: Evidence, readable: ColumnElement[bool] | None = None
) -> list[Reflection]:
    """`readable`: the reader's condition from app.access (coaching stays private)."""
    return list(
        session.scalars(
            select(Reflection)
            .where(Reflection.evidence_id == evidence.id, Reflection.withdrawn_at.is_(None))
            .where(readable if readable is not None else true())
            .order_by(Reflection.created_at)
        )
    )


@dataclass
class Perspective:
    role: str
    reflections: list[Reflection] = field(default_factory=list)

    @property
    def levels(self) -> list[tuple]:
        """(when, level, label) over time: how this role's view developed."""
        return [(r.created_at, r.level, r.level_label) for r in self.reflections if r.level]


ROLE_ORDER = ("owner", "coordinator", "employer", "mentor", "coach", "teacher", "other")


def perspectives(
    session: Session, dossier: Dossier, item_id: uuid.UUID, visible, readable
) -> list[Perspective]:
    """Every role's reflections on one competency in this dossier, side by side. `visible`
    limits the evidence, `readable` the reflections to what the reader may see."""
    rows = session.scalars(
        select(Reflection)
        .join(Evidence, Evidence.id == Reflection.evidence_id)
        .where(
            Evidence.dossier_id == dossier.id,
            Reflection.item_id == item_id,
            Reflection.withdrawn_at.is_(None),
            visible,
            readable,
        )
        .order_by(Reflection.created_at)
    )
    by_role: dict[str, Perspective] = {}
    for reflection in rows:
        by_role.setdefault(reflection.author_role, Perspective(reflection.author_role))
        by_role[reflection.author_role].reflections.append(reflection)
    return sorted(
        by_role.values(),
        key=lambda p: ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else len(ROLE_ORDER),
    )


# --- the conversation -------------------------------------------------------------------


@dataclass
class Participant:
    user: User
    role: str


def conversation_participants(session: Session, dossier: Dossier) -> list[Participant]:
    """Who takes part in the conversation now: the owner, and those whose access lets them
    reflect or contribute. Only they can be mentioned."""
    people = [Participant(session.get(User, dossier.owner_id), "owner")]
    seen = {dossier.owner_id}
    for grant in participating_grants(session, dossier):
        if grant.grantee_id not in seen:
            seen.add(grant.grantee_id)
            people.append(Participant(session.get(User, grant.grantee_id), grant.role))
    return people


def post_message(
    session: Session,
    author: User,
    role: str,
    dossier: Dossier,
    *,
    body: str,
    mentions: list[uuid.UUID] = (),
    attachment: Evidence | None = None,
    coaching: bool | None = None,
) -> Message:
    """A coach's messages are coaching (owner and coach only) unless the coach writes to
    everyone (`coaching=False`); nobody else writes coaching."""
    body = body.strip()
    if not body and attachment is None:
        raise Invalid("Write a message first.", {"body": ["Empty."]})
    coaching = role == "coach" and coaching is not False
    may_be_mentioned = {p.user.id for p in conversation_participants(session, dossier)}
    if coaching:  # a mention would tell someone else the message exists
        may_be_mentioned &= {dossier.owner_id}
    if set(mentions) - may_be_mentioned:
        raise Invalid(
            "Only people in this conversation can be mentioned.", {"mentions": ["Unknown."]}
        )
    message = Message(
        dossier_id=dossier.id,
        author_id=author.id,
        author_role=role,
        body=body[:10_000],
        coaching=coaching,
        mentions=sorted(str(m) for m in set(mentions)),
        evidence_id=attachment.id if attachment is not None else None,
    )
    session.add(message)
    session.flush()
    _announce_message(session, author, dossier, message, mentions)
    return message


def _announce_message(
    session: Session, author: User, dossier: Dossier, message: Message, mentions
) -> None:
    """Open screens hear of it (a coaching message: the owner's and the coach's only); those
    mentioned are told."""
    payload = {"id": str(message.id)}
    readers = coaching_readers(dossier, message)
    if readers is not None:
        payload["_readers"] = readers
    events.publish(session, dossier.id, "message_posted", payload)
    for mentioned in mentions:
        if mentioned != author.id:
            notify(
                session, mentioned, "mention", dossier.id,
                {"message_id": str(message.id), "by": author.display_name},
            )  # fmt: skip


def messages_of(
    session: Session, dossier: Dossier, readable: ColumnElement[bool], limit: int = 200
) -> list[Message]:
    """`readable`: the reader's condition from app.access (coaching stays private)."""
    rows = session.scalars(
        select(Message)
        .where(Message.dossier_id == dossier.id, readable)
        .order_by(Message.created_at.desc())
        .limit(limit)
    )
    return list(reversed(list(rows)))
