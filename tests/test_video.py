"""Video and sound: every phone gets something it plays, nothing of the location survives."""

from __future__ import annotations

import pytest

from media.inspect import probe_media
from media.variants import make_playable_video
from tests import media_files
from tests.conftest import fetch

pytestmark = pytest.mark.usefixtures("storage")


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """Phone-like clips, made once: H.264 with sound, 4K HEVC, a portrait HEVC."""
    base = tmp_path_factory.mktemp("clips")
    return {
        "h264": media_files.make_video(base / "h264.mp4", seconds=2, audio=True),
        "hevc4k": media_files.make_video(
            base / "hevc4k.mp4", seconds=1, size="3840x2160", rate=8, codec="libx265",
            audio=True,
        ),
        "portrait": media_files.make_video(
            base / "portrait.mov", seconds=1, size="640x360", rate=10, codec="libx265",
            rotate=90,
        ),
    }  # fmt: skip


def _upload_clip(api, path, name):
    r = api.upload(path.read_bytes(), filename=name, title=name)
    assert r.status_code == 201, r.json
    assert r.json["status"] == "ready", r.json
    return r.json


def _saved(tmp_path, fetched, name):
    path = tmp_path / name
    path.write_bytes(fetched.data)
    return path


def test_h264_with_aac_is_remuxed_not_reencoded(register, clips, tmp_path):
    api = register("Sanne")
    item = _upload_clip(api, clips["h264"], "clip.mp4")
    playable = item["media"]["playable"]
    assert playable["content_type"] == "video/mp4"
    path = _saved(tmp_path, fetch(api, playable["url"]), "playable.mp4")
    assert media_files.packet_hashes(path) == media_files.packet_hashes(clips["h264"])
    info = media_files.probe(path)
    assert "location" not in info["format"].get("tags", {})
    data = path.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat"), "index must come first (faststart)"
    assert item["processing_progress"] == 100


def test_4k_hevc_becomes_720p_h264(register, clips, tmp_path):
    api = register("Sanne")
    item = _upload_clip(api, clips["hevc4k"], "IMG_0002.MOV")
    assert (item["media"]["original"]["width"], item["media"]["original"]["height"]) == (
        3840,
        2160,
    )
    path = _saved(tmp_path, fetch(api, item["media"]["playable"]["url"]), "playable.mp4")
    info = media_files.probe(path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert video["codec_name"] == "h264" and video["pix_fmt"] == "yuv420p"
    assert (video["width"], video["height"]) == (1280, 720)
    assert audio["codec_name"] == "aac"
    assert "location" not in info["format"].get("tags", {})
    assert fetch(api, item["media"]["poster"]["url"]).mimetype == "image/jpeg"


def test_portrait_phone_video_stays_portrait(register, clips, tmp_path):
    api = register("Sanne")
    item = _upload_clip(api, clips["portrait"], "portrait.mov")
    original = item["media"]["original"]
    assert original["width"] < original["height"]
    path = _saved(tmp_path, fetch(api, item["media"]["playable"]["url"]), "playable.mp4")
    video = next(s for s in media_files.probe(path)["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (360, 640)
    poster = item["media"]["poster"]
    assert poster["width"] < poster["height"]


def test_conversion_reports_progress(clips, tmp_path):
    seen: list[int] = []
    info = probe_media(clips["hevc4k"])
    make_playable_video(
        clips["hevc4k"], info, tmp_path, max_height=720, on_progress=seen.append, timeout=120
    )
    assert seen, "no progress reported"
    assert seen == sorted(seen)
    assert seen[-1] >= 50


@pytest.mark.parametrize(
    ("codec", "name", "content_type"),
    [("aac", "memo.m4a", "audio/mp4"), ("libmp3lame", "memo.mp3", "audio/mpeg"),
     ("libvorbis", "memo.ogg", "audio/ogg")],
)  # fmt: skip
def test_sound_recordings_become_playable_audio(register, tmp_path, codec, name, content_type):
    api = register("Sanne")
    path = media_files.make_audio(tmp_path / name, codec)
    r = api.upload(path.read_bytes(), filename=name, title="Spraakmemo")
    assert r.status_code == 201, r.json
    item = r.json
    assert item["kind"] == "audio"
    assert item["status"] == "ready"
    assert item["media"]["original"]["content_type"] == content_type
    assert item["media"]["original"]["duration_seconds"] == pytest.approx(2, abs=0.2)
    playable = fetch(api, item["media"]["playable"]["url"])
    assert playable.mimetype == "audio/mp4"
    saved = _saved(tmp_path, playable, "playable.m4a")
    streams = media_files.probe(saved)["streams"]
    assert [s["codec_name"] for s in streams] == ["aac"]


def test_too_long_recordings_are_refused(register, app, tmp_path):
    api = register("Sanne")
    path = media_files.make_audio(tmp_path / "long.m4a", "aac", seconds=3)
    old = app.config["MAX_MEDIA_SECONDS"]
    app.config["MAX_MEDIA_SECONDS"] = 2
    try:
        r = api.upload(path.read_bytes(), filename="long.m4a")
    finally:
        app.config["MAX_MEDIA_SECONDS"] = old
    assert r.status_code == 422
    assert r.json["error"]["code"] == "media_too_long"
