"""The professionalisation log of a school year as PDF (WeasyPrint), in Dutch or English."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.growth.models import Activity, Goal
from app.growth.services import KIND_LABELS, Overview, YearReviewView
from app.pdf import render_pdf

TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)
TEXTS = {
    "nl": {"title": "Professionalisering", "year": "schooljaar", "entitlement": "Tegoed",
           "hours": "Uren", "budget": "Budget", "done": "gedaan", "planned": "gepland",
           "spent": "uitgegeven", "of": "van", "left": "over", "fte": "werktijd",
           "log": "Activiteiten", "date": "Datum", "kind": "Soort", "activity": "Activiteit",
           "provider": "Aanbieder", "cost": "Kosten", "status": "Status", "total": "Totaal",
           "none": "Nog geen activiteiten in dit schooljaar.", "goals": "Ontwikkeldoelen",
           "target": "streefdatum", "made": "Gemaakt met Bagage op",
           "required": "verplicht", "own": "zelf gekozen", "origin": "Aard",
           "this_year": "dit schooljaar", "saved_from": "gespaard uit {year}",
           "usable_until": "te besteden t/m {year}", "oldest_first":
           "Uitgaven gaan eerst van het oudste gespaarde geld af.",
           "review": "Terugblik op het schooljaar", "question": "Wat is daarvan terecht gekomen?",
           "no_reflection": "Nog geen terugblik geschreven.",
           "goals_achieved": "{achieved} van {total} doelen bereikt",
           "activities_done": "{done} activiteiten gedaan, {planned} nog gepland",
           "hours_split": "{required} uur verplicht, {own} uur zelf gekozen",
           "statuses": {"planned": "gepland", "in_progress": "bezig", "achieved": "bereikt",
                        "dropped": "losgelaten"},
           "kinds": KIND_LABELS},
    "en": {"title": "Professional development", "year": "school year",
           "entitlement": "Entitlement", "hours": "Hours", "budget": "Budget", "done": "done",
           "planned": "planned", "spent": "spent", "of": "of", "left": "left",
           "fte": "working time", "log": "Activities", "date": "Date", "kind": "Kind",
           "activity": "Activity", "provider": "Provider", "cost": "Cost", "status": "Status",
           "total": "Total", "none": "No activities in this school year yet.",
           "goals": "Development goals", "target": "target date", "made": "Made with Bagage on",
           "required": "required", "own": "own choice", "origin": "Required or own",
           "this_year": "this school year", "saved_from": "saved from {year}",
           "usable_until": "to be spent by {year}", "oldest_first":
           "Spending uses the oldest saved money first.",
           "review": "The school year looked back on",
           "question": "What came of it?", "no_reflection": "No review written yet.",
           "goals_achieved": "{achieved} of {total} goals achieved",
           "activities_done": "{done} activities done, {planned} still planned",
           "hours_split": "{required} hours required, {own} hours by own choice",
           "statuses": {"planned": "planned", "in_progress": "in progress",
                        "achieved": "achieved", "dropped": "dropped"},
           "kinds": {"course": "Course or training", "study_day": "Study day",
                     "conference": "Conference", "peer_observation": "Peer observation",
                     "intervision": "Intervision", "coaching": "Coaching", "reading": "Reading",
                     "online_learning": "Online learning", "other": "Other"}},
}  # fmt: skip


def _number(lang: str):
    def number(value, places: int = 2) -> str:
        text = f"{Decimal(str(value)):,.{places}f}"
        if lang == "nl":  # 1.234,50
            text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text

    return number


def _year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def log_html(*, owner: str, overview: Overview, activities: list[Activity], goals: list[Goal],
             lang: str, made_on, review: YearReviewView | None = None) -> str:  # fmt: skip
    done = [a for a in activities if not a.planned]
    planned = [a for a in activities if a.planned]
    return TEMPLATES.get_template("log.html").render(
        owner=owner, o=overview, activities=activities, goals=goals, lang=lang,
        review=review, year_label=_year_label,
        t=TEXTS.get(lang, TEXTS["nl"]), n=_number(lang), made_on=made_on,
        hours_done=sum((a.hours for a in done), Decimal(0)),
        hours_planned=sum((a.hours for a in planned), Decimal(0)),
        cost_done=sum((a.cost for a in done), Decimal(0)),
        cost_planned=sum((a.cost for a in planned), Decimal(0)),
    )  # fmt: skip


def log_pdf(**content) -> bytes:
    return render_pdf(lambda media_url: log_html(**content))
