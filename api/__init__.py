"""The REST API under /api/v1: HTTP only. Handlers parse, ask app.access, call a service."""

from __future__ import annotations

import swagger_ui_bundle
from flask import Flask, send_from_directory
from flask_smorest import Api as SmorestApi

from api import (
    account_lifecycle,
    auth,
    case_provider,
    caseload,
    competencies,
    credentials,
    credentials_public,
    cv,
    cv_public,
    evidence,
    faces,
    growth,
    health,
    internships,
    issuing,
    live,
    me,
    media,
    people,
    portability,
    reflections,
    reports,
    uploads,
    watch_public,
    workplace,
)
from api.schemas import ErrorOut
from api.schemas.openapi import SchemaPlugin
from app.credentials.sources import register_local_source
from app.issuing import services as issuing_services


class Api(SmorestApi):
    # The one error body app.errors sends, as the "Error" component every operation refers to.
    ERROR_SCHEMA = ErrorOut

    def _register_error_handlers(self) -> None:
        # app.errors owns the one error shape; smorest's own handler would answer differently.
        pass


def init_api(app: Flask) -> None:
    """Give the app its own Api (and so its own OpenAPI spec): an Api remembers the app it
    was last given, so one shared between apps made at once (a worker's threads, tests)
    registers one app's blueprints on another. The blueprints themselves are plain
    descriptions that any number of apps can register."""
    api = Api(spec_kwargs={"marshmallow_plugin": SchemaPlugin()})
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "Bagage keeps an owner-held dossier of evidence. Browser clients "
                    "authenticate with the session cookie and send the session's CSRF token "
                    "in `X-CSRF-Token` on every state-changing request; scripts send a "
                    "personal access token as `Authorization: Bearer …`. Every error has the "
                    'shape `{"error": {"code", "message", "fields"}}`.'
                )
            }
        },
    )
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "description": "Personal access token"}
    )
    api.spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": app.config["SESSION_COOKIE_NAME"]}
    )
    for module in (
        auth, me, evidence, faces, media, uploads, competencies, people, internships, reflections,
        live, portability, cv, reports, growth, account_lifecycle, caseload, workplace,
        credentials, issuing,
    ):  # fmt: skip
        api.register_blueprint(module.blp, url_prefix=f"/api/v1{module.PREFIX}")

    app.register_blueprint(cv_public.blp)
    app.register_blueprint(watch_public.blp)
    app.register_blueprint(case_provider.blp)
    app.register_blueprint(credentials_public.blp)
    # The verifier reads this instance's own keys and status list without the network.
    register_local_source(issuing_services.own_document)
    app.register_blueprint(health.blp)

    @app.route("/api/v1/docs-assets/<path:filename>")
    def api_docs_assets(filename: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)
