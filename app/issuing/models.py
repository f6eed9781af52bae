from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow

#: What a credential is made of: a signed internship report, or a level on a competency that
#: a supervisor gave.
CREDENTIAL_KINDS = ("report", "level")


class Credential(Base):
    """An Open Badges 3.0 credential the instance issued to a dossier's owner, made from a
    confirmation someone gave (their signature on a report, their level on a competency)."""

    __tablename__ = "credentials"
    __table_args__ = (CheckConstraint("kind IN ('report', 'level')", name="kind"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    #: The source: the signed report (kind "report") ...
    report_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("internship_reports.id", ondelete="SET NULL"), index=True
    )
    #: ... or the reflection that holds the supervisor's level (kind "level").
    reflection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("reflections.id", ondelete="SET NULL"), index=True
    )
    #: What it says, for lists: the achievement's name.
    title: Mapped[str] = mapped_column(String(500))
    #: Who gave the confirmation: [{"user_id", "name", "role", "at"}]. They act for the issuer
    #: and may revoke it.
    endorsers: Mapped[list] = mapped_column(JSON, default=list)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The signed credential (JSON-LD with its Data Integrity proof); emptied when the owner
    #: removes it.
    document: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The same credential as a VC-JWT (compact JWS).
    jwt: Mapped[str] = mapped_column(Text, default="")
    #: Its bit in the instance's status list; never given to another credential.
    status_index: Mapped[int] = mapped_column(unique=True)
    #: The owner shows it on the online CV (and at its public address); off until they do.
    on_cv: Mapped[bool] = mapped_column(default=False, server_default=false())
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_by_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    revocation_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    #: The owner removed it: it is revoked too and no longer listed; the row keeps its bit.
    removed_at: Mapped[datetime | None]


class StatusBit(Base):
    """A bit of the instance's status list. It outlives its credential (an erased account
    takes the credential, not the bit): a copy out in the world keeps its revoked or valid
    status, and the bit is never given to another credential."""

    __tablename__ = "credential_status_bits"

    index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revoked: Mapped[bool] = mapped_column(default=False, server_default=false())
