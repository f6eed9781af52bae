"""Pictures with faces whose places are known, composed from scikit-image's bundled sample data.

The faces are the 100 faces of ``skimage.data.lfw_subset()`` (25×25 grey crops from Labeled
Faces in the Wild) and the astronaut's face from ``skimage.data.astronaut()``; the background is
``skimage.data.coffee()``. Nothing is downloaded: all of it ships inside scikit-image.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image
from skimage import data

from media.faces import Box

#: The astronaut's face in skimage.data.astronaut() (512×512): left, top, width, height in px.
ASTRONAUT_FACE = (177, 66, 96, 96)


@dataclass
class GroupPhoto:
    image: Image.Image
    faces: list[Box]  # where each pasted face is, as fractions of the picture


@functools.cache
def _lfw() -> np.ndarray:
    return data.lfw_subset()[:100]  # the first 100 are faces, the other 100 are not


def lfw_face(index: int, size: int) -> Image.Image:
    """Face `index` (0..99) of the LFW subset as an RGB picture of size×size."""
    grey = Image.fromarray((_lfw()[index] * 255).round().astype(np.uint8), "L")
    return grey.resize((size, size), Image.Resampling.BICUBIC).convert("RGB")


def astronaut() -> Image.Image:
    return Image.fromarray(data.astronaut())


def astronaut_face(size: int) -> Image.Image:
    left, top, w, h = ASTRONAUT_FACE
    return astronaut().crop((left, top, left + w, top + h)).resize((size, size))


def background(size: tuple[int, int]) -> Image.Image:
    return Image.fromarray(data.coffee()).resize(size, Image.Resampling.BICUBIC)


def paste_face(
    canvas: Image.Image, face: Image.Image, centre: tuple[int, int], angle: float = 0
) -> Box:
    """Paste `face` centred at `centre`, turned by `angle` degrees; returns where the face is."""
    s = face.width
    turned = face.convert("RGBA").rotate(angle, Image.Resampling.BICUBIC, expand=True)
    x, y = centre[0] - turned.width // 2, centre[1] - turned.height // 2
    canvas.paste(turned, (x, y), turned)
    left, top = centre[0] - s / 2, centre[1] - s / 2
    return Box(left / canvas.width, top / canvas.height, s / canvas.width, s / canvas.height)


def group_photo(
    size: tuple[int, int] = (1600, 1200),
    *,
    faces: int = 6,
    face_fraction: tuple[float, float] = (0.06, 0.12),
    max_angle: float = 10,
    seed: int = 0,
    with_astronaut: bool = False,
) -> GroupPhoto:
    """A group photo: `faces` faces in a loose grid (no two touch), each a random width between
    `face_fraction` of the picture's width, turned by up to ±`max_angle` degrees."""
    rng = random.Random(seed)
    canvas = background(size)
    columns = max(1, round((faces * size[0] / size[1]) ** 0.5))
    rows = -(-faces // columns)
    cell_w, cell_h = size[0] / columns, size[1] / rows
    picks = rng.sample(range(100), faces)
    boxes = []
    for n in range(faces):
        row, col = divmod(n, columns)
        s = int(size[0] * rng.uniform(*face_fraction))
        s = min(s, int(0.7 * min(cell_w, cell_h)))  # room to turn without touching a neighbour
        slack_x, slack_y = (cell_w - s * 1.3) / 2, (cell_h - s * 1.3) / 2
        cx = int(cell_w * (col + 0.5) + rng.uniform(-slack_x, slack_x))
        cy = int(cell_h * (row + 0.5) + rng.uniform(-slack_y, slack_y))
        face = astronaut_face(s) if with_astronaut and n == 0 else lfw_face(picks[n], s)
        boxes.append(paste_face(canvas, face, (cx, cy), rng.uniform(-max_angle, max_angle)))
    return GroupPhoto(canvas, boxes)


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a.left + a.width, b.left + b.width) - max(a.left, b.left))
    iy = max(0.0, min(a.top + a.height, b.top + b.height) - max(a.top, b.top))
    inter = ix * iy
    union = a.width * a.height + b.width * b.height - inter
    return inter / union if union > 0 else 0.0


def matches(found: list[Box], truth: list[Box], *, min_iou: float = 0.3) -> tuple[int, int]:
    """(true faces found, found boxes that are no true face), one found box per true face."""
    unused = list(found)
    hits = 0
    for face in truth:
        best = max(unused, key=lambda b: iou(b, face), default=None)
        if best is not None and iou(best, face) >= min_iou:
            hits += 1
            unused.remove(best)
    return hits, len(unused)
