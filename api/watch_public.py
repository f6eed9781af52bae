"""A printed report's video: /watch/<token> plays it without an account, until the link
expires or the dossier's owner revokes it (then 410; an unknown link is 404)."""

from __future__ import annotations

from flask import Blueprint
from markupsafe import escape

from api.cv_public import PRIVATE_HEADERS
from app import throttle
from app.db import db
from app.errors import NotFound
from app.reports import services
from media import serving
from media.storage import get_storage

blp = Blueprint("watch_public", __name__)

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{margin:0;font:16px system-ui,sans-serif;background:#111;color:#eee}}
main{{max-width:48rem;margin:0 auto;padding:1rem}}
video{{width:100%;max-height:80vh;background:#000}}
</style></head><body><main><h1>{title}</h1>{body}</main></body></html>"""


@blp.route("/watch/<string:token>")
@throttle.code_checks
def page(token: str):
    _, evidence, playable = services.open_video_link(db.session(), token, count_view=True)
    title = escape(evidence.title or "Video")
    if playable is None:
        body = "<p>Deze video wordt nog verwerkt. Probeer het straks opnieuw.</p>"
    else:
        source = f"/watch/{escape(token)}/video"
        body = f'<video controls playsinline preload="metadata" src="{source}"></video>'
    headers = {**PRIVATE_HEADERS, "Content-Type": "text/html; charset=utf-8",
               "Content-Security-Policy": "default-src 'none'; media-src 'self'; "
               "style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"}  # fmt: skip
    return PAGE.format(title=title, body=body), 200, headers


@blp.route("/watch/<string:token>/video")
@throttle.code_checks
@serving.serves_files
def video(token: str):
    _, _evidence, playable = services.open_video_link(db.session(), token, count_view=False)
    if playable is None:
        raise NotFound("This video is still being processed.")
    response = serving.send(
        serving.Stored(get_storage(), playable.storage_key),
        content_type=playable.content_type,
        filename="video",
        etag=playable.sha256,
    )
    response.headers.update(PRIVATE_HEADERS)
    return response
