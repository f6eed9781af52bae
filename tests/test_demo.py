"""`flask seed-demo` loads people with real-looking photos, and is safe to run twice."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from app.db import db
from app.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo
from app.dossiers.models import Evidence
from app.mail import deliver
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
    assert count - before == sum(len(p["items"]) + len(p.get("news", [])) for p in DEMO_PEOPLE)

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
    dossier_id = next(
        s["dossier"]["id"] for s in shared if s["owner"]["display_name"].startswith("Daan")
    )
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
        ("Stageverslag keuken", ["coordinator"])
    ]
    cv = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/cv").json
    assert cv["work"][0]["name"] == "Restaurant De Gouden Lepel" and cv["evidence_ids"]
    # Peter's level is a credential on Daan's CV, and it verifies.
    [credential] = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/credentials").json
    assert credential["on_cv"] and "Peter Willems" in str(credential)
    signed = pupil.get(f"/api/v1/credentials/{credential['id']}/download/json").json
    verdict = pupil.post("/api/v1/credentials/verify", json={"credential": signed}).json
    assert verdict["valid"], verdict
    overview = teacher.get(f"/api/v1/dossiers/{teacher.dossier_id}/growth/overview").json
    assert overview["entitlement_hours"] == 66.4
    assert (overview["hours_done"], overview["hours_planned"]) == (14, 6)


def _caseload(app, email: str) -> dict:
    person = ApiClient(app, {})
    person.login(email, DEMO_PASSWORD)
    return person.get("/api/v1/caseload").json


def test_demo_coordinator_finds_her_pupils_with_what_waits_for_her(app, media_root):
    with app.app_context():
        seed_demo(db.session(), photo_size=(320, 240))
        db.commit()
    page = _caseload(app, "coordinator@demo.bagage.nl")
    rows = {r["person"]["display_name"].split(" (")[0]: r for r in page["items"]}
    assert page["kind"] == "pupils"
    assert set(rows) == {"Daan Jansen", "Noor Bakker", "Lars Peeters", "Emma Maes",
                         "Sem de Jong", "Yasmina Ouali"}  # fmt: skip
    assert page["groups"] == ["4B", "5A"]
    assert [o["group"] for o in rows["Emma Maes"]["organisations"]] == ["5A"]
    assert rows["Noor Bakker"]["open"]["question"] is True
    assert rows["Noor Bakker"]["internship"]["workplace"] == "Bakkerij Van Dam"
    assert rows["Daan Jansen"]["internship"]["workplace"] == "Restaurant De Gouden Lepel"
    assert rows["Emma Maes"]["open"]["to_sign"] == 1
    assert rows["Lars Peeters"]["new"]["evidence"] == 1
    assert rows["Yasmina Ouali"]["new"]["evidence"] == 1
    assert rows["Sem de Jong"]["new"] == {"evidence": 0, "reflections": 0, "messages": 0}
    # Daan's report she confirmed herself: nothing left for her to sign there.
    assert rows["Daan Jansen"]["open"]["to_sign"] == 0


def test_demo_employer_has_daans_report_to_sign(app, media_root):
    with app.app_context():
        seed_demo(db.session(), photo_size=(320, 240))
        db.commit()
    page = _caseload(app, "werkgever@demo.bagage.nl")
    assert page["kind"] == "interns"
    [daan] = page["items"]
    assert daan["person"]["display_name"] == "Daan Jansen"
    assert daan["open"]["to_sign"] == 1


def test_demo_internships_as_the_pupils_see_them(app, media_root):
    with app.app_context():
        seed_demo(db.session(), photo_size=(320, 240))
        db.commit()
    daan, lars, noor = ApiClient(app, {}), ApiClient(app, {}), ApiClient(app, {})
    daan.login("leerling@demo.bagage.nl", DEMO_PASSWORD)
    lars.login("lars@demo.bagage.nl", DEMO_PASSWORD)
    noor.login("noor@demo.bagage.nl", DEMO_PASSWORD)

    def internships(pupil):
        return pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/internships").json["items"]

    [kitchen] = internships(daan)
    assert (kitchen["workplace"], kitchen["status"]) == ("Restaurant De Gouden Lepel", "approved")
    assert kitchen["proposed_by"]["display_name"].startswith("Fatima")
    [garage] = internships(lars)
    assert (garage["workplace"], garage["status"]) == ("Garage Janssens", "proposed")
    [bakery] = internships(noor)
    assert (bakery["status"], bakery["supervisor_name"]) == ("approved", "Joke van Dam")
    report = daan.get(f"/api/v1/dossiers/{daan.dossier_id}/reports").json[0]
    assert (report["internship_id"], report["state"]) == (kitchen["id"], "awaiting_signatures")


def test_without_a_mail_server_the_log_shows_a_mail_as_written(app, caplog, monkeypatch):
    """Development (no SMTP_HOST): a developer copies links, such as a supervisor's workplace
    link with the report to open, from the log; they come out whole, accents and all."""
    link = "http://127.0.0.1:5000/#/werkplek/" + "x" * 43 + "?then=/report/" + "7" * 36
    body = f"Beste Joke,\n\nFatima (coördinator) vraagt u te tekenen:\n\n{link}\n"
    with app.app_context():
        monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")  # the app is the whole run's
        monkeypatch.setitem(app.config, "SMTP_HOST", "")
        with caplog.at_level(logging.INFO, logger="app.mail"):
            deliver("joke@example.nl", "Verslag tekenen", body)
    assert link in caplog.text
    assert "Fatima (coördinator) vraagt u te tekenen" in caplog.text
    assert "joke@example.nl" in caplog.text
