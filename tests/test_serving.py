"""Stored bytes are typed by what they are, and served so that no browser runs them.

An import decides each file's type from its bytes, as an upload does; every route that
returns file bytes goes through media.serving, which a walk over the app's URL map enforces.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from media import serving
from tests import media_files
from tests.conftest import fetch
from tests.test_people import _grant

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
    # Its thumbnail is one the app made from the original (an import's copies are made
    # again, with faces blurred), never the refused bytes.
    media = items[0]["media"]
    assert set(media) == {"original", "thumbnail", "thumbnail_webp", "display", "display_webp"}
    original = media["original"]
    assert original["content_type"] == "image/jpeg"
    thumbnail = fetch(api, media["thumbnail"]["url"]).data
    assert thumbnail.startswith(b"\xff\xd8") and b"alert(document.cookie)" not in thumbnail
    new_keys = set(storage.list_keys()) - before
    originals = [k for k in new_keys if k.rsplit("/", 1)[-1].startswith("original")]
    assert len(originals) == 1 and originals[0].endswith(".jpg")
    assert {k.rsplit("/", 1)[0] for k in new_keys} == {originals[0].rsplit("/", 1)[0]}
    served = api.get(original["url"])
    if served.status_code == 302:
        assert "response-content-type=image%2Fjpeg" in served.headers["Location"]
    else:
        assert served.status_code == 200 and served.mimetype == "image/jpeg"


# --- one way out for file bytes ---------------------------------------------------------

#: Routes that answer with something other than JSON and are not files: each with its reason.
NOT_FILES = {
    "api-docs.openapi_json": "the API document (JSON)",
    "api-docs.openapi_swagger_ui": "the API docs page, our own HTML",
    "api_docs_assets": "Swagger UI's own scripts and styles, shipped with the app",
    "cv.preview": "a page we render from escaped text, with a CSP that allows no script",
    "reports.preview": "a page we render from escaped text, with a CSP that allows no script",
    "cv_public.page": "a page we render from escaped text",
    "watch_public.page": "a page we render from escaped text, with a CSP that allows no script",
    "cv_public.stylesheet": "a stylesheet in the code",
    "case_provider.documents": "the CASE 1.0 API: JSON built from public frameworks",
    "case_provider.document": "the CASE 1.0 API: JSON built from public frameworks",
    "case_provider.package": "the CASE 1.0 API: JSON built from public frameworks",
    "case_provider.item": "the CASE 1.0 API: JSON built from public frameworks",
    "case_provider.association": "the CASE 1.0 API: JSON built from public frameworks",
    "cv_public.script": "the CV page's script, in the code",
    "credentials_public.did_document": "the issuer's DID document (JSON)",
    "credentials_public.jwks": "the issuer's public keys (JSON)",
    "credentials_public.issuer_profile": "the issuer's Open Badges profile (JSON)",
    "credentials_public.status_list": "the signed status list (JSON)",
    "credentials_public.credential": "a credential its owner shows (JSON)",
    "credentials_public.verify": "the check of a credential (JSON)",
    "health.healthz": "liveness for load balancers (JSON)",
    "health.readyz": "readiness for load balancers (JSON)",
    "live.dossier_events": "an event stream (JSON lines)",
    "live.my_events": "an event stream (JSON lines)",
    "mobile_web.index": "the web app's shell",
    "mobile_web.manifest": "the web app's manifest",
    "mobile_web.service_worker": "the web app's service worker, built from the code",
    "mobile_web.static": "the web app's built scripts, styles and icons",
    "mobile_web.share_target": "a redirect into the web app",
    "uploads.discover": "tus: headers only",
    "uploads.create": "tus: headers only",
    "uploads.upload": "tus: headers only",
}


def _declared_types(view) -> set[str] | None:
    """What an API route says it answers (from its @blp.response): a content type, JSON for
    a schema, "undeclared" for neither; None for a route outside the API."""
    if hasattr(view, "view_class"):
        methods = [getattr(view.view_class, m.lower()) for m in view.view_class.methods]
    else:
        methods = [view]
    docs = [d for d in (getattr(m, "_apidoc", None) for m in methods) if d]
    if not docs:
        return None
    types = set()
    for doc in docs:
        for status, entries in doc.get("response", {}).get("responses", {}).items():
            for entry in entries if isinstance(entries, list) else [entries]:
                if entry.get("content_type"):
                    types.add(entry["content_type"])
                elif entry.get("schema") is not None:
                    types.add("application/json")
                elif int(status) != 204:
                    types.add("undeclared")
    return types


def _legacy_page(app, api, tmp_path) -> dict:
    """A legacy row as an import before the fix stored it: a page declared text/html."""
    from app.db import db
    from media.models import MediaAsset
    from media.storage import get_storage

    note = api.upload(None, title="Oude import").json
    page = tmp_path / "page.html"
    page.write_bytes(HOSTILE_HTML)
    key = f"{uuid.UUID(api.dossier_id).hex}/{uuid.uuid4().hex}/original.jpg"
    with app.app_context():
        storage = get_storage()
        storage.put_file(page, key)
        asset = MediaAsset(
            evidence_id=uuid.UUID(note["id"]), role="original", storage_backend=storage.name,
            storage_key=key, content_type="text/html", size_bytes=len(HOSTILE_HTML),
            sha256=hashlib.sha256(HOSTILE_HTML).hexdigest(),
            original_filename='a"b\r\nSet-Cookie: x=1;.html',
        )  # fmt: skip
        db.session.add(asset)
        db.commit()
        return {"id": str(asset.id)}


def _shown(app, item: dict, role: str) -> str:
    """The copy others get of an item (the owner's own view may list a sharp copy in its
    place, when the detector saw a face in it)."""
    from sqlalchemy import select

    from app.db import db
    from media.models import MediaAsset

    with app.app_context():
        return str(db.session.scalar(
            select(MediaAsset.id).where(
                MediaAsset.evidence_id == uuid.UUID(item["id"]), MediaAsset.role == role
            )
        ))  # fmt: skip


@pytest.fixture
def file_routes(app, register, jpeg, tmp_path):
    """For every route that sends files, real files to ask it for: endpoint →
    [(client, url, the type it must be sent as, inline or not)]."""
    pupil = register("Daan")
    photo = pupil.upload(jpeg(), filename="mijn foto.jpg", title="Foto").json
    clip = media_files.make_video(tmp_path / "v.mp4", seconds=1)
    video = pupil.upload(clip.read_bytes(), filename="v.mp4", title="Video").json
    pdf = pupil.upload(b"%PDF-1.4\n%%EOF\n", filename="cijfers.pdf", title="Cijferlijst").json
    legacy = _legacy_page(app, pupil, tmp_path)
    r = pupil.patch(
        f"/api/v1/dossiers/{pupil.dossier_id}/cv",
        json={"photo_evidence_id": photo["id"], "evidence_ids": [video["id"]]},
    )
    assert r.status_code == 200, r.json
    link = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links", json={}).json
    cv_path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1]
    recruiter = app.test_client()
    report = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/reports",
        json={"title": "Verslag", "period_start": "2026-10-01", "period_end": "2026-11-30"},
    ).json
    job = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/exports").json
    export = pupil.get(f"/api/v1/jobs/{job['id']}").json["download_url"]
    framework = pupil.post("/api/v1/frameworks", json={"title": "Leerlijn horeca"}).json
    employer = register("Peter")
    _grant(pupil, employer, ["view"], role="employer")
    employer.post(f"/api/v1/reports/{report['id']}/signoff")
    made = pupil.post(f"/api/v1/reports/{report['id']}/credential", json={}).json
    credential = f"/api/v1/credentials/{made['id']}/download"
    dossier = f"/api/v1/dossiers/{pupil.dossier_id}"
    media = "/api/v1/media"
    month = {"title": "September", "period_start": "2026-09-01", "period_end": "2026-09-30"}
    september = pupil.post(f"{dossier}/reports", json=month).json
    printed = pupil.get(f"/api/v1/reports/{september['id']}/preview").get_data(as_text=True)
    [watch] = re.findall(r'href="[^"]*(/watch/[^"]+)"', printed)
    school = pupil.post("/api/v1/organisations", json={"name": "Het Baken", "kind": "education"})
    logo = pupil.put(f"/api/v1/organisations/{school.json['id']}/logo",
                     data={"file": (io.BytesIO(jpeg()), "logo.jpg")},
                     content_type="multipart/form-data").json["logo_url"]  # fmt: skip
    return {
        "media.media_file": [
            (pupil, f"{media}/{photo['media']['original']['id']}", "image/jpeg", True),
            (pupil, f"{media}/{photo['media']['thumbnail']['id']}", "image/jpeg", True),
            (pupil, f"{media}/{video['media']['playable']['id']}", "video/mp4", True),
            (pupil, f"{media}/{pdf['media']['original']['id']}", "application/pdf", False),
            (pupil, f"{media}/{legacy['id']}", "application/octet-stream", False),
        ],
        "cv_public.media": [
            (recruiter, f"{cv_path}/media/{_shown(app, photo, 'display')}", "image/jpeg", True),
            (recruiter, f"{cv_path}/media/{_shown(app, video, 'playable')}", "video/mp4", True),
        ],
        "cv_public.pdf": [(recruiter, f"{cv_path}/cv.pdf", "application/pdf", False)],
        "watch_public.video": [(recruiter, f"{watch}/video", "video/mp4", True)],
        "people.organisation_logo": [(pupil, logo, "image/png", True)],
        "portability.download": [(pupil, export, "application/zip", False)],
        "reports.pdf": [(pupil, f"/api/v1/reports/{report['id']}/pdf", "application/pdf", False)],
        "cv.resume_pdf": [(pupil, f"{dossier}/cv.pdf", "application/pdf", False)],
        "cv.resume_json": [(pupil, f"{dossier}/cv/resume.json", "application/json", False)],
        "growth.activities_csv": [(pupil, f"{dossier}/activities.csv", "text/csv", False)],
        "competencies.export_framework": [
            (pupil, f"/api/v1/frameworks/{framework['id']}/case", "application/json", False)
        ],
        "growth.activities_pdf": [(pupil, f"{dossier}/activities.pdf", "application/pdf", False)],
        "issuing.download": [
            (pupil, f"{credential}/json", "application/json", False),
            (pupil, f"{credential}/jwt", "application/jwt", False),
            (pupil, f"{credential}/png", "image/png", True),
            (pupil, f"{credential}/svg", "image/svg+xml", False),  # markup: never shown inline
        ],
    }


def _assert_served_safely(response, expected: str, inline: bool) -> None:
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Content-Security-Policy"]
    assert policy.startswith("sandbox; default-src 'none'")
    assert ("media-src 'self'" in policy) == expected.startswith("video/")
    assert ("style-src 'unsafe-inline'" in policy) == inline
    assert headers["Cross-Origin-Resource-Policy"] == "same-site"
    disposition = headers["Content-Disposition"]
    assert disposition.split(";")[0] == ("inline" if inline else "attachment")
    assert re.fullmatch(
        r'(inline|attachment); filename="[^"\\\r\n;]+"; '
        r"filename\*=UTF-8''[A-Za-z0-9%._~-]+",
        disposition,
    ), disposition
    if response.status_code == 302:  # the object store serves it, with what we signed in
        query = parse_qs(urlsplit(headers["Location"]).query)
        assert query["response-content-type"] == [expected]
        assert query["response-content-disposition"] == [disposition]
        assert "no-store" in headers["Cache-Control"]  # the URL expires soon
        direct = requests.get(headers["Location"], timeout=30)
        assert direct.status_code == 200
        assert direct.headers["Content-Type"] == expected
        assert direct.headers["Content-Disposition"] == disposition
    else:
        assert response.status_code == 200
        assert response.mimetype == expected
        assert "private" in headers["Cache-Control"] or "no-store" in headers["Cache-Control"]


def test_every_route_that_sends_file_bytes_goes_through_media_serving(app, file_routes):
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, serving.MARK, False):
            assert rule.endpoint in file_routes, f"{rule.endpoint} sends files: test it here"
            continue
        declared = _declared_types(view)
        if declared is None or declared - {"application/json"}:
            # Not JSON: a file route must use media.serving; anything else says why not.
            assert rule.endpoint in NOT_FILES, (
                f"{rule.rule} answers {declared or 'outside the API'}: if it sends files, "
                "return media.serving.send() and mark it @serving.serves_files"
            )
    assert set(NOT_FILES) <= set(app.view_functions)

    for endpoint, cases in file_routes.items():
        for client, url, expected, inline in cases:
            response = client.get(url)
            assert response.status_code in (200, 302), (endpoint, url, response.status_code)
            _assert_served_safely(response, expected, inline)
            if response.status_code == 200 and expected.startswith("video/"):
                # Seeking in a video: ranges and conditional requests keep working.
                part = client.get(url, headers={"Range": "bytes=0-99"})
                assert part.status_code == 206 and len(part.data) == 100, endpoint
                assert part.headers["Content-Security-Policy"].startswith("sandbox")
                again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
                assert again.status_code == 304, endpoint
