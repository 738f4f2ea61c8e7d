"""The action table with its heading, search box and status/office filters.

The navigator's view and the filter bar are each an ``ActionQuery``; the table shows
the loaded rows matching both (``ActionQuery.and_``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow, OfficeRow
from valenza_desk.domain.status import Status
from valenza_desk.ui.action_table_model import (
    COL_CODE,
    COL_DUE,
    COL_LEAD,
    COL_PROGRESS,
    COL_STAKEHOLDER,
    COL_STATUS,
    COL_TEXT,
    ActionTableModel,
)
from valenza_desk.ui.delegates import ProgressDelegate, StatusDelegate
from valenza_desk.ui.roles import ROW_ROLE
from valenza_desk.ui.views import View, ViewKind
from valenza_desk.ui.widgets import Heading, status_icon


class ActionListPage(QWidget):
    """Title of the current view, filters, and the table; emits ``action_chosen(id)``."""

    action_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ActionTableModel(self)
        self._view = View()
        self._view_query = ActionQuery()
        self._restoring = False
        self.keep_selected: int | None = None  # the action shown in the detail panel

        self.heading = Heading(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Cerca nelle azioni (Ctrl+F)…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Cerca nelle azioni"))
        self.search.setAccessibleDescription(self.tr("Ignora maiuscole e accenti: «citta» trova «città»"))
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName(self.tr("Filtro per stato"))
        self.status_filter.addItem(self.tr("Tutti gli stati"), None)
        for status in Status:
            self.status_filter.addItem(status_icon(status), status.label, status.value)
        self.office_filter = QComboBox(self)
        self.office_filter.setAccessibleName(self.tr("Filtro per ufficio"))
        self.office_filter.setMinimumContentsLength(18)
        self.office_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_offices(())

        search_label = QLabel(self.tr("&Cerca:"), self)
        search_label.setBuddy(self.search)
        status_label = QLabel(self.tr("S&tato:"), self)
        status_label.setBuddy(self.status_filter)
        office_label = QLabel(self.tr("U&fficio:"), self)
        office_label.setBuddy(self.office_filter)
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        bar.addWidget(status_label)
        bar.addWidget(self.status_filter, 1)
        bar.addWidget(office_label)
        bar.addWidget(self.office_filter, 2)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Tabella delle azioni"))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.table))
        self.table.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self.table))
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: fast at 100k
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        for column, sample in (
            (COL_CODE, "BEL-07bis"),
            (COL_STAKEHOLDER, "Bambini e giov"),
            (COL_LEAD, "Settore Servizi S"),
            (COL_DUE, "00/00/00000"),
            (COL_STATUS, "Non più previst"),
            (COL_PROGRESS, "100% 1000"),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.office_filter.currentIndexChanged.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.model.modelReset.connect(self._reselect)
        self.model.layoutChanged.connect(self._reselect)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.office_filter)
        self.setTabOrder(self.office_filter, self.table)

    # --- data ------------------------------------------------------------------------------
    def set_offices(self, offices: Sequence[OfficeRow]) -> None:
        current = self.office_filter.currentData()
        self.office_filter.blockSignals(True)
        try:
            self.office_filter.clear()
            self.office_filter.addItem(self.tr("Tutti gli uffici"), None)
            for office in offices:
                self.office_filter.addItem(office.name, office.id)
                self.office_filter.setItemData(self.office_filter.count() - 1, office.name, Qt.ItemDataRole.ToolTipRole)
            if isinstance(current, int):
                self.office_filter.setCurrentIndex(max(0, self.office_filter.findData(current)))
        finally:
            self.office_filter.blockSignals(False)
        self._apply_filter()

    def set_rows(self, rows: Sequence[ActionRow], today: date) -> None:
        self.model.set_rows(rows, today)

    def set_view(self, view: View, query: ActionQuery, heading: str, programme: str) -> None:
        """Show ``view`` (selecting ``query``) under ``heading``, naming the programme in view."""
        self._view = view
        self._view_query = query
        # one stakeholder: its name on every row would only take room from the action text
        self.table.setColumnHidden(COL_STAKEHOLDER, view.kind == ViewKind.STAKEHOLDER)
        self.heading.set_heading(heading, programme)
        self._apply_filter()

    def filter_query(self) -> ActionQuery:
        """What the filter bar selects: status, office (any role) and the words searched."""
        office = self.office_filter.currentData()
        status = self.status_filter.currentData()
        return ActionQuery(
            statuses=(Status(status),) if status else (),
            office_id=office if isinstance(office, int) else None,
            search=self.search.text(),
        )

    def current_query(self) -> ActionQuery:
        """The view's query narrowed by the filter bar: what the table shows."""
        return self._view_query.and_(self.filter_query())

    def _apply_filter(self) -> None:
        self.model.set_query(self.current_query())

    # --- selection -------------------------------------------------------------------------
    def _on_row_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if self._restoring or not current.isValid():
            return
        row = current.data(ROW_ROLE)
        if isinstance(row, ActionRow):
            self.action_chosen.emit(row.id)

    def _reselect(self) -> None:
        if self.keep_selected is not None:
            self.select_action(self.keep_selected, scroll=False)

    def select_action(self, action_id: int | None, scroll: bool = True) -> None:
        """Highlight an action without announcing it (after a cancelled change or a reload)."""
        self._restoring = True
        try:
            row = self.model.row_of(action_id) if action_id is not None else -1
            if row < 0:
                self.table.clearSelection()
                self.table.setCurrentIndex(self.model.index(-1, -1))
                return
            index = self.model.index(row, COL_CODE)
            self.table.setCurrentIndex(index)
            if scroll:
                self.table.scrollTo(index)
        finally:
            self._restoring = False

    def select_row(self, row: int) -> None:
        """Choose the action at ``row`` as a click would."""
        self.table.setCurrentIndex(self.model.index(row, COL_CODE))

    def selected_action_id(self) -> int | None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.id if isinstance(row, ActionRow) else None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
