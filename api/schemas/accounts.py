"""Accounts: sign-up, login, the signed-in person, access tokens, verification and reset."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema
from api.schemas.workplace import WorkplaceOut
from app.accounts.models import LOCALES, ROLE_SECTORS, TOKEN_SCOPES

SECTORS = sorted({sector for sectors in ROLE_SECTORS.values() for sector in sectors})


class RegisterIn(InSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    locale = fields.String(load_default="nl", validate=validate.OneOf(LOCALES))


class LoginIn(InSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class DossierRefOut(Schema):
    id = fields.UUID()
    title = fields.String()
    used_bytes = fields.Integer(metadata={"description": "Bytes of originals stored"})
    quota_bytes = fields.Integer(allow_none=True, metadata={"description": "None: no quota"})


class LimitsOut(Schema):
    max_upload_bytes = fields.Integer()
    max_image_bytes = fields.Integer()
    max_media_seconds = fields.Integer()


class UserOut(Schema):
    id = fields.UUID()
    email = fields.String()
    display_name = fields.String()
    locale = fields.String()
    created_at = fields.DateTime()
    email_verified = fields.Boolean(
        metadata={"description": "False until the mailed code is entered; see /auth/verify"}
    )


class ProfileIn(InSchema):
    role = fields.String(required=True, validate=validate.OneOf(list(ROLE_SECTORS)))
    sector = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(SECTORS),
        metadata={
            "description": "pupil: vso, praktijkonderwijs or mbo; student_teacher and teacher: "
            "nl-po, nl-vo, nl-mbo, vl-basis or vl-secundair; other roles: none"
        },
    )


class ProfileOut(Schema):
    role = fields.String()
    sector = fields.String(allow_none=True)


class MeOut(UserOut):
    birth_date = fields.Date(allow_none=True)
    own_face_marked = fields.Boolean(
        metadata={"description": "You marked your own face: it stays visible in your photos"}
    )
    profile = fields.Nested(
        ProfileOut,
        allow_none=True,
        metadata={"description": "Who you are (PUT /me/profile); null until you said so"},
    )
    onboarded = fields.Boolean(
        metadata={
            "description": "The first screen (who are you?) was answered or put off: the "
            "app asks only while this is false"
        }  # fmt: skip
    )
    is_guest = fields.Boolean(
        metadata={
            "description": "A workplace supervisor without an account (no password, "
            "no dossier of their own), in through a workplace link"
        }  # fmt: skip
    )
    workplace = fields.Nested(
        WorkplaceOut,
        allow_none=True,
        metadata={
            "description": "Set in a session opened with a workplace link: it reaches "
            "this dossier only, and nothing that needs an account"
        },  # fmt: skip
    )
    dossiers = fields.List(
        fields.Nested(DossierRefOut),
        metadata={"description": "Your own (none for a guest, nor in a workplace link session)"},
    )
    caseload = fields.String(
        allow_none=True,
        metadata={
            "description": "Whom you support (GET /caseload): pupils, interns, coachees or "
            "people (mixed roles); null when nobody opened their dossier to you"
        },
    )
    limits = fields.Nested(LimitsOut, metadata={"description": "So apps can warn before sending"})
    csrf_token = fields.String(
        allow_none=True,
        metadata={"description": "Send as X-CSRF-Token on state-changing cookie requests."},
    )


class MeUpdateIn(InSchema):
    display_name = fields.String(validate=validate.Length(min=1, max=120))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    birth_date = fields.Date(
        allow_none=True,
        metadata={"description": "Optional; a school may keep faces blurred for pupils under 16"},
    )


class DeleteAccountIn(InSchema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class PasswordChangeIn(InSchema):
    current_password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=200)
    )
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))


class TokenIn(InSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)
    scope = fields.String(
        load_default="full",
        validate=validate.OneOf(TOKEN_SCOPES),
        metadata={"description": "read: only GET requests; full: everything (the default)"},
    )


class TokenOut(Schema):
    id = fields.UUID()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    scope = fields.String()
    parent_id = fields.UUID(
        allow_none=True, metadata={"description": "The token that made this one; it dies with it"}
    )


class TokenCreatedOut(TokenOut):
    token = fields.String(metadata={"description": "Shown once; store it now."})


class EmailIn(InSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))


class VerifyIn(InSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    code = fields.String(required=True, validate=validate.Regexp(r"^\s*\d{6}\s*$"))


class PasswordResetConfirmIn(InSchema):
    token = fields.String(required=True, validate=validate.Length(min=16, max=128))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))
