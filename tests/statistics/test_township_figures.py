"""基层预防与积案化解 in the analysis report (data, XLSX, PDF), the yearly 三无 board page and the dashboard.

March 2025, counted by hand: two screening items (红 followed up and resolved, 黄 open) → 2 reported, 1 red,
1 resolved (50.0%), important information 100%; one 越级访 to the province from 东村 → 2 of 3 villages 三无;
a backlog key case open since June 2024 resolved on 12 March → 积案化解率 1/1 (February: 0/1, 环比 +100 pp;
March 2024 had no backlog: 同比 —); two mediations, one agreed → 调解成功率 50.0%."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.clock import CHINA_TZ, FixedClock
from desktop.keycases import cases, mediation
from desktop.keycases.cases import FlagInput
from desktop.keycases.enums import KeyCaseKind, KeyCaseReason, MediationOutcome
from desktop.keycases.mediation import MediationInput
from desktop.prevention import escalations, screening
from desktop.prevention.enums import EscalationLevel, EscalationSource
from desktop.prevention.escalations import EscalationInput
from desktop.prevention.screening import ScreeningInput
from desktop.services.context import AppContext
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.report import AnalysisReport, build_report
from printing.analysis_report import render_pdf, render_xlsx
from tests.desktop.helpers import resident_id
from tests.keycases.conftest import Ledger
from tests.prevention.conftest import Township, make_township

MARCH = ReportPeriod.month(2025, 3)


@pytest.fixture
def sqlite_only(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the figures come from modules tested on both databases; this is their wiring")


@pytest.fixture
def town(ctx: AppContext, clock: FixedClock) -> Township:
    t = make_township(ctx)
    team = t.team
    with ctx.db.session() as s:
        red = screening.add_item(ctx, s, team.clerk, ScreeningInput("村", "刘书记", "拖欠工资", "红", village="东村"))
        screening.add_item(ctx, s, team.clerk, ScreeningInput("村", "刘书记", "邻里纠纷", "黄", village="西村"))
        assert red is not None
        screening.record_follow_up(ctx, s, team.approver, red.id, "镇长到场")
        screening.resolve(ctx, s, team.approver, red.id, "调解达成协议", on=date(2025, 3, 3))
        escalations.record(ctx, s, team.clerk, EscalationInput(
            occurred_on=date(2025, 3, 2), level=EscalationLevel.PROVINCE, source=EscalationSource.NOTICE,
            abnormal=True, id_number=resident_id("11010519600101003"), name="老王", village="东村",
            reported_by="市信访局"))
    number = Ledger(ctx, team).matter(date(2024, 5, 1))
    with ctx.db.session() as s:
        case_id = cases.flag_case(ctx, s, team.clerk, FlagInput(
            case_number=number, kind=KeyCaseKind.BACKLOG, reason=KeyCaseReason.HISTORICAL,
            leader_id=team.case_lead.id, since_on=date(2024, 6, 1))).id
    clock.set(datetime(2025, 3, 13, 10, tzinfo=CHINA_TZ))
    with ctx.db.session() as s:
        for day, outcome in ((date(2025, 3, 4), MediationOutcome.AGREED), (date(2025, 3, 5), MediationOutcome.FAILED)):
            mediation.record_mediation(ctx, s, team.clerk, MediationInput(
                held_on=day, venue="镇调委会", mediators=["王调解"], party_a="张三", party_b="李四",
                dispute="宅基地边界", outcome=outcome, terms="重新立界", case_number=number))
        cases.resolve_case(ctx, s, team.case_lead, case_id, date(2025, 3, 12), "息诉罢访")
    clock.set(datetime(2025, 4, 2, 10, tzinfo=CHINA_TZ))  # March is over
    return t


def _report(ctx: AppContext, town: Township, period: ReportPeriod = MARCH) -> AnalysisReport:
    with ctx.db.read() as s:
        return build_report(ctx, s, town.team.inspector, period)


def test_report_data_counts_the_month_with_changes(sqlite_only, ctx: AppContext, town: Township) -> None:
    rows = {f.key: f for f in _report(ctx, town).township}
    got = {k: rows[k].value for k in ("screening_reported", "screening_red", "screening_resolved",
                                      "screening_resolved_rate", "important_info_rate", "escalated_province",
                                      "three_no_villages", "backlog_resolution_rate", "mediation_success_rate")}
    assert got == {"screening_reported": 2, "screening_red": 1, "screening_resolved": 1,
                   "screening_resolved_rate": 50.0, "important_info_rate": 100.0, "escalated_province": 1,
                   "three_no_villages": 2, "backlog_resolution_rate": 100.0, "mediation_success_rate": 50.0}
    assert rows["escalated_province"].previous_change == 1 and rows["escalated_province"].year_change == 1
    backlog = rows["backlog_resolution_rate"]
    assert backlog.previous_change == 100.0 and backlog.year_change is None  # 0/1 in February; none in 2024
    assert backlog.change_text(backlog.previous_change) == "+100.0 个百分点" and backlog.change_text(None) == "—"
    assert rows["mediation_success_rate"].previous_change is None  # no mediation in February
    assert "年初" in backlog.definition and rows["three_no_share"].definition.endswith("目标 90%。")
    assert all(f.definition and f.definition_en for f in rows.values())


def test_xlsx_sheet_holds_numbers_with_percent_formats(sqlite_only, ctx: AppContext, town: Township) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(_report(ctx, town))))
    ws = wb["基层预防"]
    assert ws["A1"].value == "基层预防与积案化解"
    assert [c.value for c in ws[2]] == ["指标", "本期", "单位", "环比", "同比", "定义"]
    by = {r[0].value: r for r in ws.iter_rows(min_row=3) if r[0].value}
    rate = by["排查化解率"]
    assert rate[1].value == pytest.approx(0.5) and rate[1].number_format == "0.0%"
    province = by["越级访（省）"]
    assert province[1].value == 1 and isinstance(province[1].value, int) and province[2].value == "次"
    assert province[3].value == 1 and province[3].number_format == "+0;-0;0"
    backlog = by["积案化解率"]
    assert backlog[1].value == pytest.approx(1.0) and backlog[1].number_format == "0.0%"
    assert backlog[3].value == pytest.approx(100.0) and "pp" in backlog[3].number_format
    assert backlog[4].value is None and "年初" in backlog[5].value
    assert by["调解成功率"][1].value == pytest.approx(0.5)


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def test_pdf_prints_the_section_with_definitions(sqlite_only, ctx: AppContext, town: Township,
                                                 tmp_path: Path) -> None:
    flat = _pdf_text(render_pdf(_report(ctx, town)), tmp_path)
    assert "基层预防与积案化解" in flat
    assert "排查化解率50.0%" in flat and "积案化解率100.0%" in flat and "调解成功率50.0%" in flat
    assert "越级访（省）1次+1+1" in flat
    assert "年初在册的信访积案中" in flat
    assert "三无”村创建情况一览表" not in flat  # the board is the yearly report's


def test_yearly_report_carries_the_three_no_board(sqlite_only, ctx: AppContext, town: Township,
                                                  tmp_path: Path) -> None:
    report = _report(ctx, town, ReportPeriod.year_of(2025))
    assert report.village_board is not None and report.village_board.three_no_count == 2
    flat = _pdf_text(render_pdf(report), tmp_path)
    assert "2025年信访“三无”村创建情况一览表" in flat
    assert "“三无”村2个，占66.7%" in flat


@pytest.mark.gui
def test_dashboard_shows_the_figures_with_definitions(sqlite_only, qtbot, ctx: AppContext, town: Township) -> None:
    pytest.importorskip("PySide6.QtCharts")
    from ui.dashboard import DashboardWidget
    from ui.tasks import TaskRunner

    tasks = TaskRunner(ctx)
    w = DashboardWidget(ctx, town.team.inspector, tasks)  # the desk's task helper: off the GUI thread
    qtbot.addWidget(w)
    index = [p.key for p in w.periods].index("2025-03")
    with qtbot.waitSignal(w.refreshed, timeout=20_000):
        w.period_box.setCurrentIndex(index)
    table = w.findChild(type(w.township), "township_figures")
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    r = rows["积案化解率"]
    assert [table.item(r, c).text() for c in range(1, 4)] == ["100.0%", "+100.0 个百分点", "—"]
    assert table.item(rows["排查上报矛盾纠纷"], 1).text() == "2件"
    assert "年初在册的信访积案中" in table.item(r, 1).toolTip()
    assert "重要信息上报率" in rows and "调解成功率" in rows
    assert tasks.shutdown(10_000)


def test_a_late_escalation_is_listed_as_a_correction_not_counted(sqlite_only, ctx: AppContext, town: Township,
                                                                  tmp_path: Path) -> None:
    before = {f.key: f.value for f in _report(ctx, town).township}
    with ctx.db.session() as s:  # reported back on 2 April about 20 March: March is over
        escalations.record(ctx, s, town.team.clerk, EscalationInput(
            occurred_on=date(2025, 3, 20), level=EscalationLevel.BEIJING, source=EscalationSource.NOTICE,
            abnormal=True, id_number=resident_id("11010519600101003"), name="老王", village="西村",
            reported_by="市信访局"))
    assert {f.key: f.value for f in _report(ctx, town).township} == before
    april = _report(ctx, town, ReportPeriod.month(2025, 4))
    assert [(x.occurred_on, x.level, x.village) for x in april.late_escalations] == [
        (date(2025, 3, 20), EscalationLevel.BEIJING, "西村")]
    flat = _pdf_text(render_pdf(april), tmp_path)
    assert "更正（本期补录的以前各期越级访）" in flat and "2025-03-20进京西村2025-04-02" in flat
    assert load_workbook(io.BytesIO(render_xlsx(april)))["越级访更正"]["B3"].value == "进京"
