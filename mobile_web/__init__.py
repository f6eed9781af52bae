"""The web app's shell: the page, the service worker, the manifest and static assets.

The app itself is built from mobile_web/src by `make web` (npm ci + node build.mjs) into
static/dist/. It talks to the API only.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, redirect, send_file

HERE = Path(__file__).resolve().parent
DIST = HERE / "static" / "dist"
YEAR = 365 * 24 * 3600

NOT_BUILT = (
    "The Bagage web app has not been built yet. Run `make web` "
    "(npm ci and node mobile_web/build.mjs), or `make run`, which does it for you.\n"
)


class _WebBlueprint(Blueprint):
    def get_send_file_max_age(self, filename: str | None) -> int | None:
        # Built files carry their content hash in the name: they never change.
        if filename and filename.startswith("dist/") and not filename.endswith((".html", "sw.js")):
            return YEAR
        return None


blp = _WebBlueprint(
    "mobile_web",
    __name__,
    static_folder="static",
    static_url_path="/static",
)


def _built(name: str, mimetype: str) -> Response:
    """A built file, revalidated on every load (the service worker keeps the offline copy)."""
    path = DIST / name
    if not path.is_file():
        return Response(NOT_BUILT, status=503, mimetype="text/plain")
    response = send_file(path, mimetype=mimetype, max_age=0, conditional=True)
    response.headers["Cache-Control"] = "no-cache"
    return response


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
