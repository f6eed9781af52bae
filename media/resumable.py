"""Resumable uploads (the tus 1.0 protocol's state, without the HTTP).

The bytes of an upload collect in a private file named after the upload's id; its size is
the true offset, so an upload survives a crashed request or a restarted server. An
exclusive lock on the file keeps two requests from writing the same upload at once.
Completion hands the file to the normal capture path, so a tus upload and a form upload
become evidence in exactly the same way. An upload whose metadata says `purpose: import` is a
Bagage export to import instead: it never becomes evidence, is limited by IMPORT_MAX_BYTES
rather than the dossier's quota, and waits for the import to take it (app/portability).
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import own_upload
from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier
from app.errors import Conflict, DomainError, Invalid, TooLarge
from app.input import CONTROL_MESSAGE, has_control_characters
from media.models import ResumableUpload
from media.services import check_quota
from media.uploads import CHUNK, SpooledUpload, clean_filename

CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "md5": hashlib.md5}
METADATA_KEYS = {"filename", "filetype", "title", "description", "client_uid", "occurred_at",
                 "dossier_id", "purpose"}  # fmt: skip
MULTILINE_METADATA = {"description"}


class Gone(DomainError):
    status = 410
    code = "upload_expired"


class Locked(DomainError):
    status = 423
    code = "upload_locked"


class ChecksumMismatch(DomainError):
    status = 460
    code = "checksum_mismatch"


def parse_metadata(header: str | None) -> dict[str, str]:
    """Upload-Metadata: comma-separated `key base64value` pairs."""
    result: dict[str, str] = {}
    for pair in (header or "").split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _, value = pair.partition(" ")
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise Invalid(
                "Upload-Metadata is not valid.", {"Upload-Metadata": [f"Bad value for {key}."]}
            ) from exc
        if key in METADATA_KEYS:
            if has_control_characters(decoded, multiline=key in MULTILINE_METADATA):
                raise Invalid("Upload-Metadata is not valid.", {key: [CONTROL_MESSAGE]})
            result[key] = decoded[:20_000]
    return result


def parts_dir() -> Path:
    path = Path(current_app.config["UPLOAD_TMP_DIR"]) / "resumable"
    path.mkdir(parents=True, exist_ok=True)
    return path


def part_path(upload: ResumableUpload) -> Path:
    return parts_dir() / f"{upload.id.hex}.part"


def is_import(upload: ResumableUpload) -> bool:
    """An export on its way to be imported, not evidence."""
    return (upload.upload_metadata or {}).get("purpose") == "import"


def create_upload(
    session: Session, user: User, dossier: Dossier, *, length: int, metadata: dict[str, str]
) -> ResumableUpload:
    importing = metadata.get("purpose") == "import"
    if metadata.get("purpose") not in (None, "", "import"):
        raise Invalid("purpose must be import or left out.", {"purpose": ["Unknown purpose."]})
    limit = current_app.config["IMPORT_MAX_BYTES" if importing else "MAX_UPLOAD_BYTES"]
    if length > limit:
        raise TooLarge(
            "The file is larger than allowed.",
            {"file": [f"At most {limit // (1024 * 1024)} MB."]},
            code="file_too_large",
        )
    if length == 0:
        raise Invalid("The file is empty.", {"file": ["The file is empty."]}, code="empty_file")
    if importing:  # the import checks the dossier's quota against what it really adds
        _drop_other_imports(session, user)
        _check_disk(length)
    else:
        check_quota(session, dossier, length)
    upload = ResumableUpload(
        id=uuid.uuid4(),
        user_id=user.id,
        dossier_id=dossier.id,
        length=length,
        offset=0,
        upload_metadata=metadata,
        expires_at=_new_expiry(),
    )
    session.add(upload)
    part_path(upload).touch(mode=0o600)
    session.flush()
    return upload


def _drop_other_imports(session: Session, user: User) -> None:
    """One import upload at a time per person: a new one replaces those that still wait, so
    nobody can hold the server's disk with many large uploads (each is checked alone)."""
    for upload in session.scalars(
        select(ResumableUpload).where(
            ResumableUpload.user_id == user.id, ResumableUpload.evidence_id.is_(None)
        )
    ).all():
        if is_import(upload):
            discard_upload(session, upload)


def _check_disk(length: int) -> None:
    """Refuse at once what the upload folder has no room for (several GB of export)."""
    free = shutil.disk_usage(parts_dir()).free
    if length > free:
        raise TooLarge(
            "The server has no room for a file this large now; try again later.",
            {"file": [f"At most {free // (1024 * 1024)} MB fits now."]},
            code="no_room_on_server",
        )


def _new_expiry():
    return utcnow() + timedelta(hours=current_app.config["UPLOAD_EXPIRY_HOURS"])


def get_upload(session: Session, user: User, upload_id: uuid.UUID) -> ResumableUpload:
    upload = own_upload(session, user, upload_id)
    if upload.evidence_id is None and upload.expires_at <= utcnow():
        raise Gone("This upload has expired. Start it again.")
    return upload


def current_offset(upload: ResumableUpload) -> int:
    if upload.evidence_id is not None or upload.offset == upload.length:
        return upload.offset
    path = part_path(upload)
    return path.stat().st_size if path.exists() else 0


@contextmanager
def _locked(upload: ResumableUpload) -> Iterator[BinaryIO]:
    path = part_path(upload)
    if not path.exists():
        raise Gone("The bytes of this upload are gone. Start it again.")
    fh = path.open("r+b")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise Locked("This upload is busy in another request; try again shortly.") from exc
        yield fh
    finally:
        fh.close()


@dataclass
class Checksum:
    algorithm: str
    digest: bytes


def parse_checksum(header: str | None) -> Checksum | None:
    if not header:
        return None
    name, _, value = header.strip().partition(" ")
    if name not in CHECKSUM_ALGORITHMS:
        raise Invalid(
            "This checksum algorithm is not supported.",
            {"Upload-Checksum": [f"Use one of {', '.join(CHECKSUM_ALGORITHMS)}."]},
            code="checksum_algorithm",
        )
    try:
        return Checksum(name, base64.b64decode(value, validate=True))
    except binascii.Error as exc:
        raise Invalid("Upload-Checksum is not valid base64.", {"Upload-Checksum": ["Bad value."]}
                      ) from exc  # fmt: skip


def append_chunk(
    upload: ResumableUpload,
    stream: BinaryIO,
    *,
    offset: int,
    content_length: int | None,
    checksum: Checksum | None,
) -> int:
    """Write the next bytes at offset; returns the new offset.

    What arrives before a dropped connection is kept (the client resumes from there),
    unless a checksum was sent: then a chunk is all or nothing.
    """
    if upload.evidence_id is not None or upload.offset == upload.length:
        raise Conflict("This upload is already complete.", code="upload_complete")
    db.checkpoint()  # no transaction (nor SQLite lock) while the bytes arrive: that takes long
    with _locked(upload) as fh:
        fh.seek(0, os.SEEK_END)
        actual = fh.tell()
        if offset != actual:
            raise Conflict(
                "Upload-Offset does not match the bytes received so far.",
                {"Upload-Offset": [f"Expected {actual}."]},
                code="offset_mismatch",
            )
        remaining = upload.length - actual
        if content_length is not None and content_length > remaining:
            raise Invalid(
                "The chunk goes past the declared Upload-Length.",
                {"Upload-Length": [f"Only {remaining} bytes remain."]},
                code="too_many_bytes",
            )
        hasher = CHECKSUM_ALGORITHMS[checksum.algorithm]() if checksum else None
        written = 0
        try:
            while written < remaining:
                chunk = stream.read(min(CHUNK, remaining - written))
                if not chunk:
                    break
                if hasher:
                    hasher.update(chunk)
                fh.write(chunk)
                written += len(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        except Exception:
            fh.flush()
            if checksum:  # a partial chunk cannot be verified: drop it
                fh.truncate(actual)
            raise
        if hasher and hasher.digest() != checksum.digest:
            fh.truncate(actual)
            raise ChecksumMismatch("The chunk's checksum does not match; send it again.")
        if content_length is not None and written < content_length and stream.read(1):
            raise Invalid("The chunk goes past the declared Upload-Length.",
                          code="too_many_bytes")  # fmt: skip
        upload.offset = actual + written
        upload.expires_at = _new_expiry()
        return upload.offset


@contextmanager
def completed_file(upload: ResumableUpload) -> Iterator[SpooledUpload]:
    """The completed bytes as a spooled upload for the normal capture path, hashed only once
    the capture enters it."""
    path = part_path(upload)
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    yield SpooledUpload(
        path=path,
        size=path.stat().st_size,
        sha256=digest.hexdigest(),
        filename=clean_filename(upload.upload_metadata.get("filename", "")),
        reserved=True,
    )


def discard_upload(session: Session, upload: ResumableUpload) -> None:
    part_path(upload).unlink(missing_ok=True)
    session.delete(upload)
    session.flush()


def delete_expired_uploads(session: Session) -> int:
    """Remove abandoned uploads and their bytes; finished ones are kept until expiry too."""
    expired = session.scalars(
        select(ResumableUpload).where(ResumableUpload.expires_at <= utcnow())
    ).all()
    for upload in expired:
        discard_upload(session, upload)
    # Part files without a row (a crash between creating the file and the commit).
    known = {u.hex for u in session.scalars(select(ResumableUpload.id))}
    for path in parts_dir().glob("*.part"):
        if path.stem not in known and _older_than(path, hours=1):
            path.unlink(missing_ok=True)
    return len(expired)


def _older_than(path: Path, *, hours: int) -> bool:
    return time.time() - path.stat().st_mtime > hours * 3600
