from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow


class CV(Base):
    """The online CV the owner curates from their dossier: only what they select is shown."""

    __tablename__ = "cvs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), unique=True
    )
    headline: Mapped[str] = mapped_column(String(200), default="")
    introduction: Mapped[str] = mapped_column(Text, default="")
    #: Shown only if filled in: the owner decides how recruiters reach them.
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    photo_evidence_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    #: [{institution, area, study_type, start, end}]
    education: Mapped[list] = mapped_column(JSON, default=list)
    #: [{name, position, start, end, summary, internship: bool}]
    work: Mapped[list] = mapped_column(JSON, default=list)
    #: Competency item ids (as strings) the CV shows, each with the evidence that shows it.
    competency_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: Evidence ids (as strings) shown: photos, videos, documents.
    evidence_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: Internship reports (ids as strings) the owner shows as confirmed: each signed by someone.
    report_ids: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    #: Levels the workplace gave (reflection ids as strings) the owner shows on the CV.
    level_ids: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ShareLink(Base):
    """A link for recruiters: unguessable, optionally expiring, revocable at once."""

    __tablename__ = "share_links"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cv_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cvs.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    view_count: Mapped[int] = mapped_column(default=0)
    last_viewed_at: Mapped[datetime | None]
