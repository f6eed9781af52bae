"""Internship reports."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema
from app.reports.exchange import ReportRules
from app.reports.services import LANGUAGES

REPORT_LANGUAGES = LANGUAGES


class ReportIn(ReportRules):
    """A report's own rules (app.reports.exchange), and the evidence it shows."""

    evidence_ids = fields.List(fields.UUID(), load_default=None, allow_none=True)
    internship_id = fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "The internship set up in the app that it reports on"},
    )


class ReportLanguageQuery(InSchema):
    lang = fields.String(
        validate=validate.OneOf(REPORT_LANGUAGES),
        metadata={"description": "nl or en; the report's own language when left out"},
    )


class SignoffOut(Schema):
    role = fields.String()
    name = fields.String()
    signed_at = fields.String()
    imported = fields.Boolean(
        dump_default=False,
        metadata={"description": "Taken from an export: a name, not confirmed in this Bagage"},
    )


class ReportPermissionsOut(Schema):
    may_compose = fields.Boolean(metadata={"description": "You may change what it contains"})
    may_sign = fields.Boolean(metadata={"description": "You may confirm it (employer, school)"})
    signed = fields.Boolean(metadata={"description": "You have confirmed this version"})


class SignerOut(Schema):
    name = fields.String()
    role = fields.String()
    signed_at = fields.String(allow_none=True, metadata={"description": "None: not yet"})


class WarnedEvidenceOut(Schema):
    id = fields.UUID()
    title = fields.String()
    occurred_at = fields.DateTime()


class ReportWarningOut(Schema):
    code = fields.String(metadata={"description": "evidence_outside_period"})
    message = fields.String()
    evidence = fields.List(fields.Nested(WarnedEvidenceOut))


class ReportOut(Schema):
    id = fields.UUID()
    dossier_id = fields.UUID()
    title = fields.String()
    internship = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    period_from = fields.DateTime(
        metadata={"description": "The first instant of the period (its first day in TIMEZONE)"}
    )
    period_to = fields.DateTime(metadata={"description": "The first instant after the period"})
    evidence_ids = fields.List(fields.String(), allow_none=True)
    hours = fields.Float(allow_none=True)
    summary = fields.String()
    language = fields.String()
    signoffs = fields.List(fields.Nested(SignoffOut))
    internship_id = fields.UUID(allow_none=True)
    ready_at = fields.DateTime(
        allow_none=True, metadata={"description": "When it was sent for signature"}
    )
    state = fields.String(
        metadata={"description": "draft, awaiting_signatures or signed"},
        validate=validate.OneOf(["draft", "awaiting_signatures", "signed"]),
    )
    signers = fields.List(
        fields.Nested(SignerOut), metadata={"description": "Who confirms it, and whether they did"}
    )
    you = fields.Nested(ReportPermissionsOut, metadata={"description": "What you may do with it"})
    warnings = fields.List(
        fields.Nested(ReportWarningOut),
        metadata={"description": "What is chosen but not shown (evidence outside the period)"},
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class VideoLinkOut(Schema):
    id = fields.UUID()
    report_id = fields.UUID()
    report_title = fields.String()
    evidence_id = fields.UUID()
    video_title = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    view_count = fields.Integer(metadata={"description": "How often the video page was opened"})
    last_viewed_at = fields.DateTime(allow_none=True)
