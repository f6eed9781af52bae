from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, new_id, utcnow
from app.dossiers.models import Evidence

#: The original is private to the owner; the others are derived and carry no metadata. The
#: derived files are what others see: with faces blurred when the item shows any. Then the
#: owner's own sharp copies sit beside them as sharp_* (see SHARP_ROLES).
MEDIA_ROLES = (
    "original",
    "thumbnail",
    "thumbnail_webp",
    "display",
    "display_webp",
    "poster",
    "playable",
    "sharp_thumbnail",
    "sharp_display",
    "sharp_poster",
    "sharp_playable",
)
SHARP_PREFIX = "sharp_"
#: The owner's sharp copy → the role it stands in for.
SHARP_ROLES = {
    role: role.removeprefix(SHARP_PREFIX) for role in MEDIA_ROLES if role.startswith(SHARP_PREFIX)
}


class MediaAsset(Base):
    """One stored file of an evidence item: the original or a derived variant."""

    __tablename__ = "media_assets"
    __table_args__ = (
        CheckConstraint("role IN (" + ", ".join(f"'{r}'" for r in MEDIA_ROLES) + ")", name="role"),
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


class Face(Base):
    """A face in a photo or video: blurred in every copy others see, unless the owner keeps it
    visible. Only where it is, never what it looks like (no template of anyone is stored)."""

    __tablename__ = "faces"
    __table_args__ = (CheckConstraint("source IN ('detected', 'drawn')", name="source"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    evidence_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    #: [left, top, width, height] as fractions of the oriented picture (a video: where the face
    #: is first seen, or a drawn box, blurred for the whole video).
    box: Mapped[list] = mapped_column(JSON)
    #: A video's face followed through time: [[seconds, left, top, width, height], ...].
    track: Mapped[list | None] = mapped_column(JSON)
    #: Found by the detector, or drawn by the owner over a face it missed.
    source: Mapped[str] = mapped_column(String(16), default="detected")
    #: The owner chose to keep it visible (their own face, or a child whose parents consented).
    keep_visible: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: It matched the face the owner marked as their own.
    own_face: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
