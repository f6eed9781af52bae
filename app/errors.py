"""One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}.

Services raise :class:`DomainError` subclasses; handlers never build error bodies by hand.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, Any] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Gone(DomainError):
    """It was here, and is no more (a withdrawn or expired link)."""

    status = 410
    code = "gone"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Invalid(DomainError):
    status = 422
    code = "invalid"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class TooManyRequests(DomainError):
    """A limit per person was reached; `retry_after` (seconds) becomes Retry-After."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = max(1, int(retry_after))


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def database_error_response(exc: DBAPIError) -> Response | None:
    """The answer when the database is out of reach: its connection died (a restart, a
    failover, a killed backend) or SQLite stayed locked past its timeout. Nothing of the
    request was committed (unless the connection died during the commit itself, which no
    one can tell, so the answer does not claim it) and the next attempt gets a fresh
    connection (the pool drops the dead one): a 503 to try again, not a server error.
    None for other errors."""
    if "database is locked" in str(exc.orig):
        code, retry_after = "database_busy", 2
        message = "The database is busy; try again in a moment."
        text = "Het is even erg druk. Probeer het zo opnieuw."
    elif exc.connection_invalidated or isinstance(exc, OperationalError):
        code, retry_after = "database_unavailable", 5
        message = "The database cannot be reached right now; try again in a moment."
        text = "Er is even geen verbinding met de database. Probeer het zo opnieuw."
    else:
        return None
    log.warning("database unavailable on %s %s: %s", request.method, request.path, exc.orig)
    if _wants_json():
        response = error_response(503, code, message)
    else:
        response = Response(text, status=503, mimetype="text/plain")
    response.headers["Retry-After"] = str(retry_after)
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        response = error_response(exc.status, exc.code, exc.message, exc.fields)
        if getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError):
        return error_response(422, "invalid", "Some fields are not valid.", _fields(exc.messages))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if not _wants_json():
            return exc
        fields: dict = {}
        # webargs (through flask-smorest) puts parse errors on exc.data["messages"].
        data = getattr(exc, "data", None) or {}
        if "messages" in data:
            fields = _fields(data["messages"])
            message = "Some fields are not valid."
        else:
            message = exc.description or exc.name
        status = exc.code or 500
        if status == 413:
            message = "The upload is larger than this server accepts."
        return error_response(status, _HTTP_CODES.get(status, "error"), message, fields)

    @app.errorhandler(DBAPIError)
    def _database(exc: DBAPIError):
        response = database_error_response(exc)
        return response if response is not None else _unexpected(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong on our side.")


def _fields(messages: Any) -> dict:
    """Flatten webargs' {location: {field: [...]}} into {field: [...]}."""
    if not isinstance(messages, dict):
        return {"_schema": messages}
    locations = {"json", "form", "files", "query", "headers", "cookies", "path"}
    if messages and set(messages) <= locations:
        merged: dict = {}
        for value in messages.values():
            merged.update(value if isinstance(value, dict) else {"_schema": value})
        return merged
    return messages
