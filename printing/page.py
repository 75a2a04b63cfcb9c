"""The page template every A4 document shares: GB/T 9704 frame, "— 1 —" page numbers, the 副本
mark on reprints, and the document's claim in the PDF metadata. Output is PDF bytes.

``invariant=1`` fixes the creation date and file ID so the same data gives the same bytes
(visual baselines and the letters' hashes rely on that).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from printing.data import DocumentClaim
from printing.fonts import FontSet
from printing.layout import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_H,
    PAGE_NO_SIZE,
    PAGE_W,
    RED,
    TEXT_H,
    TEXT_W,
    draw_runs,
)

CLAIM_KEY = "ReceptionClaim"
PRODUCER = "Reception Room (信访接待室)"


class _ClaimInfo(PDFInfo):
    """The Info dictionary plus one key holding the claim as JSON."""

    claim_json = ""

    def format(self, document):  # noqa: ANN001 - ReportLab's internal signature
        d = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "Trapped": PDFName(self.trapped),
        }
        d["ModDate"] = d["CreationDate"] = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        if self.claim_json:
            d[CLAIM_KEY] = PDFString(self.claim_json)
        return PDFDictionary(d).format(document)


def claim_json(claim: DocumentClaim) -> str:
    return json.dumps(
        {"v": claim.version, "kind": claim.kind, "case_no": claim.case_no, "doc_number": claim.doc_number,
         "content_sha256": claim.content_sha256, "copy": claim.copy},
        ensure_ascii=True, sort_keys=True, separators=(",", ":"),
    )


def canvas_maker(claim: DocumentClaim | None, fonts: FontSet) -> type[Canvas]:
    text = claim_json(claim) if claim else ""

    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            # Without this every page starts with a Helvetica reference: a non-embedded font.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.names["body"]
            super().__init__(*args, **kwargs)
            self._doc.info.__class__ = _ClaimInfo
            self._doc.info.claim_json = text
            self._doc.info.producer = PRODUCER

    return _Canvas


def draw_copy_mark(c: Canvas, fonts: FontSet, page_w: float, page_h: float, big: bool = True) -> None:
    """副本: a faint diagonal watermark and a red stamp in the top margin."""
    c.saveState()
    if big:
        c.setFillColorRGB(0.5, 0.5, 0.5)
        c.setFillAlpha(0.16)
        c.translate(page_w / 2, page_h / 2)
        c.rotate(35)
        draw_runs(c, fonts, 0, -60, "副本", role="sans", size=170, align="center")
        c.restoreState()
        c.saveState()
    c.setStrokeColorRGB(*RED)
    c.setFillColorRGB(*RED)
    c.setLineWidth(1.5)
    w, h = 22 * mm, 10 * mm
    x, y = page_w - MARGIN_RIGHT - w, page_h - 22 * mm
    c.rect(x, y, w, h)
    draw_runs(c, fonts, x + w / 2, y + 2.6 * mm, "副 本", role="sans", size=15, align="center")
    c.restoreState()


def _page_number(c: Canvas, fonts: FontSet, n: int) -> None:
    """4号 Arabic numerals between em dashes, 7 mm under the text block; odd pages right, even left,
    one character in from the edge of the block."""
    label = f"— {n} —"
    y = MARGIN_BOTTOM - 7 * mm - PAGE_NO_SIZE * 0.8
    if n % 2:
        draw_runs(c, fonts, PAGE_W - MARGIN_RIGHT - PAGE_NO_SIZE, y, label, size=PAGE_NO_SIZE, align="right")
    else:
        draw_runs(c, fonts, MARGIN_LEFT + PAGE_NO_SIZE, y, label, size=PAGE_NO_SIZE)


def build_pdf(story: list[Flowable], *, fonts: FontSet, title: str, claim: DocumentClaim | None,
              is_copy: bool = False, page_numbers: bool = True,
              extra: Callable[[Canvas, int], None] | None = None) -> bytes:
    """Lay ``story`` out on GB/T 9704 A4 pages and return the PDF bytes."""
    buf = BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=PRODUCER,
        subject=claim.kind if claim else "", creator=PRODUCER, invariant=1,
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_W, TEXT_H, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")

    def decorate(c: Canvas, d: BaseDocTemplate) -> None:
        n = c.getPageNumber()
        if page_numbers:
            _page_number(c, fonts, n)
        if is_copy:
            draw_copy_mark(c, fonts, PAGE_W, PAGE_H)
        if extra:
            extra(c, n)

    doc.addPageTemplates([PageTemplate(id="gbt9704", frames=[frame], onPage=decorate)])
    doc.build(story, canvasmaker=canvas_maker(claim, fonts))
    return buf.getvalue()
