"""GB/T 9704-2012 geometry, the shared paragraph styles and drawing helpers.

版心 (text block) 156 × 225 mm on A4 with margins top 37, bottom 35, left 28, right 26 mm;
body 3号仿宋 on a grid of 22 lines × 28 characters; title 2号小标宋; page numbers 4号 "— 1 —".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from printing import cjk_wrap  # noqa: F401 - installs Chinese line breaking for every paragraph
from printing.fonts import FontSet

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TEXT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
GRID_LINES, GRID_CHARS = 22, 28
LINE = TEXT_H / GRID_LINES  # ≈ 28.9 pt: the line pitch of the 22-line grid
# 3号 is 16 pt, but 28 × 16 pt is 1.3 % wider than the 156 mm block; Word closes that gap with
# negative character spacing, ReportLab paragraphs have none, so the size itself meets the grid.
BODY_SIZE = int(TEXT_W / GRID_CHARS * 100) / 100  # 15.79 pt
TITLE_SIZE = 22  # 2号
PAGE_NO_SIZE = 14  # 4号
RED = (0.86, 0.08, 0.09)

@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle  # first line indented two characters
    plain: ParagraphStyle  # addressee, signature lines: no indent
    heading: ParagraphStyle  # 一、二、… in 黑体
    right: ParagraphStyle
    small: ParagraphStyle  # forms and tables
    small_label: ParagraphStyle
    small_center: ParagraphStyle


@functools.lru_cache(maxsize=8)
def _styles(body: str, sans: str) -> Styles:
    base = ParagraphStyle(
        "rr-body", fontName=body, fontSize=BODY_SIZE, leading=LINE, wordWrap="CJK",
        alignment=TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE, allowWidows=1, allowOrphans=1,
    )
    plain = ParagraphStyle("rr-plain", parent=base, firstLineIndent=0, alignment=TA_LEFT)
    heading = ParagraphStyle("rr-heading", parent=base, fontName=sans, alignment=TA_LEFT)
    right = ParagraphStyle("rr-right", parent=plain, alignment=2)
    small = ParagraphStyle("rr-small", parent=plain, fontSize=11.5, leading=15.5)
    small_label = ParagraphStyle("rr-small-label", parent=small, fontName=sans, alignment=TA_CENTER)
    small_center = ParagraphStyle("rr-small-center", parent=small, alignment=TA_CENTER)
    return Styles(body=base, plain=plain, heading=heading, right=right, small=small,
                  small_label=small_label, small_center=small_center)


def styles(fonts: FontSet) -> Styles:
    return _styles(fonts.names["body"], fonts.names["sans"])


def runs_width(fonts: FontSet, text: str, role: str, size: float) -> float:
    return sum(stringWidth(run, name, size) for name, run in fonts.runs(text, role))


def draw_runs(canv: Canvas, fonts: FontSet, x: float, y: float, text: str, *, role: str = "body",
              size: float = BODY_SIZE, align: str = "left") -> float:
    """Draw ``text`` once on one line, switching font per run. Returns the width drawn."""
    width = runs_width(fonts, text, role, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    t = canv.beginText(x, y)
    for name, run in fonts.runs(text, role):
        t.setFont(name, size)
        t.textOut(run)
    canv.drawText(t)
    return width


def text_style(fonts: FontSet, role: str, size: float, *, leading: float | None = None,
               align: int = TA_LEFT, color: tuple[float, float, float] = (0, 0, 0)) -> ParagraphStyle:
    """A paragraph style for short texts drawn outside the body (titles, headers, the card)."""
    return _text_style(fonts.names[role], size, leading or size * 1.25, align, color)


@functools.lru_cache(maxsize=64)
def _text_style(font: str, size: float, leading: float, align: int, color: tuple[float, float, float]
                ) -> ParagraphStyle:
    return ParagraphStyle(f"rr-{font}-{size}-{align}", fontName=font, fontSize=size, leading=leading,
                          wordWrap="CJK", alignment=align, textColor=color)


def draw_paragraph(canv: Canvas, fonts: FontSet, x: float, top: float, width: float, text: str,
                   style: ParagraphStyle, role: str = "body") -> float:
    """Draw ``text`` wrapped (Chinese line breaking) into ``width`` with its first line under ``top``;
    returns the height used."""
    p = Paragraph(fonts.markup(text, role), style)
    _, h = p.wrap(width, 10_000)
    p.drawOn(canv, x, top - h)
    return h
