"""The workplace supervisor without an account: a mailed link bound to one address, one pupil
and one internship, confirmed with a code on a new device; expiring and revocable; every use
in the pupil's access log; an account later keeps the history."""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Evidence
from app.people.models import Grant, Internship, Notification, PushSubscription, WorkplaceLink
from app.people.workplace import issue_workplace_link, revoke_workplace_links
from competencies.builtin import sync_builtin
from tests.conftest import PASSWORD, ApiClient, add_member, last_mail, mailed_code, mails_to
from tests.workplace_links import internship_with_link


def open_link(app, link: dict, device: ApiClient | None = None):
    device = device or ApiClient(app, {})
    return device, device.post("/api/v1/workplace-links/open", json={"token": link["token"]})


def confirm(app, link: dict, device: ApiClient | None = None) -> ApiClient:
    """Open the link on a device (unless given the device that opened it) and confirm it with
    the mailed code: a link session."""
    if device is None:
        device, opened = open_link(app, link)
        assert opened.status_code == 200, opened.json
        assert opened.json["status"] == "code_sent"
    r = device.post(
        "/api/v1/workplace-links/confirm",
        json={"token": link["token"], "code": mailed_code(app, link["email"])},
    )
    assert r.status_code == 200, r.json
    device.csrf, device.user = r.json["csrf_token"], r.json
    return device


def _address(name: str = "jan") -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@bakkerij.be"


def _titles(response) -> set[str]:
    return {item["title"] for item in response.json["items"]}


@pytest.fixture
def builtins(app):
    with app.app_context():
        results = sync_builtin(db.session())
        db.commit()
        return {r.framework.title.split(" ")[0]: r.framework.id for r in results}


# --- the whole way, as a supervisor without an account ----------------------------------------


def test_a_supervisor_without_an_account_works_for_the_pupil_through_the_link(
    app, register, jpeg, builtins
):
    pupil = register("Sanne Jansen", email=f"sanne-{uuid.uuid4().hex[:8]}@example.nl")
    framework = builtins["Werknemersvaardigheden:"]
    pupil.put(
        f"/api/v1/dossiers/{pupil.dossier_id}/frameworks", json={"framework_ids": [str(framework)]}
    )
    item = pupil.get(
        "/api/v1/competencies", query_string={"q": "op tijd", "dossier_id": pupil.dossier_id}
    ).json[0]
    shown = pupil.upload(jpeg(), title="Eerste broden").json
    pupil.post(f"/api/v1/evidence/{shown['id']}/competencies", json={"item_id": item["id"]})
    link = internship_with_link(app, pupil.dossier_id, _address())
    assert "Bakkerij De Korenaar" in link["mail"]

    device, opened = open_link(app, link)
    assert opened.status_code == 200
    local = link["email"].split("@")[0]
    assert opened.json == {
        "status": "code_sent",
        "pupil_name": "Sanne",
        "workplace": "Bakkerij De Korenaar",
        "starts_on": opened.json["starts_on"],
        "ends_on": opened.json["ends_on"],
        "masked_email": f"{local[0]}\u2022\u2022\u2022@bakkerij.be",
    }
    assert re.search(r"\b\d{6}\b", last_mail(app, link["email"])["body"])
    supervisor = confirm(app, link, device)

    me = supervisor.get("/api/v1/me").json
    assert me["is_guest"] is True and me["dossiers"] == [] and me["email_verified"] is True
    assert me["workplace"]["dossier_id"] == pupil.dossier_id
    assert me["workplace"]["pupil_name"] == "Sanne Jansen"
    shared = supervisor.get("/api/v1/shared-dossiers").json
    assert [s["dossier"]["id"] for s in shared] == [pupil.dossier_id]

    # What the pupil shows, a photo and a note on the pupil's behalf
    timeline = supervisor.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence")
    assert _titles(timeline) == {"Eerste broden"}
    theirs = supervisor.get(f"/api/v1/evidence/{shown['id']}").json["media"]  # as they see it
    assert supervisor.get(theirs["thumbnail"]["url"]).status_code == 200
    photo = supervisor.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/evidence",
        data={"title": "Aan de oven", "file": (io.BytesIO(jpeg()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert photo.status_code == 201, photo.json
    note = supervisor.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/evidence", data={"title": "Goed gewerkt vandaag"}
    )
    assert note.status_code == 201
    assert note.json["created_role"] == "employer"
    assert note.json["dossier_id"] == pupil.dossier_id
    assert {"Aan de oven", "Goed gewerkt vandaag"} <= _titles(
        pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence")
    )

    # A reflection with a level, the conversation, and signing the internship report
    r = supervisor.post(
        f"/api/v1/evidence/{shown['id']}/reflections",
        json={"content": {"text": "Altijd op tijd."}, "item_id": item["id"], "level": 3},
    )
    assert r.status_code == 201, r.json
    assert r.json["author_role"] == "employer" and r.json["level"] == 3
    r = supervisor.post(f"/api/v1/dossiers/{pupil.dossier_id}/messages", json={"body": "Top!"})
    assert r.status_code == 201
    messages = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/messages").json
    assert [m["body"] for m in messages] == ["Top!"]
    report = pupil.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/reports",
        json={"title": "Stageverslag", "period_start": "2026-09-01", "period_end": "2027-01-31",
              "internship_id": str(link["internship"])},
    ).json  # fmt: skip
    signed = supervisor.post(f"/api/v1/reports/{report['id']}/signoff")
    assert signed.status_code == 200, signed.json
    assert [s["role"] for s in signed.json["signoffs"]] == ["employer"]

    # Every use is in the pupil's access log, as the supervisor in their role
    entries = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/access-log").json["items"]
    used = [(e["action"], e["actor_role"]) for e in entries if e["action"].startswith("workplace")]
    assert sorted(used) == [
        ("workplace_link_confirmed", "employer"),
        ("workplace_link_opened", "employer"),
    ]
    reads = {e["action"] for e in entries if e["actor_role"] == "employer"}
    assert {"read_dossier", "read_photo"} <= reads


def test_a_device_that_is_in_already_skips_the_code(app, register):
    pupil = register("Sanne")
    link = internship_with_link(app, pupil.dossier_id, _address())
    supervisor = confirm(app, link)
    mails = len(mails_to(app, link["email"]))
    _, again = open_link(app, link, supervisor)
    assert again.status_code == 200 and again.json["status"] == "signed_in"
    assert len(mails_to(app, link["email"])) == mails
    # another device needs the code
    _, elsewhere = open_link(app, link)
    assert elsewhere.json["status"] == "code_sent"
    assert len(mails_to(app, link["email"])) == mails + 1


def test_a_fresh_link_of_the_same_internship_goes_straight_in_and_no_other(app, register):
    pupil, other = register("Sanne"), register("Bram")
    email = _address()
    first = internship_with_link(app, pupil.dossier_id, email)
    supervisor = confirm(app, first)
    with app.app_context():  # a report to sign brings a fresh link of the same internship
        session = db.session()
        internship = session.get(Internship, first["internship"])
        link = session.get(WorkplaceLink, first["link"])
        jan = session.get(User, link.user_id)
        issue_workplace_link(session, internship, jan, expires_at=link.expires_at, by=jan)
        db.commit()
    fresh = re.search(r"#/werkplek/([A-Za-z0-9_-]+)", last_mail(app, email)["body"]).group(1)
    _, again = open_link(app, {**first, "token": fresh}, supervisor)
    assert again.json["status"] == "signed_in"
    # The same person's link for another pupil still asks for the code on this device.
    elsewhere = internship_with_link(app, other.dossier_id, email)
    _, opened = open_link(app, elsewhere, supervisor)
    assert opened.json["status"] == "code_sent"


def test_the_link_can_lead_to_a_page_of_the_app(app, register):
    pupil = register("Sanne")
    report = f"/report/{uuid.uuid4()}"
    link = internship_with_link(app, pupil.dossier_id, _address(), then=report)
    assert f"#/werkplek/{link['token']}?then={report}" in link["mail"]
    with app.app_context(), pytest.raises(ValueError):
        session = db.session()
        internship = session.get(Internship, link["internship"])
        supervisor = session.get(User, session.get(WorkplaceLink, link["link"]).user_id)
        issue_workplace_link(
            session,
            internship,
            supervisor,
            expires_at=utcnow(),
            by=supervisor,
            then="https://evil.example/",
        )


# --- nothing outside its pupil and internship ---------------------------------------------


#: Account matters a link session may not touch: (method, path, body).
ACCOUNT_MATTERS = [
    ("GET", "/api/v1/auth/tokens", None),
    ("POST", "/api/v1/auth/tokens", {"name": "script"}),
    ("GET", "/api/v1/organisations", None),
    ("POST", "/api/v1/organisations", {"name": "Bakkerij", "kind": "work"}),
    ("POST", "/api/v1/me/password", {"current_password": "x", "new_password": "y" * 12}),
    ("DELETE", "/api/v1/me", {"password": "x"}),
    ("GET", "/api/v1/jobs", None),
    ("POST", "/api/v1/frameworks", {"title": "Eigen leerlijn"}),
    ("GET", "/api/v1/me/growth-settings", None),
]


def test_the_link_session_reaches_the_pupil_only_and_nothing_that_needs_an_account(
    app, register, jpeg
):
    """The supervisor has an account too: with it they see another pupil through an account
    grant, and a third pupil through another link. In this link's session: only this pupil."""
    sanne, daan, emma = register("Sanne"), register("Daan"), register("Emma")
    jan = register("Jan", email=_address())
    for pupil in (sanne, daan, emma):
        pupil.upload(jpeg(), title=f"Werk van {pupil.user['display_name']}")
    school = daan.post("/api/v1/organisations", json={"name": "Het Baken", "kind": "education"})
    add_member(daan, school.json["id"], jan, "coordinator")
    r = daan.post(
        f"/api/v1/dossiers/{daan.dossier_id}/grants",
        json={
            "user_id": jan.user["id"],
            "organisation_id": school.json["id"],
            "scopes": ["view"],
            "role": "employer",
        },
    )
    assert r.status_code == 201, r.json
    link = internship_with_link(app, sanne.dossier_id, jan.user["email"])
    other = internship_with_link(app, emma.dossier_id, jan.user["email"])
    with app.app_context():  # the bell of the account: news from each of the three dossiers
        for pupil in (sanne, daan, emma):
            db.session.add(
                Notification(
                    user_id=uuid.UUID(jan.user["id"]),
                    kind="mention",
                    dossier_id=uuid.UUID(pupil.dossier_id),
                    payload={"by": pupil.user["display_name"]},
                )
            )
        db.commit()
    assert (
        confirm(app, other).get(f"/api/v1/dossiers/{emma.dossier_id}/evidence").status_code == 200
    )
    in_link = confirm(app, link)

    me = in_link.get("/api/v1/me").json
    assert me["is_guest"] is False and me["dossiers"] == []
    assert in_link.get(f"/api/v1/dossiers/{sanne.dossier_id}/evidence").status_code == 200
    for dossier in (daan.dossier_id, emma.dossier_id, jan.dossier_id):
        assert in_link.get(f"/api/v1/dossiers/{dossier}/evidence").status_code == 404
    shared = in_link.get("/api/v1/shared-dossiers").json
    assert [s["dossier"]["id"] for s in shared] == [sanne.dossier_id]
    bell = in_link.get("/api/v1/notifications").json
    assert [n["dossier_id"] for n in bell["items"]] == [sanne.dossier_id] and bell["unread"] == 1
    for method, path, body in ACCOUNT_MATTERS:
        r = getattr(in_link, method.lower())(path, json=body)
        assert (r.status_code, r.json["error"]["code"]) == (403, "account_required"), path
    # The same person with their password sees what their account may
    assert jan.get(f"/api/v1/dossiers/{daan.dossier_id}/evidence").status_code == 200
    assert jan.get("/api/v1/auth/tokens").status_code == 200
    everywhere = {n["dossier_id"] for n in jan.get("/api/v1/notifications").json["items"]}
    assert {sanne.dossier_id, daan.dossier_id, emma.dossier_id} <= everywhere


# --- after revocation or expiry: nothing -----------------------------------------------------


def _revoke_grant(app, pupil, link, frozen):
    assert pupil.delete(f"/api/v1/grants/{link['grant']}").status_code == 204


def _revoke_links(app, pupil, link, frozen):
    with app.app_context():
        session = db.session()
        revoke_workplace_links(session, session.get(Internship, link["internship"]))
        db.commit()


def _expire_link(app, pupil, link, frozen):
    with app.app_context():
        db.session().get(WorkplaceLink, link["link"]).expires_at = utcnow() + timedelta(days=1)
        db.commit()
    frozen["now"] += timedelta(days=2)


def _expire_grant(app, pupil, link, frozen):
    frozen["now"] += timedelta(days=61)


ENDINGS = {  # how it ends → what opening the link answers then
    "grant revoked": (_revoke_grant, 404),
    "links revoked": (_revoke_links, 404),
    "link expired": (_expire_link, 422),
    "grant expired": (_expire_grant, 422),
}


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_a_link_gives_nothing_after_revocation_or_expiry(app, register, jpeg, frozen, ending):
    pupil = register("Sanne")
    pupil.upload(jpeg(), title="Eerste broden")
    link = internship_with_link(app, pupil.dossier_id, _address())
    supervisor = confirm(app, link)
    assert supervisor.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").status_code == 200
    end, opening = ENDINGS[ending]
    end(app, pupil, link, frozen)

    for _ in range(2):  # and it stays so: the session ended for good
        r = supervisor.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence")
        assert (r.status_code, r.json["error"]["code"]) == (401, "link_ended")
    assert supervisor.get("/api/v1/me").status_code == 401
    _, opened = open_link(app, link)
    assert opened.status_code == opening
    if opening == 422:
        assert opened.json["error"]["code"] == "expired"
    with app.app_context():
        assert db.session().get(WorkplaceLink, link["link"]).user.is_guest  # no password to use
    r = supervisor.post(
        "/api/v1/workplace-links/confirm", json={"token": link["token"], "code": "123456"}
    )
    assert r.status_code == opening


def test_an_unknown_link_is_not_found(client):
    r = client.post("/api/v1/workplace-links/open", json={"token": "x" * 43})
    assert (r.status_code, r.json["error"]["code"]) == (404, "not_found")


# --- codes: limited, single-purpose; opening is throttled ---------------------------------------


def test_wrong_codes_are_limited_and_a_code_works_for_links_only(app, register):
    pupil = register("Sanne")
    link = internship_with_link(app, pupil.dossier_id, _address())
    device, _ = open_link(app, link)
    right = mailed_code(app, link["email"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    attempts = app.config["ACCOUNT_CODE_MAX_ATTEMPTS"]
    for _ in range(attempts):
        r = device.post(
            "/api/v1/workplace-links/confirm", json={"token": link["token"], "code": wrong}
        )
        assert (r.status_code, r.json["error"]["code"]) == (400, "code_invalid")
    r = device.post("/api/v1/workplace-links/confirm", json={"token": link["token"], "code": right})
    assert r.status_code == 400, "the code died after too many wrong tries"

    # A code mailed for the link does not verify an address, nor log in
    device, _ = open_link(app, link)
    code = mailed_code(app, link["email"])
    r = device.post("/api/v1/auth/verify", json={"email": link["email"], "code": code})
    assert r.status_code == 400
    assert device.get("/api/v1/me").status_code == 401
    r = device.post("/api/v1/workplace-links/confirm", json={"token": link["token"], "code": code})
    assert r.status_code == 200


def test_an_address_code_does_not_open_a_link(app, register):
    pupil = register("Sanne")
    email = _address()
    stranger = ApiClient(app, {})
    r = stranger.http.post(
        "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "display_name": "X"}
    )
    assert r.status_code == 202
    verify_code = mailed_code(app, email)
    link = internship_with_link(app, pupil.dossier_id, email)
    device = ApiClient(app, {})
    r = device.post(
        "/api/v1/workplace-links/confirm", json={"token": link["token"], "code": verify_code}
    )
    assert r.status_code == 400


def test_guessing_at_links_and_codes_is_throttled(app, register):
    pupil = register("Sanne")
    link = internship_with_link(app, pupil.dossier_id, _address())
    device = ApiClient(app, {})
    statuses = [
        device.post("/api/v1/workplace-links/open", json={"token": f"guess{n:012d}xx"}).status_code
        for n in range(12)
    ]
    assert statuses[0] == 404 and statuses[-1] == 429
    r = device.post("/api/v1/workplace-links/open", json={"token": link["token"]})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_a_link_mails_a_few_codes_an_hour(app, register):
    pupil = register("Sanne")
    link = internship_with_link(app, pupil.dossier_id, _address())
    statuses = [open_link(app, link)[1].status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- whose row it is -----------------------------------------------------------------------


def test_a_stranger_who_registered_the_address_cannot_use_the_grant(app, register, jpeg):
    pupil = register("Sanne")
    pupil.upload(jpeg(), title="Eerste broden")
    email = _address()
    stranger = ApiClient(app, {})
    stranger.http.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "Nep Jan"},
    )
    stranger.login(email)
    planted = stranger.upload(jpeg(), title="Van de vreemde").json
    link = internship_with_link(app, pupil.dossier_id, email)
    # Nobody proved the address: the grant counts nowhere for the password session
    assert stranger.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").status_code == 404
    assert stranger.get("/api/v1/shared-dossiers").json == []

    supervisor = confirm(app, link)  # the mailbox's owner proves the address
    me = supervisor.get("/api/v1/me").json
    assert me["is_guest"] is True and me["display_name"] == "Jan Bakker"
    assert supervisor.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").status_code == 200
    assert stranger.get("/api/v1/me").status_code == 401
    r = stranger.http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert (r.status_code, r.json["error"]["code"]) == (401, "bad_credentials")
    # What the stranger put in that account is gone; an account made now starts empty.
    with app.app_context():
        assert db.session().get(Evidence, uuid.UUID(planted["id"])) is None
    made = supervisor.post("/api/v1/workplace-links/account",
                           json={"display_name": "Jan Bakker", "password": PASSWORD})  # fmt: skip
    assert made.status_code == 200, made.json
    own = made.json["dossiers"][0]["id"] if made.json["dossiers"] else None
    if own is None:  # in the link session the own dossier is not in reach; log in to see it
        supervisor.login(email)
        own = supervisor.dossier_id
    assert supervisor.get(f"/api/v1/dossiers/{own}/evidence").json["items"] == []


def test_a_guest_has_no_password_to_log_in_with(app, register):
    pupil = register("Sanne")
    link = internship_with_link(app, pupil.dossier_id, _address())
    confirm(app, link)
    anyone = ApiClient(app, {})
    for password in (PASSWORD, "!guest", ""):
        r = anyone.http.post(
            "/api/v1/auth/login", json={"email": link["email"], "password": password}
        )
        assert (r.status_code, r.json["error"]["code"]) == (401, "bad_credentials")
    # nor a reset link to make one with
    before = len(mails_to(app, link["email"]))
    anyone.http.post("/api/v1/auth/password-reset", json={"email": link["email"]})
    assert len(mails_to(app, link["email"])) == before


def _history(app, user_id: str) -> dict:
    with app.app_context():
        session = db.session()
        user = session.get(User, uuid.UUID(user_id))
        grant = session.scalar(select(Grant).where(Grant.grantee_id == user.id))
        return {"grant": grant.id, "revoked": grant.revoked_at}


def test_a_guest_makes_an_account_in_the_link_session_and_keeps_their_history(app, register, jpeg):
    pupil = register("Sanne")
    link = internship_with_link(app, pupil.dossier_id, _address())
    supervisor = confirm(app, link)
    note = supervisor.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/evidence", data={"title": "Goed gewerkt"}
    ).json
    before = _history(app, supervisor.user["id"])

    r = supervisor.post(
        "/api/v1/workplace-links/account",
        json={"display_name": "Jan Bakker", "password": "te kort"},
    )
    assert r.status_code == 422
    r = supervisor.post(
        "/api/v1/workplace-links/account", json={"display_name": "Jan Bakker", "password": PASSWORD}
    )
    assert r.status_code == 200, r.json
    assert r.json["is_guest"] is False and r.json["id"] == supervisor.user["id"]
    assert r.json["dossiers"] == []  # their new dossier is for their password's sessions
    # the session goes on, still bound to the link
    assert supervisor.get(f"/api/v1/evidence/{note['id']}").status_code == 200
    again = supervisor.post(
        "/api/v1/workplace-links/account", json={"display_name": "Jan", "password": PASSWORD}
    )
    assert (again.status_code, again.json["error"]["code"]) == (409, "not_a_guest")

    account = ApiClient(app, {})
    account.login(link["email"])
    assert account.user["id"] == supervisor.user["id"]
    assert _history(app, account.user["id"]) == before
    item = account.get(f"/api/v1/evidence/{note['id']}").json
    assert item["created_by"]["id"] == account.user["id"]
    assert account.get(f"/api/v1/dossiers/{account.dossier_id}/evidence").status_code == 200


def test_signing_up_with_a_guests_address_keeps_no_password_and_points_to_the_link(app, register):
    """Someone signs up with a guest's address (maybe the supervisor, maybe not): nothing is
    kept of that sign-up, so no password chosen there ever opens the guest's grant; the mail
    tells the address's owner to make the account from their link."""
    pupil = register("Sanne")
    pupil.upload(None, title="Prive")
    link = internship_with_link(app, pupil.dossier_id, _address())
    supervisor = confirm(app, link)
    someone = ApiClient(app, {})
    r = someone.http.post(
        "/api/v1/auth/register",
        json={"email": link["email"], "password": PASSWORD, "display_name": "Nep Jan"},
    )
    assert r.status_code == 202  # not 409: the answer is the one every sign-up gets
    mail = last_mail(app, link["email"])
    assert "Account maken" in mail["body"] and not re.search(r"\b\d{6}\b", mail["body"])
    someone.http.post("/api/v1/auth/verify/resend", json={"email": link["email"]})
    assert last_mail(app, link["email"]) == mail  # no code to confirm such a sign-up with
    r = someone.http.post("/api/v1/auth/login", json={"email": link["email"], "password": PASSWORD})
    assert r.status_code == 401
    me = supervisor.get("/api/v1/me").json
    assert me["is_guest"] is True and me["display_name"] == "Jan Bakker"


def test_a_plain_verification_code_does_not_log_a_guest_in(app, register):
    pupil = register("Sanne")
    email = _address()
    link = internship_with_link(app, pupil.dossier_id, email)
    anyone = ApiClient(app, {})
    before = len(mails_to(app, email))
    assert anyone.http.post("/api/v1/auth/verify/resend", json={"email": email}).status_code == 202
    assert len(mails_to(app, email)) == before  # a guest gets no code but a sign-up's
    _, _ = open_link(app, link)
    r = anyone.http.post(
        "/api/v1/auth/verify", json={"email": email, "code": mailed_code(app, email)}
    )
    assert r.status_code == 400


def test_a_link_session_starts_no_upload_outside_the_pupils_dossier(app, register):
    """No import, and no upload without a dossier (which would be one's own)."""
    import base64

    pupil = register("Sanne")
    link = internship_with_link(app, pupil.dossier_id, _address())
    supervisor = confirm(app, link)

    def create(**meta) -> int:
        encoded = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())
        headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "10", "Upload-Metadata": encoded}
        r = supervisor.post("/api/v1/uploads", headers=headers)
        return r.status_code

    assert create(filename="export.zip", purpose="import") == 422
    assert create(filename="foto.jpg") == 422
    assert create(filename="foto.jpg", dossier_id=pupil.dossier_id) == 201


def test_a_taken_over_address_keeps_nothing_of_its_maker_that_could_hear_of_the_pupil(
    app, register
):
    pupil = register("Sanne")
    email = _address()
    stranger = ApiClient(app, {})
    stranger.http.post(
        "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "display_name": "Nep"}
    )
    with app.app_context():  # the stranger's phone subscribed to pushes, the bell has one
        session = db.session()
        user = session.scalar(select(User).where(User.email == email))
        session.add(PushSubscription(user_id=user.id, endpoint="https://push.example.com/x",
                                     p256dh="x" * 87, auth="y" * 22))  # fmt: skip
        session.add(Notification(user_id=user.id, kind="mention", payload={}))
        db.commit()
    link = internship_with_link(app, pupil.dossier_id, email)
    confirm(app, link)
    with app.app_context():
        session = db.session()
        user = session.scalar(select(User).where(User.email == email))
        assert user.display_name == "Jan Bakker"
        for kept in (PushSubscription, Notification):
            assert session.scalars(select(kept).where(kept.user_id == user.id)).all() == []
