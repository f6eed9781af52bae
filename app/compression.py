"""Compressed answers: JSON and other text the app makes, gzip or brotli as the client accepts.

flask-compress does the encoding (and Vary, and the ETag per encoding); this module decides
which answers it may touch. Never:
- file bytes sent by media.serving: photos and videos are compressed already, and a range
  request must get the stored bytes it asked for (a 206 of the original);
- streamed answers (live streams, export zips): they must flow as they are made;
- an answer that carries the CSRF token (the login answer, GET /me): BREACH guesses a
  secret from the compressed size of an answer that also reflects the attacker's input, so
  secrets are sent uncompressed;
- an answer to a request another site made (`Sec-Fetch-Site: cross-site`): that is how an
  attacker's page would make a victim's browser send the many requests BREACH needs (and
  SameSite=Lax keeps the session cookie off them in browsers that send no such header).
The web app's own files are compressed once, when they are built (mobile_web/build.mjs).
"""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_compress import Compress

#: The types worth compressing that the app itself answers with.
COMPRESSED_TYPES = [
    "application/json",
    "application/problem+json",
    "application/ld+json",
    "text/html",
    "text/plain",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/manifest+json",
]

_compress = Compress()


def init_compression(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)  # below a packet, encoding saves nothing
    app.config.setdefault("COMPRESS_STREAMS", False)
    app.config["COMPRESS_REGISTER"] = False  # only through _compress_answer below
    _compress.init_app(app)
    app.after_request(_compress_answer)


def holds_secret() -> None:
    """This request's answer carries a secret (the CSRF token): it goes out uncompressed."""
    g.answer_holds_secret = True


def _compress_answer(response: Response) -> Response:
    if (
        getattr(response, "served_by_serving", False)
        or response.is_streamed
        or g.get("answer_holds_secret")
        or request.headers.get("Sec-Fetch-Site") == "cross-site"
    ):
        return response
    return _compress.after_request(response)
