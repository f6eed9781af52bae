"""The CV as PDF, as a recruiter prints it: the demo pupil's CV fits one or two A4 pages,
with its pictures as thumbnails and every section there."""

from __future__ import annotations

import io
import os
from pathlib import Path

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
    if keep := os.environ.get("KEEP_CV_PDF"):
        Path(keep).write_bytes(r.data)
    reader = pypdf.PdfReader(io.BytesIO(r.data))
    assert all(round(float(p.mediabox.height)) == A4_HEIGHT_PT for p in reader.pages)
    return [page.extract_text() for page in reader.pages]


def test_the_demo_pupils_cv_fits_two_a4_pages_with_all_its_sections(daan):
    pages = pdf_pages(daan)
    text = "\n".join(pages)
    assert len(pages) <= 2, [len(p) for p in pages]
    for section in ("Werk en stages", "Opleiding", "Mijn werk", "Verifieerbare bewijzen"):
        assert section in text
    assert "Keukenhulp in opleiding" in text
    # No page holds only the footer.
    footer = "Gedeeld via Bagage"
    assert all(p.replace(footer, "").split("Alleen wat de eigenaar koos")[0].strip()
               for p in pages)  # fmt: skip
