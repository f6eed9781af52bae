"""The one sweep of stalled background jobs, of every kind: media processing, exports and
imports. A running job beats every few seconds (app.jobs.heartbeat); a job whose worker went
quiet for JOB_STALLED_AFTER_SECONDS (killed, or the job was lost on its way) is queued again,
and after JOB_MAX_ATTEMPTS starts it is marked failed with a reason the person can read, and
can try again from the app. It runs in every worker's maintenance loop, not through the
queue, every JOBS_SWEEP_INTERVAL_SECONDS."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from app import jobs
from app.db import db
from app.portability import services as portability
from media import services as media

log = logging.getLogger(__name__)

#: Each kind's recovery: finds its stalled jobs, fails the hopeless, queues the others again.
KINDS = (media.recover_stalled, portability.recover_stalled)


@jobs.every("JOBS_SWEEP_INTERVAL_SECONDS")
def sweep_stalled_jobs() -> None:
    config = current_app.config
    quiet = timedelta(seconds=config["JOB_STALLED_AFTER_SECONDS"])
    with db.unit_of_work() as session:
        for recover in KINDS:
            recover(session, quiet_for=quiet, max_attempts=config["JOB_MAX_ATTEMPTS"])
