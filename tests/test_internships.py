"""The school side invites the workplace, with the pupil's consent: a coordinator of the
pupil's school proposes an internship, the pupil approves with one tap (or gave the school a
standing consent), the supervisor gets a grant and a workplace link by e-mail, and the pupil
sees who proposed whom and ends it."""

from __future__ import annotations

import json
import uuid
from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.accounts.models import User
from app.db import db
from app.people.models import Grant, Internship, WorkplaceLink
from tests.conftest import ApiClient, add_member, last_mail, mails_to, register_user
from tests.test_people import _read_events

API = "/api/v1"


def _day(days: int) -> str:
    return (clock.now().date() + timedelta(days=days)).isoformat()


def _proposal(**changes) -> dict:
    return {
        "workplace": "Bakkerij De Korenaar",
        "supervisor_name": "Jan Peeters",
        "supervisor_email": f"jan-{uuid.uuid4().hex[:8]}@korenaar.be",
        "starts_on": _day(7),
        "ends_on": _day(60),
        "scopes": ["view", "reflect", "contribute"],
        **changes,
    }


def _share(pupil: ApiClient, person: ApiClient, organisation_id: str, scopes, role: str):
    r = pupil.post(
        f"{API}/dossiers/{pupil.dossier_id}/grants",
        json={"user_id": person.user["id"], "organisation_id": organisation_id,
              "scopes": scopes, "role": role},
    )  # fmt: skip
    assert r.status_code == 201, r.json


@pytest.fixture(scope="module")
def cast(app, module_connection):
    """A pupil of Het Baken and the people around him (built once; each test's changes are
    rolled back): the school's coordinator and a teacher, both with a grant; a coordinator of
    another school with a grant through a club they share; a coordinator of the pupil's
    school without a grant; a stranger."""
    admin = register_user(app, "Beheer")
    pupil = register_user(app, "Daan")
    people = {name: register_user(app, label, f"{name}-{uuid.uuid4().hex[:8]}@example.nl")
              for name, label in (
        ("coordinator", "Mevr. De Smet"), ("teacher", "Meester Bram"),
        ("other_coordinator", "Mevr. Anders"), ("lone_coordinator", "Mevr. Alleen"),
        ("stranger", "Vreemde"))}  # fmt: skip
    school = admin.post(f"{API}/organisations", json={"name": "Het Baken", "kind": "education"})
    other = admin.post(f"{API}/organisations", json={"name": "Atheneum", "kind": "education"})
    club = admin.post(f"{API}/organisations", json={"name": "Sportclub", "kind": "work"})
    school, other, club = school.json["id"], other.json["id"], club.json["id"]
    add_member(admin, school, pupil, "student")
    add_member(admin, school, people["coordinator"], "coordinator")
    add_member(admin, school, people["teacher"], "teacher")
    add_member(admin, school, people["lone_coordinator"], "coordinator")
    add_member(admin, other, people["other_coordinator"], "coordinator")
    add_member(admin, club, pupil, "student")
    add_member(admin, club, people["other_coordinator"], "coach")
    _share(pupil, people["coordinator"], school, ["view", "reflect"], "coordinator")
    _share(pupil, people["teacher"], school, ["view", "reflect"], "teacher")
    _share(pupil, people["other_coordinator"], club, ["view"], "coordinator")
    people["owner"] = pupil
    people["anonymous"] = ApiClient(app, {})
    return {"people": people, "school": school, "other": other, "club": club}


ACTORS = ["owner", "coordinator", "teacher", "other_coordinator", "lone_coordinator", "stranger",
          "anonymous"]  # fmt: skip


def _expect(**statuses) -> dict[str, int]:
    """Everyone not named gets 'not found' (the anonymous 401)."""
    return {a: statuses.get(a, 401 if a == "anonymous" else 404) for a in ACTORS}


def _propose(c: dict, **changes) -> dict:
    coordinator, pupil = c["people"]["coordinator"], c["people"]["owner"]
    r = coordinator.post(
        f"{API}/dossiers/{pupil.dossier_id}/internships", json=_proposal(**changes)
    )
    assert r.status_code == 201, r.json
    return r.json


def _approved(c: dict) -> dict:
    internship = _propose(c)
    r = c["people"]["owner"].post(f"{API}/internships/{internship['id']}/approve")
    assert r.status_code == 200, r.json
    return r.json


def _list(c: dict) -> str:
    return f"{API}/dossiers/{c['people']['owner'].dossier_id}/internships"


def _matrix():
    """(name, request, expected status per actor). Requests get (actor, cast); a request that
    changes an internship makes a fresh one first."""
    i = API + "/internships/{}"
    return [
        ("propose an internship", lambda a, c: a.post(_list(c), json=_proposal()),
         _expect(owner=403, coordinator=201, teacher=403, other_coordinator=403)),
        ("internships of a dossier", lambda a, c: a.get(_list(c)),
         _expect(owner=200, coordinator=200, teacher=200, other_coordinator=200)),
        ("read an internship", lambda a, c: a.get(i.format(_propose(c)["id"])),
         _expect(owner=200, coordinator=200)),
        ("approve an internship", lambda a, c: a.post(i.format(_propose(c)["id"]) + "/approve"),
         _expect(owner=200, coordinator=403)),
        ("decline an internship", lambda a, c: a.post(i.format(_propose(c)["id"]) + "/decline"),
         _expect(owner=200, coordinator=403)),
        ("withdraw a proposal", lambda a, c: a.post(i.format(_propose(c)["id"]) + "/end"),
         _expect(owner=200, coordinator=200)),
        ("end an approved internship",
         lambda a, c: a.post(i.format(_approved(c)["id"]) + "/end"),
         _expect(owner=200, coordinator=403)),
        ("give a standing consent", lambda a, c: a.post(
            f"{API}/dossiers/{c['people']['owner'].dossier_id}/internship-consents",
            json={"organisation_id": c["school"]}),
         _expect(owner=201)),
    ]  # fmt: skip


@pytest.mark.parametrize("name", [m[0] for m in _matrix()])
def test_access_matrix(cast, name):
    _, request, expected = next(m for m in _matrix() if m[0] == name)
    got = {actor: request(cast["people"][actor], cast).status_code for actor in ACTORS}
    assert got == expected


def _rows(app, query) -> list:
    """Rows as they are now, readable after the session has ended."""
    with app.app_context():
        rows = db.session.scalars(query).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _grant_of(app, internship_id: str) -> Grant | None:
    grants = _rows(app, select(Grant).where(Grant.internship_id == uuid.UUID(internship_id)))
    return grants[0] if grants else None


def _user(app, **lookup) -> User | None:
    users = _rows(app, select(User).filter_by(**lookup))
    return users[0] if users else None


def _links(app, internship_id: str) -> list[WorkplaceLink]:
    internship = uuid.UUID(internship_id)
    return _rows(app, select(WorkplaceLink).where(WorkplaceLink.internship_id == internship))


def _internships(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Internship))


def _log(pupil: ApiClient) -> list[dict]:
    return pupil.get(f"{API}/dossiers/{pupil.dossier_id}/access-log").json["items"]


def _notifications(person: ApiClient, kind: str) -> list[dict]:
    return [n for n in person.get(f"{API}/notifications").json["items"] if n["kind"] == kind]


def test_the_pupil_approves_with_one_tap_and_a_guest_supervisor_gets_access_and_a_link(app, cast):
    pupil, coordinator = cast["people"]["owner"], cast["people"]["coordinator"]
    proposal = _proposal(scopes=["view", "reflect"])
    r = coordinator.post(_list(cast), json=proposal)
    assert r.status_code == 201, r.json
    internship = r.json
    assert internship["status"] == "proposed"
    assert internship["proposed_by"]["display_name"] == "Mevr. De Smet"
    assert internship["school"]["name"] == "Het Baken"
    assert internship["you"] == {"decide": False, "end": True}  # she may withdraw it
    assert _grant_of(app, internship["id"]) is None
    assert mails_to(app, proposal["supervisor_email"]) == []

    # The pupil is asked, with a one-tap way to the question.
    asked = _notifications(pupil, "internship_proposal")
    assert [n["payload"]["internship_id"] for n in asked] == [internship["id"]]
    assert asked[0]["payload"]["by"] == "Mevr. De Smet"
    assert asked[0]["payload"]["workplace"] == "Bakkerij De Korenaar"
    seen = pupil.get(f"{API}/internships/{internship['id']}").json
    assert seen["you"] == {"decide": True, "end": True}

    r = pupil.post(f"{API}/internships/{internship['id']}/approve")
    assert r.status_code == 200, r.json
    assert r.json["status"] == "approved"

    # The supervisor: a guest (no account, no password), with exactly what was proposed,
    # until the end of the internship and the days to sign the report.
    grant = _grant_of(app, internship["id"])
    supervisor = _user(app, id=grant.grantee_id)
    assert supervisor.is_guest and supervisor.email == proposal["supervisor_email"]
    assert (grant.role, grant.scopes) == ("employer", ["reflect", "view"])
    assert grant.proposed_by_id == uuid.UUID(coordinator.user["id"])
    # The last moment of the last day of signing, wherever the instance is.
    last_day = clock.now().date() + timedelta(days=60 + app.config["INTERNSHIP_SIGNING_DAYS"])
    with app.app_context():
        local = grant.expires_at.astimezone(clock.zone())
    assert (local.date(), local.time().replace(microsecond=0)) == (last_day, time(23, 59, 59))
    assert r.json["access_until"] is not None
    mail = last_mail(app, proposal["supervisor_email"])
    assert "#/werkplek/" in mail["body"] and "Mevr. De Smet" in mail["body"]

    # The pupil's log names who proposed and who agreed; the coordinator is told.
    log = _log(pupil)
    proposed = next(e for e in log if e["action"] == "internship_proposed")
    assert (proposed["actor_label"], proposed["actor_role"]) == ("Mevr. De Smet", "coordinator")
    assert json.loads(proposed["detail"])["supervisor"] == "Jan Peeters"
    approved = next(e for e in log if e["action"] == "internship_approved")
    assert (approved["actor_label"], approved["actor_role"]) == ("Daan", "owner")
    created = next(e for e in log if e["action"] == "grant_created")
    assert json.loads(created["detail"])["proposed_by"] == "Mevr. De Smet"
    answer = _notifications(coordinator, "internship_answer")
    assert [(n["payload"]["status"], n["payload"]["by"]) for n in answer] == [("approved", "Daan")]
    # The question is answered, so no longer unread.
    assert all(n["read"] for n in _notifications(pupil, "internship_proposal"))

    # The sharing screen shows where the grant came from.
    grants = pupil.get(f"{API}/dossiers/{pupil.dossier_id}/grants").json
    shown = next(g for g in grants if g["id"] == str(grant.id))
    assert shown["proposed_by"]["display_name"] == "Mevr. De Smet"
    assert shown["internship"]["workplace"] == "Bakkerij De Korenaar"
    # Deciding twice is not possible.
    again = pupil.post(f"{API}/internships/{internship['id']}/decline")
    assert (again.status_code, again.json["error"]["code"]) == (409, "internship_decided")


def test_a_supervisor_with_an_account_gets_it_on_their_account_and_sees_only_their_own(app, cast):
    pupil = cast["people"]["owner"]
    peter = register_user(app, "Peter")
    first = _propose(cast, supervisor_email=peter.user["email"].upper())
    _propose(cast)  # someone else's
    assert pupil.post(f"{API}/internships/{first['id']}/approve").status_code == 200
    assert _grant_of(app, first["id"]).grantee_id == uuid.UUID(peter.user["id"])
    assert not _user(app, id=uuid.UUID(peter.user["id"])).is_guest
    # Peter sees the pupil's dossier and, of its internships, his own; he cannot end it.
    mine = peter.get(_list(cast)).json
    assert [i["id"] for i in mine["items"]] == [first["id"]]
    assert mine["may_propose"] is False
    assert mine["items"][0]["you"] == {"decide": False, "end": False}
    r = peter.post(f"{API}/internships/{first['id']}/end")
    assert (r.status_code, r.json["error"]["code"]) == (403, "internship_pupil_only")


def test_each_sees_the_internships_they_may(cast):
    people = cast["people"]
    mine = _propose(cast)
    other = people["lone_coordinator"]
    # The pupil sees all; the coordinator hers (and may propose); a teacher none.
    assert mine["id"] in [i["id"] for i in people["owner"].get(_list(cast)).json["items"]]
    coordinator = people["coordinator"].get(_list(cast)).json
    assert [i["id"] for i in coordinator["items"]] == [mine["id"]]
    assert coordinator["may_propose"] is True
    assert [s["name"] for s in coordinator["schools"]] == ["Het Baken"]
    assert coordinator["pupil"]["display_name"] == "Daan"
    teacher = people["teacher"].get(_list(cast)).json
    assert (teacher["items"], teacher["may_propose"], teacher["schools"]) == ([], False, [])
    assert other.get(f"{API}/internships/{mine['id']}").status_code == 404
    # Who may propose is part of the list of dossiers shared with someone.
    shared = {p: people[p].get(f"{API}/shared-dossiers").json for p in ("coordinator", "teacher")}
    assert [s["may_propose_internship"] for s in shared["coordinator"]] == [True]
    assert [s["may_propose_internship"] for s in shared["teacher"]] == [False]


def test_declined_grants_nothing_and_the_coordinator_is_told(app, cast):
    pupil, coordinator = cast["people"]["owner"], cast["people"]["coordinator"]
    internship = _propose(cast)
    r = pupil.post(f"{API}/internships/{internship['id']}/decline")
    assert (r.status_code, r.json["status"]) == (200, "declined")
    assert _grant_of(app, internship["id"]) is None
    assert mails_to(app, internship["supervisor_email"]) == []
    assert _user(app, email=internship["supervisor_email"]) is None
    answer = _notifications(coordinator, "internship_answer")
    assert [n["payload"]["status"] for n in answer] == ["declined"]
    assert any(e["action"] == "internship_declined" for e in _log(pupil))
    r = pupil.post(f"{API}/internships/{internship['id']}/approve")
    assert (r.status_code, r.json["error"]["code"]) == (409, "internship_decided")
    # A declined proposal holds no place: the same supervisor can be proposed again.
    _propose(cast, supervisor_email=internship["supervisor_email"])


def test_a_standing_consent_approves_at_once_and_once_revoked_the_pupil_is_asked_again(app, cast):
    pupil, coordinator = cast["people"]["owner"], cast["people"]["coordinator"]
    consents = f"{API}/dossiers/{pupil.dossier_id}/internship-consents"
    r = pupil.post(consents, json={"organisation_id": cast["school"]})
    assert r.status_code == 201, r.json
    consent = r.json
    assert consent["school"]["name"] == "Het Baken"
    # Giving it again changes nothing.
    assert (
        pupil.post(consents, json={"organisation_id": cast["school"]}).json["id"] == consent["id"]
    )
    assert [c["id"] for c in pupil.get(consents).json] == [consent["id"]]

    at_once = _propose(cast)
    assert at_once["status"] == "approved"
    assert _grant_of(app, at_once["id"]) is not None
    assert "#/werkplek/" in last_mail(app, at_once["supervisor_email"])["body"]
    assert _notifications(pupil, "internship_proposal") == []
    approved = next(e for e in _log(pupil) if e["action"] == "internship_approved")
    assert approved["actor_label"] == "Mevr. De Smet"
    assert json.loads(approved["detail"])["consent"] is True

    assert pupil.delete(f"{consents}/{consent['id']}").status_code == 204
    assert pupil.get(consents).json == []
    asked = _propose(cast)
    assert asked["status"] == "proposed"
    assert _grant_of(app, asked["id"]) is None
    assert len(_notifications(pupil, "internship_proposal")) == 1
    # What was agreed under the consent goes on.
    assert _grant_of(app, at_once["id"]).revoked_at is None
    assert coordinator.delete(f"{consents}/{consent['id']}").status_code == 404


def test_a_standing_consent_goes_only_to_a_school_of_ones_own(cast):
    pupil, coordinator = cast["people"]["owner"], cast["people"]["coordinator"]
    consents = f"{API}/dossiers/{pupil.dossier_id}/internship-consents"
    r = pupil.post(consents, json={"organisation_id": cast["other"]})  # not his school
    assert r.status_code == 404
    r = pupil.post(consents, json={"organisation_id": cast["club"]})  # his, but no school
    assert (r.status_code, list(r.json["error"]["fields"])) == (422, ["organisation_id"])
    r = coordinator.post(consents, json={"organisation_id": cast["school"]})  # not hers
    assert r.status_code == 404
    assert pupil.get(consents).json == []


def test_ending_revokes_the_grant_and_the_workplace_links(app, cast):
    pupil = cast["people"]["owner"]
    peter = register_user(app, "Peter")
    internship = _propose(cast, supervisor_email=peter.user["email"])
    pupil.post(f"{API}/internships/{internship['id']}/approve")
    assert peter.get(f"{API}/dossiers/{pupil.dossier_id}/evidence").status_code == 200
    r = pupil.post(f"{API}/internships/{internship['id']}/end")
    assert (r.status_code, r.json["status"]) == (200, "ended")
    assert _grant_of(app, internship["id"]).revoked_at is not None
    links = _links(app, internship["id"])
    assert links and all(link.revoked_at is not None for link in links)
    assert peter.get(f"{API}/dossiers/{pupil.dossier_id}/evidence").status_code == 404
    assert any(e["action"] == "internship_ended" for e in _log(pupil))
    again = pupil.post(f"{API}/internships/{internship['id']}/end")
    assert (again.status_code, again.json["error"]["code"]) == (409, "internship_over")


def test_revoking_the_supervisors_grant_ends_the_internship_and_its_links(app, cast):
    pupil = cast["people"]["owner"]
    internship = _approved(cast)
    grant = _grant_of(app, internship["id"])
    assert pupil.delete(f"{API}/grants/{grant.id}").status_code == 204
    assert pupil.get(f"{API}/internships/{internship['id']}").json["status"] == "ended"
    links = _links(app, internship["id"])
    assert links and all(link.revoked_at is not None for link in links)


def test_the_coordinator_withdraws_a_proposal_the_pupil_has_not_decided(cast):
    pupil, coordinator = cast["people"]["owner"], cast["people"]["coordinator"]
    internship = _propose(cast)
    r = coordinator.post(f"{API}/internships/{internship['id']}/end")
    assert (r.status_code, r.json["status"]) == (200, "ended")
    withdrawn = next(e for e in _log(pupil) if e["action"] == "internship_withdrawn")
    assert withdrawn["actor_label"] == "Mevr. De Smet"
    # The pupil's question is gone from the unread ones: there is nothing left to decide.
    assert [n["read"] for n in _notifications(pupil, "internship_proposal")] == [True]
    r = pupil.post(f"{API}/internships/{internship['id']}/approve")
    assert (r.status_code, r.json["error"]["code"]) == (409, "internship_decided")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": _day(3), "starts_on": _day(5)}, "ends_on"),
        ({"starts_on": _day(-30), "ends_on": _day(-1)}, "ends_on"),
        ({"scopes": []}, "scopes"),
        ({"scopes": ["view", "admin"]}, "scopes"),
        ({"supervisor_email": "jan-at-korenaar.be"}, "supervisor_email"),
        ({"workplace": "   "}, "workplace"),
        ({"supervisor_name": ""}, "supervisor_name"),
        ({"starts_on": "30-04-2027"}, "starts_on"),
        ({"locale": "fr"}, "locale"),
    ],
)
def test_a_proposal_with_wrong_details_is_refused_and_nothing_is_stored(app, cast, changes, field):
    coordinator = cast["people"]["coordinator"]
    before = _internships(app)
    r = coordinator.post(_list(cast), json=_proposal(**changes))
    assert r.status_code == 422, r.json
    assert field in r.json["error"]["fields"]
    assert _internships(app) == before


def test_the_pupils_own_address_and_an_overlapping_internship_are_refused(cast):
    pupil, coordinator = cast["people"]["owner"], cast["people"]["coordinator"]
    r = coordinator.post(_list(cast), json=_proposal(supervisor_email=pupil.user["email"]))
    assert (r.status_code, list(r.json["error"]["fields"])) == (422, ["supervisor_email"])
    first = _propose(cast)
    r = coordinator.post(
        _list(cast),
        json=_proposal(supervisor_email=first["supervisor_email"], starts_on=_day(50),
                       ends_on=_day(90)),
    )  # fmt: skip
    assert (r.status_code, r.json["error"]["code"]) == (409, "internship_overlap")
    # After it, the same supervisor is fine.
    _propose(cast, supervisor_email=first["supervisor_email"], starts_on=_day(61), ends_on=_day(90))


def test_open_screens_of_the_pupil_and_the_coordinator_hear_of_it_and_nobody_else(cast):
    people = cast["people"]
    url = f"{API}/dossiers/{people['owner'].dossier_id}/events"
    listeners = ("teacher", "coordinator")
    # Closed in the reverse order of opening (the test client stacks their contexts).
    streams = {who: people[who].get(url, buffered=False) for who in listeners}
    internship = _propose(cast)
    people["owner"].post(f"{API}/dossiers/{people['owner'].dossier_id}/messages",
                         json={"body": "Hallo"})  # fmt: skip
    heard = _read_events(streams["coordinator"], 2)
    assert [(e["kind"], e["data"].get("status")) for e in heard] == [
        ("internship_changed", "proposed"), ("message_posted", None)]  # fmt: skip
    assert heard[0]["data"]["id"] == internship["id"]
    assert all(not k.startswith("_") for e in heard for k in e["data"])
    streams["coordinator"].close()
    heard = _read_events(streams["teacher"], 1)
    assert [e["kind"] for e in heard] == ["message_posted"]
    streams["teacher"].close()


def test_an_internship_never_changes_an_access_the_pupil_gave(cast):
    """A coordinator cannot widen her own access by proposing herself, nor turn someone who
    has access already (here the teacher) into a supervisor whose grant ends with the
    internship."""
    coordinator, teacher, pupil = (cast["people"][k] for k in ("coordinator", "teacher", "owner"))
    url = f"{API}/dossiers/{pupil.dossier_id}/internships"
    herself = coordinator.post(url, json=_proposal(supervisor_email=coordinator.user["email"]))
    assert herself.status_code == 422 and "supervisor_email" in herself.json["error"]["fields"]
    before = pupil.get(f"{API}/dossiers/{pupil.dossier_id}/grants").json
    r = coordinator.post(url, json=_proposal(supervisor_email=teacher.user["email"]))
    assert (r.status_code, r.json["error"]["code"]) == (409, "supervisor_has_access")
    assert pupil.get(f"{API}/dossiers/{pupil.dossier_id}/grants").json == before
    assert coordinator.get(url).json["items"] == []


def test_dates_years_ahead_are_refused_in_words(cast):
    coordinator, pupil = cast["people"]["coordinator"], cast["people"]["owner"]
    r = coordinator.post(f"{API}/dossiers/{pupil.dossier_id}/internships",
                         json=_proposal(ends_on="9999-12-31"))  # fmt: skip
    assert r.status_code == 422 and "ends_on" in r.json["error"]["fields"]
