"""《信访工作分析报告》 as PDF: the figures with their change from the previous period, the charts, the
top types with their streaks, the overdue and repeat lists (as masked for the reader), the leaders'
sessions, the comment section and the definition of every figure."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from desktop.clock import CHINA_TZ
from desktop.statistics.report import AnalysisReport
from desktop.statistics.values import growth
from printing.analysis_report.charts import bars, trend_chart
from printing.analysis_report.tables import Table, all_tables, definitions_table
from printing.documents.common import para, paras
from printing.flowables import Title
from printing.fonts import FontSet, get_fonts
from printing.layout import TEXT_W, styles
from printing.page import build_pdf
from printing.village_board import village_board_story

__all__ = ["render_pdf"]

NO_COMMENT = "（本期未填写分析意见。）"
SECTIONS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def _styles(fonts: FontSet) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    st = styles(fonts)
    cell = ParagraphStyle("ar-cell", parent=st.small, fontSize=9, leading=12)
    head = ParagraphStyle("ar-head", parent=cell, fontName=fonts.names["sans"], alignment=1)
    note = ParagraphStyle("ar-note", parent=cell, fontSize=8.5, textColor=colors.HexColor("#444444"))
    h2 = ParagraphStyle("ar-h2", parent=st.heading, fontSize=14, leading=22, spaceBefore=6)
    return cell, head, note, h2


def _table(fonts: FontSet, t: Table, widths: list[float] | None = None) -> list[Flowable]:
    cell, head, note, _ = _styles(fonts)
    data = [[para(fonts, h, head, role="sans") for h in t.header]]
    for row in t.rows:
        data.append([para(fonts, str(v), cell) for v in row])
    if len(data) == 1:
        data.append([para(fonts, "（无）", cell)] + [""] * (len(t.header) - 1))
    grid = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.names["body"]),  # empty cells would name a non-embedded Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    out: list[Flowable] = [grid]
    if t.note:
        out.append(para(fonts, t.note, note))
    out.append(Spacer(1, 3 * mm))
    return out


def _summary(r: AnalysisReport) -> str:
    f = r.figures
    ago = ""
    if r.year_ago is not None:
        g = growth("received", f, r.year_ago)
        if g is not None:
            ago = f"，同比{'上升' if g > 0 else '下降' if g < 0 else '持平'}{'' if g == 0 else f'{abs(g):.1f}%'}"
    return (f"{r.period.label_zh}，共受理信访事项{f.count('received')}件{ago}，化解{f.count('resolved')}件，"
            f"化解率{f.display('resolution_rate')}；初信初访一次性办结率{f.display('first_petition_rate')}，"
            f"按期办结率{f.display('on_time_rate')}（应办结{f.count('due_in_period')}件），"
            f"满意率{f.display('satisfaction_rate')}（不满意{f.count('dissatisfied')}件）。"
            f"重复访{f.count('repeat_visits')}次{f.count('repeat_matters')}件，黄色预警{f.count('repeat_yellow')}人、"
            f"红色预警{f.count('repeat_red')}人；"
            f"集体访{f.count('group_visits')}批{f.count('group_people')}人；"
            f"{r.serious_overdue_label}{f.count('seriously_overdue')}件。领导接访{f.count('leader_sessions')}次，"
            f"接待群众{f.count('leader_batches')}批{f.count('leader_people')}人次，"
            f"现场解决问题{f.count('leader_solved')}件。")


def render_pdf(report: AnalysisReport, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or get_fonts()
    st = styles(fonts)
    cell, _, note, h2 = _styles(fonts)
    tabs = {t.key: t for t in all_tables(report)}
    heading = iter(SECTIONS)

    def h(text: str) -> Flowable:
        return para(fonts, f"{next(heading)}、{text}", h2, role="sans")

    story: list[Flowable] = [Title(fonts, report.title, space_after=4 * mm)]
    meta = (f"{report.office}　统计范围：{report.filter_label}　统计期：{report.period.start.isoformat()}至"
            f"{report.period.end.isoformat()}（数据截至{report.as_of.isoformat()}）　"
            f"生成：{report.generated_at.astimezone(CHINA_TZ).strftime('%Y-%m-%d %H:%M')}")
    story += [para(fonts, meta, note), Spacer(1, 3 * mm)]
    story += [h("总体情况"), para(fonts, _summary(report), ParagraphStyle("ar-body", parent=st.body, fontSize=11,
                                                                         leading=19)), Spacer(1, 2 * mm)]
    w = TEXT_W
    story += _table(fonts, tabs["主要指标"], [w * 0.27, w * 0.1, w * 0.1, w * 0.13, w * 0.1, w * 0.13, w * 0.07,
                                              w * 0.1])
    story += [CondPageBreak(70 * mm), h("趋势与分布"), trend_chart(fonts, report.trend, TEXT_W), Spacer(1, 3 * mm)]
    story += [KeepTogether([bars(fonts, "按类别受理件数", report.by_category, TEXT_W)]), Spacer(1, 2 * mm)]
    story += [KeepTogether([bars(fonts, "按承办部门受理件数（前10）", report.by_department, TEXT_W)]),
              Spacer(1, 2 * mm)]
    story += [KeepTogether([bars(fonts, "按村（社区）受理件数（前10）", report.by_village, TEXT_W)]),
              Spacer(1, 2 * mm)]
    for key in ("按类别", "按承办部门", "按村社区"):
        story += [para(fonts, tabs[key].title, cell, role="sans")] + _table(fonts, tabs[key], [w * 0.5, w * 0.25,
                                                                                            w * 0.25])
    story += [CondPageBreak(50 * mm), h("矛盾类型分析")]
    story += _table(fonts, tabs["前三类型"], [w * 0.08, w * 0.2, w * 0.1, w * 0.12, w * 0.2, w * 0.3])
    story += [para(fonts, tabs["连续居前"].title, cell, role="sans")] + _table(fonts, tabs["连续居前"])
    story += [CondPageBreak(50 * mm), h(tabs["超期事项"].title)]
    story += _table(fonts, tabs["超期事项"], [w * 0.17, w * 0.14, w * 0.13, w * 0.17, w * 0.14, w * 0.14, w * 0.11])
    story += [CondPageBreak(50 * mm), h("重复访")]
    story += _table(fonts, tabs["重复访"], [w * 0.17, w * 0.12, w * 0.12, w * 0.11, w * 0.1, w * 0.14, w * 0.11,
                                            w * 0.13])
    story += [CondPageBreak(50 * mm), h("领导接访")]
    story += _table(fonts, tabs["领导接访"], [w * 0.15, w * 0.12, w * 0.2, w * 0.11, w * 0.1, w * 0.1, w * 0.11,
                                              w * 0.11])
    township = tabs["基层预防"]
    story += [CondPageBreak(60 * mm), h(township.title)]
    story += _table(fonts, township, [w * 0.2, w * 0.1, w * 0.06, w * 0.13, w * 0.13, w * 0.38])
    if report.late_escalations:
        late = tabs["越级访更正"]
        story += [para(fonts, late.title, cell, role="sans")] + _table(fonts, late)
    if report.corrections:
        story += [CondPageBreak(40 * mm), h(tabs["更正"].title)]
        story += _table(fonts, tabs["更正"])
    story += [CondPageBreak(50 * mm), h("分析与建议")]
    story += paras(fonts, report.comment or NO_COMMENT, ParagraphStyle("ar-comment", parent=st.body, fontSize=12,
                                                                       leading=21))
    story += [Spacer(1, 4 * mm), CondPageBreak(60 * mm), h("指标说明")]
    story += _table(fonts, definitions_table(report), [w * 0.2, w * 0.4, w * 0.4])
    if report.village_board is not None:
        story += [PageBreak(), *village_board_story(report.village_board, fonts)]
    return build_pdf(story, fonts=fonts, title=report.title, claim=None)
