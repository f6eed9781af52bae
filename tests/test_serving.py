"""Stored bytes are typed by what they are, and served so that no browser runs them.

An import decides each file's type from its bytes, as an upload does; every route that
returns file bytes goes through media.serving, which a walk over the app's URL map enforces.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

pytestmark = pytest.mark.usefixtures("storage")

HOSTILE_HTML = (
    b"<!doctype html><html><body><script>"
    b"fetch('/api/v1/auth/me').then(r => r.json()).then(me => steal(me.csrf_token))"
    b"</script></body></html>"
)


def _entry(ref: int, title: str, files: dict[str, tuple[str, bytes]]) -> dict:
    """An evidence item of a hand-made manifest; files maps role → (declared type, bytes)."""
    return {
        "ref": ref, "kind": "photo", "title": title, "description": "",
        "occurred_at": "2026-09-14T10:00:00+00:00", "created_at": "2026-09-14T10:00:00+00:00",
        "created_by": "Sanne", "created_role": "owner", "hidden": False, "status": "ready",
        "status_reason": "", "client_uid": None, "competencies": [], "reflections": [],
        "media": [
            {"role": role, "path": f"media/{ref}/{role}.jpg", "content_type": declared,
             "size_bytes": len(content), "sha256": hashlib.sha256(content).hexdigest(),
             "width": 800, "height": 600, "duration_seconds": None,
             "original_filename": f"{title}.jpg"}
            for role, (declared, content) in files.items()
        ],
    }  # fmt: skip


def _zip(entries: list[dict], files: dict[str, bytes]) -> bytes:
    manifest = {
        "format": "bagage-dossier", "version": 2, "exported_at": "2026-12-01T10:00:00+00:00",
        "owner": {"name": "Sanne"}, "dossier": {"title": "Portfolio", "created_at": None},
        "frameworks": [], "evidence": entries, "messages": [], "coaching_notes": [],
        "reports": [], "cv": None, "growth": {},
    }  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for path, content in files.items():
            archive.writestr(path, content)
    return out.getvalue()


def _import(api, data: bytes) -> dict:
    r = api.post("/api/v1/imports", data={"file": (io.BytesIO(data), "export.zip")},
                 content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 202, r.json
    return api.get(f"/api/v1/jobs/{r.json['id']}").json


def test_an_import_types_each_file_by_its_bytes_and_refuses_what_is_no_media(
    register, jpeg, storage
):
    photo, other = jpeg(), jpeg((640, 480))
    api = register("Nieuwe")
    data = _zip(
        [
            _entry(1, "Mijn werk", {"original": ("image/jpeg", HOSTILE_HTML)}),
            _entry(2, "Echte foto", {"original": ("text/html", photo)}),
            _entry(3, "Stiekem", {"original": ("image/jpeg", other),
                                  "thumbnail": ("image/jpeg", b"alert(document.cookie)")}),
        ],
        {"media/1/original.jpg": HOSTILE_HTML, "media/2/original.jpg": photo,
         "media/3/original.jpg": other,
         "media/3/thumbnail.jpg": b"alert(document.cookie)"},
    )  # fmt: skip
    before = set(storage.list_keys())

    job = _import(api, data)

    assert job["status"] == "done", job
    # The summary names each refused file and why, in words and as a code to translate.
    refused = {r["path"]: r for r in job["result"]["refused"]}
    assert set(refused) == {"media/1/original.jpg", "media/3/thumbnail.jpg"}
    assert refused["media/1/original.jpg"]["title"] == "Mijn werk"
    assert refused["media/1/original.jpg"]["code"] == "unsupported_media_type"
    assert "not supported" in refused["media/1/original.jpg"]["reason"]
    assert job["result"]["evidence"] == 1 and job["result"]["files"] == 1
    # Only the real photo came in, with the type its bytes have; nothing of the others.
    items = api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"]
    assert [i["title"] for i in items] == ["Echte foto"]
    assert list(items[0]["media"]) == ["original"]
    original = items[0]["media"]["original"]
    assert original["content_type"] == "image/jpeg"
    new_keys = set(storage.list_keys()) - before
    assert len(new_keys) == 1 and next(iter(new_keys)).endswith(".jpg")
    served = api.get(original["url"])
    if served.status_code == 302:
        assert "response-content-type=image%2Fjpeg" in served.headers["Location"]
    else:
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
