"""Internship reports: evidence of the period with everyone's reflections, signed off by
employer and coordinator, as HTML and as PDF."""

from __future__ import annotations

import io

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
