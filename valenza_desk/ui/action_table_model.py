"""The action table: a lazy, row-backed QAbstractTableModel over a Python list of ActionRow.

Filtering evaluates the window's ``ActionQuery`` in memory with
``services.action_query.filter_rows`` (the same definition as the SQL the CLI and reports
use), followed by a model reset; the loaded rows are kept in the current sort order,
so a filter's result comes out sorted. Sorting takes the column's order computed once
per load (``table_sort.SortOrders``, also worked out off the UI thread after loading)
and moves the selection with the rows. At 100,000 actions this is one to two orders of
magnitude faster than QSortFilterProxyModel, and the view asks only for the rows it
paints. Whether a row is overdue depends on the day the window last showed
(``set_today``), which comes from the Desk's clock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow
from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL
from valenza_desk.services.action_query import filter_rows, search_words
from valenza_desk.text import format_date
from valenza_desk.ui.roles import OVERDUE_ROLE, PROGRESS_ROLE, ROW_ROLE, SEARCH_ROLE, SORT_ROLE, STATUS_ROLE
from valenza_desk.ui.table_sort import (
    COL_CODE,
    COL_DUE,
    COL_LEAD,
    COL_PROGRESS,
    COL_STAKEHOLDER,
    COL_STATUS,
    COL_TEXT,
    COLUMN_COUNT,
    SortOrders,
)

__all__ = [
    "COLUMN_COUNT",
    "COL_CODE",
    "COL_DUE",
    "COL_LEAD",
    "COL_PROGRESS",
    "COL_STAKEHOLDER",
    "COL_STATUS",
    "COL_TEXT",
    "ActionTableModel",
]

RESCHEDULED_COLOUR = "#b45309"  # amber: a due date moved at least once ("rimodulata")

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
        self._loaded: list[ActionRow] = []  # every loaded action, in programme order
        self._all: list[ActionRow] = []  # the same, in the current sort order
        self._visible: list[ActionRow] = []
        self._generation = 0  # bumped whenever the rows or the day change
        self._orders = SortOrders([], date.min)
        self._query = ActionQuery()
        self._words: tuple[str, ...] = ()
        self._counted: dict[ActionQuery, int] = {}
        self.replaced: list[ActionRow] = []  # the rows the last ``update_rows`` replaced or removed
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
            self.tr("Avanz."),
        )
        self._header_tips = (
            self.tr("Codice dell'azione (la sigla dice lo stakeholder)"),
            self.tr("Stakeholder"),
            self.tr("Testo dell'azione"),
            self.tr("Ufficio responsabile"),
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
            return self._header_tips[section]
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
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE:
            if row.is_overdue(self._today):
                return QColor(OVERDUE_COLOUR)
            if row.rescheduled:  # "rimodulata": the tooltip says how many times and from which date
                return QColor(RESCHEDULED_COLOUR)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == COL_DUE and row.rescheduled:
                return format_date(row.due_date) + self.tr(", rimodulata")
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._orders.rank(column).get(row.id, 0)
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
        if column == COL_DUE and (row.rescheduled or row.is_overdue(self._today)):
            lines = [self.tr("Scadenza superata")] if row.is_overdue(self._today) else []
            if row.rescheduled:
                moves = self.tr("1 volta") if row.due_moves == 1 else self.tr("%s volte") % row.due_moves
                lines.append(
                    self.tr("Rimodulata %1: scadenza originaria %2")
                    .replace("%1", moves)
                    .replace("%2", format_date(row.original_due_date, self.tr("nessuna")))
                )
            return "\n".join(lines)
        return self._display(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by the column's precomputed order; the selection moves with its rows."""
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_ids = [(self._visible[i.row()].id if i.row() < len(self._visible) else -1) for i in kept]
        self._sort_column, self._sort_order = column, order
        self._all = self._sorted_all()
        if len(self._visible) == len(self._all):
            self._visible = list(self._all)
        elif column >= 0:
            self._orders.sort(self._visible, column, order == Qt.SortOrder.DescendingOrder)
        else:
            self._orders.sort(self._visible, COL_CODE, False)  # no sort: programme order
        if kept:
            wanted = set(kept_ids)
            where = {r.id: n for n, r in enumerate(self._visible) if r.id in wanted}
            moved = [
                self.index(where[i], old.column()) if i in where else QModelIndex()
                for i, old in zip(kept_ids, kept, strict=True)
            ]
            self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def _sorted_all(self) -> list[ActionRow]:
        if self._sort_column < 0:
            return list(self._loaded)
        return self._orders.ordered(self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder)

    # --- loading and filtering ---------------------------------------------------------
    def set_rows(self, rows: Sequence[ActionRow], today: date) -> None:
        """Replace every row (after loading from the database on the Desk's ``today``)."""
        self.beginResetModel()
        self._today = today
        self._loaded = list(rows)
        self._new_generation()
        self._all = self._sorted_all()
        self._visible = filter_rows(self._all, self._query, self._today)
        self.endResetModel()
        self.filtered.emit(len(self._visible), len(self._all))

    def _new_generation(self) -> None:
        self._generation += 1
        self._orders = SortOrders(self._loaded, self._today, self._generation)
        self._counted.clear()

    def sort_orders_job(self) -> SortOrders:
        """A SortOrders for the rows as they are now; ``compute_all`` it off the UI thread, then ``adopt_orders``."""
        return SortOrders(self._loaded, self._today, self._generation)

    def adopt_orders(self, orders: SortOrders) -> None:
        """Use orders computed elsewhere, if they are still for the rows shown."""
        if orders.generation == self._generation:
            self._orders.adopt(orders)

    def set_today(self, today: date) -> None:
        """A new day: overdue flags and the date-dependent views ("Scadute", "In scadenza") change."""
        if today == self._today:
            return
        self.beginResetModel()
        self._today = today
        self._new_generation()
        self._all = self._sorted_all()  # the status order puts overdue actions first
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
        self._words = tuple(search_words(query.search))
        self._visible = filter_rows(source, query, self._today)
        self.endResetModel()
        self.filtered.emit(len(self._visible), len(self._all))

    @property
    def query(self) -> ActionQuery:
        return self._query

    @property
    def search_words(self) -> tuple[str, ...]:
        """The folded words searched (to highlight them in the action text)."""
        return self._words

    @property
    def today(self) -> date:
        return self._today

    @property
    def total_count(self) -> int:
        return len(self._all)

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def count_matching(self, query: ActionQuery) -> int:
        """How many loaded actions ``query`` selects (remembered until the rows or the day change)."""
        found = self._counted.get(query)
        if found is None:
            found = len(filter_rows(self._all, query, self._today))
            self._counted[query] = found
        return found

    def all_rows(self) -> list[ActionRow]:
        return list(self._all)

    def visible_rows(self) -> list[ActionRow]:
        return list(self._visible)

    def rows_at(self, row_numbers: Iterable[int]) -> list[ActionRow]:
        """The visible rows at ``row_numbers`` (in that order; numbers out of range are skipped)."""
        visible = self._visible
        size = len(visible)
        return [visible[n] for n in row_numbers if 0 <= n < size]

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

        A changed row stays where it is even if it no longer matches the filter or the
        sort (the person is probably looking at it); it moves at the next filter or sort.
        Returns False when an action is not loaded at all (the caller reloads everything).
        ``replaced`` then holds the rows as they were before (for counts kept up to date).
        """
        by_id = {r.id: r for r in updated}
        gone = set(removed)
        replaced = [r for r in self._loaded if r.id in by_id or r.id in gone] if by_id or gone else []
        if sum(1 for r in replaced if r.id in by_id) != len(by_id):
            return False
        self.replaced = replaced
        if by_id:
            self._loaded = [by_id.get(r.id, r) for r in self._loaded]
            self._all = [by_id.get(r.id, r) for r in self._all]
            touched = [n for n, r in enumerate(self._visible) if r.id in by_id]
            for n in touched:
                self._visible[n] = by_id[self._visible[n].id]
            if touched:
                self.dataChanged.emit(self.index(min(touched), 0), self.index(max(touched), COLUMN_COUNT - 1))
        if gone:
            for n in range(len(self._visible) - 1, -1, -1):
                if self._visible[n].id in gone:
                    self.beginRemoveRows(QModelIndex(), n, n)
                    del self._visible[n]
                    self.endRemoveRows()
            self._loaded = [r for r in self._loaded if r.id not in gone]
            self._all = [r for r in self._all if r.id not in gone]
        if by_id or gone:
            self._new_generation()
        self.filtered.emit(len(self._visible), len(self._all))
        return True


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
