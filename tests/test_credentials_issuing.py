"""Verifiable credentials issued from confirmations given in the app: a signed report, a
supervisor's level on a competency. Downloads bake and unbake, revocation flips the status
list, the CV shows only what the owner chose, and the issuer's keys are published."""

from __future__ import annotations

import base64
import json

import pytest

from app.credentials import verify
from app.credentials.data_integrity import verify_proof
from app.credentials.jwt import verify_vc_jwt
from app.credentials.keys import key_from_jwk, multikey_to_public_key
from app.issuing import baking, issuer
from tests.test_people import _grant

pytestmark = pytest.mark.usefixtures("storage")


@pytest.fixture
def confirmed(register, jpeg, app):
    """Daan's internship: Peter (employer) gave a level and signed the report."""
    from app.db import db
    from competencies.builtin import sync_builtin

    with app.app_context():
        sync_builtin(db.session())
        db.commit()
    pupil, coordinator, employer = register("Daan"), register("Fatima"), register("Peter")
    _grant(pupil, coordinator, ["view", "reflect"], role="coordinator")
    _grant(pupil, employer, ["view", "reflect"], role="employer")
    item = pupil.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    photo = pupil.upload(jpeg(), title="Om 8 uur begonnen",
                         occurred_at="2026-10-06T08:00:00+00:00").json  # fmt: skip
    pupil.post(f"/api/v1/evidence/{photo['id']}/competencies", json={"item_id": item["id"]})
    url = f"/api/v1/evidence/{photo['id']}/reflections"
    level = employer.post(url, json={"content": {"text": "Altijd stipt aanwezig."},
                                     "item_id": item["id"], "level": 3}).json  # fmt: skip
    report = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/reports", json={
        "title": "Stageverslag keuken", "internship": "De Gouden Lepel",
        "period_start": "2026-10-01", "period_end": "2026-11-30", "hours": 120}).json  # fmt: skip
    return pupil, coordinator, employer, report, level, item


def _issuer_key(app, document: dict):
    with app.test_request_context():
        keys = {k.id: k.public for k in issuer.signing_keys()}
    return keys[document["proof"]["verificationMethod"]]


def test_a_signed_report_becomes_a_credential_that_verifies(app, confirmed):
    pupil, coordinator, employer, report, _level, _item = confirmed
    made = pupil.post(f"/api/v1/reports/{report['id']}/credential", json={})
    assert made.status_code == 409 and made.json["error"]["code"] == "not_confirmed"
    assert employer.post(f"/api/v1/reports/{report['id']}/signoff").status_code == 200

    made = pupil.post(f"/api/v1/reports/{report['id']}/credential", json={"name": "Daan V."})
    assert made.status_code == 201, made.json
    credential = made.json
    assert credential["kind"] == "report" and credential["holder"] == "Daan V."
    assert [e["name"] for e in credential["endorsers"]] == ["Peter"]
    document = json.loads(pupil.get(credential["downloads"]["json"]).data)
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"].startswith("did:web:")
    subject = document["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Daan V."
    assert "De Gouden Lepel" in subject["achievement"]["name"]
    assert "Peter" in document["evidence"][0]["name"]
    assert pupil.user["email"] not in json.dumps(document)  # no e-mail address
    verify_proof(document, _issuer_key(app, document))
    # The same credential as a VC-JWT.
    token = pupil.get(credential["downloads"]["jwt"]).get_data(as_text=True)
    jwks = app.test_client().get("/.well-known/jwks.json").json
    key = key_from_jwk(jwks["keys"][0])
    payload = verify_vc_jwt(token, key)
    assert payload["id"] == document["id"] and payload["iss"] == document["issuer"]["id"]


def test_a_supervisors_level_becomes_a_credential_aligned_to_the_competency(app, confirmed):
    pupil, coordinator, employer, _report, level, item = confirmed
    made = pupil.post(f"/api/v1/reflections/{level['id']}/credential", json={})
    assert made.status_code == 201, made.json
    document = json.loads(pupil.get(made.json["downloads"]["json"]).data)
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Competency"
    (alignment,) = achievement["alignment"]
    assert alignment["targetCode"] == item["identifier"]
    assert alignment["targetType"] == "CFItem"
    assert document["credentialSubject"]["result"][0]["value"] == level["level_label"] != ""
    assert "Peter" in document["evidence"][0]["name"]
    verify_proof(document, _issuer_key(app, document))


def test_no_one_makes_a_credential_of_a_level_they_gave_themselves(app, confirmed):
    import uuid

    from app.db import db
    from app.dossiers.models import Reflection

    pupil, _coordinator, _employer, _report, level, _item = confirmed
    # However a level of one's own came to carry a workplace role, it endorses nobody.
    with app.app_context():
        db.session().get(Reflection, uuid.UUID(level["id"])).author_id = uuid.UUID(pupil.user["id"])
        db.commit()
    made = pupil.post(f"/api/v1/reflections/{level['id']}/credential", json={})
    assert made.status_code == 422 and made.json["error"]["code"] == "not_a_level"
    assert pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/credentials").json == []


def test_an_erased_account_leaves_its_revoked_bit_set_and_never_given_again(
    app, confirmed, monkeypatch
):
    from app.db import db
    from app.issuing import services

    pupil, _coordinator, employer, report, _level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    document = json.loads(pupil.get(credential["downloads"]["json"]).data)
    url = f"/api/v1/credentials/{credential['id']}/revoke"
    assert employer.post(url, json={"reason": "Verkeerde periode"}).status_code == 200
    assert pupil.delete("/api/v1/me", json={"password": "correct horse battery"}).status_code == 204

    # A copy out in the world still reads as revoked ...
    assert _status_bit(app, document) is True
    # ... and its bit goes to no one else, even when chance points at it first.
    index = int(document["credentialStatus"]["statusListIndex"])
    chances = iter([index, index + 1])
    monkeypatch.setattr(services.secrets, "randbelow", lambda _n: next(chances))
    with app.app_context():
        assert services._free_index(db.session()) == index + 1
        db.session().rollback()


def test_the_dossier_export_carries_the_credentials_as_issued(app, confirmed):
    from tests.test_portability import _export, _manifest

    pupil, _coordinator, employer, report, _level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    [exported] = _manifest(_export(pupil))["credentials"]
    assert exported["title"] == credential["title"] and exported["revoked_at"] is None
    # The copy that leaves with the owner verifies, as JSON and as VC-JWT.
    for sent in (exported["credential"], exported["jwt"]):
        verdict = app.test_client().post("/api/v1/credentials/verify", json={"credential": sent})
        assert verdict.json["valid"] is True, verdict.json


def _signed_credential(pupil, employer, report) -> dict:
    assert employer.post(f"/api/v1/reports/{report['id']}/signoff").status_code == 200
    made = pupil.post(f"/api/v1/reports/{report['id']}/credential", json={})
    assert made.status_code == 201, made.json
    return made.json


def _status_bit(app, document: dict) -> bool:
    entry = document["credentialStatus"]
    path = "/" + entry["statusListCredential"].split("://", 1)[1].split("/", 1)[1]
    listed = app.test_client().get(path)
    assert listed.status_code == 200
    status_list = listed.json
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    verify_proof(status_list, _issuer_key(app, status_list))
    encoded = status_list["credentialSubject"]["encodedList"]
    return verify._bit(encoded, int(entry["statusListIndex"]))


def test_others_cannot_issue_for_someones_dossier_nor_see_their_credentials(
    app, confirmed, register
):
    pupil, coordinator, employer, report, level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    stranger = register("Mallory")
    # Someone who sees the dossier may not issue for it; a stranger does not even find it.
    assert (
        coordinator.post(f"/api/v1/reports/{report['id']}/credential", json={}).status_code == 403
    )
    assert (
        employer.post(f"/api/v1/reflections/{level['id']}/credential", json={}).status_code == 403
    )
    assert stranger.post(f"/api/v1/reports/{report['id']}/credential", json={}).status_code == 404
    # Only the owner lists and downloads them; a grantee does not, unless shown on the CV.
    listing = f"/api/v1/dossiers/{pupil.dossier_id}/credentials"
    assert [c["id"] for c in pupil.get(listing).json] == [credential["id"]]
    for other in (coordinator, stranger):
        assert other.get(listing).status_code == 404
        assert other.get(credential["downloads"]["json"]).status_code == 404
        assert other.patch(f"/api/v1/credentials/{credential['id']}",
                           json={"on_cv": True}).status_code == 404  # fmt: skip
    public = app.test_client().get(f"/credentials/{credential['id']}")
    assert public.status_code == 404  # confidential until the owner shows it
    # A coach's or the owner's own level is no supervisor's confirmation.
    item = pupil.get("/api/v1/competencies", query_string={"q": "op tijd"}).json[0]
    evidence = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/evidence").json["items"][0]
    own = pupil.post(f"/api/v1/evidence/{evidence['id']}/reflections",
                     json={"content": {"text": "Ik ben op tijd."}, "item_id": item["id"],
                           "level": 2}).json  # fmt: skip
    refused = pupil.post(f"/api/v1/reflections/{own['id']}/credential", json={})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "not_a_level"


def test_the_signer_revokes_and_the_status_list_and_check_say_so(app, confirmed, register):
    pupil, coordinator, employer, report, _level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    document = json.loads(pupil.get(credential["downloads"]["json"]).data)
    assert _status_bit(app, document) is False
    assert pupil.patch(f"/api/v1/credentials/{credential['id']}",
                       json={"on_cv": True}).status_code == 200  # fmt: skip
    check = app.test_client().get(f"/credentials/{credential['id']}/verify").json
    assert check["verified"] is True and check["status"] == "valid"

    # Neither the owner nor someone who did not sign acts for the issuer.
    url = f"/api/v1/credentials/{credential['id']}/revoke"
    assert pupil.post(url, json={"reason": "Oeps"}).status_code == 404
    assert coordinator.post(url, json={"reason": "Oeps"}).status_code == 404
    assert [c["id"] for c in employer.get("/api/v1/credentials/issued").json] == [credential["id"]]
    assert employer.post(url, json={"reason": ""}).status_code == 422
    revoked = employer.post(url, json={"reason": "Verkeerde periode"})
    assert revoked.status_code == 200, revoked.json
    assert revoked.json["revocation_reason"] == "Verkeerde periode"

    assert _status_bit(app, document) is True
    check = app.test_client().get(f"/credentials/{credential['id']}/verify").json
    assert check["verified"] is False and check["status"] == "revoked"
    # The verifier anyone may use says so too, for the JSON, the JWT and a baked badge.
    token = pupil.get(credential["downloads"]["jwt"]).get_data(as_text=True)
    for sent in (document, token):
        verdict = app.test_client().post("/api/v1/credentials/verify", json={"credential": sent})
        assert verdict.json["valid"] is False, verdict.json
        status = [c for c in verdict.json["checks"] if c["name"] == "status"]
        assert status and status[0]["status"] == "failed", verdict.json
    assert pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/credentials").json[0]["revoked_at"]


def test_a_credential_administrator_revokes_any_credential(app, confirmed, register, monkeypatch):
    pupil, _coordinator, employer, report, _level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    admin = register("Beheer")
    url = f"/api/v1/credentials/{credential['id']}/revoke"
    assert admin.post(url, json={"reason": "Misbruik"}).status_code == 404
    monkeypatch.setitem(app.config, "CREDENTIAL_ADMINS", [admin.user["email"]])
    assert credential["id"] in [c["id"] for c in admin.get("/api/v1/credentials/issued").json]
    assert admin.post(url, json={"reason": "Misbruik"}).status_code == 200


def test_downloads_are_baked_and_unbake_to_the_signed_credential(app, confirmed):
    pupil, _coordinator, employer, report, _level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    document = json.loads(pupil.get(credential["downloads"]["json"]).data)

    png = pupil.get(credential["downloads"]["png"])
    assert png.status_code == 200 and png.mimetype == "image/png"
    baked = json.loads(baking.unbake_png(png.data))
    assert baked == document
    verify_proof(baked, _issuer_key(app, baked))
    # The verifier unbakes it and finds it valid: proof, key (our did:web) and status.
    png_url = "data:image/png;base64," + base64.b64encode(png.data).decode()
    verdict = app.test_client().post("/api/v1/credentials/verify", json={"credential": png_url})
    assert verdict.json["valid"] is True, verdict.json

    svg = pupil.get(credential["downloads"]["svg"])
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.headers["Content-Disposition"].startswith("attachment")
    import defusedxml.ElementTree as ElementTree

    root = ElementTree.fromstring(svg.data)
    element = root.find(f"{{{baking.OB_NAMESPACE}}}credential")
    assert json.loads(element.text) == document
    verdict = app.test_client().post(
        "/api/v1/credentials/verify", json={"credential": svg.get_data(as_text=True)}
    )
    assert verdict.json["valid"] is True, verdict.json
    assert pupil.get(f"/api/v1/credentials/{credential['id']}/download/exe").status_code == 404


def test_removing_takes_it_off_the_list_and_revokes_it(app, confirmed):
    pupil, _coordinator, employer, report, _level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    document = json.loads(pupil.get(credential["downloads"]["json"]).data)
    assert pupil.delete(f"/api/v1/credentials/{credential['id']}").status_code == 204
    assert pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/credentials").json == []
    assert _status_bit(app, document) is True
    assert employer.get("/api/v1/credentials/issued").json == []


def test_the_issuer_publishes_its_keys_as_did_web_and_jwks(app, monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://bagage.example.nl")
    old = Ed25519PrivateKey.generate()
    pem = old.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    current = app.config["CREDENTIAL_SIGNING_KEYS"][0]
    monkeypatch.setitem(app.config, "CREDENTIAL_SIGNING_KEYS", (current, pem))
    client = app.test_client()
    did = client.get("/.well-known/did.json")
    assert did.status_code == 200
    document = did.json
    assert document["id"] == "did:web:bagage.example.nl"
    methods = document["verificationMethod"]
    assert len(methods) == 2 and document["assertionMethod"] == [m["id"] for m in methods]
    published = {m["id"].split("#")[1]: multikey_to_public_key(m["publicKeyMultibase"])
                 for m in methods}  # fmt: skip
    raw = old.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert raw in {k.public_bytes(Encoding.Raw, PublicFormat.Raw) for k in published.values()}
    jwks = client.get("/.well-known/jwks.json").json
    assert [k["kid"] for k in jwks["keys"]] == [m["id"] for m in methods]
    profile = client.get("/credentials/issuer").json
    assert profile["id"] == document["id"] and profile["type"] == ["Profile"]
    assert profile["url"] == "https://bagage.example.nl"


def test_the_cv_shows_only_the_credentials_its_owner_chose(app, confirmed):
    pupil, _coordinator, employer, report, level, _item = confirmed
    shown = _signed_credential(pupil, employer, report)
    hidden = pupil.post(f"/api/v1/reflections/{level['id']}/credential", json={}).json
    link = pupil.post(f"/api/v1/dossiers/{pupil.dossier_id}/cv/links", json={}).json
    page_path = "/" + link["url"].split("://", 1)[1].split("/", 1)[1]
    recruiter = app.test_client()
    page = recruiter.get(page_path).get_data(as_text=True)
    assert "Verifieerbare bewijzen" not in page  # nothing until the owner chooses

    assert pupil.patch(f"/api/v1/credentials/{shown['id']}",
                       json={"on_cv": True}).status_code == 200  # fmt: skip
    page = recruiter.get(page_path).get_data(as_text=True)
    assert shown["title"] in page and hidden["title"] not in page
    assert f'data-verify="/credentials/{shown["id"]}/verify"' in page
    assert recruiter.get("/cv-assets/cv.js").status_code == 200
    verdict = recruiter.get(f"/credentials/{shown['id']}/verify").json
    assert verdict["status"] == "valid"
    assert recruiter.get(f"/credentials/{hidden['id']}/verify").status_code == 404
    # The owner's LinkedIn link names it and points to its public address.
    mine = pupil.get(f"/api/v1/dossiers/{pupil.dossier_id}/credentials").json
    linkedin = next(c for c in mine if c["id"] == shown["id"])["linkedin_url"]
    assert linkedin.startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME")
    assert f"certId={shown['id']}" in linkedin and "certUrl=" in linkedin
    public = recruiter.get(f"/credentials/{shown['id']}")
    assert public.status_code == 200 and public.json["id"] == f"urn:uuid:{shown['id']}"
    # Revoked, it leaves the CV, but its address says what happened.
    employer.post(f"/api/v1/credentials/{shown['id']}/revoke", json={"reason": "Fout"})
    assert shown["title"] not in recruiter.get(page_path).get_data(as_text=True)
    assert recruiter.get(f"/credentials/{shown['id']}/verify").json["status"] == "revoked"


def test_the_cv_check_is_the_verifier_and_is_throttled(app, confirmed, monkeypatch):
    pupil, _coordinator, employer, report, _level, _item = confirmed
    credential = _signed_credential(pupil, employer, report)
    pupil.patch(f"/api/v1/credentials/{credential['id']}", json={"on_cv": True})
    recruiter = app.test_client()
    check = recruiter.get(f"/credentials/{credential['id']}/verify").json
    # The verifier's own checks: the issuer's key, the proof, the status list.
    assert {(c["name"], c["status"]) for c in check["checks"]} >= {
        ("key", "ok"), ("proof", "ok"), ("status", "ok"),
    }  # fmt: skip
    monkeypatch.setitem(app.config, "CREDENTIAL_CHECK_LIMIT", "2 per minute")
    statuses = [
        recruiter.get(f"/credentials/{credential['id']}/verify").status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
