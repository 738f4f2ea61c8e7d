"""The action table with its heading, search box, status/office filters, the active filters as
chips, the bar of a multi-selection, and a word on the empty table about why it is empty.

The navigator's view and the filter bar are each an ``ActionQuery``; the table shows
the loaded rows matching both (``ActionQuery.and_``). The filter bar is kept when the
view changes, and every filter stays visible as a chip. The table selects several rows
(Ctrl/Shift-click, Ctrl+A, Shift+arrows): one selected row is the action shown in the
detail panel (``action_chosen``), more are for the bulk edit (``selection_changed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.missions import missions
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow, OfficeRow
from valenza_desk.domain.status import OVERDUE_LABEL, Status
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
from valenza_desk.ui.delegates import HighlightDelegate, ProgressDelegate, StatusDelegate
from valenza_desk.ui.filter_chips import FilterChips
from valenza_desk.ui.filter_text import FilterPart, describe, hidden_text
from valenza_desk.ui.roles import ROW_ROLE
from valenza_desk.ui.selection_bar import SelectionBar
from valenza_desk.ui.views import View, ViewKind
from valenza_desk.ui.widgets import Heading, status_icon

OVERDUE_CHOICE = "overdue"  # the status filter's "Scaduta" entry


class ActionListPage(QWidget):
    """Title of the current view, filters, and the table; emits ``action_chosen(id)``."""

    action_chosen = Signal(int)
    selection_changed = Signal(int)  # how many actions are selected
    view_cleared = Signal()  # the view's chip was removed: back to the whole programme
    menu_requested = Signal(QPoint)  # the table's context menu, at this global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ActionTableModel(self)
        self._view = View()
        self._view_query = ActionQuery()
        self._view_text = ""
        self._office_names: dict[int, str] = {}
        self._restoring = False
        self._selected_count = 0
        self.keep_selected: int | None = None  # the action shown in the detail panel

        self.heading = Heading(self)
        self._build_filter_bar()
        self.chips = FilterChips(self)
        self.selection_bar = SelectionBar(self)
        self._build_table()
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setObjectName("emptyTable")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("QLabel#emptyTable { color: #4b5563; font-size: 11pt; padding: 16px; }")
        self.empty_label.hide()
        self.table.viewport().installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addLayout(self._bar)
        layout.addWidget(self.chips)
        layout.addWidget(self.selection_bar)
        layout.addWidget(self.table, 1)

        self.set_offices(())
        self.search.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.office_filter.currentIndexChanged.connect(self._office_changed)
        self.mission_filter.currentIndexChanged.connect(self._apply_filter)
        self.lead_only.toggled.connect(self._apply_filter)
        self.chips.removed.connect(self._remove_filter)
        self.chips.cleared.connect(self.clear_filters)
        self.selection_bar.deselect_requested.connect(self.keep_only_current)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.model.modelReset.connect(self._reselect)
        self.model.modelReset.connect(self._update_empty)
        self.model.rowsRemoved.connect(self._update_empty)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.office_filter)
        self.setTabOrder(self.office_filter, self.lead_only)
        self.setTabOrder(self.lead_only, self.mission_filter)
        self.setTabOrder(self.mission_filter, self.table)

    def _build_filter_bar(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Cerca nelle azioni (Ctrl+F)…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Cerca nelle azioni"))
        self.search.setAccessibleDescription(self.tr("Ignora maiuscole e accenti: «citta» trova «città»"))
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("Cerca nelle azioni"))
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName(self.tr("Filtro per stato"))
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status_filter.setMinimumContentsLength(12)
        self.status_filter.addItem(self.tr("Tutti gli stati"), None)
        for status in Status:
            self.status_filter.addItem(status_icon(status), status.label, status.value)
        self.status_filter.insertSeparator(self.status_filter.count())
        self.status_filter.addItem(self.tr(OVERDUE_LABEL), OVERDUE_CHOICE)
        self.status_filter.setItemData(
            self.status_filter.count() - 1,
            self.tr("Scadenza superata, né completata né non più prevista"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.mission_filter = QComboBox(self)
        self.mission_filter.setAccessibleName(self.tr("Filtro per Missione del DUP"))
        self.mission_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mission_filter.setMinimumContentsLength(12)
        self.mission_filter.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.mission_filter.addItem(self.tr("Tutte le Missioni"), None)
        self.mission_filter.addItem(self.tr("— senza Missione —"), "")
        unclassified = self.tr("Azioni non ancora classificate nel DUP")
        self.mission_filter.setItemData(1, unclassified, Qt.ItemDataRole.ToolTipRole)
        for found in missions():
            self.mission_filter.addItem(found.label, found.code)
            self.mission_filter.setItemData(self.mission_filter.count() - 1, found.label, Qt.ItemDataRole.ToolTipRole)
        self.mission_filter.view().setMinimumWidth(
            max(self.fontMetrics().horizontalAdvance(m.label) for m in missions()) + 40
        )
        self.office_filter = QComboBox(self)
        self.office_filter.setAccessibleName(self.tr("Filtro per ufficio"))
        self.office_filter.setMinimumContentsLength(12)
        self.office_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.office_filter.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.lead_only = QCheckBox(self.tr("solo responsabile"), self)
        self.lead_only.setToolTip(
            self.tr("Spuntato: solo le azioni di cui l'ufficio è responsabile; altrimenti anche quelle di supporto")
        )
        self.lead_only.setEnabled(False)

        search_label = QLabel(self.tr("&Cerca:"), self)
        search_label.setBuddy(self.search)
        status_label = QLabel(self.tr("S&tato:"), self)
        status_label.setBuddy(self.status_filter)
        office_label = QLabel(self.tr("Ufficio:"), self)
        office_label.setBuddy(self.office_filter)
        mission_label = QLabel(self.tr("Missione:"), self)
        mission_label.setBuddy(self.mission_filter)
        # two rows: the search keeps room to type at 1366x768 and at 150% scaling
        self._bar = QGridLayout()
        self._bar.setContentsMargins(0, 0, 0, 0)
        self._bar.setHorizontalSpacing(6)
        self._bar.setVerticalSpacing(4)
        self._bar.addWidget(search_label, 0, 0)
        self._bar.addWidget(self.search, 0, 1)
        self._bar.addWidget(status_label, 0, 2)
        self._bar.addWidget(self.status_filter, 0, 3)
        self._bar.addWidget(office_label, 1, 0)
        self._bar.addWidget(self.office_filter, 1, 1)
        self._bar.addWidget(self.lead_only, 1, 2, 1, 2)
        # a row of its own: beside the others it would take the action text's room at 1366x768
        self._bar.addWidget(mission_label, 2, 0)
        self._bar.addWidget(self.mission_filter, 2, 1)
        self._bar.setColumnStretch(1, 1)

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Tabella delle azioni"))
        self.table.setAccessibleDescription(
            self.tr("Ctrl o Maiusc e clic, Ctrl+A, Maiusc e frecce: più azioni per la modifica in blocco")
        )
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (to the detail panel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setWordWrap(False)
        # long office names share their start ("Settore …"): cut them in the middle, the whole name
        # in the tooltip; the action text (HighlightDelegate) is cut at the right
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.table))
        self.table.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self.table))
        self.table.setItemDelegateForColumn(COL_TEXT, HighlightDelegate(lambda: self.model.search_words, self.table))
        self.table.setItemDelegateForColumn(COL_STAKEHOLDER, HighlightDelegate(None, self.table))
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: fast at 100k
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Codice") + 12)
        metrics = self.fontMetrics()
        # widths that leave the action text room at 1366x768; names are elided in the middle
        # (whole in the tooltip) and every column can be widened by dragging its header
        for column, sample in (
            (COL_CODE, "BEL-07bis"),
            (COL_STAKEHOLDER, "Famiglia & a"),
            (COL_LEAD, "Settore Cultura,"),
            (COL_DUE, "00/00/0000"),
            (COL_STATUS, "Completata ●"),
            (COL_PROGRESS, "100% 10"),
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)

    # --- data ------------------------------------------------------------------------------
    def set_offices(self, offices: Sequence[OfficeRow]) -> None:
        current = self.office_filter.currentData()
        self._office_names = {o.id: o.name for o in offices}
        self.office_filter.blockSignals(True)
        try:
            self.office_filter.clear()
            self.office_filter.addItem(self.tr("Tutti gli uffici"), None)
            widest = 0
            for office in offices:
                name = office.name if office.active else self.tr("%s (non attivo)") % office.name
                self.office_filter.addItem(name, office.id)
                self.office_filter.setItemData(self.office_filter.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
                widest = max(widest, self.office_filter.fontMetrics().horizontalAdvance(name))
            self.office_filter.view().setMinimumWidth(widest + 40)  # the list shows whole names
            if isinstance(current, int):
                self.office_filter.setCurrentIndex(max(0, self.office_filter.findData(current)))
        finally:
            self.office_filter.blockSignals(False)
        self._office_changed()

    def set_rows(self, rows: Sequence[ActionRow], today: date) -> None:
        self.model.set_rows(rows, today)
        self._update_chips()

    def set_view(self, view: View, query: ActionQuery, heading: str, programme: str) -> None:
        """Show ``view`` (selecting ``query``) under ``heading``, naming the programme in view."""
        self._view = view
        self._view_query = query
        self._view_text = heading
        # one stakeholder: its name on every row would only take room from the action text
        self.table.setColumnHidden(COL_STAKEHOLDER, view.kind == ViewKind.STAKEHOLDER)
        self.heading.set_heading(heading, programme)
        self._apply_filter()

    @property
    def view(self) -> View:
        return self._view

    def filter_query(self) -> ActionQuery:
        """What the filter bar selects: status (or overdue), office (lead or any role) and the words searched."""
        office = self.office_filter.currentData()
        status = self.status_filter.currentData()
        office_id = office if isinstance(office, int) else None
        mission = self.mission_filter.currentData()
        return ActionQuery(
            statuses=(Status(status),) if status and status != OVERDUE_CHOICE else (),
            overdue=status == OVERDUE_CHOICE,
            office_id=office_id,
            lead_office_only=office_id is not None and self.lead_only.isChecked(),
            search=self.search.text(),
            missions=(mission,) if isinstance(mission, str) else (),
        )

    def current_query(self) -> ActionQuery:
        """The view's query narrowed by the filter bar: what the table shows."""
        return self._view_query.and_(self.filter_query())

    def filter_parts(self) -> list[FilterPart]:
        """The filter bar's active filters, as the chips say them."""
        query = self.filter_query()
        parts = describe(query, offices=self._office_names)
        if query.missions:
            code = query.missions[0]
            found = next((m for m in missions() if m.code == code), None)
            text = self.tr("Missione: %s") % found.label if found else self.tr("Senza Missione del DUP")
            parts.append(FilterPart("missions", text))
        return parts

    def hidden_count(self) -> int:
        """How many actions of the view the filter bar hides."""
        if self.filter_query().is_everything:
            return 0
        return max(0, self.model.count_matching(self._view_query) - self.model.rowCount())

    def _office_changed(self) -> None:
        self.lead_only.setEnabled(isinstance(self.office_filter.currentData(), int))
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.model.set_query(self.current_query())
        self._update_chips()
        self._update_empty()

    def _update_chips(self) -> None:
        view = FilterPart("view", self._view_text) if self._view.kind != ViewKind.ALL and self._view_text else None
        self.chips.set_chips(view, self.filter_parts())

    def clear_filters(self) -> None:
        """Empty the search and put the status and office filters back to "Tutti"."""
        widgets = (self.search, self.status_filter, self.office_filter, self.lead_only, self.mission_filter)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.search.clear()
            self.status_filter.setCurrentIndex(0)
            self.office_filter.setCurrentIndex(0)
            self.mission_filter.setCurrentIndex(0)
            self.lead_only.setChecked(False)
            self.lead_only.setEnabled(False)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._apply_filter()

    def _remove_filter(self, key: str) -> None:
        if key == "view":
            self.view_cleared.emit()
        elif key == "search":
            self.search.clear()
        elif key in ("statuses", "overdue"):
            self.status_filter.setCurrentIndex(0)
        elif key == "office":
            self.office_filter.setCurrentIndex(0)
        elif key == "missions":
            self.mission_filter.setCurrentIndex(0)
        if self.chips.chips:
            self.chips.chips[0].setFocus(Qt.FocusReason.OtherFocusReason)  # the focus stays in the row
        else:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the empty table --------------------------------------------------------------------
    def empty_text(self) -> str:
        """Why nothing is shown ("" when something is)."""
        if self.model.rowCount():
            return ""
        if not self.model.total_count:
            return self.tr("Nessuna azione: il programma non ne ha ancora.")
        hidden = self.hidden_count()
        if hidden:
            return hidden_text(hidden, [p.text for p in self.filter_parts()])
        if self._view.kind != ViewKind.ALL:
            return self.tr("Nessuna azione in «%s».") % self._view_text
        return self.tr("Nessuna azione.")

    def _update_empty(self) -> None:
        text = self.empty_text()
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self._place_empty()

    def _place_empty(self) -> None:
        viewport = self.table.viewport()
        self.empty_label.setGeometry(0, 0, viewport.width(), max(80, viewport.height() // 3))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._place_empty()
        return super().eventFilter(watched, event)

    # --- selection --------------------------------------------------------------------------
    def selected_row_numbers(self) -> list[int]:
        """The selected rows, top to bottom."""
        numbers: set[int] = set()
        for part in self.table.selectionModel().selection():
            numbers.update(range(part.top(), part.bottom() + 1))
        return sorted(numbers)

    def selected_rows(self) -> list[ActionRow]:
        return self.model.rows_at(self.selected_row_numbers())

    def selected_count(self) -> int:
        return self._selected_count

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        numbers = self.selected_row_numbers()
        self._selected_count = len(numbers)
        self.selection_bar.set_count(len(numbers))
        self.selection_changed.emit(len(numbers))
        if len(numbers) == 1 and not self._restoring:
            row = self.model.action_at(numbers[0])
            if row is not None:
                self.action_chosen.emit(row.id)

    def keep_only_current(self) -> None:
        """Back to one selected action: the current row (or the first selected)."""
        current = self.table.currentIndex()
        row = current.row() if current.isValid() else next(iter(self.selected_row_numbers()), -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, COL_CODE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            current = self.table.currentIndex()  # the menu key: open it at the current row
            if current.isValid():
                position = self.table.visualRect(current).center()
        if self.selected_count():
            self.menu_requested.emit(self.table.viewport().mapToGlobal(position))

    def _reselect(self) -> None:
        """After a reset (a filter changed): the detail panel's action selected again, if shown."""
        if self.keep_selected is not None:
            self.select_action(self.keep_selected, scroll=False)
        if len(self.selected_row_numbers()) != self._selected_count:  # a reset drops the selection silently
            self._restoring = True
            try:
                self._on_selection_changed(QItemSelection(), QItemSelection())
            finally:
                self._restoring = False

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
