"""Deleting an account leaves nothing of the person: no rows, no files (local or S3)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.db import db
from app.dossiers.models import Dossier, Evidence, Reflection
from competencies.models import Framework
from tests import media_files
from tests.test_people import _grant

pytestmark = pytest.mark.usefixtures("storage")


def test_deleting_an_account_removes_every_row_and_file(
    app, register, jpeg, storage, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    daan, other = register("Daan"), register("Sanne")
    daan.upload(jpeg(), title="Foto")
    clip = media_files.make_video(tmp_path / "c.mp4", seconds=1)
    daan.upload(clip.read_bytes(), filename="c.mp4", title="Video")
    daan.upload(None, title="Notitie")
    daan.post("/api/v1/auth/tokens", json={"name": "script"})
    # Daan also contributed to and reflected in Sanne's dossier.
    _grant(other, daan, ["contribute", "reflect", "view"], role="mentor")
    given = daan.post(
        f"/api/v1/dossiers/{other.dossier_id}/evidence", data={"title": "Voor Sanne"},
        content_type="multipart/form-data",
    ).json  # fmt: skip
    daan.post(f"/api/v1/evidence/{given['id']}/reflections", json={"content": {"text": "Goed"}})
    # Two learning lines of his own; Sanne uses one of them.
    mine = daan.post("/api/v1/frameworks", json={"title": "Alleen van Daan"}).json
    shared = daan.post("/api/v1/frameworks", json={"title": "Leerlijn horeca"}).json
    daan.put(f"/api/v1/dossiers/{daan.dossier_id}/frameworks",
             json={"framework_ids": [mine["id"], shared["id"]]})  # fmt: skip
    with app.app_context():
        db.session.get(Framework, uuid.UUID(shared["id"])).private = False  # as if imported
        db.commit()
    other.put(f"/api/v1/dossiers/{other.dossier_id}/frameworks",
              json={"framework_ids": [shared["id"]]})  # fmt: skip
    # "Download all my data" made a zip of the whole dossier.
    export = daan.post(f"/api/v1/dossiers/{daan.dossier_id}/exports").json
    assert daan.get(f"/api/v1/jobs/{export['id']}").json["status"] == "done"
    assert list((tmp_path / "exports").iterdir())
    own_prefix = uuid.UUID(daan.dossier_id).hex
    assert any(key.startswith(own_prefix) for key in storage.list_keys())
    others_keys = [k for k in storage.list_keys() if not k.startswith(own_prefix)]

    r = daan.delete("/api/v1/me", json={"password": "wrong password!"})
    assert r.status_code == 401
    r = daan.delete("/api/v1/me", json={"password": "correct horse battery"})
    assert r.status_code == 204

    assert not any(key.startswith(own_prefix) for key in storage.list_keys())
    assert [k for k in storage.list_keys() if not k.startswith(own_prefix)] == others_keys
    assert daan.get("/api/v1/me").status_code == 401
    assert not list((tmp_path / "exports").iterdir())  # the export is gone too
    with app.app_context():
        session = db.session()
        assert session.get(User, uuid.UUID(daan.user["id"])) is None
        assert session.get(Dossier, uuid.UUID(daan.dossier_id)) is None
        assert (
            session.scalar(
                select(func.count())
                .select_from(Evidence)
                .where(Evidence.dossier_id == uuid.UUID(daan.dossier_id))
            )
            == 0
        )
        kept = session.get(Evidence, uuid.UUID(given["id"]))
        assert kept is not None and kept.created_by_id is None  # kept, without a name
        assert (
            session.scalar(select(Reflection).where(Reflection.evidence_id == kept.id)).author_id
            is None
        )
        assert session.get(Framework, uuid.UUID(mine["id"])) is None
        assert session.get(Framework, uuid.UUID(shared["id"])).creator == ""
    shown = other.get(f"/api/v1/evidence/{given['id']}").json
    assert shown["created_by"] is None and shown["created_role"] == "mentor"
