"""Competencies in the dossier export: the frameworks the dossier uses (each with its CASE
package) and the links of evidence to their items, all by CASE identifiers. An import
matches frameworks by identifier among those the importer may see, or brings them along
from the packages as the importer's own private ones."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exchange import refuse
from competencies.case import export_package, import_package
from competencies.models import DossierFramework, EvidenceLink, Framework, FrameworkItem
from competencies.services import visible_to

#: Where a private copy keeps the identifier of the framework it was copied from.
COPIED_FROM = "bagageCopiedFrom"

#: item id → (item, its framework): the competencies an export names.
Items = dict[uuid.UUID, tuple[FrameworkItem, Framework]]


def evidence_links(session: Session, evidence_ids: list[uuid.UUID], items: Items) -> list:
    """The links of these evidence items, with their items (added to items)."""
    links = session.execute(
        select(EvidenceLink, FrameworkItem, Framework)
        .join(FrameworkItem, FrameworkItem.id == EvidenceLink.item_id)
        .join(Framework, Framework.id == FrameworkItem.framework_id)
        .where(EvidenceLink.evidence_id.in_(evidence_ids))
    ).all()
    items.update({item.id: (item, framework) for _, item, framework in links})
    return links


def item_finder(session: Session) -> Callable[[uuid.UUID], tuple | None]:
    """How an export finds a competency it names, with its framework."""

    def find(item_id: uuid.UUID) -> tuple[FrameworkItem, Framework] | None:
        item = session.get(FrameworkItem, item_id)
        return None if item is None else (item, item.framework)

    return find


def export_links(links: list, evidence_id: uuid.UUID) -> list[dict]:
    """An evidence item's competencies, in a stable order."""
    return sorted(
        (
            {"framework": framework.identifier, "item": linked.identifier,
             "code": linked.human_code, "statement": linked.full_statement, "note": link.note}
            for link, linked, framework in links
            if link.evidence_id == evidence_id
        ),
        key=lambda c: (c["framework"], c["code"], c["item"]),
    )  # fmt: skip


def export_frameworks(session: Session, dossier, items: Items) -> list[dict]:
    """The frameworks the dossier chose and those of every competency the export names."""
    chosen = session.scalars(
        select(Framework)
        .join(DossierFramework, DossierFramework.framework_id == Framework.id)
        .where(DossierFramework.dossier_id == dossier.id)
    ).all()
    frameworks = {f.id: f for f in chosen}
    frameworks.update({f.id: f for _, f in items.values()})
    return [
        {
            "identifier": f.identifier,
            "title": f.title,
            "builtin": f.is_builtin,
            "chosen": f.id in {c.id for c in chosen},
            "package": export_package(session, f),
        }
        for f in sorted(frameworks.values(), key=lambda f: f.identifier)
    ]


def import_frameworks(
    session: Session, user, dossier, entries: list[dict], summary: dict
) -> Callable[[dict], FrameworkItem | None]:
    """Find or bring along the export's frameworks, choose for the dossier those the
    export chose, and return how a reference (framework and item identifier) finds its item
    here (None when it is not there)."""
    found = {entry["identifier"]: _framework_for(session, user, entry) for entry in entries}
    chosen = set(
        session.scalars(
            select(DossierFramework.framework_id).where(DossierFramework.dossier_id == dossier.id)
        )
    )
    for entry in entries:
        framework = found[entry["identifier"]]
        if entry.get("chosen") and framework.id not in chosen:
            chosen.add(framework.id)
            session.add(DossierFramework(dossier_id=dossier.id, framework_id=framework.id))
            summary["frameworks"] += 1
    items: dict = {}

    def item_for(ref: dict) -> FrameworkItem | None:
        key = (ref["framework"], ref["item"])
        if key not in items:
            framework = found.get(ref["framework"])
            items[key] = framework and session.scalar(
                select(FrameworkItem).where(
                    FrameworkItem.framework_id == framework.id,
                    FrameworkItem.identifier == ref["item"],
                )
            )
        return items[key]

    return item_for


def import_links(
    session: Session, item_for: Callable, evidence_id: uuid.UUID, refs: list[dict]
) -> None:
    """An imported item's competencies, those that are found here."""
    for ref in refs:
        item = item_for(ref)
        if item is not None:
            session.add(EvidenceLink(evidence_id=evidence_id, item_id=item.id,
                                     note=ref.get("note", "")))  # fmt: skip


def _framework_for(session: Session, user, entry: dict) -> Framework:
    """The framework a manifest names, among those the importer may see. One that exists
    here but is someone else's private learning line is never handed out by its identifier:
    the export's package becomes the importer's own private copy, under a fresh identifier
    (the original kept in its CASE document as bagageCopiedFrom); a second import finds
    that copy again. Unknown ones come along as the importer's own private framework."""
    identifier = entry["identifier"]
    framework = session.scalar(
        select(Framework).where(Framework.identifier == identifier, visible_to(session, user))
    )
    if framework is not None:
        return framework
    package = entry["package"]
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise refuse(f"The framework {identifier} in the export has no CASE package.",
                     "bad_framework", identifier=identifier)  # fmt: skip
    if session.scalar(select(Framework.id).where(Framework.identifier == identifier)) is None:
        return import_package(session, package, created_by=user.id, private=True).framework
    for own in session.scalars(select(Framework).where(Framework.created_by_id == user.id)):
        if (own.extra or {}).get(COPIED_FROM) == identifier:
            return own
    # Every place the package names its document (the tree's top associations too).
    fresh = str(uuid.uuid4())
    copy = json.loads(json.dumps(package).replace(json.dumps(identifier), json.dumps(fresh)))
    copy["CFDocument"][COPIED_FROM] = identifier
    return import_package(session, copy, created_by=user.id, private=True).framework
