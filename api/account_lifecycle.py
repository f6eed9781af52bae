"""Proving an address is yours, a new password when you forgot it, and who an invitation
link is for (to sign up or log in with that address).

Every endpoint here answers anonymous callers and is a target for guessing or for mail
bombing, so each is throttled (app.throttle): codes and links by refused attempts per client
address, mails per recipient and per client address.
"""

from __future__ import annotations

from api.auth import me_payload
from api.blueprint import Blueprint
from api.schemas import (
    EmailIn,
    InvitationAddressOut,
    InvitationTokenIn,
    MeOut,
    PasswordResetConfirmIn,
    StatusOut,
    VerifyIn,
)
from app import auth, throttle
from app.accounts import lifecycle
from app.db import db
from app.people import services as people

PREFIX = "/auth"
blp = Blueprint("account_lifecycle", __name__, description="E-mail verification and password reset")


@blp.route("/verify", methods=["POST"])
@blp.arguments(VerifyIn)
@blp.response(200, MeOut)
@throttle.code_checks
def verify(data):
    """Confirm your address with the 6-digit code from the mail; logs you in."""
    user = lifecycle.verify_email(db.session(), email=data["email"], code=data["code"])
    if user is None:
        db.checkpoint()  # a wrong guess counts, even though the answer is an error
        raise lifecycle.code_invalid()
    csrf = auth.log_in(user)
    return me_payload(user, csrf)


@blp.route("/verify/resend", methods=["POST"])
@blp.arguments(EmailIn)
@blp.response(202, StatusOut)
@throttle.mail_requests
def resend_verification(data):
    """Mail a new code. The answer is the same for every address."""
    lifecycle.resend_verification(db.session(), data["email"])
    return {"status": "verification_sent"}


@blp.route("/password-reset", methods=["POST"])
@blp.arguments(EmailIn)
@blp.response(202, StatusOut)
@throttle.mail_requests
def password_reset(data):
    """Mail a link to choose a new password. The answer is the same for every address."""
    lifecycle.request_password_reset(db.session(), data["email"])
    return {"status": "reset_sent"}


@blp.route("/password-reset/confirm", methods=["POST"])
@blp.arguments(PasswordResetConfirmIn)
@blp.response(204)
@throttle.code_checks
def password_reset_confirm(data):
    """Set the new password from the mailed link; every session and token ends."""
    lifecycle.confirm_password_reset(db.session(), token=data["token"], password=data["password"])
    auth.log_out()


@blp.route("/invitation", methods=["POST"])
@blp.arguments(InvitationTokenIn)
@blp.response(200, InvitationAddressOut)
@throttle.code_checks
def invitation_address(data):
    """Who an invitation link is for, before logging in: the address it was mailed to (the
    link holder's own) and who invites. What it offers is shown after logging in."""
    invitation = people.open_invitation_by_token(db.session(), data["token"])
    return {"email": invitation.email, "owner": people.inviting_owner(invitation).display_name}
