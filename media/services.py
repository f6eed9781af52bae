"""Turning an uploaded file into stored media: inspect, store the original, derive variants.

Files written here are registered for removal should the request roll back, so a failed
upload leaves no file behind; deletions of replaced files wait until after the commit.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import shutil
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from app.db import db
from app.dossiers.models import Evidence
from media.inspect import Inspection, inspect_file
from media.models import MediaAsset
from media.storage import Storage, get_storage
from media.uploads import SpooledUpload
from media.variants import Variant, make_photo_variants, make_video_poster

log = logging.getLogger(__name__)


def inspect_upload(upload: SpooledUpload) -> Inspection:
    config = current_app.config
    return inspect_file(
        upload.path,
        max_pixels=config["MAX_IMAGE_PIXELS"],
        max_image_bytes=config["MAX_IMAGE_BYTES"],
    )


def store_media(
    session: Session, evidence: Evidence, upload: SpooledUpload, inspection: Inspection
) -> None:
    """Store the original and its variants and mark the evidence ready (or failed)."""
    storage = get_storage()
    prefix = f"{evidence.dossier_id.hex}/{secrets.token_hex(16)}"
    work_dir = Path(tempfile.mkdtemp(dir=tmp_dir(), prefix="work-"))
    try:
        variants = _derive(upload.path, inspection, work_dir, evidence)
        original_key = f"{prefix}/original.{inspection.extension}"
        _put(storage, upload.path, original_key)
        evidence.media.append(
            MediaAsset(
                role="original",
                storage_backend=storage.name,
                storage_key=original_key,
                content_type=inspection.content_type,
                size_bytes=upload.size,
                sha256=upload.sha256,
                width=inspection.width,
                height=inspection.height,
                duration_seconds=inspection.duration_seconds,
                original_filename=upload.filename,
            )
        )
        for variant in variants:
            key = f"{prefix}/{variant.role}.jpg"
            size = variant.path.stat().st_size
            digest = _sha256(variant.path)
            _put(storage, variant.path, key)
            evidence.media.append(
                MediaAsset(
                    role=variant.role,
                    storage_backend=storage.name,
                    storage_key=key,
                    content_type=variant.content_type,
                    size_bytes=size,
                    sha256=digest,
                    width=variant.width,
                    height=variant.height,
                )
            )
        session.flush()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def _derive(
    source: Path, inspection: Inspection, work_dir: Path, evidence: Evidence
) -> list[Variant]:
    if inspection.kind == "photo":
        variants = make_photo_variants(source, work_dir)
    elif inspection.kind == "video":
        try:
            variants = make_video_poster(source, work_dir, inspection.duration_seconds)
        except Exception as exc:  # noqa: BLE001 - the video itself is still worth keeping
            log.warning("no poster frame for evidence %s: %s", evidence.id, exc)
            evidence.status = "failed"
            evidence.status_reason = "No preview image could be made from this video."
            return []
    else:
        variants = []
    evidence.status = "ready"
    evidence.status_reason = ""
    return variants


def _put(storage: Storage, path: Path, key: str) -> None:
    storage.put_file(path, key)
    db.on_rollback(lambda: storage.delete(key))


def delete_media_after_commit(evidence: Evidence) -> None:
    storage = get_storage()
    keys = [asset.storage_key for asset in evidence.media]
    db.after_commit(lambda: [storage.delete(key) for key in keys])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def tmp_dir() -> Path:
    path = Path(current_app.config["UPLOAD_TMP_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path
