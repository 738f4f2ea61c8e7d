"""The summary chart: status of the actions by stakeholder, stacked horizontal bars.

A drawing cannot be split across pages, so a programme with many stakeholders gets
several charts of at most ``BARS_PER_CHART`` bars, on one scale.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from valenza_desk.domain.status import Status
from valenza_desk.reports import fonts
from valenza_desk.reports.data import Tally

LABEL_WIDTH = 46 * mm
BAR_HEIGHT = 6.2 * mm
LEGEND_HEIGHT = 12 * mm
BARS_PER_CHART = 28  # 28 bars and the legend take about 20 cm: always less than a page


def status_charts(tallies: Sequence[Tally], width: float) -> list[Drawing]:
    """The chart of every stakeholder, in as many drawings as a page allows, all on one scale."""
    most = max((tally.total for tally in tallies), default=0)
    chunks = [tallies[i : i + BARS_PER_CHART] for i in range(0, len(tallies), BARS_PER_CHART)] or [tallies]
    return [status_chart(chunk, width, most) for chunk in chunks]


def status_chart(tallies: Sequence[Tally], width: float, most: int | None = None) -> Drawing:
    """One bar per stakeholder (top to bottom in programme order), one segment per status.

    ``most`` is the scale's end (default: the largest total of ``tallies``).
    """
    fonts.register_fonts()
    rows = list(reversed(tallies))  # the chart draws the first category at the bottom
    plot_height = max(1, len(rows)) * BAR_HEIGHT
    height = plot_height + LEGEND_HEIGHT + 12 * mm
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.REGULAR  # the renderer would otherwise start in Helvetica
    drawing.initialFontSize = 8
    chart = HorizontalBarChart()
    chart.x = LABEL_WIDTH
    chart.y = LEGEND_HEIGHT + 8 * mm
    chart.width = width - LABEL_WIDTH - 4 * mm
    chart.height = plot_height
    statuses = list(Status)
    chart.data = [[tally.by_status[s] for tally in rows] for s in statuses]
    chart.categoryAxis.categoryNames = [_short(tally.name) for tally in rows]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = colors.HexColor("#94a3b8")
    chart.valueAxis.valueMin = 0
    if most is None:
        most = max((tally.total for tally in rows), default=0)
    chart.valueAxis.valueMax = max(1, most)
    chart.valueAxis.valueStep = _step(most)
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e5e7eb")
    chart.valueAxis.strokeColor = colors.HexColor("#94a3b8")
    chart.barWidth = BAR_HEIGHT * 0.7
    chart.groupSpacing = BAR_HEIGHT * 0.3
    chart.bars.strokeColor = colors.white
    chart.bars.strokeWidth = 0.4
    for index, status in enumerate(statuses):
        chart.bars[index].fillColor = colors.HexColor(status.colour)
    drawing.add(chart)
    legend = Legend()
    legend.x = LABEL_WIDTH
    legend.y = LEGEND_HEIGHT - 2 * mm
    legend.variColumn = True
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 0
    legend.dx = 7
    legend.dy = 7
    legend.dxTextSpace = 4
    legend.autoXPadding = 14
    legend.fontName = fonts.REGULAR
    legend.fontSize = 8
    legend.strokeColor = None
    legend.colorNamePairs = [(colors.HexColor(s.colour), s.label) for s in statuses]
    drawing.add(legend)
    if most == 0:
        drawing.add(String(chart.x + 4, chart.y + plot_height / 2, "0", fontName=fonts.REGULAR, fontSize=8))
    return drawing


def _short(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _step(most: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if most / step <= 10:
            return step
    return 10000
