"""首问兜底卡: the tracking card, 85.6 × 54 mm (ID-1), front and back as two pages per card.

Drawn straight on the canvas (no platypus) so a batch of a thousand cards stays fast."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from printing.claim import data_sha256
from printing.data import DocumentClaim, TrackingCardData
from printing.documents.common import check_data
from printing.flowables import draw_qr
from printing.fonts import FontSet, get_fonts
from printing.labels import cn_date
from printing.layout import RED, draw_paragraph, draw_runs, text_style
from printing.page import canvas_maker

CARD_W, CARD_H = 85.6 * mm, 54 * mm
BAND = 9 * mm
CARD_QR_MASK = 2  # vertical stripes: reads well on a small printed code
PAD = 3.5 * mm


def card_qr_payload(d: TrackingCardData) -> str:
    """What a phone's camera shows the petitioner: plain lines (case number, where and how to ask),
    and the office's query page as a link when it has one."""
    lines = [f"{d.office}首问兜底卡", f"信访事项编号：{d.case_no}"]
    if d.query_phone:
        lines.append(f"查询电话：{d.query_phone}")
    if d.query_place:
        lines.append(f"查询地址：{d.query_place}")
    if d.query_url:
        lines.append(d.query_url)
    return "\n".join(lines)


def _front(c: Canvas, fonts: FontSet, d: TrackingCardData, photo: ImageReader | None) -> None:
    c.setFillColorRGB(*RED)
    c.rect(0, CARD_H - BAND, CARD_W, BAND, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    draw_runs(c, fonts, PAD, CARD_H - BAND + 2.8 * mm, "首问兜底卡", role="sans", size=11)
    office_x = PAD + 22 * mm
    draw_paragraph(c, fonts, office_x, CARD_H - 1.2 * mm, CARD_W - PAD - office_x, d.office,
                   text_style(fonts, "body", 6.5, leading=7.4, align=TA_RIGHT, color=(1, 1, 1)))
    c.setFillColorRGB(0, 0, 0)
    pw, ph = 19 * mm, 25 * mm
    py = CARD_H - BAND - 3 * mm - ph
    if photo is not None:
        c.drawImage(photo, PAD, py, width=pw, height=ph, preserveAspectRatio=True)
    else:
        c.rect(PAD, py, pw, ph)
        draw_runs(c, fonts, PAD + pw / 2, py + ph / 2 - 3, "照片", size=8, align="center")
    q = 19 * mm
    x = PAD + pw + 3 * mm
    width = CARD_W - PAD - q - 1.5 * mm - x
    top = CARD_H - BAND - 3 * mm
    top -= draw_paragraph(c, fonts, x, top, width, f"首问责任人：{d.clerk_name}",
                          text_style(fonts, "sans", 8, leading=9.6), role="sans") + 1.2 * mm
    small = text_style(fonts, "body", 6.8, leading=8.2)
    for line in (f"电话：{d.clerk_phone}", f"编号：{d.case_no}", f"登记：{cn_date(d.registered_on)}"):
        top -= draw_paragraph(c, fonts, x, top, width, line, small) + 0.8 * mm
    draw_qr(c, card_qr_payload(d), CARD_W - PAD - q, PAD + 2.5 * mm, q, mask=CARD_QR_MASK)
    draw_runs(c, fonts, CARD_W - PAD - q / 2, PAD, "扫码查看查询方式", size=5.5, align="center")
    draw_runs(c, fonts, PAD, PAD, "请妥善保管本卡，凭卡查询办理进度", size=6)


def _back(c: Canvas, fonts: FontSet, d: TrackingCardData) -> None:
    c.setStrokeColorRGB(*RED)
    c.setLineWidth(0.8)
    c.rect(1.5 * mm, 1.5 * mm, CARD_W - 3 * mm, CARD_H - 3 * mm)
    c.setFillColorRGB(*RED)
    draw_runs(c, fonts, CARD_W / 2, CARD_H - 8 * mm, "首问负责　兜底到底", role="sans", size=10.5, align="center")
    c.setFillColorRGB(0, 0, 0)
    top = CARD_H - 11 * mm
    col = (CARD_W - 2 * PAD) / 3
    who_style = text_style(fonts, "sans", 7, leading=8.2)
    used = 0.0
    for i, (label, who) in enumerate((("谁接待", d.receiver or d.clerk_name), ("谁盯办", d.tracker),
                                      ("谁反馈", d.responder or d.clerk_name))):
        # Each column wraps its own name: a long name takes a second line, never its neighbour's space.
        used = max(used, draw_paragraph(c, fonts, PAD + i * col, top, col - 1.5 * mm, f"{label}：{who or '—'}",
                                        who_style, role="sans"))
    lines = ["进度查询："]
    if d.query_phone:
        lines.append(f"① 电话 {d.query_phone}" + (f"（{d.query_hours}）" if d.query_hours else ""))
    if d.query_place:
        lines.append(f"② 凭本卡编号到{d.query_place}查询")
    if d.query_url:
        lines.append(f"③ 网上查询 {d.query_url}")
    top -= used + 2 * mm
    style = text_style(fonts, "body", 7, leading=8.4)
    for text in lines:
        top -= draw_paragraph(c, fonts, PAD, top, CARD_W - 2 * PAD - 2 * mm, text, style) + 0.6 * mm


def render_tracking_cards(cards: Sequence[TrackingCardData], fonts: FontSet | None = None) -> bytes:
    """All ``cards`` in one PDF, front then back of each (for duplex card printers)."""
    fonts = fonts or get_fonts()
    for d in cards:
        check_data(fonts, d)
    first = cards[0] if cards else None
    claim = DocumentClaim(kind="tracking_card" if len(cards) == 1 else "tracking_cards",
                          case_no=first.case_no if first and len(cards) == 1 else "",
                          doc_number="", content_sha256=data_sha256(first) if len(cards) == 1 else "",
                          copy=False)
    buf = BytesIO()
    c = canvas_maker(claim, fonts)(buf, pagesize=(CARD_W, CARD_H), invariant=1)
    c.setTitle("首问兜底卡")
    photos: dict[bytes, ImageReader] = {}  # one decode per distinct photo in the batch
    for d in cards:
        photo = None
        if d.clerk_photo:
            photo = photos.get(d.clerk_photo) or photos.setdefault(d.clerk_photo, ImageReader(BytesIO(d.clerk_photo)))
        _front(c, fonts, d, photo)
        c.showPage()
        _back(c, fonts, d)
        c.showPage()
    c.save()
    return buf.getvalue()


def render_tracking_card(card: TrackingCardData, fonts: FontSet | None = None) -> bytes:
    return render_tracking_cards([card], fonts)
