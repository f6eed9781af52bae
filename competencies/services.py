"""Using frameworks: the dossier's choice, links from evidence, search, custom learning
lines, and the coverage matrix."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, bindparam, case, func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import True_

from app import events
from app.access import visible_frameworks_condition
from app.accounts.models import User
from app.db import utcnow
from app.dossiers.models import Dossier, Evidence, Reflection
from app.errors import Invalid, NotFound
from competencies import search
from competencies.case import now_iso, tree_association_id, tree_order
from competencies.models import (
    DossierFramework,
    EvidenceLink,
    Framework,
    FrameworkItem,
    FrameworkRubric,
)

# --- frameworks -----------------------------------------------------------------------


def visible_to(session: Session, user: User) -> ColumnElement[bool]:
    return visible_frameworks_condition(session, user)


def list_frameworks(session: Session, user: User) -> list[tuple[Framework, int]]:
    """Every framework the user may see, with its number of live items."""
    counts = (
        select(FrameworkItem.framework_id, func.count().label("n"))
        .where(FrameworkItem.retired_at.is_(None))
        .group_by(FrameworkItem.framework_id)
        .subquery()
    )
    rows = session.execute(
        select(Framework, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.framework_id == Framework.id)
        .where(visible_to(session, user))
        .order_by(Framework.is_builtin.desc(), Framework.title)
    )
    return [(framework, count) for framework, count in rows]


def get_framework(session: Session, framework_id: uuid.UUID, user: User) -> Framework:
    framework = session.scalar(
        select(Framework).where(Framework.id == framework_id, visible_to(session, user))
    )
    if framework is None:
        raise NotFound("No such framework.")
    return framework


def require_items(session: Session, user: User, values, field: str) -> list[str]:
    """The ids (as strings, without repeats) of competencies the user can read; any other id
    is refused, named under `field`."""
    ids = list(dict.fromkeys(str(v) for v in values or []))
    if ids:
        found = {
            str(i)
            for i in session.scalars(
                select(FrameworkItem.id)
                .join(Framework, Framework.id == FrameworkItem.framework_id)
                .where(FrameworkItem.id.in_([uuid.UUID(i) for i in ids]), visible_to(session, user))
            )
        }
        if missing := [i for i in ids if i not in found]:
            raise Invalid("No such competency.", {field: [f"Unknown: {', '.join(missing)}."]})
    return ids


def get_item(session: Session, item_id: uuid.UUID, user: User) -> FrameworkItem:
    item = session.scalar(
        select(FrameworkItem)
        .join(Framework, Framework.id == FrameworkItem.framework_id)
        .where(FrameworkItem.id == item_id, visible_to(session, user))
    )
    if item is None:
        raise NotFound("No such competency.")
    return item


def rating_levels(session: Session, framework_id: uuid.UUID) -> list[dict]:
    """The framework's rating scale: the levels of its first rubric criterion, in order."""
    rubrics = session.scalars(
        select(FrameworkRubric).where(FrameworkRubric.framework_id == framework_id)
    )
    for rubric in rubrics:
        for criterion in rubric.data.get("CFRubricCriteria", []):
            levels = criterion.get("CFRubricCriterionLevels", [])
            if levels:
                return sorted(levels, key=lambda level: level.get("position", 0))
    return []


def live_items(framework: Framework) -> list[FrameworkItem]:
    return [i for i in framework.items if i.retired_at is None]


# --- the dossier's frameworks ---------------------------------------------------------


def dossier_frameworks(session: Session, dossier: Dossier) -> list[Framework]:
    return list(
        session.scalars(
            select(Framework)
            .join(DossierFramework, DossierFramework.framework_id == Framework.id)
            .where(DossierFramework.dossier_id == dossier.id)
            .order_by(Framework.title)
        )
    )


def set_dossier_frameworks(
    session: Session, owner: User, dossier: Dossier, framework_ids: list[uuid.UUID]
) -> list[Framework]:
    wanted = set(framework_ids)
    found = set(
        session.scalars(
            select(Framework.id).where(Framework.id.in_(wanted), visible_to(session, owner))
        )
    )
    missing = wanted - found
    if missing:
        raise Invalid(
            "Some frameworks do not exist.",
            {"framework_ids": [f"Unknown: {', '.join(sorted(str(m) for m in missing))}"]},
        )
    current = {
        row.framework_id: row
        for row in session.scalars(
            select(DossierFramework).where(DossierFramework.dossier_id == dossier.id)
        )
    }
    for framework_id, row in current.items():
        if framework_id not in wanted:
            session.delete(row)
    for framework_id in wanted - set(current):
        session.add(DossierFramework(dossier_id=dossier.id, framework_id=framework_id))
    session.flush()
    return dossier_frameworks(session, dossier)


# --- links ----------------------------------------------------------------------------


def link_evidence(
    session: Session, actor: User, evidence: Evidence, item: FrameworkItem, note: str = ""
) -> EvidenceLink:
    """Link evidence to a competency; linking again updates the note."""
    if item.retired_at is not None:
        raise Invalid(
            "This competency is no longer part of its framework.",
            {"item_id": ["Retired competency."]},
            code="retired_competency",
        )
    link = session.scalar(
        select(EvidenceLink).where(
            EvidenceLink.evidence_id == evidence.id, EvidenceLink.item_id == item.id
        )
    )
    if link is None:
        link = EvidenceLink(evidence_id=evidence.id, item=item, created_by_id=actor.id)
        try:
            with session.begin_nested():
                session.add(link)
                session.flush()
        except IntegrityError:  # linked at the same moment by another request
            link = session.scalar(
                select(EvidenceLink).where(
                    EvidenceLink.evidence_id == evidence.id, EvidenceLink.item_id == item.id
                )
            )
    link.note = note.strip()
    session.flush()
    # Who has the item or the coverage open sees the link (and the progress) at once.
    events.publish(session, evidence.dossier_id, "evidence_updated", {"id": str(evidence.id)})
    return link


def unlink_evidence(session: Session, evidence: Evidence, item_id: uuid.UUID) -> None:
    link = session.scalar(
        select(EvidenceLink).where(
            EvidenceLink.evidence_id == evidence.id, EvidenceLink.item_id == item_id
        )
    )
    if link is None:
        raise NotFound("This evidence is not linked to that competency.")
    session.delete(link)
    session.flush()
    events.publish(session, evidence.dossier_id, "evidence_updated", {"id": str(evidence.id)})


#: Built once: every timeline page runs it, and composing it took more than running it.
_LINKS_OF_ITEMS = (
    select(EvidenceLink, FrameworkItem)
    .join(FrameworkItem, FrameworkItem.id == EvidenceLink.item_id)
    .where(EvidenceLink.evidence_id.in_(bindparam("evidence_ids", expanding=True)))
    .order_by(FrameworkItem.human_code, FrameworkItem.full_statement)
)


def links_for(session: Session, evidence_ids: list[uuid.UUID]) -> dict[uuid.UUID, list]:
    """Links of several evidence items in one query (for timelines and detail views)."""
    if not evidence_ids:
        return {}
    out: dict[uuid.UUID, list] = {}
    for link, item in session.execute(_LINKS_OF_ITEMS, {"evidence_ids": list(evidence_ids)}):
        out.setdefault(link.evidence_id, []).append((link, item))
    return out


def evidence_for_item(
    session: Session, dossier: Dossier, item: FrameworkItem, visible=None
) -> list[Evidence]:
    return list(
        session.scalars(
            select(Evidence)
            .join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
            .where(Evidence.dossier_id == dossier.id, EvidenceLink.item_id == item.id)
            .where(visible if visible is not None else true())
            .order_by(Evidence.occurred_at.desc(), Evidence.id.desc())
        )
    )


# --- search ---------------------------------------------------------------------------


def search_items(
    session: Session,
    user: User,
    query: str,
    *,
    framework_ids: list[uuid.UUID] | None = None,
    chosen_framework_ids: list[uuid.UUID] | None = None,
    limit: int = 30,
) -> list[FrameworkItem]:
    """Competencies whose code starts with the query or whose text holds every word of it
    (Dutch stems, accents and case ignored), best first; see competencies.search.

    `framework_ids` limits the search; items of `chosen_framework_ids` come before the rest.
    """
    if not search.query_words(query) and not search.code_prefix(query):
        return []
    found = search.found(session.connection(), query)
    statement = (
        select(FrameworkItem)
        .join(found, found.c.item_id == FrameworkItem.id)
        .join(Framework, Framework.id == FrameworkItem.framework_id)
        .where(FrameworkItem.retired_at.is_(None), visible_to(session, user))
    )
    if framework_ids:
        statement = statement.where(FrameworkItem.framework_id.in_(framework_ids))
    chosen_first = (
        [case((FrameworkItem.framework_id.in_(chosen_framework_ids), 0), else_=1)]
        if chosen_framework_ids
        else []
    )
    statement = statement.order_by(
        *chosen_first,
        search.code_order(query),
        found.c.score,
        # Then short statements: "op tijd" should find "Op tijd komen" before prose.
        func.length(FrameworkItem.full_statement),
        FrameworkItem.human_code,
        FrameworkItem.id,
    ).limit(limit)
    return list(session.scalars(statement))


# --- custom frameworks (learning lines made in the app) -------------------------------


def create_framework(
    session: Session, actor: User, *, title: str, language: str = "nl", description: str = ""
) -> Framework:
    framework = Framework(
        identifier=str(uuid.uuid4()),
        title=title.strip(),
        language=language,
        description=description.strip(),
        creator=actor.display_name,
        created_by_id=actor.id,
        private=True,
        last_change=now_iso(),
    )
    session.add(framework)
    session.flush()
    return framework


def publish_framework(session: Session, framework: Framework, public: bool) -> Framework:
    framework.private = not public
    framework.last_change = now_iso()
    session.flush()
    return framework


def add_item(
    session: Session,
    framework: Framework,
    *,
    full_statement: str,
    human_code: str = "",
    item_type: str = "",
    parent_id: uuid.UUID | None = None,
    position: int | None = None,
) -> FrameworkItem:
    parent = _parent_in(session, framework, parent_id)
    siblings = _siblings(framework, parent)
    identifier = str(uuid.uuid4())
    item = FrameworkItem(
        framework=framework,
        identifier=identifier,
        parent_association=tree_association_id(identifier),
        full_statement=full_statement.strip(),
        human_code=human_code.strip(),
        item_type=item_type.strip(),
        language=framework.language,
        parent=parent,
        last_change=now_iso(),
        keywords=[],
        extra={},
    )
    session.add(item)
    _insert_at(siblings, item, position)
    search.refresh(item)
    framework.last_change = now_iso()
    session.flush()
    return item


def update_item(session: Session, item: FrameworkItem, changes: dict) -> FrameworkItem:
    framework = item.framework
    for key in ("full_statement", "human_code", "item_type"):
        if key in changes:
            setattr(item, key, changes[key].strip())
    if "parent_id" in changes or "position" in changes:
        parent = (
            _parent_in(session, framework, changes["parent_id"])
            if "parent_id" in changes
            else item.parent
        )
        node = parent
        while node is not None:  # moving under itself would make a cycle
            if node.id == item.id:
                raise Invalid(
                    "A competency cannot be moved under itself.", {"parent_id": ["Cycle."]}
                )
            node = node.parent
        old_siblings = _siblings(framework, item.parent)
        if item in old_siblings:
            old_siblings.remove(item)
            _renumber(old_siblings)
        item.parent = parent
        _insert_at(_siblings(framework, parent, excluding=item), item, changes.get("position"))
    item.last_change = now_iso()
    search.refresh(item)
    framework.last_change = now_iso()
    session.flush()
    return item


def retire_item(session: Session, item: FrameworkItem) -> None:
    """Retired, not deleted: evidence that shows it keeps its link."""
    item.retired_at = utcnow()
    siblings = _siblings(item.framework, item.parent, excluding=item)
    _renumber(siblings)
    session.flush()


def _parent_in(session: Session, framework: Framework, parent_id) -> FrameworkItem | None:
    if parent_id is None:
        return None
    parent = session.get(FrameworkItem, parent_id)
    if parent is None or parent.framework_id != framework.id or parent.retired_at is not None:
        raise Invalid("The parent is not part of this framework.", {"parent_id": ["Unknown."]})
    return parent


def _siblings(framework: Framework, parent, excluding=None) -> list[FrameworkItem]:
    parent_id = parent.id if parent is not None else None
    return sorted(
        (
            i
            for i in framework.items
            if i.parent_id == parent_id and i.retired_at is None and i is not excluding
            and (parent is not None or i.parent is None)
        ),
        key=lambda i: i.position,
    )  # fmt: skip


def _insert_at(siblings: list[FrameworkItem], item: FrameworkItem, position: int | None) -> None:
    """position is 1-based; None or too large means at the end."""
    index = len(siblings) if position is None else max(0, min(position - 1, len(siblings)))
    siblings.insert(index, item)
    _renumber(siblings)


def _renumber(siblings: list[FrameworkItem]) -> None:
    for number, sibling in enumerate(siblings, start=1):
        sibling.position = number


# --- coverage -------------------------------------------------------------------------


#: The newest item of a competency shown by at most this many items of a dossier is found
#: among its own links (one lookup of each item's time). One shown more often is found by
#: walking the timeline, newest first, until an item shows it: on average (dossier size /
#: its links) steps, at most WALK_STEPS, after which its links are looked at after all (a
#: competency shown often, but only long ago).
FEW_LINKS = 100
WALK_STEPS = 5000


def _newest_per_item(
    session: Session, dossier: Dossier, counts: dict, visible: ColumnElement[bool]
) -> dict[uuid.UUID, Evidence]:
    """The newest visible evidence of each competency that has any: one statement, planned
    once (not once per competency), a short index-driven look per competency."""
    if not counts:
        return {}
    item = FrameworkItem.id
    among_links = _newest_among_links(dossier, item, visible)
    often = [item_id for item_id, count in counts.items() if count > FEW_LINKS]
    newest = case(
        (item.in_(often), func.coalesce(_newest_along_timeline(dossier, item, visible),
                                        among_links)),
        else_=among_links,
    ) if often else among_links  # fmt: skip
    # The LIMIT (one row per competency anyway) keeps the looks a subquery of their own, so
    # the evidence is then fetched by key, not joined by hashing the whole table.
    found = (
        select(item.label("item_id"), newest.label("evidence_id"))
        .where(item.in_(list(counts)))
        .limit(len(counts))
        .subquery()
    )
    rows = session.execute(
        select(found.c.item_id, Evidence).join(Evidence, Evidence.id == found.c.evidence_id)
    )
    return dict(rows.tuples().all())


def _newest_among_links(dossier: Dossier, item, visible) -> ColumnElement:
    # Each link's time as a correlated lookup by primary key: a join would let the planner
    # read the whole evidence table to save a few hundred lookups. No time: not visible.
    moment = (
        select(Evidence.occurred_at)
        .where(Evidence.id == EvidenceLink.evidence_id, visible)
        .scalar_subquery()
    )
    return (
        select(EvidenceLink.evidence_id)
        .where(EvidenceLink.dossier_id == dossier.id, EvidenceLink.item_id == item)
        .where(moment.is_not(None))
        .order_by(moment.desc(), EvidenceLink.evidence_id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _newest_along_timeline(dossier: Dossier, item, visible) -> ColumnElement:
    recent = (
        select(Evidence.id.label("id"), Evidence.occurred_at.label("occurred_at"))
        .where(Evidence.dossier_id == dossier.id, visible)
        .order_by(Evidence.occurred_at.desc(), Evidence.id.desc())
        .limit(WALK_STEPS)
        .subquery()
    )
    # Correlated two levels up, to the competency of the outer query (not auto-correlated).
    shows = (
        select(EvidenceLink.id)
        .where(EvidenceLink.evidence_id == recent.c.id, EvidenceLink.item_id == item)
        .correlate(recent, FrameworkItem)
    )
    return (
        select(recent.c.id)
        .where(shows.exists())
        .order_by(recent.c.occurred_at.desc(), recent.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


@dataclass
class CoverageRow:
    item: FrameworkItem
    depth: int
    evidence_count: int = 0
    latest_evidence: Evidence | None = None
    #: Roles that reflected on this competency.
    roles: list[str] = field(default_factory=list)
    #: role → {"level", "label", "at"}: the latest level each role gave.
    levels: dict = field(default_factory=dict)


def coverage(
    session: Session, dossier: Dossier, framework: Framework, visible=None, readable=None
) -> list[CoverageRow]:
    """For each competency of the framework: how much evidence shows it, the newest, which
    roles reflected on it and the latest level per role.

    Four queries whatever the dossier's size: the items, the counts per item, the newest
    evidence per item, and the reflections. `visible` limits the evidence to what the viewer
    may see, `readable` the reflections and levels (a coach's are the owner's only).

    None of them reads the dossier in full: the owner's counts come from the links' coverage
    index alone (another viewer's also look at each linked item), and the newest item of a
    competency is found from whichever side is shorter (`_newest_per_item`).
    """
    visible = visible if visible is not None else true()
    readable = readable if readable is not None else true()
    items = list(
        session.scalars(
            select(FrameworkItem).where(
                FrameworkItem.framework_id == framework.id, FrameworkItem.retired_at.is_(None)
            )
        )
    )
    if not items:
        return []
    counted = select(EvidenceLink.item_id, func.count()).where(
        EvidenceLink.dossier_id == dossier.id,
        EvidenceLink.item_id.in_([item.id for item in items]),
    )
    if not isinstance(visible, True_):  # (evidence_id, item_id) is unique: one row per item
        counted = counted.join(Evidence, Evidence.id == EvidenceLink.evidence_id).where(visible)
    counts = dict(session.execute(counted.group_by(EvidenceLink.item_id)).tuples().all())
    latest = _newest_per_item(session, dossier, counts, visible)
    reflected = session.execute(
        select(Reflection.item_id, Reflection.author_role, Reflection.level,
               Reflection.level_label, Reflection.created_at)
        .join(Evidence, Evidence.id == Reflection.evidence_id)
        .join(FrameworkItem, FrameworkItem.id == Reflection.item_id)
        .where(Evidence.dossier_id == dossier.id, FrameworkItem.framework_id == framework.id)
        .where(Reflection.withdrawn_at.is_(None), visible, readable)
        .order_by(Reflection.created_at)
    ).all()  # fmt: skip
    roles: dict = {}
    levels: dict = {}
    for item_id, role, level, label, at in reflected:
        roles.setdefault(item_id, set()).add(role)
        if level is not None:  # later rows overwrite: the latest level per role remains
            levels.setdefault(item_id, {})[role] = {
                "level": level,
                "label": label,
                "at": at.isoformat(),
            }
    depth = _depths(items)
    rows = [
        CoverageRow(
            item=item,
            depth=depth[item.id],
            evidence_count=counts.get(item.id, 0),
            latest_evidence=latest.get(item.id),
            roles=sorted(roles.get(item.id, ())),
            levels=levels.get(item.id, {}),
        )
        for item in items
    ]
    order = {item.id: n for n, item in enumerate(_ordered(items))}
    rows.sort(key=lambda row: order[row.item.id])
    return rows


@dataclass
class Progress:
    """How many competencies there are to show and how many have evidence. Only items without
    sub-items count: a heading is covered through its competencies, it is not one to cover."""

    competencies: int = 0
    covered: int = 0


@dataclass
class DomainProgress(Progress):
    #: A top-level item with sub-items (a domain, a theme, a role).
    item: FrameworkItem | None = None


def coverage_progress(rows: list[CoverageRow]) -> tuple[Progress, list[DomainProgress]]:
    """The progress over the whole framework and per domain, from coverage rows in tree order."""
    total = Progress()
    domains: list[DomainProgress] = []
    domain: DomainProgress | None = None
    for n, row in enumerate(rows):
        has_children = n + 1 < len(rows) and rows[n + 1].depth > row.depth
        if row.depth == 0:
            domain = DomainProgress(item=row.item) if has_children else None
            if domain:
                domains.append(domain)
        if has_children:
            continue
        covered = 1 if row.evidence_count else 0
        for tally in (total, domain) if row.depth and domain else (total,):
            tally.competencies += 1
            tally.covered += covered
    return total, domains


def _depths(items: list[FrameworkItem]) -> dict[uuid.UUID, int]:
    by_id = {i.id: i for i in items}
    depths: dict[uuid.UUID, int] = {}
    for item in items:
        depth, node = 0, item
        while node.parent_id in by_id and depth < 50:
            depth += 1
            node = by_id[node.parent_id]
        depths[item.id] = depth
    return depths


def _ordered(items: list[FrameworkItem]) -> list[FrameworkItem]:
    return tree_order(sorted(items, key=lambda i: (i.position, i.human_code, i.identifier)))


def forget_person(session: Session, user: User) -> None:
    """Learning lines they made or brought in go with them, unless someone else's dossier
    uses one: then it stays for that dossier, without their name."""
    made = session.scalars(select(Framework).where(Framework.created_by_id == user.id)).all()
    for framework in made:
        chosen = (
            select(DossierFramework.dossier_id)
            .join(Dossier, Dossier.id == DossierFramework.dossier_id)
            .where(DossierFramework.framework_id == framework.id, Dossier.owner_id != user.id)
        )
        linked = (
            select(EvidenceLink.id)
            .join(FrameworkItem, FrameworkItem.id == EvidenceLink.item_id)
            .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
            .join(Dossier, Dossier.id == Evidence.dossier_id)
            .where(FrameworkItem.framework_id == framework.id, Dossier.owner_id != user.id)
        )
        if session.scalar(chosen.limit(1)) is None and session.scalar(linked.limit(1)) is None:
            session.delete(framework)
        else:
            framework.creator = ""
    session.flush()
