"""The report's charts, drawn with ReportLab graphics in the report's own TrueType fonts."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from desktop.statistics.breakdowns import Breakdown, TrendPoint
from printing.fonts import FontSet

__all__ = ["bars", "trend_chart"]

BLUE = colors.HexColor("#3465a4")
GREEN = colors.HexColor("#4e9a06")
SIZE = 8


def _title(d: Drawing, fonts: FontSet, text: str, width: float, height: float) -> None:
    # A drawing starts in ReportLab's default Helvetica, which is never embedded: start in ours.
    d.initialFontName = fonts.names["sans"]
    d.add(String(width / 2, height - 12, text, fontName=fonts.names["sans"], fontSize=10, textAnchor="middle"))


def trend_chart(fonts: FontSet, points: list[TrendPoint], width: float, height: float = 170) -> Drawing:
    """Received and resolved per month, side by side."""
    d = Drawing(width, height)
    _title(d, fonts, "月度受理与化解件数", width, height)
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 34, 30, width - 44, height - 62
    c.data = [[p.received for p in points] or [0], [p.resolved for p in points] or [0]]
    c.categoryAxis.categoryNames = [p.label for p in points] or [""]  # with the year: 2026-01, not 1月
    c.categoryAxis.labels.fontName = c.valueAxis.labels.fontName = fonts.names["sans"]
    c.categoryAxis.labels.fontSize = c.valueAxis.labels.fontSize = SIZE
    c.valueAxis.valueMin = 0
    top = max([p.received for p in points] + [1])
    c.valueAxis.valueMax = top * 1.15
    c.valueAxis.valueStep = max(1, round(top / 5))
    c.bars[0].fillColor, c.bars[1].fillColor = BLUE, GREEN
    c.barLabels.fontName = fonts.names["sans"]
    c.barLabels.fontSize = 6
    c.barLabelFormat = "%d"
    c.barLabels.nudge = 5
    d.add(c)
    legend = Legend()
    legend.x, legend.y = width - 120, height - 14
    legend.fontName, legend.fontSize = fonts.names["sans"], SIZE
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(BLUE, "受理"), (GREEN, "化解")]
    d.add(legend)
    return d


def bars(fonts: FontSet, title: str, rows: list[Breakdown], width: float, limit: int = 10) -> Drawing:
    """Matters received per category / department / village, longest first (at most ``limit``)."""
    shown = sorted(rows, key=lambda b: -b.received)[:limit]
    height = 56 + 16 * max(1, len(shown))
    d = Drawing(width, height)
    _title(d, fonts, title, width, height)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 90, 22, width - 120, height - 44
    c.data = [[b.received for b in reversed(shown)] or [0]]
    c.categoryAxis.categoryNames = [b.label[:8] for b in reversed(shown)] or [""]
    c.categoryAxis.labels.fontName = c.valueAxis.labels.fontName = fonts.names["sans"]
    c.categoryAxis.labels.fontSize = c.valueAxis.labels.fontSize = SIZE
    c.valueAxis.valueMin = 0
    c.valueAxis.valueMax = max([b.received for b in shown] + [1]) * 1.15
    c.bars[0].fillColor = BLUE
    c.barLabels.fontName = fonts.names["sans"]
    c.barLabels.fontSize = SIZE
    c.barLabelFormat = "%d"
    c.barLabels.nudge = 8
    d.add(c)
    return d
