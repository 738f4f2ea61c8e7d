"""The action table: a lazy, row-backed QAbstractTableModel over a Python list of ActionRow.

Sorting uses Python ``sorted()`` on the full list and filtering a list comprehension on
the pre-folded search key, each followed by a model reset. At 100,000 actions this is
one to two orders of magnitude faster than QSortFilterProxyModel, and the view asks only
for the rows it paints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from valenza_desk.domain.rows import ActionRow
from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL, Status
from valenza_desk.text import format_date
from valenza_desk.ui.roles import OVERDUE_ROLE, PROGRESS_ROLE, ROW_ROLE, SEARCH_ROLE, SORT_ROLE, STATUS_ROLE
from valenza_desk.ui.view_filter import TableFilter, filter_rows

COL_CODE, COL_STAKEHOLDER, COL_TEXT, COL_LEAD, COL_DUE, COL_STATUS, COL_PROGRESS = range(7)
COLUMN_COUNT = 7
_STATUS_ORDER = {s: n for n, s in enumerate(Status)}
_HANDLED_ROLES = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.ToolTipRole),
        int(Qt.ItemDataRole.ForegroundRole),
        int(Qt.ItemDataRole.AccessibleTextRole),
        ROW_ROLE,
        STATUS_ROLE,
        PROGRESS_ROLE,
        OVERDUE_ROLE,
        SORT_ROLE,
        SEARCH_ROLE,
    }
)
_Index = QModelIndex | QPersistentModelIndex


class ActionTableModel(QAbstractTableModel):
    """Rows are the visible ActionRows; ``set_rows`` loads, ``set_filter`` narrows, ``sort`` orders."""

    filtered = Signal(int, int)  # visible, total

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ActionRow] = []  # every loaded action, in the current sort order
        self._visible: list[ActionRow] = []
        self._order: dict[int, int] = {}  # action id -> position in programme order
        self._filter = TableFilter()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._today = date.today()
        self._headers = (
            self.tr("Codice"),
            self.tr("Stakeholder"),
            self.tr("Azione"),
            self.tr("Ufficio resp."),
            self.tr("Scadenza"),
            self.tr("Stato"),
            self.tr("Avanzamento"),
        )

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < COLUMN_COUNT
        if horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Ufficio responsabile") if section == COL_LEAD else self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _HANDLED_ROLES or not index.isValid():  # most roles Qt asks for while painting
            return None
        row_number = index.row()
        if row_number >= len(self._visible):
            return None
        row = self._visible[row_number]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == ROW_ROLE:
            return row
        if role == STATUS_ROLE:
            return row.status.value  # a StrEnum would reach the delegate as a plain str anyway
        if role == PROGRESS_ROLE:
            return row.progress
        if role == OVERDUE_ROLE:
            return row.overdue
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE and row.overdue:
            return QColor(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == SEARCH_ROLE:
            return row.search_key
        return None

    def _display(self, row: ActionRow, column: int) -> str:
        if column == COL_CODE:
            return row.code
        if column == COL_STAKEHOLDER:
            return row.stakeholder
        if column == COL_TEXT:
            return row.text
        if column == COL_LEAD:
            return row.lead_office
        if column == COL_DUE:
            return format_date(row.due_date)
        if column == COL_STATUS:
            return f"{row.status.label} ({OVERDUE_LABEL.lower()})" if row.overdue else row.status.label
        if column == COL_PROGRESS:
            return f"{row.progress}%"
        return ""

    def _tooltip(self, row: ActionRow, column: int) -> str:
        if column == COL_TEXT:
            return f"<p>{_html(row.code)} — {_html(row.text)}</p>"
        if column == COL_LEAD:
            support = ", ".join(row.offices)
            lead = row.lead_office or self.tr("nessun ufficio responsabile")
            return lead + (self.tr("\nSupporto: %s") % support if support else "")
        if column == COL_DUE and row.overdue:
            return self.tr("Scadenza superata")
        return self._display(row, column)

    def _sort_value(self, row: ActionRow, column: int) -> Any:
        key = _SORT_KEYS[column](self)
        return key(row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Python sort of every loaded row, then the current filter again (order is kept)."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        self._sort_all()
        self._visible = filter_rows(self._all, self._filter, self._today)
        self.layoutChanged.emit()
        self.filtered.emit(len(self._visible), len(self._all))

    # --- loading and filtering ---------------------------------------------------------
    def set_rows(self, rows: Sequence[ActionRow], today: date | None = None) -> None:
        """Replace every row (after loading from the database)."""
        self.beginResetModel()
        self._today = today or date.today()
        self._all = list(rows)
        self._order = {r.id: n for n, r in enumerate(self._all)}
        self._sort_all()
        self._visible = filter_rows(self._all, self._filter, self._today)
        self.endResetModel()
        self.filtered.emit(len(self._visible), len(self._all))

    def set_filter(self, table_filter: TableFilter) -> None:
        if table_filter == self._filter:
            return
        narrowing = _narrows(self._filter, table_filter)
        source = self._visible if narrowing else self._all
        self.beginResetModel()
        self._filter = table_filter
        self._visible = filter_rows(source, table_filter, self._today)
        self.endResetModel()
        self.filtered.emit(len(self._visible), len(self._all))

    @property
    def table_filter(self) -> TableFilter:
        return self._filter

    @property
    def total_count(self) -> int:
        return len(self._all)

    def visible_rows(self) -> list[ActionRow]:
        return list(self._visible)

    def action_at(self, row_number: int) -> ActionRow | None:
        return self._visible[row_number] if 0 <= row_number < len(self._visible) else None

    def row_of(self, action_id: int) -> int:
        """Row number of an action among the visible ones, or -1."""
        for n, row in enumerate(self._visible):
            if row.id == action_id:
                return n
        return -1

    def replace_row(self, updated: ActionRow) -> None:
        """Swap in a saved action without reloading the list (it stays where it is)."""
        for rows in (self._all, self._visible):
            for n, row in enumerate(rows):
                if row.id == updated.id:
                    rows[n] = updated
                    break
        visible_row = self.row_of(updated.id)
        if visible_row >= 0:
            self.dataChanged.emit(self.index(visible_row, 0), self.index(visible_row, COLUMN_COUNT - 1))

    def find_row(self, action_id: int) -> ActionRow | None:
        for row in self._all:
            if row.id == action_id:
                return row
        return None

    def _sort_all(self) -> None:
        if self._sort_column < 0:
            return
        key = _SORT_KEYS[self._sort_column](self)
        self._all.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)


def _narrows(old: TableFilter, new: TableFilter) -> bool:
    """True when ``new`` can only show a subset of ``old``: more typed at the end of the search.

    Every word must match, so lengthening the last word or adding words only narrows.
    """
    return (
        old.view == new.view
        and old.status == new.status
        and old.office_name == new.office_name
        and bool(old.search.strip())
        and new.search.startswith(old.search)
    )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_FAR_DATE = date(9999, 12, 31)


def _key_code(m: ActionTableModel) -> Callable[[ActionRow], Any]:
    order = m._order
    return lambda r: order.get(r.id, 0)


def _key_stakeholder(m: ActionTableModel) -> Callable[[ActionRow], Any]:
    order = m._order
    return lambda r: (r.stakeholder.casefold(), order.get(r.id, 0))


def _key_text(_m: ActionTableModel) -> Callable[[ActionRow], Any]:
    return lambda r: r.text.casefold()


def _key_lead(m: ActionTableModel) -> Callable[[ActionRow], Any]:
    order = m._order
    return lambda r: (not r.lead_office, r.lead_office.casefold(), order.get(r.id, 0))


def _key_due(m: ActionTableModel) -> Callable[[ActionRow], Any]:
    order = m._order
    return lambda r: (r.due_date or _FAR_DATE, order.get(r.id, 0))


def _key_status(m: ActionTableModel) -> Callable[[ActionRow], Any]:
    order = m._order
    return lambda r: (not r.overdue, _STATUS_ORDER[r.status], order.get(r.id, 0))


def _key_progress(m: ActionTableModel) -> Callable[[ActionRow], Any]:
    order = m._order
    return lambda r: (r.progress, order.get(r.id, 0))


_SORT_KEYS: dict[int, Callable[[ActionTableModel], Callable[[ActionRow], Any]]] = {
    COL_CODE: _key_code,
    COL_STAKEHOLDER: _key_stakeholder,
    COL_TEXT: _key_text,
    COL_LEAD: _key_lead,
    COL_DUE: _key_due,
    COL_STATUS: _key_status,
    COL_PROGRESS: _key_progress,
}
