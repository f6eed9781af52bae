"""The transactional outbox: queue work lands with the data or not at all, waits while the
queue is unreachable, is relayed once it is back, and a mail goes once per key."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app.db import db
from app.jobs import huey
from app.mail import send_after_commit, send_mail_task
from app.outbox import OutboxMessage, enqueue, relay
from app.people.models import Invitation
from tests.conftest import mails_to

PROCESSING = "media.services.process_evidence_task"
FIRST_THUMBNAIL = "media.services.first_thumbnail_task"


def _address() -> str:
    return f"{uuid.uuid4().hex[:10]}@example.nl"


@pytest.fixture
def queue_down(monkeypatch):
    """The queue refuses every hand-over (Redis down) from `stop()` until `restore()`."""
    real = huey.enqueue

    def unreachable(_task):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    class Switch:
        def stop(self) -> Switch:
            monkeypatch.setattr(huey, "enqueue", unreachable)
            return self

        def restore(self) -> None:
            monkeypatch.setattr(huey, "enqueue", real)

    return Switch()


def _waiting(task: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.task == task, OutboxMessage.delivered_at.is_(None)
            )
        )
    )


def _messages_since(before: set) -> list[OutboxMessage]:
    """The outbox rows this test wrote (on PostgreSQL other tests' live servers leave theirs)."""
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at))
    return [m for m in rows if m.id not in before]


def _message_ids() -> set:
    return set(db.session.scalars(select(OutboxMessage.id)))


def test_work_of_a_rolled_back_transaction_is_neither_kept_nor_handed_over(app, monkeypatch):
    handed = []
    monkeypatch.setattr(huey, "enqueue", handed.append)
    address = _address()
    with app.app_context():
        before = _message_ids()
        with pytest.raises(RuntimeError), db.unit_of_work():
            send_after_commit(address, "Hallo", "Tekst")
            assert len(_messages_since(before)) == 1
            raise RuntimeError("the request failed after writing its work")
        assert _messages_since(before) == []
        with db.unit_of_work():  # the next transaction of the same session starts clean
            send_after_commit(address, "Nog eens", "Tekst")
        assert [m.task for m in _messages_since(before)] == ["app.mail.send_mail_task"]
    assert [task.args[:2] for task in handed] == [(address, "Nog eens")]


def test_a_photo_taken_while_the_queue_is_down_is_pending_and_the_relay_finishes_it(
    register, jpeg, app, queue_down, monkeypatch
):
    api = register("Sanne")
    queue_down.stop()
    response = api.upload(jpeg(), title="Stage")
    assert response.status_code == 201  # saved, though the queue could not be reached
    assert response.json["status"] == "pending"  # "wordt verwerkt"
    with app.app_context():
        # The owner's first thumbnail was to go first; the hand-over stopped at it.
        [thumbnail] = _waiting(FIRST_THUMBNAIL)
        [waiting] = _waiting(PROCESSING)
        assert thumbnail.args == waiting.args == [response.json["id"]]
        assert thumbnail.attempts == 1 and "Connection refused" in thumbnail.last_error
        queue_down.restore()
        assert relay() == 0  # within the grace it is the request's to hand over
        monkeypatch.setitem(app.config, "OUTBOX_RELAY_GRACE_SECONDS", 0)
        assert relay() >= 2
        assert _waiting(PROCESSING) == _waiting(FIRST_THUMBNAIL) == []
    assert api.get(f"/api/v1/evidence/{response.json['id']}").json["status"] == "ready"


def test_the_relay_leaves_the_rest_waiting_while_the_queue_stays_down(app, queue_down, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_RELAY_GRACE_SECONDS", 0)
    address = _address()
    queue_down.stop()
    with app.app_context():
        before = _message_ids()
        with db.unit_of_work():
            for number in range(3):
                send_after_commit(address, f"Bericht {number}", "Tekst")
        assert relay() == 0
        assert [m.delivered_at for m in _messages_since(before)] == [None] * 3
        queue_down.restore()
        assert relay() >= 3
    assert sorted(m["subject"] for m in mails_to(app, address)) == [
        "Bericht 0", "Bericht 1", "Bericht 2"
    ]  # fmt: skip


def test_a_message_for_a_task_that_is_gone_does_not_hold_up_the_others(app, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_RELAY_GRACE_SECONDS", 0)
    address = _address()
    with app.app_context():
        with db.unit_of_work() as session:
            session.add(OutboxMessage(task="app.gone.old_task", args=[], key="old"))
            session.add(OutboxMessage(task="app.mail.send_mail_task", key="new",
                                      args=[address, "Hallo", "Tekst", None]))  # fmt: skip
        assert relay() == 1
        gone = db.session.scalars(select(OutboxMessage).filter_by(key="old")).one()
        assert gone.last_error == "unknown task" and gone.delivered_at is not None
    assert len(mails_to(app, address)) == 1


def test_a_mail_handed_over_twice_goes_once(app):
    address = _address()
    with app.app_context():
        for _ in range(2):
            send_mail_task.call_local(address, "Uitnodiging", "Tekst", "mail:invitation:1")
    assert len(mails_to(app, address)) == 1


def test_the_same_mail_key_in_a_second_transaction_sends_nothing(app):
    address = _address()
    with app.app_context():
        for _ in range(2):
            with db.unit_of_work():
                send_after_commit(address, "Uitnodiging", "Tekst", key="invitation:2")
    assert len(mails_to(app, address)) == 1


def test_asking_again_for_a_pending_invitation_gives_it_without_a_second_mail(register, app):
    owner = register("Daan")
    address = _address()
    url = f"/api/v1/dossiers/{owner.dossier_id}/grants"
    asked = {"email": address, "scopes": ["view"], "role": "mentor"}
    first = owner.post(url, json=asked)
    again = owner.post(url, json={**asked, "scopes": ["view", "reflect"]})
    assert first.status_code == again.status_code == 201
    assert again.json["invitation"]["id"] == first.json["invitation"]["id"]
    pending = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/invitations").json
    assert [(i["email"], i["scopes"]) for i in pending] == [(address, ["reflect", "view"])]
    assert len(mails_to(app, address)) == 1
    with app.app_context():
        assert (
            db.session.scalar(select(func.count(Invitation.id)).where(Invitation.email == address))
            == 1
        )


def test_a_key_already_in_the_outbox_is_not_enqueued_again(app, queue_down):
    queue_down.stop()
    with app.app_context():
        before = _message_ids()
        with db.unit_of_work():
            assert enqueue(send_mail_task, _address(), "s", "b", None, key="once") is not None
        with db.unit_of_work():
            assert enqueue(send_mail_task, _address(), "s", "b", None, key="once") is None
        assert len(_messages_since(before)) == 1
