"""Organisations and their members, grants and invitations, shared dossiers, the access log."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, MultipartForm, PersonOut
from app.input import Text
from app.people.models import GRANT_ROLES, MEMBER_ROLES, ORGANISATION_KINDS, SCOPES


class OrganisationIn(InSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))


class OrganisationProfileIn(InSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    address = Text(
        validate=validate.Length(max=500),
        metadata={"description": "As printed under the name; lines separated by newlines"},
    )
    blur_faces_under_16 = fields.Boolean(
        metadata={
            "description": "Faces in the dossiers of your pupils under 16 stay blurred for "
            "others; only a pupil's own marked face may stay visible"
        }
    )


class LogoForm(MultipartForm):
    file = Upload(
        metadata={"description": "PNG, JPEG, WebP, HEIC or GIF, at most 2 MB; kept as a clean PNG"}
    )


class OrganisationOut(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    address = fields.String()
    blur_faces_under_16 = fields.Boolean()
    logo_url = fields.String(
        allow_none=True, metadata={"description": "The logo (for members), or None without one"}
    )
    my_role = fields.String()
    status = fields.String(metadata={"description": "pending (yours to accept) or active"})
    membership_id = fields.UUID(metadata={"description": "Your membership, to accept or leave"})


class MemberIn(InSchema):
    email = fields.Email(required=True)
    role = fields.String(required=True, validate=validate.OneOf(MEMBER_ROLES))


class MemberOut(Schema):
    id = fields.UUID(metadata={"description": "The membership's id"})
    user = fields.Nested(PersonOut)
    role = fields.String()
    started_at = fields.DateTime()
    status = fields.String(metadata={"description": "pending until the person accepts"})


class GrantIn(InSchema):
    """Who gets access, and on which terms. A change of terms (PATCH) is this schema with
    partial=True, without the fields that say who."""

    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)), required=True,
        validate=validate.Length(min=1),
    )  # fmt: skip
    role = fields.String(load_default="other", validate=validate.OneOf(GRANT_ROLES))
    expires_at = fields.AwareDateTime(allow_none=True)
    evidence_ids = fields.List(
        fields.UUID(), allow_none=True, metadata={"description": "Only these items"}
    )
    item_ids = fields.List(
        fields.UUID(), allow_none=True, metadata={"description": "Only evidence of these"}
    )
    coach_may_rate = fields.Boolean(
        load_default=False, metadata={"description": "A coach may give level ratings"}
    )
    email = fields.Email(metadata={"description": "Invite by e-mail (a link is sent)"})
    user_id = fields.UUID(metadata={"description": "Or someone from a shared organisation"})
    organisation_id = fields.UUID(
        metadata={"description": "The shared organisation; the grant ends with membership"}
    )
    language = fields.String(
        load_default="nl",
        validate=validate.OneOf(["nl", "en"]),
        metadata={
            "description": "The invitation mail's language when the address has no account yet "
            "(an account's own language wins)"
        },
    )


class GrantInternshipOut(Schema):
    id = fields.UUID()
    workplace = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()


class GrantOut(Schema):
    id = fields.UUID()
    dossier_id = fields.UUID()
    grantee = fields.Nested(PersonOut)
    role = fields.String()
    scopes = fields.List(fields.String())
    expires_at = fields.DateTime(allow_none=True)
    evidence_ids = fields.List(fields.String(), allow_none=True)
    item_ids = fields.List(fields.String(), allow_none=True)
    organisation_id = fields.UUID(allow_none=True)
    coach_may_rate = fields.Boolean()
    internship = fields.Nested(
        GrantInternshipOut, allow_none=True,
        metadata={"description": "The internship this grant is for (to its supervisor)"},
    )  # fmt: skip
    proposed_by = fields.Nested(
        PersonOut, allow_none=True, metadata={"description": "Who asked for it, not the owner"}
    )
    created_at = fields.DateTime()


class InvitationOut(Schema):
    id = fields.UUID()
    email = fields.String()
    role = fields.String()
    scopes = fields.List(fields.String())
    grant_expires_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    expires_at = fields.DateTime()


class GrantCreatedOut(Schema):
    grant = fields.Nested(GrantOut, allow_none=True)
    invitation = fields.Nested(InvitationOut, allow_none=True)


class InvitationPreviewOut(Schema):
    owner = fields.String(metadata={"description": "Who invites you"})
    email = fields.String(
        metadata={"description": "The address the invitation was mailed to (to sign up with)"}
    )
    role = fields.String()
    scopes = fields.List(fields.String())
    grant_expires_at = fields.DateTime(
        allow_none=True, metadata={"description": "When the access would end"}
    )
    expires_at = fields.DateTime(metadata={"description": "When the link stops working"})
    accepted = fields.Boolean()


class InvitationTokenIn(InSchema):
    token = fields.String(required=True, validate=validate.Length(min=16, max=128))


class InvitationAddressOut(Schema):
    email = fields.String(metadata={"description": "The address the invitation was mailed to"})
    owner = fields.String(metadata={"description": "Who invites"})


class DossierBriefOut(Schema):
    id = fields.UUID()
    title = fields.String()


class SharedDossierOut(Schema):
    dossier = fields.Nested(DossierBriefOut)
    owner = fields.Nested(PersonOut)
    role = fields.String()
    scopes = fields.List(fields.String())
    expires_at = fields.DateTime(allow_none=True)
    coach_may_rate = fields.Boolean(metadata={"description": "As coach, you may give levels"})
    may_propose_internship = fields.Boolean(
        metadata={"description": "As coordinator of the owner's school, you may propose one"}
    )


class AccessLogQuery(InSchema):
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class AccessLogEntryOut(Schema):
    id = fields.UUID()
    actor = fields.Nested(PersonOut, allow_none=True)
    actor_label = fields.String(
        metadata={"description": "Who, as stored then: a name, or a CV link's label"}
    )
    actor_role = fields.String(
        metadata={"description": "A grant role (employer, coach...), owner, or cv_link"}
    )
    action = fields.String()
    subject_id = fields.String()
    detail = fields.String(metadata={"description": "What was read (a title, a period)"})
    count = fields.Integer(metadata={"description": "Reads folded into this entry (per hour)"})
    created_at = fields.DateTime()
    last_at = fields.DateTime()


class AccessLogOut(Schema):
    items = fields.List(fields.Nested(AccessLogEntryOut))
    next_offset = fields.Integer(allow_none=True)
