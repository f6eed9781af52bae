"""Deciding what a file really is, from its content alone.

The client's file name and Content-Type are never trusted: a text file named .jpg is a text
file. Images are opened with Pillow restricted to the formats we accept (which also keeps
parsers such as EPS/Ghostscript out of reach), videos with ffprobe restricted to the
container formats phones produce and to the local file protocol.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import ffmpeg
import pillow_heif
from PIL import Image, UnidentifiedImageError

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
#: Containers phones record in; anything else (playlists, concat lists, ...) is refused.
VIDEO_FORMAT_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm"
FFPROBE_OPTIONS = {"format_whitelist": VIDEO_FORMAT_WHITELIST, "protocol_whitelist": "file"}
# EXIF times carry no zone unless OffsetTimeOriginal is set; our users live in CET.
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")

EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_OFFSET_TIME_ORIGINAL = 0x9011


@dataclass
class Inspection:
    kind: str  # photo, video or document
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None
    taken_at: datetime | None = None


def inspect_file(path: Path, *, max_pixels: int, max_image_bytes: int) -> Inspection:
    image = _inspect_image(path, max_pixels=max_pixels, max_image_bytes=max_image_bytes)
    if image is not None:
        return image
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF-"):
        return Inspection(kind="document", content_type="application/pdf", extension="pdf")
    video = _inspect_video(path)
    if video is not None:
        return video
    raise UnsupportedMediaType(
        "This type of file is not supported. Use a photo, a video or a PDF.",
        {"file": ["Unsupported file type."]},
    )


def _inspect_image(path: Path, *, max_pixels: int, max_image_bytes: int) -> Inspection | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=IMAGE_FORMATS) as img:
                fmt = img.format
                width, height = img.size
                _refuse_oversized(width, height, max_pixels)
                if path.stat().st_size > max_image_bytes:
                    raise TooLarge(
                        "The photo is larger than allowed.",
                        {"file": [f"At most {max_image_bytes // (1024 * 1024)} MB for a photo."]},
                        code="file_too_large",
                    )
                taken_at = _exif_taken_at(img)
                img.load()  # a full decode: truncated or corrupt files fail here
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


def probe_video(path: Path) -> dict | None:
    try:
        return ffmpeg.probe(str(path), **FFPROBE_OPTIONS)
    except ffmpeg.Error:
        return None


def _inspect_video(path: Path) -> Inspection | None:
    info = probe_video(path)
    if not info:
        return None
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "video"]
    fmt = info.get("format", {})
    if not streams:
        return None
    stream = streams[0]
    width, height = stream.get("width"), stream.get("height")
    rotation = _rotation(stream)
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
    duration = fmt.get("duration") or stream.get("duration")
    return Inspection(
        kind="video",
        content_type=content_type,
        extension=extension,
        width=width,
        height=height,
        duration_seconds=round(float(duration), 3) if duration else None,
        taken_at=_creation_time(fmt.get("tags", {})),
    )


def _rotation(stream: dict) -> int:
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
