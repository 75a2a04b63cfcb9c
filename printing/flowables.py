"""Flowables shared by the letters: red header (版头), title, signer block, issuer with seal, QR."""

from __future__ import annotations

from io import BytesIO

import segno
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from printing.fonts import FontSet
from printing.layout import BODY_SIZE, LINE, MARGIN_TOP, RED, TITLE_SIZE, draw_runs, runs_width, text_style


class RedHeader(Flowable):
    """版头: 发文机关标志 in red, wrapped when the organ's name is long, its top edge 30 mm from the
    page's top edge as the standard's 信函格式 places it (GB/T 9704-2012 §10.1: what goes to a
    petitioner is a letter, not a 文件 with the 35 mm 版头 of §7.2.3); 发文字号 two lines below it
    (§7.2.4); the red separator 4 mm under the 发文字号 (§7.2.6); two empty lines before the title
    (§7.3.1)."""

    HEADER_SIZE = 30
    TOP = 30 * mm - MARGIN_TOP  # negative: the organ's name starts in the top margin
    RULE_GAP = 4 * mm

    def __init__(self, fonts: FontSet, office: str, doc_number: str) -> None:
        super().__init__()
        self.fonts, self.office, self.doc_number = fonts, office, doc_number
        self.style = text_style(fonts, "title", self.HEADER_SIZE, leading=self.HEADER_SIZE * 1.2,
                                align=TA_CENTER, color=RED)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.organ = Paragraph(self.fonts.markup(self.office, "title"), self.style)
        _, self.organ_h = self.organ.wrap(aw, 10_000)
        number = 2 * LINE + BODY_SIZE if self.doc_number else 0
        self.height = self.TOP + self.organ_h + number + self.RULE_GAP + 2 * LINE
        return aw, self.height

    def draw(self) -> None:
        c: Canvas = self.canv
        top = self.height - self.TOP
        self.organ.drawOn(c, 0, top - self.organ_h)
        y = top - self.organ_h
        if self.doc_number:
            y -= 2 * LINE + BODY_SIZE
            draw_runs(c, self.fonts, self.width / 2, y + BODY_SIZE * 0.12, self.doc_number, align="center")
        rule = y - self.RULE_GAP
        c.saveState()
        c.setStrokeColorRGB(*RED)
        c.setLineWidth(1.2)
        c.line(0, rule, self.width, rule)
        c.restoreState()


class Title(Flowable):
    """The document's title, 2号 小标宋 centred, broken into lines by the Chinese rules as needed."""

    def __init__(self, fonts: FontSet, text: str, space_after: float = LINE) -> None:
        super().__init__()
        self.fonts, self.text, self.space_after = fonts, text, space_after
        self.para = Paragraph(fonts.markup(text, "title"),
                              text_style(fonts, "title", TITLE_SIZE, leading=TITLE_SIZE * 1.45, align=TA_CENTER))

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        _, self.para_h = self.para.wrap(aw, 10_000)
        self.height = self.para_h + self.space_after
        return aw, self.height

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, self.space_after)


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float, mask: int | None = None) -> None:
    """Draw a QR code (vector squares, always a full QR, never Micro QR) with its lower-left at x, y.
    ``mask``: a fixed mask pattern (any of the eight is a valid code); choosing the best one costs four
    fifths of the time, which a batch of a thousand cards cannot spend."""
    qr = segno.make_qr(payload, error="m", mask=mask)
    matrix = list(qr.matrix_iter(border=0))
    n = len(matrix)
    cell = size / n
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    p = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < n:  # one rectangle per run of dark modules: a third of the drawing operations
            if not row[col]:
                col += 1
                continue
            end = col
            while end < n and row[end]:
                end += 1
            p.rect(x + col * cell, y + (n - 1 - r) * cell, (end - col) * cell + cell * 0.01, cell * 1.01)
            col = end
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
        self.col = aw / max(1, len(self.entries))
        small = text_style(self.fonts, "body", BODY_SIZE * 0.75, leading=BODY_SIZE * 0.95)
        label = text_style(self.fonts, "body", BODY_SIZE, leading=LINE * 0.8)
        self.labels = [Paragraph(self.fonts.markup(f"{e[0]}："), label) for e in self.entries]
        self.names = [Paragraph(self.fonts.markup(f"（{e[1]}）　{e[3]}".rstrip()), small) for e in self.entries]
        self.label_h = max([p.wrap(self.col - 2 * mm, 10_000)[1] for p in self.labels] or [0.0])
        self.names_h = max([p.wrap(self.col - 6 * mm, 10_000)[1] for p in self.names] or [0.0])
        self.height = self.label_h + self.IMG_H + self.names_h + LINE * 0.3
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        for i, (_label, _name, png, _when) in enumerate(self.entries):
            x0 = i * self.col
            h = self.labels[i].wrap(self.col - 2 * mm, 10_000)[1]
            self.labels[i].drawOn(c, x0, self.height - h)
            img_y = self.names_h + LINE * 0.15
            if png:
                w = min(self.IMG_H * 3, self.col - 6 * mm)
                c.drawImage(image_reader(png), x0 + 4 * mm, img_y, width=w, height=self.IMG_H,
                            mask="auto", preserveAspectRatio=True, anchor="w")
            nh = self.names[i].wrap(self.col - 6 * mm, 10_000)[1]
            self.names[i].drawOn(c, x0 + 4 * mm, img_y - nh)


class IssuerBlock(Flowable):
    """发文机关署名 over 成文日期 (右空四字, the organ's name centred on the date), the seal pressed
    over both (下压, GB/T 9704 §7.3.5.1: both sit a little below the seal's centre, its top within one
    line of the text above) and blended like ink (multiply) so the characters under it stay legible;
    on the left, the QR code used to verify the document. The block is as tall as the seal, so the
    seal never reaches the text or the signatures above it."""

    SEAL = 42 * mm

    def __init__(self, fonts: FontSet, office: str, date_text: str, seal_png: bytes | None,
                 qr_payload: str | None, qr_caption: str = "") -> None:
        super().__init__()
        self.fonts, self.office, self.date_text = fonts, office, date_text
        self.seal_png, self.qr_payload, self.qr_caption = seal_png, qr_payload, qr_caption

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        right = aw - 2 * BODY_SIZE
        date_w = runs_width(self.fonts, self.date_text, "body", BODY_SIZE)
        # A long organ name wraps above the date instead of running off the paper.
        self.organ_w = min(right, max(date_w + 4 * BODY_SIZE, 9 * BODY_SIZE))
        self.organ = Paragraph(self.fonts.markup(self.office),
                               text_style(self.fonts, "body", BODY_SIZE, leading=LINE, align=TA_CENTER))
        _, self.organ_h = self.organ.wrap(self.organ_w, 10_000)
        text_top = LINE * 0.5 + BODY_SIZE + self.organ_h
        self.height = max(text_top + LINE, self._seal_top() + 2,  # 不加盖印章: 正文下空一行
 28 * mm if self.qr_payload else 0)
        return aw, self.height

    def _seal_top(self) -> float:
        if not self.seal_png:
            return 0.0
        middle = LINE * 0.5 + (BODY_SIZE + self.organ_h) / 2
        return middle + BODY_SIZE * 0.6 + self.SEAL / 2

    def draw(self) -> None:
        c = self.canv
        right = self.width - 2 * BODY_SIZE  # GB/T 9704: 成文日期右空四字; the office centred above it
        date_w = draw_runs(c, self.fonts, right, LINE * 0.5, self.date_text, align="right")
        centre = right - date_w / 2
        organ_x = min(centre - self.organ_w / 2, right - self.organ_w)
        self.organ.drawOn(c, organ_x, LINE * 0.5 + BODY_SIZE)
        if self.seal_png:
            s = self.SEAL
            top = self._seal_top()
            c.saveState()
            c.setBlendMode("Multiply")
            c.drawImage(image_reader(self.seal_png), centre - s / 2, top - s, width=s, height=s, mask="auto",
                        preserveAspectRatio=True)
            c.restoreState()
        if self.qr_payload:
            q = 24 * mm
            draw_qr(c, self.qr_payload, 0, self.height - q, q)
            if self.qr_caption:
                draw_runs(c, self.fonts, 0, self.height - q - 9, self.qr_caption, size=7)
