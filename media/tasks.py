"""The periodic media jobs: the sweep of stalled processing and of abandoned uploads. The
processing job itself sits beside what it runs (media.services.process_evidence_task)."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from huey import crontab

from app.db import db
from app.jobs import huey, in_app_context
from app.outbox import enqueue_after_commit
from media.resumable import delete_expired_uploads
from media.services import (
    PROCESS_RETRIES,
    give_up_on,
    process_evidence_task,
    stalled_evidence_ids,
)

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*/5"))
@in_app_context
def sweep_stalled_processing() -> None:
    """Re-enqueue items whose worker died mid-job; give up on those tried too often."""
    quiet = timedelta(seconds=current_app.config["MEDIA_STALLED_AFTER_SECONDS"])
    with db.unit_of_work() as session:
        for evidence_id in stalled_evidence_ids(session, quiet_for=quiet):
            if give_up_on(session, evidence_id, max_attempts=PROCESS_RETRIES + 2):
                log.warning("gave up processing evidence %s", evidence_id)
                continue
            log.info("re-enqueueing stalled evidence %s", evidence_id)
            enqueue_after_commit(process_evidence_task, str(evidence_id))


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def cleanup_expired_uploads() -> None:
    """Delete the bytes of resumable uploads that were abandoned."""
    with db.unit_of_work() as session:
        removed = delete_expired_uploads(session)
    if removed:
        log.info("removed %d expired uploads", removed)
