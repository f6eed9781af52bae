"""The dossier moves with its owner: export → import elsewhere → export gives the same."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import random
import time
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pypdf
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
    reflections, a message, a coaching note, two internship reports (one confirmed by
    employer and coordinator), a CV with entries, selected evidence and a share link, and
    growth: working time, a goal with progress and an activity with a certificate."""
    from app.db import db
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    pupil, coordinator = register("Daan"), register("Fatima")
    _grant(pupil, coordinator, ["reflect", "contribute", "view"], role="coordinator")
    r = pupil.upload(jpeg(gps=True), title="Snijden")
    assert r.status_code == 201, r.json
    photo = r.json
    clip = media_files.make_video(tmp_path / "v.mp4", seconds=1)
    r = pupil.upload(clip.read_bytes(), filename="v.mp4", title="Video")
    assert r.status_code == 201, r.json
    r = coordinator.post(f"/api/v1/dossiers/{pupil.dossier_id}/evidence",
                         data={"title": "Bezoek"}, content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 201, r.json
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
    coach = register("Ingrid")
    _grant(pupil, coach, ["view"], role="coach")
    r = coach.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/coaching-notes",
        json={"session_date": "2026-10-01", "body": "Daan twijfelt over de opleiding."},
    )
    assert r.status_code == 201, r.json  # fmt: skip

    employer = register("Peter")
    _grant(pupil, employer, ["view"], role="employer")
    video = next(
        i for i in pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").json["items"]
        if i["title"] == "Video"
    )  # fmt: skip
    reports = f"/api/v1/dossiers/{pupil.dossier_id}/reports"
    report = coordinator.post(reports, json={
        "title": "Stageverslag keuken", "internship": "De Gouden Lepel",
        "period_start": "2020-01-01", "period_end": "2035-12-31", "hours": 120.5,
        "summary": "Tien weken in de keuken.", "language": "en",
        "evidence_ids": [video["id"], photo["id"]]}).json  # fmt: skip
    assert employer.post(f"/api/v1/reports/{report['id']}/signoff").status_code == 200
    assert coordinator.post(f"/api/v1/reports/{report['id']}/signoff").status_code == 200
    r = pupil.post(reports, json={"title": "Tussenverslag", "period_start": "2026-09-01",
                                  "period_end": "2026-10-31"})  # fmt: skip
    assert r.status_code == 201, r.json

    # The CV shows a competency of a framework the dossier did not choose.
    skill = next(
        i for i in pupil.get("/api/v1/competencies", query_string={"q": "Aansturen"}).json
        if i["framework"]["id"] != item["framework"]["id"]
    )  # fmt: skip
    r = pupil.patch(f"/api/v1/dossiers/{pupil.dossier_id}/cv", json={
        "headline": "Kok in opleiding", "introduction": "Ik kook graag.\nVooral vis.",
        "email": "daan@example.nl", "photo_evidence_id": photo["id"],
        "education": [{"institution": "ROC Zadkine", "area": "Koken", "start": "2025"}],
        "work": [{"name": "De Gouden Lepel", "position": "Stagiair", "start": "2026-10",
                  "internship": True, "summary": "Snijden en garneren"}],
        "competency_ids": [item["id"], skill["id"]],
        "evidence_ids": [photo["id"], video["id"]]})  # fmt: skip
    assert r.status_code == 200, r.json
    link = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links", json={"label": "Hotel"})
    assert link.status_code == 201, link.json
    pupil.share_url = link.json["url"]

    # Growth: a goal with a competency of a third framework, used by nothing else.
    teaching = next(
        i for i in pupil.get("/api/v1/competencies", query_string={"q": "leerstof"}).json
        if i["framework"]["id"] not in (item["framework"]["id"], skill["framework"]["id"])
    )  # fmt: skip
    r = pupil.put("/api/v1/me/growth-settings",
                  json={"fte": 0.8, "budget_override": 750, "saving_since": 2025})  # fmt: skip
    assert r.status_code == 200, r.json
    goal = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/goals", json={
        "title": "Beter plannen", "school_year": 2026, "target_date": "2027-06-30",
        "description": "Mijn week vooruit plannen.", "competency_ids": [teaching["id"]],
        "evidence_ids": [photo["id"]]}).json  # fmt: skip
    r = pupil.post(
        f"/api/v1/goals/{goal['id']}/progress",
        json={"model": "korthagen", "content": {"handelen": "Agenda op zondag"}},
    )
    assert r.status_code == 201, r.json  # fmt: skip
    pupil.patch(f"/api/v1/goals/{goal['id']}", json={"status": "in_progress"})
    certificate = pupil.upload(media_files.MINIMAL_PDF, filename="ehbo.pdf", title="EHBO-diploma",
                               occurred_at="2026-10-10T12:00:00+00:00").json  # fmt: skip
    activities = f"/api/v1/dossiers/{pupil.dossier_id}/activities"
    r = pupil.post(activities, json={
        "kind": "course", "title": "EHBO", "on_date": "2026-10-10", "hours": 12.5,
        "cost": 1249.95, "provider": "Rode Kruis", "certificate_evidence_id": certificate["id"],
        "goal_ids": [goal["id"]], "competency_ids": [teaching["id"]],
        "required": True})  # fmt: skip
    assert r.status_code == 201, r.json
    r = pupil.put(f"/api/v1/dossiers/{pupil.dossier_id}/growth/review",
                  query_string={"year": 2026}, json={"reflection": "Plannen lukt nu."})  # fmt: skip
    assert r.status_code == 200, r.json
    r = pupil.post(activities, json={"kind": "reading", "title": "Vakblad", "on_date":
                                     "2027-02-01", "hours": 3, "planned": True})  # fmt: skip
    assert r.status_code == 201, r.json
    return pupil


def test_export_import_export_gives_the_same_dossier(register, full_dossier):
    first = _export(full_dossier)
    manifest = _manifest(first)
    assert manifest["version"] == 2
    assert len(manifest["evidence"]) == 4
    refs = {e["title"]: e["ref"] for e in manifest["evidence"]}
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = set(archive.namelist())
        assert "index.html" in names
        for entry in manifest["evidence"]:
            for media in entry["media"]:
                assert media["path"] in names
        page = archive.read("index.html").decode()
        assert "Snijden" in page and "Fatima" in page
        # The coaching notes are the owner's too, in a section marked confidential.
        assert "Vertrouwelijk: coachingsgesprekken" in page
        assert "Daan twijfelt over de opleiding." in page and "Ingrid" in page
    assert manifest["coaching_notes"] == [
        {"coach": "Ingrid", "session_date": "2026-10-01",
         "body": "Daan twijfelt over de opleiding.",
         "created_at": manifest["coaching_notes"][0]["created_at"],
         "updated_at": manifest["coaching_notes"][0]["updated_at"]}
    ]  # fmt: skip
    _check_reports_cv_and_growth(manifest, refs)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        page = archive.read("index.html").decode()
        everything = page + archive.read("manifest.json").decode()
    # The share link is a key to the CV, not part of it: it stays behind.
    token = full_dossier.share_url.rsplit("/", 1)[1]
    assert token not in everything and "Hotel" not in everything
    for shown in ("Stageverslagen", "Stageverslag keuken", "Peter (werkgever), akkoord op",
                  "Fatima (coördinator), akkoord op", "Online cv", "Kok in opleiding",
                  "ROC Zadkine", "Ontwikkelplan", "Beter plannen", "Agenda op zondag",
                  "Professionaliseringslogboek", "EHBO", "12,50", "€ 1.249,95", "0,800 fte",
                  "gepland: 3,00 uur"):  # fmt: skip
        assert shown in page, shown

    newcomer = register("Nieuwe")
    job = _import(newcomer, first)
    assert job["status"] == "done", job
    assert job["dossier_id"] == newcomer.dossier_id  # into their own (empty) dossier
    assert job["result"]["evidence"] == 4 and job["result"]["coaching_notes"] == 1
    assert job["result"]["reports"] == 2 and job["result"]["cv"] == 1
    assert job["result"]["goals"] == 1 and job["result"]["activities"] == 2
    # The owner reads the imported note, its coach kept as a name.
    notes = newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/coaching-notes").json
    assert [n["body"] for n in notes] == ["Daan twijfelt over de opleiding."]
    newcomer.user["dossiers"] = [{"id": job["dossier_id"]}]
    items = newcomer.get(f"/api/v1/dossiers/{job['dossier_id']}/evidence").json["items"]
    assert sorted(i["title"] for i in items) == ["Bezoek", "EHBO-diploma", "Snijden", "Video"]
    visit = next(i for i in items if i["title"] == "Bezoek")
    assert visit["created_by"] is None and visit["created_by_name"] == "Fatima"
    # Not kept by the owner before the export: still waiting for them after the import.
    assert [e["reviewed"] for e in manifest["evidence"] if e["title"] == "Bezoek"] == [False]
    assert visit["reviewed"] is False
    ids = {i["title"]: i["id"] for i in items}
    # The report keeps who confirmed it, as names with their roles and dates.
    d = f"/api/v1/dossiers/{newcomer.dossier_id}"
    report = next(
        r for r in newcomer.get(f"{d}/reports").json if r["title"] == "Stageverslag keuken"
    )
    assert [(s["name"], s["role"]) for s in report["signoffs"]] == [
        ("Peter", "employer"), ("Fatima", "coordinator")]  # fmt: skip
    # Marked as taken from the export: not confirmed in this Bagage.
    assert report["signoffs"] == [
        {**s, "imported": True} for s in manifest["reports"][0]["signoffs"]]  # fmt: skip
    assert report["evidence_ids"] == [ids["Video"], ids["Snijden"]]
    assert report["you"]["signed"] is False
    cv = newcomer.get(f"{d}/cv").json
    assert cv["photo_evidence_id"] == ids["Snijden"] and cv["headline"] == "Kok in opleiding"
    assert cv["evidence_ids"] == [ids["Snijden"], ids["Video"]]
    assert newcomer.get(f"{d}/cv/links").json == []
    assert newcomer.get("/api/v1/me/growth-settings").json == {
        "fte": 0.8, "hours_override": None, "budget_override": 750.0,
        "saving_since": 2025}  # fmt: skip
    review = newcomer.get(f"{d}/growth/review", query_string={"year": 2026}).json
    assert review["reflection"] == "Plannen lukt nu." and review["required_hours"] == 12.5
    goal = newcomer.get(f"{d}/goals", query_string={"year": 2026}).json[0]
    assert goal["status"] == "in_progress" and goal["evidence_ids"] == [ids["Snijden"]]
    assert goal["progress_notes"][0]["content"]["handelen"] == "Agenda op zondag"
    assert [c["full_statement"] for c in goal["competencies"]] == [
        manifest["growth"]["goals"][0]["competencies"][0]["statement"]]  # fmt: skip
    course = next(
        a for a in newcomer.get(f"{d}/activities", query_string={"year": 2026}).json
        if a["title"] == "EHBO"
    )  # fmt: skip
    assert course["certificate_evidence_id"] == ids["EHBO-diploma"]
    assert course["goal_ids"] == [goal["id"]] and course["cost"] == 1249.95

    # The same zip once more adds nothing twice.
    again_job = _import(newcomer, first)
    assert again_job["status"] == "done", again_job
    assert {k: again_job["result"][k] for k in ("evidence", "reports", "cv", "goals",
            "activities", "coaching_notes", "messages")} == dict.fromkeys(
        ("evidence", "reports", "cv", "goals", "activities", "coaching_notes", "messages"), 0
    )  # fmt: skip
    assert len(newcomer.get(f"{d}/reports").json) == 2

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
    for side, export in ((original, manifest), (again, second)):
        for r in side["reports"]:
            if r["created_by"] == export["owner"]["name"]:
                r.pop("created_by")
    assert again["reports"] and again["cv"] and again["growth"]["activities"]
    assert again == original


def _check_reports_cv_and_growth(manifest: dict, refs: dict) -> None:
    """Reports, the CV and growth refer to evidence by ref and competencies by CASE ids."""
    frameworks = {f["identifier"] for f in manifest["frameworks"]}
    kitchen, interim = manifest["reports"]  # by period start
    assert interim["evidence"] is None and interim["signoffs"] == []
    assert interim["created_by"] == "Daan"
    assert kitchen["created_by"] == "Fatima" and kitchen["language"] == "en"
    assert kitchen["evidence"] == [refs["Video"], refs["Snijden"]]
    assert kitchen["hours"] == 120.5 and kitchen["internship"] == "De Gouden Lepel"
    assert [(s["name"], s["role"]) for s in kitchen["signoffs"]] == [
        ("Peter", "employer"), ("Fatima", "coordinator")]  # fmt: skip
    assert all(s["signed_at"] and set(s) == {"name", "role", "signed_at"}
               for s in kitchen["signoffs"])  # fmt: skip
    cv = manifest["cv"]
    assert cv["photo"] == refs["Snijden"] and cv["evidence"] == [refs["Snijden"], refs["Video"]]
    assert cv["education"][0]["institution"] == "ROC Zadkine"
    assert cv["work"][0]["internship"] is True and "links" not in cv
    assert len(cv["competencies"]) == 2
    growth = manifest["growth"]
    assert growth["settings"] == {"fte": "0.800", "hours_override": None,
                                  "budget_override": "750.00", "saving_since": 2025}  # fmt: skip
    [goal] = growth["goals"]
    assert goal["status"] == "in_progress" and goal["evidence"] == [refs["Snijden"]]
    assert goal["progress"][0]["content"]["handelen"] == "Agenda op zondag"
    course, reading = growth["activities"]
    assert course["certificate"] == refs["EHBO-diploma"] and course["goals"] == [goal["ref"]]
    assert (course["hours"], course["cost"]) == ("12.50", "1249.95")
    assert reading["planned"] is True and reading["certificate"] is None
    assert (course["required"], reading["required"]) == (True, False)
    assert [(r["school_year"], r["reflection"]) for r in growth["reviews"]] == [
        (2026, "Plannen lukt nu.")]  # fmt: skip
    # Every competency named, also those only the CV or a goal uses, has its framework along.
    named = [*cv["competencies"], *goal["competencies"], *course["competencies"]]
    assert {c["framework"] for c in named} <= frameworks
    assert len({c["framework"] for c in named}) == 3


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


# --- large exports arrive through a resumable upload -------------------------------------

TUS = {"Tus-Resumable": "1.0.0"}


def _meta(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def _tus_upload(api, data: bytes, chunk: int = 64 * 1024, **metadata) -> str:
    """Send data through tus in chunks, as the web app does; returns the upload's path."""
    created = api.post("/api/v1/uploads", headers={
        **TUS, "Upload-Length": str(len(data)), "Upload-Metadata": _meta(**metadata)})  # fmt: skip
    assert created.status_code == 201, created.json
    url = created.headers["Location"].split("://", 1)[1].split("/", 1)[1]
    for offset in range(0, len(data), chunk):
        r = api.patch(f"/{url}", data=data[offset : offset + chunk], headers={
            **TUS, "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream"})  # fmt: skip
        assert r.status_code == 204, r.json
        assert "Bagage-Evidence-Id" not in r.headers  # an export never becomes evidence
    return f"/{url}"


def test_a_large_export_is_imported_through_a_resumable_upload(register, full_dossier):
    data = _export(full_dossier)
    newcomer = register("Nieuwe")
    url = _tus_upload(newcomer, data, purpose="import", filename="export.zip")
    upload_id = url.rsplit("/", 1)[1]
    assert newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/evidence").json["items"] == []
    # The bytes waiting to be imported do not count against the dossier's room.
    assert newcomer.get("/api/v1/me").json["dossiers"][0]["used_bytes"] == 0

    r = newcomer.post("/api/v1/imports/uploaded", json={"upload_id": upload_id})
    assert r.status_code == 202, r.json
    job = newcomer.get(f"/api/v1/jobs/{r.json['id']}").json
    assert job["status"] == "done" and job["progress"] == 100, job
    assert job["result"]["evidence"] == 4 and job["result"]["skipped"] == 0
    assert job["result"]["reflections"] == 2 and job["result"]["messages"] == 1
    titles = sorted(
        i["title"]
        for i in newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/evidence").json["items"]
    )  # fmt: skip
    assert titles == ["Bezoek", "EHBO-diploma", "Snijden", "Video"]
    # The imported originals take the room the export says they hold; the rest is not counted.
    originals = sum(
        m["size_bytes"] for e in _manifest(data)["evidence"] for m in e["media"]
        if m["role"] == "original"
    )  # fmt: skip
    assert originals > 0
    assert newcomer.get("/api/v1/me").json["dossiers"][0]["used_bytes"] == originals
    # The upload is used up: its bytes are gone and it cannot be imported twice.
    assert newcomer.http.head(url, headers={**TUS, **newcomer._headers()}).status_code == 404
    again = newcomer.post("/api/v1/imports/uploaded", json={"upload_id": upload_id})
    assert again.status_code == 404

    # The same export once more adds nothing twice.
    second = _import(newcomer, data)
    assert second["status"] == "done"
    assert second["result"]["evidence"] == 0 and second["result"]["skipped"] == 4
    assert second["result"]["coaching_notes"] == 0 and second["result"]["messages"] == 0
    assert second["result"]["reports"] == 0 and second["result"]["activities"] == 0
    items = newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/evidence").json["items"]
    assert len(items) == 4


def test_import_uploads_have_their_own_limit_and_only_finished_own_ones_count(
    app, register, full_dossier, monkeypatch
):
    newcomer, other = register("Nieuwe"), register("Ander")
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1000)
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 10)
    too_big = newcomer.post("/api/v1/uploads", headers={
        **TUS, "Upload-Length": "1001", "Upload-Metadata": _meta(purpose="import")})  # fmt: skip
    assert too_big.status_code == 413 and too_big.json["error"]["code"] == "file_too_large"
    # Larger than any evidence may be, but within the import limit.
    created = newcomer.post("/api/v1/uploads", headers={
        **TUS, "Upload-Length": "500", "Upload-Metadata": _meta(purpose="import")})  # fmt: skip
    assert created.status_code == 201, created.json
    upload_id = created.headers["Location"].rsplit("/", 1)[1]
    unfinished = newcomer.post("/api/v1/imports/uploaded", json={"upload_id": upload_id})
    assert unfinished.status_code == 409
    assert unfinished.json["error"]["code"] == "upload_incomplete"
    stolen = other.post("/api/v1/imports/uploaded", json={"upload_id": upload_id})
    assert stolen.status_code == 404
    bad = newcomer.post("/api/v1/uploads", headers={
        **TUS, "Upload-Length": "5", "Upload-Metadata": _meta(purpose="other")})  # fmt: skip
    assert bad.status_code == 422


def test_an_import_must_fit_the_dossier_quota_and_a_bad_one_changes_nothing(
    app, register, full_dossier, storage, monkeypatch
):
    data = _export(full_dossier)
    newcomer = register("Nieuwe")
    before = set(storage.list_keys())
    monkeypatch.setitem(app.config, "DOSSIER_QUOTA_BYTES", 1000)
    upload_id = _tus_upload(newcomer, data, purpose="import").rsplit("/", 1)[1]
    job = newcomer.post("/api/v1/imports/uploaded", json={"upload_id": upload_id}).json
    job = newcomer.get(f"/api/v1/jobs/{job['id']}").json
    assert job["status"] == "failed"
    assert "room" in job["error"] and "Nothing was imported" in job["error"]
    assert set(storage.list_keys()) == before
    assert newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/evidence").json["items"] == []
    listed = newcomer.get("/api/v1/jobs").json
    assert [j["id"] for j in listed] == [job["id"]] and listed[0]["kind"] == "import"


def test_old_exports_are_deleted_by_the_periodic_cleanup(app, full_dossier, monkeypatch, tmp_path):
    from app.db import db, utcnow
    from app.portability.models import DataJob
    from app.portability.services import cleanup_old_exports

    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setitem(app.config, "EXPORT_RETENTION_HOURS", 72)
    api = full_dossier
    old = api.post(f"/api/v1/dossiers/{api.dossier_id}/exports").json
    new = api.post(f"/api/v1/dossiers/{api.dossier_id}/exports").json
    stray = tmp_path / "exports" / "export-crashed.zip"
    stray.write_bytes(b"half")
    listed = api.get("/api/v1/jobs").json
    assert {j["id"] for j in listed} == {old["id"], new["id"]}
    assert all(j["expires_at"] for j in listed)
    with app.app_context():
        session = db.session()
        job = session.get(DataJob, uuid.UUID(old["id"]))
        old_path = Path(job.path)
        job.finished_at = utcnow() - timedelta(hours=73)
        new_path = Path(session.get(DataJob, uuid.UUID(new["id"])).path)
        db.commit()
    os.utime(stray, (time.time() - 73 * 3600,) * 2)
    # Expired: no longer offered, even before the cleanup ran.
    assert [j["id"] for j in api.get("/api/v1/jobs").json] == [new["id"]]
    gone = api.get(f"/api/v1/jobs/{old['id']}/download")
    assert gone.status_code == 404 and gone.json["error"]["code"] == "export_expired"

    with app.app_context():
        cleanup_old_exports.call_local()
    assert not old_path.exists() and not stray.exists()
    assert new_path.exists()
    assert api.get(f"/api/v1/jobs/{old['id']}").status_code == 404
    assert api.get(f"/api/v1/jobs/{new['id']}/download").status_code == 200


def test_a_version_1_export_is_still_imported_and_an_unknown_version_is_refused(
    register, full_dossier
):
    """Version 1 had no reports, CV or growth; its dossier still comes in whole."""
    data = _export(full_dossier)
    manifest = _manifest(data)

    def with_manifest(changed: dict) -> bytes:
        out = io.BytesIO()
        source = zipfile.ZipFile(io.BytesIO(data))  # writestr changes the infos it is given
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                content = source.read(info)
                if info.filename == "manifest.json":
                    content = json.dumps(changed).encode()
                target.writestr(info, content)
        return out.getvalue()

    old = {k: v for k, v in manifest.items() if k not in ("reports", "cv", "growth")}
    old["version"] = 1
    newcomer = register("Nieuwe")
    job = _import(newcomer, with_manifest(old))
    assert job["status"] == "done", job
    assert job["result"]["evidence"] == 4 and job["result"]["reports"] == 0
    assert job["result"]["cv"] == 0 and job["result"]["goals"] == 0
    assert newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/reports").json == []

    future = register("Later")
    job = _import(future, with_manifest({**manifest, "version": 99}))
    assert job["status"] == "failed" and "version 99" in job["error"]
    assert future.get(f"/api/v1/dossiers/{future.dossier_id}/evidence").json["items"] == []


def test_an_import_leaves_a_cv_and_working_time_made_here_as_they_are(register, full_dossier):
    data = _export(full_dossier)
    newcomer = register("Nieuwe")
    d = f"/api/v1/dossiers/{newcomer.dossier_id}"
    newcomer.patch(f"{d}/cv", json={"headline": "Mijn eigen cv"})
    newcomer.put("/api/v1/me/growth-settings", json={"fte": 0.5})
    job = _import(newcomer, data)
    assert job["status"] == "done", job
    assert job["result"]["cv"] == 0 and job["result"]["reports"] == 2
    cv = newcomer.get(f"{d}/cv").json
    assert cv["headline"] == "Mijn eigen cv" and cv["evidence_ids"] == []
    assert newcomer.get("/api/v1/me/growth-settings").json["fte"] == 0.5


def test_a_hand_made_export_brings_only_what_the_app_knows_into_the_cv_and_plan(
    register, full_dossier
):
    data = _export(full_dossier)
    manifest = _manifest(data)
    manifest["cv"]["work"] = [{"name": "Hotel", "start": 2026, "extra": "<b>x</b>"}, "nonsense"]
    manifest["growth"]["goals"][0]["progress"] = [
        42,
        {"model": "free", "content": {"text": "Ja"}, "at": "2026-10-01", "by": "iemand"},
    ]
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "manifest.json":
                content = json.dumps(manifest).encode()
            target.writestr(info, content)
    newcomer = register("Nieuwe")
    job = _import(newcomer, out.getvalue())
    assert job["status"] == "done", job
    d = f"/api/v1/dossiers/{newcomer.dossier_id}"
    assert newcomer.get(f"{d}/cv").json["work"] == [{"name": "Hotel"}]
    goal = newcomer.get(f"{d}/goals", query_string={"year": 2026}).json[0]
    assert goal["progress_notes"] == [
        {"model": "free", "content": {"text": "Ja"}, "at": "2026-10-01"}
    ]


# --- hand-made zips: what an import must refuse or mark ---------------------------------


def _rezip(
    data: bytes,
    manifest: dict | None = None,
    *,
    extra: dict | None = None,
    compression=zipfile.ZIP_STORED,
) -> bytes:
    """The export with another manifest and, in extra, entries added or replaced."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(data))
    extra = dict(extra or {})
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "manifest.json" and manifest is not None:
                content = json.dumps(manifest).encode()
            if info.filename in extra:
                content = extra.pop(info.filename)
            target.writestr(info.filename, content)
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


def test_imported_sign_offs_are_marked_and_never_count_as_confirmed_here(register, full_dossier):
    data = _export(full_dossier)
    manifest = _manifest(data)
    kitchen = manifest["reports"][1]
    assert kitchen["signoffs"] == []
    # Someone adds a confirmation by hand that nobody ever gave.
    kitchen["signoffs"] = [{"role": "employer", "name": "Echte Werkgever BV",
                            "signed_at": "2026-10-30T10:00:00+00:00"}]  # fmt: skip
    newcomer = register("Nieuwe")
    job = _import(newcomer, _rezip(data, manifest))
    assert job["status"] == "done", job
    reports = {r["title"]: r for r in
               newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/reports").json}  # fmt: skip
    forged = reports[kitchen["title"]]
    assert forged["signoffs"] == [{"role": "employer", "name": "Echte Werkgever BV",
                                   "signed_at": "2026-10-30T10:00:00+00:00",
                                   "imported": True}]  # fmt: skip
    assert forged["you"]["signed"] is False
    assert all(s["imported"] for r in reports.values() for s in r["signoffs"])
    for lang, mark in (
        ("nl", "Overgenomen uit een export, niet in deze Bagage bevestigd"),
        ("en", "Taken from an export, not confirmed in this Bagage"),
    ):
        page = newcomer.get(f"/api/v1/reports/{forged['id']}/preview",
                            query_string={"lang": lang}).get_data(as_text=True)  # fmt: skip
        assert "Echte Werkgever BV" in page and mark in page
        assert ("bevestigd op" if lang == "nl" else "confirmed on") not in page
    pdf = newcomer.get(f"/api/v1/reports/{forged['id']}/pdf", query_string={"lang": "nl"})
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Overgenomen uit een export, niet in deze Bagage bevestigd" in " ".join(text.split())
    # A reflection whose author is only a name is marked as taken from an export too.
    real = reports["Stageverslag keuken"]
    page = newcomer.get(f"/api/v1/reports/{real['id']}/preview",
                        query_string={"lang": "nl"}).get_data(as_text=True)  # fmt: skip
    assert (
        'Fatima (coördinator)</strong> <span class="meta imported">'
        "(overgenomen uit een export)" in page
    )
    # The export keeps the mark, so a second move cannot wash it off.
    again = _manifest(_export(newcomer))
    marked = {r["title"]: r["signoffs"] for r in again["reports"]}
    assert marked[kitchen["title"]][0]["imported"] is True
    assert "niet in deze Bagage bevestigd" in _offline_page(_export(newcomer))


def test_the_cvs_confirmed_section_is_exported_but_an_import_never_makes_it_a_confirmation(
    register, full_dossier
):
    pupil = full_dossier
    d = f"/api/v1/dossiers/{pupil.dossier_id}"
    supervisor = register("Sanne")
    _grant(pupil, supervisor, ["view", "reflect"], role="employer")
    item = pupil.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    photo = next(i for i in pupil.get(f"{d}/evidence").json["items"] if i["title"] == "Snijden")
    r = supervisor.post(
        f"/api/v1/evidence/{photo['id']}/reflections",
        json={"content": {"text": "Netjes"}, "item_id": item["id"], "level": 3},
    )
    assert r.status_code == 201, r.json  # fmt: skip
    offered = pupil.get(f"{d}/cv/confirmations").json
    [report] = offered["reports"]
    [level] = offered["levels"]
    r = pupil.patch(f"{d}/cv", json={"report_ids": [report["id"]], "level_ids": [level["id"]]})
    assert r.status_code == 200, r.json

    data = _export(pupil)
    manifest = _manifest(data)
    entries = {e["title"]: e for e in manifest["evidence"]}
    confirmed = manifest["cv"]["confirmed"]
    assert confirmed["reports"] == [{
        "title": "Stageverslag keuken", "internship": "De Gouden Lepel",
        "period_start": "2020-01-01", "period_end": "2035-12-31",
        "signoffs": [{"name": "Peter", "role": "employer"},
                     {"name": "Fatima", "role": "coordinator"}],
    }]  # fmt: skip
    [exported] = confirmed["levels"]
    assert exported["evidence"] == entries["Snijden"]["ref"] and exported["level"] == 3
    assert (exported["author"], exported["author_role"]) == ("Sanne", "employer")
    assert exported["competency"]["item"] == entries["Snijden"]["competencies"][0]["item"]

    # Elsewhere the sign-offs and the level are names an export brought: no confirmation.
    newcomer = register("Nieuwe")
    job = _import(newcomer, data)
    assert job["status"] == "done" and job["result"]["cv"] == 1, job
    there = f"/api/v1/dossiers/{newcomer.dossier_id}"
    cv = newcomer.get(f"{there}/cv").json
    assert cv["headline"] == "Kok in opleiding"
    assert (cv["report_ids"], cv["level_ids"]) == ([], [])
    assert newcomer.get(f"{there}/cv/confirmations").json == {"reports": [], "levels": []}
    imported = next(r for r in newcomer.get(f"{there}/reports").json if r["signoffs"])
    r = newcomer.patch(f"{there}/cv", json={"report_ids": [imported["id"]]})
    assert r.status_code == 422 and "report_ids" in r.json["error"]["fields"], r.json


def _offline_page(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("index.html").decode()


def test_an_import_never_opens_someone_elses_private_learning_line(register, full_dossier):
    maker = register("Coördinator")
    line = maker.post("/api/v1/frameworks", json={"title": "Leerlijn geheim"}).json
    maker.post(f"/api/v1/frameworks/{line['id']}/items", json={"full_statement": "Geheim recept"})
    package = maker.get(f"/api/v1/frameworks/{line['id']}/case").json
    identifier = package["CFDocument"]["identifier"]
    item_identifier = next(i["identifier"] for i in package["CFItems"]
                           if i["fullStatement"] == "Geheim recept")  # fmt: skip

    data = _export(full_dossier)
    manifest = _manifest(data)
    # A hand-made manifest names the private line (which the importer could not see) as
    # chosen, and links an item to it.
    manifest["frameworks"].append({"identifier": identifier, "title": "x", "builtin": False,
                                   "chosen": True, "package": package})  # fmt: skip
    manifest["evidence"][0]["competencies"].append(
        {"framework": identifier, "item": item_identifier, "code": "", "statement": "", "note": ""}
    )
    thief = register("Dief")
    for _ in range(2):
        job = _import(thief, _rezip(data, manifest))
        assert job["status"] == "done", job
    assert thief.get(f"/api/v1/frameworks/{line['id']}").status_code == 404
    assert thief.get(f"/api/v1/frameworks/{line['id']}/case").status_code == 404
    # The importer has their own private copy, once, and the link points into it.
    copies = [f for f in thief.get("/api/v1/frameworks").json if f["title"] == "Leerlijn geheim"]
    assert len(copies) == 1 and copies[0]["id"] != line["id"]
    copy = thief.get(f"/api/v1/frameworks/{copies[0]['id']}/case").json
    assert copy["CFDocument"]["identifier"] != identifier
    assert copy["CFDocument"]["bagageCopiedFrom"] == identifier
    found = thief.get("/api/v1/competencies", query_string={"q": "Geheim recept"}).json
    assert [f["framework"]["id"] for f in found] == [copies[0]["id"]]
    # The maker's own line is untouched.
    assert maker.get(f"/api/v1/frameworks/{line['id']}/case").json == package


def _import_refused(api, data: bytes, storage) -> dict:
    """Import data, which must fail and leave no file behind and nothing in the dossier."""
    before = set(storage.list_keys())
    job = _import(api, data)
    assert job["status"] == "failed", job
    assert set(storage.list_keys()) == before
    assert api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"] == []
    assert api.get(f"/api/v1/dossiers/{api.dossier_id}/reports").json == []
    return job


@pytest.mark.parametrize("role, path", [
    ("../../escaped/thumb", "media/1/original.jpg"),
    ("original", "media/1/original.j/../../x"),
    ("original", "media/1/original"),
    ("original", "media/1/original.JPEG"),
    ("preview", "media/1/original.jpg"),
])  # fmt: skip
def test_a_file_with_an_unknown_role_or_odd_extension_is_refused_before_anything_is_stored(
    register, full_dossier, storage, role, path
):
    data = _export(full_dossier)
    manifest = _manifest(data)
    entry = next(e for e in manifest["evidence"] if e["title"] == "Snijden")
    media = next(m for m in entry["media"] if m["role"] == "original")
    content = zipfile.ZipFile(io.BytesIO(data)).read(media["path"])
    media["role"], media["path"] = role, path
    job = _import_refused(register("Nieuwe"), _rezip(data, manifest, extra={path: content}),
                          storage)  # fmt: skip
    assert job["error_code"] == "bad_media" and job["error_params"] == {"ref": entry["ref"]}


def test_derived_files_count_against_the_quota_too(
    app, register, full_dossier, storage, monkeypatch
):
    data = _export(full_dossier)
    manifest = _manifest(data)
    originals = sum(m["size_bytes"] for e in manifest["evidence"] for m in e["media"]
                    if m["role"] == "original")  # fmt: skip
    # A hand-made manifest declares a large "display" file of zeros for the note.
    zeros = bytes(300_000)
    note = next(e for e in manifest["evidence"] if e["title"] == "Bezoek")
    note["media"].append({"role": "display", "path": "media/3/display.jpg",
                          "content_type": "image/jpeg", "size_bytes": len(zeros),
                          "sha256": hashlib.sha256(zeros).hexdigest()})  # fmt: skip
    forged = _rezip(data, manifest, extra={"media/3/display.jpg": zeros})
    monkeypatch.setitem(app.config, "DOSSIER_QUOTA_BYTES", originals + 1000)
    job = _import_refused(register("Nieuwe"), forged, storage)
    assert job["error_code"] == "quota_exceeded" and "room" in job["error"]


def test_a_zip_bomb_and_a_zip_that_unpacks_beyond_the_import_limit_are_refused(
    app, register, full_dossier, storage, monkeypatch
):
    data = _export(full_dossier)
    bomb = _rezip(data, extra={"media/9/display.jpg": bytes(8 * 1024 * 1024)},
                  compression=zipfile.ZIP_DEFLATED)  # fmt: skip
    assert len(bomb) < len(data) + 100_000
    job = _import_refused(register("Nieuwe"), bomb, storage)
    assert job["error_code"] == "zip_bomb"
    assert job["error_params"] == {"path": "media/9/display.jpg"}

    # Text that packs well but is no bomb: only the total unpacked size is too large.
    padding = bytes(48 + (b & 1) for b in random.Random(1).randbytes(2 * 1024 * 1024))
    large = _rezip(data, extra={"padding.txt": padding}, compression=zipfile.ZIP_DEFLATED)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", len(large) + 1024 * 1024)
    job = _import_refused(register("Ander"), large, storage)
    assert job["error_code"] == "export_too_large"


def test_a_manifest_larger_than_32_mb_is_refused_unread(register, full_dossier, storage):
    data = _export(full_dossier)
    manifest = _manifest(data)
    manifest["padding"] = " " * (33 * 1024 * 1024)
    job = _import_refused(register("Nieuwe"), _rezip(data, manifest,
                          compression=zipfile.ZIP_DEFLATED), storage)  # fmt: skip
    assert job["error_code"] == "manifest_too_large" and job["error_params"] == {"mb": 32}


@pytest.mark.parametrize("section, change, row, field", [
    ("working time", lambda m: m["growth"]["settings"].update(fte="-1"), None, "fte"),
    ("working time", lambda m: m["growth"]["settings"].update(hours_override="NaN"), None,
     "hours_override"),
    ("working time", lambda m: m["growth"]["settings"].update(budget_override="1e12"), None,
     "budget_override"),
    ("activity", lambda m: m["growth"]["activities"][1].update(hours="-3"), 2, "hours"),
    ("activity", lambda m: m["growth"]["activities"][0].update(cost="1e30"), 1, "cost"),
    ("activity", lambda m: m["growth"]["activities"][0].update(cost=float("nan")), 1, "cost"),
    ("goal", lambda m: m["growth"]["goals"][0].update(school_year=99999), 1, "school_year"),
    ("working time", lambda m: m["growth"]["settings"].update(saving_since="ooit"), None,
     "saving_since"),
    ("year review", lambda m: m["growth"]["reviews"][0].update(reflection=["x"]), 1,
     "reflection"),
    ("report", lambda m: m["reports"][0].update(hours=-5), 1, "hours"),
    ("report", lambda m: m["reports"][1].update(hours=float("inf")), 2, "hours"),
    ("report", lambda m: m["reports"][0].update(period_end="2019-01-01"), 1, "period_end"),
    ("report", lambda m: m["reports"][0]["signoffs"][0].update(signed_at=7), 1, "signoffs"),
    ("cv", lambda m: m["cv"].update(headline="x" * 201), None, "headline"),
    ("cv", lambda m: m["cv"].update(email="geen adres"), None, "email"),
])  # fmt: skip
def test_imported_values_are_held_to_the_apps_own_rules(
    register, full_dossier, storage, section, change, row, field
):
    data = _export(full_dossier)
    manifest = _manifest(data)
    change(manifest)
    newcomer = register("Nieuwe")
    job = _import_refused(newcomer, _rezip(data, manifest), storage)
    assert job["error_code"] == "bad_row", job
    assert job["error_params"] == {"section": section, "row": row, "field": field}
    assert section in job["error"] and "Nothing was imported" in job["error"]
    assert newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/goals",
                        query_string={"year": 2026}).json == []  # fmt: skip
    assert newcomer.get("/api/v1/me/growth-settings").json["fte"] == 1.0


def test_a_new_import_upload_replaces_the_persons_unfinished_ones(app, register):
    from media.models import ResumableUpload
    from media.resumable import part_path

    newcomer, other = register("Nieuwe"), register("Ander")

    def start(api, length=10_000):
        r = api.post(
            "/api/v1/uploads",
            headers={
                **TUS,
                "Upload-Length": str(length),
                "Upload-Metadata": _meta(purpose="import"),
            },
        )
        assert r.status_code == 201, r.json  # fmt: skip
        return "/" + r.headers["Location"].split("://", 1)[1].split("/", 1)[1]

    first = start(newcomer)
    theirs = start(other)
    evidence = newcomer.post(
        "/api/v1/uploads",
        headers={**TUS, "Upload-Length": "100", "Upload-Metadata": _meta(filename="a.jpg")},
    )
    assert evidence.status_code == 201  # fmt: skip
    second = start(newcomer)
    head = {**TUS, **newcomer._headers()}
    assert newcomer.http.head(first, headers=head).status_code == 404
    assert newcomer.http.head(second, headers=head).status_code == 200
    assert other.http.head(theirs, headers={**TUS, **other._headers()}).status_code == 200
    with app.app_context():
        assert not part_path(ResumableUpload(id=uuid.UUID(first.rsplit("/", 1)[1]))).exists()
    # An upload of evidence is no import: it stays.
    url = "/" + evidence.headers["Location"].split("://", 1)[1].split("/", 1)[1]
    assert newcomer.http.head(url, headers=head).status_code == 200


def test_a_second_request_to_import_the_same_upload_gets_a_clear_conflict(
    app, register, full_dossier
):
    from app.db import db
    from media.models import ResumableUpload
    from media.resumable import part_path

    data = _export(full_dossier)
    newcomer = register("Nieuwe")
    upload_id = _tus_upload(newcomer, data, purpose="import").rsplit("/", 1)[1]
    # The state the slower of two simultaneous requests finds: the row still there, complete,
    # but its bytes just moved to the faster one's import.
    with app.app_context():
        part = part_path(db.session().get(ResumableUpload, uuid.UUID(upload_id)))
        moved = part.with_suffix(".moved")
        part.replace(moved)
    r = newcomer.post("/api/v1/imports/uploaded", json={"upload_id": upload_id})
    assert r.status_code == 409, r.json
    assert r.json["error"]["code"] == "import_started"
    # Nothing half-done stays behind: with its bytes back the upload imports once.
    moved.replace(part)
    assert newcomer.get("/api/v1/jobs").json == []
    r = newcomer.post("/api/v1/imports/uploaded", json={"upload_id": upload_id})
    assert r.status_code == 202, r.json
    assert newcomer.get(f"/api/v1/jobs/{r.json['id']}").json["status"] == "done"


def test_the_cleanup_deletes_files_only_after_its_commit_and_also_stuck_jobs(
    app, register, monkeypatch, tmp_path
):
    from app.db import db, utcnow
    from app.portability.models import DataJob
    from app.portability.services import cleanup_old_exports, delete_old_exports

    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setitem(app.config, "EXPORT_RETENTION_HOURS", 72)
    api = register("Daan")
    # One export under way per person: the stuck running one is someone else's.
    owners = {"done": api, "queued": api, "running": register("Fatima")}
    (tmp_path / "exports").mkdir()
    long_ago = utcnow() - timedelta(hours=73)
    with app.app_context():
        session = db.session()
        paths = {}
        for status in ("done", "queued", "running"):
            path = tmp_path / "exports" / f"{status}.zip"
            path.write_bytes(b"zip")
            owner_id = uuid.UUID(owners[status].user["id"])
            job = DataJob(user_id=owner_id, kind="export", status=status,
                          path=str(path), created_at=long_ago,
                          finished_at=long_ago if status == "done" else None)  # fmt: skip
            session.add(job)
            paths[status] = path
        fresh = tmp_path / "exports" / "fresh.zip"
        fresh.write_bytes(b"zip")
        session.add(DataJob(user_id=uuid.UUID(api.user["id"]), kind="import",
                            status="running", path=str(fresh)))  # fmt: skip
        db.commit()
        # A cleanup whose transaction fails keeps the files its rows still point at.
        assert delete_old_exports(session) == 3
        db.rollback()
        assert all(p.exists() for p in paths.values())
        cleanup_old_exports.call_local()
    assert not any(p.exists() for p in paths.values())
    assert fresh.exists()  # still running, within the retention
    assert [j["status"] for j in api.get("/api/v1/jobs").json] == ["running"]


# --- limits: one export at a time, and a few a day ---------------------------------------


def _exports_of(app, user_id: str) -> list:
    from sqlalchemy import select

    from app.db import db
    from app.portability.models import DataJob

    with app.app_context():
        return db.session.execute(
            select(DataJob.id, DataJob.created_at)
            .where(DataJob.user_id == uuid.UUID(user_id), DataJob.kind == "export")
            .order_by(DataJob.created_at)
        ).all()


def test_a_second_export_while_one_is_under_way_gets_a_clear_conflict(app, register):
    from app.db import db
    from app.portability.models import DataJob

    api = register("Sanne")
    api.upload(None, title="Iets")
    with app.app_context():  # a worker has not got to the first one yet
        waiting = DataJob(user_id=uuid.UUID(api.user["id"]), kind="export",
                          dossier_id=uuid.UUID(api.dossier_id), status="queued")  # fmt: skip
        db.session.add(waiting)
        db.commit()
        waiting_id = waiting.id
    r = api.post(f"/api/v1/dossiers/{api.dossier_id}/exports")
    assert r.status_code == 409, r.json
    assert r.json["error"]["code"] == "export_running"
    assert "export" in r.json["error"]["message"].lower()
    assert len(_exports_of(app, api.user["id"])) == 1
    with app.app_context():
        db.session.get(DataJob, waiting_id).status = "failed"
        db.commit()
    assert api.post(f"/api/v1/dossiers/{api.dossier_id}/exports").status_code == 202


def test_exports_have_a_daily_limit_with_a_clear_answer(app, register, monkeypatch):
    from app.db import db, utcnow
    from app.portability.models import DataJob

    monkeypatch.setitem(app.config, "EXPORTS_PER_DAY", 2)
    api = register("Sanne")
    api.upload(None, title="Iets")
    url = f"/api/v1/dossiers/{api.dossier_id}/exports"
    assert [api.post(url).status_code for _ in range(2)] == [202, 202]
    refused = api.post(url)
    assert refused.status_code == 429, refused.json
    assert refused.json["error"]["code"] == "export_limit_reached"
    assert "2" in refused.json["error"]["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600
    assert len(_exports_of(app, api.user["id"])) == 2
    with app.app_context():  # a day later the oldest no longer counts
        oldest_id = _exports_of(app, api.user["id"])[0].id
        db.session.get(DataJob, oldest_id).created_at = utcnow() - timedelta(hours=25)
        db.commit()
    assert api.post(url).status_code == 202


def test_what_the_owner_kept_stays_kept_through_export_and_import(register, full_dossier):
    """The owner's consent moves with the dossier: what they kept is kept after an import."""
    d = f"/api/v1/dossiers/{full_dossier.dossier_id}"
    visit = next(
        i for i in full_dossier.get(f"{d}/evidence").json["items"] if i["title"] == "Bezoek"
    )  # fmt: skip
    full_dossier.post(f"/api/v1/evidence/{visit['id']}/review", json={"action": "keep"})
    manifest = _manifest(_export(full_dossier))
    assert [e["reviewed"] for e in manifest["evidence"] if e["title"] == "Bezoek"] == [True]
    newcomer = register("Nieuwe")
    assert _import(newcomer, _export(full_dossier))["status"] == "done"
    items = newcomer.get(f"/api/v1/dossiers/{newcomer.dossier_id}/evidence").json["items"]
    assert next(i for i in items if i["title"] == "Bezoek")["reviewed"] is True
