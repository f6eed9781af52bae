"""My people: the caseload of someone who supports others."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, PersonOut
from api.schemas.evidence import MediaOut

CASELOAD_KINDS = ("pupils", "interns", "coachees", "people")


class CaseloadQuery(InSchema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=120),
        metadata={"description": "Part of a name"},
    )
    organisation_id = fields.UUID(
        load_default=None, metadata={"description": "Only people of this organisation"}
    )
    group = fields.String(
        load_default="",
        validate=validate.Length(max=60),
        metadata={"description": "Only people in this group (class)"},
    )
    workplace = fields.String(
        load_default="",
        validate=validate.Length(max=200),
        metadata={"description": "Only people with an approved internship at this workplace"},
    )
    limit = fields.Integer(load_default=30, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))


class SharedOrganisationOut(Schema):
    id = fields.UUID()
    name = fields.String()
    group = fields.String(metadata={"description": "The person's group there (may be empty)"})


class OrganisationRefOut(Schema):
    id = fields.UUID()
    name = fields.String()


class CaseloadInternshipOut(Schema):
    id = fields.UUID()
    workplace = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()


class CaseloadNewOut(Schema):
    evidence = fields.Integer()
    reflections = fields.Integer()
    messages = fields.Integer()


class CaseloadOpenOut(Schema):
    to_sign = fields.Integer(metadata={"description": "Reports waiting for your signature"})
    to_review = fields.Integer(
        metadata={"description": "New evidence you may reflect on and have not yet"}
    )
    question = fields.Boolean(
        metadata={
            "description": "The newest message is someone else's and mentions you, or ends "
            "with a question mark and mentions nobody else"
        }
    )


class CaseloadPersonOut(Schema):
    dossier_id = fields.UUID()
    person = fields.Nested(PersonOut, attribute="owner")
    role = fields.String(metadata={"description": "Your role towards them (the grant's)"})
    scopes = fields.List(fields.String(), attribute="grant.scopes")
    photo = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(MediaOut),
        metadata={"description": "The newest photo of theirs you may see: thumbnails by role"},
    )
    last_visit_at = fields.DateTime(allow_none=True)
    new = fields.Nested(
        CaseloadNewOut,
        metadata={"description": "By others since your last visit, as far as you may see it"},
    )
    open = fields.Nested(CaseloadOpenOut)
    organisations = fields.List(fields.Nested(SharedOrganisationOut))
    internship = fields.Nested(CaseloadInternshipOut, allow_none=True)


class CaseloadOut(Schema):
    kind = fields.String(
        allow_none=True,
        validate=validate.OneOf(CASELOAD_KINDS),
        metadata={"description": "What to call them: pupils, interns, coachees or people"},
    )
    total = fields.Integer(metadata={"description": "People that fit the search and filters"})
    items = fields.List(fields.Nested(CaseloadPersonOut))
    next_offset = fields.Integer(allow_none=True)
    organisations = fields.List(fields.Nested(OrganisationRefOut))
    groups = fields.List(fields.String())
    workplaces = fields.List(fields.String())
