"""Internships: the school side invites the workplace, with the pupil's consent.

A coordinator of the pupil's school proposes an internship: a workplace, its supervisor, a
period and what the supervisor may do. The pupil agrees with one tap, or had given the school
a standing consent, and then the supervisor gets a grant (role employer) for the period plus
the time to sign the report, and a workplace link by e-mail. The pupil sees who proposed whom
and ends it whenever they like. Who may do which of these is decided in app.access.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from marshmallow import ValidationError, validate
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import access, clock
from app.accounts.models import User
from app.accounts.services import normalize_email
from app.db import utcnow
from app.dossiers.models import Dossier
from app.errors import Conflict, Invalid, NotFound
from app.events import publish
from app.people.models import (
    SCOPES,
    Grant,
    Internship,
    InternshipConsent,
    Organisation,
)
from app.people.services import (
    GrantTerms,
    grant_access,
    log_access,
    mark_answered,
    notify,
    revoke_grant,
)
from app.people.workplace import issue_workplace_link, revoke_workplace_links, supervisor_account

#: Internships that hold a place: a second one with the same supervisor may not overlap them.
LIVE_STATES = ("proposed", "approved")
SUPERVISOR_LOCALES = ("nl", "en")


@dataclass
class Proposal:
    workplace: str
    supervisor_name: str
    supervisor_email: str
    starts_on: date
    ends_on: date
    scopes: list[str]
    locale: str = "nl"
    organisation_id: uuid.UUID | None = None


#: How far ahead an internship may be set up (its dates beyond are a typing mistake).
MAX_YEARS_AHEAD = 5


def _check(proposal: Proposal, owner: User, coordinator: User) -> dict:
    """The proposal's values, cleaned; every problem at once, per field."""
    problems: dict[str, list[str]] = {}
    workplace = proposal.workplace.strip()
    name = proposal.supervisor_name.strip()
    email = normalize_email(proposal.supervisor_email or "")
    if not workplace:
        problems["workplace"] = ["Name the workplace."]
    if not name:
        problems["supervisor_name"] = ["Name the supervisor."]
    try:
        validate.Email()(email)
    except ValidationError:
        problems["supervisor_email"] = ["Not an e-mail address."]
    else:
        if email == normalize_email(owner.email):
            problems["supervisor_email"] = ["That is the pupil's own address."]
        elif email == normalize_email(coordinator.email):
            # Her own access is the pupil's to give, in the pupil's sharing screen.
            problems["supervisor_email"] = ["That is your own address."]
    latest = clock.today() + timedelta(days=365 * MAX_YEARS_AHEAD)
    if proposal.starts_on > latest:
        problems["starts_on"] = [f"More than {MAX_YEARS_AHEAD} years ahead."]
    if proposal.ends_on < proposal.starts_on:
        problems["ends_on"] = ["Before the first day."]
    elif proposal.ends_on < clock.today():
        problems["ends_on"] = ["In the past."]
    elif proposal.ends_on > latest:
        problems["ends_on"] = [f"More than {MAX_YEARS_AHEAD} years ahead."]
    scopes = sorted(set(proposal.scopes or []))
    if not scopes or not set(scopes) <= set(SCOPES):
        problems["scopes"] = [f"Choose one or more of {', '.join(SCOPES)}."]
    if proposal.locale not in SUPERVISOR_LOCALES:
        problems["locale"] = ["nl or en."]
    if problems:
        raise Invalid("Some details of the internship are missing or wrong.", problems)
    return {"workplace": workplace, "supervisor_name": name, "supervisor_email": email,
            "scopes": scopes}  # fmt: skip


def propose(session: Session, coordinator: User, dossier_id, proposal: Proposal) -> Internship:
    """A coordinator proposes an internship; with the pupil's standing consent to the school
    it is approved at once, otherwise the pupil is asked (in the app and by push)."""
    dossier, school = access.proposing_school(
        session, coordinator, dossier_id, proposal.organisation_id
    )
    owner = session.get(User, dossier.owner_id)
    values = _check(proposal, owner, coordinator)
    _refuse_one_with_access(session, dossier, values["supervisor_email"])
    overlapping = session.scalar(
        select(Internship.id).where(
            Internship.dossier_id == dossier.id,
            Internship.supervisor_email == values["supervisor_email"],
            Internship.status.in_(LIVE_STATES),
            Internship.starts_on <= proposal.ends_on,
            Internship.ends_on >= proposal.starts_on,
        )
    )
    if overlapping is not None:
        raise Conflict(
            "This supervisor already has an internship with this pupil in that period "
            "(proposed or agreed). End or withdraw that one first.",
            {"supervisor_email": ["Overlaps another internship."]},
            code="internship_overlap",
        )
    internship = Internship(
        dossier_id=dossier.id,
        organisation_id=school.id,
        proposed_by_id=coordinator.id,
        starts_on=proposal.starts_on,
        ends_on=proposal.ends_on,
        supervisor_locale=proposal.locale,
        status="proposed",
        **values,
    )
    session.add(internship)
    session.flush()
    log_access(session, dossier, coordinator, "internship_proposed", internship.id,
               describe(internship), role="coordinator")  # fmt: skip
    if standing_consent(session, dossier, school) is not None:
        _approve(session, internship, dossier, by=coordinator, consent=True)
    else:
        notify(session, owner.id, "internship_proposal", dossier.id, {
            "by": coordinator.display_name, "internship_id": str(internship.id),
            "workplace": internship.workplace, "supervisor": internship.supervisor_name,
        })  # fmt: skip
    _changed(session, internship, dossier)
    return internship


def approve(session: Session, owner: User, internship: Internship) -> Internship:
    """The pupil's one tap: the supervisor gets access and a link."""
    _still_open(internship)
    dossier = session.get(Dossier, internship.dossier_id)
    _approve(session, internship, dossier, by=owner, consent=False)
    _answered(session, owner, internship)
    _changed(session, internship, dossier)
    return internship


def decline(session: Session, owner: User, internship: Internship) -> Internship:
    """The pupil says no: nobody gets anything, and the coordinator is told."""
    _still_open(internship)
    dossier = session.get(Dossier, internship.dossier_id)
    internship.status, internship.decided_at = "declined", utcnow()
    session.flush()
    log_access(session, dossier, owner, "internship_declined", internship.id, describe(internship))
    _tell_proposer(session, internship, owner)
    _answered(session, owner, internship)
    _changed(session, internship, dossier)
    return internship


def end(session: Session, actor: User, internship: Internship) -> Internship:
    """The pupil ends it (the supervisor's access and links end at once), or its proposer
    withdraws it before the pupil decided."""
    if internship.status not in LIVE_STATES:
        raise Conflict("This internship is over already.", code="internship_over")
    dossier = session.get(Dossier, internship.dossier_id)
    withdrawn = internship.status == "proposed" and actor.id != dossier.owner_id
    live_grants = session.scalars(
        select(Grant).where(Grant.internship_id == internship.id, Grant.revoked_at.is_(None))
    ).all()
    for grant in live_grants:
        revoke_grant(session, actor, grant)  # ends the internship's links with it
    revoke_workplace_links(session, internship)
    internship.status, internship.ended_at = "ended", internship.ended_at or utcnow()
    session.flush()
    action = "internship_withdrawn" if withdrawn else "internship_ended"
    role = "coordinator" if withdrawn else None
    log_access(session, dossier, actor, action, internship.id, describe(internship), role=role)
    _answered(session, session.get(User, dossier.owner_id), internship)  # nothing left to ask
    _changed(session, internship, dossier)
    return internship


def internships_of(session: Session, user: User, dossier: Dossier) -> list[Internship]:
    """The dossier's internships this user may see, newest first."""
    return list(
        session.scalars(
            select(Internship)
            .where(
                Internship.dossier_id == dossier.id,
                access.visible_internships_condition(user, dossier),
            )
            .order_by(Internship.starts_on.desc(), Internship.created_at.desc())
        )
    )


def supervisor_grant(session: Session, internship: Internship) -> Grant | None:
    """The grant the internship gave its supervisor (the latest, even when it has ended)."""
    return session.scalar(
        select(Grant)
        .where(Grant.internship_id == internship.id)
        .order_by(Grant.created_at.desc())
        .limit(1)
    )


def access_until(internship: Internship) -> datetime:
    """The supervisor keeps access after the last day, to sign the internship report: until
    the last moment of the last signing day (as the app's date fields end a grant), in UTC."""
    last_day = internship.ends_on + timedelta(days=current_app.config["INTERNSHIP_SIGNING_DAYS"])
    return (clock.day_end(last_day) - timedelta(seconds=1)).astimezone(UTC)


def describe(internship: Internship, **extra) -> str:
    """The internship for the access log, as data the app words in the owner's language
    ("Mevr. De Smet stelde voor: Jan Peeters (Bakkerij De Korenaar), 1 mrt – 30 apr")."""
    proposer = internship.proposed_by
    terms = {
        "supervisor": internship.supervisor_name,
        "workplace": internship.workplace,
        "from": internship.starts_on.isoformat(),
        "until": internship.ends_on.isoformat(),
        "scopes": list(internship.scopes),
        "proposed_by": proposer.display_name if proposer else None,
        **extra,
    }
    return json.dumps(terms, ensure_ascii=False)


# --- standing consent ---------------------------------------------------------------------


def standing_consent(
    session: Session, dossier: Dossier, school: Organisation
) -> InternshipConsent | None:
    return session.scalar(
        select(InternshipConsent).where(
            InternshipConsent.dossier_id == dossier.id,
            InternshipConsent.organisation_id == school.id,
            InternshipConsent.revoked_at.is_(None),
        )
    )


def give_consent(
    session: Session, owner: User, dossier: Dossier, organisation_id
) -> InternshipConsent:
    """The school's coordinators may set up internships without asking each time. Giving it
    again changes nothing."""
    school = access.consentable_school(session, owner, organisation_id)
    consent = standing_consent(session, dossier, school)
    if consent is None:
        consent = InternshipConsent(dossier_id=dossier.id, organisation_id=school.id)
        session.add(consent)
        session.flush()
        log_access(session, dossier, owner, "internship_consent_given", consent.id, school.name)
    return consent


def revoke_consent(session: Session, owner: User, dossier: Dossier, consent_id) -> None:
    """From now on the pupil is asked again; internships agreed already go on."""
    consent = session.get(InternshipConsent, consent_id)
    if consent is None or consent.dossier_id != dossier.id or consent.revoked_at is not None:
        raise NotFound("No such consent.")
    consent.revoked_at = utcnow()
    session.flush()
    log_access(session, dossier, owner, "internship_consent_revoked", consent.id,
               consent.organisation.name)  # fmt: skip


def consents_of(session: Session, dossier: Dossier) -> list[InternshipConsent]:
    return list(
        session.scalars(
            select(InternshipConsent)
            .where(
                InternshipConsent.dossier_id == dossier.id, InternshipConsent.revoked_at.is_(None)
            )
            .order_by(InternshipConsent.given_at)
        )
    )


# --- the steps ----------------------------------------------------------------------------


def _still_open(internship: Internship) -> None:
    if internship.status != "proposed":
        raise Conflict("This internship has been decided already.", code="internship_decided")


def _approve(
    session: Session, internship: Internship, dossier: Dossier, *, by: User, consent: bool
) -> None:
    owner = session.get(User, dossier.owner_id)
    supervisor = supervisor_account(
        session, internship.supervisor_email, internship.supervisor_name,
        internship.supervisor_locale,
    )  # fmt: skip
    if supervisor.id == owner.id:
        raise Invalid("That is the pupil's own address.", {"supervisor_email": ["The pupil's."]})
    _refuse_one_with_access(session, dossier, supervisor.email)
    until = access_until(internship)
    terms = GrantTerms(scopes=list(internship.scopes), role="employer", expires_at=until)
    grant_access(session, owner, dossier, supervisor, terms, internship=internship)
    internship.status, internship.decided_at = "approved", utcnow()
    session.flush()
    log_access(session, dossier, by, "internship_approved", internship.id,
               describe(internship, consent=consent),
               role="coordinator" if consent else None)  # fmt: skip
    issue_workplace_link(
        session, internship, supervisor, expires_at=until, by=internship.proposed_by or owner
    )
    if not consent:
        _tell_proposer(session, internship, owner)


def _refuse_one_with_access(session: Session, dossier: Dossier, email: str) -> None:
    """An internship gives its supervisor a grant of its own, and never changes one the pupil
    gave: someone who has access already (a coach, the proposer) is not made a supervisor."""
    holder = session.scalar(
        select(Grant.id)
        .join(User, User.id == Grant.grantee_id)
        .where(
            Grant.dossier_id == dossier.id,
            User.email == email,
            Grant.revoked_at.is_(None),
            or_(Grant.expires_at.is_(None), Grant.expires_at > utcnow()),
        )
    )
    if holder is not None:
        raise Conflict(
            "This person has access to the pupil's dossier already; the pupil changes it in "
            "their sharing screen.",
            {"supervisor_email": ["Has access already."]},
            code="supervisor_has_access",
        )


def _tell_proposer(session: Session, internship: Internship, owner: User) -> None:
    if internship.proposed_by_id is None:
        return
    notify(session, internship.proposed_by_id, "internship_answer", internship.dossier_id, {
        "by": owner.display_name, "status": internship.status,
        "internship_id": str(internship.id), "workplace": internship.workplace,
        "supervisor": internship.supervisor_name, "dossier_id": str(internship.dossier_id),
    })  # fmt: skip


def _answered(session: Session, owner: User, internship: Internship) -> None:
    mark_answered(session, owner, "internship_proposal", "internship_id", internship.id)


def _changed(session: Session, internship: Internship, dossier: Dossier) -> None:
    """Open screens of the pupil, the proposer and the supervisor look again."""
    readers = {str(dossier.owner_id)}
    if internship.proposed_by_id is not None:
        readers.add(str(internship.proposed_by_id))
    grant = supervisor_grant(session, internship)
    if grant is not None:
        readers.add(str(grant.grantee_id))
    publish(session, dossier.id, access.INTERNSHIP_EVENT, {
        "id": str(internship.id), "status": internship.status, "_readers": sorted(readers),
    })  # fmt: skip
