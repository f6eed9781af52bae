"""Export and import jobs."""

from __future__ import annotations

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from api.schemas.base import InSchema


class JobOut(Schema):
    id = fields.UUID()
    kind = fields.String(metadata={"description": "export or import"})
    status = fields.String(metadata={"description": "queued, running, done or failed"})
    progress = fields.Integer()
    error = fields.String(metadata={"description": "Why it failed, in English (a fallback)"})
    error_code = fields.String(metadata={
        "description": "Why it failed, as a code to translate: not_a_zip, not_an_export, "
                       "manifest_damaged, manifest_too_large, unknown_version, export_too_large, "
                       "zip_bomb, too_many_files, unsafe_path, bad_media, missing_file, "
                       "wrong_size, checksum, bad_row, not_leap2a, feed_too_large, "
                       "feed_damaged, feed_forbidden (a Leap2A feed with a DTD), "
                       "bad_framework, quota_exceeded, import_failed, export_failed, "
                       "export_stalled, import_stalled (its worker stopped mid-way too "
                       "often; POST .../retry tries again); others "
                       "may come: show error then"})  # fmt: skip
    error_params = fields.Dict(metadata={"description": "The values error_code's text needs"})
    dossier_id = fields.UUID(allow_none=True)
    result = fields.Dict(metadata={
        "description": "What an import brought: counts, `skipped`, `refused` files; for a "
                       "Leap2A (Mahara) export `format` is `leap2a`, with `notes` and "
                       "`left_out` (each with title, type, code and reason)"})  # fmt: skip
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    download_url = fields.Method("_download", allow_none=True)
    expires_at = fields.Method(
        "_expires", allow_none=True,
        metadata={"description": "When a finished export's zip is deleted (after "
                              "EXPORT_RETENTION_HOURS)"},
    )  # fmt: skip

    def _download(self, job):
        if job.kind == "export" and job.status == "done":
            return url_for("portability.download", job_id=job.id)
        return None

    def _expires(self, job):
        from app.portability.services import expires_at

        ends = expires_at(job)
        return ends.isoformat() if ends else None


class ImportFiles(Schema):
    file = Upload(required=True, metadata={"description": "A Bagage export (zip)"})


class ImportUploadIn(InSchema):
    upload_id = fields.UUID(
        required=True,
        metadata={"description": "A finished resumable upload of yours, made with purpose=import"},
    )
