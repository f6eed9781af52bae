"""index.html in the export: the dossier readable offline in any browser, from the zip's
own files, rendered from the manifest by an autoescaping template."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from app.growth.services import KIND_LABELS

ROLE_LABELS = {"owner": "eigenaar", "employer": "werkgever", "coordinator": "coördinator",
               "mentor": "mentor", "teacher": "docent", "coach": "coach"}  # fmt: skip
GOAL_STATUS_LABELS = {"planned": "gepland", "in_progress": "bezig", "achieved": "bereikt",
                      "dropped": "gestopt"}  # fmt: skip


def dutch(value, places: int = 2) -> str:
    """12.5 → "12,50"; thousands with a dot, as in Dutch."""
    text = f"{Decimal(str(value or 0)):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def dutch_date(value: str | None) -> str:
    return "" if not value else "-".join(reversed(value[:10].split("-")))


_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters.update(dutch=dutch, dutch_date=dutch_date)


def offline_page(manifest: dict) -> str:
    evidence = manifest["evidence"]
    return _templates.get_template("offline.html").render(
        manifest=manifest,
        titles={e["ref"]: e["title"] or e["kind"] for e in evidence},
        figures={e["ref"]: _figure(e) for e in evidence},
        cv_photo=_cv_photo(manifest),
        report_meta=_report_meta,
        activity_totals=_activity_totals,
        goal_titles_of=lambda goals: {g["ref"]: g["title"] for g in goals},
        role_labels=ROLE_LABELS,
        goal_labels=GOAL_STATUS_LABELS,
        kind_labels=KIND_LABELS,
    )


def _figure(entry: dict) -> dict:
    """How an item shows: played, pictured, or its file linked."""
    media = {m["role"]: m for m in entry["media"]}
    picture = media.get("display") or media.get("poster") or media.get("thumbnail")
    playable = media.get("playable") or media.get("original")
    if entry["kind"] in ("video", "audio") and playable:
        return {"tag": entry["kind"], "src": playable["path"],
                "poster": picture["path"] if picture else None}  # fmt: skip
    if picture:
        return {"tag": "img", "src": picture["path"]}
    if "original" in media:
        original = media["original"]
        return {"tag": "a", "src": original["path"],
                "label": original["original_filename"] or "bestand"}  # fmt: skip
    return {}


def _cv_photo(manifest: dict) -> str | None:
    photo = (manifest.get("cv") or {}).get("photo")
    entry = next((x for x in manifest["evidence"] if x["ref"] == photo), None) if photo else None
    media = {m["role"]: m for m in entry["media"]} if entry else {}
    picture = media.get("display") or media.get("thumbnail")
    return picture["path"] if picture else None


def _report_meta(report: dict) -> str:
    return " · ".join(
        part
        for part in (
            report.get("internship") or "",
            f"{dutch_date(report['period_start'])} t/m {dutch_date(report['period_end'])}",
            f"{dutch(report['hours'], 1)} uur" if report.get("hours") is not None else "",
            "Engels" if report.get("language") == "en" else "Nederlands",
        )
        if part
    )


def _activity_totals(activities: list[dict]) -> str:
    """Hours and costs of what was done and of what is planned."""
    totals = {}
    for a in activities:
        done = "planned" if a.get("planned") else "done"
        hours, cost = totals.get(done, (Decimal(0), Decimal(0)))
        totals[done] = (hours + Decimal(a["hours"] or 0), cost + Decimal(a["cost"] or 0))
    return "; ".join(
        f"{label}: {dutch(totals[key][0])} uur, € {dutch(totals[key][1])}"
        for key, label in (("done", "gedaan"), ("planned", "gepland"))
        if key in totals
    )
