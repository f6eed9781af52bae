"""Workplace links: a supervisor at an internship acts for one pupil without a password.

The link is mailed to one address and bound to one internship (so one pupil). It expires
with the internship's grant and is revoked with it. The supervisor is the user with that
address: someone with an account, or a guest (User.is_guest) made here, whose row stays
theirs when they later make an account, so their history comes along.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.accounts.models import LoginSession, User
from app.accounts.services import hash_token, normalize_email
from app.db import utcnow
from app.dossiers.models import Dossier
from app.mail import send_after_commit
from app.people.mail_texts import workplace_link_mail
from app.people.models import Internship, WorkplaceLink

#: A password hash no password matches (argon2 hashes start with "$argon2").
UNUSABLE_HASH = "!guest"


def supervisor_account(session: Session, email: str, name: str, locale: str = "nl") -> User:
    """The person with this address; a new guest when nobody has it yet."""
    email = normalize_email(email)
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(
            email=email,
            display_name=name.strip() or email,
            locale=locale,
            password_hash=UNUSABLE_HASH,
            is_guest=True,
        )
        session.add(user)
        session.flush()
    return user


def issue_workplace_link(
    session: Session, internship: Internship, supervisor: User, *, expires_at: datetime, by: User
) -> WorkplaceLink:
    """A new link for the internship's supervisor, mailed after the commit."""
    token = secrets.token_urlsafe(32)
    link = WorkplaceLink(
        internship_id=internship.id,
        user_id=supervisor.id,
        email=supervisor.email,
        token_hash=hash_token(token),
        expires_at=expires_at,
    )
    session.add(link)
    session.flush()
    url = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/#/werkplek/{token}"
    subject, body = _link_mail(supervisor, internship, by, url)
    send_after_commit(supervisor.email, subject, body, key=f"workplace_link:{link.id}")
    return link


def revoke_workplace_links(session: Session, internship: Internship) -> None:
    """Every link of the internship stops working, and the sessions opened with them end."""
    now = utcnow()
    links = list(
        session.scalars(
            select(WorkplaceLink.id).where(
                WorkplaceLink.internship_id == internship.id, WorkplaceLink.revoked_at.is_(None)
            )
        )
    )
    if not links:
        return
    session.execute(update(WorkplaceLink).where(WorkplaceLink.id.in_(links)).values(revoked_at=now))
    session.execute(
        update(LoginSession)
        .where(LoginSession.workplace_link_id.in_(links), LoginSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def _link_mail(supervisor: User, internship: Internship, by: User, url: str) -> tuple[str, str]:
    """Subject and body in the supervisor's language, in plain words."""
    return workplace_link_mail(
        lang=supervisor.locale,
        supervisor=supervisor.display_name,
        pupil=internship_pupil_name(internship),
        workplace=internship.workplace,
        starts_on=internship.starts_on,
        ends_on=internship.ends_on,
        by=by.display_name,
        link=url,
    )


def internship_pupil_name(internship: Internship) -> str:
    session = Session.object_session(internship)
    dossier = session.get(Dossier, internship.dossier_id)
    return session.get(User, dossier.owner_id).display_name
