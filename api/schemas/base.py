"""What the schemas of every resource build on: cleaned input, multi-line text, numbers
that stay numbers, multipart forms, and the small shapes many resources share."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load

from app.input import CONTROL_MESSAGE, has_control_characters


class Text(fields.String):
    """Multi-line text: tabs and line breaks are allowed, other control characters not."""


def _control_errors(field: fields.Field | None, value: Any) -> Any:
    """The errors for control characters anywhere in `value`, shaped like marshmallow's
    (a list for a value, a dict by key or index for containers); None when clean."""
    if isinstance(value, str):
        multiline = isinstance(field, Text)
        return [CONTROL_MESSAGE] if has_control_characters(value, multiline=multiline) else None
    errors: dict = {}
    if isinstance(value, dict):
        if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
            return _schema_control_errors(field.schema, value)
        keys = getattr(field, "key_field", None)
        values = getattr(field, "value_field", None)
        for key, item in value.items():
            if _control_errors(keys, key):
                errors[key] = [CONTROL_MESSAGE]
            elif found := _control_errors(values, item):
                errors[key] = found
    elif isinstance(value, list | tuple):
        inner = getattr(field, "inner", None)
        if isinstance(field, fields.Nested):
            inner = field
        for index, item in enumerate(value):
            if found := _control_errors(inner, item):
                errors[index] = found
    return errors or None


def _schema_control_errors(schema: Schema, data: Mapping) -> dict | None:
    errors = {}
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        if key in data and (found := _control_errors(field, data[key])):
            errors[key] = found
    return errors or None


class InSchema(Schema):
    """Unknown fields are ignored and surrounding whitespace is stripped. Every string in the
    input, however deeply nested, is refused when it holds a control character (`Text` fields
    may hold tabs and line breaks): the one place that keeps such bytes out of the database."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _clean(self, data, **_kwargs):
        if hasattr(data, "to_dict") and not isinstance(data, dict):
            data = data.to_dict()
        if isinstance(data, Mapping):
            data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
            if errors := _schema_control_errors(self, data):
                raise ValidationError(errors)
        return data


class Decimal(fields.Decimal):
    """A decimal number that stays a number where it is dumped (the OpenAPI document's
    minimum, maximum and default), not marshmallow's string."""

    def _serialize(self, value, attr, obj, **kwargs):
        result = super()._serialize(value, attr, obj, **kwargs)
        return float(result) if isinstance(result, decimal.Decimal) else result


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
