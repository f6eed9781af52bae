"""Rendering the CV: the public page and the PDF (WeasyPrint) share one template."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from app import clock
from app.pdf import render_pdf

HERE = Path(__file__).parent
CSS = (HERE / "cv.css").read_text()

TEXTS = {
    "nl": {"work": "Werk en stages", "education": "Opleiding", "competencies": "Wat ik kan",
           "shown_by": "te zien in", "work_shown": "Mijn werk", "internship": "stage",
           "video": "video (te zien in de online versie)", "photo_of": "Foto van",
           "footer": "Gedeeld via Bagage. Alleen wat de eigenaar koos, is te zien.",
           "credentials": "Verifieerbare bewijzen", "check": "Controleer",
           "issued_by": "uitgegeven door", "confirmed_by": "bevestigd door",
           "checking": "Bezig met controleren…",
           "valid": "Echt: de handtekening klopt en het bewijs is niet ingetrokken.",
           "revoked": "Ingetrokken door de uitgever.",
           "invalid": "Niet echt: de controle mislukte.",
           "download": "Bewijs (JSON)", "confirmed": "Bevestigd door de werkplek",
           "signed_by": "getekend door", "level_by": "niveau gegeven door",
           "level": "niveau", "report": "Stageverslag",
           "roles": {"employer": "werkplekbegeleider", "coordinator": "stagecoördinator",
                     "mentor": "mentor", "teacher": "docent"},
           "actions": "Contact en delen",
           "write": "Mail", "call": "Bel", "pdf": "PDF downloaden", "share": "Delen",
           "no_contact": "%s koos ervoor geen e-mailadres of telefoonnummer te tonen. Vraag "
                         "wie je deze link gaf hoe je contact opneemt."},
    "en": {"work": "Work and internships", "education": "Education",
           "competencies": "What I can do", "shown_by": "shown in", "work_shown": "My work",
           "internship": "internship", "video": "video (plays in the online version)",
           "photo_of": "Photo of",
           "footer": "Shared through Bagage. Only what its owner chose is shown.",
           "credentials": "Verifiable credentials", "check": "Verify",
           "issued_by": "issued by", "confirmed_by": "confirmed by",
           "checking": "Checking…",
           "valid": "Genuine: the signature matches and it was not revoked.",
           "revoked": "Revoked by its issuer.", "invalid": "Not genuine: the check failed.",
           "download": "Credential (JSON)", "confirmed": "Confirmed by the workplace",
           "signed_by": "signed by", "level_by": "level given by", "level": "level",
           "report": "Internship report",
           "roles": {"employer": "workplace supervisor", "coordinator": "internship coordinator",
                     "mentor": "mentor", "teacher": "teacher"},
           "actions": "Contact and sharing",
           "write": "E-mail", "call": "Call", "pdf": "Download PDF", "share": "Share",
           "no_contact": "%s chose not to show an e-mail address or phone number. Ask whoever "
                         "gave you this link how to get in touch."},
}  # fmt: skip


#: Short month names: a date reads "6 okt 2026" in Dutch, "6 Oct 2026" in English.
MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def readable_date(value, lang: str) -> str:
    """A date, a datetime or a CV entry's "YYYY", "YYYY-MM" or "YYYY-MM-DD", as people write
    it in the language; anything else as it was given."""
    if isinstance(value, str) and len(value) > 10:
        with contextlib.suppress(ValueError):  # an instant written out, as a signature keeps it
            value = datetime.fromisoformat(value)
    if isinstance(value, date | datetime):
        # An instant is stored in UTC: its day is the day where the school is.
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(clock.zone())
        value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    text = str(value or "")
    months = MONTHS.get(lang, MONTHS["nl"])
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match or (match[2] and not 1 <= int(match[2]) <= 12):
        return text
    year, month, day = match.groups()
    parts = [str(int(day))] if day else []
    return " ".join([*parts, months[int(month) - 1]] if month else parts) + (
        f" {year}" if month else year
    )


TEMPLATES = Environment(
    loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"])
)


#: The CV page's one script: "Controleer" checks a credential on the spot, "Delen" shares.
SCRIPT = (HERE / "cv.js").read_text()


def cv_html(
    content: dict,
    media_url,
    *,
    lang: str,
    pdf: bool = False,
    stylesheet: str | None = None,
    script: str | None = None,
    pdf_url: str | None = None,
) -> str:
    return TEMPLATES.get_template("cv.html").render(
        content=content, media_url=media_url, lang=lang, pdf=pdf,
        day=lambda value: readable_date(value, lang),
        t=TEXTS.get(lang, TEXTS["nl"]), css=CSS, stylesheet=stylesheet, script=script,
        pdf_url=pdf_url,
    )  # fmt: skip


def cv_pdf(content: dict, *, lang: str) -> bytes:
    """The CV as PDF; videos appear as their poster."""
    return render_pdf(lambda media_url: cv_html(content, media_url, lang=lang, pdf=True))
