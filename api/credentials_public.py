"""What verifiers read without an account: the issuer's DID document and keys, its Open Badges
profile, the status list, and a credential its owner shows (with a check of it on the spot)."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify

from app import access, throttle
from app.db import db
from app.errors import NotFound
from app.issuing import issuer, services

blp = Blueprint("credentials_public", __name__)

#: Public documents may be cached briefly; the status list must be fresh soon after a revocation.
SHORT_CACHE = {"Cache-Control": "public, max-age=300"}
NO_CACHE = {"Cache-Control": "no-cache"}


def _json(document: dict, headers: dict, mimetype: str = "application/json"):
    response = jsonify(document)
    response.mimetype = mimetype
    response.headers.update(headers)
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers run in other origins
    return response


@blp.route("/.well-known/did.json")
def did_document():
    return _json(issuer.did_document(), SHORT_CACHE, "application/did+json")


@blp.route("/.well-known/jwks.json")
def jwks():
    return _json(issuer.jwks(), SHORT_CACHE, "application/jwk-set+json")


@blp.route("/credentials/issuer")
def issuer_profile():
    return _json(issuer.issuer_profile_document(), SHORT_CACHE, "application/ld+json")


@blp.route("/credentials/status/<string:list_id>")
def status_list(list_id: str):
    if list_id != issuer.STATUS_LIST_ID:
        raise NotFound("No such status list.")
    revoked = services.revoked_indexes(db.session())
    return _json(issuer.status_list_credential(revoked), NO_CACHE, "application/vc+ld+json")


@blp.route("/credentials/<uuid:credential_id>")
def credential(credential_id: uuid.UUID):
    """A credential its owner shows on the CV (its LinkedIn certificate link points here)."""
    found = access.public_credential(db.session(), credential_id)
    return _json(found.document, NO_CACHE, "application/vc+ld+json")


@blp.route("/credentials/<uuid:credential_id>/verify")
@throttle.credential_checks
def verify(credential_id: uuid.UUID):
    """'Controleer' on the CV: the credential checked here and now (signature and status)."""
    found = access.public_credential(db.session(), credential_id)
    return _json(services.check(found.document), NO_CACHE)
