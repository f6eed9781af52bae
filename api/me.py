from __future__ import annotations

from flask_login import login_required
from flask_smorest import Blueprint

from api.auth import me_payload
from api.schemas import MeOut
from app.auth import acting_user

PREFIX = ""
blp = Blueprint("me", __name__, description="The signed-in user")


@blp.route("/me", methods=["GET"])
@blp.response(200, MeOut)
@login_required
def me():
    """Who you are, your dossiers, and (for browser sessions) the CSRF token."""
    return me_payload(acting_user())
