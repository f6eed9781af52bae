"""Media in the dossier export: each evidence item's files as `media/<n>/<role>.<ext>` with
their sha256 in the manifest, and on import the check of every file against it. The
manifest's content types are never believed: each file's type is decided from its bytes by
the inspection uploads use, and an item with a file that is no accepted media is left out,
named in the summary's `refused` with the reason. Files are copied in chunks, never held in
memory."""

from __future__ import annotations

import hashlib
import re
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from app.errors import DomainError, TooLarge
from app.exchange import refuse
from media.inspect import Inspection, MediaLimits, inspect_file
from media.models import MEDIA_ROLES, MediaAsset
from media.services import count_stored, dossier_usage, media_limits
from media.storage import Storage

CHUNK = 1024 * 1024
EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic",
    "image/gif": "gif", "application/pdf": "pdf", "video/mp4": "mp4",
    "video/quicktime": "mov", "video/webm": "webm", "video/x-matroska": "mkv",
    "audio/mp4": "m4a", "audio/mpeg": "mp3", "audio/ogg": "ogg", "audio/webm": "webm",
}  # fmt: skip
MEDIA_EXTENSION = re.compile(r"[a-z0-9]{1,8}")
SHA256 = re.compile(r"[0-9a-f]{64}")

#: What the zip stores under a path: the storage key of the export's file.
StoredFiles = dict[str, tuple[str, Inspection]]


def export_media(assets: list[MediaAsset], ref: int) -> tuple[list[dict], dict[str, str]]:
    """One evidence item's files for the manifest, and the storage key behind each path."""
    entries, keys = [], {}
    for asset in sorted(assets, key=lambda a: a.role):
        path = f"media/{ref}/{asset.role}.{EXTENSIONS.get(asset.content_type, 'bin')}"
        keys[path] = asset.storage_key
        entries.append({
            "role": asset.role,
            "path": path,
            "content_type": asset.content_type,
            "size_bytes": asset.size_bytes,
            "sha256": asset.sha256,
            "width": asset.width,
            "height": asset.height,
            "duration_seconds": asset.duration_seconds,
            "original_filename": asset.original_filename,
        })  # fmt: skip
    return entries, keys


def check_media(ref: int, media: list) -> None:
    """Refuse media described in a way no export does (an unknown role, an odd extension:
    both become part of a storage key)."""
    roles = set()
    for m in media:
        path = m.get("path") if isinstance(m, dict) else None
        extension = path.rsplit(".", 1)[-1] if isinstance(path, str) and "." in path else ""
        if (
            not isinstance(path, str) or m.get("role") not in MEDIA_ROLES
            or m["role"] in roles or not MEDIA_EXTENSION.fullmatch(extension)
            or not isinstance(m.get("size_bytes"), int) or m["size_bytes"] < 0
            or not isinstance(m.get("sha256"), str) or not SHA256.fullmatch(m["sha256"])
            or not isinstance(m.get("content_type"), str)
        ):  # fmt: skip
            raise refuse(f"Item {ref} of the export names a file in a way no Bagage export "
                         "does. Nothing was imported.", "bad_media", ref=ref)  # fmt: skip
        roles.add(m["role"])


def check_room(session: Session, dossier, entries: list[dict]) -> None:
    """Every file an import stores counts against the dossier's quota: the originals and
    the derived ones (a manifest may declare any of them, of any size)."""
    quota = current_app.config["DOSSIER_QUOTA_BYTES"]
    incoming = sum(m["size_bytes"] for e in entries for m in e["media"])
    used = dossier_usage(session, dossier) if dossier else 0
    if quota and used + incoming > quota:
        mb = 1024 * 1024
        incoming_mb, room_mb = incoming // mb, max(0, quota - used) // mb
        raise refuse(
            f"This export holds {incoming_mb} MB of files; your dossier has room for "
            f"{room_mb} MB more. Nothing was imported.", "quota_exceeded", TooLarge,
            incoming_mb=incoming_mb, room_mb=room_mb,
        )  # fmt: skip


class _NotMedia(Exception):
    """A file whose bytes are no media an upload would accept (error: the inspection's)."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message)
        self.error = error


def store_files(
    archive: zipfile.ZipFile, entries: list[dict], storage: Storage, stored: list[str],
    progress: Callable[[int], None], tmp_dir: Path, dossier_id: uuid.UUID,
) -> tuple[StoredFiles, list[dict]]:  # fmt: skip
    """Check each file against the manifest, decide its type from its bytes and put it in
    storage (each key also in stored, for the caller to remove if the import fails).
    Returns path → (key, inspection) and the refused files: an item with a file that is no
    accepted media is left out whole, and nothing of it stays stored."""
    names = set(archive.namelist())
    total = sum(m["size_bytes"] for e in entries for m in e["media"]) or 1
    done = 0
    files: StoredFiles = {}
    refused: list[dict] = []
    limits = media_limits()
    for entry in entries:
        folder = uuid.uuid4().hex
        kept: list[str] = []
        for media in entry["media"]:
            if media["path"] not in names:
                raise refuse(f"The export lacks {media['path']}.", "missing_file",
                             path=media["path"])  # fmt: skip
            try:
                # An item with a refused file is only checked further, never stored.
                stem = None if any(r["ref"] == entry["ref"] for r in refused) else (
                    f"{dossier_id.hex}/{folder}/{media['role']}")  # fmt: skip
                key, inspection = _copy_checked(archive, media, storage, tmp_dir, limits, stem)
            except _NotMedia as exc:
                refused.append({"ref": entry["ref"], "title": entry.get("title") or "",
                                "path": media["path"], "code": exc.error.code,
                                "reason": exc.error.message})  # fmt: skip
            else:
                if key is not None:
                    stored.append(key)
                    kept.append(key)
                    files[media["path"]] = (key, inspection)
            done += media["size_bytes"]
            progress(min(99, 100 * done // total))
        if any(r["ref"] == entry["ref"] for r in refused):
            for key in kept:
                storage.delete(key)
                stored.remove(key)
    return files, refused


def _copy_checked(
    archive, media: dict, storage: Storage, tmp_dir: Path, limits: MediaLimits, stem: str | None
) -> tuple[str | None, Inspection]:
    """Copy one file from the zip into storage under stem plus the extension of what it
    is, refusing it when size or sha256 differ (the export is damaged) or its bytes are no
    accepted media (_NotMedia). Without a stem it is only checked."""
    info = archive.getinfo(media["path"])
    if info.file_size != media["size_bytes"]:
        raise refuse(f"{media['path']} does not have the size the manifest says.",
                     "wrong_size", path=media["path"])  # fmt: skip
    digest = hashlib.sha256()
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="import-")
    path = Path(name)
    try:
        with archive.open(info) as source, open(fd, "wb") as sink:
            read = 0
            while chunk := source.read(CHUNK):
                read += len(chunk)
                if read > media["size_bytes"]:
                    raise refuse(f"{media['path']} is larger than declared.", "wrong_size",
                                 path=media["path"])  # fmt: skip
                digest.update(chunk)
                sink.write(chunk)
        if digest.hexdigest() != media["sha256"]:
            raise refuse(f"{media['path']} is damaged (checksum differs).", "checksum",
                         path=media["path"])  # fmt: skip
        # The same inspection as an upload: the manifest's content_type is never used.
        try:
            inspection = inspect_file(path, limits)
        except DomainError as exc:
            raise _NotMedia(exc) from exc
        key = f"{stem}.{inspection.extension}" if stem else None
        if key is not None:
            storage.put_file(path, key)
    finally:
        path.unlink(missing_ok=True)
    return key, inspection


def import_media(
    session: Session, dossier_id: uuid.UUID, evidence_id: uuid.UUID, media: list[dict],
    files: StoredFiles, storage: Storage, summary: dict,
) -> None:  # fmt: skip
    """The rows of an item's files, stored before by store_files, as their bytes say."""
    for entry in media:
        if entry["role"] == "original":
            count_stored(session, dossier_id, entry["size_bytes"])
        summary["files"] += 1
        summary["bytes"] += entry["size_bytes"]
        key, inspection = files[entry["path"]]
        session.add(MediaAsset(
            evidence_id=evidence_id, role=entry["role"], storage_backend=storage.name,
            storage_key=key, content_type=inspection.content_type,
            size_bytes=entry["size_bytes"], sha256=entry["sha256"],
            width=inspection.width, height=inspection.height,
            duration_seconds=inspection.duration_seconds,
            original_filename=entry.get("original_filename") or "",
        ))  # fmt: skip
