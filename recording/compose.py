"""One or two camera pictures into one output frame: alone, stacked, side by side, or picture-in-picture.

With two cameras each picture fills its slot (its middle cropped to the slot's shape), so no part of the
frame is left black; one camera alone is shown whole (letterboxed if its shape differs)."""

from __future__ import annotations

from enum import StrEnum

import cv2
import numpy as np


class Layout(StrEnum):
    SIDE_BY_SIDE = "side_by_side"
    PICTURE_IN_PICTURE = "pip"
    STACKED = "stacked"  # one above the other: two 16:9 cameras keep most of their width


Rect = tuple[int, int, int, int]  # x, y, w, h

NO_SIGNAL_GRAY = 40


class Compositor:
    """Fits each picture into its slot keeping its aspect ratio (letterboxed on black)."""

    def __init__(self, width: int, height: int, cameras: int = 1, layout: Layout = Layout.SIDE_BY_SIDE):
        if width % 2 or height % 2:
            raise ValueError("output size must be even for yuv420p")
        self.width, self.height, self.layout = width, height, Layout(layout)
        self.slots: list[Rect] = self._slots(cameras)

    def _slots(self, n: int) -> list[Rect]:
        w, h = self.width, self.height
        if n <= 1:
            return [(0, 0, w, h)]
        if self.layout is Layout.SIDE_BY_SIDE:
            half = w // 2
            return [(0, 0, half, h), (half, 0, w - half, h)]
        if self.layout is Layout.STACKED:
            half = (h // 2) & ~1
            return [(0, 0, w, half), (0, half, w, h - half)]
        pw, ph = (w * 3 // 10) & ~1, (h * 3 // 10) & ~1
        margin = max(8, h // 40) & ~1
        return [(0, 0, w, h), (w - pw - margin, h - ph - margin, pw, ph)]

    @staticmethod
    def _fit(src_w: int, src_h: int, slot: Rect) -> Rect:
        x, y, w, h = slot
        scale = min(w / src_w, h / src_h)
        fw, fh = max(2, int(src_w * scale)), max(2, int(src_h * scale))
        return x + (w - fw) // 2, y + (h - fh) // 2, fw, fh

    @staticmethod
    def _crop_to(pic: np.ndarray, slot: Rect) -> np.ndarray:
        """The middle of ``pic`` with the slot's shape (so that, scaled, it fills the slot)."""
        sh, sw = pic.shape[:2]
        _, _, w, h = slot
        if sw * h > w * sh:  # wider than the slot: trim the sides
            cw = max(2, round(sh * w / h))
            x0 = (sw - cw) // 2
            return pic[:, x0:x0 + cw]
        ch = max(2, round(sw * h / w))
        y0 = (sh - ch) // 2
        return pic[y0:y0 + ch]

    def compose(self, pictures: list[np.ndarray | None]) -> np.ndarray:
        """``None`` in a slot = no signal: that slot is filled grey (the overlay labels it)."""
        out = np.zeros((self.height, self.width, 3), np.uint8)
        for slot, pic in zip(self.slots, pictures, strict=False):
            x, y, w, h = slot
            if pic is None:
                out[y:y + h, x:x + w] = NO_SIGNAL_GRAY
                continue
            if len(self.slots) > 1:
                pic = self._crop_to(pic, slot)
            fx, fy, fw, fh = self._fit(pic.shape[1], pic.shape[0], slot)
            if len(self.slots) > 1 and slot is self.slots[1] and self.layout is Layout.PICTURE_IN_PICTURE:
                out[y:y + h, x:x + w] = 0  # the inset gets its own black frame
            if (fw, fh) == (pic.shape[1], pic.shape[0]):
                out[fy:fy + fh, fx:fx + fw] = pic
            else:
                interp = cv2.INTER_AREA if fw < pic.shape[1] else cv2.INTER_LINEAR
                out[fy:fy + fh, fx:fx + fw] = cv2.resize(pic, (fw, fh), interpolation=interp)
        return out
