from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, new_id, utcnow
from app.dossiers.models import Evidence

#: The original is private to the owner; the others are derived and carry no metadata.
MEDIA_ROLES = (
    "original",
    "thumbnail",
    "thumbnail_webp",
    "display",
    "display_webp",
    "poster",
    "playable",
)


class MediaAsset(Base):
    """One stored file of an evidence item: the original or a derived variant."""

    __tablename__ = "media_assets"
    __table_args__ = (
        CheckConstraint(
            "role IN ('original', 'thumbnail', 'thumbnail_webp', 'display', 'display_webp', "
            "'poster', 'playable')",
            name="role",
        ),
        UniqueConstraint("evidence_id", "role", name="uq_media_assets_evidence_role"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    evidence_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    #: Which storage backend holds the bytes, so backends can change without losing files.
    storage_backend: Mapped[str] = mapped_column(String(16))
    storage_key: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int | None]
    height: Mapped[int | None]
    duration_seconds: Mapped[float | None]
    #: The uploader's file name, for display only; never used to build a path.
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    evidence: Mapped[Evidence] = relationship(back_populates="media")


class ResumableUpload(Base):
    """A tus upload in progress: its bytes collect in a private temp file until complete."""

    __tablename__ = "resumable_uploads"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    length: Mapped[int] = mapped_column(BigInteger)
    #: Bytes received; the partial file on disk is the truth while the upload runs.
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Upload-Metadata as sent (filename, title, description, client_uid, ...).
    upload_metadata: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    #: Set once complete: the evidence the bytes became.
    evidence_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
