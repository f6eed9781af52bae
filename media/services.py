"""From uploaded bytes to stored, safe-to-show media.

At upload time (in the request) the file is inspected, the original is stored under a
random key (with no transaction open) and the evidence is created `pending`. After the commit
a job derives the variants (thumbnails, poster, a video every phone plays) and marks the
evidence `ready`, or `failed` with a reason the owner can read; the original is never touched
by processing.

Files written during a request are removed again if the request rolls back; files of
deleted evidence are removed only after the commit.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier, Evidence
from app.errors import Conflict, TooLarge
from app.jobs import heartbeat, huey, in_app_context
from app.outbox import enqueue_after_commit
from media.inspect import Inspection, MediaLimits, inspect_file, probe_media
from media.models import MediaAsset, ResumableUpload
from media.storage import Storage, get_storage
from media.uploads import SpooledUpload
from media.variants import (
    MediaProcessingError,
    Variant,
    make_photo_variants,
    make_playable_audio,
    make_playable_video,
    make_video_poster,
)

log = logging.getLogger(__name__)

FAILED_REASON = "This file could not be processed. The original is kept safe."
#: Given by the sweep when workers stopped (were killed) mid-job too often.
STALLED_REASON = "Processing stopped before it was done, too often. The original is kept safe."
# Backoff: 10 s, 20 s, 40 s before the last try marks the item failed.
PROCESS_RETRIES = 3


def media_limits() -> MediaLimits:
    config = current_app.config
    return MediaLimits(
        max_pixels=config["MAX_IMAGE_PIXELS"],
        max_image_bytes=config["MAX_IMAGE_BYTES"],
        max_media_seconds=config["MAX_MEDIA_SECONDS"],
    )


def inspect_upload(upload: SpooledUpload) -> Inspection:
    return inspect_file(upload.path, media_limits())


# --- quota and duplicates -------------------------------------------------------------


def dossier_usage(session: Session, dossier: Dossier) -> int:
    """Bytes of originals stored in the dossier plus bytes reserved by unfinished uploads."""
    stored = session.scalar(
        select(func.coalesce(func.sum(MediaAsset.size_bytes), 0))
        .join(Evidence, MediaAsset.evidence_id == Evidence.id)
        .where(Evidence.dossier_id == dossier.id, MediaAsset.role == "original")
    )
    unfinished = session.scalars(
        select(ResumableUpload).where(
            ResumableUpload.dossier_id == dossier.id, ResumableUpload.evidence_id.is_(None)
        )
    )
    # An export on its way to be imported is not evidence: its files are counted when imported.
    reserved = sum(
        u.length for u in unfinished if (u.upload_metadata or {}).get("purpose") != "import"
    )
    return int(stored or 0) + reserved


def check_quota(session: Session, dossier: Dossier, incoming_bytes: int) -> None:
    quota = current_app.config["DOSSIER_QUOTA_BYTES"]
    if quota and dossier_usage(session, dossier) + incoming_bytes > quota:
        raise TooLarge(
            "There is no room left in this dossier for this file.",
            {"file": [f"The dossier may hold at most {quota // (1024 * 1024)} MB."]},
            code="quota_exceeded",
        )


def find_duplicate(
    session: Session, dossier: Dossier, uploader: User, sha256: str
) -> Evidence | None:
    """The item this uploader added to this dossier that already holds exactly these bytes.

    Only the uploader's own files are compared, so nobody can probe for files of others
    (a contributor for the owner's private items, or anyone for another dossier).
    """
    return session.scalar(
        select(Evidence)
        .join(MediaAsset, MediaAsset.evidence_id == Evidence.id)
        .where(
            Evidence.dossier_id == dossier.id,
            Evidence.created_by_id == uploader.id,
            MediaAsset.role == "original",
            MediaAsset.sha256 == sha256,
        )
        .limit(1)
    )


# --- at upload time -------------------------------------------------------------------


@dataclass
class StoredOriginal:
    """An original's bytes in storage, written before its row exists."""

    storage: Storage
    key: str

    def discard(self) -> None:
        self.storage.delete(self.key)


def put_original(dossier: Dossier, upload: SpooledUpload, inspection: Inspection) -> StoredOriginal:
    """Store the bytes of a new original. Call it with no transaction open: SQLite holds its
    write lock for a whole transaction, which would block every other writer for as long as
    the bytes take (on S3, a whole upload). The bytes are removed again if the request rolls
    back; a caller that ends up not using them discards them."""
    storage = get_storage()
    key = f"{dossier.id.hex}/{secrets.token_hex(16)}/original.{inspection.extension}"
    storage.put_file(upload.path, key)
    stored = StoredOriginal(storage, key)
    db.on_rollback(stored.discard)
    return stored


def add_original(
    session: Session,
    evidence: Evidence,
    stored: StoredOriginal,
    upload: SpooledUpload,
    inspection: Inspection,
) -> None:
    """The stored original becomes the evidence's; `ready` for documents, else `pending`
    for the processing job (enqueued after the commit)."""
    evidence.media.append(
        MediaAsset(
            role="original",
            storage_backend=stored.storage.name,
            storage_key=stored.key,
            content_type=inspection.content_type,
            size_bytes=upload.size,
            sha256=upload.sha256,
            width=inspection.width,
            height=inspection.height,
            duration_seconds=inspection.duration_seconds,
            original_filename=upload.filename,
        )
    )
    if inspection.kind == "document":
        evidence.status = "ready"
    else:
        evidence.status = "pending"
        evidence_id = str(evidence.id)
        enqueue_after_commit(process_evidence_task, evidence_id)
    session.flush()


def delete_media_after_commit(evidence: Evidence) -> None:
    storage = get_storage()
    keys = [asset.storage_key for asset in evidence.media]
    db.after_commit(lambda: [storage.delete(key) for key in keys])


# --- the processing job ---------------------------------------------------------------


@huey.task(retries=PROCESS_RETRIES, retry_delay=10, retry_backoff=2, context=True)
@in_app_context
def process_evidence_task(evidence_id: str, task=None) -> None:
    final = task is None or task.retries == 0
    process_evidence(uuid.UUID(evidence_id), final_attempt=final)


def process_evidence(evidence_id: uuid.UUID, *, final_attempt: bool) -> None:
    """Derive the variants of one evidence item. Safe to run again: it does nothing for an
    item that is no longer pending, and writes variants under fixed keys. No transaction is
    open while the variants are made and stored (minutes for a video)."""
    with db.unit_of_work() as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None or evidence.status != "pending":
            return
        original = evidence.asset("original")
        if original is None:
            _fail(evidence, FAILED_REASON)
            return
        evidence.processing_attempts += 1
        evidence.processing_heartbeat_at = utcnow()
    try:
        with (
            heartbeat(
                Evidence.processing_heartbeat_at,
                Evidence.id == evidence_id,
                Evidence.status == "pending",
            ),
            local_copy(get_storage(), original.storage_key) as source,
            _work_dir() as work,
        ):
            variants = _derive(evidence, original, source, work)
            stored = _put_variants(original, variants)
    except Exception as exc:
        if isinstance(exc, MediaProcessingError):
            reason = str(exc)
        else:
            log.exception("processing evidence %s failed", evidence_id)
            if not final_attempt:
                raise
            reason = FAILED_REASON
        with db.unit_of_work() as session:
            _fail(session.get(Evidence, evidence_id), reason)
        return
    with db.unit_of_work() as session:
        _record_variants(session, evidence, stored)
        evidence.status = "ready"
        evidence.status_reason = ""
        evidence.processing_progress = 100 if evidence.kind in ("video", "audio") else None


def _derive(evidence: Evidence, original: MediaAsset, source: Path, work: Path) -> list[Variant]:
    config = current_app.config
    if evidence.kind == "photo":
        return make_photo_variants(source, work)
    if evidence.kind not in ("video", "audio"):
        return []
    info = probe_media(source)
    if info is None:
        raise MediaProcessingError("This recording cannot be read.")
    duration = original.duration_seconds or 0
    timeout = config["MEDIA_JOB_TIMEOUT_SECONDS"] + 10 * duration
    progress = _progress_reporter(evidence)
    if evidence.kind == "audio":
        return [make_playable_audio(source, info, work, on_progress=progress, timeout=timeout)]
    variants = make_video_poster(source, work, duration)
    variants.append(
        make_playable_video(
            source,
            info,
            work,
            max_height=config["VIDEO_MAX_HEIGHT"],
            on_progress=progress,
            timeout=timeout,
        )
    )
    return variants


def _progress_reporter(evidence: Evidence):
    """Write progress (and a heartbeat for the sweep) at most every two seconds."""
    last = [0.0]

    def report(percent: int) -> None:
        now = time.monotonic()
        if now - last[0] < 2:
            return
        last[0] = now
        with db.unit_of_work():  # seen by the owner (and the sweep) while the job works
            evidence.processing_progress = percent
            evidence.processing_heartbeat_at = utcnow()

    return report


@dataclass
class _StoredVariant:
    variant: Variant
    storage_backend: str
    key: str
    size: int
    sha256: str


def _put_variants(original: MediaAsset, variants: list[Variant]) -> list[_StoredVariant]:
    storage = get_storage()
    folder = original.storage_key.rsplit("/", 1)[0]
    stored = []
    for variant in variants:
        key = f"{folder}/{variant.role}{variant.path.suffix}"  # fixed: a rerun overwrites
        size = variant.path.stat().st_size
        digest = _sha256(variant.path)
        storage.put_file(variant.path, key)
        stored.append(_StoredVariant(variant, storage.name, key, size, digest))
    return stored


def _record_variants(session: Session, evidence: Evidence, stored: list[_StoredVariant]) -> None:
    existing = {asset.role: asset for asset in evidence.media}
    for item in stored:
        variant = item.variant
        asset = existing.get(variant.role)
        if asset is None:
            asset = MediaAsset(role=variant.role, evidence=evidence)
            session.add(asset)
        asset.storage_backend = item.storage_backend
        asset.storage_key = item.key
        asset.content_type = variant.content_type
        asset.size_bytes = item.size
        asset.sha256 = item.sha256
        asset.width = variant.width
        asset.height = variant.height
        asset.duration_seconds = variant.duration_seconds
    session.flush()


def _fail(evidence: Evidence | None, reason: str) -> None:
    if evidence is None:
        return
    evidence.status = "failed"
    evidence.status_reason = reason[:500]
    evidence.processing_progress = None


def recover_stalled(session: Session, *, quiet_for: timedelta, max_attempts: int) -> None:
    """Items whose worker went quiet (killed mid-job, or the job was lost): the ones tried
    `max_attempts` times are marked failed, the others are given a fresh heartbeat (so the
    next sweep waits again) and queued again."""
    last_sign_of_life = func.coalesce(Evidence.processing_heartbeat_at, Evidence.created_at)
    # Every worker sweeps: on PostgreSQL a row another sweep holds is its to queue (SQLite
    # runs one writing transaction at a time, and the next sees the fresh heartbeat).
    stalled = session.scalars(
        select(Evidence)
        .where(Evidence.status == "pending", last_sign_of_life < utcnow() - quiet_for)
        .with_for_update(skip_locked=True)
    )
    for evidence in stalled:
        if evidence.processing_attempts >= max_attempts:
            log.warning("gave up processing evidence %s", evidence.id)
            _fail(evidence, STALLED_REASON)
            continue
        log.info("queueing stalled evidence %s again", evidence.id)
        evidence.processing_heartbeat_at = utcnow()
        enqueue_after_commit(process_evidence_task, str(evidence.id))
    session.flush()


def retry_processing(session: Session, evidence: Evidence) -> Evidence:
    """Process a failed item once more, from its kept original (a person asked for it)."""
    original = evidence.asset("original")
    if evidence.status != "failed" or original is None:
        raise Conflict("Only an item whose processing failed can be tried again.",
                       code="not_failed")  # fmt: skip
    evidence.status = "pending"
    evidence.status_reason = ""
    evidence.processing_attempts = 0
    evidence.processing_progress = None
    evidence.processing_heartbeat_at = utcnow()
    enqueue_after_commit(process_evidence_task, str(evidence.id))
    session.flush()
    return evidence


# --- files ----------------------------------------------------------------------------


@contextmanager
def local_copy(storage: Storage, key: str) -> Iterator[Path]:
    """The stored object as a local file: the file itself on disk, a temp copy from S3."""
    path = storage.local_path(key)
    if path is not None:
        yield path
        return
    with _work_dir() as work:
        target = work / Path(key).name
        storage.download_to(key, target)
        yield target


@contextmanager
def _work_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(dir=tmp_dir(), prefix="work-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


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
