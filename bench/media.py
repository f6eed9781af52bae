"""Media benchmark: photo variants against vipsthumbnail, video remux/transcode against bare ffmpeg.

Calls the app's own functions in ``media.variants`` directly (no server, no database) on
files generated here, and times the same work done by the plain tools. It prints figures
and never asserts timings.

    .venv/bin/python bench/media.py [--runs N] [--skip-video] [--verbose]

What is compared:

* Photo: ``make_photo_variants`` (thumbnail 480 + display 1600, each as JPEG and WebP) on a
  12 MP JPEG; the same function limited to the 1600 px display JPEG, against bare Pillow
  (``draft``, ``thumbnail``, ``save``: goal <= 1.2x); limited to the 480 px JPEG thumbnail,
  against ``vipsthumbnail -s 480`` when it is installed (goal <= 1.5x).
* Remux: ``make_playable_video`` on a 20 s 1080p H.264/AAC MP4 against
  ``ffmpeg -c copy -movflags +faststart`` (goal: <= 1.1x).
* Transcode: ``make_playable_video`` on a 10 s 1080p HEVC/AAC MP4 against the same ffmpeg
  settings typed by hand (goal: <= 1.1x).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from app.demo import demo_photo  # noqa: E402
from media import variants  # noqa: E402
from media.inspect import probe_media  # noqa: E402

PHOTO_SIZE = (4000, 3000)
MAX_HEIGHT = 720
VIDEO_TIMEOUT = 600
TRANSCODE_SLOW = 10.0  # seconds; slower than this, the transcode is measured twice, not 3x


# --- helpers ------------------------------------------------------------------------------


class Sample(float):
    """Wall-clock seconds of one run, with the CPU seconds it used (this process plus the
    child processes it waited for) in .cpu: on a busy machine the CPU time is the steadier
    figure."""

    cpu: float


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(fn: Callable[[], object]) -> Sample:
    cpu0, start = _cpu(), time.perf_counter()
    fn()
    sample = Sample(time.perf_counter() - start)
    sample.cpu = _cpu() - cpu0
    return sample


def median_ms(samples: list[float]) -> str:
    return f"{1000 * statistics.median(samples):8.1f} ms"


def cpu_ms(samples: list[Sample]) -> str:
    return f"cpu {1000 * statistics.median(s.cpu for s in samples):.0f} ms"


def spread(samples: list[float]) -> str:
    return f"(min {1000 * min(samples):.1f}, max {1000 * max(samples):.1f}, n={len(samples)})"


def ratio(ours: list[Sample], theirs: list[Sample], *, cpu: bool = False) -> float:
    if cpu:
        return statistics.median(s.cpu for s in ours) / statistics.median(s.cpu for s in theirs)
    return statistics.median(ours) / statistics.median(theirs)


def ratios(ours: list[Sample], theirs: list[Sample], goal: float) -> str:
    return f"wall {verdict(ratio(ours, theirs), goal)}; cpu {ratio(ours, theirs, cpu=True):.2f}x"


def verdict(value: float, goal: float) -> str:
    return f"{value:.3f}x (goal <= {goal}x: {'met' if value <= goal else 'NOT met'})"


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def ffmpeg(*args: str) -> None:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


# --- photo --------------------------------------------------------------------------------


@contextlib.contextmanager
def one_size(role: str) -> Iterator[None]:
    """make_photo_variants restricted to one size as a JPEG, with the module's own code:
    PHOTO_VARIANTS holds only that size (so draft() aims at it, as a one-size path would)
    and no WebP is written."""
    sizes, write = variants.PHOTO_VARIANTS, variants._write

    def jpeg_only(img, role, fmt, work_dir):
        return write(img, role, fmt, work_dir) if fmt == "JPEG" else None

    variants.PHOTO_VARIANTS = {role: sizes[role]}
    variants._write = jpeg_only
    try:
        yield
    finally:
        variants.PHOTO_VARIANTS, variants._write = sizes, write


def bare_pillow(photo: Path, longest: int, out: Path) -> None:
    """The least Pillow does for one size: decode at a reduced scale, shrink, save."""
    with Image.open(photo) as img:
        scale = longest / max(img.size)  # draft() wants the box in the photo's proportions
        img.draft("RGB", (round(img.width * scale), round(img.height * scale)))
        img.thumbnail((longest, longest))
        img.save(out, "JPEG", quality=85)


@contextlib.contextmanager
def watching_clean_rgb(seen: list[tuple[tuple[int, int], float]]) -> Iterator[None]:
    """Records the size clean_rgb receives (the size draft() decodes at) and its time (the
    JPEG decode happens there, on first access to the pixels)."""
    real = variants.clean_rgb

    def wrapper(img):
        size, start = img.size, time.perf_counter()
        out = real(img)
        seen.append((size, time.perf_counter() - start))
        return out

    variants.clean_rgb = wrapper
    try:
        yield
    finally:
        variants.clean_rgb = real


def repeat(runs: int, fn: Callable[[Path], object], work: Path) -> list[float]:
    fn(fresh(work))  # warm-up: imports, codec tables, page cache
    return [timed(lambda: fn(fresh(work))) for _ in range(runs)]


def bench_photo(tmp: Path, runs: int) -> None:
    print(f"\n== Photo: 12 MP JPEG ({PHOTO_SIZE[0]}x{PHOTO_SIZE[1]}), median of {runs} runs ==")
    photo = tmp / "IMG_0001.jpg"
    photo.write_bytes(demo_photo(random.Random(1), PHOTO_SIZE))
    with Image.open(photo) as img:
        print(f"  source: {photo.stat().st_size / 1e6:.1f} MB, {img.size[0]}x{img.size[1]}")
    work = tmp / "photo-out"
    display = variants.PHOTO_VARIANTS["display"]

    def make_all(d: Path) -> None:
        variants.make_photo_variants(photo, d)

    allv = repeat(runs, make_all, work)
    with one_size("thumbnail"):
        thumb = repeat(runs, make_all, work)
    with one_size("display"):
        large = repeat(runs, make_all, work)
    bare = repeat(runs, lambda d: bare_pillow(photo, display, d / "bare.jpg"), work)
    seen_all: list[tuple[tuple[int, int], float]] = []
    seen_thumb: list[tuple[tuple[int, int], float]] = []
    with watching_clean_rgb(seen_all):
        repeat(runs, make_all, work)
    with one_size("thumbnail"), watching_clean_rgb(seen_thumb):
        repeat(runs, make_all, work)

    def decoded(seen: list) -> str:
        (w, h), _t = seen[-1]
        ms = 1000 * statistics.median(t for _s, t in seen)
        return f"decoded at {w}x{h}; decode + clean_rgb {ms:.0f} ms"

    print(f"  make_photo_variants (thumb+display, JPEG+WebP)  {median_ms(allv)} {spread(allv)}")
    print(f"    {cpu_ms(allv)}; {decoded(seen_all)}")
    print(f"  display alone ({display} px JPEG only)             {median_ms(large)} "
          f"{spread(large)}")  # fmt: skip
    print(f"    {cpu_ms(large)}")
    print(f"  bare Pillow: draft, thumbnail(), save           {median_ms(bare)} {spread(bare)}")
    print(f"    {cpu_ms(bare)}")
    print(f"  ratio display alone / bare Pillow: {ratios(large, bare, 1.2)}")
    print(f"  thumbnail alone (480 px JPEG only)               {median_ms(thumb)} {spread(thumb)}")
    print(f"    {cpu_ms(thumb)}; {decoded(seen_thumb)}")
    print("    = make_photo_variants with PHOTO_VARIANTS holding one size and no WebP")

    vips = shutil.which("vipsthumbnail")
    if not vips:
        print("  vipsthumbnail: not installed, no comparison. Install it with")
        print("    apt-get install libvips-tools")
        print("  and run this again (goal: thumbnail alone <= 1.5x vipsthumbnail).")
        return
    out = work / "vips.jpg"

    def run_vips(_d: Path) -> None:
        subprocess.run([vips, str(photo), "-s", "480", "-o", str(out)], check=True)

    vips_times = repeat(runs, run_vips, work)
    print(f"  vipsthumbnail -s 480 (process start included)   {median_ms(vips_times)} "
          f"{spread(vips_times)}, {cpu_ms(vips_times)}")  # fmt: skip
    print(f"  ratio thumbnail alone / vipsthumbnail: {ratios(thumb, vips_times, 1.5)}")
    print(f"  ratio all four variants / vipsthumbnail (one output): {ratio(allv, vips_times):.2f}x")


# --- video --------------------------------------------------------------------------------


def make_h264(path: Path) -> None:
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", "20", "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", str(path),
    )  # fmt: skip


def make_hevc(path: Path) -> None:
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", "10", "-map", "0:v", "-map", "1:a",
        "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
        "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", str(path),
    )  # fmt: skip


def bare_remux(source: Path, target: Path) -> None:
    ffmpeg(
        "-i", str(source), "-map", "0:v:0", "-map", "0:a:0", "-c", "copy",
        "-map_metadata", "-1", "-movflags", "+faststart", str(target),
    )  # fmt: skip


SCALE = (
    f"scale=if(gt(iw\\,ih)\\,-2\\,min({MAX_HEIGHT}\\,iw))"
    f":if(gt(iw\\,ih)\\,min({MAX_HEIGHT}\\,ih)\\,-2)"
)


def bare_transcode(source: Path, target: Path) -> None:
    """The settings of make_playable_video's transcode branch, typed by hand (-vf, not
    -filter_complex; no format/protocol whitelist, no -progress)."""
    ffmpeg(
        "-i", str(source), "-map", "0:v:0", "-map", "0:a:0", "-vf", SCALE,
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k",
        "-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart",
        "-f", "mp4", str(target),
    )  # fmt: skip


def module_command(source: Path, info: dict, work: Path) -> list[str]:
    """The ffmpeg argument list make_playable_video runs (caught at subprocess.Popen)."""
    import ffmpeg._run

    seen: list[list[str]] = []
    real_popen = ffmpeg._run.subprocess.Popen

    class Recorder(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *a, **kw):
            seen.append(list(args))
            super().__init__(args, *a, **kw)

    ffmpeg._run.subprocess.Popen = Recorder
    try:
        variants.make_playable_video(
            source, info, fresh(work), max_height=MAX_HEIGHT, timeout=VIDEO_TIMEOUT
        )
    finally:
        ffmpeg._run.subprocess.Popen = real_popen
    return seen[0]


def compare(
    source: Path,
    bare: Callable[[Path, Path], None],
    runs: int,
    work: Path,
    *,
    slow_after: float | None = None,
    verbose: bool = False,
) -> tuple[list[float], list[float], Path]:
    info = probe_media(source)
    assert info is not None, f"ffprobe could not read {source}"
    out = fresh(work) / "bare.mp4"

    def ours() -> None:
        variants.make_playable_video(
            source, info, fresh(work), max_height=MAX_HEIGHT, timeout=VIDEO_TIMEOUT
        )

    warm = timed(lambda: bare(source, out))  # warm-up: page cache, nothing measured
    if slow_after and warm > slow_after and runs > 2:
        runs = 2
    print(f"  median of {runs} runs each")
    ours_t: list[float] = []
    bare_t: list[float] = []
    for i in range(runs):  # alternate, so a drift in machine load hits both alike
        if i % 2 == 0:
            ours_t.append(timed(ours))
            bare_t.append(timed(lambda: bare(source, fresh(work) / "bare.mp4")))
        else:
            bare_t.append(timed(lambda: bare(source, fresh(work) / "bare.mp4")))
            ours_t.append(timed(ours))
    # One more run of ours, to catch its ffmpeg command and time the probe it does at the end.
    command = module_command(source, info, work)
    playable = work / "playable.mp4"
    probe_t = [timed(lambda: probe_media(playable)) for _ in range(3)]
    kept = work / "result.mp4"
    playable.rename(kept)
    same_t = [
        timed(lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL))
        for _ in range(runs)
    ]
    print(f"  make_playable_video  {median_ms(ours_t)} {spread(ours_t)}, {cpu_ms(ours_t)}")
    print(f"    its ffmpeg command alone, run directly    {median_ms(same_t)}, {cpu_ms(same_t)}")
    print(f"    its ffprobe of the result (_probe_size)   {median_ms(probe_t)}, {cpu_ms(probe_t)}")
    print(f"  bare ffmpeg          {median_ms(bare_t)} {spread(bare_t)}, {cpu_ms(bare_t)}")
    if verbose:
        print(
            "    module's ffmpeg command: "
            + shlex.join(command).replace(str(source), "IN").replace(str(work), "WORK")
        )
    return ours_t, bare_t, kept


def describe(path: Path) -> str:
    info = probe_media(path) or {}
    parts = []
    for s in info.get("streams", []):
        if s.get("codec_type") == "video":
            parts.append(f"{s.get('codec_name')} {s.get('width')}x{s.get('height')}")
        elif s.get("codec_type") == "audio":
            parts.append(f"{s.get('codec_name')}")
    duration = float(info.get("format", {}).get("duration") or 0)
    return f"{' + '.join(parts)}, {duration:.1f} s, {path.stat().st_size / 1e6:.1f} MB"


def bench_video(tmp: Path, runs: int, verbose: bool) -> None:
    runs_video = min(runs, 3)
    print("\n== Remux: 20 s 1920x1080 H.264/AAC MP4 ==")
    h264 = tmp / "phone-h264.mp4"
    t = timed(lambda: make_h264(h264))
    print(f"  source: {describe(h264)} (made in {t:.1f} s)")
    info = probe_media(h264)
    print(f"  can_remux: {variants.can_remux(info)} (False would mean it is transcoded instead)")
    ours, bare, out = compare(h264, bare_remux, runs_video, tmp / "remux-out", verbose=verbose)
    print(f"  result: {describe(out)}")
    print(f"  ratio ours / bare: {ratios(ours, bare, 1.1)}")
    diff = statistics.median(ours) - statistics.median(bare)
    print(f"  difference: {1000 * diff:.0f} ms per video (fixed cost, not per byte)")

    print(f"\n== Transcode: 10 s 1920x1080 HEVC/AAC MP4 -> {MAX_HEIGHT}p H.264 veryfast crf 23 ==")
    hevc = tmp / "iphone-hevc.mp4"
    t = timed(lambda: make_hevc(hevc))
    print(f"  source: {describe(hevc)} (made in {t:.1f} s)")
    info = probe_media(hevc)
    print(f"  can_remux: {variants.can_remux(info)} (expected False: transcoded)")
    # 2 runs each instead of 3 when one bare transcode takes longer than TRANSCODE_SLOW.
    ours, bare, out = compare(
        hevc,
        bare_transcode,
        runs_video,
        tmp / "tc-out",
        slow_after=TRANSCODE_SLOW,
        verbose=verbose,
    )
    print(f"  result: {describe(out)}")
    print(f"  ratio ours / bare: {ratios(ours, bare, 1.1)}")


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5,
                        help="runs per photo measurement (video: at most 3)")  # fmt: skip
    parser.add_argument("--skip-video", action="store_true", help="photos only")
    parser.add_argument("--verbose", action="store_true",
                        help="also print the ffmpeg commands make_playable_video runs")  # fmt: skip
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for tool in ("ffmpeg", "ffprobe"):
        if not shutil.which(tool):
            print(f"{tool} is not installed (apt-get install ffmpeg)", file=sys.stderr)
            return 1
    tmp = Path(tempfile.mkdtemp(prefix="bagage-bench-media-"))
    started = time.perf_counter()
    try:
        version = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True)
        print(
            f"Bagage media benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
            f"Pillow {Image.__version__}, {version.stdout.splitlines()[0][:40]}"
        )
        bench_photo(tmp, args.runs)
        if not args.skip_video:
            bench_video(tmp, args.runs, args.verbose)
        print(f"\nTotal run: {time.perf_counter() - started:.0f} s")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
