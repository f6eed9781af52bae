from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.crypto import EncryptedText
from app.db import Base, new_id, utcnow


class InternshipReport(Base):
    """A stageverslag: an internship's period, its evidence, everyone's reflections, and the
    sign-off by employer and coordinator."""

    __tablename__ = "internship_reports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    internship: Mapped[str] = mapped_column(String(200), default="")
    #: The internship it reports on, when it was set up in the app (its supervisor signs).
    internship_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("internships.id", ondelete="SET NULL"), index=True
    )
    period_start: Mapped[date]
    period_end: Mapped[date]
    #: None: every item of the period; otherwise only these evidence ids.
    evidence_ids: Mapped[list | None] = mapped_column(JSON)
    hours: Mapped[float | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    #: The language it is written and printed in: "nl" or "en".
    language: Mapped[str] = mapped_column(String(2), default="nl", server_default="nl")
    #: [{"role", "name", "user_id", "signed_at"}]
    signoffs: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: The author's name when they are not a user here (a report brought along by an import).
    created_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: When the author sent it for signature (None: still being written); signers are told.
    ready_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VideoLink(Base):
    """The address a printed report's QR code gives for one video: no login needed, until it
    expires or the dossier's owner revokes it. The token is kept encrypted (so the report
    prints the same code again) and as a hash (to find the link by)."""

    __tablename__ = "report_video_links"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    report_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("internship_reports.id", ondelete="CASCADE"), index=True
    )
    evidence_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    view_count: Mapped[int] = mapped_column(default=0)
    last_viewed_at: Mapped[datetime | None]
