"""Compressed answers: the web app's files as built (brotli or gzip), large JSON at request
time; never file bytes, secrets or answers to another site's requests."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest

from mobile_web import DIST

BR = {"Accept-Encoding": "br, gzip"}
GZIP = {"Accept-Encoding": "gzip"}


@pytest.fixture(scope="module")
def first_screen_script() -> str:
    page = DIST / "index.html"
    if not page.exists():
        pytest.fail("The web app is not built: run `make web` (make test does it first).")
    return re.search(r'<script[^>]+src="(/static/dist/app-[^"]+\.js)"', page.read_text())[1]


def _decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    if encoding == "gzip":
        return gzip.decompress(response.data)
    assert encoding is None, encoding
    return response.data


def test_the_first_screen_script_arrives_compressed_and_cached_for_good(
    client, first_screen_script
):
    plain = (DIST / Path(first_screen_script).name).read_bytes()
    for headers, encoding in ((BR, "br"), (GZIP, "gzip"), ({}, None)):
        response = client.get(first_screen_script, headers=headers)
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.mimetype in ("text/javascript", "application/javascript")
        assert _decoded(response) == plain
        if encoding:
            assert len(response.data) < len(plain) / 2
        # Its name is its content: kept a year without asking again.
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Each encoding has its own validator: a cache never gets gzip for br.
    etags = {client.get(first_screen_script, headers=h).headers["ETag"] for h in (BR, GZIP, {})}
    assert len(etags) == 3
    again = client.get(first_screen_script, headers={**BR, "If-None-Match": etags.pop()})
    assert again.status_code in (200, 304)


def test_the_page_and_the_service_worker_are_compressed_and_always_revalidated(client):
    for url in ("/", "/sw.js", "/static/dist/sw.js", "/manifest.webmanifest"):
        response = client.get(url, headers=BR)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-cache", url
        assert "Accept-Encoding" in response.headers["Vary"], url
    worker = client.get("/sw.js", headers=BR)
    assert worker.headers["Content-Encoding"] == "br"
    assert _decoded(worker) == (DIST / "sw.js").read_bytes()


def test_a_compressed_copy_is_not_served_as_a_file_of_its_own(client, first_screen_script):
    assert client.get(first_screen_script + ".br").status_code == 404
    assert client.get("/static/dist/../__init__.py").status_code == 404


def test_a_long_json_list_is_compressed_and_a_short_answer_is_not(register):
    sanne = register("Sanne")
    url = f"/api/v1/dossiers/{sanne.dossier_id}/evidence"
    empty = sanne.get(url, headers=GZIP)
    assert empty.status_code == 200 and "Content-Encoding" not in empty.headers
    for n in range(25):
        sanne.post(url, data={"title": f"Les {n}", "description": "Wat ik leerde " * 20})
    plain = sanne.get(url)
    assert "Content-Encoding" not in plain.headers
    for headers in (BR, GZIP):
        packed = sanne.get(url, headers=headers)
        assert packed.status_code == 200
        assert packed.headers["Content-Encoding"] in ("br", "gzip")
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert packed.headers["Cache-Control"] == "no-store"
        assert _decoded(packed) == plain.data
        assert len(packed.data) < len(plain.data) / 3


def test_answers_with_the_csrf_token_are_never_compressed(app, client, register, monkeypatch):
    """BREACH: a secret in an answer whose compressed size an attacker could watch."""
    sanne = register("Sanne")
    # Small answers too are compressed now, so only the secret keeps these plain.
    monkeypatch.setitem(app.config, "COMPRESS_MIN_SIZE", 100)
    url = f"/api/v1/dossiers/{sanne.dossier_id}/evidence"
    sanne.post(url, data={"title": "Les", "description": "Wat ik leerde " * 10})
    assert sanne.get(url, headers=BR).headers.get("Content-Encoding") == "br"
    me = sanne.get("/api/v1/me", headers=BR)
    assert me.json["csrf_token"] and len(me.data) > 100
    assert "Content-Encoding" not in me.headers
    login = client.post(
        "/api/v1/auth/login",
        json={"email": sanne.user["email"], "password": "correct horse battery"},
        headers=BR,
    )
    assert login.status_code == 200 and login.json["csrf_token"]
    assert "Content-Encoding" not in login.headers


def test_answers_to_another_sites_requests_are_never_compressed(register):
    sanne = register("Sanne")
    url = f"/api/v1/dossiers/{sanne.dossier_id}/evidence"
    for n in range(25):
        sanne.post(url, data={"title": f"Les {n}", "description": "Wat ik leerde " * 20})
    assert sanne.get(url, headers=BR).headers["Content-Encoding"] == "br"
    other_site = sanne.get(url, headers={**BR, "Sec-Fetch-Site": "cross-site"})
    assert other_site.status_code == 200
    assert "Content-Encoding" not in other_site.headers


def test_file_bytes_are_sent_as_stored_and_ranges_keep_working(app, register, jpeg, monkeypatch):
    sanne = register("Sanne")
    monkeypatch.setitem(app.config, "COMPRESS_MIN_SIZE", 1)  # whatever their size
    photo = jpeg(size=(640, 480))
    item = sanne.upload(photo, title="Foto").json
    original = item["media"]["original"]["url"]
    whole = sanne.get(original, headers=BR)
    assert whole.status_code == 200 and whole.data == photo
    part = sanne.get(original, headers={**BR, "Range": "bytes=100-199"})
    assert part.status_code == 206
    assert "Content-Encoding" not in part.headers
    assert part.data == photo[100:200]

    # JSON sent as a file (the CV as JSON Resume) is a file too: its bytes, its ranges.
    resume = f"/api/v1/dossiers/{sanne.dossier_id}/cv/resume.json"
    whole = sanne.get(resume, headers=BR)
    assert whole.status_code == 200 and whole.mimetype == "application/json"
    assert "Content-Encoding" not in whole.headers
    part = sanne.get(resume, headers={**BR, "Range": "bytes=0-9"})
    assert part.status_code == 206 and part.data == whole.data[:10]
    assert "Content-Encoding" not in part.headers
