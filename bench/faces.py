"""Faces benchmark: detection recall on composed group photos, and the extra time that finding
and blurring faces adds per 12 MP photo and per minute of 1080p video.

    .venv/bin/python bench/faces.py [--runs N] [--photos N] [--skip-video]

Calls ``media.faces`` and ``media.variants`` directly (no server, no database) on pictures
composed from scikit-image's sample faces (tests/face_pictures.py). Prints figures, never
asserts timings. Budget (issue 19): a photo with blurring takes at most 2.0x the time without.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from media import faces, variants  # noqa: E402
from media.inspect import probe_media  # noqa: E402
from tests.face_pictures import group_photo, matches  # noqa: E402


def _bench_media():
    """bench/media.py's timing helpers (its name is taken by the media package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_media", ROOT / "bench" / "media.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_m = _bench_media()
run_ffmpeg, cpu_ms, fresh, median_ms, timed = _m.ffmpeg, _m.cpu_ms, _m.fresh, _m.median_ms, _m.timed

PHOTO_BUDGET = 2.0
MAX_HEIGHT = 720
VIDEO_SECONDS = 20


def recall(count: int) -> None:
    sets = [
        ("1600x1200, 6 faces of 6-12 % width, turned <= 10 deg", (1600, 1200), 6, (0.06, 0.12)),
        ("2000x1500, 12 faces of 3-7 % width, turned <= 10 deg", (2000, 1500), 12, (0.03, 0.07)),
        ("4000x3000, 20 faces of 2.5-5 % width, turned <= 15 deg", (4000, 3000), 20, (0.025, 0.05)),
    ]
    print(
        f"\n== Detection recall: {count} composed photos per set (WORK_SIDE {faces.WORK_SIDE}) =="
    )
    for label, size, n, fraction in sets:
        total = hits = false = 0
        seconds = []
        for seed in range(count):
            photo = group_photo(size, faces=n, face_fraction=fraction, seed=seed,
                                max_angle=15 if size[0] > 3000 else 10)  # fmt: skip
            start = time.process_time()
            found = faces.detect_faces(photo.image)
            seconds.append(time.process_time() - start)
            h, f = matches(found, photo.faces)
            total, hits, false = total + n, hits + h, false + f
        cpu = 1000 * statistics.median(seconds)
        print(f"  {label}: recall {hits}/{total} = {hits / total:.2f}, "
              f"false positives {false}, cpu {cpu:.0f} ms/photo")  # fmt: skip


def photo_time(tmp: Path, runs: int) -> None:
    print(f"\n== Extra time per 12 MP photo (median of {runs} runs) ==")
    source = tmp / "group.jpg"
    group_photo((4000, 3000), faces=12, face_fraction=(0.03, 0.07), seed=1).image.save(
        source, quality=90
    )
    work = tmp / "photo-out"

    def plain() -> None:
        variants.make_photo_variants(source, fresh(work))

    def with_faces() -> None:
        # What the processing job does (media.services._derive): decode once at the largest
        # copy's size, find the faces on it, then the copies others see (blurred, JPEG and
        # WebP) and the owner's sharp copies (JPEG only).
        out = fresh(work)
        clean = variants.load_photo(source)
        boxes = faces.detect_faces(clean)
        variants.photo_variants(clean, out, hide=lambda p: faces.blur_faces(p, boxes))

    def nothing_blurred() -> None:
        # Every photo is searched; one where nothing is found (or all kept) stops there.
        out = fresh(work)
        clean = variants.load_photo(source)
        faces.detect_faces(clean)
        variants.photo_variants(clean, out)

    plain(), nothing_blurred(), with_faces()  # warm-up
    a, n, b = [], [], []
    for _ in range(runs):
        a.append(timed(plain))
        n.append(timed(nothing_blurred))
        b.append(timed(with_faces))
    ratio = statistics.median(b) / statistics.median(a)
    print(f"  make_photo_variants             {median_ms(a)}, {cpu_ms(a)}")
    print(f"  + detect, nothing to blur       {median_ms(n)}, {cpu_ms(n)}")
    print(f"  + detect + blurred variants     {median_ms(b)}, {cpu_ms(b)}")
    print(f"  ratio {ratio:.2f}x (budget <= {PHOTO_BUDGET}x: "
          f"{'met' if ratio <= PHOTO_BUDGET else 'NOT met'}); "
          f"blurring alone: {statistics.median(b) / statistics.median(n):.2f}x "
          "the same photo searched with nothing to blur")  # fmt: skip


def video_time(tmp: Path) -> None:
    print(f"\n== Extra time per minute of 1080p video ({VIDEO_SECONDS} s clip, faces moving) ==")
    from tests.face_pictures import astronaut_face, background, paste_face

    source = tmp / "clip.mp4"
    frames_dir = fresh(tmp / "frames")
    back, face = background((1920, 1080)), astronaut_face(240)
    for n in range(VIDEO_SECONDS * 5):  # 5 fps of drawn frames, encoded at 30 fps
        frame = back.copy()
        paste_face(frame, face, (300 + 12 * n, 540))
        frame.save(frames_dir / f"{n:04d}.png")
    run_ffmpeg("-framerate", "5", "-i", str(frames_dir / "%04d.png"),
               "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
               "-t", str(VIDEO_SECONDS), "-r", "30", "-c:v", "libx265", "-preset", "ultrafast",
               "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p",
               "-c:a", "aac", str(source))  # fmt: skip
    info = probe_media(source)
    work = tmp / "video-out"
    plain = timed(
        lambda: variants.make_playable_video(
            source, info, fresh(work), max_height=MAX_HEIGHT, timeout=600
        )
    )
    found: list = []
    detect = timed(
        lambda: found.extend(faces.detect_video_faces(source, duration=VIDEO_SECONDS, timeout=600))
    )
    blurred = timed(
        lambda: faces.make_blurred_video(
            source, info, fresh(work), found, max_height=MAX_HEIGHT, timeout=600
        )
    )
    per_minute = 60 / VIDEO_SECONDS
    print(f"  tracks found: {len(found)} (sample rate {faces.SAMPLE_FPS} fps)")
    print(f"  make_playable_video (transcode)  {plain * per_minute:6.1f} s/min, "
          f"cpu {plain.cpu * per_minute:.1f} s")  # fmt: skip
    print(f"  detect_video_faces               {detect * per_minute:6.1f} s/min, "
          f"cpu {detect.cpu * per_minute:.1f} s")  # fmt: skip
    print(f"  make_blurred_video               {blurred * per_minute:6.1f} s/min, "
          f"cpu {blurred.cpu * per_minute:.1f} s")  # fmt: skip
    print(f"  ratio (detect + blurred) / plain: {(detect + blurred) / plain:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--photos", type=int, default=5, help="photos per recall set")
    parser.add_argument("--skip-video", action="store_true")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bagage-bench-faces-"))
    try:
        print(f"Bagage faces benchmark: OpenCV threads {faces.cv2.getNumThreads()}")
        recall(args.photos)
        photo_time(tmp, args.runs)
        if not args.skip_video:
            video_time(tmp)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
