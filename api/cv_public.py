"""The CV as recruiters see it: /cv/<token>, no account, nothing indexed, revocable at once."""

from __future__ import annotations

import uuid

from flask import Blueprint, redirect, send_file

from app.cv import services
from app.cv.render import CSS, cv_html
from app.db import db
from media.storage import get_storage

blp = Blueprint("cv_public", __name__)

PRIVATE_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
    # No caching: a revoked link must stop working at once, also behind proxies.
    "Cache-Control": "no-store",
}


@blp.route("/cv/<string:token>")
def page(token: str):
    cv = services.open_link(db.session(), token, count_view=True)
    content = services.cv_content(db.session(), cv)
    db.commit()
    html = cv_html(
        content,
        lambda asset: f"/cv/{token}/media/{asset.id}",
        lang=content["language"],
        stylesheet="/cv-assets/cv.css",
    )
    return html, 200, {**PRIVATE_HEADERS, "Content-Type": "text/html; charset=utf-8"}


@blp.route("/cv/<string:token>/media/<uuid:asset_id>")
def media(token: str, asset_id: uuid.UUID):
    cv = services.open_link(db.session(), token, count_view=False)
    asset = services.public_asset(db.session(), cv, asset_id)
    db.commit()
    storage = get_storage()
    direct = storage.url_for_download(
        asset.storage_key, content_type=asset.content_type, filename=asset.role
    )
    if direct is not None:
        response = redirect(direct, code=302)
    else:
        response = send_file(
            storage.local_path(asset.storage_key), mimetype=asset.content_type, conditional=True
        )
    response.headers.update(PRIVATE_HEADERS)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blp.route("/cv-assets/cv.css")
def stylesheet():
    return CSS, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": "max-age=3600"}
