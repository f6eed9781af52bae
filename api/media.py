from __future__ import annotations

import uuid

from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from app import access
from app.auth import acting_user
from app.db import db
from media import serving
from media.storage import get_storage

PREFIX = "/media"
blp = Blueprint("media", __name__, description="Stored files of evidence")

YEAR = 365 * 24 * 3600


@blp.route("/<uuid:asset_id>", methods=["GET"])
@blp.response(200, description="The file's bytes", content_type="application/octet-stream")
@login_required
@reading.logged
@serving.serves_files
def media_file(asset_id: uuid.UUID):
    """A stored file, to whoever may see its evidence; originals only to the owner."""
    asset = access.viewable_asset(db.session(), acting_user(), asset_id)
    evidence = asset.evidence
    # Every file of one item (thumbnail, display size, video) is one thing read.
    reading.record(
        evidence.dossier, f"read_{_kind(asset.content_type)}", evidence.id, evidence.title
    )
    # Keys never change content, so files can be cached for good, but only privately.
    return serving.send(
        serving.Stored(get_storage(), asset.storage_key),
        content_type=asset.content_type,
        filename=asset.original_filename or asset.role,
        etag=asset.sha256,
        cache=f"private, max-age={YEAR}, immutable",
    )


def _kind(content_type: str) -> str:
    """What the owner would call the file: a photo, a video, a recording or a file."""
    main = (content_type or "").split("/", 1)[0]
    return {"image": "photo", "video": "video", "audio": "recording"}.get(main, "file")
