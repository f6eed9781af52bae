"""What the workplace confirmed about a pupil, as the CV shows it: internship reports signed
by the workplace or school (who, when) and the levels the workplace gave (who, when).

It reads both the reports and the reflections, so it sits above the features that own them.
The owner chooses what goes on the CV (nothing until they do), and only what others may see
and what was confirmed in this Bagage counts: a report with a signature given here, a level
given here on an item the owner shares. What an import brought along is a name, not someone's
confirmation (a manifest can be edited by hand), so it never shows up in this section."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import shared_condition
from app.cv.models import CV
from app.dossiers.models import Dossier, Evidence, Reflection
from app.errors import Invalid
from app.exchange import ExportRefs, iso
from app.organisations import organisation_profile
from app.reports.models import InternshipReport
from app.reports.services import school_of
from competencies.models import FrameworkItem

#: The roles of the workplace: their levels are the ones a recruiter trusts most.
WORKPLACE_ROLES = ("employer",)


def signed_reports(session: Session, dossier_id: uuid.UUID) -> list[InternshipReport]:
    reports = session.scalars(
        select(InternshipReport)
        .where(InternshipReport.dossier_id == dossier_id)
        .order_by(InternshipReport.period_start.desc())
    )
    return [r for r in reports if _given_here(r)]


def _given_here(report: InternshipReport) -> list[dict]:
    """The sign-offs someone gave in this Bagage, not those an import brought along."""
    return [s for s in report.signoffs or [] if s.get("user_id") and not s.get("imported")]


def workplace_levels(session: Session, dossier_id: uuid.UUID) -> list[Reflection]:
    return list(
        session.scalars(
            select(Reflection)
            .join(Evidence, Evidence.id == Reflection.evidence_id)
            .where(Evidence.dossier_id == dossier_id, shared_condition())
            .where(Reflection.author_role.in_(WORKPLACE_ROLES), Reflection.withdrawn_at.is_(None))
            # Given by someone with an account here: an imported level's author is a name.
            .where(Reflection.author_id.is_not(None))
            .where(Reflection.level.is_not(None), Reflection.item_id.is_not(None))
            .order_by(Reflection.created_at.desc())
        )
    )


def _letterheads(session: Session):
    """The letterhead of the school a report speaks for (name, address, logo): made once per
    school in one answer, as the logo is read from storage."""
    made: dict = {}

    def letterhead(report: InternshipReport) -> dict | None:
        school = school_of(session, report)
        key = school.id if school is not None else None
        if key not in made:
            made[key] = organisation_profile(school)
        return made[key]

    return letterhead


def _report(report: InternshipReport, letterhead) -> dict:
    return {
        "id": report.id,
        "school": letterhead(report),
        "title": report.title,
        "internship": report.internship,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "signoffs": [
            {"name": s.get("name", ""), "role": s.get("role", ""), "signed_at": s.get("signed_at")}
            for s in _given_here(report)
        ],
    }


def _level(session: Session, reflection: Reflection) -> dict:
    item = session.get(FrameworkItem, reflection.item_id)
    evidence = session.get(Evidence, reflection.evidence_id)
    return {
        "id": reflection.id,
        "competency": item.full_statement if item else "",
        "human_code": item.human_code if item else "",
        "level": reflection.level,
        "level_label": reflection.level_label,
        "by": reflection.author.display_name if reflection.author else reflection.author_name,
        "role": reflection.author_role,
        "at": reflection.created_at,
        "evidence_title": evidence.title if evidence else "",
    }


def choices(session: Session, cv: CV) -> dict:
    """Everything the owner may put in the section, each marked when it is on the CV."""
    reports, levels = set(cv.report_ids or []), set(cv.level_ids or [])
    letterhead = _letterheads(session)
    return {
        "reports": [
            {**_report(r, letterhead), "on_cv": str(r.id) in reports}
            for r in signed_reports(session, cv.dossier_id)
        ],
        "levels": [
            {**_level(session, r), "on_cv": str(r.id) in levels}
            for r in workplace_levels(session, cv.dossier_id)
        ],
    }


def require_choosable(session: Session, dossier: Dossier, changes: dict) -> None:
    """Refuse a report nobody signed and a level the workplace did not give (or not on this
    dossier) before anything of the change is stored."""
    for field, allowed in (
        ("report_ids", {r.id for r in signed_reports(session, dossier.id)}),
        ("level_ids", {r.id for r in workplace_levels(session, dossier.id)}),
    ):
        chosen = changes.get(field)
        if chosen is not None and not set(chosen) <= allowed:
            what = "a signed report" if field == "report_ids" else "a level the workplace gave"
            raise Invalid(
                f"Only {what} of your own dossier can go on your CV as confirmed.",
                {field: ["Not signed, not given by the workplace, or not yours."]},
                code="cv_unconfirmed",
            )


def shown(session: Session, cv: CV) -> dict:
    """What the section shows: the owner's choice, of what still qualifies."""
    reports, levels = set(cv.report_ids or []), set(cv.level_ids or [])
    letterhead = _letterheads(session)
    return {
        "reports": [_report(r, letterhead) for r in signed_reports(session, cv.dossier_id)
                    if str(r.id) in reports],
        "levels": [_level(session, r) for r in workplace_levels(session, cv.dossier_id)
                   if str(r.id) in levels],
    }  # fmt: skip


def export_confirmed(session: Session, dossier: Dossier, refs: ExportRefs) -> dict:
    """What the section shows, for the dossier export: each report by what the export
    knows it by (title, internship, period) and each level by its item, competency, author
    and time. An import does not put them back: there they are names, not confirmations."""
    cv = session.scalar(select(CV).where(CV.dossier_id == dossier.id))
    content = shown(session, cv)
    levels = {str(r.id): r for r in workplace_levels(session, dossier.id)}
    return {
        "reports": [
            {"title": r["title"], "internship": r["internship"],
             "period_start": r["period_start"].isoformat(),
             "period_end": r["period_end"].isoformat(),
             "signoffs": [{"name": s["name"], "role": s["role"]} for s in r["signoffs"]]}
            for r in content["reports"]
        ],
        "levels": [
            {"evidence": refs.evidence_ref(reflection.evidence_id),
             "competency": refs.competency(reflection.item_id),
             "level": reflection.level, "author": level["by"], "author_role": level["role"],
             "created_at": iso(reflection.created_at)}
            for level in content["levels"]
            if (reflection := levels[str(level["id"])]) and refs.item(reflection.item_id)
        ],
    }  # fmt: skip
