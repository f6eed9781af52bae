from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.crypto import EncryptedJSON
from app.db import Base, new_id, utcnow

EVIDENCE_KINDS = ("photo", "video", "audio", "note", "document")
PROCESSING_STATES = ("pending", "ready", "failed")


class Dossier(Base):
    """A person's portfolio. It belongs to its owner, never to an organisation."""

    __tablename__ = "dossiers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    owner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Bytes of the originals its items hold, what its quota counts: kept in step as files
    #: come and go (media.services), so a capture does not add up a big dossier's files.
    stored_bytes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    owner: Mapped[User] = relationship()


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint("kind IN ('photo', 'video', 'audio', 'note', 'document')", name="kind"),
        CheckConstraint("status IN ('pending', 'ready', 'failed')", name="status"),
        # Retrying a capture with the same client_uid must never make a second item; the key
        # is the uploader's own, so another person's same key is no collision (and no leak).
        UniqueConstraint(
            "dossier_id",
            "created_by_id",
            "client_uid",
            name="uq_evidence_dossier_author_client_uid",
        ),
        # The same file twice from one uploader is one item, even when both arrive at once;
        # notes, imported items and copies that predate this rule carry no hash.
        Index(
            "uq_evidence_dossier_author_content",
            "dossier_id",
            "created_by_id",
            "content_sha256",
            unique=True,
            sqlite_where=text("content_sha256 IS NOT NULL"),
            postgresql_where=text("content_sha256 IS NOT NULL"),
        ),
        # The timeline reads newest first within one dossier.
        Index("ix_evidence_timeline", "dossier_id", "occurred_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: When it happened: EXIF DateTimeOriginal or the video's creation time, else upload time.
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: Who added it; differs from the dossier owner when added on the owner's behalf.
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="pending")
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    client_uid: Mapped[str | None] = mapped_column(String(64))
    #: The sha256 of the original as its uploader sent it: the key of the one-item-per-file rule.
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    #: 0-100 while a video or audio recording is being converted.
    processing_progress: Mapped[int | None]
    processing_attempts: Mapped[int] = mapped_column(default=0)
    #: Last sign of life from a worker; the sweep re-enqueues items that went quiet.
    processing_heartbeat_at: Mapped[datetime | None]
    #: When faces were looked for (photos and videos); None: not yet (items from before).
    faces_checked_at: Mapped[datetime | None]
    #: The owner changed which faces are blurred and the copies others see are being made again.
    faces_pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The author's name when they are not (or no longer) a user here: imported dossiers.
    created_by_name: Mapped[str] = mapped_column(String(120), default="")
    #: The role in which created_by added it: "owner", or the grant's role (coordinator, ...).
    created_role: Mapped[str] = mapped_column(String(16), default="owner")
    #: Hidden: with reviewed_at set the owner hid it (the owner alone sees it); without, a
    #: conversation attachment not yet taken into the dossier (the owner and its author).
    hidden_at: Mapped[datetime | None]
    #: The owner decided on an item added on their behalf (kept, or hidden); until then only
    #: the owner and its author see it (app/access.py: awaits_owner).
    reviewed_at: Mapped[datetime | None]

    dossier: Mapped[Dossier] = relationship()
    created_by: Mapped[User | None] = relationship()
    # MediaAsset (media.models) builds on evidence, so it is only named here, not imported;
    # the mapper finds it by that name.
    media: Mapped[list[MediaAsset]] = relationship(  # noqa: F821
        back_populates="evidence", cascade="all, delete-orphan", passive_deletes=True
    )

    def asset(self, role: str) -> MediaAsset | None:  # noqa: F821
        return next((m for m in self.media if m.role == role), None)


REFLECTION_MODELS = ("free", "starr", "korthagen")
#: The prompts of each model, in order; the app asks them, the API stores the answers.
REFLECTION_FIELDS = {
    "free": ("text",),
    "starr": ("situatie", "taak", "actie", "resultaat", "reflectie"),
    "korthagen": ("handelen", "terugblikken", "bewustwording", "alternatieven", "uitproberen"),
}


class Reflection(Base):
    """One person's reflection on an evidence item, optionally on one of its competencies."""

    __tablename__ = "reflections"
    __table_args__ = (
        CheckConstraint("model IN ('free', 'starr', 'korthagen')", name="model"),
        Index("ix_reflections_evidence", "evidence_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    evidence_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    item_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("framework_items.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: "owner" or the author's role towards the owner (coordinator, employer, mentor, ...).
    author_role: Mapped[str] = mapped_column(String(16))
    #: The author's name when they are not a user here (an imported dossier).
    author_name: Mapped[str] = mapped_column(String(120), default="")
    #: The system a comment was imported from ("mahara": a Leap2A export), shown with the
    #: author's name; empty for reflections written in Bagage.
    imported_from: Mapped[str] = mapped_column(String(16), default="", server_default="")
    model: Mapped[str] = mapped_column(String(16), default="free")
    #: Encrypted at rest: a database dump alone does not reveal what people wrote.
    content: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    #: A level on the competency's rating scale (its position, and its label as given).
    level: Mapped[int | None]
    level_label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    #: When the owner shared this coach reflection with everyone who has access (a coach's
    #: words are otherwise the owner's and the coach's only; see app.access).
    shared_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship()
    versions: Mapped[list[ReflectionVersion]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReflectionVersion.created_at"
    )


class ReflectionVersion(Base):
    """An earlier wording of a reflection: edits keep their history."""

    __tablename__ = "reflection_versions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    reflection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reflections.id", ondelete="CASCADE"), index=True
    )
    content: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    level: Mapped[int | None]
    level_label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Message(Base):
    """The conversation around a dossier, between the owner and the people they let in."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_dossier_time", "dossier_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_role: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    #: Written as coaching (a coach's messages are, unless the coach says otherwise): the
    #: owner and its author read it, nobody else (see app.access).
    coaching: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: User ids mentioned with @, notified.
    mentions: Mapped[list] = mapped_column(JSON, default=list)
    #: Evidence made from this message's attachment, or an item it points to.
    evidence_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
