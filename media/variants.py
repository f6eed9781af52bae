"""Derived files that are safe to show: resized, oriented, and with no metadata at all.

Re-encoding alone is not enough: Pillow keeps JPEG comments and ICC profiles when asked to
save an image that still carries them in ``info``. So every variant is drawn from a fresh
RGB image with empty ``info`` and saved without ``exif=`` or ``icc_profile=``.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
from PIL import Image, ImageCms, ImageOps

from media.inspect import FFPROBE_OPTIONS

#: name → longest side in pixels
PHOTO_VARIANTS = {"thumbnail": 480, "display": 1600}
JPEG_QUALITY = {"thumbnail": 80, "display": 85, "poster": 85}


@dataclass
class Variant:
    role: str
    path: Path
    content_type: str
    width: int
    height: int


def make_photo_variants(source: Path, work_dir: Path) -> list[Variant]:
    with Image.open(source) as img:
        largest = max(PHOTO_VARIANTS.values())
        if img.format == "JPEG":
            # Decode at a reduced scale when the photo is far larger than what we need.
            img.draft("RGB", (largest, largest))
        clean = _clean_rgb(img)
    return [_save_resized(clean, role, size, work_dir) for role, size in PHOTO_VARIANTS.items()]


def make_video_poster(source: Path, work_dir: Path, duration: float | None) -> list[Variant]:
    """A still from one second in (or the first frame of a very short clip)."""
    frame_path = work_dir / "frame.png"
    at = 1.0 if (duration or 0) > 2 else 0.0
    (
        ffmpeg.input(str(source), ss=at, **FFPROBE_OPTIONS)
        .output(str(frame_path), vframes=1, map_metadata=-1)
        .overwrite_output()
        .run(quiet=True)
    )
    with Image.open(frame_path) as img:
        clean = _clean_rgb(img)
    frame_path.unlink(missing_ok=True)
    return [
        _save_resized(clean, "poster", PHOTO_VARIANTS["display"], work_dir),
        _save_resized(clean, "thumbnail", PHOTO_VARIANTS["thumbnail"], work_dir),
    ]


def _clean_rgb(img: Image.Image) -> Image.Image:
    """Orientation applied, colours in sRGB, transparency on white, and no metadata left."""
    img = ImageOps.exif_transpose(img)
    icc = img.info.get("icc_profile")
    if icc and img.mode in ("RGB", "CMYK", "L"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            img = ImageCms.profileToProfile(img, src, srgb, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    if img.mode in ("P", "PA", "LA", "RGBA"):
        rgba = img.convert("RGBA")
        clean = Image.new("RGB", img.size, "white")
        clean.paste(rgba, mask=rgba.getchannel("A"))
    else:
        clean = Image.new("RGB", img.size)
        clean.paste(img.convert("RGB"))
    clean.info = {}
    return clean


def _save_resized(img: Image.Image, role: str, longest: int, work_dir: Path) -> Variant:
    copy = img.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    copy.info = {}
    fd, name = tempfile.mkstemp(dir=work_dir, prefix=f"{role}-", suffix=".jpg")
    path = Path(name)
    with open(fd, "wb") as out:
        copy.save(out, "JPEG", quality=JPEG_QUALITY.get(role, 85), optimize=True, progressive=True)
    return Variant(
        role=role, path=path, content_type="image/jpeg", width=copy.width, height=copy.height
    )
