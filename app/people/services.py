"""Organisations and memberships, the grants an owner gives, invitations, notifications and
the access log."""

from __future__ import annotations

import json
import secrets
import types
import uuid
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Union, get_args, get_origin, get_type_hints

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from app import access
from app.accounts.models import LoginSession, User
from app.accounts.services import hash_token, normalize_email
from app.db import db, utcnow
from app.dossiers.models import Dossier, Evidence
from app.errors import Conflict, Invalid, NotFound
from app.events import broker
from app.forgetting import Forgotten, scrub_rows
from app.mail import send_after_commit
from app.people.mail_texts import invitation_mail
from app.people.models import (
    NOTIFICATION_KINDS,
    AccessLogEntry,
    DossierEvent,
    Grant,
    Internship,
    Invitation,
    Membership,
    Notification,
    Organisation,
    PushSubscription,
    WorkplaceLink,
)
from app.push import check_endpoint, push_after_commit

# --- organisations ----------------------------------------------------------------------


def create_organisation(session: Session, actor: User, *, name: str, kind: str) -> Organisation:
    """The person who creates an organisation becomes its first administrator."""
    organisation = Organisation(name=name.strip(), kind=kind)
    session.add(organisation)
    session.flush()
    session.add(
        Membership(organisation_id=organisation.id, user_id=actor.id, role="administrator",
                   accepted_at=utcnow())
    )  # fmt: skip
    session.flush()
    return organisation


def _open_membership(session: Session, user: User, organisation_id) -> Membership | None:
    """Active or still waiting for the person's answer."""
    return session.scalar(
        select(Membership).where(
            Membership.organisation_id == organisation_id,
            Membership.user_id == user.id,
            Membership.ended_at.is_(None),
        )
    )


def my_organisations(session: Session, user: User) -> list[tuple[Organisation, Membership]]:
    """Where the user is a member, and where they are asked to be (status "pending")."""
    rows = session.execute(
        select(Organisation, Membership)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user.id, Membership.ended_at.is_(None))
        .order_by(Organisation.name)
    )
    return list(rows.tuples())


def list_members(session: Session, organisation_id) -> list[Membership]:
    """Members and the people asked to join (their status says which)."""
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.organisation_id == organisation_id, Membership.ended_at.is_(None))
            .order_by(Membership.started_at)
        )
    )


def add_member(
    session: Session, actor: User, organisation_id, *, email: str, role: str
) -> Membership:
    """Ask someone to join: the membership counts only once they accept it."""
    access.require_administrator(session, actor, organisation_id)
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        raise Invalid(
            "Nobody with this e-mail address uses Bagage yet.",
            {"email": ["Unknown address; ask them to sign up first."]},
            code="unknown_person",
        )
    access.require_verified_person(user)
    if _open_membership(session, user, organisation_id) is not None:
        raise Conflict("This person is already a member.", code="already_member")
    membership = Membership(organisation_id=organisation_id, user_id=user.id, role=role)
    session.add(membership)
    session.flush()
    organisation = session.get(Organisation, organisation_id)
    notify(session, user.id, "membership", None,
           {"by": actor.display_name, "organisation": organisation.name,
            "membership_id": str(membership.id), "role": role})  # fmt: skip
    return membership


def accept_membership(session: Session, user: User, membership_id) -> Membership:
    membership = access.offered_membership(session, user, membership_id)
    access.require_verified(user)
    membership.accepted_at = utcnow()
    _answered(session, user, membership)
    return membership


def decline_membership(session: Session, user: User, membership_id) -> None:
    membership = access.offered_membership(session, user, membership_id)
    membership.ended_at = utcnow()
    _answered(session, user, membership)


def _answered(session: Session, user: User, membership: Membership) -> None:
    mark_answered(session, user, "membership", "membership_id", membership.id)


def mark_answered(session: Session, user: User, kind: str, key: str, subject_id) -> None:
    """A question's notification (kind, naming its subject under `key` in the payload) is
    dealt with once the person answered it."""
    asked = session.scalars(
        select(Notification).where(
            Notification.user_id == user.id,
            Notification.kind == kind,
            Notification.read_at.is_(None),
        )
    )
    read = [n.id for n in asked if n.payload.get(key) == str(subject_id)]
    if read:
        mark_read(session, user, read)
    session.flush()


def end_membership(session: Session, actor: User, membership_id) -> Membership:
    """Leaving (oneself) or ending someone's membership (an administrator). Every grant that
    depended on it stops working at once; the dossiers themselves are untouched."""
    membership = access.endable_membership(session, actor, membership_id)
    membership.ended_at = utcnow()
    session.flush()
    # Grants through the organisation end with it: the member's open streams look again.
    member_id = membership.user_id
    db.after_commit(lambda: broker.notify(member_id))
    return membership


# --- grants -----------------------------------------------------------------------------


@dataclass
class GrantTerms:
    scopes: list[str]
    role: str = "other"
    expires_at: datetime | None = None
    evidence_ids: list[uuid.UUID] | None = None
    item_ids: list[uuid.UUID] | None = None
    coach_may_rate: bool = False

    def to_json(self) -> dict:
        """Every term, as JSON: an invitation keeps all of them until it is accepted."""
        return {f.name: _to_json(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict) -> GrantTerms:
        hints = get_type_hints(cls)
        return cls(**{f.name: _from_json(hints[f.name], data[f.name])
                      for f in fields(cls) if f.name in data})  # fmt: skip


def _to_json(value):
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _from_json(hint, value):
    """Back to the type the field is declared with (datetimes and ids travel as text)."""
    if value is None:
        return None
    if get_origin(hint) in (Union, types.UnionType):
        hint = next(a for a in get_args(hint) if a is not type(None))
    if get_origin(hint) is list:
        return [_from_json(get_args(hint)[0], v) for v in value]
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is uuid.UUID:
        return uuid.UUID(value)
    return value


def _check_terms(session: Session, dossier: Dossier, terms: GrantTerms) -> None:
    if not terms.scopes:
        raise Invalid("Choose at least one kind of access.", {"scopes": ["Empty."]})
    if terms.expires_at is not None and terms.expires_at <= utcnow():
        raise Invalid("The end date has passed already.", {"expires_at": ["In the past."]})
    if terms.evidence_ids:
        found = set(
            session.scalars(
                select(Evidence.id).where(
                    Evidence.id.in_(terms.evidence_ids), Evidence.dossier_id == dossier.id
                )
            )
        )
        if found != set(terms.evidence_ids):
            raise Invalid("Some evidence is not in this dossier.", {"evidence_ids": ["Unknown."]})


def _as_strings(ids):
    return None if ids is None else sorted(str(i) for i in ids)


def grant_access(
    session: Session,
    owner: User,
    dossier: Dossier,
    grantee: User,
    terms: GrantTerms,
    *,
    organisation_id=None,
    internship: Internship | None = None,
) -> Grant:
    """Give (or change) one person's access; one live grant per person per dossier. A grant
    for an internship goes to its workplace supervisor and ends with it."""
    if grantee.id == owner.id:
        raise Invalid("You own this dossier already.", {"user_id": ["That is you."]})
    if internship is None:
        access.require_verified_person(grantee)
    # else: a supervisor may be a guest who never confirmed an address with us; the workplace
    # link confirms it with a code before the grant can be used. Every other grant needs the
    # proven address now, or a stranger who signed up with it would be let in.
    if organisation_id is not None and not access.both_members(
        session, owner.id, grantee.id, organisation_id
    ):
        raise Invalid(
            "You and this person are not both members of that organisation.",
            {"organisation_id": ["Not shared."]},
        )
    _check_terms(session, dossier, terms)
    grant = session.scalar(
        select(Grant).where(
            Grant.dossier_id == dossier.id,
            Grant.grantee_id == grantee.id,
            Grant.revoked_at.is_(None),
        )
    )
    action = "grant_changed"
    if grant is None:
        grant = Grant(dossier_id=dossier.id, grantee_id=grantee.id)
        session.add(grant)
        action = "grant_created"
    grant.scopes = sorted(set(terms.scopes))
    grant.role = terms.role
    grant.expires_at = terms.expires_at
    grant.evidence_ids = _as_strings(terms.evidence_ids)
    grant.item_ids = _as_strings(terms.item_ids)
    grant.organisation_id = organisation_id
    grant.coach_may_rate = terms.coach_may_rate
    if internship is not None:
        grant.internship_id, grant.proposed_by_id = internship.id, internship.proposed_by_id
    session.flush()
    log_access(session, dossier, owner, action, grant.id, _describe(grant, grantee))
    # Open streams on the dossier look at access again; the grantee's caseload changed.
    topics = (dossier.id, grantee.id)
    db.after_commit(lambda: broker.notify(*topics))
    return grant


def _describe(grant: Grant, grantee: User) -> str:
    """The terms of a grant for the access log, as data: the app words them in the owner's
    language ("Petra als werkgever: Bekijken, Reflecteren, tot en met 31 dec 2099")."""
    terms = {
        "name": grantee.display_name,
        "role": grant.role,
        "scopes": list(grant.scopes),
        "evidence": len(grant.evidence_ids) if grant.evidence_ids is not None else None,
        "competencies": len(grant.item_ids) if grant.item_ids is not None else None,
        "until": f"{grant.expires_at:%Y-%m-%d}" if grant.expires_at else None,
    }
    if grant.proposed_by_id is not None:  # the owner sees who asked for it
        proposer = Session.object_session(grant).get(User, grant.proposed_by_id)
        terms["proposed_by"] = proposer.display_name if proposer else None
    return json.dumps(terms, ensure_ascii=False)


def update_grant(session: Session, owner: User, grant: Grant, changes: dict) -> Grant:
    dossier = session.get(Dossier, grant.dossier_id)
    terms = GrantTerms(
        scopes=changes.get("scopes", grant.scopes),
        role=changes.get("role", grant.role),
        expires_at=changes.get("expires_at", grant.expires_at),
        evidence_ids=changes.get(
            "evidence_ids",
            None if grant.evidence_ids is None else [uuid.UUID(i) for i in grant.evidence_ids],
        ),
        item_ids=changes.get(
            "item_ids", None if grant.item_ids is None else [uuid.UUID(i) for i in grant.item_ids]
        ),
        coach_may_rate=changes.get("coach_may_rate", grant.coach_may_rate),
    )
    internship = session.get(Internship, grant.internship_id) if grant.internship_id else None
    return grant_access(
        session, owner, dossier, grant.grantee, terms, organisation_id=grant.organisation_id,
        internship=internship,
    )  # fmt: skip


def revoke_grant(session: Session, owner: User, grant: Grant) -> None:
    """The grant ends at once; given for an internship, the internship ends with it, and so
    do its workplace links."""
    grant.revoked_at = utcnow()
    session.flush()
    dossier = session.get(Dossier, grant.dossier_id)
    log_access(session, dossier, owner, "grant_revoked", grant.id, _describe(grant, grant.grantee))
    internship = session.get(Internship, grant.internship_id) if grant.internship_id else None
    if internship is not None:
        if internship.status == "approved":
            internship.status, internship.ended_at = "ended", utcnow()
        revoke_workplace_links(session, internship)
        session.flush()
    # The grantee's open streams end.
    topics = (dossier.id, grant.grantee_id)
    db.after_commit(lambda: broker.notify(*topics))


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


def grants_of(session: Session, dossier: Dossier) -> list[Grant]:
    return list(
        session.scalars(
            select(Grant)
            .where(Grant.dossier_id == dossier.id, Grant.revoked_at.is_(None))
            .order_by(Grant.created_at)
        )
    )


def shared_with(session: Session, user: User) -> list[tuple[Dossier, Grant]]:
    """Dossiers others opened to this user, with the grant that still works."""
    return [(dossier, grant) for grant, dossier in access.supported_dossiers(session, user)]


# --- invitations ------------------------------------------------------------------------


def invite(
    session: Session,
    owner: User,
    dossier: Dossier,
    *,
    email: str,
    terms: GrantTerms,
    language: str = "nl",
) -> Invitation:
    """Mail an invitation link to someone who may not have an account yet (and tell them in
    the app when they have one); the token is in the link and stored only as a hash. The mail
    is in the invitee's language: their account's, else the `language` the owner chose.

    Asking again while the invitation is pending (a retry after a lost answer) gives that
    invitation, with these terms, and no second mail."""
    _check_terms(session, dossier, terms)
    email = normalize_email(email)
    pending = session.scalar(
        select(Invitation)
        .where(
            Invitation.dossier_id == dossier.id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at.desc())
        .limit(1)
        .with_for_update()
    )
    if pending is not None:
        pending.role, pending.scopes = terms.role, sorted(set(terms.scopes))
        pending.grant_expires_at, pending.terms = terms.expires_at, terms.to_json()
        session.flush()
        return pending
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        dossier_id=dossier.id,
        email=email,
        token_hash=hash_token(token),
        role=terms.role,
        scopes=sorted(set(terms.scopes)),
        grant_expires_at=terms.expires_at,
        terms=terms.to_json(),
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    session.add(invitation)
    session.flush()
    log_access(session, dossier, owner, "invitation_sent", invitation.id, invitation.email)
    link = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/#/invitation/{token}"
    by = owner.display_name
    invitee = session.scalar(select(User).where(User.email == invitation.email))
    subject, body = invitation_mail(
        lang=invitee.locale if invitee is not None else language,
        owner=by,
        role=invitation.role,
        scopes=invitation.scopes,
        grant_expires_at=invitation.grant_expires_at,
        link=link,
        link_expires_at=invitation.expires_at,
    )
    send_after_commit(invitation.email, subject, body, key=f"invitation:{invitation.id}")
    if invitee is not None:
        notify(session, invitee.id, "invitation", dossier.id, {"by": by, "token": token})
    return invitation


def pending_invitations(session: Session, dossier: Dossier) -> list[Invitation]:
    """Invitations sent for the dossier that can still be accepted."""
    return list(
        session.scalars(
            select(Invitation)
            .where(
                Invitation.dossier_id == dossier.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at)
        )
    )


def withdraw_invitation(session: Session, owner: User, dossier: Dossier, invitation_id) -> None:
    """The link stops working at once; an accepted invitation is a grant, revoked as such."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.dossier_id != dossier.id or invitation.revoked_at:
        raise NotFound("No such invitation.")
    if invitation.accepted_at is not None:
        raise Conflict("This invitation has been accepted; revoke the access instead.",
                       code="invitation_used")  # fmt: skip
    invitation.revoked_at = utcnow()
    log_access(session, dossier, owner, "invitation_withdrawn", invitation.id, invitation.email)


def invitation_by_token(session: Session, token: str) -> Invitation:
    hashed = hash_token(token)
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hashed))
    if invitation is None or invitation.revoked_at is not None:
        raise NotFound("This invitation does not exist (any more).")
    if invitation.accepted_at is None and invitation.expires_at <= utcnow():
        raise Invalid("This invitation has expired; ask for a new one.", code="expired")
    return invitation


def inviting_owner(invitation: Invitation) -> User:
    session = Session.object_session(invitation)
    return session.get(User, session.get(Dossier, invitation.dossier_id).owner_id)


def open_invitation_by_token(session: Session, token: str) -> Invitation:
    """An invitation that can still be accepted: an old or forwarded link of one that was
    used tells nothing any more."""
    invitation = invitation_by_token(session, token)
    if invitation.accepted_at is not None:
        raise NotFound("This invitation does not exist (any more).")
    return invitation


def accept_invitation(session: Session, user: User, token: str) -> Grant:
    access.require_verified(user)
    invitation = invitation_by_token(session, token)
    if invitation.accepted_at is not None:
        raise Conflict("This invitation has been used already.", code="invitation_used")
    dossier = session.get(Dossier, invitation.dossier_id)
    owner = session.get(User, dossier.owner_id)
    if invitation.terms is not None:
        terms = GrantTerms.from_json(invitation.terms)
    else:  # sent before invitations kept every term
        terms = GrantTerms(
            scopes=invitation.scopes, role=invitation.role, expires_at=invitation.grant_expires_at
        )
    grant = grant_access(session, owner, dossier, user, terms)
    invitation.accepted_at = utcnow()
    invitation.grant_id = grant.id
    session.flush()
    return grant


# --- notifications and the access log ---------------------------------------------------


def notify(session: Session, user_id, kind: str, dossier_id, payload: dict) -> None:
    """In the app and by Web Push, as far as the person wants this kind."""
    user = session.get(User, user_id)
    if user is None:
        return
    wanted = {"in_app": True, "push": True, **(user.notification_settings or {}).get(kind, {})}
    if wanted["in_app"]:
        session.add(
            Notification(user_id=user_id, kind=kind, dossier_id=dossier_id, payload=payload)
        )
        session.flush()
        db.after_commit(lambda: broker.notify(user_id))  # the bell of an open app (/me/events)
    if wanted["push"]:
        push_after_commit(user_id, kind, payload)


def update_notification_settings(session: Session, user: User, settings: dict) -> dict:
    unknown = set(settings) - set(NOTIFICATION_KINDS)
    if unknown:
        raise Invalid("Unknown kinds of notification.", {"settings": sorted(unknown)})
    merged = dict(user.notification_settings or {})
    for kind, choice in settings.items():
        merged[kind] = {"in_app": bool(choice.get("in_app", True)),
                        "push": bool(choice.get("push", True))}  # fmt: skip
    user.notification_settings = merged
    session.flush()
    return notification_settings(user)


def notification_settings(user: User) -> dict:
    saved = user.notification_settings or {}
    return {k: {"in_app": True, "push": True, **saved.get(k, {})} for k in NOTIFICATION_KINDS}


def subscribe_push(session: Session, user: User, *, endpoint: str, p256dh: str, auth: str) -> None:
    check_endpoint(endpoint)  # the server will connect there: public push services only
    subscription = session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    )
    if subscription is None:
        subscription = PushSubscription(endpoint=endpoint)
        session.add(subscription)
    subscription.user_id = user.id
    subscription.p256dh = p256dh
    subscription.auth = auth
    session.flush()


def unsubscribe_push(session: Session, user: User, endpoint: str) -> None:
    subscription = session.scalar(
        select(PushSubscription).where(
            PushSubscription.endpoint == endpoint, PushSubscription.user_id == user.id
        )
    )
    if subscription is not None:
        session.delete(subscription)
        session.flush()


def notifications_for(session: Session, user: User, limit: int = 50) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, access.visible_notifications_condition(session))
            .order_by(Notification.created_at.desc())
            .limit(limit)
        )
    )


def unread_count(session: Session, user: User) -> int:
    return session.scalar(
        select(func.count()).where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            access.visible_notifications_condition(session),
        )
    )


def bell_state(session: Session, user_id) -> tuple[int, object]:
    """What the bell shows: the unread count, and the newest notification (a new one may
    come while the count stays the same)."""
    count, newest = session.execute(
        select(
            func.count().filter(Notification.read_at.is_(None)), func.max(Notification.created_at)
        ).where(Notification.user_id == user_id, access.visible_notifications_condition(session))
    ).one()
    return count, newest


def mark_read(session: Session, user: User, ids: list[uuid.UUID] | None) -> None:
    query = select(Notification).where(
        Notification.user_id == user.id,
        Notification.read_at.is_(None),
        access.visible_notifications_condition(session),
    )
    if ids:
        query = query.where(Notification.id.in_(ids))
    now = utcnow()
    for notification in session.scalars(query):
        notification.read_at = now
    session.flush()
    db.after_commit(lambda: broker.notify(user.id))  # the bell on the person's other devices


def log_access(
    session: Session,
    dossier: Dossier,
    actor: User,
    action: str,
    subject_id,
    detail: str = "",
    *,
    role: str | None = None,
) -> None:
    """A change in who may look, or a use of a way in (never folded: each one counts).
    `role`: the standing of an actor other than the owner (a coordinator proposing an
    internship, a supervisor opening a workplace link)."""
    session.add(
        AccessLogEntry(
            dossier_id=dossier.id,
            actor_id=actor.id,
            actor_label=actor.display_name,
            actor_role="owner" if actor.id == dossier.owner_id else (role or ""),
            action=action,
            subject_id=str(subject_id or ""),
            detail=detail[:1000],
        )
    )
    session.flush()


def log_read(
    session: Session,
    dossier: Dossier,
    reader: User | None,
    action: str,
    subject_id,
    label: str = "",
    *,
    link_id: uuid.UUID | None = None,
    link_label: str = "",
) -> None:
    """Reads by anyone but the owner are recorded: a person (with their role towards the
    owner now), or, for a recruiter without an account, the CV link they came through.
    Repeated reads of one thing by one reader within a clock hour fold into one entry."""
    if reader is not None and dossier.owner_id == reader.id:
        return  # the owner reading is not news
    now = utcnow()
    if reader is not None:
        who, actor_id = f"user:{reader.id}", reader.id
        actor_label, role = reader.display_name, access.access_to(session, reader, dossier).role
    else:
        who, actor_id, actor_label, role = f"link:{link_id}", None, link_label, "cv_link"
    subject = str(subject_id or "")
    values = {
        "id": uuid.uuid4(),
        "dossier_id": dossier.id,
        "actor_id": actor_id,
        "actor_label": actor_label[:200],
        "actor_role": role[:16],
        "action": action,
        "subject_id": subject,
        "detail": label[:1000],
        "fold_key": f"{dossier.id}|{who}|{action}|{subject}|{now:%Y-%m-%dT%H}",
        "count": 1,
        "created_at": now,
        "last_at": now,
    }
    # One statement, so two requests at once can neither both insert nor lose a count.
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    statement = insert(AccessLogEntry).values(values)
    table = AccessLogEntry.__table__
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.fold_key],
            set_={
                "count": table.c.count + 1,
                "last_at": statement.excluded.last_at,
                "actor_label": statement.excluded.actor_label,
                "actor_role": statement.excluded.actor_role,
                "detail": statement.excluded.detail,
            },
        )
    )


#: Entries per page of the access log.
ACCESS_LOG_PAGE = 50


def access_log(
    session: Session, dossier: Dossier, offset: int = 0, limit: int | None = None
) -> tuple[list[AccessLogEntry], int | None]:
    """A page of the log, latest first, and the offset of the next page (None: no more)."""
    limit = limit or ACCESS_LOG_PAGE
    entries = list(
        session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.dossier_id == dossier.id)
            .options(joinedload(AccessLogEntry.actor))
            .order_by(AccessLogEntry.last_at.desc(), AccessLogEntry.id)
            .offset(offset)
            .limit(limit + 1)
        )
    )
    more = len(entries) > limit
    return entries[:limit], (offset + limit if more else None)


def forget_person(session: Session, user: User) -> None:
    """Invitations to their address go; others' notifications, dossier access logs and
    event history keep what happened, but not who it was (every text column of those rows,
    so a column added later is covered too)."""
    session.execute(
        delete(Invitation)
        .where(func.lower(Invitation.email) == normalize_email(user.email))
        .execution_options(synchronize_session=False)
    )
    person = Forgotten.of(user)
    scrub_rows(session, Notification, person, Notification.user_id != user.id)
    # Their entries no longer fold with anything: the fold key names them.
    session.execute(
        update(AccessLogEntry)
        .where(AccessLogEntry.actor_id == user.id)
        .values(fold_key=None)
        .execution_options(synchronize_session=False)
    )
    scrub_rows(session, AccessLogEntry, person)
    scrub_rows(session, DossierEvent, person)
