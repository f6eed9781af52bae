"""The report as HTML (preview in the app) and PDF, in Dutch or English."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app import clock
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


TEMPLATES.filters["local_day"] = local_day
TEXTS = {
    "nl": {"evidence": "Bewijs", "progress": "Voortgang per competentie", "competency":
           "Competentie", "signoff": "Akkoord", "confirmed": "bevestigd op",
           "not_yet": "nog niet bevestigd", "hours": "uur", "shows": "Laat zien",
           "watch": "bekijk", "scan": "Bekijk de video: scan de code of open",
           "qr": "QR-code naar de video",
           "former": "Vroegere gebruiker",
           "imported": "Overgenomen uit een export, niet in deze Bagage bevestigd",
           "imported_author": "overgenomen uit een export", "photo": "Foto", "video": "Video",
           "audio": "Geluid", "note": "Notitie", "document": "Document",
           "roles": {"owner": "leerling", "coordinator": "coördinator", "employer": "werkgever",
                     "mentor": "mentor", "coach": "coach", "teacher": "leraar", "other": "anders"}},
    "en": {"evidence": "Evidence", "progress": "Progress per competency", "competency":
           "Competency", "signoff": "Sign-off", "confirmed": "confirmed on",
           "not_yet": "not confirmed yet", "hours": "hours", "shows": "Shows",
           "watch": "watch", "scan": "Watch the video: scan the code or open",
           "qr": "QR code to the video",
           "former": "Former user",
           "imported": "Taken from an export, not confirmed in this Bagage",
           "imported_author": "taken from an export", "photo": "Photo", "video": "Video",
           "audio": "Sound", "note": "Note", "document": "Document",
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
        t=TEXTS.get(lang, TEXTS["nl"]),
    )  # fmt: skip


def report_pdf(content: dict, item_url, *, lang: str) -> bytes:
    return render_pdf(lambda media_url: report_html(content, media_url, item_url, lang=lang))
