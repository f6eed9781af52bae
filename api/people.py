"""Organisations, the access an owner grants, invitations, notifications and the access log."""

from __future__ import annotations

import uuid

from flask import request, url_for
from flask.views import MethodView
from flask_login import login_required

from api.blueprint import Blueprint
from api.schemas import (
    AccessLogOut,
    AccessLogQuery,
    GrantCreatedOut,
    GrantIn,
    GrantOut,
    InvitationOut,
    InvitationPreviewOut,
    LogoForm,
    MarkReadIn,
    MemberIn,
    MemberOut,
    NotificationSettingsIn,
    NotificationSettingsOut,
    NotificationsOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationProfileIn,
    PushKeyOut,
    PushSubscriptionIn,
    PushUnsubscribeIn,
    SharedDossierOut,
)
from app import access, organisations, push, throttle
from app.accounts.models import User
from app.auth import acting_user
from app.db import db
from app.dossiers.models import Dossier
from app.errors import Invalid, NotFound
from app.people import services as people
from media import serving
from media.services import tmp_dir
from media.uploads import received_file

PREFIX = ""
blp = Blueprint("people", __name__, description="People around a dossier")


# --- organisations ----------------------------------------------------------------------


@blp.route("/organisations")
class Organisations(MethodView):
    @blp.response(200, OrganisationOut(many=True))
    @login_required
    def get(self):
        """The organisations you are a member of, and those asking you to join (pending)."""
        return [
            {**_org(o), "my_role": m.role, "status": m.status, "membership_id": m.id}
            for o, m in people.my_organisations(db.session(), acting_user())
        ]

    @blp.arguments(OrganisationIn)
    @blp.response(201, OrganisationOut)
    @login_required
    def post(self, data):
        """Create a school or workplace; you become its administrator."""
        organisation = people.create_organisation(db.session(), acting_user(), **data)
        return {**_org(organisation), "my_role": "administrator", "status": "active"}


def _org(organisation) -> dict:
    logo = None
    if organisation.logo_key:  # the key changes with each new logo: a fresh address
        version = organisation.logo_key.rsplit("-", 1)[-1].split(".")[0]
        logo = url_for("people.organisation_logo", organisation_id=organisation.id, v=version)
    return {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
            "address": organisation.address, "logo_url": logo,
            "blur_faces_under_16": organisation.blur_faces_under_16}  # fmt: skip


def _own_org(organisation) -> dict:
    membership = access.active_membership(db.session(), acting_user(), organisation.id)
    return {**_org(organisation), "my_role": membership.role, "status": membership.status,
            "membership_id": membership.id}  # fmt: skip


@blp.route("/organisations/<uuid:organisation_id>", methods=["PATCH"])
@blp.arguments(OrganisationProfileIn)
@blp.response(200, OrganisationOut)
@login_required
def update_organisation(changes, organisation_id: uuid.UUID):
    """Change the name or address reports print (administrators)."""
    return _own_org(organisations.update_profile(db.session(), acting_user(), organisation_id,
                                                 changes))  # fmt: skip


@blp.route("/organisations/<uuid:organisation_id>/logo", methods=["GET"])
@blp.response(200, description="The logo as PNG", content_type="image/png")
@login_required
@serving.serves_files
def organisation_logo(organisation_id: uuid.UUID):
    """The logo (members)."""
    organisation = access.member_organisation(db.session(), acting_user(), organisation_id)
    logo = organisations.logo_bytes(organisation)
    if logo is None:
        raise NotFound("This organisation has no logo.")
    return serving.send(logo, content_type="image/png", filename="logo.png")


@blp.route("/organisations/<uuid:organisation_id>/logo", methods=["PUT"])
@blp.arguments(LogoForm, location="form", content_type="multipart/form-data")
@blp.response(200, OrganisationOut)
@login_required
def upload_logo(_form, organisation_id: uuid.UUID):
    """Upload a new logo (administrators): a picture, at most 2 MB; kept without its
    metadata, at most 600 pixels wide or high."""
    with received_file(request.files.get("file"), tmp_dir=tmp_dir(),
                       max_bytes=organisations.MAX_LOGO_BYTES) as upload:  # fmt: skip
        organisation = organisations.set_logo(db.session(), acting_user(), organisation_id,
                                              upload)  # fmt: skip
    return _own_org(organisation)


@blp.route("/organisations/<uuid:organisation_id>/logo", methods=["DELETE"])
@blp.response(200, OrganisationOut)
@login_required
def remove_logo(organisation_id: uuid.UUID):
    """Remove the logo (administrators)."""
    return _own_org(organisations.remove_logo(db.session(), acting_user(), organisation_id))


@blp.route("/organisations/<uuid:organisation_id>/members")
class Members(MethodView):
    @blp.response(200, MemberOut(many=True))
    @login_required
    def get(self, organisation_id: uuid.UUID):
        """Members (for members only). Being a member gives no access to anyone's dossier."""
        access.member_organisation(db.session(), acting_user(), organisation_id)
        return people.list_members(db.session(), organisation_id)

    @blp.arguments(MemberIn)
    @blp.response(201, MemberOut)
    @login_required
    def post(self, data, organisation_id: uuid.UUID):
        """An administrator asks someone who uses Bagage to join, with a role. The membership
        is pending (it gives nothing) until the person accepts it."""
        membership = people.add_member(db.session(), acting_user(), organisation_id, **data)
        return membership


@blp.route("/memberships/<uuid:membership_id>/accept", methods=["POST"])
@blp.response(200, MemberOut)
@login_required
def accept_membership(membership_id: uuid.UUID):
    """Say yes to an organisation that asked you to join."""
    membership = people.accept_membership(db.session(), acting_user(), membership_id)
    return membership


@blp.route("/memberships/<uuid:membership_id>/decline", methods=["POST"])
@blp.response(204)
@login_required
def decline_membership(membership_id: uuid.UUID):
    """Say no: the offer is gone."""
    people.decline_membership(db.session(), acting_user(), membership_id)


@blp.route("/memberships/<uuid:membership_id>", methods=["DELETE"])
@blp.response(204)
@login_required
def end_membership(membership_id: uuid.UUID):
    """Leave an organisation (or, as administrator, end someone's membership). Access that
    came with it ends at once; dossiers are untouched."""
    people.end_membership(db.session(), acting_user(), membership_id)


# --- grants -----------------------------------------------------------------------------


def _terms(data: dict) -> people.GrantTerms:
    return people.GrantTerms(
        scopes=data["scopes"],
        role=data.get("role", "other"),
        expires_at=data.get("expires_at"),
        evidence_ids=data.get("evidence_ids"),
        item_ids=data.get("item_ids"),
        coach_may_rate=data.get("coach_may_rate", False),
    )


@blp.route("/dossiers/<uuid:dossier_id>/grants")
class DossierGrants(MethodView):
    @blp.response(200, GrantOut(many=True))
    @login_required
    def get(self, dossier_id: uuid.UUID):
        """Who may do what in your dossier."""
        dossier = access.owned_dossier(db.session(), acting_user(), dossier_id)
        return people.grants_of(db.session(), dossier)

    @blp.arguments(GrantIn)
    @blp.response(201, GrantCreatedOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """Let someone in: by e-mail (they get a link) or someone from a shared organisation."""
        owner = acting_user()
        session = db.session()
        dossier = access.owned_dossier(session, owner, dossier_id)
        terms = _terms(data)
        if data.get("user_id"):
            if not data.get("organisation_id"):
                raise Invalid(
                    "Name the organisation you share with this person.",
                    {"organisation_id": ["Required with user_id."]},
                )
            grantee = session.get(User, data["user_id"])
            if grantee is None:
                raise Invalid("Unknown person.", {"user_id": ["Unknown."]})
            grant = people.grant_access(
                session, owner, dossier, grantee, terms, organisation_id=data["organisation_id"]
            )
            _tell_grantee(session, owner, dossier, grantee)
            return {"grant": grant, "invitation": None}
        if not data.get("email"):
            raise Invalid("Give an e-mail address or a person.", {"email": ["Required."]})
        invitation = people.invite(
            session, owner, dossier, email=data["email"], terms=terms, language=data["language"]
        )
        return {"grant": None, "invitation": invitation}


@blp.route("/dossiers/<uuid:dossier_id>/invitations", methods=["GET"])
@blp.response(200, InvitationOut(many=True))
@login_required
def pending_invitations(dossier_id: uuid.UUID):
    """Invitations you sent that have not been accepted yet (and have not expired)."""
    dossier = access.owned_dossier(db.session(), acting_user(), dossier_id)
    return people.pending_invitations(db.session(), dossier)


@blp.route("/dossiers/<uuid:dossier_id>/invitations/<uuid:invitation_id>", methods=["DELETE"])
@blp.response(204)
@login_required
def withdraw_invitation(dossier_id: uuid.UUID, invitation_id: uuid.UUID):
    """Withdraw an invitation: its link stops working at once."""
    owner = acting_user()
    dossier = access.owned_dossier(db.session(), owner, dossier_id)
    people.withdraw_invitation(db.session(), owner, dossier, invitation_id)


def _tell_grantee(session, owner: User, dossier: Dossier, grantee: User) -> None:
    people.notify(session, grantee.id, "invitation", dossier.id, {"by": owner.display_name})


#: A change of terms: who it is, and the invitation mail's language, stay as they are.
GrantChangeIn = GrantIn(partial=True, exclude=("email", "user_id", "organisation_id", "language"))


@blp.route("/grants/<uuid:grant_id>")
class GrantItem(MethodView):
    @blp.arguments(GrantChangeIn)
    @blp.response(200, GrantOut)
    @login_required
    def patch(self, changes, grant_id: uuid.UUID):
        """Change scopes, role, end date or limits; takes effect at once."""
        owner = acting_user()
        grant = access.owned_grant(db.session(), owner, grant_id)
        grant = people.update_grant(db.session(), owner, grant, changes)
        return grant

    @blp.response(204)
    @login_required
    def delete(self, grant_id: uuid.UUID):
        """Revoke at once."""
        owner = acting_user()
        grant = access.owned_grant(db.session(), owner, grant_id)
        people.revoke_grant(db.session(), owner, grant)


@blp.route("/invitations/<string:token>")
class InvitationView(MethodView):
    @blp.response(200, InvitationPreviewOut)
    @login_required
    @throttle.code_checks
    def get(self, token: str):
        """What an invitation offers, before accepting it."""
        invitation = people.invitation_by_token(db.session(), token)
        return {
            "owner": people.inviting_owner(invitation).display_name,
            "email": invitation.email,
            "role": invitation.role,
            "scopes": invitation.scopes,
            "grant_expires_at": invitation.grant_expires_at,
            "expires_at": invitation.expires_at,
            "accepted": invitation.accepted_at is not None,
        }

    @blp.response(201, GrantOut)
    @login_required
    @throttle.code_checks
    def post(self, token: str):
        """Accept: the access becomes yours (whatever address the mail went to)."""
        grant = people.accept_invitation(db.session(), acting_user(), token)
        return grant


@blp.route("/shared-dossiers", methods=["GET"])
@blp.response(200, SharedDossierOut(many=True))
@login_required
def shared_dossiers():
    """Dossiers others opened to you, with what you may do."""
    user = acting_user()
    shared = people.shared_with(db.session(), user)
    schools = access.proposing_schools_of_supported(db.session(), user, [d for d, _g in shared])
    return [
        {
            "dossier": dossier,
            "owner": dossier.owner,
            "role": grant.role,
            "scopes": grant.scopes,
            "expires_at": grant.expires_at,
            "coach_may_rate": grant.coach_may_rate,
            "may_propose_internship": bool(schools[dossier.id]),
        }
        for dossier, grant in shared
    ]


@blp.route("/dossiers/<uuid:dossier_id>/access-log", methods=["GET"])
@blp.arguments(AccessLogQuery, location="query")
@blp.response(200, AccessLogOut)
@login_required
def dossier_access_log(query, dossier_id: uuid.UUID):
    """Who read what in your dossier, and every change to who may: latest first, a page at a
    time (follow next_offset)."""
    dossier = access.owned_dossier(db.session(), acting_user(), dossier_id)
    items, next_offset = people.access_log(db.session(), dossier, offset=query["offset"])
    return {"items": items, "next_offset": next_offset}


# --- notifications ----------------------------------------------------------------------


@blp.route("/notifications")
class Notifications(MethodView):
    @blp.response(200, NotificationsOut)
    @login_required
    def get(self):
        """Your notifications, newest first, with the number unread."""
        user = acting_user()
        return {
            "unread": people.unread_count(db.session(), user),
            "items": people.notifications_for(db.session(), user),
        }

    @blp.arguments(MarkReadIn)
    @blp.response(200, NotificationsOut)
    @login_required
    def post(self, data):
        """Mark notifications read (all when no ids are given)."""
        user = acting_user()
        people.mark_read(db.session(), user, data.get("ids"))
        return {
            "unread": people.unread_count(db.session(), user),
            "items": people.notifications_for(db.session(), user),
        }


@blp.route("/me/notification-settings")
class NotificationSettings(MethodView):
    @blp.response(200, NotificationSettingsOut)
    @login_required
    def get(self):
        """Which notifications you want, in the app and as Web Push."""
        return {"settings": people.notification_settings(acting_user())}

    @blp.arguments(NotificationSettingsIn)
    @blp.response(200, NotificationSettingsOut)
    @login_required
    def put(self, data):
        """Choose per kind: {"reflection": {"in_app": true, "push": false}, ...}."""
        settings = people.update_notification_settings(
            db.session(), acting_user(), data["settings"]
        )
        return {"settings": settings}


@blp.route("/push/key", methods=["GET"])
@blp.response(200, PushKeyOut)
@login_required
def push_key():
    """The server's VAPID public key, for PushManager.subscribe()."""
    return {"public_key": push.public_key()}


@blp.route("/push/subscriptions")
class PushSubscriptions(MethodView):
    @blp.arguments(PushSubscriptionIn)
    @blp.response(204)
    @login_required
    def post(self, data):
        """Register this browser for Web Push."""
        people.subscribe_push(
            db.session(), acting_user(), endpoint=data["endpoint"], **data["keys"]
        )

    @blp.arguments(PushUnsubscribeIn)
    @blp.response(204)
    @login_required
    def delete(self, data):
        """Stop Web Push to this browser."""
        people.unsubscribe_push(db.session(), acting_user(), data["endpoint"])
