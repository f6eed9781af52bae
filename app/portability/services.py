"""Export and import as background jobs with progress."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier
from app.errors import DomainError, NotFound
from app.jobs import huey, in_app_context
from app.portability.dossier_zip import import_export, write_export
from app.portability.models import DataJob

log = logging.getLogger(__name__)


def jobs_dir() -> Path:
    path = Path(current_app.config["EXPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_export(session: Session, user: User, dossier: Dossier) -> DataJob:
    job = DataJob(user_id=user.id, kind="export", dossier_id=dossier.id)
    session.add(job)
    session.flush()
    job_id = str(job.id)
    db.after_commit(lambda: run_export_task(job_id))
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
    db.after_commit(lambda: run_import_task(job_id))
    return job


def own_job(session: Session, user: User, job_id: uuid.UUID) -> DataJob:
    job = session.get(DataJob, job_id)
    if job is None or job.user_id != user.id:
        raise NotFound("No such job.")
    return job


def _progress(job: DataJob):
    last = [-1]

    def report(percent: int) -> None:
        if percent >= last[0] + 5 or percent == 100:
            last[0] = percent
            job.progress = percent
            db.commit()

    return report


def _finish(job: DataJob, error: str = "") -> None:
    job.status = "failed" if error else "done"
    job.error = error
    job.finished_at = utcnow()
    db.commit()


@huey.task(retries=1, retry_delay=30)
@in_app_context
def run_export_task(job_id: str) -> None:
    session = db.session()
    job = session.get(DataJob, uuid.UUID(job_id))
    if job is None or job.status == "done":
        return
    job.status = "running"
    db.commit()
    target = jobs_dir() / f"export-{job.id.hex}.zip"
    try:
        dossier = session.get(Dossier, job.dossier_id)
        manifest = write_export(session, dossier, target, _progress(job))
        job.path = str(target)
        job.result = {"evidence": len(manifest["evidence"]), "bytes": target.stat().st_size}
        _finish(job)
    except Exception as exc:
        db.rollback()
        target.unlink(missing_ok=True)
        log.exception("export %s failed", job_id)
        _finish(session.get(DataJob, uuid.UUID(job_id)), "The export failed; try again.")
        raise exc from None


@huey.task()
@in_app_context
def run_import_task(job_id: str) -> None:
    session = db.session()
    job = session.get(DataJob, uuid.UUID(job_id))
    if job is None or job.status != "queued":
        return
    job.status = "running"
    db.commit()
    user = session.get(User, job.user_id)
    path = Path(job.path)
    try:
        dossier = import_export(
            session, user, path, _progress(job),
            tmp_dir=Path(current_app.config["UPLOAD_TMP_DIR"]),
        )  # fmt: skip
        job.dossier_id = dossier.id
        job.result = {"dossier_id": str(dossier.id)}
        db.commit()
        _finish(job)
    except DomainError as exc:
        db.rollback()
        _finish(session.get(DataJob, uuid.UUID(job_id)), exc.message)
    except Exception:
        db.rollback()
        log.exception("import %s failed", job_id)
        _finish(session.get(DataJob, uuid.UUID(job_id)), "The import failed; nothing was kept.")
    finally:
        path.unlink(missing_ok=True)
