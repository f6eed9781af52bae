"""The dossier moves with its owner: full export (also 'download all my data') and import."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import current_app
from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from api.schemas import ImportFiles, ImportUploadIn, JobOut
from app import access
from app.auth import acting_user
from app.db import db
from app.dossiers.models import Dossier
from app.errors import NotFound
from app.portability import services
from media import serving
from media.services import tmp_dir
from media.uploads import received_file

PREFIX = ""
blp = Blueprint("portability", __name__, description="Export and import of a whole dossier")


@blp.route("/dossiers/<uuid:dossier_id>/exports", methods=["POST"])
@blp.response(202, JobOut)
@login_required
def export_dossier(dossier_id: uuid.UUID):
    """Start a full export: one zip with every item, file, link, reflection and message, and
    a page to read it offline. Follow the job for progress and the download."""
    user = acting_user()
    dossier = access.owned_dossier(db.session(), user, dossier_id)
    job = services.start_export(db.session(), user, dossier)
    return job


@blp.route("/imports", methods=["POST"])
@blp.arguments(ImportFiles, location="files")
@blp.response(202, JobOut)
@login_required
def import_dossier(files):
    """Import a small Bagage export, or a Leap2A export from Mahara (a zip with
    `leap2a.xml`), into your dossier (a background job). Large exports go through a
    resumable upload and `POST /imports/uploaded`."""
    user = acting_user()
    db.checkpoint()  # no transaction (nor SQLite lock) while the file is received
    with received_file(
        files["file"], tmp_dir=tmp_dir(), max_bytes=current_app.config["IMPORT_MAX_BYTES"]
    ) as upload:
        job = services.start_import(db.session(), user, upload.path)
    return job


@blp.route("/imports/uploaded", methods=["POST"])
@blp.arguments(ImportUploadIn)
@blp.response(202, JobOut)
@login_required
def import_uploaded(data):
    """Import a Bagage or Leap2A (Mahara) export that arrived through a resumable upload (tus, with
    `purpose` = `import` in Upload-Metadata), into your dossier. Items you have already are
    skipped. Follow the job for progress and what was imported."""
    job = services.start_import_from_upload(db.session(), acting_user(), data["upload_id"])
    return job


@blp.route("/jobs", methods=["GET"])
@blp.response(200, JobOut(many=True))
@login_required
def jobs():
    """Your exports (until they expire) and imports, newest first."""
    return services.own_jobs(db.session(), acting_user())


@blp.route("/jobs/<uuid:job_id>", methods=["GET"])
@blp.response(200, JobOut)
@login_required
def job_status(job_id: uuid.UUID):
    """How far an export or import is."""
    return access.own_data_job(db.session(), acting_user(), job_id)


@blp.route("/jobs/<uuid:job_id>/retry", methods=["POST"])
@blp.response(202, JobOut)
@login_required
def retry_job(job_id: uuid.UUID):
    """Run a failed export or import once more. 409 `not_failed` for one that did not fail,
    `import_file_gone` for an import whose file could not be read (upload it again), and
    `export_running` while another export of yours is under way."""
    job = access.own_data_job(db.session(), acting_user(), job_id)
    return services.retry_job(db.session(), job)


@blp.route("/jobs/<uuid:job_id>/download", methods=["GET"])
@blp.response(200, description="The export (zip)", content_type="application/zip")
@login_required
@reading.logged
@serving.serves_files
def download(job_id: uuid.UUID):
    """The finished export."""
    job = access.own_data_job(db.session(), acting_user(), job_id)
    if job.kind != "export" or job.status != "done" or not Path(job.path).exists():
        raise NotFound("This export is not ready.")
    if services.is_expired(job):
        raise NotFound("This export has expired; make a new one.", code="export_expired")
    # Only its owner downloads an export; should that ever change, the download is logged.
    reading.record(db.session.get(Dossier, job.dossier_id), "read_export", job.id)
    return serving.send(
        Path(job.path), content_type="application/zip",
        filename=f"bagage-export-{job.created_at:%Y%m%d}.zip",
    )  # fmt: skip
