"""Verifying credentials: what is sent and the verdict that comes back."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields


class _CredentialField(fields.Field):
    """A credential as a JSON object, or as text: JSON, a compact VC-JWT, an SVG badge, or a
    PNG badge as a ``data:image/png;base64,...`` URL."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict):
            return value
        if isinstance(value, str) and value.strip():
            return value
        raise ValidationError("Send a credential: a JSON object or text.")


class CredentialVerifyIn(Schema):
    """Not an InSchema: a credential is read, checked and forgotten, never stored, and pasted
    JSON or an SVG has its line breaks and tabs."""

    credential = _CredentialField(
        required=True,
        metadata={
            "description": "A credential (JSON-LD object, or text: JSON, a VC-JWT, an SVG "
            "badge, or a PNG badge as a data:image/png;base64 URL)"
        },
    )


class CheckOut(Schema):
    name = fields.String(
        metadata={"description": "format, structure, proof, key, expiry, valid_from, status"}
    )
    status = fields.String(metadata={"description": "ok, failed or warning"})
    code = fields.String(metadata={"description": "What was found, for translations"})
    message = fields.String(metadata={"description": "The same in English words"})


class CredentialSummaryOut(Schema):
    name = fields.String(allow_none=True)
    issuer_id = fields.String(allow_none=True)
    issuer_name = fields.String(allow_none=True)
    achievement_name = fields.String(allow_none=True)
    achievement_description = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    valid_from = fields.String(allow_none=True)
    valid_until = fields.String(allow_none=True)
    types = fields.List(fields.String())


class VerdictOut(Schema):
    valid = fields.Boolean(metadata={"description": "True when no check failed"})
    format = fields.String(allow_none=True, metadata={"description": "json, jwt, png or svg"})
    checks = fields.List(fields.Nested(CheckOut))
    summary = fields.Nested(CredentialSummaryOut)
