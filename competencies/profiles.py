"""Who someone is (role and sector) and which built-in frameworks that gives their dossier.

The first screen after sign-up asks the role and, for pupils and teachers, the sector; the
dossier then works with the matching frameworks, so search and coverage show those first.
"""

from __future__ import annotations

import functools
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import ROLE_SECTORS, User
from app.db import utcnow
from app.dossiers.models import Dossier
from app.errors import Invalid
from competencies.builtin import PACKAGES
from competencies.case import import_package
from competencies.models import DossierFramework, Framework

_NL_TEACHER = ("nl-bekwaamheidseisen-2017",)
_VL_TEACHER = ("vl-basiscompetenties-2018",)

#: (role, sector) → the built-in packages (file stems in competencies/packages/) the owner's
#: dossier works with. A role not listed (coordinator, supervisor, coach) keeps its dossier's
#: frameworks as they are.
PROFILE_FRAMEWORKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("pupil", "vso"): (
        "nl-vso-leergebiedoverstijgende-themas",
        "nl-vso-voorbereiding-op-arbeid",
        "nl-werknemersvaardigheden-25-competenties",
    ),
    ("pupil", "praktijkonderwijs"): ("nl-werknemersvaardigheden-25-competenties",),
    ("pupil", "mbo"): ("nl-werknemersvaardigheden-25-competenties",),
    ("teacher", "nl-po"): _NL_TEACHER,
    ("teacher", "nl-vo"): _NL_TEACHER,
    ("teacher", "nl-mbo"): _NL_TEACHER,
    ("teacher", "vl-basis"): _VL_TEACHER,
    ("teacher", "vl-secundair"): _VL_TEACHER,
    # Student teachers also meet the SBL competencies many teacher training courses still use,
    # with the indicators of their sector.
    ("student_teacher", "nl-po"): (*_NL_TEACHER, "nl-sbl-indicatoren-po"),
    ("student_teacher", "nl-vo"): (*_NL_TEACHER, "nl-sbl-indicatoren-vo-bve"),
    ("student_teacher", "nl-mbo"): (*_NL_TEACHER, "nl-sbl-indicatoren-vo-bve"),
    ("student_teacher", "vl-basis"): _VL_TEACHER,
    ("student_teacher", "vl-secundair"): _VL_TEACHER,
}


def check_profile(role: str, sector: str | None) -> None:
    """Refuse a role that is not known, or a sector that does not go with the role."""
    if role not in ROLE_SECTORS:
        raise Invalid("Unknown role.", {"role": [f"One of: {', '.join(ROLE_SECTORS)}."]})
    sectors = ROLE_SECTORS[role]
    if sectors and sector not in sectors:
        raise Invalid(
            "Choose the sector that goes with this role.",
            {"sector": [f"For {role}: one of {', '.join(sectors)}."]},
        )
    if not sectors and sector is not None:
        raise Invalid("This role has no sector.", {"sector": [f"Leave it out for {role}."]})


@functools.cache
def _package(stem: str) -> dict:
    return json.loads((PACKAGES / f"{stem}.json").read_text(encoding="utf-8"))


def builtin_framework(session: Session, stem: str) -> Framework:
    """The built-in framework of a package, loaded now if this instance has not synced it yet
    (`flask competencies sync-builtin` does them all)."""
    package = _package(stem)
    identifier = package["CFDocument"]["identifier"]
    framework = session.scalar(select(Framework).where(Framework.identifier == identifier))
    if framework is None:
        framework = import_package(session, package, builtin=True).framework
    return framework


def set_profile(session: Session, user: User, role: str, sector: str | None) -> User:
    """Say who the user is. For a pupil or (student) teacher, each of their own dossiers then
    works with the matching built-in frameworks.

    What the previous profile chose is replaced; what the owner chose by hand stays, also
    when the new profile would choose it too (the row stays theirs). Links from evidence are
    never touched: a framework no longer chosen keeps them, and choosing it again shows them.
    A role without frameworks of its own (coordinator, supervisor, coach) changes nothing.
    """
    check_profile(role, sector)
    user.role, user.sector, user.onboarded_at = role, sector, utcnow()
    stems = PROFILE_FRAMEWORKS.get((role, sector))
    if stems is not None:
        wanted = {builtin_framework(session, stem).id for stem in stems}
        for dossier in session.scalars(select(Dossier).where(Dossier.owner_id == user.id)):
            _choose(session, dossier, wanted)
    session.flush()
    return user


def _choose(session: Session, dossier: Dossier, wanted: set) -> None:
    rows = session.scalars(
        select(DossierFramework).where(DossierFramework.dossier_id == dossier.id)
    )
    have = set()
    for row in rows:
        if row.by_profile and row.framework_id not in wanted:
            session.delete(row)
        else:
            have.add(row.framework_id)
    for framework_id in wanted - have:
        session.add(
            DossierFramework(dossier_id=dossier.id, framework_id=framework_id, by_profile=True)
        )


def put_off(session: Session, user: User) -> User:
    """ "Later" on the first screen: the app does not ask again (the account screen can)."""
    if user.onboarded_at is None:
        user.onboarded_at = utcnow()
        session.flush()
    return user
