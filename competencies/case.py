"""1EdTech CASE 1.0 packages (CFPackage JSON): validate, import, export.

Identifiers are kept, so importing a newer version of a package updates the framework in
place: items that disappeared are retired (evidence linked to them keeps its links), never
deleted. A bad package is refused as a whole with an error that names the item and field,
and nothing is changed. What CASE says that Bagage does not model is kept as it came in, so
an export gives back an equivalent package.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.access import may_change_framework
from app.db import utcnow
from app.errors import Forbidden, Invalid
from app.input import BadJSON
from app.input import loads as load_json
from competencies import search
from competencies.case_tolerance import normalise_package
from competencies.models import (
    Framework,
    FrameworkAssociation,
    FrameworkItem,
    FrameworkRubric,
)

SCHEMA = json.loads(
    (Path(__file__).parent / "schema" / "case-v1p0-cfpackage-schema.json").read_text()
)
#: The CASE 1.0 REST API's place on this instance (served by api/case_provider.py).
CASE_API_PATH = "/ims/case/v1p0"
#: More items than this is not a framework but an attack on the importer.
MAX_ITEMS = 20_000
#: A tree deeper than this cannot be read by a person (and is refused as hostile).
MAX_DEPTH = 64
#: Namespace for identifiers Bagage makes up (tree associations of items made in the app).
BAGAGE_NAMESPACE = uuid.UUID("6d1f6a2e-3c1e-5b7e-9a43-1f3b0c6a2d10")

DOCUMENT_FIELDS = {
    "identifier", "uri", "title", "creator", "description", "language", "version",
    "lastChangeDateTime",
}  # fmt: skip
ITEM_FIELDS = {
    "identifier", "uri", "fullStatement", "humanCodingScheme", "abbreviatedStatement",
    "CFItemType", "language", "notes", "conceptKeywords", "lastChangeDateTime", "CFDocumentURI",
}  # fmt: skip


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# --- validation -----------------------------------------------------------------------


def _label(package: dict, path: list) -> str:
    """'CFItems[3]' plus the item's code or identifier, so people can find it."""
    if len(path) >= 2 and path[0] in ("CFItems", "CFAssociations", "CFRubrics"):
        section, index = path[0], path[1]
        try:
            entry = package[section][index]
        except (KeyError, IndexError, TypeError):
            return f"{section}[{index}]"
        name = (
            entry.get("humanCodingScheme") or entry.get("identifier") or entry.get("title")
            if isinstance(entry, dict)
            else None
        )
        return f"{section}[{index}]" + (f" ({name})" if name else "")
    return ".".join(str(p) for p in path) or "package"


def validate_package(package: Any) -> None:
    """Refuse a package that is not a valid CASE 1.0 CFPackage, naming what is wrong."""
    if not isinstance(package, dict):
        raise Invalid(
            "This is not a CASE package (a JSON object is expected).", code="invalid_case"
        )
    errors = sorted(
        jsonschema.Draft4Validator(SCHEMA).iter_errors(package), key=lambda e: list(e.path)
    )
    if errors:
        fields: dict[str, list[str]] = {}
        for error in errors[:20]:
            path = list(error.path)
            fields.setdefault(_field_path(path), []).append(error.message)
        first = errors[0]
        where = _label(package, list(first.path))
        inner = [str(p) for p in list(first.path)[2:]]  # the field inside the entry
        if inner and list(first.path)[0] in ("CFItems", "CFAssociations", "CFRubrics"):
            where += " " + ".".join(inner)
        raise Invalid(
            f"The CASE package is not valid: {where}: {first.message}",
            fields,
            code="invalid_case",
        )
    document_id = package["CFDocument"]["identifier"]
    items = package.get("CFItems", [])
    if len(items) > MAX_ITEMS:
        raise Invalid(
            f"The CASE package has {len(items)} items; at most {MAX_ITEMS} are accepted.",
            {"CFItems": [f"More than {MAX_ITEMS} items."]},
            code="invalid_case",
        )
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item["identifier"] in seen or item["identifier"] == document_id:
            raise _semantic(
                package, ["CFItems", index], "identifier",
                f"the identifier {item['identifier']} is used twice",
            )  # fmt: skip
        seen[item["identifier"]] = index
    parents: dict[str, str] = {}
    for index, association in enumerate(package.get("CFAssociations", [])):
        if association["associationType"] != "isChildOf":
            continue
        origin = association["originNodeURI"]["identifier"]
        destination = association["destinationNodeURI"]["identifier"]
        if origin not in seen:
            raise _semantic(
                package, ["CFAssociations", index], "originNodeURI",
                f"isChildOf starts at {origin}, which is not an item of this package",
            )  # fmt: skip
        if destination != document_id and destination not in seen:
            raise _semantic(
                package, ["CFAssociations", index], "destinationNodeURI",
                f"isChildOf points to {destination}, which is not an item of this package",
            )  # fmt: skip
        parents.setdefault(origin, destination)
    _refuse_cycles(package, parents, seen)


def _refuse_cycles(package: dict, parents: dict[str, str], index_of: dict[str, int]) -> None:
    """Walk up from every item once (each node is finished at most once, so a long chain
    costs as much as a short one): a node met again on the way up is a cycle; a way up
    longer than MAX_DEPTH is refused too."""
    depth: dict[str, int] = {}
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node in parents and node not in depth:
            if node in on_path:
                cycle = path[path.index(node) :] + [node]
                names = " → ".join(_item_name(package, index_of[n]) for n in cycle)
                raise Invalid(
                    f"The CASE package's tree has a cycle: {names}.",
                    {f"CFItems[{index_of[node]}]": [f"Part of a cycle: {names}"]},
                    code="invalid_case",
                )
            path.append(node)
            on_path.add(node)
            node = parents[node]
        below = depth.get(node, 1 if node in index_of else 0)  # an item without a parent: 1
        for offset, visited in enumerate(reversed(path), start=1):
            depth[visited] = below + offset
        if path and depth[path[0]] > MAX_DEPTH:
            raise Invalid(
                f"The CASE package's tree is deeper than {MAX_DEPTH} levels "
                f"(at {_item_name(package, index_of[path[0]])}).",
                {f"CFItems[{index_of[path[0]]}]": [f"Deeper than {MAX_DEPTH} levels."]},
                code="invalid_case",
            )


def _item_name(package: dict, index: int) -> str:
    item = package["CFItems"][index]
    return item.get("humanCodingScheme") or item["identifier"]


def _semantic(package: dict, path: list, field: str, message: str) -> Invalid:
    return Invalid(
        f"The CASE package is not valid: {_label(package, path)}: {message}.",
        {f"{_field_path(path)}.{field}": [message]},
        code="invalid_case",
    )


def _field_path(path: list) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "package"


def parse_package(raw: bytes | str) -> dict:
    try:
        return load_json(raw)
    except BadJSON as exc:
        raise Invalid("The file is not valid JSON.", code="invalid_case") from exc


# --- import ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    framework: Framework
    created: bool
    items_added: int
    items_updated: int
    items_retired: int
    #: What was repaired in the package on the way in: [{"path", "code", "message"}].
    warnings: list[dict] = field(default_factory=list)


def import_package(
    session: Session,
    package: Any,
    *,
    builtin: bool = False,
    created_by=None,
    private: bool = False,
) -> ImportResult:
    """Create or update the framework a package describes. Validates first: a bad package
    changes nothing. Someone importing (created_by) may update only a framework they brought
    in themselves; built-in frameworks change through `flask competencies sync-builtin`.
    The package is read tolerantly first (case_tolerance): what was repaired comes back as
    the result's warnings."""
    package, warnings = normalise_package(package, SCHEMA)
    validate_package(package)
    document = package["CFDocument"]
    framework = session.scalar(
        select(Framework).where(Framework.identifier == document["identifier"])
    )
    created = framework is None
    if created:
        framework = Framework(
            identifier=document["identifier"], created_by_id=created_by, private=private
        )
        session.add(framework)
    elif created_by is not None and not may_change_framework(created_by, framework):
        raise Forbidden(
            "A framework with this identifier exists and was brought in by someone else; "
            "only they (or, for built-in frameworks, the administrator) can update it.",
            code="framework_not_yours",
        )
    framework.uri = document.get("uri", "")
    framework.title = document["title"]
    framework.creator = document.get("creator", "")
    framework.description = document.get("description", "")
    framework.language = document.get("language", "")
    framework.version = document.get("version", "")
    framework.last_change = document.get("lastChangeDateTime", "")
    framework.is_builtin = framework.is_builtin or builtin
    extra = {k: v for k, v in document.items() if k not in DOCUMENT_FIELDS}
    if "CFDefinitions" in package:
        extra["_CFDefinitions"] = package["CFDefinitions"]
    framework.extra = extra
    session.flush()

    existing = {item.identifier: item for item in framework.items}
    incoming = package.get("CFItems", [])
    added = updated = 0
    by_identifier: dict[str, FrameworkItem] = {}
    for data in incoming:
        item = existing.get(data["identifier"])
        if item is None:
            item = FrameworkItem(framework=framework, identifier=data["identifier"])
            session.add(item)
            added += 1
        else:
            updated += 1
        _fill_item(item, data)
        by_identifier[item.identifier] = item
    now = utcnow()
    retired = 0
    for identifier, item in existing.items():
        if identifier not in by_identifier and item.retired_at is None:
            item.retired_at = now
            item.parent_id = None
            retired += 1
    session.flush()

    _place_items(session, framework, package, by_identifier)
    _replace_rubrics(session, framework, package.get("CFRubrics", []))
    session.flush()
    return ImportResult(framework, created, added, updated, retired, warnings)


def _fill_item(item: FrameworkItem, data: dict) -> None:
    item.uri = data.get("uri", "")
    item.full_statement = data["fullStatement"]
    item.human_code = data.get("humanCodingScheme", "")
    item.abbreviated_statement = data.get("abbreviatedStatement", "")
    item.item_type = data.get("CFItemType", "")
    item.language = data.get("language", "")
    item.notes = data.get("notes", "")
    item.keywords = list(data.get("conceptKeywords", []))
    item.last_change = data.get("lastChangeDateTime", "")
    item.retired_at = None
    item.extra = {k: v for k, v in data.items() if k not in ITEM_FIELDS}
    search.refresh(item)


def _place_items(
    session: Session, framework: Framework, package: dict, items: dict[str, FrameworkItem]
) -> None:
    session.execute(
        delete(FrameworkAssociation).where(FrameworkAssociation.framework_id == framework.id)
    )
    placed: set[str] = set()
    order = {identifier: index for index, identifier in enumerate(items)}
    for association in package.get("CFAssociations", []):
        origin = association["originNodeURI"]["identifier"]
        if association["associationType"] == "isChildOf" and origin not in placed:
            placed.add(origin)
            item = items[origin]
            destination = association["destinationNodeURI"]["identifier"]
            item.parent = items.get(destination)  # None: directly under the document
            item.position = int(association.get("sequenceNumber", order[origin] + 1))
            item.parent_association = association["identifier"]
            extra = {
                k: v
                for k, v in association.items()
                if k not in {"identifier", "uri", "associationType", "originNodeURI",
                             "destinationNodeURI", "sequenceNumber", "lastChangeDateTime"}
            }  # fmt: skip
            item.extra = {**item.extra, "_parentAssociation": {
                "uri": association.get("uri", ""),
                "lastChangeDateTime": association.get("lastChangeDateTime", ""),
                **({"extra": extra} if extra else {}),
            }}  # fmt: skip
        else:
            session.add(
                FrameworkAssociation(
                    framework_id=framework.id,
                    identifier=association["identifier"],
                    data=association,
                )
            )
    for identifier, item in items.items():
        if identifier not in placed:  # no isChildOf: directly under the document
            item.parent = None
            item.position = order[identifier] + 1
            item.parent_association = tree_association_id(item.identifier)


def _replace_rubrics(session: Session, framework: Framework, rubrics: list[dict]) -> None:
    session.execute(delete(FrameworkRubric).where(FrameworkRubric.framework_id == framework.id))
    for rubric in rubrics:
        session.add(
            FrameworkRubric(
                framework_id=framework.id,
                identifier=rubric["identifier"],
                title=rubric.get("title", ""),
                data=rubric,
            )
        )


# --- export ---------------------------------------------------------------------------


def export_package(session: Session, framework: Framework) -> dict:
    """The framework as a CASE 1.0 CFPackage (retired items left out)."""
    document = document_json(framework)
    definitions = (framework.extra or {}).get("_CFDefinitions")
    document_ref = document_link(framework)
    live = [i for i in framework.items if i.retired_at is None]
    live.sort(key=lambda i: (i.position, i.human_code, i.identifier))
    items, associations = [], []
    for item in tree_order(live):
        items.append(item_json(item))
        associations.append(parent_association(item, document_ref))
    associations += [a.data for a in _stored_associations(session, framework)]
    package: dict[str, Any] = {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
    }
    if definitions is not None:
        package["CFDefinitions"] = definitions
    rubrics = session.scalars(
        select(FrameworkRubric).where(FrameworkRubric.framework_id == framework.id)
    ).all()
    if rubrics:
        package["CFRubrics"] = [r.data for r in sorted(rubrics, key=lambda r: r.identifier)]
    return package


def document_json(framework: Framework) -> dict:
    """The framework's CASE CFDocument."""
    document = {
        "identifier": framework.identifier,
        "uri": resolvable_uri(framework.uri, "CFDocuments", framework.identifier),
        "creator": framework.creator or "Bagage",
        "title": framework.title,
        "lastChangeDateTime": framework.last_change or now_iso(),
    }
    for key, value in (
        ("description", framework.description),
        ("language", framework.language),
        ("version", framework.version),
    ):
        if value:
            document[key] = value
    document.update({k: v for k, v in (framework.extra or {}).items() if k != "_CFDefinitions"})
    return document


def document_link(framework: Framework) -> dict:
    """A CASE LinkURI to the framework's document."""
    return {
        "title": framework.title,
        "identifier": framework.identifier,
        "uri": resolvable_uri(framework.uri, "CFDocuments", framework.identifier),
    }


def item_json(item: FrameworkItem) -> dict:
    """The item as a CASE CFItem (as it appears in a package)."""
    data = {
        "identifier": item.identifier,
        "uri": item_uri(item),
        "fullStatement": item.full_statement,
        "lastChangeDateTime": item.last_change or now_iso(),
    }
    for key, value in (
        ("humanCodingScheme", item.human_code),
        ("abbreviatedStatement", item.abbreviated_statement),
        ("CFItemType", item.item_type),
        ("language", item.language),
        ("notes", item.notes),
        ("conceptKeywords", item.keywords),
    ):
        if value:
            data[key] = value
    data.update({k: v for k, v in (item.extra or {}).items() if not k.startswith("_")})
    return data


def tree_association_id(item_identifier: str) -> str:
    """The identifier of the isChildOf association of an item that came without one: the
    same on every instance and every export."""
    return str(uuid.uuid5(BAGAGE_NAMESPACE, f"isChildOf:{item_identifier}"))


def case_url(kind: str, identifier: str) -> str:
    """Where this instance serves a CASE object (PUBLIC_URL + the CASE 1.0 REST path)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f"{base}{CASE_API_PATH}/{kind}/{identifier}"


def resolvable_uri(stored: str, kind: str, identifier: str) -> str:
    """The uri to export: a web address the object came with is its publisher's canonical
    one and stays; anything else (none, urn:uuid:) becomes this instance's address of it,
    which answers with it while the framework is public."""
    if stored.startswith(("http://", "https://")):
        return stored
    return case_url(kind, identifier)


def item_uri(item: FrameworkItem) -> str:
    return resolvable_uri(item.uri, "CFItems", item.identifier)


def tree_order(items: list[FrameworkItem]) -> list[FrameworkItem]:
    """Depth first, siblings by position: the order people read a framework in."""
    children: dict[uuid.UUID | None, list[FrameworkItem]] = {}
    ids = {i.id for i in items}
    for item in items:
        parent = item.parent_id if item.parent_id in ids else None
        children.setdefault(parent, []).append(item)
    out: list[FrameworkItem] = []

    def walk(parent: uuid.UUID | None) -> None:
        for child in children.get(parent, []):
            out.append(child)
            walk(child.id)

    walk(None)
    return out


def parent_association(item: FrameworkItem, document_ref: dict) -> dict:
    """The isChildOf association that places the item in the tree."""
    meta = (item.extra or {}).get("_parentAssociation", {})
    identifier = item.parent_association or tree_association_id(item.identifier)
    parent = item.parent
    destination = (
        {"title": parent.human_code or parent.full_statement[:100],
         "identifier": parent.identifier, "uri": item_uri(parent)}
        if parent is not None and parent.retired_at is None
        else document_ref
    )  # fmt: skip
    association = {
        "identifier": identifier,
        "uri": resolvable_uri(meta.get("uri", ""), "CFAssociations", identifier),
        "associationType": "isChildOf",
        "originNodeURI": {
            "title": item.human_code or item.full_statement[:100],
            "identifier": item.identifier,
            "uri": item_uri(item),
        },
        "destinationNodeURI": destination,
        "sequenceNumber": item.position,
        "lastChangeDateTime": meta.get("lastChangeDateTime") or item.last_change or now_iso(),
    }
    association.update(meta.get("extra", {}))
    return association


def _stored_associations(session: Session, framework: Framework) -> list[FrameworkAssociation]:
    return list(
        session.scalars(
            select(FrameworkAssociation)
            .where(FrameworkAssociation.framework_id == framework.id)
            .order_by(FrameworkAssociation.identifier)
        )
    )
