from __future__ import annotations

import uuid

from flask import current_app, request
from flask.views import MethodView
from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from api.schemas import (
    EvidenceForm,
    EvidenceOut,
    EvidencePageOut,
    EvidenceQuery,
    EvidenceReviewIn,
    EvidenceUpdateIn,
)
from app import access
from app.accounts.models import User
from app.auth import acting_user
from app.db import db
from app.dossiers import capture, services
from app.dossiers.models import Evidence
from app.people import caseload
from competencies import services as competency_services
from media.models import SHARP_ROLES
from media.services import retry_processing, tmp_dir
from media.uploads import received_file

PREFIX = ""
blp = Blueprint("evidence", __name__, description="Evidence in a dossier")


def present(evidence: Evidence, viewer: User, links: dict | None = None) -> Evidence:
    """Attach what this viewer may see: the files (the original only to those the policy
    allows; the owner's sharp copies in place of those with faces blurred) and the
    competencies the evidence shows."""
    evidence.shown_media = _ShownMedia(
        evidence,
        with_original=access.can_view_original(viewer, evidence),
        sharp=access.sees_sharp_copies(viewer, evidence),
    )
    if links is None:
        links = competency_services.links_for(db.session(), [evidence.id])
    evidence.shown_links = links.get(evidence.id, [])
    return evidence


def present_many(items: list[Evidence], viewer: User) -> list[Evidence]:
    links = competency_services.links_for(db.session(), [e.id for e in items])  # one query
    return [present(e, viewer, links) for e in items]


class _ShownMedia:
    """The item's files as they are when the answer is written, after the request's commit
    (and what ran once it was: the processing job, when jobs run at once), by role: for the
    owner, a sharp copy stands in for the one with faces blurred (and its WebP twin, which
    has them blurred too, is left out)."""

    def __init__(self, evidence: Evidence, *, with_original: bool, sharp: bool) -> None:
        self.evidence = evidence
        self.with_original = with_original
        self.sharp = sharp

    def items(self):
        assets = self.evidence.media
        sharp = (
            {SHARP_ROLES[a.role]: a for a in assets if a.role in SHARP_ROLES} if self.sharp else {}
        )
        shown = {}
        for asset in assets:
            role = asset.role
            if role in SHARP_ROLES or (role == "original" and not self.with_original):
                continue
            if role in sharp or role.removesuffix("_webp") in sharp:
                continue
            shown[role] = asset
        return [*shown.items(), *sharp.items()]


@blp.route("/dossiers/<uuid:dossier_id>/evidence")
class DossierEvidence(MethodView):
    @blp.arguments(EvidenceQuery, location="query")
    @blp.response(200, EvidencePageOut)
    @login_required
    @reading.logged
    def get(self, query, dossier_id: uuid.UUID):
        """The timeline: newest first, with an opaque cursor for the next page. Its first
        page, in someone else's dossier, is a visit: the caseload's news starts after it."""
        user = acting_user()
        session = db.session()
        dossier = access.viewable_dossier(session, user, dossier_id)
        viewer = access.access_to(session, user, dossier)
        page = services.list_evidence(
            session,
            dossier,
            services.TimelineFilter(
                kind=query.get("kind"),
                occurred_from=query.get("occurred_from"),
                occurred_to=query.get("occurred_to"),
            ),
            limit=query["limit"],
            cursor=query.get("cursor"),
            visible=access.visible_evidence_condition(viewer, user),
        )
        reading.record(dossier, "read_dossier", dossier.id)
        if not query.get("cursor"):  # opening someone's timeline: what is there is seen
            caseload.record_visit(session, user, dossier)
        return {"items": present_many(page.items, user), "next_cursor": page.next_cursor}

    @blp.arguments(EvidenceForm, location="form", content_type="multipart/form-data")
    @blp.response(201, EvidenceOut)
    @blp.alt_response(
        200, schema=EvidenceOut, description="Same client_uid or the same file: the existing item"
    )
    @login_required
    def post(self, form, dossier_id: uuid.UUID):
        """Add evidence (multipart): a photo, video or PDF in `file`, or a note without one."""
        user = acting_user()
        session = db.session()
        dossier = access.contributable_dossier(session, user, dossier_id)
        received = received_file(
            request.files.get("file"),
            tmp_dir=tmp_dir(),
            max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
        )
        details = services.NewEvidence(**form)
        evidence, created = capture.capture(session, user, dossier, details, received)
        return present(evidence, user), 201 if created else 200


@blp.route("/evidence/<uuid:evidence_id>")
class EvidenceItem(MethodView):
    @blp.response(200, EvidenceOut)
    @login_required
    @reading.logged
    def get(self, evidence_id: uuid.UUID):
        """One evidence item."""
        user = acting_user()
        evidence = access.viewable_evidence(db.session(), user, evidence_id)
        reading.record(evidence.dossier, "read_evidence", evidence.id, evidence.title)
        return present(evidence, user)

    @blp.arguments(EvidenceUpdateIn)
    @blp.response(200, EvidenceOut)
    @login_required
    def patch(self, changes, evidence_id: uuid.UUID):
        """Change title, description or when it happened."""
        user = acting_user()
        evidence = access.editable_evidence(db.session(), user, evidence_id)
        services.update_evidence(db.session(), evidence, changes)
        return present(evidence, user)

    @blp.response(204)
    @login_required
    def delete(self, evidence_id: uuid.UUID):
        """Remove the item and all its files (the owner's decision)."""
        evidence = access.removable_evidence(db.session(), acting_user(), evidence_id)
        services.delete_evidence(db.session(), evidence)


@blp.route("/evidence/<uuid:evidence_id>/review", methods=["POST"])
@blp.arguments(EvidenceReviewIn)
@blp.response(200, EvidenceOut)
@login_required
def review(data, evidence_id: uuid.UUID):
    """The owner keeps, hides or shows again an item someone added on their behalf."""
    user = acting_user()
    evidence = access.removable_evidence(db.session(), user, evidence_id)
    services.review_evidence(db.session(), evidence, data["action"])
    return present(evidence, user)


@blp.route("/evidence/<uuid:evidence_id>/retry", methods=["POST"])
@blp.response(202, EvidenceOut)
@login_required
def retry(evidence_id: uuid.UUID):
    """Process an item whose processing failed once more, from its kept original: it is
    `pending` again until the job is done. 409 `not_failed` for an item that did not fail."""
    user = acting_user()
    evidence = access.editable_evidence(db.session(), user, evidence_id)
    retry_processing(db.session(), evidence)
    return present(evidence, user)
