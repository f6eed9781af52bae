"""Capturing evidence and reading the timeline through the API."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from tests.conftest import fetch, stored_files

# The capture suite runs against local disk and against S3.
pytestmark = pytest.mark.usefixtures("storage")


def evidence_url(api) -> str:
    return f"/api/v1/dossiers/{api.dossier_id}/evidence"


def test_twelve_megapixel_photo_with_gps_shows_in_the_timeline_without_exif(register, jpeg):
    api = register("Sanne")
    taken = datetime(2026, 9, 14, 10, 15, tzinfo=UTC)
    photo = jpeg((4000, 3000), gps=True, taken_at=taken)
    assert b"GPS" in photo or Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)

    r = api.upload(photo, filename="IMG_0001.JPG", title="Rekenles", client_uid="cap-0001-abcd")
    assert r.status_code == 201, r.json
    item = r.json
    assert item["kind"] == "photo"
    assert item["status"] == "ready"
    assert datetime.fromisoformat(item["occurred_at"]) == taken
    assert item["created_by"]["id"] == api.user["id"]

    timeline = api.get(evidence_url(api)).json
    assert [i["id"] for i in timeline["items"]] == [item["id"]]
    thumb = timeline["items"][0]["media"]["thumbnail"]
    assert max(thumb["width"], thumb["height"]) == 480

    for role in ("thumbnail", "display"):
        served = fetch(api, item["media"][role]["url"])
        assert served.status_code == 200
        assert served.mimetype == "image/jpeg"
        img = Image.open(io.BytesIO(served.data))
        assert img.format == "JPEG"
        assert not img.getexif(), f"{role} carries EXIF"
        assert b"Exif" not in served.data and b"Bagage Demo Camera" not in served.data
        assert "icc_profile" not in img.info

    original = fetch(api, item["media"]["original"]["url"])
    assert original.status_code == 200
    assert original.data == photo  # the owner gets back exactly what was captured


def test_another_user_sees_nothing(register, jpeg):
    owner, other = register("Sanne"), register("Daan")
    item = owner.upload(jpeg(), title="Privé").json
    assert other.get(f"/api/v1/evidence/{item['id']}").status_code == 404
    assert other.patch(f"/api/v1/evidence/{item['id']}", json={"title": "x"}).status_code == 404
    assert other.delete(f"/api/v1/evidence/{item['id']}").status_code == 404
    for media in item["media"].values():
        r = other.get(media["url"])
        assert r.status_code == 404
        assert r.json["error"]["code"] == "not_found"
    assert other.get(evidence_url(owner)).status_code == 404
    r = other.post(evidence_url(owner), data={"title": "Inbraak"})
    assert r.status_code == 404
    assert len(owner.get(evidence_url(owner)).json["items"]) == 1
    assert owner.get(f"/api/v1/evidence/{item['id']}").json["title"] == "Privé"


def test_media_is_served_with_safe_headers(register, jpeg, storage):
    api = register("Sanne")
    item = api.upload(jpeg()).json
    url = item["media"]["thumbnail"]["url"]
    if storage.name == "s3":
        redirect = api.get(url)
        assert redirect.status_code == 302
        assert "X-Amz-Expires=120" in redirect.headers["Location"]
        assert redirect.headers["Cache-Control"] == "private, no-store"
        assert fetch(api, url).mimetype == "image/jpeg"
        return
    r = api.get(url)
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in r.headers["Cache-Control"]
    assert "private" in r.headers["Cache-Control"]
    assert r.headers["Content-Type"] == "image/jpeg"


def test_media_needs_a_login(register, jpeg, client):
    api = register("Sanne")
    item = api.upload(jpeg()).json
    assert client.get(item["media"]["thumbnail"]["url"]).status_code == 401


def test_text_file_named_jpg_is_refused_and_leaves_nothing(register, app, storage):
    api = register("Sanne")
    # Other tests' unfinished uploads may lie in the shared temp folder; this one adds none.
    spool = __import__("pathlib").Path(app.config["UPLOAD_TMP_DIR"])
    before = stored_files(spool)
    r = api.upload(b"Dit is gewoon tekst, geen foto.\n" * 10, filename="vakantie.jpg")
    assert r.status_code == 415
    assert r.json["error"]["code"] == "unsupported_media_type"
    assert r.json["error"]["message"]
    assert "file" in r.json["error"]["fields"]
    assert api.get(evidence_url(api)).json["items"] == []
    assert storage.list_keys() == []
    assert stored_files(spool) == before


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (b"", 422, "empty_file"),
        ("truncated", 422, "damaged_file"),
        ("bomb", 422, "image_too_large"),
        (b"<html><script>alert(1)</script></html>", 415, "unsupported_media_type"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", 415, "unsupported_media_type"),
        ("playlist", 415, "unsupported_media_type"),
    ],
)
def test_bad_files_get_a_clear_error_and_leave_nothing(
    register, jpeg, payload, status, code, storage
):
    from tests.media_files import HLS_PLAYLIST, bomb_png

    if payload == "truncated":
        payload = jpeg((1200, 900))[:5000]
    elif payload == "bomb":
        payload = bomb_png()
    elif payload == "playlist":
        payload = HLS_PLAYLIST
    api = register("Sanne")
    r = api.upload(
        payload,
        filename="bestand.mp4" if status == 415 else "foto.jpg",
        title="x",
        client_uid="bad-file-0001",
    )
    assert r.status_code == status, r.json
    assert r.json["error"]["code"] == code
    assert api.get(evidence_url(api)).json["items"] == []
    assert storage.list_keys() == []
    # The client_uid was not consumed by the failure: a good retry still works.
    assert api.upload(jpeg(), title="x", client_uid="bad-file-0001").status_code == 201


def test_file_over_the_limit_is_413_and_leaves_nothing(register, jpeg, app, storage):
    api = register("Sanne")
    photo = jpeg((1200, 900))
    old = app.config["MAX_UPLOAD_BYTES"]
    app.config["MAX_UPLOAD_BYTES"] = len(photo) - 1
    try:
        r = api.upload(photo, title="Te groot")
    finally:
        app.config["MAX_UPLOAD_BYTES"] = old
    assert r.status_code == 413
    assert r.json["error"]["code"] == "file_too_large"
    assert storage.list_keys() == []
    assert api.get(evidence_url(api)).json["items"] == []


def test_request_over_max_content_length_is_413(register, app):
    api = register("Sanne")
    old = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    try:
        r = api.upload(b"x" * 20_000, title="Veel te groot")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = old
    assert r.status_code == 413
    assert r.json["error"]["code"] == "too_large"


def test_same_client_uid_twice_makes_one_item(register, jpeg, storage):
    api = register("Sanne")
    photo = jpeg()
    first = api.upload(photo, title="Eerste", client_uid="phone-uid-12345")
    second = api.upload(photo, title="Eerste", client_uid="phone-uid-12345")
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json["id"] == first.json["id"]
    assert len(api.get(evidence_url(api)).json["items"]) == 1
    # original + thumbnail and display, each as JPEG and WebP: once
    assert len(storage.list_keys()) == 5


def test_client_uid_is_per_dossier(register, jpeg):
    sanne, daan = register("Sanne"), register("Daan")
    a = sanne.upload(None, title="Notitie", client_uid="shared-uid-0001")
    b = daan.upload(None, title="Notitie", client_uid="shared-uid-0001")
    assert a.status_code == b.status_code == 201
    assert a.json["id"] != b.json["id"]


def test_note_needs_a_title_or_text(register):
    api = register("Sanne")
    r = api.upload(None, title="  ", description="")
    assert r.status_code == 422
    assert r.json["error"]["code"] == "missing_title"
    assert "title" in r.json["error"]["fields"]
    assert api.get(evidence_url(api)).json["items"] == []
    r = api.upload(None, description="Vandaag op tijd begonnen.")
    assert r.status_code == 201
    assert r.json["kind"] == "note"
    assert r.json["status"] == "ready"
    assert r.json["media"] == {}


def test_unknown_dossier_is_404(register):
    api = register("Sanne")
    r = api.post(
        "/api/v1/dossiers/00000000-0000-4000-8000-000000000000/evidence", data={"title": "x"}
    )
    assert r.status_code == 404
    assert r.json["error"]["code"] == "not_found"
    assert api.get("/api/v1/dossiers/not-a-uuid/evidence").status_code == 404


def test_invalid_client_uid_is_422(register):
    api = register("Sanne")
    r = api.upload(None, title="x", client_uid="../../etc")
    assert r.status_code == 422
    assert "client_uid" in r.json["error"]["fields"]


def _notes(api, count: int, start: datetime) -> list[str]:
    ids = []
    for i in range(count):
        r = api.upload(
            None,
            title=f"Notitie {i}",
            occurred_at=(start + timedelta(days=i)).isoformat(),
        )
        assert r.status_code == 201, r.json
        ids.append(r.json["id"])
    return ids


def test_timeline_pages_newest_first_with_an_opaque_cursor(register):
    api = register("Sanne")
    ids = _notes(api, 5, datetime(2026, 9, 1, 9, tzinfo=UTC))
    seen, cursor = [], None
    while True:
        url = evidence_url(api) + "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(url).json
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))


def test_timeline_stays_stable_when_items_share_a_time(register):
    api = register("Sanne")
    when = datetime(2026, 9, 1, 9, tzinfo=UTC).isoformat()
    ids = {api.upload(None, title=f"n{i}", occurred_at=when).json["id"] for i in range(5)}
    seen, cursor = [], None
    for _ in range(5):
        url = evidence_url(api) + "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(url).json
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == 5


def test_timeline_filters_by_kind_and_date(register, jpeg):
    api = register("Sanne")
    _notes(api, 3, datetime(2026, 9, 1, 9, tzinfo=UTC))
    api.upload(jpeg(taken_at=datetime(2026, 9, 2, 12, tzinfo=UTC)), title="Foto")
    photos = api.get(evidence_url(api) + "?kind=photo").json["items"]
    assert [p["title"] for p in photos] == ["Foto"]
    window = api.get(
        evidence_url(api),
        query_string={"from": "2026-09-02T00:00:00+00:00", "to": "2026-09-03T00:00:00+00:00"},
    ).json["items"]
    assert sorted(i["title"] for i in window) == ["Foto", "Notitie 1"]


def test_timeline_rejects_bad_query(register):
    api = register("Sanne")
    assert api.get(evidence_url(api) + "?cursor=nonsense").status_code == 422
    r = api.get(evidence_url(api) + "?kind=poem")
    assert r.status_code == 422
    assert "kind" in r.json["error"]["fields"]
    assert api.get(evidence_url(api) + "?limit=1000").status_code == 422


def test_edit_and_delete(register, jpeg, storage):
    api = register("Sanne")
    item = api.upload(jpeg(), title="Oud").json
    r = api.patch(f"/api/v1/evidence/{item['id']}", json={"title": "Nieuw", "description": "Meer"})
    assert r.status_code == 200
    assert (r.json["title"], r.json["description"]) == ("Nieuw", "Meer")
    assert storage.list_keys()
    assert api.delete(f"/api/v1/evidence/{item['id']}").status_code == 204
    assert api.get(f"/api/v1/evidence/{item['id']}").status_code == 404
    assert storage.list_keys() == []


def test_a_note_cannot_be_emptied(register):
    api = register("Sanne")
    item = api.upload(None, title="Notitie").json
    r = api.patch(f"/api/v1/evidence/{item['id']}", json={"title": ""})
    assert r.status_code == 422
    assert api.get(f"/api/v1/evidence/{item['id']}").json["title"] == "Notitie"


def test_patch_rejects_bad_values(register):
    api = register("Sanne")
    item = api.upload(None, title="Notitie").json
    r = api.patch(f"/api/v1/evidence/{item['id']}", json={"title": "x" * 201})
    assert r.status_code == 422
    assert "title" in r.json["error"]["fields"]
