"""People around a dossier: grants, invitations by e-mail, uploads on behalf, reflections
from every role, the conversation, notifications, live events and the access log."""

from __future__ import annotations

import io
import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.db import db, utcnow
from app.people.models import Grant, Membership
from app.portability.models import DataJob
from competencies.builtin import sync_builtin
from tests.conftest import ApiClient, add_member, fetch, register_user
from tests.waiting import wait_until

FUTURE = (datetime.now(UTC) + timedelta(days=30)).isoformat()


@pytest.fixture
def builtins(app):
    return _sync_builtins(app)


def _sync_builtins(app) -> dict:
    with app.app_context():
        results = sync_builtin(db.session())
        db.commit()
        return {r.framework.title.split(" ")[0]: r.framework.id for r in results}


def _grant(owner: ApiClient, grantee: ApiClient, scopes, **extra):
    """Give access through a shared organisation (no e-mail round trip needed)."""
    org = extra.pop("organisation_id", None) or _shared_org(owner, grantee)
    r = owner.post(
        f"/api/v1/dossiers/{owner.dossier_id}/grants",
        json={"user_id": grantee.user["id"], "organisation_id": org, "scopes": scopes,
              "role": extra.pop("role", "coordinator"), **extra},
    )  # fmt: skip
    assert r.status_code == 201, r.json
    return r.json["grant"]


def _shared_org(a: ApiClient, b: ApiClient, kind="education") -> str:
    org = a.post("/api/v1/organisations", json={"name": f"School {uuid.uuid4().hex[:4]}",
                                                "kind": kind}).json  # fmt: skip
    add_member(a, org["id"], b, "coordinator")
    return org["id"]


# --- the access matrix ------------------------------------------------------------------


@pytest.fixture(scope="module")
def cast(app, module_connection, jpeg):
    """Everyone around one pupil's dossier, each with a different standing (built once for
    the module; each test's changes are rolled back)."""
    builtins = _sync_builtins(app)
    owner = register_user(app, "Daan")
    people = {name: register_user(app, name.capitalize()) for name in (
        "viewer", "reflector", "contributor", "expired", "revoked", "ended", "classmate",
        "admin")}  # fmt: skip
    school = owner.post("/api/v1/organisations", json={"name": "Het Baken", "kind": "education"})
    school_id = school.json["id"]
    for name in ("ended", "classmate"):
        add_member(owner, school_id, people[name], "student")
    # The school's administrator: an administrator of the organisation, no grant.
    add_member(owner, school_id, people["admin"], "administrator")
    viewer_grant = _grant(owner, people["viewer"], ["view"])
    _grant(owner, people["reflector"], ["reflect"])
    _grant(owner, people["contributor"], ["contribute"], role="employer")
    _grant(owner, people["expired"], ["view"])
    revoked = _grant(owner, people["revoked"], ["view"])
    assert owner.delete(f"/api/v1/grants/{revoked['id']}").status_code == 204
    _grant(owner, people["ended"], ["view"], organisation_id=school_id)
    with app.app_context():
        session = db.session()
        expired = session.scalar(
            select(Grant).where(Grant.grantee_id == uuid.UUID(people["expired"].user["id"]))
        )
        expired.expires_at = utcnow() - timedelta(minutes=1)
        membership = session.scalar(
            select(Membership).where(Membership.user_id == uuid.UUID(people["ended"].user["id"]))
        )
        db.commit()
    assert people["ended"].delete(f"/api/v1/memberships/{membership.id}").status_code == 204
    sbl = builtins["SBL-competenties"]
    owner.put(f"/api/v1/dossiers/{owner.dossier_id}/frameworks", json={"framework_ids": [str(sbl)]})
    item = owner.get(f"/api/v1/frameworks/{sbl}").json["items"][0]
    evidence = owner.upload(jpeg(), title="Stage dag 1").json
    owner.post(f"/api/v1/evidence/{evidence['id']}/competencies", json={"item_id": item["id"]})
    reflection = owner.post(f"/api/v1/evidence/{evidence['id']}/reflections",
                            json={"content": {"text": "Trots op"}}).json  # fmt: skip
    report = owner.post(f"/api/v1/dossiers/{owner.dossier_id}/reports", json=REPORT).json
    own_framework = owner.post("/api/v1/frameworks", json={"title": "Eigen leerlijn"}).json["id"]
    owner.put(f"/api/v1/dossiers/{owner.dossier_id}/frameworks",
              json={"framework_ids": [str(sbl), own_framework]})  # fmt: skip
    upload = owner.post("/api/v1/uploads", headers={
        "Tus-Resumable": "1.0.0", "Upload-Length": "10",
        "Upload-Metadata": f"dossier_id {_b64(owner.dossier_id)}"})  # fmt: skip
    with app.app_context():
        job = DataJob(user_id=uuid.UUID(owner.user["id"]), kind="export")
        db.session.add(job)
        db.commit()
    people["owner"] = owner
    people["anonymous"] = ApiClient(app, {})
    return {"people": people, "evidence": evidence, "item": item, "framework": sbl,
            "school": school_id, "reflection": reflection["id"], "report": report["id"],
            "grant": viewer_grant["id"], "own_framework": own_framework,
            "upload": upload.headers["Location"].rsplit("/", 1)[-1],
            "job": str(job.id)}  # fmt: skip


REPORT = {"title": "Stageverslag", "period_start": "2026-09-01", "period_end": "2027-01-31"}


ACTORS = ["owner", "viewer", "reflector", "contributor", "expired", "revoked", "ended",
          "classmate", "admin", "anonymous"]  # fmt: skip
SEE = {"owner", "viewer", "reflector"}


def _expect(allowed: set[str], ok: int) -> dict[str, int]:
    return {a: ok if a in allowed else (401 if a == "anonymous" else 404) for a in ACTORS}


def _matrix():
    """(name, request, expected status per actor). Requests get (actor, cast)."""
    d = "/api/v1/dossiers/{dossier}"
    e = "/api/v1/evidence/{evidence}"
    return [
        ("timeline", lambda a, c: a.get(_u(d + "/evidence", c)),
         _expect(SEE | {"contributor"}, 200)),
        ("add a note", lambda a, c: a.post(_u(d + "/evidence", c), data={"title": "x"}),
         _expect({"owner", "contributor"}, 201)),
        ("read evidence", lambda a, c: a.get(_u(e, c)), _expect(SEE, 200)),
        ("edit evidence", lambda a, c: a.patch(_u(e, c), json={"title": "y"}),
         _expect({"owner"}, 200)),
        ("remove evidence", lambda a, c: a.delete(_u(e, c, fresh=True)), _expect({"owner"}, 204)),
        ("review evidence", lambda a, c: a.post(_u(e + "/review", c), json={"action": "keep"}),
         _expect({"owner"}, 200)),
        ("thumbnail", lambda a, c: a.get(c["evidence"]["media"]["thumbnail"]["url"]),
         _expect(SEE, 200)),
        ("original", lambda a, c: a.get(c["evidence"]["media"]["original"]["url"]),
         _expect({"owner"}, 200)),
        ("reflections", lambda a, c: a.get(_u(e + "/reflections", c)), _expect(SEE, 200)),
        ("reflect", lambda a, c: a.post(_u(e + "/reflections", c),
                                        json={"content": {"text": "Goed gedaan"}}),
         _expect({"owner", "reflector"}, 201)),
        ("link competency", lambda a, c: a.post(_u(e + "/competencies", c),
                                                json={"item_id": c["item"]["id"]}),
         _expect({"owner"}, 201)),
        ("coverage", lambda a, c: a.get(_u(d + "/coverage", c),
                                        query_string={"framework_id": str(c["framework"])}),
         _expect(SEE | {"contributor"}, 200)),
        ("perspectives",
         lambda a, c: a.get(_u(d + f"/competencies/{c['item']['id']}/perspectives", c)),
         _expect(SEE | {"contributor"}, 200)),
        ("evidence of a competency",
         lambda a, c: a.get(_u(d + f"/competencies/{c['item']['id']}/evidence", c)),
         _expect(SEE | {"contributor"}, 200)),
        ("choose frameworks", lambda a, c: a.put(_u(d + "/frameworks", c),
                                                 json={"framework_ids": []}),
         _expect({"owner"}, 200)),
        ("grants", lambda a, c: a.get(_u(d + "/grants", c)), _expect({"owner"}, 200)),
        ("access log", lambda a, c: a.get(_u(d + "/access-log", c)), _expect({"owner"}, 200)),
        ("messages", lambda a, c: a.get(_u(d + "/messages", c)),
         _expect({"owner", "reflector", "contributor"}, 200)),
        ("write a message", lambda a, c: a.post(_u(d + "/messages", c), json={"body": "Hoi"}),
         _expect({"owner", "reflector", "contributor"}, 201)),
        ("participants", lambda a, c: a.get(_u(d + "/participants", c)),
         _expect({"owner", "reflector", "contributor"}, 200)),
        ("pending invitations", lambda a, c: a.get(_u(d + "/invitations", c)),
         _expect({"owner"}, 200)),
        ("live events", lambda a, c: _head_of_stream(a, _u(d + "/events", c)),
         _expect(SEE | {"contributor"}, 200)),
        ("resumable upload", lambda a, c: a.post(
            "/api/v1/uploads",
            headers={"Tus-Resumable": "1.0.0", "Upload-Length": "10",
                     "Upload-Metadata": f"dossier_id {_b64(c['people']['owner'].dossier_id)}"}),
         _expect({"owner", "contributor"}, 201)),
        ("continue an upload", lambda a, c: a.head(f"/api/v1/uploads/{c['upload']}",
                                                   headers={"Tus-Resumable": "1.0.0"}),
         _expect({"owner"}, 200)),
        ("read a reflection", lambda a, c: a.get(f"/api/v1/reflections/{c['reflection']}"),
         _expect(SEE, 200)),
        ("change a reflection", lambda a, c: a.patch(f"/api/v1/reflections/{c['reflection']}",
                                                     json={"content": {"text": "Anders"}}),
         _expect({"owner"}, 200)),
        # Not a coach's reflection, so nothing to share: but only the owner gets that far.
        ("share a reflection", lambda a, c: a.post(f"/api/v1/reflections/{c['reflection']}/share"),
         _expect({"owner"}, 409)),
        ("write a report", lambda a, c: a.post(_u(d + "/reports", c), json=REPORT),
         _expect({"owner", "viewer", "reflector"}, 201)),
        ("read a report", lambda a, c: a.get(f"/api/v1/reports/{c['report']}"),
         _expect(SEE | {"contributor"}, 200)),
        ("change a report", lambda a, c: a.patch(f"/api/v1/reports/{c['report']}",
                                                 json={"title": "Stageverslag v2"}),
         _expect({"owner", "viewer", "reflector"}, 200)),
        ("confirm a report", lambda a, c: a.post(f"/api/v1/reports/{c['report']}/signoff"),
         _expect({"viewer", "reflector", "contributor"}, 200) | {"owner": 403}),
        ("change a grant", lambda a, c: a.patch(f"/api/v1/grants/{c['grant']}",
                                                json={"scopes": ["view"]}),
         _expect({"owner"}, 200)),
        ("members of the school",
         lambda a, c: a.get(f"/api/v1/organisations/{c['school']}/members"),
         _expect({"owner", "classmate", "admin"}, 200)),
        # Administrators get as far as the unknown address; a member without the role is refused.
        ("ask someone to join", lambda a, c: a.post(
            f"/api/v1/organisations/{c['school']}/members",
            json={"email": "niemand@example.nl", "role": "student"}),
         _expect({"owner", "admin"}, 422) | {"classmate": 403}),
        ("accept a membership", lambda a, c: a.post(f"/api/v1/memberships/{_offer(c)}/accept"),
         _expect({"viewer"}, 200)),
        ("end a membership", lambda a, c: a.delete(f"/api/v1/memberships/{_membership(c)}"),
         _expect({"owner", "classmate"}, 204)),
        ("revoke a CV link", lambda a, c: a.delete(f"/api/v1/cv-links/{_cv_link(c)}"),
         _expect({"owner"}, 204)),
        ("an export's progress", lambda a, c: a.get(f"/api/v1/jobs/{c['job']}"),
         _expect({"owner"}, 200)),
        ("revoke a token", lambda a, c: a.delete(f"/api/v1/auth/tokens/{_token(c)}"),
         _expect({"owner"}, 204)),
        ("read a framework", lambda a, c: a.get(f"/api/v1/frameworks/{c['own_framework']}"),
         _expect(SEE | {"contributor"}, 200)),
        ("change a framework", lambda a, c: a.post(
            f"/api/v1/frameworks/{c['own_framework']}/items", json={"full_statement": "Plannen"}),
         _expect({"owner"}, 201) | dict.fromkeys(["viewer", "reflector", "contributor"], 403)),
    ]  # fmt: skip


# Fresh things of the owner's for one request each (the request may end them).


def _offer(c: dict) -> str:
    """A new organisation of the owner's asks the viewer to join."""
    owner = c["people"]["owner"]
    org = owner.post("/api/v1/organisations", json={"name": "Club", "kind": "work"}).json
    viewer = c["people"]["viewer"].user["email"]
    r = owner.post(f"/api/v1/organisations/{org['id']}/members",
                   json={"email": viewer, "role": "student"})  # fmt: skip
    return r.json["id"]


def _membership(c: dict) -> str:
    """The classmate's membership of a new organisation of the owner's."""
    owner = c["people"]["owner"]
    org = owner.post("/api/v1/organisations", json={"name": "Club", "kind": "work"}).json
    return add_member(owner, org["id"], c["people"]["classmate"], "student").json["id"]


def _cv_link(c: dict) -> str:
    owner = c["people"]["owner"]
    return owner.post(f"/api/v1/dossiers/{owner.dossier_id}/cv/links", json={}).json["id"]


def _token(c: dict) -> str:
    return c["people"]["owner"].post("/api/v1/auth/tokens", json={"name": "script"}).json["id"]


def _b64(value: str) -> str:
    import base64

    return base64.b64encode(value.encode()).decode()


def _u(template: str, c: dict, fresh: bool = False) -> str:
    evidence = c["evidence"]["id"]
    if fresh:
        evidence = c["people"]["owner"].upload(None, title=f"weg {uuid.uuid4().hex[:6]}").json["id"]
    return template.format(dossier=c["people"]["owner"].dossier_id, evidence=evidence)


def _head_of_stream(client: ApiClient, url: str):
    response = client.get(url, buffered=False)
    response.close()
    return response


@pytest.mark.parametrize("name", [m[0] for m in _matrix()])
def test_access_matrix(cast, name):
    _, request, expected = next(m for m in _matrix() if m[0] == name)
    got = {actor: request(cast["people"][actor], cast).status_code for actor in ACTORS}
    assert got == expected


#: Who sees an item the employer (the contributor) added on the pupil's behalf, per state:
#: until the pupil keeps it only the pupil and its adder; once hidden the pupil alone.
ON_BEHALF_SEEN = {
    "awaiting": {"owner", "contributor"},
    "hidden": {"owner"},
    "kept": {"owner", "viewer", "reflector", "contributor"},
}


@pytest.mark.parametrize("state", list(ON_BEHALF_SEEN))
def test_access_matrix_of_evidence_added_on_behalf(cast, jpeg, state):
    people, owner = cast["people"], cast["people"]["owner"]
    d = f"/api/v1/dossiers/{owner.dossier_id}"
    added = people["contributor"].post(
        f"{d}/evidence", data={"title": "Daan aan de kassa", "file": (io.BytesIO(jpeg()), "k.jpg")},
        content_type="multipart/form-data",
    ).json  # fmt: skip
    e = f"/api/v1/evidence/{added['id']}"
    assert owner.post(f"{e}/competencies", json={"item_id": cast["item"]["id"]}).status_code == 201
    if state != "awaiting":
        action = "keep" if state == "kept" else "hide"
        assert owner.post(f"{e}/review", json={"action": action}).status_code == 200
    item = cast["item"]["id"]
    fw = {"framework_id": str(cast["framework"])}

    def ids(response) -> set[str]:
        body = response.json if response.status_code == 200 else []
        rows = body["items"] if isinstance(body, dict) else body
        return {r.get("id") or r.get("evidence", {}).get("id") for r in rows}

    checks = {
        "read": lambda a: a.get(e).status_code == 200,
        "thumbnail": lambda a: a.get(added["media"]["thumbnail"]["url"]).status_code == 200,
        "reflections": lambda a: a.get(f"{e}/reflections").status_code == 200,
        "timeline": lambda a: added["id"] in ids(a.get(f"{d}/evidence")),
        "competency evidence": lambda a: (
            added["id"] in ids(a.get(f"{d}/competencies/{item}/evidence"))
        ),
        "coverage": lambda a: (
            _newest_shown(a.get(f"{d}/coverage", query_string=fw), item) == added["id"]
        ),
    }
    seen = {name: {who for who in ACTORS if check(people[who])} for name, check in checks.items()}
    assert seen == dict.fromkeys(checks, ON_BEHALF_SEEN[state])


def _newest_shown(response, item_id: str) -> str | None:
    """The newest evidence a coverage answer shows for one competency."""
    if response.status_code != 200:
        return None
    row = next(r for r in response.json["rows"] if r["item"]["id"] == item_id)
    return (row["latest_evidence"] or {}).get("id")


def test_denied_reads_look_like_nothing_is_there(cast):
    outsider = cast["people"]["classmate"]
    r = outsider.get(f"/api/v1/evidence/{cast['evidence']['id']}")
    assert r.status_code == 404
    assert r.json["error"]["code"] == "not_found"
    missing = outsider.get(f"/api/v1/evidence/{uuid.uuid4()}")
    assert missing.json == r.json | {"error": {**r.json["error"]}}


def test_every_api_route_needs_a_login(app):
    anonymous = app.test_client()
    public = {"/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/openapi.json",
              "/api/v1/docs", "/api/v1/uploads", "/api/v1/auth/verify",
              "/api/v1/auth/verify/resend", "/api/v1/auth/password-reset",
              "/api/v1/auth/password-reset/confirm", "/api/v1/workplace-links/open",
              "/api/v1/workplace-links/confirm", "/api/v1/auth/invitation",
              # A recruiter checks a credential without an account.
              "/api/v1/credentials/verify"}  # fmt: skip
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.rule in public or "docs-assets" in rule.rule:
            continue
        url = re.sub(r"<(?:uuid:)?[a-z_]+>", str(uuid.uuid4()), rule.rule)
        url = url.replace("<string:token>", "x")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            r = anonymous.open(url, method=method, headers={"Tus-Resumable": "1.0.0"})
            assert r.status_code == 401, (method, rule.rule, r.status_code)
            checked += 1
    assert checked > 30


def test_limited_grants_show_only_their_part(register, jpeg, builtins):
    owner, mentor = register("Daan"), register("Mentor")
    shown = owner.upload(jpeg(), title="Zichtbaar").json
    hidden = owner.upload(None, title="Niet gedeeld").json
    grant = _grant(owner, mentor, ["view"], evidence_ids=[shown["id"]])
    items = mentor.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence").json["items"]
    assert [i["id"] for i in items] == [shown["id"]]
    assert mentor.get(f"/api/v1/evidence/{hidden['id']}").status_code == 404
    # Limit by competency instead
    sbl = builtins["SBL-competenties"]
    item = owner.get(f"/api/v1/frameworks/{sbl}").json["items"][3]
    owner.post(f"/api/v1/evidence/{hidden['id']}/competencies", json={"item_id": item["id"]})
    r = owner.patch(f"/api/v1/grants/{grant['id']}",
                    json={"evidence_ids": None, "item_ids": [item["id"]]})  # fmt: skip
    assert r.status_code == 200
    items = mentor.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence").json["items"]
    assert [i["id"] for i in items] == [hidden["id"]]


# --- invitations by e-mail through a real SMTP server ------------------------------------


@pytest.fixture
def smtp(app):
    """aiosmtpd on a free port; the app's mail goes there."""
    from tests.conftest import smtp_server

    with smtp_server() as (port, received):
        old = {
            k: app.config[k] for k in ("SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS", "MAIL_BACKEND")
        }
        app.config.update(
            SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, MAIL_BACKEND="smtp"
        )
        yield received
        app.config.update(old)


def test_an_invitation_arrives_by_mail_and_grants_access_when_accepted(register, smtp, jpeg):
    owner = register("Daan")
    owner.upload(jpeg(), title="Mijn eerste stagedag")
    r = owner.post(
        f"/api/v1/dossiers/{owner.dossier_id}/grants",
        json={"email": "Werkgever@Example.nl", "scopes": ["view", "reflect"], "role": "employer",
              "expires_at": FUTURE},
    )  # fmt: skip
    assert r.status_code == 201, r.json
    assert r.json["invitation"]["email"] == "werkgever@example.nl"
    wait_until(lambda: smtp, what="the invitation mail")
    assert len(smtp) == 1
    mail = smtp[0]
    assert mail["To"] == "werkgever@example.nl"
    body = mail.get_payload(decode=True).decode()
    token = re.search(r"#/invitation/([A-Za-z0-9_-]+)", body).group(1)

    employer = register("Peter")  # signs up with another address: the link is what counts
    assert employer.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence").status_code == 404
    preview = employer.get(f"/api/v1/invitations/{token}").json
    assert preview["owner"] == "Daan" and preview["role"] == "employer"
    assert employer.post(f"/api/v1/invitations/{token}").status_code == 201
    assert employer.post(f"/api/v1/invitations/{token}").status_code == 409  # used once
    items = employer.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence").json["items"]
    assert [i["title"] for i in items] == ["Mijn eerste stagedag"]
    shared = employer.get("/api/v1/shared-dossiers").json
    assert shared[0]["owner"]["display_name"] == "Daan"
    assert set(shared[0]["scopes"]) == {"view", "reflect"}


def test_the_owner_sees_pending_invitations_and_withdraws_one(register, smtp):
    owner, stranger = register("Daan"), register("Vreemde")
    url = f"/api/v1/dossiers/{owner.dossier_id}/grants"
    sent = owner.post(url, json={"email": "mentor@example.nl", "scopes": ["view"],
                                 "role": "mentor"}).json["invitation"]  # fmt: skip
    wait_until(lambda: smtp, what="the invitation mail")
    token = re.search(r"#/invitation/([A-Za-z0-9_-]+)", smtp[0].get_payload(decode=True).decode())
    pending = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/invitations").json
    assert [(i["email"], i["role"], i["scopes"]) for i in pending] == [
        ("mentor@example.nl", "mentor", ["view"])
    ]
    invitations = f"/api/v1/dossiers/{owner.dossier_id}/invitations"
    assert stranger.get(invitations).status_code == 404
    assert stranger.delete(f"{invitations}/{sent['id']}").status_code == 404

    assert owner.delete(f"{invitations}/{sent['id']}").status_code == 204
    assert owner.get(invitations).json == []
    mentor = register("Mentor")
    assert mentor.get(f"/api/v1/invitations/{token.group(1)}").status_code == 404
    assert mentor.post(f"/api/v1/invitations/{token.group(1)}").status_code == 404
    assert owner.delete(f"{invitations}/{sent['id']}").status_code == 404
    log = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/access-log").json["items"]
    assert log[0]["action"] == "invitation_withdrawn"


# --- the invitation mail, for the one who reads it ----------------------------------------

#: Words of the other language that must not turn up in a mail (scope codes among them).
_ENGLISH = re.compile(r"\b(view|reflect|contribute|invites?|you|the|and|link works)\b")
_DUTCH = re.compile(r"\b(bekijken|reflecteren|bijdragen|nodigt|je|het|en|namens|tot en met)\b")
_SCOPE_CODES = re.compile(r"\b(view|reflect|contribute)\b|\(.*,.*\)")


def _invitation_mail(lang, scopes=("view", "reflect", "contribute"), role="employer", until=None):
    from app.people.mail_texts import invitation_mail

    return invitation_mail(
        lang=lang, owner="Sanne", role=role, scopes=list(scopes), grant_expires_at=until,
        link="https://bagage.example/#/invitation/abc", link_expires_at=datetime(2030, 3, 14),
    )  # fmt: skip


def test_the_invitation_mail_in_dutch_has_plain_words_and_no_english():
    subject, body = _invitation_mail("nl", until=datetime(2099, 12, 31))
    assert subject == "Sanne nodigt je uit in Bagage"
    assert "Sanne nodigt je als werkgever uit" in body
    assert (
        "Je mag het portfolio van Sanne bekijken, erop reflecteren en bewijs toevoegen "
        "namens Sanne." in body
    )
    assert "Deze toegang loopt tot en met 31 december 2099." in body
    assert "De link werkt tot en met 14 maart 2030." in body
    assert not _ENGLISH.search(subject + body), _ENGLISH.search(subject + body)
    # Only what was granted; no role word for "other".
    _, body = _invitation_mail("nl", scopes=["view"], role="other")
    assert "Je mag het portfolio van Sanne bekijken." in body
    assert "reflecteren" not in body and "namens" not in body and "other" not in body
    assert "Deze toegang loopt" not in body  # no end date, no sentence about it


def test_the_invitation_mail_in_english_has_plain_words_and_no_dutch():
    subject, body = _invitation_mail("en", scopes=["contribute", "view"], role="coach",
                                     until=datetime(2099, 12, 31))  # fmt: skip
    assert subject == "Sanne invites you to Bagage"
    assert "Sanne invites you as coach to their portfolio" in body
    assert "You may view Sanne's portfolio and add evidence on Sanne's behalf." in body
    assert "This access lasts until 31 December 2099." in body
    assert not _DUTCH.search(subject + body), _DUTCH.search(subject + body)
    assert not _SCOPE_CODES.search(body.replace("view Sanne", "")), body


def test_the_workplace_link_mail_is_in_one_language():
    from datetime import date

    from app.people.mail_texts import workplace_link_mail

    texts = {
        lang: workplace_link_mail(
            lang=lang,
            supervisor="Peter",
            pupil="Daan",
            workplace="Bakkerij Roos",
            starts_on=date(2030, 2, 3),
            ends_on=date(2030, 4, 30),
            by="Fatima",
            link="https://bagage.example/#/werkplek/abc",
        )  # fmt: skip
        for lang in ("nl", "en")
    }
    subject, body = texts["nl"]
    assert subject == "Stage van Daan bij Bakkerij Roos"
    assert "(3 februari 2030 tot en met 30 april 2030)" in body
    assert not _ENGLISH.search(subject + body)
    subject, body = texts["en"]
    assert subject == "Daan's internship at Bakkerij Roos"
    assert "(3 February 2030 to 30 April 2030)" in body
    assert not _DUTCH.search(subject + body)


def test_the_invitation_mail_speaks_the_invitees_language(app, register):
    """An account's own language wins; without an account, the one the owner chose."""
    from tests.conftest import last_mail

    owner, english = register("Sanne"), register("Peter", locale="en")
    grants = f"/api/v1/dossiers/{owner.dossier_id}/grants"
    for email, language in [("nieuw@example.nl", "en"), ("nieuw2@example.nl", None),
                            (english.user["email"], "nl")]:  # fmt: skip
        body = {"email": email, "scopes": ["view", "reflect"], "role": "mentor"}
        if language:
            body["language"] = language
        assert owner.post(grants, json=body).status_code == 201
    assert last_mail(app, "nieuw@example.nl")["subject"] == "Sanne invites you to Bagage"
    assert last_mail(app, "nieuw2@example.nl")["subject"] == "Sanne nodigt je uit in Bagage"
    mail = last_mail(app, english.user["email"])
    assert mail["subject"] == "Sanne invites you to Bagage"
    assert "view Sanne's portfolio and reflect on it" in mail["body"]
    r = owner.post(grants, json={"email": "x@example.nl", "scopes": ["view"], "language": "de"})
    assert r.status_code == 422 and "language" in r.json["error"]["fields"]


def test_an_invitation_link_tells_who_it_is_for_before_logging_in(app, register):
    """The sign-up form fills in the invited address: the link holder may read it, logged out."""
    from tests.conftest import ApiClient, last_mail

    owner = register("Sanne")
    r = owner.post(f"/api/v1/dossiers/{owner.dossier_id}/grants",
                   json={"email": "Peter@Example.nl", "scopes": ["view"]})  # fmt: skip
    assert r.status_code == 201
    token = re.search(r"#/invitation/([A-Za-z0-9_-]+)", last_mail(app, "peter@example.nl")["body"])
    anonymous = ApiClient(app, {})
    r = anonymous.http.post("/api/v1/auth/invitation", json={"token": token.group(1)})
    assert r.status_code == 200, r.json
    assert r.json == {"email": "peter@example.nl", "owner": "Sanne"}
    r = anonymous.http.post("/api/v1/auth/invitation", json={"token": "x" * 40})
    assert r.status_code == 404
    # What it offers stays behind the login.
    assert anonymous.http.get(f"/api/v1/invitations/{token.group(1)}").status_code == 401
    # Once used, an old or forwarded link tells nothing any more.
    peter = register("Peter", email="peter@example.nl")
    assert peter.post(f"/api/v1/invitations/{token.group(1)}").status_code == 201
    r = anonymous.http.post("/api/v1/auth/invitation", json={"token": token.group(1)})
    assert r.status_code == 404


#: Grant columns that are bookkeeping or identity, not terms the owner chooses.
#: Where a grant came from, not what it gives: an internship's grant is never sent by e-mail.
_GRANT_BOOKKEEPING = {"id", "dossier_id", "grantee_id", "organisation_id", "created_at",
                      "updated_at", "revoked_at", "internship_id", "proposed_by_id"}  # fmt: skip


def test_an_accepted_invitation_gives_exactly_the_invited_terms(
    register, smtp, jpeg, builtins, session
):
    """Every term a grant has (now or later) survives the e-mail round trip."""
    from dataclasses import fields as dataclass_fields

    from app.people.services import GrantTerms

    terms_columns = {c.key for c in Grant.__table__.columns} - _GRANT_BOOKKEEPING
    # A new grant column must become a term, or invitations would silently drop it.
    assert terms_columns == {f.name for f in dataclass_fields(GrantTerms)}

    owner, invitee, direct = register("Daan"), register("Peter"), register("Mentor")
    shown = owner.upload(jpeg(), title="Zichtbaar").json
    owner.upload(None, title="Niet gedeeld")
    sbl = builtins["SBL-competenties"]
    item = owner.get(f"/api/v1/frameworks/{sbl}").json["items"][3]
    owner.post(f"/api/v1/evidence/{shown['id']}/competencies", json={"item_id": item["id"]})
    terms = {
        "scopes": ["view", "reflect"],
        "role": "coach",
        "expires_at": FUTURE,
        "evidence_ids": [shown["id"]],
        "item_ids": [item["id"]],
        "coach_may_rate": True,
    }
    defaults = {f.name: f.default for f in dataclass_fields(GrantTerms)}
    # Each term differs from its default, so a dropped term shows as a difference.
    assert not [name for name in terms_columns if terms.get(name) == defaults.get(name)]

    r = owner.post(f"/api/v1/dossiers/{owner.dossier_id}/grants",
                   json={"email": "coach@example.nl", **terms})  # fmt: skip
    assert r.status_code == 201, r.json
    wait_until(lambda: smtp, what="the invitation mail")
    token = re.search(r"#/invitation/([A-Za-z0-9_-]+)", smtp[0].get_payload(decode=True).decode())
    accepted = invitee.post(f"/api/v1/invitations/{token.group(1)}")
    assert accepted.status_code == 201, accepted.json
    given = _grant(owner, direct, **terms)

    accepted_row = session.get(Grant, uuid.UUID(accepted.json["id"]))
    direct_row = session.get(Grant, uuid.UUID(given["id"]))
    differences = {
        name: (getattr(accepted_row, name), getattr(direct_row, name))
        for name in sorted(terms_columns)
        if getattr(accepted_row, name) != getattr(direct_row, name)
    }
    assert differences == {}
    # And the invitee sees only the one item, as the owner meant.
    items = invitee.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence").json["items"]
    assert [i["id"] for i in items] == [shown["id"]]


# --- on behalf, reflections side by side, notifications -----------------------------------


def test_an_employer_adds_evidence_on_behalf_and_the_owner_decides(register, jpeg):
    owner, employer = register("Daan"), register("Peter")
    _grant(owner, employer, ["contribute", "view"], role="employer")
    r = employer.upload(jpeg(), title="Daan aan het werk")
    r = employer.post(
        f"/api/v1/dossiers/{owner.dossier_id}/evidence",
        data={"title": "Daan bij de kassa"}, content_type="multipart/form-data",
    )  # fmt: skip
    assert r.status_code == 201
    item = r.json
    assert (item["created_by"]["display_name"], item["created_role"]) == ("Peter", "employer")
    assert item["reviewed"] is False
    notes = owner.get("/api/v1/notifications").json
    assert notes["unread"] == 1
    assert notes["items"][0]["kind"] == "on_behalf_evidence"
    assert notes["items"][0]["payload"]["by"] == "Peter"
    # the employer can still change what they added
    assert (
        employer.patch(f"/api/v1/evidence/{item['id']}", json={"title": "Kassa"}).status_code == 200
    )
    # until the owner keeps it, others with view do not see it; kept, they do
    viewer = register("Juf")
    _grant(owner, viewer, ["view"], role="teacher")
    assert viewer.get(f"/api/v1/evidence/{item['id']}").status_code == 404
    owner.post(f"/api/v1/evidence/{item['id']}/review", json={"action": "keep"})
    assert viewer.get(f"/api/v1/evidence/{item['id']}").status_code == 200
    # the owner hides it: nobody but the owner sees it, not even its author
    owner.post(f"/api/v1/evidence/{item['id']}/review", json={"action": "hide"})
    assert viewer.get(f"/api/v1/evidence/{item['id']}").status_code == 404
    assert employer.get(f"/api/v1/evidence/{item['id']}").status_code == 404
    assert owner.get(f"/api/v1/evidence/{item['id']}").json["hidden"] is True
    # the employer cannot remove it; the owner can
    assert employer.delete(f"/api/v1/evidence/{item['id']}").status_code == 404
    assert owner.delete(f"/api/v1/evidence/{item['id']}").status_code == 204
    assert owner.get(f"/api/v1/evidence/{item['id']}").status_code == 404
    assert owner.post("/api/v1/notifications", json={}).json["unread"] == 0


def test_a_contributor_never_gets_the_owners_item_back_by_bytes_or_client_uid(register, jpeg):
    """Deduplication and retries are per uploader: the same bytes or the same client_uid
    from someone else make their own item and tell them nothing of the owner's."""
    owner, helper = register("Daan"), register("Peter")
    photo = jpeg()
    private = owner.upload(photo, title="Privé", description="Alleen voor mij",
                           client_uid="owner-uid-0001").json  # fmt: skip
    owner.upload(None, title="Privé notitie", client_uid="owner-uid-0002")
    _grant(owner, helper, ["contribute"], role="employer")
    url = f"/api/v1/dossiers/{owner.dossier_id}/evidence"

    def add(data: bytes | None, **fields):
        form = {**fields, **({"file": (io.BytesIO(data), "photo.jpg")} if data else {})}
        return helper.post(url, data=form, content_type="multipart/form-data")

    same_bytes = add(photo, title="Mijn foto", client_uid="helper-uid-001")
    assert same_bytes.status_code == 201, same_bytes.json
    same_uid = add(None, title="Mijn notitie", client_uid="owner-uid-0002")
    assert same_uid.status_code == 201, same_uid.json
    for answer in (same_bytes.json, same_uid.json):
        assert answer["id"] != private["id"]
        assert "Privé" not in str(answer) and "Alleen voor mij" not in str(answer)
    assert same_bytes.json["title"] == "Mijn foto"
    assert same_uid.json["title"] == "Mijn notitie"
    # The helper's own retry is still answered with the helper's own item.
    retry = add(photo, title="Mijn foto", client_uid="helper-uid-001")
    assert (retry.status_code, retry.json["id"]) == (200, same_bytes.json["id"])
    assert {i["title"] for i in helper.get(url).json["items"]} == {"Mijn foto", "Mijn notitie"}
    # The owner's own duplicates behave as before.
    again = owner.upload(photo, title="Nog eens")
    assert (again.status_code, again.json["id"]) == (200, private["id"])


def test_reflections_from_three_roles_show_side_by_side(register, builtins, jpeg):
    pupil, coordinator, employer = register("Daan"), register("Fatima"), register("Peter")
    _grant(pupil, coordinator, ["reflect"], role="coordinator")
    _grant(pupil, employer, ["reflect"], role="employer")
    wv = builtins["Werknemersvaardigheden:"]
    pupil.put(f"/api/v1/dossiers/{pupil.dossier_id}/frameworks", json={"framework_ids": [str(wv)]})
    item = pupil.get(
        "/api/v1/competencies", query_string={"q": "op tijd", "dossier_id": pupil.dossier_id}
    ).json[0]
    evidence = pupil.upload(jpeg(), title="Om 8 uur begonnen").json
    pupil.post(f"/api/v1/evidence/{evidence['id']}/competencies", json={"item_id": item["id"]})
    url = f"/api/v1/evidence/{evidence['id']}/reflections"
    starr = {
        "situatie": "Eerste stageweek",
        "taak": "Op tijd beginnen",
        "actie": "Wekker om 7",
        "resultaat": "Elke dag op tijd",
        "reflectie": "Het lukt als ik vroeg opsta",
    }
    assert pupil.post(url, json={"model": "starr", "content": starr, "item_id": item["id"],
                                 "level": 2}).status_code == 201  # fmt: skip
    r = coordinator.post(
        url,
        json={
            "model": "korthagen",
            "item_id": item["id"],
            "level": 2,
            "content": {"handelen": "Gesprek", "terugblikken": "Goed"},
        },
    )
    assert r.status_code == 201, r.json
    r = employer.post(url, json={"content": {"text": "Altijd op tijd."}, "item_id": item["id"],
                                 "level": 3})  # fmt: skip
    assert r.status_code == 201
    assert r.json["level_label"] == "Zelfstandig"
    # a level that is not on the scale, or an unknown prompt, is refused
    assert employer.post(url, json={"content": {"text": "x"}, "item_id": item["id"],
                                    "level": 9}).status_code == 422  # fmt: skip
    assert (
        employer.post(url, json={"model": "starr", "content": {"gevoel": "x"}}).status_code == 422
    )

    sides = pupil.get(
        f"/api/v1/dossiers/{pupil.dossier_id}/competencies/{item['id']}/perspectives"
    ).json
    assert [s["role"] for s in sides] == ["owner", "coordinator", "employer"]
    assert sides[0]["reflections"][0]["content"]["reflectie"] == "Het lukt als ik vroeg opsta"
    assert [s["levels"][-1]["level"] for s in sides] == [2, 2, 3]
    coverage = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/coverage",
                         query_string={"framework_id": str(wv)}).json  # fmt: skip
    row = next(r for r in coverage["rows"] if r["item"]["id"] == item["id"])
    assert row["roles"] == ["coordinator", "employer", "owner"]
    assert row["levels"]["employer"]["label"] == "Zelfstandig"
    # the pupil was told about both reflections
    kinds = [n["kind"] for n in pupil.get("/api/v1/notifications").json["items"]]
    assert kinds.count("reflection") == 2


def test_reflections_keep_their_history_and_can_be_withdrawn(register):
    owner, coach = register("Sanne"), register("Coach")
    _grant(owner, coach, ["reflect"], role="coach")
    evidence = owner.upload(None, title="Les 1").json
    r = coach.post(f"/api/v1/evidence/{evidence['id']}/reflections",
                   json={"content": {"text": "Eerste versie"}})  # fmt: skip
    reflection = r.json
    assert (
        owner.patch(
            f"/api/v1/reflections/{reflection['id']}",
            json={"content": {"text": "Van iemand anders"}},
        ).status_code
        == 404
    )
    r = coach.patch(f"/api/v1/reflections/{reflection['id']}", json={"content": {"text": "Beter"}})
    assert r.status_code == 200
    assert r.json["edited"] is True
    assert [v["content"]["text"] for v in r.json["versions"]] == ["Eerste versie"]
    assert coach.delete(f"/api/v1/reflections/{reflection['id']}").status_code == 204
    assert owner.get(f"/api/v1/evidence/{evidence['id']}/reflections").json == []


def test_mentions_notify_and_only_participants_can_be_mentioned(register):
    owner, coordinator, stranger = register("Daan"), register("Fatima"), register("Vreemde")
    _grant(owner, coordinator, ["reflect"])
    url = f"/api/v1/dossiers/{owner.dossier_id}/messages"
    r = owner.post(url, json={"body": "@Fatima kijk je even?",
                              "mentions": [coordinator.user["id"]]})  # fmt: skip
    assert r.status_code == 201
    assert coordinator.get("/api/v1/notifications").json["items"][0]["kind"] == "mention"
    assert (
        owner.post(url, json={"body": "hoi", "mentions": [stranger.user["id"]]}).status_code == 422
    )
    assert [m["body"] for m in coordinator.get(url).json] == ["@Fatima kijk je even?"]


def test_everyone_in_the_conversation_sees_who_can_be_mentioned(register):
    owner, coordinator, employer = register("Daan"), register("Fatima"), register("Peter")
    viewer, former = register("Juf"), register("Oud")
    _grant(owner, coordinator, ["reflect"], role="coordinator")
    _grant(owner, employer, ["view", "contribute"], role="employer")
    _grant(owner, viewer, ["view"], role="teacher")
    old = _grant(owner, former, ["reflect"], role="mentor")
    owner.delete(f"/api/v1/grants/{old['id']}")
    url = f"/api/v1/dossiers/{owner.dossier_id}/participants"
    seen = employer.get(url).json
    assert [(p["user"]["display_name"], p["role"]) for p in seen] == [
        ("Daan", "owner"), ("Fatima", "coordinator"), ("Peter", "employer"),
    ]  # fmt: skip
    assert viewer.get(url).status_code == 404  # only looks: not in the conversation
    messages = f"/api/v1/dossiers/{owner.dossier_id}/messages"
    r = employer.post(messages, json={"body": "@Fatima", "mentions": [coordinator.user["id"]]})
    assert r.status_code == 201
    r = employer.post(messages, json={"body": "@Oud", "mentions": [former.user["id"]]})
    assert r.status_code == 422  # access revoked: no longer in the conversation


# --- access log ---------------------------------------------------------------------------


def test_the_owner_sees_who_read_what_and_every_grant_change(register, jpeg):
    owner, mentor = register("Daan"), register("Mentor")
    grant = _grant(owner, mentor, ["view"], role="mentor")
    item = owner.upload(jpeg(), title="Foto").json
    mentor.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence")
    mentor.get(f"/api/v1/evidence/{item['id']}")
    fetch(mentor, item["media"]["thumbnail"]["url"])
    owner.get(f"/api/v1/evidence/{item['id']}")  # the owner's own reads are not logged
    owner.delete(f"/api/v1/grants/{grant['id']}")
    log = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/access-log").json["items"]
    actions = [(e["actor_label"], e["action"]) for e in reversed(log)]
    assert actions == [
        ("Daan", "grant_created"),
        ("Mentor", "read_dossier"),
        ("Mentor", "read_evidence"),
        ("Mentor", "read_photo"),
        ("Daan", "grant_revoked"),
    ]


# --- live events ----------------------------------------------------------------------------


def _read_events(response, count: int, timeout: float = 10) -> list[dict]:
    """Parse `count` SSE events from a streaming test response: {seq, kind, data}. The
    stream's opening `ready` (its cursor) is not counted."""
    import json as _json

    events, buffer = [], ""
    deadline = time.monotonic() + timeout
    for chunk in response.response:
        buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            fields = dict(
                line.split(": ", 1)
                for line in block.splitlines()
                if ": " in line and not line.startswith(":")
            )
            if "data" in fields and fields.get("event") != "ready":
                data = _json.loads(fields["data"])
                events.append({"seq": fields.get("id"), "kind": fields.get("event"), "data": data})
        if len(events) >= count or time.monotonic() > deadline:
            break
    return events


def test_a_stream_opens_with_its_cursor_so_a_quiet_reconnect_misses_nothing(register):
    owner = register("Daan")
    owner.upload(None, title="Voor de stroom")
    url = f"/api/v1/dossiers/{owner.dossier_id}/events"
    response = owner.get(url, buffered=False)
    opening = next(iter(response.response))
    response.close()
    opening = opening.decode() if isinstance(opening, bytes) else opening
    cursor = re.search(r"^id: (\d+)\nevent: ready\n", opening, re.M)
    assert cursor, opening
    # Something happens before the client's first event; it reconnects with the cursor.
    made = owner.upload(None, title="Tussendoor").json
    response = owner.get(url, headers={"Last-Event-ID": cursor[1]}, buffered=False)
    heard = _read_events(response, 1)
    response.close()
    assert [(e["kind"], e["data"]["id"]) for e in heard] == [("evidence_created", made["id"])]


def test_events_replay_from_last_event_id(register):
    owner = register("Daan")
    first = owner.upload(None, title="Een").json
    second = owner.upload(None, title="Twee").json
    url = f"/api/v1/dossiers/{owner.dossier_id}/events"
    # A client that has seen nothing (Last-Event-ID 0) gets both, in order.
    response = owner.get(url, headers={"Last-Event-ID": "0"}, buffered=False)
    events = _read_events(response, 2)
    response.close()
    assert [(e["kind"], e["data"]["id"]) for e in events] == [
        ("evidence_created", first["id"]),
        ("evidence_created", second["id"]),
    ]
    # Reconnecting after the first event gives only what came after it.
    response = owner.get(url, headers={"Last-Event-ID": events[0]["seq"]}, buffered=False)
    later = _read_events(response, 1)
    response.close()
    assert [e["data"]["id"] for e in later] == [second["id"]]


@pytest.mark.parametrize("seen", ["\u00b2", "9" * 5000, "12abc", "-1"])
def test_a_strange_last_event_id_starts_from_now(register, seen):
    owner = register("Daan")
    owner.upload(None, title="Een")
    for url in (f"/api/v1/dossiers/{owner.dossier_id}/events", "/api/v1/me/events"):
        response = owner.get(url, headers={"Last-Event-ID": seen.encode("utf-8").decode("latin-1")},
                             buffered=False)  # fmt: skip
        assert response.status_code == 200
        response.close()
        response = owner.get(url, query_string={"last_event_id": seen}, buffered=False)
        assert response.status_code == 200
        response.close()


def test_a_live_stream_carries_only_what_the_listener_may_see(register):
    """Each event passes the access policy for each listener: an item outside a limited
    grant never reaches it, not even its id; the conversation only those who take part."""
    owner, mentor, viewer = register("Daan"), register("Mentor"), register("Kijker")
    shown = owner.upload(None, title="Zichtbaar").json
    secret = owner.upload(None, title="Geheim").json
    gone = owner.upload(None, title="Weg ermee").json
    _grant(owner, mentor, ["view", "reflect"], role="mentor", evidence_ids=[shown["id"]])
    _grant(owner, viewer, ["view"], role="other")
    url = f"/api/v1/dossiers/{owner.dossier_id}/events"
    # Closed in the reverse order of opening (the test client stacks their contexts).
    streams = {who: who.get(url, buffered=False) for who in (viewer, mentor)}
    owner.patch(f"/api/v1/evidence/{secret['id']}", json={"title": "Nog steeds geheim"})
    owner.post(f"/api/v1/evidence/{secret['id']}/reflections", json={"content": {"text": "Hm"}})
    owner.delete(f"/api/v1/evidence/{gone['id']}")
    owner.post(f"/api/v1/dossiers/{owner.dossier_id}/messages", json={"body": "Hallo"})
    owner.patch(f"/api/v1/evidence/{shown['id']}", json={"title": "Het laatste"})

    mentor_events = _read_events(streams[mentor], 2)
    assert [e["kind"] for e in mentor_events] == ["message_posted", "evidence_updated"]
    assert mentor_events[1]["data"]["id"] == shown["id"]
    assert secret["id"] not in str(mentor_events) and gone["id"] not in str(mentor_events)
    streams[mentor].close()
    viewer_events = _read_events(streams[viewer], 4)
    assert [(e["kind"], e["data"].get("evidence_id", e["data"]["id"])) for e in viewer_events] == [
        ("evidence_updated", secret["id"]),
        ("reflection_added", secret["id"]),
        ("evidence_deleted", gone["id"]),
        ("evidence_updated", shown["id"]),  # not the conversation: view only
    ]
    assert all(not k.startswith("_") for e in viewer_events for k in e["data"])
    streams[viewer].close()


def test_a_listener_hears_that_an_item_they_saw_was_hidden_and_nobody_else_does(register):
    owner, mentor, viewer = register("Daan"), register("Mentor"), register("Kijker")
    helper = register("Peter")
    _grant(owner, helper, ["contribute"], role="employer")
    url = f"/api/v1/dossiers/{owner.dossier_id}/evidence"
    added = helper.post(url, data={"title": "Van Peter"}, content_type="multipart/form-data").json
    owner.post(f"/api/v1/evidence/{added['id']}/review", json={"action": "keep"})
    marker = owner.upload(None, title="Markering").json
    _grant(owner, mentor, ["view"], role="mentor", evidence_ids=[marker["id"]])
    _grant(owner, viewer, ["view"], role="other")
    events = f"/api/v1/dossiers/{owner.dossier_id}/events"
    streams = {who: who.get(events, buffered=False) for who in (viewer, mentor)}
    review = f"/api/v1/evidence/{added['id']}/review"
    assert owner.post(review, json={"action": "hide"}).status_code == 200
    owner.patch(f"/api/v1/evidence/{marker['id']}", json={"title": "Het laatste"})

    heard = _read_events(streams[mentor], 1)
    assert [e["data"]["id"] for e in heard] == [marker["id"]]  # never saw it: hears nothing
    streams[mentor].close()
    heard = _read_events(streams[viewer], 2)
    assert [e["data"]["id"] for e in heard] == [added["id"], marker["id"]]
    streams[viewer].close()


def test_a_listener_hears_of_an_item_added_on_behalf_only_once_the_owner_kept_it(register):
    owner, viewer, helper = register("Daan"), register("Kijker"), register("Peter")
    _grant(owner, helper, ["contribute"], role="employer")
    _grant(owner, viewer, ["view"], role="other")
    stream = viewer.get(f"/api/v1/dossiers/{owner.dossier_id}/events", buffered=False)
    url = f"/api/v1/dossiers/{owner.dossier_id}/evidence"
    added = helper.post(url, data={"title": "Van Peter"}, content_type="multipart/form-data").json
    helper.patch(f"/api/v1/evidence/{added['id']}", json={"title": "Nog steeds van Peter"})
    marker = owner.upload(None, title="Markering").json
    heard = _read_events(stream, 1)  # not the item while it waits for the owner
    assert [(e["kind"], e["data"]["id"]) for e in heard] == [("evidence_created", marker["id"])]
    owner.post(f"/api/v1/evidence/{added['id']}/review", json={"action": "keep"})
    heard = _read_events(stream, 1)  # kept: now it reaches those who look along
    assert [(e["kind"], e["data"]["id"]) for e in heard] == [("evidence_updated", added["id"])]
    stream.close()


def _rest_of_stream(response, timeout: float = 10) -> list[dict]:
    """Every event until the server ends the stream (a stream that stays open fails)."""
    import json as _json

    events, buffer = [], ""
    deadline = time.monotonic() + timeout
    for chunk in response.response:
        buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.splitlines()
                          if ": " in line and not line.startswith(":"))  # fmt: skip
            if "data" in fields and fields.get("event") != "ready":
                events.append({"kind": fields.get("event"), "data": _json.loads(fields["data"])})
        assert time.monotonic() < deadline, f"the stream did not end: {events}"
    return events


def test_a_live_stream_ends_when_the_grant_is_revoked(register):
    owner, mentor = register("Daan"), register("Mentor")
    grant = _grant(owner, mentor, ["view"], role="mentor")
    response = mentor.get(f"/api/v1/dossiers/{owner.dossier_id}/events", buffered=False)
    first = owner.upload(None, title="Nog gedeeld").json
    assert [e["data"]["id"] for e in _read_events(response, 1)] == [first["id"]]
    assert owner.delete(f"/api/v1/grants/{grant['id']}").status_code == 204
    after = owner.upload(None, title="Niet meer gedeeld").json
    rest = _rest_of_stream(response)
    assert [e["kind"] for e in rest] == ["access_ended"]
    assert after["id"] not in str(rest)


def test_a_live_stream_ends_when_the_grant_expires(register):
    owner, mentor = register("Daan"), register("Mentor")
    grant = _grant(owner, mentor, ["view"], role="mentor")
    response = mentor.get(f"/api/v1/dossiers/{owner.dossier_id}/events", buffered=False)
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    assert (
        owner.patch(f"/api/v1/grants/{grant['id']}", json={"expires_at": soon}).status_code == 200
    )
    first = owner.upload(None, title="Nog even gedeeld").json
    assert [e["data"]["id"] for e in _read_events(response, 1)] == [first["id"]]
    # Nothing else happens in the dossier: the stream notices the end by itself.
    assert [e["kind"] for e in _rest_of_stream(response)] == ["access_ended"]


def test_the_bell_stream_follows_the_unread_count(register):
    owner, coordinator = register("Daan"), register("Fatima")
    _grant(owner, coordinator, ["reflect"])
    response = coordinator.get("/api/v1/me/events", buffered=False)
    assert response.headers["Content-Type"].startswith("text/event-stream")
    assert _read_events(response, 1) == [
        {"seq": None, "kind": "notifications", "data": {"unread": 1}}  # the grant itself
    ]
    owner.post(f"/api/v1/dossiers/{owner.dossier_id}/messages",
               json={"body": "@Fatima", "mentions": [coordinator.user["id"]]})  # fmt: skip
    # The message is news in a dossier she supports, too: her caseload is to be fetched again.
    assert [(e["kind"], e["data"]) for e in _read_events(response, 2)] == [
        ("notifications", {"unread": 2}),
        ("caseload", {}),
    ]
    assert coordinator.post("/api/v1/notifications", json={}).status_code == 200
    assert [e["data"] for e in _read_events(response, 1)] == [{"unread": 0}]
    response.close()
    assert register("Vreemde").get("/api/v1/me/events", buffered=False).status_code == 200
    anonymous = owner.http.application.test_client()
    assert anonymous.get("/api/v1/me/events").status_code == 401


def test_an_attachment_in_the_conversation_can_become_evidence(register, jpeg):
    import io

    owner, employer, coordinator = register("Daan"), register("Peter"), register("Fatima")
    _grant(owner, employer, ["contribute", "reflect"], role="employer")
    _grant(owner, coordinator, ["reflect"], role="coordinator")
    url = f"/api/v1/dossiers/{owner.dossier_id}/messages/attachment"
    r = employer.post(url, data={"body": "Foto van vandaag", "file": (io.BytesIO(jpeg()), "x.jpg")},
                      content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 201, r.json
    attachment = r.json["attachment"]
    assert attachment["in_dossier"] is False and attachment["thumbnail_url"]
    timeline = owner.get(f"/api/v1/dossiers/{owner.dossier_id}/evidence").json["items"]
    assert [i["id"] for i in timeline] == [attachment["id"]]  # the owner sees it, marked hidden
    assert timeline[0]["hidden"] is True
    # reflect-only participants read the message but not the hidden file
    seen = coordinator.get(f"/api/v1/dossiers/{owner.dossier_id}/messages").json
    assert seen[0]["body"] == "Foto van vandaag" and seen[0]["attachment"] is None
    assert coordinator.post(url, data={"file": (io.BytesIO(jpeg()), "y.jpg")},
                            content_type="multipart/form-data").status_code == 404  # fmt: skip
    # the owner keeps it: now it is evidence everyone with view access sees
    owner.post(f"/api/v1/evidence/{attachment['id']}/review", json={"action": "show"})
    seen = coordinator.get(f"/api/v1/dossiers/{owner.dossier_id}/messages").json
    assert seen[0]["attachment"]["in_dossier"] is True


def test_the_coordinator_hears_about_what_the_employer_added(register):
    pupil, coordinator, employer, viewer = (
        register("Daan"), register("Fatima"), register("Peter"), register("Juf"),
    )  # fmt: skip
    _grant(pupil, coordinator, ["reflect"], role="coordinator")
    _grant(pupil, employer, ["contribute"], role="employer")
    _grant(pupil, viewer, ["view"], role="teacher")
    added = employer.post(
        f"/api/v1/dossiers/{pupil.dossier_id}/evidence",
        data={"title": "Kassa"},
        content_type="multipart/form-data",
    ).json

    def told(person) -> list[dict]:
        return [n for n in person.get("/api/v1/notifications").json["items"]
                if n["kind"] == "on_behalf_evidence"]  # fmt: skip

    # Only the pupil hears of it at first: nobody else may see it before the pupil keeps it.
    assert [(n["payload"]["by"], n["payload"]["title"]) for n in told(pupil)] == [
        ("Peter", "Kassa")
    ]
    assert told(coordinator) == told(employer) == told(viewer) == []
    pupil.post(f"/api/v1/evidence/{added['id']}/review", json={"action": "keep"})
    note = told(coordinator)
    assert [(n["payload"]["by"], n["payload"]["evidence_id"]) for n in note] == [
        ("Peter", added["id"])
    ]
    assert len(told(pupil)) == 1  # the pupil decided: not told again
    # the author, and someone who only looks: not told
    assert told(employer) == told(viewer) == []
    pupil.post(f"/api/v1/evidence/{added['id']}/review", json={"action": "keep"})
    assert len(told(coordinator)) == 1  # kept once, told once
