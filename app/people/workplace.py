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
    session: Session,
    internship: Internship,
    supervisor: User,
    *,
    expires_at: datetime,
    by: User,
    then: str | None = None,
    purpose: str = "internship",
) -> WorkplaceLink:
    """A new link for the internship's supervisor, mailed after the commit. `then` is the app
    path it opens (a report to sign); `purpose` chooses the mail: the internship that begins,
    or a report that waits for a signature."""
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
    if then:
        url += f"?then={then}"
    if purpose == "signature":
        subject, body = _signature_mail(supervisor, internship, by, url)
    else:
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
    pupil = internship_pupil_name(internship)
    period_nl = f"{internship.starts_on:%d-%m-%Y} tot en met {internship.ends_on:%d-%m-%Y}"
    period_en = f"{internship.starts_on:%d %b %Y} to {internship.ends_on:%d %b %Y}"
    if supervisor.locale == "en":
        return (
            f"{pupil}'s internship at {internship.workplace}",
            f"Hello {supervisor.display_name},\n\n{by.display_name} has set up {pupil}'s "
            f"internship at {internship.workplace} ({period_en}) in Bagage, and {pupil} agreed.\n"
            f"With this link you can follow the internship from your phone: see what {pupil} "
            "shows you, add photos and notes, give your view, and sign the internship report. "
            "You do not need an account or a password.\n\n"
            f"{url}\n\nThe first time on a device we mail you a short code to confirm it is you. "
            "Please do not forward this link: it is yours.\n",
        )
    return (
        f"Stage van {pupil} bij {internship.workplace}",
        f"Beste {supervisor.display_name},\n\n{by.display_name} heeft de stage van {pupil} bij "
        f"{internship.workplace} ({period_nl}) in Bagage gezet, en {pupil} gaat akkoord.\n"
        f"Met deze link volgt u de stage op uw telefoon: u ziet wat {pupil} u laat zien, voegt "
        "foto's en notities toe, geeft uw mening en ondertekent het stageverslag. U hebt "
        "daarvoor geen account en geen wachtwoord nodig.\n\n"
        f"{url}\n\nDe eerste keer op een toestel sturen we u een korte code om te bevestigen dat "
        "u het bent. Stuur deze link niet door: hij is alleen voor u.\n",
    )


def _signature_mail(
    supervisor: User, internship: Internship, by: User, url: str
) -> tuple[str, str]:
    pupil = internship_pupil_name(internship)
    if supervisor.locale == "en":
        return (
            f"{pupil}'s internship report is waiting for your signature",
            f"Hello {supervisor.display_name},\n\n{by.display_name} has finished the report on "
            f"{pupil}'s internship at {internship.workplace}. Please read it and sign it; this "
            f"link opens it, without an account or a password:\n\n{url}\n",
        )
    return (
        f"Het stageverslag van {pupil} wacht op uw handtekening",
        f"Beste {supervisor.display_name},\n\n{by.display_name} heeft het verslag van de stage "
        f"van {pupil} bij {internship.workplace} klaar. Lees het en onderteken het; deze link "
        f"opent het, zonder account of wachtwoord:\n\n{url}\n",
    )


def internship_pupil_name(internship: Internship) -> str:
    session = Session.object_session(internship)
    dossier = session.get(Dossier, internship.dossier_id)
    return session.get(User, dossier.owner_id).display_name
