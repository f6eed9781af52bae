"""Owning one's growth: the development plan, the professionalisation log against the
entitlement, and confidential coaching notes."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_login import login_required

from api import reading
from api.blueprint import Blueprint
from api.schemas import (
    ActivityIn,
    ActivityOut,
    CoachingNoteIn,
    CoachingNoteOut,
    GoalIn,
    GoalOut,
    GoalProgressIn,
    GrowthSettingsIn,
    GrowthSettingsOut,
    OverviewOut,
    YearQuery,
    YearReviewIn,
    YearReviewOut,
)
from app import access, clock
from app.auth import acting_user
from app.db import db
from app.growth import services
from app.growth.render import log_pdf
from app.people import services as people
from media import serving

PREFIX = ""
blp = Blueprint("growth", __name__, description="Development plan, log and coaching")


def _year(query: dict) -> int:
    return query.get("year") or services.school_year_of(clock.today())


def _owned(dossier_id):
    return access.owned_dossier(db.session(), acting_user(), dossier_id)


@blp.route("/me/growth-settings")
class Settings(MethodView):
    @blp.response(200, GrowthSettingsOut)
    @login_required
    def get(self):
        """Your working time (FTE) and any entitlement of your own."""
        return services.settings_of(db.session(), acting_user())

    @blp.arguments(GrowthSettingsIn)
    @blp.response(200, GrowthSettingsOut)
    @login_required
    def put(self, data):
        """Set your FTE; hours_override/budget_override where your contract differs."""
        settings = services.update_settings(db.session(), acting_user(), data)
        return settings


@blp.route("/dossiers/<uuid:dossier_id>/growth/overview", methods=["GET"])
@blp.arguments(YearQuery, location="query")
@blp.response(200, OverviewOut)
@login_required
def overview(query, dossier_id: uuid.UUID):
    """This school year's hours and budget, used and planned, against the entitlement."""
    result = services.overview(db.session(), _owned(dossier_id), acting_user(), _year(query))
    return result


@blp.route("/dossiers/<uuid:dossier_id>/growth/review")
class Review(MethodView):
    @blp.arguments(YearQuery, location="query")
    @blp.response(200, YearReviewOut)
    @login_required
    def get(self, query, dossier_id: uuid.UUID):
        """A school year looked back on: the plan against what was done, and your reflection."""
        dossier = _owned(dossier_id)
        return services.year_review(db.session(), dossier, acting_user(), _year(query))

    @blp.arguments(YearQuery, location="query")
    @blp.arguments(YearReviewIn)
    @blp.response(200, YearReviewOut)
    @login_required
    def put(self, query, data, dossier_id: uuid.UUID):
        """Write what came of the year's plan ("wat is daarvan terecht gekomen?")."""
        dossier, year = _owned(dossier_id), _year(query)
        services.save_reflection(db.session(), dossier, year, data["reflection"])
        return services.year_review(db.session(), dossier, acting_user(), year)


@blp.route("/dossiers/<uuid:dossier_id>/goals")
class Goals(MethodView):
    @blp.arguments(YearQuery, location="query")
    @blp.response(200, GoalOut(many=True))
    @login_required
    def get(self, query, dossier_id: uuid.UUID):
        """The development plan of a school year (this one by default)."""
        goals = services.goals_of(db.session(), _owned(dossier_id), _year(query))
        return services.with_competencies(db.session(), goals)

    @blp.arguments(GoalIn)
    @blp.response(201, GoalOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """Add a goal."""
        goal = services.create_goal(db.session(), _owned(dossier_id), data)
        return services.with_competencies(db.session(), [goal])[0]


@blp.route("/goals/<uuid:goal_id>")
class GoalItem(MethodView):
    @blp.response(200, GoalOut)
    @login_required
    def get(self, goal_id: uuid.UUID):
        """One goal of your development plan."""
        goal, _ = access.owned_goal(db.session(), acting_user(), goal_id)
        return services.with_competencies(db.session(), [goal])[0]

    @blp.arguments(GoalIn(partial=True, exclude=("school_year",)))
    @blp.response(200, GoalOut)
    @login_required
    def patch(self, changes, goal_id: uuid.UUID):
        """Change a goal (its status, target date, links, ...)."""
        goal, dossier = access.owned_goal(db.session(), acting_user(), goal_id)
        services.update_goal(db.session(), dossier, goal, changes)
        return services.with_competencies(db.session(), [goal])[0]

    @blp.response(204)
    @login_required
    def delete(self, goal_id: uuid.UUID):
        """Remove a goal."""
        goal, dossier = access.owned_goal(db.session(), acting_user(), goal_id)
        services.delete_goal(db.session(), dossier, goal)


@blp.route("/goals/<uuid:goal_id>/progress", methods=["POST"])
@blp.arguments(GoalProgressIn)
@blp.response(201, GoalOut)
@login_required
def progress(data, goal_id: uuid.UUID):
    """Reflect on the goal's progress (free, STARR or Korthagen)."""
    goal, _ = access.owned_goal(db.session(), acting_user(), goal_id)
    services.add_progress_note(db.session(), goal, data["model"], data["content"])
    return services.with_competencies(db.session(), [goal])[0]


@blp.route("/dossiers/<uuid:dossier_id>/activities")
class Activities(MethodView):
    @blp.arguments(YearQuery, location="query")
    @blp.response(200, ActivityOut(many=True))
    @login_required
    def get(self, query, dossier_id: uuid.UUID):
        """The professionalisation log of a school year."""
        activities = services.activities_of(db.session(), _owned(dossier_id), _year(query))
        return services.with_competencies(db.session(), activities)

    @blp.arguments(ActivityIn)
    @blp.response(201, ActivityOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """Log an activity (done, or planned)."""
        activity = services.create_activity(db.session(), _owned(dossier_id), data)
        return services.with_competencies(db.session(), [activity])[0]


@blp.route("/activities/<uuid:activity_id>")
class ActivityItem(MethodView):
    @blp.arguments(ActivityIn(partial=True))
    @blp.response(200, ActivityOut)
    @login_required
    def patch(self, changes, activity_id: uuid.UUID):
        """Change an activity (e.g. planned → done)."""
        activity, dossier = access.owned_activity(db.session(), acting_user(), activity_id)
        services.update_activity(db.session(), dossier, activity, changes)
        return services.with_competencies(db.session(), [activity])[0]

    @blp.response(204)
    @login_required
    def delete(self, activity_id: uuid.UUID):
        """Remove an activity."""
        activity, _ = access.owned_activity(db.session(), acting_user(), activity_id)
        db.session.delete(activity)


@blp.route("/dossiers/<uuid:dossier_id>/activities.csv", methods=["GET"])
@blp.arguments(YearQuery, location="query")
@blp.response(200, description="CSV for a Dutch spreadsheet", content_type="text/csv")
@login_required
@serving.serves_files
def activities_csv(query, dossier_id: uuid.UUID):
    """The log as CSV (semicolons, decimal commas, UTF-8), for whoever you choose to show it."""
    year = _year(query)
    data = services.activities_csv(services.activities_of(db.session(), _owned(dossier_id), year))
    return serving.send(
        data, content_type="text/csv",
        filename=f"professionalisering-{year}-{year + 1}.csv",
    )  # fmt: skip


@blp.route("/dossiers/<uuid:dossier_id>/activities.pdf", methods=["GET"])
@blp.arguments(YearQuery, location="query")
@blp.response(200, description="The log as PDF", content_type="application/pdf")
@login_required
@serving.serves_files
def activities_pdf(query, dossier_id: uuid.UUID):
    """The log of a school year as PDF, with the hours and budget against the entitlement
    (saved money included), the year's goals and its review, in your language."""
    user, year = acting_user(), _year(query)
    session = db.session()
    dossier = _owned(dossier_id)
    data = log_pdf(
        owner=user.display_name, lang=user.locale, made_on=clock.today(),
        overview=services.overview(session, dossier, user, year),
        activities=services.activities_of(session, dossier, year),
        goals=services.goals_of(session, dossier, year),
        review=services.year_review(session, dossier, user, year),
    )  # fmt: skip
    return serving.send(
        data, content_type="application/pdf",
        filename=f"professionalisering-{year}-{year + 1}.pdf",
    )  # fmt: skip


@blp.route("/dossiers/<uuid:dossier_id>/coaching-notes")
class CoachingNotes(MethodView):
    @blp.response(200, CoachingNoteOut(many=True))
    @login_required
    @reading.logged
    def get(self, dossier_id: uuid.UUID):
        """Session notes: the owner reads them all, a coach their own, nobody else any."""
        user = acting_user()
        dossier = access.viewable_dossier(db.session(), user, dossier_id)
        a = access.access_to(db.session(), user, dossier)
        notes = services.coaching_notes(db.session(), dossier, a, user)
        reading.record(dossier, "read_coaching_notes", dossier.id)
        return notes

    @blp.arguments(CoachingNoteIn)
    @blp.response(201, CoachingNoteOut)
    @login_required
    def post(self, data, dossier_id: uuid.UUID):
        """A coach writes down a session (confidential: coach and owner only)."""
        user = acting_user()
        dossier = access.viewable_dossier(db.session(), user, dossier_id)
        a = access.access_to(db.session(), user, dossier)
        note = services.add_coaching_note(db.session(), dossier, a, user, data)
        people.notify(db.session(), dossier.owner_id, "coaching_note", dossier.id,
                      {"by": user.display_name, "note_id": str(note.id),
                       "dossier_id": str(dossier.id)})  # fmt: skip
        return note


@blp.route("/coaching-notes/<uuid:note_id>")
class CoachingNoteItem(MethodView):
    @blp.arguments(CoachingNoteIn(partial=True))
    @blp.response(200, CoachingNoteOut)
    @login_required
    def patch(self, changes, note_id: uuid.UUID):
        """The coach changes their own note."""
        note = access.own_coaching_note(db.session(), acting_user(), note_id)
        services.update_coaching_note(db.session(), note, changes)
        return note

    @blp.response(204)
    @login_required
    def delete(self, note_id: uuid.UUID):
        """Remove a note: the owner any note about them, a coach their own."""
        note = access.removable_coaching_note(db.session(), acting_user(), note_id)
        services.delete_coaching_note(db.session(), note)
