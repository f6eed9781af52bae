"""Export and import as background jobs with progress, and the cleanup of old exports.

A large export arrives through a resumable (tus) upload marked `purpose: import`; once all
its bytes are in, `start_import_from_upload` hands the file to the import job. Finished
exports are kept for EXPORT_RETENTION_HOURS, then a periodic task deletes them.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from huey import crontab
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier
from app.errors import Conflict, DomainError, NotFound, TooManyRequests
from app.jobs import heartbeat, huey, in_app_context
from app.outbox import enqueue_after_commit
from app.people.models import Grant
from app.portability.dossier_zip import import_export, write_export
from app.portability.leap2a import import_leap2a, is_leap2a
from app.portability.models import DataJob
from media import resumable

log = logging.getLogger(__name__)


def jobs_dir() -> Path:
    path = Path(current_app.config["EXPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


UNDER_WAY = ("queued", "running")


def _export_running() -> Conflict:
    return Conflict(
        "An export of yours is being made already; wait for it to finish.", code="export_running"
    )


def _check_export_limits(session: Session, user: User) -> None:
    """One export at a time per person, and EXPORTS_PER_DAY in any 24 hours: each one is a
    zip of the whole dossier, kept for days."""
    now = utcnow()
    # One under way is finished, or failed by the sweep of stalled jobs (app.recovery).
    under_way = session.scalar(
        select(DataJob.id).where(
            DataJob.user_id == user.id, DataJob.kind == "export", DataJob.status.in_(UNDER_WAY)
        )
    )
    if under_way is not None:
        raise _export_running()
    limit = current_app.config["EXPORTS_PER_DAY"]
    if not limit:
        return
    day_ago = now - timedelta(days=1)
    made = session.scalars(
        select(DataJob.created_at)
        .where(DataJob.user_id == user.id, DataJob.kind == "export", DataJob.created_at > day_ago)
        .order_by(DataJob.created_at)
    ).all()
    if len(made) >= limit:
        # The oldest of the last 24 hours has to drop out before there is room again.
        free_at = _aware(made[len(made) - limit]) + timedelta(days=1)
        raise TooManyRequests(
            f"You can make {limit} exports a day; try again later (your ready exports can "
            "still be downloaded).",
            retry_after=(free_at - now).total_seconds() + 1,
            code="export_limit_reached",
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start_export(session: Session, user: User, dossier: Dossier) -> DataJob:
    _check_export_limits(session, user)
    job = DataJob(user_id=user.id, kind="export", dossier_id=dossier.id)
    try:  # a second request at the same moment meets the unique index
        with session.begin_nested():
            session.add(job)
            session.flush()
    except IntegrityError as exc:
        raise _export_running() from exc
    job_id = str(job.id)
    enqueue_after_commit(run_export_task, job_id)
    return job


def start_import(session: Session, user: User, zip_path: Path) -> DataJob:
    """The uploaded zip is moved beside the exports; the job reads it from there."""
    job = DataJob(user_id=user.id, kind="import")
    session.add(job)
    session.flush()
    target = jobs_dir() / f"import-{job.id.hex}.zip"
    zip_path.replace(target)
    job.path = str(target)
    job_id = str(job.id)
    enqueue_after_commit(run_import_task, job_id)
    return job


def start_import_from_upload(session: Session, user: User, upload_id: uuid.UUID) -> DataJob:
    """Import the zip of a finished resumable upload of the caller's (marked as an import).

    The bytes move beside the exports and the upload is gone: it never becomes evidence.
    """
    upload = resumable.get_upload(session, user, upload_id)
    if not resumable.is_import(upload):
        raise NotFound("No such import upload.")
    taken = Conflict("This upload is being imported already; follow that import.",
                     code="import_started")  # fmt: skip
    try:  # two requests for one upload: the second waits here (PostgreSQL) ...
        session.refresh(upload, with_for_update=True)
    except InvalidRequestError as exc:  # ... and finds it gone
        raise taken from exc
    if resumable.current_offset(upload) != upload.length:
        raise Conflict("This upload is not complete yet; send the rest first.",
                       code="upload_incomplete")  # fmt: skip
    job = DataJob(user_id=user.id, kind="import")
    session.add(job)
    session.flush()
    target = jobs_dir() / f"import-{job.id.hex}.zip"
    source = resumable.part_path(upload)
    try:
        source.replace(target)
    except FileNotFoundError as exc:  # the other request moved the bytes first (SQLite)
        raise taken from exc
    db.on_rollback(lambda: target.replace(source) if target.exists() else None)
    job.path = str(target)
    session.delete(upload)
    session.flush()
    job_id = str(job.id)
    enqueue_after_commit(run_import_task, job_id)
    return job


def retention() -> timedelta:
    return timedelta(hours=current_app.config["EXPORT_RETENTION_HOURS"])


def expires_at(job: DataJob) -> datetime | None:
    """When a finished export's zip is deleted (None for imports and unfinished work)."""
    if job.kind != "export" or job.status != "done" or job.finished_at is None:
        return None
    return job.finished_at + retention()


def is_expired(job: DataJob) -> bool:
    ends = expires_at(job)
    return ends is not None and ends <= utcnow()


def own_jobs(session: Session, user: User) -> list[DataJob]:
    """The person's exports and imports, newest first, without expired exports."""
    jobs = session.scalars(
        select(DataJob).where(DataJob.user_id == user.id).order_by(DataJob.created_at.desc())
    ).all()
    return [job for job in jobs if not is_expired(job)]


def delete_old_exports(session: Session) -> int:
    """Delete finished exports (and finished imports' records) older than the retention,
    jobs that never finished (a crash left them queued or running) once they are as old,
    with their files, and files in EXPORT_DIR that no job knows (a crash mid-way). A job's
    file goes once its row's deletion is committed."""
    cutoff = utcnow() - retention()
    old = session.scalars(
        select(DataJob).where(
            or_(
                DataJob.status.in_(("done", "failed"))
                & or_(DataJob.finished_at <= cutoff,
                      DataJob.finished_at.is_(None) & (DataJob.created_at <= cutoff)),
                DataJob.status.in_(("queued", "running")) & (DataJob.created_at <= cutoff),
            )
        )
    ).all()  # fmt: skip
    for job in old:
        if job.path:
            path = Path(job.path)
            db.after_commit(lambda path=path: path.unlink(missing_ok=True))
        session.delete(job)
    session.flush()
    known = {Path(p).name for p in session.scalars(select(DataJob.path)) if p}
    limit = time.time() - retention().total_seconds()
    for path in jobs_dir().glob("*.zip"):
        if path.name not in known and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
    return len(old)


def _progress(job: DataJob):
    last = [-1]

    def report(percent: int) -> None:
        if percent >= last[0] + 5 or percent == 100:
            last[0] = percent
            job.progress = percent
            db.checkpoint()  # the progress is seen while the job works

    return report


def _finish(job: DataJob, error: str = "", code: str = "", params: dict | None = None) -> None:
    job.status = "failed" if error else "done"
    job.error = error
    job.error_code = code
    job.error_params = params or {}
    job.finished_at = utcnow()
    db.checkpoint()  # the outcome is kept, also when the job's own work was rolled back


def _start(job_id: str) -> DataJob | None:
    """The job, marked running with one more attempt; None when it is not waiting for a
    worker: running already (a second copy from the queue: the job is in other hands), done,
    failed, or deleted. A stalled job is queued again as `queued` (recover_stalled)."""
    with db.unit_of_work() as session:
        job = session.get(DataJob, uuid.UUID(job_id), with_for_update=True)
        if job is None or job.status != "queued":
            return None
        job.status = "running"
        job.attempts += 1
        job.heartbeat_at = utcnow()
    return job


STALLED = {
    "export": ("The export stopped before it was done, too often; try again.", "export_stalled"),
    "import": ("The import stopped before it was done, too often; try again.", "import_stalled"),
}


def recover_stalled(session: Session, *, quiet_for: timedelta, max_attempts: int) -> None:
    """Exports and imports whose worker went quiet (or that no worker took): those started
    `max_attempts` times are marked failed with a reason, the others are `queued` again with
    a fresh heartbeat (so the next sweep waits again) and queued again."""
    last_sign_of_life = func.coalesce(DataJob.heartbeat_at, DataJob.created_at)
    stalled = session.scalars(  # a row another worker's sweep holds is its to queue
        select(DataJob)
        .where(DataJob.status.in_(UNDER_WAY), last_sign_of_life < utcnow() - quiet_for)
        .with_for_update(skip_locked=True)
    )
    for job in stalled:
        if job.attempts >= max_attempts:
            log.warning("gave up %s %s", job.kind, job.id)
            job.status, job.finished_at = "failed", utcnow()
            job.error, job.error_code = STALLED[job.kind]
            job.error_params = {}
            continue
        log.info("queueing stalled %s %s again", job.kind, job.id)
        job.status, job.heartbeat_at = "queued", utcnow()
        _queue(job)
    session.flush()


def _queue(job: DataJob) -> None:
    enqueue_after_commit(run_export_task if job.kind == "export" else run_import_task, str(job.id))


def retry_job(session: Session, job: DataJob) -> DataJob:
    """Run a failed export or import once more (a person asked for it). An import needs its
    file still: one that failed on the file's contents has none, and would fail again."""
    if job.status != "failed":
        raise Conflict("Only a failed export or import can be tried again.", code="not_failed")
    if job.kind == "import" and not (job.path and Path(job.path).exists()):
        raise Conflict("This import cannot be tried again; upload the export once more.",
                       code="import_file_gone")  # fmt: skip
    job.status, job.progress, job.attempts = "queued", 0, 0
    job.error, job.error_code, job.error_params = "", "", {}
    job.heartbeat_at, job.finished_at = utcnow(), None
    try:  # the unique index: one export under way per person
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise _export_running() from exc
    _queue(job)
    return job


@huey.task()
@in_app_context
def run_export_task(job_id: str) -> None:
    job = _start(job_id)
    if job is None:
        return
    session = db.session()
    target = jobs_dir() / f"export-{job.id.hex}.zip"
    try:
        dossier = session.get(Dossier, job.dossier_id)
        with heartbeat(DataJob.heartbeat_at, DataJob.id == job.id, DataJob.status.in_(UNDER_WAY)):
            manifest = write_export(session, dossier, target, _progress(job))
        job.path = str(target)
        job.result = {"evidence": len(manifest["evidence"]), "bytes": target.stat().st_size}
        _finish(job)
    except Exception:
        db.rollback()
        target.unlink(missing_ok=True)
        log.exception("export %s failed", job_id)
        _finish(session.get(DataJob, uuid.UUID(job_id)), "The export failed; try again.",
                "export_failed")  # fmt: skip


@huey.task()
@in_app_context
def run_import_task(job_id: str) -> None:
    job = _start(job_id)
    if job is None:
        return
    session = db.session()
    user = session.get(User, job.user_id)
    path = Path(job.path)
    try:
        with heartbeat(DataJob.heartbeat_at, DataJob.id == job.id, DataJob.status.in_(UNDER_WAY)):
            # A zip with leap2a.xml comes from Mahara (or another Leap2A e-portfolio).
            read = import_leap2a if is_leap2a(path) else import_export
            dossier, summary = read(
                session, user, path, _progress(job),
                tmp_dir=Path(current_app.config["UPLOAD_TMP_DIR"]),
            )  # fmt: skip
        job.dossier_id = dossier.id
        job.result = {"dossier_id": str(dossier.id), **summary}
        _finish(job)
    except DomainError as exc:
        db.rollback()
        _finish(session.get(DataJob, uuid.UUID(job_id)), exc.message, exc.code,
                getattr(exc, "params", None))  # fmt: skip
    except Exception:
        db.rollback()
        log.exception("import %s failed", job_id)
        _finish(session.get(DataJob, uuid.UUID(job_id)), "The import failed; nothing was kept.",
                "import_failed")  # fmt: skip
        return  # the file stays (until EXPORT_RETENTION_HOURS) for a retry
    path.unlink(missing_ok=True)  # imported, or a file that will never import


@huey.periodic_task(crontab(minute="7"))
@in_app_context
def cleanup_old_exports() -> None:
    """Hourly: exports older than EXPORT_RETENTION_HOURS are deleted."""
    with db.unit_of_work() as session:
        removed = delete_old_exports(session)
    if removed:
        log.info("removed %d old export and import jobs", removed)


def forget_person(session: Session, user: User) -> None:
    """Their own exports and imports go, and so do others' exports of a dossier they took
    part in (held a grant on): those zips name them. The owner can make a fresh one."""
    took_part = select(Grant.dossier_id).where(Grant.grantee_id == user.id)
    jobs = session.scalars(
        select(DataJob).where(
            or_(
                DataJob.user_id == user.id,
                (DataJob.kind == "export") & DataJob.dossier_id.in_(took_part),
            )
        )
    ).all()
    paths = [Path(job.path) for job in jobs if job.path]
    for job in jobs:
        session.delete(job)
    session.flush()
    # An export being written at this moment finds its row gone, fails, and removes its zip.
    db.after_commit(lambda: [path.unlink(missing_ok=True) for path in paths])
