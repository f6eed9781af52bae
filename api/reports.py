"""Internship reports: composed by the owner or a coordinator, confirmed by employer and
coordinator, previewed as HTML and downloaded as PDF in Dutch or English."""

from __future__ import annotations

import uuid

from flask import current_app, url_for
from flask.views import MethodView
from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from api.schemas import ReportIn, ReportLanguageQuery, ReportOut, VideoLinkOut
from app import access
from app.auth import acting_user
from app.db import db
from app.dossiers.models import Dossier
from app.reports import services
from app.reports.render import report_html, report_pdf
from media import serving
from media.serving import media_origin

PREFIX = ""
blp = Blueprint("reports", __name__, description="Internship reports")


def _report(report_id, *, compose: bool = False):
    """The report, and the acting user's access to its dossier."""
    session, user = db.session(), acting_user()
    find = access.composable_report if compose else access.viewable_report
    report = find(session, user, report_id)
    return report, access.access_to(session, user, session.get(Dossier, report.dossier_id))


def _out(report, a, reachable=None, chosen=None):
    """The report with what the acting user may do with it (ReportOut.you) and its state
    (`reachable` and `chosen`: the dossier's signers-to-be and the chosen evidence, looked
    up once for a list)."""
    report.you = services.permissions(a, acting_user(), report)
    report.period_from, report.period_to = services.period_instants(report)
    glance = services.state_of(db.session(), report, reachable)
    report.state, report.signers = glance["state"], glance["signers"]
    report.warnings = services.warnings_of(db.session(), report, a, acting_user(), chosen)
    return report


@blp.route("/dossiers/<uuid:dossier_id>/reports")
class Reports(MethodView):
    @blp.response(200, ReportOut(many=True))
    @login_required
    @reading.logged
    def get(self, dossier_id: uuid.UUID):
        """The dossier's internship reports."""
        user = acting_user()
        dossier = access.viewable_dossier(db.session(), user, dossier_id)
        reading.record(dossier, "read_reports", dossier.id)
        a = access.access_to(db.session(), user, dossier)
        listed = services.reports_of(db.session(), dossier)
        reachable = access.reachable_grants(db.session(), dossier)
        chosen = services.chosen_evidence(db.session(), listed, a, user)
        return [_out(r, a, reachable, chosen) for r in listed]

    @blp.arguments(ReportIn)
    @blp.response(201, ReportOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """Compose a report for a period (the owner, or a coordinator with access)."""
        dossier = access.composable_dossier(db.session(), acting_user(), dossier_id)
        report = services.create_report(db.session(), acting_user(), dossier, data)
        return _out(report, access.access_to(db.session(), acting_user(), dossier))


@blp.route("/reports/<uuid:report_id>")
class ReportItem(MethodView):
    @blp.response(200, ReportOut)
    @login_required
    @reading.logged
    def get(self, report_id: uuid.UUID):
        """One report."""
        report, a = _report(report_id)
        _record(report)
        return _out(report, a)

    @blp.arguments(ReportIn(partial=True))
    @blp.response(200, ReportOut)
    @login_required
    def patch(self, changes, report_id: uuid.UUID):
        """Change it; earlier sign-offs are cleared, as they confirmed another text."""
        report, a = _report(report_id, compose=True)
        services.update_report(db.session(), acting_user(), a, report, changes)
        return _out(report, a)


@blp.route("/reports/<uuid:report_id>/signoff", methods=["POST"])
@blp.response(200, ReportOut)
@login_required
def sign_off(report_id: uuid.UUID):
    """Confirm the report as employer or coordinator (your name and today's date)."""
    report, a = _report(report_id)
    services.sign_off(db.session(), acting_user(), a, report)
    return _out(report, a)


@blp.route("/reports/<uuid:report_id>/signature-request", methods=["POST"])
@blp.response(200, ReportOut)
@login_required
def request_signatures(report_id: uuid.UUID):
    """Send it for signature: each signer is told in the app, by push and by e-mail."""
    report, a = _report(report_id, compose=True)
    services.send_for_signature(db.session(), acting_user(), a, report)
    return _out(report, a)


def _record(report) -> None:
    """A report holds every photo and reflection of its period: reading it is logged."""
    reading.record(
        db.session.get(Dossier, report.dossier_id), "read_report", report.id, report.title
    )


def _content(report_id, lang: str | None):
    report, a = _report(report_id)
    _record(report)
    user = acting_user()
    content = services.report_content(db.session(), report, a, user)
    # A printed video is watched through a link that needs no account (the owner revokes it).
    return (
        content,
        (lambda e: services.video_link_url(db.session(), report, e, owner=a.owner)),
        (lang or report.language),
    )


@blp.route("/reports/<uuid:report_id>/preview", methods=["GET"])
@blp.arguments(ReportLanguageQuery, location="query")
@blp.response(200, description="The report as a web page", content_type="text/html")
@login_required
@reading.logged
def preview(query, report_id: uuid.UUID):
    """The report as it will print, for reading in the app (which shows it in a frame)."""
    content, item_url, lang = _content(report_id, query.get("lang"))
    html = report_html(
        content, lambda asset: url_for("media.media_file", asset_id=asset.id), item_url, lang=lang
    )
    response = current_app.response_class(html, mimetype="text/html")
    # No script at all; only the app itself may show it in a frame.
    images = " ".join(filter(None, ["'self'", media_origin(), "data:"]))  # S3 serves media
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; img-src {images}; style-src 'unsafe-inline'; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/reports/<uuid:report_id>/pdf", methods=["GET"])
@blp.arguments(ReportLanguageQuery, location="query")
@blp.response(200, description="The report as PDF", content_type="application/pdf")
@login_required
@reading.logged
@serving.serves_files
def pdf(query, report_id: uuid.UUID):
    """The report as PDF, in its own language or the one asked for (?lang=nl|en)."""
    content, item_url, lang = _content(report_id, query.get("lang"))
    data = report_pdf(content, item_url, lang=lang)
    name = "stageverslag" if lang == "nl" else "internship-report"
    return serving.send(data, content_type="application/pdf", filename=f"{name}.pdf")


@blp.route("/dossiers/<uuid:dossier_id>/video-links", methods=["GET"])
@blp.response(200, VideoLinkOut(many=True))
@login_required
def video_links(dossier_id: uuid.UUID):
    """The live links that printed reports give to your videos (the owner's to revoke)."""
    dossier = access.owned_dossier(db.session(), acting_user(), dossier_id)
    return services.video_links_of(db.session(), dossier)


@blp.route("/video-links/<uuid:link_id>", methods=["DELETE"])
@blp.response(204)
@login_required
def revoke_video_link(link_id: uuid.UUID):
    """Revoke a video link: its QR code stops working at once (a new print gets a new one)."""
    link = access.owned_video_link(db.session(), acting_user(), link_id)
    services.revoke_video_link(db.session(), link)
