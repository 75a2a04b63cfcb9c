"""The statistics dashboard: key rates as large numbers with their change from the previous period, the
monthly trend, matters by category / department / village, the overdue and repeat lists. Everything is
one ``build_report`` (the same numbers as the PDF and the XLSX) for the chosen period and filter (village,
department, category, channel), computed off the GUI thread through ``run_task``; every number explains itself in a tooltip; every bar and list row opens the ledger
filtered to its matters (``ledger_filter_requested``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
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
from desktop.statistics.catalog import FIGURES
from desktop.statistics.periods import ReportPeriod, months_back
from desktop.statistics.report import AnalysisReport, build_report
from desktop.statistics.values import change_text
from ui.dashboard.charts import BarsView, TrendView
from ui.dashboard.filters import FilterBar
from ui.dashboard.tasks import RunTask, run_in_pool

__all__ = ["KEY_FIGURES", "DashboardWidget", "period_choices"]

KEY_FIGURES = ("received", "resolution_rate", "first_contact_rate", "on_time_rate", "satisfaction_rate",
               "seriously_overdue", "repeat_matters", "group_visits")


def period_choices(today: date) -> list[ReportPeriod]:
    """This month and the eleven before it, this and the last three quarters, this and last year."""
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
        self.title = QLabel(FIGURES[key].label_zh)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 26pt; font-weight: bold;")
        self.change = QLabel("")
        for w in (self.title, self.value, self.change):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(w)

    def show_report(self, report: AnalysisReport) -> None:
        text = report.texts[self.key]
        f, prev = report.figures, report.previous
        self.title.setText(text.label)
        self.value.setText(f.display(self.key))
        delta = f.change(self.key, prev)
        better = None if not delta else (delta < 0) == FIGURES[self.key].lower_is_better
        colour = {None: "#555", True: "#2e7d32", False: "#c62828"}[better]
        self.change.setText(f"较{report.previous_period.label_zh} {change_text(self.key, delta)}")
        self.change.setStyleSheet(f"color: {colour};")
        tip = f"{text.label}：{text.definition}\n上期（{report.previous_period.label_zh}）：{prev.display(self.key)}"
        for w in (self, self.title, self.value, self.change):
            w.setToolTip(tip)


class DashboardWidget(QWidget):
    ledger_filter_requested = Signal(object)  # a desktop.services.ledger.LedgerFilter
    refreshed = Signal(object)  # the AnalysisReport now shown
    failed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, run_task: RunTask | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.actor = ctx, actor
        self.run_task = run_task or run_in_pool
        self.report: AnalysisReport | None = None
        self._busy = self._pending = False
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_box = QComboBox()
        self.periods = period_choices(ctx.today())
        for p in self.periods:
            self.period_box.addItem(p.label_zh)
        self.period_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel("")
        bar.addWidget(QLabel("统计期："))
        bar.addWidget(self.period_box)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.status, 1)
        outer.addLayout(bar)
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
        self.trend = TrendView("月度受理与化解")
        self.by_category = BarsView("按类别")
        self.by_department = BarsView("按承办部门")
        self.by_village = BarsView("按村（社区）")
        grid.addWidget(self.trend, 2, 0, 1, 4)
        grid.addWidget(self.by_category, 3, 0, 1, 2)
        grid.addWidget(self.by_department, 3, 2, 1, 2)
        grid.addWidget(self.by_village, 4, 0, 1, 4)
        self.overdue = self._table(["编号", "信访人", "类别", "承办部门", "办理期限", "超期工作日"])
        self.repeats = self._table(["编号", "信访人", "类别", "累计次数", "本期次数", "最近一次"])
        self.overdue_title, self.repeat_title = QLabel(), QLabel()
        self.overdue_all, self.repeat_all = QPushButton("在台账中查看全部"), QPushButton("在台账中查看全部")
        for row, (title, button, table) in enumerate(((self.overdue_title, self.overdue_all, self.overdue),
                                                      (self.repeat_title, self.repeat_all, self.repeats))):
            head = QHBoxLayout()
            head.addWidget(title, 1)
            head.addWidget(button)
            grid.addLayout(head, 5 + 2 * row, 0, 1, 4)
            grid.addWidget(table, 6 + 2 * row, 0, 1, 4)
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

    # --- computing -------------------------------------------------------------------------
    @property
    def period(self) -> ReportPeriod:
        return self.periods[max(0, self.period_box.currentIndex())]

    def refresh(self) -> None:
        """Computes on a worker (``run_task``); the widgets change only when the result is back."""
        if self._busy:  # the period or a filter changed while computing: once more when it is back
            self._pending = True
            return
        self._busy, self._pending = True, False
        self.status.setText("正在统计…")
        period, filt, ctx, actor = self.period, self.filters.current(), self.ctx, self.actor

        def compute() -> AnalysisReport:
            with ctx.db.read() as session:
                return build_report(ctx, session, actor, period, filt)

        self.run_task(compute, self._show, self._fail)

    def _again(self) -> bool:
        self._busy = False
        if self._pending:
            self.refresh()
            return True
        return False

    def _fail(self, error: BaseException) -> None:
        if self._again():
            return
        self.status.setText(f"统计失败：{error}")
        self.failed.emit(str(error))

    def _show(self, report: AnalysisReport) -> None:
        if self._again():  # already out of date: show the next result instead
            return
        self.report = report
        for card in self.cards.values():
            card.show_report(report)
        self.trend.show_points(report.trend)
        self.by_category.show_rows(report.by_category)
        self.by_department.show_rows(report.by_department)
        self.by_village.show_rows(report.by_village)
        self._fill(self.overdue, [(o.case_number, o.petitioner, o.category, o.department, o.handling_due.isoformat(),
                                   str(o.working_days_overdue)) for o in report.overdue],
                   [(o.matter_id,) for o in report.overdue])
        self._fill(self.repeats, [(x.case_number, x.petitioner, x.category, str(x.total_visits),
                                   str(x.visits_in_period), x.last_visit.isoformat()) for x in report.repeats],
                   [x.matter_ids for x in report.repeats])
        overdue, repeat = report.texts["seriously_overdue"], report.texts["repeat_matters"]
        self.overdue_title.setText(f"{overdue.label}：{len(report.overdue_ids)} 件")
        self.overdue_title.setToolTip(overdue.definition)
        self.repeat_title.setText(f"{repeat.label}：{report.figures.count('repeat_matters')} 件")
        self.repeat_title.setToolTip(repeat.definition)
        self.trend.setToolTip(report.texts["received"].definition + "\n" + report.texts["resolved"].definition)
        self.status.setText(f"{report.period.label_zh}　数据截至 {report.as_of.isoformat()}　范围：{report.filter_label}")
        self.refreshed.emit(report)

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]], ids: list[tuple[int, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, (row, matter_ids) in enumerate(zip(rows, ids, strict=True)):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, list(matter_ids))
                table.setItem(r, c, item)

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

