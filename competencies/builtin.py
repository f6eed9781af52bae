"""Bagage's built-in frameworks: CASE packages shipped in competencies/packages/.

Their identifiers are uuid5 names under a fixed namespace, so every instance has the same
ids and a newer package updates an older one in place.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from competencies.case import ImportResult, import_package

PACKAGES = Path(__file__).parent / "packages"


def builtin_packages() -> list[Path]:
    return sorted(PACKAGES.glob("*.json"))


def sync_builtin(session: Session) -> list[ImportResult]:
    """Load (or update) every built-in framework."""
    return [
        import_package(session, json.loads(path.read_text(encoding="utf-8")), builtin=True)
        for path in builtin_packages()
    ]
