"""Liveness and readiness for load balancers, outside /api/v1 (like the web app's shell,
not part of the documented API): GET /healthz and GET /readyz. Never throttled; they set no
cookie and are answered with no-store."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.health import readiness
from app.throttle import limiter

blp = Blueprint("health", __name__)
limiter.exempt(blp)


@blp.get("/healthz")
def healthz():
    """The process is alive and answering; nothing else is touched."""
    return {"status": "ok"}, 200, {"Cache-Control": "no-store"}


@blp.get("/readyz")
def readyz():
    """Ready to serve: 200 when every check passes, 503 naming what failed otherwise."""
    report = readiness(current_app)
    status = 200 if report["status"] == "ready" else 503
    return report, status, {"Cache-Control": "no-store"}
