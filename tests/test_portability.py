"""The dossier moves with its owner: export → import elsewhere → export gives the same."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from app.portability.dossier_zip import comparable
from tests import media_files
from tests.test_people import _grant

pytestmark = pytest.mark.usefixtures("storage")


def _export(api) -> bytes:
    job = api.post(f"/api/v1/dossiers/{api.dossier_id}/exports")
    assert job.status_code == 202, job.json
    status = api.get(f"/api/v1/jobs/{job.json['id']}").json
    assert status["status"] == "done", status  # jobs run at once in tests
    assert status["progress"] == 100
    download = api.get(status["download_url"])
    assert download.status_code == 200
    assert download.mimetype == "application/zip"
    return download.data


def _manifest(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read("manifest.json"))


def _import(api, data: bytes) -> dict:
    r = api.post("/api/v1/imports", data={"file": (io.BytesIO(data), "export.zip")},
                 content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 202, r.json
    return api.get(f"/api/v1/jobs/{r.json['id']}").json


@pytest.fixture
def full_dossier(register, jpeg, tmp_path, app):
    """A pupil's dossier with photos, a video, a note, competency links and three roles'
    reflections, and a message."""
    from app.db import db
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    pupil, coordinator = register("Daan"), register("Fatima")
    _grant(pupil, coordinator, ["reflect", "contribute", "view"], role="coordinator")
    photo = pupil.upload(jpeg(gps=True), title="Snijden").json
    clip = media_files.make_video(tmp_path / "v.mp4", seconds=1)
    pupil.upload(clip.read_bytes(), filename="v.mp4", title="Video")
    coordinator.post(f"/api/v1/dossiers/{pupil.dossier_id}/evidence", data={"title": "Bezoek"},
                     content_type="multipart/form-data")  # fmt: skip
    item = pupil.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    pupil.put(f"/api/v1/dossiers/{pupil.dossier_id}/frameworks",
              json={"framework_ids": [item["framework"]["id"]]})  # fmt: skip
    pupil.post(f"/api/v1/evidence/{photo['id']}/competencies",
               json={"item_id": item["id"], "note": "Veilig"})  # fmt: skip
    url = f"/api/v1/evidence/{photo['id']}/reflections"
    pupil.post(url, json={"content": {"text": "Ging goed"}, "item_id": item["id"], "level": 2})
    reflection = coordinator.post(url, json={"content": {"text": "Eerste"}}).json
    coordinator.patch(
        f"/api/v1/reflections/{reflection['id']}", json={"content": {"text": "Beter"}}
    )
    pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/messages", json={"body": "Dank je"})
    return pupil


def test_export_import_export_gives_the_same_dossier(register, full_dossier):
    first = _export(full_dossier)
    manifest = _manifest(first)
    assert len(manifest["evidence"]) == 3
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = set(archive.namelist())
        assert "index.html" in names
        for entry in manifest["evidence"]:
            for media in entry["media"]:
                assert media["path"] in names
        page = archive.read("index.html").decode()
        assert "Snijden" in page and "Fatima" in page

    newcomer = register("Nieuwe")
    job = _import(newcomer, first)
    assert job["status"] == "done", job
    newcomer.user["dossiers"] = [{"id": job["dossier_id"]}]
    items = newcomer.get(f"/api/v1/dossiers/{job['dossier_id']}/evidence").json["items"]
    assert sorted(i["title"] for i in items) == ["Bezoek", "Snijden", "Video"]
    visit = next(i for i in items if i["title"] == "Bezoek")
    assert visit["created_by"] is None and visit["created_by_name"] == "Fatima"

    second = _manifest(_export(newcomer))
    original = comparable(manifest)
    again = comparable(second)
    # Only the owner's name may differ: the dossier now belongs to the importing account.
    original.pop("owner"), again.pop("owner")
    for entry in original["evidence"] + again["evidence"]:
        for r in entry["reflections"]:
            if r["author_role"] == "owner":
                r.pop("author")
        if entry["created_role"] == "owner":
            entry.pop("created_by")
    for m in original["messages"] + again["messages"]:
        if m["author_role"] == "owner":
            m.pop("author")
    assert again == original


def test_a_damaged_export_is_refused_and_leaves_nothing(register, full_dossier, storage):
    data = _export(full_dossier)
    source = zipfile.ZipFile(io.BytesIO(data))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("original.jpg"):
                content = content[:-10] + b"0123456789"  # same size, other bytes
            target.writestr(info, content)
    before = set(storage.list_keys())
    newcomer = register("Iemand")
    job = _import(newcomer, damaged.getvalue())
    assert job["status"] == "failed"
    assert "checksum" in job["error"]
    assert set(storage.list_keys()) == before
    assert len(newcomer.get("/api/v1/me").json["dossiers"]) == 1  # only their own, empty one
    assert _import(newcomer, b"not a zip at all")["status"] == "failed"


def test_only_the_owner_exports_and_only_you_see_your_jobs(register, full_dossier):
    other = register("Vreemde")
    assert other.post(f"/api/v1/dossiers/{full_dossier.dossier_id}/exports").status_code == 404
    job = full_dossier.post(f"/api/v1/dossiers/{full_dossier.dossier_id}/exports").json
    assert other.get(f"/api/v1/jobs/{job['id']}").status_code == 404
    assert other.get(f"/api/v1/jobs/{job['id']}/download").status_code == 404
