"""Receiving uploaded bytes: spooled to a private temp file while hashing, never held in memory."""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.errors import Invalid, TooLarge

CHUNK = 1024 * 1024


@dataclass
class SpooledUpload:
    path: Path
    size: int
    sha256: str
    filename: str
    #: Already counted in the dossier's usage: a tus upload reserves its length until done.
    reserved: bool = False

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def spool_upload(
    stream: BinaryIO, *, filename: str, tmp_dir: Path, max_bytes: int
) -> SpooledUpload:
    """Copy the stream to a temp file in chunks, hashing on the way."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
    path = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise _too_large(max_bytes)
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if size == 0:
        path.unlink(missing_ok=True)
        raise _empty()
    return SpooledUpload(
        path=path, size=size, sha256=digest.hexdigest(), filename=clean_filename(filename)
    )


def adopt_file(path: Path, *, filename: str, max_bytes: int) -> SpooledUpload:
    """A file already in the upload folder becomes a SpooledUpload without a copy."""
    size = path.stat().st_size
    if size > max_bytes:
        raise _too_large(max_bytes)
    if size == 0:
        raise _empty()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return SpooledUpload(path=path, size=size, sha256=digest.hexdigest(),
                         filename=clean_filename(filename))  # fmt: skip


def _too_large(max_bytes: int) -> TooLarge:
    return TooLarge(
        "The file is larger than allowed.",
        {"file": [f"At most {max_bytes // (1024 * 1024)} MB."]},
        code="file_too_large",
    )


def _empty() -> Invalid:
    return Invalid("The file is empty.", {"file": ["The file is empty."]}, code="empty_file")


def clean_filename(name: str) -> str:
    """A display-only name: no path parts, no control or bidi-override characters, bounded."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return name.strip()[:200]


@contextmanager
def received_file(file_storage, *, tmp_dir: Path, max_bytes: int) -> Iterator[SpooledUpload | None]:
    """The uploaded file spooled to disk for the length of the block, then removed."""
    if file_storage is None:
        yield None
        return
    spooled_at = Path(getattr(file_storage.stream, "name", "") or ".")
    if spooled_at.is_file() and spooled_at.resolve().parent == tmp_dir.resolve():
        # Already on our disk (see app.BagageRequest): hash it where it lies.
        file_storage.stream.flush()
        upload = adopt_file(spooled_at, filename=file_storage.filename or "", max_bytes=max_bytes)
    else:
        upload = spool_upload(
            file_storage.stream,
            filename=file_storage.filename or "",
            tmp_dir=tmp_dir,
            max_bytes=max_bytes,
        )
    try:
        yield upload
    finally:
        upload.discard()
