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
from PySide6.QtGui import QPainter

from desktop.statistics.breakdowns import Breakdown, TrendPoint

__all__ = ["BarsView", "TrendView"]


class _View(QChartView):
    bar_clicked = Signal(int)  # index of the category

    def __init__(self, title: str) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
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
        received, resolved = QBarSet("受理"), QBarSet("化解")
        received.append([float(p.received) for p in points])
        resolved.append([float(p.resolved) for p in points])
        series = QBarSeries()
        series.append(received)
        series.append(resolved)
        series.clicked.connect(self._clicked)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([f"{p.month}月" for p in points])
        axis_y = QValueAxis()
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
        self.chart().legend().hide()

    def show_rows(self, rows: Sequence[Breakdown]) -> None:
        chart = self._reset()
        # Qt draws the first category at the bottom: reverse so the largest is on top.
        self.shown = list(reversed(sorted(rows, key=lambda b: -b.received)[:self.limit]))
        bars = QBarSet("受理")
        bars.append([float(b.received) for b in self.shown])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.clicked.connect(self._clicked)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([b.label for b in self.shown])
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%d")
        axis_x.setRange(0, max([b.received for b in self.shown] + [1]) * 1.15)
        axis_x.applyNiceNumbers()
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        self.refs = [series, bars]
