"""Derived files that are safe to show: resized, oriented, and with no metadata at all.

Re-encoding alone is not enough: Pillow keeps JPEG comments and ICC profiles when asked to
save an image that still carries them in ``info``. So every variant is drawn from a fresh
RGB image with empty ``info`` and saved without ``exif=`` or ``icc_profile=``. Videos and
sound go through the ffmpeg binary with ``-map_metadata -1`` (phones write GPS into them).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import io
import logging
import math
import os
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
from PIL import Image, ImageCms, ImageOps

from media.inspect import FFPROBE_OPTIONS, audio_streams, probe_media, video_streams

log = logging.getLogger(__name__)

#: name → longest side in pixels
PHOTO_VARIANTS = {"thumbnail": 480, "display": 1600}
JPEG_QUALITY = {"thumbnail": 80, "display": 85, "poster": 85}
WEBP_QUALITY = {"thumbnail": 75, "display": 80}
REMUX_CONTAINERS = ("mov", "mp4")


class MediaProcessingError(Exception):
    """The file cannot be turned into something playable; retrying will not help."""


@dataclass
class Variant:
    role: str
    path: Path
    content_type: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None


# --- photos ---------------------------------------------------------------------------


def make_photo_variants(source: Path, work_dir: Path) -> list[Variant]:
    with Image.open(source) as img:
        if img.format == "JPEG":
            # Decode at a reduced scale (1/2, 1/4, 1/8) when the photo is far larger than the
            # largest variant. draft() keeps a scale only if both sides stay at least as large
            # as asked, so ask for the variant's box in the photo's own proportions.
            scale = max(PHOTO_VARIANTS.values()) / max(img.size)
            if scale < 1:
                img.draft("RGB", (math.ceil(img.width * scale), math.ceil(img.height * scale)))
        clean = clean_rgb(img)
    variants = []
    for role, size in PHOTO_VARIANTS.items():
        variants += _save_resized(clean, role, size, work_dir, webp=True)
    return variants


def clean_rgb(img: Image.Image) -> Image.Image:
    """Orientation applied, colours in sRGB, transparency on white, and no metadata left."""
    img.seek(0)  # animated GIF/WebP: the first frame
    img = ImageOps.exif_transpose(img)
    icc = img.info.get("icc_profile")
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits rather than clipping to white.
        img = img.point(lambda v: v / 256).convert("L")
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


def _save_resized(
    img: Image.Image, role: str, longest: int, work_dir: Path, *, webp: bool = False
) -> list[Variant]:
    copy = img.copy()
    # reducing_gap lets Pillow shrink by whole factors first: far cheaper, same quality.
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    copy.info = {}
    out = [_write(copy, role, "JPEG", work_dir, quality=JPEG_QUALITY.get(role, 85))]
    if webp:
        out.append(_write(copy, f"{role}_webp", "WEBP", work_dir, quality=WEBP_QUALITY[role]))
    return out


def _write(img: Image.Image, role: str, fmt: str, work_dir: Path, *, quality: int) -> Variant:
    suffix, content_type = (".jpg", "image/jpeg") if fmt == "JPEG" else (".webp", "image/webp")
    fd, name = tempfile.mkstemp(dir=work_dir, prefix=f"{role}-", suffix=suffix)
    options = {"optimize": True, "progressive": True} if fmt == "JPEG" else {"method": 4}
    with open(fd, "wb") as out:
        img.save(out, fmt, quality=quality, **options)
    return Variant(role, Path(name), content_type, img.width, img.height)


# --- video and sound ------------------------------------------------------------------


def make_video_poster(source: Path, work_dir: Path, duration: float | None) -> list[Variant]:
    """A still from one second in (or the first frame of a very short clip)."""
    frame_path = work_dir / "frame.png"
    at = 1.0 if (duration or 0) > 2 else 0.0
    stream = (
        ffmpeg.input(str(source), ss=at, **FFPROBE_OPTIONS)
        .output(str(frame_path), vframes=1, map_metadata=-1)
        .global_args("-v", "error")
        .overwrite_output()
    )
    _run(stream, timeout=60)
    if not frame_path.exists():
        raise MediaProcessingError("No picture could be taken from this video.")
    with Image.open(frame_path) as img:
        clean = clean_rgb(img)
    frame_path.unlink(missing_ok=True)
    poster = _save_resized(clean, "poster", PHOTO_VARIANTS["display"], work_dir)
    thumbs = _save_resized(clean, "thumbnail", PHOTO_VARIANTS["thumbnail"], work_dir, webp=True)
    return poster + thumbs


def can_remux(info: dict) -> bool:
    """H.264 with AAC (or silence) in MP4/MOV plays everywhere once the index is up front."""
    fmt = info.get("format", {}).get("format_name", "")
    videos, audios = video_streams(info), audio_streams(info)
    return (
        any(name in fmt.split(",") for name in REMUX_CONTAINERS)
        and len(videos) >= 1
        and videos[0].get("codec_name") == "h264"
        and videos[0].get("pix_fmt") in ("yuv420p", "yuvj420p")
        and all(a.get("codec_name") == "aac" for a in audios[:1])
    )


def make_playable_video(
    source: Path,
    info: dict,
    work_dir: Path,
    *,
    max_height: int,
    on_progress: Callable[[int], None] | None = None,
    timeout: float,
) -> Variant:
    """An MP4 (H.264/AAC, index first, no metadata) that every phone browser plays."""
    target = work_dir / "playable.mp4"
    common = {
        "map_metadata": -1,
        "map_chapters": -1,
        "movflags": "+faststart",
        "f": "mp4",
    }
    source_stream = ffmpeg.input(str(source), **FFPROBE_OPTIONS)
    video = source_stream["v:0"]
    audio = source_stream["a:0?"] if audio_streams(info) else None
    remux = can_remux(info)
    if remux:
        streams = [video] + ([audio] if audio is not None else [])
        output = ffmpeg.output(*streams, str(target), c="copy", **common)
    else:
        # Shorter side at most max_height; autorotation has already turned the picture.
        scaled = video.filter(
            "scale",
            f"if(gt(iw,ih),-2,min({max_height},iw))",
            f"if(gt(iw,ih),min({max_height},ih),-2)",
        )
        streams = [scaled] + ([audio] if audio is not None else [])
        output = ffmpeg.output(
            *streams,
            str(target),
            vcodec="libx264",
            preset="veryfast",
            crf=23,
            pix_fmt="yuv420p",
            acodec="aac",
            audio_bitrate="128k",
            **common,
        )
    duration = float(info.get("format", {}).get("duration") or 0)
    _run(output.global_args("-v", "error").overwrite_output(), timeout, duration, on_progress)
    if remux:  # a stream copy keeps the picture as it was; no need to start ffprobe again
        source_video = video_streams(info)[0]
        width, height = source_video.get("width"), source_video.get("height")
    else:
        width, height = _probe_size(target)
    return Variant("playable", target, "video/mp4", width, height, duration or None)


def make_playable_audio(
    source: Path,
    info: dict,
    work_dir: Path,
    *,
    on_progress: Callable[[int], None] | None = None,
    timeout: float,
) -> Variant:
    """AAC in an M4A container, which every browser plays."""
    target = work_dir / "playable.m4a"
    audio = ffmpeg.input(str(source), **FFPROBE_OPTIONS)["a:0"]
    codec = audio_streams(info)[0].get("codec_name")
    options = {"map_metadata": -1, "movflags": "+faststart", "f": "ipod"}
    if codec == "aac":
        output = ffmpeg.output(audio, str(target), acodec="copy", **options)
    else:
        output = ffmpeg.output(audio, str(target), acodec="aac", audio_bitrate="128k", **options)
    duration = float(info.get("format", {}).get("duration") or 0)
    _run(output.global_args("-v", "error").overwrite_output(), timeout, duration, on_progress)
    return Variant("playable", target, "audio/mp4", duration_seconds=duration or None)


def _probe_size(path: Path) -> tuple[int | None, int | None]:
    info = probe_media(path) or {}
    streams = video_streams(info)
    if not streams:
        return None, None
    return streams[0].get("width"), streams[0].get("height")


def _run(
    stream,
    timeout: float,
    duration: float = 0,
    on_progress: Callable[[int], None] | None = None,
) -> None:
    """Run ffmpeg with a time limit, reporting progress (0-100) from its -progress output.

    ffmpeg runs in a process group of its own, which is killed whole when the job fails or
    times out, and it dies with the worker (a worker killed mid-job leaves no ffmpeg
    converting on for nobody)."""
    args = stream.global_args("-nostats", "-progress", "pipe:1").compile()
    process = subprocess.Popen(  # noqa: S603 - ffmpeg's own arguments, paths we chose
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=functools.partial(_die_with_parent, os.getpid()),  # noqa: PLW1509 - see there
    )
    timed_out = threading.Event()

    def _kill() -> None:
        timed_out.set()
        _kill_group(process)

    watchdog = threading.Timer(timeout, _kill)
    watchdog.start()
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    reader.start()
    try:
        last = -1
        for raw in process.stdout:
            line = raw.decode(errors="replace").strip()
            if on_progress and duration > 0 and line.startswith("out_time_us="):
                try:
                    done = int(line.split("=", 1)[1]) / 1_000_000
                except ValueError:
                    continue
                percent = max(0, min(99, int(100 * done / duration)))
                if percent != last:
                    last = percent
                    on_progress(percent)
        process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:  # nothing of it outlives the job, also one that failed
            _kill_group(process)
            process.wait()
        reader.join(timeout=5)
    if timed_out.is_set():
        raise MediaProcessingError("Converting the recording took too long.")
    if process.returncode != 0:
        message = b"".join(errors).decode(errors="replace").strip()[-500:]
        log.warning("ffmpeg failed (%s): %s", process.returncode, message)
        raise MediaProcessingError("The recording could not be converted.")


_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """In the child, before ffmpeg starts: SIGKILL when the thread that started it ends
    (Linux; a worker's threads live as long as the worker). System calls only, nothing that
    could wait for a lock another thread of the parent held at the fork."""
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the worker died before the line above: no signal comes
        os._exit(1)


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # gone already, with its group
        os.killpg(process.pid, signal.SIGKILL)
