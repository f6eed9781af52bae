"""The full export reads each domain's rows once, and every file in the zip is the one the
manifest describes."""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile

from sqlalchemy import event

from app.db import db
from app.dossiers.models import Dossier
from app.portability.dossier_zip import write_export
from tests.test_portability import full_dossier  # noqa: F401  (the fixture)


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
