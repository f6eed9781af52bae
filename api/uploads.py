"""Resumable uploads: the tus 1.0 protocol (core, creation, creation-with-upload,
termination, checksum, expiration) under /api/v1/uploads.

Authenticated like the rest of the API (cookie + X-CSRF-Token, or a bearer token). Send the
evidence fields as Upload-Metadata (`filename`, `title`, `description`, `client_uid`,
`occurred_at`, `dossier_id`); when the last byte arrives the upload becomes evidence through
the normal capture path, and the response carries its id in `Bagage-Evidence-Id`.

With `purpose` = `import` the upload is a Bagage export to import (up to IMPORT_MAX_BYTES):
it does not become evidence; once complete, `POST /api/v1/imports/uploaded` with its id
starts the import.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from email.utils import format_datetime

from flask import Response, current_app, request, url_for
from flask_login import login_required

from api.blueprint import Blueprint
from app import access
from app.auth import acting_user
from app.db import db
from app.dossiers import capture
from app.dossiers import services as dossiers
from app.errors import Invalid, UnsupportedMediaType, error_response
from media import resumable
from media.models import ResumableUpload

PREFIX = "/uploads"
blp = Blueprint("uploads", __name__, description="Resumable uploads (tus 1.0)")

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
EXPOSED = (
    "Location, Upload-Offset, Upload-Length, Upload-Expires, Upload-Metadata, Tus-Resumable, "
    "Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm, Bagage-Evidence-Id"
)


@blp.after_request
def _tus_headers(response: Response) -> Response:
    response.headers["Tus-Resumable"] = TUS_VERSION
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.before_request
def _require_tus_version():
    if request.method == "OPTIONS":
        return None
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        response = error_response(
            412, "tus_version", f"Send Tus-Resumable: {TUS_VERSION}.", {"Tus-Resumable": []}
        )
        response.headers["Tus-Version"] = TUS_VERSION
        return response
    return None


def _discovery() -> Response:
    response = Response(status=204)
    response.headers["Tus-Version"] = TUS_VERSION
    response.headers["Tus-Extension"] = TUS_EXTENSIONS
    response.headers["Tus-Max-Size"] = str(current_app.config["MAX_UPLOAD_BYTES"])
    response.headers["Tus-Checksum-Algorithm"] = ",".join(resumable.CHECKSUM_ALGORITHMS)
    return response


def _int_header(name: str) -> int:
    raw = request.headers.get(name)
    if raw is None or not raw.isdigit():
        raise Invalid(f"{name} must be a non-negative whole number.", {name: ["Required."]})
    return int(raw)


def _http_date(value: datetime) -> str:
    return format_datetime(value, usegmt=True)


@blp.route("", methods=["OPTIONS"])
def discover():
    """What this tus server supports."""
    return _discovery()


@blp.route("", methods=["POST"])
@login_required
def create():
    """Start an upload: Upload-Length and Upload-Metadata; may carry the first bytes."""
    user = acting_user()
    session = db.session()
    if "Upload-Defer-Length" in request.headers:
        raise Invalid("Upload-Defer-Length is not supported; send Upload-Length.")
    length = _int_header("Upload-Length")
    metadata = resumable.parse_metadata(request.headers.get("Upload-Metadata"))
    importing = metadata.get("purpose") == "import"  # into your own dossier, always
    dossier = _target_dossier(user, None if importing else metadata.get("dossier_id"))
    upload = resumable.create_upload(session, user, dossier, length=length, metadata=metadata)
    db.checkpoint()  # the upload exists before its first bytes arrive (and no lock meanwhile)
    response = Response(status=201)
    response.headers["Location"] = url_for("uploads.upload", upload_id=upload.id, _external=True)
    response.headers["Upload-Expires"] = _http_date(upload.expires_at)
    if request.content_length and request.mimetype == OFFSET_CONTENT_TYPE:
        return _receive(upload, offset=0, response=response)
    return response


@blp.route("/<uuid:upload_id>", methods=["HEAD", "PATCH", "DELETE", "OPTIONS"])
@login_required
def upload(upload_id: uuid.UUID):
    """HEAD: how far it got. PATCH: the next bytes. DELETE: give up and remove the bytes."""
    if request.method == "OPTIONS":
        return _discovery()
    item = resumable.get_upload(db.session(), acting_user(), upload_id)
    if request.method == "HEAD":
        response = Response(status=200)
        response.headers["Upload-Offset"] = str(resumable.current_offset(item))
        response.headers["Upload-Length"] = str(item.length)
        response.headers["Upload-Expires"] = _http_date(item.expires_at)
        if item.evidence_id:
            response.headers["Bagage-Evidence-Id"] = str(item.evidence_id)
        return response
    if request.method == "DELETE":
        resumable.discard_upload(db.session(), item)
        return Response(status=204)
    if request.mimetype != OFFSET_CONTENT_TYPE:
        raise UnsupportedMediaType(f"Send the bytes as {OFFSET_CONTENT_TYPE}.")
    return _receive(item, offset=_int_header("Upload-Offset"), response=Response(status=204))


def _receive(item: ResumableUpload, *, offset: int, response: Response) -> Response:
    checksum = resumable.parse_checksum(request.headers.get("Upload-Checksum"))
    new_offset = resumable.append_chunk(
        item, request.stream, offset=offset, content_length=request.content_length,
        checksum=checksum,
    )  # fmt: skip
    response.headers["Upload-Offset"] = str(new_offset)
    response.headers["Upload-Expires"] = _http_date(item.expires_at)
    if new_offset == item.length and not resumable.is_import(item):
        evidence = capture.complete_upload(db.session(), acting_user(), item)
        response.headers["Bagage-Evidence-Id"] = str(evidence.id)
    return response


def _target_dossier(user, dossier_id: str | None):
    session = db.session()
    if dossier_id:
        try:
            return access.contributable_dossier(session, user, uuid.UUID(dossier_id))
        except ValueError as exc:
            raise Invalid("dossier_id is not valid.", {"dossier_id": ["Not an id."]}) from exc
    # A workplace link's session reaches the pupil's dossier only, never one's own.
    owned = dossiers.owned_dossiers(session, user) if access.own_dossier_reachable(session) else []
    if not owned:
        raise Invalid("Name the dossier in Upload-Metadata.", {"dossier_id": ["Required."]})
    return owned[0]
