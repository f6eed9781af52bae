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
    rate: int = 25,
    codec: str = "libx264",
    audio: bool = False,
    gps: bool = True,
    rotate: int | None = None,
    creation_time: str | None = "2026-09-14T10:15:00Z",
) -> Path:
    """A real clip as a phone makes it: H.264 or HEVC (tagged hvc1, as iPhones do)."""
    cmd = ["ffmpeg", "-loglevel", "error", "-y",
           "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}"]  # fmt: skip
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    cmd += ["-t", str(seconds), "-pix_fmt", "yuv420p", "-c:v", codec, "-preset", "ultrafast"]
    if codec == "libx265":
        cmd += ["-tag:v", "hvc1", "-x265-params", "log-level=error"]
    if audio:
        cmd += ["-c:a", "aac", "-b:a", "64k"]
    if creation_time:
        cmd += ["-metadata", f"creation_time={creation_time}"]
    if gps:
        cmd += ["-metadata", "location=+52.3676+004.9041/"]
    target = path.with_name("unrotated-" + path.name) if rotate else path
    cmd.append(str(target))
    subprocess.run(cmd, check=True, timeout=300)
    if rotate:  # phones store portrait video as landscape plus a display matrix
        subprocess.run(
            ["ffmpeg", "-loglevel", "error", "-y", "-i", str(target), "-c", "copy",
             "-metadata:s:v:0", f"rotate={rotate}", str(path)],
            check=True, timeout=60,
        )  # fmt: skip
        target.unlink()
    return path


def make_audio(path: Path, codec: str, seconds: float = 2) -> Path:
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=523:duration={seconds}", "-c:a", codec, str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path


def packet_hashes(path: Path) -> str:
    """Checksums of the video packets: equal for a remux, different after re-encoding."""
    done = subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(path), "-map", "0:v:0", "-c", "copy",
         "-f", "framemd5", "-"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return "\n".join(
        line.rsplit(",", 1)[-1].strip()
        for line in done.stdout.decode().splitlines()
        if not line.startswith("#")
    )


def probe(path: Path) -> dict:
    import json

    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return json.loads(done.stdout)


def polyglot_jpeg_html() -> bytes:
    img = Image.new("RGB", (32, 32), "white")
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def polyglot_jpeg_zip() -> bytes:
    import zipfile

    img = Image.new("RGB", (32, 32), "white")
    out = io.BytesIO()
    img.save(out, "JPEG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("evil.txt", "not a photo")
    return out.getvalue() + archive.getvalue()


def huge_dimension_jpeg_header() -> bytes:
    """A tiny file whose header claims 65000 x 65000 pixels."""
    img = Image.new("RGB", (8, 8), "white")
    out = io.BytesIO()
    img.save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (65000).to_bytes(2, "big") + (65000).to_bytes(2, "big")
    return bytes(data)


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)

HLS_PLAYLIST_LOCAL_FILE = b"#EXTM3U\n#EXTINF:1.0,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n"


def avi_with_playlist() -> bytes:
    """A RIFF/AVI header followed by a playlist: neither may ever be opened."""
    return b"RIFF\x24\x00\x00\x00AVI LIST" + HLS_PLAYLIST_LOCAL_FILE


def real_avi(path: Path) -> bytes:
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "testsrc2=size=160x120:rate=10", "-t", "1", "-c:v", "mpeg4", str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path.read_bytes()


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
