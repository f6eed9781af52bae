"""Internships a school's coordinator proposes and the pupil decides on, and the pupil's
standing consents to schools."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, PersonOut
from app.people.models import INTERNSHIP_STATES, SCOPES


class SchoolOut(Schema):
    id = fields.UUID()
    name = fields.String()


class InternshipIn(InSchema):
    workplace = fields.String(
        required=True, validate=validate.Length(min=1, max=200),
        metadata={"description": "The company or organisation (Bakkerij De Korenaar)"},
    )  # fmt: skip
    supervisor_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    supervisor_email = fields.Email(
        required=True, validate=validate.Length(max=254),
        metadata={"description": "The workplace link is mailed here once the pupil agrees"},
    )  # fmt: skip
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True, metadata={"description": "Not before starts_on"})
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)), required=True,
        validate=validate.Length(min=1, max=len(SCOPES)),
        metadata={"description": "What the supervisor may do: view, reflect, contribute"},
    )  # fmt: skip
    locale = fields.String(
        load_default="nl", validate=validate.OneOf(("nl", "en")),
        metadata={"description": "The language of the mail to a supervisor without an account"},
    )  # fmt: skip
    organisation_id = fields.UUID(
        load_default=None, allow_none=True,
        metadata={"description": "The school it goes through (when you coordinate several)"},
    )  # fmt: skip


class InternshipPermissionsOut(Schema):
    decide = fields.Boolean(metadata={"description": "You may approve or decline it now"})
    end = fields.Boolean(metadata={"description": "You may end (or, as proposer, withdraw) it"})


class InternshipOut(Schema):
    id = fields.UUID()
    dossier_id = fields.UUID()
    status = fields.String(metadata={"description": ", ".join(INTERNSHIP_STATES)})
    workplace = fields.String()
    supervisor_name = fields.String()
    supervisor_email = fields.String()
    locale = fields.String(attribute="supervisor_locale")
    starts_on = fields.Date()
    ends_on = fields.Date()
    scopes = fields.List(fields.String())
    school = fields.Nested(SchoolOut, attribute="organisation", allow_none=True)
    proposed_by = fields.Nested(PersonOut, allow_none=True)
    access_until = fields.DateTime(
        allow_none=True,
        metadata={"description": "Once approved: until when the supervisor has access"},
    )
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    you = fields.Nested(InternshipPermissionsOut)


class InternshipsOut(Schema):
    pupil = fields.Nested(PersonOut)
    may_propose = fields.Boolean(metadata={"description": "You may propose an internship"})
    schools = fields.List(
        fields.Nested(SchoolOut), metadata={"description": "The schools you may propose through"}
    )
    items = fields.List(fields.Nested(InternshipOut))


class ConsentIn(InSchema):
    organisation_id = fields.UUID(required=True, metadata={"description": "One of your schools"})


class ConsentOut(Schema):
    id = fields.UUID()
    school = fields.Nested(SchoolOut, attribute="organisation")
    given_at = fields.DateTime()
