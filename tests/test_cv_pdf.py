"""The CV as PDF, as a recruiter prints it: the demo pupil's CV fits one or two A4 pages,
with its pictures as thumbnails and every section there."""

from __future__ import annotations

import io

import pypdf
import pytest

from app.db import db
from app.demo import DEMO_PASSWORD, seed_demo
from tests.conftest import ApiClient

A4_HEIGHT_PT = 842


@pytest.fixture
def daan(app, media_root):
    with app.app_context():
        seed_demo(db.session(), photo_size=(1200, 900))
        db.commit()
    pupil = ApiClient(app, {})
    pupil.login("leerling@demo.bagage.nl", DEMO_PASSWORD)
    return pupil


def pdf_pages(client: ApiClient) -> list[str]:
    r = client.get(f"/api/v1/dossiers/{client.dossier_id}/cv.pdf")
    assert r.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(r.data))
    assert all(round(float(p.mediabox.height)) == A4_HEIGHT_PT for p in reader.pages)
    return [page.extract_text() for page in reader.pages]


def test_the_demo_pupils_cv_fits_two_a4_pages_with_all_its_sections(daan):
    pages = pdf_pages(daan)
    text = "\n".join(pages)
    assert len(pages) <= 2, [len(p) for p in pages]
    for section in ("Werk en stages", "Opleiding", "Mijn werk", "Bevestigd door de werkplek",
                    "Verifieerbare bewijzen"):  # fmt: skip
        assert section in text
    # The signed report and the workplace's level, each with who and when.
    assert "Stageverslag: Stageverslag keuken" in text
    assert "getekend door Fatima" in text
    assert "niveau gegeven door Peter Willems (werkplekbegeleider)" in text
    assert "Keukenhulp in opleiding" in text
    # No page holds only the footer.
    footer = "Gedeeld via Bagage"
    assert all(p.replace(footer, "").split("Alleen wat de eigenaar koos")[0].strip()
               for p in pages)  # fmt: skip


def test_the_owner_chooses_what_the_workplace_confirmed_and_nothing_else(daan, app, register):
    url = f"/api/v1/dossiers/{daan.dossier_id}/cv"
    offered = daan.get(f"{url}/confirmations").json
    report, level = offered["reports"][0], offered["levels"][0]
    assert report["on_cv"] and level["on_cv"]  # the demo shows both
    assert report["signoffs"][0]["name"] == "Fatima El Amrani"
    assert (level["by"], level["role"]) == ("Peter Willems", "employer")
    # Off the CV: the section is gone from the recruiter's page.
    assert daan.patch(url, json={"report_ids": [], "level_ids": []}).status_code == 200
    path = "/" + daan.post(f"{url}/links", json={}).json["url"].split("://", 1)[1].split("/", 1)[1]
    html = app.test_client().get(path).get_data(as_text=True)
    assert "Stageverslag keuken" not in html and "niveau gegeven door" not in html
    # A level the pupil gave himself, or an unsigned report, is no confirmation.
    own = daan.post(
        f"/api/v1/dossiers/{daan.dossier_id}/reports",
        json={"title": "Concept", "period_start": "2026-10-01", "period_end": "2026-10-31"},
    ).json
    for field, value in (("report_ids", own["id"]), ("level_ids", report["id"])):
        r = daan.patch(url, json={field: [value], "headline": "Niet bewaard"})
        assert r.status_code == 422 and field in r.json["error"]["fields"], r.json
    assert daan.get(url).json["headline"] == "Keukenhulp in opleiding"
    assert daan.patch(url, json={"level_ids": [level["id"]]}).status_code == 200
    html = app.test_client().get(path).get_data(as_text=True)
    assert "Bevestigd door de werkplek" in html and "niveau gegeven door Peter Willems" in html
    assert register("Vreemde").get(f"{url}/confirmations").status_code == 404


def test_a_confirmed_report_carries_its_schools_name_address_and_logo(daan, app, jpeg):
    """The signed report on the CV speaks for a school: the recruiter sees which one, with the
    letterhead its administrators keep (and the logo without the photo's metadata)."""
    director = ApiClient(app, {})
    director.login("directie@demo.bagage.nl", DEMO_PASSWORD)
    organisations = director.get("/api/v1/organisations").json
    school = next(o["id"] for o in organisations if o["name"] == "Het Baken (vso)")
    address = director.patch(f"/api/v1/organisations/{school}",
                             json={"address": "Schoolstraat 1\n3511 AB Utrecht"})  # fmt: skip
    assert address.status_code == 200, address.json
    logo = director.put(f"/api/v1/organisations/{school}/logo",
                        data={"file": (io.BytesIO(jpeg((800, 400), gps=True)), "logo.jpg")},
                        content_type="multipart/form-data")  # fmt: skip
    assert logo.status_code == 200, logo.json

    url = f"/api/v1/dossiers/{daan.dossier_id}/cv"
    path = "/" + daan.post(f"{url}/links", json={}).json["url"].split("://", 1)[1].split("/", 1)[1]
    html = app.test_client().get(path).get_data(as_text=True)
    line = html.split("Stageverslag keuken", 1)[1].split("</li>", 1)[0]
    assert "Het Baken (vso) · Schoolstraat 1 · 3511 AB Utrecht" in line
    assert 'class="school-logo" src="data:image/png;base64,' in line
    assert "Het Baken (vso)" in "\n".join(pdf_pages(daan))
