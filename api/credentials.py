"""Verifiable credentials: anyone (a recruiter has no account) may have one checked."""

from __future__ import annotations

import base64
import binascii

from api.blueprint import Blueprint
from api.schemas.credentials import CredentialVerifyIn, VerdictOut
from app import throttle
from app.credentials.verify import verify_credential
from app.errors import Invalid
from app.input import json_body_limit

PREFIX = "/credentials"
blp = Blueprint("credentials", __name__, description="Verifying Open Badges 3.0 credentials")

PNG_DATA_URL = "data:image/png;base64,"


def _raw(credential: str | dict) -> str | bytes | dict:
    if isinstance(credential, str) and credential.startswith(PNG_DATA_URL):
        try:
            return base64.b64decode(credential[len(PNG_DATA_URL) :], validate=True)
        except (binascii.Error, ValueError):
            raise Invalid(
                "The image could not be read.", {"credential": ["Not valid base64."]}
            ) from None
    return credential


@blp.route("/verify", methods=["POST"])
@blp.arguments(CredentialVerifyIn)
@blp.response(200, VerdictOut)
@json_body_limit("MAX_CREDENTIAL_BYTES")
@throttle.credential_checks
def verify(data):
    """Check an Open Badges 3.0 credential: its shape, signature, issuer key, dates and status.

    No account needed. The verdict lists every check with ok, failed or warning and a reason;
    a credential that cannot be read at all is answered with a verdict too (valid: false)."""
    return verify_credential(_raw(data["credential"])).as_dict()
