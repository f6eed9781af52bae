"""A burst of photos: each owner sees their photo's thumbnail before its full job has run.

The first thumbnail is the owner's alone (others see nothing of a photo whose faces are not
known yet), the full job replaces it without leaving its file behind, and the queue hands out
first thumbnails (and mails with codes) before the rest of its work, on SQLite and on Redis.
"""

from __future__ import annotations

import io
import uuid

import pytest
import redis
from PIL import Image

from app.db import db
from app.dossiers.models import Evidence
from app.jobs import huey, make_huey
from app.mail import send_mail_task
from media import services as media_services
from media.faces import detect_faces
from media.variants import MediaProcessingError
from tests.conftest import fetch, stored_files
from tests.face_pictures import group_photo, matches
from tests.test_faces_blurred import _found_in, _jpeg, _keep, _served
from tests.test_people import _grant


@pytest.fixture
def full_job_waits(app, monkeypatch):
    """The full processing job stays in the queue (it runs when the test says so)."""
    real = media_services.process_evidence
    monkeypatch.setattr(media_services, "process_evidence", lambda *_a, **_kw: None)

    def run(evidence_id: str) -> None:
        with app.app_context():
            real(uuid.UUID(evidence_id), final_attempt=True)

    return run


@pytest.mark.parametrize(
    "picture",
    [
        pytest.param(lambda jpeg: jpeg((4000, 3000), gps=True), id="no-faces"),
        pytest.param(
            lambda _: _jpeg(group_photo((1600, 1200), faces=3, face_fraction=(0.1, 0.13)).image),
            id="faces",
        ),
    ],
)
def test_the_owner_sees_a_new_photo_before_its_full_job_and_others_only_after(
    register, jpeg, app, storage, full_job_waits, picture
):
    pupil, coach = register("Daan"), register("Coach")
    _grant(pupil, coach, ["view"], role="coach")
    item = pupil.upload(picture(jpeg), title="Stage").json
    assert item["status"] == "pending"

    mine = pupil.get(f"/api/v1/evidence/{item['id']}").json
    first = mine["media"]["thumbnail"]
    shown = fetch(pupil, first["url"])
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    thumbnail = Image.open(io.BytesIO(shown.data))
    assert max(thumbnail.size) == 480 and not thumbnail.getexif()
    assert "display" not in mine["media"]

    theirs = coach.get(f"/api/v1/evidence/{item['id']}").json
    assert theirs["status"] == "pending" and "thumbnail" not in theirs["media"]
    assert fetch(coach, first["url"]).status_code == 404  # the owner's copy, not theirs

    full_job_waits(item["id"])
    mine = pupil.get(f"/api/v1/evidence/{item['id']}").json
    assert mine["status"] == "ready" and "display" in mine["media"]
    assert fetch(pupil, mine["media"]["thumbnail"]["url"]).status_code == 200
    if mine["media"]["thumbnail"]["url"] != first["url"]:  # no faces: no sharp copy kept
        assert fetch(pupil, first["url"]).status_code == 404
    theirs = coach.get(f"/api/v1/evidence/{item['id']}").json
    assert fetch(coach, theirs["media"]["thumbnail"]["url"]).status_code == 200
    # Replaced, not left behind: no file of the first thumbnail is kept (on disk or S3).
    assert [k for k in storage.list_keys() if "first_thumbnail" in k] == []


def test_a_first_thumbnail_that_comes_after_the_full_job_is_dropped(
    register, jpeg, app, media_root, full_job_waits, monkeypatch
):
    """The full job was quicker (another worker took it first): the late first thumbnail
    changes nothing and leaves no file."""
    real = media_services.first_owner_thumbnail
    monkeypatch.setattr(media_services, "first_owner_thumbnail", lambda *_a: None)
    pupil = register("Daan")
    item = pupil.upload(jpeg((1600, 1200))).json
    full_job_waits(item["id"])
    before = pupil.get(f"/api/v1/evidence/{item['id']}").json["media"]
    with app.app_context():
        real(uuid.UUID(item["id"]))
    assert pupil.get(f"/api/v1/evidence/{item['id']}").json["media"] == before
    assert [p for p in stored_files(media_root) if "first_thumbnail" in p.name] == []


def test_a_photo_that_fails_keeps_only_its_original(register, jpeg, app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(media_services, "photo_variants", broken)
    pupil = register("Daan")
    item = pupil.upload(jpeg()).json
    with app.app_context():
        media_services.process_evidence(uuid.UUID(item["id"]), final_attempt=True)
    shown = pupil.get(f"/api/v1/evidence/{item['id']}").json
    assert shown["status"] == "failed" and set(shown["media"]) == {"original"}


def _enqueue(queue, task) -> None:
    """Into `queue`'s storage as the app's queue would put it (its tasks, their priority)."""
    queue.storage.enqueue(huey.serialize_task(task), task.priority)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_the_queue_hands_out_what_someone_waits_for_first(backend, tmp_path, monkeypatch):
    monkeypatch.setenv("JOBS_QUEUE_NAME", f"order-{uuid.uuid4().hex[:8]}")
    if backend == "redis":
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
        monkeypatch.setenv("JOBS_SQLITE_PATH", str(tmp_path / "jobs.sqlite3"))
    queue = make_huey()
    try:
        for n in range(3):  # a burst: each photo's full job is queued with its first thumbnail
            if n:  # and the display WebP of the photo before it, once that one is ready
                _enqueue(queue, media_services.display_webp_task.s(str(n - 1), "sha"))
            _enqueue(queue, media_services.process_evidence_task.s(str(n)))
            _enqueue(queue, media_services.first_thumbnail_task.s(str(n)))
        _enqueue(queue, send_mail_task.s("a@example.nl", "Je code", "123456"))
        order = []
        while (data := queue.storage.dequeue()) is not None:
            message = huey.serializer.deserialize(data)
            order.append((message.name.rsplit(".", 1)[-1], message.args[0]))
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    finally:
        queue.storage.flush_all()
    waited_for = order[:4]
    assert sorted(waited_for) == [
        ("first_thumbnail_task", "0"), ("first_thumbnail_task", "1"),
        ("first_thumbnail_task", "2"), ("send_mail_task", "a@example.nl"),
    ]  # fmt: skip
    assert order[4:7] == [("process_evidence_task", str(n)) for n in range(3)]
    assert order[7:] == [("display_webp_task", str(n)) for n in range(2)]  # nobody waits


@pytest.fixture
def display_webp_waits(app, monkeypatch):
    """The display WebP's job stays in the queue; returns the ones asked for, to run."""
    asked = []
    monkeypatch.setattr(media_services, "add_display_webp", lambda *args: asked.append(args))
    return asked


def test_a_new_photo_is_ready_for_others_before_its_display_webp_which_blurs_the_same_faces(
    register, app, display_webp_waits
):
    pupil, coach = register("Daan"), register("Coach")
    _grant(pupil, coach, ["view"], role="coach")
    photo = group_photo((1600, 1200), faces=3, face_fraction=(0.1, 0.13), seed=3)
    item = pupil.upload(_jpeg(photo.image)).json

    theirs = coach.get(f"/api/v1/evidence/{item['id']}").json
    assert theirs["status"] == "ready" and "display_webp" not in theirs["media"]
    display = fetch(coach, theirs["media"]["display"]["url"])  # what browsers get meanwhile
    assert display.status_code == 200 and display.mimetype == "image/jpeg"

    (asked,) = display_webp_waits
    with app.app_context():
        _real_add_display_webp(*asked)
    theirs = coach.get(f"/api/v1/evidence/{item['id']}").json
    served = fetch(coach, theirs["media"]["display_webp"]["url"])
    assert served.status_code == 200 and served.mimetype == "image/webp"
    webp = Image.open(io.BytesIO(served.data))
    assert webp.size == Image.open(io.BytesIO(display.data)).size and not webp.getexif()
    assert matches(detect_faces(webp.convert("RGB")), photo.faces)[0] == 0  # still blurred
    mine = pupil.get(f"/api/v1/evidence/{item['id']}").json  # the owner keeps sharp copies
    assert _found_in(_served(pupil, mine["media"], "display"), photo.faces) >= 2


def test_a_display_webp_for_copies_made_again_meanwhile_is_dropped(
    register, app, storage, display_webp_waits
):
    """The owner kept a face visible before the WebP's turn came: the copies made again bring
    their own WebP, and the late one (of the faces as they were) is neither shown nor kept."""
    pupil = register("Daan")
    photo = group_photo((1600, 1200), faces=3, face_fraction=(0.1, 0.13), seed=3)
    item = pupil.upload(_jpeg(photo.image)).json
    face = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"][0]
    assert _keep(pupil, face).status_code == 200
    before = pupil.get(f"/api/v1/evidence/{item['id']}").json["media"]
    keys = set(storage.list_keys())
    with app.app_context():
        _real_add_display_webp(*display_webp_waits[0])
    assert pupil.get(f"/api/v1/evidence/{item['id']}").json["media"] == before
    assert set(storage.list_keys()) == keys


_real_add_display_webp = media_services.add_display_webp


# --- twins and races: a job handed over twice, an item deleted while its job runs ----------


def test_a_twin_full_job_that_fails_late_leaves_the_finished_item_as_it_is(
    register, app, full_job_waits, monkeypatch
):
    """Handed over twice: one run finishes while the other is still at work and then fails.
    The item stays ready with its copies, and its faces stay found and blurred for others."""
    pupil = register("Daan")
    picture = group_photo((1600, 1200), faces=3, face_fraction=(0.1, 0.13)).image
    item = pupil.upload(_jpeg(picture)).json
    real_derive = media_services._derive

    def twin_finishes_first(*args, **kwargs):
        monkeypatch.setattr(media_services, "_derive", real_derive)
        full_job_waits(item["id"])  # the twin runs to the end meanwhile
        raise MediaProcessingError("This recording cannot be read.")

    monkeypatch.setattr(media_services, "_derive", twin_finishes_first)
    full_job_waits(item["id"])
    shown = pupil.get(f"/api/v1/evidence/{item['id']}").json
    assert shown["status"] == "ready" and {"thumbnail", "display"} <= set(shown["media"])
    faces = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json
    assert faces["checked"] and faces["faces"]


def test_what_a_job_stores_for_an_item_deleted_meanwhile_is_removed(
    register, jpeg, app, storage, full_job_waits, monkeypatch
):
    pupil = register("Daan")
    before = set(storage.list_keys())
    item = pupil.upload(jpeg((1600, 1200))).json
    _deleted_while_its_copies_are_made(monkeypatch, pupil, item["id"])
    full_job_waits(item["id"])
    assert set(storage.list_keys()) == before


def test_what_copies_made_again_store_for_an_item_deleted_meanwhile_is_removed(
    register, app, storage, monkeypatch
):
    """The owner changed a face and then deleted the item while its copies were being made
    again: nothing that run stored stays behind."""
    pupil = register("Daan")
    before = set(storage.list_keys())
    photo = group_photo((1600, 1200), faces=3, face_fraction=(0.1, 0.13), seed=3)
    item = pupil.upload(_jpeg(photo.image)).json
    real_refresh = media_services.refresh_shown_copies
    monkeypatch.setattr(media_services, "refresh_shown_copies", lambda *_a: None)
    face = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"][0]
    assert _keep(pupil, face).status_code == 200  # copies for others asked for again
    _deleted_while_its_copies_are_made(monkeypatch, pupil, item["id"])
    with app.app_context():
        real_refresh(uuid.UUID(item["id"]))
    assert set(storage.list_keys()) == before


def _deleted_while_its_copies_are_made(monkeypatch, owner, evidence_id: str) -> None:
    real_derive = media_services._derive

    def deleted_meanwhile(*args, **kwargs):
        made = real_derive(*args, **kwargs)
        assert owner.delete(f"/api/v1/evidence/{evidence_id}").status_code == 204
        return made

    monkeypatch.setattr(media_services, "_derive", deleted_meanwhile)


def test_a_second_first_thumbnail_run_leaves_the_file_of_the_first(
    register, jpeg, app, full_job_waits, monkeypatch
):
    """Run twice, the second run gives way to the full job that started meanwhile: it
    removes what it stored itself, never the file the first run recorded."""
    pupil = register("Daan")
    item = pupil.upload(jpeg((1600, 1200))).json
    url = pupil.get(f"/api/v1/evidence/{item['id']}").json["media"]["thumbnail"]["url"]
    real = media_services.first_thumbnail

    def full_job_starts_meanwhile(source, work):
        with db.unit_of_work() as session:
            session.get(Evidence, uuid.UUID(item["id"])).processing_attempts = 1
        return real(source, work)

    monkeypatch.setattr(media_services, "first_thumbnail", full_job_starts_meanwhile)
    with app.app_context():
        media_services.first_owner_thumbnail(uuid.UUID(item["id"]))
    assert fetch(pupil, url).status_code == 200


def test_jobs_left_on_the_old_redis_list_are_taken_over(monkeypatch):
    """An earlier version kept the Redis queue as a plain list: what is still on it (from
    before the upgrade, or from a web process not yet restarted) is run, not lost."""
    monkeypatch.setenv("JOBS_QUEUE_NAME", f"upgrade-{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    queue = make_huey()
    try:
        old_list = f"huey.redis.{queue.storage.name}"  # the plain list's key
        for address in ("a@example.nl", "b@example.nl"):  # as the plain list queued them
            task = send_mail_task.s(address, "Je code", "123456")
            queue.storage.conn.lpush(old_list, huey.serialize_task(task))
        taken = [huey.serializer.deserialize(queue.storage.dequeue()).args[0] for _ in range(2)]
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    finally:
        queue.storage.conn.delete(f"huey.redis.{queue.storage.name}")
        queue.storage.flush_all()
    assert taken == ["a@example.nl", "b@example.nl"]
    assert queue.storage.dequeue() is None
