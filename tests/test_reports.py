"""Internship reports: evidence of the period with everyone's reflections, signed off by
employer and coordinator, as HTML and as PDF."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pypdf
import pytest

from tests.test_people import _grant

pytestmark = pytest.mark.usefixtures("storage")


@pytest.fixture
def internship(register, jpeg, app):
    from app.db import db
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    pupil, coordinator, employer = register("Daan"), register("Fatima"), register("Peter")
    _grant(pupil, coordinator, ["view", "reflect"], role="coordinator")
    _grant(pupil, employer, ["view", "reflect", "contribute"], role="employer")
    item = pupil.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    photo = pupil.upload(jpeg(), title="Om 8 uur begonnen",
                         occurred_at="2026-10-06T08:00:00+00:00").json  # fmt: skip
    pupil.upload(None, title="Buiten de stageperiode", occurred_at="2026-12-20T08:00:00+00:00")
    pupil.post(f"/api/v1/evidence/{photo['id']}/competencies", json={"item_id": item["id"]})
    url = f"/api/v1/evidence/{photo['id']}/reflections"
    pupil.post(url, json={"model": "starr", "item_id": item["id"], "level": 2, "content": {
        "situatie": "Eerste week", "reflectie": "Vroeg opstaan helpt mij."}})  # fmt: skip
    coordinator.post(url, json={"content": {"text": "Goed voorbereid op de bus."},
                                "item_id": item["id"], "level": 2})  # fmt: skip
    employer.post(url, json={"content": {"text": "Altijd stipt aanwezig."},
                             "item_id": item["id"], "level": 3})  # fmt: skip
    return pupil, coordinator, employer


def test_a_report_with_three_roles_renders_to_pdf(internship):
    pupil, coordinator, employer = internship
    r = coordinator.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Stageverslag keuken", "internship": "De Gouden Lepel",
        "period_start": "2026-10-01", "period_end": "2026-11-30", "hours": 120})  # fmt: skip
    assert r.status_code == 201, r.json
    report = r.json
    assert employer.post(f"/api/v1/reports/{report['id']}/signoff").status_code == 200
    signed = coordinator.post(f"/api/v1/reports/{report['id']}/signoff").json
    assert {s["role"] for s in signed["signoffs"]} == {"employer", "coordinator"}
    assert pupil.post(f"/api/v1/reports/{report['id']}/signoff").status_code == 403

    preview = pupil.get(f"/api/v1/reports/{report['id']}/preview")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Om 8 uur begonnen" in html and "Buiten de stageperiode" not in html

    pdf = pupil.get(f"/api/v1/reports/{report['id']}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages
    ).replace("\n", " ")
    assert "Stageverslag keuken" in text
    for words in ("Vroeg opstaan helpt mij.", "Goed voorbereid op de bus.",
                  "Altijd stipt aanwezig.", "Peter", "Fatima"):  # fmt: skip
        assert words in text, words
    assert "Buiten de stageperiode" not in text


def test_changing_a_report_clears_its_signoffs_and_bad_periods_are_refused(internship):
    pupil, coordinator, employer = internship
    report = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/reports",
        json={"title": "Verslag", "period_start": "2026-10-01", "period_end": "2026-11-30"},
    ).json
    employer.post(f"/api/v1/reports/{report['id']}/signoff")
    changed = pupil.patch(f"/api/v1/reports/{report['id']}", json={"title": "Verslag v2"}).json
    assert changed["signoffs"] == []
    r = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "x", "period_start": "2026-10-01", "period_end": "2026-09-01"})  # fmt: skip
    assert r.status_code == 422


def test_people_without_access_see_no_reports(register, internship):
    pupil, *_ = internship
    stranger = register("Vreemde")
    report = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/reports",
        json={"title": "Verslag", "period_start": "2026-10-01", "period_end": "2026-11-30"},
    ).json
    assert stranger.get(f"/api/v1/reports/{report['id']}").status_code == 404
    assert stranger.get(f"/api/v1/reports/{report['id']}/pdf").status_code == 404
    assert (
        stranger.post(
            f"/api/v1/dossiers/{pupil.dossier_id}/reports",
            json={"title": "x", "period_start": "2026-10-01", "period_end": "2026-11-30"},
        ).status_code
        == 404
    )


def _pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(page.extract_text() for page in pages).replace("\n", " ")


def test_a_video_still_carries_a_qr_code_that_leads_to_the_video(app, register, tmp_path):
    import pypdfium2
    import zxingcpp

    from tests import media_files

    pupil = register("Daan")
    clip = media_files.make_video(tmp_path / "v.mp4", seconds=1)  # made on 14 September
    pupil.upload(clip.read_bytes(), filename="v.mp4", title="Snijden op tempo")
    report = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "September", "period_start": "2026-09-01", "period_end": "2026-09-30",
    }).json  # fmt: skip
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    [link] = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/video-links").json
    assert link["video_title"] == "Snijden op tempo"
    [url] = re.findall(r'href="([^"]+/watch/[^"]+)"', html)  # a link that needs no login
    assert html.count('<svg viewBox="0 0') == 1 and 'class="qr"' in html
    assert f'href="{url}"' in html and "Bekijk de video: scan de code of open" in html

    pdf = pupil.get(f"/api/v1/reports/{report['id']}/pdf")
    assert pdf.status_code == 200
    page = pypdfium2.PdfDocument(pdf.data)[0]
    # PDFium marks a hyphen where a line broke with U+FFFE; whitespace is where lines broke.
    text = "".join(page.get_textpage().get_text_range().replace("\ufffe", "-").split())
    assert f"Bekijkdevideo:scandecodeofopen{url}" in text  # the link, for those who cannot scan
    found = [code.text for code in zxingcpp.read_barcodes(page.render(scale=3).to_pil())]
    assert found == [url]


def test_a_report_prints_in_its_language_or_the_one_asked_for(internship):
    pupil, coordinator, employer = internship
    r = coordinator.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Internship report", "period_start": "2026-10-01", "period_end": "2026-11-30",
        "language": "en"})  # fmt: skip
    assert r.status_code == 201 and r.json["language"] == "en"
    report = r.json["id"]
    english = _pdf_text(pupil.get(f"/api/v1/reports/{report}/pdf").data)
    assert "Sign-off" in english and "not confirmed yet" in english and "Akkoord" not in english
    dutch = pupil.get(f"/api/v1/reports/{report}/pdf?lang=nl")
    assert dutch.headers["Content-Disposition"].startswith(
        'attachment; filename="stageverslag.pdf"'
    )
    assert "Akkoord" in _pdf_text(dutch.data)
    html = pupil.get(f"/api/v1/reports/{report}/preview?lang=nl").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert pupil.get(f"/api/v1/reports/{report}/pdf?lang=de").status_code == 422
    bad = pupil.patch(f"/api/v1/reports/{report}", json={"language": "fr"})
    assert bad.status_code == 422 and "language" in bad.json["error"]["fields"]
    changed = pupil.patch(f"/api/v1/reports/{report}", json={"language": "nl"})
    assert changed.json["language"] == "nl"


def test_the_preview_may_be_framed_by_the_app_only_and_runs_no_script(internship, storage):
    pupil, *_ = internship
    report = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Verslag", "period_start": "2026-10-01", "period_end": "2026-11-30",
    }).json  # fmt: skip
    r = pupil.get(f"/api/v1/reports/{report['id']}/preview")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert "script-src" not in csp
    assert r.headers["X-Frame-Options"] == "SAMEORIGIN"
    # Its pictures come from us, or from the S3 store (plain http too) that serves them.
    images = next(p for p in csp.split(";") if p.strip().startswith("img-src")).split()[1:]
    if storage.name == "s3":
        url = urlsplit(
            storage.url_for_download("x", content_type="image/jpeg", disposition="inline")
        )
        assert url.scheme == "http"  # moto's server, like a MinIO without TLS
        assert images == ["'self'", f"http://{url.netloc}", "data:"]
    else:
        assert images == ["'self'", "data:"]


def test_each_reader_is_told_what_they_may_do(register, internship):
    pupil, coordinator, employer = internship
    mentor = register("Mila")
    _grant(pupil, mentor, ["view"], role="mentor")
    onlooker = register("Oma")
    _grant(pupil, onlooker, ["view"], role="other")
    report = coordinator.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Verslag", "period_start": "2026-10-01", "period_end": "2026-11-30",
    }).json  # fmt: skip
    url = f"/api/v1/reports/{report['id']}"
    assert report["you"] == {"may_compose": True, "may_sign": True, "signed": False}
    assert pupil.get(url).json["you"] == {"may_compose": True, "may_sign": False, "signed": False}
    assert employer.post(f"{url}/signoff").json["you"]["signed"] is True
    listed = employer.get(f"/api/v1/dossiers/{pupil.dossier_id}/reports").json
    # The workplace confirms; composing is the owner's and the school's side.
    assert listed[0]["you"] == {"may_compose": False, "may_sign": True, "signed": True}
    assert employer.patch(url, json={"title": "Anders"}).status_code == 404
    r = employer.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports",
                      json={"title": "Mijn verslag", "period_start": "2026-10-01",
                            "period_end": "2026-11-30"})  # fmt: skip
    assert r.status_code == 404
    # A mentor who only views may compose and confirm (the school's side); others only read.
    reader = {"may_compose": False, "may_sign": False, "signed": False}
    assert mentor.get(url).json["you"] == {**reader, "may_compose": True, "may_sign": True}
    assert onlooker.get(url).json["you"] == reader
    refused = onlooker.post(f"{url}/signoff")
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    assert onlooker.patch(url, json={"title": "Anders"}).status_code == 404
    signed = mentor.post(f"{url}/signoff").json
    assert [s["role"] for s in signed["signoffs"]] == ["employer", "mentor"]
    html = pupil.get(f"{url}/preview").get_data(as_text=True)
    assert "mentor" in html and "Mila" in html


def test_a_period_is_made_of_dutch_days(register):
    """Around midnight in the Netherlands the UTC date is the day before."""
    pupil = register("Daan")
    notes = {
        title: pupil.upload(None, title=title, occurred_at=at).json["id"]
        for title, at in [
            ("Net na middernacht op de eerste dag", "2026-10-01T00:30:00+02:00"),
            ("Laat op de laatste dag", "2026-11-30T23:30:00+01:00"),
            ("Net na middernacht na de periode", "2026-12-01T00:30:00+01:00"),
        ]
    }
    report = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Verslag", "period_start": "2026-10-01", "period_end": "2026-11-30",
    }).json  # fmt: skip
    assert (report["period_from"], report["period_to"]) == (
        "2026-09-30T22:00:00+00:00",
        "2026-11-30T23:00:00+00:00",
    )
    html = pupil.get(f"/api/v1/reports/{report['id']}/preview").get_data(as_text=True)
    assert "Net na middernacht op de eerste dag" in html and "Laat op de laatste dag" in html
    assert "Net na middernacht na de periode" not in html
    # The app asks the timeline for the same instants and gets the same items.
    listed = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence",
                       query_string={"from": report["period_from"],
                                     "to": report["period_to"]}).json["items"]  # fmt: skip
    assert {i["id"] for i in listed} == {notes["Net na middernacht op de eerste dag"],
                                         notes["Laat op de laatste dag"]}  # fmt: skip


def test_a_report_holds_only_the_dossiers_evidence_and_keeps_what_its_composer_cannot_see(
    register, jpeg
):
    pupil, other = register("Daan"), register("Piet")
    shown = pupil.upload(None, title="Voor iedereen", occurred_at="2026-10-02T10:00:00+02:00")
    kept = pupil.upload(None, title="Alleen voor de stage", occurred_at="2026-10-03T10:00:00+02:00")
    coordinator = register("Fatima")
    _grant(pupil, coordinator, ["view"], role="coordinator", evidence_ids=[shown.json["id"]])
    url = f"/api/v1/dossiers/{pupil.dossier_id}/reports"
    period = {"period_start": "2026-10-01", "period_end": "2026-10-31"}
    elsewhere = other.upload(None, title="Van Piet").json["id"]
    r = coordinator.post(url, json={"title": "V", **period, "evidence_ids": [elsewhere]})
    assert r.status_code == 422 and "evidence_ids" in r.json["error"]["fields"]
    report = pupil.post(url, json={"title": "V", **period}).json  # everything in the period
    r = coordinator.patch(f"/api/v1/reports/{report['id']}",
                          json={"evidence_ids": [shown.json["id"]]})  # fmt: skip
    assert r.status_code == 200
    assert set(r.json["evidence_ids"]) == {shown.json["id"], kept.json["id"]}
    r = coordinator.patch(f"/api/v1/reports/{report['id']}", json={"evidence_ids": []})
    assert r.json["evidence_ids"] == [kept.json["id"]]  # his choice, not the rest


def test_a_sign_off_is_dated_by_the_dutch_calendar(app):
    from app.reports.render import local_day

    with app.app_context():
        assert local_day("2026-11-30T23:30:00+00:00") == "01-12-2026"  # half past midnight
        assert local_day("2026-07-01T12:00:00+00:00") == "01-07-2026"


def test_a_report_holds_what_was_added_on_behalf_only_once_the_pupil_kept_it(internship):
    pupil, coordinator, employer = internship
    added = employer.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/evidence",
        data={"title": "Kassa geteld", "occurred_at": "2026-10-07T08:00:00+00:00"},
        content_type="multipart/form-data",
    ).json
    report = coordinator.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Stageverslag", "internship": "De Gouden Lepel",
        "period_start": "2026-10-01", "period_end": "2026-11-30"}).json  # fmt: skip

    def shown_to(person) -> bool:
        return "Kassa geteld" in person.get(f"/api/v1/reports/{report['id']}/preview").get_data(
            as_text=True
        )

    # Not yet kept: in nobody's report, not even the adder's or the pupil's.
    assert [shown_to(p) for p in (pupil, coordinator, employer)] == [False, False, False]
    pupil.post(f"/api/v1/evidence/{added['id']}/review", json={"action": "keep"})
    assert [shown_to(p) for p in (pupil, coordinator, employer)] == [True, True, True]
    pupil.post(f"/api/v1/evidence/{added['id']}/review", json={"action": "hide"})
    assert [shown_to(p) for p in (pupil, coordinator, employer)] == [False, False, False]
