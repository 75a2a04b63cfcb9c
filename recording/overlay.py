"""The burned-in overlay: date-time to the second, office name and case number, in Chinese.

OpenCV's ``putText`` cannot draw Chinese, so each distinct string is drawn once with Pillow into
an alpha mask and cached; per frame only a small region is blended (white text, dark outline).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)
NO_SIGNAL_TEXT = "信号中断"


def find_cjk_font() -> str | None:
    for p in FONT_CANDIDATES:
        if Path(p).is_file():
            return p
    return None


class TextCache:
    """Renders strings to (fill, outline) alpha masks, keeping the most recent ``limit``."""

    def __init__(self, size: int, font_path: str | None = None, limit: int = 64) -> None:
        path = font_path or find_cjk_font()
        if path:
            self.font = ImageFont.truetype(path, size)
        else:  # every Chinese character will be a box; say so once
            log.warning("no CJK font found; overlay text will not be legible")
            self.font = ImageFont.load_default()
        self.stroke = max(1, size // 12)
        self.limit = limit
        self._cache: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.renders = 0

    def get(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
            return hit
        left, top, right, bottom = self.font.getbbox(text, stroke_width=self.stroke)
        w, h = max(1, right - left), max(1, bottom - top)
        fill, outline = Image.new("L", (w, h)), Image.new("L", (w, h))
        ImageDraw.Draw(outline).text((-left, -top), text, font=self.font, fill=255,
                                     stroke_width=self.stroke, stroke_fill=255)
        ImageDraw.Draw(fill).text((-left, -top), text, font=self.font, fill=255)
        masks = (np.asarray(fill, np.uint16), np.asarray(outline, np.uint16))
        self._cache[text] = masks
        self.renders += 1
        if len(self._cache) > self.limit:
            self._cache.popitem(last=False)
        return masks


def blit_text(frame: np.ndarray, masks: tuple[np.ndarray, np.ndarray], x: int, y: int) -> None:
    """Blend white text with a black outline into ``frame`` (BGR uint8) in place, clipped."""
    fill, outline = masks
    h, w = fill.shape
    H, W = frame.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return
    f = fill[y0 - y:y1 - y, x0 - x:x1 - x, None]
    o = outline[y0 - y:y1 - y, x0 - x:x1 - x, None]
    region = frame[y0:y1, x0:x1].astype(np.uint16)
    region = region * (255 - o) // 255
    region = region + (255 - region) * f // 255
    frame[y0:y1, x0:x1] = region.astype(np.uint8)


class Overlay:
    """Draws the fixed lines (time; office and case) top-left and "信号中断" on dead slots."""

    def __init__(self, height: int, office: str, case_number: str, font_path: str | None = None) -> None:
        self.size = max(12, height // 24)
        self.text = TextCache(self.size, font_path)
        self.big = TextCache(max(16, height // 10), font_path, limit=4)
        self.office, self.case_number = office, case_number
        self.margin = max(4, height // 60)

    def draw(self, frame: np.ndarray, stamp: str, dead_slots: list[tuple[int, int, int, int]] = ()) -> None:
        m = self.margin
        blit_text(frame, self.text.get(stamp), m, m)
        second = "  ".join(s for s in (self.office, f"案件编号 {self.case_number}" if self.case_number else "") if s)
        if second:
            blit_text(frame, self.text.get(second), m, m + int(self.size * 1.35))
        for x, y, w, h in dead_slots:
            masks = self.big.get(NO_SIGNAL_TEXT)
            mh, mw = masks[0].shape
            blit_text(frame, masks, x + (w - mw) // 2, y + (h - mh) // 2)
