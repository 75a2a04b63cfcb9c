"""Handwritten signatures without Qt: strokes → transparent PNG.

Stroke format (shared with ``ui.printing.SignaturePad``): a sequence of strokes, each a sequence
of ``(x, y, pressure)`` points; x and y are in [0, 1] of a box SIGNATURE_ASPECT times as wide as it
is high (x to the right, y downwards), pressure in [0, 1] (1.0 from a mouse or finger).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from PIL import Image, ImageDraw

from desktop.domain.errors import ValidationError

SIGNATURE_ASPECT = 3.0
Point = tuple[float, float, float]
Strokes = Sequence[Sequence[Point]]

_SUPERSAMPLE = 4  # draw large then shrink: smooth edges without an anti-aliasing renderer


def validate_strokes(strokes: Strokes) -> None:
    for i, stroke in enumerate(strokes):
        for p in stroke:
            if len(p) != 3 or not all(isinstance(v, int | float) for v in p):
                raise ValidationError("bad_stroke_point", field="strokes", stroke=i)
            x, y, pr = p
            if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 and 0.0 <= pr <= 1.0):
                raise ValidationError("stroke_out_of_range", field="strokes", stroke=i)


def render_signature_png(strokes: Strokes, *, width: int = 600, color: tuple[int, int, int] = (10, 10, 10),
                         min_width: float = 0.004, max_width: float = 0.018) -> bytes:
    """Render ``strokes`` as an RGBA PNG ``width`` pixels wide (transparent background).

    Line width follows pressure between ``min_width`` and ``max_width`` (fractions of the width).
    An empty list gives a fully transparent image.
    """
    validate_strokes(strokes)
    height = round(width / SIGNATURE_ASPECT)
    W, H = width * _SUPERSAMPLE, height * _SUPERSAMPLE
    img = Image.new("RGBA", (W, H), (*color, 0))
    draw = ImageDraw.Draw(img)
    ink = (*color, 255)

    def px(p: Point) -> tuple[float, float]:
        return p[0] * (W - 1), p[1] * (H - 1)

    def radius(pr: float) -> float:
        return (min_width + (max_width - min_width) * pr) * W / 2

    for stroke in strokes:
        if not stroke:
            continue
        if len(stroke) == 1:  # a dot
            (x, y), r = px(stroke[0]), radius(stroke[0][2])
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)
            continue
        for a, b in zip(stroke, stroke[1:], strict=False):
            (x0, y0), (x1, y1) = px(a), px(b)
            r = radius((a[2] + b[2]) / 2)
            draw.line((x0, y0, x1, y1), fill=ink, width=max(1, round(2 * r)))
            # round joints, so a thick stroke does not show notches where segments meet
            rb = radius(b[2])
            draw.ellipse((x1 - rb, y1 - rb, x1 + rb, y1 + rb), fill=ink)
        x, y = px(stroke[0])
        r = radius(stroke[0][2])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)
    out = img.resize((width, height), Image.Resampling.LANCZOS)
    buf = BytesIO()
    out.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def synthetic_strokes(seed_text: str) -> list[list[Point]]:
    """A deterministic scribble derived from all of ``seed_text`` (demo data and tests, not a real
    signature): every stroke's rhythm, height and slant come from the text's SHA-256, so two signers
    never share one image."""
    import hashlib
    import math

    digest = hashlib.sha256(seed_text.encode("utf-8")).digest()
    strokes: list[list[Point]] = []
    n = max(2, min(len(seed_text), 4))
    for k in range(n):
        b = digest[4 * k:4 * k + 4]
        x0 = 0.06 + k * 0.86 / n
        w = 0.86 / n * (0.7 + 0.25 * b[0] / 255)
        waves = 1.5 + 3.5 * b[1] / 255
        amp = 0.18 + 0.2 * b[2] / 255
        slant = (b[3] / 255 - 0.5) * 0.3
        stroke: list[Point] = []
        for i in range(40):
            t = i / 39
            x = x0 + w * t
            y = 0.5 + slant * (t - 0.5) + amp * math.sin(t * math.pi * waves + k) * (1 - 0.4 * t)
            stroke.append((round(x, 4), round(min(max(y, 0.0), 1.0), 4), round(0.3 + 0.7 * math.sin(t * math.pi), 3)))
        strokes.append(stroke)
    return strokes
