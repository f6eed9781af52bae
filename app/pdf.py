"""PDF output through WeasyPrint, with pictures read from storage (never from the network)."""

from __future__ import annotations

import base64

from PIL import ImageFile

from app.admission import step_aside
from app.db import db
from media.storage import get_storage


def render_pdf(html_for) -> bytes:
    """html_for(media_url) returns the page; media_url(asset) gives each picture an address
    that is answered from storage. PNG data: URIs (organisation logos) are read in place.

    Once the page is written, the request's work so far is committed: no transaction (nor
    SQLite's write lock) is held during the seconds the PDF takes."""
    import weasyprint  # heavy (cairo, pango): loaded by the first PDF, not by every process
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    # Importing WeasyPrint switches Pillow to accepting truncated images, process-wide;
    # uploads must keep refusing them (media/inspect.py), so switch it back.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    storage = get_storage()
    assets = {}

    def media_url(asset) -> str:
        assets[str(asset.id)] = asset
        return f"bagage-media:{asset.id}"

    class StorageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:image/png;base64,"):  # a logo travels inside the page
                data = url.split(",", 1)[1]
                body = base64.b64decode(data)
                return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/png"})
            if not url.startswith("bagage-media:"):
                raise ValueError(f"no network access from a PDF: {url}")
            asset = assets[url.split(":", 1)[1]]
            with storage.open(asset.storage_key) as fh:
                body = fh.read()
            return URLFetcherResponse(url, body=body, headers={"Content-Type": asset.content_type})

    html = html_for(media_url)  # may write too (a report's video links)
    db.checkpoint()
    # Seconds of work for a long report: the requests in line behind this one go first.
    step_aside()
    document = weasyprint.HTML(string=html, url_fetcher=StorageFetcher(), base_url="bagage-media:")
    return document.write_pdf()
