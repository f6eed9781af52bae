from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, event, false, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, new_id, utcnow
from app.dossiers.models import Evidence


class Framework(Base):
    """A competency framework or learning line (a CASE CFDocument)."""

    __tablename__ = "frameworks"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    #: The CASE identifier: stable across instances, so re-imports update in place.
    identifier: Mapped[str] = mapped_column(String(64), unique=True)
    uri: Mapped[str] = mapped_column(String(500), default="")
    title: Mapped[str] = mapped_column(String(500))
    creator: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    version: Mapped[str] = mapped_column(String(100), default="")
    last_change: Mapped[str] = mapped_column(String(40), default="")
    #: Bagage's own built-in packages; updated by `flask competencies sync-builtin`.
    is_builtin: Mapped[bool] = mapped_column(default=False)
    #: Who made it in the app (a custom learning line); None for imported packages.
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: Made in the app: seen only by its maker and by those who see a dossier that uses it.
    #: Built-in and imported packages are published standards, open to every user.
    private: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: CFDocument fields we do not model, kept so an export gives back what came in.
    extra: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list[FrameworkItem]] = relationship(
        back_populates="framework", cascade="all, delete-orphan", passive_deletes=True,
        order_by="FrameworkItem.position",
    )  # fmt: skip


class FrameworkItem(Base):
    """A domain, competency or indicator (a CASE CFItem), placed in the tree by isChildOf."""

    __tablename__ = "framework_items"
    __table_args__ = (
        Index("ix_framework_items_tree", "framework_id", "parent_id", "position"),
        UniqueConstraint("framework_id", "identifier", name="uq_framework_items_identifier"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    framework_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    identifier: Mapped[str] = mapped_column(String(64))
    uri: Mapped[str] = mapped_column(String(500), default="")
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("framework_items.id", ondelete="SET NULL")
    )
    #: Order among siblings (CASE sequenceNumber on the isChildOf association).
    position: Mapped[int] = mapped_column(default=0)
    #: The identifier of the isChildOf association that placed it, kept for round trips.
    parent_association: Mapped[str] = mapped_column(String(64), default="")
    human_code: Mapped[str] = mapped_column(String(100), default="")
    full_statement: Mapped[str] = mapped_column(Text)
    abbreviated_statement: Mapped[str] = mapped_column(Text, default="")
    item_type: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    last_change: Mapped[str] = mapped_column(String(40), default="")
    #: Lower-case, accent-free words of code, statements and keywords, for search
    #: (competencies.search indexes it, weighted above the notes).
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The notes' words, folded the same way.
    search_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Set when a newer version of the package no longer has the item; links stay valid.
    retired_at: Mapped[datetime | None]
    extra: Mapped[dict] = mapped_column(JSON, default=dict)

    framework: Mapped[Framework] = relationship(back_populates="items")
    parent: Mapped[FrameworkItem | None] = relationship(remote_side=[id])


class FrameworkAssociation(Base):
    """CASE associations other than the tree (exactMatchOf, isRelatedTo, ...), kept as given."""

    __tablename__ = "framework_associations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    framework_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    identifier: Mapped[str] = mapped_column(String(64))
    #: The association exactly as imported (it may point outside this package).
    data: Mapped[dict] = mapped_column(JSON)


class FrameworkRubric(Base):
    """A CASE CFRubric: the rating scale (levels) for a framework's competencies."""

    __tablename__ = "framework_rubrics"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    framework_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("frameworks.id", ondelete="CASCADE"), index=True
    )
    identifier: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[dict] = mapped_column(JSON)


class DossierFramework(Base):
    """The owner chose to work with this framework in this dossier."""

    __tablename__ = "dossier_frameworks"
    __table_args__ = (UniqueConstraint("dossier_id", "framework_id", name="uq_dossier_frameworks"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    framework_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Chosen through the owner's role and sector (competencies.profiles), not by hand: a new
    #: profile replaces these rows only.
    by_profile: Mapped[bool] = mapped_column(default=False, server_default=false())


class EvidenceLink(Base):
    """Evidence shows a competency (or indicator), with an optional note on why."""

    __tablename__ = "evidence_links"
    __table_args__ = (
        UniqueConstraint("evidence_id", "item_id", name="uq_evidence_links"),
        # The coverage matrix counts a dossier's links per competency from this index alone.
        Index("ix_evidence_links_coverage", "dossier_id", "item_id", "evidence_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    evidence_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    #: The evidence's dossier (evidence never moves): filled in on insert when not given.
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("framework_items.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[FrameworkItem] = relationship()


@event.listens_for(EvidenceLink, "before_insert")
def _in_the_dossier_of_its_evidence(_mapper, _connection, link: EvidenceLink) -> None:
    if link.dossier_id is None:
        link.dossier_id = (
            select(Evidence.dossier_id).where(Evidence.id == link.evidence_id).scalar_subquery()
        )
