"""The storage interface behaves the same on local disk and on S3 (moto over HTTP)."""

from __future__ import annotations

import hashlib
import os

import pytest
import requests

from media.storage import LocalStorage, StorageError


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(12 * 1024 * 1024))
    return path


def test_put_open_download_delete(storage, big_file, tmp_path):
    expected = hashlib.sha256(big_file.read_bytes()).hexdigest()
    storage.put_file(big_file, "d1/abc/original.mp4")
    assert storage.exists("d1/abc/original.mp4")
    assert storage.list_keys("d1/") == ["d1/abc/original.mp4"]
    with storage.open("d1/abc/original.mp4") as fh:
        digest = hashlib.sha256()
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    assert digest.hexdigest() == expected
    copy = tmp_path / "copy.bin"
    storage.download_to("d1/abc/original.mp4", copy)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == expected
    storage.delete("d1/abc/original.mp4")
    assert not storage.exists("d1/abc/original.mp4")
    storage.delete("d1/abc/original.mp4")  # deleting twice is fine


def test_large_files_go_to_s3_in_parts(storage, big_file):
    if storage.name != "s3":
        pytest.skip("multipart is an S3 matter")
    storage.put_file(big_file, "k/original.mp4")
    head = storage.client.head_object(Bucket=storage.bucket, Key="k/original.mp4")
    assert head["ETag"].strip('"').endswith("-3")  # 12 MiB in 5 MiB parts


def test_presigned_urls_serve_ranges_and_expire_soon(storage, big_file):
    if storage.name != "s3":
        assert storage.url_for_download("x", content_type="video/mp4", disposition="inline") is None
        return
    data = big_file.read_bytes()
    storage.put_file(big_file, "k/playable.mp4")
    url = storage.url_for_download("k/playable.mp4", content_type="video/mp4", disposition="inline")
    assert "X-Amz-Expires=120" in url
    r = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=30)
    assert r.status_code == 206
    assert r.content == data[100:200]
    assert r.headers["Content-Type"] == "video/mp4"


def test_local_keys_cannot_escape_the_root(tmp_path):
    storage = LocalStorage(tmp_path / "media")
    with pytest.raises(StorageError):
        storage.exists("../../etc/passwd")
