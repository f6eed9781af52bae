"""The three ways a file comes in (the evidence form, a tus upload, the conversation) are
one capture: the same dedupe, quota and announcements, through app/dossiers/capture.py."""

from __future__ import annotations

import base64
import io
import uuid

import pytest
from sqlalchemy import func, select

from app.dossiers import capture
from app.dossiers.models import Evidence
from app.people.models import DossierEvent
from media.models import MediaAsset
from tests.test_people import _grant

PATHS = ["form", "tus", "conversation"]


def _add(api, dossier_id: str, path: str, data: bytes, name: str = "foto.jpg"):
    """Add a file by one path; returns (status, evidence id, error code)."""
    if path == "form":
        r = api.post(
            f"/api/v1/dossiers/{dossier_id}/evidence",
            data={"title": "Kassa", "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        return r.status_code, (r.json or {}).get("id"), _code(r)
    if path == "tus":
        metadata = {"filename": name, "title": "Kassa", "dossier_id": dossier_id}
        r = api.post(
            "/api/v1/uploads",
            data=data,
            content_type="application/offset+octet-stream",
            headers={
                "Tus-Resumable": "1.0.0",
                "Upload-Length": str(len(data)),
                "Upload-Metadata": ",".join(
                    f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in metadata.items()
                ),
            },
        )
        return r.status_code, r.headers.get("Bagage-Evidence-Id"), _code(r)
    r = api.post(
        f"/api/v1/dossiers/{dossier_id}/messages/attachment",
        data={"body": "Kassa", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return r.status_code, ((r.json or {}).get("attachment") or {}).get("id"), _code(r)


def _code(response) -> str | None:
    return ((response.json or {}).get("error") or {}).get("code")


@pytest.fixture
def pupil_and_employer(register):
    pupil, employer = register("Daan"), register("Peter")
    _grant(pupil, employer, ["contribute", "reflect"], role="employer")
    return pupil, employer


def test_every_path_goes_through_the_one_capture(monkeypatch, pupil_and_employer, jpeg):
    pupil, employer = pupil_and_employer
    seen = []
    real = capture.capture

    def spy(session, actor, dossier, details, received):
        seen.append((actor.display_name, details.title))
        return real(session, actor, dossier, details, received)

    monkeypatch.setattr(capture, "capture", spy)
    for number, path in enumerate(PATHS):
        status, evidence_id, _ = _add(employer, pupil.dossier_id, path, jpeg((640 + number, 480)))
        assert status == 201 and evidence_id
    assert seen == [("Peter", "Kassa")] * 3


@pytest.mark.parametrize("path", PATHS)
def test_the_same_file_twice_is_one_item_whichever_way_it_came(path, pupil_and_employer, jpeg):
    pupil, employer = pupil_and_employer
    photo = jpeg()
    first = _add(employer, pupil.dossier_id, path, photo)
    again = _add(employer, pupil.dossier_id, path, photo, name="nogmaals.jpg")
    assert first[0] == 201 and first[1]
    assert again[1] == first[1]
    # Someone else's copy of the same bytes is theirs: nobody can probe for the files of others.
    assert _add(pupil, pupil.dossier_id, path, photo)[1] not in (None, first[1])


@pytest.mark.parametrize("path", PATHS)
def test_a_file_that_fits_is_taken_and_one_that_does_not_is_refused(
    path, app, monkeypatch, pupil_and_employer, jpeg
):
    pupil, employer = pupil_and_employer
    photo = jpeg()
    monkeypatch.setitem(app.config, "DOSSIER_QUOTA_BYTES", len(photo) + 1000)
    status, evidence_id, _ = _add(employer, pupil.dossier_id, path, photo)
    assert status == 201 and evidence_id
    status, evidence_id, code = _add(employer, pupil.dossier_id, path, jpeg((900, 700)))
    assert (status, evidence_id, code) == (413, None, "quota_exceeded")


def _originals_bytes(session, dossier_id: str) -> int:
    """What the originals in the dossier add up to, counted the long way."""
    return session.scalar(
        select(func.coalesce(func.sum(MediaAsset.size_bytes), 0))
        .join(Evidence, MediaAsset.evidence_id == Evidence.id)
        .where(Evidence.dossier_id == uuid.UUID(dossier_id), MediaAsset.role == "original")
    )


@pytest.mark.parametrize("path", PATHS)
def test_the_room_a_dossier_uses_is_what_its_originals_add_up_to_as_files_come_and_go(
    path, app, monkeypatch, session, pupil_and_employer, jpeg
):
    pupil, employer = pupil_and_employer

    def used() -> int:
        shown = pupil.get("/api/v1/me").json["dossiers"][0]["used_bytes"]
        assert shown == _originals_bytes(session, pupil.dossier_id)
        return shown

    photo, other = jpeg(), jpeg((900, 700))
    first = _add(employer, pupil.dossier_id, path, photo)[1]
    second = _add(pupil, pupil.dossier_id, path, other)[1]
    assert used() == len(photo) + len(other)
    _add(employer, pupil.dossier_id, path, photo, name="nogmaals.jpg")  # the same file: no room
    monkeypatch.setitem(app.config, "DOSSIER_QUOTA_BYTES", used() + 100)
    assert _add(pupil, pupil.dossier_id, path, jpeg((640, 480)))[0] == 413
    assert used() == len(photo) + len(other)

    assert pupil.delete(f"/api/v1/evidence/{first}").status_code == 204
    assert used() == len(other)
    # The room a deleted file held is free again.
    assert _add(pupil, pupil.dossier_id, path, photo)[0] == 201
    assert pupil.delete(f"/api/v1/evidence/{second}").status_code == 204
    assert used() == len(photo)


@pytest.mark.parametrize(
    ("path", "announced"),
    [("form", True), ("tus", True), ("conversation", False)],
)
def test_what_is_added_on_behalf_is_told_to_the_owner_unless_shared_in_the_conversation(
    path, announced, session, pupil_and_employer, jpeg
):
    pupil, employer = pupil_and_employer
    status, evidence_id, _ = _add(employer, pupil.dossier_id, path, jpeg())
    assert status == 201
    kinds = session.scalars(
        select(DossierEvent.kind).where(DossierEvent.dossier_id == uuid.UUID(pupil.dossier_id))
    ).all()
    told = [
        n["payload"]["evidence_id"]
        for n in pupil.get("/api/v1/notifications").json["items"]
        if n["kind"] == "on_behalf_evidence"
    ]
    if announced:
        assert "evidence_created" in kinds and told == [evidence_id]
    else:  # a hidden item: the message is the news, the file is the owner's to keep
        assert "evidence_created" not in kinds and "message_posted" in kinds and told == []
