"""Workplace links: the supervisor at an internship opens the mailed link, confirms it on a new
device with a code mailed to the same address, and is in: for the pupil of that internship
only (app.access, "workplace links"). Later they may make an account and keep their history.

Opening and confirming answer anonymous callers, so both are throttled like the account
codes (app.throttle): refused attempts per client address, and the code mails per link.
"""

from __future__ import annotations

from flask_login import login_required

from api.auth import me_payload
from api.blueprint import Blueprint
from api.schemas import (
    MakeAccountIn,
    MeOut,
    WorkplaceLinkConfirmIn,
    WorkplaceLinkOpenIn,
    WorkplaceWelcomeOut,
)
from app import auth, erasure, throttle
from app.accounts import lifecycle
from app.db import db
from app.people import workplace

PREFIX = "/workplace-links"
blp = Blueprint(
    "workplace", __name__, description="Workplace links: supervisors without a password"
)


@blp.route("/open", methods=["POST"])
@blp.arguments(WorkplaceLinkOpenIn)
@blp.response(200, WorkplaceWelcomeOut)
@throttle.code_checks
@throttle.link_mails
def open_link(data):
    """Open a mailed workplace link: who and where it is for, and a 6-digit code mailed to
    its address (then POST /workplace-links/confirm). A device signed in with this link
    already gets status signed_in and no code. 404: no such link (or revoked); 422 expired."""
    welcome = workplace.open_link(db.session(), data["token"], device_link_id=auth.device_link_id())
    return welcome


@blp.route("/confirm", methods=["POST"])
@blp.arguments(WorkplaceLinkConfirmIn)
@blp.response(200, MeOut)
@throttle.code_checks
def confirm(data):
    """Confirm the link on this device with the mailed code; starts a session bound to the
    link (cookie and CSRF token, as a login)."""
    confirmed = workplace.confirm_link(db.session(), data["token"], data["code"])
    if confirmed is None:
        db.checkpoint()  # a wrong guess counts, even though the answer is an error
        raise lifecycle.code_invalid()
    if confirmed.taken_over:
        erasure.delete_own_dossiers(db.session(), confirmed.supervisor)
    csrf = auth.log_in(confirmed.supervisor, workplace_link=confirmed.link)
    return me_payload(confirmed.supervisor, csrf)


@blp.route("/account", methods=["POST"])
@blp.arguments(MakeAccountIn)
@blp.response(200, MeOut)
@login_required
def make_account(data):
    """A supervisor without an account (in through the link) makes one: a password and a
    dossier of their own; what they did so far stays theirs, and this session goes on.
    409 not_a_guest when you have an account already."""
    user = workplace.make_account(db.session(), auth.acting_user(), **data)
    return me_payload(user)
