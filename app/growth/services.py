"""The development plan, the professionalisation log and its entitlement, coaching notes."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.access import Access, readable_coaching_notes_condition, require_coach
from app.accounts.models import User
from app.db import get_or_create, utcnow
from app.dossiers.models import REFLECTION_FIELDS, Dossier
from app.dossiers.services import require_own_evidence
from app.errors import Invalid
from app.forgetting import DELETED_ACCOUNT
from app.growth.models import Activity, CoachingNote, Goal, GrowthSettings
from competencies.models import FrameworkItem
from competencies.services import require_items

# --- the school year and the entitlement --------------------------------------------------


def school_year_of(day: date) -> int:
    start_month = current_app.config["SCHOOL_YEAR_START_MONTH"]
    return day.year if day.month >= start_month else day.year - 1


def school_year_bounds(year: int) -> tuple[date, date]:
    start_month = current_app.config["SCHOOL_YEAR_START_MONTH"]
    start = date(year, start_month, 1)
    end = date.fromordinal(date(year + 1, start_month, 1).toordinal() - 1)
    return start, end


def settings_of(session: Session, user: User) -> GrowthSettings:
    """The person's settings, or the defaults (full time, the instance's entitlement) unsaved:
    reading never writes, so the screens' parallel requests cannot collide."""
    return session.get(GrowthSettings, user.id) or GrowthSettings(
        user_id=user.id, fte=Decimal("1.000")
    )


def update_settings(session: Session, user: User, changes: dict) -> GrowthSettings:
    settings = get_or_create(session, GrowthSettings, {"fte": Decimal("1.000")}, user_id=user.id)
    if "fte" in changes:
        fte = Decimal(str(changes["fte"]))
        if not Decimal("0") < fte <= Decimal("1.5"):
            raise Invalid("Working time is between 0 and 1.5 FTE.", {"fte": ["Out of range."]})
        settings.fte = fte
    for key in ("hours_override", "budget_override"):
        if key in changes:
            value = changes[key]
            setattr(settings, key, None if value is None else Decimal(str(value)))
    session.flush()
    return settings


@dataclass
class Overview:
    school_year: int
    starts: date
    ends: date
    fte: Decimal
    entitlement_hours: Decimal
    hours_done: Decimal
    hours_planned: Decimal
    budget: Decimal
    spent: Decimal
    spent_planned: Decimal
    #: The instance's defaults, so a person sees what their own numbers replace.
    hours_full_time: Decimal = Decimal("0")
    budget_default: Decimal = Decimal("0")


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def overview(session: Session, dossier: Dossier, user: User, year: int) -> Overview:
    """Hours and money used and planned this school year, against the entitlement."""
    settings = settings_of(session, user)
    full_time = Decimal(str(current_app.config["GROWTH_HOURS_FULL_TIME"]))
    hours = settings.hours_override
    if hours is None:
        hours = (full_time * settings.fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    budget_default = _money(current_app.config["GROWTH_BUDGET_EUROS"])
    budget = settings.budget_override
    if budget is None:
        budget = budget_default
    starts, ends = school_year_bounds(year)
    activities = activities_of(session, dossier, year)
    done = [a for a in activities if not a.planned]
    planned = [a for a in activities if a.planned]
    return Overview(
        school_year=year, starts=starts, ends=ends, fte=settings.fte,
        entitlement_hours=Decimal(hours), budget=_money(budget),
        hours_done=sum((a.hours for a in done), Decimal("0")),
        hours_planned=sum((a.hours for a in planned), Decimal("0")),
        spent=_money(sum((a.cost for a in done), Decimal("0"))),
        spent_planned=_money(sum((a.cost for a in planned), Decimal("0"))),
        hours_full_time=full_time, budget_default=budget_default,
    )  # fmt: skip


# --- goals (the development plan) -------------------------------------------------------


def goals_of(session: Session, dossier: Dossier, year: int) -> list[Goal]:
    return list(
        session.scalars(
            select(Goal)
            .where(Goal.dossier_id == dossier.id, Goal.school_year == year)
            .order_by(Goal.created_at)
        )
    )


def _ids(values) -> list[str]:
    return [str(v) for v in values or []]


def _goal_ids(session: Session, dossier: Dossier, values) -> list[str]:
    """Goals of the same dossier only."""
    ids = list(dict.fromkeys(_ids(values)))
    if ids:
        found = set(
            str(i)
            for i in session.scalars(
                select(Goal.id).where(
                    Goal.dossier_id == dossier.id, Goal.id.in_([uuid.UUID(i) for i in ids])
                )
            )
        )
        if missing := [i for i in ids if i not in found]:
            raise Invalid("No such goal.", {"goal_ids": [f"Unknown: {', '.join(missing)}."]})
    return ids


def with_competencies(session: Session, rows: list):
    """Give goals and activities the code and statement of their competencies, for reading
    (one query for all of them); a competency that was deleted is left out."""
    wanted = {uuid.UUID(i) for row in rows for i in row.competency_ids or []}
    items = {}
    if wanted:
        items = {
            str(item.id): item
            for item in session.scalars(select(FrameworkItem).where(FrameworkItem.id.in_(wanted)))
        }
    for row in rows:
        row.competencies = [
            {"id": i, "framework_id": items[i].framework_id, "human_code": items[i].human_code,
             "full_statement": items[i].full_statement}
            for i in row.competency_ids or [] if i in items
        ]  # fmt: skip
    return rows


def create_goal(session: Session, dossier: Dossier, data: dict) -> Goal:
    require_own_evidence(session, dossier, data.get("evidence_ids"), "evidence_ids")
    year = data.pop("school_year", None) or school_year_of(clock.today())
    goal = Goal(
        dossier_id=dossier.id, school_year=year,
        competency_ids=require_items(
            session, dossier.owner, data.pop("competency_ids", []), "competency_ids"
        ),
        evidence_ids=_ids(data.pop("evidence_ids", [])), progress_notes=[], **data,
    )  # fmt: skip
    session.add(goal)
    session.flush()
    return goal


def update_goal(session: Session, dossier: Dossier, goal: Goal, changes: dict) -> Goal:
    if "evidence_ids" in changes:
        require_own_evidence(session, dossier, changes["evidence_ids"], "evidence_ids")
        changes["evidence_ids"] = _ids(changes["evidence_ids"])
    if "competency_ids" in changes:
        changes["competency_ids"] = require_items(
            session, dossier.owner, changes["competency_ids"], "competency_ids"
        )
    for key, value in changes.items():
        setattr(goal, key, value)
    session.flush()
    return goal


def delete_goal(session: Session, dossier: Dossier, goal: Goal) -> None:
    """Remove a goal; activities that served it stay in the log, without the link."""
    key = str(goal.id)
    for activity in session.scalars(select(Activity).where(Activity.dossier_id == dossier.id)):
        if key in (activity.goal_ids or []):
            activity.goal_ids = [g for g in activity.goal_ids if g != key]
    session.delete(goal)
    session.flush()


def add_progress_note(session: Session, goal: Goal, model: str, content: dict) -> Goal:
    allowed = REFLECTION_FIELDS[model]
    if set(content) - set(allowed) or not any(str(v).strip() for v in content.values()):
        raise Invalid("Write your reflection in the model's parts.",
                      {"content": [f"Use: {', '.join(allowed)}."]})  # fmt: skip
    note = {"model": model, "content": {k: str(content.get(k, "")).strip() for k in allowed},
            "at": utcnow().isoformat()}  # fmt: skip
    goal.progress_notes = [*goal.progress_notes, note]
    session.flush()
    return goal


# --- activities (the professionalisation log) ---------------------------------------------


def activities_of(session: Session, dossier: Dossier, year: int) -> list[Activity]:
    starts, ends = school_year_bounds(year)
    return list(
        session.scalars(
            select(Activity)
            .where(Activity.dossier_id == dossier.id, Activity.on_date >= starts)
            .where(Activity.on_date <= ends)
            .order_by(Activity.on_date, Activity.created_at)
        )
    )


def create_activity(session: Session, dossier: Dossier, data: dict) -> Activity:
    certificate = data.get("certificate_evidence_id")
    require_own_evidence(
        session, dossier, [certificate] if certificate else [], "certificate_evidence_id"
    )
    activity = Activity(
        dossier_id=dossier.id, goal_ids=_goal_ids(session, dossier, data.pop("goal_ids", [])),
        competency_ids=require_items(
            session, dossier.owner, data.pop("competency_ids", []), "competency_ids"
        ),
        **data,
    )  # fmt: skip
    session.add(activity)
    session.flush()
    return activity


def update_activity(session: Session, dossier: Dossier, activity: Activity, changes: dict):
    if changes.get("certificate_evidence_id"):
        require_own_evidence(session, dossier, [changes["certificate_evidence_id"]],
                      "certificate_evidence_id")  # fmt: skip
    if "goal_ids" in changes:
        changes["goal_ids"] = _goal_ids(session, dossier, changes["goal_ids"])
    if "competency_ids" in changes:
        changes["competency_ids"] = require_items(
            session, dossier.owner, changes["competency_ids"], "competency_ids"
        )
    for key, value in changes.items():
        setattr(activity, key, value)
    session.flush()
    return activity


KIND_LABELS = {
    "course": "Cursus of training", "study_day": "Studiedag", "conference": "Congres",
    "peer_observation": "Collegiale consultatie", "intervision": "Intervisie",
    "coaching": "Coaching", "reading": "Vakliteratuur", "online_learning": "Online leren",
    "other": "Anders",
}  # fmt: skip


def activities_csv(activities: list[Activity]) -> bytes:
    """For a Dutch spreadsheet: UTF-8 with a byte-order mark, semicolons, decimal commas."""

    def number(value: Decimal) -> str:
        return f"{value:.2f}".replace(".", ",")

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Datum", "Soort", "Activiteit", "Aanbieder", "Uren", "Kosten (€)", "Status"])
    for a in activities:
        writer.writerow([
            a.on_date.strftime("%d-%m-%Y"), KIND_LABELS.get(a.kind, a.kind), a.title,
            a.provider, number(a.hours), number(a.cost), "gepland" if a.planned else "gedaan",
        ])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- confidential coaching ----------------------------------------------------------------


def coaching_notes(session: Session, dossier: Dossier, access: Access, user: User):
    """The owner reads every note; a coach reads their own; nobody else reads any."""
    readable = readable_coaching_notes_condition(access, user)
    query = select(CoachingNote).where(CoachingNote.dossier_id == dossier.id, readable)
    return list(session.scalars(query.order_by(CoachingNote.session_date.desc())))


def add_coaching_note(session, dossier, access: Access, coach: User, data) -> CoachingNote:
    require_coach(access)
    note = CoachingNote(dossier_id=dossier.id, coach_id=coach.id, **data)
    session.add(note)
    session.flush()
    return note


def delete_coaching_note(session: Session, note: CoachingNote) -> None:
    session.delete(note)
    session.flush()


def update_coaching_note(session: Session, note: CoachingNote, changes: dict) -> CoachingNote:
    for key, value in changes.items():
        setattr(note, key, value)
    session.flush()
    return note


def forget_person(session: Session, user: User) -> None:
    """Notes they wrote as someone's coach stay in that dossier, by a deleted account."""
    for note in session.scalars(select(CoachingNote).where(CoachingNote.coach_id == user.id)):
        note.coach_name = DELETED_ACCOUNT
    session.flush()
