"""The CASE 1.0 read API this instance serves, for other tools: public frameworks only.

Objects are found by their CASE identifier (sourcedId). An item's identifier is unique
within its framework, not across them; when public frameworks share one, the built-in
framework's item answers, then the oldest import's.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import public_frameworks_condition
from app.errors import NotFound
from competencies.case import (
    case_url,
    document_json,
    document_link,
    export_package,
    item_json,
    parent_association,
)
from competencies.models import Framework, FrameworkAssociation, FrameworkItem

_ORDER = (Framework.is_builtin.desc(), Framework.created_at, Framework.id)


def public_documents(session: Session) -> list[dict]:
    """Every public framework's CFDocument, with the address of its package."""
    frameworks = session.scalars(
        select(Framework).where(public_frameworks_condition()).order_by(Framework.title)
    )
    return [_document(f) for f in frameworks]


def _document(framework: Framework) -> dict:
    return {**document_json(framework), "CFPackageURI": _package_link(framework)}


def _package_link(framework: Framework) -> dict:
    """Where this instance serves the package (whoever published the document first)."""
    return {**document_link(framework), "uri": case_url("CFPackages", framework.identifier)}


def _public_framework(session: Session, identifier: str) -> Framework:
    framework = session.scalar(
        select(Framework).where(Framework.identifier == identifier, public_frameworks_condition())
    )
    if framework is None:
        raise NotFound("No public CASE document with this identifier.")
    return framework


def public_document(session: Session, identifier: str) -> dict:
    return _document(_public_framework(session, identifier))


def public_package(session: Session, identifier: str) -> dict:
    return export_package(session, _public_framework(session, identifier))


def public_item(session: Session, identifier: str) -> dict:
    """A CFItem, with the link to its document."""
    item = session.scalar(
        select(FrameworkItem)
        .join(Framework, Framework.id == FrameworkItem.framework_id)
        .where(
            FrameworkItem.identifier == identifier,
            FrameworkItem.retired_at.is_(None),
            public_frameworks_condition(),
        )
        .order_by(*_ORDER)
        .limit(1)
    )
    if item is None:
        raise NotFound("No public CASE item with this identifier.")
    return {**item_json(item), "CFDocumentURI": document_link(item.framework)}


def public_association(session: Session, identifier: str) -> dict:
    """A CFAssociation: one kept as imported, or the isChildOf that places an item."""
    stored = session.scalar(
        select(FrameworkAssociation)
        .join(Framework, Framework.id == FrameworkAssociation.framework_id)
        .where(FrameworkAssociation.identifier == identifier, public_frameworks_condition())
        .order_by(*_ORDER)
        .limit(1)
    )
    if stored is not None:
        framework = session.get(Framework, stored.framework_id)
        return {"CFDocumentURI": document_link(framework), **stored.data}
    item = session.scalar(
        select(FrameworkItem)
        .join(Framework, Framework.id == FrameworkItem.framework_id)
        .where(
            FrameworkItem.parent_association == identifier,
            FrameworkItem.retired_at.is_(None),
            public_frameworks_condition(),
        )
        .order_by(*_ORDER)
        .limit(1)
    )
    if item is None:
        raise NotFound("No public CASE association with this identifier.")
    link = document_link(item.framework)
    return {**parent_association(item, link), "CFDocumentURI": link}
