"""The access log is complete: every read of dossier content by anyone but the owner leaves
one entry (who, their role then, what, when), repeated reads fold per hour, and the owner
reads it in pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from api import reading
from app import clock
from app.db import db
from app.people import services as people
from competencies.builtin import sync_builtin
from tests.conftest import fetch
from tests.test_people import _grant

#: GET routes under a dossier or its content that log nothing, and why.
NOT_CONTENT = {
    "people.dossier_access_log": "the log itself, owner only",
    "people.DossierGrants": "who may look: the owner's own settings, owner only",
    "people.pending_invitations": "the owner's own invitations, owner only",
    "cv.CVView": "the owner's CV editor, owner only",
    "cv.CVLinks": "the owner's CV links, owner only",
    "cv.preview": "the owner's CV preview, owner only",
    "cv.confirmed": "what the owner may put on the CV as confirmed, owner only",
    "cv.resume_json": "the owner's CV download, owner only",
    "cv.resume_pdf": "the owner's CV download, owner only",
    "cv_public.media": "the pictures of a CV page, whose view is logged once per link",
    "reflections.participants": "names of who takes part in the conversation, no content",
    "competencies.DossierFrameworks": "which public frameworks the dossier follows",
    "live.my_events": "a count of one's own unread notifications",
    "portability.job_status": "progress of one's own job, no content",
    "portability.jobs": "one's own jobs, no content",
    "growth.Settings": "one's own settings",
    "growth.overview": "the owner's development plan, owner only",
    "growth.Goals": "the owner's development plan, owner only",
    "growth.GoalItem": "the owner's development plan, owner only",
    "growth.Activities": "the owner's professionalisation log, owner only",
    "growth.activities_csv": "the owner's professionalisation log, owner only",
    "growth.activities_pdf": "the owner's professionalisation log, owner only",
    "growth.Review": "the owner's year review of their own plan, owner only",
    "reports.video_links": "the owner's own video links of printed reports, owner only",
    "internships.DossierInternships": "internships one proposed or supervises (the owner: all), "
    "no dossier content",
    "internships.Consents": "the owner's standing consents to schools, owner only",
    "faces.list_faces": "where the faces in the owner's own item are, owner only",
}
#: What names a dossier or something in it, in a route.
CONTENT = re.compile(
    r"<uuid:(dossier_id|evidence_id|asset_id|report_id|reflection_id|goal_id|job_id)>|^/cv/"
)


def _marked(app, endpoint) -> bool:
    view = app.view_functions[endpoint]
    view = getattr(view, "view_class", None) and view.view_class.get or view
    return getattr(view, reading.MARK, False)


def test_every_read_of_dossier_content_is_logged_or_says_why_not(app):
    unlisted = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not CONTENT.search(rule.rule):
            continue
        if not _marked(app, rule.endpoint) and rule.endpoint not in NOT_CONTENT:
            unlisted.append(rule.rule)
    assert unlisted == [], "mark these @reading.logged, or list them here with a reason"
    assert not [e for e in NOT_CONTENT if _marked(app, e)]


@pytest.fixture
def internship(app, register, jpeg):
    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    pupil, employer, coach = register("Daan"), register("Petra"), register("Kees")
    _grant(pupil, employer, ["view", "reflect"], role="employer")
    _grant(pupil, coach, ["view", "reflect"], role="coach")
    photo = pupil.upload(jpeg(), title="Om 8 uur begonnen",
                         occurred_at="2026-10-06T08:00:00+00:00").json  # fmt: skip
    reflection = pupil.post(f"/api/v1/evidence/{photo['id']}/reflections",
                            json={"content": {"text": "Vroeg opstaan helpt."}}).json  # fmt: skip
    period = {"title": "Periode 2", "period_start": "2026-10-01", "period_end": "2026-11-30"}
    report = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json=period).json
    return pupil, employer, coach, photo, reflection, report


def _log(owner, **query):
    r = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/access-log", query_string=query)
    assert r.status_code == 200, r.json
    return r.json


def _reads(owner):
    return {
        (e["actor_label"], e["actor_role"], e["action"], e["detail"]): e["count"]
        for e in _log(owner)["items"]
        if e["action"].startswith("read_")
    }


def test_each_read_of_content_by_another_leaves_an_entry_with_role_and_label(app, internship):
    pupil, employer, coach, photo, reflection, report = internship
    d = f"/api/v1/dossiers/{pupil.dossier_id}"
    item = pupil.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    frameworks = pupil.get("/api/v1/frameworks").json
    reads = [
        f"/api/v1/reports/{report['id']}/preview",
        f"/api/v1/reports/{report['id']}/pdf",
        f"/api/v1/reports/{report['id']}",
        f"{d}/reports",
        f"/api/v1/evidence/{photo['id']}/reflections",
        f"/api/v1/reflections/{reflection['id']}",
        f"{d}/coverage?framework_id={frameworks[0]['id']}",
        f"{d}/competencies/{item['id']}/perspectives",
        f"{d}/competencies/{item['id']}/evidence",
        f"{d}/messages",
    ]
    for url in reads:
        assert employer.get(url).status_code == 200, url
    live = employer.get(f"{d}/events")
    assert live.status_code == 200
    live.close()  # the entry is made when the stream opens
    # The coach's own view names the copy the coach is given (the owner's may be a sharp one).
    theirs = coach.get(f"/api/v1/evidence/{photo['id']}").json
    assert fetch(coach, theirs["media"]["thumbnail"]["url"]).status_code == 200

    got = _reads(pupil)
    assert got[("Petra", "employer", "read_report", "Periode 2")] == 3  # preview, pdf, item
    for action, label in [
        ("read_reports", ""),
        ("read_reflections", "Om 8 uur begonnen"),
        ("read_coverage", frameworks[0]["title"]),
        ("read_perspectives", item["full_statement"]),
        ("read_competency_evidence", item["full_statement"]),
        ("read_conversation", ""),
        ("read_live", ""),
    ]:
        assert ("Petra", "employer", action, label) in got, action
    assert got[("Petra", "employer", "read_reflections", "Om 8 uur begonnen")] == 2
    assert got[("Kees", "coach", "read_photo", "Om 8 uur begonnen")] == 1


def test_the_owners_own_reads_leave_nothing(internship):
    pupil, _, _, photo, reflection, report = internship
    for url in (f"/api/v1/reports/{report['id']}/preview", f"/api/v1/reports/{report['id']}/pdf",
                f"/api/v1/evidence/{photo['id']}", f"/api/v1/dossiers/{pupil.dossier_id}/messages",
                f"/api/v1/evidence/{photo['id']}/reflections"):  # fmt: skip
        assert pupil.get(url).status_code == 200, url
    assert _reads(pupil) == {}


def test_repeated_reads_fold_per_hour(internship, monkeypatch):
    pupil, employer, _, photo, _, _ = internship
    moment = {"now": clock.now().replace(minute=5)}
    monkeypatch.setattr(clock, "now", lambda: moment["now"])
    for _ in range(3):
        assert employer.get(f"/api/v1/evidence/{photo['id']}").status_code == 200
    [entry] = [e for e in _log(pupil)["items"] if e["action"] == "read_evidence"]
    assert entry["count"] == 3 and entry["detail"] == "Om 8 uur begonnen"
    moment["now"] += timedelta(hours=1)
    employer.get(f"/api/v1/evidence/{photo['id']}")
    entries = [e for e in _log(pupil)["items"] if e["action"] == "read_evidence"]
    assert [e["count"] for e in entries] == [1, 3]


def test_a_recruiters_view_is_logged_under_the_links_label(app, internship):
    pupil, _, _, photo, _, _ = internship
    pupil.patch(f"/api/v1/dossiers/{pupil.dossier_id}/cv", json={"evidence_ids": [photo["id"]]})
    link = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links",
                      json={"label": "Vacature Gouden Lepel"}).json  # fmt: skip
    path = link["url"].split("://", 1)[1].split("/", 1)[1]
    recruiter = app.test_client()
    assert recruiter.get(f"/{path}").status_code == 200
    assert recruiter.get(f"/{path}").status_code == 200
    entry = next(e for e in _log(pupil)["items"] if e["action"] == "read_cv")
    assert (entry["actor"], entry["actor_label"], entry["actor_role"], entry["count"]) == (
        None, "Vacature Gouden Lepel", "cv_link", 2)  # fmt: skip


def test_the_log_comes_in_pages(internship, monkeypatch):
    pupil, employer, *_ = internship
    monkeypatch.setattr(people, "ACCESS_LOG_PAGE", 2)
    employer.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence")
    employer.get(f"/api/v1/dossiers/{pupil.dossier_id}/messages")
    first = _log(pupil)
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    rest = _log(pupil, offset=first["next_offset"])
    assert rest["items"] and {e["id"] for e in rest["items"]}.isdisjoint(
        e["id"] for e in first["items"]
    )
    assert _log(pupil, offset=1000) == {"items": [], "next_offset": None}
    bad = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/access-log?offset=-1")
    assert bad.status_code == 422
