"""Every job kind recovers: a job whose worker went quiet is queued again by the one sweep,
one tried too often ends failed with a reason, and the person can try again from the app.
(Workers really killed mid-job: tests/test_faults_worker.py.)"""

from __future__ import annotations

import uuid
from datetime import timedelta

from app.db import db, utcnow
from app.dossiers.models import Evidence
from app.portability.models import DataJob
from app.recovery import sweep_stalled_jobs
from media import services as media_services
from media.faces import Box, detect_faces
from media.services import STALLED_REASON
from tests.face_pictures import group_photo, iou
from tests.test_faces_blurred import _jpeg, _served
from tests.test_people import _grant


def _sweep(app) -> None:
    """One run of the sweep, as a worker's maintenance loop runs it."""
    with app.app_context():
        sweep_stalled_jobs()


def _quiet(app, model, job_id, *, minutes: int, **values) -> None:
    column = "heartbeat_at" if model is DataJob else "processing_heartbeat_at"
    with app.app_context():
        row = db.session.get(model, job_id)
        setattr(row, column, utcnow() - timedelta(minutes=minutes))
        for name, value in values.items():
            setattr(row, name, value)
        db.commit()


def _job(api, job_id) -> dict:
    return api.get(f"/api/v1/jobs/{job_id}").json


def test_an_export_whose_worker_went_quiet_is_made_after_all(app, register, jpeg):
    api = register("Sanne")
    api.upload(jpeg(), title="Stage")
    with app.app_context():  # as a worker killed mid-way leaves it: running, silent
        job = DataJob(user_id=uuid.UUID(api.user["id"]), kind="export", attempts=1,
                      dossier_id=uuid.UUID(api.dossier_id), status="running")  # fmt: skip
        db.session.add(job)
        db.commit()
        job_id = job.id
    _quiet(app, DataJob, job_id, minutes=1)
    _sweep(app)
    assert _job(api, job_id)["status"] == "running"  # quiet for less than 2 minutes
    _quiet(app, DataJob, job_id, minutes=3)
    _sweep(app)
    done = _job(api, job_id)
    assert done["status"] == "done", done
    assert done["result"]["evidence"] == 1
    assert api.get(done["download_url"]).status_code == 200


def test_a_job_stalled_too_often_fails_with_a_reason_and_can_be_tried_again(app, register, jpeg):
    api = register("Sanne")
    api.upload(jpeg(), title="Stage")
    with app.app_context():
        job = DataJob(user_id=uuid.UUID(api.user["id"]), kind="export",
                      dossier_id=uuid.UUID(api.dossier_id), status="running")  # fmt: skip
        db.session.add(job)
        db.commit()
        job_id = job.id
    _quiet(app, DataJob, job_id, minutes=3, attempts=app.config["JOB_MAX_ATTEMPTS"])
    _sweep(app)
    failed = _job(api, job_id)
    assert failed["status"] == "failed"
    assert failed["error_code"] == "export_stalled"
    assert "try again" in failed["error"]
    # Meanwhile nothing is in the way of a new one; trying this one again works too.
    again = api.post(f"/api/v1/jobs/{job_id}/retry")
    assert again.status_code == 202, again.json
    done = _job(api, job_id)
    assert done["status"] == "done" and done["error_code"] == ""
    assert api.post(f"/api/v1/jobs/{job_id}/retry").json["error"]["code"] == "not_failed"


def test_an_import_whose_worker_went_quiet_is_imported_after_all(app, register, jpeg):
    from app.portability.services import jobs_dir
    from tests.test_portability import _export

    daan, sanne = register("Daan"), register("Sanne")
    daan.upload(jpeg(), title="Werkplaats")
    with app.app_context():  # the zip Sanne uploaded, and a worker killed while reading it
        job = DataJob(user_id=uuid.UUID(sanne.user["id"]), kind="import", status="running",
                      attempts=1)  # fmt: skip
        db.session.add(job)
        db.session.flush()
        path = jobs_dir() / f"import-{job.id.hex}.zip"
        path.write_bytes(_export(daan))
        job.path = str(path)
        db.commit()
        job_id = job.id
    _quiet(app, DataJob, job_id, minutes=3)
    _sweep(app)
    done = _job(sanne, job_id)
    assert done["status"] == "done", done
    assert done["result"]["evidence"] == 1
    titles = [
        i["title"] for i in sanne.get(f"/api/v1/dossiers/{sanne.dossier_id}/evidence").json["items"]
    ]
    assert titles == ["Werkplaats"]
    assert not path.exists()  # imported: the zip is gone


def test_only_the_owner_of_a_job_retries_it(app, register):
    owner, other = register("Sanne"), register("Bram")
    with app.app_context():
        job = DataJob(user_id=uuid.UUID(owner.user["id"]), kind="import", status="failed",
                      error_code="import_failed")  # fmt: skip
        db.session.add(job)
        db.commit()
        job_id = job.id
    assert other.post(f"/api/v1/jobs/{job_id}/retry").status_code == 404
    gone = owner.post(f"/api/v1/jobs/{job_id}/retry")
    assert gone.status_code == 409
    assert gone.json["error"]["code"] == "import_file_gone"


def test_a_retried_export_waits_its_turn_behind_one_under_way(app, register):
    api = register("Sanne")
    with app.app_context():
        user_id, dossier_id = uuid.UUID(api.user["id"]), uuid.UUID(api.dossier_id)
        failed = DataJob(user_id=user_id, kind="export", dossier_id=dossier_id, status="failed")
        waiting = DataJob(user_id=user_id, kind="export", dossier_id=dossier_id)
        db.session.add_all([failed, waiting])
        db.commit()
        failed_id = failed.id
    refused = api.post(f"/api/v1/jobs/{failed_id}/retry")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "export_running"


def test_media_processing_whose_worker_went_quiet_is_done_again(app, register, jpeg):
    api = register("Sanne")
    with app.app_context():
        item = api.upload(jpeg(), title="Pech").json
        evidence_id = uuid.UUID(item["id"])
    _quiet(app, Evidence, evidence_id, minutes=3, status="pending", processing_attempts=1)
    _sweep(app)
    shown = api.get(f"/api/v1/evidence/{evidence_id}").json
    assert shown["status"] == "ready"
    with app.app_context():
        assert db.session.get(Evidence, evidence_id).processing_attempts == 2


def test_media_stalled_too_often_fails_and_the_owner_can_try_again(app, register, jpeg):
    api, other = register("Sanne"), register("Bram")
    item = api.upload(jpeg(), title="Pech").json
    evidence_id = uuid.UUID(item["id"])
    _quiet(app, Evidence, evidence_id, minutes=3, status="pending",
           processing_attempts=app.config["JOB_MAX_ATTEMPTS"])  # fmt: skip
    _sweep(app)
    shown = api.get(f"/api/v1/evidence/{evidence_id}").json
    assert shown["status"] == "failed"
    assert shown["status_reason"] == STALLED_REASON
    assert other.post(f"/api/v1/evidence/{evidence_id}/retry").status_code == 404
    again = api.post(f"/api/v1/evidence/{evidence_id}/retry")
    assert again.status_code == 202, again.json
    shown = api.get(f"/api/v1/evidence/{evidence_id}").json
    assert shown["status"] == "ready"
    assert set(shown["media"]) >= {"original", "thumbnail", "display"}
    not_failed = api.post(f"/api/v1/evidence/{evidence_id}/retry")
    assert not_failed.status_code == 409
    assert not_failed.json["error"]["code"] == "not_failed"


def test_a_busy_job_is_left_alone(app, register, jpeg, monkeypatch):
    """A job that beats is not queued twice, however long it takes."""
    api = register("Sanne")
    item = api.upload(jpeg()).json
    evidence_id = uuid.UUID(item["id"])
    calls = []
    monkeypatch.setattr(
        media_services, "enqueue_after_commit", lambda task, job_id: calls.append((task, job_id))
    )
    _quiet(app, Evidence, evidence_id, minutes=0, status="pending")
    _sweep(app)
    assert calls == []
    _quiet(app, Evidence, evidence_id, minutes=3)
    _sweep(app)
    assert calls == [(media_services.process_evidence_task, str(evidence_id))]


def test_a_second_copy_of_a_job_from_the_queue_leaves_it_to_the_worker_that_has_it(app, register):
    """A job queued again while a copy of it still waited in a long queue: whichever copy a
    worker takes second does nothing (two workers never write one export at once)."""
    from app.portability.services import run_export_task

    api = register("Sanne")
    with app.app_context():
        job = DataJob(user_id=uuid.UUID(api.user["id"]), kind="export", attempts=1,
                      dossier_id=uuid.UUID(api.dossier_id), status="running",
                      heartbeat_at=utcnow())  # fmt: skip
        db.session.add(job)
        db.commit()
        job_id = job.id
        run_export_task(str(job_id))
    unchanged = _job(api, job_id)
    assert (unchanged["status"], unchanged["progress"]) == ("running", 0)
    with app.app_context():
        assert db.session.get(DataJob, job_id).attempts == 1


def test_copies_for_others_whose_job_was_lost_are_made_after_all(app, register, monkeypatch):
    """The owner keeps a face visible; the job making the copies others see is lost. Until
    the sweep asks for it again, others still see the face blurred; then they see it."""
    pupil, coach = register("Daan"), register("Coach")
    _grant(pupil, coach, ["view"], role="coach")
    photo = group_photo((1600, 1200), faces=4, face_fraction=(0.10, 0.13), seed=7)
    item = pupil.upload(_jpeg(photo.image), title="Klas 2B").json
    faces = pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["faces"]
    kept = Box.from_list(faces[0]["box"])

    def seen_by_coach() -> bool:
        shown = coach.get(f"/api/v1/evidence/{item['id']}").json["media"]
        return any(iou(b, kept) > 0.3 for b in detect_faces(_served(coach, shown, "display")))

    # The job is handed over and comes to nothing, as one lost with a killed worker.
    monkeypatch.setattr(media_services, "refresh_shown_copies", lambda evidence_id: None)
    r = pupil.patch(f"/api/v1/faces/{faces[0]['id']}", json={"keep_visible": True})
    assert r.status_code == 200 and r.json["pending"]
    monkeypatch.undo()

    _sweep(app)  # asked for a moment ago: not lost yet
    assert pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["pending"]
    assert not seen_by_coach()
    _quiet(app, Evidence, uuid.UUID(item["id"]), minutes=3)
    _sweep(app)
    assert not pupil.get(f"/api/v1/evidence/{item['id']}/faces").json["pending"]
    assert seen_by_coach()
