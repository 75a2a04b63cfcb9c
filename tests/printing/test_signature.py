from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from desktop.domain.errors import ValidationError
from printing.signature import SIGNATURE_ASPECT, render_signature_png, synthetic_strokes


def _ink(png: bytes) -> tuple[Image.Image, int]:
    img = Image.open(BytesIO(png))
    alpha = img.getchannel("A")
    return img, sum(alpha.histogram()[129:])


def test_strokes_become_a_transparent_png():
    img, ink = _ink(render_signature_png(synthetic_strokes("王建国"), width=300))
    assert img.mode == "RGBA"
    assert img.size == (300, round(300 / SIGNATURE_ASPECT))
    assert img.getpixel((0, 0))[3] == 0  # background stays transparent
    assert ink > 300


def test_pressure_sets_the_width():
    line = [(0.1 + 0.8 * i / 20, 0.5, 0.0) for i in range(21)]
    _, light = _ink(render_signature_png([line], width=300))
    _, heavy = _ink(render_signature_png([[(x, y, 1.0) for x, y, _ in line]], width=300))
    assert heavy > 2 * light


def test_empty_and_dot():
    assert _ink(render_signature_png([]))[1] == 0
    assert _ink(render_signature_png([[(0.5, 0.5, 1.0)]]))[1] > 0


@pytest.mark.parametrize("bad", [[[(1.5, 0.5, 0.5)]], [[(0.5, 0.5)]], [[(0.5, -0.1, 1.0)]]])
def test_out_of_box_points_are_refused(bad):
    with pytest.raises(ValidationError):
        render_signature_png(bad)
