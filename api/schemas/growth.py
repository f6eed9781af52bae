"""Professional growth: settings, goals, activities and coaching notes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.schemas.base import InSchema, PersonOut, Text
from app.dossiers.models import REFLECTION_MODELS
from app.growth.exchange import ActivityRules, GoalRules, ReviewRules, SettingsRules


class GrowthSettingsIn(SettingsRules):
    """The working time's own rules (app.growth.exchange)."""


class GrowthSettingsOut(Schema):
    fte = fields.Float()
    hours_override = fields.Float(allow_none=True)
    budget_override = fields.Float(allow_none=True)
    saving_since = fields.Integer(allow_none=True)


class SavedBudgetOut(Schema):
    school_year = fields.Integer(metadata={"description": "The year the money was left over"})
    amount = fields.Float(metadata={"description": "What it held when this year began"})
    usable_until = fields.Integer(metadata={"description": "Last school year it may be spent"})
    left = fields.Float(metadata={"description": "What is left of it after this year's spending"})


class OverviewOut(Schema):
    school_year = fields.Integer()
    starts = fields.Date()
    ends = fields.Date()
    fte = fields.Float()
    entitlement_hours = fields.Float()
    hours_done = fields.Float()
    hours_planned = fields.Float()
    budget = fields.Float()
    spent = fields.Float()
    spent_planned = fields.Float()
    hours_full_time = fields.Float(metadata={"description": "Hours for a full-time job"})
    budget_default = fields.Float(
        metadata={"description": "The full-time budget unless your own is set"}
    )
    rule = fields.String(metadata={"description": "pro_rata (× FTE) or fixed"})
    saving_since = fields.Integer(allow_none=True)
    saved = fields.List(
        fields.Nested(SavedBudgetOut),
        metadata={"description": "Money saved from earlier years, oldest (spent first) first"},
    )
    saved_total = fields.Float()
    available = fields.Float(metadata={"description": "This year's budget and the saved money"})
    left = fields.Float(metadata={"description": "Available minus spent (below 0: overspent)"})


class YearQuery(InSchema):
    year = fields.Integer(validate=validate.Range(min=2000, max=2100),
                          metadata={"description": "Start year of the school year"})  # fmt: skip


class GoalIn(GoalRules):
    """A goal's own rules (app.growth.exchange), and what it is linked to."""

    competency_ids = fields.List(fields.UUID(), load_default=list)
    evidence_ids = fields.List(fields.UUID(), load_default=list)


class GoalProgressIn(InSchema):
    model = fields.String(load_default="free", validate=validate.OneOf(REFLECTION_MODELS))
    content = fields.Dict(keys=fields.String(), values=Text(), required=True)


class GrowthCompetencyOut(Schema):
    id = fields.String()
    framework_id = fields.UUID()
    human_code = fields.String()
    full_statement = fields.String()


class GoalOut(Schema):
    id = fields.UUID()
    school_year = fields.Integer()
    title = fields.String()
    description = fields.String()
    target_date = fields.Date(allow_none=True)
    planned_activities = fields.String()
    status = fields.String()
    competency_ids = fields.List(fields.String())
    competencies = fields.List(fields.Nested(GrowthCompetencyOut))
    evidence_ids = fields.List(fields.String())
    progress_notes = fields.List(fields.Dict())
    updated_at = fields.DateTime()


class ActivityIn(ActivityRules):
    """An activity's own rules (app.growth.exchange), and what it is linked to."""

    certificate_evidence_id = fields.UUID(load_default=None, allow_none=True)
    goal_ids = fields.List(fields.UUID(), load_default=list)
    competency_ids = fields.List(fields.UUID(), load_default=list)


class ActivityOut(Schema):
    id = fields.UUID()
    kind = fields.String()
    title = fields.String()
    on_date = fields.Date()
    hours = fields.Float()
    cost = fields.Float()
    provider = fields.String()
    planned = fields.Boolean()
    required = fields.Boolean()
    certificate_evidence_id = fields.UUID(allow_none=True)
    goal_ids = fields.List(fields.String())
    competency_ids = fields.List(fields.String())
    competencies = fields.List(fields.Nested(GrowthCompetencyOut))


class CoachingNoteIn(InSchema):
    session_date = fields.Date(required=True)
    body = Text(required=True, validate=validate.Length(min=1, max=20_000))


class CoachingNoteOut(Schema):
    id = fields.UUID()
    coach_id = fields.UUID(allow_none=True)
    coach = fields.Nested(PersonOut, allow_none=True)
    coach_name = fields.String(metadata={"description": "The coach's name when not a user here"})
    session_date = fields.Date()
    body = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class YearReviewIn(ReviewRules):
    """What came of the plan, in your own words."""


class ReviewGoalOut(Schema):
    id = fields.UUID()
    title = fields.String()
    status = fields.String()
    activities_done = fields.Integer()
    hours_done = fields.Float()


class YearReviewOut(Schema):
    school_year = fields.Integer()
    overview = fields.Nested(OverviewOut)
    goals = fields.List(fields.Nested(ReviewGoalOut))
    goals_achieved = fields.Integer()
    activities_done = fields.Integer()
    activities_still_planned = fields.Integer()
    required_hours = fields.Float(metadata={"description": "Hours done that the school required"})
    own_hours = fields.Float(metadata={"description": "Hours done by your own choice"})
    reflection = fields.String()
    updated_at = fields.DateTime(allow_none=True)
