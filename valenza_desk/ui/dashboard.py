"""The dashboard: totals by status, overdue count, status by stakeholder (QtCharts), next deadlines.

Everything comes from the Desk in one read off the UI thread: the day is the Desk's
today and "next deadlines" looks as far ahead as ``desk.due_soon_days``, which the box
title names. The chart's count axis has whole numbers at whole positions (a step of 1,
2, 5, 10, 20, 25, 50… and a top that is a multiple of it), so a bar reads true.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalStackedBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow, MilestoneRow, StakeholderSummary
from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL, Status
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date
from valenza_desk.ui.delegates import MiddleElideDelegate
from valenza_desk.ui.navigator import days_text
from valenza_desk.ui.ops import error_message, run_op
from valenza_desk.ui.widgets import Heading

DEADLINE_ROWS = 12
MAX_TICKS = 10
_NICE_STEPS = (1, 2, 5, 10, 20, 25, 50)


def count_axis(largest: int, max_ticks: int = MAX_TICKS) -> tuple[int, int]:
    """(step, top) of an axis of counts up to ``largest``: whole steps, at most ``max_ticks`` of them."""
    largest = max(1, largest)
    scale = 1
    while True:
        for nice in _NICE_STEPS:
            step = nice * scale
            intervals = -(-largest // step)  # ceiling division
            if intervals <= max_ticks:
                return step, intervals * step
        scale *= 100


@dataclass(frozen=True, slots=True)
class DashboardData:
    programme: str
    today: date
    due_soon_days: int
    summaries: list[StakeholderSummary]
    deadlines: list[ActionRow]
    milestones: list[tuple[str, MilestoneRow]]


def load_dashboard(desk: Desk) -> DashboardData:
    """Everything the dashboard shows, read in one go (runs off the UI thread)."""
    today, days = desk.today(), desk.due_soon_days
    info = desk.programme()
    soon = desk.actions(ActionQuery(due_within_days=days))
    soon.sort(key=lambda r: (r.due_date or today, r.code))
    milestones = [m for m in desk.milestones() if m[1].due_date is not None][:DEADLINE_ROWS]
    return DashboardData(
        info.display_name if info else "", today, days, desk.stakeholder_summaries(), soon[:DEADLINE_ROWS], milestones
    )


class StatCard(QFrame):
    """A number with its caption, framed in the status colour."""

    def __init__(self, caption: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setStyleSheet(
            f"QFrame#statCard {{ border: 1px solid #d1d5db; border-left: 5px solid {colour}; "
            "border-radius: 4px; background: white; }"
        )
        self.number = QLabel("0", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setStyleSheet(f"color: {colour};")
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        self._caption = caption

    def set_value(self, text: str) -> None:
        self.number.setText(text)
        self.setAccessibleName(f"{self._caption}: {text}")


class DashboardPage(QWidget):
    """Read-only overview; ``refresh()`` reloads it from the database."""

    action_chosen = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.data: DashboardData | None = None
        self.setAccessibleName(self.tr("Cruscotto"))
        self.heading = Heading(self)
        self.heading.set_heading(self.tr("Cruscotto del programma"), "")
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #991b1b;")
        self.error.setWordWrap(True)
        self.error.hide()

        cards = QHBoxLayout()
        self.total_card = StatCard(self.tr("Azioni in totale"), "#111827", self)
        cards.addWidget(self.total_card)
        self.status_cards: dict[Status, StatCard] = {}
        for status in Status:
            card = StatCard(status.label, status.colour, self)
            self.status_cards[status] = card
            cards.addWidget(card)
        self.overdue_card = StatCard(self.tr("Scadute"), OVERDUE_COLOUR, self)
        cards.addWidget(self.overdue_card)
        self.progress_card = StatCard(self.tr("Avanzamento medio"), "#2563eb", self)
        cards.addWidget(self.progress_card)

        self.chart = QChart()
        self.chart.setTitle(self.tr("Stato delle azioni per stakeholder"))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(260)
        self.chart_view.setAccessibleName(self.tr("Grafico: stato delle azioni per stakeholder"))

        self.deadlines = self._table(
            [self.tr("Scadenza"), self.tr("Codice"), self.tr("Azione"), self.tr("Ufficio"), self.tr("Stato")],
            self.tr("Prossime scadenze delle azioni"),
        )
        self.deadlines.cellActivated.connect(self._deadline_activated)
        self.deadlines.cellDoubleClicked.connect(self._deadline_activated)
        self.milestones = self._table(
            [self.tr("Scadenza"), self.tr("Codice"), self.tr("Traguardo")], self.tr("Prossimi traguardi")
        )
        self.deadlines_box = QGroupBox(self.tr("Prossime scadenze"), self)
        QVBoxLayout(self.deadlines_box).addWidget(self.deadlines)
        milestones_box = QGroupBox(self.tr("Prossimi traguardi"), self)
        QVBoxLayout(milestones_box).addWidget(self.milestones)

        grid = QGridLayout()
        grid.addWidget(self.chart_view, 0, 0, 1, 2)
        grid.addWidget(self.deadlines_box, 1, 0)
        grid.addWidget(milestones_box, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.error)
        layout.addLayout(cards)
        layout.addLayout(grid, 1)

    def _table(self, headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setAccessibleName(name)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if len(headers) > 3:
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(3, self.fontMetrics().horizontalAdvance("Settore Cultura, Turismo") + 12)
            table.setItemDelegateForColumn(3, MiddleElideDelegate(table))
        return table

    def refresh(self) -> None:
        desk = self.desk
        run_op(lambda: load_dashboard(desk), self.show_data, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_message(exc))
        self.error.show()

    def show_data(self, data: DashboardData) -> None:
        self.error.hide()
        self.data = data
        self.heading.set_heading(self.tr("Cruscotto del programma"), data.programme)
        self.deadlines_box.setTitle(self.tr("Prossime scadenze (%s)") % days_text(data.due_soon_days))
        total = sum(s.total for s in data.summaries)
        self.total_card.set_value(str(total))
        for status, card in self.status_cards.items():
            card.set_value(str(sum(s.by_status.get(status, 0) for s in data.summaries)))
        self.overdue_card.set_value(str(sum(s.overdue for s in data.summaries)))
        weighted = sum(s.average_progress * s.total for s in data.summaries)
        self.progress_card.set_value(f"{round(weighted / total) if total else 0}%")
        self._fill_chart(data.summaries)
        self._fill_deadlines(data.deadlines, data.due_soon_days)
        self._fill_milestones(data.milestones, data.today)

    def _fill_chart(self, summaries: list[StakeholderSummary]) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        series = QHorizontalStackedBarSeries()
        ordered = list(reversed(summaries))  # first stakeholder at the top
        for status in Status:
            bar_set = QBarSet(status.label)
            bar_set.setColor(QColor(status.colour))
            bar_set.setBorderColor(QColor(status.colour))
            for s in ordered:
                bar_set.append(s.by_status.get(status, 0))
            series.append(bar_set)
        series.setBarWidth(0.7)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([s.name for s in ordered])
        values = QValueAxis()
        values.setLabelFormat("%d")
        step, top = count_axis(max([s.total for s in summaries] + [1]))
        values.setTickType(QValueAxis.TickType.TicksDynamic)
        values.setTickAnchor(0)
        values.setTickInterval(step)
        values.setMinorTickCount(0)
        values.setRange(0, top)
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)

    def _fill_deadlines(self, rows: list[ActionRow], days: int) -> None:
        table = self.deadlines
        table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            items = [
                QTableWidgetItem(format_date(row.due_date)),
                QTableWidgetItem(row.code),
                QTableWidgetItem(row.text),
                QTableWidgetItem(row.lead_office or "—"),  # elided in the middle; whole in the tooltip
                QTableWidgetItem(row.status.label),
            ]
            items[2].setToolTip(row.text)
            items[3].setToolTip(row.lead_office)
            items[4].setForeground(QColor(row.status.colour))
            for column, item in enumerate(items):
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                table.setItem(n, column, item)
        if not rows:
            table.setRowCount(1)
            table.setItem(0, 2, QTableWidgetItem(self.tr("Nessuna scadenza nei prossimi %s") % days_text(days)))

    def _fill_milestones(self, milestones: list[tuple[str, MilestoneRow]], today: date) -> None:
        table = self.milestones
        table.setRowCount(len(milestones))
        for n, (code, m) in enumerate(milestones):
            due = QTableWidgetItem(format_date(m.due_date))
            if m.is_overdue(today):
                due.setForeground(QColor(OVERDUE_COLOUR))
                due.setToolTip(OVERDUE_LABEL)
            table.setItem(n, 0, due)
            table.setItem(n, 1, QTableWidgetItem(code))
            table.setItem(n, 2, QTableWidgetItem(m.title))
        if not milestones:
            table.setRowCount(1)
            table.setItem(0, 2, QTableWidgetItem(self.tr("Nessun traguardo aperto")))

    def _deadline_activated(self, row: int, _column: int) -> None:
        item = self.deadlines.item(row, 0)
        action_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(action_id, int):
            self.action_chosen.emit(action_id)
