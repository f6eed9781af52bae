"""My people: everyone whose dossier the user supports, with what is new and what waits.

Someone supports a person when an active grant opens that person's dossier to them. For each
such dossier the caseload tells what is new since the user last opened it (DossierVisit; the
start of the grant when they never did) and what asks for them:

- new: evidence, reflections and messages by others that the user may see (app.access:
  an item awaiting the owner's review is its adder's only, coaching stays between coach
  and owner, a limited grant sees its part only; messages only to those in the conversation);
- to sign: reports sent for signature that the user may sign and has not signed yet;
- to review: new evidence the user may reflect on and has not reflected on yet;
- a question: the newest message the user may read is not theirs, and it mentions them, or
  ends with "?" without mentioning anyone else. Answering (any message of theirs) closes it.

Every figure comes from a fixed number of queries, however many people: a page of 500
dossiers costs what a page of 5 does, plus the rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from app import access
from app.access import Access
from app.accounts.models import User
from app.db import db, utcnow
from app.dossiers.models import Dossier, Evidence, Message, Reflection
from app.events import broker
from app.people.models import (
    DossierEvent,
    DossierVisit,
    Grant,
    Internship,
    Membership,
    Organisation,
)
from media.models import MediaAsset

#: What the people someone supports are called, by the role they have towards them.
KIND_OF_ROLE = {
    "coordinator": "pupils",
    "teacher": "pupils",
    "employer": "interns",
    "coach": "coachees",
    "mentor": "coachees",
}
THUMBNAIL_ROLES = ("thumbnail", "thumbnail_webp")
PAGE_SIZE = 30


@dataclass
class Filters:
    q: str = ""
    organisation_id: uuid.UUID | None = None
    group: str = ""
    workplace: str = ""


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose dossier it is: what a row shows of them."""

    id: uuid.UUID
    display_name: str


@dataclass
class Person:
    """One row of the caseload."""

    dossier_id: uuid.UUID
    owner: Owner
    grant: Grant
    last_visit_at: datetime | None = None
    new_evidence: int = 0
    new_reflections: int = 0
    new_messages: int = 0
    to_review: int = 0
    to_sign: int = 0
    question: bool = False
    organisations: list[dict] = field(default_factory=list)
    internship: Internship | None = None
    photo: dict = field(default_factory=dict)

    @property
    def role(self) -> str:
        return self.grant.role

    @property
    def new(self) -> dict:
        return {"evidence": self.new_evidence, "reflections": self.new_reflections,
                "messages": self.new_messages}  # fmt: skip

    @property
    def open(self) -> dict:
        return {"to_sign": self.to_sign, "to_review": self.to_review, "question": self.question}

    @property
    def open_requests(self) -> int:
        return self.to_sign + self.to_review + int(self.question)

    @property
    def news(self) -> int:
        return self.new_evidence + self.new_reflections + self.new_messages


@dataclass
class Page:
    items: list[Person]
    total: int
    next_offset: int | None
    kind: str | None
    organisations: list[dict]
    groups: list[str]
    workplaces: list[str]


def kind_of(grants: list[Grant]) -> str | None:
    """pupils, interns, coachees, or people when the roles are mixed; None: nobody."""
    kinds = {KIND_OF_ROLE.get(g.role, "people") for g in grants}
    if not kinds:
        return None
    return kinds.pop() if len(kinds) == 1 else "people"


def caseload_kind(session: Session, user: User) -> str | None:
    return kind_of([grant for grant, *_owner in access.supported_owners(session, user)])


def caseload(
    session: Session, user: User, filters: Filters, *, limit: int = PAGE_SIZE, offset: int = 0
) -> Page:
    """A page of the people the user supports: open requests first, then news, then by name."""
    # Hundreds of rows: the owners as columns, not loaded people (nor their dossiers).
    supported = access.supported_owners(session, user)
    people = [Person(g.dossier_id, Owner(i, name), g) for g, i, name in supported]
    _add_organisations(session, user, people)
    _add_internships(session, user, people)
    facets = _facets(people)
    people = [p for p in people if _matches(p, filters)]
    _add_counts(session, user, people)
    people.sort(key=lambda p: (not p.open_requests, not p.news, p.owner.display_name.casefold()))
    shown = people[offset : offset + limit]
    _add_photos(session, user, shown)
    more = offset + limit < len(people)
    return Page(
        items=shown,
        total=len(people),
        next_offset=offset + limit if more else None,
        kind=kind_of([g for g, *_owner in supported]),
        **facets,
    )


def _add_organisations(session: Session, user: User, people: list[Person]) -> None:
    """The organisations both belong to, with the person's group in each."""
    mine, theirs = aliased(Membership), aliased(Membership)
    rows = session.execute(
        select(theirs.user_id, Organisation.id, Organisation.name, theirs.group_name)
        .join(mine, mine.organisation_id == theirs.organisation_id)
        .join(Organisation, Organisation.id == theirs.organisation_id)
        .where(
            mine.user_id == user.id,
            mine.accepted_at.is_not(None),
            mine.ended_at.is_(None),
            theirs.user_id.in_({p.owner.id for p in people}),
            theirs.accepted_at.is_not(None),
            theirs.ended_at.is_(None),
        )
        .order_by(Organisation.name)
    )
    shared: dict[uuid.UUID, list[dict]] = {}
    for owner_id, organisation_id, name, group in rows:
        shared.setdefault(owner_id, []).append({"id": organisation_id, "name": name,
                                                "group": group})  # fmt: skip
    for person in people:
        person.organisations = shared.get(person.owner.id, [])


def _add_internships(session: Session, user: User, people: list[Person]) -> None:
    """The approved internship of each that the reader may see (access.py: one they proposed
    or supervise), the latest to start when there are several."""
    by_dossier = {p.dossier_id: p for p in people}
    rows = session.scalars(
        select(Internship)
        .where(Internship.dossier_id.in_(by_dossier), Internship.status == "approved")
        .where(access.supported_internships_condition(user))
        .order_by(Internship.starts_on)
    )
    for internship in rows:
        by_dossier[internship.dossier_id].internship = internship


def _facets(people: list[Person]) -> dict:
    """What the filters offer: the organisations, groups and workplaces of all of them."""
    organisations = {o["id"]: o["name"] for p in people for o in p.organisations}
    groups = {o["group"] for p in people for o in p.organisations if o["group"]}
    workplaces = {p.internship.workplace for p in people if p.internship}
    return {
        "organisations": [{"id": i, "name": n} for i, n in sorted(organisations.items(),
                                                                  key=lambda x: x[1])],
        "groups": sorted(groups, key=str.casefold),
        "workplaces": sorted(workplaces, key=str.casefold),
    }  # fmt: skip


def _matches(person: Person, filters: Filters) -> bool:
    if filters.q and filters.q.casefold() not in person.owner.display_name.casefold():
        return False
    memberships = [
        o
        for o in person.organisations
        if filters.organisation_id in (None, o["id"]) and filters.group in ("", o["group"])
    ]
    if (filters.organisation_id or filters.group) and not memberships:
        return False
    return not filters.workplace or (
        person.internship is not None and person.internship.workplace == filters.workplace
    )


def _add_counts(session: Session, user: User, people: list[Person]) -> None:
    if not people:
        return
    by_dossier = {p.dossier_id: p for p in people}
    grants = [p.grant for p in people]
    grant_ids = [g.id for g in grants]
    # All of the user's visits: a few more rows than the page's, but no list of dossiers.
    visits = session.execute(
        select(DossierVisit.dossier_id, DossierVisit.seen_at).where(DossierVisit.user_id == user.id)
    )
    for dossier_id, seen_at in visits:
        if dossier_id in by_dossier:
            by_dossier[dossier_id].last_visit_at = seen_at

    def since(dossier_id):
        """Joins that give each row's dossier its moment: the last visit, else the grant."""
        return (
            lambda query: query.join(
                Grant, and_(Grant.dossier_id == dossier_id, Grant.id.in_(grant_ids))
            ).outerjoin(
                DossierVisit,
                and_(DossierVisit.dossier_id == dossier_id, DossierVisit.user_id == user.id),
            ),
            func.coalesce(DossierVisit.seen_at, Grant.created_at),
        )

    visible = access.visible_evidence_of_grants(grants, user)
    reflecting = [g.dossier_id for g in grants if Access(owner=False, grant=g).has("reflect")]
    talking = [g.dossier_id for g in grants if Access(owner=False, grant=g).takes_part]
    reader = Access(owner=False)

    join, moment = since(Evidence.dossier_id)
    # Not correlated: the user's reflections are looked up once, not once per item.
    reflected = select(Reflection.evidence_id).where(
        Reflection.author_id == user.id, Reflection.withdrawn_at.is_(None)
    )
    to_review = and_(Evidence.dossier_id.in_(reflecting), Evidence.id.not_in(reflected))
    rows = session.execute(
        join(select(Evidence.dossier_id, func.count(), func.count().filter(to_review)))
        .where(
            visible,
            _by_others(Evidence.created_by_id, user),
            # An item added for the owner is new to others once the owner kept it.
            func.coalesce(Evidence.reviewed_at, Evidence.created_at) > moment,
        )
        .group_by(Evidence.dossier_id)
    )
    for dossier_id, new, review in rows:
        by_dossier[dossier_id].new_evidence = new
        by_dossier[dossier_id].to_review = review

    rows = session.execute(
        join(
            select(Evidence.dossier_id, func.count())
            .select_from(Reflection)
            .join(Evidence, Evidence.id == Reflection.evidence_id)
        )
        .where(
            visible,
            access.readable_reflections_condition(reader, user),
            Reflection.withdrawn_at.is_(None),
            _by_others(Reflection.author_id, user),
            Reflection.created_at > moment,
        )
        .group_by(Evidence.dossier_id)
    )
    for dossier_id, new in rows:
        by_dossier[dossier_id].new_reflections = new

    if talking:
        readable = and_(
            Message.dossier_id.in_(talking),
            access.readable_messages_condition(reader, user),
        )
        join, moment = since(Message.dossier_id)
        rows = session.execute(
            join(select(Message.dossier_id, func.count()))
            .where(readable, _by_others(Message.author_id, user), Message.created_at > moment)
            .group_by(Message.dossier_id)
        )
        for dossier_id, new in rows:
            by_dossier[dossier_id].new_messages = new
        newest = _newest_ids(Message, readable, Message.created_at)
        rows = session.execute(
            select(Message.dossier_id, Message.author_id, Message.mentions, Message.body).where(
                Message.id.in_(newest)
            )
        )
        for row in rows:  # what `asks` reads, not loaded messages
            by_dossier[row.dossier_id].question = asks(row, user)

    for report in access.reports_to_sign(session, user, grants):
        by_dossier[report.dossier_id].to_sign += 1


def _by_others(author_column, user: User):
    return or_(author_column.is_(None), author_column != user.id)


def _newest_ids(model, condition, order):
    """The ids of the newest row per dossier that fits the condition (a subquery)."""
    rank = (
        func.row_number()
        .over(partition_by=model.dossier_id, order_by=(order.desc(), model.id.desc()))
        .label("rank")
    )
    ranked = select(model.id, rank).where(condition).subquery()
    return select(ranked.c.id).where(ranked.c.rank == 1)


def _newest(session: Session, model, condition, order):
    """The newest row per dossier that fits the condition, in one query."""
    return session.scalars(
        select(model).where(model.id.in_(_newest_ids(model, condition, order)))
    ).all()


def asks(message: Message, user: User) -> bool:
    """Is this (the newest) message an open question to the user? It is someone else's, and
    it mentions them, or it ends with a question mark and mentions nobody else."""
    if message.author_id == user.id:
        return False
    mentions = set(message.mentions or [])
    if str(user.id) in mentions:
        return True
    return not mentions and message.body.rstrip().endswith("?")


def _add_photos(session: Session, user: User, people: list[Person]) -> None:
    """A face for each: the thumbnail of the newest photo the user may see of them."""
    if not people:
        return
    by_dossier = {p.dossier_id: p for p in people}
    visible = access.visible_evidence_of_grants([p.grant for p in people], user)
    photos = _newest(
        session,
        Evidence,
        and_(visible, Evidence.kind == "photo", Evidence.status == "ready"),
        Evidence.occurred_at,
    )
    dossier_of = {e.id: e.dossier_id for e in photos}
    if not dossier_of:
        return
    assets = session.scalars(
        select(MediaAsset).where(
            MediaAsset.evidence_id.in_(dossier_of), MediaAsset.role.in_(THUMBNAIL_ROLES)
        )
    )
    for asset in assets:
        by_dossier[dossier_of[asset.evidence_id]].photo[asset.role] = asset


# --- visits ---------------------------------------------------------------------------------


def record_visit(session: Session, user: User, dossier: Dossier) -> None:
    """The user opened someone else's dossier: what is there now is no longer new to them."""
    if dossier.owner_id == user.id:
        return
    now = utcnow()
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[
        session.get_bind().dialect.name
    ]
    statement = insert(DossierVisit).values(
        id=uuid.uuid4(), user_id=user.id, dossier_id=dossier.id, seen_at=now
    )
    # One statement, so two tabs opening the dossier at once cannot both insert.
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[DossierVisit.user_id, DossierVisit.dossier_id],
            set_={"seen_at": statement.excluded.seen_at},
        )
    )
    user_id = user.id
    db.after_commit(lambda: broker.notify(user_id))  # the caseload on the user's other devices


# --- live -----------------------------------------------------------------------------------


@dataclass
class Pulse:
    """What a live stream needs to tell whether the caseload changed."""

    #: The newest event looked at, in the dossiers the user supports.
    seq: int
    #: Something happened after the stream's last seq that the user may hear of.
    news: bool
    #: Whose dossiers the user supports and when they last opened one (another device).
    standing: tuple


def pulse(session: Session, user: User, after: int, limit: int = 200, listening=None) -> Pulse:
    """Events after `after` in the dossiers the user supports, filtered by the policy
    (`event_visible`): a listener hears only of what it may see, and of no other dossier.
    `listening` is told the ids of those dossiers before their events are looked up."""
    supported = {d.id: (g, d) for g, d in access.supported_dossiers(session, user)}
    if listening is not None:
        listening(set(supported))
    last_visit = session.scalar(
        select(func.max(DossierVisit.seen_at)).where(DossierVisit.user_id == user.id)
    )
    standing = (tuple(sorted(str(g.id) for g, _d in supported.values())), str(last_visit))
    if not supported:
        return Pulse(seq=after, news=False, standing=standing)
    events = session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id.in_(supported), DossierEvent.seq > after)
        .order_by(DossierEvent.seq)
        .limit(limit)
    ).all()
    news = False
    for event in events:
        grant, dossier = supported[event.dossier_id]
        listener = Access(owner=False, grant=grant)
        if access.event_visible(session, user, dossier, listener, event.kind, event.payload):
            news = True
            break
    return Pulse(seq=events[-1].seq if events else after, news=news, standing=standing)


def last_seq(session: Session) -> int:
    """Where a new stream starts: now (the app loads the caseload itself)."""
    return session.scalar(select(func.coalesce(func.max(DossierEvent.seq), 0)))
