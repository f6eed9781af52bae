"""Competency frameworks, their items, links from evidence, and coverage."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, Text
from app.accounts.models import LOCALES


class FrameworkRefOut(Schema):
    id = fields.UUID()
    title = fields.String()


class FrameworkOut(Schema):
    id = fields.UUID()
    identifier = fields.String(metadata={"description": "The CASE identifier"})
    title = fields.String()
    creator = fields.String()
    description = fields.String()
    language = fields.String()
    version = fields.String()
    is_builtin = fields.Boolean()
    item_count = fields.Integer()
    editable = fields.Boolean(metadata={"description": "You may change this framework"})
    public = fields.Boolean(
        metadata={"description": "Anyone may read it, also other tools through the CASE 1.0 API"}
    )


class LevelOut(Schema):
    identifier = fields.String()
    position = fields.Integer(allow_none=True)
    quality = fields.String(metadata={"description": "The level's label"})
    score = fields.Float(allow_none=True)
    description = fields.String()


class ItemOut(Schema):
    id = fields.UUID()
    identifier = fields.String()
    parent_id = fields.UUID(allow_none=True)
    position = fields.Integer()
    human_code = fields.String()
    full_statement = fields.String()
    abbreviated_statement = fields.String()
    item_type = fields.String()
    keywords = fields.List(fields.String())
    notes = fields.String()
    retired = fields.Method("_retired")

    def _retired(self, item) -> bool:
        return item.retired_at is not None


class FoundItemOut(ItemOut):
    framework = fields.Nested(FrameworkRefOut)


class FrameworkDetailOut(FrameworkOut):
    items = fields.List(fields.Nested(ItemOut), metadata={"description": "In reading order"})
    levels = fields.List(fields.Nested(LevelOut), metadata={"description": "Rating scale"})


class ImportWarningOut(Schema):
    #: Where in the package, e.g. CFItems[3].sequenceNumber.
    path = fields.String()
    #: What was repaired: null_dropped, number_from_text, date_without_zone, ...
    code = fields.String()
    message = fields.String()


class ImportOut(Schema):
    framework = fields.Nested(FrameworkOut)
    created = fields.Boolean()
    items_added = fields.Integer()
    items_updated = fields.Integer()
    items_retired = fields.Integer()
    #: The package was read tolerantly: what was repaired (at most the first 100).
    warnings = fields.List(fields.Nested(ImportWarningOut))
    warning_count = fields.Integer()


class CaseServerIn(InSchema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    #: Which framework (CFDocument identifier) when the server has several.
    document = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class CaseDocumentOut(Schema):
    identifier = fields.String()
    title = fields.String()
    creator = fields.String()
    version = fields.String()
    language = fields.String()
    adoption_status = fields.String()
    last_change = fields.String()


class FrameworkCreateIn(InSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    language = fields.String(load_default="nl", validate=validate.OneOf(LOCALES))
    description = Text(load_default="", validate=validate.Length(max=5000))


class FrameworkChangeIn(InSchema):
    public = fields.Boolean(
        metadata={"description": "Publish the learning line (CASE 1.0 API, every user) or not"}
    )


class ItemCreateIn(InSchema):
    full_statement = Text(required=True, validate=validate.Length(min=1, max=5000))
    human_code = fields.String(load_default="", validate=validate.Length(max=100))
    item_type = fields.String(load_default="", validate=validate.Length(max=100))
    parent_id = fields.UUID(load_default=None, allow_none=True)
    position = fields.Integer(load_default=None, validate=validate.Range(min=1))


class SearchQuery(InSchema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    framework_id = fields.List(fields.UUID(), load_default=list)
    dossier_id = fields.UUID(metadata={"description": "Only the frameworks this dossier uses"})
    everywhere = fields.Boolean(
        load_default=False,
        metadata={
            "description": "With dossier_id: also the other frameworks, after the dossier's own"
        },
    )
    limit = fields.Integer(load_default=30, validate=validate.Range(min=1, max=100))


class DossierFrameworksIn(InSchema):
    framework_ids = fields.List(fields.UUID(), required=True)


class LinkIn(InSchema):
    item_id = fields.UUID(required=True)
    note = Text(load_default="", validate=validate.Length(max=1000))


class EvidenceRefOut(Schema):
    id = fields.UUID()
    title = fields.String()
    kind = fields.String()
    occurred_at = fields.DateTime()


class CoverageRowOut(Schema):
    item = fields.Nested(ItemOut)
    depth = fields.Integer()
    evidence_count = fields.Integer()
    latest_evidence = fields.Nested(EvidenceRefOut, allow_none=True)
    roles = fields.List(fields.String(), metadata={"description": "Roles that reflected"})
    levels = fields.Dict(metadata={"description": "role → latest {level, label, at}"})


class DomainProgressOut(Schema):
    item = fields.Nested(ItemOut)
    competencies = fields.Integer(metadata={"description": "Competencies in this domain"})
    covered = fields.Integer(metadata={"description": "Of those, how many have evidence"})


class CoverageOut(Schema):
    framework = fields.Nested(FrameworkRefOut)
    competencies = fields.Integer(
        metadata={"description": "Competencies to show (items without sub-items)"}
    )
    covered = fields.Integer(metadata={"description": "Of those, how many have evidence"})
    domains = fields.List(
        fields.Nested(DomainProgressOut),
        metadata={"description": "Per top-level item with sub-items: its progress"},
    )
    rows = fields.List(fields.Nested(CoverageRowOut))


class CoverageQuery(InSchema):
    framework_id = fields.UUID(required=True)
