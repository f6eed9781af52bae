from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.crypto import EncryptedText
from app.db import Base, new_id, utcnow

LOCALES = ("nl", "en")
#: What a personal access token may do: only read (GET and friends), or everything.
TOKEN_SCOPES = ("read", "full")
#: Who someone is in education, chosen on the first screen after sign-up: per role, the
#: sectors it can be in (empty: the role has no sector). vl-*: Flanders, nl-*: the Netherlands.
ROLE_SECTORS: dict[str, tuple[str, ...]] = {
    "pupil": ("vso", "praktijkonderwijs", "mbo"),
    "student_teacher": ("nl-po", "nl-vo", "nl-mbo", "vl-basis", "vl-secundair"),
    "teacher": ("nl-po", "nl-vo", "nl-mbo", "vl-basis", "vl-secundair"),
    "coordinator": (),
    "supervisor": (),
    "coach": (),
}


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("locale IN ('nl', 'en')", name="locale"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    #: Stored lower-cased, so the unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str] = mapped_column(String(2), default="nl")
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: kind → {"in_app": bool, "push": bool}; a kind not listed is on for both.
    notification_settings: Mapped[dict] = mapped_column(JSON, default=dict)
    #: When the owner proved the address is theirs (None: not yet). An unverified account
    #: uses its own dossier, but nobody can bring it into theirs.
    email_verified_at: Mapped[datetime | None]
    #: A workplace supervisor who came in through a workplace link and has no password (the
    #: password hash is unusable). Making an account with the same address keeps this row, so
    #: their history comes along.
    is_guest: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Who they are (ROLE_SECTORS' keys) and, for pupils and teachers, where; None until the
    #: first screen after sign-up is answered (accounts older than it have none).
    role: Mapped[str | None] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(20))
    #: When that screen was answered or put off with "Later": the app asks only once.
    onboarded_at: Mapped[datetime | None]
    #: Optional; an organisation may require faces blurred in the dossiers of pupils under 16
    #: (an unknown date counts as under 16 there).
    birth_date: Mapped[date | None]
    #: The owner's own face, marked once so it stays visible in their photos: a descriptor of
    #: that one face (media.faces.face_signature, base64), encrypted at rest. Nobody else's.
    face_signature: Mapped[str | None] = mapped_column(EncryptedText)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    # flask-login's interface
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


class LoginSession(Base):
    """A server-side record of one browser login, so logout really ends it."""

    __tablename__ = "login_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    #: Opened through a workplace link (None: a password login). Such a session counts only
    #: while the link lives, and only for the grant of the link's internship.
    workplace_link_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("workplace_links.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship()


class AccessToken(Base):
    """A personal access token for scripts; only its sha256 is stored."""

    __tablename__ = "access_tokens"
    __table_args__ = (CheckConstraint("scope IN ('read', 'full')", name="scope"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    #: The first characters of the token, shown so the owner can recognise it.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    scope: Mapped[str] = mapped_column(String(8), default="full", server_default="full")
    #: The token that minted this one (None: minted in a browser session). Revoking a token
    #: revokes everything it minted, down the chain.
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("access_tokens.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship()


CODE_PURPOSES = ("verify_email", "reset_password", "workplace_link")


class AccountCode(Base):
    """A one-time secret mailed to the owner of an address: a 6-digit code that verifies it
    (or confirms a workplace link on a new device), or a reset link. Only its hash is stored;
    it dies when used, expired or guessed at."""

    __tablename__ = "account_codes"
    __table_args__ = (
        CheckConstraint(
            "purpose IN ('verify_email', 'reset_password', 'workplace_link')", name="purpose"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(16))
    #: hash_token(user id + code) for codes, hash_token(token) for links.
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    #: Wrong guesses so far; a code that had too many is dead.
    failed_attempts: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()
