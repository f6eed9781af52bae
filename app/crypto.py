"""Encryption at rest for words that must not be readable from a database dump alone
(coaching notes, reflections).

Keys come from ``DATA_ENCRYPTION_KEYS`` (comma-separated Fernet keys): the first encrypts,
all decrypt. To rotate, put a new key first, keep the old ones after it, and run
``flask rotate-encryption-key``; once it has finished, the old keys may be dropped.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app
from sqlalchemy import Text, TypeDecorator, select, type_coerce, update
from sqlalchemy.orm import Session

_cache: dict[tuple[str, ...], MultiFernet] = {}


def fernet(keys: tuple[str, ...] | None = None) -> MultiFernet:
    keys = tuple(keys if keys is not None else current_app.config["DATA_ENCRYPTION_KEYS"])
    if keys not in _cache:
        _cache[keys] = MultiFernet([Fernet(k) for k in keys])
    return _cache[keys]


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode("ascii")


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode("ascii")).decode()


class EncryptedText(TypeDecorator):
    """A text column stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect) -> str | None:
        return None if value is None else encrypt(self.to_text(value))

    def process_result_value(self, value: str | None, dialect) -> Any:
        return None if value is None else self.from_text(decrypt(value))

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text


class EncryptedJSON(EncryptedText):
    """A JSON value stored as a Fernet token (its keys cannot be queried in SQL)."""

    cache_ok = True  # not inherited: SQLAlchemy asks each TypeDecorator class

    def to_text(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def from_text(self, text: str) -> Any:
        return json.loads(text)


def encrypted_columns(metadata) -> list:
    return [
        column
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EncryptedText)
    ]


def rotate(session: Session, metadata, commit, batch: int = 500) -> int:
    """Re-encrypt every encrypted value with the first key; returns how many were rewritten.
    Tokens are rotated as they are, without being decoded into Python values; each batch is
    committed, so an interrupted run can simply be started again."""
    multi = fernet()
    count = 0
    for column in encrypted_columns(metadata):
        table = column.table
        (key,) = table.primary_key.columns
        ids = list(session.scalars(select(key).where(column.isnot(None))))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            rows = session.execute(
                select(key, type_coerce(column, Text())).where(key.in_(chunk))  # as stored
            ).all()
            for row_id, token in rows:
                fresh = multi.rotate(token.encode("ascii")).decode("ascii")
                session.execute(
                    update(table)
                    .where(key == row_id)
                    .values({column.name: type_coerce(fresh, Text())}),
                    execution_options={"synchronize_session": False},
                )
                count += 1
            commit()
    return count
