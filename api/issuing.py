"""Verifiable credentials: the owner makes one of a signed report or a supervisor's level,
downloads it (JSON, VC-JWT, baked PNG and SVG), shows it on the CV; whoever gave the
confirmation, and the instance's credential administrators, revoke it."""

from __future__ import annotations

import json
import uuid

from flask.views import MethodView
from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from api.schemas import CredentialCvIn, CredentialIssueIn, CredentialOut, CredentialRevokeIn
from app import access
from app.auth import acting_user
from app.db import db
from app.dossiers.models import Dossier
from app.errors import NotFound
from app.issuing import baking, issuer, services
from media import serving

PREFIX = ""
blp = Blueprint("issuing", __name__, description="Issuing verifiable credentials (Open Badges 3.0)")

#: Download formats: media type, file extension.
FORMATS = {
    "json": "application/json",
    "jwt": "application/jwt",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def _out(credential):
    """The credential with what the acting user may do with it."""
    user = acting_user()
    session = db.session()
    mine = session.get(Dossier, credential.dossier_id).owner_id == user.id
    subject = (credential.document or {}).get("credentialSubject", {})
    names = [i.get("identityHash", "") for i in subject.get("identifier", [])]
    credential.holder = names[0] if names else ""
    credential.url = services.public_url(credential)
    credential.linkedin_url = services.linkedin_url(credential) if mine else ""
    credential.downloads = (
        {f: f"/api/v1/credentials/{credential.id}/download/{f}" for f in FORMATS} if mine else {}
    )
    credential.may_revoke = access.may_revoke(user, credential) and credential.revoked_at is None
    credential.may_manage = mine
    return credential


@blp.route("/reports/<uuid:report_id>/credential", methods=["POST"])
@blp.arguments(CredentialIssueIn)
@blp.response(201, CredentialOut)
@login_required
def issue_from_report(data, report_id: uuid.UUID):
    """Make a verifiable credential of your signed internship report (the owner only)."""
    session, user = db.session(), acting_user()
    report = access.issuable_report(session, user, report_id)
    dossier = session.get(Dossier, report.dossier_id)
    return _out(services.issue_from_report(session, user, dossier, report, name=data["name"]))


@blp.route("/reflections/<uuid:reflection_id>/credential", methods=["POST"])
@blp.arguments(CredentialIssueIn)
@blp.response(201, CredentialOut)
@login_required
def issue_from_level(data, reflection_id: uuid.UUID):
    """Make a verifiable credential of a level a supervisor gave you on a competency."""
    session, user = db.session(), acting_user()
    reflection = access.issuable_level(session, user, reflection_id)
    dossier = session.get(Dossier, services.source_dossier_id(session, reflection))
    return _out(services.issue_from_level(session, user, dossier, reflection, name=data["name"]))


@blp.route("/dossiers/<uuid:dossier_id>/credentials", methods=["GET"])
@blp.response(200, CredentialOut(many=True))
@login_required
@reading.logged
def dossier_credentials(dossier_id: uuid.UUID):
    """Your credentials (Mijn bewijzen); nobody else lists them."""
    session, user = db.session(), acting_user()
    dossier = access.owned_dossier(session, user, dossier_id)
    reading.record(dossier, "read_credentials", dossier.id)
    return [_out(c) for c in services.credentials_of(session, dossier)]


@blp.route("/credentials/issued", methods=["GET"])
@blp.response(200, CredentialOut(many=True))
@login_required
def issued():
    """The credentials made of your confirmations (all, for a credential administrator):
    those you may revoke."""
    session, user = db.session(), acting_user()
    return [_out(c) for c in access.revocable_credentials(session, user)]


@blp.route("/credentials/<uuid:credential_id>")
class CredentialItem(MethodView):
    @blp.arguments(CredentialCvIn)
    @blp.response(200, CredentialOut)
    @login_required
    def patch(self, data, credential_id: uuid.UUID):
        """Show it on your online CV, or take it off (off until you choose)."""
        session, user = db.session(), acting_user()
        credential = access.owned_credential(session, user, credential_id)
        if "on_cv" in data:  # a change names what changes; nothing named, nothing changes
            services.show_on_cv(session, credential, data["on_cv"])
        return _out(credential)

    @blp.response(204)
    @login_required
    def delete(self, credential_id: uuid.UUID):
        """Remove it: it leaves the CV and your list, and is revoked (copies stop verifying)."""
        session, user = db.session(), acting_user()
        services.remove(session, user, access.owned_credential(session, user, credential_id))


@blp.route("/credentials/<uuid:credential_id>/revoke", methods=["POST"])
@blp.arguments(CredentialRevokeIn)
@blp.response(200, CredentialOut)
@login_required
def revoke(data, credential_id: uuid.UUID):
    """Revoke it, with a reason (whoever gave the confirmation, or a credential
    administrator): its bit in the status list is set, and verifiers say it is revoked."""
    session, user = db.session(), acting_user()
    credential = access.revocable_credential(session, user, credential_id)
    return _out(services.revoke(session, user, credential, data["reason"]))


@blp.route("/credentials/<uuid:credential_id>/download/<string:fmt>", methods=["GET"])
@blp.response(200, description="The credential as a file", content_type="application/json")
@blp.alt_response(200, description="The VC-JWT", content_type="application/jwt")
@blp.alt_response(200, description="A baked PNG badge", content_type="image/png")
@blp.alt_response(200, description="A baked SVG badge", content_type="image/svg+xml")
@login_required
@serving.serves_files
def download(credential_id: uuid.UUID, fmt: str):
    """Download it: `json` (with its Data Integrity proof), `jwt`, or a badge picture with the
    credential baked in (`png`, `svg`)."""
    session, user = db.session(), acting_user()
    credential = access.owned_credential(session, user, credential_id)
    if fmt not in FORMATS:
        raise NotFound("No such format.")
    return serving.send(baked(credential, fmt), content_type=FORMATS[fmt], filename=f"bewijs-{fmt}")


def baked(credential, fmt: str) -> bytes:
    """The credential's bytes in one of the download formats."""
    text = json.dumps(credential.document, ensure_ascii=False, indent=2)
    name = issuer.issuer_profile()["name"]
    if fmt == "json":
        return text.encode()
    if fmt == "jwt":
        return credential.jwt.encode()
    if fmt == "png":
        return baking.badge_png(credential.title, name, text)
    return baking.badge_svg(credential.title, name, text).encode()
