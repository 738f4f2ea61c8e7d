"""The navigator's views and the action query each one stands for.

A view is what the navigator offers (the whole programme, a stakeholder, the overdue
actions, an office…); ``view_query`` turns it into the one ``ActionQuery`` the rest of
the app understands, so the table, the navigator counts and the Reports dialog select
with the same definition the CLI and the reports use (``services.action_query``).
"""

from __future__ import annotations

from dataclasses import dataclass

from valenza_desk.domain.query import ActionQuery


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
    MEETINGS = "meetings"
    ACTS = "acts"

    TABLE_KINDS = frozenset({ALL, STAKEHOLDER, OVERDUE, DUE_SOON, NO_LEAD, OFFICE})
    COUNTED = (OVERDUE, DUE_SOON, NO_LEAD)  # the views whose navigator entry shows a count of its own


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


def view_query(view: View, due_soon_days: int) -> ActionQuery:
    """The actions a view shows (of the programme in view; the Desk adds the programme)."""
    kind = view.kind
    if kind == ViewKind.STAKEHOLDER and view.ref_id is not None:
        return ActionQuery(stakeholder_ids=(view.ref_id,))
    if kind == ViewKind.OFFICE and view.ref_id is not None:
        return ActionQuery(office_id=view.ref_id)  # any role: lead or supporting
    if kind == ViewKind.OVERDUE:
        return ActionQuery(overdue=True)
    if kind == ViewKind.DUE_SOON:
        return ActionQuery(due_within_days=due_soon_days)
    if kind == ViewKind.NO_LEAD:
        return ActionQuery(without_lead_office=True)
    return ActionQuery()
