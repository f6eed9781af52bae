"""Growth in the dossier export: the development plan (goals), the professionalisation log
(activities), the owner's working time and the coaching notes. The notes are confidential
(the coach and the owner only) but the owner's: they come along, the coach kept as a name.

An import skips a goal, an activity or a note the dossier has, and keeps the working time
a person set here themselves."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from marshmallow import fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.db import utcnow
from app.exchange import (
    ExportRefs,
    ImportPlace,
    amount,
    bad_row,
    check_row,
    decimal_or_none,
    iso,
    name_of,
    only_known,
    parse_time,
    rows_of,
)
from app.growth.models import (
    ACTIVITY_KINDS,
    GOAL_STATUSES,
    Activity,
    CoachingNote,
    Goal,
    GrowthSettings,
    YearReview,
)
from app.input import InputRules, Number, Text


class SettingsRules(InputRules):
    fte = Number(places=3, validate=validate.Range(min=0.01, max=1.5))
    hours_override = Number(
        places=1, allow_none=True, validate=validate.Range(min=0, max=2000),
        metadata={"description": "Hours of your own instead of the instance's × FTE"},
    )  # fmt: skip
    budget_override = Number(
        places=2, allow_none=True, validate=validate.Range(min=0, max=100_000),
        metadata={"description": "A budget of your own instead of the instance's"},
    )  # fmt: skip
    saving_since = fields.Integer(
        allow_none=True, validate=validate.Range(min=2000, max=2100),
        metadata={"description": "The first school year whose unspent budget you save"},
    )  # fmt: skip


class GoalRules(InputRules):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = Text(load_default="", validate=validate.Length(max=10_000))
    target_date = fields.Date(load_default=None, allow_none=True)
    planned_activities = Text(load_default="", validate=validate.Length(max=10_000))
    status = fields.String(load_default="planned", validate=validate.OneOf(GOAL_STATUSES))
    school_year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


class ActivityRules(InputRules):
    kind = fields.String(required=True, validate=validate.OneOf(ACTIVITY_KINDS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    on_date = fields.Date(required=True)
    hours = Number(places=2, load_default=0, validate=validate.Range(min=0, max=1000))
    cost = Number(places=2, load_default=0, validate=validate.Range(min=0, max=1_000_000))
    provider = fields.String(load_default="", validate=validate.Length(max=200))
    planned = fields.Boolean(load_default=False)
    required = fields.Boolean(
        load_default=False,
        metadata={"description": "Required by the school (verplicht), not chosen by you"},
    )


class ReviewRules(InputRules):
    reflection = Text(required=True, validate=validate.Length(max=20_000))


class ExportedReviewRules(ReviewRules):
    school_year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


#: The parts of a goal's progress notes, as the app writes them.
PROGRESS_PARTS = {"model": str, "content": dict, "at": str}


def export_growth(session: Session, dossier, refs: ExportRefs) -> dict:
    """The development plan, the professionalisation log and the owner's working time."""
    goals = session.scalars(
        select(Goal)
        .where(Goal.dossier_id == dossier.id)
        .order_by(Goal.school_year, Goal.created_at, Goal.id)
    ).all()
    activities = session.scalars(
        select(Activity)
        .where(Activity.dossier_id == dossier.id)
        .order_by(Activity.on_date, Activity.created_at, Activity.id)
    ).all()
    settings = session.get(GrowthSettings, dossier.owner_id)
    goal_refs = {g.id: n for n, g in enumerate(goals, start=1)}
    return {
        "settings": None if settings is None else {
            "fte": amount(settings.fte),
            "hours_override": amount(settings.hours_override),
            "budget_override": amount(settings.budget_override),
            "saving_since": settings.saving_since,
        },
        "goals": [
            {
                "ref": goal_refs[g.id],
                "school_year": g.school_year,
                "title": g.title,
                "description": g.description,
                "target_date": g.target_date.isoformat() if g.target_date else None,
                "planned_activities": g.planned_activities,
                "status": g.status,
                "competencies": refs.competency_refs(g.competency_ids),
                "evidence": refs.evidence_refs(g.evidence_ids),
                "progress": list(g.progress_notes or []),
                "created_at": iso(g.created_at),
                "updated_at": iso(g.updated_at),
            }
            for g in goals
        ],
        "activities": [
            {
                "kind": a.kind,
                "title": a.title,
                "on_date": a.on_date.isoformat(),
                "hours": amount(a.hours),
                "cost": amount(a.cost),
                "provider": a.provider,
                "planned": a.planned,
                "required": a.required,
                "certificate": refs.evidence_ref(a.certificate_evidence_id),
                "goals": [
                    goal_refs[uuid.UUID(i)] for i in a.goal_ids or []
                    if uuid.UUID(i) in goal_refs
                ],
                "competencies": refs.competency_refs(a.competency_ids),
                "created_at": iso(a.created_at),
            }
            for a in activities
        ],
        "reviews": [
            {"school_year": r.school_year, "reflection": r.reflection,
             "created_at": iso(r.created_at), "updated_at": iso(r.updated_at)}
            for r in session.scalars(
                select(YearReview).where(YearReview.dossier_id == dossier.id)
                .order_by(YearReview.school_year)
            )
        ],
    }  # fmt: skip


def export_coaching_notes(session: Session, dossier) -> list[dict]:
    notes = session.scalars(
        select(CoachingNote)
        .where(CoachingNote.dossier_id == dossier.id)
        .order_by(CoachingNote.session_date, CoachingNote.created_at, CoachingNote.id)
    ).all()
    return [
        {
            "coach": name_of(session.get(User, n.coach_id) if n.coach_id else None, n.coach_name),
            "session_date": n.session_date.isoformat(),
            "body": n.body,
            "created_at": iso(n.created_at),
            "updated_at": iso(n.updated_at),
        }
        for n in notes
    ]


def check_growth(growth) -> None:
    """Refuse values the app itself would refuse, naming the row. An unknown activity kind
    or goal status is mapped first, as the import does."""
    growth = growth or {}
    if not isinstance(growth, dict):
        raise bad_row("growth", None, "", "The export's growth section is damaged.")
    settings = growth.get("settings")
    if settings:
        check_row(SettingsRules(), {
            k: settings[k] for k in ("fte", "hours_override", "budget_override", "saving_since")
            if settings.get(k) is not None
        }, "working time")  # fmt: skip
    for row, g in enumerate(rows_of(growth.get("goals"), "goal"), start=1):
        if g.get("school_year") is None:
            raise bad_row("goal", row, "school_year", f"The export's goal {row} has no "
                          "school year. Nothing was imported.")  # fmt: skip
        check_row(GoalRules(), {
            "title": g.get("title"), "description": g.get("description") or "",
            "target_date": g.get("target_date"), "school_year": g.get("school_year"),
            "planned_activities": g.get("planned_activities") or "",
        }, "goal", row)  # fmt: skip
    for row, a in enumerate(rows_of(growth.get("activities"), "activity"), start=1):
        check_row(ActivityRules(), {
            "kind": a.get("kind") if a.get("kind") in ACTIVITY_KINDS else "other",
            "title": a.get("title"), "on_date": a.get("on_date"),
            "hours": a.get("hours") or 0, "cost": a.get("cost") or 0,
            "provider": a.get("provider") or "", "planned": bool(a.get("planned")),
            "required": bool(a.get("required")),
        }, "activity", row)  # fmt: skip
    for row, r in enumerate(rows_of(growth.get("reviews"), "year review"), start=1):
        check_row(ExportedReviewRules(), {
            "school_year": r.get("school_year"), "reflection": r.get("reflection") or "",
        }, "year review", row)  # fmt: skip


def import_growth(place: ImportPlace, data: dict) -> None:
    session, user = place.session, place.user
    wanted = data.get("settings")
    if wanted:
        # The working time comes along unless the person set their own here.
        settings = session.get(GrowthSettings, user.id)
        if settings is None:
            settings = GrowthSettings(user_id=user.id)
            session.add(settings)
        if (settings.fte in (None, Decimal("1")) and settings.hours_override is None
                and settings.budget_override is None):  # fmt: skip
            settings.fte = Decimal(wanted.get("fte") or "1")
            settings.hours_override = decimal_or_none(wanted.get("hours_override"))
            settings.budget_override = decimal_or_none(wanted.get("budget_override"))
            settings.saving_since = wanted.get("saving_since")
    goal_by_ref = _import_goals(place, data.get("goals") or [])
    _import_activities(place, data.get("activities") or [], goal_by_ref)
    _import_reviews(place, data.get("reviews") or [])


def _import_goals(place: ImportPlace, entries: list[dict]) -> dict:
    session, dossier = place.session, place.dossier
    goals = {
        (g.school_year, g.title): g.id
        for g in session.scalars(select(Goal).where(Goal.dossier_id == dossier.id))
    }
    goal_by_ref = {}
    for entry in entries:
        key = (int(entry["school_year"]), entry["title"][:200])
        if key in goals:
            goal_by_ref[entry.get("ref")] = goals[key]
            continue
        goal = Goal(
            id=uuid.uuid4(), dossier_id=dossier.id, school_year=key[0], title=key[1],
            description=entry.get("description") or "",
            target_date=date.fromisoformat(entry["target_date"])
            if entry.get("target_date") else None,
            planned_activities=entry.get("planned_activities") or "",
            status=entry["status"] if entry.get("status") in GOAL_STATUSES else "planned",
            competency_ids=place.competency_ids(entry.get("competencies")),
            evidence_ids=place.evidence_ids(entry.get("evidence")),
            progress_notes=only_known(entry.get("progress"), PROGRESS_PARTS),
            created_at=parse_time(entry.get("created_at")) or utcnow(),
            updated_at=parse_time(entry.get("updated_at")) or utcnow(),
        )  # fmt: skip
        session.add(goal)
        goals[key] = goal_by_ref[entry.get("ref")] = goal.id
        place.summary["goals"] += 1
    return goal_by_ref


def _import_activities(place: ImportPlace, entries: list[dict], goal_by_ref: dict) -> None:
    session, dossier = place.session, place.dossier
    logged = {
        (a.on_date, a.kind, a.title)
        for a in session.scalars(select(Activity).where(Activity.dossier_id == dossier.id))
    }
    for entry in entries:
        kind = entry["kind"] if entry.get("kind") in ACTIVITY_KINDS else "other"
        key = (date.fromisoformat(entry["on_date"]), kind, entry["title"][:200])
        if key in logged:
            continue
        logged.add(key)
        session.add(Activity(
            dossier_id=dossier.id, on_date=key[0], kind=kind, title=key[2],
            hours=decimal_or_none(entry.get("hours")) or Decimal("0"),
            cost=decimal_or_none(entry.get("cost")) or Decimal("0"),
            provider=(entry.get("provider") or "")[:200],
            planned=bool(entry.get("planned")),
            required=bool(entry.get("required")),
            certificate_evidence_id=place.evidence_id(entry.get("certificate")),
            goal_ids=[str(goal_by_ref[r]) for r in entry.get("goals") or [] if r in goal_by_ref],
            competency_ids=place.competency_ids(entry.get("competencies")),
            created_at=parse_time(entry.get("created_at")) or utcnow(),
        ))  # fmt: skip
        place.summary["activities"] += 1


def _import_reviews(place: ImportPlace, entries: list[dict]) -> None:
    """A year that has a review here keeps it."""
    session, dossier = place.session, place.dossier
    reviewed = set(session.scalars(
        select(YearReview.school_year).where(YearReview.dossier_id == dossier.id)
    ))  # fmt: skip
    for entry in entries:
        year = int(entry["school_year"])
        if year in reviewed:
            continue
        reviewed.add(year)
        session.add(YearReview(
            dossier_id=dossier.id, school_year=year, reflection=entry.get("reflection") or "",
            created_at=parse_time(entry.get("created_at")) or utcnow(),
            updated_at=parse_time(entry.get("updated_at")) or utcnow(),
        ))  # fmt: skip


def import_coaching_notes(place: ImportPlace, entries: list[dict]) -> None:
    """The notes come along with their coach as a name; one that is there already is not."""
    session, dossier = place.session, place.dossier
    noted = {
        (n.session_date, n.body)
        for n in session.scalars(select(CoachingNote).where(CoachingNote.dossier_id == dossier.id))
    }
    for data in entries:
        session_date = date.fromisoformat(data["session_date"])
        if (session_date, data["body"]) in noted:
            continue
        session.add(CoachingNote(
            dossier_id=dossier.id, coach_id=None, coach_name=(data.get("coach") or "")[:200],
            session_date=session_date, body=data["body"],
            created_at=parse_time(data.get("created_at")) or utcnow(),
            updated_at=parse_time(data.get("updated_at")) or utcnow(),
        ))  # fmt: skip
        place.summary["coaching_notes"] += 1
