"""The development plan, the professionalisation log and its entitlement, coaching notes."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
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
from app.growth.models import Activity, CoachingNote, Goal, GrowthSettings, YearReview
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
    if "saving_since" in changes:
        settings.saving_since = changes["saving_since"]
    for key in ("hours_override", "budget_override"):
        if key in changes:
            value = changes[key]
            setattr(settings, key, None if value is None else Decimal(str(value)))
    session.flush()
    return settings


@dataclass
class SavedBudget:
    """Money left over from an earlier school year, still to be spent until `usable_until`."""

    school_year: int
    amount: Decimal
    #: The last school year in which it may be spent; after it, what is left expires.
    usable_until: int
    #: What is left of it after this year's spending so far (the oldest money goes first).
    left: Decimal = Decimal("0.00")


@dataclass
class Overview:
    school_year: int
    starts: date
    ends: date
    fte: Decimal
    entitlement_hours: Decimal
    hours_done: Decimal
    hours_planned: Decimal
    #: This school year's own budget (pro rata to FTE under the default rule).
    budget: Decimal
    spent: Decimal
    spent_planned: Decimal
    #: The instance's defaults, so a person sees what their own numbers replace.
    hours_full_time: Decimal = Decimal("0")
    budget_default: Decimal = Decimal("0")
    rule: str = "pro_rata"
    #: Unspent money of earlier years still usable this year, at the year's start, oldest first.
    saved: list[SavedBudget] = field(default_factory=list)
    saving_since: int | None = None

    @property
    def saved_total(self) -> Decimal:
        return sum((s.amount for s in self.saved), Decimal("0.00"))

    @property
    def available(self) -> Decimal:
        return self.budget + self.saved_total

    @property
    def left(self) -> Decimal:
        """May be below zero: more spent than there was."""
        return self.available - self.spent


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def entitlement(settings: GrowthSettings) -> tuple[Decimal, Decimal]:
    """A year's hours and budget: one's own agreement where set, else the instance's rule."""
    full_time = Decimal(str(current_app.config["GROWTH_HOURS_FULL_TIME"]))
    full_budget = _money(current_app.config["GROWTH_BUDGET_EUROS"])
    share = settings.fte if current_app.config["GROWTH_ENTITLEMENT_RULE"] == "pro_rata" else 1
    hours = settings.hours_override
    if hours is None:
        hours = (full_time * share).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    budget = settings.budget_override
    if budget is None:
        budget = full_budget * share
    return Decimal(hours), _money(budget)


def saved_budget(session: Session, dossier: Dossier, settings: GrowthSettings, year: int,
                 budget: Decimal) -> list[SavedBudget]:  # fmt: skip
    """What earlier years left for `year`. Every year since saving began is replayed: its
    budget joins the pot, its spending (activities done) takes the oldest money first, and
    money older than GROWTH_SAVING_YEARS years expires. The same budget counts for each year
    (today's working time and agreement)."""
    keep = current_app.config["GROWTH_SAVING_YEARS"]
    since = settings.saving_since
    if since is None or keep <= 0 or since >= year:
        return []
    first = max(since, year - 100)  # a mistyped year cannot make this loop for long
    first_day, _ = school_year_bounds(first)
    _, last_day = school_year_bounds(year)
    spent_in: dict[int, Decimal] = {}
    rows = session.execute(
        select(Activity.on_date, Activity.cost).where(
            Activity.dossier_id == dossier.id, Activity.planned.is_(False),
            Activity.on_date >= first_day, Activity.on_date <= last_day,
        )
    )  # fmt: skip
    for on_date, cost in rows:
        y = school_year_of(on_date)
        spent_in[y] = spent_in.get(y, Decimal("0")) + Decimal(cost)
    pots: list[list] = []  # [school year, amount left], oldest first
    saved: list[SavedBudget] = []
    for y in range(first, year + 1):
        pots = [p for p in pots if p[0] >= y - keep and p[1] > 0]
        pots.append([y, budget])
        if y == year:
            saved = [SavedBudget(p[0], _money(p[1]), p[0] + keep) for p in pots[:-1]]
        owed = spent_in.get(y, Decimal("0"))
        for pot in pots:
            used = min(pot[1], owed)
            pot[1] -= used
            owed -= used
    for entry, pot in zip(saved, pots, strict=False):
        entry.left = _money(pot[1])
    return saved


def overview(session: Session, dossier: Dossier, user: User, year: int) -> Overview:
    """Hours and money used and planned this school year, against the entitlement and what
    earlier years saved."""
    settings = settings_of(session, user)
    hours, budget = entitlement(settings)
    starts, ends = school_year_bounds(year)
    activities = activities_of(session, dossier, year)
    done = [a for a in activities if not a.planned]
    planned = [a for a in activities if a.planned]
    return Overview(
        school_year=year, starts=starts, ends=ends, fte=settings.fte,
        entitlement_hours=hours, budget=budget,
        hours_done=sum((a.hours for a in done), Decimal("0")),
        hours_planned=sum((a.hours for a in planned), Decimal("0")),
        spent=_money(sum((a.cost for a in done), Decimal("0"))),
        spent_planned=_money(sum((a.cost for a in planned), Decimal("0"))),
        hours_full_time=Decimal(str(current_app.config["GROWTH_HOURS_FULL_TIME"])),
        budget_default=_money(current_app.config["GROWTH_BUDGET_EUROS"]),
        rule=current_app.config["GROWTH_ENTITLEMENT_RULE"],
        saved=saved_budget(session, dossier, settings, year, budget),
        saving_since=settings.saving_since,
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
    writer.writerow(["Datum", "Soort", "Activiteit", "Aanbieder", "Uren", "Kosten (€)", "Status",
                     "Verplicht of zelf gekozen"])  # fmt: skip
    for a in activities:
        writer.writerow([
            a.on_date.strftime("%d-%m-%Y"), KIND_LABELS.get(a.kind, a.kind), a.title,
            a.provider, number(a.hours), number(a.cost), "gepland" if a.planned else "gedaan",
            "verplicht" if a.required else "zelf gekozen",
        ])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- the year review ---------------------------------------------------------------------


@dataclass
class ReviewGoal:
    id: uuid.UUID
    title: str
    status: str
    activities_done: int
    hours_done: Decimal


@dataclass
class YearReviewView:
    """A school year's plan against what happened, and the teacher's reflection on it."""

    school_year: int
    overview: Overview
    goals: list[ReviewGoal]
    activities_done: int
    activities_still_planned: int
    required_hours: Decimal
    own_hours: Decimal
    reflection: str
    updated_at: object

    @property
    def goals_achieved(self) -> int:
        return sum(1 for g in self.goals if g.status == "achieved")


def year_review(session: Session, dossier: Dossier, user: User, year: int) -> YearReviewView:
    activities = activities_of(session, dossier, year)
    done = [a for a in activities if not a.planned]
    goals = [
        ReviewGoal(
            id=g.id, title=g.title, status=g.status,
            activities_done=sum(1 for a in done if str(g.id) in (a.goal_ids or [])),
            hours_done=sum((a.hours for a in done if str(g.id) in (a.goal_ids or [])),
                           Decimal("0")),
        )
        for g in goals_of(session, dossier, year)
    ]  # fmt: skip
    review = _review_row(session, dossier, year)
    return YearReviewView(
        school_year=year, overview=overview(session, dossier, user, year), goals=goals,
        activities_done=len(done), activities_still_planned=len(activities) - len(done),
        required_hours=sum((a.hours for a in done if a.required), Decimal("0")),
        own_hours=sum((a.hours for a in done if not a.required), Decimal("0")),
        reflection=review.reflection if review else "",
        updated_at=review.updated_at if review else None,
    )  # fmt: skip


def _review_row(session: Session, dossier: Dossier, year: int) -> YearReview | None:
    return session.scalar(
        select(YearReview).where(YearReview.dossier_id == dossier.id,
                                 YearReview.school_year == year)
    )  # fmt: skip


def save_reflection(session: Session, dossier: Dossier, year: int, text: str) -> YearReview:
    review = _review_row(session, dossier, year)
    if review is None:
        review = YearReview(dossier_id=dossier.id, school_year=year)
        session.add(review)
    review.reflection = text.strip()
    session.flush()
    return review


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
