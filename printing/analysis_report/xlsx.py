"""《信访工作分析报告》 as XLSX: one sheet per table (the same rows as the PDF), the comment and the
definition of every figure."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.clock import CHINA_TZ
from desktop.statistics.report import AnalysisReport
from printing.analysis_report.tables import Cell, Change, Delta, Pct, Table, all_tables, definitions_table

__all__ = ["render_xlsx"]

HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
PERCENT = "0.0%"
SIGNED_PERCENT = "+0.0%;-0.0%;0.0%"
SIGNED_POINTS = '+0.0" pp";-0.0" pp";0.0" pp"'
SIGNED_COUNT = "+0;-0;0"


def _cell(value: Cell) -> tuple[object, str | None]:
    """(what the cell stores, its number format): every number stays a number, a percentage is the
    fraction with a percent format (42.9% is 0.429), a change in points a signed number."""
    if isinstance(value, Pct):
        return (None, None) if value.percent is None else (value.percent / 100.0, PERCENT)
    if isinstance(value, Change):
        if value.value is None:
            return None, None
        return (value.value, SIGNED_POINTS) if value.is_points else (value.value / 100.0, SIGNED_PERCENT)
    if isinstance(value, Delta):
        if value.value is None:
            return None, None
        return (value.value, SIGNED_POINTS) if value.is_points else (value.value, SIGNED_COUNT)
    return value, None


def _sheet(wb: Workbook, t: Table, first: bool) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = t.key[:31]
    ws.append([t.title])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(list(t.header))
    for c in ws[2]:
        c.font, c.fill = Font(bold=True), HEAD_FILL
    for row in t.rows:
        cells = [_cell(v) for v in row]
        ws.append([v for v, _ in cells])
        for c, (_, fmt) in zip(ws[ws.max_row], cells, strict=False):
            if fmt:
                c.number_format = fmt
    if t.note:
        ws.append([])
        ws.append([t.note])
    for i, h in enumerate(t.header, start=1):
        longest = max([len(str(h))] + [len(str(r[i - 1])) for r in t.rows])
        ws.column_dimensions[get_column_letter(i)].width = min(60, 4 + longest * 1.8)
    ws.freeze_panes = "A3"


def render_xlsx(report: AnalysisReport) -> bytes:
    wb = Workbook()
    tables = all_tables(report)
    for i, t in enumerate(tables):
        _sheet(wb, t, first=i == 0)
    ws = wb.create_sheet("分析与建议")
    ws.append([f"{report.title}　分析与建议"])
    ws["A1"].font = Font(bold=True, size=12)
    for line in (report.comment or "").split("\n"):
        ws.append([line])
    ws.column_dimensions["A"].width = 100
    for row in ws.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    _sheet(wb, definitions_table(report), first=False)
    info = wb.create_sheet("报告信息")
    for k, v in (("报告", report.title), ("单位", report.office), ("统计范围", report.filter_label),
                 ("统计期", f"{report.period.start.isoformat()} 至 {report.period.end.isoformat()}"),
                 ("数据截至", report.as_of.isoformat()), ("上期", report.previous_period.label_zh),
                 ("生成时间", report.generated_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M"))):
        info.append([k, v])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 12, 50
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
