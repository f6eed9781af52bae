"""The full export reads the evidence once, every file in the zip is the one the manifest
describes, and its offline page shows what people typed as text."""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile

from sqlalchemy import event

from app.db import db
from app.dossiers.models import Dossier
from app.portability.dossier_zip import write_export
from tests.test_portability import _export, _offline_page, full_dossier  # noqa: F401


def test_an_export_reads_the_evidence_once_and_zips_each_file_under_its_own_entry(
    app,
    full_dossier,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    statements: list[str] = []
    target = tmp_path / "export.zip"
    with app.app_context():
        session = db.session()
        dossier = session.get(Dossier, uuid.UUID(full_dossier.dossier_id))
        bind = session.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(bind, "before_cursor_execute", listener)
        try:
            manifest = write_export(session, dossier, target, lambda _percent: None)
        finally:
            event.remove(bind, "before_cursor_execute", listener)
    evidence_reads = [s for s in statements if re.search(r"\bFROM evidence\b", s)]
    assert len(evidence_reads) == 1, evidence_reads
    files = [m for entry in manifest["evidence"] for m in entry["media"]]
    assert len(manifest["evidence"]) == 4 and len(files) > 4
    with zipfile.ZipFile(target) as archive:
        for media in files:
            assert hashlib.sha256(archive.read(media["path"])).hexdigest() == media["sha256"]


def test_the_offline_page_shows_markup_in_a_dossier_as_text(register):
    pupil = register("Daan")
    typed = '<img src=x onerror="alert(1)">'
    r = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/evidence",
                   data={"title": typed, "description": "a & b"},
                   content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 201, r.json
    r = pupil.patch(f"/api/v1/dossiers/{pupil.dossier_id}/cv", json={"headline": typed})
    assert r.status_code == 200, r.json
    page = _offline_page(_export(pupil))
    assert typed not in page
    assert page.count("&lt;img src=x onerror=") == 2  # the item and the CV
    assert "a &amp; b" in page
