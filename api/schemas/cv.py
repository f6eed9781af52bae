"""The online CV and the links that share it."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema
from app.cv.exchange import CVRules, EducationRules, WorkRules


class CVWorkSchema(WorkRules):
    pass


class CVEducationSchema(EducationRules):
    pass


class CVIn(CVRules):
    """The CV's rules (app.cv.exchange), and what the screen chooses to show in it."""

    photo_evidence_id = fields.UUID(allow_none=True)
    education = fields.List(fields.Nested(CVEducationSchema))
    work = fields.List(fields.Nested(CVWorkSchema))
    competency_ids = fields.List(fields.UUID())
    evidence_ids = fields.List(fields.UUID())
    #: Signed reports and workplace levels shown under "Bevestigd door de werkplek".
    report_ids = fields.List(fields.UUID())
    level_ids = fields.List(fields.UUID())


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
    report_ids = fields.List(fields.String())
    level_ids = fields.List(fields.String())
    updated_at = fields.DateTime()


class CVSignoffOut(Schema):
    name = fields.String()
    role = fields.String()
    signed_at = fields.String(allow_none=True)


class CVConfirmedReportOut(Schema):
    id = fields.UUID()
    title = fields.String()
    internship = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    signoffs = fields.List(fields.Nested(CVSignoffOut))
    on_cv = fields.Boolean()


class CVConfirmedLevelOut(Schema):
    id = fields.UUID()
    competency = fields.String()
    human_code = fields.String()
    level = fields.Integer()
    level_label = fields.String()
    by = fields.String()
    role = fields.String()
    at = fields.DateTime()
    evidence_title = fields.String()
    on_cv = fields.Boolean()


class CVConfirmationsOut(Schema):
    """What the workplace confirmed that the owner may show on the CV, and what is on it."""

    reports = fields.List(fields.Nested(CVConfirmedReportOut))
    levels = fields.List(fields.Nested(CVConfirmedLevelOut))


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
