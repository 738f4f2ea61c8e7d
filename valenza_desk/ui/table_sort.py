"""Sort orders of the action table, worked out once per load and reused for every sort.

For each column ``SortOrders`` keeps every loaded action in ascending order (ties in
programme order, by a stable sort) and each action's rank in that order. Sorting the
whole table is then taking the list (reversed when descending); sorting a filtered
part of it sorts by rank, plain integers, with no key recomputed. The orders are
computed on demand, or all at once off the UI thread after a load (``compute_all``).
Nothing here touches Qt: it runs on any thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from valenza_desk.domain.rows import ActionRow
from valenza_desk.domain.status import Status, is_overdue

COL_CODE, COL_STAKEHOLDER, COL_TEXT, COL_LEAD, COL_DUE, COL_STATUS, COL_PROGRESS = range(7)
COLUMN_COUNT = 7

_FAR_DATE = date(9999, 12, 31)
_STATUS_ORDER = {s: n for n, s in enumerate(Status)}

Key = Callable[[ActionRow], Any]


def _folded_names(names: Sequence[str]) -> dict[str, str]:
    return {name: name.casefold() for name in set(names)}


def _key(column: int, rows: Sequence[ActionRow], today: date) -> Key | None:
    """The sort key of ``column``; None for the programme order (the code column)."""
    if column == COL_STAKEHOLDER:
        folded = _folded_names([r.stakeholder for r in rows])
        return lambda r: folded[r.stakeholder]
    if column == COL_TEXT:
        return lambda r: r.text.casefold()
    if column == COL_LEAD:
        leads = {name: (not name, name.casefold()) for name in {r.lead_office for r in rows}}
        return lambda r: leads[r.lead_office]
    if column == COL_DUE:
        return lambda r: r.due_date or _FAR_DATE
    if column == COL_STATUS:
        order, later = _STATUS_ORDER, len(_STATUS_ORDER)  # overdue first, then by status
        return lambda r: (0 if is_overdue(r.status, r.due_date, today) else later) + order[r.status]
    if column == COL_PROGRESS:
        return lambda r: r.progress
    return None


class SortOrders:
    """Ascending orders and ranks of ``rows`` (given in programme order) per column."""

    def __init__(self, rows: Sequence[ActionRow], today: date, generation: int = 0) -> None:
        self.rows = rows
        self.today = today
        self.generation = generation  # which load of the table these orders belong to
        self._ascending: dict[int, list[ActionRow]] = {}
        self._ranks: dict[int, dict[int, int]] = {}

    def ascending(self, column: int) -> list[ActionRow]:
        """Every row in ascending order of ``column`` (ties in programme order)."""
        found = self._ascending.get(column)
        if found is None:
            key = _key(column, self.rows, self.today)
            found = list(self.rows) if key is None else sorted(self.rows, key=key)
            self._ascending[column] = found
        return found

    def ordered(self, column: int, descending: bool) -> list[ActionRow]:
        rows = self.ascending(column)
        return rows[::-1] if descending else list(rows)

    def rank(self, column: int) -> dict[int, int]:
        """Action id -> position in the ascending order of ``column``."""
        found = self._ranks.get(column)
        if found is None:
            found = {r.id: n for n, r in enumerate(self.ascending(column))}
            self._ranks[column] = found
        return found

    def sort(self, rows: list[ActionRow], column: int, descending: bool) -> None:
        """Sort part of the rows in place, as the whole would be sorted."""
        rank = self.rank(column)
        rows.sort(key=lambda r: rank[r.id], reverse=descending)

    def compute_all(self) -> SortOrders:
        """Every column's order and rank now (off the UI thread, after a load)."""
        for column in range(COLUMN_COUNT):
            self.rank(column)
        return self

    def adopt(self, other: SortOrders) -> None:
        """Take the orders ``other`` computed for the same rows and day."""
        for column, rows in other._ascending.items():
            self._ascending.setdefault(column, rows)
        for column, rank in other._ranks.items():
            self._ranks.setdefault(column, rank)
