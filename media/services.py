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

import base64
import hashlib
import logging
import secrets
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import current_app
from PIL import Image
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app import access
from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier, Evidence
from app.errors import Conflict, TooLarge
from app.jobs import AFTER_THE_REST, SOMEONE_WAITS, heartbeat, huey, in_app_context
from app.outbox import enqueue_after_commit
from media import faces as face_finder
from media.faces import Box, FaceTrack
from media.inspect import Inspection, MediaLimits, inspect_file, probe_media
from media.models import SHARP_ROLES, Face, MediaAsset, ResumableUpload
from media.storage import Storage, get_storage
from media.uploads import SpooledUpload
from media.variants import (
    MediaProcessingError,
    Variant,
    first_thumbnail,
    load_photo,
    make_playable_audio,
    make_playable_video,
    photo_variants,
    poster_variants,
    video_frame,
    webp_twin,
)

log = logging.getLogger(__name__)

FAILED_REASON = "This file could not be processed. The original is kept safe."
#: Given by the sweep when workers stopped (were killed) mid-job too often.
STALLED_REASON = "Processing stopped before it was done, too often. The original is kept safe."
#: The owner's first thumbnail of a photo is stored under this name (and a random part).
FIRST_THUMBNAIL = "first_thumbnail"
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
    unfinished = session.scalars(
        select(ResumableUpload).where(
            ResumableUpload.dossier_id == dossier.id, ResumableUpload.evidence_id.is_(None)
        )
    )
    # An export on its way to be imported is not evidence: its files are counted when imported.
    reserved = sum(
        u.length for u in unfinished if (u.upload_metadata or {}).get("purpose") != "import"
    )
    return dossier.stored_bytes + reserved


def count_stored(session: Session, dossier_id: uuid.UUID, size: int) -> None:
    """An original of `size` bytes comes into the dossier (or, negative, leaves it). One
    UPDATE that adds at the database, so captures at the same time never lose a change."""
    session.execute(
        update(Dossier)
        .where(Dossier.id == dossier_id)
        .values(stored_bytes=Dossier.stored_bytes + size)
    )


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
    count_stored(session, evidence.dossier_id, upload.size)
    if inspection.kind == "document":
        evidence.status = "ready"
    else:
        evidence.status = "pending"
        evidence_id = str(evidence.id)
        if inspection.kind == "photo":
            enqueue_after_commit(first_thumbnail_task, evidence_id)
        enqueue_after_commit(process_evidence_task, evidence_id)
    session.flush()


def release_media(session: Session, evidence: Evidence) -> None:
    """The item's files go: its original stops counting against the dossier now, and the
    files leave storage after the commit."""
    storage = get_storage()
    # Held until the commit: a processing job records its files under the same lock, so its
    # files are either among these or see the item gone (and remove themselves).
    session.flush()
    session.refresh(evidence, with_for_update=True)
    session.expire(evidence, ["media"])
    original = evidence.asset("original")
    if original is not None:
        count_stored(session, evidence.dossier_id, -original.size_bytes)
        # The finished upload it came by goes too: without its item it would count as an
        # unfinished one, and hold the room the file just gave back.
        session.execute(delete(ResumableUpload).where(ResumableUpload.evidence_id == evidence.id))
    keys = [asset.storage_key for asset in evidence.media]
    db.after_commit(lambda: [storage.delete(key) for key in keys])


# --- the processing job ---------------------------------------------------------------


@huey.task(priority=SOMEONE_WAITS)
@in_app_context
def first_thumbnail_task(evidence_id: str) -> None:
    first_owner_thumbnail(uuid.UUID(evidence_id))


def first_owner_thumbnail(evidence_id: uuid.UUID) -> None:
    """A new photo's thumbnail for its owner, ahead of the queue's other work: the owner sees
    the photo in the timeline on every device while the full job (faces, every size) waits
    its turn behind a burst. Others see nothing of it until that job is done. It gives way
    when that job has started: what it makes would only be replaced."""
    with db.unit_of_work() as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None or evidence.status != "pending" or evidence.processing_attempts:
            return
        original = evidence.asset("original")
    if original is None:
        return
    try:
        with local_copy(get_storage(), original.storage_key) as source, _work_dir() as work:
            variant = first_thumbnail(source, work)
            # A name of its own per run: a second run must not overwrite (and then remove)
            # the file the first one recorded.
            variant.name = f"{FIRST_THUMBNAIL}-{secrets.token_hex(6)}"
            stored = _put_variants(original, [variant])
    except Exception:  # noqa: BLE001 - the full job makes the thumbnail, or says what is wrong
        log.warning("no first thumbnail for evidence %s", evidence_id, exc_info=True)
        return
    with db.unit_of_work() as session:
        evidence = _locked(session, evidence_id)
        if evidence is None or evidence.status != "pending" or evidence.processing_attempts:
            _delete_after_commit(stored[0].key)
            return
        _record_variants(session, evidence, stored)


def _locked(session: Session, evidence_id: uuid.UUID) -> Evidence | None:
    """The item as it is now, held until the commit: the first thumbnail and the full job
    record their files one after the other, each seeing what the other left."""
    evidence = session.get(Evidence, evidence_id, with_for_update=True, populate_existing=True)
    if evidence is not None:
        session.expire(evidence, ["media"])
    return evidence


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
        plan = _face_plan(session, evidence)
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
            # The display WebP comes after the burst (add_display_webp): others can see the
            # photo without it, and a burst's photos all become ready sooner.
            variants = _derive(evidence, original, source, work, plan, display_webp=False)
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
            evidence = _locked(session, evidence_id)
            if evidence is not None and evidence.status == "pending":  # not done by a twin
                _fail(evidence, reason)
        return
    with db.unit_of_work() as session:
        evidence = _locked(session, evidence_id)
        if evidence is None:  # deleted meanwhile: what this run stored has no owner
            for item in stored:
                _delete_after_commit(item.key)
            return
        if evidence.status != "pending":
            # A twin run (handed over twice, or queued again by the sweep) finished first, and
            # this one overwrote its copies at their fixed keys: make them again from the
            # faces and choices on record, so none of the owner's choices is undone.
            if evidence.kind in ("photo", "video"):
                request_shown_copies(evidence)
            return
        _record_variants(session, evidence, stored)
        _drop_sharp_copies_not_made(session, evidence, stored)
        _record_faces(session, evidence, plan)
        evidence.status = "ready"
        evidence.status_reason = ""
        evidence.processing_progress = 100 if evidence.kind in ("video", "audio") else None
        display = next((item for item in stored if item.variant.role == "display"), None)
        if display is not None:
            enqueue_after_commit(display_webp_task, str(evidence_id), display.sha256)


@huey.task(priority=AFTER_THE_REST, retries=2, retry_delay=10)
@in_app_context
def display_webp_task(evidence_id: str, display_sha256: str) -> None:
    add_display_webp(uuid.UUID(evidence_id), display_sha256)


def add_display_webp(evidence_id: uuid.UUID, display_sha256: str) -> None:
    """The WebP of a new photo's display copy, after the queue's other work: browsers are sent
    the display JPEG until it is there. It re-encodes that JPEG (the copy others see, faces
    blurred as in it), and is kept only while that JPEG is still the one served: copies made
    again meanwhile (the owner changed the faces) bring a WebP of their own."""
    with db.unit_of_work() as session:
        evidence = session.get(Evidence, evidence_id)
        display = _display_awaiting_webp(evidence, display_sha256)
        original = evidence.asset("original") if display is not None else None
        if original is None:
            return
        display_key = display.storage_key
    with local_copy(get_storage(), display_key) as jpeg, _work_dir() as work:
        variant = webp_twin(jpeg, "display", work)
        # A name of its own: never over the WebP that copies made meanwhile stored.
        variant.name = f"display_webp-{secrets.token_hex(6)}"
        stored = _put_variants(original, [variant])
    with db.unit_of_work() as session:
        evidence = _locked(session, evidence_id)
        if _display_awaiting_webp(evidence, display_sha256) is None:
            _delete_after_commit(stored[0].key)
            return
        _record_variants(session, evidence, stored)


def _display_awaiting_webp(evidence: Evidence | None, display_sha256: str) -> MediaAsset | None:
    """The item's display JPEG if it is still the one with that digest and has no WebP yet."""
    display = evidence.asset("display") if evidence is not None else None
    if display is None or display.sha256 != display_sha256 or evidence.asset("display_webp"):
        return None
    return display


# --- faces ------------------------------------------------------------------------------
# Every copy others see has the faces blurred that the owner did not keep visible; the owner
# keeps sharp copies (sharp_*) beside them. The detector runs once per item; after that the
# stored faces (with the owner's choices) decide, and the copies are made again from the
# original when the owner changes them.


@dataclass
class _FacePlan:
    #: The faces already known (None: look for them now).
    known: list[Face] | None
    #: The owner's marked face, to keep it visible where it is found.
    owner_signature: bytes | None
    #: The owner's school keeps faces blurred (under 16): only their own face may show.
    stay_blurred: bool
    #: Faces found by this run (when known was None).
    found: list[Face] = field(default_factory=list)

    @property
    def faces(self) -> list[Face]:
        return self.known if self.known is not None else self.found

    def to_blur(self) -> list[Face]:
        return [f for f in self.faces if is_blurred(f, stay_blurred=self.stay_blurred)]


def is_blurred(face: Face, *, stay_blurred: bool) -> bool:
    if face.own_face and face.keep_visible:
        return False
    return stay_blurred or not face.keep_visible


def _face_plan(session: Session, evidence: Evidence) -> _FacePlan:
    owner = evidence.dossier.owner
    known = None
    if evidence.faces_checked_at is not None:
        rows = session.scalars(select(Face).where(Face.evidence_id == evidence.id))
        # Plain copies: they are read after this transaction, while the copies are made.
        known = [
            Face(box=f.box, track=f.track, keep_visible=f.keep_visible, own_face=f.own_face)
            for f in rows
        ]
    return _FacePlan(
        known=known,
        # Only a new search matches the owner's face; known faces carry their own_face.
        owner_signature=own_face_signature(owner) if known is None else None,
        stay_blurred=access.faces_stay_blurred(session, owner),
    )


def _boxes_at(faces: list[Face], at: float) -> list[Box]:
    """Where the faces are in the video's frame at `at` seconds (drawn boxes: always)."""
    boxes = []
    for face in faces:
        if face.track:
            box = FaceTrack.from_list(face.track).box_at(at)
            if box is not None:
                boxes.append(box)
        else:
            boxes.append(Box.from_list(face.box))
    return boxes


def _video_regions(faces: list[Face]) -> list:
    return [
        FaceTrack.from_list(face.track) if face.track else (Box.from_list(face.box), None)
        for face in faces
    ]


def _own(plan: _FacePlan, picture, box: Box) -> bool:
    return plan.owner_signature is not None and face_finder.same_face(
        plan.owner_signature, picture, box
    )


def _derive(
    evidence: Evidence,
    original: MediaAsset,
    source: Path,
    work: Path,
    plan: _FacePlan,
    *,
    display_webp: bool = True,
) -> list[Variant]:
    config = current_app.config
    if evidence.kind == "photo":
        clean = load_photo(source)
        if plan.known is None:
            for box in face_finder.detect_faces(clean):
                own = _own(plan, clean, box)
                plan.found.append(Face(box=box.to_list(), keep_visible=own, own_face=own))
        blurred = [Box.from_list(f.box) for f in plan.to_blur()]
        hide = (lambda p: face_finder.blur_faces(p, blurred)) if blurred else None
        return photo_variants(clean, work, hide=hide, display_webp=display_webp)
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
    frame, at = video_frame(source, work, duration)
    if plan.known is None:
        for track in face_finder.detect_video_faces(source, duration=duration, timeout=timeout):
            box = track.box_at(at)
            own = box is not None and _own(plan, frame, box)
            first = track.samples[0][1]
            plan.found.append(
                Face(box=first.to_list(), track=track.to_list(), keep_visible=own, own_face=own)
            )
    blurred = plan.to_blur()
    playable = make_playable_video(
        source,
        info,
        work,
        max_height=config["VIDEO_MAX_HEIGHT"],
        on_progress=(lambda p: progress(p // 2)) if blurred else progress,
        timeout=timeout,
    )
    if not blurred:
        return [*poster_variants(frame, work), playable]
    playable.role = "sharp_playable"
    blurred_dir = work / "blurred"
    blurred_dir.mkdir()
    shown_video = face_finder.make_blurred_video(
        source,
        info,
        blurred_dir,
        _video_regions(blurred),
        max_height=config["VIDEO_MAX_HEIGHT"],
        on_progress=lambda p: progress(50 + p // 2),
        timeout=timeout,
    )
    boxes = _boxes_at(blurred, at)
    posters = poster_variants(frame, work, hide=lambda p: face_finder.blur_faces(p, boxes))
    return [*posters, playable, shown_video]


def _record_faces(session: Session, evidence: Evidence, plan: _FacePlan) -> None:
    if evidence.kind not in ("photo", "video"):
        return
    if plan.known is None:
        for face in plan.found:
            face.evidence_id = evidence.id
            session.add(face)
        evidence.faces_checked_at = utcnow()


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
        key = f"{folder}/{variant.name or variant.role}{variant.path.suffix}"  # a rerun overwrites
        size = variant.path.stat().st_size
        digest = _sha256(variant.path)
        storage.put_file(variant.path, key)
        stored.append(_StoredVariant(variant, storage.name, key, size, digest))
    return stored


def _record_variants(session: Session, evidence: Evidence, stored: list[_StoredVariant]) -> None:
    """Record stored copies in place of those of the same role."""
    existing = {asset.role: asset for asset in evidence.media}
    for item in stored:
        variant = item.variant
        asset = existing.get(variant.role)
        if asset is None:
            asset = MediaAsset(role=variant.role, evidence=evidence)
            session.add(asset)
        elif asset.storage_key != item.key:  # the first thumbnail, replaced
            _delete_after_commit(asset.storage_key)
        asset.storage_backend = item.storage_backend
        asset.storage_key = item.key
        asset.content_type = variant.content_type
        asset.size_bytes = item.size
        asset.sha256 = item.sha256
        asset.width = variant.width
        asset.height = variant.height
        asset.duration_seconds = variant.duration_seconds
    session.flush()


def _drop_sharp_copies_not_made(
    session: Session, evidence: Evidence, stored: list[_StoredVariant]
) -> None:
    """After a whole set of copies: sharp copies are kept only while others see something
    blurred, so those the set did not make again go."""
    made = {item.variant.role for item in stored}
    for asset in list(evidence.media):
        if asset.role in SHARP_ROLES and asset.role not in made:
            evidence.media.remove(asset)
            session.delete(asset)
            _delete_after_commit(asset.storage_key)
    session.flush()


def _delete_after_commit(key: str) -> None:
    db.after_commit(lambda: get_storage().delete(key))


def _fail(evidence: Evidence | None, reason: str) -> None:
    if evidence is None:
        return
    evidence.status = "failed"
    evidence.status_reason = reason[:500]
    evidence.processing_progress = None
    # A failed item shows its original alone, not the owner's first thumbnail.
    for asset in [a for a in evidence.media if _is_first_thumbnail(a)]:
        evidence.media.remove(asset)
        _delete_after_commit(asset.storage_key)


def _is_first_thumbnail(asset: MediaAsset) -> bool:
    return asset.storage_key.rsplit("/", 1)[-1].startswith(FIRST_THUMBNAIL)


def recover_stalled(session: Session, *, quiet_for: timedelta, max_attempts: int) -> None:
    """Items whose worker went quiet (killed mid-job, or the job was lost): the ones tried
    `max_attempts` times are marked failed, the others are given a fresh heartbeat (so the
    next sweep waits again) and queued again. So are the copies others see of a ready item,
    asked for again and not made (they are not given up: until they are made, others see the
    faces as they were before the owner's change)."""
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
    # Copies for others asked for again (faces changed) whose job was lost: until they are
    # made, others are served the copies from before the change, so they are asked for again.
    lost = session.scalars(
        select(Evidence)
        .where(
            Evidence.status == "ready",
            Evidence.faces_pending.is_(True),
            last_sign_of_life < utcnow() - quiet_for,
        )
        .with_for_update(skip_locked=True)
    )
    for evidence in lost:
        log.info("asking again for the shown copies of evidence %s", evidence.id)
        request_shown_copies(evidence)
    session.flush()


@huey.task(retries=2, retry_delay=10, context=True)
@in_app_context
def refresh_shown_copies_task(evidence_id: str, task=None) -> None:
    refresh_shown_copies(uuid.UUID(evidence_id))


def refresh_shown_copies(evidence_id: uuid.UUID) -> None:
    """Make the copies others see again from the original, after the owner changed which faces
    are blurred (or for an item from before faces were looked for). The old copies are served
    until the new ones are stored; if the faces change meanwhile, it runs once more."""
    with db.unit_of_work() as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None or evidence.status != "ready" or not evidence.faces_pending:
            return
        original = evidence.asset("original")
        if original is None or evidence.kind not in ("photo", "video"):
            evidence.faces_pending = False
            return
        evidence.processing_heartbeat_at = utcnow()
        plan = _face_plan(session, evidence)
    with (
        heartbeat(
            Evidence.processing_heartbeat_at,
            Evidence.id == evidence_id,
            Evidence.faces_pending.is_(True),
        ),
        local_copy(get_storage(), original.storage_key) as source,
        _work_dir() as work,
    ):
        variants = _derive(evidence, original, source, work, plan)
        stored = _put_variants(original, variants)
    with db.unit_of_work() as session:
        evidence = _locked(session, evidence_id)
        if evidence is None:  # deleted meanwhile: what this run stored has no owner
            for item in stored:
                _delete_after_commit(item.key)
            return
        now = _face_plan(session, evidence)
        _record_variants(session, evidence, stored)
        _drop_sharp_copies_not_made(session, evidence, stored)
        _record_faces(session, evidence, plan)
        if plan.known is not None and _blur_state(now) != _blur_state(plan):
            enqueue_after_commit(refresh_shown_copies_task, str(evidence_id))
        else:
            evidence.faces_pending = False


def _blur_state(plan: _FacePlan) -> list:
    return sorted((repr(f.box), repr(f.track)) for f in plan.to_blur())


def queue_unchecked_faces(session: Session, limit: int) -> int:
    """Queue ready photos and videos whose faces were never looked for (not yet queued)."""
    items = session.scalars(
        select(Evidence)
        .where(
            Evidence.status == "ready",
            Evidence.kind.in_(("photo", "video")),
            Evidence.faces_checked_at.is_(None),
            Evidence.faces_pending.is_(False),
        )
        .limit(limit)
    ).all()
    for evidence in items:
        request_shown_copies(evidence)
    return len(items)


#: More boxes than this on one item is not a photo of people any more.
MAX_FACES = 60


def faces_of(session: Session, evidence: Evidence) -> list[Face]:
    return list(
        session.scalars(
            select(Face).where(Face.evidence_id == evidence.id).order_by(Face.created_at, Face.id)
        )
    )


def keep_face_visible(session: Session, owner: User, face: Face, keep: bool) -> Face:
    """The owner keeps a face visible for others (their own, or a child whose parents said
    yes), or has it blurred again."""
    if keep and not face.own_face and access.faces_stay_blurred(session, owner):
        raise Conflict(
            "Your school keeps faces blurred until you are 16; only your own face can stay "
            "visible.",
            code="faces_stay_blurred",
        )
    if face.keep_visible != keep:
        face.keep_visible = keep
        request_shown_copies(session.get(Evidence, face.evidence_id))
    session.flush()
    return face


def draw_face(session: Session, evidence: Evidence, box: Box) -> Face:
    """A face the detector missed, boxed by the owner: blurred like the others (in a video,
    for the whole recording)."""
    if evidence.kind not in ("photo", "video") or evidence.status != "ready":
        raise Conflict("Faces can be marked on a finished photo or video.", code="not_a_picture")
    if len(faces_of(session, evidence)) >= MAX_FACES:
        raise Conflict(f"At most {MAX_FACES} faces can be marked on one item.", code="too_many")
    face = Face(evidence_id=evidence.id, box=box.to_list(), source="drawn")
    session.add(face)
    request_shown_copies(evidence)
    session.flush()
    return face


def remove_drawn_face(session: Session, face: Face) -> None:
    """A drawn box taken away again; a found face is kept visible instead (see above)."""
    if face.source != "drawn":
        raise Conflict("A face the app found stays; keep it visible instead.", code="not_drawn")
    evidence = session.get(Evidence, face.evidence_id)
    session.delete(face)
    request_shown_copies(evidence)
    session.flush()


def own_face_signature(owner: User) -> bytes | None:
    """The owner's marked face, if it is of the kind faces are now compared by (one marked
    before a change of that kind is marked again by tapping "this is me" once more)."""
    if owner.face_signature is None:
        return None
    signature = base64.b64decode(owner.face_signature)
    return signature if face_finder.is_current_signature(signature) else None


def mark_own_face(session: Session, owner: User, face: Face) -> Face:
    """ "This is me": the face stays visible here, and the owner's face is recognised in their
    later photos. Only a descriptor of this one face is kept, encrypted, on the owner's
    account; it is marked once (forget it to mark another)."""
    evidence = session.get(Evidence, face.evidence_id)
    if evidence.kind != "photo":
        raise Conflict("Mark your face in a photo.", code="not_a_photo")
    if own_face_signature(owner) is not None:
        raise Conflict(
            "Your face is marked already. Forget it first to mark another.",
            code="face_marked_already",
        )
    picture = evidence.asset("sharp_display") or evidence.asset("display")
    if picture is None:
        raise Conflict("This photo is not ready yet.", code="not_ready")
    with local_copy(get_storage(), picture.storage_key) as path, Image.open(path) as img:
        signature = face_finder.face_signature(img.convert("RGB"), Box.from_list(face.box))
    owner.face_signature = base64.b64encode(signature).decode("ascii")
    face.own_face = True
    face.keep_visible = True
    request_shown_copies(evidence)
    session.flush()
    return face


def forget_own_face(session: Session, owner: User) -> None:
    """The descriptor of the owner's face is deleted; faces kept visible stay as chosen."""
    owner.face_signature = None
    session.flush()


def apply_blur_rule(session: Session, owner: User) -> None:
    """When the owner's school keeps faces blurred (under 16), faces kept visible other than
    their own are blurred again in the copies others see."""
    if not access.faces_stay_blurred(session, owner):
        return
    kept = session.scalars(
        select(Evidence)
        .join(Face, Face.evidence_id == Evidence.id)
        .join(Dossier, Dossier.id == Evidence.dossier_id)
        .where(Dossier.owner_id == owner.id, Face.keep_visible.is_(True), Face.own_face.is_(False))
        .distinct()
    ).all()
    for evidence in kept:
        if evidence.status == "ready":
            request_shown_copies(evidence)


def request_shown_copies(evidence: Evidence) -> None:
    """Make the copies others see again, after the commit: the owner changed the faces, or
    the item arrived from elsewhere. A job lost on its way is asked for again by the sweep
    (recover_stalled), counting from the time set here."""
    evidence.faces_pending = True
    evidence.processing_heartbeat_at = utcnow()
    enqueue_after_commit(refresh_shown_copies_task, str(evidence.id))


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
