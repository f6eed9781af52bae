"""The online CV and the links that share it."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, Text

DATE = validate.Regexp(
    r"^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$", error="Use YYYY, YYYY-MM or YYYY-MM-DD."
)


class CVWorkSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    position = fields.String(load_default="", validate=validate.Length(max=200))
    start = fields.String(load_default=None, allow_none=True, validate=DATE)
    end = fields.String(load_default=None, allow_none=True, validate=DATE)
    summary = Text(load_default="", validate=validate.Length(max=2000))
    internship = fields.Boolean(load_default=False)


class CVEducationSchema(Schema):
    institution = fields.String(required=True, validate=validate.Length(min=1, max=200))
    area = fields.String(load_default="", validate=validate.Length(max=200))
    study_type = fields.String(load_default="", validate=validate.Length(max=200))
    start = fields.String(load_default=None, allow_none=True, validate=DATE)
    end = fields.String(load_default=None, allow_none=True, validate=DATE)


class CVIn(InSchema):
    headline = fields.String(validate=validate.Length(max=200))
    introduction = Text(validate=validate.Length(max=5000))
    #: Empty, or an address recruiters can write to.
    email = fields.String(
        validate=[
            validate.Length(max=254),
            validate.Regexp(r"^$|^[^\s@]+@[^\s@]+\.[^\s@]+$", error="Not an e-mail address."),
        ]
    )
    phone = fields.String(validate=validate.Length(max=50))
    photo_evidence_id = fields.UUID(allow_none=True)
    education = fields.List(fields.Nested(CVEducationSchema))
    work = fields.List(fields.Nested(CVWorkSchema))
    competency_ids = fields.List(fields.UUID())
    evidence_ids = fields.List(fields.UUID())


class CVOut(Schema):
    headline = fields.String()
    introduction = fields.String()
    email = fields.String()
    phone = fields.String()
    photo_evidence_id = fields.UUID(allow_none=True)
    education = fields.List(fields.Dict())
    work = fields.List(fields.Dict())
    competency_ids = fields.List(fields.String())
    evidence_ids = fields.List(fields.String())
    updated_at = fields.DateTime()


class ShareLinkIn(InSchema):
    label = fields.String(load_default="", validate=validate.Length(max=200))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)


class ShareLinkOut(Schema):
    id = fields.UUID()
    label = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    view_count = fields.Integer()
    last_viewed_at = fields.DateTime(allow_none=True)


class ShareLinkCreatedOut(ShareLinkOut):
    url = fields.String(metadata={"description": "Shown once: the link to give recruiters"})
