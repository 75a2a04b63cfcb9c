"""QtCharts views of the statistics: the monthly trend and matters by category / department / village.
A click on a bar says which bar (the widget turns it into a ledger filter)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QPainter
from PySide6.QtWidgets import QToolTip

from desktop.statistics.breakdowns import Breakdown, TrendPoint
from ui.i18n import tr

MIN_HEIGHT = 220
CHROME_PX, ROW_PX = 110, 26  # a horizontal bar chart's title and axis, and each bar with its name

__all__ = ["LABEL_CHARS", "BarsView", "TrendView", "short_labels"]

LABEL_CHARS = 7  # a bar's name on the axis: about 100 px at 1366×768; the full name is its tooltip


def short_labels(names: Sequence[str], limit: int = LABEL_CHARS) -> list[str]:
    """Names cut to ``limit`` characters with "…" (Qt's category axis needs them distinct: a clash keeps
    one more character until they differ)."""
    out: list[str] = []
    for name in names:
        n = limit
        label = name if len(name) <= n else name[:n - 1] + "…"
        while label in out and n < len(name):
            n += 1
            label = name if len(name) <= n else name[:n - 1] + "…"
        while label in out:  # the same name twice (two villages so named): tell them apart
            label += " "
        out.append(label)
    return out


class _View(QChartView):
    bar_clicked = Signal(int)  # index of the category

    def __init__(self, title: str) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MIN_HEIGHT)
        self.refs: list[Any] = []

    def _reset(self) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _clicked(self, index: int, _barset: QBarSet) -> None:
        self.bar_clicked.emit(index)


class TrendView(_View):
    def show_points(self, points: Sequence[TrendPoint]) -> None:
        chart = self._reset()
        received, resolved = QBarSet(tr("受理")), QBarSet(tr("化解"))
        received.append([float(p.received) for p in points])
        resolved.append([float(p.resolved) for p in points])
        series = QBarSeries()
        series.append(received)
        series.append(resolved)
        series.clicked.connect(self._clicked)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        # 2026-03: the year is always on the axis, and the labels say they are months (an axis title got
        # no room at 1366x768 and showed as "…"). Qt cut every label to "…" when laid out small: never.
        axis_x.append([p.label for p in points])
        axis_x.setTruncateLabels(False)
        axis_y = QValueAxis()
        axis_y.setTruncateLabels(False)
        axis_y.setLabelFormat("%d")
        axis_y.setRange(0, max([p.received for p in points] + [1]) * 1.1)
        axis_y.applyNiceNumbers()  # whole-number ticks: counts have no fractions
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        self.refs = [series, received, resolved]


class BarsView(_View):
    """Horizontal bars, most received first (at most ``limit``); ``shown`` holds the rows in bar order."""

    def __init__(self, title: str, limit: int = 10) -> None:
        super().__init__(title)
        self.limit = limit
        self.shown: list[Breakdown] = []
        self.full_names: list[str] = []
        self.labels: list[str] = []
        self.chart().legend().hide()

    def _hovered(self, status: bool, index: int) -> None:
        if status and 0 <= index < len(self.shown):
            QToolTip.showText(QCursor.pos(), self.tooltip_for(index), self)
        else:
            QToolTip.hideText()

    def tooltip_for(self, index: int) -> str:
        b = self.shown[index]
        return f"{b.label}：{b.received}"

    def show_rows(self, rows: Sequence[Breakdown]) -> None:
        chart = self._reset()
        # Qt draws the first category at the bottom: reverse so the largest is on top.
        self.shown = list(reversed(sorted(rows, key=lambda b: -b.received)[:self.limit]))
        bars = QBarSet(tr("受理"))
        bars.append([float(b.received) for b in self.shown])
        self.full_names = [b.label for b in self.shown]
        self.labels = short_labels(self.full_names)
        bars.hovered.connect(self._hovered)
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.clicked.connect(self._clicked)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(self.labels)
        axis_y.setTruncateLabels(False)  # abbreviated above, never "…" alone
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%d")
        axis_x.setRange(0, max([b.received for b in self.shown] + [1]) * 1.15)
        axis_x.applyNiceNumbers()
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        self.refs = [series, bars]
        # Room for every label: squeezed, Qt silently drops every other category's name (8 villages in
        # 220 px showed 3 names at 1366x768).
        self.setMinimumHeight(max(MIN_HEIGHT, CHROME_PX + ROW_PX * len(self.shown)))
