"""Verifiable credentials (Open Badges 3.0) issued to a dossier's owner."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, Text


class CredentialIssueIn(InSchema):
    name = Text(
        load_default="",
        validate=validate.Length(max=120),
        metadata={"description": "The name it is issued to; your display name when left out"},
    )


class CredentialCvIn(InSchema):
    on_cv = fields.Boolean(
        metadata={"description": "Show it on the online CV (and at its address)"}
    )


class CredentialRevokeIn(InSchema):
    reason = Text(required=True, validate=validate.Length(min=1, max=500))


class EndorserOut(Schema):
    name = fields.String()
    role = fields.String()
    at = fields.String(metadata={"description": "When they confirmed it"})


class CredentialOut(Schema):
    id = fields.UUID()
    dossier_id = fields.UUID()
    kind = fields.String(validate=validate.OneOf(["report", "level"]))
    report_id = fields.UUID(allow_none=True)
    reflection_id = fields.UUID(allow_none=True)
    title = fields.String()
    holder = fields.String(metadata={"description": "The name it was issued to"})
    endorsers = fields.List(fields.Nested(EndorserOut))
    issued_at = fields.DateTime()
    on_cv = fields.Boolean()
    revoked_at = fields.DateTime(allow_none=True)
    revoked_by_name = fields.String()
    revocation_reason = fields.String()
    status_index = fields.Integer(metadata={"description": "Its bit in the status list"})
    url = fields.String(metadata={"description": "Its public address (while shown on the CV)"})
    linkedin_url = fields.String(
        metadata={"description": "LinkedIn's add-to-profile link (for the owner)"}
    )
    downloads = fields.Dict(
        keys=fields.String(), values=fields.String(),
        metadata={"description": "json, jwt, png and svg: where to download it"},
    )  # fmt: skip
    may_revoke = fields.Boolean(metadata={"description": "You may revoke it"})
    may_manage = fields.Boolean(metadata={"description": "It is yours (CV, removing)"})
