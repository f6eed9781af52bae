from __future__ import annotations

import uuid

from flask import current_app
from flask.views import MethodView
from flask_login import login_required

from api.blueprint import Blueprint
from api.schemas import (
    LoginIn,
    MeOut,
    RegisterIn,
    StatusOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from app import access, auth, throttle
from app.accounts import lifecycle
from app.accounts import services as accounts
from app.db import db
from app.dossiers.services import owned_dossiers
from app.people import workplace
from app.people.caseload import caseload_kind
from media.services import dossier_usage, own_face_signature

PREFIX = "/auth"
blp = Blueprint("auth", __name__, description="Sign-up, login and personal access tokens")


def me_payload(user, csrf_token: str | None = None) -> dict:
    session = db.session()
    link = access.request_link(session)
    # A guest has no dossier; a link session reaches none of one's own.
    dossiers = [] if user.is_guest or link is not None else owned_dossiers(session, user)
    quota = current_app.config["DOSSIER_QUOTA_BYTES"]
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "locale": user.locale,
        "created_at": user.created_at,
        "email_verified": user.email_verified,
        "is_guest": user.is_guest,
        "profile": {"role": user.role, "sector": user.sector} if user.role else None,
        "onboarded": user.onboarded_at is not None,
        "birth_date": user.birth_date,
        "own_face_marked": own_face_signature(user) is not None,
        "workplace": workplace.link_summary(session, link) if link is not None else None,
        "dossiers": [
            {
                "id": d.id,
                "title": d.title,
                "used_bytes": dossier_usage(session, d),
                "quota_bytes": quota or None,
            }
            for d in dossiers
        ],
        "caseload": caseload_kind(session, user),
        "limits": {
            "max_upload_bytes": current_app.config["MAX_UPLOAD_BYTES"],
            "max_image_bytes": current_app.config["MAX_IMAGE_BYTES"],
            "max_media_seconds": current_app.config["MAX_MEDIA_SECONDS"],
        },
        "csrf_token": csrf_token if csrf_token is not None else auth.current_csrf_token(),
    }


@blp.route("/register", methods=["POST"])
@blp.arguments(RegisterIn)
@blp.response(202, StatusOut)
@throttle.mail_requests
def register(data):
    """Sign up: a code to confirm the address is mailed (then POST /auth/verify). The answer
    is the same when the address has an account already; its owner gets a mail instead."""
    lifecycle.sign_up(db.session(), **data)
    return {"status": "verification_sent"}


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginIn)
@blp.response(200, MeOut)
@throttle.login_attempts
def login(data):
    """Log in with e-mail and password; starts a browser session."""
    user = accounts.authenticate(db.session(), **data)
    csrf = auth.log_in(user)
    return me_payload(user, csrf)


@blp.route("/logout", methods=["POST"])
@blp.response(204)
@login_required
def logout():
    """End this browser session; the cookie no longer works, even if replayed."""
    auth.log_out()


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.response(200, TokenOut(many=True))
    @login_required
    def get(self):
        """Your personal access tokens (without their secret)."""
        return accounts.list_access_tokens(db.session(), auth.acting_user())

    @blp.arguments(TokenIn)
    @blp.response(201, TokenCreatedOut)
    @login_required
    def post(self, data):
        """Create a token for a script or integration. The secret is shown only now."""
        token, plain = accounts.mint_access_token(
            db.session(), auth.acting_user(), auth.acting_token(), **data
        )
        token.token = plain
        return token


@blp.route("/tokens/<uuid:token_id>", methods=["DELETE"])
@blp.response(204)
@login_required
def revoke_token(token_id: uuid.UUID):
    """Revoke a token at once."""
    accounts.revoke_access_token(db.session(), auth.acting_user(), token_id)
