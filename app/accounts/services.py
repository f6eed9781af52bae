"""Accounts: sign-up, passwords, browser login sessions and personal access tokens."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.models import AccessToken, LoginSession, User
from app.db import utcnow
from app.dossiers.models import Dossier
from app.errors import Conflict, Invalid, NotFound, Unauthorized
from app.input import without_control_characters

TOKEN_PREFIX = "bgg_"  # noqa: S105 - a marker, not a secret
MIN_PASSWORD_LENGTH = 10
# Verifying against a dummy hash keeps login timing equal for unknown addresses.
_DUMMY_HASH_SOURCE = "not-a-real-password-just-for-timing"


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
        memory_cost=current_app.config["PASSWORD_HASH_MEMORY_KIB"],
    )


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost).hash(_DUMMY_HASH_SOURCE)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def register_user(
    session: Session, *, email: str, password: str, display_name: str, locale: str = "nl"
) -> User:
    """Create a user and the dossier they own from the first minute."""
    email = normalize_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            "The password is too short.",
            {"password": [f"Use at least {MIN_PASSWORD_LENGTH} characters."]},
        )
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise _email_taken()
    user = User(
        email=email,
        display_name=display_name.strip(),
        locale=locale,
        password_hash=_hasher().hash(password),
    )
    session.add(user)
    session.add(Dossier(owner=user, title=display_name.strip()))
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # a concurrent sign-up with the same address
        raise _email_taken() from exc
    return user


def _email_taken() -> Conflict:
    return Conflict(
        "An account with this e-mail address already exists.",
        {"email": ["This address is already registered."]},
        code="email_taken",
    )


def update_profile(
    session: Session, user: User, *, display_name: str | None = None, locale: str | None = None
) -> User:
    if display_name is not None:
        user.display_name = display_name.strip()
    if locale is not None:
        user.locale = locale
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User:
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    hasher = _hasher()
    if user is None:
        with contextlib.suppress(VerificationError):
            hasher.verify(_dummy_hash(hasher.time_cost, hasher.memory_cost), password)
        raise _bad_credentials()
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise _bad_credentials() from None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def _bad_credentials() -> Unauthorized:
    return Unauthorized("E-mail address or password is not correct.", code="bad_credentials")


def start_login_session(session: Session, user: User, *, user_agent: str = "") -> LoginSession:
    login = LoginSession(
        user=user,
        csrf_token=secrets.token_urlsafe(32),
        user_agent=without_control_characters(user_agent)[:255],
    )
    session.add(login)
    session.flush()
    return login


def resolve_login_session(
    session: Session, login_id: str, *, idle_days: int, max_age_days: int
) -> User | None:
    """The user of a live login session, or None when it ended, went idle too long or is
    older than `max_age_days` (then it is ended for good)."""
    try:
        login = session.get(LoginSession, _uuid(login_id))
    except ValueError:
        return None
    if login is None or login.ended_at is not None:
        return None
    now = utcnow()
    if now - login.created_at > timedelta(days=max_age_days):
        login.ended_at = now
        return None
    if now - login.last_seen_at > timedelta(days=idle_days):
        return None
    # Write at most every few minutes: a timeline scroll must not turn into writes.
    if now - login.last_seen_at > timedelta(minutes=5):
        login.last_seen_at = now
    return login.user


def end_login_session(session: Session, login_id: str) -> None:
    try:
        login = session.get(LoginSession, _uuid(login_id))
    except ValueError:
        return
    if login is not None and login.ended_at is None:
        login.ended_at = utcnow()


def get_login_session(session: Session, login_id: str) -> LoginSession | None:
    try:
        return session.get(LoginSession, _uuid(login_id))
    except ValueError:
        return None


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(str(value))


def hash_token(token: str) -> str:
    """How a secret token (access token, invitation, share link) is stored: only its hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_access_token(
    session: Session, user: User, *, name: str, expires_at: datetime | None = None
) -> tuple[AccessToken, str]:
    """Returns the row and the plain token, which is shown once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(
        user=user,
        name=name.strip(),
        prefix=plain[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(plain),
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    return token, plain


def resolve_access_token(session: Session, plain: str) -> User | None:
    token = session.scalar(select(AccessToken).where(AccessToken.token_hash == hash_token(plain)))
    if token is None:
        return None
    now = utcnow()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now
    return token.user


def list_access_tokens(session: Session, user: User) -> list[AccessToken]:
    return list(
        session.scalars(
            select(AccessToken)
            .where(AccessToken.user_id == user.id)
            .order_by(AccessToken.created_at.desc())
        )
    )


def revoke_access_token(session: Session, user: User, token_id) -> None:
    token = session.get(AccessToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    session.delete(token)
    session.flush()
