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
           "footer": "Gedeeld via Bagage. Alleen wat de eigenaar koos, is te zien."},
    "en": {"work": "Work and internships", "education": "Education",
           "competencies": "What I can do", "shown_by": "shown in", "work_shown": "My work",
           "internship": "internship", "video": "video (plays in the online version)",
           "photo_of": "Photo of",
           "footer": "Shared through Bagage. Only what its owner chose is shown."},
}  # fmt: skip


TEMPLATES = Environment(
    loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(["html"])
)


def cv_html(
    content: dict, media_url, *, lang: str, pdf: bool = False, stylesheet: str | None = None
) -> str:
    return TEMPLATES.get_template("cv.html").render(
        content=content, media_url=media_url, lang=lang, pdf=pdf,
        t=TEXTS.get(lang, TEXTS["nl"]), css=CSS, stylesheet=stylesheet,
    )  # fmt: skip


def cv_pdf(content: dict, *, lang: str) -> bytes:
    """The CV as PDF; videos appear as their poster."""
    return render_pdf(lambda media_url: cv_html(content, media_url, lang=lang, pdf=True))
