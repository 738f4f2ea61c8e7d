"""What the main window reads from the Desk: everything at once (a full reload) or only
what a change set touched (the changed actions plus the navigator's counts).

Both run off the UI thread through ``run_op``; nothing here touches a widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from valenza_desk.domain.changes import ChangeSet
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow, OfficeRow, ProgrammeInfo, StakeholderSummary, ValueRow
from valenza_desk.services.action_query import filter_rows
from valenza_desk.services.desk import Desk
from valenza_desk.ui.views import View, ViewKind, view_query


@dataclass(slots=True)
class WindowData:
    """What a full reload brings back."""

    today: date
    due_soon_days: int
    programmes: list[ProgrammeInfo]
    programme: ProgrammeInfo | None
    rows: list[ActionRow]
    summaries: list[StakeholderSummary]
    offices: list[OfficeRow]
    values: list[ValueRow]
    acts: list[str]  # act references already used, most recent first (suggested while typing)


@dataclass(slots=True)
class ChangedData:
    """What a change set of action rows brings back."""

    rows: list[ActionRow]
    removed: frozenset[int]
    summaries: list[StakeholderSummary]
    offices: list[OfficeRow]


def load_window_data(desk: Desk) -> WindowData:
    programmes = desk.programmes()
    wanted = desk.programme_id
    return WindowData(
        desk.today(),
        desk.due_soon_days,
        programmes,
        next((p for p in programmes if p.id == wanted), None),
        desk.actions(),
        desk.stakeholder_summaries(),
        desk.offices(),
        desk.values(),
        desk.recent_acts(),
    )


def load_changed(desk: Desk, changes: ChangeSet) -> ChangedData:
    ids = tuple(sorted(changes.actions - changes.removed_actions))
    rows = desk.actions(ActionQuery(action_ids=ids)) if ids else []
    return ChangedData(rows, changes.removed_actions, desk.stakeholder_summaries(), desk.offices())


def count_views(rows: Sequence[ActionRow], today: date, due_soon_days: int) -> dict[str, int]:
    """How many actions "Scadute", "In scadenza", "Senza ufficio responsabile" hold (in memory)."""
    return {kind: len(filter_rows(rows, view_query(View(kind), due_soon_days), today)) for kind in ViewKind.COUNTED}
