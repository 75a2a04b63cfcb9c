"""The statistics dashboard: key rates as large numbers with their change from the previous period, the
monthly trend, matters by category / department / village, the overdue and repeat lists. Everything is
one ``build_report`` (the same numbers as the PDF and the XLSX) for the chosen period and filter (village,
department, category, channel), computed off the GUI thread through the desk's one task helper (``ui.tasks``); every number explains itself in a tooltip; every bar and list row opens the ledger
filtered to its matters (``ledger_filter_requested``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import Category
from desktop.services.context import AppContext
from desktop.services.ledger import LedgerFilter
from desktop.services.permissions import Actor
from desktop.statistics.archive import may_close, months_to_close
from desktop.statistics.catalog import FIGURES
from desktop.statistics.periods import ReportPeriod, months_back
from desktop.statistics.report import AnalysisReport, build_report
from desktop.statistics.values import change_text, growth, growth_text
from ui.dashboard.charts import BarsView, TrendView
from ui.dashboard.filters import FilterBar
from ui.i18n import current_language, tr
from ui.tasks import TaskRunner
from ui.words import word

__all__ = ["KEY_FIGURES", "DashboardWidget", "period_choices"]

KEY_FIGURES = ("received", "resolution_rate", "first_petition_rate", "on_time_rate", "satisfaction_rate",
               "seriously_overdue", "repeat_visits", "group_visits")


def period_label(period: ReportPeriod) -> str:
    return period.key if current_language() == "en" else period.label_zh


def period_choices(today: date) -> list[ReportPeriod]:
    """This month and the eleven before it, this and the last three quarters, this and last year (the
    running ones up to today; never a period still to come)."""
    months = [ReportPeriod.month(y, m) for y, m in reversed(months_back(today.year, today.month, 12))]
    q = (today.month - 1) // 3 + 1
    quarters = []
    y = today.year
    for _ in range(4):
        quarters.append(ReportPeriod.quarter(y, q))
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return months + quarters + [ReportPeriod.year_of(today.year), ReportPeriod.year_of(today.year - 1)]


class _Card(QFrame):
    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self)
        self.title = QLabel(FIGURES[key].label_en if current_language() == "en" else FIGURES[key].label_zh)
        self.title.setWordWrap(True)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 26pt; font-weight: bold;")
        self.change = QLabel("")
        for w in (self.title, self.value, self.change):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(w)

    def show_report(self, report: AnalysisReport) -> None:
        en = current_language() == "en"
        text = report.texts[self.key]
        label, definition = (text.label_en, text.definition_en) if en else (text.label, text.definition)
        f, prev = report.figures, report.previous
        self.title.setText(label)
        self.value.setText(f.display(self.key))
        delta = f.change(self.key, prev)
        better = None if not delta else (delta < 0) == FIGURES[self.key].lower_is_better
        colour = {None: "#555", True: "#2e7d32", False: "#c62828"}[better]
        lang = "en" if en else "zh"
        ring = tr("较{period} {change}").format(period=period_label(report.previous_period),
                                               change=change_text(self.key, delta, lang))
        if report.year_ago is not None and report.year_ago_period is not None:
            ring += "\n" + tr("同比 {change}").format(change=growth_text(self.key, growth(self.key, f, report.year_ago),
                                                                       lang))
        self.change.setText(ring)
        self.change.setStyleSheet(f"color: {colour};")
        tip = tr("{label}：{definition}\n上期（{period}）：{value}").format(
            label=label, definition=definition, period=period_label(report.previous_period),
            value=prev.display(self.key))
        for w in (self, self.title, self.value, self.change):
            w.setToolTip(tip)


class DashboardWidget(QWidget):
    ledger_filter_requested = Signal(object)  # a desktop.services.ledger.LedgerFilter
    refreshed = Signal(object)  # the AnalysisReport now shown
    failed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.tasks = ctx, actor, tasks
        self.report: AnalysisReport | None = None
        self._busy = self._pending = False
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_box = QComboBox()
        self.period_box.setObjectName("dashboard_period")
        self.periods = period_choices(ctx.today())
        for p in self.periods:
            self.period_box.addItem(period_label(p))
        self.period_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(tr("刷新"))
        self.refresh_button.setObjectName("dashboard_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.report_button = QPushButton(tr("分析报告…"))
        self.report_button.setObjectName("open_analysis_report")
        self.report_button.clicked.connect(lambda: self.open_report())
        self.status = QLabel("")
        self.status.setWordWrap(True)
        bar.addWidget(QLabel(tr("统计期：")))
        bar.addWidget(self.period_box)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.report_button)
        bar.addWidget(self.status, 1)
        outer.addLayout(bar)
        reminder = QHBoxLayout()
        self.close_reminder = QLabel("")
        self.close_reminder.setObjectName("month_close_reminder")
        self.close_reminder.setWordWrap(True)
        self.close_reminder_button = QPushButton(tr("去月结…"))
        self.close_reminder_button.setObjectName("go_close_month")
        self.close_reminder_button.clicked.connect(self.open_month_to_close)
        reminder.addWidget(self.close_reminder, 1)
        reminder.addWidget(self.close_reminder_button)
        self.close_reminder.hide()
        self.close_reminder_button.hide()
        self.to_close: list[ReportPeriod] = []
        outer.addLayout(reminder)
        self.filters = FilterBar()
        self.filters.load(ctx)
        self.filters.changed.connect(self.refresh)
        outer.addWidget(self.filters)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        self.cards = {k: _Card(k) for k in KEY_FIGURES}
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 4, i % 4)
        self.trend = TrendView(tr("月度受理与化解"))
        self.by_category = BarsView(tr("按类别"))
        self.by_department = BarsView(tr("按承办部门"))
        self.by_village = BarsView(tr("按村（社区）"))
        grid.addWidget(self.trend, 2, 0, 1, 4)
        grid.addWidget(self.by_category, 3, 0, 1, 2)
        grid.addWidget(self.by_department, 3, 2, 1, 2)
        grid.addWidget(self.by_village, 4, 0, 1, 4)
        self.overdue = self._table([tr("编号"), tr("信访人"), tr("类别"), tr("承办部门"), tr("办理期限"),
                                    tr("超期工作日")])
        self.repeats = self._table([tr("编号"), tr("信访人"), tr("类别"), tr("本期重复次数"), tr("累计次数"),
                                    tr("最近一次"), tr("预警（当前／最高）")])
        self.overdue_title, self.repeat_title = QLabel(), QLabel()
        self.overdue_all, self.repeat_all = QPushButton(tr("在台账中查看全部")), QPushButton(tr("在台账中查看全部"))
        for row, (title, button, table) in enumerate(((self.overdue_title, self.overdue_all, self.overdue),
                                                      (self.repeat_title, self.repeat_all, self.repeats))):
            head = QHBoxLayout()
            head.addWidget(title, 1)
            head.addWidget(button)
            grid.addLayout(head, 5 + 2 * row, 0, 1, 4)
            grid.addWidget(table, 6 + 2 * row, 0, 1, 4)
        self.township_title = QLabel(tr("基层预防与积案化解"))
        self.township_title.setToolTip(tr("全镇数字，不受筛选影响；按期末已录入的情况计。"))
        self.township = self._table([tr("指标"), tr("本期"), tr("环比"), tr("同比")])
        self.township.setObjectName("township_figures")
        self.township.setMinimumHeight(320)
        grid.addWidget(self.township_title, 9, 0, 1, 4)
        grid.addWidget(self.township, 10, 0, 1, 4)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.trend.bar_clicked.connect(self._trend_clicked)
        self.by_category.bar_clicked.connect(lambda i: self._bar_clicked("category", self.by_category, i))
        self.by_department.bar_clicked.connect(lambda i: self._bar_clicked("department", self.by_department, i))
        self.by_village.bar_clicked.connect(lambda i: self._bar_clicked("village", self.by_village, i))
        self.overdue.cellDoubleClicked.connect(lambda r, _c: self._row_clicked(self.overdue, r))
        self.repeats.cellDoubleClicked.connect(lambda r, _c: self._row_clicked(self.repeats, r))
        self.overdue_all.clicked.connect(lambda: self._ids(self.report.overdue_ids if self.report else []))
        self.repeat_all.clicked.connect(lambda: self._ids(self.report.repeat_ids if self.report else []))

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        t.horizontalHeader().setStretchLastSection(True)
        t.setMinimumHeight(160)
        return t

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Computes on opening (off the GUI thread): the dashboard is never empty waiting for 刷新."""
        super().showEvent(event)
        if self.report is None and not self._busy:
            self.refresh()

    def open_report(self, period: ReportPeriod | None = None) -> None:
        """统计 → 分析报告: the report screen for the period shown (or ``period``); a month closed there
        refreshes the dashboard."""
        from ui.analysis_report import AnalysisReportDialog

        dialog = AnalysisReportDialog(self.ctx, self.actor, self.tasks, period=period or self.period, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.month_closed.connect(lambda _done: self.refresh())
        self.report_dialog = dialog
        dialog.open()

    def open_month_to_close(self) -> None:
        """The report screen at the oldest month still to close."""
        if self.to_close:
            self.open_report(self.to_close[0])

    # --- computing -------------------------------------------------------------------------
    @property
    def period(self) -> ReportPeriod:
        return self.periods[max(0, self.period_box.currentIndex())]

    def refresh(self) -> None:
        """Computes on a worker (``tasks.call``); the widgets change only when the result is back."""
        if self._busy:  # the period or a filter changed while computing: once more when it is back
            self._pending = True
            return
        self._busy, self._pending = True, False
        self.status.setText(tr("正在统计…"))
        period, filt, ctx, actor = self.period, self.filters.current(), self.ctx, self.actor

        def compute() -> tuple[AnalysisReport, list[ReportPeriod]]:
            with ctx.db.read() as session:
                return build_report(ctx, session, actor, period, filt), months_to_close(session, ctx.today())

        self.tasks.call(compute, self._show, self._fail, owner=self)

    def _again(self) -> bool:
        self._busy = False
        if self._pending:
            self.refresh()
            return True
        return False

    def _fail(self, error: BaseException) -> None:
        if self._again():
            return
        self.status.setText(tr("统计失败：{error}").format(error=error))
        self.failed.emit(str(error))

    def _show(self, result: tuple[AnalysisReport, list[ReportPeriod]]) -> None:
        if self._again():  # already out of date: show the next result instead
            return
        report, to_close = result
        self.report = report
        self._show_reminder(to_close)
        for card in self.cards.values():
            card.show_report(report)
        self.trend.show_points(report.trend)
        self.by_category.show_rows(report.by_category)
        self.by_department.show_rows(report.by_department)
        self.by_village.show_rows(report.by_village)
        self._fill(self.overdue, [(o.case_number, o.petitioner, o.category, o.department, o.handling_due.isoformat(),
                                   str(o.working_days_overdue)) for o in report.overdue],
                   [(o.matter_id,) for o in report.overdue])
        self._fill(self.repeats, [(x.case_number, x.petitioner, x.category, str(x.visits_in_period),
                                   str(x.total_visits), x.last_visit.isoformat(),
                                   f"{word(x.current_level)}／{word(x.highest_level)}") for x in report.repeats],
                   [x.matter_ids for x in report.repeats])
        en = current_language() == "en"
        self._fill_township(report, en)
        overdue, repeat = report.texts["seriously_overdue"], report.texts["repeat_matters"]
        self.overdue_title.setText(tr("{label}：{n} 件").format(label=overdue.label_en if en else overdue.label,
                                                               n=len(report.overdue_ids)))
        self.overdue_title.setToolTip(overdue.definition_en if en else overdue.definition)
        self.repeat_title.setText(tr("{label}：{n} 件").format(label=repeat.label_en if en else repeat.label,
                                                              n=report.figures.count("repeat_matters")))
        self.repeat_title.setToolTip(repeat.definition_en if en else repeat.definition)
        received, resolved = report.texts["received"], report.texts["resolved"]
        self.trend.setToolTip("\n".join((received.definition_en, resolved.definition_en) if en
                                        else (received.definition, resolved.definition)))
        status = tr("{period}　数据截至 {as_of}　范围：{scope}").format(
            period=period_label(report.period), as_of=report.as_of.isoformat(), scope=report.filter_label)
        if report.closed_at is not None:
            status += tr("　（已结账）")
        self.status.setText(status)
        self.refreshed.emit(report)

    def _show_reminder(self, to_close: list[ReportPeriod]) -> None:
        """Months over and not closed: their figures (and the 环比 against them) still move with late
        entries, and the trend counts them again at every refresh. A leader gets the way to close them."""
        self.to_close = to_close
        if not to_close:
            self.close_reminder.hide()
            self.close_reminder_button.hide()
            return
        if len(to_close) == 1:
            text = tr("{month}尚未月结：它的数字（及与它相比的环比）仍随补录变动。月结后即按结账时固定。").format(
                month=period_label(to_close[0]))
        else:
            text = tr("尚有 {n} 个月未月结（最早：{month}）：它们的数字仍随补录变动。月结后即按结账时固定。").format(
                n=len(to_close), month=period_label(to_close[0]))
        self.close_reminder.setText(text)
        self.close_reminder.show()
        self.close_reminder_button.setVisible(may_close(self.actor))

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]], ids: list[tuple[int, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, (row, matter_ids) in enumerate(zip(rows, ids, strict=True)):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, list(matter_ids))
                table.setItem(r, c, item)

    def _fill_township(self, report: AnalysisReport, en: bool) -> None:
        """Each row's definition is its tooltip, on every cell of the row."""
        lang = "en" if en else "zh"
        self.township.setRowCount(len(report.township))
        for r, f in enumerate(report.township):
            cells = (f.label_en if en else f.label, f.value_text() if not en or f.is_rate or f.value is None
                     else str(int(f.value)), f.change_text(f.previous_change, lang), f.change_text(f.year_change, lang))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f.definition_en if en else f.definition)
                self.township.setItem(r, c, item)

    # --- drill-down to the ledger ----------------------------------------------------------
    def _ids(self, ids: list[int]) -> None:
        self.ledger_filter_requested.emit(LedgerFilter(matter_ids=list(ids)))

    def _row_clicked(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self._ids(item.data(Qt.ItemDataRole.UserRole))

    def _bar_clicked(self, kind: str, view: BarsView, index: int) -> None:
        if self.report is None or not 0 <= index < len(view.shown):
            return
        ref: Any = view.shown[index].ref
        p = self.report.period
        f = self._ledger_filter(p)
        if ref is None:
            return  # "not set" has no ledger filter of its own
        if kind == "category":
            f.categories = {Category(ref)}
        elif kind == "department":
            f.department_ids = {int(ref)}
        else:
            f.village_ids = {int(ref)}
        self.ledger_filter_requested.emit(f)

    def _trend_clicked(self, index: int) -> None:
        if self.report is None or not 0 <= index < len(self.report.trend):
            return
        point = self.report.trend[index]
        self.ledger_filter_requested.emit(self._ledger_filter(ReportPeriod.month(point.year, point.month)))

    def _ledger_filter(self, period: ReportPeriod) -> LedgerFilter:
        """The ledger's view of the report's period and filter."""
        filt = self.report.filter if self.report else self.filters.current()
        return LedgerFilter(registered_from=period.start, registered_to=period.end,
                            village_ids=set(filt.village_ids), department_ids=set(filt.department_ids),
                            categories=set(filt.categories), channels=set(filt.channels))

