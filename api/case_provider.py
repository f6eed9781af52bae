"""The CASE 1.0 REST API (read side) at /ims/case/v1p0/, for other tools: no account.

Only public frameworks answer (app.access.public_frameworks_condition): built-in and
imported ones; learning lines made in the app stay private. Something that is not there,
or is private, is a 404 in Bagage's one error shape ({"error": {"code", "message",
"fields"}}) rather than CASE's imsx_StatusInfo: CASE clients act on the status code, and
one error shape for the whole instance keeps every client's error handling the same.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.db import db
from competencies import provider
from competencies.case import CASE_API_PATH

blp = Blueprint("case_provider", __name__, url_prefix=CASE_API_PATH)

#: Public data: any site's script may read it (no cookies are involved), caches may keep it
#: a little while.
HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"}


def _answer(payload: dict):
    response = jsonify(payload)
    response.headers.update(HEADERS)
    return response


@blp.route("/CFDocuments")
def documents():
    return _answer({"CFDocuments": provider.public_documents(db.session())})


@blp.route("/CFDocuments/<string:identifier>")
def document(identifier: str):
    return _answer(provider.public_document(db.session(), identifier))


@blp.route("/CFPackages/<string:identifier>")
def package(identifier: str):
    return _answer(provider.public_package(db.session(), identifier))


@blp.route("/CFItems/<string:identifier>")
def item(identifier: str):
    return _answer(provider.public_item(db.session(), identifier))


@blp.route("/CFAssociations/<string:identifier>")
def association(identifier: str):
    return _answer(provider.public_association(db.session(), identifier))
