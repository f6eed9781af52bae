"""The periodic media jobs: the cleanup of abandoned uploads. The processing job itself sits
beside what it runs (media.services.process_evidence_task); stalled processing is found by
the one sweep of every job kind (app.recovery)."""

from __future__ import annotations

import logging

from huey import crontab

from app.db import db
from app.jobs import huey, in_app_context
from media.resumable import delete_expired_uploads

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def cleanup_expired_uploads() -> None:
    """Delete the bytes of resumable uploads that were abandoned."""
    with db.unit_of_work() as session:
        removed = delete_expired_uploads(session)
    if removed:
        log.info("removed %d expired uploads", removed)
