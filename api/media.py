from __future__ import annotations

import uuid

from flask_login import login_required
from flask_smorest import Blueprint

from app import access
from app.auth import acting_user
from app.db import db
from app.errors import NotFound
from app.people import services as people
from media import serving
from media.models import MediaAsset
from media.storage import get_storage

PREFIX = "/media"
blp = Blueprint("media", __name__, description="Stored files of evidence")

YEAR = 365 * 24 * 3600


@blp.route("/<uuid:asset_id>", methods=["GET"])
@blp.response(200, description="The file's bytes", content_type="application/octet-stream")
@login_required
@serving.serves_files
def media_file(asset_id: uuid.UUID):
    """A stored file, to whoever may see its evidence; originals only to the owner."""
    user = acting_user()
    asset = db.session.get(MediaAsset, asset_id)
    if asset is None:
        raise NotFound("No such file.")
    evidence = access.viewable_evidence(db.session(), user, asset.evidence_id)
    if asset.role == "original" and not access.can_view_original(user, evidence):
        raise NotFound("No such file.")
    people.log_read(db.session(), evidence.dossier, user, "read_media", asset.id)
    db.commit()
    # Keys never change content, so files can be cached for good, but only privately.
    return serving.send(
        serving.Stored(get_storage(), asset.storage_key),
        content_type=asset.content_type,
        filename=asset.original_filename or asset.role,
        etag=asset.sha256,
        cache=f"private, max-age={YEAR}, immutable",
    )
