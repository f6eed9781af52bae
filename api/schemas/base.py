"""What the schemas of every resource build on: cleaned input, multi-line text, numbers
that stay numbers, multipart forms, and the small shapes many resources share."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, post_load

from app.input import InputRules, Number, Text  # noqa: F401 - the schemas' text and numbers


class InSchema(InputRules):
    """Every API input: the cleaning and the control-character rule the domains' own input
    rules have (app.input), so one mechanism keeps such bytes out of the database."""


class MultipartForm(InSchema):
    """A multipart form with a `file` part. The file is read from request.files; the field is
    here so the OpenAPI document shows one multipart body (a separate files schema would be
    documented as a second body, which OpenAPI 3 has no place for)."""

    file = Upload(metadata={"description": "The file"})

    @post_load
    def _without_file(self, data, **_kwargs):
        data.pop("file", None)
        return data


class PersonOut(Schema):
    id = fields.UUID()
    display_name = fields.String()


class StatusOut(Schema):
    status = fields.String()
