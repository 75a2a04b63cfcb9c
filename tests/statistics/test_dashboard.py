"""The dashboard offscreen: the same numbers as the report, definitions as tooltips, clicks through to
the ledger, and the computation delivered from a worker thread."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtCharts")

from PySide6.QtCore import Qt  # noqa: E402

from desktop.domain.enums import Category  # noqa: E402
from desktop.statistics.periods import ReportPeriod  # noqa: E402
from desktop.statistics.report import build_report  # noqa: E402

pytestmark = pytest.mark.gui
APRIL = ReportPeriod.month(2025, 4)


@pytest.fixture
def sqlite_only(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the widget shows what build_report computes; that is tested on both databases")


def _sync(ctx):  # type: ignore[no-untyped-def]
    """The desk's task helper, run in line: the widget's own logic, deterministic (Picard's FakeThreadPool)."""
    from ui.tasks import TaskRunner

    class InLine(TaskRunner):
        def call(self, fn, done=None, failed=None, owner=None):  # type: ignore[no-untyped-def]
            try:
                result = fn()
            except BaseException as error:  # noqa: BLE001
                failed(error)
                return 0
            if done is not None:
                done(result)
            return 0

        def read(self, fn, done=None, failed=None, owner=None):  # type: ignore[no-untyped-def]
            def job():  # type: ignore[no-untyped-def]
                with self.ctx.db.read() as session:
                    return fn(session)
            return self.call(job, done, failed, owner)

        def write(self, fn, done=None, failed=None, owner=None):  # type: ignore[no-untyped-def]
            def job():  # type: ignore[no-untyped-def]
                with self.ctx.db.session() as session:
                    return fn(session)
            return self.call(job, done, failed, owner)

    return InLine(ctx)


class _Jobs:
    """A task helper that keeps the jobs until the test runs them (a computation still in flight)."""

    def __init__(self) -> None:
        self.jobs: list = []  # type: ignore[type-arg]

    def call(self, fn, done=None, failed=None, owner=None):  # type: ignore[no-untyped-def]
        self.jobs.append((fn, done, failed))


def _dashboard(qtbot, township, actor=None, tasks=None):  # type: ignore[no-untyped-def]
    from ui.dashboard import DashboardWidget

    w = DashboardWidget(township.ctx, actor or township.team.inspector, tasks or _sync(township.ctx))
    qtbot.addWidget(w)
    index = [p.key for p in w.periods].index("2025-04")
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        w.period_box.setCurrentIndex(index)
    return w


def test_cards_show_the_report_numbers_with_change_and_definition(sqlite_only, qtbot, township) -> None:
    w = _dashboard(qtbot, township)
    with township.ctx.db.read() as s:
        report = build_report(township.ctx, s, township.team.inspector, APRIL)
    for key, card in w.cards.items():
        assert card.value.text() == report.figures.display(key)
    rate = w.cards["resolution_rate"]
    assert rate.value.text() == "42.9%"
    assert rate.change.text() == "较2025年3月 +42.9 个百分点\n同比 —"  # nothing in April 2024 to compare
    assert "化解件数 ÷ 受理件数" in rate.toolTip()
    assert w.overdue.rowCount() == 2 and w.repeats.rowCount() == 2


def test_clicks_open_the_ledger_filtered_to_those_matters(sqlite_only, qtbot, township) -> None:
    w = _dashboard(qtbot, township)
    report = w.report
    with qtbot.waitSignal(w.ledger_filter_requested) as sig:
        w.overdue_all.click()
    assert sorted(sig.args[0].matter_ids) == sorted(report.overdue_ids)
    with qtbot.waitSignal(w.ledger_filter_requested) as sig:
        w.repeats.cellDoubleClicked.emit(0, 0)
    assert sig.args[0].matter_ids == list(report.repeats[0].matter_ids)
    legal = [i for i, b in enumerate(w.by_category.shown) if b.ref == Category.LEGAL.value][0]
    with qtbot.waitSignal(w.ledger_filter_requested) as sig:
        w.by_category.bar_clicked.emit(legal)
    f = sig.args[0]
    assert (f.categories, f.registered_from, f.registered_to) == ({Category.LEGAL}, APRIL.start, APRIL.end)
    with qtbot.waitSignal(w.ledger_filter_requested) as sig:
        w.trend.bar_clicked.emit(len(report.trend) - 1)
    assert (sig.args[0].registered_from, sig.args[0].registered_to) == (APRIL.start, APRIL.end)


def test_the_accusation_row_is_masked_on_screen_too(sqlite_only, qtbot, township) -> None:
    w = _dashboard(qtbot, township, township.team.dept_head)
    names = [w.repeats.item(r, 1).text() for r in range(w.repeats.rowCount())]
    assert "（检举控告事项，限阅）" in names and "赵九" not in names


def test_the_task_helper_computes_off_the_gui_thread(sqlite_only, qtbot, township) -> None:
    import threading

    from ui.tasks import TaskRunner

    seen: dict[str, object] = {}

    class Spy(TaskRunner):
        def call(self, fn, done=None, failed=None, owner=None):  # type: ignore[no-untyped-def]
            def wrapped():  # type: ignore[no-untyped-def]
                seen["worker"] = threading.current_thread() is not threading.main_thread()
                return fn()

            def delivered(result):  # type: ignore[no-untyped-def]
                seen["done_on_gui"] = threading.current_thread() is threading.main_thread()
                done(result)
            return super().call(wrapped, delivered, failed, owner)

    tasks = Spy(township.ctx)
    w = _dashboard(qtbot, township, tasks=tasks)
    assert seen == {"worker": True, "done_on_gui": True}
    assert w.cards["received"].value.text() == "7"
    assert tasks.shutdown(10_000)


def test_a_failure_is_reported_not_raised(sqlite_only, qtbot, township) -> None:
    from ui.dashboard import DashboardWidget

    w = DashboardWidget(township.ctx, township.team.interviewer, _sync(township.ctx))  # no statistics permission
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.failed):
        w.refresh()
    assert w.status.text().startswith("统计失败")


def _choose(combo, text: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findText(text)
    assert index >= 0 and index != combo.currentIndex(), text
    combo.setCurrentIndex(index)


def test_a_filter_changes_the_numbers_and_goes_with_the_period(sqlite_only, qtbot, township) -> None:
    from desktop.statistics.filters import StatFilter

    w = _dashboard(qtbot, township)
    assert w.cards["received"].value.text() == "7"
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        _choose(w.filters.village, "西村")
    report = w.report
    (village_id,) = report.filter.village_ids
    with township.ctx.db.read() as s:
        expected = build_report(township.ctx, s, township.team.inspector, APRIL, StatFilter.of(village_ids=[village_id]))
    assert w.cards["received"].value.text() == expected.figures.display("received") == "1"  # only A is from 西村
    assert "西村" in w.status.text()
    with qtbot.waitSignal(w.refreshed, timeout=10_000):  # a new period keeps the filter
        w.period_box.setCurrentIndex([p.key for p in w.periods].index("2025-03"))
    assert w.report.filter == report.filter and w.cards["received"].value.text() == "0"
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        _choose(w.filters.village, "全部")
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        _choose(w.filters.category, "涉法涉诉类")
    assert w.report.filter == StatFilter.of(categories=[Category.LEGAL])
    assert w.cards["received"].value.text() == "1"  # G in March; I1 was never classified
    with qtbot.waitSignal(w.ledger_filter_requested) as sig:  # the drill-down keeps the filter
        w.trend.bar_clicked.emit(len(w.report.trend) - 1)
    assert sig.args[0].categories == {Category.LEGAL}


def test_channel_and_department_filters_reach_the_computation(sqlite_only, qtbot, township) -> None:
    w = _dashboard(qtbot, township)
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        _choose(w.filters.channel, "来信")
    assert w.report.filter.channels and w.cards["received"].value.text() == "0"  # every April matter came in person
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        _choose(w.filters.channel, "全部")
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        _choose(w.filters.department, "人民法庭")
    assert w.report.filter.department_ids and w.cards["received"].value.text() == "3"  # B, C and D were assigned


def test_a_change_while_computing_is_computed_next_not_lost(sqlite_only, qtbot, township) -> None:
    from ui.dashboard import DashboardWidget

    tasks = _Jobs()
    jobs = tasks.jobs
    w = DashboardWidget(township.ctx, township.team.inspector, tasks)
    qtbot.addWidget(w)
    w.period_box.setCurrentIndex([p.key for p in w.periods].index("2025-04"))
    assert len(jobs) == 1
    _choose(w.filters.village, "西村")  # while the first computation runs
    assert len(jobs) == 1
    fn, ok, _ = jobs.pop()
    ok(fn())  # the stale result is not shown; the newer choice is computed instead
    assert w.report is None and len(jobs) == 1
    fn, ok, _ = jobs.pop()
    ok(fn())
    assert w.report.filter.village_ids and w.cards["received"].value.text() == "1"


def test_the_dashboard_computes_when_it_is_opened(sqlite_only, qtbot, township) -> None:
    from ui.dashboard import DashboardWidget

    w = DashboardWidget(township.ctx, township.team.inspector, _sync(township.ctx))
    qtbot.addWidget(w)
    assert w.report is None
    with qtbot.waitSignal(w.refreshed, timeout=10_000):
        w.show()  # no 刷新 click: opening the tab is enough
    assert w.cards["received"].value.text() != "—"


def test_labels_readable_at_1366_with_the_year_and_full_names_as_tooltips(sqlite_only, qtbot, township) -> None:
    from sqlalchemy import select

    from desktop.db.models import Department
    from ui.dashboard.charts import short_labels

    with township.ctx.db.session() as s:  # a long department name, as township offices have
        court = s.scalar(select(Department).where(Department.name == "人民法庭"))
        court.name = "县人民法院某某镇人民法庭诉讼服务站"
    w = _dashboard(qtbot, township)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    axis = w.trend.chart().axes()[0]
    assert axis.categories()[-1] == "2025-04" and all(c[:4].isdigit() for c in axis.categories())
    assert not axis.truncateLabels()  # at 1366x768 Qt had drawn every month as "…"
    assert all((y, m) <= (2025, 5) for y, m in ((p.year, p.month) for p in w.report.trend))  # no month to come
    dept_axis = [a for a in w.by_department.chart().axes() if hasattr(a, "categories")][0]
    shown = dept_axis.categories()
    assert "县人民法院某…" in shown and all(len(c.strip()) <= 7 and c.strip() != "…" for c in shown)
    i = w.by_department.labels.index("县人民法院某…")
    assert w.by_department.tooltip_for(i) == "县人民法院某某镇人民法庭诉讼服务站：3"
    assert short_labels(["东村第一村民小组", "东村第一村民小组东", "西村"]) == ["东村第一村民…", "东村第一村民小…", "西村"]


def test_every_village_of_a_ten_village_chart_has_room_for_its_name(sqlite_only, qtbot, township) -> None:
    """Qt drops every other category's name when the bars are packed tighter than a line of text: eight
    villages in the old fixed height showed three names at 1366x768."""
    from PySide6.QtGui import QFontMetrics

    from desktop.statistics.breakdowns import Breakdown

    w = _dashboard(qtbot, township)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    rows = [Breakdown(i, f"第{i}村", 20 - i, 1) for i in range(1, 11)]
    w.by_village.show_rows(rows)
    qtbot.waitUntil(lambda: w.by_village.height() >= w.by_village.minimumHeight(), timeout=5_000)
    qtbot.wait(50)
    axis = next(a for a in w.by_village.chart().axes() if hasattr(a, "categories"))
    per_bar = w.by_village.chart().plotArea().height() / len(axis.categories())
    assert per_bar >= QFontMetrics(axis.labelsFont()).height(), per_bar


def test_english_mode_covers_the_statistics_tab(sqlite_only, qtbot, township) -> None:
    from ui.i18n import install_language

    install_language("en")
    try:
        w = _dashboard(qtbot, township)
        rate = w.cards["resolution_rate"]
        assert rate.title.text() == "Resolution rate" and rate.change.text().startswith("vs 2025-03 +42.9 pp")
        assert "Resolved ÷ received" in rate.toolTip()
        assert w.refresh_button.text() == "Refresh" and w.report_button.text() == "Analysis report…"
        assert w.period_box.currentText() == "2025-04"
    finally:
        install_language("zh")


def test_the_report_screen_previews_saves_and_prints(sqlite_only, qtbot, township, tmp_path, monkeypatch) -> None:
    from openpyxl import load_workbook
    from PySide6.QtPrintSupport import QPrinter

    from desktop.statistics.comments import load_comment

    w = _dashboard(qtbot, township, township.team.approver)
    w.report_button.click()
    dialog = w.report_dialog  # a child of the dashboard, deleted when closed
    assert dialog.isVisible() and dialog.period_box.currentText() == "2025年4月"
    from PySide6.QtGui import QInputMethodEvent

    dialog.comment.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("四月涉法涉诉类居首。")
    dialog.comment.inputMethodEvent(event)
    dialog.save_comment_button.click()
    with township.ctx.db.read() as s:
        assert load_comment(s, APRIL) == "四月涉法涉诉类居首。"
    assert not dialog.pdf_button.isEnabled() and dialog.preview.status.text() == "点击“生成预览”查看本期报告"
    with qtbot.waitSignal(dialog.rendered, timeout=30_000) as sig:
        dialog.preview_button.click()
    assert sig.args[0].title == "2025年4月信访工作分析报告" and dialog.pdf_button.isEnabled()
    assert dialog.preview.document.pageCount() > 1
    monkeypatch.setattr("ui.analysis_report.dialog.QFileDialog.getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "april"), ""))
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.xlsx_button.click()
    book = load_workbook(saved.args[0])
    assert book["分析与建议"]["A2"].value == "四月涉法涉诉类居首。"
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.pdf_button.click()
    assert saved.args[0].endswith("april.pdf") and (tmp_path / "april.pdf").read_bytes().startswith(b"%PDF")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(dialog.printed) as printed:
        dialog.print_to(printer)
    assert printed.args[0] == dialog.preview.document.pageCount()
    dialog.close()


def test_the_report_comment_is_loaded_and_saved_off_the_gui_thread(sqlite_only, qtbot, township) -> None:
    from PySide6.QtGui import QInputMethodEvent

    from desktop.statistics.comments import load_comment, save_comment
    from ui.analysis_report import AnalysisReportDialog
    from ui.tasks import TaskRunner

    tasks = TaskRunner(township.ctx)
    with township.ctx.db.session() as s:
        save_comment(township.ctx, s, township.team.approver, APRIL, "三月的意见")
    dialog = AnalysisReportDialog(township.ctx, township.team.approver, tasks, period=APRIL)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.comment.toPlainText() == "三月的意见", timeout=10_000)
    dialog.comment.selectAll()
    event = QInputMethodEvent()
    event.setCommitString("四月涉法涉诉类居首。")
    dialog.comment.inputMethodEvent(event)
    dialog.save_comment_button.click()
    assert not dialog.save_comment_button.isEnabled()  # the write is on its way, not done in the click
    qtbot.waitUntil(lambda: dialog.status.text().startswith("分析意见已保存"), timeout=10_000)
    with township.ctx.db.read() as s:
        assert load_comment(s, APRIL) == "四月涉法涉诉类居首。"
    assert dialog.save_comment_button.isEnabled()
    assert tasks.shutdown(10_000)


def _report_dialog(qtbot, township, actor, period=APRIL):  # type: ignore[no-untyped-def]
    from ui.analysis_report import AnalysisReportDialog
    from ui.tasks import TaskRunner

    tasks = TaskRunner(township.ctx)
    dialog = AnalysisReportDialog(township.ctx, actor, tasks, period=period)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, tasks


def test_a_leader_closes_a_month_from_the_report_screen(sqlite_only, qtbot, township) -> None:
    """月结 in the window: the leader clicks 月结归档, confirms, and the month is archived on a worker (PDF,
    XLSX, figures and their digest in the audit chain); the button then stays off, and the screen says so
    when the month is chosen again."""
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import select

    from desktop.db.models import AuditEntry, ReportArchive
    from tests.ui.dialog_driver import answer_box

    dialog, tasks = _report_dialog(qtbot, township, township.team.approver)
    button = dialog.close_month_button
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    seen = answer_box(qtbot, QMessageBox.StandardButton.No)  # asked first, and "no" changes nothing
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen and "不能撤销" in seen[0]
    with township.ctx.db.read() as s:
        assert s.scalar(select(ReportArchive.period_key)) is None
    with qtbot.waitSignal(dialog.month_closed, timeout=60_000) as closed:
        answer_box(qtbot, QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not button.isEnabled()  # the work is on its way, not done in the click
    assert dialog.status.text().startswith("2025年4月已月结") and not button.isEnabled()
    with township.ctx.db.read() as s:
        row = s.scalar(select(ReportArchive).where(ReportArchive.period_key == "2025-04"))
        assert row is not None and row.pdf.startswith(b"%PDF") and row.xlsx.startswith(b"PK")
        sealed = s.scalar(select(AuditEntry.details).where(AuditEntry.action == "report.close_month"))
        assert sealed["figures_sha256"] == row.figures_sha256 == closed.args[0].figures_sha256
    dialog.period_box.setCurrentIndex(0)
    dialog.period_box.setCurrentIndex(dialog.periods.index(APRIL))
    qtbot.waitUntil(lambda: "已于" in dialog.status.text(), timeout=10_000)
    assert not button.isEnabled()
    dialog.close()
    assert tasks.shutdown(10_000)


def test_only_a_leader_is_offered_the_closing_and_only_for_a_month_that_is_over(sqlite_only, qtbot,
                                                                              township) -> None:
    dialog, tasks = _report_dialog(qtbot, township, township.team.inspector)
    assert dialog.close_month_button.isHidden()
    dialog.close()
    running = ReportPeriod.month(township.ctx.today().year, township.ctx.today().month)
    dialog, tasks2 = _report_dialog(qtbot, township, township.team.approver, running)
    assert tasks.shutdown(10_000) and tasks2.shutdown(10_000)  # the closing state has been read
    qtbot.wait(50)  # and delivered
    assert dialog.close_month_button.isVisible() and not dialog.close_month_button.isEnabled()
    dialog.close()


def test_the_dashboard_reminds_of_the_months_not_closed_and_leads_a_leader_to_the_oldest(sqlite_only, qtbot,
                                                                                       township) -> None:
    from desktop.statistics import archive
    from desktop.statistics.month_end import close_and_archive

    with township.ctx.db.read() as s:
        to_close = archive.months_to_close(s, township.ctx.today())
    today = township.ctx.today()
    assert APRIL in to_close and all(p.end < today for p in to_close)
    assert [p.start for p in to_close] == sorted(p.start for p in to_close)
    w = _dashboard(qtbot, township)  # an inspector: told, not offered the closing
    assert w.close_reminder.isVisibleTo(w) and to_close[0].label_zh in w.close_reminder.text()
    assert not w.close_reminder_button.isVisibleTo(w)
    leader = _dashboard(qtbot, township, township.team.approver)
    assert leader.close_reminder_button.isVisibleTo(leader)
    qtbot.mouseClick(leader.close_reminder_button, Qt.MouseButton.LeftButton)
    assert leader.report_dialog.period == to_close[0]
    leader.report_dialog.close()
    for month in to_close:  # every month over is closed: nothing left to remind of
        close_and_archive(township.ctx, township.team.approver, month, lambda r: (b"%PDF", b"PK"))
    with qtbot.waitSignal(leader.refreshed, timeout=10_000):
        leader.refresh()
    assert not leader.close_reminder.isVisibleTo(leader) and not leader.close_reminder_button.isVisibleTo(leader)
