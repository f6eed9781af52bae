"""Throttling for endpoints that guess at secrets or send mail (flask-limiter).

Apply one of the named decorators below to a view, innermost (right above the function):

- ``login_attempts``: wrong passwords per account from one address, per account from all
  addresses, and per client address. Only refused attempts (401) count.
- ``password_checks``: wrong passwords of a signed-in person confirming a step (deleting the
  account, changing the password). One counter per person, shared by those endpoints.
- ``mail_requests``: forms that send an e-mail to the address in their ``email`` field
  (password reset, verification): per recipient and per client address; every request counts.
- ``code_checks``: endpoints that take a one-time code or link token: refused attempts
  (any 4xx but 429) per client address.
- ``credential_checks``: verifying a credential (anyone may, no account): per client address;
  every request counts.
- ``outgoing_fetches``: endpoints that make the server fetch from an address the client chose
  (a CASE server, an issuer's keys): per signed-in person, else per client address; every
  request counts.
- ``link_mails``: opening a workplace link, which mails a code to the link's address: per link
  (its token, hashed) and per client address, as ``mail_requests``; only the opens that mailed
  a code count.

The limits are settings (``LOGIN_LIMIT_PER_ACCOUNT`` and friends in config.py), read on each
request. A throttled request gets 429 with ``Retry-After`` and the usual error shape.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from collections.abc import Callable

from flask import Flask, current_app, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_login import current_user

from app.errors import error_response

limiter = Limiter(key_func=lambda: client_address())


def init_throttle(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def client_address() -> str:
    """The client's address; behind a reverse proxy set TRUSTED_PROXIES so this is the
    client's and not the proxy's (otherwise everyone shares one per-address counter). An IPv6
    client counts by its /64: one connection owns all of it, so rotating buys nothing."""
    address = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def retry_after_seconds() -> int:
    """Seconds until the limit that refused this request lets one through again."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def _too_many_requests(_exc: RateLimitExceeded):
    seconds = retry_after_seconds()
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    response = error_response(
        429, "too_many_requests", f"Too many attempts. Try again in {minutes} {unit}."
    )
    response.headers["Retry-After"] = str(seconds)
    return response


# --- keys ---------------------------------------------------------------------------------


def _submitted_email() -> str:
    """The e-mail address in the JSON body, normalised as accounts does, and hashed so the
    counters' store holds no addresses. "" (no counting by account) when there is none."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not email.strip():
        return ""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _submitted_token() -> str:
    """The link token in the JSON body, hashed (the counters' store holds no secrets)."""
    body = request.get_json(silent=True)
    token = body.get("token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        return ""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _account_and_address() -> str:
    email = _submitted_email()
    return f"{email}@{client_address()}" if email else ""


def _signed_in_user() -> str:
    return current_user.get_id() if current_user.is_authenticated else ""


def _user_or_address() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else client_address()


# --- what counts --------------------------------------------------------------------------


def _refused_login(response) -> bool:
    return response.status_code == 401


def _refused_password(response) -> bool:
    # 401 from DELETE /me's check, 403 from the password change's.
    return response.status_code in (401, 403)


def _refused_code(response) -> bool:
    return 400 <= response.status_code < 500 and response.status_code != 429


def _mailed_a_code(response) -> bool:
    body = response.get_json(silent=True) if response.is_json else None
    return (
        response.status_code == 200 and isinstance(body, dict) and body.get("status") == "code_sent"
    )


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _stack(*limits: Callable) -> Callable:
    def decorate(view: Callable) -> Callable:
        for limit in limits:
            view = limit(view)
        return view

    return decorate


# --- the named limits ---------------------------------------------------------------------

login_attempts = _stack(
    limiter.shared_limit(
        _setting("LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"),
        scope="login-account-address",
        key_func=_account_and_address,
        deduct_when=_refused_login,
    ),
    limiter.shared_limit(
        _setting("LOGIN_LIMIT_PER_ACCOUNT"),
        scope="login-account",
        key_func=_submitted_email,
        deduct_when=_refused_login,
    ),
    limiter.shared_limit(
        _setting("LOGIN_LIMIT_PER_ADDRESS"),
        scope="login-address",
        key_func=client_address,
        deduct_when=_refused_login,
    ),
)

password_checks = limiter.shared_limit(
    _setting("PASSWORD_CHECK_LIMIT"),
    scope="password-check",
    key_func=_signed_in_user,
    deduct_when=_refused_password,
)

mail_requests = _stack(
    limiter.shared_limit(
        _setting("MAIL_LIMIT_PER_RECIPIENT"), scope="mail-recipient", key_func=_submitted_email
    ),
    limiter.shared_limit(
        _setting("MAIL_LIMIT_PER_ADDRESS"), scope="mail-address", key_func=client_address
    ),
)

code_checks = limiter.shared_limit(
    _setting("CODE_CHECK_LIMIT"),
    scope="code-check",
    key_func=client_address,
    deduct_when=_refused_code,
)

link_mails = _stack(
    limiter.shared_limit(
        _setting("MAIL_LIMIT_PER_RECIPIENT"),
        scope="mail-link",
        key_func=_submitted_token,
        deduct_when=_mailed_a_code,
    ),
    limiter.shared_limit(
        _setting("MAIL_LIMIT_PER_ADDRESS"),
        scope="mail-address",
        key_func=client_address,
        deduct_when=_mailed_a_code,
    ),
)

credential_checks = limiter.shared_limit(
    _setting("CREDENTIAL_CHECK_LIMIT"), scope="credential-check", key_func=client_address
)

outgoing_fetches = limiter.shared_limit(
    _setting("OUTGOING_FETCH_LIMIT"), scope="outgoing-fetch", key_func=_user_or_address
)
