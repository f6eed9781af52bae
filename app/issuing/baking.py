"""Badge pictures, and baking a credential into them (Open Badges 3.0, "Baking").

A baked PNG carries the credential in an iTXt chunk with the keyword `openbadgecredential`
(uncompressed); a baked SVG in an `<openbadges:credential>` element (namespace
https://purl.imsglobal.org/ob/v3p0) right inside the root: the JSON in CDATA, or a VC-JWT in
its `verify` attribute. The pictures are drawn here, with no files or fonts of their own.
"""

from __future__ import annotations

import io
import textwrap
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
PNG_KEYWORD = "openbadgecredential"
SIZE = 400
#: The app's colours: a deep teal ring, a light face.
RING, FACE, INK = "#0f5c63", "#e8f4f3", "#11333a"


def _lines(title: str, width: int = 22, count: int = 4) -> list[str]:
    lines = textwrap.wrap(title, width=width) or [""]
    if len(lines) > count:
        lines = lines[:count]
        lines[-1] = lines[-1][: width - 1] + "…"
    return lines


def badge_svg(title: str, issuer_name: str, credential: str | None = None) -> str:
    """A round badge with the achievement's name; with `credential` (the JSON, or a JWT) it is
    baked in."""
    lines = _lines(title)
    first = 200 - (len(lines) - 1) * 14
    text = "".join(
        f'<text x="200" y="{first + i * 28}" text-anchor="middle" font-size="22" '
        f'font-family="sans-serif" fill="{INK}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    baked = ""
    if credential is not None:
        if credential.lstrip().startswith("{"):
            cdata = credential.replace("]]>", "]]]]><![CDATA[>")
            baked = f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>"
        else:
            baked = f"<openbadges:credential verify={quoteattr(credential.strip())}/>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB_NAMESPACE}" '
        f'width="{SIZE}" height="{SIZE}" viewBox="0 0 400 400">'
        f"{baked}<title>{escape(title)}</title>"
        f'<circle cx="200" cy="200" r="190" fill="{RING}"/>'
        f'<circle cx="200" cy="200" r="165" fill="{FACE}"/>'
        f'<path d="M170 95 l20 20 l40 -40" stroke="{RING}" stroke-width="12" fill="none" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
        f"{text}"
        f'<text x="200" y="330" text-anchor="middle" font-size="16" font-family="sans-serif" '
        f'fill="{RING}">{escape(issuer_name[:40])}</text></svg>'
    )


def badge_png(title: str, issuer_name: str, credential: str | None = None) -> bytes:
    """The same badge drawn with Pillow (its built-in font); with `credential` baked into an
    iTXt chunk."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 390, 390), fill=RING)
    draw.ellipse((35, 35, 365, 365), fill=FACE)
    draw.line([(170, 95), (190, 115), (230, 75)], fill=RING, width=12, joint="curve")
    font = ImageFont.load_default(size=22)
    small = ImageFont.load_default(size=16)
    lines = _lines(title)
    first = 200 - (len(lines) - 1) * 14
    for i, line in enumerate(lines):
        draw.text((200, first + i * 28), line, fill=INK, font=font, anchor="ms")
    draw.text((200, 330), issuer_name[:40], fill=RING, font=small, anchor="ms")
    info = None
    if credential is not None:
        info = PngInfo()
        info.add_itxt(PNG_KEYWORD, credential, zip=False)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def unbake_png(data: bytes) -> str | None:
    """The credential baked into a PNG, if any."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        value = getattr(image, "text", {}).get(PNG_KEYWORD)
    return str(value) if value is not None else None
