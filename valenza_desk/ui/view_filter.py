"""What the action table shows: a navigator view plus the status, office and search filters.

Filtering happens on the Python list of ActionRow already loaded (no database
round trip, no QSortFilterProxyModel): at 100,000 actions a pass over the
pre-folded ``search_key`` takes a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from valenza_desk.domain.rows import ActionFilter, ActionRow
from valenza_desk.domain.status import Status
from valenza_desk.text import fold

DUE_SOON_DAYS = 30


class ViewKind:
    """Navigator entries; the string is also what QSettings remembers."""

    ALL = "all"
    STAKEHOLDER = "stakeholder"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NO_LEAD = "no_lead"
    OFFICE = "office"
    DASHBOARD = "dashboard"
    PROGRAMME = "programme"

    TABLE_KINDS = frozenset({ALL, STAKEHOLDER, OVERDUE, DUE_SOON, NO_LEAD, OFFICE})


@dataclass(frozen=True, slots=True)
class View:
    """One navigator entry: a kind and, for stakeholders and offices, the id and name."""

    kind: str = ViewKind.ALL
    ref_id: int | None = None
    name: str = ""

    @property
    def shows_table(self) -> bool:
        return self.kind in ViewKind.TABLE_KINDS

    def key(self) -> str:
        """Stable text form, e.g. ``stakeholder:5``, for QSettings."""
        return self.kind if self.ref_id is None else f"{self.kind}:{self.ref_id}"

    @classmethod
    def from_key(cls, key: str) -> View:
        kind, _, ref = key.partition(":")
        return cls(kind or ViewKind.ALL, int(ref) if ref.isdigit() else None)


@dataclass(frozen=True, slots=True)
class TableFilter:
    """The whole filter applied to the action table."""

    view: View = field(default_factory=View)
    status: Status | None = None
    office_name: str = ""
    office_id: int | None = None
    search: str = ""

    def to_action_filter(self) -> ActionFilter:
        """The same selection as the services and reports understand it."""
        stakeholders: tuple[int, ...] = ()
        office_id = self.office_id
        if self.view.kind == ViewKind.STAKEHOLDER and self.view.ref_id is not None:
            stakeholders = (self.view.ref_id,)
        if self.view.kind == ViewKind.OFFICE and self.view.ref_id is not None:
            office_id = self.view.ref_id  # the navigator's office wins over the combo box
        return ActionFilter(
            stakeholder_ids=stakeholders,
            office_id=office_id,
            statuses=(self.status,) if self.status is not None else (),
            overdue=self.view.kind == ViewKind.OVERDUE,
            due_within_days=DUE_SOON_DAYS if self.view.kind == ViewKind.DUE_SOON else None,
            without_lead_office=self.view.kind == ViewKind.NO_LEAD,
            search=self.search,
        )


def _view_predicate(view: View, today: date) -> Callable[[ActionRow], bool] | None:
    kind = view.kind
    if kind == ViewKind.STAKEHOLDER:
        wanted_id = view.ref_id
        return lambda r: r.stakeholder_id == wanted_id
    if kind == ViewKind.OVERDUE:
        return lambda r: r.overdue
    if kind == ViewKind.DUE_SOON:
        limit = today + timedelta(days=DUE_SOON_DAYS)
        return lambda r: r.due_date is not None and today <= r.due_date <= limit and not r.status.is_closed
    if kind == ViewKind.NO_LEAD:
        return lambda r: not r.lead_office
    if kind == ViewKind.OFFICE:
        name = view.name
        return lambda r: r.lead_office == name or name in r.offices
    return None


def filter_rows(rows: Sequence[ActionRow], table_filter: TableFilter, today: date | None = None) -> list[ActionRow]:
    """The rows matching ``table_filter``, in the order of ``rows``.

    Written as a few list comprehensions, cheapest test first, because this runs on
    every keystroke in the search box.
    """
    today = today or date.today()
    result: Sequence[ActionRow] = rows
    # longest word first: it usually discards the most rows, so later passes scan fewer
    for word in sorted(set(fold(table_filter.search).split()), key=len, reverse=True):
        result = [r for r in result if word in r.search_key]
    view_test = _view_predicate(table_filter.view, today)
    if view_test is not None:
        result = [r for r in result if view_test(r)]
    if table_filter.status is not None:
        status = table_filter.status
        result = [r for r in result if r.status is status]
    if table_filter.office_name:
        name = table_filter.office_name
        result = [r for r in result if r.lead_office == name or name in r.offices]
    return result if isinstance(result, list) else list(result)
