"""Who is asking: a browser login session (cookie + CSRF token) or a personal access token.

flask-login provides ``current_user`` and ``login_required``; the identity itself is resolved
here on every request, so logging out or revoking a token takes effect at once.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request, session
from flask_login import LoginManager, current_user

from app import access
from app.access import token_allows
from app.accounts import services as accounts
from app.accounts.models import AccessToken, LoginSession, User
from app.compression import holds_secret
from app.db import db, utcnow
from app.errors import Forbidden, Unauthorized, error_response
from app.people.models import WorkplaceLink

login_manager = LoginManager()

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    # Browser identity lives in our LoginSession rows, not in flask-login's user-id cookie.
    login_manager.user_loader(lambda _user_id: None)
    login_manager.request_loader(_load_user_from_request)

    @login_manager.unauthorized_handler
    def _unauthorized():
        return error_response(401, "unauthorized", "Log in first.")

    app.before_request(_forget_the_previous_caller)
    app.before_request(_check_cross_site)
    app.before_request(_require_login_for_api)


def _forget_the_previous_caller() -> None:
    """Who is asking is worked out per request. `g` is fresh for each request in a server,
    but not when requests run inside one application context (as tests do)."""
    g.pop("_login_user", None)
    g.pop("access_cache", None)
    g.pop("access_token", None)
    g.pop("workplace_link_id", None)


#: The only API paths that answer without a login.
PUBLIC_API = {"/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/openapi.json",
              "/api/v1/docs", "/api/v1/auth/verify", "/api/v1/auth/verify/resend",
              "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/confirm",
              "/api/v1/workplace-links/open", "/api/v1/workplace-links/confirm",
              "/api/v1/auth/invitation", "/api/v1/credentials/verify"}  # fmt: skip


def _require_login_for_api():
    """Every other API request is refused before its input is even read."""
    path = request.path
    if (
        request.method == "OPTIONS"
        or not path.startswith("/api/v1/")
        or path in PUBLIC_API
        or path.startswith("/api/v1/docs-assets/")
    ):
        return None
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized", "Log in first.")
    return None


def _load_user_from_request(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = accounts.find_access_token(db.session(), header[len("Bearer ") :].strip())
        _keep_the_touch()
        if token is None:
            return None
        g.auth_method = "token"
        g.access_token = token
        if not token_allows(token, req.method):
            raise Forbidden("This token may only read.", code="read_only_token")
        return token.user
    login_id = session.get("sid")
    if not login_id:
        return None
    login = _live_login()
    if login is None:
        if _ended_by_its_link(login_id):
            raise link_ended()  # the cookie stays: every request says so, not "log in"
        session.clear()
        return None
    if login.workplace_link_id is not None:
        _enter_link_session(login)
    g.auth_method = "session"
    _check_csrf_token(login_id)
    if login.workplace_link_id is not None and not access.link_session_allows(
        req.endpoint, req.method
    ):
        raise Forbidden(
            "This needs an account: with the workplace link you reach the pupil's internship only.",
            code="account_required",
        )
    return login.user


def _live_login() -> LoginSession | None:
    """This browser's live login session (its use is kept); None without one. A guest has
    no other way in than their workplace link."""
    login_id = session.get("sid")
    if not login_id:
        return None
    login = accounts.resolve_login_session(
        db.session(),
        login_id,
        idle_days=current_app.config["SESSION_IDLE_DAYS"],
        max_age_days=current_app.config["SESSION_MAX_AGE_DAYS"],
    )
    _keep_the_touch()
    if login is None or (login.user.is_guest and login.workplace_link_id is None):
        return None
    return login


def device_link_id():
    """The workplace link this browser is signed in with now (None: none, or not alive)."""
    login = _live_login()
    if login is None or login.workplace_link_id is None:
        return None
    link = db.session().get(WorkplaceLink, login.workplace_link_id)
    return link.id if access.link_alive(db.session(), link) else None


def link_ended() -> Unauthorized:
    return Unauthorized(
        "This link no longer works. Ask the coordinator for a new one.", code="link_ended"
    )


def _enter_link_session(login: LoginSession) -> None:
    """A session opened with a workplace link counts while the link lives; an ended link ends
    it for good."""
    link = db.session().get(WorkplaceLink, login.workplace_link_id)
    if not access.link_alive(db.session(), link):
        login.ended_at = utcnow()
        db.checkpoint()
        raise link_ended()
    g.workplace_link_id = link.id


def _ended_by_its_link(login_id: str) -> bool:
    login = accounts.get_login_session(db.session(), login_id)
    if login is None or login.workplace_link_id is None:
        return False
    return not access.link_alive(
        db.session(), db.session().get(WorkplaceLink, login.workplace_link_id)
    )


def _keep_the_touch() -> None:
    """Who is asking is settled in its own small transaction, committed at once: a login or
    token marked as used (or a session ended at its maximum age) is kept also when the
    request's answer is an error, and no lock waits for the handler (nor for a request body
    still arriving: an upload may take minutes). A read (GET, HEAD) with nothing to keep
    (used in the last minutes) goes on in the same transaction into its handler: one
    connection from the pool per request, not two."""
    session = db.session()
    if request.method not in SAFE_METHODS or session.new or session.dirty or session.deleted:
        db.checkpoint()


def _check_csrf_token(login_id: str) -> None:
    """Every state-changing request made with the cookie must carry the session's token."""
    if request.method in SAFE_METHODS:
        return
    login = accounts.get_login_session(db.session(), login_id)
    sent = request.headers.get(CSRF_HEADER, "")
    if login is None or not hmac.compare_digest(sent.encode(), login.csrf_token.encode()):
        raise Forbidden("The request is missing a valid CSRF token.", code="csrf_failed")


def _check_cross_site() -> None:
    """Refuse state-changing requests that a browser marks as coming from another site."""
    if request.method in SAFE_METHODS or "Authorization" in request.headers:
        return
    if request.path == "/share-target":  # only redirects to the app; changes nothing
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise Forbidden("Cross-site requests are not accepted.", code="csrf_failed")
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        allowed = {request.host_url.rstrip("/")} | set(current_app.config["TRUSTED_ORIGINS"])
        parts = urlsplit(origin)
        if f"{parts.scheme}://{parts.netloc}" not in allowed:
            raise Forbidden("Requests from this origin are not accepted.", code="csrf_failed")


def log_in(user: User, workplace_link: WorkplaceLink | None = None) -> str:
    """Start a browser session (bound to a workplace link when given); returns its CSRF
    token."""
    login = accounts.start_login_session(
        db.session(),
        user,
        user_agent=request.headers.get("User-Agent", ""),
        workplace_link_id=workplace_link.id if workplace_link is not None else None,
    )
    session.clear()
    session["sid"] = str(login.id)
    session.permanent = True
    g.auth_method = "session"
    g.workplace_link_id = login.workplace_link_id
    g.pop("access_cache", None)
    holds_secret()
    return login.csrf_token


def current_link_id():
    """The workplace link of this request's session (None: a usual login or a token)."""
    return g.get("workplace_link_id")


def log_out() -> None:
    login_id = session.get("sid")
    if login_id:
        accounts.end_login_session(db.session(), login_id)
    session.clear()


def current_login_id() -> str | None:
    """The browser login session of this request; None when a token is used."""
    return session.get("sid") if g.get("auth_method") == "session" else None


def current_csrf_token() -> str | None:
    login_id = session.get("sid")
    if not login_id or g.get("auth_method") != "session":
        return None
    login = accounts.get_login_session(db.session(), login_id)
    if login is None:
        return None
    holds_secret()
    return login.csrf_token


def acting_token() -> AccessToken | None:
    """The personal access token of this request; None for a browser session."""
    return g.get("access_token") if g.get("auth_method") == "token" else None


def acting_user() -> User:
    """The authenticated user, for handlers that are already behind login_required."""
    if not current_user.is_authenticated:
        raise Unauthorized("Log in first.")
    return current_user._get_current_object()
