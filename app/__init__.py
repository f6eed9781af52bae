"""The application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, request

from config import INSTANCE_DIR, Config


def create_app(config: Config | None = None) -> Flask:
    config = config or Config()
    config.validate()
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), static_folder=None)
    app.config.from_object(config)
    Path(app.config["UPLOAD_TMP_DIR"]).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    from api import init_api
    from app.auth import init_auth
    from app.cli import register_cli
    from app.db import db
    from app.errors import register_error_handlers
    from app.extensions import migrate
    from media.storage import init_storage
    from mobile_web import blp as mobile_web

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    init_storage(app)
    init_auth(app)
    init_api(app)
    app.register_blueprint(mobile_web)
    register_error_handlers(app)
    register_cli(app)
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
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
        "style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'",
    )
    headers.setdefault("Permissions-Policy", "geolocation=(), microphone=(self), camera=(self)")
    return response
