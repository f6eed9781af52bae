"""Where media bytes live, behind one small interface.

Keys are chosen by the server (random, unguessable) and never derived from a file name.
Each MediaAsset row records the backend that holds it, so a later backend can coexist.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
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

    def download_to(self, key: str, target: Path) -> None:
        """Copy the object into a local file, streaming."""

    def delete(self, key: str) -> None:
        """Remove the object; a missing object is not an error."""

    def exists(self, key: str) -> bool: ...

    def local_path(self, key: str) -> Path | None:
        """A path on this machine when the backend has one (lets send_file stream it)."""

    def url_for_download(
        self, key: str, *, content_type: str, disposition: str, expires: int = 120
    ) -> str | None:
        """A short-lived URL the client can fetch directly, or None to stream through us.
        The store answers it with content_type and the Content-Disposition disposition
        (media.serving decides both; never pass a type a client gave)."""

    def list_keys(self, prefix: str = "") -> list[str]:
        """Every stored key under prefix (for integrity checks and tests)."""

    def check(self, timeout: float) -> None:
        """Raise StorageError unless the store can be written to (or, for S3, reached) now;
        give up after about `timeout` seconds (a readiness probe)."""


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

    def download_to(self, key: str, target: Path) -> None:
        shutil.copyfile(self._path(key), target)

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

    def url_for_download(self, key: str, **_kwargs) -> str | None:
        return None

    def list_keys(self, prefix: str = "") -> list[str]:
        return sorted(
            str(p.relative_to(self.root))
            for p in self.root.rglob("*")
            if p.is_file() and str(p.relative_to(self.root)).startswith(prefix)
        )

    def check(self, timeout: float) -> None:
        probe = self.root / f".ready-{uuid.uuid4().hex}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StorageError(f"media root not writable: {exc}") from exc


class S3Storage:
    """Any S3-compatible store (AWS S3, MinIO, ...) through boto3.

    Uploads use boto3's managed transfer, which switches to multipart for large files;
    reads are streamed or handed out as short-lived presigned URLs (which also serve HTTP
    range requests, so videos seek on every phone).
    """

    name = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        multipart_threshold: int = 16 * 1024 * 1024,
    ) -> None:
        import boto3  # heavy, and only S3 installs need it
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config as BotoConfig

        self.bucket = bucket

        def client(**config):
            return boto3.client(
                "s3",
                endpoint_url=endpoint_url or None,
                region_name=region or None,
                aws_access_key_id=access_key or None,
                aws_secret_access_key=secret_key or None,
                config=BotoConfig(
                    signature_version="s3v4",
                    # MinIO-style endpoints want path-style addressing.
                    s3={"addressing_style": "path" if endpoint_url else "auto"},
                    **config,
                ),
            )

        self.client = client(retries={"max_attempts": 5, "mode": "standard"})
        # A readiness probe answers quickly: one attempt, short timeouts (made on first use).
        self._make_client = client
        self._probes: dict[float, object] = {}
        self.transfer = TransferConfig(
            multipart_threshold=multipart_threshold, multipart_chunksize=multipart_threshold
        )

    def _wrap(self, action: str, key: str, fn, *args, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError  # loaded with boto3 above

        try:
            return fn(*args, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"S3 {action} failed for {key!r}: {exc}") from exc

    def put_file(self, source: Path, key: str) -> None:
        self._wrap(
            "upload",
            key,
            self.client.upload_file,
            str(source),
            self.bucket,
            key,
            Config=self.transfer,
        )
        source.unlink(missing_ok=True)

    def open(self, key: str) -> BinaryIO:
        response = self._wrap("read", key, self.client.get_object, Bucket=self.bucket, Key=key)
        return response["Body"]

    def download_to(self, key: str, target: Path) -> None:
        self._wrap(
            "download",
            key,
            self.client.download_file,
            self.bucket,
            key,
            str(target),
            Config=self.transfer,
        )

    def delete(self, key: str) -> None:
        self._wrap("delete", key, self.client.delete_object, Bucket=self.bucket, Key=key)

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError  # loaded with boto3 above

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise StorageError(f"S3 head failed for {key!r}: {exc}") from exc
        return True

    def local_path(self, key: str) -> Path | None:
        return None

    def url_for_download(
        self, key: str, *, content_type: str, disposition: str, expires: int = 120
    ) -> str | None:
        return self._wrap(
            "presign",
            key,
            self.client.generate_presigned_url,
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentType": content_type,
                "ResponseContentDisposition": disposition,
                "ResponseCacheControl": "private, max-age=3600",
            },
            ExpiresIn=expires,
        )

    def check(self, timeout: float) -> None:
        if timeout not in self._probes:
            self._probes[timeout] = self._make_client(
                retries={"total_max_attempts": 1}, connect_timeout=timeout, read_timeout=timeout
            )
        self._wrap("head bucket", "", self._probes[timeout].head_bucket, Bucket=self.bucket)

    def list_keys(self, prefix: str = "") -> list[str]:
        keys: list[str] = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            keys += [item["Key"] for item in page.get("Contents", [])]
        return sorted(keys)


def make_storage(config) -> Storage:
    backend = config["STORAGE_BACKEND"]
    if backend == "local":
        return LocalStorage(config["MEDIA_ROOT"])
    if backend == "s3":
        return S3Storage(
            config["S3_BUCKET"],
            endpoint_url=config["S3_ENDPOINT_URL"],
            region=config["S3_REGION"],
            access_key=config["S3_ACCESS_KEY_ID"],
            secret_key=config["S3_SECRET_ACCESS_KEY"],
        )
    # config validation refuses this earlier; keep the guard for direct callers
    raise StorageError(f"unknown storage backend {backend!r}")


def init_storage(app: Flask) -> None:
    app.extensions["bagage_storage"] = make_storage(app.config)


def get_storage() -> Storage:
    return current_app.extensions["bagage_storage"]
