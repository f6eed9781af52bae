"""What every import checks of a zip before it reads a byte of its contents: that it unpacks
to no more than an import may hold, holds no zip bomb, not absurdly many files, and no names
that point outside it (absolute paths, `..`, symbolic links). Names in the zip are never used
as paths on disk, but an archive that holds such names is no export of any portfolio and is
refused whole. Both the Bagage and the Leap2A (Mahara) import call these, and open the zip
through `undone_on_failure`, which removes what an import stored when it fails."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy.orm import Session

from app.errors import TooLarge
from app.exchange import refuse
from media.storage import get_storage

#: A file above ZIP_BOMB_SIZE that unpacks to more than this many times its packed size is
#: refused: real media hardly compress, a zip bomb does by a factor of a thousand.
ZIP_BOMB_RATIO = 1000
ZIP_BOMB_SIZE = 1024 * 1024
#: More entries than this is no portfolio export (a year of daily photos is a few thousand).
MAX_ENTRIES = 50_000


def check_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse a zip that unpacks to more than IMPORT_MAX_BYTES, holds more than MAX_ENTRIES
    files, or holds a file that unpacks to far more than it holds packed (a zip bomb)."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refuse(f"This zip holds more than {MAX_ENTRIES} files, more than an export does. "
                     "Nothing was imported.", "too_many_files", count=MAX_ENTRIES)  # fmt: skip
    limit = current_app.config["IMPORT_MAX_BYTES"]
    if sum(i.file_size for i in infos) > limit:
        mb = limit // (1024 * 1024)
        raise refuse(f"This export unpacks to more than {mb} MB, more than an import may hold. "
                     "Nothing was imported.", "export_too_large", TooLarge, mb=mb)  # fmt: skip
    for info in infos:
        if info.file_size > ZIP_BOMB_SIZE and (
            info.compress_size == 0 or info.file_size / info.compress_size > ZIP_BOMB_RATIO
        ):
            raise refuse(f"{info.filename} unpacks to far more than it holds packed; this is "
                         "no export. Nothing was imported.", "zip_bomb",
                         path=info.filename)  # fmt: skip


def check_names(archive: zipfile.ZipFile) -> None:
    """Refuse a zip with a name that would lead outside it: absolute, with `..`, a drive or
    backslashes, or a symbolic link."""
    for info in archive.infolist():
        if not safe_name(info.filename) or stat.S_ISLNK(info.external_attr >> 16):
            raise refuse(f"{info.filename!r} in this zip points outside it; no export does "
                         "that. Nothing was imported.", "unsafe_path",
                         path=info.filename)  # fmt: skip


def safe_name(name: str) -> bool:
    """A relative name inside the zip, without `..`, drive letters or backslashes."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = PurePosixPath(name).parts
    return ".." not in parts and not (parts and ":" in parts[0])


def check_zip(archive: zipfile.ZipFile) -> None:
    check_sizes(archive)
    check_names(archive)


@contextmanager
def undone_on_failure(session: Session, zip_path: Path) -> Iterator[tuple[zipfile.ZipFile, list]]:
    """The zip, and a list for the storage keys of the files an import stores from it. If the
    import fails at any point, the transaction is rolled back and those files are removed
    again: a bad file leaves nothing behind. A file that is no zip is refused in words."""
    stored: list[str] = []
    try:
        with zipfile.ZipFile(zip_path) as archive:
            yield archive, stored
    except BaseException as exc:
        session.rollback()
        storage = get_storage()
        for key in stored:
            storage.delete(key)
        if isinstance(exc, zipfile.BadZipFile):
            raise refuse("This file is not a zip file.", "not_a_zip") from exc
        raise
