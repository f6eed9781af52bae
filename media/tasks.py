"""Media jobs on the queue. Each takes ids only and can safely run more than once."""

from __future__ import annotations

import functools
import logging
import uuid
from datetime import timedelta

from flask import current_app
from huey import crontab

from app.db import db
from app.jobs import huey, in_app_context

log = logging.getLogger(__name__)

# Backoff: 10 s, 20 s, 40 s before the last try marks the item failed.
PROCESS_RETRIES = 3


@huey.task(retries=PROCESS_RETRIES, retry_delay=10, retry_backoff=2, context=True)
@in_app_context
def process_evidence_task(evidence_id: str, task=None) -> None:
    from media.services import process_evidence

    final = task is None or task.retries == 0
    process_evidence(uuid.UUID(evidence_id), final_attempt=final)


@huey.periodic_task(crontab(minute="*/5"))
@in_app_context
def sweep_stalled_processing() -> None:
    """Re-enqueue items whose worker died mid-job; give up on those tried too often."""
    from media.services import give_up_on, stalled_evidence_ids

    quiet = timedelta(seconds=current_app.config["MEDIA_STALLED_AFTER_SECONDS"])
    with db.unit_of_work() as session:
        for evidence_id in stalled_evidence_ids(session, quiet_for=quiet):
            if give_up_on(session, evidence_id, max_attempts=PROCESS_RETRIES + 2):
                log.warning("gave up processing evidence %s", evidence_id)
                continue
            log.info("re-enqueueing stalled evidence %s", evidence_id)
            db.after_commit(functools.partial(process_evidence_task, str(evidence_id)))


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def cleanup_expired_uploads() -> None:
    """Delete the bytes of resumable uploads that were abandoned."""
    from media.resumable import delete_expired_uploads

    with db.unit_of_work() as session:
        removed = delete_expired_uploads(session)
    if removed:
        log.info("removed %d expired uploads", removed)
