"""Deciding what a file really is, from its content alone.

The client's file name and Content-Type are never trusted: a text file named .jpg is a text
file. Images are opened with Pillow restricted to the formats we accept (which also keeps
parsers such as EPS/Ghostscript out of reach), videos with ffprobe restricted to the
container formats phones produce and to the local file protocol.
"""

from __future__ import annotations

import json
import logging
import subprocess
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pillow_heif
from PIL import Image, ImageFile, UnidentifiedImageError

from app.errors import Invalid, TooLarge, UnsupportedMediaType

log = logging.getLogger(__name__)

pillow_heif.register_heif_opener()

IMAGE_FORMATS = ["JPEG", "PNG", "WEBP", "HEIF", "GIF"]
IMAGE_CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
    "GIF": "image/gif",
}
#: Containers phones record in; anything else (playlists, concat lists, AVI, ...) is refused.
VIDEO_FORMAT_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mp3,ogg"
FFPROBE_OPTIONS = {"format_whitelist": VIDEO_FORMAT_WHITELIST, "protocol_whitelist": "file"}
#: ffprobe never needs long for a local file; a hang is an attack or a broken file.
PROBE_TIMEOUT_SECONDS = 30
# Markers of a second file hidden in an image (a polyglot): markup anywhere, a ZIP at the end.
POLYGLOT_MARKERS = (b"<script", b"<html", b"<!doctype html", b"<?php", b"<svg", b"<iframe")
ZIP_END_OF_DIRECTORY = b"PK\x05\x06"
# EXIF times carry no zone unless OffsetTimeOriginal is set; our users live in CET.
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")

EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_OFFSET_TIME_ORIGINAL = 0x9011


@dataclass
class Inspection:
    kind: str  # photo, video, audio or document
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    taken_at: datetime | None = None


@dataclass
class MediaLimits:
    max_pixels: int
    max_image_bytes: int
    max_media_seconds: int = 3 * 3600
    max_video_pixels: int = 7680 * 4320


def inspect_file(path: Path, limits: MediaLimits) -> Inspection:
    image = _inspect_image(path, limits)
    if image is not None:
        if _hides_another_file(path):
            raise UnsupportedMediaType(
                "This photo also contains something that is not a photo, so it is refused.",
                {"file": ["The image contains hidden content."]},
                code="polyglot_file",
            )
        return image
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF-"):
        return Inspection(kind="document", content_type="application/pdf", extension="pdf")
    media = _inspect_video(path, limits)
    if media is not None:
        return media
    raise UnsupportedMediaType(
        "This type of file is not supported. Use a photo, a video, a sound recording or a PDF.",
        {"file": ["Unsupported file type."]},
    )


def _hides_another_file(path: Path) -> bool:
    """True when markup or a ZIP archive rides along inside an image (a polyglot)."""
    overlap = max(len(m) for m in POLYGLOT_MARKERS)
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            window = (tail + chunk).lower()
            if any(marker in window for marker in POLYGLOT_MARKERS):
                return True
            tail = window[-overlap:]
        size = fh.tell()
        fh.seek(max(0, size - 65536))
        return ZIP_END_OF_DIRECTORY in fh.read()


def _inspect_image(path: Path, limits: MediaLimits) -> Inspection | None:
    # A library may have switched this on process-wide (WeasyPrint does); never for uploads.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    max_image_bytes = limits.max_image_bytes
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=IMAGE_FORMATS) as img:
                fmt = img.format
                width, height = img.size
                _refuse_oversized(width, height, limits.max_pixels)
                if path.stat().st_size > max_image_bytes:
                    raise TooLarge(
                        "The photo is larger than allowed.",
                        {"file": [f"At most {max_image_bytes // (1024 * 1024)} MB for a photo."]},
                        code="file_too_large",
                    )
                taken_at = _exif_taken_at(img)
                if fmt == "JPEG":
                    # Reading every byte at 1/8 scale still finds truncation, at a tenth of
                    # the cost of a full decode.
                    img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                img.load()  # truncated or corrupt files fail here
    except UnidentifiedImageError:
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb() from exc
    except (OSError, SyntaxError, ValueError) as exc:
        log.info("damaged image refused: %s", exc)
        raise Invalid(
            "The photo is damaged or incomplete and cannot be read.",
            {"file": ["Damaged or incomplete image."]},
            code="damaged_file",
        ) from exc
    extension = {"JPEG": "jpg", "HEIF": "heic"}.get(fmt, fmt.lower())
    return Inspection(
        kind="photo",
        content_type=IMAGE_CONTENT_TYPES[fmt],
        extension=extension,
        width=width,
        height=height,
        taken_at=taken_at,
    )


def _refuse_oversized(width: int, height: int, max_pixels: int) -> None:
    if width * height > max_pixels:
        raise _bomb()


def _bomb() -> Invalid:
    return Invalid(
        "The photo has too many pixels to process safely.",
        {"file": ["Too many pixels."]},
        code="image_too_large",
    )


def _exif_taken_at(img: Image.Image) -> datetime | None:
    try:
        exif = img.getexif().get_ifd(EXIF_IFD)
    except Exception:  # noqa: BLE001 - broken EXIF must never block an upload
        return None
    raw = exif.get(EXIF_DATETIME_ORIGINAL)
    if not isinstance(raw, str):
        return None
    try:
        local = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = exif.get(EXIF_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        try:
            sign = -1 if offset.startswith("-") else 1
            hours, minutes = offset.lstrip("+-").split(":")
            delta = timedelta(hours=int(hours), minutes=int(minutes)) * sign
            return (local - delta).replace(tzinfo=UTC)
        except ValueError:
            pass
    return local.replace(tzinfo=LOCAL_ZONE).astimezone(UTC)


def probe_media(path: Path) -> dict | None:
    """ffprobe's JSON for a local file, or None when it is not a recording we accept.

    ffmpeg-python's probe() has no time limit, so the same command is run here with one.
    """
    cmd = [
        "ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json",
        "-format_whitelist", VIDEO_FORMAT_WHITELIST, "-protocol_whitelist", "file",
        f"file:{path}",
    ]  # fmt: skip
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, our own temp path
            cmd, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        log.warning("ffprobe timed out on %s", path.name)
        return None
    if done.returncode != 0:
        return None
    try:
        return json.loads(done.stdout)
    except ValueError:
        return None


def video_streams(info: dict) -> list[dict]:
    """Real picture streams: cover art in a sound file does not make it a video."""
    return [
        s
        for s in info.get("streams", [])
        if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
    ]


def audio_streams(info: dict) -> list[dict]:
    return [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]


def _inspect_video(path: Path, limits: MediaLimits) -> Inspection | None:
    info = probe_media(path)
    if not info:
        return None
    fmt = info.get("format", {})
    streams = video_streams(info)
    duration = _duration(info)
    if not streams and not audio_streams(info):
        return None
    if duration is None or duration <= 0:
        return None  # not a real recording (a still image or an empty container)
    if duration > limits.max_media_seconds:
        raise Invalid(
            "The recording is too long.",
            {"file": [f"At most {limits.max_media_seconds // 60} minutes."]},
            code="media_too_long",
        )
    if not streams:
        return _inspect_audio(fmt, duration)
    stream = streams[0]
    width, height = stream.get("width"), stream.get("height")
    if not width or not height or width * height > limits.max_video_pixels:
        raise Invalid(
            "The video's picture size is not supported.",
            {"file": ["Unsupported picture size."]},
            code="video_too_large",
        )
    rotation = rotation_of(stream)
    if rotation in (90, 270) and width and height:
        width, height = height, width
    format_name = fmt.get("format_name", "")
    if "webm" in format_name or "matroska" in format_name:
        content_type, extension = "video/webm", "webm"
        if stream.get("codec_name") not in ("vp8", "vp9", "av1"):
            content_type, extension = "video/x-matroska", "mkv"
    elif fmt.get("tags", {}).get("major_brand", "").strip() == "qt":
        content_type, extension = "video/quicktime", "mov"
    else:
        content_type, extension = "video/mp4", "mp4"
    return Inspection(
        kind="video",
        content_type=content_type,
        extension=extension,
        width=width,
        height=height,
        duration_seconds=duration,
        taken_at=_creation_time(fmt.get("tags", {})),
    )


def _inspect_audio(fmt: dict, duration: float) -> Inspection:
    name = fmt.get("format_name", "")
    if name == "mp3":
        content_type, extension = "audio/mpeg", "mp3"
    elif name == "ogg":
        content_type, extension = "audio/ogg", "ogg"
    elif "webm" in name or "matroska" in name:
        content_type, extension = "audio/webm", "webm"
    else:
        content_type, extension = "audio/mp4", "m4a"
    return Inspection(
        kind="audio",
        content_type=content_type,
        extension=extension,
        duration_seconds=duration,
        taken_at=_creation_time(fmt.get("tags", {})),
    )


def _duration(info: dict) -> float | None:
    candidates = [info.get("format", {}).get("duration")]
    candidates += [s.get("duration") for s in info.get("streams", [])]
    for value in candidates:
        try:
            if value is not None and float(value) > 0:
                return round(float(value), 3)
        except (TypeError, ValueError):
            continue
    return None


def rotation_of(stream: dict) -> int:
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            return abs(int(side["rotation"])) % 360
    return abs(int(stream.get("tags", {}).get("rotate", 0))) % 360


def _creation_time(tags: dict) -> datetime | None:
    raw = tags.get("creation_time") or tags.get("com.apple.quicktime.creationdate")
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # Cameras without a clock write 1970 or 1904; such a date helps no one.
    if value.year < 1990:
        return None
    return value.astimezone(UTC)
