"""The report as HTML (preview in the app) and PDF, in Dutch or English."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app import clock
from app.dossiers.models import REFLECTION_FIELDS
from app.pdf import render_pdf

TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)


def local_day(iso: str) -> str:
    """An instant as the day it was where Bagage is used (TIMEZONE), as 31-12-2026."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(clock.zone())
    return moment.strftime("%d-%m-%Y")


def format_number(value: float, lang: str) -> str:
    """A number as its readers write it: 64,5 in Dutch, 64.5 in English; whole numbers
    without decimals, at most two, thousands grouped (1.250 / 1,250)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "nl":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def with_role(name: str, role: str) -> str:
    """The name, then the role in brackets, unless the name already ends with that role:
    someone called "Peter (werkgever)" is not shown as "Peter (werkgever) (werkgever)"."""
    suffix = f"({role})"
    return name if name.strip().casefold().endswith(suffix.casefold()) else f"{name} {suffix}"


TEMPLATES.filters["local_day"] = local_day
TEMPLATES.filters["with_role"] = with_role
TEXTS = {
    "nl": {"evidence": "Bewijs", "progress": "Voortgang per competentie", "competency":
           "Competentie", "signoff": "Akkoord", "confirmed": "bevestigd op",
           "not_yet": "nog niet bevestigd", "hours": "uur", "shows": "Laat zien",
           "watch": "bekijk", "scan": "Bekijk de video: scan de code of open",
           "qr": "QR-code naar de video", "logo": "Logo van",
           "former": "Vroegere gebruiker",
           "imported": "Overgenomen uit een export, niet in deze Bagage bevestigd",
           "imported_author": "overgenomen uit een export", "photo": "Foto", "video": "Video",
           "audio": "Geluid", "note": "Notitie", "document": "Document",
           "parts": {"situatie": "Situatie", "taak": "Taak", "actie": "Actie",
                     "resultaat": "Resultaat", "reflectie": "Reflectie",
                     "handelen": "1. Handelen", "terugblikken": "2. Terugblikken",
                     "bewustwording": "3. Bewustwording", "alternatieven": "4. Alternatieven",
                     "uitproberen": "5. Uitproberen"},
           "roles": {"owner": "leerling", "coordinator": "coördinator", "employer": "werkgever",
                     "mentor": "mentor", "coach": "coach", "teacher": "leraar", "other": "anders"}},
    "en": {"evidence": "Evidence", "progress": "Progress per competency", "competency":
           "Competency", "signoff": "Sign-off", "confirmed": "confirmed on",
           "not_yet": "not confirmed yet", "hours": "hours", "shows": "Shows",
           "watch": "watch", "scan": "Watch the video: scan the code or open",
           "qr": "QR code to the video", "logo": "Logo of",
           "former": "Former user",
           "imported": "Taken from an export, not confirmed in this Bagage",
           "imported_author": "taken from an export", "photo": "Photo", "video": "Video",
           "audio": "Sound", "note": "Note", "document": "Document",
           "parts": {"situatie": "Situation", "taak": "Task", "actie": "Action",
                     "resultaat": "Result", "reflectie": "Reflection",
                     "handelen": "1. Action", "terugblikken": "2. Looking back",
                     "bewustwording": "3. Awareness", "alternatieven": "4. Alternatives",
                     "uitproberen": "5. Trial"},
           "roles": {"owner": "pupil", "coordinator": "coordinator", "employer": "employer",
                     "mentor": "mentor", "coach": "coach", "teacher": "teacher", "other": "other"}},
}  # fmt: skip


def qr_svg(url: str, title: str) -> Markup:
    """A QR code for `url` as inline SVG (sized by the page's CSS), for phones to scan from
    paper. Error correction M survives a crease or a smudge."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", title=title))  # noqa: S704


def report_html(content: dict, media_url, item_url, *, lang: str) -> str:
    return TEMPLATES.get_template("report.html").render(
        c=content, media_url=media_url, item_url=item_url, lang=lang, qr=qr_svg,
        t=TEXTS.get(lang, TEXTS["nl"]), fields_of=lambda model: REFLECTION_FIELDS.get(model, ()),
        number=lambda value: format_number(value, lang),
    )  # fmt: skip


def report_pdf(content: dict, item_url, *, lang: str) -> bytes:
    return render_pdf(lambda media_url: report_html(content, media_url, item_url, lang=lang))
