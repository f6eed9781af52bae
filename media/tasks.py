"""The periodic media jobs: the cleanup of abandoned uploads, and faces looked for in items
from before that was done. The processing job itself sits
beside what it runs (media.services.process_evidence_task); stalled processing is found by
the one sweep of every job kind (app.recovery)."""

from __future__ import annotations

import logging

from huey import crontab

from app.db import db
from app.jobs import huey, in_app_context
from media.resumable import delete_expired_uploads
from media.services import queue_unchecked_faces

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def cleanup_expired_uploads() -> None:
    """Delete the bytes of resumable uploads that were abandoned."""
    with db.unit_of_work() as session:
        removed = delete_expired_uploads(session)
    if removed:
        log.info("removed %d expired uploads", removed)


#: Items looked at per run of the sweep below, so a large backlog is worked off in steps.
FACES_BACKLOG_BATCH = 50


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def find_faces_in_earlier_items() -> None:
    """Photos and videos from before faces were looked for get their faces found and blurred
    for others, a batch at a time."""
    with db.unit_of_work() as session:
        queued = queue_unchecked_faces(session, FACES_BACKLOG_BATCH)
    if queued:
        log.info("looking for faces in %d earlier items", queued)
