from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, new_id, utcnow

LOCALES = ("nl", "en")
#: What a personal access token may do: only read (GET and friends), or everything.
TOKEN_SCOPES = ("read", "full")


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
