"""The online CV: recruiters open a link without an account and see only what the owner
chose; a revoked link stops at once; JSON Resume and PDF exports."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pypdf
import pytest

from tests import media_files
from tests.conftest import fetch

pytestmark = pytest.mark.usefixtures("storage")
SCHEMA = json.loads(
    (
        Path(__file__).parent / "fixtures" / "jsonresume" / "jsonresume-schema.v1.2.1.json"
    ).read_text()
)


@pytest.fixture
def pupil_cv(register, jpeg, tmp_path):
    pupil = register("Daan")
    photo = pupil.upload(jpeg(gps=True), title="Mise-en-place").json
    clip = media_files.make_video(tmp_path / "v.mp4", seconds=1)
    video = pupil.upload(clip.read_bytes(), filename="v.mp4", title="Snijden op tempo").json
    secret = pupil.upload(None, title="Dagboek: niet delen").json
    r = pupil.patch(f"/api/v1/dossiers/{pupil.dossier_id}/cv", json={
        "headline": "Hulpkok in opleiding", "introduction": "Ik werk graag in de keuken.",
        "email": "daan@example.nl", "photo_evidence_id": photo["id"],
        "work": [{"name": "De Gouden Lepel", "position": "Stagiair keuken", "start": "2026-09",
                  "internship": True, "summary": "Mise-en-place en afwas."}],
        "education": [{"institution": "Het Baken", "area": "Horeca", "start": "2023"}],
        "evidence_ids": [photo["id"], video["id"]],
    })  # fmt: skip
    assert r.status_code == 200, r.json
    return pupil, photo, video, secret


def _link(pupil, **extra) -> dict:
    r = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/cv/links", json={"label": "Vacature", **extra}
    )
    assert r.status_code == 201, r.json
    return r.json


def test_a_recruiter_sees_only_what_was_chosen_and_revocation_is_immediate(app, pupil_cv):
    pupil, photo, video, secret = pupil_cv
    link = _link(pupil)
    path = link["url"].split("://", 1)[1].split("/", 1)[1]
    recruiter = app.test_client()  # no account, no cookie
    page = recruiter.get(f"/{path}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Hulpkok in opleiding" in html and "Mise-en-place" in html and "Snijden op tempo" in html
    assert "Dagboek" not in html
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in html
    assert page.headers["Cache-Control"] == "no-store"
    assert "<video" in html
    # the files it shows load; the original (with GPS) and anything not chosen do not
    for role in ("display", "playable"):
        item = photo if role == "display" else video
        url = f"/{path}/media/{item['media'][role]['id']}"
        assert fetch(recruiter, url).status_code == 200
    assert recruiter.get(f"/{path}/media/{photo['media']['original']['id']}").status_code == 404
    assert pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links").json[0]["view_count"] == 1

    assert pupil.delete(f"/api/v1/cv-links/{link['id']}").status_code == 204
    assert recruiter.get(f"/{path}").status_code == 404
    assert recruiter.get(f"/{path}/media/{photo['media']['display']['id']}").status_code == 404


def test_an_expired_link_is_gone(app, pupil_cv, frozen):
    pupil, *_ = pupil_cv
    soon = (frozen["now"] + timedelta(hours=1)).isoformat()
    link = _link(pupil, expires_at=soon)
    path = link["url"].split("://", 1)[1].split("/", 1)[1]
    assert app.test_client().get(f"/{path}").status_code == 200
    frozen["now"] += timedelta(hours=1, seconds=1)
    assert app.test_client().get(f"/{path}").status_code == 404
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links",
                      json={"expires_at": past}).status_code == 422  # fmt: skip


def test_json_resume_validates_against_the_official_schema(pupil_cv):
    pupil, *_ = pupil_cv
    r = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv/resume.json")
    assert r.status_code == 200
    resume = r.json
    jsonschema.Draft7Validator(SCHEMA).validate(resume)
    assert resume["basics"]["label"] == "Hulpkok in opleiding"
    assert resume["work"][0]["startDate"] == "2026-09"
    assert {p["name"] for p in resume["projects"]} == {"Mise-en-place", "Snijden op tempo"}


def test_the_cv_as_pdf(pupil_cv):
    pupil, *_ = pupil_cv
    r = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv.pdf")
    assert r.status_code == 200
    assert r.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(r.data)).pages)
    assert "Daan" in text and "Hulpkok in opleiding" in text and "Mise-en-place" in text
    assert "Dagboek" not in text


def test_only_the_owner_composes_and_only_from_their_own_dossier(register, pupil_cv):
    pupil, photo, *_ = pupil_cv
    other = register("Vreemde")
    assert other.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv").status_code == 404
    assert other.post(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links", json={}).status_code == 404
    mine = other.upload(None, title="Van mij").json
    r = pupil.patch(f"/api/v1/dossiers/{pupil.dossier_id}/cv", json={"evidence_ids": [mine["id"]]})
    assert r.status_code == 422
    r = pupil.patch(f"/api/v1/dossiers/{pupil.dossier_id}/cv",
                    json={"work": [{"name": "X", "start": "september"}]})  # fmt: skip
    assert r.status_code == 422
    assert "work" in r.json["error"]["fields"]


def test_making_a_pdf_does_not_make_uploads_accept_truncated_photos(pupil_cv, jpeg):
    pupil, *_ = pupil_cv
    assert pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv.pdf").status_code == 200
    r = pupil.upload(jpeg((1200, 900))[:5000], title="Afgebroken")
    assert r.status_code == 422
    assert r.json["error"]["code"] == "damaged_file"


def test_the_owner_previews_what_a_recruiter_sees_without_a_link_or_a_view(app, pupil_cv):
    pupil, photo, video, _secret = pupil_cv
    link = _link(pupil)
    r = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv/preview")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "Hulpkok in opleiding" in html and "Snijden op tempo" in html and "Dagboek" not in html
    assert '<meta name="robots" content="noindex' in html
    assert r.headers["Cache-Control"] == "no-store"
    # the owner's own files, never the original
    assert f"/api/v1/media/{video['media']['playable']['id']}" in html
    assert photo["media"]["original"]["id"] not in html
    assert pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links").json[0]["view_count"] == 0
    assert link["view_count"] == 0
    anonymous = app.test_client().get(f"/api/v1/dossiers/{pupil.dossier_id}/cv/preview")
    assert anonymous.status_code == 401


def test_others_cannot_preview_and_contact_details_are_checked(register, pupil_cv):
    pupil, *_ = pupil_cv
    other = register("Vreemde")
    assert other.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv/preview").status_code == 404
    url = f"/api/v1/dossiers/{pupil.dossier_id}/cv"
    r = pupil.patch(url, json={"email": "daan-at-example"})
    assert r.status_code == 422
    assert "email" in r.json["error"]["fields"]
    assert pupil.patch(url, json={"email": ""}).json["email"] == ""


def test_the_first_requests_of_the_cv_screen_at_once_make_one_cv(tmp_path):
    """The screen asks for the CV and its links together; on PostgreSQL both made the CV row
    and one of them failed. Over real HTTP, several at once all succeed."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    from tests.live import LiveServer

    live = LiveServer(tmp_path).start()
    try:
        http = requests.Session()
        account = {"email": f"cv-{uuid.uuid4().hex[:8]}@example.nl",
                   "password": "correct horse battery"}  # fmt: skip
        r = http.post(f"{live.url}/api/v1/auth/register", json={**account, "display_name": "Daan"})
        assert r.status_code == 202, r.text
        # Not verified yet, which is enough for one's own dossier.
        r = http.post(f"{live.url}/api/v1/auth/login", json=account)
        assert r.status_code == 200, r.text
        dossier = r.json()["dossiers"][0]["id"]
        paths = [f"/api/v1/dossiers/{dossier}/cv", f"/api/v1/dossiers/{dossier}/cv/links"] * 4
        with ThreadPoolExecutor(len(paths)) as pool:
            answers = list(pool.map(lambda p: http.get(f"{live.url}{p}"), paths))
        assert [a.status_code for a in answers] == [200] * len(paths)
        with live.app.app_context():
            from sqlalchemy import func, select

            from app.cv.models import CV
            from app.db import db

            count = select(func.count()).select_from(CV).where(CV.dossier_id == uuid.UUID(dossier))
            assert db.session.scalar(count) == 1
    finally:
        live.stop()


def test_guessing_cv_links_is_throttled_but_a_real_link_keeps_working(app, pupil_cv):
    """ACL-06: one address trying tokens is stopped; a recruiter's real link never counts."""
    pupil, photo, _video, _secret = pupil_cv
    path = _link(pupil)["url"].split("://", 1)[1].split("/", 1)[1]
    guesser = app.test_client()
    here = {"REMOTE_ADDR": "198.51.100.44"}
    statuses = [
        guesser.get(f"/cv/guess-{i:04d}-{'x' * 30}", environ_base=here).status_code
        for i in range(30)
    ]
    assert statuses[0] == 404
    assert statuses[-1] == 429
    # Another reader with the real link, from elsewhere, is not held up (and many views of
    # a real link from one address never add up to a block).
    recruiter = app.test_client()
    for _ in range(15):
        assert (
            recruiter.get(f"/{path}", environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code
            == 200
        )


def test_the_cv_offers_only_own_photos_and_kept_photos_of_others(app, register, jpeg):
    """Photos others took of the pupil stay off the CV until the pupil has looked at them."""
    from tests.test_people import _grant

    pupil, employer = register("Daan"), register("Peter")
    _grant(pupil, employer, ["contribute"], role="employer")
    theirs = employer.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/evidence",
        data={"title": "Daan aan de kassa", "file": (io.BytesIO(jpeg()), "k.jpg")},
        content_type="multipart/form-data",
    ).json
    cv = f"/api/v1/dossiers/{pupil.dossier_id}/cv"
    for field, value in (("photo_evidence_id", theirs["id"]), ("evidence_ids", [theirs["id"]])):
        r = pupil.patch(cv, json={field: value, "headline": "Niet bewaard"})
        assert r.status_code == 422, r.json
        assert field in r.json["error"]["fields"]
        assert pupil.get(cv).json["headline"] == ""  # nothing of the refused change stored
    # Kept, it may go on the CV, as the profile photo too.
    pupil.post(f"/api/v1/evidence/{theirs['id']}/review", json={"action": "keep"})
    r = pupil.patch(cv, json={"photo_evidence_id": theirs["id"], "evidence_ids": [theirs["id"]]})
    assert r.status_code == 200, r.json
    link = pupil.post(f"{cv}/links", json={"label": "Vacature"}).json
    path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1]
    recruiter = app.test_client()
    display = theirs["media"]["display"]["id"]
    assert fetch(recruiter, f"{path}/media/{display}").status_code == 200
    # Hidden later, it leaves the CV at once: not shown, not even its files.
    pupil.post(f"/api/v1/evidence/{theirs['id']}/review", json={"action": "hide"})
    assert "Daan aan de kassa" not in recruiter.get(path).get_data(as_text=True)
    assert recruiter.get(f"{path}/media/{display}").status_code == 404


def test_only_people_opening_the_page_count_as_views(app, pupil_cv):
    """A HEAD request and a chat app's link preview fetch the page but nobody read it."""
    pupil, *_ = pupil_cv
    path = "/" + _link(pupil)["url"].split("://", 1)[1].split("/", 1)[1]
    reader = app.test_client()
    assert reader.head(path).status_code == 200
    for agent in (
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ):
        assert reader.get(path, headers={"User-Agent": agent}).status_code == 200
    links = f"/api/v1/dossiers/{pupil.dossier_id}/cv/links"
    assert pupil.get(links).json[0]["view_count"] == 0
    phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126 Mobile"
    assert reader.get(path, headers={"User-Agent": phone}).status_code == 200
    assert pupil.get(links).json[0]["view_count"] == 1


def test_the_json_resume_describes_items_only_in_the_owners_words(pupil_cv):
    pupil, photo, *_ = pupil_cv
    url = f"/api/v1/dossiers/{pupil.dossier_id}/cv"
    pupil.patch(f"/api/v1/evidence/{photo['id']}", json={"description": "Alles klaar om 8 uur."})
    projects = pupil.get(f"{url}/resume.json").json["projects"]
    described = {p["name"]: p.get("description") for p in projects}
    assert described == {"Mise-en-place": "Alles klaar om 8 uur.", "Snijden op tempo": None}
    jsonschema.Draft7Validator(SCHEMA).validate(pupil.get(f"{url}/resume.json").json)


def test_a_recruiter_gets_the_pdf_a_contact_button_and_dates_in_their_language(app, pupil_cv):
    pupil, *_ = pupil_cv
    path = "/" + _link(pupil)["url"].split("://", 1)[1].split("/", 1)[1]
    recruiter = app.test_client()
    html = recruiter.get(path).get_data(as_text=True)
    assert 'href="mailto:daan@example.nl"' in html and "tel:" not in html
    assert f'href="{path}/cv.pdf"' in html
    assert "sep 2026 · stage" in html and "2026-09" not in html
    assert 'rel="icon"' in html and "data-share" in html
    english = recruiter.get(path, headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "Sep 2026 · internship" in english.get_data(as_text=True)

    r = recruiter.get(f"{path}/cv.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["Cache-Control"] == "no-store"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.data)).pages)
    assert "Hulpkok in opleiding" in text and "daan@example.nl" in text
    links = f"/api/v1/dossiers/{pupil.dossier_id}/cv/links"
    assert pupil.get(links).json[0]["view_count"] == 2  # the page twice; the PDF is no view

    # Without e-mail and phone the page says so instead of offering nothing.
    cv = f"/api/v1/dossiers/{pupil.dossier_id}/cv"
    pupil.patch(cv, json={"email": "", "phone": "06 12 34 56 78"})
    html = recruiter.get(path).get_data(as_text=True)
    assert 'href="tel:0612345678"' in html and "mailto:" not in html
    pupil.patch(cv, json={"email": "", "phone": ""})
    html = recruiter.get(path).get_data(as_text=True)
    assert "Daan koos ervoor geen e-mailadres of telefoonnummer te tonen" in html
    pupil.delete(f"/api/v1/cv-links/{pupil.get(links).json[0]['id']}")
    assert recruiter.get(f"{path}/cv.pdf").status_code == 404
