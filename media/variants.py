"""Derived files that are safe to show: resized, oriented, and with no metadata at all.

Re-encoding alone is not enough: Pillow keeps JPEG comments when asked to save an image
that still carries them in ``info``. So every variant is an RGB image with empty ``info``,
saved without ``exif=``, ``icc_profile=`` or ``xmp=``. Videos and
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import ffmpeg
import numpy as np
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
    #: Its file name beside the original (the role, unless two files may hold one role).
    name: str | None = None


# --- photos ---------------------------------------------------------------------------


def make_photo_variants(source: Path, work_dir: Path) -> list[Variant]:
    return photo_variants(load_photo(source), work_dir)


def load_photo(source: Path, longest: int | None = None) -> Image.Image:
    """The photo as it is shown: oriented, sRGB, no metadata, its longest side at most
    `longest` (by default the largest copy's). Faces are found and blurred on this picture,
    so the full-sized photo is never handled twice."""
    longest = longest or max(PHOTO_VARIANTS.values())
    with Image.open(source) as img:
        if img.format == "JPEG":
            # Decode at a reduced scale (1/2, 1/4, 1/8) when the photo is far larger than
            # needed. draft() keeps a scale only if both sides stay at least as large as
            # asked, so ask for the box in the photo's own proportions.
            scale = longest / max(img.size)
            if scale < 1:
                img.draft("RGB", (math.ceil(img.width * scale), math.ceil(img.height * scale)))
        return _resized(clean_rgb(img), longest)


def first_thumbnail(source: Path, work_dir: Path) -> Variant:
    """The owner's thumbnail of a new photo, ahead of everything else: decoded at the
    smallest scale that still fills it (an eighth of a phone photo), so it costs a few
    milliseconds. The full set (faces found, every size) follows and replaces it."""
    picture = load_photo(source, PHOTO_VARIANTS["thumbnail"])
    return _write(picture, "sharp_thumbnail", "JPEG", work_dir)


def photo_variants(
    clean: Image.Image,
    work_dir: Path,
    *,
    hide: Callable[[Image.Image], Image.Image] | None = None,
    display_webp: bool = True,
) -> list[Variant]:
    """The display and thumbnail sizes, JPEG and WebP (`hide`: see _shown_copies). The
    display WebP is drawn from the display JPEG, here or (`display_webp` false) later by the
    queue: the same bytes either way, so copies made again match."""
    sizes = sorted(PHOTO_VARIANTS.items(), key=lambda item: -item[1])
    webp = [(role, size, role != "display") for role, size in sizes]
    variants = _shown_copies(clean, work_dir, webp, hide)
    if display_webp:
        display = next(v for v in variants if v.role == "display")
        variants.append(webp_twin(display.path, "display", work_dir))
    return variants


def webp_twin(jpeg: Path, role: str, work_dir: Path) -> Variant:
    """The WebP of a JPEG copy this module wrote (so no metadata to drop), at its size."""
    with Image.open(jpeg) as img:
        if img.format != "JPEG" or img.mode != "RGB":
            raise MediaProcessingError("not a copy made here")
        img.load()
        img.info = {}  # nothing a save could carry along
        return _write(img, f"{role}_webp", "WEBP", work_dir)


def clean_rgb(img: Image.Image) -> Image.Image:
    """Orientation applied, colours in sRGB, transparency on white, and no metadata left.
    Always a new image: the one passed in is left as it was."""
    img.seek(0)  # animated GIF/WebP: the first frame
    icc = img.info.get("icc_profile")
    img = ImageOps.exif_transpose(img)  # a copy, turned upright where the photo says so
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
        img = Image.new("RGB", img.size, "white")
        img.paste(rgba, mask=rgba.getchannel("A"))
    elif img.mode != "RGB":
        img = img.convert("RGB")
    img.info = {}  # what a save could carry along (a JPEG comment); EXIF and ICC are not kept
    return img


def _resized(img: Image.Image, longest: int) -> Image.Image:
    """The picture with its longest side at most `longest`, never enlarged: the same picture
    when it fits (pictures here are written, never changed in place). Bicubic throughout.
    Down to half size (always the case after a JPEG's reduced decode) OpenCV's bicubic draws
    it in a fifth of Pillow's time: its four taps still reach every source pixel, and beside
    Pillow's the picture differs by less than the JPEG encoding does (bench/media.py). Further
    down, Pillow's antialiased bicubic, after a quick box reduction that stays 1.5 times
    above the target (Pillow's reducing_gap)."""
    scale = longest / max(img.size)
    if scale >= 1:
        return img
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    if scale >= 0.5 and img.mode == "RGB":
        pixels = cv2.resize(np.asarray(img), size, interpolation=cv2.INTER_CUBIC)
        return Image.fromarray(pixels, "RGB")
    out = img.resize(size, Image.Resampling.BICUBIC, reducing_gap=1.5)
    out.info = {}
    return out


def _shown_copies(
    picture: Image.Image,
    work_dir: Path,
    sizes: list[tuple[str, int, bool]],
    hide: Callable[[Image.Image], Image.Image] | None,
) -> list[Variant]:
    """A JPEG (and a WebP twin where asked) per (role, longest side, webp), largest first:
    each smaller size is drawn from the one before it, not from the full picture again. With
    `hide` (the faces to blur) these copies, the ones others see, are blurred at each size,
    and the owner's own copies ("sharp_", JPEG only) are kept beside them: blurring a copy
    costs less than drawing a second one from a blurred picture."""
    variants = []
    for role, longest, webp in sizes:
        picture = _resized(picture, longest)
        shown = picture if hide is None else hide(picture)
        variants.append(_write(shown, role, "JPEG", work_dir))
        if webp:
            variants.append(_write(shown, f"{role}_webp", "WEBP", work_dir))
        if hide is not None:
            variants.append(_write(picture, f"sharp_{role}", "JPEG", work_dir))
    return variants


def _write(img: Image.Image, role: str, fmt: str, work_dir: Path) -> Variant:
    suffix, content_type = (".jpg", "image/jpeg") if fmt == "JPEG" else (".webp", "image/webp")
    kind = role.removeprefix("sharp_").removesuffix("_webp")
    fd, name = tempfile.mkstemp(dir=work_dir, prefix=f"{role}-", suffix=suffix)
    if fmt == "JPEG":
        # Baseline, not progressive or optimised: browsers are sent the WebP copy, this one
        # serves reports and old browsers; the extra passes cost 4x the time for 4 % bytes.
        options = {"quality": JPEG_QUALITY.get(kind, 85)}
    else:
        # Method 2: half the time of the default 4 for about 5 % more bytes.
        options = {"quality": WEBP_QUALITY[kind], "method": 2}
    with open(fd, "wb") as out:
        img.save(out, fmt, **options)
    return Variant(role, Path(name), content_type, img.width, img.height)


# --- video and sound ------------------------------------------------------------------


def video_frame(source: Path, work_dir: Path, duration: float | None) -> tuple[Image.Image, float]:
    """A still from one second in (or the first frame of a very short clip), and its time."""
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
    return clean, at


def poster_variants(
    frame: Image.Image, work_dir: Path, *, hide: Callable[[Image.Image], Image.Image] | None = None
) -> list[Variant]:
    """The poster (JPEG) and its thumbnail (JPEG and WebP) (`hide`: see _shown_copies)."""
    display, thumbnail = PHOTO_VARIANTS["display"], PHOTO_VARIANTS["thumbnail"]
    sizes = [("poster", display, False), ("thumbnail", thumbnail, True)]
    return _shown_copies(frame, work_dir, sizes, hide)


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


@dataclass
class FfmpegRun:
    """One ffmpeg process (see ffmpeg_process): read `process.stdout` in the block."""

    process: subprocess.Popen
    timed_out: threading.Event
    errors: list[bytes]

    def error_text(self) -> str:
        return b"".join(self.errors).decode(errors="replace").strip()[-500:]


@contextlib.contextmanager
def ffmpeg_process(args: list[str], timeout: float) -> Iterator[FfmpegRun]:
    """ffmpeg with a time limit, in a process group of its own that is killed whole when the
    block fails, leaves early or times out, and that dies with the worker (a worker killed
    mid-job leaves no ffmpeg converting on for nobody). After the block, `timed_out`,
    `process.returncode` and `error_text()` say how it went."""
    process = subprocess.Popen(  # noqa: S603 - ffmpeg's own arguments, paths we chose
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=functools.partial(_die_with_parent, os.getpid()),  # noqa: PLW1509 - see there
    )
    run = FfmpegRun(process, threading.Event(), [])

    def _kill() -> None:
        run.timed_out.set()
        _kill_group(process)

    watchdog = threading.Timer(timeout, _kill)
    watchdog.start()
    reader = threading.Thread(target=lambda: run.errors.append(process.stderr.read()), daemon=True)
    reader.start()
    try:
        yield run
        process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:  # nothing of it outlives the job, also one that failed
            _kill_group(process)
            process.wait()
        process.stdout.close()
        reader.join(timeout=5)


def _run(
    stream,
    timeout: float,
    duration: float = 0,
    on_progress: Callable[[int], None] | None = None,
) -> None:
    """Run ffmpeg (see ffmpeg_process), reporting progress (0-100) from its -progress output."""
    args = stream.global_args("-nostats", "-progress", "pipe:1").compile()
    with ffmpeg_process(args, timeout) as run:
        last = -1
        for raw in run.process.stdout:
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
    if run.timed_out.is_set():
        raise MediaProcessingError("Converting the recording took too long.")
    if run.process.returncode != 0:
        log.warning("ffmpeg failed (%s): %s", run.process.returncode, run.error_text())
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
