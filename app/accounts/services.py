"""Accounts: sign-up, passwords, browser login sessions and personal access tokens."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import uuid
from datetime import date, datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app import clock
from app.access import may_mint_tokens, own_access_token
from app.accounts.hashing import BoundedHasher, password_hasher
from app.accounts.models import AccessToken, LoginSession, User
from app.accounts.passwords import MIN_PASSWORD_LENGTH, check_password  # noqa: F401 - re-exported
from app.db import db, utcnow
from app.dossiers.models import Dossier
from app.errors import Conflict, Forbidden, Invalid, Unauthorized
from app.input import without_control_characters

TOKEN_PREFIX = "bgg_"  # noqa: S105 - a marker, not a secret
#: The password hash of a guest: no password matches it (argon2 hashes start with "$argon2").
UNUSABLE_HASH = "!guest"  # noqa: S105 - not a secret
# Verifying against a dummy hash keeps login timing equal for unknown addresses.
_DUMMY_HASH_SOURCE = "not-a-real-password-just-for-timing"


def _hasher() -> BoundedHasher:
    """Every password hash and check goes through here: argon2id in the process's turns."""
    return password_hasher()


def _no_transaction_while_hashing() -> None:
    """SQLite holds its write lock for a whole transaction (BEGIN IMMEDIATE): a password
    check (tens of milliseconds, more when it waits for its turn) inside one would make every
    other request wait. Only reads came before each call, so this commits nothing of the
    request's own work."""
    db.checkpoint()


_dummy_hashes: dict[tuple[int, int, int], str] = {}


def _dummy_hash(hasher: BoundedHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _dummy_hashes:
        _dummy_hashes.setdefault(key, hasher.hash(_DUMMY_HASH_SOURCE))
    return _dummy_hashes[key]


def normalize_email(email: str) -> str:
    return email.strip().lower()


def register_user(
    session: Session, *, email: str, password: str, display_name: str, locale: str = "nl"
) -> User:
    """Create a user and the dossier they own from the first minute."""
    email = normalize_email(email)
    check_password(password)
    password_hash = _hasher().hash(password)  # before the lookup opens a transaction
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise _email_taken()
    user = User(
        email=email,
        display_name=display_name.strip(),
        locale=locale,
        password_hash=password_hash,
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


_UNCHANGED = object()


def update_profile(
    session: Session,
    user: User,
    *,
    display_name: str | None = None,
    locale: str | None = None,
    birth_date=_UNCHANGED,
) -> User:
    if display_name is not None:
        user.display_name = display_name.strip()
    if locale is not None:
        user.locale = locale
    if birth_date is not _UNCHANGED:
        if birth_date is not None and not (date(1900, 1, 1) <= birth_date <= clock.today()):
            raise Invalid("This is not a date of birth.", {"birth_date": ["Not a possible date."]})
        user.birth_date = birth_date
    session.flush()
    return user


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The user with this address and password. A guest has no password: refused like an
    unknown address, with the same work, so the answer tells nothing. The turn at the
    cores is taken first: a login waiting for one holds no database connection."""
    hasher = _hasher()
    with hasher.turn():
        user = session.scalar(select(User).where(User.email == normalize_email(email)))
        _no_transaction_while_hashing()
        if user is None or user.is_guest:
            with contextlib.suppress(VerificationError):
                hasher.verify(_dummy_hash(hasher), password)
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


def change_password(
    session: Session,
    user: User,
    *,
    current_password: str,
    new_password: str,
    keep_login_id: str | None = None,
) -> None:
    """Set a new password after checking the current one. Whoever might have the old one is
    shut out: every other browser session ends and every personal access token is revoked.
    The session the change was made in (keep_login_id) stays."""
    hasher = _hasher()
    _no_transaction_while_hashing()
    try:
        hasher.verify(user.password_hash, current_password)
    except (VerificationError, InvalidHashError):
        raise Forbidden(
            "The current password is not correct.",
            {"current_password": ["This is not your current password."]},
            code="wrong_password",
        ) from None
    check_password(new_password, field="new_password")
    user.password_hash = hasher.hash(new_password)
    end_sessions_and_tokens(session, user, keep_login_id=keep_login_id)


def end_sessions_and_tokens(session: Session, user: User, *, keep_login_id=None) -> None:
    """Whoever knew the old password is out: every browser session ends (but the one kept)
    and every personal access token is revoked."""
    others = [
        LoginSession.user_id == user.id,
        LoginSession.ended_at.is_(None),
    ]
    if keep_login_id is not None:
        with contextlib.suppress(ValueError):
            others.append(LoginSession.id != _uuid(keep_login_id))
    session.execute(update(LoginSession).where(*others).values(ended_at=utcnow()))
    _delete_tokens(
        session, list(session.scalars(select(AccessToken.id).where(AccessToken.user_id == user.id)))
    )
    session.flush()


def make_guest(session: Session, user: User) -> None:
    """The address's owner proved it (a workplace link's code) while the row was an account
    nobody had verified: whoever made that account may not have been them. The row keeps no
    password, and every session and token of it ends."""
    user.password_hash = UNUSABLE_HASH
    user.is_guest = True
    end_sessions_and_tokens(session, user)


def upgrade_guest(
    session: Session, user: User, *, password_hash: str, display_name: str, locale: str
) -> User:
    """A guest makes an account: the same row (so their grants, reflections and what they
    added stay theirs), a password, and a dossier of their own."""
    user.password_hash = password_hash
    user.is_guest = False
    user.display_name = display_name.strip() or user.display_name
    user.locale = locale
    if session.scalar(select(Dossier.id).where(Dossier.owner_id == user.id)) is None:
        session.add(Dossier(owner=user, title=user.display_name))
    session.flush()
    return user


def hash_password(password: str, field: str = "password") -> str:
    check_password(password, field=field)
    _no_transaction_while_hashing()
    return _hasher().hash(password)


def start_login_session(
    session: Session, user: User, *, user_agent: str = "", workplace_link_id=None
) -> LoginSession:
    login = LoginSession(
        user=user,
        csrf_token=secrets.token_urlsafe(32),
        user_agent=without_control_characters(user_agent)[:255],
        workplace_link_id=workplace_link_id,
    )
    session.add(login)
    session.flush()
    return login


#: With its user: every request needs both, in one statement. Built once, so that the
#: statement every request runs is not composed (nor its cache key computed) each time.
_LOGIN_WITH_USER = (
    select(LoginSession)
    .options(joinedload(LoginSession.user))
    .where(LoginSession.id == bindparam("login_id"))
)


def resolve_login_session(
    session: Session, login_id: str, *, idle_days: int, max_age_days: int
) -> LoginSession | None:
    """A live login session, or None when it ended, went idle too long or is older than
    `max_age_days` (then it is ended for good)."""
    try:
        login = session.scalars(_LOGIN_WITH_USER, {"login_id": _uuid(login_id)}).one_or_none()
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
    return login


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
    session: Session,
    user: User,
    *,
    name: str,
    expires_at: datetime | None = None,
    scope: str = "full",
    parent: AccessToken | None = None,
) -> tuple[AccessToken, str]:
    """Returns the row and the plain token, which is shown once and never stored."""
    if parent is not None:
        # A minted token never outlives the token that minted it.
        ceiling = _chain_expiry(session, parent)
        if ceiling is not None and (expires_at is None or expires_at > ceiling):
            expires_at = ceiling
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(
        user=user,
        name=name.strip(),
        prefix=plain[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(plain),
        expires_at=expires_at,
        scope=scope,
        parent_id=parent.id if parent is not None else None,
    )
    session.add(token)
    session.flush()
    return token, plain


def mint_access_token(
    session: Session,
    user: User,
    minted_by: AccessToken | None,
    *,
    name: str,
    scope: str = "full",
    expires_at: datetime | None = None,
) -> tuple[AccessToken, str]:
    """A token made by the acting user in a browser session (minted_by None) or with a full
    token, whose child it becomes: revoking that token revokes this one too."""
    if not may_mint_tokens(minted_by):
        raise Forbidden(
            "Only a browser session or a full token may make tokens.", code="read_only_token"
        )
    return create_access_token(
        session, user, name=name, scope=scope, expires_at=expires_at, parent=minted_by
    )


def find_access_token(session: Session, plain: str) -> AccessToken | None:
    """The live token for this secret: it, and every token up its chain, still valid."""
    token = session.scalar(
        select(AccessToken)
        .where(AccessToken.token_hash == hash_token(plain))
        .options(joinedload(AccessToken.user))
    )
    if token is None or not _chain_alive(session, token):
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now
    return token


def _chain(session: Session, token: AccessToken):
    """The token and the tokens that minted it, up to one made in a browser session; None
    at the end when a link is missing (or loops), which makes the whole chain invalid."""
    seen: set[uuid.UUID] = set()
    current: AccessToken | None = token
    while current is not None:
        if current.id in seen or current.user_id != token.user_id:
            yield None
            return
        seen.add(current.id)
        yield current
        if current.parent_id is None:
            return
        current = session.get(AccessToken, current.parent_id)
    yield None


def _chain_alive(session: Session, token: AccessToken) -> bool:
    now = utcnow()
    return all(
        link is not None and (link.expires_at is None or link.expires_at > now)
        for link in _chain(session, token)
    )


def _chain_expiry(session: Session, token: AccessToken) -> datetime | None:
    expiries = [link.expires_at for link in _chain(session, token) if link and link.expires_at]
    return min(expiries) if expiries else None


def list_access_tokens(session: Session, user: User) -> list[AccessToken]:
    return list(
        session.scalars(
            select(AccessToken)
            .where(AccessToken.user_id == user.id)
            .order_by(AccessToken.created_at.desc())
        )
    )


def revoke_access_token(session: Session, user: User, token_id) -> None:
    """Revoke a token and every token minted from it, down the chain."""
    token = own_access_token(session, user, token_id)
    _delete_tokens(session, [token.id])


def _delete_tokens(session: Session, ids: list[uuid.UUID]) -> None:
    doomed, frontier = list(ids), list(ids)
    while frontier:
        frontier = list(
            session.scalars(select(AccessToken.id).where(AccessToken.parent_id.in_(frontier)))
        )
        doomed += frontier
    # The foreign key cascades as well; deleting them here does not depend on it.
    session.execute(delete(AccessToken).where(AccessToken.id.in_(doomed)))
