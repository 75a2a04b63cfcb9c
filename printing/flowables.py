"""Flowables shared by the letters: red header (版头), title, signer block, issuer with seal, QR."""

from __future__ import annotations

from io import BytesIO

import segno
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from printing.fonts import FontSet
from printing.layout import BODY_SIZE, LINE, RED, TITLE_SIZE, draw_runs, split_lines


class RedHeader(Flowable):
    """发文机关标志 in red, 发文字号 centred below it, and the red separator line."""

    HEADER_SIZE = 30

    def __init__(self, fonts: FontSet, office: str, doc_number: str) -> None:
        super().__init__()
        self.fonts, self.office, self.doc_number = fonts, office, doc_number

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = self.HEADER_SIZE + LINE * 2 + 4 * mm
        return aw, self.height

    def draw(self) -> None:
        c: Canvas = self.canv
        c.saveState()
        c.setFillColorRGB(*RED)
        c.setStrokeColorRGB(*RED)
        top = self.height - self.HEADER_SIZE
        draw_runs(c, self.fonts, self.width / 2, top, self.office, role="title",
                  size=self.HEADER_SIZE, align="center", bold=0.9)
        c.setFillColorRGB(0, 0, 0)
        if self.doc_number:
            draw_runs(c, self.fonts, self.width / 2, top - LINE * 1.6, self.doc_number,
                      size=BODY_SIZE, align="center")
        c.setLineWidth(1.2)
        c.line(0, 2 * mm, self.width, 2 * mm)
        c.restoreState()


class Title(Flowable):
    """The document's title, 2号 centred and emboldened, broken into lines as needed."""

    def __init__(self, fonts: FontSet, text: str, space_after: float = LINE) -> None:
        super().__init__()
        self.fonts, self.text, self.space_after = fonts, text, space_after

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.lines = split_lines(self.fonts, self.text, "title", TITLE_SIZE, aw)
        self.height = len(self.lines) * TITLE_SIZE * 1.5 + self.space_after
        return aw, self.height

    def draw(self) -> None:
        y = self.height - TITLE_SIZE * 1.15
        for line in self.lines:
            draw_runs(self.canv, self.fonts, self.width / 2, y, line, role="title",
                      size=TITLE_SIZE, align="center", bold=0.55)
            y -= TITLE_SIZE * 1.5


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw a QR code (vector squares, always a full QR, never Micro QR) with its lower-left at x, y."""
    qr = segno.make_qr(payload, error="m")
    matrix = list(qr.matrix_iter(border=0))
    n = len(matrix)
    cell = size / n
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    p = c.beginPath()
    for r, row in enumerate(matrix):
        for col, dark in enumerate(row):
            if dark:
                p.rect(x + col * cell, y + (n - 1 - r) * cell, cell * 1.01, cell * 1.01)
    c.drawPath(p, stroke=0, fill=1)
    c.restoreState()


def image_reader(png: bytes) -> ImageReader:
    return ImageReader(BytesIO(png))


class SignatureRow(Flowable):
    """Signers side by side: role label, the handwritten signature image below it, then the
    printed name and date (the name is text, so it can be searched and read back)."""

    IMG_H = 15 * mm

    def __init__(self, fonts: FontSet, entries: list[tuple[str, str, bytes | None, str]]) -> None:
        super().__init__()
        self.fonts, self.entries = fonts, entries  # (label, name, png, date text)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = LINE + self.IMG_H + LINE * 0.7
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        col = self.width / max(1, len(self.entries))
        for i, (label, name, png, when) in enumerate(self.entries):
            x0 = i * col
            draw_runs(c, self.fonts, x0, self.height - BODY_SIZE, f"{label}：", size=BODY_SIZE)
            img_y = LINE * 0.7
            if png:
                w = min(self.IMG_H * 3, col - 6 * mm)
                c.drawImage(image_reader(png), x0 + 4 * mm, img_y, width=w, height=self.IMG_H,
                            mask="auto", preserveAspectRatio=True, anchor="w")
            draw_runs(c, self.fonts, x0 + 4 * mm, img_y - BODY_SIZE * 0.85,
                      f"（{name}）  {when}".rstrip(), size=BODY_SIZE * 0.75)


class IssuerBlock(Flowable):
    """发文机关署名 and 成文日期 flush right (two characters in), the seal pressed over the date,
    and, on the left, the QR code used to verify the letter."""

    SEAL = 42 * mm

    def __init__(self, fonts: FontSet, office: str, date_text: str, seal_png: bytes | None,
                 qr_payload: str | None, qr_caption: str = "") -> None:
        super().__init__()
        self.fonts, self.office, self.date_text = fonts, office, date_text
        self.seal_png, self.qr_payload, self.qr_caption = seal_png, qr_payload, qr_caption

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = max(LINE * 3, 28 * mm) if self.qr_payload else LINE * 2.2
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        right = self.width - 2 * BODY_SIZE  # GB/T 9704: 成文日期右空四字; the office centred above it
        date_w = draw_runs(c, self.fonts, right, LINE * 0.5, self.date_text, align="right")
        centre = right - date_w / 2
        draw_runs(c, self.fonts, centre, LINE * 1.5, self.office, align="center")
        if self.seal_png:
            # 印章端正、居中下压署名和成文日期: centre of the seal a little above the date.
            s = self.SEAL
            c.drawImage(image_reader(self.seal_png), centre - s / 2, LINE * 1.8 - s / 2, width=s,
                        height=s, mask="auto", preserveAspectRatio=True)
        if self.qr_payload:
            q = 24 * mm
            draw_qr(c, self.qr_payload, 0, self.height - q, q)
            if self.qr_caption:
                draw_runs(c, self.fonts, 0, self.height - q - 9, self.qr_caption, size=7)
