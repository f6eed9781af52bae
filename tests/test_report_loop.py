"""The report loop: a report sent for signature reaches each signer in the app, by push and by
e-mail with a link that opens it; signatures show in its state at a glance."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.conftest import mails_to
from tests.test_people import _grant

pytestmark = pytest.mark.usefixtures("storage")

PERIOD = {"period_start": "2026-10-01", "period_end": "2026-11-30"}


@pytest.fixture
def team(register):
    pupil, coordinator, employer = register("Daan"), register("Fatima"), register("Peter")
    _grant(pupil, coordinator, ["view", "reflect"], role="coordinator")
    _grant(pupil, employer, ["view", "reflect", "contribute"], role="employer")
    return pupil, coordinator, employer


def _report(composer, pupil, **extra) -> dict:
    r = composer.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports",
                      json={"title": "Stageverslag", **PERIOD, **extra})  # fmt: skip
    assert r.status_code == 201, r.json
    return r.json


def _requests_to_sign(client) -> list[dict]:
    return [n for n in client.get("/api/v1/notifications").json["items"]
            if n["kind"] == "signature_request"]  # fmt: skip


def test_sending_a_report_for_signature_tells_each_signer_and_its_state_follows(app, team):
    pupil, coordinator, employer = team
    report = _report(coordinator, pupil)
    assert report["state"] == "draft"
    assert not _requests_to_sign(employer)

    sent = coordinator.post(f"/api/v1/reports/{report['id']}/signature-request")
    assert sent.status_code == 200, sent.json
    assert sent.json["state"] == "awaiting_signatures"
    assert {(s["name"], s["signed_at"]) for s in sent.json["signers"]} == {
        ("Fatima", None),
        ("Peter", None),
    }
    # The employer is told in the app and by mail, with a link that opens the report; the
    # coordinator who sent it is not told of her own request.
    [request] = _requests_to_sign(employer)
    assert request["payload"]["report_id"] == report["id"] and request["payload"]["by"] == "Fatima"
    assert not _requests_to_sign(coordinator)
    mail = mails_to(app, employer.user["email"])[-1]
    assert "wacht op je handtekening" in mail["subject"]
    assert re.search(rf"/#/report/{report['id']}\b", mail["body"])

    again = coordinator.post(f"/api/v1/reports/{report['id']}/signature-request")
    assert (again.status_code, again.json["error"]["code"]) == (409, "sent_recently")
    assert len(_requests_to_sign(employer)) == 1  # a reminder at most once a day

    employer.post(f"/api/v1/reports/{report['id']}/signoff")
    glance = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/reports").json[0]
    assert glance["state"] == "awaiting_signatures"
    assert [s["name"] for s in glance["signers"] if s["signed_at"]] == ["Peter"]
    coordinator.post(f"/api/v1/reports/{report['id']}/signoff")
    assert pupil.get(f"/api/v1/reports/{report['id']}").json["state"] == "signed"


def test_a_changed_report_asks_those_who_signed_to_sign_again(team):
    pupil, coordinator, employer = team
    report = _report(coordinator, pupil)
    coordinator.post(f"/api/v1/reports/{report['id']}/signature-request")
    employer.post(f"/api/v1/reports/{report['id']}/signoff")
    assert len(_requests_to_sign(employer)) == 1

    changed = coordinator.patch(f"/api/v1/reports/{report['id']}", json={"hours": 80}).json
    assert changed["state"] == "awaiting_signatures" and changed["signoffs"] == []
    assert len(_requests_to_sign(employer)) == 2


def test_only_its_author_side_sends_a_report_and_it_needs_someone_to_sign(register, team):
    pupil, coordinator, employer = team
    report = _report(coordinator, pupil)
    refused = employer.post(f"/api/v1/reports/{report['id']}/signature-request")
    assert refused.status_code == 404  # the workplace confirms; it does not compose

    alone = register("Noor")
    lonely = _report(alone, alone)
    r = alone.post(f"/api/v1/reports/{lonely['id']}/signature-request")
    assert r.status_code == 422 and r.json["error"]["code"] == "no_signers"
    assert alone.get(f"/api/v1/reports/{lonely['id']}").json["state"] == "draft"


def test_the_report_of_an_internship_is_signed_by_its_own_supervisor(app, register, team):
    import uuid
    from datetime import date

    from app.db import db
    from app.people.models import Grant, Internship

    pupil, coordinator, employer = team
    other_employer = register("Greet")
    _grant(pupil, other_employer, ["view"], role="employer")
    with app.app_context():
        session = db.session()
        internship = Internship(
            dossier_id=uuid.UUID(pupil.dossier_id), workplace="Bakkerij De Korenaar",
            supervisor_name="Peter", supervisor_email=employer.user["email"],
            starts_on=date(2026, 10, 1), ends_on=date(2026, 11, 30), scopes=["view"],
            status="approved",
        )  # fmt: skip
        session.add(internship)
        session.flush()
        grant = session.query(Grant).filter_by(grantee_id=uuid.UUID(employer.user["id"])).one()
        grant.internship_id = internship.id
        internship_id = str(internship.id)
        db.commit()

    report = _report(coordinator, pupil, internship_id=internship_id)
    url = f"/api/v1/reports/{report['id']}"
    assert employer.get(url).json["you"]["may_sign"] is True
    assert other_employer.get(url).json["you"]["may_sign"] is False
    assert other_employer.post(f"{url}/signoff").status_code == 403
    assert {s["name"] for s in report["signers"]} == {"Fatima", "Peter"}

    # Nor does the internship's supervisor sign a report of another workplace.
    elsewhere = _report(coordinator, pupil, internship="Garage Janssens")
    assert employer.get(f"/api/v1/reports/{elsewhere['id']}").json["you"]["may_sign"] is False
    assert employer.post(f"/api/v1/reports/{elsewhere['id']}/signoff").status_code == 403

    foreign = register("Kim")
    r = foreign.post(f"/api/v1/dossiers/{foreign.dossier_id}/reports",
                     json={"title": "x", **PERIOD, "internship_id": internship_id})  # fmt: skip
    assert r.status_code == 422 and "internship_id" in r.json["error"]["fields"]


def test_the_supervisor_without_an_account_is_sent_a_fresh_link_to_the_report(app, team):
    from tests.test_workplace import confirm
    from tests.workplace_links import internship_with_link

    pupil, coordinator, _employer = team
    email = f"jan-{uuid.uuid4().hex[:8]}@bakkerij.be"
    first = internship_with_link(app, pupil.dossier_id, email)
    report = _report(coordinator, pupil, internship_id=str(first["internship"]))
    coordinator.post(f"/api/v1/reports/{report['id']}/signature-request")

    mail = mails_to(app, email)[-1]
    assert mail["subject"] == "Het stageverslag van Daan wacht op uw handtekening"
    found = re.search(r"#/werkplek/([A-Za-z0-9_-]+)\?then=/report/([0-9a-f-]+)", mail["body"])
    assert found and found.group(2) == report["id"]
    assert found.group(1) != first["token"]  # a fresh link: only hashes of the first are kept
    supervisor = confirm(app, {**first, "token": found.group(1)})
    signed = supervisor.post(f"/api/v1/reports/{report['id']}/signoff")
    assert signed.status_code == 200, signed.json
    assert [s["name"] for s in signed.json["signers"] if s["signed_at"]] == ["Jan Bakker"]
