"""What happens to the files themselves: type from content, orientation, no metadata, video."""

from __future__ import annotations

import io
import subprocess
from datetime import UTC, datetime

import pytest
from PIL import Image

from tests import media_files
from tests.conftest import fetch

# The media suite runs against local disk and against S3.
pytestmark = pytest.mark.usefixtures("storage")


def test_orientation_is_applied_and_the_tag_removed(register):
    api = register("Sanne")
    item = api.upload(media_files.rotated_jpeg(), title="Gedraaid").json
    thumb = Image.open(io.BytesIO(fetch(api, item["media"]["thumbnail"]["url"]).data))
    assert thumb.size == (20, 40)
    assert 0x0112 not in thumb.getexif()
    assert (item["media"]["original"]["width"], item["media"]["original"]["height"]) == (40, 20)


def test_comment_and_icc_payloads_do_not_survive(register):
    payload = b"TRACKING-PAYLOAD-0123456789"
    api = register("Sanne")
    item = api.upload(media_files.jpeg_with_comment_and_icc(payload), title="Payload").json
    for role in ("thumbnail", "display"):
        data = fetch(api, item["media"][role]["url"]).data
        assert payload not in data
        assert "icc_profile" not in Image.open(io.BytesIO(data)).info


def test_png_with_transparency_becomes_a_jpeg_on_white(register):
    img = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    api = register("Sanne")
    item = api.upload(out.getvalue(), filename="logo.png").json
    assert item["media"]["original"]["content_type"] == "image/png"
    thumb = Image.open(io.BytesIO(fetch(api, item["media"]["thumbnail"]["url"]).data))
    assert thumb.getpixel((25, 25)) >= (250, 250, 250)


def test_iphone_heic_is_accepted(register):
    api = register("Sanne")
    r = api.upload(media_files.heic(), filename="IMG_0001.HEIC")
    assert r.status_code == 201, r.json
    assert r.json["kind"] == "photo"
    assert r.json["media"]["original"]["content_type"] == "image/heic"
    assert fetch(api, r.json["media"]["thumbnail"]["url"]).mimetype == "image/jpeg"


def test_pdf_is_a_document(register):
    api = register("Sanne")
    r = api.upload(media_files.MINIMAL_PDF, filename="certificaat.pdf", title="Certificaat")
    assert r.status_code == 201, r.json
    assert r.json["kind"] == "document"
    assert r.json["media"]["original"]["content_type"] == "application/pdf"


@pytest.mark.parametrize(
    "filename",
    ["../../etc/passwd.jpg", "a.jpg.php", "\u202egpj.exe", "x" * 300 + ".jpg", "C:\\x\\a.jpg"],
)
def test_hostile_filenames_are_never_used_as_paths(register, jpeg, storage, filename):
    api = register("Sanne")
    r = api.upload(jpeg(), filename=filename)
    assert r.status_code == 201, r.json
    for key in storage.list_keys():
        assert ".." not in key and "passwd" not in key and "php" not in key
    served = fetch(api, r.json["media"]["original"]["url"])
    assert served.status_code == 200
    assert "\r" not in served.headers.get("Content-Disposition", "")


def _video(tmp_path, **kw) -> bytes:
    return media_files.make_video(tmp_path / "clip.mp4", **kw).read_bytes()


def test_video_gets_duration_poster_and_capture_time(register, tmp_path):
    api = register("Sanne")
    r = api.upload(_video(tmp_path, seconds=3), filename="clip.mp4", title="Presentatie")
    assert r.status_code == 201, r.json
    item = r.json
    assert item["kind"] == "video"
    assert item["status"] == "ready"
    assert datetime.fromisoformat(item["occurred_at"]) == datetime(2026, 9, 14, 10, 15, tzinfo=UTC)
    original = item["media"]["original"]
    assert original["content_type"] == "video/mp4"
    assert original["duration_seconds"] == pytest.approx(3, abs=0.2)
    assert (original["width"], original["height"]) == (320, 240)
    poster = fetch(api, item["media"]["poster"]["url"])
    assert poster.mimetype == "image/jpeg"
    assert not Image.open(io.BytesIO(poster.data)).getexif()
    assert b"52.3676" not in poster.data
    assert fetch(api, item["media"]["thumbnail"]["url"]).status_code == 200
    played = fetch(api, original["url"])
    assert played.status_code == 200 and played.mimetype == "video/mp4"


def test_video_without_creation_time_uses_the_upload_time(register, tmp_path):
    api = register("Sanne")
    before = datetime.now(UTC)
    item = api.upload(_video(tmp_path, seconds=1, creation_time=None), filename="c.mp4").json
    assert datetime.fromisoformat(item["occurred_at"]) >= before.replace(microsecond=0)


def test_a_playlist_disguised_as_mp4_is_never_opened_as_a_playlist(register):
    """ffprobe only opens the containers phones record in and only local files."""
    api = register("Sanne")
    r = api.upload(media_files.HLS_PLAYLIST, filename="upload.mp4")
    assert r.status_code == 415
    probe = subprocess.run(
        ["ffprobe", "-format_whitelist", "mov,mp4", "-protocol_whitelist", "file", "-"],
        input=media_files.HLS_PLAYLIST,
        capture_output=True,
        timeout=30,
    )
    assert probe.returncode != 0


def _encode(img: Image.Image, fmt: str, **kw) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def test_cmyk_jpeg_becomes_rgb(register):
    api = register("Sanne")
    cmyk = Image.new("CMYK", (64, 48), (0, 255, 255, 0))  # pure red in print colours
    item = api.upload(_encode(cmyk, "JPEG"), filename="drukwerk.jpg").json
    thumb = Image.open(io.BytesIO(fetch(api, item["media"]["thumbnail"]["url"]).data))
    assert thumb.mode == "RGB"
    r, g, b = thumb.getpixel((32, 24))
    assert r > 200 and g < 60 and b < 60


def test_sixteen_bit_png_keeps_its_tones(register):
    api = register("Sanne")
    grey = Image.new("I;16", (64, 48), 32768)  # mid grey in 16 bits
    item = api.upload(_encode(grey, "PNG"), filename="scan.png").json
    thumb = Image.open(io.BytesIO(fetch(api, item["media"]["thumbnail"]["url"]).data))
    value = thumb.convert("L").getpixel((32, 24))
    assert 110 < value < 145, value


def test_animated_gif_gives_its_first_frame(register):
    api = register("Sanne")
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("blue", "red", "green")]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    item = api.upload(gif.getvalue(), filename="anim.gif").json
    thumb = Image.open(io.BytesIO(fetch(api, item["media"]["thumbnail"]["url"]).data))
    r, g, b = thumb.getpixel((20, 20))
    assert b > 200 and r < 60


def test_webp_variants_come_with_a_jpeg_fallback(register, jpeg):
    api = register("Sanne")
    item = api.upload(jpeg()).json
    for role in ("thumbnail", "display"):
        assert item["media"][role]["content_type"] == "image/jpeg"
        webp = fetch(api, item["media"][f"{role}_webp"]["url"])
        assert webp.mimetype == "image/webp"
        assert Image.open(io.BytesIO(webp.data)).format == "WEBP"
        assert b"Exif" not in webp.data
