"""The online CV: curate it, share it through revocable links, export JSON Resume and PDF."""

from __future__ import annotations

import uuid

from flask import current_app, url_for
from flask.views import MethodView
from flask_login import login_required

from api.blueprint import Blueprint
from api.cv_public import PRIVATE_HEADERS, full_content
from api.schemas import (
    CVConfirmationsOut,
    CVIn,
    CVOut,
    ShareLinkCreatedOut,
    ShareLinkIn,
    ShareLinkOut,
)
from app import access, confirmations
from app.auth import acting_user
from app.cv import services
from app.cv.render import cv_html, cv_pdf
from app.db import db
from media import serving

PREFIX = ""
blp = Blueprint("cv", __name__, description="The online CV")


def _cv(dossier_id: uuid.UUID):
    dossier = access.owned_dossier(db.session(), acting_user(), dossier_id)
    return dossier, services.cv_of(db.session(), dossier)


@blp.route("/dossiers/<uuid:dossier_id>/cv")
class CVView(MethodView):
    @blp.response(200, CVOut)
    @login_required
    def get(self, dossier_id: uuid.UUID):
        """Your CV as you composed it."""
        _dossier, cv = _cv(dossier_id)
        return cv

    @blp.arguments(CVIn)
    @blp.response(200, CVOut)
    @login_required
    def patch(self, changes, dossier_id: uuid.UUID):
        """Change what the CV says and which evidence and competencies it shows."""
        dossier, cv = _cv(dossier_id)
        confirmations.require_choosable(db.session(), dossier, changes)
        services.update_cv(db.session(), dossier, cv, changes)
        return cv


@blp.route("/dossiers/<uuid:dossier_id>/cv/confirmations", methods=["GET"])
@blp.response(200, CVConfirmationsOut)
@login_required
def confirmed(dossier_id: uuid.UUID):
    """Signed internship reports and the workplace's levels you may show on your CV under
    "Bevestigd door de werkplek", each saying whether it is on it (choose with PATCH cv)."""
    _dossier, cv = _cv(dossier_id)
    return confirmations.choices(db.session(), cv)


@blp.route("/dossiers/<uuid:dossier_id>/cv/links")
class CVLinks(MethodView):
    @blp.response(200, ShareLinkOut(many=True))
    @login_required
    def get(self, dossier_id: uuid.UUID):
        """Your live share links, with how often and when they were last opened."""
        _dossier, cv = _cv(dossier_id)
        return services.links_of(db.session(), cv)

    @blp.arguments(ShareLinkIn)
    @blp.response(201, ShareLinkCreatedOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """A new link for recruiters (no account needed); the address is shown only now."""
        _dossier, cv = _cv(dossier_id)
        link, token = services.create_link(db.session(), cv, **data)
        link.url = url_for("cv_public.page", token=token, _external=True)
        return link


@blp.route("/cv-links/<uuid:link_id>", methods=["DELETE"])
@blp.response(204)
@login_required
def revoke(link_id: uuid.UUID):
    """Revoke a link: it stops working at once."""
    link = access.owned_share_link(db.session(), acting_user(), link_id)
    services.revoke_link(db.session(), link)


@blp.route("/dossiers/<uuid:dossier_id>/cv/resume.json", methods=["GET"])
@blp.response(200, description="JSON Resume (jsonresume.org)")
@login_required
@serving.serves_files
def resume_json(dossier_id: uuid.UUID):
    """The CV as JSON Resume."""
    _dossier, cv = _cv(dossier_id)
    resume = services.json_resume(services.cv_content(db.session(), cv))
    return serving.send(
        current_app.json.dumps(resume).encode(), content_type="application/json",
        filename="resume.json",
    )  # fmt: skip


@blp.route("/dossiers/<uuid:dossier_id>/cv.pdf", methods=["GET"])
@blp.response(200, description="The CV as PDF", content_type="application/pdf")
@login_required
@serving.serves_files
def resume_pdf(dossier_id: uuid.UUID):
    """The CV as PDF (videos appear as their poster)."""
    user = acting_user()
    _dossier, cv = _cv(dossier_id)
    pdf = cv_pdf(full_content(cv), lang=user.locale)
    return serving.send(pdf, content_type="application/pdf", filename="cv.pdf")


@blp.route("/dossiers/<uuid:dossier_id>/cv/preview", methods=["GET"])
@blp.response(200, description="The CV as a recruiter sees it (HTML)", content_type="text/html")
@login_required
def preview(dossier_id: uuid.UUID):
    """Your CV exactly as a recruiter sees it, without a link and without counting a view."""
    _dossier, cv = _cv(dossier_id)
    content = full_content(cv)
    html = cv_html(
        content,
        lambda asset: url_for("media.media_file", asset_id=asset.id),
        lang=content["language"],
        stylesheet=url_for("cv_public.stylesheet"),
    )
    response = current_app.response_class(html, mimetype="text/html")
    response.headers.update(PRIVATE_HEADERS)
    return response
