"""Owning one's professional growth: the development plan (POP), the professionalisation
log against the entitlement, and confidential coaching notes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.crypto import EncryptedText
from app.db import Base, new_id, utcnow

GOAL_STATUSES = ("planned", "in_progress", "achieved", "dropped")
ACTIVITY_KINDS = (
    "course", "study_day", "conference", "peer_observation", "intervision", "coaching",
    "reading", "online_learning", "other",
)  # fmt: skip


class GrowthSettings(Base):
    """A person's working time and, where their contract differs, their own entitlement."""

    __tablename__ = "growth_settings"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    fte: Mapped[Decimal] = mapped_column(Numeric(4, 3), default=Decimal("1.000"))
    #: None: the instance's hours per full-time job × FTE.
    hours_override: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    #: None: the instance's budget.
    budget_override: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    #: The first school year whose unspent budget the person saves (an agreement with the
    #: employer under the CAO PO); None: nothing is saved, each year stands alone.
    saving_since: Mapped[int | None]


class Goal(Base):
    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint(
            "status IN ('planned', 'in_progress', 'achieved', 'dropped')", name="status"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    #: The school year the goal belongs to, by the year it starts in (2026 = 2026/27).
    school_year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None]
    planned_activities: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")
    competency_ids: Mapped[list] = mapped_column(JSON, default=list)
    evidence_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: [{"model", "content", "at"}]: the owner's reflections on progress, over time.
    progress_notes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Activity(Base):
    """A professionalisation activity, done or planned."""

    __tablename__ = "activities"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    on_date: Mapped[date]
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("0"))
    cost: Mapped[Decimal] = mapped_column(Numeric(9, 2), default=Decimal("0"))
    provider: Mapped[str] = mapped_column(String(200), default="")
    #: Planned activities count as planned hours until they are done.
    planned: Mapped[bool] = mapped_column(default=False)
    #: Required by the school ("verplicht") rather than chosen by the teacher ("zelf gekozen").
    required: Mapped[bool] = mapped_column(default=False, server_default=false())
    certificate_evidence_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    goal_ids: Mapped[list] = mapped_column(JSON, default=list)
    competency_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class YearReview(Base):
    """Looking back on a school year: what came of the plan, in the teacher's own words."""

    __tablename__ = "year_reviews"
    __table_args__ = (UniqueConstraint("dossier_id", "school_year"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    school_year: Mapped[int]
    reflection: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CoachingNote(Base):
    """A coach's session note: the coach and the owner read it, nobody else."""

    __tablename__ = "coaching_notes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    coach_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The coach's name when they are not a user here (a note brought along by an import).
    coach_name: Mapped[str] = mapped_column(String(200), default="")
    coach = relationship("User", lazy="joined")
    session_date: Mapped[date]
    #: Encrypted at rest: a database dump alone does not reveal it.
    body: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
