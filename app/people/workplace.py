"""Workplace links: a supervisor at an internship acts for one pupil without a password.

The link is mailed to one address and bound to one internship (so one pupil). It expires
with the internship's grant and is revoked with it. The supervisor is the user with that
address: someone with an account, or a guest (User.is_guest) made here, whose row stays
theirs when they later make an account, so their history comes along.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import access
from app.accounts import lifecycle
from app.accounts.models import User
from app.accounts.services import (
    UNUSABLE_HASH,
    hash_password,
    hash_token,
    make_guest,
    normalize_email,
    upgrade_guest,
)
from app.db import utcnow
from app.dossiers.models import Dossier
from app.errors import Conflict
from app.mail import send_after_commit
from app.people.mail_texts import workplace_link_mail
from app.people.models import Internship, Notification, PushSubscription, WorkplaceLink
from app.people.services import log_access, revoke_workplace_links  # noqa: F401 - re-exported

#: Where a link may send the supervisor after the code: an app path such as
#: "/report/<uuid>", never an outside address (the web app checks it against its routes too).
THEN_PATH = re.compile(r"^/[A-Za-z0-9/_-]{1,200}$")


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
    mail=None,
) -> WorkplaceLink:
    """A new link for the internship's supervisor, mailed after the commit. `then` is an app
    path (such as "/report/<id>") the web app opens once the link is confirmed; `mail(url)`
    gives another mail's subject and body than the internship's first (a report to sign)."""
    if then is not None and not THEN_PATH.match(then):
        raise ValueError(f"not an app path: {then!r}")
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
    if then is not None:
        url += f"?then={then}"
    subject, body = mail(url) if mail else _link_mail(supervisor, internship, by, url)
    send_after_commit(supervisor.email, subject, body, key=f"workplace_link:{link.id}")
    return link


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


# --- using a link -------------------------------------------------------------------------


@dataclass
class Welcome:
    """What the supervisor sees on opening the link, before anything else: enough to know it
    is the right pupil and place, and where the code went (masked)."""

    status: str  # "code_sent", or "signed_in" when this device is in already
    pupil_name: str
    workplace: str
    starts_on: date
    ends_on: date
    masked_email: str


def open_link(session: Session, token: str, *, device_link_id=None) -> Welcome:
    """The supervisor opened the mailed link. A device that holds a live session of this link,
    or of another link of the same internship for the same person (a fresh link that opens a
    report to sign), goes straight in; any other gets a code mailed to the link's address."""
    link = access.live_workplace_link(session, hash_token(token))
    internship = session.get(Internship, link.internship_id)
    supervisor = session.get(User, link.user_id)
    status = "signed_in" if _device_holds(session, device_link_id, link) else "code_sent"
    if status == "code_sent":
        code = lifecycle.issue_code(session, supervisor, lifecycle.WORKPLACE_LINK)
        _mail_code(supervisor, internship, link, code)
    link.last_used_at = utcnow()
    _log(session, link, "workplace_link_opened")
    return Welcome(
        status=status,
        pupil_name=internship_pupil_name(internship).split(" ")[0],
        workplace=internship.workplace,
        starts_on=internship.starts_on,
        ends_on=internship.ends_on,
        masked_email=mask_email(link.email),
    )


def _device_holds(session: Session, device_link_id, link: WorkplaceLink) -> bool:
    """Is this device in already through this link, or a live sibling of it?"""
    if device_link_id is None:
        return False
    held = session.get(WorkplaceLink, device_link_id)
    return (
        held is not None
        and held.internship_id == link.internship_id
        and held.user_id == link.user_id
        and access.link_alive(session, held)
    )


@dataclass
class Confirmed:
    link: WorkplaceLink
    supervisor: User
    #: The address belonged to an account nobody had verified: whoever made it may not have
    #: been the supervisor, so what it holds of its own is to be removed (app.erasure).
    taken_over: bool


def confirm_link(session: Session, token: str, code: str) -> Confirmed | None:
    """The code from the mail proves the address: the supervisor may start a link session.
    None for a wrong code (it counts; the caller commits that before answering).

    An account with this address that nobody verified may have been made by someone else:
    the link holder just proved the address is theirs, so the row becomes a guest with the
    supervisor's name (no password; its sessions and tokens end) and that someone cannot use
    the grant."""
    link = access.live_workplace_link(session, hash_token(token))
    supervisor = session.get(User, link.user_id)
    if lifecycle.use_code(session, supervisor, lifecycle.WORKPLACE_LINK, code) is None:
        return None
    taken_over = not supervisor.is_guest and not supervisor.email_verified
    if taken_over:
        make_guest(session, supervisor)
        lifecycle.retire_all_codes(session, supervisor)
        supervisor.display_name = session.get(Internship, link.internship_id).supervisor_name
        # Nothing of that someone's devices may hear of the pupil: no push, no bell.
        supervisor.notification_settings = {}
        session.execute(delete(PushSubscription).where(PushSubscription.user_id == supervisor.id))
        session.execute(delete(Notification).where(Notification.user_id == supervisor.id))
    if supervisor.email_verified_at is None:
        supervisor.email_verified_at = utcnow()
    link.last_used_at = utcnow()
    _log(session, link, "workplace_link_confirmed")
    session.flush()
    return Confirmed(link, supervisor, taken_over)


def make_account(session: Session, user: User, *, display_name: str, password: str) -> User:
    """A guest, in their link session, makes an account: the same row, so their grants and
    everything they wrote or added stay theirs; the session goes on."""
    if not user.is_guest:
        raise Conflict("You have an account already.", code="not_a_guest")
    return upgrade_guest(
        session,
        user,
        password_hash=hash_password(password),
        display_name=display_name,
        locale=user.locale,
    )


def link_summary(session: Session, link: WorkplaceLink) -> dict:
    """What /me says about a link session: whose dossier, and where."""
    internship = session.get(Internship, link.internship_id)
    return {
        "dossier_id": internship.dossier_id,
        "pupil_name": internship_pupil_name(internship),
        "workplace": internship.workplace,
        "starts_on": internship.starts_on,
        "ends_on": internship.ends_on,
        "expires_at": link.expires_at,
    }


def mask_email(email: str) -> str:
    """j\u2022\u2022\u2022@bakkerij.be: enough to recognise one's own address, no more."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}\u2022\u2022\u2022@{domain}"


def _log(session: Session, link: WorkplaceLink, action: str) -> None:
    """Every use of the link is in the pupil's access log, as the supervisor in their role."""
    internship = session.get(Internship, link.internship_id)
    grant = access.link_grant(session, link)
    log_access(
        session,
        session.get(Dossier, internship.dossier_id),
        session.get(User, link.user_id),
        action,
        link.id,
        role=grant.role if grant is not None else "employer",
    )


def _mail_code(supervisor: User, internship: Internship, link: WorkplaceLink, code: str) -> None:
    minutes = current_app.config["ACCOUNT_CODE_MINUTES"]
    pupil = internship_pupil_name(internship)
    if supervisor.locale == "en":
        subject = f"Your Bagage code: {code}"
        body = (
            f"Hello {supervisor.display_name},\n\nYour code to open {pupil}'s internship at "
            f"{internship.workplace} on this device is: {code}\n\nIt works for {minutes} "
            "minutes. Did you not open the link? Then ignore this mail: nothing happens "
            "without the code.\n"
        )
    else:
        subject = f"Uw Bagage-code: {code}"
        body = (
            f"Beste {supervisor.display_name},\n\nUw code om de stage van {pupil} bij "
            f"{internship.workplace} op dit toestel te openen is: {code}\n\nDe code werkt "
            f"{minutes} minuten. Hebt u de link niet geopend? Dan kunt u deze mail negeren: "
            "zonder de code gebeurt er niets.\n"
        )
    # Not an outbox key: each open asks for its own fresh code.
    send_after_commit(link.email, subject, body)
