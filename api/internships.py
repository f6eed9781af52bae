"""Internships: a coordinator of the pupil's school proposes one (and so the workplace
supervisor), the pupil approves or declines with one tap, or gave the school a standing
consent; the pupil ends it whenever they like."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_login import login_required

from api.blueprint import Blueprint
from api.schemas import ConsentIn, ConsentOut, InternshipIn, InternshipOut, InternshipsOut
from app import access
from app.auth import acting_user
from app.db import db
from app.dossiers.models import Dossier
from app.people import internships

PREFIX = ""
blp = Blueprint("internships", __name__, description="Internships and the workplace supervisor")


def _out(internship):
    """The internship with what the acting user may do with it (InternshipOut.you)."""
    session, user = db.session(), acting_user()
    dossier = session.get(Dossier, internship.dossier_id)
    live = internship.status in internships.LIVE_STATES
    grant = internships.supervisor_grant(session, internship)
    approved = grant is not None and internship.status == "approved"
    internship.access_until = grant.expires_at if approved else None
    internship.you = {
        "decide": internship.status == "proposed" and access.may_decide_internship(user, dossier),
        "end": live and access.may_end_internship(user, dossier, internship),
    }
    return internship


@blp.route("/dossiers/<uuid:dossier_id>/internships")
class DossierInternships(MethodView):
    @blp.response(200, InternshipsOut)
    @login_required
    def get(self, dossier_id: uuid.UUID):
        """The dossier's internships you may see (the pupil: all; a coordinator: those she
        proposed; a supervisor: their own), and whether you may propose one."""
        session, user = db.session(), acting_user()
        dossier = access.viewable_dossier(session, user, dossier_id)
        schools = access.proposing_schools(session, user, dossier)
        return {
            "pupil": dossier.owner,
            "may_propose": bool(schools),
            "schools": schools,
            "items": [_out(i) for i in internships.internships_of(session, user, dossier)],
        }

    @blp.arguments(InternshipIn)
    @blp.response(201, InternshipOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """Propose an internship (a coordinator of the pupil's school with access to the
        dossier). The pupil is asked; with their standing consent to the school it is
        approved at once and the supervisor gets the workplace link by e-mail."""
        proposal = internships.Proposal(**data)
        internship = internships.propose(db.session(), acting_user(), dossier_id, proposal)
        return _out(internship)


@blp.route("/internships/<uuid:internship_id>", methods=["GET"])
@blp.response(200, InternshipOut)
@login_required
def internship_item(internship_id: uuid.UUID):
    """One internship (for the pupil's decision)."""
    return _out(access.viewable_internship(db.session(), acting_user(), internship_id))


@blp.route("/internships/<uuid:internship_id>/approve", methods=["POST"])
@blp.response(200, InternshipOut)
@login_required
def approve_internship(internship_id: uuid.UUID):
    """The pupil agrees: the supervisor gets access for the period (plus the time to sign the
    report) and a workplace link by e-mail; the coordinator is told."""
    owner = acting_user()
    internship = access.decidable_internship(db.session(), owner, internship_id)
    return _out(internships.approve(db.session(), owner, internship))


@blp.route("/internships/<uuid:internship_id>/decline", methods=["POST"])
@blp.response(200, InternshipOut)
@login_required
def decline_internship(internship_id: uuid.UUID):
    """The pupil does not agree: nobody gets access; the coordinator is told."""
    owner = acting_user()
    internship = access.decidable_internship(db.session(), owner, internship_id)
    return _out(internships.decline(db.session(), owner, internship))


@blp.route("/internships/<uuid:internship_id>/end", methods=["POST"])
@blp.response(200, InternshipOut)
@login_required
def end_internship(internship_id: uuid.UUID):
    """End it (the pupil, at any time: the supervisor's access and links end at once), or
    withdraw a proposal the pupil has not decided on (whoever proposed it)."""
    user = acting_user()
    internship = access.endable_internship(db.session(), user, internship_id)
    return _out(internships.end(db.session(), user, internship))


@blp.route("/dossiers/<uuid:dossier_id>/internship-consents")
class Consents(MethodView):
    @blp.response(200, ConsentOut(many=True))
    @login_required
    def get(self, dossier_id: uuid.UUID):
        """The schools you let arrange internships without asking you each time."""
        dossier = access.owned_dossier(db.session(), acting_user(), dossier_id)
        return internships.consents_of(db.session(), dossier)

    @blp.arguments(ConsentIn)
    @blp.response(201, ConsentOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """Let a school you are a member of arrange internships: its coordinators' proposals
        are then approved at once (you can see and end each one)."""
        owner = acting_user()
        dossier = access.owned_dossier(db.session(), owner, dossier_id)
        return internships.give_consent(db.session(), owner, dossier, data["organisation_id"])


@blp.route("/dossiers/<uuid:dossier_id>/internship-consents/<uuid:consent_id>", methods=["DELETE"])
@blp.response(204)
@login_required
def revoke_consent(dossier_id: uuid.UUID, consent_id: uuid.UUID):
    """From now on you are asked about each internship again."""
    owner = acting_user()
    dossier = access.owned_dossier(db.session(), owner, dossier_id)
    internships.revoke_consent(db.session(), owner, dossier, consent_id)
