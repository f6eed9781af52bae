"""The application factory."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from pathlib import Path

from flask import Flask, Request, current_app, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from app import log_redaction
from config import INSTANCE_DIR, Config
from media.serving import media_origin


class BagageRequest(Request):
    """File parts of a form are written straight into UPLOAD_TMP_DIR (not the system temp
    folder), so storing an upload on the same disk is a rename instead of another copy."""

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        part = tempfile.NamedTemporaryFile(  # noqa: SIM115 - werkzeug closes it
            "wb+", dir=current_app.config["UPLOAD_TMP_DIR"], prefix="part-", delete=False
        )
        g.setdefault("spooled_parts", []).append(part.name)
        return part


class TrustedProxies:
    """werkzeug's ProxyFix for as many proxies as TRUSTED_PROXIES says (read per request, so
    the setting is the one truth): their X-Forwarded-For/-Proto/-Host/-Prefix become the
    request's address, scheme, host and path prefix. With 0 those headers are ignored."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi_app = app.wsgi_app
        self._fixes: dict[int, ProxyFix] = {}

    def __call__(self, environ, start_response):
        count = self.app.config["TRUSTED_PROXIES"]
        if not count:
            return self.wsgi_app(environ, start_response)
        if count not in self._fixes:
            self._fixes[count] = ProxyFix(
                self.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count
            )
        return self._fixes[count](environ, start_response)


def _remove_spooled_parts(_exc: BaseException | None) -> None:
    for name in g.pop("spooled_parts", []):
        with contextlib.suppress(OSError):
            os.unlink(name)


# Werkzeug compiles every URL rule with the ast module, which in Python 3.11 now and then
# fails when threads use it at the same moment ("AST constructor recursion depth mismatch"):
# apps made in several threads at once (tests, a worker's first jobs) are made one by one.
_factory_lock = threading.Lock()


def create_app(config: Config | None = None) -> Flask:
    with _factory_lock:
        return _create_app(config)


def _create_app(config: Config | None) -> Flask:
    config = config or Config()
    config.validate()
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), static_folder=None)
    app.request_class = BagageRequest
    app.wsgi_app = TrustedProxies(app)
    app.teardown_request(_remove_spooled_parts)
    app.config.from_object(config)
    Path(app.config["UPLOAD_TMP_DIR"]).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    log_redaction.install()

    # Imported here, not above: this module runs first whenever any app.* module is imported,
    # and the api and the domains it loads import app.* modules in turn (a cycle at load time
    # that grimp does not draw, since it is Python's package loading that makes it).
    from api import init_api
    from app.admission import init_admission
    from app.auth import init_auth
    from app.cli import register_cli
    from app.compression import init_compression
    from app.db import db
    from app.errors import register_error_handlers
    from app.events import broker
    from app.extensions import migrate
    from app.input import check_json_body
    from app.throttle import init_throttle
    from media.storage import init_storage
    from mobile_web import blp as mobile_web

    init_admission(app)
    init_compression(app)  # first, so that it runs last, on the answer as it will go out
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    init_storage(app)
    init_auth(app)
    app.before_request(check_json_body)  # after the login check: strangers' bodies stay unread
    init_throttle(app)
    init_api(app)
    app.register_blueprint(mobile_web)
    register_error_handlers(app)
    register_cli(app)
    broker.configure(app.config["REDIS_URL"])
    app.after_request(_security_headers)
    return app


def _security_headers(response):
    headers = response.headers
    if request.path == "/api/v1/docs":
        # The API docs page initialises Swagger UI with an inline script.
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    media = media_origin()
    extra = f" {media}" if media else ""
    headers.setdefault(
        "Content-Security-Policy",
        f"default-src 'self'; img-src 'self' blob: data:{extra}; media-src 'self' blob:{extra}; "
        f"connect-src 'self'{extra}; style-src 'self'; script-src 'self'; worker-src 'self'; "
        "manifest-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'",
    )
    headers.setdefault("Permissions-Policy", "geolocation=(), microphone=(self), camera=(self)")
    if current_app.config["ENV_NAME"] == "production" and current_app.config["HSTS_SECONDS"]:
        headers.setdefault(
            "Strict-Transport-Security",
            f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains",
        )
    if _is_api(request.path) and "private" not in (headers.get("Cache-Control") or ""):
        # API answers are someone's data (and login answers carry a CSRF token): no cache
        # may keep them. Media files choose their own private caching.
        headers["Cache-Control"] = "no-store"
    return response


def _is_api(path: str) -> bool:
    return path.startswith("/api/") and not path.startswith("/api/v1/docs-assets/")
