"""What every domain's part of the dossier export shares: how times, amounts and people are
written, how rows point at evidence and competencies (by the manifest's ref numbers and CASE
identifiers), and how an import is refused. The domains' own parts live in their
`exchange.py`; app/portability puts them together into one zip."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError
from sqlalchemy.orm import Session

from app.errors import DomainError, Invalid


def refuse(message: str, code: str, cls: type[DomainError] = Invalid, **params) -> DomainError:
    """An import refused, with a code and the values an app needs to say why in its own
    language (kept on the job); message is the English fallback."""
    error = cls(message, code=code)
    error.params = params
    return error


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def name_of(user: Any, fallback: str) -> str:
    """A person as a name: their account stays behind."""
    return user.display_name if user is not None else fallback


def amount(value: Decimal | None) -> str | None:
    """Hours and money as exact decimal strings."""
    return None if value is None else str(value)


def decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def only_known(values, parts: dict) -> list[dict]:
    """Entries from the manifest with only the parts the app knows, each of its type: a
    hand-made export cannot put anything else in."""
    return [
        {key: value[key] for key, kind in parts.items()
         if key in value and isinstance(value[key], kind)}
        for value in values or [] if isinstance(value, dict)
    ]  # fmt: skip


# --- checking an import before anything is kept ------------------------------------------


def bad_row(section: str, row: int | None, field_name: str, message: str = "") -> DomainError:
    where = f"{section} {row}" if row is not None else section
    return refuse(
        message or f"The export's {where} has a value this Bagage does not accept "
        f"({field_name}). Nothing was imported.",
        "bad_row", section=section, row=row, field=field_name,
    )  # fmt: skip


def check_row(rules: Schema, data: dict, section: str, row: int | None = None) -> None:
    """Hold a row to the rules the app's own screens keep, naming the first field it breaks."""
    try:
        rules.load(data)
    except ValidationError as exc:
        raise bad_row(section, row, next(iter(exc.normalized_messages()), "")) from exc


def check_date(value, section: str, row: int, field_name: str) -> date | datetime:
    """A date (or a moment, for a field ending in _at) the row must hold."""
    try:
        return parse_time(value) if field_name.endswith("_at") else date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise bad_row(section, row, field_name) from exc


def rows_of(values, section: str) -> list[dict]:
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise bad_row(section, None, "", f"The export's {section} list is damaged.")
    return values


# --- how rows point at each other ---------------------------------------------------------


@dataclass
class ExportRefs:
    """An export's ref number per evidence id, and the competencies it names (item id →
    (item, framework), found by find_item), so each domain writes its references alike."""

    evidence: dict[uuid.UUID, int]
    find_item: Callable[[uuid.UUID], tuple[Any, Any] | None]
    items: dict[uuid.UUID, tuple[Any, Any]] = field(default_factory=dict)

    def evidence_ref(self, evidence_id: uuid.UUID | None) -> int | None:
        return self.evidence.get(evidence_id) if evidence_id else None

    def evidence_refs(self, ids: list | None) -> list[int]:
        """Evidence by ref number, in the stored order; gone items are left out."""
        refs = (self.evidence.get(uuid.UUID(i)) for i in ids or [])
        return [ref for ref in refs if ref is not None]

    def item(self, item_id: uuid.UUID) -> tuple[Any, Any] | None:
        """A competency the export names (its framework comes along), or None when gone."""
        if item_id not in self.items and (found := self.find_item(item_id)) is not None:
            self.items[item_id] = found
        return self.items.get(item_id)

    def competency(self, item_id: uuid.UUID) -> dict:
        item, framework = self.item(item_id)
        return {"framework": framework.identifier, "item": item.identifier}

    def competency_refs(self, ids: list | None) -> list[dict]:
        """Competencies by their framework's and item's CASE identifiers, in the stored
        order; one that was deleted here is left out."""
        refs = []
        for value in ids or []:
            found = self.item(uuid.UUID(value))
            if found:
                item, framework = found
                refs.append({
                    "framework": framework.identifier, "item": item.identifier,
                    "code": item.human_code, "statement": item.full_statement,
                })  # fmt: skip
        return refs


@dataclass
class ImportPlace:
    """Where an import goes, and what its refs point at here: the evidence the dossier holds
    (also items that were there already) and the competencies found by CASE identifiers.
    Counts of what came in are added to summary."""

    session: Session
    user: Any
    dossier: Any
    owner_name: str | None
    summary: dict
    evidence: dict[int, uuid.UUID]
    item_for: Callable[[dict], Any]

    def evidence_id(self, ref) -> uuid.UUID | None:
        return self.evidence.get(ref)

    def evidence_ids(self, refs: list | None) -> list[str]:
        return [str(self.evidence[r]) for r in refs or [] if r in self.evidence]

    def competency_ids(self, refs: list | None) -> list[str]:
        items = (self.item_for(ref) for ref in refs or [])
        return list(dict.fromkeys(str(item.id) for item in items if item is not None))
