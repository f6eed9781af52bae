"""Draw the app icons (a white suitcase on Bagage blue) into mobile_web/static/icons/.

Run once after changing the drawing; the PNGs are committed:
    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "mobile_web" / "static" / "icons"
BLUE = (29, 79, 110, 255)
WHITE = (255, 255, 255, 255)
SCALE = 4  # draw large, then shrink: smooth edges without an anti-aliasing library


def suitcase(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if maskable:
        # Full bleed: the launcher cuts its own shape; keep the drawing in the middle 80 %.
        draw.rectangle((0, 0, big, big), fill=BLUE)
        unit = big * 0.8 / 64
        origin = big * 0.1
    else:
        unit = big / 64
        origin = 0
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=14 * unit, fill=BLUE)

    def box(x0, y0, x1, y1):
        return (origin + x0 * unit, origin + y0 * unit, origin + x1 * unit, origin + y1 * unit)

    # Handle, body, and the band across the body (as in icon.svg).
    draw.rounded_rectangle(
        box(25, 11, 39, 25), radius=4 * unit, outline=WHITE, width=round(4 * unit)
    )
    draw.rounded_rectangle(box(14, 22, 50, 52), radius=5 * unit, fill=WHITE)
    draw.rectangle(box(14, 32.5, 50, 35.5), fill=BLUE)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ):
        suitcase(size, maskable=maskable).save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
