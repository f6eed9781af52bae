"""The API's blueprint: flask-smorest's, with the request's unit of work ending where the
handler's work ends.

A handler returns what it made; the request commits right then, before the answer is
serialized, so the answer describes committed data and what ran after the commit (a job, in
tests at once). Handlers never commit themselves; a failed handler raises and the request
rolls back (app.db).
"""

from __future__ import annotations

import functools

import flask_smorest

from app.db import db


class Blueprint(flask_smorest.Blueprint):
    def response(self, status_code, schema=None, **kwargs):
        decorate = super().response(status_code, schema, **kwargs)
        return lambda view: decorate(_committed(view))


def _committed(view):
    @functools.wraps(view)
    def handler(*args, **kwargs):
        result = view(*args, **kwargs)
        db.commit_request()
        return result

    return handler
