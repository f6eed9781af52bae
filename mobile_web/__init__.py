"""The web app's shell: the page, the service worker, the manifest and static assets.

The app itself is built from mobile_web/src by `make web` (npm ci + node build.mjs) into
static/dist/. It talks to the API only.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from flask import Blueprint, Response, redirect, request, send_file
from werkzeug.exceptions import NotFound

HERE = Path(__file__).resolve().parent
DIST = HERE / "static" / "dist"
#: esbuild names the app, its style sheet and its chunks after their contents.
CONTENT_HASHED = re.compile(r"^(app|style|chunk)-[A-Z0-9]{8,}\.(js|css)$")
#: A content-hashed file never changes: caches keep it a year without asking again.
IMMUTABLE = "public, max-age=31536000, immutable"
#: The page, the service worker and the manifest name the current build: always revalidated.
REVALIDATE = "no-cache"
#: The compressed copies build.mjs makes beside each built file, in the order we prefer them.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))

NOT_BUILT = (
    "The Bagage web app has not been built yet. Run `make web` "
    "(npm ci and node mobile_web/build.mjs), or `make run`, which does it for you.\n"
)


class _WebBlueprint(Blueprint):
    def send_static_file(self, filename: str) -> Response:
        if filename.startswith("dist/"):
            name = filename.removeprefix("dist/")
            # Only the built files themselves: their compressed copies go out as encodings.
            if "/" in name or name.endswith((".br", ".gz")) or not (DIST / name).is_file():
                raise NotFound()
            cache = IMMUTABLE if CONTENT_HASHED.match(name) else REVALIDATE
            return send_built(DIST / name, cache)
        return super().send_static_file(filename)


blp = _WebBlueprint(
    "mobile_web",
    __name__,
    static_folder="static",
    static_url_path="/static",
)


def send_built(path: Path, cache: str, mimetype: str | None = None) -> Response:
    """A built file, as the compressed copy the browser accepts when there is one (made at
    build time, so no request spends CPU on it), with Vary: Accept-Encoding either way."""
    mimetype = mimetype or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    source, encoding = path, None
    for name, suffix in ENCODINGS:
        if request.accept_encodings[name] > 0 and _fresh_copy(path, suffix):
            source, encoding = path.with_name(path.name + suffix), name
            break
    response = send_file(source, mimetype=mimetype, conditional=True, max_age=0)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = cache
    return response


def _fresh_copy(path: Path, suffix: str) -> bool:
    """A compressed copy made from this very file: none older than it (a file replaced by
    hand, or by a build that made no copy of it, goes out as it is)."""
    try:
        return path.with_name(path.name + suffix).stat().st_mtime >= path.stat().st_mtime
    except FileNotFoundError:
        return False


def _built(name: str, mimetype: str) -> Response:
    """A built file, revalidated on every load (the service worker keeps the offline copy)."""
    path = DIST / name
    if not path.is_file():
        return Response(NOT_BUILT, status=503, mimetype="text/plain")
    return send_built(path, REVALIDATE, mimetype)


@blp.route("/")
def index():
    return _built("index.html", "text/html")


@blp.route("/sw.js")
def service_worker():
    return _built("sw.js", "text/javascript")


@blp.route("/manifest.webmanifest")
def manifest():
    return _built("manifest.webmanifest", "application/manifest+json")


@blp.route("/share-target", methods=["GET", "POST"])
def share_target():
    """Normally the service worker answers shares; without it, open the app instead."""
    return redirect("/", code=303)
