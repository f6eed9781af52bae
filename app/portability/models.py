from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, new_id, utcnow

EXPORT_UNDER_WAY = "kind = 'export' AND status IN ('queued', 'running')"


class DataJob(Base):
    """A dossier export or import running in the background, with its progress."""

    __tablename__ = "data_jobs"
    __table_args__ = (
        CheckConstraint("kind IN ('export', 'import')", name="kind"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        # One export under way per person, also when two requests come at the same moment.
        Index(
            "uq_data_jobs_one_export_under_way",
            "user_id",
            unique=True,
            sqlite_where=text(EXPORT_UNDER_WAY),
            postgresql_where=text(EXPORT_UNDER_WAY),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    #: export: the dossier exported; import: the dossier made from the file.
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(8), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    #: The zip file (export result, or the uploaded file to import), on local disk.
    path: Mapped[str] = mapped_column(String(500), default="")
    #: Why it failed: the English sentence (a fallback), and a code with the values it
    #: needs (an app says it in its own language; see app.exchange.refuse).
    error: Mapped[str] = mapped_column(Text, default="")
    error_code: Mapped[str] = mapped_column(String(40), default="")
    error_params: Mapped[dict | None] = mapped_column(JSON, default=dict)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    #: The last sign of life of the worker running it: the sweep queues a job again whose
    #: worker went quiet (JOB_STALLED_AFTER_SECONDS) ...
    heartbeat_at: Mapped[datetime | None]
    #: ... and marks it failed once a worker has started it JOB_MAX_ATTEMPTS times.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
