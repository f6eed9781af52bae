from __future__ import annotations

from flask_login import login_required

from api.auth import me_payload
from api.blueprint import Blueprint
from api.schemas import DeleteAccountIn, MeOut, MeUpdateIn, PasswordChangeIn, ProfileIn
from app.accounts import services as accounts
from app.accounts.services import update_profile
from app.auth import acting_user, current_login_id, log_out
from app.db import db
from app.erasure import delete_account
from app.throttle import password_checks
from competencies import profiles
from media.services import apply_blur_rule

PREFIX = ""
blp = Blueprint("me", __name__, description="The signed-in user")


@blp.route("/me", methods=["GET"])
@blp.response(200, MeOut)
@login_required
def me():
    """Who you are, your dossiers, and (for browser sessions) the CSRF token."""
    return me_payload(acting_user())


@blp.route("/me", methods=["PATCH"])
@blp.arguments(MeUpdateIn)
@blp.response(200, MeOut)
@login_required
def update_me(changes):
    """Change your display name, the language of the app (nl or en) or your date of birth."""
    session = db.session()
    user = update_profile(session, acting_user(), **changes)
    if "birth_date" in changes:
        apply_blur_rule(session, user)
    return me_payload(user)


@blp.route("/me/profile", methods=["PUT"])
@blp.arguments(ProfileIn)
@blp.response(200, MeOut)
@login_required
def set_profile(data):
    """Say who you are: role (pupil, student_teacher, teacher, coordinator, supervisor,
    coach) and, for pupils and (student) teachers, the sector. A pupil's or teacher's own
    dossier then works with the matching built-in frameworks; those the previous profile
    chose make way, those you chose yourself stay, and links are never removed."""
    user = profiles.set_profile(db.session(), acting_user(), data["role"], data["sector"])
    return me_payload(user)


@blp.route("/me/profile/later", methods=["POST"])
@blp.response(200, MeOut)
@login_required
def put_off_profile():
    """ "Later" on the first screen: the app stops asking (the account screen still can)."""
    return me_payload(profiles.put_off(db.session(), acting_user()))


@blp.route("/me", methods=["DELETE"])
@blp.arguments(DeleteAccountIn)
@blp.response(204)
@login_required
@password_checks
def delete_me(data):
    """Delete your account: your dossiers, evidence and files, for good. Confirm with your
    password. What you added to someone else's dossier stays there without your name."""
    user = acting_user()
    accounts.authenticate(db.session(), email=user.email, password=data["password"])
    log_out()
    delete_account(db.session(), user)


@blp.route("/me/password", methods=["POST"])
@blp.arguments(PasswordChangeIn)
@blp.response(204)
@login_required
@password_checks
def change_password(data):
    """Change your password; confirm with the current one. Every other browser session ends
    and every personal access token is revoked; this session stays."""
    accounts.change_password(db.session(), acting_user(), keep_login_id=current_login_id(), **data)
