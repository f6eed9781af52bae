"""Rendering the CV: the public page and the PDF (WeasyPrint) share one template."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

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
           "download": "Bewijs (JSON)"},
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
           "download": "Credential (JSON)"},
}  # fmt: skip


TEMPLATES = Environment(
    loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"])
)


#: The CV page's one script: "Controleer" checks a credential on the spot.
SCRIPT = (HERE / "cv.js").read_text()


def cv_html(
    content: dict,
    media_url,
    *,
    lang: str,
    pdf: bool = False,
    stylesheet: str | None = None,
    script: str | None = None,
) -> str:
    return TEMPLATES.get_template("cv.html").render(
        content=content, media_url=media_url, lang=lang, pdf=pdf,
        t=TEXTS.get(lang, TEXTS["nl"]), css=CSS, stylesheet=stylesheet, script=script,
    )  # fmt: skip


def cv_pdf(content: dict, *, lang: str) -> bytes:
    """The CV as PDF; videos appear as their poster."""
    return render_pdf(lambda media_url: cv_html(content, media_url, lang=lang, pdf=True))
