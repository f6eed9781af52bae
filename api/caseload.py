"""My people: the caseload of someone who supports others."""

from __future__ import annotations

from flask_login import login_required

from api.blueprint import Blueprint
from api.schemas import CaseloadOut, CaseloadQuery
from app.auth import acting_user
from app.db import db
from app.people import caseload

PREFIX = ""
blp = Blueprint("caseload", __name__, description="The people you support")


@blp.route("/caseload", methods=["GET"])
@blp.arguments(CaseloadQuery, location="query")
@blp.response(200, CaseloadOut)
@login_required
def my_caseload(query):
    """Everyone whose dossier you support (an active grant on it), a page at a time: open
    requests first (a report to sign, evidence to review, a question), then what is new since
    you last opened their dossier (opening its timeline counts as a visit), then by name.
    Search by name, filter by organisation, group or internship workplace; the filters on
    offer come along. `/me/events` sends `caseload` when something changes here."""
    filters = caseload.Filters(
        q=query["q"].strip(),
        organisation_id=query["organisation_id"],
        group=query["group"].strip(),
        workplace=query["workplace"].strip(),
    )
    return caseload.caseload(
        db.session(), acting_user(), filters, limit=query["limit"], offset=query["offset"]
    )
