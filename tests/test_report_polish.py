"""The internship report as a school trusts it: the school's name, logo and address; STARR
and Korthagen parts by their names; Dutch numbers in Dutch; a warning for chosen evidence
outside the period; roles named once."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from tests.test_people import _grant
from tests.test_reports import _pdf_text, internship  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("storage")


def _report(author, pupil, **fields) -> dict:
    body = {"title": "Stageverslag keuken", "period_start": "2026-10-01",
            "period_end": "2026-11-30", **fields}  # fmt: skip
    r = author.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json=body)
    assert r.status_code == 201, r.json
    return r.json


def test_starr_parts_carry_their_names_in_either_language(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    report = _report(coordinator, pupil)
    dutch = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "<dt>Situatie</dt><dd>Eerste week</dd>" in dutch
    assert "<dt>Reflectie</dt><dd>Vroeg opstaan helpt mij.</dd>" in dutch
    assert "situatie" not in dutch and "reflectie" not in dutch  # never the raw keys
    english = _pdf_text(pupil.get(f"/api/v1/reports/{report['id']}/pdf?lang=en").data)
    assert "Situation Eerste week" in english and "Reflection Vroeg opstaan" in english
    assert "situatie" not in english.lower()


def test_korthagen_phases_are_numbered_and_named(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    note = pupil.upload(None, title="Gesprek", occurred_at="2026-10-08T08:00:00+00:00").json
    pupil.post(f"/api/v1/evidence/{note['id']}/reflections", json={
        "model": "korthagen", "content": {"handelen": "Ik vroeg om hulp.",
                                          "uitproberen": "Volgende keer eerder."}})  # fmt: skip
    report = _report(coordinator, pupil, language="en")
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "<dt>1. Action</dt><dd>Ik vroeg om hulp.</dd>" in html
    assert "<dt>5. Trial</dt><dd>Volgende keer eerder.</dd>" in html
    assert "handelen" not in html


def test_hours_are_written_as_the_reader_writes_numbers(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    report = _report(coordinator, pupil, hours=64.5)
    dutch = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "64,5 uur" in dutch and "64.5" not in dutch
    english = pupil.get(f"/api/v1/reports/{report['id']}/preview?lang=en").get_data(as_text=True)
    assert "64.5 hours" in english
    assert "64,5 uur" in _pdf_text(pupil.get(f"/api/v1/reports/{report['id']}/pdf").data)


def test_the_number_helper():
    from app.reports.render import format_number

    assert format_number(64.5, "nl") == "64,5" and format_number(64.5, "en") == "64.5"
    assert format_number(120.0, "nl") == "120" and format_number(1250.25, "nl") == "1.250,25"
    assert format_number(1250.25, "en") == "1,250.25"


def test_chosen_evidence_outside_the_period_is_kept_and_warned_about(internship):  # noqa: F811
    pupil, coordinator, _ = internship
    items = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").json["items"]
    ids = {e["title"]: e["id"] for e in items}
    chosen = [ids["Om 8 uur begonnen"], ids["Buiten de stageperiode"]]
    report = _report(coordinator, pupil, evidence_ids=chosen)
    [warning] = report["warnings"]
    assert warning["code"] == "evidence_outside_period"
    assert [e["title"] for e in warning["evidence"]] == ["Buiten de stageperiode"]
    assert set(report["evidence_ids"]) == set(chosen)  # nothing dropped from the choice
    # Widening the period brings it in: the warning is gone.
    wider = pupil.patch(f"/api/v1/reports/{report['id']}", json={"period_end": "2026-12-31"})
    assert wider.json["warnings"] == []
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "Buiten de stageperiode" in html
    # Everything of the period (no choice): nothing to warn about.
    assert _report(pupil, pupil)["warnings"] == []


def test_a_role_is_named_once_even_when_the_name_already_says_it(register, internship):  # noqa: F811
    pupil, coordinator, employer = internship
    employer.patch("/api/v1/me", json={"display_name": "Peter (werkgever)"})
    report = _report(coordinator, pupil)
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "Peter (werkgever)" in html and "(werkgever) (werkgever)" not in html
    assert "Fatima (coördinator)" in html


def _school(admin, coordinator) -> str:
    from tests.conftest import add_member

    school = admin.post("/api/v1/organisations", json={"name": "Het Baken", "kind": "education"})
    add_member(admin, school.json["id"], coordinator, "coordinator")
    return school.json["id"]


def test_administrators_keep_the_schools_profile_and_its_logo_loses_its_metadata(register, jpeg):
    from PIL import Image

    admin, coordinator, stranger = register("Marleen"), register("Fatima"), register("Vreemde")
    school = _school(admin, coordinator)
    r = admin.patch(f"/api/v1/organisations/{school}",
                    json={"address": "Schoolstraat 1\n1234 AB Utrecht"})  # fmt: skip
    assert r.status_code == 200 and r.json["address"] == "Schoolstraat 1\n1234 AB Utrecht"
    assert (
        coordinator.patch(f"/api/v1/organisations/{school}", json={"name": "x"}).status_code == 403
    )
    assert stranger.patch(f"/api/v1/organisations/{school}", json={"name": "x"}).status_code == 404

    logo = admin.put(f"/api/v1/organisations/{school}/logo",
                     data={"file": (io.BytesIO(jpeg((1600, 1200), gps=True)), "logo.jpg")},
                     content_type="multipart/form-data")  # fmt: skip
    assert logo.status_code == 200, logo.json
    served = coordinator.get(logo.json["logo_url"])
    assert served.status_code == 200 and served.mimetype == "image/png"
    picture = Image.open(io.BytesIO(served.data))
    assert max(picture.size) == 600 and not picture.getexif() and "exif" not in picture.info
    assert stranger.get(logo.json["logo_url"]).status_code == 404
    listed = {o["id"]: o for o in coordinator.get("/api/v1/organisations").json}
    assert listed[school]["logo_url"] == logo.json["logo_url"]

    def upload(who, data: bytes):
        return who.put(f"/api/v1/organisations/{school}/logo",
                       data={"file": (io.BytesIO(data), "logo.png")},
                       content_type="multipart/form-data")  # fmt: skip

    assert upload(admin, b"<svg onload=alert(1)></svg>").status_code == 415
    assert upload(admin, b"x" * (2 * 1024 * 1024 + 1)).status_code == 413
    assert upload(coordinator, jpeg()).status_code == 403
    assert coordinator.get(logo.json["logo_url"]).data == served.data  # untouched by refusals


def test_the_report_shows_the_school_name_logo_and_address(register, jpeg, internship):  # noqa: F811
    pupil, coordinator, _ = internship
    # The coordinator writes it: her school is the one the fixture shares with the pupil.
    [school] = [o["id"] for o in coordinator.get("/api/v1/organisations").json]
    admin = pupil  # who made that organisation
    admin.patch(f"/api/v1/organisations/{school}", json={"name": "Het Baken"})
    admin.patch(
        f"/api/v1/organisations/{school}", json={"address": "Schoolstraat 1\n1234 AB Utrecht"}
    )
    admin.put(f"/api/v1/organisations/{school}/logo",
              data={"file": (io.BytesIO(jpeg((300, 120))), "logo.jpg")},
              content_type="multipart/form-data")  # fmt: skip
    report = _report(coordinator, pupil)  # written by the school's coordinator
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert '<header class="school"><img src="data:image/png;base64,' in html, html[:3000]
    assert "<strong>Het Baken</strong>" in html and "1234 AB Utrecht" in html
    pdf = pupil.get(f"/api/v1/reports/{report['id']}/pdf")
    first_page = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0]
    assert (
        "Het Baken" in first_page.extract_text() and "Schoolstraat 1" in first_page.extract_text()
    )
    assert len(first_page.images) >= 1  # the logo
    # A report of someone with no school prints no school header.
    loner = register("Sam")
    own = _report(loner, loner)
    assert 'class="school"' not in loner.get(f"/api/v1/reports/{own['id']}/preview").get_data(
        as_text=True
    )


def test_a_printed_videos_qr_link_plays_without_login_until_revoked_or_expired(
    app, register, tmp_path, frozen
):
    from datetime import timedelta

    from tests import media_files
    from tests.conftest import ApiClient, fetch

    pupil, coordinator = register("Daan"), register("Fatima")
    _grant(pupil, coordinator, ["view", "reflect"], role="coordinator")
    clip = media_files.make_video(tmp_path / "v.mp4", seconds=1)  # made on 14 September
    pupil.upload(clip.read_bytes(), filename="v.mp4", title="Snijden op tempo")
    report = _report(pupil, pupil, period_start="2026-09-01", period_end="2026-09-30")
    html = coordinator.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    [url] = re.findall(r'href="[^"]*(/watch/[^"]+)"', html)
    # The same link prints again: a second print does not make a new one.
    again = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert url in again

    workplace = ApiClient(app, {})  # the reader of the paper has no account
    page = workplace.http.get(url)
    assert page.status_code == 200 and "Snijden op tempo" in page.get_data(as_text=True)
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    played = fetch(workplace, f"{url}/video")  # from S3 through a redirect, or from us
    assert played.status_code == 200 and played.mimetype.startswith("video/")
    assert played.data[4:8] == b"ftyp"

    # The owner sees the link (and how often it was opened) and revokes it.
    [link] = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/video-links").json
    assert link["report_title"] == "Stageverslag keuken" and link["view_count"] == 1
    assert coordinator.get(f"/api/v1/dossiers/{pupil.dossier_id}/video-links").status_code == 404
    assert coordinator.delete(f"/api/v1/video-links/{link['id']}").status_code == 404
    assert pupil.delete(f"/api/v1/video-links/{link['id']}").status_code == 204
    assert workplace.http.get(url).status_code == 410
    assert workplace.http.get(f"{url}/video").status_code == 410
    assert workplace.http.get("/watch/not-a-real-token").status_code == 404
    assert pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/video-links").json == []
    # The withdrawal holds: the coordinator's next print points into the app, not a new link.
    html = coordinator.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "/watch/" not in html and "/#/item/" in html

    # The owner's own print makes a new link; it expires after a year.
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    [fresh] = re.findall(r'href="[^"]*(/watch/[^"]+)"', html)
    assert fresh != url and workplace.http.get(fresh).status_code == 200
    frozen["now"] = frozen["now"] + timedelta(days=366)
    assert workplace.http.get(fresh).status_code == 410


def test_the_demo_report_names_the_employer_once_and_its_school(app, media_root):
    from app.db import db
    from app.demo import DEMO_PASSWORD, seed_demo
    from tests.conftest import ApiClient

    with app.app_context():
        seed_demo(db.session(), photo_size=(320, 240))
        db.commit()
    pupil = ApiClient(app, {})
    pupil.login("leerling@demo.bagage.nl", DEMO_PASSWORD)
    [report] = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/reports").json
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "Peter Willems (werkgever)" in html and "(werkgever) (werkgever)" not in html
    assert "96 uur" in html and "<dt>Situatie</dt>" in html
    assert '<header class="school">' in html and "<strong>Het Baken (vso)</strong>" in html


def test_a_video_link_stops_when_the_video_is_hidden_or_taken_out_of_the_report(
    app, register, tmp_path
):
    from tests import media_files
    from tests.conftest import ApiClient

    pupil = register("Daan")
    clip = media_files.make_video(tmp_path / "v.mp4", seconds=1)
    video = pupil.upload(clip.read_bytes(), filename="v.mp4", title="Snijden op tempo").json
    report = _report(pupil, pupil, period_start="2026-09-01", period_end="2026-09-30")
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    [url] = re.findall(r'href="[^"]*(/watch/[^"]+)"', html)
    reader = ApiClient(app, {})
    assert reader.http.get(url).status_code == 200
    # Taken out of the report's choice: the paper's link no longer plays it.
    chosen = pupil.patch(f"/api/v1/reports/{report['id']}", json={"evidence_ids": []})
    assert chosen.status_code == 200, chosen.json
    assert reader.http.get(url).status_code == 410
    assert reader.http.get(f"{url}/video").status_code == 410
    # Chosen again, then hidden by its owner: gone as well.
    pupil.patch(f"/api/v1/reports/{report['id']}", json={"evidence_ids": [video["id"]]})
    assert reader.http.get(url).status_code == 200
    hidden = pupil.post(f"/api/v1/evidence/{video['id']}/review", json={"action": "hide"})
    assert hidden.status_code == 200, hidden.json
    assert reader.http.get(url).status_code == 410


def test_a_video_links_token_never_reaches_the_log():
    from app.log_redaction import redact

    line = redact("GET /watch/AbCdEfGhIjKlMnOpQrStUvWxYz012345/video HTTP/1.1")
    assert "AbCdEfGhIjKlMnOpQrStUvWxYz012345" not in line


def test_a_logo_whose_file_is_gone_leaves_the_name_and_a_blank_name_is_refused(
    app,
    jpeg,
    internship,  # noqa: F811
):
    pupil, coordinator, _ = internship
    [school] = [o["id"] for o in coordinator.get("/api/v1/organisations").json]
    admin = pupil  # who made that organisation
    blank = admin.patch(f"/api/v1/organisations/{school}", json={"name": "   "})
    assert blank.status_code == 422 and "name" in blank.json["error"]["fields"]
    admin.patch(f"/api/v1/organisations/{school}", json={"name": "Het Baken"})
    admin.put(f"/api/v1/organisations/{school}/logo",
              data={"file": (io.BytesIO(jpeg((300, 120))), "logo.jpg")},
              content_type="multipart/form-data")  # fmt: skip
    import uuid

    from app.db import db
    from app.people.models import Organisation
    from media.storage import get_storage

    with app.app_context():  # the file is gone, as when a replaced logo is cleaned up meanwhile
        get_storage().delete(db.session().get(Organisation, uuid.UUID(school)).logo_key)
    report = _report(coordinator, pupil)
    preview = pupil.get(f"/api/v1/reports/{report['id']}/preview")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "<strong>Het Baken</strong>" in html and "data:image/png" not in html
