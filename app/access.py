"""THE access policy: may this user do this to this dossier or evidence?

Everything is private to the owner until the owner grants access. A grant gives scopes:
`view` (see the dossier, or the part the grant is limited to), `reflect` (see and reflect,
with levels), `contribute` (add evidence on the owner's behalf, and see and change what one
added). A grant ends when revoked, when it expires, or, when it was given through an
organisation, as soon as the owner or the grantee is no longer a member of it. A school's
administrator has no access of their own. A dossier or item the user may not see is
reported as not found, so its existence does not leak.

Coaching stays between coach and owner: what someone writes in the coach role (reflections
and their levels, messages written as coaching) is read by the owner and its author only,
unless the owner shared that one reflection. It never reaches reports or anyone else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from app.accounts.models import AccessToken, User
from app.db import utcnow
from app.dossiers.models import Dossier, Evidence, Message, Reflection
from app.errors import Conflict, Forbidden, NotFound
from app.people.models import Grant, Membership
from competencies.models import EvidenceLink


@dataclass
class Access:
    """What one user may do in one dossier."""

    owner: bool
    grant: Grant | None = None

    def has(self, scope: str) -> bool:
        return self.owner or (self.grant is not None and scope in self.grant.scopes)

    @property
    def role(self) -> str:
        return "owner" if self.owner else (self.grant.role if self.grant else "")

    @property
    def sees_dossier(self) -> bool:
        return self.owner or self.has("view") or self.has("reflect") or self.has("contribute")


def active_grants(session: Session, dossier: Dossier, user: User | None = None) -> list[Grant]:
    """The grants on the dossier that give access now (of one grantee, when given)."""
    query = select(Grant).where(
        Grant.dossier_id == dossier.id,
        Grant.revoked_at.is_(None),
        or_(Grant.expires_at.is_(None), Grant.expires_at > utcnow()),
    )
    if user is not None:
        query = query.where(Grant.grantee_id == user.id)
    return [
        grant
        for grant in session.scalars(query.order_by(Grant.created_at))
        if grant.organisation_id is None or _both_members(session, grant, dossier)
    ]


def active_grant(session: Session, user: User, dossier: Dossier) -> Grant | None:
    grants = active_grants(session, dossier, user)
    return grants[0] if grants else None


def _both_members(session: Session, grant: Grant, dossier: Dossier) -> bool:
    members = set(
        session.scalars(
            select(Membership.user_id).where(
                Membership.organisation_id == grant.organisation_id,
                Membership.user_id.in_([grant.grantee_id, dossier.owner_id]),
                Membership.active(),
            )
        )
    )
    return {grant.grantee_id, dossier.owner_id} <= members


def access_to(session: Session, user: User, dossier: Dossier) -> Access:
    """The user's access to the dossier, worked out once per request."""
    cache = g.setdefault("access_cache", {}) if has_request_context() else {}
    key = (user.id, dossier.id)
    if key not in cache:
        if dossier.owner_id == user.id:
            cache[key] = Access(owner=True)
        else:
            cache[key] = Access(owner=False, grant=active_grant(session, user, dossier))
    return cache[key]


# --- consent: what others added on the owner's behalf --------------------------------------
# Added by someone else, an item waits for the owner: until the owner keeps it, only the
# owner and its adder see it; once the owner hides it, the owner alone. Kept items (and the
# owner's own) follow the grants. A reviewed_at of None means the owner has not decided yet;
# hidden_at with it set means the owner hid it (a conversation attachment starts hidden but
# undecided, so its author still sees it in the conversation).


def awaits_owner(evidence: Evidence) -> bool:
    """Added on the owner's behalf and not yet kept: shared with nobody else."""
    return evidence.created_role != "owner" and evidence.reviewed_at is None


def shared_with_others(evidence: Evidence) -> bool:
    """May the item leave the owner's hands (grantees, reports, the CV)?"""
    return evidence.hidden_at is None and not awaits_owner(evidence)


def shared_condition() -> ColumnElement[bool]:
    """shared_with_others, as a condition on Evidence."""
    return and_(
        Evidence.hidden_at.is_(None),
        or_(Evidence.created_role == "owner", Evidence.reviewed_at.is_not(None)),
    )


def _seen_by_adder(evidence: Evidence) -> bool:
    return evidence.hidden_at is None or evidence.reviewed_at is None


def _seen_by_adder_condition() -> ColumnElement[bool]:
    return or_(Evidence.hidden_at.is_(None), Evidence.reviewed_at.is_(None))


def _evidence_visible(session: Session, access: Access, user: User, evidence: Evidence) -> bool:
    if access.owner:
        return True
    if access.has("contribute") and evidence.created_by_id == user.id:
        return _seen_by_adder(evidence)
    if not (access.has("view") or access.has("reflect")) or not shared_with_others(evidence):
        return False
    return (
        session.scalar(select(true()).where(Evidence.id == evidence.id, _limits(access.grant)))
        is True
    )


def _limits(grant: Grant) -> ColumnElement[bool]:
    """The part of the dossier a limited grant covers, as a condition on Evidence."""
    conditions = []
    if grant.evidence_ids is not None:
        ids = [uuid.UUID(i) for i in grant.evidence_ids]
        conditions.append(Evidence.id.in_(ids) if ids else false())
    if grant.item_ids is not None:
        items = [uuid.UUID(i) for i in grant.item_ids]
        linked = select(EvidenceLink.evidence_id).where(EvidenceLink.item_id.in_(items))
        conditions.append(Evidence.id.in_(linked) if items else false())
    return and_(true(), *conditions)


def visible_evidence_condition(access: Access, user: User) -> ColumnElement[bool]:
    """The timeline's WHERE clause for this viewer."""
    if access.owner:
        return true()
    own = (
        and_(Evidence.created_by_id == user.id, _seen_by_adder_condition())
        if access.has("contribute")
        else false()
    )
    if access.has("view") or access.has("reflect"):
        return or_(own, and_(shared_condition(), _limits(access.grant)))
    return own


# --- coaching: between coach and owner ---------------------------------------------------

COACH_ROLE = "coach"


def is_coaching(writing: Reflection | Message) -> bool:
    """Written in the coach role (the role is kept on the row as it was at writing time)."""
    if isinstance(writing, Message):
        return writing.coaching
    return writing.author_role == COACH_ROLE


def for_everyone(writing: Reflection | Message) -> bool:
    """Readable by all who see the item: not coaching, or a reflection the owner shared."""
    return not is_coaching(writing) or getattr(writing, "shared_at", None) is not None


def may_read(access: Access, user: User, writing: Reflection | Message) -> bool:
    """May this reader see this reflection (its words and level) or message?"""
    if access.owner or for_everyone(writing):
        return True
    return writing.author_id is not None and writing.author_id == user.id


def team_reflections_condition() -> ColumnElement[bool]:
    """Reflections anyone with access may read, and that documents for others (reports)
    may hold: never a coach's words the owner did not share."""
    return or_(Reflection.author_role != COACH_ROLE, Reflection.shared_at.isnot(None))


def readable_reflections_condition(access: Access, user: User) -> ColumnElement[bool]:
    """`may_read` as a WHERE clause on Reflection."""
    if access.owner:
        return true()
    return or_(team_reflections_condition(), Reflection.author_id == user.id)


def readable_messages_condition(access: Access, user: User) -> ColumnElement[bool]:
    """`may_read` as a WHERE clause on Message."""
    if access.owner:
        return true()
    return or_(Message.coaching.is_(False), Message.author_id == user.id)


def coaching_readers(dossier: Dossier, writing: Reflection | Message) -> list[str] | None:
    """Who may hear of a writing (live events): None when everyone who sees it may."""
    if for_everyone(writing):
        return None
    return sorted({str(dossier.owner_id), str(writing.author_id)})


# --- joining someone else ---------------------------------------------------------------


def require_verified(user: User) -> None:
    """Entering someone else's dossier or organisation needs a proven address: otherwise
    anyone could sign up with an address that is not theirs and be taken for its owner."""
    if not user.email_verified:
        raise Forbidden(
            "Confirm your e-mail address first, with the code we mailed you.",
            code="email_unverified",
        )


def require_verified_person(person: User) -> None:
    """The same rule, seen from whoever wants to bring the person in."""
    if not person.email_verified:
        raise Conflict(
            "This person has not confirmed their e-mail address yet.",
            {"email": ["Not confirmed yet."]},
            code="person_unverified",
        )


# --- lookups that raise NotFound --------------------------------------------------------


def _dossier(session: Session, dossier_id: uuid.UUID) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound("No such dossier.")
    return dossier


def viewable_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    dossier = _dossier(session, dossier_id)
    if not access_to(session, user, dossier).sees_dossier:
        raise NotFound("No such dossier.")
    return dossier


def owned_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    """Decisions about the dossier itself (its frameworks, its grants): the owner only."""
    dossier = _dossier(session, dossier_id)
    if dossier.owner_id != user.id:
        raise NotFound("No such dossier.")
    return dossier


def contributable_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    dossier = viewable_dossier(session, user, dossier_id)
    if not access_to(session, user, dossier).has("contribute"):
        raise NotFound("No such dossier.")
    return dossier


def viewable_evidence(session: Session, user: User, evidence_id: uuid.UUID) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound("No such evidence.")
    access = access_to(session, user, evidence.dossier)
    if not _evidence_visible(session, access, user, evidence):
        raise NotFound("No such evidence.")
    return evidence


def editable_evidence(session: Session, user: User, evidence_id: uuid.UUID) -> Evidence:
    """The owner, and a contributor for what they added themselves."""
    evidence = viewable_evidence(session, user, evidence_id)
    if not can_edit_evidence(session, user, evidence):
        raise NotFound("No such evidence.")
    return evidence


def removable_evidence(session: Session, user: User, evidence_id: uuid.UUID) -> Evidence:
    """Removing is the owner's decision (they keep, hide or remove what others added)."""
    evidence = viewable_evidence(session, user, evidence_id)
    if evidence.dossier.owner_id != user.id:
        raise NotFound("No such evidence.")
    return evidence


def reflectable_evidence(session: Session, user: User, evidence_id: uuid.UUID) -> Evidence:
    evidence = viewable_evidence(session, user, evidence_id)
    if not access_to(session, user, evidence.dossier).has("reflect"):
        raise NotFound("No such evidence.")
    return evidence


def can_edit_evidence(session: Session, user: User, evidence: Evidence) -> bool:
    access = access_to(session, user, evidence.dossier)
    return access.owner or (access.has("contribute") and evidence.created_by_id == user.id)


def can_view_original(user: User, evidence: Evidence) -> bool:
    """Originals may carry location and device data: the owner, and whoever uploaded it
    (unless the owner hid it from them)."""
    if evidence.dossier.owner_id == user.id:
        return True
    return evidence.created_by_id == user.id and _seen_by_adder(evidence)


# --- personal access tokens -------------------------------------------------------------

#: Requests that only read; a read token may make these and nothing else.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_allows(token: AccessToken, method: str) -> bool:
    return token.scope == "full" or method in READ_METHODS


def may_mint_tokens(minted_by: AccessToken | None) -> bool:
    """A browser session (None) or a full token; a read token must not widen itself."""
    return minted_by is None or minted_by.scope == "full"


# --- live events ------------------------------------------------------------------------

#: Event payload keys that are for the policy only and never leave the server.
PRIVATE_KEY_PREFIX = "_"


def current_access(session: Session, user: User, dossier: Dossier) -> Access:
    """Worked out afresh (not from the request's cache): a live stream outlasts grants."""
    if dossier.owner_id == user.id:
        return Access(owner=True)
    return Access(owner=False, grant=active_grant(session, user, dossier))


def evidence_audience(session: Session, evidence: Evidence) -> list[str]:
    """The grantees who may see the item now, kept with a change that may take it from
    them (removed, hidden): they hear of it, so their screens let it go; nobody else does
    (once it is gone, the policy can no longer tell who saw it)."""
    dossier = evidence.dossier
    return sorted(
        str(grant.grantee_id)
        for grant in active_grants(session, dossier)
        if _evidence_visible(session, Access(owner=False, grant=grant), grant.grantee, evidence)
    )


def event_visible(
    session: Session, user: User, dossier: Dossier, access: Access, kind: str, payload: dict
) -> bool:
    """May this listener hear of this event? An item they cannot see never reaches them,
    not even its id; unknown kinds reach the owner only."""
    if access.owner:
        return True
    if not access.sees_dossier:
        return False
    readers = payload.get("_readers")
    if readers is not None and str(user.id) not in readers:
        return False  # coaching: the owner and its author only
    if kind == "message_posted":  # the conversation: those who may take part in it
        return access.has("reflect") or access.has("contribute")
    if str(user.id) in payload.get("_audience", []):
        return True  # they saw the item until this change
    if kind == "evidence_deleted":
        return False
    if kind not in ("evidence_created", "evidence_updated", "reflection_added"):
        return False
    raw = payload.get("evidence_id" if kind == "reflection_added" else "id")
    try:
        evidence = session.get(Evidence, uuid.UUID(str(raw)))
    except ValueError:
        return False
    return (
        evidence is not None
        and evidence.dossier_id == dossier.id
        and _evidence_visible(session, access, user, evidence)
    )


def public_payload(payload: dict) -> dict:
    return {k: v for k, v in payload.items() if not k.startswith(PRIVATE_KEY_PREFIX)}
