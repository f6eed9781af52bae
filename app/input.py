"""What the app accepts from outside, whatever the route: text without control characters,
JSON bodies within a size and a nesting depth. Bad input gets a 4xx here, before any of it
reaches a service or the database."""

from __future__ import annotations

import contextlib
import decimal
import json
import re
from collections.abc import Mapping
from typing import Any

from flask import current_app, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load
from werkzeug.exceptions import RequestEntityTooLarge

from app.errors import DomainError, TooLarge, UnsupportedMediaType

#: Control characters (C0, DEL, C1) and lone surrogates: PostgreSQL refuses NUL, UTF-8 refuses
#: surrogates, and none of them belong in text a person typed.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Multi-line text may also hold tabs and line breaks.
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
CONTROL_MESSAGE = "Contains a control character."

#: Deeper than this no request of ours goes; a deeper body is an attack on the parser.
MAX_JSON_DEPTH = 32


class TooDeep(DomainError):
    status = 400
    code = "too_deep"


class BadJSON(DomainError):
    status = 400
    code = "bad_json"


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    return bool((_CONTROL_MULTILINE if multiline else _CONTROL).search(value))


def without_control_characters(value: str) -> str:
    """For text we keep but do not refuse, such as a User-Agent header."""
    return _CONTROL.sub("", value)


class Text(fields.String):
    """Multi-line text: tabs and line breaks are allowed, other control characters not."""


class Number(fields.Decimal):
    """A decimal number, loaded as a Decimal, that stays a number where it is dumped (the
    OpenAPI document's minimum, maximum and default), not marshmallow's string."""

    def _serialize(self, value, attr, obj, **kwargs):
        result = super()._serialize(value, attr, obj, **kwargs)
        return float(result) if isinstance(result, decimal.Decimal) else result


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


class InputRules(Schema):
    """The base of a domain's rules for what it accepts: unknown fields are ignored and
    surrounding whitespace is stripped; every string, however deeply nested, is refused when
    it holds a control character (`Text` fields may hold tabs and line breaks)."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _clean(self, data, **_kwargs):
        if hasattr(data, "to_dict") and not isinstance(data, dict):
            # A query string's proxy gives a list for a list field; to_dict() kept one value.
            data = {key: data[key] for key in data}
        if isinstance(data, Mapping):
            data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
            if errors := _schema_control_errors(self, data):
                raise ValidationError(errors)
        return data


def loads(raw: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """json.loads that refuses nesting deeper than `max_depth` (TooDeep) and malformed input
    (BadJSON), so neither can end in a RecursionError."""
    try:
        data = json.loads(raw)
    except RecursionError as exc:
        raise TooDeep(f"The JSON is nested deeper than {max_depth} levels.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadJSON("The body is not valid JSON.") from exc
    level = [data]
    for _depth in range(max_depth + 1):
        level = [
            child
            for node in level
            if isinstance(node, dict | list)
            for child in (node.values() if isinstance(node, dict) else node)
        ]
        if not level:
            return data
    raise TooDeep(f"The JSON is nested deeper than {max_depth} levels.")


def json_body_limit(limit_setting: str):
    """For a view that takes larger JSON bodies than MAX_JSON_BYTES (an import): the name of
    the setting with its own limit."""

    def decorate(view):
        view.json_body_limit = limit_setting
        return view

    return decorate


#: What the API reads: JSON, forms (evidence may come with or without a file), tus chunks.
API_BODY_TYPES = {
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/offset+octet-stream",
}


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def check_json_body() -> None:
    """Before a view runs: an API body of another type is refused with 415 (a text/plain
    "form" from another site included, instead of being read as missing fields); a JSON body
    larger than MAX_JSON_BYTES is refused with 413 without reading it (by Content-Length) or
    while reading it (chunked); one nested too deep gets 400. The body stays cached for the
    view's own parser."""
    if request.endpoint is None:
        return
    if (
        request.path.startswith("/api/")
        and _has_body()
        and not request.is_json
        and request.mimetype not in API_BODY_TYPES
    ):
        raise UnsupportedMediaType(
            "Send the body as application/json.", code="unsupported_media_type"
        )
    if not request.is_json:
        return
    view = current_app.view_functions.get(request.endpoint)
    setting = getattr(view, "json_body_limit", "MAX_JSON_BYTES")
    limit = current_app.config[setting]
    message = f"The JSON body is larger than {limit} bytes."
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(message)
    request.max_content_length = limit
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge as exc:
        raise TooLarge(message) from exc
    if raw:
        with contextlib.suppress(BadJSON):  # what is wrong with it is the view's parser's to say
            loads(raw)
