"""Forgetting a person in what others keep: the shared rules every domain applies when an
account is deleted (see app/erasure.py, which asks each domain to forget).

Where a deleted person's name was, others read DELETED_ACCOUNT; their e-mail address goes the
same way; their id is removed (from JSON lists and objects, and from text).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, String, Text, cast, func, or_, select
from sqlalchemy.orm import Session

#: What others see where a deleted person's name was; the web app translates it.
DELETED_ACCOUNT = "verwijderd account"


@dataclass(frozen=True)
class Forgotten:
    """What identifies a person in stored text: their id, name and e-mail address."""

    id: uuid.UUID
    name: str
    email: str

    @classmethod
    def of(cls, user) -> Forgotten:
        return cls(user.id, user.display_name, user.email)

    @property
    def ids(self) -> tuple[str, str]:
        return str(self.id), self.id.hex

    def _patterns(self) -> list[tuple[re.Pattern, str]]:
        words = [(w, DELETED_ACCOUNT) for w in (self.email, self.name) if w.strip()]
        words += [(i, "") for i in self.ids]
        # Whole words only: a short name must not eat into other words ("Jan" in "Januari").
        return [(re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE), by) for w, by in words]

    def is_id(self, value: Any) -> bool:
        return isinstance(value, str) and value.lower().replace("-", "") == self.id.hex

    def scrub_text(self, text: str) -> str:
        for pattern, by in self._patterns():
            text = pattern.sub(by, text)
        return text

    def scrub_json(self, value: Any) -> Any:
        """A copy without the person: their id dropped from lists and objects, their name and
        address replaced in every string."""
        if isinstance(value, dict):
            return {k: self.scrub_json(v) for k, v in value.items() if not self.is_id(v)}
        if isinstance(value, list):
            return [self.scrub_json(v) for v in value if not self.is_id(v)]
        if isinstance(value, str):
            return self.scrub_text(value)
        return value

    def needles(self) -> set[str]:
        """Lower-cased forms to look for in a column, as text and as JSON writes them."""
        found = {self.name, self.email, *self.ids}
        found |= {json.dumps(n)[1:-1] for n in found}  # non-ASCII escaped, as in JSON columns
        return {n.lower() for n in found if n.strip()}


def _text_columns(model) -> list:
    """The columns of a model that hold text or JSON, so new ones are covered unasked."""
    return [
        c
        for c in model.__table__.columns
        if isinstance(c.type, String | Text | JSON) and not c.primary_key and not c.foreign_keys
    ]


def scrub_rows(session: Session, model, person: Forgotten, *where) -> int:
    """Remove the person from every text and JSON column of the model's rows (optionally only
    those matching `where`): a first pass in SQL finds the rows, the exact one in Python."""
    columns = _text_columns(model)
    if not columns:
        return 0
    mentions = [
        func.lower(cast(c, Text) if isinstance(c.type, JSON) else c).contains(n, autoescape=True)
        for c in columns
        for n in person.needles()
    ]
    changed = 0
    for row in session.scalars(select(model).where(or_(*mentions), *where)):
        for column in columns:
            attr = model.__mapper__.get_property_by_column(column).key
            value = getattr(row, attr)
            if value is None:
                continue
            clean = (
                person.scrub_json(value)
                if isinstance(column.type, JSON)
                else person.scrub_text(value)
            )
            if clean != value:
                setattr(row, attr, clean)
                changed += 1
    session.flush()
    return changed
