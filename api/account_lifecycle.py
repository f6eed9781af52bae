"""Proving an address is yours, and a new password when you forgot it.

Every endpoint here answers anonymous callers and is a target for guessing: each carries
@throttled(<bucket>) so the rate limiter can be wired to it in one place.
"""

from __future__ import annotations

from flask_smorest import Blueprint

from api.auth import me_payload
from api.schemas import EmailIn, MeOut, PasswordResetConfirmIn, StatusOut, VerifyIn
from app import auth
from app.accounts import lifecycle
from app.db import db

PREFIX = "/auth"
blp = Blueprint("account_lifecycle", __name__, description="E-mail verification and password reset")

#: Endpoint → throttle bucket, for the rate limiter (register is in api.auth, bucket "signup").
THROTTLED: dict[str, str] = {}


def throttled(bucket: str):
    """Marks an anonymous endpoint for the rate limiter; the limit itself is wired where the
    limiter lives (flask-limiter), by this bucket name."""

    def mark(view):
        THROTTLED[view.__name__] = bucket
        view.throttle_bucket = bucket
        return view

    return mark


@blp.route("/verify", methods=["POST"])
@throttled("verify")
@blp.arguments(VerifyIn)
@blp.response(200, MeOut)
def verify(data):
    """Confirm your address with the 6-digit code from the mail; logs you in."""
    user = lifecycle.verify_email(db.session(), email=data["email"], code=data["code"])
    if user is None:
        db.commit()  # a wrong guess counts, even though the answer is an error
        raise lifecycle.code_invalid()
    csrf = auth.log_in(user)
    db.commit()
    return me_payload(user, csrf)


@blp.route("/verify/resend", methods=["POST"])
@throttled("mail")
@blp.arguments(EmailIn)
@blp.response(202, StatusOut)
def resend_verification(data):
    """Mail a new code. The answer is the same for every address."""
    lifecycle.resend_verification(db.session(), data["email"])
    db.commit()
    return {"status": "verification_sent"}


@blp.route("/password-reset", methods=["POST"])
@throttled("mail")
@blp.arguments(EmailIn)
@blp.response(202, StatusOut)
def password_reset(data):
    """Mail a link to choose a new password. The answer is the same for every address."""
    lifecycle.request_password_reset(db.session(), data["email"])
    db.commit()
    return {"status": "reset_sent"}


@blp.route("/password-reset/confirm", methods=["POST"])
@throttled("reset")
@blp.arguments(PasswordResetConfirmIn)
@blp.response(204)
def password_reset_confirm(data):
    """Set the new password from the mailed link; every session and token ends."""
    lifecycle.confirm_password_reset(db.session(), token=data["token"], password=data["password"])
    auth.log_out()
    db.commit()
