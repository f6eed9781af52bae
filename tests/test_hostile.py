"""Hostile files: each is refused with a clear error, nothing of it is stored or served,
and the server keeps working."""

from __future__ import annotations

import http.server
import threading

import pytest

from tests import media_files

pytestmark = pytest.mark.usefixtures("storage")


@pytest.fixture
def canary():
    """A local web server that counts requests: a playlist must never make us fetch it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port, hits
    server.shutdown()


def _hostile(name, tmp_path, canary_port):
    if name == "bomb_png":
        return media_files.bomb_png(), "bomb.png", "image_too_large"
    if name == "huge_header_jpeg":
        return media_files.huge_dimension_jpeg_header(), "huge.jpg", "image_too_large"
    if name == "truncated_jpeg":
        import random

        from app.demo import demo_photo

        return demo_photo(random.Random(3), (1600, 1200))[:20_000], "cut.jpg", "damaged_file"
    if name == "polyglot_jpeg_html":
        return media_files.polyglot_jpeg_html(), "x.jpg", "polyglot_file"
    if name == "polyglot_jpeg_zip":
        return media_files.polyglot_jpeg_zip(), "x.jpg", "polyglot_file"
    if name == "svg_with_script":
        return media_files.SVG_WITH_SCRIPT, "logo.svg", "unsupported_media_type"
    if name == "hls_remote":
        playlist = (
            f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n"
            f"http://127.0.0.1:{canary_port}/segment.ts\n#EXT-X-ENDLIST\n"
        ).encode()
        return playlist, "upload.mp4", "unsupported_media_type"
    if name == "hls_local_file":
        return media_files.HLS_PLAYLIST_LOCAL_FILE, "upload.mp4", "unsupported_media_type"
    if name == "ffconcat":
        return b"ffconcat version 1.0\nfile /etc/passwd\n", "clip.mp4", "unsupported_media_type"
    if name == "avi_with_playlist":
        return media_files.avi_with_playlist(), "clip.avi", "unsupported_media_type"
    if name == "real_avi":
        return media_files.real_avi(tmp_path / "clip.avi"), "clip.avi", "unsupported_media_type"
    if name == "zero_bytes":
        return b"", "empty.jpg", "empty_file"
    if name == "exe_named_pdf":
        return b"MZ\x90\x00" + b"\x00" * 200, "rapport.pdf", "unsupported_media_type"
    if name == "html_named_png":
        return b"<!doctype html><h1>hoi</h1>", "foto.png", "unsupported_media_type"
    raise AssertionError(name)


HOSTILE = [
    "bomb_png", "huge_header_jpeg", "truncated_jpeg", "polyglot_jpeg_html", "polyglot_jpeg_zip",
    "svg_with_script", "hls_remote", "hls_local_file", "ffconcat", "avi_with_playlist",
    "real_avi", "zero_bytes", "exe_named_pdf", "html_named_png",
]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_refused_and_nothing_is_kept(
    register, jpeg, storage, tmp_path, canary, name
):
    port, hits = canary
    data, filename, code = _hostile(name, tmp_path, port)
    api = register("Sanne")
    r = api.upload(data, filename=filename, title="x")
    assert 400 <= r.status_code < 500, r.json
    assert r.json["error"]["code"] == code
    assert r.json["error"]["message"]
    assert storage.list_keys() == []
    assert api.get(f"/api/v1/dossiers/{api.dossier_id}/evidence").json["items"] == []
    assert hits == [], "a playlist made the server fetch a URL"
    # The server is still healthy: a normal photo goes through.
    assert api.upload(jpeg(), title="Gewone foto").status_code == 201
