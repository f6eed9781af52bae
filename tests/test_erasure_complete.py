"""Erasure is complete: after someone deletes their account, no table and no file holds their
e-mail address or id, and their name is left only in the signature of a report they signed
(part of the pupil's record), which no longer links to their account."""

from __future__ import annotations

import json
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import db
from tests.conftest import PASSWORD, add_member

#: Names nobody writes by accident, so a hit is a real trace.
NAMES = {
    "owner": "Daantje Verbruggen",
    "coordinator": "Fatima Oukili",
    "employer": "Pieter Wuytsaert",
    "coach": "Carla Coachman",
    "linker": "Lotte Linkerhand",
}


def _grant(owner, grantee, org_id, scopes, role):
    r = owner.post(
        f"/api/v1/dossiers/{owner.dossier_id}/grants",
        json={"user_id": grantee.user["id"], "organisation_id": org_id, "scopes": scopes,
              "role": role},
    )  # fmt: skip
    assert r.status_code == 201, r.json
    return r.json["grant"]


@pytest.fixture
def world(app, register, jpeg, media_root, tmp_path, monkeypatch):
    """A pupil's dossier with everyone around it, built through the API as people use it."""
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    people = {
        role: register(name, email=f"{role}-{uuid.uuid4().hex[:8]}@example.nl")
        for role, name in NAMES.items()
    }
    owner, coordinator, employer, coach, linker = (
        people[r] for r in ("owner", "coordinator", "employer", "coach", "linker")
    )
    # The coordinator's school; everyone joins it (each one's acceptance is asked).
    school = coordinator.post(
        "/api/v1/organisations", json={"name": "Het Baken", "kind": "education"}
    ).json["id"]
    for member in (owner, employer, coach, linker):
        add_member(
            coordinator, school, member, "student" if member in (owner, linker) else "mentor"
        )
    _grant(owner, coordinator, school, ["view", "reflect"], "coordinator")
    _grant(owner, employer, school, ["view", "reflect", "contribute"], "employer")
    _grant(owner, coach, school, ["view", "reflect"], "coach")
    # Invitations by e-mail: the owner invites the linker, the linker invites the employer.
    for inviter, invited in ((owner, linker), (linker, employer)):
        r = inviter.post(
            f"/api/v1/dossiers/{inviter.dossier_id}/grants",
            json={"email": invited.user["email"], "scopes": ["view"], "role": "other"},
        )
        assert r.status_code == 201, r.json
    _grant(linker, coach, school, ["view", "reflect"], "coach")
    # Evidence: the owner's photo, and a note the employer adds on the owner's behalf.
    photo = owner.upload(jpeg(), title="Eerste stagedag").json
    given = employer.post(
        f"/api/v1/dossiers/{owner.dossier_id}/evidence", data={"title": "Van de werkgever"},
        content_type="multipart/form-data",
    ).json  # fmt: skip
    gone = owner.upload(None, title="Wordt verwijderd").json
    for reader in (coordinator, employer, coach):
        assert reader.get(f"/api/v1/evidence/{photo['id']}").status_code == 200
        reader.get(f"/api/v1/evidence/{gone['id']}")
    assert owner.delete(f"/api/v1/evidence/{gone['id']}").status_code == 204
    # Reflections from everyone: each one notifies the owner.
    url = f"/api/v1/evidence/{photo['id']}/reflections"
    for who, text in ((owner, "Ik was op tijd."), (coordinator, "Goed voorbereid."),
                      (employer, "Stipt aanwezig."), (coach, "Wat ging goed?")):  # fmt: skip
        assert who.post(url, json={"content": {"text": text}}).status_code == 201
    owner.post(f"/api/v1/evidence/{given['id']}/reflections", json={"content": {"text": "Dank"}})
    # The conversation, with mentions of each other.
    messages = f"/api/v1/dossiers/{owner.dossier_id}/messages"
    for author, mentioned in ((owner, coach), (coach, coordinator), (coordinator, employer),
                              (employer, owner)):  # fmt: skip
        name = mentioned.user["display_name"]
        message = {"body": f"Zie je dit, @{name}?", "mentions": [mentioned.user["id"]]}
        if author is coach:
            message["coaching"] = False  # to the whole team, not between coach and owner
        r = author.post(messages, json=message)
        assert r.status_code == 201, r.json
    # The coach's note, the report signed by employer and coordinator.
    r = coach.post(
        f"/api/v1/dossiers/{owner.dossier_id}/coaching-notes",
        json={"session_date": "2026-10-02", "body": "Eerste gesprek"},
    )
    assert r.status_code == 201, r.json
    today = date.today()
    r = coordinator.post(f"/api/v1/dossiers/{owner.dossier_id}/reports", json={
        "title": "Stageverslag", "internship": "De Gouden Lepel",
        "period_start": date(today.year - 1, 1, 1).isoformat(),
        "period_end": date(today.year, 12, 31).isoformat()})  # fmt: skip
    assert r.status_code == 201, r.json
    report = r.json
    for signer in (employer, coordinator):
        assert signer.post(f"/api/v1/reports/{report['id']}/signoff").status_code == 200
    # The linker's CV with a link for recruiters.
    r = linker.patch(f"/api/v1/dossiers/{linker.dossier_id}/cv", json={"headline": "Kok"})
    assert r.status_code == 200, r.json
    r = linker.post(f"/api/v1/dossiers/{linker.dossier_id}/cv/links", json={"label": "Vacature"})
    assert r.status_code == 201, r.json
    # The owner downloads everything: a zip that names everyone.
    export = owner.post(f"/api/v1/dossiers/{owner.dossier_id}/exports").json
    assert owner.get(f"/api/v1/jobs/{export['id']}").json["status"] == "done"
    return {"people": people, "report": report, "photo": photo, "media": media_root,
            "exports": tmp_path / "exports"}  # fmt: skip


def _needles(person) -> dict[str, str]:
    user_id = uuid.UUID(person.user["id"])
    return {"name": person.user["display_name"], "e-mail address": person.user["email"],
            "id": str(user_id), "id without dashes": user_id.hex}  # fmt: skip


def _as_text(value) -> str:
    if isinstance(value, uuid.UUID):
        return f"{value} {value.hex}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    if isinstance(value, datetime | date):
        return ""
    return "" if value is None else str(value)


def _traces_in_database(needles: dict[str, str]) -> list[str]:
    """Every column of every table, searched for each needle."""
    found = []
    connection = db.session().connection()
    for table in db.metadata.sorted_tables:
        for row in connection.execute(select(table)).mappings():
            for column, value in row.items():
                if (table.name, column) == ("internship_reports", "signoffs"):
                    # The one allowed trace: the name in a signature (never the id).
                    value = [{k: v for k, v in s.items() if k != "name"} for s in value]
                text = _as_text(value).lower()
                found += [
                    f"{table.name}.{column}: {what}"
                    for what, needle in needles.items()
                    if needle.lower() in text
                ]
    return found


def _traces_in_files(roots: list[Path], needles: dict[str, str]) -> list[str]:
    """Every file under the roots (and every file inside a zip), searched for each needle."""
    found = []
    for root in roots:
        for path in (p for p in root.rglob("*") if p.is_file()):
            blobs = [(str(path), path.read_bytes())]
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    blobs += [(f"{path}!{n}", archive.read(n)) for n in archive.namelist()]
            for where, data in blobs:
                text = data.decode("utf-8", "replace").lower()
                found += [f"{where}: {w}" for w, n in needles.items() if n.lower() in text]
    return found


@pytest.mark.parametrize("leaving", list(NAMES))
def test_a_deleted_participant_leaves_no_name_address_or_id_behind(app, world, leaving):
    person = world["people"][leaving]
    needles = _needles(person)
    with app.app_context():  # the world does hold every trace before
        found = _traces_in_database(needles)
    assert any(f.endswith(": e-mail address") for f in found), found
    assert any(f.endswith(": id") for f in found), found

    r = person.delete("/api/v1/me", json={"password": PASSWORD})
    assert r.status_code == 204, r.json

    with app.app_context():
        left = sorted(set(_traces_in_database(needles)))
    left += sorted(set(_traces_in_files([world["media"], world["exports"]], needles)))
    assert not left, "traces left: " + "; ".join(left)

    # A report they signed keeps their signature, by name and role, without the account.
    owner = world["people"]["owner"]
    if leaving in ("employer", "coordinator"):
        report = owner.get(f"/api/v1/reports/{world['report']['id']}").json
        signed = [s for s in report["signoffs"] if s["role"] == leaving]
        assert [s["name"] for s in signed] == [NAMES[leaving]]
        assert all(not s.get("user_id") for s in signed)


def test_the_others_see_verwijderd_account_where_the_name_was(app, world):
    owner, coach = world["people"]["owner"], world["people"]["coach"]
    assert coach.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204

    told = owner.get("/api/v1/notifications").json["items"]
    by = {n["kind"]: n["payload"].get("by") for n in told}
    assert by["coaching_note"] == "verwijderd account"
    assert "verwijderd account" in {
        n["payload"].get("by") for n in told if n["kind"] == "reflection"
    }
    said = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/messages").json
    assert "Zie je dit, @verwijderd account?" in [m["body"] for m in said]
    reflected = owner.get(f"/api/v1/evidence/{world['photo']['id']}/reflections").json
    authors = {r["author_name"] for r in reflected if r["author"] is None}
    assert authors == {"verwijderd account"}
    log = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/access-log").json["items"]
    assert any("verwijderd account" in str(entry) for entry in log)
    assert NAMES["coach"] not in json.dumps(log)
