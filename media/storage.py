"""Where media bytes live, behind one small interface.

Keys are chosen by the server (random, unguessable) and never derived from a file name.
Each MediaAsset row records the backend that holds it, so a later backend can coexist.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, current_app


class StorageError(RuntimeError):
    pass


class Storage(Protocol):
    name: str

    def put_file(self, source: Path, key: str) -> None:
        """Store a local file under key (the source may be moved, not copied)."""

    def open(self, key: str) -> BinaryIO:
        """A readable binary stream of the stored bytes."""

    def delete(self, key: str) -> None:
        """Remove the object; a missing object is not an error."""

    def exists(self, key: str) -> bool: ...

    def local_path(self, key: str) -> Path | None:
        """A path on this machine when the backend has one (lets send_file stream it)."""


class LocalStorage:
    name = "local"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise StorageError(f"key escapes the storage root: {key!r}")
        return path

    def put_file(self, source: Path, key: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)
        except OSError:  # another file system: copy instead
            shutil.copyfile(source, target)
        target.chmod(0o640)

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise StorageError(f"missing object {key!r}") from exc

    def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        # Tidy the per-item folder once it is empty.
        with contextlib.suppress(OSError):
            path.parent.rmdir()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def local_path(self, key: str) -> Path | None:
        return self._path(key)


def init_storage(app: Flask) -> None:
    backend = app.config["STORAGE_BACKEND"]
    if backend == "local":
        app.extensions["bagage_storage"] = LocalStorage(app.config["MEDIA_ROOT"])
    else:  # config validation refuses this earlier; keep the guard for direct callers
        raise StorageError(f"unknown storage backend {backend!r}")


def get_storage() -> Storage:
    return current_app.extensions["bagage_storage"]
