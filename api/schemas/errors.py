"""The one error body of the API, {"error": {"code", "message", "fields"}}: app.errors sends
it, and api.Api documents it for every operation."""

from __future__ import annotations

from marshmallow import Schema, fields


class ErrorDetailOut(Schema):
    code = fields.String(required=True, metadata={"description": "For programs: what went wrong"})
    message = fields.String(required=True, metadata={"description": "For people, in English"})
    # "fields" is a Schema attribute of marshmallow's own, hence data_key.
    field_errors = fields.Dict(
        data_key="fields",
        required=True,
        metadata={"description": "Per field (or header) of the request, what is wrong with it"},
    )


class ErrorOut(Schema):
    """Every error the API answers with."""

    error = fields.Nested(ErrorDetailOut, required=True)
