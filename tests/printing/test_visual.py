"""Visual regression: each document rendered by pdftoppm at 50 dpi against reviewed baselines.

To (re)create baselines: RR_UPDATE_BASELINES=1 pytest tests/printing/test_visual.py, then LOOK at
every PNG in tests/printing/baselines before committing it."""

from __future__ import annotations

import os
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.printing.conftest import RENDERERS

BASELINES = Path(__file__).parent / "baselines"
DPI = 50


def _pages(pdf: bytes) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "doc.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(src), str(Path(d) / "p")], check=True,
                       timeout=60)
        return [Image.open(BytesIO(p.read_bytes())).convert("L") for p in sorted(Path(d).glob("p-*.png"))]


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ by more than a faint anti-aliasing wobble."""
    diff = ImageChops.difference(a, b)
    hist = diff.histogram()
    return sum(hist[64:]) / (a.width * a.height)


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_matches_baseline(name, rendered):
    pages = _pages(rendered(name))
    assert pages
    if os.environ.get("RR_UPDATE_BASELINES"):
        for old in BASELINES.glob(f"{name}-*.png"):
            old.unlink()
        for i, page in enumerate(pages, 1):
            page.save(BASELINES / f"{name}-{i}.png", optimize=True)
    expected = sorted(BASELINES.glob(f"{name}-*.png"))
    assert len(expected) == len(pages), f"{name}: {len(pages)} pages, {len(expected)} baselines"
    for i, (page, path) in enumerate(zip(pages, expected, strict=True), 1):
        base = Image.open(path).convert("L")
        assert page.size == base.size, f"{name} page {i}: size {page.size} != {base.size}"
        share = _difference(page, base)
        assert share < 0.0003, f"{name} page {i}: {share:.2%} of pixels differ from {path.name}"


def test_a_changed_document_is_caught(rendered):
    """The comparison is not blind: a letter with another outcome differs from the baseline."""
    from dataclasses import replace

    from desktop.domain.enums import Outcome
    from printing import samples
    from printing.documents.decision import render_decision_letter

    letter = samples.decision_letter()
    other = replace(letter, content=replace(letter.content, outcome=Outcome.REJECT,
                                            petitioner="张三丰"))
    page = _pages(render_decision_letter(other))[0]  # only the petitioner's name differs here
    base = Image.open(BASELINES / "decision_letter-1.png").convert("L")
    assert _difference(page, base) >= 0.0003
