"""Workplace links: a supervisor opens the mailed link, confirms it with a code, and may make
an account later."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema

_TOKEN = validate.Length(min=16, max=128)


class WorkplaceLinkOpenIn(InSchema):
    token = fields.String(required=True, validate=_TOKEN)


class WorkplaceLinkConfirmIn(InSchema):
    token = fields.String(required=True, validate=_TOKEN)
    code = fields.String(required=True, validate=validate.Regexp(r"^\s*\d{6}\s*$"))


class WorkplaceWelcomeOut(Schema):
    status = fields.String(
        metadata={
            "description": "code_sent: a code went to the address; signed_in: this "
            "device is in already (no code needed)"
        }  # fmt: skip
    )
    pupil_name = fields.String(metadata={"description": "The pupil's first name"})
    workplace = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    masked_email = fields.String(metadata={"description": "Where the code went, masked"})


class WorkplaceOut(Schema):
    """In /me of a session opened with a workplace link: the one dossier it reaches."""

    dossier_id = fields.UUID()
    pupil_name = fields.String()
    workplace = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    expires_at = fields.DateTime(metadata={"description": "When the link stops working"})


class MakeAccountIn(InSchema):
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))
