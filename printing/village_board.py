"""《信访“三无”村创建情况一览表》: the one-page village board of a year, rendered from the core's frozen
:class:`~desktop.prevention.views.VillageBoard` (it gathers nothing itself)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.prevention.views import VillageBoard
from printing.documents.common import check_data, para
from printing.flowables import Title
from printing.fonts import FontConfig, FontSet, get_fonts
from printing.layout import TEXT_W, styles
from printing.page import build_pdf

__all__ = ["render_village_board", "village_board_story"]

HEADER = ("村（社区）", "到市赴省进京\n非正常访", "越级\n集体访", "信访\n积案", "排查\n红", "排查\n黄", "排查\n绿",
          "重点人员\n稳定/关注/失控", "三无")
WIDTHS = [25 * mm, 24 * mm, 14 * mm, 13 * mm, 10 * mm, 10 * mm, 10 * mm, 27 * mm]
GREEN_BG, RED_BG = colors.HexColor("#dcefdc"), colors.HexColor("#f8d7d4")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def render_village_board(board: VillageBoard, fonts_config: FontConfig | None = None) -> bytes:
    fonts = get_fonts(fonts_config)
    check_data(fonts, board)
    return build_pdf(village_board_story(board, fonts), fonts=fonts, title=f"{board.year}年三无村一览表",
                     claim=None, page_numbers=False)


def village_board_story(board: VillageBoard, fonts: FontSet) -> list[Flowable]:
    """The board's page as flowables, also placed in the yearly analysis report."""
    st = styles(fonts)
    size = 9 if len(board.rows) <= 32 else 7.5  # one page holds the township's villages
    cell = ParagraphStyle("vb-cell", parent=st.small, fontSize=size, leading=size * 1.3, alignment=1)
    left = ParagraphStyle("vb-left", parent=cell, alignment=0)
    head = ParagraphStyle("vb-head", parent=cell, fontName=fonts.names["sans"])
    widths = [*WIDTHS, TEXT_W - sum(WIDTHS)]
    data = [[para(fonts, h, head, role="sans") for h in HEADER]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for i, r in enumerate(board.rows, start=1):
        data.append([para(fonts, r.village, left)] + [para(fonts, str(v), cell) for v in (
            r.abnormal_above, r.group_escalations, r.backlog, r.red, r.yellow, r.green,
            f"{r.key_stable}/{r.key_watch}/{r.key_lost}", "是" if r.three_no else "否")])
        style.append(("BACKGROUND", (-1, i), (-1, i), GREEN_BG if r.three_no else RED_BG))
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(TableStyle(style))
    a = board.as_of
    summary = (f"截至{a.year}年{a.month}月{a.day}日，全镇{len(board.rows)}个村（社区）中“三无”村"
               f"{board.three_no_count}个，占{_percent(board.share_percent)}；目标{board.goal_percent}%，"
               f"{'已达到' if board.goal_met else '未达到'}。")
    note = ("说明：三无＝无到市赴省进京非正常访、无越级集体访、无信访积案。非正常访与越级集体访按上级通报、"
            "当年发生且截至上述日期已录入的计；信访积案按截至上述日期仍未办结的积案计。")
    return [
        Title(fonts, f"{board.township}{board.year}年信访“三无”村创建情况一览表", space_after=4 * mm),
        para(fonts, summary, ParagraphStyle("vb-sum", parent=st.small, fontSize=10.5, leading=15)),
        Spacer(1, 3 * mm), table, Spacer(1, 2 * mm),
        para(fonts, note, ParagraphStyle("vb-note", parent=st.small, fontSize=8, leading=11,
                                         textColor=colors.HexColor("#444444"))),
    ]
