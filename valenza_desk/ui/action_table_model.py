"""The action table: a lazy, row-backed QAbstractTableModel over a Python list of ActionRow.

Sorting uses Python ``sorted()`` on the full list; filtering evaluates the window's
``ActionQuery`` in memory with ``services.action_query.filter_rows`` (the same definition
as the SQL the CLI and reports use), each followed by a model reset. At 100,000 actions
this is one to two orders of magnitude faster than QSortFilterProxyModel, and the view
asks only for the rows it paints. Whether a row is overdue depends on the day the
window last showed (``set_today``), which comes from the Desk's clock.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow
from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL, Status
from valenza_desk.services.action_query import filter_rows
from valenza_desk.text import format_date
from valenza_desk.ui.roles import OVERDUE_ROLE, PROGRESS_ROLE, ROW_ROLE, SEARCH_ROLE, SORT_ROLE, STATUS_ROLE

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
    """Rows are the visible ActionRows; ``set_rows`` loads, ``set_query`` narrows, ``sort`` orders."""

    filtered = Signal(int, int)  # visible, total

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ActionRow] = []  # every loaded action, in the current sort order
        self._visible: list[ActionRow] = []
        self._order: dict[int, int] = {}  # action id -> position in programme order
        self._query = ActionQuery()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._today = date.min  # set with the rows: the Desk's today when they were loaded
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
            return row.is_overdue(self._today)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE and row.is_overdue(self._today):
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
            overdue = row.is_overdue(self._today)
            return f"{row.status.label} ({OVERDUE_LABEL.lower()})" if overdue else row.status.label
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
        if column == COL_DUE and row.is_overdue(self._today):
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
        self._visible = filter_rows(self._all, self._query, self._today)
        self.layoutChanged.emit()
        self.filtered.emit(len(self._visible), len(self._all))

    # --- loading and filtering ---------------------------------------------------------
    def set_rows(self, rows: Sequence[ActionRow], today: date) -> None:
        """Replace every row (after loading from the database on the Desk's ``today``)."""
        self.beginResetModel()
        self._today = today
        self._all = list(rows)
        self._order = {r.id: n for n, r in enumerate(self._all)}
        self._sort_all()
        self._visible = filter_rows(self._all, self._query, self._today)
        self.endResetModel()
        self.filtered.emit(len(self._visible), len(self._all))

    def set_today(self, today: date) -> None:
        """A new day: overdue flags and the date-dependent views ("Scadute", "In scadenza") change."""
        if today == self._today:
            return
        self.beginResetModel()
        self._today = today
        if self._sort_column >= 0:
            self._sort_all()  # the status order puts overdue actions first
        self._visible = filter_rows(self._all, self._query, self._today)
        self.endResetModel()
        self.filtered.emit(len(self._visible), len(self._all))

    def set_query(self, query: ActionQuery) -> None:
        """Show the loaded rows matching ``query``; typing more in the search only narrows the last result."""
        if query == self._query:
            return
        source = self._visible if _narrows(self._query, query) else self._all
        self.beginResetModel()
        self._query = query
        self._visible = filter_rows(source, query, self._today)
        self.endResetModel()
        self.filtered.emit(len(self._visible), len(self._all))

    @property
    def query(self) -> ActionQuery:
        return self._query

    @property
    def today(self) -> date:
        return self._today

    @property
    def total_count(self) -> int:
        return len(self._all)

    def all_rows(self) -> list[ActionRow]:
        return list(self._all)

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

    def find_row(self, action_id: int) -> ActionRow | None:
        for row in self._all:
            if row.id == action_id:
                return row
        return None

    def update_rows(self, updated: Sequence[ActionRow], removed: Collection[int] = ()) -> bool:
        """Swap in changed actions where they are and drop removed ones, without a reset.

        A changed row stays where it is even if it no longer matches the filter (the
        person is probably looking at it); it goes at the next filter change. Returns
        False when an action is not loaded at all (the caller reloads everything).
        """
        by_id = {r.id: r for r in updated}
        known = {r.id for r in self._all if r.id in by_id}
        if len(known) != len(by_id):
            return False
        if by_id:
            self._all = [by_id.get(r.id, r) for r in self._all]
            touched = [n for n, r in enumerate(self._visible) if r.id in by_id]
            for n in touched:
                self._visible[n] = by_id[self._visible[n].id]
            if touched:
                self.dataChanged.emit(self.index(min(touched), 0), self.index(max(touched), COLUMN_COUNT - 1))
        if removed:
            gone = set(removed)
            for n in range(len(self._visible) - 1, -1, -1):
                if self._visible[n].id in gone:
                    self.beginRemoveRows(QModelIndex(), n, n)
                    del self._visible[n]
                    self.endRemoveRows()
            self._all = [r for r in self._all if r.id not in gone]
        self.filtered.emit(len(self._visible), len(self._all))
        return True

    def _sort_all(self) -> None:
        if self._sort_column < 0:
            return
        key = _SORT_KEYS[self._sort_column](self)
        self._all.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)


def _narrows(old: ActionQuery, new: ActionQuery) -> bool:
    """True when ``new`` can only select a subset of ``old``: the same query with more typed at the end.

    Every word must match, so lengthening the last word or adding words only narrows.
    """
    return (
        bool(old.search.strip())
        and new.search.startswith(old.search)
        and replace(old, search="") == replace(new, search="")
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
    order, today = m._order, m._today
    return lambda r: (not r.is_overdue(today), _STATUS_ORDER[r.status], order.get(r.id, 0))


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
