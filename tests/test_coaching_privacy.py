"""Coaching stays between coach and owner: a coach's reflections, levels and messages are
read by the owner and that coach only, unless the owner shares one reflection; coaching
words are stored encrypted."""

from __future__ import annotations

import io

import pypdf
import pytest
from sqlalchemy import text

from tests.test_people import _grant, _read_events

COACH_WORDS = "Je twijfelt aan jezelf bij ouders"


@pytest.fixture
def coached(register, app):
    """A pupil with a coach (who may rate) and a coordinator; the coach reflected on a
    linked competency with a level."""
    from app.db import db
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    owner, coach, coordinator = register("Daan"), register("Coach"), register("Fatima")
    _grant(owner, coach, ["view", "reflect"], role="coach", coach_may_rate=True)
    _grant(owner, coordinator, ["view", "reflect"], role="coordinator")
    item = owner.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    evidence = owner.upload(None, title="Oudergesprek",
                            occurred_at="2026-10-06T08:00:00+00:00").json  # fmt: skip
    owner.post(f"/api/v1/evidence/{evidence['id']}/competencies", json={"item_id": item["id"]})
    url = f"/api/v1/evidence/{evidence['id']}/reflections"
    r = coach.post(url, json={"content": {"text": COACH_WORDS}, "item_id": item["id"], "level": 1})
    assert r.status_code == 201, r.json
    coordinator.post(url, json={"content": {"text": "Goed voorbereid."}})
    return owner, coach, coordinator, evidence, item, r.json


def _texts(reflections) -> list[str]:
    return [r["content"].get("text", "") for r in reflections]


def test_a_coach_reflection_is_read_by_the_owner_and_the_coach_only(coached):
    owner, coach, coordinator, evidence, item, reflection = coached
    url = f"/api/v1/evidence/{evidence['id']}/reflections"
    assert COACH_WORDS in _texts(owner.get(url).json)
    assert COACH_WORDS in _texts(coach.get(url).json)
    assert _texts(coordinator.get(url).json) == ["Goed voorbereid."]
    assert coordinator.get(f"/api/v1/reflections/{reflection['id']}").status_code == 404
    assert owner.get(f"/api/v1/reflections/{reflection['id']}").status_code == 200

    side_by_side = f"/api/v1/dossiers/{owner.dossier_id}/competencies/{item['id']}/perspectives"
    assert "coach" in [p["role"] for p in owner.get(side_by_side).json]
    assert "coach" not in [p["role"] for p in coordinator.get(side_by_side).json]


def test_coverage_shows_a_coach_level_to_the_owner_only(coached):
    owner, coach, coordinator, evidence, item, reflection = coached
    url = f"/api/v1/dossiers/{owner.dossier_id}/coverage"
    framework = {"framework_id": item["framework"]["id"]}

    def row(api):
        rows = api.get(url, query_string=framework).json["rows"]
        return next(r for r in rows if r["item"]["id"] == item["id"])

    assert "coach" in row(owner)["levels"] and "coach" in row(owner)["roles"]
    assert "coach" not in row(coordinator)["levels"]
    assert "coach" not in row(coordinator)["roles"]


def _report_texts(composer, reader, dossier_id) -> tuple[str, str]:
    period = {"period_start": "2026-10-01", "period_end": "2026-11-30"}
    r = composer.post(f"/api/v1/dossiers/{dossier_id}/reports", json={"title": "V", **period})
    assert r.status_code == 201, r.json
    html = reader.get(f"/api/v1/reports/{r.json['id']}/preview").get_data(as_text=True)
    pdf = reader.get(f"/api/v1/reports/{r.json['id']}/pdf")
    pages = pypdf.PdfReader(io.BytesIO(pdf.data)).pages
    return html, " ".join(p.extract_text() for p in pages).replace("\n", " ")


def test_reports_hold_no_coach_text_not_even_the_owners(coached):
    owner, coach, coordinator, evidence, item, reflection = coached
    for reader in (coordinator, owner):  # a report is written for others to read
        html, pdf = _report_texts(coordinator, reader, owner.dossier_id)
        assert "Goed voorbereid." in html and "Goed voorbereid." in pdf
        assert COACH_WORDS not in html and COACH_WORDS not in pdf
        assert "Coach" not in pdf


def test_the_owner_shares_one_coach_reflection_and_can_take_it_back(coached, register):
    owner, coach, coordinator, evidence, item, reflection = coached
    url = f"/api/v1/evidence/{evidence['id']}/reflections"
    share = f"/api/v1/reflections/{reflection['id']}/share"
    assert coach.post(share).status_code == 404  # the owner's choice, not the coach's
    assert coordinator.post(share).status_code == 404
    r = owner.post(share)
    assert r.status_code == 200 and r.json["shared"] is True and r.json["coaching"] is True
    assert COACH_WORDS in _texts(coordinator.get(url).json)
    html, pdf = _report_texts(coordinator, coordinator, owner.dossier_id)
    assert COACH_WORDS in html and COACH_WORDS in pdf
    assert owner.delete(share).json["shared"] is False
    assert COACH_WORDS not in _texts(coordinator.get(url).json)
    # Nothing to share in someone else's words: they are already for everyone.
    others = next(r for r in owner.get(url).json if r["author_role"] == "coordinator")
    assert others["coaching"] is False
    r = owner.post(f"/api/v1/reflections/{others['id']}/share")
    assert r.status_code == 409 and r.json["error"]["code"] == "not_coaching"


def test_a_coachs_messages_are_coaching_and_stay_between_coach_and_owner(coached):
    owner, coach, coordinator, evidence, item, reflection = coached
    url = f"/api/v1/dossiers/{owner.dossier_id}/messages"
    r = coach.post(url, json={"body": "Zullen we het over je twijfel hebben?"})
    assert r.status_code == 201 and r.json["coaching"] is True
    team = coach.post(url, json={"body": "Ik ben er dinsdag niet", "coaching": False})
    assert team.json["coaching"] is False
    # Only a coach writes coaching; others cannot hide a message from the team this way.
    assert coordinator.post(url, json={"body": "Hoi", "coaching": True}).json["coaching"] is False
    bodies = lambda api: [m["body"] for m in api.get(url).json]  # noqa: E731
    assert "Zullen we het over je twijfel hebben?" in bodies(owner)
    assert "Zullen we het over je twijfel hebben?" in bodies(coach)
    assert bodies(coordinator) == ["Ik ben er dinsdag niet", "Hoi"]
    # Mentioning someone else in a coaching message would tell them it exists.
    r = coach.post(url, json={"body": "@Fatima", "mentions": [coordinator.user["id"]]})
    assert r.status_code == 422


def test_live_events_and_notifications_of_coaching_reach_owner_and_coach_only(coached, register):
    owner, coach, coordinator, evidence, item, reflection = coached
    helper = register("Peter")
    _grant(owner, helper, ["view", "reflect", "contribute"], role="employer")
    added = helper.post(f"/api/v1/dossiers/{owner.dossier_id}/evidence",
                        data={"title": "Van Peter"},
                        content_type="multipart/form-data").json  # fmt: skip
    # Kept by the owner, so the team (the coach too) may see what Peter added.
    owner.post(f"/api/v1/evidence/{added['id']}/review", json={"action": "keep"})
    url = f"/api/v1/dossiers/{owner.dossier_id}/events"
    streams = {who: who.get(url, buffered=False) for who in (coordinator, owner)}
    coach.post(f"/api/v1/evidence/{added['id']}/reflections",
               json={"content": {"text": "Alleen voor jou"}})  # fmt: skip
    coach.post(f"/api/v1/dossiers/{owner.dossier_id}/messages", json={"body": "Even tussen ons"})
    owner.post(f"/api/v1/dossiers/{owner.dossier_id}/messages", json={"body": "Voor iedereen"})

    owner_events = _read_events(streams[owner], 3)
    assert [e["kind"] for e in owner_events] == [
        "reflection_added", "message_posted", "message_posted"]  # fmt: skip
    streams[owner].close()
    heard = _read_events(streams[coordinator], 1)
    assert [e["kind"] for e in heard] == ["message_posted"]
    assert heard[0]["data"]["id"] == owner_events[2]["data"]["id"]
    streams[coordinator].close()
    # The one who added the item hears of other reflections on it, not of a coach's.
    kinds = [n["kind"] for n in helper.get("/api/v1/notifications").json["items"]]
    assert "reflection" not in kinds
    told = [n for n in owner.get("/api/v1/notifications").json["items"]
            if n["kind"] == "reflection"]  # fmt: skip
    assert told and all("Alleen voor jou" not in str(n) for n in told)


def test_coaching_words_are_stored_encrypted(coached, app, session):
    owner, coach, coordinator, evidence, item, reflection = coached
    note = {"session_date": "2026-10-02", "body": "Vertrouwelijk: slaapt slecht"}
    r = coach.post(f"/api/v1/dossiers/{owner.dossier_id}/coaching-notes", json=note)
    assert r.status_code == 201, r.json
    coach.patch(f"/api/v1/reflections/{reflection['id']}",
                json={"content": {"text": "Tweede versie van mijn zorg"}})  # fmt: skip
    raw = " ".join(
        str(row)
        for sql in (
            "SELECT content FROM reflections",
            "SELECT content FROM reflection_versions",
            "SELECT body FROM coaching_notes",
        )  # fmt: skip
        for row in session.execute(text(sql)).all()
    )
    for words in ("twijfelt", "Tweede versie", "slaapt slecht", "Goed voorbereid"):
        assert words not in raw, words
    # ... and read back as written.
    notes = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/coaching-notes").json
    assert [n["body"] for n in notes] == ["Vertrouwelijk: slaapt slecht"]


def test_rotating_the_key_re_encrypts_everything_with_the_newest(
    coached, app, session, monkeypatch
):
    from cryptography.fernet import Fernet, InvalidToken

    owner, coach, coordinator, evidence, item, reflection = coached
    old = app.config["DATA_ENCRYPTION_KEYS"]
    new = Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", (new, *old))
    result = app.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 2 values" in result.output  # the coach's and the coordinator's
    tokens = session.execute(text("SELECT content FROM reflections")).scalars().all()
    for token in tokens:  # the newest key alone reads them now
        Fernet(new).decrypt(token.encode())
        with pytest.raises(InvalidToken):
            Fernet(old[0]).decrypt(token.encode())
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", (new,))
    url = f"/api/v1/evidence/{evidence['id']}/reflections"
    assert COACH_WORDS in _texts(owner.get(url).json)
