"""Real media files made for tests: videos through the ffmpeg binary, odd images through Pillow."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image


def make_video(
    path: Path,
    *,
    seconds: float = 3,
    size: str = "320x240",
    gps: bool = True,
    creation_time: str | None = "2026-09-14T10:15:00Z",
) -> Path:
    cmd = [
        "ffmpeg",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={size}:rate=25",
        "-t",
        str(seconds),
        "-pix_fmt",
        "yuv420p",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
    ]
    if creation_time:
        cmd += ["-metadata", f"creation_time={creation_time}"]
    if gps:
        cmd += ["-metadata", "location=+52.3676+004.9041/"]
    cmd.append(str(path))
    subprocess.run(cmd, check=True, timeout=60)
    return path


def rotated_jpeg() -> bytes:
    """40x20 pixels stored sideways: EXIF Orientation 6 means 'rotate 90° clockwise'."""
    img = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def jpeg_with_comment_and_icc(payload: bytes) -> bytes:
    img = Image.new("RGB", (64, 48), "blue")
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    img.save(out, "JPEG", comment=payload, icc_profile=icc + payload)
    return out.getvalue()


def bomb_png() -> bytes:
    """A tiny PNG that claims 20000 x 20000 pixels."""
    img = Image.new("1", (20000, 20000))
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def heic(size=(640, 480)) -> bytes:
    import pillow_heif

    img = Image.new("RGB", size, "green")
    out = io.BytesIO()
    pillow_heif.from_pillow(img).save(out, quality=60)
    return out.getvalue()


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

HLS_PLAYLIST = (
    b"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nhttp://127.0.0.1:9/x.ts\n#EXT-X-ENDLIST\n"
)
