"""`flask seed-demo` loads people with real-looking photos, and is safe to run twice."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db import db
from app.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo
from app.dossiers.models import Evidence
from tests.conftest import ApiClient


def test_seed_demo_twice_gives_one_set_of_people_with_thumbnails(app, media_root):
    with app.app_context():
        # On PostgreSQL other tests' live servers leave items of their own: count what is added.
        before = db.session.scalar(select(func.count()).select_from(Evidence))
        assert len(seed_demo(db.session(), photo_size=(640, 480))) == len(DEMO_PEOPLE)
        db.commit()
        assert seed_demo(db.session(), photo_size=(640, 480)) == []
        db.commit()
        count = db.session.scalar(select(func.count()).select_from(Evidence))
    assert count - before == sum(len(p["items"]) for p in DEMO_PEOPLE)

    pupil = ApiClient(app, {})
    pupil.login("leerling@demo.bagage.nl", DEMO_PASSWORD)
    items = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").json["items"]
    photos = [i for i in items if i["kind"] == "photo"]
    assert photos and all(i["status"] == "ready" for i in items)
    assert pupil.get(photos[0]["media"]["thumbnail"]["url"]).mimetype == "image/jpeg"


def test_demo_internship_is_shared_with_coordinator_and_employer(app, media_root):
    with app.app_context():
        seed_demo(db.session(), photo_size=(320, 240))
        db.commit()
    coordinator = ApiClient(app, {})
    coordinator.login("coordinator@demo.bagage.nl", DEMO_PASSWORD)
    shared = coordinator.get("/api/v1/shared-dossiers").json
    assert [s["owner"]["display_name"] for s in shared] == ["Daan Jansen (leerling)"]
    dossier_id = shared[0]["dossier"]["id"]
    items = coordinator.get(f"/api/v1/dossiers/{dossier_id}/evidence").json["items"]
    on_time = next(i for i in items if i["title"] == "Op tijd begonnen")
    item_id = on_time["competencies"][0]["item_id"]
    sides = coordinator.get(
        f"/api/v1/dossiers/{dossier_id}/competencies/{item_id}/perspectives"
    ).json
    assert [s["role"] for s in sides] == ["owner", "coordinator", "employer"]


def test_demo_shows_a_report_a_cv_and_a_teachers_growth(app, media_root):
    with app.app_context():
        seed_demo(db.session(), photo_size=(320, 240))
        db.commit()
    pupil, teacher = ApiClient(app, {}), ApiClient(app, {})
    pupil.login("leerling@demo.bagage.nl", DEMO_PASSWORD)
    teacher.login("leraar@demo.bagage.nl", DEMO_PASSWORD)
    reports = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/reports").json
    assert [(r["title"], [s["role"] for s in r["signoffs"]]) for r in reports] == [
        ("Stageverslag keuken", ["employer"])
    ]
    cv = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv").json
    assert cv["work"][0]["name"] == "Restaurant De Gouden Lepel" and cv["evidence_ids"]
    overview = teacher.get(f"/api/v1/dossiers/{teacher.dossier_id}/growth/overview").json
    assert overview["entitlement_hours"] == 66.4
    assert (overview["hours_done"], overview["hours_planned"]) == (14, 6)
