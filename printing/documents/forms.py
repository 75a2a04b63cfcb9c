"""The bordered forms: 《信访事项登记表》 and 《信访事项交办单》 (four-column label/value grids as on paper)."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from printing.claim import data_sha256
from printing.data import AssignmentSlipData, DocumentClaim, RegistrationFormData
from printing.documents.common import check_data, para
from printing.flowables import Title
from printing.fonts import FontSet, get_fonts
from printing.labels import CHANNEL, COMPLEXITY, cn_date
from printing.layout import LINE, TEXT_H, TEXT_W, styles
from printing.page import build_pdf

LABEL_W = 30 * mm
VALUE_W = (TEXT_W - 2 * LABEL_W) / 2

Row = tuple[str, str] | tuple[str, str, str, str] | tuple[str, Flowable | list[Flowable]]


# A value longer than this goes on over several rows ("（续）"), so the table splits between rows and
# each piece is wrapped once (a row split inside itself is wrapped again at every page).
PIECE_H = TEXT_H * 0.4


def _pieces(p: Flowable, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    while True:
        _, h = p.wrap(width, 10_000)
        if h <= PIECE_H:
            return [*out, p]
        parts = p.split(width, PIECE_H)
        if len(parts) < 2:
            return [*out, p]
        out.append(parts[0])
        p = parts[1]


def _table(fonts: FontSet, rows: list[Row], tall: dict[int, float] | None = None) -> Table:
    """Rows of (label, value[, label, value]); a 2-tuple value spans the three value columns."""
    st = styles(fonts)
    cells, spans, minimum = [], [], []
    span_w = TEXT_W - LABEL_W - 8
    for i, row in enumerate(rows):
        def cell(v: str | Flowable | list[Flowable]):  # noqa: ANN202 - Paragraph, flowable(s)
            return v if isinstance(v, Flowable | list) else para(fonts, v, st.small)

        least = max(LINE, (tall or {}).get(i, 0))
        if len(row) == 2:
            value = cell(row[1])
            pieces = _pieces(value, span_w) if isinstance(value, Flowable) else [value]
            for n, piece in enumerate(pieces):
                label = row[0] if n == 0 else f"{row[0]}（续）"
                spans.append(("SPAN", (1, len(cells)), (3, len(cells))))
                cells.append([para(fonts, label, st.small_label, role="sans"), piece, "", ""])
                minimum.append(least if len(pieces) == 1 else LINE)
        else:
            cells.append([para(fonts, row[0], st.small_label, role="sans"), cell(row[1]),
                          para(fonts, row[2], st.small_label, role="sans"), cell(row[3])])
            minimum.append(least)
    # Each row is as tall as its text needs but never under its paper minimum; splitInRow stays as the
    # last resort for a flowable that cannot be cut into pieces.
    t = Table(cells, colWidths=[LABEL_W, VALUE_W, LABEL_W, VALUE_W], minRowHeights=minimum, splitInRow=0,
              repeatRows=0)
    t.setStyle(TableStyle([
        # empty cells are plain strings: without this they reference a non-embedded Helvetica
        ("FONTNAME", (0, 0), (-1, -1), fonts.names["body"]),
        ("BOX", (0, 0), (-1, -1), 1.2, (0, 0, 0)),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        *spans,
    ]))
    return t


def _meta_line(fonts: FontSet, left: str, right: str) -> Table:
    st = styles(fonts)
    right_style = ParagraphStyle("rr-small-right", parent=st.small, alignment=TA_RIGHT)
    t = Table([[para(fonts, left, st.small), para(fonts, right, right_style)]],
              colWidths=[TEXT_W / 2, TEXT_W / 2])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.names["body"]), ("ALIGN", (1, 0), (1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def render_registration_form(data: RegistrationFormData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    rows: list[Row] = [("编号", data.case_no, "登记日期", cn_date(data.registered_on))]
    for n, p in enumerate(data.petitioners, start=1):
        tag = "信访人" if len(data.petitioners) == 1 else f"信访人{n}"
        rows += [(tag, p.name, "身份证号码", p.id_number), ("联系电话", p.phone, "村(社区)/网格", p.village),
                 ("住址", p.address)]
    mediation = {True: "是", False: "否", None: "未表示"}[data.accepts_mediation]
    rows += [
        ("信访方式", CHANNEL[data.channel], "人数", f"{data.headcount}人"),
        ("代表", "、".join(data.representatives) or "—"),
        ("信访事项", data.matter),
        ("诉求", data.demands),
        ("涉及部门", "、".join(data.departments) or "—"),
        ("主要证据", "；".join(data.evidence) or "—"),
        ("是否接受调解", mediation, "来访历史", data.history or "—"),
        ("接待人员", data.clerk, "接谈人员", data.interviewer),
        ("信访人签字", "", "接待人签字", ""),
    ]
    tall = {rows.index(r): 34 * mm for r in rows if r[0] == "信访事项"}
    tall.update({len(rows) - 1: 16 * mm})
    story = [
        Title(fonts, "信访事项登记表", space_after=LINE * 0.3),
        _meta_line(fonts, f"登记单位：{data.office}", ""),
        Spacer(1, 2 * mm),
        _table(fonts, rows, tall),
    ]
    claim = DocumentClaim(kind="registration_form", case_no=data.case_no, doc_number="",
                          content_sha256=data_sha256(data), copy=data.is_copy)
    return build_pdf(story, fonts=fonts, title=f"信访事项登记表 {data.case_no}", claim=claim,
                     is_copy=data.is_copy)


def render_assignment_slip(data: AssignmentSlipData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    approval: list[Flowable] = []
    if data.approval_note:
        approval.append(para(fonts, data.approval_note, st.small))
    if data.approver_signature_png:
        approval.append(Image(BytesIO(data.approver_signature_png), width=42 * mm, height=14 * mm,
                              kind="proportional", hAlign="LEFT", mask="auto"))
    when = cn_date(data.approved_on) if data.approved_on else ""
    approval.append(para(fonts, f"分管领导：{data.approver}　{when}", st.small))
    rows: list[Row] = [
        ("信访事项编号", data.case_no, "登记日期", cn_date(data.registered_on)),
        ("信访人", data.petitioner, "联系电话", data.phone),
        ("信访事项", data.matter),
        ("诉求", data.demands),
        ("事项类别", data.category or "—", "复杂程度", COMPLEXITY[data.complexity]),
        ("承办部门", data.department),
        ("办理时限", f"{data.limit_days}日", "交办日期", cn_date(data.assigned_on)),
        ("办结期限", f"请于{cn_date(data.due_on)}前办结，并将办理结果书面反馈"
                      f"{data.issuer.reception_office or data.issuer.office}。"),
        ("首办责任人", data.first_handler, "包案领导", data.case_lead or "—"),
        ("审批意见", approval),
        ("备注", data.remarks or "—"),
    ]
    story = [
        Title(fonts, "信访事项交办单", space_after=LINE * 0.3),
        _meta_line(fonts, f"交办单位：{data.issuer.office}", data.doc_number),
        Spacer(1, 2 * mm),
        _table(fonts, rows, {2: 26 * mm, 3: 18 * mm, 9: 30 * mm}),
    ]
    claim = DocumentClaim(kind="assignment_slip", case_no=data.case_no, doc_number=data.doc_number,
                          content_sha256=data_sha256(data), copy=data.is_copy)
    return build_pdf(story, fonts=fonts, title=f"信访事项交办单 {data.doc_number}", claim=claim,
                     is_copy=data.is_copy)
