"""The CV as recruiters see it: /cv/<token>, no account, nothing indexed, revocable at once."""

from __future__ import annotations

import uuid

from flask import Blueprint, request

from api import reading
from app import access, confirmations, throttle
from app.cv import services
from app.cv.render import CSS, SCRIPT, cv_html, cv_pdf
from app.db import db
from app.dossiers.models import Dossier
from app.issuing import issuer
from app.issuing import services as issuing
from media import serving
from media.storage import get_storage

blp = Blueprint("cv_public", __name__)

#: The languages the CV page speaks.
LANGUAGES = ("nl", "en")

PRIVATE_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
    # No caching: a revoked link must stop working at once, also behind proxies.
    "Cache-Control": "no-store",
}


@blp.route("/cv/<string:token>")
@throttle.code_checks
@reading.logged
def page(token: str):
    # A view is a person opening the page: not a HEAD request, not a link preview's fetch.
    read = request.method == "GET" and not services.is_preview_bot(request.user_agent.string)
    link, cv = services.open_link(db.session(), token, count_view=read)
    content = full_content(cv)
    # A recruiter has no account: the link they came through is who read the CV (the owner's
    # log keeps every fetch of its content, a preview's too).
    dossier = db.session.get(Dossier, cv.dossier_id)
    reading.record_link(dossier, link.id, link.label, "read_cv", cv.id)
    html = cv_html(
        content,
        lambda asset: f"/cv/{token}/media/{asset.id}",
        lang=reader_language(content["language"]),
        stylesheet="/cv-assets/cv.css",
        script="/cv-assets/cv.js",
        pdf_url=f"/cv/{token}/cv.pdf",
    )
    return html, 200, {**PRIVATE_HEADERS, "Content-Type": "text/html; charset=utf-8"}


def reader_language(owner_language: str) -> str:
    """The recruiter reads the page in their browser's language if Bagage speaks it; else in
    the owner's."""
    return request.accept_languages.best_match(LANGUAGES) or (
        owner_language if owner_language in LANGUAGES else "nl"
    )


@blp.route("/cv/<string:token>/cv.pdf")
@throttle.code_checks
@reading.logged
@serving.serves_files
def pdf(token: str):
    """The CV as PDF for the recruiter to keep or print; a download is no extra view."""
    link, cv = services.open_link(db.session(), token, count_view=False)
    content = full_content(cv)
    dossier = db.session.get(Dossier, cv.dossier_id)
    reading.record_link(dossier, link.id, link.label, "read_cv", cv.id)
    document = cv_pdf(content, lang=reader_language(content["language"]))
    response = serving.send(document, content_type="application/pdf", filename="cv.pdf")
    response.headers.update(PRIVATE_HEADERS)
    return response


@blp.route("/cv/<string:token>/media/<uuid:asset_id>")
@throttle.code_checks  # guessing links is refused, a recruiter's real link never counts
@serving.serves_files
def media(token: str, asset_id: uuid.UUID):
    _, cv = services.open_link(db.session(), token, count_view=False)
    asset = access.public_cv_asset(db.session(), cv, asset_id)
    # A recruiter gets the role as the file name, never the pupil's own file names.
    response = serving.send(
        serving.Stored(get_storage(), asset.storage_key),
        content_type=asset.content_type,
        filename=asset.role,
        etag=asset.sha256,
    )
    response.headers.update(PRIVATE_HEADERS)
    return response


def full_content(cv) -> dict:
    """The CV with what others confirmed: the workplace's signatures and levels, and the
    credentials the owner chose."""
    return {
        **services.cv_content(db.session(), cv),
        "confirmed": confirmations.shown(db.session(), cv),
        "credentials": shown_credentials(cv),
    }


def shown_credentials(cv) -> list[dict]:
    """The credentials the owner chose to show (none until they do), with where to check them."""
    name = issuer.issuer_profile()["name"]
    return [
        {"title": c.title, "issuer": name, "issued_at": c.issued_at, "endorsers": c.endorsers,
         "url": issuing.public_url(c), "verify_url": f"/credentials/{c.id}/verify"}
        for c in issuing.on_cv(db.session(), cv.dossier_id)
    ]  # fmt: skip


@blp.route("/cv-assets/cv.js")
def script():
    return SCRIPT, 200, {"Content-Type": "text/javascript; charset=utf-8",
                         "Cache-Control": "max-age=3600"}  # fmt: skip


@blp.route("/cv-assets/cv.css")
def stylesheet():
    return CSS, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": "max-age=3600"}
