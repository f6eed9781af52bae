"""Rendering the CV: the public page and the PDF (WeasyPrint) share one template."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from media.storage import get_storage

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
    """The CV as PDF; pictures are read from storage, never fetched over the network."""
    import weasyprint
    from PIL import ImageFile

    # Importing WeasyPrint switches Pillow to accepting truncated images, process-wide;
    # uploads must keep refusing them (media/inspect.py), so switch it back.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    storage = get_storage()
    assets = {}

    def media_url(asset) -> str:
        assets[str(asset.id)] = asset
        return f"bagage-media:{asset.id}"

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("bagage-media:"):
                raise ValueError(f"no network access from a PDF: {url}")
            asset = assets[url.split(":", 1)[1]]
            with storage.open(asset.storage_key) as fh:
                body = fh.read()
            return URLFetcherResponse(url, body=body, headers={"Content-Type": asset.content_type})

    html = cv_html(content, media_url, lang=lang, pdf=True)
    document = weasyprint.HTML(string=html, url_fetcher=StorageFetcher(), base_url="bagage-media:")
    return document.write_pdf()
