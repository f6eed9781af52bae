"""SRV-03: a page that came in as a photo (an import before types were decided from the
bytes) is opened straight in the browser, logged in: it runs no script and reads nothing."""

from __future__ import annotations

import hashlib
import uuid

from playwright.sync_api import expect

PAGE = (
    b"<!doctype html><html><head><title>Bagage</title></head><body><p>Hallo</p><script>"
    b"document.title = 'ran'; fetch('/api/v1/me').then(r => r.text())"
    b".then(t => { document.title = 'read ' + t.length; });"
    b"</script></body></html>"
)


def _stored_as_photo(live_server, evidence_id: str, tmp_path) -> str:
    """The row an import used to write: the manifest's 'image/jpeg' on a page's bytes."""
    from app.db import db
    from media.models import MediaAsset
    from media.storage import get_storage

    source = tmp_path / "page"
    source.write_bytes(PAGE)
    with live_server.app.app_context():
        storage = get_storage()
        key = f"{uuid.uuid4().hex}/{uuid.uuid4().hex}/original.jpg"
        storage.put_file(source, key)
        asset = MediaAsset(
            evidence_id=uuid.UUID(evidence_id), role="original", storage_backend=storage.name,
            storage_key=key, content_type="image/jpeg", size_bytes=len(PAGE),
            sha256=hashlib.sha256(PAGE).hexdigest(), original_filename="werk.html",
        )  # fmt: skip
        db.session.add(asset)
        db.commit()
        return str(asset.id)


def test_a_page_stored_as_a_photo_runs_no_script_when_opened(people, live_server, tmp_path):
    lotte = people("Lotte")
    note = lotte.note("Oude import")
    asset_id = _stored_as_photo(live_server, note["id"], tmp_path)
    page = lotte.open("/")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"/api/v1/media/{asset_id}")
    # Shown as the (broken) picture it claims to be: no markup, no script, no request.
    expect(page.locator("img")).to_have_count(1)
    assert page.title() != "ran" and not page.title().startswith("read")
    assert page.get_by_text("Hallo").count() == 0
    assert not [url for url in asked if url.endswith("/api/v1/me")]
