"""THE access policy: may this user do this to this dossier or evidence, or to what hangs
around it (reflections, coaching notes, reports, grants, memberships, CV links, frameworks,
one's own uploads, jobs and tokens)? Every such decision is made here and nowhere else, and
each one is tried in an access matrix (tests/test_access_policy.py names where).

Everything is private to the owner until the owner grants access. A grant gives scopes:
`view` (see the dossier, or the part the grant is limited to), `reflect` (see and reflect,
with levels), `contribute` (add evidence on the owner's behalf, and see and change what one
added). A grant ends when revoked, when it expires, or, when it was given through an
organisation, as soon as the owner or the grantee is no longer a member of it. A school's
administrator has no access of their own. A dossier or item the user may not see is
reported as not found, so its existence does not leak.

A workplace supervisor may come in through a workplace link instead of a password (see
"workplace links" below): such a session reaches the one pupil's dossier of the link's
internship, through the grant of that internship, and nothing that needs an account. A grant to
someone who has not proved their address counts nowhere else.

Coaching stays between coach and owner: what someone writes in the coach role (reflections
and their levels, messages written as coaching) is read by the owner and its author only,
unless the owner shared that one reflection. It never reaches reports or anyone else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import current_app, g, has_request_context
from sqlalchemy import ColumnElement, Text, and_, cast, false, or_, select, true
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload

from app import clock
from app.accounts.models import AccessToken, User
from app.cv.models import CV, ShareLink
from app.db import utcnow
from app.dossiers.models import Dossier, Evidence, Message, Reflection
from app.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from app.growth.models import Activity, CoachingNote, Goal
from app.issuing.models import Credential
from app.people.models import (
    Grant,
    Internship,
    Membership,
    Notification,
    Organisation,
    WorkplaceLink,
)
from app.portability.models import DataJob
from app.reports.models import InternshipReport, VideoLink
from competencies.models import DossierFramework, EvidenceLink, Framework
from media.models import SHARP_ROLES, Face, MediaAsset, ResumableUpload


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
        return self.has("view") or self.takes_part

    @property
    def takes_part(self) -> bool:
        """The owner, and whoever may reflect or contribute: they are in the conversation
        (and can be mentioned); those who only look are not."""
        return self.owner or self.has("reflect") or self.has("contribute")

    @property
    def coaches(self) -> bool:
        return self.grant is not None and self.grant.role == COACH_ROLE


def active_grants(session: Session, dossier: Dossier, user: User | None = None) -> list[Grant]:
    """The grants on the dossier that give access now (of one grantee, when given)."""
    query = select(Grant).where(
        Grant.dossier_id == dossier.id,
        Grant.revoked_at.is_(None),
        or_(Grant.expires_at.is_(None), Grant.expires_at > utcnow()),
    )
    if user is not None:
        query = query.where(Grant.grantee_id == user.id)
    link = request_link(session)
    return [
        grant
        for grant in session.scalars(query.order_by(Grant.created_at))
        if (grant.organisation_id is None or _both_members(session, grant, dossier))
        and _grant_counts(grant, link)
    ]


def _grant_counts(grant: Grant, link: WorkplaceLink | None) -> bool:
    """In a link session only the grant of the link's internship counts for its holder; any
    other grant counts only once its grantee proved their address."""
    if link is not None and grant.grantee_id == link.user_id:
        return grant.internship_id == link.internship_id
    return grant.grantee.email_verified


def active_grant(session: Session, user: User, dossier: Dossier) -> Grant | None:
    grants = active_grants(session, dossier, user)
    return grants[0] if grants else None


def _both_members(session: Session, grant: Grant, dossier: Dossier) -> bool:
    return both_members(session, grant.grantee_id, dossier.owner_id, grant.organisation_id)


def both_members(session: Session, a_id: uuid.UUID, b_id: uuid.UUID, organisation_id) -> bool:
    """Are both people active members of the organisation (a grant through it needs this)?"""
    members = set(
        session.scalars(
            select(Membership.user_id).where(
                Membership.organisation_id == organisation_id,
                Membership.user_id.in_([a_id, b_id]),
                Membership.active(),
            )
        )
    )
    return {a_id, b_id} <= members


def participating_grants(session: Session, dossier: Dossier) -> list[Grant]:
    """The active grants whose grantee takes part in the conversation (reflects or
    contributes)."""
    return [
        grant
        for grant in active_grants(session, dossier)
        if Access(owner=False, grant=grant).takes_part
    ]


def granted_dossier_ids(session: Session, user: User) -> list[uuid.UUID]:
    """The dossiers the user sees: their own, and those an active grant opens to them (in a
    link session only the link's pupil's)."""
    own = (
        []
        if request_link(session) is not None
        else list(session.scalars(select(Dossier.id).where(Dossier.owner_id == user.id)))
    )
    return own + [dossier.id for _grant, dossier in supported_dossiers(session, user)]


def _member_condition(user_id) -> ColumnElement[bool]:
    """`user_id` is an active member of the grant's organisation (correlated to Grant)."""
    member = aliased(Membership)
    return (
        select(member.id)
        .where(
            member.organisation_id == Grant.organisation_id,
            member.user_id == user_id,
            member.accepted_at.is_not(None),
            member.ended_at.is_(None),
        )
        .exists()
    )


def supported_dossiers(session: Session, user: User) -> list[tuple[Grant, Dossier]]:
    """Others' dossiers an active grant opens to the user, with that grant (the one
    `active_grant` picks): `active_grants` for every dossier at once, in one query, with the
    same rules (`_grant_counts`): in a link session only the link's grant, otherwise only
    once the user proved their address."""
    # Every caller shows whose dossier it is.
    return _supported(session, user, Dossier, options=[contains_eager(Dossier.owner)])


def supported_owners(session: Session, user: User) -> list[tuple[Grant, uuid.UUID, str]]:
    """`supported_dossiers` as (grant, owner's id, owner's name): for lists of hundreds, the
    people as two columns rather than a loaded dossier and person each."""
    return _supported(session, user, Dossier.owner_id, User.display_name)


def _supported(session: Session, user: User, *columns, options=()) -> list[tuple]:
    """(grant, *columns) for each dossier of `supported_dossiers`, the first grant only."""
    link = request_link(session)
    if link is None and not user.email_verified:
        return []
    in_link = Grant.internship_id == link.internship_id if link is not None else true()
    rows = session.execute(
        select(Grant, *columns)
        .join(Dossier, Dossier.id == Grant.dossier_id)
        .join(User, User.id == Dossier.owner_id)
        .where(
            Grant.grantee_id == user.id,
            Dossier.owner_id != user.id,
            in_link,
            Grant.revoked_at.is_(None),
            or_(Grant.expires_at.is_(None), Grant.expires_at > utcnow()),
            or_(
                Grant.organisation_id.is_(None),
                and_(_member_condition(Grant.grantee_id), _member_condition(Dossier.owner_id)),
            ),
        )
        .order_by(Grant.created_at)
        .options(*options)
    ).tuples()
    first: dict[uuid.UUID, tuple] = {}
    for row in rows:
        first.setdefault(row[0].dossier_id, tuple(row))
    return list(first.values())


def access_to(session: Session, user: User, dossier: Dossier) -> Access:
    """The user's access to the dossier, worked out once per request."""
    cache = g.setdefault("access_cache", {}) if has_request_context() else {}
    key = (user.id, dossier.id)
    if key not in cache:
        cache[key] = current_access(session, user, dossier)
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


def visible_evidence_of_grants(grants: list[Grant], user: User) -> ColumnElement[bool]:
    """`visible_evidence_condition` for many dossiers at once: in each grant's dossier, what
    that grant lets the user see. One branch per kind of grant (its scopes and limits), not
    one per dossier, so the condition stays short for hundreds of dossiers."""
    kinds: dict[object, list[Grant]] = {}
    for grant in grants:
        unlimited = grant.evidence_ids is None and grant.item_ids is None
        kinds.setdefault(frozenset(grant.scopes) if unlimited else grant.id, []).append(grant)
    return or_(
        false(),
        *(
            and_(
                Evidence.dossier_id.in_([g.dossier_id for g in same]),
                visible_evidence_condition(Access(owner=False, grant=same[0]), user),
            )
            for same in kinds.values()
        ),
    )


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


def may_rate(access: Access) -> bool:
    """May this reflector give levels? A coach only when the owner asked for them."""
    return not access.coaches or access.grant.coach_may_rate


def readable_reflection(
    session: Session, user: User, reflection_id: uuid.UUID
) -> tuple[Reflection, Evidence]:
    """A reflection on an item the user sees, that they may read (`may_read`)."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.withdrawn_at is not None:
        raise NotFound("No such reflection.")
    evidence = viewable_evidence(session, user, reflection.evidence_id)
    if not may_read(access_to(session, user, evidence.dossier), user, reflection):
        raise NotFound("No such reflection.")
    return reflection, evidence


def authored_reflection(session: Session, author: User, reflection_id) -> Reflection:
    """Only its author changes or withdraws a reflection."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.withdrawn_at is not None:
        raise NotFound("No such reflection.")
    if reflection.author_id != author.id or not _within_link(
        session, session.get(Evidence, reflection.evidence_id).dossier_id
    ):
        raise NotFound("No such reflection.")
    return reflection


def owned_reflection(session: Session, owner: User, reflection_id) -> Reflection:
    """A reflection in the owner's dossier: sharing a coach's words is the owner's call."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.withdrawn_at is not None:
        raise NotFound("No such reflection.")
    if session.get(Evidence, reflection.evidence_id).dossier.owner_id != owner.id:
        raise NotFound("No such reflection.")
    return reflection


def readable_coaching_notes_condition(access: Access, user: User) -> ColumnElement[bool]:
    """The owner reads every coaching note; a coach reads their own; nobody else reads any."""
    if access.owner:
        return true()
    if not access.coaches:
        raise NotFound("No such dossier.")
    return CoachingNote.coach_id == user.id


def require_coach(access: Access) -> None:
    """Only a coach writes coaching notes."""
    if not access.coaches:
        raise NotFound("No such dossier.")


def own_coaching_note(session: Session, coach: User, note_id: uuid.UUID) -> CoachingNote:
    """A note of this coach, on a dossier they still coach: after the owner ends the coaching,
    the notes stay the owner's to read, no longer the coach's to change."""
    note = session.get(CoachingNote, note_id)
    if note is None or note.coach_id != coach.id:
        raise NotFound("No such note.")
    dossier = session.get(Dossier, note.dossier_id)
    if not access_to(session, coach, dossier).coaches:
        raise NotFound("No such note.")
    return note


def removable_coaching_note(session: Session, user: User, note_id: uuid.UUID) -> CoachingNote:
    """The owner may remove any note about them (their story is theirs); a coach their own,
    while they coach."""
    note = session.get(CoachingNote, note_id)
    if note is None:
        raise NotFound("No such note.")
    dossier = session.get(Dossier, note.dossier_id)
    if dossier.owner_id == user.id:
        return note
    return own_coaching_note(session, user, note_id)


# --- reports ------------------------------------------------------------------------------

#: Who confirms a report: the workplace and the school.
SIGNING_ROLES = ("employer", "coordinator", "mentor", "teacher")
#: Who composes a report besides the owner: the school's side (the job-placement coordinator,
#: or for a student teacher the mentor or teacher educator); the workplace confirms it.
COMPOSING_ROLES = ("coordinator", "mentor", "teacher")


def may_compose(access: Access) -> bool:
    """The owner, and someone from the school's side with access to the dossier."""
    return access.owner or (access.grant is not None and access.grant.role in COMPOSING_ROLES)


def may_sign(access: Access) -> bool:
    """Someone with access in a signing role; never the owner, who is the one assessed."""
    return not access.owner and access.grant is not None and access.grant.role in SIGNING_ROLES


def signs_report(access: Access, report: InternshipReport) -> bool:
    """May confirm this report. The report of an internship set up in the app is confirmed by
    that internship's supervisor, not by the employer of another one (nor does that supervisor
    sign a report of another workplace); the school's side signs every report."""
    if not may_sign(access):
        return False
    grant = access.grant
    if grant.role != "employer":
        return True
    # An internship's supervisor signs that internship's report, and no other workplace's.
    return grant.internship_id == report.internship_id


# --- credentials --------------------------------------------------------------------------
# The owner turns a confirmation someone gave into a verifiable credential; those who gave it
# act for the issuer and may revoke it, as may the instance's credential administrators
# (CREDENTIAL_ADMINS). Nobody else sees a dossier's credentials until the owner shows one on
# the CV.

#: Whose levels on a competency may become a credential: the workplace and the school (never
#: a coach's, which stay between coach and owner, nor the owner's own).
ENDORSING_ROLES = SIGNING_ROLES


def _owner_here(session: Session, user: User, dossier_id: uuid.UUID) -> bool:
    return _dossier(session, dossier_id).owner_id == user.id and own_dossier_reachable(session)


def issuable_report(session: Session, owner: User, report_id: uuid.UUID) -> InternshipReport:
    """A report of the owner's own dossier: only the owner makes a credential of it."""
    report = viewable_report(session, owner, report_id)
    if not _owner_here(session, owner, report.dossier_id):
        raise Forbidden("Only the owner of the dossier makes a credential of it.",
                        code="owner_only")  # fmt: skip
    return report


def issuable_level(session: Session, owner: User, reflection_id: uuid.UUID) -> Reflection:
    """A level on a competency that someone from the workplace or the school gave in the
    owner's dossier."""
    reflection, evidence = readable_reflection(session, owner, reflection_id)
    if not _owner_here(session, owner, evidence.dossier_id):
        raise Forbidden("Only the owner of the dossier makes a credential of it.",
                        code="owner_only")  # fmt: skip
    if (
        reflection.author_role not in ENDORSING_ROLES
        or reflection.author_id in (None, owner.id)  # no one endorses themselves
        or reflection.item_id is None
        or reflection.level is None
    ):
        raise Invalid(
            "Only a level a supervisor or the school gave on a competency becomes a credential.",
            {"reflection_id": ["No supervisor's level."]},
            code="not_a_level",
        )
    return reflection


def owned_credential(session: Session, owner: User, credential_id: uuid.UUID) -> Credential:
    """A credential of the owner's dossier (not one they removed)."""
    credential = session.get(Credential, credential_id)
    if (
        credential is None
        or credential.removed_at is not None
        or not _owner_here(session, owner, credential.dossier_id)
    ):
        raise NotFound("No such credential.")
    return credential


def acts_for_issuer(user: User) -> bool:
    """One of the instance's credential administrators (CREDENTIAL_ADMINS), by a proven
    address."""
    return user.email_verified and user.email in current_app.config["CREDENTIAL_ADMINS"]


def may_revoke(user: User, credential: Credential) -> bool:
    """Whoever gave the confirmation, and the instance's credential administrators."""
    gave = any(e.get("user_id") == str(user.id) for e in credential.endorsers or [])
    return credential.removed_at is None and (gave or acts_for_issuer(user))


def revocable_credential(session: Session, user: User, credential_id: uuid.UUID) -> Credential:
    credential = session.get(Credential, credential_id)
    if credential is None or not may_revoke(user, credential) or request_link(session):
        raise NotFound("No such credential.")
    return credential


def revocable_credentials(session: Session, user: User) -> list[Credential]:
    """The credentials the user may revoke: those made of their confirmations (all, for an
    administrator), newest first."""
    query = select(Credential).where(Credential.removed_at.is_(None))
    if not acts_for_issuer(user):
        query = query.where(cast(Credential.endorsers, Text).contains(str(user.id)))
    found = session.scalars(query.order_by(Credential.issued_at.desc()))
    return [c for c in found if may_revoke(user, c)]


def public_credential(session: Session, credential_id: uuid.UUID) -> Credential:
    """A credential anyone may read: its owner shows it (on the CV)."""
    credential = session.get(Credential, credential_id)
    if credential is None or not credential.on_cv or credential.removed_at is not None:
        raise NotFound("No such credential.")
    return credential


# --- internships -------------------------------------------------------------------------
# A coordinator of the pupil's school proposes an internship, and so a workplace supervisor;
# the pupil decides. Proposing takes three things at once: the coordinator role in a school,
# the pupil's membership of that same school, and the pupil's grant to the coordinator (she
# supports the pupil). A membership alone opens nobody's dossier.

#: Whose proposals need the pupil's membership: schools, not workplaces.
SCHOOL_KIND = "education"


def proposing_schools(session: Session, user: User, dossier: Dossier) -> list[Organisation]:
    """The schools through which the user may propose an internship for the dossier."""
    if dossier.owner_id == user.id or active_grant(session, user, dossier) is None:
        return []
    return _proposing_schools_of_owners(session, user, [dossier.owner_id]).get(dossier.owner_id, [])


def proposing_schools_of_supported(
    session: Session, user: User, dossiers: list[Dossier]
) -> dict[uuid.UUID, list[Organisation]]:
    """`proposing_schools` for each of the dossiers `supported_dossiers` gave the user (an
    active grant opens each of them), by dossier id, in one query whatever their number."""
    by_owner = _proposing_schools_of_owners(session, user, {d.owner_id for d in dossiers})
    return {dossier.id: by_owner.get(dossier.owner_id, []) for dossier in dossiers}


def _proposing_schools_of_owners(
    session: Session, user: User, owner_ids
) -> dict[uuid.UUID, list[Organisation]]:
    """The schools each owner is an active member of where the user is a coordinator."""
    if not owner_ids:
        return {}
    coordinated = (
        select(Membership.organisation_id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.user_id == user.id,
            Membership.role == "coordinator",
            Membership.active(),
            Organisation.kind == SCHOOL_KIND,
        )
    )
    rows = session.execute(
        select(Membership.user_id, Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(
            Membership.user_id.in_(list(owner_ids)),
            Membership.active(),
            Organisation.id.in_(coordinated),
        )
        .order_by(Organisation.name)
    ).tuples()
    schools: dict[uuid.UUID, list[Organisation]] = {}
    for owner_id, school in rows:
        if school not in schools.setdefault(owner_id, []):  # one per school, however many roles
            schools[owner_id].append(school)
    return schools


def proposing_school(
    session: Session, user: User, dossier_id: uuid.UUID, organisation_id=None
) -> tuple[Dossier, Organisation]:
    """The dossier and the school a proposal goes through: the one named, or the first.
    Someone who does not see the dossier gets 'not found'; someone who does, but is no
    coordinator of the pupil's school, is refused."""
    dossier = viewable_dossier(session, user, dossier_id)
    schools = proposing_schools(session, user, dossier)
    if organisation_id is not None:
        schools = [school for school in schools if school.id == organisation_id]
    if not schools:
        raise Forbidden(
            "Only a coordinator of the pupil's school, with access to the dossier, can propose "
            "an internship.",
            code="not_coordinator",
        )
    return dossier, schools[0]


def visible_internships_condition(user: User, dossier: Dossier) -> ColumnElement[bool]:
    """The owner sees every internship of the dossier; a coordinator those she proposed; a
    supervisor their own (the one their grant is for). Call with a dossier the user sees."""
    if dossier.owner_id == user.id:
        return true()
    return and_(Internship.dossier_id == dossier.id, supported_internships_condition(user))


def supported_internships_condition(user: User) -> ColumnElement[bool]:
    """The internships someone other than the pupil sees, in any dossier: those they proposed
    and those they supervise."""
    supervised = select(Grant.internship_id).where(
        Grant.grantee_id == user.id, Grant.revoked_at.is_(None)
    )
    return or_(Internship.proposed_by_id == user.id, Internship.id.in_(supervised))


def viewable_internship(session: Session, user: User, internship_id) -> Internship:
    internship = session.get(Internship, internship_id)
    if internship is None:
        raise NotFound("No such internship.")
    dossier = _dossier(session, internship.dossier_id)
    if not access_to(session, user, dossier).sees_dossier:
        raise NotFound("No such internship.")
    visible = select(true()).where(
        Internship.id == internship.id, visible_internships_condition(user, dossier)
    )
    if session.scalar(visible) is not True:
        raise NotFound("No such internship.")
    return internship


def may_decide_internship(user: User, dossier: Dossier) -> bool:
    """Approving or declining is the pupil's alone."""
    return dossier.owner_id == user.id


def may_end_internship(user: User, dossier: Dossier, internship: Internship) -> bool:
    """The owner ends an internship at any time; whoever proposed it may withdraw it while
    the pupil has not decided yet."""
    return dossier.owner_id == user.id or (
        internship.proposed_by_id == user.id and internship.status == "proposed"
    )


def decidable_internship(session: Session, user: User, internship_id) -> Internship:
    internship = viewable_internship(session, user, internship_id)
    if not may_decide_internship(user, _dossier(session, internship.dossier_id)):
        raise Forbidden(
            "Only the pupil decides about their internship.", code="internship_pupil_only"
        )
    return internship


def endable_internship(session: Session, user: User, internship_id) -> Internship:
    internship = viewable_internship(session, user, internship_id)
    if not may_end_internship(user, _dossier(session, internship.dossier_id), internship):
        raise Forbidden(
            "Only the pupil can end an internship once they agreed to it.",
            code="internship_pupil_only",
        )
    return internship


def consentable_school(session: Session, owner: User, organisation_id) -> Organisation:
    """A school the owner is an active member of: only such a school can be given a standing
    consent for internships."""
    school = member_organisation(session, owner, organisation_id)
    if school.kind != SCHOOL_KIND:
        raise Invalid(
            "Only a school can arrange internships.", {"organisation_id": ["Not a school."]}
        )
    return school


def report_signers(
    session: Session, report: InternshipReport, reachable: list[Grant] | None = None
) -> list[Grant]:
    """The grants of those who confirm the report (one per person): active, in a role that
    signs it, and reachable. An internship's supervisor counts before first using their
    workplace link, as the request to sign brings them a fresh one. `reachable`: the
    dossier's `reachable_grants`, when several of its reports are looked at."""
    if reachable is None:
        reachable = reachable_grants(session, _dossier(session, report.dossier_id))
    found: dict[uuid.UUID, Grant] = {}
    for grant in reachable:
        if signs_report(Access(owner=False, grant=grant), report):
            found.setdefault(grant.grantee_id, grant)
    return list(found.values())


def reachable_grants(session: Session, dossier: Dossier) -> list[Grant]:
    """The dossier's active grants whose grantee can be asked to sign (`report_signers`),
    oldest first, with grantee and internship: two queries however many grants."""
    grants = list(
        session.scalars(
            select(Grant)
            .where(
                Grant.dossier_id == dossier.id,
                Grant.revoked_at.is_(None),
                or_(Grant.expires_at.is_(None), Grant.expires_at > utcnow()),
            )
            .options(joinedload(Grant.grantee), joinedload(Grant.internship))
            .order_by(Grant.created_at)
        )
    )
    organisations = {g.organisation_id for g in grants if g.organisation_id is not None}
    members: set[tuple] = set()
    if organisations:
        people = {dossier.owner_id} | {g.grantee_id for g in grants}
        members = set(
            session.execute(
                select(Membership.organisation_id, Membership.user_id).where(
                    Membership.organisation_id.in_(organisations),
                    Membership.user_id.in_(people),
                    Membership.active(),
                )
            ).tuples()
        )
    return [
        grant
        for grant in grants
        if (
            grant.organisation_id is None
            or {
                (grant.organisation_id, grant.grantee_id),
                (grant.organisation_id, dossier.owner_id),
            }
            <= members
        )
        and (grant.grantee.email_verified or grant.internship_id is not None)
    ]


def reports_to_sign(session: Session, user: User, grants: list[Grant]) -> list[InternshipReport]:
    """Reports waiting for this user's signature: sent for signature (ready_at), in a dossier
    whose grant lets them sign it (`signs_report`), and not signed by them since it last changed."""
    signing = {g.dossier_id: g for g in grants if may_sign(Access(owner=False, grant=g))}
    if not signing:
        return []
    reports = session.scalars(
        select(InternshipReport).where(
            InternshipReport.dossier_id.in_(signing), InternshipReport.ready_at.is_not(None)
        )
    )
    me = str(user.id)
    return [
        r
        for r in reports
        if signs_report(Access(owner=False, grant=signing[r.dossier_id]), r)
        and not any(s.get("user_id") == me for s in r.signoffs or [])
    ]


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


def composable_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    """A dossier the user may compose reports for (may_compose)."""
    dossier = viewable_dossier(session, user, dossier_id)
    if not may_compose(access_to(session, user, dossier)):
        raise NotFound("No such dossier.")
    return dossier


def viewable_report(session: Session, user: User, report_id: uuid.UUID) -> InternshipReport:
    """A report of a dossier the user sees."""
    report = session.get(InternshipReport, report_id)
    if (
        report is None
        or not access_to(session, user, _dossier(session, report.dossier_id)).sees_dossier
    ):
        raise NotFound("No such report.")
    return report


def composable_report(session: Session, user: User, report_id: uuid.UUID) -> InternshipReport:
    """A report whose text the user may change (may_compose)."""
    report = viewable_report(session, user, report_id)
    if not may_compose(access_to(session, user, _dossier(session, report.dossier_id))):
        raise NotFound("No such report.")
    return report


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
    """Originals may carry location and device data, and faces others see blurred: the owner,
    and whoever uploaded it (unless the owner hid it from them, or it shows faces that are
    blurred for others: those stay the owner's to see)."""
    if evidence.dossier.owner_id == user.id:
        return True
    return (
        evidence.created_by_id == user.id
        and _seen_by_adder(evidence)
        and not shows_blurred_faces(evidence)
    )


def shows_blurred_faces(evidence: Evidence) -> bool:
    """Others see this item with faces blurred (the owner has sharp copies of their own)."""
    return any(asset.role in SHARP_ROLES for asset in evidence.media)


def sees_sharp_copies(user: User, evidence: Evidence) -> bool:
    """Faces are blurred for everyone but the owner."""
    return evidence.dossier.owner_id == user.id


def viewable_asset(session: Session, user: User, asset_id: uuid.UUID) -> MediaAsset:
    """A stored file of an item the user sees; an original, or a copy with the faces others
    see blurred left sharp, only to whoever may see it."""
    asset = session.get(MediaAsset, asset_id)
    if asset is None:
        raise NotFound("No such file.")
    evidence = viewable_evidence(session, user, asset.evidence_id)
    if asset.role == "original" and not can_view_original(user, evidence):
        raise NotFound("No such file.")
    if asset.role in SHARP_ROLES and not sees_sharp_copies(user, evidence):
        raise NotFound("No such file.")
    return asset


def face_of_owned_evidence(session: Session, owner: User, face_id: uuid.UUID) -> Face:
    """Which faces are blurred is the owner's to see and decide, nobody else's."""
    face = session.get(Face, face_id)
    if face is None:
        raise NotFound("No such face.")
    evidence = session.get(Evidence, face.evidence_id)
    if evidence is None or evidence.dossier.owner_id != owner.id:
        raise NotFound("No such face.")
    return face


def owned_evidence(session: Session, owner: User, evidence_id: uuid.UUID) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or evidence.dossier.owner_id != owner.id:
        raise NotFound("No such evidence.")
    return evidence


def faces_stay_blurred(session: Session, owner: User) -> bool:
    """A school that requires it keeps the faces in its pupils' dossiers blurred until the
    pupil is 16 (a pupil without a known birth date counts as younger): then only the pupil's
    own marked face may stay visible."""
    schools = session.scalars(
        select(Organisation.id)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(
            Membership.user_id == owner.id,
            Membership.role == "student",
            Membership.active(),
            Organisation.blur_faces_under_16.is_(True),
        )
        .limit(1)
    ).first()
    if schools is None:
        return False
    born = owner.birth_date
    if born is None:
        return True
    today = clock.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age < 16


def conversation_dossier(session: Session, user: User, dossier_id: uuid.UUID) -> Dossier:
    """A dossier whose conversation the user takes part in."""
    dossier = viewable_dossier(session, user, dossier_id)
    if not access_to(session, user, dossier).takes_part:
        raise NotFound("No such dossier.")
    return dossier


# Things of one's own: nobody else's to read or change (others see "not found").


def owned_goal(session: Session, user: User, goal_id) -> tuple[Goal, Dossier]:
    """The development plan is the owner's alone."""
    goal = session.get(Goal, goal_id)
    dossier = session.get(Dossier, goal.dossier_id) if goal else None
    if goal is None or dossier.owner_id != user.id:
        raise NotFound("No such goal.")
    return goal, dossier


def owned_activity(session: Session, user: User, activity_id) -> tuple[Activity, Dossier]:
    """The professionalisation log is the owner's alone."""
    activity = session.get(Activity, activity_id)
    dossier = session.get(Dossier, activity.dossier_id) if activity else None
    if activity is None or dossier.owner_id != user.id:
        raise NotFound("No such activity.")
    return activity, dossier


def owned_grant(session: Session, owner: User, grant_id) -> Grant:
    """A live grant on one of the owner's dossiers: changing or revoking it is theirs."""
    grant = session.get(Grant, grant_id)
    if grant is None or grant.revoked_at is not None:
        raise NotFound("No such grant.")
    if session.get(Dossier, grant.dossier_id).owner_id != owner.id:
        raise NotFound("No such grant.")
    return grant


def owned_video_link(session: Session, owner: User, link_id) -> VideoLink:
    """A live video link of a report in one of the owner's dossiers (only the owner revokes)."""
    link = session.get(VideoLink, link_id)
    report = session.get(InternshipReport, link.report_id) if link is not None else None
    if report is None or link.revoked_at is not None:
        raise NotFound("No such link.")
    if session.get(Dossier, report.dossier_id).owner_id != owner.id:
        raise NotFound("No such link.")
    return link


def live_video_link(session: Session, token_hash: str) -> VideoLink:
    """The link a printed report's QR code opens (no account): a revoked or expired one is
    gone (410), an unknown one was never there (404)."""
    link = session.scalar(select(VideoLink).where(VideoLink.token_hash == token_hash))
    if link is None:
        raise NotFound("This link does not work.")
    if link.revoked_at is not None or link.expires_at <= utcnow():
        raise Gone("This link has been withdrawn or has expired.")
    # The video must still be one the report shows: not hidden since, nor taken out of it.
    report = session.get(InternshipReport, link.report_id)
    evidence = session.get(Evidence, link.evidence_id)
    chosen = report.evidence_ids is None or str(link.evidence_id) in report.evidence_ids
    if evidence is None or not chosen or not shared_with_others(evidence):
        raise Gone("This video is no longer shared.")
    return link


def owned_share_link(session: Session, owner: User, link_id) -> ShareLink:
    """A live link to the CV of one of the owner's dossiers."""
    link = session.get(ShareLink, link_id)
    if link is None or link.revoked_at is not None:
        raise NotFound("No such link.")
    cv = session.get(CV, link.cv_id)
    if session.get(Dossier, cv.dossier_id).owner_id != owner.id:
        raise NotFound("No such link.")
    return link


def live_share_link(session: Session, token_hash: str) -> ShareLink:
    """The link a recruiter follows (no account): a revoked or expired one is simply not
    there."""
    link = session.scalar(select(ShareLink).where(ShareLink.token_hash == token_hash))
    expired = link is not None and link.expires_at is not None and link.expires_at <= utcnow()
    if link is None or link.revoked_at is not None or expired:
        raise NotFound("This link does not work (any more).")
    return link


#: The files of a CV a recruiter may load: never the original (it may carry location data).
PUBLIC_CV_ROLES = ("thumbnail", "thumbnail_webp", "display", "display_webp", "poster", "playable")


def public_cv_asset(session: Session, cv: CV, asset_id: uuid.UUID) -> MediaAsset:
    """A file a recruiter may load: a derived file of a selected item, or the profile photo."""
    asset = session.get(MediaAsset, asset_id)
    allowed = set(cv.evidence_ids) | (
        {str(cv.photo_evidence_id)} if cv.photo_evidence_id else set()
    )
    if asset is None or asset.role not in PUBLIC_CV_ROLES or str(asset.evidence_id) not in allowed:
        raise NotFound("No such file.")
    if not shared_with_others(asset.evidence):
        raise NotFound("No such file.")
    return asset


def own_data_job(session: Session, user: User, job_id: uuid.UUID) -> DataJob:
    """An export or import is seen by the person who asked for it only."""
    job = session.get(DataJob, job_id)
    if job is None or job.user_id != user.id:
        raise NotFound("No such job.")
    return job


def own_upload(session: Session, user: User, upload_id: uuid.UUID) -> ResumableUpload:
    """A resumable upload is continued by the person who started it only."""
    upload = session.get(ResumableUpload, upload_id)
    if upload is None or upload.user_id != user.id:
        raise NotFound("No such upload.")
    return upload


def own_access_token(session: Session, user: User, token_id) -> AccessToken:
    token = session.get(AccessToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    return token


# --- organisations ------------------------------------------------------------------------
# Being a member gives no access to anyone's dossier; it lets members see each other, and an
# administrator ask people to join or end their membership.


def active_membership(session: Session, user: User, organisation_id) -> Membership | None:
    return session.scalar(
        select(Membership).where(
            Membership.organisation_id == organisation_id,
            Membership.user_id == user.id,
            Membership.active(),
        )
    )


def member_organisation(session: Session, user: User, organisation_id) -> Organisation:
    """An organisation the user belongs to (others are 'not found')."""
    if active_membership(session, user, organisation_id) is None:
        raise NotFound("No such organisation.")
    return session.get(Organisation, organisation_id)


def require_administrator(session: Session, user: User, organisation_id) -> None:
    membership = active_membership(session, user, organisation_id)
    if membership is None:
        raise NotFound("No such organisation.")
    if membership.role != "administrator":
        raise Forbidden("Only an administrator of the organisation can do this.")


def offered_membership(session: Session, user: User, membership_id) -> Membership:
    """A membership waiting for this user's answer (anyone else's is 'not found')."""
    membership = session.get(Membership, membership_id)
    if (
        membership is None
        or membership.user_id != user.id
        or membership.ended_at is not None
        or membership.accepted_at is not None
    ):
        raise NotFound("No such membership.")
    return membership


def endable_membership(session: Session, actor: User, membership_id) -> Membership:
    """One's own membership (leaving), or one an administrator of its organisation ends."""
    membership = session.get(Membership, membership_id)
    if membership is None or membership.ended_at is not None:
        raise NotFound("No such membership.")
    if membership.user_id != actor.id:
        require_administrator(session, actor, membership.organisation_id)
    return membership


# --- competency frameworks ----------------------------------------------------------------


def visible_frameworks_condition(session: Session, user: User) -> ColumnElement[bool]:
    """Published frameworks (built in or imported) are open to everyone. A learning line made
    in the app is its maker's, and readable by whoever sees a dossier that uses it."""
    used = select(DossierFramework.framework_id).where(
        DossierFramework.dossier_id.in_(granted_dossier_ids(session, user))
    )
    return or_(
        Framework.private.is_(False), Framework.created_by_id == user.id, Framework.id.in_(used)
    )


def public_frameworks_condition() -> ColumnElement[bool]:
    """What anyone may read without an account (the CASE 1.0 API this instance serves):
    built-in and imported frameworks. A learning line made in the app, or copied in with a
    dossier, is private and never shows there."""
    return Framework.private.is_(False)


def may_change_framework(user_id: uuid.UUID | None, framework: Framework) -> bool:
    """A framework made in the app (or brought in) is changed by its maker only; a built-in
    one by nobody (the administrator syncs it)."""
    return not framework.is_builtin and framework.created_by_id == user_id


def require_framework_maker(user: User, framework: Framework) -> None:
    if not may_change_framework(user.id, framework):
        raise Forbidden("Only the person who made this framework can change it.")


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
#: An internship of the dossier changed: its pupil, its proposer and its supervisor hear it.
INTERNSHIP_EVENT = "internship_changed"


def current_access(session: Session, user: User, dossier: Dossier) -> Access:
    """Worked out afresh (not from the request's cache): a live stream outlasts grants, and
    workplace links."""
    link = request_link(session)
    if link is not None and not link_alive(session, link):
        return Access(owner=False)
    if dossier.owner_id == user.id and link is None:
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
        return access.takes_part
    if kind == "report_changed":  # reports are read by whoever sees the dossier
        return True
    if kind == INTERNSHIP_EVENT:  # for the people it names (_readers), never anyone else
        return readers is not None
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


# --- workplace links ------------------------------------------------------------------------
# A supervisor at an internship opens a mailed link (bound to their address and one
# internship) and confirms it with a code mailed to the same address. The browser session that
# starts then (LoginSession.workplace_link_id) counts only while the link lives; in it only the
# grant of the link's internship counts (so only its pupil's dossier, never one's own), and
# only what LINK_SESSION_ALLOWS names may be asked for: everything else needs an account.

#: What a link session may ask for: endpoint → the methods allowed (None: every method; the
#: policy above still decides per dossier and item). Tokens, exports and imports,
#: organisations, the CV, growth, changing frameworks, the password and deleting the account
#: are not here: they need an account.
LINK_SESSION_ALLOWS: dict[str, frozenset[str] | None] = {
    "me.me": None,
    "me.update_me": None,  # name and language
    "auth.logout": None,
    "live.my_events": None,
    "live.dossier_events": None,
    "people.shared_dossiers": None,
    "people.Notifications": None,
    "people.NotificationSettings": None,
    "people.push_key": None,
    "people.PushSubscriptions": None,
    "evidence.DossierEvidence": None,
    "evidence.EvidenceItem": None,
    "evidence.retry": None,
    "media.media_file": None,
    "uploads.discover": None,
    "uploads.create": None,
    "uploads.upload": None,
    "reflections.EvidenceReflections": None,
    "reflections.ReflectionItem": None,
    "reflections.Messages": None,
    "reflections.post_attachment": None,
    "reflections.participants": None,
    "reflections.Perspectives": None,
    "reports.Reports": None,
    "reports.ReportItem": None,
    "reports.pdf": None,
    "reports.preview": None,
    "reports.sign_off": None,
    "competencies.dossier_coverage": None,
    "competencies.evidence_for_competency": None,
    "competencies.DossierFrameworks": READ_METHODS,
    "competencies.Frameworks": READ_METHODS,
    "competencies.framework_detail": None,
    "competencies.search": None,
    "workplace.make_account": None,
}


def link_session_allows(endpoint: str | None, method: str) -> bool:
    """May a workplace link session make this request (by the endpoint that answers it)?"""
    if endpoint not in LINK_SESSION_ALLOWS:
        return False
    methods = LINK_SESSION_ALLOWS[endpoint]
    return methods is None or method in methods


def request_link(session: Session) -> WorkplaceLink | None:
    """The workplace link this request's session was opened with (None: a usual login)."""
    link_id = g.get("workplace_link_id") if has_request_context() else None
    return session.get(WorkplaceLink, link_id) if link_id is not None else None


def own_dossier_reachable(session: Session) -> bool:
    """One's own dossier is out of reach in a link session (it reaches the pupil's only)."""
    return request_link(session) is None


def _within_link(session: Session, dossier_id: uuid.UUID) -> bool:
    """Outside a link session everything is; inside it only the link's pupil's dossier."""
    link = request_link(session)
    return link is None or session.get(Internship, link.internship_id).dossier_id == dossier_id


def link_grant(session: Session, link: WorkplaceLink) -> Grant | None:
    """The live grant the link's internship gave its supervisor."""
    internship = session.get(Internship, link.internship_id)
    return session.scalar(
        select(Grant).where(
            Grant.internship_id == internship.id,
            Grant.dossier_id == internship.dossier_id,
            Grant.grantee_id == link.user_id,
            Grant.revoked_at.is_(None),
            or_(Grant.expires_at.is_(None), Grant.expires_at > utcnow()),
        )
    )


def link_alive(session: Session, link: WorkplaceLink) -> bool:
    """A link works while it is not revoked nor expired, its internship is approved and the
    internship's grant to the supervisor is active."""
    return (
        link.revoked_at is None
        and link.expires_at > utcnow()
        and session.get(Internship, link.internship_id).status == "approved"
        and link_grant(session, link) is not None
    )


def live_workplace_link(session: Session, token_hash: str) -> WorkplaceLink:
    """The link a supervisor opens. Unknown, revoked (revoking the grant revokes its links)
    or its internship ended: not found; past its time (the link's or the grant's): expired,
    so the supervisor knows to ask for a new one."""
    link = session.scalar(select(WorkplaceLink).where(WorkplaceLink.token_hash == token_hash))
    if (
        link is None
        or link.revoked_at is not None
        or session.get(Internship, link.internship_id).status != "approved"
    ):
        raise NotFound("This link does not work (any more).")
    if not link_alive(session, link):
        raise Invalid("This link has expired; ask the coordinator for a new one.", code="expired")
    return link


def visible_notifications_condition(session: Session) -> ColumnElement[bool]:
    """In a link session only what concerns the link's pupil's dossier reaches the bell."""
    link = request_link(session)
    if link is None:
        return true()
    return Notification.dossier_id == session.get(Internship, link.internship_id).dossier_id
